#!/bin/bash
# Every patch of the Xen tools series builds on its own: walk base+1..HEAD of
# $XEN_TREE in the toolstack's build worktree (scripts/trees/build-xen-tools.sh)
# and build the libraries, xl and the series' unit test at each commit,
# incrementally, in order. Ends with the worktree back at HEAD.
set -eu
. "$(dirname "$0")/../lib.sh"

"$ROOT/scripts/trees/build-xen-tools.sh" >/dev/null	# configured, built at HEAD
wt=$BUILD/xen-build
log=$LOGS/xen-bisect-build.log
head=$(git -C "$XEN_TREE" rev-parse HEAD)
trap 'git -C "$wt" checkout -q --detach "$head"' EXIT
: >"$log"
n=0
for c in $(git -C "$XEN_TREE" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	subject=$(git -C "$XEN_TREE" log -1 --format=%s "$c")
	worktree_at "$XEN_TREE" "$wt" "$c"
	start=$(date +%s)
	for d in libs xl; do
		make -C "$wt/tools" -j"$JOBS" "subdir-all-$d" >>"$log" 2>&1 ||
			die "xen-bisect: patch $n ($subject) does not build on its own in tools/$d (see $log): fix it in 'make xen-tree'"
	done
	# The directory may hold a later patch's build output: look for its Makefile.
	if [ -f "$wt/tools/tests/migration-p2m/Makefile" ]; then
		make -C "$wt/tools/tests/migration-p2m" -j"$JOBS" >>"$log" 2>&1 ||
			die "xen-bisect: patch $n ($subject): tools/tests/migration-p2m does not build (see $log)"
	fi
	echo "xen-bisect: patch $n builds ($(($(date +%s) - start)) s): $subject"
done
echo "xen-bisect: all $n patches build on their own"
