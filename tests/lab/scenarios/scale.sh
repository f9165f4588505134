# SPDX-License-Identifier: GPL-2.0
# scale: issue #18, many vifs per guest and many guests per dom0 on the
# grant budget. Plan keys: parts= (comma list: check, the default of
# 'scripts/lab run scale', meant for 'scripts/lab check' once it passes,
# see check_part;
# or any of big,footprint,table,guests), guests= (how
# many small guests, default "max": as many as Xen's free memory holds,
# at least 8).
#
# big: a 4-vCPU domU, backend capped at 4 queues, vif 0 on xenbr0 and 7
#    vifs hot-plugged one by one, each on a bridge of its own: every vif
#    Connected with 4 queues of the default 256-slot ring, ring_budget
#    "reason wanted", a ping through every vif and TCP on eth0; what the
#    7 cost (guest grant frames, guest and dom0 memory) is printed as
#    INFO footprint lines; ethtool -G rx/tx 1024 on eth0 under iperf3
#    grows the rings on our backend with the stream intact, and is
#    refused on stock (-g maximum 256); the 7 vifs detached.
# footprint: our netfront only, not in check: vifs 1-7 resized with
#    ethtool -L/-G to each queue count and ring size, one INFO footprint
#    line per step (Documentation/networking/xen-netfront.rst).
# table: the same 8-vif guest with max_grant_frames = 16, next to the
#    same guest with the stock netfront: ours steps down, connects every
#    vif that stock connects (ours: 6 of 8 by the budget model, stock 3),
#    pings on eth0; a vif that does not connect says "reason exhausted"
#    and xen-net-diag reports no_grants.
# guests: as many 1-vCPU domUs of the smallest memory that boots (64,
#    96 or 128 MiB) with 2 vifs each as the free memory allows: all
#    ping through both vifs and carry one TCP stream each, all at once.
# Then everything destroyed: active grants, dom0's unreclaimable slab,
# backend kthreads, dom0's event channels and vifs back at the baseline
# taken before the first guest.
# With a stock netfront the ring_budget, ethtool -G and diag checks are
# XFAIL: only ours has them.

NQ=4
NVIF=8
SCALE_MAC=00:16:3e:99:0b:0
TABLE_MAC=00:16:3e:99:0e:0
TSTOCK_MAC=00:16:3e:99:0f:0
DIAG=$LAB/xen-net-diag
PARTS=,${parts:-big,footprint,table,guests},

part() { case $PARTS in *",$1,"*) ;; *) return 1 ;; esac; }

fe_xf() { [ "$FRONT" = ours ] && echo ours || echo "stock netfront ($FRONT)"; }

# fe_state N [DOMID]: xenbus state of the guest's vif N.
fe_state() { xenstore-read "/local/domain/${2:-$DOMID}/device/vif/$1/state" 2>/dev/null; }
fe_key() { xenstore-read "/local/domain/$DOMID/device/vif/$1/$2" 2>/dev/null; }
budget_of() { dx -t 10 "cat /sys/bus/xen/devices/vif-$1/ring_budget" 2>/dev/null; }

# --- baseline and leaks ----------------------------------------------------

vif_kthreads() { ps -e -o comm= | grep -cE "$(kthread_re '[0-9]+' '[0-9]+')"; }
dom0_vif_count() { ls /sys/class/net | grep -c '^vif'; }

# scale_snapshot PREFIX: what the backend holds in dom0, with no guest
# the baseline.
scale_snapshot() {
	drop_caches
	eval "$1_grants=$(xen_active_grants all)"
	eval "$1_sunreclaim=$(meminfo_mib SUnreclaim)"
	eval "$1_kthreads=$(vif_kthreads)"
	eval "$1_evtchns=$(dom0_evtchns)"
	eval "$1_vifs=$(dom0_vif_count)"
}

# --- footprint ---------------------------------------------------------------

guest_memfree() { dx "sync; echo 3 >/proc/sys/vm/drop_caches; awk '\$1 == \"MemFree:\" { print \$2 }' /proc/meminfo"; }
dom0_memfree() { drop_caches; awk '$1 == "MemFree:" { print $2 }' /proc/meminfo; }

# fp_take PREFIX: the guest's grant frames, its and dom0's free memory.
fp_take() {
	eval "$1_frames=$(xen_grant_frames "$DOMID")"
	eval "$1_gfree=$(guest_memfree)"
	eval "$1_dfree=$(dom0_memfree)"
}

# fp_say WHAT N: one INFO line, what N vifs cost from fp0 to fp1, per
# vif: grants (the growth of the guest's grant table, 512 entries a
# frame, so +-512/N), guest and dom0 memory (MemFree, caches dropped).
# extra_connected: how many of vifs 1..7 are Connected, at least 1.
extra_connected() {
	local n
	n=$(connected_list | wc -w)
	[ "$(fe_state 0)" = 4 ] && n=$((n - 1))
	[ "$n" -gt 0 ] && echo "$n" || echo 1
}

fp_say() {
	local n=$2
	# An unreadable dump (Xen's console ring overrun) leaves a count
	# empty: report the grants as unknown rather than end the scenario.
	case ${fp0_frames:-x}/${fp1_frames:-x} in *[!0-9/]*) fp0_frames=0 fp1_frames=0 ;; esac
	: "${fp0_gfree:=0}" "${fp1_gfree:=0}" "${fp0_dfree:=0}" "${fp1_dfree:=0}"
	info "lab/$SCEN/footprint: $1, per vif (mean of $n): grants $(( (fp1_frames - fp0_frames) * 512 / n )) (guest grant frames $fp0_frames -> $fp1_frames), guest $(( (fp0_gfree - fp1_gfree) / n )) KiB, dom0 $(( (fp0_dfree - fp1_dfree) / n )) KiB"
}

# --- big: one guest, eight vifs --------------------------------------------------

