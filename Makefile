# Xen PV p2m / backend quiescing patch series (Linux) and its Xen tools
# companion series: build and test tooling. See README.md. Every target is a
# thin wrapper around scripts in scripts/, which has a room per job: trees/
# (prepare and build the trees, export, mail), checks/ (checks on the series),
# tests/ (the test tiers and the nested test bed), reports/ (the judges and
# report writers), bench/ (benchmarks); scripts/lib.sh is shared.

S := scripts

.PHONY: all packages base tree export kernel xen-base xen-tree xen-export xen-tools \
	xen-base-4.17 xen-tree-4.17 xen-export-4.17 base-6.12 tree-6.12 export-6.12 \
	check-apply checkpatch bisect kunit-bare xen-test migrate soak compare \
	bench bench-backends test clean-results outgoing help kunit-run distro-check \
	distro-package distro-test fuzz-backends

## make: install what is missing, apply every series (Linux and Xen, upstream and stable), build the test bed's bzImage and our Xen toolstacks
all: packages tree tree-6.12 kernel xen-tree xen-tree-4.17 xen-tools
	@$(S)/trees/kernel-info.sh

## make packages: install the Debian packages the build and the test bed need (apt-get)
packages:
	@$(S)/trees/ensure-packages.sh

## make base: the upstream Linux series' base (Debian sid's linux-source-7.2, base.conf, downloaded) as the first commit of build/tree, tagged base
base: packages
	@SERIES=linux $(S)/trees/prepare-base.sh

## make tree: build/tree is Linux 7.2 + one commit per patch of ./series (FORCE=1 drops edits)
tree: base
	@SERIES=linux $(S)/trees/apply-series.sh

## make export: write patches/ and series back from build/tree's commits
export:
	@SERIES=linux $(S)/trees/export-series.sh

## make base-6.12: the stable Linux series' base (Debian's linux-source-6.12, stable/linux-6.12/base.conf), also the test bed's
base-6.12: packages
	@SERIES=linux-6.12 $(S)/trees/ensure-packages.sh
	@SERIES=linux-6.12 $(S)/trees/prepare-base.sh

## make tree-6.12: build/linux-6.12-tree is Linux 6.12.117 + one commit per patch of stable/linux-6.12/series (FORCE=1 drops edits)
tree-6.12: base-6.12
	@SERIES=linux-6.12 $(S)/trees/apply-series.sh

## make export-6.12: write stable/linux-6.12/ back from build/linux-6.12-tree's commits (a patch equal to its upstream one is named, not copied)
export-6.12:
	@SERIES=linux-6.12 $(S)/trees/export-series.sh

## make kernel: configure (trimmed base + Kconfig.fragment) and build the test bed's bzImage (LINUX_TESTBED_SERIES, testbed.conf)
kernel: tree-6.12
	@$(S)/trees/build-kernel.sh

## make xen-base: the upstream Xen series' base: Xen staging from the tarball xen-base.conf names (sha256 checked)
xen-base: packages
	@SERIES=xen $(S)/trees/prepare-xen-base.sh

## make xen-tree: build/xen-tree is Xen staging + one commit per patch of patches/xen-tools/series (FORCE=1 drops edits)
xen-tree: xen-base
	@SERIES=xen $(S)/trees/apply-series.sh

## make xen-export: write patches/xen-tools/ back from build/xen-tree's commits
xen-export:
	@SERIES=xen $(S)/trees/export-series.sh

## make xen-base-4.17: the stable Xen series' base: Debian's xen source (stable/xen-4.17/xen-base.conf), also the test bed's
xen-base-4.17: packages
	@SERIES=xen-4.17 $(S)/trees/prepare-xen-base.sh

## make xen-tree-4.17: build/xen-4.17-tree is Xen 4.17.5 + one commit per patch of stable/xen-4.17/series (FORCE=1 drops edits)
xen-tree-4.17: xen-base-4.17
	@SERIES=xen-4.17 $(S)/trees/apply-series.sh

## make xen-export-4.17: write stable/xen-4.17/ back from build/xen-4.17-tree's commits (a patch equal to its upstream one is named, not copied)
xen-export-4.17:
	@SERIES=xen-4.17 $(S)/trees/export-series.sh

## make xen-tools: build our dom0 toolstack from both Xen trees (the test bed runs the 4.17 one)
xen-tools: xen-tree xen-tree-4.17
	@SERIES=xen $(S)/trees/build-xen-tools.sh >/dev/null
	@SERIES=xen-4.17 $(S)/trees/build-xen-tools.sh >/dev/null

