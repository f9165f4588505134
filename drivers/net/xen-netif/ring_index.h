/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring index arithmetic for indices read from shared memory. Indices are
 * free-running 32-bit counters; a ring of size slots (a power of two)
 * holds slot i at i & (size - 1). A peer can write any value, so the
 * distance between what it produced and what we consumed is checked
 * before it is used as a loop bound.
 */
#ifndef _XEN_NETIF_RING_INDEX_H
#define _XEN_NETIF_RING_INDEX_H

#include <linux/types.h>

/* Entries between a consumer and a producer, across wraparound. */
static inline u32 xnif_ring_distance(u32 prod, u32 cons)
{
	return prod - cons;
}

/*
 * Whether a producer index read from the peer is possible: it may not be
 * behind what we consumed, nor ahead of it by more than the ring holds.
 * With free-running counters "behind" shows as a distance above size.
 */
static inline bool xnif_ring_prod_valid(u32 prod, u32 cons, u32 size)
{
	return xnif_ring_distance(prod, cons) <= size;
}

/* Slot of an index in a ring of size entries. */
static inline u32 xnif_ring_slot(u32 idx, u32 size)
{
	return idx & (size - 1);
}

#endif /* _XEN_NETIF_RING_INDEX_H */
