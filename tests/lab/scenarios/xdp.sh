# SPDX-License-Identifier: GPL-2.0
# xdp: native XDP in the guest's netfront, with the programs of tests/xdp
# (built by clang -target bpf for the run) loaded by iproute2's
# "ip link set dev eth0 xdpdrv obj ..." (xdpdrv: native or nothing), and
# judged from dom0: a drop counter (dom0's pings vanish, the program's map
# counts them), a TX reflector (dom0's pings answered by the program
# while the guest's stack ignores pings), a redirect (dom0's pings leave
# the guest through its second vif, counted on dom0's vif<D>.1), a
# redirect to AF_XDP sockets in copy mode (tests/xdp/xsk_count counts
# what they receive); the xdp-headroom key the backend reads, the program kept across an
# ethtool -L reconnect, the MTU limits, detach. With our netfront also
# its per-queue XDP counters, and that every packet came with the
# headroom asked for (the backend honours xdp-headroom). A stock
# netfront runs the same programs; what only ours has is XFAIL there.

XIP=/usr/lib/lab/ip
XBPF=/usr/lib/lab/bpftool
XDP_MAC1=00:16:3e:99:0a:02

xdp_who() { case $FRONT in stock*) echo "stock netfront ($FRONT)" ;; *) echo "$FRONT" ;; esac; }

# xdp_attach OBJ: replace whatever program eth0 has with OBJ, native only.
xdp_attach() {
	dx "$XIP -force link set dev eth0 xdpdrv obj /lib/xdp/$1 sec xdp" || return 1
	xdp_settle
	prog_attached
}

# iproute2 wants the BPF filesystem; the guest's init does not mount it.
bpffs() {
	dx "mkdir -p /sys/fs/bpf; mount -t bpf bpf /sys/fs/bpf" >/dev/null 2>&1 || true
}

prog_attached() {
	dx "$XIP link show dev eth0" | grep 'prog/xdp id' ||
		{ echo "no native XDP program on eth0"; return 1; }
}

# The first attach and the last detach reconnect our netfront: wait for
# the guest to answer and the frontend to be Connected (4) again.
xdp_settle() {
	wait_for 30 fe_connected || { echo "frontend not Connected again"; return 1; }
	wait_for 30 dx -t 5 true
}
fe_connected() { [ "$(xenstore-read "$(fe_dir)/state" 2>/dev/null)" = 4 ]; }
fe_dir() { echo "/local/domain/$DOMID/device/vif/0"; }

# headroom_is N: the xdp-headroom the backend reads, N bytes.
headroom_is() {
	local v
	v=$(xenstore-read "$(fe_dir)/xdp-headroom" 2>/dev/null)
	echo "xdp-headroom: ${v:-absent}"
	[ "${v:-0}" = "$1" ]
}

# pings_lost N: N pings from dom0, none answered.
pings_lost() {
	local sum
	sum=$(ping -c "$1" -i 0.2 -W 1 "$DOMU_IP" 2>&1 | grep 'packets transmitted')
	echo "$sum"
	case $sum in "$1 packets transmitted, 0 received"*) return 0 ;; esac
	echo "pings answered though the program drops or redirects them"
	return 1
}

# eth0_stat NAME: the sum of our netfront's per-queue counter NAME.
eth0_stat() { # DEV NAME
	dx "ethtool -S $1" | awk -v n="_$2:" '$1 ~ "^q[0-9]+" n { s += $2 } END { print s + 0 }'
}
stat_at_least() { # DEV NAME MIN
	local v
	v=$(eth0_stat "$1" "$2")
	echo "$1 $2 = $v (at least $3)"
	[ "$v" -ge "$3" ]
}
stat_is_zero() { # DEV NAME
	local v
	v=$(eth0_stat "$1" "$2")
	echo "$1 $2 = $v"
	[ "$v" = 0 ]
}

# map_drops: the drop program's own count, from its map: the value's
# bytes as bpftool -j prints them ("value":["0x05","0x00",...]),
# little-endian, whether or not the map came with BTF.
map_drops() {
	local b v=0 i=0
	for b in $(dx "$XBPF -j map dump name xdp_lab_drops" |
		   sed -n 's/.*"value": *\[\([^]]*\)\].*/\1/p' | tr -d '" ' | tr ',' ' '); do
		v=$((v + (b << (8 * i))))
		i=$((i + 1))
	done
	[ "$i" -gt 0 ] && echo "$v"
}
map_drops_at_least() {
	local v
	v=$(map_drops)
	echo "xdp_lab_drops = ${v:-unreadable} (at least $1)"
	[ "${v:-0}" -ge "$1" ]
}

