// SPDX-License-Identifier: GPL-2.0
/*
 * ringbench: the netif TX ring between two threads on two cores.
 *
 * A "frontend" thread posts xen_netif_tx_request slots and reaps
 * xen_netif_tx_response slots; a "backend" thread consumes the requests
 * and answers each one. Both use drivers/net/xen-netif/ring.c and ring.h,
 * the code the drivers run, so what is measured here is the index and
 * event arithmetic of the real thing, minus the hypervisor: notifications
 * are eventfd writes (sleep mode) or only counted (poll mode).
 *
 * The matrix compares the classic layout with layout v2 holding the same
 * number of entries (v2 needs twice the pages for it), at one page and at
 * 2^order pages, under two event policies for TX completions:
 *   each: the frontend asks to hear about the next response (mainline);
 *   half: it asks once half of what is outstanding has completed.
 * Every configuration runs several times, interleaved so that drift in the
 * machine's load hits all of them alike; the table shows medians and the
 * v2/classic ratio of the same run.
 *
 * Poll mode settles in one of two regimes, and which one is chance: the
 * backend keeps up with every batch (lockstep: each batch pays the index
 * lines crossing over), or the frontend runs ahead and the backend drains
 * long stretches (streaming: slot lines dominate). Medians mix the two, so
 * the best run of each row is shown too: the streaming regime of both.
 *
 * The machine is shared, so a run in which the scheduler took either
 * thread off its CPU (an involuntary context switch) measures the other
 * process, not the ring: such a run is repeated, a few times at most,
 * and the table says how many of the runs it used were undisturbed.
 * First, the cost that all of this is about is measured on its own: how
 * long one cache line takes to go from one CPU to the other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <xen/interface/io/netif.h>

#include "model.h"
#include "ring.h"

enum policy { POLICY_EACH, POLICY_HALF };
enum mode { MODE_POLL, MODE_SLEEP };

struct config {
	enum xnif_ring_layout layout;
	unsigned int order;
	enum policy policy;
	enum mode mode;
};

struct result {
	double msgs_per_sec;
	double best;		/* highest msgs_per_sec of the runs */
	double notifies_per_msg;
	double misses_per_msg;	/* < 0: no cache-miss counter here */
	unsigned int entries;	/* ring size the layout gave */
	bool clean;		/* neither thread was preempted */
};

/* One run's shared state; each thread owns its private indices. */
struct run {
	struct config cfg;
	struct xnif_ring ring;
	unsigned long messages;
	unsigned int batch;
	int to_backend;		/* eventfd: requests published */
	int to_frontend;	/* eventfd: responses published */
	unsigned long fe_notifies;
	unsigned long be_notifies;
	long fe_preempted;	/* involuntary context switches */
	long be_preempted;
};

static long preemptions(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) ? -1 : ru.ru_nivcsw;
}

static void notify(struct run *run, int fd, unsigned long *count)
{
	u64 one = 1;

	(*count)++;
	if (run->cfg.mode == MODE_SLEEP && write(fd, &one, sizeof(one)) < 0)
		abort();
}

/*
 * Wait until the peer moves dir's producer past seen. In sleep mode the
 * caller has armed the event index, so an eventfd wakeup will come.
 */
static void wait_for_peer(struct run *run, int fd,
			  const struct xnif_ring_dir *dir, u32 seen)
{
	u64 v;

	if (run->cfg.mode == MODE_SLEEP) {
		if (read(fd, &v, sizeof(v)) < 0 && errno != EINTR)
			abort();
		return;
	}
	while (xnif_ring_peer_prod(dir) == seen)
		__builtin_ia32_pause();
}

static u32 frontend_post(struct run *run, u32 req, u32 rsp_cons,
			 unsigned long *posted)
{
	unsigned int n;

	for (n = 0; n < run->batch && *posted < run->messages &&
	     req - rsp_cons < run->ring.size; n++) {
		struct xen_netif_tx_request *tx = xnif_ring_req(&run->ring, req);

		tx->gref = *posted;
		tx->offset = 0;
		tx->flags = 0;
		tx->id = req & (run->ring.size - 1);
		tx->size = 64;
		req++;
		(*posted)++;
	}
	if (n && xnif_ring_publish(&run->ring.req, req))
		notify(run, run->to_backend, &run->fe_notifies);
	return req;
}

