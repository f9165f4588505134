// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: one queue's rings, event channels, NAPI context and thread.
 *
 * A queue is built by xenvif_queue_connect() and torn down by
 * xenvif_queue_disconnect(), which checks every resource and releases
 * only what exists: the same function unwinds a failed connect, serves a
 * frontend that closes and a device that goes away.
 *
 * Event channels use late EOI (XSA-332): an event that carries work is
 * not acknowledged until the half of the queue that took the work (NAPI
 * for guest TX, the thread for guest RX) has done it, so a guest cannot
 * make dom0 take interrupts faster than it serves them; an event that
 * carries none is acknowledged at once as spurious, which lets Xen slow
 * a guest that only signals.
 */
#include <linux/interrupt.h>
#include <linux/kthread.h>

#include <xen/events.h>

#include "netback.h"
#include "trace.h"

int xenvif_ring_map(struct xenvif *vif, struct xenvif_ring *ring,
		    const grant_ref_t *refs, unsigned int order,
		    enum xnif_ring_layout layout, unsigned int req_size,
		    unsigned int rsp_size)
{
	struct xenbus_device *dev = vif->be->dev;
	grant_ref_t grefs[XEN_NETIF_MAX_RING_PAGES];
	void *addr;
	u32 prod;
	int err;

	if (order > XEN_NETIF_MAX_RING_PAGE_ORDER)
		return -EINVAL;
	memcpy(grefs, refs, sizeof(grefs[0]) << order);
	err = xenbus_map_ring_valloc(dev, grefs, 1U << order, &addr);
	if (err)
		return err;
	err = xnif_ring_attach(&ring->ring, addr, order, layout, req_size,
			       rsp_size);
	if (err)
		goto unmap;

	/*
	 * Take the ring where the frontend left it: a resumed frontend may
	 * hand over a ring with history. Its indices must make sense.
	 */
	ring->rsp_prod = ring->ring.rsp.published;
	ring->req_cons = ring->rsp_prod;
	prod = READ_ONCE(*ring->ring.req.prod);
	if (!xnif_ring_prod_valid(prod, ring->req_cons, ring->ring.size)) {
		err = -EINVAL;
		goto unmap;
	}
	ring->shared = addr;
	return 0;

unmap:
	xenbus_unmap_ring_vfree(dev, addr);
	return err;
}

void xenvif_ring_unmap(struct xenvif *vif, struct xenvif_ring *ring)
{
	if (!ring->shared)
		return;
	xenbus_unmap_ring_vfree(vif->be->dev, ring->shared);
	ring->shared = NULL;
}

/*
 * Requests the frontend has posted and we have not read. Its producer
 * index is read once and must lie between what we answered and a ring
 * ahead of it: anything else means the frontend is lying (XSA-39).
 */
bool xenvif_ring_requests(struct xenvif_ring *ring, u32 *avail)
{
	u32 prod = xnif_ring_peer_prod(&ring->ring.req);
	u32 outstanding = prod - ring->rsp_prod;

	if (outstanding > ring->ring.size ||
	    ring->req_cons - ring->rsp_prod > outstanding)
		return false;
	*avail = prod - ring->req_cons;
	return true;
}

/* Publish the responses written so far; true if the guest wants an event. */
bool xenvif_ring_publish(struct xenvif_ring *ring)
{
	return xnif_ring_publish(&ring->ring.rsp, ring->rsp_prod);
}

void xenvif_kick_thread(struct xenvif_queue *queue)
{
	wake_up(&queue->wq);
}

/* A half of the queue is done with the work an event brought. */
void xenvif_evt_release(struct xenvif_evtchn *evt, unsigned int half)
{
	int old = atomic_fetch_andnot(half, &evt->eoi_pending);

	if ((old & half) && !(old & ~half))
		xen_irq_lateeoi(evt->irq, 0);
}

static void xenvif_evt_take(struct xenvif_queue *queue,
			    struct xenvif_evtchn *evt, unsigned int halves)
{
	u8 ring = XNIF_TRACE_RING_BOTH;

	if (queue->split)
		ring = evt == &queue->tx_evt ? XNIF_TRACE_RING_TX :
					       XNIF_TRACE_RING_RX;
	trace_xenvif_notify_recv(queue, ring, halves);
	if (!halves) {
		atomic_long_inc(&queue->stats.spurious);
		xen_irq_lateeoi(evt->irq, XEN_EOI_FLAG_SPURIOUS);
		return;
	}
	atomic_long_inc(&queue->stats.events);
	atomic_or(halves, &evt->eoi_pending);
	if (halves & XENVIF_EOI_TX)
		napi_schedule(&queue->napi);
	if (halves & XENVIF_EOI_RX)
		xenvif_kick_thread(queue);
}

