#!/bin/bash
# The p2m content-update benchmark (a KUnit case of the p2m lookups tests), in the
# unpatched reference kernel and in ours, alternately, as PV domUs of one
# nested test bed run (testbed.run=p2m-bench). A benchmark, not a test: the
# ratio is reported by scripts/reports/report-bench.sh, never judged.
set -eu
. "$(dirname "$0")/../lib.sh"

log=$LOGS/p2m-bench-console.log
rm -f "$RESULTS/bench.json"
WITH_REFERENCE=1 "$ROOT/scripts/tests/nested-xen.sh" "$log" "${XEN_TIMEOUT:-600}" \
	testbed.run=p2m-bench kunit.enable=0
"$ROOT/scripts/reports/report-bench.sh" "$log"
