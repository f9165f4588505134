// SPDX-License-Identifier: GPL-2.0
/*
 * The TX id ledger of a frontend queue. Pure bookkeeping: the caller
 * copies each response out of the ring and passes the copy.
 */
#include <linux/errno.h>

#include "tx_ids.h"

void xnif_tx_ids_init(struct xnif_tx_ids *t, u16 *free, u8 *owed,
		      unsigned int size)
{
	unsigned int i;

	t->free = free;
	t->owed = owed;
	t->size = size;
	t->nfree = size;
	t->nulls_due = 0;
	/* Lowest ids on top of the stack: taken first. */
	for (i = 0; i < size; i++) {
		free[i] = size - 1 - i;
		owed[i] = XNIF_TX_ID_FREE;
	}
}

int xnif_tx_id_take(struct xnif_tx_ids *t, unsigned int extras)
{
	u16 id;

	if (!t->nfree || extras >= XNIF_TX_ID_FREE)
		return -ENOSPC;
	id = t->free[--t->nfree];
	t->owed[id] = extras;
	return id;
}

enum xnif_rsp_err xnif_tx_ids_answer(struct xnif_tx_ids *t,
				     const struct xen_netif_tx_response *rsp,
				     int *id)
{
	enum xnif_rsp_err err;
	bool skip;

	*id = -1;
	err = xnif_tx_rsp_check(rsp, t->size, t->nulls_due, &skip);
	if (err)
		return err;
	if (skip) {
		t->nulls_due--;
		return XNIF_RSP_OK;
	}
	/* Outstanding ids are never on the stack, so it cannot overflow. */
	if (t->owed[rsp->id] == XNIF_TX_ID_FREE || t->nfree >= t->size)
		return XNIF_RSP_TX_NOT_IN_FLIGHT;
	t->nulls_due = t->owed[rsp->id];
	t->owed[rsp->id] = XNIF_TX_ID_FREE;
	t->free[t->nfree++] = rsp->id;
	*id = rsp->id;
	return XNIF_RSP_OK;
}
