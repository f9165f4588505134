// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: attributes of the xenbus device, /sys/bus/xen/devices/
 * vif-<handle>/, also reached as /sys/class/net/<if>/device/:
 *
 *   fatal_reason  the last protocol violation that broke the device, as
 *                 "queue 1: tx_not_in_flight", or "none"
 *   fatal_time    when, in seconds since boot (CLOCK_BOOTTIME); 0: never
 *
 * They are the driver's device groups: they exist only while the driver
 * is bound, so the device state behind them does too.
 */
#include <linux/device.h>
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

static struct attribute *xennet_dev_attrs[] = {
	&dev_attr_fatal_reason.attr,
	&dev_attr_fatal_time.attr,
	NULL
};

static const struct attribute_group xennet_dev_group = {
	.attrs = xennet_dev_attrs,
};

const struct attribute_group *xennet_dev_groups[] = {
	&xennet_dev_group,
	NULL
};
