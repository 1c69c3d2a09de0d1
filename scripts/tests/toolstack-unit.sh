#!/bin/bash
# The Xen series' unit tests, which need no Xen: build and run
# tools/tests/migration-p2m of the Xen tree of $XEN_SERIES (in the build
# worktree of scripts/trees/build-xen-tools.sh) and count its PASS/FAIL
# lines as the "toolstack" tier (upstream) or "toolstack-4.17" (stable).
# Prints `TIER: N passed, N failed, 0 skipped`.
set -eu
. "$(dirname "$0")/../lib.sh"

"$ROOT/scripts/trees/build-xen-tools.sh" >/dev/null
tier=toolstack${XEN_MAKE_SUFFIX}
log=$LOGS/$tier-unit.log
dir=$XEN_BUILD/tools/tests/migration-p2m
[ -d "$dir" ] || { count_file "$tier" 0 1 0; die "no $dir: the Xen series adds it (${XEN_PATCH_DIR#"$ROOT"/}/series)"; }
make -s -C "$dir" run >"$log" 2>&1 || true
sed 's/^/  /' "$log"
passed=$(grep -c '^PASS: ' "$log" || true)
failed=$(grep -c '^FAIL: ' "$log" || true)
# A test binary that did not build or crashed ran nothing: a failure.
grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$log" || failed=$((failed + 1))
count_file "$tier" "$passed" "$failed" 0
echo "$tier: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
