#!/bin/bash
# The stock dom0 toolstack, the baseline: Debian's own binary packages of
# xen $XEN_DEBIAN_VERSION (the source our toolstack is built from), unpacked
# with dpkg-deb into build/xen-tools/stock, not installed, so that the
# machine's own Xen packages stay as they are. Prints the path of the root.
set -eu
. "$(dirname "$0")/../lib.sh"

# Standard output carries only the resulting path; everything else goes to stderr.
exec 3>&1 1>&2

out=$BUILD/xen-tools/stock
if [ "$(cat "$out/.version" 2>/dev/null)" = "$XEN_DEBIAN_VERSION" ]; then
	echo "$out" >&3
	exit 0
fi
# What dom0 runs: xl, the helpers and daemons, their libraries, the xenstore clients;
# the headers, for the test bed's own reader of a domU's p2m export.
packages=(xen-utils-4.17 xen-utils-common xenstore-utils libxen-dev libxenmisc4.17 libxencall1
	libxendevicemodel1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxenstore4
	libxentoolcore1 libxentoollog1 libxenhypfs1)
debs=$BUILD/xen-tools/stock-debs
log=$LOGS/stock-xen-tools.log
rm -rf "$out" "$debs"
mkdir -p "$debs" "$LOGS"
(cd "$debs" && apt-get download "${packages[@]/%/=$XEN_DEBIAN_VERSION}") >"$log" 2>&1 ||
	die "cannot download Debian's xen $XEN_DEBIAN_VERSION packages (see $log): check 'apt-cache policy xen-utils-4.17'"
for deb in "$debs"/*.deb; do
	dpkg-deb -x "$deb" "$out" || die "cannot unpack $deb"
done
echo "$XEN_DEBIAN_VERSION" >"$out/.version"
echo "$out" >&3
