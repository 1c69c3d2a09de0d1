#!/bin/bash
# Test (a): the series applies to the pristine base with zero fuzz and zero
# offsets. GNU patch, which reports both, runs on a sparse checkout of base
# holding only the files the series touches. SERIES=xen checks the Xen tools
# series against Xen's source the same way.
set -eu
. "$(dirname "$0")/../lib.sh"

git -C "$TREE" rev-parse -q --verify base >/dev/null || die "no base tree at $TREE: run make first"
wt=$BUILD/apply-check
git -C "$TREE" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
git -C "$TREE" worktree prune

files=$(series_patches | while read -r p; do
	sed -n -e 's|^--- a/||p' -e 's|^+++ b/||p' "$PATCH_DIR/$p"
done | sort -u)
git -C "$TREE" worktree add -q --detach --no-checkout "$wt" base
git -C "$wt" sparse-checkout set --no-cone $files ${files:+} '/Makefile' >/dev/null
git -C "$wt" checkout -q base

n=0 bad=0
while read -r p; do
	out=$(patch -d "$wt" -p1 --fuzz=0 --no-backup-if-mismatch <"$PATCH_DIR/$p" 2>&1) || bad=1
	if [ $bad = 1 ] || grep -qE 'offset|fuzz|FAILED|malformed' <<<"$out"; then
		grep -E 'offset|fuzz|FAILED|malformed|Hunk' <<<"$out" | head -3 | sed 's/^/  /' >&2
		echo "apply: ${PATCH_DIR#"$ROOT"/}/$p does not apply exactly to $SERIES_BASE (offset, fuzz or failure above): refresh it with '$MAKE_TREE' + '$MAKE_EXPORT'" >&2
		bad=1
		break
	fi
	n=$((n + 1))
done < <(series_patches)
git -C "$TREE" worktree remove --force "$wt"
[ $bad = 0 ] || exit 1
echo "apply: $n patches apply to $SERIES_BASE with zero fuzz and zero offsets"
