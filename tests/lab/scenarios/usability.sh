# SPDX-License-Identifier: GPL-2.0
# usability: what Xen users ask of PV networking.  One domU whose vif has
# mtu=9000 in its xl configuration:
#   - the MTU reaches the guest's eth0 and the dom0 vif, pings of 9000-byte
#     IP packets (8972-byte payloads) pass unfragmented both ways,
#     scatter-gather is on on both sides;
#   - ethtool and /sys/class/net/*/speed report a speed on both sides,
#     pause frame operations fail with "Operation not supported" and eth0
#     goes down and up and keeps working;
#   - a hot-plugged vif that tests/hostile's cross_page attack got
#     disabled carries traffic again once the guest binds the real
#     netfront to it, keeps fatal_reason, and follows the backend's
#     reconnect knob (taking a new speed from xenstore on the way); a
#     second one shows the knob reopening a vif whose attacker stays;
#   - the backend module unbound, unloaded and loaded under the running
#     guest: eth0 carries traffic again.
# With a stock driver on the side that lacks a feature the check is XFAIL.

UMTU=9000
FEDRV=/sys/bus/xen/drivers/vif
HDRV=/sys/bus/xen/drivers/xen-netfront-hostile
BEDRV=/sys/bus/xen-backend/drivers/vif
HMAC=00:16:3e:99:0a:0

# XFAIL messages name the stock driver that lacks the feature.
stock_in() { # SIDES: the first stock driver on them (back, front), or 0
	case " $* " in
	*" back "*) [ "$BACK" = ours ] || { echo "stock netback"; return; } ;;
	esac
	case " $* " in
	*" front "*) [ "$FRONT" = ours ] || { echo "stock netfront ($FRONT)"; return; } ;;
	esac
	echo 0
}

be_dir() { echo "/local/domain/0/backend/vif/$DOMID/$1"; }
be_state() { xenstore-read "$(be_dir "$1")/state" 2>/dev/null; }
be_sys() { cat "/sys/bus/xen-backend/devices/vif-$DOMID-$1/$2" 2>/dev/null; }
state_is() { [ "$(be_state "$1")" = "$2" ]; }

# --- MTU, scatter-gather ---------------------------------------------------

mtu_guest() {
	local xs m
	xs=$(xenstore-read "/local/domain/$DOMID/device/vif/0/mtu" 2>/dev/null)
	m=$(dx "cat /sys/class/net/eth0/mtu")
	echo "frontend mtu key ${xs:-missing}, domU eth0 mtu $m"
	[ "$m" = "$UMTU" ]
}

mtu_vif() {
	local m
	m=$(cat "/sys/class/net/vif$DOMID.0/mtu")
	echo "backend mtu key $(xenstore-read "$(be_dir 0)/mtu" 2>/dev/null), vif$DOMID.0 mtu $m"
	[ "$m" = "$UMTU" ]
}

# dom0's end is the bridge: give it the jumbo MTU for the pings.
bridge_mtu() { ip link set xenbr0 mtu "$1"; }

sg_on() { # CMD...: ethtool -k output of one side
	"$@" | grep -E '^scatter-gather:'
	"$@" | grep -q '^scatter-gather: on'
}

# --- link speed, pause frames ------------------------------------------------

speed_of() { # ethtool output on stdin: the number of Mb/s, or nothing
	sed -n 's/^[[:space:]]*Speed: \([0-9][0-9]*\)Mb\/s$/\1/p'
}

speed_guest() {
	local out s sys
	out=$(dx "ethtool eth0")
	echo "$out" | grep -E 'Speed|Duplex'
	s=$(echo "$out" | speed_of)
	sys=$(dx "cat /sys/class/net/eth0/speed")
	echo "ethtool speed '${s:-none}', /sys/class/net/eth0/speed '$sys'"
	[ -n "$s" ] && [ "$sys" = "$s" ] && echo "$out" | grep -q 'Duplex: Full'
}

