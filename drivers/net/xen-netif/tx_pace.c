// SPDX-License-Identifier: GPL-2.0
#include "tx_pace.h"

bool xnif_tx_pace_hold(struct xnif_tx_pace *p, unsigned int done, u64 now_ns,
		       unsigned long rx_count, u64 hold_ns)
{
	bool answered = rx_count != p->rx_seen;
	bool streaming = now_ns - p->busy_ns <
			 XNIF_TX_PACE_STREAM_HOLDS * hold_ns;
	bool hold;

	if (!hold_ns)
		hold = false;
	else if (done > 1)
		hold = true;
	else
		hold = streaming && !answered;
	if (done)
		p->busy_ns = now_ns;
	p->rx_seen = rx_count;
	return hold;
}
