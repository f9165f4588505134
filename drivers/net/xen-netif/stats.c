// SPDX-License-Identifier: GPL-2.0
/*
 * Reading per-queue counters through their descriptors, see stats.h.
 * Nothing here knows either driver's structs: a descriptor's offsets
 * say where its counter and the counter's syncp are.
 */
#include <linux/atomic.h>
#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "stats.h"

/* A consistent snapshot of n counters that one writer updates together. */
void xnif_stats_fetch(const struct u64_stats_sync *syncp,
		      const u64_stats_t *const *ctr, u64 *val, unsigned int n)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(syncp);
		for (i = 0; i < n; i++)
			val[i] = u64_stats_read(ctr[i]);
	} while (u64_stats_fetch_retry(syncp, start));
}

u64 xnif_stat_read(const void *stats, const struct xnif_stat_desc *d)
{
	const u64_stats_t *ctr = stats + d->offset;
	u64 v;

	if (d->kind == XNIF_STAT_ATOMIC)
		return atomic_long_read(stats + d->offset);
	xnif_stats_fetch(stats + d->syncp, &ctr, &v, 1);
	return v;
}

void xnif_stats_read(const void *stats, const struct xnif_stat_desc *d,
		     unsigned int n, u64 *val)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		val[i] = xnif_stat_read(stats, &d[i]);
}

/*
 * Queue @queue's names, "q<queue>_<name>", one zero-padded ETH_GSTRING_LEN
 * slot each, cut to fit. Formatted here rather than by ethtool_sprintf(),
 * which lives in the networking core that KUnit's UML kernel leaves out.
 */
void xnif_stats_strings(u8 **data, unsigned int queue,
			const struct xnif_stat_desc *d, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		memset(*data, 0, ETH_GSTRING_LEN);
		snprintf(*data, ETH_GSTRING_LEN, "q%u_%s", queue, d[i].name);
		*data += ETH_GSTRING_LEN;
	}
}
