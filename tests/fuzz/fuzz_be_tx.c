// SPDX-License-Identifier: GPL-2.0
/*
 * netback's guest TX glue, drivers/net/xen-netback/tx.c and queue.c
 * compiled whole through the shims in tests/userspace/glue, against a
 * frontend that the input plays. The ring is mapped with
 * xenvif_ring_map() from indices of the input's choosing, as a resumed
 * frontend hands it over; each step then posts an honest packet, writes
 * a request or a producer index of the input's choosing, changes the
 * toolstack's rate, lets time pass, makes Xen fail copies, or runs the
 * NAPI poll xenvif_tx_poll(), whose xenvif_tx_take() gathers requests.
 * Every grant copy the poll asks for must lie inside one page on both
 * sides (the model writes its destination bytes for ASan to see). Some
 * inputs stage a run of grant references first, as staged.c maps them:
 * slots naming them are then copied by staged_copy.c out of pages of
 * exactly one page each, for ASan to hold to their bounds. After
 * every step:
 *   - the poll never read past the frontend's producer index, and never
 *     had more requests unanswered than the ring holds;
 *   - every response answers a request the frontend sent and has not
 *     seen answered, once;
 *   - a frontend that only ever posted honest packets was never
 *     disabled, and once it is all answered it has every id back;
 *   - a disabled vif reads nothing more;
 *   - no WARN fired.
 * At the end no page, skb or grant may be left.
 */
#include "../../drivers/net/xen-netback/tx.c"
#include "../../drivers/net/xen-netback/queue.c"
#include "../../drivers/net/xen-netback/staged_copy.c"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* main.c's parameters, at their defaults. */
unsigned int xenvif_fatal_skb_slots = XEN_NETIF_NR_SLOTS_MIN;
unsigned int xenvif_tx_coalesce_usecs = 20;
bool xenvif_spread_threads;
bool xenvif_tx_zerocopy;
bool xenvif_grant_scan;

static struct xenvif vif;
static struct xenvif_be be_dev;
static struct xenbus_device xbdev;
static struct net_device dev;
static struct xenvif_queue queue;

/* vif.c's, cut down to what the harness checks: the vif is off. */
void xenvif_fatal(struct xenvif *fvif, int qid, const char *why)
{
	GLUE_REQUIRE(why, "disabled without a reason");
	set_bit(XENVIF_BROKEN, &fvif->flags);
}

/* Never reached with the copying path: queue->zc stays NULL. */
struct sk_buff *xenvif_zc_skb(struct xenvif_queue *q,
			      const struct xnif_tx_packet *pkt,
			      struct xenvif_zc_pkt **zpp)
{
	abort();
}

void xenvif_zc_cancel(struct xenvif_queue *q, struct xenvif_zc_pkt *zp)
{
	abort();
}

void xenvif_zc_add_maps(struct xenvif_queue *q,
			const struct xnif_tx_packet *pkt,
			struct xenvif_zc_pkt *zp)
{
	abort();
}

void xenvif_zc_map(struct xenvif_queue *q)
{
}

/* grant_scan.c's: never reached, xenvif_grant_scan stays false. */
void xenvif_scan_tx(struct xenvif *svif, const struct xnif_tx_packet *pkt)
{
	abort();
}

bool xenvif_zc_attach(struct xenvif_queue *q, struct xenvif_zc_pkt *zp,
		      struct sk_buff *skb, bool ok)
{
	abort();
}

/* Guest RX and grant mapping are not this harness's: never set up. */
bool xenvif_rx_news(struct xenvif_queue *q)
{
	return false;
}

bool xenvif_rx_work(struct xenvif_queue *q)
{
	abort();
}

long xenvif_rx_timeout(struct xenvif_queue *q)
{
	abort();
}

void xenvif_rx_run(struct xenvif_queue *q)
{
	abort();
}

bool xenvif_zc_work(struct xenvif_queue *q)
{
	abort();
}

struct llist_node *xenvif_zc_done(struct xenvif_queue *q)
{
	return NULL;
}

unsigned int xenvif_zc_unmap(struct xenvif_queue *q, struct llist_node **list,
			     const struct xenvif_tx_done **done)
{
	return 0;
}

void xenvif_zc_recycle(struct xenvif_queue *q, unsigned int n)
{
	abort();
}

int xenvif_zc_inflight(struct xenvif_queue *q)
{
	return 0;
}

int xenvif_rx_alloc(struct xenvif_queue *q)
{
	return 0;
}

void xenvif_rx_free(struct xenvif_queue *q)
{
}

void xenvif_rx_purge(struct xenvif_queue *q)
{
}

int xenvif_zc_alloc(struct xenvif_queue *q)
{
	abort();
}

void xenvif_zc_free(struct xenvif_queue *q)
{
}

/* The multicast filter: a full one refuses, as mcast.c does. */
static unsigned int mcast_added;

int xenvif_mcast_add(struct xenvif *mvif, const u8 *addr)
{
	return mcast_added++ < 4 ? 0 : -ENOSPC;
}

