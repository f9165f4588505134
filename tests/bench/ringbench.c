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
 * The matrix compares the classic layout with layout v2 at one page and at
 * 2^order pages, under two event policies for TX completions:
 *   each: the frontend asks to hear about the next response (mainline);
 *   half: it asks once half of what is outstanding has completed.
 * Every configuration runs several times, interleaved so that drift in the
 * machine's load hits all of them alike; the table shows medians and the
 * v2/classic ratio of the same run.
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
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <xen/interface/io/netif.h>

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
	double notifies_per_msg;
	double misses_per_msg;	/* < 0: no cache-miss counter here */
	unsigned int entries;	/* ring size the layout gave */
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
};

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
	return NULL;
}

static void *backend(void *arg)
{
	struct run *run = arg;
	unsigned long done = 0;
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

static void pin(pthread_t t, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % sysconf(_SC_NPROCESSORS_ONLN), &set);
	pthread_setaffinity_np(t, sizeof(set), &set);
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
	pthread_create(&be, NULL, backend, &run);
	pthread_create(&fe, NULL, frontend, &run);
	pin(be, 1);
	pin(fe, 0);
	pthread_join(fe, NULL);
	pthread_join(be, NULL);
	t = now() - t;
	if (pfd >= 0 && read(pfd, &misses, sizeof(misses)) == sizeof(misses))
		res.misses_per_msg = (double)misses / messages;
	if (pfd >= 0)
		close(pfd);

	res.msgs_per_sec = messages / t;
	res.entries = run.ring.size;
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

static const char *const layout_name[] = { "", "classic", "v2" };
static const char *const policy_name[] = { "each", "half" };
static const char *const mode_name[] = { "poll", "sleep" };

struct cell {
	struct config cfg;
	double rate[MAX_RUNS], notif[MAX_RUNS], miss[MAX_RUNS];
	struct result med;
};

static void measure(struct cell *cells, int ncells, int runs,
		    unsigned long messages, unsigned int batch)
{
	int r, c;

	for (r = 0; r < runs; r++) {
		for (c = 0; c < ncells; c++) {
			struct result res = run_once(&cells[c].cfg,
				cells[c].cfg.mode == MODE_SLEEP ?
				messages / 4 : messages, batch);

			cells[c].rate[r] = res.msgs_per_sec;
			cells[c].notif[r] = res.notifies_per_msg;
			cells[c].miss[r] = res.misses_per_msg;
			cells[c].med.entries = res.entries;
		}
		fprintf(stderr, "ringbench: round %d/%d done\n", r + 1, runs);
	}
	for (c = 0; c < ncells; c++) {
		cells[c].med.msgs_per_sec = median(cells[c].rate, runs);
		cells[c].med.notifies_per_msg = median(cells[c].notif, runs);
		cells[c].med.misses_per_msg = median(cells[c].miss, runs);
	}
}

static void print_table(const struct cell *cells, int ncells, int runs)
{
	int c;

	printf("| layout | pages | entries | policy | mode ");
	printf("| Mmsg/s | notif/msg | cache-miss/msg | v2/classic |\n");
	printf("|---|---|---|---|---|---|---|---|---|\n");
	for (c = 0; c < ncells; c++) {
		const struct cell *x = &cells[c];
		char ratio[16] = "";
		char miss[16] = "n/a";

		/* Cells come in classic, v2 pairs of the same shape. */
		if (x->cfg.layout == XNIF_LAYOUT_V2)
			snprintf(ratio, sizeof(ratio), "%.2fx",
				 x->med.msgs_per_sec / cells[c - 1].med.msgs_per_sec);
		if (x->med.misses_per_msg >= 0)
			snprintf(miss, sizeof(miss), "%.2f", x->med.misses_per_msg);
		printf("| %s | %u | %u | %s | %s | %.2f | %.3f | %s | %s |\n",
		       layout_name[x->cfg.layout], 1U << x->cfg.order,
		       x->med.entries,
		       policy_name[x->cfg.policy], mode_name[x->cfg.mode],
		       x->med.msgs_per_sec / 1e6, x->med.notifies_per_msg,
		       miss, ratio);
	}
	printf("\nmedian of %d interleaved runs per row\n", runs);
}

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
						.order = orders[o],
						.policy = policies[p],
						.mode = modes[m],
					};
	return n;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: ringbench [-r runs] [-n messages] [-b batch] [-o order]\n"
		"  -r  runs per configuration, median reported (default 5)\n"
		"  -n  messages per poll-mode run; sleep mode runs a quarter\n"
		"  -b  requests the frontend posts per publish (default 8)\n"
		"  -o  the multi-page order compared with one page (default 2)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct cell cells[NCONFIGS] = {};
	unsigned long messages = 2000000;
	unsigned int batch = 8, order = 2;
	int runs = 5, ncells, opt;

	while ((opt = getopt(argc, argv, "r:n:b:o:")) != -1) {
		switch (opt) {
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
	if (runs < 1 || runs > MAX_RUNS || !messages || !batch ||
	    order > XEN_NETIF_MAX_RING_PAGE_ORDER)
		print_usage();

	ncells = build_matrix(cells, order);
	measure(cells, ncells, runs, messages, batch);
	print_table(cells, ncells, runs);
	return 0;
}
