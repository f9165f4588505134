// SPDX-License-Identifier: GPL-2.0
/*
 * netfront's transmit glue, drivers/net/xen-netfront/tx.c compiled whole
 * through the shims in tests/userspace/glue with rx.c and queue.c, whose
 * xennet_queue_init() sets the queue up as a connect does and whose
 * xennet_fatal() disables the device, against a backend that the input
 * plays. Each step sends a packet, or a batch of them as the core does
 * with xmit_more, through xennet_start_xmit() or up to
 * four XDP frames, each in a page of its own, through ndo_xdp_xmit
 * (xennet_xdp_xmit(), with flags of the input's choosing), answers the
 * next request honestly, writes a response or a producer index of the
 * input's choosing, keeps a grant mapped, or reaps with
 * xennet_tx_reap(). Bit 3 of the configuration byte gives the queue a
 * staged TX share (of 1 to 31 pages, after 0 to 3 pages of RX's, as
 * staged.c sets it up), which a step may close as an unstage does; the
 * backend's lies then drive its bookkeeping too. After every step:
 *   - a device that is not disabled has at most a ring of requests out,
 *     a free id for every free slot, each free id once and with no skb,
 *     frame or grant, and each id out with its skb or frame and its
 *     grant, or its staged page;
 *   - every page of the staged share is free once or held by one id
 *     that is out, with a staged request, and the share is closed to
 *     new packets only by an unstage;
 *   - a staged request names its page's standing grant at offset 0 and
 *     the slot's own grant stays ungranted;
 *   - ndo_xdp_xmit takes no frame with flags it does not know, and at
 *     most the frames it was given; those it did not take are ours;
 *   - after a batch's last packet (no xmit_more), sent or dropped,
 *     every request built is published;
 *   - a backend that only ever answered honestly never disabled it;
 *   - no WARN fired.
 * A disabled device went the whole way of xennet_fatal() (reason counted
 * and recorded, carrier off, queues stopped) and takes no further step;
 * at the end xennet_queue_free() leaves no page, skb or grant: every
 * frame taken went back once, with its page, and the staged share's
 * pages go with the pool, as staged.c frees it.
 */
#include "glue_fe.h"

/* Where redirected frames come from: pages of their own. */
static struct xdp_rxq_info from;

/* The backend's side of the ring. */
static struct {
	u32 req_cons;
	u32 rsp_prod;
	unsigned int extras_next;	/* extra-info slots still to come */
	bool honest;
} be;

/* The staged pool, as staged.c builds and splits it; none: 0 pages. */
static void stage(u8 cfg)
{
	struct xennet_staged *s = &q.staged;
	unsigned int base = (cfg >> 4) & 3, tx = 1 + (cfg >> 4) * 2;

	if (!(cfg & 8))
		return;
	s->tx_free = kvcalloc(tx, sizeof(*s->tx_free), GFP_KERNEL);
	s->tx_by_id = kvcalloc(q.tx.size, sizeof(*s->tx_by_id), GFP_KERNEL);
	if (!s->tx_free || !s->tx_by_id ||
	    glue_fe_pool_build(base + tx) != base + tx)
		abort();
	s->tx_base = base;
	xnif_staged_tx_init(&s->tx, s->tx_free, s->tx_by_id, tx, q.tx.size);
	q.tx_staged = true;
}

static bool was_staged;

static void setup(u8 cfg)
{
	glue_fe_device(cfg);
	memset(&be, 0, sizeof(be));
	be.honest = true;
	memset(&from, 0, sizeof(from));
	if (xdp_rxq_info_reg(&from, &dev, 0, 0) ||
	    xdp_rxq_info_reg_mem_model(&from, MEM_TYPE_PAGE_ORDER0, NULL))
		abort();
	/* Rings, slots, grant references and event channels, as at connect. */
	if (xennet_queue_init(&q))
		abort();
	stage(cfg);
	was_staged = q.tx_staged;
}

static void teardown(void)
{
	/* As connect.c does it: the pool first, then the queue. */
	glue_fe_pool_free();
	xennet_queue_free(&q);
	xdp_rxq_info_unreg(&from);
	require_nothing_left();
}

