/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How many staged pages a frontend grants per queue (staged grants,
 * ADD_GREF_MAPPING). Pure: the numbers come from the backend's answer
 * to GET_GREF_MAPPING_SIZE (checked by ctrl_rsp.c first), the queue
 * count, the free-grant estimate connect.c keeps and what the data path
 * can use.
 */
#ifndef _XEN_NETIF_FE_STAGED_H
#define _XEN_NETIF_FE_STAGED_H

#include <linux/types.h>

#include <xen/interface/io/netif.h>

#include "negotiate.h"

/* Entries of one gref table: each queue's table is one granted page. */
#define XNIF_STAGED_TABLE_MAX \
	(XNIF_PAGE_SIZE / sizeof(struct xen_netif_gref))

/*
 * Fewer pages per queue than this are not worth a table and two control
 * round trips: the data path would fall back to classic grants nearly
 * every packet.
 */
#define XNIF_STAGED_MIN		16U

struct xnif_staged_in {
	u32 be_size;		/* the backend's mapping size, for one queue */
	unsigned int queues;
	unsigned int free_grants;	/* connect.c's estimate */
	unsigned int want;	/* pages a queue's data path can use */
};

/*
 * Pages to stage per queue, or 0 for none. The backend's size is per
 * queue (GET_GREF_MAPPING_SIZE names one); each queue also grants its
 * table page, and staging takes at most half of the free grant entries,
 * leaving the rest to other devices and to the classic fallback.
 */
unsigned int xnif_staged_per_queue(const struct xnif_staged_in *in);

#endif /* _XEN_NETIF_FE_STAGED_H */
