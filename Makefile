# Xen PV p2m / backend quiescing patch series (Linux) and its Xen tools
# companion series: build and test tooling. See README.md. Every target is a
# thin wrapper around one script in scripts/.

S := scripts

.PHONY: all packages base tree export kernel xen-base xen-tree xen-export xen-tools \
	check-apply checkpatch bisect kunit-bare xen-test migrate soak compare \
	bench bench-backends test clean-results outgoing help

## make: install what is missing, apply both series, build bzImage and our Xen toolstack
all: packages tree kernel xen-tree xen-tools
	@$(S)/kernel-info.sh

packages:
	@$(S)/ensure-packages.sh

base: packages
	@$(S)/prepare-base.sh

## make tree: build/tree is the Linux base + one commit per patch (FORCE=1 drops edits)
tree: base
	@$(S)/apply-series.sh

## make export: write patches/ and series back from build/tree's commits
export:
	@$(S)/export-series.sh

kernel: tree
	@$(S)/build-kernel.sh

xen-base: packages
	@$(S)/prepare-xen-base.sh

## make xen-tree: build/xen-tree is Xen's source + one commit per Xen tools patch (FORCE=1 drops edits)
xen-tree: xen-base
	@SERIES=xen $(S)/apply-series.sh

## make xen-export: write patches/xen-tools/ back from build/xen-tree's commits
xen-export:
	@SERIES=xen $(S)/export-series.sh

## make xen-tools: build our dom0 toolstack (libxenguest, libxl, xl, helpers) from build/xen-tree
xen-tools: xen-tree
	@$(S)/build-xen-tools.sh >/dev/null

check-apply: tree
	@$(S)/check-apply.sh

checkpatch: tree
	@$(S)/checkpatch.sh

bisect: tree
	@$(S)/bisect-build.sh

kunit-bare: all
	@$(S)/kunit-bare.sh

## make xen-test: KUnit in a PV dom0 and a PV domU under nested Xen (QEMU TCG), a checkpoint, the backends' suites under traffic
xen-test: all
	@$(S)/xen-test.sh

## make migrate: live migrations under stress, our kernel with our toolstack and with the stock one
migrate: all
	@$(S)/migrate-test.sh

## make compare: the same for all four pairs of kernel (ours, unpatched) and toolstack (ours, stock); the product 3 times
compare: all
	@MIGRATE_MATRIX="patched:ours patched:stock reference:ours reference:stock" MIGRATE_PRODUCT_ROUNDS=$${MIGRATE_PRODUCT_ROUNDS:-3} $(S)/migrate-test.sh

## make soak: the product pair with many migrations per scenario (MIGRATE_ROUNDS, default 10)
soak: all
	@MIGRATE_MATRIX=patched:ours MIGRATE_ROUNDS=$${MIGRATE_ROUNDS:-10} $(S)/migrate-test.sh

## make bench: every benchmark: the toolstack's p2m work at scale, the p2m content-update path, the backends
bench: all
	@$(S)/toolstack-bench.sh; $(S)/p2m-bench.sh; $(S)/backend-bench.sh

## make bench-backends: blkback and netback throughput alone, ours against the unpatched kernel
bench-backends: all
	@$(S)/backend-bench.sh

## make outgoing: both series as mail for git send-email (build/outgoing/), signed with your git identity, To/Cc from get_maintainer.pl
outgoing: tree xen-tree
	@$(S)/outgoing.sh

clean-results:
	@rm -rf build/results

## make test: checks on both series, KUnit on every tier, checkpoint and migrations of the product
test: all clean-results
	@$(S)/run-tests.sh

help:
	@grep -h '^## ' $(MAKEFILE_LIST) | sed 's/^## //'
