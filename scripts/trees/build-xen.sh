#!/bin/bash
# Build and cache a Xen 4.17 hypervisor with CONFIG_SHADOW_PAGING=y, which PV
# log-dirty (live migration, checkpoints) needs and Debian's build lacks.
# Source: Debian's xen source package at $XEN_DEBIAN_VERSION (stable/xen-4.17/xen-base.conf),
# config: Debian's /boot config plus shadow paging. Prints the image's path.
set -eu
. "$(dirname "$0")/../lib.sh"

# Standard output carries only the resulting path; everything else goes to stderr.
exec 3>&1 1>&2

out=$BUILD/testbed/xen-4.17-shadow
stamp=$out.version
if [ -f "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$XEN_DEBIAN_VERSION" ]; then
	echo "$out" >&3
	exit 0
fi
config=/boot/xen-4.17-amd64.config
[ -f "$config" ] || die "no $config: apt-get install xen-hypervisor-4.17-amd64"
"$ROOT/scripts/trees/ensure-packages.sh" dpkg-dev build-essential bison flex python3
dsc=$("$ROOT/scripts/trees/fetch-xen-source.sh")
src=$BUILD/xen-src/hypervisor
log=$LOGS/build-xen.log
mkdir -p "$(dirname "$out")" "$LOGS"
if [ ! -f "$src/xen/Makefile" ]; then
	rm -rf "$src"
	dpkg-source -x "$dsc" "$src" >"$log" 2>&1 || die "cannot unpack $dsc (see $log)"
fi

info "building the Xen $XEN_DEBIAN_VERSION hypervisor with CONFIG_SHADOW_PAGING=y (log: $log)"
cp "$config" "$src/xen/.config"
echo "CONFIG_SHADOW_PAGING=y" >>"$src/xen/.config"
make -C "$src/xen" olddefconfig >>"$log" 2>&1 || die "Xen olddefconfig failed (see $log)"
grep -qx "CONFIG_SHADOW_PAGING=y" "$src/xen/.config" || die "CONFIG_SHADOW_PAGING=y did not take in Xen's config (see $src/xen/.config)"
make -C "$src/xen" -j"$JOBS" >>"$log" 2>&1 || die "Xen build failed (see $log)"
cp "$src/xen/xen" "$out"
echo "$XEN_DEBIAN_VERSION" >"$stamp"
echo "$out" >&3
