// SPDX-License-Identifier: GPL-2.0
/*
 * The frontend's xenstore write set: whatever an earlier connect wrote,
 * after this connect's pruning and writing the directory holds exactly
 * this connect's keys (and whatever is not ours).
 */
#include <kunit/test.h>
#include <linux/string.h>

#include <xen/interface/io/netif.h>

#include "fe_keys.h"

#define ALL_OFFERS .be_multi_queue = true, .be_multi_page = true, \
	.be_layout_v2 = true

static const struct xnif_fe_keys configs[] = {
	{ .queues = 1 },
	{ .queues = 1, .split_evtchn = true },
	{ .queues = 1, ALL_OFFERS },
	{ .queues = 1, .order = 2, .split_evtchn = true, ALL_OFFERS },
	{ .queues = 2, .split_evtchn = true, ALL_OFFERS },
	{ .queues = 2, .order = 1, .be_multi_queue = true,
	  .be_multi_page = true },
	{ .queues = 4, .order = 3, .split_evtchn = true, ALL_OFFERS },
	{ .queues = 4, .be_multi_queue = true },
	{ .queues = 1, .be_multi_queue = true, .be_layout_v2 = true },
	{ .queues = 2, .split_evtchn = true, .be_xdp_headroom = true,
	  ALL_OFFERS },
	{ .queues = 1, .be_xdp_headroom = true },
};

static bool in_write_set(const struct xnif_fe_keys *k, const char *path)
{
	struct xnif_fe_key key;
	unsigned int i;

	for (i = 0; xnif_fe_key_get(k, i, &key); i++)
		if (!strcmp(key.path, path))
			return true;
	return false;
}

static unsigned int write_set_size(const struct xnif_fe_keys *k)
{
	struct xnif_fe_key key;
	unsigned int i;

	for (i = 0; xnif_fe_key_get(k, i, &key); i++)
		;
	return i;
}

/* Every key written is WRITE for its own connect, and written once. */
static void fe_keys_self(struct kunit *test)
{
	struct xnif_fe_key a, b;
	unsigned int c, i, j;

	for (c = 0; c < ARRAY_SIZE(configs); c++) {
		const struct xnif_fe_keys *k = &configs[c];

		for (i = 0; xnif_fe_key_get(k, i, &a); i++) {
			KUNIT_EXPECT_EQ_MSG(test, xnif_fe_key_verdict(k, a.path),
					    XNIF_FE_KEY_WRITE, "config %u %s",
					    c, a.path);
			for (j = i + 1; xnif_fe_key_get(k, j, &b); j++)
				KUNIT_EXPECT_STRNEQ(test, a.path, b.path);
		}
	}
}

/*
 * The property the defect broke: every key an earlier connect (any
 * config) wrote is either written again now or removed now.
 */
static void fe_keys_nothing_stale(struct kunit *test)
{
	struct xnif_fe_key key;
	unsigned int a, b, i;

	for (a = 0; a < ARRAY_SIZE(configs); a++) {
		for (b = 0; b < ARRAY_SIZE(configs); b++) {
			const struct xnif_fe_keys *now = &configs[b];

			for (i = 0; xnif_fe_key_get(&configs[a], i, &key); i++)
				KUNIT_EXPECT_EQ_MSG(test,
						    xnif_fe_key_verdict(now, key.path),
						    in_write_set(now, key.path) ?
						    XNIF_FE_KEY_WRITE :
						    XNIF_FE_KEY_REMOVE,
						    "%s written by config %u, now %u",
						    key.path, a, b);
		}
	}
}

/* The reported case: the backend reloaded with ring_layout_v2=0. */
static void fe_keys_ring_layout_withdrawn(struct kunit *test)
{
	const struct xnif_fe_keys now = { .queues = 1, .be_multi_page = true };

	KUNIT_EXPECT_EQ(test, xnif_fe_key_verdict(&now, "ring-layout"),
			XNIF_FE_KEY_REMOVE);
	KUNIT_EXPECT_EQ(test,
			xnif_fe_key_verdict(&now, "multi-queue-num-queues"),
			XNIF_FE_KEY_REMOVE);
	KUNIT_EXPECT_EQ(test, xnif_fe_key_verdict(&now, "ring-page-order"),
			XNIF_FE_KEY_WRITE);
}

struct verdict_case {
	const char *desc;
	struct xnif_fe_keys k;
	const char *path;
	enum xnif_fe_key_verdict v;
};

