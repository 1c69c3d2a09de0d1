#!/bin/bash
# Build a busybox initramfs for the test bed.
# Usage: mk-initramfs.sh OUT.cpio.gz INIT [--xen-tools] [FILE=DEST ...]
#   INIT        the script that becomes /init
#   --xen-tools also carry xl, oxenstored, xenconsoled and the rest of the
#               dom0 toolstack, copied from the installed xen-utils-4.17
#   FILE=DEST   extra files to place at DEST inside the image
set -eu
. "$(dirname "$0")/lib.sh"

out=$1 init=$2
shift 2
busybox=/bin/busybox
file "$busybox" 2>/dev/null | grep -q 'statically linked' || busybox=/usr/bin/busybox
[ -x "$busybox" ] || die "busybox is missing: apt-get install busybox-static"

stage=$(mktemp -d "$BUILD/initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,etc,proc,sys,dev,run,tmp,root,boot,var/lib,var/log}
ln -s ../run "$stage/var/run"
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
install -m 755 "$init" "$stage/init"

# copy_with_libs FILE...: copy binaries and every shared library they load.
copy_with_libs() {
	local f lib
	for f in "$@"; do
		cp -L --parents "$f" "$stage"
		for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
			[ -e "$stage$lib" ] || cp -L --parents "$lib" "$stage"
		done
	done
}

for arg in "$@"; do
	case "$arg" in
	--xen-tools)
		dpkg-query -W xen-utils-4.17 >/dev/null 2>&1 || die "xl is missing: apt-get install xen-utils-4.17"
		xb=/usr/lib/xen-4.17/bin
		copy_with_libs $xb/xl $xb/oxenstored $xb/xenconsoled $xb/xen-init-dom0 \
			$xb/libxl-save-helper $xb/xenstore-control /usr/bin/xenstore-read \
			/usr/bin/xenstore-write /usr/bin/xenstore-ls /usr/bin/xenstore-list
		# pthread_cancel() dlopens libgcc_s, which ldd does not list.
		copy_with_libs "$(find /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu -name libgcc_s.so.1 | head -1)"
		cp -a --parents /etc/xen "$stage"
		;;
	*=*)
		mkdir -p "$stage/$(dirname "${arg#*=}")"
		cp -L "${arg%%=*}" "$stage/${arg#*=}"
		;;
	*) die "mk-initramfs.sh: unknown argument '$arg'" ;;
	esac
done

(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
