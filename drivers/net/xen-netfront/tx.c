// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: transmit. A packet becomes one request per 4 KiB piece of
 * its data, each naming a read-only grant of the page the piece lives in;
 * the first request carries the packet's length and offload flags, and a
 * GSO packet has an extra-info slot right after it.
 *
 * The backend reads those pages until it answers; an skb is freed only
 * when every one of its requests has been answered and every grant ended.
 * When the backend is not trusted, or a packet is laid out in a way a
 * backend may refuse, the data is first copied into fresh pages
 * ("bounced"), so a grant never shows the backend anything but the
 * packet (XSA-403: a grant covers a whole 4 KiB page, and kernel memory
 * next to packet data is none of the backend's business).
 *
 * With a staged pool (staged.c), a packet is instead copied into pages
 * of the queue's TX share, which the backend keeps mapped: no grant is
 * made or ended per packet, and a page goes back to the share when the
 * response of its request comes. A packet that finds too few free pages
 * goes the classic way, counted in staged_tx_fallback.
 *
 * Requests are published and the backend notified only when the stack
 * has no more packets for us right now (xmit_more), when BQL stops the
 * queue, or when the ring fills; the backend's event index then saves
 * the notifications it does not need. Completions are asked for in
 * batches: the response event is set halfway through what is outstanding.
 */
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include <net/xdp.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>

#include "netfront.h"
#include "trace.h"
#include "slots.h"

/* Slots of an skb still unanswered, kept in its control block. */
struct xennet_tx_cb {
	u16 pending;
};

#define XENNET_TX_CB(skb) ((struct xennet_tx_cb *)(skb)->cb)

/* Where the requests of the packet being built go. */
struct xennet_tx_build {
	struct xennet_queue *q;
	struct sk_buff *skb;
	struct page *page;		/* page of the current piece */
	bool own_page;			/* it is a bounce page */
	struct xen_netif_tx_request *first;
	struct xen_netif_tx_request *last;
	struct xen_netif_extra_info gso;
	bool gso_pending;		/* GSO slot goes right after the first */
	u16 slots;
};

static unsigned int xennet_tx_space(const struct xennet_queue *q)
{
	return q->tx.size - (q->tx_prod - q->tx_cons);
}

static void xennet_tx_put_extra(struct xennet_tx_build *b)
{
	struct xennet_queue *q = b->q;
	void *slot = xnif_ring_req(&q->tx, q->tx_prod);

	memcpy(slot, &b->gso, sizeof(b->gso));
	WRITE_ONCE(q->tx_prod, q->tx_prod + 1);
	b->first->flags |= XEN_NETTXF_extra_info;
	b->gso_pending = false;
}

/* One request at the producer index, published to the ring's copy. */
static struct xen_netif_tx_request *
xennet_tx_post(struct xennet_queue *q, grant_ref_t gref, unsigned int off,
	       u16 id, unsigned int len)
{
	struct xen_netif_tx_request *req = xnif_ring_req(&q->tx, q->tx_prod);

	req->gref = gref;
	req->offset = off;
	req->flags = 0;
	req->id = id;
	req->size = len;
	WRITE_ONCE(q->tx_prod, q->tx_prod + 1);
	return req;
}

/* Chain the request just posted into the packet being built. */
static void xennet_tx_chain(struct xennet_tx_build *b,
			    struct xen_netif_tx_request *req)
{
	if (b->last)
		b->last->flags |= XEN_NETTXF_more_data;
	b->last = req;
	b->slots++;
	if (!b->first) {
		b->first = req;
		if (b->gso_pending)
			xennet_tx_put_extra(b);
	}
}

/* One request for one piece within a single Xen page. */
static void xennet_tx_piece(unsigned long gfn, unsigned int offset,
			    unsigned int len, void *data)
{
	struct xennet_tx_build *b = data;
	struct xennet_queue *q = b->q;
	struct xennet_tx_slot *slot;
	int id;

	/* The GSO extra-info slot follows the packet's first request. */
	id = xnif_tx_id_take(&q->tx_ids, !b->first && b->gso_pending);
	/*
	 * xennet_tx_build() made sure of the ids under the same lock, so
	 * this is our bug, not the backend's; the packet goes out short
	 * and the backend refuses it, but no id is made up.
	 */
	if (WARN_ON_ONCE(id < 0))
		return;
	slot = &q->tx_slots[id];
	gnttab_grant_foreign_access_ref(slot->gref, q->info->xbdev->otherend_id,
					gfn, 1);
	slot->skb = b->skb;
	slot->page = b->page;
	slot->own_page = b->own_page;
	if (b->own_page)
		get_page(b->page);
	xennet_tx_chain(b, xennet_tx_post(q, slot->gref, offset, id, len));
}

/* Requests for len bytes at offset into page, which may be compound. */
static void xennet_tx_buf(struct xennet_tx_build *b, struct page *page,
			  unsigned long offset, unsigned int len)
{
	while (len) {
		struct page *p = page + (offset >> PAGE_SHIFT);
		unsigned int off = offset_in_page(offset);
		unsigned int n = min_t(unsigned int, len, PAGE_SIZE - off);

		b->page = p;
		gnttab_foreach_grant_in_range(p, off, n, xennet_tx_piece, b);
		offset += n;
		len -= n;
	}
}

static void xennet_tx_skb_data(struct xennet_tx_build *b)
{
	struct sk_buff *skb = b->skb;
	unsigned int i;

	b->own_page = false;
	xennet_tx_buf(b, virt_to_page(skb->data), offset_in_page(skb->data),
		      skb_headlen(skb));
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		xennet_tx_buf(b, skb_frag_page(f), skb_frag_off(f),
			      skb_frag_size(f));
	}
}

