// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: ethtool. Channels are combined TX/RX queue pairs; changing
 * their number, or the ring size, reconnects to the backend, because a
 * backend learns both only at connect time. Statistics are per
 * queue, from one table of descriptors (stats.h) that names each
 * counter once.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include <xen/xenbus.h>

#include "budget.h"
#include "link.h"
#include "negotiate.h"
#include "netfront.h"
#include "stats.h"
#include "version.h"

#define TX_STAT(f)	XNIF_STAT_SYNC("tx_" #f, struct xennet_queue_stats, \
				       tx.syncp, tx.f)
#define RX_STAT(f)	XNIF_STAT_SYNC("rx_" #f, struct xennet_queue_stats, \
				       rx.syncp, rx.f)
#define EV_STAT(n, f)	XNIF_STAT_ATOMIC(n, struct xennet_queue_stats, f)

/* A queue's counters in ethtool -S order, named once. */
static const struct xnif_stat_desc xennet_queue_descs[] = {
	TX_STAT(packets), TX_STAT(bytes), TX_STAT(dropped), TX_STAT(errors),
	TX_STAT(notify_sent), TX_STAT(ring_full), TX_STAT(bounced),
	XNIF_STAT_SYNC("staged_tx", struct xennet_queue_stats, tx.syncp,
		       tx.staged),
	XNIF_STAT_SYNC("staged_tx_fallback", struct xennet_queue_stats,
		       tx.syncp, tx.staged_fallback),
	EV_STAT("tx_notify_received", notify_received_tx),
	TX_STAT(xdp_xmit), TX_STAT(xdp_xmit_errors),
	RX_STAT(packets), RX_STAT(bytes), RX_STAT(dropped), RX_STAT(errors),
	RX_STAT(notify_sent), RX_STAT(csum_fixup),
	XNIF_STAT_SYNC("staged_rx", struct xennet_queue_stats, rx.syncp,
		       rx.staged),
	EV_STAT("rx_notify_received", notify_received_rx),
};

/*
 * Per-device counters shown before the per-queue ones. State is not a
 * counter: the queue count is in ethtool -l, the ring sizes in -g, the
 * ring order in ring_budget and bounce and broken in sysfs (sysfs.c).
 */
static const char *const xennet_dev_stat_names[] = {
	"connects",
	"ctrl_errors",
	"staged_fallback",
};

#define XENNET_QUEUE_STATS \
	(ARRAY_SIZE(xennet_queue_descs) + \
	 XNIF_RSP_ERR_MAX - 1 + XNIF_XDP_STAT_MAX)

static void xennet_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	struct xennet_info *np = netdev_priv(dev);

	/*
	 * Driver and bus-info ("vif-0") as stock reports them: udev's
	 * ID_NET_DRIVER, networkd's and netplan's Driver= match on them.
	 */
	strscpy(info->driver, XNIF_ETHTOOL_DRIVER, sizeof(info->driver));
	strscpy(info->version, XNIF_VERSION, sizeof(info->version));
	strscpy(info->bus_info, dev_name(&np->xbdev->dev),
		sizeof(info->bus_info));
}

/*
 * A device without queues keeps a new wish for its connect. One that is
 * Closed (a connect that found no room, or a backend that went away)
 * tries again with it: the admin asking for less is the usual way out.
 */
static int xennet_retry_closed(struct xennet_info *np)
{
	if (np->xbdev->state == XenbusStateClosed) {
		netdev_info(np->netdev, "trying to connect again\n");
		xennet_request_reconnect(np);
	}
	return 0;
}

/*
 * Before the first connect the backend's limit is not known yet: the
 * maximum is ours, and a count set now is kept for the connect. After
 * a connect the current count is what the budget gave, which may be
 * less than was asked for (see the "connected" line and ring_budget).
 */
static void xennet_get_channels(struct net_device *dev,
				struct ethtool_channels *ch)
{
	struct xennet_info *np = netdev_priv(dev);

	ch->max_combined = xennet_max_channels(np);
	ch->combined_count = np->queues ? np->num_queues :
					  xennet_want_channels(np);
}

static int xennet_set_channels(struct net_device *dev,
			       struct ethtool_channels *ch)
{
	struct xennet_info *np = netdev_priv(dev);
	unsigned int n = ch->combined_count;

	if (ch->rx_count || ch->tx_count || ch->other_count)
		return -EINVAL;
	if (!n || n > xennet_max_channels(np))
		return -EINVAL;
	if (np->removing)
		return -ENODEV;
	np->want_queues = n;
	if (!np->queues)
		return xennet_retry_closed(np);
	if (n == np->num_queues)
		return 0;
	netdev_info(dev, "reconnecting with %u queue%s\n", n,
		    n == 1 ? "" : "s");
	xennet_request_reconnect(np);
	return 0;
}

