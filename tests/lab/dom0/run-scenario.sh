#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run one plan line: LABEL SCENARIO [KEY=VALUE...].  The label names the
# checks (lab/LABEL/...); BEGIN/END lines let the host notice a scenario
# that never finished.
export PATH=/usr/lib/xen-4.17/bin:/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin
. "$LAB/dom0/lib.sh"
SCEN=$1
script=$2
shift 2
BACK=stock FRONT=stock
for kv in "$@"; do
	case $kv in
	back=*) BACK=${kv#back=} ;;
	front=*) FRONT=${kv#front=} ;;
	*=*) eval "${kv%%=*}='${kv#*=}'" ;;
	esac
done
emit "RESULT BEGIN $SCEN"
kmsg_mark "$SCEN"
. "$LAB/scenarios/$script.sh"
emit "RESULT END $SCEN"
