// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP programs the lab's xdp scenario loads in a guest with
 * "ip link set dev eth0 xdp obj ...". Each acts only on ICMP echo
 * requests to the guest, so dom0's ping shows what it did, and passes
 * everything else (ARP, TCP of the command channel):
 *
 *   xdp_drop.o      drops them, and UDP to XDP_LAB_SINK_PORT (the
 *                   bench's flood), and counts both in the array map
 *                   xdp_lab_drops (bpftool map dump name xdp_lab_drops)
 *   xdp_tx.o        answers them itself with XDP_TX: an echo reply with
 *                   the addresses swapped, while the guest's own stack
 *                   ignores pings
 *   xdp_redirect.o  sends them out of the guest's second device (ifindex
 *                   XDP_LAB_IFINDEX, eth1) unchanged, with XDP_REDIRECT
 *   xdp_xsk.o       redirects them to the AF_XDP socket that xsk_count
 *                   put in the XSKMAP xdp_lab_xsks for the queue they
 *                   came on; with no socket there, they pass
 *
 * One source, one object per program (XDP_LAB_PROG), each with a single
 * SEC("xdp") program: iproute2 loads the first program of an object.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define XDP_LAB_DROP		1
#define XDP_LAB_TX		2
#define XDP_LAB_REDIRECT	3
#define XDP_LAB_XSK		4

/* linux/icmp.h pulls in libc headers: the part we need, from RFC 792. */
#define ICMP_ECHOREPLY		0
#define ICMP_ECHO		8

struct icmphdr {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__u16 id;
	__u16 sequence;
};

/* The UDP port the xdp bench floods: iperf3's, whose control is TCP. */
#define XDP_LAB_SINK_PORT	5201

/* A guest of the lab has lo, eth0, eth1: eth1 is the third device. */
#ifndef XDP_LAB_IFINDEX
#define XDP_LAB_IFINDEX		3
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} xdp_lab_drops SEC(".maps");

#if XDP_LAB_PROG == XDP_LAB_XSK
/* One entry per queue: xsk_count binds to queue 0, the map allows 8. */
struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} xdp_lab_xsks SEC(".maps");
#endif

/* The IPv4 header, without options, of a frame carrying proto, or NULL. */
static __always_inline struct iphdr *ipv4(struct xdp_md *ctx, __u8 proto)
{
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct iphdr *ip;

	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return NULL;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end || ip->ihl != 5 || ip->protocol != proto)
		return NULL;
	return ip;
}

/* The ICMP header of an IPv4 echo request without options, or NULL. */
static __always_inline struct icmphdr *echo_request(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;
	struct iphdr *ip = ipv4(ctx, IPPROTO_ICMP);
	struct icmphdr *icmp;

	if (!ip)
		return NULL;
	icmp = (void *)(ip + 1);
	if ((void *)(icmp + 1) > end || icmp->type != ICMP_ECHO)
		return NULL;
	return icmp;
}

#if XDP_LAB_PROG == XDP_LAB_DROP
/* Whether the frame is UDP to XDP_LAB_SINK_PORT. */
static __always_inline int to_sink(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;
	struct iphdr *ip = ipv4(ctx, IPPROTO_UDP);
	struct udphdr *udp;

	if (!ip)
		return 0;
	udp = (void *)(ip + 1);
	return (void *)(udp + 1) <= end &&
	       udp->dest == bpf_htons(XDP_LAB_SINK_PORT);
}
#endif

#if XDP_LAB_PROG == XDP_LAB_TX
/* Turn the request into its reply, in place; checksums updated. */
static __always_inline void echo_reply(struct xdp_md *ctx,
				       struct icmphdr *icmp)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct iphdr *ip = (void *)(eth + 1);
	unsigned char mac[ETH_ALEN];
	__u32 addr, sum;

	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	/* Swapping the addresses leaves the IP checksum as it was. */
	addr = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = addr;
	/* Type 8 to 0 lowers the first 16-bit word by 0x0800 (RFC 1624). */
	icmp->type = ICMP_ECHOREPLY;
	sum = (__u32)icmp->checksum + bpf_htons(ICMP_ECHO << 8);
	icmp->checksum = (__u16)(sum + (sum >> 16));
}
#endif

SEC("xdp")
int xdp_lab(struct xdp_md *ctx)
{
	struct icmphdr *icmp = echo_request(ctx);
	__u32 key = 0;
	__u64 *n;

#if XDP_LAB_PROG == XDP_LAB_DROP
	if (!icmp && !to_sink(ctx))
		return XDP_PASS;
	n = bpf_map_lookup_elem(&xdp_lab_drops, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return XDP_DROP;
#elif XDP_LAB_PROG == XDP_LAB_TX
	if (!icmp)
		return XDP_PASS;
	(void)key;
	(void)n;
	echo_reply(ctx, icmp);
	return XDP_TX;
#elif XDP_LAB_PROG == XDP_LAB_REDIRECT
	if (!icmp)
		return XDP_PASS;
	(void)key;
	(void)n;
	return bpf_redirect(XDP_LAB_IFINDEX, 0);
#elif XDP_LAB_PROG == XDP_LAB_XSK
	if (!icmp)
		return XDP_PASS;
	(void)key;
	(void)n;
	return bpf_redirect_map(&xdp_lab_xsks, ctx->rx_queue_index, XDP_PASS);
#else
#error "XDP_LAB_PROG: XDP_LAB_DROP, XDP_LAB_TX, XDP_LAB_REDIRECT or XDP_LAB_XSK"
#endif
}

char _license[] SEC("license") = "GPL";
