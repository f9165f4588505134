/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How many ring slots data occupies. A slot names one grant, a grant
 * covers one 4 KiB Xen page, so a buffer costs one slot per Xen page it
 * touches, whatever the kernel's page size.
 */
#ifndef _XEN_NETIF_SLOTS_H
#define _XEN_NETIF_SLOTS_H

#include <linux/types.h>

/* Slots for len bytes starting offset bytes into a (kernel) page. */
unsigned int xnif_buf_slots(unsigned long offset, unsigned int len);

/* Slots for len bytes copied to the start of fresh pages. */
unsigned int xnif_bounce_slots(unsigned int len);

#endif /* _XEN_NETIF_SLOTS_H */
