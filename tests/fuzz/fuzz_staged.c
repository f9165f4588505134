// SPDX-License-Identifier: GPL-2.0
/*
 * Sequences of ADD/DEL_GREF_MAPPING requests and reaps as a hostile
 * frontend may drive them, checked against a plain list of what should be
 * mapped: no reference twice, never more slots than the bound, a refused
 * ADD changes nothing, and every lookup agrees with the list, as does
 * the question whether a guest TX slot names a staged page.
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

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
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
		if (op % 4 == 0 || op % 4 == 1) {
			memcpy(&before, &table, sizeof(table));
			status = xnif_staged_add(&table, req, n, slots);
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
