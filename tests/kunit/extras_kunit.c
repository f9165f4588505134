// SPDX-License-Identifier: GPL-2.0
/*
 * Extra-info chains and GSO segments, as either side receives them.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include "extras.h"

struct gso_case {
	const char *desc;
	u16 size;
	u8 type;
	int ret;
	unsigned int skb_type;
};

static const struct gso_case gso_cases[] = {
	{ "tcpv4 1448", 1448, XEN_NETIF_GSO_TYPE_TCPV4, 0, SKB_GSO_TCPV4 },
	{ "tcpv6 1440", 1440, XEN_NETIF_GSO_TYPE_TCPV6, 0, SKB_GSO_TCPV6 },
	{ "largest size", 65535, XEN_NETIF_GSO_TYPE_TCPV6, 0, SKB_GSO_TCPV6 },
	{ "size 0", 0, XEN_NETIF_GSO_TYPE_TCPV4, -EINVAL },
	{ "type none", 1448, XEN_NETIF_GSO_TYPE_NONE, -EPROTONOSUPPORT },
	{ "type 3", 1448, 3, -EPROTONOSUPPORT },
	{ "type 255", 1448, 255, -EPROTONOSUPPORT },
};

KUNIT_ARRAY_PARAM_DESC(gso, gso_cases, desc);

static void extras_gso_parse(struct kunit *test)
{
	const struct gso_case *c = test->param_value;
	struct xen_netif_extra_info e = {
		.type = XEN_NETIF_EXTRA_TYPE_GSO,
		.u.gso = { .size = c->size, .type = c->type },
	};
	unsigned int skb_type = 0;

	KUNIT_ASSERT_EQ(test, xnif_gso_parse(&e, &skb_type), c->ret);
	if (!c->ret)
		KUNIT_EXPECT_EQ(test, skb_type, c->skb_type);
}

/* What one side fills, the other side parses back to the same thing. */
static void extras_gso_round_trip(struct kunit *test)
{
	static const unsigned int types[] = { SKB_GSO_TCPV4, SKB_GSO_TCPV6 };
	struct xen_netif_extra_info e;
	unsigned int i, back;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		KUNIT_ASSERT_EQ(test, xnif_gso_fill(&e, 1448, types[i]), 0);
		KUNIT_EXPECT_EQ(test, e.type, XEN_NETIF_EXTRA_TYPE_GSO);
		KUNIT_EXPECT_EQ(test, e.flags, 0);
		KUNIT_ASSERT_EQ(test, xnif_gso_parse(&e, &back), 0);
		KUNIT_EXPECT_EQ(test, back, types[i]);
	}
	KUNIT_EXPECT_EQ(test, xnif_gso_fill(&e, 1448, SKB_GSO_UDP_L4),
			-EPROTONOSUPPORT);
}

static void extras_chain(struct kunit *test)
{
	struct xen_netif_extra_info e = {};
	struct xnif_extras x = {};
	unsigned int t;

	/* Every real type once, in reverse order, then the chain ends. */
	for (t = XEN_NETIF_EXTRA_TYPE_MAX - 1; t > 0; t--) {
		e.type = t;
		e.flags = t > 1 ? XEN_NETIF_EXTRA_FLAG_MORE : 0;
		e.u.pad[0] = t * 11;
		KUNIT_EXPECT_EQ(test, xnif_extras_add(&x, &e), t > 1 ? 1 : 0);
	}
	for (t = 1; t < XEN_NETIF_EXTRA_TYPE_MAX; t++) {
		KUNIT_ASSERT_NOT_NULL(test, xnif_extras_get(&x, t));
		KUNIT_EXPECT_EQ(test, xnif_extras_get(&x, t)->u.pad[0], t * 11);
	}
	/* A repeat is refused and changes nothing. */
	e.type = XEN_NETIF_EXTRA_TYPE_GSO;
	e.u.pad[0] = 0;
	KUNIT_EXPECT_EQ(test, xnif_extras_add(&x, &e), -EEXIST);
	KUNIT_EXPECT_EQ(test,
			xnif_extras_get(&x, XEN_NETIF_EXTRA_TYPE_GSO)->u.pad[0],
			11);
}

static void extras_bad_type(struct kunit *test)
{
	struct xen_netif_extra_info e = {};
	struct xnif_extras x = {};

	e.type = XEN_NETIF_EXTRA_TYPE_NONE;
	KUNIT_EXPECT_EQ(test, xnif_extras_add(&x, &e), -EINVAL);
	e.type = XEN_NETIF_EXTRA_TYPE_MAX;
	KUNIT_EXPECT_EQ(test, xnif_extras_add(&x, &e), -EINVAL);
	e.type = 0xff;
	KUNIT_EXPECT_EQ(test, xnif_extras_add(&x, &e), -EINVAL);
	KUNIT_EXPECT_EQ(test, x.present, 0);
	KUNIT_EXPECT_NULL(test, xnif_extras_get(&x, 0));
	KUNIT_EXPECT_NULL(test, xnif_extras_get(&x, XEN_NETIF_EXTRA_TYPE_GSO));
	KUNIT_EXPECT_NULL(test, xnif_extras_get(&x, 0xff));
}

static struct kunit_case extras_cases[] = {
	KUNIT_CASE_PARAM(extras_gso_parse, gso_gen_params),
	KUNIT_CASE(extras_gso_round_trip),
	KUNIT_CASE(extras_chain),
	KUNIT_CASE(extras_bad_type),
	{}
};

static struct kunit_suite extras_suite = {
	.name = "xen_netif_extras",
	.test_cases = extras_cases,
};

kunit_test_suite(extras_suite);