/* Pages a bounced packet occupies; it is at most 64 KiB. */
#define XENNET_BOUNCE_PAGES	DIV_ROUND_UP(XEN_NETIF_MAX_TX_SIZE, PAGE_SIZE)

/*
 * Copy the packet into fresh pages and grant those instead. All pages are
 * found before the first request is written, so nothing is half-built.
 */
static int xennet_tx_bounce_data(struct xennet_tx_build *b)
{
	struct page *pages[XENNET_BOUNCE_PAGES];
	struct sk_buff *skb = b->skb;
	unsigned int i, n = DIV_ROUND_UP(skb->len, PAGE_SIZE);

	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
		if (!pages[i]) {
			while (i--)
				put_page(pages[i]);
			return -ENOMEM;
		}
	}
	b->own_page = true;
	for (i = 0; i < n; i++) {
		unsigned int off = i * PAGE_SIZE;
		unsigned int len = min_t(unsigned int, skb->len - off, PAGE_SIZE);
		void *va = page_address(pages[i]);

		skb_copy_bits(skb, off, va, len);
		/* The rest of the page is granted too: it must hold nothing. */
		memset(va + len, 0, PAGE_SIZE - len);
		xennet_tx_buf(b, pages[i], 0, len);
		/* Each request took its own reference. */
		put_page(pages[i]);
	}
	return 0;
}

/*
 * Copy the packet into pages of the queue's staged TX share, one request
 * per 4 KiB, each naming its page's standing grant. xennet_tx_build()
 * made sure of the ids and the pages under the same lock. The rest of a
 * page is not cleared: the TX share only ever held zeroes and packets
 * sent to this same backend, so it shows the backend nothing new.
 */
static void xennet_tx_staged_data(struct xennet_tx_build *b)
{
	struct xennet_queue *q = b->q;
	struct xennet_staged *s = &q->staged;
	struct sk_buff *skb = b->skb;
	unsigned int off, len;

	for (off = 0; off < skb->len; off += len) {
		struct xennet_tx_slot *slot;
		int id, page;

		len = min_t(unsigned int, skb->len - off, XEN_PAGE_SIZE);
		id = xnif_tx_id_take(&q->tx_ids, !b->first && b->gso_pending);
		if (WARN_ON_ONCE(id < 0))
			return;
		/* Our bug if it fails: the id is lost with the packet's tail. */
		page = xnif_staged_tx_take(&s->tx, id);
		if (WARN_ON_ONCE(page < 0))
			return;
		page += s->tx_base;
		skb_copy_bits(skb, off, page_address(s->pages[page]), len);
		slot = &q->tx_slots[id];
		slot->skb = skb;
		slot->page = NULL;
		slot->own_page = false;
		slot->staged = true;
		xennet_tx_chain(b, xennet_tx_post(q, s->refs[page], 0, id,
						  len));
	}
}

static unsigned int xennet_skb_slots(const struct sk_buff *skb)
{
	unsigned int i, n;

	n = xnif_buf_slots(offset_in_page(skb->data), skb_headlen(skb));
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		n += xnif_buf_slots(skb_frag_off(f), skb_frag_size(f));
	}
	return n;
}

