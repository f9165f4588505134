// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: staged grants, the gref mapping requests of the control
 * ring (XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE, ADD_GREF_MAPPING and
 * DEL_GREF_MAPPING). Experimental and off unless staged_enable is set:
 * then a frontend can have the backend keep up to staged_max_grefs of its
 * pages mapped per vif, shared evenly by the queues, so that packets can
 * move by memcpy instead of a grant copy each.
 *
 * Each queue has a table (xen-netif/staged.c) published as one RCU
 * pointer. The control work builds a new table from the current one
 * under vif->ctrl_lock and publishes it; the data path looks a reference
 * up under rcu_read_lock() and copies within that read section. So a DEL
 * first publishes a table where the references are retiring (no longer
 * found), waits for a grace period (every copy that found them is over),
 * and only then unmaps their pages and frees the slots. The data path's
 * half is staged_copy.c.
 *
 * A request's list of struct xen_netif_gref is copied out of the granted
 * page once and never read again; the per-entry statuses are written back
 * into that page, as Xen's netif.h asks for DEL (and we do for ADD too, so
 * a frontend can tell which entry was refused).
 *
 * A request only a broken or hostile frontend sends (xnif_staged_judge():
 * a list past its page, an ADD past the announced size or of a reference
 * already mapped, a DEL of one not mapped) is answered like any refusal
 * and then disables the vif, as a bad data ring does; errors a correct
 * frontend can meet, ours included (no memory, a failed map), are only
 * answered.
 */
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include <xen/grant_table.h>
#include <xen/page.h>

#include "netback.h"
#include "staged.h"
#include "staged_vif.h"

bool xenvif_staged_type(u16 type)
{
	return type == XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE ||
	       type == XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING ||
	       type == XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING;
}

int xenvif_staged_alloc(struct xenvif *vif)
{
	unsigned int nq = vif->num_queues, max, i;
	struct xenvif_staged *st;

	if (!READ_ONCE(xenvif_staged_enable))
		return 0;
	max = READ_ONCE(xenvif_staged_max_grefs) / nq;
	st = kvzalloc(struct_size(st, q, nq), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->num = nq;
	st->max = min_t(unsigned int, max, XNIF_STAGED_MAX);
	for (i = 0; i < nq; i++) {
		struct xenvif_staged_table *tab = kmalloc(sizeof(*tab),
							  GFP_KERNEL);

		if (!tab)
			goto free;
		xnif_staged_init(&tab->t, st->max);
		RCU_INIT_POINTER(st->q[i].table, tab);
	}
	vif->staged = st;
	return 0;

free:
	while (i--)
		kfree(rcu_dereference_raw(st->q[i].table));
	kvfree(st);
	return -ENOMEM;
}

/* Unmap n slots of a queue and give their pages back; ctrl_lock or teardown. */
static void xenvif_staged_unmap(struct xenvif *vif,
				struct xenvif_staged_queue *sq,
				const u16 *slot, unsigned int n)
{
	struct xenvif_staged *st = vif->staged;
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		struct page *page = sq->page[slot[i]];

		gnttab_set_unmap_op(&st->unmap[i],
				    (unsigned long)page_address(page),
				    GNTMAP_host_map, sq->handle[slot[i]]);
		st->pages[i] = page;
	}
	if (gnttab_unmap_refs(st->unmap, NULL, st->pages, n)) {
		/* A page still mapped must not go back to the allocator. */
		netdev_err(vif->dev, "staged grants: unmapping %u guest pages failed, leaking them\n",
			   n);
		return;
	}
	for (i = 0; i < n; i++) {
		gnttab_free_pages(1, &sq->page[slot[i]]);
		sq->page[slot[i]] = NULL;
	}
}

void xenvif_staged_free(struct xenvif *vif)
{
	struct xenvif_staged *st = vif->staged;
	unsigned int i, s, n;

	if (!st)
		return;
	for (i = 0; i < st->num; i++) {
		struct xenvif_staged_table *tab;

		/* The data path has stopped: nothing reads the table. */
		tab = rcu_dereference_protected(st->q[i].table, true);
		for (n = 0, s = 0; s < XNIF_STAGED_MAX; s++)
			if (tab->t.slot[s].state != XNIF_STAGED_FREE)
				st->slot[n++] = s;
		xenvif_staged_unmap(vif, &st->q[i], st->slot, n);
		kfree(tab);
	}
	vif->staged = NULL;
	kvfree(st);
}

#define ADD_GREF	XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING
#define DEL_GREF	XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING

/*
 * A request only a broken or hostile frontend sends: count it and disable
 * the vif. Its answer still goes out; the work serves nothing after it.
 */
static void xenvif_staged_violation(struct xenvif *vif,
				    enum xnif_staged_verdict v)
{
	if (v == XNIF_STAGED_HONEST || v >= XNIF_STAGED_VERDICT_MAX)
		return;
	atomic_long_inc(&vif->reasons.ctrl_staged[v]);
	xenvif_fatal(vif, -1, xnif_staged_verdict_name(v));
}

/* A private copy of a queue's table to change; NULL if out of memory. */
static struct xenvif_staged_table *
xenvif_staged_dup(struct xenvif *vif, struct xenvif_staged_queue *sq)
{
	struct xenvif_staged_table *cur;

	cur = rcu_dereference_protected(sq->table,
					lockdep_is_held(&vif->ctrl_lock));
	return kmemdup(cur, sizeof(*cur), GFP_KERNEL);
}

