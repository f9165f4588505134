# SPDX-License-Identifier: GPL-2.0
# diag: scripts/xen-net-diag names the side at fault and the reason, from
# dom0 and from the guest, for a healthy vif, a guest that stops taking
# packets and a backend that goes missing (and comes back: the guest must
# reconnect by itself). (A frontend that breaks the
# protocol is covered by the hostile scenario.)

DIAG=$LAB/xen-net-diag

diag_dom0() { sh "$DIAG" "$@" 2>&1; }

# The guest has no copy: ship it over the one-line command channel.
diag_domu() {
	dx "echo $(base64 -w0 <"$DIAG") | base64 -d >/tmp/diag && sh /tmp/diag $*"
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
}

diag_healthy() {
	says "$(diag_dom0 "vif$DOMID.0")" 'diagnosis OK' &&
		says "$(diag_domu)" 'diagnosis OK'
}

carrier_off() { [ "$(cat "/sys/class/net/vif$DOMID.0/carrier")" = 0 ]; }

# A paused guest takes nothing: its RX ring fills, the stall timer fires.
# Both reports are taken while it is paused; once it runs again the vif
# recovers and the diagnosis is OK again.
diag_stall() {
	local out
	xl pause "$DOMID"
	timeout 20 ping -f -s 1400 -w 15 "$DOMU_IP" >/dev/null 2>&1 &
	wait_for 20 carrier_off || { xl unpause "$DOMID"; echo "carrier stayed on"; return 1; }
	out=$(diag_dom0 "vif$DOMID.0")
	diag_dom0 --json "vif$DOMID.0" >/run/lab/diag-stall.json
	xl unpause "$DOMID"
	wait
	says "$out" 'stopped taking received packets' 'advice'
}

diag_stall_json() {
	says "$(cat /run/lab/diag-stall.json)" '"blame":"frontend"'
}

BACKDEV=/sys/bus/xen-backend/drivers/vif

# Unbind the backend from a running guest's device: both sides must say
# that nothing serves it.
diag_missing_backend() {
	local d0 du
	echo "vif-$DOMID-0" >"$BACKDEV/unbind" || return 1
	sleep 3
	d0=$(diag_dom0 "vif$DOMID.0")
	du=$(diag_domu)
	says "$d0" 'no backend driver is bound' &&
		says "$du" 'no backend is serving eth0'
}

# Bind it again: the frontend must reconnect by itself. The hotplug script
# ran once, at attach; do its bridge work by hand.
diag_backend_returns() {
	echo "vif-$DOMID-0" >"$BACKDEV/bind" || return 1
	wait_for 30 test -d "/sys/class/net/vif$DOMID.0" || return 1
	ip link set "vif$DOMID.0" master xenbr0 up
	wait_for 60 ping -c 1 -W 2 "$DOMU_IP" >/dev/null &&
		says "$(diag_domu)" 'diagnosis OK'
}

diag_main() {
	# One-page rings fill quickly, so the stall timer has something to see.
	check backend-load netback_load "$BACK" rx_stall_timeout_msecs=2000 \
		max_ring_page_order=0 || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	check healthy diag_healthy
	check stalled-guest diag_stall
	check stalled-guest-json diag_stall_json
	check missing-backend diag_missing_backend &&
		check backend-returns diag_backend_returns
	cleanup_domus
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

diag_main
