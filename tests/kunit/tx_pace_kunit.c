// SPDX-License-Identifier: GPL-2.0
/*
 * Guest TX pacing: bursts and streams of lone packets hold the event,
 * a guest answering what it was sent and a guest that went quiet do not.
 */
#include <kunit/test.h>

#include "credit.h"

#define US	1000ULL
#define HOLD	(200 * US)
#define T0	(1000000 * US)	/* a boot long enough ago */

static void pace_off(struct kunit *test)
{
	struct xnif_tx_pace p = {};

	KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 64, T0, 0, 0));
	KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 1, T0 + US, 0, 0));
}

static void pace_burst_holds(struct kunit *test)
{
	struct xnif_tx_pace p = {};

	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 2, T0, 0, HOLD));
	/* Even with the guest just sent something: a burst is a stream. */
	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 9, T0 + HOLD, 5, HOLD));
}

static void pace_lone_after_idle(struct kunit *test)
{
	struct xnif_tx_pace p = {};

	KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 1, T0, 0, HOLD));
	KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 1, T0 + 4 * HOLD, 0,
						   HOLD));
}

/* One packet a poll, 300 us apart, nothing sent to the guest. */
static void pace_lone_stream_holds(struct kunit *test)
{
	struct xnif_tx_pace p = {};
	u64 t = T0;
	int i;

	KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 1, t, 7, HOLD));
	for (i = 0; i < 10; i++) {
		t += 300 * US;
		KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 1, t, 7, HOLD));
	}
}

/* ping: every packet from the guest follows one sent to it. */
static void pace_answers_rearm(struct kunit *test)
{
	struct xnif_tx_pace p = {};
	unsigned long rx = 0;
	u64 t = T0;
	int i;

	for (i = 0; i < 10; i++) {
		rx++;
		t += 50 * US;
		KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 1, t, rx, HOLD));
	}
	/* An answer of several packets still holds, as a burst. */
	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 3, t + US, rx + 1, HOLD));
}

/* After a stream: empty polls hold until it has been quiet long enough. */
static void pace_quiet_ends_hold(struct kunit *test)
{
	struct xnif_tx_pace p = {};
	u64 t = T0;

	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 5, t, 0, HOLD));
	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 0, t + HOLD, 0, HOLD));
	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 0, t + 3 * HOLD, 0,
						  HOLD));
	KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 0, t + 4 * HOLD, 0,
						   HOLD));
	/* Something sent to the guest ends it at once. */
	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 4, t + 5 * HOLD, 0,
						  HOLD));
	KUNIT_EXPECT_FALSE(test, xnif_tx_pace_hold(&p, 0, t + 6 * HOLD, 1,
						   HOLD));
}

/* The largest tx_coalesce_usecs a module parameter can hold. */
static void pace_long_hold(struct kunit *test)
{
	struct xnif_tx_pace p = {};
	u64 hold = (u64)U32_MAX * US;

	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 2, T0, 0, hold));
	KUNIT_EXPECT_TRUE(test, xnif_tx_pace_hold(&p, 1, T0 + hold, 0, hold));
}

static struct kunit_case tx_pace_cases[] = {
	KUNIT_CASE(pace_off),
	KUNIT_CASE(pace_burst_holds),
	KUNIT_CASE(pace_lone_after_idle),
	KUNIT_CASE(pace_lone_stream_holds),
	KUNIT_CASE(pace_answers_rearm),
	KUNIT_CASE(pace_quiet_ends_hold),
	KUNIT_CASE(pace_long_hold),
	{}
};

static struct kunit_suite tx_pace_suite = {
	.name = "xen_netif_tx_pace",
	.test_cases = tx_pace_cases,
};

kunit_test_suite(tx_pace_suite);
