// SPDX-License-Identifier: GPL-2.0
/*
 * ringbench --model: cache-line transfers per message, counted instead of
 * timed, for CPUs this machine does not have.
 *
 * This file is built with SHIM_TRACE_ONCE, so every READ_ONCE() and
 * WRITE_ONCE() of ring.h (the producer and event indices) reports its
 * address to shim_trace_once(); the slots are reported by the two sides
 * below, one access per entry, as they read and write them. Each access
 * goes, in program order, through a MESI model of two private caches of
 * unbounded size, the frontend's and the backend's, with a line size of
 * 64 or 128 bytes. Each side attaches its own struct xnif_ring to the
 * shared pages, as the drivers do, so only the shared pages are traced.
 *
 * The two sides take turns, single-threaded and deterministic: the
 * frontend posts a batch of requests, publishes them and reaps the
 * responses there are; the backend answers every request there is and
 * publishes the responses. What a side does when it runs out of work is
 * the event policy (enum model_policy below).
 *
 * A transfer is a miss served from the other cache, or an invalidation of
 * the other cache's copy by a store to a shared line: each is one message
 * crossing between the CPUs, and each costs the latency the ringbench
 * ping-pong measures. Cold misses (first touch) are not transfers, and a
 * warm-up of whole ring wraps keeps them out of the counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <xen/interface/io/netif.h>

#include "model.h"
#include "negotiate.h"
#include "ring.h"

#ifndef SHIM_TRACE_ONCE
#error "model.c must be built with -DSHIM_TRACE_ONCE"
#endif

enum side { FRONTEND, BACKEND };
enum line_state { INVALID, SHARED, EXCLUSIVE, MODIFIED };

#define MODEL_MAX_BYTES	(XNIF_PAGE_SIZE << 2)
#define MODEL_MIN_LINE	64

struct counts {
	unsigned long xfers;	/* misses served by the other cache */
	unsigned long invals;	/* stores that invalidated its copy */
	unsigned long cold;	/* misses nobody held */
	unsigned long notifies;	/* publishes that crossed an event index */
	unsigned long index;	/* transfers of lines holding an index */
};

/* The two caches and where the shared pages are. */
static struct {
	const u8 *base;
	size_t bytes;
	size_t hdr;		/* bytes of indices and their padding */
	unsigned int line;
	enum side cpu;		/* whose code is running */
	const u32 *spin_on[2];	/* what each side polls while the other runs */
	bool spinning;
	u8 state[2][MODEL_MAX_BYTES / MODEL_MIN_LINE];
	struct counts n;
} cache;

static void cache_line(unsigned int l, bool store)
{
	u8 *me = &cache.state[cache.cpu][l];
	u8 *other = &cache.state[!cache.cpu][l];
	unsigned long before = cache.n.xfers + cache.n.invals;

	if (!store) {
		if (*me != INVALID)
			return;
		if (*other != INVALID) {
			cache.n.xfers++;
			*other = SHARED;
			*me = SHARED;
			if (l * cache.line < cache.hdr)
				cache.n.index++;
		} else {
			cache.n.cold++;
			*me = EXCLUSIVE;
		}
		return;
	}
	switch (*me) {
	case MODIFIED:
	case EXCLUSIVE:
		break;
	case SHARED:
		/* An upgrade: no data moves, the other copy must go. */
		if (*other != INVALID)
			cache.n.invals++;
		break;
	default:
		/* Read for ownership: the data and the copy, one message. */
		if (*other != INVALID)
			cache.n.xfers++;
		else
			cache.n.cold++;
	}
	*other = INVALID;
	*me = MODIFIED;
	if (l * cache.line < cache.hdr)
		cache.n.index += cache.n.xfers + cache.n.invals - before;
}

