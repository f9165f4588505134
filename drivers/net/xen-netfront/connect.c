// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: negotiation. Read what the backend offers, pick the queue
 * count and ring order within what we want, what both sides allow and
 * what the grant table has free (xen-netif/budget.c), build the queues,
 * stepping down when an allocation fails, and publish them in one
 * xenstore transaction.
 *
 * Key layout (see Documentation/networking/xen-netfront.rst):
 *   one queue:   tx-ring-ref, rx-ring-ref, event-channel[-tx|-rx] in our
 *                directory
 *   n queues:    multi-queue-num-queues = n, the same keys in queue-<i>/
 *   multi-page:  ring-page-order = order in our directory whenever the
 *                backend offers max-ring-page-order; for order > 0,
 *                tx-ring-ref<k>/rx-ring-ref<k> for each of the 2^order
 *                pages instead of tx-ring-ref/rx-ring-ref
 * xen-netif/fe_keys.c decides the whole write set, and which keys an
 * earlier connect left that this one must remove.
 */
#include <linux/cpumask.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include <xen/grant_table.h>
#include <xen/interface/grant_table.h>
#include <xen/xenbus.h>

#include "budget.h"
#include "fe_keys.h"
#include "link.h"
#include "negotiate.h"
#include "netfront.h"

/* A transaction that keeps colliding with other writers is given up. */
#define XENNET_XS_RETRIES	16

/*
 * What the backend offers. Read at each connect, and again each time the
 * backend says it serves our rings (xennet_link_up): a backend replaced
 * in dom0 under a connected frontend (xen-net-switch) takes our rings as
 * they are, and what it offers the next connect is its own, not what the
 * old one offered.
 */
void xennet_read_backend(struct xennet_info *np)
{
	const char *be = np->xbdev->otherend;
	struct xennet_backend *b = &np->be;

	b->multi_queue = xenbus_exists(XBT_NIL, be, XEN_NETIF_KEY_MAX_QUEUES);
	b->max_queues = xenbus_read_unsigned(be, XEN_NETIF_KEY_MAX_QUEUES, 1);
	b->multi_page = xenbus_exists(XBT_NIL, be,
				      XEN_NETIF_KEY_MAX_RING_PAGE_ORDER);
	b->max_ring_order =
		xenbus_read_unsigned(be, XEN_NETIF_KEY_MAX_RING_PAGE_ORDER, 0);
	b->layout_v2 =
		xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2, 0);
	b->split_evtchn =
		xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN, 0);
	b->sg = xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_SG, 0);
	b->gso_tcpv4 = xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_GSO_TCPV4, 0);
	b->gso_tcpv6 = xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_GSO_TCPV6, 0);
	b->ipv6_csum = xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_IPV6_CSUM, 0);
	b->no_csum = xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_NO_CSUM, 0);
	b->xdp_headroom =
		xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_XDP_HEADROOM, 0);
	b->ctrl_ring = xenbus_read_unsigned(be, XEN_NETIF_KEY_FEATURE_CTRL_RING,
					    0);
	np->be_known = true;
}

/* Grant references held by the rings and slots of all our devices. */
atomic_t xennet_grants_held = ATOMIC_INIT(0);

/* Our devices that hold queues (np->queues set): they have connected. */
static atomic_t xennet_devs_up = ATOMIC_INIT(0);

/*
 * Vifs of this guest still to connect besides the caller (which holds
 * no queues here): the toolstack lists every vif of the guest under
 * device/vif, those whose probe has not run yet included.
 */
static unsigned int xennet_vifs_waiting(void)
{
	unsigned int n = 0, up = atomic_read(&xennet_devs_up);
	char **dir;

	dir = xenbus_directory(XBT_NIL, "device", "vif", &n);
	if (IS_ERR(dir))
		return 0;
	kfree(dir);
	return n > up + 1 ? n - up - 1 : 0;
}

