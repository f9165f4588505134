// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: guest TX, the NAPI poll of each queue.
 *
 * A poll reads the frontend's producer index once, then takes packets
 * one request at a time: each request is copied out of the ring once and
 * fed to tx_validate.c, which decides everything about the packet from
 * those copies. A good packet gets an skb of our own pages and a plan of
 * grant copies (copy_plan.c) that fill it; the copies of up to a poll's
 * worth of packets go to Xen in one batch, then every slot is answered and
 * the packets go up the stack. With tx_zerocopy the data slots of a
 * packet may instead be mapped (tx_zerocopy.c) and answered once the
 * stack lets go of the pages.
 *
 * A dropped packet is answered with errors and the guest carries on; a
 * fatal one disables the vif (xenvif_fatal()) and the poll stops reading.
 */
#include <linux/etherdevice.h>
#include <linux/tcp.h>

#include <xen/events.h>
#include <xen/page.h>

#include "compat.h"
#include "netback.h"
#include "trace.h"
#include "tx.h"

static void xenvif_tx_flush(struct xenvif_queue *queue);

int xenvif_tx_alloc(struct xenvif_queue *queue)
{
	queue->txb = kvzalloc(sizeof(*queue->txb), GFP_KERNEL);
	if (!queue->txb)
		return -ENOMEM;
	return 0;
}

void xenvif_tx_free(struct xenvif_queue *queue)
{
	kvfree(queue->txb);
	queue->txb = NULL;
}

/*
 * Whether the frontend posted requests since the last TX event; from that
 * event's handler only. A poll that rescheduled itself may already have
 * read them: the event was still honest.
 */
bool xenvif_tx_news(struct xenvif_queue *queue)
{
	return xnif_ring_news(&queue->tx.ring.req, &queue->tx.evt_seen);
}

static void xenvif_tx_read(struct xenvif_ring *ring, u32 idx,
			   struct xen_netif_tx_request *req)
{
	/* The one read of this slot: all checks look at the copy. */
	memcpy(req, xnif_ring_req(&ring->ring, idx), sizeof(*req));
}

static void xenvif_tx_put(struct xenvif_ring *ring, u16 id, s16 status)
{
	struct xen_netif_tx_response rsp = { .id = id, .status = status };

	memcpy(xnif_ring_rsp(&ring->ring, ring->rsp_prod++), &rsp, sizeof(rsp));
}

/*
 * Answer every slot of a packet: the first, a null response for each
 * extra-info slot, then the further data slots. Under tx_rsp_lock.
 */
static void xenvif_tx_answer(struct xenvif_queue *queue, const u16 *id,
			     unsigned int nr_slots, unsigned int nr_extras,
			     s16 status)
{
	unsigned int i;

	lockdep_assert_held(&queue->tx_rsp_lock);
	xenvif_tx_put(&queue->tx, id[0], status);
	for (i = 0; i < nr_extras; i++)
		xenvif_tx_put(&queue->tx, 0, XEN_NETIF_RSP_NULL);
	for (i = 1; i < nr_slots; i++)
		xenvif_tx_put(&queue->tx, id[i], status);
}

static void xenvif_tx_answer_pkt(struct xenvif_queue *queue,
				 const struct xnif_tx_packet *pkt, s16 status)
{
	u16 id[XNIF_TX_MAX_SLOTS];
	unsigned int i;

	for (i = 0; i < pkt->nr_slots; i++)
		id[i] = pkt->slot[i].id;
	spin_lock(&queue->tx_rsp_lock);
	xenvif_tx_answer(queue, id, pkt->nr_slots, pkt->extras.count, status);
	spin_unlock(&queue->tx_rsp_lock);
}

static void xenvif_tx_notify(struct xenvif_queue *queue)
{
	notify_remote_via_irq(queue->tx_evt.irq);
	trace_xenvif_notify_send(queue->vif, queue->id, XNIF_TRACE_RING_TX);
}