static irqreturn_t xenvif_tx_interrupt(int irq, void *data)
{
	struct xenvif_queue *queue = data;

	xenvif_evt_take(queue, &queue->tx_evt,
			xenvif_tx_news(queue) ? XENVIF_EOI_TX : 0);
	return IRQ_HANDLED;
}

static irqreturn_t xenvif_rx_interrupt(int irq, void *data)
{
	struct xenvif_queue *queue = data;

	xenvif_evt_take(queue, &queue->rx_evt,
			xenvif_rx_news(queue) ? XENVIF_EOI_RX : 0);
	return IRQ_HANDLED;
}

static irqreturn_t xenvif_interrupt(int irq, void *data)
{
	struct xenvif_queue *queue = data;
	unsigned int halves = 0;

	if (xenvif_tx_news(queue))
		halves |= XENVIF_EOI_TX;
	if (xenvif_rx_news(queue))
		halves |= XENVIF_EOI_RX;
	xenvif_evt_take(queue, &queue->tx_evt, halves);
	return IRQ_HANDLED;
}

static int xenvif_evt_bind(struct xenvif_queue *queue,
			   struct xenvif_evtchn *evt, evtchn_port_t port,
			   irq_handler_t handler, const char *suffix)
{
	int irq;

	snprintf(evt->name, sizeof(evt->name), "%s%s", queue->name, suffix);
	atomic_set(&evt->eoi_pending, 0);
	/* Enabled by xenvif_queue_up(), once NAPI can run. */
	irq = bind_interdomain_evtchn_to_irqhandler_lateeoi(queue->vif->be->dev,
							    port, handler,
							    IRQF_NO_AUTOEN,
							    evt->name, queue);
	if (irq < 0)
		return irq;
	evt->irq = irq;
	return 0;
}

static void xenvif_evt_unbind(struct xenvif_queue *queue,
			      struct xenvif_evtchn *evt)
{
	if (!evt->irq)
		return;
	unbind_from_irqhandler(evt->irq, queue);
	evt->irq = 0;
}

static int xenvif_queue_bind(struct xenvif_queue *queue,
			     const struct xenvif_queue_refs *refs)
{
	int err;

	queue->split = refs->tx_evtchn != refs->rx_evtchn;
	if (!queue->split)
		return xenvif_evt_bind(queue, &queue->tx_evt, refs->tx_evtchn,
				       xenvif_interrupt, "");
	err = xenvif_evt_bind(queue, &queue->tx_evt, refs->tx_evtchn,
			      xenvif_tx_interrupt, "-tx");
	if (err)
		return err;
	return xenvif_evt_bind(queue, &queue->rx_evt, refs->rx_evtchn,
			       xenvif_rx_interrupt, "-rx");
}