static u32 frontend_want(const struct run *run, u32 req, u32 cons)
{
	u32 outstanding = req - cons;

	if (run->cfg.policy == POLICY_HALF && outstanding > 1)
		return cons + outstanding / 2;
	return cons + 1;
}

static void *frontend(void *arg)
{
	struct run *run = arg;
	unsigned long posted = 0, done = 0;
	long preempted = preemptions();
	u32 req = 0, cons = 0;

	while (done < run->messages) {
		u32 prod;

		req = frontend_post(run, req, cons, &posted);
		prod = xnif_ring_peer_prod(&run->ring.rsp);
		if (prod == cons) {
			/* Room and work left: keep posting, do not sleep. */
			if (posted < run->messages &&
			    req - cons < run->ring.size)
				continue;
			prod = xnif_ring_arm(&run->ring.rsp,
					     frontend_want(run, req, cons));
			if (prod == cons) {
				wait_for_peer(run, run->to_frontend,
					      &run->ring.rsp, cons);
				continue;
			}
		}
		for (; cons != prod; cons++, done++) {
			const struct xen_netif_tx_response *rsp =
				xnif_ring_rsp(&run->ring, cons);

			if (rsp->status != XEN_NETIF_RSP_OKAY)
				abort();
		}
	}
	run->fe_preempted = preemptions() - preempted;
	return NULL;
}

static void *backend(void *arg)
{
	struct run *run = arg;
	unsigned long done = 0;
	long preempted = preemptions();
	u32 cons = 0, rsp = 0;

	while (done < run->messages) {
		u32 prod = xnif_ring_peer_prod(&run->ring.req);

		if (!xnif_ring_prod_valid(prod, cons, run->ring.size))
			abort();
		if (prod == cons) {
			if (xnif_ring_arm(&run->ring.req, cons + 1) == cons)
				wait_for_peer(run, run->to_backend,
					      &run->ring.req, cons);
			continue;
		}
		for (; cons != prod; cons++, done++) {
			struct xen_netif_tx_request tx =
				*(struct xen_netif_tx_request *)
				xnif_ring_req(&run->ring, cons);
			struct xen_netif_tx_response *r =
				xnif_ring_rsp(&run->ring, rsp++);

			r->id = tx.id;
			r->status = XEN_NETIF_RSP_OKAY;
		}
		if (xnif_ring_publish(&run->ring.rsp, rsp))
			notify(run, run->to_frontend, &run->be_notifies);
	}
	run->be_preempted = preemptions() - preempted;
	return NULL;
}

static int cache_miss_counter(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_HW_CACHE_MISSES,
		.disabled = 1,
		.inherit = 1,
		.exclude_kernel = 1,
	};

	return syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

/*
 * Start a thread already bound to its CPU: moving it once it runs would
 * count as a preemption and let the two threads share a CPU meanwhile.
 */
static void start_on(pthread_t *t, int cpu, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % sysconf(_SC_NPROCESSORS_ONLN), &set);
	if (pthread_attr_init(&attr) ||
	    pthread_attr_setaffinity_np(&attr, sizeof(set), &set) ||
	    pthread_create(t, &attr, fn, arg))
		abort();
	pthread_attr_destroy(&attr);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct result run_once(const struct config *cfg, unsigned long messages,
			      unsigned int batch)
{
	size_t bytes = 4096UL << cfg->order;
	struct run run = { .cfg = *cfg, .messages = messages, .batch = batch };
	struct result res = { .misses_per_msg = -1 };
	pthread_t fe, be;
	u64 misses;
	void *mem;
	double t;
	int pfd;

	if (posix_memalign(&mem, 4096, bytes))
		abort();
	memset(mem, 0, bytes);
	if (xnif_ring_attach(&run.ring, mem, cfg->order, cfg->layout,
			     sizeof(struct xen_netif_tx_request),
			     sizeof(struct xen_netif_tx_response)))
		abort();
	xnif_ring_reset(&run.ring);
	run.to_backend = eventfd(0, 0);
	run.to_frontend = eventfd(0, 0);

	pfd = cache_miss_counter();
	if (pfd >= 0)
		ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0);
	t = now();
	start_on(&be, 1, backend, &run);
	start_on(&fe, 0, frontend, &run);
	pthread_join(fe, NULL);
	pthread_join(be, NULL);
	t = now() - t;
	if (pfd >= 0 && read(pfd, &misses, sizeof(misses)) == sizeof(misses))
		res.misses_per_msg = (double)misses / messages;
	if (pfd >= 0)
		close(pfd);

	res.msgs_per_sec = messages / t;
	res.entries = run.ring.size;
	res.clean = !run.fe_preempted && !run.be_preempted;
	res.notifies_per_msg = (double)(run.fe_notifies + run.be_notifies) /
			       messages;
	close(run.to_backend);
	close(run.to_frontend);
	free(mem);
	return res;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_RUNS	21
