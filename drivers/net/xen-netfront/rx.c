// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: receive. Every RX ring slot is posted with a page from
 * the queue's page pool, granted writable, and the request's id is the
 * slot number; the backend copies a packet into the pages of consecutive
 * slots and answers in the same slots. With a staged pool (staged.c) a
 * slot may post the pool's page of its index instead, which the backend
 * maps already; what arrives there is copied out before use.
 *
 * Each response is copied out of the ring once, and a packet's chain is
 * checked whole (rsp_validate) before any page of it is used. A bad
 * packet is dropped and its pages posted again; a backend that still
 * holds a grant it answered for, or whose producer index is impossible,
 * breaks the device instead.
 */
#include <linux/etherdevice.h>
#include <linux/highmem.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include <linux/bpf_trace.h>
#include <linux/filter.h>

#include <net/xdp.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>

#include "compat.h"
#include "netfront.h"
#include "trace.h"

/* Refill again this long after running out of memory. */
#define XENNET_REFILL_RETRY	(HZ / 10)

/* Longest chain kept: data slots an skb can take plus extra-info slots. */
#define XENNET_RX_MAX_CHAIN	(XNIF_RX_MAX_DATA_SLOTS + XNIF_EXTRAS_MAX)

/* One packet's responses as copied out of the ring. */
struct xennet_rx_pkt {
	struct xnif_rx_chain chain;
	bool redirected;	/* an XDP_REDIRECT in this poll: flush at its end */
	bool xdp_tx;		/* an XDP_TX in this poll: publish at its end */
	struct xen_netif_rx_response rsp[XENNET_RX_MAX_CHAIN];
	bool data[XENNET_RX_MAX_CHAIN];	/* slot carries packet data */
	unsigned int slots;
};

static const struct xnif_rx_limits xennet_rx_limits = {
	.max_frags = MAX_SKB_FRAGS,
	.copy_len = XENNET_RX_COPY_LEN,
};

static u32 xennet_rx_mask(const struct xennet_queue *q)
{
	return q->rx.size - 1;
}

static void xennet_rx_count(struct xennet_queue *q, u64_stats_t *ctr)
{
	u64_stats_update_begin(&q->stats->rx.syncp);
	u64_stats_inc(ctr);
	u64_stats_update_end(&q->stats->rx.syncp);
}

static struct page *xennet_rx_page(struct xennet_queue *q)
{
	struct page *page = page_pool_dev_alloc_pages(q->page_pool);

	/*
	 * A recycled page may still hold what the stack did with it; an
	 * untrusted backend must not read that (XSA-403).
	 */
	if (page && q->info->bounce)
		clear_highpage(page);
	return page;
}

/*
 * Grant the slot's page to the backend, with a page first if it has none,
 * and say which grant the request names; false if no page could be had.
 * A slot still granted (an extra-info slot's page, never read) is posted
 * again as it is. With a staged pool, a slot of a low enough index posts
 * the pool's page of that index, which the backend maps already: no
 * grant-table write at all.
 */
static bool xennet_rx_slot_grant(struct xennet_queue *q, u32 id,
				 struct xennet_rx_slot *slot, domid_t be,
				 grant_ref_t *ref)
{
	*ref = slot->gref;
	if (slot->granted)
		return true;
	/* Pairs with xennet_stage()'s release: the pool it names is built. */
	if (slot->staged || id < smp_load_acquire(&q->rx_staged)) {
		slot->staged = true;
		*ref = q->staged.refs[id];
		return true;
	}
	if (!slot->page) {
		slot->page = xennet_rx_page(q);
		if (!slot->page)
			return false;
	} else if (q->info->bounce) {
		/*
		 * A page kept in its slot (its short packet was copied out,
		 * or dropped) still holds that packet: an untrusted backend
		 * gets it back clean, as it gets a fresh one.
		 */
		clear_highpage(slot->page);
	}
	gnttab_page_grant_foreign_access_ref_one(slot->gref, be, slot->page, 0);
	slot->granted = true;
	return true;
}

