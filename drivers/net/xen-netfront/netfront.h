/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netfront: the guest side of a Xen paravirtual network device.
 *
 * State lives on three levels:
 *   struct xenbus_device    the xenbus handshake (dev->state, otherend)
 *   struct xennet_info      one per device: the netdev, what the backend
 *                           offers, what was negotiated, the queue array
 *   struct xennet_queue     one TX ring, one RX ring, their event
 *                           channels and one NAPI context
 *
 * Locking:
 *   - rtnl serialises everything that creates, resizes or frees queues:
 *     the xenbus callbacks, ethtool, ndo_open/stop, resume and remove.
 *   - A queue's TX state (tx_prod, tx_cons, tx_slots, the free id stack
 *     and the TX ring) is protected by the netdev TX queue lock of the
 *     same index: the core holds it around ndo_start_xmit, NAPI takes it
 *     to reap completions.
 *   - A queue's RX state is touched only by its NAPI poll, or with NAPI
 *     disabled under rtnl.
 *   - Statistics are per queue and outlive the queues (they are sized
 *     for the netdev's TX queues at probe), so readers never race a
 *     reconnect that frees queues.
 */
#ifndef _XEN_NETFRONT_H
#define _XEN_NETFRONT_H

#include <linux/netdevice.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>

#include <net/xdp.h>

#include <xen/grant_table.h>
#include <xen/xenbus.h>
#include <xen/interface/io/netif.h>

#include "budget.h"
#include "compat.h"
#include "ctrl_rsp.h"
#include "fatal.h"
#include "fe_staged.h"
#include "log_limit.h"
#include "ring.h"
#include "rsp_validate.h"
#include "tx_ids.h"
#include "xdp.h"

/* Module parameters (main.c). */
extern unsigned int xennet_max_queues;
extern unsigned int xennet_max_ring_order;
extern unsigned int xennet_ring_size;
extern bool xennet_ring_layout_v2;
extern bool xennet_trusted;
extern bool xennet_staged_grants;

/*
 * A first slot this short is copied into the skb's head and its page
 * posted again at once: small packets then cost no page.
 */
#define XENNET_RX_COPY_LEN	256

/* Headers pulled into the linear area before the stack sees a packet. */
#define XENNET_RX_PULL_LEN	128

/*
 * Ring slots one packet may need: the data slots a backend must accept
 * (more are bounced into fewer) and a GSO extra-info slot.
 */
#define XENNET_TX_MAX_NEED	(XEN_NETIF_NR_SLOTS_MIN + 1)

/* What the backend advertises, read once per connect. */
struct xennet_backend {
	unsigned int max_queues;	/* 1 if multi-queue is not offered */
	unsigned int max_ring_order;	/* 0 if multi-page is not offered */
	bool multi_queue;		/* multi-queue-max-queues exists */
	bool multi_page;		/* max-ring-page-order exists */
	unsigned int layout_v2;		/* feature-ring-layout-v2, 0 if missing */
	bool split_evtchn;
	bool sg;
	bool gso_tcpv4;
	bool gso_tcpv6;
	bool ipv6_csum;
	bool no_csum;			/* cannot take csum_blank IPv4 */
	bool xdp_headroom;		/* feature-xdp-headroom */
	bool ctrl_ring;			/* feature-ctrl-ring */
};

/* Counters written by the TX path, always under the TX queue lock. */
struct xennet_tx_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t dropped;		/* not sent: no memory, oversize */
	u64_stats_t errors;		/* backend answered ERROR/DROPPED */
	u64_stats_t notify_sent;	/* events sent to the backend */
	u64_stats_t ring_full;		/* queue stopped for ring space */
	u64_stats_t bounced;		/* copied to fresh pages first */
	u64_stats_t staged;		/* copied into staged pages */
	u64_stats_t staged_fallback;	/* staged on, no pages free: classic */
	u64_stats_t xdp_xmit;		/* frames ndo_xdp_xmit queued */
	u64_stats_t xdp_xmit_errors;	/* frames it could not queue */
};

/* Counters written by the NAPI poll only. */
struct xennet_rx_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t dropped;		/* no memory for an skb */
	u64_stats_t errors;		/* packets rejected, see rejected[] */
	u64_stats_t notify_sent;	/* events sent after posting buffers */
	u64_stats_t csum_fixup;		/* GSO packets without csum_blank */
	u64_stats_t staged;		/* packets copied out of staged pages */
	u64_stats_t xdp[XNIF_XDP_STAT_MAX];	/* verdicts, see xdp.h */
};

