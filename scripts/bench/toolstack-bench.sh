#!/bin/bash
# Scale of the Xen tools series' per-round p2m work, in user space (no Xen):
# bench/p2m-round.c, linked with libxenguest's own xg_sr_pv_p2m.c from our
# Xen tree, on synthetic p2m tables of 1, 16, 128 and 512 GiB guests with 0,
# 1 and 64 changed p2m frames. A benchmark: reported, never judged. Writes
# build/results/toolstack-bench.{txt,json}. BENCH_REPEATS (default 31).
set -eu
. "$(dirname "$0")/../lib.sh"

"$ROOT/scripts/trees/build-xen-tools.sh" >/dev/null
bin=$BUILD/bench/p2m-round
mkdir -p "$(dirname "$bin")" "$RESULTS"
gcc -std=gnu99 -O2 -Wall -Werror -D__XEN_TOOLS__ \
	-D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__ \
	-I"$XEN_TREE/tools/libs/guest" -I"$XEN_BUILD/tools/libs/ctrl" \
	-I"$XEN_BUILD/tools/include" -o "$bin" \
	"$ROOT/bench/p2m-round.c" "$XEN_TREE/tools/libs/guest/xg_sr_pv_p2m.c" ||
	die "cannot build bench/p2m-round.c against $XEN_TREE (make xen-tree)"
"$bin" "${BENCH_REPEATS:-31}" >"$RESULTS/toolstack-bench.raw"
python3 - "$RESULTS/toolstack-bench.raw" "$RESULTS/toolstack-bench.json" \
	"$RESULTS/toolstack-bench.txt" <<'PY'
import json, re, sys
rows = {}
for line in open(sys.argv[1]):
    f = dict(re.findall(r"(\w+)=(\d+)", line))
    size = int(f["size_gib"])
    r = rows.setdefault(size, {"size_gib": size})
    if "round_ns" in f:
        r[f"round_ns_{f['changed']}"] = int(f["round_ns"])
        r["p2m_frames"] = int(f["frames"])
    if "memcmp_ns" in f:
        r[f"memcmp_ns_{f['changed']}"] = int(f["memcmp_ns"])
    if "stock_walk_ns" in f:
        r["stock_walk_ns"] = int(f["stock_walk_ns"])
    if "remap_ns" in f:
        r["remap_ns"] = int(f["remap_ns"])
        r["sent_copy_mib_per_gib"] = int(f["sent_copy_bytes"]) / size / 2**20
out = ["p2m work of one round of the PV sender (median ns) with 0, 1 and 64 changed p2m",
       "frames; per changed frame; against memcmp() of the 64 changed frames; the as-sent",
       "copy; a remap; the stock sender's own dirty-bitmap walk of a round, for scale:",
       f"{'guest':>7} {'frames':>8} {'0 chg':>9} {'1 chg':>9} {'64 chg':>9} "
       f"{'ns/chg frame':>12} {'64: x memcmp':>12} {'copy MiB/GiB':>12} {'remap ms':>9} "
       f"{'stock walk ms':>13}"]
for size in sorted(rows):
    r = rows[size]
    per = (r["round_ns_64"] - r["round_ns_0"]) / 64
    r["ns_per_changed_frame"] = round(per, 1)
    r["ratio_to_memcmp_64"] = round(r["round_ns_64"] / r["memcmp_ns_64"], 2)
    out.append(f"{size:>4} GiB {r['p2m_frames']:>8} {r['round_ns_0']:>9} {r['round_ns_1']:>9} "
               f"{r['round_ns_64']:>9} {per:>12.1f} {r['ratio_to_memcmp_64']:>12} "
               f"{r['sent_copy_mib_per_gib']:>12.1f} {r['remap_ns'] / 1e6:>9.1f} "
               f"{r['stock_walk_ns'] / 1e6:>13.1f}")
text = "\n".join(out) + "\n"
open(sys.argv[3], "w").write(text)
json.dump(sorted(rows.values(), key=lambda r: r["size_gib"]), open(sys.argv[2], "w"), indent=1)
sys.stdout.write(text)
PY
