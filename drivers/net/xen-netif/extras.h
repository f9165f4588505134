/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extra-info segments as a peer sends them: a chain that follows the first
 * slot of a packet (TX requests from a frontend, RX responses from a
 * backend), each segment naming its type and whether another follows.
 * Both directions use the same rules, so both modules collect and check
 * a chain here and act only on what passed.
 */
#ifndef _XEN_NETIF_EXTRAS_H
#define _XEN_NETIF_EXTRAS_H

#include <linux/types.h>

#include <xen/interface/io/netif.h>

/* Each type at most once, so no chain is longer than this. */
#define XNIF_EXTRAS_MAX		(XEN_NETIF_EXTRA_TYPE_MAX - 1)

/*
 * Smallest GSO size accepted from a peer: TCP never segments below its
 * own minimum MSS, so anything smaller asks for a flood of tiny segments.
 */
#define XNIF_GSO_MIN_SIZE	88

/* Segments of one packet, indexed by type; info[0] is never used. */
struct xnif_extras {
	struct xen_netif_extra_info info[XEN_NETIF_EXTRA_TYPE_MAX];
	u8 present;		/* BIT(type) once info[type] holds a segment */
	u8 count;		/* segments in the chain so far */
};

void xnif_extras_init(struct xnif_extras *x);

/*
 * Add one segment, already copied out of the shared ring, to the packet's
 * collection. Returns 1 if the peer says another segment follows, 0 if
 * this was the last, -EINVAL for a type that does not exist and -EEXIST
 * for a type seen twice in the chain (which also bounds a chain's length).
 */
int xnif_extras_add(struct xnif_extras *x,
		    const struct xen_netif_extra_info *seg);

/* Whether the chain carried a segment of this type. */
bool xnif_extras_has(const struct xnif_extras *x, unsigned int type);

/* The segment of this type the chain carried, or NULL. */
const struct xen_netif_extra_info *
xnif_extras_get(const struct xnif_extras *x, unsigned int type);

/*
 * Check a GSO segment from a peer: 0, -EINVAL for a zero size, -ERANGE
 * for a size below XNIF_GSO_MIN_SIZE, -EPROTONOSUPPORT for a type other
 * than TCPv4 or TCPv6.
 */
int xnif_gso_check(const struct xen_netif_extra_info *seg);

/* xnif_gso_check(), and on success the matching SKB_GSO_* type. */
int xnif_gso_parse(const struct xen_netif_extra_info *seg,
		   unsigned int *skb_gso_type);

/*
 * Fill a GSO segment for an skb's gso_size and gso_type. Returns
 * -EPROTONOSUPPORT for a GSO type the protocol cannot express.
 */
int xnif_gso_fill(struct xen_netif_extra_info *seg, u16 gso_size,
		  unsigned int skb_gso_type);

#endif /* _XEN_NETIF_EXTRAS_H */