struct xennet_queue_stats {
	struct xennet_tx_stats tx;
	struct xennet_rx_stats rx;
	/* Written from interrupt handlers that may run on any CPU. */
	atomic_long_t notify_received_tx;
	atomic_long_t notify_received_rx;
	/* Responses rejected, per reason (enum xnif_rsp_err). */
	atomic_long_t rejected[XNIF_RSP_ERR_MAX];
};

/*
 * One TX ring slot while its request is outstanding: an skb's piece, or
 * an XDP frame (XDP_TX, ndo_xdp_xmit), which always takes one slot.
 */
struct xennet_tx_slot {
	struct sk_buff *skb;	/* NULL while the id is free or for XDP */
	struct xdp_frame *xdpf;	/* the frame; NULL once bounced */
	struct page *page;	/* page the grant covers */
	grant_ref_t gref;	/* claimed for this slot for the queue's life */
	bool own_page;		/* a bounce page: this slot holds a reference */
	bool xdp;		/* an XDP frame's slot is in flight */
	/*
	 * The request names a staged page of the TX share instead (the
	 * queue's staged.tx says which): gref is not granted, page unused.
	 */
	bool staged;
};

/*
 * One RX ring slot: the page posted there and the grant naming it. A
 * slot the backend answered with an extra-info segment keeps its grant:
 * its page was neither read nor handed out, and is posted again as is.
 */
struct xennet_rx_slot {
	struct page *page;	/* NULL once the page went up in an skb */
	grant_ref_t gref;
	bool granted;		/* gref grants page to the backend */
	/*
	 * Posted with the staged pool's page of the same index instead:
	 * gref is not granted, page (if any) only waits to take a copy.
	 */
	bool staged;
};

/*
 * A queue's staged pool (staged.c): pages granted to the backend for the
 * connection's life and named to it in the table page by one
 * ADD_GREF_MAPPING. Built, DELed and freed under rtnl.
 */
struct xennet_staged {
	struct page **pages;
	grant_ref_t *refs;
	unsigned int n;		/* pages granted */
	unsigned int grants;	/* counted in xennet_grants_held */
	struct page *table;	/* struct xen_netif_gref[n], shared */
	grant_ref_t table_ref;
	bool added;		/* the backend got the table with ADD */
	/*
	 * The TX share: pages tx_base.. of the pool, and which TX id holds
	 * each. Storage allocated with the pool under rtnl; once the pool is
	 * added, tx is set up and used under the netdev TX queue lock.
	 */
	unsigned int tx_base;
	struct xnif_staged_tx tx;
	u16 *tx_free;		/* tx's storage */
	u16 *tx_by_id;
};

struct xennet_queue {
	struct xennet_info *info;
	struct xennet_queue_stats *stats;
	unsigned int id;
	struct napi_struct napi;

	/* TX: under the netdev TX queue lock of the same index. */
	struct xnif_ring tx;
	void *tx_shared;
	u32 tx_prod;		/* requests written */
	u32 tx_cons;		/* responses consumed */
	u32 tx_evt_seen;	/* backend's producer at the last TX event */
	struct xennet_tx_slot *tx_slots;
	struct xnif_tx_ids tx_ids;	/* free ids, what each one is owed */
	/*
	 * New packets may take pages of staged.tx: set once the pool is
	 * added, cleared when it is taken back; responses give pages back
	 * either way.
	 */
	bool tx_staged;
	u16 *tx_free;		/* tx_ids' storage */
	u8 *tx_owed;
	grant_ref_t tx_ring_ref[XEN_NETIF_MAX_RING_PAGES];
	struct page *tx_ring_pages[XEN_NETIF_MAX_RING_PAGES];
	evtchn_port_t tx_evtchn;
	int tx_irq;

