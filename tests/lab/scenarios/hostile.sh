# SPDX-License-Identifier: GPL-2.0
# hostile: a guest out to harm its backend.  One well-behaved domU keeps
# traffic going while a second domU, running tests/hostile's
# xen-netfront-hostile instead of a netfront, gets one hot-plugged vif per
# attack (the mode is read from its data/hostile-mode key).  For every
# mode: dom0 lives, the backend answers the attack as our backend's
# documentation says (refuses the handshake, disables the vif with one
# log line naming it and the reason, drops and counts, or shrugs), the
# good domU's traffic flows during and after, and once the vif is
# detached nothing of it is left in dom0 or in Xen's grant tables.  At
# the end the hostile domU is destroyed and must leave no dying domain.
#
# With the stock backend every outcome is recorded as INFO (passed) or
# XFAIL (failed), never as a failure: it shows which attacks stock
# survives.  Plan keys (scripts/lab sets them from LAB_HOSTILE_MODES and
# LAB_HOSTILE_NETBACK): modes= a comma list of modes to run, nbparams= a
# comma list of backend module parameters (e.g. tx_zerocopy=1).
#
# The matrix (issue #17): with the plan key hconfig= (scripts/lab check
# runs it as hostile-mq4-v2-o1-split-sg: hconfig=queues=4,attack=3,
# order=1,layout=2,split=1, netback max_queues=4) the hostile frontend
# builds the device users run between our drivers: 4 queues, 2-page rings
# in layout v2, one event channel per direction, SG and GSO negotiated
# (the hostile frontend always writes feature-sg and feature-gso-tcpv4/6),
# and attacks queue 3 while queue 0 sends a frame every 20 ms.  Per mode
# two more checks: matrix-keys (the frontend's keys in xenstore have that
# shape; the backend took them if it connected or named queue 3) and,
# where the vif must live,
# queue0-moved (dom0's q0_guest_tx_packets grew during the attack).  It
# runs only the modes whose code path the shape changes, one per family
# so that the matrix stays inside its lab time, one boot for all:
#   ring indices  prod_jump: index arithmetic on a ring of 512 v2 entries
#                 over 2 pages, on queue 3
#   slot counts   too_many_slots: slots per packet against a larger ring
#   extras, GSO   extra_dup gso_not_tcp: extra-info slots in the v2
#                 stride, a GSO type the payload does not match
#   grants        bad_gref: the grant-copy error path of queue 3 only
#   events        rx_evt_flood: spurious events on queue 3's own RX
#                 channel, split, no buffers posted (issue #17's stall +
#                 flood); evt_flood, the TX channel's, runs in the
#                 classic run only, to keep the matrix in its lab time
# The staged_* modes (issue #22) send staged grants' gref mapping
# requests on the control ring: netback serves them only with
# staged_enable=1, which staged_for writes for exactly those cases (it is
# 0644) and sets back to the run's own value before every other case, so
# a case that fails half-way cannot leave it on for the next one.
#
# Not here: the handshake modes (their keys are their own, one classic
# queue), ctrl (one control ring per vif whatever the shape), stall and
# rx_prod_jump (they need guest RX on queue 3, which the backend picks by
# hash: the attacker cannot steer it without a hash table) and the
# lifecycle modes (teardown is per vif).

HNAME=lab-hostile
HBR=xenbr1
HBCAST=10.99.1.255
HMCAST=224.0.0.251
HCON=/var/log/xen/console/guest-$HNAME.log
GOOD=lab-hostile-good
# The attacked queue: attack= in the matrix configuration, else 0.
AQ=$(echo "${hconfig:-}" | tr ',' '\n' | sed -n 's/^attack=//p')
AQ=${AQ:-0}

