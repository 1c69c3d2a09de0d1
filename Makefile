# Xen PV p2m / backend quiescing patch series: build and test tooling.
# See README.md. Every target is a thin wrapper around one script in scripts/.

S := scripts

.PHONY: all packages base tree export kernel check-apply checkpatch bisect \
	kunit-bare xen-test migrate soak bench-backends test clean-results help

## make: install what is missing, apply the series, configure, build bzImage
all: packages tree kernel
	@$(S)/kernel-info.sh

packages:
	@$(S)/ensure-packages.sh

base: packages
	@$(S)/prepare-base.sh

## make tree: build/tree is base + one commit per patch (FORCE=1 drops edits)
tree: base
	@$(S)/apply-series.sh

## make export: write patches/ and series back from build/tree's commits
export:
	@$(S)/export-series.sh

kernel: tree
	@$(S)/build-kernel.sh

check-apply: tree
	@$(S)/check-apply.sh

checkpatch: tree
	@$(S)/checkpatch.sh

bisect: tree
	@$(S)/bisect-build.sh

kunit-bare: all
	@$(S)/kunit-bare.sh

## make xen-test: KUnit in a PV dom0 and a PV domU under nested Xen (QEMU TCG)
xen-test: all
	@$(S)/xen-test.sh

## make migrate: a few live migrations under stress, ours against the unpatched kernel
migrate: all
	@$(S)/migrate-test.sh

## make soak: the same with many migrations per scenario (MIGRATE_ROUNDS, default 10)
soak: all
	@MIGRATE_ROUNDS=$${MIGRATE_ROUNDS:-10} $(S)/migrate-test.sh

## make bench-backends: blkback and netback throughput, ours against the unpatched kernel
bench-backends: all
	@$(S)/backend-bench.sh

clean-results:
	@rm -rf build/results

## make test: apply check, checkpatch, per-patch builds, KUnit on every tier
test: all clean-results
	@$(S)/run-tests.sh

help:
	@grep -h '^## ' $(MAKEFILE_LIST) | sed 's/^## //'
