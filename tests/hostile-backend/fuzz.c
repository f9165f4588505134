// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback-hostile: the seeded ring fuzzer (mode "fuzz", issue #17).
 * The seed is the "seed" parameter (the lab sets one per round); every
 * step draws the same number of words whatever the frontend does, so one
 * seed is one sequence of steps, replayed from the seed the lab printed.
 *
 * The fuzzer is mostly honest. A frontend refuses the first protocol
 * violation, so a backend that lies at every step only ever tests the
 * attach and the first lie; the states worth reaching (many TX ids in
 * flight, extra-info chains, RX buffers recycled many times, a ring
 * near full, notifications that come late) take thousands of correct
 * answers first. So each round draws from its seed a lie rate between
 * 1/64 and 1/4096 per step, and every other step is one of these legal
 * moves: RX packets written into posted buffers (real Ethernet frames,
 * copied in with grant copies: ICMP echo requests, UDP, TCP with a GSO
 * extra where the frontend takes GSO; one to seventeen slots where it
 * takes scatter-gather, legal offsets and sizes), answers to waiting TX
 * requests (in order or not, as stock netback's zero-copy completions
 * are, a part of them or all, a placeholder right after each request
 * that had an extra-info slot, now and then an error status), a stall
 * that lets both rings fill, the backend's own request event index set
 * anywhere (we poll), a few spurious events, an RX packet published
 * half now and half later, and notifications held back and sent late.
 * A lying step is one of the old lies: one RX field (offset, flags,
 * status, id, extra) set to an edge or random value, a TX answer with a
 * wrong id or status, a response producer moved, a backend key rewritten
 * and, one time in 16, a random state written.
 *
 * The TX side learns the guest's addresses from the first IPv4 packet
 * it sends, so that the echo requests it writes in RX buffers get
 * answers: the frontend's TX load then follows ours.
 *
 * Steps run in the attack work, a few per run under be->lock, for
 * HBE_FUZZ_MS; the last line says how deep the round got.
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xenbus.h>

#include "hostile_be.h"

#define HBE_FUZZ_MS		3000
#define HBE_FUZZ_WORDS		12
#define HBE_FUZZ_DIGEST		64	/* steps the printed digest covers */
#define HBE_FUZZ_BATCH		8	/* steps per run of the work */
/* The largest frame we write: GSO packets of a few segments. */
#define HBE_FUZZ_FRAME_MAX	(4 * PAGE_SIZE)
/* Data slots of one RX packet: within what every frontend must take. */
#define HBE_FUZZ_RX_SLOTS	(XEN_NETIF_NR_SLOTS_MIN - 1)
/* Extra-info slots after one TX request that we follow. */
#define HBE_FUZZ_TX_EXTRAS	4

enum hbe_lie {
	HBE_LIE_RX_OFFSET, HBE_LIE_RX_FLAGS, HBE_LIE_RX_STATUS, HBE_LIE_RX_ID,
	HBE_LIE_RX_EXTRA, HBE_LIE_TX_ID, HBE_LIE_TX_STATUS, HBE_LIE_INDEX,
	HBE_LIE_KEY, HBE_LIE_STATE, HBE_LIE_MAX,
};

static const char *const hbe_lie_names[HBE_LIE_MAX] = {
	"rx offset", "rx flags", "rx status", "rx id", "rx extra", "tx id",
	"tx status", "response producer", "backend key", "backend state",
};

/* A TX request read and not answered yet. */
struct hbe_fuzz_pend {
	u16 id;
	u8 nulls;	/* its extra-info slots: placeholders owed */
};

/* The round's state besides the draws (be->rng); under be->lock. */
struct hbe_fuzz {
	/* The round's character, from the seed. */
	u32 lie_rate;		/* one step in lie_rate lies */
	bool fe_sg;		/* the frontend takes multi-slot RX packets */
	bool fe_gso4, fe_gso6;	/* and GSO ones */

	/* TX: requests are read ahead of the answers, kept in pend. */
	u32 tx_req_cons;
	bool tx_cont;		/* the last request read had more_data */
	unsigned int npend;
	unsigned int pend_max;	/* the ring's size */
	struct hbe_fuzz_pend *pend;

	unsigned int rx_hold;	/* RX slots written, not published yet */
	unsigned int stall;	/* steps left without answers */
	bool kick_owed[2];	/* a notification held back: TX, RX */

	/* Addresses for the frames we write: learnt from TX, else ours. */
	bool learnt;
	u8 guest_mac[ETH_ALEN], peer_mac[ETH_ALEN];
	__be32 guest_ip, peer_ip;
	u16 ip_id;
	u8 *frame;

	/* What the round did, for its last line. */
	u64 tx_answers, tx_errors, rx_packets, rx_multi, rx_gso, rx_slots;
	u64 late_kicks, spurious, stalls, halves;
	unsigned int lies, first_lie_step, last_lie_step;
	enum hbe_lie first_lie, last_lie;
	unsigned int tx_out_max;	/* most TX slots outstanding */
	unsigned int fe_moved_step;	/* last step the frontend posted */
	u32 fe_tx_prod, fe_rx_prod;
};

static const char *const hbe_fuzz_keys[] = {
	XEN_NETIF_KEY_FEATURE_SG, XEN_NETIF_KEY_FEATURE_GSO_TCPV4,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV6, XEN_NETIF_KEY_FEATURE_RX_COPY,
	XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN, XEN_NETIF_KEY_MAX_QUEUES,
	XEN_NETIF_KEY_MAX_RING_PAGE_ORDER, XEN_NETIF_KEY_FEATURE_CTRL_RING,
	XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2, XEN_NETIF_KEY_FEATURE_RX_NOTIFY,
};