speed_vif() { # DEVID [MBPS]: a speed, the same in sysfs, MBPS if given
	local out s sys
	out=$(ethtool "vif$DOMID.$1")
	echo "$out" | grep -E 'Speed|Duplex'
	s=$(echo "$out" | speed_of)
	sys=$(cat "/sys/class/net/vif$DOMID.$1/speed" 2>&1)
	echo "vif$DOMID.$1: ethtool speed '${s:-none}', sysfs speed '$sys'"
	[ -n "$s" ] && [ "$sys" = "$s" ] && [ "${2:-$s}" = "$s" ] &&
		echo "$out" | grep -q 'Duplex: Full'
}

# ethtool -a/-A answer EOPNOTSUPP; eth0 then goes down and up (what a
# distribution's bring-up does) and still carries traffic.
pause_unsupported() {
	local a
	a=$(dx "ethtool -a eth0 2>&1; echo rc=\$?")
	echo "$a"
	echo "$a" | grep -q 'Operation not supported' || return 1
	echo "$a" | grep -q 'rc=0' && return 1
	dx "ethtool -A eth0 rx off tx off 2>&1" | grep -q 'Operation not supported' ||
		fail "ethtool -A eth0 did not answer Operation not supported" || return 1
	ethtool -a "vif$DOMID.0" 2>&1 | grep -q 'Operation not supported' ||
		fail "ethtool -a vif$DOMID.0 did not answer Operation not supported" || return 1
	dx -t 20 "ip link set eth0 down; ip link set eth0 up; sleep 1" >/dev/null
	wait_for 30 ping -c 1 -W 2 "$DOMU_IP" || fail "no ping after eth0 down/up" || return 1
	echo "eth0 $(dx "cat /sys/class/net/eth0/operstate") after down/up, ping ok"
}

# --- recovery from a hostile frontend ----------------------------------------

# push_to_domu FILE DEST: copy a file into the domU over the command
# network, checked by sha256.
push_to_domu() {
	local sum
	sum=$(sha256sum <"$1" | cut -d' ' -f1)
	dx "rm -f $2; (sleep 60 | nc -l -p 7780 >$2 2>/dev/null) >/dev/null 2>&1 &" >/dev/null
	sleep 1
	timeout 60 busybox nc "$DOMU_IP" 7780 <"$1" || fail "sending $1 failed" || return 1
	[ "$(dx "sha256sum <$2" | cut -d' ' -f1)" = "$sum" ]
}

# The attacker's module in the guest, next to the real netfront. New vifs
# stay unbound (drivers_autoprobe 0): the scenario binds each by hand.
hostile_ready() {
	[ -f "$LAB/ko/xen-netfront-hostile.ko" ] || fail "no hostile module on the payload" || return 1
	push_to_domu "$LAB/ko/xen-netfront-hostile.ko" /tmp/hostile.ko ||
		fail "cannot copy the hostile module into the domU" || return 1
	dx "echo 0 > /sys/bus/xen/drivers_autoprobe && insmod /tmp/hostile.ko mode=cross_page" ||
		fail "cannot load the hostile module" || return 1
	dx "test -d $HDRV" && echo "hostile module loaded in the domU, autoprobe off"
}

devids() { xenstore-list "/local/domain/0/backend/vif/$DOMID" 2>/dev/null; }

# attach_vif N: hot-plug vif number N on xenbr1; sets DEV to its devid.
attach_vif() {
	local before d
	before=" $(devids | tr '\n' ' ') "
	timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac="$HMAC$1" ||
		fail "xl network-attach failed" || return 1
	DEV=
	for d in $(devids); do
		case $before in *" $d "*) ;; *) DEV=$d ;; esac
	done
	[ -n "$DEV" ] || fail "no new backend vif" || return 1
	wait_for 30 dx -t 5 "test -e /sys/bus/xen/devices/vif-$DEV" ||
		fail "no vif-$DEV in the domU" || return 1
	echo "vif$DOMID.$DEV attached, unbound in the domU"
}

fatal_is() { [ "$(be_sys "$DEV" fatal_reason)" = "$1" ]; }

