// SPDX-License-Identifier: GPL-2.0
/*
 * The backend xenbus state machine, see be_state.h. Total over every pair
 * of states: an unexpected pair is "no path", never a crash.
 */
#include "be_state.h"

static bool xnif_be_is_open(enum xenbus_state s)
{
	return s == XenbusStateInitWait || s == XenbusStateConnected;
}

static bool xnif_be_is_shut(enum xenbus_state s)
{
	return s == XenbusStateClosing || s == XenbusStateClosed;
}

static enum xenbus_state xnif_be_hop(enum xenbus_state cur,
				     enum xenbus_state target)
{
	switch (cur) {
	case XenbusStateInitialising:
		if (target == XenbusStateClosed)
			return XenbusStateClosed;
		return XenbusStateInitWait;
	case XenbusStateInitWait:
		if (target == XenbusStateConnected)
			return XenbusStateConnected;
		return XenbusStateClosing;
	case XenbusStateConnected:
		return XenbusStateClosing;
	case XenbusStateClosing:
		return XenbusStateClosed;
	case XenbusStateClosed:
		if (target == XenbusStateClosing)
			return XenbusStateClosing;
		return XenbusStateInitWait;
	default:
		return XenbusStateUnknown;
	}
}

bool xnif_be_next(enum xenbus_state cur, enum xenbus_state target,
		  struct xnif_be_step *step)
{
	enum xenbus_state next;

	if (cur == target ||
	    !(xnif_be_is_open(target) || xnif_be_is_shut(target)))
		return false;
	next = xnif_be_hop(cur, target);
	if (next == XenbusStateUnknown)
		return false;

	step->next = next;
	if (cur == XenbusStateInitWait && next == XenbusStateConnected)
		step->action = XNIF_BE_CONNECT;
	else if (cur == XenbusStateConnected)
		step->action = XNIF_BE_DISCONNECT;
	else
		step->action = XNIF_BE_NONE;
	return true;
}

enum xnif_be_event xnif_be_target(enum xenbus_state fe, bool online,
				  enum xenbus_state *target)
{
	switch (fe) {
	case XenbusStateInitialising:
		*target = XenbusStateInitWait;
		return XNIF_BE_GOTO;
	case XenbusStateInitialised:
	case XenbusStateReconfigured:
		return XNIF_BE_IGNORE;
	case XenbusStateConnected:
		*target = XenbusStateConnected;
		return XNIF_BE_GOTO;
	case XenbusStateClosing:
		*target = XenbusStateClosing;
		return XNIF_BE_GOTO;
	case XenbusStateClosed:
		*target = XenbusStateClosed;
		return online ? XNIF_BE_GOTO : XNIF_BE_GOTO_REMOVE;
	case XenbusStateUnknown:
		*target = XenbusStateClosed;
		return XNIF_BE_GOTO_REMOVE;
	case XenbusStateReconfiguring:
		return XNIF_BE_RECONFIGURE;
	default:
		return XNIF_BE_INVALID;
	}
}

bool xnif_be_restart(enum xenbus_state cur, enum xenbus_state *target)
{
	switch (cur) {
	case XenbusStateConnected:
		*target = XenbusStateClosing;
		return true;
	case XenbusStateClosing:
		*target = XenbusStateUnknown;
		return true;
	case XenbusStateClosed:
		*target = XenbusStateInitWait;
		return false;
	default:
		*target = XenbusStateUnknown;
		return false;
	}
}
