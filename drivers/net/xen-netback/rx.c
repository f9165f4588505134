// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: guest RX, what the vif transmits to the guest.
 *
 * start_xmit appends packets to a bounded per-queue list and wakes the
 * queue's kernel thread (queue.c), whose guest RX turn is xenvif_rx_run().
 * The thread waits until the guest has posted enough receive buffers for
 * the packet at the head, then lays the packet out over those buffers
 * (the first XDP headroom bytes in, the others from 0, extra-info slots
 * after the first), plans the grant copies (copy_plan.c) and sends them
 * to Xen in batches; responses are written and published after each
 * batch. The same thread drops packets that waited too long (drain) and
 * turns the carrier off when the guest stops posting buffers altogether
 * (stall), so that a guest can make dom0 hold only a bounded amount of
 * memory for it (XSA-392).
 */
#include <linux/etherdevice.h>

#include <xen/events.h>
#include <xen/page.h>

#include "netback.h"
#include "trace.h"

/* Responses and copies gathered before one flush. */
#define XENVIF_RX_BATCH_RSP	256
#define XENVIF_RX_BATCH_OPS	512
/* Packets one round of the thread sends before it looks around. */
#define XENVIF_RX_ROUND		64
/* Most 4 KiB pieces of one skb: 64 KiB of data in up to 18 pieces. */
#define XENVIF_RX_MAX_SPANS	64
/* Data buffers one packet may take: what every frontend accepts. */
#define XENVIF_RX_MAX_BUFS	(XEN_NETIF_NR_SLOTS_MIN - 1)
/* Extra-info slots one packet may carry: GSO, XDP headroom, hash. */
#define XENVIF_RX_MAX_EXTRAS	3
#define XENVIF_RX_MAX_SLOTS	(XENVIF_RX_MAX_BUFS + XENVIF_RX_MAX_EXTRAS)
#define XENVIF_RX_PKT_OPS	(XENVIF_RX_MAX_SPANS + XENVIF_RX_MAX_BUFS)
static_assert(XENVIF_RX_MAX_SLOTS <= XENVIF_RX_BATCH_RSP);
static_assert(XENVIF_RX_PKT_OPS <= XENVIF_RX_BATCH_OPS);

struct xenvif_rx_cb {
	unsigned long expires;		/* jiffies: drop if still queued */
	u32 charge;			/* bytes charged to queue and vif */
};

#define XENVIF_RX_CB(skb)	((struct xenvif_rx_cb *)(skb)->cb)

/* How one packet lies on the ring. */
struct xenvif_rx_layout {
	unsigned int headroom;
	unsigned int nbufs;		/* data buffers */
	unsigned int nextras;		/* extra-info slots */
};

struct xenvif_rx_batch {
	struct gnttab_copy op[XENVIF_RX_BATCH_OPS];
	u16 op_rsp[XENVIF_RX_BATCH_OPS];	/* response each op fills */
	struct xen_netif_rx_response rsp[XENVIF_RX_BATCH_RSP];
	struct sk_buff_head done;	/* sent, freed after the flush */
	unsigned int nr_ops;
	unsigned int nr_rsp;
	/* Scratch for one packet. */
	struct xen_netif_extra_info extra[XENVIF_RX_MAX_EXTRAS];
	struct xen_netif_rx_request req[XENVIF_RX_MAX_SLOTS];
	struct xnif_span src[XENVIF_RX_MAX_SPANS];
	void *src_page[XENVIF_RX_MAX_SPANS];
	struct xnif_span dst[XENVIF_RX_MAX_BUFS];
	struct xnif_chunk chunk[XENVIF_RX_PKT_OPS];
};

static struct xenvif_evtchn *xenvif_rx_evt(struct xenvif_queue *queue)
{
	return queue->split ? &queue->rx_evt : &queue->tx_evt;
}

int xenvif_rx_alloc(struct xenvif_queue *queue)
{
	struct xenvif *vif = queue->vif;

	queue->rxb = kvzalloc(sizeof(*queue->rxb), GFP_KERNEL);
	if (!queue->rxb)
		return -ENOMEM;
	__skb_queue_head_init(&queue->rxb->done);
	/* Every queue of the connection sets the same, all still empty. */
	vif->rx_pin.max = xnif_rx_pin_vif_max(READ_ONCE(xenvif_rx_pin_kib),
					      vif->num_queues);
	queue->rx_queue_max = xnif_rx_pin_queue_max(queue->rx.ring.size,
						    vif->rx_pin.max);
	queue->rx_progress = jiffies;
	return 0;
}

