#!/usr/bin/env python3
"""Turn the migration records of a test bed console log into the side-by-side
table (patched against the unpatched reference), the JSON file and the one
pass/fail line for the patched kernel:  migrate: N passed, N failed

Usage: migration_report.py CONSOLE_LOG JSON_OUT TABLE_OUT [CONSOLE_DIR]
(CONSOLE_DIR holds each domU's console as KERNEL-SCENARIO.console; a failed
record prints the tail of its domU's console.)

A record (testbed/migrate.sh) is one checkpoint or migration. Its outcome:
  passed   it completed, the guest ran on and both workloads verified every
           page and block afterwards without a mismatch, no I/O error and no
           page failed the receiver's verify pass;
  refused  Xen 4.17's toolstack aborted a migration it is known to abort
           (expect=may-abort: ballooning or memory growth during it), and
           the guest ran on at the source with every page and block intact:
           no pass, no failure, shown in the table with Xen's reason;
  failed   anything else, with the reason.
Records the plan announced but the log lacks (the run stopped) are failed.
Exit status: 1 when the patched kernel has a failed record, else 0.
"""
import json
import os
import re
import sys
from collections import OrderedDict

RECORD = re.compile(r"@@TESTBED migration (.*?) reason=(.*?)@@")
PLAN = re.compile(r"@@TESTBED migration-plan kernel=(\S+) records=(\d+)@@")
FIELD = re.compile(r"(\w+)=(\S+)")
INTS = ("rc", "secs", "mem_err", "blk_err", "io_err", "verify")
KERNELS = ("patched", "reference")


def parse(log):
    """Records and plans of every kernel found in the console log."""
    records = {k: [] for k in KERNELS}
    plans = {}
    for line in log.splitlines():
        line = line.replace("\r", "")
        m = PLAN.search(line)
        if m:
            plans[m.group(1)] = int(m.group(2))
            continue
        m = RECORD.search(line)
        if not m:
            continue
        rec = dict(FIELD.findall(m.group(1)))
        for key in INTS:
            rec[key] = int(rec.get(key, 0))
        g0, _, g1 = rec.get("gen", "?:?").partition(":")
        rec["gen_before"] = int(g0) if g0.isdigit() else None
        rec["gen_after"] = int(g1) if g1.isdigit() else None
        rec["reason"] = m.group(2)
        rec["outcome"] = outcome(rec)
        records.setdefault(rec["kernel"], []).append(rec)
    return records, plans


def outcome(rec):
    """passed, refused or failed (see the module doc)."""
    intact = (rec["alive"] == "yes" and rec["mem_err"] == 0 and
              rec["blk_err"] == 0 and rec["io_err"] == 0)
    if rec["action"] == "boot" or not intact:
        return "failed"
    if rec["rc"] == 0:
        return "passed" if rec["verify"] == 0 else "failed"
    return "refused" if rec["expect"] == "may-abort" else "failed"


def totals(recs, planned):
    """The figures of one kernel, over all of its records."""
    t = OrderedDict(planned=planned, tried=len(recs))
    t["completed"] = sum(r["rc"] == 0 for r in recs if r["action"] != "boot")
    t["aborted"] = sum(r["rc"] != 0 for r in recs if r["action"] != "boot")
    for o in ("passed", "refused", "failed"):
        t[o] = sum(r["outcome"] == o for r in recs)
    t["missing"] = max(planned - len(recs), 0)
    t["failed"] += t["missing"]
    for key in ("mem_err", "blk_err", "io_err", "verify", "secs"):
        t[key] = sum(r[key] for r in recs)
    t["p2m_changes_during"] = sum(
        (r["gen_after"] - r["gen_before"]) // 2 for r in recs
        if r["gen_before"] is not None and r["gen_after"] is not None)
    return t


def cell(recs):
    """One table cell: the outcomes of the records of one row of one kernel."""
    if not recs:
        return "-"
    parts = []
    for o in ("passed", "refused", "failed"):
        n = sum(r["outcome"] == o for r in recs)
        if n:
            parts.append(f"{n} {o}")
    errs = [f"{sum(r[k] for r in recs)} {label}" for k, label in
            (("mem_err", "mem"), ("blk_err", "blk"), ("io_err", "io"), ("verify", "verify"))
            if sum(r[k] for r in recs)]
    gens = [(r["gen_after"] - r["gen_before"]) // 2 for r in recs
            if r["gen_before"] is not None and r["gen_after"] is not None]
    text = ", ".join(parts + errs)
    text += f"; {sum(r['secs'] for r in recs) // len(recs)} s"
    if gens and any(gens):
        text += f"; {sum(gens)} p2m chg"
    return text


