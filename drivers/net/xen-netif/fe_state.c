// SPDX-License-Identifier: GPL-2.0
/*
 * Frontend xenbus transitions. Every pair of states has an answer, so a
 * backend in an unexpected state makes us wait instead of crash.
 */
#include "fe_state.h"

static bool xnif_be_gone(enum xenbus_state be)
{
	return be == XenbusStateClosed || be == XenbusStateUnknown;
}

static enum xnif_fe_action xnif_fe_initialising(enum xenbus_state be)
{
	switch (be) {
	case XenbusStateInitWait:
		return XNIF_FE_CONNECT;
	case XenbusStateConnected:
		/* Still serving an earlier instance of us (resume). */
		return XNIF_FE_RESTART;
	case XenbusStateClosing:
		return XNIF_FE_CLOSE;
	default:
		/* Closed: the backend moves to InitWait once it sees us. */
		return XNIF_FE_NONE;
	}
}

/*
 * A backend still in InitWait has not read our keys yet: it connects once
 * it sees us Connected. A backend that restarts passes through Closed.
 */
static enum xnif_fe_action xnif_fe_connected(enum xenbus_state be)
{
	switch (be) {
	case XenbusStateConnected:
		return XNIF_FE_LINK_UP;
	case XenbusStateClosing:
	case XenbusStateClosed:
	case XenbusStateUnknown:
		return XNIF_FE_CLOSE;
	default:
		return XNIF_FE_NONE;
	}
}

/*
 * Closing for a reconnect waits for the backend to let go of our rings.
 * A backend back in InitWait holds none (it was rebound, or came back
 * without closing): it waits for our keys, so we build them anew instead
 * of waiting for a Closed that never comes. Closing for good (a connect
 * that failed) still waits for the backend to close.
 */
static enum xnif_fe_action xnif_fe_closing(enum xenbus_state be,
					   bool reconnect)
{
	if (be == XenbusStateClosing)
		return XNIF_FE_CLOSE;
	if (be == XenbusStateInitWait && reconnect)
		return XNIF_FE_REINIT;
	if (xnif_be_gone(be))
		return reconnect ? XNIF_FE_REINIT : XNIF_FE_CLOSE;
	return XNIF_FE_NONE;
}

static enum xnif_fe_action xnif_fe_closed(enum xenbus_state be,
					  bool reconnect)
{
	if (be == XenbusStateInitWait)
		return XNIF_FE_REINIT;
	if (xnif_be_gone(be) && reconnect)
		return XNIF_FE_REINIT;
	return XNIF_FE_NONE;
}

enum xnif_fe_action xnif_fe_next(enum xenbus_state fe, enum xenbus_state be,
				 bool reconnect)
{
	switch (fe) {
	case XenbusStateInitialising:
		return xnif_fe_initialising(be);
	case XenbusStateConnected:
		return xnif_fe_connected(be);
	case XenbusStateClosing:
		return xnif_fe_closing(be, reconnect);
	case XenbusStateClosed:
		return xnif_fe_closed(be, reconnect);
	default:
		return XNIF_FE_NONE;
	}
}