# MODE KIND ARG: what our backend does with each attack (tests/hostile/
# modes.c; Documentation/networking/xen-netif-security.rst).  Kinds:
#   refuse RE    the handshake is refused: xenbus error matching RE
#   disable WHY  the vif is disabled: "broke the protocol ...: WHY"
#   rxdisable    the same, for the impossible RX producer index
#   ctrldisable [WHY]  the same, on the control ring: WHY, or
#                "impossible producer index" for -
#   ctrl         every bad control request refused, the vif lives
#   drop STAT    the packets are dropped and counted in ethtool STAT
#   stall        carrier off until the guest posts buffers (XSA-392)
#   spurious [stalled]  events without work are counted, the vif lives
#                (stalled: ten times more spurious than real, carrier
#                may be off since no buffers are posted)
#   survive      nothing to refuse: the vif stays connected
#   report RE    the hostile module's own line matches RE, the vif lives
#   warn RE      dom0 logged "<vif>: RE" (dots match spaces), the vif lives
#   flap         the frontend flapped its state: the vif is connected at
#                the end (the module saw it stay so for 5 s after its
#                last flap), one "connected" line per round at most and few
#                others; after detach, alloc-back: dom0's unreclaimable
#                slab and vmalloc use back within 1 MiB of before attach
#   reshape      connected twice, first as 2 queues of 2-page v2 rings
#                with split channels, then as 1 classic queue of 1 page
#                with one channel: nothing of the first connect carried
#   any          refused or not, nothing else may suffer
HOSTILE_CASES="
queues0 refuse asks.for.0.queues
queues1000 refuse asks.for.1000.queues
order31 refuse ring.order.31
bad_evtchn refuse mapping.queue.0
bad_ring_ref refuse mapping.queue.0
xdp_headroom warn frontend.asks.for.65535.bytes.of.XDP.headroom,.more.than.[0-9]+;.using.none
prod_jump disable bad_prod
prod_back disable bad_prod
rx_prod_jump rxdisable -
truncated disable bad_truncated
cross_page disable bad_cross_page
too_many_slots disable bad_slots
extra_unknown disable bad_extra_type
extra_dup disable bad_extra_dup
extra_endless disable bad_extra_dup
gso_type disable bad_gso_type
gso_size disable bad_gso_size
gso_not_tcp drop q0_guest_tx_dropped
gso_wrong_ip drop q0_guest_tx_dropped
bad_gref drop q0_guest_tx_dropped
zero_len drop guest_tx_drop_short
oversize drop guest_tx_drop_oversize
zero_frags survive -
tiny_slots survive -
dup_ids survive -
double_fetch survive -
ctrl_hash ctrl -
ctrl_prod_jump ctrldisable -
ctrl_flood report ctrl_flood:.*ring.alive
ctrl_early report ctrl_early:.*early.request.answered,.later.request.answered
staged_dup ctrldisable staged_dup
staged_overlap ctrldisable staged_dup
staged_over_bound ctrldisable staged_over_bound
staged_del_unmapped ctrldisable staged_del_unmapped
staged_bad_count ctrldisable staged_bad_count
staged_del_inuse report staged_del_inuse:.ADD.0,.DEL.0.\(2.unmapped\).*frame.answered,.ring.alive
staged_honest report staged_honest:.*ADD.0.\(0.entries.refused\),.TX.4.of.4.okay,.DEL.0.\(4.unmapped\);.ring.alive
evt_flood spurious -
rx_evt_flood spurious stalled
xs_flood survive -
stall stall -
disconnect_mid any -
mcast_churn any -
zc_close any -
state_flap flap -
reshape reshape -
stale_keys any -
"

# hcheck NAME CMD...: a check; against the stock backend a pass is INFO
# and a failure XFAIL, so the run records what stock survives.
hcheck() {
	[ "$BACK" = stock ] || { check "$@"; return; }
	observe "stock netback" "$@"
}

# --- the hostile domU ----------------------------------------------------

hostile_domu_start() {
	local cfg=/run/lab/$HNAME.cfg
	hostile_domu_cfg "$HNAME" >"$cfg"
	timeout 120 xl create "$cfg" >/tmp/lab-xl.out 2>&1 ||
		{ cat /tmp/lab-xl.out; echo "xl create failed"; return 1; }
	HID=$(xl domid "$HNAME")
	wait_for 180 grep -q 'xen_netfront_hostile: loaded' "$HCON" ||
		{ tail -n 20 "$HCON"; echo "hostile module not loaded in domain $HID"; return 1; }
	# The toolstack's own mappings (console and xenstore rings) stay.
	BASE_GRANTS=$(xen_active_grants "$HID")
	echo "hostile domain $HID up, module loaded, $BASE_GRANTS active grants"
}

hostile_alive() { xl domid "$HNAME" >/dev/null 2>&1 && [ "$(xl domid "$HNAME")" = "$HID" ]; }

# xl list's state column: crashed, shut down or dying.
hostile_down() { xl list "$HNAME" 2>/dev/null | awk 'NR == 2 { print $5 }' | grep -q '[csd]'; }