# The second vif, on xenbr1: eth1, the redirect's way out.
eth1_up() {
	timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac=$XDP_MAC1 ||
		{ echo "xl network-attach failed"; return 1; }
	wait_for 30 dx -t 5 "test -e /sys/class/net/eth1" || { echo "no eth1"; return 1; }
	dx "ip link set eth1 up" || return 1
	# xdp_redirect.o sends to ifindex 3.
	[ "$(dx cat /sys/class/net/eth1/ifindex)" = 3 ] || { echo "eth1 is not ifindex 3"; return 1; }
}

unplug_eth1_with_prog() {
	dx "$XIP link set dev eth1 xdpdrv obj /lib/xdp/xdp_drop.o sec xdp" || return 1
	wait_for 30 dx -t 5 "$XIP link show dev eth1 | grep -q 'prog/xdp id'" ||
		{ echo "no program on eth1"; return 1; }
	timeout 60 xl network-detach "$DOMID" 1 || { echo "xl network-detach failed"; return 1; }
	wait_for 30 dx -t 5 "! test -e /sys/class/net/eth1" || { echo "eth1 still there"; return 1; }
}

vif1_rx() { cat "/sys/class/net/vif$DOMID.1/statistics/rx_packets"; }
redirected() {
	local before after
	before=$(vif1_rx)
	pings_lost 5 || return 1
	sleep 1
	after=$(vif1_rx)
	echo "vif$DOMID.1 received $((after - before)) packets from the guest"
	[ $((after - before)) -ge 5 ]
}

# xsk_received: tests/xdp's xsk_count receives through an AF_XDP socket
# in copy mode on each of eth0's queues, into which xdp_xsk.o redirects
# echo requests; dom0's pings vanish and xsk_count counts every one.
xsk_received() {
	local nq out
	nq=$(dx "ls -d /sys/class/net/eth0/queues/rx-*" | grep -c rx-)
	dx "/lib/xdp/xsk_count eth0 $nq 5 20 >/tmp/xsk.out 2>&1 &" || return 1
	wait_for 10 dx -t 5 "grep -q ready /tmp/xsk.out" ||
		{ dx "cat /tmp/xsk.out"; echo "xsk_count not ready"; return 1; }
	pings_lost 5 || return 1
	wait_for 10 dx -t 5 "grep -q frames /tmp/xsk.out"
	out=$(dx "cat /tmp/xsk.out")
	echo "$out ($nq queues)"
	case $out in *"echo "[5-9]* | *"echo "[1-9][0-9]*) return 0 ;; esac
	echo "AF_XDP socket received fewer than 5 echo requests"
	return 1
}

# mtu_refused: with a program attached the MTU stays within one page.
mtu_refused() {
	if dx "ip link set eth0 mtu 9000"; then
		dx "ip link set eth0 mtu 1500"
		echo "MTU 9000 accepted with a single-buffer XDP program attached"
		return 1
	fi
	echo "MTU 9000 refused"
}

# attach_refused_mtu: at MTU 9000 the attach fails, the message says why.
attach_refused_mtu() {
	local out rc=0
	dx "ip link set eth0 mtu 9000" || return 1
	out=$(dx "$XIP link set dev eth0 xdpdrv obj /lib/xdp/xdp_drop.o sec xdp") || rc=$?
	echo "$out" | tail -n 3
	dx "$XIP link set dev eth0 xdpdrv off" >/dev/null 2>&1
	dx "ip link set eth0 mtu 1500"
	[ "$rc" != 0 ] || { echo "attached at MTU 9000"; return 1; }
	echo "$out" | grep -q 'too large for XDP' || { echo "no extack message naming the MTU limit"; return 1; }
}

