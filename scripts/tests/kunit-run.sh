#!/bin/bash
# make kunit-run: the suites as kernel developers run them, with the kernel's
# own kunit.py on the patched tree: `kunit.py run --kunitconfig=DIR
# --arch=x86_64` for each directory whose .kunitconfig the series adds (on
# QEMU, no Xen: the Xen-only cases skip and say why). One build directory
# for all three, so that kbuild rebuilds only what a .kunitconfig changes.
# Prints the command and kunit.py's closing line for each; fails when one
# of them fails. Writes $RESULTS/kunit-run.txt.
set -eu
. "$(dirname "$0")/../lib.sh"

[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree first"
build_dir=$BUILD/obj/kunit-run
mkdir -p "$RESULTS" "$LOGS"
out=$RESULTS/kunit-run.txt
: >"$out"
status=0
for dir in arch/x86/xen drivers/block/xen-blkback drivers/net/xen-netback; do
	[ -f "$TREE/$dir/.kunitconfig" ] || die "$TREE/$dir has no .kunitconfig: is the series applied (make tree)?"
	log=$LOGS/kunit-run-$(echo "$dir" | tr / -).log
	cmd="./tools/testing/kunit/kunit.py run --kunitconfig=$dir --arch=x86_64"
	start=$(date +%s)
	rc=0
	(cd "$TREE" && $cmd --build_dir="$build_dir" --jobs="$JOBS" --timeout=600) >"$log" 2>&1 || rc=$?
	# kunit.py's closing line, without its timestamp.
	result=$(sed -n 's/^\[[0-9:]*\] \(Testing complete\..*\)/\1/p' "$log" | tail -1)
	line="$cmd: ${result:-no result (see $log)} ($(($(date +%s) - start)) s)"
	[ $rc = 0 ] || { line="$line: FAILED (exit $rc, see $log)"; status=1; }
	echo "$line" | tee -a "$out"
done
exit $status
