#!/bin/bash
# Every patch of the Xen tools series builds on its own: walk base+1..HEAD of
# $XEN_TREE in the toolstack's build worktree (scripts/trees/build-xen-tools.sh)
# and build the libraries, xl and the series' unit test at each commit,
# incrementally, in order, with the test knobs our toolstack has; then
# libxenguest's migration sources at HEAD without them, as a production build
# has them. Ends with the worktree back at HEAD.
set -eu
. "$(dirname "$0")/../lib.sh"

"$ROOT/scripts/trees/build-xen-tools.sh" >/dev/null	# configured, built at HEAD
wt=$XEN_BUILD
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
		make -C "$wt/tools" -j"$JOBS" "${XEN_TOOLS_MAKE_FLAGS[@]}" "subdir-all-$d" >>"$log" 2>&1 ||
			die "xen-bisect: patch $n ($subject) does not build on its own in tools/$d (see $log): fix it in 'make xen-tree'"
	done
	# The directory may hold a later patch's build output: look for its Makefile.
	if [ -f "$wt/tools/tests/migration-p2m/Makefile" ]; then
		make -C "$wt/tools/tests/migration-p2m" -j"$JOBS" "${XEN_TOOLS_MAKE_FLAGS[@]}" >>"$log" 2>&1 ||
			die "xen-bisect: patch $n ($subject): tools/tests/migration-p2m does not build (see $log)"
	fi
	echo "xen-bisect: patch $n builds ($(($(date +%s) - start)) s): $subject"
done
# The series' test knobs are for the test bed only: the libxenguest sources
# of the series must build without them too, as a production build has them.
# Compiled again afterwards with them, so the worktree's build stays whole.
worktree_at "$XEN_TREE" "$wt" "$head"
# -W: as if each source had just changed (-B would remake the configuration).
srcs=$(cd "$wt/tools/libs/guest" && ls xg_sr_*.c)
objs=$(sed 's/\.c$/.o/' <<<"$srcs")
touched=$(sed 's/^/-W /' <<<"$srcs")
# shellcheck disable=SC2086
make -C "$wt/tools/libs/guest" $touched $objs >>"$log" 2>&1 ||
	die "xen-bisect: libxenguest does not build without the test knobs (-DXG_SR_TEST_KNOBS) (see $log)"
# shellcheck disable=SC2086
make -C "$wt/tools/libs/guest" $touched "${XEN_TOOLS_MAKE_FLAGS[@]}" $objs >>"$log" 2>&1 ||
	die "xen-bisect: libxenguest does not build with the test knobs (see $log)"
echo "xen-bisect: libxenguest builds without the test knobs too (a production build)"
echo "xen-bisect: all $n patches build on their own"
