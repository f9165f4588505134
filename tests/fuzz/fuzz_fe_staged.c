// SPDX-License-Identifier: GPL-2.0
/*
 * netfront's control ring and staged pool, drivers/net/xen-netfront/
 * ctrl.c and staged.c compiled whole over the data path glue, with one
 * or two queues set up as a connect does, against a backend that the
 * input plays on the control ring. For each request it is, by the
 * input's choice, honest (a mapping size of the input's choosing; ADD
 * maps the table and marks each entry, maybe refusing some; DEL unmaps),
 * silent (no answer: the timeout), refusing (NOT_SUPPORTED), or lying:
 * another id, another type, a status nobody defined, a data word past
 * the bound, entries marked with unknown statuses, a producer that runs
 * ahead of the one response owed or goes back.
 *
 * The frontend sets the ring up (maybe short of memory or grants),
 * writes its keys, takes spurious events, reaches link-up (asks the size
 * and stages), reaches it again, maybe unstages, and is torn down as a
 * disconnect does. Throughout:
 *   - ctrl-ring-ref and event-channel-ctrl are written exactly when the
 *     ring exists;
 *   - staging is all or nothing: "on" means every queue holds the same
 *     number of granted pages, at least the minimum, within the size the
 *     pure sizing gives, every one accepted; anything else leaves no pool
 *     at all, and counts one fallback;
 *   - a backend that was honest from the start and offered room for a
 *     pool got it, with no control error counted, and maps exactly the
 *     pool's pages; after an unstage it honoured, it maps none;
 *   - a second link-up sends nothing;
 *   - a lie or a silence counts a control error and ends the requests;
 *   - at the end no page and no grant is left, and no WARN fired.
 */
#include "glue_fe.h"

/*
 * The glue has no rtnetlink.h of its own: keep the host's uapi one, which
 * ctrl.c's and staged.c's include would find, out (ASSERT_RTNL is below).
 */
#define __LINUX_RTNETLINK_H

/* What ctrl.c and staged.c need that the data path glue leaves out. */
struct xenbus_transaction {
	u32 id;
};

static struct {
	bool ref;	/* ctrl-ring-ref written */
	bool evtchn;	/* event-channel-ctrl written */
} keys;

static int xenbus_printf(struct xenbus_transaction t, const char *dir,
			 const char *node, const char *fmt, ...)
{
	if (!strcmp(node, XEN_NETIF_KEY_CTRL_RING_REF))
		keys.ref = true;
	else if (!strcmp(node, XEN_NETIF_KEY_EVTCHN_CTRL))
		keys.evtchn = true;
	else
		abort();
	return 0;
}

#ifndef ASSERT_RTNL
#define ASSERT_RTNL()	do { } while (0)
#endif

static int gnttab_grant_foreign_access(domid_t domid, unsigned long frame,
				       int readonly)
{
	grant_ref_t head, ref;

	if (gnttab_alloc_grant_references(1, &head))
		return -ENOSPC;
	ref = gnttab_claim_grant_reference(&head);
	gnttab_free_grant_references(head);
	gnttab_grant_foreign_access_ref(ref, domid, frame, readonly);
	return ref;
}

static unsigned int free_grants;

unsigned int xennet_free_grants(void)
{
	return free_grants;
}

/* The backend answers whatever is pending when the frontend waits. */
static void be_serve(void);

#undef wait_event_timeout
#define wait_event_timeout(wq, cond, t)	\
	((void)(wq), (void)(t), be_serve(), (long)!!(cond))

#include "../../drivers/net/xen-netfront/ctrl.c"
#include "../../drivers/net/xen-netfront/staged.c"

#define MAX_QUEUES	2

static struct xennet_queue qs[MAX_QUEUES];
static struct netdev_queue txqs[MAX_QUEUES];
static struct xennet_queue_stats qstats[MAX_QUEUES];

