#!/bin/bash
# Print where the kernel is and what it contains.
set -eu
. "$(dirname "$0")/../lib.sh"

image=$OBJ/arch/x86/boot/bzImage
[ -f "$image" ] || die "no kernel at $image: run make"
n=$(git -C "$TREE" rev-list --count base..HEAD)
echo "kernel:   $image"
echo "release:  $(cat "$OBJ/include/config/kernel.release")"
echo "contains: Linux $BASE_KERNEL_VERSION ($(cat "$TREE/.git/xenp2m-base")) + $n patches of ./series"
echo "build:    last make took $(cat "$OBJ/build-seconds" 2>/dev/null || echo "?") s (kbuild rebuilds only what changed)"
tools=$BUILD/xen-tools/ours
if [ -f "$tools/.built-from" ]; then
	echo "xen:      $tools: dom0 toolstack of Xen $XEN_DEBIAN_VERSION + $(git -C "$XEN_TREE" rev-list --count base..HEAD) patches of patches/xen-tools/series"
fi
