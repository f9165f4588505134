// SPDX-License-Identifier: GPL-2.0
/*
 * The frontend's XDP decisions: which attach is refused and why, the
 * MTU limit, the headroom asked for, which packets reach the program,
 * and where each verdict is counted.
 */
#include <kunit/test.h>
#include <linux/bpf.h>

#include "xdp.h"

static void xdp_max_mtu(struct kunit *test)
{
	/* 4096 - 256 headroom - 14 Ethernet - 4 VLAN. */
	KUNIT_EXPECT_EQ(test, xnif_xdp_max_mtu(4096), 3822U);
	KUNIT_EXPECT_TRUE(test, xnif_xdp_mtu_ok(1500, 4096));
	KUNIT_EXPECT_TRUE(test, xnif_xdp_mtu_ok(3822, 4096));
	KUNIT_EXPECT_FALSE(test, xnif_xdp_mtu_ok(3823, 4096));
	KUNIT_EXPECT_FALSE(test, xnif_xdp_mtu_ok(9000, 4096));
	/* A page too small for headroom and a header takes no frame. */
	KUNIT_EXPECT_EQ(test, xnif_xdp_max_mtu(256), 0U);
	KUNIT_EXPECT_EQ(test, xnif_xdp_max_mtu(274), 0U);
	KUNIT_EXPECT_FALSE(test, xnif_xdp_mtu_ok(68, 256));
}

struct attach_case {
	const char *desc;
	struct xnif_xdp_attach a;
	enum xnif_xdp_refusal r;
};

static const struct attach_case attach_cases[] = {
	{ "default MTU, backend offers headroom",
	  { 1500, 4096, true, true, false }, XNIF_XDP_OK },
	{ "largest MTU", { 3822, 4096, true, true, false }, XNIF_XDP_OK },
	{ "one byte over", { 3823, 4096, true, true, false },
	  XNIF_XDP_MTU_TOO_BIG },
	{ "jumbo", { 9000, 4096, true, true, false }, XNIF_XDP_MTU_TOO_BIG },
	{ "backend without headroom", { 1500, 4096, true, false, false },
	  XNIF_XDP_NO_HEADROOM },
	{ "backend not read yet", { 1500, 4096, false, false, false },
	  XNIF_XDP_OK },
	{ "broken device", { 1500, 4096, true, true, true }, XNIF_XDP_BROKEN },
	{ "broken wins over MTU", { 9000, 4096, true, false, true },
	  XNIF_XDP_BROKEN },
	{ "MTU before headroom", { 9000, 4096, true, false, false },
	  XNIF_XDP_MTU_TOO_BIG },
};

KUNIT_ARRAY_PARAM_DESC(attach, attach_cases, desc);

static void xdp_attach(struct kunit *test)
{
	const struct attach_case *c = test->param_value;
	enum xnif_xdp_refusal r = xnif_xdp_attach_check(&c->a);

	KUNIT_EXPECT_EQ(test, r, c->r);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, xnif_xdp_refusal_msg(r));
}

static void xdp_refusal_msgs(struct kunit *test)
{
	KUNIT_EXPECT_NOT_NULL(test,
			      strstr(xnif_xdp_refusal_msg(XNIF_XDP_MTU_TOO_BIG),
				     "multi-buffer"));
	KUNIT_EXPECT_NOT_NULL(test,
			      strstr(xnif_xdp_refusal_msg(XNIF_XDP_NO_HEADROOM),
				     "feature-xdp-headroom"));
	KUNIT_EXPECT_STREQ(test, xnif_xdp_refusal_msg(99), "refused");
	/* Each fits an extack message. */
	KUNIT_EXPECT_LT(test, strlen(xnif_xdp_refusal_msg(XNIF_XDP_MTU_TOO_BIG)),
			80U);
	KUNIT_EXPECT_LT(test, strlen(xnif_xdp_refusal_msg(XNIF_XDP_NO_HEADROOM)),
			80U);
	KUNIT_EXPECT_LT(test, strlen(xnif_xdp_refusal_msg(XNIF_XDP_BROKEN)),
			80U);
}

static void xdp_headroom(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_xdp_headroom(true, true), 256U);
	KUNIT_EXPECT_EQ(test, xnif_xdp_headroom(true, false), 0U);
	KUNIT_EXPECT_EQ(test, xnif_xdp_headroom(false, true), 0U);
	KUNIT_EXPECT_EQ(test, xnif_xdp_headroom(false, false), 0U);
	KUNIT_EXPECT_EQ(test, XNIF_XDP_HEADROOM, (unsigned int)XDP_PACKET_HEADROOM);
}