static void cache_access(const void *addr, size_t size, bool store)
{
	const u8 *p = (const u8 *)addr;
	size_t off, last;

	/* Each side's private ring state is not shared: not modelled. */
	if (p < cache.base || p >= cache.base + cache.bytes)
		return;
	off = p - cache.base;
	last = off + size - 1;
	for (off /= cache.line; off <= last / cache.line; off++)
		cache_line(off, store);
	/* The other side's poll loop reads its index in between. */
	if (cache.spin_on[!cache.cpu] && !cache.spinning) {
		cache.spinning = true;
		cache.cpu = !cache.cpu;
		cache_access(cache.spin_on[cache.cpu], sizeof(u32), false);
		cache.cpu = !cache.cpu;
		cache.spinning = false;
	}
}

void shim_trace_once(const void *addr, size_t size, bool store)
{
	cache_access(addr, size, store);
}

struct ring_kind {
	const char *name;
	unsigned int req_size;
	unsigned int rsp_size;
};

static const struct ring_kind kinds[] = {
	{ "tx", sizeof(struct xen_netif_tx_request),
	  sizeof(struct xen_netif_tx_response) },
	{ "rx", sizeof(struct xen_netif_rx_request),
	  sizeof(struct xen_netif_rx_response) },
};

/*
 * poll: a side that runs out of work does not arm, and looks at the
 * producer index again on its next turn.
 * spin: the same, but while one side works the other spins on the index
 * it waits for, one read between any two accesses of the working side:
 * the worst case of a busy poller, each line it watches taken away again
 * as soon as it is written.
 * each, half: the side that runs out of work arms its event index and
 * looks again, as the drivers do before they sleep; the frontend asks
 * for the next response (each) or for half of those outstanding (half).
 */
enum model_policy { MPOL_POLL, MPOL_SPIN, MPOL_EACH, MPOL_HALF };

static const char *const mpolicy_name[] = { "poll", "spin", "each", "half" };
static const unsigned int batches[] = { 1, 8, 32, 64 };
static const unsigned int lines[] = { 64, 128 };

/* What each side keeps in its own memory. */
struct model_run {
	enum model_policy policy;
	unsigned int batch;
	unsigned int req_size, rsp_size;
	struct xnif_ring fe, be;
	u32 fe_req, fe_cons;	/* next request to post, responses reaped */
	u32 be_cons, be_rsp;	/* requests consumed, next response */
	unsigned long done;	/* responses reaped */
};

static u32 model_want(const struct model_run *m)
{
	u32 outstanding = m->fe_req - m->fe_cons;

	if (m->policy == MPOL_HALF && outstanding > 1)
		return m->fe_cons + outstanding / 2;
	return m->fe_cons + 1;
}

static void frontend_turn(struct model_run *m)
{
	unsigned int n;
	u32 prod;

	cache.cpu = FRONTEND;
	for (n = 0; n < m->batch && m->fe_req - m->fe_cons < m->fe.size; n++)
		cache_access(xnif_ring_req(&m->fe, m->fe_req++), m->req_size,
			     true);
	if (n && xnif_ring_publish(&m->fe.req, m->fe_req))
		cache.n.notifies++;
	for (;;) {
		prod = xnif_ring_peer_prod(&m->fe.rsp);
		if (!xnif_ring_prod_valid(prod, m->fe_cons, m->fe.size))
			abort();
		for (; m->fe_cons != prod; m->fe_cons++, m->done++)
			cache_access(xnif_ring_rsp(&m->fe, m->fe_cons),
				     m->rsp_size, false);
		if (m->policy < MPOL_EACH ||
		    xnif_ring_arm(&m->fe.rsp, model_want(m)) == m->fe_cons)
			break;
	}
}

