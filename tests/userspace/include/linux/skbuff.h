/* SPDX-License-Identifier: GPL-2.0 */
/* Only the GSO type bits the protocol maps to and from (values as in 6.12). */
#ifndef _SHIM_LINUX_SKBUFF_H
#define _SHIM_LINUX_SKBUFF_H

#include <linux/bits.h>

#define SKB_GSO_TCPV4	BIT(0)
#define SKB_GSO_TCPV6	BIT(4)

#endif
