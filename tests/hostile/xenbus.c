// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: the xenbus side. The handshake is an honest one
 * (keys written when the backend waits in InitWait, then Connected)
 * except where the mode replaces the keys; once the backend is Connected
 * a thread runs the mode's attack and then keeps the device otherwise
 * alive (answers reaped, receive buffers posted) until the backend closes,
 * which is what the lab expects a sound backend to do.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hostile.h"

/* The guest's own directory, relative: xenstored roots it at our domain. */
#define HOSTILE_MODE_DIR	"data"
#define HOSTILE_MODE_KEY	"hostile-mode"
/* The device's shape, e.g. "queues=4,attack=3,order=1,layout=2,split=1". */
#define HOSTILE_CONFIG_KEY	"hostile-config"

/* How often the thread looks at the rings once the attack is over. */
#define HOSTILE_IDLE_MS		50

static int hostile_thread(void *data)
{
	struct hostile *h = data;
	int err = 0;

	hostile_rx_refill(h);
	if (h->mode->attack)
		err = h->mode->attack(h);
	hostile_tx_reap(h);
	pr_warn("%s: mode %s (%s): attack done (%d); TX responses okay %u error %u other %u\n",
		h->dev->nodename, h->mode->name, h->mode->advisory, err,
		h->rsp_okay, h->rsp_error, h->rsp_other);
	while (!kthread_should_stop()) {
		hostile_tx_reap(h);
		hostile_rx_refill(h);
		msleep_interruptible(HOSTILE_IDLE_MS);
	}
	return 0;
}

static void hostile_stop(struct hostile *h)
{
	/* reshape may stop it from the attack thread: one stop only. */
	struct task_struct *honest = xchg(&h->honest, NULL);

	if (honest)
		kthread_stop(honest);
	if (!h->task)
		return;
	kthread_stop(h->task);
	h->task = NULL;
}

/* Honest keys for one queue, unless the mode writes its own. */
static int hostile_put_keys(struct hostile *h, struct xenbus_transaction xbt)
{
	int err;

	if (h->mode->keys)
		err = h->mode->keys(h, xbt);
	else
		err = hostile_write_rings_keys(h, xbt);
	if (!err && (h->mode->flags & HOSTILE_CTRL_RING))
		err = hostile_ctrl_write_keys(h, xbt);
	return err ?: hostile_write_features(h, xbt);
}

/* All keys in one transaction: a key that fails aborts it, a race retries. */
static int hostile_write_keys(struct hostile *h)
{
	struct xenbus_transaction xbt;
	int err, put;

	do {
		err = xenbus_transaction_start(&xbt);
		if (err)
			return err;
		put = hostile_put_keys(h, xbt);
		err = xenbus_transaction_end(xbt, put != 0);
	} while (!put && err == -EAGAIN);
	return put ?: err;
}

static void hostile_connect(struct hostile *h)
{
	int err;

	if (h->rings_up)
		return;
	err = hostile_rings_up(h);
	if (!err)
		err = hostile_write_keys(h);
	if (err) {
		xenbus_dev_fatal(h->dev, err, "hostile setup");
		return;
	}
	pr_warn("%s: mode %s (%s): keys written, connecting\n",
		h->dev->nodename, h->mode->name, h->mode->advisory);
	xenbus_switch_state(h->dev, XenbusStateConnected);
}

static void hostile_start(struct hostile *h)
{
	struct task_struct *task;

	if (h->task || !h->rings_up)
		return;
	task = kthread_run(hostile_thread, h, "hostile-%u",
			   h->dev->otherend_id);
	if (IS_ERR(task)) {
		xenbus_dev_fatal(h->dev, PTR_ERR(task), "starting the attack");
		return;
	}
	h->task = task;
	if (h->cfg.queues == 1)
		return;
	task = kthread_run(hostile_honest_thread, h, "hostile-%u-honest",
			   h->dev->otherend_id);
	if (IS_ERR(task)) {
		xenbus_dev_fatal(h->dev, PTR_ERR(task), "starting queue 0");
		return;
	}
	h->honest = task;
}

/* Called with h->lock held. */
static void hostile_teardown(struct hostile *h)
{
	hostile_stop(h);
	hostile_early_stop(h);
	if (h->rings_up)
		pr_warn("%s: mode %s: backend closed; TX responses okay %u error %u other %u\n",
			h->dev->nodename, h->mode->name, h->rsp_okay,
			h->rsp_error, h->rsp_other);
	hostile_rings_down(h);
}

static void hostile_backend_changed(struct xenbus_device *dev,
				    enum xenbus_state state)
{
	struct hostile *h = dev_get_drvdata(&dev->dev);

