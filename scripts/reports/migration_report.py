#!/usr/bin/env python3
"""Turn the migration records of the test bed's console logs into the
side-by-side table, one column per (domU kernel, dom0 toolstack) pair that
ran, the JSON file and the one pass/fail line for the product, our kernel
with our toolstack (patched/ours):  migrate: N passed, N failed

Usage: migration_report.py JSON_OUT TABLE_OUT CONSOLE_DIR CONSOLE_LOG...
(CONSOLE_DIR holds each domU's console as KERNEL-SCENARIO-TOOLSTACK.console;
a failed record prints the tail of its domU's console.)

A record (testbed/migrate.sh) is one checkpoint or migration. Its outcome:
  passed   it completed, the guest ran on and both workloads verified every
           page and block afterwards without a mismatch, no I/O error and no
           page failed the receiver's verify pass;
  refused  Xen 4.17's stock toolstack aborted a migration it is known to
           abort (expect=may-abort: ballooning or memory growth during it),
           and the guest ran on at the source with every page and block
           intact: no pass, no failure, shown in the table with Xen's reason;
  failed   anything else, with the reason; with our toolstack, which logs
           the guest's pages at suspend and once restored, also a migration
           after which the two differ, and a 'defer' migration whose sender
           sent no page as XTAB for the time being (the case it tests),
           and a migration that left the guest with another memory target
           at the destination than the one it must have (want_target: the
           target before the migration, or the one dom0 set during it).
A record whose action every toolstack must refuse (expect=refuse: the gntdev
scenario, a guest that maps another domain's page) passes when the migration
was refused, the guest ran on intact and still read that page right.
A Remus record (action=remus) passes only if the secondary really took over
(failover=yes: a new domain of the guest's name runs after the primary was
destroyed, and the receiver said so) after at least the checkpoints asked
for, and with our toolstack every checkpoint both ends logged left the
guest with the same pages at both ends, as did the failover.
Records the plan announced but the log lacks (the run stopped) are failed.

Same records: in the steady scenario nothing changes the p2m, so every
stream one toolstack's sender wrote there (migrate, to-other) must have the
same records, in the same order, as the stream the other toolstack's sender
wrote (from-other), runs of one record type counted as one
(testbed/stream-count.c); if not, the from-other record fails.
Exit status: 1 when the product has a failed or refused record or did not run,
else 0 (the product must complete every migration it is given).
"""
import json
import os
import re
import sys
from collections import OrderedDict

RECORD = re.compile(r"@@TESTBED migration (.*?) reason=(.*?)@@")
PLAN = re.compile(r"@@TESTBED migration-plan kernel=(\S+) toolstack=(\S+) records=(\d+)@@")
FIELD = re.compile(r"(\w+)=(\S+)")
INTS = ("rc", "secs", "mem_err", "blk_err", "io_err", "verify", "checkpoints",
        "want_checkpoints", "blk_ahead", "late", "suspended_remaps")
# The columns, in this order when present: the product first.
COMBOS = ("patched/ours", "patched/stock", "reference/ours", "reference/stock",
          "debian/ours")
# The pair whose records pass or fail the run: the product, or the one
# MIGRATE_JUDGE names (make distro-test: Debian's kernel, debian/ours).
PRODUCT = os.environ.get("MIGRATE_JUDGE", "patched/ours")


def parse(log, records, plans):
    """Add the records and plans of one console log, keyed KERNEL/TOOLSTACK."""
    for line in log.splitlines():
        line = line.replace("\r", "")
        m = PLAN.search(line)
        if m:
            plans[f"{m.group(1)}/{m.group(2)}"] = int(m.group(3))
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
        p0, _, p1 = rec.get("pages", "?:?").partition(":")
        rec["pages_source"] = int(p0) if p0.isdigit() else None
        rec["pages_destination"] = int(p1) if p1.isdigit() else None
        for key in ("remaps", "resent", "stream", "changed", "xtab_for_now", "given_back"):
            rec[key] = int(rec[key]) if rec.get(key, "-").isdigit() else None
        c0, _, c1 = rec.get("ckpt_pages", "0:0").partition(":")
        rec["ckpt_compared"], rec["ckpt_differ"] = int(c0 or 0), int(c1 or 0)
        rec["failover_ms"] = (int(rec["failover_ms"])
                              if rec.get("failover_ms", "-").isdigit() else None)
        rec["reason"] = m.group(2)
        rec["outcome"] = outcome(rec)
        rec["combo"] = f"{rec['kernel']}/{rec.get('toolstack', '?')}"
        records.setdefault(rec["combo"], []).append(rec)