/* Publish responses and notify the guest if it asked. From the poll. */
static void xenvif_tx_push(struct xenvif_queue *queue)
{
	bool notify;

	spin_lock(&queue->tx_rsp_lock);
	notify = xenvif_ring_publish(&queue->tx);
	spin_unlock(&queue->tx_rsp_lock);
	if (notify) {
		xenvif_tx_notify(queue);
		xenvif_tx_stat_add(queue, &queue->stats.tx.notify_sent, 1);
	}
}

/*
 * In the queue's thread: answer the mapped packets the stack let go of,
 * one hypercall's worth of unmaps at a time, and only then give their
 * pages back. The thread's counters are the RX half's: it is their one
 * writer.
 */
void xenvif_tx_complete(struct xenvif_queue *queue)
{
	struct llist_node *list = xenvif_zc_done(queue);
	const struct xenvif_tx_done *d;
	unsigned int n, i;
	bool notify;

	while ((n = xenvif_zc_unmap(queue, &list, &d))) {
		spin_lock_bh(&queue->tx_rsp_lock);
		for (i = 0; i < n; i++)
			xenvif_tx_answer(queue, d[i].id, d[i].nr_slots,
					 d[i].nr_extras, d[i].status);
		notify = xenvif_ring_publish(&queue->tx);
		spin_unlock_bh(&queue->tx_rsp_lock);
		if (notify) {
			xenvif_tx_notify(queue);
			xenvif_rx_stat_add(queue,
					   &queue->stats.rx.late_notify_sent, 1);
		}
		xenvif_zc_recycle(queue, n);
	}
}

/*
 * Teardown: the thread is stopped and the poll cannot run; wait until the
 * stack has returned every mapped page, answering as they come back.
 * Mapped slots are answered on the ring and event channel: the caller
 * keeps both until this returns.
 */
void xenvif_tx_drain(struct xenvif_queue *queue)
{
	unsigned long warn = jiffies + 10 * HZ;

	while (xenvif_zc_inflight(queue)) {
		xenvif_tx_complete(queue);
		if (!xenvif_zc_inflight(queue))
			break;
		wait_event_timeout(queue->wq, xenvif_zc_work(queue), HZ);
		if (time_after(jiffies, warn)) {
			netdev_warn(queue->vif->dev, "queue %u: waiting for the stack to free %d guest packets\n",
				    queue->id, xenvif_zc_inflight(queue));
			warn = jiffies + 10 * HZ;
		}
	}
}

enum hrtimer_restart xenvif_tx_coalesce_expired(struct hrtimer *t)
{
	struct xenvif_queue *queue = container_of(t, struct xenvif_queue,
						  tx_coalesce);

	napi_schedule(&queue->napi);
	return HRTIMER_NORESTART;
}

void xenvif_tx_credit_expired(struct timer_list *t)
{
	struct xenvif_queue *queue = timer_container_of(queue, t, credit_timer);

	WRITE_ONCE(queue->rate_limited, false);
	napi_schedule(&queue->napi);
}

/* Follow a change of the toolstack's rate; under vif->credit_lock. */
static void xenvif_tx_rate_sync(struct xenvif *vif, unsigned int gen,
				unsigned long now)
{
	u64 bytes;
	u32 usecs;

	spin_lock(&vif->rate_lock);
	bytes = vif->rate_bytes;
	usecs = vif->rate_usecs;
	spin_unlock(&vif->rate_lock);
	xnif_credit_set_at(&vif->credit, bytes, usecs, now,
			   usecs_to_jiffies(usecs));
	WRITE_ONCE(vif->credit_unlimited, xnif_credit_unlimited(&vif->credit));
	WRITE_ONCE(vif->credit_gen, gen);
}

/*
 * Take credit for size bytes from the vif's, shared by all its queues,
 * or arm the queue's timer for the next period.
 */
