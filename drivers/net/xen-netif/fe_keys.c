// SPDX-License-Identifier: GPL-2.0
/*
 * The frontend's xenstore write set and what it removes (fe_keys.h).
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include <xen/interface/io/netif.h>

#include "fe_keys.h"

/* Features every connect announces. */
static const char *const xnif_fe_features[] = {
	XEN_NETIF_KEY_REQUEST_RX_COPY,
	XEN_NETIF_KEY_FEATURE_RX_NOTIFY,
	XEN_NETIF_KEY_FEATURE_SG,
	XEN_NETIF_KEY_FEATURE_IPV6_CSUM,
};

/*
 * GSO the backend may send us, also announced on every connect: their
 * value says whether we take it (not while single-buffer XDP runs).
 */
static const char *const xnif_fe_rx_gso[] = {
	XEN_NETIF_KEY_FEATURE_GSO_TCPV4,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV6,
};

/*
 * Frontend keys of the protocol that we never write: another frontend
 * driver may have left them (a control ring of one that hashed), and
 * the backend would act on them. xdp-headroom is ours when the backend
 * offers it; when it does not, it is removed like these.
 */
static const char *const xnif_fe_never[] = {
	XEN_NETIF_KEY_XDP_HEADROOM,
	XEN_NETIF_KEY_CTRL_RING_REF,
	XEN_NETIF_KEY_EVTCHN_CTRL,
	XEN_NETIF_KEY_REQUEST_MCAST_CTRL,
	XEN_NETIF_KEY_FEATURE_NO_CSUM,
};

struct xnif_fe_dev_key {
	enum xnif_fe_key_kind kind;
	const char *name;
};

/* The device directory's own keys for this connect, in write order. */
static unsigned int xnif_fe_dev_keys(const struct xnif_fe_keys *k,
				     struct xnif_fe_dev_key *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(xnif_fe_features); i++)
		out[n++] = (struct xnif_fe_dev_key){ XNIF_FE_KEY_FEATURE,
						     xnif_fe_features[i] };
	for (i = 0; i < ARRAY_SIZE(xnif_fe_rx_gso); i++)
		out[n++] = (struct xnif_fe_dev_key){ XNIF_FE_KEY_RX_GSO,
						     xnif_fe_rx_gso[i] };
	if (k->be_multi_queue)
		out[n++] = (struct xnif_fe_dev_key){ XNIF_FE_KEY_NUM_QUEUES,
						     XEN_NETIF_KEY_NUM_QUEUES };
	/* Even order 0 and classic: nothing of an earlier connect stays. */
	if (k->be_multi_page)
		out[n++] = (struct xnif_fe_dev_key){
			XNIF_FE_KEY_RING_ORDER, XEN_NETIF_KEY_RING_PAGE_ORDER };
	if (k->be_layout_v2)
		out[n++] = (struct xnif_fe_dev_key){
			XNIF_FE_KEY_RING_LAYOUT, XEN_NETIF_KEY_RING_LAYOUT };
	/* Written 0 without a program: no headroom of an earlier one stays. */
	if (k->be_xdp_headroom)
		out[n++] = (struct xnif_fe_dev_key){
			XNIF_FE_KEY_XDP_HEADROOM, XEN_NETIF_KEY_XDP_HEADROOM };
	return n;
}

#define XNIF_FE_DEV_KEYS_MAX	(ARRAY_SIZE(xnif_fe_features) + \
				 ARRAY_SIZE(xnif_fe_rx_gso) + 4)

/* Ring-reference keys per ring: one flat key, or one per page. */
static unsigned int xnif_fe_refs(const struct xnif_fe_keys *k)
{
	return k->order ? 1U << k->order : 1U;
}

static unsigned int xnif_fe_queue_keys(const struct xnif_fe_keys *k)
{
	return 2 * xnif_fe_refs(k) + (k->split_evtchn ? 2 : 1);
}

static const char *xnif_fe_ref_name(const struct xnif_fe_keys *k, bool tx,
				    unsigned int page, char *buf, size_t len)
{
	if (!k->order)
		return tx ? XEN_NETIF_KEY_TX_RING_REF :
			    XEN_NETIF_KEY_RX_RING_REF;
	snprintf(buf, len, tx ? XEN_NETIF_KEY_TX_RING_REF_FMT :
				XEN_NETIF_KEY_RX_RING_REF_FMT, page);
	return buf;
}

bool xnif_fe_key_get(const struct xnif_fe_keys *k, unsigned int idx,
		     struct xnif_fe_key *key)
{
	struct xnif_fe_dev_key dev[XNIF_FE_DEV_KEYS_MAX];
	unsigned int ndev = xnif_fe_dev_keys(k, dev);
	unsigned int refs = xnif_fe_refs(k), per_q = xnif_fe_queue_keys(k);
	char name[24];
	const char *leaf;
	unsigned int r;

