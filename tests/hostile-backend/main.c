// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback-hostile: parameters and the xenbus side of a lying backend.
 */
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <xen/events.h>
#include <xen/xenbus.h>

#include "hostile_be.h"

char *hbe_mode = "no_drain";
module_param_named(mode, hbe_mode, charp, 0644);
MODULE_PARM_DESC(mode,
		 "Lie to tell: no_drain no_close rx_prod rx_bad_size rx_bad_id rx_endless rx_grant_in_use tx_bad_id tx_dup tx_bad_status tx_grant_in_use null-tx-on-data-slot evt_storm state_flap fuzz");

/*
 * The queue whose rings the lies are told on. The frontend negotiated its
 * queues, ring order, layout and channels with netback; this driver maps
 * the rings of this one queue as they are and leaves the others unserved.
 */
unsigned int hbe_queue;
module_param_named(queue, hbe_queue, uint, 0644);
MODULE_PARM_DESC(queue, "Queue to lie on (default 0)");

/* The fuzz mode's seed: one seed, one sequence of steps (fuzz.c). */
unsigned long long hbe_seed;
module_param_named(seed, hbe_seed, ullong, 0644);
MODULE_PARM_DESC(seed, "Seed of the fuzz mode's round (default 0)");

/*
 * Loaded next to netback, this driver must never win a new vif by itself:
 * it binds only the device named here, which the lab sets just for its
 * bind by hand and clears again.
 */
static char *hbe_target = "";
module_param_named(target, hbe_target, charp, 0644);
MODULE_PARM_DESC(target, "The only device this driver binds, e.g. vif-3-1 (default none)");

/* Let the frontend settle before the lie. */
#define HBE_ATTACK_DELAY	(3 * HZ)
/* The fuzzer needs only the buffers posted at connect. */
#define HBE_FUZZ_DELAY		(HZ / 2)
/* Flapping needs no traffic, only a frontend that connected. */
#define HBE_FLAP_DELAY		HZ

static irqreturn_t hbe_interrupt(int irq, void *data)
{
	xen_irq_lateeoi(irq, 0);
	return IRQ_HANDLED;
}

void hbe_disconnect(struct hbe *be)
{
	lockdep_assert_held(&be->lock);
	if (be->rx_irq > 0 && be->rx_irq != be->tx_irq)
		unbind_from_irqhandler(be->rx_irq, be);
	if (be->tx_irq > 0)
		unbind_from_irqhandler(be->tx_irq, be);
	be->tx_irq = 0;
	be->rx_irq = 0;
	hbe_release_held(be);
	if (be->tx_va)
		xenbus_unmap_ring_vfree(be->dev, be->tx_va);
	if (be->rx_va)
		xenbus_unmap_ring_vfree(be->dev, be->rx_va);
	be->tx_va = NULL;
	be->rx_va = NULL;
	be->connected = false;
}

static int hbe_read_uint(const char *dir, const char *key, unsigned int def,
			 unsigned int *val)
{
	if (!xenbus_exists(XBT_NIL, dir, key)) {
		*val = def;
		return 0;
	}
	return xenbus_scanf(XBT_NIL, dir, key, "%u", val) == 1 ? 0 : -EINVAL;
}

/* The 2^order references of one ring, classic key for one page. */
static int hbe_map(struct hbe *be, const char *dir, const char *key,
		   const char *fmt, void **va, struct xnif_ring *ring,
		   unsigned int req, unsigned int rsp)
{
	grant_ref_t refs[XEN_NETIF_MAX_RING_PAGES];
	unsigned int i, n = 1U << be->order;
	char name[32];
	int err;

	for (i = 0; i < n; i++) {
		if (be->order)
			snprintf(name, sizeof(name), fmt, i);
		if (xenbus_scanf(XBT_NIL, dir, be->order ? name : key, "%u",
				 &refs[i]) != 1)
			return -EINVAL;
	}
	err = xenbus_map_ring_valloc(be->dev, refs, n, va);
	if (err)
		return err;
	return xnif_ring_attach(ring, *va, be->order, be->layout, req, rsp);
}

static int hbe_bind_one(struct hbe *be, const char *dir, const char *key,
			int *irq)
{
	unsigned int port;
	int r;

	if (xenbus_scanf(XBT_NIL, dir, key, "%u", &port) != 1)
		return -ENOENT;
	r = bind_interdomain_evtchn_to_irqhandler_lateeoi(be->dev, port,
							  hbe_interrupt, 0, "vif-hostile",
							  be);
	if (r < 0)
		return r;
	*irq = r;
	return 0;
}

