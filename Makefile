# SPDX-License-Identifier: GPL-2.0
# Workspace of the IOMMU probe-order series. Each verb is a short script in
# scripts/; see README.md. Everything generated lives in work/.

SHELL := /bin/bash
S := scripts

.PHONY: help ensure-tree base tree export apply kunit kunit-arm64 kunit-x86_64 board check check-full reproduce bench mbox range-diff demo test

help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## base          fetch, verify and import the pinned base (Debian linux-source 7.2.13-1)
base:
	@$(S)/base.sh

## tree          work/linux, branch "series" = base + git am of series/ (FORCE=1 discards)
tree: base
	@$(S)/tree.sh

## export        write branch "series" back into series/ (stable output)
export:
	@$(S)/export.sh

## apply         KERNEL=DIR: git am -3 the series onto your own kernel tree
apply:
	@$(S)/apply.sh

## kunit         KUnit suites, ARCH=um
kunit: ensure-tree
	@$(S)/kunit.sh um series

## kunit-arm64   KUnit suites, arm64 under QEMU (lockdep, KASAN, kmemleak)
kunit-arm64: ensure-tree
	@$(S)/kunit.sh arm64 series

## kunit-x86_64  KUnit suites, x86_64 under QEMU (TCG; VT-d and AMD-Vi built in, lockdep)
kunit-x86_64: ensure-tree
	@$(S)/kunit.sh x86_64 series

## board         boot base and series on QEMU virt,iommu=smmuv3 (DT, ACPI; SMMUv3 built in, module)
board: ensure-tree
	@$(S)/board.sh

## check         checkpatch, sparse, W=1, kernel-doc, coccicheck, per-patch builds
check: ensure-tree
	@$(S)/check.sh

## check-full    make check, and every patch built for x86_64, powerpc64, riscv64 and (all touched directories) 32-bit arm too (not in CI: it does not fit)
check-full: ensure-tree
	@CHECK_FULL=1 $(S)/check.sh

## reproduce     prove each regression case of tests/reproducers fails on the base
reproduce: ensure-tree
	@$(S)/reproduce.sh

## bench         KUnit benchmark of probe cost, base and series side by side (BENCH_ARCHS="um arm64", BENCH_INSTS, BENCH_DEVICES, BENCH_ORDERS, BENCH_REPS, BENCH_BOOTS)
bench: ensure-tree
	@$(S)/bench.sh

## mbox          work/mbox/vN/series.mbox: threaded, To/Cc from get_maintainer.pl, checked with b4 + git am (OLD=REV adds a range-diff)
mbox: ensure-tree
	@$(S)/mbox.sh

## range-diff    OLD=REV (a commit of this project or a patch directory): git range-diff against the branch
range-diff: ensure-tree
	@$(S)/range-diff.sh

## demo          the main job: base + series + side-by-side board report
demo: ensure-tree
	@$(S)/board.sh

## test          what CI runs: kunit, kunit-arm64, reproduce, board, check
test:
	@$(S)/test.sh

ensure-tree:
	@$(S)/ensure-tree.sh
