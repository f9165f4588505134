// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the receive hash a frontend configures over the control
 * ring, and queue selection by it.
 *
 * A frontend doing RSS chooses Toeplitz, a key, the header fields to hash
 * and a table mapping hash values to queues. The backend then computes the
 * hash of every packet for the guest, steers the packet to the queue the
 * table names and hands the hash over in an extra-info slot, so the guest
 * need not compute it again.
 *
 * The configuration is one RCU-published object: the control work builds
 * a new one from the old and the request (under vif->ctrl_lock), checks
 * it, publishes it and frees the old one after a grace period; the data
 * path reads whichever is current without a lock.
 */
#include <linux/etherdevice.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/flow_dissector.h>

#include <xen/page.h>

#include "compat.h"
#include "ctrl_validate.h"
#include "netback.h"

struct xenvif_hash {
	u32 alg;			/* XEN_NETIF_CTRL_HASH_ALGORITHM_* */
	u32 flags;			/* XEN_NETIF_CTRL_HASH_TYPE_* */
	u32 size;			/* entries of mapping in use */
	u8 key[XNIF_HASH_KEY_SIZE];
	u32 mapping[XNIF_HASH_MAPPING_SIZE];
	struct rcu_head rcu;
};

/* The Toeplitz input for a flow, as the enabled hash types ask. */
static unsigned int xenvif_hash_input(const struct xenvif_hash *h,
				      const struct flow_keys *fk, u8 *in,
				      bool *l4)
{
	bool tcp = fk->basic.ip_proto == IPPROTO_TCP &&
		   !(fk->control.flags & FLOW_DIS_IS_FRAGMENT);
	unsigned int n;

	if (fk->basic.n_proto == htons(ETH_P_IP) &&
	    (h->flags & (XEN_NETIF_CTRL_HASH_TYPE_IPV4 |
			 XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP))) {
		memcpy(in, &fk->addrs.v4addrs.src, 4);
		memcpy(in + 4, &fk->addrs.v4addrs.dst, 4);
		n = 8;
		*l4 = tcp && (h->flags & XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP);
		if (!*l4 && !(h->flags & XEN_NETIF_CTRL_HASH_TYPE_IPV4))
			return 0;
	} else if (fk->basic.n_proto == htons(ETH_P_IPV6) &&
		   (h->flags & (XEN_NETIF_CTRL_HASH_TYPE_IPV6 |
				XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP))) {
		memcpy(in, &fk->addrs.v6addrs.src, 16);
		memcpy(in + 16, &fk->addrs.v6addrs.dst, 16);
		n = 32;
		*l4 = tcp && (h->flags & XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP);
		if (!*l4 && !(h->flags & XEN_NETIF_CTRL_HASH_TYPE_IPV6))
			return 0;
	} else {
		return 0;
	}
	if (*l4) {
		memcpy(in + n, &fk->ports.src, 2);
		memcpy(in + n + 2, &fk->ports.dst, 2);
		n += 4;
	}
	return n;
}

/* Give the skb the frontend's hash, or none. */
static void xenvif_hash_apply(const struct xenvif_hash *h, struct sk_buff *skb)
{
	struct flow_keys fk;
	u8 in[36];
	unsigned int n;
	bool l4 = false;

	if (!skb_flow_dissect_flow_keys(skb, &fk, 0)) {
		skb_clear_hash(skb);
		return;
	}
	n = xenvif_hash_input(h, &fk, in, &l4);
	if (!n) {
		skb_clear_hash(skb);
		return;
	}
	__skb_set_sw_hash(skb, xnif_toeplitz(h->key, sizeof(h->key), in, n),
			  l4);
}

static bool xenvif_hash_on(const struct xenvif_hash *h)
{
	return h && h->alg == XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
}

/*
 * Hash an skb on its way to the guest. Any hash it carries was made by
 * someone else and means nothing to the frontend: replace or clear it.
 */
void xenvif_hash_skb(struct xenvif *vif, struct sk_buff *skb)
{
	const struct xenvif_hash *h;

	rcu_read_lock();
	h = rcu_dereference(vif->hash);
	if (xenvif_hash_on(h))
		xenvif_hash_apply(h, skb);
	else
		skb_clear_hash(skb);
	rcu_read_unlock();
}

u16 xenvif_select_queue(struct net_device *dev, struct sk_buff *skb,
			struct net_device *sb_dev)
{
	struct xenvif *vif = netdev_priv(dev);
	const struct xenvif_hash *h;
	u32 hash, queue;

	rcu_read_lock();
	h = rcu_dereference(vif->hash);
	if (!xenvif_hash_on(h)) {
		rcu_read_unlock();
		skb_clear_hash(skb);
		return netdev_pick_tx(dev, skb, NULL);
	}
	xenvif_hash_apply(h, skb);
	hash = skb_get_hash_raw(skb);
	queue = h->size ? h->mapping[hash % h->size] : hash;
	rcu_read_unlock();
	return queue % dev->real_num_tx_queues;
}

