/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When the backend's guest TX poll goes idle, it either asks for an
 * event on the next request at once, or holds off and polls again a
 * little later; while it holds, the guest finds the event index behind
 * its producer and sends without notifying.
 *
 * Holding pays for a stream and costs a request/response exchange up to
 * the hold time per round trip. The two look alike on the TX ring (a
 * packet a poll, each shortly after the last) but not on the whole vif:
 * a guest that answers was sent something in between. So a poll holds
 * when it took more than one packet, or when packets keep coming with
 * nothing delivered to the guest meanwhile. Without the second rule a
 * stream of lone packets settles into an event per packet: each event
 * wakes dom0, which takes the CPU the guest sends with, which spaces
 * the packets out to one a poll.
 *
 * Timing is the caller's; this is the decision, kept free of Xen calls
 * for KUnit.
 */
#ifndef _XEN_NETIF_TX_PACE_H
#define _XEN_NETIF_TX_PACE_H

#include <linux/types.h>

/* Packets less than this many hold periods apart make a stream. */
#define XNIF_TX_PACE_STREAM_HOLDS	4

struct xnif_tx_pace {
	u64 busy_ns;		/* when a poll last took packets */
	unsigned long rx_seen;	/* the guest RX count at the last poll */
};

/*
 * A poll took done packets at now_ns; rx_count counts what the vif has
 * delivered to the guest, in any unit that grows with every delivery.
 * Returns true to hold for hold_ns and poll again, false to ask for an
 * event now. hold_ns == 0 never holds.
 */
bool xnif_tx_pace_hold(struct xnif_tx_pace *p, unsigned int done, u64 now_ns,
		       unsigned long rx_count, u64 hold_ns);

#endif /* _XEN_NETIF_TX_PACE_H */
