// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: one queue's resources. A queue is a TX ring and an RX
 * ring of 2^order pages each (single pages, each granted on its own and
 * mapped together), one grant reference claimed per slot for
 * the queue's whole life, per-slot arrays sized from the ring that was
 * actually negotiated, a page pool for receive buffers, one or two event
 * channels and a NAPI context.
 *
 * xennet_queue_free() undoes whatever xennet_queue_init() got done, in
 * reverse, and leaves every field in its "nothing" state, so a failed
 * init, a reconnect, a resume and remove all use the same path.
 */
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <net/xdp.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xenbus.h>

#include "compat.h"
#include "netfront.h"
#include "trace.h"

/*
 * The pages of one ring: each allocated and granted on its own, so that
 * no higher-order allocation is needed, and mapped together for us. A
 * failure returns -ENOSPC (grant table) or -ENOMEM and leaves the rest
 * to xennet_ring_teardown(); nothing is reported to the backend, since
 * the caller may try again smaller.
 */
static int xennet_ring_pages(struct xennet_queue *q, void **shared,
			     struct page **pages, grant_ref_t *refs)
{
	domid_t be = q->info->xbdev->otherend_id;
	unsigned int n = 1U << q->info->ring_order, i;
	grant_ref_t head;
	int err;

	for (i = 0; i < n; i++)
		refs[i] = INVALID_GRANT_REF;
	err = gnttab_alloc_grant_references(n, &head);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pages[i]) {
			err = -ENOMEM;
			break;
		}
		refs[i] = gnttab_claim_grant_reference(&head);
		gnttab_grant_foreign_access_ref(refs[i], be,
						xen_page_to_gfn(pages[i]), 0);
	}
	gnttab_free_grant_references(head);
	if (err)
		return err;
	*shared = n == 1 ? page_address(pages[0]) :
			   vmap(pages, n, VM_MAP, PAGE_KERNEL);
	return *shared ? 0 : -ENOMEM;
}

static int xennet_ring_setup(struct xennet_queue *q, void **shared,
			     struct page **pages, grant_ref_t *refs,
			     struct xnif_ring *ring, unsigned int req_size,
			     unsigned int rsp_size)
{
	unsigned int order = q->info->ring_order;
	int err;

	/* A kernel page holding several Xen pages: xenbus lays those out. */
	if (PAGE_SIZE != XEN_PAGE_SIZE)
		err = xenbus_setup_ring(q->info->xbdev, GFP_KERNEL, shared,
					1U << order, refs);
	else
		err = xennet_ring_pages(q, shared, pages, refs);
	if (err)
		return err;
	q->grants += 1U << order;
	err = xnif_ring_attach(ring, *shared, order, q->info->ring_layout,
			       req_size, rsp_size);
	if (err)
		return err;
	xnif_ring_reset(ring);
	return 0;
}

/*
 * Pages the backend may still map are freed by the grant table code once
 * it lets go of them, never under it.
 */
static void xennet_ring_teardown(struct xennet_queue *q, void **shared,
				 struct page **pages, grant_ref_t *refs)
{
	unsigned int n = 1U << q->info->ring_order, i;

	if (PAGE_SIZE != XEN_PAGE_SIZE) {
		if (*shared)
			xenbus_teardown_ring(shared, n, refs);
		return;
	}
	if (*shared && n > 1)
		vunmap(*shared);
	*shared = NULL;
	for (i = 0; i < n && pages[i]; i++) {
		if (refs[i] != INVALID_GRANT_REF)
			gnttab_end_foreign_access(refs[i], pages[i]);
		else
			__free_page(pages[i]);
		refs[i] = INVALID_GRANT_REF;
		pages[i] = NULL;
	}
}

/* Claim one grant reference per slot; they stay with the slot. */
static int xennet_claim_refs(unsigned int n, grant_ref_t *out,
			     size_t stride)
{
	grant_ref_t head;
	unsigned int i;
	int err;

	err = gnttab_alloc_grant_references(n, &head);
	for (i = 0; i < n; i++) {
		grant_ref_t *ref = (void *)out + i * stride;

		*ref = err ? INVALID_GRANT_REF :
			     gnttab_claim_grant_reference(&head);
	}
	return err;
}