/* The staged share: each page free once, or held once by an id out. */
static void check_staged(const bool *id_free)
{
	const struct xennet_staged *s = &q.staged;
	const struct xnif_staged_tx *t = &s->tx;
	unsigned int i, held = 0;
	bool *seen;

	GLUE_REQUIRE(q.tx_staged == (was_staged && s->pages),
		     "the staged share opened or closed by itself");
	if (!s->pages)
		return;
	seen = calloc(t->pages, sizeof(*seen));
	if (!seen)
		abort();
	GLUE_REQUIRE(t->nfree <= t->pages, "more free staged pages than pages");
	for (i = 0; i < t->nfree; i++) {
		GLUE_REQUIRE(t->free[i] < t->pages && !seen[t->free[i]],
			     "a staged page free twice, or out of the share");
		seen[t->free[i]] = true;
	}
	for (i = 0; i < q.tx.size; i++) {
		u16 page = t->by_id[i];
		const struct xennet_tx_slot *slot = &q.tx_slots[i];

		GLUE_REQUIRE(slot->staged == (page != XNIF_STAGED_TX_NONE),
			     "a staged slot and the share disagree");
		if (page == XNIF_STAGED_TX_NONE)
			continue;
		GLUE_REQUIRE(page < t->pages && !seen[page],
			     "a staged page held twice, or held and free");
		GLUE_REQUIRE(!id_free[i] && slot->skb,
			     "a staged page held by an id not out");
		GLUE_REQUIRE(glue_granted(s->refs[s->tx_base + page]),
			     "a staged page in flight without its grant");
		seen[page] = true;
		held++;
	}
	GLUE_REQUIRE(held + t->nfree == t->pages, "a staged page was lost");
	free(seen);
}

static void check(void)
{
	unsigned int i, out = q.tx_prod - q.tx_cons, size = q.tx.size;
	bool *seen;

	GLUE_REQUIRE(!glue_counts.warned, "a WARN fired");
	GLUE_REQUIRE(!be.honest || !xennet_broken(&np),
		     "an honest backend disabled the device");
	if (xennet_broken(&np)) {
		check_disabled();
		return;
	}
	GLUE_REQUIRE(out <= size, "more requests out than the ring holds");
	GLUE_REQUIRE(q.tx_ids.nfree <= size, "more free ids than ids");
	GLUE_REQUIRE(q.tx_ids.nfree >= size - out,
		     "fewer free ids than free ring slots");
	seen = calloc(size, sizeof(*seen));
	if (!seen)
		abort();
	for (i = 0; i < q.tx_ids.nfree; i++) {
		u16 id = q.tx_free[i];

		GLUE_REQUIRE(id < size, "a free id outside the ring");
		GLUE_REQUIRE(!seen[id], "an id free twice");
		GLUE_REQUIRE(!q.tx_slots[id].skb && !q.tx_slots[id].xdp &&
			     !q.tx_slots[id].staged &&
			     !glue_granted(q.tx_slots[id].gref),
			     "a free id with an skb, a frame, a grant or a staged page");
		seen[id] = true;
	}
	for (i = 0; i < size; i++) {
		const struct xennet_tx_slot *slot = &q.tx_slots[i];

		GLUE_REQUIRE(seen[i] || ((slot->skb || slot->xdp) &&
					 glue_granted(slot->gref) !=
					 slot->staged),
			     "an id out with no skb or frame, or no grant");
		GLUE_REQUIRE(!slot->xdp ||
			     (!slot->skb && !slot->xdpf == slot->own_page),
			     "an XDP slot with an skb, or a frame and a copy");
		GLUE_REQUIRE(!slot->xdpf ||
			     slot->xdpf->magic == GLUE_XDP_FRAME_MAGIC,
			     "a frame in flight that was returned");
	}
	check_staged(seen);
	free(seen);
}

/*
 * A packet of the input's shape: a head in a page, up to 3 fragments.
 * As the core does, nothing goes to a queue the driver stopped: the
 * driver stops it while a packet of the most slots could still fit,
 * and builds without looking at the ring again.
 */
static void send(void)
{
	u8 shape = take8();
	unsigned int off = take16() % PAGE_SIZE;
	unsigned int head = take16() % (PAGE_SIZE - off + 1);
	unsigned int i, nr = shape & 3;
	struct sk_buff *skb;

	if (netif_tx_queue_stopped(netdev_get_tx_queue(&dev, 0)))
		return;
	skb = glue_alloc_skb(0);
	skb->head_page = alloc_page(GFP_ATOMIC);
	if (!skb->head_page)
		abort();
	skb->data = (u8 *)skb->head_page->va + off;
	skb->len = head;
	for (i = 0; i < nr; i++) {
		skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		f->page = alloc_page(GFP_ATOMIC);
		if (!f->page)
			abort();
		f->off = take16() % PAGE_SIZE;
		f->size = take16() % (PAGE_SIZE - f->off + 1);
		skb->len += f->size;
		skb->data_len += f->size;
		skb_shinfo(skb)->nr_frags++;
	}
	skb->ip_summed = (shape >> 2) & 3;
	if (shape & 0x10) {
		skb_shinfo(skb)->gso_size = take16();
		skb_shinfo(skb)->gso_type = take8();
	}
	if (xennet_start_xmit(skb, &dev) != NETDEV_TX_OK)
		abort();
}

/*
 * Two to four packets as the core sends a batch: each but the last with
 * xmit_more, so the driver may hold back the doorbell, and the core
 * stops at a queue the driver stopped. Once a packet went without
 * xmit_more, whatever the driver did with it (sent or dropped), every
 * request it built is published: the core owes it no further call.
 */