/*
 * The round's character: a word from the seed that is not one of the
 * round's draws, so the digest of the draws stays what it was.
 */
static u64 hbe_fuzz_character(u64 seed)
{
	struct fuzz_rng r;

	fuzz_rng_init(&r, seed ^ 0x6c69652d72617465ULL);
	return fuzz_rng_next(&r);
}

static s16 hbe_fuzz_s16(u64 w)
{
	static const s16 edge[] = {
		0, 1, -1, -2, 13, 14, 60, 1514, 4095, 4096, 4097, 32767,
		-32768, XEN_NETIF_RSP_NULL, XEN_NETIF_RSP_DROPPED, 9000,
	};

	return (w & 1) ? edge[(w >> 1) % ARRAY_SIZE(edge)] : (s16)(w >> 8);
}

static void hbe_fuzz_kick(struct hbe *be, bool rx)
{
	notify_remote_via_irq(rx ? be->rx_irq : be->tx_irq);
}

/*
 * Publish a ring's responses up to prod and notify as the frontend's
 * event index asks, unless this step holds the notification back; a
 * held one is owed and sent at a later step (late, never lost).
 */
static void hbe_fuzz_publish(struct hbe *be, struct hbe_fuzz *fz, bool rx,
			     u32 prod, bool hold)
{
	struct xnif_ring *ring = rx ? &be->rx : &be->tx;

	if (xnif_ring_publish(&ring->rsp, prod))
		fz->kick_owed[rx] = true;
	if (hold || !fz->kick_owed[rx])
		return;
	fz->kick_owed[rx] = false;
	hbe_fuzz_kick(be, rx);
}

static void hbe_fuzz_pay_kicks(struct hbe *be, struct hbe_fuzz *fz)
{
	unsigned int rx;

	for (rx = 0; rx < 2; rx++) {
		if (!fz->kick_owed[rx])
			continue;
		fz->kick_owed[rx] = false;
		fz->late_kicks++;
		hbe_fuzz_kick(be, rx);
	}
}

/* Copy len bytes of the frame into a granted buffer, page by page. */
static int hbe_fuzz_copy(struct hbe *be, const u8 *src, grant_ref_t gref,
			 unsigned int off, unsigned int len)
{
	struct gnttab_copy op[2];
	unsigned int n = 0, i;

	while (len && n < ARRAY_SIZE(op)) {
		unsigned int chunk = min_t(unsigned int, len,
					   XEN_PAGE_SIZE - xen_offset_in_page(src));

		op[n] = (struct gnttab_copy){
			.source.u.gmfn = virt_to_gfn(src),
			.source.offset = xen_offset_in_page(src),
			.source.domid = DOMID_SELF,
			.dest.u.ref = gref,
			.dest.offset = off,
			.dest.domid = be->dev->otherend_id,
			.len = chunk,
			.flags = GNTCOPY_dest_gref,
		};
		n++;
		src += chunk;
		off += chunk;
		len -= chunk;
	}
	gnttab_batch_copy(op, n);
	for (i = 0; i < n; i++)
		if (op[i].status != GNTST_okay)
			return -EIO;
	return len ? -EINVAL : 0;
}

/* The first bytes of a TX request's data, to learn addresses from. */
static void hbe_fuzz_learn(struct hbe *be, struct hbe_fuzz *fz,
			   const struct xen_netif_tx_request *req)
{
	/* Not the stack: it may be vmalloc'ed, and a copy needs a frame. */
	u8 *buf = fz->frame;
	const unsigned int len = ETH_HLEN + sizeof(struct iphdr);
	struct gnttab_copy op = {
		.source.u.ref = req->gref,
		.source.offset = req->offset,
		.source.domid = be->dev->otherend_id,
		.dest.u.gmfn = virt_to_gfn(buf),
		.dest.offset = xen_offset_in_page(buf),
		.dest.domid = DOMID_SELF,
		.len = len,
		.flags = GNTCOPY_source_gref,
	};
	const struct ethhdr *eth = (const struct ethhdr *)buf;
	const struct iphdr *ip = (const struct iphdr *)(buf + ETH_HLEN);

	/* Within the granted page: the frame starts a page of its own. */
	if (req->size < len || req->offset + len > XEN_PAGE_SIZE)
		return;
	gnttab_batch_copy(&op, 1);
	if (op.status != GNTST_okay || eth->h_proto != htons(ETH_P_IP) ||
	    ip->version != 4 || !ip->saddr || !ip->daddr)
		return;
	ether_addr_copy(fz->guest_mac, eth->h_source);
	ether_addr_copy(fz->peer_mac, eth->h_dest);
	fz->guest_ip = ip->saddr;
	fz->peer_ip = ip->daddr;
	fz->learnt = true;
	pr_info("%s: fuzz: guest %pM %pI4 talks to %pM %pI4\n",
		be->dev->nodename, fz->guest_mac, &fz->guest_ip,
		fz->peer_mac, &fz->peer_ip);
}

