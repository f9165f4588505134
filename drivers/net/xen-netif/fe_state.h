/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The frontend's half of the xenbus handshake as a pure function: given
 * our state, the backend's and whether we asked for a reconnect, what to
 * do next. The driver applies the action, which changes our state, and
 * asks again until the answer is XNIF_FE_NONE.
 *
 *   Initialising --(BE InitWait)--> Connected --(BE Closing)--> Closed
 *        ^                              |                          |
 *        |                       reconnect: Closing                |
 *        |                              |                          |
 *        +----(BE Closed, reconnect)----+----(BE InitWait again)---+
 *
 * A reconnect (new queue count, a backend that must forget our rings)
 * walks Closing, Closed, Initialising: the path every backend already
 * follows while the toolstack keeps the device online. A backend that
 * shows InitWait while we are Closing for a reconnect holds no rings of
 * ours: the walk goes on to Initialising without its Closed.
 */
#ifndef _XEN_NETIF_FE_STATE_H
#define _XEN_NETIF_FE_STATE_H

#include <linux/types.h>

#include <xen/interface/io/xenbus.h>

enum xnif_fe_action {
	XNIF_FE_NONE,		/* wait for the backend to move */
	XNIF_FE_CONNECT,	/* set up the data path, write keys, Connected */
	XNIF_FE_LINK_UP,	/* backend serves our rings: carrier on */
	XNIF_FE_RESTART,	/* backend holds stale rings: Closing, reconnect */
	XNIF_FE_CLOSE,		/* free the data path, switch to Closed */
	XNIF_FE_REINIT,		/* free the data path, switch to Initialising */
};

enum xnif_fe_action xnif_fe_next(enum xenbus_state fe, enum xenbus_state be,
				 bool reconnect);

#endif /* _XEN_NETIF_FE_STATE_H */
