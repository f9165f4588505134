// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: module parameters, init and exit.
 */
#include <linux/module.h>

#include <xen/platform_pci.h>
#include <xen/xen.h>

#include "negotiate.h"
#include "netfront.h"
#include "version.h"

/* Default queue limit: beyond eight, more queues stop paying for their rings. */
#define XENNET_DEFAULT_MAX_QUEUES	8

/* Writable as stock's: a change applies to devices probed after it. */
unsigned int xennet_max_queues = XENNET_DEFAULT_MAX_QUEUES;
module_param_named(max_queues, xennet_max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
		 "Most queues per device (default 8; also capped by vCPUs and the backend)");

/* One name for the ring order on both sides; max_ring_order is the old one. */
unsigned int xennet_max_ring_order = XEN_NETIF_MAX_RING_PAGE_ORDER;
module_param_named(max_ring_page_order, xennet_max_ring_order, uint, 0444);
MODULE_PARM_DESC(max_ring_page_order,
		 "Largest ring ring_size or ethtool -G may ask for, as log2 of pages (0-4, default 4)");
module_param_named(max_ring_order, xennet_max_ring_order, uint, 0444);
MODULE_PARM_DESC(max_ring_order, "Old name of max_ring_page_order");

unsigned int xennet_ring_size = XNIF_DEFAULT_RING_SLOTS;
module_param_named(ring_size, xennet_ring_size, uint, 0444);
MODULE_PARM_DESC(ring_size,
		 "Slots each ring asks for, rounded up to a whole ring (default 256, a stock ring; ethtool -G per device)");

bool xennet_ring_layout_v2 = XNIF_FE_WANTS_V2_DEFAULT;
module_param_named(ring_layout_v2, xennet_ring_layout_v2, bool, 0444);
MODULE_PARM_DESC(ring_layout_v2,
		 "Use ring layout v2 when the backend offers it (default 0: classic)");

bool xennet_trusted = true;
module_param_named(trusted, xennet_trusted, bool, 0644);
MODULE_PARM_DESC(trusted,
		 "Trust backends; if 0, bounce transmitted data through fresh pages (from the next connect)");

/*
 * Experimental: a control ring, to stage a pool of pre-granted buffer
 * pages with a backend that maps them once (Documentation/networking/
 * xen-netfront.rst, "Staged grants"). Read at each connect.
 */
bool xennet_staged_grants;
module_param_named(staged_grants, xennet_staged_grants, bool, 0644);
MODULE_PARM_DESC(staged_grants,
		 "Experimental: open a control ring and stage buffer pages with backends that offer one (default 0: never)");

static int __init xennet_init(void)
{
	if (!xen_domain() || !xen_has_pv_nic_devices())
		return -ENODEV;

	xennet_max_queues = clamp(xennet_max_queues, 1U, (unsigned int)nr_cpu_ids);
	xennet_max_ring_order = min_t(unsigned int, xennet_max_ring_order,
				      XEN_NETIF_MAX_RING_PAGE_ORDER);
	if (!xennet_ring_size)
		xennet_ring_size = XNIF_DEFAULT_RING_SLOTS;
	return xenbus_register_frontend(&xennet_driver);
}
module_init(xennet_init);

static void __exit xennet_exit(void)
{
	xenbus_unregister_driver(&xennet_driver);
}
module_exit(xennet_exit);

MODULE_DESCRIPTION("Xen paravirtual network frontend");
MODULE_LICENSE("GPL");
MODULE_VERSION(XNIF_VERSION);
MODULE_ALIAS("xen:vif");
MODULE_ALIAS("xennet");
