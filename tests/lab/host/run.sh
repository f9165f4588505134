# SPDX-License-Identifier: GPL-2.0
# Runner of the Xen lab (sourced by scripts/lab): builds the payload disk
# for a plan, boots Xen + dom0 under QEMU TCG once, streams the results.

OURS_BACK_KO=${LAB_BACK_KO:-$LAB_ROOT/drivers/net/xen-netback/xen-netback.ko}
OURS_FRONT_KO=${LAB_FRONT_KO:-$LAB_ROOT/drivers/net/xen-netfront/xen-netfront.ko}
HOSTILE_KO=${LAB_HOSTILE_KO:-$LAB_ROOT/tests/hostile/xen-netfront-hostile.ko}
HOSTILE_BE_KO=${LAB_HOSTILE_BE_KO:-$LAB_ROOT/tests/hostile-backend/xen-netback-hostile.ko}
XDP_OBJS="xdp_drop.o xdp_tx.o xdp_redirect.o xdp_xsk.o xsk_count"
QEMU_MEM=${LAB_QEMU_MEM:-3072}

have_ours_back() { [ -f "$OURS_BACK_KO" ]; }
have_ours_front() { [ -f "$OURS_FRONT_KO" ]; }
have_hostile() { [ -f "$HOSTILE_KO" ]; }
have_hostile_be() { [ -f "$HOSTILE_BE_KO" ]; }

# The hostile frontend is a test tool, not a driver under test: build it
# here (make check's clean removes it), unless LAB_HOSTILE_KO names one.
hostile_build() {
	[ -n "${LAB_HOSTILE_KO:-}" ] && return 0
	mkdir -p "$LAB_LOGS"
	make -C "$LAB_ROOT/tests/hostile" >"$LAB_LOGS/hostile-build.log" 2>&1 ||
		die "building tests/hostile failed, see $LAB_LOGS/hostile-build.log"
}

# The xdp scenario's BPF programs, built by clang -target bpf from
# tests/xdp/ for every run that plans it.
xdp_build() {
	mkdir -p "$LAB_LOGS"
	make -C "$LAB_ROOT/tests/xdp" >"$LAB_LOGS/xdp-build.log" 2>&1 ||
		die "building tests/xdp failed, see $LAB_LOGS/xdp-build.log"
}

# tests/qstats' netlink reader, for dom0 and every guest (multiqueue).
qstats_build() {
	mkdir -p "$LAB_LOGS"
	make -C "$LAB_ROOT/tests/qstats" >"$LAB_LOGS/qstats-build.log" 2>&1 ||
		die "building tests/qstats failed, see $LAB_LOGS/qstats-build.log"
}

# The same for the lying backend of tests/hostile-backend.
hostile_backend_build() {
	[ -n "${LAB_HOSTILE_BE_KO:-}" ] && return 0
	mkdir -p "$LAB_LOGS"
	make -C "$LAB_ROOT/tests/hostile-backend" >"$LAB_LOGS/hostile-backend-build.log" 2>&1 ||
		die "building tests/hostile-backend failed, see $LAB_LOGS/hostile-backend-build.log"
}

# The pair a scenario uses unless told otherwise: ours when built.
default_back() { have_ours_back && echo ours || echo stock; }
default_front() { have_ours_front && echo ours || echo stock; }

backs_all() { echo stock; have_ours_back && echo ours; true; }
fronts_all() { echo stock stock61; have_ours_front && echo ours; true; }

warn_vermagic() {
	local ko=$1 vm
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	[ "$vm" = "$(kver612)" ] ||
		say "warning: $ko was built for '$vm', not $(kver612); insmod will fail"
}

