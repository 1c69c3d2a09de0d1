#!/bin/bash
# Run the kernel as a real Xen PV dom0 and PV domU: Xen 4.17 inside QEMU TCG,
# our bzImage as dom0 with a busybox initramfs that carries the Xen tools, and
# the same bzImage as a PV domU started with xl. Both KUnit logs are judged by
# kunit.py; prints `dom0: ...` and `domU: ...` lines. Then a checkpoint
# (xl save -c) of a running domU, judged by scripts/judge-checkpoint.sh.
# Bounded by XEN_TIMEOUT; DOM0_ARGS adds to dom0's kernel command line.
set -eu
. "$(dirname "$0")/lib.sh"

image=$OBJ/arch/x86/boot/bzImage
tb=$BUILD/testbed
mkdir -p "$tb" "$LOGS"
[ -f "$image" ] || die "no kernel at $image: run make first"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing: apt-get install qemu-system-x86"
xen=$("$ROOT/scripts/xen-image.sh")
[ -f "$xen" ] || die "no Xen hypervisor image at '$xen': see scripts/xen-image.sh"

# dom0 reads a domU's p2m export with this, as a toolstack does.
gcc -O2 -Wall -Werror -o "$tb/xen-p2m-gen" "$ROOT/testbed/xen-p2m-gen.c" -lxenctrl ||
	die "cannot build testbed/xen-p2m-gen.c: apt-get install libxen-dev"
reference=$("$ROOT/scripts/build-reference.sh")
"$ROOT/scripts/mk-initramfs.sh" "$tb/domu.cpio.gz" "$ROOT/testbed/domu-init.sh"
"$ROOT/scripts/mk-initramfs.sh" "$tb/dom0.cpio.gz" "$ROOT/testbed/dom0-init.sh" --xen-tools \
	"$image=/boot/bzImage" "$reference=/boot/bzImage-reference" \
	"$ROOT/testbed/domu.cfg=/etc/testbed/domu.cfg" \
	"$tb/domu.cpio.gz=/boot/domu.cpio.gz" "$tb/xen-p2m-gen=/usr/bin/xen-p2m-gen"

log=$LOGS/xen-console.log
timeout=${XEN_TIMEOUT:-600}
rm -f "$log" "$RESULTS"/{dom0,domU,checkpoint}.* "$RESULTS/bench.json"
start=$(date +%s)
# -cpu qemu64,+svm as Xen's own CI; one dom0 vCPU (a 2-vCPU PV dom0 under TCG
# hit a spurious int3 in runtime code patching once in 6 boots).
qemu-system-x86_64 -accel tcg -cpu qemu64,+svm -m 2048 -smp 2 \
	-nodefaults -nographic -no-reboot -serial "file:$log" \
	-kernel "$xen" \
	-append "console=com1 com1=115200,8n1 dom0_mem=512M,max:512M dom0_max_vcpus=1 loglvl=all guest_loglvl=all" \
	-initrd "$image console=hvc0 earlyprintk=xen panic=5 oops=panic testbed.timeout=$((timeout - 120)) ${DOM0_ARGS:-},$tb/dom0.cpio.gz" \
	2>"$LOGS/xen-qemu.stderr" &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT

while kill -0 $qemu 2>/dev/null; do
	grep -q '@@TESTBED done@@' "$log" 2>/dev/null && break
	if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
		echo "xen: no result within $timeout s; last console lines:"
		tail -25 "$log" | tr -d '\r' | sed 's/^/  /'
		count_file dom0 0 1 0
		count_file domU 0 1 0
		count_file checkpoint 0 1 0
		exit 1
	fi
	sleep 2
done
sleep 1
kill $qemu 2>/dev/null || true
wait $qemu 2>/dev/null || true
info "nested Xen run took $(($(date +%s) - start)) s (console: $log)"

# section NAME: the console lines between the markers, without Xen's own lines.
section() {
	tr -d '\r' <"$log" | sed -n "/@@TESTBED $1-begin@@/,/@@TESTBED $1-end@@/p" |
		grep -v '^(XEN)' | sed '1d;$d'
}

status=0
grep -a '@@TESTBED error' "$log" | tr -d '\r' | sed 's/^/xen: /' && status=1
for tier in dom0 domU; do
	name=dom0-kunit
	[ $tier = domU ] && name=domu-console
	section $name >"$LOGS/$tier-kunit.log"
	if ! [ -s "$LOGS/$tier-kunit.log" ]; then
		echo "$tier: no console output reached the harness; last console lines:"
		tr -d '\r' <"$log" | tail -25 | sed 's/^/  /'
		count_file $tier 0 1 0
		status=1
		continue
	fi
	"$ROOT/scripts/kunit-judge.sh" $tier "$LOGS/$tier-kunit.log" || status=1
done
python3 "$ROOT/scripts/kunit_xen_coverage.py" "$RESULTS/dom0.json" "$RESULTS/domU.json" || status=1
"$ROOT/scripts/judge-checkpoint.sh" "$log" || status=1
"$ROOT/scripts/report-bench.sh" "$log"
exit $status
