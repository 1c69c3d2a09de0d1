#!/bin/bash
# "Hot path unchanged", from the code: disassemble the p2m content-update path
# (__set_phys_to_machine and the inline helpers it pulls in) in the reference
# and the patched kernel and compare the instructions, with addresses and
# rip-relative offsets normalised, and the symbols each instruction is
# relocated against. Prints one line per function.
# Usage: compare-hot-path.sh REFERENCE PATCHED   (two vmlinux, or two p2m.o)
set -eu
. "$(dirname "$0")/lib.sh"

# insns FILE FUNCTION: the function's instructions, addresses abstracted; in
# an object file also its relocations (section offsets abstracted).
insns() {
	objdump -dr --no-show-raw-insn "$1" --disassemble="$2" |
		sed -nE 's/^ *[0-9a-f]+:\t//p; s/^\s+[0-9a-f]+: (R_X86_64_\S+)\s+/  reloc \1 /p' |
		sed -E 's/ffffffff[0-9a-f]{8}/ADDR/g; s/-?0x[0-9a-f]+\(%rip\)/X(%rip)/g' |
		sed -E 's/^(j[a-z]+|call)( +)[0-9a-f]+ </\1\2</; s/(\.[a-z_.]+)[+-]0x[0-9a-f]+/\1/'
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