bridges_up() {
	local i
	for i in $(seq 1 $((NVIF - 1))); do
		ip link add "xenbrs$i" type bridge stp_state 0 forward_delay 0 &&
			ip addr add "10.99.$((20 + i)).1/24" dev "xenbrs$i" &&
			ip link set "xenbrs$i" up || return 1
	done
}
bridges_down() {
	local i
	for i in $(seq 1 $((NVIF - 1))); do ip link del "xenbrs$i" 2>/dev/null; done
	true
}

# Guests created at once: libxl kills a vif-bridge hot-plug script that
# has not finished within its timeout, and under TCG on a loaded host
# many at once did not (run 20261206-201604: "killing execution of
# /etc/xen/scripts/vif-bridge online because of timeout").
BATCH=3

# attach_one I: vif I on bridge xenbrsI; one retry when the toolstack
# gave up (its hot-plug timeout is not the driver's doing; the log says).
attach_one() {
	timeout 120 xl network-attach "$DOMID" "bridge=xenbrs$1" "mac=$SCALE_MAC$1" >"/tmp/scale-att-$1" 2>&1 && return 0
	log "scale: attach of vif $1 failed, once more: $(tail -n 1 "/tmp/scale-att-$1")"
	xl network-detach "$DOMID" "$SCALE_MAC$1" >/dev/null 2>&1
	timeout 120 xl network-attach "$DOMID" "bridge=xenbrs$1" "mac=$SCALE_MAC$1"
}

# attach_vifs: vifs 1..NVIF-1, each on its own bridge, one after the
# other: libxl picks a new vif's devid from those in xenstore, and
# attaches to one domain at once raced for the same one (run
# 20261206-212111: "device already exists in xenstore").
attach_vifs() {
	local i bad=0
	for i in $(seq 1 $((NVIF - 1))); do
		attach_one "$i" || bad=$((bad + 1))
	done
	[ "$bad" = 0 ] || fail "$bad of $((NVIF - 1)) xl network-attach failed" || return 1
	echo "$((NVIF - 1)) vifs attached"
}

# detach_vifs: the same 7, one after the other, as they were attached;
# only vif 0 stays in dom0.
detach_vifs() {
	local i bad=0
	for i in $(seq 1 $((NVIF - 1))); do
		timeout 120 xl network-detach "$DOMID" "$SCALE_MAC$i" || bad=$((bad + 1))
	done
	[ "$bad" = 0 ] || fail "$bad xl network-detach failed" || return 1
	wait_for 60 sh -c "[ \$(ls /sys/class/net | grep -c '^vif$DOMID\\.') = 1 ]" ||
		fail "vifs left: $(vifs)" || return 1
	echo "$((NVIF - 1)) vifs detached, $(vifs)left"
}

# all_settled [DOMID]: every frontend left Initialising (up or given up).
all_settled() {
	local i
	for i in $(seq 0 $((NVIF - 1))); do
		case $(fe_state "$i" "${1:-$DOMID}") in 4 | 5 | 6) ;; *) return 1 ;; esac
	done
}

# connected_list [DOMID]: the indices of the Connected vifs, one line.
connected_list() {
	local i out=''
	for i in $(seq 0 $((NVIF - 1))); do
		[ "$(fe_state "$i" "${1:-$DOMID}")" = 4 ] && out="$out $i"
	done
	echo "${out# }"
}

layout_v2() { [ "$(fe_key "$1" ring-layout)" = 2 ]; }

# default_order N: the order of the default 256-slot ring: one classic
# page, two v2 pages. A missing ring-page-order key (stock) is 0.
default_order() { if layout_v2 "$1"; then echo 1; else echo 0; fi; }

# all_connected_at Q: every vif Connected with Q queues of the default ring.
all_connected_at() {
	local i st q o want bad=0
	for i in $(seq 0 $((NVIF - 1))); do
		st=$(fe_state "$i")
		q=$(fe_key "$i" multi-queue-num-queues)
		o=$(fe_key "$i" ring-page-order)
		want=$(default_order "$i")
		echo "vif $i: state ${st:-none} queues ${q:-1} order ${o:-0} (want $want)"
		[ "$st" = 4 ] && [ "${q:-1}" = "$1" ] && [ "${o:-0}" = "$want" ] || bad=1
	done
	[ "$bad" = 0 ] || echo "not every vif connected at $1 queues of the default ring"
	[ "$bad" = 0 ]
}

budgets_say() { # REASON: every connected vif's ring_budget has it
	local i b bad=0
	for i in $(connected_list); do
		b=$(budget_of "$i")
		echo "vif-$i ring_budget: ${b:-missing}"
		case $b in *"reason $1"*) ;; *) bad=1 ;; esac
	done
	[ "$bad" = 0 ]
}

# vifs_addressed: the guest's ethN with vif i's MAC gets 10.99.(20+i).2.
vifs_addressed() {
	dx "for i in \$(seq 1 $((NVIF - 1))); do for a in /sys/class/net/eth*/address; do [ \"\$(cat \$a)\" = $SCALE_MAC\$i ] || continue; d=\${a%/address}; d=\${d##*/}; ip addr add 10.99.\$((20 + i)).2/24 dev \$d && ip link set \$d up || exit 1; done; done"
}

# ping_every_vif: 3 pings through each of the 8 vifs, all at once.
ping_every_vif() {
	local i ip bad=0
	for i in $(seq 0 $((NVIF - 1))); do
		ip=$DOMU_IP
		[ "$i" = 0 ] || ip=10.99.$((20 + i)).2
		ping -c 3 -i 0.3 -W 3 "$ip" >"/tmp/scale-ping-$i" 2>&1 &
	done
	wait
	for i in $(seq 0 $((NVIF - 1))); do
		if grep -q '3 packets transmitted, 3 received,' "/tmp/scale-ping-$i"; then
			echo "vif $i: 3 of 3"
		else
			echo "vif $i: $(grep 'packets transmitted' "/tmp/scale-ping-$i" || echo 'no ping summary')"
			bad=1
		fi
	done
	[ "$bad" = 0 ] || echo "not every vif answered every ping"
	[ "$bad" = 0 ]
}

ring_max() { # the "Pre-set maximums" RX value of ethtool -g eth0
	dx "ethtool -g eth0" | awk '/Pre-set/ { p = 1 } p && /^RX:/ { print $2; exit }'
}

