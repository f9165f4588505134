// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: module parameters, load and unload.
 *
 * Parameters are read when a frontend connects (or, for the limits a
 * backend advertises, when the xenbus device is probed), so changing one
 * affects the next connection and never one in progress.
 */
#include <linux/cpumask.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include <xen/xen.h>

#include "negotiate.h"
#include "netback.h"
#include "tx_validate.h"
#include "version.h"

unsigned int xenvif_max_queues;
module_param_named(max_queues, xenvif_max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
		 "Most queues a frontend may ask for (default: online CPUs, at most 8)");

unsigned int xenvif_max_ring_order = XEN_NETIF_MAX_RING_PAGE_ORDER;
module_param_named(max_ring_page_order, xenvif_max_ring_order, uint, 0644);
MODULE_PARM_DESC(max_ring_page_order,
		 "Largest ring a frontend may share, as log2 of its pages (0-4)");

bool xenvif_ring_layout_v2 = XNIF_BE_OFFERS_V2_DEFAULT;
module_param_named(ring_layout_v2, xenvif_ring_layout_v2, bool, 0644);
MODULE_PARM_DESC(ring_layout_v2,
		 "Offer ring layout v2 (indices and entries on cache lines of one writer; default 1, the frontend chooses)");

bool xenvif_spread_threads;
module_param_named(spread_threads, xenvif_spread_threads, bool, 0644);
MODULE_PARM_DESC(spread_threads,
		 "Bind each queue's thread to its own dom0 CPU, spreading guests and queues over them");

bool xenvif_split_evtchn = true;
module_param_named(separate_tx_rx_irq, xenvif_split_evtchn, bool, 0644);
MODULE_PARM_DESC(separate_tx_rx_irq,
		 "Offer separate TX and RX event channels");

unsigned int xenvif_tx_coalesce_usecs = 200;
module_param_named(tx_coalesce_usecs, xenvif_tx_coalesce_usecs, uint, 0644);
MODULE_PARM_DESC(tx_coalesce_usecs,
		 "While the guest streams, poll its TX ring again this much later instead of asking it for an event (0: always ask at once)");

bool xenvif_tx_zerocopy;
module_param_named(tx_zerocopy, xenvif_tx_zerocopy, bool, 0644);
MODULE_PARM_DESC(tx_zerocopy,
		 "Map guest TX pages instead of copying them");

bool xenvif_grant_scan;
module_param_named(grant_scan, xenvif_grant_scan, bool, 0644);
MODULE_PARM_DESC(grant_scan,
		 "Test aid: copy every page a guest grants whole and count the bytes outside its packets that are not zero (debugfs grant_scan); slow");

unsigned int xenvif_stall_timeout_ms = 5000;
module_param_named(rx_stall_timeout_msecs, xenvif_stall_timeout_ms, uint,
		   0644);
MODULE_PARM_DESC(rx_stall_timeout_msecs,
		 "A guest that posts no receive buffers for this long is stalled: carrier off (0: never)");

unsigned int xenvif_drain_timeout_ms = 2000;
module_param_named(rx_drain_timeout_msecs, xenvif_drain_timeout_ms, uint,
		   0644);
MODULE_PARM_DESC(rx_drain_timeout_msecs,
		 "Packets waiting this long for a guest's buffers are dropped");

bool xenvif_provides_xdp_headroom = true;
module_param_named(provides_xdp_headroom, xenvif_provides_xdp_headroom, bool,
		   0644);
MODULE_PARM_DESC(provides_xdp_headroom,
		 "Leave the headroom a frontend asks for before received data");

unsigned int xenvif_rx_pin_kib;
module_param_named(rx_max_queued_kib, xenvif_rx_pin_kib, uint, 0644);
MODULE_PARM_DESC(rx_max_queued_kib,
		 "Most KiB (truesize) of packets a vif holds for its guest, all queues together (default 0: 512 per queue, as stock)");

