// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: guest TX by grant mapping (tx_zerocopy=1).
 *
 * A large packet's first XENVIF_TX_HEADLEN bytes are still copied, so that
 * every header the stack parses is in dom0's own memory; the rest of each
 * slot is mapped read-only into a page of the queue's pool and becomes a
 * fragment of the skb. The skb carries a ubuf_info: when the stack lets go
 * of the pages (the skb is freed, or its fragments are copied because it
 * is delivered locally) the callback queues the packet on zc->done and
 * wakes the queue's thread. There tx.c's xenvif_tx_complete() has this
 * unit unmap the pages (xenvif_zc_unmap(), which returns the answers),
 * answers the packet's slots, and only then has the records and pages
 * returned to the pool (xenvif_zc_recycle()). This unit returns results
 * and never calls into tx.c: tx.c owns batching and answering.
 *
 * Pool pages and packet records are bounded; a packet that finds them
 * exhausted is simply copied. Teardown waits until the stack has returned
 * every page (xenvif_tx_drain()), then for an RCU grace period: a
 * callback's record may be completed, and the queue freed, between the
 * callback queueing the record and waking the thread, so the callback
 * does both inside an RCU read-side section.
 */
#include <linux/llist.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>

#include <xen/events.h>
#include <xen/page.h>

#include "tx.h"

/* Pages one queue may have mapped at once. */
#define XENVIF_ZC_MAX_PAGES	1024
/* Maps (or unmaps) gathered into one hypercall. */
#define XENVIF_ZC_BATCH		512

static_assert(XENVIF_ZC_BATCH >= MAX_SKB_FRAGS);

/* A packet with mapped slots, from the poll until its slots are answered. */
struct xenvif_zc_pkt {
	struct ubuf_info ubuf;		/* what the stack calls back */
	struct xenvif_queue *queue;
	struct llist_node done;
	u16 id[XNIF_TX_MAX_SLOTS];
	u8 nr_slots;
	u8 nr_extras;
	u8 nr_maps;
	s16 status;
	u16 first_map;			/* in zc->map_op, while being mapped */
	u16 page[MAX_SKB_FRAGS];	/* pool index of each mapped page */
	u16 off[MAX_SKB_FRAGS];
	u16 len[MAX_SKB_FRAGS];
	grant_handle_t handle[MAX_SKB_FRAGS];
};

struct xenvif_zc {
	unsigned int nr_pages;
	struct page **pages;
	unsigned int nr_pkts;
	struct xenvif_zc_pkt *pkts;
	/* The free stacks: the poll takes from them, the thread gives back. */
	spinlock_t lock;
	u16 *free_page;
	unsigned int nr_free_page;
	u16 *free_pkt;
	unsigned int nr_free_pkt;
	atomic_t inflight;		/* records taken and not given back */
	struct llist_head done;		/* released by the stack */
	/* The poll's maps, run with its copies. */
	struct gnttab_map_grant_ref map_op[XENVIF_ZC_BATCH];
	struct page *map_page[XENVIF_ZC_BATCH];
	unsigned int nr_maps;
	/* The thread's unmaps. */
	struct gnttab_unmap_grant_ref unmap_op[XENVIF_ZC_BATCH];
	struct page *unmap_page[XENVIF_ZC_BATCH];
	struct xenvif_zc_pkt *unmap_pkt[XENVIF_ZC_BATCH];
	struct xenvif_tx_done unmap_done[XENVIF_ZC_BATCH];
};

static void xenvif_zc_callback(struct sk_buff *skb, struct ubuf_info *uarg,
			       bool zerocopy_success)
{
	struct xenvif_zc_pkt *zp = container_of(uarg, struct xenvif_zc_pkt,
						ubuf);
	struct xenvif_queue *queue = zp->queue;

	/* Every skb sharing the pages holds a reference. */
	if (!refcount_dec_and_test(&uarg->refcnt))
		return;
	/*
	 * Once the record is on the list, teardown may complete it: the
	 * queue stays until this section ends (xenvif_zc_free()).
	 */
	rcu_read_lock();
	llist_add(&zp->done, &queue->zc->done);
	xenvif_kick_thread(queue);
	rcu_read_unlock();
}

static const struct ubuf_info_ops xenvif_zc_ops = {
	.complete = xenvif_zc_callback,
};

