// SPDX-License-Identifier: GPL-2.0
/*
 * A backend's offers and what it removes when it goes (be_offers.h).
 */
#include <linux/kernel.h>

#include <xen/interface/io/netif.h>

#include "be_offers.h"

void xnif_be_offers(const struct xnif_be_caps *c,
		    struct xnif_be_offer out[XNIF_BE_OFFERS])
{
	const struct xnif_be_offer offers[XNIF_BE_OFFERS] = {
		{ XEN_NETIF_KEY_FEATURE_SG, 1 },
		{ XEN_NETIF_KEY_FEATURE_GSO_TCPV4, 1 },
		{ XEN_NETIF_KEY_FEATURE_GSO_TCPV6, 1 },
		{ XEN_NETIF_KEY_FEATURE_IPV6_CSUM, 1 },
		{ XEN_NETIF_KEY_FEATURE_RX_COPY, 1 },
		{ XEN_NETIF_KEY_FEATURE_RX_FLIP, 0 },
		{ XEN_NETIF_KEY_FEATURE_XDP_HEADROOM, c->xdp_headroom },
		{ XEN_NETIF_KEY_FEATURE_MCAST_CTRL, 1 },
		{ XEN_NETIF_KEY_FEATURE_DYN_MCAST_CTRL, 1 },
		{ XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN, c->split_evtchn },
		{ XEN_NETIF_KEY_MAX_QUEUES, c->max_queues },
		{ XEN_NETIF_KEY_FEATURE_CTRL_RING, 1 },
		{ XEN_NETIF_KEY_MAX_RING_PAGE_ORDER, c->max_order },
		{ XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2, c->layout_v2 },
	};
	unsigned int i;

	for (i = 0; i < XNIF_BE_OFFERS; i++)
		out[i] = offers[i];
}

/* As the glue had it: only the hotplug script's status goes. */
const char *xnif_be_gone_key(unsigned int i)
{
	return i ? NULL : XEN_NETIF_KEY_HOTPLUG_STATUS;
}
