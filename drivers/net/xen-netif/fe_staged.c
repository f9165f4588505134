// SPDX-License-Identifier: GPL-2.0
/*
 * The size of a frontend's staged pool (fe_staged.h).
 */
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