/* Take a record and nmaps pages, or nothing. */
static struct xenvif_zc_pkt *xenvif_zc_take(struct xenvif_zc *zc,
					    unsigned int nmaps)
{
	struct xenvif_zc_pkt *zp = NULL;
	unsigned int i;

	spin_lock(&zc->lock);
	if (zc->nr_free_pkt && zc->nr_free_page >= nmaps) {
		zp = &zc->pkts[zc->free_pkt[--zc->nr_free_pkt]];
		for (i = 0; i < nmaps; i++)
			zp->page[i] = zc->free_page[--zc->nr_free_page];
		zp->nr_maps = nmaps;
		atomic_inc(&zc->inflight);
	}
	spin_unlock(&zc->lock);
	return zp;
}

/* Give back a record and the pages it still owns. */
static void xenvif_zc_give(struct xenvif_zc *zc, struct xenvif_zc_pkt *zp,
			   const bool *leaked)
{
	unsigned int i;

	spin_lock_bh(&zc->lock);
	for (i = 0; i < zp->nr_maps; i++)
		if (!leaked || !leaked[i])
			zc->free_page[zc->nr_free_page++] = zp->page[i];
	zc->free_pkt[zc->nr_free_pkt++] = zp - zc->pkts;
	spin_unlock_bh(&zc->lock);
	atomic_dec(&zc->inflight);
}

/*
 * The skb for a large packet: a linear head, filled for the copied
 * headers, the head's share of each slot in b->src, a record and a pool
 * page for each slot's remainder. Returns NULL (nothing taken) to have the
 * packet copied instead, ERR_PTR(-ENOSPC) when the maps already gathered
 * leave no room: the caller runs the batch and asks again.
 */
struct sk_buff *xenvif_zc_skb(struct xenvif_queue *queue,
			      const struct xnif_tx_packet *pkt,
			      struct xenvif_zc_pkt **zpp)
{
	struct xenvif_tx_batch *b = queue->txb;
	struct xenvif_zc *zc = queue->zc;
	unsigned int left = XENVIF_TX_HEADLEN, nmaps = 0, i;
	struct xenvif_zc_pkt *zp;
	struct sk_buff *skb;

	for (i = 0; i < pkt->nr_slots; i++) {
		unsigned int take = min_t(unsigned int, left, pkt->slot[i].size);

		b->src[i] = (struct xnif_span){ .off = pkt->slot[i].offset,
						.len = take };
		left -= take;
		nmaps += pkt->slot[i].size > take;
	}
	if (!nmaps || nmaps > MAX_SKB_FRAGS)
		return NULL;
	if (zc->nr_maps + nmaps > XENVIF_ZC_BATCH)
		return ERR_PTR(-ENOSPC);
	zp = xenvif_zc_take(zc, nmaps);
	if (!zp)
		return NULL;
	skb = napi_alloc_skb(&queue->napi, XENVIF_TX_HEADLEN);
	if (!skb) {
		xenvif_zc_give(zc, zp, NULL);
		return NULL;
	}
	__skb_put(skb, XENVIF_TX_HEADLEN);
	zp->queue = queue;
	*zpp = zp;
	return skb;
}

void xenvif_zc_cancel(struct xenvif_queue *queue, struct xenvif_zc_pkt *zp)
{
	xenvif_zc_give(queue->zc, zp, NULL);
}

/* Queue the maps of each slot's remainder, past the copied head. */
void xenvif_zc_add_maps(struct xenvif_queue *queue,
			const struct xnif_tx_packet *pkt,
			struct xenvif_zc_pkt *zp)
{
	struct xenvif_tx_batch *b = queue->txb;
	struct xenvif_zc *zc = queue->zc;
	unsigned int i, m = 0;

	zp->first_map = zc->nr_maps;
	for (i = 0; i < pkt->nr_slots; i++) {
		const struct xen_netif_tx_request *s = &pkt->slot[i];
		struct page *page;

		/* Zero-sized remainders make no fragment (XSA-448). */
		if (s->size == b->src[i].len)
			continue;
		page = zc->pages[zp->page[m]];
		zp->off[m] = s->offset + b->src[i].len;
		zp->len[m++] = s->size - b->src[i].len;
		gnttab_set_map_op(&zc->map_op[zc->nr_maps],
				  (unsigned long)page_address(page),
				  GNTMAP_host_map | GNTMAP_readonly, s->gref,
				  queue->vif->domid);
		zc->map_page[zc->nr_maps++] = page;
	}
	for (i = 0; i < pkt->nr_slots; i++)
		zp->id[i] = pkt->slot[i].id;
	zp->nr_slots = pkt->nr_slots;
	zp->nr_extras = pkt->extras.count;
}

