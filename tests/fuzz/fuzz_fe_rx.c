// SPDX-License-Identifier: GPL-2.0
/*
 * netfront's receive glue, drivers/net/xen-netfront/rx.c compiled whole
 * through the shims in tests/userspace/glue with tx.c and queue.c, whose
 * xennet_queue_init() sets the queue up as a connect does and whose
 * xennet_fatal() disables the device, against a backend that the input
 * plays. The queue posts its buffers with xennet_rx_refill(), all
 * of them or, short of memory, a few; each step then answers the next
 * posted buffers with an honest packet, writes a response, a chain that
 * does not end or a producer index of the input's choosing, keeps a
 * grant mapped, or polls with xennet_rx_poll(). After every step:
 *   - a device that is not disabled has posted at most a ring of
 *     buffers, each slot posted has its page and its grant, and no slot
 *     outside them is granted; a poll never takes a buffer that was not
 *     posted when it began;
 *   - a backend that only ever answered honestly never disabled the
 *     device and had no packet dropped as bad;
 *   - no WARN fired.
 * The input's second byte may attach an XDP program, and say whether the
 * backend was asked for XDP headroom; an honest packet then may carry
 * the XDP extra-info segment real backends send, in the slot after its
 * first, whose buffer the frontend posts again under the grant it had:
 * after every step with an honest backend no such slot that a poll took
 * was granted anew. The program takes its verdict
 * (XDP_PASS, _DROP, _TX, _REDIRECT, _ABORTED or an invalid one) from
 * the input, may move the frame's head and tail as the adjust helpers
 * allow, and may have the redirect refused. Frames sent with XDP_TX go
 * out on the queue's TX ring, which a poll step first answers. Then,
 * after every step, also:
 *   - no RCU read-side section is left open, and every redirect was
 *     flushed;
 *   - every XDP TX slot is granted and holds a frame not returned yet
 *     or its own bounce page;
 *   - every program run was counted once, under one verdict counter.
 * Bit 2 of the second byte stages a pool of the input's size (staged
 * grants): bit 3 from the start, else at the first poll, as link-up does
 * after the first buffers went out classic. Slots of a low enough index
 * then post the pool's page of their index; after every step, also:
 *   - a posted slot of the pool names its pool page, granted, and its
 *     own grant is not granted; an honest backend is answered in them;
 *   - no pool page goes up in an skb or a frame (it would be freed twice
 *     at the end, once by the stack and once with the pool).
 * A disabled device went the whole way of xennet_fatal() (reason counted
 * and recorded, carrier off, queues stopped) and takes no further step;
 * at the end xennet_queue_free() leaves no page, skb or grant: every
 * frame's page came back (a frame returned twice aborts in the model, or
 * is a use after free for ASan).
 */
#include "glue_fe.h"

/* The backend's side of the ring. */
static struct {
	u32 req_cons;
	u32 rsp_prod;
	u32 tx_req_cons;
	u32 tx_rsp_prod;
	bool honest;
} be;

/* The staged pool, as staged.c builds it: 0 pages, none. */
static unsigned int pool_size;
static bool pool_later;

static void pool_build(void)
{
	/* Short of memory: a smaller pool. */
	glue_fe_pool_build(pool_size);
	/* As staged.c publishes it, for rx.c's acquire. */
	smp_store_release(&q.rx_staged, min(q.staged.n, q.rx.size));
}

/* Program runs, to match the verdict counters against. */
static unsigned long xdp_runs;

/* Slots an honest packet's XDP extra-info segment took: ring index, grant. */
#define EXTRA_SLOTS	1024
static struct {
	bool set;
	u32 idx;
	grant_ref_t gref;
	unsigned long gen;	/* glue_grant_gen() when answered */
} extra[EXTRA_SLOTS];

