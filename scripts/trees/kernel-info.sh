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
for series in xen xen-4.17; do
	# shellcheck disable=SC2016
	read -r tools tree dir base < <(SERIES=$series bash -c '. "$0"; echo "$XEN_OURS $XEN_TREE ${XEN_PATCH_DIR#"$ROOT"/} ${XEN_BASE_NAME// /_}"' "$ROOT/scripts/lib.sh")
	[ -f "$tools/.built-from" ] || continue
	echo "xen:      $tools: dom0 toolstack of ${base//_/ } + $(git -C "$tree" rev-list --count base..HEAD) patches of $dir/series"
done
echo "test bed: Xen of the $XEN_TESTBED_SERIES series (xen-base.conf: XEN_TESTBED_SERIES)"
