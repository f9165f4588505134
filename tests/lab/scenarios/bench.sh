# SPDX-License-Identifier: GPL-2.0
# bench: ours vs stock on each side, all in this one boot.  For every
# available (backend, frontend) pair and queue count it boots a domU and
# emits raw samples as "RESULT BENCH key=value ..." lines; the host turns
# them into medians, ratios, a markdown table and a CSV.
#
# Plan keys: runs= (samples per metric), secs= (seconds per iperf3 run),
# queues= (space-free list, e.g. 1 or 1+4).
#
# Backend "ours-map" is ours with tx_zerocopy=1: guest TX by grant map
# instead of grant copy, measured with one queue next to the copying one.
# Backend "ours-classic" is ours with ring_layout_v2=0, against our
# frontend only (a stock one never uses v2): the classic ring layout next
# to v2 with the same two drivers, one queue.
# BENCH_BACKS, BENCH_FRONTS and BENCH_QUEUES (from LAB_BENCH_BACKS etc.)
# replace the lists, for experiments: a backend "ours:k=v:k=v" is ours
# loaded with those parameters, measured with every listed frontend.

: "${runs:=${BENCH_RUNS:-5}}" "${secs:=${BENCH_SECS:-5}}" "${queues:=1+4}"

# counters PREFIX IFACE: "events packets" for one side.
counters_dom0() {
	local ev pk
	ev=$(irq_per_queue "vif$DOMID.0" </proc/interrupts | awk '{ s += $2 } END { print s + 0 }')
	pk=$(($(cat "/sys/class/net/vif$DOMID.0/statistics/rx_packets") + $(cat "/sys/class/net/vif$DOMID.0/statistics/tx_packets")))
	echo "$ev $pk"
}
counters_domu() {
	local ev pk
	ev=$(dx cat /proc/interrupts | irq_per_queue "$FE_IRQ_RE" | awk '{ s += $2 } END { print s + 0 }')
	pk=$(dx "echo \$((\$(cat /sys/class/net/eth0/statistics/rx_packets) + \$(cat /sys/class/net/eth0/statistics/tx_packets)))")
	echo "$ev $pk"
}
# The guest's TX notifications as dom0 takes them: interrupts of the vif's
# TX channels (or its one shared channel) and the packets it sent.
counters_guest_tx() {
	local ev pk
	ev=$(awk -v p="^vif${DOMID}[.]0-q[0-9]+(-tx)?\$" '$NF ~ p {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i
	} END { print s + 0 }' /proc/interrupts)
	pk=$(cat "/sys/class/net/vif$DOMID.0/statistics/rx_packets")
	echo "$ev $pk"
}
# per_packet "EV0 PK0" "EV1 PK1": events per packet between two snapshots.
per_packet() {
	echo "$1 $2" | awk '{ p = $4 - $2; if (p > 0) printf "%.3f\n", ($3 - $1) / p; else print "nan" }'
}

# One TCP run with notification accounting on both sides.
tcp_sample() { # DIR TAG NQ
	local d0a d0b ua ub ga gb v
	d0a=$(counters_dom0)
	ua=$(counters_domu)
	ga=$(counters_guest_tx)
	v=$(iperf_tcp "$1" "$secs" -P "$3") || { echo "tcp $1 failed: $v"; return 1; }
	gb=$(counters_guest_tx)
	d0b=$(counters_dom0)
	ub=$(counters_domu)
	bench "$2 metric=tcp_$1_mbps value=$v"
	bench "$2 metric=evpp_dom0_tcp_$1 value=$(per_packet "$d0a" "$d0b")"
	bench "$2 metric=evpp_domu_tcp_$1 value=$(per_packet "$ua" "$ub")"
	bench "$2 metric=gtxpp_tcp_$1 value=$(per_packet "$ga" "$gb")"
}

# 64-byte UDP from the guest, with its TX notifications.
udp_rx_sample() { # TAG
	local ga gb v
	ga=$(counters_guest_tx)
	v=$(iperf_udp rx "$secs") || { echo "$v"; return 1; }
	gb=$(counters_guest_tx)
	bench "$1 metric=udp64_rx_pps value=$v"
	bench "$1 metric=gtxpp_udp_rx value=$(per_packet "$ga" "$gb")"
}

