// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: the network device. It lives from probe to remove; the
 * queues behind it come and go with the backend connection, so every op
 * here copes with having none.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/filter.h>
#include <linux/slab.h>

#include <net/xdp.h>

#include <xen/page.h>
#include <xen/xenbus.h>

#include "link.h"
#include "negotiate.h"
#include "netfront.h"
#include "stats.h"

static int xennet_open(struct net_device *dev)
{
	struct xennet_info *np = netdev_priv(dev);

	if (!np->queues)
		return 0;
	xennet_napi_enable_all(np);
	if (!xennet_broken(np) && !np->reconnect)
		netif_tx_start_all_queues(dev);
	return 0;
}

static int xennet_stop(struct net_device *dev)
{
	struct xennet_info *np = netdev_priv(dev);

	netif_tx_disable(dev);
	xennet_napi_disable_all(np);
	return 0;
}

static void xennet_sum_tx(const struct xennet_tx_stats *s,
			  struct rtnl_link_stats64 *tot)
{
	const u64_stats_t *ctr[] = { &s->packets, &s->bytes,
				     &s->dropped, &s->errors };
	u64 v[ARRAY_SIZE(ctr)];

	xnif_stats_fetch(&s->syncp, ctr, v, ARRAY_SIZE(ctr));
	tot->tx_packets += v[0];
	tot->tx_bytes += v[1];
	tot->tx_dropped += v[2];
	tot->tx_errors += v[3];
}

static_assert(XNIF_XDP_HEADROOM == XDP_PACKET_HEADROOM);

static void xennet_sum_rx(const struct xennet_rx_stats *s,
			  struct rtnl_link_stats64 *tot)
{
	const u64_stats_t *ctr[] = { &s->packets, &s->bytes,
				     &s->dropped, &s->errors };
	u64 v[ARRAY_SIZE(ctr)];

	xnif_stats_fetch(&s->syncp, ctr, v, ARRAY_SIZE(ctr));
	tot->rx_packets += v[0];
	tot->rx_bytes += v[1];
	tot->rx_dropped += v[2];
	tot->rx_errors += v[3];
}

/* Counters outlive the queues, so this never races a reconnect. */
static void xennet_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *tot)
{
	struct xennet_info *np = netdev_priv(dev);
	unsigned int i;

	for (i = 0; i < dev->num_tx_queues; i++) {
		xennet_sum_tx(&np->stats[i].tx, tot);
		xennet_sum_rx(&np->stats[i].rx, tot);
	}
}

/* Bytes of an RX page an XDP frame may use: skb_shared_info stays free. */
unsigned int xennet_xdp_room(void)
{
	return XEN_PAGE_SIZE - SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
}

/*
 * Frames above a page need several slots: only with scatter-gather. A
 * single-buffer XDP program needs them in one page.
 */
static int xennet_change_mtu(struct net_device *dev, int mtu)
{
	struct xennet_info *np = netdev_priv(dev);

	if (mtu > ETH_DATA_LEN && !(dev->features & NETIF_F_SG))
		return -EINVAL;
	if (rtnl_dereference(np->xdp_prog) &&
	    !xnif_xdp_mtu_ok(mtu, xennet_xdp_room())) {
		netdev_warn(dev, "MTU %d is too large while an XDP program is attached: at most %u\n",
			    mtu, xnif_xdp_max_mtu(xennet_xdp_room()));
		return -EINVAL;
	}
	WRITE_ONCE(dev->mtu, mtu);
	return 0;
}

/* Offer only what the backend said it can take. */
static netdev_features_t xennet_fix_features(struct net_device *dev,
					     netdev_features_t features)
{
	struct xennet_info *np = netdev_priv(dev);
	const struct xennet_backend *be = &np->be;

	if (!be->sg)
		features &= ~NETIF_F_SG;
	if (!be->gso_tcpv4)
		features &= ~NETIF_F_TSO;
	if (!be->gso_tcpv6)
		features &= ~NETIF_F_TSO6;
	if (!be->ipv6_csum)
		features &= ~NETIF_F_IPV6_CSUM;
	if (be->no_csum)
		features &= ~NETIF_F_IP_CSUM;
	return features;
}

static int xennet_set_features(struct net_device *dev,
			       netdev_features_t features)
{
	if (!(features & NETIF_F_SG) && dev->mtu > ETH_DATA_LEN) {
		netdev_info(dev, "no scatter-gather: MTU lowered to %d\n",
			    ETH_DATA_LEN);
		WRITE_ONCE(dev->mtu, ETH_DATA_LEN);
	}
	return 0;
}

/*
 * Attach, replace or detach the XDP program. The core hands us a
 * reference to the new program and we drop the old one's. Attaching the
 * first program or detaching the last changes what the backend must
 * send (xdp-headroom, no GSO), which it reads at connect time, so a
 * connected device reconnects; replacing a program does not.
 */
