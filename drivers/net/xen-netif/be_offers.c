// SPDX-License-Identifier: GPL-2.0
/*
 * A backend's offers and what it removes when it goes (be_offers.h).
 */
#include <linux/kernel.h>

#include <xen/interface/io/netif.h>

#include "be_offers.h"

/* Every key we offer, in the order they are written. */
static const char *const xnif_be_offer_keys[XNIF_BE_OFFERS] = {
	XEN_NETIF_KEY_FEATURE_SG,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV4,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV6,
	XEN_NETIF_KEY_FEATURE_IPV6_CSUM,
	XEN_NETIF_KEY_FEATURE_RX_COPY,
	XEN_NETIF_KEY_FEATURE_RX_FLIP,
	XEN_NETIF_KEY_FEATURE_XDP_HEADROOM,
	XEN_NETIF_KEY_FEATURE_MCAST_CTRL,
	XEN_NETIF_KEY_FEATURE_DYN_MCAST_CTRL,
	XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN,
	XEN_NETIF_KEY_MAX_QUEUES,
	XEN_NETIF_KEY_FEATURE_CTRL_RING,
	XEN_NETIF_KEY_MAX_RING_PAGE_ORDER,
	XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2,
};

void xnif_be_offers(const struct xnif_be_caps *c,
		    struct xnif_be_offer out[XNIF_BE_OFFERS])
{
	const unsigned int values[XNIF_BE_OFFERS] = {
		1, 1, 1, 1,		/* sg, gso v4 and v6, ipv6 csum */
		1, 0,			/* rx copy, never rx flip */
		c->xdp_headroom,
		1, 1,			/* multicast control, dynamic */
		c->split_evtchn,
		c->max_queues,
		1,			/* control ring */
		c->max_order,
		c->layout_v2,
	};
	unsigned int i;

	for (i = 0; i < XNIF_BE_OFFERS; i++) {
		out[i].key = xnif_be_offer_keys[i];
		out[i].value = values[i];
	}
}

/*
 * The hotplug script's status, then every offer: the next backend bound
 * to the device writes its own, and must not find ours.
 */
const char *xnif_be_gone_key(unsigned int i)
{
	if (!i)
		return XEN_NETIF_KEY_HOTPLUG_STATUS;
	return i <= XNIF_BE_OFFERS ? xnif_be_offer_keys[i - 1] : NULL;
}
