// SPDX-License-Identifier: GPL-2.0
/*
 * The per-device log limit: a backend reloaded in a loop (lab mode
 * state_flap) gets a burst of lines per window whatever its pace, and
 * what went unsaid is said with the next line.
 */
#include <kunit/test.h>

#include "log_limit.h"

#define WINDOW	6000UL	/* 60 s at HZ=100 */
#define BURST	5U

struct tally {
	unsigned int line, last, quiet, missed;
};

/* n events from start, step apart: what the limit said. */
static struct tally run(struct xnif_log_limit *l, unsigned long start,
			unsigned long step, unsigned int n, unsigned int burst)
{
	struct tally t = {};
	unsigned int i, missed;

	for (i = 0; i < n; i++) {
		switch (xnif_log_limit(l, start + i * step, WINDOW, burst,
				       &missed)) {
		case XNIF_LOG_LINE:
			t.line++;
			break;
		case XNIF_LOG_LAST:
			t.last++;
			break;
		case XNIF_LOG_QUIET:
			t.quiet++;
			break;
		}
		t.missed += missed;
	}
	return t;
}

/* 200 connects in 5 s: five lines, the fifth says the rest is quiet. */
static void log_limit_flap_burst(struct kunit *test)
{
	struct xnif_log_limit l = {};
	struct tally t = run(&l, 1000, 2, 200, BURST);

	KUNIT_EXPECT_EQ(test, t.line, BURST - 1);
	KUNIT_EXPECT_EQ(test, t.last, 1U);
	KUNIT_EXPECT_EQ(test, t.quiet, 195U);
	KUNIT_EXPECT_EQ(test, t.missed, 0U);
}

/* The first event of the next window is logged, with the count missed. */
static void log_limit_next_window_says_missed(struct kunit *test)
{
	struct xnif_log_limit l = {};
	unsigned int missed = 7;

	run(&l, 1000, 2, 200, BURST);
	KUNIT_EXPECT_EQ(test, xnif_log_limit(&l, 1000 + WINDOW - 1, WINDOW,
					     BURST, &missed), XNIF_LOG_QUIET);
	KUNIT_EXPECT_EQ(test, missed, 0U);
	KUNIT_EXPECT_EQ(test, xnif_log_limit(&l, 1000 + WINDOW, WINDOW,
					     BURST, &missed), XNIF_LOG_LINE);
	KUNIT_EXPECT_EQ(test, missed, 196U);
	/* Said once: the next line has nothing to add. */
	KUNIT_EXPECT_EQ(test, xnif_log_limit(&l, 1000 + WINDOW + 1, WINDOW,
					     BURST, &missed), XNIF_LOG_LINE);
	KUNIT_EXPECT_EQ(test, missed, 0U);
}

/* A flapping peer that never stops: burst lines per window, no more. */
static void log_limit_endless_flap(struct kunit *test)
{
	struct xnif_log_limit l = {};
	struct tally t = run(&l, 0, 10, 10 * WINDOW / 10, BURST);

	/* Ten windows of 600 events each. */
	KUNIT_EXPECT_EQ(test, t.line + t.last, 10 * BURST);
	KUNIT_EXPECT_EQ(test, t.last, 10U);
	KUNIT_EXPECT_EQ(test, t.missed + l.quiet, t.quiet);
}

/* ethtool -L now and then: every connect logged. */
static void log_limit_rare_events_all_logged(struct kunit *test)
{
	struct xnif_log_limit l = {};
	struct tally t = run(&l, 5, WINDOW, 50, BURST);

	KUNIT_EXPECT_EQ(test, t.line, 50U);
	KUNIT_EXPECT_EQ(test, t.last + t.quiet + t.missed, 0U);
}

/* A window that spans the jiffies wrap still ends on time. */
static void log_limit_jiffies_wrap(struct kunit *test)
{
	struct xnif_log_limit l = {};
	unsigned long start = ULONG_MAX - 100;
	unsigned int missed;
	struct tally t = run(&l, start, 1, 20, BURST);

	KUNIT_EXPECT_EQ(test, t.quiet, 15U);
	KUNIT_EXPECT_EQ(test, xnif_log_limit(&l, start + WINDOW - 1, WINDOW,
					     BURST, &missed), XNIF_LOG_QUIET);
	KUNIT_EXPECT_EQ(test, xnif_log_limit(&l, start + WINDOW, WINDOW,
					     BURST, &missed), XNIF_LOG_LINE);
	KUNIT_EXPECT_EQ(test, missed, 16U);
}

/* Burst 1: the one line says so; burst 0: no limit. */
static void log_limit_burst_edges(struct kunit *test)
{
	struct xnif_log_limit l = {};
	struct tally t = run(&l, 0, 1, 10, 1);

	KUNIT_EXPECT_EQ(test, t.last, 1U);
	KUNIT_EXPECT_EQ(test, t.line, 0U);
	KUNIT_EXPECT_EQ(test, t.quiet, 9U);
	l = (struct xnif_log_limit){};
	t = run(&l, 0, 1, 10, 0);
	KUNIT_EXPECT_EQ(test, t.line, 10U);
}

static struct kunit_case log_limit_cases[] = {
	KUNIT_CASE(log_limit_flap_burst),
	KUNIT_CASE(log_limit_next_window_says_missed),
	KUNIT_CASE(log_limit_endless_flap),
	KUNIT_CASE(log_limit_rare_events_all_logged),
	KUNIT_CASE(log_limit_jiffies_wrap),
	KUNIT_CASE(log_limit_burst_edges),
	{}
};

static struct kunit_suite log_limit_suite = {
	.name = "xen_netif_log_limit",
	.test_cases = log_limit_cases,
};

kunit_test_suite(log_limit_suite);
