// SPDX-License-Identifier: GPL-2.0
/*
 * Toeplitz hash, see toeplitz.h. A 64-bit window slides over the key one
 * input byte at a time, so each input bit costs a shift and, when set, an
 * XOR.
 */
#include "toeplitz.h"

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
