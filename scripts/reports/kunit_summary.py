#!/usr/bin/env python3
"""Count the KUnit results that the kernel's own `kunit.py parse --json` wrote.

Usage: kunit_summary.py TIER JSON [PARSE_EXIT_CODE]

Prints one line per suite (ran / passed / failed / skipped) and the tier's
totals as `TIER: N passed, N failed, N skipped`. A non-zero exit code of
kunit.py parse (a crash, a missing test, a bad plan) with no failed case in
the JSON counts as one failure, so that a broken run never reads as clean.
Exits 1 when anything failed.
"""
import json
import sys


def cases(group, prefix=""):
    """Yield (suite, case, status) for every test case in a kunit.py JSON group."""
    name = group.get("name", "")
    for case in group.get("test_cases", []):
        yield prefix or name, case["name"], case["status"]
    for sub in group.get("sub_groups", []):
        yield from cases(sub, sub.get("name", "") if not prefix else prefix)


def main():
    tier, path = sys.argv[1], sys.argv[2]
    parse_rc = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    try:
        with open(path) as f:
            root = json.load(f)
    except (OSError, ValueError) as err:
        print(f"{tier}: no KUnit results ({err})")
        print(f"{tier}: 0 passed, 1 failed, 0 skipped")
        return 1

    suites = {}
    for suite, _case, status in cases(root):
        s = suites.setdefault(suite, {"PASS": 0, "SKIP": 0, "FAIL": 0})
        s["PASS" if status == "PASS" else "SKIP" if status == "SKIP" else "FAIL"] += 1
    for suite, s in sorted(suites.items()):
        ran = s["PASS"] + s["FAIL"]
        print(f"{tier}:   suite {suite}: ran {ran}, passed {s['PASS']}, "
              f"failed {s['FAIL']}, skipped {s['SKIP']}")
    passed = sum(s["PASS"] for s in suites.values())
    failed = sum(s["FAIL"] for s in suites.values())
    skipped = sum(s["SKIP"] for s in suites.values())
    if parse_rc != 0 and failed == 0:
        print(f"{tier}: kunit.py parse reported a crash or a malformed run")
        failed = 1
    if passed + failed + skipped == 0:
        print(f"{tier}: no test ran")
        failed = 1
    print(f"{tier}: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
