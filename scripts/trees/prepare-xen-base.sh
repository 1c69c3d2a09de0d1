#!/bin/bash
# Turn Debian's xen source package ($XEN_DEBIAN_VERSION, Debian's own patches
# applied) into the git tree $XEN_TREE whose first commit, tagged "base", is
# that source: the base of the Xen tools series. Done once; later runs only
# check it.
set -eu
. "$(dirname "$0")/../lib.sh"

origin="debian xen $XEN_DEBIAN_VERSION"
base_tree_ready "$XEN_TREE" "$origin" xen-base.conf "make xen-export" && exit 0

dsc=$("$ROOT/scripts/trees/fetch-xen-source.sh")
tmp=$XEN_TREE.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
info "unpacking the Xen tools series' base ($origin)"
dpkg-source -q -x "$dsc" "$tmp" >/dev/null 2>&1 || die "cannot unpack $dsc: check it with 'dpkg-source -x $dsc /tmp/x'"
rm -rf "$tmp/.pc"	# quilt's record of Debian's patches, not source
record_base "$tmp" "$XEN_TREE" "$origin" "Xen $XEN_DEBIAN_VERSION ($origin)"
