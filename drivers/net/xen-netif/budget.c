// SPDX-License-Identifier: GPL-2.0
/*
 * The grant and memory budget of a frontend's data path: which ring
 * order and queue count to try, and what to try after a failure.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>

#include <xen/interface/io/netif.h>

#include "budget.h"
#include "negotiate.h"

unsigned int xnif_budget_tx_slots(unsigned int order,
				  enum xnif_ring_layout layout)
{
	return xnif_ring_capacity(order, layout,
				  sizeof(struct xen_netif_tx_request),
				  sizeof(struct xen_netif_tx_response));
}

unsigned int xnif_budget_rx_slots(unsigned int order,
				  enum xnif_ring_layout layout)
{
	return xnif_ring_capacity(order, layout,
				  sizeof(struct xen_netif_rx_request),
				  sizeof(struct xen_netif_rx_response));
}

unsigned int xnif_budget_queue_grants(unsigned int order,
				      enum xnif_ring_layout layout)
{
	unsigned int tx = xnif_budget_tx_slots(order, layout);
	unsigned int rx = xnif_budget_rx_slots(order, layout);

	if (!tx || !rx)
		return 0;
	return tx + rx + 2 * (1U << order);
}

unsigned int xnif_budget_order_for(unsigned int slots, unsigned int max_order,
				   enum xnif_ring_layout layout)
{
	unsigned int order;

	max_order = min_t(unsigned int, max_order,
			  XEN_NETIF_MAX_RING_PAGE_ORDER);
	for (order = 0; order < max_order; order++)
		if (xnif_budget_tx_slots(order, layout) >= slots &&
		    xnif_budget_rx_slots(order, layout) >= slots)
			break;
	return order;
}

/* Where (queues, order) stands in the order candidates are tried. */
static unsigned int xnif_budget_pos(unsigned int q0, unsigned int o0,
				    unsigned int queues, unsigned int order)
{
	return queues == q0 ? o0 - order : o0 + q0 - queues;
}

/* Whether the free grant estimate leaves room for this candidate. */
static bool xnif_budget_fits(u64 cost, unsigned int order, unsigned int free)
{
	return order ? 2 * cost <= free : cost <= free;
}

int xnif_budget_pick(const struct xnif_budget_in *in,
		     struct xnif_budget_out *out)
{
	const struct xnif_budget_hist *h = &in->hist;
	unsigned int q0, o0, q, o, last = 0, share;
	bool failed = h->failures && h->fail_queues;
	enum xnif_budget_reason why;

	q0 = max(min3(in->want_queues, in->be_max_queues,
		      XNIF_BUDGET_MAX_QUEUES), 1U);
	o0 = min3(in->want_order, in->be_max_order,
		  (unsigned int)XEN_NETIF_MAX_RING_PAGE_ORDER);
	if (failed) {
		/* A failed try beyond this walk's start rules out nothing. */
		if (h->fail_queues > q0 ||
		    (h->fail_queues == q0 && h->fail_order > o0))
			failed = false;
		else
			last = xnif_budget_pos(q0, o0, h->fail_queues,
					       h->fail_order);
	}

	/*
	 * Vifs still to connect (a guest's vifs connect one after the
	 * other at boot) are each left an equal share of what is free, so
	 * that the first ones do not take it all and leave the last Closed.
	 */
	share = in->waiting ? in->free_grants / (in->waiting + 1) : 0;

	for (q = q0; q >= 1; q--) {
		for (o = q == q0 ? o0 : 0; ; o--) {
			u64 cost = (u64)xnif_budget_queue_grants(o, in->layout) * q;
			bool floor = q == 1 && !o;

			if (failed && xnif_budget_pos(q0, o0, q, o) <= last)
				goto next;
			if (h->grant_fail_cost && cost >= h->grant_fail_cost)
				goto next;
			if (!floor && !xnif_budget_fits(cost, o, in->free_grants))
				goto next;
			if (!floor && share && cost > share)
				goto next;

			out->queues = q;
			out->order = o;
			out->grants = cost;
			if (q == q0 && o == o0)
				why = q0 < in->want_queues || o0 < in->want_order ?
				      XNIF_BUDGET_BACKEND : XNIF_BUDGET_WANTED;
			else if (h->failures)
				why = h->last;
			else
				why = XNIF_BUDGET_GRANTS;
			out->reason = why;
			return 0;
next:
			if (!o)
				break;
		}
	}
	out->queues = 0;
	out->order = 0;
	out->grants = 0;
	out->reason = XNIF_BUDGET_EXHAUSTED;
	return -ENOSPC;
}

void xnif_budget_failed(struct xnif_budget_hist *hist,
			const struct xnif_budget_out *out, bool grants)
{
	hist->failures++;
	hist->fail_queues = out->queues;
	hist->fail_order = out->order;
	hist->last = grants ? XNIF_BUDGET_GRANT_FAIL : XNIF_BUDGET_NOMEM;
	if (grants && out->grants &&
	    (!hist->grant_fail_cost || out->grants < hist->grant_fail_cost))
		hist->grant_fail_cost = out->grants;
}

static const char *const xnif_budget_names[XNIF_BUDGET_REASON_MAX] = {
	[XNIF_BUDGET_WANTED] = "wanted",
	[XNIF_BUDGET_BACKEND] = "backend",
	[XNIF_BUDGET_GRANTS] = "grants",
	[XNIF_BUDGET_GRANT_FAIL] = "grant_fail",
	[XNIF_BUDGET_NOMEM] = "nomem",
	[XNIF_BUDGET_EXHAUSTED] = "exhausted",
};

const char *xnif_budget_reason_name(enum xnif_budget_reason reason)
{
	return (unsigned int)reason < XNIF_BUDGET_REASON_MAX ?
	       xnif_budget_names[reason] : "unknown";
}
