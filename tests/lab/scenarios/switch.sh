# SPDX-License-Identifier: GPL-2.0
# switch: issue #19, adoption from install to purge in one pass, under
# running guests. 'scripts/lab check' runs install's checks here (still
# named lab/install/...; install.sh alone runs them on its own with
# 'scripts/lab run install'), so that one package install, one guest of
# our netfront loaded by modalias and one purge serve both:
#
# - install: dpkg -i, modprobe loads ours with stock's parameters, a
#   guest (B, 10.99.0.2) loads our netfront by its modalias from the
#   installed /lib/modules, identity's checks on both sides;
# - a second guest (A, 10.99.0.3) boots with the stock netfront;
# - xen-net-switch stock, then ours, under both guests while dom0 pings
#   both and streams TCP to each. Each way: the tool's status, every vif
#   Connected, the backend the one asked for, the time each guest lost
#   (the tool's, and the longest gap of dom0's pings), ping and TCP to
#   both guests afterwards;
# - B, whose last connect was with the stock backend, renegotiates our
#   extensions on ours (ethtool -G);
# - in each guest the netfront is swapped for the other one (A stock ->
#   ours, B ours -> stock) from a command session that stays open across
#   the swap; eth0 comes back with its address and carries traffic;
# - install: dpkg --purge, modprobe and a new guest load stock again.

IP_A=10.99.0.3
IP_B=$DOMU_IP
MAC_A=00:16:3e:99:00:03

INSTALL_LIB=1
. "$LAB/scenarios/install.sh"

# read_taint FILE: module_origin's reader, without its modinfo -n test
# (with our package installed modinfo -n names ours, whatever runs).
read_taint() { cat "$1"; }

# The streams across a switch: as long as xen-net-switch takes (about
# 17 s in check run 20261206-231633) and a little more, so that they
# start before it and end after it.
STREAM_S=18

# traffic_start: dom0 pings each guest 5 times a second with timestamps
# and streams TCP to each for the switch's length.
traffic_start() {
	local ip
	for ip in $IP_A $IP_B; do
		ping -D -i 0.2 -W 1 "$ip" >"/tmp/lab-ping-$ip" 2>&1 &
		echo $! >>/tmp/lab-ping.pids
		timeout 60 iperf3 -c "$ip" -t "$STREAM_S" -b 50M -f m --connect-timeout 5000 \
			>"/tmp/lab-stream-$ip" 2>&1 &
	done
	sleep 1
}

# traffic_stop: the pings end now; the TCP streams run out their time
# (or their timeout, should a connection hang).
traffic_stop() {
	local p
	for p in $(cat /tmp/lab-ping.pids 2>/dev/null); do kill "$p" 2>/dev/null; done
	rm -f /tmp/lab-ping.pids
	wait 2>/dev/null
	true
}

# ping_gap IP: the longest time without a ping reply (from ping -D).
ping_gap() {
	sed -n 's/^\[\([0-9.]*\)\] .*icmp_seq=.*time=.*/\1/p' "/tmp/lab-ping-$1" |
		awk 'NR > 1 && $1 - p > g { g = $1 - p } { p = $1 } END { printf "%.1f", g + 0 }'
}

# do_switch TO: run the tool, keep its report, every vif named in it.
do_switch() {
	local to=$1 rc=0
	xen-net-switch -t 90 "$to" >/tmp/lab-switch.out 2>&1 || rc=$?
	cat /tmp/lab-switch.out
	[ "$rc" = 0 ] || fail "xen-net-switch $to: status $rc" || return 1
	for d in $DOM_A $DOM_B; do
		grep -q "vif$d.0 .*connected again, [0-9.]* s without network" /tmp/lab-switch.out ||
			fail "no reconnect line for vif$d.0" || return 1
	done
}

both_connected() {
	local d
	for d in $DOM_A $DOM_B; do
		[ "$(xenstore-read "/local/domain/0/backend/vif/$d/0/state")" = 4 ] &&
			[ "$(xenstore-read "/local/domain/$d/device/vif/0/state")" = 4 ] ||
			fail "vif$d.0: backend $(xenstore-read "/local/domain/0/backend/vif/$d/0/state") frontend $(xenstore-read "/local/domain/$d/device/vif/0/state")" ||
			return 1
	done
	echo "both vifs Connected on both ends"
}

# report TO: what each guest lost, as INFO lines.
report() {
	local ip gap
	grep 'without network' /tmp/lab-switch.out | while IFS= read -r l; do
		info "lab/$SCEN: to $1: ${l#xen-net-switch: }"
	done
	for ip in $IP_A $IP_B; do
		gap=$(ping_gap "$ip")
		info "lab/$SCEN: to $1: $ip longest gap between ping replies ${gap} s; the ${STREAM_S} s TCP stream across the switch: $(grep -E 'receiver|error' "/tmp/lab-stream-$ip" | tail -n 1 | tr -s ' ')"
	done
}

# reach IP: ping and TCP both ways to one guest.
reach() {
	ping_dom0_to_domu "" "$1" || return 1
	DOMU_IP=$1 tcp_ok tx 2 && DOMU_IP=$1 tcp_ok rx 2
}

switch_way() { # TO
	local to=$1
	traffic_start
	check "to-$to" do_switch "$to"
	traffic_stop
	report "$to"
	check "to-$to-backend" module_origin "$to" xen-netback read_taint
	check "to-$to-connected" both_connected
	check "to-$to-guest-stock-front" reach "$IP_A"
	check "to-$to-guest-our-front" reach "$IP_B"
}

