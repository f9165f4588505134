// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the vif network device.
 *
 * The netdev exists from probe to remove, named vif<domid>.<handle> as the
 * toolstack's hotplug scripts expect, so that it can sit on a bridge
 * before the guest connects. Queues come and go with the frontend: they
 * are attached under rtnl once connected and detached before teardown.
 * The carrier is on only while a queue set is attached, the frontend has
 * not been disabled and no queue is stalled.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>

#include "link.h"
#include "netback.h"
#include "trace.h"

/* Short transmit queues: the vif's own queues already buffer. */
#define XENVIF_TX_QUEUE_LEN	32

static bool xenvif_carrier_ok(struct xenvif *vif)
{
	return rcu_access_pointer(vif->qs) && !xenvif_broken(vif) &&
	       !atomic_read(&vif->stalled_queues);
}

static void xenvif_update_carrier(struct xenvif *vif)
{
	if (xenvif_carrier_ok(vif))
		netif_carrier_on(vif->dev);
	else
		netif_carrier_off(vif->dev);
}

/*
 * The frontend broke the protocol, on queue qid or (qid < 0) the control
 * ring. Called from the data path, possibly in softirq context: flag the
 * vif so that every queue stops touching its rings, say why once, and
 * leave the disconnect to process context.
 */
void xenvif_fatal(struct xenvif *vif, int qid, const char *why)
{
	char where[20] = "the control ring";

	if (test_and_set_bit(XENVIF_BROKEN, &vif->flags))
		return;
	xnif_fatal_record(&vif->fatal, qid < 0 ? XNIF_FATAL_CTRL : qid, why);
	netif_carrier_off(vif->dev);
	trace_xenvif_disable(vif, qid, why);
	if (qid >= 0)
		snprintf(where, sizeof(where), "queue %d", qid);
	if (net_ratelimit())
		netdev_err(vif->dev, "frontend of domain %u broke the protocol on %s: %s; disabling the interface\n",
			   vif->domid, where, why);
	xenvif_be_disable(vif->be);
}

void xenvif_queue_stalled(struct xenvif_queue *queue, bool stalled)
{
	struct xenvif *vif = queue->vif;

	if (queue->stalled == stalled)
		return;
	queue->stalled = stalled;
	if (stalled) {
		trace_xenvif_rx_stall(queue);
		xenvif_rx_stat_add(queue, &queue->stats.rx.stalls, 1);
		if (atomic_inc_return(&vif->stalled_queues) == 1)
			netdev_info(vif->dev,
				    "guest stopped taking packets on queue %u; carrier off\n",
				    queue->id);
	} else {
		trace_xenvif_rx_unstall(queue);
		if (atomic_dec_return(&vif->stalled_queues) == 0)
			netdev_info(vif->dev, "guest takes packets again; carrier on\n");
	}
	xenvif_update_carrier(vif);
}

/*
 * A frontend without scatter-gather takes a frame in one page: lower a
 * larger MTU while it is connected, and give the MTU back to the next
 * frontend that can take it, unless the admin set another one meanwhile.
 */
static void xenvif_fit_mtu(struct xenvif *vif)
{
	struct net_device *dev = vif->dev;
	unsigned int mtu = dev->mtu;

	ASSERT_RTNL();
	if (xnif_fit_mtu(mtu, vif->fe.can_sg) < mtu) {
		netdev_info(dev, "frontend of domain %u has no scatter-gather: MTU %u instead of %u while it is connected\n",
			    vif->domid, XNIF_MTU_NO_SG, mtu);
		if (!dev_set_mtu(dev, XNIF_MTU_NO_SG))
			vif->mtu_lowered = mtu;
	} else if (vif->fe.can_sg && vif->mtu_lowered) {
		mtu = vif->mtu_lowered;
		vif->mtu_lowered = 0;
		dev_set_mtu(dev, mtu);
	}
}

/*
 * What the netdev netlink family shows: a vif's RX queue (guest TX) is
 * served by its queue's NAPI poll, scheduled by the guest TX event
 * channel's irq (the only one without split channels). Its TX queues
 * (guest RX) have a kernel thread, not NAPI: no link. Under rtnl, which
 * the core requires; unlinked before the queue set goes.
 */
static void xenvif_link_napi(struct xenvif *vif, struct xenvif_queue_set *qs,
			     bool on)
{
	unsigned int i;

	for (i = 0; i < qs->num; i++) {
		struct xenvif_queue *queue = &qs->queue[i];

		if (on)
			netif_napi_set_irq(&queue->napi, queue->tx_evt.irq);
		netif_queue_set_napi(vif->dev, i, NETDEV_QUEUE_TYPE_RX,
				     on ? &queue->napi : NULL);
	}
}

void xenvif_attach_queues(struct xenvif *vif, struct xenvif_queue_set *qs,
			  const struct xenvif_features *fe)
{
	struct net_device *dev = vif->dev;
	unsigned int i;

	rtnl_lock();
	vif->fe = *fe;
	netdev_update_features(dev);
	xenvif_fit_mtu(vif);
	netif_set_real_num_tx_queues(dev, qs->num);
	netif_set_real_num_rx_queues(dev, qs->num);
	atomic_set(&vif->stalled_queues, 0);
	rcu_assign_pointer(vif->qs, qs);
	xenvif_link_napi(vif, qs, true);
	if (netif_running(dev))
		for (i = 0; i < qs->num; i++)
			xenvif_queue_up(&qs->queue[i]);
	xenvif_update_carrier(vif);
	netif_tx_wake_all_queues(dev);
	rtnl_unlock();
}

