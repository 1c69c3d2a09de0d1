#!/bin/bash
# Configure and build bzImage (and the modules, installed under
# OBJ/modules-root) out of tree. Incremental: kbuild rebuilds only
# what changed since the last run. BUILD_TARGET names other kbuild targets
# (the hot-path check builds only arch/x86/xen/p2m.o of the reference).
# Usage: build-kernel.sh [SRC OBJ [--no-check]]   (default: $TREE $OBJ)
set -eu
. "$(dirname "$0")/../lib.sh"

src=$(realpath -m "${1:-$TREE}")
obj=$(realpath -m "${2:-$OBJ}")
# SKIP_CONFIGURE=1 (the bisect, for a commit that changes no Kconfig or
# .kunitconfig file): the .config would come out the same.
[ -n "${SKIP_CONFIGURE:-}" ] || "$ROOT/scripts/trees/configure.sh" "$src" "$obj" ${3:-}

mkdir -p "$LOGS"
log=$LOGS/build-$(basename "$obj").log
# By default bzImage and, when the config has modules, the modules, installed
# (stripped) under $obj/modules-root for the test bed's dom0 image.
targets=${BUILD_TARGET:-bzImage}
[ -z "${BUILD_TARGET:-}" ] && grep -qx CONFIG_MODULES=y "$obj/.config" && targets="bzImage modules"
start=$(date +%s)
# shellcheck disable=SC2086 # $targets is a list of kbuild targets
if ! make -C "$src" O="$obj" -j"$JOBS" $targets >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -5 >&2
	die "kernel build failed in $src (full log: $log)"
fi
if [ "$targets" = "bzImage modules" ]; then
	rm -rf "$obj/modules-root"
	make -C "$src" O="$obj" INSTALL_MOD_PATH="$obj/modules-root" INSTALL_MOD_STRIP=1 \
		modules_install >>"$log" 2>&1 || die "modules_install failed in $obj (full log: $log)"
fi
[ -n "${BUILD_TARGET:-}" ] || echo "$(($(date +%s) - start))" >"$obj/build-seconds"
