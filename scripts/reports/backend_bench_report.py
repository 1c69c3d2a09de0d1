#!/usr/bin/env python3
"""Backend throughput report: reference (unpatched backends) against patched.

Usage: backend_bench_report.py OUT.json OUT.txt CONSOLE_LOG...
Each console log is one nested boot, named bench-backends-KERNEL-BOOT.log;
its domUs print "@@BENCH METRIC KBPS@@" (testbed/workloads/iobench.c).
The ratio is patched / reference of the medians (the headline) and of the
best figures. The spread is, per kernel, the highest boot median over the
lowest: what two boots of the same kernel differ by, the noise floor. A benchmark: it says when a
ratio is under the target, it never fails; a metric that produced no figure
in a boot is counted as missing.
"""
import json
import re
import statistics
import sys
from pathlib import Path

METRICS = [
    ("block-read-persist-on", "blkback read, persistent grants"),
    ("block-write-persist-on", "blkback write, persistent grants"),
    ("block-read-persist-off", "blkback read, no persistent grants"),
    ("block-write-persist-off", "blkback write, no persistent grants"),
    ("net-tx", "netback Tx (domU to dom0)"),
    ("net-rx", "netback Rx (dom0 to domU)"),
]
KERNELS = ("reference", "patched")
TARGET = 0.97
FIGURE = re.compile(r"@@BENCH ([a-z-]+) ([0-9]+)@@")
ERROR = re.compile(r"@@BENCH ([a-z-]+) error (.*)@@")
LOG_NAME = re.compile(r"bench-backends-([a-z]+)-([0-9]+)\.log$")


def main():
    out_json, out_txt, logs = sys.argv[1], sys.argv[2], sys.argv[3:]
    figures = {k: {m: [] for m, _ in METRICS} for k in KERNELS}
    boots = {}
    present = missing = 0
    problems = []
    for log in sorted(logs):
        name = LOG_NAME.search(log)
        if not name or name.group(1) not in KERNELS:
            continue
        kernel, boot = name.groups()
        text = Path(log).read_text(errors="replace").replace("\r", "")
        seen = {m: [] for m, _ in METRICS}
        boots.setdefault(kernel, []).append(seen)
        for metric, kbps in FIGURE.findall(text):
            if metric in seen:
                seen[metric].append(int(kbps) / 1000)
        for metric, what in ERROR.findall(text):
            problems.append(f"{kernel} boot {boot}: {metric}: {what}")
        for metric, values in seen.items():
            if values:
                present += 1
                figures[kernel][metric] += values
            else:
                missing += 1
                problems.append(f"{kernel} boot {boot}: no {metric} figure ({log})")

    def spread(kernel, metric):
        medians = [statistics.median(b[metric]) for b in boots.get(kernel, []) if b[metric]]
        return max(medians) / min(medians) if len(medians) > 1 else None

    rows, lines = [], []
    lines.append("Backend throughput in the nested test bed, MB/s of guest time "
                 "(QEMU -icount): dom0 with the reference kernel (unpatched backends) "
                 "and with ours, same run")
    lines.append(f"{'':36} {'reference':>16} {'patched':>16} {'ratio':>7} {'ratio':>6} {'spread':>6}")
    lines.append(f"{'':36} {'median (best)':>16} {'median (best)':>16} {'median':>7} {'best':>6} {'ref':>6}")
    for metric, label in METRICS:
        ref, ours = figures["reference"][metric], figures["patched"][metric]
        row = {"metric": metric, "reference": ref, "patched": ours,
               "spread_reference": spread("reference", metric),
               "spread_patched": spread("patched", metric)}
        if ref and ours:
            row["ratio_median"] = statistics.median(ours) / statistics.median(ref)
            row["ratio_best"] = max(ours) / max(ref)
            sp = row["spread_reference"]
            lines.append(f"{label:36} {statistics.median(ref):7.1f} ({max(ref):6.1f}) "
                         f"{statistics.median(ours):7.1f} ({max(ours):6.1f}) "
                         f"{row['ratio_median']:7.3f} {row['ratio_best']:6.3f} "
                         + (f"{sp:6.3f}" if sp else f"{'-':>6}")
                         + ("  < target" if row["ratio_median"] < TARGET else ""))
        else:
            lines.append(f"{label:36} no figures")
        rows.append(row)
    ratios = [r["ratio_median"] for r in rows if "ratio_median" in r]
    if ratios:
        lines.append(f"backends: worst ratio of medians {min(ratios):.3f} (target {TARGET}); "
                     f"{len(logs)} boots, "
                     f"{sum(len(v) for v in figures['patched'].values())} patched and "
                     f"{sum(len(v) for v in figures['reference'].values())} reference figures")
    lines += [f"problem: {p}" for p in problems]
    text = "\n".join(lines) + "\n"
    Path(out_txt).write_text(text)
    print(text, end="")
    Path(out_json).write_text(json.dumps({
        "target": TARGET, "rows": rows, "problems": problems,
        "figures": {"present": present, "missing": missing},
    }, indent=1) + "\n")


if __name__ == "__main__":
    main()
