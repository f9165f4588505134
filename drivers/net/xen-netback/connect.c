// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: reading what a frontend asked for, and (dis)connecting.
 *
 * Every value comes from a directory the guest writes, so each is read
 * once, checked against what this backend offered, and refused with a
 * xenbus error naming the key: the device then goes to Closing and dom0
 * carries on. Queue count and ring order are checked by the shared
 * negotiate.c rules, grant references and event channels by Xen when
 * they are mapped and bound.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "link.h"
#include "negotiate.h"
#include "netback.h"

/* Largest XDP headroom accepted: more would leave no room for a frame. */
#define XENVIF_MAX_XDP_HEADROOM	(XEN_PAGE_SIZE / 2)

/* A frontend that never notifies: poll its RX ring this often. */
#define XENVIF_NO_NOTIFY_DRAIN_MS	30

/* Read an unsigned key; a missing key gives def, garbage an error. */
static int xenvif_read_uint(const char *dir, const char *key,
			    unsigned int def, unsigned int *val)
{
	int n = xenbus_scanf(XBT_NIL, dir, key, "%u", val);

	if (n == -ENOENT) {
		*val = def;
		return 0;
	}
	return n == 1 ? 0 : -EINVAL;
}

static bool xenvif_read_bool(const char *dir, const char *key)
{
	return xenbus_read_unsigned(dir, key, 0) != 0;
}

static int xenvif_read_features(struct xenvif_be *be,
				struct xenvif_features *fe)
{
	const char *dir = be->dev->otherend;

	/* Guest RX by page flipping is long gone: copying is the only way. */
	if (!xenvif_read_bool(dir, XEN_NETIF_KEY_REQUEST_RX_COPY)) {
		xenbus_dev_fatal(be->dev, -EOPNOTSUPP,
				 "frontend does not set %s",
				 XEN_NETIF_KEY_REQUEST_RX_COPY);
		return -EOPNOTSUPP;
	}
	fe->can_sg = xenvif_read_bool(dir, XEN_NETIF_KEY_FEATURE_SG);
	fe->gso_tcpv4 = xenvif_read_bool(dir, XEN_NETIF_KEY_FEATURE_GSO_TCPV4);
	fe->gso_tcpv6 = xenvif_read_bool(dir, XEN_NETIF_KEY_FEATURE_GSO_TCPV6);
	fe->ip_csum = !xenvif_read_bool(dir, XEN_NETIF_KEY_FEATURE_NO_CSUM);
	fe->ipv6_csum = xenvif_read_bool(dir, XEN_NETIF_KEY_FEATURE_IPV6_CSUM);
	fe->rx_notify = xenvif_read_bool(dir, XEN_NETIF_KEY_FEATURE_RX_NOTIFY);
	return 0;
}

void xenvif_read_xdp_headroom(struct xenvif_be *be)
{
	struct xenvif *vif = be->vif;
	unsigned int headroom;

	if (!READ_ONCE(xenvif_provides_xdp_headroom) ||
	    xenvif_read_uint(be->dev->otherend, XEN_NETIF_KEY_XDP_HEADROOM, 0,
			     &headroom))
		headroom = 0;
	if (headroom > XENVIF_MAX_XDP_HEADROOM) {
		if (net_ratelimit())
			netdev_warn(vif->dev, "frontend asks for %u bytes of XDP headroom, more than %lu; using none\n",
				    headroom, XENVIF_MAX_XDP_HEADROOM);
		headroom = 0;
	}
	WRITE_ONCE(vif->xdp_headroom, headroom);
}

static void xenvif_read_rate(struct xenvif_be *be)
{
	struct xenvif *vif = be->vif;
	u64 bytes = 0;
	u32 usecs = 0;
	char *s;

	s = xenbus_read(XBT_NIL, be->dev->nodename, XEN_NETIF_KEY_RATE, NULL);
	if (!IS_ERR(s)) {
		if (xnif_parse_rate(s, &bytes, &usecs))
			netdev_warn(vif->dev, "ignoring malformed rate \"%.40s\": unlimited\n",
				    s);
		kfree(s);
	}
	spin_lock_bh(&vif->rate_lock);
	vif->rate_bytes = bytes;
	vif->rate_usecs = usecs;
	spin_unlock_bh(&vif->rate_lock);
	atomic_inc(&vif->rate_gen);
}