/* Post a buffer in every free slot and tell the backend about them. */
void xennet_rx_refill(struct xennet_queue *q)
{
	domid_t be = q->info->xbdev->otherend_id;
	u32 start = q->rx_prod;

	while (q->rx_prod - q->rx_cons < q->rx.size) {
		u32 id = q->rx_prod & xennet_rx_mask(q);
		struct xennet_rx_slot *slot = &q->rx_slots[id];
		struct xen_netif_rx_request *req;
		grant_ref_t ref;

		if (!xennet_rx_slot_grant(q, id, slot, be, &ref))
			break;
		req = xnif_ring_req(&q->rx, q->rx_prod);
		req->id = id;
		req->pad = 0;
		req->gref = ref;
		q->rx_prod++;
	}
	if (q->rx_prod == q->rx_cons)
		mod_timer(&q->refill_timer, jiffies + XENNET_REFILL_RETRY);
	if (q->rx_prod == start || !xnif_ring_publish(&q->rx.req, q->rx_prod))
		return;
	notify_remote_via_irq(q->rx_irq);
	trace_xennet_notify_send(q, XNIF_TRACE_RING_RX);
	xennet_rx_count(q, &q->stats->rx.notify_sent);
}

void xennet_refill_timeout(struct timer_list *t)
{
	struct xennet_queue *q = timer_container_of(q, t, refill_timer);

	napi_schedule(&q->napi);
}

/*
 * Copy one packet's responses out of the ring. Returns false while the
 * packet is not complete yet: nothing was used, the copies are dropped
 * and taken again later.
 */
static bool xennet_rx_gather(struct xennet_queue *q, u32 prod,
			     struct xennet_rx_pkt *pkt)
{
	u32 cons = q->rx_cons;
	bool more = true;

	xnif_rx_chain_init(&pkt->chain);
	for (pkt->slots = 0; more; pkt->slots++) {
		u32 idx = cons + pkt->slots;
		struct xen_netif_rx_response rsp;

		if (idx == prod) {
			/* A chain that used up every posted buffer never ends. */
			if (prod - cons < q->rx_prod - cons)
				return false;
			pkt->chain.err = XNIF_RSP_RX_TOO_MANY_SLOTS;
			return true;
		}
		rsp = READ_ONCE(*(struct xen_netif_rx_response *)
				xnif_ring_rsp(&q->rx, idx));
		more = xnif_rx_chain_feed(&pkt->chain, &rsp,
					  idx & xennet_rx_mask(q));
		if (pkt->slots < XENNET_RX_MAX_CHAIN) {
			pkt->rsp[pkt->slots] = rsp;
			pkt->data[pkt->slots] = pkt->chain.last_data;
		}
	}
	return true;
}

/*
 * Take the pages of the packet's data slots back from the backend; false
 * if it still holds one. The pages of its extra-info slots stay granted:
 * nothing reads them or hands them out, so the backend's access to them
 * changes nothing, and they are posted again without two grant-table
 * writes each (with XDP headroom every packet has such a slot). A slot
 * past the chain kept is taken back, whatever it was.
 */
static bool xennet_rx_end_access(struct xennet_queue *q,
				 const struct xennet_rx_pkt *pkt)
{
	unsigned int i;

	for (i = 0; i < pkt->slots; i++) {
		struct xennet_rx_slot *slot;

		if (i < XENNET_RX_MAX_CHAIN && !pkt->data[i])
			continue;
		slot = &q->rx_slots[(q->rx_cons + i) & xennet_rx_mask(q)];
		/* Nothing to take back: xennet_rx_unstage() copies it out. */
		if (slot->staged)
			continue;
		if (!gnttab_end_foreign_access_ref(slot->gref))
			return false;
		slot->granted = false;
	}
	return true;
}

/*
 * Copy the data slots that came in staged pages into pages of our own,
 * before anything reads them: the backend keeps its mapping of a staged
 * page, and the page is posted again at once. The copy runs from the
 * page's start to the end of the data, so XDP headroom comes along; the
 * chain was checked, so that end is inside the page. With copy false, or
 * once no page can be had (false returned: the packet is dropped), the
 * slots are only released for posting.
 */
