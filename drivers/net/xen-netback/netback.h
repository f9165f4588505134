/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netback: the state of the backend and what its files offer each other.
 *
 * Three levels of state, each owning the next:
 *
 *   struct xenvif_be      one per xenbus "vif" device (xenbus.c): the
 *                         backend's xenbus state, hotplug, watches.
 *   struct xenvif         one per vif netdev, its netdev_priv (vif.c): what
 *                         the frontend negotiated, the queue set, the
 *                         control ring, hashing and multicast filters.
 *   struct xenvif_queue   one per queue (queue.c): a TX and an RX ring of
 *                         2^order pages, their event channels, the NAPI
 *                         context that serves guest TX and the kernel
 *                         thread that serves guest RX.
 *
 * "Guest TX" is what the frontend sends (the vif receives it); "guest RX"
 * is what the frontend receives (the vif transmits it). Counters and
 * function names follow the guest's point of view, as the rings do.
 *
 * Locking, outermost first:
 *   be->lock      a mutex held across every change of the device's state:
 *                 xenbus callbacks, watch callbacks and the work that
 *                 disables a misbehaving vif. Never taken by the data path.
 *   rtnl          publishing or withdrawing the queue set and bringing
 *                 queues up or down (vif->qs writers, ndo_open/ndo_stop).
 *   vif->qs       RCU: the data path, statistics and ethtool read it under
 *                 rcu_read_lock(); disconnect withdraws it, waits for
 *                 readers and only then frees it.
 * Per-queue locks are described in struct xenvif_queue.
 */
#ifndef _XEN_NETBACK_NETBACK_H
#define _XEN_NETBACK_NETBACK_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <xen/grant_table.h>
#include <xen/xenbus.h>
#include <xen/interface/io/netif.h>

#include "compat.h"
#include "copy_plan.h"
#include "credit.h"
#include "fatal.h"
#include "ring.h"
#include "rx_pin.h"
#include "staged.h"
#include "tx_validate.h"

struct xenvif;
struct xenvif_hash;
struct xenvif_staged;
struct xenvif_tx_batch;
struct xenvif_rx_batch;
struct xenvif_zc;
struct seq_file;

/* Most queues a vif ever has, whatever max_queues says. */
#define XENVIF_MAX_QUEUES	64

/* Module parameters (main.c). */
extern unsigned int xenvif_max_queues;
extern unsigned int xenvif_max_ring_order;
extern bool xenvif_ring_layout_v2;
extern bool xenvif_spread_threads;
extern unsigned int xenvif_tx_coalesce_usecs;
extern bool xenvif_split_evtchn;
extern bool xenvif_tx_zerocopy;
extern bool xenvif_grant_scan;
extern unsigned int xenvif_stall_timeout_ms;
extern unsigned int xenvif_drain_timeout_ms;
extern bool xenvif_provides_xdp_headroom;
extern unsigned int xenvif_rx_pin_kib;
extern unsigned int xenvif_fatal_skb_slots;
extern bool xenvif_staged_enable;
extern unsigned int xenvif_staged_max_grefs;

/* One event channel and the irq it is bound to. */
struct xenvif_evtchn {
	unsigned int irq;		/* 0 while unbound */
	/*
	 * Halves of the queue (XENVIF_EOI_TX/RX) that took work from the
	 * last event and still hold its late EOI: the channel stays quiet
	 * until the last of them is done.
	 */
	atomic_t eoi_pending;
	char name[32];
};

#define XENVIF_EOI_TX		BIT(0)
#define XENVIF_EOI_RX		BIT(1)

/* A ring as the backend sees it: shared indices plus its private ones. */
struct xenvif_ring {
	struct xnif_ring ring;
	void *shared;			/* mapped pages, NULL when unmapped */
	u32 req_cons;			/* next request to read */
	u32 rsp_prod;			/* next response to write (unpublished) */
	u32 evt_seen;			/* peer's producer at the last event */
};

/*
 * Per-queue counters, one group per writer so that every counter has a
 * single writer: the NAPI poll (guest TX), the kernel thread (guest RX),
 * and atomics for the paths that run anywhere. ethtool.c names each one
 * once, in its descriptor table.
 */
struct xenvif_tx_stats {
	struct u64_stats_sync syncp;	/* NAPI only */
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t dropped;		/* refused or failed guest packets */
	u64_stats_t csum_fixup;		/* GSO without csum_blank, repaired */
	u64_stats_t rate_limited;	/* times the credit stopped the queue */
	u64_stats_t notify_sent;	/* notifications after TX responses */
	u64_stats_t copied;		/* packets delivered by grant copy */
	u64_stats_t mapped;		/* packets delivered by grant map */
	u64_stats_t staged_copies;	/* copies out of staged pages */
};

