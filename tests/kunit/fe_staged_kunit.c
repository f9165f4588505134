// SPDX-License-Identifier: GPL-2.0
/*
 * The staged pool's size: within the backend's answer for one queue,
 * one table page, what the data path uses and half the free
 * grants; none when that leaves too few pages to be worth it.
 */
#include <kunit/test.h>

#include "fe_staged.h"

struct staged_case {
	const char *desc;
	struct xnif_staged_in in;
	unsigned int per;
};

static const struct staged_case staged_cases[] = {
	{ "backend bound", { 200, 4, 100000, 512 }, 200 },
	/* GET_GREF_MAPPING_SIZE names a queue: its answer is that queue's. */
	{ "answer per queue, not divided", { 64, 4, 100000, 512 }, 64 },
	{ "data path bound", { 4096, 1, 100000, 300 }, 300 },
	{ "one table page", { 65536, 1, 100000, 100000 }, 512 },
	{ "grant bound", { 4096, 2, 1000, 512 }, 249 },
	{ "no answer", { 0, 4, 100000, 512 }, 0 },
	{ "no queues", { 1024, 0, 100000, 512 }, 0 },
	{ "no free grants", { 1024, 1, 0, 512 }, 0 },
	{ "one free grant", { 1024, 1, 3, 512 }, 0 },
	{ "too few to bother", { 15, 4, 100000, 512 }, 0 },
	{ "just enough", { 16, 4, 100000, 512 }, 16 },
	{ "grants leave too few", { 4096, 8, 200, 512 }, 0 },
	{ "huge answer, many queues", { U32_MAX, 256, U32_MAX, 512 }, 512 },
	{ "nothing used", { 1024, 1, 100000, 0 }, 0 },
};

KUNIT_ARRAY_PARAM_DESC(staged, staged_cases, desc);

static void fe_staged_per_queue(struct kunit *test)
{
	const struct staged_case *c = test->param_value;
	unsigned int per = xnif_staged_per_queue(&c->in);

	KUNIT_EXPECT_EQ(test, per, c->per);
	/* Whatever the inputs, never beyond any of the bounds. */
	if (per && c->in.queues) {
		KUNIT_EXPECT_LE(test, per, c->in.be_size);
		KUNIT_EXPECT_LE(test, (per + 1) * c->in.queues,
				c->in.free_grants / 2);
	}
}

static void fe_staged_table_fits_page(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, XNIF_STAGED_TABLE_MAX, 512UL);
	KUNIT_EXPECT_LE(test, XNIF_STAGED_TABLE_MAX *
			sizeof(struct xen_netif_gref), (size_t)XNIF_PAGE_SIZE);
}

static struct kunit_case fe_staged_cases[] = {
	KUNIT_CASE_PARAM(fe_staged_per_queue, staged_gen_params),
	KUNIT_CASE(fe_staged_table_fits_page),
	{}
};

static struct kunit_suite fe_staged_suite = {
	.name = "xen_netif_fe_staged",
	.test_cases = fe_staged_cases,
};

kunit_test_suite(fe_staged_suite);
