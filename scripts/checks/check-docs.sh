#!/bin/bash
# Documentation checks on what the series touches: scripts/kernel-doc -Wall on
# every C file it changes (no kernel-doc warning), and every .rst file it
# changes must parse as reStructuredText with no warning (scripts/checks/check_rst.py).
set -eu
. "$(dirname "$0")/../lib.sh"

files=$(git -C "$TREE" diff --name-only --diff-filter=AM base..HEAD)
bad=0 n=0
for f in $files; do
	case "$f" in
	*.c | *.h)
		out=$(cd "$TREE" && perl scripts/kernel-doc -none -Wall "$f" 2>&1)
		;;
	*.rst)
		out=$(python3 "$ROOT/scripts/checks/check_rst.py" "$TREE/$f" 2>&1)
		;;
	*) continue ;;
	esac
	n=$((n + 1))
	if [ -n "$out" ]; then
		echo "docs: $f:" >&2
		sed 's/^/  /' <<<"$out" >&2
		bad=1
	fi
done
[ $bad = 0 ] || die "documentation warnings above: fix them in '$MAKE_TREE', then '$MAKE_EXPORT'"
echo "docs: kernel-doc and reStructuredText clean in $n files the series touches on $SERIES_BASE"