/* The program: a verdict from the input, maybe a moved head or tail. */
static u32 xdp_run(const struct bpf_prog *prog, struct xdp_buff *xdp)
{
	static const u32 verdicts[8] = {
		XDP_PASS, XDP_DROP, XDP_TX, XDP_REDIRECT, XDP_ABORTED,
		XDP_REDIRECT + 1, XDP_TX, XDP_PASS,
	};
	u8 v = take8();

	xdp_runs++;
	if (v & 0x08)
		bpf_xdp_adjust_head(xdp, (s8)take8() * 4);
	if (v & 0x10)
		bpf_xdp_adjust_tail(xdp, (s8)take8() * 4);
	glue_peer.redirect_fail = v & 0x20;
	return verdicts[v & 7];
}

static struct bpf_prog prog = { .run = xdp_run };

static void setup(u8 cfg, u8 xdp)
{
	glue_fe_device(cfg);
	memset(&be, 0, sizeof(be));
	memset(extra, 0, sizeof(extra));
	xdp_runs = 0;
	be.honest = true;
	if (xdp & 1) {
		np.xdp_prog = &prog;
		np.xdp_headroom = xdp & 2 ? XNIF_XDP_HEADROOM : 0;
	}
	/* Rings, slots, grant references and event channels, as at connect. */
	if (xennet_queue_init(&q))
		abort();
	pool_size = xdp & 4 ? 1 + (xdp >> 4) * 37 : 0;
	pool_later = !(xdp & 8);
	if (pool_size && !pool_later)
		pool_build();
	/* Short of memory, the queue posts fewer buffers than slots. */
	if (cfg & 8)
		glue_peer.max_pages = glue_counts.pages + 1 + (cfg >> 4) * 4;
	xennet_rx_refill(&q);
}

static void teardown(void)
{
	xennet_queue_free(&q);
	glue_fe_pool_free();
	require_nothing_left();
}

static void check_xdp(void)
{
	static const enum xnif_xdp_stat verdicts[] = {
		XNIF_XDP_STAT_PASS, XNIF_XDP_STAT_DROP, XNIF_XDP_STAT_TX,
		XNIF_XDP_STAT_REDIRECT, XNIF_XDP_STAT_ABORTED,
		XNIF_XDP_STAT_TX_ERR, XNIF_XDP_STAT_REDIRECT_ERR,
		XNIF_XDP_STAT_PASS_ERR,
	};
	unsigned long counted = 0;
	long frames = 0;
	unsigned int i;

	GLUE_REQUIRE(!glue_rcu_depth, "an RCU read-side section left open");
	GLUE_REQUIRE(!glue_counts.xdp_redirect_queued,
		     "a redirect never flushed");
	for (i = 0; i < ARRAY_SIZE(verdicts); i++)
		counted += u64_stats_read(&stats.rx.xdp[verdicts[i]]);
	GLUE_REQUIRE(counted == xdp_runs,
		     "a program run not counted once under a verdict");
	for (i = 0; i < q.tx.size; i++) {
		const struct xennet_tx_slot *slot = &q.tx_slots[i];

		if (!slot->xdp) {
			GLUE_REQUIRE(!slot->xdpf, "a frame in a slot not XDP's");
			continue;
		}
		GLUE_REQUIRE(!slot->skb && slot->page &&
			     glue_granted(slot->gref),
			     "an XDP slot with an skb, or no page or grant");
		GLUE_REQUIRE(!slot->xdpf != !slot->own_page,
			     "an XDP slot with both or neither of frame and copy");
		if (slot->xdpf) {
			GLUE_REQUIRE(slot->xdpf->magic == GLUE_XDP_FRAME_MAGIC,
				     "an XDP slot's frame was returned");
			frames++;
		}
	}
	/* Others were given up before they went out: bytes in their page. */
	GLUE_REQUIRE(frames <= glue_counts.xdp_frames,
		     "an XDP frame in flight that was returned");
}

/*
 * An extra-info slot's buffer is neither read nor handed out: taken by a
 * poll, it is posted again under the grant it had, not ended and granted
 * anew (two grant-table writes a packet on the XDP path).
 */
