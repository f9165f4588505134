#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lab's dom0 init, run from the payload disk by the image's stub init.
# Starts the minimum Xen toolstack by hand (much faster than systemd under
# TCG), creates the bridges, then runs every line of /lab/plan as one
# scenario with a time limit, and powers the machine off.
export PATH=/usr/lib/xen-4.17/bin:/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin
export LAB=/lab
. "$LAB/dom0/lib.sh"

early_mounts() {
	mount -t tmpfs -o mode=755 run /run
	mount -t tmpfs tmp /tmp
	mkdir -p /dev/pts /dev/shm /run/xen /run/xenstored /run/lab /var/tmp/lab
	mount -t devpts devpts /dev/pts
	ln -sfn /run /var/run 2>/dev/null || true
	mkdir -p /var/run/xen /var/run/xenstored /var/log/xen/console /var/lib/xen
	hostname lab-dom0
	ip link set lo up
}

start_xen_toolstack() {
	local m
	for m in xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd bridge; do
		modprobe "$m" || log "modprobe $m failed"
	done
	mount -t xenfs xenfs /proc/xen
	xenstored --pid-file /run/xenstored.pid
	wait_for 20 test -S /run/xenstored/socket || log "xenstored socket missing"
	xen-init-dom0 >/dev/console 2>&1 || log "xen-init-dom0 failed"
	xenconsoled --log=guest --log-dir=/var/log/xen/console \
		--pid-file=/run/xenconsoled.pid
}

make_bridges() {
	# STP off and no forwarding delay: a new vif must pass traffic at once.
	ip link add xenbr0 type bridge stp_state 0 forward_delay 0
	ip addr add "$DOM0_IP/24" dev xenbr0
	ip link set xenbr0 up
	ip link add xenbr1 type bridge stp_state 0 forward_delay 0
	ip addr add "$DOM0_IP1/24" dev xenbr1
	ip link set xenbr1 up
}

# Every ping opens a socket with SO_TIMESTAMP, which switches a static key
# in the receive path on for its life; the last one closing patches the
# kernel's text again.  Under TCG that patching raced with the other vCPU
# receiving packets and oopsed dom0 (int3 in __netif_receive_skb_core).
# One timestamping socket held for the whole boot keeps the key on.
hold_netstamp_key() {
	ping -q -i 30 127.0.0.1 >/dev/null 2>&1 &
}

# The first TCP connection of a boot draws the kernel's TCP secrets
# (net_get_random_once), each call site then patching its static key out
# of the kernel's text. Under TCG that patching raced with the other vCPU
# taking a SYN and oopsed dom0 (int3 in secure_tcp_seq_and_ts_off, seen
# in an interop-stock-stock cell). One loopback connection each way per
# address family, while nothing else runs, does the patching now.
draw_tcp_secrets() {
	local addr srv
	for addr in 127.0.0.1 ::1; do
		timeout 30 iperf3 -s -1 -B "$addr" -p 5399 >/dev/null 2>&1 &
		srv=$!
		sleep 1
		timeout 20 iperf3 -c "$addr" -p 5399 -t 1 >/dev/null 2>&1 ||
			log "loopback TCP to $addr failed; TCP secrets drawn later"
		wait "$srv"
	done
}

run_plan() {
	local line name limit
	while read -r line; do
		case $line in '' | '#'*) continue ;; esac
		name=${line%% *}
		limit=$(scenario_limit "$name" "$line")
		log "=== scenario: $line (limit ${limit}s)"
		# Each scenario runs in its own shell so a hung step is cut by the
		# limit and cannot take the following scenarios with it.
		# shellcheck disable=SC2086
		rm -f /run/lab/failed
		timeout -k 10 "$limit" sh "$LAB/dom0/run-scenario.sh" $line ||
			{ log "scenario $name ended with status $?"; touch /run/lab/failed; }
		cleanup_domus
		if [ -e /run/lab/failed ]; then
			dump_guest_consoles
		else
			rm -f /var/log/xen/console/guest-*.log
		fi
	done <"$LAB/plan"
}

early_mounts
find_result_port
log "dom0 up: $(uname -r), $(cat /proc/uptime | cut -d' ' -f1)s since boot"
start_xen_toolstack
make_bridges
hold_netstamp_key
no_syncookies
draw_tcp_secrets
xl info | grep -E '^(xen_version|nr_cpus|free_memory)' >/dev/console 2>&1
emit "RESULT BOOTED xen=$(xl info | sed -n 's/^xen_version *: *//p') kernel=$(uname -r)"
run_plan
emit "RESULT DONE"
sync
sleep 1
echo o >/proc/sysrq-trigger
# PID 1 must not exit while the power-off work runs, or the kernel panics.
while :; do sleep 10; done
