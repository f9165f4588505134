// SPDX-License-Identifier: GPL-2.0
/*
 * Ring placement and index arithmetic against a trivially correct model:
 * any layout, order and entry size a peer or a bug could ask for either is
 * refused or yields entries that stay inside the pages, never overlap
 * between requests and responses in v2, and never straddle a cache line
 * there; the event and producer checks agree with their definitions.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "ring.h"

#define RING_BYTES	(4096UL << XEN_NETIF_MAX_RING_PAGE_ORDER)

static u8 *pages;

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void check_entry(const struct xnif_ring *r, const u8 *e, u32 stride,
			unsigned int order, enum xnif_ring_layout layout)
{
	size_t off = e - pages;

	if (e < pages || off + stride > (4096UL << order))
		abort();
	if (layout == XNIF_LAYOUT_V2 && off / 64 != (off + stride - 1) / 64)
		abort();
}

static void check_layout(const struct xnif_ring *r, unsigned int order,
			 enum xnif_ring_layout layout)
{
	u32 i;

	if (!r->size || (r->size & (r->size - 1)))
		abort();
	for (i = 0; i < r->size; i++) {
		check_entry(r, xnif_ring_req(r, i), r->req_stride, order, layout);
		check_entry(r, xnif_ring_rsp(r, i), r->rsp_stride, order, layout);
	}
	if (layout == XNIF_LAYOUT_V2 &&
	    r->req_slots + r->size * r->req_stride > r->rsp_slots)
		abort();
	/* Wraparound lands on the same entry. */
	if (xnif_ring_req(r, r->size + 3) != xnif_ring_req(r, 3))
		abort();
}

/* The definitions, written the slow way. */
static int model_need_event(u32 event, u32 new, u32 old)
{
	u32 n;

	for (n = 1; n <= new - old && n; n++)
		if (old + n == event)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xnif_ring ring;
	unsigned int order;
	u32 a, b, c;

	if (size < 16)
		return 0;
	/* Page aligned, as grant-mapped rings are. */
	if (!pages && posix_memalign((void **)&pages, 4096, RING_BYTES))
		abort();
	order = data[0] % (XEN_NETIF_MAX_RING_PAGE_ORDER + 2);
	if (!xnif_ring_attach(&ring, pages, order, data[1] % 4,
			      data[2] % 80, data[3] % 80))
		check_layout(&ring, order, data[1] % 4);

	/* Keep the model's loop short: distances below 4096. */
	a = get32(data + 4);
	b = a + (get32(data + 8) & 0xfff);
	c = get32(data + 12);
	if (xnif_ring_need_event(b + (c & 0x1fff) - 0x1000, b, a) !=
	    model_need_event(b + (c & 0x1fff) - 0x1000, b, a))
		abort();
	if (xnif_ring_prod_valid(c, a, 256) != ((u32)(c - a) <= 256))
		abort();
	return 0;
}
