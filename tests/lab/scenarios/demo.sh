# SPDX-License-Identifier: GPL-2.0
# demo: our drivers (where built) in a 2-vCPU domU, with what they
# negotiated, then the same measurements with the stock pair in the same
# boot.  Everything is printed as INFO lines for the host's report.

show_xenstore() { # TITLE PATH
	local n
	info ""
	info "$1 ($2):"
	xenstore-ls -f "$2" 2>/dev/null | sed "s|^$2/||" | grep -vE '^(script|frontend|backend|hotplug-status|online|handle|frontend-id|backend-id) ' |
		grep -vE -- '-ring-ref[1-9][0-9]* ' |
		while IFS= read -r l; do info "    $l"; done
	# Multi-page rings list one grant per page: show the first of each.
	n=$(xenstore-ls -f "$2" 2>/dev/null | grep -cE -- '-ring-ref[1-9][0-9]* ')
	[ "$n" -gt 0 ] && info "    ($n further per-page ring-refN keys not shown)"
	true
}

# Ring size: multi-page rings advertise an order key; without one each ring
# is a single 4 KiB page (256 slots).
ring_summary() {
	local keys order
	keys=$( (xenstore-ls -f "/local/domain/0/backend/vif/$DOMID/0"
		xenstore-ls -f "/local/domain/$DOMID/device/vif/0") 2>/dev/null |
		grep -iE 'order|ring-pages|ring-size' | sed 's|^/local/domain/||' | tr '\n' ' ')
	order=$(xenstore-read "/local/domain/$DOMID/device/vif/0/ring-page-order" 2>/dev/null)
	[ -n "$order" ] && keys="$keys=> $((1 << order)) pages, $((256 << order)) slots per ring"
	echo "${keys:-no ring order keys: one page per ring, 256 slots}"
}

measure() { # LABEL
	local rtt tx rx
	rtt=$(ping_rtt 10) || rtt=fail
	tx=$(iperf_tcp tx 4) || tx=fail
	rx=$(iperf_tcp rx 4) || rx=fail
	info "$(printf '  %-22s ping %6s ms   dom0->domU %7s Mbit/s   domU->dom0 %7s Mbit/s' "$1" "$rtt" "$tx" "$rx")"
}

demo_pair() { # BACK FRONT
	BACK=$1 FRONT=$2
	netback_load "$1" || { info "cannot load $1 netback"; return 1; }
	domu_start lab-demo "$2" 2 >/tmp/lab-demo.out 2>&1 || {
		info "domU with $2 netfront did not come up: $(tail -n 1 /tmp/lab-demo.out)"
		return 1
	}
}

demo_main() {
	local b=stock f=stock
	[ "${HAVE_OURS_BACK:-0}" = 1 ] && b=ours
	[ "${HAVE_OURS_FRONT:-0}" = 1 ] && f=ours
	info "Xen $(xl info | sed -n 's/^xen_version *: *//p'), dom0 $(uname -r), 2-vCPU PV domU, QEMU TCG"
	info "backend: $b xen-netback, frontend: $f xen-netfront"
	if demo_pair $b $f; then
		show_xenstore "backend (dom0) keys" "/local/domain/0/backend/vif/$DOMID/0"
		show_xenstore "frontend (domU) keys" "/local/domain/$DOMID/device/vif/0"
		info ""
		info "queues: domU $(dx 'ls -d /sys/class/net/eth0/queues/tx-*' | grep -c tx-), dom0 vif$DOMID.0 $(ls -d /sys/class/net/vif$DOMID.0/queues/tx-* | wc -l)"
		info "rings: $(ring_summary)"
		info "ethtool -l eth0 (domU):"
		dx "ethtool -l eth0" | while IFS= read -r l; do info "    $l"; done
		info ""
		info "measurements (median-free single runs; TCG makes them noisy):"
		measure "$b back + $f front"
		domu_stop lab-demo
	fi
	if [ "$b/$f" != stock/stock ] && demo_pair stock stock; then
		measure "stock back + stock front"
		domu_stop lab-demo
	fi
	[ "$b/$f" = stock/stock ] && info "(our drivers are not built yet: this shows the stock pair)"
	true
}

demo_main
