#!/bin/bash
# "Hot path unchanged", from the code: disassemble the p2m content-update path
# (__set_phys_to_machine and the inline helpers it pulls in) in the reference
# and the patched vmlinux and compare the instructions, with addresses and
# rip-relative offsets normalised. Prints one line per function.
# Usage: compare-hot-path.sh REFERENCE_VMLINUX PATCHED_VMLINUX
set -eu
. "$(dirname "$0")/lib.sh"

# insns VMLINUX FUNCTION: the function's instructions, addresses abstracted.
insns() {
	objdump -d --no-show-raw-insn "$1" --disassemble="$2" |
		sed -nE 's/^ *[0-9a-f]+:\t//p' |
		sed -E 's/ffffffff[0-9a-f]{8}/ADDR/g; s/-?0x[0-9a-f]+\(%rip\)/X(%rip)/g'
}

status=0
for fn in __set_phys_to_machine set_phys_to_machine; do
	ref=$(insns "$1" $fn)
	ours=$(insns "$2" $fn)
	[ -n "$ref" ] || die "no $fn in $1"
	if [ "$ref" = "$ours" ]; then
		echo "hot path: $fn: the same $(wc -l <<<"$ours") instructions in reference and patched"
	else
		echo "hot path: $fn differs between reference and patched:"
		diff <(echo "$ref") <(echo "$ours") | head -20 | sed 's/^/  /'
		status=1
	fi
done
exit $status
