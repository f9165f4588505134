// SPDX-License-Identifier: GPL-2.0
/*
 * Toeplitz hash against the verification suite Microsoft publishes with
 * the RSS specification (the same key and flows every RSS driver tests).
 * Input order is source address, destination address, source port,
 * destination port, all in network byte order.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "ctrl_validate.h"

static const u8 rss_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

struct v4_case {
	const char *desc;
	u8 src[4], dst[4];
	u16 sport, dport;
	u32 l3, l4;
};

static const struct v4_case v4_cases[] = {
	{ "66.9.149.187:2794 -> 161.142.100.80:1766",
	  { 66, 9, 149, 187 }, { 161, 142, 100, 80 }, 2794, 1766,
	  0x323e8fc2, 0x51ccc178 },
	{ "199.92.111.2:14230 -> 65.69.140.83:4739",
	  { 199, 92, 111, 2 }, { 65, 69, 140, 83 }, 14230, 4739,
	  0xd718262a, 0xc626b0ea },
	{ "24.19.198.95:12898 -> 12.22.207.184:38024",
	  { 24, 19, 198, 95 }, { 12, 22, 207, 184 }, 12898, 38024,
	  0xd2d0a5de, 0x5c2b394a },
	{ "38.27.205.30:48228 -> 209.142.163.6:2217",
	  { 38, 27, 205, 30 }, { 209, 142, 163, 6 }, 48228, 2217,
	  0x82989176, 0xafc7327f },
	{ "153.39.163.191:44251 -> 202.188.127.2:1303",
	  { 153, 39, 163, 191 }, { 202, 188, 127, 2 }, 44251, 1303,
	  0x5d1809c5, 0x10e828a2 },
};

KUNIT_ARRAY_PARAM_DESC(v4, v4_cases, desc);

static void toeplitz_ipv4(struct kunit *test)
{
	const struct v4_case *c = test->param_value;
	u8 in[12];

	memcpy(in, c->src, 4);
	memcpy(in + 4, c->dst, 4);
	in[8] = c->sport >> 8;
	in[9] = c->sport & 0xff;
	in[10] = c->dport >> 8;
	in[11] = c->dport & 0xff;
	KUNIT_EXPECT_EQ(test, xnif_toeplitz(rss_key, sizeof(rss_key), in, 8),
			c->l3);
	KUNIT_EXPECT_EQ(test, xnif_toeplitz(rss_key, sizeof(rss_key), in, 12),
			c->l4);
}

/* The longest input (IPv6 + TCP) uses every bit of a 40-byte key. */
static void toeplitz_ipv6(struct kunit *test)
{
	/* 3ffe:2501:200:1fff::7 -> 3ffe:2501:200:3::1, 2794 -> 1766 */
	static const u8 in[36] = {
		0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff,
		0, 0, 0, 0, 0, 0, 0, 0x07,
		0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03,
		0, 0, 0, 0, 0, 0, 0, 0x01,
		0x0a, 0xea, 0x06, 0xe6,
	};

	KUNIT_EXPECT_EQ(test, xnif_toeplitz(rss_key, sizeof(rss_key), in, 32),
			0x2cc18cd5);
	KUNIT_EXPECT_EQ(test, xnif_toeplitz(rss_key, sizeof(rss_key), in, 36),
			0x40207d3d);
}

/* A short key behaves as if padded with zeros, and an empty input is 0. */
static void toeplitz_short_key(struct kunit *test)
{
	u8 padded[40] = {};
	u8 in[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

	memcpy(padded, rss_key, 9);
	KUNIT_EXPECT_EQ(test, xnif_toeplitz(rss_key, 9, in, sizeof(in)),
			xnif_toeplitz(padded, sizeof(padded), in, sizeof(in)));
	KUNIT_EXPECT_EQ(test, xnif_toeplitz(rss_key, 0, in, sizeof(in)), 0);
	KUNIT_EXPECT_EQ(test, xnif_toeplitz(rss_key, 40, in, 0), 0);
}

static struct kunit_case toeplitz_cases[] = {
	KUNIT_CASE_PARAM(toeplitz_ipv4, v4_gen_params),
	KUNIT_CASE(toeplitz_ipv6),
	KUNIT_CASE(toeplitz_short_key),
	{}
};

static struct kunit_suite toeplitz_suite = {
	.name = "xen_netif_toeplitz",
	.test_cases = toeplitz_cases,
};

kunit_test_suite(toeplitz_suite);
