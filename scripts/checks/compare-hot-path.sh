#!/bin/bash
# "Hot path unchanged", from the code: disassemble the p2m content-update path
# (__set_phys_to_machine and the inline helpers it pulls in) in the reference
# and the patched kernel and compare the instructions, with addresses and
# rip-relative offsets normalised, and the symbols each instruction is
# relocated against. Prints one line per function.
# Usage: compare-hot-path.sh REFERENCE PATCHED   (two vmlinux, or two p2m.o)
set -eu
. "$(dirname "$0")/../lib.sh"

# insns FILE FUNCTION: the function's instructions, addresses abstracted; in
# an object file also the relocations inside it (objdump lists every
# relocation of the section), section offsets abstracted.
insns() {
	objdump -dr --no-show-raw-insn "$1" --disassemble="$2" | awk '
		# offsets as zero-padded hex strings, which compare as numbers
		function off(f) { sub(/:$/, "", f); f = sprintf("%16s", f); gsub(/ /, "0", f); return f }
		/^ *[0-9a-f]+:\t/ { a = off($1); if (lo == "" || a < lo) lo = a; if (a > hi) hi = a
				     sub(/^ *[0-9a-f]+:\t/, ""); line[n] = $0; at[n++] = a; next }
		/^\t+[0-9a-f]+: R_X86_64_/ { a = off($1); sub(/^\t+[0-9a-f]+: /, "")
					  line[n] = "  reloc " $0; rel[n] = 1; at[n++] = a }
		END { for (i = 0; i < n; i++) if (!rel[i] || (at[i] >= lo && at[i] <= hi)) print line[i] }' |
		sed -E 's/ffffffff[0-9a-f]{8}/ADDR/g; s/-?0x[0-9a-f]+\(%rip\)/X(%rip)/g' |
		sed -E 's/^(j[a-z]+|call)( +)[0-9a-f]+ </\1\2</; s/# [0-9a-f]+ </# </; s/(\.[a-z_.]+)[+-]0x[0-9a-f]+/\1/'
}

status=0
for fn in __set_phys_to_machine set_phys_to_machine; do
	ref=$(insns "$1" $fn)
	ours=$(insns "$2" $fn)
	[ -n "$ref" ] || die "no $fn in $1"
	if [ "$ref" = "$ours" ]; then
		echo "hot path: $fn: the same $(grep -vc "^  reloc " <<<"$ours") instructions and $(grep -c "^  reloc " <<<"$ours" || true) relocations in reference and patched"
	else
		echo "hot path: $fn differs between reference and patched:"
		diff <(echo "$ref") <(echo "$ours") | head -20 | sed 's/^/  /'
		status=1
	fi
done
exit $status
