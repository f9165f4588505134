// SPDX-License-Identifier: GPL-2.0
/*
 * The shared ring code: where each layout puts indices and slots, the
 * event-index test across wraparound, and the publish/arm handshake.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include <xen/interface/io/netif.h>

#include "ring.h"

#define RING_TEST_PAGES(order)	(4096U << (order))

static void *ring_test_pages(struct kunit *test, unsigned int order)
{
	void *p = kunit_kzalloc(test, RING_TEST_PAGES(order), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

static void ring_slots(struct kunit *test)
{
	/* Classic layout: header 64 bytes, TX slot 12, RX slot 8. */
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(0, 64, 12), 256U);
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(0, 64, 8), 256U);
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(1, 64, 12), 512U);
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(4, 64, 12), 4096U);
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(4, 64, 8), 4096U);
	/* Out of range orders and nonsense sizes give an empty ring. */
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(5, 64, 12), 0U);
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(31, 64, 12), 0U);
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(0, 64, 0), 0U);
	KUNIT_EXPECT_EQ(test, xnif_ring_slots(0, 4096, 12), 0U);
}

/* The classic layout is the kernel's own sring: same offsets, same size. */
static void ring_classic_matches_sring(struct kunit *test)
{
	struct xen_netif_tx_sring *sring = ring_test_pages(test, 0);
	struct xnif_ring ring;

	KUNIT_ASSERT_EQ(test, xnif_ring_attach(&ring, sring, 0,
					       XNIF_LAYOUT_CLASSIC, 12, 4), 0);
	KUNIT_EXPECT_PTR_EQ(test, ring.req.prod, &sring->req_prod);
	KUNIT_EXPECT_PTR_EQ(test, ring.req.event, &sring->req_event);
	KUNIT_EXPECT_PTR_EQ(test, ring.rsp.prod, &sring->rsp_prod);
	KUNIT_EXPECT_PTR_EQ(test, ring.rsp.event, &sring->rsp_event);
	KUNIT_EXPECT_EQ(test, ring.size, 256U);
	KUNIT_EXPECT_PTR_EQ(test, xnif_ring_req(&ring, 3),
			    (void *)&sring->ring[3].req);
	KUNIT_EXPECT_PTR_EQ(test, xnif_ring_rsp(&ring, 3),
			    (void *)&sring->ring[3].rsp);
	/* Index 256 wraps to slot 0. */
	KUNIT_EXPECT_PTR_EQ(test, xnif_ring_req(&ring, 256),
			    (void *)&sring->ring[0].req);
}

/* Every cache line of a v2 ring has one writer; no entry straddles one. */
static void ring_v2_single_writer_lines(struct kunit *test)
{
	u8 *page = ring_test_pages(test, 1);
	struct xnif_ring ring;
	u8 *req_end, *rsp_end;
	u32 i;

	KUNIT_ASSERT_EQ(test, xnif_ring_attach(&ring, page, 1,
					       XNIF_LAYOUT_V2, 12, 4), 0);
	KUNIT_EXPECT_EQ(test, (u8 *)ring.req.prod - page, 0);
	KUNIT_EXPECT_EQ(test, (u8 *)ring.rsp.event - page, 4);
	KUNIT_EXPECT_EQ(test, (u8 *)ring.rsp.prod - page, 64);
	KUNIT_EXPECT_EQ(test, (u8 *)ring.req.event - page, 68);
	KUNIT_EXPECT_EQ(test, ring.req_stride, 16U);
	KUNIT_EXPECT_EQ(test, ring.rsp_stride, 4U);
	/* (8192 - 128) / 20 = 403: 256 entries. */
	KUNIT_EXPECT_EQ(test, ring.size, 256U);
	KUNIT_EXPECT_EQ(test, (ring.rsp_slots - page) % 64, 0);
	req_end = ring.req_slots + ring.size * ring.req_stride;
	rsp_end = ring.rsp_slots + ring.size * ring.rsp_stride;
	KUNIT_EXPECT_PTR_EQ(test, req_end, ring.rsp_slots);
	KUNIT_EXPECT_LE(test, rsp_end - page, 8192);
	for (i = 0; i < ring.size; i++) {
		uintptr_t req = (u8 *)xnif_ring_req(&ring, i) - page;
		uintptr_t rsp = (u8 *)xnif_ring_rsp(&ring, i) - page;

		KUNIT_EXPECT_EQ(test, req / 64, (req + 11) / 64);
		KUNIT_EXPECT_EQ(test, rsp / 64, (rsp + 3) / 64);
	}
}

