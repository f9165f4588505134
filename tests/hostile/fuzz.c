// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: the seeded ring fuzzer (mode "fuzz", issue #17).
 * The seed comes from data/hostile-seed (the lab writes one per round);
 * every step draws the same number of words from it whatever the backend
 * does, so one seed is one sequence of steps and a failing round replays
 * from the seed the lab printed. Each round lies one step in 2^k, the seed
 * picks k from 2 to 12: the other steps behave as a frontend may,
 * so that rounds reach the states a long-lived queue gets into (many
 * requests in flight, recycled buffers, event suppression) before the
 * backend refuses the first lie. An honest step is a packet of 1-18 slots
 * that is valid by construction, a burst of events on either channel,
 * receive requests on the granted buffer, or a pause. A lie is one of: a
 * packet with one field set to a random or edge value, a random
 * extra-info slot or more slots than a backend takes; slots of random
 * bytes; receive requests naming grants not ours; a producer index moved
 * on either ring (it ends the round); a handshake key rewritten with a
 * random value and, now and then, a reconnect (state Initialising then
 * Connected). The round ends after HOSTILE_FUZZ_MS or when the backend
 * leaves Connected.
 */
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/if_ether.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <xen/page.h>
#include <xen/xenbus.h>

#include "fuzz_rng.h"
#include "hostile.h"

#define HOSTILE_FUZZ_MS		3000
/* Words drawn per step, used or not: keeps the sequence seed-only. */
#define HOSTILE_FUZZ_WORDS	12
/* The digest printed covers this many steps (any round has as many). */
#define HOSTILE_FUZZ_DIGEST	64
/* The longest packet drawn: past XEN_NETIF_NR_SLOTS_MIN + 3. */
#define HOSTILE_FUZZ_MAX_SLOTS	24

/* Keys of the handshake a frontend writes, for the xenstore step. */
static const char *const hostile_fuzz_keys[] = {
	XEN_NETIF_KEY_REQUEST_RX_COPY, XEN_NETIF_KEY_FEATURE_RX_NOTIFY,
	XEN_NETIF_KEY_FEATURE_SG, XEN_NETIF_KEY_FEATURE_GSO_TCPV4,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV6, XEN_NETIF_KEY_REQUEST_MCAST_CTRL,
	XEN_NETIF_KEY_XDP_HEADROOM, XEN_NETIF_KEY_FEATURE_NO_CSUM,
	XEN_NETIF_KEY_FEATURE_IPV6_CSUM,
};

/* An edge value for a 16-bit field, or any value. */
static u16 hostile_fuzz_u16(u64 w)
{
	static const u16 edge[] = {
		0, 1, 13, 14, 59, 60, 61, 1514, 1515, 4095, 4096, 4097,
		65535, 65534, 32768, 9000,
	};

	return (w & 1) ? edge[(w >> 1) % ARRAY_SIZE(edge)] : (u16)(w >> 8);
}

/* Room for n more requests, after reading what was answered. */
static bool hostile_fuzz_room(struct hostile *h, unsigned int n)
{
	hostile_tx_reap(h);
	return h->tx_prod - h->tx_cons + n < h->tx.size;
}

/* One field of one slot, or the extra slot, set to an edge or random value. */
static void hostile_fuzz_field(struct hostile *h,
			       struct xen_netif_tx_request *req, unsigned int n,
			       struct xen_netif_extra_info *extra, const u64 *w)
{
	struct xen_netif_tx_request *r = &req[(w[10] >> 8) % n];
	u16 v = hostile_fuzz_u16(w[11]);

	switch (w[10] % 6) {
	case 0:
		r->offset = v;
		break;
	case 1:
		r->size = v;
		break;
	case 2:
		r->flags = v;
		break;
	case 3:
		r->id = v;
		break;
	case 4:
		r->gref = (w[11] & 2) ? h->unused_ref : (u32)(w[11] >> 16);
		break;
	default:
		extra->type = w[11] & 0xff;
		extra->flags = w[11] >> 8;
		break;
	}
}

/*
 * A packet from the two data pages: honest, 1-3 slots (one in 8: 4-18)
 * and valid by construction; a lie is one field set to an edge or random
 * value, a GSO or multicast extra with random contents, or up to 24
 * slots, a few past what a backend takes.
 */
