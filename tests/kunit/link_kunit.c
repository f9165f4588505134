// SPDX-License-Identifier: GPL-2.0
/*
 * The toolstack's link values: MTU and speed strings as xenstore may hold
 * them, well formed or not, and what each side then applies.
 */
#include <kunit/test.h>

#include "link.h"

struct mtu_case {
	const char *desc;
	const char *in;
	int ret;
	unsigned int mtu;
};

static const struct mtu_case mtu_cases[] = {
	{ "libxl default", "1500", 0, 1500 },
	{ "jumbo", "9000", 0, 9000 },
	{ "smallest", "68", 0, 68 },
	{ "largest", "65535", 0, 65535 },
	{ "below IPv4 minimum", "67", -ERANGE },
	{ "zero", "0", -ERANGE },
	{ "above a request's size", "65536", -ERANGE },
	{ "beyond 32 bits", "4294967296", -EINVAL },
	{ "negative", "-1500", -EINVAL },
	{ "empty", "", -EINVAL },
	{ "trailing text", "9000 bytes", -EINVAL },
	{ "hex", "0x2328", -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(mtu, mtu_cases, desc);

static void link_parse_mtu(struct kunit *test)
{
	const struct mtu_case *c = test->param_value;
	unsigned int mtu = 12345;

	KUNIT_ASSERT_EQ(test, xnif_parse_mtu(c->in, &mtu), c->ret);
	KUNIT_EXPECT_EQ(test, mtu, c->ret ? 12345U : c->mtu);
}

static void link_fit_mtu(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_fit_mtu(9000, true), 9000U);
	KUNIT_EXPECT_EQ(test, xnif_fit_mtu(65535, true), 65535U);
	KUNIT_EXPECT_EQ(test, xnif_fit_mtu(9000, false), 1500U);
	KUNIT_EXPECT_EQ(test, xnif_fit_mtu(1500, false), 1500U);
	KUNIT_EXPECT_EQ(test, xnif_fit_mtu(576, false), 576U);
}

struct speed_case {
	const char *desc;
	const char *in;
	int ret;
	u32 mbps;
};

static const struct speed_case speed_cases[] = {
	{ "no unit is gigabits", "10", 0, 10000 },
	{ "gigabits", "100G", 0, 100000 },
	{ "lower-case unit", "25g", 0, 25000 },
	{ "megabits", "2500M", 0, 2500 },
	{ "kilobits", "1000000K", 0, 1000 },
	{ "kilobits, rounded down", "1999k", 0, 1 },
	{ "largest", "2147483647M", 0, INT_MAX },
	{ "below 1 Mb/s", "999K", -ERANGE },
	{ "zero", "0", -ERANGE },
	{ "too fast", "2147484G", -ERANGE },
	{ "too fast in megabits", "2147483648M", -ERANGE },
	{ "u64 overflow", "18446744073709551616M", -EINVAL },
	{ "unknown unit", "10T", -EINVAL },
	{ "two units", "10GG", -EINVAL },
	{ "unit only", "G", -EINVAL },
	{ "empty", "", -EINVAL },
	{ "negative", "-10", -EINVAL },
	{ "sign", "+10", -EINVAL },
	{ "space before unit", "10 G", -EINVAL },
	{ "newline after unit", "10G\n", -EINVAL },
	{ "too long", "000000000000000000000000000010", -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(speed, speed_cases, desc);

static void link_parse_speed(struct kunit *test)
{
	const struct speed_case *c = test->param_value;
	u32 mbps = 7;

	KUNIT_ASSERT_EQ(test, xnif_parse_speed(c->in, &mbps), c->ret);
	KUNIT_EXPECT_EQ(test, mbps, c->ret ? 7U : c->mbps);
}

static void link_ksettings(struct kunit *test)
{
	struct ethtool_link_ksettings cmd = {};

	xnif_link_ksettings(&cmd, XNIF_SPEED_DEFAULT);
	KUNIT_EXPECT_EQ(test, cmd.base.speed, 100000U);
	KUNIT_EXPECT_EQ(test, cmd.base.duplex, DUPLEX_FULL);
	KUNIT_EXPECT_EQ(test, cmd.base.autoneg, AUTONEG_DISABLE);
	KUNIT_EXPECT_EQ(test, cmd.base.port, PORT_OTHER);
}

static struct kunit_case link_cases[] = {
	KUNIT_CASE_PARAM(link_parse_mtu, mtu_gen_params),
	KUNIT_CASE(link_fit_mtu),
	KUNIT_CASE_PARAM(link_parse_speed, speed_gen_params),
	KUNIT_CASE(link_ksettings),
	{}
};

static struct kunit_suite link_suite = {
	.name = "xen_netif_link",
	.test_cases = link_cases,
};

kunit_test_suite(link_suite);