static int xennet_tx_setup(struct xennet_queue *q)
{
	int err;

	err = xennet_ring_setup(q, &q->tx_shared, q->tx_ring_pages,
				q->tx_ring_ref, &q->tx,
				sizeof(struct xen_netif_tx_request),
				sizeof(struct xen_netif_tx_response));
	if (err)
		return err;
	q->tx_slots = kvcalloc(q->tx.size, sizeof(*q->tx_slots), GFP_KERNEL);
	if (!q->tx_slots)
		return -ENOMEM;
	err = xennet_claim_refs(q->tx.size, &q->tx_slots[0].gref,
				sizeof(*q->tx_slots));
	if (err)
		return err;
	q->grants += q->tx.size;
	q->tx_free = kvcalloc(q->tx.size, sizeof(*q->tx_free), GFP_KERNEL);
	q->tx_owed = kvcalloc(q->tx.size, sizeof(*q->tx_owed), GFP_KERNEL);
	if (!q->tx_free || !q->tx_owed)
		return -ENOMEM;
	xnif_tx_ids_init(&q->tx_ids, q->tx_free, q->tx_owed, q->tx.size);
	return 0;
}

static int xennet_rx_setup(struct xennet_queue *q)
{
	struct page_pool_params pp = {
		.order = 0,
		.nid = NUMA_NO_NODE,
	};
	int err;

	err = xennet_ring_setup(q, &q->rx_shared, q->rx_ring_pages,
				q->rx_ring_ref, &q->rx,
				sizeof(struct xen_netif_rx_request),
				sizeof(struct xen_netif_rx_response));
	if (err)
		return err;
	q->rx_slots = kvcalloc(q->rx.size, sizeof(*q->rx_slots), GFP_KERNEL);
	if (!q->rx_slots)
		return -ENOMEM;
	err = xennet_claim_refs(q->rx.size, &q->rx_slots[0].gref,
				sizeof(*q->rx_slots));
	if (err)
		return err;
	q->grants += q->rx.size;
	pp.pool_size = q->rx.size;
	xnif_pp_set_queue(&pp, &q->napi, q->info->netdev, q->id);
	q->page_pool = page_pool_create(&pp);
	if (IS_ERR(q->page_pool)) {
		err = PTR_ERR(q->page_pool);
		q->page_pool = NULL;
		return err;
	}
	/* XDP frames made of our pages go back to this pool. */
	err = xdp_rxq_info_reg(&q->xdp_rxq, q->info->netdev, q->id, 0);
	if (err)
		return err;
	return xdp_rxq_info_reg_mem_model(&q->xdp_rxq, MEM_TYPE_PAGE_POOL,
					  q->page_pool);
}

static int xennet_bind(struct xennet_queue *q, evtchn_port_t *port, int *irq,
		       irq_handler_t handler, char *name, size_t len,
		       const char *suffix)
{
	struct xenbus_device *dev = q->info->xbdev;
	int err;

	err = xenbus_alloc_evtchn(dev, port);
	if (err)
		return err;
	snprintf(name, len, "%s-q%u%s", q->info->netdev->name, q->id, suffix);
	err = bind_evtchn_to_irqhandler_lateeoi(*port, handler, 0, name, q);
	if (err < 0) {
		xenbus_free_evtchn(dev, *port);
		*port = 0;
		return err;
	}
	*irq = err;
	return 0;
}

static int xennet_events_setup(struct xennet_queue *q)
{
	int err;

	if (!q->info->be.split_evtchn) {
		err = xennet_bind(q, &q->tx_evtchn, &q->tx_irq, xennet_irq_both,
				  q->tx_irq_name, sizeof(q->tx_irq_name), "");
		q->rx_evtchn = q->tx_evtchn;
		q->rx_irq = q->tx_irq;
		return err;
	}
	err = xennet_bind(q, &q->tx_evtchn, &q->tx_irq, xennet_irq_tx,
			  q->tx_irq_name, sizeof(q->tx_irq_name), "-tx");
	if (!err)
		err = xennet_bind(q, &q->rx_evtchn, &q->rx_irq, xennet_irq_rx,
				  q->rx_irq_name, sizeof(q->rx_irq_name), "-rx");
	return err;
}

