/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks a frontend applies to the backend's control-ring responses. The
 * frontend keeps one request outstanding at a time, so exactly one
 * response may appear, with the request's id and type, a status the
 * protocol defines and a data word within what the type can return.
 * Everything is judged on local copies: the backend may rewrite the ring
 * under us.
 */
#ifndef _XEN_NETIF_CTRL_RSP_H
#define _XEN_NETIF_CTRL_RSP_H

#include <linux/bits.h>
#include <linux/types.h>

#include <xen/interface/io/netif.h>

/*
 * The largest GET_GREF_MAPPING_SIZE answer believed. A backend keeps a
 * mapping per guest in its own memory; more than this many pages is
 * not a limit but a lie, and the frontend does not stage at all.
 */
#define XNIF_CTRL_GREF_SIZE_MAX		BIT(16)

/* Why a control response was rejected; also the order of the counters. */
enum xnif_ctrl_rsp_err {
	XNIF_CTRL_RSP_OK,
	XNIF_CTRL_RSP_BAD_PROD,		/* producer behind us or past our request */
	XNIF_CTRL_RSP_BAD_ID,		/* id is not the outstanding request's */
	XNIF_CTRL_RSP_BAD_TYPE,		/* type is not the outstanding request's */
	XNIF_CTRL_RSP_BAD_STATUS,	/* status the protocol does not define */
	XNIF_CTRL_RSP_BAD_DATA,		/* data word beyond what the type returns */
	XNIF_CTRL_RSP_TIMEOUT,		/* no response in time */
	XNIF_CTRL_RSP_ERR_MAX
};

/* Short name of a reason, for counters and log lines ("ctrl_bad_id"). */
const char *xnif_ctrl_rsp_err_name(enum xnif_ctrl_rsp_err err);

/*
 * Whether a response is there to read, from the producer the backend
 * wrote (read once), our consumer and our request producer: *ready is
 * set when one is. A producer behind our consumer or beyond our last
 * request is XNIF_CTRL_RSP_BAD_PROD.
 */
enum xnif_ctrl_rsp_err xnif_ctrl_rsp_ready(u32 rsp_prod, u32 rsp_cons,
					   u32 req_prod, bool *ready);

/* The most a SUCCESS response's data word may hold for a request type. */
u32 xnif_ctrl_rsp_data_max(u16 type);

/*
 * Check a copied response against the request it must answer. The data
 * word is only judged for SUCCESS: a failed request returns nothing.
 */
enum xnif_ctrl_rsp_err
xnif_ctrl_rsp_check(const struct xen_netif_ctrl_response *rsp, u16 id,
		    u16 type);

/*
 * Entries of an ADD/DEL_GREF_MAPPING table the backend accepted, from
 * copies of the status words it wrote back. *unknown counts statuses
 * the protocol does not define (a lie, not a refusal); they are not
 * accepted either.
 */
unsigned int xnif_ctrl_gref_accepted(const u16 *status, unsigned int n,
				     unsigned int *unknown);

#endif /* _XEN_NETIF_CTRL_RSP_H */