/*
 * Withdraw the queue set: after this returns, no start_xmit, NAPI poll,
 * statistics reader or ethtool call sees it, and it may be torn down.
 */
struct xenvif_queue_set *xenvif_detach_queues(struct xenvif *vif)
{
	struct xenvif_queue_set *qs;
	unsigned int i;

	rtnl_lock();
	qs = rtnl_dereference(vif->qs);
	if (qs) {
		netif_carrier_off(vif->dev);
		netif_tx_disable(vif->dev);
		if (netif_running(vif->dev))
			for (i = 0; i < qs->num; i++)
				xenvif_queue_down(&qs->queue[i]);
		xenvif_link_napi(vif, qs, false);
		RCU_INIT_POINTER(vif->qs, NULL);
	}
	rtnl_unlock();
	synchronize_net();
	return qs;
}

static int xenvif_open(struct net_device *dev)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs = rtnl_dereference(vif->qs);
	unsigned int i;

	if (qs)
		for (i = 0; i < qs->num; i++)
			xenvif_queue_up(&qs->queue[i]);
	xenvif_update_carrier(vif);
	netif_tx_start_all_queues(dev);
	return 0;
}

static int xenvif_close(struct net_device *dev)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs = rtnl_dereference(vif->qs);
	unsigned int i;

	netif_tx_stop_all_queues(dev);
	if (qs)
		for (i = 0; i < qs->num; i++)
			xenvif_queue_down(&qs->queue[i]);
	return 0;
}

/*
 * Any MTU while no frontend is connected: the hotplug script sets the
 * toolstack's before the frontend says whether it has scatter-gather.
 */
static int xenvif_change_mtu(struct net_device *dev, int mtu)
{
	struct xenvif *vif = netdev_priv(dev);

	if (rtnl_dereference(vif->qs) &&
	    xnif_fit_mtu(mtu, vif->fe.can_sg) != mtu)
		return -EINVAL;
	vif->mtu_lowered = 0;
	WRITE_ONCE(dev->mtu, mtu);
	return 0;
}

static netdev_features_t xenvif_fix_features(struct net_device *dev,
					     netdev_features_t features)
{
	struct xenvif *vif = netdev_priv(dev);

	if (!vif->fe.can_sg)
		features &= ~NETIF_F_SG;
	if (!vif->fe.gso_tcpv4)
		features &= ~NETIF_F_TSO;
	if (!vif->fe.gso_tcpv6)
		features &= ~NETIF_F_TSO6;
	if (!vif->fe.ip_csum)
		features &= ~NETIF_F_IP_CSUM;
	if (!vif->fe.ipv6_csum)
		features &= ~NETIF_F_IPV6_CSUM;
	return features;
}

static void xenvif_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *s)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue_set *qs;
	unsigned int i;

	*s = vif->base;
	rcu_read_lock();
	qs = rcu_dereference(vif->qs);
	for (i = 0; qs && i < qs->num; i++)
		xenvif_queue_totals(&qs->queue[i], s);
	rcu_read_unlock();
}

/* Up and down, the data path, then what the frontend's features limit. */
static const struct net_device_ops xenvif_netdev_ops = {
	.ndo_open = xenvif_open,
	.ndo_stop = xenvif_close,
	.ndo_start_xmit = xenvif_start_xmit,
	.ndo_select_queue = xenvif_select_queue,
	.ndo_get_stats64 = xenvif_get_stats64,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_change_mtu = xenvif_change_mtu,
	.ndo_fix_features = xenvif_fix_features,
};

/* mtu: the toolstack's, or 0 for Ethernet's. */
struct xenvif *xenvif_create(struct device *parent, domid_t domid,
			     unsigned int handle, unsigned int max_queues,
			     unsigned int mtu)
{
	/* Never a real address, and high enough that bridges prefer others. */
	static const u8 addr[ETH_ALEN] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
	char name[IFNAMSIZ];
	struct net_device *dev;
	struct xenvif *vif;
	int err;

	snprintf(name, sizeof(name), "vif%u.%u", domid, handle);
	dev = alloc_netdev_mq(sizeof(*vif), name, NET_NAME_PREDICTABLE,
			      ether_setup, max_queues);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	SET_NETDEV_DEV(dev, parent);

	vif = netdev_priv(dev);
	vif->dev = dev;
	vif->domid = domid;
	vif->handle = handle;
	spin_lock_init(&vif->rate_lock);
	spin_lock_init(&vif->credit_lock);
	vif->credit_unlimited = true;
	mutex_init(&vif->ctrl_lock);
	spin_lock_init(&vif->mcast_lock);
	INIT_LIST_HEAD(&vif->mcast);
	xnif_fatal_init(&vif->fatal);
	vif->speed = XNIF_SPEED_DEFAULT;

	dev->netdev_ops = &xenvif_netdev_ops;
	dev->ethtool_ops = &xenvif_ethtool_ops;
	xnif_set_stat_ops(dev, &xenvif_stat_ops);
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_TSO | NETIF_F_TSO6;
	dev->features = dev->hw_features | NETIF_F_RXCSUM;
	dev->tx_queue_len = XENVIF_TX_QUEUE_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU - VLAN_ETH_HLEN;
	if (mtu)
		dev->mtu = min(mtu, dev->max_mtu);
	eth_hw_addr_set(dev, addr);
	netif_carrier_off(dev);

	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return ERR_PTR(err);
	}
	return vif;
}

/* The queue set is already gone (xenvif_disconnect()). */
void xenvif_destroy(struct xenvif *vif)
{
	unregister_netdev(vif->dev);
	xenvif_mcast_flush(vif);
	free_netdev(vif->dev);
}
