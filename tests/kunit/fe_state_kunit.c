// SPDX-License-Identifier: GPL-2.0
/*
 * The frontend's xenbus transitions: every state pair has an answer, and
 * the reconnect walk (Closing, Closed, Initialising) ends connected.
 */
#include <kunit/test.h>

#include "fe_state.h"

struct fe_case {
	const char *desc;
	enum xenbus_state fe, be;
	bool reconnect;
	enum xnif_fe_action action;
};

#define S(x) XenbusState##x

static const struct fe_case fe_cases[] = {
	{ "fresh, backend waits", S(Initialising), S(InitWait), false,
	  XNIF_FE_CONNECT },
	{ "fresh, backend still closed", S(Initialising), S(Closed), false,
	  XNIF_FE_NONE },
	{ "fresh, backend unknown", S(Initialising), S(Unknown), false,
	  XNIF_FE_NONE },
	{ "fresh, backend initialising", S(Initialising), S(Initialising),
	  false, XNIF_FE_NONE },
	{ "resumed, backend still connected", S(Initialising), S(Connected),
	  false, XNIF_FE_RESTART },
	{ "fresh, backend closing", S(Initialising), S(Closing), false,
	  XNIF_FE_CLOSE },
	{ "reinit done, backend closed", S(Initialising), S(Closed), true,
	  XNIF_FE_NONE },
	{ "reinit done, backend waits", S(Initialising), S(InitWait), true,
	  XNIF_FE_CONNECT },
	{ "connected both", S(Connected), S(Connected), false,
	  XNIF_FE_LINK_UP },
	{ "connected, backend yet to read our keys", S(Connected),
	  S(InitWait), false, XNIF_FE_NONE },
	{ "connected, backend closing", S(Connected), S(Closing), false,
	  XNIF_FE_CLOSE },
	{ "connected, backend closed", S(Connected), S(Closed), false,
	  XNIF_FE_CLOSE },
	{ "connected, backend vanished", S(Connected), S(Unknown), false,
	  XNIF_FE_CLOSE },
	{ "connected, backend reconfiguring", S(Connected), S(Reconfiguring),
	  false, XNIF_FE_NONE },
	{ "closing, backend still connected", S(Closing), S(Connected), true,
	  XNIF_FE_NONE },
	{ "closing, backend closing", S(Closing), S(Closing), true,
	  XNIF_FE_CLOSE },
	{ "closing for reconnect, backend closed", S(Closing), S(Closed), true,
	  XNIF_FE_REINIT },
	{ "closing for good, backend closed", S(Closing), S(Closed), false,
	  XNIF_FE_CLOSE },
	{ "closing for reconnect, backend back in InitWait", S(Closing),
	  S(InitWait), true, XNIF_FE_REINIT },
	{ "closing for good, backend in InitWait", S(Closing), S(InitWait),
	  false, XNIF_FE_NONE },
	{ "closed for reconnect, backend closed", S(Closed), S(Closed), true,
	  XNIF_FE_REINIT },
	{ "closed, backend closed", S(Closed), S(Closed), false, XNIF_FE_NONE },
	{ "closed, backend closing", S(Closed), S(Closing), true,
	  XNIF_FE_NONE },
	{ "closed, backend came back", S(Closed), S(InitWait), false,
	  XNIF_FE_REINIT },
	{ "closed, backend connected", S(Closed), S(Connected), false,
	  XNIF_FE_NONE },
	{ "closed for reconnect, backend connected without InitWait",
	  S(Closed), S(Connected), true, XNIF_FE_NONE },
	{ "unknown frontend state", S(Unknown), S(InitWait), false,
	  XNIF_FE_NONE },
	{ "reconfiguring frontend", S(Reconfiguring), S(Connected), false,
	  XNIF_FE_NONE },
	{ "out of range states", 42, 99, true, XNIF_FE_NONE },
};

KUNIT_ARRAY_PARAM_DESC(fe, fe_cases, desc);

static void fe_state_next(struct kunit *test)
{
	const struct fe_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_fe_next(c->fe, c->be, c->reconnect),
			c->action);
}

/* Apply an action the way the driver does: the state it ends in. */
static enum xenbus_state fe_apply(enum xnif_fe_action a, enum xenbus_state fe)
{
	switch (a) {
	case XNIF_FE_CONNECT:
		return XenbusStateConnected;
	case XNIF_FE_RESTART:
		return XenbusStateClosing;
	case XNIF_FE_CLOSE:
		return XenbusStateClosed;
	case XNIF_FE_REINIT:
		return XenbusStateInitialising;
	default:
		return fe;
	}
}

