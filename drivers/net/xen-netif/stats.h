/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-queue counters as both drivers state them: one table of
 * descriptors per driver names each counter once and says where it lives
 * in the queue's stats struct and how it is read. The table then serves
 * ethtool -S's strings and values alike, so a name and its value cannot
 * drift apart.
 *
 * A counter is either a u64_stats_t in a group that one writer updates
 * under the group's u64_stats_sync (read with a fetch/retry loop), or an
 * atomic_long_t, for paths that run on any CPU.
 */
#ifndef _XEN_NETIF_STATS_H
#define _XEN_NETIF_STATS_H

#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

enum xnif_stat_kind {
	XNIF_STAT_SYNC,		/* u64_stats_t under its group's syncp */
	XNIF_STAT_ATOMIC,	/* atomic_long_t */
};

struct xnif_stat_desc {
	const char *name;	/* ethtool -S name, after "q<n>_" */
	enum xnif_stat_kind kind;
	unsigned short syncp;	/* XNIF_STAT_SYNC: offset of the group's syncp */
	unsigned short offset;	/* offset of the counter */
};

/*
 * Descriptors of a queue's stats struct @type: a u64_stats_t at member
 * @ctr guarded by the u64_stats_sync at member @syncp (each may name a
 * nested member, e.g. tx.packets), or an atomic_long_t at member @ctr.
 */
#define XNIF_STAT_SYNC(name, type, syncp, ctr)				\
	{ name, XNIF_STAT_SYNC, offsetof(type, syncp), offsetof(type, ctr) }
#define XNIF_STAT_ATOMIC(name, type, ctr)				\
	{ name, XNIF_STAT_ATOMIC, 0, offsetof(type, ctr) }

void xnif_stats_fetch(const struct u64_stats_sync *syncp,
		      const u64_stats_t *const *ctr, u64 *val, unsigned int n);
u64 xnif_stat_read(const void *stats, const struct xnif_stat_desc *d);
void xnif_stats_read(const void *stats, const struct xnif_stat_desc *d,
		     unsigned int n, u64 *val);
void xnif_stats_strings(u8 **data, unsigned int queue,
			const struct xnif_stat_desc *d, unsigned int n);

#endif /* _XEN_NETIF_STATS_H */