# ethtool -G rx/tx 1024 on eth0 during a 4-flow iperf3: our backend goes
# to 1024-slot rings and the stream survives; stock refuses, nothing changes.
resize_rings() {
	local bg rc=0 max want
	max=$(ring_max)
	echo "ethtool -g eth0: RX maximum $max"
	if [ "$BACK" != ours ]; then
		[ "$max" = 256 ] || fail "stock backend, but -g says ${max:-nothing}, not 256" || return 1
		dx "ethtool -G eth0 rx 1024 tx 1024" &&
			fail "ethtool -G 1024 accepted on a one-page backend" && return 1
		[ "$(fe_key 0 ring-page-order)" != 2 ] || fail "order changed" || return 1
		[ "$(ring_max)" = 256 ] || fail "after the refusal -g says $(ring_max)" || return 1
		echo "stock backend: ethtool -G 1024 refused, maximum 256"
		return 0
	fi
	# 1024 slots: order 2 classic, order 3 in v2.
	want=2
	layout_v2 0 && want=3
	iperf3 -c "$DOMU_IP" -t 20 -P 4 -f m --connect-timeout 5000 >/tmp/lab-bg.out 2>&1 &
	bg=$!
	sleep 4
	if dx -t 90 "ethtool -G eth0 rx 1024 tx 1024" &&
		wait_for 90 sh -c "[ \"\$(xenstore-read /local/domain/$DOMID/device/vif/0/ring-page-order)\" = $want ]"; then
		timeout 60 sh -c "while kill -0 $bg 2>/dev/null; do sleep 1; done"
		wait "$bg" || { echo "iperf3 stream broke during resize"; tail -n 3 /tmp/lab-bg.out; rc=1; }
		grep receiver /tmp/lab-bg.out | tail -n 1
		echo "vif 0 at ring order $want"
	else
		echo "vif 0 never reached ring order $want"
		rc=1
	fi
	kill "$bg" 2>/dev/null
	wait "$bg" 2>/dev/null
	return $rc
}

big_part() {
	local xf mem
	xf=$(fe_xf)
	# Room for the footprint sweep's larger rings (RX buffers posted).
	if part footprint; then mem=512; else mem=$DOMU_MEM; fi
	DOMU_MEM=$mem check domu-boot domu_start "lab-$SCEN" "$FRONT" $NQ || return 1
	check bridges bridges_up || return 1
	fp_take fp0
	check attach-vifs attach_vifs || return 1
	wait_for 120 all_settled
	check eight-vifs-four-queues all_connected_at $NQ
	fp_take fp1
	fp_say "front $FRONT back $BACK, $NQ queues, order $(fe_key 1 ring-page-order) layout $(fe_key 1 ring-layout)" "$(extra_connected)"
	xcheck budget-wanted "$xf" "ring_budget" budgets_say wanted
	check vifs-addressed vifs_addressed
	check ping-every-vif ping_every_vif
	check tcp-with-eight-vifs tcp_ok tx 3
	part footprint && [ "$FRONT" = ours ] && footprint_sweep
	xcheck ethtool-G-under-traffic "$xf" "ethtool -G" resize_rings
	check tcp-after-resize tcp_ok rx 3
	check detach-vifs detach_vifs
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	bridges_down
}

# --- footprint: every queue count and ring size on vifs 1-7 ----------------------

# fp_resize Q SLOTS: ethtool -L and -G on the 7 extra vifs, each in the
# background so that their reconnects overlap, then wait until all are
# Connected again.
fp_resize() {
	dx -t 300 "for a in /sys/class/net/eth*/address; do d=\${a%/address}; d=\${d##*/}; [ \$d = eth0 ] && continue; (ethtool -L \$d combined $1; ethtool -G \$d rx $2 tx $2) >/dev/null 2>&1 & done; wait" >/dev/null
	sleep 2
	wait_for 120 all_settled
}

# One footprint line per queue count and ring size. A guest's grant
# table never shrinks, so its growth measures grants only where a step
# costs more than every earlier one; memory is measured at every step.
footprint_sweep() {
	local qs q s o
	# In order of grants per vif (v2: 516, 1032, 2064, 4128, 8256), so
	# that the table's growth measures each step (classic, the netfront's
	# default: 514, 2056, 2056, 4112, 8224, where 1:1024 adds no grants
	# over 4:128); 7 vifs of 4 queues of 2048 RX buffers would want
	# 224 MiB, so 4 queues stop at 1024.
	for qs in 1:256 4:128 1:1024 1:2048 4:1024; do
		q=${qs%:*} s=${qs#*:}
		fp_resize "$q" "$s"
		fp_take fp1
		o=$(fe_key 1 ring-page-order)
		fp_say "front $FRONT back $BACK, asked $q queues $s slots: got $(fe_key 1 multi-queue-num-queues) queues order ${o:-0} layout $(fe_key 1 ring-layout), $(dx "cat /sys/bus/xen/devices/vif-1/ring_budget"), $(connected_list | wc -w) of $NVIF connected" "$(extra_connected)"
	done
	fp_resize $NQ 256
}

# --- table: max_grant_frames = 16 -------------------------------------------------

# table_cfg_vifs MACPREFIX: the 7 extra vifs of a small-table guest.
table_vifs() {
	local i out=''
	for i in $(seq 1 $((NVIF - 1))); do out="$out${out:+, }\"bridge=xenbr1,mac=$1$i\""; done
	echo "$out"
}

# table_compare SDOM: every vif the stock netfront connected in the same
# configuration is Connected in ours too.
table_compare() {
	local ours stock i
	ours=$(connected_list)
	echo "ours: vifs ${ours:-none} connected of $NVIF on 16 grant frames"
	[ -n "$1" ] || { [ -n "$ours" ]; return; }
	stock=$(connected_list "$1")
	echo "stock netfront, same configuration: vifs ${stock:-none}"
	for i in $stock; do
		case " $ours " in *" $i "*) ;; *) fail "vif $i: stock connects it, ours does not" || return 1 ;; esac
	done
	[ "$(echo "$ours" | wc -w)" -ge "$(echo "$stock" | wc -w)" ]
}