static void xenvif_queue_init(struct xenvif_queue *queue)
{
	spin_lock_init(&queue->tx_rsp_lock);
	skb_queue_head_init(&queue->rx_queue);
	init_waitqueue_head(&queue->wq);
	u64_stats_init(&queue->stats.tx.syncp);
	u64_stats_init(&queue->stats.rx.syncp);
	timer_setup(&queue->credit_timer, xenvif_tx_credit_expired, 0);
	hrtimer_setup(&queue->tx_coalesce, xenvif_tx_coalesce_expired,
		      CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	snprintf(queue->name, sizeof(queue->name), "%s-q%u",
		 queue->vif->dev->name, queue->id);
}

/*
 * With spread_threads, bind queue i of a guest to the i-th online CPU
 * counted from one that depends on the guest, so that the queues of one
 * guest, and the first queues of different guests, use different CPUs
 * even when the scheduler would stack them where they were woken. The
 * binding is an affinity mask, so taskset can change it. It is off by
 * default: with more busy queues than dom0 CPUs, bound threads cannot
 * move away from each other (measured in xen-netback.rst).
 */
static void xenvif_queue_place(struct xenvif_queue *queue,
			       struct task_struct *task)
{
	struct xenvif *vif = queue->vif;
	unsigned int cpu;

	if (!READ_ONCE(xenvif_spread_threads))
		return;
	cpu = cpumask_local_spread(vif->domid + vif->handle + queue->id,
				   NUMA_NO_NODE);
	set_cpus_allowed_ptr(task, cpumask_of(cpu));
}

int xenvif_queue_connect(struct xenvif_queue *queue,
			 const struct xenvif_queue_refs *refs)
{
	struct xenvif *vif = queue->vif;
	struct task_struct *task;
	int err;

	xenvif_queue_init(queue);
	err = xenvif_ring_map(vif, &queue->tx, refs->tx, refs->order,
			      vif->ring_layout,
			      sizeof(struct xen_netif_tx_request),
			      sizeof(struct xen_netif_tx_response));
	if (!err)
		err = xenvif_ring_map(vif, &queue->rx, refs->rx, refs->order,
				      vif->ring_layout,
				      sizeof(struct xen_netif_rx_request),
				      sizeof(struct xen_netif_rx_response));
	if (!err)
		err = xenvif_tx_alloc(queue);
	if (!err && READ_ONCE(xenvif_tx_zerocopy) && xenvif_zc_alloc(queue))
		netdev_warn(vif->dev, "queue %u: no pages to map guest TX into; copying\n",
			    queue->id);
	if (!err)
		err = xenvif_rx_alloc(queue);
	if (err)
		goto fail;

	netif_napi_add(vif->dev, &queue->napi, xenvif_tx_poll);
	err = xenvif_queue_bind(queue, refs);
	if (err)
		goto fail;

	task = kthread_create(xenvif_kthread, queue, "%s", queue->name);
	if (IS_ERR(task)) {
		err = PTR_ERR(task);
		goto fail;
	}
	xenvif_queue_place(queue, task);
	queue->task = task;
	wake_up_process(task);
	return 0;

fail:
	xenvif_queue_disconnect(queue);
	return err;
}

/* The queue is down (no NAPI, irqs disabled) and withdrawn from RCU. */
void xenvif_queue_disconnect(struct xenvif_queue *queue)
{
	if (queue->task) {
		kthread_stop(queue->task);
		queue->task = NULL;
	}
	/* Mapped slots are answered on the ring and event channel: keep both. */
	xenvif_tx_drain(queue);
	xenvif_evt_unbind(queue, &queue->tx_evt);
	xenvif_evt_unbind(queue, &queue->rx_evt);
	hrtimer_cancel(&queue->tx_coalesce);
	if (queue->napi.poll)
		netif_napi_del(&queue->napi);
	queue->napi.poll = NULL;
	timer_delete_sync(&queue->credit_timer);

	xenvif_rx_purge(queue);
	xenvif_rx_free(queue);
	xenvif_zc_free(queue);
	xenvif_tx_free(queue);
	xenvif_ring_unmap(queue->vif, &queue->rx);
	xenvif_ring_unmap(queue->vif, &queue->tx);
}

/* Under rtnl, with the netdev running. */
void xenvif_queue_up(struct xenvif_queue *queue)
{
	napi_enable(&queue->napi);
	enable_irq(queue->tx_evt.irq);
	if (queue->split)
		enable_irq(queue->rx_evt.irq);
	/* Requests posted while we were down raised no event we saw. */
	napi_schedule(&queue->napi);
	xenvif_kick_thread(queue);
}

void xenvif_queue_down(struct xenvif_queue *queue)
{
	disable_irq(queue->tx_evt.irq);
	if (queue->split)
		disable_irq(queue->rx_evt.irq);
	napi_disable(&queue->napi);
}

/*
 * The queue's thread serves both halves that may sleep: it returns the
 * pages the stack let go of after zero-copy TX, and it sends guest RX.
 */
static bool xenvif_kthread_work(struct xenvif_queue *queue)
{
	return kthread_should_stop() || xenvif_zc_work(queue) ||
	       xenvif_rx_work(queue);
}

/*
 * Sleep until there is work or the next deadline passes. The deadline is
 * recomputed on every wake-up: a thread that went to sleep with an empty
 * queue must not keep that unbounded timeout once a packet arrives that
 * the guest has no buffers for, or the drain and stall timeouts never
 * fire (XSA-392).
 */
static void xenvif_kthread_wait(struct xenvif_queue *queue)
{
	DEFINE_WAIT(wait);

	for (;;) {
		prepare_to_wait(&queue->wq, &wait, TASK_INTERRUPTIBLE);
		if (xenvif_kthread_work(queue) ||
		    !schedule_timeout(xenvif_rx_timeout(queue)))
			break;
	}
	finish_wait(&queue->wq, &wait);
}

int xenvif_kthread(void *data)
{
	struct xenvif_queue *queue = data;

	while (!kthread_should_stop()) {
		xenvif_kthread_wait(queue);
		if (kthread_should_stop())
			break;
		xenvif_tx_complete(queue);
		xenvif_rx_run(queue);
		cond_resched();
	}
	return 0;
}
