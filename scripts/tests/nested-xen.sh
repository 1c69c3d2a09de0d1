#!/bin/bash
# Boot the nested test bed once: Xen 4.17 inside QEMU TCG, our bzImage as PV
# dom0 with a busybox initramfs carrying one Xen toolstack, the domU images
# (ours, and the reference kernel when asked for), the domU init and the
# migration workloads. dom0 runs testbed/dom0-init.sh and powers off after
# printing "@@TESTBED done@@".
# Usage: [TOOLSTACK=ours|stock] [WITH_REFERENCE=1] [DOM0_IMAGE=bzImage]
#        nested-xen.sh CONSOLE_LOG TIMEOUT_S [DOM0_ARG...]
# TOOLSTACK picks dom0's toolstack: ours (the Xen tools series, default) or
# stock (Debian's packages of the same Xen); WITH_REFERENCE=1 builds and
# carries the unpatched reference kernel as /boot/bzImage-reference;
# DOM0_IMAGE boots dom0 with another kernel (the backend benchmark);
# NESTED_QEMU_ARGS adds QEMU options (the benchmark's -icount); DEBIAN_ROOT
# carries Debian's kernel with the series for a domU (see below); DOM0_MEM
# (MiB, default 512) sizes dom0, and QEMU gets 1536 MiB more for Xen and the
# domUs: the tests must hold at any dom0 size a user picks (512 to 2048 run).
# Exits 0 when dom0 finished, 1 (with the console tail) on a timeout.
set -eu
. "$(dirname "$0")/../lib.sh"

log=$1 timeout=$2
shift 2
image=$OBJ/arch/x86/boot/bzImage
dom0_image=${DOM0_IMAGE:-$image}	# the domUs' kernel stays ours either way
tb=$BUILD/testbed
mkdir -p "$tb" "$LOGS"
[ -f "$image" ] || die "no kernel at $image: run make first"
[ -f "$dom0_image" ] || die "no dom0 kernel at $dom0_image (DOM0_IMAGE)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing: apt-get install qemu-system-x86"
xen=$("$ROOT/scripts/tests/xen-image.sh")
[ -f "$xen" ] || die "no Xen hypervisor image at '$xen': see scripts/tests/xen-image.sh"
toolstack=${TOOLSTACK:-ours}
ours=$("$ROOT/scripts/trees/build-xen-tools.sh")
stock=$("$ROOT/scripts/trees/stock-xen-tools.sh")
# dom0 runs one toolstack; the other waits aside for the mixed migrations
# (testbed/aside.sh).
case $toolstack in
ours) tools=$ours aside=$stock ;;
stock) tools=$stock aside=$ours ;;
*) die "TOOLSTACK=$toolstack: say ours (the Xen tools series) or stock (Debian's packages)" ;;
esac

# dom0 reads a domU's p2m export with this, as a toolstack does; built
# against the toolstack it runs with.
gcc -O2 -Wall -Werror -I"$tools/usr/include" -L"$tools/usr/lib/x86_64-linux-gnu" \
	-o "$tb/xen-p2m-gen" "$ROOT/testbed/xen-p2m-gen.c" -lxenctrl ||
	die "cannot build testbed/xen-p2m-gen.c against the toolstack in $tools"
# dom0 counts each migration's stream with this (static: it runs in both
# toolstacks' mount namespaces).
gcc -static -O2 -Wall -Wextra -Werror -o "$tb/stream-count" "$ROOT/testbed/stream-count.c" ||
	die "cannot build testbed/stream-count.c statically: apt-get install libc6-dev"
# The domU workloads: static, so that busybox is all the domU needs.
workloads=()
for w in memtest blktest balloon-churn iobench gntshare; do
	gcc -static -O2 -Wall -Wextra -Werror -o "$tb/$w" "$ROOT/testbed/workloads/$w.c" ||
		die "cannot build testbed/workloads/$w.c statically: apt-get install libc6-dev"
	workloads+=("$tb/$w=/bin/$w")