# A hostile domU that crashed (on_crash preserve) is replaced.
hostile_ensure() {
	hostile_alive && ! hostile_down && return 0
	log "hostile domU gone or crashed; starting a new one"
	tail -n 30 "$HCON" >/dev/console 2>&1
	timeout 60 xl destroy "$HNAME" >/dev/null 2>&1
	hostile_domu_start >/dev/console 2>&1
}

hostile_devids() { xenstore-list "/local/domain/0/backend/vif/$HID" 2>/dev/null; }
be_path() { echo "/local/domain/0/backend/vif/$HID/$DEVID"; }
be_state() { xenstore-read "$(be_path)/state" 2>/dev/null; }

# hostile_attach MODE N: a new vif for the hostile domU, attacked by MODE.
hostile_attach() {
	local mode=$1 mac before d key=/local/domain/$HID/data/hostile-mode
	mac=$(printf '00:16:3e:99:02:%02x' "$2")
	if ! xenstore-write "$key" "$mode" || ! xenstore-chmod "$key" "n$HID"; then
		echo "cannot write $key"
		return 1
	fi
	if [ -n "${hconfig:-}" ]; then
		xenstore-write "/local/domain/$HID/data/hostile-config" "$hconfig" &&
			xenstore-chmod "/local/domain/$HID/data/hostile-config" "n$HID" ||
			{ echo "cannot write the hostile configuration"; return 1; }
	fi
	before=" $(hostile_devids | tr '\n' ' ') "
	hostile_xl_attach "$mac" "$before" || return 1
	DEVID=
	for d in $(hostile_devids); do
		case $before in *" $d "*) ;; *) DEVID=$d ;; esac
	done
	[ -n "$DEVID" ] || { echo "no new backend vif for domain $HID"; return 1; }
	VIF=vif$HID.$DEVID
	echo "$VIF attached, mode $mode"
}

# hostile_xl_attach MAC BEFORE: xl network-attach, and once more when
# libxl killed the vif's hot-plug script on its timeout: that is the
# toolstack's shell script starved on a loaded host (run 20261207-103628,
# the round of seed 1796639936), not a driver's doing. Any other failure,
# or a second timeout, fails the attach.
hostile_xl_attach() {
	local out=/tmp/hostile-attach.out try rc
	for try in 1 2; do
		timeout 60 xl network-attach "$HID" bridge=$HBR mac="$1" >"$out" 2>&1
		rc=$?
		cat "$out"
		[ "$rc" = 0 ] && return 0
		echo "xl network-attach failed"
		attach_leftovers_go "$2"
		grep -q "because of timeout" "$out" || return 1
		[ "$try" = 2 ] || echo "libxl's hot-plug script timed out: attaching once more"
	done
	return 1
}

# attach_leftovers_go BEFORE: a failed xl network-attach can leave the
# vif it half added (libxl killed vif-bridge on a timeout under load, run
# 20261207-070058, and the hostile frontend connected to the vif anyway):
# detach every device that was not in BEFORE, or each later detach and
# leak check fails on it.
attach_leftovers_go() {
	local d
	for d in $(hostile_devids); do
		case $1 in *" $d "*) continue ;; esac
		timeout 60 xl network-detach "$HID" "$d" >/dev/null 2>&1 ||
			xenstore-rm "/local/domain/0/backend/vif/$HID/$d" 2>/dev/null
		echo "removed the half-attached vif $d"
	done
}

hostile_detach() {
	timeout 60 xl network-detach "$HID" "$DEVID" ||
		{ echo "xl network-detach failed"; return 1; }
	wait_for 30 hostile_vif_gone || { echo "$VIF still in dom0"; return 1; }
	echo "$VIF detached"
}

hostile_vif_gone() { [ ! -e "/sys/class/net/$VIF" ] && [ -z "$(hostile_devids)" ]; }

# --- what dom0 says ------------------------------------------------------

kmsg_since() { dmesg | sed -n "/lab-mark $1\$/,\$p"; }
said() { kmsg_since "$MARK" | grep -E "$1"; }
con_said() { grep -F "$1" "$HCON"; }

# The hostile module's thread finished its attack, or the backend closed.
attack_over() {
	con_said "mode $MODE (" | grep -q 'attack done' ||
		con_said "mode $MODE: backend closed" | grep -q . ||
		case $(be_state) in 5 | 6) true ;; *) false ;; esac
}

stat_positive() { [ "$(stat_of "$1")" -gt 0 ]; }
stat_of() { ethtool -S "$VIF" 2>/dev/null | awk -v k="$1:" '$1 == k { s += $2 } END { print s + 0 }'; }
carrier() { cat "/sys/class/net/$VIF/carrier" 2>/dev/null || echo 0; }

