# SPDX-License-Identifier: GPL-2.0
# demo: our pair next to the stock pair in the same boot, a 2-vCPU domU
# each: what they negotiated (queues, ring order, layout, split event
# channels), ethtool -l, -L and -S, TCP both ways, and with ours a
# failure xen-net-diag diagnoses (the backend driver unbound under the
# guest). Everything is printed as INFO lines for the host's report, each
# step with what it cost. Stock alone when ours is not built.

DIAG=$LAB/xen-net-diag
BACKDEV=/sys/bus/xen-backend/drivers/vif

# step TITLE CMD...: run CMD, its output as INFO lines, then its cost.
step() {
	local title=$1 t0 rc=0
	shift
	t0=$(date +%s)
	info ""
	info "== $title"
	"$@" >/tmp/lab-demo.step 2>&1 || rc=$?
	while IFS= read -r l; do info "   $l"; done </tmp/lab-demo.step
	info "   ($(( $(date +%s) - t0 )) s${rc:+$([ "$rc" = 0 ] || echo ", failed: status $rc")})"
	return "$rc"
}

key() { xenstore-read "$1" 2>/dev/null; }

# What the pair negotiated, from xenstore.
negotiated() {
	local be=/local/domain/0/backend/vif/$DOMID/0 fe=/local/domain/$DOMID/device/vif/0 q0 order layout
	q0=$fe
	[ -n "$(key "$fe/queue-0/tx-ring-ref")$(key "$fe/queue-0/tx-ring-ref0")" ] && q0=$fe/queue-0
	order=$(key "$fe/ring-page-order")
	layout=$(key "$fe/ring-layout")
	echo "queues             $(key "$fe/multi-queue-num-queues" || echo 1) (backend offers $(key "$be/multi-queue-max-queues" || echo 1))"
	echo "ring page order    ${order:-none, one page} (backend offers $(key "$be/max-ring-page-order" || echo none)): $((256 << ${order:-0})) slots at most per ring"
	echo "ring layout        $([ "$layout" = 2 ] && echo "v2 (producer and consumer indexes on their own cache lines)" || echo classic)"
	echo "split event chans  $([ -n "$(key "$q0/event-channel-tx")" ] && echo "yes (one for TX, one for RX)" || echo "no (one per queue)")"
	echo "dom0 vif$DOMID.0 queues $(ls -d "/sys/class/net/vif$DOMID.0/queues/tx-"* | wc -l), guest eth0 queues $(dx 'ls -d /sys/class/net/eth0/queues/tx-*' | grep -c tx-)"
}

channels() {
	echo "# ethtool -l eth0"
	dx "ethtool -l eth0" || return 0
	echo "# ethtool -L eth0 combined 1   (the guest renegotiates its queues with dom0)"
	dx "ethtool -L eth0 combined 1" || return 1
	wait_for 30 ping -c 1 -W 1 "$DOMU_IP" || return 1
	dx "ethtool -l eth0 | tail -n 5"
	dx "ethtool -L eth0 combined 2" || return 1
	wait_for 30 ping -c 1 -W 1 "$DOMU_IP"
	echo "# back to combined 2"
}

counters() {
	echo "# ethtool -S eth0 (guest), per-queue counters, first lines"
	dx "ethtool -S eth0" | head -n 12
	echo "# ethtool -S vif$DOMID.0 (dom0), first lines"
	ethtool -S "vif$DOMID.0" | head -n 8
}

# tcp PAIR: TCP both ways, 4 s each; the rates go to /run/lab/demo-PAIR.
tcp() {
	local tx rx
	tx=$(iperf_tcp tx 4) || tx=fail
	rx=$(iperf_tcp rx 4) || rx=fail
	echo "$tx $rx" >"/run/lab/demo-$1"
	echo "ping $(ping_rtt 10 || echo fail) ms   dom0->guest $tx Mbit/s   guest->dom0 $rx Mbit/s"
}

# A failure, diagnosed: the backend driver unbound under the guest.
failure() {
	echo "# echo vif-$DOMID-0 > $BACKDEV/unbind; xen-net-diag vif$DOMID.0"
	echo "vif-$DOMID-0" >"$BACKDEV/unbind" || return 1
	wait_for 10 test ! -e "/sys/class/net/vif$DOMID.0"
	sh "$DIAG" "vif$DOMID.0" 2>&1 | grep -E '^[a-z]|state|diagnosis|advice'
	echo "# following the advice: bind it again (then the hotplug script's work)"
	echo "vif-$DOMID-0" >"$BACKDEV/bind" || return 1
	wait_for 30 test -d "/sys/class/net/vif$DOMID.0" || return 1
	ip link set "vif$DOMID.0" master xenbr0 up
	xenstore-write "/local/domain/0/backend/vif/$DOMID/0/hotplug-status" connected
	wait_for 60 ping -c 1 -W 2 "$DOMU_IP" >/dev/null || { echo "the guest did not come back"; return 1; }
	sh "$DIAG" "vif$DOMID.0" 2>&1 | grep -E 'diagnosis'
}

pair_up() { # BACK FRONT
	BACK=$1 FRONT=$2
	netback_load "$1" max_queues=2 && domu_start lab-demo "$2" 2
}

demo_pair() { # BACK FRONT
	local b=$1 f=$2
	step "$b netback + $f netfront: dom0 loads the backend, a 2-vCPU guest boots" pair_up "$b" "$f" || return 1
	step "$b/$f: what they negotiated (xenstore)" negotiated
	step "$b/$f: queues at run time" channels
	step "$b/$f: counters" counters
	step "$b/$f: traffic (TCG: noisy, compare within this boot only)" tcp "$b-$f"
	[ "$b" = ours ] && step "$b/$f: a failure and what xen-net-diag says" failure
	domu_stop lab-demo
}

ratio() {
	local o s
	read -r o1 o2 <"/run/lab/demo-ours-ours" 2>/dev/null || return 0
	read -r s1 s2 <"/run/lab/demo-stock-stock" 2>/dev/null || return 0
	for o in "$o1 $s1 dom0->guest" "$o2 $s2 guest->dom0"; do
		set -- $o
		awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN {
			if (a + 0 > 0 && b + 0 > 0) printf "%s: ours %s / stock %s Mbit/s = %.2fx\n", d, a, b, a / b
			else printf "%s: no ratio (ours %s, stock %s)\n", d, a, b }'
	done
	echo "(one 4 s sample each; make bench gives medians of several)"
}

demo_main() {
	local b=stock f=stock
	[ "${HAVE_OURS_BACK:-0}" = 1 ] && b=ours
	[ "${HAVE_OURS_FRONT:-0}" = 1 ] && f=ours
	info "Xen $(xl info | sed -n 's/^xen_version *: *//p'), dom0 $(uname -r), 2-vCPU PV domUs, QEMU TCG"
	if [ "$b/$f" = stock/stock ]; then
		info "(our drivers are not built: this shows the stock pair only; make demo builds them)"
	else
		demo_pair "$b" "$f"
	fi
	demo_pair stock stock
	[ "$b/$f" = ours/ours ] && step "throughput, ours / stock, same boot" ratio
	true
}

demo_main