/* Entries at the start of the table the grant table code keeps. */
#define XENNET_GNTTAB_RESERVED	8U

static_assert(XNIF_GRANTS_PER_FRAME ==
	      XEN_PAGE_SIZE / sizeof(struct grant_entry_v1));

/*
 * Free grant entries, as far as we can tell: the table's limit (Linux
 * guests use v1 entries) less what our devices hold. What block devices
 * and other drivers hold is not visible from here; a real allocation
 * that fails shows it, and the budget steps down.
 */
unsigned int xennet_free_grants(void)
{
	unsigned int all = gnttab_max_grant_frames() * XNIF_GRANTS_PER_FRAME;
	unsigned int held = atomic_read(&xennet_grants_held) +
			    XENNET_GNTTAB_RESERVED;

	return all > held ? all - held : 0;
}

/* Queues we may have whatever the backend says: ours, vCPUs, the netdev. */
static unsigned int xennet_own_max_queues(const struct xennet_info *np)
{
	return max(min3(READ_ONCE(xennet_max_queues), num_online_cpus(),
			np->netdev->num_tx_queues), 1U);
}

/* The most queues ethtool may ask for; the backend's limit once known. */
unsigned int xennet_max_channels(const struct xennet_info *np)
{
	unsigned int n = xennet_own_max_queues(np);

	if (!np->be_known)
		return n;
	return xnif_pick_queues(n, np->be.multi_queue ? np->be.max_queues : 1,
				n);
}

/* The queue count a connect asks for: ethtool -L's, or as many as we may. */
unsigned int xennet_want_channels(const struct xennet_info *np)
{
	unsigned int n = xennet_own_max_queues(np);

	return np->want_queues ? min(np->want_queues, n) : n;
}

/* Slots each ring asks for: ethtool -G's, or the ring_size parameter. */
unsigned int xennet_want_slots(const struct xennet_info *np)
{
	return np->want_slots ?: xennet_ring_size;
}

/* The largest ring order ethtool may ask for; the backend's once known. */
unsigned int xennet_max_order(const struct xennet_info *np)
{
	unsigned int order = xennet_max_ring_order;

	if (np->be_known)
		order = min(order, np->be.multi_page ? np->be.max_ring_order : 0);
	return min_t(unsigned int, order, XEN_NETIF_MAX_RING_PAGE_ORDER);
}

static int xennet_alloc_queues(struct xennet_info *np, unsigned int n)
{
	unsigned int i;
	int err;

	np->queues = kcalloc(n, sizeof(*np->queues), GFP_KERNEL);
	if (!np->queues)
		return -ENOMEM;
	atomic_inc(&xennet_devs_up);
	for (i = 0; i < n; i++) {
		struct xennet_queue *q = &np->queues[i];

		q->info = np;
		q->id = i;
		q->stats = &np->stats[i];
		err = xennet_queue_init(q);
		if (err)
			goto err_free;
		np->num_queues = i + 1;
	}
	return 0;

err_free:
	xennet_disconnect(np);
	return err;
}

static void xennet_fe_keys(const struct xennet_info *np,
			   struct xnif_fe_keys *k)
{
	*k = (struct xnif_fe_keys){
		.queues = np->num_queues,
		.order = np->ring_order,
		.split_evtchn = np->be.split_evtchn,
		.be_multi_queue = np->be.multi_queue,
		.be_multi_page = np->be.multi_page,
		.be_layout_v2 = np->be.layout_v2,
		.be_xdp_headroom = np->be.xdp_headroom,
	};
}

