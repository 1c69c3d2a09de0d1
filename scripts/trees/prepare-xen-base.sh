#!/bin/bash
# Make the git tree $XEN_TREE whose first commit, tagged "base", is the Xen
# source the Xen series of $XEN_SERIES applies to (see lib.sh): for the
# upstream series, Xen staging from the tarball xen-base.conf names, checked
# against its sha256; for the stable one, Debian's xen source package
# ($XEN_DEBIAN_VERSION, Debian's own patches applied). Done once; later runs
# only check it.
set -eu
. "$(dirname "$0")/../lib.sh"

tmp=$XEN_TREE.tmp
if [ "$XEN_SERIES" = xen ]; then
	origin="xen staging $XEN_UPSTREAM_COMMIT $XEN_UPSTREAM_SHA256"
	base_tree_ready "$XEN_TREE" "$origin" xen-base.conf "make xen-export" && exit 0
	# XEN_UPSTREAM_TARBALL_DIR, else shared/bases/ in the checkout's parent
	# folder or the nearest folder above it that has one (a clone may sit
	# deeper than the checkout the bases were put beside).
	dir=${XEN_UPSTREAM_TARBALL_DIR:-} where=
	if [ -z "$dir" ]; then
		where=" (nor in shared/bases/ of any folder above the checkout)"
		up=$(dirname "$ROOT")
		while [ ! -f "$up/shared/bases/$XEN_UPSTREAM_TARBALL" ] && [ "$up" != / ]; do
			up=$(dirname "$up")
		done
		dir=$up/shared/bases
		[ -f "$dir/$XEN_UPSTREAM_TARBALL" ] || dir=$(dirname "$ROOT")/shared/bases
	fi
	tarball=$dir/$XEN_UPSTREAM_TARBALL
	[ -f "$tarball" ] ||
		die "no $tarball$where: put Xen staging at $XEN_UPSTREAM_COMMIT there (git archive --prefix=xen-$XEN_UPSTREAM_COMMIT/ $XEN_UPSTREAM_COMMIT | xz), or set XEN_UPSTREAM_TARBALL_DIR to its folder"
	sum=$(sha256sum "$tarball" | cut -d' ' -f1)
	[ "$sum" = "$XEN_UPSTREAM_SHA256" ] ||
		die "$tarball has sha256 $sum, xen-base.conf asks for $XEN_UPSTREAM_SHA256: fetch Xen staging at $XEN_UPSTREAM_COMMIT again, or change xen-base.conf if the base moved on purpose"
	rm -rf "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp"
	info "unpacking the upstream Xen series' base (Xen staging $XEN_UPSTREAM_COMMIT)"
	tar -xJf "$tarball" -C "$tmp" --strip-components=1 || die "cannot unpack $tarball: check it with 'tar -tJf $tarball'"
	[ -f "$tmp/xen/Makefile" ] || die "$tarball holds no Xen source (no xen/Makefile under its top folder)"
	record_base "$tmp" "$XEN_TREE" "$origin" "Xen staging $XEN_UPSTREAM_COMMIT ($XEN_UPSTREAM_VERSION, $XEN_UPSTREAM_TARBALL)"
	exit 0
fi

origin="debian xen $XEN_DEBIAN_VERSION"
base_tree_ready "$XEN_TREE" "$origin" stable/xen-4.17/xen-base.conf "make xen-export-4.17" && exit 0

dsc=$("$ROOT/scripts/trees/fetch-xen-source.sh")
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
info "unpacking the stable Xen series' base ($origin)"
dpkg-source -q -x "$dsc" "$tmp" >/dev/null 2>&1 || die "cannot unpack $dsc: check it with 'dpkg-source -x $dsc /tmp/x'"
rm -rf "$tmp/.pc"	# quilt's record of Debian's patches, not source
record_base "$tmp" "$XEN_TREE" "$origin" "Xen $XEN_DEBIAN_VERSION ($origin)"
