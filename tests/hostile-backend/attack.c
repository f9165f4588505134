// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback-hostile: the lies, one per mode. Each writes responses a
 * frontend did not ask for, or asks it for the impossible, once, and says
 * so in the log; the frontend's reaction is checked from the guest.
 * no_drain tells no lie at all: it never answers a request, so the
 * frontend's rings fill and never drain.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>

#include "hostile_be.h"

/* A TX request is waited for this many times, 100 ms apart. */
#define HBE_TX_TRIES	100

static void hbe_kick(struct hbe *be)
{
	notify_remote_via_irq(be->tx_irq);
	if (be->rx_irq != be->tx_irq)
		notify_remote_via_irq(be->rx_irq);
}

static void hbe_rx_put(struct hbe *be, u16 id, u16 offset, u16 flags,
		       s16 status)
{
	struct xen_netif_rx_response rsp = {
		.id = id, .offset = offset, .flags = flags, .status = status,
	};

	memcpy(xnif_ring_rsp(&be->rx, be->rx_rsp++), &rsp, sizeof(rsp));
}

static void hbe_tx_put(struct hbe *be, u16 id, s16 status)
{
	struct xen_netif_tx_response rsp = { .id = id, .status = status };

	memcpy(xnif_ring_rsp(&be->tx, be->tx_rsp++), &rsp, sizeof(rsp));
}

static struct xen_netif_rx_request hbe_rx_req(struct hbe *be, u32 idx)
{
	return READ_ONCE(*(struct xen_netif_rx_request *)
			 xnif_ring_req(&be->rx, idx));
}

/* Map a page the frontend granted and keep it mapped past our answer. */
static int hbe_hold(struct hbe *be, grant_ref_t ref, bool readonly)
{
	struct gnttab_map_grant_ref op;
	unsigned long va;
	int err;

	err = gnttab_alloc_pages(1, &be->held);
	if (err)
		return err;
	va = (unsigned long)pfn_to_kaddr(page_to_pfn(be->held));
	gnttab_set_map_op(&op, va, GNTMAP_host_map |
			  (readonly ? GNTMAP_readonly : 0), ref,
			  be->dev->otherend_id);
	err = gnttab_map_refs(&op, NULL, &be->held, 1);
	if (err || op.status != GNTST_okay) {
		gnttab_free_pages(1, &be->held);
		be->held = NULL;
		return err ?: -EIO;
	}
	be->held_handle = op.handle;
	be->holding = true;
	return 0;
}

void hbe_release_held(struct hbe *be)
{
	struct gnttab_unmap_grant_ref op;
	unsigned long va;

	if (!be->holding)
		return;
	va = (unsigned long)pfn_to_kaddr(page_to_pfn(be->held));
	gnttab_set_unmap_op(&op, va, GNTMAP_host_map, be->held_handle);
	if (!gnttab_unmap_refs(&op, NULL, &be->held, 1))
		gnttab_free_pages(1, &be->held);
	be->held = NULL;
	be->holding = false;
}

/* RX lies need a posted buffer: the frontend posts them at connect. */
static int hbe_rx_lie(struct hbe *be)
{
	u32 prod = READ_ONCE(*be->rx.req.prod), i;
	struct xen_netif_rx_request req;

	if (prod == be->rx_rsp)
		return -EAGAIN;
	req = hbe_rx_req(be, be->rx_rsp);
	if (sysfs_streq(hbe_mode, "rx_prod")) {
		/* Claim more responses than there were requests. */
		be->rx_rsp = prod + 1;
	} else if (sysfs_streq(hbe_mode, "rx_bad_size")) {
		hbe_rx_put(be, req.id, 4000, 0, 200);
	} else if (sysfs_streq(hbe_mode, "rx_bad_id")) {
		hbe_rx_put(be, req.id ^ 1, 0, 0, 60);
	} else if (sysfs_streq(hbe_mode, "rx_endless")) {
		/* A packet that goes on through every posted buffer. */
		for (i = be->rx_rsp; i != prod; i++)
			hbe_rx_put(be, hbe_rx_req(be, i).id, 0,
				   XEN_NETRXF_more_data, 100);
	} else if (sysfs_streq(hbe_mode, "rx_grant_in_use")) {
		if (hbe_hold(be, req.gref, false))
			return -EIO;
		hbe_rx_put(be, req.id, 0, 0, 60);
	}
	/* Kick whatever the frontend's event index says: it must cope. */
	xnif_ring_publish(&be->rx.rsp, be->rx_rsp);
	hbe_kick(be);
	return 0;
}

