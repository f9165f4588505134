// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: the seeded ring fuzzer (mode "fuzz", issue #17).
 * The seed comes from data/hostile-seed (the lab writes one per round);
 * every step draws the same number of words from it whatever the backend
 * does, so one seed is one sequence of steps and a failing round replays
 * from the seed the lab printed. A step is one of: a packet of 1-3 slots
 * (now and then up to 24) that looks valid (so that it gets past the first checks), maybe with
 * an extra-info slot and, now and then, one field set to a random or
 * edge value; slots of random bytes; a burst of events on either
 * channel; receive requests with random ids or grants; a producer index
 * moved on either ring (rare: it ends the round); a handshake key
 * rewritten with a random value and, now and then, a reconnect (state
 * Initialising then Connected); or a pause. The round ends after
 * HOSTILE_FUZZ_MS or when the backend leaves Connected.
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

/*
 * A packet of 1-3 slots (one in 8: 4-24) from the two data pages, valid by construction,
 * maybe with a GSO or multicast extra; with w[1] % 32 == 0 one field of
 * one slot is then set to an edge or random value.
 */
static void hostile_fuzz_packet(struct hostile *h, const u64 *w)
{
	struct xen_netif_tx_request req[HOSTILE_FUZZ_MAX_SLOTS];
	struct xen_netif_extra_info extra = {};
	unsigned int n = 1 + w[2] % 3, i, total = 0;
	bool has_extra = !(w[3] % 4);

	/* One in 8 is long, up to a few slots past what a backend takes. */
	if (!(w[9] % 8))
		n = 4 + (w[9] >> 8) % (HOSTILE_FUZZ_MAX_SLOTS - 3);
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
	if (!(w[1] % 32)) {
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
			r->gref = (w[11] & 2) ? h->unused_ref :
						(u32)(w[11] >> 16);
			break;
		default:
			extra.type = w[11] & 0xff;
			extra.flags = w[11] >> 8;
			break;
		}
	}
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

/* Receive requests with random ids, some with a grant not ours. */
static void hostile_fuzz_rx(struct hostile *h, const u64 *w)
{
	unsigned int n = 1 + w[2] % 8, i;

	if (h->rx_frozen || h->rx_prod - h->rx_cons + n >= h->rx.size)
		return;
	for (i = 0; i < n; i++) {
		struct xen_netif_rx_request req = {
			.id = w[4 + i] & 0xffff,
			.gref = (w[3] >> i) & 1 ? (u32)(w[4 + i] >> 32) :
						  h->rx_ref,
		};

		memcpy(xnif_ring_req(&h->rx, h->rx_prod++), &req, sizeof(req));
	}
	xnif_ring_publish(&h->rx.req, h->rx_prod);
	hostile_kick_rx(h);
}

static void hostile_fuzz_step(struct hostile *h, const u64 *w)
{
	unsigned int a = w[0] % 32, n;

	switch (a) {
	case 0 ... 17:
		hostile_fuzz_packet(h, w);
		break;
	case 18 ... 19:
		hostile_fuzz_raw(h, w);
		break;
	case 20 ... 22:
		for (n = 1 + w[2] % 512; n; n--) {
			if (w[3] & 1)
				hostile_kick_rx(h);
			else
				hostile_kick(h);
		}
		break;
	case 23 ... 24:
		hostile_fuzz_rx(h, w);
		break;
	case 25:
		/* 1 in 64: a ring index lie ends the round at once. */
		if (!(w[1] % 64))
			hostile_fuzz_index(h, w);
		break;
	case 26:
		hostile_fuzz_xenstore(h, w);
		break;
	default:
		msleep(w[2] % 4);
		break;
	}
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
	struct fuzz_rng rng;
	unsigned int steps = 0, i;
	bool alive = true;

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
		hostile_fuzz_step(h, w);
		steps++;
		cond_resched();
	}
	/* Short rounds still print the digest of the first 64 steps. */
	if (rng.draws < at) {
		while (rng.draws < at)
			fuzz_rng_next(&rng);
		digest = rng.digest;
	}
	pr_warn("%s: fuzz: seed %llu: %u steps, digest %016llx, backend %s\n",
		h->dev->nodename, seed, steps, digest,
		alive ? "connected" : "left Connected");
	return 0;
}
