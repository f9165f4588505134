/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The backend's xenbus state machine as pure functions.
 *
 *   Initialising --> InitWait --(connect)--> Connected
 *        |              |                        |
 *        |              v                        | (disconnect)
 *        +--------> Closed <------> Closing <----+
 *                      \                ^
 *                       +-> InitWait    |  (Closed -> InitWait on reconnect)
 *
 * The backend is driven toward a target state, one hop at a time, along
 * the shortest path in this graph; connecting happens on the hop from
 * InitWait to Connected and disconnecting on the hop out of Connected.
 * The target comes from the frontend's state (xnif_be_target()).
 */
#ifndef _XEN_NETIF_BE_STATE_H
#define _XEN_NETIF_BE_STATE_H

#include <linux/types.h>

#include <xen/interface/io/xenbus.h>

enum xnif_be_action {
	XNIF_BE_NONE,
	XNIF_BE_CONNECT,	/* map the rings, then switch */
	XNIF_BE_DISCONNECT,	/* release the rings, then switch */
};

struct xnif_be_step {
	enum xenbus_state next;
	enum xnif_be_action action;
};

/*
 * The next hop from cur toward target. Returns false when cur is the
 * target or when there is no path (a target the backend never takes, such
 * as Initialising, or a state it is never in).
 */
bool xnif_be_next(enum xenbus_state cur, enum xenbus_state target,
		  struct xnif_be_step *step);

/* What the backend does when the frontend enters a state. */
enum xnif_be_event {
	XNIF_BE_IGNORE,		/* nothing to do */
	XNIF_BE_GOTO,		/* drive toward target */
	XNIF_BE_GOTO_REMOVE,	/* drive toward target, then remove the device */
	XNIF_BE_RECONFIGURE,	/* re-read reconfigurable keys, answer Reconfigured */
	XNIF_BE_INVALID,	/* a state a frontend may not enter */
};

/*
 * Map a frontend state to the backend's reaction. online is the
 * toolstack's "online" key: a frontend that closes a device the toolstack
 * still wants keeps it, so that the guest can connect again.
 */
enum xnif_be_event xnif_be_target(enum xenbus_state fe, bool online,
				  enum xenbus_state *target);

/*
 * The admin asked for a fresh connection (a vif disabled for bad input, a
 * frontend that gave up). From cur, *target is where to drive the backend
 * now, or XenbusStateUnknown to stay. Returns true when the backend must
 * go on to InitWait once it has reached Closed, which it does when the
 * frontend closes: a connected backend first closes, so that the frontend
 * lets go of its rings; a closed one opens again at once; one already in
 * InitWait waits for a frontend anyway.
 */
bool xnif_be_restart(enum xenbus_state cur, enum xenbus_state *target);

#endif /* _XEN_NETIF_BE_STATE_H */
