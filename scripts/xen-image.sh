#!/bin/bash
# Print the path of the Xen hypervisor the test bed boots: QEMU's multiboot
# loader wants the plain ELF, so Debian's xen-4.17-amd64.gz is unpacked once.
set -eu
. "$(dirname "$0")/lib.sh"

gz=/boot/xen-4.17-amd64.gz
out=$BUILD/testbed/xen-4.17-debian
[ -f "$gz" ] || die "no Xen hypervisor at $gz: apt-get install xen-hypervisor-4.17-amd64"
mkdir -p "$(dirname "$out")"
[ "$out" -nt "$gz" ] || zcat "$gz" >"$out"
echo "$out"
