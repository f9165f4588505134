// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback-hostile: the seeded ring fuzzer (mode "fuzz", issue #17).
 * The seed is the "seed" parameter (the lab sets one per round); every
 * step draws the same number of words whatever the frontend does, so one
 * seed is one sequence of steps, replayed from the seed the lab printed.
 * A step is one of: answers to posted receive buffers that look valid (a
 * packet of one to three slots, maybe a GSO extra) with, now and then,
 * one field set to an edge or random value; answers to waiting transmit
 * requests, placeholders for their extra slots, now and then a wrong id
 * or status; a burst of events; an event index rewritten; a response
 * producer moved (rare: it ends the round); a backend key rewritten and,
 * now and then, a state written. Steps run in the attack work, a few per
 * run under be->lock, for HBE_FUZZ_MS.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <xen/events.h>
#include <xen/page.h>
#include <xen/xenbus.h>

#include "hostile_be.h"

#define HBE_FUZZ_MS		3000
#define HBE_FUZZ_WORDS		12
#define HBE_FUZZ_DIGEST		64	/* steps the printed digest covers */
#define HBE_FUZZ_BATCH		8	/* steps per run of the work */

static const char *const hbe_fuzz_keys[] = {
	XEN_NETIF_KEY_FEATURE_SG, XEN_NETIF_KEY_FEATURE_GSO_TCPV4,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV6, XEN_NETIF_KEY_FEATURE_RX_COPY,
	XEN_NETIF_KEY_FEATURE_SPLIT_EVTCHN, XEN_NETIF_KEY_MAX_QUEUES,
	XEN_NETIF_KEY_MAX_RING_PAGE_ORDER, XEN_NETIF_KEY_FEATURE_CTRL_RING,
	XEN_NETIF_KEY_FEATURE_RING_LAYOUT_V2, XEN_NETIF_KEY_FEATURE_RX_NOTIFY,
};

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

/* A received packet of 1-3 slots in posted buffers, maybe with a GSO. */
static void hbe_fuzz_rx(struct hbe *be, const u64 *w)
{
	u32 prod = READ_ONCE(*be->rx.req.prod);
	unsigned int n = 1 + w[2] % 3, i, slots = n + !(w[3] % 4);
	bool lie = !(w[1] % 32);
	unsigned int bad_id = lie && w[10] % 5 == 3 ? (w[10] >> 8) % n : n;
	struct xen_netif_rx_response rsp[3];
	struct xen_netif_extra_info extra = {
		.type = XEN_NETIF_EXTRA_TYPE_GSO,
		.u.gso.size = 1 + (w[8] >> 8) % 9000,
		.u.gso.type = 1 + ((w[8] >> 24) & 1),
	};

	for (i = 0; i < n; i++) {
		rsp[i] = (struct xen_netif_rx_response){
			.offset = 0,
			.flags = i + 1 < n ? XEN_NETRXF_more_data : 0,
			.status = (i ? 1 : 14) + (w[4 + i] >> 16) % 1500,
		};
	}
	if (w[7] & 1)
		rsp[0].flags |= XEN_NETRXF_csum_blank | XEN_NETRXF_data_validated;
	if (slots > n)
		rsp[0].flags |= XEN_NETRXF_extra_info;
	if (lie) {
		struct xen_netif_rx_response *r = &rsp[(w[10] >> 8) % n];
		s16 v = hbe_fuzz_s16(w[11]);

		switch (w[10] % 5) {
		case 0:
			r->offset = v;
			break;
		case 1:
			r->flags = v;
			break;
		case 2:
			r->status = v;
			break;
		case 3:
			r->id = v;
			break;
		default:
			extra.type = w[11] & 0xff;
			extra.flags = w[11] >> 8;
			break;
		}
	}
	/* Only into posted buffers: a ring lie is the index step's job. */
	if (!xnif_ring_prod_valid(prod, be->rx_rsp, be->rx.size) ||
	    prod - be->rx_rsp < slots)
		return;
	for (i = 0; i < n; i++) {
		struct xen_netif_rx_request req;

		memcpy(&req, xnif_ring_req(&be->rx, be->rx_rsp), sizeof(req));
		/* The buffer's own id, unless this slot's id is the lie. */
		if (i != bad_id)
			rsp[i].id = req.id;
		memcpy(xnif_ring_rsp(&be->rx, be->rx_rsp++), &rsp[i],
		       sizeof(rsp[i]));
		if (!i && slots > n)
			memcpy(xnif_ring_rsp(&be->rx, be->rx_rsp++), &extra,
			       sizeof(extra));
	}
	xnif_ring_publish(&be->rx.rsp, be->rx_rsp);
	hbe_fuzz_kick(be, true);
}

