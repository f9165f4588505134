# SPDX-License-Identifier: GPL-2.0
# bench: ours vs stock on each side, all in this one boot.  For every
# available (backend, frontend) pair and queue count it boots a domU and
# emits raw samples as "RESULT BENCH key=value ..." lines; the host turns
# them into medians, ratios, a markdown table and a CSV.
#
# Plan keys: runs= (samples per metric), secs= (seconds per iperf3 run),
# queues= (space-free list, e.g. 1 or 1+4), many= (that many 1-vCPU
# guests at once per stock/ours pair: their aggregate TCP rate, and the
# time a hot-plugged vif takes to connect; only_many=1 measures only
# that).
#
# Backend "ours-map" is ours with tx_zerocopy=1: guest TX by grant map
# instead of grant copy, measured with one queue next to the copying one.
# Backend "ours-v2" is ours as it is, with the guest's netfront loaded
# ring_layout_v2=1 (plan key v2=1 for its pairs), against our frontend
# only (a stock one never uses v2): layout v2 next to the classic layout
# our pair uses by default ("ours"), the same two drivers, one queue.
# ("ours-classic", ours with ring_layout_v2=0, stays for experiments.)
# Backend "ours-staged" is ours with staged_enable=1 (issue #22) and our
# netfront loaded staged_grants=1 (domu_cfg, from BACK): the
# guest stages a pool over the control ring and guest RX lands in it by
# memcpy; a stock netfront on it shows the fallback to classic grants.
# Its pairs check which mode they negotiated before any number counts.
# Backend "stock-staged" is the stock netback with our netfront loaded
# staged_grants=1, 1 queue, our frontend only: it must fall back to
# classic grants ("refused") and carry the same traffic.
# BENCH_BACKS, BENCH_FRONTS and BENCH_QUEUES (from LAB_BENCH_BACKS etc.)
# replace the lists, for experiments: a backend "ours:k=v:k=v" is ours
# loaded with those parameters, measured with every listed frontend.
# Plan key full_frames=1 adds 1472-byte UDP from the guest next to the
# 64-byte one (make bench; the smoke leaves it out).
# Plan key pairs= (comma list of BACK:FRONT) keeps only those pairs: the
# smoke run in check leaves out the two mixed pairs, whose traffic and
# sha256 the interop cells already check in the same boot.

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

