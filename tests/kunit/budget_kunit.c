// SPDX-License-Identifier: GPL-2.0
/*
 * The grant budget of a frontend: what one device picks, and what a whole
 * guest of devices gets when they connect one after another on one grant
 * table, with allocations that fail where the estimate was wrong.
 */
#include <kunit/test.h>

#include "budget.h"

/* Entries Linux keeps for itself at the start of the table. */
#define SIM_RESERVED	8U

/* A guest's grant table as the devices connecting to it see it. */
struct sim {
	unsigned int capacity;	/* frames * 512 */
	unsigned int used;	/* what our devices hold: part of the estimate */
	unsigned int hidden;	/* what others hold: only a failure shows it */
	unsigned int tries;
	unsigned int waiting;	/* devices still to connect after this one */
	enum xnif_ring_layout layout;
};

static void sim_init(struct sim *s, unsigned int frames, unsigned int hidden)
{
	*s = (struct sim){
		.capacity = frames * XNIF_GRANTS_PER_FRAME - SIM_RESERVED,
		.hidden = hidden,
		.layout = XNIF_LAYOUT_CLASSIC,
	};
}

/* Connect one device: pick, allocate, step down on failure. */
static int sim_connect(struct sim *s, unsigned int want_queues,
		       unsigned int want_order, unsigned int be_queues,
		       unsigned int be_order, struct xnif_budget_out *out)
{
	struct xnif_budget_in in = {
		.want_queues = want_queues,
		.want_order = want_order,
		.be_max_queues = be_queues,
		.be_max_order = be_order,
		.free_grants = s->capacity - s->used,
		.waiting = s->waiting,
		.layout = s->layout,
	};
	int err;

	for (;;) {
		err = xnif_budget_pick(&in, out);
		if (err)
			return err;
		s->tries++;
		if (out->grants + s->used + s->hidden <= s->capacity) {
			s->used += out->grants;
			return 0;
		}
		xnif_budget_failed(&in.hist, out, true);
	}
}

static void budget_queue_grants(struct kunit *test)
{
	/* Stock: 256 TX + 256 RX slots and one page per ring. */
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(0, XNIF_LAYOUT_CLASSIC), 514U);
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(1, XNIF_LAYOUT_CLASSIC), 1028U);
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(2, XNIF_LAYOUT_CLASSIC), 2056U);
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(4, XNIF_LAYOUT_CLASSIC), 8224U);
	/* v2 splits each slot in two strides: half the slots per page. */
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(0, XNIF_LAYOUT_V2), 258U);
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(1, XNIF_LAYOUT_V2), 516U);
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(4, XNIF_LAYOUT_V2), 4128U);
	KUNIT_EXPECT_EQ(test, xnif_budget_queue_grants(5, XNIF_LAYOUT_CLASSIC), 0U);
}

static void budget_slots(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_budget_tx_slots(0, XNIF_LAYOUT_CLASSIC), 256U);
	KUNIT_EXPECT_EQ(test, xnif_budget_rx_slots(4, XNIF_LAYOUT_CLASSIC), 4096U);
	KUNIT_EXPECT_EQ(test, xnif_budget_tx_slots(0, XNIF_LAYOUT_V2), 128U);
	KUNIT_EXPECT_EQ(test, xnif_budget_tx_slots(4, XNIF_LAYOUT_V2), 2048U);
	KUNIT_EXPECT_EQ(test, xnif_budget_rx_slots(4, XNIF_LAYOUT_V2), 2048U);
}

static void budget_order_for(struct kunit *test)
{
	/* The default ring: one classic page, two v2 pages. */
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(XNIF_DEFAULT_RING_SLOTS, 4,
						    XNIF_LAYOUT_CLASSIC), 0U);
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(XNIF_DEFAULT_RING_SLOTS, 4,
						    XNIF_LAYOUT_V2), 1U);
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(1, 4, XNIF_LAYOUT_CLASSIC), 0U);
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(257, 4, XNIF_LAYOUT_CLASSIC), 1U);
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(1024, 4, XNIF_LAYOUT_CLASSIC), 2U);
	/* More than the largest ring holds: the largest ring. */
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(~0U, 4, XNIF_LAYOUT_CLASSIC), 4U);
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(4096, 1, XNIF_LAYOUT_CLASSIC), 1U);
	KUNIT_EXPECT_EQ(test, xnif_budget_order_for(4096, 99, XNIF_LAYOUT_V2), 4U);
}

