# SPDX-License-Identifier: GPL-2.0
# fixtures: what the drivers under test really show, for tests/diag's
# fakes (tests/diag/fixtures/, refreshed by 'scripts/lab fixtures'). Not
# in check: it judges nothing about the drivers, it records them.
#
# In dom0, of netback $BACK: the kernel lines about vifs while a guest
# connects, stalls (paused under a ping flood, as in diag) and takes
# packets again, and while a second guest running tests/hostile's
# cross_page breaks the protocol; the trees under /sys/module/xen_netback,
# /sys/bus/xen-backend, the vif's /sys/class/net directory and both
# netbacks' debugfs directories; the vif's ethtool -S names; our
# io_ring_q0. In the guest, of netfront $FRONT: the kernel lines about
# its devices while eth1 is served by tests/hostile-backend's lies
# tx_bad_id, rx_prod and rx_bad_size (as in hostile-backend), the trees
# under /sys/bus/xen/devices/vif-0, /sys/class/net/eth0 and
# /sys/module/xen_netfront, eth0's ethtool -S names.
#
# Each fixture line goes to the host as "RESULT FIXTURE FILE LINE", FILE
# netback-$BACK or netfront-$FRONT; 'scripts/lab fixtures' writes the
# files of a scenario that had no FAIL.

FX_BACK=netback-$BACK
FX_FRONT=netfront-$FRONT
HNAME=lab-fx-hostile
HB_MAC=00:16:3e:99:0f:02
HB_SYS=/sys/bus/xen-backend/drivers
HB_PARAM=/sys/module/xen_netback_hostile/parameters
# A copy of what went to the host, to count (the result port is a
# device that cannot be read back).
FX_SENT=/run/lab/fixtures-$SCEN
: >"$FX_SENT"

# fx FILE LINE...: one fixture line per argument, to the host. printf,
# not emit's echo: dash's echo expands backslashes in kernel lines.
fx() {
	local f=$1 l
	shift
	for l in "$@"; do
		printf 'RESULT FIXTURE %s %s\n' "$f" "$l" | tr -d '\r' |
			tee -a "$RESULT_PORT" "$FX_SENT" >/dev/console
	done
}

# sent FILE KIND: how many KIND lines of FILE went to the host.
sent() { grep -c "^RESULT FIXTURE $1 $2 " "$FX_SENT"; }

# fx_stream FILE KIND: fixture lines "KIND LINE" from stdin.
fx_stream() {
	local f=$1 k=$2 l
	while IFS= read -r l; do fx "$f" "$k $l"; done
}

# fx_tree DIR DEPTH: the paths under DIR, DIR itself included, through
# DIR's own symlink (the trailing slash), not through the ones below it.
fx_tree() {
	find "$1/" -maxdepth "$2" 2>/dev/null | sed 's|//*|/|g; s|/$||' | sort
}

# The guest's own listing, over the command channel.
fx_tree_domu() {
	dx "find $1/ -maxdepth $2 2>/dev/null" | sed 's|//*|/|g; s|/$||' | sort
}

# ethtool -i's fields diag tells drivers apart by (unverified in the lab).
drvinfo_fields() { sed -n 's/^\(driver\|version\|bus-info\): /\1 /p'; }
stat_names() { awk -F: 'NR > 1 && NF > 1 { sub(/^ +/, "", $1); print $1 }'; }

fx_header() {
	fx "$FX_BACK" "# dom0 $(uname -r), netback $BACK, Xen $(xl info | sed -n 's/^xen_version *: //p')"
	fx "$FX_FRONT" "# guest $(dx 'uname -r'), netfront $FRONT"
}

vif() { echo "vif$DOMID.0"; }
carrier_is() { [ "$(cat "/sys/class/net/$(vif)/carrier" 2>/dev/null)" = "$1" ]; }

# The connected vif's trees, counters and (ours) debugfs ring file.
fx_dom0_trees() {
	local d=/sys/kernel/debug q
	grep -q " $d debugfs" /proc/mounts || mount -t debugfs none "$d" ||
		{ echo "cannot mount debugfs"; return 1; }
	{
		fx_tree /sys/module/xen_netback 1
		fx_tree /sys/bus/xen-backend/drivers/vif 1
		fx_tree "/sys/bus/xen-backend/devices/vif-$DOMID-0" 2
		fx_tree "/sys/class/net/$(vif)" 1
		fx_tree "/sys/class/net/$(vif)/queues/tx-0" 2
		fx_tree "$d/xen_netback" 2
		fx_tree "$d/xen-netback" 2
	} | fx_stream "$FX_BACK" path
	ethtool -S "$(vif)" | stat_names | fx_stream "$FX_BACK" stat
	ethtool -i "$(vif)" | drvinfo_fields | fx_stream "$FX_BACK" drvinfo
	q=$d/xen_netback/$(vif)/io_ring_q0
	[ -r "$q" ] && fx_stream "$FX_BACK" io_ring <"$q"
	echo "$(sent "$FX_BACK" path) paths, $(sent "$FX_BACK" stat) counters, $(sent "$FX_BACK" io_ring) ring lines"
	[ "$(sent "$FX_BACK" path)" -gt 10 ] && [ "$(sent "$FX_BACK" stat)" -gt 0 ]
}

