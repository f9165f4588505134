/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both sides of the netif protocol decide from numbers read out of
 * xenstore. Everything here is pure arithmetic on values that may come
 * from an untrusted peer: no Xen calls, so KUnit and userspace fuzzers
 * drive it directly.
 */
#ifndef _XEN_NETIF_NEGOTIATE_H
#define _XEN_NETIF_NEGOTIATE_H

#include <linux/types.h>

/* Grants and rings are in units of Xen's 4 KiB page whatever the kernel's. */
#define XNIF_PAGE_SIZE		4096U
#define XNIF_CLASSIC_HDR_SIZE	64U
#define XNIF_TX_SLOT_SIZE	12U	/* union of tx request and response */
#define XNIF_RX_SLOT_SIZE	8U	/* union of rx request and response */

/*
 * The queue count a frontend asks for: its own limit, the backend's
 * advertised maximum and the vCPUs it has. A backend that does not
 * advertise multi-queue (be_max == 0) gets one queue.
 */
unsigned int xnif_pick_queues(unsigned int fe_max, unsigned int be_max,
			      unsigned int cpus);

/*
 * Backend side: check what a frontend asked for against what was offered.
 * Returns 0 or -EINVAL.
 */
int xnif_check_queue_request(unsigned int requested, unsigned int be_max);
int xnif_check_order_request(unsigned int requested, unsigned int be_max);

/*
 * The ring_layout_v2 module parameters' defaults, here so that KUnit
 * holds what our two drivers negotiate between themselves by default.
 * The backend's is an offer, the frontend's the choice. Classic unless
 * the guest asks: the cache-line model (xen-netif-ring.rst) gives v2 a
 * modest gain for TX batches, a loss for single packets and none for
 * RX. The backend still offers v2, which costs nothing until a frontend
 * takes it, so that one guest-side parameter turns v2 on.
 */
#define XNIF_BE_OFFERS_V2_DEFAULT	true
#define XNIF_FE_WANTS_V2_DEFAULT	false

/*
 * Ring layout, as the XEN_NETIF_RING_LAYOUT_* numbers of the ring-layout
 * key. The frontend takes v2 when the backend offers it (be_offer is its
 * feature-ring-layout-v2 value, 0 when missing) and it may; the backend
 * accepts classic always, v2 only if it offered it. A missing ring-layout
 * key reads as classic. Returns the layout or -EINVAL.
 */
unsigned int xnif_pick_layout(bool fe_allows_v2, unsigned int be_offer);
int xnif_check_layout_request(unsigned int requested, bool offered_v2);

/* "aa:bb:cc:dd:ee:ff" -> 6 bytes; -EINVAL on anything else. */
int xnif_parse_mac(const char *s, u8 mac[6]);

/*
 * The toolstack's "rate" value, "<bytes>,<usecs>": credit bytes granted
 * every usecs microseconds. Returns -EINVAL on malformed or zero values.
 */
int xnif_parse_rate(const char *s, u64 *bytes, u32 *usecs);

#endif /* _XEN_NETIF_NEGOTIATE_H */
