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

/* Send one request and wait for its answer; its status, or -ETIMEDOUT. */
static int hostile_ctrl_call(struct hostile *h, u16 type, u32 d0, u32 d1,
			     u32 d2)
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
	return rsp.status;
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
