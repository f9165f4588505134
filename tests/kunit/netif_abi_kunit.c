// SPDX-License-Identifier: GPL-2.0
/*
 * The netif wire layout, checked against the numbers of the deployed ABI.
 * netif.h already refuses to compile when a field moves; this suite states
 * the same facts as data, so a review of a layout change sees a test diff.
 */
#include <kunit/test.h>
#include <linux/stddef.h>

#include <xen/interface/io/netif.h>

struct netif_field_case {
	const char *desc;
	size_t offset;
	size_t size;
	size_t want_offset;
	size_t want_size;
};

#define FIELD_CASE(type, field, off) {					\
	.desc = #type "." #field,					\
	.offset = offsetof(struct type, field),				\
	.want_offset = off,						\
}

#define STRUCT_CASE(type, sz) {						\
	.desc = "sizeof " #type,					\
	.size = sizeof(struct type),					\
	.want_size = sz,						\
}

static const struct netif_field_case netif_field_cases[] = {
	STRUCT_CASE(xen_netif_tx_request, 12),
	FIELD_CASE(xen_netif_tx_request, gref, 0),
	FIELD_CASE(xen_netif_tx_request, offset, 4),
	FIELD_CASE(xen_netif_tx_request, flags, 6),
	FIELD_CASE(xen_netif_tx_request, id, 8),
	FIELD_CASE(xen_netif_tx_request, size, 10),
	STRUCT_CASE(xen_netif_tx_response, 4),
	FIELD_CASE(xen_netif_tx_response, id, 0),
	FIELD_CASE(xen_netif_tx_response, status, 2),
	STRUCT_CASE(xen_netif_rx_request, 8),
	FIELD_CASE(xen_netif_rx_request, id, 0),
	FIELD_CASE(xen_netif_rx_request, gref, 4),
	STRUCT_CASE(xen_netif_rx_response, 8),
	FIELD_CASE(xen_netif_rx_response, id, 0),
	FIELD_CASE(xen_netif_rx_response, offset, 2),
	FIELD_CASE(xen_netif_rx_response, flags, 4),
	FIELD_CASE(xen_netif_rx_response, status, 6),
	STRUCT_CASE(xen_netif_extra_info, 8),
	FIELD_CASE(xen_netif_extra_info, type, 0),
	FIELD_CASE(xen_netif_extra_info, flags, 1),
	FIELD_CASE(xen_netif_extra_info, u.gso.size, 2),
	FIELD_CASE(xen_netif_extra_info, u.gso.type, 4),
	FIELD_CASE(xen_netif_extra_info, u.gso.features, 6),
	FIELD_CASE(xen_netif_extra_info, u.mcast.addr, 2),
	FIELD_CASE(xen_netif_extra_info, u.hash.type, 2),
	FIELD_CASE(xen_netif_extra_info, u.hash.algorithm, 3),
	FIELD_CASE(xen_netif_extra_info, u.hash.value, 4),
	FIELD_CASE(xen_netif_extra_info, u.xdp.headroom, 2),
	STRUCT_CASE(xen_netif_ctrl_request, 16),
	FIELD_CASE(xen_netif_ctrl_request, type, 2),
	FIELD_CASE(xen_netif_ctrl_request, data, 4),
	STRUCT_CASE(xen_netif_ctrl_response, 12),
	FIELD_CASE(xen_netif_ctrl_response, status, 4),
	FIELD_CASE(xen_netif_ctrl_response, data, 8),
	STRUCT_CASE(xen_netif_gref, 8),
	FIELD_CASE(xen_netif_gref, flags, 4),
	FIELD_CASE(xen_netif_gref, status, 6),
	FIELD_CASE(xen_netif_tx_sring, ring, 64),
	FIELD_CASE(xen_netif_rx_sring, ring, 64),
	STRUCT_CASE(xen_netif_sring_v2, 128),
	FIELD_CASE(xen_netif_sring_v2, req_prod, 0),
	FIELD_CASE(xen_netif_sring_v2, rsp_event, 4),
	FIELD_CASE(xen_netif_sring_v2, rsp_prod, 64),
	FIELD_CASE(xen_netif_sring_v2, req_event, 68),
};

KUNIT_ARRAY_PARAM_DESC(netif_field, netif_field_cases, desc);

static void netif_abi_layout(struct kunit *test)
{
	const struct netif_field_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, c->offset, c->want_offset);
	KUNIT_EXPECT_EQ(test, c->size, c->want_size);
}

/* Flag and type numbers are ABI as much as the layout is. */
static void netif_abi_numbers(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, XEN_NETTXF_csum_blank, 1U);
	KUNIT_EXPECT_EQ(test, XEN_NETTXF_data_validated, 2U);
	KUNIT_EXPECT_EQ(test, XEN_NETTXF_more_data, 4U);
	KUNIT_EXPECT_EQ(test, XEN_NETTXF_extra_info, 8U);
	KUNIT_EXPECT_EQ(test, XEN_NETRXF_data_validated, 1U);
	KUNIT_EXPECT_EQ(test, XEN_NETRXF_csum_blank, 2U);
	KUNIT_EXPECT_EQ(test, XEN_NETRXF_more_data, 4U);
	KUNIT_EXPECT_EQ(test, XEN_NETRXF_extra_info, 8U);
	KUNIT_EXPECT_EQ(test, XEN_NETRXF_gso_prefix, 16U);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_EXTRA_TYPE_GSO, 1);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 2);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_EXTRA_TYPE_MCAST_DEL, 3);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_EXTRA_TYPE_HASH, 4);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_EXTRA_TYPE_XDP, 5);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_GSO_TYPE_TCPV4, 1);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_GSO_TYPE_TCPV6, 2);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_RSP_DROPPED, -2);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_RSP_ERROR, -1);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_RSP_NULL, 1);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_NR_SLOTS_MIN, 18);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM, 7);
	KUNIT_EXPECT_EQ(test, XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING, 10);
}

/* A one-page classic ring holds 256 slots in each direction. */
static void netif_abi_classic_ring_size(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, __CONST_RING_SIZE(xen_netif_tx, 4096), 256);
	KUNIT_EXPECT_EQ(test, __CONST_RING_SIZE(xen_netif_rx, 4096), 256);
}

static struct kunit_case netif_abi_cases[] = {
	KUNIT_CASE_PARAM(netif_abi_layout, netif_field_gen_params),
	KUNIT_CASE(netif_abi_numbers),
	KUNIT_CASE(netif_abi_classic_ring_size),
	{}
};

static struct kunit_suite netif_abi_suite = {
	.name = "xen_netif_abi",
	.test_cases = netif_abi_cases,
};

kunit_test_suite(netif_abi_suite);

MODULE_DESCRIPTION("KUnit tests for the Xen netif pure logic");
MODULE_LICENSE("GPL");
