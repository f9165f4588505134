// SPDX-License-Identifier: GPL-2.0
/*
 * The staged-grant table (ADD/DEL_GREF_MAPPING): the request shapes a
 * hostile frontend sends, that a refused ADD leaves nothing behind, and
 * that a deleted reference stays unusable and counted until reaped.
 */
#include <kunit/test.h>

#include "staged.h"

#define OK	XEN_NETIF_CTRL_STATUS_SUCCESS
#define INVAL	XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER
#define OVER	XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW

static struct xnif_staged *staged_table(struct kunit *test, unsigned int max)
{
	struct xnif_staged *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	xnif_staged_init(t, max);
	return t;
}

/* A table and room for a request of up to STAGED_N entries. */
#define STAGED_N	5
struct staged_fix {
	struct xnif_staged *t;
	struct xen_netif_gref e[STAGED_N];
	u16 slot[STAGED_N];
};

static struct staged_fix *staged_fix(struct kunit *test, unsigned int max)
{
	struct staged_fix *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->t = staged_table(test, max);
	return f;
}

static void staged_fill(struct xen_netif_gref *e, unsigned int n,
			grant_ref_t first)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		e[i].ref = first + i;
		e[i].flags = 0;
		e[i].status = 0xffff;
	}
}

static void staged_counts(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_staged_check_count(0), INVAL);
	KUNIT_EXPECT_EQ(test, xnif_staged_check_count(1), OK);
	KUNIT_EXPECT_EQ(test, xnif_staged_check_count(XNIF_STAGED_PAGE_ENTRIES),
			OK);
	KUNIT_EXPECT_EQ(test,
			xnif_staged_check_count(XNIF_STAGED_PAGE_ENTRIES + 1),
			INVAL);
	KUNIT_EXPECT_EQ(test, xnif_staged_check_count(0xffffffff), INVAL);
}

static void staged_add_find(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);
	unsigned int i;

	staged_fill(f->e, 4, 100);
	f->e[3].flags = XEN_NETIF_CTRLF_GREF_readonly;
	KUNIT_ASSERT_EQ(test, xnif_staged_add(f->t, f->e, 4, f->slot), OK);
	KUNIT_EXPECT_EQ(test, f->t->used, 4U);
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_EQ(test, f->e[i].status, OK);
		KUNIT_EXPECT_EQ(test, xnif_staged_find(f->t, 100 + i),
				(int)f->slot[i]);
	}
	KUNIT_EXPECT_EQ(test, f->t->slot[f->slot[3]].flags,
			XEN_NETIF_CTRLF_GREF_readonly);
	KUNIT_EXPECT_EQ(test, xnif_staged_find(f->t, 99), -1);
	KUNIT_EXPECT_EQ(test, xnif_staged_find(f->t, 104), -1);
}

static void staged_add_zero_and_huge(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, XNIF_STAGED_MAX);

	staged_fill(f->e, 1, 1);
	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e, 0, f->slot), INVAL);
	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e, 0xffffffff, f->slot),
			INVAL);
	KUNIT_EXPECT_EQ(test, xnif_staged_del(f->t, f->e, 0, f->slot), 0U);
	KUNIT_EXPECT_EQ(test, xnif_staged_del(f->t, f->e, 0xffffffff, f->slot),
			0U);
	KUNIT_EXPECT_EQ(test, f->t->used, 0U);
}

/* An ADD of n entries refused for entry bad: the table is unchanged. */
static void staged_expect_refused(struct kunit *test, struct staged_fix *f,
				  unsigned int n, unsigned int bad)
{
	unsigned int used = f->t->used;

	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e, n, f->slot), INVAL);
	KUNIT_EXPECT_EQ(test, f->e[bad].status, INVAL);
	KUNIT_EXPECT_EQ(test, f->t->used, used);
}

/* A repeat within one request refuses the request, and nothing is added. */
static void staged_add_duplicate_in_request(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);

	staged_fill(f->e, 3, 10);
	f->e[2].ref = 10;
	staged_expect_refused(test, f, 3, 2);
	KUNIT_EXPECT_EQ(test, f->e[0].status, OK);
	KUNIT_EXPECT_EQ(test, f->e[1].status, OK);
	KUNIT_EXPECT_EQ(test, xnif_staged_find(f->t, 10), -1);
	KUNIT_EXPECT_EQ(test, xnif_staged_find(f->t, 11), -1);
}

