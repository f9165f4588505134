// SPDX-License-Identifier: GPL-2.0
/*
 * The counter descriptors both drivers' ethtool -S tables are made of:
 * each descriptor reads its own counter, of either kind, and names it
 * "q<n>_<name>" in one ETH_GSTRING_LEN slot.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/ethtool.h>
#include <linux/string.h>

#include "stats.h"

/* A queue's stats shaped like the drivers': two writer groups, atomics. */
struct stats_test_tx {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
};

struct stats_test_rx {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t dropped;
};

struct stats_test_queue {
	struct stats_test_tx tx;
	atomic_long_t events;
	struct stats_test_rx rx;
	atomic_long_t spurious;
};

/* Out of struct order on purpose: the table decides the order. */
static const struct xnif_stat_desc stats_test_descs[] = {
	XNIF_STAT_SYNC("rx_dropped", struct stats_test_queue,
		       rx.syncp, rx.dropped),
	XNIF_STAT_SYNC("tx_packets", struct stats_test_queue,
		       tx.syncp, tx.packets),
	XNIF_STAT_ATOMIC("notify_received", struct stats_test_queue, events),
	XNIF_STAT_SYNC("tx_bytes", struct stats_test_queue,
		       tx.syncp, tx.bytes),
	XNIF_STAT_SYNC("rx_packets", struct stats_test_queue,
		       rx.syncp, rx.packets),
	XNIF_STAT_ATOMIC("notify_spurious", struct stats_test_queue, spurious),
};

static void stats_test_fill(struct stats_test_queue *s)
{
	memset(s, 0, sizeof(*s));
	u64_stats_init(&s->tx.syncp);
	u64_stats_init(&s->rx.syncp);
	u64_stats_set(&s->tx.packets, 11);
	u64_stats_set(&s->tx.bytes, 1ULL << 40);	/* beyond 32 bits */
	u64_stats_set(&s->rx.packets, 33);
	u64_stats_set(&s->rx.dropped, 44);
	atomic_long_set(&s->events, 55);
	atomic_long_set(&s->spurious, 66);
}

static void stats_desc_layout(struct kunit *test)
{
	const struct xnif_stat_desc *d = stats_test_descs;

	KUNIT_EXPECT_EQ(test, d[0].kind, XNIF_STAT_SYNC);
	KUNIT_EXPECT_EQ(test, d[0].syncp,
			offsetof(struct stats_test_queue, rx.syncp));
	KUNIT_EXPECT_EQ(test, d[0].offset,
			offsetof(struct stats_test_queue, rx.dropped));
	KUNIT_EXPECT_EQ(test, d[1].syncp,
			offsetof(struct stats_test_queue, tx.syncp));
	KUNIT_EXPECT_EQ(test, d[2].kind, XNIF_STAT_ATOMIC);
	KUNIT_EXPECT_EQ(test, d[2].offset,
			offsetof(struct stats_test_queue, events));
	KUNIT_EXPECT_STREQ(test, d[0].name, "rx_dropped");
	KUNIT_EXPECT_STREQ(test, d[3].name, "tx_bytes");
}

static void stats_read_each(struct kunit *test)
{
	static const u64 want[] = { 44, 11, 55, 1ULL << 40, 33, 66 };
	struct stats_test_queue *s;
	unsigned int i;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	stats_test_fill(s);
	for (i = 0; i < ARRAY_SIZE(stats_test_descs); i++)
		KUNIT_EXPECT_EQ(test, xnif_stat_read(s, &stats_test_descs[i]),
				want[i]);
}