# disabled_for WHY [WHERE]: the one line, carrier off, the backend
# closing or closed.
disabled_for() {
	local re n
	re="$VIF: frontend of domain $HID broke the protocol on ${2:-queue $AQ}: $1; disabling the interface"
	wait_for 20 said "$re" || { echo "no line \"$re\""; return 1; }
	wait_for 10 closed_or_closing || { echo "backend state $(be_state), want 5 or 6"; return 1; }
	n=$(said "$VIF: frontend of domain $HID broke the protocol" | wc -l)
	said "$re"
	echo "carrier $(carrier), backend state $(be_state), $n line(s)"
	[ "$n" = 1 ] && [ "$(carrier)" = 0 ]
}

closed_or_closing() { case $(be_state) in 5 | 6) true ;; *) false ;; esac; }

refused_for() {
	wait_for 20 said "vif vif-$HID-$DEVID: .*$1" ||
		{ echo "no xenbus error matching \"$1\" for vif-$HID-$DEVID"; return 1; }
	said "vif vif-$HID-$DEVID: "
	wait_for 10 closed_or_closing || { echo "backend state $(be_state)"; return 1; }
	echo "backend state $(be_state)"
}

connected() { [ "$(be_state)" = 4 ] && [ "$(carrier)" = 1 ]; }

# What the hostile module itself reported for this mode, if anything.
con_report() { grep -F "$MODE:" "$HCON" | grep -v 'keys written\|backend closed' | tail -n 3; }

still_connected() {
	wait_for 30 attack_over || { echo "attack never finished"; return 1; }
	sleep 1
	con_report
	echo "backend state $(be_state), carrier $(carrier)"
	connected || { said "$VIF|vif-$HID-$DEVID"; return 1; }
}

dropped_in() {
	local n st
	# The attacked queue's counter, in the matrix too.
	st=$(echo "$1" | sed "s/^q0_/q${AQ}_/")
	wait_for 30 attack_over || { echo "attack never finished"; return 1; }
	wait_for 5 stat_positive "$st"
	n=$(stat_of "$st")
	echo "$st = $n, backend state $(be_state), carrier $(carrier)"
	[ "$n" -gt 0 ] && connected
}

spurious_counted() {
	local n
	wait_for 30 attack_over || { echo "attack never finished"; return 1; }
	con_said "evt_flood:" | tail -n 1
	n=$(stat_of "q${AQ}_notify_spurious")
	echo "q${AQ}_notify_spurious = $n, q${AQ}_notify_received = $(stat_of "q${AQ}_notify_received"), $(irq_count) dom0 interrupts"
	[ "$n" -gt 0 ] || return 1
	if [ "${1:-}" = stalled ]; then
		# Packets wait and the queue may stall: still no work (XSA-332).
		[ "$n" -gt $((10 * $(stat_of "q${AQ}_notify_received"))) ] &&
			[ "$(be_state)" = 4 ]
	else
		connected
	fi
}

# The hostile module checks every answer on the control ring itself.
ctrl_refused() {
	local line
	wait_for 30 attack_over || { echo "attack never finished"; return 1; }
	con_said "ctrl_hash:"
	line=$(con_said "ctrl_hash: honest" | tail -n 1)
	echo "backend state $(be_state), carrier $(carrier)"
	echo "$line" | grep -Eq 'honest requests ok; refused ([0-9]+) of \1 ' && connected
}

# The hostile module judged the backend's answers itself.
reported() {
	wait_for 30 attack_over || { echo "attack never finished"; return 1; }
	sleep 1
	con_report
	echo "backend state $(be_state), carrier $(carrier)"
	con_said "$MODE:" | grep -Eq "$1" && connected
}

# The backend said so in one line and kept the vif.
warned() {
	wait_for 20 said "$VIF: $1" || { echo "no line \"$VIF: $1\""; return 1; }
	said "$VIF: $1"
	wait_for 10 connected
	echo "backend state $(be_state), carrier $(carrier)"
	connected
}

# The hostile module's last word on the flapping, printed once the
# backend stayed connected for 5 s (or it gave up after 30 s). Not
# attack_over: the backend is Closing or Closed in every round, which
# said "over" while the backend was still working through the rounds
# (CI, 2026-12-07: backend state 6, carrier 0).
flap_over() { con_said "state_flap: " | grep -q ' flaps, backend '; }

