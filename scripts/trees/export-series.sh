#!/bin/bash
# Write the patches and the series file back from $TREE's commits (base..HEAD):
# the series SERIES names (see lib.sh; the test bed's Linux one by default).
# File names come from the subject, so amending one commit rewrites one
# file; a patch of the upstream Linux series keeps the folder it had, a new
# one gets the folder of its area; any other series is one folder. A stable
# series' patch that is byte for byte its upstream patch (the same file
# name, the same text but for the index lines' blob names) is not written
# again: its series line names the upstream file (../../patches/AREA/NAME,
# ../../patches/xen-tools/NAME), so that it exists once; every other one is
# a backport, written to the stable folder.
set -eu
. "$(dirname "$0")/../lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run '$MAKE_TREE' first"
tree_is_clean || die "$TREE has uncommitted changes: commit them (git -C $TREE commit) before '$MAKE_EXPORT'"
git -C "$TREE" rev-parse -q --verify base >/dev/null || die "$TREE has no 'base' tag: re-create it with '$MAKE_TREE'"

# area_of COMMIT: the patches/ folder for a commit that has none yet.
area_of() {
	local files
	files=$(git -C "$TREE" diff-tree --no-commit-id --name-only -r "$1")
	if ! grep -qvE '^(Documentation/|MAINTAINERS$)' <<<"$files"; then
		echo Documentation
	elif grep -qE '_kunit\.c$|/\.kunitconfig$' <<<"$files"; then
		echo kunit-tests
	elif grep -q '^drivers/' <<<"$files"; then
		echo drivers-xen
	else
		echo arch-x86-xen
	fi
}

# same_patch A B: B exists and is A but for the index lines.
same_patch() {
	[ -f "$2" ] && cmp -s <(grep -v '^index ' "$1") <(grep -v '^index ' "$2")
}

old=$(series_patches 2>/dev/null || true)
new=()
prev_area=
declare -A seen=()
{
	echo "# Patch series on $SERIES_BASE; order is defined here only."
	echo "# Written by '$MAKE_EXPORT' from ${TREE#"$ROOT"/}; paths are relative to ${PATCH_DIR#"$ROOT"/}/."
	for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
		slug=$(git -C "$TREE" log -1 --format=%f "$c" | cut -c1-64)
		name=$slug.patch
		n=2
		while [ -n "${seen[$name]:-}" ]; do name=$slug-$n.patch; n=$((n + 1)); done
		seen[$name]=1
		area=
		if [ "$PATCH_DIR" = "$ROOT/patches" ]; then	# the Linux upstream series: by area
			area=$(grep -m1 "/$name\$" <<<"$old" | cut -d/ -f1 || true)
			[ -n "$area" ] || area=$(area_of "$c")
		fi
		mkdir -p "$PATCH_DIR/$area"
		git -C "$TREE" format-patch -1 --stdout --zero-commit --no-signature "$c" \
			>"$PATCH_DIR/${area:+$area/}$name"
		up=
		[ "$PATCH_DIR" = "$UPSTREAM_PATCH_DIR" ] || up=$(upstream_patch "$name")
		if [ -n "$up" ] && same_patch "$PATCH_DIR/$name" "$UPSTREAM_PATCH_DIR/$up"; then
			rm "$PATCH_DIR/$name"
			shared=$(realpath --relative-to="$PATCH_DIR" "$UPSTREAM_PATCH_DIR/$up")
			echo "$shared"
			new+=("$shared")
			continue
		fi
		[ "$area" = "$prev_area" ] || printf '\n# %s\n' "$area"
		prev_area=$area
		echo "${area:+$area/}$name"
		new+=("${area:+$area/}$name")
	done
} >"$SERIES_FILE.new"
mv "$SERIES_FILE.new" "$SERIES_FILE"

# Drop the files of patches that left the series (only those the series had,
# never an upstream patch a stable series names).
for p in $old; do
	case $p in ../*) continue ;; esac
	printf '%s\n' "${new[@]}" | grep -qxF "$p" || { rm -f "$PATCH_DIR/$p"; info "removed ${PATCH_DIR#"$ROOT"/}/$p"; }
done
echo "$(series_hash) $(git -C "$TREE" rev-parse HEAD)" >"$TREE/.git/xenp2m-series"
info "exported ${#new[@]} patches to ${PATCH_DIR#"$ROOT"/}/ and ${SERIES_FILE#"$ROOT"/}"
