/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-queue statistics ops of 6.9+ (compat.h includes this header):
 * the model declares the types only; the callbacks live in ethtool.c,
 * which the glue harnesses do not compile.
 */
#ifndef _GLUE_NET_NETDEV_QUEUES_H
#define _GLUE_NET_NETDEV_QUEUES_H
#include <glue.h>

struct netdev_queue_stats_rx {
	u64 bytes;
	u64 packets;
};

struct netdev_queue_stats_tx {
	u64 bytes;
	u64 packets;
};

struct netdev_stat_ops {
	void (*get_queue_stats_rx)(struct net_device *dev, int idx,
				   struct netdev_queue_stats_rx *stats);
	void (*get_queue_stats_tx)(struct net_device *dev, int idx,
				   struct netdev_queue_stats_tx *stats);
	void (*get_base_stats)(struct net_device *dev,
			       struct netdev_queue_stats_rx *rx,
			       struct netdev_queue_stats_tx *tx);
};
#endif