static void backend_turn(struct model_run *m)
{
	u32 prod;

	cache.cpu = BACKEND;
	for (;;) {
		prod = xnif_ring_peer_prod(&m->be.req);
		if (!xnif_ring_prod_valid(prod, m->be_cons, m->be.size))
			abort();
		if (prod != m->be_cons) {
			for (; m->be_cons != prod; m->be_cons++) {
				cache_access(xnif_ring_req(&m->be, m->be_cons),
					     m->req_size, false);
				cache_access(xnif_ring_rsp(&m->be, m->be_rsp++),
					     m->rsp_size, true);
			}
			if (xnif_ring_publish(&m->be.rsp, m->be_rsp))
				cache.n.notifies++;
		}
		if (m->policy < MPOL_EACH ||
		    xnif_ring_arm(&m->be.req, m->be_cons + 1) == m->be_cons)
			break;
	}
}

/* Messages counted, after as many again of warm-up: whole ring wraps. */
#define MODEL_MESSAGES	4096UL

struct model_case {
	const struct ring_kind *kind;
	enum xnif_ring_layout layout;
	unsigned int line;
	enum model_policy policy;
	unsigned int batch;
};

/*
 * Layout v2 at one page order more than classic, so that both hold the
 * same entries (256), as in the ringbench matrix.
 */
static int model_run_case(const struct model_case *c, struct counts *out,
			  unsigned int *entries)
{
	unsigned int order = c->layout == XNIF_LAYOUT_V2;
	struct model_run m = {
		.policy = c->policy,
		.batch = c->batch,
		.req_size = c->kind->req_size,
		.rsp_size = c->kind->rsp_size,
	};
	struct counts start;
	void *mem;

	cache.bytes = XNIF_PAGE_SIZE << order;
	cache.hdr = order ? sizeof(struct xen_netif_sring_v2) :
		    XNIF_CLASSIC_HDR_SIZE;
	if (posix_memalign(&mem, XNIF_PAGE_SIZE, cache.bytes))
		return -1;
	memset(mem, 0, cache.bytes);
	memset(&cache.state, 0, sizeof(cache.state));
	memset(&cache.n, 0, sizeof(cache.n));
	memset(&cache.spin_on, 0, sizeof(cache.spin_on));
	cache.base = mem;
	cache.line = c->line;
	cache.cpu = FRONTEND;
	if (xnif_ring_attach(&m.fe, mem, order, c->layout, m.req_size,
			     m.rsp_size)) {
		free(mem);
		return -1;
	}
	xnif_ring_reset(&m.fe);
	cache.cpu = BACKEND;
	if (xnif_ring_attach(&m.be, mem, order, c->layout, m.req_size,
			     m.rsp_size)) {
		free(mem);
		return -1;
	}
	*entries = m.fe.size;
	if (c->policy == MPOL_SPIN) {
		cache.spin_on[FRONTEND] = m.fe.rsp.prod;
		cache.spin_on[BACKEND] = m.be.req.prod;
	}

	while (m.done < MODEL_MESSAGES) {
		frontend_turn(&m);
		backend_turn(&m);
	}
	start = cache.n;
	while (m.done < 2 * MODEL_MESSAGES) {
		frontend_turn(&m);
		backend_turn(&m);
	}
	free(mem);
	if (m.done != 2 * MODEL_MESSAGES)
		return -1;
	out->xfers = cache.n.xfers - start.xfers;
	out->invals = cache.n.invals - start.invals;
	out->cold = cache.n.cold - start.cold;
	out->notifies = cache.n.notifies - start.notifies;
	out->index = cache.n.index - start.index;
	return 0;
}

static const char *const model_layout_name[] = { "", "classic", "v2" };

/* One case, as the golden file spells it. */
static void case_name(char *buf, size_t len, const struct model_case *c)
{
	snprintf(buf, len, "%s-%s-line%u-%s-batch%u", c->kind->name,
		 model_layout_name[c->layout], c->line, mpolicy_name[c->policy],
		 c->batch);
}

static void counts_line(char *buf, size_t len, const char *name,
			const struct counts *n)
{
	snprintf(buf, len, "%s %lu %lu %lu %lu %lu", name, n->xfers, n->invals,
		 n->cold, n->notifies, n->index);
}

