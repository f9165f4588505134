// SPDX-License-Identifier: GPL-2.0
/*
 * Extra-info chains as a peer may write them: collection never accepts a
 * type twice or an unknown type, never grows past one segment per type,
 * and a GSO segment it parses is one it could have written itself.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "extras.h"

static void check_gso(const struct xen_netif_extra_info *seg)
{
	struct xen_netif_extra_info again = {};
	unsigned int type;

	if (xnif_gso_parse(seg, &type))
		return;
	if (xnif_gso_fill(&again, seg->u.gso.size, type) ||
	    again.u.gso.size != seg->u.gso.size ||
	    again.u.gso.type != seg->u.gso.type)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_netif_extra_info seg;
	struct xnif_extras x;
	int ret;

	xnif_extras_init(&x);
	for (; size >= sizeof(seg); data += sizeof(seg), size -= sizeof(seg)) {
		memcpy(&seg, data, sizeof(seg));
		check_gso(&seg);
		ret = xnif_extras_add(&x, &seg);
		if (ret < 0)
			break;
		if (!xnif_extras_has(&x, seg.type) ||
		    memcmp(xnif_extras_get(&x, seg.type), &seg, sizeof(seg)))
			abort();
		if (x.count > XNIF_EXTRAS_MAX)
			abort();
		if (!ret)
			break;
	}
	if (xnif_extras_get(&x, XEN_NETIF_EXTRA_TYPE_NONE))
		abort();
	return 0;
}
