// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: the staged pool (staged_grants=1). Once the backend
 * serves our rings and says how many pages it maps for us
 * (GET_GREF_MAPPING_SIZE), each queue grants a pool of pages for the
 * connection's life and names them to the backend in a table page
 * (ADD_GREF_MAPPING, one per queue), so that the backend maps them once
 * instead of per packet.
 *
 * All or nothing per device: the pool is used only if every queue's ADD
 * succeeded for every entry; otherwise what was added is removed again
 * (DEL_GREF_MAPPING), every pool is freed and the device keeps classic
 * grants, with one line and staged_fallback counted. Pages are always
 * freed through the grant code, which waits for the backend to unmap
 * them: a backend that never honoured a DEL, or never got one because
 * it was already gone, cannot make us free a page it maps.
 *
 * The pool is split between the rings (xnif_staged_split()): RX posts
 * its first pages, one per RX slot of the same index (rx.c), and TX
 * copies packets into the rest (tx.c), whose bookkeeping is set up and
 * used under the netdev TX queue lock.
 *
 * Everything here runs under rtnl (link-up, reconnect, disconnect).
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xenbus.h>

#include "ctrl_rsp.h"
#include "fe_staged.h"
#include "netfront.h"

static const char *const xennet_staged_names[] = {
	[XENNET_STAGED_OFF] = "off",
	[XENNET_STAGED_ON] = "on",
	[XENNET_STAGED_REFUSED] = "refused",
};

static_assert(ARRAY_SIZE(xennet_staged_names) == XENNET_STAGED_MAX);

const char *xennet_staged_name(enum xennet_staged_state s)
{
	return (unsigned int)s < XENNET_STAGED_MAX ? xennet_staged_names[s] :
						     "unknown";
}

/* One page granted read-write to the backend, or an errno. */
static int xennet_staged_grant(struct xennet_queue *q, struct page **page,
			       grant_ref_t *ref)
{
	int err;

	*page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!*page)
		return -ENOMEM;
	err = gnttab_grant_foreign_access(q->info->xbdev->otherend_id,
					  xen_page_to_gfn(*page), 0);
	if (err < 0) {
		__free_page(*page);
		*page = NULL;
		return err;
	}
	*ref = err;
	q->staged.grants++;
	return 0;
}

/* Idempotent: undoes whatever xennet_staged_alloc() got done. */
void xennet_staged_free(struct xennet_queue *q)
{
	struct xennet_staged *s = &q->staged;
	unsigned int i;

	for (i = 0; i < s->n; i++)
		gnttab_end_foreign_access(s->refs[i], s->pages[i]);
	if (s->table)
		gnttab_end_foreign_access(s->table_ref, s->table);
	atomic_sub(s->grants, &xennet_grants_held);
	kvfree(s->pages);
	kvfree(s->refs);
	kvfree(s->tx_free);
	kvfree(s->tx_by_id);
	*s = (struct xennet_staged){};
	/* TX is off here: the queue's packets were stopped before. */
	q->tx_staged = false;
}

static int xennet_staged_alloc(struct xennet_queue *q, unsigned int n)
{
	struct xennet_staged *s = &q->staged;
	int err;

	s->pages = kvcalloc(n, sizeof(*s->pages), GFP_KERNEL);
	s->refs = kvcalloc(n, sizeof(*s->refs), GFP_KERNEL);
	/* For the TX share, which is at most the pool, ahead of the split. */
	s->tx_free = kvcalloc(n, sizeof(*s->tx_free), GFP_KERNEL);
	s->tx_by_id = kvcalloc(q->tx.size, sizeof(*s->tx_by_id), GFP_KERNEL);
	if (!s->pages || !s->refs || !s->tx_free || !s->tx_by_id)
		return -ENOMEM;
	err = xennet_staged_grant(q, &s->table, &s->table_ref);
	while (!err && s->n < n) {
		err = xennet_staged_grant(q, &s->pages[s->n], &s->refs[s->n]);
		if (!err)
			s->n++;
	}
	/* Counted as they were taken, so that the free gives back as much. */
	atomic_add(s->grants, &xennet_grants_held);
	return err;
}

/*
 * Send the queue's table with ADD or DEL. For ADD, the backend writes a
 * status into each entry: each is read once, and every one must be
 * SUCCESS. Returns 0, the backend's refusal as an errno (-EINVAL for
 * entries refused), or -EPROTO once it broke the protocol.
 */
