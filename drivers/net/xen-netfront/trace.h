/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netfront tracepoints: the moments that explain a device that
 * stopped or slowed down. Each costs a patched-out branch until someone
 * enables it (tracefs events/xen_netfront/, perf trace -e
 * 'xen_netfront:*'), so they sit on the data path too.
 * Documentation/networking/xen-netfront.rst lists them with their fields.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xen_netfront

#if !defined(_XEN_NETFRONT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XEN_NETFRONT_TRACE_H

#include <linux/tracepoint.h>

#include "fe_state.h"
#include "netfront.h"
#include "trace_names.h"

TRACE_DEFINE_ENUM(XNIF_FE_NONE);
TRACE_DEFINE_ENUM(XNIF_FE_CONNECT);
TRACE_DEFINE_ENUM(XNIF_FE_LINK_UP);
TRACE_DEFINE_ENUM(XNIF_FE_RESTART);
TRACE_DEFINE_ENUM(XNIF_FE_CLOSE);
TRACE_DEFINE_ENUM(XNIF_FE_REINIT);

/* A TX queue stopped: too few free slots for the largest packet. */
TRACE_EVENT(xennet_tx_ring_full,
	    TP_PROTO(const struct xennet_queue *q, unsigned int space),
	    TP_ARGS(q, space),
	    TP_STRUCT__entry(__string(dev, q->info->netdev->name)
			     __field(u16, qid)
			     __field(u16, space)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, q->info->netdev->name);
			   __entry->qid = q->id;
			   __entry->space = space;),
	    TP_printk("%s q%u: %u slots free", __get_str(dev), __entry->qid,
		      __entry->space));

/* The backend broke the protocol: the device stops until a reconnect. */
TRACE_EVENT(xennet_disable,
	    TP_PROTO(const struct xennet_queue *q, enum xnif_rsp_err why),
	    TP_ARGS(q, why),
	    TP_STRUCT__entry(__string(dev, q->info->netdev->name)
			     __field(u16, qid)
			     __string(reason, xnif_rsp_err_name(why))),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, q->info->netdev->name);
			   __entry->qid = q->id;
			   XNIF_ASSIGN_STR(reason, xnif_rsp_err_name(why));),
	    TP_printk("%s q%u: %s", __get_str(dev), __entry->qid,
		      __get_str(reason)));

/* Each step of the xenbus handshake, with what it made us do. */
TRACE_EVENT(xennet_handshake,
	    TP_PROTO(const struct xennet_info *np, enum xenbus_state be_state,
		     enum xnif_fe_action act),
	    TP_ARGS(np, be_state, act),
	    TP_STRUCT__entry(__string(dev, np->netdev->name)
			     __string(state, xenbus_strstate(np->xbdev->state))
			     __string(be_state, xenbus_strstate(be_state))
			     __field(u8, act)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, np->netdev->name);
			   XNIF_ASSIGN_STR(state, xenbus_strstate(np->xbdev->state));
			   XNIF_ASSIGN_STR(be_state, xenbus_strstate(be_state));
			   __entry->act = act;),
	    TP_printk("%s frontend %s backend %s: %s", __get_str(dev),
		      __get_str(state), __get_str(be_state),
		      __print_symbolic(__entry->act,
				       { XNIF_FE_NONE, "wait" },
				       { XNIF_FE_CONNECT, "connect" },
				       { XNIF_FE_LINK_UP, "link up" },
				       { XNIF_FE_RESTART, "restart" },
				       { XNIF_FE_CLOSE, "close" },
				       { XNIF_FE_REINIT, "reinit" })));

/* Someone asked for a new connection (ethtool -L, recovery). */
TRACE_EVENT(xennet_reconnect,
	    TP_PROTO(const struct xennet_info *np),
	    TP_ARGS(np),
	    TP_STRUCT__entry(__string(dev, np->netdev->name)
			     __field(u16, queues)
			     __field(u16, want_queues)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, np->netdev->name);
			   __entry->queues = np->num_queues;
			   __entry->want_queues = np->want_queues;),
	    TP_printk("%s: %u queues now, %u wanted (0: as many as allowed)",
		      __get_str(dev), __entry->queues, __entry->want_queues));

/* We sent the backend an event. */
TRACE_EVENT(xennet_notify_send,
	    TP_PROTO(const struct xennet_queue *q, u8 ring),
	    TP_ARGS(q, ring),
	    TP_STRUCT__entry(__string(dev, q->info->netdev->name)
			     __field(u16, qid)
			     __field(u8, ring)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, q->info->netdev->name);
			   __entry->qid = q->id;
			   __entry->ring = ring;),
	    TP_printk("%s q%u %s", __get_str(dev), __entry->qid,
		      __print_symbolic(__entry->ring,
				       { XNIF_TRACE_RING_TX, "tx" },
				       { XNIF_TRACE_RING_RX, "rx" })));

/* The backend sent us one; work is false for a spurious event. */
TRACE_EVENT(xennet_notify_recv,
	    TP_PROTO(const struct xennet_queue *q, u8 ring, bool work),
	    TP_ARGS(q, ring, work),
	    TP_STRUCT__entry(__string(dev, q->info->netdev->name)
			     __field(u16, qid)
			     __field(u8, ring)
			     __field(bool, work)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, q->info->netdev->name);
			   __entry->qid = q->id;
			   __entry->ring = ring;
			   __entry->work = work;),
	    TP_printk("%s q%u %s%s", __get_str(dev), __entry->qid,
		      __print_symbolic(__entry->ring,
				       { XNIF_TRACE_RING_TX, "tx" },
				       { XNIF_TRACE_RING_RX, "rx" },
				       { XNIF_TRACE_RING_BOTH, "tx+rx" }),
		      __entry->work ? "" : " spurious"));

#endif /* _XEN_NETFRONT_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
