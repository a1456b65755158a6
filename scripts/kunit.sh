#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make kunit / make kunit-arm64 / make kunit-x86_64: run the KUnit suites the series adds (every
# .kunitconfig it creates) and the existing ones it can break, then judge the
# console log with scripts/ktap_check.py.
#   scripts/kunit.sh um|arm64|x86_64 [series|base|repro]
# "repro" is the base with the series' test harness (scripts/reproduce.sh):
# there the cases of tests/reproducers must fail, everything else pass.
. "$(dirname "$0")/lib.sh"
load_pin
arch=${1:?usage: kunit.sh um|arm64|x86_64 [series|base|repro]}
tree=${2:-series}
src=$(tree_src "$tree")
[ -d "$src" ] || die "$src missing: run 'make tree'"
need "${PKG_BUILD[@]}"
[ "$arch" = arm64 ] && need "${PKG_ARM64[@]}" "${PKG_QEMU[@]}"
[ "$arch" = x86_64 ] && need "${PKG_QEMU_X86[@]}"

base=$(base_commit)
build=$(build_dir "$tree" "kunit-$arch")
log=$WORK/logs/kunit-$arch-$tree${LOG_TAG:+-$LOG_TAG}.log
mkdir -p "$build" "$(dirname "$log")"

cfgs=(--kunitconfig="$src/drivers/of/.kunitconfig")
# Every .kunitconfig the series adds.
while read -r f; do
	cfgs+=(--kunitconfig="$src/$f")
done < <("${GITQ[@]}" -C "$LINUX" diff --name-only --diff-filter=A "$base" "$BRANCH" -- '*.kunitconfig' |
	 while read -r f; do [ -f "$src/$f" ] && echo "$f"; done)
cfgs+=(--kunitconfig="$TOP/configs/kunit-common.config")
# Options of a run only (kunit.py build refuses them)
kargs=()
case "$arch" in
um)
	opts=(--arch=um --make_options "CC=ccache gcc") ;;
arm64)
	cfgs+=(--kunitconfig="$TOP/configs/kunit-arm64.config")
	# After the suites the guest's /init runs a kmemleak scan into the log.
	[ "${KUNIT_BUILD_ONLY:-0}" = 1 ] || "$TOP/scripts/initramfs.sh" "$build/guest.cpio"
	opts=(--qemu_config="$TOP/configs/kunit-qemu-arm64.py" --cross_compile=aarch64-linux-gnu-
	      --make_options "CC=ccache aarch64-linux-gnu-gcc"
	      --qemu_args "-initrd $build/guest.cpio${KUNIT_SMP:+ -smp $KUNIT_SMP}")
	kargs=(--kernel_args iommutest.kmemleak_only) ;;
x86_64)
	cfgs+=(--kunitconfig="$TOP/configs/kunit-x86_64.config")
	# Native or cross, through ccache.
	if [ "$(uname -m)" = x86_64 ]; then xcc=(); else need gcc-x86-64-linux-gnu; xcc=(--cross_compile=x86_64-linux-gnu-); fi
	opts=(--arch=x86_64 "${xcc[@]}" --make_options "CC=ccache ${xcc[*]#--cross_compile=}gcc")
	# Always TCG: kunit.py asks QEMU for KVM first, and KVM nested in a
	# virtual machine (as on CI machines) can stop the guest at its first
	# cmpxchg16b with an emulation failure, which hangs the run. A wrapper
	# first in PATH drops every accelerator but TCG, so that every machine
	# runs the same.
	mkdir -p "$WORK/bin"
	qemu_x86=$(command -v qemu-system-x86_64)
	printf '%s\n' '#!/bin/bash' \
		'# Written by scripts/kunit.sh: QEMU with TCG only (see there).' \
		'args=()' \
		'while [ $# -gt 0 ]; do' \
		'	if [ "$1" = -accel ] && [ "${2:-}" != tcg ]; then shift 2; continue; fi' \
		'	args+=("$1"); shift' \
		'done' \
		"exec $qemu_x86 \"\${args[@]}\"" > "$WORK/bin/qemu-system-x86_64"
	chmod +x "$WORK/bin/qemu-system-x86_64"
	export PATH="$WORK/bin:$PATH" ;;
