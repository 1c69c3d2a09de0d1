# shellcheck shell=bash
# Shared paths and helpers for the scripts in this folder. Sourced, never run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
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

# Four series: the Linux one and the Xen one, each upstream (SERIES=linux
# on Linux 7.2: ./series and patches/<area>/; SERIES=xen on Xen staging:
# patches/xen-tools/) and backported to a stable base (SERIES=linux-6.12:
# stable/linux-6.12/; SERIES=xen-4.17: stable/xen-4.17/). The nested test
# bed runs one of each, LINUX_TESTBED_SERIES and XEN_TESTBED_SERIES
# (testbed.conf), which are also the defaults when SERIES is unset: a
# script that builds or boots the test bed's kernel or toolstack needs no
# SERIES. LINUX_SERIES and XEN_SERIES name the Linux and the Xen series in
# use; KERNEL_TREE, OBJ and the BASE_* of base.conf are those of
# LINUX_SERIES, XEN_TREE, XEN_BUILD, XEN_OURS and XEN_BASE_NAME those of
# XEN_SERIES.
# shellcheck source=../testbed.conf
. "$ROOT/testbed.conf"
# shellcheck source=../xen-base.conf
. "$ROOT/xen-base.conf"
case ${SERIES:-} in
"") ;;
linux | linux-6.12) LINUX_SERIES=$SERIES ;;
xen | xen-4.17) XEN_SERIES=$SERIES ;;
*) echo "error: SERIES=$SERIES: the series are linux and xen (upstream), linux-6.12 and xen-4.17 (stable)" >&2; exit 1 ;;
esac
LINUX_SERIES=${LINUX_SERIES:-$LINUX_TESTBED_SERIES}
XEN_SERIES=${XEN_SERIES:-$XEN_TESTBED_SERIES}

case $LINUX_SERIES in
linux)
	# shellcheck source=../base.conf
	. "$ROOT/base.conf"
	KERNEL_TREE=$BUILD/tree              # base + the Linux series as git commits; the editable tree
	OBJ=$BUILD/obj/upstream              # out-of-tree build of $KERNEL_TREE
	LINUX_SERIES_FILE=$ROOT/series
	LINUX_PATCH_DIR=$ROOT/patches
	LINUX_MAKE_SUFFIX=
	;;
linux-6.12)
	# shellcheck source=../stable/linux-6.12/base.conf
	. "$ROOT/stable/linux-6.12/base.conf"
	KERNEL_TREE=$BUILD/linux-6.12-tree
	OBJ=$BUILD/obj/patched               # the test bed's kernel
	LINUX_SERIES_FILE=$ROOT/stable/linux-6.12/series
	LINUX_PATCH_DIR=$ROOT/stable/linux-6.12
	LINUX_MAKE_SUFFIX=-6.12
	;;
*) echo "error: LINUX_TESTBED_SERIES=$LINUX_SERIES: the Linux series are linux (upstream) and linux-6.12 (stable)" >&2; exit 1 ;;
esac

# shellcheck source=../stable/xen-4.17/xen-base.conf
. "$ROOT/stable/xen-4.17/xen-base.conf"
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
*) echo "error: XEN_TESTBED_SERIES=$XEN_SERIES: the Xen series are xen (upstream) and xen-4.17 (stable)" >&2; exit 1 ;;
esac

# The series the helpers below (series_patches, series_hash, tree_is_clean)
# and the tree scripts work on: SERIES's, or the test bed's Linux series.
# UPSTREAM_SERIES_FILE and UPSTREAM_PATCH_DIR are those of the upstream
# series a stable series is the backport of (its own for an upstream one).
case ${SERIES:-$LINUX_SERIES} in
linux*)
	SERIES=$LINUX_SERIES
	TREE=$KERNEL_TREE
	SERIES_FILE=$LINUX_SERIES_FILE
	PATCH_DIR=$LINUX_PATCH_DIR
	SERIES_BASE="Linux $BASE_KERNEL_VERSION"
	UPSTREAM_SERIES_FILE=$ROOT/series
	UPSTREAM_PATCH_DIR=$ROOT/patches
	MAKE_TREE="make tree$LINUX_MAKE_SUFFIX" MAKE_EXPORT="make export$LINUX_MAKE_SUFFIX"
	;;
xen*)
	TREE=$XEN_TREE
	SERIES_FILE=$XEN_PATCH_DIR/series
	PATCH_DIR=$XEN_PATCH_DIR
	SERIES_BASE=$XEN_BASE_NAME
	UPSTREAM_SERIES_FILE=$ROOT/patches/xen-tools/series
	UPSTREAM_PATCH_DIR=$ROOT/patches/xen-tools
	MAKE_TREE="make xen-tree$XEN_MAKE_SUFFIX" MAKE_EXPORT="make xen-export$XEN_MAKE_SUFFIX"
	;;
esac

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

# upstream_patch NAME: the entry of the upstream series (relative to
# $UPSTREAM_PATCH_DIR) whose file is called NAME, if it has one.
upstream_patch() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$UPSTREAM_SERIES_FILE" 2>/dev/null |
		grep -m1 -E "(^|/)$(sed 's/[.[\*^$]/\\&/g' <<<"$1")\$" || true
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
