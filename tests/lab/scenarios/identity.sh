# SPDX-License-Identifier: GPL-2.0
# identity: issue #19, what users and their configurations match on.
# Run it alone:
#   scripts/lab run identity [--back ours|stock] [--front ours|stock]
# In 'scripts/lab check' its checks run inside 'install' (which sources
# this file with IDENTITY_LIB=1), on the packaged drivers, ours and then
# stock after the purge.
#
# - the backend loads with every stock parameter on its command line,
#   and our netfront with stock's and the old max_ring_order name;
# - ethtool -i on the vif and on eth0 says driver "vif" and the xenbus
#   device as bus-info (vif-D-0, vif-0), as stock does; the version field
#   is ours (0.2-xennet) or, for stock, the kernel release; ours also
#   carry the version in /sys/module/*/version;
# - netfront's max_queues and trusted are writable, as stock's;
# - traffic flows with all of that in place.

# Every module_param of stock 6.12's netback, at stock's defaults but for
# max_queues.
STOCK_NB="separate_tx_rx_irq=1 rx_drain_timeout_msecs=10000 rx_stall_timeout_msecs=60000 max_queues=2 fatal_skb_slots=20 hash_cache_size=64 provides_xdp_headroom=1"

# drvinfo_is OUTPUT BUS VARIANT KREL: ethtool -i's lines as stock's, the
# version ours or the kernel release.
drvinfo_is() {
	local out=$1 bus=$2 variant=$3 krel=$4 v
	echo "$out"
	echo "$out" | grep -qx 'driver: vif' || { fail "driver is not vif"; return; }
	echo "$out" | grep -qx "bus-info: $bus" || { fail "bus-info is not $bus"; return; }
	v=$(echo "$out" | sed -n 's/^version: //p')
	case $variant in
	ours) case $v in *xennet*) ;; *) fail "version '$v' is not ours"; return ;; esac ;;
	*) [ "$v" = "$krel" ] || { fail "version '$v' is not the kernel release $krel"; return; } ;;
	esac
}

vif_drvinfo() { drvinfo_is "$(ethtool -i "vif$DOMID.0")" "vif-$DOMID-0" "$BACK" "$(uname -r)"; }
eth0_drvinfo() { drvinfo_is "$(dx ethtool -i eth0)" vif-0 "$FRONT" "$(dx uname -r)"; }

back_version() {
	cat /sys/module/xen_netback/version 2>/dev/null | grep -q xennet ||
		fail "no xennet version in /sys/module/xen_netback/version"
}

# Our netfront took max_ring_order=2 under its old name.
front_old_name() {
	dx cat /sys/module/xen_netfront/parameters/max_ring_page_order | grep -qx 2 ||
		fail "max_ring_order=2 did not set max_ring_page_order"
}

# max_queues and trusted writable, as in stock.
front_writable() {
	local p
	for p in max_queues trusted; do
		dx "test -w /sys/module/xen_netfront/parameters/$p" ||
			{ fail "$p is not writable"; return; }
	done
}

identity_main() {
	local fe="max_queues=2:trusted=1"
	[ "$FRONT" = ours ] && fe="$fe:max_ring_order=2"
	# shellcheck disable=SC2086 # one parameter a word
	check backend-load-stock-params netback_load "$BACK" $STOCK_NB || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 2 "$fe" || return 1
	check vif-ethtool-i vif_drvinfo
	check eth0-ethtool-i eth0_drvinfo
	[ "$BACK" = ours ] && check backend-module-version back_version
	if [ "$FRONT" = ours ]; then
		check front-max-ring-order-alias front_old_name
		check front-params-writable front_writable
	fi
	check tcp tcp_ok tx 2
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

[ "${IDENTITY_LIB:-0}" = 1 ] || identity_main