static void check_extras(void)
{
	unsigned int i;

	/* A lying backend may answer buffers that were never posted. */
	if (!be.honest)
		return;
	for (i = 0; i < EXTRA_SLOTS; i++) {
		if (!extra[i].set || (s32)(q.rx_cons - extra[i].idx) <= 0)
			continue;
		GLUE_REQUIRE(glue_grant_gen(extra[i].gref) == extra[i].gen,
			     "an extra-info slot's buffer was granted anew");
		extra[i].set = false;
	}
}

static void check(void)
{
	unsigned int i, size = q.rx.size;
	u32 posted = q.rx_prod - q.rx_cons;

	GLUE_REQUIRE(!glue_counts.warned, "a WARN fired");
	GLUE_REQUIRE(!be.honest || !xennet_broken(&np),
		     "an honest backend disabled the device");
	GLUE_REQUIRE(!be.honest || !u64_stats_read(&stats.rx.errors),
		     "an honest packet was dropped as bad");
	check_xdp();
	if (xennet_broken(&np)) {
		check_disabled();
		return;
	}
	check_extras();
	GLUE_REQUIRE(posted <= size, "more buffers posted than the ring holds");
	for (i = 0; i < size; i++) {
		const struct xennet_rx_slot *slot = &q.rx_slots[i];
		bool in_ring = ((i - q.rx_cons) & (size - 1)) < posted;

		GLUE_REQUIRE(slot->granted == glue_granted(slot->gref),
			     "a slot's granted flag is not the grant table's");
		if (in_ring && slot->staged)
			GLUE_REQUIRE(i < q.staged.n && !slot->granted &&
				     glue_granted(q.staged.refs[i]),
				     "a staged slot with no pool page granted");
		else if (in_ring)
			GLUE_REQUIRE(slot->page && glue_granted(slot->gref),
				     "a posted slot with no page or no grant");
		else
			/* Kept from an extra-info slot, short of memory. */
			GLUE_REQUIRE(!glue_granted(slot->gref) || slot->page,
				     "a slot granted that is not posted, with no page");
	}
}

static void put_rsp(u16 id, u16 offset, u16 flags, s16 status)
{
	struct xen_netif_rx_response rsp = {
		.id = id, .offset = offset, .flags = flags, .status = status,
	};

	memcpy(xnif_ring_rsp(&q.rx, be.rsp_prod++), &rsp, sizeof(rsp));
}

/* The XDP extra-info segment after a packet's first slot, as ours sends it. */
static void put_xdp_extra(void)
{
	struct xen_netif_extra_info x = {
		.type = XEN_NETIF_EXTRA_TYPE_XDP,
		.u.xdp.headroom = np.xdp_headroom,
	};
	struct xen_netif_rx_request req;
	unsigned int e = be.req_cons & (EXTRA_SLOTS - 1);

	memcpy(&req, xnif_ring_req(&q.rx, be.req_cons), sizeof(req));
	extra[e].set = true;
	extra[e].idx = be.req_cons++;
	extra[e].gref = req.gref;
	extra[e].gen = glue_grant_gen(req.gref);
	memcpy(xnif_ring_rsp(&q.rx, be.rsp_prod++), &x, sizeof(x));
}

/* The request names its slot's buffer: the pool's page, or its own. */
static bool posted_ref(const struct xen_netif_rx_request *req)
{
	const struct xennet_rx_slot *slot;

	if (req->id >= q.rx.size)
		return false;
	slot = &q.rx_slots[req->id];
	return req->gref == (slot->staged ? q.staged.refs[req->id] :
					    slot->gref);
}