/* The backend's side of the control ring, and what it maps. */
static struct {
	u32 req_cons;
	bool honest;		/* every answer so far was honest */
	bool silent;		/* some request got no answer */
	bool refused;		/* some request was refused */
	bool entry_refused;	/* some ADD entry was refused */
	bool lied;
	u32 size;		/* the last size answered */
	unsigned int requests;
	bool mapped[GLUE_GREFS];
} be;

/*
 * The queue whose table a request names, read as netif.h lays it out
 * and as our netback reads it: data[0] the queue, data[1] the gref of
 * its list, data[2] how many entries.
 */
static struct xennet_staged *be_table(const struct xen_netif_ctrl_request *req)
{
	struct xennet_staged *s;

	if (req->data[0] >= np.num_queues)
		return NULL;
	s = &qs[req->data[0]].staged;
	if (!s->table || s->table_ref != req->data[1] || req->data[2] != s->n)
		return NULL;
	return s;
}

/*
 * An honest ADD or DEL, as netif.h and our netback define them. An ADD
 * maps every entry or none: one refused entry fails the whole request.
 * A DEL may name only mapped references: our netback disables a vif that
 * DELs anything else (staged_del_unmapped), so our netfront never may,
 * whatever an honest backend answered before.
 */
static u16 be_gref_table(const struct xen_netif_ctrl_request *req,
			 bool add, u8 how, u32 *data)
{
	struct xennet_staged *s = be_table(req);
	struct xen_netif_gref *tbl;
	bool refused = false;
	unsigned int i;

	if (!s || s->n > XNIF_STAGED_TABLE_MAX)
		abort();
	tbl = page_address(s->table);
	for (i = 0; i < s->n; i++) {
		grant_ref_t ref = tbl[i].ref;
		u16 st = XEN_NETIF_CTRL_STATUS_SUCCESS;

		if (ref >= GLUE_GREFS || ref != s->refs[i] || !glue_granted(ref))
			abort();
		if (!add && !be.mapped[ref] && !be.lied && !be.silent)
			abort();
		if (add && (how & 0x10) && i == (how & 0x0f) % s->n) {
			st = XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
			be.entry_refused = true;
			refused = true;
		} else if (add && (how & 0x20) && i == (how & 0x0f) % s->n) {
			st = 0x100 | how;	/* no status the protocol has */
			be.lied = true;
			be.honest = false;
		}
		if (!add)
			be.mapped[ref] = false;
		tbl[i].status = st;
	}
	for (i = 0; add && !refused && i < s->n; i++)
		if (tbl[i].status == XEN_NETIF_CTRL_STATUS_SUCCESS)
			be.mapped[tbl[i].ref] = true;
	*data = add ? 0 : s->n;
	return refused ? XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER :
			 XEN_NETIF_CTRL_STATUS_SUCCESS;
}

static void be_answer(const struct xen_netif_ctrl_request *req)
{
	struct xen_netif_ctrl_sring *sring = np.ctrl.ring.sring;
	struct xen_netif_ctrl_response rsp = {
		.id = req->id,
		.type = req->type,
		.status = XEN_NETIF_CTRL_STATUS_SUCCESS,
	};
	u8 mode = take8(), how = take8();
	u32 prod = sring->rsp_prod;

	be.requests++;
	switch (mode % 8) {
	case 3:
		be.silent = true;
		be.honest = false;
		return;
	case 4:
		rsp.status = XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
		be.refused = true;
		break;
	case 5:
		rsp.id += 1 + how;
		be.lied = true;
		break;
	case 6:
		switch (how % 5) {
		case 0:
			rsp.type ^= 1 + (how >> 3);
			break;
		case 1:
			rsp.status = 4 + (how >> 3);
			break;
		case 2:
			rsp.data = XNIF_CTRL_GREF_SIZE_MAX + 1 + how;
			/* Past the bound for every type we send. */
			break;
		case 3:
			/* Producer behind the consumer. */
			prod -= 2;
			break;
		default:
			/* An unasked response first: ahead by two. */
			prod++;
			break;
		}
		be.lied = true;
		break;
	default:
		/* Honest. */
		if (req->type == XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE) {
			/* Per queue: data[0] names one. */
			if (req->data[0] >= np.num_queues)
				abort();
			rsp.data = how & 0x80 ? take16() : take8();
			be.size = rsp.data;
		} else if (req->type == XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING ||
			   req->type == XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING) {
			rsp.status = be_gref_table(req, req->type ==
						   XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING,
						   how, &rsp.data);
		} else {
			abort();
		}
		break;
	}
	if (be.lied)
		be.honest = false;
	if (be.refused)
		be.honest = false;
	sring->ring[prod & (RING_SIZE(&np.ctrl.ring) - 1)].rsp = rsp;
	WRITE_ONCE(sring->rsp_prod, prod + 1);
}