/* Overlap with the table: the whole request is refused. */
static void staged_add_overlap(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);

	staged_fill(f->e, 2, 20);
	KUNIT_ASSERT_EQ(test, xnif_staged_add(f->t, f->e, 2, f->slot), OK);
	staged_fill(f->e, 3, 21);
	staged_expect_refused(test, f, 3, 0);
	KUNIT_EXPECT_EQ(test, xnif_staged_find(f->t, 22), -1);
	KUNIT_EXPECT_GE(test, xnif_staged_find(f->t, 21), 0);
}

static void staged_add_bad_flags(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);

	staged_fill(f->e, 2, 30);
	f->e[1].flags = 0x8000;
	staged_expect_refused(test, f, 2, 1);
}

static void staged_bound(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 4);

	staged_fill(f->e, 5, 40);
	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e, 5, f->slot), OVER);
	KUNIT_EXPECT_EQ(test, f->e[4].status, OVER);
	KUNIT_EXPECT_EQ(test, f->t->used, 0U);
	KUNIT_ASSERT_EQ(test, xnif_staged_add(f->t, f->e, 3, f->slot), OK);
	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e + 3, 2, f->slot),
			OVER);
	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e + 3, 1, f->slot), OK);
	KUNIT_EXPECT_EQ(test, f->t->used, 4U);
	/* The module parameter cannot raise the bound past the arrays. */
	f->t = staged_table(test, 100000);
	KUNIT_EXPECT_EQ(test, f->t->max, (unsigned int)XNIF_STAGED_MAX);
}

static void staged_del_unknown(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);

	staged_fill(f->e, 2, 50);
	KUNIT_ASSERT_EQ(test, xnif_staged_add(f->t, f->e, 2, f->slot), OK);
	staged_fill(f->e, 3, 51);
	f->e[2].ref = 51;
	KUNIT_EXPECT_EQ(test, xnif_staged_del(f->t, f->e, 3, f->slot), 1U);
	KUNIT_EXPECT_EQ(test, f->e[0].status, OK);
	KUNIT_EXPECT_EQ(test, f->e[1].status, INVAL);	/* never added */
	KUNIT_EXPECT_EQ(test, f->e[2].status, INVAL);	/* repeat */
	KUNIT_EXPECT_GE(test, xnif_staged_find(f->t, 50), 0);
}

/*
 * A deleted reference may still be in use by a copy in flight: it is
 * retiring, no longer found, not re-addable and still counted until the
 * backend has waited for such copies and reaped it.
 */
static void staged_del_in_use_deferred(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 2);
	u16 gone[2];

	staged_fill(f->e, 2, 60);
	KUNIT_ASSERT_EQ(test, xnif_staged_add(f->t, f->e, 2, f->slot), OK);
	KUNIT_ASSERT_EQ(test, xnif_staged_del(f->t, f->e, 1, gone), 1U);
	KUNIT_EXPECT_EQ(test, gone[0], f->slot[0]);
	KUNIT_EXPECT_EQ(test, xnif_staged_find(f->t, 60), -1);
	KUNIT_EXPECT_EQ(test, f->t->used, 2U);
	/* Deleting it again is refused: it is no longer mapped for use. */
	KUNIT_EXPECT_EQ(test, xnif_staged_del(f->t, f->e, 1, gone), 0U);
	KUNIT_EXPECT_EQ(test, f->e[0].status, INVAL);
	staged_fill(f->e, 1, 60);
	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e, 1, f->slot), OVER);
	xnif_staged_reap(f->t, f->slot[0]);
	KUNIT_EXPECT_EQ(test, f->t->used, 1U);
	/* Reaping a live or free slot does nothing. */
	xnif_staged_reap(f->t, f->slot[1]);
	xnif_staged_reap(f->t, XNIF_STAGED_MAX + 5);
	KUNIT_EXPECT_EQ(test, f->t->used, 1U);
	KUNIT_EXPECT_EQ(test, xnif_staged_add(f->t, f->e, 1, f->slot), OK);
	KUNIT_EXPECT_GE(test, xnif_staged_find(f->t, 61), 0);
}

/*
 * References that all hash to nearby buckets, deleted in an order that
 * makes the probe runs shift: every remaining one stays found.
 */
