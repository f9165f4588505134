/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of control-ring requests (hash configuration), on local copies of
 * the request words. Each returns a XEN_NETIF_CTRL_STATUS_* value, which
 * the backend sends back as is.
 */
#ifndef _XEN_NETIF_CTRL_VALIDATE_H
#define _XEN_NETIF_CTRL_VALIDATE_H

#include <linux/types.h>

#include <xen/interface/io/netif.h>

/* Largest Toeplitz key the backend keeps, in bytes. */
#define XNIF_HASH_KEY_SIZE		40
/* Largest hash-to-queue mapping table the backend keeps, in entries. */
#define XNIF_HASH_MAPPING_SIZE		128

/* Every hash type the backend can compute. */
#define XNIF_HASH_TYPES_ALL	(XEN_NETIF_CTRL_HASH_TYPE_IPV4 |	\
				 XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP |	\
				 XEN_NETIF_CTRL_HASH_TYPE_IPV6 |	\
				 XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)

u32 xnif_ctrl_check_algorithm(u32 alg);
u32 xnif_ctrl_check_flags(u32 flags, u32 alg);
u32 xnif_ctrl_check_key_len(u32 len);
u32 xnif_ctrl_check_mapping_size(u32 size);

/*
 * SET_HASH_MAPPING: len entries from offset off of a table of size
 * entries, copied from one granted page. Overflow-safe in off + len.
 */
u32 xnif_ctrl_check_mapping_range(u32 off, u32 len, u32 size);

/* Every entry of a new mapping must name an existing queue. */
u32 xnif_ctrl_check_mapping_entries(const u32 *entry, unsigned int n,
				    unsigned int num_queues);

/*
 * The Toeplitz hash a frontend selects over the control ring
 * (XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ), as Microsoft's RSS defines it:
 * for every set bit of the input, most significant first, XOR in the 32
 * key bits that start at that bit's position. Key bits past the end of
 * the key count as zero.
 */
u32 xnif_toeplitz(const u8 *key, unsigned int key_len,
		  const u8 *data, unsigned int len);

#endif /* _XEN_NETIF_CTRL_VALIDATE_H */
