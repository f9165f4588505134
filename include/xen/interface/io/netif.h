/* SPDX-License-Identifier: MIT */
/*
 * The Xen paravirtual network interface: the wire ABI shared by a frontend
 * (netfront, in the guest) and a backend (netback, usually in dom0).
 *
 * This header is the single source of truth for the xen-netback and
 * xen-netfront modules of this project. It states the ABI in our own words;
 * the layouts, numbers and xenstore key names are fixed by the deployed
 * protocol and must never change. Every structure below carries compile-time
 * size and offset checks, so a moved field fails the build.
 *
 * The project builds with this directory ahead of the kernel's include path,
 * so this file replaces the kernel's copy at the same path; it keeps the
 * kernel's include guard and names so that anything written against the
 * kernel's copy still compiles.
 *
 * Sections:
 *   1. xenstore keys (classic protocol)
 *   2. TX and RX slots, extra-info segments, flags and status codes
 *   3. the control ring (hashing, gref mapping)
 *   4. extensions of this project: multi-page rings and ring layout v2
 */

#ifndef __XEN_PUBLIC_IO_XEN_NETIF_H__
#define __XEN_PUBLIC_IO_XEN_NETIF_H__

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#endif

#include <xen/interface/io/ring.h>
#include <xen/interface/grant_table.h>

/* ------------------------------------------------------------------------
 * 1. xenstore keys
 *
 * The frontend's directory is device/vif/<handle> in the guest's tree, the
 * backend's is backend/vif/<domid>/<handle> in the backend domain's tree.
 * "FE" keys live in the frontend directory, "BE" keys in the backend one.
 * Booleans are written as "0" or "1"; a missing key means "0".
 * ------------------------------------------------------------------------
 */

/* Written by the toolstack. */
#define XEN_NETIF_KEY_MAC		"mac"		/* FE+BE: aa:bb:cc:dd:ee:ff */
#define XEN_NETIF_KEY_HANDLE		"handle"	/* BE: vif index in the guest */
#define XEN_NETIF_KEY_SCRIPT		"script"	/* BE: hotplug script */
#define XEN_NETIF_KEY_RATE		"rate"		/* BE: "bytes,usecs" credit */
#define XEN_NETIF_KEY_ONLINE		"online"	/* BE: device should exist */
#define XEN_NETIF_KEY_HOTPLUG_STATUS	"hotplug-status"	/* BE: "connected" */
#define XEN_NETIF_KEY_MTU		"mtu"		/* FE+BE: toolstack's MTU */
#define XEN_NETIF_KEY_SPEED		"speed"		/* FE: link speed */
#define XEN_NETIF_KEY_TRUSTED		"trusted"	/* FE: backend trusted */
#define XEN_NETIF_KEY_STATE		"state"		/* both: XenbusState */

/*
 * "mtu" is a decimal byte count. libxl writes it in the frontend directory
 * (read-only to the guest) for every vif, 1500 unless the domain's
 * configuration says mtu=, and in the backend directory only when mtu= is
 * given; the vif-bridge hotplug script copies the MTU it gave the backend
 * interface into the frontend directory. A frame larger than a page needs
 * several slots, so without "feature-sg" on the other side no MTU above
 * 1500 works.
 *
 * "speed" is what the guest reports as its link speed: a decimal number of
 * bits per second with an optional unit suffix, "G" (the default when there
 * is none), "M" or "K", e.g. "10" or "2500M". Windows PV drivers read it in
 * the frontend directory; it describes nothing on the wire.
 */

