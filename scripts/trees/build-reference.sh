#!/bin/bash
# Build the reference kernel: the base plus the series up to the patch that
# adds the KUnit tests and benchmark of the existing p2m code, no change to
# it (before it come only fixes of older bugs, first so that stable can take
# them; none touches the p2m or blkback), with the same config, out of tree
# in build/obj/reference. Benchmarks and comparisons run it next to the
# patched kernel in the same test bed run.
# Usage: build-reference.sh [TARGET]   TARGET is a kbuild target, default
# bzImage (the hot-path check needs only arch/x86/xen/p2m.o). Prints the
# path of what it built.
set -eu
. "$(dirname "$0")/../lib.sh"

# Standard output carries only the resulting path; everything else goes to stderr.
exec 3>&1 1>&2

subject='x86/xen: add KUnit tests for the PV p2m lookups'
first=$(git -C "$TREE" log --reverse --format=%H --fixed-strings --grep="$subject" base..series | head -1)
[ -n "$first" ] || die "the series has no patch '$subject': the reference kernel is built up to it"
wt=$BUILD/reference-tree
obj=$BUILD/obj/reference
worktree_at "$TREE" "$wt" "$first"
target=${1:-bzImage}
info "building $target of the reference kernel (base + $(git -C "$TREE" log -1 --format=%s "$first"))"
if [ "$target" = bzImage ]; then
	# bzImage and its modules (the backend benchmark boots it as dom0)
	"$ROOT/scripts/trees/build-kernel.sh" "$wt" "$obj" --no-check
else
	BUILD_TARGET=$target "$ROOT/scripts/trees/build-kernel.sh" "$wt" "$obj" --no-check
fi
if [ "$target" = bzImage ]; then
	echo "$obj/arch/x86/boot/bzImage" >&3
else
	echo "$obj/$target" >&3
fi