/* The value of one key of the write set. */
static unsigned int xennet_key_value(const struct xennet_info *np,
				     const struct xnif_fe_key *key)
{
	const struct xennet_queue *q = &np->queues[key->queue];

	switch (key->kind) {
	case XNIF_FE_KEY_NUM_QUEUES:
		return np->num_queues;
	case XNIF_FE_KEY_RING_ORDER:
		return np->ring_order;
	case XNIF_FE_KEY_RING_LAYOUT:
		return np->ring_layout;
	case XNIF_FE_KEY_RX_GSO:
		/* A GSO packet spans slots: none while XDP runs. */
		return !rcu_access_pointer(np->xdp_prog);
	case XNIF_FE_KEY_XDP_HEADROOM:
		return np->xdp_headroom;
	case XNIF_FE_KEY_TX_REF:
		return q->tx_ring_ref[key->page];
	case XNIF_FE_KEY_RX_REF:
		return q->rx_ring_ref[key->page];
	case XNIF_FE_KEY_EVTCHN:
	case XNIF_FE_KEY_EVTCHN_TX:
		return q->tx_evtchn;
	case XNIF_FE_KEY_EVTCHN_RX:
		return q->rx_evtchn;
	case XNIF_FE_KEY_FEATURE:
	default:
		return 1;
	}
}

/*
 * Remove what an earlier connect (ours or another driver's) left in dir
 * ("" or "queue-<n>") that this connect does not write; a removed
 * directory goes with everything in it. Best effort: a key we may not
 * remove is named in the log, and the connect goes on, since the backend
 * may not mind it; the write set itself must succeed.
 */
static void xennet_prune(struct xenbus_transaction xbt,
			 const struct xennet_info *np,
			 const struct xnif_fe_keys *k, const char *sub)
{
	const char *dir = np->xbdev->nodename;
	char path[XNIF_FE_KEY_PATH_LEN + 16];
	unsigned int i, n;
	char **names;
	int err;

	names = xenbus_directory(xbt, dir, sub, &n);
	if (IS_ERR(names)) {
		if (PTR_ERR(names) != -ENOENT)
			netdev_warn(np->netdev, "cannot list %s/%s: %ld\n",
				    dir, sub, PTR_ERR(names));
		return;
	}
	for (i = 0; i < n; i++) {
		if (snprintf(path, sizeof(path), "%s%s%s", sub, *sub ? "/" : "",
			     names[i]) >= sizeof(path))
			continue;
		switch (xnif_fe_key_verdict(k, path)) {
		case XNIF_FE_KEY_REMOVE:
			err = xenbus_rm(xbt, dir, path);
			if (err && err != -ENOENT)
				netdev_warn(np->netdev,
					    "cannot remove stale xenstore key %s: %d\n",
					    path, err);
			break;
		case XNIF_FE_KEY_WRITE:
			/* A queue directory we keep: look inside. */
			if (!*sub && !strncmp(path, "queue-", 6))
				xennet_prune(xbt, np, k, path);
			break;
		case XNIF_FE_KEY_FOREIGN:
			break;
		}
	}
	kfree(names);
}

static int xennet_write_keys_once(const struct xennet_info *np)
{
	const char *dir = np->xbdev->nodename;
	struct xenbus_transaction xbt;
	struct xnif_fe_key key;
	struct xnif_fe_keys k;
	unsigned int i;
	int err;

	xennet_fe_keys(np, &k);
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	/* Every key of ours is written or removed, in one transaction. */
	xennet_prune(xbt, np, &k, "");
	for (i = 0; !err && xnif_fe_key_get(&k, i, &key); i++)
		err = xenbus_printf(xbt, dir, key.path, "%u",
				    xennet_key_value(np, &key));
	/* The prune above removed them; back only with a ring of this connect. */
	if (!err)
		err = xennet_ctrl_write_keys(&xbt, dir, np);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		return err;
	}
	return xenbus_transaction_end(xbt, 0);
}

static int xennet_write_keys(const struct xennet_info *np)
{
	unsigned int tries;
	int err = -EAGAIN;

	for (tries = 0; err == -EAGAIN && tries < XENNET_XS_RETRIES; tries++)
		err = xennet_write_keys_once(np);
	return err;
}