/* TX lies answer the first request the frontend sends. */
static int hbe_tx_lie(struct hbe *be)
{
	u32 waiting = READ_ONCE(*be->tx.req.prod) - be->tx_rsp;
	struct xen_netif_tx_request req;

	/*
	 * tx_dup answers one of two outstanding requests twice, so that the
	 * lie is the id alone, not also more responses than requests.
	 */
	if (!waiting || (waiting < 2 && sysfs_streq(hbe_mode, "tx_dup")))
		return -EAGAIN;
	memcpy(&req, xnif_ring_req(&be->tx, be->tx_rsp), sizeof(req));
	if (sysfs_streq(hbe_mode, "tx_bad_id")) {
		hbe_tx_put(be, 0xffff, XEN_NETIF_RSP_OKAY);
	} else if (sysfs_streq(hbe_mode, "tx_dup")) {
		hbe_tx_put(be, req.id, XEN_NETIF_RSP_OKAY);
		hbe_tx_put(be, req.id, XEN_NETIF_RSP_OKAY);
	} else if (sysfs_streq(hbe_mode, "tx_bad_status")) {
		hbe_tx_put(be, req.id, 7);
	} else if (sysfs_streq(hbe_mode, "tx_grant_in_use")) {
		if (hbe_hold(be, req.gref, true))
			return -EIO;
		hbe_tx_put(be, req.id, XEN_NETIF_RSP_OKAY);
	}
	xnif_ring_publish(&be->tx.rsp, be->tx_rsp);
	hbe_kick(be);
	return 0;
}

/*
 * null-tx-on-data-slot: answer every waiting TX request, data slots
 * included, with a placeholder, as if each had been an extra-info slot.
 * A frontend that skips placeholders wherever they are never gets those
 * ids back, and its id pool drains under a ring that looks free.
 */
static int hbe_tx_null_lie(struct hbe *be)
{
	u32 prod = READ_ONCE(*be->tx.req.prod);
	struct xen_netif_tx_request req;

	if (prod == be->tx_rsp)
		return -EAGAIN;
	while (be->tx_rsp != prod) {
		memcpy(&req, xnif_ring_req(&be->tx, be->tx_rsp), sizeof(req));
		hbe_tx_put(be, req.id, XEN_NETIF_RSP_NULL);
	}
	xnif_ring_publish(&be->tx.rsp, be->tx_rsp);
	hbe_kick(be);
	return 0;
}

/* Events with nothing behind them, as fast as we can send them. */
static void hbe_evt_storm(struct hbe *be)
{
	unsigned long end = jiffies + 2 * HZ;
	unsigned long n = 0;

	while (time_before(jiffies, end)) {
		hbe_kick(be);
		if (!(++n % 1024))
			cond_resched();
	}
	pr_warn("%s: evt_storm: %lu events\n", be->dev->nodename, n);
}

void hbe_attack_work(struct work_struct *work)
{
	struct hbe *be = container_of(to_delayed_work(work), struct hbe,
				      attack);
	int err = 0;

	mutex_lock(&be->lock);
	if (!be->connected)
		goto out;
	if (sysfs_streq(hbe_mode, "fuzz")) {
		if (hbe_fuzz_run(be))
			schedule_delayed_work(&be->attack, 1);
		goto out;
	}
	if (!strncmp(hbe_mode, "rx_", 3))
		err = hbe_rx_lie(be);
	else if (!strncmp(hbe_mode, "tx_", 3))
		err = hbe_tx_lie(be);
	else if (sysfs_streq(hbe_mode, "null-tx-on-data-slot"))
		err = hbe_tx_null_lie(be);
	else if (sysfs_streq(hbe_mode, "evt_storm"))
		hbe_evt_storm(be);
	else if (sysfs_streq(hbe_mode, "state_flap"))
		hbe_state_flap(be);
	if (err == -EAGAIN && ++be->attack_tries < HBE_TX_TRIES) {
		schedule_delayed_work(&be->attack, HZ / 10);
		goto out;
	}
	/* state_flap may end unmapped: no ring to read then. */
	if (!be->connected) {
		pr_warn("%s: lie told (%d), rings not mapped\n",
			be->dev->nodename, err);
		goto out;
	}
	pr_warn("%s: lie told (%d): rx req %u rsp %u event %u, tx req %u rsp %u event %u, irq %d/%d\n",
		be->dev->nodename, err,
		READ_ONCE(*be->rx.req.prod), READ_ONCE(*be->rx.rsp.prod),
		READ_ONCE(*be->rx.rsp.event), READ_ONCE(*be->tx.req.prod),
		READ_ONCE(*be->tx.rsp.prod), READ_ONCE(*be->tx.rsp.event),
		be->tx_irq, be->rx_irq);
out:
	mutex_unlock(&be->lock);
}
