/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netfront-hostile: a test-only frontend for "vif" devices that does
 * the netif handshake like a real netfront and then breaks the protocol
 * in one chosen way (the mode), so that the lab can check what a backend
 * does with a guest that is out to harm it. Never install it.
 *
 * One struct hostile per xenbus device. The handshake runs in the xenbus
 * callbacks (xenbus.c) under h->lock; the attack itself runs in a kernel
 * thread started once the backend is Connected and stopped before any
 * teardown, so the rings and pages it uses exist for its whole life.
 */
#ifndef _XEN_NETFRONT_HOSTILE_H
#define _XEN_NETFRONT_HOSTILE_H

#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <xen/grant_table.h>
#include <xen/xenbus.h>
#include <xen/interface/io/netif.h>

#include "ring.h"

struct hostile;

/* Mode flags. */
#define HOSTILE_NO_RX_BUFS	BIT(0)	/* never post receive buffers */
#define HOSTILE_RX_READONLY	BIT(1)	/* receive buffers the backend can't write */
#define HOSTILE_CTRL_RING	BIT(2)	/* share a control ring too */
#define HOSTILE_RICH		BIT(3)	/* start as 2 queues, order 1, v2, split */

/*
 * One attack. keys (optional) writes the frontend's keys in place of the
 * honest ones: handshake attacks live there. attack (optional) runs in the
 * thread once the backend is Connected.
 */
struct hostile_mode {
	const char *name;
	const char *advisory;	/* the class of bug it probes, e.g. "XSA-39" */
	int (*keys)(struct hostile *h, struct xenbus_transaction xbt);
	int (*attack)(struct hostile *h);
	unsigned int flags;
};

/* Pages of TX data granted read-only to the backend. */
#define HOSTILE_TX_PAGES	2
/* Pages the staged_* modes stage (and one more for their lists). */
#define HOSTILE_STAGED_PAGES	4
/* Receive buffers kept posted (all in one page: the data is not read). */
#define HOSTILE_RX_BUFS		64

/*
 * The shape of the device (data/hostile-config, for the lab's matrix):
 * how many queues, which one the attack uses, the ring order, layout v2
 * and split event channels. The other queues are honest, and queue 0
 * (unless it is the attacked one) keeps sending frames, so that the lab
 * can check that an attack on one queue leaves the others moving.
 */
struct hostile_config {
	unsigned int queues;		/* 1 to HOSTILE_MAX_QUEUES */
	unsigned int attack_q;		/* < queues */
	unsigned int order;		/* ring pages: 2^order */
	bool v2;			/* ring layout v2 */
	bool split;			/* one event channel per direction */
};

#define HOSTILE_MAX_QUEUES	8

/* One queue's shared pages and event channels. */
struct hostile_rings {
	void *tx_shared;
	void *rx_shared;
	grant_ref_t tx_refs[XEN_NETIF_MAX_RING_PAGES];
	grant_ref_t rx_refs[XEN_NETIF_MAX_RING_PAGES];
	evtchn_port_t evtchn;		/* TX, or both when not split */
	evtchn_port_t evtchn_rx;	/* == evtchn when not split */
	int irq;			/* 0 while unbound */
	int irq_rx;			/* == irq when not split */
};

/* A queue the attack leaves alone; its thread is h->honest. */
struct hostile_honest {
	struct hostile_rings r;
	struct xnif_ring tx;
	struct xnif_ring rx;
	u32 tx_prod;
	u32 tx_cons;
	u32 rx_prod;
	u32 rx_cons;
	unsigned long sent;		/* frames put on the ring */
	unsigned long answered;		/* TX responses read */
};

struct hostile {
	struct xenbus_device *dev;
	const struct hostile_mode *mode;
	struct hostile_config cfg;
	/* Serialises the handshake: backend state changes against remove. */
	struct mutex lock;
	bool rings_up;			/* rings, channel and pages exist */
	struct task_struct *task;	/* the attack, while it runs */
	struct task_struct *honest;	/* the other queues' traffic */
	struct task_struct *early;	/* ctrl_early's events before Connected */
	unsigned long early_events;	/* READ_ONCE: sent by early */

