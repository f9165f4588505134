// SPDX-License-Identifier: GPL-2.0
/*
 * The backend xenbus state machine: every (current, target) pair, walked
 * to the end, must reach the target along the documented graph, connect
 * exactly when it enters Connected and disconnect exactly when it leaves.
 */
#include <kunit/test.h>

#include "be_state.h"

static const enum xenbus_state all_states[] = {
	XenbusStateUnknown, XenbusStateInitialising, XenbusStateInitWait,
	XenbusStateInitialised, XenbusStateConnected, XenbusStateClosing,
	XenbusStateClosed, XenbusStateReconfiguring, XenbusStateReconfigured,
};

/* States the backend itself takes; everything else is never a target. */
static bool be_takes(enum xenbus_state s)
{
	return s == XenbusStateInitWait || s == XenbusStateConnected ||
	       s == XenbusStateClosing || s == XenbusStateClosed;
}

static bool edge_allowed(enum xenbus_state from, enum xenbus_state to)
{
	switch (from) {
	case XenbusStateInitialising:
		return to == XenbusStateInitWait || to == XenbusStateClosed;
	case XenbusStateInitWait:
		return to == XenbusStateConnected || to == XenbusStateClosing;
	case XenbusStateConnected:
		return to == XenbusStateClosing;
	case XenbusStateClosing:
		return to == XenbusStateClosed;
	case XenbusStateClosed:
		return to == XenbusStateInitWait || to == XenbusStateClosing;
	default:
		return false;
	}
}

/* Walk from cur toward target, checking every hop; returns the end. */
static enum xenbus_state be_walk(struct kunit *test, enum xenbus_state cur,
				 enum xenbus_state target, unsigned int *hops)
{
	struct xnif_be_step step;

	*hops = 0;
	while (xnif_be_next(cur, target, &step)) {
		bool connect = step.next == XenbusStateConnected;
		bool disconnect = cur == XenbusStateConnected;

		KUNIT_EXPECT_TRUE_MSG(test, edge_allowed(cur, step.next),
				      "%d -> %d", cur, step.next);
		KUNIT_EXPECT_EQ(test, step.action == XNIF_BE_CONNECT, connect);
		KUNIT_EXPECT_EQ(test, step.action == XNIF_BE_DISCONNECT,
				disconnect);
		cur = step.next;
		if (++*hops > 4)
			break;
	}
	return cur;
}

static void be_state_all_pairs(struct kunit *test)
{
	unsigned int i, j, hops;

	for (i = 0; i < ARRAY_SIZE(all_states); i++) {
		enum xenbus_state from = all_states[i];
		bool known = be_takes(from) || from == XenbusStateInitialising;

		for (j = 0; j < ARRAY_SIZE(all_states); j++) {
			enum xenbus_state target = all_states[j];
			enum xenbus_state end = be_walk(test, from, target,
							&hops);

			KUNIT_EXPECT_LE(test, hops, 4);
			if (!be_takes(target))
				KUNIT_EXPECT_EQ(test, hops, 0);
			else if (known)
				KUNIT_EXPECT_EQ_MSG(test, end, target,
						    "from %d toward %d", from,
						    target);
		}
	}
}

struct target_case {
	const char *desc;
	enum xenbus_state fe;
	bool online;
	enum xnif_be_event event;
	enum xenbus_state target;
};

static const struct target_case target_cases[] = {
	{ "initialising", XenbusStateInitialising, true, XNIF_BE_GOTO,
	  XenbusStateInitWait },
	{ "initialised", XenbusStateInitialised, true, XNIF_BE_IGNORE },
	{ "connected", XenbusStateConnected, true, XNIF_BE_GOTO,
	  XenbusStateConnected },
	{ "closing", XenbusStateClosing, true, XNIF_BE_GOTO,
	  XenbusStateClosing },
	{ "closed while online", XenbusStateClosed, true, XNIF_BE_GOTO,
	  XenbusStateClosed },
	{ "closed offline", XenbusStateClosed, false, XNIF_BE_GOTO_REMOVE,
	  XenbusStateClosed },
	{ "unknown (frontend gone)", XenbusStateUnknown, true,
	  XNIF_BE_GOTO_REMOVE, XenbusStateClosed },
	{ "reconfiguring", XenbusStateReconfiguring, true,
	  XNIF_BE_RECONFIGURE },
	{ "reconfigured", XenbusStateReconfigured, true, XNIF_BE_IGNORE },
	{ "initwait is a backend state", XenbusStateInitWait, true,
	  XNIF_BE_INVALID },
	{ "out of range", 42, true, XNIF_BE_INVALID },
};