	/* RX: NAPI only. */
	struct xnif_ring rx ____cacheline_aligned_in_smp;
	void *rx_shared;
	u32 rx_prod;		/* buffers posted */
	u32 rx_cons;		/* responses consumed */
	u32 rx_wait;		/* responses seen; beyond rx_cons: a partial packet */
	u32 rx_evt_seen;	/* backend's producer at the last RX event */
	struct xennet_rx_slot *rx_slots;
	/*
	 * Slots 0..rx_staged-1 post the staged page of their index: set
	 * under rtnl once the pool is added (store-release, so that NAPI
	 * sees the pool it names), back to 0 when it is taken back.
	 */
	unsigned int rx_staged;
	struct page_pool *page_pool;
	struct xdp_rxq_info xdp_rxq;	/* registered with page_pool */
	struct timer_list refill_timer;
	grant_ref_t rx_ring_ref[XEN_NETIF_MAX_RING_PAGES];
	struct page *rx_ring_pages[XEN_NETIF_MAX_RING_PAGES];
	evtchn_port_t rx_evtchn;
	int rx_irq;		/* == tx_irq without split channels */

	unsigned int grants;	/* references held: ring pages and slots */
	struct xennet_staged staged;

	char tx_irq_name[IFNAMSIZ + 8];
	char rx_irq_name[IFNAMSIZ + 8];
};

/* What staged grants came to on this connect (sysfs "staged"). */
enum xennet_staged_state {
	XENNET_STAGED_OFF,	/* not asked: parameter off, no control ring */
	XENNET_STAGED_ON,	/* every queue's pool was added */
	XENNET_STAGED_REFUSED,	/* asked, and fell back to classic grants */
	XENNET_STAGED_MAX
};

/*
 * The control ring (ctrl.c), present while a connect with staged_grants=1
 * found feature-ctrl-ring: page is NULL otherwise. Set up, used and
 * torn down under rtnl only, which is the lock of every field here; the
 * interrupt handler only reads the producer and wakes the waiter.
 */
struct xennet_ctrl {
	struct xen_netif_ctrl_front_ring ring;
	struct page *page;	/* the shared ring */
	grant_ref_t ref;
	evtchn_port_t evtchn;
	int irq;
	u16 next_id;		/* id of the next request */
	bool dead;		/* refused, timed out or lied: no more requests */
	wait_queue_head_t wait;	/* the requester, for the response */
	char irq_name[IFNAMSIZ + 8];
};

/*
 * Bits of xennet_info.flags. As in netback: xennet_fatal() stops a
 * device whose peer broke the protocol, BROKEN says it is stopped and
 * fatal_reason in sysfs says why.
 */
enum {
	XENNET_BROKEN,		/* backend lied: data path stopped */
};

struct xennet_info {
	struct net_device *netdev;
	struct xenbus_device *xbdev;

	/* Under rtnl. */
	struct xennet_queue *queues;
	unsigned int num_queues;
	unsigned int want_queues;	/* ethtool -L; 0: as many as allowed */
	unsigned int want_slots;	/* ethtool -G; 0: the ring_size parameter */
	unsigned int ring_order;
	enum xnif_ring_layout ring_layout;
	struct xennet_backend be;
	bool be_known;		/* be was read at least once */
	/* What the last connect picked and why (xnif_budget_pick()). */
	struct xnif_budget_out budget;
	unsigned int budget_tries;
	bool bounce;		/* backend untrusted: copy TX to fresh pages */
	bool reconnect;		/* closing only to connect again */
	bool napi_on;		/* NAPI of every queue is enabled */
	/*
	 * The XDP program: written under rtnl, read by NAPI under RCU. It
	 * outlives the queues, so reconnects keep it. xdp_headroom is what
	 * this connect asked the backend for (xnif_xdp_headroom()).
	 */
	struct bpf_prog __rcu *xdp_prog;
	unsigned int xdp_headroom;
	unsigned long reconnects;
	/* How many "connected" lines this device printed lately. */
	struct xnif_log_limit connect_log;

	unsigned long flags;	/* XENNET_BROKEN */
	enum xnif_rsp_err broken_reason;
	/* The last violation that broke the device; kept across reconnects. */
	struct xnif_fatal_rec fatal;

	/* What the toolstack says about the link (xennet_read_link()). */
	u32 speed;		/* Mb/s for ethtool; READ_ONCE */
	unsigned int toolstack_mtu;	/* last applied; under rtnl */
	bool removing;		/* remove() owns the handshake now */

	struct xennet_queue_stats *stats;	/* netdev->num_tx_queues */

