#!/bin/bash
# Report the p2m content-update benchmark of one test bed run: the reference
# kernel (base + the KUnit patch) against ours, same run, as a ratio. A
# benchmark, not a test: it never fails the run; a missing result is said.
# Usage: report-bench.sh CONSOLE_LOG     Also writes $RESULTS/bench.json.
set -eu
. "$(dirname "$0")/../lib.sh"

# values KIND: the "ps per update" figures of every bench-KIND-N domU.
values() {
	tr -d '\r' <"$1" | sed -n "/@@TESTBED bench-$2-[0-9]*-console-begin@@/,/@@TESTBED bench-$2-[0-9]*-console-end@@/p" |
		sed -n 's/.*p2m content update: \([0-9]*\) ps per update.*/\1/p' | xargs
}
ref=$(values "$1" reference)
ours=$(values "$1" patched)
if [ -z "$ref" ] || [ -z "$ours" ]; then
	echo "bench: no result (reference: '${ref}', patched: '${ours}'); see $1"
	exit 0
fi
python3 - "$ref" "$ours" "$RESULTS/bench.json" <<'PY'
import json, statistics, sys
ref = [int(v) for v in sys.argv[1].split()]
ours = [int(v) for v in sys.argv[2].split()]
# Each figure is already the best batch of one boot; the best boot is the
# least disturbed by the emulator, so the ratio compares the minima.
ratio = min(ours) / min(ref)
print(f"bench: p2m content update, ps per update: reference {ref}, patched {ours}; "
      f"patched/reference (best of each) = {ratio:.3f}, of means = "
      f"{statistics.mean(ours) / statistics.mean(ref):.3f}")
with open(sys.argv[3], "w") as f:
    json.dump({"benchmark": "p2m content update (__set_phys_to_machine)", "unit": "ps",
               "reference": ref, "patched": ours, "ratio_of_best": round(ratio, 4)},
              f, indent=2)
PY
