# shellcheck shell=bash
# Shared paths and helpers for the scripts in this folder. Sourced, never run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
KERNEL_TREE=$BUILD/tree          # base + the Linux series as git commits; the editable tree
OBJ=$BUILD/obj/patched           # out-of-tree build of $KERNEL_TREE
RESULTS=$BUILD/results           # per-tier counts and machine-readable results
LOGS=$BUILD/logs                 # console logs of every run
JOBS=${JOBS:-$(nproc)}
# Our toolstack is built for the test bed, with the test knobs of the Xen
# tools series (-DXG_SR_TEST_KNOBS; a production build has none). The bisect
# builds in the same worktree with the same flags, so that no build mixes
# objects made with and without them.
XEN_TOOLS_MAKE_FLAGS=(EXTRA_CFLAGS_XEN_TOOLS=-DXG_SR_TEST_KNOBS)

# Commits made by the tooling (the base commit, git am) need an identity.
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-xen-p2m-series}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-xen-p2m-series@localhost}
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-$GIT_COMMITTER_NAME}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-$GIT_COMMITTER_EMAIL}

# shellcheck source=../base.conf
. "$ROOT/base.conf"
# shellcheck source=../xen-base.conf
. "$ROOT/xen-base.conf"
# shellcheck source=../stable/xen-4.17/xen-base.conf
. "$ROOT/stable/xen-4.17/xen-base.conf"

# The Xen series exists twice: upstream, on Xen staging (patches/xen-tools/,
# XEN_SERIES=xen), and its backport to Xen 4.17.5 (stable/xen-4.17/,
# XEN_SERIES=xen-4.17). XEN_TREE, XEN_BUILD (the build worktree), XEN_OURS
# (where our toolstack is installed) and XEN_BASE_NAME are those of
# XEN_SERIES; SERIES=xen or SERIES=xen-4.17 selects it too. The nested test
# bed's hypervisor and both toolstacks are one Xen, XEN_TESTBED_SERIES
# (xen-base.conf), which is also the default.
case ${SERIES:-linux} in
linux) ;;
xen | xen-4.17) XEN_SERIES=$SERIES ;;
*) echo "error: SERIES=$SERIES: the series are linux, xen (upstream) and xen-4.17 (stable)" >&2; exit 1 ;;
esac
XEN_SERIES=${XEN_SERIES:-$XEN_TESTBED_SERIES}
case $XEN_SERIES in
xen)
	XEN_TREE=$BUILD/xen-tree
	XEN_BUILD=$BUILD/xen-build
	XEN_OURS=$BUILD/xen-tools/ours-upstream
	XEN_PATCH_DIR=$ROOT/patches/xen-tools
	XEN_BASE_NAME="Xen staging $XEN_UPSTREAM_COMMIT ($XEN_UPSTREAM_VERSION)"
	XEN_TOOLS_LEAF=xen
	XEN_MAKE_SUFFIX=
	;;
xen-4.17)
	XEN_TREE=$BUILD/xen-4.17-tree
	XEN_BUILD=$BUILD/xen-4.17-build
	XEN_OURS=$BUILD/xen-tools/ours
	XEN_PATCH_DIR=$ROOT/stable/xen-4.17
	XEN_BASE_NAME="Xen $XEN_DEBIAN_VERSION"
	XEN_TOOLS_LEAF=$XEN_LEAF
	XEN_MAKE_SUFFIX=-4.17
	;;
*) echo "error: XEN_SERIES=$XEN_SERIES: the Xen series are xen (upstream) and xen-4.17 (stable)" >&2; exit 1 ;;
esac
# The upstream series a stable series' patches are backports of.
UPSTREAM_XEN_PATCH_DIR=$ROOT/patches/xen-tools

# The series. SERIES=xen or SERIES=xen-4.17 in the environment points TREE
# and the helpers below at that Xen series (its folder's series file, paths
# relative to the folder); the default is the Linux one (./series, relative
# to patches/).
if [ "${SERIES:-linux}" != linux ]; then
	TREE=$XEN_TREE
	SERIES_FILE=$XEN_PATCH_DIR/series
	PATCH_DIR=$XEN_PATCH_DIR
	SERIES_BASE=$XEN_BASE_NAME
	MAKE_TREE="make xen-tree$XEN_MAKE_SUFFIX" MAKE_EXPORT="make xen-export$XEN_MAKE_SUFFIX"
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

# base_tree_ready TREE ORIGIN CONF EXPORT: true when TREE is the base tree
# made from ORIGIN; fails, saying what to do, when it is anything else;
# false when there is no TREE yet. CONF names the file that asks for ORIGIN,
# EXPORT the make target that keeps edits.
base_tree_ready() {
	local stamp=$1/.git/xenp2m-base
	if [ -d "$1/.git" ]; then
		[ -f "$stamp" ] && git -C "$1" rev-parse -q --verify base >/dev/null ||
			die "$1 exists but was not made by this tool: move it away, then run make again"
		[ "$(cat "$stamp")" = "$2" ] ||
			die "$1 was made from '$(cat "$stamp")', $3 now asks for '$2': run '$4' if you have edits, then remove $1 and run make"
		return 0
	fi
	[ -e "$1" ] && die "$1 exists and is not a git tree: move it away, then run make again"
	return 1
}

# record_base DIR TREE ORIGIN MESSAGE: commit DIR's files as the first
# commit (MESSAGE), tagged "base", on branch "series", and move DIR to TREE.
record_base() {
	git -C "$1" init -q -b series
	git -C "$1" config core.autocrlf false
	git -C "$1" config gc.auto 0
	git -C "$1" add -A -f .
	git -C "$1" commit -q -m "$4"
	git -C "$1" tag base
	echo "$3" >"$1/.git/xenp2m-base"
	mv "$1" "$2"
}

# worktree_at REPO WORKTREE COMMIT: WORKTREE is a worktree of REPO with
# COMMIT checked out (detached); only changed files are touched, so builds
# in it stay incremental.
worktree_at() {
	[ "$(git -C "$2" rev-parse HEAD 2>/dev/null)" = "$3" ] && return 0
	if [ -d "$2" ]; then
		git -C "$2" checkout -q --detach "$3"
	else
		git -C "$1" worktree prune
		git -C "$1" worktree add -q --detach "$2" "$3"
	fi
}

# debian_config FLAVOUR: the path of Debian's config of FLAVOUR (amd64,
# cloud-amd64) for the base's version, from the package linux-config-6.12
# (installed when missing, as make installs what it needs); dies naming
# what to install when it cannot be had at that version.
debian_config() {
	local pkg=linux-config-${BASE_KERNEL_VERSION%.*} have cfg
	"$ROOT/scripts/trees/ensure-packages.sh" "$pkg=$BASE_DEBIAN_VERSION" >&2 || exit 1
	have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
	[ "$have" = "$BASE_DEBIAN_VERSION" ] ||
		die "$pkg ${have:-is not installed}${have:+ is installed, the base is $BASE_DEBIAN_VERSION}: run 'apt-get install $pkg=$BASE_DEBIAN_VERSION'"
	cfg=/usr/src/$pkg/config.amd64_none_$1.xz
	[ -f "$cfg" ] || die "$cfg is missing: reinstall $pkg (flavours: amd64, cloud-amd64)"
	echo "$cfg"
}
