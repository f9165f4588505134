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

/*
 * The Toeplitz hash, see ctrl_validate.h. A 64-bit window slides over the
 * key one input byte at a time, so each input bit costs a shift and, when
 * set, an XOR.
 */
static u8 xnif_key_byte(const u8 *key, unsigned int key_len, unsigned int i)
{
	return i < key_len ? key[i] : 0;
}

u32 xnif_toeplitz(const u8 *key, unsigned int key_len,
		  const u8 *data, unsigned int len)
{
	u64 window = 0;
	u32 hash = 0;
	unsigned int i, bit;

	/* The window holds key bits [8i, 8i + 64) while byte i is hashed. */
	for (i = 0; i < 8; i++)
		window = window << 8 | xnif_key_byte(key, key_len, i);

	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++)
			if (data[i] & (0x80 >> bit))
				hash ^= (u32)(window >> (32 - bit));
		window = window << 8 | xnif_key_byte(key, key_len, i + 8);
	}
	return hash;
}
