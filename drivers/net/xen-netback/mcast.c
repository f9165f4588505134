// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the multicast filter a frontend asks for.
 *
 * With request-multicast-control set, the vif passes the guest only the
 * multicast groups it subscribed to with MCAST_ADD extra-info segments.
 * The list is bounded, read under RCU by start_xmit and changed by the
 * NAPI poll; an entry is freed only after every reader is done with it.
 */
#include <linux/etherdevice.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "netback.h"

/* Groups one guest may subscribe to. */
#define XENVIF_MCAST_MAX	64

struct xenvif_mcast_addr {
	struct list_head entry;
	struct rcu_head rcu;
	u8 addr[ETH_ALEN];
};

static struct xenvif_mcast_addr *xenvif_mcast_find(struct xenvif *vif,
						   const u8 *addr)
{
	struct xenvif_mcast_addr *m;

	list_for_each_entry_rcu(m, &vif->mcast, entry,
				lockdep_is_held(&vif->mcast_lock))
		if (ether_addr_equal(m->addr, addr))
			return m;
	return NULL;
}

int xenvif_mcast_add(struct xenvif *vif, const u8 *addr)
{
	struct xenvif_mcast_addr *m;
	int err = 0;

	if (!is_multicast_ether_addr(addr))
		return -EINVAL;
	spin_lock_bh(&vif->mcast_lock);
	if (xenvif_mcast_find(vif, addr))
		goto out;
	err = -ENOSPC;
	if (vif->mcast_count >= XENVIF_MCAST_MAX)
		goto out;
	err = -ENOMEM;
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		goto out;
	ether_addr_copy(m->addr, addr);
	list_add_tail_rcu(&m->entry, &vif->mcast);
	vif->mcast_count++;
	err = 0;
out:
	spin_unlock_bh(&vif->mcast_lock);
	return err;
}

void xenvif_mcast_del(struct xenvif *vif, const u8 *addr)
{
	struct xenvif_mcast_addr *m;

	spin_lock_bh(&vif->mcast_lock);
	m = xenvif_mcast_find(vif, addr);
	if (m) {
		list_del_rcu(&m->entry);
		vif->mcast_count--;
		kfree_rcu(m, rcu);
	}
	spin_unlock_bh(&vif->mcast_lock);
}

bool xenvif_mcast_match(struct xenvif *vif, const u8 *addr)
{
	bool found;

	rcu_read_lock();
	found = xenvif_mcast_find(vif, addr);
	rcu_read_unlock();
	return found;
}

void xenvif_mcast_flush(struct xenvif *vif)
{
	struct xenvif_mcast_addr *m, *next;

	spin_lock_bh(&vif->mcast_lock);
	list_for_each_entry_safe(m, next, &vif->mcast, entry) {
		list_del_rcu(&m->entry);
		kfree_rcu(m, rcu);
	}
	vif->mcast_count = 0;
	spin_unlock_bh(&vif->mcast_lock);
}
