#!/bin/bash
# Backend throughput, patched against unpatched, in one run: boot the nested
# test bed BENCH_BOOTS times (default 2) with each dom0 kernel, alternating
# the reference kernel (no backend change) and ours; the domU kernel is ours
# every time. In each boot a domU moves data through blkback (persistent
# grants on and off) and netback (both directions) with iobench
# (testbed/bench-backends.sh). QEMU runs with -icount shift=0,sleep=off:
# guest time then counts instructions (1 ns each) and skips idle time, so a
# figure measures how many instructions the I/O path costs, whatever else
# the host is doing (figures without it varied by 2x from run to run).
# Prints the ratios and writes
# build/results/backend-bench.{json,txt}. A benchmark: the ratios never fail
# the run; a figure that is missing (no data moved) counts as a failure of
# the "backends" tier, and every figure present as a pass.
set -eu
. "$(dirname "$0")/../lib.sh"

boots=${BENCH_BOOTS:-2}
rounds=${BENCH_ROUNDS:-5}
reference=$("$ROOT/scripts/trees/build-reference.sh")
rm -f "$RESULTS"/backend-bench.* "$RESULTS"/backends.counts "$LOGS"/bench-backends-*.log
mkdir -p "$RESULTS"

for boot in $(seq 1 "$boots"); do
	for kernel in reference patched; do
		image=$OBJ/arch/x86/boot/bzImage
		[ $kernel = reference ] && image=$reference
		DOM0_IMAGE=$image NESTED_QEMU_ARGS="-icount shift=0,sleep=off" \
			"$ROOT/scripts/tests/nested-xen.sh" \
			"$LOGS/bench-backends-$kernel-$boot.log" 900 \
			testbed.run=bench "testbed.rounds=$rounds" kunit.enable=0 || true
	done
done

PYTHONDONTWRITEBYTECODE=1 python3 "$ROOT/scripts/reports/backend_bench_report.py" \
	"$RESULTS/backend-bench.json" "$RESULTS/backend-bench.txt" \
	"$LOGS"/bench-backends-*.log
read -r passed failed < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["figures"]; print(m["present"], m["missing"])' "$RESULTS/backend-bench.json")
count_file backends "$passed" "$failed" 0
[ "$failed" = 0 ]