# Every vif of the 16-frame guest Connected: each left the vifs still
# to connect a share of the table (stock leaves the last ones Closed).
table_all_connected() {
	local c
	c=$(connected_list)
	echo "vifs ${c:-none} connected of $NVIF on 16 grant frames"
	[ "$(echo "$c" | wc -w)" = "$NVIF" ]
}

# Ours stepped down: some connected vif got less than it asked for.
table_stepped_down() {
	local i b n=0
	for i in $(connected_list); do
		b=$(budget_of "$i")
		echo "vif-$i: order $(fe_key "$i" ring-page-order) queues $(fe_key "$i" multi-queue-num-queues) budget ${b:-missing}"
		case $b in *"reason wanted"* | '') ;; *) n=$((n + 1)) ;; esac
	done
	echo "$n vif(s) stepped down"
	[ "$n" -gt 0 ]
}

table_rest_explained() {
	local i b bad=0
	for i in $(seq 0 $((NVIF - 1))); do
		[ "$(fe_state "$i")" = 4 ] && continue
		b=$(budget_of "$i")
		echo "vif-$i: state $(fe_state "$i") budget ${b:-missing}"
		case $b in *"reason exhausted"*) ;; *) bad=1 ;; esac
	done
	[ "$bad" = 0 ]
}

table_diag() {
	local out
	[ "$(connected_list | wc -w)" -lt "$NVIF" ] || { echo "all vifs connected: nothing to diagnose"; return 0; }
	# The guest image has no xen-net-diag: carry it over, as diag does.
	out=$(dx "echo $(base64 -w0 <"$DIAG") | base64 -d >/tmp/diag && sh /tmp/diag --json" 2>&1)
	printf '%s\n' "$out" | tail -n 8
	printf '%s\n' "$out" | grep -q '"problem":"no_grants"'
}

table_part() {
	local xf sdom='' rc=0
	xf=$(fe_xf)
	DOMU_XL_EXTRA="max_grant_frames = 16"
	if [ "$FRONT" != stock ]; then
		# The stock netfront in the same configuration; its 8 hot-plug
		# scripts run before ours start (see BATCH), its boot overlaps.
		DX_IP=10.99.0.3 DOMU_MAC=${TSTOCK_MAC}0 DOMU_MORE_VIFS=$(table_vifs $TSTOCK_MAC) \
			domu_cfg "lab-$SCEN-tstock" stock $NQ >/dev/null
		timeout 180 xl create "/run/lab/lab-$SCEN-tstock.cfg" >/tmp/scale-tstock.out 2>&1 ||
			log "stock table guest: $(tail -n 2 /tmp/scale-tstock.out)"
		sdom=$(xl domid "lab-$SCEN-tstock" 2>/dev/null)
	fi
	DOMU_MORE_VIFS=$(table_vifs $TABLE_MAC) check table-domu-boot domu_start "lab-$SCEN-table" "$FRONT" $NQ || rc=1
	DOMU_XL_EXTRA=
	[ "$rc" = 0 ] || return 1
	wait_for 120 all_settled
	[ -n "$sdom" ] && wait_for 120 all_settled "$sdom"
	fp0_frames=0 fp1_frames=$(xen_grant_frames "$DOMID")
	info "lab/$SCEN/footprint: front $FRONT, max_grant_frames 16: vifs $(connected_list) connected, guest grant frames in use $fp1_frames"
	check table-connects-where-stock-does table_compare "$sdom"
	xcheck table-steps-down "$xf" "ring_budget" table_stepped_down
	check table-ping-eth0 ping_dom0_to_domu
	xcheck table-rest-explained "$xf" "ring_budget" table_rest_explained
	xcheck table-diag-no-grants "$xf" "xen-net-diag's budget line" table_diag
	check table-domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN-table"
	[ -n "$sdom" ] && domu_stop "lab-$SCEN-tstock"
	true
}

# --- guests: as many small guests as memory allows -----------------------------

G_MAC0=00:16:3e:99:0c:
G_MAC1=00:16:3e:99:0d:
g_ip0() { echo "10.99.0.$((10 + $1))"; }
g_ip1() { echo "10.99.1.$((10 + $1))"; }
g_hex() { printf %02x "$1"; }

# g_cfg K MEM: the xl configuration of small guest K.
g_cfg() {
	DOMU_MEM=$2 DX_IP=$(g_ip0 "$1") DOMU_MAC=$G_MAC0$(g_hex "$1") \
		DOMU_MORE_VIFS="\"bridge=xenbr1,mac=$G_MAC1$(g_hex "$1")\"" \
		domu_cfg "lab-$SCEN-g$1" "$FRONT" 1
}

g_up() { DX_IP=$(g_ip0 "$1") dx -t 5 true; }

# g_setup K: eth1's address, no syncookies, and the netfront named.
g_setup() {
	DX_IP=$(g_ip0 "$1") dx "ip addr add $(g_ip1 "$1")/24 dev eth1 && ip link set eth1 up" >/dev/null &&
		DX_IP=$(g_ip0 "$1") no_syncookies dx >/dev/null &&
		DX_IP=$(g_ip0 "$1") module_origin "$([ "$FRONT" = ours ] && echo ours || echo stock)" xen-netfront dx cat >/dev/null
}

# g_first: boot guest 1 at the smallest memory that works; sets G_MEM.
g_first() {
	local m
	for m in 64 96 128; do
		timeout 120 xl create "$(g_cfg 1 $m)" >/tmp/lab-xl.out 2>&1 &&
			wait_for 120 g_up 1 && { G_MEM=$m; echo "smallest guest that boots: $m MiB"; return 0; }
		echo "$m MiB: no answer; $(domu_console "lab-$SCEN-g1" | tail -n 2)"
		timeout 60 xl destroy "lab-$SCEN-g1" >/dev/null 2>&1
	done
	return 1
}

