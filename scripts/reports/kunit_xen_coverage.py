#!/usr/bin/env python3
"""Fail when a KUnit test ran in neither Xen guest.

Usage: kunit_xen_coverage.py DOM0_JSON DOMU_JSON

Under Xen every test must run (pass or fail, not skip) in at least one of the
PV dom0 and the PV domU: a test that skipped in both proved nothing.
"""
import json
import sys

from kunit_summary import cases


def statuses(path):
    """Map (suite, case) to status for one kunit.py JSON file."""
    try:
        with open(path) as f:
            return {(s, c): st for s, c, st in cases(json.load(f))}
    except (OSError, ValueError):
        return {}


def main():
    dom0, domu = statuses(sys.argv[1]), statuses(sys.argv[2])
    if not dom0 and not domu:
        print("xen coverage: no KUnit results from either guest")
        return 1
    never = sorted(k for k in set(dom0) | set(domu)
                   if dom0.get(k, "SKIP") == "SKIP" and domu.get(k, "SKIP") == "SKIP")
    for suite, case in never:
        print(f"xen coverage: {suite}.{case} skipped in both dom0 and domU")
    ran = len(set(dom0) | set(domu)) - len(never)
    print(f"xen coverage: {ran} tests ran in at least one Xen guest, {len(never)} in none")
    return 1 if never else 0


if __name__ == "__main__":
    sys.exit(main())
