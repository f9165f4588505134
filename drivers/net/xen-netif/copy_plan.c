// SPDX-License-Identifier: GPL-2.0
/*
 * Grant-copy planning: pure arithmetic on spans, see copy_plan.h.
 */
#include <linux/errno.h>
#include <linux/math.h>
#include <linux/minmax.h>

#include "copy_plan.h"

static bool xnif_spans_valid(const struct xnif_span *s, unsigned int n)
{
	unsigned int i;

	if (n > XNIF_PLAN_MAX_SPANS)
		return false;
	for (i = 0; i < n; i++)
		if (s[i].off + s[i].len > XNIF_PAGE_SIZE)
			return false;
	return true;
}

/* A cursor over a span list: span index and bytes used of that span. */
struct xnif_cursor {
	unsigned int idx;
	unsigned int used;
};

/* Skip spent and empty spans; false once the list is exhausted. */
static bool xnif_cursor_settle(struct xnif_cursor *c,
			       const struct xnif_span *s, unsigned int n)
{
	while (c->idx < n && c->used == s[c->idx].len) {
		c->idx++;
		c->used = 0;
	}
	return c->idx < n;
}

int xnif_copy_plan(const struct xnif_span *src, unsigned int nsrc,
		   const struct xnif_span *dst, unsigned int ndst,
		   struct xnif_chunk *out, unsigned int max_out)
{
	struct xnif_cursor s = {}, d = {};
	unsigned int n = 0;

	if (!xnif_spans_valid(src, nsrc) || !xnif_spans_valid(dst, ndst))
		return -EINVAL;

	while (xnif_cursor_settle(&s, src, nsrc)) {
		unsigned int len;

		if (!xnif_cursor_settle(&d, dst, ndst) || n == max_out)
			return -ENOSPC;
		len = min(src[s.idx].len - s.used, dst[d.idx].len - d.used);
		out[n++] = (struct xnif_chunk) {
			.src = s.idx,
			.dst = d.idx,
			.src_off = src[s.idx].off + s.used,
			.dst_off = dst[d.idx].off + d.used,
			.len = len,
		};
		s.used += len;
		d.used += len;
	}
	return n;
}

unsigned int xnif_rx_buffers(unsigned int len, unsigned int headroom)
{
	unsigned int first;

	if (headroom >= XNIF_PAGE_SIZE)
		return 0;
	first = XNIF_PAGE_SIZE - headroom;
	if (len <= first)
		return 1;
	return 1 + DIV_ROUND_UP(len - first, XNIF_PAGE_SIZE);
}

int xnif_rx_layout(unsigned int len, unsigned int headroom,
		   struct xnif_span *spans, unsigned int max)
{
	unsigned int n = xnif_rx_buffers(len, headroom);
	unsigned int off = headroom;
	unsigned int i;

	if (!n || n > max)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		unsigned int take = min(len, XNIF_PAGE_SIZE - off);

		spans[i] = (struct xnif_span) { .off = off, .len = take };
		len -= take;
		off = 0;
	}
	return n;
}
