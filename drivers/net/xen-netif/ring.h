/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One shared ring, classic or layout v2, one page or many: where its four
 * indices and its slots live, and the publish/consume steps of the event
 * protocol. Both drivers and the userspace ringbench use this code, so the
 * arithmetic that is measured is the arithmetic that runs.
 *
 * A ring carries requests one way and responses the other. Each direction
 * is a producer index and an event index: the producer publishes entries by
 * moving its index, and notifies the peer only if the peer's event index
 * falls inside what was just published. The consumer, before it sleeps,
 * sets the event index to the first entry it has not seen and looks again.
 */
#ifndef _XEN_NETIF_RING_H
#define _XEN_NETIF_RING_H

#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/rwonce.h>

#include "ring_index.h"

enum xnif_ring_layout {
	XNIF_LAYOUT_CLASSIC = 1,	/* == XEN_NETIF_RING_LAYOUT_CLASSIC */
	XNIF_LAYOUT_V2 = 2,		/* == XEN_NETIF_RING_LAYOUT_V2 */
};

/*
 * One direction of a ring: a producer index and the event index for it,
 * both in shared memory, and the producer's own copy of the index it last
 * published. Publishing starts from that copy rather than from the shared
 * index, which saves a load of a line the peer keeps pulling away (and
 * which the peer may have scribbled on).
 */
struct xnif_ring_dir {
	u32 *prod;
	u32 *event;
	u32 published;
};

/*
 * The classic layout keeps request i and response i in one slot (a union),
 * so req_slots == rsp_slots. Layout v2 gives each its own array, so that
 * every cache line of slots is written by one side only.
 */
struct xnif_ring {
	struct xnif_ring_dir req;	/* frontend produces, backend consumes */
	struct xnif_ring_dir rsp;	/* backend produces, frontend consumes */
	u8 *req_slots;
	u8 *rsp_slots;
	u32 size;			/* entries, a power of two */
	u32 req_stride;			/* bytes from one request to the next */
	u32 rsp_stride;
};

/*
 * Describe the ring in the 2^order pages at shared, for requests and
 * responses of the given wire sizes. Returns -EINVAL for a layout, order or
 * size this code cannot place.
 */
int xnif_ring_attach(struct xnif_ring *ring, void *shared, unsigned int order,
		     enum xnif_ring_layout layout, unsigned int req_size,
		     unsigned int rsp_size);

/*
 * Slots a ring of 2^order pages holds: the largest power of two that fits
 * after a header of hdr_size bytes, slot_size bytes a slot. 0 if none.
 */
unsigned int xnif_ring_slots(unsigned int order, unsigned int hdr_size,
			     unsigned int slot_size);

/*
 * Slots a ring of 2^order pages holds in the given layout for entries of
 * req_size and rsp_size bytes: what xnif_ring_attach() will find, for
 * sizing a ring before it exists. 0 if none fits.
 */
unsigned int xnif_ring_capacity(unsigned int order,
				enum xnif_ring_layout layout,
				unsigned int req_size, unsigned int rsp_size);

/* Frontend only, before the backend maps the ring: empty, events armed. */
void xnif_ring_reset(struct xnif_ring *ring);

static inline void *xnif_ring_req(const struct xnif_ring *ring, u32 idx)
{
	return ring->req_slots + xnif_ring_slot(idx, ring->size) * ring->req_stride;
}

static inline void *xnif_ring_rsp(const struct xnif_ring *ring, u32 idx)
{
	return ring->rsp_slots + xnif_ring_slot(idx, ring->size) * ring->rsp_stride;
}

/*
 * Whether publishing (old, new] crossed the peer's event index: the peer
 * asked to hear about entry event and it is now among the new ones.
 */
static inline bool xnif_ring_need_event(u32 event, u32 new, u32 old)
{
	return (u32)(new - event) < (u32)(new - old);
}

/*
 * Producer: make entries up to new visible, then tell whether the peer
 * must be notified. The entries must be written before the index moves,
 * and the index must be visible before the event index is read, or a
 * consumer going to sleep and this producer could miss each other.
 */
static inline bool xnif_ring_publish(struct xnif_ring_dir *dir, u32 new)
{
	u32 old = dir->published;

	dir->published = new;
	virt_wmb(); /* entries before the index that publishes them */
	WRITE_ONCE(*dir->prod, new);
	virt_mb(); /* index before the read of the peer's event index */
	return xnif_ring_need_event(READ_ONCE(*dir->event), new, old);
}

/*
 * Consumer: the peer's producer index, read once; entries before it may
 * be read after this returns. The caller still checks it is possible
 * (xnif_ring_prod_valid) before it uses it as a bound.
 */
static inline u32 xnif_ring_peer_prod(const struct xnif_ring_dir *dir)
{
	u32 prod = READ_ONCE(*dir->prod);

	virt_rmb(); /* index before the entries it covers */
	return prod;
}

/*
 * Consumer going idle: ask to be notified when entry want is published,
 * then read the producer again so that an entry published meanwhile is
 * not left waiting for an event that was already sent.
 */
static inline u32 xnif_ring_arm(const struct xnif_ring_dir *dir, u32 want)
{
	WRITE_ONCE(*dir->event, want);
	virt_mb(); /* event index before the second look at the producer */
	return xnif_ring_peer_prod(dir);
}

/*
 * Event handler: whether the peer published anything since the last
 * event on this ring. That, and not whether entries are left unconsumed,
 * tells an honest event from a spurious one: a poll started by another
 * event may already have taken the entries, and calling that event
 * spurious makes lateeoi hold back the next ones for up to a second.
 * seen belongs to the one handler of this ring's event channel.
 */
static inline bool xnif_ring_news(const struct xnif_ring_dir *dir, u32 *seen)
{
	u32 prod = READ_ONCE(*dir->prod);
	bool news = prod != *seen;

	*seen = prod;
	return news;
}

#endif /* _XEN_NETIF_RING_H */