xdp_main() {
	local who
	who=$(xdp_who)
	# Two queues offered, so that ethtool -L 1 reconnects.
	check backend-load netback_load "$BACK" "$(mq_param "$BACK")=2" || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 2 || return 1
	check eth1-attach eth1_up || { domu_stop "lab-$SCEN"; return 1; }
	bpffs

	# Drop counter.
	if check attach-drop xdp_attach xdp_drop.o; then
		check headroom-asked headroom_is 256
		check drop-pings-lost pings_lost 5
		check drop-map-count map_drops_at_least 5
		xcheck drop-counter "$who" "per-queue XDP counters" stat_at_least eth0 rx_xdp_drop 5
		# Two queues to one: a reconnect on either backend (the stock
		# one has no larger rings for ethtool -G to ask for).
		xcheck keep-across-reconnect "$who" "ethtool channel ops" \
			dx "ethtool -L eth0 combined 1"
		xdp_settle
		check after-reconnect-attached prog_attached
		check after-reconnect-pings-lost pings_lost 3
		check mtu-refused mtu_refused
	fi

	# TX reflector: only the program answers pings now.
	dx "echo 1 >/proc/sys/net/ipv4/icmp_echo_ignore_all"
	if check attach-tx xdp_attach xdp_tx.o; then
		check tx-pings-answered ping_dom0_to_domu
		xcheck tx-counter "$who" "per-queue XDP counters" stat_at_least eth0 rx_xdp_tx 3
	fi
	dx "echo 0 >/proc/sys/net/ipv4/icmp_echo_ignore_all"

	# Redirect out of eth1.
	if check attach-redirect xdp_attach xdp_redirect.o; then
		check redirect-out-eth1 redirected
		xcheck redirect-counter "$who" "per-queue XDP counters" stat_at_least eth0 rx_xdp_redirect 5
		xcheck xmit-counter "$who" "per-queue XDP counters" stat_at_least eth1 tx_xdp_xmit 5
	fi

	# Redirect to an AF_XDP socket, copy mode.
	if check attach-xsk xdp_attach xdp_xsk.o; then
		check xsk-received xsk_received
		xcheck xsk-counter "$who" "per-queue XDP counters" stat_at_least eth0 rx_xdp_redirect 10
	fi

	# The backend left the headroom asked for, on every packet.
	xcheck headroom-honoured "$who" "per-queue XDP counters" stat_is_zero eth0 rx_xdp_short_headroom
	check detach dx "$XIP link set dev eth0 xdpdrv off"
	xdp_settle
	check headroom-released headroom_is 0
	check pings-after-detach ping_dom0_to_domu
	xcheck mtu-attach-refused "$who" "an extack message for its MTU limit" attach_refused_mtu
	# Unregistering a device detaches its program: no warning, no leak
	# (domu-dmesg-clean reads the log after it).
	check unplug-with-program unplug_eth1_with_prog
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

# pktgen_flood DEV SECS: SECS seconds of 64-byte UDP to the guest's port
# 5201 (which the drop program drops) from dom0's pktgen, sent straight
# into the backend's vif, as fast as dom0 can. iperf3 cannot flood a
# port whose datagrams are dropped: it waits for the first one's answer.
pktgen_flood() {
	local pg=/proc/net/pktgen c
	modprobe pktgen || return 1
	echo rem_device_all >"$pg/kpktgend_0"
	echo "add_device $1" >"$pg/kpktgend_0"
	for c in "count 0" "clone_skb 0" "pkt_size 64" "delay 0" \
		"dst $DOMU_IP" "dst_mac 00:16:3e:99:00:02" \
		"udp_dst_min 5201" "udp_dst_max 5201"; do
		echo "$c" >"$pg/$1" || return 1
	done
	echo start >"$pg/pgctrl" &
	sleep "$2"
	echo stop >"$pg/pgctrl"
	wait
	echo rem_device_all >"$pg/kpktgend_0"
}

# xdp_rx_notifies: interrupts dom0 took on the vif's RX event channels
# (or its one shared channel): the guest telling the backend it posted
# buffers. The same count for any netfront on the same backend.
xdp_rx_notifies() {
	awk -v p="^vif${DOMID}[.]0-q[0-9]+(-rx)?\$" '$NF ~ p {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i
	} END { print s + 0 }' /proc/interrupts
}
# xdp_guest_events: event channel interrupts of eth0 in the guest.
xdp_guest_events() {
	dx cat /proc/interrupts | irq_per_queue "$FE_IRQ_RE" | awk '{ s += $2 } END { print s + 0 }'
}