/* Plenty of grants: exactly what was asked, or what the backend offers. */
static void budget_as_wanted(struct kunit *test)
{
	struct xnif_budget_in in = {
		.want_queues = 4, .want_order = 2,
		.be_max_queues = 8, .be_max_order = 4,
		.free_grants = 32760, .layout = XNIF_LAYOUT_CLASSIC,
	};
	struct xnif_budget_out out;

	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 4U);
	KUNIT_EXPECT_EQ(test, out.order, 2U);
	KUNIT_EXPECT_EQ(test, out.grants, 4 * 2056U);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_WANTED);

	in.be_max_queues = 2;
	in.be_max_order = 1;
	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 2U);
	KUNIT_EXPECT_EQ(test, out.order, 1U);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_BACKEND);
}

/* A stock netback: no multi-page key, one page; its queue maximum holds. */
static void budget_stock_backend(struct kunit *test)
{
	struct xnif_budget_in in = {
		.want_queues = 4, .want_order = 4,
		.be_max_queues = 4, .be_max_order = 0,
		.free_grants = 32760, .layout = XNIF_LAYOUT_CLASSIC,
	};
	struct xnif_budget_out out;

	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 4U);
	KUNIT_EXPECT_EQ(test, out.order, 0U);
	KUNIT_EXPECT_EQ(test, out.grants, 4 * 514U);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_BACKEND);

	/* Without multi-queue either: stock's one queue of one page. */
	in.be_max_queues = 1;
	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 1U);
	KUNIT_EXPECT_EQ(test, out.order, 0U);
}

/* A peer's absurd maximum and a zero want are bounded, not trusted. */
static void budget_bounds(struct kunit *test)
{
	struct xnif_budget_in in = {
		.want_queues = ~0U, .want_order = ~0U,
		.be_max_queues = ~0U, .be_max_order = ~0U,
		.free_grants = ~0U, .layout = XNIF_LAYOUT_CLASSIC,
	};
	struct xnif_budget_out out;

	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, XNIF_BUDGET_MAX_QUEUES);
	KUNIT_EXPECT_EQ(test, out.order, 4U);

	in.want_queues = 0;
	in.be_max_queues = 0;
	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 1U);
}

/*
 * Every failure steps down once: smaller rings first, then fewer queues,
 * down to one page and one queue, after which there is nothing to try.
 */
static void budget_step_down(struct kunit *test)
{
	static const unsigned int seq[][2] = {
		{ 4, 2 }, { 4, 1 }, { 4, 0 }, { 3, 0 }, { 2, 0 }, { 1, 0 },
	};
	struct xnif_budget_in in = {
		.want_queues = 4, .want_order = 2,
		.be_max_queues = 4, .be_max_order = 4,
		.free_grants = 32760, .layout = XNIF_LAYOUT_CLASSIC,
	};
	struct xnif_budget_out out;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
		KUNIT_EXPECT_EQ(test, out.queues, seq[i][0]);
		KUNIT_EXPECT_EQ(test, out.order, seq[i][1]);
		if (i)
			KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_NOMEM);
		xnif_budget_failed(&in.hist, &out, false);
	}
	KUNIT_EXPECT_EQ(test, xnif_budget_pick(&in, &out), -ENOSPC);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_EXHAUSTED);
	KUNIT_EXPECT_EQ(test, in.hist.failures, 6U);
}

/* A grant failure rules out everything that costs as much or more. */
static void budget_grant_failure(struct kunit *test)
{
	struct xnif_budget_in in = {
		.want_queues = 4, .want_order = 2,
		.be_max_queues = 4, .be_max_order = 4,
		.free_grants = 32760, .layout = XNIF_LAYOUT_CLASSIC,
	};
	struct xnif_budget_out out;

	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	/* Only 3000 were really free: (4,1) at 4112 is no use either. */
	out.grants = 3000;
	xnif_budget_failed(&in.hist, &out, true);
	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 4U);
	KUNIT_EXPECT_EQ(test, out.order, 0U);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_GRANT_FAIL);
	KUNIT_EXPECT_STREQ(test, xnif_budget_reason_name(out.reason),
			   "grant_fail");
}

