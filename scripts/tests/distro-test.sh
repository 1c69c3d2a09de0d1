#!/bin/bash
# make distro-test: Debian's cloud kernel with the series (make
# distro-package) as the PV domU of the nested test bed, with its modules
# from the package. A first domU loads KUnit's modules with modprobe (the
# backends' suites, xen-blkback-kunit and xen-netback-kunit): tier
# debian-kunit, judged by kunit.py. Then the steady
# migration scenario with our toolstack (scripts/tests/migrate-test.sh):
# tier debian-migrate, judged as the product's migrations are.
set -eu
. "$(dirname "$0")/../lib.sh"

pkgdir=$BUILD/distro-package
deb=
for f in "$pkgdir"/linux-image-*.deb; do
	case "$f" in *-dbg_*) ;; *) [ -f "$f" ] && deb=$f ;; esac
done
[ -n "$deb" ] || die "no linux-image package in $pkgdir: run make distro-package"

# The domU's root: the package's kernel and the modules the domU loads with
# what they need (modules.dep, made by depmod as the package's postinst
# does), uncompressed, since busybox's modprobe reads plain .ko files.
full=$pkgdir/unpacked root=$pkgdir/domu-root
rm -rf "$full" "$root"
dpkg-deb -x "$deb" "$full"
ver=$(ls "$full/lib/modules")
depmod -b "$full" "$ver"
mkdir -p "$root/boot" "$root/lib/modules/$ver"
cp "$full/boot/vmlinuz-$ver" "$root/boot/"
dep=$full/lib/modules/$ver/modules.dep
# closure MODULE...: the module files (paths in modules.dep) they need, themselves included.
closure() {
	local m line
	for m in "$@"; do
		line=$(grep -E "(^|/)$m\.ko(\.xz)?:" "$dep") || die "the package has no module $m"
		echo "${line%%:*}"
		# shellcheck disable=SC2086 # the dependencies are words
		[ -n "${line#*:}" ] && printf '%s\n' ${line#*:}
	done | sort -u
}
for f in $(closure kunit xen-blkfront xen-netfront xen-blkback-kunit xen-netback-kunit); do
	mkdir -p "$root/lib/modules/$ver/$(dirname "$f")"
	xz -dc "$full/lib/modules/$ver/$f" >"$root/lib/modules/$ver/${f%.xz}"
done
depmod -b "$root" "$ver"
info "domU: Debian's $ver, $(find "$root/lib/modules" -name '*.ko' | wc -l) modules"

status=0
MIGRATE_MATRIX=debian:ours MIGRATE_RUN=debian MIGRATE_ONLY=${MIGRATE_ONLY:-steady} \
	MIGRATE_JUDGE=debian/ours DEBIAN_ROOT=$root "$ROOT/scripts/tests/migrate-test.sh" || status=1
p=0 f=1 s=0
[ -f "$RESULTS/migrate.counts" ] && read -r p f s <"$RESULTS/migrate.counts"
count_file debian-migrate "$p" "$f" "$s"
rm -f "$RESULTS"/migrate.*
echo "debian-migrate: $p passed, $f failed"

# The KUnit domU's console, between its markers.
klog=$LOGS/debian-kunit.log
tr -d '\r' <"$LOGS/migration/debian-kunit-ours.console" 2>/dev/null |
	sed -n '/@@DOMU kunit-begin@@/,/@@DOMU kunit-end@@/p' | sed '1d;$d' >"$klog" || true
grep -h '@@DOMU error' "$LOGS/migration/debian-kunit-ours.console" 2>/dev/null && status=1
if ! grep -q 'xen_blkback_' "$klog" || ! grep -q 'xen_netback_' "$klog"; then
	echo "debian-kunit: the blkback or netback suites did not run (see $LOGS/migration/debian-kunit-ours.console)"
	count_file debian-kunit 0 1 0
	status=1
else
	"$ROOT/scripts/reports/kunit-judge.sh" debian-kunit "$klog" || status=1
fi
"$ROOT/scripts/reports/test-summary.sh" debian-kunit debian-migrate
exit $status
