/* SPDX-License-Identifier: GPL-2.0 */
/* The GSO bits from the logic's shim, the skb model from glue.h. */
#include_next <linux/skbuff.h>
#include <glue.h>