/* Whatever the frontend chose: one channel, or one per direction. */
static int hbe_bind(struct hbe *be, const char *dir)
{
	int err = hbe_bind_one(be, dir, XEN_NETIF_KEY_EVTCHN, &be->tx_irq);

	if (!err) {
		be->rx_irq = be->tx_irq;
		return 0;
	}
	err = hbe_bind_one(be, dir, XEN_NETIF_KEY_EVTCHN_TX, &be->tx_irq);
	return err ?: hbe_bind_one(be, dir, XEN_NETIF_KEY_EVTCHN_RX, &be->rx_irq);
}

/*
 * The shape the frontend wrote: queue count, ring order (in the queue's
 * directory or the frontend's) and layout; dir is the attacked queue's.
 */
static int hbe_read_shape(struct hbe *be, char **dir)
{
	const char *fe = be->dev->otherend;
	unsigned int nq, layout;
	int err;

	err = hbe_read_uint(fe, XEN_NETIF_KEY_NUM_QUEUES, 1, &nq);
	if (!err && READ_ONCE(hbe_queue) >= nq)
		err = -EINVAL;
	if (!err)
		err = hbe_read_uint(fe, XEN_NETIF_KEY_RING_LAYOUT,
				    XEN_NETIF_RING_LAYOUT_CLASSIC, &layout);
	if (err)
		return err;
	be->queue = READ_ONCE(hbe_queue);
	be->layout = layout == XEN_NETIF_RING_LAYOUT_V2 ? XNIF_LAYOUT_V2 :
							  XNIF_LAYOUT_CLASSIC;
	*dir = nq == 1 ? kstrdup(fe, GFP_KERNEL) :
	       kasprintf(GFP_KERNEL, "%s/" XEN_NETIF_KEY_QUEUE_DIR_FMT, fe,
			 be->queue);
	if (!*dir)
		return -ENOMEM;
	err = hbe_read_uint(fe, XEN_NETIF_KEY_RING_PAGE_ORDER, 0, &be->order);
	if (!err)
		err = hbe_read_uint(*dir, XEN_NETIF_KEY_RING_PAGE_ORDER,
				    be->order, &be->order);
	if (!err && be->order > XEN_NETIF_MAX_RING_PAGE_ORDER)
		err = -EINVAL;
	if (err) {
		kfree(*dir);
		*dir = NULL;
	}
	return err;
}

int hbe_connect(struct hbe *be)
{
	char *dir;
	int err;

	err = hbe_read_shape(be, &dir);
	if (err)
		return err;
	err = hbe_map(be, dir, XEN_NETIF_KEY_TX_RING_REF,
		      XEN_NETIF_KEY_TX_RING_REF_FMT, &be->tx_va, &be->tx,
		      sizeof(struct xen_netif_tx_request),
		      sizeof(struct xen_netif_tx_response));
	if (!err)
		err = hbe_map(be, dir, XEN_NETIF_KEY_RX_RING_REF,
			      XEN_NETIF_KEY_RX_RING_REF_FMT, &be->rx_va, &be->rx,
			      sizeof(struct xen_netif_rx_request),
			      sizeof(struct xen_netif_rx_response));
	if (!err)
		err = hbe_bind(be, dir);
	kfree(dir);
	if (err) {
		hbe_disconnect(be);
		return err;
	}
	be->tx_rsp = READ_ONCE(*be->tx.rsp.prod);
	be->rx_rsp = READ_ONCE(*be->rx.rsp.prod);
	be->connected = true;
	be->attack_tries = 0;
	return 0;
}

static bool hbe_no_close(void)
{
	return sysfs_streq(hbe_mode, "no_close");
}

static void hbe_frontend_changed(struct xenbus_device *dev,
				 enum xenbus_state fe)
{
	struct hbe *be = dev_get_drvdata(&dev->dev);
	unsigned long delay;
	bool gone = false, cancelled = false;