static void hostile_fuzz_packet(struct hostile *h, const u64 *w, bool lie)
{
	struct xen_netif_tx_request req[HOSTILE_FUZZ_MAX_SLOTS];
	struct xen_netif_extra_info extra = {};
	unsigned int n = 1 + w[2] % 3, i, total = 0;
	unsigned int longest = lie ? HOSTILE_FUZZ_MAX_SLOTS : XEN_NETIF_NR_SLOTS_MIN;
	bool has_extra = lie && (w[3] % 4) == 1;

	if (!(w[9] % 8))
		n = 4 + (w[9] >> 8) % (longest - 3);
	for (i = 0; i < n; i++) {
		u64 v = rol64(w[4 + i % 5], 7 * i);
		u16 size = i ? 1 + (v >> 16) % 2048 : 60 + (v >> 16) % 1455;

		req[i] = (struct xen_netif_tx_request){
			.gref = h->tx_ref[v & 1],
			.offset = (v >> 32) % (XEN_PAGE_SIZE - size + 1),
			.flags = i + 1 < n ? XEN_NETTXF_more_data : 0,
			.size = size,
		};
		total += size;
	}
	req[0].size = total;
	if (w[7] & 1)
		req[0].flags |= XEN_NETTXF_csum_blank | XEN_NETTXF_data_validated;
	if (has_extra) {
		req[0].flags |= XEN_NETTXF_extra_info;
		extra.type = 1 + (w[8] & 3) % 3;	/* GSO, MCAST_ADD/DEL */
		extra.u.gso.size = (w[8] >> 8) % 9000;
		extra.u.gso.type = 1 + ((w[8] >> 24) & 1);
		if (extra.type != XEN_NETIF_EXTRA_TYPE_GSO)
			memcpy(extra.u.mcast.addr, &w[9], ETH_ALEN);
	}
	if (lie && !has_extra && n <= XEN_NETIF_NR_SLOTS_MIN)
		hostile_fuzz_field(h, req, n, &extra, w);
	if (!hostile_fuzz_room(h, n + 1))
		return;
	for (i = 0; i < n; i++) {
		if (!req[i].id)
			req[i].id = h->tx_prod & 0xffff;
		hostile_tx_put_req(h, &req[i]);
		if (!i && has_extra)
			hostile_tx_put_extra(h, &extra);
	}
	hostile_tx_push(h);
}

/* One to three slots of random bytes. */
static void hostile_fuzz_raw(struct hostile *h, const u64 *w)
{
	unsigned int n = 1 + w[2] % 3, i;

	if (!hostile_fuzz_room(h, n))
		return;
	for (i = 0; i < n; i++)
		hostile_tx_put_req(h, (const void *)&w[4 + 2 * i]);
	hostile_tx_push(h);
}

/* A handshake key gets a number or junk; now and then a reconnect. */
static void hostile_fuzz_xenstore(struct hostile *h, const u64 *w)
{
	const char *key = hostile_fuzz_keys[w[2] % ARRAY_SIZE(hostile_fuzz_keys)];

	if (w[3] & 1)
		xenbus_printf(XBT_NIL, h->dev->nodename, key, "%u",
			      (u32)(w[4] >> (8 * (w[3] % 5))));
	else
		xenbus_printf(XBT_NIL, h->dev->nodename, key, "%.7s",
			      (const char *)&w[5]);
	if (w[6] % 8)
		return;
	WRITE_ONCE(h->flapping, true);
	hostile_write_state(h, XenbusStateInitialising);
	msleep(20);
	hostile_write_state(h, XenbusStateConnected);
	msleep(200);
	WRITE_ONCE(h->flapping, false);
}

/* A producer index anywhere: behind, past a ring, or random. */
static void hostile_fuzz_index(struct hostile *h, const u64 *w)
{
	struct xnif_ring *ring = (w[2] & 1) ? &h->rx : &h->tx;
	u32 prod = (w[2] & 1) ? h->rx_prod : h->tx_prod;
	u32 v;

	switch (w[3] % 3) {
	case 0:
		v = prod - 1 - w[4] % 4;
		break;
	case 1:
		v = prod + ring->size + 1 + w[4] % 64;
		break;
	default:
		v = w[4];
		break;
	}
	if (w[2] & 1)
		h->rx_frozen = true;
	hostile_set_req_prod(ring, v);
	hostile_kick(h);
	hostile_kick_rx(h);
}