# domU initramfs for one frontend: the cached busybox base plus a second
# cpio archive holding just that netfront (the kernel unpacks both).
domu_initrd() {
	local front=$1 out=$2 ko stage
	case $front in
	stock) ko=$IMG/netfront-612.ko ;;
	stock61) ko=$IMG/netfront-61.ko ;;
	ours) ko=$OURS_FRONT_KO ;;
	base) ko=$LAB_FRONT_BASE_KO ;;
	hostile) ko=$HOSTILE_KO ;;
	esac
	stage=$(mktemp -d)
	mkdir -p "$stage/lib/modules" "$stage/lib/xdp"
	# Without its debug info, as Debian ships modules: ours is 6 MB with
	# it (stock's 110 KB), and a 96 MiB guest could not unpack the
	# initramfs ("Initramfs unpacking failed: write error", then
	# "invalid module format" at insmod).
	objcopy --strip-debug "$ko" "$stage/lib/modules/xen-netfront.ko"
	mkdir -p "$stage/lib/tools"
	cp "$LAB_ROOT/tests/qstats/xnif-qstats" "$stage/lib/tools/"
	for f in $XDP_OBJS; do
		[ -f "$LAB_ROOT/tests/xdp/$f" ] && cp "$LAB_ROOT/tests/xdp/$f" "$stage/lib/xdp/"
	done
	{
		cat "$IMG/domu-base.cpio.gz"
		(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1)
	} >"$out"
	rm -rf "$stage"
}