/*
 * Leave only the keys a one-queue classic connect writes, which every
 * netfront writes again: the driver bound after us (stock's, say, after
 * rmmod) knows nothing of ring-layout, ring-page-order, tx-ring-ref<k>
 * or queue directories of ours, and the backend would read them as its
 * request. Best effort: a toolstack that removed the directory first
 * leaves nothing to do.
 */
void xennet_forget_keys(const struct xennet_info *np)
{
	const struct xnif_fe_keys bare = { .queues = 1 };
	struct xenbus_transaction xbt;
	unsigned int tries;
	int err = -EAGAIN;

	for (tries = 0; err == -EAGAIN && tries < XENNET_XS_RETRIES; tries++) {
		err = xenbus_transaction_start(&xbt);
		if (err)
			return;
		xennet_prune(xbt, np, &bare, "");
		err = xenbus_transaction_end(xbt, 0);
	}
}

/*
 * A backend can make us connect as often as it likes (a driver reloaded
 * in a loop): a few "connected" lines per window, then one line that says
 * the rest is counted (ethtool -S connects), not logged; the next line
 * logged says how many were not. Every connect is made all the same.
 */
#define XENNET_CONNECT_LOG_BURST	5
#define XENNET_CONNECT_LOG_WINDOW	(60 * HZ)

static void xennet_log_connect(struct xennet_info *np,
			       const struct xnif_budget_in *in)
{
	const struct xnif_budget_out *out = &np->budget;
	enum xnif_log_verdict v;
	unsigned int missed;
	char unsaid[48] = "";

	v = xnif_log_limit(&np->connect_log, jiffies,
			   XENNET_CONNECT_LOG_WINDOW, XENNET_CONNECT_LOG_BURST,
			   &missed);
	if (v == XNIF_LOG_QUIET)
		return;
	if (missed)
		snprintf(unsaid, sizeof(unsaid), " (%u connects not logged)",
			 missed);
	netdev_info(np->netdev,
		    "connected: %u queue%s, ring order %u, layout %s (%u TX, %u RX slots), %s event channels, %u grants, budget %s (asked %u queue%s, order %u; %u tr%s)%s%s%s\n",
		    np->num_queues, np->num_queues == 1 ? "" : "s",
		    np->ring_order,
		    np->ring_layout == XNIF_LAYOUT_V2 ? "v2" : "classic",
		    np->queues[0].tx.size, np->queues[0].rx.size,
		    np->be.split_evtchn ? "split" : "shared", out->grants,
		    xnif_budget_reason_name(out->reason),
		    in->want_queues, in->want_queues == 1 ? "" : "s",
		    in->want_order, np->budget_tries,
		    np->budget_tries == 1 ? "y" : "ies",
		    np->bounce ? ", bouncing TX data (backend untrusted)" : "",
		    np->xdp_headroom ? ", XDP headroom" : "", unsaid);
	if (v == XNIF_LOG_LAST)
		netdev_info(np->netdev,
			    "%u connects in %u s: more within %u s of the first are counted (ethtool -S connects), not logged\n",
			    XENNET_CONNECT_LOG_BURST,
			    jiffies_to_msecs(jiffies - np->connect_log.start) / 1000,
			    XENNET_CONNECT_LOG_WINDOW / HZ);
}

/*
 * Build the queues at the largest size the budget allows, stepping down
 * after each grant or memory allocation that fails; one page and one
 * queue is the last try. Other errors end the connect.
 */
static int xennet_build(struct xennet_info *np, struct xnif_budget_in *in)
{
	struct xnif_budget_out out;
	int err, last = 0;

	for (;;) {
		err = xnif_budget_pick(in, &out);
		if (err) {
			err = last ?: err;
			break;
		}
		np->ring_order = out.order;
		err = xennet_alloc_queues(np, out.queues);
		if (err != -ENOSPC && err != -ENOMEM)
			break;
		xnif_budget_failed(&in->hist, &out, err == -ENOSPC);
		last = err;
	}
	np->budget = out;
	np->budget_tries = in->hist.failures + !err;
	if (err)
		netdev_err(np->netdev,
			   "no room for the data path after %u tr%s, the last with %u queue%s of ring order %u: %d\n",
			   in->hist.failures, in->hist.failures == 1 ? "y" : "ies",
			   in->hist.fail_queues,
			   in->hist.fail_queues == 1 ? "" : "s",
			   in->hist.fail_order, err);
	return err;
}

