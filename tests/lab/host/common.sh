# SPDX-License-Identifier: GPL-2.0
# Shared host-side helpers for the Xen lab: paths, versions, logging, locks.
# Sourced by scripts/lab; expects LAB_ROOT (the repository) to be set.

LAB_DIR=$LAB_ROOT/tests/lab
# Caches live outside the repository: images are large and root-owned.
LAB_CACHE=${LAB_CACHE:-${XENNET_CACHE:-/var/cache/xennet}/lab}
LAB_LOGS=$LAB_CACHE/logs
# One lock directory for every cache: the machine has room for one QEMU.
LAB_LOCK_DIR=${LAB_LOCK_DIR:-/var/cache/xennet/lab}
LAB_RESULTS=$LAB_CACHE/results
MIRROR=${LAB_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${LAB_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

say() { printf 'lab: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }
now() { date +%s; }

# The 6.12 kernel the drivers target, and the older Debian kernel used as
# a second frontend peer.  Both are derived, never hard-coded.
kver612() { "$LAB_ROOT/scripts/kver"; }
kver61() {
	ls -d /lib/modules/6.1.* 2>/dev/null | sort -V | tail -n 1 | xargs -r basename
}
# Upstream version of the installed hypervisor, e.g. 4.17.7.
xen_version() {
	dpkg-query -W -f='${Version}' xen-hypervisor-4.17-amd64 2>/dev/null |
		sed 's/[+~-].*//'
}
xen_gz() { ls /boot/xen-4.17-amd64.gz 2>/dev/null || ls /boot/xen-4.17*.gz | tail -n 1; }

# run_logged DESC LOG CMD...: run a long command with its output in LOG and
# a progress line every 30 s, so a cold build never looks hung.
run_logged() {
	local desc=$1 log=$2 pid t0 next
	shift 2
	"$@" >>"$log" 2>&1 &
	pid=$!
	t0=$(now)
	next=$((t0 + 30))
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		if [ "$(now)" -ge "$next" ]; then
			say "  ... $desc: $(( $(now) - t0 ))s, $(tail -n 1 "$log" | cut -c1-70)"
			next=$((next + 30))
		fi
	done
	if ! wait "$pid"; then
		say "$desc failed; last lines of $log:"
		tail -n 30 "$log" >&2
		return 1
	fi
	say "  $desc done in $(( $(now) - t0 ))s"
}

# wait_turn NAME: first come, first served among waiting lab processes.
# flock alone wakes waiters in no particular order, and with several
# engineers queueing QEMU runs some waited for half an hour.  Each waiter
# drops a ticket named <nanoseconds>.<pid>; only the oldest live ticket
# goes on to flock.  Tickets of dead processes are removed.
wait_turn() {
	local q=$LAB_LOCK_DIR/.$1.queue t first pid said=0
	mkdir -p "$q"
	TICKET=$q/$(date +%s%N).$$
	: >"$TICKET"
	while :; do
		for t in "$q"/*; do
			pid=${t##*.}
			kill -0 "$pid" 2>/dev/null || rm -f "$t"
		done
		first=$(ls "$q" | sort -n | head -n 1)
		[ "$q/$first" = "$TICKET" ] && return 0
		if [ "$said" = 0 ]; then
			say "waiting for $(ls "$q" | sort -n | sed -n "/^${TICKET##*/}\$/q;p" | wc -l) earlier lab run(s) ($1 lock)"
			said=1
		fi
		sleep 3
	done
}

# with_lock NAME CMD...: serialise builds (and QEMU runs) between
# concurrent invocations, telling the user when they have to wait.  Each
# NAME gets its own descriptor so a run may take the build lock inside.
with_lock() {
	local name=$1 fd rc
	shift
	mkdir -p "$LAB_LOCK_DIR"
	exec {fd}>"$LAB_LOCK_DIR/.$name.lock"
	if ! flock -n "$fd"; then
		wait_turn "$name"
		flock "$fd"
		rm -f "$TICKET"
	fi
	rc=0
	"$@" || rc=$?
	exec {fd}>&-
	return $rc
}
