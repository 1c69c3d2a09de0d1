# shellcheck shell=bash
# Shared paths and helpers for the scripts in this folder. Sourced, never run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
KERNEL_TREE=$BUILD/tree          # base + the Linux series as git commits; the editable tree
XEN_TREE=$BUILD/xen-tree         # Xen's source + the Xen tools series, the same way
OBJ=$BUILD/obj/patched           # out-of-tree build of $KERNEL_TREE
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
# shellcheck source=../xen-base.conf
. "$ROOT/xen-base.conf"

# The two series. SERIES=xen in the environment points TREE and the helpers
# below at the Xen tools series (patches/xen-tools/series, paths relative to
# its folder); the default is the Linux one (./series, relative to patches/).
if [ "${SERIES:-linux}" = xen ]; then
	TREE=$XEN_TREE
	SERIES_FILE=$ROOT/patches/xen-tools/series
	PATCH_DIR=$ROOT/patches/xen-tools
	SERIES_BASE="Xen $XEN_DEBIAN_VERSION"
	MAKE_TREE="make xen-tree" MAKE_EXPORT="make xen-export"
else
	TREE=$KERNEL_TREE
	SERIES_FILE=$ROOT/series
	PATCH_DIR=$ROOT/patches
	SERIES_BASE="Linux $BASE_KERNEL_VERSION"
	MAKE_TREE="make tree" MAKE_EXPORT="make export"
fi

# die MESSAGE: one clear line naming the problem and the fix, then exit 1.
die() {
	echo "error: $*" >&2
	exit 1
}

info() {
	echo ">>> $*"
}

# series_patches: the patch files of $SERIES_FILE in order, relative to $PATCH_DIR.
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$SERIES_FILE"
}

# series_hash: one hash over the series file and every patch it lists.
series_hash() {
	{
		cat "$SERIES_FILE"
		series_patches | while read -r p; do cat "$PATCH_DIR/$p"; done
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
