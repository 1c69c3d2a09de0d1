#!/bin/bash
# Judge the test bed's checkpoint scenario from the console log: `xl save -c`
# of a running PV domU must succeed, the domU must go on running (its
# heartbeat grows), and the p2m generation count that dom0 reads in its
# shared_info, as a toolstack does, must be even and must not go back.
# Usage: judge-checkpoint.sh CONSOLE_LOG      Prints `checkpoint: N passed, N failed`.
set -eu
. "$(dirname "$0")/../lib.sh"

line=$(tr -d '\r' <"$1" | grep -a -o '@@TESTBED checkpoint rc=.*@@' | tail -1 || true)
fail() {
	echo "checkpoint: $*"
	echo "checkpoint: 0 passed, 1 failed"
	count_file checkpoint 0 1 0
	exit 1
}
[ -n "$line" ] || fail "the scenario did not run (no result on the console)"
rc=$(sed -E 's/.* rc=([0-9]+).*/\1/' <<<"$line")
b1=$(sed -E 's/.* beats=([0-9]+),.*/\1/' <<<"$line")
b2=$(sed -E 's/.* beats=[0-9]+,([0-9]+).*/\1/' <<<"$line")
g0=$(sed -nE 's/.*before\[generation=([0-9]+) .*/\1/p' <<<"$line")
g1=$(sed -nE 's/.*after\[generation=([0-9]+) .*/\1/p' <<<"$line")
echo "checkpoint: xl save -c exit $rc; p2m generation $g0 before, $g1 after; heartbeat $b1 -> $b2"
[ "$rc" = 0 ] || fail "xl save -c failed: $(tr -d '\r' <"$1" | sed -n '/@@TESTBED checkpoint-log-begin@@/,/@@TESTBED checkpoint-log-end@@/p' | sed '1d;$d' | tail -2 | tr '\n' ' ')"
[ -n "$g0" ] && [ -n "$g1" ] || fail "dom0 could not read the domU's p2m generation"
[ "$g1" -ge "$g0" ] || fail "the p2m generation went back from $g0 to $g1 across the checkpoint"
[ $((g1 % 2)) = 0 ] || fail "the p2m generation is odd ($g1) with no change in progress"
[ "$b2" -gt "$b1" ] || fail "the domU stopped running after the checkpoint (heartbeat stuck at $b1)"
echo "checkpoint: 1 passed, 0 failed"
count_file checkpoint 1 0 0
