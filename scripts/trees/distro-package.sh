#!/bin/bash
# make distro-package: the patched tree built as Debian builds its cloud
# kernel: Debian's cloud-amd64 config (linux-config-6.12) without Debian's
# signing keys, KUnit as a module with the backends' suites (built into
# xen-blkback.ko and xen-netback.ko) and KUnit's debugfs, no debug info
# (Debian's own build makes a separate -dbg package of it; here it would
# double the build for nothing the tests read), olddefconfig, then the
# kernel's own `make bindeb-pkg`, out of tree. The packages land in
# build/distro-package/, the build time in build/distro-package/build-seconds.
set -eu
. "$(dirname "$0")/../lib.sh"

cfg=$(debian_config cloud-amd64)
[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree first"
# What the kernel's debian/control asks for to build (dpkg-checkbuilddeps).
"$ROOT/scripts/trees/ensure-packages.sh" dpkg-dev debhelper rsync
out=$BUILD/distro-package
obj=$out/obj
mkdir -p "$obj" "$LOGS"
xzcat "$cfg" >"$obj/.config"
"$TREE/scripts/config" --file "$obj/.config" \
	--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	--module KUNIT --enable KUNIT_DEBUGFS \
	--module XEN_BLKDEV_BACKEND_KUNIT_TEST --module XEN_NETDEV_BACKEND_KUNIT_TEST \
	--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --disable DEBUG_INFO_DWARF4 \
	--disable DEBUG_INFO_DWARF5 --enable DEBUG_INFO_NONE
make -C "$TREE" O="$obj" olddefconfig >/dev/null
for want in CONFIG_KUNIT=m CONFIG_XEN_BLKDEV_BACKEND=m CONFIG_XEN_NETDEV_BACKEND=m \
	CONFIG_XEN_BLKDEV_BACKEND_KUNIT_TEST=m CONFIG_XEN_NETDEV_BACKEND_KUNIT_TEST=m; do
	grep -qx "$want" "$obj/.config" || die "$want did not make it into $obj/.config (Debian's config changed?)"
done

log=$LOGS/distro-package.log
rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes
info "building Debian packages of the cloud-amd64 kernel with the series (log: $log)"
start=$(date +%s)
make -C "$TREE" O="$obj" -j"$JOBS" bindeb-pkg >"$log" 2>&1 ||
	{ grep -E 'error|Error' "$log" | head -5 >&2; die "make bindeb-pkg failed (full log: $log)"; }
echo $(($(date +%s) - start)) >"$out/build-seconds"
# modpost saw the whole kernel here (make distro-check cannot link one):
# nothing may be said of the modules the series touches.
if grep -E '(WARNING|ERROR): modpost: .*(xen-blkback|xen-netback)' "$log"; then
	die "modpost has the lines above about the series' modules (full log: $log)"
fi
info "modpost: $(grep -cE '(WARNING|ERROR): modpost: ' "$log") messages in all, none about xen-blkback or xen-netback"
info "bindeb-pkg took $(cat "$out/build-seconds") s:"
ls "$out"/*.deb
