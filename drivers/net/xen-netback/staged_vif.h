/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netback: a vif's staged grants as both halves see them, the
 * control work (staged.c), which writes them, and the data path
 * (staged_copy.c), which reads them.
 */
#ifndef _XEN_NETBACK_STAGED_VIF_H
#define _XEN_NETBACK_STAGED_VIF_H

#include <linux/rcupdate.h>

#include <xen/grant_table.h>

#include "staged.h"

/* A table as published: the pure table and what frees it after readers. */
struct xenvif_staged_table {
	struct rcu_head rcu;
	struct xnif_staged t;
};

struct xenvif_staged_queue {
	/* Readers: the data path, under RCU; writers: under vif->ctrl_lock. */
	struct xenvif_staged_table __rcu *table;
	/*
	 * By slot: the dom0 page the guest's page is mapped at, and the
	 * handle that unmaps it. Set before a table naming the slot is
	 * published, cleared after one no longer naming it has been waited
	 * for.
	 */
	struct page *page[XNIF_STAGED_MAX];
	grant_handle_t handle[XNIF_STAGED_MAX];
};

struct xenvif_staged {
	unsigned int max;		/* slots per queue */
	/* Scratch of the request being served: under vif->ctrl_lock. */
	struct xen_netif_gref req[XNIF_STAGED_PAGE_ENTRIES];
	u16 slot[XNIF_STAGED_MAX];
	struct page *pages[XNIF_STAGED_MAX];
	struct gnttab_map_grant_ref map[XNIF_STAGED_PAGE_ENTRIES];
	struct gnttab_unmap_grant_ref unmap[XNIF_STAGED_MAX];
	unsigned int num;		/* queues */
	struct xenvif_staged_queue q[] __counted_by(num);
};

#endif /* _XEN_NETBACK_STAGED_VIF_H */