/* One page and one queue is tried even when the estimate says no room. */
static void budget_floor_always_tried(struct kunit *test)
{
	struct xnif_budget_in in = {
		.want_queues = 4, .want_order = 0,
		.be_max_queues = 4, .be_max_order = 0,
		.free_grants = 100, .layout = XNIF_LAYOUT_CLASSIC,
	};
	struct xnif_budget_out out;

	KUNIT_ASSERT_EQ(test, xnif_budget_pick(&in, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 1U);
	KUNIT_EXPECT_EQ(test, out.order, 0U);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_GRANTS);
}

/*
 * Issue #18: a 4-vCPU guest, 8 vifs of 4 queues, the default 64 grant
 * frames, our backend on the other side (order 4, 8 queues), and a disk
 * holding 1100 grants the estimate does not see. At the default ring
 * size every vif gets all it asked for.
 */
static void budget_eight_vifs_default(struct kunit *test)
{
	struct xnif_budget_out out;
	struct sim s;
	unsigned int i;

	sim_init(&s, 64, 1100);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, sim_connect(&s, 4, 0, 8, 4, &out), 0);
		KUNIT_EXPECT_EQ(test, out.queues, 4U);
		KUNIT_EXPECT_EQ(test, out.order, 0U);
		KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_WANTED);
	}
	KUNIT_EXPECT_EQ(test, s.used, 8 * 4 * 514U);
	KUNIT_EXPECT_EQ(test, s.tries, 8U);
}

/*
 * The same guest between our two drivers, in layout v2: the default
 * 256-slot ring is two pages there, and all eight still get it.
 */
static void budget_eight_vifs_v2(struct kunit *test)
{
	struct xnif_budget_out out;
	unsigned int i, order;
	struct sim s;

	sim_init(&s, 64, 1100);
	s.layout = XNIF_LAYOUT_V2;
	order = xnif_budget_order_for(XNIF_DEFAULT_RING_SLOTS, 4, s.layout);
	KUNIT_ASSERT_EQ(test, order, 1U);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, sim_connect(&s, 4, order, 8, 4, &out), 0);
		KUNIT_EXPECT_EQ(test, out.queues, 4U);
		KUNIT_EXPECT_EQ(test, out.order, 1U);
		KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_WANTED);
	}
	KUNIT_EXPECT_EQ(test, s.used, 8 * 4 * 516U);
}

/*
 * The same guest with every vif asking for order 2: each takes no more
 * than half of what is left, so the later ones still find room, and all
 * eight connect, the first ones at what they asked for.
 */
static void budget_eight_vifs_order2(struct kunit *test)
{
	struct xnif_budget_out out;
	unsigned int i, full = 0;
	struct sim s;

	sim_init(&s, 64, 1100);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, sim_connect(&s, 4, 2, 8, 4, &out), 0);
		KUNIT_EXPECT_GE(test, out.queues, 1U);
		if (out.queues == 4 && out.order == 2)
			full++;
		else
			KUNIT_EXPECT_NE(test, out.reason, XNIF_BUDGET_WANTED);
	}
	KUNIT_EXPECT_GE(test, full, 2U);
	KUNIT_EXPECT_LE(test, s.used + s.hidden, s.capacity);
}

/*
 * A guest limited to 16 grant frames (8184 entries). One vif asking for
 * order 2 with 4 queues steps down to one page. With 8 vifs of 4 queues
 * at the default size, stock connects 3 (the 4th needs 2056 of 2016
 * left); we connect at least those, and a 4th with fewer queues.
 */