static int xennet_xdp_setup(struct net_device *dev, struct bpf_prog *prog,
			    struct netlink_ext_ack *extack)
{
	struct xennet_info *np = netdev_priv(dev);
	struct bpf_prog *old = rtnl_dereference(np->xdp_prog);
	struct xnif_xdp_attach a = {
		.mtu = dev->mtu,
		.page_size = xennet_xdp_room(),
		.be_known = np->be_known,
		.be_headroom = np->be.xdp_headroom,
		.broken = xennet_broken(np),
	};
	enum xnif_xdp_refusal why;

	if (prog) {
		/* Detach always works: unregister_netdev() detaches too. */
		if (np->removing)
			return -ENODEV;
		why = xnif_xdp_attach_check(&a);
		if (why == XNIF_XDP_MTU_TOO_BIG) {
			/* extack holds 80 characters. */
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "MTU %u too large for XDP (at most %u): no multi-buffer XDP",
					       dev->mtu,
					       xnif_xdp_max_mtu(a.page_size));
			return -EOPNOTSUPP;
		}
		if (why) {
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s",
					       xnif_xdp_refusal_msg(why));
			return -EOPNOTSUPP;
		}
	}
	rcu_assign_pointer(np->xdp_prog, prog);
	if (old)
		bpf_prog_put(old);
	if (!old == !prog || np->removing)
		return 0;
	netdev_info(dev, "XDP program %s\n", prog ? "attached" : "detached");
	if (np->queues) {
		netdev_info(dev, "reconnecting for XDP headroom %u\n",
			    xnif_xdp_headroom(!!prog, np->be.xdp_headroom));
		xennet_request_reconnect(np);
	}
	return 0;
}

static int xennet_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return xennet_xdp_setup(dev, bpf->prog, bpf->extack);
	default:
		return -EINVAL;
	}
}

static const struct net_device_ops xennet_netdev_ops = {
	.ndo_open		= xennet_open,
	.ndo_stop		= xennet_stop,
	.ndo_start_xmit		= xennet_start_xmit,
	.ndo_get_stats64	= xennet_get_stats64,
	.ndo_change_mtu		= xennet_change_mtu,
	.ndo_fix_features	= xennet_fix_features,
	.ndo_set_features	= xennet_set_features,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_bpf		= xennet_bpf,
	.ndo_xdp_xmit		= xennet_xdp_xmit,
};

static int xennet_read_mac(struct xenbus_device *xbdev, u8 mac[ETH_ALEN])
{
	char *s = xenbus_read(XBT_NIL, xbdev->nodename, XEN_NETIF_KEY_MAC,
			      NULL);
	int err;

	if (IS_ERR(s))
		return PTR_ERR(s);
	err = xnif_parse_mac(s, mac);
	kfree(s);
	return err;
}

static int xennet_init_stats(struct xennet_info *np, unsigned int n)
{
	unsigned int i;

	np->stats = kcalloc(n, sizeof(*np->stats), GFP_KERNEL);
	if (!np->stats)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		u64_stats_init(&np->stats[i].tx.syncp);
		u64_stats_init(&np->stats[i].rx.syncp);
	}
	return 0;
}

static void xennet_setup(struct net_device *dev)
{
	dev->netdev_ops = &xennet_netdev_ops;
	dev->ethtool_ops = &xennet_ethtool_ops;
	xnif_set_stat_ops(dev, &xennet_stat_ops);
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXCSUM;
	dev->features = dev->hw_features;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = XEN_NETIF_MAX_TX_SIZE;
	/* A request's size field is 16 bits: no GSO packet may be larger. */
	netif_set_tso_max_size(dev, XEN_NETIF_MAX_TX_SIZE);
	xnif_set_xdp_features(dev);
}

struct net_device *xennet_alloc_netdev(struct xenbus_device *xbdev)
{
	struct net_device *dev;
	struct xennet_info *np;
	u8 mac[ETH_ALEN];
	unsigned int nq;
	int err;

	err = xennet_read_mac(xbdev, mac);
	if (err) {
		dev_err(&xbdev->dev, "no valid %s/%s\n", xbdev->nodename,
			XEN_NETIF_KEY_MAC);
		return ERR_PTR(err);
	}
	/* max_queues is writable: bound what was written since load. */
	nq = clamp(READ_ONCE(xennet_max_queues), 1U, (unsigned int)nr_cpu_ids);
	dev = alloc_etherdev_mqs(sizeof(*np), nq, nq);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	np = netdev_priv(dev);
	np->netdev = dev;
	np->xbdev = xbdev;
	xnif_fatal_init(&np->fatal);
	np->speed = XNIF_SPEED_DEFAULT;
	err = xennet_init_stats(np, dev->num_tx_queues);
	if (err) {
		free_netdev(dev);
		return ERR_PTR(err);
	}
	xennet_setup(dev);
	eth_hw_addr_set(dev, mac);
	SET_NETDEV_DEV(dev, &xbdev->dev);
	netif_set_real_num_queues(dev, 1, 1);
	netif_carrier_off(dev);
	netif_tx_stop_all_queues(dev);
	return dev;
}

void xennet_free_netdev(struct net_device *dev)
{
	struct xennet_info *np = netdev_priv(dev);

	kfree(np->stats);
	free_netdev(dev);
}
