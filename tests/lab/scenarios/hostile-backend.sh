# SPDX-License-Identifier: GPL-2.0
# hostile-backend: a backend out to harm its guest.  The domU runs the
# netfront under test (plan key front=) with eth0 on netback; each round
# attaches a second vif, unbinds netback from it and binds
# tests/hostile-backend's xen-netback-hostile in its place, which tells
# one lie (its mode) three seconds after the frontend connected.  For
# every mode: the guest lives and eth0 keeps its traffic; eth1 says which
# lie broke it in one line and stops; eth1 detaches and leaves nothing
# mapped in dom0.  Plan key modes= picks MODE:REASON pairs (comma list).
#
# With a stock netfront every outcome is INFO (passed) or XFAIL (failed):
# it records what stock survives.
#
# The matrix (issue #17): with the plan key hbqueue=N (scripts/lab check
# runs hostile-backend-ours-mq2-v2-o1-split: hbqueue=1, a 2-vCPU guest,
# netback with its defaults and max_queues=2, the guest's netfront with
# ring_layout_v2=1 by the plan key v2=1) eth1 negotiates with netback
# what our drivers use between them when the guest asks for v2, 2 queues
# of 2-page rings in layout v2 with split event channels and SG/GSO
# (classic is their default: hostile-backend-ours' one-page classic
# rings cover it), and the lying backend takes
# over queue 1 and lies there (the other queue is left unserved: the test
# backend has no honest data path, and a protocol violation stops the
# whole device by design, so what must keep moving is the guest and
# eth0, as in every round).  Per mode one more check, matrix-keys: the
# frontend's keys have that shape and the lying backend mapped queue 1 as
# such (its "connected" line).  The guest pings 8 more addresses through
# eth1 so that some flow hashes to queue 1 for the TX lies.  Modes, those
# whose code path the shape changes, one per family: rx_prod (ring indices), rx_endless (slots: a
# longer ring), tx_bad_id (ids on queue 1's TX ring), evt_storm (events
# on split channels).
HBQ=${hbqueue:-0}

HB_MAC=00:16:3e:99:01:02
HB_SYS=/sys/bus/xen-backend/drivers
HB_PARAM=/sys/module/xen_netback_hostile/parameters

# MODE KIND REASON: the lie and what our netfront must do with it
# (Documentation/networking/xen-netfront.rst, "Failure messages"):
#   disable  a protocol violation: one "broke the protocol" line, carrier off
#   drop     a bad packet: dropped, counted and logged, the device lives
#   survive  nothing to refuse: no complaint, still connected
#   held     the same, with eth1's packets held in flight
#   flap     the backend went away and came back many times (state_flap,
#            like a backend driver reloaded in a loop): eth1 followed
#            every handshake, reconnected at least 8 times (ethtool -S
#            connects), at most 6 "connected" lines and 20 lines about
#            eth1 in all, connected at the end, not broken, the same
#            grants and no failed try in ring_budget.  Then works-again:
#            eth1 handed back to netback carries a ping; after detach,
#            alloc-back: the guest's SUnreclaim plus VmallocUsed within
#            1 MiB and Xen's count of the guest's grants mapped by others
#            as before the attach.  skipped-initwait: in the rounds where
#            the backend went from Closed straight to Connected without
#            InitWait, eth1 (Closed or Closing) never connected, and it
#            connected again in each once the backend behaved
HB_CASES="
rx_prod disable bad_rsp_prod
rx_bad_size drop rx_bad_size
rx_bad_id drop rx_bad_id
rx_endless drop rx_too_many_slots
rx_grant_in_use disable grant_in_use
tx_bad_id disable tx_bad_id
tx_dup disable tx_not_in_flight
tx_bad_status disable tx_bad_status
tx_grant_in_use disable grant_in_use
null-tx-on-data-slot disable tx_bad_null
evt_storm survive -
no_drain held -
no_close survive -
state_flap flap -
"

# hbcheck NAME CMD...: a check; with a stock frontend a pass is INFO and
# a failure XFAIL.
hbcheck() {
	[ "$FRONT" = ours ] || { observe "$FRONT netfront" "$@"; return; }
	check "$@"
}

