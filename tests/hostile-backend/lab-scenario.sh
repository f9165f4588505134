# SPDX-License-Identifier: GPL-2.0
# Lab scenario for xen-netback-hostile (sourced by the lab's dom0
# run-scenario.sh, like tests/lab/scenarios/*.sh). To run it, put it in
# the lab as tests/lab/scenarios/hostile_backend.sh, add the name to
# plan_lines in scripts/lab, copy xen-netback-hostile.ko into the payload's
# ko/ directory (tests/lab/host/run.sh: payload_build) and run
#   scripts/lab run hostile_backend --back stock --front ours
# Optional plan keys: HB_MODES=mode:reason,... (default: every mode),
# HB_VERBOSE=1 (full ethtool -S of the attacked vif).
#
# Each round attaches a second vif on xenbr1 served by netback, unbinds
# netback from it and binds xen-netback-hostile instead, which tells one
# lie three seconds after the frontend is connected. The guest must stay
# up, eth0 must keep working, eth1 must name the lie in its log.
HB_MAC=00:16:3e:99:01:02
HB_DEV=
hb_sys=/sys/bus/xen-backend/drivers

eth1_up() { dx -t 5 "test -e /sys/class/net/eth1"; }
eth1_gone() { dx -t 5 "test ! -e /sys/class/net/eth1"; }
fe1_state() { xenstore-read /local/domain/$DOMID/device/vif/1/state 2>/dev/null; }
fe1_connected() { [ "$(fe1_state)" = 4 ]; }

hb_swap() { # MODE: attach eth1 on netback, then hand it to the hostile backend
	printf %s "$1" >/sys/module/xen_netback_hostile/parameters/mode
	timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac=$HB_MAC || fail "attach failed" || return 1
	wait_for 30 eth1_up || fail "no eth1" || return 1
	dx "ip addr add $DOMU_IP1/24 dev eth1; ip link set eth1 up" >/dev/null
	wait_for 30 fe1_connected || fail "eth1 did not connect to netback"
	HB_DEV=vif-$DOMID-1
	echo "$HB_DEV" >$hb_sys/vif/unbind || return 1
	echo "$HB_DEV" >$hb_sys/vif-hostile/bind || fail "hostile bind failed" || return 1
	wait_for 30 fe1_connected || fail "eth1 did not connect to the hostile backend (state $(fe1_state))"
	echo "eth1 on the hostile backend, lie '$1'"
}

hb_round() { # MODE REASON: the lie, then what eth1 must report
	hb_swap "$1" || return 1
	sleep 5
	# Give TX lies a request to answer.
	dx "ping -c 3 -W 1 -I eth1 $DOM0_IP1" >/dev/null 2>&1
	sleep 3
	dx "dmesg | grep -E 'eth1|g\\.e\\.' | tail -n 4"
	[ -n "${HB_VERBOSE:-}" ] && dx "grep eth1 /proc/interrupts; ethtool -S eth1; ip -s link show eth1"
	dx "ethtool -S eth1 | grep -E 'broken|rejected|bounce' | grep -v ': 0\$'"
	dx -t 5 true || fail "guest command channel (eth0) died" || return 1
	[ -z "$2" ] || dx "dmesg | grep eth1 | grep -q -- '$2'" || fail "eth1 did not report $2"
}

hb_detach() {
	if ! timeout 60 xl network-detach "$DOMID" $HB_MAC; then
		# A backend that never closes makes libxl give up; the guest
		# must not care. It goes last: xl destroy clears it.
		[ "$1" = no_close ] && { echo "libxl gave up, as it should"; return 0; }
		fail "detach failed" || return 1
	fi
	wait_for 30 eth1_gone || fail "eth1 still there" || return 1
	echo "eth1 detached"
}

hb_ping0() { wait_for 10 ping -c 1 -W 1 "$DOMU_IP"; }

hostile_main() {
	local m r
	check backend-load netback_load "$BACK" || return 1
	check hostile-load insmod "$LAB/ko/xen-netback-hostile.ko" || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	local modes="rx_prod:bad_rsp_prod rx_bad_size:rx_bad_size rx_bad_id:rx_bad_id
		 rx_endless:rx_too_many_slots rx_grant_in_use:grant_in_use
		 tx_bad_id:tx_bad_id tx_dup:tx_not_in_flight
		 tx_bad_status:tx_bad_status tx_grant_in_use:grant_in_use evt_storm:
		 no_close:"
	[ -n "${HB_MODES:-}" ] && modes=$(echo "$HB_MODES" | tr , ' ')
	for m in $modes; do
		r=${m#*:}
		m=${m%%:*}
		check "$m" hb_round "$m" "$r"
		check "$m-eth0-alive" hb_ping0
		check "$m-detach" hb_detach "$m"
	done
	check tcp-after-all tcp_ok tx 2
	dx "dmesg | grep -E 'WARNING|BUG|Oops' | head"
	domu_stop "lab-$SCEN"
	rmmod xen-netback-hostile
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}
hostile_main
