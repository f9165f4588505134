// SPDX-License-Identifier: GPL-2.0
/*
 * Control-ring requests as a hostile guest may send them (XSA-270 was an
 * out-of-bounds write through SET_HASH_MAPPING): a mapping range accepted
 * lies inside the table, and accepted entries all name a real queue.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "ctrl_validate.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u32 v[4], entry[XNIF_HASH_MAPPING_SIZE];
	unsigned int n, i, queues;

	if (size < sizeof(v) + 1)
		return 0;
	memcpy(v, data, sizeof(v));
	queues = data[sizeof(v)];
	data += sizeof(v) + 1;
	size -= sizeof(v) + 1;

	if (xnif_ctrl_check_mapping_size(v[0]) == XEN_NETIF_CTRL_STATUS_SUCCESS &&
	    v[0] > XNIF_HASH_MAPPING_SIZE)
		abort();
	if (xnif_ctrl_check_mapping_range(v[1], v[2], v[0]) ==
	    XEN_NETIF_CTRL_STATUS_SUCCESS && (u64)v[1] + v[2] > v[0])
		abort();
	if (xnif_ctrl_check_key_len(v[3]) == XEN_NETIF_CTRL_STATUS_SUCCESS &&
	    v[3] > XNIF_HASH_KEY_SIZE)
		abort();
	xnif_ctrl_check_algorithm(v[3]);
	xnif_ctrl_check_flags(v[2], v[3]);

	n = size / sizeof(u32);
	if (n > XNIF_HASH_MAPPING_SIZE)
		n = XNIF_HASH_MAPPING_SIZE;
	memcpy(entry, data, n * sizeof(u32));
	if (xnif_ctrl_check_mapping_entries(entry, n, queues) ==
	    XEN_NETIF_CTRL_STATUS_SUCCESS)
		for (i = 0; i < n; i++)
			if (entry[i] >= queues)
				abort();
	return 0;
}
