// SPDX-License-Identifier: GPL-2.0
/*
 * A backend's keys: every probe writes the same keys whatever it offers,
 * and a backend that goes removes every one of them.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include <xen/interface/io/netif.h>

#include "be_offers.h"

static const struct xnif_be_caps caps[] = {
	{ .max_queues = 1 },
	{ .max_queues = 8, .max_order = 4, .layout_v2 = true,
	  .split_evtchn = true, .xdp_headroom = true },
	{ .max_queues = 2, .max_order = 1, .split_evtchn = true },
};

static const char *find(const struct xnif_be_offer *o, const char *key)
{
	unsigned int i;

	for (i = 0; i < XNIF_BE_OFFERS; i++)
		if (!strcmp(o[i].key, key))
			return o[i].key;
	return NULL;
}

static unsigned int value(const struct xnif_be_offer *o, const char *key)
{
	unsigned int i;

	for (i = 0; i < XNIF_BE_OFFERS; i++)
		if (!strcmp(o[i].key, key))
			return o[i].value;
	return ~0U;
}

/* No offer depends on the caps: what is not offered is written as 0. */
static void be_offers_same_keys(struct kunit *test)
{
	struct xnif_be_offer first[XNIF_BE_OFFERS], o[XNIF_BE_OFFERS];
	unsigned int c, i;

	xnif_be_offers(&caps[0], first);
	for (c = 0; c < ARRAY_SIZE(caps); c++) {
		xnif_be_offers(&caps[c], o);
		for (i = 0; i < XNIF_BE_OFFERS; i++) {
			KUNIT_ASSERT_NOT_NULL(test, o[i].key);
			KUNIT_EXPECT_STREQ(test, o[i].key, first[i].key);
		}
		KUNIT_EXPECT_EQ(test,
				value(o, XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2),
				(unsigned int)caps[c].layout_v2);
		KUNIT_EXPECT_EQ(test,
				value(o, XEN_NETIF_KEY_MAX_RING_PAGE_ORDER),
				caps[c].max_order);
		KUNIT_EXPECT_EQ(test, value(o, XEN_NETIF_KEY_MAX_QUEUES),
				caps[c].max_queues);
		KUNIT_EXPECT_EQ(test,
				value(o, XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN),
				(unsigned int)caps[c].split_evtchn);
	}
	KUNIT_EXPECT_NOT_NULL(test, find(first, XEN_NETIF_KEY_FEATURE_RX_COPY));
}

static bool gone(const char *key)
{
	const char *k;
	unsigned int i;

	for (i = 0; (k = xnif_be_gone_key(i)); i++)
		if (!strcmp(k, key))
			return true;
	return false;
}

/* What a backend wrote does not outlive it. */
static void be_offers_removed_when_gone(struct kunit *test)
{
	struct xnif_be_offer o[XNIF_BE_OFFERS];
	unsigned int i;

	xnif_be_offers(&caps[1], o);
	for (i = 0; i < XNIF_BE_OFFERS; i++)
		KUNIT_EXPECT_TRUE_MSG(test, gone(o[i].key), "%s left behind",
				      o[i].key);
	KUNIT_EXPECT_TRUE(test, gone(XEN_NETIF_KEY_HOTPLUG_STATUS));
	/* The toolstack's keys are not ours to remove. */
	KUNIT_EXPECT_FALSE(test, gone(XEN_NETIF_KEY_SCRIPT));
	KUNIT_EXPECT_FALSE(test, gone(XEN_NETIF_KEY_MAC));
	KUNIT_EXPECT_FALSE(test, gone(XEN_NETIF_KEY_HANDLE));
	KUNIT_EXPECT_FALSE(test, gone(XEN_NETIF_KEY_ONLINE));
}

static struct kunit_case be_offers_test_cases[] = {
	KUNIT_CASE(be_offers_same_keys),
	KUNIT_CASE(be_offers_removed_when_gone),
	{}
};

static struct kunit_suite be_offers_suite = {
	.name = "xen_netif_be_offers",
	.test_cases = be_offers_test_cases,
};

kunit_test_suite(be_offers_suite);
