#!/bin/bash
# Test (c): every patch builds on its own. Walks base+1..HEAD in $TREE and
# builds each commit incrementally in the same object folder, so each step
# recompiles only what that patch touched. Ends with the tree back on HEAD.
# Each commit is compiled and linked (vmlinux and the modules, which hold
# the backends: what breaks a build is a compile or a link error, or
# modpost; compressing a bzImage adds nothing). A commit
# that changes only Documentation/ has nothing to build (the docs stage
# checks it).
set -eu
. "$(dirname "$0")/../lib.sh"

tree_is_clean || die "$TREE has uncommitted changes: commit or export them before the bisect build"
branch=$(git -C "$TREE" symbolic-ref -q --short HEAD) || die "$TREE is not on a branch: 'git -C $TREE checkout series'"
trap 'git -C "$TREE" checkout -q "$branch"' EXIT

n=0
for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	if ! git -C "$TREE" diff-tree --no-commit-id --name-only -r "$c" | grep -qv '^Documentation/'; then
		echo "bisect: patch $n changes only Documentation/, nothing to build: $subject"
		continue
	fi
	git -C "$TREE" checkout -q --detach "$c"
	start=$(date +%s)
	BUILD_TARGET="vmlinux modules" "$ROOT/scripts/trees/build-kernel.sh" "$TREE" "$OBJ" --no-check ||
		die "bisect: patch $n ($subject) does not build on its own: fix it in 'make tree'"
	echo "bisect: patch $n builds ($(($(date +%s) - start)) s): $subject"
done
echo "bisect: all $n patches build on their own"