eth1_up() { dx -t 5 "test -e /sys/class/net/eth1"; }
eth1_gone() { dx -t 5 "test ! -e /sys/class/net/eth1"; }
fe1_state() { xenstore-read "/local/domain/$DOMID/device/vif/1/state" 2>/dev/null; }
fe1_connected() { [ "$(fe1_state)" = 4 ]; }
hb_maps() { grep -c xenbus_map_ring /proc/vmallocinfo; }
hb_irqs() { grep -c vif-hostile /proc/interrupts; }
lie_told() { hb_said "lie told" >/dev/null; }
hb_node() { echo "backend/vif/$DOMID/1"; }
# The guest's kernel lines about eth1 since this round began.
eth1_said() { dx "dmesg | sed -n '/lab-round $MODE\$/,\$p' | grep -E 'eth1|vif-1'"; }

# hb_swap MODE [HOOK]: eth1 on netback, then handed to the lying backend.
# HOOK runs while eth1 is still on netback: traffic it starts is there
# when the lying backend's clock starts.
hb_swap() {
	printf %s "$1" >"$HB_PARAM/mode" || { echo "cannot set the mode"; return 1; }
	echo "$HBQ" >"$HB_PARAM/queue" || { echo "cannot set the queue"; return 1; }
	timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac=$HB_MAC ||
		{ echo "xl network-attach failed"; return 1; }
	wait_for 30 eth1_up || { echo "no eth1 in the guest"; return 1; }
	dx "ip addr add $DOMU_IP1/24 dev eth1; ip link set eth1 up" >/dev/null
	wait_for 30 fe1_connected || { echo "eth1 did not connect to netback"; return 1; }
	# What nothing-left's probe sees of a live eth1: it must see something.
	FE1_LIVE=$(fe1_left)
	[ -z "${2:-}" ] || "$2"
	echo "vif-$DOMID-1" >"$HB_SYS/vif/unbind" || { echo "unbind from netback failed"; return 1; }
	# The hostile driver takes only its target, and only for this bind.
	printf %s "vif-$DOMID-1" >"$HB_PARAM/target"
	echo "vif-$DOMID-1" >"$HB_SYS/vif-hostile/bind" || { echo >"$HB_PARAM/target"; echo "hostile bind failed"; return 1; }
	echo >"$HB_PARAM/target"
	wait_for 30 hb_said "connected, lie in" ||
		{ hb_said ""; echo "eth1 did not connect to the hostile backend (state $(fe1_state))"; return 1; }
	echo "eth1 on the hostile backend, lie $1"
}

# hb_said TEXT: the hostile backend's lines about eth1 since this round.
hb_said() { dmesg | sed -n "/lab-mark $MARK\$/,\$p" | grep "$(hb_node): .*$1"; }

# Traffic on eth1 gives the TX lies a request to answer and the RX lies
# buffers to abuse; the lie comes within seconds.  The neighbour entry
# lets packets reach the ring when no ARP answer ever comes back.
hb_lie() {
	dx "ip neigh replace $DOM0_IP1 lladdr $(cat /sys/class/net/xenbr1/address) dev eth1 nud permanent" >/dev/null
	dx "(/usr/bin/ping -c 20 -i 0.5 -W 1 -I eth1 $DOM0_IP1 >/dev/null 2>&1 &)" >/dev/null
	# More flows, one of which the frontend puts on queue HBQ.
	[ "$HBQ" = 0 ] || hb_flows
	wait_for 20 lie_told || { echo "the hostile backend never told its lie"; return 1; }
	hb_said "" | tail -n 2
}

# Eight more destinations on eth1's subnet, each its own flow.
hb_flows() {
	local i a cmd=
	for i in 11 12 13 14 15 16 17 18; do
		a=$(echo "$DOM0_IP1" | sed "s/[0-9]*\$/$i/")
		cmd="$cmd ip neigh replace $a lladdr $(cat /sys/class/net/xenbr1/address) dev eth1 nud permanent;"
		cmd="$cmd (/usr/bin/ping -c 10 -i 0.5 -W 1 -I eth1 $a >/dev/null 2>&1 &);"
	done
	dx "$cmd" >/dev/null
}

# matrix-keys: eth1's keys in xenstore have the shape the matrix is
# about, and the lying backend mapped queue HBQ with it.
hb_matrix_keys() {
	local fe=/local/domain/$DOMID/device/vif/1 line
	line=$(hb_said "connected, lie in" | tail -n 1)
	echo "frontend: queues $(xenstore-read "$fe/multi-queue-num-queues" 2>/dev/null), layout $(xenstore-read "$fe/ring-layout" 2>/dev/null), order $(xenstore-read "$fe/ring-page-order" 2>/dev/null), queue-$HBQ: $(xenstore-list "$fe/queue-$HBQ" 2>/dev/null | tr '\n' ' ')"
	echo "${line#*: }"
	[ "$(xenstore-read "$fe/multi-queue-num-queues")" -gt "$HBQ" ] &&
		[ "$(xenstore-read "$fe/ring-layout")" = 2 ] &&
		[ "$(xenstore-read "$fe/ring-page-order")" -ge 1 ] &&
		xenstore-read "$fe/queue-$HBQ/event-channel-rx" >/dev/null &&
		echo "$line" | grep -q "(queue $HBQ, ring order [1-9], layout v2, split event channels)"
}