static void ring_attach_rejects(struct kunit *test)
{
	void *page = ring_test_pages(test, 0);
	struct xnif_ring ring;

	KUNIT_EXPECT_EQ(test, xnif_ring_attach(&ring, page, 0, 3, 12, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_ring_attach(&ring, page, 0,
					       XNIF_LAYOUT_V2, 0, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_ring_attach(&ring, page, 5,
					       XNIF_LAYOUT_CLASSIC, 12, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xnif_ring_attach(&ring, page, 0,
					       XNIF_LAYOUT_CLASSIC, 4096, 4),
			-EINVAL);
}

struct need_event_case {
	const char *desc;
	u32 event, new, old;
	bool notify;
};

static const struct need_event_case need_event_cases[] = {
	{ "event is the first new entry", 1, 1, 0, true },
	{ "event inside the batch", 5, 8, 2, true },
	{ "event is the last new entry", 8, 8, 2, true },
	{ "event already passed", 2, 8, 2, false },
	{ "event ahead of the batch", 9, 8, 2, false },
	{ "nothing published", 3, 2, 2, false },
	{ "batch across wraparound", 0, 3, 0xfffffffe, true },
	{ "event before wraparound", 0xffffffff, 3, 0xfffffffe, true },
	{ "event after wrapped batch", 4, 3, 0xfffffffe, false },
};

KUNIT_ARRAY_PARAM_DESC(need_event, need_event_cases, desc);

static void ring_need_event(struct kunit *test)
{
	const struct need_event_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_ring_need_event(c->event, c->new, c->old),
			c->notify);
}

/* A consumer that armed for entry n is notified exactly when n arrives. */
static void ring_publish_and_arm(struct kunit *test)
{
	void *page = ring_test_pages(test, 0);
	struct xnif_ring ring;

	KUNIT_ASSERT_EQ(test, xnif_ring_attach(&ring, page, 0,
					       XNIF_LAYOUT_V2, 12, 4), 0);
	xnif_ring_reset(&ring);
	KUNIT_EXPECT_TRUE(test, xnif_ring_publish(&ring.req, 1));
	/* The consumer has not re-armed: further entries are silent. */
	KUNIT_EXPECT_FALSE(test, xnif_ring_publish(&ring.req, 4));
	/* It consumed 4 entries and sleeps until the 5th. */
	KUNIT_EXPECT_EQ(test, xnif_ring_arm(&ring.req, 5), 4U);
	KUNIT_EXPECT_TRUE(test, xnif_ring_publish(&ring.req, 6));
	/* Hysteresis: ask only once 16 responses are there. */
	KUNIT_EXPECT_EQ(test, xnif_ring_arm(&ring.rsp, 16), 0U);
	KUNIT_EXPECT_FALSE(test, xnif_ring_publish(&ring.rsp, 15));
	KUNIT_EXPECT_TRUE(test, xnif_ring_publish(&ring.rsp, 20));
	KUNIT_EXPECT_EQ(test, xnif_ring_peer_prod(&ring.rsp), 20U);
}

/*
 * The producer decides from its own copy of what it published: a peer
 * that rewrites the shared producer index cannot talk it out of an event
 * the peer asked for. A ring attached again goes on from where it was.
 */
static void ring_publish_own_copy(struct kunit *test)
{
	void *page = ring_test_pages(test, 0);
	struct xnif_ring ring, again;

	KUNIT_ASSERT_EQ(test, xnif_ring_attach(&ring, page, 0,
					       XNIF_LAYOUT_CLASSIC, 12, 4), 0);
	xnif_ring_reset(&ring);
	KUNIT_EXPECT_TRUE(test, xnif_ring_publish(&ring.req, 4));
	KUNIT_EXPECT_EQ(test, xnif_ring_arm(&ring.req, 5), 4U);
	/* Read back as the old index, 5 would hide the crossing of 5. */
	WRITE_ONCE(*ring.req.prod, 5);
	KUNIT_EXPECT_TRUE(test, xnif_ring_publish(&ring.req, 6));

	KUNIT_ASSERT_EQ(test, xnif_ring_attach(&again, page, 0,
					       XNIF_LAYOUT_CLASSIC, 12, 4), 0);
	KUNIT_EXPECT_EQ(test, again.req.published, 6U);
	KUNIT_EXPECT_EQ(test, again.rsp.published, 0U);
}

/*
 * An event is news when the producer moved since the previous one, even
 * if every entry was consumed in between; a second event for the same
 * index is spurious, also across wraparound.
 */
static void ring_news(struct kunit *test)
{
	void *page = ring_test_pages(test, 0);
	struct xnif_ring ring;
	u32 seen = 0;

	KUNIT_ASSERT_EQ(test, xnif_ring_attach(&ring, page, 0,
					       XNIF_LAYOUT_CLASSIC, 12, 4), 0);
	xnif_ring_reset(&ring);
	KUNIT_EXPECT_FALSE(test, xnif_ring_news(&ring.rsp, &seen));
	xnif_ring_publish(&ring.rsp, 3);
	KUNIT_EXPECT_TRUE(test, xnif_ring_news(&ring.rsp, &seen));
	KUNIT_EXPECT_EQ(test, seen, 3U);
	KUNIT_EXPECT_FALSE(test, xnif_ring_news(&ring.rsp, &seen));
	WRITE_ONCE(*ring.rsp.prod, 0xffffffffU);
	KUNIT_EXPECT_TRUE(test, xnif_ring_news(&ring.rsp, &seen));
	WRITE_ONCE(*ring.rsp.prod, 1);
	KUNIT_EXPECT_TRUE(test, xnif_ring_news(&ring.rsp, &seen));
	KUNIT_EXPECT_FALSE(test, xnif_ring_news(&ring.rsp, &seen));
}

/*
 * XSA-332 on the RX ring: a guest that posts no receive buffers while
 * packets wait for it (or its queue is stalled) and signals its RX event
 * channel in a loop. Only new buffers are work for an RX event; every
 * other event must be spurious so that lateeoi throttles the channel.
 */
static void ring_rx_event_stall_flood(struct kunit *test)
{
	void *page = ring_test_pages(test, 0);
	struct xnif_ring ring;
	unsigned int i;
	u32 seen = 0;

	KUNIT_ASSERT_EQ(test, xnif_ring_attach(&ring, page, 0,
					       XNIF_LAYOUT_CLASSIC, 8, 8), 0);
	xnif_ring_reset(&ring);
	for (i = 0; i < 1000; i++) {
		/* Packets queued, queue stalled: still nothing new. */
		KUNIT_ASSERT_FALSE(test, xnif_ring_news(&ring.req, &seen));
	}
	/* Buffers posted: the next event is real, whatever the backlog. */
	WRITE_ONCE(*ring.req.prod, 2);
	KUNIT_EXPECT_TRUE(test, xnif_ring_news(&ring.req, &seen));
	/* The same buffers announced again are not. */
	KUNIT_EXPECT_FALSE(test, xnif_ring_news(&ring.req, &seen));
	WRITE_ONCE(*ring.req.prod, 3);
	KUNIT_EXPECT_TRUE(test, xnif_ring_news(&ring.req, &seen));
	KUNIT_EXPECT_FALSE(test, xnif_ring_news(&ring.req, &seen));
}

static void ring_prod_valid(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, xnif_ring_prod_valid(10, 10, 256));
	KUNIT_EXPECT_TRUE(test, xnif_ring_prod_valid(266, 10, 256));
	KUNIT_EXPECT_FALSE(test, xnif_ring_prod_valid(267, 10, 256));
	/* A producer that went backwards looks far ahead: rejected. */
	KUNIT_EXPECT_FALSE(test, xnif_ring_prod_valid(9, 10, 256));
	KUNIT_EXPECT_TRUE(test, xnif_ring_prod_valid(4, 0xfffffff0, 256));
	KUNIT_EXPECT_FALSE(test, xnif_ring_prod_valid(0x200, 0xfffffff0, 256));
}

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(ring_slots),
	KUNIT_CASE(ring_classic_matches_sring),
	KUNIT_CASE(ring_v2_single_writer_lines),
	KUNIT_CASE(ring_attach_rejects),
	KUNIT_CASE_PARAM(ring_need_event, need_event_gen_params),
	KUNIT_CASE(ring_publish_and_arm),
	KUNIT_CASE(ring_publish_own_copy),
	KUNIT_CASE(ring_news),
	KUNIT_CASE(ring_rx_event_stall_flood),
	KUNIT_CASE(ring_prod_valid),
	{}
};

static struct kunit_suite ring_suite = {
	.name = "xen_netif_ring",
	.test_cases = ring_cases,
};

kunit_test_suite(ring_suite);
