#!/bin/bash
# make test: the checks on both series (apply, checkpatch, docs, bisect,
# hot-path) and every test tier of the product (bare, dom0, domU,
# checkpoint, traffic, fuzz, migrate), then one closing line `N passed, N failed, N skipped`
# over all of them. A failing stage does not hide the others; the exit code
# is non-zero when anything failed. Benchmarks (make bench) and the full
# comparison matrix (make compare) have their own targets.
set -u
. "$(dirname "$0")/../lib.sh"

start=$(date +%s)
tiers=(checks)
checks_passed=0 checks_failed=0

# stage NAME SCRIPT...: one check, counted as one test in the "checks" tier.
stage() {
	local name=$1
	shift
	echo "=== $name"
	if "$@"; then
		checks_passed=$((checks_passed + 1))
	else
		checks_failed=$((checks_failed + 1))
		echo "$name: FAILED"
	fi
}

# hot_path: the reference's p2m.o (base + the KUnit patch) against ours.
hot_path() {
	local reference
	reference=$("$ROOT/scripts/trees/build-reference.sh" arch/x86/xen/p2m.o) || return 1
	"$ROOT/scripts/checks/compare-hot-path.sh" "$reference" "$OBJ/arch/x86/xen/p2m.o"
}

# Upstream (Linux 7.2, Xen staging) and stable (Linux 6.12, Xen 4.17, the
# test bed's): every series applies exactly and each stable one is its
# upstream one backported; checkpatch and the docs on both Linux series;
# on the upstream Linux series what it touches builds, on the stable one
# (the test bed's kernel) every patch on its own; every upstream Xen patch
# builds on its own (the stable Xen series is built whole for the test bed).
stage apply env SERIES=linux "$ROOT/scripts/checks/check-apply.sh"
stage apply-6.12 env SERIES=linux-6.12 "$ROOT/scripts/checks/check-apply.sh"
stage backports-6.12 env SERIES=linux-6.12 "$ROOT/scripts/checks/check-backports.sh"
stage xen-apply env SERIES=xen "$ROOT/scripts/checks/check-apply.sh"
stage xen-apply-4.17 env SERIES=xen-4.17 "$ROOT/scripts/checks/check-apply.sh"
stage xen-backports-4.17 env SERIES=xen-4.17 "$ROOT/scripts/checks/check-backports.sh"
stage checkpatch env SERIES=linux "$ROOT/scripts/checks/checkpatch.sh"
stage checkpatch-6.12 env SERIES=linux-6.12 "$ROOT/scripts/checks/checkpatch.sh"
stage docs env SERIES=linux "$ROOT/scripts/checks/check-docs.sh"
stage docs-6.12 env SERIES=linux-6.12 "$ROOT/scripts/checks/check-docs.sh"
stage build env SERIES=linux "$ROOT/scripts/checks/build-touched.sh"
stage bisect-6.12 env SERIES=linux-6.12 "$ROOT/scripts/checks/bisect-build.sh"
stage xen-bisect env SERIES=xen "$ROOT/scripts/checks/xen-bisect-build.sh"
stage hot-path hot_path

echo "=== KUnit on bare QEMU"
tiers+=(bare)
"$ROOT/scripts/tests/kunit-bare.sh" || true

echo "=== Unit tests of the Xen series, upstream and stable (no Xen needed)"
tiers+=(toolstack toolstack-4.17)
SERIES=xen "$ROOT/scripts/tests/toolstack-unit.sh" || true
SERIES=xen-4.17 "$ROOT/scripts/tests/toolstack-unit.sh" || true

echo "=== KUnit in Xen PV dom0 and domU, a checkpoint, the backends' suites under traffic (nested Xen under QEMU TCG, our toolstack)"
tiers+=(dom0 domU checkpoint traffic)
"$ROOT/scripts/tests/xen-test.sh" || true

echo "=== A hostile frontend against dom0's blkback and netback while an honest domU is served (nested Xen; make fuzz-backends for the long run)"
tiers+=(fuzz)
FUZZ_KERNELS=ours FUZZ_REQUESTS=${FUZZ_REQUESTS:-1200} FUZZ_SECONDS=${FUZZ_SECONDS:-240} \
	"$ROOT/scripts/tests/fuzz-test.sh" || true

echo "=== Live migration under stress: our kernel with our toolstack (every scenario), and with the stock one (shrink, hotplug)"
tiers+=(migrate)
MIGRATE_COMPARE_ONLY=${MIGRATE_COMPARE_ONLY:-shrink,hotplug} "$ROOT/scripts/tests/migrate-test.sh" || true

count_file checks "$checks_passed" "$checks_failed" 0
echo "checks: $checks_passed passed, $checks_failed failed, 0 skipped"

echo "=== summary ($(($(date +%s) - start)) s)"
"$ROOT/scripts/reports/test-summary.sh" "${tiers[@]}"
