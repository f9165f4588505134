// SPDX-License-Identifier: GPL-2.0
/*
 * The frontend's checks of control-ring responses: a backend that answers
 * with another request's id or type, a status nobody defined, a size it
 * cannot mean, or a producer that runs ahead of what we asked.
 */
#include <kunit/test.h>

#include "ctrl_rsp.h"

#define GET_SIZE	XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE
#define ADD		XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING
#define DEL		XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING
#define OK		XEN_NETIF_CTRL_STATUS_SUCCESS
#define NOSUP		XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED
#define INVAL		XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER
#define OVERFLOW	XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW

struct rsp_case {
	const char *desc;
	struct xen_netif_ctrl_response rsp;
	u16 id, type;
	enum xnif_ctrl_rsp_err err;
};

static const struct rsp_case rsp_cases[] = {
	{ "size answered", { 7, GET_SIZE, OK, 512 }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_OK },
	{ "largest size believed", { 7, GET_SIZE, OK, XNIF_CTRL_GREF_SIZE_MAX },
	  7, GET_SIZE, XNIF_CTRL_RSP_OK },
	{ "size past the bound", { 7, GET_SIZE, OK, XNIF_CTRL_GREF_SIZE_MAX + 1 },
	  7, GET_SIZE, XNIF_CTRL_RSP_BAD_DATA },
	{ "size of all ones", { 7, GET_SIZE, OK, U32_MAX }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_BAD_DATA },
	{ "zero size is an answer", { 7, GET_SIZE, OK, 0 }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_OK },
	{ "refusal ignores data", { 7, GET_SIZE, NOSUP, U32_MAX }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_OK },
	{ "add accepted", { 1, ADD, OK, 0 }, 1, ADD, XNIF_CTRL_RSP_OK },
	{ "add with data", { 1, ADD, OK, 1 }, 1, ADD, XNIF_CTRL_RSP_BAD_DATA },
	{ "del overflow", { 2, DEL, OVERFLOW, 0 }, 2, DEL, XNIF_CTRL_RSP_OK },
	/* netif.h: DEL answers how many it unmapped, our netback too. */
	{ "del says how many", { 2, DEL, OK, 33 }, 2, DEL, XNIF_CTRL_RSP_OK },
	{ "del of a whole list", { 2, DEL, OK, 512 }, 2, DEL,
	  XNIF_CTRL_RSP_OK },
	{ "del of more than a list", { 2, DEL, OK, 513 }, 2, DEL,
	  XNIF_CTRL_RSP_BAD_DATA },
	{ "add invalid", { 2, ADD, INVAL, 0 }, 2, ADD, XNIF_CTRL_RSP_OK },
	{ "wrong id", { 8, GET_SIZE, OK, 1 }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_BAD_ID },
	{ "stale id of the last request", { 6, ADD, OK, 0 }, 7, ADD,
	  XNIF_CTRL_RSP_BAD_ID },
	{ "wrong type", { 7, ADD, OK, 0 }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_BAD_TYPE },
	{ "invalid type", { 7, 0, OK, 0 }, 7, DEL, XNIF_CTRL_RSP_BAD_TYPE },
	{ "bogus status", { 7, GET_SIZE, 4, 1 }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_BAD_STATUS },
	{ "status of all ones", { 7, DEL, U32_MAX, 0 }, 7, DEL,
	  XNIF_CTRL_RSP_BAD_STATUS },
	{ "id checked before type", { 9, ADD, 99, 0 }, 7, GET_SIZE,
	  XNIF_CTRL_RSP_BAD_ID },
};

KUNIT_ARRAY_PARAM_DESC(rsp, rsp_cases, desc);

static void ctrl_rsp_check(struct kunit *test)
{
	const struct rsp_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xnif_ctrl_rsp_check(&c->rsp, c->id, c->type),
			c->err);
}

struct ready_case {
	const char *desc;
	u32 rsp_prod, rsp_cons, req_prod;
	enum xnif_ctrl_rsp_err err;
	bool ready;
};

