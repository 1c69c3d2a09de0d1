#!/bin/bash
# Build a busybox initramfs for the test bed.
# Usage: mk-initramfs.sh OUT.cpio.gz INIT [--xen-tools=ROOT] [FILE=DEST ...]
#   INIT        the script that becomes /init
#   --xen-tools=ROOT  also carry the dom0 toolstack installed under ROOT
#               (build/xen-tools/ours or stock): xl, libxl-save-helper,
#               xenstored, xenconsoled, xen-init-dom0, the xenstore clients,
#               every Xen library of ROOT and /etc/xen, at the paths they
#               have in ROOT, so that dom0 never mixes two toolstacks
#   --xen-tools-aside=ROOT  also carry the xl, libxl-save-helper and Xen
#               libraries of a second toolstack in /opt/aside/{bin,lib}, for
#               testbed/aside.sh to run them in place of the first one
#   --modules=ROOT  also carry ROOT/lib/modules (a kernel's modules_install)
#   FILE=DEST   extra files to place at DEST inside the image
set -eu
. "$(dirname "$0")/../lib.sh"

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
	--xen-tools=*)
		root=${arg#--xen-tools=}
		libdir=$root/usr/lib/x86_64-linux-gnu
		ls "$libdir"/libxenguest.so.* >/dev/null 2>&1 || die "no Xen toolstack installed under $root"
		mkdir -p "$stage/usr/lib/x86_64-linux-gnu"
		cp -a "$libdir"/libxen*.so.* "$libdir"/libxlutil.so.* "$stage/usr/lib/x86_64-linux-gnu/"
		for prog in xl libxl-save-helper xenstored xenconsoled xen-init-dom0 xenstore-control \
			xenstore-read xenstore-write xenstore-ls xenstore-list; do
			f=$(find "$root/usr/lib/$XEN_LEAF/bin" "$root/usr/sbin" "$root/usr/bin" \
				-maxdepth 1 -type f -name "$prog" 2>/dev/null | head -1)
			[ -n "$f" ] || die "the toolstack under $root has no $prog"
			mkdir -p "$stage$(dirname "${f#"$root"}")"
			cp "$f" "$stage${f#"$root"}"
			# The machine's libraries it needs; Xen's own come from ROOT.
			for lib in $(LD_LIBRARY_PATH=$libdir ldd "$f" | grep -o '/[^ ]*' | grep -v "^$root/"); do
				[ -e "$stage$lib" ] || cp -L --parents "$lib" "$stage"
			done
		done
		# pthread_cancel() dlopens libgcc_s, which ldd does not list.
		copy_with_libs "$(find /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu -name libgcc_s.so.1 | head -1)"
		cp -a "$root/etc/xen" "$stage/etc/"
		;;
	--xen-tools-aside=*)
		root=${arg#--xen-tools-aside=}
		mkdir -p "$stage/opt/aside/bin" "$stage/opt/aside/lib"
		cp -a "$root/usr/lib/x86_64-linux-gnu"/libxen*.so.* \
			"$root/usr/lib/x86_64-linux-gnu"/libxlutil.so.* "$stage/opt/aside/lib/"
		for prog in xl libxl-save-helper; do
			f=$(find "$root/usr/lib/$XEN_LEAF/bin" "$root/usr/sbin" -maxdepth 1 -type f \
				-name "$prog" 2>/dev/null | head -1)
			[ -n "$f" ] || die "the toolstack under $root has no $prog"
			cp "$f" "$stage/opt/aside/bin/"
			# The machine's libraries it needs (ours links libnl, the stock one not).
			for lib in $(LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu ldd "$f" |
				grep -o '/[^ ]*' | grep -v "^$root/"); do
				[ -e "$stage$lib" ] || cp -L --parents "$lib" "$stage"
			done
		done
		;;
	--modules=*)
		cp -a "${arg#--modules=}/lib" "$stage/"
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
