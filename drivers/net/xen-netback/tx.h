/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netback: the guest TX batch, which tx.c owns, and the calls tx.c
 * makes to the mapping path (tx_zerocopy.c). Only the NAPI poll touches
 * the batch.
 */
#ifndef _XEN_NETBACK_TX_H
#define _XEN_NETBACK_TX_H

#include "netback.h"

struct xenvif_zc_pkt;

/* Grant copies gathered before they go to Xen in one hypercall. */
#define XENVIF_TX_BATCH_OPS	512
/* Packets up to this size are copied whole into the skb's linear area. */
#define XENVIF_TX_COPYBREAK	2048
/* Bytes of a larger packet copied to the linear area: its headers. */
#define XENVIF_TX_HEADLEN	256
/* Destination spans of one packet: a head over two pages, then pages. */
#define XENVIF_TX_MAX_DST	(2 + DIV_ROUND_UP(XEN_NETIF_MAX_TX_SIZE, \
						  XEN_PAGE_SIZE))
/* Copies one packet can need: one per span change on either side. */
#define XENVIF_TX_PKT_OPS	(XNIF_TX_MAX_SLOTS + XENVIF_TX_MAX_DST)

static_assert(DIV_ROUND_UP(XEN_NETIF_MAX_TX_SIZE - XENVIF_TX_HEADLEN,
			   PAGE_SIZE) <= MAX_SKB_FRAGS,
	      "the largest guest packet must fit in one skb's frags");
static_assert(XENVIF_TX_COPYBREAK <= XEN_PAGE_SIZE,
	      "a copied head spans at most two pages");

/* A packet whose copies are in the batch, waiting for them. */
struct xenvif_tx_pending {
	struct sk_buff *skb;
	struct xenvif_zc_pkt *zc;	/* mapped slots, or NULL */
	u16 first_op;
	u16 nr_ops;
	u16 id[XNIF_TX_MAX_SLOTS];	/* request ids of the data slots */
	u8 nr_slots;
	u8 nr_extras;
	u16 flags;			/* the first request's flags */
};

struct xenvif_tx_batch {
	struct gnttab_copy op[XENVIF_TX_BATCH_OPS];
	struct xenvif_tx_pending pkt[NAPI_POLL_WEIGHT];
	unsigned int nr_ops;
	unsigned int nr_pkts;
	/* Scratch for planning one packet. */
	struct xnif_span src[XNIF_TX_MAX_SLOTS];
	struct xnif_span dst[XENVIF_TX_MAX_DST];
	void *dst_page[XENVIF_TX_MAX_DST];
	struct xnif_chunk chunk[XENVIF_TX_PKT_OPS];
};

/* A mapped packet the stack let go of: how tx.c answers its slots. */
struct xenvif_tx_done {
	const u16 *id;
	u8 nr_slots;
	u8 nr_extras;
	s16 status;
};

/* tx_zerocopy.c: called by tx.c only, never calls back into it. */
struct sk_buff *xenvif_zc_skb(struct xenvif_queue *queue,
			      const struct xnif_tx_packet *pkt,
			      struct xenvif_zc_pkt **zpp);
void xenvif_zc_cancel(struct xenvif_queue *queue, struct xenvif_zc_pkt *zp);
void xenvif_zc_add_maps(struct xenvif_queue *queue,
			const struct xnif_tx_packet *pkt,
			struct xenvif_zc_pkt *zp);
void xenvif_zc_map(struct xenvif_queue *queue);
bool xenvif_zc_attach(struct xenvif_queue *queue, struct xenvif_zc_pkt *zp,
		      struct sk_buff *skb, bool ok);
struct llist_node *xenvif_zc_done(struct xenvif_queue *queue);
unsigned int xenvif_zc_unmap(struct xenvif_queue *queue,
			     struct llist_node **list,
			     const struct xenvif_tx_done **done);
void xenvif_zc_recycle(struct xenvif_queue *queue, unsigned int n);
int xenvif_zc_inflight(struct xenvif_queue *queue);

#endif /* _XEN_NETBACK_TX_H */
