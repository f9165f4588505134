// SPDX-License-Identifier: GPL-2.0
/*
 * The staged-grant table, see staged.h. Every count from the frontend is
 * bounded before it is used as a loop limit, and a request either changes
 * the table as a whole or not at all (ADD), so a failed request leaves
 * nothing half-mapped behind.
 */
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "staged.h"

#define XNIF_STAGED_HASH_BITS	10

static_assert(XNIF_STAGED_BUCKETS == 1U << XNIF_STAGED_HASH_BITS);
static_assert(XNIF_STAGED_MAX < 0xffff);
static_assert(XNIF_STAGED_PAGE_ENTRIES <= XNIF_STAGED_MAX);

/* Multiplicative hash: a guest's sequential references spread out. */
static unsigned int xnif_staged_hash(grant_ref_t ref)
{
	return (u32)(ref * 0x9e3779b1U) >> (32 - XNIF_STAGED_HASH_BITS);
}

static unsigned int xnif_staged_next(unsigned int b)
{
	return (b + 1) & (XNIF_STAGED_BUCKETS - 1);
}

/* The bucket holding ref (live or retiring), or -1. */
static int xnif_staged_bucket(const struct xnif_staged *t, grant_ref_t ref)
{
	unsigned int b = xnif_staged_hash(ref), i;

	/* At most half the buckets are used: an empty one ends the walk. */
	for (i = 0; i < XNIF_STAGED_BUCKETS; i++, b = xnif_staged_next(b)) {
		unsigned int v = t->bucket[b];

		if (!v)
			return -1;
		if (t->slot[v - 1].ref == ref)
			return b;
	}
	return -1;
}

int xnif_staged_find(const struct xnif_staged *t, grant_ref_t ref)
{
	int b = xnif_staged_bucket(t, ref);
	unsigned int s;

	if (b < 0)
		return -1;
	s = t->bucket[b] - 1;
	return t->slot[s].state == XNIF_STAGED_LIVE ? (int)s : -1;
}

bool xnif_staged_any(const struct xnif_staged *t,
		     const struct xen_netif_tx_request *req, unsigned int n)
{
	unsigned int i;

	/* A frontend that stages nothing costs no lookup. */
	if (!t->used)
		return false;
	for (i = 0; i < n; i++)
		if (xnif_staged_find(t, req[i].gref) >= 0)
			return true;
	return false;
}

void xnif_staged_init(struct xnif_staged *t, unsigned int max)
{
	memset(t, 0, sizeof(*t));
	t->max = max < XNIF_STAGED_MAX ? max : XNIF_STAGED_MAX;
}