/*
 * Whether to bounce: the backend is untrusted, the packet needs more
 * slots than every backend must take, or its first piece is too short to
 * hold the Ethernet header, which backends expect in the first slot.
 */
static bool xennet_tx_must_bounce(const struct xennet_queue *q,
				  const struct sk_buff *skb,
				  unsigned int slots)
{
	unsigned int first = skb_headlen(skb);

	if (q->info->bounce || slots > XEN_NETIF_NR_SLOTS_MIN)
		return true;
	if (first)
		first = min_t(unsigned int, first,
			      XEN_PAGE_SIZE - xen_offset_in_page(skb->data));
	return first < ETH_HLEN;
}

/* The first request's size is the whole packet's; flags carry offloads. */
static void xennet_tx_finish_first(struct xennet_tx_build *b)
{
	struct sk_buff *skb = b->skb;
	u16 flags = b->first->flags;

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		flags |= XEN_NETTXF_csum_blank | XEN_NETTXF_data_validated;
	else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		flags |= XEN_NETTXF_data_validated;
	b->first->flags = flags;
	b->first->size = skb->len;
}

/* Publish what was written; notify the backend if it is waiting. */
static void xennet_tx_push(struct xennet_queue *q)
{
	if (!xnif_ring_publish(&q->tx.req, q->tx_prod))
		return;
	notify_remote_via_irq(q->tx_irq);
	trace_xennet_notify_send(q, XNIF_TRACE_RING_TX);
	u64_stats_update_begin(&q->stats->tx.syncp);
	u64_stats_inc(&q->stats->tx.notify_sent);
	u64_stats_update_end(&q->stats->tx.syncp);
}

/* Under the TX queue lock, which makes us the counters' only writer. */
static void xennet_tx_count(struct xennet_tx_stats *s, u64_stats_t *ctr)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(ctr);
	u64_stats_update_end(&s->syncp);
}

/* How a packet's data reaches the backend. */
enum xennet_tx_how {
	XENNET_TX_GRANT,	/* its own pages, granted per request */
	XENNET_TX_BOUNCE,	/* copied to fresh pages, granted */
	XENNET_TX_STAGED,	/* copied to staged pages: no grant */
};

/*
 * Staged pages when the pool is on and has one free for each 4 KiB of
 * the packet: they hold nothing but the packet, so they also do for a
 * packet that must bounce (16 slots at most, the first a full one).
 * Otherwise, bounce or grant.
 */
static enum xennet_tx_how xennet_tx_how(struct xennet_queue *q,
					const struct sk_buff *skb,
					unsigned int slots)
{
	if (q->tx_staged) {
		if (xnif_staged_tx_have(&q->staged.tx,
					xnif_bounce_slots(skb->len)))
			return XENNET_TX_STAGED;
		xennet_tx_count(&q->stats->tx, &q->stats->tx.staged_fallback);
	}
	return xennet_tx_must_bounce(q, skb, slots) ? XENNET_TX_BOUNCE :
						      XENNET_TX_GRANT;
}

/*
 * Build all requests of one packet; the ring has room for them, and
 * since every response frees an id or settles an owed placeholder, the id
 * pool has at least as many ids as the ring has free slots. If it has not,
 * the backend answered what it was never sent: -EPROTO, nothing written.
 */
static int xennet_tx_build(struct xennet_queue *q, struct sk_buff *skb,
			   unsigned int slots, enum xennet_tx_how how)
{
	struct xennet_tx_build b = { .q = q, .skb = skb };
	int err;

	if (how != XENNET_TX_GRANT)
		slots = xnif_bounce_slots(skb->len);
	if (unlikely(!xnif_tx_ids_have(&q->tx_ids, slots)))
		return -EPROTO;

	if (skb_is_gso(skb)) {
		err = xnif_gso_fill(&b.gso, skb_shinfo(skb)->gso_size,
				    skb_shinfo(skb)->gso_type);
		if (err)
			return err;
		b.gso_pending = true;
	}
	if (how == XENNET_TX_BOUNCE) {
		err = xennet_tx_bounce_data(&b);
		if (err)
			return err;
		xennet_tx_count(&q->stats->tx, &q->stats->tx.bounced);
	} else if (how == XENNET_TX_STAGED) {
		xennet_tx_staged_data(&b);
		xennet_tx_count(&q->stats->tx, &q->stats->tx.staged);
	} else {
		xennet_tx_skb_data(&b);
	}
	XENNET_TX_CB(skb)->pending = b.slots;
	xennet_tx_finish_first(&b);
	return 0;
}