static bool xenvif_tx_credit(struct xenvif_queue *queue, unsigned int size)
{
	struct xenvif *vif = queue->vif;
	unsigned long now = jiffies, next;
	unsigned int gen;
	bool ok;

	if (likely(atomic_read(&vif->rate_gen) == READ_ONCE(vif->credit_gen) &&
		   READ_ONCE(vif->credit_unlimited)))
		return true;
	spin_lock(&vif->credit_lock);
	/* Read under the lock, so that credit_gen only moves forward. */
	gen = atomic_read(&vif->rate_gen);
	if (gen != vif->credit_gen)
		xenvif_tx_rate_sync(vif, gen, now);
	ok = xnif_credit_take_at(&vif->credit, size, now,
				 usecs_to_jiffies(vif->credit.period_us));
	next = vif->credit.next;
	spin_unlock(&vif->credit_lock);
	if (ok)
		return true;
	WRITE_ONCE(queue->rate_limited, true);
	xenvif_tx_stat_add(queue, &queue->stats.tx.rate_limited, 1);
	mod_timer(&queue->credit_timer, next);
	return false;
}

/*
 * Read the next packet into queue->pkt and give its verdict. Returns
 * false, consuming nothing, when there is no credit for it.
 */
static bool xenvif_tx_take(struct xenvif_queue *queue, u32 *avail,
			   enum xnif_tx_reason *verdict)
{
	struct xenvif_ring *ring = &queue->tx;
	struct xen_netif_tx_request req;
	enum xnif_tx_reason r;
	u32 used = 1;

	xenvif_tx_read(ring, ring->req_cons, &req);
	if (!xenvif_tx_credit(queue, req.size))
		return false;
	r = xnif_tx_begin(&queue->pkt, &req, xenvif_fatal_skb_slots + 1);
	while (r == XNIF_TX_MORE) {
		/* Frontends publish whole packets: look again, then give up. */
		if (used == *avail &&
		    (!xenvif_ring_requests(ring, avail) || used == *avail)) {
			r = XNIF_TX_BAD_TRUNCATED;
			break;
		}
		xenvif_tx_read(ring, ring->req_cons + used++, &req);
		r = xnif_tx_feed(&queue->pkt, &req);
	}
	ring->req_cons += used;
	*avail -= min(used, *avail);
	*verdict = r;
	return true;
}

static unsigned int xenvif_tx_add_dst(struct xenvif_tx_batch *b,
				      unsigned int n, void *addr,
				      unsigned int len)
{
	while (len) {
		unsigned int off = xen_offset_in_page(addr);
		unsigned int take = min_t(unsigned int, len,
					  XEN_PAGE_SIZE - off);

		b->dst[n] = (struct xnif_span){ .off = off, .len = take };
		b->dst_page[n++] = addr - off;
		addr += take;
		len -= take;
	}
	return n;
}

/* An skb of our own for len bytes, and its spans in b->dst. */
static struct sk_buff *xenvif_tx_skb(struct xenvif_queue *queue,
				     unsigned int len, unsigned int *ndst)
{
	unsigned int linear = len <= XENVIF_TX_COPYBREAK ? len :
			      XENVIF_TX_HEADLEN;
	struct xenvif_tx_batch *b = queue->txb;
	struct sk_buff *skb;
	unsigned int off, n;

	skb = napi_alloc_skb(&queue->napi, linear);
	if (!skb)
		return NULL;
	n = xenvif_tx_add_dst(b, 0, __skb_put(skb, linear), linear);
	for (off = linear; off < len; ) {
		unsigned int size = min_t(unsigned int, len - off, PAGE_SIZE);
		struct page *page = alloc_page(GFP_ATOMIC | __GFP_NOWARN);

		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, 0, size,
				PAGE_SIZE);
		n = xenvif_tx_add_dst(b, n, page_address(page), size);
		off += size;
	}
	*ndst = n;
	return skb;
}