static void xenvif_staged_publish(struct xenvif *vif,
				  struct xenvif_staged_queue *sq,
				  struct xenvif_staged_table *tab)
{
	struct xenvif_staged_table *old;

	old = rcu_replace_pointer(sq->table, tab,
				  lockdep_is_held(&vif->ctrl_lock));
	kfree_rcu(old, rcu);
}

/* Map the n entries just added to tab; false (all undone) if any failed. */
static bool xenvif_staged_map(struct xenvif *vif,
			      struct xenvif_staged_queue *sq, unsigned int n)
{
	struct xenvif_staged *st = vif->staged;
	unsigned int i, bad = 0;
	u32 flags;

	if (gnttab_alloc_pages(n, st->pages))
		return false;
	for (i = 0; i < n; i++) {
		flags = GNTMAP_host_map;
		if (st->req[i].flags & XEN_NETIF_CTRLF_GREF_readonly)
			flags |= GNTMAP_readonly;
		gnttab_set_map_op(&st->map[i],
				  (unsigned long)page_address(st->pages[i]),
				  flags, st->req[i].ref, vif->domid);
	}
	/* Failures are per entry, in each op's status. */
	gnttab_map_refs(st->map, NULL, st->pages, n);
	for (i = 0; i < n; i++) {
		sq->page[st->slot[i]] = st->pages[i];
		if (st->map[i].status == GNTST_okay) {
			sq->handle[st->slot[i]] = st->map[i].handle;
			continue;
		}
		st->req[i].status = XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		/* Failed ones to the front: the slots after them are mapped. */
		swap(st->slot[i], st->slot[bad]);
		bad++;
	}
	if (!bad)
		return true;
	for (i = 0; i < bad; i++) {
		gnttab_free_pages(1, &sq->page[st->slot[i]]);
		sq->page[st->slot[i]] = NULL;
	}
	xenvif_staged_unmap(vif, sq, st->slot + bad, n - bad);
	return false;
}

static u32 xenvif_staged_add(struct xenvif *vif,
			     struct xenvif_staged_queue *sq, unsigned int n)
{
	struct xenvif_staged *st = vif->staged;
	struct xenvif_staged_table *tab = xenvif_staged_dup(vif, sq);
	u32 status;

	if (!tab)
		return XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
	status = xnif_staged_add(&tab->t, st->req, n, st->slot);
	/* Judged on the table's statuses, before a failed map adds its own. */
	xenvif_staged_violation(vif, xnif_staged_judge(ADD_GREF, n, status,
						       st->req));
	if (!status && !xenvif_staged_map(vif, sq, n))
		status = XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	if (status) {
		kfree(tab);
		return status;
	}
	xenvif_staged_publish(vif, sq, tab);
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

static u32 xenvif_staged_del(struct xenvif *vif,
			     struct xenvif_staged_queue *sq, unsigned int n,
			     u32 *data)
{
	struct xenvif_staged *st = vif->staged;
	struct xenvif_staged_table *tab, *reaped;
	unsigned int done, i;

	tab = xenvif_staged_dup(vif, sq);
	reaped = kmalloc(sizeof(*reaped), GFP_KERNEL);
	if (!tab || !reaped) {
		kfree(tab);
		kfree(reaped);
		return XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
	}
	done = xnif_staged_del(&tab->t, st->req, n, st->slot);
	/* What it did retire is still unmapped below, like any DEL's. */
	xenvif_staged_violation(vif, xnif_staged_judge(DEL_GREF, n, 0,
						       st->req));
	memcpy(reaped, tab, sizeof(*reaped));
	xenvif_staged_publish(vif, sq, tab);
	if (done) {
		/* Every copy that could still find these slots is over. */
		synchronize_rcu();
		xenvif_staged_unmap(vif, sq, st->slot, done);
		for (i = 0; i < done; i++)
			xnif_staged_reap(&reaped->t, st->slot[i]);
	}
	xenvif_staged_publish(vif, sq, reaped);
	*data = done;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

/* ADD or DEL: data[0] queue, data[1] the list's gref, data[2] entries. */
static u32 xenvif_staged_list(struct xenvif *vif,
			      const struct xen_netif_ctrl_request *req,
			      struct xenvif_staged_queue *sq, u32 *data)
{
	struct xenvif_staged *st = vif->staged;
	u32 n = req->data[2], status;
	unsigned int len;

	/* A count past the page is judged before anything is read. */
	xenvif_staged_violation(vif, xnif_staged_judge(req->type, n, 0, NULL));
	status = xnif_staged_check_count(n);
	if (status)
		return status;
	len = n * sizeof(st->req[0]);
	/* The only read of the guest's list: everything after uses st->req. */
	status = xenvif_ctrl_copy(vif, req->data[1], st->req, len, false);
	if (status)
		return status;
	if (req->type == XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING)
		status = xenvif_staged_add(vif, sq, n);
	else
		status = xenvif_staged_del(vif, sq, n, data);
	/* Tell the frontend which entries went wrong; its page, its loss. */
	xenvif_ctrl_copy(vif, req->data[1], st->req, len, true);
	return status;
}

u32 xenvif_staged_request(struct xenvif *vif,
			  const struct xen_netif_ctrl_request *req, u32 *data)
{
	struct xenvif_staged *st = vif->staged;
	u32 q = req->data[0], status;

	if (!st)
		return XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
	if (q >= st->num)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	if (req->type == XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE) {
		*data = st->max;
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	}
	mutex_lock(&vif->ctrl_lock);
	status = xenvif_staged_list(vif, req, &st->q[q], data);
	mutex_unlock(&vif->ctrl_lock);
	return status;
}
