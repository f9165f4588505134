// SPDX-License-Identifier: GPL-2.0
/*
 * Accounting of packets waiting for a guest, see rx_pin.h.
 */
#include <linux/minmax.h>

#include "rx_pin.h"

u32 xnif_rx_pin_vif_max(u32 kib, unsigned int nqueues)
{
	u64 bytes;

	if (kib)
		bytes = (u64)kib * 1024;
	else
		bytes = (u64)max(nqueues, 1U) * XNIF_RX_STOCK_QUEUE_BYTES;
	return min_t(u64, bytes, XNIF_RX_VIF_CAP);
}

u32 xnif_rx_pin_queue_max(u32 ring_size, u32 vif_max)
{
	u64 ring = (u64)(ring_size / 2) * XNIF_PAGE_SIZE;

	return min3(ring, (u64)XNIF_RX_QUEUE_CAP, (u64)vif_max);
}

u32 xnif_rx_pin_charge(struct xnif_rx_pin *pin, u32 *queue_used,
		       u32 queue_max, u32 len, u32 truesize)
{
	int used;

	/* Both totals stay within their limits, so no sum can wrap. */
	if (!truesize || *queue_used > queue_max ||
	    truesize > queue_max - *queue_used)
		return 0;
	used = atomic_read(&pin->used);
	do {
		if ((u32)used > pin->max || truesize > pin->max - (u32)used)
			return 0;
	} while (!atomic_try_cmpxchg(&pin->used, &used, used + truesize));
	*queue_used += truesize;
	return truesize;
}

/* Within the slack of max, or half a small max: empty is never full. */
static bool xnif_rx_pin_near(u32 used, u32 max)
{
	return used > max - min(XNIF_RX_QUEUE_SLACK, max / 2);
}

bool xnif_rx_pin_uncharge(struct xnif_rx_pin *pin, u32 *queue_used,
			  u32 charged)
{
	u32 now;

	*queue_used -= charged;
	/* Fully ordered: see the stop in the caller's xmit path. */
	now = atomic_sub_return(charged, &pin->used);
	return xnif_rx_pin_near(now + charged, pin->max) &&
	       !xnif_rx_pin_near(now, pin->max);
}

bool xnif_rx_pin_queue_full(u32 queue_used, u32 queue_max)
{
	return xnif_rx_pin_near(queue_used, queue_max);
}

bool xnif_rx_pin_vif_full(struct xnif_rx_pin *pin)
{
	return xnif_rx_pin_near(atomic_read(&pin->used), pin->max);
}