	struct xennet_ctrl ctrl;
	/* Control responses rejected or missed, over all connects. */
	atomic_long_t ctrl_errors;
	/*
	 * Staged grants, written under rtnl with WRITE_ONCE (sysfs reads
	 * them without it): set at each connect's link-up.
	 */
	enum xennet_staged_state staged_state;
	unsigned int staged_pages;	/* per queue, while ON */
	bool staged_asked;		/* this connect asked the backend */
	/* Devices that fell back to classic grants, over all connects. */
	atomic_long_t staged_fallback;
};

static inline bool xennet_broken(const struct xennet_info *np)
{
	return test_bit(XENNET_BROKEN, &np->flags);
}

/* xenbus.c */
extern struct xenbus_driver xennet_driver;
void xennet_request_reconnect(struct xennet_info *np);

/* connect.c */
extern atomic_t xennet_grants_held;
unsigned int xennet_free_grants(void);
int xennet_connect(struct xennet_info *np);
void xennet_read_backend(struct xennet_info *np);
void xennet_forget_keys(const struct xennet_info *np);
void xennet_disconnect(struct xennet_info *np);
unsigned int xennet_max_channels(const struct xennet_info *np);
unsigned int xennet_want_channels(const struct xennet_info *np);
unsigned int xennet_want_slots(const struct xennet_info *np);
unsigned int xennet_max_order(const struct xennet_info *np);
void xennet_read_link(struct xennet_info *np);

/* ctrl.c */
struct xenbus_transaction;
int xennet_ctrl_setup(struct xennet_info *np);
void xennet_ctrl_teardown(struct xennet_info *np);
int xennet_ctrl_write_keys(struct xenbus_transaction *xbt, const char *dir,
			   const struct xennet_info *np);
int xennet_ctrl_call(struct xennet_info *np, u16 type, u32 d0, u32 d1,
		     u32 d2, u32 *data);
void xennet_ctrl_fail(struct xennet_info *np, enum xnif_ctrl_rsp_err why);
void xennet_ctrl_link_up(struct xennet_info *np);

/* staged.c */
const char *xennet_staged_name(enum xennet_staged_state s);
void xennet_stage(struct xennet_info *np, u32 be_size);
void xennet_unstage(struct xennet_info *np);
void xennet_staged_free(struct xennet_queue *q);

/* queue.c */
int xennet_queue_init(struct xennet_queue *q);
void xennet_queue_free(struct xennet_queue *q);
void xennet_napi_enable_all(struct xennet_info *np);
void xennet_napi_disable_all(struct xennet_info *np);
void xennet_fatal(struct xennet_queue *q, enum xnif_rsp_err why);
void xennet_count_rejected(struct xennet_queue *q, enum xnif_rsp_err why);

/* event.c */
irqreturn_t xennet_irq_tx(int irq, void *dev_id);
irqreturn_t xennet_irq_rx(int irq, void *dev_id);
irqreturn_t xennet_irq_both(int irq, void *dev_id);
int xennet_poll(struct napi_struct *napi, int budget);

/* tx.c */
netdev_tx_t xennet_start_xmit(struct sk_buff *skb, struct net_device *dev);
void xennet_tx_reap(struct xennet_queue *q, int budget);
bool xennet_tx_arm(struct xennet_queue *q);
void xennet_tx_release(struct xennet_queue *q);
int xennet_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		    u32 flags);
bool xennet_xdp_tx(struct xennet_queue *q, struct xdp_buff *xdp);
void xennet_xdp_tx_flush(struct xennet_queue *q);

/* rx.c */
int xennet_rx_poll(struct xennet_queue *q, int budget);
void xennet_rx_refill(struct xennet_queue *q);
bool xennet_rx_arm(struct xennet_queue *q);
void xennet_rx_release(struct xennet_queue *q);
void xennet_refill_timeout(struct timer_list *t);

/* netdev.c */
struct net_device *xennet_alloc_netdev(struct xenbus_device *xbdev);
unsigned int xennet_xdp_room(void);
void xennet_free_netdev(struct net_device *dev);

/* sysfs.c */
extern const struct attribute_group *xennet_dev_groups[];

/* ethtool.c */
extern const struct ethtool_ops xennet_ethtool_ops;
extern const struct netdev_stat_ops xennet_stat_ops;

#endif /* _XEN_NETFRONT_H */