	memset(key, 0, sizeof(*key));
	if (idx < ndev) {
		key->kind = dev[idx].kind;
		strscpy(key->path, dev[idx].name, sizeof(key->path));
		return true;
	}
	idx -= ndev;
	if (!k->queues || idx / per_q >= k->queues)
		return false;
	key->queue = idx / per_q;
	r = idx % per_q;
	if (r < 2 * refs) {
		key->kind = r < refs ? XNIF_FE_KEY_TX_REF : XNIF_FE_KEY_RX_REF;
		key->page = r % refs;
		leaf = xnif_fe_ref_name(k, r < refs, key->page, name,
					sizeof(name));
	} else if (!k->split_evtchn) {
		key->kind = XNIF_FE_KEY_EVTCHN;
		leaf = XEN_NETIF_KEY_EVTCHN;
	} else if (r == 2 * refs) {
		key->kind = XNIF_FE_KEY_EVTCHN_TX;
		leaf = XEN_NETIF_KEY_EVTCHN_TX;
	} else {
		key->kind = XNIF_FE_KEY_EVTCHN_RX;
		leaf = XEN_NETIF_KEY_EVTCHN_RX;
	}
	if (k->queues == 1)
		strscpy(key->path, leaf, sizeof(key->path));
	else
		snprintf(key->path, sizeof(key->path),
			 XEN_NETIF_KEY_QUEUE_DIR_FMT "/%s", key->queue, leaf);
	return true;
}

/*
 * A decimal number with no sign and no leading zero, ending at the end of
 * s or at stop; returns the character after it, or NULL.
 */
static const char *xnif_fe_number(const char *s, char stop, unsigned int *v)
{
	const char *p = s;

	*v = 0;
	if (*p == '0' && p[1] && p[1] != stop)
		return NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (*v > (UINT_MAX - 9) / 10)
			return NULL;
		*v = *v * 10 + (*p - '0');
	}
	if (p == s || (*p && *p != stop))
		return NULL;
	return p;
}

/* name ends its path: a key of one queue, in the device dir or queue-<n>/. */
static enum xnif_fe_key_verdict xnif_fe_queue_key(const struct xnif_fe_keys *k,
						  const char *name)
{
	static const char tx[] = XEN_NETIF_KEY_TX_RING_REF;
	static const char rx[] = XEN_NETIF_KEY_RX_RING_REF;
	const char *rest = NULL;
	unsigned int page;

	if (!strcmp(name, XEN_NETIF_KEY_EVTCHN))
		return k->split_evtchn ? XNIF_FE_KEY_REMOVE : XNIF_FE_KEY_WRITE;
	if (!strcmp(name, XEN_NETIF_KEY_EVTCHN_TX) ||
	    !strcmp(name, XEN_NETIF_KEY_EVTCHN_RX))
		return k->split_evtchn ? XNIF_FE_KEY_WRITE : XNIF_FE_KEY_REMOVE;
	if (!strncmp(name, tx, sizeof(tx) - 1))
		rest = name + sizeof(tx) - 1;
	else if (!strncmp(name, rx, sizeof(rx) - 1))
		rest = name + sizeof(rx) - 1;
	if (!rest)
		return XNIF_FE_KEY_FOREIGN;
	if (!*rest)
		return k->order ? XNIF_FE_KEY_REMOVE : XNIF_FE_KEY_WRITE;
	/* tx-ring-ref<page>: ours whatever the number, written if in range. */
	if (!xnif_fe_number(rest, '\0', &page))
		return *rest >= '0' && *rest <= '9' ? XNIF_FE_KEY_REMOVE :
						      XNIF_FE_KEY_FOREIGN;
	return k->order && page < xnif_fe_refs(k) ? XNIF_FE_KEY_WRITE :
						    XNIF_FE_KEY_REMOVE;
}

enum xnif_fe_key_verdict xnif_fe_key_verdict(const struct xnif_fe_keys *k,
					     const char *path)
{
	struct xnif_fe_dev_key dev[XNIF_FE_DEV_KEYS_MAX];
	static const char qdir[] = "queue-";
	unsigned int i, n, q;
	enum xnif_fe_key_verdict v;
	const char *p;

	if (!strncmp(path, qdir, sizeof(qdir) - 1)) {
		p = xnif_fe_number(path + sizeof(qdir) - 1, '/', &q);
		if (!p)
			return XNIF_FE_KEY_FOREIGN;
		if (k->queues < 2 || q >= k->queues)
			return XNIF_FE_KEY_REMOVE;
		if (!*p)
			return XNIF_FE_KEY_WRITE;
		/* netback takes a queue's own order over the device's. */
		if (!strcmp(p + 1, XEN_NETIF_KEY_RING_PAGE_ORDER))
			return XNIF_FE_KEY_REMOVE;
		return xnif_fe_queue_key(k, p + 1);
	}
	if (strchr(path, '/'))
		return XNIF_FE_KEY_FOREIGN;

	n = xnif_fe_dev_keys(k, dev);
	for (i = 0; i < n; i++)
		if (!strcmp(path, dev[i].name))
			return XNIF_FE_KEY_WRITE;
	if (!strcmp(path, XEN_NETIF_KEY_NUM_QUEUES) ||
	    !strcmp(path, XEN_NETIF_KEY_RING_PAGE_ORDER) ||
	    !strcmp(path, XEN_NETIF_KEY_RING_LAYOUT))
		return XNIF_FE_KEY_REMOVE;
	for (i = 0; i < ARRAY_SIZE(xnif_fe_never); i++)
		if (!strcmp(path, xnif_fe_never[i]))
			return XNIF_FE_KEY_REMOVE;

	v = xnif_fe_queue_key(k, path);
	/* Flat queue keys belong to a one-queue connect only. */
	if (v == XNIF_FE_KEY_WRITE && k->queues != 1)
		return XNIF_FE_KEY_REMOVE;
	return v;
}
