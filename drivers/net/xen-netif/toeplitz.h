/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Toeplitz hash a frontend selects over the control ring
 * (XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ), as Microsoft's RSS defines it:
 * for every set bit of the input, most significant first, XOR in the 32
 * key bits that start at that bit's position. Key bits past the end of
 * the key count as zero.
 */
#ifndef _XEN_NETIF_TOEPLITZ_H
#define _XEN_NETIF_TOEPLITZ_H

#include <linux/types.h>

u32 xnif_toeplitz(const u8 *key, unsigned int key_len,
		  const u8 *data, unsigned int len);

#endif /* _XEN_NETIF_TOEPLITZ_H */