/* Counted even with no queue: the counters outlive the queues. */
static void xennet_tx_drop(struct xennet_tx_stats *s, struct sk_buff *skb)
{
	xennet_tx_count(s, &s->dropped);
	dev_kfree_skb_any(skb);
}

/*
 * Drop a packet of a live queue. Packets before it in the core's batch
 * (xmit_more) may have left their requests unpublished, waiting for the
 * doorbell of the batch's last packet: if this was the last, ring it, or
 * they wait for ever while BQL counts them in flight and keeps the queue
 * stopped. A device the backend broke is left alone.
 */
static void xennet_tx_drop_last(struct xennet_queue *q, struct sk_buff *skb)
{
	xennet_tx_drop(&q->stats->tx, skb);
	if (!netdev_xmit_more() && !xennet_broken(q->info))
		xennet_tx_push(q);
}

netdev_tx_t xennet_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xennet_info *np = netdev_priv(dev);
	unsigned int qid = skb_get_queue_mapping(skb);
	struct netdev_queue *txq = netdev_get_tx_queue(dev, qid);
	struct xennet_queue *q;
	unsigned int slots, len = skb->len;
	bool kick;
	int err;

	if (unlikely(!np->queues || qid >= np->num_queues ||
		     xennet_broken(np))) {
		xennet_tx_drop(&np->stats[qid].tx, skb);
		return NETDEV_TX_OK;
	}
	q = &np->queues[qid];
	/* The first request's size field is 16 bits wide. */
	if (unlikely(len > XEN_NETIF_MAX_TX_SIZE || len < ETH_HLEN)) {
		xennet_tx_drop_last(q, skb);
		return NETDEV_TX_OK;
	}
	slots = xennet_skb_slots(skb);
	err = xennet_tx_build(q, skb, slots, xennet_tx_how(q, skb, slots));
	if (unlikely(err)) {
		if (err == -EPROTO)
			xennet_fatal(q, XNIF_RSP_TX_NO_FREE_ID);
		xennet_tx_drop_last(q, skb);
		return NETDEV_TX_OK;
	}
	skb_tx_timestamp(skb);

	u64_stats_update_begin(&q->stats->tx.syncp);
	u64_stats_inc(&q->stats->tx.packets);
	u64_stats_add(&q->stats->tx.bytes, len);
	u64_stats_update_end(&q->stats->tx.syncp);

	kick = __netdev_tx_sent_queue(txq, len, netdev_xmit_more());
	if (unlikely(xennet_tx_space(q) < XENNET_TX_MAX_NEED)) {
		netif_tx_stop_queue(txq);
		xennet_tx_count(&q->stats->tx, &q->stats->tx.ring_full);
		trace_xennet_tx_ring_full(q, xennet_tx_space(q));
		kick = true;
	}
	if (kick)
		xennet_tx_push(q);
	return NETDEV_TX_OK;
}

/* One answered slot: end its grant and, with its last slot, the skb. */
static enum xnif_rsp_err xennet_tx_done(struct xennet_queue *q, u16 id,
					int budget, unsigned int *pkts,
					unsigned int *bytes)
{
	struct xennet_tx_slot *slot = &q->tx_slots[id];
	struct sk_buff *skb = slot->skb;

	if (!skb && !slot->xdp)
		return XNIF_RSP_TX_NOT_IN_FLIGHT;
	if (slot->staged) {
		/*
		 * No grant to end: the page goes back to the share. The
		 * ledger gave this id back once, and the share holds each
		 * page by one id, so no lie frees a page twice.
		 */
		xnif_staged_tx_put(&q->staged.tx, id);
		slot->staged = false;
	} else if (!gnttab_end_foreign_access_ref(slot->gref)) {
		return XNIF_RSP_GRANT_IN_USE;
	}
	if (slot->own_page)
		put_page(slot->page);
	slot->skb = NULL;
	if (slot->xdp) {
		/* Not in BQL's count: only skbs went through it. */
		if (slot->xdpf)
			xdp_return_frame(slot->xdpf);
		slot->xdpf = NULL;
		slot->xdp = false;
		return XNIF_RSP_OK;
	}
	if (--XENNET_TX_CB(skb)->pending)
		return XNIF_RSP_OK;
	(*pkts)++;
	*bytes += skb->len;
	napi_consume_skb(skb, budget);
	return XNIF_RSP_OK;
}

