// SPDX-License-Identifier: GPL-2.0
/*
 * Negotiation arithmetic and xenstore value parsing shared by netback and
 * netfront. Inputs may come straight from a peer's xenstore keys: every
 * function bounds what it is given and never trusts a count or a string.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include <xen/interface/io/netif.h>

#include "negotiate.h"
#include "ring.h"

unsigned int xnif_pick_queues(unsigned int fe_max, unsigned int be_max,
			      unsigned int cpus)
{
	unsigned int n = min3(fe_max, be_max, cpus);

	return n ? n : 1;
}

int xnif_check_queue_request(unsigned int requested, unsigned int be_max)
{
	return requested >= 1 && requested <= be_max ? 0 : -EINVAL;
}

int xnif_check_order_request(unsigned int requested, unsigned int be_max)
{
	return requested <= be_max &&
	       requested <= XEN_NETIF_MAX_RING_PAGE_ORDER ? 0 : -EINVAL;
}

unsigned int xnif_pick_layout(bool fe_allows_v2, unsigned int be_offer)
{
	return fe_allows_v2 && be_offer ? XEN_NETIF_RING_LAYOUT_V2 :
					  XEN_NETIF_RING_LAYOUT_CLASSIC;
}

int xnif_check_layout_request(unsigned int requested, bool offered_v2)
{
	if (requested == XEN_NETIF_RING_LAYOUT_CLASSIC ||
	    (requested == XEN_NETIF_RING_LAYOUT_V2 && offered_v2))
		return requested;
	return -EINVAL;
}

int xnif_parse_mac(const char *s, u8 mac[6])
{
	unsigned int i;

	/* Exactly "xx:xx:xx:xx:xx:xx": 17 characters, nothing after. */
	if (strnlen(s, 18) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++, s += 3) {
		int hi = hex_to_bin(s[0]);
		int lo = hex_to_bin(s[1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[2] != ':'))
			return -EINVAL;
		mac[i] = (hi << 4) | lo;
	}
	return 0;
}

int xnif_parse_rate(const char *s, u64 *bytes, u32 *usecs)
{
	char buf[48];
	char *comma;

	if (strscpy(buf, s, sizeof(buf)) < 0)
		return -EINVAL;
	comma = strchr(buf, ',');
	if (!comma)
		return -EINVAL;
	*comma = '\0';
	if (kstrtou64(buf, 10, bytes) || kstrtou32(comma + 1, 10, usecs))
		return -EINVAL;
	return *bytes && *usecs ? 0 : -EINVAL;
}

/* ring.c takes the numbers of the ring-layout key as its enum. */
static_assert(XNIF_LAYOUT_CLASSIC == XEN_NETIF_RING_LAYOUT_CLASSIC);
static_assert(XNIF_LAYOUT_V2 == XEN_NETIF_RING_LAYOUT_V2);
static_assert(sizeof(union xen_netif_tx_sring_entry) == XNIF_TX_SLOT_SIZE);
static_assert(sizeof(union xen_netif_rx_sring_entry) == XNIF_RX_SLOT_SIZE);
static_assert(offsetof(struct xen_netif_tx_sring, ring) == XNIF_CLASSIC_HDR_SIZE);