# What our netfront must say: one line naming the lie, eth1 down.
hb_reported() {
	local re="eth1: backend broke the protocol ($1 on queue $HBQ): device disabled until reconnect" n c
	wait_for 10 eth1_reports "$re" || { eth1_said; echo "no line \"$re\""; return 1; }
	eth1_said
	n=$(eth1_said | grep -c 'broke the protocol')
	c=$(dx "cat /sys/class/net/eth1/carrier")
	echo "$n line(s), eth1 carrier $c"
	[ "$n" = 1 ] && [ "$c" = 0 ]
}

eth1_reports() { eth1_said | grep -qF "$1"; }

# A bad packet: dropped with one line naming it, counted, eth1 lives.
hb_dropped() {
	local re="eth1: queue $HBQ: dropped a packet from the backend ($1)" n
	wait_for 10 eth1_reports "$re" || { eth1_said; echo "no line \"$re\""; return 1; }
	eth1_said
	n=$(eth1_stat "q${HBQ}_rejected_$1")
	echo "q${HBQ}_rejected_$1 $n, broken $(eth1_broken), frontend state $(fe1_state)"
	[ "${n:-0}" -gt 0 ] && [ "$(eth1_broken)" = 0 ] && fe1_connected
}

# A lie that breaks nothing: eth1 still connected, no complaint.
hb_survived() {
	sleep 2
	eth1_said
	echo "eth1 frontend state $(fe1_state)"
	! eth1_said | grep -q 'broke the protocol' && fe1_connected
}

# A stock netfront's reaction, for the record.
hb_stock_reaction() {
	sleep 5
	eth1_said | tail -n 4
	echo "$(eth1_said | tail -n 1 | sed 's/^.*eth1: //' | cut -c1-80); state $(fe1_state)"
}

eth1_stat() { dx "ethtool -S eth1" | awk -v k="$1:" '$1 == k { print $2 }'; }
# Our netfront's sysfs state (ABI: sysfs-bus-xen-netfront): 1 if stopped.
eth1_broken() { dx "cat /sys/class/net/eth1/device/broken"; }
eth1_inflight() { dx "cat /sys/class/net/eth1/queues/tx-0/byte_queue_limits/inflight"; }
eth1_held() { [ "$(eth1_inflight)" -gt 0 ] 2>/dev/null; }

# A backend that never answers: eth1's transmit queue stops with its
# packets in flight (byte queue limits), and nothing breaks.
hb_undrained() {
	local a b
	wait_for 20 eth1_held || { echo "eth1 has nothing in flight"; return 1; }
	a=$(eth1_stat q0_tx_packets)
	sleep 3
	b=$(eth1_stat q0_tx_packets)
	echo "$(eth1_inflight) bytes in flight, q0_tx_packets $a, 3 s later $b"
	[ "$a" = "$b" ] && hb_survived
}

# The guest's unreclaimable slab plus vmalloc in use, in KiB.
guest_alloc_kib() { dx "awk '/^(SUnreclaim|VmallocUsed):/ { s += \$2 } END { print s + 0 }' /proc/meminfo"; }
eth1_budget() { dx "cat /sys/class/net/eth1/device/ring_budget"; }
eth1_carrier_on() { [ "$(dx "cat /sys/class/net/eth1/carrier")" = 1 ]; }
# budget_field NAME: the number after NAME in a ring_budget line (stdin).
budget_field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }

# A backend that kept going away and coming back: eth1 followed it,
# said little, and holds what it held before.
hb_flapped() {
	local line n cl c b
	line=$(hb_said "state_flap: " | tail -n 1)
	echo "${line#*: }"
	wait_for 10 fe1_connected || { echo "eth1 frontend state $(fe1_state), want 4"; return 1; }
	wait_for 10 eth1_carrier_on
	n=$(eth1_said | wc -l)
	cl=$(eth1_said | grep -c 'eth1: connected:')
	eth1_said | sed 's/^.*eth1: //' | cut -c1-72 | sort | uniq -c | sort -rn | head -n 4
	c=$(eth1_stat connects)
	b=$(eth1_budget)
	echo "eth1: connects ${c:-?}, $cl connect line(s), $n line(s) in all; ring_budget '$b' (at attach '$HB_BUDGET0'); carrier $(dx "cat /sys/class/net/eth1/carrier"), broken $(eth1_broken)"
	echo "$line" | grep -q '; connected$' && [ "${c:-0}" -ge 8 ] &&
		[ "$cl" -le 6 ] && [ "$n" -le 20 ] && [ "$(eth1_broken)" = 0 ] && eth1_carrier_on &&
		[ "$(echo "$b" | budget_field grants)" = "$(echo "$HB_BUDGET0" | budget_field grants)" ] &&
		[ "$(echo "$b" | budget_field tries)" = 1 ]
}

