#!/usr/bin/env python3
"""Judge the hostile-frontend runs (testbed/fuzz.sh) from their console logs.

Usage: fuzz_report.py RESULTS_DIR NAME=CONSOLE_LOG...

NAME is the dom0 kernel of that run ("ours" counts as the tier "fuzz",
"reference" as "fuzz-reference"). Each of dom0's checks is a test: a check
that did not report (the run stopped early) fails. Prints per run the
checks, the requests per backend and category, and writes
RESULTS_DIR/<tier>.counts and RESULTS_DIR/fuzz.json.
"""
import json
import re
import sys

CHECKS = ["hostile_frontend", "closing_served", "honest_block", "honest_net", "xenwatch_free",
          "no_grant_leak", "memory_back", "devices_recreated", "dom0_log_clean"]


def parse(path):
    text = open(path, errors="replace").read().replace("\r", "")
    checks = dict(re.findall(r"@@TESTBED fuzz (\w+) ((?:pass|fail) .*?)@@", text))
    cats = {}
    for backend, cat, fields in re.findall(r"@@HOSTILE cat (blk|net)\.(\w+) (sent=.*?)@@", text):
        cats[f"{backend}.{cat}"] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", fields)}
    result = re.search(r"@@HOSTILE result (.*?)@@", text)
    summary = dict(re.findall(r"(\w+)=(\S+)", result.group(1))) if result else {}
    errors = re.findall(r"@@TESTBED error (.*?)@@", text)
    return {"checks": checks, "categories": cats, "hostile": summary, "errors": errors}


def main():
    results, runs = sys.argv[1], {}
    status = 0
    for arg in sys.argv[2:]:
        name, path = arg.split("=", 1)
        tier = "fuzz" if name == "ours" else f"fuzz-{name}"
        try:
            run = parse(path)
        except OSError:
            run = {"checks": {}, "categories": {}, "hostile": {}, "errors": [f"no log {path}"]}
        runs[name] = run
        passed = failed = 0
        print(f"{tier}: dom0 on {name} kernel")
        for e in run["errors"]:
            print(f"  error: {e}")
        for c in CHECKS:
            verdict = run["checks"].get(c, "fail did not report (the run stopped before it)")
            ok = verdict.startswith("pass")
            passed, failed = passed + ok, failed + (not ok)
            print(f"  {'PASS' if ok else 'FAIL'} {c}: {verdict.split(' ', 1)[1]}")
        h = run["hostile"]
        if h:
            print(f"  hostile (seed {h.get('seed')}): blk {h.get('blk_requests')} requests "
                  f"({h.get('blk_hostile')} hostile) in {int(h.get('blk_ms', 0)) // 1000} s, "
                  f"net {h.get('net_requests')} ({h.get('net_hostile')} hostile) in "
                  f"{int(h.get('net_ms', 0)) // 1000} s; {h.get('connects')} connects "
                  f"({h.get('wrapped')} near the index wrap), {h.get('halts')} halted rings, "
                  f"{h.get('refused')} refused connects, {h.get('blocks_verified')} blocks "
                  f"verified, {h.get('arp_replies')} ARP replies")
        for k, v in sorted(run["categories"].items()):
            print(f"    {k:45} sent {v['sent']:7} ok {v['ok']:7} err {v['err']:7} "
                  f"op {v['op']:5} unanswered {v['none']:5}")
        print(f"{tier}: {passed} passed, {failed} failed")
        with open(f"{results}/{tier}.counts", "w") as f:
            f.write(f"{passed} {failed} 0\n")
        status |= failed > 0
    with open(f"{results}/fuzz.json", "w") as f:
        json.dump(runs, f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
