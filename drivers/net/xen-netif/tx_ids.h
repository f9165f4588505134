/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A frontend's TX request ids and what each outstanding request is owed.
 *
 * Every data request carries an id from a pool as large as the ring; the
 * backend's response hands the id back, in any order. A request followed
 * by extra-info slots is answered by its own response and then, right
 * after it, one XEN_NETIF_RSP_NULL placeholder per extra-info slot; a
 * placeholder carries no id. The pool is the only record of which ids
 * are outstanding, so every response goes through it: a response the
 * ledger does not expect is the backend's lie and is refused, and an id
 * goes back to the pool once, when its own response arrives.
 *
 * Accounting: the ring has (requests written - responses taken) slots in
 * use; each taken response either freed an id or settled a placeholder
 * that was owed, so the free ids are never fewer than the ring's free
 * slots. Taking an id from an empty pool is refused all the same.
 */
#ifndef _XEN_NETIF_TX_IDS_H
#define _XEN_NETIF_TX_IDS_H

#include <linux/types.h>

#include <xen/interface/io/netif.h>

#include "rsp_validate.h"

/* owed[] of an id that is not outstanding. */
#define XNIF_TX_ID_FREE		0xff

struct xnif_tx_ids {
	u16 *free;		/* stack of free ids, nfree of them */
	u8 *owed;		/* per id: placeholders after its response */
	unsigned int size;	/* ids, as many as ring slots */
	unsigned int nfree;
	unsigned int nulls_due;	/* placeholders owed before the next answer */
};

/* free and owed are arrays of size entries; size at most 65536. */
void xnif_tx_ids_init(struct xnif_tx_ids *t, u16 *free, u8 *owed,
		      unsigned int size);

/* Whether n ids can be taken now. */
static inline bool xnif_tx_ids_have(const struct xnif_tx_ids *t,
				    unsigned int n)
{
	return t->nfree >= n;
}

/*
 * Take an id for a data request followed by extras extra-info slots.
 * Returns the id, or -ENOSPC if none is free.
 */
int xnif_tx_id_take(struct xnif_tx_ids *t, unsigned int extras);

/*
 * Take in a copy of the next TX response. On success *id is the id it
 * answers, now free again, or -1 for a placeholder that settled an
 * extra-info slot. Anything else is a protocol violation.
 */
enum xnif_rsp_err xnif_tx_ids_answer(struct xnif_tx_ids *t,
				     const struct xen_netif_tx_response *rsp,
				     int *id);

#endif /* _XEN_NETIF_TX_IDS_H */