struct xenvif_rx_stats {
	struct u64_stats_sync syncp;	/* kernel thread only */
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t dropped;		/* expired, purged or failed copies */
	u64_stats_t ring_full;		/* times the guest had too few buffers */
	u64_stats_t notify_sent;	/* notifications after RX responses */
	u64_stats_t stalls;		/* times the queue was declared stalled */
	u64_stats_t late_notify_sent;	/* after late (grant-map) TX responses */
	u64_stats_t staged_copies;	/* copies into staged pages */
};

struct xenvif_stats {
	struct xenvif_tx_stats tx;
	struct xenvif_rx_stats rx;
	atomic_long_t xmit_dropped;	/* start_xmit refusals, any CPU */
	atomic_long_t events;		/* events that carried work */
	atomic_long_t spurious;		/* events that carried none */
	/* Grant copies of a queue with staged pages, both directions. */
	atomic_long_t staged_fallbacks;
};

/*
 * Locking in a queue:
 *   - guest TX state is touched by the NAPI poll only, which the core
 *     runs on one CPU at a time; tx_rsp_lock additionally orders the
 *     producers of TX responses, which are the poll and, with grant
 *     mapping, the kernel thread returning slots whose pages were freed;
 *   - guest RX state is touched by the kernel thread only, except
 *     rx_queue, whose own lock also covers rx_queue_bytes, because
 *     start_xmit appends to it from any CPU.
 */
struct xenvif_queue {
	struct xenvif *vif;
	unsigned int id;
	char name[IFNAMSIZ + 8];	/* "vif1.0-q0": irqs and the thread */

	struct xenvif_evtchn tx_evt;
	struct xenvif_evtchn rx_evt;	/* unused with one shared channel */
	bool split;			/* separate TX and RX channels */

	/* Guest TX: the NAPI poll. */
	struct napi_struct napi;
	struct xenvif_ring tx;
	spinlock_t tx_rsp_lock;		/* tx.rsp_prod and response slots */
	struct xenvif_tx_batch *txb;
	struct xnif_tx_packet pkt;	/* the packet being parsed */
	struct timer_list credit_timer;	/* vif->credit's next period */
	bool rate_limited;		/* waiting for credit_timer */
	struct hrtimer tx_coalesce;	/* polls again after a burst */
	struct xnif_tx_pace tx_pace;	/* NAPI context only */
	struct xenvif_zc *zc;		/* grant-map state, NULL when copying */

	/* Guest RX: the kernel thread. */
	struct xenvif_ring rx;
	struct sk_buff_head rx_queue;	/* packets waiting for the guest */
	u32 rx_queue_bytes;		/* truesize charged; under rx_queue.lock */
	u32 rx_queue_max;
	struct xenvif_rx_batch *rxb;
	unsigned long rx_progress;	/* jiffies: last time the guest took data */
	bool stalled;
	struct task_struct *task;
	wait_queue_head_t wq;

	struct xenvif_stats stats;
};

/* The queues of a connection, published as one RCU pointer. */
struct xenvif_queue_set {
	unsigned int num;
	struct rcu_head rcu;
	struct xenvif_queue queue[] __counted_by(num);
};

/* Failure statuses of control responses: NOT_SUPPORTED and beyond. */
#define XENVIF_CTRL_STATUS_MAX	(XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW + 1)

/* Counters of refusals by reason, per vif: rare, any CPU. */
struct xenvif_reason_stats {
	atomic_long_t tx[XNIF_TX_REASON_MAX];
	atomic_long_t tx_bad_gref;	/* guest TX data Xen would not copy or map */
	atomic_long_t rx_prod;		/* impossible RX producer index */
	atomic_long_t ctrl_prod;	/* impossible control producer index */
	/* Control requests refused, by the status they were answered with. */
	atomic_long_t ctrl_status[XENVIF_CTRL_STATUS_MAX];
	/* Staged gref requests that disabled the vif, by verdict (0 unused). */
	atomic_long_t ctrl_staged[XNIF_STAGED_VERDICT_MAX];
};

/*
 * vif->flags. Both drivers say it alike: xenvif_fatal() (netfront:
 * xennet_fatal()) stops a device whose peer broke the protocol, BROKEN
 * says it is stopped, and fatal_reason in sysfs says why.
 */