# Flapping costs a connect per round and no more: bounded log lines.
flapped() {
	local n c line
	wait_for 60 flap_over || { echo "flapping never finished"; return 1; }
	wait_for 10 connected
	line=$(con_said "state_flap: " | tail -n 1)
	echo "$line"
	c=$(said "$VIF: connected:" | wc -l)
	n=$(said "$VIF: " | wc -l)
	said "$VIF: " | grep -v ": connected:" | sort | uniq -c | sort -rn | head -n 5
	echo "$c connect line(s), $n line(s) of $VIF in all; backend state $(be_state), carrier $(carrier)"
	[ "$c" -ge 1 ] && [ "$c" -le 31 ] && [ "$n" -le $((2 * c + 5)) ] &&
		echo "$line" | grep -q 'backend connected' && connected
}

# The backend's two connect lines: the rich shape, then the classic one.
reshaped() {
	local n
	wait_for 40 attack_over || { echo "attack never finished"; return 1; }
	wait_for 10 connected
	con_said "reshape:" | tail -n 1
	said "$VIF: connected:"
	n=$(said "$VIF: connected:" | wc -l)
	echo "$n connect line(s); backend state $(be_state), carrier $(carrier)"
	[ "$n" = 2 ] &&
		said "$VIF: connected:" | head -n 1 | grep -q "2 queues, rings of 2 pages, layout v2, split event channels" &&
		said "$VIF: connected:" | tail -n 1 | grep -q "1 queue, rings of 1 page, layout classic, shared event channels" &&
		connected
}

# Unreclaimable slab plus vmalloc in use in dom0, in KiB.
dom0_alloc_kib() { awk '/^(SUnreclaim|VmallocUsed):/ { s += $2 } END { print s + 0 }' /proc/meminfo; }

alloc_back() {
	local now
	now=$(dom0_alloc_kib)
	echo "dom0 SUnreclaim+VmallocUsed $now KiB, before attach $ALLOC0 KiB"
	[ $((now - ALLOC0)) -le 1024 ]
}

irq_count() { awk -v v="$VIF" '$NF ~ "^" v { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts; }

stalled() {
	local re="$VIF: guest stopped taking packets on queue $AQ; carrier off"
	wait_for 30 said "$re" || {
		ethtool -S "$VIF" | grep -E 'q0_guest_rx|xmit|queue_dropped'
		echo "no line \"$re\""
		return 1
	}
	said "$re"
	ethtool -S "$VIF" | grep -E 'q0_guest_rx_(dropped|ring_full|stalls)|queue_dropped' | tr -s ' \n' ' '
	echo
	echo "carrier $(carrier), backend state $(be_state)"
	[ "$(carrier)" = 0 ] && [ "$(be_state)" = 4 ]
}

any_outcome() {
	wait_for 30 attack_over || { echo "attack never finished"; return 1; }
	sleep 1
	con_report
	said "$VIF|vif-$HID-$DEVID"
	echo "backend state $(be_state), carrier $(carrier)"
}

# outcome KIND ARG: what our backend must have done.
outcome() {
	case $1 in
	refuse) refused_for "$2" ;;
	disable) disabled_for "$2" ;;
	rxdisable) disabled_for "impossible RX producer index" ;;
	ctrldisable)
		[ "$2" != - ] || set -- "$1" "impossible producer index"
		disabled_for "$2" "the control ring" ;;
	ctrl) ctrl_refused ;;
	drop) dropped_in "$2" ;;
	stall) stalled ;;
	spurious) spurious_counted "$2" ;;
	survive) still_connected ;;
	report) reported "$2" ;;
	warn) warned "$2" ;;
	flap) flapped ;;
	reshape) reshaped ;;
	*) any_outcome ;;
	esac
}

# The stock backend's reaction, whatever it is, for the record: its
# messages about the vif (not the bridge's), then one summary line.
stock_outcome() {
	local last
	wait_for 30 attack_over || echo "attack never finished"
	# Stock reports late; a stall only after rx_stall_timeout_msecs.
	if [ "$MODE" = stall ]; then
		wait_for 30 said "$VIF: Guest Rx stalled"
	else
		sleep 5
	fi
	con_report
	said "${VIF}[: ]|vif-$HID-$DEVID: " | grep -v 'entered\|left\|port' | tail -n 5
	last=$(said "${VIF}[: ]|vif-$HID-$DEVID: " | grep -v 'entered\|left\|port' |
		tail -n 1 | sed 's/^.*vif[-0-9.]*: //')
	echo "${last:-no message}; backend state $(be_state), carrier $(carrier)"
}