#define MODEL_CASES	(ARRAY_SIZE(kinds) * ARRAY_SIZE(lines) * \
			 ARRAY_SIZE(mpolicy_name) * \
			 ARRAY_SIZE(batches) * 2)

/* Every case, each classic one followed by its v2 twin. */
static unsigned int model_cases(struct model_case *c)
{
	unsigned int k, li, p, b, l, n = 0;

	for (k = 0; k < ARRAY_SIZE(kinds); k++)
		for (li = 0; li < ARRAY_SIZE(lines); li++)
			for (p = MPOL_POLL; p <= MPOL_HALF; p++)
				for (b = 0; b < ARRAY_SIZE(batches); b++)
					for (l = XNIF_LAYOUT_CLASSIC;
					     l <= XNIF_LAYOUT_V2; l++)
						c[n++] = (struct model_case) {
							.kind = &kinds[k],
							.layout = l,
							.line = lines[li],
							.policy = p,
							.batch = batches[b],
						};
	return n;
}

static double per_msg(unsigned long n)
{
	return (double)n / MODEL_MESSAGES;
}

static int model_table(void)
{
	struct model_case cases[MODEL_CASES];
	unsigned int i, ncases = model_cases(cases), entries;
	struct counts n, classic = {};

	printf("cache-line transfers per message, MESI, two private caches;\n"
	       "%lu messages after %lu of warm-up, both layouts %s\n\n",
	       MODEL_MESSAGES, MODEL_MESSAGES,
	       "at 256 entries (v2 one page order up)");
	printf("| ring | line | policy | batch | layout | xfer/msg ");
	printf("| inval/msg | transfers/msg | of which index lines ");
	printf("| notif/msg | v2/classic |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < ncases; i++) {
		const struct model_case *c = &cases[i];
		char ratio[16] = "";

		if (model_run_case(c, &n, &entries)) {
			fprintf(stderr, "ringbench: model case failed\n");
			return 1;
		}
		if (c->layout == XNIF_LAYOUT_CLASSIC)
			classic = n;
		else
			snprintf(ratio, sizeof(ratio), "%.2fx",
				 (double)(n.xfers + n.invals) /
				 (classic.xfers + classic.invals));
		printf("| %s | %u | %s | %u | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s |\n",
		       c->kind->name, c->line, mpolicy_name[c->policy],
		       c->batch, model_layout_name[c->layout], per_msg(n.xfers),
		       per_msg(n.invals), per_msg(n.xfers + n.invals),
		       per_msg(n.index), per_msg(n.notifies), ratio);
	}
	return 0;
}

/*
 * The golden file's format, one case a line: its name, then transfers,
 * invalidations, cold misses, notifications and index-line transfers.
 */
static int model_golden(void)
{
	struct model_case cases[MODEL_CASES];
	unsigned int i, ncases = model_cases(cases), entries;
	char name[64], buf[160];
	struct counts n;

	for (i = 0; i < ncases; i++) {
		if (model_run_case(&cases[i], &n, &entries))
			return 1;
		case_name(name, sizeof(name), &cases[i]);
		counts_line(buf, sizeof(buf), name, &n);
		puts(buf);
	}
	return 0;
}