# The rounds of state_flap that skipped InitWait (Closed straight to
# Connected, nothing mapped): the frontend built nothing for any of them
# and connected again after each once the backend offered InitWait.
hb_skipped_initwait() {
	local line s c b
	line=$(hb_said "state_flap: " | tail -n 1)
	s=$(echo "$line" | sed -n 's/.*skipped InitWait \([0-9]*\) times.*/\1/p')
	c=$(echo "$line" | sed -n 's/.*the frontend connected in \([0-9]*\),.*/\1/p')
	b=$(echo "$line" | sed -n 's/.*connected again after \([0-9]*\);.*/\1/p')
	echo "skipped ${line#*skipped }"
	[ "${s:-0}" -ge 1 ] && [ "$c" = 0 ] && [ "$b" = "$s" ]
}

# After the flapping eth1 works: handed back to netback (the hostile
# driver unbound, netback bound, the hotplug script's work done by hand)
# it carries a ping from dom0.
hb_works_again() {
	echo "vif-$DOMID-1" >"$HB_SYS/vif-hostile/unbind" || { echo "cannot unbind the hostile backend"; return 1; }
	echo "vif-$DOMID-1" >"$HB_SYS/vif/bind" || { echo "cannot bind netback"; return 1; }
	wait_for 30 test -d "/sys/class/net/vif$DOMID.1" || { echo "no vif$DOMID.1 after the bind"; return 1; }
	ip link set "vif$DOMID.1" master xenbr1 up
	xenstore-write "/local/domain/0/backend/vif/$DOMID/1/hotplug-status" connected
	wait_for 30 ping -c 1 -W 1 "$DOMU_IP1" >/dev/null || { echo "no ping through eth1 (frontend state $(fe1_state))"; return 1; }
	echo "eth1 back on netback answers ping; connects $(eth1_stat connects)"
}

# Nothing of the flapping stayed allocated in the guest.
hb_alloc_back() {
	local now g
	now=$(guest_alloc_kib)
	g=$(xen_active_grants "$DOMID")
	echo "guest SUnreclaim+VmallocUsed $now KiB (before attach $HB_ALLOC0); the guest's grants mapped by others $g (before attach $HB_GRANTS0)"
	[ $((now - HB_ALLOC0)) -le 1024 ] && [ "$g" = "$HB_GRANTS0" ]
}

hb_outcome() {
	[ "$FRONT" = ours ] || { hb_stock_reaction; return; }
	case $1 in
	flap) hb_flapped ;;
	disable) hb_reported "$2" ;;
	drop) hb_dropped "$2" ;;
	held) hb_undrained ;;
	*) hb_survived ;;
	esac
}

guest_alive() {
	dx -t 10 true || { echo "the guest's command channel (eth0) died"; return 1; }
	wait_for 10 ping -c 1 -W 1 "$DOMU_IP" || { echo "no ping through eth0"; return 1; }
	echo "guest answers through eth0"
}

hb_detach() {
	if ! timeout 60 xl network-detach "$DOMID" $HB_MAC; then
		# A backend that never closes makes libxl give up after its
		# own timeout; the guest must still let eth1 go.
		[ "$MODE" = no_close ] || { echo "xl network-detach failed"; return 1; }
		echo "libxl gave up on the backend, as it should"
	fi
	wait_for 30 eth1_gone || { echo "eth1 still in the guest"; return 1; }
	echo "eth1 gone"
}

# fe1_left: what of eth1 the netfront under test still holds in the
# guest: its event channels (ours names them eth1-q<N>-tx/-rx, stock
# vif1-q<N>-tx/-rx) and its xenbus device.
fe1_left() {
	local out
	out=$(dx "echo irqs \$(grep -cE '(eth1|vif1)-q[0-9]' /proc/interrupts); if test -e /sys/bus/xen/devices/vif-1; then echo device vif-1; fi")
	case $out in
	*"irqs "[0-9]*) echo "$out" | grep -vx 'irqs 0' || true ;;
	*) echo "cannot read the guest's interrupts: $out"; return 1 ;;
	esac
}
fe1_released() { [ -z "$(fe1_left)" ]; }