static void send_batch(void)
{
	unsigned int i, n = 2 + take8() % 3;

	/* Even when the input runs out: the core sends the last packet. */
	for (i = 0; i < n; i++) {
		glue_xmit_more = i + 1 < n;
		send();
	}
	glue_xmit_more = false;
	GLUE_REQUIRE(xennet_broken(&np) || q.tx.req.published == q.tx_prod,
		     "requests built but left unpublished after the batch");
}

/* Frames redirected to us: ndo_xdp_xmit, and those it left are ours. */
static void xmit_frames(void)
{
	struct xdp_frame *frames[4];
	unsigned int i, n = 1 + take8() % 4;
	u32 flags = take8();
	int sent;

	/* Mostly the flags the core passes; sometimes any. */
	if (!(flags & 0x80))
		flags &= XDP_XMIT_FLAGS_MASK;
	for (i = 0; i < n; i++) {
		struct page *page = alloc_page(GFP_ATOMIC);
		unsigned int room = sizeof(struct xdp_frame) + take8() * 8;
		unsigned int len = take16() % (PAGE_SIZE - room + 1);
		struct xdp_buff xdp;

		if (!page)
			abort();
		xdp_init_buff(&xdp, PAGE_SIZE, &from);
		xdp_prepare_buff(&xdp, page_address(page), room, len, false);
		frames[i] = xdp_convert_buff_to_frame(&xdp);
		if (!frames[i])
			abort();
	}
	sent = xennet_xdp_xmit(&dev, n, frames, flags);
	GLUE_REQUIRE(sent <= (int)n, "ndo_xdp_xmit took more frames than given");
	GLUE_REQUIRE(!(flags & ~XDP_XMIT_FLAGS_MASK) || sent < 0,
		     "ndo_xdp_xmit took unknown flags");
	for (i = sent < 0 ? 0 : sent; i < n; i++)
		xdp_return_frame(frames[i]);
}

/* Answer the next published request as a backend must. */
static void answer(u8 how)
{
	struct xen_netif_tx_response rsp = { 0 };
	struct xen_netif_tx_request req;

	if (be.req_cons == READ_ONCE(*q.tx.req.prod))
		return;
	memcpy(&req, xnif_ring_req(&q.tx, be.req_cons++), sizeof(req));
	if (be.honest && !be.extras_next && req.id < q.tx.size &&
	    q.tx_slots[req.id].staged) {
		const struct xennet_staged *s = &q.staged;
		u16 page = s->tx.by_id[req.id];

		GLUE_REQUIRE(page < s->tx.pages && !req.offset &&
			     req.gref == s->refs[s->tx_base + page] &&
			     !glue_granted(q.tx_slots[req.id].gref),
			     "a staged request not naming its page at 0");
	}
	if (be.extras_next) {
		struct xen_netif_extra_info extra;

		memcpy(&extra, &req, sizeof(extra));
		be.extras_next--;
		if (extra.flags & XEN_NETIF_EXTRA_FLAG_MORE)
			be.extras_next++;
		rsp.status = XEN_NETIF_RSP_NULL;
	} else {
		if (req.flags & XEN_NETTXF_extra_info)
			be.extras_next = 1;
		rsp.id = req.id;
		rsp.status = how & 1 ? XEN_NETIF_RSP_ERROR :
			     XEN_NETIF_RSP_OKAY;
	}
	memcpy(xnif_ring_rsp(&q.tx, be.rsp_prod++), &rsp, sizeof(rsp));
	if (how & 2)
		WRITE_ONCE(*q.tx.rsp.prod, be.rsp_prod);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_netif_tx_response rsp;

	if (!size)
		return 0;
	in = data + 1;
	left = size - 1;
	setup(data[0]);
	while (left && !xennet_broken(&np)) {
		u8 op = take8();

		switch (op % 8) {
		case 0:
			if (op & 0x80)
				send_batch();
			else
				send();
			break;
		case 1:
			if (op & 0x20)
				xmit_frames();
			else
				send();
			break;
		case 2:
		case 3:
			answer(op >> 3);
			break;
		case 4:
			/* An unstage closes the share; pages still come back. */
			if (op & 0x80) {
				q.tx_staged = false;
				was_staged = false;
			}
			xennet_tx_reap(&q, 64);
			break;
		case 5:
			/* Any response, in the next slot. */
			rsp.id = take8();
			rsp.status = (s8)take8();
			memcpy(xnif_ring_rsp(&q.tx, be.rsp_prod++), &rsp,
			       sizeof(rsp));
			WRITE_ONCE(*q.tx.rsp.prod, be.rsp_prod);
			be.honest = false;
			break;
		case 6:
			/* Any producer index near the truth. */
			WRITE_ONCE(*q.tx.rsp.prod,
				   be.rsp_prod + (s8)take8());
			be.honest = false;
			break;
		case 7:
			/* Keep mapping a granted page, answered or not. */
			glue_peer.grant_busy[q.tx_slots[take8() % q.tx.size].gref] =
				true;
			be.honest = false;
			break;
		}
		check();
	}
	teardown();
	return 0;
}
