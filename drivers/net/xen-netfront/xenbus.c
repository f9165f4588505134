// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: the xenbus side of a device. Probe creates and registers
 * the netdev at once, so it keeps its name, ifindex and addresses across
 * every later reconnect; the data path comes and goes with the handshake.
 *
 * Each backend state change runs the pure transition function
 * xnif_fe_next() and applies what it says, under rtnl, until it says to
 * wait. A reconnect (ethtool -L, a backend still serving an earlier
 * instance of us) walks Closing, Closed and Initialising, which every
 * backend follows while the toolstack keeps the device online.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include <xen/events.h>
#include <xen/xenbus.h>

#include "fe_state.h"
#include "netfront.h"
#include "trace.h"

/* How long remove() waits for each backend step before going on alone. */
#define XENNET_CLOSE_TIMEOUT	(5 * HZ)

/* A handful of actions ends every walk; more means the backend flaps. */
#define XENNET_MAX_STEPS	8

/*
 * The backend maps our rings now. Kick every queue: requests posted
 * before it listened raised no event it saw.
 */
static void xennet_link_up(struct xennet_info *np)
{
	unsigned int i;

	if (!np->queues || xennet_broken(np))
		return;
	/*
	 * This may be another backend than the one we connected to: ethtool's
	 * limits, the offloads we use and the next connect follow its offers.
	 */
	xennet_read_backend(np);
	netdev_update_features(np->netdev);
	for (i = 0; i < np->num_queues; i++) {
		struct xennet_queue *q = &np->queues[i];

		notify_remote_via_irq(q->tx_irq);
		if (q->rx_irq != q->tx_irq)
			notify_remote_via_irq(q->rx_irq);
	}
	xennet_ctrl_link_up(np);
	if (netif_carrier_ok(np->netdev))
		return;
	xennet_read_link(np);
	netif_carrier_on(np->netdev);
	__netdev_notify_peers(np->netdev);
}

/* Apply one action; false when the walk should stop here. */
static bool xennet_apply(struct xennet_info *np, enum xnif_fe_action act)
{
	struct xenbus_device *dev = np->xbdev;
	int err;

	switch (act) {
	case XNIF_FE_CONNECT:
		err = xennet_connect(np);
		if (err) {
			xenbus_dev_fatal(dev, err, "connecting to the backend");
			return false;
		}
		np->reconnect = false;
		xenbus_switch_state(dev, XenbusStateConnected);
		return true;
	case XNIF_FE_LINK_UP:
		xennet_link_up(np);
		return false;
	case XNIF_FE_RESTART:
		np->reconnect = true;
		xenbus_switch_state(dev, XenbusStateClosing);
		return true;
	case XNIF_FE_CLOSE:
		xennet_disconnect(np);
		xenbus_switch_state(dev, XenbusStateClosed);
		return true;
	case XNIF_FE_REINIT:
		xennet_disconnect(np);
		xenbus_switch_state(dev, XenbusStateInitialising);
		return true;
	default:
		return false;
	}
}

/* Move the handshake on as far as the backend's current state allows. */
static void xennet_drive(struct xennet_info *np)
{
	struct xenbus_device *dev = np->xbdev;
	unsigned int i;

	ASSERT_RTNL();
	for (i = 0; i < XENNET_MAX_STEPS && !np->removing; i++) {
		enum xenbus_state be = xnif_read_driver_state(dev, dev->otherend);
		enum xnif_fe_action act;

		act = xnif_fe_next(dev->state, be, np->reconnect);
		trace_xennet_handshake(np, be, act);
		if (!xennet_apply(np, act))
			break;
	}
}

static void xennet_backend_changed(struct xenbus_device *dev,
				   enum xenbus_state backend_state)
{
	struct xennet_info *np = dev_get_drvdata(&dev->dev);

	rtnl_lock();
	xennet_drive(np);
	rtnl_unlock();
}

/*
 * Close and connect again, keeping the netdev. Queues stop at once so
 * that packets wait in the qdisc instead of being lost.
 */