void xenvif_mcast_del(struct xenvif *mvif, const u8 *addr)
{
}

/* The frontend's side: which ids it has out, what it has seen. */
static struct {
	u32 req_prod;		/* requests written */
	u32 pub_max;		/* furthest producer index ever published */
	u32 rsp_cons;		/* responses read */
	u8 *out;		/* per id: requests out under that id */
	u32 nr_out;
	bool honest;
} fe;

#include "glue_input.h"

static void *shared;
static unsigned int ring_pages;

/* The ring's pages, as xenbus maps the frontend's grants. */
int xenbus_map_ring_valloc(struct xenbus_device *xdev, grant_ref_t *refs,
			   unsigned int nr, void **vaddr)
{
	if (nr != ring_pages)
		abort();
	*vaddr = shared;
	return 0;
}

void xenbus_unmap_ring_vfree(struct xenbus_device *xdev, void *vaddr)
{
	if (vaddr != shared)
		abort();
}

/*
 * Staged grants as staged.c leaves them after an ADD of n references
 * from first on (wrapping in the 8 bits the frontend's grefs take): a
 * published table naming them and a page of our own for each.
 */
#define STAGE_MAX	16
static struct xenvif_staged *staging;
static struct xenvif_staged_table stage_table;

static void stage(u8 first, unsigned int n)
{
	struct xen_netif_gref e[STAGE_MAX] = { 0 };
	u16 slot[STAGE_MAX];
	unsigned int i;

	staging = calloc(1, sizeof(*staging) + sizeof(staging->q[0]));
	if (!staging)
		abort();
	staging->num = 1;
	xnif_staged_init(&stage_table.t, STAGE_MAX);
	for (i = 0; i < n; i++)
		e[i].ref = (u8)(first + i);
	if (xnif_staged_add(&stage_table.t, e, n, slot) !=
	    XEN_NETIF_CTRL_STATUS_SUCCESS)
		abort();
	for (i = 0; i < n; i++) {
		staging->q[0].page[slot[i]] = alloc_page(GFP_KERNEL);
		if (!staging->q[0].page[slot[i]])
			abort();
	}
	staging->q[0].table = &stage_table;
	vif.staged = staging;
}

static void unstage(void)
{
	unsigned int i;

	if (!vif.staged)
		return;
	for (i = 0; i < STAGE_MAX; i++)
		if (staging->q[0].page[i])
			put_page(staging->q[0].page[i]);
	free(staging);
	vif.staged = NULL;
}

static bool setup(void)
{
	u8 cfg = take8();
	unsigned int order = cfg & 1;
	enum xnif_ring_layout layout = cfg & 2 ? XNIF_LAYOUT_V2 :
				       XNIF_LAYOUT_CLASSIC;
	grant_ref_t refs[XEN_NETIF_MAX_RING_PAGES] = { 0 };
	struct xnif_ring probe;
	u32 start = take16() | (u32)take16() << 16;

	glue_reset();
	memset(&vif, 0, sizeof(vif));
	memset(&queue, 0, sizeof(queue));
	memset(&fe, 0, sizeof(fe));
	fe.honest = true;
	mcast_added = 0;
	be_dev.dev = &xbdev;
	vif.be = &be_dev;
	vif.dev = &dev;
	vif.domid = 1;
	vif.credit_unlimited = true;
	queue.vif = &vif;
	ring_pages = 1U << order;
	shared = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
	if (!shared)
		abort();
	memset(shared, 0, PAGE_SIZE << order);
	/* The frontend starts its indices anywhere, all equal. */
	if (xnif_ring_attach(&probe, shared, order, layout,
			     sizeof(struct xen_netif_tx_request),
			     sizeof(struct xen_netif_tx_response)))
		abort();
	*probe.req.prod = start;
	*probe.rsp.prod = start;
	if (cfg & 4)
		*probe.req.prod += take8();	/* a lie, or history */
	if (xenvif_ring_map(&vif, &queue.tx, refs, order, layout,
			    sizeof(struct xen_netif_tx_request),
			    sizeof(struct xen_netif_tx_response))) {
		free(shared);
		return false;
	}
	fe.req_prod = *queue.tx.ring.req.prod;
	fe.pub_max = fe.req_prod;
	fe.rsp_cons = start;
	if (fe.req_prod != start)
		fe.honest = false;
	fe.out = calloc(queue.tx.ring.size, sizeof(*fe.out));
	if (!fe.out || xenvif_tx_alloc(&queue))
		abort();
	if (cfg & 8)
		stage(take8(), 1 + take8() % STAGE_MAX);
	return true;
}

static void teardown(void)
{
	xenvif_tx_flush(&queue);
	xenvif_tx_free(&queue);
	xenvif_ring_unmap(&vif, &queue.tx);
	unstage();
	GLUE_REQUIRE(!glue_counts.pages, "a page outlived the queue");
	GLUE_REQUIRE(!glue_counts.skbs, "an skb outlived the queue");
	free(fe.out);
	free(shared);
}