static int xennet_staged_send(struct xennet_queue *q, u16 type)
{
	struct xennet_staged *s = &q->staged;
	struct xen_netif_gref *tbl = page_address(s->table);
	unsigned int i, unknown;
	u32 data;
	u16 *status;
	int err;

	for (i = 0; i < s->n; i++)
		tbl[i] = (struct xen_netif_gref){ .ref = s->refs[i] };
	/* netif.h's layout: the queue, its list's grant, the entries. */
	err = xennet_ctrl_call(q->info, type, q->id, s->table_ref, s->n,
			       &data);
	if (type != XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING)
		return err;
	/*
	 * netif.h's ADD maps every entry or none: only a SUCCESS left pages
	 * mapped, to be DELed when falling back. A DEL of pages never mapped
	 * is a protocol violation our netback disables the vif for.
	 */
	s->added = !err;
	if (err)
		return err;
	status = kvcalloc(s->n, sizeof(*status), GFP_KERNEL);
	if (!status)
		return -ENOMEM;
	for (i = 0; i < s->n; i++)
		status[i] = READ_ONCE(tbl[i].status);
	err = xnif_ctrl_gref_accepted(status, s->n, &unknown) == s->n ?
		0 : -EINVAL;
	kvfree(status);
	/* An entry with no status the protocol knows is a lie, as in ctrl.c. */
	if (unknown) {
		xennet_ctrl_fail(q->info, XNIF_CTRL_RSP_BAD_STATUS);
		return -EPROTO;
	}
	return err;
}

/* DEL every queue's table the backend accepted; best effort. */
static void xennet_staged_del_all(struct xennet_info *np)
{
	unsigned int i;

	for (i = 0; i < np->num_queues; i++) {
		struct xennet_staged *s = &np->queues[i].staged;

		if (s->added &&
		    !xennet_staged_send(&np->queues[i],
					XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING))
			s->added = false;
	}
}

static void xennet_staged_free_all(struct xennet_info *np)
{
	unsigned int i;

	for (i = 0; i < np->num_queues; i++)
		xennet_staged_free(&np->queues[i]);
}

/*
 * Hand a queue's pool to its rings: RX's first pages by a store-release
 * (NAPI's acquire sees the pool built), TX's share set up under the TX
 * queue lock its data path holds.
 */
static void xennet_staged_start(struct xennet_queue *q, unsigned int per)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->info->netdev, q->id);
	struct xennet_staged *s = &q->staged;
	unsigned int rx, tx;

	xnif_staged_split(per, q->rx.size, q->tx.size, &rx, &tx);
	__netif_tx_lock_bh(txq);
	s->tx_base = rx;
	xnif_staged_tx_init(&s->tx, s->tx_free, s->tx_by_id, tx, q->tx.size);
	q->tx_staged = tx > 0;
	__netif_tx_unlock_bh(txq);
	/* Pairs with rx.c's acquire: NAPI sees the pool built. */
	smp_store_release(&q->rx_staged, rx);
}

/*
 * Build and add every queue's pool, from the backend's checked mapping
 * size. Anything short of all of it falls back to classic grants.
 */
void xennet_stage(struct xennet_info *np, u32 be_size)
{
	struct xnif_staged_in in = {
		.be_size = be_size,
		.queues = np->num_queues,
		.free_grants = xennet_free_grants(),
		.want = np->queues[0].rx.size + np->queues[0].tx.size,
	};
	unsigned int per = xnif_staged_per_queue(&in), i;
	int err = -ENOSPC;

	ASSERT_RTNL();
	for (i = 0; per && i < np->num_queues; i++) {
		struct xennet_queue *q = &np->queues[i];

		err = xennet_staged_alloc(q, per);
		if (!err)
			err = xennet_staged_send(q,
						 XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING);
		if (err)
			break;
	}
	if (!err) {
		WRITE_ONCE(np->staged_pages, per);
		WRITE_ONCE(np->staged_state, XENNET_STAGED_ON);
		for (i = 0; i < np->num_queues; i++)
			xennet_staged_start(&np->queues[i], per);
		netdev_info(np->netdev, "staged grants: %u pages per queue\n",
			    per);
		return;
	}
	xennet_staged_del_all(np);
	xennet_staged_free_all(np);
	WRITE_ONCE(np->staged_state, XENNET_STAGED_REFUSED);
	atomic_long_inc(&np->staged_fallback);
	netdev_info(np->netdev,
		    "staged grants not set up (%d; backend maps %u, %u per queue fit): classic grants\n",
		    err, be_size, per);
}

/*
 * Before a reconnect we asked for, while the backend still serves the
 * control ring: take the mappings back. The pages themselves go with the
 * queues (xennet_queue_free()).
 */
void xennet_unstage(struct xennet_info *np)
{
	unsigned int i;

	ASSERT_RTNL();
	if (np->staged_state != XENNET_STAGED_ON)
		return;
	/*
	 * No new posts or packets from the pool. Buffers posted from it
	 * already are still copied out on receive: the pages stay until the
	 * queues go, and a backend that dropped its mapping still has them
	 * granted (and so grant-copies what is still to send from them).
	 */
	for (i = 0; i < np->num_queues; i++) {
		struct xennet_queue *q = &np->queues[i];
		struct netdev_queue *txq;

		WRITE_ONCE(q->rx_staged, 0);
		/* Packets sent from the share still give pages back. */
		txq = netdev_get_tx_queue(np->netdev, q->id);
		__netif_tx_lock_bh(txq);
		q->tx_staged = false;
		__netif_tx_unlock_bh(txq);
	}
	xennet_staged_del_all(np);
	WRITE_ONCE(np->staged_state, XENNET_STAGED_OFF);
}
