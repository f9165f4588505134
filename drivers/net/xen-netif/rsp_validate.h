/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks a frontend applies to every response a backend writes, before
 * any of it is used. A backend is not trusted: each response is copied
 * out of the shared ring once, and only the copy is checked and used.
 *
 * RX: a packet is a chain of responses. The first carries the packet's
 * flags and its first data; extra-info segments follow it when it says
 * so; further data slots follow while a data slot says more_data.
 * xnif_rx_chain_feed() takes the chain one copied slot at a time and
 * records the first problem; xnif_rx_chain_finish() adds the checks that
 * need the whole packet. A bad packet is skipped as a whole.
 *
 * TX: every data request gets a response carrying its id; each
 * extra-info request gets a placeholder response (status
 * XEN_NETIF_RSP_NULL, its id means nothing) right after the response to
 * the request it followed, and nowhere else.
 */
#ifndef _XEN_NETIF_RSP_VALIDATE_H
#define _XEN_NETIF_RSP_VALIDATE_H

#include <linux/types.h>

#include <xen/interface/io/netif.h>

#include "extras.h"

/*
 * Why a response was rejected; also the order of the per-reason counters.
 * XNIF_RSP_ is the frontend judging the backend's responses, RX_ or TX_
 * their ring; the backend's reasons for guest requests are xnif_tx_reason
 * (tx_validate.h, XNIF_TX_).
 */
enum xnif_rsp_err {
	XNIF_RSP_OK,
	XNIF_RSP_RX_BAD_ID,		/* id is not the request posted in that slot */
	XNIF_RSP_RX_BAD_SIZE,		/* offset + size runs past the granted page */
	XNIF_RSP_RX_EMPTY_SLOT,		/* data slot with no data */
	XNIF_RSP_RX_BACKEND_ERROR,	/* backend reports it failed this packet */
	XNIF_RSP_RX_TOO_MANY_SLOTS,	/* more data slots than an skb can hold */
	XNIF_RSP_RX_BAD_EXTRA,		/* unknown, repeated or misplaced extra-info */
	XNIF_RSP_RX_BAD_GSO,		/* GSO extra with a bad size or an unknown type */
	XNIF_RSP_RX_SHORT,		/* packet shorter than an Ethernet header */
	XNIF_RSP_TX_BAD_ID,		/* id outside the ring */
	XNIF_RSP_TX_NOT_IN_FLIGHT,	/* id of a request that is not outstanding */
	XNIF_RSP_TX_BAD_STATUS,		/* status is not one the protocol defines */
	XNIF_RSP_BAD_PROD,		/* producer index behind us or beyond requests */
	XNIF_RSP_GRANT_IN_USE,		/* backend still maps a page it answered for */
	/*
	 * A placeholder where no extra-info slot was sent, or a response
	 * where a placeholder is owed.
	 */
	XNIF_RSP_TX_BAD_NULL,
	XNIF_RSP_TX_NO_FREE_ID,		/* no id left though the ring has room */
	XNIF_RSP_ERR_MAX
};

/* Short name of a reason, for counters ("rx_bad_id") and log lines. */
const char *xnif_rsp_err_name(enum xnif_rsp_err err);

/* What a frontend can take in one packet. */
struct xnif_rx_limits {
	unsigned int max_frags;	/* page fragments an skb may hold */
	unsigned int copy_len;	/* a first slot this short is copied, not attached */
};

/* Longest chain examined: every data slot an skb can take plus extras. */
#define XNIF_RX_MAX_DATA_SLOTS	(XEN_NETIF_NR_SLOTS_MIN + 1)

struct xnif_rx_chain {
	struct xnif_extras extras;
	u32 len;		/* bytes in the data slots */
	u16 flags;		/* XEN_NETRXF_* of the first slot */
	u16 first_len;		/* bytes in the first data slot */
	u16 slots;		/* slots fed, extra-info included */
	u16 data_slots;		/* data slots fed */
	bool extra_next;	/* next slot is an extra-info segment */
	bool data_next;		/* a data slot follows the extras */
	bool last_data;		/* the slot fed last carried data */
	enum xnif_rsp_err err;	/* first problem; later slots are skipped */
};

void xnif_rx_chain_init(struct xnif_rx_chain *c);

/*
 * Feed the chain's next slot, a copy of the response at that ring index;
 * want_id is the id of the request posted there. Returns true while the
 * chain goes on past this slot. Chains longer than an skb can hold are
 * marked XNIF_RSP_RX_TOO_MANY_SLOTS and followed to their end.
 */
bool xnif_rx_chain_feed(struct xnif_rx_chain *c,
			const struct xen_netif_rx_response *rsp, u16 want_id);

/* Checks on the whole packet once its last slot was fed; the verdict. */
enum xnif_rsp_err xnif_rx_chain_finish(struct xnif_rx_chain *c,
				       const struct xnif_rx_limits *lim);

/*
 * Check a TX response copy. nulls_due is how many placeholders are owed
 * right now: one per extra-info slot that followed the request answered
 * last. While any is owed the response must be one (*skip is set: it
 * carries no id); otherwise it must not be. Whether the id is outstanding
 * is the caller's to check (XNIF_RSP_TX_NOT_IN_FLIGHT); tx_ids.h does.
 */
enum xnif_rsp_err xnif_tx_rsp_check(const struct xen_netif_tx_response *rsp,
				    unsigned int ring_size,
				    unsigned int nulls_due, bool *skip);

/*
 * Whether a response producer index is possible: not behind what we
 * consumed and not ahead of the requests we posted.
 */
bool xnif_rsp_prod_valid(u32 rsp_prod, u32 rsp_cons, u32 req_prod);

#endif /* _XEN_NETIF_RSP_VALIDATE_H */
