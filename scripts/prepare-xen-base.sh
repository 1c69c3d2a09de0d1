#!/bin/bash
# Turn Debian's xen source package ($XEN_DEBIAN_VERSION, Debian's own patches
# applied) into the git tree $XEN_TREE whose first commit, tagged "base", is
# that source: the base of the Xen tools series. Done once; later runs only
# check it.
set -eu
. "$(dirname "$0")/lib.sh"

origin="debian xen $XEN_DEBIAN_VERSION"
stamp=$XEN_TREE/.git/xenp2m-base
if [ -d "$XEN_TREE/.git" ]; then
	[ -f "$stamp" ] && git -C "$XEN_TREE" rev-parse -q --verify base >/dev/null ||
		die "$XEN_TREE exists but was not made by this tool: move it away, then run make again"
	[ "$(cat "$stamp")" = "$origin" ] ||
		die "$XEN_TREE was made from '$(cat "$stamp")', xen-base.conf now asks for '$origin': run 'make xen-export' if you have edits, then remove $XEN_TREE and run make"
	exit 0
fi
[ -e "$XEN_TREE" ] && die "$XEN_TREE exists and is not a git tree: move it away, then run make again"

dsc=$("$ROOT/scripts/fetch-xen-source.sh")
tmp=$XEN_TREE.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
info "unpacking the Xen tools series' base ($origin)"
dpkg-source -q -x "$dsc" "$tmp" >/dev/null 2>&1 || die "cannot unpack $dsc: check it with 'dpkg-source -x $dsc /tmp/x'"
rm -rf "$tmp/.pc"	# quilt's record of Debian's patches, not source
git -C "$tmp" init -q -b series
git -C "$tmp" config core.autocrlf false
git -C "$tmp" config gc.auto 0
git -C "$tmp" add -A -f .
git -C "$tmp" commit -q -m "Xen $XEN_DEBIAN_VERSION ($origin)"
git -C "$tmp" tag base
echo "$origin" >"$tmp/.git/xenp2m-base"
mv "$tmp" "$XEN_TREE"