int xennet_queue_init(struct xennet_queue *q)
{
	int err;

	q->tx_irq = -1;
	q->rx_irq = -1;
	timer_setup(&q->refill_timer, xennet_refill_timeout, 0);
	netif_napi_add(q->info->netdev, &q->napi, xennet_poll);

	err = xennet_tx_setup(q);
	if (!err)
		err = xennet_rx_setup(q);
	if (!err)
		err = xennet_events_setup(q);
	/* Counted as they were taken, so that a failure gives back as much. */
	atomic_add(q->grants, &xennet_grants_held);
	if (err)
		xennet_queue_free(q);
	return err;
}

/* Called with NAPI disabled and TX stopped: nothing else runs on q. */
static void xennet_events_free(struct xennet_queue *q)
{
	if (q->rx_irq >= 0 && q->rx_irq != q->tx_irq)
		unbind_from_irqhandler(q->rx_irq, q);
	if (q->tx_irq >= 0)
		unbind_from_irqhandler(q->tx_irq, q);
	q->tx_irq = -1;
	q->rx_irq = -1;
	q->tx_evtchn = 0;
	q->rx_evtchn = 0;
}

void xennet_queue_free(struct xennet_queue *q)
{
	xennet_events_free(q);
	timer_delete_sync(&q->refill_timer);

	if (q->tx_slots)
		xennet_tx_release(q);
	if (q->rx_slots)
		xennet_rx_release(q);
	/* Drops the pool's XDP user; the pool itself goes below. */
	if (xdp_rxq_info_is_reg(&q->xdp_rxq))
		xdp_rxq_info_unreg(&q->xdp_rxq);
	if (q->page_pool)
		page_pool_destroy(q->page_pool);
	q->page_pool = NULL;
	kvfree(q->tx_slots);
	kvfree(q->tx_free);
	kvfree(q->tx_owed);
	kvfree(q->rx_slots);
	q->tx_slots = NULL;
	q->tx_free = NULL;
	q->tx_owed = NULL;
	q->rx_slots = NULL;

	xennet_ring_teardown(q, &q->tx_shared, q->tx_ring_pages, q->tx_ring_ref);
	xennet_ring_teardown(q, &q->rx_shared, q->rx_ring_pages, q->rx_ring_ref);
	atomic_sub(q->grants, &xennet_grants_held);
	q->grants = 0;
	netif_napi_del(&q->napi);
}

void xennet_napi_enable_all(struct xennet_info *np)
{
	unsigned int i;

	if (np->napi_on)
		return;
	/* Events that came while NAPI was off found nobody: look now. */
	for (i = 0; i < np->num_queues; i++) {
		napi_enable(&np->queues[i].napi);
		napi_schedule(&np->queues[i].napi);
	}
	np->napi_on = true;
}

void xennet_napi_disable_all(struct xennet_info *np)
{
	unsigned int i;

	if (!np->napi_on)
		return;
	for (i = 0; i < np->num_queues; i++)
		napi_disable(&np->queues[i].napi);
	np->napi_on = false;
}

void xennet_count_rejected(struct xennet_queue *q, enum xnif_rsp_err why)
{
	if (why > XNIF_RSP_OK && why < XNIF_RSP_ERR_MAX)
		atomic_long_inc(&q->stats->rejected[why]);
}

/*
 * The backend broke the protocol: stop this device, keep the guest.
 * Runs in NAPI context, so it only flips state that is safe there; the
 * device stays down until the next reconnect (ethtool -L, resume, or a
 * backend restart) builds a fresh data path.
 */
void xennet_fatal(struct xennet_queue *q, enum xnif_rsp_err why)
{
	struct xennet_info *np = q->info;

	xennet_count_rejected(q, why);
	if (test_and_set_bit(XENNET_BROKEN, &np->flags))
		return;
	trace_xennet_disable(q, why);
	np->broken_reason = why;
	xnif_fatal_record(&np->fatal, q->id, xnif_rsp_err_name(why));
	netif_carrier_off(np->netdev);
	netif_tx_stop_all_queues(np->netdev);
	if (net_ratelimit())
		netdev_err(np->netdev,
			   "backend broke the protocol (%s on queue %u): device disabled until reconnect\n",
			   xnif_rsp_err_name(why), q->id);
}