SAME_RECORDS_SCENARIO = "steady"
OWN_SENDER = ("migrate", "to-other")
OTHER_SENDER = "from-other"


def check_same_records(recs):
    """Compare, in one pair's steady scenario, the records of the streams
    this dom0's toolstack sent with the one the other toolstack sent; a
    difference fails the other's record. Returns (streams compared, differ)."""
    steady = [r for r in recs if r["scenario"] == SAME_RECORDS_SCENARIO and
              r["rc"] == 0 and r["action"] in OWN_SENDER + (OTHER_SENDER,)]
    compared = differ = 0
    # A completed migration whose records were not read in full proves
    # nothing: it fails rather than pass uncompared.
    for r in steady:
        if r.get("records", "-") == "-" or "?" in r["records"]:
            r["outcome"] = "failed"
            r["reason"] = f"the stream's records were not read in full: {r.get('records', '-')}"
    steady = [r for r in steady if r["outcome"] != "failed" or
              not r["reason"].startswith("the stream's records")]
    own = [r for r in steady if r["action"] in OWN_SENDER]
    for other in (r for r in steady if r["action"] == OTHER_SENDER):
        for r in own:
            compared += 1
            if r["records"] == other["records"]:
                continue
            differ += 1
            other["outcome"] = "failed"
            other["reason"] = (f"the senders wrote other records with no p2m change: "
                               f"{r['action']} {r['records']}, from-other {other['records']}")
    return compared, differ


def allocation_differs(rec):
    """A completed migration whose guest arrived with other pages than it had."""
    return (rec["rc"] == 0 and rec["pages_source"] is not None and
            rec["pages_destination"] is not None and
            rec["pages_source"] != rec["pages_destination"])


def defer_not_exercised(rec):
    """A completed 'defer' migration by our sender that sent no page as XTAB
    for the time being: it did not test what it is there for."""
    return (rec["action"] == "defer" and rec.get("toolstack") == "ours" and
            rec["rc"] == 0 and not rec["xtab_for_now"])


def late_not_exercised(rec):
    """Why a completed 'late-hotplug' migration by our sender did not show
    what it is there for, or None: a late live round given, the p2m mapped
    again in it, none of it left to the suspended guest."""
    if (rec["action"] != "late-hotplug" or rec.get("toolstack") != "ours" or
            rec["rc"] != 0):
        return None
    if not rec["late"]:
        return "the sender gave no late live round (LIBXENGUEST_PV_LATE_P2M had no effect)"
    if not rec["remaps"]:
        return "the late live round mapped no p2m change"
    if rec["suspended_remaps"]:
        return f"{rec['suspended_remaps']} remaps with the guest suspended"
    return None


def target_wrong(rec):
    """Why a completed migration with our toolstack left the guest with
    another memory target than it must have at the destination (the one
    before the migration, or the one dom0 set during it), or None."""
    if (rec.get("toolstack") != "ours" or rec["rc"] != 0 or
            rec["action"] in ("checkpoint", "remus")):
        return None
    t0, _, t1 = rec.get("target", "?:?").partition(":")
    want = rec.get("want_target", "?")
    if not (t1.isdigit() and want.isdigit()):
        return None if "target" not in rec else f"memory target unknown: {rec['target']}"
    if int(t1) != int(want):
        return (f"memory target {t1} KiB at the destination, not {want} "
                f"(it was {t0} before)")
    return None


