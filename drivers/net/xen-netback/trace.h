/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netback tracepoints: the moments that explain a vif that stopped or
 * slowed down. Each costs a patched-out branch until someone enables it
 * (tracefs events/xen_netback/, perf trace -e 'xen_netback:*'), so they
 * sit on the data path too. Documentation/networking/xen-netback.rst
 * lists them with their fields.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xen_netback

#if !defined(_XEN_NETBACK_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XEN_NETBACK_TRACE_H

#include <linux/tracepoint.h>

#include "netback.h"
#include "trace_names.h"

/* The guest posted too few RX buffers for the next packet. */
TRACE_EVENT(xenvif_rx_ring_full,
	    TP_PROTO(const struct xenvif_queue *queue, unsigned int needed),
	    TP_ARGS(queue, needed),
	    TP_STRUCT__entry(__string(dev, queue->vif->dev->name)
			     __field(u16, qid)
			     __field(u16, needed)
			     __field(u32, waiting)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, queue->vif->dev->name);
			   __entry->qid = queue->id;
			   __entry->needed = needed;
			   __entry->waiting =
				skb_queue_len_lockless(&queue->rx_queue);),
	    TP_printk("%s q%u: needs %u slots, %u packets waiting",
		      __get_str(dev), __entry->qid, __entry->needed,
		      __entry->waiting));

DECLARE_EVENT_CLASS(xenvif_stall_class,
		    TP_PROTO(const struct xenvif_queue *queue),
		    TP_ARGS(queue),
		    TP_STRUCT__entry(__string(dev, queue->vif->dev->name)
				     __field(u16, qid)
				     __field(u32, idle_ms)),
		    TP_fast_assign(XNIF_ASSIGN_STR(dev, queue->vif->dev->name);
				   __entry->qid = queue->id;
				   __entry->idle_ms = jiffies_to_msecs(jiffies -
							queue->rx_progress);),
		    TP_printk("%s q%u: guest took nothing for %u ms",
			      __get_str(dev), __entry->qid, __entry->idle_ms));

/* The guest took nothing for rx_stall_timeout_msecs: carrier off. */
DEFINE_EVENT(xenvif_stall_class, xenvif_rx_stall,
	     TP_PROTO(const struct xenvif_queue *queue),
	     TP_ARGS(queue));

/* It posts buffers again. */
DEFINE_EVENT(xenvif_stall_class, xenvif_rx_unstall,
	     TP_PROTO(const struct xenvif_queue *queue),
	     TP_ARGS(queue));

/* The frontend broke the protocol; qid -1 is the control ring. */
TRACE_EVENT(xenvif_disable,
	    TP_PROTO(const struct xenvif *vif, int qid, const char *why),
	    TP_ARGS(vif, qid, why),
	    TP_STRUCT__entry(__string(dev, vif->dev->name)
			     __field(u16, domid)
			     __field(s16, qid)
			     __string(reason, why)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, vif->dev->name);
			   __entry->domid = vif->domid;
			   __entry->qid = qid;
			   XNIF_ASSIGN_STR(reason, why);),
	    TP_printk("%s domain %u q%d: %s", __get_str(dev),
		      __entry->domid, __entry->qid, __get_str(reason)));

DECLARE_EVENT_CLASS(xenvif_state_class,
		    TP_PROTO(const struct xenvif_be *be),
		    TP_ARGS(be),
		    TP_STRUCT__entry(__string(dev, dev_name(&be->dev->dev))
				     __string(state, xenbus_strstate(be->state))
				     __string(fe_state,
					      xenbus_strstate(be->fe_state))),
		    TP_fast_assign(XNIF_ASSIGN_STR(dev, dev_name(&be->dev->dev));
				   XNIF_ASSIGN_STR(state, xenbus_strstate(be->state));
				   XNIF_ASSIGN_STR(fe_state, xenbus_strstate(be->fe_state));),
		    TP_printk("%s backend %s frontend %s", __get_str(dev),
			      __get_str(state), __get_str(fe_state)));

/* The frontend moved: the backend is about to follow. */
DEFINE_EVENT(xenvif_state_class, xenvif_frontend_changed,
	     TP_PROTO(const struct xenvif_be *be),
	     TP_ARGS(be));

/* The backend moved (Connected may still wait for the hotplug script). */
DEFINE_EVENT(xenvif_state_class, xenvif_switch_state,
	     TP_PROTO(const struct xenvif_be *be),
	     TP_ARGS(be));

/* We sent the guest an event; qid -1 is the control ring. */
TRACE_EVENT(xenvif_notify_send,
	    TP_PROTO(const struct xenvif *vif, int qid, u8 ring),
	    TP_ARGS(vif, qid, ring),
	    TP_STRUCT__entry(__string(dev, vif->dev->name)
			     __field(s16, qid)
			     __field(u8, ring)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, vif->dev->name);
			   __entry->qid = qid;
			   __entry->ring = ring;),
	    TP_printk("%s q%d %s", __get_str(dev), __entry->qid,
		      __print_symbolic(__entry->ring,
				       { XNIF_TRACE_RING_TX, "tx" },
				       { XNIF_TRACE_RING_RX, "rx" },
				       { XNIF_TRACE_RING_CTRL, "ctrl" })));

/*
 * The guest sent us one, on the tx, rx or shared (tx+rx) channel; work
 * names the halves of the queue it woke (XENVIF_EOI_*), none if spurious.
 * The flags are spelled as numbers for userspace decoders.
 */
static_assert(XENVIF_EOI_TX == 1 && XENVIF_EOI_RX == 2);

TRACE_EVENT(xenvif_notify_recv,
	    TP_PROTO(const struct xenvif_queue *queue, u8 ring,
		     unsigned int halves),
	    TP_ARGS(queue, ring, halves),
	    TP_STRUCT__entry(__string(dev, queue->vif->dev->name)
			     __field(u16, qid)
			     __field(u8, ring)
			     __field(u8, work)),
	    TP_fast_assign(XNIF_ASSIGN_STR(dev, queue->vif->dev->name);
			   __entry->qid = queue->id;
			   __entry->ring = ring;
			   __entry->work = halves;),
	    TP_printk("%s q%u %s: work %s", __get_str(dev), __entry->qid,
		      __print_symbolic(__entry->ring,
				       { XNIF_TRACE_RING_TX, "tx" },
				       { XNIF_TRACE_RING_RX, "rx" },
				       { XNIF_TRACE_RING_BOTH, "tx+rx" }),
		      __entry->work ?
		      __print_flags(__entry->work, "+",
				    { 1, "tx" }, { 2, "rx" }) :
		      "none (spurious)"));

#endif /* _XEN_NETBACK_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
