#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a minimal board kernel: allnoconfig + config fragments, never defconfig.
#   scripts/build.sh base|series VARIANT
# VARIANT is a list of fragments joined by "+", from configs/board-arm64-*.config
# ("board" alone is configs/board-arm64.config), or "x86" for the x86_64
# board (configs/board-x86_64.config). Prints the build directory.
. "$(dirname "$0")/lib.sh"
tree=${1:?usage: build.sh base|series VARIANT}
variant=${2:-board}
src=$(tree_src "$tree")
[ -d "$src" ] || die "$src missing: run 'make base' / 'make tree'"
if [ "$variant" = x86 ]; then
	arch=x86_64
	need "${PKG_BUILD[@]}" "${PKG_X86[@]}"
	out=$(build_dir "$tree" "x86_64-board")
	mkdir -p "$out"
	frag=$out/fragment.config
	cat "$TOP/configs/board-x86_64.config" > "$frag.new"
else
	arch=arm64
	need "${PKG_BUILD[@]}" "${PKG_ARM64[@]}"
	out=$(build_dir "$tree" "arm64-$variant")
	mkdir -p "$out"
	frag=$out/fragment.config
	cat "$TOP/configs/board-arm64.config" > "$frag.new"
	IFS=+ read -r -a parts <<< "$variant"
	for p in "${parts[@]}"; do
		[ "$p" = board ] && continue
		f=$TOP/configs/board-arm64-$p.config
		[ -f "$f" ] || die "no config fragment $f"
		cat "$f" >> "$frag.new"
	done
fi
# Later fragments override earlier ones: keep the last value of each option.
awk '/^(# )?CONFIG_/ { k = $0; sub(/^# /, "", k); sub(/[= ].*/, "", k); v[k] = $0; if (!(k in seen)) { seen[k] = 1; order[n++] = k } }
     END { for (i = 0; i < n; i++) print v[order[i]] }' "$frag.new" > "$frag.tmp"
rm -f "$frag.new"
if ! cmp -s "$frag.tmp" "$frag"; then mv "$frag.tmp" "$frag"; else rm -f "$frag.tmp"; fi

if [ $arch = x86_64 ]; then
	M=(make -s -C "$src" O="$out" ARCH=x86_64 "${X86_CROSS[@]}" CC="ccache ${X86_GCC}" -j"$JOBS")
	targets=(bzImage)
else
	M=(make -s -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	   CC="ccache aarch64-linux-gnu-gcc" -j"$JOBS")
	targets=(Image)
fi
"${M[@]}" KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null
# Every option of the fragment must have survived (a dependency may be missing).
bad=$(awk -F= '/^CONFIG_/ { want[$1] = $2 } END { for (k in want) print k "=" want[k] }' "$frag" |
	while IFS== read -r k v; do
		if [ "$v" = n ]; then
			grep -q "^$k=" "$out/.config" && echo "$k"
		else
			grep -qx "$k=$v" "$out/.config" || echo "$k"
		fi
	done | sort | paste -sd' ')
[ -z "$bad" ] || die "config fragment options not set in $out/.config: $bad"
start=$(date +%s)
grep -q '^CONFIG_MODULES=y' "$out/.config" && targets+=(modules)
"${M[@]}" "${targets[@]}" > "$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; die "build of $tree $variant failed (see $out/build.log)"; }
info "built $tree $arch-$variant in $(( $(date +%s) - start ))s"
echo "$out"