def remus_not_exercised(rec):
    """Why a completed Remus record proves less than it is there for, or
    None: no failover, too few checkpoints, or (our toolstack) no
    checkpoint's pages compared at both ends, or some differing."""
    if rec["action"] != "remus" or rec["rc"] != 0:
        return None
    if rec.get("failover") != "yes":
        return "no failover happened"
    if rec["checkpoints"] < rec["want_checkpoints"]:
        return f"{rec['checkpoints']} checkpoints, fewer than {rec['want_checkpoints']}"
    if rec.get("toolstack") == "ours":
        if rec["ckpt_compared"] == 0:
            return "no checkpoint's pages were compared at both ends"
        if rec["ckpt_differ"]:
            return (f"after {rec['ckpt_differ']} of {rec['ckpt_compared']} checkpoints "
                    "the secondary held other pages than the primary had")
    return None


def refusal(rec):
    """An action every toolstack must refuse (expect=refuse), the guest intact:
    passed when it was refused and (gntdev) the guest still reads the page it
    maps, failed when it migrated."""
    if rec["rc"] == 0:
        why = "migrated a guest that every toolstack must refuse to migrate"
    elif rec.get("grant_held", "-") not in ("-", "yes"):
        why = "refused, but the guest no longer reads the granted page right"
    else:
        return "passed"
    rec["reason"] = why if rec["reason"] == "none" else f"{rec['reason']}; {why}"
    return "failed"


def outcome(rec):
    """passed, refused or failed (see the module doc)."""
    intact = (rec["alive"] == "yes" and rec["mem_err"] == 0 and
              rec["blk_err"] == 0 and rec["io_err"] == 0)
    if rec["action"] == "boot" or not intact or allocation_differs(rec):
        return "failed"
    if rec["expect"] == "refuse":
        return refusal(rec)
    weak = remus_not_exercised(rec) or late_not_exercised(rec) or target_wrong(rec)
    if weak:
        rec["reason"] = weak if rec["reason"] == "none" else f"{rec['reason']}; {weak}"
        return "failed"
    if defer_not_exercised(rec):
        rec["reason"] = "the sender deferred no page table (LIBXENGUEST_PV_DEFER_L1 had no effect)"
        return "failed"
    if rec["rc"] == 0:
        return "passed" if rec["verify"] == 0 else "failed"
    return "refused" if rec["expect"] == "may-abort" else "failed"


def totals(recs, planned):
    """The figures of one kernel, over all of its records."""
    same_records = check_same_records(recs)
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
    t["remaps"] = sum(r["remaps"] or 0 for r in recs)
    t["resent"] = sum(r["resent"] or 0 for r in recs)
    t["changed"] = sum(r["changed"] or 0 for r in recs)
    t["xtab_for_now"] = sum(r["xtab_for_now"] or 0 for r in recs)
    t["given_back"] = sum(r["given_back"] or 0 for r in recs)
    t["stream_mib"] = sum(r["stream"] or 0 for r in recs) >> 20
    t["allocation_checked"] = sum(r["pages_destination"] is not None for r in recs)
    t["allocation_differs"] = sum(allocation_differs(r) for r in recs)
    t["records_compared"], t["records_differ"] = same_records
    remus = [r for r in recs if r["action"] == "remus"]
    t["checkpoints"] = sum(r["checkpoints"] for r in remus)
    t["failovers"] = sum(r.get("failover") == "yes" for r in remus)
    t["ckpt_compared"] = sum(r["ckpt_compared"] for r in remus)
    t["ckpt_differ"] = sum(r["ckpt_differ"] for r in remus)
    t["blk_ahead"] = sum(r["blk_ahead"] for r in remus)
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
    if any(r["expect"] == "may-abort" for r in recs):
        text = "[may abort] " + text
    text += f"; {sum(r['secs'] for r in recs) // len(recs)} s"
    if gens and any(gens):
        text += f"; {sum(gens)} p2m chg"
    if any(r["remaps"] for r in recs):
        text += f"; {sum(r['remaps'] or 0 for r in recs)} remap"
    if any(r["resent"] for r in recs):
        text += f"; {sum(r['resent'] or 0 for r in recs)} resent"
    if any(r.get("p2m") == "tree" for r in recs):
        text += "; tree"
    if any(r["late"] for r in recs):
        text += f"; {sum(r['late'] for r in recs)} late round"
    if any(r["action"] == "remus" for r in recs):
        text += f"; {sum(r['checkpoints'] for r in recs)} ckpt"
        fo = [r["failover_ms"] for r in recs if r["failover_ms"] is not None]
        if fo:
            text += f"; failover {sum(fo) // len(fo)} ms"
    return text


