// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the control ring, a one-page ring on which a frontend
 * configures receive hashing (hash.c) and, with staged_enable, the guest
 * pages the backend keeps mapped (staged.c).
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
#include <xen/page.h>

#include "netback.h"
#include "trace.h"

/*
 * Copy len bytes between the start of a granted page and buf: from the
 * guest (hash keys and tables, gref lists), or back to it (the per-entry
 * statuses of a gref list). The guest's page is read once, into buf.
 */
u32 xenvif_ctrl_copy(struct xenvif *vif, grant_ref_t gref, void *buf,
		     unsigned int len, bool to_guest)
{
	struct gnttab_copy op[2] = {};
	unsigned int n = 0, done = 0;

	/* A kernel buffer may straddle a page: at most two copies. */
	while (done < len) {
		void *local = buf + done;
		unsigned int take = min_t(unsigned int, len - done,
					  XEN_PAGE_SIZE - xen_offset_in_page(local));
		struct gnttab_copy_ptr *guest, *self;

		guest = to_guest ? &op[n].dest : &op[n].source;
		self = to_guest ? &op[n].source : &op[n].dest;
		guest->u.ref = gref;
		guest->domid = vif->domid;
		guest->offset = done;
		self->u.gmfn = virt_to_gfn(local);
		self->domid = DOMID_SELF;
		self->offset = xen_offset_in_page(local);
		op[n].len = take;
		op[n++].flags = to_guest ? GNTCOPY_dest_gref :
					   GNTCOPY_source_gref;
		done += take;
	}
	if (n)
		gnttab_batch_copy(op, n);
	while (n--)
		if (op[n].status != GNTST_okay)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

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
		if (xenvif_staged_type(req.type))
			status = xenvif_staged_request(vif, &req, &data);
		else
			status = xenvif_hash_request(vif, &req, &data);
		if (status != XEN_NETIF_CTRL_STATUS_SUCCESS &&
		    status < XENVIF_CTRL_STATUS_MAX)
			atomic_long_inc(&vif->reasons.ctrl_status[status]);
		xenvif_ctrl_answer(vif, &req, status, data);
		done++;
		/* A request that disabled the vif is the last one served. */
		if (xenvif_broken(vif))
			break;
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
	err = xenvif_staged_alloc(vif);
	if (err)
		return err;
	err = xenvif_ring_map(vif, &vif->ctrl, &ref, 0, XNIF_LAYOUT_CLASSIC,
			      sizeof(struct xen_netif_ctrl_request),
			      sizeof(struct xen_netif_ctrl_response));
	if (err)
		goto free_staged;
	irq = bind_interdomain_evtchn_to_irqhandler_lateeoi(dev, evtchn,
							    xenvif_ctrl_interrupt,
							    IRQF_NO_AUTOEN,
							    vif->dev->name,
							    vif);
	if (irq < 0) {
		err = irq;
		goto unmap_ring;
	}
	vif->ctrl_irq = irq;
	enable_irq(irq);
	/* Requests posted before we were bound raised no event we saw. */
	schedule_work(&vif->ctrl_work);
	return 0;

unmap_ring:
	xenvif_ring_unmap(vif, &vif->ctrl);
free_staged:
	xenvif_staged_free(vif);
	return err;
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
	/* The queues, and so every copy from a staged page, are gone. */
	xenvif_staged_free(vif);
}
