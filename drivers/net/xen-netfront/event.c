// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: events and NAPI. Every event only schedules the queue's
 * NAPI poll, which reaps TX completions and takes in RX packets; nothing
 * touches the rings in hard interrupt context.
 *
 * Event channels are bound "late EOI": an event is acknowledged only
 * after we looked at the rings, and one that found nothing new is
 * reported as spurious, so a backend that floods us with events gets
 * them delivered ever more slowly instead of eating a vCPU (XSA-391).
 * A broken device does not acknowledge at all: its channels fall silent.
 */
#include <linux/interrupt.h>
#include <linux/netdevice.h>

#include <xen/events.h>

#include "netfront.h"
#include "trace.h"

/*
 * One NAPI poll serves both rings, so an RX event often finds its TX
 * completions already reaped and the other way round: an event counts
 * as work when the backend published something since the last one.
 */
static bool xennet_tx_news(struct xennet_queue *q)
{
	return xnif_ring_news(&q->tx.rsp, &q->tx_evt_seen);
}

static bool xennet_rx_news(struct xennet_queue *q)
{
	return xnif_ring_news(&q->rx.rsp, &q->rx_evt_seen);
}

static irqreturn_t xennet_irq(int irq, struct xennet_queue *q, u8 ring,
			      bool work)
{
	trace_xennet_notify_recv(q, ring, work);
	if (unlikely(xennet_broken(q->info)))
		return IRQ_HANDLED;
	if (work)
		napi_schedule(&q->napi);
	xen_irq_lateeoi(irq, work ? 0 : XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

irqreturn_t xennet_irq_tx(int irq, void *dev_id)
{
	struct xennet_queue *q = dev_id;

	atomic_long_inc(&q->stats->notify_received_tx);
	return xennet_irq(irq, q, XNIF_TRACE_RING_TX, xennet_tx_news(q));
}

irqreturn_t xennet_irq_rx(int irq, void *dev_id)
{
	struct xennet_queue *q = dev_id;

	atomic_long_inc(&q->stats->notify_received_rx);
	return xennet_irq(irq, q, XNIF_TRACE_RING_RX, xennet_rx_news(q));
}

irqreturn_t xennet_irq_both(int irq, void *dev_id)
{
	struct xennet_queue *q = dev_id;
	bool tx = xennet_tx_news(q);
	bool rx = xennet_rx_news(q);

	atomic_long_inc(&q->stats->notify_received_rx);
	return xennet_irq(irq, q, XNIF_TRACE_RING_BOTH, tx || rx);
}

int xennet_poll(struct napi_struct *napi, int budget)
{
	struct xennet_queue *q = container_of(napi, struct xennet_queue, napi);
	int done = 0;

	if (likely(!xennet_broken(q->info)))
		xennet_tx_reap(q, budget);
	if (likely(!xennet_broken(q->info)))
		done = xennet_rx_poll(q, budget);
	if (unlikely(xennet_broken(q->info))) {
		napi_complete(napi);
		return 0;
	}
	if (done < budget && napi_complete_done(napi, done)) {
		/* Ask for the next events; look again for what raced them. */
		bool more = xennet_rx_arm(q);

		if (xennet_tx_arm(q) || more)
			napi_schedule(napi);
	}
	return done;
}