# The attacker takes the vif; our backend must disable it for cross_page
# and say so in fatal_reason, with a time.
attacked() {
	dx "echo vif-$DEV > $HDRV/bind" || fail "cannot bind the attacker to vif-$DEV" || return 1
	wait_for 30 fatal_is "queue 0: bad_cross_page" ||
		fail "fatal_reason '$(be_sys "$DEV" fatal_reason)', backend state $(be_state "$DEV")" ||
		return 1
	wait_for 20 state_is "$DEV" 6 || fail "backend state $(be_state "$DEV"), want 6 (Closed)" || return 1
	echo "vif$DOMID.$DEV disabled: fatal_reason '$(be_sys "$DEV" fatal_reason)', fatal_time $(be_sys "$DEV" fatal_time), carrier $(cat "/sys/class/net/vif$DOMID.$DEV/carrier")"
	[ "$(be_sys "$DEV" fatal_time)" -gt 0 ]
}

# The guest's interface on vif DEV, once the real netfront has it.
guest_if() { dx -t 5 "ls /sys/bus/xen/devices/vif-$DEV/net/ 2>/dev/null" | head -n 1; }
has_guest_if() { [ -n "$(guest_if)" ]; }

# The real netfront takes the vif over from the attacker.
real_netfront_binds() {
	local ifn
	dx "echo vif-$DEV > $HDRV/unbind; echo vif-$DEV > $FEDRV/bind" >/dev/null
	wait_for 30 has_guest_if || fail "the netfront did not bind vif-$DEV" || return 1
	ifn=$(guest_if)
	dx "ip addr add $DOMU_IP1/24 dev $ifn && ip link set $ifn up" ||
		fail "cannot configure $ifn" || return 1
	echo "vif-$DEV is the domU's $ifn"
}

# Traffic through the vif again, the reason still shown.
carries_traffic() {
	ip neigh flush dev xenbr1 2>/dev/null
	wait_for 60 ping -c 1 -W 2 "$DOMU_IP1" ||
		fail "no ping through vif$DOMID.$DEV (backend state $(be_state "$DEV"))" || return 1
	ping -c 3 -i 0.3 -W 2 "$DOMU_IP1" | tail -n 2
	echo "backend state $(be_state "$DEV"), fatal_reason '$(be_sys "$DEV" fatal_reason)'"
	state_is "$DEV" 4 && fatal_is "queue 0: bad_cross_page"
}

guest_speed_is() { [ "$(dx "ethtool $1" | speed_of)" = "$2" ]; }

# The knob on a connected vif: our netfront closes, follows the backend
# back through InitWait and connects again, reading the new speed the
# toolstack wrote meanwhile.
knob_followed() {
	local ifn
	ifn=$(guest_if)
	xenstore-write "/local/domain/$DOMID/device/vif/$DEV/speed" 25G
	echo 1 >"/sys/bus/xen-backend/devices/vif-$DOMID-$DEV/reconnect" ||
		fail "cannot write the reconnect knob" || return 1
	wait_for 60 speed_vif "$DEV" 25000 ||
		fail "vif$DOMID.$DEV never reconnected: state $(be_state "$DEV"), $(ethtool "vif$DOMID.$DEV" | grep Speed)" ||
		return 1
	wait_for 30 guest_speed_is "$ifn" 25000 ||
		fail "the domU's $ifn does not report 25000Mb/s: $(dx "ethtool $ifn" | grep Speed)" || return 1
	dmesg | grep "vif$DOMID.$DEV: reconnect requested" | tail -n 1
	echo "reconnected: vif$DOMID.$DEV and the domU's $ifn report 25000Mb/s"
}

# The knob on a vif disabled under a frontend that stays bound: the
# backend leaves Closed for InitWait at once.
knob_reopens() {
	echo 1 >"/sys/bus/xen-backend/devices/vif-$DOMID-$DEV/reconnect" ||
		fail "cannot write the reconnect knob" || return 1
	wait_for 20 state_is "$DEV" 2 || fail "backend state $(be_state "$DEV"), want 2 (InitWait)" || return 1
	dmesg | grep "vif$DOMID.$DEV: reconnect requested" | tail -n 1
}