# g_boot_rest N: guests 2..N, BATCH created at once (2 hot-plug scripts
# each), booting meanwhile; all must answer.
g_boot_rest() {
	local k bad='' n=0
	for k in $(seq 2 "$1"); do
		timeout 180 xl create "$(g_cfg "$k" "$G_MEM")" >"/tmp/scale-g$k.out" 2>&1 &
		n=$((n + 1))
		[ $((n % BATCH)) = 0 ] && wait
	done
	wait
	for k in $(seq 2 "$1"); do
		xl domid "lab-$SCEN-g$k" >/dev/null 2>&1 || log "scale: guest $k: $(tail -n 1 "/tmp/scale-g$k.out")"
	done
	for k in $(seq 1 "$1"); do
		wait_for 240 g_up "$k" && g_setup "$k" || bad="$bad $k"
	done
	[ -z "$bad" ] || fail "guests not up or not set up:$bad" || return 1
	echo "$1 guests of $G_MEM MiB, 2 vifs each, up"
}

# g_traffic N: every guest at once: 3 pings through each vif, 5 s of TCP.
g_traffic() {
	local k v bad=0
	for k in $(seq 1 "$1"); do
		ping -c 3 -i 0.3 -W 3 "$(g_ip0 "$k")" >"/tmp/scale-gp0-$k" 2>&1 &
		ping -c 3 -i 0.3 -W 3 "$(g_ip1 "$k")" >"/tmp/scale-gp1-$k" 2>&1 &
		timeout 60 iperf3 -c "$(g_ip0 "$k")" -t 5 -f m --connect-timeout 10000 >"/tmp/scale-gt-$k" 2>&1 &
	done
	wait
	for k in $(seq 1 "$1"); do
		for v in 0 1; do
			grep -q '3 packets transmitted, 3 received,' "/tmp/scale-gp$v-$k" ||
				{ echo "guest $k vif $v: $(grep 'packets transmitted' "/tmp/scale-gp$v-$k" || echo 'no ping summary')"; bad=1; }
		done
	done
	awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") print FILENAME, $(i - 1) }' /tmp/scale-gt-* >/tmp/scale-gt.sum
	cat /tmp/scale-gt.sum
	for k in $(seq 1 "$1"); do
		awk -v f="/tmp/scale-gt-$k" -v m="$TCP_FLOOR_MBPS" '$1 == f && $2 >= m { ok = 1 } END { exit !ok }' /tmp/scale-gt.sum ||
			{ echo "guest $k: TCP under $TCP_FLOOR_MBPS Mbit/s or failed: $(tail -n 1 "/tmp/scale-gt-$k")"; bad=1; }
	done
	echo "aggregate $(awk '{ s += $2 } END { print s + 0 }' /tmp/scale-gt.sum) Mbit/s over $1 guests at once"
	[ "$bad" = 0 ]
}

# How many small guests: guests=N, or what Xen's free memory holds at
# G_MEM plus 4 MiB of overhead each.
g_count() {
	local free n
	free=$(xl info | sed -n 's/^free_memory *: *//p')
	n=$(( (free + G_MEM + 4) / (G_MEM + 4) ))
	case ${guests:-max} in max) ;; *) [ "$guests" -lt "$n" ] && n=$guests ;; esac
	echo "$n"
}

guests_part() {
	local n
	check guests-smallest-boots g_first || return 1
	n=$(g_count)
	log "scale: $n small guests of $G_MEM MiB (free $(xl info | sed -n 's/^free_memory *: *//p') MiB after the first)"
	check guests-enough sh -c "echo '$n guests fit (at least 8)'; [ $n -ge 8 ]" || return 1
	check guests-boot g_boot_rest "$n" || return 1
	check guests-traffic-at-once g_traffic "$n"
}

# --- check: every part in one set of guests, cheap enough for make check -------
# parts=check (meant for 'scripts/lab check'). One set of guests on our
# netback, each part's checks on its own guest while the others run,
# then one phase on the stock netback:
#  - the big guest (our netfront, 8 vifs x 4 queues, the 7 extra vifs in
#    its xl configuration rather than hot-plugged one by one);
#  - the two 16-frame guests of the table part (ours, and the stock
#    netfront on our netback);
#  - 8 small 96 MiB guests with 2 vifs each, odd ones with our netfront,
#    even ones with the stock netfront: all ping and stream at once;
#  - everything destroyed, the leak checks against the baseline;
#  - the stock netback (max_queues=4) and the big guest with our
#    netfront again: 8 vifs x 4 queues, pings through each, TCP, and
#    ethtool -G refused with the one-page maximum.
# No fixed sleeps: every wait polls with a bound. The footprint sweep,
# the 64 MiB probe and -G under traffic stay in the other parts.
#
# Booting: all eleven guests at once starved dom0 under TCG (libxl
# killed the 8-vif guest's vif-bridge scripts on timeout, runs
# 20261207-001206 and -005857); one at a time, each answering before the
# next, ran 22 minutes without a word (run 20261207-092351: a guest's
# failure reached the log only when the whole boot ended). A 1-vCPU
# guest answers 11-16 s after xl create on a quiet host (the lab's logs),
# each vif's vif-bridge script adds about 2 s of dom0 time, and xl
# creates one domain at a time itself (its lock), so CK_PAR guests are
# in flight at once: one being created while the other boots. Each
# guest has hard bounds, CK_CREATE_S for xl create (lock wait included)
# and CK_ANSWER_S more to answer, and the phase one, CK_BOOT_S, after
# which no guest is created: a guest that misses one is logged at once
# with the reason ("scale +Ns: NAME ... NOT UP: ..."), its checks fail
# at once, and the other guests' checks still run.

CK_GUESTS=8
CK_PAR=2
CK_CREATE_S=180
CK_ANSWER_S=120
CK_BOOT_S=420
# Heavy (8-vif, 4-vCPU) guests between small ones, so that two of them
# are seldom in flight together.
CK_ORDER="big g1 g2 table g3 g4 tstock g5 g6 g7 g8"
TABLE_IP=10.99.0.4
TSTOCK_IP=10.99.0.3

# slog MSG: a progress line on the console, seconds since the scenario began.
slog() { log "scale +$(($(date +%s) - SCALE_T0))s: $*"; }

