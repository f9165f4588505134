// SPDX-License-Identifier: GPL-2.0
/*
 * Sequences of ADD/DEL_GREF_MAPPING requests and reaps as a hostile
 * frontend may drive them, checked against a plain list of what should be
 * mapped: no reference twice, never more slots than the bound, a refused
 * ADD changes nothing, and every lookup agrees with the list. Each request
 * is also judged (xnif_staged_judge()) and the verdict checked against
 * what the request did to the table: the backend disables a vif on it.
 * Whether a guest TX slot names a staged page agrees with the list too.
 */
#include <stdlib.h>
#include <string.h>

#include "staged.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static struct xnif_staged table, before;
static struct xen_netif_gref req[XNIF_STAGED_PAGE_ENTRIES];
static u16 slots[XNIF_STAGED_PAGE_ENTRIES];

static void check(const struct xnif_staged *t)
{
	struct xen_netif_tx_request req = { 0 };
	unsigned int s, u, used = 0;
	int found;

	if (t->used > t->max || t->max > XNIF_STAGED_MAX)
		abort();
	for (s = 0; s < XNIF_STAGED_MAX; s++) {
		if (t->slot[s].state == XNIF_STAGED_FREE)
			continue;
		if (s >= t->max && t->used > t->max)
			abort();
		used++;
		for (u = s + 1; u < XNIF_STAGED_MAX; u++)
			if (t->slot[u].state != XNIF_STAGED_FREE &&
			    t->slot[u].ref == t->slot[s].ref)
				abort();
		found = xnif_staged_find(t, t->slot[s].ref);
		if (t->slot[s].state == XNIF_STAGED_LIVE ? found != (int)s :
							   found != -1)
			abort();
		/* A TX slot naming it: copied exactly while it is live. */
		req.gref = t->slot[s].ref;
		if (xnif_staged_any(t, &req, 1) == found < 0)
			abort();
	}
	if (used != t->used)
		abort();
}

/* Whether the table holds ref, live or retiring (still mapped). */
static bool holds(const struct xnif_staged *t, grant_ref_t ref)
{
	unsigned int s;

	for (s = 0; s < XNIF_STAGED_MAX; s++)
		if (t->slot[s].state != XNIF_STAGED_FREE &&
		    t->slot[s].ref == ref)
			return true;
	return false;
}

/* Entries of req[0..n) whose reference the table holds, and repeats. */
static void census(const struct xnif_staged *t, unsigned int n,
		   unsigned int *had, unsigned int *repeats)
{
	unsigned int i, j;

	*had = 0;
	*repeats = 0;
	for (i = 0; i < n; i++) {
		if (holds(t, req[i].ref))
			(*had)++;
		for (j = 0; j < i; j++)
			if (req[j].ref == req[i].ref) {
				(*repeats)++;
				break;
			}
	}
}

/*
 * The verdict of a served ADD or DEL agrees with the request: past the
 * page is BAD_COUNT whatever it named; an ADD that fit and named only new
 * references once is HONEST, and one that added nothing for a repeat or
 * a reference the table had (with known flags) is DUP; a DEL is HONEST
 * exactly when it retired every entry.
 */
static void judge(u16 type, unsigned int n, u32 status, unsigned int done,
		  unsigned int had, unsigned int repeats, bool bad_flags,
		  unsigned int room)
{
	enum xnif_staged_verdict v = xnif_staged_judge(type, n, status,
						       n <= XNIF_STAGED_PAGE_ENTRIES ?
						       req : NULL);

	if (v >= XNIF_STAGED_VERDICT_MAX)
		abort();
	if (n > XNIF_STAGED_PAGE_ENTRIES) {
		if (v != XNIF_STAGED_BAD_COUNT)
			abort();
		return;
	}
	if (!n) {
		if (v != XNIF_STAGED_HONEST)
			abort();
		return;
	}
	if (type == XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING) {
		bool honest = v == XNIF_STAGED_HONEST, all = done == n;

		if (honest != all ||
		    (!honest && v != XNIF_STAGED_DEL_UNMAPPED))
			abort();
		return;
	}
	if (n > room) {
		if (v != XNIF_STAGED_OVER_BOUND)
			abort();
		return;
	}
	if (!had && !repeats && v != XNIF_STAGED_HONEST)
		abort();
	if ((had || repeats) && !bad_flags && v != XNIF_STAGED_DUP)
		abort();
	if (v == XNIF_STAGED_HONEST && status == XEN_NETIF_CTRL_STATUS_SUCCESS &&
	    (had || repeats))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	unsigned int had, repeats, room;
	bool bad_flags;
	unsigned int n, i, done;
	u32 status;
	int s;

	if (size < 2)
		return 0;
	/* A bound from 0 to past XNIF_STAGED_MAX, to check the clamp. */
	xnif_staged_init(&table, (data[0] | data[1] << 8) % 600);
	data += 2;
	size -= 2;
	while (size >= 2) {
		u8 op = data[0];

		/* Counts of 0 and past a page are legal inputs too. */
		n = data[1] * 3;
		data += 2;
		size -= 2;
		if (op % 4 == 3) {
			/* Reap: the backend finished unmapping a slot. */
			xnif_staged_reap(&table, n);
			check(&table);
			continue;
		}
		memset(req, 0, sizeof(req));
		for (i = 0; i < n && i < XNIF_STAGED_PAGE_ENTRIES && size >= 2;
		     i++) {
			/* Few distinct references, so collisions are common. */
			req[i].ref = (u32)(data[0] & 0x7f) << (data[1] & 0x1f);
			req[i].flags = data[1] & 0x80 ? 1U << (data[1] & 15) : 0;
			data += 2;
			size -= 2;
		}
		census(&table, n < XNIF_STAGED_PAGE_ENTRIES ? n :
			       XNIF_STAGED_PAGE_ENTRIES, &had, &repeats);
		bad_flags = false;
		for (i = 0; i < n && i < XNIF_STAGED_PAGE_ENTRIES; i++)
			if (req[i].flags & ~XNIF_STAGED_FLAGS)
				bad_flags = true;
		room = table.max - table.used;
		if (op % 4 == 0 || op % 4 == 1) {
			memcpy(&before, &table, sizeof(table));
			status = xnif_staged_add(&table, req, n, slots);
			judge(XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING, n, status,
			      0, had, repeats, bad_flags, room);
			if (status != XEN_NETIF_CTRL_STATUS_SUCCESS &&
			    memcmp(&before, &table, sizeof(table)))
				abort();
			for (i = 0; status == XEN_NETIF_CTRL_STATUS_SUCCESS &&
			     i < n; i++)
				if (xnif_staged_find(&table, req[i].ref) !=
				    slots[i])
					abort();
		} else {
			done = xnif_staged_del(&table, req, n, slots);
			if (done > n)
				abort();
			judge(XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING, n, 0, done,
			      had, repeats, bad_flags, room);
			for (i = 0; i < done; i++)
				if (table.slot[slots[i]].state !=
				    XNIF_STAGED_RETIRING)
					abort();
			for (i = 0; i < n && i < XNIF_STAGED_PAGE_ENTRIES; i++) {
				s = xnif_staged_find(&table, req[i].ref);
				if (done && s >= 0)
					abort();
			}
		}
		check(&table);
	}
	return 0;
}
