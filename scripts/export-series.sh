#!/bin/bash
# Write patches/ and ./series back from $TREE's commits (base..HEAD).
# File names come from the subject, so amending one commit rewrites one file;
# a patch keeps the folder it had, a new one gets the folder of its area.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run 'make tree' first"
tree_is_clean || die "$TREE has uncommitted changes: commit them (git -C $TREE commit) before 'make export'"
git -C "$TREE" rev-parse -q --verify base >/dev/null || die "$TREE has no 'base' tag: re-create it with 'make tree'"

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

old=$(series_patches || true)
new=()
prev_area=
declare -A seen=()
{
	echo "# Patch series on Linux $BASE_KERNEL_VERSION; order is defined here only."
	echo "# Written by 'make export' from build/tree; paths are relative to patches/."
	for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
		slug=$(git -C "$TREE" log -1 --format=%f "$c" | cut -c1-64)
		name=$slug.patch
		n=2
		while [ -n "${seen[$name]:-}" ]; do name=$slug-$n.patch; n=$((n + 1)); done
		seen[$name]=1
		area=$(grep -m1 "/$name\$" <<<"$old" | cut -d/ -f1 || true)
		[ -n "$area" ] || area=$(area_of "$c")
		mkdir -p "$ROOT/patches/$area"
		git -C "$TREE" format-patch -1 --stdout --zero-commit --no-signature "$c" \
			>"$ROOT/patches/$area/$name"
		[ "$area" = "$prev_area" ] || printf '\n# %s\n' "$area"
		prev_area=$area
		echo "$area/$name"
		new+=("$area/$name")
	done
} >"$ROOT/series.new"
mv "$ROOT/series.new" "$ROOT/series"

# Drop the files of patches that left the series (only those the series had).
for p in $old; do
	printf '%s\n' "${new[@]}" | grep -qxF "$p" || { rm -f "$ROOT/patches/$p"; info "removed patches/$p"; }
done
echo "$(series_hash) $(git -C "$TREE" rev-parse HEAD)" >"$TREE/.git/xenp2m-series"
info "exported ${#new[@]} patches to patches/ and series"
