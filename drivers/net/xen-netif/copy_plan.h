/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Planning grant copies. A grant copy moves bytes between two places that
 * each lie inside one 4 KiB Xen page. Packet data is a byte stream laid out
 * in pieces on both sides (a frontend's slots, an skb's head and frags, a
 * frontend's receive buffers), so every copy of a packet is a chunk that
 * ends where either side's piece ends.
 *
 * The backend describes each side as a list of spans, each inside one page
 * and in stream order, and gets back the chunks. Spans with len 0 are
 * allowed and skipped. The destination may hold more than the source (the
 * last receive buffer is rarely full); the plan stops when the source ends.
 */
#ifndef _XEN_NETIF_COPY_PLAN_H
#define _XEN_NETIF_COPY_PLAN_H

#include <linux/types.h>

#include "negotiate.h"	/* XNIF_PAGE_SIZE */

/* Bytes [off, off + len) of one page; off + len <= XNIF_PAGE_SIZE. */
struct xnif_span {
	u16 off;
	u16 len;
};

/* Copy len bytes from src span at src_off to dst span at dst_off. */
struct xnif_chunk {
	u8 src;
	u8 dst;
	u16 src_off;
	u16 dst_off;
	u16 len;
};

/* Most spans either side of a plan may have (indices are u8). */
#define XNIF_PLAN_MAX_SPANS	255

/*
 * Split the stream into chunks. Returns the number of chunks written to
 * out, -EINVAL if a span leaves its page or a side has more than
 * XNIF_PLAN_MAX_SPANS spans, -ENOSPC if the destination is shorter than
 * the source or out has fewer than the needed chunks (never more than
 * nsrc + ndst - 1).
 */
int xnif_copy_plan(const struct xnif_span *src, unsigned int nsrc,
		   const struct xnif_span *dst, unsigned int ndst,
		   struct xnif_chunk *out, unsigned int max_out);

/*
 * Receive buffers a packet of len bytes takes on the guest RX ring when the
 * first buffer starts headroom bytes in: the first holds
 * XNIF_PAGE_SIZE - headroom bytes, every other one a whole page. A
 * packet of zero bytes still takes one buffer. Returns 0 if headroom
 * leaves no room at all.
 */
unsigned int xnif_rx_buffers(unsigned int len, unsigned int headroom);

/*
 * The destination spans for those buffers, one per buffer: the first at
 * headroom, the others at 0, each as long as the data it gets. Returns
 * the number of spans written or -ENOSPC if max is too small.
 */
int xnif_rx_layout(unsigned int len, unsigned int headroom,
		   struct xnif_span *spans, unsigned int max);

#endif /* _XEN_NETIF_COPY_PLAN_H */
