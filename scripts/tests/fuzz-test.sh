#!/bin/bash
# A hostile frontend in a PV domU against dom0's real blkback and netback,
# an honest domU served meanwhile (testbed/fuzz.sh, testbed/workloads/hostile/),
# once per dom0 kernel in FUZZ_KERNELS: ours (tier "fuzz") and/or the
# unpatched reference (tier "fuzz-reference", no backend patch).
# FUZZ_SEED (default 1), FUZZ_REQUESTS (hostile requests per backend, default 1200) and
# FUZZ_SECONDS (the hostile's bound for both backends, default 240) shape
# the run; scripts/reports/fuzz_report.py judges it.
set -eu
. "$(dirname "$0")/../lib.sh"

seed=${FUZZ_SEED:-1} requests=${FUZZ_REQUESTS:-1200} seconds=${FUZZ_SECONDS:-240}
[[ "$seed$requests$seconds" =~ ^[0-9x]+$ ]] || die "FUZZ_SEED, FUZZ_REQUESTS and FUZZ_SECONDS are numbers: '$seed' '$requests' '$seconds'"
runs=()
mkdir -p "$RESULTS"
rm -f "$RESULTS"/fuzz*.counts "$RESULTS/fuzz.json"
kernels=${FUZZ_KERNELS:-ours}
for kernel in ${kernels//,/ }; do
	case $kernel in
	ours) image=$OBJ/arch/x86/boot/bzImage ;;
	reference) image=$("$ROOT/scripts/trees/build-reference.sh") ;;
	*) die "FUZZ_KERNELS: say ours and/or reference, not '$kernel'" ;;
	esac
	log=$LOGS/fuzz-$kernel.log
	info "hostile frontend, dom0 on the $kernel kernel: seed $seed, $requests hostile requests per backend, $seconds s"
	DOM0_IMAGE=$image "$ROOT/scripts/tests/nested-xen.sh" "$log" $((seconds + 900)) \
		kunit.enable=0 testbed.run=fuzz "testbed.fuzz=$seed:$requests:$seconds" || true
	runs+=("$kernel=$log")
done
python3 "$ROOT/scripts/reports/fuzz_report.py" "$RESULTS" "${runs[@]}"