/* What the frontend posted since the last step: its depth marker. */
static void hbe_fuzz_watch(struct hbe *be, struct hbe_fuzz *fz)
{
	u32 tx = READ_ONCE(*be->tx.req.prod), rx = READ_ONCE(*be->rx.req.prod);
	u32 out = tx - be->tx_rsp;

	if (tx != fz->fe_tx_prod || rx != fz->fe_rx_prod)
		fz->fe_moved_step = be->fuzz_steps;
	fz->fe_tx_prod = tx;
	fz->fe_rx_prod = rx;
	if (out <= be->tx.size && out > fz->tx_out_max)
		fz->tx_out_max = out;
}

/*
 * Read waiting TX requests into pend, at most max packets' worth. A
 * request with an extra-info flag is taken with its extra slots, which
 * the frontend publishes with it; the placeholders answering them must
 * follow its own answer.
 */
static void hbe_fuzz_tx_read(struct hbe *be, struct hbe_fuzz *fz,
			     unsigned int max)
{
	u32 prod = READ_ONCE(*be->tx.req.prod);

	virt_rmb(); /* the index before the requests it covers */
	if (!xnif_ring_prod_valid(prod, be->tx_rsp, be->tx.size) ||
	    !xnif_ring_prod_valid(prod, fz->tx_req_cons, be->tx.size))
		return;
	while (fz->tx_req_cons != prod && max-- && fz->npend < fz->pend_max) {
		struct xen_netif_tx_request req;
		u32 i = fz->tx_req_cons + 1;
		unsigned int nulls = 0;

		memcpy(&req, xnif_ring_req(&be->tx, fz->tx_req_cons),
		       sizeof(req));
		if (req.flags & XEN_NETTXF_extra_info) {
			bool more = true;

			while (more) {
				struct xen_netif_extra_info x;

				/* Not all there yet: read it all later. */
				if (i == prod || nulls == HBE_FUZZ_TX_EXTRAS)
					return;
				memcpy(&x, xnif_ring_req(&be->tx, i), sizeof(x));
				more = x.flags & XEN_NETIF_EXTRA_FLAG_MORE;
				nulls++;
				i++;
			}
		}
		if (!fz->tx_cont && !fz->learnt)
			hbe_fuzz_learn(be, fz, &req);
		fz->tx_cont = req.flags & XEN_NETTXF_more_data;
		fz->pend[fz->npend++] = (struct hbe_fuzz_pend){
			.id = req.id, .nulls = nulls,
		};
		fz->tx_req_cons = i;
	}
}

static void hbe_fuzz_tx_put(struct hbe *be, u16 id, s16 status)
{
	struct xen_netif_tx_response rsp = { .id = id, .status = status };

	memcpy(xnif_ring_rsp(&be->tx, be->tx_rsp++), &rsp, sizeof(rsp));
}

/* Take pending request j out: in order keeps the rest in order. */
static struct hbe_fuzz_pend hbe_fuzz_tx_take(struct hbe_fuzz *fz,
					     unsigned int j)
{
	struct hbe_fuzz_pend p = fz->pend[j];

	memmove(&fz->pend[j], &fz->pend[j + 1],
		(fz->npend - j - 1) * sizeof(p));
	fz->npend--;
	return p;
}

/*
 * Legal TX answers: read what waits (all of it or a few packets), then
 * answer n of the pending requests, the oldest first or in any order,
 * each followed by the placeholders for its extra slots. Every answer
 * goes to a slot whose request was read: responses never pass requests.
 */
static void hbe_fuzz_tx(struct hbe *be, struct hbe_fuzz *fz, const u64 *w,
			struct fuzz_rng *r)
{
	bool any_order = !(w[4] % 4), hold = !(w[5] % 8);
	unsigned int n, k;

	hbe_fuzz_tx_read(be, fz, (w[2] & 1) ? fz->pend_max : 1 + w[2] % 8);
	if (fz->stall || !fz->npend)
		return;
	n = (w[3] % 4) ? fz->npend : 1 + w[3] % fz->npend;
	for (k = 0; k < n; k++) {
		struct hbe_fuzz_pend p;
		s16 status = XEN_NETIF_RSP_OKAY;
		unsigned int x = fuzz_rng_below(r, 64);

		p = hbe_fuzz_tx_take(fz, any_order ?
				     fuzz_rng_below(r, fz->npend) : 0);
		if (!x)
			status = XEN_NETIF_RSP_ERROR;
		else if (x == 1)
			status = XEN_NETIF_RSP_DROPPED;
		fz->tx_errors += status != XEN_NETIF_RSP_OKAY;
		hbe_fuzz_tx_put(be, p.id, status);
		while (p.nulls--)
			hbe_fuzz_tx_put(be, p.id, XEN_NETIF_RSP_NULL);
		fz->tx_answers++;
	}
	hbe_fuzz_publish(be, fz, false, be->tx_rsp, hold);
}

/* A TX lie: the oldest pending request answered with a wrong field. */
static bool hbe_fuzz_tx_lie(struct hbe *be, struct hbe_fuzz *fz,
			    const u64 *w, enum hbe_lie lie)
{
	struct hbe_fuzz_pend p;

	hbe_fuzz_tx_read(be, fz, fz->pend_max);
	if (!fz->npend)
		return false;
	p = hbe_fuzz_tx_take(fz, 0);
	if (lie == HBE_LIE_TX_ID)
		hbe_fuzz_tx_put(be, w[11] & 0xffff, XEN_NETIF_RSP_OKAY);
	else
		hbe_fuzz_tx_put(be, p.id, hbe_fuzz_s16(w[11]));
	while (p.nulls--)
		hbe_fuzz_tx_put(be, p.id, XEN_NETIF_RSP_NULL);
	hbe_fuzz_publish(be, fz, false, be->tx_rsp, false);
	return true;
}