static bool xennet_rx_unstage(struct xennet_queue *q,
			      const struct xennet_rx_pkt *pkt, bool copy)
{
	bool staged = false;
	unsigned int i;

	for (i = 0; i < pkt->slots; i++) {
		u32 id = (q->rx_cons + i) & xennet_rx_mask(q);
		struct xennet_rx_slot *slot = &q->rx_slots[id];
		const struct xen_netif_rx_response *rsp;

		if (!slot->staged || (i < XENNET_RX_MAX_CHAIN && !pkt->data[i]))
			continue;
		slot->staged = false;
		staged = true;
		if (!copy || i >= XENNET_RX_MAX_CHAIN)
			continue;
		rsp = &pkt->rsp[i];
		if (!slot->page)
			slot->page = xennet_rx_page(q);
		if (!slot->page) {
			copy = false;
			continue;
		}
		memcpy(page_address(slot->page),
		       page_address(q->staged.pages[id]),
		       rsp->offset + rsp->status);
	}
	if (copy && staged)
		xennet_rx_count(q, &q->stats->rx.staged);
	return copy;
}

static void xennet_rx_add_frag(struct sk_buff *skb, struct xennet_rx_slot *slot,
			       const struct xen_netif_rx_response *rsp)
{
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, slot->page,
			rsp->offset, rsp->status, PAGE_SIZE);
	slot->page = NULL;
}

/*
 * Build the skb: a short first slot is copied into the head and its page
 * stays in the ring, every other data slot's page becomes a fragment.
 */
static struct sk_buff *xennet_rx_build(struct xennet_queue *q,
				       const struct xennet_rx_pkt *pkt)
{
	struct sk_buff *skb;
	unsigned int i;

	skb = napi_alloc_skb(&q->napi, XENNET_RX_COPY_LEN);
	if (!skb)
		return NULL;
	skb_mark_for_recycle(skb);
	for (i = 0; i < pkt->slots; i++) {
		const struct xen_netif_rx_response *rsp = &pkt->rsp[i];
		struct xennet_rx_slot *slot;

		if (!pkt->data[i])
			continue;
		slot = &q->rx_slots[(q->rx_cons + i) & xennet_rx_mask(q)];
		if (i == 0 && rsp->status <= XENNET_RX_COPY_LEN)
			skb_put_data(skb, page_address(slot->page) + rsp->offset,
				     rsp->status);
		else
			xennet_rx_add_frag(skb, slot, rsp);
	}
	return skb;
}

/* Offloads the backend asked for; false if the packet must be dropped. */
static bool xennet_rx_offloads(struct xennet_queue *q, struct sk_buff *skb,
			       const struct xennet_rx_pkt *pkt)
{
	const struct xen_netif_extra_info *gso;
	bool recalc = false;
	unsigned int type;

	if (pkt->chain.flags & XEN_NETRXF_csum_blank)
		skb->ip_summed = CHECKSUM_PARTIAL;
	else if (pkt->chain.flags & XEN_NETRXF_data_validated)
		skb->ip_summed = CHECKSUM_UNNECESSARY;

	gso = xnif_extras_get(&pkt->chain.extras, XEN_NETIF_EXTRA_TYPE_GSO);
	if (gso) {
		if (xnif_gso_parse(gso, &type))
			return false;
		skb_shinfo(skb)->gso_size = gso->u.gso.size;
		/* The stack checks the headers and counts the segments. */
		skb_shinfo(skb)->gso_type = type | SKB_GSO_DODGY;
		skb_shinfo(skb)->gso_segs = 0;
		/* A GSO packet must carry a partial checksum; some do not. */
		if (skb->ip_summed != CHECKSUM_PARTIAL) {
			skb->ip_summed = CHECKSUM_PARTIAL;
			recalc = true;
			xennet_rx_count(q, &q->stats->rx.csum_fixup);
		}
	}
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return true;
	return !skb_checksum_setup(skb, recalc);
}

static void xennet_rx_deliver(struct xennet_queue *q, struct sk_buff *skb,
			      const struct xennet_rx_pkt *pkt)
{
	struct net_device *dev = q->info->netdev;
	unsigned int pull = min_t(unsigned int, skb->len, XENNET_RX_PULL_LEN);

	if (!pskb_may_pull(skb, pull))
		goto drop;
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	if (!xennet_rx_offloads(q, skb, pkt))
		goto drop;
	skb_record_rx_queue(skb, q->id);

	u64_stats_update_begin(&q->stats->rx.syncp);
	u64_stats_inc(&q->stats->rx.packets);
	u64_stats_add(&q->stats->rx.bytes, skb->len);
	u64_stats_update_end(&q->stats->rx.syncp);
	napi_gro_receive(&q->napi, skb);
	return;
drop:
	xennet_rx_count(q, &q->stats->rx.errors);
	kfree_skb(skb);
}

