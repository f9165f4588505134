// SPDX-License-Identifier: GPL-2.0
/*
 * The size of a frontend's staged pool, its split between the rings and
 * the TX share's bookkeeping (fe_staged.h).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>

#include "fe_staged.h"

unsigned int xnif_staged_per_queue(const struct xnif_staged_in *in)
{
	unsigned int per, share;

	if (!in->queues || !in->be_size)
		return 0;
	per = min3(in->be_size, in->want,
		   (unsigned int)XNIF_STAGED_TABLE_MAX);
	/* Half the free entries, per queue, less the table page's own. */
	share = in->free_grants / 2 / in->queues;
	per = min(per, share ? share - 1 : 0);
	return per >= XNIF_STAGED_MIN ? per : 0;
}

void xnif_staged_split(unsigned int per, unsigned int rx_size,
		       unsigned int tx_size, unsigned int *rx,
		       unsigned int *tx)
{
	*tx = min(per / 2, tx_size);
	*rx = min(per - *tx, rx_size);
	*tx = min(per - *rx, tx_size);
}

void xnif_staged_tx_init(struct xnif_staged_tx *t, u16 *free, u16 *by_id,
			 unsigned int pages, unsigned int ids)
{
	unsigned int i;

	t->free = free;
	t->by_id = by_id;
	t->pages = pages;
	t->ids = ids;
	t->nfree = pages;
	/* Lowest pages on top of the stack: taken first. */
	for (i = 0; i < pages; i++)
		free[i] = pages - 1 - i;
	for (i = 0; i < ids; i++)
		by_id[i] = XNIF_STAGED_TX_NONE;
}

int xnif_staged_tx_take(struct xnif_staged_tx *t, unsigned int id)
{
	u16 page;

	if (id >= t->ids || t->by_id[id] != XNIF_STAGED_TX_NONE)
		return -EINVAL;
	if (!t->nfree)
		return -ENOSPC;
	page = t->free[--t->nfree];
	t->by_id[id] = page;
	return page;
}

int xnif_staged_tx_put(struct xnif_staged_tx *t, unsigned int id)
{
	u16 page;

	if (id >= t->ids || t->by_id[id] == XNIF_STAGED_TX_NONE)
		return -1;
	page = t->by_id[id];
	t->by_id[id] = XNIF_STAGED_TX_NONE;
	/*
	 * Each page is held by one id at most, so the stack cannot
	 * overflow; checked all the same, as by_id is only our memory.
	 */
	if (page >= t->pages || t->nfree >= t->pages)
		return -1;
	t->free[t->nfree++] = page;
	return page;
}
