/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How big a frontend's data path may be: ring order and queue count
 * within what it wants, what the backend offers and what the guest's
 * grant table has free, stepping down (smaller rings first, then fewer
 * queues) each time a grant or memory allocation fails. Pure: no Xen
 * calls, so KUnit replays whole guests (eight vifs on one grant table)
 * without a hypervisor.
 */
#ifndef _XEN_NETIF_BUDGET_H
#define _XEN_NETIF_BUDGET_H

#include <linux/types.h>

#include "ring.h"

/* Grant entries in one v1 grant frame, the format Linux guests use. */
#define XNIF_GRANTS_PER_FRAME	512U

/*
 * Slots each ring asks for by default: what one page of the classic
 * layout holds, the stock drivers' only ring. The default footprint is
 * then stock's.
 */
#define XNIF_DEFAULT_RING_SLOTS	256U

/* More queues than any guest has vCPUs for; bounds a peer's maximum. */
#define XNIF_BUDGET_MAX_QUEUES	256U

/* Why a device got the order and queue count it got. */
enum xnif_budget_reason {
	XNIF_BUDGET_WANTED,	/* what it asked for */
	XNIF_BUDGET_BACKEND,	/* the backend offers fewer queues or pages */
	XNIF_BUDGET_GRANTS,	/* too few free grant entries for more */
	XNIF_BUDGET_GRANT_FAIL,	/* a grant allocation failed: stepped down */
	XNIF_BUDGET_NOMEM,	/* a memory allocation failed: stepped down */
	XNIF_BUDGET_EXHAUSTED,	/* not even one page and one queue */
	XNIF_BUDGET_REASON_MAX
};

/* What went wrong on earlier tries of the same connect. */
struct xnif_budget_hist {
	unsigned int failures;		/* tries that failed */
	unsigned int fail_queues;	/* the last failed try ... */
	unsigned int fail_order;	/* ... (0 queues: none) */
	unsigned int grant_fail_cost;	/* fewest grants that failed, 0: none */
	enum xnif_budget_reason last;	/* GRANT_FAIL or NOMEM */
};

struct xnif_budget_in {
	unsigned int want_queues;	/* the admin's or the default count */
	unsigned int want_order;
	unsigned int be_max_queues;	/* 1 if multi-queue is not offered */
	unsigned int be_max_order;	/* 0 if multi-page is not offered */
	unsigned int free_grants;	/* what the grant table has left */
	unsigned int waiting;		/* our other vifs yet to connect */
	enum xnif_ring_layout layout;
	struct xnif_budget_hist hist;
};

struct xnif_budget_out {
	unsigned int queues;
	unsigned int order;
	unsigned int grants;		/* what the pick costs, all queues */
	enum xnif_budget_reason reason;
};

/*
 * Grant references one queue holds at a ring order in a layout: one per
 * ring page and one per slot of either ring. 0 for an order no ring has.
 */
unsigned int xnif_budget_queue_grants(unsigned int order,
				      enum xnif_ring_layout layout);

/* Slots of the TX and the RX ring at an order in a layout; 0 if none. */
unsigned int xnif_budget_tx_slots(unsigned int order,
				  enum xnif_ring_layout layout);
unsigned int xnif_budget_rx_slots(unsigned int order,
				  enum xnif_ring_layout layout);

/*
 * The smallest order whose TX and RX rings both hold slots entries, at
 * most max_order: a ring size the admin asked for, as an order.
 */
unsigned int xnif_budget_order_for(unsigned int slots, unsigned int max_order,
				   enum xnif_ring_layout layout);

/*
 * Pick the order and queue count to try. Candidates go, from the most
 * the backend allows towards one page and one queue, first down in
 * order, then down in queues. A candidate is skipped when it is not
 * later than a try that failed, when it costs as many grants as one
 * that failed, or when it does not fit the free grants: one-page rings
 * may take every free entry (stock would), larger rings only half of
 * them, so that the next device still finds room. One page and one
 * queue is tried whatever the estimate says, since only a real
 * allocation can tell. Returns 0, or -ENOSPC with reason EXHAUSTED
 * once that too has failed.
 */
int xnif_budget_pick(const struct xnif_budget_in *in,
		     struct xnif_budget_out *out);

/* Record that trying out failed, for a grant (true) or for memory. */
void xnif_budget_failed(struct xnif_budget_hist *hist,
			const struct xnif_budget_out *out, bool grants);

/* A short name for logs, ethtool and sysfs: "wanted", "grants", ... */
const char *xnif_budget_reason_name(enum xnif_budget_reason reason);

#endif /* _XEN_NETIF_BUDGET_H */
