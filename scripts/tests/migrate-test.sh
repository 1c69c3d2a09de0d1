#!/bin/bash
# Live migration under stress in the nested test bed (testbed/migrate.sh
# runs the scenarios in dom0), for each (domU kernel, dom0 toolstack) pair
# of MIGRATE_MATRIX: one nested boot per toolstack. Prints the table side by
# side, writes build/results/migration.{json,txt} and the per-domU consoles
# under build/logs/migration/, and ends with `migrate: N passed, N failed`
# for the product, our kernel with our toolstack (patched:ours).
# MIGRATE_MATRIX (default "patched:ours patched:stock", the product and one
# comparison; make compare runs all four pairs) lists KERNEL:TOOLSTACK with
# KERNEL patched or reference (the unpatched kernel) and TOOLSTACK ours or
# stock (Debian's packages of the same Xen);
# MIGRATE_ROUNDS (default 1) repeats every scenario's migrations;
# MIGRATE_PRODUCT_ROUNDS (default MIGRATE_ROUNDS) does so for the product
# alone (make compare: 3, the other pairs once);
# MIGRATE_ONLY=steady,grow runs only those scenarios (testbed/migrate.sh);
# MIGRATE_COMPARE_ONLY=shrink,hotplug does the same for the boots without
# the product (make test: the stock toolstack on the two scenarios that
# show its two failure modes, to keep CI within its time);
# make distro-test runs it with MIGRATE_MATRIX=debian:ours (Debian's cloud
# kernel with the series, DEBIAN_ROOT), MIGRATE_RUN=debian (dom0 first
# loads that kernel's KUnit modules in a domU) and MIGRATE_JUDGE=debian/ours
# (the pair that passes or fails, scripts/reports/migration_report.py);
# MIGRATE_REMUS_CHECKPOINTS (default 30, testbed/migrate.sh) is how many
# checkpoints xl remus takes before the primary is destroyed (make soak: 100);
# MIGRATE_CORRUPT=1 is the negative control (a block overwritten behind the
# guest's back after each action): the run must then fail;
# MIGRATE_TIMEOUT bounds each boot (default: 600 s + 600 s per round and
# kernel; one kernel's round took 5 to 10 min, the emulator being as fast as
# the host lets it).
set -eu
. "$(dirname "$0")/../lib.sh"

matrix=${MIGRATE_MATRIX:-patched:ours patched:stock}
rounds=${MIGRATE_ROUNDS:-1}
product_rounds=${MIGRATE_PRODUCT_ROUNDS:-$rounds}
out=$LOGS/migration
rm -rf "$out" "$RESULTS"/migrate.* "$RESULTS"/migration.* "$LOGS"/migration-console-*.log
mkdir -p "$out" "$RESULTS"

run_ok=1
logs=()
for toolstack in ours stock; do
	kernels=$(tr ' ' '\n' <<<"$matrix" | sed -n "s/^\\(patched\\|reference\\|debian\\):$toolstack\$/\\1/p" | paste -sd+)
	[ -n "$kernels" ] || continue
	log=$LOGS/migration-console-$toolstack.log
	logs+=("$log")
	nkernels=$(tr + '\n' <<<"$kernels" | wc -l)
	all_rounds=$((rounds * nkernels))
	[[ $kernels == patched* && $toolstack == ours ]] && all_rounds=$((all_rounds - rounds + product_rounds))
	timeout=${MIGRATE_TIMEOUT:-$((600 * nkernels + 600 * all_rounds))}
	with_reference=0
	[[ $kernels == *reference* ]] && with_reference=1
	only=${MIGRATE_ONLY:-}
	[[ $kernels == patched* && $toolstack == ours ]] || only=${MIGRATE_COMPARE_ONLY:-$only}
	# KUnit is off in every kernel here: this run is about migration.
	TOOLSTACK=$toolstack WITH_REFERENCE=$with_reference \
		"$ROOT/scripts/tests/nested-xen.sh" "$log" "$timeout" \
		"testbed.run=${MIGRATE_RUN:-migrate}" "testbed.kernels=$kernels" "testbed.rounds=$rounds" "testbed.product-rounds=$product_rounds" kunit.enable=0 \
		${only:+testbed.only=${only//,/+}} ${MIGRATE_CORRUPT:+testbed.corrupt=1} \
		${MIGRATE_REMUS_CHECKPOINTS:+testbed.remus-checkpoints=$MIGRATE_REMUS_CHECKPOINTS} || run_ok=0

	# Keep every domU's console and every xl log on its own.
	tr -d '\r' <"$log" | grep -av '^(XEN)' | awk -v dir="$out" -v ts="$toolstack" '
		/@@TESTBED [a-z0-9-]+-console-begin@@/ { f = $0; sub(/.*@@TESTBED /, "", f); sub(/-console-begin@@.*/, "", f); file = dir "/" f "-" ts ".console"; next }
		/@@TESTBED [a-z0-9-]+-console-end@@/ { file = ""; next }
		/@@TESTBED migration / { rec = $0 }
		/@@TESTBED act-log-begin@@/ { file = dir "/xl-" ts ".log"; print rec >> file; next }
		/@@TESTBED act-log-end@@/ { file = ""; next }
		file != "" { print >> file }'
	grep -a '@@TESTBED error' "$log" | tr -d '\r' | sed "s/^/migrate ($toolstack): /" || true
done
[ ${#logs[@]} -gt 0 ] || die "MIGRATE_MATRIX='$matrix' names no KERNEL:TOOLSTACK pair (patched|reference|debian):(ours|stock)"

status=0
python3 "$ROOT/scripts/reports/migration_report.py" "$RESULTS/migration.json" \
	"$RESULTS/migration.txt" "$out" "${logs[@]}" || status=1
read -r passed failed < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["migrate"]; print(m["passed"], m["failed"])' "$RESULTS/migration.json")
count_file migrate "$passed" "$failed" 0
[ $run_ok = 1 ] || status=1
exit $status
