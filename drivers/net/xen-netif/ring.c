// SPDX-License-Identifier: GPL-2.0
/*
 * Placing a ring's indices and slots in its shared pages, for both layouts.
 */
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include <xen/interface/io/netif.h>

#include "negotiate.h"
#include "ring.h"

/* The classic header: the four indices, then padding up to the slots. */
struct xnif_classic_hdr {
	u32 req_prod;
	u32 req_event;
	u32 rsp_prod;
	u32 rsp_event;
	u8 pad[XNIF_CLASSIC_HDR_SIZE - 16];
};

static_assert(sizeof(struct xnif_classic_hdr) == XNIF_CLASSIC_HDR_SIZE);
static_assert(offsetof(struct xen_netif_tx_sring, rsp_event) ==
	      offsetof(struct xnif_classic_hdr, rsp_event));

unsigned int xnif_ring_slots(unsigned int order, unsigned int hdr_size,
			     unsigned int slot_size)
{
	unsigned int bytes;

	if (order > XEN_NETIF_MAX_RING_PAGE_ORDER || !slot_size)
		return 0;
	bytes = XNIF_PAGE_SIZE << order;
	if (hdr_size + slot_size > bytes)
		return 0;
	return rounddown_pow_of_two((bytes - hdr_size) / slot_size);
}

unsigned int xnif_ring_capacity(unsigned int order,
				enum xnif_ring_layout layout,
				unsigned int req_size, unsigned int rsp_size)
{
	if (!req_size || !rsp_size)
		return 0;
	switch (layout) {
	case XNIF_LAYOUT_CLASSIC:
		/* A union of the two, as the classic sring declares it. */
		return xnif_ring_slots(order, XNIF_CLASSIC_HDR_SIZE,
				       max(req_size, rsp_size));
	case XNIF_LAYOUT_V2:
		return xnif_ring_slots(order, sizeof(struct xen_netif_sring_v2),
				       roundup_pow_of_two(req_size) +
				       roundup_pow_of_two(rsp_size));
	default:
		return 0;
	}
}

static int xnif_ring_attach_classic(struct xnif_ring *ring, void *shared,
				    unsigned int order, unsigned int entry)
{
	struct xnif_classic_hdr *hdr = shared;

	ring->req.prod = &hdr->req_prod;
	ring->req.event = &hdr->req_event;
	ring->rsp.prod = &hdr->rsp_prod;
	ring->rsp.event = &hdr->rsp_event;
	ring->size = xnif_ring_capacity(order, XNIF_LAYOUT_CLASSIC, entry, entry);
	ring->req_slots = (u8 *)shared + sizeof(*hdr);
	ring->rsp_slots = ring->req_slots;
	ring->req_stride = entry;
	ring->rsp_stride = entry;
	return ring->size ? 0 : -EINVAL;
}

/*
 * v2: header lines, then all requests, then all responses. Entries are
 * rounded up to a power of two so none straddles a cache line, and the
 * response array starts on a line boundary because it follows size * stride
 * bytes with both powers of two and size * stride >= 64.
 */
static int xnif_ring_attach_v2(struct xnif_ring *ring, void *shared,
			       unsigned int order, unsigned int req_size,
			       unsigned int rsp_size)
{
	struct xen_netif_sring_v2 *hdr = shared;
	unsigned int req_stride = roundup_pow_of_two(req_size);
	unsigned int rsp_stride = roundup_pow_of_two(rsp_size);

	ring->req.prod = &hdr->req_prod;
	ring->req.event = &hdr->req_event;
	ring->rsp.prod = &hdr->rsp_prod;
	ring->rsp.event = &hdr->rsp_event;
	ring->size = xnif_ring_capacity(order, XNIF_LAYOUT_V2, req_size,
					rsp_size);
	if (ring->size * min(req_stride, rsp_stride) < XEN_NETIF_V2_LINE_SIZE)
		return -EINVAL;
	ring->req_slots = (u8 *)shared + sizeof(*hdr);
	ring->rsp_slots = ring->req_slots + ring->size * req_stride;
	ring->req_stride = req_stride;
	ring->rsp_stride = rsp_stride;
	return 0;
}

static int xnif_ring_place(struct xnif_ring *ring, void *shared,
			   unsigned int order, enum xnif_ring_layout layout,
			   unsigned int req_size, unsigned int rsp_size)
{
	if (!req_size || !rsp_size || req_size > XEN_NETIF_V2_LINE_SIZE ||
	    rsp_size > XEN_NETIF_V2_LINE_SIZE)
		return -EINVAL;
	switch (layout) {
	case XNIF_LAYOUT_CLASSIC:
		/* A union of the two, as the classic sring declares it. */
		return xnif_ring_attach_classic(ring, shared, order,
						max(req_size, rsp_size));
	case XNIF_LAYOUT_V2:
		return xnif_ring_attach_v2(ring, shared, order, req_size,
					   rsp_size);
	default:
		return -EINVAL;
	}
}

int xnif_ring_attach(struct xnif_ring *ring, void *shared, unsigned int order,
		     enum xnif_ring_layout layout, unsigned int req_size,
		     unsigned int rsp_size)
{
	int err = xnif_ring_place(ring, shared, order, layout, req_size,
				  rsp_size);

	if (err)
		return err;
	/* A ring taken over with history goes on from where it stands. */
	ring->req.published = READ_ONCE(*ring->req.prod);
	ring->rsp.published = READ_ONCE(*ring->rsp.prod);
	return 0;
}

void xnif_ring_reset(struct xnif_ring *ring)
{
	WRITE_ONCE(*ring->req.prod, 0);
	WRITE_ONCE(*ring->rsp.prod, 0);
	ring->req.published = 0;
	ring->rsp.published = 0;
	/* Each side wants to hear about the very first entry. */
	WRITE_ONCE(*ring->req.event, 1);
	WRITE_ONCE(*ring->rsp.event, 1);
}
