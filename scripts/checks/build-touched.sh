#!/bin/bash
# What the series touches builds on its base: configure the tree of SERIES
# as the test image is configured (scripts/trees/configure.sh) and build
# every directory with a C file the series changes (their built-in objects
# and modules, kbuild's DIR/ target), out of tree in $OBJ. For the upstream
# Linux series while the test bed runs the stable one: the bisect and the
# test bed build the stable one whole. Incremental, like every build here.
set -eu
. "$(dirname "$0")/../lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run '$MAKE_TREE' first"
dirs=$(git -C "$TREE" diff --name-only base..HEAD -- '*.c' | xargs -r -n1 dirname | sort -u)
[ -n "$dirs" ] || die "the series changes no C file in $TREE"
mkdir -p "$LOGS"
log=$LOGS/build-touched-$SERIES.log
start=$(date +%s)
"$ROOT/scripts/trees/configure.sh" "$TREE" "$OBJ" --no-check
# shellcheck disable=SC2046 # one kbuild target per directory
if ! make -C "$TREE" O="$OBJ" -j"$JOBS" $(sed 's|$|/|' <<<"$dirs") >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -5 >&2
	die "what the series touches does not build on $SERIES_BASE (full log: $log): fix it in '$MAKE_TREE'"
fi
warnings=$(grep -c 'warning:' "$log" || true)
[ "$warnings" = 0 ] || { grep 'warning:' "$log" | head -5 >&2; die "$warnings compiler warnings building what the series touches on $SERIES_BASE (full log: $log)"; }
echo "build: $(wc -w <<<"$dirs") directories the series touches build on $SERIES_BASE without a warning ($(($(date +%s) - start)) s): $(echo $dirs)"
