// SPDX-License-Identifier: GPL-2.0
/*
 * Slot arithmetic for data that is granted to a peer page by page.
 */
#include <linux/kernel.h>

#include "negotiate.h"
#include "slots.h"

unsigned int xnif_buf_slots(unsigned long offset, unsigned int len)
{
	unsigned long first = offset & (XNIF_PAGE_SIZE - 1);

	if (!len)
		return 0;
	return DIV_ROUND_UP(first + len, XNIF_PAGE_SIZE);
}

unsigned int xnif_bounce_slots(unsigned int len)
{
	return DIV_ROUND_UP(len, XNIF_PAGE_SIZE);
}
