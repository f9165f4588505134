// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: ethtool and the netdev counters.
 *
 * ethtool -S lists every queue's counters ("q<n>_<name>", guest's point
 * of view) followed by the vif's refusal counters, one per reason a
 * frontend's packet or index was refused. The queue set may be replaced
 * at any time by a reconnect, so it is read under RCU and queues that do
 * not exist (yet) read as zero.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "link.h"
#include "negotiate.h"
#include "netback.h"
#include "stats.h"
#include "version.h"

#define GUEST_TX(f)	XNIF_STAT_SYNC("guest_tx_" #f, struct xenvif_stats, \
				       tx.syncp, tx.f)
#define GUEST_RX(f)	XNIF_STAT_SYNC("guest_rx_" #f, struct xenvif_stats, \
				       rx.syncp, rx.f)
#define EVENT(n, f)	XNIF_STAT_ATOMIC(n, struct xenvif_stats, f)

/* A queue's counters in ethtool -S order, named once. */
static const struct xnif_stat_desc xenvif_queue_descs[] = {
	GUEST_TX(packets), GUEST_TX(bytes), GUEST_TX(dropped),
	GUEST_TX(csum_fixup), GUEST_TX(rate_limited), GUEST_TX(notify_sent),
	GUEST_TX(copied), GUEST_TX(mapped),
	GUEST_RX(packets), GUEST_RX(bytes), GUEST_RX(dropped),
	GUEST_RX(ring_full), GUEST_RX(notify_sent), GUEST_RX(stalls),
	/* The kernel thread sends these, so they sit in its group. */
	XNIF_STAT_SYNC("guest_tx_late_notify_sent", struct xenvif_stats,
		       rx.syncp, rx.late_notify_sent),
	EVENT("guest_rx_queue_dropped", xmit_dropped),
	EVENT("notify_received", events),
	EVENT("notify_spurious", spurious),
	XNIF_STAT_SYNC("staged_tx_copies", struct xenvif_stats, tx.syncp,
		       tx.staged_copies),
	XNIF_STAT_SYNC("staged_rx_copies", struct xenvif_stats, rx.syncp,
		       rx.staged_copies),
	EVENT("staged_fallbacks", staged_fallbacks),
};

#define XENVIF_QUEUE_STATS	ARRAY_SIZE(xenvif_queue_descs)

/*
 * Per-vif refusal counters: every drop and fatal TX reason, failed
 * grants, the two other rings' producer indices, refused control requests.
 */
static const char *const xenvif_ctrl_status_names[XENVIF_CTRL_STATUS_MAX] = {
	[XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED]		= "ctrl_not_supported",
	[XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER]	= "ctrl_invalid_parameter",
	[XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW]		= "ctrl_buffer_overflow",
};

#define XENVIF_FIRST_CTRL_FAIL	XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED
#define XENVIF_TX_REASONS	(XNIF_TX_REASON_MAX - XNIF_TX_FIRST_DROP)
/* The staged verdicts that disable a vif: all but XNIF_STAGED_HONEST. */
#define XENVIF_FIRST_STAGED_BAD	(XNIF_STAGED_HONEST + 1)
#define XENVIF_VIF_STATS	(XENVIF_TX_REASONS + 3 + \
				 XENVIF_CTRL_STATUS_MAX - XENVIF_FIRST_CTRL_FAIL + \
				 XNIF_STAGED_VERDICT_MAX - XENVIF_FIRST_STAGED_BAD)

/* A queue's packets and bytes, guest TX then guest RX. */
static void xenvif_queue_traffic(struct xenvif_queue *queue, u64 *tx, u64 *rx)
{
	struct xenvif_stats *s = &queue->stats;
	const u64_stats_t *gtx[] = { &s->tx.packets, &s->tx.bytes,
				     &s->tx.dropped };
	const u64_stats_t *grx[] = { &s->rx.packets, &s->rx.bytes,
				     &s->rx.dropped };

	xnif_stats_fetch(&s->tx.syncp, gtx, tx, ARRAY_SIZE(gtx));
	xnif_stats_fetch(&s->rx.syncp, grx, rx, ARRAY_SIZE(grx));
}

