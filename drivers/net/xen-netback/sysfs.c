// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: attributes of the xenbus device,
 * /sys/bus/xen-backend/devices/vif-<domid>-<handle>/:
 *
 *   fatal_reason  the last protocol violation that disabled the vif, as
 *                 "queue 0: bad_cross_page", or "none"
 *   fatal_time    when, in seconds since boot (CLOCK_BOOTTIME); 0: never
 *   reconnect     write 1: open the vif for a new connection
 *
 * They are the driver's device groups: they exist only while the driver
 * is bound, so the backend state behind them does too.
 */
#include <linux/device.h>
#include <linux/kstrtox.h>
#include <linux/sysfs.h>

#include "netback.h"

static struct xnif_fatal_rec *xenvif_fatal_of(struct device *d)
{
	struct xenvif_be *be = dev_get_drvdata(d);

	return &be->vif->fatal;
}

static ssize_t fatal_reason_show(struct device *d,
				 struct device_attribute *attr, char *buf)
{
	return xnif_fatal_reason_show(xenvif_fatal_of(d), buf);
}
static DEVICE_ATTR_RO(fatal_reason);

static ssize_t fatal_time_show(struct device *d,
			       struct device_attribute *attr, char *buf)
{
	return xnif_fatal_time_show(xenvif_fatal_of(d), buf);
}
static DEVICE_ATTR_RO(fatal_time);

static ssize_t reconnect_store(struct device *d,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	bool on;

	if (kstrtobool(buf, &on) || !on)
		return -EINVAL;
	xenvif_be_restart(dev_get_drvdata(d));
	return count;
}
static DEVICE_ATTR_WO(reconnect);

static struct attribute *xenvif_dev_attrs[] = {
	&dev_attr_fatal_reason.attr,
	&dev_attr_fatal_time.attr,
	&dev_attr_reconnect.attr,
	NULL
};

static const struct attribute_group xenvif_dev_group = {
	.attrs = xenvif_dev_attrs,
};

const struct attribute_group *xenvif_dev_groups[] = {
	&xenvif_dev_group,
	NULL
};