static void staged_churn(struct kunit *test)
{
	struct xnif_staged *t = staged_table(test, XNIF_STAGED_MAX);
	struct xen_netif_gref *e;
	u16 *slot, gone[1];
	unsigned int i, j;

	/* Too big for a kernel stack. */
	e = kunit_kcalloc(test, XNIF_STAGED_PAGE_ENTRIES, sizeof(*e),
			  GFP_KERNEL);
	slot = kunit_kcalloc(test, XNIF_STAGED_PAGE_ENTRIES, sizeof(*slot),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_ASSERT_NOT_NULL(test, slot);
	staged_fill(e, XNIF_STAGED_PAGE_ENTRIES, 0);
	for (i = 0; i < XNIF_STAGED_PAGE_ENTRIES; i++)
		e[i].ref = i << 22;	/* few distinct high bits */
	KUNIT_ASSERT_EQ(test, xnif_staged_add(t, e, XNIF_STAGED_PAGE_ENTRIES,
					      slot), OK);
	for (i = 0; i < XNIF_STAGED_PAGE_ENTRIES; i += 3) {
		KUNIT_ASSERT_EQ(test, xnif_staged_del(t, &e[i], 1, gone), 1U);
		xnif_staged_reap(t, gone[0]);
	}
	for (j = 0; j < XNIF_STAGED_PAGE_ENTRIES; j++)
		KUNIT_EXPECT_EQ(test, xnif_staged_find(t, e[j].ref) >= 0,
				j % 3 != 0);
}

#define ADD	XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING
#define DEL	XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING

/* An ADD of n entries of f->e, and what the backend makes of it. */
static enum xnif_staged_verdict staged_add_judged(struct staged_fix *f,
						  unsigned int n)
{
	u32 status = xnif_staged_add(f->t, f->e, n, f->slot);

	return xnif_staged_judge(ADD, n, status, f->e);
}

static enum xnif_staged_verdict staged_del_judged(struct staged_fix *f,
						  unsigned int n)
{
	xnif_staged_del(f->t, f->e, n, f->slot);
	return xnif_staged_judge(DEL, n, 0, f->e);
}

/* The count is judged before the list is read: past the page, or not. */
static void staged_judge_count(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_staged_judge(ADD, 0, 0, NULL),
			XNIF_STAGED_HONEST);
	KUNIT_EXPECT_EQ(test, xnif_staged_judge(DEL, 1, 0, NULL),
			XNIF_STAGED_HONEST);
	KUNIT_EXPECT_EQ(test,
			xnif_staged_judge(ADD, XNIF_STAGED_PAGE_ENTRIES, 0,
					  NULL),
			XNIF_STAGED_HONEST);
	KUNIT_EXPECT_EQ(test,
			xnif_staged_judge(ADD, XNIF_STAGED_PAGE_ENTRIES + 1, 0,
					  NULL),
			XNIF_STAGED_BAD_COUNT);
	KUNIT_EXPECT_EQ(test, xnif_staged_judge(DEL, 0xffffffff, 0, NULL),
			XNIF_STAGED_BAD_COUNT);
}

/* A reference twice in one ADD, or one the table has: only hostile. */
static void staged_judge_dup(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);

	staged_fill(f->e, 3, 10);
	f->e[2].ref = 10;
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 3), XNIF_STAGED_DUP);
	staged_fill(f->e, 2, 20);
	KUNIT_ASSERT_EQ(test, staged_add_judged(f, 2), XNIF_STAGED_HONEST);
	staged_fill(f->e, 3, 21);
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 3), XNIF_STAGED_DUP);
	/* An unknown flag next to the repeat does not excuse it. */
	staged_fill(f->e, 2, 20);
	f->e[0].flags = 0x8000;
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 2), XNIF_STAGED_DUP);
}

/* More than GET_GREF_MAPPING_SIZE announced, counting what is there. */
static void staged_judge_over_bound(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 4);

	staged_fill(f->e, 5, 40);
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 5),
			XNIF_STAGED_OVER_BOUND);
	KUNIT_ASSERT_EQ(test, staged_add_judged(f, 3), XNIF_STAGED_HONEST);
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 2),
			XNIF_STAGED_OVER_BOUND);
}

/*
 * What a correct frontend may do must not disable it: fill the table to
 * its bound, use flags this backend does not know, DEL what it added
 * (whether or not a posted buffer still names it) and ADD it again.
 */
static void staged_judge_honest(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 4);
	unsigned int i;

	staged_fill(f->e, 4, 70);
	f->e[1].flags = XEN_NETIF_CTRLF_GREF_readonly;
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 4), XNIF_STAGED_HONEST);
	KUNIT_EXPECT_EQ(test, staged_del_judged(f, 4), XNIF_STAGED_HONEST);
	KUNIT_EXPECT_EQ(test, f->e[3].status, OK);
	/* The backend unmaps before it answers: the slots are free again. */
	for (i = 0; i < 4; i++)
		xnif_staged_reap(f->t, f->slot[i]);
	staged_fill(f->e, 2, 80);
	f->e[1].flags = 0x4000;
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 2), XNIF_STAGED_HONEST);
	KUNIT_EXPECT_EQ(test, f->e[1].status, INVAL);
	KUNIT_EXPECT_EQ(test, f->t->used, 0U);
	staged_fill(f->e, 4, 70);
	KUNIT_EXPECT_EQ(test, staged_add_judged(f, 4), XNIF_STAGED_HONEST);
}

