# SPDX-License-Identifier: GPL-2.0
# install: issue #19, our drivers installed the way an admin installs
# them, and removed again.
#
# - dom0 installs xen-net-tools and the modules of xen-netdrivers-dkms
#   with dpkg -i (prebuilt by DKMS on the host as
#   xen-netdrivers-modules-<kernel>: tests/lab/host/debs.sh says why);
# - with a modprobe.d line holding every stock netback parameter,
#   "modprobe xen-netback" loads ours from updates/dkms, at the packages'
#   version, and accepts them all;
# - a guest whose /lib/modules dom0 assembles from its own (the guests run
#   dom0's kernel: what a guest with the same packages has) loads our
#   netfront by its device's modalias at boot, as udev does, no insmod;
# - identity.sh's checks on both sides (ethtool -i as stock's);
# - dpkg --purge: modprobe and the guest's modalias load stock again,
#   and ethtool -i says what stock says.

# Every module_param of stock 6.12's netback, at stock's defaults but
# for max_queues: an admin's modprobe.d written for stock.
STOCK_NB_OPTS="separate_tx_rx_irq=1 rx_drain_timeout_msecs=10000 rx_stall_timeout_msecs=60000 max_queues=2 fatal_skb_slots=20 hash_cache_size=64 provides_xdp_headroom=1"
# The guest's modprobe.d: stock's netfront parameters, the old name of
# our ring order and ring_layout_v2=1, the one guest-side parameter that
# turns layout v2 on (stock ignores both with a notice). switch needs
# it: a guest on v2 rings is what xen-net-switch must renegotiate before
# the stock backend takes over (its default classic one page is not).
GUEST_FE_OPTS="max_queues=2 trusted=1 max_ring_order=2 ring_layout_v2=1"
KREL=$(uname -r)
MODS_PKG=xen-netdrivers-modules-$KREL

IDENTITY_LIB=1
. "$LAB/scenarios/identity.sh"

# guest_initrd OUT: the lab's busybox userspace, kmod, and from dom0's
# /lib/modules/KREL every xen-netfront file with the module indexes
# depmod (run by the packages' scripts) wrote, plus a modprobe.d line.
guest_initrd() {
	local out=$1 st=/tmp/lab-guest-root m f
	m=/lib/modules/$KREL
	rm -rf "$st"
	mkdir -p "$st$m" "$st/etc/modprobe.d"
	cp "$m"/modules.* "$st$m/"
	for f in $(cd "$m" && find . -name 'xen-netfront.ko*'); do
		mkdir -p "$st$m/${f%/*}"
		cp "$m/$f" "$st$m/$f"
	done
	echo "options xen-netfront $GUEST_FE_OPTS" >"$st/etc/modprobe.d/lab.conf"
	{
		cat "$LAB/images/domu-base.cpio.gz" "$LAB/images/domu-kmod.cpio.gz"
		(cd "$st" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1)
	} >"$out"
	rm -rf "$st"
	echo "guest netfront files: $(cd "$m" && find . -name 'xen-netfront.ko*' | tr '\n' ' ')"
}

netback_out() {
	rm -f /run/lab/netback
	! netback_loaded || timeout 60 rmmod xen-netback
}

pkgs_install() {
	netback_out || return 1
	dpkg -i /lab/debs/xen-net-tools_*.deb "/lab/debs/${MODS_PKG}_"*.deb 2>&1 | tail -n 5
	dpkg-query -W -f='${Package} ${Version} ${Status}\n' xen-net-tools "$MODS_PKG" |
		tee /tmp/lab-pkgs
	[ "$(grep -c 'install ok installed' /tmp/lab-pkgs)" = 2 ] ||
		fail "dpkg -i left a package not installed"
	[ -x /usr/sbin/xen-net-switch ] || fail "no /usr/sbin/xen-net-switch"
}

