// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: the honest part of a frontend. By default one
 * queue, a one-page TX and RX ring in the classic layout, one shared
 * event channel; data/hostile-config asks for more queues, ring pages,
 * layout v2 or split channels (struct hostile_config). A couple of data
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
#include <linux/slab.h>
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
void hostile_fill_frame(void *va)
{
	struct ethhdr *eth = va;

	memset(va, 0x5a, XEN_PAGE_SIZE);
	eth_broadcast_addr(eth->h_dest);
	eth_random_addr(eth->h_source);
	eth->h_proto = htons(ETH_P_802_EX1);
}

int hostile_grant_page(struct hostile *h, struct page **page,
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

void hostile_revoke_page(struct page **page, grant_ref_t ref)
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
	/* The honest queues' buffers stay writable whatever the mode. */
	if (h->cfg.queues > 1) {
		err = hostile_grant_page(h, &h->honest_rx_page,
					 &h->honest_rx_ref, false);
		if (err)
			return err;
	}
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
	hostile_revoke_page(&h->honest_rx_page, h->honest_rx_ref);
	/* After the attack thread: the staged_* modes' pages go with the rest. */
	for (i = 0; i < ARRAY_SIZE(h->staged_page); i++)
		hostile_revoke_page(&h->staged_page[i], h->staged_ref[i]);
	if (h->unused_ref != INVALID_GRANT_REF)
		gnttab_free_grant_reference(h->unused_ref);
	h->unused_ref = INVALID_GRANT_REF;
}

/* One data ring of 2^order pages in the configured layout. */
static int hostile_data_ring_up(struct hostile *h, void **shared,
				grant_ref_t *refs, struct xnif_ring *ring,
				unsigned int req_size, unsigned int rsp_size)
{
	enum xnif_ring_layout layout = h->cfg.v2 ? XNIF_LAYOUT_V2 :
						   XNIF_LAYOUT_CLASSIC;
	int err;

	err = xenbus_setup_ring(h->dev, GFP_KERNEL, shared,
				1U << h->cfg.order, refs);
	if (err)
		return err;
	err = xnif_ring_attach(ring, *shared, h->cfg.order, layout,
			       req_size, rsp_size);
	if (!err)
		xnif_ring_reset(ring);
	return err;
}

static int hostile_bind_one(struct hostile *h, evtchn_port_t *port, int *irq)
{
	int err;

	err = xenbus_alloc_evtchn(h->dev, port);
	if (err)
		return err;
	err = bind_evtchn_to_irqhandler(*port, hostile_interrupt, 0,
					"hostile", h);
	if (err < 0) {
		xenbus_free_evtchn(h->dev, *port);
		return err;
	}
	*irq = err;
	return 0;
}

/* One queue's rings and channels; hostile_queue_down() undoes a part. */
static int hostile_queue_up(struct hostile *h, struct hostile_rings *r,
			    struct xnif_ring *tx, struct xnif_ring *rx)
{
	int err;

	err = hostile_data_ring_up(h, &r->tx_shared, r->tx_refs, tx,
				   sizeof(struct xen_netif_tx_request),
				   sizeof(struct xen_netif_tx_response));
	if (!err)
		err = hostile_data_ring_up(h, &r->rx_shared, r->rx_refs, rx,
					   sizeof(struct xen_netif_rx_request),
					   sizeof(struct xen_netif_rx_response));
	if (!err)
		err = hostile_bind_one(h, &r->evtchn, &r->irq);
	if (err)
		return err;
	if (!h->cfg.split) {
		r->evtchn_rx = r->evtchn;
		r->irq_rx = r->irq;
		return 0;
	}
	return hostile_bind_one(h, &r->evtchn_rx, &r->irq_rx);
}

static void hostile_queue_down(struct hostile *h, struct hostile_rings *r)
{
	/* Unbinding closes the channel too. */
	if (r->irq_rx && r->irq_rx != r->irq)
		unbind_from_irqhandler(r->irq_rx, h);
	if (r->irq)
		unbind_from_irqhandler(r->irq, h);
	r->irq = 0;
	r->irq_rx = 0;
	if (r->rx_shared)
		xenbus_teardown_ring(&r->rx_shared, 1U << h->cfg.order,
				     r->rx_refs);
	if (r->tx_shared)
		xenbus_teardown_ring(&r->tx_shared, 1U << h->cfg.order,
				     r->tx_refs);
}

