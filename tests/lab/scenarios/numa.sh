# SPDX-License-Identifier: GPL-2.0
# numa: scripts/xen-net-place on a two-node host (LAB_NUMA=1: QEMU gives
# node i CPU i and half the memory, Xen pins dom0's vCPU i to CPU i). A
# 1-vCPU domU that xl's automatic NUMA placement puts on one node N; once
# xen-net-place ran, every queue thread and event channel of its vif
# must be bound to dom0's CPU N, the one on node N, its events must
# arrive there, and TCP must still flow. Skips, in one line, on a host of
# one node.
#
# Why not cpus = "node:1" and 2 vCPUs: xl 4.17 then pins the vCPUs but
# sets the node affinity to every node (xl list -n: all; the memory went
# half to each node), and automatic placement wants a node with a CPU per
# vCPU, which one-CPU nodes are not for 2 vCPUs. One vCPU is one queue.

PLACE=$LAB/xen-net-place
NQ=1
# Set from xl list -n once the guest runs; dom0_vcpus_pin put dom0's
# vCPU N on physical CPU N, node N's.
NODE=
NEAR_CPU=

xen_nodes() { xl info | awk '$1 == "nr_nodes" { print $3 }'; }

# The topology the checks rely on, for the record.
topology() { xl info -n | sed -n '/^cpu_topology/,/^device topology/p' | sed '$d'; }

# Where Xen put the guest's memory, from its NUMA debug key: a record.
guest_memory() {
	xl dmesg -c >/dev/null
	xl debug-keys u
	# "Domain 1 (total: N):", or "d1 (total: N):" once dump_numa moved to common code.
	xl dmesg -c | sed -E 's/^\(XEN\) (\[[^]]*\] *)?//' | awk -v d="$DOMID" '
		($1 == "d" d || ($1 == "Domain" && $2 == d)) && /total:/ { on = 1; printf "%s", $0; next }
		on && /^ *Node [0-9]+:/ { printf "; %s", $0; next }
		on { exit }' | tr -s ' '
}

guest_node() { xl list -n "$DOMID" | awk 'NR == 2 { print $NF }'; }

guest_on_one_node() {
	echo "xl list -n: $(xl list -n "$DOMID" | tail -n 1)"
	case $(guest_node) in
	0 | 1) ;;
	*) echo "not on one node"; return 1 ;;
	esac
}

dom0_pinned() {
	local hard
	xl vcpu-list 0
	hard=$(xl vcpu-list 0 | awk -v v="$NEAR_CPU" 'NR > 1 && $3 == v { print $(NF - 2) }')
	echo "dom0 vCPU $NEAR_CPU hard affinity: ${hard:-none}"
	[ "$hard" = "$NEAR_CPU" ]
}

queues_are() {
	local xs
	xs=$(xenstore-read "/local/domain/$DOMID/device/vif/0/multi-queue-num-queues" 2>/dev/null)
	echo "multi-queue-num-queues=${xs:-unset}"
	[ "${xs:-1}" = "$1" ]
}

place_vif() {
	local out rc=0
	out=$(bash "$PLACE" "vif$DOMID.0" 2>&1) || rc=$?
	echo "$out"
	echo "xen-net-place exit status $rc"
	[ "$rc" = 0 ] && echo "$out" | grep -q "bound to CPU $NEAR_CPU"
}

# Every backend thread of the vif may run on NEAR_CPU only.
threads_near() {
	local re pid comm cpus last n=0 bad=0
	re=$(kthread_re "$DOMID" 0)
	while read -r pid comm; do
		echo "$comm" | grep -qE "$re" || continue
		cpus=$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")
		last=$(awk '{ print $39 }' "/proc/$pid/stat")
		echo "$comm (pid $pid): Cpus_allowed_list $cpus, last ran on CPU $last"
		n=$((n + 1))
		[ "$cpus" = "$NEAR_CPU" ] || bad=1
	done <<-EOF
	$(ps -e -o pid=,comm=)
	EOF
	echo "$n threads, want at least $NQ, all on CPU $NEAR_CPU"
	[ "$n" -ge "$NQ" ] && [ "$bad" = 0 ]
}

vif_irqs() {
	awk -v re="^vif$DOMID\\\\.0-q[0-9]+(-tx|-rx)?\$" '$NF ~ re { sub(":", "", $1); print $1 }' /proc/interrupts
}

# Every event channel of the vif is bound to NEAR_CPU, as asked and as
# Xen delivers it (the effective affinity follows the rebind).
irqs_near() {
	local irq want eff n=0 bad=0
	for irq in $(vif_irqs); do
		want=$(cat "/proc/irq/$irq/smp_affinity_list")
		eff=$(cat "/proc/irq/$irq/effective_affinity_list" 2>/dev/null)
		echo "irq $irq ($(awk -v i="$irq:" '$1 == i { print $NF }' /proc/interrupts)): smp_affinity_list $want, effective ${eff:-?}"
		n=$((n + 1))
		[ "$want" = "$NEAR_CPU" ] && [ "${eff:-$NEAR_CPU}" = "$NEAR_CPU" ] || bad=1
	done
	echo "$n event channels, want at least $NQ, all on CPU $NEAR_CPU"
	[ "$n" -ge "$NQ" ] && [ "$bad" = 0 ]
}

# irq_cpu_counts: "NEAR-COUNT OTHER-COUNT" summed over the vif's channels.
irq_cpu_counts() {
	awk -v re="^vif$DOMID\\\\.0-q[0-9]+(-tx|-rx)?\$" -v n="$NEAR_CPU" '$NF ~ re {
		near += $(2 + n); other += $(3 - n) }
		END { print near + 0, other + 0 }' /proc/interrupts
}

# Traffic both ways: new events land on NEAR_CPU only.
events_near() {
	local a0 a1 b0 b1
	read -r a0 a1 <<-EOF
	$(irq_cpu_counts)
	EOF
	tcp_ok tx 3 >/dev/null && tcp_ok rx 3 >/dev/null || { echo "iperf3 failed"; return 1; }
	read -r b0 b1 <<-EOF
	$(irq_cpu_counts)
	EOF
	echo "vif$DOMID.0 events during traffic: CPU$NEAR_CPU +$((b0 - a0)), the other CPU +$((b1 - a1))"
	[ $((b0 - a0)) -gt 0 ] && [ $((b1 - a1)) = 0 ]
}

numa_main() {
	local n
	n=$(xen_nodes)
	if [ "$n" != 2 ]; then
		info "lab/$SCEN: skipped: Xen sees ${n:-no} NUMA node(s), the scenario needs 2 (LAB_NUMA=1 scripts/lab run numa)"
		return 0
	fi
	info "lab/$SCEN: $(topology | tr '\n' ';' | tr -s ' ')"
	NEAR_CPU=1
	check dom0-vcpus-pinned dom0_pinned || return 1
	check backend-load netback_load "$BACK" "$(mq_param "$BACK")=2" || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	check guest-on-one-node guest_on_one_node || return 1
	NODE=$(guest_node)
	NEAR_CPU=$NODE
	info "lab/$SCEN: guest on node $NODE; its memory by node: $(guest_memory)"
	check queues-negotiated queues_are $NQ
	check xen-net-place place_vif || return 1
	check threads-on-its-node threads_near
	check irqs-on-its-node irqs_near
	check events-on-its-node events_near
	check tcp-dom0-to-domu tcp_ok tx 3
	check tcp-domu-to-dom0 tcp_ok rx 3
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

numa_main