static const struct ready_case ready_cases[] = {
	{ "nothing yet", 5, 5, 6, XNIF_CTRL_RSP_OK, false },
	{ "one answer", 6, 5, 6, XNIF_CTRL_RSP_OK, true },
	{ "idle ring", 5, 5, 5, XNIF_CTRL_RSP_OK, false },
	{ "across the wrap", 0, U32_MAX, 0, XNIF_CTRL_RSP_OK, true },
	{ "producer jumps ahead", 7, 5, 6, XNIF_CTRL_RSP_BAD_PROD, false },
	{ "producer far ahead", 0x80000000, 5, 6, XNIF_CTRL_RSP_BAD_PROD,
	  false },
	{ "producer behind us", 4, 5, 6, XNIF_CTRL_RSP_BAD_PROD, false },
	{ "answer with nothing asked", 6, 5, 5, XNIF_CTRL_RSP_BAD_PROD, false },
};

KUNIT_ARRAY_PARAM_DESC(ready, ready_cases, desc);

static void ctrl_rsp_ready(struct kunit *test)
{
	const struct ready_case *c = test->param_value;
	bool ready = true;

	KUNIT_EXPECT_EQ(test, xnif_ctrl_rsp_ready(c->rsp_prod, c->rsp_cons,
						  c->req_prod, &ready),
			c->err);
	KUNIT_EXPECT_EQ(test, ready, c->ready);
}

static void ctrl_rsp_gref_status(struct kunit *test)
{
	static const u16 all_ok[] = { OK, OK, OK };
	static const u16 mixed[] = { OK, INVAL, OVERFLOW, OK, NOSUP };
	static const u16 lies[] = { OK, 4, 0xffff, OK };
	unsigned int unknown = 99;

	KUNIT_EXPECT_EQ(test, xnif_ctrl_gref_accepted(all_ok, 3, &unknown), 3U);
	KUNIT_EXPECT_EQ(test, unknown, 0U);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_gref_accepted(mixed, 5, &unknown), 2U);
	KUNIT_EXPECT_EQ(test, unknown, 0U);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_gref_accepted(lies, 4, &unknown), 2U);
	KUNIT_EXPECT_EQ(test, unknown, 2U);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_gref_accepted(lies, 0, &unknown), 0U);
	KUNIT_EXPECT_EQ(test, unknown, 0U);
}

static void ctrl_rsp_bounds_and_names(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xnif_ctrl_rsp_data_max(GET_SIZE),
			XNIF_CTRL_GREF_SIZE_MAX);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_rsp_data_max(ADD), 0U);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_rsp_data_max(DEL), 512U);
	KUNIT_EXPECT_EQ(test, xnif_ctrl_rsp_data_max(0xffff), U32_MAX);
	KUNIT_EXPECT_STREQ(test, xnif_ctrl_rsp_err_name(XNIF_CTRL_RSP_BAD_ID),
			   "ctrl_bad_id");
	KUNIT_EXPECT_STREQ(test, xnif_ctrl_rsp_err_name(XNIF_CTRL_RSP_TIMEOUT),
			   "ctrl_timeout");
	KUNIT_EXPECT_STREQ(test, xnif_ctrl_rsp_err_name(XNIF_CTRL_RSP_ERR_MAX),
			   "ctrl_unknown");
}

static struct kunit_case ctrl_rsp_cases[] = {
	KUNIT_CASE_PARAM(ctrl_rsp_check, rsp_gen_params),
	KUNIT_CASE_PARAM(ctrl_rsp_ready, ready_gen_params),
	KUNIT_CASE(ctrl_rsp_gref_status),
	KUNIT_CASE(ctrl_rsp_bounds_and_names),
	{}
};

static struct kunit_suite ctrl_rsp_suite = {
	.name = "xen_netif_ctrl_rsp",
	.test_cases = ctrl_rsp_cases,
};

kunit_test_suite(ctrl_rsp_suite);