def cost(recs):
    """One cell of the cost table: stream size and time of the completed
    migrations of a row, and what the sender resent next to what changed."""
    done = [r for r in recs or [] if r["rc"] == 0 and r["stream"] is not None]
    if not done:
        return "-"
    n = len(done)
    text = f"{sum(r['stream'] for r in done) / n / 2**20:.0f} MiB, {sum(r['secs'] for r in done) // n} s"
    if any(r["changed"] for r in done):
        text += f", {sum(r['changed'] or 0 for r in done) // n} chg"
    if any(r["resent"] is not None for r in done):
        text += f", {sum(r['resent'] or 0 for r in done) // n} resent"
    return text


def cost_table(rows, combos):
    """The cost of the migrations that completed, per row and pair: the
    stream the receiver read, the time, the p2m entries the guest changed
    while the sender ran (chg) and the pfns our sender resent because their
    entry changed (resent); means over the row's completed migrations."""
    out = ["", "cost of completed migrations (mean per migration): stream, time, "
           "p2m entries the guest changed (chg), pfns our sender resent for it",
           f"{'scenario':<9} {'action':<11}" + "".join(f" | {c:<34}" for c in combos)]
    for (scen, action), by_combo in rows.items():
        if action == "checkpoint":
            continue
        out.append(f"{scen:<9} {action:<11}" + "".join(
            f" | {cost(by_combo.get(c)):<34}" for c in combos))
    return out


def why(rec):
    """Xen's or the harness's reason, and every integrity error of a record."""
    errs = [f"{rec[k]} {label}" for k, label in
            (("mem_err", "memory page mismatches"), ("blk_err", "block mismatches"),
             ("io_err", "block I/O errors"), ("verify", "receiver verify failures"))
            if rec[k]]
    if allocation_differs(rec):
        errs.append(f"suspended with {rec['pages_source']} pages, restored with "
                    f"{rec['pages_destination']}")
    parts = ([rec["reason"]] if rec["reason"] != "none" else []) + errs
    return "; ".join(parts) or "none"


def console_tail(console_dir, rec):
    """What the failed record's domU said that matters: its mismatch and error
    lines and kernel complaints (the last few), then its last lines."""
    path = os.path.join(console_dir,
                        f"{rec['kernel']}-{rec['scenario']}-{rec.get('toolstack', '?')}.console")
    try:
        with open(path, errors="replace") as f:
            text = [l.rstrip() for l in f if "heartbeat" not in l]
    except OSError:
        return [f"    (no console kept at {path})"]
    notable = [l for l in text if re.search(r"mismatch|@@[A-Z]+ error|BUG|Oops|panic|WARNING", l)]
    return ["    | " + l for l in notable[-6:] + ["..."] + text[-3:]]