/* The shape of one RX packet: its slots and what goes in them. */
struct hbe_fuzz_pkt {
	unsigned int len;		/* frame bytes */
	unsigned int n;			/* data slots */
	u16 off[HBE_FUZZ_RX_SLOTS];
	u16 size[HBE_FUZZ_RX_SLOTS];
	u16 flags;
	bool gso;
	struct xen_netif_extra_info extra;
};

static __be32 hbe_fuzz_guest_ip(const struct hbe_fuzz *fz)
{
	return fz->learnt ? fz->guest_ip : htonl(INADDR_BROADCAST);
}

static void hbe_fuzz_ip4(struct hbe_fuzz *fz, struct iphdr *ip,
			 unsigned int len, u8 proto)
{
	*ip = (struct iphdr){
		.version = 4, .ihl = 5, .ttl = 64, .protocol = proto,
		.tot_len = htons(len), .id = htons(fz->ip_id++),
		.saddr = fz->learnt ? fz->peer_ip : htonl(0x0afe0001),
		.daddr = hbe_fuzz_guest_ip(fz),
	};
	ip->check = ip_fast_csum(ip, ip->ihl);
}

/*
 * Write the frame's headers into fz->frame, whose bytes past them are a
 * pattern (and earlier frames' headers): Ethernet to the guest, then
 * TCP (GSO packets, v4 or v6 as negotiated), an ICMP echo request or a
 * UDP datagram to the discard port, checksums as the flags promise.
 */
static void hbe_fuzz_frame(struct hbe_fuzz *fz, struct hbe_fuzz_pkt *pkt,
			   struct fuzz_rng *r)
{
	struct ethhdr *eth = (struct ethhdr *)fz->frame;
	u8 *l3 = fz->frame + ETH_HLEN, *l4;
	bool partial = pkt->flags & XEN_NETRXF_csum_blank;
	unsigned int l3len = pkt->len - ETH_HLEN, l4len;
	bool v6 = pkt->gso && pkt->extra.u.gso.type == XEN_NETIF_GSO_TYPE_TCPV6;
	u8 proto;

	ether_addr_copy(eth->h_dest, fz->guest_mac);
	ether_addr_copy(eth->h_source, fz->peer_mac);
	eth->h_proto = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (pkt->len < ETH_HLEN + sizeof(struct iphdr) + sizeof(struct udphdr))
		return;
	proto = pkt->gso ? IPPROTO_TCP :
		(partial || fuzz_rng_below(r, 2)) ? IPPROTO_UDP : IPPROTO_ICMP;
	if (v6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)l3;

		l4 = l3 + sizeof(*ip6);
		l4len = l3len - sizeof(*ip6);
		*ip6 = (struct ipv6hdr){
			.version = 6, .hop_limit = 64, .nexthdr = proto,
			.payload_len = htons(l4len),
		};
		ip6->saddr.s6_addr[0] = 0xfe;
		ip6->saddr.s6_addr[1] = 0x80;
		ip6->saddr.s6_addr[15] = 1;
		ip6->daddr = ip6->saddr;
		ip6->daddr.s6_addr[15] = 2;
	} else {
		l4 = l3 + sizeof(struct iphdr);
		l4len = l3len - sizeof(struct iphdr);
		hbe_fuzz_ip4(fz, (struct iphdr *)l3, l3len, proto);
	}
	if (proto == IPPROTO_TCP) {
		struct tcphdr *th = (struct tcphdr *)l4;

		memset(th, 0, sizeof(*th));
		th->source = htons(40000 + fuzz_rng_below(r, 1000));
		th->dest = htons(9);
		th->seq = htonl(fuzz_rng_next(r));
		th->doff = sizeof(*th) / 4;
		th->ack = 1;
		th->window = htons(512);
		/* GSO packets come with a partial checksum. */
		if (v6)
			th->check = ~csum_ipv6_magic(&((struct ipv6hdr *)l3)->saddr,
						     &((struct ipv6hdr *)l3)->daddr,
						     l4len, IPPROTO_TCP, 0);
		else
			th->check = ~csum_tcpudp_magic(((struct iphdr *)l3)->saddr,
						       ((struct iphdr *)l3)->daddr,
						       l4len, IPPROTO_TCP, 0);
	} else if (proto == IPPROTO_UDP) {
		struct udphdr *uh = (struct udphdr *)l4;
		const struct iphdr *ip = (const struct iphdr *)l3;

		uh->source = htons(40000 + fuzz_rng_below(r, 1000));
		uh->dest = htons(9);
		uh->len = htons(l4len);
		uh->check = 0;
		if (partial)
			uh->check = ~csum_tcpudp_magic(ip->saddr, ip->daddr,
						       l4len, IPPROTO_UDP, 0);
		else
			uh->check = csum_tcpudp_magic(ip->saddr, ip->daddr,
						      l4len, IPPROTO_UDP,
						      csum_partial(uh, l4len, 0)) ?:
				    CSUM_MANGLED_0;
	} else {
		struct icmphdr *ih = (struct icmphdr *)l4;

		memset(ih, 0, sizeof(*ih));
		ih->type = ICMP_ECHO;
		ih->un.echo.id = htons(0x6862);
		ih->un.echo.sequence = htons(fz->ip_id);
		ih->checksum = csum_fold(csum_partial(ih, l4len, 0));
	}
}

