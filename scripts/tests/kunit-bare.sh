#!/bin/bash
# Test (d): boot the built kernel on plain QEMU, where KUnit runs at boot and
# the Xen-only suites skip with a reason; judge the console with kunit.py.
set -eu
. "$(dirname "$0")/../lib.sh"

image=$OBJ/arch/x86/boot/bzImage
[ -f "$image" ] || die "no kernel at $image: run make first"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing: apt-get install qemu-system-x86"
mkdir -p "$LOGS"
log=$LOGS/bare-kunit.log

# TCG: this machine's KVM stops on the kernel's first cmpxchg16b ("KVM
# internal error ... emulation failure"), and the Xen tiers need TCG anyway.
accel=(-accel tcg -cpu qemu64)
start=$(date +%s)
rc=0
timeout "${BARE_TIMEOUT:-300}" qemu-system-x86_64 "${accel[@]}" -m 512 -smp 2 \
	-nodefaults -display none -monitor none -no-reboot -serial "file:$log" \
	-kernel "$image" \
	-append "console=ttyS0 kunit_shutdown=poweroff panic=-1 oops=panic" || rc=$?
[ $rc = 124 ] && { tail -20 "$log"; die "bare QEMU did not finish within ${BARE_TIMEOUT:-300} s (log: $log)"; }
info "bare QEMU run took $(($(date +%s) - start)) s (log: $log)"
"$ROOT/scripts/reports/kunit-judge.sh" bare "$log"