int hostile_rings_up(struct hostile *h)
{
	unsigned int q;
	int err;

	h->unused_ref = INVALID_GRANT_REF;
	h->tx_prod = 0;
	h->tx_cons = 0;
	h->rx_prod = 0;
	h->rx_cons = 0;
	h->rx_frozen = false;
	h->rings_up = true;
	err = hostile_queue_up(h, &h->r, &h->tx, &h->rx);
	if (!err && h->cfg.queues > 1) {
		h->hq = kcalloc(h->cfg.queues, sizeof(*h->hq), GFP_KERNEL);
		if (!h->hq)
			err = -ENOMEM;
	}
	for (q = 0; !err && q < h->cfg.queues; q++)
		if (q != h->cfg.attack_q)
			err = hostile_queue_up(h, &h->hq[q].r, &h->hq[q].tx,
					       &h->hq[q].rx);
	if (!err)
		err = hostile_pages_up(h);
	if (!err && (h->mode->flags & HOSTILE_CTRL_RING))
		err = hostile_ctrl_up(h);
	if (err)
		hostile_rings_down(h);
	return err;
}

/* Undo whatever hostile_rings_up() got done. The threads are stopped. */
void hostile_rings_down(struct hostile *h)
{
	unsigned int q;

	if (!h->rings_up)
		return;
	hostile_queue_down(h, &h->r);
	for (q = 0; h->hq && q < h->cfg.queues; q++)
		if (q != h->cfg.attack_q)
			hostile_queue_down(h, &h->hq[q].r);
	kfree(h->hq);
	h->hq = NULL;
	hostile_ctrl_down(h);
	hostile_pages_down(h);
	h->rings_up = false;
}

/*
 * The classic keys of the attacked queue alone, in the frontend's
 * directory: what the handshake attacks start from.
 */
int hostile_write_queue_keys(struct hostile *h, struct xenbus_transaction xbt,
			     const char *evtchn_key, unsigned int order)
{
	const char *dir = h->dev->nodename;
	int err;

	err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_TX_RING_REF, "%u",
			    h->r.tx_refs[0]);
	if (!err)
		err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_RX_RING_REF, "%u",
				    h->r.rx_refs[0]);
	if (!err)
		err = xenbus_printf(xbt, dir, evtchn_key, "%u", h->r.evtchn);
	if (!err && order)
		err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_RING_PAGE_ORDER,
				    "%u", order);
	return err;
}

/* One queue's references and channels in dir. */
static int hostile_write_one_queue(struct hostile *h,
				   struct xenbus_transaction xbt,
				   const char *dir,
				   const struct hostile_rings *r)
{
	char key[32];
	unsigned int i;
	int err = 0;

	if (!h->cfg.order) {
		err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_TX_RING_REF, "%u",
				    r->tx_refs[0]);
		if (!err)
			err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_RX_RING_REF,
					    "%u", r->rx_refs[0]);
	}
	for (i = 0; !err && h->cfg.order && i < (1U << h->cfg.order); i++) {
		snprintf(key, sizeof(key), XEN_NETIF_KEY_TX_RING_REF_FMT, i);
		err = xenbus_printf(xbt, dir, key, "%u", r->tx_refs[i]);
		snprintf(key, sizeof(key), XEN_NETIF_KEY_RX_RING_REF_FMT, i);
		if (!err)
			err = xenbus_printf(xbt, dir, key, "%u", r->rx_refs[i]);
	}
	if (err)
		return err;
	if (!h->cfg.split)
		return xenbus_printf(xbt, dir, XEN_NETIF_KEY_EVTCHN, "%u",
				     r->evtchn);
	err = xenbus_printf(xbt, dir, XEN_NETIF_KEY_EVTCHN_TX, "%u", r->evtchn);
	return err ?: xenbus_printf(xbt, dir, XEN_NETIF_KEY_EVTCHN_RX, "%u",
				    r->evtchn_rx);
}