/* Advertised by the backend. */
#define XEN_NETIF_KEY_FEATURE_SG		"feature-sg"
#define XEN_NETIF_KEY_FEATURE_GSO_TCPV4		"feature-gso-tcpv4"
#define XEN_NETIF_KEY_FEATURE_GSO_TCPV6		"feature-gso-tcpv6"
#define XEN_NETIF_KEY_FEATURE_IPV6_CSUM		"feature-ipv6-csum-offload"
#define XEN_NETIF_KEY_FEATURE_NO_CSUM		"feature-no-csum-offload"
#define XEN_NETIF_KEY_FEATURE_RX_COPY		"feature-rx-copy"
#define XEN_NETIF_KEY_FEATURE_RX_FLIP		"feature-rx-flip"
#define XEN_NETIF_KEY_FEATURE_RX_NOTIFY		"feature-rx-notify"
#define XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN	"feature-split-event-channels"
#define XEN_NETIF_KEY_FEATURE_MCAST_CTRL	"feature-multicast-control"
#define XEN_NETIF_KEY_FEATURE_DYN_MCAST_CTRL	"feature-dynamic-multicast-control"
#define XEN_NETIF_KEY_FEATURE_CTRL_RING		"feature-ctrl-ring"
#define XEN_NETIF_KEY_FEATURE_XDP_HEADROOM	"feature-xdp-headroom"
#define XEN_NETIF_KEY_MAX_QUEUES		"multi-queue-max-queues"

/* Written by the frontend. */
#define XEN_NETIF_KEY_NUM_QUEUES		"multi-queue-num-queues"
#define XEN_NETIF_KEY_QUEUE_DIR_FMT		"queue-%u"
#define XEN_NETIF_KEY_TX_RING_REF		"tx-ring-ref"
#define XEN_NETIF_KEY_RX_RING_REF		"rx-ring-ref"
#define XEN_NETIF_KEY_EVTCHN			"event-channel"
#define XEN_NETIF_KEY_EVTCHN_TX			"event-channel-tx"
#define XEN_NETIF_KEY_EVTCHN_RX			"event-channel-rx"
#define XEN_NETIF_KEY_REQUEST_RX_COPY		"request-rx-copy"
#define XEN_NETIF_KEY_REQUEST_MCAST_CTRL	"request-multicast-control"
#define XEN_NETIF_KEY_CTRL_RING_REF		"ctrl-ring-ref"
#define XEN_NETIF_KEY_EVTCHN_CTRL		"event-channel-ctrl"
#define XEN_NETIF_KEY_XDP_HEADROOM		"xdp-headroom"

/* Room for "queue-" plus the ten digits of any u32 and the NUL. */
#define XEN_NETIF_QUEUE_DIR_LEN			17

/* Largest XDP headroom a frontend may ask the backend to leave. */
#define XEN_NETIF_MAX_XDP_HEADROOM		0x7FFF

/* ------------------------------------------------------------------------
 * 2. TX and RX slots
 *
 * Guest TX: the frontend posts xen_netif_tx_request slots, the backend
 * answers each with a xen_netif_tx_response carrying the same id. A packet
 * is a first slot (flags may carry csum_blank, data_validated, more_data,
 * extra_info; size = size of the whole packet), optionally followed by
 * extra-info segments occupying whole slots, then one slot per further
 * fragment (size = that fragment). No slot's data may cross a page.
 *
 * Guest RX: the frontend posts xen_netif_rx_request slots naming empty
 * granted pages; the backend copies packet data into them and answers with
 * xen_netif_rx_response, whose status is the byte count or an error.
 * ------------------------------------------------------------------------
 */

/*
 * Every backend must accept a packet spread over this many slots; a
 * frontend that needs more must linearise.
 */
#define XEN_NETIF_NR_SLOTS_MIN		18

/* Largest packet a single TX request chain may describe. */
#define XEN_NETIF_MAX_TX_SIZE		0xFFFF

/* TX request flags. */
#define _XEN_NETTXF_csum_blank		(0)
#define  XEN_NETTXF_csum_blank		(1U << _XEN_NETTXF_csum_blank)
#define _XEN_NETTXF_data_validated	(1)
#define  XEN_NETTXF_data_validated	(1U << _XEN_NETTXF_data_validated)
#define _XEN_NETTXF_more_data		(2)
#define  XEN_NETTXF_more_data		(1U << _XEN_NETTXF_more_data)
#define _XEN_NETTXF_extra_info		(3)
#define  XEN_NETTXF_extra_info		(1U << _XEN_NETTXF_extra_info)

struct xen_netif_tx_request {
	grant_ref_t gref;	/* page holding this slot's data */
	uint16_t offset;	/* data start within the page */
	uint16_t flags;		/* XEN_NETTXF_* */
	uint16_t id;		/* echoed in the response */
	uint16_t size;		/* first slot: packet size; others: slot size */
};

