# SPDX-License-Identifier: GPL-2.0
# multiqueue: a 4-vCPU domU and a backend capped at 4 queues.  Checks the
# negotiated count, ethtool -l/-L (only our netfront has channel ops: on
# a stock frontend those run and are expected to fail), the ring layout
# and order on those queues (layout v2 between our drivers with the plan
# key v2=1), traffic on every queue and one backend kthread per queue.

NQ=4

domu_queues() { dx "ls -d /sys/class/net/eth0/queues/tx-*" | grep -c tx-; }

queues_are() {
	local xs fe be
	xs=$(xenstore-read "/local/domain/$DOMID/device/vif/0/multi-queue-num-queues" 2>/dev/null)
	fe=$(domu_queues)
	be=$(ls -d "/sys/class/net/vif$DOMID.0/queues/tx-"* 2>/dev/null | wc -l)
	echo "xenstore multi-queue-num-queues=${xs:-unset} domU tx queues=$fe vif tx queues=$be"
	[ "${xs:-1}" = "$1" ] && [ "$fe" = "$1" ] && [ "$be" = "$1" ]
}

ethtool_combined() { # current "Combined" count from ethtool -l
	dx "ethtool -l eth0" | tee /dev/stderr |
		awk '/Current hardware/ { c = 1 } c && /Combined:/ { print $2; exit }'
}

ethtool_l_is() {
	local n
	n=$(ethtool_combined 2>&1 | tail -n 1)
	echo "ethtool -l eth0 current combined: $n"
	[ "$n" = "$1" ]
}

kthreads_are() {
	local re n
	re=$(kthread_re "$DOMID" 0)
	n=$(ps -e -o comm= | grep -cE "$re")
	ps -e -o comm= | grep -E "^vif$DOMID\." | sort | tr '\n' ' '
	echo
	echo "$n threads match '$re' (want $1)"
	[ "$n" = "$1" ]
}

# Our backend binds each queue's thread to its own CPU (spread_threads=1):
# every thread may run on one CPU only, and together they use as many
# CPUs as there are queues, or all of dom0's.
threads_spread() {
	local re pid comm cpus all='' n want
	re=$(kthread_re "$DOMID" 0)
	while read -r pid comm; do
		echo "$comm" | grep -qE "$re" || continue
		cpus=$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")
		echo "$comm (pid $pid): cpus $cpus"
		case $cpus in *[,-]*) return 1 ;; esac
		all="$all $cpus"
	done <<-EOF
	$(ps -e -o pid=,comm=)
	EOF
	n=$(echo "$all" | tr ' ' '\n' | grep . | sort -u | wc -l)
	want=$(nproc)
	[ "$NQ" -lt "$want" ] && want=$NQ
	echo "threads on $n distinct CPUs (want $want)"
	[ "$n" = "$want" ]
}

# eth_queue_counts TX RX: "QUEUE TX RX" from ethtool -S on stdin, for
# the per-queue counters q<N>_<TX> and q<N>_<RX>.
eth_queue_counts() {
	awk -v t="$1" -v r="$2" '{ k = $1; sub(":$", "", k) }
		k ~ ("^q[0-9]+_" t "$") { q = substr(k, 2) + 0; tx[q] = $2; seen[q] = 1 }
		k ~ ("^q[0-9]+_" r "$") { q = substr(k, 2) + 0; rx[q] = $2; seen[q] = 1 }
		END { for (q in seen) print q, tx[q] + 0, rx[q] + 0 }' | sort -n
}

# irq_rcv_per_queue REGEX DIR: "QUEUE TX RX" from /proc/interrupts on
# stdin, with only direction DIR (tx or rx) counted from the queue's
# <REGEX>-q<N>-DIR event channel (or its one shared channel) and the
# other "-".  Only the receiving side's channel says packets moved: the
# backend's -tx channel fires for the guest's TX requests, the guest's
# -rx channel for RX responses; the other two (TX completions, RX
# refills) may stay quiet while packets flow.
irq_rcv_per_queue() {
	awk -v p="$1" -v d="$2" '$NF ~ ("^(" p ")-q[0-9]+(-tx|-rx)?$") {
		s = $NF
		sub("^(" p ")-q", "", s)
		q = s + 0
		seen[q] = 1
		if (s ~ /-(tx|rx)$/ && s !~ ("-" d "$")) next
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n[q] += $i
	} END { for (q in seen) print q, (d == "tx") ? n[q] + 0 : "-", (d == "rx") ? n[q] + 0 : "-" }' | sort -n
}

