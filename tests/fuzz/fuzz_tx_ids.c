// SPDX-License-Identifier: GPL-2.0
/*
 * A frontend queue's TX id ledger under a backend that writes whatever
 * it likes. The input drives both sides: each step either sends a packet
 * (one data request, maybe one extra-info slot) while the ring has room,
 * or takes one response of the input's choosing. Whatever the stream,
 * the pool holds every id at most once, never more than the ring has,
 * never fewer free ids than free ring slots, and the outstanding ids are
 * exactly those not in the pool. A rejected response ends the device, as
 * in the driver: the harness starts a fresh queue.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "tx_ids.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#define RING	32

struct queue {
	struct xnif_tx_ids t;
	u16 free[RING];
	u8 owed[RING];
	u32 prod, cons;
};

static void reset(struct queue *q)
{
	memset(q, 0, sizeof(*q));
	xnif_tx_ids_init(&q->t, q->free, q->owed, RING);
}

static void check(const struct queue *q)
{
	unsigned int i, busy = 0, space = RING - (q->prod - q->cons);
	bool seen[RING] = { false };

	if (q->t.nfree > RING || q->t.nfree < space)
		abort();
	for (i = 0; i < q->t.nfree; i++) {
		if (q->free[i] >= RING || seen[q->free[i]] ||
		    q->owed[q->free[i]] != XNIF_TX_ID_FREE)
			abort();
		seen[q->free[i]] = true;
	}
	for (i = 0; i < RING; i++)
		busy += q->owed[i] != XNIF_TX_ID_FREE;
	if (busy + q->t.nfree != RING)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_netif_tx_response rsp;
	struct queue q;
	enum xnif_rsp_err err;
	int id;

	reset(&q);
	while (size >= 1) {
		u8 op = *data++;

		size--;
		if (op & 1) {
			unsigned int extras = (op >> 1) & 1;

			if (RING - (q.prod - q.cons) < 1 + extras)
				continue;
			if (!xnif_tx_ids_have(&q.t, 1))
				abort();
			id = xnif_tx_id_take(&q.t, extras);
			if (id < 0 || id >= RING)
				abort();
			q.prod += 1 + extras;
		} else {
			if (size < sizeof(rsp))
				break;
			memcpy(&rsp, data, sizeof(rsp));
			data += sizeof(rsp);
			size -= sizeof(rsp);
			/* The driver never reads past the requests it wrote. */
			if (q.cons == q.prod)
				continue;
			err = xnif_tx_ids_answer(&q.t, &rsp, &id);
			if (err >= XNIF_RSP_ERR_MAX || !xnif_rsp_err_name(err))
				abort();
			if (err) {
				if (id != -1)
					abort();
				reset(&q);
				continue;
			}
			if (id < -1 || id >= RING)
				abort();
			q.cons++;
		}
		check(&q);
	}
	return 0;
}