def table(records, tot, console_dir=None):
    combos = [c for c in COMBOS if c in tot]
    rows = OrderedDict()
    for c in combos:
        for r in records.get(c, []):
            rows.setdefault((r["scenario"], r["action"]), {}).setdefault(c, []).append(r)
    head = f"{'scenario':<9} {'action':<11}"
    out = [head + "".join(f" | {c:<46}" for c in combos)]
    out.append("-" * len(out[0]))
    for (scen, action), by_combo in rows.items():
        out.append(f"{scen:<9} {action:<11}" + "".join(
            f" | {cell(by_combo.get(c)):<46}" for c in combos))
    out += ["", "[may abort]: an abort with the guest intact at the source is 'refused', not failed"]
    out += cost_table(rows, combos) + [""]
    labels = (("tried", "checkpoints/migrations tried"), ("completed", "completed (xl exit 0)"),
              ("aborted", "aborted by the toolstack"), ("passed", "passed"),
              ("refused", "refused, guest intact at source"), ("failed", "failed"),
              ("missing", "did not run (run stopped)"), ("mem_err", "memory page mismatches"),
              ("blk_err", "block mismatches"), ("io_err", "block I/O errors"),
              ("verify", "receiver verify failures"),
              ("p2m_changes_during", "p2m structure changes during them"),
              ("remaps", "p2m mapped again by the sender (ours)"),
              ("resent", "pfns resent: p2m entry changed (ours)"),
              ("changed", "p2m entries the guest changed meanwhile"),
              ("xtab_for_now", "pages sent as XTAB for the time being (ours)"),
              ("given_back", "pages given back by the receiver (ours)"),
              ("stream_mib", "stream read by the receivers, MiB"),
              ("allocation_checked", "allocations compared (ours)"),
              ("allocation_differs", "allocation differs after (ours)"),
              ("records_compared", "steady streams compared, other sender"),
              ("records_differ", "of which with other records"),
              ("checkpoints", "Remus checkpoints applied by secondaries"),
              ("failovers", "Remus failovers to the secondary"),
              ("ckpt_compared", "Remus checkpoints' pages compared (ours)"),
              ("ckpt_differ", "of which differing at the two ends"),
              ("blk_ahead", "blocks one pass ahead after failover"),
              ("secs", "time, s"))
    out.append(f"{'totals (kernel/toolstack)':<42}" + "".join(f" {c:>16}" for c in combos))
    for key, label in labels:
        out.append(f"{label:<42}" + "".join(f" {tot[c][key]:>16}" for c in combos))
    reasons = []
    for c in combos:
        shown = set()
        for r in records.get(c, []):
            if r["reason"] != "none" or r["outcome"] == "failed":
                reasons.append(f"  {c} {r['scenario']}/{r['action']}: {r['outcome']}: {why(r)}")
            if r["outcome"] == "failed" and console_dir and r["scenario"] not in shown:
                shown.add(r["scenario"])
                reasons += console_tail(console_dir, r)
    if reasons:
        out += ["", "reasons:"] + reasons
    out += ["", f"records of the {SAME_RECORDS_SCENARIO} streams (no p2m change), per sender:"]
    for c in combos:
        for r in records.get(c, []):
            if r["scenario"] == SAME_RECORDS_SCENARIO and r.get("records", "-") != "-":
                out.append(f"  {c} {r['action']}: {r['records']}")
    return "\n".join(out) + "\n"


def main():
    json_path, table_path, console_dir = sys.argv[1:4]
    records, plans = {}, {}
    for log_path in sys.argv[4:]:
        with open(log_path, errors="replace") as f:
            parse(f.read(), records, plans)
    tot = {c: totals(records.get(c, []), plans.get(c, 0))
           for c in COMBOS if c in plans or records.get(c)}
    text = table(records, tot, console_dir)
    with open(table_path, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    product = tot.get(PRODUCT)
    if not product or product["tried"] == 0:
        print(f"migrate: no migration of the product ({PRODUCT}) ran (see the console logs)")
        passed, failed = 0, 1
    else:
        # Only a stock pair may refuse a migration it cannot do; the
        # product refusing one (a may-abort scenario's abort) is a failure.
        passed, failed = product["passed"], product["failed"] + product["refused"]
    with open(json_path, "w") as f:
        json.dump({"combos": tot, "records": records,
                   "migrate": {"passed": passed, "failed": failed}}, f, indent=1)
    print(f"migrate: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
