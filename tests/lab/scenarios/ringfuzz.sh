# SPDX-License-Identifier: GPL-2.0
# ringfuzz: the seeded ring fuzzers of issue #17, both sides in one boot.
# Our netback (nbparams max_queues=4) serves a good domU running the
# netfront under test (2 vCPUs, eth0 on xenbr0 keeps traffic going) and
# a hostile domU running tests/hostile's module.  Each round has a seed;
# the seed's parity picks the side:
#   even  the hostile frontend's mode "fuzz" (tests/hostile/fuzz.c) on a
#         fresh vif of the hostile domU, its shape (queues 1-4, attacked
#         queue, ring order 0-1, layout, split channels) drawn from the
#         seed, against our netback
#   odd   the lying backend's mode "fuzz" (tests/hostile-backend/fuzz.c)
#         on a fresh eth1 of the good domU (queue 0 or 1 from the seed),
#         against the netfront under test, in the rings it negotiated
#         with netback: layout v2 when scripts/lab's plan key v2=1 loads
#         it with ring_layout_v2=1 (it does), else classic, its default
# Rounds take the seeds seed, seed+1, ...: plan key seed= (scripts/lab
# sets it from LAB_RINGFUZZ_SEED, else the time), rounds= (default 2, as
# in scripts/lab check) or minutes= (LAB_RINGFUZZ_MINUTES: rounds until
# that much time has passed); side=frontend|backend (LAB_RINGFUZZ_SIDE)
# keeps one side, stepping the seeds by 2 from the first of its parity.  After every round the hostile suites' own
# checks (their functions, sourced): dom0 alive, the good domU's ping and
# TCP during the round and its ping after, the vif detached, nothing left
# (netdevs, kthreads, interrupts, ring mappings, grants; the guest's
# event channels and device on the backend side), dom0's unreclaimable
# memory back, no WARN/BUG/KASAN line in dom0 or the guest.  A round with
# a failed check ends with
#   replay: LAB_RINGFUZZ_SEED=<seed> scripts/lab run ringfuzz
# which runs that round first, with the same draws (both modules print
# the seed and a digest of the first 64 steps' draws).

RINGFUZZ_LIB=1
. "$LAB/scenarios/hostile.sh"
. "$LAB/scenarios/hostile-backend.sh"

# rcheck NAME CMD...: a check of this round; a failure marks the round.
rcheck() { check "$@" || ROUND_BAD=1; }

# A well-mixed 32-bit number from the seed, for the round's shape.
seed_mix() { echo $(((($1 / 2) * 2654435761 + 40503) & 0xffffffff)); }

round_verdict() {
	if [ "$ROUND_BAD" = 1 ]; then
		echo "seed $SEED ($1) failed a check"
		echo "replay: LAB_RINGFUZZ_SEED=$SEED scripts/lab run ringfuzz"
		return 1
	fi
	echo "seed $SEED ($1): every check passed"
}

# The hostile frontend's round ended: it printed its last fuzz line.
fe_fuzzed() {
	local re="device/vif/$DEVID: fuzz: seed $SEED: "
	wait_for 30 grep -q "$re" "$HCON" || { tail -n 5 "$HCON"; echo "no line \"$re\""; return 1; }
	grep -F "device/vif/$DEVID: fuzz: seed $SEED" "$HCON" | sed 's/^.*fuzz: //'
	said "$VIF|vif-$HID-$DEVID" | tail -n 3
	echo "backend state $(be_state), carrier $(carrier)"
}

write_hostile_key() {
	xenstore-write "/local/domain/$HID/data/$1" "$2" &&
		xenstore-chmod "/local/domain/$HID/data/$1" "n$HID"
}

