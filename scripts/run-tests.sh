#!/bin/bash
# make test: the checks (apply, checkpatch, docs, bisect, hot-path) and every
# test tier (bare, dom0, domU, checkpoint, migrate, backends), then one closing line
# `N passed, N failed, N skipped` over all of them. A failing stage does not
# hide the others; the exit code is non-zero when anything failed.
set -u
. "$(dirname "$0")/lib.sh"

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

stage apply "$ROOT/scripts/check-apply.sh"
stage checkpatch "$ROOT/scripts/checkpatch.sh"
stage docs "$ROOT/scripts/check-docs.sh"
stage bisect "$ROOT/scripts/bisect-build.sh"

echo "=== KUnit on bare QEMU"
tiers+=(bare)
"$ROOT/scripts/kunit-bare.sh" || true

echo "=== KUnit in Xen PV dom0 and domU (nested Xen under QEMU TCG)"
tiers+=(dom0 domU checkpoint)
"$ROOT/scripts/xen-test.sh" || true

echo "=== Live migration under stress, ours and the unpatched kernel (nested Xen)"
tiers+=(migrate)
"$ROOT/scripts/migrate-test.sh" || true

echo "=== Backend throughput, ours and the unpatched kernel as dom0 (nested Xen)"
tiers+=(backends)
"$ROOT/scripts/backend-bench.sh" || true

stage hot-path "$ROOT/scripts/compare-hot-path.sh" \
	"$BUILD/obj/reference/vmlinux" "$OBJ/vmlinux"
count_file checks "$checks_passed" "$checks_failed" 0
echo "checks: $checks_passed passed, $checks_failed failed, 0 skipped"

echo "=== summary ($(($(date +%s) - start)) s)"
"$ROOT/scripts/test-summary.sh" "${tiers[@]}"
