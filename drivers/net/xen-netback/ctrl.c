// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the control ring, a one-page ring on which a frontend
 * configures receive hashing (hash.c).
 *
 * The event handler only schedules ctrl_work and holds the late EOI. The
 * work answers at most one ring's worth of requests, then yields by
 * requeueing itself if more are waiting, so a frontend that keeps the
 * ring full shares a CPU like any other work instead of owning one. The
 * EOI goes out when the ring is empty.
 *
 * The work uses ctrl_irq (to notify and to acknowledge), so the channel
 * goes live only once ctrl_irq is set, and ctrl_irq goes only once the
 * work can no longer run: disable the channel (no handler runs or will
 * run, so nothing schedules the work), cancel the work (which waits for a
 * run in progress, requeued or not), and only then unbind.
 */
#include <linux/interrupt.h>
#include <linux/workqueue.h>

#include <xen/events.h>

#include "netback.h"
#include "trace.h"

static irqreturn_t xenvif_ctrl_interrupt(int irq, void *data)
{
	struct xenvif *vif = data;
	u32 avail;

	if (xenvif_ring_requests(&vif->ctrl, &avail) && !avail)
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
	else
		schedule_work(&vif->ctrl_work);
	return IRQ_HANDLED;
}

/* Copy out the next request; false when the ring is empty or lies. */
static bool xenvif_ctrl_next(struct xenvif *vif,
			     struct xen_netif_ctrl_request *req)
{
	struct xenvif_ring *ring = &vif->ctrl;
	u32 avail;

	if (!xenvif_ring_requests(ring, &avail))
		goto bad_prod;
	if (!avail) {
		xnif_ring_arm(&ring->ring.req, ring->req_cons + 1);
		if (!xenvif_ring_requests(ring, &avail))
			goto bad_prod;
		if (!avail)
			return false;
	}
	memcpy(req, xnif_ring_req(&ring->ring, ring->req_cons++), sizeof(*req));
	return true;

bad_prod:
	atomic_long_inc(&vif->reasons.ctrl_prod);
	xenvif_fatal(vif, -1, "impossible producer index");
	return false;
}

static void xenvif_ctrl_answer(struct xenvif *vif,
			       const struct xen_netif_ctrl_request *req,
			       u32 status, u32 data)
{
	struct xen_netif_ctrl_response rsp = {
		.id = req->id,
		.type = req->type,
		.status = status,
		.data = data,
	};

	memcpy(xnif_ring_rsp(&vif->ctrl.ring, vif->ctrl.rsp_prod++), &rsp,
	       sizeof(rsp));
}

static void xenvif_ctrl_work(struct work_struct *work)
{
	struct xenvif *vif = container_of(work, struct xenvif, ctrl_work);
	struct xen_netif_ctrl_request req;
	unsigned int done = 0;
	u32 status, data;

	/* A disabled vif keeps its event unacknowledged: the guest is muted. */
	if (xenvif_broken(vif))
		return;
	while (done < vif->ctrl.ring.size && xenvif_ctrl_next(vif, &req)) {
		data = 0;
		status = xenvif_hash_request(vif, &req, &data);
		if (status != XEN_NETIF_CTRL_STATUS_SUCCESS &&
		    status < XENVIF_CTRL_STATUS_MAX)
			atomic_long_inc(&vif->reasons.ctrl_status[status]);
		xenvif_ctrl_answer(vif, &req, status, data);
		done++;
	}
	if (xenvif_ring_publish(&vif->ctrl)) {
		notify_remote_via_irq(vif->ctrl_irq);
		trace_xenvif_notify_send(vif, -1, XNIF_TRACE_RING_CTRL);
	}
	if (xenvif_broken(vif))
		return;
	if (done == vif->ctrl.ring.size)
		schedule_work(&vif->ctrl_work);
	else
		xen_irq_lateeoi(vif->ctrl_irq, 0);
}

int xenvif_ctrl_connect(struct xenvif *vif, grant_ref_t ref,
			evtchn_port_t evtchn)
{
	struct xenbus_device *dev = vif->be->dev;
	int irq, err;

	INIT_WORK(&vif->ctrl_work, xenvif_ctrl_work);
	err = xenvif_ring_map(vif, &vif->ctrl, &ref, 0, XNIF_LAYOUT_CLASSIC,
			      sizeof(struct xen_netif_ctrl_request),
			      sizeof(struct xen_netif_ctrl_response));
	if (err)
		return err;
	irq = bind_interdomain_evtchn_to_irqhandler_lateeoi(dev, evtchn,
							    xenvif_ctrl_interrupt,
							    IRQF_NO_AUTOEN,
							    vif->dev->name,
							    vif);
	if (irq < 0) {
		xenvif_ring_unmap(vif, &vif->ctrl);
		return irq;
	}
	vif->ctrl_irq = irq;
	enable_irq(irq);
	/* Requests posted before we were bound raised no event we saw. */
	schedule_work(&vif->ctrl_work);
	return 0;
}

void xenvif_ctrl_disconnect(struct xenvif *vif)
{
	if (vif->ctrl_irq) {
		/* Waits for a running handler: nothing schedules the work now. */
		disable_irq(vif->ctrl_irq);
		/* It may requeue itself; this waits for its last run. */
		cancel_work_sync(&vif->ctrl_work);
		unbind_from_irqhandler(vif->ctrl_irq, vif);
		vif->ctrl_irq = 0;
	}
	xenvif_ring_unmap(vif, &vif->ctrl);
	xenvif_hash_free(vif);
}
