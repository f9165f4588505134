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

static struct kunit_case credit_cases[] = {
	KUNIT_CASE(credit_unlimited),
	KUNIT_CASE(credit_slow_rate),
	KUNIT_CASE(credit_fast_rate),
	KUNIT_CASE(credit_no_overflow),
	{}
};

static struct kunit_suite credit_suite = {
	.name = "xen_netif_credit",
	.test_cases = credit_cases,
};

kunit_test_suite(credit_suite);
