// SPDX-License-Identifier: GPL-2.0
/*
 * Frontend checks on backend responses: one row per way a backend can
 * lie, and the well-formed chains that must still pass.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "rsp_validate.h"

/* A response slot holds either a data response or an extra-info segment. */
union rx_slot {
	struct xen_netif_rx_response rsp;
	struct xen_netif_extra_info extra;
};

#define MAX_CASE_SLOTS 24

struct chain_case {
	const char *desc;
	union rx_slot slot[6];
	unsigned int n;		/* slots given; a chain must end at the last */
	unsigned int repeat;	/* if set, slot[1] stands for this many */
	enum xnif_rsp_err err;
	u32 len;
};

#define DATA(i, o, s, f) { .rsp = { .id = (i), .offset = (o), \
				    .flags = (f), .status = (s) } }
#define GSO(more, sz, t) { .extra = { .type = XEN_NETIF_EXTRA_TYPE_GSO, \
				      .flags = (more), \
				      .u.gso = { .size = (sz), .type = (t) } } }
#define FULL(f) DATA(0, 0, 4096, f)
#define EXTRA(t, more) { .extra = { .type = (t), .flags = (more) } }
#define MD XEN_NETRXF_more_data
#define EI XEN_NETRXF_extra_info
#define XM XEN_NETIF_EXTRA_FLAG_MORE
#define V4 XEN_NETIF_GSO_TYPE_TCPV4

static const struct chain_case chain_cases[] = {
	{ "one slot", { DATA(0, 0, 60, 0) }, 1, 0, XNIF_RSP_OK, 60 },
	{ "three slots", { DATA(0, 0, 4096, MD), DATA(1, 0, 4096, MD),
			   DATA(2, 0, 100, 0) }, 3, 0, XNIF_RSP_OK, 8292 },
	{ "gso extra", { DATA(0, 0, 4000, EI | MD), GSO(0, 1448, V4),
			 DATA(2, 0, 1000, 0) }, 3, 0, XNIF_RSP_OK, 5000 },
	{ "gso and hash extras", { DATA(0, 64, 100, EI),
				   GSO(XM, 1448, V4),
				   EXTRA(XEN_NETIF_EXTRA_TYPE_HASH, 0) },
	  3, 0, XNIF_RSP_OK, 100 },
	{ "17 full slots", { FULL(MD), FULL(MD), FULL(0) }, 3, 15,
	  XNIF_RSP_OK, 17 * 4096 },
	{ "18 slots, small first", { DATA(0, 0, 100, MD), FULL(MD), FULL(0) },
	  3, 16, XNIF_RSP_OK, 100 + 17 * 4096 },
	{ "id of another slot", { DATA(7, 0, 60, 0) }, 1, 0, XNIF_RSP_RX_BAD_ID },
	{ "bad id in second slot", { DATA(0, 0, 4096, MD), DATA(9, 0, 60, MD),
				     DATA(2, 0, 60, 0) }, 3, 0, XNIF_RSP_RX_BAD_ID },
	{ "size past page end", { DATA(0, 4000, 200, 0) }, 1, 0,
	  XNIF_RSP_RX_BAD_SIZE },
	{ "offset past page end", { DATA(0, 5000, 60, 0) }, 1, 0,
	  XNIF_RSP_RX_BAD_SIZE },
	{ "offset 65535", { DATA(0, 65535, 60, 0) }, 1, 0, XNIF_RSP_RX_BAD_SIZE },
	{ "size 32767", { DATA(0, 0, 32767, 0) }, 1, 0, XNIF_RSP_RX_BAD_SIZE },
	{ "empty data slot", { DATA(0, 0, 60, MD), DATA(1, 0, 0, 0) }, 2, 0,
	  XNIF_RSP_RX_EMPTY_SLOT },
	{ "backend error", { DATA(0, 0, XEN_NETIF_RSP_ERROR, 0) }, 1, 0,
	  XNIF_RSP_RX_BACKEND_ERROR },
	{ "status -32768", { DATA(0, 0, -32768, MD), DATA(1, 0, 60, 0) }, 2, 0,
	  XNIF_RSP_RX_BACKEND_ERROR },
	{ "20 full slots", { FULL(MD), FULL(MD), FULL(0) }, 3, 18,
	  XNIF_RSP_RX_TOO_MANY_SLOTS },
	{ "18 slots, large first", { FULL(MD), FULL(MD), FULL(0) }, 3, 16,
	  XNIF_RSP_RX_TOO_MANY_SLOTS },
	{ "extra type none", { DATA(0, 0, 60, EI),
			       EXTRA(XEN_NETIF_EXTRA_TYPE_NONE, 0) }, 2, 0,
	  XNIF_RSP_RX_BAD_EXTRA },
	{ "extra type 99", { DATA(0, 0, 60, EI | MD), EXTRA(99, XM),
			     EXTRA(98, 0), DATA(3, 0, 10, 0) }, 4, 0,
	  XNIF_RSP_RX_BAD_EXTRA },
	{ "gso extra twice", { DATA(0, 0, 60, EI), GSO(XM, 1448, V4),
			       GSO(0, 1448, V4) }, 3, 0, XNIF_RSP_RX_BAD_EXTRA },
	{ "extra flag on later slot", { DATA(0, 0, 60, MD),
					DATA(1, 0, 60, EI) }, 2, 0,
	  XNIF_RSP_RX_BAD_EXTRA },
	{ "gso without mss", { DATA(0, 0, 60, EI), GSO(0, 0, V4) }, 2, 0,
	  XNIF_RSP_RX_BAD_GSO },
	{ "gso type unknown", { DATA(0, 0, 60, EI), GSO(0, 1448, 9) }, 2, 0,
	  XNIF_RSP_RX_BAD_GSO },
	{ "gso mss below tcp minimum", { DATA(0, 0, 60, EI), GSO(0, 40, V4) },
	  2, 0, XNIF_RSP_RX_BAD_GSO },
	{ "shorter than ethernet", { DATA(0, 0, 13, 0) }, 1, 0, XNIF_RSP_RX_SHORT },
};

