/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which ring an event-channel notification is about, in both drivers'
 * tracepoints; the rings are named as the protocol names them. Plain
 * numbers rather than an enum: perf and trace-cmd read TP_printk formats
 * in userspace, where an enum constant means nothing.
 */
#ifndef _XEN_NETIF_TRACE_NAMES_H
#define _XEN_NETIF_TRACE_NAMES_H

#define XNIF_TRACE_RING_TX	0
#define XNIF_TRACE_RING_RX	1
#define XNIF_TRACE_RING_BOTH	2	/* one event channel for both */
#define XNIF_TRACE_RING_CTRL	3

#endif /* _XEN_NETIF_TRACE_NAMES_H */