/* A DEL of a reference not mapped, or of one twice: only hostile. */
static void staged_judge_del_unmapped(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);

	staged_fill(f->e, 2, 90);
	KUNIT_ASSERT_EQ(test, staged_add_judged(f, 2), XNIF_STAGED_HONEST);
	staged_fill(f->e, 1, 99);
	KUNIT_EXPECT_EQ(test, staged_del_judged(f, 1),
			XNIF_STAGED_DEL_UNMAPPED);
	staged_fill(f->e, 2, 90);
	f->e[1].ref = 90;
	KUNIT_EXPECT_EQ(test, staged_del_judged(f, 2),
			XNIF_STAGED_DEL_UNMAPPED);
}

/* Names by position: every verdict has its own. */
static void staged_judge_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xnif_staged_verdict_name(XNIF_STAGED_HONEST),
			   "staged_honest");
	KUNIT_EXPECT_STREQ(test,
			   xnif_staged_verdict_name(XNIF_STAGED_BAD_COUNT),
			   "staged_bad_count");
	KUNIT_EXPECT_STREQ(test,
			   xnif_staged_verdict_name(XNIF_STAGED_OVER_BOUND),
			   "staged_over_bound");
	KUNIT_EXPECT_STREQ(test, xnif_staged_verdict_name(XNIF_STAGED_DUP),
			   "staged_dup");
	KUNIT_EXPECT_STREQ(test,
			   xnif_staged_verdict_name(XNIF_STAGED_DEL_UNMAPPED),
			   "staged_del_unmapped");
	KUNIT_EXPECT_STREQ(test,
			   xnif_staged_verdict_name(XNIF_STAGED_VERDICT_MAX),
			   "staged_unknown");
}

/*
 * A guest TX packet naming a live reference anywhere among its slots is
 * one to copy out of the mapped page (not to grant-map with
 * tx_zerocopy); a retiring reference no longer counts.
 */
static void staged_any_tx_slot(struct kunit *test)
{
	struct staged_fix *f = staged_fix(test, 8);
	struct xen_netif_tx_request req[3] = {
		{ .gref = 7 }, { .gref = 8 }, { .gref = 101 },
	};

	KUNIT_EXPECT_FALSE(test, xnif_staged_any(f->t, req, 3));
	staged_fill(f->e, 2, 100);
	KUNIT_ASSERT_EQ(test, xnif_staged_add(f->t, f->e, 2, f->slot), OK);
	KUNIT_EXPECT_TRUE(test, xnif_staged_any(f->t, req, 3));
	/* Only the slots given are looked at. */
	KUNIT_EXPECT_FALSE(test, xnif_staged_any(f->t, req, 2));
	KUNIT_EXPECT_FALSE(test, xnif_staged_any(f->t, req, 0));
	req[0].gref = 100;
	KUNIT_EXPECT_TRUE(test, xnif_staged_any(f->t, req, 1));
	staged_fill(f->e, 2, 100);
	KUNIT_ASSERT_EQ(test, xnif_staged_del(f->t, f->e, 2, f->slot), 2U);
	KUNIT_EXPECT_FALSE(test, xnif_staged_any(f->t, req, 3));
}

static struct kunit_case staged_cases[] = {
	KUNIT_CASE(staged_counts),
	KUNIT_CASE(staged_add_find),
	KUNIT_CASE(staged_add_zero_and_huge),
	KUNIT_CASE(staged_add_duplicate_in_request),
	KUNIT_CASE(staged_add_overlap),
	KUNIT_CASE(staged_add_bad_flags),
	KUNIT_CASE(staged_bound),
	KUNIT_CASE(staged_del_unknown),
	KUNIT_CASE(staged_del_in_use_deferred),
	KUNIT_CASE(staged_churn),
	KUNIT_CASE(staged_judge_count),
	KUNIT_CASE(staged_judge_dup),
	KUNIT_CASE(staged_judge_over_bound),
	KUNIT_CASE(staged_judge_honest),
	KUNIT_CASE(staged_judge_del_unmapped),
	KUNIT_CASE(staged_judge_names),
	KUNIT_CASE(staged_any_tx_slot),
	{}
};

static struct kunit_suite staged_suite = {
	.name = "xen_netif_staged",
	.test_cases = staged_cases,
};

kunit_test_suite(staged_suite);