# nothing-left: the netfront under test let go of everything of eth1 in
# the guest (event channels, xenbus device), and the lying backend, the
# test tool, unmapped and unbound everything in dom0 (else the round's
# verdict on the frontend would rest on a tool that is still holding on).
hb_nothing_left() {
	local maps irqs left
	[ "$MODE" = no_close ] && timeout 20 sh -c "echo vif-$DOMID-1 >$HB_SYS/vif-hostile/unbind" 2>/dev/null
	wait_for 10 sh -c "[ \$(grep -c vif-hostile /proc/interrupts) = 0 ]"
	case $FE1_LIVE in
	*"irqs "[1-9]*) ;;
	*) echo "the probe saw no event channel of the live eth1 ('$FE1_LIVE'): it proves nothing"; return 1 ;;
	esac
	wait_for 20 fe1_released
	left=$(fe1_left) || { echo "$left"; return 1; }
	maps=$(hb_maps)
	irqs=$(hb_irqs)
	echo "guest: ${left:-nothing of eth1 left} (netfront under test); dom0: ring-maps $maps (base $HB_BASE_MAPS), hostile interrupts $irqs (tool)"
	[ -z "$left" ] && [ "$maps" = "$HB_BASE_MAPS" ] && [ "$irqs" = 0 ]
}

# A scenario cut short by its time limit leaves the module loaded.
hb_load() {
	grep -q '^xen_netback_hostile ' /proc/modules && return 0
	insmod "$LAB/ko/xen-netback-hostile.ko"
}

hb_case() { # MODE KIND REASON
	MODE=$1
	MARK=$SCEN-$MODE
	kmsg_mark "$MARK"
	dx "echo lab-round $MODE >/dev/kmsg" >/dev/null
	if [ "$2" = flap ]; then
		HB_ALLOC0=$(guest_alloc_kib)
		HB_GRANTS0=$(xen_active_grants "$DOMID")
	fi
	hbcheck "$MODE/attach" hb_swap "$MODE" || return
	[ "$2" != flap ] || HB_BUDGET0=$(eth1_budget)
	[ "$HBQ" = 0 ] || hbcheck "$MODE/matrix-keys" hb_matrix_keys
	hbcheck "$MODE/lie" hb_lie
	hbcheck "$MODE/reaction" hb_outcome "$2" "$3"
	[ "$2" != flap ] || hbcheck "$MODE/skipped-initwait" hb_skipped_initwait
	hbcheck "$MODE/guest-alive" guest_alive
	[ "$2" != flap ] || hbcheck "$MODE/works-again" hb_works_again
	hbcheck "$MODE/detach" hb_detach
	hbcheck "$MODE/nothing-left" hb_nothing_left
	[ "$2" != flap ] || hbcheck "$MODE/alloc-back" hb_alloc_back
}

hostile_backend_main() {
	local sel mode kind why params=
	# The lying backend takes over the rings netback negotiated: the
	# classic run keeps them one classic page, the matrix takes what our
	# drivers choose between them (nbparams=, e.g. max_queues=2).
	[ "$BACK" = ours ] && [ "$HBQ" = 0 ] && params="max_ring_page_order=0 ring_layout_v2=0"
	params="$params $(echo "${nbparams:-}" | tr ',' ' ')"
	check backend-load netback_load "$BACK" $params || return 1
	check hostile-load hb_load || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" "${hbvcpus:-1}" || return 1
	HB_BASE_MAPS=$(hb_maps)
	sel=$(echo "${modes:-}" | tr ',' ' ')
	echo "$HB_CASES" | while read -r mode kind why; do
		[ -n "$mode" ] || continue
		if [ -n "$sel" ]; then
			case " $sel " in *" $mode "*) ;; *) continue ;; esac
		fi
		hb_case "$mode" "$kind" "$why" </dev/null
	done
	hbcheck tcp-after-all tcp_ok tx 2
	# Ending access to a page the backend still maps, Linux defers the
	# free and says "g.e. ... still in use!": the answer to grant_in_use.
	hbcheck domu-dmesg-clean domu_kmsg_clean 'g\.e\. 0x[0-9a-f]+ still in use!$'
	domu_stop "lab-$SCEN"
	check hostile-unload rmmod xen-netback-hostile
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

# ringfuzz.sh sources this file for its functions (RINGFUZZ_LIB=1).
[ -n "${RINGFUZZ_LIB:-}" ] || hostile_backend_main
