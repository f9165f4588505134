// SPDX-License-Identifier: GPL-2.0
/*
 * The staged pool's size: within the backend's answer for one queue,
 * one table page, what the data path uses and half the free
 * grants; none when that leaves too few pages to be worth it. Its split
 * between RX and TX, and the TX share's bookkeeping against a backend
 * whose responses lie, driven through the TX id ledger as tx.c does.
 */
#include <kunit/test.h>
#include <linux/errno.h>

#include "fe_staged.h"
#include "tx_ids.h"

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

struct split_case {
	const char *desc;
	unsigned int per, rx_size, tx_size;
	unsigned int rx, tx;
};

static const struct split_case split_cases[] = {
	{ "even halves", 512, 256, 256, 256, 256 },
	{ "odd pool, RX the extra page", 33, 256, 256, 17, 16 },
	{ "minimum pool", 16, 256, 256, 8, 8 },
	{ "small TX ring", 512, 256, 64, 256, 64 },
	{ "small RX ring, TX takes the rest", 300, 64, 256, 64, 236 },
	{ "both rings small", 512, 32, 32, 32, 32 },
	{ "nothing", 0, 256, 256, 0, 0 },
	{ "one page", 1, 256, 256, 1, 0 },
};

KUNIT_ARRAY_PARAM_DESC(split, split_cases, desc);

static void fe_staged_split_shares(struct kunit *test)
{
	const struct split_case *c = test->param_value;
	unsigned int rx, tx;

	xnif_staged_split(c->per, c->rx_size, c->tx_size, &rx, &tx);
	KUNIT_EXPECT_EQ(test, rx, c->rx);
	KUNIT_EXPECT_EQ(test, tx, c->tx);
	/* Never more than the pool, nor than a ring can post. */
	KUNIT_EXPECT_LE(test, rx + tx, c->per);
	KUNIT_EXPECT_LE(test, rx, c->rx_size);
	KUNIT_EXPECT_LE(test, tx, c->tx_size);
}

#define STX_PAGES	4
#define STX_IDS		8

/* The TX share next to the id ledger, as a queue has them. */
struct stx_box {
	struct xnif_staged_tx t;
	u16 free[STX_PAGES];
	u16 by_id[STX_IDS];
	struct xnif_tx_ids ids;
	u16 id_free[STX_IDS];
	u8 id_owed[STX_IDS];
};

static void stx_init(struct stx_box *b)
{
	xnif_staged_tx_init(&b->t, b->free, b->by_id, STX_PAGES, STX_IDS);
	xnif_tx_ids_init(&b->ids, b->id_free, b->id_owed, STX_IDS);
}

/* A data request with a staged page: its id and page, as tx.c takes them. */
static int stx_send(struct kunit *test, struct stx_box *b, int *page)
{
	int id = xnif_tx_id_take(&b->ids, 0);

	KUNIT_ASSERT_GE(test, id, 0);
	*page = xnif_staged_tx_take(&b->t, id);
	return id;
}

/* A response as tx.c takes it: the ledger first, the page only after. */
static int stx_answer(struct stx_box *b, u16 id, s16 status,
		      enum xnif_rsp_err *err)
{
	struct xen_netif_tx_response rsp = { .id = id, .status = status };
	int done;

	*err = xnif_tx_ids_answer(&b->ids, &rsp, &done);
	if (*err || done < 0)
		return -1;
	return xnif_staged_tx_put(&b->t, done);
}