static void be_serve(void)
{
	struct xen_netif_ctrl_sring *sring = np.ctrl.ring.sring;

	if (!sring)
		abort();
	while (be.req_cons != READ_ONCE(sring->req_prod)) {
		struct xen_netif_ctrl_request req;

		req = sring->ring[be.req_cons & (RING_SIZE(&np.ctrl.ring) - 1)].req;
		be.req_cons++;
		/* One request at a time, always of a type we serve. */
		if (be.req_cons != READ_ONCE(sring->req_prod) ||
		    req.type < XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE ||
		    req.type > XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING)
			abort();
		be_answer(&req);
	}
}

static unsigned int be_mapped_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < GLUE_GREFS; i++)
		n += be.mapped[i];
	return n;
}

/* What the pure sizing gives for what the backend answered. */
static bool staged_fits(void)
{
	struct xnif_staged_in in = {
		.be_size = be.size,
		.queues = np.num_queues,
		.free_grants = free_grants,
		.want = qs[0].rx.size + qs[0].tx.size,
	};

	return xnif_staged_per_queue(&in);
}

static void check_staged(void)
{
	unsigned int i;

	GLUE_REQUIRE(np.staged_state < XENNET_STAGED_MAX, "unknown state");
	GLUE_REQUIRE(atomic_long_read(&np.staged_fallback) ==
		     (np.staged_state == XENNET_STAGED_REFUSED),
		     "a fallback not counted once");
	for (i = 0; i < np.num_queues; i++) {
		const struct xennet_staged *s = &qs[i].staged;
		unsigned int k;

		if (np.staged_state != XENNET_STAGED_ON) {
			GLUE_REQUIRE(!s->n && !s->table && !s->pages &&
				     !s->grants,
				     "a pool outlived its fallback");
			continue;
		}
		GLUE_REQUIRE(s->n == np.staged_pages && s->added && s->table &&
			     s->n >= XNIF_STAGED_MIN &&
			     s->n <= XNIF_STAGED_TABLE_MAX &&
			     s->grants == s->n + 1,
			     "a queue staged unlike the others");
		for (k = 0; k < s->n; k++)
			GLUE_REQUIRE(glue_granted(s->refs[k]),
				     "a staged page is not granted");
	}
	if (np.staged_state == XENNET_STAGED_ON)
		GLUE_REQUIRE(np.staged_pages <= be.size,
			     "staged more than the backend maps per queue");
	if (be.lied || be.silent)
		GLUE_REQUIRE(np.ctrl.dead && atomic_long_read(&np.ctrl_errors),
			     "a lie or silence went unnoticed");
	if (!be.honest || be.entry_refused)
		return;
	GLUE_REQUIRE(!atomic_long_read(&np.ctrl_errors),
		     "an honest backend counted as lying");
	/* With memory enough, room offered is room taken. */
	if (!glue_peer.max_pages && staged_fits())
		GLUE_REQUIRE(np.staged_state == XENNET_STAGED_ON,
			     "an honest backend's room not staged");
	if (np.staged_state == XENNET_STAGED_ON)
		GLUE_REQUIRE(be_mapped_count() ==
			     np.staged_pages * np.num_queues,
			     "the backend maps other pages than the pool");
}

