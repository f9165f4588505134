/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The release of this project, shared by both modules: modinfo's
 * "version" and the "version" field of ethtool -i. Stock modules have no
 * modinfo version and ethtool -i shows them with the kernel release, so
 * "xennet" in the version tells ours apart. packaging (dkms.conf,
 * debian/changelog) carries the same number; tests/deb/run checks that.
 */
#ifndef XNIF_VERSION_H
#define XNIF_VERSION_H

#define XNIF_RELEASE	"0.2"
#define XNIF_VERSION	XNIF_RELEASE "-xennet"

/* What stock reports in ethtool -i: the xenbus driver's name. */
#define XNIF_ETHTOOL_DRIVER	"vif"

#endif /* XNIF_VERSION_H */