/* GSO and hash from the extras, onto the skb. */
static void xenvif_tx_extras(const struct xnif_tx_packet *pkt,
			     struct sk_buff *skb)
{
	const struct xen_netif_extra_info *e;
	unsigned int gso_type;

	e = xnif_extras_get(&pkt->extras, XEN_NETIF_EXTRA_TYPE_GSO);
	if (e && !xnif_gso_parse(e, &gso_type)) {
		skb_shinfo(skb)->gso_size = e->u.gso.size;
		skb_shinfo(skb)->gso_type = gso_type;
	}
	e = xnif_extras_get(&pkt->extras, XEN_NETIF_EXTRA_TYPE_HASH);
	if (e) {
		u32 hash = get_unaligned_le32(e->u.hash.value);

		switch (e->u.hash.type) {
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV4:
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV6:
			skb_set_hash(skb, hash, PKT_HASH_TYPE_L3);
			break;
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP:
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP:
			skb_set_hash(skb, hash, PKT_HASH_TYPE_L4);
			break;
		}
	}
}

/*
 * Turn the plan into grant copies from the guest's slots, or copies out
 * of pages the backend keeps mapped (staged grants), done at once. The
 * packet is parsed later from our skb, so the guest's data is read once
 * either way. Returns the grant copies added.
 */
static unsigned int xenvif_tx_add_ops(struct xenvif_queue *queue,
				      const struct xnif_tx_packet *pkt, int n)
{
	struct xenvif_tx_batch *b = queue->txb;
	unsigned int first = b->nr_ops;
	int i;

	for (i = 0; i < n; i++) {
		const struct xnif_chunk *c = &b->chunk[i];
		struct gnttab_copy *op;

		if (xenvif_staged_tx_copy(queue, pkt->slot[c->src].gref,
					  c->src_off,
					  b->dst_page[c->dst] + c->dst_off,
					  c->len))
			continue;
		op = &b->op[b->nr_ops++];
		op->source.u.ref = pkt->slot[c->src].gref;
		op->source.domid = queue->vif->domid;
		op->source.offset = c->src_off;
		op->dest.u.gmfn = virt_to_gfn(b->dst_page[c->dst]);
		op->dest.domid = DOMID_SELF;
		op->dest.offset = c->dst_off;
		op->len = c->len;
		op->flags = GNTCOPY_source_gref;
	}
	return b->nr_ops - first;
}

/* An skb of our pages for the whole packet; every slot copied. */
static struct sk_buff *xenvif_tx_copy_skb(struct xenvif_queue *queue,
					  const struct xnif_tx_packet *pkt,
					  unsigned int *ndst)
{
	struct xenvif_tx_batch *b = queue->txb;
	unsigned int i;

	for (i = 0; i < pkt->nr_slots; i++)
		b->src[i] = (struct xnif_span){ .off = pkt->slot[i].offset,
						.len = pkt->slot[i].size };
	return xenvif_tx_skb(queue, pkt->len, ndst);
}

/*
 * A large packet's skb with its slots' remainders to map, or NULL to copy
 * it: the copied head's spans in b->dst. A full map batch is run first.
 */
static struct sk_buff *xenvif_tx_zc_skb(struct xenvif_queue *queue,
					const struct xnif_tx_packet *pkt,
					struct xenvif_zc_pkt **zp,
					unsigned int *ndst)
{
	struct sk_buff *skb = xenvif_zc_skb(queue, pkt, zp);

	if (skb == ERR_PTR(-ENOSPC)) {
		xenvif_tx_flush(queue);
		skb = xenvif_zc_skb(queue, pkt, zp);
	}
	if (IS_ERR_OR_NULL(skb))
		return NULL;
	*ndst = xenvif_tx_add_dst(queue->txb, 0, skb->data, skb_headlen(skb));
	return skb;
}