static void xennet_read_speed(struct xennet_info *np)
{
	u32 mbps = XNIF_SPEED_DEFAULT;
	char *s;

	s = xenbus_read(XBT_NIL, np->xbdev->nodename, XEN_NETIF_KEY_SPEED,
			NULL);
	if (!IS_ERR(s)) {
		if (xnif_parse_speed(s, &mbps))
			netdev_warn(np->netdev, "ignoring malformed %s \"%.24s\"\n",
				    XEN_NETIF_KEY_SPEED, s);
		kfree(s);
	}
	WRITE_ONCE(np->speed, mbps);
}

/*
 * The toolstack's MTU is applied when it first appears and whenever it
 * changes, so that an MTU the admin set in between survives reconnects.
 * Above 1500 it needs scatter-gather, which the backend may not offer.
 */
static void xennet_apply_mtu(struct xennet_info *np)
{
	struct net_device *dev = np->netdev;
	unsigned int mtu, fit;
	char *s;
	int err;

	s = xenbus_read(XBT_NIL, np->xbdev->nodename, XEN_NETIF_KEY_MTU, NULL);
	if (IS_ERR(s))
		return;
	err = xnif_parse_mtu(s, &mtu);
	if (err)
		netdev_warn(dev, "ignoring %s \"%.16s\": not a number from %u to %u\n",
			    XEN_NETIF_KEY_MTU, s, XNIF_MTU_MIN, XNIF_MTU_MAX);
	kfree(s);
	if (err || mtu == np->toolstack_mtu)
		return;
	np->toolstack_mtu = mtu;
	fit = min(xnif_fit_mtu(mtu, dev->features & NETIF_F_SG),
		  dev->max_mtu);
	if (fit != mtu)
		netdev_info(dev, "MTU %u from the toolstack is more than the backend can take without scatter-gather: %u\n",
			    mtu, fit);
	if (fit == dev->mtu)
		return;
	err = dev_set_mtu(dev, fit);
	if (err)
		netdev_warn(dev, "cannot set MTU %u: %d\n", fit, err);
	else
		netdev_info(dev, "MTU %u from the toolstack\n", fit);
}

/*
 * What the toolstack says about the link, read each time the backend
 * connects: by then the backend's hotplug script, which may rewrite
 * "mtu", has run.
 */
void xennet_read_link(struct xennet_info *np)
{
	ASSERT_RTNL();
	xennet_read_speed(np);
	xennet_apply_mtu(np);
}

/*
 * What the netdev netlink family shows: each queue pair's NAPI context
 * and the irq that schedules it (RX's, which is TX's too without split
 * channels). Under rtnl, which the core requires; unlinked before the
 * queues are freed, so that netlink never follows a stale pointer.
 */
static void xennet_link_napi(struct xennet_info *np, bool on)
{
	unsigned int i;

	ASSERT_RTNL();
	for (i = 0; i < np->num_queues; i++) {
		struct xennet_queue *q = &np->queues[i];
		struct napi_struct *napi = on ? &q->napi : NULL;

		if (on)
			netif_napi_set_irq(&q->napi, q->rx_irq);
		netif_queue_set_napi(np->netdev, i, NETDEV_QUEUE_TYPE_RX, napi);
		netif_queue_set_napi(np->netdev, i, NETDEV_QUEUE_TYPE_TX, napi);
	}
}