static void xennet_xdp_count(struct xennet_queue *q, enum xnif_xdp_stat st)
{
	xennet_rx_count(q, &q->stats->rx.xdp[st]);
}

/*
 * Run the XDP program on a packet that passed validation; its pages are
 * ours again. Returns the verdict. The page of the first slot becomes
 * the frame's for XDP_TX and XDP_REDIRECT that worked; for every other
 * outcome but XDP_PASS it stays in its slot and is posted again, and
 * for XDP_PASS the first response is updated to what the program left,
 * for the skb to be built from.
 */
static u32 xennet_rx_xdp(struct xennet_queue *q, struct bpf_prog *prog,
			 struct xennet_rx_pkt *pkt)
{
	struct net_device *dev = q->info->netdev;
	struct xennet_rx_slot *slot = &q->rx_slots[q->rx_cons &
						   xennet_rx_mask(q)];
	struct xen_netif_rx_response *rsp = &pkt->rsp[0];
	struct xdp_buff xdp;
	bool ok = true;
	u32 act;

	switch (xnif_xdp_rx_check(pkt->chain.data_slots, rsp->offset,
				  q->info->xdp_headroom)) {
	case XNIF_XDP_RX_MULTI:
		xennet_xdp_count(q, XNIF_XDP_STAT_MULTI);
		return XDP_DROP;
	case XNIF_XDP_RX_RUN_SHORT:
		xennet_xdp_count(q, XNIF_XDP_STAT_SHORT_HEADROOM);
		break;
	case XNIF_XDP_RX_RUN:
		break;
	}
	xdp_init_buff(&xdp, PAGE_SIZE, &q->xdp_rxq);
	xdp_prepare_buff(&xdp, page_address(slot->page), rsp->offset,
			 rsp->status, false);
	act = bpf_prog_run_xdp(prog, &xdp);
	switch (act) {
	case XDP_PASS:
		/* Cut below an Ethernet header: nothing the stack can take. */
		if (xdp.data_end - xdp.data < ETH_HLEN) {
			xennet_xdp_count(q, XNIF_XDP_STAT_PASS_ERR);
			return XDP_DROP;
		}
		rsp->offset = xdp.data - xdp.data_hard_start;
		rsp->status = xdp.data_end - xdp.data;
		/* Counted once the skb is built (or is not). */
		return act;
	case XDP_TX:
		ok = xennet_xdp_tx(q, &xdp);
		pkt->xdp_tx |= ok;
		break;
	case XDP_REDIRECT:
		ok = !xdp_do_redirect(dev, &xdp, prog);
		pkt->redirected |= ok;
		break;
	case XDP_DROP:
		break;
	default:
		bpf_warn_invalid_xdp_action(dev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		ok = false;
		break;
	}
	if (act == XDP_ABORTED || !ok)
		trace_xdp_exception(dev, prog, act);
	if ((act == XDP_TX || act == XDP_REDIRECT) && ok)
		slot->page = NULL;
	xennet_xdp_count(q, xnif_xdp_account(act, ok));
	return act;
}

/*
 * With an XDP extra-info segment the first slot's frame starts after the
 * headroom: rewrite its copied response so that offset and status say
 * where the frame is, whichever way the backend wrote them.
 */
static enum xnif_rsp_err xennet_rx_xdp_span(struct xennet_rx_pkt *pkt)
{
	const struct xen_netif_extra_info *x;
	struct xen_netif_rx_response *rsp = &pkt->rsp[0];
	unsigned int off, len;

	x = xnif_extras_get(&pkt->chain.extras, XEN_NETIF_EXTRA_TYPE_XDP);
	if (!x)
		return XNIF_RSP_OK;
	if (!xnif_xdp_rx_span(rsp->offset, rsp->status, x->u.xdp.headroom,
			      &off, &len))
		return XNIF_RSP_RX_BAD_SIZE;
	if (pkt->chain.data_slots == 1 && len < ETH_HLEN)
		return XNIF_RSP_RX_SHORT;
	rsp->offset = off;
	rsp->status = len;
	return XNIF_RSP_OK;
}

/*
 * Take in one packet. Returns the slots it used, 0 if it is not complete
 * yet, or -EIO if the backend broke the protocol.
 */
static int xennet_rx_one(struct xennet_queue *q, u32 prod,
			 struct xennet_rx_pkt *pkt)
{
	enum xnif_rsp_err err;
	struct sk_buff *skb = NULL;
	bool copied;

