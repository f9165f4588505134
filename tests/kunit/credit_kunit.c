// SPDX-License-Identifier: GPL-2.0
/*
 * Rate-limit credit: refills, the burst floor that lets a maximal packet
 * through at any rate, and toolstack values at the edges of their types.
 */
#include <kunit/test.h>

#include "credit.h"

static void credit_unlimited(struct kunit *test)
{
	struct xnif_credit c;

	xnif_credit_set(&c, 0, 0);
	KUNIT_EXPECT_TRUE(test, xnif_credit_unlimited(&c));
	KUNIT_EXPECT_TRUE(test, xnif_credit_take(&c, 65535));
	xnif_credit_set(&c, 1000, 0);
	KUNIT_EXPECT_TRUE(test, xnif_credit_unlimited(&c));
	xnif_credit_set(&c, 0, 1000);
	KUNIT_EXPECT_TRUE(test, xnif_credit_unlimited(&c));
}

static void credit_slow_rate(struct kunit *test)
{
	struct xnif_credit c;
	unsigned int periods = 0;

	/* 1000 bytes per period: a 64 KiB packet waits, then goes. */
	xnif_credit_set(&c, 1000, 10000);
	KUNIT_EXPECT_FALSE(test, xnif_credit_unlimited(&c));
	KUNIT_EXPECT_TRUE(test, xnif_credit_take(&c, 65535));
	KUNIT_EXPECT_TRUE(test, xnif_credit_take(&c, 65535));
	KUNIT_EXPECT_FALSE(test, xnif_credit_take(&c, 65535));
	while (!xnif_credit_take(&c, 65535)) {
		xnif_credit_refill(&c);
		KUNIT_ASSERT_LT(test, ++periods, 100);
	}
	KUNIT_EXPECT_EQ(test, periods, 66);
	/* Credit never grows past the burst floor. */
	for (periods = 0; periods < 1000; periods++)
		xnif_credit_refill(&c);
	KUNIT_EXPECT_EQ(test, c.remaining, XNIF_CREDIT_MIN_BURST);
}

static void credit_fast_rate(struct kunit *test)
{
	struct xnif_credit c;

	xnif_credit_set(&c, 10 * 1000 * 1000, 50000);
	KUNIT_EXPECT_EQ(test, c.remaining, 10 * 1000 * 1000);
	KUNIT_EXPECT_TRUE(test, xnif_credit_take(&c, 9999000));
	KUNIT_EXPECT_FALSE(test, xnif_credit_take(&c, 1001));
	xnif_credit_refill(&c);
	KUNIT_EXPECT_EQ(test, c.remaining, 10 * 1000 * 1000);
}

static void credit_no_overflow(struct kunit *test)
{
	struct xnif_credit c;

	xnif_credit_set(&c, U64_MAX, U32_MAX);
	KUNIT_EXPECT_EQ(test, c.remaining, U64_MAX);
	xnif_credit_refill(&c);
	KUNIT_EXPECT_EQ(test, c.remaining, U64_MAX);
	KUNIT_EXPECT_TRUE(test, xnif_credit_take(&c, U32_MAX));
	xnif_credit_refill(&c);
	KUNIT_EXPECT_EQ(test, c.remaining, U64_MAX);
	xnif_credit_set(&c, U64_MAX - 1, 1);
	KUNIT_EXPECT_TRUE(test, xnif_credit_take(&c, 100));
	xnif_credit_refill(&c);
	KUNIT_EXPECT_EQ(test, c.remaining, U64_MAX - 1);
}

/*
 * The toolstack's rate is a vif's: four queues sending 64 KiB packets as
 * fast as they can, round robin, for 100 periods, get the rate and the
 * burst between them, not four times that.
 */
static void credit_four_queues_one_rate(struct kunit *test)
{
	const u64 rate = 1000 * 1000;	/* bytes per period */
	const unsigned long period = 10;	/* ticks */
	struct xnif_credit vif, *bucket[4];
	unsigned long now = 1000;
	u64 sent = 0;
	unsigned int q, t;

	xnif_credit_set_at(&vif, rate, 10000, now, period);
	for (q = 0; q < 4; q++)
		bucket[q] = &vif;
	for (t = 0; t < 100 * period; t++, now++)
		for (q = 0; q < 4; q++)
			while (xnif_credit_take_at(bucket[q], 65536, now,
						   period))
				sent += 65536;
	/* 100 periods: the initial bucket plus 99 refills at most. */
	KUNIT_EXPECT_LE(test, sent, 100 * rate);
	/* And the rate is reached: within a packet per period. */
	KUNIT_EXPECT_GE(test, sent, 100 * (rate - 65536));
}

/* A waiting queue learns when to look again; early looks take nothing. */
static void credit_take_at_waits(struct kunit *test)
{
	struct xnif_credit c;

	xnif_credit_set_at(&c, 200000, 1000, 50, 5);
	KUNIT_EXPECT_TRUE(test, xnif_credit_take_at(&c, 150000, 50, 5));
	KUNIT_EXPECT_FALSE(test, xnif_credit_take_at(&c, 65536, 51, 5));
	KUNIT_EXPECT_EQ(test, c.next, 55UL);
	KUNIT_EXPECT_FALSE(test, xnif_credit_take_at(&c, 65536, 54, 5));
	KUNIT_EXPECT_TRUE(test, xnif_credit_take_at(&c, 65536, 55, 5));
	KUNIT_EXPECT_EQ(test, c.next, 60UL);
	/* Across jiffies wraparound too. */
	xnif_credit_set_at(&c, 200000, 1000, ULONG_MAX - 1, 5);
	KUNIT_EXPECT_TRUE(test, xnif_credit_take_at(&c, 200000, ULONG_MAX, 5));
	KUNIT_EXPECT_FALSE(test, xnif_credit_take_at(&c, 1, 2, 5));
	KUNIT_EXPECT_TRUE(test, xnif_credit_take_at(&c, 1, 3, 5));
	/* A zero period is one tick. */
	xnif_credit_set_at(&c, 200000, 1, 7, 0);
	KUNIT_EXPECT_EQ(test, c.next, 8UL);
}

static struct kunit_case credit_cases[] = {
	KUNIT_CASE(credit_unlimited),
	KUNIT_CASE(credit_slow_rate),
	KUNIT_CASE(credit_fast_rate),
	KUNIT_CASE(credit_no_overflow),
	KUNIT_CASE(credit_four_queues_one_rate),
	KUNIT_CASE(credit_take_at_waits),
	{}
};

static struct kunit_suite credit_suite = {
	.name = "xen_netif_credit",
	.test_cases = credit_cases,
};

kunit_test_suite(credit_suite);
