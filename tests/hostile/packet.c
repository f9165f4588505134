// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: malformed packets on the TX ring. Each attack
 * first sends one honest frame and waits for its answer, so a backend
 * that refuses what follows is seen refusing the attack and not a dead
 * ring, then posts its packet in one push. Packets a backend may just
 * drop are followed by another honest frame: the vif should live on.
 */
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <net/checksum.h>

#include "hostile.h"

/* Answers come within a few ms; a backend that disabled us never answers. */
#define HOSTILE_WAIT_MS		2000

/* Far above any grant table size. */
#define HOSTILE_BAD_GREF	0x0ffffff0U

/* The first slot carries the honest frame's data. */
#define HOSTILE_MORE		XEN_NETTXF_more_data
#define HOSTILE_EXTRA		XEN_NETTXF_extra_info

static void hostile_honest(struct hostile *h)
{
	hostile_tx_frame(h);
	hostile_tx_push(h);
	hostile_tx_wait(h, HOSTILE_WAIT_MS);
}

static void hostile_extra(struct hostile *h, u8 type, u8 flags)
{
	struct xen_netif_extra_info e = { .type = type, .flags = flags };

	hostile_tx_put_extra(h, &e);
}

static void hostile_gso(struct hostile *h, u16 size, u8 type, u8 flags)
{
	struct xen_netif_extra_info e = {
		.type = XEN_NETIF_EXTRA_TYPE_GSO,
		.flags = flags,
		.u.gso.size = size,
		.u.gso.type = type,
	};

	hostile_tx_put_extra(h, &e);
}

/* Push what was put, see what the backend makes of it. */
static int hostile_send(struct hostile *h)
{
	hostile_tx_push(h);
	return hostile_tx_wait(h, HOSTILE_WAIT_MS) ? 0 : -ETIMEDOUT;
}

/* Data that runs 104 bytes past the end of its page. */
int hostile_cross_page(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 4000, 0, 200);
	return hostile_send(h);
}

/* 30 data slots, where every backend must stop somewhere after 18. */
int hostile_too_many_slots(struct hostile *h)
{
	const unsigned int n = 30, len = 64;
	unsigned int i;

	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0, HOSTILE_MORE, n * len);
	for (i = 1; i < n; i++)
		hostile_tx_put(h, h->tx_ref[i % HOSTILE_TX_PAGES], i * len,
			       i + 1 < n ? HOSTILE_MORE : 0, len);
	return hostile_send(h);
}

/*
 * A reference beyond the grant table, one that names no grant, and (with
 * HOSTILE_RX_READONLY) receive buffers the backend may not write: each
 * copy fails in Xen, and a backend must live with that.
 */
int hostile_bad_gref(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, HOSTILE_BAD_GREF, 0, 0, HOSTILE_FRAME_LEN);
	hostile_tx_put(h, h->unused_ref, 0, 0, HOSTILE_FRAME_LEN);
	hostile_tx_put(h, h->tx_ref[1], 0, HOSTILE_MORE, 2 * HOSTILE_FRAME_LEN);
	hostile_tx_put(h, HOSTILE_BAD_GREF, 0, 0, HOSTILE_FRAME_LEN);
	hostile_send(h);
	hostile_honest(h);
	return 0;
}

/* A packet of no bytes and one shorter than an Ethernet header. */
int hostile_zero_len(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0, 0, 0);
	hostile_tx_put(h, h->tx_ref[0], 0, 0, 10);
	hostile_send(h);
	hostile_honest(h);
	return 0;
}

/* XSA-448: further slots of zero bytes after a complete first slot. */
int hostile_zero_frags(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0, HOSTILE_MORE, HOSTILE_FRAME_LEN);
	hostile_tx_put(h, h->tx_ref[1], 0, HOSTILE_MORE, 0);
	hostile_tx_put(h, h->tx_ref[1], 100, HOSTILE_MORE, 0);
	hostile_tx_put(h, h->tx_ref[1], 4096, 0, 0);
	hostile_send(h);
	hostile_honest(h);
	return 0;
}

/* Further slots adding up to 68 KiB behind a first slot announcing 1000. */
int hostile_oversize(struct hostile *h)
{
	const unsigned int n = 18;
	unsigned int i;

	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0, HOSTILE_MORE, 1000);
	for (i = 1; i < n; i++)
		hostile_tx_put(h, h->tx_ref[i % HOSTILE_TX_PAGES], 0,
			       i + 1 < n ? HOSTILE_MORE : 0, XEN_PAGE_SIZE);
	hostile_send(h);
	hostile_honest(h);
	return 0;
}

/*
 * XSA-423/432: a frame spread over 18 slots, every one smaller than the
 * headers, so the headers straddle many slots.
 */
int hostile_tiny_slots(struct hostile *h)
{
	const unsigned int n = XEN_NETIF_NR_SLOTS_MIN, tail = 2;
	unsigned int i;

	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0, HOSTILE_MORE, HOSTILE_FRAME_LEN);
	for (i = 1; i < n; i++)
		hostile_tx_put(h, h->tx_ref[0],
			       HOSTILE_FRAME_LEN - (n - i) * tail,
			       i + 1 < n ? HOSTILE_MORE : 0, tail);
	hostile_send(h);
	hostile_honest(h);
	return 0;
}