static enum xnif_rsp_err xennet_tx_reap_locked(struct xennet_queue *q,
					       int budget, unsigned int *pkts,
					       unsigned int *bytes)
{
	u32 prod = xnif_ring_peer_prod(&q->tx.rsp);
	u32 cons = q->tx_cons;
	enum xnif_rsp_err err = XNIF_RSP_OK;

	if (!xnif_rsp_prod_valid(prod, cons, q->tx_prod))
		return XNIF_RSP_BAD_PROD;
	for (; cons != prod; cons++) {
		struct xen_netif_tx_response rsp;
		int id;

		rsp = READ_ONCE(*(struct xen_netif_tx_response *)
				xnif_ring_rsp(&q->tx, cons));
		/* The ledger checks the copy and gives the id back, once. */
		err = xnif_tx_ids_answer(&q->tx_ids, &rsp, &id);
		if (err)
			break;
		if (id < 0)
			continue;
		if (rsp.status != XEN_NETIF_RSP_OKAY)
			xennet_tx_count(&q->stats->tx, &q->stats->tx.errors);
		err = xennet_tx_done(q, id, budget, pkts, bytes);
		if (err)
			break;
	}
	WRITE_ONCE(q->tx_cons, cons);
	return err;
}

/* Take in TX completions; called from the queue's NAPI poll. */
void xennet_tx_reap(struct xennet_queue *q, int budget)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->info->netdev, q->id);
	unsigned int pkts = 0, bytes = 0;
	enum xnif_rsp_err err;

	__netif_tx_lock(txq, smp_processor_id());
	err = xennet_tx_reap_locked(q, budget, &pkts, &bytes);
	netdev_tx_completed_queue(txq, pkts, bytes);
	if (unlikely(err))
		xennet_fatal(q, err);
	else if (netif_tx_queue_stopped(txq) &&
		 xennet_tx_space(q) >= XENNET_TX_MAX_NEED &&
		 !READ_ONCE(q->info->reconnect))
		netif_tx_wake_queue(txq);
	__netif_tx_unlock(txq);
}

/*
 * Ask for the next completion event halfway through what is outstanding,
 * so one event reaps a batch. Returns true if responses past that point
 * arrived before the event index was set: nobody will notify for those.
 */
bool xennet_tx_arm(struct xennet_queue *q)
{
	u32 cons = READ_ONCE(q->tx_cons);
	u32 outstanding = READ_ONCE(q->tx_prod) - cons;
	u32 want = cons + max(1U, outstanding / 2);
	u32 prod = xnif_ring_arm(&q->tx.rsp, want);

	return (s32)(prod - want) >= 0;
}

/*
 * An XDP frame's slot at teardown. The grant is ended later if the
 * backend still maps the page, which keeps a reference of its own
 * until then; the frame goes back to its owner now.
 */
static void xennet_tx_release_xdp(struct xennet_tx_slot *slot)
{
	if (!slot->own_page)
		get_page(slot->page);
	gnttab_end_foreign_access(slot->gref, slot->page);
	if (slot->xdpf)
		xdp_return_frame(slot->xdpf);
	slot->xdpf = NULL;
	slot->xdp = false;
}

/*
 * Drop every outstanding request: the backend is gone or no longer
 * trusted. A grant it still maps is ended later by the grant table
 * code, which keeps the page alive until then.
 */
void xennet_tx_release(struct xennet_queue *q)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->info->netdev, q->id);
	unsigned int i;

	for (i = 0; i < q->tx.size; i++) {
		struct xennet_tx_slot *slot = &q->tx_slots[i];
		struct sk_buff *skb = slot->skb;

		if (slot->gref == INVALID_GRANT_REF)
			continue;
		if (slot->xdp) {
			xennet_tx_release_xdp(slot);
			continue;
		}
		/* A staged request granted nothing: its page goes with the pool. */
		if (!skb || slot->staged) {
			gnttab_free_grant_reference(slot->gref);
			slot->staged = false;
			if (!skb)
				continue;
		} else {
			if (!slot->own_page)
				get_page(slot->page);
			gnttab_end_foreign_access(slot->gref, slot->page);
		}
		slot->skb = NULL;
		if (!--XENNET_TX_CB(skb)->pending)
			dev_kfree_skb_any(skb);
	}
	netdev_tx_reset_queue(txq);
}

/*
 * Queue one XDP frame as a single request, under the TX queue lock. The
 * skb path stops the queue when less than XENNET_TX_MAX_NEED slots are
 * left and counts on that much room while it runs, so a frame never
 * takes the last of them. An untrusted backend gets a copy in a fresh
 * page: the frame's own page holds the xdp_frame (kernel pointers) in
 * its headroom. Returns 0 or -ENOSPC, -EINVAL, -ENOMEM.
 */