/*
 * The speed the toolstack gives the guest, in the frontend's directory,
 * is the vif's too. A guest that can write it changes only what its own
 * vif reports.
 */
static void xenvif_read_speed(struct xenvif_be *be)
{
	u32 mbps = XNIF_SPEED_DEFAULT;
	char *s;

	s = xenbus_read(XBT_NIL, be->dev->otherend, XEN_NETIF_KEY_SPEED, NULL);
	if (!IS_ERR(s)) {
		if (xnif_parse_speed(s, &mbps) && net_ratelimit())
			netdev_warn(be->vif->dev, "ignoring malformed %s \"%.24s\": %u Mb/s\n",
				    XEN_NETIF_KEY_SPEED, s, mbps);
		kfree(s);
	}
	WRITE_ONCE(be->vif->speed, mbps);
}

/* Watch callbacks: registered for the whole life of the device. */
void xenvif_rate_changed(struct xenbus_watch *watch, const char *path,
			 const char *token)
{
	xenvif_read_rate(container_of(watch, struct xenvif_be, rate_watch));
}

void xenvif_mcast_ctrl_changed(struct xenbus_watch *watch, const char *path,
			       const char *token)
{
	struct xenvif_be *be = container_of(watch, struct xenvif_be,
					    mcast_watch);
	bool on = xenvif_read_bool(be->dev->otherend,
				   XEN_NETIF_KEY_REQUEST_MCAST_CTRL);

	WRITE_ONCE(be->vif->mcast_ctrl, on);
	if (!on)
		xenvif_mcast_flush(be->vif);
}

static int xenvif_read_ref(const char *dir, const char *key, grant_ref_t *ref)
{
	unsigned int val;

	if (xenbus_scanf(XBT_NIL, dir, key, "%u", &val) != 1)
		return -EINVAL;
	*ref = val;
	return 0;
}

/* Ring references: one per page, the classic key for a one-page ring. */
static int xenvif_read_ring_refs(const char *dir, unsigned int order,
				 grant_ref_t *tx, grant_ref_t *rx)
{
	char key[32];
	unsigned int i;
	int err;

	if (!order) {
		err = xenvif_read_ref(dir, XEN_NETIF_KEY_TX_RING_REF, tx);
		return err ?: xenvif_read_ref(dir, XEN_NETIF_KEY_RX_RING_REF, rx);
	}
	for (i = 0; i < (1U << order); i++) {
		snprintf(key, sizeof(key), XEN_NETIF_KEY_TX_RING_REF_FMT, i);
		err = xenvif_read_ref(dir, key, &tx[i]);
		if (err)
			return err;
		snprintf(key, sizeof(key), XEN_NETIF_KEY_RX_RING_REF_FMT, i);
		err = xenvif_read_ref(dir, key, &rx[i]);
		if (err)
			return err;
	}
	return 0;
}

static int xenvif_read_evtchns(const char *dir, struct xenvif_queue_refs *r)
{
	if (xenbus_scanf(XBT_NIL, dir, XEN_NETIF_KEY_EVTCHN_TX, "%u",
			 &r->tx_evtchn) == 1 &&
	    xenbus_scanf(XBT_NIL, dir, XEN_NETIF_KEY_EVTCHN_RX, "%u",
			 &r->rx_evtchn) == 1)
		return 0;
	if (xenbus_scanf(XBT_NIL, dir, XEN_NETIF_KEY_EVTCHN, "%u",
			 &r->tx_evtchn) != 1)
		return -EINVAL;
	r->rx_evtchn = r->tx_evtchn;
	return 0;
}

/*
 * One queue's keys: in the frontend's directory for a single queue, else
 * in queue-<n>. The ring order is one for all queues, in the frontend's
 * directory; a queue directory may repeat it.
 */
