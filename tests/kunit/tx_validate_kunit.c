// SPDX-License-Identifier: GPL-2.0
/*
 * Guest TX packet validation: every way a frontend can describe a packet,
 * and every reason the backend refuses one. Each row is a run of ring
 * slots as the frontend wrote them; the test feeds them one by one, as
 * the backend does, and checks the verdict and what was consumed.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "tx_validate.h"

#define MORE	XEN_NETTXF_more_data
#define EXTRA	XEN_NETTXF_extra_info
#define CSUM	XEN_NETTXF_csum_blank
#define XMORE	XEN_NETIF_EXTRA_FLAG_MORE

struct tx_slot {
	bool extra;
	u16 offset;
	u16 size;
	u16 flags;
	u8 xtype;
	u8 xflags;
	u16 gso_size;
	u8 gso_type;
};

#define D(o, s, f)	{ .offset = (o), .size = (s), .flags = (f) }
#define X(t, f)		{ .extra = true, .xtype = (t), .xflags = (f) }
#define GSO(sz, t, f)	{ .extra = true, .xtype = XEN_NETIF_EXTRA_TYPE_GSO, \
			  .xflags = (f), .gso_size = (sz), .gso_type = (t) }
#define TCP4		XEN_NETIF_GSO_TYPE_TCPV4
#define TCP6		XEN_NETIF_GSO_TYPE_TCPV6

struct tx_case {
	const char *desc;
	struct tx_slot slot[8];
	unsigned int nr;		/* slots the producer index covers */
	unsigned int max_slots;		/* 0: XNIF_TX_MAX_SLOTS */
	enum xnif_tx_reason want;
	unsigned int want_used;		/* ring slots consumed at the verdict */
	unsigned int want_first;	/* first slot's own bytes when OK */
};