/*
 * Draw a legal packet: its length, its slots (one unless the frontend
 * takes scatter-gather; each within its page, at a legal offset), its
 * flags and a GSO extra where the frontend takes GSO. Returns false if
 * the posted buffers cannot hold it.
 */
static bool hbe_fuzz_rx_shape(struct hbe_fuzz *fz, struct hbe_fuzz_pkt *pkt,
			      const u64 *w, struct fuzz_rng *r, u32 avail)
{
	unsigned int left, i, hdr;
	bool v6;

	memset(pkt, 0, sizeof(*pkt));
	pkt->gso = (fz->fe_gso4 || fz->fe_gso6) && !(w[6] % 4);
	if (pkt->gso) {
		v6 = fz->fe_gso6 && (!fz->fe_gso4 || (w[6] & 16));
		hdr = ETH_HLEN + (v6 ? sizeof(struct ipv6hdr) :
				  sizeof(struct iphdr)) + sizeof(struct tcphdr);
		pkt->extra.type = XEN_NETIF_EXTRA_TYPE_GSO;
		pkt->extra.u.gso.type = v6 ? XEN_NETIF_GSO_TYPE_TCPV6 :
					     XEN_NETIF_GSO_TYPE_TCPV4;
		pkt->extra.u.gso.size = 536 + (w[7] >> 8) % (1448 - 536 + 1);
		/* Two segments at least, up to what the frame holds. */
		pkt->len = hdr + pkt->extra.u.gso.size + 1 +
			   (w[7] >> 24) % (HBE_FUZZ_FRAME_MAX - hdr -
					   pkt->extra.u.gso.size);
		pkt->flags = XEN_NETRXF_csum_blank | XEN_NETRXF_data_validated |
			     XEN_NETRXF_extra_info;
	} else {
		/* Mostly 60-1514 bytes, now and then a runt. */
		pkt->len = (w[7] & 15) ? 60 + (w[7] >> 8) % (1514 - 60 + 1) :
					 ETH_HLEN + (w[7] >> 8) % 46;
		switch (w[8] % 4) {
		case 0:
			/* A partial checksum needs a UDP header to sit in. */
			if (pkt->len < ETH_HLEN + sizeof(struct iphdr) +
				       sizeof(struct udphdr))
				break;
			pkt->flags = XEN_NETRXF_csum_blank |
				     XEN_NETRXF_data_validated;
			break;
		case 1:
			pkt->flags = XEN_NETRXF_data_validated;
			break;
		default:
			break;
		}
	}
	/* Slots: random sizes, but never more than HBE_FUZZ_RX_SLOTS. */
	left = pkt->len;
	for (i = 0; left && i < HBE_FUZZ_RX_SLOTS; i++) {
		unsigned int rest = (HBE_FUZZ_RX_SLOTS - 1 - i) * XEN_PAGE_SIZE;
		unsigned int min = left > rest ? left - rest : 1;
		unsigned int off = 0, room, size;

		if (!fz->fe_sg)
			min = left;
		if (!fuzz_rng_below(r, 4))
			off = fuzz_rng_below(r, XEN_PAGE_SIZE - min + 1);
		room = min_t(unsigned int, left, XEN_PAGE_SIZE - off);
		size = (fz->fe_sg && fuzz_rng_below(r, 2)) ?
		       min + fuzz_rng_below(r, room - min + 1) : room;
		pkt->off[i] = off;
		pkt->size[i] = size;
		left -= size;
	}
	pkt->n = i;
	return !left && pkt->n + pkt->gso <= avail;
}

/* One RX packet, honest or with one field lying; false if none fit. */
static bool hbe_fuzz_rx_one(struct hbe *be, struct hbe_fuzz *fz,
			    const u64 *w, struct fuzz_rng *r, int lie)
{
	u32 prod = READ_ONCE(*be->rx.req.prod);
	struct xen_netif_rx_response rsp;
	struct hbe_fuzz_pkt pkt;
	unsigned int i, bad;
	const u8 *src;

	virt_rmb(); /* the index before the requests it covers */
	if (!xnif_ring_prod_valid(prod, be->rx_rsp, be->rx.size) ||
	    !hbe_fuzz_rx_shape(fz, &pkt, w, r, prod - be->rx_rsp))
		return false;
	hbe_fuzz_frame(fz, &pkt, r);
	/* An extra lie on a packet without one: the slot is the lie. */
	if (lie == HBE_LIE_RX_EXTRA && !pkt.gso) {
		if (pkt.n + 1 > prod - be->rx_rsp)
			return false;
		pkt.gso = true;
		pkt.flags |= XEN_NETRXF_extra_info;
	}
	bad = fuzz_rng_below(r, pkt.n);
	src = fz->frame;
	for (i = 0; i < pkt.n; i++) {
		struct xen_netif_rx_request req;
		s16 status = pkt.size[i];

		memcpy(&req, xnif_ring_req(&be->rx, be->rx_rsp), sizeof(req));
		if (hbe_fuzz_copy(be, src, req.gref, pkt.off[i], pkt.size[i]))
			status = XEN_NETIF_RSP_ERROR;
		src += pkt.size[i];
		rsp = (struct xen_netif_rx_response){
			.id = req.id, .offset = pkt.off[i], .status = status,
			.flags = (i ? 0 : pkt.flags) |
				 (i + 1 < pkt.n ? XEN_NETRXF_more_data : 0),
		};
		if (i == bad) {
			switch (lie) {
			case HBE_LIE_RX_OFFSET:
				rsp.offset = hbe_fuzz_s16(w[11]);
				break;
			case HBE_LIE_RX_FLAGS:
				rsp.flags = hbe_fuzz_s16(w[11]);
				break;
			case HBE_LIE_RX_STATUS:
				rsp.status = hbe_fuzz_s16(w[11]);
				break;
			case HBE_LIE_RX_ID:
				rsp.id = w[11] >> 16;
				break;
			default:
				break;
			}
		}
		memcpy(xnif_ring_rsp(&be->rx, be->rx_rsp++), &rsp, sizeof(rsp));
		if (!i && pkt.gso) {
			if (lie == HBE_LIE_RX_EXTRA) {
				pkt.extra.type = w[11] & 0xff;
				pkt.extra.flags = w[11] >> 8;
			}
			memcpy(xnif_ring_rsp(&be->rx, be->rx_rsp++), &pkt.extra,
			       sizeof(pkt.extra));
		}
	}
	if (lie < 0) {
		fz->rx_packets++;
		fz->rx_slots += pkt.n;
		fz->rx_multi += pkt.n > 1;
		fz->rx_gso += pkt.gso;
	}
	return true;
}

