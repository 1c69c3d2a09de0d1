#!/bin/bash
# Run the kernel as a real Xen PV dom0 and PV domU: Xen 4.17 inside QEMU TCG,
# our bzImage as dom0 with a busybox initramfs that carries the Xen tools, and
# the same bzImage as a PV domU started with xl. Both KUnit logs are judged by
# kunit.py; prints `dom0: ...` and `domU: ...` lines. Then a checkpoint
# (xl save -c) of a running domU, judged by scripts/judge-checkpoint.sh.
# dom0 runs our toolstack (TOOLSTACK=stock for Debian's; see nested-xen.sh).
# Bounded by XEN_TIMEOUT; DOM0_ARGS adds to dom0's kernel command line.
set -eu
. "$(dirname "$0")/lib.sh"

log=$LOGS/xen-console.log
rm -f "$RESULTS"/{dom0,domU,checkpoint}.*
if ! "$ROOT/scripts/nested-xen.sh" "$log" "${XEN_TIMEOUT:-600}" ${DOM0_ARGS:-}; then
	count_file dom0 0 1 0
	count_file domU 0 1 0
	count_file checkpoint 0 1 0
	exit 1
fi

# section NAME: the console lines between the markers, without Xen's own lines.
section() {
	tr -d '\r' <"$log" | sed -n "/@@TESTBED $1-begin@@/,/@@TESTBED $1-end@@/p" |
		grep -v '^(XEN)' | sed '1d;$d'
}

status=0
grep -a '@@TESTBED error' "$log" | tr -d '\r' | sed 's/^/xen: /' && status=1
for tier in dom0 domU; do
	name=dom0-kunit
	[ $tier = domU ] && name=domu-console
	section $name >"$LOGS/$tier-kunit.log"
	if ! [ -s "$LOGS/$tier-kunit.log" ]; then
		echo "$tier: no console output reached the harness; last console lines:"
		tr -d '\r' <"$log" | tail -25 | sed 's/^/  /'
		count_file $tier 0 1 0
		status=1
		continue
	fi
	"$ROOT/scripts/kunit-judge.sh" $tier "$LOGS/$tier-kunit.log" || status=1
done
python3 "$ROOT/scripts/kunit_xen_coverage.py" "$RESULTS/dom0.json" "$RESULTS/domU.json" || status=1
"$ROOT/scripts/judge-checkpoint.sh" "$log" || status=1
exit $status