# A paused guest under a ping flood: the RX ring fills, the stall timer
# fires; unpaused, it takes packets again. Both lines land in dmesg.
fx_stall() {
	xl pause "$DOMID"
	timeout 20 ping -f -s 1400 -w 15 "$DOMU_IP" >/dev/null 2>&1 &
	wait_for 20 carrier_is 0 || { xl unpause "$DOMID"; wait; echo "carrier stayed on"; return 1; }
	xl unpause "$DOMID"
	wait
	wait_for 30 carrier_is 1 || { echo "carrier stayed off"; return 1; }
	echo "$(vif) stalled and recovered"
}

hostile_vif() { echo "vif$(xl domid "$HNAME" 2>/dev/null).0"; }
hostile_disabled() {
	dmesg | grep -qE "$(hostile_vif): (frontend of domain .* broke the protocol|fatal error; disabling device)"
}

# tests/hostile's cross_page, as diag runs it.
fx_attack() {
	local cfg=/run/lab/$HNAME.cfg hid key
	[ -e "$LAB/images/initrd-hostile.gz" ] || { echo "no hostile initramfs"; return 1; }
	hostile_domu_cfg "$HNAME" bridge=xenbr1,mac=00:16:3e:99:0f:01 >"$cfg"
	timeout 120 xl create -p "$cfg" >/tmp/lab-xl.out 2>&1 || { cat /tmp/lab-xl.out; return 1; }
	hid=$(xl domid "$HNAME")
	key=/local/domain/$hid/data/hostile-mode
	xenstore-write "$key" cross_page && xenstore-chmod "$key" "n$hid" || return 1
	xl unpause "$hid"
	wait_for 180 hostile_disabled || { echo "$(hostile_vif) was never disabled"; return 1; }
	dmesg | grep -E "$(hostile_vif): " | tail -n 2
}

hostile_stop() {
	timeout 60 xl destroy "$HNAME" >/dev/null 2>&1
	wait_for 30 sh -c "! xl domid $HNAME"
}

# dom0's lines about vifs since this scenario began, without the
# bridge's and the lying backend's.
fx_dom0_log() {
	dmesg | sed -n "/lab-mark $SCEN\$/,\$p" |
		grep -E 'vif[0-9]+\.[0-9]+:|vif-[0-9]+-[0-9]+|xen_netback|xen-netback' |
		grep -vE 'xenbr[0-9]|hostile' | fx_stream "$FX_BACK" dmesg
	echo "$(sent "$FX_BACK" dmesg) dom0 lines"
	[ "$(sent "$FX_BACK" dmesg)" -gt 0 ]
}

# --- the guest's side: eth1 handed to the lying backend, as hostile-backend
# does it, one lie per round.

eth1_up() { dx -t 5 "test -e /sys/class/net/eth1"; }
eth1_gone() { dx -t 5 "test ! -e /sys/class/net/eth1"; }
fe1_connected() { [ "$(xenstore-read "/local/domain/$DOMID/device/vif/1/state" 2>/dev/null)" = 4 ]; }
hb_said() { dmesg | sed -n "/lab-mark $MARK\$/,\$p" | grep "backend/vif/$DOMID/1: .*$1"; }
lie_told() { hb_said "lie told" >/dev/null; }
# What the netfront said about eth1 since the round began: ours names
# the lie or the dropped packet; mainline says something on "net eth1:".
fe_reacted() {
	local re='eth1: (backend broke the protocol|queue [0-9]+: dropped a packet)'
	[ "$FRONT" = ours ] || re='net eth1: '
	dx "dmesg | sed -n '/lab-round $MODE\$/,\$p'" | grep -E "$re"
}