# dom0's grant table work, counted the same way for every backend: kprobe
# events on the three calls any netback makes it through.  Each call is
# one grant-table hypercall; its count argument (x86-64: second argument
# of gnttab_batch_copy, fourth of gnttab_map_refs and gnttab_unmap_refs)
# is the operations in it.  A hist trigger per event sums hits by count.
TRACEFS=/sys/kernel/tracing
GNT_PROBES="gcopy:gnttab_batch_copy:%si gmap:gnttab_map_refs:%cx gunmap:gnttab_unmap_refs:%cx"
gnt_probes_on() {
	local p
	[ -d "$TRACEFS/events" ] || mount -t tracefs nodev "$TRACEFS" || return 1
	[ -d "$TRACEFS/events/xnbench" ] && return 0
	for p in $GNT_PROBES; do
		echo "p:xnbench/${p%%:*} $(echo "$p" | cut -d: -f2) n=$(echo "$p" | cut -d: -f3):u32" \
			>>"$TRACEFS/kprobe_events" || return 1
		echo 'hist:keys=n:vals=hitcount' \
			>"$TRACEFS/events/xnbench/${p%%:*}/trigger" || return 1
	done
}
# gnt_counts: "hypercalls operations" so far (0 0 without the probes).
gnt_counts() {
	cat "$TRACEFS"/events/xnbench/*/hist 2>/dev/null | awk '
		/^\{ n:/ { gsub(/[{}:]/, " "); c += $4; o += $2 * $4 }
		END { print c + 0, o + 0 }'
}
# gnt_per_packet "C0 O0" "C1 O1" PK: hypercalls and operations per packet.
gnt_per_packet() {
	echo "$1 $2 $3" | awk '{ if ($5 > 0) printf "%.3f %.3f\n", ($3 - $1) / $5, ($4 - $2) / $5; else print "nan nan" }'
}

# One TCP run with notification and grant accounting on both sides.
tcp_sample() { # DIR TAG NQ
	local d0a d0b ua ub ga gb na nb v g
	d0a=$(counters_dom0)
	ua=$(counters_domu)
	ga=$(counters_guest_tx)
	na=$(gnt_counts)
	v=$(iperf_tcp "$1" "$secs" -P "$3") || { echo "tcp $1 failed: $v"; return 1; }
	nb=$(gnt_counts)
	gb=$(counters_guest_tx)
	d0b=$(counters_dom0)
	ub=$(counters_domu)
	bench "$2 metric=tcp_$1_mbps value=$v"
	bench "$2 metric=evpp_dom0_tcp_$1 value=$(per_packet "$d0a" "$d0b")"
	bench "$2 metric=evpp_domu_tcp_$1 value=$(per_packet "$ua" "$ub")"
	bench "$2 metric=gtxpp_tcp_$1 value=$(per_packet "$ga" "$gb")"
	g=$(gnt_per_packet "$na" "$nb" $(($(echo "$d0b" | cut -d' ' -f2) - $(echo "$d0a" | cut -d' ' -f2))))
	bench "$2 metric=gcallpp_tcp_$1 value=${g% *}"
	bench "$2 metric=gopspp_tcp_$1 value=${g#* }"
}

# UDP from the guest, LEN-byte datagrams (64: the per-packet cost; 1472:
# full frames, where grant map and grant copy of guest TX part ways), with
# its TX notifications and dom0's grant work per packet.
udp_rx_sample() { # TAG LEN
	local ga gb na nb v g m=udp$2
	ga=$(counters_guest_tx)
	na=$(gnt_counts)
	v=$(iperf_udp rx "$secs" "$2") || { echo "$v"; return 1; }
	nb=$(gnt_counts)
	gb=$(counters_guest_tx)
	bench "$1 metric=${m}_rx_pps value=$v"
	[ "$2" = 64 ] && bench "$1 metric=gtxpp_udp_rx value=$(per_packet "$ga" "$gb")"
	g=$(gnt_per_packet "$na" "$nb" $(($(echo "$gb" | cut -d' ' -f2) - $(echo "$ga" | cut -d' ' -f2))))
	bench "$1 metric=gcallpp_${m}_rx value=${g% *}"
	bench "$1 metric=gopspp_${m}_rx value=${g#* }"
}

# Request/response rate: pings back to back, one outstanding (ping -A),
# replies per second. Each reply is a lone guest TX packet. For the
# sample's length, not a count of pings: ping gives the time they took
# in whole milliseconds, and 200 pings under the instruction clock took
# 21-25 ms, a 10% spread that was only rounding.
ping_rr() {
	ping -q -A -w "$secs" -W 2 "$DOMU_IP" 2>&1 | awk '/transmitted/ {
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

# staged_mode_ok FRONT: what staged grants came to on this connect, as
# the netfront's sysfs says: with our netfront every queue staged on our
# backend, "refused" on the stock one (it answers the gref mapping "not
# supported"); a stock netfront has no pool ("off" or no such file).
fe_staged() { dx "cat /sys/bus/xen/devices/vif-0/staged 2>/dev/null"; }
fe_staged_on() { fe_staged | grep -q '^on '; }
fe_staged_refused() { fe_staged | grep -qx refused; }
staged_mode_ok() {
	local st
	# The pool is added over the control ring after Connected: give
	# our netfront a bounded moment before reading what it came to.
	case $BACK/$1 in
	ours-staged/ours) wait_for 20 fe_staged_on ;;
	stock-staged/ours) wait_for 20 fe_staged_refused ;;
	esac
	st=$(fe_staged)
	echo "netfront staged: ${st:-no such file}"
	case $1/$st in
	ours/on*) [ "$BACK" = ours-staged ] || fail "staged on a stock backend" ;;
	ours/refused) [ "$BACK" = stock-staged ] || fail "a staging backend refused" ;;
	ours/*)
		# Why, from both sides' logs: the netfront's line is info level,
		# under the guest console's loglevel.
		dx dmesg | grep -iE 'staged|control ring' | tail -n 5
		dmesg | grep -iE 'staged|vif.*ctrl' | tail -n 5
		fail "our netfront with staged_grants=1 came to '${st:-nothing}' on $BACK" ;;
	*/on*) fail "a stock netfront cannot stage" ;;
	esac
}

