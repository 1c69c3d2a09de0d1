#!/bin/bash
# Download Debian's xen source package at $XEN_DEBIAN_VERSION (stable/xen-4.17/xen-base.conf)
# into build/xen-src, once, adding deb-src entries for Debian's archive when
# apt has none. Prints the path of its .dsc; the hypervisor build unpacks it
# there, prepare-xen-base.sh unpacks it again as the Xen tools series' base.
set -eu
. "$(dirname "$0")/../lib.sh"

# Standard output carries only the resulting path; everything else goes to stderr.
exec 3>&1 1>&2

dir=$BUILD/xen-src
dsc=$dir/xen_${XEN_DEBIAN_VERSION#*:}.dsc
if [ -f "$dsc" ]; then
	echo "$dsc" >&3
	exit 0
fi
mkdir -p "$dir" "$LOGS"
log=$LOGS/fetch-xen-source.log
"$ROOT/scripts/trees/ensure-packages.sh" dpkg-dev

src_list=/etc/apt/sources.list.d/xen-p2m-series-src.sources
if ! apt-get source --print-uris "xen=$XEN_DEBIAN_VERSION" >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || die "no deb-src entry serves xen $XEN_DEBIAN_VERSION: add deb-src for bookworm, or run as root"
	cat >"$src_list" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt-get update -qq >>"$log" 2>&1 || true
fi
(cd "$dir" && apt-get source -qq --download-only "xen=$XEN_DEBIAN_VERSION") >>"$log" 2>&1 ||
	die "could not download Debian's xen source $XEN_DEBIAN_VERSION (see $log): check 'apt-cache showsrc xen' and XEN_DEBIAN_VERSION in stable/xen-4.17/xen-base.conf"
[ -f "$dsc" ] || die "apt-get source left no $dsc (see $log)"
echo "$dsc" >&3
