# SPDX-License-Identifier: GPL-2.0
# soak: $minutes (plan key, from SOAK_MINUTES) of mixed traffic and churn
# on one 2-vCPU domU, then a leak count.  While iperf3 streams TCP both
# ways (2 flows each at 100 Mbit/s, in 20-second rounds), the main loop
# hot-plugs a second vif on xenbr1 (attach, ping through it, detach) and
# flips the domU's queue count with ethtool -L (only a frontend with
# channel ops).
# Afterwards dom0's and the domU's grants, unreclaimable slab, available
# memory, backend kthreads, vifs and xenstore nodes must be back at their
# baseline, and neither kernel may have warned.

SOAK_MAC=00:16:3e:99:01:03
SOAK_NQ=2
SOAK_ROUND=20
# Per flow: at full speed the emulated machine starved the hot-plug
# scripts, and libxl gave up on attaches after its 10 s timeout.
SOAK_RATE=100M

soak_eth1_up() { dx -t 5 "test -e /sys/class/net/eth1"; }
soak_eth1_gone() { dx -t 5 "test ! -e /sys/class/net/eth1"; }
soak_vifs() { ls /sys/class/net | grep -c "^vif$DOMID\."; }
soak_one_vif() { [ "$(soak_vifs)" = 1 ]; }

# One attach, ping, detach round on xenbr1; prints nothing on success.
soak_attach_cycle() {
	local lost=
	timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac=$SOAK_MAC || { echo "attach failed"; return 1; }
	wait_for 30 soak_eth1_up || { echo "no eth1"; return 1; }
	dx "ip addr add $DOMU_IP1/24 dev eth1 && ip link set eth1 up" >/dev/null
	ip neigh flush dev xenbr1 2>/dev/null
	wait_for 20 ping -c 1 -W 1 "$DOMU_IP1" || lost="no ping through eth1"
	timeout 60 xl network-detach "$DOMID" $SOAK_MAC || { echo "detach failed"; return 1; }
	wait_for 30 soak_eth1_gone || { echo "eth1 stays"; return 1; }
	wait_for 30 soak_one_vif || { echo "vif stays in dom0"; return 1; }
	[ -z "$lost" ] || { echo "$lost"; return 1; }
}

# Devices a failed hot-plug left behind (libxl gives up when a hotplug
# script times out): detach them as a user would, so that the leak count
# sees what the drivers kept, not what the toolstack dropped.  The failed
# cycles are already counted against attach-detach.
soak_detach_leftovers() {
	local d n=0
	for d in $(xl network-list "$DOMID" 2>/dev/null | awk 'NR > 1 && $1 != 0 { print $1 }'); do
		timeout 60 xl network-detach "$DOMID" "$d" >/dev/null 2>&1
		n=$((n + 1))
	done
	wait_for 30 soak_one_vif
	log "soak: $n leftover device(s) detached"
}

soak_queues() { dx "ls -d /sys/class/net/eth0/queues/tx-*" | grep -c tx-; }
soak_queues_are() { [ "$(soak_queues)" = "$1" ]; }

soak_channels() { # N: ethtool -L, then wait for the queues to follow
	dx -t 90 "ethtool -L eth0 combined $1" >/dev/null || { echo "ethtool -L combined $1 failed"; return 1; }
	wait_for 90 soak_queues_are "$1" || { echo "still $(soak_queues) queues, want $1"; return 1; }
}

# Background traffic until /run/lab/soak-stop appears: TCP rounds to the
# domU's iperf3 on 5201 and from its second server on 5202.  One line
# per round in $1: "DIR ok|fail".
soak_traffic() {
	local out=$1
	while [ ! -e /run/lab/soak-stop ]; do
		iperf3 -c "$DOMU_IP" -t $SOAK_ROUND -P 2 -b $SOAK_RATE --connect-timeout 5000 >/tmp/soak-tx.out 2>&1 &
		iperf3 -c "$DOMU_IP" -p 5202 -R -t $SOAK_ROUND -P 2 -b $SOAK_RATE --connect-timeout 5000 >/tmp/soak-rx.out 2>&1
		wait
		soak_round tx /tmp/soak-tx.out
		soak_round rx /tmp/soak-rx.out
	done >>"$out"
}

soak_round() { # DIR OUTPUT
	if soak_round_ok "$2"; then
		echo "$1 ok"
	else
		echo "$1 failed: $(grep -v '^ *$' "$2" | tail -n 1 | cut -c1-80)"
	fi
}

# A round passes when its receiver moved data (a stream cut short by an
# ethtool -L reconnect still did).
soak_round_ok() {
	awk '/SUM.*receiver|^\[ *[0-9]+\].*receiver/ { for (i = 1; i <= NF; i++) if ($i ~ /bits\/sec$/ && $(i - 1) > 0) ok = 1 }
	     END { exit !ok }' "$1"
}

