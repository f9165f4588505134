/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a guest can make dom0 hold for it: packets wait on a queue's list
 * until the guest posts receive buffers for them (XSA-392). Each waiting
 * packet is charged to its queue and to the whole vif, at its truesize,
 * the memory it really pins, and is refused when either would go over
 * its limit.
 *
 * By default a vif may hold XNIF_RX_STOCK_QUEUE_BYTES per queue of the
 * connection in all: what stock netback allows per queue, but measured in
 * truesize rather than length, so never more than stock. One queue may
 * use more than its share while the others are idle, up to its own limit
 * (half its ring's pages, at most XNIF_RX_QUEUE_CAP).
 *
 * A queue stops (its netdev queue) before its own limit would refuse a
 * maximal packet, and so does every queue before the vif's limit would:
 * the qdisc then holds back what the guest is not taking, as with stock.
 *
 * The caller serialises the updates of one queue (its list lock); the
 * vif's total is atomic because queues run on different CPUs.
 */
#ifndef _XEN_NETIF_RX_PIN_H
#define _XEN_NETIF_RX_PIN_H

#include <linux/atomic.h>
#include <linux/types.h>

#include "negotiate.h"	/* XNIF_PAGE_SIZE */

/* Stock netback's limit: half a one-page ring of 4 KiB buffers. */
#define XNIF_RX_STOCK_QUEUE_BYTES	(128U * XNIF_PAGE_SIZE)
/* One queue never holds more, however large its ring. */
#define XNIF_RX_QUEUE_CAP		(2U << 20)
/* A vif never holds more, whatever the administrator asks. */
#define XNIF_RX_VIF_CAP			(1024U << 20)
/* Room a queue keeps for a maximal packet before it is stopped (or half). */
#define XNIF_RX_QUEUE_SLACK		(128U * 1024)

struct xnif_rx_pin {
	atomic_t used;		/* bytes charged, all queues */
	u32 max;		/* set at connect, while nothing is charged */
};

/* A vif's limit: kib from the administrator, or 0 for the default. */
u32 xnif_rx_pin_vif_max(u32 kib, unsigned int nqueues);

/* A queue's limit, for a ring of ring_size slots in a vif of vif_max. */
u32 xnif_rx_pin_queue_max(u32 ring_size, u32 vif_max);

/*
 * Charge a packet of len bytes and truesize to a queue holding
 * *queue_used of queue_max, and to its vif. Returns the bytes charged,
 * to be given back by xnif_rx_pin_uncharge(), or 0 if the packet is
 * refused (nothing charged).
 */
u32 xnif_rx_pin_charge(struct xnif_rx_pin *pin, u32 *queue_used,
		       u32 queue_max, u32 len, u32 truesize);

/*
 * Give back what xnif_rx_pin_charge() took. True if this took the vif out
 * of xnif_rx_pin_vif_full(): the queues stopped for the vif may go on.
 */
bool xnif_rx_pin_uncharge(struct xnif_rx_pin *pin, u32 *queue_used,
			  u32 charged);

/* Whether the queue should stop taking packets until it drains. */
bool xnif_rx_pin_queue_full(u32 queue_used, u32 queue_max);

/* Whether every queue of the vif should stop until the vif drains. */
bool xnif_rx_pin_vif_full(struct xnif_rx_pin *pin);

#endif /* _XEN_NETIF_RX_PIN_H */