static int xenvif_read_queue(struct xenvif_be *be, unsigned int id,
			     unsigned int nq, unsigned int order,
			     struct xenvif_queue_refs *refs)
{
	const char *fe = be->dev->otherend;
	char *dir;
	int err;

	dir = nq == 1 ? kstrdup(fe, GFP_KERNEL) :
	      kasprintf(GFP_KERNEL, "%s/" XEN_NETIF_KEY_QUEUE_DIR_FMT, fe, id);
	if (!dir)
		return -ENOMEM;
	err = xenvif_read_uint(dir, XEN_NETIF_KEY_RING_PAGE_ORDER, order,
			       &refs->order);
	if (!err && xnif_check_order_request(refs->order, be->max_order))
		err = -EINVAL;
	if (!err)
		err = xenvif_read_ring_refs(dir, refs->order, refs->tx, refs->rx);
	if (!err)
		err = xenvif_read_evtchns(dir, refs);
	if (err)
		xenbus_dev_fatal(be->dev, err, "reading the rings of %s", dir);
	kfree(dir);
	return err;
}

static int xenvif_connect_queue(struct xenvif_be *be,
				struct xenvif_queue *queue, unsigned int nq,
				unsigned int order)
{
	struct xenvif_queue_refs refs = {};
	int err;

	err = xenvif_read_queue(be, queue->id, nq, order, &refs);
	if (err)
		return err;
	err = xenvif_queue_connect(queue, &refs);
	if (err)
		xenbus_dev_fatal(be->dev, err,
				 "mapping queue %u (order %u, ports %u/%u)",
				 queue->id, refs.order, refs.tx_evtchn,
				 refs.rx_evtchn);
	return err;
}

/* The control ring is optional: only frontends that hash use it. */
static int xenvif_connect_ctrl_ring(struct xenvif_be *be)
{
	const char *fe = be->dev->otherend;
	unsigned int evtchn;
	grant_ref_t ref;
	int err;

	if (xenvif_read_ref(fe, XEN_NETIF_KEY_CTRL_RING_REF, &ref))
		return 0;
	if (xenbus_scanf(XBT_NIL, fe, XEN_NETIF_KEY_EVTCHN_CTRL, "%u",
			 &evtchn) != 1) {
		xenbus_dev_fatal(be->dev, -EINVAL, "reading %s",
				 XEN_NETIF_KEY_EVTCHN_CTRL);
		return -EINVAL;
	}
	err = xenvif_ctrl_connect(be->vif, ref, evtchn);
	if (err)
		xenbus_dev_fatal(be->dev, err, "mapping the control ring");
	return err;
}

static int xenvif_read_ring_layout(struct xenvif_be *be,
				   enum xnif_ring_layout *layout)
{
	unsigned int requested = 0;
	int err;

	err = xenvif_read_uint(be->dev->otherend, XEN_NETIF_KEY_RING_LAYOUT,
			       XEN_NETIF_RING_LAYOUT_CLASSIC, &requested);
	if (!err)
		err = xnif_check_layout_request(requested, be->layout_v2);
	if (err < 0) {
		xenbus_dev_fatal(be->dev, -EINVAL,
				 "frontend asks for ring layout %u; 1%s allowed",
				 requested, be->layout_v2 ? " or 2" : "");
		return -EINVAL;
	}
	*layout = err;
	return 0;
}

static int xenvif_read_layout(struct xenvif_be *be, unsigned int *nq,
			      unsigned int *order)
{
	const char *fe = be->dev->otherend;
	int err;

	err = xenvif_read_uint(fe, XEN_NETIF_KEY_NUM_QUEUES, 1, nq);
	if (err || xnif_check_queue_request(*nq, be->max_queues)) {
		xenbus_dev_fatal(be->dev, -EINVAL,
				 "frontend asks for %u queues; 1 to %u allowed",
				 *nq, be->max_queues);
		return -EINVAL;
	}
	err = xenvif_read_uint(fe, XEN_NETIF_KEY_RING_PAGE_ORDER, 0, order);
	if (err || xnif_check_order_request(*order, be->max_order)) {
		xenbus_dev_fatal(be->dev, -EINVAL,
				 "frontend asks for ring order %u; 0 to %u allowed",
				 *order, be->max_order);
		return -EINVAL;
	}
	return 0;
}