	/* The attacked queue (cfg.attack_q). */
	struct hostile_rings r;
	struct xnif_ring tx;
	struct xnif_ring rx;
	/* The other queues, indexed by queue; hq[cfg.attack_q] is unused. */
	struct hostile_honest *hq;
	struct page *honest_rx_page;	/* writable, for the honest queues */
	grant_ref_t honest_rx_ref;

	/* The control ring, with HOSTILE_CTRL_RING. */
	void *ctrl_shared;
	grant_ref_t ctrl_ring_ref;
	struct xnif_ring ctrl;
	evtchn_port_t ctrl_evtchn;
	int ctrl_irq;			/* 0 while unbound */
	u32 ctrl_prod;
	u32 ctrl_cons;

	/* Ring state of the thread alone once it runs. */
	u32 tx_prod;			/* next request we write */
	u32 tx_cons;			/* next response we read */
	u32 rx_prod;
	u32 rx_cons;
	bool rx_frozen;			/* the RX ring is an attack: leave it */
	bool flapping;			/* READ_ONCE: state_flap is running */
	unsigned int backend_events;	/* READ_ONCE: seen while flapping */

	struct page *tx_page[HOSTILE_TX_PAGES];
	grant_ref_t tx_ref[HOSTILE_TX_PAGES];
	struct page *rx_page;
	grant_ref_t rx_ref;
	grant_ref_t unused_ref;		/* claimed, never granted */

	/*
	 * The staged_* modes: page 0 holds their gref lists, the others are
	 * staged; granted writable by the attack, revoked with the rings.
	 */
	struct page *staged_page[HOSTILE_STAGED_PAGES + 1];
	grant_ref_t staged_ref[HOSTILE_STAGED_PAGES + 1];

	/* TX responses by status, for the summary line. */
	unsigned int rsp_okay;
	unsigned int rsp_error;
	unsigned int rsp_other;
};

/* Size of the frame every honest TX packet carries (Ethernet minimum). */
#define HOSTILE_FRAME_LEN	60

/* main.c */
extern char *hostile_default_mode;
extern unsigned int hostile_attack_ms;

/* xenbus.c */
int hostile_parse_config(const char *s, struct hostile_config *cfg);

/* modes.c */
const struct hostile_mode *hostile_find_mode(const char *name);

/* rings.c: the honest part of a frontend. */
irqreturn_t hostile_interrupt(int irq, void *data);
int hostile_ring_up(struct hostile *h, void **shared, grant_ref_t *ref,
		    struct xnif_ring *ring, unsigned int req_size,
		    unsigned int rsp_size);
int hostile_rings_up(struct hostile *h);
void hostile_rings_down(struct hostile *h);
int hostile_write_queue_keys(struct hostile *h, struct xenbus_transaction xbt,
			     const char *evtchn_key, unsigned int order);
int hostile_write_rings_keys(struct hostile *h, struct xenbus_transaction xbt);
int hostile_write_features(struct hostile *h, struct xenbus_transaction xbt);
void hostile_kick(struct hostile *h);
void hostile_kick_rx(struct hostile *h);
int hostile_honest_thread(void *data);
void hostile_fill_frame(void *va);
int hostile_grant_page(struct hostile *h, struct page **page,
		       grant_ref_t *ref, bool readonly);
void hostile_revoke_page(struct page **page, grant_ref_t ref);
void hostile_tx_put_req(struct hostile *h,
			const struct xen_netif_tx_request *req);
void hostile_tx_put(struct hostile *h, grant_ref_t gref, u16 offset,
		    u16 flags, u16 size);
void hostile_tx_put_extra(struct hostile *h,
			  const struct xen_netif_extra_info *extra);
