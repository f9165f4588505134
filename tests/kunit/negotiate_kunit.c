// SPDX-License-Identifier: GPL-2.0
/*
 * Negotiation arithmetic and xenstore parsing: what each side decides from
 * numbers and strings a peer wrote.
 */
#include <kunit/test.h>

#include <xen/interface/io/netif.h>

#include "negotiate.h"

static void negotiate_pick_queues(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_pick_queues(8, 4, 2), 2U);
	KUNIT_EXPECT_EQ(test, xnif_pick_queues(8, 4, 16), 4U);
	KUNIT_EXPECT_EQ(test, xnif_pick_queues(1, 8, 8), 1U);
	/* A backend without multi-queue advertises nothing: one queue. */
	KUNIT_EXPECT_EQ(test, xnif_pick_queues(8, 0, 4), 1U);
	KUNIT_EXPECT_EQ(test, xnif_pick_queues(0, 0, 0), 1U);
}

static void negotiate_check_requests(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_check_queue_request(1, 4), 0);
	KUNIT_EXPECT_EQ(test, xnif_check_queue_request(4, 4), 0);
	KUNIT_EXPECT_EQ(test, xnif_check_queue_request(0, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_check_queue_request(5, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_check_queue_request(1000, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_check_order_request(0, 0), 0);
	KUNIT_EXPECT_EQ(test, xnif_check_order_request(2, 4), 0);
	KUNIT_EXPECT_EQ(test, xnif_check_order_request(3, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_check_order_request(5, 1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_check_order_request(~0U, ~0U), -EINVAL);
}

struct mac_case {
	const char *desc;
	const char *in;
	int ret;
	u8 mac[6];
};

static const struct mac_case mac_cases[] = {
	{ "lower case", "00:16:3e:0a:bc:ff", 0,
	  { 0x00, 0x16, 0x3e, 0x0a, 0xbc, 0xff } },
	{ "upper case", "00:16:3E:0A:BC:FF", 0,
	  { 0x00, 0x16, 0x3e, 0x0a, 0xbc, 0xff } },
	{ "empty", "", -EINVAL },
	{ "short", "00:16:3e:0a:bc", -EINVAL },
	{ "trailing garbage", "00:16:3e:0a:bc:ff:", -EINVAL },
	{ "wrong separator", "00-16-3e-0a-bc-ff", -EINVAL },
	{ "not hex", "00:16:3e:0a:bc:fg", -EINVAL },
	{ "single digits", "0:16:3e:0a:bc:ff0", -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(mac, mac_cases, desc);

/* v2 only when both sides want it; a stock backend has no key (offer 0). */
static void negotiate_pick_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_pick_layout(true, 1),
			XEN_NETIF_RING_LAYOUT_V2);
	KUNIT_EXPECT_EQ(test, xnif_pick_layout(true, 7),
			XEN_NETIF_RING_LAYOUT_V2);
	KUNIT_EXPECT_EQ(test, xnif_pick_layout(true, 0),
			XEN_NETIF_RING_LAYOUT_CLASSIC);
	KUNIT_EXPECT_EQ(test, xnif_pick_layout(false, 1),
			XEN_NETIF_RING_LAYOUT_CLASSIC);
	KUNIT_EXPECT_EQ(test, xnif_pick_layout(false, 0),
			XEN_NETIF_RING_LAYOUT_CLASSIC);
}

/*
 * Our pair by default: the backend offers v2, the frontend does not take
 * it, so classic; one frontend parameter (ring_layout_v2=1) gets v2, and
 * the backend's default offer accepts it.
 */
static void negotiate_layout_defaults(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, XNIF_BE_OFFERS_V2_DEFAULT);
	KUNIT_EXPECT_FALSE(test, XNIF_FE_WANTS_V2_DEFAULT);
	KUNIT_EXPECT_EQ(test, xnif_pick_layout(XNIF_FE_WANTS_V2_DEFAULT,
					       XNIF_BE_OFFERS_V2_DEFAULT),
			XEN_NETIF_RING_LAYOUT_CLASSIC);
	KUNIT_EXPECT_EQ(test, xnif_pick_layout(true, XNIF_BE_OFFERS_V2_DEFAULT),
			XEN_NETIF_RING_LAYOUT_V2);
	KUNIT_EXPECT_EQ(test,
			xnif_check_layout_request(XEN_NETIF_RING_LAYOUT_V2,
						  XNIF_BE_OFFERS_V2_DEFAULT),
			XEN_NETIF_RING_LAYOUT_V2);
	KUNIT_EXPECT_EQ(test,
			xnif_check_layout_request(XEN_NETIF_RING_LAYOUT_CLASSIC,
						  XNIF_BE_OFFERS_V2_DEFAULT),
			XEN_NETIF_RING_LAYOUT_CLASSIC);
}

struct layout_case {
	const char *desc;
	unsigned int requested;
	bool offered;
	int result;
};

static const struct layout_case layout_cases[] = {
	{ "classic, v2 offered", 1, true, 1 },
	{ "classic, v2 not offered", 1, false, 1 },
	{ "v2 offered", 2, true, 2 },
	{ "v2 not offered", 2, false, -EINVAL },
	{ "zero", 0, true, -EINVAL },
	{ "unknown layout 3", 3, true, -EINVAL },
	{ "huge", 0xffffffff, true, -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(layout, layout_cases, desc);

static void negotiate_check_layout(struct kunit *test)
{
	const struct layout_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_check_layout_request(c->requested,
							c->offered),
			c->result);
}

static void negotiate_parse_mac(struct kunit *test)
{
	const struct mac_case *c = test->param_value;
	u8 mac[6] = {};

	KUNIT_ASSERT_EQ(test, xnif_parse_mac(c->in, mac), c->ret);
	if (!c->ret)
		KUNIT_EXPECT_MEMEQ(test, mac, c->mac, sizeof(mac));
}

struct rate_case {
	const char *desc;
	const char *in;
	int ret;
	u64 bytes;
	u32 usecs;
};

static const struct rate_case rate_cases[] = {
	{ "10 MB per 50 ms", "10000000,50000", 0, 10000000, 50000 },
	{ "largest", "18446744073709551615,4294967295", 0, U64_MAX, U32_MAX },
	{ "no comma", "10000000", -EINVAL },
	{ "zero bytes", "0,50000", -EINVAL },
	{ "zero interval", "1000,0", -EINVAL },
	{ "negative", "-1,50000", -EINVAL },
	{ "usecs overflow", "1000,4294967296", -EINVAL },
	{ "trailing text", "1000,50000x", -EINVAL },
	{ "too long", "1000000000000000000000000000000000000000000,1", -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(rate, rate_cases, desc);

static void negotiate_parse_rate(struct kunit *test)
{
	const struct rate_case *c = test->param_value;
	u64 bytes = 0;
	u32 usecs = 0;

	KUNIT_ASSERT_EQ(test, xnif_parse_rate(c->in, &bytes, &usecs), c->ret);
	if (!c->ret) {
		KUNIT_EXPECT_EQ(test, bytes, c->bytes);
		KUNIT_EXPECT_EQ(test, usecs, c->usecs);
	}
}

static struct kunit_case negotiate_cases[] = {
	KUNIT_CASE(negotiate_pick_queues),
	KUNIT_CASE(negotiate_check_requests),
	KUNIT_CASE(negotiate_pick_layout),
	KUNIT_CASE(negotiate_layout_defaults),
	KUNIT_CASE_PARAM(negotiate_check_layout, layout_gen_params),
	KUNIT_CASE_PARAM(negotiate_parse_mac, mac_gen_params),
	KUNIT_CASE_PARAM(negotiate_parse_rate, rate_gen_params),
	{}
};

static struct kunit_suite negotiate_suite = {
	.name = "xen_netif_negotiate",
	.test_cases = negotiate_cases,
};

kunit_test_suite(negotiate_suite);