# renegotiate: our netfront, now on our backend after a connect with the
# stock one, reconnects with larger rings: it picks our extensions (a
# ring-page-order above 0: 512 slots take two pages in its default
# classic layout, four in v2).
renegotiate() {
	local fe=/local/domain/$DOM_B/device/vif/0 order
	dx "ethtool -G eth0 rx 512 tx 512" || fail "ethtool -G failed" || return 1
	wait_for 60 both_connected || fail "vif$DOM_B.0 did not reconnect" || return 1
	wait_for 30 dx -t 5 true || return 1
	order=$(xenstore-read "$fe/ring-page-order" 2>/dev/null)
	echo "ring-layout $(xenstore-read "$fe/ring-layout" 2>/dev/null) ring-page-order $order"
	[ "${order:-0}" -gt 0 ] || fail "ring-page-order ${order:-absent} after ethtool -G 512"
}

# swap_front IP WANT LOAD: in the guest at IP, from one command session
# (a shell that answers over TCP), unbind the device (each bound xenbus
# device holds a reference on its driver's module: rmmod alone fails
# with EAGAIN, run 20261207-011209), unload the netfront, load the other
# one with the command LOAD and give eth0 back its address, as UPGRADING.md's "in
# the guest" steps do. The session's answer arriving at all shows it
# outlived the swap; then the loaded netfront is WANT, both ends are
# Connected, and ping and TCP go both ways.
swap_front() {
	local ip=$1 want=$2 load=$3 out
	out=$(DX_IP=$ip dx -t 90 "echo vif-0 >/sys/bus/xen/drivers/vif/unbind && rmmod xen-netfront && $load && i=0 && while [ ! -e /sys/class/net/eth0 ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done && ip addr add $ip/24 dev eth0 && ip link set eth0 up && echo swapped-in-session-\$\$") ||
		fail "the swap in $ip failed: $out" || return 1
	echo "$out"
	echo "$out" | grep -q '^swapped-in-session-' || fail "no answer from the session in $ip" || return 1
	DX_IP=$ip module_origin "$want" xen-netfront dx cat || return 1
	wait_for 60 both_connected || fail "not Connected after the swap" || return 1
	DX_IP=$ip dx "ip -4 addr show eth0" | grep -q "inet $ip/" || fail "eth0 lost $ip" || return 1
	reach "$ip" && DX_IP=$ip ping_domu_to_dom0
}

# send_file IP FILE DEST: copy a dom0 file into the guest (nc, sha256).
send_file() {
	local ip=$1 sum got
	sum=$(sha256sum <"$2" | cut -d' ' -f1)
	DX_IP=$ip dx "rm -f $3; (sleep 60 | nc -l -p 7778 >$3 2>/dev/null) >/dev/null 2>&1 &" >/dev/null
	sleep 1
	timeout 60 busybox nc "$ip" 7778 <"$2" || { echo "send failed"; return 1; }
	got=$(DX_IP=$ip dx "sha256sum <$3" | cut -d' ' -f1)
	[ "$sum" = "$got" ] || fail "$2 arrived as $got, not $sum"
}

# Guest A: its initramfs has only the stock netfront; ours comes over.
swap_a() {
	send_file "$IP_A" "$LAB/ko/xen-netfront.ko" /tmp/xen-netfront-ours.ko || return 1
	swap_front "$IP_A" ours "insmod /tmp/xen-netfront-ours.ko"
}
# Guest B: its /lib/modules, assembled from dom0's, holds stock's too,
# xz-compressed as Debian ships it: kmod's insmod reads it, busybox's
# applet (what a bare "insmod" runs in the guest's shell) does not.
swap_b() {
	local f
	f=$(DX_IP=$IP_B dx "ls /lib/modules/$KREL/kernel/drivers/net/xen-netfront.ko*" | head -n 1)
	[ -n "$f" ] || fail "no stock xen-netfront in guest B's /lib/modules" || return 1
	swap_front "$IP_B" stock "/sbin/insmod $f"
}

switch_main() {
	# install, as its own label: the packages, ours by modprobe, guest B
	# with our netfront by modalias and identity's checks.
	SCEN=install
	kmsg_mark install
	check packages-install pkgs_install || return 1
	check modprobe-loads-ours-stock-params modprobe_ours || return 1
	BACK=ours FRONT=ours
	check guest-modalias-loads-ours guest_up ours || return 1
	DOM_B=$DOMID
	check vif-ethtool-i vif_drvinfo
	check eth0-ethtool-i eth0_drvinfo
	check front-max-ring-order-alias front_old_name
	check front-params-writable front_writable
	check front-ring-layout-v2-by-modprobe-d front_layout_v2
	check tcp tcp_ok tx 2
	SCEN=switch
	DX_IP=$IP_A DOMU_MAC=$MAC_A FRONT=stock \
		check domu-boot-stock-front domu_start "lab-$SCEN-a" stock 1 || return 1
	DOM_A=$DOMID
	switch_way stock
	switch_way ours
	DX_IP=$IP_B check our-front-renegotiates-on-ours renegotiate
	check guest-swap-front-stock-to-ours swap_a
	check guest-swap-front-ours-to-stock swap_b
	DX_IP=$IP_A check domu-dmesg-clean-stock-front domu_kmsg_clean
	DX_IP=$IP_B check domu-dmesg-clean-our-front domu_kmsg_clean
	timeout 60 xl destroy "lab-$SCEN-a" >/dev/null 2>&1
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
	# install again: the purge brings stock back on both sides.
	SCEN=install
	FRONT=ours check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	install_purge
	SCEN=switch
}

switch_main
