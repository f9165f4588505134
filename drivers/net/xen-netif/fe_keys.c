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
	XEN_NETIF_KEY_FEATURE_GSO_TCPV4,
	XEN_NETIF_KEY_FEATURE_GSO_TCPV6,
	XEN_NETIF_KEY_FEATURE_IPV6_CSUM,
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
	return n;
}

#define XNIF_FE_DEV_KEYS_MAX	(ARRAY_SIZE(xnif_fe_features) + 3)

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
 * Today's rule, kept as it was in the glue: what is written is ours,
 * nothing is ever removed.
 */
enum xnif_fe_key_verdict xnif_fe_key_verdict(const struct xnif_fe_keys *k,
					     const char *path)
{
	struct xnif_fe_key key;
	unsigned int i;

	for (i = 0; xnif_fe_key_get(k, i, &key); i++)
		if (!strcmp(key.path, path))
			return XNIF_FE_KEY_WRITE;
	return XNIF_FE_KEY_FOREIGN;
}
