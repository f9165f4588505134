// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the xenbus device, from probe to remove.
 *
 * Probe advertises what this backend offers, creates the vif netdev (which
 * fires the uevent that runs the toolstack's hotplug script) and waits for
 * the frontend in InitWait. From then on the frontend's state decides a
 * target state and be_state.c the path to it; connecting and disconnecting
 * happen on the way (connect.c). Reaching Connected waits for the hotplug
 * script to report "connected", so that the vif is on its bridge before
 * the guest is told it may send.
 *
 * Everything here runs under be->lock: the xenbus callbacks, the watch
 * callbacks and the work that shuts a misbehaving frontend out.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "be_offers.h"
#include "be_state.h"
#include "link.h"
#include "netback.h"
#include "trace.h"

static int xenvif_write_offers(struct xenvif_be *be)
{
	const struct xnif_be_caps caps = {
		.max_queues = be->max_queues,
		.max_order = be->max_order,
		.layout_v2 = be->layout_v2,
		.split_evtchn = READ_ONCE(xenvif_split_evtchn),
		.xdp_headroom = READ_ONCE(xenvif_provides_xdp_headroom),
	};
	struct xnif_be_offer offers[XNIF_BE_OFFERS];
	struct xenbus_device *dev = be->dev;
	struct xenbus_transaction xbt;
	unsigned int i;
	int err;

	/* Every offer, 0 for what is not offered: nothing stale stays. */
	xnif_be_offers(&caps, offers);
again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	for (i = 0; i < XNIF_BE_OFFERS; i++) {
		err = xenbus_printf(xbt, dev->nodename, offers[i].key, "%u",
				    offers[i].value);
		if (err) {
			xenbus_transaction_end(xbt, 1);
			return err;
		}
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;
}

/* Tell the toolstack the new state, unless hotplug holds Connected back. */
static void xenvif_be_switch(struct xenvif_be *be, enum xenbus_state state)
{
	be->state = state;
	/* Open again: whatever restart the admin asked for is done. */
	if (state == XenbusStateInitWait)
		be->restart = false;
	trace_xenvif_switch_state(be);
	if (state == XenbusStateConnected && be->hotplug_wait)
		return;
	xenbus_switch_state(be->dev, state);
}

static void xenvif_hotplug_unwatch(struct xenvif_be *be)
{
	if (!be->hotplug_watch.node)
		return;
	unregister_xenbus_watch(&be->hotplug_watch);
	kfree(be->hotplug_watch.node);
	be->hotplug_watch.node = NULL;
}

static void xenvif_hotplug_changed(struct xenbus_watch *watch,
				   const char *path, const char *token)
{
	struct xenvif_be *be = container_of(watch, struct xenvif_be,
					    hotplug_watch);
	char *status;
	unsigned int len;

	status = xenbus_read(XBT_NIL, be->dev->nodename,
			     XEN_NETIF_KEY_HOTPLUG_STATUS, &len);
	if (IS_ERR(status))
		return;
	mutex_lock(&be->lock);
	if (be->hotplug_wait && len == strlen("connected") &&
	    !memcmp(status, "connected", len)) {
		be->hotplug_wait = false;
		if (be->state == XenbusStateConnected)
			xenbus_switch_state(be->dev, XenbusStateConnected);
	}
	mutex_unlock(&be->lock);
	kfree(status);
}

/*
 * Drive the backend toward target along be_state.c's path. A failed
 * connect has already reported itself with xenbus_dev_fatal(), which
 * moves the device to Closing; stop there.
 */
static void xenvif_be_goto(struct xenvif_be *be, enum xenbus_state target)
{
	struct xnif_be_step step;

	lockdep_assert_held(&be->lock);
	while (xnif_be_next(be->state, target, &step)) {
		if (step.action == XNIF_BE_CONNECT && xenvif_connect(be)) {
			be->state = XenbusStateClosing;
			return;
		}
		if (step.action == XNIF_BE_DISCONNECT)
			xenvif_disconnect(be);
		xenvif_be_switch(be, step.next);
	}
}

static void xenvif_frontend_changed(struct xenbus_device *dev,
				    enum xenbus_state fe_state)
{
	struct xenvif_be *be = dev_get_drvdata(&dev->dev);
	enum xenbus_state target = XenbusStateUnknown;
	enum xnif_be_event event;

	mutex_lock(&be->lock);
	be->fe_state = fe_state;
	trace_xenvif_frontend_changed(be);
	event = xnif_be_target(fe_state, xenbus_dev_is_online(dev), &target);
	switch (event) {
	case XNIF_BE_GOTO:
	case XNIF_BE_GOTO_REMOVE:
		/*
		 * Back to Connected after Reconfiguring: the frontend wrote
		 * its new headroom after announcing the change, read it now.
		 */
		if (target == XenbusStateConnected &&
		    be->state == XenbusStateConnected)
			xenvif_read_xdp_headroom(be);
		xenvif_be_goto(be, target);
		/* The frontend let go of the rings: open for a new one. */
		if (event == XNIF_BE_GOTO && be->restart &&
		    be->state == XenbusStateClosed)
			xenvif_be_goto(be, XenbusStateInitWait);
		break;
	case XNIF_BE_RECONFIGURE:
		/* Only XDP headroom changes while connected. */
		xenvif_read_xdp_headroom(be);
		xenbus_switch_state(dev, XenbusStateReconfigured);
		break;
	case XNIF_BE_INVALID:
		xenbus_dev_fatal(dev, -EINVAL, "frontend entered state %d",
				 fe_state);
		break;
	case XNIF_BE_IGNORE:
		break;
	}
	mutex_unlock(&be->lock);

	/* Removal ends in our own remove(), which takes be->lock itself. */
	if (event == XNIF_BE_GOTO_REMOVE)
		device_unregister(&dev->dev);
}

/*
 * A frontend broke the protocol on the data path (xenvif_fatal()). The
 * data path only flags it; here, in process context, the vif is
 * disconnected and the frontend told to close. It may connect again.
 */
static void xenvif_disable_work(struct work_struct *work)
{
	struct xenvif_be *be = container_of(work, struct xenvif_be,
					    disable_work);

	mutex_lock(&be->lock);
	if (be->vif && xenvif_broken(be->vif) &&
	    be->state == XenbusStateConnected)
		xenvif_be_goto(be, XenbusStateClosing);
	mutex_unlock(&be->lock);
}

void xenvif_be_disable(struct xenvif_be *be)
{
	schedule_work(&be->disable_work);
}

/*
 * The admin's way back for a vif disabled for bad input, or for a frontend
 * that gave up: take the backend to InitWait, through Closing and Closed
 * if it is still connected, where a frontend that follows its backend
 * connects again. A frontend that does not (mainline's netfront stays
 * Closed) connects when its driver is loaded again.
 */
void xenvif_be_restart(struct xenvif_be *be)
{
	enum xenbus_state target;

	mutex_lock(&be->lock);
	be->restart = xnif_be_restart(be->state, &target);
	if (be->vif)
		netdev_info(be->vif->dev, "reconnect requested in state %s\n",
			    xenbus_strstate(be->state));
	if (target != XenbusStateUnknown)
		xenvif_be_goto(be, target);
	mutex_unlock(&be->lock);
}

/* Called with be->lock held, on the way to Connected. */
int xenvif_hotplug_watch(struct xenvif_be *be)
{
	int err;

	xenvif_hotplug_unwatch(be);
	be->hotplug_wait = true;
	err = xenbus_watch_pathfmt(be->dev, &be->hotplug_watch, NULL,
				   xenvif_hotplug_changed, "%s/%s",
				   be->dev->nodename,
				   XEN_NETIF_KEY_HOTPLUG_STATUS);
	if (err)
		be->hotplug_wait = false;
	return err;
}

static bool xenvif_one_pending(struct xenbus_watch *watch, const char *path,
			       const char *token)
{
	/* The callback re-reads the key: one queued event is enough. */
	return !watch->nr_pending;
}

static int xenvif_watch_keys(struct xenvif_be *be)
{
	struct xenbus_device *dev = be->dev;
	int err;

	err = xenbus_watch_pathfmt(dev, &be->rate_watch, xenvif_one_pending,
				   xenvif_rate_changed, "%s/%s", dev->nodename,
				   XEN_NETIF_KEY_RATE);
	if (err)
		return err;
	/* The frontend writes this one: never let it queue up events. */
	return xenbus_watch_pathfmt(dev, &be->mcast_watch, xenvif_one_pending,
				    xenvif_mcast_ctrl_changed, "%s/%s",
				    dev->otherend,
				    XEN_NETIF_KEY_REQUEST_MCAST_CTRL);
}

static void xenvif_unwatch_keys(struct xenvif_be *be)
{
	struct xenbus_watch *w[] = { &be->rate_watch, &be->mcast_watch };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(w); i++) {
		if (!w[i]->node)
			continue;
		unregister_xenbus_watch(w[i]);
		kfree(w[i]->node);
		w[i]->node = NULL;
	}
}

/*
 * libxl writes "mtu" in our directory only when the domain's configuration
 * sets one; the vif starts with it, as the hotplug script would set it.
 */
static unsigned int xenvif_toolstack_mtu(struct xenbus_device *dev)
{
	unsigned int mtu = 0;
	char *s;

	s = xenbus_read(XBT_NIL, dev->nodename, XEN_NETIF_KEY_MTU, NULL);
	if (IS_ERR(s))
		return 0;
	if (xnif_parse_mtu(s, &mtu))
		dev_warn(&dev->dev, "ignoring %s \"%.16s\": not a number from %u to %u\n",
			 XEN_NETIF_KEY_MTU, s, XNIF_MTU_MIN, XNIF_MTU_MAX);
	kfree(s);
	return mtu;
}

static int xenvif_create_vif(struct xenvif_be *be)
{
	struct xenbus_device *dev = be->dev;
	struct xenvif *vif;
	unsigned int handle;
	int err;

	err = xenbus_scanf(XBT_NIL, dev->nodename, XEN_NETIF_KEY_HANDLE, "%u",
			   &handle);
	if (err != 1) {
		err = err < 0 ? err : -EINVAL;
		xenbus_dev_fatal(dev, err, "reading %s", XEN_NETIF_KEY_HANDLE);
		return err;
	}
	vif = xenvif_create(&dev->dev, dev->otherend_id, handle,
			    be->max_queues, xenvif_toolstack_mtu(dev));
	if (IS_ERR(vif)) {
		xenbus_dev_fatal(dev, PTR_ERR(vif), "creating the interface");
		return PTR_ERR(vif);
	}
	vif->be = be;
	be->vif = vif;
	/* The uevent the toolstack's hotplug script is waiting for. */
	kobject_uevent(&dev->dev.kobj, KOBJ_ONLINE);
	return 0;
}

static void xenvif_remove(struct xenbus_device *dev)
{
	struct xenvif_be *be = dev_get_drvdata(&dev->dev);
	struct xenvif *vif;
	const char *key;
	unsigned int i;

	/* Watches first, without be->lock: their callbacks take it. */
	xenvif_unwatch_keys(be);
	xenvif_hotplug_unwatch(be);

	/*
	 * The toolstack may have removed our xenstore directory already:
	 * release everything, but write no state.
	 */
	mutex_lock(&be->lock);
	if (be->state == XenbusStateConnected)
		xenvif_disconnect(be);
	vif = be->vif;
	be->vif = NULL;
	mutex_unlock(&be->lock);
	cancel_work_sync(&be->disable_work);

	/* What we wrote goes with us; the directory is the toolstack's. */
	for (i = 0; (key = xnif_be_gone_key(i)); i++)
		xenbus_rm(XBT_NIL, dev->nodename, key);
	if (vif) {
		kobject_uevent(&dev->dev.kobj, KOBJ_OFFLINE);
		xenvif_destroy(vif);
	}
	kfree(be->script);
	kfree(be);
	dev_set_drvdata(&dev->dev, NULL);
}

static int xenvif_probe(struct xenbus_device *dev,
			const struct xenbus_device_id *id)
{
	struct xenvif_be *be;
	char *script;
	int err;

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating backend state");
		return -ENOMEM;
	}
	be->dev = dev;
	be->state = XenbusStateInitialising;
	/* Fixed for the device's life: what is offered is what is checked. */
	be->max_queues = clamp_t(unsigned int, READ_ONCE(xenvif_max_queues),
				 1, XENVIF_MAX_QUEUES);
	be->max_order = min_t(unsigned int, READ_ONCE(xenvif_max_ring_order),
			      XEN_NETIF_MAX_RING_PAGE_ORDER);
	be->layout_v2 = READ_ONCE(xenvif_ring_layout_v2);
	mutex_init(&be->lock);
	INIT_WORK(&be->disable_work, xenvif_disable_work);
	dev_set_drvdata(&dev->dev, be);

	err = xenvif_write_offers(be);
	if (err) {
		xenbus_dev_fatal(dev, err, "advertising features");
		goto fail;
	}
	script = xenbus_read(XBT_NIL, dev->nodename, XEN_NETIF_KEY_SCRIPT,
			     NULL);
	if (IS_ERR(script)) {
		err = PTR_ERR(script);
		xenbus_dev_fatal(dev, err, "reading %s", XEN_NETIF_KEY_SCRIPT);
		goto fail;
	}
	be->script = script;

	mutex_lock(&be->lock);
	xenvif_be_switch(be, XenbusStateInitWait);
	err = xenvif_create_vif(be);
	mutex_unlock(&be->lock);
	if (!err)
		err = xenvif_watch_keys(be);
	if (err)
		goto fail;
	return 0;

fail:
	xenvif_remove(dev);
	return err;
}

static int xenvif_uevent(XNIF_UEVENT_CONST struct xenbus_device *xdev,
			 struct kobj_uevent_env *env)
{
	struct xenvif_be *be = dev_get_drvdata(&xdev->dev);

	if (!be)
		return 0;
	if (add_uevent_var(env, "script=%s", be->script))
		return -ENOMEM;
	if (!be->vif)
		return 0;
	return add_uevent_var(env, "vif=%s", be->vif->dev->name);
}

static const struct xenbus_device_id xenvif_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver xenvif_driver = {
	.ids = xenvif_ids,
	.probe = xenvif_probe,
	.remove = xenvif_remove,
	.uevent = xenvif_uevent,
	.otherend_changed = xenvif_frontend_changed,
	.allow_rebind = true,
	.driver.dev_groups = xenvif_dev_groups,
};

int xenvif_xenbus_init(void)
{
	return xenbus_register_backend(&xenvif_driver);
}

void xenvif_xenbus_exit(void)
{
	xenbus_unregister_driver(&xenvif_driver);
}