/* The layout the next connect is likely to use: the current one, or ours. */
static enum xnif_ring_layout xennet_layout_shown(const struct xennet_info *np)
{
	if (np->be_known)
		return np->ring_layout;
	return READ_ONCE(xennet_ring_layout_v2) ? XNIF_LAYOUT_V2 :
						  XNIF_LAYOUT_CLASSIC;
}

/*
 * Maximum: the largest ring both sides allow in the layout in use (v2
 * holds half the slots of classic per page); 256 on a backend without
 * multi-page rings. Current: the rings of the connection, or before one
 * the ring that will be asked for.
 */
static void xennet_get_ringparam(struct net_device *dev,
				 struct ethtool_ringparam *ring,
				 struct kernel_ethtool_ringparam *kring,
				 struct netlink_ext_ack *extack)
{
	struct xennet_info *np = netdev_priv(dev);
	enum xnif_ring_layout layout = xennet_layout_shown(np);
	unsigned int max = xennet_max_order(np), order;

	ring->tx_max_pending = xnif_budget_tx_slots(max, layout);
	ring->rx_max_pending = xnif_budget_rx_slots(max, layout);
	if (np->queues) {
		ring->tx_pending = np->queues[0].tx.size;
		ring->rx_pending = np->queues[0].rx.size;
		return;
	}
	order = min(xnif_budget_order_for(xennet_want_slots(np), max, layout),
		    max);
	ring->tx_pending = xnif_budget_tx_slots(order, layout);
	ring->rx_pending = xnif_budget_rx_slots(order, layout);
}

/*
 * Both rings share one page order. ethtool passes both sizes, the one
 * not given on its command line as -g showed it: the size that changed
 * picks the order, the larger one if both did, and is rounded up to the
 * ring that holds it. A new order takes a reconnect, like ethtool -L.
 */
static unsigned int xennet_ring_request(struct net_device *dev,
					const struct ethtool_ringparam *ring)
{
	struct ethtool_ringparam cur = {};

	xennet_get_ringparam(dev, &cur, NULL, NULL);
	if (ring->tx_pending == cur.tx_pending)
		return ring->rx_pending;
	if (ring->rx_pending == cur.rx_pending)
		return ring->tx_pending;
	return max(ring->tx_pending, ring->rx_pending);
}

static int xennet_set_ringparam(struct net_device *dev,
				struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	struct xennet_info *np = netdev_priv(dev);
	enum xnif_ring_layout layout = xennet_layout_shown(np);
	unsigned int slots = xennet_ring_request(dev, ring);
	unsigned int max = xennet_max_order(np), order;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending) {
		NL_SET_ERR_MSG_MOD(extack, "only rx and tx rings exist");
		return -EINVAL;
	}
	if (min(ring->tx_pending, ring->rx_pending) < XENNET_TX_MAX_NEED) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "a ring needs at least %u slots",
				       XENNET_TX_MAX_NEED);
		return -EINVAL;
	}
	if (slots > xnif_budget_tx_slots(max, layout) ||
	    slots > xnif_budget_rx_slots(max, layout)) {
		if (np->be_known && !np->be.multi_page)
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "backend has one-page rings only: at most %u slots",
					       xnif_budget_tx_slots(0, layout));
		else
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "at most %u slots per ring (layout %s, order %u)",
					       min(xnif_budget_tx_slots(max, layout),
						   xnif_budget_rx_slots(max, layout)),
					       layout == XNIF_LAYOUT_V2 ? "v2" : "classic",
					       max);
		return -EINVAL;
	}
	if (np->removing)
		return -ENODEV;
	np->want_slots = slots;
	order = xnif_budget_order_for(slots, max, layout);
	if (!np->queues)
		return xennet_retry_closed(np);
	if (order == np->ring_order)
		return 0;
	netdev_info(dev, "reconnecting with rings of %u slots (order %u)\n",
		    slots, order);
	xennet_request_reconnect(np);
	return 0;
}

static unsigned int xennet_nr_queues_shown(const struct net_device *dev)
{
	const struct xennet_info *np = netdev_priv(dev);

	return np->num_queues;
}

static int xennet_get_sset_count(struct net_device *dev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(xennet_dev_stat_names) +
	       xennet_nr_queues_shown(dev) * XENNET_QUEUE_STATS;
}

static void xennet_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	unsigned int i, q;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(xennet_dev_stat_names); i++)
		ethtool_puts(&data, xennet_dev_stat_names[i]);
	for (q = 0; q < xennet_nr_queues_shown(dev); q++) {
		xnif_stats_strings(&data, q, xennet_queue_descs,
				   ARRAY_SIZE(xennet_queue_descs));
		for (i = XNIF_RSP_OK + 1; i < XNIF_RSP_ERR_MAX; i++)
			ethtool_sprintf(&data, "q%u_rejected_%s", q,
					xnif_rsp_err_name(i));
		for (i = 0; i < XNIF_XDP_STAT_MAX; i++)
			ethtool_sprintf(&data, "q%u_rx_%s", q,
					xnif_xdp_stat_name(i));
	}
}

