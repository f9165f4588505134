// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: the control ring (feature-ctrl-ring), on which a
 * frontend configures the backend's receive hashing. ctrl_hash sends
 * honest requests and then each request XSA-270 taught a backend to
 * refuse: a mapping whose offset plus length wraps, one longer than a
 * page or the table, entries naming queues that do not exist, keys and
 * tables too big, grants that do not exist. It checks every answer
 * itself and says how many bad requests were refused.
 *
 * The staged_* modes send the gref mapping requests of staged grants
 * (the lab loads netback with staged_enable=1 for them): one each of the
 * requests only a hostile frontend sends, which must disable the vif, and
 * two a correct frontend may send, which must not (see the end).
 *
 * ctrl_flood keeps the ring full and signals in a loop; ctrl_early posts
 * a request and signals both channels from before the frontend says
 * Connected until the backend does. Both then check that the ring still
 * answers: a backend whose control work ran before it knew its irq, or
 * was cancelled out of order, loses the late EOI and goes silent.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/string.h>

#include <xen/events.h>

#include "hostile.h"

#define HOSTILE_CTRL_WAIT_MS	2000
/* How long the early thread signals at most, waiting for Connected. */
#define HOSTILE_EARLY_MS	10000
#define HOSTILE_BAD_GREF	0x0ffffff0U

int hostile_ctrl_up(struct hostile *h)
{
	int err;

	err = hostile_ring_up(h, &h->ctrl_shared, &h->ctrl_ring_ref, &h->ctrl,
			      sizeof(struct xen_netif_ctrl_request),
			      sizeof(struct xen_netif_ctrl_response));
	if (!err)
		err = xenbus_alloc_evtchn(h->dev, &h->ctrl_evtchn);
	if (err)
		return err;
	err = bind_evtchn_to_irqhandler(h->ctrl_evtchn, hostile_interrupt, 0,
					"hostile-ctrl", h);
	if (err < 0) {
		xenbus_free_evtchn(h->dev, h->ctrl_evtchn);
		return err;
	}
	h->ctrl_irq = err;
	h->ctrl_prod = 0;
	h->ctrl_cons = 0;
	return 0;
}

void hostile_ctrl_down(struct hostile *h)
{
	if (h->ctrl_irq) {
		unbind_from_irqhandler(h->ctrl_irq, h);
		h->ctrl_irq = 0;
	}
	if (h->ctrl_shared)
		xenbus_teardown_ring(&h->ctrl_shared, 1, &h->ctrl_ring_ref);
}

int hostile_ctrl_write_keys(struct hostile *h, struct xenbus_transaction xbt)
{
	int err;

	err = xenbus_printf(xbt, h->dev->nodename, XEN_NETIF_KEY_CTRL_RING_REF,
			    "%u", h->ctrl_ring_ref);
	return err ?: xenbus_printf(xbt, h->dev->nodename,
				    XEN_NETIF_KEY_EVTCHN_CTRL, "%u",
				    h->ctrl_evtchn);
}

/*
 * Send one request and wait for its answer: its status (and its data word
 * in *data if asked), or -ETIMEDOUT.
 */
static int hostile_ctrl_ask(struct hostile *h, u16 type, u32 d0, u32 d1,
			    u32 d2, u32 *data)
{
	struct xen_netif_ctrl_request req = {
		.id = h->ctrl_prod & 0xffff,
		.type = type,
		.data = { d0, d1, d2 },
	};
	struct xen_netif_ctrl_response rsp;
	unsigned long end = jiffies + msecs_to_jiffies(HOSTILE_CTRL_WAIT_MS);

	memcpy(xnif_ring_req(&h->ctrl, h->ctrl_prod++), &req, sizeof(req));
	xnif_ring_publish(&h->ctrl.req, h->ctrl_prod);
	notify_remote_via_evtchn(h->ctrl_evtchn);
	while (xnif_ring_peer_prod(&h->ctrl.rsp) == h->ctrl_cons) {
		if (time_after(jiffies, end) || kthread_should_stop())
			return -ETIMEDOUT;
		msleep(20);
	}
	memcpy(&rsp, xnif_ring_rsp(&h->ctrl, h->ctrl_cons++), sizeof(rsp));
	if (data)
		*data = rsp.data;
	return rsp.status;
}

