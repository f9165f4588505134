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

#endif /* _XEN_NETIF_CREDIT_H */