/*
 * Legal RX: a batch of 1-4 packets in posted buffers, published whole,
 * or the last packet's tail held back for a later step (the frontend
 * waits for the rest of a packet it has the start of).
 */
static void hbe_fuzz_rx(struct hbe *be, struct hbe_fuzz *fz, const u64 *w,
			struct fuzz_rng *r)
{
	unsigned int n = 1 + w[2] % 4, done = 0;
	u32 start = be->rx_rsp;

	if (fz->stall)
		return;
	/* What an earlier step held back goes out first. */
	if (fz->rx_hold) {
		fz->rx_hold = 0;
		hbe_fuzz_publish(be, fz, true, be->rx_rsp, false);
		start = be->rx_rsp;
	}
	while (done < n && hbe_fuzz_rx_one(be, fz, w, r, -1))
		done++;
	if (!done)
		return;
	if (!(w[3] % 16) && be->rx_rsp - start > 1) {
		fz->rx_hold = 1 + fuzz_rng_below(r, be->rx_rsp - start - 1);
		fz->halves++;
	}
	hbe_fuzz_publish(be, fz, true, be->rx_rsp - fz->rx_hold,
			 !(w[5] % 8));
}

/* A response producer anywhere: behind, past a ring, or random. */
static void hbe_fuzz_index(struct hbe *be, struct hbe_fuzz *fz, const u64 *w)
{
	struct xnif_ring *ring = (w[2] & 1) ? &be->rx : &be->tx;
	u32 *rsp = (w[2] & 1) ? &be->rx_rsp : &be->tx_rsp;

	switch (w[3] % 3) {
	case 0:
		*rsp -= 1 + w[4] % 4;
		break;
	case 1:
		*rsp += ring->size + 1 + w[4] % 64;
		break;
	default:
		*rsp = w[4];
		break;
	}
	/* Nothing read before is ours to answer any more. */
	fz->npend = 0;
	fz->tx_req_cons = be->tx_rsp;
	fz->rx_hold = 0;
	xnif_ring_publish(&ring->rsp, *rsp);
	hbe_fuzz_kick(be, w[2] & 1);
}

static void hbe_fuzz_xenstore(struct hbe *be, const u64 *w, bool state)
{
	const char *key = hbe_fuzz_keys[w[2] % ARRAY_SIZE(hbe_fuzz_keys)];

	if (state) {
		/* Not xenbus_switch_state(): the core's idea of it stays. */
		xenbus_printf(XBT_NIL, be->dev->nodename, "state", "%u",
			      (u32)(1 + (w[7] % 6)));
		return;
	}
	if (w[3] & 1)
		xenbus_printf(XBT_NIL, be->dev->nodename, key, "%u",
			      (u32)(w[4] >> (8 * (w[3] % 5))));
	else
		xenbus_printf(XBT_NIL, be->dev->nodename, key, "%.7s",
			      (const char *)&w[5]);
}

/* One lie of the kind w[10] picks; false if there was nothing to lie in. */
static bool hbe_fuzz_lie(struct hbe *be, struct hbe_fuzz *fz, const u64 *w,
			 struct fuzz_rng *r, enum hbe_lie *kind)
{
	unsigned int x = w[10] % 16;

	if (x < 6) {
		*kind = HBE_LIE_RX_OFFSET + x % 5;
		if (!hbe_fuzz_rx_one(be, fz, w, r, *kind))
			return false;
		fz->rx_hold = 0;
		hbe_fuzz_publish(be, fz, true, be->rx_rsp, false);
		return true;
	}
	if (x < 10) {
		*kind = (x & 1) ? HBE_LIE_TX_ID : HBE_LIE_TX_STATUS;
		return hbe_fuzz_tx_lie(be, fz, w, *kind);
	}
	if (x == 10) {
		*kind = HBE_LIE_INDEX;
		hbe_fuzz_index(be, fz, w);
		return true;
	}
	*kind = (w[6] % 16) ? HBE_LIE_KEY : HBE_LIE_STATE;
	hbe_fuzz_xenstore(be, w, *kind == HBE_LIE_STATE);
	return true;
}

