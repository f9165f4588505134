// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: the honest part of a frontend. One queue, a
 * one-page TX and RX ring, one shared event channel, a couple of data
 * pages granted read-only for TX and one page granted writable that every
 * receive buffer points at (the hostile frontend never reads what it
 * receives). The attacks build on the put/push/reap steps below, which
 * write the shared ring directly so that they can also write what no
 * real frontend would.
 */
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/string.h>

#include <xen/events.h>
#include <xen/page.h>

#include "hostile.h"

/* The backend's notifications carry nothing we wait for. */
irqreturn_t hostile_interrupt(int irq, void *data)
{
	return IRQ_HANDLED;
}

int hostile_ring_up(struct hostile *h, void **shared, grant_ref_t *ref,
		    struct xnif_ring *ring, unsigned int req_size,
		    unsigned int rsp_size)
{
	int err;

	err = xenbus_setup_ring(h->dev, GFP_KERNEL, shared, 1, ref);
	if (err)
		return err;
	err = xnif_ring_attach(ring, *shared, 0, XNIF_LAYOUT_CLASSIC,
			       req_size, rsp_size);
	if (!err)
		xnif_ring_reset(ring);
	return err;
}

/* A frame nobody will take for their own: local experimental ethertype. */
static void hostile_fill_frame(void *va)
{
	struct ethhdr *eth = va;

	memset(va, 0x5a, XEN_PAGE_SIZE);
	eth_broadcast_addr(eth->h_dest);
	eth_random_addr(eth->h_source);
	eth->h_proto = htons(ETH_P_802_EX1);
}

static int hostile_grant_page(struct hostile *h, struct page **page,
			      grant_ref_t *ref, bool readonly)
{
	int r;

	*page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!*page)
		return -ENOMEM;
	r = gnttab_grant_foreign_access(h->dev->otherend_id,
					xen_page_to_gfn(*page), readonly);
	if (r < 0) {
		__free_page(*page);
		*page = NULL;
		return r;
	}
	*ref = r;
	return 0;
}

static void hostile_revoke_page(struct page **page, grant_ref_t ref)
{
	if (!*page)
		return;
	/* Frees the page once the backend lets go of it, maybe later. */
	gnttab_end_foreign_access(ref, *page);
	*page = NULL;
}

static int hostile_pages_up(struct hostile *h)
{
	bool ro_rx = h->mode->flags & HOSTILE_RX_READONLY;
	grant_ref_t head;
	unsigned int i;
	int err;

	for (i = 0; i < HOSTILE_TX_PAGES; i++) {
		err = hostile_grant_page(h, &h->tx_page[i], &h->tx_ref[i], true);
		if (err)
			return err;
		hostile_fill_frame(page_address(h->tx_page[i]));
	}
	err = hostile_grant_page(h, &h->rx_page, &h->rx_ref, ro_rx);
	if (err)
		return err;
	/* A reference of ours that names no grant: a "not granted" gref. */
	err = gnttab_alloc_grant_references(1, &head);
	if (err)
		return err;
	h->unused_ref = gnttab_claim_grant_reference(&head);
	return 0;
}

static void hostile_pages_down(struct hostile *h)
{
	unsigned int i;

	for (i = 0; i < HOSTILE_TX_PAGES; i++)
		hostile_revoke_page(&h->tx_page[i], h->tx_ref[i]);
	hostile_revoke_page(&h->rx_page, h->rx_ref);
	if (h->unused_ref != INVALID_GRANT_REF)
		gnttab_free_grant_reference(h->unused_ref);
	h->unused_ref = INVALID_GRANT_REF;
}

int hostile_rings_up(struct hostile *h)
{
	int err;

	h->unused_ref = INVALID_GRANT_REF;
	h->tx_prod = 0;
	h->tx_cons = 0;
	h->rx_prod = 0;
	h->rx_cons = 0;
	h->rx_frozen = false;
	h->rings_up = true;
	err = hostile_ring_up(h, &h->tx_shared, &h->tx_ring_ref, &h->tx,
			      sizeof(struct xen_netif_tx_request),
			      sizeof(struct xen_netif_tx_response));
	if (!err)
		err = hostile_ring_up(h, &h->rx_shared, &h->rx_ring_ref, &h->rx,
				      sizeof(struct xen_netif_rx_request),
				      sizeof(struct xen_netif_rx_response));
	if (!err)
		err = hostile_pages_up(h);
	if (!err && (h->mode->flags & HOSTILE_CTRL_RING))
		err = hostile_ctrl_up(h);
	if (!err)
		err = xenbus_alloc_evtchn(h->dev, &h->evtchn);
	if (!err) {
		err = bind_evtchn_to_irqhandler(h->evtchn, hostile_interrupt,
						0, "hostile", h);
		if (err < 0) {
			xenbus_free_evtchn(h->dev, h->evtchn);
		} else {
			h->irq = err;
			err = 0;
		}
	}
	if (err)
		hostile_rings_down(h);
	return err;
}

/* Undo whatever hostile_rings_up() got done. The thread is stopped. */
void hostile_rings_down(struct hostile *h)
{
	if (!h->rings_up)
		return;
	if (h->irq) {
		/* Closes the channel too. */
		unbind_from_irqhandler(h->irq, h);
		h->irq = 0;
	}
	hostile_ctrl_down(h);
	hostile_pages_down(h);
	if (h->rx_shared)
		xenbus_teardown_ring(&h->rx_shared, 1, &h->rx_ring_ref);
	if (h->tx_shared)
		xenbus_teardown_ring(&h->tx_shared, 1, &h->tx_ring_ref);
	h->rings_up = false;
}

