// SPDX-License-Identifier: GPL-2.0
/*
 * Credit arithmetic for rate limiting, see credit.h.
 */
#include <linux/minmax.h>

#include "credit.h"

static u64 xnif_credit_burst(const struct xnif_credit *c)
{
	return max_t(u64, c->per_period, XNIF_CREDIT_MIN_BURST);
}

void xnif_credit_set(struct xnif_credit *c, u64 bytes, u32 usecs)
{
	c->per_period = usecs ? bytes : 0;
	c->period_us = bytes ? usecs : 0;
	c->remaining = xnif_credit_burst(c);
}

void xnif_credit_refill(struct xnif_credit *c)
{
	u64 burst = xnif_credit_burst(c);

	/* remaining never exceeds burst, so this cannot wrap. */
	if (c->remaining >= burst || c->per_period >= burst - c->remaining)
		c->remaining = burst;
	else
		c->remaining += c->per_period;
}

bool xnif_credit_take(struct xnif_credit *c, u32 size)
{
	if (xnif_credit_unlimited(c))
		return true;
	if (size > c->remaining)
		return false;
	c->remaining -= size;
	return true;
}

void xnif_credit_set_at(struct xnif_credit *c, u64 bytes, u32 usecs,
			unsigned long now, unsigned long period)
{
	xnif_credit_set(c, bytes, usecs);
	c->next = now + max(period, 1UL);
}

bool xnif_credit_take_at(struct xnif_credit *c, u32 size, unsigned long now,
			 unsigned long period)
{
	if (xnif_credit_take(c, size))
		return true;
	/* Before the next period, across the clock's wraparound. */
	if ((long)(now - c->next) < 0)
		return false;
	xnif_credit_refill(c);
	c->next = now + max(period, 1UL);
	return xnif_credit_take(c, size);
}

/* Guest TX poll pacing, see credit.h. */
bool xnif_tx_pace_hold(struct xnif_tx_pace *p, unsigned int done, u64 now_ns,
		       unsigned long rx_count, u64 hold_ns)
{
	bool answered = rx_count != p->rx_seen;
	bool streaming = now_ns - p->busy_ns <
			 XNIF_TX_PACE_STREAM_HOLDS * hold_ns;
	bool hold;

	if (!hold_ns)
		hold = false;
	else if (done > 1)
		hold = true;
	else
		hold = streaming && !answered;
	if (done)
		p->busy_ns = now_ns;
	p->rx_seen = rx_count;
	return hold;
}