# payload_build PLANFILE RUNDIR: the read-only second disk of dom0.
payload_build() {
	local plan=$1 run=$2 p=$2/payload f
	rm -rf "$p"
	mkdir -p "$p/images" "$p/ko"
	cp -r "$LAB_DIR/dom0" "$LAB_DIR/scenarios" "$p/"
	# The diag and numa scenarios' tools, when they exist in this tree.
	for f in xen-net-diag xen-net-place; do
		if [ -f "$LAB_ROOT/scripts/$f" ]; then cp "$LAB_ROOT/scripts/$f" "$p/"; fi
	done
	cp "$plan" "$p/plan"
	qstats_build
	cp "$LAB_ROOT/tests/qstats/xnif-qstats" "$p/"
	cp "$IMG/vmlinuz-612" "$IMG/vmlinuz-61" "$p/images/"
	for f in stock stock61; do domu_initrd $f "$p/images/initrd-$f.gz"; done
	if have_ours_front; then
		warn_vermagic "$OURS_FRONT_KO"
		domu_initrd ours "$p/images/initrd-ours.gz"
		cp "$OURS_FRONT_KO" "$p/ko/xen-netfront.ko"
	fi
	# xdp-bench's "base": our netfront built from another tree.
	if [ -n "${LAB_FRONT_BASE_KO:-}" ]; then
		warn_vermagic "$LAB_FRONT_BASE_KO"
		domu_initrd base "$p/images/initrd-base.gz"
	fi
	if have_hostile; then
		domu_initrd hostile "$p/images/initrd-hostile.gz"
		# usability hands it to a guest that runs the real netfront too.
		cp "$HOSTILE_KO" "$p/ko/xen-netfront-hostile.ko"
	fi
	if have_ours_back; then
		warn_vermagic "$OURS_BACK_KO"
		cp "$OURS_BACK_KO" "$p/ko/xen-netback.ko"
	fi
	have_hostile_be && cp "$HOSTILE_BE_KO" "$p/ko/xen-netback-hostile.ko"
	if [ "${LAB_WANT_DEBS:-0}" = 1 ]; then
		# Built again only when the tree changed since the plan was made.
		debs_build
		mkdir -p "$p/debs"
		cp "$LAB_DEBS"/*.deb "$p/debs/"
		# A domU whose /lib/modules dom0 assembles (install, switch).
		cp "$IMG/domu-base.cpio.gz" "$IMG/domu-kmod.cpio.gz" "$p/images/"
	fi
	{
		echo "HAVE_OURS_BACK=$(have_ours_back && echo 1 || echo 0)"
		echo "HAVE_OURS_FRONT=$(have_ours_front && echo 1 || echo 0)"
		echo "BACKS='$(backs_all | tr '\n' ' ')'"
		echo "FRONTS='$(fronts_all | tr '\n' ' ')'"
		[ -n "${LAB_KTHREAD_RE_OURS:-}" ] && echo "KTHREAD_RE_OURS='$LAB_KTHREAD_RE_OURS'"
		[ -n "${LAB_MQ_PARAM_OURS:-}" ] && echo "MQ_PARAM_OURS=$LAB_MQ_PARAM_OURS"
		echo "CYCLES=${LAB_CYCLES:-8}"
		echo "BENCH_RUNS=${LAB_BENCH_RUNS:-5}"
		echo "BENCH_SECS=${LAB_BENCH_SECS:-5}"
		echo "BENCH_BACKS='${LAB_BENCH_BACKS:-}'"
		echo "BENCH_FRONTS='${LAB_BENCH_FRONTS:-}'"
		echo "BENCH_QUEUES='${LAB_BENCH_QUEUES:-}'"
	} >"$p/config"
	chmod -R a+rX "$p"
	truncate -s 160M "$run/payload.img"
	mkfs.ext4 -q -F -L labpayload -d "$p" "$run/payload.img" 160M
	rm -rf "$p"
}

# Sum of the dom0-side scenario limits plus boot time: QEMU is killed
# after that, whatever happens inside.  Timed scenarios (soak, ringfuzz)
# add their minutes= as scenario_limit in tests/lab/dom0/lib.sh does.
plan_limit() {
	awk 'function minutes(m,  i) {
	       for (i = 3; i <= NF; i++) if ($i ~ /^minutes=/) m = substr($i, 9) + 0
	       return m }
	     { s = $2
	       if (s ~ /^lifecycle/) t += 1500; else if (s ~ /^multiqueue/) t += 600;
	       else if (s ~ /^usability/) t += 600;
	       else if ($1 == "xdp-bench") t += 1800;
	       else if (s ~ /^xdp/) t += 600;
	       else if (s ~ /^numa/) t += 600;
	       else if (s ~ /^scale/) t += 1500;
	       else if (s ~ /^fixtures/) t += 1200;
	       else if (s ~ /^bench/) t += 3600; else if (s == "hostile") t += 1500;
	       else if (s ~ /^hostile-backend/) t += 1200;
	       else if (s == "soak") t += 900 + 60 * minutes(30)
	       else if (s == "ringfuzz") t += 600 + 90 * minutes(0)
	       else t += 420 }
	     END { print (t + 300) * f }' f="$(icount_factor)" "$1"
}

# With LAB_ICOUNT=1 QEMU runs with a deterministic clock: -icount
# shift=0,sleep=off makes guest time the count of instructions executed
# (1 instruction = 1 ns, idle time skipped) in one TCG thread, so a rate
# measured inside is instructions per byte of the whole machine, steady
# across runs whatever else the host does, at 2-5x the wall time.
ICOUNT_ARGS=()
if [ "${LAB_ICOUNT:-0}" = 1 ]; then ICOUNT_ARGS=(-icount "shift=0,sleep=off"); fi
icount_factor() { if [ "${LAB_ICOUNT:-0}" = 1 ]; then echo 4; else echo 1; fi; }

# With LAB_NUMA=1, QEMU_NUMA_ARGS give the machine two NUMA nodes, CPU i
# and half the memory on node i, and XEN_NUMA_ARGS pin dom0's vCPU i to
# CPU i: dom0 then has one CPU on each node, which xen-net-place (the
# numa scenario) needs to place anything. The two CPUs stay cores of one
# socket: as one-core sockets Xen knew no core ids and xl info -n listed
# no cpu_topology.
numa_args() {
	local half=$((QEMU_MEM / 2))
	QEMU_NUMA_ARGS=()
	XEN_NUMA_ARGS=
	[ "${LAB_NUMA:-0}" = 1 ] || return 0
	QEMU_NUMA_ARGS=(
		-object "memory-backend-ram,id=m0,size=${half}M"
		-numa "node,nodeid=0,cpus=0,memdev=m0"
		-object "memory-backend-ram,id=m1,size=$((QEMU_MEM - half))M"
		-numa "node,nodeid=1,cpus=1,memdev=m1"
	)
	XEN_NUMA_ARGS=" dom0_vcpus_pin"
}

# Run in the background as "qemu_boot ... &": exec makes that background
# process QEMU itself, so that killing $! stops QEMU and does not leave it
# running, orphaned, with the lab's lock inherited.
qemu_boot() {
	local run=$1 serial=$2 results=$3
	numa_args
	exec qemu-system-x86_64 -machine pc -cpu qemu64,+svm -m "$QEMU_MEM" -smp 2 \
		"${QEMU_NUMA_ARGS[@]}" "${ICOUNT_ARGS[@]}" \
		-accel tcg -display none -no-reboot -nic none -monitor none \
		-chardev "socket,id=com1,path=$run/serial.sock,server=on,wait=off,logfile=$serial" \
		-serial chardev:com1 \
		-device virtio-serial-pci,id=vser \
		-chardev "file,id=labres,path=$results" \
		-device virtserialport,bus=vser.0,chardev=labres,name=lab.results \
		-drive "file=$IMG/dom0.img,if=virtio,format=raw,cache=unsafe,snapshot=on" \
		-drive "file=$run/payload.img,if=virtio,format=raw,readonly=on" \
		-kernel "$IMG/xen.elf" \
		-append "console=com1 com1=115200 dom0_mem=1024M,max:1024M dom0_max_vcpus=2 loglvl=all guest_loglvl=all noreboot$XEN_NUMA_ARGS" \
		-initrd "$IMG/vmlinuz-612 root=/dev/vda rw console=hvc0 earlyprintk=xen quiet loglevel=5 log_buf_len=16M init=/sbin/lab-init,$IMG/initrd-612"
}

# xen_state_dump RUNDIR SERIAL: before a stuck boot is stopped, ask Xen
# for its state on the serial console it reads (three Ctrl-A take the
# input from dom0): dom0's vCPUs with their stacks ('0'), then every
# domain's vCPUs, pages and pending events ('q'). A dom0 that went
# silent (a wedged driver, a lost event) then says where it is, or that
# it idles. Xen writes this slowly under TCG (about 3 KiB took a
# minute): each key waits until the log has not grown for 5 s, at most
# 90 s.
xen_state_dump() {
	local sock=$1/serial.sock serial=$2 size
	[ -S "$sock" ] || return 0
	size=$(wc -c <"$serial")
	say "asking Xen for its state (debug keys 0 q) before stopping QEMU"
	python3 - "$sock" "$serial" <<'PY' || say "could not reach Xen's console: $sock"
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
def settle():
    last, quiet, t0 = -1, 0, time.time()
    while quiet < 5 and time.time() - t0 < 90:
        time.sleep(1)
        n = os.path.getsize(sys.argv[2])
        quiet = quiet + 1 if n == last else 0
        last = n
s.sendall(b"\x01\x01\x01")
for key in b"0q":
    time.sleep(1)
    s.sendall(bytes([key]))
    settle()
s.close()
PY
	say "Xen wrote $(($(wc -c <"$serial") - size)) bytes of state to the serial log"
}

# Turn guest result lines into the host's report lines.  PASS/FAIL/XFAIL/
# XPASS go to stdout; INFO lines to stdout in demo mode, else stderr.
print_result_line() {
	case $1 in
	"RESULT PASS "* | "RESULT FAIL "* | "RESULT XFAIL "* | "RESULT XPASS "*)
		echo "${1#RESULT }" ;;
	"RESULT INFO "*)
		if [ "${LAB_SHOW_INFO:-0}" = 1 ]; then echo "${1#RESULT INFO }"; else say "${1#RESULT INFO }"; fi ;;
	"RESULT BEGIN "*) say "scenario ${1#RESULT BEGIN } ($(( $(now) - T0 ))s)" ;;
	"RESULT BOOTED "*) say "dom0 booted: ${1#RESULT BOOTED } ($(( $(now) - T0 ))s)" ;;
	esac
}

# boot_once PLANFILE NAME: one boot running the plan; sets BOOT_RESULTS.
# Returns 1 when any check failed or a scenario did not finish.
boot_once() {
	local plan=$1 name=$2 run stamp serial results limit pid seen=0 n line rc=0 label
	run=$LAB_CACHE/run
	mkdir -p "$run" "$LAB_LOGS"
	stamp=$(date +%Y%m%d-%H%M%S)
	serial=$LAB_LOGS/$stamp-$name.serial.log
	results=$LAB_LOGS/$stamp-$name.results
	: >"$results"
	payload_build "$plan" "$run"
	limit=${LAB_TIME_LIMIT:-$(plan_limit "$plan")}
	T0=$(now)
	say "booting Xen + dom0 under QEMU TCG (plan: $(awk '{print $1}' "$plan" | tr '\n' ' '); limit ${limit}s)"
	say "serial log: $serial"
	qemu_boot "$run" "$serial" "$results" </dev/null >"$run/qemu.out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		n=$(wc -l <"$results")
		if [ "$n" -gt "$seen" ]; then
			sed -n "$((seen + 1)),${n}p" "$results" | while IFS= read -r line; do
				print_result_line "$line"
			done
			seen=$n
		fi
		# Xen is booted with noreboot: a crashed dom0 would idle forever.
		if grep -aq 'Hardware Dom0 crashed' "$serial"; then
			say "dom0 crashed, stopping QEMU"
			sleep 2
			kill "$pid" 2>/dev/null
		fi
		if [ $(( $(now) - T0 )) -gt "$limit" ]; then
			say "time limit reached"
			xen_state_dump "$run" "$serial"
			say "stopping QEMU"
			kill "$pid" 2>/dev/null
		fi
	done
	wait "$pid" || say "QEMU exited with status $? ($(tail -n 2 "$run/qemu.out" | tr '\n' ' '))"
	sed -n "$((seen + 1)),\$p" "$results" | while IFS= read -r line; do
		print_result_line "$line"
	done
	# The result port is the primary channel; the serial log is the
	# fallback should the virtio port be missing in dom0.
	if ! grep -q '^RESULT ' "$results"; then
		grep -a '^RESULT ' "$serial" | tr -d '\r' >"$results" || true
		while IFS= read -r line; do print_result_line "$line"; done <"$results"
	fi
	grep -q '^RESULT BOOTED' "$results" || {
		echo "FAIL lab/boot/dom0: dom0 did not come up"
		rc=1
	}
	while read -r label _; do
		case $label in '' | '#'*) continue ;; esac
		grep -qx "RESULT BEGIN $label" "$results" || continue
		grep -qx "RESULT END $label" "$results" || {
			echo "FAIL lab/$label/completed: scenario did not finish (timeout or dom0 crash)"
			rc=1
		}
	done <"$plan"
	grep -q '^RESULT FAIL ' "$results" && rc=1
	say "boot finished in $(( $(now) - T0 ))s"
	if [ "$rc" != 0 ]; then
		say "---- last 60 lines of the serial log ($serial) ----"
		tail -n 60 "$serial" | tr -d '\r' >&2
		say "---- full serial log kept at $serial"
	fi
	BOOT_RESULTS=$results
	return "$rc"
}

# run_plan_locked PLANFILE NAME: boot until every plan line has run.  A
# scenario that kills dom0 (a driver oops) costs one reboot, not the rest
# of the plan; scenarios that never started run in the next boot.
run_plan_locked() {
	local plan=$1 name=$2 left boots=0 rc=0 label
	IMG=$(image_dir)
	RUN_RESULTS=$LAB_LOGS/$(date +%Y%m%d-%H%M%S)-$name.all-results
	mkdir -p "$LAB_LOGS"
	: >"$RUN_RESULTS"
	left=$(mktemp)
	cp "$plan" "$left"
	while [ -s "$left" ] && [ "$boots" -lt 4 ]; do
		boots=$((boots + 1))
		boot_once "$left" "$name" || rc=1
		cat "$BOOT_RESULTS" >>"$RUN_RESULTS"
		grep -q '^RESULT BOOTED' "$BOOT_RESULTS" || break
		while read -r label rest; do
			grep -qx "RESULT BEGIN $label" "$BOOT_RESULTS" || echo "$label $rest"
		done <"$left" >"$left.next"
		mv "$left.next" "$left"
		[ -s "$left" ] && say "dom0 went down early; rebooting for: $(awk '{print $1}' "$left" | tr '\n' ' ')"
	done
	while read -r label _; do
		echo "FAIL lab/$label/completed: never started (dom0 kept failing)"
		rc=1
	done <"$left"
	rm -f "$left"
	return "$rc"
}

run_plan() {
	images_build
	with_lock qemu run_plan_locked "$@"
}
