# SPDX-License-Identifier: GPL-2.0
# 'scripts/lab fixtures' (sourced by scripts/lab): run the fixtures
# scenario for our pair and the stock pair, then write what each driver
# showed into tests/diag/fixtures/, the captures tests/diag/run checks
# its fakes against. A scenario with a FAIL writes nothing: the old file
# stays, and the exit status says so.

FIXTURES_DIR=$LAB_ROOT/tests/diag/fixtures

# fixtures_save RESULTS: one file per FIXTURE name of the scenarios that
# finished without a FAIL.
fixtures_save() {
	local results=$1 tmp name label n rc=0 rev f
	tmp=$(mktemp -d)
	awk -v dir="$tmp" '
		/^RESULT BEGIN / { label = $3; next }
		/^RESULT END / { done[$3] = 1; next }
		/^RESULT FAIL / { split($3, p, "/"); failed[p[2]] = 1; next }
		/^RESULT FIXTURE / {
			line = $0
			sub(/^RESULT FIXTURE [^ ]+ /, "", line)
			print line > (dir "/" label "@" $3)
		}
		END {
			for (l in failed) print l > (dir "/failed")
			for (l in done) print l > (dir "/done")
		}' "$results"
	rev=$(git -C "$LAB_ROOT" rev-parse --short HEAD 2>/dev/null)
	for f in "$tmp"/*@*; do
		[ -e "$f" ] || continue
		label=${f##*/}
		name=${label#*@}
		label=${label%@*}
		if grep -qx "$label" "$tmp/failed" 2>/dev/null ||
		   ! grep -qx "$label" "$tmp/done" 2>/dev/null; then
			say "fixtures: $label failed or did not finish: $name not written"
			rc=1
			continue
		fi
		n=$(grep -vc '^#' "$f")
		{
			echo "# $name: captured by tests/lab/scenarios/fixtures.sh ($label),"
			echo "# 'scripts/lab fixtures' at ${rev:-?}, $(date -u +%Y-%m-%d)."
			echo "# Lines: \"path P\" exists in sysfs/debugfs, \"stat N\" is an ethtool -S name,"
			echo "# \"dmesg L\" a kernel log line, \"io_ring L\" a line of a debugfs io_ring_q<n>."
			cat "$f"
		} >"$FIXTURES_DIR/$name"
		say "fixtures: $FIXTURES_DIR/$name, $n lines"
	done
	rm -rf "$tmp"
	return "$rc"
}

cmd_fixtures() {
	local plan rc=0
	plan=$(mktemp)
	plan_lines fixtures "" "" >"$plan"
	run_plan "$plan" fixtures || rc=$?
	rm -f "$plan"
	fixtures_save "$RUN_RESULTS" || rc=1
	[ "$rc" = 0 ] && say "fixtures: now run tests/diag/run and commit tests/diag/fixtures"
	return "$rc"
}
