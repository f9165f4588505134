// SPDX-License-Identifier: GPL-2.0
/*
 * The frontend's TX id ledger against a lying backend: a placeholder
 * (XEN_NETIF_RSP_NULL) is taken only where an extra-info slot was sent,
 * ids go back to the pool once each, and whatever stream of responses a
 * backend writes, the pool never holds fewer free ids than the ring has
 * free slots, never more than it has ids, and never an id twice.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/slab.h>

#include "tx_ids.h"

#define SMALL 8

struct ids_box {
	struct xnif_tx_ids t;
	u16 free[SMALL];
	u8 owed[SMALL];
};

static void box_init(struct ids_box *b)
{
	xnif_tx_ids_init(&b->t, b->free, b->owed, SMALL);
}

static enum xnif_rsp_err answer(struct ids_box *b, u16 id, s16 status,
				int *done)
{
	struct xen_netif_tx_response rsp = { .id = id, .status = status };

	return xnif_tx_ids_answer(&b->t, &rsp, done);
}

/* Each lie leaves the pool as it was: no id comes back for it. */
static void tx_ids_null_on_data_slot(struct kunit *test)
{
	struct ids_box b;
	int a, done;

	box_init(&b);
	a = xnif_tx_id_take(&b.t, 0);
	KUNIT_ASSERT_GE(test, a, 0);
	KUNIT_EXPECT_EQ(test, answer(&b, a, XEN_NETIF_RSP_NULL, &done),
			XNIF_RSP_TX_BAD_NULL);
	KUNIT_EXPECT_EQ(test, b.t.nfree, SMALL - 1U);
	KUNIT_EXPECT_NE(test, b.owed[a], XNIF_TX_ID_FREE);
}

static void tx_ids_null_before_any_request(struct kunit *test)
{
	struct ids_box b;
	int done;

	box_init(&b);
	KUNIT_EXPECT_EQ(test, answer(&b, 0, XEN_NETIF_RSP_NULL, &done),
			XNIF_RSP_TX_BAD_NULL);
}

static void tx_ids_null_after_extra(struct kunit *test)
{
	struct ids_box b;
	int a, c, done;

	box_init(&b);
	a = xnif_tx_id_take(&b.t, 1);
	c = xnif_tx_id_take(&b.t, 0);
	KUNIT_ASSERT_GE(test, a, 0);
	KUNIT_ASSERT_GE(test, c, 0);
	KUNIT_EXPECT_EQ(test, answer(&b, a, XEN_NETIF_RSP_OKAY, &done),
			XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, done, a);
	/* A placeholder's id means nothing. */
	KUNIT_EXPECT_EQ(test, answer(&b, 60000, XEN_NETIF_RSP_NULL, &done),
			XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, done, -1);
	/* One extra-info slot, one placeholder. */
	KUNIT_EXPECT_EQ(test, answer(&b, c, XEN_NETIF_RSP_NULL, &done),
			XNIF_RSP_TX_BAD_NULL);
	KUNIT_EXPECT_EQ(test, answer(&b, c, XEN_NETIF_RSP_ERROR, &done),
			XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, done, c);
	KUNIT_EXPECT_EQ(test, b.t.nfree, (unsigned int)SMALL);
}

static void tx_ids_null_missing(struct kunit *test)
{
	struct ids_box b;
	int a, c, done;

	box_init(&b);
	a = xnif_tx_id_take(&b.t, 1);
	c = xnif_tx_id_take(&b.t, 0);
	KUNIT_EXPECT_EQ(test, answer(&b, a, XEN_NETIF_RSP_OKAY, &done),
			XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, answer(&b, c, XEN_NETIF_RSP_OKAY, &done),
			XNIF_RSP_TX_BAD_NULL);
	KUNIT_EXPECT_NE(test, b.owed[c], XNIF_TX_ID_FREE);
}

static void tx_ids_twice(struct kunit *test)
{
	struct ids_box b;
	int a, done;

	box_init(&b);
	a = xnif_tx_id_take(&b.t, 0);
	KUNIT_EXPECT_EQ(test, answer(&b, a, XEN_NETIF_RSP_OKAY, &done),
			XNIF_RSP_OK);
	KUNIT_EXPECT_EQ(test, answer(&b, a, XEN_NETIF_RSP_OKAY, &done),
			XNIF_RSP_TX_NOT_IN_FLIGHT);
	KUNIT_EXPECT_EQ(test, answer(&b, SMALL, XEN_NETIF_RSP_OKAY, &done),
			XNIF_RSP_TX_BAD_ID);
	KUNIT_EXPECT_EQ(test, b.t.nfree, (unsigned int)SMALL);
}

