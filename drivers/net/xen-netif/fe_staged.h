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

/*
 * How a queue's pool of per pages is shared by its rings: TX gets half,
 * rounded down, and RX the rest, each at most one page per slot of its
 * ring; what RX cannot use goes to TX, up to its ring. RX takes the
 * pool's first *rx pages (one per RX slot of the same index), TX the *tx
 * after them.
 */
void xnif_staged_split(unsigned int per, unsigned int rx_size,
		       unsigned int tx_size, unsigned int *rx,
		       unsigned int *tx);

/* by_id[] of a TX id whose request holds no staged page. */
#define XNIF_STAGED_TX_NONE	0xffff

/*
 * The TX share of a queue's pool: which pages are free, and which TX
 * request id holds each page that is not. A page is taken for one data
 * request and comes back only through the response that gives that id
 * back, once: the caller passes only ids its TX id ledger (tx_ids.h)
 * accepted, and a put for an id that holds no page changes nothing, so
 * a backend that answers an id twice, or one it was never sent, can
 * neither free a page twice nor put one back that is still in flight.
 * A page whose response never comes stays taken: the backend's loss,
 * as the TX path then falls back to classic grants.
 */
struct xnif_staged_tx {
	u16 *free;		/* stack of free pages, nfree of them */
	u16 *by_id;		/* per id: the page it holds, or NONE */
	unsigned int pages;	/* pages in the TX share */
	unsigned int ids;	/* TX ids, as many as ring slots */
	unsigned int nfree;
};

/*
 * free has pages entries, by_id ids entries; pages at most
 * XNIF_STAGED_TABLE_MAX and ids at most 65535 (a u16 each, NONE kept).
 */
void xnif_staged_tx_init(struct xnif_staged_tx *t, u16 *free, u16 *by_id,
			 unsigned int pages, unsigned int ids);

/* Whether n pages can be taken now. */
static inline bool xnif_staged_tx_have(const struct xnif_staged_tx *t,
				       unsigned int n)
{
	return t->nfree >= n;
}

/*
 * A free page for the request of id, or -ENOSPC if none is free, or
 * -EINVAL if id is out of range or already holds one (the caller's bug).
 */
int xnif_staged_tx_take(struct xnif_staged_tx *t, unsigned int id);

/*
 * The response of id came: the page it held, free again, or -1 if it
 * held none (a classic grant, or no such id).
 */
int xnif_staged_tx_put(struct xnif_staged_tx *t, unsigned int id);

#endif /* _XEN_NETIF_FE_STAGED_H */
