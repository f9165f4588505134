// SPDX-License-Identifier: GPL-2.0
/*
 * xnif-qstats IFNAME: what the kernel's netdev generic-netlink family
 * says about one device's queues, for the lab to compare with ethtool -S
 * and sysfs. One line per fact:
 *
 *   queue rx|tx ID napi NAPI_ID|-       NETDEV_CMD_QUEUE_GET
 *   napi NAPI_ID irq IRQ|-              NETDEV_CMD_NAPI_GET
 *   qstats rx|tx ID packets N bytes N   NETDEV_CMD_QSTATS_GET, scope queue
 *   qstats dev rx_packets N rx_bytes N tx_packets N tx_bytes N
 *                                       the same, device scope
 *
 * Exit 0, 1 when the kernel refuses a query (a message on stderr says
 * which), 2 on a usage error. Plain netlink sockets and no library, so
 * that one static binary runs in dom0 and in the lab's busybox guest.
 * The numbers below are the 6.12 UAPI of <linux/netdev.h> (the build
 * host's headers may be older); they are ABI and never change.
 */
#include <errno.h>
#include <net/if.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

enum {
	CMD_QUEUE_GET = 10,
	CMD_NAPI_GET = 11,
	CMD_QSTATS_GET = 12,
};

enum { A_NAPI_IFINDEX = 1, A_NAPI_ID, A_NAPI_IRQ };
enum { A_QUEUE_ID = 1, A_QUEUE_IFINDEX, A_QUEUE_TYPE, A_QUEUE_NAPI_ID };
enum {
	A_QSTATS_IFINDEX = 1, A_QSTATS_QUEUE_TYPE, A_QSTATS_QUEUE_ID,
	A_QSTATS_SCOPE, A_QSTATS_RX_PACKETS = 8, A_QSTATS_RX_BYTES,
	A_QSTATS_TX_PACKETS, A_QSTATS_TX_BYTES,
};

#define QSTATS_SCOPE_QUEUE	1
#define MAX_ATTR		64

struct req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[256];
};

static int sock_fd;
static __u32 seq;

static void put_attr(struct req *r, __u16 type, const void *data,
		     __u16 len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void put_u32(struct req *r, __u16 type, __u32 v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void req_init(struct req *r, __u16 family, __u8 cmd, int dump)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = family;
	r->n.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	r->n.nlmsg_seq = ++seq;
	r->g.cmd = cmd;
	r->g.version = 1;
}

/* The attributes of one message, by type; absent ones are NULL. */
static void parse(const struct nlmsghdr *n, const struct nlattr **tb)
{
	const struct nlattr *a;
	int len = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	memset(tb, 0, MAX_ATTR * sizeof(*tb));
	a = (const struct nlattr *)((const char *)NLMSG_DATA(n) + GENL_HDRLEN);
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) < MAX_ATTR)
			tb[a->nla_type & NLA_TYPE_MASK] = a;
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
}

static __u64 get_uint(const struct nlattr *a)
{
	__u64 v64;
	__u32 v32;

	if (a->nla_len - NLA_HDRLEN >= 8) {
		memcpy(&v64, (const char *)a + NLA_HDRLEN, 8);
		return v64;
	}
	memcpy(&v32, (const char *)a + NLA_HDRLEN, 4);
	return v32;
}

typedef void (*msg_fn)(const struct nlmsghdr *n, void *arg);

/* Send r and hand every answer to fn; 0, or the kernel's -errno. */
static int talk(struct req *r, msg_fn fn, void *arg, const char *what)
{
	static char buf[65536];
	int done = 0;

	if (send(sock_fd, r, r->n.nlmsg_len, 0) < 0) {
		perror("xnif-qstats: send");
		return -errno;
	}
	while (!done) {
		ssize_t len = recv(sock_fd, buf, sizeof(buf), 0);
		struct nlmsghdr *n;

		if (len < 0) {
			perror("xnif-qstats: recv");
			return -errno;
		}
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, len);
		     n = NLMSG_NEXT(n, len)) {
			if (n->nlmsg_seq != r->n.nlmsg_seq)
				continue;
			if (n->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(n);

				if (e->error)
					fprintf(stderr, "xnif-qstats: %s: %s\n",
						what, strerror(-e->error));
				return e->error;
			}
			if (n->nlmsg_type == NLMSG_DONE)
				return 0;
			fn(n, arg);
			if (!(r->n.nlmsg_flags & NLM_F_DUMP))
				done = 1;
		}
	}
	return 0;
}