# --- the matrix ---------------------------------------------------------------

# The frontend's keys have the configured shape (queue directories, ring
# order and one reference per page, layout, split channels), once it has
# written them and gone Connected (or further, if already disabled).  The
# backend accepted them when it connected or named the attacked queue.
fe_keys_written() { case $(xenstore-read "$1/state" 2>/dev/null) in 4 | 5 | 6) true ;; *) false ;; esac; }
be_connected() { [ "$(be_state)" = 4 ]; }

matrix_keys() {
	local fe q n o l s
	fe=$(xenstore-read "$(be_path)/frontend")
	q=$(echo "$hconfig" | tr ',' '\n' | sed -n 's/^queues=//p')
	o=$(echo "$hconfig" | tr ',' '\n' | sed -n 's/^order=//p')
	l=$(echo "$hconfig" | tr ',' '\n' | sed -n 's/^layout=//p')
	s=$(echo "$hconfig" | tr ',' '\n' | sed -n 's/^split=//p')
	wait_for 10 fe_keys_written "$fe" || { echo "frontend never wrote its keys"; return 1; }
	n=$(xenstore-read "$fe/multi-queue-num-queues" 2>/dev/null)
	echo "frontend $fe: queues ${n:-1}, ring-page-order $(xenstore-read "$fe/ring-page-order" 2>/dev/null || echo -), ring-layout $(xenstore-read "$fe/ring-layout" 2>/dev/null || echo -), queue-$AQ: $(xenstore-list "$fe/queue-$AQ" 2>/dev/null | tr '\n' ' ')"
	[ "${n:-1}" = "${q:-1}" ] || return 1
	[ -z "$o" ] || [ "$o" = 0 ] || { [ "$(xenstore-read "$fe/ring-page-order")" = "$o" ] &&
		xenstore-read "$fe/queue-$AQ/tx-ring-ref$(((1 << o) - 1))" >/dev/null; } || return 1
	[ "${l:-1}" = 1 ] || [ "$(xenstore-read "$fe/ring-layout")" = "$l" ] || return 1
	[ "${s:-0}" = 0 ] || { xenstore-read "$fe/queue-$AQ/event-channel-tx" >/dev/null &&
		xenstore-read "$fe/queue-$AQ/event-channel-rx" >/dev/null; }
}

# Queue 0's honest frames kept arriving in dom0 while queue AQ was attacked.
queue0_moved() {
	local now
	now=$(stat_of q0_guest_tx_packets)
	echo "q0_guest_tx_packets $Q0_BEFORE -> $now during the attack on queue $AQ; $(con_said "$MODE" | grep -o 'queue 0:.*' | tail -n 1)"
	[ "$now" -gt "$Q0_BEFORE" ]
}

# --- the good domU ---------------------------------------------------------

good_ping_start() {
	ping -i 0.2 -W 2 "$DOMU_IP" >/tmp/hostile-ping.out 2>&1 &
	PING_PID=$!
}

# A TCP stream to the good domU while the attack runs: 5 s for the modes
# that attack for the module's attack_ms (6 s) and the state flapping,
# 3 s for the rest, whose attack is over within a second of the connect
# (2 s less per mode, about a minute over the classic run).
good_tcp_start() {
	local secs=3
	case $MODE in
	evt_flood | rx_evt_flood | xs_flood | double_fetch | ctrl_flood | mcast_churn | state_flap | reshape | stale_keys) secs=5 ;;
	esac
	iperf3 -c "$DOMU_IP" -t "$secs" -f m --connect-timeout 5000 >/tmp/hostile-iperf.out 2>&1 &
	IPERF_PID=$!
}