static void teardown(void)
{
	unsigned int i;

	/* Whatever the control ring did, the data path is the backend's. */
	GLUE_REQUIRE(!xennet_broken(&np), "the control ring broke the device");
	for (i = 0; i < np.num_queues; i++)
		xennet_staged_free(&qs[i]);
	xennet_ctrl_teardown(&np);
	GLUE_REQUIRE(!np.ctrl.page, "the control ring outlived its disconnect");
	for (i = 0; i < np.num_queues; i++)
		xennet_queue_free(&qs[i]);
	require_nothing_left();
	GLUE_REQUIRE(!glue_counts.warned, "a WARN fired");
}

/*
 * The first byte: bit 0 two queues, bit 1 short of memory, bits 2-3 how
 * many grant entries are free, bits 4-7 how short of memory.
 */
static void setup(u8 cfg)
{
	static const unsigned int grants[] = { 0, 200, 4000, 1U << 20 };
	unsigned int i;

	glue_fe_device(0);
	memset(&be, 0, sizeof(be));
	memset(&keys, 0, sizeof(keys));
	memset(qs, 0, sizeof(qs));
	memset(txqs, 0, sizeof(txqs));
	memset(qstats, 0, sizeof(qstats));
	be.honest = true;
	np.queues = qs;
	np.num_queues = 1 + (cfg & 1);
	np.stats = qstats;
	dev.txq = txqs;
	dev.num_tx_queues = MAX_QUEUES;
	dev.real_num_tx_queues = np.num_queues;
	np.be.ctrl_ring = true;
	free_grants = grants[(cfg >> 2) & 3];
	for (i = 0; i < np.num_queues; i++) {
		qs[i].info = &np;
		qs[i].id = i;
		qs[i].stats = &qstats[i];
		if (xennet_queue_init(&qs[i]))
			abort();
	}
	if (cfg & 2)
		glue_peer.max_pages = glue_counts.pages + (cfg >> 4) * 40;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xenbus_transaction xbt = { 0 };
	unsigned int asked;
	u8 op;

	if (!size)
		return 0;
	in = data + 1;
	left = size - 1;
	setup(data[0]);

	if (xennet_ctrl_setup(&np)) {
		GLUE_REQUIRE(!np.ctrl.page, "a failed ring setup left a ring");
		xennet_ctrl_link_up(&np);
		GLUE_REQUIRE(np.staged_state == XENNET_STAGED_OFF,
			     "staged without a control ring");
		teardown();
		return 0;
	}
	if (xennet_ctrl_write_keys(&xbt, "device/vif/0", &np) || !keys.ref ||
	    !keys.evtchn)
		abort();

	op = take8();
	/* Events with nothing behind them. */
	while (op & 1 && left) {
		xennet_ctrl_irq(np.ctrl.irq, &np.ctrl);
		op = take8();
	}
	xennet_ctrl_link_up(&np);
	check_staged();
	GLUE_REQUIRE(be.requests >= 1, "link-up asked nothing");

	asked = be.requests;
	xennet_ctrl_link_up(&np);
	GLUE_REQUIRE(be.requests == asked, "a second link-up asked again");

	if (op & 2) {
		bool was_on = np.staged_state == XENNET_STAGED_ON;
		bool honest = be.honest;

		xennet_unstage(&np);
		GLUE_REQUIRE(np.staged_state != XENNET_STAGED_ON,
			     "still on after unstaging");
		/* An honest DEL of an honest pool leaves nothing mapped. */
		if (was_on && honest && be.honest && !be.entry_refused)
			GLUE_REQUIRE(!be_mapped_count(),
				     "pages still mapped after DEL");
	}
	teardown();
	memset(&keys, 0, sizeof(keys));
	if (xennet_ctrl_write_keys(&xbt, "device/vif/0", &np) || keys.ref ||
	    keys.evtchn)
		abort();
	return 0;
}