static void budget_small_table(struct kunit *test)
{
	struct xnif_budget_out out;
	unsigned int i, connected = 0;
	struct sim s;

	sim_init(&s, 16, 0);
	KUNIT_ASSERT_EQ(test, sim_connect(&s, 4, 2, 8, 4, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 4U);
	KUNIT_EXPECT_EQ(test, out.order, 0U);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_GRANTS);

	sim_init(&s, 16, 0);
	for (i = 0; i < 8; i++) {
		if (sim_connect(&s, 4, 0, 8, 4, &out))
			continue;
		connected++;
		if (i < 3)
			KUNIT_EXPECT_EQ(test, out.queues, 4U);
	}
	KUNIT_EXPECT_GE(test, connected, 4U);
	KUNIT_EXPECT_LE(test, s.used, s.capacity);
}

/*
 * The same 16-frame guest with its 8 vifs in its configuration, all
 * connecting at boot (issue #18): each sees the others still waiting
 * and leaves them a share, so all eight connect, in either layout, and
 * only the floor may take more than its share.
 */
static void budget_small_table_all_connect(struct kunit *test)
{
	enum xnif_ring_layout layouts[] = { XNIF_LAYOUT_CLASSIC, XNIF_LAYOUT_V2 };
	struct xnif_budget_out out;
	unsigned int i, l, order;
	struct sim s;

	for (l = 0; l < ARRAY_SIZE(layouts); l++) {
		sim_init(&s, 16, 0);
		s.layout = layouts[l];
		order = xnif_budget_order_for(XNIF_DEFAULT_RING_SLOTS, 4, s.layout);
		for (i = 0; i < 8; i++) {
			unsigned int share;

			s.waiting = 7 - i;
			share = (s.capacity - s.used) / (s.waiting + 1);
			KUNIT_ASSERT_EQ(test, sim_connect(&s, 4, order, 8, 4, &out), 0);
			KUNIT_EXPECT_GE(test, out.queues, 1U);
			if (out.queues > 1 || out.order)
				KUNIT_EXPECT_LE(test, out.grants, share);
		}
		KUNIT_EXPECT_LE(test, s.used, s.capacity);
	}
}

/* Nothing waiting: the share changes nothing (budget_eight_vifs_v2). */
static void budget_share_only_when_waiting(struct kunit *test)
{
	struct xnif_budget_out out;
	struct sim s;

	sim_init(&s, 64, 0);
	s.waiting = 7;
	KUNIT_ASSERT_EQ(test, sim_connect(&s, 4, 0, 8, 4, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 4U);
	KUNIT_EXPECT_EQ(test, out.reason, XNIF_BUDGET_WANTED);
	sim_init(&s, 16, 0);
	KUNIT_ASSERT_EQ(test, sim_connect(&s, 4, 0, 8, 4, &out), 0);
	KUNIT_EXPECT_EQ(test, out.queues, 4U);
}

static void budget_reason_names(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < XNIF_BUDGET_REASON_MAX; i++)
		KUNIT_EXPECT_STRNEQ(test, xnif_budget_reason_name(i), "unknown");
	KUNIT_EXPECT_STREQ(test, xnif_budget_reason_name(XNIF_BUDGET_REASON_MAX),
			   "unknown");
}

static struct kunit_case budget_cases[] = {
	KUNIT_CASE(budget_queue_grants),
	KUNIT_CASE(budget_slots),
	KUNIT_CASE(budget_order_for),
	KUNIT_CASE(budget_as_wanted),
	KUNIT_CASE(budget_stock_backend),
	KUNIT_CASE(budget_bounds),
	KUNIT_CASE(budget_step_down),
	KUNIT_CASE(budget_grant_failure),
	KUNIT_CASE(budget_floor_always_tried),
	KUNIT_CASE(budget_eight_vifs_default),
	KUNIT_CASE(budget_eight_vifs_v2),
	KUNIT_CASE(budget_eight_vifs_order2),
	KUNIT_CASE(budget_small_table),
	KUNIT_CASE(budget_small_table_all_connect),
	KUNIT_CASE(budget_share_only_when_waiting),
	KUNIT_CASE(budget_reason_names),
	{}
};

static struct kunit_suite budget_suite = {
	.name = "xen_netif_budget",
	.test_cases = budget_cases,
};

kunit_test_suite(budget_suite);