/* Queue a good packet's copies and maps; false if it could not be. */
static bool xenvif_tx_build(struct xenvif_queue *queue,
			    const struct xnif_tx_packet *pkt)
{
	struct xenvif_tx_batch *b = queue->txb;
	struct xenvif_zc_pkt *zp = NULL;
	struct xenvif_tx_pending *p;
	struct sk_buff *skb = NULL;
	unsigned int i, ndst;
	int n;

	if (b->nr_pkts == ARRAY_SIZE(b->pkt) ||
	    b->nr_ops + XENVIF_TX_PKT_OPS > XENVIF_TX_BATCH_OPS)
		xenvif_tx_flush(queue);
	/* While the guest still owns every slot: nothing answered yet. */
	if (unlikely(READ_ONCE(xenvif_grant_scan)))
		xenvif_scan_tx(queue->vif, pkt);
	/* A packet in pages we map already is copied, never mapped again. */
	if (queue->zc && pkt->len > XENVIF_TX_COPYBREAK &&
	    !xenvif_staged_tx_named(queue, pkt))
		skb = xenvif_tx_zc_skb(queue, pkt, &zp, &ndst);
	if (!skb)
		skb = xenvif_tx_copy_skb(queue, pkt, &ndst);
	if (!skb)
		return false;
	n = xnif_copy_plan(b->src, pkt->nr_slots, b->dst, ndst, b->chunk,
			   XENVIF_TX_PKT_OPS);
	if (WARN_ON_ONCE(n < 0)) {
		if (zp)
			xenvif_zc_cancel(queue, zp);
		kfree_skb(skb);
		return false;
	}
	xenvif_tx_extras(pkt, skb);
	if (zp)
		xenvif_zc_add_maps(queue, pkt, zp);

	p = &b->pkt[b->nr_pkts++];
	p->skb = skb;
	p->zc = zp;
	p->first_op = b->nr_ops;
	for (i = 0; i < pkt->nr_slots; i++)
		p->id[i] = pkt->slot[i].id;
	p->nr_slots = pkt->nr_slots;
	p->nr_extras = pkt->extras.count;
	p->flags = pkt->slot[0].flags;
	p->nr_ops = xenvif_tx_add_ops(queue, pkt, n);
	return true;
}

/* A GSO packet must be TCP over the IP version its GSO type says. */
static bool xenvif_tx_gso_ok(struct sk_buff *skb)
{
	unsigned int type = skb_shinfo(skb)->gso_type;
	unsigned int hdr;

	if (!skb_transport_header_was_set(skb) ||
	    skb->csum_offset != offsetof(struct tcphdr, check))
		return false;
	if ((type & SKB_GSO_TCPV4) && skb->protocol != htons(ETH_P_IP))
		return false;
	if ((type & SKB_GSO_TCPV6) && skb->protocol != htons(ETH_P_IPV6))
		return false;
	hdr = skb_tcp_all_headers(skb);
	if (skb->len <= hdr)
		return false;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(skb->len - hdr,
						 skb_shinfo(skb)->gso_size);
	return true;
}

static int xenvif_tx_csum(struct xenvif_queue *queue, struct sk_buff *skb)
{
	bool recalc = false;

	/* Some frontends forget csum_blank on GSO packets: repair it. */
	if (skb_is_gso(skb) && skb->ip_summed != CHECKSUM_PARTIAL) {
		xenvif_tx_stat_add(queue, &queue->stats.tx.csum_fixup, 1);
		skb->ip_summed = CHECKSUM_PARTIAL;
		recalc = true;
	}
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	return skb_checksum_setup(skb, recalc);
}

