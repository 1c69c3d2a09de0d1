#!/bin/bash
# Turn the pristine base kernel into the git tree $TREE whose first commit,
# tagged "base", is that kernel. Done once; later runs only check it.
#
# The base of $LINUX_SERIES (lib.sh; base.conf for the upstream series,
# stable/linux-6.12/base.conf for the stable one). Its source, first match
# wins:
#   BASE_GIT=<kernel git checkout> [BASE_REF=<ref>]   an existing tree
#   BASE_TARBALL=<linux-N.tar.xz>                     a kernel.org tarball
#   (default) Debian's $BASE_DEBIAN_PACKAGE at $BASE_DEBIAN_VERSION: installed
#   when its suite is the machine's (ensure-packages.sh), else downloaded by
#   fetch-debian-package.sh and unpacked under build/, not installed
set -eu
. "$(dirname "$0")/../lib.sh"

if [ -n "${BASE_GIT:-}" ]; then
	git -C "$BASE_GIT" rev-parse --verify -q "${BASE_REF:-HEAD}^{commit}" >/dev/null ||
		die "BASE_GIT=$BASE_GIT has no commit ${BASE_REF:-HEAD}: point it at a kernel git checkout"
	origin="git $BASE_GIT $(git -C "$BASE_GIT" rev-parse "${BASE_REF:-HEAD}")"
elif [ -n "${BASE_TARBALL:-}" ]; then
	[ -f "$BASE_TARBALL" ] || die "BASE_TARBALL=$BASE_TARBALL does not exist: give the path of a linux-$BASE_KERNEL_VERSION tarball"
	origin="tarball $(basename "$BASE_TARBALL") $(sha256sum <"$BASE_TARBALL" | cut -c1-16)"
elif [ "$BASE_DEBIAN_SUITE" != bookworm ]; then
	deb=$("$ROOT/scripts/trees/fetch-debian-package.sh" "$BASE_DEBIAN_SUITE" "$BASE_DEBIAN_PACKAGE" "$BASE_DEBIAN_VERSION")
	BASE_TARBALL=$deb.d/usr/src/$BASE_DEBIAN_PACKAGE.tar.xz
	if [ ! -f "$BASE_TARBALL" ]; then
		rm -rf "$deb.d"
		dpkg-deb -x "$deb" "$deb.d" || die "cannot unpack $deb: remove it and run make again"
	fi
	[ -f "$BASE_TARBALL" ] || die "$deb holds no usr/src/$BASE_DEBIAN_PACKAGE.tar.xz: is $BASE_DEBIAN_PACKAGE a kernel source package?"
	origin="debian $BASE_DEBIAN_PACKAGE $BASE_DEBIAN_VERSION"
else
	have=$(dpkg-query -W -f='${Version}' "$BASE_DEBIAN_PACKAGE" 2>/dev/null || true)
	[ "$have" = "$BASE_DEBIAN_VERSION" ] ||
		die "$BASE_DEBIAN_PACKAGE ${have:-is not installed}${have:+ is installed, the series needs $BASE_DEBIAN_VERSION}: run 'apt-get install $BASE_DEBIAN_PACKAGE=$BASE_DEBIAN_VERSION' (or make, which does)"
	BASE_TARBALL=/usr/src/$BASE_DEBIAN_PACKAGE.tar.xz
	[ -f "$BASE_TARBALL" ] || die "$BASE_TARBALL is missing: reinstall $BASE_DEBIAN_PACKAGE"
	origin="debian $BASE_DEBIAN_PACKAGE $BASE_DEBIAN_VERSION"
fi

conf=base.conf
[ "$LINUX_SERIES" = linux ] || conf=stable/$LINUX_SERIES/base.conf
base_tree_ready "$TREE" "$origin" "$conf" "$MAKE_EXPORT" && exit 0

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
	die "the base is Linux ${version:-<unknown>}, $conf records $BASE_KERNEL_VERSION: use a $BASE_KERNEL_VERSION source or update $conf (and refresh the series)"

info "recording base $version as the first commit of $TREE"
record_base "$tmp" "$TREE" "$origin" "Linux $version ($origin)"
