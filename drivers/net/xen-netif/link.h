/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the toolstack says about a vif's link: its MTU and the speed the
 * guest should report. Both values come from xenstore, where a guest may
 * be able to write them too, so each is parsed once and bounded here; the
 * drivers only apply the result. Pure: no Xen calls, run by KUnit.
 */
#ifndef _XEN_NETIF_LINK_H
#define _XEN_NETIF_LINK_H

#include <linux/ethtool.h>
#include <linux/types.h>

/*
 * An MTU from xenstore must lie between IPv4's minimum and the largest
 * size a 16-bit request size field describes.
 */
#define XNIF_MTU_MIN		68U
#define XNIF_MTU_MAX		65535U
/* Without scatter-gather a frame travels in one 4 KiB slot. */
#define XNIF_MTU_NO_SG		1500U

/*
 * Speed reported when the toolstack gives none, in Mb/s: 100 Gb/s, what
 * Windows PV drivers assume, so that guests of both kinds on one host say
 * the same, and a figure no PV link exceeds, so that utilisation computed
 * by monitoring tools stays below 100%.
 */
#define XNIF_SPEED_DEFAULT	100000U

/*
 * Parse the toolstack's "mtu" value. Returns 0, -EINVAL for anything but a
 * decimal number, or -ERANGE outside XNIF_MTU_MIN..XNIF_MTU_MAX.
 */
int xnif_parse_mtu(const char *s, unsigned int *mtu);

/* The MTU a peer can take: mtu, or at most 1500 without scatter-gather. */
unsigned int xnif_fit_mtu(unsigned int mtu, bool sg);

/*
 * Parse a "speed" value ("<n>[G|M|K]", bits per second, G when no unit)
 * into Mb/s. Returns 0, -EINVAL when malformed, or -ERANGE when the
 * result is below 1 Mb/s or above what ethtool can report (INT_MAX).
 */
int xnif_parse_speed(const char *s, u32 *mbps);

/*
 * A PV link has no autonegotiation, no medium and no half duplex: report
 * the speed, full duplex and nothing else.
 */
static inline void xnif_link_ksettings(struct ethtool_link_ksettings *cmd,
				       u32 mbps)
{
	cmd->base.speed = mbps;
	cmd->base.duplex = DUPLEX_FULL;
	cmd->base.port = PORT_OTHER;
	cmd->base.autoneg = AUTONEG_DISABLE;
}

#endif /* _XEN_NETIF_LINK_H */
