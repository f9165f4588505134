// SPDX-License-Identifier: GPL-2.0
/*
 * The last-fatal-reason record both drivers show in sysfs: what it says
 * before anything happened, after a violation on a queue or on the control
 * ring, when the text does not fit, and the two sysfs files themselves.
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

/* A recorded violation carries the time it was recorded at. */
static void fatal_record_now(struct kunit *test)
{
	struct xnif_fatal_rec r;
	struct xnif_fatal f;
	time64_t before, after;

	xnif_fatal_init(&r);
	before = ktime_get_boottime_seconds();
	xnif_fatal_record(&r, 2, "bad_slots");
	after = ktime_get_boottime_seconds();
	f = xnif_fatal_read(&r);
	KUNIT_EXPECT_STREQ(test, f.why, "bad_slots");
	KUNIT_EXPECT_EQ(test, f.queue, 2);
	KUNIT_EXPECT_GE(test, f.when, before);
	KUNIT_EXPECT_LE(test, f.when, after);
}

/* What cat shows: "none" and 0 first, then the reason and its time. */
static void fatal_sysfs_files(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	char want[32];
	struct xnif_fatal_rec r;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	xnif_fatal_init(&r);
	KUNIT_EXPECT_EQ(test, xnif_fatal_reason_show(&r, buf), 5);
	KUNIT_EXPECT_STREQ(test, buf, "none\n");
	KUNIT_EXPECT_EQ(test, xnif_fatal_time_show(&r, buf), 2);
	KUNIT_EXPECT_STREQ(test, buf, "0\n");

	xnif_fatal_record(&r, XNIF_FATAL_CTRL, "impossible producer index");
	xnif_fatal_reason_show(&r, buf);
	KUNIT_EXPECT_STREQ(test, buf, "control ring: impossible producer index\n");
	xnif_fatal_time_show(&r, buf);
	snprintf(want, sizeof(want), "%lld\n", xnif_fatal_read(&r).when);
	KUNIT_EXPECT_STREQ(test, buf, want);
}

static struct kunit_case fatal_cases[] = {
	KUNIT_CASE(fatal_none),
	KUNIT_CASE(fatal_queue),
	KUNIT_CASE(fatal_ctrl),
	KUNIT_CASE(fatal_latest_wins),
	KUNIT_CASE(fatal_truncated),
	KUNIT_CASE(fatal_record_now),
	KUNIT_CASE(fatal_sysfs_files),
	{}
};

static struct kunit_suite fatal_suite = {
	.name = "xen_netif_fatal",
	.test_cases = fatal_cases,
};

kunit_test_suite(fatal_suite);
