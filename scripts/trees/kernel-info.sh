#!/bin/bash
# Print where the kernel is and what it contains.
set -eu
. "$(dirname "$0")/../lib.sh"

image=$OBJ/arch/x86/boot/bzImage
[ -f "$image" ] || die "no kernel at $image: run make"
n=$(git -C "$TREE" rev-list --count base..HEAD)
echo "kernel:   $image"
echo "release:  $(cat "$OBJ/include/config/kernel.release")"
echo "contains: Linux $BASE_KERNEL_VERSION ($(cat "$TREE/.git/xenp2m-base")) + $n patches of ${SERIES_FILE#"$ROOT"/} (the test bed's)"
echo "build:    last make took $(cat "$OBJ/build-seconds" 2>/dev/null || echo "?") s (kbuild rebuilds only what changed)"
# shellcheck disable=SC2016
read -r utree ubase < <(SERIES=linux bash -c '. "$0"; echo "$KERNEL_TREE ${BASE_KERNEL_VERSION}"' "$ROOT/scripts/lib.sh")
[ -d "$utree/.git" ] && echo "upstream: $utree: Linux $ubase + $(git -C "$utree" rev-list --count base..HEAD) patches of ./series"
for series in xen xen-4.17; do
	# shellcheck disable=SC2016
	read -r tools tree dir base < <(SERIES=$series bash -c '. "$0"; echo "$XEN_OURS $XEN_TREE ${XEN_PATCH_DIR#"$ROOT"/} ${XEN_BASE_NAME// /_}"' "$ROOT/scripts/lib.sh")
	[ -f "$tools/.built-from" ] || continue
	echo "xen:      $tools: dom0 toolstack of ${base//_/ } + $(git -C "$tree" rev-list --count base..HEAD) patches of $dir/series"
done
echo "test bed: the $LINUX_TESTBED_SERIES kernel, the Xen of $XEN_TESTBED_SERIES (testbed.conf)"
