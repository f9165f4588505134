// SPDX-License-Identifier: GPL-2.0
/*
 * Extra-info chains and GSO segments, checked the same way whichever side
 * of the ring they come from. Segments are copies: a peer rewriting the
 * shared slot afterwards cannot change what was checked.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <linux/string.h>

#include "extras.h"

static_assert(XEN_NETIF_EXTRA_TYPE_MAX <= 8, "present is a u8 bitmap");

void xnif_extras_init(struct xnif_extras *x)
{
	x->present = 0;
	x->count = 0;
}

static bool xnif_extra_type_valid(unsigned int type)
{
	return type > XEN_NETIF_EXTRA_TYPE_NONE &&
	       type < XEN_NETIF_EXTRA_TYPE_MAX;
}

int xnif_extras_add(struct xnif_extras *x,
		    const struct xen_netif_extra_info *seg)
{
	unsigned int type = seg->type;

	if (!xnif_extra_type_valid(type))
		return -EINVAL;
	if (x->present & BIT(type))
		return -EEXIST;
	x->present |= BIT(type);
	x->count++;
	x->info[type] = *seg;
	return seg->flags & XEN_NETIF_EXTRA_FLAG_MORE ? 1 : 0;
}

bool xnif_extras_has(const struct xnif_extras *x, unsigned int type)
{
	return xnif_extra_type_valid(type) && (x->present & BIT(type));
}

const struct xen_netif_extra_info *
xnif_extras_get(const struct xnif_extras *x, unsigned int type)
{
	return xnif_extras_has(x, type) ? &x->info[type] : NULL;
}

int xnif_gso_check(const struct xen_netif_extra_info *seg)
{
	if (!seg->u.gso.size)
		return -EINVAL;
	if (seg->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4 &&
	    seg->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV6)
		return -EPROTONOSUPPORT;
	if (seg->u.gso.size < XNIF_GSO_MIN_SIZE)
		return -ERANGE;
	return 0;
}

int xnif_gso_parse(const struct xen_netif_extra_info *seg,
		   unsigned int *skb_gso_type)
{
	int err = xnif_gso_check(seg);

	if (err)
		return err;
	*skb_gso_type = seg->u.gso.type == XEN_NETIF_GSO_TYPE_TCPV6 ?
			SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	return 0;
}

int xnif_gso_fill(struct xen_netif_extra_info *seg, u16 gso_size,
		  unsigned int skb_gso_type)
{
	u8 type;

	if (skb_gso_type & SKB_GSO_TCPV6)
		type = XEN_NETIF_GSO_TYPE_TCPV6;
	else if (skb_gso_type & SKB_GSO_TCPV4)
		type = XEN_NETIF_GSO_TYPE_TCPV4;
	else
		return -EPROTONOSUPPORT;

	memset(seg, 0, sizeof(*seg));
	seg->type = XEN_NETIF_EXTRA_TYPE_GSO;
	seg->u.gso.size = gso_size;
	seg->u.gso.type = type;
	return 0;
}
