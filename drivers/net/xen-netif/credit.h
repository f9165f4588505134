/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transmit credit for the toolstack's "rate" setting ("bytes,usecs"): a
 * queue may take up to bytes of guest TX every usecs microseconds. Unused
 * credit carries over up to a burst limit, which is never below
 * XNIF_CREDIT_MIN_BURST so that one maximal packet always fits: otherwise
 * a rate below the packet size would stall the queue for good.
 *
 * Timing (when the next period starts) belongs to the caller; this is the
 * arithmetic, safe against any value a toolstack writes.
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

#endif /* _XEN_NETIF_CREDIT_H */