static const struct tx_case tx_cases[] = {
	{ "one slot", { D(0, 60, 0) }, 1, 0, XNIF_TX_OK, 1, 60 },
	{ "one full page", { D(0, 4096, 0) }, 1, 0, XNIF_TX_OK, 1, 4096 },
	{ "one slot at page end", { D(4036, 60, CSUM) }, 1, 0,
	  XNIF_TX_OK, 1, 60 },
	{ "two slots", { D(100, 3000, MORE), D(0, 1000, 0) }, 2, 0,
	  XNIF_TX_OK, 2, 2000 },
	{ "zero-sized further slot", { D(0, 1500, MORE), D(0, 0, MORE),
	  D(0, 500, 0) }, 3, 0, XNIF_TX_OK, 3, 1000 },
	{ "first slot empty, data in the next", { D(0, 1500, MORE),
	  D(0, 1500, 0) }, 2, 0, XNIF_TX_OK, 2, 0 },
	{ "gso tcpv4", { D(0, 9000, EXTRA | MORE), GSO(1448, TCP4, 0),
	  D(0, 4096, MORE), D(0, 4000, 0) }, 4, 0, XNIF_TX_OK, 4, 904 },
	{ "gso tcpv6 then hash", { D(0, 200, EXTRA), GSO(1440, TCP6, XMORE),
	  X(XEN_NETIF_EXTRA_TYPE_HASH, 0) }, 3, 0, XNIF_TX_OK, 3, 200 },
	{ "mcast add alone", { D(0, 0, EXTRA | CSUM),
	  X(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0) }, 2, 0, XNIF_TX_OK, 2, 0 },
	{ "slots at the limit", { D(0, 300, MORE), D(0, 100, MORE),
	  D(0, 100, 0) }, 3, 3, XNIF_TX_OK, 3, 100 },

	{ "shorter than ethernet header", { D(0, 13, 0) }, 1, 0,
	  XNIF_TX_DROP_SHORT, 1 },
	{ "further slots exceed the total", { D(0, 1000, MORE),
	  D(0, 900, MORE), D(0, 200, 0) }, 3, 0, XNIF_TX_DROP_OVERSIZE, 3 },
	{ "gso size below tcp minimum", { D(0, 2000, EXTRA),
	  GSO(87, TCP4, 0) }, 2, 0, XNIF_TX_DROP_GSO_SMALL, 2 },

	{ "first slot crosses page", { D(4000, 200, 0) }, 1, 0,
	  XNIF_TX_BAD_CROSS_PAGE, 1 },
	{ "offset beyond page", { D(5000, 60, 0) }, 1, 0,
	  XNIF_TX_BAD_CROSS_PAGE, 1 },
	{ "first slot's own share crosses page", { D(4090, 1000, MORE),
	  D(0, 900, 0) }, 2, 0, XNIF_TX_BAD_CROSS_PAGE, 2 },
	{ "further slot crosses page", { D(0, 2000, MORE),
	  D(3000, 1500, 0) }, 2, 0, XNIF_TX_BAD_CROSS_PAGE, 2 },
	{ "cross page wins over drop", { D(0, 100, MORE),
	  D(3000, 1500, 0) }, 2, 0, XNIF_TX_BAD_CROSS_PAGE, 2 },
	{ "too many slots", { D(0, 300, MORE), D(0, 100, MORE),
	  D(0, 100, MORE), D(0, 50, 0) }, 4, 3, XNIF_TX_BAD_SLOTS, 4 },
	{ "extra type none", { D(0, 60, EXTRA), X(0, 0) }, 2, 0,
	  XNIF_TX_BAD_EXTRA_TYPE, 2 },
	{ "extra type too large", { D(0, 60, EXTRA),
	  X(XEN_NETIF_EXTRA_TYPE_MAX, 0) }, 2, 0, XNIF_TX_BAD_EXTRA_TYPE, 2 },
	{ "extra type 255", { D(0, 60, EXTRA), X(255, 0) }, 2, 0,
	  XNIF_TX_BAD_EXTRA_TYPE, 2 },
	{ "extra given twice", { D(0, 60, EXTRA), GSO(1448, TCP4, XMORE),
	  GSO(1448, TCP4, 0) }, 3, 0, XNIF_TX_BAD_EXTRA_DUP, 3 },
	{ "gso size zero", { D(0, 2000, EXTRA), GSO(0, TCP4, 0) }, 2, 0,
	  XNIF_TX_BAD_GSO_SIZE, 2 },
	{ "gso type none", { D(0, 2000, EXTRA), GSO(1448, 0, 0) }, 2, 0,
	  XNIF_TX_BAD_GSO_TYPE, 2 },
	{ "gso type unknown", { D(0, 2000, EXTRA), GSO(1448, 7, 0) }, 2, 0,
	  XNIF_TX_BAD_GSO_TYPE, 2 },
	{ "truncated in data", { D(0, 2000, MORE), D(0, 1000, MORE) }, 2, 0,
	  XNIF_TX_BAD_TRUNCATED, 2 },
	{ "truncated in extras", { D(0, 2000, EXTRA),
	  GSO(1448, TCP4, XMORE) }, 2, 0, XNIF_TX_BAD_TRUNCATED, 2 },
};

KUNIT_ARRAY_PARAM_DESC(tx, tx_cases, desc);

static void tx_slot_to_req(const struct tx_slot *s,
			   struct xen_netif_tx_request *req)
{
	struct xen_netif_extra_info e = {};

	memset(req, 0xa5, sizeof(*req));
	if (!s->extra) {
		req->gref = 7;
		req->offset = s->offset;
		req->size = s->size;
		req->flags = s->flags;
		req->id = 3;
		return;
	}
	e.type = s->xtype;
	e.flags = s->xflags;
	e.u.gso.size = s->gso_size;
	e.u.gso.type = s->gso_type;
	memcpy(req, &e, sizeof(e));
}

