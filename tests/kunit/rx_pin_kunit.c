// SPDX-License-Identifier: GPL-2.0
/*
 * Memory a guest can pin in dom0 with packets it never takes: charged at
 * truesize, per queue and per vif, never more than stock by default.
 */
#include <kunit/test.h>

#include "rx_pin.h"

/* A minimal frame as the stack allocates it: 60 bytes in a 768-byte skb. */
#define SMALL_LEN	60U
#define SMALL_TRUESIZE	768U

/* Fill a queue with small packets until it refuses; bytes pinned. */
static u64 rx_pin_fill(struct xnif_rx_pin *pin, u32 *queue_used,
		       u32 queue_max)
{
	u64 pinned = 0;

	while (xnif_rx_pin_charge(pin, queue_used, queue_max, SMALL_LEN,
				  SMALL_TRUESIZE))
		pinned += SMALL_TRUESIZE;
	return pinned;
}

static void rx_pin_limits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_vif_max(0, 1), 512U * 1024);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_vif_max(0, 0), 512U * 1024);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_vif_max(0, 8), 4U << 20);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_vif_max(100, 8), 102400U);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_vif_max(U32_MAX, 8),
			XNIF_RX_VIF_CAP);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_queue_max(256, 4U << 20),
			512U * 1024);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_queue_max(4096, 4U << 20),
			XNIF_RX_QUEUE_CAP);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_queue_max(4096, 512U * 1024),
			512U * 1024);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_queue_max(U32_MAX, U32_MAX),
			XNIF_RX_QUEUE_CAP);
}

/*
 * A guest with eight queues on large rings posts no buffers while
 * minimal frames stream in on every queue: all it pins, by truesize, is
 * at most stock's eight queues' worth of length.
 */
static void rx_pin_eight_queues_flood(struct kunit *test)
{
	struct xnif_rx_pin pin = { .used = ATOMIC_INIT(0) };
	u32 used[8] = {}, qmax;
	u64 pinned = 0;
	unsigned int q;

	pin.max = xnif_rx_pin_vif_max(0, 8);
	qmax = xnif_rx_pin_queue_max(4096, pin.max);
	for (q = 0; q < 8; q++)
		pinned += rx_pin_fill(&pin, &used[q], qmax);
	KUNIT_EXPECT_LE(test, pinned, 8ULL * XNIF_RX_STOCK_QUEUE_BYTES);
	KUNIT_EXPECT_LE(test, pinned, (u64)pin.max);
	KUNIT_EXPECT_EQ(test, (u64)atomic_read(&pin.used), pinned);
	/* And it used what it may: within a packet of the limit. */
	KUNIT_EXPECT_GT(test, pinned + SMALL_TRUESIZE, (u64)pin.max);
}

/* One busy queue may use the idle queues' share, not more. */
static void rx_pin_one_queue_borrows(struct kunit *test)
{
	struct xnif_rx_pin pin = { .used = ATOMIC_INIT(0) };
	u32 used[2] = {}, qmax;
	u64 first;

	pin.max = xnif_rx_pin_vif_max(0, 4);		/* 2 MiB */
	qmax = xnif_rx_pin_queue_max(1024, pin.max);	/* 2 MiB */
	first = rx_pin_fill(&pin, &used[0], qmax);
	KUNIT_EXPECT_GT(test, first, (u64)XNIF_RX_STOCK_QUEUE_BYTES);
	KUNIT_EXPECT_LE(test, first, (u64)pin.max);
	/* The vif is full: another queue gets nothing. */
	KUNIT_EXPECT_EQ(test, rx_pin_fill(&pin, &used[1], qmax), 0ULL);
	/* The first queue drains a packet: there is room for one again. */
	xnif_rx_pin_uncharge(&pin, &used[0], SMALL_TRUESIZE);
	KUNIT_EXPECT_EQ(test, rx_pin_fill(&pin, &used[1], qmax),
			(u64)SMALL_TRUESIZE);
}