detach_vif() {
	timeout 60 xl network-detach "$DOMID" "$DEV" || fail "xl network-detach failed" || return 1
	wait_for 30 test ! -e "/sys/class/net/vif$DOMID.$DEV" || fail "vif$DOMID.$DEV still in dom0" || return 1
	echo "vif$DOMID.$DEV detached"
}

recovery_checks() {
	local xf xff
	xf=$(stock_in back)
	xff=$(stock_in back front)
	check hostile-module hostile_ready || return 1
	check attach-1 attach_vif 1 || return 1
	xcheck disabled-by-bad-packet "$xf" "bad-packet detection" attacked
	check reconnect-binds-netfront real_netfront_binds &&
		xcheck reconnect-carries-traffic "$xff" "recovery of a disabled vif" carries_traffic &&
		xcheck knob-netfront-follows "$xff" "the reconnect knob (or following it)" knob_followed &&
		xcheck knob-carries-traffic "$xff" "the reconnect knob (or following it)" carries_traffic
	check detach-1 detach_vif
	check attach-2 attach_vif 2 || return 1
	xcheck disabled-again "$xf" "bad-packet detection" attacked
	xcheck knob-reopens-disabled-vif "$xf" "the reconnect knob (or following it)" knob_reopens
	check knob-reopened-binds-netfront real_netfront_binds &&
		xcheck knob-reopened-carries-traffic "$xff" "the reconnect knob (or following it)" carries_traffic
	check detach-2 detach_vif
	dx "echo 1 > /sys/bus/xen/drivers_autoprobe" >/dev/null
}

# --- backend reload under a running guest --------------------------------------

# The toolstack's hotplug script ran at attach only: do its work again.
netback_reload_under_guest() {
	local vif=vif$DOMID.0
	echo "vif-$DOMID-0" >"$BEDRV/unbind" || fail "cannot unbind vif-$DOMID-0" || return 1
	timeout 60 rmmod xen-netback || fail "rmmod xen-netback failed" || return 1
	rm -f /run/lab/netback
	netback_load "$BACK" || return 1
	wait_for 30 test -d "/sys/class/net/$vif" || fail "no $vif after the reload" || return 1
	ip link set "$vif" master xenbr0 up
	xenstore-write "$(be_dir 0)/hotplug-status" connected
	wait_for 60 ping -c 1 -W 2 "$DOMU_IP" || fail "no ping to the domU after the reload" || return 1
	wait_for 30 dx -t 5 true || fail "command channel dead after the reload" || return 1
	echo "$vif back: mtu $(cat "/sys/class/net/$vif/mtu"), backend state $(be_state 0), domU eth0 mtu $(dx "cat /sys/class/net/eth0/mtu")"
}

usability_main() {
	local xb xf
	xb=$(stock_in back)
	xf=$(stock_in front)
	check backend-load netback_load "$BACK" || return 1
	DOMU_VIF_OPTS=mtu=$UMTU check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	xcheck mtu9000-guest-eth0 "$xf" "the toolstack's MTU" mtu_guest
	check mtu9000-dom0-vif mtu_vif
	# Jumbo frames end to end, where the guest took the MTU.
	if [ "$xf" = 0 ]; then
		bridge_mtu "$UMTU"
		check mtu9000-ping-dom0-to-domu ping_dom0_to_domu 8972
		check mtu9000-ping-domu-to-dom0 ping_domu_to_dom0 8972
		check mtu9000-tcp-domu-to-dom0 tcp_ok rx 2
		bridge_mtu 1500
	fi
	check sg-on-guest sg_on dx "ethtool -k eth0"
	check sg-on-vif sg_on ethtool -k "vif$DOMID.0"
	xcheck speed-guest "$xf" "a link speed" speed_guest
	xcheck speed-vif "$xb" "a link speed" speed_vif 0
	check pause-unsupported-eth0-up pause_unsupported
	if [ "$FRONT" = stock61 ]; then
		info "lab/$SCEN: the hostile module is built for 6.12, not the 6.1 domU"
	else
		recovery_checks
	fi
	check netback-reload-guest-recovers netback_reload_under_guest
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

usability_main
