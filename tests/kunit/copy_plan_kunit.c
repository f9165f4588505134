// SPDX-License-Identifier: GPL-2.0
/*
 * Grant-copy planning: chunk boundaries on fixed layouts, receive-buffer
 * layouts, and a randomised check that any plan moves every byte of the
 * source to the same stream position in the destination.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/string.h>

#include "copy_plan.h"

#define SPANS(...)	((const struct xnif_span[]){ __VA_ARGS__ })

static void copy_plan_fixed(struct kunit *test)
{
	struct xnif_chunk out[8];

	/* One slot into a head that straddles a page: two chunks. */
	KUNIT_ASSERT_EQ(test, xnif_copy_plan(SPANS({ 100, 300 }), 1,
					     SPANS({ 3996, 100 }, { 0, 200 }),
					     2, out, 8), 2);
	KUNIT_EXPECT_EQ(test, out[0].src_off, 100);
	KUNIT_EXPECT_EQ(test, out[0].dst_off, 3996);
	KUNIT_EXPECT_EQ(test, out[0].len, 100);
	KUNIT_EXPECT_EQ(test, out[1].src_off, 200);
	KUNIT_EXPECT_EQ(test, out[1].dst, 1);
	KUNIT_EXPECT_EQ(test, out[1].dst_off, 0);
	KUNIT_EXPECT_EQ(test, out[1].len, 200);

	/* Empty spans on either side are skipped. */
	KUNIT_ASSERT_EQ(test, xnif_copy_plan(SPANS({ 0, 0 }, { 5, 10 }), 2,
					     SPANS({ 0, 0 }, { 0, 4096 }), 2,
					     out, 8), 1);
	KUNIT_EXPECT_EQ(test, out[0].src, 1);
	KUNIT_EXPECT_EQ(test, out[0].dst, 1);

	/* Nothing to copy. */
	KUNIT_EXPECT_EQ(test, xnif_copy_plan(NULL, 0, SPANS({ 0, 10 }), 1,
					     out, 8), 0);
}

static void copy_plan_refusals(struct kunit *test)
{
	struct xnif_chunk out[4];

	KUNIT_EXPECT_EQ(test, xnif_copy_plan(SPANS({ 4000, 97 }), 1,
					     SPANS({ 0, 4096 }), 1, out, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_copy_plan(SPANS({ 0, 100 }), 1,
					     SPANS({ 4095, 2 }), 1, out, 4),
			-EINVAL);
	/* Destination too short. */
	KUNIT_EXPECT_EQ(test, xnif_copy_plan(SPANS({ 0, 100 }), 1,
					     SPANS({ 0, 99 }), 1, out, 4),
			-ENOSPC);
	/* Not enough room for the chunks. */
	KUNIT_EXPECT_EQ(test, xnif_copy_plan(SPANS({ 0, 100 }, { 0, 100 }), 2,
					     SPANS({ 0, 200 }), 1, out, 1),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, xnif_copy_plan(SPANS({ 0, 1 }), 256,
					     SPANS({ 0, 200 }), 1, out, 4),
			-EINVAL);
}

struct rx_case {
	const char *desc;
	unsigned int len;
	unsigned int headroom;
	unsigned int buffers;
	u16 last_len;
};

static const struct rx_case rx_cases[] = {
	{ "empty", 0, 0, 1, 0 },
	{ "small", 60, 0, 1, 60 },
	{ "one full page", 4096, 0, 1, 4096 },
	{ "one byte more", 4097, 0, 2, 1 },
	{ "64 KiB - 1", 65535, 0, 16, 4095 },
	{ "64 KiB", 65536, 0, 16, 4096 },
	{ "xdp headroom, fits", 3840, 256, 1, 3840 },
	{ "xdp headroom, spills", 3841, 256, 2, 1 },
	{ "one byte in the first", 65535, 4095, 17, 4094 },
	{ "headroom of a page", 10, 4096, 0, 0 },
};

KUNIT_ARRAY_PARAM_DESC(rx, rx_cases, desc);

static void copy_plan_rx_layout(struct kunit *test)
{
	const struct rx_case *c = test->param_value;
	struct xnif_span spans[20];
	unsigned int i, sum = 0;
	int n;

	KUNIT_EXPECT_EQ(test, xnif_rx_buffers(c->len, c->headroom), c->buffers);
	n = xnif_rx_layout(c->len, c->headroom, spans, ARRAY_SIZE(spans));
	if (!c->buffers) {
		KUNIT_EXPECT_EQ(test, n, -ENOSPC);
		return;
	}
	KUNIT_ASSERT_EQ(test, n, c->buffers);
	KUNIT_EXPECT_EQ(test, spans[0].off, c->headroom);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_LE(test, spans[i].off + spans[i].len, 4096);
		if (i)
			KUNIT_EXPECT_EQ(test, spans[i].off, 0);
		if (i && i + 1 < n)
			KUNIT_EXPECT_EQ(test, spans[i].len, 4096);
		sum += spans[i].len;
	}
	KUNIT_EXPECT_EQ(test, sum, c->len);
	KUNIT_EXPECT_EQ(test, spans[n - 1].len, c->last_len);
	KUNIT_EXPECT_EQ(test, xnif_rx_layout(c->len, c->headroom, spans,
					     c->buffers - 1), -ENOSPC);
}

