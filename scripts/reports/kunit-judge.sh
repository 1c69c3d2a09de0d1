#!/bin/bash
# Judge one KUnit console log with the kernel's own parser.
# Usage: kunit-judge.sh TIER LOG
# Writes $RESULTS/TIER.json and $RESULTS/TIER.counts, prints per-suite lines and
# `TIER: N passed, N failed, N skipped`. Fails on any failed or crashed test,
# a malformed run, or an oops/BUG/WARNING/panic anywhere in the log.
set -eu
. "$(dirname "$0")/../lib.sh"

tier=$1 log=$2
mkdir -p "$RESULTS"
json=$RESULTS/$tier.json
rm -f "$json"
rc=0
python3 "$TREE/tools/testing/kunit/kunit.py" parse --json="$json" "$log" \
	>"$RESULTS/$tier.parse.txt" 2>&1 || rc=$?

status=0
python3 "$ROOT/scripts/reports/kunit_summary.py" "$tier" "$json" "$rc" | tee "$RESULTS/$tier.summary" || status=1
if grep -nE 'Kernel panic|BUG:|Oops|WARNING:|general protection fault|Unable to handle' "$log" \
	>"$RESULTS/$tier.crash" 2>/dev/null; then
	echo "$tier: the kernel log has a crash or warning (first lines; full log $log):"
	head -5 "$RESULTS/$tier.crash" | sed 's/^/  /'
	status=1
fi
read -r p f s < <(tail -1 "$RESULTS/$tier.summary" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')
[ $status = 0 ] || [ "$f" -gt 0 ] || f=1
count_file "$tier" "$p" "$f" "$s"
exit $status
