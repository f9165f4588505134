// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: the control ring, used only with staged_grants=1 and a
 * backend that offers feature-ctrl-ring. One page, granted to the
 * backend, and one event channel, named to it by ctrl-ring-ref and
 * event-channel-ctrl at connect; without the ring those keys are removed
 * by the same transaction (fe_keys.c lists them as never ours), so none
 * of an earlier connect survives one with the feature off.
 *
 * Requests are synchronous: one outstanding at a time, under rtnl, which
 * also orders them against the ring's setup and teardown. Each waits at
 * most XENNET_CTRL_TIMEOUT for its response; the response is copied out
 * once and checked (xen-netif/ctrl_rsp.c). A timeout or a response that
 * breaks the protocol makes the ring dead until the next connect: one
 * log line, a counter (ethtool -S ctrl_errors), and staging stays off.
 * The data path never depends on this ring.
 */
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/wait.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xenbus.h>

#include "ctrl_rsp.h"
#include "netfront.h"

/* A backend that serves the ring answers in microseconds. */
#define XENNET_CTRL_TIMEOUT	(HZ / 2)

/* A response is there: only wakes the waiter, which checks everything. */
static irqreturn_t xennet_ctrl_irq(int irq, void *dev_id)
{
	struct xennet_ctrl *c = dev_id;
	bool news = READ_ONCE(c->ring.sring->rsp_prod) != c->ring.rsp_cons;

	if (news)
		wake_up(&c->wait);
	/* Events with nothing new come ever more slowly (XSA-391). */
	xen_irq_lateeoi(irq, news ? 0 : XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

/*
 * The ring page is granted here rather than by xenbus_setup_ring(),
 * which on a full grant table marks the whole device fatal: a ring we
 * can do without must not cost the device.
 */
int xennet_ctrl_setup(struct xennet_info *np)
{
	struct xennet_ctrl *c = &np->ctrl;
	struct xenbus_device *dev = np->xbdev;
	struct xen_netif_ctrl_sring *sring;
	struct page *page;
	int err;

	ASSERT_RTNL();
	c->irq = -1;
	c->dead = false;
	init_waitqueue_head(&c->wait);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	err = gnttab_grant_foreign_access(dev->otherend_id,
					  xen_page_to_gfn(page), 0);
	if (err < 0) {
		__free_page(page);
		return err;
	}
	c->ref = err;
	c->page = page;
	atomic_inc(&xennet_grants_held);
	sring = page_address(page);
	SHARED_RING_INIT(sring);
	FRONT_RING_INIT(&c->ring, sring, XEN_PAGE_SIZE);
	err = xenbus_alloc_evtchn(dev, &c->evtchn);
	if (err)
		goto err_ring;
	snprintf(c->irq_name, sizeof(c->irq_name), "%s-ctrl", np->netdev->name);
	err = bind_evtchn_to_irqhandler_lateeoi(c->evtchn, xennet_ctrl_irq, 0,
						c->irq_name, c);
	if (err < 0) {
		xenbus_free_evtchn(dev, c->evtchn);
		goto err_ring;
	}
	c->irq = err;
	return 0;

err_ring:
	c->evtchn = 0;
	xennet_ctrl_teardown(np);
	return err;
}

/*
 * Idempotent. The grant code frees the page once the backend lets go of
 * it, never under its mapping.
 */
void xennet_ctrl_teardown(struct xennet_info *np)
{
	struct xennet_ctrl *c = &np->ctrl;

	ASSERT_RTNL();
	if (!c->page)
		return;
	/* Closes the event channel too. */
	if (c->irq >= 0)
		unbind_from_irqhandler(c->irq, c);
	c->irq = -1;
	c->evtchn = 0;
	c->ring.sring = NULL;
	gnttab_end_foreign_access(c->ref, c->page);
	atomic_dec(&xennet_grants_held);
	c->ref = INVALID_GRANT_REF;
	c->page = NULL;
}

/*
 * ctrl-ring-ref and event-channel-ctrl in dir, our device's directory,
 * when this connect has the ring.
 */
int xennet_ctrl_write_keys(struct xenbus_transaction *xbt, const char *dir,
			   const struct xennet_info *np)
{
	const struct xennet_ctrl *c = &np->ctrl;
	int err;

	if (!c->page)
		return 0;
	err = xenbus_printf(*xbt, dir, XEN_NETIF_KEY_CTRL_RING_REF, "%u",
			    c->ref);
	if (err)
		return err;
	return xenbus_printf(*xbt, dir, XEN_NETIF_KEY_EVTCHN_CTRL, "%u",
			     c->evtchn);
}

void xennet_ctrl_fail(struct xennet_info *np, enum xnif_ctrl_rsp_err why)
{
	np->ctrl.dead = true;
	atomic_long_inc(&np->ctrl_errors);
	netdev_warn(np->netdev,
		    "control ring: backend broke the protocol (%s): staged grants off until the next connect\n",
		    xnif_ctrl_rsp_err_name(why));
}

static int xennet_ctrl_status(u32 status)
{
	switch (status) {
	case XEN_NETIF_CTRL_STATUS_SUCCESS:
		return 0;
	case XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER:
		return -EINVAL;
	case XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW:
		return -ENOSPC;
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * Wait for the one response owed and take it: XNIF_CTRL_RSP_OK with the
 * copy in *rsp, or why there is none that may be used.
 */
static enum xnif_ctrl_rsp_err
xennet_ctrl_take(struct xennet_ctrl *c, struct xen_netif_ctrl_response *rsp)
{
	enum xnif_ctrl_rsp_err why;
	bool ready = false;
	u32 prod;

	wait_event_timeout(c->wait, READ_ONCE(c->ring.sring->rsp_prod) !=
			   c->ring.rsp_cons, XENNET_CTRL_TIMEOUT);
	prod = READ_ONCE(c->ring.sring->rsp_prod);
	/* The response is read after the producer that published it. */
	virt_rmb();
	why = xnif_ctrl_rsp_ready(prod, c->ring.rsp_cons,
				  c->ring.req_prod_pvt, &ready);
	if (why)
		return why;
	if (!ready)
		return XNIF_CTRL_RSP_TIMEOUT;
	/* One read of shared memory: only the copy is checked and used. */
	memcpy(rsp, RING_GET_RESPONSE(&c->ring, c->ring.rsp_cons),
	       sizeof(*rsp));
	c->ring.rsp_cons++;
	c->ring.sring->rsp_event = c->ring.rsp_cons + 1;
	return XNIF_CTRL_RSP_OK;
}

/*
 * Send one request and wait for its answer. 0 and the data word on
 * SUCCESS; the status as an errno when the backend refuses; -ENODEV
 * without a live ring; -EPROTO when the backend broke the protocol.
 */
int xennet_ctrl_call(struct xennet_info *np, u16 type, u32 d0, u32 d1,
		     u32 d2, u32 *data)
{
	struct xennet_ctrl *c = &np->ctrl;
	struct xen_netif_ctrl_request *req;
	struct xen_netif_ctrl_response rsp;
	enum xnif_ctrl_rsp_err why;
	u16 id;
	int notify;

	ASSERT_RTNL();
	if (!c->page || c->dead)
		return -ENODEV;
	id = c->next_id++;
	req = RING_GET_REQUEST(&c->ring, c->ring.req_prod_pvt);
	req->id = id;
	req->type = type;
	req->data[0] = d0;
	req->data[1] = d1;
	req->data[2] = d2;
	c->ring.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&c->ring, notify);
	if (notify)
		notify_remote_via_irq(c->irq);

	why = xennet_ctrl_take(c, &rsp);
	if (!why)
		why = xnif_ctrl_rsp_check(&rsp, id, type);
	if (why) {
		xennet_ctrl_fail(np, why);
		return -EPROTO;
	}
	*data = rsp.data;
	return xennet_ctrl_status(rsp.status);
}

/*
 * The backend serves our rings, and the control ring with them: once per
 * connect, ask how many staged pages it maps for us and stage them. The
 * answer is per queue (data[0] names one); every queue is sized by queue
 * 0's, since all queues stage or none: a backend whose queues differ
 * refuses the entries past its bound and we fall back to classic grants.
 */
void xennet_ctrl_link_up(struct xennet_info *np)
{
	u32 size = 0;
	int err;

	ASSERT_RTNL();
	if (!np->ctrl.page || np->staged_asked)
		return;
	np->staged_asked = true;
	err = xennet_ctrl_call(np, XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE,
			       0, 0, 0, &size);
	if (!err && size) {
		xennet_stage(np, size);
		return;
	}
	WRITE_ONCE(np->staged_state, XENNET_STAGED_REFUSED);
	atomic_long_inc(&np->staged_fallback);
	netdev_info(np->netdev,
		    "backend stages no grants (%d, size %u): classic grants\n",
		    err, size);
}