static int xennet_xdp_put(struct xennet_queue *q, struct xdp_frame *xdpf)
{
	unsigned int off = xen_offset_in_page(xdpf->data), len = xdpf->len;
	unsigned long gfn = virt_to_gfn(xdpf->data);
	struct page *page = virt_to_page(xdpf->data);
	struct xennet_tx_slot *slot;
	bool bounce = q->info->bounce;
	int id;

	if (len < ETH_HLEN || xnif_buf_slots(off, len) != 1)
		return -EINVAL;
	if (xennet_tx_space(q) <= XENNET_TX_MAX_NEED ||
	    !xnif_tx_ids_have(&q->tx_ids, 1))
		return -ENOSPC;
	if (bounce) {
		struct page *copy = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
		void *va;

		if (!copy)
			return -ENOMEM;
		va = page_address(copy);
		memcpy(va, xdpf->data, len);
		/* The rest of the page is granted too: it must hold nothing. */
		memset(va + len, 0, PAGE_SIZE - len);
		page = copy;
		gfn = xen_page_to_gfn(copy);
		off = 0;
	}
	id = xnif_tx_id_take(&q->tx_ids, false);
	if (WARN_ON_ONCE(id < 0)) {
		if (bounce)
			put_page(page);
		return -ENOSPC;
	}
	slot = &q->tx_slots[id];
	gnttab_grant_foreign_access_ref(slot->gref, q->info->xbdev->otherend_id,
					gfn, 1);
	slot->skb = NULL;
	slot->page = page;
	slot->own_page = bounce;
	slot->xdp = true;
	slot->xdpf = bounce ? NULL : xdpf;
	if (bounce)
		xdp_return_frame(xdpf);

	xennet_tx_post(q, slot->gref, off, id, len);

	u64_stats_update_begin(&q->stats->tx.syncp);
	u64_stats_inc(&q->stats->tx.packets);
	u64_stats_add(&q->stats->tx.bytes, len);
	u64_stats_update_end(&q->stats->tx.syncp);
	return 0;
}

/* XDP_TX from q's own NAPI poll; published by xennet_xdp_tx_flush(). */
bool xennet_xdp_tx(struct xennet_queue *q, struct xdp_buff *xdp)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->info->netdev, q->id);
	struct xdp_frame *xdpf = xdp_convert_buff_to_frame(xdp);
	int err;

	/* No room in front of the frame for its descriptor. */
	if (unlikely(!xdpf))
		return false;
	__netif_tx_lock(txq, smp_processor_id());
	err = xennet_xdp_put(q, xdpf);
	__netif_tx_unlock(txq);
	return !err;
}

/* Publish what XDP_TX queued in this poll, and notify if needed. */
void xennet_xdp_tx_flush(struct xennet_queue *q)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->info->netdev, q->id);

	__netif_tx_lock(txq, smp_processor_id());
	xennet_tx_push(q);
	__netif_tx_unlock(txq);
}

/*
 * ndo_xdp_xmit: frames redirected to us, on the queue of this CPU. The
 * queues may be going away: a queue whose TX is stopped is not used,
 * and np->queues is read only under the TX queue lock once it is known
 * to be running, since xennet_disconnect() stops every TX queue under
 * its lock before it frees them. Frames not taken are the caller's.
 */
int xennet_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		    u32 flags)
{
	struct xennet_info *np = netdev_priv(dev);
	unsigned int qid = smp_processor_id() % dev->real_num_tx_queues;
	struct netdev_queue *txq = netdev_get_tx_queue(dev, qid);
	struct xennet_tx_stats *s = &np->stats[qid].tx;
	struct xennet_queue *queues;
	int sent = 0;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	__netif_tx_lock(txq, smp_processor_id());
	queues = READ_ONCE(np->queues);
	if (likely(!netif_tx_queue_stopped(txq) && !xennet_broken(np) &&
		   queues && qid < READ_ONCE(np->num_queues))) {
		while (sent < n && !xennet_xdp_put(&queues[qid], frames[sent]))
			sent++;
		if (sent && (flags & XDP_XMIT_FLUSH))
			xennet_tx_push(&queues[qid]);
	}
	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->xdp_xmit, sent);
	u64_stats_add(&s->xdp_xmit_errors, n - sent);
	u64_stats_update_end(&s->syncp);
	__netif_tx_unlock(txq);
	return sent;
}
