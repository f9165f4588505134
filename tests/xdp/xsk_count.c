// SPDX-License-Identifier: GPL-2.0
/*
 * xsk_count IFNAME QUEUES WANT SECONDS: receive through AF_XDP sockets in
 * copy mode, one per queue 0..QUEUES-1 of IFNAME, and count the frames.
 *
 * The lab's xdp scenario loads xdp_xsk.o on the guest's eth0 with
 * iproute2, which does not pin maps: this program finds the program's
 * XSKMAP by its name (xdp_lab_xsks) among the kernel's maps and puts
 * each socket in the slot of its queue. dom0 then pings the guest and
 * reads what this prints: "ready" once every socket is in the map, and
 * at the end "frames N echo M" (M of them IPv4 ICMP echo requests).
 * Exits 0 once WANT echo requests came, 1 if SECONDS passed first.
 *
 * No libbpf or libxdp: the bpf() system call and the AF_XDP socket
 * options, rings mapped by hand. Static, for the guest's initramfs.
 */
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/types.h>
#include <linux/if_xdp.h>

#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define MAP_NAME	"xdp_lab_xsks"
#define NFRAMES		64U	/* per socket; also each ring's size */
#define FRAME_SIZE	4096U
#define MAX_QUEUES	8U

struct xsk {
	int fd;
	unsigned char *umem;
	__u32 *fill_prod, *fill_cons;
	__u64 *fill;
	__u32 *rx_prod, *rx_cons;
	struct xdp_desc *rx;
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* The newest XSKMAP named MAP_NAME, as a file descriptor, or -1. */
static int find_map(void)
{
	union bpf_attr attr;
	__u32 id = 0, best = 0;

	for (;;) {
		struct bpf_map_info info;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (sys_bpf(BPF_MAP_GET_NEXT_ID, &attr))
			break;
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.map_id = id;
		fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = fd;
		attr.info.info_len = sizeof(info);
		attr.info.info = (uintptr_t)&info;
		if (!sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) &&
		    info.type == BPF_MAP_TYPE_XSKMAP &&
		    !strcmp(info.name, MAP_NAME))
			best = id;
		close(fd);
	}
	if (!best)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.map_id = best;
	return sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
}

static void *ring_map(int fd, size_t len, off_t pgoff)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, fd, pgoff);

	return p == MAP_FAILED ? NULL : p;
}

/* One socket on queue q of ifindex, its fill ring full; 0 or -1. */
static int xsk_open(struct xsk *x, unsigned int ifindex, unsigned int q)
{
	struct xdp_umem_reg reg = { 0 };
	struct xdp_mmap_offsets off;
	struct sockaddr_xdp sxdp = { 0 };
	socklen_t optlen = sizeof(off);
	unsigned int n = NFRAMES, i;
	unsigned char *rx;
	void *fr;

	x->fd = socket(AF_XDP, SOCK_RAW, 0);
	if (x->fd < 0)
		return perror("socket(AF_XDP)"), -1;
	x->umem = mmap(NULL, NFRAMES * FRAME_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (x->umem == MAP_FAILED)
		return perror("mmap umem"), -1;
	reg.addr = (uintptr_t)x->umem;
	reg.len = NFRAMES * FRAME_SIZE;
	reg.chunk_size = FRAME_SIZE;
	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof(reg)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, &n, sizeof(n)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &n,
		       sizeof(n)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_RX_RING, &n, sizeof(n)))
		return perror("setsockopt(SOL_XDP)"), -1;
	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen))
		return perror("getsockopt(XDP_MMAP_OFFSETS)"), -1;
	fr = ring_map(x->fd, off.fr.desc + NFRAMES * sizeof(__u64),
		      XDP_UMEM_PGOFF_FILL_RING);
	rx = ring_map(x->fd, off.rx.desc + NFRAMES * sizeof(struct xdp_desc),
		      XDP_PGOFF_RX_RING);
	if (!fr || !rx)
		return perror("mmap ring"), -1;
	x->fill_prod = (__u32 *)((char *)fr + off.fr.producer);
	x->fill_cons = (__u32 *)((char *)fr + off.fr.consumer);
	x->fill = (__u64 *)((char *)fr + off.fr.desc);
	x->rx_prod = (__u32 *)(rx + off.rx.producer);
	x->rx_cons = (__u32 *)(rx + off.rx.consumer);
	x->rx = (struct xdp_desc *)(rx + off.rx.desc);
	/* Every frame of the UMEM is the kernel's to fill. */
	for (i = 0; i < NFRAMES; i++)
		x->fill[i] = (__u64)i * FRAME_SIZE;
	__atomic_store_n(x->fill_prod, NFRAMES, __ATOMIC_RELEASE);

	sxdp.sxdp_family = AF_XDP;
	sxdp.sxdp_ifindex = ifindex;
	sxdp.sxdp_queue_id = q;
	sxdp.sxdp_flags = XDP_COPY;
	if (bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		return perror("bind(AF_XDP, XDP_COPY)"), -1;
	return 0;
}