KUNIT_ARRAY_PARAM_DESC(chain, chain_cases, desc);

static const struct xnif_rx_limits limits = {
	.max_frags = 17,
	.copy_len = 256,
};

/*
 * Expand a long all-data case: slot[0], slot[1] repeat times, slot[2],
 * each with the id of its position. Other cases are used as written.
 */
static unsigned int chain_expand(const struct chain_case *c,
				 union rx_slot *out)
{
	unsigned int i, n = 0;

	if (!c->repeat) {
		memcpy(out, c->slot, c->n * sizeof(*out));
		return c->n;
	}
	out[n++] = c->slot[0];
	for (i = 0; i < c->repeat; i++)
		out[n++] = c->slot[1];
	out[n++] = c->slot[2];
	for (i = 0; i < n; i++)
		out[i].rsp.id = i;
	return n;
}

static void rsp_rx_chain(struct kunit *test)
{
	const struct chain_case *c = test->param_value;
	union rx_slot slots[MAX_CASE_SLOTS];
	struct xnif_rx_chain chain;
	unsigned int i, n;
	bool more = true;

	n = chain_expand(c, slots);
	KUNIT_ASSERT_LE(test, n, MAX_CASE_SLOTS);
	xnif_rx_chain_init(&chain);
	for (i = 0; i < n && more; i++)
		more = xnif_rx_chain_feed(&chain, &slots[i].rsp, i);
	/* The chain ends where the peer's framing says, good or bad. */
	KUNIT_EXPECT_FALSE(test, more);
	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, chain.slots, n);
	KUNIT_EXPECT_EQ(test, xnif_rx_chain_finish(&chain, &limits), c->err);
	if (c->err == XNIF_RSP_OK)
		KUNIT_EXPECT_EQ(test, chain.len, c->len);
}

/* The caller must know which slots hold pages with data. */
static void rsp_rx_chain_slot_kinds(struct kunit *test)
{
	static const union rx_slot slots[] = {
		DATA(0, 0, 4000, EI | MD), GSO(0, 1448, V4), DATA(2, 0, 10, 0),
	};
	static const bool data[] = { true, false, true };
	struct xnif_rx_chain chain;
	unsigned int i;

	xnif_rx_chain_init(&chain);
	for (i = 0; i < ARRAY_SIZE(slots); i++) {
		xnif_rx_chain_feed(&chain, &slots[i].rsp, i);
		KUNIT_EXPECT_EQ(test, chain.last_data, data[i]);
	}
	KUNIT_EXPECT_EQ(test, chain.data_slots, 2);
	KUNIT_EXPECT_EQ(test, chain.flags, EI | MD);
}

