// SPDX-License-Identifier: GPL-2.0
/*
 * Slot counting: one slot per 4 KiB Xen page a buffer touches.
 */
#include <kunit/test.h>

#include "slots.h"

struct slots_case {
	const char *desc;
	unsigned long offset;
	unsigned int len;
	unsigned int slots;
};

static const struct slots_case slots_cases[] = {
	{ "empty", 0, 0, 0 },
	{ "one byte", 0, 1, 1 },
	{ "whole page", 0, 4096, 1 },
	{ "page plus one", 0, 4097, 2 },
	{ "ends on boundary", 96, 4000, 1 },
	{ "crosses boundary", 4095, 2, 2 },
	{ "offset in a later page", 3 * 4096 + 4000, 200, 2 },
	{ "64 KiB aligned", 0, 65536, 16 },
	{ "64 KiB unaligned", 1, 65535, 16 },
	{ "largest packet worst offset", 4095, 65535, 17 },
};

KUNIT_ARRAY_PARAM_DESC(slots, slots_cases, desc);

static void slots_buf(struct kunit *test)
{
	const struct slots_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_buf_slots(c->offset, c->len), c->slots);
}

static void slots_bounce(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_bounce_slots(0), 0U);
	KUNIT_EXPECT_EQ(test, xnif_bounce_slots(60), 1U);
	KUNIT_EXPECT_EQ(test, xnif_bounce_slots(4096), 1U);
	KUNIT_EXPECT_EQ(test, xnif_bounce_slots(4097), 2U);
	KUNIT_EXPECT_EQ(test, xnif_bounce_slots(65535), 16U);
}

static struct kunit_case slots_test_cases[] = {
	KUNIT_CASE_PARAM(slots_buf, slots_gen_params),
	KUNIT_CASE(slots_bounce),
	{}
};

static struct kunit_suite slots_suite = {
	.name = "xen_netif_slots",
	.test_cases = slots_test_cases,
};

kunit_test_suite(slots_suite);