static void xenvif_tx_deliver(struct xenvif_queue *queue, struct sk_buff *skb,
			      u16 flags, bool mapped)
{
	unsigned int len = skb->len;

	skb->protocol = eth_type_trans(skb, queue->vif->dev);
	skb_reset_network_header(skb);
	if (flags & XEN_NETTXF_csum_blank)
		skb->ip_summed = CHECKSUM_PARTIAL;
	else if (flags & XEN_NETTXF_data_validated)
		skb->ip_summed = CHECKSUM_UNNECESSARY;

	if (xenvif_tx_csum(queue, skb) ||
	    (skb_is_gso(skb) && !xenvif_tx_gso_ok(skb))) {
		xenvif_tx_stat_add(queue, &queue->stats.tx.dropped, 1);
		kfree_skb(skb);
		return;
	}
	skb_probe_transport_header(skb);

	u64_stats_update_begin(&queue->stats.tx.syncp);
	u64_stats_inc(&queue->stats.tx.packets);
	u64_stats_add(&queue->stats.tx.bytes, len);
	u64_stats_update_end(&queue->stats.tx.syncp);
	/*
	 * GRO never merges zero-copy skbs and would only hold a mapped
	 * packet, and the guest's pages with it, until the poll ends.
	 */
	if (mapped)
		netif_receive_skb(skb);
	else
		napi_gro_receive(&queue->napi, skb);
}

static bool xenvif_tx_copied(const struct xenvif_tx_batch *b,
			     const struct xenvif_tx_pending *p)
{
	unsigned int i;

	for (i = p->first_op; i < p->first_op + p->nr_ops; i++)
		if (b->op[i].status != GNTST_okay)
			return false;
	return true;
}

/*
 * Run the batch's copies and maps, answer the copied packets (mapped ones
 * are answered when their pages come back) and pass the good ones on.
 */
static void xenvif_tx_flush(struct xenvif_queue *queue)
{
	struct xenvif_tx_batch *b = queue->txb;
	struct xenvif_tx_pending *p;
	unsigned int i;

	if (!b->nr_pkts)
		return;
	if (b->nr_ops)
		gnttab_batch_copy(b->op, b->nr_ops);
	xenvif_zc_map(queue);

	spin_lock(&queue->tx_rsp_lock);
	for (p = b->pkt; p < b->pkt + b->nr_pkts; p++) {
		bool ok = xenvif_tx_copied(b, p);

		if (p->zc)
			ok = xenvif_zc_attach(queue, p->zc, p->skb, ok);
		else
			xenvif_tx_answer(queue, p->id, p->nr_slots,
					 p->nr_extras,
					 ok ? XEN_NETIF_RSP_OKAY :
					      XEN_NETIF_RSP_ERROR);
		if (!ok) {
			atomic_long_inc(&queue->vif->reasons.tx_bad_gref);
			kfree_skb(p->skb);
			p->skb = NULL;
		}
	}
	spin_unlock(&queue->tx_rsp_lock);
	xenvif_tx_push(queue);

	for (i = 0; i < b->nr_pkts; i++) {
		p = &b->pkt[i];
		if (!p->skb) {
			xenvif_tx_stat_add(queue, &queue->stats.tx.dropped, 1);
			continue;
		}
		xenvif_tx_stat_add(queue, p->zc ? &queue->stats.tx.mapped :
				   &queue->stats.tx.copied, 1);
		xenvif_tx_deliver(queue, p->skb, p->flags, p->zc);
	}
	b->nr_pkts = 0;
	b->nr_ops = 0;
}

/* A multicast filter update: act on it and answer, no frame to pass on. */
static void xenvif_tx_mcast(struct xenvif_queue *queue,
			    const struct xnif_tx_packet *pkt)
{
	const struct xen_netif_extra_info *e;
	s16 status = XEN_NETIF_RSP_OKAY;

	e = xnif_extras_get(&pkt->extras, XEN_NETIF_EXTRA_TYPE_MCAST_ADD);
	if (e && xenvif_mcast_add(queue->vif, e->u.mcast.addr))
		status = XEN_NETIF_RSP_ERROR;
	e = xnif_extras_get(&pkt->extras, XEN_NETIF_EXTRA_TYPE_MCAST_DEL);
	if (e)
		xenvif_mcast_del(queue->vif, e->u.mcast.addr);
	xenvif_tx_answer_pkt(queue, pkt, status);
}

