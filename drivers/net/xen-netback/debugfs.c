// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: debugfs, for people looking at a live vif.
 *
 *   /sys/kernel/debug/xen_netback/<vif>/io_ring_q<n>   ring indices, sizes,
 *                                                      queue and stall state
 *   /sys/kernel/debug/xen_netback/<vif>/ctrl           hash configuration
 *   /sys/kernel/debug/xen_netback/grant_scan           grant_scan=1's totals
 *
 * The files of a vif exist while it is connected: they are created after
 * the queues and removed before them, and removal waits for readers.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "netback.h"

static struct dentry *xenvif_debugfs_root;

static void xenvif_show_ring(struct seq_file *m, const char *name,
			     struct xenvif_ring *r)
{
	seq_printf(m, "%s: size %u req_prod %u req_cons %u req_event %u rsp_prod %u (published %u) rsp_event %u\n",
		   name, r->ring.size, READ_ONCE(*r->ring.req.prod),
		   r->req_cons, READ_ONCE(*r->ring.req.event), r->rsp_prod,
		   READ_ONCE(*r->ring.rsp.prod), READ_ONCE(*r->ring.rsp.event));
}

static int xenvif_io_ring_show(struct seq_file *m, void *v)
{
	struct xenvif_queue *queue = m->private;
	struct xenvif *vif = queue->vif;

	seq_printf(m, "queue %u of %u, ring order %u, %s event channels (irq %u/%u)\n",
		   queue->id, vif->num_queues, vif->ring_order,
		   queue->split ? "split" : "shared", queue->tx_evt.irq,
		   queue->split ? queue->rx_evt.irq : queue->tx_evt.irq);
	xenvif_show_ring(m, "tx", &queue->tx);
	xenvif_show_ring(m, "rx", &queue->rx);
	seq_printf(m, "rx queue: %u packets, %u of %u bytes, %s\n",
		   skb_queue_len_lockless(&queue->rx_queue),
		   READ_ONCE(queue->rx_queue_bytes), queue->rx_queue_max,
		   READ_ONCE(queue->stalled) ? "stalled" : "flowing");
	seq_printf(m, "rx thread: pid %d on cpu %u, may run on %*pbl\n",
		   task_pid_nr(queue->task), task_cpu(queue->task),
		   cpumask_pr_args(queue->task->cpus_ptr));
	seq_printf(m, "eoi pending: tx %#x rx %#x; rate limited: %s\n",
		   atomic_read(&queue->tx_evt.eoi_pending),
		   atomic_read(&queue->rx_evt.eoi_pending),
		   READ_ONCE(queue->rate_limited) ? "yes" : "no");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xenvif_io_ring);

static int xenvif_ctrl_show(struct seq_file *m, void *v)
{
	struct xenvif *vif = m->private;

	seq_printf(m, "control ring: %s, xdp headroom %u, multicast filter %s\n",
		   vif->ctrl_irq ? "connected" : "absent",
		   READ_ONCE(vif->xdp_headroom),
		   READ_ONCE(vif->mcast_ctrl) ? "on" : "off");
	xenvif_hash_show(vif, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xenvif_ctrl);

void xenvif_debugfs_add(struct xenvif *vif)
{
	struct xenvif_queue_set *qs = rcu_dereference_protected(vif->qs, 1);
	char name[24];
	unsigned int i;

	if (IS_ERR_OR_NULL(xenvif_debugfs_root) || !qs)
		return;
	vif->debugfs = debugfs_create_dir(vif->dev->name, xenvif_debugfs_root);
	for (i = 0; i < qs->num; i++) {
		snprintf(name, sizeof(name), "io_ring_q%u", i);
		debugfs_create_file(name, 0400, vif->debugfs, &qs->queue[i],
				    &xenvif_io_ring_fops);
	}
	debugfs_create_file("ctrl", 0400, vif->debugfs, vif,
			    &xenvif_ctrl_fops);
}

void xenvif_debugfs_del(struct xenvif *vif)
{
	debugfs_remove_recursive(vif->debugfs);
	vif->debugfs = NULL;
}

void xenvif_debugfs_init(void)
{
	xenvif_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (!IS_ERR_OR_NULL(xenvif_debugfs_root))
		xenvif_grant_scan_debugfs(xenvif_debugfs_root);
}

void xenvif_debugfs_exit(void)
{
	debugfs_remove_recursive(xenvif_debugfs_root);
}