enum {
	XENVIF_BROKEN,		/* the frontend broke the protocol */
};

/* What the frontend asked for, read from xenstore at connect. */
struct xenvif_features {
	bool can_sg;
	bool gso_tcpv4;
	bool gso_tcpv6;
	bool ip_csum;
	bool ipv6_csum;
	bool rx_notify;
};

struct xenvif {
	struct net_device *dev;
	struct xenvif_be *be;
	domid_t domid;
	unsigned int handle;
	unsigned long flags;

	/* Negotiated at connect; fe is written under rtnl. */
	struct xenvif_features fe;
	unsigned int num_queues;	/* of the connection, set before any ring */
	unsigned int ring_order;
	enum xnif_ring_layout ring_layout;
	unsigned int stall_timeout;	/* jiffies, 0: no stall detection */
	unsigned int drain_timeout;	/* jiffies */
	u16 xdp_headroom;		/* READ_ONCE: changes while connected */
	bool mcast_ctrl;		/* READ_ONCE: changes while connected */

	struct xenvif_queue_set __rcu *qs;
	atomic_t stalled_queues;
	/* Bytes (truesize) queued for the guest, all queues (rx.c). */
	struct xnif_rx_pin rx_pin;
	/* RX batches given to the guest, any queue: its answers (tx.c). */
	atomic_long_t rx_batches;

	/* Toolstack rate: rate_lock orders the pair against its readers. */
	spinlock_t rate_lock;
	u64 rate_bytes;
	u32 rate_usecs;
	atomic_t rate_gen;		/* bumped on every change */
	/*
	 * The rate's credit, one for all queues: the rate is the vif's.
	 * Taken by the queues' NAPI polls under credit_lock.
	 */
	spinlock_t credit_lock;
	struct xnif_credit credit;
	unsigned int credit_gen;	/* rate_gen the credit follows */
	bool credit_unlimited;		/* READ_ONCE: skip the lock */

	/* Control ring (ctrl.c). */
	struct xenvif_ring ctrl;
	unsigned int ctrl_irq;		/* 0 while unbound */
	struct work_struct ctrl_work;	/* serves the ring, one at a time */
	struct mutex ctrl_lock;		/* hash, staged writers: ctrl_work */
	struct xenvif_hash __rcu *hash;
	/*
	 * Staged grants (staged.c), NULL unless staged_enable: set before
	 * the control ring goes live, freed after the queues are gone.
	 */
	struct xenvif_staged *staged;

	/* Multicast filter (mcast.c): RCU list, writers under mcast_lock. */
	spinlock_t mcast_lock;
	struct list_head mcast;
	unsigned int mcast_count;

	/* Totals of queue sets already torn down, for the netdev stats. */
	struct rtnl_link_stats64 base;

	struct xenvif_reason_stats reasons;
	struct dentry *debugfs;

	/* The last violation that disabled the vif; kept across reconnects. */
	struct xnif_fatal_rec fatal;

	u32 speed;			/* Mb/s for ethtool; READ_ONCE */
	/* MTU lowered for a frontend without scatter-gather; under rtnl. */
	unsigned int mtu_lowered;	/* 0: not lowered */
};

/* One xenbus device: lives from probe to remove. */
struct xenvif_be {
	struct xenbus_device *dev;
	struct mutex lock;		/* the device's state; see the top */
	struct xenvif *vif;
	enum xenbus_state state;	/* where the backend is headed */
	enum xenbus_state fe_state;
	const char *script;		/* hotplug script, for uevents */
	struct xenbus_watch hotplug_watch;
	bool hotplug_wait;		/* Connected waits for hotplug-status */
	struct xenbus_watch rate_watch;
	struct xenbus_watch mcast_watch;
	struct work_struct disable_work;
	unsigned int max_queues;	/* offered in multi-queue-max-queues */
	unsigned int max_order;		/* offered in max-ring-page-order */
	bool restart;			/* the admin asked: InitWait once Closed */
	bool layout_v2;			/* offered feature-ring-layout-v2 */
};

/* Add to a guest TX counter: the NAPI poll only. */
static inline void xenvif_tx_stat_add(struct xenvif_queue *queue,
				      u64_stats_t *ctr, u64 v)
{
	u64_stats_update_begin(&queue->stats.tx.syncp);
	u64_stats_add(ctr, v);
	u64_stats_update_end(&queue->stats.tx.syncp);
}

