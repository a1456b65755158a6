#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the KUnit benchmark of IOMMU probing (CONFIG_IOMMU_PROBE_KUNIT_BENCH)
# on the base (work/repro/linux: the base with the series' harness, whose
# first patch only adds the probe statistics) and on the series tip, back to
# back, ARCH=um and arm64 under QEMU, then one table with both side by side.
# The benchmark prints figures; it fails only when a result is wrong.
#   BENCH_ARCHS="um arm64"  BENCH_INSTS=1,4,16,64
#   BENCH_DEVICES=256,512,1024,2048,4096,8192
#   BENCH_ORDERS=instances-first,devices-first,interleaved
#   BENCH_REPS=3 (runs of each configuration; the times are their medians,
#   and every run must count the same)
#   BENCH_BOOTS=N (boots of each tree, alternating base and series, so that
#   a drift of the host weighs on both; the report takes the median over
#   the boots, and every boot must count the same): default 5 on um, whose
#   wall times vary from boot to boot by 10-20%, 1 on arm64 (TCG), whose
#   runs take minutes
. "$(dirname "$0")/lib.sh"
load_pin
need "${PKG_BUILD[@]}"
insts=${BENCH_INSTS:-1,4,16,64}
devices=${BENCH_DEVICES:-256,512,1024,2048,4096,8192}
orders=${BENCH_ORDERS:-instances-first,devices-first,interleaved}
archs=${BENCH_ARCHS:-um arm64}
reps=${BENCH_REPS:-3}

"$TOP/scripts/repro-tree.sh"
mkdir -p "$WORK/logs" "$WORK/bench"
rc=0
for arch in $archs; do
	case "$arch" in
	um) opts=(--arch=um --make_options "CC=ccache gcc") ;;
	arm64)
		need "${PKG_ARM64[@]}" "${PKG_QEMU[@]}"
		opts=(--arch=arm64 --cross_compile=aarch64-linux-gnu-
		      --make_options "CC=ccache aarch64-linux-gnu-gcc") ;;
	*) die "unknown bench arch $arch (um or arm64)" ;;
	esac
	boots=${BENCH_BOOTS:-$([ "$arch" = um ] && echo 5 || echo 1)}
	blogs=() slogs=()
	for boot in $(seq 1 "$boots"); do
	for tree in repro series; do
		src=$(tree_src "$tree")
		build=$(build_dir "$tree" "bench-$arch")
		log=$WORK/logs/bench-$arch-$tree.$boot.log
		mkdir -p "$build"
		# The first boot of a tree builds its kernel, the others run it.
		verb=(run --jobs="$JOBS")
		[ "$boot" = 1 ] || verb=(exec)
		info "bench $arch on $([ "$tree" = repro ] && echo base || echo series), boot $boot/$boots: build in $build, log in $log"
		start=$(date +%s)
		set +e
		(cd "$src" && python3 tools/testing/kunit/kunit.py "${verb[@]}" "${opts[@]}" \
			--kunitconfig="$TOP/configs/bench.config" --build_dir="$build" \
			--timeout="${BENCH_TIMEOUT:-3600}" \
			--kernel_args=deferred_probe_timeout=-1 \
			--kernel_args="iommu_probe_kunit_bench.insts=$insts" \
			--kernel_args="iommu_probe_kunit_bench.devices=$devices" \
			--kernel_args="iommu_probe_kunit_bench.orders=$orders" \
			--kernel_args="iommu_probe_kunit_bench.reps=$reps" \
			--raw_output=all) > "$log" 2>&1
		r=$?
		set -e
		info "bench $arch $tree boot $boot: kunit.py exited $r after $(( $(date +%s) - start ))s"
		if ! grep -q 'bench order=' "$log"; then
			grep -E 'error|Error|ERROR' "$log" | head -n 20 >&2 || tail -n 20 "$log" >&2
			echo "FAIL: bench $arch $tree boot $boot printed no figures (see $log)"
			rc=1
		fi
		if [ "$tree" = repro ]; then blogs+=("$log"); else slogs+=("$log"); fi
	done
	done
	python3 "$TOP/scripts/bench_report.py" --arch "$arch" \
		--markdown "$WORK/bench/bench-$arch.md" --base "${blogs[@]}" --series "${slogs[@]}" || rc=1
	if [ -f "$WORK/bench/bench-$arch.md" ]; then
		{ echo "Run of $(date -u +%Y-%m-%d), $arch: insts=$insts devices=$devices orders=$orders reps=$reps boots=$boots (medians over the boots of the medians of the runs)."
		  echo; cat "$WORK/bench/bench-$arch.md"; } > "$WORK/bench/bench-$arch.md.new"
		mv "$WORK/bench/bench-$arch.md.new" "$WORK/bench/bench-$arch.md"
	fi
done
# Every architecture's latest run, this one's and earlier ones.
mds=("$WORK"/bench/bench-*.md)

# The README's benchmark section is this run's, between its two markers.
if grep -q '^<!-- bench figures: begin' "$TOP/README.md"; then
	{
		echo "Each cell is base / series; per device means over all 2D devices."
		echo
		cat "${mds[@]}"
	} > "$WORK/bench/figures.md"
	python3 - "$TOP/README.md" "$WORK/bench/figures.md" <<-'PY'
	import re, sys
	readme, table = sys.argv[1], open(sys.argv[2]).read()
	s = open(readme).read()
	s = re.sub(r'(<!-- bench figures: begin[^\n]*-->\n).*?(<!-- bench figures: end -->)',
	           lambda m: m.group(1) + table + m.group(2), s, flags=re.S)
	open(readme, 'w').write(s)
	PY
	info "README benchmark figures updated from this run"
fi
exit $rc
