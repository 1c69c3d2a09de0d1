#!/bin/bash
# The Xen tools series' unit tests, which need no Xen: build and run
# tools/tests/migration-p2m of our Xen tree (in the build worktree of
# scripts/trees/build-xen-tools.sh) and count its PASS/FAIL lines as the
# "toolstack" tier. Prints `toolstack: N passed, N failed, 0 skipped`.
set -eu
. "$(dirname "$0")/../lib.sh"

"$ROOT/scripts/trees/build-xen-tools.sh" >/dev/null
log=$LOGS/toolstack-unit.log
dir=$BUILD/xen-build/tools/tests/migration-p2m
[ -d "$dir" ] || { count_file toolstack 0 1 0; die "no $dir: the Xen tools series adds it (patches/xen-tools/series)"; }
make -s -C "$dir" run >"$log" 2>&1 || true
sed 's/^/  /' "$log"
passed=$(grep -c '^PASS: ' "$log" || true)
failed=$(grep -c '^FAIL: ' "$log" || true)
# A test binary that did not build or crashed ran nothing: a failure.
grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$log" || failed=$((failed + 1))
count_file toolstack "$passed" "$failed" 0
echo "toolstack: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