int hostile_extra_unknown(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0, HOSTILE_EXTRA, HOSTILE_FRAME_LEN);
	hostile_extra(h, XEN_NETIF_EXTRA_TYPE_MAX + 3, 0);
	return hostile_send(h);
}

int hostile_extra_dup(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0,
		       HOSTILE_EXTRA | XEN_NETTXF_csum_blank, HOSTILE_FRAME_LEN);
	hostile_gso(h, 1400, XEN_NETIF_GSO_TYPE_TCPV4,
		    XEN_NETIF_EXTRA_FLAG_MORE);
	hostile_gso(h, 1400, XEN_NETIF_GSO_TYPE_TCPV4, 0);
	return hostile_send(h);
}

/* Extra-info segments that each say "more", to the end of the ring. */
int hostile_extra_endless(struct hostile *h)
{
	unsigned int type = 0;

	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0, HOSTILE_EXTRA, HOSTILE_FRAME_LEN);
	while (h->tx_prod - h->tx_cons < h->tx.size) {
		hostile_extra(h, 1 + type, XEN_NETIF_EXTRA_FLAG_MORE);
		type = (type + 1) % (XEN_NETIF_EXTRA_TYPE_MAX - 1);
	}
	return hostile_send(h);
}

int hostile_gso_type(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0,
		       HOSTILE_EXTRA | XEN_NETTXF_csum_blank, HOSTILE_FRAME_LEN);
	hostile_gso(h, 1400, 7, 0);
	return hostile_send(h);
}

int hostile_gso_size(struct hostile *h)
{
	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[0], 0,
		       HOSTILE_EXTRA | XEN_NETTXF_csum_blank, HOSTILE_FRAME_LEN);
	hostile_gso(h, 0, XEN_NETIF_GSO_TYPE_TCPV4, 0);
	return hostile_send(h);
}

/* Bytes after the transport header of the GSO mismatch packets. */
#define HOSTILE_GSO_PAYLOAD	1000
#define HOSTILE_GSO_MSS		500

/*
 * An IPv4 packet to the lab bridge's broadcast address at the start of
 * the second TX page, carrying TCP or UDP and HOSTILE_GSO_PAYLOAD bytes;
 * returns its length. Every header is sound: only the GSO type the
 * extra-info slot gives it will be wrong.
 */
static unsigned int hostile_ip_packet(struct hostile *h, u8 proto)
{
	u8 *p = page_address(h->tx_page[1]);
	struct ethhdr *eth = (struct ethhdr *)p;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	unsigned int l4 = proto == IPPROTO_TCP ? sizeof(struct tcphdr) :
			  sizeof(struct udphdr);
	unsigned int len = sizeof(*ip) + l4 + HOSTILE_GSO_PAYLOAD;

	memset(p, 0x5a, XEN_PAGE_SIZE);
	eth_broadcast_addr(eth->h_dest);
	eth_random_addr(eth->h_source);
	eth->h_proto = htons(ETH_P_IP);
	memset(ip, 0, sizeof(*ip) + l4);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 1;
	ip->protocol = proto;
	ip->tot_len = htons(len);
	ip->saddr = htonl(0x0a6301faU);	/* 10.99.1.250 */
	ip->daddr = htonl(0x0a6301ffU);	/* 10.99.1.255 */
	ip->check = ip_fast_csum(ip, ip->ihl);
	if (proto == IPPROTO_TCP) {
		struct tcphdr *th = (struct tcphdr *)(ip + 1);

		th->source = htons(9);
		th->dest = htons(9);
		th->doff = sizeof(*th) / 4;
		th->ack = 1;
	} else {
		struct udphdr *uh = (struct udphdr *)(ip + 1);

		uh->source = htons(9);
		uh->dest = htons(9);
		uh->len = htons(l4 + HOSTILE_GSO_PAYLOAD);
	}
	return ETH_HLEN + len;
}

/* The second page's packet, under a GSO extra of the given type. */
static void hostile_gso_packet(struct hostile *h, u8 proto, u8 type)
{
	unsigned int len = hostile_ip_packet(h, proto);

	hostile_honest(h);
	hostile_tx_put(h, h->tx_ref[1], 0,
		       HOSTILE_EXTRA | XEN_NETTXF_csum_blank, len);
	hostile_gso(h, HOSTILE_GSO_MSS, type, 0);
	hostile_send(h);
	hostile_honest(h);
}

/* TCPv4 segmentation asked for a UDP datagram: a valid type, a lie. */
int hostile_gso_not_tcp(struct hostile *h)
{
	hostile_gso_packet(h, IPPROTO_UDP, XEN_NETIF_GSO_TYPE_TCPV4);
	return 0;
}

/* TCPv6 segmentation asked for a TCP segment carried in IPv4. */
int hostile_gso_wrong_ip(struct hostile *h)
{
	hostile_gso_packet(h, IPPROTO_TCP, XEN_NETIF_GSO_TYPE_TCPV6);
	return 0;
}

/* Eight packets in flight under one id: ids are ours to reuse or botch. */
int hostile_dup_ids(struct hostile *h)
{
	struct xen_netif_tx_request req = {
		.gref = h->tx_ref[0],
		.id = 7,
		.size = HOSTILE_FRAME_LEN,
	};
	unsigned int i;

	hostile_honest(h);
	for (i = 0; i < 8; i++)
		hostile_tx_put_req(h, &req);
	hostile_send(h);
	hostile_honest(h);
	return 0;
}