/* The honest keys of every queue, in the configured shape. */
int hostile_write_rings_keys(struct hostile *h, struct xenbus_transaction xbt)
{
	const char *top = h->dev->nodename;
	unsigned int q;
	int err = 0;

	if (h->cfg.queues > 1)
		err = xenbus_printf(xbt, top, XEN_NETIF_KEY_NUM_QUEUES, "%u",
				    h->cfg.queues);
	if (!err && h->cfg.order)
		err = xenbus_printf(xbt, top, XEN_NETIF_KEY_RING_PAGE_ORDER,
				    "%u", h->cfg.order);
	if (!err && h->cfg.v2)
		err = xenbus_printf(xbt, top, XEN_NETIF_KEY_RING_LAYOUT, "%u",
				    XEN_NETIF_RING_LAYOUT_V2);
	if (!err && h->cfg.queues == 1)
		return hostile_write_one_queue(h, xbt, top, &h->r);
	for (q = 0; !err && q < h->cfg.queues; q++) {
		char *dir = kasprintf(GFP_KERNEL, "%s/" XEN_NETIF_KEY_QUEUE_DIR_FMT,
				      top, q);

		if (!dir)
			return -ENOMEM;
		err = hostile_write_one_queue(h, xbt, dir,
					      q == h->cfg.attack_q ? &h->r :
					      &h->hq[q].r);
		kfree(dir);
	}
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

/* Notify the backend on the attacked queue's TX (or only) channel. */
void hostile_kick(struct hostile *h)
{
	notify_remote_via_evtchn(h->r.evtchn);
}

/* The same on its RX channel: the TX one unless split. */
void hostile_kick_rx(struct hostile *h)
{
	notify_remote_via_evtchn(h->r.evtchn_rx);
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
	hostile_kick_rx(h);
}

bool hostile_backend_connected(struct hostile *h)
{
	return xenbus_read_driver_state(h->dev->otherend) ==
	       XenbusStateConnected;
}

/* Read one honest queue's TX responses; put a frame on it if asked. */
static void hostile_honest_tx(struct hostile *h, struct hostile_honest *q,
			      bool send)
{
	u32 prod = xnif_ring_peer_prod(&q->tx.rsp);
	struct xen_netif_tx_request req = {
		.gref = h->tx_ref[0],
		.id = q->tx_prod & 0xffff,
		.size = HOSTILE_FRAME_LEN,
	};

	if (xnif_ring_prod_valid(prod, q->tx_cons, q->tx.size)) {
		q->answered += prod - q->tx_cons;
		q->tx_cons = prod;
	}
	if (!send || q->tx_prod - q->tx_cons >= q->tx.size / 2)
		return;
	memcpy(xnif_ring_req(&q->tx, q->tx_prod++), &req, sizeof(req));
	q->sent++;
	xnif_ring_publish(&q->tx.req, q->tx_prod);
	notify_remote_via_evtchn(q->r.evtchn);
}

/* Keep HOSTILE_RX_BUFS buffers posted on an honest queue. */
static void hostile_honest_rx(struct hostile *h, struct hostile_honest *q)
{
	u32 prod = xnif_ring_peer_prod(&q->rx.rsp);

	if (xnif_ring_prod_valid(prod, q->rx_cons, q->rx.size))
		q->rx_cons = prod;
	if (q->rx_prod - q->rx_cons >= HOSTILE_RX_BUFS)
		return;
	while (q->rx_prod - q->rx_cons < HOSTILE_RX_BUFS) {
		struct xen_netif_rx_request req = {
			.id = q->rx_prod % HOSTILE_RX_BUFS,
			.gref = h->honest_rx_ref,
		};

		memcpy(xnif_ring_req(&q->rx, q->rx_prod++), &req, sizeof(req));
	}
	xnif_ring_publish(&q->rx.req, q->rx_prod);
	notify_remote_via_evtchn(q->r.evtchn_rx);
}

/* How often queue 0 sends a frame while the attack runs elsewhere. */
#define HOSTILE_HONEST_MS	20

/*
 * The queues the attack leaves alone behave like a real frontend's:
 * buffers posted, answers read, and queue 0 sends a frame every
 * HOSTILE_HONEST_MS, which dom0 counts in the vif's q0 statistics.
 */
int hostile_honest_thread(void *data)
{
	struct hostile *h = data;
	unsigned int q;

	while (!kthread_should_stop()) {
		for (q = 0; q < h->cfg.queues; q++) {
			if (q == h->cfg.attack_q)
				continue;
			hostile_honest_tx(h, &h->hq[q], q == 0);
			hostile_honest_rx(h, &h->hq[q]);
		}
		msleep_interruptible(HOSTILE_HONEST_MS);
	}
	if (h->cfg.attack_q)
		pr_warn("%s: queue 0: %lu frames sent, %lu answered\n",
			h->dev->nodename, h->hq[0].sent, h->hq[0].answered);
	return 0;
}
