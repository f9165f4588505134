/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest TX packet validation (the backend's side of the TX ring).
 *
 * A packet on the TX ring is a first request, then extra-info segments if
 * the first carries XEN_NETTXF_extra_info, then one request per further
 * data slot while XEN_NETTXF_more_data is set. The first request's size is
 * the size of the whole packet; each further request's size is that of its
 * own slot.
 *
 * The backend copies each request out of the ring once and feeds the copy
 * to xnif_tx_feed() until the packet is complete. The parser decides every
 * outcome from those copies alone: either the packet is good, or it is
 * dropped (consumed and answered with errors; the frontend lives on), or
 * the frontend broke the protocol and the interface must be disabled.
 */
#ifndef _XEN_NETIF_TX_VALIDATE_H
#define _XEN_NETIF_TX_VALIDATE_H

#include <linux/types.h>

#include <xen/interface/io/netif.h>

#include "extras.h"

/*
 * Data slots (the first included) one packet may use. Every backend must
 * take XEN_NETIF_NR_SLOTS_MIN; three more is the most the mainline backend
 * consumes without disabling the interface, so any frontend that works
 * with it works here.
 */
#define XNIF_TX_MAX_SLOTS	(XEN_NETIF_NR_SLOTS_MIN + 3)

/* Ring slots one packet may use: its data slots and its extras. */
#define XNIF_TX_MAX_RING_SLOTS	(XNIF_TX_MAX_SLOTS + XNIF_EXTRAS_MAX)

/*
 * Outcome of parsing, and every reason a packet can be refused. The names
 * double as counter names, so keep xnif_tx_reason_name() in step.
 */
enum xnif_tx_reason {
	XNIF_TX_OK,
	XNIF_TX_MORE,		/* not done: feed the next request */

	/* Dropped: consumed and answered with XEN_NETIF_RSP_ERROR. */
	XNIF_TX_DROP_SHORT,	/* shorter than an Ethernet header */
	XNIF_TX_DROP_OVERSIZE,	/* slots add up to more than announced */
	XNIF_TX_DROP_GSO_SMALL,	/* GSO size below XNIF_GSO_MIN_SIZE */

	/* Fatal: the frontend broke the protocol. */
	XNIF_TX_BAD_PROD,	/* producer index behind us or beyond the ring */
	XNIF_TX_BAD_TRUNCATED,	/* producer index stops inside a packet */
	XNIF_TX_BAD_CROSS_PAGE,	/* offset + size beyond the granted page */
	XNIF_TX_BAD_SLOTS,	/* more than XNIF_TX_MAX_SLOTS data slots */
	XNIF_TX_BAD_EXTRA_TYPE,	/* extra-info type that does not exist */
	XNIF_TX_BAD_EXTRA_DUP,	/* extra-info type given twice */
	XNIF_TX_BAD_GSO_SIZE,	/* GSO size of zero */
	XNIF_TX_BAD_GSO_TYPE,	/* GSO type other than TCPv4/TCPv6 */

	XNIF_TX_REASON_MAX
};

#define XNIF_TX_FIRST_DROP	XNIF_TX_DROP_SHORT
#define XNIF_TX_FIRST_FATAL	XNIF_TX_BAD_PROD

static inline bool xnif_tx_is_fatal(enum xnif_tx_reason r)
{
	return r >= XNIF_TX_FIRST_FATAL && r < XNIF_TX_REASON_MAX;
}

/* A short name for logs and counters, e.g. "cross_page". */
const char *xnif_tx_reason_name(enum xnif_tx_reason r);

/*
 * One packet as parsed. slot[0] is the first request with its size cut
 * down to the bytes that first slot itself holds; slot[1..nr_slots-1] are
 * the further data slots in ring order.
 */
struct xnif_tx_packet {
	struct xen_netif_tx_request slot[XNIF_TX_MAX_SLOTS];
	struct xnif_extras extras;
	u32 len;		/* packet length, from the first request */
	u32 rest;		/* announced bytes not yet seen in data slots */
	u8 nr_slots;		/* data slots, the first included */
	u8 max_slots;		/* limit for this packet, <= XNIF_TX_MAX_SLOTS */
	u8 drop;		/* a drop reason seen so far, or XNIF_TX_OK */
	bool in_extras;		/* the next request is an extra-info segment */
	bool in_data;		/* the next request is a data slot */
};

/* Ring slots the packet used so far: data slots and extras. */
static inline unsigned int xnif_tx_ring_slots(const struct xnif_tx_packet *p)
{
	return p->nr_slots + p->extras.count;
}

/*
 * Whether the packet carries a multicast filter update: the backend acts
 * on the extra-info segment and passes no frame on.
 */
static inline bool xnif_tx_is_mcast(const struct xnif_tx_packet *p)
{
	return xnif_extras_has(&p->extras, XEN_NETIF_EXTRA_TYPE_MCAST_ADD) ||
	       xnif_extras_has(&p->extras, XEN_NETIF_EXTRA_TYPE_MCAST_DEL);
}

/*
 * Start a packet from its first request. max_slots bounds the data slots
 * (clamped to 1..XNIF_TX_MAX_SLOTS). Returns XNIF_TX_MORE if further
 * requests belong to the packet, else the verdict.
 */
enum xnif_tx_reason xnif_tx_begin(struct xnif_tx_packet *p,
				  const struct xen_netif_tx_request *first,
				  unsigned int max_slots);

/*
 * Feed the next request of the packet. Returns XNIF_TX_MORE while the
 * packet goes on, else the verdict. A fatal verdict is returned as soon as
 * it is seen; a drop is returned only once the packet is complete, so that
 * all of its slots are consumed.
 */
enum xnif_tx_reason xnif_tx_feed(struct xnif_tx_packet *p,
				 const struct xen_netif_tx_request *req);

#endif /* _XEN_NETIF_TX_VALIDATE_H */