# modprobe_ours: the stock configuration, a plain modprobe, ours loaded.
modprobe_ours() {
	local f v want
	echo "options xen-netback $STOCK_NB_OPTS" >/etc/modprobe.d/lab-stock.conf
	timeout 60 modprobe xen-netback || fail "modprobe xen-netback failed" || return 1
	f=$(modinfo -n xen-netback)
	v=$(cat /sys/module/xen_netback/version 2>/dev/null)
	want=$(dpkg-query -W -f='${Version}' "$MODS_PKG")-xennet
	echo "modinfo -n: $f; loaded version $v (package: $want)"
	case $f in "/lib/modules/$KREL/updates/"*) ;; *) fail "modinfo -n is not under updates/" || return 1 ;; esac
	[ "$v" = "$want" ] || fail "loaded version '$v', the package's is $want" || return 1
	module_origin ours xen-netback cat || return 1
	! kmsg_from "$SCEN" | grep -i 'xen_netback: unknown parameter' ||
		fail "a stock parameter was refused"
}

# modprobe_stock: after the purge, the same modprobe loads Debian's.
modprobe_stock() {
	netback_out || return 1
	timeout 60 modprobe xen-netback || fail "modprobe xen-netback failed" || return 1
	module_origin stock xen-netback cat
}

# guest_up FRONT: a guest from dom0's modules; its netfront came by
# modalias (the init's record), from the path modprobe resolves.
guest_up() {
	guest_initrd /run/lab/initrd-installed.gz || return 1
	DOMU_RAMDISK=/run/lab/initrd-installed.gz domu_start "lab-$SCEN" "$1" 2 || return 1
	dx "test ! -e /lib/modules/xen-netfront.ko" || fail "the guest carries the insmod path" || return 1
	dx "cat /tmp/lab-modload" | grep -qx 'modprobe xen:vif' ||
		fail "the netfront was not loaded by its modalias xen:vif" || return 1
	# Which file: the guest's modinfo is busybox's, which cannot look a
	# module up by name (check run 20261206-221813); domu_start has
	# judged the loaded module's origin by its taint.
	echo "guest: modalias xen:vif loaded xen-netfront"
}

# front_layout_v2: the guest's modprobe.d line's ring_layout_v2=1 took
# (the admin's one parameter for v2): our pair negotiated layout v2.
front_layout_v2() {
	# shellcheck disable=SC2034 # ring_layout_ok's
	local v2=1
	ring_layout_ok
}

pkgs_purge() {
	netback_out || return 1
	dpkg --purge xen-net-tools "$MODS_PKG" 2>&1 | tail -n 3
	! dpkg-query -W -f='${Status}\n' "$MODS_PKG" 2>/dev/null | grep -q 'ok installed' ||
		fail "$MODS_PKG still installed" || return 1
	[ -z "$(find "/lib/modules/$KREL/updates" -name 'xen-net*' 2>/dev/null)" ] ||
		fail "module files left under updates/" || return 1
	[ ! -e /usr/sbin/xen-net-switch ] || fail "xen-net-switch left behind"
}

install_main() {
	check packages-install pkgs_install || return 1
	check modprobe-loads-ours-stock-params modprobe_ours || return 1
	BACK=ours FRONT=ours
	check guest-modalias-loads-ours guest_up ours || return 1
	check vif-ethtool-i vif_drvinfo
	check eth0-ethtool-i eth0_drvinfo
	check front-max-ring-order-alias front_old_name
	check front-params-writable front_writable
	check front-ring-layout-v2-by-modprobe-d front_layout_v2
	check tcp tcp_ok tx 2
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	install_purge
}

# The purge and what must follow it: stock loads again on both sides and
# says what stock says.  Also the end of switch, which ran the install.
install_purge() {
	check packages-purge pkgs_purge || return 1
	check modprobe-loads-stock-after-purge modprobe_stock || return 1
	BACK=stock FRONT=stock
	check guest-modalias-loads-stock guest_up stock || return 1
	check vif-ethtool-i-stock vif_drvinfo
	check eth0-ethtool-i-stock eth0_drvinfo
	check tcp-stock tcp_ok tx 2
	# Stock's netfront names max_ring_order and ring_layout_v2 unknown
	# parameters.
	check domu-dmesg-clean-stock domu_kmsg_clean
	domu_stop "lab-$SCEN"
	rm -f /etc/modprobe.d/lab-stock.conf
	netback_out
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

[ "${INSTALL_LIB:-0}" = 1 ] || install_main
