// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: leaving in the middle, of a packet (half of it is
 * published) or of a storm of multicast filter updates, and closing at
 * once. The pages are revoked as the backend tears down
 * (gnttab_end_foreign_access() waits for the backend to let go), so a
 * backend that still reads the ring or holds a mapping after it said
 * Closed shows up in dom0's logs and counts.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>

#include "hostile.h"

#define HOSTILE_WAIT_MS		2000

int hostile_disconnect_mid(struct hostile *h)
{
	hostile_tx_frame(h);
	hostile_tx_push(h);
	hostile_tx_wait(h, HOSTILE_WAIT_MS);
	hostile_tx_put(h, h->tx_ref[0], 0, XEN_NETTXF_more_data, 3000);
	hostile_tx_put(h, h->tx_ref[1], 0, XEN_NETTXF_more_data, 1000);
	hostile_tx_push(h);
	return xenbus_switch_state(h->dev, XenbusStateClosing);
}

/*
 * Zero-copy vs teardown: with the backend's tx_zerocopy=1, frames larger
 * than its copybreak have their further slots grant-mapped and answered
 * only when dom0's stack frees them. Send a ring's worth and close at
 * once, so that the stack's callbacks race the backend's teardown.
 */
int hostile_zc_close(struct hostile *h)
{
	unsigned int n = 0;

	/* 6000 bytes: 4096 in the first slot, 1904 in a second one. */
	while (h->tx_prod - h->tx_cons + 2 <= h->tx.size) {
		hostile_tx_put(h, h->tx_ref[0], 0, XEN_NETTXF_more_data, 6000);
		hostile_tx_put(h, h->tx_ref[1], 0, 0, 1904);
		n++;
	}
	hostile_tx_push(h);
	pr_warn("%s: zc_close: %u frames of 6000 bytes, closing at once\n",
		h->dev->nodename, n);
	return xenbus_switch_state(h->dev, XenbusStateClosing);
}

/* One multicast filter update: a control message of no bytes. */
static void hostile_mcast(struct hostile *h, u8 type, unsigned int n)
{
	struct xen_netif_extra_info e = {
		.type = type,
		.u.mcast.addr = { 0x01, 0x00, 0x5e, 0x7f, n >> 8, n & 0xff },
	};

	hostile_tx_put(h, h->tx_ref[0], 0, XEN_NETTXF_extra_info, 0);
	hostile_tx_put_extra(h, &e);
}

static void hostile_mcast_batch(struct hostile *h, u8 type)
{
	unsigned int i;

	/* More than any backend keeps (64): the rest must be refused. */
	for (i = 0; i < 80; i++)
		hostile_mcast(h, type, i);
	hostile_tx_push(h);
	hostile_tx_wait(h, HOSTILE_WAIT_MS);
}

/*
 * XSA-527: add and delete multicast addresses as fast as the ring goes,
 * switch the filter off and on under the backend (which flushes the list
 * while start_xmit may be reading it), and leave in the middle of it.
 */
int hostile_mcast_churn(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(hostile_attack_ms);
	const char *dir = h->dev->nodename;
	unsigned int rounds = 0;

	while (time_before(jiffies, end) && !kthread_should_stop() &&
	       hostile_backend_connected(h)) {
		xenbus_printf(XBT_NIL, dir, XEN_NETIF_KEY_REQUEST_MCAST_CTRL,
			      "%u", 1);
		hostile_mcast_batch(h, XEN_NETIF_EXTRA_TYPE_MCAST_ADD);
		xenbus_printf(XBT_NIL, dir, XEN_NETIF_KEY_REQUEST_MCAST_CTRL,
			      "%u", rounds & 1);
		hostile_mcast_batch(h, XEN_NETIF_EXTRA_TYPE_MCAST_DEL);
		rounds++;
	}
	hostile_tx_reap(h);
	pr_warn("%s: mcast_churn: %u rounds; responses okay %u error %u\n",
		dir, rounds, h->rsp_okay, h->rsp_error);
	for (rounds = 0; rounds < 40; rounds++)
		hostile_mcast(h, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, rounds);
	hostile_tx_push(h);
	return xenbus_switch_state(h->dev, XenbusStateClosing);
}

/* State flapping: how many rounds, and how long each state is held. */
#define HOSTILE_FLAPS		30
#define HOSTILE_FLAP_MS		20
/* How long the backend must stay Connected, untouched, after the flaps. */
#define HOSTILE_SETTLE_MS	5000

void hostile_write_state(struct hostile *h, enum xenbus_state state)
{
	/* Not xenbus_switch_state(): the core's idea of our state stays. */
	xenbus_printf(XBT_NIL, h->dev->nodename, XEN_NETIF_KEY_STATE, "%d",
		      state);
}

/*
 * The backend may still be acting on a state it read before our last
 * write: its key can say Connected from an earlier round while it tears
 * that connection down, and its Closing comes later. Seeing Connected
 * once is not the end of the flapping; Connected for HOSTILE_SETTLE_MS
 * with no state change in between (h->backend_events) is.
 */
static bool hostile_backend_settled(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(HOSTILE_WAIT_MS * 15);
	unsigned int seen = READ_ONCE(h->backend_events);
	unsigned long quiet = jiffies;

	while (time_before(jiffies, end) && !kthread_should_stop()) {
		unsigned int now = READ_ONCE(h->backend_events);

		if (now != seen || !hostile_backend_connected(h)) {
			seen = now;
			quiet = jiffies;
		} else if (time_after(jiffies,
				      quiet + msecs_to_jiffies(HOSTILE_SETTLE_MS))) {
			return true;
		}
		msleep(HOSTILE_FLAP_MS);
	}
	return false;
}

