#!/bin/bash
# A stable series is the upstream one backported, the way the kernel's stable
# queue keeps it: it carries every upstream patch, in the upstream order; a
# patch that applies to the stable base unchanged is the upstream file
# itself (its series line names it, ../../patches/...), and every other one
# is a backport file of the same name, so of the same subject as the
# upstream patch it carries, whose message says what changed ("[ Backport
# to BASE: what changed ]", as a stable maintainer notes a backport). Run
# with SERIES=linux-6.12 or SERIES=xen-4.17.
set -eu
. "$(dirname "$0")/../lib.sh"

[ "$PATCH_DIR" != "$UPSTREAM_PATCH_DIR" ] || die "check-backports: SERIES=$SERIES is an upstream series; run it with SERIES=linux-6.12 or SERIES=xen-4.17"
up=${UPSTREAM_PATCH_DIR#"$ROOT"/}
upstream=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$UPSTREAM_SERIES_FILE" | xargs -n1 basename)
names=() shared=0 backports=0 bad=0
while read -r p; do
	name=$(basename "$p")
	names+=("$name")
	rel=$(upstream_patch "$name")
	if [ -z "$rel" ]; then
		echo "backports: ${SERIES_FILE#"$ROOT"/} lists $p, which is not a patch of ${UPSTREAM_SERIES_FILE#"$ROOT"/}" >&2
		bad=1
		continue
	fi
	case $p in
	../*)
		[ "$(realpath -m "$PATCH_DIR/$p")" = "$UPSTREAM_PATCH_DIR/$rel" ] ||
			{ echo "backports: ${SERIES_FILE#"$ROOT"/} names $p, which is not $up/$rel" >&2; bad=1; }
		shared=$((shared + 1))
		;;
	*)
		[ "$(sed -n 's/^Subject: \[PATCH\] //p' "$PATCH_DIR/$p")" = "$(sed -n 's/^Subject: \[PATCH\] //p' "$UPSTREAM_PATCH_DIR/$rel")" ] ||
			{ echo "backports: ${PATCH_DIR#"$ROOT"/}/$p does not have the subject of $up/$rel" >&2; bad=1; }
		grep -qF "[ Backport to " "$PATCH_DIR/$p" ||
			{ echo "backports: ${PATCH_DIR#"$ROOT"/}/$p does not say what its backport changed: add '[ Backport to $SERIES_BASE: what changed ]' to its message in '$MAKE_TREE', then '$MAKE_EXPORT'" >&2; bad=1; }
		backports=$((backports + 1))
		;;
	esac
done < <(series_patches)
[ "$(printf '%s\n' "${names[@]}")" = "$upstream" ] || {
	diff <(echo "$upstream") <(printf '%s\n' "${names[@]}") | sed 's/^/  /' >&2
	echo "backports: ${SERIES_FILE#"$ROOT"/} does not carry every patch of ${UPSTREAM_SERIES_FILE#"$ROOT"/} in its order (above: < upstream, > stable)" >&2
	bad=1
}
[ $bad = 0 ] || exit 1
echo "backports: $SERIES_BASE carries all ${#names[@]} upstream patches: $shared unchanged (one file), $backports backported, each of its upstream patch's subject and saying what changed"