# vif_stat NAME: netback's per-queue counter NAME summed over the vif's
# queues (q<n>_NAME), empty if it has no such counter.
vif_stat() {
	ethtool -S "vif$DOMID.0" | awk -v p="^q[0-9]+_$1:\$" '$1 ~ p { s += $2; n++ } END { if (n) print s }'
}

# staged_used_ok FRONT: after the sha256 transfers, netback copied guest
# RX into staged pages and guest TX out of them (our netfront) or never
# (stock).
staged_used_ok() {
	local n t
	n=$(vif_stat staged_rx_copies)
	echo "staged_rx_copies=${n:-none} staged_fallbacks=$(vif_stat staged_fallbacks)"
	[ -n "$n" ] || fail "vif$DOMID.0 has no staged_rx_copies counter" || return 1
	t=$(vif_stat staged_tx_copies)
	echo "staged_tx_copies=${t:-none}"
	case $1 in
	ours)
		[ "${n:-0}" -gt 0 ] || fail "no guest RX went through a staged page" || return 1
		[ "${t:-0}" -gt 0 ] || fail "no guest TX came from a staged page" ;;
	*) [ "${n:-0}" = 0 ] && [ "${t:-0}" = 0 ] ||
		fail "a stock netfront has no staged pages, yet $n RX and $t TX copies" ;;
	esac
}

# staged_reconnect_ok: ethtool -G is a reconnect our netfront asks for:
# while the guest streams to dom0 (its TX in staged pages, in flight),
# it DELs its pools, reconnects at 512 slots (order 1, classic) and
# stages again. The vif must come back staged, carry 1 MiB intact each
# way, and netback must have found no violation in any of it (a DEL of
# pages it never mapped would be one). domu_stop then destroys the guest
# with its pools still mapped.
staged_reconnect_ok() {
	local bg fr rc=0 rx=/sys/class/net/vif$DOMID.0/statistics/rx_packets p0
	p0=$(cat "$rx")
	iperf3 -c "$DOMU_IP" -t 12 -R -f m --connect-timeout 5000 >/tmp/lab-bg.out 2>&1 &
	bg=$!
	# The stream is on once the guest's packets flow.
	wait_for 10 sh -c "[ \$(cat $rx) -gt $((p0 + 1000)) ]"
	dx -t 90 "ethtool -G eth0 rx 512 tx 512" || { fail "ethtool -G 512 refused"; rc=1; }
	[ $rc = 0 ] && { wait_for 60 sh -c "[ \"\$(xenstore-read /local/domain/$DOMID/device/vif/0/ring-page-order)\" = 1 ]" ||
		{ fail "ring-page-order never became 1"; rc=1; }; }
	[ $rc = 0 ] && { wait_for 30 fe_staged_on || { fail "not staged after the reconnect: $(fe_staged)"; rc=1; }; }
	wait "$bg" 2>/dev/null
	grep receiver /tmp/lab-bg.out | tail -n 1
	[ $rc = 0 ] || return 1
	echo "after the reconnect: $(fe_staged)"
	xfer_to_domu 1 && xfer_from_domu 1 || return 1
	fr=$(cat "/sys/bus/xen-backend/devices/vif-$DOMID-0/fatal_reason" 2>/dev/null)
	echo "netback fatal_reason: ${fr:-unreadable}"
	[ "$fr" = none ] || fail "netback disabled the vif: $fr"
}

