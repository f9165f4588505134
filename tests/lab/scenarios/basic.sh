# SPDX-License-Identifier: GPL-2.0
# basic: one domU with the selected backend and frontend.  Ping, TCP and a
# checksummed file each way, the file again over IPv6 with its offloads,
# then the same pings at MTU 1500 and 9000. Before the traffic, the ring
# layout and ring-page-order the pair negotiated (lib.sh).

set_mtu() { # MTU: on the vif, the bridge and the domU's eth0
	ip link set "vif$DOMID.0" mtu "$1" &&
		ip link set xenbr0 mtu "$1" &&
		dx "ip link set eth0 mtu $1" &&
		dx "cat /sys/class/net/eth0/mtu" | grep -qx "$1"
}

basic_main() {
	check backend-load netback_load "$BACK" || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	# Classic between our drivers unless the plan asks for v2 (v2=1).
	check ring-layout ring_layout_ok
	check ring-page-order ring_order_ok
	traffic_checks 3 4
	ipv6_checks 2
	# Largest unfragmented ICMP payloads: MTU - 20 (IP) - 8 (ICMP), so the
	# 9000 pings are 9000-byte IP packets, above any 8 KiB boundary.
	check mtu1500-ping-dom0-to-domu ping_dom0_to_domu 1472
	check mtu1500-ping-domu-to-dom0 ping_domu_to_dom0 1472
	if check mtu9000-set set_mtu 9000; then
		check mtu9000-ping-dom0-to-domu ping_dom0_to_domu 8972
		check mtu9000-ping-domu-to-dom0 ping_domu_to_dom0 8972
		check mtu9000-tcp-dom0-to-domu tcp_ok tx 2
		set_mtu 1500
	fi
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

basic_main