/* Extra-info segment types. */
#define XEN_NETIF_EXTRA_TYPE_NONE	(0)	/* never valid on the wire */
#define XEN_NETIF_EXTRA_TYPE_GSO	(1)	/* u.gso */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD	(2)	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL	(3)	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_HASH	(4)	/* u.hash */
#define XEN_NETIF_EXTRA_TYPE_XDP	(5)	/* u.xdp, Linux only */
#define XEN_NETIF_EXTRA_TYPE_MAX	(6)

/* Extra-info flags: another extra-info segment follows this one. */
#define _XEN_NETIF_EXTRA_FLAG_MORE	(0)
#define  XEN_NETIF_EXTRA_FLAG_MORE	(1U << _XEN_NETIF_EXTRA_FLAG_MORE)

/* GSO types carried in u.gso.type. */
#define XEN_NETIF_GSO_TYPE_NONE		(0)
#define XEN_NETIF_GSO_TYPE_TCPV4	(1)
#define XEN_NETIF_GSO_TYPE_TCPV6	(2)

/*
 * An extra-info segment takes the place of a request or response slot, so it
 * must fit in the smallest slot it replaces (checked below).
 */
struct xen_netif_extra_info {
	uint8_t type;		/* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags;		/* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;		/* MSS */
			uint8_t type;		/* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features;	/* none defined: must be 0 */
		} gso;
		struct {
			uint8_t addr[6];	/* multicast MAC */
		} mcast;
		struct {
			uint8_t type;		/* _XEN_NETIF_CTRL_HASH_TYPE_* */
			uint8_t algorithm;	/* XEN_NETIF_CTRL_HASH_ALGORITHM_* */
			uint8_t value[4];	/* little-endian hash */
		} hash;
		struct {
			uint16_t headroom;	/* bytes before RX data */
			uint16_t pad[2];	/* fills the union: must be 0 */
		} xdp;
		uint16_t pad[3];	/* the union's size: 6 bytes */
	} u;
};

struct xen_netif_tx_response {
	uint16_t id;		/* from the request */
	int16_t status;		/* XEN_NETIF_RSP_* */
};

struct xen_netif_rx_request {
	uint16_t id;		/* echoed in the response */
	uint16_t pad;
	grant_ref_t gref;	/* empty page the backend writes into */
};

/* RX response flags. */
#define _XEN_NETRXF_data_validated	(0)
#define  XEN_NETRXF_data_validated	(1U << _XEN_NETRXF_data_validated)
#define _XEN_NETRXF_csum_blank		(1)
#define  XEN_NETRXF_csum_blank		(1U << _XEN_NETRXF_csum_blank)
#define _XEN_NETRXF_more_data		(2)
#define  XEN_NETRXF_more_data		(1U << _XEN_NETRXF_more_data)
#define _XEN_NETRXF_extra_info		(3)
#define  XEN_NETRXF_extra_info		(1U << _XEN_NETRXF_extra_info)
/* Deprecated: kept so that old peers' bits keep their meaning. */
#define _XEN_NETRXF_gso_prefix		(4)
#define  XEN_NETRXF_gso_prefix		(1U << _XEN_NETRXF_gso_prefix)

struct xen_netif_rx_response {
	uint16_t id;		/* from the request */
	uint16_t offset;	/* data start within the page */
	uint16_t flags;		/* XEN_NETRXF_* */
	int16_t status;		/* >= 0: byte count; < 0: XEN_NETIF_RSP_* */
};

/* Response status codes. */
#define XEN_NETIF_RSP_DROPPED		-2
#define XEN_NETIF_RSP_ERROR		-1
#define XEN_NETIF_RSP_OKAY		0
/* Placeholder for the slot an extra-info segment used: not a real response. */
#define XEN_NETIF_RSP_NULL		1

DEFINE_RING_TYPES(xen_netif_tx, struct xen_netif_tx_request,
		  struct xen_netif_tx_response);
DEFINE_RING_TYPES(xen_netif_rx, struct xen_netif_rx_request,
		  struct xen_netif_rx_response);

