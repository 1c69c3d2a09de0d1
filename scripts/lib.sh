# shellcheck shell=bash
# Shared paths and helpers for the scripts in this folder. Sourced, never run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
TREE=$BUILD/tree                 # base + series as git commits; the editable tree
OBJ=$BUILD/obj/patched           # out-of-tree build of $TREE
RESULTS=$BUILD/results           # per-tier counts and machine-readable results
LOGS=$BUILD/logs                 # console logs of every run
JOBS=${JOBS:-$(nproc)}

# Commits made by the tooling (the base commit, git am) need an identity.
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-xen-p2m-series}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-xen-p2m-series@localhost}
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-$GIT_COMMITTER_NAME}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-$GIT_COMMITTER_EMAIL}

# shellcheck source=../base.conf
. "$ROOT/base.conf"

# die MESSAGE: one clear line naming the problem and the fix, then exit 1.
die() {
	echo "error: $*" >&2
	exit 1
}

info() {
	echo ">>> $*"
}

# series_patches: the patch files of ./series in order, relative to patches/.
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$ROOT/series"
}

# series_hash: one hash over the series file and every patch it lists.
series_hash() {
	{
		cat "$ROOT/series"
		series_patches | while read -r p; do cat "$ROOT/patches/$p"; done
	} | sha256sum | cut -d' ' -f1
}

# tree_is_clean: no uncommitted change and no untracked file in $TREE. Ignored
# files count too: Debian's base .gitignore ignores everything at the top level.
tree_is_clean() {
	[ -z "$(git -C "$TREE" status --porcelain --ignored -uall 2>/dev/null)" ]
}

# kunit.py must not leave __pycache__ in the tree.
export PYTHONDONTWRITEBYTECODE=1

# count_file TIER PASSED FAILED SKIPPED: record one tier's totals for the summary.
count_file() {
	mkdir -p "$RESULTS"
	echo "$2 $3 $4" >"$RESULTS/$1.counts"
}