/*
 * Initialising and Connected in turn, HOSTILE_FLAPS times, the rings
 * kept: every round asks the backend to let go of the device and to
 * connect it again. Its log and its allocations must not grow with the
 * rounds beyond one connect each, and it must end up connected, since
 * Connected is the last word. h->flapping keeps our own xenbus side from
 * taking the backend's Closing for the end of the device meanwhile, until
 * the backend has settled.
 */
int hostile_state_flap(struct hostile *h)
{
	unsigned int i;
	bool settled;

	WRITE_ONCE(h->flapping, true);
	for (i = 0; i < HOSTILE_FLAPS && !kthread_should_stop(); i++) {
		hostile_write_state(h, XenbusStateInitialising);
		msleep(HOSTILE_FLAP_MS);
		hostile_write_state(h, XenbusStateConnected);
		msleep(HOSTILE_FLAP_MS);
	}
	settled = hostile_backend_settled(h);
	WRITE_ONCE(h->flapping, false);
	pr_warn("%s: state_flap: %u flaps, backend %s\n", h->dev->nodename, i,
		settled ? "connected" : "not connected");
	return 0;
}

/* Wait until the backend is in one of the states of mask (bits). */
static bool hostile_wait_backend(struct hostile *h, unsigned int mask)
{
	unsigned long end = jiffies + msecs_to_jiffies(HOSTILE_WAIT_MS * 5);

	do {
		if (BIT(xenbus_read_driver_state(h->dev->otherend)) & mask)
			return true;
		msleep(HOSTILE_FLAP_MS);
	} while (time_before(jiffies, end) && !kthread_should_stop());
	return false;
}

/* The keys of a richer shape than one classic queue, in our directory. */
static void hostile_prune_keys(struct hostile *h, struct xenbus_transaction xbt,
			       unsigned int queues)
{
	static const char *const keys[] = {
		XEN_NETIF_KEY_NUM_QUEUES, XEN_NETIF_KEY_RING_PAGE_ORDER,
		XEN_NETIF_KEY_RING_LAYOUT, XEN_NETIF_KEY_EVTCHN_TX,
		XEN_NETIF_KEY_EVTCHN_RX,
	};
	char dir[16];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		xenbus_rm(xbt, h->dev->nodename, keys[i]);
	for (i = 0; i < queues; i++) {
		snprintf(dir, sizeof(dir), XEN_NETIF_KEY_QUEUE_DIR_FMT, i);
		xenbus_rm(xbt, h->dev->nodename, dir);
	}
}

static int hostile_write_classic(struct hostile *h, bool prune,
				 unsigned int old_queues)
{
	struct xenbus_transaction xbt;
	int err, put;

	do {
		err = xenbus_transaction_start(&xbt);
		if (err)
			return err;
		if (prune)
			hostile_prune_keys(h, xbt, old_queues);
		put = hostile_write_rings_keys(h, xbt) ?:
		      hostile_write_features(h, xbt);
		err = xenbus_transaction_end(xbt, put != 0);
	} while (!put && err == -EAGAIN);
	return put ?: err;
}

/*
 * Connected with 2 queues of 2-page v2 rings and split channels (the
 * mode's shape), close as a frontend does, and connect again as one
 * classic queue of one page with one channel: with prune, the keys of the
 * old shape are removed in the transaction that writes the new ones, as
 * a sound frontend does; without, they are left behind, stale, for the
 * backend to take for today's request. Either way the backend must carry
 * no state of the first connect into the second.
 */
static int hostile_reshape(struct hostile *h, bool prune)
{
	const char *name = prune ? "reshape" : "stale_keys";
	unsigned int old_queues = h->cfg.queues;
	struct task_struct *honest;
	bool ok = false;
	int err = 0;

	WRITE_ONCE(h->flapping, true);
	honest = xchg(&h->honest, NULL);
	if (honest)
		kthread_stop(honest);
	hostile_write_state(h, XenbusStateClosing);
	if (!hostile_wait_backend(h, BIT(XenbusStateClosing) |
				  BIT(XenbusStateClosed)))
		goto out;
	hostile_write_state(h, XenbusStateClosed);
	if (!hostile_wait_backend(h, BIT(XenbusStateClosed) |
				  BIT(XenbusStateInitWait)))
		goto out;
	hostile_write_state(h, XenbusStateInitialising);
	if (!hostile_wait_backend(h, BIT(XenbusStateInitWait)))
		goto out;
	/* The backend let go of the rings: new ones, of the classic shape. */
	hostile_rings_down(h);
	h->cfg = (struct hostile_config){ .queues = 1 };
	err = hostile_rings_up(h);
	if (!err)
		err = hostile_write_classic(h, prune, old_queues);
	if (err)
		goto out;
	hostile_write_state(h, XenbusStateConnected);
	ok = hostile_wait_backend(h, BIT(XenbusStateConnected));
out:
	WRITE_ONCE(h->flapping, false);
	pr_warn("%s: %s: reconnected as one classic queue (%d), old keys %s; backend %sconnected\n",
		h->dev->nodename, name, err, prune ? "removed" : "left",
		ok ? "" : "not ");
	return err;
}

int hostile_reshape_pruned(struct hostile *h)
{
	return hostile_reshape(h, true);
}

int hostile_stale_keys(struct hostile *h)
{
	return hostile_reshape(h, false);
}