struct tx_case {
	const char *desc;
	u16 id;
	s16 status;
	unsigned int nulls_due;
	enum xnif_rsp_err err;
	bool skip;
};

static const struct tx_case tx_cases[] = {
	{ "okay", 5, XEN_NETIF_RSP_OKAY, 0, XNIF_RSP_OK },
	{ "error", 5, XEN_NETIF_RSP_ERROR, 0, XNIF_RSP_OK },
	{ "dropped", 255, XEN_NETIF_RSP_DROPPED, 0, XNIF_RSP_OK },
	{ "null answering an extra-info slot, any id", 60000,
	  XEN_NETIF_RSP_NULL, 1, XNIF_RSP_OK, true },
	{ "null answering the second of two extras", 0,
	  XEN_NETIF_RSP_NULL, 2, XNIF_RSP_OK, true },
	{ "null where no extra-info slot was sent", 5,
	  XEN_NETIF_RSP_NULL, 0, XNIF_RSP_TX_BAD_NULL },
	{ "null with a bad id, none owed", 60000,
	  XEN_NETIF_RSP_NULL, 0, XNIF_RSP_TX_BAD_NULL },
	{ "okay where a null is owed", 5, XEN_NETIF_RSP_OKAY, 1,
	  XNIF_RSP_TX_BAD_NULL },
	{ "bad status where a null is owed", 5, 7, 1, XNIF_RSP_TX_BAD_NULL },
	{ "id equal to ring size", 256, XEN_NETIF_RSP_OKAY, 0,
	  XNIF_RSP_TX_BAD_ID },
	{ "id 65535", 65535, XEN_NETIF_RSP_ERROR, 0, XNIF_RSP_TX_BAD_ID },
	{ "status 2", 1, 2, 0, XNIF_RSP_TX_BAD_STATUS },
	{ "status -3", 1, -3, 0, XNIF_RSP_TX_BAD_STATUS },
	{ "status -32768", 1, -32768, 0, XNIF_RSP_TX_BAD_STATUS },
};

KUNIT_ARRAY_PARAM_DESC(tx, tx_cases, desc);

static void rsp_tx_check(struct kunit *test)
{
	const struct tx_case *c = test->param_value;
	struct xen_netif_tx_response rsp = { .id = c->id, .status = c->status };
	bool skip = !c->skip;

	KUNIT_EXPECT_EQ(test, xnif_tx_rsp_check(&rsp, 256, c->nulls_due, &skip),
			c->err);
	KUNIT_EXPECT_EQ(test, skip, c->skip);
}

struct prod_case {
	const char *desc;
	u32 rsp_prod, rsp_cons, req_prod;
	bool valid;
};

static const struct prod_case prod_cases[] = {
	{ "nothing new", 10, 10, 20, true },
	{ "all answered", 20, 10, 20, true },
	{ "some answered", 15, 10, 20, true },
	{ "ahead of requests", 21, 10, 20, false },
	{ "behind consumer", 9, 10, 20, false },
	{ "across wrap", 3, 0xfffffff0U, 5, true },
	{ "across wrap, ahead", 6, 0xfffffff0U, 5, false },
	{ "nothing posted", 1, 0, 0, false },
};

KUNIT_ARRAY_PARAM_DESC(prod, prod_cases, desc);

static void rsp_prod(struct kunit *test)
{
	const struct prod_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_rsp_prod_valid(c->rsp_prod, c->rsp_cons,
						  c->req_prod), c->valid);
}

static void rsp_err_names(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < XNIF_RSP_ERR_MAX; i++)
		KUNIT_EXPECT_STRNEQ(test, xnif_rsp_err_name(i), "unknown");
	KUNIT_EXPECT_STREQ(test, xnif_rsp_err_name(XNIF_RSP_ERR_MAX),
			   "unknown");
}

static struct kunit_case rsp_test_cases[] = {
	KUNIT_CASE_PARAM(rsp_rx_chain, chain_gen_params),
	KUNIT_CASE(rsp_rx_chain_slot_kinds),
	KUNIT_CASE_PARAM(rsp_tx_check, tx_gen_params),
	KUNIT_CASE_PARAM(rsp_prod, prod_gen_params),
	KUNIT_CASE(rsp_err_names),
	{}
};

static struct kunit_suite rsp_suite = {
	.name = "xen_netif_rsp_validate",
	.test_cases = rsp_test_cases,
};

kunit_test_suite(rsp_suite);