/* A packet as a backend must send it, into the next posted buffers. */
static void answer(void)
{
	u32 avail = READ_ONCE(*q.rx.req.prod) - be.req_cons;
	unsigned int i, n = 1 + take8() % 4;
	u8 flags = take8();
	/* With headroom asked for, real backends add an XDP segment. */
	bool xdp_extra = np.xdp_headroom && (flags & 0x80);

	if (avail < n + xdp_extra)
		return;
	for (i = 0; i < n; i++) {
		struct xen_netif_rx_request req;
		/* The headroom asked for, and maybe more. */
		u16 off = i ? 0 : np.xdp_headroom + (take8() & 0x3f);
		u16 len = take16() % (XEN_PAGE_SIZE - off);
		u16 f = i + 1 < n ? XEN_NETRXF_more_data : 0;

		memcpy(&req, xnif_ring_req(&q.rx, be.req_cons++), sizeof(req));
		/* A lie before may have moved be.req_cons past the posts. */
		GLUE_REQUIRE(!be.honest || posted_ref(&req),
			     "a request names another slot's buffer");
		if (!i) {
			/* One Ethernet header at least, in the first slot. */
			len = max_t(u16, len, ETH_HLEN);
			f |= flags & XEN_NETRXF_data_validated;
			if (xdp_extra)
				f |= XEN_NETRXF_extra_info;
		} else {
			len = max_t(u16, len, 1);
		}
		put_rsp(req.id, off, f, len);
		if (!i && xdp_extra)
			put_xdp_extra();
	}
	WRITE_ONCE(*q.rx.rsp.prod, be.rsp_prod);
}

/* n slots each saying more follows, in posted buffers; maybe an end. */
static void chain(unsigned int n, bool end)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct xen_netif_rx_request req;

		memcpy(&req, xnif_ring_req(&q.rx, be.req_cons++), sizeof(req));
		put_rsp(req.id, 0, end && i + 1 == n ? 0 : XEN_NETRXF_more_data,
			ETH_HLEN);
	}
	WRITE_ONCE(*q.rx.rsp.prod, be.rsp_prod);
}

/* Answer every published TX request (XDP_TX's, one slot each). */
static void answer_tx(bool error)
{
	while (be.tx_req_cons != READ_ONCE(*q.tx.req.prod)) {
		struct xen_netif_tx_response rsp = { 0 };
		struct xen_netif_tx_request req;

		memcpy(&req, xnif_ring_req(&q.tx, be.tx_req_cons++),
		       sizeof(req));
		rsp.id = req.id;
		rsp.status = error ? XEN_NETIF_RSP_ERROR : XEN_NETIF_RSP_OKAY;
		memcpy(xnif_ring_rsp(&q.tx, be.tx_rsp_prod++), &rsp,
		       sizeof(rsp));
	}
	WRITE_ONCE(*q.tx.rsp.prod, be.tx_rsp_prod);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	if (!size)
		return 0;
	in = data + 1;
	left = size - 1;
	setup(data[0], take8());
	while (left && !xennet_broken(&np)) {
		u8 op = take8();
		u32 posted;

		switch (op % 8) {
		case 0:
		case 1:
			answer();
			break;
		case 3:
			/* What XDP_TX sent comes back first. */
			answer_tx(op & 0x20);
			xennet_tx_reap(&q, 64);
			fallthrough;
		case 2:
			if (pool_size && pool_later && !q.staged.pages)
				pool_build();
			posted = q.rx_prod;
			xennet_rx_poll(&q, 1 + (op >> 3));
			GLUE_REQUIRE(xennet_broken(&np) ||
				     (s32)(posted - q.rx_cons) >= 0,
				     "the poll took a buffer never posted");
			break;
		case 4:
			/* Any response in the next slot, published or not. */
			put_rsp(take8(), take16(), take8(), take16());
			if (op & 0x10)
				WRITE_ONCE(*q.rx.rsp.prod, be.rsp_prod);
			be.req_cons++;
			be.honest = false;
			break;
		case 5:
			chain(take8() % 64, op & 0x10);
			be.honest = false;
			break;
		case 6:
			/* Any producer index near the truth or the buffers. */
			WRITE_ONCE(*q.rx.rsp.prod, (op & 0x10 ?
						    READ_ONCE(*q.rx.req.prod) :
						    be.rsp_prod) + (s8)take8());
			be.honest = false;
			break;
		case 7:
			/* Keep mapping a granted page, answered or not. */
			glue_peer.grant_busy[q.rx_slots[take8() % q.rx.size].gref] =
				true;
			be.honest = false;
			break;
		}
		check();
	}
	teardown();
	return 0;
}
