#!/bin/bash
# Build "our" dom0 toolstack: the Xen tools of $XEN_TREE (the Xen series of
# $XEN_SERIES on its base, see lib.sh), configured with Debian's paths, and
# install what the test bed's dom0 runs (the libraries, xl,
# libxl-save-helper, xenstored, xenconsoled, xen-init-dom0, the xenstore
# clients, /etc/xen) into $XEN_OURS. The build runs in the worktree
# $XEN_BUILD of $XEN_TREE at its HEAD, so that it is incremental and the
# editable tree stays clean; with the series' test knobs
# (XEN_TOOLS_MAKE_FLAGS, scripts/lib.sh).
# Prints the path of the installed root.
set -eu
. "$(dirname "$0")/../lib.sh"

# Standard output carries only the resulting path; everything else goes to stderr.
exec 3>&1 1>&2

[ -d "$XEN_TREE/.git" ] || die "no Xen tree at $XEN_TREE: run make first"
"$ROOT/scripts/trees/ensure-packages.sh" build-essential autoconf autotools-dev pkg-config \
	bison flex python3-dev acpica-tools uuid-dev zlib1g-dev liblzma-dev libzstd-dev \
	libyajl-dev libjson-c-dev libncurses-dev libnl-3-dev libnl-route-3-dev
head=$(git -C "$XEN_TREE" rev-parse HEAD)
wt=$XEN_BUILD
out=$XEN_OURS
log=$LOGS/build-xen-tools-$XEN_SERIES.log
mkdir -p "$LOGS"
if [ -f "$out/.built-from" ] && [ "$(cat "$out/.built-from")" = "$head" ]; then
	echo "$out" >&3
	exit 0
fi
worktree_at "$XEN_TREE" "$wt" "$head"

start=$(date +%s)
info "building the Xen tools of $XEN_TREE ($(git -C "$XEN_TREE" rev-list --count base..HEAD) patches; log: $log)"
: >"$log"
if [ ! -f "$wt/config/Tools.mk" ]; then
	# Debian's source drops these (they are regenerated at build time).
	if [ ! -f "$wt/config.sub" ]; then
		cp /usr/share/misc/config.sub /usr/share/misc/config.guess "$wt/"
		(cd "$wt" && ./autogen.sh) >>"$log" 2>&1 || die "Xen's autogen.sh failed (see $log)"
	fi
	# Debian's paths (debian/rules), without what a PV test bed does not use.
	(cd "$wt" && ./configure --prefix=/usr --includedir=/usr/include \
		--libdir=/usr/lib/x86_64-linux-gnu --with-libexec-libdir-suffix=/x86_64-linux-gnu \
		--sysconfdir=/etc --localstatedir=/var --with-libexec-leaf-dir="$XEN_TOOLS_LEAF" \
		--disable-xen --disable-docs --disable-stubdom --disable-qemu-traditional \
		--disable-rombios --disable-seabios --disable-ipxe --disable-ovmf --disable-pvshim \
		--disable-ocamltools --disable-golang --disable-xsmpolicy --disable-monitors \
		--with-xenstored=xenstored --with-system-qemu=/usr/bin/qemu-system-i386) \
		>>"$log" 2>&1 || die "Xen's configure failed (see $log)"
fi
# Xen 4.19 split tools/xenstore into xenstored and xs-clients.
if [ -d "$wt/tools/xenstore" ]; then
	dirs=(libs xenstore console helpers xl examples)
else
	dirs=(libs xenstored xs-clients console helpers xl examples)
fi
make -C "$wt/tools" -j"$JOBS" "${XEN_TOOLS_MAKE_FLAGS[@]}" subdir-all-include >>"$log" 2>&1 || die "Xen tools build failed in include (see $log)"
for d in "${dirs[@]}"; do
	make -C "$wt/tools" -j"$JOBS" "${XEN_TOOLS_MAKE_FLAGS[@]}" "subdir-all-$d" >>"$log" 2>&1 ||
		die "Xen tools build failed in tools/$d (see $log)"
done
rm -rf "$out"
for d in "${dirs[@]}"; do
	make -C "$wt/tools/$d" "${XEN_TOOLS_MAKE_FLAGS[@]}" install DESTDIR="$out" >>"$log" 2>&1 ||
		die "Xen tools install failed in tools/$d (see $log)"
done
echo "$head" >"$out/.built-from"
info "Xen tools built and installed in $(($(date +%s) - start)) s: $out"
echo "$out" >&3
