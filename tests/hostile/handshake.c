// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: attacks on the handshake. Each writes the keys of
 * a frontend that has set up real rings but describes them with a value
 * the backend must refuse before it maps or allocates anything for it:
 * queue counts of 0 and 1000, ring order 31, an event channel that does
 * not exist, a ring reference that names no grant. One more is not
 * refused but must be ignored: an XDP headroom no page can hold.
 */
#include "hostile.h"

/* Far above any port an event channel ABI gives out. */
#define HOSTILE_BAD_PORT	0x7ffffff0U
/* Far above any grant table size. */
#define HOSTILE_BAD_GREF	0x0ffffff0U

static int hostile_keys_queues(struct hostile *h,
			       struct xenbus_transaction xbt, unsigned int n)
{
	int err;

	err = xenbus_printf(xbt, h->dev->nodename, XEN_NETIF_KEY_NUM_QUEUES,
			    "%u", n);
	return err ?: hostile_write_queue_keys(h, xbt, XEN_NETIF_KEY_EVTCHN, 0);
}

int hostile_keys_queues0(struct hostile *h, struct xenbus_transaction xbt)
{
	return hostile_keys_queues(h, xbt, 0);
}

/* No queue-<n> directories either: the count alone must be refused. */
int hostile_keys_queues1000(struct hostile *h, struct xenbus_transaction xbt)
{
	return hostile_keys_queues(h, xbt, 1000);
}

/* 2^31 pages: a backend that trusts the order sizes arrays with it. */
int hostile_keys_order31(struct hostile *h, struct xenbus_transaction xbt)
{
	return hostile_write_queue_keys(h, xbt, XEN_NETIF_KEY_EVTCHN, 31);
}

int hostile_keys_bad_evtchn(struct hostile *h, struct xenbus_transaction xbt)
{
	int err;

	err = hostile_write_queue_keys(h, xbt, XEN_NETIF_KEY_EVTCHN, 0);
	return err ?: xenbus_printf(xbt, h->dev->nodename,
				    XEN_NETIF_KEY_EVTCHN, "%u",
				    HOSTILE_BAD_PORT);
}

int hostile_keys_bad_ring_ref(struct hostile *h,
			      struct xenbus_transaction xbt)
{
	int err;

	err = hostile_write_queue_keys(h, xbt, XEN_NETIF_KEY_EVTCHN, 0);
	return err ?: xenbus_printf(xbt, h->dev->nodename,
				    XEN_NETIF_KEY_TX_RING_REF, "%u",
				    HOSTILE_BAD_GREF);
}

/*
 * Honest rings, and an XDP headroom past the end of any receive page: a
 * backend that took it would write every packet beyond the guest's
 * buffer. It must use none, say so once, and carry on.
 */
int hostile_keys_xdp_headroom(struct hostile *h, struct xenbus_transaction xbt)
{
	int err;

	err = hostile_write_rings_keys(h, xbt);
	return err ?: xenbus_printf(xbt, h->dev->nodename,
				    XEN_NETIF_KEY_XDP_HEADROOM, "%u", 65535);
}