static void hbe_fuzz_step(struct hbe *be, struct hbe_fuzz *fz, const u64 *w)
{
	struct fuzz_rng r;
	enum hbe_lie kind;
	unsigned int n;

	/* Draws for the step's loops: from its words, not from be->rng. */
	fuzz_rng_init(&r, w[9]);
	hbe_fuzz_watch(be, fz);
	if (!(w[1] % fz->lie_rate)) {
		if (hbe_fuzz_lie(be, fz, w, &r, &kind)) {
			if (!fz->lies++) {
				fz->first_lie = kind;
				fz->first_lie_step = be->fuzz_steps;
			}
			fz->last_lie = kind;
			fz->last_lie_step = be->fuzz_steps;
		}
		return;
	}
	if (fz->stall)
		fz->stall--;
	switch (w[0] % 32) {
	case 0 ... 11:
		hbe_fuzz_rx(be, fz, w, &r);
		break;
	case 12 ... 23:
		hbe_fuzz_tx(be, fz, w, &r);
		break;
	case 24:
		for (n = 1 + w[2] % 16; n; n--)
			hbe_fuzz_kick(be, w[3] & 1);
		fz->spurious++;
		break;
	case 25:
		/* Our own request event index: legal anywhere, we poll. */
		WRITE_ONCE(*((w[2] & 1) ? be->rx.req.event : be->tx.req.event),
			   (w[3] & 1) ? (u32)w[4] :
			   READ_ONCE(*((w[2] & 1) ? be->rx.req.prod :
				       be->tx.req.prod)) + 1 + w[4] % 64);
		break;
	case 26:
		/* Let both rings fill: the frontend's ring-full paths. */
		if (!(w[2] % 64) && !fz->stall) {
			fz->stall = 16 + w[3] % 512;
			fz->stalls++;
		}
		break;
	case 27 ... 28:
		hbe_fuzz_pay_kicks(be, fz);
		break;
	default:
		break;
	}
}

/*
 * At probe, in fuzz mode: what the round's backend offers besides
 * rx-copy, from the seed: scatter-gather seven rounds in 8, TCP GSO
 * (v4, v6) with it now and then, so that the frontend's TX sends
 * multi-slot packets and extra-info slots to answer.
 */
int hbe_fuzz_offer(struct xenbus_device *dev)
{
	u64 c = hbe_fuzz_character(READ_ONCE(hbe_seed));
	bool sg = (c >> 8) & 7;
	int err;

	err = xenbus_printf(XBT_NIL, dev->nodename, XEN_NETIF_KEY_FEATURE_SG,
			    "%u", sg);
	if (!err)
		err = xenbus_printf(XBT_NIL, dev->nodename,
				    XEN_NETIF_KEY_FEATURE_GSO_TCPV4, "%u",
				    sg && ((c >> 11) & 3));
	if (!err)
		err = xenbus_printf(XBT_NIL, dev->nodename,
				    XEN_NETIF_KEY_FEATURE_GSO_TCPV6, "%u",
				    sg && ((c >> 13) & 1));
	return err;
}

void hbe_fuzz_free(struct hbe *be)
{
	if (!be->fz)
		return;
	kfree(be->fz->pend);
	kfree(be->fz->frame);
	kfree(be->fz);
	be->fz = NULL;
}

static int hbe_fuzz_mac(struct hbe *be, u8 *mac)
{
	char *s = xenbus_read(XBT_NIL, be->dev->otherend, XEN_NETIF_KEY_MAC,
			      NULL);
	int n;

	if (IS_ERR(s))
		return PTR_ERR(s);
	n = sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		   &mac[2], &mac[3], &mac[4], &mac[5]);
	kfree(s);
	return n == ETH_ALEN ? 0 : -EINVAL;
}

/* At connect, with be->lock held: the round's seed, character and end. */
void hbe_fuzz_begin(struct hbe *be, unsigned long delay)
{
	struct hbe_fuzz *fz;
	unsigned int i;
	u64 c;

	hbe_fuzz_free(be);
	be->fuzz_seed = READ_ONCE(hbe_seed);
	fuzz_rng_init(&be->rng, be->fuzz_seed);
	be->fuzz_steps = 0;
	be->fuzz_digest = 0;
	be->fuzz_done = false;
	be->fuzz_end = jiffies + delay + msecs_to_jiffies(HBE_FUZZ_MS);
	fz = kzalloc(sizeof(*fz), GFP_KERNEL);
	if (fz) {
		fz->pend = kcalloc(be->tx.size, sizeof(*fz->pend), GFP_KERNEL);
		fz->frame = kmalloc(HBE_FUZZ_FRAME_MAX, GFP_KERNEL);
	}
	if (fz && fz->frame)
		for (i = 0; i < HBE_FUZZ_FRAME_MAX; i++)
			fz->frame[i] = i;
	if (!fz || !fz->pend || !fz->frame) {
		if (fz) {
			kfree(fz->pend);
			kfree(fz->frame);
			kfree(fz);
		}
		pr_warn("%s: fuzz: seed %llu: no memory for the round\n",
			be->dev->nodename, be->fuzz_seed);
		be->fuzz_done = true;
		return;
	}
	be->fz = fz;
	c = hbe_fuzz_character(be->fuzz_seed);
	fz->lie_rate = 64U << (c % 7);
	fz->pend_max = be->tx.size;
	fz->tx_req_cons = be->tx_rsp;
	fz->fe_sg = xenbus_read_unsigned(be->dev->otherend,
					 XEN_NETIF_KEY_FEATURE_SG, 0);
	fz->fe_gso4 = fz->fe_sg &&
		      xenbus_read_unsigned(be->dev->otherend,
					   XEN_NETIF_KEY_FEATURE_GSO_TCPV4, 0);
	fz->fe_gso6 = fz->fe_sg &&
		      xenbus_read_unsigned(be->dev->otherend,
					   XEN_NETIF_KEY_FEATURE_GSO_TCPV6, 0);
	if (hbe_fuzz_mac(be, fz->guest_mac))
		eth_broadcast_addr(fz->guest_mac);
	/* A locally administered address of our own until one is learnt. */
	fz->peer_mac[0] = 0x02;
	fz->peer_mac[5] = 0x01;
	pr_warn("%s: fuzz: seed %llu, queue %u, ring order %u, layout %s, %s event channels, lie rate 1/%u, frontend rx: sg %d, gso v4 %d v6 %d\n",
		be->dev->nodename, be->fuzz_seed, be->queue, be->order,
		be->layout == XNIF_LAYOUT_V2 ? "v2" : "classic",
		be->rx_irq != be->tx_irq ? "split" : "shared", fz->lie_rate,
		fz->fe_sg, fz->fe_gso4, fz->fe_gso6);
}