static void family_id(const struct nlmsghdr *n, void *arg)
{
	const struct nlattr *tb[MAX_ATTR];

	parse(n, tb);
	if (tb[CTRL_ATTR_FAMILY_ID])
		memcpy(arg, (const char *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN,
		       sizeof(__u16));
}

static const char *qtype(const struct nlattr *a)
{
	if (!a)
		return "?";
	return get_uint(a) ? "tx" : "rx";
}

static void show_queue(const struct nlmsghdr *n, void *arg)
{
	const struct nlattr *tb[MAX_ATTR];

	parse(n, tb);
	if (!tb[A_QUEUE_ID])
		return;
	printf("queue %s %llu napi ", qtype(tb[A_QUEUE_TYPE]),
	       (unsigned long long)get_uint(tb[A_QUEUE_ID]));
	if (tb[A_QUEUE_NAPI_ID])
		printf("%llu\n", (unsigned long long)get_uint(tb[A_QUEUE_NAPI_ID]));
	else
		printf("-\n");
}

static void show_napi(const struct nlmsghdr *n, void *arg)
{
	const struct nlattr *tb[MAX_ATTR];

	parse(n, tb);
	if (!tb[A_NAPI_ID])
		return;
	printf("napi %llu irq ", (unsigned long long)get_uint(tb[A_NAPI_ID]));
	if (tb[A_NAPI_IRQ])
		printf("%llu\n", (unsigned long long)get_uint(tb[A_NAPI_IRQ]));
	else
		printf("-\n");
}

static unsigned long long val(const struct nlattr *a)
{
	return a ? (unsigned long long)get_uint(a) : 0;
}

static void show_qstats(const struct nlmsghdr *n, void *arg)
{
	const struct nlattr *tb[MAX_ATTR];

	parse(n, tb);
	if (!tb[A_QSTATS_QUEUE_TYPE] || !tb[A_QSTATS_QUEUE_ID]) {
		printf("qstats dev rx_packets %llu rx_bytes %llu tx_packets %llu tx_bytes %llu\n",
		       val(tb[A_QSTATS_RX_PACKETS]), val(tb[A_QSTATS_RX_BYTES]),
		       val(tb[A_QSTATS_TX_PACKETS]), val(tb[A_QSTATS_TX_BYTES]));
		return;
	}
	if (get_uint(tb[A_QSTATS_QUEUE_TYPE]))
		printf("qstats tx %llu packets %llu bytes %llu\n",
		       val(tb[A_QSTATS_QUEUE_ID]), val(tb[A_QSTATS_TX_PACKETS]),
		       val(tb[A_QSTATS_TX_BYTES]));
	else
		printf("qstats rx %llu packets %llu bytes %llu\n",
		       val(tb[A_QSTATS_QUEUE_ID]), val(tb[A_QSTATS_RX_PACKETS]),
		       val(tb[A_QSTATS_RX_BYTES]));
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	__u16 fam = 0;
	unsigned int ifindex;
	struct req r;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: xnif-qstats IFNAME\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "xnif-qstats: %s: no such device\n", argv[1]);
		return 2;
	}
	sock_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock_fd < 0 || bind(sock_fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("xnif-qstats: netlink socket");
		return 1;
	}

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, "netdev", sizeof("netdev"));
	if (talk(&r, family_id, &fam, "family netdev") || !fam) {
		fprintf(stderr, "xnif-qstats: no netdev netlink family\n");
		return 1;
	}

	req_init(&r, fam, CMD_QUEUE_GET, 1);
	put_u32(&r, A_QUEUE_IFINDEX, ifindex);
	err |= talk(&r, show_queue, NULL, "queue-get");

	req_init(&r, fam, CMD_NAPI_GET, 1);
	put_u32(&r, A_NAPI_IFINDEX, ifindex);
	err |= talk(&r, show_napi, NULL, "napi-get");

	req_init(&r, fam, CMD_QSTATS_GET, 1);
	put_u32(&r, A_QSTATS_IFINDEX, ifindex);
	put_u32(&r, A_QSTATS_SCOPE, QSTATS_SCOPE_QUEUE);
	err |= talk(&r, show_qstats, NULL, "qstats-get queue");

	req_init(&r, fam, CMD_QSTATS_GET, 1);
	put_u32(&r, A_QSTATS_IFINDEX, ifindex);
	err |= talk(&r, show_qstats, NULL, "qstats-get device");

	close(sock_fd);
	return err ? 1 : 0;
}