KUNIT_ARRAY_PARAM_DESC(target, target_cases, desc);

static void be_state_target(struct kunit *test)
{
	const struct target_case *c = test->param_value;
	enum xenbus_state target = XenbusStateUnknown;

	KUNIT_EXPECT_EQ(test, xnif_be_target(c->fe, c->online, &target),
			c->event);
	if (c->event == XNIF_BE_GOTO || c->event == XNIF_BE_GOTO_REMOVE)
		KUNIT_EXPECT_EQ(test, target, c->target);
}

struct restart_case {
	const char *desc;
	enum xenbus_state cur;
	enum xenbus_state target;
	bool then_open;
};

static const struct restart_case restart_cases[] = {
	{ "connected closes first", XenbusStateConnected, XenbusStateClosing,
	  true },
	{ "closing waits for the frontend", XenbusStateClosing,
	  XenbusStateUnknown, true },
	{ "closed opens at once", XenbusStateClosed, XenbusStateInitWait,
	  false },
	{ "initwait already waits", XenbusStateInitWait, XenbusStateUnknown,
	  false },
	{ "initialising is still probing", XenbusStateInitialising,
	  XenbusStateUnknown, false },
	{ "out of range", 42, XenbusStateUnknown, false },
};

KUNIT_ARRAY_PARAM_DESC(restart, restart_cases, desc);

static void be_state_restart(struct kunit *test)
{
	const struct restart_case *c = test->param_value;
	enum xenbus_state target = XenbusStateConnected;

	KUNIT_EXPECT_EQ(test, xnif_be_restart(c->cur, &target), c->then_open);
	KUNIT_EXPECT_EQ(test, target, c->target);
}

/* Drive toward target as xenbus.c does; count the disconnects on the way. */
static enum xenbus_state walk(enum xenbus_state cur, enum xenbus_state target,
			      unsigned int *disconnects)
{
	struct xnif_be_step step;
	unsigned int hops = 0;

	while (hops++ < 8 && xnif_be_next(cur, target, &step)) {
		if (step.action == XNIF_BE_DISCONNECT)
			(*disconnects)++;
		cur = step.next;
	}
	return cur;
}

/*
 * The whole recovery of a connected vif: the admin's request closes it,
 * the frontend's Closed brings it to Closed, and it opens again in
 * InitWait, having released the rings exactly once.
 */
static void be_state_restart_walk(struct kunit *test)
{
	enum xenbus_state cur = XenbusStateConnected, target;
	unsigned int disconnects = 0;

	KUNIT_ASSERT_TRUE(test, xnif_be_restart(cur, &target));
	cur = walk(cur, target, &disconnects);
	KUNIT_EXPECT_EQ(test, cur, XenbusStateClosing);
	KUNIT_ASSERT_EQ(test, xnif_be_target(XenbusStateClosed, true, &target),
			XNIF_BE_GOTO);
	cur = walk(cur, target, &disconnects);
	KUNIT_EXPECT_EQ(test, cur, XenbusStateClosed);
	KUNIT_EXPECT_FALSE(test, xnif_be_restart(cur, &target));
	cur = walk(cur, target, &disconnects);
	KUNIT_EXPECT_EQ(test, cur, XenbusStateInitWait);
	KUNIT_EXPECT_EQ(test, disconnects, 1U);
}

static struct kunit_case be_state_cases[] = {
	KUNIT_CASE(be_state_all_pairs),
	KUNIT_CASE_PARAM(be_state_target, target_gen_params),
	KUNIT_CASE_PARAM(be_state_restart, restart_gen_params),
	KUNIT_CASE(be_state_restart_walk),
	{}
};

static struct kunit_suite be_state_suite = {
	.name = "xen_netif_be_state",
	.test_cases = be_state_cases,
};

kunit_test_suite(be_state_suite);
