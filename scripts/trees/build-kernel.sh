#!/bin/bash
# Configure and build bzImage out of tree. Incremental: kbuild rebuilds only
# what changed since the last run. BUILD_TARGET names another kbuild target
# (the hot-path check builds only arch/x86/xen/p2m.o of the reference).
# Usage: build-kernel.sh [SRC OBJ [--no-check]]   (default: $TREE $OBJ)
set -eu
. "$(dirname "$0")/../lib.sh"

src=$(realpath -m "${1:-$TREE}")
obj=$(realpath -m "${2:-$OBJ}")
"$ROOT/scripts/trees/configure.sh" "$src" "$obj" ${3:-}

mkdir -p "$LOGS"
log=$LOGS/build-$(basename "$obj").log
start=$(date +%s)
if ! make -C "$src" O="$obj" -j"$JOBS" "${BUILD_TARGET:-bzImage}" >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -5 >&2
	die "kernel build failed in $src (full log: $log)"
fi
[ -n "${BUILD_TARGET:-}" ] || echo "$(($(date +%s) - start))" >"$obj/build-seconds"