/* Free pages, each once, and each page held by one id at most. */
static void stx_consistent(struct kunit *test, const struct stx_box *b)
{
	unsigned int held = 0, i, j;
	bool seen[STX_PAGES] = {};

	KUNIT_EXPECT_LE(test, b->t.nfree, (unsigned int)STX_PAGES);
	for (i = 0; i < b->t.nfree; i++) {
		KUNIT_ASSERT_LT(test, b->free[i], (u16)STX_PAGES);
		KUNIT_EXPECT_FALSE(test, seen[b->free[i]]);
		seen[b->free[i]] = true;
	}
	for (i = 0; i < STX_IDS; i++) {
		if (b->by_id[i] == XNIF_STAGED_TX_NONE)
			continue;
		held++;
		KUNIT_ASSERT_LT(test, b->by_id[i], (u16)STX_PAGES);
		KUNIT_EXPECT_FALSE(test, seen[b->by_id[i]]);
		seen[b->by_id[i]] = true;
		/* An id holding a page is one the ledger has out. */
		KUNIT_EXPECT_NE(test, b->id_owed[i], XNIF_TX_ID_FREE);
		for (j = 0; j < b->ids.nfree; j++)
			KUNIT_EXPECT_NE(test, b->id_free[j], (u16)i);
	}
	KUNIT_EXPECT_EQ(test, held + b->t.nfree, (unsigned int)STX_PAGES);
}

/* A page comes back with its response, an error one all the same. */
static void fe_staged_tx_take_put(struct kunit *test)
{
	static const s16 statuses[] = { XEN_NETIF_RSP_OKAY,
					XEN_NETIF_RSP_ERROR };
	struct stx_box b;
	enum xnif_rsp_err err;
	unsigned int i;
	int id, page;

	stx_init(&b);
	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		id = stx_send(test, &b, &page);
		KUNIT_EXPECT_EQ(test, page, 0);
		KUNIT_EXPECT_EQ(test, b.t.nfree, STX_PAGES - 1U);
		stx_consistent(test, &b);
		KUNIT_EXPECT_EQ(test, stx_answer(&b, id, statuses[i], &err),
				0);
		KUNIT_EXPECT_EQ(test, err, XNIF_RSP_OK);
		KUNIT_EXPECT_EQ(test, b.t.nfree, (unsigned int)STX_PAGES);
		stx_consistent(test, &b);
	}
}

static void fe_staged_tx_runs_dry(struct kunit *test)
{
	struct stx_box b;
	int i, page;

	stx_init(&b);
	for (i = 0; i < STX_PAGES; i++) {
		stx_send(test, &b, &page);
		KUNIT_EXPECT_EQ(test, page, i);
	}
	KUNIT_EXPECT_FALSE(test, xnif_staged_tx_have(&b.t, 1));
	stx_send(test, &b, &page);
	KUNIT_EXPECT_EQ(test, page, -ENOSPC);
	stx_consistent(test, &b);
}

/* An id answered twice: the ledger refuses it, the page stays free once. */
static void fe_staged_tx_lie_twice(struct kunit *test)
{
	struct stx_box b;
	enum xnif_rsp_err err;
	int id, other, page;

	stx_init(&b);
	id = stx_send(test, &b, &page);
	other = stx_send(test, &b, &page);
	KUNIT_EXPECT_GE(test, stx_answer(&b, id, XEN_NETIF_RSP_OKAY, &err), 0);
	KUNIT_EXPECT_EQ(test, stx_answer(&b, id, XEN_NETIF_RSP_OKAY, &err), -1);
	KUNIT_EXPECT_EQ(test, err, XNIF_RSP_TX_NOT_IN_FLIGHT);
	KUNIT_EXPECT_EQ(test, b.t.nfree, STX_PAGES - 1U);
	KUNIT_EXPECT_NE(test, b.by_id[other], XNIF_STAGED_TX_NONE);
	stx_consistent(test, &b);
	/* Even past the ledger, a second put finds nothing to free. */
	KUNIT_EXPECT_EQ(test, xnif_staged_tx_put(&b.t, id), -1);
	KUNIT_EXPECT_EQ(test, b.t.nfree, STX_PAGES - 1U);
}

/* Ids never sent, or beyond the ring: nothing comes back. */
static void fe_staged_tx_lie_unsent(struct kunit *test)
{
	struct stx_box b;
	enum xnif_rsp_err err;
	int page;

	stx_init(&b);
	stx_send(test, &b, &page);
	KUNIT_EXPECT_EQ(test, stx_answer(&b, 5, XEN_NETIF_RSP_OKAY, &err), -1);
	KUNIT_EXPECT_NE(test, err, XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, stx_answer(&b, 0xffff, XEN_NETIF_RSP_OKAY, &err),
			-1);
	KUNIT_EXPECT_NE(test, err, XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, xnif_staged_tx_put(&b.t, 0xffff), -1);
	KUNIT_EXPECT_EQ(test, xnif_staged_tx_put(&b.t, STX_IDS), -1);
	KUNIT_EXPECT_EQ(test, b.t.nfree, STX_PAGES - 1U);
	stx_consistent(test, &b);
}