fe_round() {
	local x q
	x=$(seed_mix "$SEED")
	q=$((1 + x % 4))
	hconfig="queues=$q,attack=$(((x >> 2) % q)),order=$(((x >> 4) & 1)),layout=$((1 + ((x >> 5) & 1))),split=$(((x >> 6) & 1))"
	AQ=$(((x >> 2) % q))
	MODE=fuzz
	hostile_ensure || { rcheck "$SEED/attach" fail "hostile domU unavailable"; return; }
	rcheck "$SEED/seed" write_hostile_key hostile-seed "$SEED"
	good_ping_start
	ALLOC0=$(dom0_alloc_kib)
	DEVID=
	rcheck "$SEED/attach" hostile_attach fuzz "$ROUND"
	if [ -z "$DEVID" ]; then
		kill "$PING_PID" 2>/dev/null
		wait 2>/dev/null
		return
	fi
	good_tcp_start
	rcheck "$SEED/fuzzed" fe_fuzzed
	rcheck "$SEED/dom0-alive" dom0_alive
	rcheck "$SEED/good-traffic-during" good_during
	rcheck "$SEED/detach" hostile_detach
	rcheck "$SEED/good-traffic-after" ping -c 3 -i 0.2 -W 2 "$DOMU_IP"
	rcheck "$SEED/nothing-left" nothing_left
	rcheck "$SEED/alloc-back" alloc_back
	rcheck "$SEED/dom0-dmesg-clean" dom0_kmsg_clean "$MARK"
	wait 2>/dev/null
}

# The lying backend's round ended: its last fuzz line, and what the
# netfront under test said about eth1: its counters, each queue's BQL
# state and per-queue TX counters, and how the guest's ping ended.
be_fuzzed() {
	wait_for 30 hb_said "fuzz: seed $SEED: " || { hb_said ""; echo "no end line from the fuzzing backend"; return 1; }
	hb_said "fuzz: " | sed 's/^.*fuzz: //'
	# The guest's side of the depth: what eth1 took and sent.
	dx "cd /sys/class/net/eth1/statistics 2>/dev/null && echo eth1 rx_packets \$(cat rx_packets) tx_packets \$(cat tx_packets) rx_errors \$(cat rx_errors) tx_dropped \$(cat tx_dropped) carrier \$(cat ../carrier) changes \$(cat ../carrier_changes) \$(cat ../operstate); for q in ../queues/tx-*; do echo \${q##*/} bql inflight \$(cat \$q/byte_queue_limits/inflight) limit \$(cat \$q/byte_queue_limits/limit); done; ethtool -S eth1 | grep -E 'q[0-9]+_tx_(packets|dropped|notify_sent|ring_full):' | tr -s ' \n' ' '; echo; kill -INT \$(cat /tmp/eth1-ping.pid) 2>/dev/null; sleep 1; tail -n 3 /tmp/eth1-ping.out"
	eth1_said | tail -n 3
	echo "eth1 frontend state $(fe1_state)"
}

# The lying backend serves queue HBQ only: a packet the guest hashed to
# the other queue would wait there for the whole round, and the BQL then
# holds that queue's later packets in the qdisc. XPS sends everything
# the guest sends on eth1 to the served queue (our netfront has no
# ndo_select_queue of its own, so the core's XPS choice stands).
hb_eth1_steer() {
	dx "all=\$(printf %x \$(((1 << \$(nproc)) - 1))); for q in /sys/class/net/eth1/queues/tx-*; do if [ \${q##*-} = $HBQ ]; then echo \$all; else echo 0; fi >\$q/xps_cpus; done" >/dev/null
}

# The fuzzer answers most requests as netback would: a 500/s ping
# through the round keeps TX requests coming (and the ring filling while
# the fuzzer stalls), and shows it the guest's addresses, to which it
# sends echo requests of its own. It starts while eth1 is still on
# netback (hb_swap's hook): the fuzzer's 3 s start at its connect, and
# three dx calls made after it took most of them (rounds saw 3-8 TX
# requests and never the guest's address).
hb_eth1_traffic() {
	hb_eth1_steer
	dx "ip neigh replace $DOM0_IP1 lladdr $(cat /sys/class/net/xenbr1/address) dev eth1 nud permanent; (/usr/bin/ping -q -w 20 -i 0.002 -W 1 -I eth1 $DOM0_IP1 >/tmp/eth1-ping.out 2>&1 & echo \$! >/tmp/eth1-ping.pid)" >/dev/null
	[ "$HBQ" = 0 ] || hb_flows
	ping -c 12 -i 0.25 -W 1 "$DOMU_IP1" >/dev/null 2>&1 &
}