/* Random spans that add up to total, each inside one page. */
static unsigned int random_spans(struct rnd_state *rnd, struct xnif_span *s,
				 unsigned int max, unsigned int total)
{
	unsigned int n = 0;

	while (total && n < max) {
		unsigned int off = prandom_u32_state(rnd) % 4096;
		unsigned int len = prandom_u32_state(rnd) % (4096 - off + 1);

		if (n + 1 == max)
			len = min(total, 4096 - off);
		len = min(len, total);
		s[n++] = (struct xnif_span){ .off = off, .len = len };
		total -= len;
	}
	return total ? 0 : n;
}

/*
 * Differential check against the obvious model: copy byte by byte in
 * stream order. Pages are modelled as one 4 KiB buffer per span.
 */
static void copy_plan_random(struct kunit *test)
{
	const unsigned int max_spans = 24, pages = max_spans * 4096;
	struct xnif_span *src, *dst;
	struct xnif_chunk *out;
	struct rnd_state rnd;
	u8 *sbuf, *dbuf, *want;
	unsigned int round;

	src = kunit_kcalloc(test, max_spans, sizeof(*src), GFP_KERNEL);
	dst = kunit_kcalloc(test, max_spans, sizeof(*dst), GFP_KERNEL);
	out = kunit_kcalloc(test, 2 * max_spans, sizeof(*out), GFP_KERNEL);
	sbuf = kunit_kmalloc(test, pages, GFP_KERNEL);
	dbuf = kunit_kmalloc(test, pages, GFP_KERNEL);
	want = kunit_kmalloc(test, pages, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, src && dst && out && sbuf && dbuf && want);
	prandom_seed_state(&rnd, 42);
	prandom_bytes_state(&rnd, sbuf, pages);

	for (round = 0; round < 500; round++) {
		unsigned int total = prandom_u32_state(&rnd) % 40000;
		unsigned int ns, nd, i, pos = 0;
		int n;

		ns = random_spans(&rnd, src, max_spans, total);
		nd = random_spans(&rnd, dst, max_spans, total);
		if (!ns || !nd)
			continue;
		memset(dbuf, 0, pages);
		memset(want, 0, pages);
		/* The model: walk both lists one byte at a time. */
		for (i = 0; i < ns; i++) {
			unsigned int b;

			for (b = 0; b < src[i].len; b++, pos++) {
				unsigned int d = 0, p = pos;

				while (p >= dst[d].len)
					p -= dst[d++].len;
				want[d * 4096 + dst[d].off + p] =
					sbuf[i * 4096 + src[i].off + b];
			}
		}
		n = xnif_copy_plan(src, ns, dst, nd, out, 2 * max_spans);
		KUNIT_ASSERT_GE(test, n, 0);
		KUNIT_EXPECT_LE(test, n, ns + nd - 1);
		for (i = 0; i < n; i++) {
			KUNIT_ASSERT_LE(test, out[i].src_off + out[i].len, 4096);
			KUNIT_ASSERT_LE(test, out[i].dst_off + out[i].len, 4096);
			memcpy(dbuf + out[i].dst * 4096 + out[i].dst_off,
			       sbuf + out[i].src * 4096 + out[i].src_off,
			       out[i].len);
		}
		KUNIT_ASSERT_EQ(test, memcmp(dbuf, want, pages), 0);
	}
}

static struct kunit_case copy_plan_cases[] = {
	KUNIT_CASE(copy_plan_fixed),
	KUNIT_CASE(copy_plan_refusals),
	KUNIT_CASE_PARAM(copy_plan_rx_layout, rx_gen_params),
	KUNIT_CASE(copy_plan_random),
	{}
};

static struct kunit_suite copy_plan_suite = {
	.name = "xen_netif_copy_plan",
	.test_cases = copy_plan_cases,
};

kunit_test_suite(copy_plan_suite);