bool xenvif_staged_enable;
module_param_named(staged_enable, xenvif_staged_enable, bool, 0644);
MODULE_PARM_DESC(staged_enable,
		 "Experimental: serve the control ring's gref mapping requests (staged grants); default 0, answered not supported as stock");

/*
 * Stock pins MAX_PENDING_REQS (256) pages per queue for guest TX maps, so
 * at least 256 per vif: 256 more mapped pages per vif keeps a vif at most
 * twice stock's, whatever its queue count (see xen-netback.rst).
 */
#define XENVIF_STAGED_MAX_GREFS_DEFAULT	256
unsigned int xenvif_staged_max_grefs = XENVIF_STAGED_MAX_GREFS_DEFAULT;
module_param_named(staged_max_grefs, xenvif_staged_max_grefs, uint, 0644);
MODULE_PARM_DESC(staged_max_grefs,
		 "Most guest pages a vif keeps mapped for staged grants, shared evenly by its queues (default 256; each queue at most 512)");

/*
 * Stock's meaning: a packet whose first slot is followed by more than
 * this many data slots disables the vif. Stock raises values below 18;
 * our packet holds XNIF_TX_MAX_SLOTS, so larger values are lowered.
 */
#define XENVIF_FATAL_SKB_SLOTS_MIN	XEN_NETIF_NR_SLOTS_MIN
#define XENVIF_FATAL_SKB_SLOTS_MAX	(XNIF_TX_MAX_SLOTS - 1)
unsigned int xenvif_fatal_skb_slots = XENVIF_FATAL_SKB_SLOTS_MAX;
module_param_named(fatal_skb_slots, xenvif_fatal_skb_slots, uint, 0444);
MODULE_PARM_DESC(fatal_skb_slots,
		 "Further data slots after a packet's first that disable the vif (18-20, default 20 as stock)");

/* Accepted for stock's command lines; our hash has no per-flow cache. */
#define XENVIF_HASH_CACHE_SIZE_DEFAULT	64
static unsigned int xenvif_hash_cache_size = XENVIF_HASH_CACHE_SIZE_DEFAULT;
module_param_named(hash_cache_size, xenvif_hash_cache_size, uint, 0644);
MODULE_PARM_DESC(hash_cache_size,
		 "Ignored: stock's flow hash cache; this backend hashes each packet and keeps no cache");

#define XENVIF_DEFAULT_MAX_QUEUES	8

static void xenvif_check_stock_params(void)
{
	unsigned int slots = clamp(xenvif_fatal_skb_slots,
				   XENVIF_FATAL_SKB_SLOTS_MIN,
				   XENVIF_FATAL_SKB_SLOTS_MAX);

	if (slots != xenvif_fatal_skb_slots)
		pr_notice("fatal_skb_slots %u out of range, using %u\n",
			  xenvif_fatal_skb_slots, slots);
	xenvif_fatal_skb_slots = slots;
	if (xenvif_hash_cache_size != XENVIF_HASH_CACHE_SIZE_DEFAULT)
		pr_notice("hash_cache_size ignored: no flow hash cache, each packet is hashed\n");
}

static int __init xenvif_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;

	if (!xenvif_max_queues)
		xenvif_max_queues = min_t(unsigned int, num_online_cpus(),
					  XENVIF_DEFAULT_MAX_QUEUES);
	xenvif_max_ring_order = min_t(unsigned int, xenvif_max_ring_order,
				      XEN_NETIF_MAX_RING_PAGE_ORDER);
	xenvif_check_stock_params();

	xenvif_debugfs_init();
	err = xenvif_xenbus_init();
	if (err)
		xenvif_debugfs_exit();
	return err;
}
module_init(xenvif_init);

static void __exit xenvif_exit(void)
{
	xenvif_xenbus_exit();
	xenvif_debugfs_exit();
}
module_exit(xenvif_exit);

MODULE_DESCRIPTION("Xen paravirtual network backend");
MODULE_LICENSE("GPL");
MODULE_VERSION(XNIF_VERSION);
MODULE_ALIAS("xen-backend:vif");