static const struct verdict_case verdict_cases[] = {
	{ "split withdrawn: tx channel", { .queues = 1 },
	  "event-channel-tx", XNIF_FE_KEY_REMOVE },
	{ "split now: shared channel", { .queues = 1, .split_evtchn = true },
	  "event-channel", XNIF_FE_KEY_REMOVE },
	{ "4 queues to 2: queue-3", { .queues = 2 }, "queue-3",
	  XNIF_FE_KEY_REMOVE },
	{ "4 queues to 2: queue-1 kept", { .queues = 2 }, "queue-1",
	  XNIF_FE_KEY_WRITE },
	{ "2 queues to 1: queue-0", { .queues = 1 }, "queue-0",
	  XNIF_FE_KEY_REMOVE },
	{ "1 queue to 2: flat ring ref", { .queues = 2 }, "tx-ring-ref",
	  XNIF_FE_KEY_REMOVE },
	{ "order 3 to 1: page 2", { .queues = 1, .order = 1 },
	  "rx-ring-ref2", XNIF_FE_KEY_REMOVE },
	{ "order 1 to 0: page 0", { .queues = 1 }, "tx-ring-ref0",
	  XNIF_FE_KEY_REMOVE },
	{ "order 0 to 2: flat ref", { .queues = 1, .order = 2 },
	  "rx-ring-ref", XNIF_FE_KEY_REMOVE },
	{ "a page number with a leading zero", { .queues = 1, .order = 2 },
	  "tx-ring-ref01", XNIF_FE_KEY_REMOVE },
	{ "queue dir key, order changed", { .queues = 2 },
	  "queue-1/tx-ring-ref0", XNIF_FE_KEY_REMOVE },
	{ "queue dir key, split withdrawn", { .queues = 2 },
	  "queue-0/event-channel-rx", XNIF_FE_KEY_REMOVE },
	{ "a queue's own ring order, never ours", { .queues = 2 },
	  "queue-1/ring-page-order", XNIF_FE_KEY_REMOVE },
	{ "left by stock netfront: xdp-headroom", { .queues = 1 },
	  "xdp-headroom", XNIF_FE_KEY_REMOVE },
	{ "xdp-headroom, backend offers it", { .queues = 1,
	  .be_xdp_headroom = true }, "xdp-headroom", XNIF_FE_KEY_WRITE },
	{ "GSO keys are always written", { .queues = 1 },
	  "feature-gso-tcpv6", XNIF_FE_KEY_WRITE },
	{ "left by another frontend: ctrl-ring-ref", { .queues = 1 },
	  "ctrl-ring-ref", XNIF_FE_KEY_REMOVE },
	{ "toolstack: mac", { .queues = 1 }, "mac", XNIF_FE_KEY_FOREIGN },
	{ "toolstack: trusted", { .queues = 1 }, "trusted",
	  XNIF_FE_KEY_FOREIGN },
	{ "toolstack: mtu", { .queues = 1 }, "mtu", XNIF_FE_KEY_FOREIGN },
	{ "xenbus: state", { .queues = 1 }, "state", XNIF_FE_KEY_FOREIGN },
	{ "xenbus: backend-id", { .queues = 1 }, "backend-id",
	  XNIF_FE_KEY_FOREIGN },
	{ "not a queue number", { .queues = 2 }, "queue-x",
	  XNIF_FE_KEY_FOREIGN },
	{ "unknown key in a queue dir", { .queues = 2 }, "queue-0/other",
	  XNIF_FE_KEY_FOREIGN },
	{ "ring-ref lookalike", { .queues = 1 }, "tx-ring-refs",
	  XNIF_FE_KEY_FOREIGN },
};

KUNIT_ARRAY_PARAM_DESC(verdict, verdict_cases, desc);

static void fe_keys_verdicts(struct kunit *test)
{
	const struct verdict_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_fe_key_verdict(&c->k, c->path), c->v);
}

static void fe_keys_shape(struct kunit *test)
{
	const struct xnif_fe_keys k = { .queues = 2, .order = 1,
					.split_evtchn = true, ALL_OFFERS };
	struct xnif_fe_key key;

	/* 6 features + 3 offers, then per queue 2 + 2 refs and 2 channels. */
	KUNIT_EXPECT_EQ(test, write_set_size(&k), 9U + 2 * 6U);
	KUNIT_ASSERT_TRUE(test, xnif_fe_key_get(&k, 9 + 6 + 3, &key));
	KUNIT_EXPECT_STREQ(test, key.path, "queue-1/rx-ring-ref1");
	KUNIT_EXPECT_EQ(test, key.kind, XNIF_FE_KEY_RX_REF);
	KUNIT_EXPECT_EQ(test, key.queue, 1U);
	KUNIT_EXPECT_EQ(test, key.page, 1U);
	KUNIT_ASSERT_TRUE(test, xnif_fe_key_get(&k, 9 + 6 + 5, &key));
	KUNIT_EXPECT_EQ(test, key.kind, XNIF_FE_KEY_EVTCHN_RX);
	KUNIT_EXPECT_FALSE(test, xnif_fe_key_get(&k, 9 + 12, &key));
}

/* XDP: GSO keys carry their own kind, xdp-headroom comes last. */
static void fe_keys_xdp(struct kunit *test)
{
	const struct xnif_fe_keys k = { .queues = 1, .be_xdp_headroom = true };
	const struct xnif_fe_keys plain = { .queues = 1 };
	struct xnif_fe_key key;
	unsigned int i, gso = 0, xdp = 0;

	for (i = 0; xnif_fe_key_get(&k, i, &key); i++) {
		if (key.kind == XNIF_FE_KEY_RX_GSO) {
			gso++;
			KUNIT_EXPECT_NOT_NULL(test, strstr(key.path, "gso"));
		}
		if (key.kind == XNIF_FE_KEY_XDP_HEADROOM) {
			xdp++;
			KUNIT_EXPECT_STREQ(test, key.path, "xdp-headroom");
		}
	}
	KUNIT_EXPECT_EQ(test, gso, 2U);
	KUNIT_EXPECT_EQ(test, xdp, 1U);
	KUNIT_EXPECT_EQ(test, write_set_size(&k), write_set_size(&plain) + 1);
	KUNIT_EXPECT_FALSE(test, in_write_set(&plain, "xdp-headroom"));
}

static struct kunit_case fe_keys_test_cases[] = {
	KUNIT_CASE(fe_keys_xdp),
	KUNIT_CASE(fe_keys_self),
	KUNIT_CASE(fe_keys_nothing_stale),
	KUNIT_CASE(fe_keys_ring_layout_withdrawn),
	KUNIT_CASE_PARAM(fe_keys_verdicts, verdict_gen_params),
	KUNIT_CASE(fe_keys_shape),
	{}
};

static struct kunit_suite fe_keys_suite = {
	.name = "xen_netif_fe_keys",
	.test_cases = fe_keys_test_cases,
};

kunit_test_suite(fe_keys_suite);
