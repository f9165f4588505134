// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the backend's control-ring responses (ctrl_rsp.h).
 */
#include <linux/kernel.h>

#include "ctrl_rsp.h"
#include "fe_staged.h"
#include "ring_index.h"

static const char *const xnif_ctrl_rsp_names[] = {
	[XNIF_CTRL_RSP_OK] = "ctrl_ok",
	[XNIF_CTRL_RSP_BAD_PROD] = "ctrl_bad_prod",
	[XNIF_CTRL_RSP_BAD_ID] = "ctrl_bad_id",
	[XNIF_CTRL_RSP_BAD_TYPE] = "ctrl_bad_type",
	[XNIF_CTRL_RSP_BAD_STATUS] = "ctrl_bad_status",
	[XNIF_CTRL_RSP_BAD_DATA] = "ctrl_bad_data",
	[XNIF_CTRL_RSP_TIMEOUT] = "ctrl_timeout",
};

static_assert(ARRAY_SIZE(xnif_ctrl_rsp_names) == XNIF_CTRL_RSP_ERR_MAX);

const char *xnif_ctrl_rsp_err_name(enum xnif_ctrl_rsp_err err)
{
	return (unsigned int)err < XNIF_CTRL_RSP_ERR_MAX ?
		xnif_ctrl_rsp_names[err] : "ctrl_unknown";
}

enum xnif_ctrl_rsp_err xnif_ctrl_rsp_ready(u32 rsp_prod, u32 rsp_cons,
					   u32 req_prod, bool *ready)
{
	/* Free-running: "behind us" shows as a distance past our requests. */
	u32 owed = xnif_ring_distance(req_prod, rsp_cons);

	*ready = false;
	if (!xnif_ring_prod_valid(rsp_prod, rsp_cons, owed))
		return XNIF_CTRL_RSP_BAD_PROD;
	*ready = rsp_prod != rsp_cons;
	return XNIF_CTRL_RSP_OK;
}

u32 xnif_ctrl_rsp_data_max(u16 type)
{
	switch (type) {
	case XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE:
		return XNIF_CTRL_GREF_SIZE_MAX;
	case XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING:
		/* Per-entry results travel in the table, not here. */
		return 0;
	case XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING:
		/* netif.h: how many it unmapped, of one table page's. */
		return XNIF_STAGED_TABLE_MAX;
	default:
		/* Not a request of ours: no bound to hold it to. */
		return ~(u32)0;
	}
}

static bool xnif_ctrl_status_known(u32 status)
{
	switch (status) {
	case XEN_NETIF_CTRL_STATUS_SUCCESS:
	case XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED:
	case XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER:
	case XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW:
		return true;
	default:
		return false;
	}
}

enum xnif_ctrl_rsp_err
xnif_ctrl_rsp_check(const struct xen_netif_ctrl_response *rsp, u16 id,
		    u16 type)
{
	if (rsp->id != id)
		return XNIF_CTRL_RSP_BAD_ID;
	if (rsp->type != type)
		return XNIF_CTRL_RSP_BAD_TYPE;
	if (!xnif_ctrl_status_known(rsp->status))
		return XNIF_CTRL_RSP_BAD_STATUS;
	if (rsp->status == XEN_NETIF_CTRL_STATUS_SUCCESS &&
	    rsp->data > xnif_ctrl_rsp_data_max(type))
		return XNIF_CTRL_RSP_BAD_DATA;
	return XNIF_CTRL_RSP_OK;
}

unsigned int xnif_ctrl_gref_accepted(const u16 *status, unsigned int n,
				     unsigned int *unknown)
{
	unsigned int i, ok = 0;

	*unknown = 0;
	for (i = 0; i < n; i++) {
		if (status[i] == XEN_NETIF_CTRL_STATUS_SUCCESS)
			ok++;
		else if (!xnif_ctrl_status_known(status[i]))
			(*unknown)++;
	}
	return ok;
}