# Request/response rate: pings back to back, one outstanding (ping -A),
# replies per second. Each reply is a lone guest TX packet.
ping_rr() {
	ping -q -A -c 200 -W 2 "$DOMU_IP" 2>&1 | awk '/transmitted/ {
		for (i = 1; i <= NF; i++) if ($i == "received,") r = $(i - 1)
		t = $NF; sub("ms", "", t)
		if (t > 0) { printf "%.0f\n", r * 1000 / t; ok = 1 }
	} END { exit !ok }'
}

# bfail NAME REASON: a measurement that could not be taken is a failure,
# not a gap in the table.
bfail() {
	emit "RESULT FAIL lab/$SCEN/$1: $2"
	touch /run/lab/failed
}

bench_pair() { # BACK FRONT NQ
	local tag="back=$1 front=$2 q=$3" r=1 v p=$1-$2-q$3
	check "$p-domu-boot" domu_start "lab-bench" "$2" "$3" || return 1
	check "$p-ring-layout" ring_layout_ok
	check "$p-ring-page-order" ring_order_ok
	# Every pair, ours-map's grant mapping above all, must deliver the
	# bytes it was given, both ways: a fast corrupting pair is a failure.
	check "$p-sha256-dom0-to-domu" xfer_to_domu 2
	check "$p-sha256-domu-to-dom0" xfer_from_domu 2
	while [ "$r" -le "$runs" ]; do
		v=$(tcp_sample tx "$tag run=$r" "$3") || bfail "$p-tcp-dom0-to-domu" "run $r: $v"
		v=$(tcp_sample rx "$tag run=$r" "$3") || bfail "$p-tcp-domu-to-dom0" "run $r: $v"
		if [ "$3" = 1 ]; then
			if v=$(iperf_udp tx "$secs"); then
				bench "$tag run=$r metric=udp64_tx_pps value=$v"
			else
				bfail "$p-udp-dom0-to-domu" "run $r: $v"
			fi
			v=$(udp_rx_sample "$tag run=$r") || bfail "$p-udp-domu-to-dom0" "run $r: $v"
			if v=$(ping_rtt 20); then
				bench "$tag run=$r metric=ping_rtt_ms value=$v"
			else
				bfail "$p-ping-rtt" "run $r: no ping reply"
			fi
			if v=$(ping_rr); then
				bench "$tag run=$r metric=ping_rr_per_s value=$v"
			else
				bfail "$p-ping-rr" "run $r: ping -A got no reply"
			fi
		fi
		r=$((r + 1))
	done
	domu_stop lab-bench
}

bench_loopback() {
	local r=1 v
	iperf3 -s -D -p 5211
	sleep 1
	while [ "$r" -le "$runs" ]; do
		v=$(timeout $((secs + 30)) iperf3 -c 127.0.0.1 -p 5211 -t "$secs" -f m |
			awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }')
		[ -n "$v" ] && bench "back=dom0 front=loopback q=1 run=$r metric=tcp_tx_mbps value=$v"
		r=$((r + 1))
	done
}

bench_main() {
	local b f q v backs fronts
	backs=stock
	fronts=stock
	[ "${HAVE_OURS_BACK:-0}" = 1 ] && backs="stock ours ours-classic ours-map"
	[ "${HAVE_OURS_FRONT:-0}" = 1 ] && fronts="stock ours"
	[ -n "${BENCH_BACKS:-}" ] && backs=$BENCH_BACKS
	[ -n "${BENCH_FRONTS:-}" ] && fronts=$BENCH_FRONTS
	[ -n "${BENCH_QUEUES:-}" ] && queues=$BENCH_QUEUES
	info "bench: runs=$runs secs=$secs queues=$queues backends: $backs; frontends: $fronts"
	bench_loopback
	for b in $backs; do
		v=$(netback_load "$b" "$(BACK=$b mq_param "$b")=4") || { bfail "$b-backend-load" "$(echo "$v" | tail -n 1)"; continue; }
		for f in $fronts; do
			q=$queues
			[ "$b" = ours-map ] && q=1
			if [ "$b" = ours-classic ]; then
				[ "$f" = ours ] || continue
				q=1
			fi
			for q in $(echo "$q" | tr '+' ' '); do
				BACK=$b FRONT=$f bench_pair "$b" "$f" "$q"
			done
		done
	done
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

bench_main
