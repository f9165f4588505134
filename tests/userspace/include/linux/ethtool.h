/* SPDX-License-Identifier: GPL-2.0 */
/* The part of the link settings the pure logic fills in. */
#ifndef _SHIM_LINUX_ETHTOOL_H
#define _SHIM_LINUX_ETHTOOL_H

#include <linux/types.h>

#define DUPLEX_FULL		0x01
#define PORT_OTHER		0xff
#define AUTONEG_DISABLE		0x00

struct ethtool_link_ksettings {
	struct {
		u32 speed;
		u8 duplex;
		u8 port;
		u8 autoneg;
	} base;
};

#endif
