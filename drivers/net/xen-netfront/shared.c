// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol units both ends of the ring use (ring placement, extra-info
 * chains, negotiation, link values, counter descriptors), built into this
 * module as one unit. netback's shared.c builds the same sources into
 * xen-netback: a third module for ~450 lines would make every load path
 * (xen-net-switch, the guest's initramfs, insmod of one variant) load two
 * files in order and keep them at one release. Units only netfront uses are
 * linked straight from the Makefile's object list.
 */
#include "compat.h"	/* hex_to_bin() for negotiate.c, wherever the kernel declares it */
#include "../xen-netif/ring.c"
#include "../xen-netif/extras.c"
#include "../xen-netif/negotiate.c"
#include "../xen-netif/link.c"
#include "../xen-netif/stats.c"

#include <xen/page.h>

/* The pure units' one page size is the kernel's grant page. */
static_assert(XNIF_PAGE_SIZE == XEN_PAGE_SIZE);