/* Add to a guest RX counter: the kernel thread only. */
static inline void xenvif_rx_stat_add(struct xenvif_queue *queue,
				      u64_stats_t *ctr, u64 v)
{
	u64_stats_update_begin(&queue->stats.rx.syncp);
	u64_stats_add(ctr, v);
	u64_stats_update_end(&queue->stats.rx.syncp);
}

static inline bool xenvif_broken(const struct xenvif *vif)
{
	return test_bit(XENVIF_BROKEN, &vif->flags);
}

/* xenbus.c */
int xenvif_xenbus_init(void);
void xenvif_xenbus_exit(void);
void xenvif_be_disable(struct xenvif_be *be);
void xenvif_be_restart(struct xenvif_be *be);
int xenvif_hotplug_watch(struct xenvif_be *be);

/* connect.c */
int xenvif_connect(struct xenvif_be *be);
void xenvif_disconnect(struct xenvif_be *be);
void xenvif_read_xdp_headroom(struct xenvif_be *be);
void xenvif_rate_changed(struct xenbus_watch *watch, const char *path,
			 const char *token);
void xenvif_mcast_ctrl_changed(struct xenbus_watch *watch, const char *path,
			       const char *token);

/* vif.c */
struct xenvif *xenvif_create(struct device *parent, domid_t domid,
			     unsigned int handle, unsigned int max_queues,
			     unsigned int mtu);
void xenvif_destroy(struct xenvif *vif);
void xenvif_fatal(struct xenvif *vif, int qid, const char *why);
void xenvif_attach_queues(struct xenvif *vif, struct xenvif_queue_set *qs,
			  const struct xenvif_features *fe);
struct xenvif_queue_set *xenvif_detach_queues(struct xenvif *vif);
void xenvif_queue_stalled(struct xenvif_queue *queue, bool stalled);

/* queue.c */
struct xenvif_queue_refs {
	unsigned int order;		/* log2 of pages per ring */
	grant_ref_t tx[XEN_NETIF_MAX_RING_PAGES];
	grant_ref_t rx[XEN_NETIF_MAX_RING_PAGES];
	evtchn_port_t tx_evtchn;
	evtchn_port_t rx_evtchn;	/* == tx_evtchn: one shared channel */
};

int xenvif_queue_connect(struct xenvif_queue *queue,
			 const struct xenvif_queue_refs *refs);
void xenvif_queue_disconnect(struct xenvif_queue *queue);
void xenvif_queue_up(struct xenvif_queue *queue);
int xenvif_kthread(void *data);
void xenvif_queue_down(struct xenvif_queue *queue);
int xenvif_ring_map(struct xenvif *vif, struct xenvif_ring *ring,
		    const grant_ref_t *refs, unsigned int order,
		    enum xnif_ring_layout layout, unsigned int req_size,
		    unsigned int rsp_size);
void xenvif_ring_unmap(struct xenvif *vif, struct xenvif_ring *ring);
bool xenvif_ring_requests(struct xenvif_ring *ring, u32 *avail);
bool xenvif_ring_publish(struct xenvif_ring *ring);
void xenvif_evt_release(struct xenvif_evtchn *evt, unsigned int half);
void xenvif_kick_thread(struct xenvif_queue *queue);

/* tx.c */
int xenvif_tx_poll(struct napi_struct *napi, int budget);
void xenvif_tx_credit_expired(struct timer_list *t);
enum hrtimer_restart xenvif_tx_coalesce_expired(struct hrtimer *t);
bool xenvif_tx_news(struct xenvif_queue *queue);
int xenvif_tx_alloc(struct xenvif_queue *queue);
void xenvif_tx_free(struct xenvif_queue *queue);
void xenvif_tx_complete(struct xenvif_queue *queue);
void xenvif_tx_drain(struct xenvif_queue *queue);

/* tx_zerocopy.c */
int xenvif_zc_alloc(struct xenvif_queue *queue);
void xenvif_zc_free(struct xenvif_queue *queue);
bool xenvif_zc_work(struct xenvif_queue *queue);

/* rx.c */
netdev_tx_t xenvif_start_xmit(struct sk_buff *skb, struct net_device *dev);
bool xenvif_rx_news(struct xenvif_queue *queue);
bool xenvif_rx_work(struct xenvif_queue *queue);
long xenvif_rx_timeout(struct xenvif_queue *queue);
void xenvif_rx_run(struct xenvif_queue *queue);
int xenvif_rx_alloc(struct xenvif_queue *queue);
void xenvif_rx_free(struct xenvif_queue *queue);
void xenvif_rx_purge(struct xenvif_queue *queue);