u32 xnif_staged_check_count(u32 n)
{
	if (!n || n > XNIF_STAGED_PAGE_ENTRIES)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

/* Put a new reference into a free slot and its bucket; the caller checked room. */
static unsigned int xnif_staged_insert(struct xnif_staged *t,
				       const struct xen_netif_gref *e)
{
	unsigned int s, b;

	for (s = 0; t->slot[s].state != XNIF_STAGED_FREE; s++)
		;
	t->slot[s].ref = e->ref;
	t->slot[s].flags = e->flags;
	t->slot[s].state = XNIF_STAGED_LIVE;
	for (b = xnif_staged_hash(e->ref); t->bucket[b]; b = xnif_staged_next(b))
		;
	t->bucket[b] = s + 1;
	t->used++;
	return s;
}

/*
 * Empty bucket b and move later entries of its probe run back, so that
 * every entry stays reachable from its home bucket (no tombstones, so
 * lookups never slow down as entries come and go).
 */
static void xnif_staged_unlink(struct xnif_staged *t, unsigned int b)
{
	unsigned int gap = b, j = b, home;

	for (;;) {
		j = xnif_staged_next(j);
		if (!t->bucket[j])
			break;
		home = xnif_staged_hash(t->slot[t->bucket[j] - 1].ref);
		/* Moveable when home is not cyclically within (gap, j]. */
		if ((j > gap && (home <= gap || home > j)) ||
		    (j < gap && home <= gap && home > j)) {
			t->bucket[gap] = t->bucket[j];
			gap = j;
		}
	}
	t->bucket[gap] = 0;
}

/* Remove slot s and its bucket entirely. */
static void xnif_staged_drop(struct xnif_staged *t, unsigned int s)
{
	int b = xnif_staged_bucket(t, t->slot[s].ref);

	if (b >= 0)
		xnif_staged_unlink(t, b);
	memset(&t->slot[s], 0, sizeof(t->slot[s]));
	t->used--;
}

u32 xnif_staged_add(struct xnif_staged *t, struct xen_netif_gref *e,
		    unsigned int n, u16 *slot_out)
{
	u32 status = xnif_staged_check_count(n);
	unsigned int i, added = 0;

	if (status)
		return status;
	if (n > t->max - t->used) {
		for (i = 0; i < n; i++)
			e[i].status = XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
		return XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
	}
	for (i = 0; i < n; i++) {
		if ((e[i].flags & ~XNIF_STAGED_FLAGS) ||
		    xnif_staged_bucket(t, e[i].ref) >= 0) {
			/* Refused: also a repeat of an earlier entry of e. */
			e[i].status = XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
			status = XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
			continue;
		}
		e[i].status = XEN_NETIF_CTRL_STATUS_SUCCESS;
		slot_out[i] = xnif_staged_insert(t, &e[i]);
		added++;
	}
	if (status) {
		/* All or nothing: take back what this request added. */
		for (i = 0; i < n && added; i++) {
			if (e[i].status != XEN_NETIF_CTRL_STATUS_SUCCESS)
				continue;
			xnif_staged_drop(t, slot_out[i]);
			added--;
		}
	}
	return status;
}

unsigned int xnif_staged_del(struct xnif_staged *t, struct xen_netif_gref *e,
			     unsigned int n, u16 *slot_out)
{
	unsigned int i, done = 0;
	int s;

	if (xnif_staged_check_count(n))
		return 0;
	for (i = 0; i < n; i++) {
		s = xnif_staged_find(t, e[i].ref);
		if (s < 0) {
			e[i].status = XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
			continue;
		}
		/* Still found by a bucket, so a re-ADD is refused until reaped. */
		t->slot[s].state = XNIF_STAGED_RETIRING;
		e[i].status = XEN_NETIF_CTRL_STATUS_SUCCESS;
		slot_out[done++] = s;
	}
	return done;
}

void xnif_staged_reap(struct xnif_staged *t, unsigned int slot)
{
	if (slot < XNIF_STAGED_MAX &&
	    t->slot[slot].state == XNIF_STAGED_RETIRING)
		xnif_staged_drop(t, slot);
}

const char *xnif_staged_verdict_name(enum xnif_staged_verdict v)
{
	/* In the enum's order, which staged.h keeps. */
	static const char *const names[] = {
		"staged_honest", "staged_bad_count", "staged_over_bound",
		"staged_dup", "staged_del_unmapped",
	};

	static_assert(ARRAY_SIZE(names) == XNIF_STAGED_VERDICT_MAX);
	return (unsigned int)v < ARRAY_SIZE(names) ? names[v] :
						     "staged_unknown";
}

enum xnif_staged_verdict
xnif_staged_judge(u16 type, u32 n, u32 status,
		  const struct xen_netif_gref *e)
{
	unsigned int i;

	if (n > XNIF_STAGED_PAGE_ENTRIES)
		return XNIF_STAGED_BAD_COUNT;
	/* A count of 0 is refused by its status; there is no list to judge. */
	if (!n || !e)
		return XNIF_STAGED_HONEST;
	if (type == XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING &&
	    status == XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW)
		return XNIF_STAGED_OVER_BOUND;
	for (i = 0; i < n; i++) {
		if (e[i].status == XEN_NETIF_CTRL_STATUS_SUCCESS)
			continue;
		if (type == XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING)
			return XNIF_STAGED_DEL_UNMAPPED;
		/* ADD refuses known flags only for a reference it has. */
		if (type == XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING &&
		    !(e[i].flags & ~XNIF_STAGED_FLAGS))
			return XNIF_STAGED_DUP;
	}
	return XNIF_STAGED_HONEST;
}
