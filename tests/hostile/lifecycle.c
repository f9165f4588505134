// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: leaving in the middle. Half a packet is published
 * and the frontend closes at once; its pages are revoked as the backend
 * tears down (gnttab_end_foreign_access() waits for the backend to let
 * go), so a backend that still reads the ring or holds a mapping after it
 * said Closed shows up in dom0's logs and counts.
 */
#include "hostile.h"

#define HOSTILE_WAIT_MS		2000

int hostile_disconnect_mid(struct hostile *h)
{
	hostile_tx_frame(h);
	hostile_tx_push(h);
	hostile_tx_wait(h, HOSTILE_WAIT_MS);
	hostile_tx_put(h, h->tx_ref[0], 0, XEN_NETTXF_more_data, 3000);
	hostile_tx_put(h, h->tx_ref[1], 0, XEN_NETTXF_more_data, 1000);
	hostile_tx_push(h);
	return xenbus_switch_state(h->dev, XenbusStateClosing);
}