/* ctrl.c */
int xenvif_ctrl_connect(struct xenvif *vif, grant_ref_t ref,
			evtchn_port_t evtchn);
void xenvif_ctrl_disconnect(struct xenvif *vif);
u32 xenvif_ctrl_copy(struct xenvif *vif, grant_ref_t gref, void *buf,
		     unsigned int len, bool to_guest);
/* staged.c */
int xenvif_staged_alloc(struct xenvif *vif);
void xenvif_staged_free(struct xenvif *vif);
bool xenvif_staged_type(u16 type);
u32 xenvif_staged_request(struct xenvif *vif,
			  const struct xen_netif_ctrl_request *req, u32 *data);
bool xenvif_staged_copy(struct xenvif_queue *queue, grant_ref_t gref,
			unsigned int off, void *local, unsigned int len,
			bool to_guest);

/*
 * Called per chunk on both data paths: a vif that staged nothing (every
 * vif with staged_enable=0) pays one load here, not a call and an RCU
 * read section.
 */
static inline bool xenvif_staged_maybe(const struct xenvif_queue *queue)
{
	return READ_ONCE(queue->vif->staged);
}

/* Guest RX, the kernel thread: into a buffer the guest posted. */
static inline bool xenvif_staged_rx_copy(struct xenvif_queue *queue,
					 grant_ref_t gref, unsigned int off,
					 void *src, unsigned int len)
{
	return xenvif_staged_maybe(queue) &&
	       xenvif_staged_copy(queue, gref, off, src, len, true);
}

bool xenvif_staged_tx_any(struct xenvif_queue *queue,
			  const struct xnif_tx_packet *pkt);

/*
 * Guest TX, the NAPI poll: whether a packet names a staged page, so that
 * it is copied out of our mapping rather than grant-mapped (tx_zerocopy).
 */
static inline bool xenvif_staged_tx_named(struct xenvif_queue *queue,
					  const struct xnif_tx_packet *pkt)
{
	return xenvif_staged_maybe(queue) && xenvif_staged_tx_any(queue, pkt);
}

/* Guest TX, the NAPI poll: out of a slot the guest sent, read once. */
static inline bool xenvif_staged_tx_copy(struct xenvif_queue *queue,
					 grant_ref_t gref, unsigned int off,
					 void *dst, unsigned int len)
{
	return xenvif_staged_maybe(queue) &&
	       xenvif_staged_copy(queue, gref, off, dst, len, false);
}

/* hash.c */
u16 xenvif_select_queue(struct net_device *dev, struct sk_buff *skb,
			struct net_device *sb_dev);
void xenvif_hash_skb(struct xenvif *vif, struct sk_buff *skb);
bool xenvif_hash_extra(struct xenvif *vif, const struct sk_buff *skb,
		       struct xen_netif_extra_info *extra);
void xenvif_hash_free(struct xenvif *vif);
void xenvif_hash_show(struct xenvif *vif, struct seq_file *m);
u32 xenvif_hash_request(struct xenvif *vif,
			const struct xen_netif_ctrl_request *req, u32 *data);

/* mcast.c */
int xenvif_mcast_add(struct xenvif *vif, const u8 *addr);
void xenvif_mcast_del(struct xenvif *vif, const u8 *addr);
bool xenvif_mcast_match(struct xenvif *vif, const u8 *addr);
void xenvif_mcast_flush(struct xenvif *vif);

/* ethtool.c */
extern const struct ethtool_ops xenvif_ethtool_ops;
void xenvif_queue_totals(struct xenvif_queue *queue,
			 struct rtnl_link_stats64 *s);
extern const struct netdev_stat_ops xenvif_stat_ops;

/* sysfs.c */
extern const struct attribute_group *xenvif_dev_groups[];

/* debugfs.c */
void xenvif_debugfs_init(void);
void xenvif_debugfs_exit(void);
void xenvif_debugfs_add(struct xenvif *vif);
void xenvif_debugfs_del(struct xenvif *vif);

/* grant_scan.c: what a guest's granted pages hold outside its packets */
void xenvif_scan_tx(struct xenvif *vif, const struct xnif_tx_packet *pkt);
void xenvif_scan_rx(struct xenvif *vif, grant_ref_t gref);
void xenvif_grant_scan_debugfs(struct dentry *root);

#endif /* _XEN_NETBACK_NETBACK_H */