#define NCONFIGS	16
/* Attempts at an undisturbed run before taking a disturbed one. */
#define MAX_TRIES	20

static const char *const layout_name[] = { "", "classic", "v2" };
static const char *const policy_name[] = { "each", "half" };
static const char *const mode_name[] = { "poll", "sleep" };

struct cell {
	struct config cfg;
	double rate[MAX_RUNS], notif[MAX_RUNS], miss[MAX_RUNS];
	int clean;		/* runs used that were undisturbed */
	struct result med;
};

static struct result run_clean(const struct config *cfg,
			       unsigned long messages, unsigned int batch)
{
	struct result res;
	int tries = 0;

	do
		res = run_once(cfg, messages, batch);
	while (!res.clean && ++tries < MAX_TRIES);
	return res;
}

static void measure(struct cell *cells, int ncells, int runs,
		    unsigned long messages, unsigned int batch)
{
	int r, c;

	for (r = 0; r < runs; r++) {
		for (c = 0; c < ncells; c++) {
			struct result res = run_clean(&cells[c].cfg,
				cells[c].cfg.mode == MODE_SLEEP ?
				messages / 4 : messages, batch);

			cells[c].rate[r] = res.msgs_per_sec;
			cells[c].notif[r] = res.notifies_per_msg;
			cells[c].miss[r] = res.misses_per_msg;
			cells[c].clean += res.clean;
			cells[c].med.entries = res.entries;
		}
		fprintf(stderr, "ringbench: round %d/%d done\n", r + 1, runs);
	}
	for (c = 0; c < ncells; c++) {
		cells[c].med.best = 0;
		for (r = 0; r < runs; r++)
			if (cells[c].rate[r] > cells[c].med.best)
				cells[c].med.best = cells[c].rate[r];
		cells[c].med.msgs_per_sec = median(cells[c].rate, runs);
		cells[c].med.notifies_per_msg = median(cells[c].notif, runs);
		cells[c].med.misses_per_msg = median(cells[c].miss, runs);
	}
}

/*
 * One cache line bounced between the two CPUs, each side waiting for the
 * other's write: half a round trip is what moving a line costs here, the
 * unit in which every layout decision is paid.
 */
/* 64 bytes apart: on two lines whatever the alignment. */
static struct {
	u32 ping;
	u8 pad[60];
	u32 pong;
} pp;
#define PP_ROUNDS	20000U

static void *pong(void *arg)
{
	u32 i;

	for (i = 1; i <= PP_ROUNDS; i++) {
		while (READ_ONCE(pp.ping) != i)
			__builtin_ia32_pause();
		WRITE_ONCE(pp.pong, i);
	}
	return arg;
}

static void *ping(void *arg)
{
	double *ns = arg, t = now();
	u32 i;

	for (i = 1; i <= PP_ROUNDS; i++) {
		WRITE_ONCE(pp.ping, i);
		while (READ_ONCE(pp.pong) != i)
			__builtin_ia32_pause();
	}
	*ns = (now() - t) * 1e9 / PP_ROUNDS / 2;
	return NULL;
}

static double line_transfer_ns(int runs)
{
	double ns, best = 0;
	pthread_t a, b;
	int r;

	/* Interference only ever adds: the fastest run is the hardware. */
	for (r = 0; r < runs; r++) {
		pp.ping = 0;
		pp.pong = 0;
		start_on(&b, 1, pong, NULL);
		start_on(&a, 0, ping, &ns);
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		if (!r || ns < best)
			best = ns;
	}
	return best;
}

