// SPDX-License-Identifier: GPL-2.0
/*
 * Control-ring request checks, see ctrl_validate.h. The hash mapping was
 * the subject of XSA-270 (off + len wrapped and the copy overran the
 * table): every bound here is stated without an addition that can wrap.
 */
#include "ctrl_validate.h"
#include "negotiate.h"

u32 xnif_ctrl_check_algorithm(u32 alg)
{
	if (alg == XEN_NETIF_CTRL_HASH_ALGORITHM_NONE ||
	    alg == XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ)
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
}

u32 xnif_ctrl_check_flags(u32 flags, u32 alg)
{
	if (flags & ~XNIF_HASH_TYPES_ALL)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	if (alg == XEN_NETIF_CTRL_HASH_ALGORITHM_NONE)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

u32 xnif_ctrl_check_key_len(u32 len)
{
	if (len > XNIF_HASH_KEY_SIZE)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

u32 xnif_ctrl_check_mapping_size(u32 size)
{
	if (size > XNIF_HASH_MAPPING_SIZE)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

u32 xnif_ctrl_check_mapping_range(u32 off, u32 len, u32 size)
{
	if (size > XNIF_HASH_MAPPING_SIZE || len > size || off > size - len)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	/* The entries come from a single granted page. */
	if (len > XNIF_PAGE_SIZE / sizeof(u32))
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

u32 xnif_ctrl_check_mapping_entries(const u32 *entry, unsigned int n,
				    unsigned int num_queues)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (entry[i] >= num_queues)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}