void xenvif_rx_free(struct xenvif_queue *queue)
{
	kvfree(queue->rxb);
	queue->rxb = NULL;
}

static struct sk_buff *xenvif_rx_dequeue(struct xenvif_queue *queue)
{
	struct net_device *dev = queue->vif->dev;
	struct sk_buff *skb;

	spin_lock_irq(&queue->rx_queue.lock);
	skb = __skb_dequeue(&queue->rx_queue);
	if (skb) {
		struct xnif_rx_pin *pin = &queue->vif->rx_pin;

		/* The vif has room again: every queue stopped for it may go. */
		if (xnif_rx_pin_uncharge(pin, &queue->rx_queue_bytes,
					 XENVIF_RX_CB(skb)->charge))
			netif_tx_wake_all_queues(dev);
		else if (!xnif_rx_pin_queue_full(queue->rx_queue_bytes,
						 queue->rx_queue_max) &&
			 !xnif_rx_pin_vif_full(pin))
			netif_tx_wake_queue(netdev_get_tx_queue(dev, queue->id));
	}
	spin_unlock_irq(&queue->rx_queue.lock);
	return skb;
}

static void xenvif_rx_drop(struct xenvif_queue *queue, struct sk_buff *skb)
{
	xenvif_rx_stat_add(queue, &queue->stats.rx.dropped, 1);
	kfree_skb(skb);
}

void xenvif_rx_purge(struct xenvif_queue *queue)
{
	struct sk_buff *skb;

	while ((skb = xenvif_rx_dequeue(queue)))
		xenvif_rx_drop(queue, skb);
}

static struct sk_buff *xenvif_rx_peek(struct xenvif_queue *queue)
{
	struct sk_buff *skb;

	/* Only this thread dequeues, so the head stays put once seen. */
	spin_lock_irq(&queue->rx_queue.lock);
	skb = skb_peek(&queue->rx_queue);
	spin_unlock_irq(&queue->rx_queue.lock);
	return skb;
}

