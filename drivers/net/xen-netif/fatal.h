/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last protocol violation a device was shut down for. The record
 * outlives the recovery (a reconnect clears the device's broken state, not
 * this), so that an admin, or scripts/xen-net-diag, can still tell why the
 * device went down and when. Both drivers keep one per device and show it
 * in sysfs as fatal_reason and fatal_time, through the helpers below.
 */
#ifndef _XEN_NETIF_FATAL_H
#define _XEN_NETIF_FATAL_H

#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/types.h>

/* Where a violation was seen when it was not on a data queue. */
#define XNIF_FATAL_CTRL		(-1)

struct xnif_fatal {
	const char *why;	/* a static string; NULL while none happened */
	int queue;		/* the queue's id, or XNIF_FATAL_CTRL */
	time64_t when;		/* seconds since boot (CLOCK_BOOTTIME) */
};

struct xnif_fatal_rec {
	spinlock_t lock;	/* f: the data path notes it, sysfs reads it */
	struct xnif_fatal f;
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

static inline void xnif_fatal_init(struct xnif_fatal_rec *r)
{
	spin_lock_init(&r->lock);
	xnif_fatal_note(&r->f, 0, NULL, 0);
}

/* A violation, now. The data path may call this from softirq context. */
static inline void xnif_fatal_record(struct xnif_fatal_rec *r, int queue,
				     const char *why)
{
	spin_lock_bh(&r->lock);
	xnif_fatal_note(&r->f, queue, why, ktime_get_boottime_seconds());
	spin_unlock_bh(&r->lock);
}

static inline struct xnif_fatal xnif_fatal_read(struct xnif_fatal_rec *r)
{
	struct xnif_fatal f;

	spin_lock_bh(&r->lock);
	f = r->f;
	spin_unlock_bh(&r->lock);
	return f;
}

/* The sysfs files, from a consistent copy: reason and time belong together. */
static inline ssize_t xnif_fatal_reason_show(struct xnif_fatal_rec *r,
					     char *buf)
{
	struct xnif_fatal f = xnif_fatal_read(r);
	char why[64];

	xnif_fatal_format(&f, why, sizeof(why));
	return sysfs_emit(buf, "%s\n", why);
}

static inline ssize_t xnif_fatal_time_show(struct xnif_fatal_rec *r,
					   char *buf)
{
	struct xnif_fatal f = xnif_fatal_read(r);

	return sysfs_emit(buf, "%lld\n", f.why ? f.when : 0);
}

#endif /* _XEN_NETIF_FATAL_H */