fx_round() {
	MODE=$1
	MARK=$SCEN-$MODE
	kmsg_mark "$MARK"
	dx "echo lab-round $MODE >/dev/kmsg" >/dev/null
	printf %s "$MODE" >"$HB_PARAM/mode" || { echo "cannot set the mode"; return 1; }
	timeout 60 xl network-attach "$DOMID" bridge=xenbr1 mac=$HB_MAC ||
		{ echo "xl network-attach failed"; return 1; }
	wait_for 30 eth1_up || { echo "no eth1 in the guest"; return 1; }
	dx "ip addr add $DOMU_IP1/24 dev eth1; ip link set eth1 up" >/dev/null
	wait_for 30 fe1_connected || { echo "eth1 did not connect to netback"; return 1; }
	echo "vif-$DOMID-1" >"$HB_SYS/vif/unbind" || { echo "unbind from netback failed"; return 1; }
	printf %s "vif-$DOMID-1" >"$HB_PARAM/target"
	echo "vif-$DOMID-1" >"$HB_SYS/vif-hostile/bind" ||
		{ echo >"$HB_PARAM/target"; echo "hostile bind failed"; return 1; }
	echo >"$HB_PARAM/target"
	wait_for 30 hb_said "connected, lie in" || { echo "eth1 did not connect to the hostile backend"; return 1; }
	dx "ip neigh replace $DOM0_IP1 lladdr $(cat /sys/class/net/xenbr1/address) dev eth1 nud permanent" >/dev/null
	dx "(/usr/bin/ping -c 20 -i 0.5 -W 1 -I eth1 $DOM0_IP1 >/dev/null 2>&1 &)" >/dev/null
	wait_for 20 lie_told || { echo "the hostile backend never told its lie"; return 1; }
	wait_for 15 fe_reacted || { echo "netfront $FRONT said nothing about eth1 after $MODE"; return 1; }
	fe_reacted | tail -n 2
}

fx_detach() {
	timeout 60 xl network-detach "$DOMID" $HB_MAC || { echo "xl network-detach failed"; return 1; }
	wait_for 30 eth1_gone || { echo "eth1 still in the guest"; return 1; }
	echo "eth1 gone"
}

fx_hb_load() {
	grep -q '^xen_netback_hostile ' /proc/modules && return 0
	[ -e "$LAB/ko/xen-netback-hostile.ko" ] || { echo "no xen-netback-hostile.ko"; return 1; }
	insmod "$LAB/ko/xen-netback-hostile.ko"
}

fx_domu_trees() {
	{
		fx_tree_domu /sys/module/xen_netfront 0
		fx_tree_domu /sys/bus/xen/devices/vif-0 2
		fx_tree_domu /sys/class/net/eth0 1
		fx_tree_domu /sys/class/net/eth0/queues/tx-0 2
	} | fx_stream "$FX_FRONT" path
	dx "ethtool -S eth0" | stat_names | fx_stream "$FX_FRONT" stat
	dx "ethtool -i eth0" | drvinfo_fields | fx_stream "$FX_FRONT" drvinfo
	echo "$(sent "$FX_FRONT" path) paths, $(sent "$FX_FRONT" stat) counters"
	[ "$(sent "$FX_FRONT" path)" -gt 10 ] && [ "$(sent "$FX_FRONT" stat)" -gt 0 ] ||
		{ echo "too little from the guest (its find, its ethtool?)"; return 1; }
}

# Mainline netfront may keep a device it gave up on after its backend
# left (hostile-backend records the same): the rounds end there, with
# what was captured so far, and the capture is still written.
fx_stock_detach() {
	local why
	why=$(fx_detach) && return 0
	info "fixtures: stock netfront after $1: $why; no more rounds"
	return 1
}

fx_domu_log() {
	dx dmesg | grep -E 'eth[0-9]+:|vif-[0-9]+|xen_netfront|netfront' |
		grep -v 'lab-round' | fx_stream "$FX_FRONT" dmesg
	echo "$(sent "$FX_FRONT" dmesg) guest lines"
	[ "$(sent "$FX_FRONT" dmesg)" -gt 0 ]
}

fixtures_main() {
	local params=rx_stall_timeout_msecs=2000 m
	# One-page rings in the classic layout: they fill quickly for the
	# stall, and they are all the lying backend knows.
	[ "$BACK" = ours ] && params="$params max_ring_page_order=0 ring_layout_v2=0"
	# shellcheck disable=SC2086 # one word per parameter
	check backend-load netback_load "$BACK" $params || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	fx_header
	check dom0-trees fx_dom0_trees
	check stall fx_stall
	check hostile-frontend fx_attack
	hostile_stop
	if check hostile-backend-load fx_hb_load; then
		# rx_prod last: a stock guest may keep eth1 after it.
		for m in tx_bad_id rx_bad_size rx_prod; do
			check "$m/said" fx_round "$m"
			if [ "$FRONT" = ours ]; then
				check "$m/detach" fx_detach || break
			else
				fx_stock_detach "$m" || break
			fi
		done
	fi
	check domu-trees fx_domu_trees
	check domu-log fx_domu_log
	check domu-dmesg-clean domu_kmsg_clean 'g\.e\. 0x[0-9a-f]+ still in use!$'
	domu_stop "lab-$SCEN"
	grep -q '^xen_netback_hostile ' /proc/modules && check hostile-unload rmmod xen-netback-hostile
	check dom0-log fx_dom0_log
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

fixtures_main