/* Add a queue's counters to netdev totals (the vif's point of view). */
void xenvif_queue_totals(struct xenvif_queue *queue,
			 struct rtnl_link_stats64 *s)
{
	u64 tx[3], rx[3];

	xenvif_queue_traffic(queue, tx, rx);
	s->rx_packets += tx[0];
	s->rx_bytes += tx[1];
	s->rx_dropped += tx[2];
	s->tx_packets += rx[0];
	s->tx_bytes += rx[1];
	s->tx_dropped += rx[2] + atomic_long_read(&queue->stats.xmit_dropped);
}

/*
 * The netdev netlink family's queue statistics (NETDEV_CMD_QSTATS_GET),
 * from the vif's point of view like ndo_get_stats64: its RX queue n is
 * ethtool -S's q<n>_guest_tx_*, its TX queue n q<n>_guest_rx_*. Queue
 * sets already torn down are the base. The core asks under rtnl, which
 * also keeps the queue set from being replaced meanwhile.
 */
static void xenvif_get_queue_stats_rx(struct net_device *dev, int idx,
				      struct netdev_queue_stats_rx *rxq)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs = rtnl_dereference(vif->qs);
	u64 tx[3] = {}, rx[3] = {};

	if (qs && idx < qs->num)
		xenvif_queue_traffic(&qs->queue[idx], tx, rx);
	rxq->packets = tx[0];
	rxq->bytes = tx[1];
}

static void xenvif_get_queue_stats_tx(struct net_device *dev, int idx,
				      struct netdev_queue_stats_tx *txq)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs = rtnl_dereference(vif->qs);
	u64 tx[3] = {}, rx[3] = {};

	if (qs && idx < qs->num)
		xenvif_queue_traffic(&qs->queue[idx], tx, rx);
	txq->packets = rx[0];
	txq->bytes = rx[1];
}

static void xenvif_get_base_stats(struct net_device *dev,
				  struct netdev_queue_stats_rx *rx,
				  struct netdev_queue_stats_tx *tx)
{
	struct xenvif *vif = netdev_priv(dev);

	rx->packets = vif->base.rx_packets;
	rx->bytes = vif->base.rx_bytes;
	tx->packets = vif->base.tx_packets;
	tx->bytes = vif->base.tx_bytes;
}

const struct netdev_stat_ops xenvif_stat_ops = {
	.get_queue_stats_rx = xenvif_get_queue_stats_rx,
	.get_queue_stats_tx = xenvif_get_queue_stats_tx,
	.get_base_stats = xenvif_get_base_stats,
};

static int xenvif_get_sset_count(struct net_device *dev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return dev->real_num_tx_queues * XENVIF_QUEUE_STATS + XENVIF_VIF_STATS;
}

static void xenvif_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	unsigned int q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < dev->real_num_tx_queues; q++)
		xnif_stats_strings(&data, q, xenvif_queue_descs,
				   XENVIF_QUEUE_STATS);
	for (i = XNIF_TX_FIRST_DROP; i < XNIF_TX_REASON_MAX; i++)
		ethtool_sprintf(&data, "guest_tx_%s", xnif_tx_reason_name(i));
	ethtool_puts(&data, "guest_tx_bad_gref");
	ethtool_puts(&data, "guest_rx_bad_prod");
	ethtool_puts(&data, "ctrl_bad_prod");
	for (i = XENVIF_FIRST_CTRL_FAIL; i < XENVIF_CTRL_STATUS_MAX; i++)
		ethtool_puts(&data, xenvif_ctrl_status_names[i]);
	for (i = XENVIF_FIRST_STAGED_BAD; i < XNIF_STAGED_VERDICT_MAX; i++)
		ethtool_sprintf(&data, "ctrl_%s", xnif_staged_verdict_name(i));
}