/* The honest per-queue keys, in the frontend's directory (one queue). */
int hostile_write_queue_keys(struct hostile *h, struct xenbus_transaction xbt,
			     const char *evtchn_key, unsigned int order)
{
	const char *dir = h->dev->nodename;
	int err;

	err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_TX_RING_REF, "%u",
			    h->tx_ring_ref);
	if (!err)
		err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_RX_RING_REF, "%u",
				    h->rx_ring_ref);
	if (!err)
		err = xenbus_printf(xbt, dir, evtchn_key, "%u", h->evtchn);
	if (!err && order)
		err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_RING_PAGE_ORDER,
				    "%u", order);
	return err;
}

static const char *const hostile_fe_features[] = {
	XEN_NETIF_KEY_REQUEST_RX_COPY,
	XEN_NETIF_KEY_FEATURE_RX_NOTIFY,
	XEN_NETIF_KEY_FEATURE_SG,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV4,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV6,
};

int hostile_write_features(struct hostile *h, struct xenbus_transaction xbt)
{
	unsigned int i;
	int err = 0;

	for (i = 0; !err && i < ARRAY_SIZE(hostile_fe_features); i++)
		err = xenbus_write(xbt, h->dev->nodename,
				   hostile_fe_features[i], "1");
	return err;
}

void hostile_kick(struct hostile *h)
{
	notify_remote_via_evtchn(h->evtchn);
}

void hostile_tx_put_req(struct hostile *h,
			const struct xen_netif_tx_request *req)
{
	memcpy(xnif_ring_req(&h->tx, h->tx_prod++), req, sizeof(*req));
}

void hostile_tx_put(struct hostile *h, grant_ref_t gref, u16 offset,
		    u16 flags, u16 size)
{
	struct xen_netif_tx_request req = {
		.gref = gref,
		.offset = offset,
		.flags = flags,
		.id = h->tx_prod & 0xffff,
		.size = size,
	};

	hostile_tx_put_req(h, &req);
}

void hostile_tx_put_extra(struct hostile *h,
			  const struct xen_netif_extra_info *extra)
{
	memcpy(xnif_ring_req(&h->tx, h->tx_prod++), extra, sizeof(*extra));
}

/* Publish what was put and always notify: a hostile peer is not frugal. */
void hostile_tx_push(struct hostile *h)
{
	xnif_ring_publish(&h->tx.req, h->tx_prod);
	hostile_kick(h);
}

/* One honest single-slot frame. */
void hostile_tx_frame(struct hostile *h)
{
	hostile_tx_put(h, h->tx_ref[0], 0, 0, HOSTILE_FRAME_LEN);
}

/* Write a ring's request producer index, whatever it is. */
void hostile_set_req_prod(struct xnif_ring *ring, u32 prod)
{
	virt_wmb(); /* requests before the index */
	WRITE_ONCE(*ring->req.prod, prod);
}

/* Read the TX responses the backend produced; how many were new. */
unsigned int hostile_tx_reap(struct hostile *h)
{
	u32 prod = xnif_ring_peer_prod(&h->tx.rsp);
	unsigned int n = 0;

	/* Trust the backend no further than the ring either. */
	if (!xnif_ring_prod_valid(prod, h->tx_cons, h->tx.size))
		return 0;
	for (; h->tx_cons != prod; h->tx_cons++, n++) {
		struct xen_netif_tx_response rsp;

		memcpy(&rsp, xnif_ring_rsp(&h->tx, h->tx_cons), sizeof(rsp));
		if (rsp.status == XEN_NETIF_RSP_OKAY)
			h->rsp_okay++;
		else if (rsp.status == XEN_NETIF_RSP_ERROR)
			h->rsp_error++;
		else if (rsp.status != XEN_NETIF_RSP_NULL)
			h->rsp_other++;
	}
	return n;
}

/* Wait until every request put so far is answered; false on timeout. */
bool hostile_tx_wait(struct hostile *h, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	do {
		hostile_tx_reap(h);
		if (h->tx_cons == h->tx_prod)
			return true;
		msleep(20);
	} while (time_before(jiffies, end) && !kthread_should_stop());
	return false;
}

/* Consume RX responses and keep HOSTILE_RX_BUFS buffers posted. */
void hostile_rx_refill(struct hostile *h)
{
	u32 prod = xnif_ring_peer_prod(&h->rx.rsp);

	if ((h->mode->flags & HOSTILE_NO_RX_BUFS) || h->rx_frozen)
		return;
	if (xnif_ring_prod_valid(prod, h->rx_cons, h->rx.size))
		h->rx_cons = prod;
	if (h->rx_prod - h->rx_cons >= HOSTILE_RX_BUFS)
		return;
	while (h->rx_prod - h->rx_cons < HOSTILE_RX_BUFS) {
		struct xen_netif_rx_request req = {
			.id = h->rx_prod % HOSTILE_RX_BUFS,
			.gref = h->rx_ref,
		};

		memcpy(xnif_ring_req(&h->rx, h->rx_prod++), &req, sizeof(req));
	}
	xnif_ring_publish(&h->rx.req, h->rx_prod);
	hostile_kick(h);
}

bool hostile_backend_connected(struct hostile *h)
{
	return xenbus_read_driver_state(h->dev->otherend) ==
	       XenbusStateConnected;
}
