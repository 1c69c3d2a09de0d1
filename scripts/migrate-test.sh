#!/bin/bash
# Live migration under stress in the nested test bed, our kernel and the
# unpatched reference side by side (testbed/migrate.sh runs the scenarios in
# dom0). Prints the table, writes build/results/migration.{json,txt} and the
# per-domU consoles under build/logs/migration/, and ends with
# `migrate: N passed, N failed` for our kernel.
# MIGRATE_ROUNDS (default 1) repeats every scenario's migrations;
# MIGRATE_ONLY=steady,grow runs only those scenarios (testbed/migrate.sh);
# MIGRATE_CORRUPT=1 is the negative control (a block overwritten behind the
# guest's back after each action): the run must then fail;
# MIGRATE_TIMEOUT bounds the whole run (default: 900 s + 900 s per round; one
# round took 11 min on one day and 21 min on another, the emulator being as
# fast as the host lets it).
set -eu
. "$(dirname "$0")/lib.sh"

rounds=${MIGRATE_ROUNDS:-1}
timeout=${MIGRATE_TIMEOUT:-$((900 + 900 * rounds))}
log=$LOGS/migration-console.log
out=$LOGS/migration
rm -rf "$out" "$RESULTS"/migrate.* "$RESULTS"/migration.*
mkdir -p "$out" "$RESULTS"

# KUnit is off in both kernels here: this run is about migration.
run_ok=1
"$ROOT/scripts/nested-xen.sh" "$log" "$timeout" \
	testbed.run=migrate "testbed.rounds=$rounds" kunit.enable=0 \
	${MIGRATE_ONLY:+testbed.only=${MIGRATE_ONLY//,/+}} ${MIGRATE_CORRUPT:+testbed.corrupt=1} || run_ok=0

# Keep every domU's console and every xl log on its own.
tr -d '\r' <"$log" | grep -av '^(XEN)' | awk -v dir="$out" '
	/@@TESTBED [a-z0-9-]+-console-begin@@/ { f = $0; sub(/.*@@TESTBED /, "", f); sub(/-console-begin@@.*/, "", f); file = dir "/" f ".console"; next }
	/@@TESTBED [a-z0-9-]+-console-end@@/ { file = ""; next }
	/@@TESTBED migration / { rec = $0 }
	/@@TESTBED act-log-begin@@/ { file = dir "/xl.log"; print rec >> file; next }
	/@@TESTBED act-log-end@@/ { file = ""; next }
	file != "" { print >> file }'
grep -a '@@TESTBED error' "$log" | tr -d '\r' | sed 's/^/migrate: /' || true

status=0
python3 "$ROOT/scripts/migration_report.py" "$log" "$RESULTS/migration.json" \
	"$RESULTS/migration.txt" "$out" || status=1
read -r passed failed < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["migrate"]; print(m["passed"], m["failed"])' "$RESULTS/migration.json")
count_file migrate "$passed" "$failed" 0
[ $run_ok = 1 ] || status=1
exit $status
