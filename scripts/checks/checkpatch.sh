#!/bin/bash
# Test (b): scripts/checkpatch.pl --strict on every patch: no ERROR, no WARNING.
# CHECKs are listed. FILE_PATH_CHANGES is ignored only when every file the
# patch adds is already covered by a MAINTAINERS entry other than THE REST.
# UNKNOWN_COMMIT_ID is ignored: the base is a release tarball with no
# upstream history, so no commit a Fixes: tag names can be found in it
# (the tag's form is still checked, GIT_COMMIT_ID).
set -eu
. "$(dirname "$0")/../lib.sh"

[ -x "$TREE/scripts/checkpatch.pl" ] || die "no tree at $TREE: run make first"
# checkpatch caches the tree's CamelCase identifiers in the tree; keep it clean.
trap 'rm -f "$TREE"/.checkpatch-camelcase.git.*' EXIT

# maintained FILE: a MAINTAINERS section other than THE REST covers FILE.
maintained() {
	(cd "$TREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--subsystem --no-email --no-l --no-r --no-s -f "$1" 2>/dev/null) |
		grep -v '^THE REST' | grep -q .
}

fail=0 checks=0 n=0
while read -r p; do
	f=$PATCH_DIR/$p
	opts=(--strict --no-summary --showfile --terse --ignore UNKNOWN_COMMIT_ID)
	added=$(grep -B2 '^new file mode' "$f" | sed -n 's|^diff --git a/.* b/||p')
	covered=1
	for a in $added; do maintained "$a" || covered=0; done
	[ -n "$added" ] && [ $covered = 1 ] && opts+=(--ignore FILE_PATH_CHANGES)
	out=$(cd "$TREE" && perl scripts/checkpatch.pl "${opts[@]}" "$f" 2>&1 || true)
	if grep -qE ': (ERROR|WARNING):' <<<"$out"; then
		echo "checkpatch: ${f#"$ROOT"/}:" >&2
		grep -E ': (ERROR|WARNING):' <<<"$out" | sed 's/^/  /' >&2
		fail=1
	fi
	if grep -q ': CHECK:' <<<"$out"; then
		echo "checkpatch: kept CHECK in ${f#"$ROOT"/}:"
		grep ': CHECK:' <<<"$out" | sed 's/^/  /'
		checks=$((checks + $(grep -c ': CHECK:' <<<"$out")))
	fi
	n=$((n + 1))
done < <(series_patches)
[ $fail = 0 ] || die "checkpatch --strict found errors or warnings above: fix them in '$MAKE_TREE', then '$MAKE_EXPORT'"
echo "checkpatch: $n patches of $SERIES_BASE clean under --strict ($checks CHECKs kept)"