*) die "unknown KUnit arch $arch" ;;
esac

# The stress case draws its operations from a seed: a fixed one by default,
# so that a run is repeatable; STRESS_SEED=random lets the suite pick one
# (it prints it), STRESS_SEED=<n> repeats a given run.
seed_arg=()
case "${STRESS_SEED:=496264335}" in
random) ;;
*) seed_arg=(--kernel_args="iommu_probe_kunit.stress_seed=$STRESS_SEED") ;;
esac

# A longer stress run: STRESS_STEPS (default 200) steps, for at most
# STRESS_MS (default 20000) ms.
[ -n "${STRESS_STEPS:-}" ] && seed_arg+=(--kernel_args="iommu_probe_kunit.stress_steps=$STRESS_STEPS")
[ -n "${STRESS_MS:-}" ] && seed_arg+=(--kernel_args="iommu_probe_kunit.stress_ms=$STRESS_MS")

# The probe benchmark (configs/kunit-common.config) runs small here: it is
# a correctness check in these runs; "make bench" measures.
seed_arg+=(--kernel_args="iommu_probe_kunit_bench.insts=1,4"
	   --kernel_args="iommu_probe_kunit_bench.devices=16,64")

# KUNIT_ISOLATED=test boots a kernel per case (kunit.py --run_isolated):
# make reproduce falls back to it when a base run crashes, so that one
# crashing case hides no other result.
[ -n "${KUNIT_ISOLATED:-}" ] && seed_arg+=(--run_isolated="$KUNIT_ISOLATED")

# KUNIT_BUILD_ONLY=1: build the kernel and stop (make check compiles the
# KUnit files with sparse and W=1 in this build directory).
if [ "${KUNIT_BUILD_ONLY:-0}" = 1 ]; then
	log=${log%.log}-build.log
	info "kunit $arch on $tree: build only, in $build, log in $log"
	(cd "$src" && python3 tools/testing/kunit/kunit.py build "${opts[@]}" "${cfgs[@]}" \
		--build_dir="$build" --jobs="$JOBS") > "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "kunit $arch: build failed (see $log)"; }
	exit 0
fi

info "kunit $arch on $tree: build in $build, log in $log"
start=$(date +%s)
set +e
(cd "$src" && python3 tools/testing/kunit/kunit.py run "${opts[@]}" "${kargs[@]}" "${cfgs[@]}" \
	--build_dir="$build" --jobs="$JOBS" --timeout="${KUNIT_TIMEOUT:-1800}" \
	--kernel_args=deferred_probe_timeout=-1 "${seed_arg[@]}" --raw_output=all) > "$log" 2>&1
rc=$?
set -e
info "kunit $arch: kunit.py exited $rc after $(( $(date +%s) - start ))s"
if [ $rc -ne 0 ] && ! grep -q 'KTAP version' "$log"; then
	grep -E 'error|Error|ERROR|not set|missing' "$log" | head -n 20 >&2 || tail -n 20 "$log" >&2
	die "kunit $arch: build or boot failed (see $log)"
fi
if [ "$arch" = arm64 ] && ! grep -q 'kmemleak scan: no leaks' "$log"; then
	grep -q 'suspected memory leak' "$log" || echo "FAIL: the guest's kmemleak scan did not run"
	kmemleak_ok=0
fi
python3 "$TOP/scripts/ktap_check.py" --arch "$arch" --label "kunit-$arch" \
	--suites "$TOP/tests/kunit-suites" \
	--known-failing "$TOP/tests/$([ "$tree" = repro ] && echo reproducers || echo known-failing)" \
	${KTAP_JSON:+--json "$KTAP_JSON"} "$log"
[ "${kmemleak_ok:-1}" = 1 ]