/* ------------------------------------------------------------------------
 * 3. The control ring
 *
 * Negotiated by feature-ctrl-ring (BE) and ctrl-ring-ref plus
 * event-channel-ctrl (FE). The frontend sends requests; the backend answers
 * each with a response of the same id and type.
 * ------------------------------------------------------------------------
 */

/* Hash types, as bit numbers and masks (SET/GET_HASH_FLAGS data). */
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4		0
#define  XEN_NETIF_CTRL_HASH_TYPE_IPV4		(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP	1
#define  XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6		2
#define  XEN_NETIF_CTRL_HASH_TYPE_IPV6		(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP	3
#define  XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)

/* Hash algorithms. */
#define XEN_NETIF_CTRL_HASH_ALGORITHM_NONE	0
#define XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ	1

/*
 * What a control request asks, with the request's data words it reads
 * (d0..d2) and what the response's data word returns. Hash keys and mappings
 * travel in a granted page named by d0; gref lists, by d1.
 */
enum xen_netif_ctrl_type {
	XEN_NETIF_CTRL_TYPE_INVALID = 0,
	/* rsp: the hash types the backend can compute, as a mask */
	XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS = 1,
	/* d0: the hash types to compute, as a mask */
	XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS = 2,
	/* d0: gref of the key, d1: its length in bytes */
	XEN_NETIF_CTRL_TYPE_SET_HASH_KEY = 3,
	/* rsp: the most queue-mapping entries the backend keeps */
	XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE = 4,
	/* d0: entries in the queue mapping */
	XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE = 5,
	/* d0: gref of u32 queue numbers, d1: how many, d2: first entry */
	XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING = 6,
	/* d0: XEN_NETIF_CTRL_HASH_ALGORITHM_* */
	XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM = 7,
	/*
	 * Staged grants: pages the backend keeps mapped, per queue. Our
	 * netback serves them only with staged_enable (NOT_SUPPORTED
	 * otherwise, as stock); our netfront never sends them yet.
	 */
	/* d0: queue; rsp: the most entries the queue's table holds */
	XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE = 8,
	/*
	 * d0: queue, d1: gref of a page of struct xen_netif_gref, from its
	 * start, d2: how many. All are mapped or none (per-entry status is
	 * informative only). A list past its page, more entries than GET
	 * answered (with those already added) or a reference already mapped
	 * breaks the protocol: our netback disables the device.
	 */
	XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING = 9,
	/*
	 * As ADD; each entry's status says whether it was unmapped, rsp: how
	 * many were. A reference not mapped breaks the protocol. One that a
	 * posted data-ring request still names may go: the backend stops
	 * using the mapping before it unmaps it, and copies with the grant.
	 */
	XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING = 10,
};

/* A control response's status word. */
enum xen_netif_ctrl_status {
	XEN_NETIF_CTRL_STATUS_SUCCESS = 0,
	XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED = 1,	/* unknown or unserved type */
	XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER = 2,	/* a data word out of range */
	XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW = 3,	/* more than the backend can hold */
};

struct xen_netif_ctrl_request {
	uint16_t id;
	uint16_t type;		/* XEN_NETIF_CTRL_TYPE_* */
	uint32_t data[3];	/* meaning depends on type */
};

struct xen_netif_ctrl_response {
	uint16_t id;		/* from the request */
	uint16_t type;		/* from the request */
	uint32_t status;	/* XEN_NETIF_CTRL_STATUS_* */
	uint32_t data;		/* meaning depends on type */
};

/* One entry of a gref mapping table (ADD/DEL_GREF_MAPPING). */
struct xen_netif_gref {
	grant_ref_t ref;
	uint16_t flags;		/* XEN_NETIF_CTRLF_GREF_* */
	uint16_t status;	/* per-entry XEN_NETIF_CTRL_STATUS_* */
};

#define _XEN_NETIF_CTRLF_GREF_readonly	0
#define  XEN_NETIF_CTRLF_GREF_readonly	(1U << _XEN_NETIF_CTRLF_GREF_readonly)

DEFINE_RING_TYPES(xen_netif_ctrl, struct xen_netif_ctrl_request,
		  struct xen_netif_ctrl_response);