big_vifs() {
	local i out=''
	for i in $(seq 1 $((NVIF - 1))); do out="$out${out:+, }\"bridge=xenbrs$i,mac=$SCALE_MAC$i\""; done
	echo "$out"
}

# g_front K: the netfront of small guest K: with our netfront under
# test, even guests run the stock one (the guest set mixes them).
g_front() {
	if [ "$FRONT" = ours ] && [ $(($1 % 2)) = 0 ]; then echo stock; else echo "$FRONT"; fi
}

ck_g_cfg() {
	DOMU_MEM=96 DX_IP=$(g_ip0 "$1") DOMU_MAC=$G_MAC0$(g_hex "$1") \
		DOMU_MORE_VIFS="\"bridge=xenbr1,mac=$G_MAC1$(g_hex "$1")\"" \
		domu_cfg "lab-$SCEN-g$1" "$(g_front "$1")" 1
}

# ck_cfgs: every guest's xl configuration, written before any boots.
ck_cfgs() {
	local k
	for k in $(seq 1 $CK_GUESTS); do ck_g_cfg "$k" >/dev/null; done
	DOMU_MORE_VIFS=$(big_vifs) domu_cfg "lab-$SCEN" "$FRONT" $NQ >/dev/null
	DOMU_XL_EXTRA="max_grant_frames = 16"
	DX_IP=$TSTOCK_IP DOMU_MAC=${TSTOCK_MAC}0 DOMU_MORE_VIFS=$(table_vifs $TSTOCK_MAC) \
		domu_cfg "lab-$SCEN-tstock" stock $NQ >/dev/null
	DX_IP=$TABLE_IP DOMU_MAC=${TABLE_MAC}0 DOMU_MORE_VIFS=$(table_vifs $TABLE_MAC) \
		domu_cfg "lab-$SCEN-table" "$FRONT" $NQ >/dev/null
	DOMU_XL_EXTRA=
}

# ck_spec NAME: CK_DOM, CK_IP, CK_FRONT and CK_NVIF of guest NAME (big,
# table, tstock, g1..g8).
ck_spec() {
	case $1 in
	big) CK_DOM=lab-$SCEN CK_IP=$DOMU_IP CK_FRONT=$FRONT CK_NVIF=$NVIF ;;
	table) CK_DOM=lab-$SCEN-table CK_IP=$TABLE_IP CK_FRONT=$FRONT CK_NVIF=$NVIF ;;
	tstock) CK_DOM=lab-$SCEN-tstock CK_IP=$TSTOCK_IP CK_FRONT=stock CK_NVIF=$NVIF ;;
	*) CK_DOM=lab-$SCEN-$1 CK_IP=$(g_ip0 "${1#g}") CK_FRONT=$(g_front "${1#g}") CK_NVIF=2 ;;
	esac
}

ck_answers() { DX_IP=$1 dx -t 5 true; }
# ck_is_up NAME: guest NAME booted and passed ck_setup.
ck_is_up() { [ "$(head -n 1 "/tmp/scale-up-$1" 2>/dev/null)" = ok ]; }
ck_why() { head -n 1 "/tmp/scale-up-$1" 2>/dev/null || echo "no status"; }
oneline() { tr -d '\r' | grep -v '^ *$' | tail -n "$1" | tr '\n' ' ' | cut -c1-240; }

# The first lines of xl's that say what went wrong: its last ones are
# the clean-up's complaints ("Non-existant domain"), not the cause.
xl_cause() {
	# Not the gunzip line: our initramfs is two gzip members (the base
	# and our module), libxc inflates only the first into room for the
	# last one's size, says "inflate failed (rc=-5)" and then hands the
	# guest the file as it is, on every create that works too.
	tr -d '\r' | grep -v '^Parsing config' | grep -v 'xc_dom_do_gunzip: inflate failed' |
		grep -iE 'error|fail|timed? ?out' |
		head -n 3 | tr '\n' ' ' | cut -c1-400
}

# ck_setup NAME: syncookies off; the netfront is the one the guest was
# given; a small guest's eth1 addressed.
ck_setup() {
	DX_IP=$CK_IP no_syncookies dx >/dev/null || echo "syncookies left on"
	DX_IP=$CK_IP module_origin "$(case $CK_FRONT in ours) echo ours ;; *) echo stock ;; esac)" xen-netfront dx cat || return 1
	case $1 in
	g*) DX_IP=$CK_IP dx "ip addr add $(g_ip1 "${1#g}")/24 dev eth1 && ip link set eth1 up" ||
		fail "eth1 not addressed" ;;
	esac
}

# ck_guest NAME: create guest NAME and wait until it answers, within the
# bounds above; its verdict ("ok" or why not) into /tmp/scale-up-NAME,
# and one log line either way. Runs in the background (ck_pool).
ck_guest() {
	local name=$1 t0 t1 why='' out
	ck_spec "$name"
	t0=$(date +%s)
	t1=$t0
	if [ $((t0 - CK_BOOT_T0)) -ge $CK_BOOT_S ]; then
		why="not created: the boot phase's ${CK_BOOT_S}s were spent"
	elif ! timeout $CK_CREATE_S xl create "/run/lab/$CK_DOM.cfg" >"/tmp/scale-$name.out" 2>&1; then
		why="xl create failed or over ${CK_CREATE_S}s (after $(($(date +%s) - t0))s): $(xl_cause <"/tmp/scale-$name.out")"
	else
		t1=$(date +%s)
		if ! wait_secs $CK_ANSWER_S ck_answers "$CK_IP"; then
			why="created in $((t1 - t0))s, no answer in ${CK_ANSWER_S}s more; vifs $(ck_vif_states "$(xl domid "$CK_DOM" 2>/dev/null)"); console: $(domu_console "$CK_DOM" | oneline 3)"
		elif ! out=$(ck_setup "$name" 2>&1); then
			why="answers, but $(echo "$out" | oneline 1)"
		fi
	fi
	if [ -z "$why" ]; then
		echo ok >"/tmp/scale-up-$name"
		slog "$name ($CK_FRONT, $CK_NVIF vifs) created in $((t1 - t0))s, answered $(($(date +%s) - t1))s later"
	else
		echo "$why" >"/tmp/scale-up-$name"
		slog "$name ($CK_FRONT, $CK_NVIF vifs) NOT UP: $why"
		domu_console "$CK_DOM" | tr -d '\r' | tail -n 15 | while IFS= read -r out; do slog "$name console: $out"; done
	fi
}

