// SPDX-License-Identifier: GPL-2.0
/*
 * A lying backend's RX responses, slot after slot, through the frontend's
 * chain validator: whatever it is fed, the verdict is one of the defined
 * reasons, and an accepted packet is one the frontend can build.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "rsp_validate.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_netif_rx_response rsp;
	struct xnif_rx_limits lim;
	struct xnif_rx_chain c;
	enum xnif_rsp_err err;
	unsigned int fed = 0;
	u16 want;

	if (size < 2)
		return 0;
	lim.max_frags = data[0] % 32;
	lim.copy_len = data[1] * 4;
	data += 2;
	size -= 2;
	xnif_rx_chain_init(&c);
	while (size >= sizeof(rsp) + sizeof(want)) {
		memcpy(&rsp, data, sizeof(rsp));
		memcpy(&want, data + sizeof(rsp), sizeof(want));
		data += sizeof(rsp) + sizeof(want);
		size -= sizeof(rsp) + sizeof(want);
		fed++;
		if (!xnif_rx_chain_feed(&c, &rsp, want))
			break;
	}
	err = xnif_rx_chain_finish(&c, &lim);
	if (err >= XNIF_RSP_ERR_MAX || !xnif_rsp_err_name(err))
		abort();
	if (c.slots > fed)
		abort();
	if (err == XNIF_RSP_OK &&
	    (c.len < 14 || c.data_slots > lim.max_frags + 1))
		abort();
	return 0;
}
