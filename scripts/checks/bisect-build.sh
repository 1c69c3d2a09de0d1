#!/bin/bash
# Test (c): every patch builds on its own. Walks base+1..HEAD in $TREE and
# builds each commit incrementally in the same object folder, so each step
# recompiles only what that patch touched. Ends with the tree back on HEAD.
# Each commit is compiled and linked (vmlinux and the modules, which hold
# the backends: what breaks a build is a compile or a link error, or
# modpost; compressing a bzImage adds nothing). A commit
# that changes only Documentation/ has nothing to build (the docs stage
# checks it). When everything that differs from the commit built last lies
# in the backends' module directories, the step builds just those modules
# (dir/module.ko: compiled and checked by modpost against the vmlinux
# already built), which skips kbuild's walk of the whole tree.
set -eu
. "$(dirname "$0")/../lib.sh"

tree_is_clean || die "$TREE has uncommitted changes: commit or export them before the bisect build"
branch=$(git -C "$TREE" symbolic-ref -q --short HEAD) || die "$TREE is not on a branch: 'git -C $TREE checkout series'"
trap 'git -C "$TREE" checkout -q "$branch"' EXIT

# The backends' module directories and their modules (=m in the test image).
declare -A module_of=([drivers/block/xen-blkback]=xen-blkback.ko [drivers/net/xen-netback]=xen-netback.ko)

# targets_for LAST C: what to build for C when LAST was built: the modules
# if every file that differs (outside Documentation/) is in their
# directories, else vmlinux and all modules.
targets_for() {
	local f d targets=
	for f in $(git -C "$TREE" diff --name-only "$1" "$2" -- . ':!Documentation'); do
		d=$(dirname "$f")
		[ -n "${module_of[$d]:-}" ] || { echo "vmlinux modules"; return; }
		[[ " $targets " = *" $d/${module_of[$d]} "* ]] || targets="$targets $d/${module_of[$d]}"
	done
	echo "${targets:-vmlinux modules}"
}

n=0
last=HEAD	# what $OBJ holds: make kernel built HEAD
for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	if ! git -C "$TREE" diff-tree --no-commit-id --name-only -r "$c" | grep -qv '^Documentation/'; then
		echo "bisect: patch $n changes only Documentation/, nothing to build: $subject"
		continue
	fi
	targets=$(targets_for "$last" "$c")
	# No Kconfig or .kunitconfig changed since: the same .config, no need to merge it again.
	skip=1
	git -C "$TREE" diff --name-only "$last" "$c" | grep -qE '(^|/)(Kconfig[^/]*|\.kunitconfig)$' && skip=
	git -C "$TREE" checkout -q --detach "$c"
	start=$(date +%s)
	SKIP_CONFIGURE=$skip BUILD_TARGET=$targets "$ROOT/scripts/trees/build-kernel.sh" "$TREE" "$OBJ" --no-check ||
		die "bisect: patch $n ($subject) does not build on its own: fix it in '$MAKE_TREE'"
	echo "bisect: patch $n builds ($(($(date +%s) - start)) s, ${targets# }): $subject"
	last=$c
done
echo "bisect: all $n patches build on their own"