# During the attack: at most 20% of pings lost, TCP moved data.
good_during() {
	local sent got mbit
	kill -INT "$PING_PID" 2>/dev/null
	wait "$PING_PID" 2>/dev/null
	timeout 40 sh -c "while kill -0 $IPERF_PID 2>/dev/null; do sleep 0.5; done"
	wait "$IPERF_PID" 2>/dev/null
	sent=$(awk '/packets transmitted/ { print $1 }' /tmp/hostile-ping.out)
	got=$(awk '/packets transmitted/ { print $4 }' /tmp/hostile-ping.out)
	mbit=$(awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") v = $(i - 1) }
		END { print v + 0 }' /tmp/hostile-iperf.out)
	echo "ping $got/$sent, TCP $mbit Mbit/s"
	[ "${sent:-0}" -gt 0 ] && [ $((${got:-0} * 5)) -ge $((sent * 4)) ] &&
		awk -v v="$mbit" 'BEGIN { exit !(v > 0) }'
}

# --- leftovers ---------------------------------------------------------------

dom0_maps() { grep -c xenbus_map_ring /proc/vmallocinfo; }

# Nothing of the detached vif left: netdev, backend node, kthreads,
# interrupts, ring mappings (vmalloc areas) and grants held in Xen.
nothing_left() {
	local nd th irq maps grants
	nd=$(ls /sys/class/net | grep -c "^vif$HID\.")
	th=$(ps -e -o comm= | grep -c "^vif$HID\.")
	irq=$(grep -c "vif$HID\." /proc/interrupts)
	maps=$(dom0_maps)
	grants=${1:-$(xen_active_grants "$HID")}
	echo "netdevs $nd kthreads $th irqs $irq ring-maps $maps (base $BASE_MAPS) active-grants $grants (base $BASE_GRANTS) backend-nodes '$(hostile_devids | tr '\n' ' ')'"
	[ "$nd" = 0 ] && [ "$th" = 0 ] && [ "$irq" = 0 ] &&
		[ "$maps" = "$BASE_MAPS" ] && [ "$grants" = "$BASE_GRANTS" ] &&
		[ -z "$(hostile_devids)" ]
}

# XSA-374's way out: the attacker is destroyed with its vif connected and
# an attack running, instead of detached.
destroy_mid_attack() {
	MODE=double_fetch
	hostile_attach "$MODE" 99 || return 1
	wait_for 20 connected || { echo "$VIF never connected"; return 1; }
	sleep 1
	timeout 60 xl destroy "$HNAME" || { echo "xl destroy failed"; return 1; }
	wait_for 30 hostile_vif_gone || { echo "$VIF still in dom0 after destroy"; return 1; }
	echo "destroyed domain $HID with $VIF connected and under attack"
}

dom0_alive() {
	timeout 20 xl list >/dev/null || { echo "xl list hangs"; return 1; }
	timeout 10 xenstore-read /local/domain/0/name >/dev/null || { echo "xenstore hangs"; return 1; }
	echo "xl and xenstore answer; load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# --- staged grants ------------------------------------------------------------

STAGED_PARAM=/sys/module/xen_netback/parameters/staged_enable

# staged_for MODE: netback's staged_enable for MODE's vif, read at its
# connect: on for the staged_* modes, else what the run loaded it with
# (STAGED0). Written before every case, whatever the last one did; a
# backend without the parameter (stock) is left alone.
staged_for() {
	local want=${STAGED0:-N}
	[ -w "$STAGED_PARAM" ] || return 0
	case $1 in staged_*) want=Y ;; esac
	echo "$want" >"$STAGED_PARAM" || echo "cannot write $STAGED_PARAM"
}

# --- one attack --------------------------------------------------------------

# lap WHAT: the seconds since the last lap, for the mode's timing line.
lap() {
	local t
	t=$(date +%s)
	LAPS="$LAPS $1 $((t - LAP0))"
	LAP0=$t
}

hostile_case() { # MODE KIND ARG N
	local t0
	t0=$(date +%s)
	LAP0=$t0 LAPS=
	MODE=$1
	MARK=$SCEN-$MODE
	kmsg_mark "$MARK"
	staged_for "$MODE"
	hostile_ensure || { fail_mode "hostile domU unavailable"; return; }
	good_ping_start
	# Broadcasts and multicasts for the attacker: the backend has packets
	# to deliver (and multicast filters to look up) during every attack.
	ping -b -i 0.2 "$HBCAST" >/dev/null 2>&1 &
	POKE_PID=$!
	ping -I "$HBR" -i 0.2 "$HMCAST" >/dev/null 2>&1 &
	POKE_PID="$POKE_PID $!"
	DEVID=
	ALLOC0=$(dom0_alloc_kib)
	hcheck "$MODE/attach" hostile_attach "$MODE" "$4"
	if [ -z "$DEVID" ]; then
		kill "$PING_PID" $POKE_PID 2>/dev/null
		wait 2>/dev/null
		return
	fi
	lap attach
	good_tcp_start
	# Where the vif must live, the matrix checks that queue 0 moved.
	case $2 in
	refuse | disable | rxdisable | ctrldisable | any) Q0_CHECK= ;;
	*) Q0_CHECK=${hconfig:+1} ;;
	esac
	if [ -n "${hconfig:-}" ]; then
		hcheck "$MODE/matrix-keys" matrix_keys
		if [ -n "$Q0_CHECK" ]; then
			wait_for 10 be_connected
			Q0_BEFORE=$(stat_of q0_guest_tx_packets)
		fi
	fi
	if [ "$BACK" = ours ]; then
		check "$MODE/$2" outcome "$2" "$3"
	else
		hcheck "$MODE/reaction" stock_outcome
	fi
	[ -z "$Q0_CHECK" ] || hcheck "$MODE/queue0-moved" queue0_moved
	kill $POKE_PID 2>/dev/null
	lap answer
	hcheck "$MODE/dom0-alive" dom0_alive
	hcheck "$MODE/good-traffic-during" good_during
	lap during
	hcheck "$MODE/detach" hostile_detach
	lap detach
	hcheck "$MODE/good-traffic-after" ping -c 3 -i 0.2 -W 2 "$DOMU_IP"
	hcheck "$MODE/nothing-left" nothing_left
	[ "$2" != flap ] || hcheck "$MODE/alloc-back" alloc_back
	hcheck "$MODE/dom0-dmesg-clean" dom0_kmsg_clean "$MARK"
	lap after
	wait 2>/dev/null
	lap wait
	log "hostile mode $MODE took $(($(date +%s) - t0))s:$LAPS"
}

