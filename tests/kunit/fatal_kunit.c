// SPDX-License-Identifier: GPL-2.0
/*
 * The last-fatal-reason record both drivers show in sysfs: what it says
 * before anything happened, after a violation on a queue or on the control
 * ring, and when the text does not fit.
 */
#include <kunit/test.h>

#include "fatal.h"

static void fatal_none(struct kunit *test)
{
	struct xnif_fatal f = {};
	char buf[64];

	KUNIT_EXPECT_EQ(test, xnif_fatal_format(&f, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_STREQ(test, buf, "none");
	KUNIT_EXPECT_EQ(test, f.when, 0);
}

static void fatal_queue(struct kunit *test)
{
	struct xnif_fatal f = {};
	char buf[64];

	xnif_fatal_note(&f, 3, "bad_cross_page", 1234);
	xnif_fatal_format(&f, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "queue 3: bad_cross_page");
	KUNIT_EXPECT_EQ(test, f.when, 1234);
}

static void fatal_ctrl(struct kunit *test)
{
	struct xnif_fatal f = {};
	char buf[64];

	xnif_fatal_note(&f, XNIF_FATAL_CTRL, "impossible producer index", 9);
	xnif_fatal_format(&f, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "control ring: impossible producer index");
}

/* A later violation replaces the earlier one, reason and time together. */
static void fatal_latest_wins(struct kunit *test)
{
	struct xnif_fatal f = {};
	char buf[64];

	xnif_fatal_note(&f, 0, "bad_prod", 10);
	xnif_fatal_note(&f, 1, "tx_bad_id", 20);
	xnif_fatal_format(&f, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "queue 1: tx_bad_id");
	KUNIT_EXPECT_EQ(test, f.when, 20);
}

static void fatal_truncated(struct kunit *test)
{
	struct xnif_fatal f = {};
	char buf[8];

	xnif_fatal_note(&f, 12, "bad_extra_type", 1);
	KUNIT_EXPECT_EQ(test, xnif_fatal_format(&f, buf, sizeof(buf)), 7);
	KUNIT_EXPECT_STREQ(test, buf, "queue 1");
}

static struct kunit_case fatal_cases[] = {
	KUNIT_CASE(fatal_none),
	KUNIT_CASE(fatal_queue),
	KUNIT_CASE(fatal_ctrl),
	KUNIT_CASE(fatal_latest_wins),
	KUNIT_CASE(fatal_truncated),
	{}
};

static struct kunit_suite fatal_suite = {
	.name = "xen_netif_fatal",
	.test_cases = fatal_cases,
};

kunit_test_suite(fatal_suite);
