/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenstore keys a backend writes in its own directory: its offers,
 * written at probe, and what it removes when it lets the device go.
 *
 * Every offer is written at every probe, 0 for a feature not offered,
 * so no offer of an earlier probe is left standing. And a backend that
 * goes (unbind, module unload) removes what it wrote: the directory
 * belongs to the toolstack and outlives us, and the next backend bound
 * to the device (stock netback, a test backend) does not write our
 * extension keys; a frontend would otherwise read our offers as its
 * (max-ring-page-order, feature-ring-layout-v2) and ask for rings it
 * cannot serve.
 */
#ifndef _XEN_NETIF_BE_OFFERS_H
#define _XEN_NETIF_BE_OFFERS_H

#include <linux/types.h>

/* What this backend offers a device, fixed at probe. */
struct xnif_be_caps {
	unsigned int max_queues;
	unsigned int max_order;
	bool layout_v2;
	bool split_evtchn;
	bool xdp_headroom;
};

struct xnif_be_offer {
	const char *key;
	unsigned int value;
};

#define XNIF_BE_OFFERS	14

/* The offers to write, all XNIF_BE_OFFERS of them, in order. */
void xnif_be_offers(const struct xnif_be_caps *c,
		    struct xnif_be_offer out[XNIF_BE_OFFERS]);

/* The i-th key to remove when the device is let go, from 0; NULL after. */
const char *xnif_be_gone_key(unsigned int i);

#endif /* _XEN_NETIF_BE_OFFERS_H */