# side_counts dom0|domu: "QUEUE TX RX" per queue, TX and RX as the guest
# sees them, "-" where this side cannot tell.  Our drivers count packets
# per queue (ethtool -S: the backend's q<N>_guest_tx_packets and
# q<N>_guest_rx_packets, the frontend's q<N>_tx_packets/q<N>_rx_packets);
# a stock driver has no per-queue counters, so its side is read from the
# interrupts of the queue's receiving channel.
side_counts() {
	case $1/$BACK/$FRONT in
	dom0/ours/*) ethtool -S "vif$DOMID.0" | eth_queue_counts guest_tx_packets guest_rx_packets ;;
	dom0/*) irq_rcv_per_queue "vif$DOMID.0" tx </proc/interrupts ;;
	domu/*/ours) dx "ethtool -S eth0" | eth_queue_counts tx_packets rx_packets ;;
	domu/*) dx cat /proc/interrupts | irq_rcv_per_queue "$FE_IRQ_RE" rx ;;
	esac
}
side_how() { # dom0|domu: what side_counts reads there
	case $1/$BACK/$FRONT in
	dom0/ours/* | domu/*/ours) echo "packets" ;;
	*) echo "interrupts" ;;
	esac
}

# Snapshot per-queue counts on both sides, move traffic with 16 flows
# each way, and require every queue to have carried packets in both
# directions: each direction seen by at least one side, and by every
# side that can tell.
all_queues_busy() {
	local d0a d0b uA uB q bad=0 a b n tx rx
	uA=$(side_counts domu)
	d0a=$(side_counts dom0)
	iperf_tcp tx 3 -P 16 >/dev/null || echo "iperf3 tx failed"
	iperf_tcp rx 3 -P 16 >/dev/null || echo "iperf3 rx failed"
	uB=$(side_counts domu)
	d0b=$(side_counts dom0)
	for q in $(seq 0 $((NQ - 1))); do
		a=$(queue_delta "$uA" "$uB" "$q")
		b=$(queue_delta "$d0a" "$d0b" "$q")
		echo "queue $q: domU guest-tx ${a% *} guest-rx ${a#* } ($(side_how domu)), dom0 guest-tx ${b% *} guest-rx ${b#* } ($(side_how dom0))"
		tx="${a% *} ${b% *}"
		rx="${a#* } ${b#* }"
		for n in $tx $rx; do
			[ "$n" = - ] || [ "$n" -gt 0 ] || bad=1
		done
		[ "$tx" != "- -" ] && [ "$rx" != "- -" ] || bad=1
	done
	[ "$bad" = 0 ] || echo "some queue carried no packets in some direction"
	[ "$bad" = 0 ]
}

# queue_delta BEFORE AFTER QUEUE: "TX RX" growth of one queue, "-" for a
# direction the side cannot tell; "0 0" when the queue is missing from
# AFTER.
queue_delta() {
	printf '%s\n--\n%s\n' "$1" "$2" | awk -v q="$3" '
		function d(x, y) { return (x == "-" || y == "-") ? "-" : y - x }
		/^--$/ { after = 1; next }
		$1 == q { if (after) { t1 = $2; r1 = $3; seen = 1 } else { t0 = $2; r0 = $3 } }
		END { if (seen) print d(t0, t1), d(r0, r1); else print 0, 0 }'
}

# qstats_snap DEV TOOL: one command line (dx takes one) that prints
# ethtool -S and sysfs totals, the netlink view of tests/qstats'
# xnif-qstats, then ethtool -S and sysfs again, then /proc/interrupts:
# a counter that moved meanwhile is judged between its two readings.
qstats_snap() {
	local s="/sys/class/net/$1/statistics"
	echo "echo @e1; ethtool -S $1; echo @s1; for f in rx_packets rx_bytes tx_packets tx_bytes; do echo \$f \$(cat $s/\$f); done; echo @nl; $2 $1; echo @rc \$?; echo @e2; ethtool -S $1; echo @s2; for f in rx_packets rx_bytes tx_packets tx_bytes; do echo \$f \$(cat $s/\$f); done; echo @irq; cat /proc/interrupts"
}