bench_pair() { # BACK FRONT NQ
	local tag="back=$1 front=$2 q=$3" r=1 v p=$1-$2-q$3
	# Read by domu_cfg and ring_layout_ok: only ours-v2 asks for v2.
	# shellcheck disable=SC2034 # lib.sh's
	case $1 in ours-v2) v2=1 ;; *) v2=0 ;; esac
	check "$p-domu-boot" domu_start "lab-bench" "$2" "$3" || return 1
	case $1 in *-staged) check "$p-staged-mode" staged_mode_ok "$2" ;; esac
	check "$p-ring-layout" ring_layout_ok
	check "$p-ring-page-order" ring_order_ok
	# Every pair, ours-map's grant mapping above all, must deliver the
	# bytes it was given, both ways: a fast corrupting pair is a failure.
	check "$p-sha256-dom0-to-domu" xfer_to_domu 2
	check "$p-sha256-domu-to-dom0" xfer_from_domu 2
	[ "$1" = ours-staged ] && check "$p-staged-used" staged_used_ok "$2"
	while [ "$r" -le "$runs" ]; do
		v=$(tcp_sample tx "$tag run=$r" "$3") || bfail "$p-tcp-dom0-to-domu" "run $r: $v"
		v=$(tcp_sample rx "$tag run=$r" "$3") || bfail "$p-tcp-domu-to-dom0" "run $r: $v"
		if [ "$3" = 1 ]; then
			if v=$(iperf_udp tx "$secs"); then
				bench "$tag run=$r metric=udp64_tx_pps value=$v"
			else
				bfail "$p-udp-dom0-to-domu" "run $r: $v"
			fi
			v=$(udp_rx_sample "$tag run=$r" 64) || bfail "$p-udp-domu-to-dom0" "run $r: $v"
			if [ "${full_frames:-0}" = 1 ]; then
				v=$(udp_rx_sample "$tag run=$r" 1472) || bfail "$p-udp1472-domu-to-dom0" "run $r: $v"
			fi
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
	# After the samples, which are of the default rings.
	[ "$1/$2" = ours-staged/ours ] && check "$p-staged-reconnect" staged_reconnect_ok
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

# --- many guests at once (plan key many=N, make bench only) -------------

ms_now() { echo $(($(date +%s%N) / 1000000)); }
many_ip() { echo "10.99.0.$((10 + $1))"; }
many_up() { DX_IP=$(many_ip "$1") dx -t 5 true; }
fe1_connected() { [ "$(xenstore-read "/local/domain/$1/device/vif/1/state" 2>/dev/null)" = 4 ]; }

# many_connect TAG DOMID: 3 hot-plugs of a vif on xenbr1 into the guest,
# each timed from xl network-attach to the frontend's Connected.
many_connect() {
	local r t0 t1
	for r in 1 2 3; do
		t0=$(ms_now)
		timeout 60 xl network-attach "$2" bridge=xenbr1 mac=00:16:3e:99:1a:01 >/dev/null 2>&1 &&
			wait_for 60 fe1_connected "$2" || { bfail "many-connect" "$1: vif $r did not connect"; return 1; }
		t1=$(ms_now)
		bench "$1 run=$r metric=connect_ms value=$((t1 - t0))"
		timeout 60 xl network-detach "$2" 00:16:3e:99:1a:01 >/dev/null 2>&1
		wait_for 30 sh -c "! xenstore-read /local/domain/$2/device/vif/1/state >/dev/null 2>&1"
	done
}