/* One packet with its verdict: pass it on, answer it or give up. */
static bool xenvif_tx_handle(struct xenvif_queue *queue,
			     enum xnif_tx_reason r)
{
	struct xnif_tx_packet *pkt = &queue->pkt;

	if (r != XNIF_TX_OK)
		atomic_long_inc(&queue->vif->reasons.tx[r]);
	if (xnif_tx_is_fatal(r)) {
		xenvif_fatal(queue->vif, queue->id, xnif_tx_reason_name(r));
		return false;
	}
	if (r != XNIF_TX_OK) {
		xenvif_tx_stat_add(queue, &queue->stats.tx.dropped, 1);
		xenvif_tx_answer_pkt(queue, pkt, XEN_NETIF_RSP_ERROR);
	} else if (xnif_tx_is_mcast(pkt)) {
		xenvif_tx_mcast(queue, pkt);
	} else if (!xenvif_tx_build(queue, pkt)) {
		xenvif_tx_stat_add(queue, &queue->stats.tx.dropped, 1);
		xenvif_tx_answer_pkt(queue, pkt, XEN_NETIF_RSP_ERROR);
	}
	return true;
}

static int xenvif_tx_action(struct xenvif_queue *queue, int budget)
{
	enum xnif_tx_reason verdict;
	u32 avail = 0;
	int done = 0;

	while (done < budget) {
		if (!avail && !xenvif_ring_requests(&queue->tx, &avail)) {
			atomic_long_inc(&queue->vif->reasons.tx[XNIF_TX_BAD_PROD]);
			xenvif_fatal(queue->vif, queue->id,
				     xnif_tx_reason_name(XNIF_TX_BAD_PROD));
			break;
		}
		if (!avail || !xenvif_tx_take(queue, &avail, &verdict))
			break;
		done++;
		if (!xenvif_tx_handle(queue, verdict))
			break;
	}
	xenvif_tx_flush(queue);
	xenvif_tx_push(queue);
	return done;
}

/*
 * Going idle: ask for an event on the next request and look once more,
 * or the request published meanwhile would wait for an event that was
 * never asked for. Then the channel may deliver events again.
 */
static void xenvif_tx_rearm(struct xenvif_queue *queue)
{
	struct xenvif_ring *ring = &queue->tx;

	if (xnif_ring_arm(&ring->ring.req, ring->req_cons + 1) !=
	    ring->req_cons)
		napi_schedule(&queue->napi);
	else
		xenvif_evt_release(&queue->tx_evt, XENVIF_EOI_TX);
}

/*
 * The ring is empty. A guest that is streaming has more coming: look
 * again a little later instead of asking for an event, and it sends none
 * while we have not asked. A guest answering a request re-arms at once,
 * so that it pays no delay (credit.h tells the two apart).
 */
static void xenvif_tx_idle(struct xenvif_queue *queue, int done)
{
	u64 hold = (u64)READ_ONCE(xenvif_tx_coalesce_usecs) * NSEC_PER_USEC;

	if (xnif_tx_pace_hold(&queue->tx_pace, done, ktime_get_ns(),
			      atomic_long_read(&queue->vif->rx_batches), hold))
		hrtimer_start(&queue->tx_coalesce, ns_to_ktime(hold),
			      HRTIMER_MODE_REL_PINNED);
	else
		xenvif_tx_rearm(queue);
}

int xenvif_tx_poll(struct napi_struct *napi, int budget)
{
	struct xenvif_queue *queue = container_of(napi, struct xenvif_queue,
						  napi);
	int done;

	/* A disabled vif keeps its event unacknowledged: the guest is muted. */
	if (unlikely(xenvif_broken(queue->vif))) {
		napi_complete(napi);
		return 0;
	}
	done = xenvif_tx_action(queue, budget);
	if (done < budget && napi_complete_done(napi, done) &&
	    !READ_ONCE(queue->rate_limited))
		xenvif_tx_idle(queue, done);
	return done;
}