/* xorshift32: the same stream on every run. */
static u32 rnd(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

#define RING	32
#define ROUNDS	4000

/* A frontend queue as the glue drives it, and the backend's ring copy. */
struct fuzz_queue {
	struct xnif_tx_ids t;
	u16 free[RING];
	u8 owed[RING];
	u32 prod, cons;			/* requests written, responses taken */
	u16 out[RING];			/* outstanding ids, as the backend sees them */
	u8 out_extras[RING];
	unsigned int nout;
	struct xen_netif_tx_response rsp[RING];	/* written, not yet taken */
	unsigned int nrsp;
};

static void fuzz_reset(struct fuzz_queue *q)
{
	memset(q, 0, sizeof(*q));
	xnif_tx_ids_init(&q->t, q->free, q->owed, RING);
}

/* What must hold after every step, whatever the backend did. */
static void fuzz_check(struct kunit *test, struct fuzz_queue *q)
{
	unsigned int i, busy = 0, space = RING - (q->prod - q->cons);
	bool seen[RING] = {};

	KUNIT_ASSERT_LE(test, q->t.nfree, (unsigned int)RING);
	KUNIT_ASSERT_GE(test, q->t.nfree, space);
	for (i = 0; i < q->t.nfree; i++) {
		u16 id = q->free[i];

		KUNIT_ASSERT_LT(test, id, RING);
		KUNIT_ASSERT_FALSE(test, seen[id]);
		KUNIT_ASSERT_EQ(test, q->owed[id], XNIF_TX_ID_FREE);
		seen[id] = true;
	}
	for (i = 0; i < RING; i++)
		busy += q->owed[i] != XNIF_TX_ID_FREE;
	KUNIT_ASSERT_EQ(test, busy + q->t.nfree, (unsigned int)RING);
}

/* One packet: a data request, with a GSO extra-info slot half the time. */
static void fuzz_send(struct kunit *test, struct fuzz_queue *q, u32 *s)
{
	unsigned int extras = rnd(s) & 1;
	int id;

	if (RING - (q->prod - q->cons) < 1 + extras)
		return;
	id = xnif_tx_id_take(&q->t, extras);
	KUNIT_ASSERT_GE(test, id, 0);
	q->out[q->nout] = id;
	q->out_extras[q->nout++] = extras;
	q->prod += 1 + extras;
}

/* The backend answers, honestly or with a lie, in any order. */
static void fuzz_backend(struct fuzz_queue *q, u32 *s)
{
	unsigned int room = (q->prod - q->cons) - q->nrsp;
	struct xen_netif_tx_response r = { .status = XEN_NETIF_RSP_OKAY };
	unsigned int i, n;

	if (!room)
		return;
	switch (rnd(s) % 32) {
	case 0:		/* a placeholder anywhere */
		r.status = XEN_NETIF_RSP_NULL;
		r.id = rnd(s);
		break;
	case 1:		/* any id at all */
		r.id = rnd(s) % (RING + 2);
		r.status = (s16)(rnd(s) % 4) - 2;
		break;
	default:
		if (!q->nout)
			return;
		i = rnd(s) % q->nout;
		n = q->out_extras[i];
		if (n + 1 > room)
			return;
		r.id = q->out[i];
		r.status = rnd(s) % 8 ? XEN_NETIF_RSP_OKAY :
					XEN_NETIF_RSP_ERROR;
		q->rsp[q->nrsp++] = r;
		while (n--) {
			r.id = rnd(s);
			r.status = XEN_NETIF_RSP_NULL;
			q->rsp[q->nrsp++] = r;
		}
		q->out[i] = q->out[--q->nout];
		q->out_extras[i] = q->out_extras[q->nout];
		return;
	}
	q->rsp[q->nrsp++] = r;
}

/* The frontend takes in what was written; a violation resets the queue. */
static unsigned int fuzz_reap(struct kunit *test, struct fuzz_queue *q)
{
	unsigned int i;
	int id;

	for (i = 0; i < q->nrsp; i++) {
		if (xnif_tx_ids_answer(&q->t, &q->rsp[i], &id)) {
			fuzz_reset(q);
			return 1;
		}
		q->cons++;
		KUNIT_ASSERT_LT(test, id, RING);
	}
	q->nrsp = 0;
	return 0;
}

static void tx_ids_random_backend(struct kunit *test)
{
	struct fuzz_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	unsigned int round, step, resets = 0;
	u32 s = 0x9e3779b9;

	KUNIT_ASSERT_NOT_NULL(test, q);
	fuzz_reset(q);
	for (round = 0; round < ROUNDS; round++) {
		for (step = rnd(&s) % 8; step; step--)
			fuzz_send(test, q, &s);
		for (step = rnd(&s) % 8; step; step--)
			fuzz_backend(q, &s);
		resets += fuzz_reap(test, q);
		fuzz_check(test, q);
	}
	/* Lies were told and caught, and honest traffic flowed between. */
	KUNIT_EXPECT_GT(test, resets, 10U);
	KUNIT_EXPECT_LT(test, resets, ROUNDS / 2);
}

static void tx_ids_empty_pool(struct kunit *test)
{
	struct ids_box b;
	unsigned int i;

	box_init(&b);
	for (i = 0; i < SMALL; i++)
		KUNIT_EXPECT_GE(test, xnif_tx_id_take(&b.t, 0), 0);
	KUNIT_EXPECT_FALSE(test, xnif_tx_ids_have(&b.t, 1));
	KUNIT_EXPECT_EQ(test, xnif_tx_id_take(&b.t, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, b.t.nfree, 0U);
}

static struct kunit_case tx_ids_test_cases[] = {
	KUNIT_CASE(tx_ids_null_on_data_slot),
	KUNIT_CASE(tx_ids_null_before_any_request),
	KUNIT_CASE(tx_ids_null_after_extra),
	KUNIT_CASE(tx_ids_null_missing),
	KUNIT_CASE(tx_ids_twice),
	KUNIT_CASE(tx_ids_random_backend),
	/* Last: before the fix it reads far out of bounds. */
	KUNIT_CASE(tx_ids_empty_pool),
	{}
};

static struct kunit_suite tx_ids_suite = {
	.name = "xen_netif_tx_ids",
	.test_cases = tx_ids_test_cases,
};

kunit_test_suite(tx_ids_suite);