def why(rec):
    """Xen's or the harness's reason, and every integrity error of a record."""
    errs = [f"{rec[k]} {label}" for k, label in
            (("mem_err", "memory page mismatches"), ("blk_err", "block mismatches"),
             ("io_err", "block I/O errors"), ("verify", "receiver verify failures"))
            if rec[k]]
    parts = ([rec["reason"]] if rec["reason"] != "none" else []) + errs
    return "; ".join(parts) or "none"


def console_tail(console_dir, rec):
    """What the failed record's domU said that matters: its mismatch and error
    lines and kernel complaints (the last few), then its last lines."""
    path = os.path.join(console_dir, f"{rec['kernel']}-{rec['scenario']}.console")
    try:
        with open(path, errors="replace") as f:
            text = [l.rstrip() for l in f if "heartbeat" not in l]
    except OSError:
        return [f"    (no console kept at {path})"]
    notable = [l for l in text if re.search(r"mismatch|@@[A-Z]+ error|BUG|Oops|panic|WARNING", l)]
    return ["    | " + l for l in notable[-6:] + ["..."] + text[-3:]]


def table(records, tot, console_dir=None):
    rows = OrderedDict()
    for k in KERNELS:
        for r in records.get(k, []):
            rows.setdefault((r["scenario"], r["action"], r["expect"]), {}).setdefault(k, []).append(r)
    out = [f"{'scenario':<9} {'action':<11} {'expect':<10} | {'patched':<44} | reference"]
    out.append("-" * len(out[0]) + "-" * 30)
    for (scen, action, expect), by_kernel in rows.items():
        out.append(f"{scen:<9} {action:<11} {expect:<10} | {cell(by_kernel.get('patched')):<44} | "
                   f"{cell(by_kernel.get('reference'))}")
    out.append("")
    labels = (("tried", "checkpoints/migrations tried"), ("completed", "completed (xl exit 0)"),
              ("aborted", "aborted by the toolstack"), ("passed", "passed"),
              ("refused", "refused, guest intact at source"), ("failed", "failed"),
              ("missing", "did not run (run stopped)"), ("mem_err", "memory page mismatches"),
              ("blk_err", "block mismatches"), ("io_err", "block I/O errors"),
              ("verify", "receiver verify failures"),
              ("p2m_changes_during", "p2m structure changes during them"), ("secs", "time, s"))
    out.append(f"{'totals':<44} {'patched':>10} {'reference':>10}")
    for key, label in labels:
        vals = [str(tot[k][key]) if k in tot else "-" for k in KERNELS]
        out.append(f"{label:<44} {vals[0]:>10} {vals[1]:>10}")
    reasons = []
    for k in KERNELS:
        shown = set()
        for r in records.get(k, []):
            if r["reason"] != "none" or r["outcome"] == "failed":
                reasons.append(f"  {k} {r['scenario']}/{r['action']}: {r['outcome']}: {why(r)}")
            if r["outcome"] == "failed" and console_dir and r["scenario"] not in shown:
                shown.add(r["scenario"])
                reasons += console_tail(console_dir, r)
    if reasons:
        out += ["", "reasons:"] + reasons
    return "\n".join(out) + "\n"


def main():
    log_path, json_path, table_path = sys.argv[1:4]
    console_dir = sys.argv[4] if len(sys.argv) > 4 else None
    with open(log_path, errors="replace") as f:
        records, plans = parse(f.read())
    tot = {k: totals(records[k], plans.get(k, 0)) for k in KERNELS if k in plans or records[k]}
    text = table(records, tot, console_dir)
    with open(table_path, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    patched = tot.get("patched")
    if not patched or patched["tried"] == 0:
        print("migrate: no migration of the patched kernel ran (see the console log)")
        passed, failed = 0, 1
    else:
        passed, failed = patched["passed"], patched["failed"]
    with open(json_path, "w") as f:
        json.dump({"kernels": tot, "records": records,
                   "migrate": {"passed": passed, "failed": failed}}, f, indent=1)
    print(f"migrate: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