void xennet_request_reconnect(struct xennet_info *np)
{
	struct xenbus_device *dev = np->xbdev;

	ASSERT_RTNL();
	trace_xennet_reconnect(np);
	np->reconnect = true;
	if (dev->state == XenbusStateConnected) {
		/* While the backend still serves the control ring. */
		xennet_unstage(np);
		netif_tx_stop_all_queues(np->netdev);
		xenbus_switch_state(dev, XenbusStateClosing);
		return;
	}
	/* Closed or waiting for the backend: the walk resumes from here. */
	xennet_drive(np);
}

static int xennet_probe(struct xenbus_device *dev,
			const struct xenbus_device_id *id)
{
	struct net_device *netdev;
	struct xennet_info *np;
	int err;

	netdev = xennet_alloc_netdev(dev);
	if (IS_ERR(netdev)) {
		err = PTR_ERR(netdev);
		xenbus_dev_fatal(dev, err, "creating the network device");
		return err;
	}
	np = netdev_priv(netdev);
	dev_set_drvdata(&dev->dev, np);

	err = register_netdev(netdev);
	if (err) {
		xenbus_dev_fatal(dev, err, "registering the network device");
		xennet_free_netdev(netdev);
		return err;
	}
	xenbus_switch_state(dev, XenbusStateInitialising);
	return 0;
}

static bool xennet_be_in(struct xenbus_device *dev, unsigned int states)
{
	return BIT(xnif_read_driver_state(dev, dev->otherend)) & states;
}

/*
 * xenbus stops delivering backend changes before it calls remove(), so
 * remove() looks at the backend's state itself, a few times a second.
 */
static bool xennet_wait_backend(struct xenbus_device *dev, unsigned int states)
{
	unsigned long end = jiffies + XENNET_CLOSE_TIMEOUT;

	while (!xennet_be_in(dev, states)) {
		if (time_after(jiffies, end))
			return false;
		msleep(20);
	}
	return true;
}

/*
 * Take the backend to Closed before our pages go away. A backend that
 * does not answer is given up on after a while: the grants of anything
 * it still maps are ended lazily by the grant table code, never freed
 * under it.
 */
static void xennet_bus_close(struct xennet_info *np)
{
	struct xenbus_device *dev = np->xbdev;
	const unsigned int gone = BIT(XenbusStateClosed) | BIT(XenbusStateUnknown);

	if (xennet_be_in(dev, gone))
		return;
	xenbus_switch_state(dev, XenbusStateClosing);
	xennet_wait_backend(dev, gone | BIT(XenbusStateClosing));
	xenbus_switch_state(dev, XenbusStateClosed);
	if (!xennet_wait_backend(dev, gone))
		netdev_warn(np->netdev, "backend did not close; detaching anyway\n");
}

static void xennet_remove(struct xenbus_device *dev)
{
	struct xennet_info *np = dev_get_drvdata(&dev->dev);

	rtnl_lock();
	np->removing = true;
	xennet_unstage(np);
	rtnl_unlock();

	xennet_bus_close(np);

	rtnl_lock();
	xennet_disconnect(np);
	rtnl_unlock();
	xennet_forget_keys(np);

	unregister_netdev(np->netdev);
	xennet_free_netdev(np->netdev);
}

/*
 * After a restore the backend is a new one and our grants and event
 * channels are gone with the old domain: drop the data path. xenbus has
 * put us back in Initialising; the backend's InitWait connects us again.
 */
static int xennet_resume(struct xenbus_device *dev)
{
	struct xennet_info *np = dev_get_drvdata(&dev->dev);

	rtnl_lock();
	np->reconnect = false;
	xennet_disconnect(np);
	rtnl_unlock();
	return 0;
}

static const struct xenbus_device_id xennet_ids[] = {
	{ "vif" },
	{ "" }
};

struct xenbus_driver xennet_driver = {
	.ids = xennet_ids,
	.probe = xennet_probe,
	.remove = xennet_remove,
	.resume = xennet_resume,
	.otherend_changed = xennet_backend_changed,
	.driver.dev_groups = xennet_dev_groups,
};