# --- what is counted ----------------------------------------------------------

soak_xs_nodes() {
	{
		xenstore-ls -f /local/domain/0/backend 2>/dev/null
		xenstore-ls -f "/local/domain/$DOMID/device" 2>/dev/null
	} | wc -l
}
soak_kthreads() { ps -e -o comm= | grep -cE "$(kthread_re "$DOMID" '[0-9]+')"; }
domu_meminfo() { dx "awk '\$1 == \"$1:\" { print int(\$2 / 1024) }' /proc/meminfo"; }

# soak_snapshot PREFIX: every count into shell variables PREFIX_*.
soak_snapshot() {
	drop_caches
	dx "sync; echo 3 >/proc/sys/vm/drop_caches" >/dev/null
	eval "$1_grants=$(xen_active_grants "$DOMID")"
	eval "$1_sunreclaim=$(meminfo_mib SUnreclaim)"
	eval "$1_avail=$(meminfo_mib MemAvailable)"
	eval "$1_u_sunreclaim=$(domu_meminfo SUnreclaim)"
	eval "$1_u_avail=$(domu_meminfo MemAvailable)"
	eval "$1_kthreads=$(soak_kthreads)"
	eval "$1_vifs=$(soak_vifs)"
	eval "$1_xs=$(soak_xs_nodes)"
}

# --- checks -----------------------------------------------------------------------

soak_rounds() { # FILE WHAT: every line of FILE says ok
	local ok total
	total=$(wc -l <"$1")
	ok=$(grep -c ' ok$' "$1")
	echo "$2: $ok of $total ok"
	grep -v ' ok$' "$1" | sort | uniq -c | head -n 5
	[ "$total" -gt 0 ] && [ "$ok" = "$total" ]
}

soak_main() {
	local end tp out cyc=0 chan=0 n=$SOAK_NQ
	check backend-load netback_load "$BACK" "$(mq_param "$BACK")=$SOAK_NQ" || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" $SOAK_NQ || return 1
	dx "iperf3 -s -D -p 5202" >/dev/null
	# A first churn of each kind, so one-off allocations count as baseline.
	soak_attach_cycle >/dev/null
	[ "$FRONT" = ours ] && { soak_channels 1 && soak_channels $SOAK_NQ; } >/dev/null
	soak_snapshot base
	log "soak: ${minutes:-30} minutes, baseline grants $base_grants slab $base_sunreclaim MiB"
	rm -f /run/lab/soak-stop /tmp/soak-traffic /tmp/soak-attach /tmp/soak-chan
	soak_traffic /tmp/soak-traffic &
	tp=$!
	end=$(($(date +%s) + 60 * ${minutes:-30}))
	while [ "$(date +%s)" -lt "$end" ]; do
		cyc=$((cyc + 1))
		if out=$(soak_attach_cycle 2>&1); then
			echo "attach ok" >>/tmp/soak-attach
		else
			echo "attach $out" >>/tmp/soak-attach
		fi
		[ "$FRONT" = ours ] || continue
		chan=$((chan + 1))
		[ "$n" = $SOAK_NQ ] && n=1 || n=$SOAK_NQ
		if out=$(soak_channels $n 2>&1); then
			echo "channels ok" >>/tmp/soak-chan
		else
			echo "channels $out" >>/tmp/soak-chan
		fi
	done
	touch /run/lab/soak-stop
	timeout $((SOAK_ROUND + 60)) sh -c "while kill -0 $tp 2>/dev/null; do sleep 1; done"
	kill "$tp" 2>/dev/null
	[ "$n" = $SOAK_NQ ] || soak_channels $SOAK_NQ >/dev/null
	soak_detach_leftovers
	log "soak: $cyc attach cycles, $chan queue changes"
	check traffic soak_rounds /tmp/soak-traffic "iperf3 rounds"
	check attach-detach soak_rounds /tmp/soak-attach "attach/detach cycles"
	xcheck ethtool-L "$([ "$FRONT" = ours ] && echo 0 || echo "stock netfront ($FRONT)")" "ethtool channel ops (-L)" soak_rounds /tmp/soak-chan "queue changes"
	check tcp-after tcp_ok tx 2
	soak_snapshot end
	check no-leak-grants same_as_base grants
	check no-leak-dom0-slab grew_at_most sunreclaim 8
	check no-leak-dom0-memory grew_at_most avail 16
	check no-leak-domu-slab grew_at_most u_sunreclaim 8
	check no-leak-domu-memory grew_at_most u_avail 16
	check no-leak-kthreads same_as_base kthreads
	check no-leak-vifs same_as_base vifs
	check no-leak-xenstore same_as_base xs
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check no-vifs-after-destroy no_vifs
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

soak_main
