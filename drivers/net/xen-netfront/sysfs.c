// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: attributes of the xenbus device, /sys/bus/xen/devices/
 * vif-<handle>/, also reached as /sys/class/net/<if>/device/:
 *
 *   fatal_reason  the last protocol violation that broke the device, as
 *                 "queue 1: tx_not_in_flight", or "none"
 *   fatal_time    when, in seconds since boot (CLOCK_BOOTTIME); 0: never
 *   ring_budget   what the last connect got and why, as
 *                 "queues 4 order 0 grants 2056 reason wanted tries 1";
 *                 "none" before the first connect
 *   bounce        1 while TX is copied to fresh pages (trusted=0 or the
 *                 backend's own trusted=0 key), else 0
 *   broken        1 while the data path is stopped by a backend that
 *                 broke the protocol (fatal_reason says how), else 0
 *   staged        what staged grants came to on this connect: "off",
 *                 "on N pages per queue" or "refused"
 *
 * They are the driver's device groups: they exist only while the driver
 * is bound, so the device state behind them does too.
 */
#include <linux/device.h>
#include <linux/rtnetlink.h>
#include <linux/sysfs.h>

#include "netfront.h"

static struct xnif_fatal_rec *xennet_fatal_of(struct device *d)
{
	struct xennet_info *np = dev_get_drvdata(d);

	return &np->fatal;
}

static ssize_t fatal_reason_show(struct device *d,
				 struct device_attribute *attr, char *buf)
{
	return xnif_fatal_reason_show(xennet_fatal_of(d), buf);
}
static DEVICE_ATTR_RO(fatal_reason);

static ssize_t fatal_time_show(struct device *d,
			       struct device_attribute *attr, char *buf)
{
	return xnif_fatal_time_show(xennet_fatal_of(d), buf);
}
static DEVICE_ATTR_RO(fatal_time);

static ssize_t ring_budget_show(struct device *d,
				struct device_attribute *attr, char *buf)
{
	struct xennet_info *np = dev_get_drvdata(d);
	struct xnif_budget_out b;
	unsigned int tries;

	rtnl_lock();
	b = np->budget;
	tries = np->budget_tries;
	rtnl_unlock();
	if (!tries)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "queues %u order %u grants %u reason %s tries %u\n",
			  b.queues, b.order, b.grants,
			  xnif_budget_reason_name(b.reason), tries);
}
static DEVICE_ATTR_RO(ring_budget);

/* State that ethtool -S once showed among the counters. */
static ssize_t bounce_show(struct device *d, struct device_attribute *attr,
			   char *buf)
{
	struct xennet_info *np = dev_get_drvdata(d);

	return sysfs_emit(buf, "%d\n", READ_ONCE(np->bounce));
}
static DEVICE_ATTR_RO(bounce);

static ssize_t broken_show(struct device *d, struct device_attribute *attr,
			   char *buf)
{
	struct xennet_info *np = dev_get_drvdata(d);

	return sysfs_emit(buf, "%d\n", xennet_broken(np));
}
static DEVICE_ATTR_RO(broken);

/* Written under rtnl with WRITE_ONCE; "on" is set after its page count. */
static ssize_t staged_show(struct device *d, struct device_attribute *attr,
			   char *buf)
{
	struct xennet_info *np = dev_get_drvdata(d);
	enum xennet_staged_state state = READ_ONCE(np->staged_state);

	if (state == XENNET_STAGED_ON)
		return sysfs_emit(buf, "on %u pages per queue\n",
				  READ_ONCE(np->staged_pages));
	return sysfs_emit(buf, "%s\n", xennet_staged_name(state));
}
static DEVICE_ATTR_RO(staged);

static struct attribute *xennet_dev_attrs[] = {
	&dev_attr_fatal_reason.attr,
	&dev_attr_fatal_time.attr,
	&dev_attr_ring_budget.attr,
	&dev_attr_bounce.attr,
	&dev_attr_broken.attr,
	&dev_attr_staged.attr,
	NULL
};

static const struct attribute_group xennet_dev_group = {
	.attrs = xennet_dev_attrs,
};

const struct attribute_group *xennet_dev_groups[] = {
	&xennet_dev_group,
	NULL
};