	if (!xennet_rx_gather(q, prod, pkt))
		return 0;
	if (!xennet_rx_end_access(q, pkt)) {
		xennet_fatal(q, XNIF_RSP_GRANT_IN_USE);
		return -EIO;
	}
	err = xnif_rx_chain_finish(&pkt->chain, &xennet_rx_limits);
	copied = xennet_rx_unstage(q, pkt, !err);
	if (!err)
		err = xennet_rx_xdp_span(pkt);
	if (!err && !copied) {
		/* Not the backend's fault: no page to copy a packet into. */
		xennet_rx_count(q, &q->stats->rx.dropped);
	} else if (err) {
		xennet_count_rejected(q, err);
		xennet_rx_count(q, &q->stats->rx.errors);
		if (net_ratelimit())
			netdev_warn(q->info->netdev,
				    "queue %u: dropped a packet from the backend (%s)\n",
				    q->id, xnif_rsp_err_name(err));
	} else {
		struct bpf_prog *prog;
		u32 act = XDP_PASS;

		rcu_read_lock();
		prog = rcu_dereference(q->info->xdp_prog);
		if (prog)
			act = xennet_rx_xdp(q, prog, pkt);
		rcu_read_unlock();
		if (act == XDP_PASS) {
			skb = xennet_rx_build(q, pkt);
			if (!skb)
				xennet_rx_count(q, &q->stats->rx.dropped);
			if (prog)
				xennet_xdp_count(q, xnif_xdp_account(act, skb));
		}
	}
	/* Slots whose page did not go up in the skb get it posted again. */
	WRITE_ONCE(q->rx_cons, q->rx_cons + pkt->slots);
	if (skb)
		xennet_rx_deliver(q, skb, pkt);
	return pkt->slots;
}

int xennet_rx_poll(struct xennet_queue *q, int budget)
{
	struct xennet_rx_pkt pkt;
	int done = 0;
	u32 prod;

	pkt.redirected = false;
	pkt.xdp_tx = false;

	prod = xnif_ring_peer_prod(&q->rx.rsp);
	if (!xnif_rsp_prod_valid(prod, q->rx_cons, q->rx_prod)) {
		xennet_fatal(q, XNIF_RSP_BAD_PROD);
		return 0;
	}
	while (done < budget && q->rx_cons != prod) {
		int n = xennet_rx_one(q, prod, &pkt);

		if (n <= 0)
			break;
		done++;
	}
	/* Even for a backend that just broke: what was redirected goes. */
	if (pkt.xdp_tx)
		xennet_xdp_tx_flush(q);
	if (pkt.redirected)
		xdp_do_flush();
	if (xennet_broken(q->info))
		return done;
	/* A partial packet is waited for, not polled for. */
	q->rx_wait = q->rx_cons == prod || done == budget ? q->rx_cons : prod;
	xennet_rx_refill(q);
	return done;
}

/*
 * Ask for an event on the first response not seen yet; true if it came
 * before the event index was set, when nobody will notify for it.
 */
bool xennet_rx_arm(struct xennet_queue *q)
{
	u32 want = q->rx_wait + 1;

	return (s32)(xnif_ring_arm(&q->rx.rsp, want) - want) >= 0;
}

/* Take back every posted buffer; the backend is gone or not trusted. */
void xennet_rx_release(struct xennet_queue *q)
{
	unsigned int i;

	for (i = 0; i < q->rx.size; i++) {
		struct xennet_rx_slot *slot = &q->rx_slots[i];

		if (slot->gref == INVALID_GRANT_REF)
			continue;
		if (!slot->page) {
			gnttab_free_grant_reference(slot->gref);
			continue;
		}
		if (gnttab_try_end_foreign_access(slot->gref)) {
			page_pool_put_full_page(q->page_pool, slot->page, false);
		} else {
			/* Still mapped: the page waits for the grant to end. */
			get_page(slot->page);
			gnttab_end_foreign_access(slot->gref, slot->page);
			page_pool_put_full_page(q->page_pool, slot->page, false);
		}
		slot->page = NULL;
		slot->granted = false;
	}
}
