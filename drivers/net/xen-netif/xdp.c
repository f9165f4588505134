// SPDX-License-Identifier: GPL-2.0
/*
 * Native XDP decisions of the frontend (xdp.h).
 */
#include <linux/bpf.h>
#include <linux/kernel.h>

#include "xdp.h"

unsigned int xnif_xdp_max_mtu(unsigned int page_size)
{
	if (page_size <= XNIF_XDP_HEADROOM + XNIF_XDP_LINK_HLEN)
		return 0;
	return page_size - XNIF_XDP_HEADROOM - XNIF_XDP_LINK_HLEN;
}

bool xnif_xdp_mtu_ok(unsigned int mtu, unsigned int page_size)
{
	return mtu <= xnif_xdp_max_mtu(page_size);
}

enum xnif_xdp_refusal xnif_xdp_attach_check(const struct xnif_xdp_attach *a)
{
	if (a->broken)
		return XNIF_XDP_BROKEN;
	if (!xnif_xdp_mtu_ok(a->mtu, a->page_size))
		return XNIF_XDP_MTU_TOO_BIG;
	/* Before the first connect the backend's offer is checked then. */
	if (a->be_known && !a->be_headroom)
		return XNIF_XDP_NO_HEADROOM;
	return XNIF_XDP_OK;
}

const char *xnif_xdp_refusal_msg(enum xnif_xdp_refusal r)
{
	switch (r) {
	case XNIF_XDP_OK:
		return "ok";
	case XNIF_XDP_MTU_TOO_BIG:
		return "MTU too large for XDP: no multi-buffer XDP";
	case XNIF_XDP_NO_HEADROOM:
		return "backend does not offer feature-xdp-headroom";
	case XNIF_XDP_BROKEN:
		return "device disabled after a backend error: reconnect first";
	}
	return "refused";
}

unsigned int xnif_xdp_headroom(bool prog, bool be_offers)
{
	return prog && be_offers ? XNIF_XDP_HEADROOM : 0;
}

enum xnif_xdp_rx xnif_xdp_rx_check(unsigned int data_slots,
				   unsigned int offset, unsigned int want)
{
	if (data_slots != 1)
		return XNIF_XDP_RX_MULTI;
	return offset < want ? XNIF_XDP_RX_RUN_SHORT : XNIF_XDP_RX_RUN;
}

bool xnif_xdp_rx_span(unsigned int offset, unsigned int status,
		      unsigned int headroom, unsigned int *off,
		      unsigned int *len)
{
	*off = offset;
	*len = status;
	if (!headroom || offset)
		return true;
	/* Linux's form: the frame ends at status, it starts at headroom. */
	if (status <= headroom)
		return false;
	*off = headroom;
	*len = status - headroom;
	return true;
}

static const char *const xnif_xdp_stat_names[XNIF_XDP_STAT_MAX] = {
	[XNIF_XDP_STAT_PASS] = "xdp_pass",
	[XNIF_XDP_STAT_DROP] = "xdp_drop",
	[XNIF_XDP_STAT_TX] = "xdp_tx",
	[XNIF_XDP_STAT_REDIRECT] = "xdp_redirect",
	[XNIF_XDP_STAT_ABORTED] = "xdp_aborted",
	[XNIF_XDP_STAT_TX_ERR] = "xdp_tx_errors",
	[XNIF_XDP_STAT_REDIRECT_ERR] = "xdp_redirect_errors",
	[XNIF_XDP_STAT_PASS_ERR] = "xdp_pass_errors",
	[XNIF_XDP_STAT_SHORT_HEADROOM] = "xdp_short_headroom",
	[XNIF_XDP_STAT_MULTI] = "xdp_multi_slot",
};

const char *xnif_xdp_stat_name(enum xnif_xdp_stat s)
{
	if (s >= XNIF_XDP_STAT_MAX)
		return "xdp_unknown";
	return xnif_xdp_stat_names[s];
}

enum xnif_xdp_stat xnif_xdp_account(u32 act, bool ok)
{
	switch (act) {
	case XDP_PASS:
		return ok ? XNIF_XDP_STAT_PASS : XNIF_XDP_STAT_PASS_ERR;
	case XDP_DROP:
		return XNIF_XDP_STAT_DROP;
	case XDP_TX:
		return ok ? XNIF_XDP_STAT_TX : XNIF_XDP_STAT_TX_ERR;
	case XDP_REDIRECT:
		return ok ? XNIF_XDP_STAT_REDIRECT :
			    XNIF_XDP_STAT_REDIRECT_ERR;
	default:
		return XNIF_XDP_STAT_ABORTED;
	}
}
