// SPDX-License-Identifier: GPL-2.0
/*
 * Control-ring request checks, including the XSA-270 shapes: an offset
 * and length that wrap, and tables larger than the backend keeps.
 */
#include <kunit/test.h>

#include "ctrl_validate.h"

#define OK	XEN_NETIF_CTRL_STATUS_SUCCESS
#define INVAL	XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER
#define TOEP	XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ
#define NONE	XEN_NETIF_CTRL_HASH_ALGORITHM_NONE

struct range_case {
	const char *desc;
	u32 off, len, size;
	u32 status;
};

static const struct range_case range_cases[] = {
	{ "whole table", 0, 128, 128, OK },
	{ "tail", 100, 28, 128, OK },
	{ "nothing", 128, 0, 128, OK },
	{ "empty table", 0, 0, 0, OK },
	{ "one past the end", 100, 29, 128, INVAL },
	{ "offset past the end", 129, 0, 128, INVAL },
	{ "wrapping offset", 0xffffffff, 2, 128, INVAL },
	{ "wrapping length", 1, 0xffffffff, 128, INVAL },
	{ "table larger than kept", 0, 10, 129, INVAL },
	{ "more than a page of entries", 0, 1025, 0xffffffff, INVAL },
};

KUNIT_ARRAY_PARAM_DESC(range, range_cases, desc);

static void ctrl_mapping_range(struct kunit *test)
{
	const struct range_case *c = test->param_value;
	u32 status = xnif_ctrl_check_mapping_range(c->off, c->len, c->size);

	KUNIT_EXPECT_EQ(test, status, c->status);
}

static void ctrl_mapping_entries(struct kunit *test)
{
	static const u32 good[] = { 0, 1, 2, 3, 3, 0 };
	static const u32 bad[] = { 0, 1, 4, 3 };
	static const u32 huge[] = { 0xffffffff };

	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_entries(good, 6, 4), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_entries(bad, 4, 4),
			INVAL);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_entries(huge, 1, 4),
			INVAL);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_entries(good, 1, 0),
			INVAL);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_entries(good, 0, 0), OK);
}

static void ctrl_simple_checks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_algorithm(NONE), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_algorithm(TOEP), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_algorithm(2), INVAL);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_algorithm(0xffffffff), INVAL);

	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_flags(XNIF_HASH_TYPES_ALL, TOEP),
			OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_flags(0, TOEP), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_flags(1 << 4, TOEP), INVAL);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_flags(XEN_NETIF_CTRL_HASH_TYPE_IPV4,
						    NONE), INVAL);

	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_key_len(0), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_key_len(XNIF_HASH_KEY_SIZE), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_key_len(XNIF_HASH_KEY_SIZE + 1),
			INVAL);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_key_len(0xffffffff), INVAL);

	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_size(0), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_size(128), OK);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_check_mapping_size(129), INVAL);
}

static struct kunit_case ctrl_validate_cases[] = {
	KUNIT_CASE_PARAM(ctrl_mapping_range, range_gen_params),
	KUNIT_CASE(ctrl_mapping_entries),
	KUNIT_CASE(ctrl_simple_checks),
	{}
};

static struct kunit_suite ctrl_validate_suite = {
	.name = "xen_netif_ctrl_validate",
	.test_cases = ctrl_validate_cases,
};

kunit_test_suite(ctrl_validate_suite);
