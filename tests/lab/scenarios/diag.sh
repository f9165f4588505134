# SPDX-License-Identifier: GPL-2.0
# diag: scripts/xen-net-diag names the side at fault and the reason, in
# its one-line diagnosis and in its --json record, for the three faults
# users meet: a guest that stops taking packets, a frontend that breaks
# the protocol (tests/hostile's cross_page mode) and a backend driver that
# goes missing under a running guest (which must reconnect by itself when
# it comes back). Each fault must also show in its ethtool -S counter,
# and the backend's tracepoints must fire for the stall and the fatal.

DIAG=$LAB/xen-net-diag
HNAME=lab-diag-hostile
HMODE=cross_page
HREASON=bad_cross_page
TRACEFS=/sys/kernel/tracing

# Both print the report and then "exit N", the tool's exit status
# (0 healthy, 1 a problem found: xen-net-diag(8)).
diag_dom0() {
	sh "$DIAG" "$@" 2>&1
	echo "exit $?"
}

# The guest has no copy: ship it over the one-line command channel.
diag_domu() {
	dx "echo $(base64 -w0 <"$DIAG") | base64 -d >/tmp/diag && { sh /tmp/diag $*; echo exit \$?; }"
}

# says OUTPUT PATTERN...: every pattern is in the output, else show it.
says() {
	local out=$1 p
	shift
	for p in "$@"; do
		printf '%s\n' "$out" | grep -q -- "$p" || {
			printf '%s\n' "$out" | tail -n 12
			echo "diagnosis lacks '$p'"
			return 1
		}
	done
	printf '%s\n' "$out" | grep -E 'diagnosis|"blame"' | cut -c1-300
}

# counted DEV NAME: ethtool -S DEV has NAME (summed over queues) above 0.
counted() {
	local n
	n=$(ethtool -S "$1" | awk -v k="$2:" '$1 == k { s += $2 } END { print s + 0 }')
	echo "$1 $2 = $n"
	[ "$n" -gt 0 ]
}

# trace_on EVENT: start recording one xen_netback event, empty buffer.
trace_on() {
	[ -d "$TRACEFS/events" ] || mount -t tracefs nodev "$TRACEFS" || return 1
	echo 1 >"$TRACEFS/events/xen_netback/$1/enable" || return 1
	echo >"$TRACEFS/trace"
}

# traced EVENT PATTERN: the event fired with PATTERN in its record.
traced() {
	local hit
	hit=$(grep "$1: " "$TRACEFS/trace" | grep -- "$2" | tail -n 1)
	echo 0 >"$TRACEFS/events/xen_netback/$1/enable"
	[ -n "$hit" ] || { grep -v '^#' "$TRACEFS/trace" | tail -n 5; echo "no $1 event with '$2'"; return 1; }
	echo "${hit#*: }"
}

diag_healthy() {
	says "$(diag_dom0 "vif$DOMID.0")" 'diagnosis OK' '^exit 0$' &&
		says "$(diag_domu)" 'diagnosis OK' '^exit 0$'
}

carrier_off() { [ "$(cat "/sys/class/net/vif$DOMID.0/carrier")" = 0 ]; }

# (a) A paused guest takes nothing: its RX ring fills, the stall timer
# fires. Both reports are taken while it is paused; once it runs again the
# vif recovers and the diagnosis is OK again.
diag_stall() {
	local out
	trace_on xenvif_rx_stall || { echo "cannot enable xenvif_rx_stall"; return 1; }
	xl pause "$DOMID"
	timeout 20 ping -f -s 1400 -w 15 "$DOMU_IP" >/dev/null 2>&1 &
	wait_for 20 carrier_off || { xl unpause "$DOMID"; echo "carrier stayed on"; return 1; }
	out=$(diag_dom0 "vif$DOMID.0")
	diag_dom0 --json "vif$DOMID.0" >/run/lab/diag-stall.json
	xl unpause "$DOMID"
	wait
	says "$out" "vif$DOMID.0 (backend" 'diagnosis the guest stopped taking received packets' 'advice' '^exit 1$'
}

diag_stall_json() {
	says "$(cat /run/lab/diag-stall.json)" '"problem":"stall"' '"blame":"frontend"'
}

diag_stall_counter() { counted "vif$DOMID.0" q0_guest_rx_stalls; }

diag_stall_trace() { traced xenvif_rx_stall "vif$DOMID.0 q0: guest took nothing for"; }

hostile_vif() { echo "vif$(xl domid "$HNAME" 2>/dev/null).0"; }
hostile_disabled() { dmesg | grep -q "$(hostile_vif): frontend of domain .* broke the protocol"; }