bool xenvif_hash_extra(struct xenvif *vif, const struct sk_buff *skb,
		       struct xen_netif_extra_info *extra)
{
	bool v4 = skb->protocol == htons(ETH_P_IP);
	bool on;

	rcu_read_lock();
	on = xenvif_hash_on(rcu_dereference(vif->hash));
	rcu_read_unlock();
	if (!on || !skb->sw_hash)
		return false;

	memset(extra, 0, sizeof(*extra));
	extra->type = XEN_NETIF_EXTRA_TYPE_HASH;
	extra->u.hash.algorithm = XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
	if (skb->l4_hash)
		extra->u.hash.type = v4 ? _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP :
					  _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP;
	else
		extra->u.hash.type = v4 ? _XEN_NETIF_CTRL_HASH_TYPE_IPV4 :
					  _XEN_NETIF_CTRL_HASH_TYPE_IPV6;
	put_unaligned_le32(skb_get_hash_raw(skb), extra->u.hash.value);
	return true;
}

static u32 xenvif_hash_set_key(struct xenvif *vif, struct xenvif_hash *h,
			       u32 gref, u32 len)
{
	u32 status = xnif_ctrl_check_key_len(len);

	if (status)
		return status;
	memset(h->key, 0, sizeof(h->key));
	return xenvif_ctrl_copy(vif, gref, h->key, len, false);
}

static u32 xenvif_hash_set_mapping(struct xenvif *vif, struct xenvif_hash *h,
				   u32 gref, u32 len, u32 off)
{
	u32 status;

	status = xnif_ctrl_check_mapping_range(off, len, h->size);
	if (!status)
		status = xenvif_ctrl_copy(vif, gref, &h->mapping[off],
					  len * sizeof(u32), false);
	if (!status)
		status = xnif_ctrl_check_mapping_entries(&h->mapping[off], len,
							 vif->num_queues);
	return status;
}

/* Apply one request to h, a private copy of the configuration. */
static u32 xenvif_hash_apply_request(struct xenvif *vif, struct xenvif_hash *h,
				     const struct xen_netif_ctrl_request *req,
				     u32 *data)
{
	u32 status;

	switch (req->type) {
	case XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM:
		status = xnif_ctrl_check_algorithm(req->data[0]);
		if (!status)
			h->alg = req->data[0];
		return status;
	case XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS:
		if (h->alg == XEN_NETIF_CTRL_HASH_ALGORITHM_NONE)
			return XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
		*data = XNIF_HASH_TYPES_ALL;
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS:
		status = xnif_ctrl_check_flags(req->data[0], h->alg);
		if (!status)
			h->flags = req->data[0];
		return status;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_KEY:
		return xenvif_hash_set_key(vif, h, req->data[0], req->data[1]);
	case XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE:
		*data = XNIF_HASH_MAPPING_SIZE;
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE:
		status = xnif_ctrl_check_mapping_size(req->data[0]);
		if (!status) {
			h->size = req->data[0];
			memset(h->mapping, 0, sizeof(h->mapping));
		}
		return status;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING:
		return xenvif_hash_set_mapping(vif, h, req->data[0],
					       req->data[1], req->data[2]);
	default:
		return XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
	}
}

u32 xenvif_hash_request(struct xenvif *vif,
			const struct xen_netif_ctrl_request *req, u32 *data)
{
	struct xenvif_hash *old, *h;
	u32 status;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
	mutex_lock(&vif->ctrl_lock);
	old = rcu_dereference_protected(vif->hash,
					lockdep_is_held(&vif->ctrl_lock));
	if (old)
		memcpy(h, old, offsetof(struct xenvif_hash, rcu));
	status = xenvif_hash_apply_request(vif, h, req, data);
	if (status == XEN_NETIF_CTRL_STATUS_SUCCESS) {
		rcu_assign_pointer(vif->hash, h);
		h = old;
	}
	mutex_unlock(&vif->ctrl_lock);
	if (h)
		kfree_rcu(h, rcu);
	return status;
}

void xenvif_hash_free(struct xenvif *vif)
{
	struct xenvif_hash *h;

	mutex_lock(&vif->ctrl_lock);
	h = rcu_replace_pointer(vif->hash, NULL,
				lockdep_is_held(&vif->ctrl_lock));
	mutex_unlock(&vif->ctrl_lock);
	if (h)
		kfree_rcu(h, rcu);
}

void xenvif_hash_show(struct xenvif *vif, struct seq_file *m)
{
	const struct xenvif_hash *h;
	unsigned int i;

	rcu_read_lock();
	h = rcu_dereference(vif->hash);
	if (!xenvif_hash_on(h)) {
		seq_puts(m, "hash: none\n");
		goto out;
	}
	seq_printf(m, "hash: toeplitz, types %#x, key %*phN\n", h->flags,
		   (int)sizeof(h->key), h->key);
	seq_printf(m, "mapping (%u entries):", h->size);
	for (i = 0; i < h->size; i++)
		seq_printf(m, "%s%u", i % 16 ? " " : "\n  ", h->mapping[i]);
	seq_putc(m, '\n');
out:
	rcu_read_unlock();
}
