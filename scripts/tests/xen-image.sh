#!/bin/bash
# Print the path of the Xen hypervisor the test bed boots (QEMU's multiboot
# loader wants the plain ELF). Default: Debian's Xen 4.17 rebuilt with shadow
# paging (scripts/trees/build-xen.sh), which PV log-dirty needs for checkpoints and
# migration. XEN_IMAGE=debian boots the packaged hypervisor instead.
set -eu
. "$(dirname "$0")/../lib.sh"

if [ "${XEN_IMAGE:-shadow}" != debian ]; then
	exec "$ROOT/scripts/trees/build-xen.sh"
fi
gz=/boot/xen-4.17-amd64.gz
out=$BUILD/testbed/xen-4.17-debian
[ -f "$gz" ] || die "no Xen hypervisor at $gz: apt-get install xen-hypervisor-4.17-amd64"
mkdir -p "$(dirname "$out")"
[ "$out" -nt "$gz" ] || zcat "$gz" >"$out"
echo "$out"