void hostile_tx_push(struct hostile *h);
void hostile_tx_frame(struct hostile *h);
void hostile_set_req_prod(struct xnif_ring *ring, u32 prod);
unsigned int hostile_tx_reap(struct hostile *h);
bool hostile_tx_wait(struct hostile *h, unsigned int ms);
void hostile_rx_refill(struct hostile *h);
bool hostile_backend_connected(struct hostile *h);

/* ctrl.c: the control ring. */
int hostile_ctrl_up(struct hostile *h);
void hostile_ctrl_down(struct hostile *h);
int hostile_ctrl_write_keys(struct hostile *h, struct xenbus_transaction xbt);
int hostile_ctrl_hash(struct hostile *h);
int hostile_ctrl_prod_jump(struct hostile *h);
int hostile_ctrl_flood(struct hostile *h);
int hostile_keys_ctrl_early(struct hostile *h, struct xenbus_transaction xbt);
int hostile_ctrl_early(struct hostile *h);
void hostile_early_stop(struct hostile *h);
int hostile_staged_dup(struct hostile *h);
int hostile_staged_overlap(struct hostile *h);
int hostile_staged_over_bound(struct hostile *h);
int hostile_staged_del_unmapped(struct hostile *h);
int hostile_staged_bad_count(struct hostile *h);
int hostile_staged_del_inuse(struct hostile *h);
int hostile_staged_honest(struct hostile *h);

/* Attack families, one file each. */
int hostile_keys_queues0(struct hostile *h, struct xenbus_transaction xbt);
int hostile_keys_queues1000(struct hostile *h, struct xenbus_transaction xbt);
int hostile_keys_order31(struct hostile *h, struct xenbus_transaction xbt);
int hostile_keys_bad_evtchn(struct hostile *h, struct xenbus_transaction xbt);
int hostile_keys_bad_ring_ref(struct hostile *h,
			      struct xenbus_transaction xbt);
int hostile_keys_xdp_headroom(struct hostile *h,
			      struct xenbus_transaction xbt);

int hostile_cross_page(struct hostile *h);
int hostile_too_many_slots(struct hostile *h);
int hostile_bad_gref(struct hostile *h);
int hostile_zero_len(struct hostile *h);
int hostile_zero_frags(struct hostile *h);
int hostile_oversize(struct hostile *h);
int hostile_tiny_slots(struct hostile *h);
int hostile_extra_unknown(struct hostile *h);
int hostile_extra_dup(struct hostile *h);
int hostile_extra_endless(struct hostile *h);
int hostile_gso_type(struct hostile *h);
int hostile_gso_size(struct hostile *h);
int hostile_gso_not_tcp(struct hostile *h);
int hostile_gso_wrong_ip(struct hostile *h);
int hostile_dup_ids(struct hostile *h);

int hostile_prod_jump(struct hostile *h);
int hostile_prod_back(struct hostile *h);
int hostile_rx_prod_jump(struct hostile *h);
int hostile_truncated(struct hostile *h);
int hostile_double_fetch(struct hostile *h);

int hostile_evt_flood(struct hostile *h);
int hostile_rx_evt_flood(struct hostile *h);
int hostile_xs_flood(struct hostile *h);
int hostile_stall(struct hostile *h);
int hostile_disconnect_mid(struct hostile *h);
int hostile_mcast_churn(struct hostile *h);
int hostile_zc_close(struct hostile *h);
int hostile_state_flap(struct hostile *h);
int hostile_reshape_pruned(struct hostile *h);
int hostile_stale_keys(struct hostile *h);
void hostile_write_state(struct hostile *h, enum xenbus_state state);

/* fuzz.c: the seeded ring fuzzer, seed from data/hostile-seed. */
int hostile_fuzz(struct hostile *h);

/* xenbus.c */
extern struct xenbus_driver hostile_driver;

#endif /* _XEN_NETFRONT_HOSTILE_H */
