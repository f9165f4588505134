// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile guest's TX requests through the backend's packet parser:
 * whatever the guest posts, a packet the parser accepts is one the backend
 * can copy without reading outside a granted page or past the announced
 * length, and parsing stops within the ring slots one packet may take.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "tx_validate.h"

static void check_accepted(const struct xnif_tx_packet *p)
{
	u32 sum = 0;
	unsigned int i;

	if (!p->nr_slots || p->nr_slots > p->max_slots ||
	    p->max_slots > XNIF_TX_MAX_SLOTS)
		abort();
	for (i = 0; i < p->nr_slots; i++) {
		if (p->slot[i].offset + p->slot[i].size > 4096)
			abort();
		sum += p->slot[i].size;
	}
	if (sum != p->len || p->len > XEN_NETIF_MAX_TX_SIZE)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_netif_tx_request req;
	struct xnif_tx_packet p;
	enum xnif_tx_reason r;
	unsigned int fed = 1;

	if (size < 1 + sizeof(req))
		return 0;
	memcpy(&req, data + 1, sizeof(req));
	r = xnif_tx_begin(&p, &req, data[0]);
	data += 1 + sizeof(req);
	size -= 1 + sizeof(req);
	while (r == XNIF_TX_MORE && size >= sizeof(req)) {
		memcpy(&req, data, sizeof(req));
		data += sizeof(req);
		size -= sizeof(req);
		fed++;
		r = xnif_tx_feed(&p, &req);
	}
	if (r >= XNIF_TX_REASON_MAX || !xnif_tx_reason_name(r))
		abort();
	if (fed > XNIF_TX_MAX_RING_SLOTS)
		abort();
	if (r == XNIF_TX_OK)
		check_accepted(&p);
	return 0;
}