/* Read the published responses as a frontend does. */
static void read_responses(void)
{
	u32 prod = READ_ONCE(*queue.tx.ring.rsp.prod);

	GLUE_REQUIRE((s32)(fe.pub_max - prod) >= 0,
		     "a response past every request published");
	for (; fe.rsp_cons != prod; fe.rsp_cons++) {
		struct xen_netif_tx_response rsp;

		memcpy(&rsp, xnif_ring_rsp(&queue.tx.ring, fe.rsp_cons),
		       sizeof(rsp));
		if (rsp.status == XEN_NETIF_RSP_NULL || !fe.honest)
			continue;
		GLUE_REQUIRE(rsp.id < queue.tx.ring.size && fe.out[rsp.id],
			     "a response to a request never sent");
		GLUE_REQUIRE(rsp.status == XEN_NETIF_RSP_OKAY ||
			     (rsp.status == XEN_NETIF_RSP_ERROR &&
			      glue_peer.copy_fail),
			     "an honest request refused");
		fe.out[rsp.id]--;
		fe.nr_out--;
	}
}

static void check(void)
{
	struct xenvif_ring *r = &queue.tx;

	GLUE_REQUIRE(!glue_counts.warned, "a WARN fired");
	GLUE_REQUIRE(!fe.honest || !xenvif_broken(&vif),
		     "an honest frontend was disabled");
	GLUE_REQUIRE(r->req_cons - r->rsp_prod <= r->ring.size,
		     "more requests unanswered than the ring holds");
	GLUE_REQUIRE((s32)(fe.pub_max - r->req_cons) >= 0,
		     "read past every producer index published");
	read_responses();
	if (fe.honest && fe.rsp_cons == fe.req_prod)
		GLUE_REQUIRE(!fe.nr_out, "all answered, an id still out");
}

static u32 free_id(void)
{
	u32 id;

	for (id = 0; id < queue.tx.ring.size; id++)
		if (!fe.out[id])
			return id;
	/* Only a frontend that lost track of its responses runs out. */
	GLUE_REQUIRE(!fe.honest, "an honest frontend out of ids");
	return 0;
}

static void publish(u32 prod)
{
	WRITE_ONCE(*queue.tx.ring.req.prod, prod);
	if ((s32)(prod - fe.pub_max) > 0)
		fe.pub_max = prod;
}

static void put_req(const struct xen_netif_tx_request *req)
{
	memcpy(xnif_ring_req(&queue.tx.ring, fe.req_prod++), req,
	       sizeof(*req));
}

/* A packet as a frontend must post it: 1-4 slots, within their pages. */
static void post(void)
{
	struct xen_netif_tx_request req[4];
	unsigned int i, n = 1 + take8() % 4, total = 0;
	u8 flags = take8();

	if (queue.tx.ring.size - (fe.req_prod - fe.rsp_cons) < n)
		return;
	for (i = 0; i < n; i++) {
		req[i].gref = take8();
		req[i].offset = take16() % XEN_PAGE_SIZE;
		req[i].size = 1 + take16() % (XEN_PAGE_SIZE - req[i].offset);
		req[i].flags = i + 1 < n ? XEN_NETTXF_more_data : 0;
		req[i].id = free_id();
		if (fe.honest) {
			fe.out[req[i].id]++;
			fe.nr_out++;
		}
		total += req[i].size;
	}
	if (total < ETH_HLEN) {
		req[0].size += ETH_HLEN;
		req[0].offset = 0;
		total += ETH_HLEN;
	}
	req[0].size = total;
	req[0].flags |= flags & XEN_NETTXF_data_validated;
	for (i = 0; i < n; i++)
		put_req(&req[i]);
	publish(fe.req_prod);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_netif_tx_request req;

	in = data;
	left = size;
	if (!setup())
		return 0;
	while (left) {
		u8 op = take8();
		u32 before = queue.tx.req_cons;
		bool was_disabled = xenvif_broken(&vif);

		switch (op % 8) {
		case 0:
		case 1:
			post();
			break;
		case 2:
		case 3:
			xenvif_tx_poll(&queue.napi, 1 + (op >> 3));
			GLUE_REQUIRE(!was_disabled ||
				     queue.tx.req_cons == before,
				     "a disabled vif read requests");
			break;
		case 4:
			/* Any request in the next slot, published. */
			req.gref = take8();
			req.offset = take16();
			req.flags = take8();
			req.id = take16();
			req.size = take16();
			put_req(&req);
			publish(fe.req_prod);
			fe.honest = false;
			break;
		case 5:
			/* Any producer index near the truth. */
			publish(fe.req_prod + (s8)take8());
			fe.honest = false;
			break;
		case 6:
			/* The toolstack's rate changes; time passes. */
			spin_lock(&vif.rate_lock);
			vif.rate_bytes = take16();
			vif.rate_usecs = take16();
			spin_unlock(&vif.rate_lock);
			atomic_inc(&vif.rate_gen);
			break;
		case 7:
			jiffies += take8();
			if (op & 0x80)
				glue_peer.copy_fail = take8();
			break;
		}
		check();
	}
	teardown();
	return 0;
}