# ck_vif_states DOMID: each vif's frontend and backend state.
ck_vif_states() {
	local d=$1 v
	[ -n "$d" ] || return 0
	for v in $(xenstore-list "/local/domain/$d/device/vif" 2>/dev/null); do
		printf '%s: fe %s be %s; ' "$v" "$(xenstore-read "/local/domain/$d/device/vif/$v/state" 2>/dev/null)" "$(xenstore-read "/local/domain/0/backend/vif/$d/$v/state" 2>/dev/null)"
	done
}

ck_done_count() { ls /tmp/scale-up-* 2>/dev/null | wc -l; }

# ck_pool NAME...: every guest booted by ck_guest, CK_PAR in flight at
# once; returns when all have a verdict (each is bounded, and so is the
# wait for them).
ck_pool() {
	local n started=0 limit pids=
	CK_BOOT_T0=$(date +%s)
	limit=$((CK_BOOT_S + CK_CREATE_S + CK_ANSWER_S + 240))
	rm -f /tmp/scale-up-*
	for n in "$@"; do
		while [ $((started - $(ck_done_count))) -ge $CK_PAR ]; do
			[ $(($(date +%s) - CK_BOOT_T0)) -lt "$limit" ] || break
			sleep 0.5
		done
		ck_guest "$n" &
		pids="$pids $!"
		started=$((started + 1))
	done
	while [ "$(ck_done_count)" -lt "$started" ] && [ $(($(date +%s) - CK_BOOT_T0)) -lt "$limit" ]; do
		sleep 0.5
	done
	# The guests' jobs only: a bare wait also waits for ck_watch, which
	# runs until check_part kills it after this returns.
	# shellcheck disable=SC2086 # one pid a word
	wait $pids
}

# ck_boot: every guest's verdict; all must be up.
ck_boot() {
	local n bad='' first=''
	for n in $CK_ORDER; do
		ck_spec "$n"
		echo "$n ($CK_FRONT, $CK_NVIF vifs): $(ck_why "$n")"
		ck_is_up "$n" && continue
		bad="$bad $n"
		[ -n "$first" ] || first="$n: $(ck_why "$n")"
	done
	[ -z "$bad" ] || fail "not up:$bad; $first" || return 1
	echo "$(echo "$CK_ORDER" | wc -w) guests up in $(($(date +%s) - CK_BOOT_T0))s: the big one, two 16-frame ones, $CK_GUESTS of 96 MiB ($(xl info | sed -n 's/^free_memory *: *//p') MiB free)"
}

# ck_fail_all WHY NAME...: checks that cannot run (their guest is not
# up) fail at once, each with WHY, so that a run prints every result.
ck_fail_all() {
	local why n
	why=$(echo "$1" | cut -c1-120)
	shift
	for n in "$@"; do emit "RESULT FAIL lab/$SCEN/$n: $why"; done
	touch /run/lab/failed
}

# dom0_weight W: dom0's scheduler weight (256 is Xen's default), so that
# the hot-plug scripts of a guest being created keep up with the guest
# booting beside it; a host with many guests gives dom0 more weight for
# the same reason.
dom0_weight() {
	timeout 30 xl sched-credit2 -d Domain-0 -w "$1" >/dev/null 2>&1 ||
		timeout 30 xl sched-credit -d Domain-0 -w "$1" >/dev/null 2>&1
}

# ck_big PREFIX: the big guest's checks (DOMID and DX_IP its own).
BIG_CHECKS="eight-vifs-four-queues budget-wanted vifs-addressed ping-every-vif tcp-with-eight-vifs"
ck_big() {
	local xf
	xf=$(fe_xf)
	DOMID=$(xl domid "lab-$SCEN")
	wait_for 120 all_settled
	check "${1}eight-vifs-four-queues" all_connected_at $NQ
	xcheck "${1}budget-wanted" "$xf" "ring_budget" budgets_say wanted
	check "${1}vifs-addressed" vifs_addressed
	check "${1}ping-every-vif" ping_every_vif
	check "${1}tcp-with-eight-vifs" tcp_ok tx 3
}

# ck_compare: table_compare against the stock 16-frame guest, which
# must be there to compare with.
ck_compare() {
	[ -n "$1" ] || fail "the stock netfront's 16-frame guest is not up: $(ck_why tstock)" || return 1
	table_compare "$1"
}

TABLE_CHECKS="table-connects-where-stock-does table-all-connect table-steps-down table-ping-eth0 table-rest-explained table-diag-no-grants table-domu-dmesg-clean"
ck_table() {
	local xf sdom=''
	xf=$(fe_xf)
	ck_is_up tstock && sdom=$(xl domid "lab-$SCEN-tstock")
	DOMID=$(xl domid "lab-$SCEN-table")
	wait_for 120 all_settled
	[ -n "$sdom" ] && wait_for 120 all_settled "$sdom"
	info "lab/$SCEN/footprint: front $FRONT, max_grant_frames 16: vifs $(connected_list) connected, guest grant frames in use $(xen_grant_frames "$DOMID"); stock netfront: vifs $([ -n "$sdom" ] && connected_list "$sdom")"
	check table-connects-where-stock-does ck_compare "$sdom"
	xcheck table-all-connect "$xf" "a grant budget" table_all_connected
	(
		DX_IP=$TABLE_IP
		xcheck table-steps-down "$xf" "ring_budget" table_stepped_down
		check table-ping-eth0 ping_dom0_to_domu "" $TABLE_IP
		xcheck table-rest-explained "$xf" "ring_budget" table_rest_explained
		xcheck table-diag-no-grants "$xf" "xen-net-diag's budget line" table_diag
		check table-domu-dmesg-clean domu_kmsg_clean
	)
}

