#!/bin/bash
# Run the kernel as a real Xen PV dom0 and PV domU: Xen 4.17 inside QEMU TCG,
# our bzImage as dom0 with a busybox initramfs that carries the Xen tools, and
# the same bzImage as a PV domU started with xl. Both KUnit logs are judged by
# kunit.py; prints `dom0: ...` and `domU: ...` lines. Then a checkpoint
# (xl save -c) of a running domU, judged by scripts/reports/judge-checkpoint.sh, and
# the backends' suites run again in dom0 while a domU's vbd and vif carry
# traffic (testbed/kunit-traffic.sh): the `traffic` tier, judged by kunit.py,
# failed when either device carried nothing during the runs.
# dom0 runs our toolstack (TOOLSTACK=stock for Debian's; see nested-xen.sh).
# Bounded by XEN_TIMEOUT; DOM0_ARGS adds to dom0's kernel command line.
set -eu
. "$(dirname "$0")/../lib.sh"

log=$LOGS/xen-console.log
rm -f "$RESULTS"/{dom0,domU,checkpoint,traffic}.*
if ! "$ROOT/scripts/tests/nested-xen.sh" "$log" "${XEN_TIMEOUT:-600}" ${DOM0_ARGS:-}; then
	count_file dom0 0 1 0
	count_file domU 0 1 0
	count_file checkpoint 0 1 0
	count_file traffic 0 1 0
	exit 1
fi

# section NAME: the console lines between the markers, without Xen's own lines.
section() {
	tr -d '\r' <"$log" | sed -n "/@@TESTBED $1-begin@@/,/@@TESTBED $1-end@@/p" |
		grep -v '^(XEN)' | sed '1d;$d'
}

status=0
# (The exit status of a pipeline is its last command's: test with grep -q.)
if grep -aq '@@TESTBED error' "$log"; then
	grep -a '@@TESTBED error' "$log" | tr -d '\r' | sed 's/^/xen: /'
	status=1
fi
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
	"$ROOT/scripts/reports/kunit-judge.sh" $tier "$LOGS/$tier-kunit.log" || status=1
done
python3 "$ROOT/scripts/reports/kunit_xen_coverage.py" "$RESULTS/dom0.json" "$RESULTS/domU.json" || status=1
"$ROOT/scripts/reports/judge-checkpoint.sh" "$log" || status=1

# traffic: the suites' runs count only if both devices carried traffic meanwhile.
section traffic-kunit >"$LOGS/traffic-kunit.log"
traffic=$(tr -d '\r' <"$log" | sed -n 's/.*@@TESTBED traffic \(vbd_requests=[0-9]* vif_bytes=[0-9]* suites=[0-9]*\)@@.*/\1/p')
echo "traffic: during the runs: ${traffic:-no record}"
if "$ROOT/scripts/reports/kunit-judge.sh" traffic "$LOGS/traffic-kunit.log"; then
	case "$traffic" in
	*vbd_requests=0*|*vif_bytes=0*|"")
		echo "traffic: FAILED: the vbd or the vif carried nothing while the suites ran"
		read -r p f s <"$RESULTS/traffic.counts"
		count_file traffic "$p" $((f + 1)) "$s"
		status=1 ;;
	esac
else
	status=1
fi
exit $status