/* ------------------------------------------------------------------------
 * 4. Extensions of this project
 *
 * Each one is off unless both sides advertise it; a peer that does not
 * know the key never sees anything but the classic protocol.
 *
 * 4a. Multi-page rings (the convention of Xen's block rings).
 *
 *   BE  max-ring-page-order = M    largest order the backend maps
 *   FE  ring-page-order     = N    order chosen, 0 <= N <= M
 *
 *   With N = 0 the frontend writes the classic tx-ring-ref/rx-ring-ref.
 *   With N > 0 it writes tx-ring-ref0 .. tx-ring-ref<2^N - 1> and the same
 *   for rx, one grant per page, pages in ring order. One order serves every
 *   queue and both directions. The keys sit next to the ring references,
 *   in the queue-<n> directory when there is more than one queue.
 *
 * 4b. Ring layout v2.
 *
 *   BE  feature-ring-layout-v2 = 1
 *   FE  ring-layout            = 2   (missing or 1: classic)
 *
 *   The classic shared ring packs req_prod, req_event, rsp_prod and
 *   rsp_event into one 16-byte header and keeps request i and response i
 *   in one slot, so both sides keep writing the same cache lines: every
 *   index update and every response written next to a request being
 *   posted moves a line from one CPU to the other. Layout v2 gives every
 *   cache line a single writer:
 *
 *     line 0      req_prod, rsp_event          (frontend writes)
 *     line 1      rsp_prod, req_event          (backend writes)
 *     requests    size entries, each rounded up to a power of two
 *     responses   size entries, each rounded up to a power of two
 *
 *   size is the largest power of two for which all of it fits in the
 *   2^order pages. Index arithmetic and event semantics are the classic
 *   ones. An extra-info segment takes a request entry on TX and a response
 *   entry on RX, as in the classic layout.
 * ------------------------------------------------------------------------
 */

#define XEN_NETIF_KEY_MAX_RING_PAGE_ORDER	"max-ring-page-order"
#define XEN_NETIF_KEY_RING_PAGE_ORDER		"ring-page-order"
#define XEN_NETIF_KEY_TX_RING_REF_FMT		"tx-ring-ref%u"
#define XEN_NETIF_KEY_RX_RING_REF_FMT		"rx-ring-ref%u"
#define XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2	"feature-ring-layout-v2"
#define XEN_NETIF_KEY_RING_LAYOUT		"ring-layout"

/*
 * Largest order either side of this project may ever negotiate: 16 pages
 * per ring. Together with the queue limit below it keeps one device's
 * ring grants inside Xen's default grant table (see the netfront docs).
 */
#define XEN_NETIF_MAX_RING_PAGE_ORDER		4
#define XEN_NETIF_MAX_RING_PAGES		(1U << XEN_NETIF_MAX_RING_PAGE_ORDER)

#define XEN_NETIF_RING_LAYOUT_CLASSIC		1
#define XEN_NETIF_RING_LAYOUT_V2		2

/* Size of a cache line as the v2 layout assumes it: a wire constant. */
#define XEN_NETIF_V2_LINE_SIZE			64

/* The v2 shared ring header; slots start right after it. */
struct xen_netif_sring_v2 {
	/* Line 0: written by the frontend only. */
	uint32_t req_prod;
	uint32_t rsp_event;
	uint8_t fe_pad[XEN_NETIF_V2_LINE_SIZE - 8];
	/* Line 1: written by the backend only. */
	uint32_t rsp_prod;
	uint32_t req_event;
	uint8_t be_pad[XEN_NETIF_V2_LINE_SIZE - 8];
};

/* v2 entry strides: each wire struct rounded up to a power of two. */
#define XEN_NETIF_V2_TX_REQ_STRIDE		16
#define XEN_NETIF_V2_TX_RSP_STRIDE		4
#define XEN_NETIF_V2_RX_REQ_STRIDE		8
#define XEN_NETIF_V2_RX_RSP_STRIDE		8

/* ------------------------------------------------------------------------
 * Compile-time checks: the numbers here are the ABI.
 * ------------------------------------------------------------------------
 */