	/* state_flap reads the frontend's state itself while it runs. */
	if (READ_ONCE(be->flapping)) {
		atomic_inc(&be->fe_events);
		wake_up(&be->fe_wq);
		return;
	}
	if (fe == XenbusStateClosing || fe == XenbusStateClosed ||
	    fe == XenbusStateUnknown) {
		cancel_delayed_work_sync(&be->attack);
		cancelled = true;
	}
	mutex_lock(&be->lock);
	/* A round cut short still says how far it got. */
	if (be->connected && cancelled && sysfs_streq(hbe_mode, "fuzz"))
		hbe_fuzz_end(be, "frontend closing");
	switch (fe) {
	case XenbusStateInitialising:
		if (dev->state == XenbusStateClosed)
			xenbus_switch_state(dev, XenbusStateInitWait);
		break;
	case XenbusStateConnected:
		if (be->connected)
			break;
		if (hbe_connect(be)) {
			pr_warn("%s: cannot map the frontend's rings\n",
				dev->nodename);
			break;
		}
		xenbus_switch_state(dev, XenbusStateConnected);
		delay = sysfs_streq(hbe_mode, "fuzz") ? HBE_FUZZ_DELAY :
			sysfs_streq(hbe_mode, "state_flap") ? HBE_FLAP_DELAY :
							       HBE_ATTACK_DELAY;
		pr_warn("%s: connected, lie in %u ms (queue %u, ring order %u, layout %s, %s event channels)\n",
			dev->nodename, jiffies_to_msecs(delay), be->queue,
			be->order,
			be->layout == XNIF_LAYOUT_V2 ? "v2" : "classic",
			be->rx_irq != be->tx_irq ? "split" : "shared");
		if (sysfs_streq(hbe_mode, "fuzz"))
			hbe_fuzz_begin(be, delay);
		schedule_delayed_work(&be->attack, delay);
		break;
	case XenbusStateClosing:
		if (hbe_no_close())
			break;
		hbe_disconnect(be);
		xenbus_switch_state(dev, XenbusStateClosing);
		break;
	case XenbusStateClosed:
	case XenbusStateUnknown:
		if (hbe_no_close())
			break;
		hbe_disconnect(be);
		xenbus_switch_state(dev, XenbusStateClosed);
		gone = !xenbus_dev_is_online(dev);
		break;
	default:
		break;
	}
	mutex_unlock(&be->lock);
	if (gone)
		device_unregister(&dev->dev);
}

/* Keys a real backend left behind would promise what we do not do. */
static int hbe_write_features(struct xenbus_device *dev)
{
	static const char *const gone[] = {
		XEN_NETIF_KEY_MAX_QUEUES, XEN_NETIF_KEY_MAX_RING_PAGE_ORDER,
		XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN, XEN_NETIF_KEY_FEATURE_SG,
		XEN_NETIF_KEY_FEATURE_GSO_TCPV4, XEN_NETIF_KEY_FEATURE_GSO_TCPV6,
		XEN_NETIF_KEY_FEATURE_CTRL_RING,
		XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2,
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(gone); i++)
		xenbus_rm(XBT_NIL, dev->nodename, gone[i]);
	err = xenbus_write(XBT_NIL, dev->nodename,
			   XEN_NETIF_KEY_FEATURE_RX_COPY, "1");
	/* The fuzzer answers SG and GSO correctly: it may offer them. */
	if (!err && sysfs_streq(hbe_mode, "fuzz"))
		err = hbe_fuzz_offer(dev);
	return err;
}

static int hbe_probe(struct xenbus_device *dev,
		     const struct xenbus_device_id *id)
{
	struct hbe *be;
	int err;

	if (!sysfs_streq(dev_name(&dev->dev), hbe_target))
		return -ENODEV;
	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be)
		return -ENOMEM;
	be->dev = dev;
	mutex_init(&be->lock);
	init_waitqueue_head(&be->fe_wq);
	INIT_DELAYED_WORK(&be->attack, hbe_attack_work);
	dev_set_drvdata(&dev->dev, be);
	err = hbe_write_features(dev);
	if (err) {
		kfree(be);
		return err;
	}
	xenbus_switch_state(dev, XenbusStateInitWait);
	pr_warn("%s: hostile backend bound, mode %s%s", dev->nodename, hbe_mode,
		strchr(hbe_mode, '\n') ? "" : "\n");
	return 0;
}

static void hbe_remove(struct xenbus_device *dev)
{
	struct hbe *be = dev_get_drvdata(&dev->dev);

	cancel_delayed_work_sync(&be->attack);
	mutex_lock(&be->lock);
	hbe_disconnect(be);
	hbe_fuzz_free(be);
	mutex_unlock(&be->lock);
	kfree(be);
}

static const struct xenbus_device_id hbe_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver hbe_driver = {
	.name = "vif-hostile",
	.ids = hbe_ids,
	.probe = hbe_probe,
	.remove = hbe_remove,
	.otherend_changed = hbe_frontend_changed,
};

static int __init hbe_init(void)
{
	return xenbus_register_backend(&hbe_driver);
}
module_init(hbe_init);

static void __exit hbe_exit(void)
{
	xenbus_unregister_driver(&hbe_driver);
}
module_exit(hbe_exit);

MODULE_DESCRIPTION("Test-only Xen network backend that lies to its frontend");
MODULE_LICENSE("GPL");