/* Run the batch's maps; xenvif_zc_attach() reads each packet's outcome. */
void xenvif_zc_map(struct xenvif_queue *queue)
{
	struct xenvif_zc *zc = queue->zc;

	if (!zc || !zc->nr_maps)
		return;
	/* Failures are per map, in each op's status (XSA-362). */
	gnttab_map_refs(zc->map_op, NULL, zc->map_page, zc->nr_maps);
	zc->nr_maps = 0;
}

static void xenvif_zc_release(struct xenvif_zc_pkt *zp, s16 status)
{
	zp->status = status;
	llist_add(&zp->done, &zp->queue->zc->done);
	xenvif_kick_thread(zp->queue);
}

/*
 * Give the skb its mapped fragments, or (ok false, or a map failed) hand
 * the packet to the thread to undo the maps and answer with an error.
 * The slots are answered by the thread in either case.
 */
bool xenvif_zc_attach(struct xenvif_queue *queue, struct xenvif_zc_pkt *zp,
		      struct sk_buff *skb, bool ok)
{
	struct xenvif_zc *zc = queue->zc;
	unsigned int i;

	for (i = 0; i < zp->nr_maps; i++) {
		struct gnttab_map_grant_ref *op = &zc->map_op[zp->first_map + i];

		zp->handle[i] = INVALID_GRANT_HANDLE;
		if (op->status == GNTST_okay)
			zp->handle[i] = op->handle;
		else
			ok = false;
	}
	if (!ok) {
		xenvif_zc_release(zp, XEN_NETIF_RSP_ERROR);
		return false;
	}
	for (i = 0; i < zp->nr_maps; i++) {
		struct page *page = zc->pages[zp->page[i]];

		/* The stack puts the page when done; the pool keeps it. */
		get_page(page);
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page,
				zp->off[i], zp->len[i], zp->len[i]);
	}
	zp->status = XEN_NETIF_RSP_OKAY;
	xnif_ubuf_set_ops(&zp->ubuf, &xenvif_zc_ops);
	zp->ubuf.flags = SKBFL_ZEROCOPY_FRAG;
	refcount_set(&zp->ubuf.refcnt, 1);
	skb_zcopy_init(skb, &zp->ubuf);
	return true;
}

/* In the queue's thread: take what the stack let go of. */
struct llist_node *xenvif_zc_done(struct xenvif_queue *queue)
{
	return queue->zc ? llist_del_all(&queue->zc->done) : NULL;
}

/*
 * Unmap the pages of the next packets on *list, as many as one hypercall
 * takes, and say how to answer each: *done holds the answers, valid until
 * xenvif_zc_recycle() gives the packets back. Returns how many, 0 when the
 * list is empty.
 */
unsigned int xenvif_zc_unmap(struct xenvif_queue *queue,
			     struct llist_node **list,
			     const struct xenvif_tx_done **done)
{
	struct xenvif_zc *zc = queue->zc;
	struct xenvif_zc_pkt *zp;
	unsigned int nops = 0, n = 0, i;

	while (*list) {
		zp = llist_entry(*list, struct xenvif_zc_pkt, done);
		if (nops + zp->nr_maps > XENVIF_ZC_BATCH)
			break;
		*list = (*list)->next;
		for (i = 0; i < zp->nr_maps; i++) {
			struct page *page = zc->pages[zp->page[i]];

			if (zp->handle[i] == INVALID_GRANT_HANDLE)
				continue;
			gnttab_set_unmap_op(&zc->unmap_op[nops],
					    (unsigned long)page_address(page),
					    GNTMAP_host_map, zp->handle[i]);
			zc->unmap_page[nops++] = page;
		}
		zc->unmap_done[n] = (struct xenvif_tx_done){
			.id = zp->id, .nr_slots = zp->nr_slots,
			.nr_extras = zp->nr_extras, .status = zp->status };
		zc->unmap_pkt[n++] = zp;
	}
	if (nops && gnttab_unmap_refs(zc->unmap_op, NULL, zc->unmap_page, nops))
		netdev_err(queue->vif->dev, "queue %u: unmapping %u guest pages failed\n",
			   queue->id, nops);
	*done = zc->unmap_done;
	return n;
}

