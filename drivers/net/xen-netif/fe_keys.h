/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenstore keys a frontend publishes on a connect, and which keys
 * left in its directory by an earlier connect must go.
 *
 * Every key is either written on this connect or removed from the
 * frontend's directory: an optional key that is simply not written stays
 * with its old value, and the backend reads it as today's request (a
 * ring-layout of 2 after the backend stopped offering v2, split event
 * channels after it stopped offering them, a queue count above its new
 * maximum) and refuses every connect after that. Keys of the toolstack
 * or of other protocols are foreign and left alone.
 *
 * Paths are relative to the frontend's directory: "ring-layout",
 * "queue-1/tx-ring-ref2". Pure string work, for KUnit and the glue.
 */
#ifndef _XEN_NETIF_FE_KEYS_H
#define _XEN_NETIF_FE_KEYS_H

#include <linux/types.h>

/* What was negotiated for this connect. */
struct xnif_fe_keys {
	unsigned int queues;	/* 1: flat keys; more: queue-<n>/ dirs */
	unsigned int order;	/* ring page order */
	bool split_evtchn;	/* event-channel-tx/-rx, not event-channel */
	bool be_multi_queue;	/* backend has multi-queue-max-queues */
	bool be_multi_page;	/* backend has max-ring-page-order */
	bool be_layout_v2;	/* backend offers feature-ring-layout-v2 */
	bool be_xdp_headroom;	/* backend offers feature-xdp-headroom */
};

enum xnif_fe_key_kind {
	XNIF_FE_KEY_FEATURE,	/* a feature we take: "1" */
	XNIF_FE_KEY_RX_GSO,	/* GSO we take on RX: "0" while XDP runs */
	XNIF_FE_KEY_XDP_HEADROOM,	/* bytes before received data */
	XNIF_FE_KEY_NUM_QUEUES,
	XNIF_FE_KEY_RING_ORDER,
	XNIF_FE_KEY_RING_LAYOUT,
	XNIF_FE_KEY_TX_REF,	/* grant of page .page of .queue's TX ring */
	XNIF_FE_KEY_RX_REF,
	XNIF_FE_KEY_EVTCHN,	/* .queue's one event channel */
	XNIF_FE_KEY_EVTCHN_TX,
	XNIF_FE_KEY_EVTCHN_RX,
};

#define XNIF_FE_KEY_PATH_LEN	48

struct xnif_fe_key {
	enum xnif_fe_key_kind kind;
	unsigned int queue;
	unsigned int page;
	char path[XNIF_FE_KEY_PATH_LEN];
};

/* The idx-th key to write, from 0; false past the last one. */
bool xnif_fe_key_get(const struct xnif_fe_keys *k, unsigned int idx,
		     struct xnif_fe_key *key);

enum xnif_fe_key_verdict {
	XNIF_FE_KEY_FOREIGN,	/* not ours to write: leave it */
	XNIF_FE_KEY_WRITE,	/* written on this connect (a directory: kept) */
	XNIF_FE_KEY_REMOVE,	/* ours, not written now: remove it */
};

/*
 * What to do with an entry found in the frontend's directory, or in a
 * queue-<n> directory this connect keeps ("queue-<n>/<name>").
 */
enum xnif_fe_key_verdict xnif_fe_key_verdict(const struct xnif_fe_keys *k,
					     const char *path);

#endif /* _XEN_NETIF_FE_KEYS_H */