/* With a message, so that userspace C11 compilers take it too. */
#define XEN_NETIF_ASSERT(expr)		static_assert(expr, #expr)
#define XEN_NETIF_ASSERT_FIELD(type, field, off)			\
	static_assert(offsetof(struct type, field) == (off),		\
		      #type "." #field " is at offset " #off " on the wire")

XEN_NETIF_ASSERT(sizeof(struct xen_netif_tx_request) == 12);
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_request, gref, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_request, offset, 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_request, flags, 6);
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_request, id, 8);
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_request, size, 10);

XEN_NETIF_ASSERT(sizeof(struct xen_netif_tx_response) == 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_response, id, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_response, status, 2);

XEN_NETIF_ASSERT(sizeof(struct xen_netif_rx_request) == 8);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_request, id, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_request, pad, 2);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_request, gref, 4);

XEN_NETIF_ASSERT(sizeof(struct xen_netif_rx_response) == 8);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_response, id, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_response, offset, 2);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_response, flags, 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_response, status, 6);

XEN_NETIF_ASSERT(sizeof(struct xen_netif_extra_info) == 8);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, type, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, flags, 1);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.gso.size, 2);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.gso.type, 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.gso.features, 6);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.mcast.addr, 2);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.hash.type, 2);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.hash.algorithm, 3);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.hash.value, 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_extra_info, u.xdp.headroom, 2);
/* An extra-info segment replaces a TX request or an RX response slot. */
XEN_NETIF_ASSERT(sizeof(struct xen_netif_extra_info) <=
	      sizeof(struct xen_netif_tx_request));
XEN_NETIF_ASSERT(sizeof(struct xen_netif_extra_info) <=
	      sizeof(struct xen_netif_rx_response));

XEN_NETIF_ASSERT(sizeof(struct xen_netif_ctrl_request) == 16);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_request, id, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_request, type, 2);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_request, data, 4);

XEN_NETIF_ASSERT(sizeof(struct xen_netif_ctrl_response) == 12);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_response, id, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_response, type, 2);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_response, status, 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_response, data, 8);

XEN_NETIF_ASSERT(sizeof(struct xen_netif_gref) == 8);
XEN_NETIF_ASSERT_FIELD(xen_netif_gref, ref, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_gref, flags, 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_gref, status, 6);

/* The classic shared-ring header is 64 bytes: slots start at offset 64. */
XEN_NETIF_ASSERT_FIELD(xen_netif_tx_sring, ring, 64);
XEN_NETIF_ASSERT_FIELD(xen_netif_rx_sring, ring, 64);
XEN_NETIF_ASSERT_FIELD(xen_netif_ctrl_sring, ring, 64);

XEN_NETIF_ASSERT(sizeof(struct xen_netif_sring_v2) == 2 * XEN_NETIF_V2_LINE_SIZE);
XEN_NETIF_ASSERT_FIELD(xen_netif_sring_v2, req_prod, 0);
XEN_NETIF_ASSERT_FIELD(xen_netif_sring_v2, rsp_event, 4);
XEN_NETIF_ASSERT_FIELD(xen_netif_sring_v2, rsp_prod, XEN_NETIF_V2_LINE_SIZE);
XEN_NETIF_ASSERT_FIELD(xen_netif_sring_v2, req_event, XEN_NETIF_V2_LINE_SIZE + 4);
XEN_NETIF_ASSERT(sizeof(struct xen_netif_tx_request) <= XEN_NETIF_V2_TX_REQ_STRIDE);
XEN_NETIF_ASSERT(sizeof(struct xen_netif_tx_response) <= XEN_NETIF_V2_TX_RSP_STRIDE);
XEN_NETIF_ASSERT(sizeof(struct xen_netif_rx_request) <= XEN_NETIF_V2_RX_REQ_STRIDE);
XEN_NETIF_ASSERT(sizeof(struct xen_netif_rx_response) <= XEN_NETIF_V2_RX_RSP_STRIDE);
XEN_NETIF_ASSERT(sizeof(struct xen_netif_extra_info) <= XEN_NETIF_V2_TX_REQ_STRIDE);
XEN_NETIF_ASSERT(sizeof(struct xen_netif_extra_info) <= XEN_NETIF_V2_RX_RSP_STRIDE);

#undef XEN_NETIF_ASSERT_FIELD
#undef XEN_NETIF_ASSERT

#endif /* __XEN_PUBLIC_IO_XEN_NETIF_H__ */