done
# hostile is a directory of files; -I for the pattern.h and xs_wire.h it shares.
gcc -static -O2 -Wall -Wextra -Werror -I"$ROOT/testbed/workloads" -o "$tb/hostile" \
	"$ROOT"/testbed/workloads/hostile/*.c ||
	die "cannot build testbed/workloads/hostile/ statically: apt-get install libc6-dev"
workloads+=("$tb/hostile=/bin/hostile")
extra=()
# DEBIAN_ROOT=DIR (make distro-test): Debian's cloud kernel with the series,
# unpacked from its package (DIR/boot/vmlinuz-*, DIR/lib/modules): dom0
# carries it as /boot/vmlinuz-debian with a domU ramdisk of its own (the
# workloads and its modules).
if [ -n "${DEBIAN_ROOT:-}" ]; then
	vmlinuz=$(ls "$DEBIAN_ROOT"/boot/vmlinuz-* 2>/dev/null | head -1)
	[ -n "$vmlinuz" ] || die "no kernel under $DEBIAN_ROOT/boot: run make distro-package"
	"$ROOT/scripts/tests/mk-initramfs.sh" "$tb/domu-debian.cpio.gz" "$ROOT/testbed/domu-init.sh" \
		"${workloads[@]}" "$ROOT/testbed/ktap.sh=/etc/testbed/ktap.sh" "--modules=$DEBIAN_ROOT"
	extra+=("$vmlinuz=/boot/vmlinuz-debian" "$tb/domu-debian.cpio.gz=/boot/domu-debian.cpio.gz")
fi
[ "${WITH_REFERENCE:-0}" = 1 ] &&
	extra+=("$("$ROOT/scripts/trees/build-reference.sh")=/boot/bzImage-reference")
"$ROOT/scripts/tests/mk-initramfs.sh" "$tb/domu.cpio.gz" "$ROOT/testbed/domu-init.sh" "${workloads[@]}" \
	"$ROOT/testbed/ktap.sh=/etc/testbed/ktap.sh"
# dom0's kernel's modules (the backends): installed beside its build.
modules=$(dirname "$dom0_image")/../../../modules-root
[ -d "$modules/lib/modules" ] || die "no modules of the dom0 kernel under $modules: rebuild it (make kernel)"
"$ROOT/scripts/tests/mk-initramfs.sh" "$tb/dom0.cpio.gz" "$ROOT/testbed/dom0-init.sh" \
	"--xen-tools=$tools" "--xen-tools-aside=$aside" "--modules=$modules" \
	"$image=/boot/bzImage" "${extra[@]}" \
	"$ROOT/testbed/aside.sh=/etc/testbed/aside.sh" \
	"$ROOT/testbed/domu.cfg=/etc/testbed/domu.cfg" \
	"$ROOT/testbed/migrate.sh=/etc/testbed/migrate.sh" \
	"$ROOT/testbed/block-hotplug.sh=/etc/testbed/block-hotplug.sh" \
	"$ROOT/testbed/vif-hotplug.sh=/etc/testbed/vif-hotplug.sh" \
	"$ROOT/testbed/bench-backends.sh=/etc/testbed/bench-backends.sh" \
	"$ROOT/testbed/kunit-traffic.sh=/etc/testbed/kunit-traffic.sh" \
	"$ROOT/testbed/fuzz.sh=/etc/testbed/fuzz.sh" \
	"$ROOT/testbed/ktap.sh=/etc/testbed/ktap.sh" \
	"$tb/iobench=/usr/bin/iobench" \
	"$tb/domu.cpio.gz=/boot/domu.cpio.gz" "$tb/xen-p2m-gen=/usr/bin/xen-p2m-gen" \
	"$tb/stream-count=/usr/bin/stream-count"

# QEMU separates multiboot modules (and their command lines) with commas.
[[ "$*" != *,* ]] || die "a dom0 argument contains a comma, which QEMU's -initrd cannot carry: '$*'"
rm -f "$log"
dom0_mem=${DOM0_MEM:-512}
case $dom0_mem in
'' | *[!0-9]*) die "DOM0_MEM=$dom0_mem: give dom0's memory in MiB, e.g. DOM0_MEM=2048" ;;
esac
[ "$dom0_mem" -ge 384 ] || die "DOM0_MEM=$dom0_mem: dom0 needs at least 384 MiB"

start=$(date +%s)
# -cpu qemu64,+svm as Xen's own CI; one dom0 vCPU (a 2-vCPU PV dom0 under TCG
# hit a spurious int3 in runtime code patching once in 6 boots). dom0's own
# deadline leaves two minutes for the harness to collect what it printed.
# A console ring of 1 MiB keeps every line of Xen's debug-key dumps for
# dom0's xl dmesg (testbed/fuzz.sh reads the grant tables).
# shellcheck disable=SC2086 # NESTED_QEMU_ARGS is a list of options
qemu-system-x86_64 -accel tcg -cpu qemu64,+svm -m $((dom0_mem + 1536)) -smp 2 ${NESTED_QEMU_ARGS:-} \
	-nodefaults -nographic -no-reboot -serial "file:$log" \
	-kernel "$xen" \
	-append "console=com1 com1=115200,8n1 dom0_mem=${dom0_mem}M,max:${dom0_mem}M dom0_max_vcpus=1 loglvl=all guest_loglvl=all conring_size=1M" \
	-initrd "$dom0_image console=hvc0 earlyprintk=xen panic=5 oops=panic testbed.timeout=$((timeout - 120)) testbed.toolstack=$toolstack $*,$tb/dom0.cpio.gz" \
	2>"$log.qemu-stderr" &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT

status=0
while kill -0 $qemu 2>/dev/null; do
	grep -q '@@TESTBED done@@' "$log" 2>/dev/null && break
	if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
		echo "xen: no result within $timeout s; last console lines:"
		tail -25 "$log" | tr -d '\r' | sed 's/^/  /'
		status=1
		break
	fi
	sleep 2
done
sleep 1
kill $qemu 2>/dev/null || true
wait $qemu 2>/dev/null || true
if [ $status = 0 ] && ! grep -q '@@TESTBED done@@' "$log"; then
	echo "xen: QEMU stopped before dom0 finished (crashed dom0 or hypervisor?); last console lines:"
	tail -25 "$log" | tr -d '\r' | sed 's/^/  /'
	sed 's/^/  qemu: /' "$log.qemu-stderr"
	status=1
fi
info "nested Xen run ($toolstack toolstack) took $(($(date +%s) - start)) s (console: $log)"
exit $status