static void xenvif_free_queues(struct xenvif *vif,
			       struct xenvif_queue_set *qs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		xenvif_queue_totals(&qs->queue[i], &vif->base);
		xenvif_queue_disconnect(&qs->queue[i]);
	}
	kvfree(qs);
}

static void xenvif_set_timeouts(struct xenvif *vif,
				const struct xenvif_features *fe)
{
	unsigned int drain = READ_ONCE(xenvif_drain_timeout_ms);
	unsigned int stall = READ_ONCE(xenvif_stall_timeout_ms);

	/*
	 * A frontend that never notifies is polled: the thread wakes at the
	 * head packet's deadline, so keep that short. Stalls are judged the
	 * same way either way, since a stalled queue is polled too.
	 */
	if (!fe->rx_notify)
		drain = XENVIF_NO_NOTIFY_DRAIN_MS;
	vif->drain_timeout = msecs_to_jiffies(drain);
	vif->stall_timeout = msecs_to_jiffies(stall);
}

int xenvif_connect(struct xenvif_be *be)
{
	struct xenvif *vif = be->vif;
	struct xenvif_features fe;
	struct xenvif_queue_set *qs;
	unsigned int nq, order, i;
	int err;

	lockdep_assert_held(&be->lock);
	err = xenvif_read_layout(be, &nq, &order);
	if (!err)
		err = xenvif_read_ring_layout(be, &vif->ring_layout);
	if (!err)
		err = xenvif_read_features(be, &fe);
	if (err)
		return err;

	qs = kvzalloc(struct_size(qs, queue, nq), GFP_KERNEL);
	if (!qs) {
		xenbus_dev_fatal(be->dev, -ENOMEM, "allocating %u queues", nq);
		return -ENOMEM;
	}
	qs->num = nq;
	vif->num_queues = nq;
	clear_bit(XENVIF_BROKEN, &vif->flags);
	vif->ring_order = order;
	xenvif_set_timeouts(vif, &fe);
	xenvif_read_xdp_headroom(be);
	xenvif_read_rate(be);
	xenvif_read_speed(be);
	WRITE_ONCE(vif->mcast_ctrl,
		   xenvif_read_bool(be->dev->otherend,
				    XEN_NETIF_KEY_REQUEST_MCAST_CTRL));

	err = xenvif_connect_ctrl_ring(be);
	for (i = 0; !err && i < nq; i++) {
		qs->queue[i].vif = vif;
		qs->queue[i].id = i;
		err = xenvif_connect_queue(be, &qs->queue[i], nq, order);
		if (err)
			break;
	}
	if (err) {
		xenvif_free_queues(vif, qs, i);
		xenvif_ctrl_disconnect(vif);
		return err;
	}

	xenvif_attach_queues(vif, qs, &fe);
	xenvif_debugfs_add(vif);
	xenvif_hotplug_watch(be);
	netdev_info(vif->dev, "connected: %u queue%s, rings of %u page%s, layout %s, %s event channels\n",
		    nq, nq == 1 ? "" : "s", 1U << order, order ? "s" : "",
		    vif->ring_layout == XNIF_LAYOUT_V2 ? "v2" : "classic",
		    qs->queue[0].split ? "split" : "shared");
	return 0;
}

void xenvif_disconnect(struct xenvif_be *be)
{
	struct xenvif *vif = be->vif;
	struct xenvif_queue_set *qs;

	lockdep_assert_held(&be->lock);
	xenvif_debugfs_del(vif);
	qs = xenvif_detach_queues(vif);
	if (qs)
		xenvif_free_queues(vif, qs, qs->num);
	xenvif_ctrl_disconnect(vif);
	xenvif_mcast_flush(vif);
}
