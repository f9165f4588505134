// SPDX-License-Identifier: GPL-2.0
/*
 * Guest TX packet validation: a small state machine fed one local copy of
 * a request at a time. See tx_validate.h for the packet format.
 */
#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "negotiate.h"
#include "tx_validate.h"

static const char *const xnif_tx_reason_names[XNIF_TX_REASON_MAX] = {
	[XNIF_TX_OK]			= "ok",
	[XNIF_TX_MORE]			= "more",
	[XNIF_TX_DROP_SHORT]		= "drop_short",
	[XNIF_TX_DROP_OVERSIZE]		= "drop_oversize",
	[XNIF_TX_DROP_GSO_SMALL]	= "drop_gso_small",
	[XNIF_TX_BAD_PROD]		= "bad_prod",
	[XNIF_TX_BAD_TRUNCATED]		= "bad_truncated",
	[XNIF_TX_BAD_CROSS_PAGE]	= "bad_cross_page",
	[XNIF_TX_BAD_SLOTS]		= "bad_slots",
	[XNIF_TX_BAD_EXTRA_TYPE]	= "bad_extra_type",
	[XNIF_TX_BAD_EXTRA_DUP]		= "bad_extra_dup",
	[XNIF_TX_BAD_GSO_SIZE]		= "bad_gso_size",
	[XNIF_TX_BAD_GSO_TYPE]		= "bad_gso_type",
};

const char *xnif_tx_reason_name(enum xnif_tx_reason r)
{
	if ((unsigned int)r >= XNIF_TX_REASON_MAX)
		return "unknown";
	return xnif_tx_reason_names[r];
}

static bool xnif_tx_in_page(unsigned int offset, unsigned int size)
{
	return offset <= XNIF_PAGE_SIZE && size <= XNIF_PAGE_SIZE - offset;
}

static enum xnif_tx_reason xnif_tx_check_gso(const struct xnif_tx_packet *p)
{
	const struct xen_netif_extra_info *gso;

	gso = xnif_extras_get(&p->extras, XEN_NETIF_EXTRA_TYPE_GSO);
	if (!gso)
		return XNIF_TX_OK;

	switch (xnif_gso_check(gso)) {
	case 0:
		return XNIF_TX_OK;
	case -EINVAL:
		return XNIF_TX_BAD_GSO_SIZE;
	case -ERANGE:
		return XNIF_TX_DROP_GSO_SMALL;
	default:
		return XNIF_TX_BAD_GSO_TYPE;
	}
}

/* All slots are in: settle the first slot's own size and the verdict. */
static enum xnif_tx_reason xnif_tx_finish(struct xnif_tx_packet *p)
{
	struct xen_netif_tx_request *first = &p->slot[0];
	enum xnif_tx_reason gso = xnif_tx_check_gso(p);

	if (xnif_tx_is_fatal(gso))
		return gso;
	/* What the further slots did not account for lives in the first. */
	first->size = p->rest;
	if (!xnif_tx_in_page(first->offset, first->size))
		return XNIF_TX_BAD_CROSS_PAGE;
	if (p->drop != XNIF_TX_OK)
		return p->drop;
	/* A multicast filter update is a control message, not a frame. */
	if (p->len < ETH_HLEN && !xnif_tx_is_mcast(p))
		return XNIF_TX_DROP_SHORT;
	return gso;
}

static enum xnif_tx_reason xnif_tx_next(struct xnif_tx_packet *p)
{
	return p->in_extras || p->in_data ? XNIF_TX_MORE : xnif_tx_finish(p);
}

enum xnif_tx_reason xnif_tx_begin(struct xnif_tx_packet *p,
				  const struct xen_netif_tx_request *first,
				  unsigned int max_slots)
{
	p->slot[0] = *first;
	p->len = first->size;
	p->rest = first->size;
	p->nr_slots = 1;
	p->max_slots = clamp_t(unsigned int, max_slots, 1, XNIF_TX_MAX_SLOTS);
	p->drop = XNIF_TX_OK;
	p->in_extras = first->flags & XEN_NETTXF_extra_info;
	p->in_data = first->flags & XEN_NETTXF_more_data;
	xnif_extras_init(&p->extras);
	return xnif_tx_next(p);
}

static enum xnif_tx_reason xnif_tx_feed_extra(struct xnif_tx_packet *p,
					      const struct xen_netif_tx_request *req)
{
	struct xen_netif_extra_info e;
	int more;

	/* An extra-info segment occupies the request slot it replaces. */
	memcpy(&e, req, sizeof(e));
	more = xnif_extras_add(&p->extras, &e);
	if (more == -EINVAL)
		return XNIF_TX_BAD_EXTRA_TYPE;
	if (more < 0)
		return XNIF_TX_BAD_EXTRA_DUP;
	p->in_extras = more;
	return xnif_tx_next(p);
}

static enum xnif_tx_reason xnif_tx_feed_data(struct xnif_tx_packet *p,
					     const struct xen_netif_tx_request *req)
{
	if (p->nr_slots >= p->max_slots)
		return XNIF_TX_BAD_SLOTS;
	if (!xnif_tx_in_page(req->offset, req->size))
		return XNIF_TX_BAD_CROSS_PAGE;
	/*
	 * Frontends that send a frame of 64 KiB or more overflow the 16-bit
	 * first size, and their further slots then add up to more than it
	 * says. That is a frontend bug, not an attack: drop the packet.
	 */
	if (req->size > p->rest) {
		p->drop = XNIF_TX_DROP_OVERSIZE;
		p->rest = 0;
	} else {
		p->rest -= req->size;
	}
	p->slot[p->nr_slots++] = *req;
	p->in_data = req->flags & XEN_NETTXF_more_data;
	return xnif_tx_next(p);
}

enum xnif_tx_reason xnif_tx_feed(struct xnif_tx_packet *p,
				 const struct xen_netif_tx_request *req)
{
	if (p->in_extras)
		return xnif_tx_feed_extra(p, req);
	if (p->in_data)
		return xnif_tx_feed_data(p, req);
	/* Fed past the end of the packet: a caller bug, refuse it loudly. */
	return XNIF_TX_BAD_TRUNCATED;
}