static void xenvif_get_ethtool_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs;
	unsigned int q, i;

	rcu_read_lock();
	qs = rcu_dereference(vif->qs);
	for (q = 0; q < dev->real_num_tx_queues; q++) {
		if (qs && q < qs->num)
			xnif_stats_read(&qs->queue[q].stats, xenvif_queue_descs,
					XENVIF_QUEUE_STATS, data);
		else
			memset(data, 0, XENVIF_QUEUE_STATS * sizeof(*data));
		data += XENVIF_QUEUE_STATS;
	}
	rcu_read_unlock();
	for (i = XNIF_TX_FIRST_DROP; i < XNIF_TX_REASON_MAX; i++)
		*data++ = atomic_long_read(&vif->reasons.tx[i]);
	*data++ = atomic_long_read(&vif->reasons.tx_bad_gref);
	*data++ = atomic_long_read(&vif->reasons.rx_prod);
	*data++ = atomic_long_read(&vif->reasons.ctrl_prod);
	for (i = XENVIF_FIRST_CTRL_FAIL; i < XENVIF_CTRL_STATUS_MAX; i++)
		*data++ = atomic_long_read(&vif->reasons.ctrl_status[i]);
	for (i = XENVIF_FIRST_STAGED_BAD; i < XNIF_STAGED_VERDICT_MAX; i++)
		*data++ = atomic_long_read(&vif->reasons.ctrl_staged[i]);
}

static void xenvif_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	struct xenvif *vif = netdev_priv(dev);

	/*
	 * Driver and bus-info as stock reports them (udev's ID_NET_DRIVER,
	 * networkd's and netplan's Driver= match on them); ours in version.
	 */
	strscpy(info->driver, XNIF_ETHTOOL_DRIVER, sizeof(info->driver));
	strscpy(info->version, XNIF_VERSION, sizeof(info->version));
	strscpy(info->bus_info, dev_name(&vif->be->dev->dev),
		sizeof(info->bus_info));
}

/* Ring sizes: the largest a frontend may share, and the ones it did. */
static void xenvif_get_ringparam(struct net_device *dev,
				 struct ethtool_ringparam *ring,
				 struct kernel_ethtool_ringparam *kring,
				 struct netlink_ext_ack *extack)
{
	struct xenvif *vif = netdev_priv(dev);
	unsigned int max_order = vif->be->max_order;
	struct xenvif_queue_set *qs;

	ring->rx_max_pending = xnif_ring_slots(max_order,
					       XNIF_CLASSIC_HDR_SIZE,
					       XNIF_RX_SLOT_SIZE);
	ring->tx_max_pending = xnif_ring_slots(max_order,
					       XNIF_CLASSIC_HDR_SIZE,
					       XNIF_TX_SLOT_SIZE);
	rcu_read_lock();
	qs = rcu_dereference(vif->qs);
	if (qs) {
		ring->rx_pending = qs->queue[0].rx.ring.size;
		ring->tx_pending = qs->queue[0].tx.ring.size;
	}
	rcu_read_unlock();
}

static void xenvif_get_channels(struct net_device *dev,
				struct ethtool_channels *ch)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs;

	ch->max_combined = dev->num_tx_queues;
	rcu_read_lock();
	qs = rcu_dereference(vif->qs);
	ch->combined_count = qs ? qs->num : 0;
	rcu_read_unlock();
}

/* The speed the toolstack gives the guest; see xenvif_read_speed(). */
static int xenvif_get_link_ksettings(struct net_device *dev,
				     struct ethtool_link_ksettings *cmd)
{
	struct xenvif *vif = netdev_priv(dev);

	xnif_link_ksettings(cmd, READ_ONCE(vif->speed));
	return 0;
}

const struct ethtool_ops xenvif_ethtool_ops = {
	.get_drvinfo = xenvif_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = xenvif_get_link_ksettings,
	.get_sset_count = xenvif_get_sset_count,
	.get_strings = xenvif_get_strings,
	.get_ethtool_stats = xenvif_get_ethtool_stats,
	.get_ringparam = xenvif_get_ringparam,
	.get_channels = xenvif_get_channels,
};
