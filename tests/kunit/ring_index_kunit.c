// SPDX-License-Identifier: GPL-2.0
/*
 * Ring index arithmetic on free-running 32-bit indices, across the wrap
 * of the counters and for every ring size a negotiated order gives.
 */
#include <kunit/test.h>

#include "ring_index.h"

struct prod_case {
	const char *desc;
	u32 prod, cons, size;
	bool valid;
	u32 distance;
};

static const struct prod_case prod_cases[] = {
	{ "empty", 10, 10, 256, true, 0 },
	{ "full", 266, 10, 256, true, 256 },
	{ "one beyond full", 267, 10, 256, false, 257 },
	{ "behind", 9, 10, 256, false, 0xffffffff },
	{ "wrap, empty", 0xfffffff0, 0xfffffff0, 256, true, 0 },
	{ "wrap, some", 0x10, 0xfffffff0, 256, true, 0x20 },
	{ "wrap, full", 0xf0, 0xfffffff0, 256, true, 256 },
	{ "wrap, beyond", 0xf1, 0xfffffff0, 256, false, 257 },
	{ "wrap, behind", 0xffffffef, 0x10, 256, false, 0xffffffdf },
	{ "order 4 ring full", 4096, 0, 4096, true, 4096 },
	{ "order 4 ring beyond", 4097, 0, 4096, false, 4097 },
	{ "half the index space", 0x80000000, 0, 4096, false, 0x80000000 },
};

KUNIT_ARRAY_PARAM_DESC(prod, prod_cases, desc);

static void ring_index_prod(struct kunit *test)
{
	const struct prod_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_ring_distance(c->prod, c->cons), c->distance);
	KUNIT_EXPECT_EQ(test, xnif_ring_prod_valid(c->prod, c->cons, c->size),
			c->valid);
}

static void ring_index_slot(struct kunit *test)
{
	unsigned int order;

	for (order = 0; order <= 4; order++) {
		u32 size = 256U << order;

		KUNIT_EXPECT_EQ(test, xnif_ring_slot(0, size), 0);
		KUNIT_EXPECT_EQ(test, xnif_ring_slot(size, size), 0);
		KUNIT_EXPECT_EQ(test, xnif_ring_slot(size - 1, size), size - 1);
		/* The counter wraps onto slot 0 for every power of two. */
		KUNIT_EXPECT_EQ(test, xnif_ring_slot(0xffffffff, size),
				size - 1);
		KUNIT_EXPECT_EQ(test, xnif_ring_slot(0xffffffff + 1U, size), 0);
	}
}

static struct kunit_case ring_index_cases[] = {
	KUNIT_CASE_PARAM(ring_index_prod, prod_gen_params),
	KUNIT_CASE(ring_index_slot),
	{}
};

static struct kunit_suite ring_index_suite = {
	.name = "xen_netif_ring_index",
	.test_cases = ring_index_cases,
};

kunit_test_suite(ring_index_suite);