# xdp_bench_one FRONT: in one guest with FRONT, $runs samples of
# XDP_DROP packets per second under pktgen_flood, from the drop
# program's own count (the same figure for any netfront), with the
# guest's RX notifications to dom0 and dom0's events to the guest per
# dropped packet, then $runs averages of the round trip in ms of 50
# pings the XDP_TX reflector answers. Prints "drop PPS NOTIFY EVENTS"
# and "rtt MS" lines.
xdp_bench_one() {
	local front=$1 a b t0 t1 n0 n1 e0 e1 rtt secs=${secs:-2}
	# A guest left behind would answer for the next one's address.
	if ! domu_start "lab-$SCEN-$front" "$front" 1 >/dev/null ||
	   ! { bpffs; dx "$XIP link set dev eth0 xdpdrv obj /lib/xdp/xdp_drop.o sec xdp" >/dev/null; } ||
	   ! xdp_settle >/dev/null; then
		domu_stop "lab-$SCEN-$front"
		return 1
	fi
	# What staged grants came to (backend ours-staged): a sample line.
	echo "staged: $(dx "cat /sys/bus/xen/devices/vif-0/staged 2>/dev/null || echo none")"
	for _ in $(seq "$runs"); do
		a=$(map_drops) n0=$(xdp_rx_notifies) e0=$(xdp_guest_events)
		t0=$(date +%s%N)
		pktgen_flood "vif$DOMID.0" "$secs" >/dev/null 2>&1
		t1=$(date +%s%N)
		b=$(map_drops) n1=$(xdp_rx_notifies) e1=$(xdp_guest_events)
		[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] || continue
		echo "drop $(((b - a) * 1000000000 / (t1 - t0))) $(awk -v d=$((b - a)) \
			-v n=$((n1 - n0)) -v e=$((e1 - e0)) 'BEGIN { printf "%.4f %.4f", n / d, e / d }')"
	done
	# XDP_TX round trips: 50 pings answered by the reflector alone.
	dx "echo 1 >/proc/sys/net/ipv4/icmp_echo_ignore_all" >/dev/null
	dx "$XIP -force link set dev eth0 xdpdrv obj /lib/xdp/xdp_tx.o sec xdp" >/dev/null
	for _ in $(seq "$runs"); do
		rtt=$(ping -c 50 -i 0.05 -W 1 "$DOMU_IP" 2>/dev/null |
		      sed -n 's|^rtt min/avg/max/mdev = [^/]*/\([^/]*\)/.*|\1|p')
		[ -n "$rtt" ] && echo "rtt $rtt"
	done
	domu_stop "lab-$SCEN-$front"
}

# xdp_stat KIND FIELD: "MEDIAN SPREAD (N samples)" of field FIELD of the
# KIND lines on stdin, spread being (max - min) / median as in bench.sh;
# "failed" with no sample.
xdp_stat() {
	awk -v k="$1" -v f="$2" '$1 == k { v[++n] = $f }
	END {
		if (!n) { print "failed"; exit }
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		printf "%.10g %.1f%% (%d samples)\n", m, (m > 0 ? 100 * (v[n] - v[1]) / m : 0), n
	}'
}

# bench=1: not a check, a record: the netfronts of fronts= (default
# stock then ours; "base" is LAB_FRONT_BASE_KO, our netfront as built
# from another tree) on the same backend in the same boot, $runs samples
# each, medians and spreads. Under LAB_ICOUNT=1 rates are per 10^9
# instructions of the whole machine: cost, steady across runs.
xdp_bench() {
	local f out drop rtt base_drop base_rtt clock=real-time
	: "${runs:=3}" "${fronts:=stock,ours}"
	[ "${icount:-0}" = 1 ] && clock="icount (per 10^9 instructions)"
	check backend-load netback_load "$BACK" || return 1
	for f in $(echo "$fronts" | tr ',' ' '); do
		out=$(xdp_bench_one "$f")
		printf '%s\n' "$out" | while IFS= read -r l; do
			[ -n "$l" ] && info "lab/$SCEN/xdp-sample-$f: $l"
		done
		drop=$(printf '%s\n' "$out" | xdp_stat drop 2)
		rtt=$(printf '%s\n' "$out" | xdp_stat rtt 2)
		info "lab/$SCEN/xdp-drop-pps-$f: backend $BACK, $f netfront: median and spread $drop of ${secs:-2} s each, packets/s, 64-byte UDP from dom0's pktgen, $clock"
		info "lab/$SCEN/xdp-drop-notify-$f: $f netfront: RX notifications to dom0 per dropped packet $(printf '%s\n' "$out" | xdp_stat drop 3), dom0 events to the guest per dropped packet $(printf '%s\n' "$out" | xdp_stat drop 4) (median and spread)"
		info "lab/$SCEN/xdp-tx-rtt-$f: $f netfront: median and spread $rtt, each the average of 50 pings the XDP_TX reflector answered, ms"
		[ "$f" = stock ] && base_drop=${drop%% *} base_rtt=${rtt%% *}
		if [ "$f" != stock ] && [ -n "${base_drop:-}" ] && [ "$base_drop" != failed ] &&
		   [ "${drop%% *}" != failed ]; then
			info "lab/$SCEN/xdp-drop-ratio-$f: $f/stock $(awk -v o="${drop%% *}" -v s="$base_drop" 'BEGIN { printf "%.2f", o / s }') (median packets/s)"
		fi
		if [ "$f" != stock ] && [ -n "${base_rtt:-}" ] && [ "$base_rtt" != failed ] &&
		   [ "${rtt%% *}" != failed ]; then
			info "lab/$SCEN/xdp-tx-rtt-ratio-$f: $f/stock $(awk -v o="${rtt%% *}" -v s="$base_rtt" 'BEGIN { printf "%.2f", o / s }') (median round trip; below 1 is faster)"
		fi
	done
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

if [ "${bench:-0}" = 1 ]; then xdp_bench; else xdp_main; fi
