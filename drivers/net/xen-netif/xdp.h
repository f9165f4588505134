/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Native XDP in the frontend: the decisions, apart from the Xen calls.
 * Whether a program may be attached (MTU, what the backend offers), how
 * much headroom to ask the backend for, whether a received packet can
 * be handed to the program, and which per-queue counter a verdict and
 * its outcome go to. Pure: no Xen calls, run by KUnit.
 *
 * XDP here is single-buffer: the program sees one page, the backend
 * having left XNIF_XDP_HEADROOM bytes in front of the frame (the
 * "xdp-headroom" key, offered by "feature-xdp-headroom"). A frame must
 * then fit what is left of the page; larger MTUs are refused at attach
 * time, and while a program is attached the frontend does not ask for
 * GSO packets, so that no packet spans several slots.
 */
#ifndef _XEN_NETIF_XDP_H
#define _XEN_NETIF_XDP_H

#include <linux/types.h>

/* What we ask the backend to leave: XDP_PACKET_HEADROOM (glue asserts). */
#define XNIF_XDP_HEADROOM	256U

/* A frame's link header: Ethernet plus one VLAN tag. */
#define XNIF_XDP_LINK_HLEN	18U

/* Why attaching a program is refused; XNIF_XDP_OK when it is not. */
enum xnif_xdp_refusal {
	XNIF_XDP_OK,
	XNIF_XDP_MTU_TOO_BIG,	/* a frame would not fit one page */
	XNIF_XDP_NO_HEADROOM,	/* backend does not offer feature-xdp-headroom */
	XNIF_XDP_BROKEN,	/* the device is disabled until it reconnects */
};

struct xnif_xdp_attach {
	unsigned int mtu;	/* the device's MTU now */
	unsigned int page_size;	/* bytes the backend may fill per slot */
	bool be_known;		/* the backend's keys were read */
	bool be_headroom;	/* it offers feature-xdp-headroom */
	bool broken;
};

/* Largest MTU whose frames fit one page after XNIF_XDP_HEADROOM. */
unsigned int xnif_xdp_max_mtu(unsigned int page_size);

/* Whether a program may be attached; the reason if not. */
enum xnif_xdp_refusal xnif_xdp_attach_check(const struct xnif_xdp_attach *a);

/* The message a refusal gives the user (extack: under 80 characters). */
const char *xnif_xdp_refusal_msg(enum xnif_xdp_refusal r);

/*
 * Headroom to write in "xdp-headroom" on a connect: XNIF_XDP_HEADROOM
 * while a program is attached and the backend offers it, else 0.
 */
unsigned int xnif_xdp_headroom(bool prog, bool be_offers);

/* Whether the MTU may change to mtu while a program is attached. */
bool xnif_xdp_mtu_ok(unsigned int mtu, unsigned int page_size);

/* What to do with a received packet while a program is attached. */
enum xnif_xdp_rx {
	XNIF_XDP_RX_RUN,	/* one slot, the headroom asked for: run it */
	XNIF_XDP_RX_RUN_SHORT,	/* one slot but less headroom than asked:
				 * run it, count it; XDP_TX and XDP_REDIRECT
				 * may then fail
				 */
	XNIF_XDP_RX_MULTI,	/* several data slots: dropped, counted */
};

enum xnif_xdp_rx xnif_xdp_rx_check(unsigned int data_slots,
				   unsigned int offset, unsigned int want);

/*
 * Where the first data slot's bytes are when the backend sent an
 * XDP extra-info segment asking for headroom bytes in front of them.
 * Backends write that slot in one of two ways: ours with the data's
 * offset in "offset" and its length in "status"; Linux's netback with
 * offset 0 and "status" counted from the start of the page, headroom
 * included. Sets *off and *len; false if the slot is too short to hold
 * the headroom and a frame, which drops the packet.
 */
bool xnif_xdp_rx_span(unsigned int offset, unsigned int status,
		      unsigned int headroom, unsigned int *off,
		      unsigned int *len);

/* The per-queue XDP counters, in ethtool -S order. */
enum xnif_xdp_stat {
	XNIF_XDP_STAT_PASS,
	XNIF_XDP_STAT_DROP,
	XNIF_XDP_STAT_TX,
	XNIF_XDP_STAT_REDIRECT,
	XNIF_XDP_STAT_ABORTED,		/* XDP_ABORTED or an unknown verdict */
	XNIF_XDP_STAT_TX_ERR,		/* XDP_TX that could not be sent */
	XNIF_XDP_STAT_REDIRECT_ERR,	/* XDP_REDIRECT the core refused */
	XNIF_XDP_STAT_PASS_ERR,		/* XDP_PASS with no memory for an skb */
	XNIF_XDP_STAT_SHORT_HEADROOM,	/* less headroom than asked for */
	XNIF_XDP_STAT_MULTI,		/* multi-slot packet, dropped */
	XNIF_XDP_STAT_MAX
};

/* Counter name without queue prefix: "xdp_drop". */
const char *xnif_xdp_stat_name(enum xnif_xdp_stat s);

/*
 * The counter a verdict goes to: act is the program's return value, ok
 * whether acting on it worked (XDP_TX sent, XDP_REDIRECT accepted, an
 * skb built for XDP_PASS; ignored for the others).
 */
enum xnif_xdp_stat xnif_xdp_account(u32 act, bool ok);

#endif /* _XEN_NETIF_XDP_H */