# qstats_judge NQ RXSTAT TXSTAT IRQNAME TXNAPI STRICT: the snapshot on
# stdin. Per queue, netlink's rx/tx packets and bytes lie between the two
# ethtool -S readings of q<N>_RXSTAT_* and q<N>_TXSTAT_* (STRICT: and
# are not zero); the device scope between the two sysfs readings (the
# base of torn-down queues included); every RX queue's NAPI has an irq
# whose /proc/interrupts name is IRQNAME-q<N>, its -tx/-rx half, or its
# one shared channel; a TX queue's NAPI is RX's (TXNAPI same) or none.
qstats_judge() {
	awk -v nq="$1" -v rs="$2" -v ts="$3" -v irqn="$4" -v txnapi="$5" -v strict="$6" '
	function bad(m) { bads = bads "BAD: " m "\n"; fail = 1 }
	function between(what, v, a, b) {
		if (v == "" || a == "" || b == "" || v < a + 0 || v > b + 0)
			bad(what " netlink " v " not within ethtool/sysfs " a ".." b)
	}
	/^@/ { sec = $1; if (sec == "@rc") rc = $2; next }
	sec == "@e1" || sec == "@e2" { k = $1; sub(":$", "", k); e[sec, k] = $2 }
	sec == "@s1" || sec == "@s2" { sy[sec, $1] = $2 }
	sec == "@nl" && $1 == "queue" { qn[$2, $3] = $5 }
	sec == "@nl" && $1 == "napi" { ni[$2] = $4 }
	sec == "@nl" && $1 == "qstats" && $2 != "dev" {
		st[$2, $3, "packets"] = $5; st[$2, $3, "bytes"] = $7
		if ($3 >= nq) bad("netlink shows " $2 " queue " $3 " of " nq)
	}
	sec == "@nl" && $1 == "qstats" && $2 == "dev" {
		for (i = 3; i < NF; i += 2) dv[$i] = $(i + 1)
	}
	sec == "@irq" && $1 ~ /^[0-9]+:$/ { n = $1; sub(":", "", n); iname[n] = $NF }
	END {
		if (rc != 0) bad("xnif-qstats exited " rc)
		for (q = 0; q < nq; q++) {
			for (t = 0; t < 2; t++) {
				d = t ? "tx" : "rx"; nm = t ? ts : rs
				for (u = 0; u < 2; u++) {
					f = u ? "bytes" : "packets"
					k = "q" q "_" nm "_" f
					between(d " queue " q " " f, st[d, q, f], e["@e1", k], e["@e2", k])
					if (strict && st[d, q, f] + 0 == 0) bad(d " queue " q " " f " is 0")
				}
			}
			id = qn["rx", q]
			if (id == "" || id == "-") { bad("rx queue " q " has no NAPI"); continue }
			if (used[id]++) bad("NAPI " id " serves two RX queues")
			want = txnapi == "same" ? id : "-"
			if (qn["tx", q] != want) bad("tx queue " q " NAPI " qn["tx", q] " (want " want ")")
			irq = ni[id]
			if (irq == "" || irq == "-") { bad("NAPI " id " has no irq"); continue }
			if (iname[irq] !~ ("^" irqn "-q" q "(-tx|-rx)?$"))
				bad("NAPI " id " irq " irq " is " iname[irq] ", not " irqn "-q" q)
			printf "queue %d: rx %s pkts %s bytes, tx %s pkts %s bytes; NAPI %s irq %s (%s)\n", q,
				st["rx", q, "packets"], st["rx", q, "bytes"], st["tx", q, "packets"],
				st["tx", q, "bytes"], id, irq, iname[irq]
		}
		split("rx_packets rx_bytes tx_packets tx_bytes", dk, " ")
		for (i = 1; i <= 4; i++)
			between("device " dk[i], dv[dk[i]], sy["@s1", dk[i]], sy["@s2", dk[i]])
		printf "device: rx %s pkts %s bytes, tx %s pkts %s bytes (sysfs %s %s %s %s)\n",
			dv["rx_packets"], dv["rx_bytes"], dv["tx_packets"], dv["tx_bytes"],
			sy["@s2", "rx_packets"], sy["@s2", "rx_bytes"], sy["@s2", "tx_packets"], sy["@s2", "tx_bytes"]
		printf "%s", bads
		exit fail
	}'
}