static void stats_read_table(struct kunit *test)
{
	static const u64 want[] = { 44, 11, 55, 1ULL << 40, 33, 66 };
	u64 v[ARRAY_SIZE(stats_test_descs) + 1];
	struct stats_test_queue *s;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	stats_test_fill(s);
	v[ARRAY_SIZE(stats_test_descs)] = 0xdead;
	xnif_stats_read(s, stats_test_descs, ARRAY_SIZE(stats_test_descs), v);
	KUNIT_EXPECT_MEMEQ(test, v, want, sizeof(want));
	/* Exactly one value per descriptor. */
	KUNIT_EXPECT_EQ(test, v[ARRAY_SIZE(stats_test_descs)], 0xdead);
}

static void stats_fetch_group(struct kunit *test)
{
	struct stats_test_queue *s;
	const u64_stats_t *ctr[2];
	u64 v[3] = { 1, 2, 3 };

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	stats_test_fill(s);
	ctr[0] = &s->tx.bytes;
	ctr[1] = &s->tx.packets;
	xnif_stats_fetch(&s->tx.syncp, ctr, v, 2);
	KUNIT_EXPECT_EQ(test, v[0], 1ULL << 40);
	KUNIT_EXPECT_EQ(test, v[1], 11);
	KUNIT_EXPECT_EQ(test, v[2], 3);
	/* None asked for, none written. */
	xnif_stats_fetch(&s->tx.syncp, ctr, v, 0);
	KUNIT_EXPECT_EQ(test, v[0], 1ULL << 40);
}

static void stats_strings(struct kunit *test)
{
	static const char *const want[] = {
		"q7_rx_dropped", "q7_tx_packets", "q7_notify_received",
		"q7_tx_bytes", "q7_rx_packets", "q7_notify_spurious",
	};
	unsigned int n = ARRAY_SIZE(stats_test_descs), i;
	u8 *buf, *p;

	buf = kunit_kzalloc(test, (n + 1) * ETH_GSTRING_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0xff, (n + 1) * ETH_GSTRING_LEN);
	p = buf;
	xnif_stats_strings(&p, 7, stats_test_descs, n);
	KUNIT_EXPECT_PTR_EQ(test, p, buf + n * ETH_GSTRING_LEN);
	for (i = 0; i < n; i++) {
		const u8 *slot = buf + i * ETH_GSTRING_LEN;

		KUNIT_EXPECT_STREQ(test, (const char *)slot, want[i]);
		/* Zero-padded to the slot's end: ethtool copies it whole. */
		KUNIT_EXPECT_EQ(test, slot[ETH_GSTRING_LEN - 1], 0);
	}
	/* Nothing written past the last slot. */
	KUNIT_EXPECT_EQ(test, buf[n * ETH_GSTRING_LEN], 0xff);
}

/* A name that does not fit its slot is cut, never overruns it. */
static void stats_strings_long(struct kunit *test)
{
	static const struct xnif_stat_desc d[] = {
		XNIF_STAT_ATOMIC("a_counter_name_longer_than_any_slot",
				 struct stats_test_queue, events),
	};
	u8 *buf, *p;

	buf = kunit_kzalloc(test, 2 * ETH_GSTRING_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0xff, 2 * ETH_GSTRING_LEN);
	p = buf;
	xnif_stats_strings(&p, 65535, d, 1);
	KUNIT_EXPECT_PTR_EQ(test, p, buf + ETH_GSTRING_LEN);
	KUNIT_EXPECT_EQ(test, strlen(buf), ETH_GSTRING_LEN - 1);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "q65535_a_counter", 16), 0);
	KUNIT_EXPECT_EQ(test, buf[ETH_GSTRING_LEN], 0xff);
}

static struct kunit_case stats_cases[] = {
	KUNIT_CASE(stats_desc_layout),
	KUNIT_CASE(stats_read_each),
	KUNIT_CASE(stats_read_table),
	KUNIT_CASE(stats_fetch_group),
	KUNIT_CASE(stats_strings),
	KUNIT_CASE(stats_strings_long),
	{}
};

static struct kunit_suite stats_suite = {
	.name = "xen_netif_stats",
	.test_cases = stats_cases,
};

kunit_test_suite(stats_suite);