/* A classic request's id answered: no page to give back, none made up. */
static void fe_staged_tx_classic_id(struct kunit *test)
{
	struct stx_box b;
	enum xnif_rsp_err err;
	int id;

	stx_init(&b);
	id = xnif_tx_id_take(&b.ids, 0);
	KUNIT_ASSERT_GE(test, id, 0);
	KUNIT_EXPECT_EQ(test, stx_answer(&b, id, XEN_NETIF_RSP_OKAY, &err), -1);
	KUNIT_EXPECT_EQ(test, err, XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, b.t.nfree, (unsigned int)STX_PAGES);
}

/* Our own bug, not the backend's: an id that holds a page already. */
static void fe_staged_tx_take_twice(struct kunit *test)
{
	struct stx_box b;

	stx_init(&b);
	KUNIT_EXPECT_EQ(test, xnif_staged_tx_take(&b.t, 3), 0);
	KUNIT_EXPECT_EQ(test, xnif_staged_tx_take(&b.t, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_staged_tx_take(&b.t, STX_IDS), -EINVAL);
	KUNIT_EXPECT_EQ(test, b.t.nfree, STX_PAGES - 1U);
}

/*
 * Responses in any order, lies mixed in: whatever ids a backend writes,
 * after every one the pages are all free or held once each, and an
 * honest answer for every id still out brings all of them back.
 */
static void fe_staged_tx_lies_stream(struct kunit *test)
{
	static const u16 lies[] = { 7, 0, 0, 3, 0xffff, 2, 2, 1, 6, 5 };
	struct stx_box b;
	enum xnif_rsp_err err;
	unsigned int i;
	int page;

	stx_init(&b);
	for (i = 0; i < STX_PAGES; i++)
		stx_send(test, &b, &page);
	for (i = 0; i < ARRAY_SIZE(lies); i++) {
		stx_answer(&b, lies[i], XEN_NETIF_RSP_OKAY, &err);
		stx_consistent(test, &b);
		/* Refill what came back, as the TX path would. */
		while (xnif_staged_tx_have(&b.t, 1) &&
		       xnif_tx_ids_have(&b.ids, 1))
			stx_send(test, &b, &page);
		stx_consistent(test, &b);
	}
	for (i = 0; i < STX_IDS; i++)
		if (b.by_id[i] != XNIF_STAGED_TX_NONE)
			KUNIT_EXPECT_GE(test,
					stx_answer(&b, i, XEN_NETIF_RSP_OKAY,
						   &err), 0);
	KUNIT_EXPECT_EQ(test, b.t.nfree, (unsigned int)STX_PAGES);
	stx_consistent(test, &b);
}

static struct kunit_case fe_staged_cases[] = {
	KUNIT_CASE_PARAM(fe_staged_per_queue, staged_gen_params),
	KUNIT_CASE(fe_staged_table_fits_page),
	KUNIT_CASE_PARAM(fe_staged_split_shares, split_gen_params),
	KUNIT_CASE(fe_staged_tx_take_put),
	KUNIT_CASE(fe_staged_tx_runs_dry),
	KUNIT_CASE(fe_staged_tx_lie_twice),
	KUNIT_CASE(fe_staged_tx_lie_unsent),
	KUNIT_CASE(fe_staged_tx_classic_id),
	KUNIT_CASE(fe_staged_tx_take_twice),
	KUNIT_CASE(fe_staged_tx_lies_stream),
	{}
};

static struct kunit_suite fe_staged_suite = {
	.name = "xen_netif_fe_staged",
	.test_cases = fe_staged_cases,
};

kunit_test_suite(fe_staged_suite);