/* The line of the golden file for name, or NULL. */
static char *golden_find(char *text, const char *name)
{
	size_t len = strlen(name);
	char *p = text;

	while (p && *p) {
		if (!strncmp(p, name, len) && p[len] == ' ')
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/*
 * The coherence model on its own, against counts worked out by hand: a
 * golden file only says that nothing changed, these say it was right.
 */
struct mesi_op {
	enum side cpu;
	unsigned int off, size;
	bool store;
};

struct mesi_case {
	const char *name;
	unsigned int line;
	struct mesi_op ops[8];
	unsigned int nops;
	struct counts want;
};

static const struct mesi_case mesi_cases[] = {
	/* M -> S,S (a transfer), upgrade (an invalidation), and back. */
	{ "pingpong", 64, {
		{ FRONTEND, 0, 4, true }, { BACKEND, 0, 4, false },
		{ BACKEND, 4, 4, true }, { FRONTEND, 0, 4, false },
		{ FRONTEND, 0, 4, true }, { FRONTEND, 8, 4, false },
		{ FRONTEND, 8, 4, true } }, 7,
	  { .xfers = 2, .invals = 2, .cold = 1 } },
	/* A store to a line the other side holds modified: one transfer. */
	{ "rfo", 64, {
		{ FRONTEND, 0, 4, true }, { BACKEND, 0, 4, true },
		{ FRONTEND, 32, 4, true } }, 3,
	  { .xfers = 2, .cold = 1 } },
	/* A load alone gets the line exclusive: its store is silent. */
	{ "exclusive", 64, {
		{ FRONTEND, 0, 4, false }, { FRONTEND, 0, 4, true },
		{ BACKEND, 0, 4, false } }, 3,
	  { .xfers = 1, .cold = 1 } },
	/* A 12-byte slot at 60 spans two 64-byte lines, one 128-byte one. */
	{ "straddle64", 64, {
		{ FRONTEND, 60, 12, true }, { BACKEND, 60, 12, false } }, 2,
	  { .xfers = 2, .cold = 2 } },
	{ "straddle128", 128, {
		{ FRONTEND, 60, 12, true }, { BACKEND, 60, 12, false } }, 2,
	  { .xfers = 1, .cold = 1 } },
};

static int mesi_selftest(void)
{
	static u8 mem[2 * XNIF_PAGE_SIZE];
	unsigned int i, j;
	int failed = 0;

	for (i = 0; i < ARRAY_SIZE(mesi_cases); i++) {
		const struct mesi_case *c = &mesi_cases[i];

		memset(&cache, 0, sizeof(cache));
		cache.base = mem;
		cache.bytes = sizeof(mem);
		cache.line = c->line;
		for (j = 0; j < c->nops; j++) {
			cache.cpu = c->ops[j].cpu;
			cache_access(mem + c->ops[j].off, c->ops[j].size,
				     c->ops[j].store);
		}
		if (cache.n.xfers == c->want.xfers &&
		    cache.n.invals == c->want.invals &&
		    cache.n.cold == c->want.cold) {
			printf("PASS ringbench/model/mesi-%s\n", c->name);
		} else {
			printf("FAIL ringbench/model/mesi-%s: %lu %lu %lu, want %lu %lu %lu\n",
			       c->name, cache.n.xfers, cache.n.invals,
			       cache.n.cold, c->want.xfers, c->want.invals,
			       c->want.cold);
			failed++;
		}
	}
	return failed;
}

static int model_check(const char *path)
{
	struct model_case cases[MODEL_CASES];
	unsigned int i, ncases = model_cases(cases), entries;
	char name[64], buf[160], text[65536];
	struct counts n;
	int failed = mesi_selftest();
	size_t len;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		printf("FAIL ringbench/model: cannot read %s\n", path);
		return 1;
	}
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = 0;
	for (i = 0; i < ncases; i++) {
		char *want;

		case_name(name, sizeof(name), &cases[i]);
		if (model_run_case(&cases[i], &n, &entries)) {
			printf("FAIL ringbench/model/%s: did not run\n", name);
			failed++;
			continue;
		}
		counts_line(buf, sizeof(buf), name, &n);
		want = golden_find(text, name);
		if (want && !strncmp(want, buf, strlen(buf)) &&
		    (want[strlen(buf)] == '\n' || !want[strlen(buf)])) {
			printf("PASS ringbench/model/%s\n", name);
		} else {
			printf("FAIL ringbench/model/%s: got \"%s\", %s\n", name,
			       buf, want ? "golden file differs" :
			       "not in the golden file");
			failed++;
		}
	}
	return !!failed;
}

int model_main(const char *check, bool golden)
{
	if (check)
		return model_check(check);
	if (golden)
		return model_golden();
	return model_table();
}