# The vif in dom0 (netlink RX is guest TX; its TX queues have a thread,
# no NAPI) and eth0 in the guest (one NAPI per queue pair).
qstats_dom0() {
	sh -c "$(qstats_snap "vif$DOMID.0" "$LAB/xnif-qstats")" 2>&1 |
		qstats_judge "$NQ" guest_tx guest_rx "vif$DOMID.0" none "$1"
}
qstats_domu() {
	dx "$(qstats_snap eth0 /lib/tools/xnif-qstats)" |
		qstats_judge "$NQ" rx tx "($FE_IRQ_RE)" same "$1"
}

# ethtool -L combined 2, then 4, while a 4-flow iperf3 runs; the stream
# must survive and the queue count must follow on both sides.
resize_under_traffic() {
	local bg rc=0
	iperf3 -c "$DOMU_IP" -t 25 -P 4 -f m --connect-timeout 5000 >/tmp/lab-bg.out 2>&1 &
	bg=$!
	sleep 4
	if dx -t 90 "ethtool -L eth0 combined 2" &&
		wait_for 90 queues_are 2 && queues_are 2 &&
		sleep 4 &&
		dx -t 90 "ethtool -L eth0 combined $NQ" &&
		wait_for 90 queues_are $NQ && queues_are $NQ; then
		timeout 60 sh -c "while kill -0 $bg 2>/dev/null; do sleep 1; done"
		wait "$bg" || { echo "iperf3 stream broke during resize"; tail -n 3 /tmp/lab-bg.out; rc=1; }
		grep receiver /tmp/lab-bg.out | tail -n 1
	else
		rc=1
	fi
	kill "$bg" 2>/dev/null
	wait "$bg" 2>/dev/null
	return $rc
}

multiqueue_main() {
	local xf=0 xb=0 spread=
	# Only our netfront implements ethtool channel ops.
	[ "$FRONT" = ours ] || xf="stock netfront ($FRONT)"
	# Stock drivers have no per-queue netlink stats nor NAPI links.
	[ "$BACK" = ours ] || xb="stock netback ($BACK)"
	# Our backend's thread placement is off by default: turn it on here,
	# where threads-spread checks it.
	[ "$BACK" = ours ] && spread=spread_threads=1
	check backend-load netback_load "$BACK" "$(mq_param "$BACK")=$NQ" $spread || return 1
	untrusted_start
	check domu-boot domu_start "lab-$SCEN" "$FRONT" $NQ || return 1
	check queues-negotiated queues_are $NQ
	# scripts/lab check runs our pair here with v2=1 (the netfront's
	# ring_layout_v2=1): layout v2 on 4 queues, 2 pages each.
	check ring-layout ring_layout_ok
	check ring-page-order ring_order_ok
	xcheck ethtool-l-shows-queues "$xf" "ethtool channel ops (-l)" ethtool_l_is $NQ
	check kthread-per-queue kthreads_are $NQ
	[ "$BACK" = ours ] && check threads-spread threads_spread
	check every-queue-carries-traffic all_queues_busy
	xcheck netlink-qstats-dom0 "$xb" "netdev_stat_ops and NAPI links" qstats_dom0 1
	xcheck netlink-qstats-domu "$xf" "netdev_stat_ops and NAPI links" qstats_domu 1
	xcheck ethtool-L-under-traffic "$xf" "ethtool channel ops (-L)" resize_under_traffic
	check tcp-after-resize tcp_ok tx 2
	# The vif's queue set was replaced twice: its base stats now count.
	xcheck netlink-qstats-dom0-after-resize "$xb" "netdev_stat_ops" qstats_dom0 0
	untrusted_checks
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

multiqueue_main