/* An IPv4 ICMP echo request without IP options. */
static int is_echo(const unsigned char *f, __u32 len)
{
	return len >= 14 + 20 + 8 && f[12] == 0x08 && f[13] == 0x00 &&
	       f[14] == 0x45 && f[23] == 1 && f[34] == 8;
}

/* Take what socket x received; the frames go back to its fill ring. */
static void xsk_drain(struct xsk *x, unsigned long *frames,
		      unsigned long *echo)
{
	__u32 cons = *x->rx_cons;
	__u32 prod = __atomic_load_n(x->rx_prod, __ATOMIC_ACQUIRE);
	__u32 fprod = *x->fill_prod;

	for (; cons != prod; cons++, fprod++) {
		const struct xdp_desc *d = &x->rx[cons & (NFRAMES - 1)];

		(*frames)++;
		if (is_echo(x->umem + d->addr, d->len))
			(*echo)++;
		x->fill[fprod & (NFRAMES - 1)] = d->addr & ~(__u64)(FRAME_SIZE - 1);
	}
	__atomic_store_n(x->rx_cons, cons, __ATOMIC_RELEASE);
	__atomic_store_n(x->fill_prod, fprod, __ATOMIC_RELEASE);
}

int main(int argc, char **argv)
{
	struct xsk xs[MAX_QUEUES];
	struct pollfd pfd[MAX_QUEUES];
	unsigned long frames = 0, echo = 0, want;
	unsigned int ifindex, nq, q;
	union bpf_attr attr;
	time_t end;
	int map;

	if (argc != 5) {
		fprintf(stderr, "usage: xsk_count IFNAME QUEUES WANT SECONDS\n");
		return 64;
	}
	ifindex = if_nametoindex(argv[1]);
	nq = strtoul(argv[2], NULL, 0);
	want = strtoul(argv[3], NULL, 0);
	end = time(NULL) + strtoul(argv[4], NULL, 0);
	if (!ifindex || !nq || nq > MAX_QUEUES) {
		fprintf(stderr, "xsk_count: bad device or queue count\n");
		return 64;
	}
	map = find_map();
	if (map < 0) {
		fprintf(stderr, "xsk_count: no XSKMAP named %s\n", MAP_NAME);
		return 1;
	}
	for (q = 0; q < nq; q++) {
		if (xsk_open(&xs[q], ifindex, q))
			return 1;
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = map;
		attr.key = (uintptr_t)&q;
		attr.value = (uintptr_t)&xs[q].fd;
		if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr)) {
			fprintf(stderr, "xsk_count: map update: %s\n",
				strerror(errno));
			return 1;
		}
		pfd[q].fd = xs[q].fd;
		pfd[q].events = POLLIN;
	}
	printf("ready\n");
	fflush(stdout);
	while (echo < want && time(NULL) < end) {
		poll(pfd, nq, 200);
		for (q = 0; q < nq; q++)
			xsk_drain(&xs[q], &frames, &echo);
	}
	printf("frames %lu echo %lu\n", frames, echo);
	return echo >= want ? 0 : 1;
}