static void xdp_rx(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(1, 256, 256), XNIF_XDP_RX_RUN);
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(1, 300, 256), XNIF_XDP_RX_RUN);
	/* A backend that ignores xdp-headroom. */
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(1, 0, 256),
			XNIF_XDP_RX_RUN_SHORT);
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(1, 255, 256),
			XNIF_XDP_RX_RUN_SHORT);
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(1, 0, 0), XNIF_XDP_RX_RUN);
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(2, 256, 256),
			XNIF_XDP_RX_MULTI);
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(18, 256, 256),
			XNIF_XDP_RX_MULTI);
	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_check(0, 256, 256),
			XNIF_XDP_RX_MULTI);
}

struct span_case {
	const char *desc;
	unsigned int offset, status, headroom;
	bool ok;
	unsigned int off, len;
};

static const struct span_case span_cases[] = {
	/* Our netback: offset is where the frame starts. */
	{ "ours", 256, 60, 256, true, 256, 60 },
	{ "ours, full page", 256, 3840, 256, true, 256, 3840 },
	/* Linux's netback: offset 0, status counts the headroom too. */
	{ "stock", 0, 316, 256, true, 256, 60 },
	{ "stock, full page", 0, 4096, 256, true, 256, 3840 },
	{ "stock, other headroom", 0, 160, 100, true, 100, 60 },
	/* Nothing left after the headroom, or not even the headroom. */
	{ "stock, headroom only", 0, 256, 256, false, 0, 0 },
	{ "stock, shorter than headroom", 0, 100, 256, false, 0, 0 },
	/* Without headroom the response says it all. */
	{ "no headroom", 0, 60, 0, true, 0, 60 },
	{ "no headroom, offset", 10, 60, 0, true, 10, 60 },
	/* Less headroom than the extra says: taken as sent, counted later. */
	{ "offset below headroom", 100, 60, 256, true, 100, 60 },
};

KUNIT_ARRAY_PARAM_DESC(span, span_cases, desc);

static void xdp_span(struct kunit *test)
{
	const struct span_case *c = test->param_value;
	unsigned int off = 0, len = 0;

	KUNIT_EXPECT_EQ(test, xnif_xdp_rx_span(c->offset, c->status,
					       c->headroom, &off, &len),
			c->ok);
	if (!c->ok)
		return;
	KUNIT_EXPECT_EQ(test, off, c->off);
	KUNIT_EXPECT_EQ(test, len, c->len);
}

struct account_case {
	const char *desc;
	u32 act;
	bool ok;
	enum xnif_xdp_stat s;
};

static const struct account_case account_cases[] = {
	{ "pass", XDP_PASS, true, XNIF_XDP_STAT_PASS },
	{ "pass, no skb", XDP_PASS, false, XNIF_XDP_STAT_PASS_ERR },
	{ "drop", XDP_DROP, true, XNIF_XDP_STAT_DROP },
	{ "drop, ok ignored", XDP_DROP, false, XNIF_XDP_STAT_DROP },
	{ "tx", XDP_TX, true, XNIF_XDP_STAT_TX },
	{ "tx, ring full", XDP_TX, false, XNIF_XDP_STAT_TX_ERR },
	{ "redirect", XDP_REDIRECT, true, XNIF_XDP_STAT_REDIRECT },
	{ "redirect refused", XDP_REDIRECT, false,
	  XNIF_XDP_STAT_REDIRECT_ERR },
	{ "aborted", XDP_ABORTED, true, XNIF_XDP_STAT_ABORTED },
	{ "unknown verdict", 42, true, XNIF_XDP_STAT_ABORTED },
};

KUNIT_ARRAY_PARAM_DESC(account, account_cases, desc);

static void xdp_account(struct kunit *test)
{
	const struct account_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_xdp_account(c->act, c->ok), c->s);
}

static void xdp_stat_names(struct kunit *test)
{
	unsigned int i, j;

	KUNIT_EXPECT_STREQ(test, xnif_xdp_stat_name(XNIF_XDP_STAT_DROP),
			   "xdp_drop");
	KUNIT_EXPECT_STREQ(test, xnif_xdp_stat_name(XNIF_XDP_STAT_MAX),
			   "xdp_unknown");
	/* Every counter named, each name once. */
	for (i = 0; i < XNIF_XDP_STAT_MAX; i++) {
		KUNIT_ASSERT_NOT_NULL(test, xnif_xdp_stat_name(i));
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, xnif_xdp_stat_name(i),
					    xnif_xdp_stat_name(j));
	}
}

static struct kunit_case xdp_cases[] = {
	KUNIT_CASE(xdp_max_mtu),
	KUNIT_CASE_PARAM(xdp_attach, attach_gen_params),
	KUNIT_CASE(xdp_refusal_msgs),
	KUNIT_CASE(xdp_headroom),
	KUNIT_CASE(xdp_rx),
	KUNIT_CASE_PARAM(xdp_span, span_gen_params),
	KUNIT_CASE_PARAM(xdp_account, account_gen_params),
	KUNIT_CASE(xdp_stat_names),
	{}
};

static struct kunit_suite xdp_suite = {
	.name = "xen_netif_xdp",
	.test_cases = xdp_cases,
};

kunit_test_suite(xdp_suite);
