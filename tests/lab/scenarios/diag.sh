# SPDX-License-Identifier: GPL-2.0
# diag: scripts/xen-net-diag names the side at fault and the reason, from
# dom0 and from the guest, for a healthy vif, a guest that stops taking
# packets and a backend that goes missing. (A frontend that breaks the
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
diag_stall() {
	local out
	xl pause "$DOMID"
	timeout 20 ping -f -s 1400 -w 15 "$DOMU_IP" >/dev/null 2>&1 &
	wait_for 20 carrier_off || { xl unpause "$DOMID"; echo "carrier stayed on"; return 1; }
	out=$(diag_dom0 "vif$DOMID.0")
	xl unpause "$DOMID"
	wait
	says "$out" 'stopped taking received packets' 'advice'
}

diag_stall_json() {
	says "$(diag_dom0 --json "vif$DOMID.0")" '"blame":"frontend"'
}

netback_gone() { ! netback_loaded; }

# rmmod the backend under a running guest: both sides must say so.
diag_missing_backend() {
	local d0 du
	timeout 60 rmmod xen-netback || { echo "rmmod xen-netback failed"; return 1; }
	rm -f /run/lab/netback
	sleep 3
	d0=$(diag_dom0 "vif$DOMID.0")
	du=$(diag_domu)
	says "$d0" 'xen-netback is not loaded' &&
		says "$du" 'no backend is serving eth0'
}

diag_main() {
	check backend-load netback_load "$BACK" rx_stall_timeout_msecs=2000 || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	check healthy diag_healthy
	check stalled-guest diag_stall
	check stalled-guest-json diag_stall_json
	check missing-backend diag_missing_backend
	cleanup_domus
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

diag_main
