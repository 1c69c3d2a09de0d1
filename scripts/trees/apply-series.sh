#!/bin/bash
# Make $TREE's branch "series" = base + one commit per patch of the series (git am):
# the Linux one, or with SERIES=xen or SERIES=xen-4.17 a Xen one (see lib.sh).
# Refuses to drop edits made in $TREE that were not exported (FORCE=1 drops them).
set -eu
. "$(dirname "$0")/../lib.sh"

stamp=$TREE/.git/xenp2m-series
want=$(series_hash)
head=$(git -C "$TREE" rev-parse HEAD)

if [ -f "$stamp" ]; then
	read -r applied_hash applied_head <"$stamp"
	if [ "${FORCE:-0}" != 1 ]; then
		if [ "$head" != "$applied_head" ] || ! tree_is_clean; then
			die "$TREE has edits that are not in patches/: run '$MAKE_EXPORT' to keep them, or '$MAKE_TREE FORCE=1' to drop them"
		fi
		[ "$applied_hash" = "$want" ] && exit 0
	fi
fi

git -C "$TREE" am --abort >/dev/null 2>&1 || true
git -C "$TREE" checkout -q -f -B series base
git -C "$TREE" clean -q -f -d
n=0
while read -r p; do
	f=$PATCH_DIR/$p
	[ -f "$f" ] || die "${SERIES_FILE#"$ROOT"/} lists ${f#"$ROOT"/}, which does not exist: add the file or drop the line"
	if ! git -C "$TREE" am -q --keep-cr "$f" >"$BUILD/am.log" 2>&1; then
		git -C "$TREE" am --abort >/dev/null 2>&1 || true
		die "${f#"$ROOT"/} does not apply on top of the patches before it: fix it in '$MAKE_TREE' and '$MAKE_EXPORT' ($(head -1 "$BUILD/am.log"))"
	fi
	n=$((n + 1))
done < <(series_patches)
rm -f "$BUILD/am.log"
echo "$want $(git -C "$TREE" rev-parse HEAD)" >"$stamp"
info "applied $n patches on $SERIES_BASE in $TREE"