/*
 * The round's last line, once: at its time, or when the frontend closes
 * first (the lab waits for it either way). The digest covers the first
 * HBE_FUZZ_DIGEST steps' draws, drawn here if the round was shorter.
 * It says how deep the round got: honest answers, lies, and how the
 * round ended.
 */
void hbe_fuzz_end(struct hbe *be, const char *why)
{
	const u64 at = (u64)HBE_FUZZ_DIGEST * HBE_FUZZ_WORDS;
	struct hbe_fuzz *fz = be->fz;
	bool closing = !strcmp(why, "frontend closing");
	char how[160];

	if (be->fuzz_done)
		return;
	be->fuzz_done = true;
	if (be->rng.draws < at) {
		while (be->rng.draws < at)
			fuzz_rng_next(&be->rng);
		be->fuzz_digest = be->rng.digest;
	}
	if (!fz) {
		pr_warn("%s: fuzz: seed %llu: %u steps, digest %016llx, %s\n",
			be->dev->nodename, be->fuzz_seed, be->fuzz_steps,
			be->fuzz_digest, why);
		return;
	}
	if (!fz->lies)
		snprintf(how, sizeof(how), "%s before any lie",
			 closing ? "frontend closed" :
				   "time is up, frontend still connected");
	else if (closing)
		snprintf(how, sizeof(how),
			 "frontend closed on lie %u (%s, step %u; first: %s, step %u)",
			 fz->lies, hbe_lie_names[fz->last_lie],
			 fz->last_lie_step, hbe_lie_names[fz->first_lie],
			 fz->first_lie_step);
	else
		snprintf(how, sizeof(how),
			 "time is up, still connected (first lie: %s, step %u; last post: step %u)",
			 hbe_lie_names[fz->first_lie], fz->first_lie_step,
			 fz->fe_moved_step);
	pr_warn("%s: fuzz: seed %llu: %u steps, %llu honest answers (%llu tx, %llu with an error; %llu rx packets, %llu slots, %llu multi-slot, %llu gso), %u lies (rate 1/%u), tx outstanding max %u of %u, %llu stalls, %llu late notifications, %llu spurious bursts, %llu held tails, %s, digest %016llx, %s\n",
		be->dev->nodename, be->fuzz_seed, be->fuzz_steps,
		fz->tx_answers + fz->rx_packets, fz->tx_answers, fz->tx_errors,
		fz->rx_packets, fz->rx_slots, fz->rx_multi, fz->rx_gso,
		fz->lies, fz->lie_rate, fz->tx_out_max, be->tx.size,
		fz->stalls, fz->late_kicks, fz->spurious, fz->halves,
		fz->learnt ? "addresses learnt" : "no address learnt",
		be->fuzz_digest, how);
	/*
	 * Where the TX ring stands: a request still waiting here is one the
	 * guest's BQL counts in flight, and it holds that queue's next
	 * packets in the qdisc.
	 */
	pr_warn("%s: fuzz: seed %llu, tx ring at the end: requests published %u, read %u, pending %u, answered %u, answers published %u%s\n",
		be->dev->nodename, be->fuzz_seed,
		READ_ONCE(*be->tx.req.prod), fz->tx_req_cons, fz->npend,
		be->tx_rsp, READ_ONCE(*be->tx.rsp.prod),
		fz->stall ? ", stalled" : "");
}

/* Called with be->lock held; true while the round goes on. */
bool hbe_fuzz_run(struct hbe *be)
{
	const u64 at = (u64)HBE_FUZZ_DIGEST * HBE_FUZZ_WORDS;
	u64 w[HBE_FUZZ_WORDS];
	unsigned int b, i;

	if (be->fuzz_done || !be->fz)
		return false;
	for (b = 0; b < HBE_FUZZ_BATCH; b++) {
		for (i = 0; i < HBE_FUZZ_WORDS; i++)
			w[i] = fuzz_rng_next(&be->rng);
		if (be->rng.draws == at)
			be->fuzz_digest = be->rng.digest;
		hbe_fuzz_step(be, be->fz, w);
		be->fuzz_steps++;
	}
	if (time_before(jiffies, be->fuzz_end))
		return true;
	hbe_fuzz_end(be, "time is up");
	return false;
}