/* Receive requests with random ids; a lie names grants not ours too. */
static void hostile_fuzz_rx(struct hostile *h, const u64 *w, bool lie)
{
	unsigned int n = 1 + w[2] % 8, i;

	if (h->rx_frozen || h->rx_prod - h->rx_cons + n >= h->rx.size)
		return;
	for (i = 0; i < n; i++) {
		struct xen_netif_rx_request req = {
			.id = w[4 + i] & 0xffff,
			.gref = lie && ((w[3] >> i) & 1) ? (u32)(w[4 + i] >> 32) :
							  h->rx_ref,
		};

		memcpy(xnif_ring_req(&h->rx, h->rx_prod++), &req, sizeof(req));
	}
	xnif_ring_publish(&h->rx.req, h->rx_prod);
	hostile_kick_rx(h);
}

static void hostile_fuzz_events(struct hostile *h, const u64 *w)
{
	unsigned int n;

	for (n = 1 + w[2] % 512; n; n--) {
		if (w[3] & 1)
			hostile_kick_rx(h);
		else
			hostile_kick(h);
	}
}

static void hostile_fuzz_lie(struct hostile *h, const u64 *w)
{
	switch (w[0] % 16) {
	case 0 ... 7:
		hostile_fuzz_packet(h, w, true);
		break;
	case 8 ... 9:
		hostile_fuzz_raw(h, w);
		break;
	case 10 ... 11:
		hostile_fuzz_rx(h, w, true);
		break;
	case 12:
		/* A ring index lie ends the round at once. */
		hostile_fuzz_index(h, w);
		break;
	default:
		hostile_fuzz_xenstore(h, w);
		break;
	}
}

static void hostile_fuzz_step(struct hostile *h, const u64 *w, bool lie)
{
	if (lie)
		hostile_fuzz_lie(h, w);
	else if (w[0] % 32 < 22)
		hostile_fuzz_packet(h, w, false);
	else if (w[0] % 32 < 25)
		hostile_fuzz_events(h, w);
	else if (w[0] % 32 < 28)
		hostile_fuzz_rx(h, w, false);
	else
		msleep(w[2] % 4);
	hostile_tx_reap(h);
	hostile_rx_refill(h);
}

static u64 hostile_fuzz_seed(struct hostile *h)
{
	char *s = xenbus_read(XBT_NIL, "data", "hostile-seed", NULL);
	u64 seed = 0;

	if (IS_ERR(s))
		return 0;
	if (kstrtou64(strim(s), 0, &seed))
		seed = 0;
	kfree(s);
	return seed;
}

int hostile_fuzz(struct hostile *h)
{
	unsigned long end = jiffies + msecs_to_jiffies(HOSTILE_FUZZ_MS);
	u64 seed = hostile_fuzz_seed(h), digest = 0, w[HOSTILE_FUZZ_WORDS];
	const u64 at = (u64)HOSTILE_FUZZ_DIGEST * HOSTILE_FUZZ_WORDS;
	/* One step in 2^lie_bits lies: 2 to 12 bits, from the seed alone. */
	unsigned int lie_bits = 2 + (seed * 0x9e3779b97f4a7c15ULL >> 60) % 11;
	unsigned int steps = 0, lies = 0, i;
	struct fuzz_rng rng;
	bool alive = true, lie;

	fuzz_rng_init(&rng, seed);
	pr_warn("%s: fuzz: seed %llu, queue %u of %u, order %u, layout %s, %s channels\n",
		h->dev->nodename, seed, h->cfg.attack_q, h->cfg.queues,
		h->cfg.order, h->cfg.v2 ? "v2" : "classic",
		h->cfg.split ? "split" : "shared");
	while (time_before(jiffies, end) && !kthread_should_stop()) {
		for (i = 0; i < HOSTILE_FUZZ_WORDS; i++)
			w[i] = fuzz_rng_next(&rng);
		if (rng.draws == at)
			digest = rng.digest;
		if (!(steps % 16) && !READ_ONCE(h->flapping) &&
		    !hostile_backend_connected(h)) {
			alive = false;
			break;
		}
		lie = !((w[1] >> 32) & ((1ULL << lie_bits) - 1));
		hostile_fuzz_step(h, w, lie);
		lies += lie;
		steps++;
		cond_resched();
	}
	/* Short rounds still print the digest of the first 64 steps. */
	if (rng.draws < at) {
		while (rng.draws < at)
			fuzz_rng_next(&rng);
		digest = rng.digest;
	}
	pr_warn("%s: fuzz: seed %llu: %u steps, %u lies (one in %u), digest %016llx, backend %s\n",
		h->dev->nodename, seed, steps, lies, 1U << lie_bits, digest,
		alive ? "connected" : "left Connected");
	return 0;
}