/* Answers to the waiting TX requests, placeholders for extra slots. */
static void hbe_fuzz_tx(struct hbe *be, const u64 *w)
{
	u32 prod = READ_ONCE(*be->tx.req.prod);
	bool extra = false, lie = !(w[1] % 32);
	unsigned int n = 0;

	if (!xnif_ring_prod_valid(prod, be->tx_rsp, be->tx.size))
		return;
	while (be->tx_rsp != prod && n++ < 1 + w[2] % 16) {
		struct xen_netif_tx_request req;
		struct xen_netif_tx_response rsp;

		memcpy(&req, xnif_ring_req(&be->tx, be->tx_rsp), sizeof(req));
		rsp.id = req.id;
		rsp.status = extra ? XEN_NETIF_RSP_NULL :
			     (w[3] & 7) ? XEN_NETIF_RSP_OKAY : XEN_NETIF_RSP_ERROR;
		extra = !extra && (req.flags & XEN_NETTXF_extra_info);
		if (lie && n == 1) {
			if (w[10] & 1)
				rsp.id = w[11] & 0xffff;
			else
				rsp.status = hbe_fuzz_s16(w[11]);
		}
		memcpy(xnif_ring_rsp(&be->tx, be->tx_rsp++), &rsp, sizeof(rsp));
	}
	xnif_ring_publish(&be->tx.rsp, be->tx_rsp);
	hbe_fuzz_kick(be, false);
}

/* A response producer anywhere: behind, past a ring, or random. */
static void hbe_fuzz_index(struct hbe *be, const u64 *w)
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
	xnif_ring_publish(&ring->rsp, *rsp);
	hbe_fuzz_kick(be, w[2] & 1);
}

static void hbe_fuzz_xenstore(struct hbe *be, const u64 *w)
{
	const char *key = hbe_fuzz_keys[w[2] % ARRAY_SIZE(hbe_fuzz_keys)];

	if (w[3] & 1)
		xenbus_printf(XBT_NIL, be->dev->nodename, key, "%u",
			      (u32)(w[4] >> (8 * (w[3] % 5))));
	else
		xenbus_printf(XBT_NIL, be->dev->nodename, key, "%.7s",
			      (const char *)&w[5]);
	/* Not xenbus_switch_state(): the core's idea of our state stays. */
	if (!(w[6] % 16))
		xenbus_printf(XBT_NIL, be->dev->nodename, "state", "%u",
			      (u32)(1 + (w[7] % 6)));
}

static void hbe_fuzz_step(struct hbe *be, const u64 *w)
{
	unsigned int n;

	switch (w[0] % 32) {
	case 0 ... 11:
		hbe_fuzz_rx(be, w);
		break;
	case 12 ... 19:
		hbe_fuzz_tx(be, w);
		break;
	case 20 ... 22:
		for (n = 1 + w[2] % 512; n; n--)
			hbe_fuzz_kick(be, w[3] & 1);
		break;
	case 23:
		/* The frontend's requests notify us when they pass this. */
		WRITE_ONCE(*((w[2] & 1) ? be->rx.req.event : be->tx.req.event),
			   (u32)w[4]);
		break;
	case 24:
		if (!(w[1] % 64))
			hbe_fuzz_index(be, w);
		break;
	case 25:
		hbe_fuzz_xenstore(be, w);
		break;
	default:
		break;
	}
}

/* At connect, with be->lock held: the round's seed and its end. */
void hbe_fuzz_begin(struct hbe *be, unsigned long delay)
{
	be->fuzz_seed = READ_ONCE(hbe_seed);
	fuzz_rng_init(&be->rng, be->fuzz_seed);
	be->fuzz_steps = 0;
	be->fuzz_digest = 0;
	be->fuzz_done = false;
	be->fuzz_end = jiffies + delay + msecs_to_jiffies(HBE_FUZZ_MS);
	pr_warn("%s: fuzz: seed %llu, queue %u, ring order %u, layout %s, %s event channels\n",
		be->dev->nodename, be->fuzz_seed, be->queue, be->order,
		be->layout == XNIF_LAYOUT_V2 ? "v2" : "classic",
		be->rx_irq != be->tx_irq ? "split" : "shared");
}

/*
 * The round's last line, once: at its time, or when the frontend closes
 * first (the lab waits for it either way). The digest covers the first
 * HBE_FUZZ_DIGEST steps' draws, drawn here if the round was shorter.
 */
void hbe_fuzz_end(struct hbe *be, const char *why)
{
	const u64 at = (u64)HBE_FUZZ_DIGEST * HBE_FUZZ_WORDS;

	if (be->fuzz_done)
		return;
	be->fuzz_done = true;
	if (be->rng.draws < at) {
		while (be->rng.draws < at)
			fuzz_rng_next(&be->rng);
		be->fuzz_digest = be->rng.digest;
	}
	pr_warn("%s: fuzz: seed %llu: %u steps, digest %016llx, %s\n",
		be->dev->nodename, be->fuzz_seed, be->fuzz_steps,
		be->fuzz_digest, why);
}

/* Called with be->lock held; true while the round goes on. */
bool hbe_fuzz_run(struct hbe *be)
{
	const u64 at = (u64)HBE_FUZZ_DIGEST * HBE_FUZZ_WORDS;
	u64 w[HBE_FUZZ_WORDS];
	unsigned int b, i;

	if (be->fuzz_done)
		return false;
	for (b = 0; b < HBE_FUZZ_BATCH; b++) {
		for (i = 0; i < HBE_FUZZ_WORDS; i++)
			w[i] = fuzz_rng_next(&be->rng);
		if (be->rng.draws == at)
			be->fuzz_digest = be->rng.digest;
		hbe_fuzz_step(be, w);
		be->fuzz_steps++;
	}
	if (time_before(jiffies, be->fuzz_end))
		return true;
	hbe_fuzz_end(be, "time is up");
	return false;
}