static void xennet_get_ethtool_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct xennet_info *np = netdev_priv(dev);
	unsigned int i, q;

	*data++ = np->reconnects;
	*data++ = atomic_long_read(&np->ctrl_errors);
	*data++ = atomic_long_read(&np->staged_fallback);
	for (q = 0; q < xennet_nr_queues_shown(dev); q++) {
		const struct xennet_queue_stats *s = &np->stats[q];

		xnif_stats_read(s, xennet_queue_descs,
				ARRAY_SIZE(xennet_queue_descs), data);
		data += ARRAY_SIZE(xennet_queue_descs);
		for (i = XNIF_RSP_OK + 1; i < XNIF_RSP_ERR_MAX; i++)
			*data++ = atomic_long_read(&s->rejected[i]);
		for (i = 0; i < XNIF_XDP_STAT_MAX; i++) {
			const u64_stats_t *ctr = &s->rx.xdp[i];

			xnif_stats_fetch(&s->rx.syncp, &ctr, data++, 1);
		}
	}
}

/*
 * The netdev netlink family's queue statistics (NETDEV_CMD_QSTATS_GET):
 * the same counters ethtool -S shows as q<n>_tx_* and q<n>_rx_*. The
 * core asks for the queues in use, under rtnl; the counters of queues
 * that a smaller connect left unused are the base, so that base plus
 * queues is what ndo_get_stats64 sums.
 */
static void xennet_qstats_tx(const struct xennet_tx_stats *s,
			     struct netdev_queue_stats_tx *tx)
{
	const u64_stats_t *ctr[] = { &s->packets, &s->bytes };
	u64 v[ARRAY_SIZE(ctr)];

	xnif_stats_fetch(&s->syncp, ctr, v, ARRAY_SIZE(ctr));
	tx->packets = v[0];
	tx->bytes = v[1];
}

static void xennet_qstats_rx(const struct xennet_rx_stats *s,
			     struct netdev_queue_stats_rx *rx)
{
	const u64_stats_t *ctr[] = { &s->packets, &s->bytes };
	u64 v[ARRAY_SIZE(ctr)];

	xnif_stats_fetch(&s->syncp, ctr, v, ARRAY_SIZE(ctr));
	rx->packets = v[0];
	rx->bytes = v[1];
}

static void xennet_get_queue_stats_rx(struct net_device *dev, int idx,
				      struct netdev_queue_stats_rx *rx)
{
	struct xennet_info *np = netdev_priv(dev);

	xennet_qstats_rx(&np->stats[idx].rx, rx);
}

static void xennet_get_queue_stats_tx(struct net_device *dev, int idx,
				      struct netdev_queue_stats_tx *tx)
{
	struct xennet_info *np = netdev_priv(dev);

	xennet_qstats_tx(&np->stats[idx].tx, tx);
}

static void xennet_get_base_stats(struct net_device *dev,
				  struct netdev_queue_stats_rx *rx,
				  struct netdev_queue_stats_tx *tx)
{
	struct xennet_info *np = netdev_priv(dev);
	struct netdev_queue_stats_rx r;
	struct netdev_queue_stats_tx t;
	unsigned int i;

	rx->packets = 0;
	rx->bytes = 0;
	tx->packets = 0;
	tx->bytes = 0;
	for (i = dev->real_num_tx_queues; i < dev->num_tx_queues; i++) {
		xennet_qstats_rx(&np->stats[i].rx, &r);
		xennet_qstats_tx(&np->stats[i].tx, &t);
		rx->packets += r.packets;
		rx->bytes += r.bytes;
		tx->packets += t.packets;
		tx->bytes += t.bytes;
	}
}

const struct netdev_stat_ops xennet_stat_ops = {
	.get_queue_stats_rx	= xennet_get_queue_stats_rx,
	.get_queue_stats_tx	= xennet_get_queue_stats_tx,
	.get_base_stats		= xennet_get_base_stats,
};

/* The speed the toolstack gives the guest; see xennet_read_link(). */
static int xennet_get_link_ksettings(struct net_device *dev,
				     struct ethtool_link_ksettings *cmd)
{
	struct xennet_info *np = netdev_priv(dev);

	xnif_link_ksettings(cmd, READ_ONCE(np->speed));
	return 0;
}

const struct ethtool_ops xennet_ethtool_ops = {
	.get_drvinfo		= xennet_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= xennet_get_link_ksettings,
	.get_channels		= xennet_get_channels,
	.set_channels		= xennet_set_channels,
	.get_ringparam		= xennet_get_ringparam,
	.set_ringparam		= xennet_set_ringparam,
	.get_sset_count		= xennet_get_sset_count,
	.get_strings		= xennet_get_strings,
	.get_ethtool_stats	= xennet_get_ethtool_stats,
	.get_ts_info		= ethtool_op_get_ts_info,
};