# bench_many BACK FRONT N: N 1-vCPU guests, created three at a time,
# then TCP from dom0 to all of them at once: the sum of their rates.
bench_many() {
	local b=$1 f=$2 n=$3 k tag sum r=1 down=''
	tag="back=$b front=$f q=1"
	for k in $(seq 1 "$n"); do
		DOMU_MEM=128 DX_IP=$(many_ip "$k") DOMU_MAC=00:16:3e:99:1b:$(printf %02x "$k") \
			domu_cfg "lab-many-$k" "$f" 1 >/dev/null
		timeout 180 xl create "/run/lab/lab-many-$k.cfg" >/dev/null 2>&1 &
		[ $((k % 3)) = 0 ] && wait
	done
	wait
	for k in $(seq 1 "$n"); do
		wait_for 240 many_up "$k" || down="$down $k"
		DX_IP=$(many_ip "$k") no_syncookies dx >/dev/null
	done
	[ -z "$down" ] || { bfail "$b-$f-many-boot" "guests not up:$down"; cleanup_domus; return 1; }
	many_connect "$tag" "$(xl domid lab-many-1)"
	while [ "$r" -le "$runs" ]; do
		for k in $(seq 1 "$n"); do
			timeout $((secs + 30)) iperf3 -c "$(many_ip "$k")" -t "$secs" -f m --connect-timeout 10000 >"/tmp/many-$k" 2>&1 &
		done
		wait
		sum=$(awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") { s += $(i - 1); c++ } }
			END { if (c) print s }' /tmp/many-*)
		if [ -n "$sum" ]; then
			bench "$tag run=$r metric=many_tcp_tx_mbps value=$sum"
		else
			bfail "$b-$f-many-tcp" "run $r: no guest reported a rate"
		fi
		rm -f /tmp/many-*
		r=$((r + 1))
	done
	cleanup_domus
}

bench_main() {
	local b f q v backs fronts
	backs=stock
	fronts=stock
	[ "${HAVE_OURS_BACK:-0}" = 1 ] && backs="stock ours ours-v2 ours-map ours-staged"
	[ "${HAVE_OURS_FRONT:-0}" = 1 ] && backs="$backs stock-staged"
	[ "${HAVE_OURS_FRONT:-0}" = 1 ] && fronts="stock ours"
	[ -n "${BENCH_BACKS:-}" ] && backs=$BENCH_BACKS
	[ -n "${BENCH_FRONTS:-}" ] && fronts=$BENCH_FRONTS
	[ -n "${BENCH_QUEUES:-}" ] && queues=$BENCH_QUEUES
	info "bench: runs=$runs secs=$secs queues=$queues backends: $backs; frontends: $fronts${pairs:+; only $pairs}${many:+; $many guests at once}"
	gnt_probes_on || info "bench: no kprobe events in dom0, grant work per packet not measured"
	bench_loopback
	for b in ${only_many:+none} $backs; do
		[ "$b" = none ] && break
		v=$(netback_load "$b" "$(BACK=$b mq_param "$b")=4") || { bfail "$b-backend-load" "$(echo "$v" | tail -n 1)"; continue; }
		for f in $fronts; do
			case ",${pairs:-$b:$f}," in *",$b:$f,"*) ;; *) continue ;; esac
			q=$queues
			case $b in ours-map | ours-staged) q=1 ;; esac
			if [ "$b" = ours-v2 ] || [ "$b" = ours-classic ] ||
			   [ "$b" = stock-staged ]; then
				[ "$f" = ours ] || continue
				q=1
			fi
			for q in $(echo "$q" | tr '+' ' '); do
				BACK=$b FRONT=$f bench_pair "$b" "$f" "$q"
			done
		done
	done
	# Many guests at once, the plain backends only (stock and ours).
	for b in ${many:+$backs}; do
		case $b in stock | ours) ;; *) continue ;; esac
		v=$(netback_load "$b") || { bfail "$b-backend-load" "$(echo "$v" | tail -n 1)"; continue; }
		for f in $fronts; do
			case $f in stock | ours) BACK=$b FRONT=$f bench_many "$b" "$f" "$many" ;; esac
		done
	done
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

bench_main