/* Feed slots as the backend does; running out mid-packet is truncation. */
static enum xnif_tx_reason tx_run(struct xnif_tx_packet *p,
				  const struct tx_slot *slot, unsigned int nr,
				  unsigned int max_slots, unsigned int *used)
{
	struct xen_netif_tx_request req;
	enum xnif_tx_reason r;

	tx_slot_to_req(&slot[0], &req);
	r = xnif_tx_begin(p, &req, max_slots);
	*used = 1;
	while (r == XNIF_TX_MORE) {
		if (*used == nr)
			return XNIF_TX_BAD_TRUNCATED;
		tx_slot_to_req(&slot[(*used)++], &req);
		r = xnif_tx_feed(p, &req);
	}
	return r;
}

static void tx_validate_packet(struct kunit *test)
{
	const struct tx_case *c = test->param_value;
	struct xnif_tx_packet *p;
	unsigned int used;
	enum xnif_tx_reason r;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	r = tx_run(p, c->slot, c->nr,
		   c->max_slots ? c->max_slots : XNIF_TX_MAX_SLOTS, &used);
	KUNIT_EXPECT_STREQ(test, xnif_tx_reason_name(r),
			   xnif_tx_reason_name(c->want));
	KUNIT_EXPECT_EQ(test, used, c->want_used);
	if (r == XNIF_TX_OK) {
		KUNIT_EXPECT_EQ(test, xnif_tx_ring_slots(p), used);
		KUNIT_EXPECT_EQ(test, p->slot[0].size, c->want_first);
		KUNIT_EXPECT_EQ(test, p->len, c->slot[0].size);
	}
}

/* The largest packet a frontend may send, and one slot more. */
static void tx_validate_max_slots(struct kunit *test)
{
	struct tx_slot slot[XNIF_TX_MAX_SLOTS + 1];
	struct xnif_tx_packet *p;
	unsigned int i, used;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < ARRAY_SIZE(slot); i++)
		slot[i] = (struct tx_slot)D(0, 1000, MORE);
	/* The first slot keeps 100 bytes of its own. */
	slot[0].size = 1000 * (XNIF_TX_MAX_SLOTS - 1) + 100;

	slot[XNIF_TX_MAX_SLOTS - 1].flags = 0;
	KUNIT_EXPECT_EQ(test, tx_run(p, slot, XNIF_TX_MAX_SLOTS,
				     XNIF_TX_MAX_SLOTS, &used), XNIF_TX_OK);
	KUNIT_EXPECT_EQ(test, used, XNIF_TX_MAX_SLOTS);
	KUNIT_EXPECT_EQ(test, p->slot[0].size, 100);

	slot[XNIF_TX_MAX_SLOTS - 1].flags = MORE;
	slot[XNIF_TX_MAX_SLOTS].flags = 0;
	KUNIT_EXPECT_EQ(test, tx_run(p, slot, ARRAY_SIZE(slot),
				     XNIF_TX_MAX_SLOTS, &used),
			XNIF_TX_BAD_SLOTS);
	/* A larger limit from a module parameter is clamped. */
	KUNIT_EXPECT_EQ(test, tx_run(p, slot, ARRAY_SIZE(slot), 1000, &used),
			XNIF_TX_BAD_SLOTS);
}

/* Every reason has a distinct name, and only the BAD_ ones are fatal. */
static void tx_validate_reason_names(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < XNIF_TX_REASON_MAX; i++) {
		const char *name = xnif_tx_reason_name(i);

		KUNIT_EXPECT_STRNEQ(test, name, "unknown");
		KUNIT_EXPECT_EQ(test, xnif_tx_is_fatal(i),
				!strncmp(name, "bad_", 4));
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, name, xnif_tx_reason_name(j));
	}
	KUNIT_EXPECT_STREQ(test, xnif_tx_reason_name(XNIF_TX_REASON_MAX),
			   "unknown");
}

static struct kunit_case tx_validate_cases[] = {
	KUNIT_CASE_PARAM(tx_validate_packet, tx_gen_params),
	KUNIT_CASE(tx_validate_max_slots),
	KUNIT_CASE(tx_validate_reason_names),
	{}
};

static struct kunit_suite tx_validate_suite = {
	.name = "xen_netif_tx_validate",
	.test_cases = tx_validate_cases,
};

kunit_test_suite(tx_validate_suite);