fail_mode() { emit "RESULT FAIL lab/$SCEN/$MODE/attach: $*"; touch /run/lab/failed; }

# --- whole-run accounting ------------------------------------------------------

mem_avail_mib() { sync; echo 3 >/proc/sys/vm/drop_caches; awk '/^MemAvailable/ { print int($2 / 1024) }' /proc/meminfo; }
xen_free_mib() { xl info | awk '/^free_memory/ { print $3 }'; }

no_dying_domain() {
	wait_for 30 sh -c "! xl list | grep -q '(null)'" ||
		{ xl list; echo "a dying domain stays: dom0 still holds its pages"; return 1; }
	echo "Xen free memory $(xen_free_mib) MiB (before the hostile domU: $XEN_FREE0 MiB)"
	[ $(($(xen_free_mib) - XEN_FREE0)) -ge -4 ]
}

dom0_memory_back() {
	local now
	now=$(mem_avail_mib)
	echo "dom0 MemAvailable $now MiB, at start $MEM0 MiB"
	[ $((MEM0 - now)) -le 16 ]
}

hostile_main() {
	local params='' sel n=0 mode kind arg
	# Stock waits 60 s before it declares a stall; ours 5 s.
	[ "$BACK" = stock ] && params=rx_stall_timeout_msecs=5000
	params="$params $(echo "${nbparams:-}" | tr ',' ' ')"
	[ -e "$LAB/images/initrd-hostile.gz" ] ||
		{ check hostile-module fail "no hostile initramfs (make -C tests/hostile)"; return 1; }
	check backend-load netback_load "$BACK" $params || return 1
	check good-domu-boot domu_start "$GOOD" "$FRONT" 1 || return 1
	MEM0=$(mem_avail_mib)
	XEN_FREE0=$(xen_free_mib)
	BASE_MAPS=$(dom0_maps)
	check hostile-domu-boot hostile_domu_start || return 1
	STAGED0=$(cat "$STAGED_PARAM" 2>/dev/null || echo N)
	sel=$(echo "${modes:-}" | tr ',' ' ')
	echo "$HOSTILE_CASES" | while read -r mode kind arg; do
		[ -n "$mode" ] || continue
		if [ -n "$sel" ]; then
			case " $sel " in *" $mode "*) ;; *) continue ;; esac
		fi
		n=$((n + 1))
		hostile_case "$mode" "$kind" "$arg" "$n" </dev/null
	done
	# The last case may have been a staged one.
	staged_for -
	check good-tcp-after-all tcp_ok tx 2
	check good-domu-dmesg-clean domu_kmsg_clean
	if hostile_ensure; then
		hcheck destroy-mid-attack destroy_mid_attack
		# The domain is gone: its grants count as the baseline.
		hcheck destroy-nothing-left nothing_left "$BASE_GRANTS"
	fi
	timeout 60 xl destroy "$HNAME" >/dev/null 2>&1
	hcheck no-dying-domain no_dying_domain
	domu_stop "$GOOD"
	hcheck dom0-memory-back dom0_memory_back
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

# ringfuzz.sh sources this file for its functions (RINGFUZZ_LIB=1).
[ -n "${RINGFUZZ_LIB:-}" ] || hostile_main