/*
 * A reconnect against a backend that moves like Linux netback: it follows
 * our Closing with Closing, our Closed with Closed (it stays online), our
 * Initialising with InitWait and our Connected with Connected.
 */
static void fe_state_reconnect_walk(struct kunit *test)
{
	enum xenbus_state fe = XenbusStateClosing, be = XenbusStateConnected;
	bool reconnect = true;
	unsigned int steps;

	for (steps = 0; steps < 20; steps++) {
		enum xnif_fe_action a = xnif_fe_next(fe, be, reconnect);

		if (a == XNIF_FE_LINK_UP)
			break;
		fe = fe_apply(a, fe);
		if (a == XNIF_FE_CONNECT)
			reconnect = false;
		/* The backend follows us, one step behind. */
		if (a == XNIF_FE_CONNECT) {
			KUNIT_EXPECT_EQ(test, xnif_fe_next(fe, be, reconnect),
					XNIF_FE_NONE);
			be = XenbusStateConnected;
		} else if (fe == XenbusStateInitialising) {
			be = XenbusStateInitWait;
		} else if (fe == XenbusStateClosing ||
			   fe == XenbusStateClosed) {
			be = fe;
		}
	}
	KUNIT_EXPECT_EQ(test, fe, XenbusStateConnected);
	KUNIT_EXPECT_EQ(test, be, XenbusStateConnected);
	KUNIT_EXPECT_LT(test, steps, 20U);
}

/*
 * Drive from fe against a backend that stays in be, the way the driver
 * does (at most 8 actions per backend change): the state we stop in.
 * Counts the connects made on the way.
 */
static enum xenbus_state fe_walk(enum xenbus_state fe, enum xenbus_state be,
				 bool *reconnect, unsigned int *connects)
{
	unsigned int steps;

	for (steps = 0; steps < 8; steps++) {
		enum xnif_fe_action a = xnif_fe_next(fe, be, *reconnect);

		if (a == XNIF_FE_NONE || a == XNIF_FE_LINK_UP)
			break;
		if (a == XNIF_FE_CONNECT) {
			(*connects)++;
			*reconnect = false;
		}
		if (a == XNIF_FE_RESTART)
			*reconnect = true;
		fe = fe_apply(a, fe);
	}
	return fe;
}

/*
 * A backend that comes back straight to Connected, never passing InitWait
 * (rebound with stale state), while we are Closed or Closing for a
 * reconnect: we build nothing for it, and once it offers InitWait we
 * connect. Closing for a reconnect used to wait for the backend to close
 * even when it was back in InitWait, waiting for us: neither moved again.
 */
static void fe_state_skipped_initwait(struct kunit *test)
{
	static const struct {
		enum xenbus_state fe;
		bool reconnect;
	} from[] = {
		{ XenbusStateClosed, false },
		{ XenbusStateClosed, true },
		{ XenbusStateClosing, true },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(from); i++) {
		bool reconnect = from[i].reconnect;
		unsigned int connects = 0;
		enum xenbus_state fe;

		fe = fe_walk(from[i].fe, XenbusStateConnected, &reconnect,
			     &connects);
		KUNIT_EXPECT_EQ_MSG(test, connects, 0U, "from case %u", i);
		KUNIT_EXPECT_NE_MSG(test, fe, XenbusStateConnected,
				    "from case %u", i);
		/* The backend behaves: InitWait, then it reads our keys. */
		fe = fe_walk(fe, XenbusStateInitWait, &reconnect, &connects);
		KUNIT_EXPECT_EQ_MSG(test, connects, 1U, "from case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, fe, XenbusStateConnected,
				    "from case %u", i);
		KUNIT_EXPECT_EQ_MSG(test,
				    xnif_fe_next(fe, XenbusStateConnected,
						 reconnect),
				    XNIF_FE_LINK_UP, "from case %u", i);
	}
}

static struct kunit_case fe_state_test_cases[] = {
	KUNIT_CASE_PARAM(fe_state_next, fe_gen_params),
	KUNIT_CASE(fe_state_reconnect_walk),
	KUNIT_CASE(fe_state_skipped_initwait),
	{}
};

static struct kunit_suite fe_state_suite = {
	.name = "xen_netif_fe_state",
	.test_cases = fe_state_test_cases,
};

kunit_test_suite(fe_state_suite);
