#!/bin/bash
# Turn the pristine base kernel into the git tree $TREE whose first commit,
# tagged "base", is that kernel. Done once; later runs only check it.
#
# Source of the base, first match wins:
#   BASE_GIT=<kernel git checkout> [BASE_REF=<ref>]   an existing 6.12.y tree
#   BASE_TARBALL=<linux-6.12.N.tar.xz>                a kernel.org tarball
#   (default) Debian's $BASE_DEBIAN_PACKAGE at $BASE_DEBIAN_VERSION
set -eu
. "$(dirname "$0")/lib.sh"

if [ -n "${BASE_GIT:-}" ]; then
	git -C "$BASE_GIT" rev-parse --verify -q "${BASE_REF:-HEAD}^{commit}" >/dev/null ||
		die "BASE_GIT=$BASE_GIT has no commit ${BASE_REF:-HEAD}: point it at a kernel git checkout"
	origin="git $BASE_GIT $(git -C "$BASE_GIT" rev-parse "${BASE_REF:-HEAD}")"
elif [ -n "${BASE_TARBALL:-}" ]; then
	[ -f "$BASE_TARBALL" ] || die "BASE_TARBALL=$BASE_TARBALL does not exist: give the path of a linux-$BASE_KERNEL_VERSION tarball"
	origin="tarball $(basename "$BASE_TARBALL") $(sha256sum <"$BASE_TARBALL" | cut -c1-16)"
else
	have=$(dpkg-query -W -f='${Version}' "$BASE_DEBIAN_PACKAGE" 2>/dev/null || true)
	[ "$have" = "$BASE_DEBIAN_VERSION" ] ||
		die "$BASE_DEBIAN_PACKAGE ${have:-is not installed}${have:+ is installed, the series needs $BASE_DEBIAN_VERSION}: run 'apt-get install $BASE_DEBIAN_PACKAGE=$BASE_DEBIAN_VERSION' (or make, which does)"
	BASE_TARBALL=/usr/src/$BASE_DEBIAN_PACKAGE.tar.xz
	[ -f "$BASE_TARBALL" ] || die "$BASE_TARBALL is missing: reinstall $BASE_DEBIAN_PACKAGE"
	origin="debian $BASE_DEBIAN_PACKAGE $BASE_DEBIAN_VERSION"
fi

stamp=$TREE/.git/xenp2m-base
if [ -d "$TREE/.git" ]; then
	[ -f "$stamp" ] && git -C "$TREE" rev-parse -q --verify base >/dev/null ||
		die "$TREE exists but was not made by this tool: move it away, then run make again"
	[ "$(cat "$stamp")" = "$origin" ] ||
		die "$TREE was made from '$(cat "$stamp")', base.conf now asks for '$origin': run 'make export' if you have edits, then remove $TREE and run make"
	exit 0
fi
[ -e "$TREE" ] && die "$TREE exists and is not a git tree: move it away, then run make again"

tmp=$TREE.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
info "unpacking base ($origin)"
if [ -n "${BASE_GIT:-}" ]; then
	git -C "$BASE_GIT" archive "${BASE_REF:-HEAD}" | tar -x -C "$tmp"
else
	tar -xf "$BASE_TARBALL" -C "$tmp" --strip-components=1
fi

version=$(make -s -C "$tmp" kernelversion 2>/dev/null || true)
[ "$version" = "$BASE_KERNEL_VERSION" ] ||
	die "the base is Linux ${version:-<unknown>}, base.conf records $BASE_KERNEL_VERSION: use a $BASE_KERNEL_VERSION source or update base.conf (and refresh the series)"

info "recording base $version as the first commit of $TREE"
git -C "$tmp" init -q -b series
git -C "$tmp" config core.autocrlf false
git -C "$tmp" config gc.auto 0
git -C "$tmp" add -A -f .
git -C "$tmp" commit -q -m "Linux $version ($origin)"
git -C "$tmp" tag base
echo "$origin" >"$tmp/.git/xenp2m-base"
mv "$tmp" "$TREE"