be_round() {
	HBQ=$(((($(seed_mix "$SEED") >> 2)) % 2))
	MODE=fuzz-$SEED
	dx "echo lab-round $MODE >/dev/kmsg" >/dev/null
	echo "$SEED" >"$HB_PARAM/seed"
	good_ping_start
	rcheck "$SEED/attach" hb_swap fuzz hb_eth1_traffic
	if [ "$ROUND_BAD" = 1 ]; then
		# Whatever got attached goes, so that the next round starts clean.
		kill "$PING_PID" 2>/dev/null
		echo >"$HB_PARAM/target"
		hb_detach >/dev/null 2>&1
		wait 2>/dev/null
		return
	fi
	good_tcp_start
	rcheck "$SEED/fuzzed" be_fuzzed
	rcheck "$SEED/good-traffic-during" good_during
	rcheck "$SEED/guest-alive" guest_alive
	rcheck "$SEED/detach" hb_detach
	rcheck "$SEED/nothing-left" hb_nothing_left
	# A reconnect the fuzzer provoked ends access to ring pages the
	# lying backend still maps: Linux defers their free and says so.
	rcheck "$SEED/domu-dmesg-clean" domu_kmsg_clean 'g\.e\. 0x[0-9a-f]+ still in use!$'
	rcheck "$SEED/dom0-dmesg-clean" dom0_kmsg_clean "$MARK"
	wait 2>/dev/null
}

ringfuzz_round() {
	local t0 side
	t0=$(date +%s)
	ROUND_BAD=0
	MARK=$SCEN-$SEED
	kmsg_mark "$MARK"
	side=backend
	[ $((SEED % 2)) = 1 ] || side=frontend
	# On the console first: a round that kills dom0 prints no verdict.
	log "ringfuzz round $ROUND: seed $SEED, $side fuzzer (if dom0 dies now: replay: LAB_RINGFUZZ_SEED=$SEED scripts/lab run ringfuzz)"
	if [ "$side" = frontend ]; then fe_round; else be_round; fi
	check "$SEED/replay" round_verdict "$side fuzzer"
	log "ringfuzz round $ROUND seed $SEED ($side fuzzer) took $(($(date +%s) - t0))s"
}

ringfuzz_main() {
	local end rounds=${rounds:-2} t0 step=1
	t0=$(date +%s)
	SEED=${seed:-$(date +%s)}
	case ${side:-} in
	'') ;;
	frontend) step=2 SEED=$((SEED + SEED % 2)) ;;
	backend) step=2 SEED=$((SEED + 1 - SEED % 2)) ;;
	*) check side fail "side=$side: frontend or backend"; return 1 ;;
	esac
	seed=$SEED
	check backend-load netback_load "$BACK" max_queues=4 || return 1
	check hostile-load hb_load || return 1
	check good-domu-boot domu_start "$GOOD" "$FRONT" 2 || return 1
	MEM0=$(mem_avail_mib)
	XEN_FREE0=$(xen_free_mib)
	BASE_MAPS=$(dom0_maps)
	HB_BASE_MAPS=$BASE_MAPS
	check hostile-domu-boot hostile_domu_start || return 1
	lab_time "boots $(($(date +%s) - t0))"
	end=
	# The minutes are fuzzing time: they start after the boots.
	[ -z "${minutes:-}" ] || end=$(($(date +%s) + $(echo "$minutes" | awk '{ print int($1 * 60) }')))
	ROUND=0
	while :; do
		if [ -n "$end" ]; then
			[ "$ROUND" -lt 2 ] || [ "$(date +%s)" -lt "$end" ] || break
		else
			[ "$ROUND" -lt "$rounds" ] || break
		fi
		ROUND=$((ROUND + 1))
		ringfuzz_round </dev/null
		SEED=$((SEED + step))
	done
	log "ringfuzz: $ROUND rounds${side:+ ($side side)}, seeds $seed to $((SEED - step)), in $(($(date +%s) - t0))s"
	info "lab/$SCEN/rounds: $ROUND rounds${side:+ ($side side)}, first seed $seed"
	check good-tcp-after-all tcp_ok tx 2
	timeout 60 xl destroy "$HNAME" >/dev/null 2>&1
	check no-dying-domain no_dying_domain
	domu_stop "$GOOD"
	check hostile-unload rmmod xen-netback-hostile
	check dom0-memory-back dom0_memory_back
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

ringfuzz_main
