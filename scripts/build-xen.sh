#!/bin/bash
# Build and cache a Xen 4.17 hypervisor with CONFIG_SHADOW_PAGING=y, which PV
# log-dirty (live migration, checkpoints) needs and Debian's build lacks.
# Source: Debian's xen source package at the installed hypervisor's version,
# config: Debian's /boot config plus shadow paging. Prints the image's path.
set -eu
. "$(dirname "$0")/lib.sh"

# Standard output carries only the resulting path; everything else goes to stderr.
exec 3>&1 1>&2

want=$(dpkg-query -W -f='${Version}' xen-hypervisor-4.17-amd64 2>/dev/null) ||
	die "xen-hypervisor-4.17-amd64 is not installed: apt-get install xen-hypervisor-4.17-amd64"
dir=$BUILD/xen-src
out=$BUILD/testbed/xen-4.17-shadow
stamp=$out.version
if [ -f "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	echo "$out" >&3
	exit 0
fi
mkdir -p "$dir" "$LOGS" "$(dirname "$out")"
log=$LOGS/build-xen.log

# apt-get source needs deb-src entries; add them for Debian's own archive.
src_list=/etc/apt/sources.list.d/xen-p2m-series-src.sources
if ! apt-get source --print-uris "xen=$want" >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || die "no deb-src entry for xen: add one (deb-src for bookworm and bookworm-security), or run as root"
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
"$ROOT/scripts/ensure-packages.sh" dpkg-dev build-essential bison flex python3

# The installed version first; the archive may only serve an older 4.17 source
# (measured: bookworm-security's is missing, bookworm's 4.17.5 builds and
# migrates with the 4.17.7 tools).
src=$(find "$dir" -maxdepth 1 -type d -name "xen-4.17*" | head -1)
if [ -z "$src" ]; then
	for v in "$want" $(apt-cache showsrc xen 2>/dev/null | sed -n 's/^Version: //p' | grep '^4\.17\.'); do
		(cd "$dir" && apt-get source -qq "xen=$v") >>"$log" 2>&1 && break
		rm -rf "${dir:?}"/*
	done
	src=$(find "$dir" -maxdepth 1 -type d -name "xen-4.17*" | head -1)
fi
[ -n "$src" ] || die "could not fetch any Debian xen 4.17 source (see $log): check 'apt-get source --print-uris xen'"

info "building $(basename "$src") with CONFIG_SHADOW_PAGING=y (log: $log)"
cp /boot/xen-4.17-amd64.config "$src/xen/.config"
echo "CONFIG_SHADOW_PAGING=y" >>"$src/xen/.config"
make -C "$src/xen" olddefconfig >>"$log" 2>&1 || die "Xen olddefconfig failed (see $log)"
grep -qx "CONFIG_SHADOW_PAGING=y" "$src/xen/.config" || die "CONFIG_SHADOW_PAGING=y did not take in Xen's config (see $src/xen/.config)"
make -C "$src/xen" -j"$JOBS" >>"$log" 2>&1 || die "Xen build failed (see $log)"
cp "$src/xen/xen" "$out"
echo "$want" >"$stamp"
echo "$out" >&3