# (b) A guest whose frontend sends a slot that leaves its page. The mode
# is in xenstore before the paused domain's frontend probes.
hostile_start() {
	local cfg=/run/lab/$HNAME.cfg hid key
	[ -e "$LAB/images/initrd-hostile.gz" ] || { echo "no hostile initramfs"; return 1; }
	hostile_domu_cfg "$HNAME" bridge=xenbr1,mac=00:16:3e:99:09:01 >"$cfg"
	trace_on xenvif_disable || { echo "cannot enable xenvif_disable"; return 1; }
	timeout 120 xl create -p "$cfg" >/tmp/lab-xl.out 2>&1 || { cat /tmp/lab-xl.out; return 1; }
	hid=$(xl domid "$HNAME")
	key=/local/domain/$hid/data/hostile-mode
	xenstore-write "$key" "$HMODE" && xenstore-chmod "$key" "n$hid" || return 1
	xl unpause "$hid"
	wait_for 180 hostile_disabled || { echo "$(hostile_vif) was never disabled"; return 1; }
	echo "domain $hid attacked with $HMODE"
}

diag_hostile() {
	local vif
	vif=$(hostile_vif)
	says "$(diag_dom0 "$vif")" "$vif (backend" "diagnosis the BACKEND disabled $vif: the guest's frontend broke the protocol" \
		"$HREASON" 'advice' '^exit 1$'
}

# Our backend keeps the reason in sysfs too, with the queue.
diag_hostile_json() {
	local out
	out=$(diag_dom0 --json "$(hostile_vif)")
	says "$out" '"problem":"fatal"' '"blame":"frontend"' "\"reason\":\"[^\"]*$HREASON" || return 1
	[ "$BACK" != ours ] || says "$out" "\"fatal_reason\":\"queue 0: $HREASON\""
}

diag_hostile_counter() { counted "$(hostile_vif)" "guest_tx_$HREASON"; }

diag_hostile_trace() { traced xenvif_disable "$(hostile_vif) domain [0-9]* q0: $HREASON"; }

hostile_stop() {
	timeout 60 xl destroy "$HNAME" >/dev/null 2>&1
	wait_for 30 sh -c "! xl domid $HNAME"
}

BACKDEV=/sys/bus/xen-backend/drivers/vif

# (c) The backend of the guest's second vif is unbound under it. The first
# vif carries the command channel, so the guest can be asked too.
eth1_up() {
	timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac=00:16:3e:99:09:02 || return 1
	wait_for 30 dx -t 5 "test -e /sys/class/net/eth1" || { echo "no eth1"; return 1; }
	dx "ip addr add $DOMU_IP1/24 dev eth1 && ip link set eth1 up" >/dev/null || return 1
	wait_for 30 ping -c 1 -W 1 "$DOMU_IP1"
}

diag_missing_backend() {
	local d0
	echo "vif-$DOMID-1" >"$BACKDEV/unbind" || return 1
	wait_for 10 test ! -e "/sys/class/net/vif$DOMID.1" || { echo "vif$DOMID.1 still there"; return 1; }
	d0=$(diag_dom0 "vif$DOMID.1")
	diag_dom0 --json "vif$DOMID.1" >/run/lab/diag-missing.json
	says "$d0" "diagnosis no backend driver is bound to vif-$DOMID-1" "advice    echo vif-$DOMID-1 > $BACKDEV/bind" '^exit 1$'
}

diag_missing_backend_json() {
	says "$(cat /run/lab/diag-missing.json)" '"problem":"no_driver"' '"blame":"backend"'
}

# The guest sees only silence: what it sends is never answered.
diag_missing_backend_guest() {
	dx "ping -c 2 -W 1 $DOM0_IP1" >/dev/null
	says "$(diag_domu eth1)" 'diagnosis no backend is serving eth1' '^exit 1$' &&
		says "$(diag_domu --json eth1)" '"problem":"backend_silent"' '"blame":"backend"'
}

# Bind it again: the frontend must reconnect by itself. The hotplug script
# ran once, at attach; do its work by hand.
diag_backend_returns() {
	echo "vif-$DOMID-1" >"$BACKDEV/bind" || return 1
	wait_for 30 test -d "/sys/class/net/vif$DOMID.1" || return 1
	ip link set "vif$DOMID.1" master xenbr1 up
	xenstore-write "/local/domain/0/backend/vif/$DOMID/1/hotplug-status" connected
	wait_for 60 ping -c 1 -W 2 "$DOMU_IP1" >/dev/null || { echo "no ping through eth1"; return 1; }
	says "$(diag_domu eth1)" 'diagnosis OK' '^exit 0$'
}

diag_main() {
	# One-page rings fill quickly, so the stall timer has something to see.
	check backend-load netback_load "$BACK" rx_stall_timeout_msecs=2000 \
		max_ring_page_order=0 || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	check healthy diag_healthy
	if check stalled-guest diag_stall; then
		check stalled-guest-json diag_stall_json
		check stalled-guest-counter diag_stall_counter
		[ "$BACK" = ours ] && check stalled-guest-trace diag_stall_trace
	fi
	if check hostile-frontend-up hostile_start; then
		check hostile-frontend diag_hostile
		check hostile-frontend-json diag_hostile_json
		check hostile-frontend-counter diag_hostile_counter
		[ "$BACK" = ours ] && check hostile-frontend-trace diag_hostile_trace
	fi
	hostile_stop
	if check second-vif eth1_up && check missing-backend diag_missing_backend; then
		check missing-backend-json diag_missing_backend_json
		check missing-backend-guest diag_missing_backend_guest
		check backend-returns diag_backend_returns
	fi
	cleanup_domus
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

diag_main
