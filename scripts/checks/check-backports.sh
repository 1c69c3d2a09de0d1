#!/bin/bash
# A stable series is the upstream one backported, the way the kernel's stable
# queue keeps it: it carries every upstream patch, in the upstream order;
# a patch that applies to the stable base unchanged is the upstream file
# itself (its series line names ../../patches/xen-tools/NAME), and every
# other one is a backport file of the same name that names the upstream
# patch it carries ("[ Backport of patches/xen-tools/NAME to ...: what
# changed ]" in its message). Run with SERIES=xen-4.17.
set -eu
. "$(dirname "$0")/../lib.sh"

[ "$PATCH_DIR" != "$UPSTREAM_XEN_PATCH_DIR" ] || die "check-backports: SERIES=$SERIES is the upstream series; run it with SERIES=xen-4.17"
up=${UPSTREAM_XEN_PATCH_DIR#"$ROOT"/}
upstream=$(SERIES=xen bash -c '. "$0"; series_patches' "$ROOT/scripts/lib.sh")
names=() shared=0 backports=0 bad=0
while read -r p; do
	name=$(basename "$p")
	names+=("$name")
	case $p in
	../*)
		[ "$(realpath -m "$PATCH_DIR/$p")" = "$UPSTREAM_XEN_PATCH_DIR/$name" ] ||
			{ echo "backports: ${SERIES_FILE#"$ROOT"/} names $p, which is not in $up/" >&2; bad=1; }
		shared=$((shared + 1))
		;;
	*)
		grep -qF "[ Backport of $up/$name to " "$PATCH_DIR/$p" ||
			{ echo "backports: ${PATCH_DIR#"$ROOT"/}/$p does not name the upstream patch it carries: add '[ Backport of $up/$name to $SERIES_BASE: what changed ]' to its message in '$MAKE_TREE', then '$MAKE_EXPORT'" >&2; bad=1; }
		backports=$((backports + 1))
		;;
	esac
done < <(series_patches)
[ "$(printf '%s\n' "${names[@]}")" = "$upstream" ] || {
	diff <(echo "$upstream") <(printf '%s\n' "${names[@]}") | sed 's/^/  /' >&2
	echo "backports: ${SERIES_FILE#"$ROOT"/} does not carry every patch of $up/series in its order (above: < upstream, > stable)" >&2
	bad=1
}
[ $bad = 0 ] || exit 1
echo "backports: $SERIES_BASE carries all ${#names[@]} upstream patches: $shared unchanged (one file), $backports backported, each naming its upstream patch"
