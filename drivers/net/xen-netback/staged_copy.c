// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the data path's half of staged grants (staged.c serves the
 * control ring): copies to and from the pages a queue keeps mapped, in
 * place of a grant copy or a grant map. Each lookup and its copy share
 * one RCU read section, which is what a DEL waits for before it unmaps.
 */
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include <xen/page.h>

#include "netback.h"
#include "staged.h"
#include "staged_vif.h"

/*
 * The address of bytes off..off+len of the page a queue keeps mapped for
 * gref, or NULL when gref is not staged there (or is read-only and the
 * guest is to be written): the caller grant-copies instead. The caller
 * holds rcu_read_lock() across the lookup and its copy, which is what a
 * DEL waits for before it unmaps.
 */
static void *xenvif_staged_find(struct xenvif_queue *queue, grant_ref_t gref,
				unsigned int off, unsigned int len,
				bool to_guest)
{
	struct xenvif_staged *st = READ_ONCE(queue->vif->staged);
	const struct xenvif_staged_table *tab;
	int s;

	if (!st || off > XEN_PAGE_SIZE || len > XEN_PAGE_SIZE - off)
		return NULL;
	tab = rcu_dereference(st->q[queue->id].table);
	/* A frontend that stages nothing pays one load, and counts nothing. */
	if (!tab->t.used)
		return NULL;
	s = xnif_staged_find(&tab->t, gref);
	if (s < 0 || (to_guest &&
		      (tab->t.slot[s].flags & XEN_NETIF_CTRLF_GREF_readonly))) {
		atomic_long_inc(&queue->stats.staged_fallbacks);
		return NULL;
	}
	return page_address(st->q[queue->id].page[s]) + off;
}

/*
 * Whether any data slot of a guest TX packet names a page the queue keeps
 * mapped. Grant-mapping such a packet (tx_zerocopy) would cost the map,
 * unmap and TLB flush staging is there to save, while its data is in a
 * page we already map: it is copied instead, each slot out of our mapping
 * (or by grant copy if a DEL got there first). A reference added after
 * this look is mapped as any other grant, which is still correct.
 */
bool xenvif_staged_tx_any(struct xenvif_queue *queue,
			  const struct xnif_tx_packet *pkt)
{
	struct xenvif_staged *st = READ_ONCE(queue->vif->staged);
	bool any;

	if (!st)
		return false;
	rcu_read_lock();
	any = xnif_staged_any(&rcu_dereference(st->q[queue->id].table)->t,
			      pkt->slot, pkt->nr_slots);
	rcu_read_unlock();
	return any;
}

/*
 * Copy between local and a staged page, under the read section it needs,
 * and count it in the group of the direction's only writer: guest RX
 * runs in the queue's kernel thread, guest TX in its NAPI poll.
 */
bool xenvif_staged_copy(struct xenvif_queue *queue, grant_ref_t gref,
			unsigned int off, void *local, unsigned int len,
			bool to_guest)
{
	void *mapped;

	rcu_read_lock();
	mapped = xenvif_staged_find(queue, gref, off, len, to_guest);
	if (mapped && to_guest)
		memcpy(mapped, local, len);
	else if (mapped)
		memcpy(local, mapped, len);
	rcu_read_unlock();
	if (!mapped)
		return false;
	if (to_guest)
		xenvif_rx_stat_add(queue, &queue->stats.rx.staged_copies, 1);
	else
		xenvif_tx_stat_add(queue, &queue->stats.tx.staged_copies, 1);
	return true;
}