kthreads_at_base() { [ "$(vif_kthreads)" = "$base_kthreads" ]; }

# ck_destroy_all: every guest destroyed, two at a time (each destroy
# runs its vifs' hot-plug scripts, which libxl bounds); then bounded
# waits until the backend's vifs and threads are gone.
ck_destroy_all() {
	local d n=0
	for d in $(xl list 2>/dev/null | awk 'NR > 1 && $2 != 0 { print $1 }'); do
		(timeout 60 xl destroy "$d" >/dev/null 2>&1 || slog "xl destroy $d failed") &
		n=$((n + 1))
		[ $((n % 2)) = 0 ] && wait
	done
	wait
	wait_for 120 no_vifs || slog "vifs left: $(vifs)"
	wait_for 60 kthreads_at_base || slog "backend threads left: $(vif_kthreads)"
}

# ck_watch: while guests boot, dom0's memory, load and what runs, every
# 10 s on the console: a boot that goes silent shows its last moments.
ck_watch() {
	while :; do
		slog "watch: $(awk '$1 ~ /^(MemFree|MemAvailable|Slab|Committed_AS):$/ { printf "%s %d MiB ", $1, $2 / 1024 }' /proc/meminfo)load $(cut -d' ' -f1-4 /proc/loadavg) $(grep -E '^procs_(running|blocked)' /proc/stat | tr '\n' ' ')vif threads $(vif_kthreads) domains $(xl list 2>/dev/null | awk 'NR > 1' | wc -l); D: $(ps -eo stat=,comm= | awk '$1 ~ /^D/ { printf "%s ", $2 }')"
		if [ $(($(date +%s) - SCALE_T0)) -gt 100 ]; then
			slog "watch: domains $(xl list 2>/dev/null | awk 'NR > 1 { printf "%s(%s) %s, ", $1, $2, $5 }')"
			slog "watch: vif states $(for d in $(xl list 2>/dev/null | awk 'NR > 2 { print $2 }'); do printf 'd%s: ' "$d"; ck_vif_states "$d"; done)"
			slog "watch: procs $(ps -eo pid=,ppid=,stat=,etimes=,wchan:18=,args= | awk '$6 ~ /^(xl|timeout|busybox|nc|sleep|\/etc\/xen)/ || $7 ~ /vif-bridge|hotplug/ { $1 = $1; printf "[%s] ", substr($0, 1, 90) }')"
		fi
		sleep 10
	done
}

check_part() {
	local n watch
	bridges_up || slog "bridges failed"
	dom0_weight 1024 || slog "dom0's weight unchanged"
	ck_cfgs
	slog "booting $CK_ORDER, $CK_PAR at once"
	ck_watch &
	watch=$!
	ck_pool $CK_ORDER
	kill "$watch"
	check guests-boot ck_boot
	lab_time "guests up"
	slog "guests: $(for n in $CK_ORDER; do ck_is_up "$n" && printf '%s ' "$n"; done)up"
	info "lab/$SCEN/boot: $(echo "$CK_ORDER" | wc -w) guests, $CK_PAR at once, in $(($(date +%s) - CK_BOOT_T0))s"
	if ck_is_up big; then
		ck_big ""
		check domu-dmesg-clean domu_kmsg_clean
	else
		# shellcheck disable=SC2086 # one check name a word
		ck_fail_all "the 8-vif guest is not up: $(ck_why big)" $BIG_CHECKS domu-dmesg-clean
	fi
	slog "big's checks done"
	if ck_is_up table; then
		ck_table
	else
		# shellcheck disable=SC2086
		ck_fail_all "the 16-frame guest is not up: $(ck_why table)" $TABLE_CHECKS
	fi
	slog "table's checks done"
	check guests-traffic-at-once g_traffic $CK_GUESTS
	lab_time "checks done"
	slog "every guest's checks done"
	ck_destroy_all
	dom0_weight 256
	bridges_down
	leak_checks
	lab_time "leak checks done"
	slog "leak checks done"
	[ "$BACK" = ours ] || return 0
	# Our netfront on the stock netback, in the same scenario.
	BACK=stock
	check stock-backend-load netback_load stock "$(mq_param stock)=$NQ" || { BACK=ours; return 1; }
	bridges_up || slog "bridges failed"
	if DOMU_MORE_VIFS=$(big_vifs) check stock-domu-boot domu_start "lab-$SCEN" "$FRONT" $NQ; then
		slog "the 8-vif guest is up on the stock netback"
		ck_big stock-
		xcheck stock-ethtool-G-refused "$(fe_xf)" "ethtool -G" resize_rings
		check stock-domu-dmesg-clean domu_kmsg_clean
	else
		# shellcheck disable=SC2046 # one check name a word
		ck_fail_all "the 8-vif guest did not boot on the stock netback" \
			$(for n in $BIG_CHECKS ethtool-G-refused domu-dmesg-clean; do echo "stock-$n"; done)
	fi
	lab_time "stock phase done"
	slog "stock phase done"
	ck_destroy_all
	bridges_down
	BACK=ours
}

# Everything the guests held is back at the baseline taken before them.
leak_checks() {
	scale_snapshot end
	check no-leak-grants same_as_base grants
	check no-leak-dom0-slab grew_at_most sunreclaim 8
	check no-leak-kthreads same_as_base kthreads
	check no-leak-evtchns same_as_base evtchns
	check no-leak-vifs same_as_base vifs
}

scale_main() {
	SCALE_T0=$(date +%s)
	check backend-load netback_load "$BACK" "$(mq_param "$BACK")=$NQ" || return 1
	scale_snapshot base
	log "scale: baseline grants $base_grants slab $base_sunreclaim MiB kthreads $base_kthreads evtchns $base_evtchns"
	if part check; then
		check_part
		check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
		return
	fi
	part big && big_part
	cleanup_domus
	bridges_down
	part table && table_part
	cleanup_domus
	part guests && guests_part
	cleanup_domus
	leak_checks
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

scale_main
