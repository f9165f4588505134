/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel range: both modules are written against the newest kernel
 * API they build for; each entry below gives an older kernel the one
 * piece of that API it lacks, under the release that introduced it.
 * The range is 6.1 (Debian 12's default kernel) to the newest kernel
 * Debian ships (unstable); `make compat` (scripts/compat) builds both
 * modules against each end and 6.12, `make check` against 6.1 and 6.12.
 *
 * Kernel glue only: the pure protocol files beside this one are also
 * built in userspace (fuzzers) and on UML (KUnit) and never include it.
 * When the oldest supported kernel reaches an entry's release, the entry
 * goes and its callers keep the kernel's own name or form.
 */
#ifndef _XEN_NETIF_COMPAT_H
#define _XEN_NETIF_COMPAT_H

#include <linux/version.h>
#include <linux/ethtool.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <net/netlink.h>
#include <xen/xenbus.h>

/*
 * v6.2: formatted extended-ack messages. 6.1's extack holds a constant
 * string only: it says where the detail went, the kernel log.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, ...)			\
	do {								\
		NL_SET_ERR_MSG_MOD(extack, "invalid value, see the kernel log"); \
		pr_info_ratelimited(fmt "\n", ##__VA_ARGS__);		\
	} while (0)
#endif

/* v6.3: xenbus_driver.uevent() takes a const device. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define XNIF_UEVENT_CONST const
#else
#define XNIF_UEVENT_CONST
#endif

/*
 * v6.4: hex_to_bin() and friends in <linux/hex.h>; kernel.h, which had
 * them before, no longer includes that header by 7.2.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#include <linux/hex.h>
#endif

/* v6.6: the page pool's allocation helpers in <net/page_pool/helpers.h>. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

/*
 * The page pool's queue hints: .napi (v6.4, direct recycling), .netdev
 * (v6.8, netlink introspection) and .queue_idx (later; in 6.12). Set
 * from 6.12 on; a pool without them works the same, only slower to
 * recycle and invisible to netlink.
 */
static inline void xnif_pp_set_queue(struct page_pool_params *pp,
				     struct napi_struct *napi,
				     struct net_device *dev, unsigned int idx)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	pp->napi = napi;
	pp->netdev = dev;
	pp->queue_idx = idx;
#endif
}

/*
 * v6.3: a device advertises the XDP actions it supports in
 * xdp_features (netlink shows them). Before, there was nothing to set:
 * the program attaches the same way.
 */
static inline void xnif_set_xdp_features(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	dev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			    NETDEV_XDP_ACT_NDO_XMIT;
#endif
}

/* v6.8: ethtool_puts(), one ETH_GSTRING_LEN name, zero-padded. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
static inline void ethtool_puts(u8 **data, const char *str)
{
	strscpy_pad(*data, str, ETH_GSTRING_LEN);
	*data += ETH_GSTRING_LEN;
}
#endif

/*
 * v6.8: the netdev netlink family links each queue to its NAPI context
 * and a NAPI context to its irq. Before, there was nothing to link:
 * the data path is the same, only netlink shows less.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
enum netdev_queue_type {
	NETDEV_QUEUE_TYPE_RX,
	NETDEV_QUEUE_TYPE_TX,
};

static inline void netif_napi_set_irq(struct napi_struct *napi, int irq)
{
}

static inline void netif_queue_set_napi(struct net_device *dev,
					unsigned int queue_index,
					enum netdev_queue_type type,
					struct napi_struct *napi)
{
}
#endif

/*
 * v6.9: per-queue statistics through netlink (NETDEV_CMD_QSTATS_GET),
 * from a device's struct netdev_stat_ops. Before, the callbacks exist
 * but nothing calls them: ethtool -S and /proc/net/dev still count.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
#include <net/netdev_queues.h>
#define xnif_set_stat_ops(dev, ops) ((dev)->stat_ops = (ops))
#else
struct netdev_queue_stats_rx {
	u64 bytes;
	u64 packets;
};

struct netdev_queue_stats_tx {
	u64 bytes;
	u64 packets;
};

struct netdev_stat_ops {
	void (*get_queue_stats_rx)(struct net_device *dev, int idx,
				   struct netdev_queue_stats_rx *stats);
	void (*get_queue_stats_tx)(struct net_device *dev, int idx,
				   struct netdev_queue_stats_tx *stats);
	void (*get_base_stats)(struct net_device *dev,
			       struct netdev_queue_stats_rx *rx,
			       struct netdev_queue_stats_tx *tx);
};

#define xnif_set_stat_ops(dev, ops) ((void)(dev), (void)(ops))
#endif

/*
 * v6.10: __assign_str() takes the field only, its source comes from
 * __string(); before, it was given again.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define XNIF_ASSIGN_STR(field, src) __assign_str(field)
#else
#define XNIF_ASSIGN_STR(field, src) __assign_str(field, src)
#endif

/*
 * v6.10: a zero-copy skb's completion is in struct ubuf_info_ops; before,
 * it was a function pointer in struct ubuf_info itself.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define xnif_ubuf_set_ops(ubuf, o) ((ubuf)->ops = (o))
#else
struct ubuf_info_ops {
	void (*complete)(struct sk_buff *skb, struct ubuf_info *uarg,
			 bool zerocopy_success);
};

#define xnif_ubuf_set_ops(ubuf, o) ((ubuf)->callback = (o)->complete)
#endif

/* v6.12: the unaligned accessors in <linux/unaligned.h>. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* v6.13: hrtimer_setup() sets the callback with the rest of the timer. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
static inline void
hrtimer_setup(struct hrtimer *timer,
	      enum hrtimer_restart (*function)(struct hrtimer *),
	      clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

/* v6.16: timer_container_of() is from_timer()'s new name. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 16, 0)
#define timer_container_of(var, t, field) from_timer(var, t, field)
#endif

/*
 * v7.0: xenbus_read_driver_state() is given the device, so that a peer
 * whose domain vanished reads as Unknown.
 */
static inline enum xenbus_state
xnif_read_driver_state(const struct xenbus_device *dev, const char *path)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	return xenbus_read_driver_state(dev, path);
#else
	return xenbus_read_driver_state(path);
#endif
}

#endif /* _XEN_NETIF_COMPAT_H */