netdev_tx_t xenvif_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs = rcu_dereference_bh(vif->qs);
	struct xenvif_queue *queue;
	struct netdev_queue *txq;
	unsigned long flags;
	bool was_empty;
	u32 charge;

	if (unlikely(!qs || xenvif_broken(vif)))
		goto drop;
	queue = &qs->queue[skb_get_queue_mapping(skb) % qs->num];
	txq = netdev_get_tx_queue(dev, queue->id);

	if (READ_ONCE(vif->mcast_ctrl) &&
	    is_multicast_ether_addr(skb->data) &&
	    !is_broadcast_ether_addr(skb->data) &&
	    !xenvif_mcast_match(vif, skb->data))
		goto drop;
	if (qs->num == 1)
		xenvif_hash_skb(vif, skb);
	XENVIF_RX_CB(skb)->expires = jiffies + vif->drain_timeout;
	skb_tx_timestamp(skb);

	/* irqsave: netpoll transmits with interrupts off. */
	spin_lock_irqsave(&queue->rx_queue.lock, flags);
	/* Charged at truesize, to the queue and the vif (XSA-392). */
	charge = xnif_rx_pin_charge(&vif->rx_pin, &queue->rx_queue_bytes,
				    queue->rx_queue_max, skb->len,
				    skb->truesize);
	if (!charge) {
		/* Woken by all after the vif drained, but still full itself. */
		if (xnif_rx_pin_queue_full(queue->rx_queue_bytes,
					   queue->rx_queue_max))
			netif_tx_stop_queue(txq);
		spin_unlock_irqrestore(&queue->rx_queue.lock, flags);
		atomic_long_inc(&queue->stats.xmit_dropped);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	XENVIF_RX_CB(skb)->charge = charge;
	was_empty = skb_queue_empty(&queue->rx_queue);
	__skb_queue_tail(&queue->rx_queue, skb);
	/* Stopped under the lock the thread wakes it under: no lost wake. */
	if (xnif_rx_pin_queue_full(queue->rx_queue_bytes, queue->rx_queue_max)) {
		netif_tx_stop_queue(txq);
	} else if (xnif_rx_pin_vif_full(&vif->rx_pin)) {
		/*
		 * Another queue's thread wakes us when the vif drains, under
		 * its own lock: stop, then look again, so that either we see
		 * its uncharge or it sees us stopped.
		 */
		netif_tx_stop_queue(txq);
		/* Pairs with the full barrier of xnif_rx_pin_uncharge(). */
		smp_mb__after_atomic();
		if (!xnif_rx_pin_vif_full(&vif->rx_pin))
			netif_tx_wake_queue(txq);
	}
	spin_unlock_irqrestore(&queue->rx_queue.lock, flags);

	if (was_empty)
		xenvif_kick_thread(queue);
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/*
 * The extra-info slots a packet carries, chained. Returns the count, or
 * -EPROTONOSUPPORT for a GSO packet the frontend did not ask for.
 */
static int xenvif_rx_extras(struct xenvif_queue *queue, struct sk_buff *skb,
			    unsigned int headroom)
{
	struct xen_netif_extra_info *x = queue->rxb->extra;
	const struct xenvif_features *fe = &queue->vif->fe;
	unsigned int n = 0, i;

	if (skb_is_gso(skb)) {
		unsigned int type = skb_shinfo(skb)->gso_type;

		if (((type & SKB_GSO_TCPV4) && !fe->gso_tcpv4) ||
		    ((type & SKB_GSO_TCPV6) && !fe->gso_tcpv6) ||
		    xnif_gso_fill(&x[n++], skb_shinfo(skb)->gso_size, type))
			return -EPROTONOSUPPORT;
	}
	if (headroom) {
		memset(&x[n], 0, sizeof(x[n]));
		x[n].type = XEN_NETIF_EXTRA_TYPE_XDP;
		x[n++].u.xdp.headroom = headroom;
	}
	if (xenvif_hash_extra(queue->vif, skb, &x[n]))
		n++;
	for (i = 0; i + 1 < n; i++)
		x[i].flags |= XEN_NETIF_EXTRA_FLAG_MORE;
	return n;
}

/* Lay the packet out; false if no frontend could take it. */
static bool xenvif_rx_layout(struct xenvif_queue *queue, struct sk_buff *skb,
			     struct xenvif_rx_layout *lay)
{
	int nextras;

	lay->headroom = READ_ONCE(queue->vif->xdp_headroom);
	lay->nbufs = xnif_rx_buffers(skb->len, lay->headroom);
	nextras = xenvif_rx_extras(queue, skb, lay->headroom);
	lay->nextras = max(nextras, 0);
	return nextras >= 0 && lay->nbufs &&
	       lay->nbufs <= XENVIF_RX_MAX_BUFS &&
	       (queue->vif->fe.can_sg || lay->nbufs == 1);
}

/* Buffers the guest has posted; a lying producer index disables the vif. */
static bool xenvif_rx_avail(struct xenvif_queue *queue, u32 *avail)
{
	if (xenvif_ring_requests(&queue->rx, avail))
		return true;
	atomic_long_inc(&queue->vif->reasons.rx_prod);
	xenvif_fatal(queue->vif, queue->id, "impossible RX producer index");
	return false;
}

/* Whether needed buffers are posted; if not, ask for an event when they are. */
static bool xenvif_rx_ready(struct xenvif_queue *queue, unsigned int needed)
{
	struct xenvif_ring *ring = &queue->rx;
	u32 avail;

	if (!xenvif_rx_avail(queue, &avail))
		return false;
	if (avail >= needed)
		return true;
	xnif_ring_arm(&ring->ring.req, ring->req_cons + needed);
	return xenvif_rx_avail(queue, &avail) && avail >= needed;
}

static int xenvif_rx_add_src(struct xenvif_rx_batch *b, int n, void *addr,
			     unsigned int len)
{
	while (len) {
		unsigned int off = xen_offset_in_page(addr);
		unsigned int take = min_t(unsigned int, len,
					  XEN_PAGE_SIZE - off);

		if (n == XENVIF_RX_MAX_SPANS)
			return -E2BIG;
		b->src[n] = (struct xnif_span){ .off = off, .len = take };
		b->src_page[n++] = addr - off;
		addr += take;
		len -= take;
	}
	return n;
}

/* The skb's data as spans of 4 KiB pages, in order. */
static int xenvif_rx_src(struct xenvif_rx_batch *b, struct sk_buff *skb)
{
	int n, i;

	/* Without NETIF_F_FRAGLIST the core never hands us a frag list. */
	if (WARN_ON_ONCE(skb_has_frag_list(skb)))
		return -EINVAL;
	n = xenvif_rx_add_src(b, 0, skb->data, skb_headlen(skb));
	for (i = 0; n >= 0 && i < skb_shinfo(skb)->nr_frags; i++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		n = xenvif_rx_add_src(b, n, skb_frag_address(frag),
				      skb_frag_size(frag));
	}
	return n;
}

/* Ring slot of data buffer d: the first, then the extras, then the rest. */
static unsigned int xenvif_rx_slot(const struct xenvif_rx_layout *lay,
				   unsigned int d)
{
	return d ? d + lay->nextras : 0;
}

static void xenvif_rx_add_ops(struct xenvif_queue *queue,
			      const struct xenvif_rx_layout *lay, int n)
{
	struct xenvif_rx_batch *b = queue->rxb;
	int i;

	for (i = 0; i < n; i++) {
		const struct xnif_chunk *c = &b->chunk[i];
		unsigned int slot = xenvif_rx_slot(lay, c->dst);
		void *src = b->src_page[c->src] + c->src_off;
		struct xen_page_foreign *foreign;
		struct gnttab_copy *op;

		/* A buffer the backend keeps mapped needs no grant copy. */
		if (xenvif_staged_rx_copy(queue, b->req[slot].gref, c->dst_off,
					  src, c->len))
			continue;
		op = &b->op[b->nr_ops];
		b->op_rsp[b->nr_ops++] = b->nr_rsp + slot;
		op->flags = GNTCOPY_dest_gref;
		/* A page mapped from another guest is copied from its grant. */
		foreign = xen_page_foreign(virt_to_page(src));
		if (foreign) {
			op->source.domid = foreign->domid;
			op->source.u.ref = foreign->gref;
			op->flags |= GNTCOPY_source_gref;
		} else {
			op->source.domid = DOMID_SELF;
			op->source.u.gmfn = virt_to_gfn(src);
		}
		op->source.offset = c->src_off;
		op->dest.domid = queue->vif->domid;
		op->dest.u.ref = b->req[slot].gref;
		op->dest.offset = c->dst_off;
		op->len = c->len;
	}
}

static u16 xenvif_rx_flags(const struct sk_buff *skb,
			   const struct xenvif_rx_layout *lay, unsigned int d)
{
	u16 flags = d + 1 < lay->nbufs ? XEN_NETRXF_more_data : 0;

	if (d)
		return flags;
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		flags |= XEN_NETRXF_csum_blank | XEN_NETRXF_data_validated;
	else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		flags |= XEN_NETRXF_data_validated;
	if (lay->nextras)
		flags |= XEN_NETRXF_extra_info;
	return flags;
}

/* Responses of one packet, in ring order, into the batch. */
static void xenvif_rx_add_rsps(struct xenvif_queue *queue, struct sk_buff *skb,
			       const struct xenvif_rx_layout *lay)
{
	struct xenvif_rx_batch *b = queue->rxb;
	struct xen_netif_rx_response *rsp = &b->rsp[b->nr_rsp];
	unsigned int d, e;

	for (d = 0; d < lay->nbufs; d++) {
		unsigned int slot = xenvif_rx_slot(lay, d);

		rsp[slot].id = b->req[slot].id;
		rsp[slot].offset = b->dst[d].off;
		rsp[slot].flags = xenvif_rx_flags(skb, lay, d);
		rsp[slot].status = b->dst[d].len;
	}
	/* An extra-info segment takes the place of a response. */
	for (e = 0; e < lay->nextras; e++)
		memcpy(&rsp[1 + e], &b->extra[e], sizeof(b->extra[e]));
	b->nr_rsp += lay->nbufs + lay->nextras;
}

static void xenvif_rx_flush(struct xenvif_queue *queue);

/* Send one packet into the buffers at the ring's consumer index. */
static bool xenvif_rx_pack(struct xenvif_queue *queue, struct sk_buff *skb,
			   const struct xenvif_rx_layout *lay)
{
	struct xenvif_rx_batch *b = queue->rxb;
	unsigned int nslots = lay->nbufs + lay->nextras, i;
	int nsrc, n;

	nsrc = xenvif_rx_src(b, skb);
	if (nsrc < 0 ||
	    xnif_rx_layout(skb->len, lay->headroom, b->dst,
			   XENVIF_RX_MAX_BUFS) != lay->nbufs)
		return false;
	n = xnif_copy_plan(b->src, nsrc, b->dst, lay->nbufs, b->chunk,
			   XENVIF_RX_PKT_OPS);
	if (n < 0)
		return false;
	if (b->nr_ops + n > XENVIF_RX_BATCH_OPS ||
	    b->nr_rsp + nslots > XENVIF_RX_BATCH_RSP)
		xenvif_rx_flush(queue);

	/* The one read of each request: the copies keep id and grant. */
	for (i = 0; i < nslots; i++)
		memcpy(&b->req[i],
		       xnif_ring_req(&queue->rx.ring, queue->rx.req_cons + i),
		       sizeof(b->req[i]));
	queue->rx.req_cons += nslots;
	/* The buffers as posted: this packet's copies are not run yet. */
	if (unlikely(READ_ONCE(xenvif_grant_scan)))
		for (i = 0; i < lay->nbufs; i++)
			xenvif_scan_rx(queue->vif,
				       b->req[xenvif_rx_slot(lay, i)].gref);

	xenvif_rx_add_ops(queue, lay, n);
	xenvif_rx_add_rsps(queue, skb, lay);
	__skb_queue_tail(&b->done, skb);
	return true;
}

/* Run the copies, publish the responses, free what was sent. */
static void xenvif_rx_flush(struct xenvif_queue *queue)
{
	struct xenvif_rx_batch *b = queue->rxb;
	struct xenvif_ring *ring = &queue->rx;
	struct sk_buff *skb;
	unsigned int i;

	if (!b->nr_rsp)
		return;
	/* Staged buffers were filled already and may leave no copy to run. */
	if (b->nr_ops)
		gnttab_batch_copy(b->op, b->nr_ops);
	for (i = 0; i < b->nr_ops; i++) {
		if (b->op[i].status == GNTST_okay)
			continue;
		/* The guest sees the error on that buffer and drops the packet. */
		b->rsp[b->op_rsp[i]].status = XEN_NETIF_RSP_ERROR;
		xenvif_rx_stat_add(queue, &queue->stats.rx.dropped, 1);
	}
	for (i = 0; i < b->nr_rsp; i++)
		memcpy(xnif_ring_rsp(&ring->ring, ring->rsp_prod + i), &b->rsp[i],
		       sizeof(b->rsp[i]));
	ring->rsp_prod += b->nr_rsp;
	atomic_long_inc(&queue->vif->rx_batches);
	if (xenvif_ring_publish(ring)) {
		notify_remote_via_irq(xenvif_rx_evt(queue)->irq);
		xenvif_rx_stat_add(queue, &queue->stats.rx.notify_sent, 1);
		trace_xenvif_notify_send(queue->vif, queue->id,
					 XNIF_TRACE_RING_RX);
	}
	while ((skb = __skb_dequeue(&b->done)))
		consume_skb(skb);
	b->nr_ops = 0;
	b->nr_rsp = 0;
}

static void xenvif_rx_sent(struct xenvif_queue *queue, unsigned int len)
{
	u64_stats_update_begin(&queue->stats.rx.syncp);
	u64_stats_inc(&queue->stats.rx.packets);
	u64_stats_add(&queue->stats.rx.bytes, len);
	u64_stats_update_end(&queue->stats.rx.syncp);
	queue->rx_progress = jiffies;
}

static void xenvif_rx_action(struct xenvif_queue *queue)
{
	struct xenvif_rx_layout lay;
	unsigned int round;
	struct sk_buff *skb;

	for (round = 0; round < XENVIF_RX_ROUND; round++) {
		skb = xenvif_rx_peek(queue);
		if (!skb)
			break;
		if (!xenvif_rx_layout(queue, skb, &lay)) {
			xenvif_rx_drop(queue, xenvif_rx_dequeue(queue));
			continue;
		}
		if (!xenvif_rx_ready(queue, lay.nbufs + lay.nextras)) {
			xenvif_rx_stat_add(queue, &queue->stats.rx.ring_full, 1);
			trace_xenvif_rx_ring_full(queue, lay.nbufs + lay.nextras);
			break;
		}
		skb = xenvif_rx_dequeue(queue);
		if (xenvif_rx_pack(queue, skb, &lay))
			xenvif_rx_sent(queue, skb->len);
		else
			xenvif_rx_drop(queue, skb);
	}
	xenvif_rx_flush(queue);
}

/* Drop what waited too long; judge whether the guest has stalled. */
static void xenvif_rx_timeouts(struct xenvif_queue *queue)
{
	struct xenvif *vif = queue->vif;
	struct xenvif_rx_layout lay;
	struct sk_buff *skb;
	unsigned int needed = 1;
	u32 avail;

	while ((skb = xenvif_rx_peek(queue)) &&
	       time_after_eq(jiffies, XENVIF_RX_CB(skb)->expires))
		xenvif_rx_drop(queue, xenvif_rx_dequeue(queue));

	if (!vif->stall_timeout || !xenvif_rx_avail(queue, &avail))
		return;
	if (skb && xenvif_rx_layout(queue, skb, &lay))
		needed = lay.nbufs + lay.nextras;
	if (queue->stalled && avail >= needed) {
		queue->rx_progress = jiffies;
		xenvif_queue_stalled(queue, false);
	} else if (!queue->stalled && skb && avail < needed &&
		   time_after(jiffies, queue->rx_progress + vif->stall_timeout)) {
		xenvif_queue_stalled(queue, true);
		xenvif_rx_purge(queue);
	}
}

/* Jiffies until the thread must look again without an event. */
long xenvif_rx_timeout(struct xenvif_queue *queue)
{
	struct sk_buff *skb = xenvif_rx_peek(queue);
	unsigned long deadline;

	if (queue->stalled && queue->vif->stall_timeout)
		return queue->vif->drain_timeout;
	if (!skb)
		return MAX_SCHEDULE_TIMEOUT;
	deadline = XENVIF_RX_CB(skb)->expires;
	if (queue->vif->stall_timeout &&
	    time_before(queue->rx_progress + queue->vif->stall_timeout,
			deadline))
		deadline = queue->rx_progress + queue->vif->stall_timeout;
	return time_after(deadline, jiffies) ? deadline - jiffies : 1;
}

/*
 * Whether an RX event brought work: buffers posted since the last one
 * (the thread may have used them already). Packets waiting for buffers,
 * or a stalled queue, are not: the thread serving them waits for
 * buffers and a stall is judged on a timer. Counting them would let a
 * guest that posts nothing and signals in a loop escape lateeoi's
 * throttling (XSA-332) exactly while dom0 holds packets for it. From
 * the RX event's handler only.
 */
bool xenvif_rx_news(struct xenvif_queue *queue)
{
	return xnif_ring_news(&queue->rx.ring.req, &queue->rx.evt_seen);
}

/*
 * Whether the queue's thread has guest RX work: a packet the guest has
 * buffers for, an RX event whose EOI it holds, or packets of a disabled
 * vif to purge.
 */
bool xenvif_rx_work(struct xenvif_queue *queue)
{
	struct xenvif_rx_layout lay;
	struct sk_buff *skb = xenvif_rx_peek(queue);

	if (xenvif_broken(queue->vif))
		return !!skb;
	/* An event we hold the EOI of: wake up to acknowledge it. */
	if (atomic_read(&xenvif_rx_evt(queue)->eoi_pending) & XENVIF_EOI_RX)
		return true;
	if (!skb)
		return false;
	if (!xenvif_rx_layout(queue, skb, &lay))
		return true;
	return xenvif_rx_ready(queue, lay.nbufs + lay.nextras);
}

/* The thread's guest RX turn: send, time out, acknowledge the event. */
void xenvif_rx_run(struct xenvif_queue *queue)
{
	/* A disabled vif keeps its RX event unacknowledged. */
	if (unlikely(xenvif_broken(queue->vif))) {
		xenvif_rx_purge(queue);
		return;
	}
	xenvif_rx_action(queue);
	xenvif_rx_timeouts(queue);
	xenvif_evt_release(xenvif_rx_evt(queue), XENVIF_EOI_RX);
}
