// SPDX-License-Identifier: GPL-2.0
/*
 * The frontend's grant budget for any wishes, any backend maxima (a
 * hostile backend writes them), any free-grant estimate and any run of
 * failed allocations: every pick is within what was asked for and
 * offered, costs what it says, is smaller than the pick before it and
 * cheaper than any grant allocation that failed, and the walk ends,
 * after at most one pick per candidate, in "exhausted".
 */
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "budget.h"

static u32 get32(const u8 *d)
{
	u32 v;

	memcpy(&v, d, sizeof(v));
	return v;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xnif_budget_in in = { 0 };
	struct xnif_budget_out out, prev = { 0 };
	unsigned int q0, o0, picks = 0, i;

	if (size < 18)
		return 0;
	in.want_queues = data[0];
	in.want_order = data[1];
	in.be_max_queues = get32(data + 2);
	in.be_max_order = get32(data + 6);
	in.free_grants = get32(data + 10);
	in.layout = data[14] & 1 ? XNIF_LAYOUT_V2 : XNIF_LAYOUT_CLASSIC;
	in.waiting = data[14] >> 1;
	data += 15;
	size -= 15;

	q0 = in.want_queues < in.be_max_queues ? in.want_queues : in.be_max_queues;
	if (!q0)
		q0 = 1;
	if (q0 > XNIF_BUDGET_MAX_QUEUES)
		q0 = XNIF_BUDGET_MAX_QUEUES;
	o0 = in.want_order < in.be_max_order ? in.want_order : in.be_max_order;
	if (o0 > XEN_NETIF_MAX_RING_PAGE_ORDER)
		o0 = XEN_NETIF_MAX_RING_PAGE_ORDER;

	for (i = 0; ; i++) {
		if (xnif_budget_pick(&in, &out)) {
			/* Only after a failure, and only at the very end. */
			if (!picks || out.reason != XNIF_BUDGET_EXHAUSTED)
				abort();
			return 0;
		}
		picks++;
		if (out.queues < 1 || out.queues > q0 || out.order > o0 ||
		    out.reason >= XNIF_BUDGET_EXHAUSTED)
			abort();
		if (out.grants != (u64)xnif_budget_queue_grants(out.order, in.layout) *
				  out.queues)
			abort();
		if (in.hist.grant_fail_cost && out.grants >= in.hist.grant_fail_cost)
			abort();
		/* Above the floor, never more than the share left to others. */
		if (in.waiting && (out.queues > 1 || out.order) &&
		    out.grants > in.free_grants / (in.waiting + 1))
			abort();
		/* Strictly smaller: fewer queues, or as many with smaller rings. */
		if (picks > 1 && !(out.queues < prev.queues ||
				   (out.queues == prev.queues && out.order < prev.order)))
			abort();
		if (picks > q0 + o0 + 1)
			abort();
		prev = out;
		/* Each pick fails, for grants or memory, as the input says. */
		xnif_budget_failed(&in.hist, &out, data[i % size] & 1);
	}
}