## make check-apply: a series applies to its pristine base with zero fuzz and no offsets (SERIES=linux, linux-6.12, xen, xen-4.17; default the test bed's Linux series)
check-apply: tree tree-6.12 xen-tree xen-tree-4.17
	@$(S)/checks/check-apply.sh

## make checkpatch: scripts/checkpatch.pl --strict on every patch of a Linux series (SERIES=linux or linux-6.12; default the test bed's)
checkpatch: tree tree-6.12
	@$(S)/checks/checkpatch.sh

## make bisect: every patch of a Linux series builds on its own (vmlinux, in order; SERIES=linux or linux-6.12; default the test bed's)
bisect: tree tree-6.12
	@$(S)/checks/bisect-build.sh

## make kunit-bare: the KUnit suites on plain QEMU (no Xen), judged by kunit.py
kunit-bare: all
	@$(S)/tests/kunit-bare.sh

## make xen-test: KUnit in a PV dom0 and a PV domU under nested Xen (QEMU TCG), a checkpoint, the backends' suites under traffic
xen-test: all
	@$(S)/tests/xen-test.sh

## make migrate: live migrations under stress, our kernel with our toolstack and with the stock one
migrate: all
	@$(S)/tests/migrate-test.sh

## make compare: the same for all four pairs of kernel (ours, unpatched) and toolstack (ours, stock); the product 3 times
compare: all
	@MIGRATE_MATRIX="patched:ours patched:stock reference:ours reference:stock" MIGRATE_PRODUCT_ROUNDS=$${MIGRATE_PRODUCT_ROUNDS:-3} $(S)/tests/migrate-test.sh

## make soak: the product pair with many migrations per scenario (MIGRATE_ROUNDS, default 10), xl remus to 100 checkpoints before each failover (MIGRATE_REMUS_CHECKPOINTS)
soak: all
	@MIGRATE_MATRIX=patched:ours MIGRATE_ROUNDS=$${MIGRATE_ROUNDS:-10} MIGRATE_REMUS_CHECKPOINTS=$${MIGRATE_REMUS_CHECKPOINTS:-100} $(S)/tests/migrate-test.sh

## make fuzz-backends: a hostile frontend against dom0's blkback and netback, an honest domU served meanwhile; dom0 on our kernel and on the unpatched one (FUZZ_SEED, FUZZ_REQUESTS hostile per backend, FUZZ_SECONDS)
fuzz-backends: all
	@FUZZ_KERNELS=$${FUZZ_KERNELS:-ours,reference} FUZZ_REQUESTS=$${FUZZ_REQUESTS:-100000} FUZZ_SECONDS=$${FUZZ_SECONDS:-2400} $(S)/tests/fuzz-test.sh

## make bench: every benchmark: the toolstack's p2m work at scale, the p2m content-update path, the backends
bench: all
	@$(S)/bench/toolstack-bench.sh; $(S)/bench/p2m-bench.sh; $(S)/bench/backend-bench.sh

## make bench-backends: blkback and netback throughput alone, ours against the unpatched kernel
bench-backends: all
	@$(S)/bench/backend-bench.sh

## make kunit-run: the three suites' directories with the kernel's kunit.py run --kunitconfig=DIR --arch=x86_64 (QEMU, no Xen)
kunit-run: tree-6.12
	@$(S)/tests/kunit-run.sh

## make distro-check: Debian's amd64 and cloud-amd64 configs, KUnit off/m/y: what the series touches built with W=1 and sparse, pristine against patched
distro-check: packages tree-6.12
	@$(S)/checks/distro-build.sh

## make distro-package: Debian's cloud-amd64 kernel with the series and its KUnit modules, as Debian packages (make bindeb-pkg)
distro-package: packages tree-6.12
	@$(S)/trees/distro-package.sh

## make distro-test: that packaged kernel as the nested test bed's PV domU: its KUnit modules from modprobe, the steady migration
distro-test: all
	@$(S)/tests/distro-test.sh

## make outgoing: both series as mail for git send-email (build/outgoing/), signed with your git identity, To/Cc from get_maintainer.pl
outgoing: tree tree-6.12 xen-tree xen-tree-4.17
	@$(S)/trees/outgoing.sh

## make clean-results: forget the results of earlier test runs (build/results)
clean-results:
	@rm -rf build/results

## make test: checks on both series, KUnit on every tier, checkpoint and migrations of the product
test: all clean-results
	@$(S)/tests/run-tests.sh

## make help: this list
help:
	@grep -h '^## ' $(MAKEFILE_LIST) | sed 's/^## //'