/* Build the data path the backend offers and tell it where it is. */
int xennet_connect(struct xennet_info *np)
{
	struct net_device *dev = np->netdev;
	struct xnif_budget_in in = {};
	unsigned int n, i;
	int err;

	ASSERT_RTNL();
	xennet_disconnect(np);
	if (!xenbus_read_unsigned(np->xbdev->otherend,
				  XEN_NETIF_KEY_FEATURE_RX_COPY, 0)) {
		netdev_err(dev, "backend cannot copy received packets\n");
		return -EPROTONOSUPPORT;
	}
	xennet_read_backend(np);
	np->bounce = !READ_ONCE(xennet_trusted) ||
		!xenbus_read_unsigned(np->xbdev->nodename,
				      XEN_NETIF_KEY_TRUSTED, 1);
	np->ring_layout = xnif_pick_layout(READ_ONCE(xennet_ring_layout_v2),
					   np->be.layout_v2);
	np->xdp_headroom = xnif_xdp_headroom(!!rtnl_dereference(np->xdp_prog),
					     np->be.xdp_headroom);
	if (rtnl_dereference(np->xdp_prog) && !np->be.xdp_headroom)
		netdev_warn(dev, "backend leaves no XDP headroom: XDP_TX and XDP_REDIRECT will fail\n");

	in.want_queues = xennet_want_channels(np);
	/* ethtool -G or ring_size, rounded up to a ring in this layout. */
	in.want_order = xnif_budget_order_for(xennet_want_slots(np),
					      xennet_max_ring_order,
					      np->ring_layout);
	in.be_max_queues = np->be.multi_queue ? np->be.max_queues : 1;
	in.be_max_order = np->be.multi_page ? np->be.max_ring_order : 0;
	in.free_grants = xennet_free_grants();
	in.waiting = xennet_vifs_waiting();
	in.layout = np->ring_layout;

	err = xennet_build(np, &in);
	n = np->num_queues;
	WRITE_ONCE(np->staged_state, XENNET_STAGED_OFF);
	WRITE_ONCE(np->staged_pages, 0);
	np->staged_asked = false;
	/* Without its control ring the device works as it always did. */
	if (!err && READ_ONCE(xennet_staged_grants) && np->be.ctrl_ring &&
	    xennet_ctrl_setup(np))
		netdev_info(dev, "no control ring: staged grants off\n");
	if (!err)
		err = xennet_write_keys(np);
	if (!err)
		err = netif_set_real_num_queues(dev, n, n);
	if (err) {
		xennet_disconnect(np);
		return err;
	}

	xennet_link_napi(np, true);
	clear_bit(XENNET_BROKEN, &np->flags);
	np->reconnects++;
	netdev_update_features(dev);
	/* First receive buffers, posted before NAPI runs. */
	for (i = 0; i < n; i++)
		xennet_rx_refill(&np->queues[i]);
	if (netif_running(dev))
		xennet_napi_enable_all(np);
	netif_tx_wake_all_queues(dev);
	xennet_log_connect(np, &in);
	return 0;
}

/* Stop and free the data path; idempotent. Packets in flight are lost. */
void xennet_disconnect(struct xennet_info *np)
{
	unsigned int i;

	ASSERT_RTNL();
	/*
	 * A reconnect we asked for keeps the carrier, so the qdisc keeps
	 * what was queued and routes never see the link go down.
	 */
	if (!np->reconnect)
		netif_carrier_off(np->netdev);
	netif_tx_disable(np->netdev);
	xennet_ctrl_teardown(np);
	if (!np->queues)
		return;
	xennet_napi_disable_all(np);
	xennet_link_napi(np, false);
	for (i = 0; i < np->num_queues; i++) {
		/* A pool exists only once the queues did: after link-up. */
		xennet_staged_free(&np->queues[i]);
		xennet_queue_free(&np->queues[i]);
	}
	kfree(np->queues);
	np->queues = NULL;
	np->num_queues = 0;
	atomic_dec(&xennet_devs_up);
}