static int hostile_ctrl_call(struct hostile *h, u16 type, u32 d0, u32 d1,
			     u32 d2)
{
	return hostile_ctrl_ask(h, type, d0, d1, d2, NULL);
}

/* One request a sound backend refuses: the table of what ctrl_hash sends. */
struct hostile_ctrl_bad {
	u16 type;
	u32 data[3];
};

int hostile_ctrl_hash(struct hostile *h)
{
	/* data: SET_HASH_MAPPING gref, len, off; SET_HASH_KEY gref, len. */
	const struct hostile_ctrl_bad bad[] = {
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, { h->tx_ref[1], 32, 0xfffffff0 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, { h->tx_ref[1], 0x10000, 0 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, { h->tx_ref[1], 4, 126 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, { h->tx_ref[1], 4, 0 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, { HOSTILE_BAD_GREF, 4, 0 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_KEY, { h->tx_ref[1], 1000 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_KEY, { h->unused_ref, 40 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE, { 0x80000000 } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS, { 0xffffffff } },
		{ XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM, { 0xdead } },
		{ 99, { 1, 2, 3 } },
	};
	/* Entry 1 names queue 7 of a one-queue vif. */
	static const u32 entries[] = { 0, 7, 0, 0 };
	unsigned int i, refused = 0;
	int honest;

	memcpy(page_address(h->tx_page[1]), entries, sizeof(entries));
	honest = hostile_ctrl_call(h, XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM,
				   XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ, 0, 0);
	if (!honest)
		honest = hostile_ctrl_call(h,
					   XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE,
					   128, 0, 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int st = hostile_ctrl_call(h, bad[i].type, bad[i].data[0],
					   bad[i].data[1], bad[i].data[2]);

		if (st > 0)
			refused++;
		else
			pr_warn("%s: ctrl_hash: bad request %u answered %d\n",
				h->dev->nodename, i, st);
	}
	pr_warn("%s: ctrl_hash: honest requests %s; refused %u of %zu bad requests\n",
		h->dev->nodename, honest ? "failed" : "ok", refused,
		ARRAY_SIZE(bad));
	return honest;
}

/* XSA-39 on the control ring: more requests than it holds. */
int hostile_ctrl_prod_jump(struct hostile *h)
{
	int st;

	st = hostile_ctrl_call(h, XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE,
			       0, 0, 0);
	hostile_set_req_prod(&h->ctrl, h->ctrl_prod + h->ctrl.size + 5);
	notify_remote_via_evtchn(h->ctrl_evtchn);
	return st < 0 ? st : 0;
}

static void hostile_ctrl_put(struct hostile *h, u16 type)
{
	struct xen_netif_ctrl_request req = {
		.id = h->ctrl_prod & 0xffff,
		.type = type,
	};

	memcpy(xnif_ring_req(&h->ctrl, h->ctrl_prod++), &req, sizeof(req));
}

/* Wait until the backend has answered everything posted; false if not. */
static bool hostile_ctrl_settle(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(HOSTILE_CTRL_WAIT_MS);

	while (xnif_ring_peer_prod(&h->ctrl.rsp) != h->ctrl_prod) {
		if (time_after(jiffies, end) || kthread_should_stop())
			return false;
		msleep(20);
	}
	h->ctrl_cons = h->ctrl_prod;
	return true;
}

/* The control ring full of cheap requests, and events without pause. */
int hostile_ctrl_flood(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(hostile_attack_ms);
	unsigned long sent = 0, kicks = 0;
	bool settled;
	int st;

	while (time_before(jiffies, end) && !kthread_should_stop()) {
		/* Never more outstanding than the ring holds: that is XSA-39. */
		h->ctrl_cons = xnif_ring_peer_prod(&h->ctrl.rsp);
		while (h->ctrl_prod - h->ctrl_cons < h->ctrl.size) {
			hostile_ctrl_put(h, XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE);
			sent++;
		}
		xnif_ring_publish(&h->ctrl.req, h->ctrl_prod);
		notify_remote_via_evtchn(h->ctrl_evtchn);
		if (!(++kicks % 256))
			cond_resched();
	}
	settled = hostile_ctrl_settle(h);
	st = settled ? hostile_ctrl_call(h, XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE,
					 0, 0, 0) : -ETIMEDOUT;
	pr_warn("%s: ctrl_flood: %lu requests, %lu notifications; ring %s (%d)\n",
		h->dev->nodename, sent, kicks,
		settled && st >= 0 ? "alive" : "silent", st);
	return settled && st >= 0 ? 0 : -EIO;
}

static int hostile_early_thread(void *data)
{
	struct hostile *h = data;
	unsigned long end = jiffies + msecs_to_jiffies(HOSTILE_EARLY_MS);
	unsigned long n = 0;

	while (!kthread_should_stop()) {
		if (time_after(jiffies, end) || hostile_backend_connected(h)) {
			msleep_interruptible(20);
			continue;
		}
		notify_remote_via_evtchn(h->ctrl_evtchn);
		hostile_kick(h);
		WRITE_ONCE(h->early_events, ++n);
		cond_resched();
	}
	return 0;
}

/*
 * Keys of ctrl_early: the honest ones, then a control request posted and
 * events on both channels from now until the backend is Connected.
 */
int hostile_keys_ctrl_early(struct hostile *h, struct xenbus_transaction xbt)
{
	struct task_struct *task;
	int err;

	err = hostile_write_queue_keys(h, xbt, XEN_NETIF_KEY_EVTCHN, 0);
	if (err || h->early)
		return err;
	/* Once, however often the transaction is retried. */
	hostile_ctrl_put(h, XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE);
	xnif_ring_publish(&h->ctrl.req, h->ctrl_prod);
	task = kthread_run(hostile_early_thread, h, "hostile-early-%u",
			   h->dev->otherend_id);
	if (IS_ERR(task))
		return PTR_ERR(task);
	h->early = task;
	return 0;
}

int hostile_ctrl_early(struct hostile *h)
{
	bool early;
	int st;

	hostile_early_stop(h);
	early = hostile_ctrl_settle(h);
	st = hostile_ctrl_call(h, XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE,
			       0, 0, 0);
	pr_warn("%s: ctrl_early: %lu events before Connected; early request %s, later request %s (%d)\n",
		h->dev->nodename, READ_ONCE(h->early_events),
		early ? "answered" : "unanswered",
		st >= 0 ? "answered" : "unanswered", st);
	return early && st >= 0 ? 0 : -EIO;
}

void hostile_early_stop(struct hostile *h)
{
	if (!h->early)
		return;
	kthread_stop(h->early);
	h->early = NULL;
}

/* --- staged grants (issue #22) ------------------------------------------- */

#define STAGED_ADD	XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING
#define STAGED_DEL	XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING
/*
 * References nobody granted. The backend judges a list before it maps
 * anything, so the violations need no real pages.
 */
#define HOSTILE_STAGED_FAKE_REF	0x00f00000U
/* How many entries one list page holds. */
#define HOSTILE_STAGED_LIST_MAX	(XEN_PAGE_SIZE / sizeof(struct xen_netif_gref))

/*
 * Grant the list page and, from staged_page[1], n pages to stage, each
 * with an honest frame in it; asks the backend's size for queue 0 into
 * *size. Nonzero (and the mode's line said why) if that failed.
 */
static int hostile_staged_up(struct hostile *h, unsigned int n, u32 *size)
{
	unsigned int i;
	int err = 0, st;

	for (i = 0; i <= n && !err; i++) {
		if (h->staged_page[i])
			continue;
		err = hostile_grant_page(h, &h->staged_page[i],
					 &h->staged_ref[i], false);
		if (!err && i)
			hostile_fill_frame(page_address(h->staged_page[i]));
	}
	st = err ? err : hostile_ctrl_ask(h,
					  XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE,
					  0, 0, 0, size);
	if (st || !*size) {
		pr_warn("%s: %s: no staged grants (%d, size %u): is staged_enable set?\n",
			h->dev->nodename, h->mode->name, st, st ? 0 : *size);
		return st ? st : -EOPNOTSUPP;
	}
	return 0;
}

/*
 * ADD or DEL for queue 0 with count entries, the first n of refs[] put in
 * the list page first (n 0: the page holds them already). Its status, the
 * data word in *data.
 */
static int hostile_staged_send(struct hostile *h, u16 type,
			       const grant_ref_t *refs, unsigned int n,
			       u32 count, u32 *data)
{
	struct xen_netif_gref *e = page_address(h->staged_page[0]);
	unsigned int i;

	for (i = 0; i < n && i < HOSTILE_STAGED_LIST_MAX; i++)
		e[i] = (struct xen_netif_gref){ .ref = refs[i], .status = 0xffff };
	*data = 0;
	return hostile_ctrl_ask(h, type, 0, h->staged_ref[0], count, data);
}

/* One request a sound backend disables the vif for: send it, say so. */
static int hostile_staged_bad(struct hostile *h, const char *what, u16 type,
			      const grant_ref_t *refs, unsigned int n,
			      u32 count)
{
	u32 data;
	int st = hostile_staged_send(h, type, refs, n, count, &data);

	pr_warn("%s: %s: %s answered %d\n", h->dev->nodename, h->mode->name,
		what, st);
	return st < 0 ? st : 0;
}

int hostile_staged_dup(struct hostile *h)
{
	const grant_ref_t refs[] = { HOSTILE_STAGED_FAKE_REF,
				     HOSTILE_STAGED_FAKE_REF };
	u32 size;
	int err = hostile_staged_up(h, 0, &size);

	return err ?: hostile_staged_bad(h, "ADD of one reference twice",
					 STAGED_ADD, refs, 2, 2);
}

/* An honest ADD, then one that names a reference of it again. */
int hostile_staged_overlap(struct hostile *h)
{
	grant_ref_t refs[2];
	u32 size, data;
	int err = hostile_staged_up(h, 2, &size);

	if (err)
		return err;
	refs[0] = h->staged_ref[1];
	err = hostile_staged_send(h, STAGED_ADD, refs, 1, 1, &data);
	if (err) {
		pr_warn("%s: staged_overlap: honest ADD answered %d\n",
			h->dev->nodename, err);
		return -EIO;
	}
	refs[0] = h->staged_ref[2];
	refs[1] = h->staged_ref[1];
	return hostile_staged_bad(h, "ADD overlapping the table", STAGED_ADD,
				  refs, 2, 2);
}

/* One entry more than the backend said it holds, in one list. */
int hostile_staged_over_bound(struct hostile *h)
{
	struct xen_netif_gref *e;
	unsigned int i;
	u32 size;
	int err = hostile_staged_up(h, 0, &size);

	if (err)
		return err;
	if (size >= HOSTILE_STAGED_LIST_MAX) {
		pr_warn("%s: staged_over_bound: size %u leaves no room past it in one list\n",
			h->dev->nodename, size);
		return -ERANGE;
	}
	/* Too many for a kernel stack: written straight into the list. */
	e = page_address(h->staged_page[0]);
	for (i = 0; i <= size; i++)
		e[i] = (struct xen_netif_gref){ .ref = HOSTILE_STAGED_FAKE_REF + i };
	return hostile_staged_bad(h, "ADD past the size", STAGED_ADD, NULL, 0,
				  size + 1);
}

int hostile_staged_del_unmapped(struct hostile *h)
{
	const grant_ref_t refs[] = { HOSTILE_STAGED_FAKE_REF };
	u32 size;
	int err = hostile_staged_up(h, 0, &size);

	return err ?: hostile_staged_bad(h, "DEL of a reference never added",
					 STAGED_DEL, refs, 1, 1);
}

/* A list longer than its page: the backend must not read past it. */
int hostile_staged_bad_count(struct hostile *h)
{
	u32 size;
	int err = hostile_staged_up(h, 0, &size);

	return err ?: hostile_staged_bad(h, "ADD of a list past its page",
					 STAGED_ADD, NULL, 0,
					 HOSTILE_STAGED_LIST_MAX + 1);
}

/*
 * What must NOT disable the vif: a DEL of staged pages that receive
 * buffers still posted name, and one a guest TX request names that the
 * backend may not have answered yet. The backend stops using a mapping
 * before it unmaps it and copies with the grant, which stays.
 */
int hostile_staged_del_inuse(struct hostile *h)
{
	unsigned int i, posted = 8;
	grant_ref_t refs[2];
	int add, del, alive;
	u32 size, data, n = 0;
	bool answered;
	int err = hostile_staged_up(h, 2, &size);

	if (err)
		return err;
	refs[0] = h->staged_ref[1];
	refs[1] = h->staged_ref[2];
	add = hostile_staged_send(h, STAGED_ADD, refs, 2, 2, &data);
	/* Receive buffers in the first page: broadcasts fill them. */
	for (i = 0; i < posted; i++) {
		struct xen_netif_rx_request req = {
			.id = h->rx_prod % HOSTILE_RX_BUFS,
			.gref = refs[0],
		};

		memcpy(xnif_ring_req(&h->rx, h->rx_prod++), &req, sizeof(req));
	}
	xnif_ring_publish(&h->rx.req, h->rx_prod);
	hostile_kick_rx(h);
	/* A frame out of the second page, and the DEL right behind it. */
	hostile_tx_put(h, refs[1], 0, 0, HOSTILE_FRAME_LEN);
	hostile_tx_push(h);
	del = hostile_staged_send(h, STAGED_DEL, refs, 2, 2, &n);
	answered = hostile_tx_wait(h, 2000);
	alive = hostile_ctrl_ask(h, XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE,
				 0, 0, 0, &data);
	pr_warn("%s: staged_del_inuse: ADD %d, DEL %d (%u unmapped) with %u receive buffers posted and a frame in flight; frame %s, ring %s (%d)\n",
		h->dev->nodename, add, del, n, posted,
		answered ? "answered" : "unanswered",
		alive >= 0 ? "alive" : "silent", alive);
	return !add && !del && n == 2 && answered && alive >= 0 ? 0 : -EIO;
}

/*
 * A correct frontend: ask the size, stage a few pages, send a frame out
 * of each, take them back. Every answer must be SUCCESS.
 */
int hostile_staged_honest(struct hostile *h)
{
	const unsigned int n = HOSTILE_STAGED_PAGES;
	struct xen_netif_gref *e;
	unsigned int i, okay = h->rsp_okay, refused = 0;
	grant_ref_t refs[HOSTILE_STAGED_PAGES];
	int add, del, alive;
	u32 size, data, gone = 0;
	int err = hostile_staged_up(h, n, &size);

	if (err)
		return err;
	for (i = 0; i < n; i++)
		refs[i] = h->staged_ref[i + 1];
	add = hostile_staged_send(h, STAGED_ADD, refs, n, n, &data);
	e = page_address(h->staged_page[0]);
	for (i = 0; i < n; i++)
		refused += READ_ONCE(e[i].status) != XEN_NETIF_CTRL_STATUS_SUCCESS;
	for (i = 0; i < n; i++)
		hostile_tx_put(h, refs[i], 0, 0, HOSTILE_FRAME_LEN);
	hostile_tx_push(h);
	hostile_tx_wait(h, 2000);
	okay = h->rsp_okay - okay;
	del = hostile_staged_send(h, STAGED_DEL, refs, n, n, &gone);
	alive = hostile_ctrl_ask(h, XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE,
				 0, 0, 0, &data);
	pr_warn("%s: staged_honest: size %u; ADD %d (%u entries refused), TX %u of %u okay, DEL %d (%u unmapped); ring %s (%d)\n",
		h->dev->nodename, size, add, refused, okay, n, del, gone,
		alive >= 0 ? "alive" : "silent", alive);
	return !add && !refused && okay == n && !del && gone == n &&
	       alive >= 0 ? 0 : -EIO;
}
