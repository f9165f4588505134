/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transmit credit for the toolstack's "rate" setting ("bytes,usecs"): a
 * vif may take up to bytes of guest TX every usecs microseconds. Unused
 * credit carries over up to a burst limit, which is never below
 * XNIF_CREDIT_MIN_BURST so that one maximal packet always fits: otherwise
 * a rate below the packet size would stall the vif for good.
 *
 * The rate limits the whole vif: its queues share one bucket, taken from
 * under the caller's lock, so that N queues together send no more than the
 * rate, not N times it. Periods are counted in the caller's clock
 * (jiffies); the arithmetic is safe against any value a toolstack writes.
 */
#ifndef _XEN_NETIF_CREDIT_H
#define _XEN_NETIF_CREDIT_H

#include <linux/types.h>

/* Twice the largest packet a single request chain can describe. */
#define XNIF_CREDIT_MIN_BURST	(128U * 1024)

struct xnif_credit {
	u64 per_period;		/* bytes added every period; 0: unlimited */
	u64 remaining;		/* bytes that may go now */
	u32 period_us;		/* period length in microseconds */
	unsigned long next;	/* caller's clock: start of the next period */
};

/* Set a rate; bytes == 0 or usecs == 0 means unlimited. Fills the bucket. */
void xnif_credit_set(struct xnif_credit *c, u64 bytes, u32 usecs);

static inline bool xnif_credit_unlimited(const struct xnif_credit *c)
{
	return !c->per_period || !c->period_us;
}

/* Start a new period: add one period's credit, up to the burst limit. */
void xnif_credit_refill(struct xnif_credit *c);

/*
 * Take size bytes if the bucket holds them. Returns false, taking
 * nothing, if it does not: the caller waits for the next period.
 */
bool xnif_credit_take(struct xnif_credit *c, u32 size);

/*
 * Take size bytes at time now, in a clock in which one period lasts
 * period ticks (at least 1): a period that is over is refilled first.
 * Returns false, taking nothing, if the bucket does not hold them: the
 * caller waits until c->next. The first period ends period after now
 * when the rate is set with xnif_credit_set_at().
 */
bool xnif_credit_take_at(struct xnif_credit *c, u32 size, unsigned long now,
			 unsigned long period);

void xnif_credit_set_at(struct xnif_credit *c, u64 bytes, u32 usecs,
			unsigned long now, unsigned long period);

/*
 * Pacing, the other half of when guest TX goes: when the backend's guest
 * TX poll goes idle, it either asks for an event on the next request at
 * once, or holds off and polls again a little later; while it holds, the
 * guest finds the event index behind its producer and sends without
 * notifying.
 *
 * Holding pays for a stream and costs a request/response exchange up to
 * the hold time per round trip. The two look alike on the TX ring (a
 * packet a poll, each shortly after the last) but not on the whole vif: a
 * guest that answers was sent something in between. So a poll holds when
 * it took more than one packet, or when packets keep coming with nothing
 * delivered to the guest meanwhile. Without the second rule a stream of
 * lone packets settles into an event per packet: each event wakes dom0,
 * which takes the CPU the guest sends with, which spaces the packets out
 * to one a poll.
 *
 * Timing is the caller's; this is the decision, kept free of Xen calls for
 * KUnit.
 */

/* Packets less than this many hold periods apart make a stream. */
#define XNIF_TX_PACE_STREAM_HOLDS	4

struct xnif_tx_pace {
	u64 busy_ns;		/* when a poll last took packets */
	unsigned long rx_seen;	/* the guest RX count at the last poll */
};

/*
 * A poll took done packets at now_ns; rx_count counts what the vif has
 * delivered to the guest, in any unit that grows with every delivery.
 * Returns true to hold for hold_ns and poll again, false to ask for an
 * event now. hold_ns == 0 never holds.
 */
bool xnif_tx_pace_hold(struct xnif_tx_pace *p, unsigned int done, u64 now_ns,
		       unsigned long rx_count, u64 hold_ns);

#endif /* _XEN_NETIF_CREDIT_H */