static void print_table(const struct cell *cells, int ncells, int runs)
{
	int c;

	printf("| layout | pages | entries | policy | mode | Mmsg/s | best ");
	printf("| notif/msg | cache-miss/msg | undisturbed | v2/classic | best |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (c = 0; c < ncells; c++) {
		const struct cell *x = &cells[c];
		char ratio[16] = "", best[16] = "";
		char miss[16] = "n/a";

		/* Cells come in classic, v2 pairs of the same entries. */
		if (x->cfg.layout == XNIF_LAYOUT_V2) {
			snprintf(ratio, sizeof(ratio), "%.2fx",
				 x->med.msgs_per_sec / cells[c - 1].med.msgs_per_sec);
			snprintf(best, sizeof(best), "%.2fx",
				 x->med.best / cells[c - 1].med.best);
		}
		if (x->med.misses_per_msg >= 0)
			snprintf(miss, sizeof(miss), "%.2f", x->med.misses_per_msg);
		printf("| %s | %u | %u | %s | %s | %.2f | %.2f | %.3f | %s | %d/%d | %s | %s |\n",
		       layout_name[x->cfg.layout], 1U << x->cfg.order,
		       x->med.entries,
		       policy_name[x->cfg.policy], mode_name[x->cfg.mode],
		       x->med.msgs_per_sec / 1e6, x->med.best / 1e6,
		       x->med.notifies_per_msg, miss, x->clean, runs, ratio,
		       best);
	}
	printf("\nmedian and best of %d interleaved runs per row; undisturbed: runs\n"
	       "in which neither thread was preempted (up to %d tries each)\n",
	       runs, MAX_TRIES);
}

/*
 * v2 spends 20 bytes of ring per TX entry where the classic union spends
 * 12, so at equal pages it holds half the entries: it is compared with
 * the classic ring of the same entries, one page order up.
 */
static int build_matrix(struct cell *cells, unsigned int order)
{
	static const enum mode modes[] = { MODE_POLL, MODE_SLEEP };
	static const enum policy policies[] = { POLICY_EACH, POLICY_HALF };
	const unsigned int orders[] = { 0, order };
	int n = 0, o, p, m, l;

	for (m = 0; m < 2; m++)
		for (o = 0; o < (order ? 2 : 1); o++)
			for (p = 0; p < 2; p++)
				for (l = XNIF_LAYOUT_CLASSIC; l <= XNIF_LAYOUT_V2; l++)
					cells[n++].cfg = (struct config) {
						.layout = l,
						.order = orders[o] +
							 (l == XNIF_LAYOUT_V2),
						.policy = policies[p],
						.mode = modes[m],
					};
	return n;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: ringbench [-r runs] [-n messages] [-b batch] [-o order]\n"
		"  -r  runs per configuration, median reported (default 9)\n"
		"  -n  messages per poll-mode run; sleep mode runs a quarter\n"
		"  -b  requests the frontend posts per publish (default 8)\n"
		"  -o  the multi-page order compared with one page (default 2,\n"
		"      at most %d: v2 takes one order more)\n"
		"       ringbench --model [--golden | --check FILE]\n"
		"  --model   count cache-line transfers per message in a MESI\n"
		"            model instead of timing the threads (see model.c)\n"
		"  --golden  print the model's raw counts, one case a line\n"
		"  --check   compare them with FILE: PASS or FAIL per case\n",
		XEN_NETIF_MAX_RING_PAGE_ORDER - 1);
	exit(2);
}

int main(int argc, char **argv)
{
	struct cell cells[NCONFIGS] = {};
	unsigned long messages = 200000;
	unsigned int batch = 8, order = 2;
	static const struct option longopts[] = {
		{ "model", no_argument, NULL, 'M' },
		{ "golden", no_argument, NULL, 'G' },
		{ "check", required_argument, NULL, 'C' },
		{}
	};
	const char *check = NULL;
	bool model = false, golden = false;
	int runs = 9, ncells, opt;

	while ((opt = getopt_long(argc, argv, "r:n:b:o:", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'M':
			model = true;
			break;
		case 'G':
			golden = true;
			break;
		case 'C':
			check = optarg;
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		case 'n':
			messages = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			batch = atoi(optarg);
			break;
		case 'o':
			order = atoi(optarg);
			break;
		default:
			print_usage();
		}
	}
	if (model)
		return model_main(check, golden);
	if (check || golden || optind < argc)
		print_usage();
	if (runs < 1 || runs > MAX_RUNS || !messages || !batch ||
	    order >= XEN_NETIF_MAX_RING_PAGE_ORDER)
		print_usage();

	printf("cache line, one CPU to the other: %.0f ns (best of %d)\n\n",
	       line_transfer_ns(runs), runs);
	ncells = build_matrix(cells, order);
	measure(cells, ncells, runs, messages, batch);
	print_table(cells, ncells, runs);
	return 0;
}
