#!/bin/bash
# Fold the per-tier counts of this run into the closing line of make test.
# Usage: test-summary.sh TIER...   (the tiers this run was meant to produce)
set -eu
. "$(dirname "$0")/../lib.sh"

tp=0 tf=0 ts=0
for tier in "$@"; do
	if [ -f "$RESULTS/$tier.counts" ]; then
		read -r p f s <"$RESULTS/$tier.counts"
	else
		echo "$tier: did not run"
		p=0 f=1 s=0
	fi
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
done
echo "$tp passed, $tf failed, $ts skipped"
[ "$tf" = 0 ]
