/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Staged grants: the table of grant references a frontend asked the
 * backend to keep mapped (XEN_NETIF_CTRL_TYPE_ADD/DEL_GREF_MAPPING), one
 * table per queue. No Xen calls here: the backend maps and unmaps, this
 * says which entries may be added or removed and finds a reference.
 *
 * A table has a bound (max, at most XNIF_STAGED_MAX) on its slots. A slot
 * is free, live (its reference is found by lookup) or retiring: removed
 * by a DEL but still mapped until the backend has waited for every copy
 * that may still use it and unmapped it (xnif_staged_reap()). A retiring
 * slot counts against the bound and its reference cannot be added again,
 * so a frontend cannot grow the mapped set by racing DEL against ADD.
 *
 * The lookup is an open-addressing hash with linear probing on a power of
 * two at least twice the bound, so a probe ends at an empty bucket after
 * a few steps whatever the frontend's references are.
 *
 * Nothing here locks: the backend changes a private copy and publishes it
 * whole, so a table the data path reads is never changed under it.
 */
#ifndef _XEN_NETIF_STAGED_H
#define _XEN_NETIF_STAGED_H

#include <linux/types.h>

#include <xen/interface/grant_table.h>
#include <xen/interface/io/netif.h>

/* Entries of struct xen_netif_gref in the one page a request names. */
#define XNIF_STAGED_PAGE_ENTRIES	(4096 / sizeof(struct xen_netif_gref))
/* Most slots a table has, whatever the module parameter says. */
#define XNIF_STAGED_MAX			512
/* Buckets of the lookup: twice the slots, a power of two. */
#define XNIF_STAGED_BUCKETS		(2 * XNIF_STAGED_MAX)

/* Entry flags the backend understands. */
#define XNIF_STAGED_FLAGS		XEN_NETIF_CTRLF_GREF_readonly

enum xnif_staged_state {
	XNIF_STAGED_FREE = 0,
	XNIF_STAGED_LIVE,
	XNIF_STAGED_RETIRING,
};

struct xnif_staged_slot {
	grant_ref_t ref;
	u16 flags;			/* XEN_NETIF_CTRLF_GREF_* */
	u8 state;			/* enum xnif_staged_state */
};

struct xnif_staged {
	unsigned int max;		/* slots allowed, <= XNIF_STAGED_MAX */
	unsigned int used;		/* live and retiring slots */
	/* Bucket: 0 when empty, else the slot number plus one. */
	u16 bucket[XNIF_STAGED_BUCKETS];
	struct xnif_staged_slot slot[XNIF_STAGED_MAX];
};

/* An empty table of at most max slots (clamped to XNIF_STAGED_MAX). */
void xnif_staged_init(struct xnif_staged *t, unsigned int max);

/*
 * The entry count of an ADD or DEL request: at least one, and no more
 * than fit in the one granted page the request names. Anything else is
 * XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER.
 */
u32 xnif_staged_check_count(u32 n);

/*
 * ADD: add every entry of e (a local copy of the frontend's table) or
 * none. Each entry's status says why it was refused: unknown flags or a
 * reference already in the table or earlier in e are INVALID_PARAMETER.
 * More entries than free slots is BUFFER_OVERFLOW for the request, with
 * no entry added. On success the slots taken are in slot_out[i] for e[i].
 * On failure t is unchanged.
 */
u32 xnif_staged_add(struct xnif_staged *t, struct xen_netif_gref *e,
		    unsigned int n, u16 *slot_out);

/*
 * DEL: retire every live entry of e; a reference that is not live (never
 * added, already retiring, or a repeat within e) gets INVALID_PARAMETER
 * in its status and changes nothing. Returns how many were retired; their
 * slots are in slot_out[0..ret-1]. The request itself succeeds.
 */
unsigned int xnif_staged_del(struct xnif_staged *t, struct xen_netif_gref *e,
			     unsigned int n, u16 *slot_out);

/* Free a retiring slot once the backend has unmapped it. */
void xnif_staged_reap(struct xnif_staged *t, unsigned int slot);

/* The slot of a live reference, or -1. */
int xnif_staged_find(const struct xnif_staged *t, grant_ref_t ref);

/*
 * Whether an ADD or DEL was one only a broken or hostile frontend sends,
 * for which the backend disables the vif (a violation), or an error a
 * correct frontend can run into, which only its status answers (HONEST).
 *
 * Violations, each of which a correct frontend avoids from what it knows:
 * a list longer than the one granted page holds (the count points past
 * the page; a list starts at the page's start, so no offset can); an ADD
 * of more entries than GET_GREF_MAPPING_SIZE announced, counting those
 * already added (a DEL frees its slots before it is answered); an ADD of
 * a reference already mapped, or twice in one list; a DEL of a reference
 * not mapped, or twice in one list.
 *
 * Honest: a count of 0 (names nothing, harms nothing), unknown entry
 * flags (a newer frontend's), and whatever the backend itself runs short
 * of (memory, grant maps), which the backend answers without asking
 * this. A DEL of a reference that a request on a data ring still names is
 * honest too: the backend stops finding the mapping before it unmaps it,
 * so the request's data is then copied with the grant (netif.h, DEL), and
 * a frontend that stops staging may DEL with buffers still posted.
 */
/* Keep the order: xnif_staged_verdict_name() names them by position. */
enum xnif_staged_verdict {
	XNIF_STAGED_HONEST = 0,
	XNIF_STAGED_BAD_COUNT,		/* list longer than its one page */
	XNIF_STAGED_OVER_BOUND,		/* ADD past the announced size */
	XNIF_STAGED_DUP,		/* ADD of a reference already mapped */
	XNIF_STAGED_DEL_UNMAPPED,	/* DEL of a reference not mapped */
	XNIF_STAGED_VERDICT_MAX
};

/* "staged_dup" and so on: the disable reason and its counter's name. */
const char *xnif_staged_verdict_name(enum xnif_staged_verdict v);

/*
 * Judge a request of type ADD or DEL with n entries. Call it with the
 * count alone (e NULL) before the list is read: only BAD_COUNT or HONEST.
 * Call it again with the list once xnif_staged_add() or xnif_staged_del()
 * has set every entry's status, and status the ADD's answer (unused for
 * DEL): the verdict comes from those statuses, before anything else of
 * the backend's (a grant map that failed) has written them.
 */
enum xnif_staged_verdict
xnif_staged_judge(u16 type, u32 n, u32 status,
		  const struct xen_netif_gref *e);

/*
 * Whether any of the n requests (a local copy of a guest TX packet's data
 * slots) names a live reference: such a packet is copied out of the
 * pages the backend maps, never grant-mapped again.
 */
bool xnif_staged_any(const struct xnif_staged *t,
		     const struct xen_netif_tx_request *req, unsigned int n);

#endif /* _XEN_NETIF_STAGED_H */