	mutex_lock(&h->lock);
	/* state_flap makes the backend come and go: that is the attack. */
	if (READ_ONCE(h->flapping)) {
		WRITE_ONCE(h->backend_events, h->backend_events + 1);
		mutex_unlock(&h->lock);
		return;
	}
	switch (state) {
	case XenbusStateInitWait:
		if (dev->state == XenbusStateInitialising)
			hostile_connect(h);
		break;
	case XenbusStateConnected:
		if (dev->state == XenbusStateConnected)
			hostile_start(h);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		hostile_teardown(h);
		if (dev->state != XenbusStateClosed)
			xenbus_switch_state(dev, XenbusStateClosed);
		break;
	default:
		break;
	}
	mutex_unlock(&h->lock);
}

static const struct hostile_mode *hostile_read_mode(struct xenbus_device *dev)
{
	const struct hostile_mode *mode;
	char *name;

	name = xenbus_read(XBT_NIL, HOSTILE_MODE_DIR, HOSTILE_MODE_KEY, NULL);
	if (IS_ERR(name))
		return hostile_find_mode(hostile_default_mode);
	mode = hostile_find_mode(strim(name));
	if (!mode)
		dev_err(&dev->dev, "unknown mode \"%s\"\n", name);
	kfree(name);
	return mode;
}

/*
 * Parse "key=value" pairs separated by commas (queues, attack, order,
 * layout, split) over the defaults in cfg. -EINVAL for anything else or
 * a shape the module cannot build.
 */
int hostile_parse_config(const char *s, struct hostile_config *cfg)
{
	char *buf, *p, *tok;
	int err = 0;

	buf = kstrdup(s, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = strim(buf);
	while (!err && (tok = strsep(&p, ",")) != NULL) {
		char *val = strchr(tok, '=');
		unsigned int v;

		if (!*tok)
			continue;
		if (!val || kstrtouint(val + 1, 10, &v)) {
			err = -EINVAL;
			break;
		}
		*val = '\0';
		if (!strcmp(tok, "queues"))
			cfg->queues = v;
		else if (!strcmp(tok, "attack"))
			cfg->attack_q = v;
		else if (!strcmp(tok, "order"))
			cfg->order = v;
		else if (!strcmp(tok, "layout"))
			cfg->v2 = v == XEN_NETIF_RING_LAYOUT_V2;
		else if (!strcmp(tok, "split"))
			cfg->split = v;
		else
			err = -EINVAL;
	}
	kfree(buf);
	if (!cfg->queues || cfg->queues > HOSTILE_MAX_QUEUES ||
	    cfg->attack_q >= cfg->queues ||
	    cfg->order > XEN_NETIF_MAX_RING_PAGE_ORDER)
		err = -EINVAL;
	return err;
}

/* The shape from data/hostile-config, or one classic queue. */
static int hostile_read_config(struct xenbus_device *dev,
			       struct hostile_config *cfg)
{
	char *s;
	int err;

	*cfg = (struct hostile_config){ .queues = 1 };
	s = xenbus_read(XBT_NIL, HOSTILE_MODE_DIR, HOSTILE_CONFIG_KEY, NULL);
	if (IS_ERR(s))
		return 0;
	err = hostile_parse_config(s, cfg);
	if (err)
		dev_err(&dev->dev, "bad config \"%s\"\n", s);
	kfree(s);
	return err;
}

static int hostile_probe(struct xenbus_device *dev,
			 const struct xenbus_device_id *id)
{
	const struct hostile_mode *mode = hostile_read_mode(dev);
	struct hostile_config cfg;
	struct hostile *h;

	if (!mode || hostile_read_config(dev, &cfg))
		return -EINVAL;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->dev = dev;
	h->mode = mode;
	h->cfg = cfg;
	/* Reconnect modes start from what our drivers use between them. */
	if ((mode->flags & HOSTILE_RICH) && cfg.queues == 1)
		h->cfg = (struct hostile_config){ .queues = 2, .attack_q = 1,
						  .order = 1, .v2 = true,
						  .split = true };
	mutex_init(&h->lock);
	dev_set_drvdata(&dev->dev, h);
	pr_warn("%s: mode %s (%s), %u queue(s), attack on queue %u, ring order %u, layout %s, %s event channels\n",
		dev->nodename, mode->name, mode->advisory, h->cfg.queues,
		h->cfg.attack_q, h->cfg.order, h->cfg.v2 ? "v2" : "classic",
		h->cfg.split ? "split" : "shared");
	return 0;
}

static void hostile_remove(struct xenbus_device *dev)
{
	struct hostile *h = dev_get_drvdata(&dev->dev);

	mutex_lock(&h->lock);
	hostile_teardown(h);
	mutex_unlock(&h->lock);
	kfree(h);
	dev_set_drvdata(&dev->dev, NULL);
}

/* Every vif: in the guest that loads it, this is the only netfront. */
static const struct xenbus_device_id hostile_ids[] = { { "vif" }, { "" } };

struct xenbus_driver hostile_driver = {
	.name = "xen-netfront-hostile",
	.ids = hostile_ids,
	.probe = hostile_probe,
	.remove = hostile_remove,
	.otherend_changed = hostile_backend_changed,
};
