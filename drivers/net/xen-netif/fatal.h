/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last protocol violation a device was shut down for. The record
 * outlives the recovery (a reconnect clears the device's broken state, not
 * this), so that an admin, or scripts/xen-net-diag, can still tell why the
 * device went down and when. Both drivers show it in sysfs as fatal_reason
 * and fatal_time; the caller supplies the time and the locking.
 */
#ifndef _XEN_NETIF_FATAL_H
#define _XEN_NETIF_FATAL_H

#include <linux/kernel.h>
#include <linux/time64.h>
#include <linux/types.h>

/* Where a violation was seen when it was not on a data queue. */
#define XNIF_FATAL_CTRL		(-1)

struct xnif_fatal {
	const char *why;	/* a static string; NULL while none happened */
	int queue;		/* the queue's id, or XNIF_FATAL_CTRL */
	time64_t when;		/* seconds since boot (CLOCK_BOOTTIME) */
};

static inline void xnif_fatal_note(struct xnif_fatal *f, int queue,
				   const char *why, time64_t when)
{
	f->why = why;
	f->queue = queue;
	f->when = when;
}

/*
 * "queue 1: bad_cross_page", "control ring: <why>", or "none" when nothing
 * happened yet. Returns the length written, as scnprintf().
 */
static inline int xnif_fatal_format(const struct xnif_fatal *f, char *buf,
				    size_t len)
{
	if (!f->why)
		return scnprintf(buf, len, "none");
	if (f->queue == XNIF_FATAL_CTRL)
		return scnprintf(buf, len, "control ring: %s", f->why);
	return scnprintf(buf, len, "queue %d: %s", f->queue, f->why);
}

#endif /* _XEN_NETIF_FATAL_H */