/* A queue stops before it refuses a maximal packet, and wakes drained. */
static void rx_pin_stop_and_wake(struct kunit *test)
{
	struct xnif_rx_pin pin = { .used = ATOMIC_INIT(0) };
	u32 used = 0, qmax, big = 64 * 1024 + 256, bigts = 96 * 1024;
	unsigned int n = 0, i;

	pin.max = xnif_rx_pin_vif_max(0, 1);
	qmax = xnif_rx_pin_queue_max(256, pin.max);
	while (!xnif_rx_pin_queue_full(used, qmax)) {
		KUNIT_ASSERT_NE(test, xnif_rx_pin_charge(&pin, &used, qmax,
							 big, bigts), 0U);
		n++;
	}
	KUNIT_EXPECT_LE(test, used, qmax);
	for (i = 0; i < n; i++)
		xnif_rx_pin_uncharge(&pin, &used, bigts);
	KUNIT_EXPECT_EQ(test, used, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&pin.used), 0);
	KUNIT_EXPECT_FALSE(test, xnif_rx_pin_queue_full(used, qmax));
}

/*
 * Two queues fill the vif: it is full before it refuses a maximal packet,
 * and the one uncharge that takes it below says so, once.
 */
static void rx_pin_vif_full_wakes_once(struct kunit *test)
{
	struct xnif_rx_pin pin = { .used = ATOMIC_INIT(0) };
	u32 used[2] = {}, qmax, big = 65000, bigts = 96 * 1024;
	unsigned int q = 0, n = 0, wakes = 0;

	pin.max = xnif_rx_pin_vif_max(0, 2);		/* 1 MiB */
	qmax = xnif_rx_pin_queue_max(4096, pin.max);	/* 1 MiB */
	KUNIT_EXPECT_FALSE(test, xnif_rx_pin_vif_full(&pin));
	while (!xnif_rx_pin_vif_full(&pin)) {
		KUNIT_ASSERT_NE(test, xnif_rx_pin_charge(&pin, &used[q], qmax,
							 big, bigts), 0U);
		q ^= 1;
		n++;
	}
	/* Full means a maximal packet might not fit any more, not sooner. */
	KUNIT_EXPECT_GT(test, (u32)atomic_read(&pin.used) + 128 * 1024,
			pin.max);
	KUNIT_EXPECT_FALSE(test, xnif_rx_pin_queue_full(used[0], qmax));
	while (n--) {
		q ^= 1;
		wakes += xnif_rx_pin_uncharge(&pin, &used[q], bigts);
	}
	KUNIT_EXPECT_EQ(test, wakes, 1U);
	KUNIT_EXPECT_FALSE(test, xnif_rx_pin_vif_full(&pin));
	KUNIT_EXPECT_EQ(test, atomic_read(&pin.used), 0);
}

/* A packet larger than the vif may hold is refused, charging nothing. */
static void rx_pin_oversize(struct kunit *test)
{
	struct xnif_rx_pin pin = { .used = ATOMIC_INIT(0), .max = 4096 };
	u32 used = 0;

	KUNIT_EXPECT_EQ(test, xnif_rx_pin_charge(&pin, &used, 1U << 20, 60,
						 8192), 0U);
	KUNIT_EXPECT_EQ(test, used, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&pin.used), 0);
	KUNIT_EXPECT_EQ(test, xnif_rx_pin_charge(&pin, &used, 1U << 20, 60,
						 4096), 4096U);
}

static struct kunit_case rx_pin_cases[] = {
	KUNIT_CASE(rx_pin_limits),
	KUNIT_CASE(rx_pin_eight_queues_flood),
	KUNIT_CASE(rx_pin_one_queue_borrows),
	KUNIT_CASE(rx_pin_stop_and_wake),
	KUNIT_CASE(rx_pin_vif_full_wakes_once),
	KUNIT_CASE(rx_pin_oversize),
	{}
};

static struct kunit_suite rx_pin_suite = {
	.name = "xen_netif_rx_pin",
	.test_cases = rx_pin_cases,
};

kunit_test_suite(rx_pin_suite);