/* Give back the n packets xenvif_zc_unmap() returned, once answered. */
void xenvif_zc_recycle(struct xenvif_queue *queue, unsigned int n)
{
	struct xenvif_zc *zc = queue->zc;
	bool leaked[MAX_SKB_FRAGS];
	unsigned int i, j, op = 0;

	for (i = 0; i < n; i++) {
		struct xenvif_zc_pkt *zp = zc->unmap_pkt[i];

		for (j = 0; j < zp->nr_maps; j++) {
			leaked[j] = false;
			if (zp->handle[j] == INVALID_GRANT_HANDLE)
				continue;
			/* A page Xen would not unmap is never reused. */
			leaked[j] = zc->unmap_op[op++].status != GNTST_okay;
		}
		xenvif_zc_give(zc, zp, leaked);
	}
}

bool xenvif_zc_work(struct xenvif_queue *queue)
{
	return queue->zc && !llist_empty(&queue->zc->done);
}

/* Packets whose slots the stack still holds, mapped and unanswered. */
int xenvif_zc_inflight(struct xenvif_queue *queue)
{
	return queue->zc ? atomic_read(&queue->zc->inflight) : 0;
}

int xenvif_zc_alloc(struct xenvif_queue *queue)
{
	struct xenvif_zc *zc;
	unsigned int i;

	zc = kvzalloc(sizeof(*zc), GFP_KERNEL);
	if (!zc)
		return -ENOMEM;
	zc->nr_pages = min(queue->tx.ring.size, XENVIF_ZC_MAX_PAGES);
	zc->nr_pkts = zc->nr_pages / 4;
	spin_lock_init(&zc->lock);
	init_llist_head(&zc->done);
	zc->pages = kcalloc(zc->nr_pages, sizeof(*zc->pages), GFP_KERNEL);
	zc->free_page = kcalloc(zc->nr_pages, sizeof(u16), GFP_KERNEL);
	zc->free_pkt = kcalloc(zc->nr_pkts, sizeof(u16), GFP_KERNEL);
	zc->pkts = kvcalloc(zc->nr_pkts, sizeof(*zc->pkts), GFP_KERNEL);
	if (!zc->pages || !zc->free_page || !zc->free_pkt || !zc->pkts ||
	    gnttab_alloc_pages(zc->nr_pages, zc->pages)) {
		kfree(zc->pages);
		kfree(zc->free_page);
		kfree(zc->free_pkt);
		kvfree(zc->pkts);
		kvfree(zc);
		return -ENOMEM;
	}
	for (i = 0; i < zc->nr_pages; i++)
		zc->free_page[i] = i;
	zc->nr_free_page = zc->nr_pages;
	for (i = 0; i < zc->nr_pkts; i++)
		zc->free_pkt[i] = i;
	zc->nr_free_pkt = zc->nr_pkts;
	queue->zc = zc;
	return 0;
}

/*
 * After xenvif_tx_drain(): only pages Xen unmapped go back to the balloon.
 * First wait for the callbacks that queued the last records to finish
 * waking the thread: each did so under rcu_read_lock(), its record was on
 * the list before the count could reach zero, so its section began before
 * the grace period below and ends within it. Only then may the queue go.
 */
void xenvif_zc_free(struct xenvif_queue *queue)
{
	struct xenvif_zc *zc = queue->zc;
	unsigned int i;

	if (!zc)
		return;
	synchronize_rcu();
	if (zc->nr_free_page < zc->nr_pages)
		netdev_warn(queue->vif->dev, "queue %u: %u guest pages stay mapped\n",
			    queue->id, zc->nr_pages - zc->nr_free_page);
	for (i = 0; i < zc->nr_free_page; i++)
		gnttab_free_pages(1, &zc->pages[zc->free_page[i]]);
	kfree(zc->pages);
	kfree(zc->free_page);
	kfree(zc->free_pkt);
	kvfree(zc->pkts);
	kvfree(zc);
	queue->zc = NULL;
}
