// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of backend responses for a frontend. Nothing here touches
 * shared memory: callers pass copies, so what is checked is what is used.
 */
#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/string.h>

#include "negotiate.h"
#include "ring_index.h"
#include "rsp_validate.h"

static const char * const xnif_rsp_err_names[XNIF_RSP_ERR_MAX] = {
	[XNIF_RSP_OK]			= "ok",
	[XNIF_RSP_RX_BAD_ID]		= "rx_bad_id",
	[XNIF_RSP_RX_BAD_SIZE]		= "rx_bad_size",
	[XNIF_RSP_RX_EMPTY_SLOT]		= "rx_empty_slot",
	[XNIF_RSP_RX_BACKEND_ERROR]		= "rx_backend_error",
	[XNIF_RSP_RX_TOO_MANY_SLOTS]	= "rx_too_many_slots",
	[XNIF_RSP_RX_BAD_EXTRA]		= "rx_bad_extra",
	[XNIF_RSP_RX_BAD_GSO]		= "rx_bad_gso",
	[XNIF_RSP_RX_SHORT]			= "rx_short",
	[XNIF_RSP_TX_BAD_ID]		= "tx_bad_id",
	[XNIF_RSP_TX_NOT_IN_FLIGHT]		= "tx_not_in_flight",
	[XNIF_RSP_TX_BAD_STATUS]		= "tx_bad_status",
	[XNIF_RSP_BAD_PROD]		= "bad_rsp_prod",
	[XNIF_RSP_GRANT_IN_USE]		= "grant_in_use",
	[XNIF_RSP_TX_BAD_NULL]		= "tx_bad_null",
	[XNIF_RSP_TX_NO_FREE_ID]		= "tx_no_free_id",
};

const char *xnif_rsp_err_name(enum xnif_rsp_err err)
{
	if ((unsigned int)err >= XNIF_RSP_ERR_MAX)
		return "unknown";
	return xnif_rsp_err_names[err];
}

void xnif_rx_chain_init(struct xnif_rx_chain *c)
{
	memset(c, 0, sizeof(*c));
	xnif_extras_init(&c->extras);
}

/* Only the first problem is reported: it is the cause, the rest follow. */
static void xnif_rx_chain_fail(struct xnif_rx_chain *c, enum xnif_rsp_err err)
{
	if (c->err == XNIF_RSP_OK)
		c->err = err;
}

static void xnif_rx_chain_extra(struct xnif_rx_chain *c,
				const struct xen_netif_rx_response *rsp)
{
	struct xen_netif_extra_info seg;
	int more;

	/* The segment occupies the response slot: same bytes, other layout. */
	memcpy(&seg, rsp, sizeof(seg));
	more = xnif_extras_add(&c->extras, &seg);
	if (more < 0) {
		xnif_rx_chain_fail(c, XNIF_RSP_RX_BAD_EXTRA);
		/* Keep following the peer's own framing to find the end. */
		more = seg.flags & XEN_NETIF_EXTRA_FLAG_MORE;
	}
	c->extra_next = more;
	c->last_data = false;
}

static void xnif_rx_chain_data(struct xnif_rx_chain *c,
			       const struct xen_netif_rx_response *rsp,
			       u16 want_id)
{
	int size = rsp->status;

	c->data_slots++;
	c->last_data = true;
	if (c->data_slots == 1) {
		c->flags = rsp->flags;
		c->extra_next = rsp->flags & XEN_NETRXF_extra_info;
	} else if (rsp->flags & XEN_NETRXF_extra_info) {
		xnif_rx_chain_fail(c, XNIF_RSP_RX_BAD_EXTRA);
	}
	c->data_next = rsp->flags & XEN_NETRXF_more_data;

	if (c->data_slots > XNIF_RX_MAX_DATA_SLOTS)
		xnif_rx_chain_fail(c, XNIF_RSP_RX_TOO_MANY_SLOTS);
	else if (rsp->id != want_id)
		xnif_rx_chain_fail(c, XNIF_RSP_RX_BAD_ID);
	else if (size < 0)
		xnif_rx_chain_fail(c, XNIF_RSP_RX_BACKEND_ERROR);
	else if (size == 0)
		xnif_rx_chain_fail(c, XNIF_RSP_RX_EMPTY_SLOT);
	else if (rsp->offset + size > XNIF_PAGE_SIZE)
		xnif_rx_chain_fail(c, XNIF_RSP_RX_BAD_SIZE);

	if (size > 0) {
		c->len += size;
		if (c->data_slots == 1)
			c->first_len = size;
	}
}

bool xnif_rx_chain_feed(struct xnif_rx_chain *c,
			const struct xen_netif_rx_response *rsp, u16 want_id)
{
	c->slots++;
	if (c->extra_next)
		xnif_rx_chain_extra(c, rsp);
	else
		xnif_rx_chain_data(c, rsp, want_id);
	return c->extra_next || c->data_next;
}

static enum xnif_rsp_err xnif_rx_chain_verdict(const struct xnif_rx_chain *c,
					       const struct xnif_rx_limits *lim)
{
	const struct xen_netif_extra_info *gso;
	unsigned int frags = c->data_slots;

	if (c->err != XNIF_RSP_OK)
		return c->err;
	if (c->len < ETH_HLEN)
		return XNIF_RSP_RX_SHORT;
	if (c->first_len <= lim->copy_len)
		frags--;
	if (frags > lim->max_frags)
		return XNIF_RSP_RX_TOO_MANY_SLOTS;
	gso = xnif_extras_get(&c->extras, XEN_NETIF_EXTRA_TYPE_GSO);
	if (gso && xnif_gso_check(gso))
		return XNIF_RSP_RX_BAD_GSO;
	return XNIF_RSP_OK;
}

enum xnif_rsp_err xnif_rx_chain_finish(struct xnif_rx_chain *c,
				       const struct xnif_rx_limits *lim)
{
	c->err = xnif_rx_chain_verdict(c, lim);
	return c->err;
}

enum xnif_rsp_err xnif_tx_rsp_check(const struct xen_netif_tx_response *rsp,
				    unsigned int ring_size,
				    unsigned int nulls_due, bool *skip)
{
	*skip = false;
	/*
	 * A placeholder answers an extra-info slot and nothing else: taking
	 * one in place of a data response would leave that request's id
	 * outstanding for ever, and the pool empties under a ring that
	 * looks free.
	 */
	if (nulls_due || rsp->status == XEN_NETIF_RSP_NULL) {
		if (!nulls_due || rsp->status != XEN_NETIF_RSP_NULL)
			return XNIF_RSP_TX_BAD_NULL;
		*skip = true;
		return XNIF_RSP_OK;
	}
	switch (rsp->status) {
	case XEN_NETIF_RSP_OKAY:
	case XEN_NETIF_RSP_ERROR:
	case XEN_NETIF_RSP_DROPPED:
		break;
	default:
		return XNIF_RSP_TX_BAD_STATUS;
	}
	return rsp->id < ring_size ? XNIF_RSP_OK : XNIF_RSP_TX_BAD_ID;
}

bool xnif_rsp_prod_valid(u32 rsp_prod, u32 rsp_cons, u32 req_prod)
{
	return xnif_ring_prod_valid(rsp_prod, rsp_cons,
				    xnif_ring_distance(req_prod, rsp_cons));
}
