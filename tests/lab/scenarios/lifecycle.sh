# SPDX-License-Identifier: GPL-2.0
# lifecycle: backend reload with no guest, the ring layout the pair
# negotiated (classic between ours unless v2=1), hot attach/detach cycles, xl
# save/restore with traffic afterwards, xl destroy under traffic, and at the
# end no leftover vifs or backend nodes and clean kernel logs.

ATTACH_MAC=00:16:3e:99:01:02

netback_reload() {
	netback_load "$BACK" || return 1
	timeout 60 rmmod xen-netback || { echo "rmmod failed"; return 1; }
	rm -f /run/lab/netback
	netback_load "$BACK" || return 1
	echo "$BACK netback unloaded and loaded again"
}

domu_has_eth1() { dx -t 5 "test -e /sys/class/net/eth1"; }
domu_lacks_eth1() { dx -t 5 "test ! -e /sys/class/net/eth1"; }
dom0_vif_count() { ls /sys/class/net | grep -c "^vif$DOMID\."; }
one_vif() { [ "$(dom0_vif_count)" = 1 ]; }

attach_cycles() {
	local i=1
	while [ "$i" -le "$1" ]; do
		timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac=$ATTACH_MAC ||
			fail "cycle $i: xl network-attach failed" || return 1
		wait_for 30 domu_has_eth1 || fail "cycle $i: no eth1 in the domU" || return 1
		dx "ip addr add $DOMU_IP1/24 dev eth1 && ip link set eth1 up" >/dev/null ||
			fail "cycle $i: cannot configure eth1" || return 1
		ip neigh flush dev xenbr1 2>/dev/null
		wait_for 20 ping -c 1 -W 1 "$DOMU_IP1" ||
			fail "cycle $i: no ping through the attached vif" || return 1
		timeout 60 xl network-detach "$DOMID" $ATTACH_MAC ||
			fail "cycle $i: xl network-detach failed" || return 1
		wait_for 30 domu_lacks_eth1 || fail "cycle $i: eth1 still in the domU" || return 1
		wait_for 30 one_vif || fail "cycle $i: vif still in dom0: $(vifs)" || return 1
		echo "cycle $i ok"
		i=$((i + 1))
	done
}

save_restore() {
	local img=/var/tmp/lab-save.img name=lab-$SCEN
	timeout 300 xl save "$name" "$img" >/dev/null || fail "xl save failed" || return 1
	echo "saved ($(du -m "$img" | cut -f1) MiB)"
	timeout 300 xl restore "$img" >/dev/null || fail "xl restore failed" || return 1
	rm -f "$img"
	DOMID=$(xl domid "$name")
	wait_for 60 ping -c 1 -W 1 "$DOMU_IP" || fail "no ping after restore" || return 1
	wait_for 30 dx -t 5 true || fail "command channel dead after restore" || return 1
	echo "restored as domain $DOMID"
}

# vif_bytes: bytes through the guest's vif so far, both directions.
vif_bytes() {
	local d=/sys/class/net/vif$DOMID.0/statistics
	echo $(($(cat "$d/rx_bytes") + $(cat "$d/tx_bytes")))
}

# xl destroy while iperf3 runs (the domU's one iperf3 server takes one
# test at a time: dom0 sends, the guest ACKs); the vif must have moved at least
# 64 KiB in the last second before the destroy, or there was no traffic
# to destroy the guest under.
destroy_under_traffic() {
	local bg a b
	iperf3 -c "$DOMU_IP" -t 60 -P 2 --connect-timeout 5000 >/dev/null 2>&1 &
	bg=$!
	sleep 4
	a=$(vif_bytes)
	sleep 1
	b=$(vif_bytes)
	echo "vif$DOMID.0 moved $((b - a)) bytes in the second before the destroy"
	if [ $((b - a)) -lt 65536 ] || ! kill -0 "$bg" 2>/dev/null; then
		kill "$bg" 2>/dev/null
		wait "$bg" 2>/dev/null
		echo "no traffic was flowing when the destroy was due"
		return 1
	fi
	timeout 60 xl destroy "lab-$SCEN" || fail "xl destroy failed" || return 1
	wait_for 30 no_vifs || fail "vifs left after destroy: $(vifs)" || return 1
	kill "$bg" 2>/dev/null
	wait "$bg" 2>/dev/null
	echo "destroyed during traffic, vif gone"
}

nothing_left() {
	local be
	be=$(xenstore-list /local/domain/0/backend/vif 2>/dev/null | tr '\n' ' ')
	echo "vifs: '$(vifs)' backend nodes: '$be'"
	no_vifs && [ -z "$be" ]
}

lifecycle_main() {
	check netback-reload-no-guest netback_reload || return 1
	untrusted_start
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	# Classic between our drivers unless the plan asks for v2 (v2=1).
	check ring-layout ring_layout_ok
	check "attach-detach-$CYCLES-cycles" attach_cycles "$CYCLES"
	check save-restore save_restore
	check ping-after-restore ping_dom0_to_domu
	check tcp-after-restore tcp_ok tx 2
	check tcp-rx-after-restore tcp_ok rx 2
	untrusted_checks
	check domu-dmesg-clean domu_kmsg_clean
	check destroy-during-traffic destroy_under_traffic
	check no-leftover-vifs nothing_left
	check netback-reload-after-guests netback_reload
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

lifecycle_main
