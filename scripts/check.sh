#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: quality gates over the series, reporting only what it adds.
#   per patch: checkpatch --strict (commit ids checked against
#              tests/upstream-commits), objects of the touched directories
#              build for um and arm64, and for 32-bit arm when the patch
#              changes a file neither compiles (bisectability, no link);
#   at the tip: sparse (C=2), W=1 and kernel-doc on touched files, coccicheck
#              on touched directories, each compared with the base; full
#              um and arm64 builds; the touched directories for x86_64,
#              32-bit arm, powerpc64 and riscv64.
. "$(dirname "$0")/lib.sh"
load_pin
need "${PKG_BUILD[@]}" "${PKG_ARM64[@]}" "${PKG_ARM[@]}" "${PKG_CHECK[@]}"
[ "$(uname -m)" = x86_64 ] || need gcc-x86-64-linux-gnu
need "${PKG_PPC64[@]}" "${PKG_RISCV64[@]}"
base=$(base_commit)
G=("${GITQ[@]}" -C "$LINUX")
tip=$("${G[@]}" rev-parse "refs/heads/$BRANCH")
OUT=$WORK/check
mkdir -p "$OUT"
fail=0
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); fail=1; echo "FAIL: $*"; }

mapfile -t commits < <("${G[@]}" rev-list --reverse "$base..$tip")
mapfile -t files < <("${G[@]}" diff --name-only --diff-filter=AMR "$base" "$tip")
# Kernel C files; the selftests under tools/ are built on their own below.
mapfile -t cfiles < <(printf '%s\n' "${files[@]}" | grep -E '\.[ch]$' | grep -v '^tools/' || true)
mapfile -t stfiles < <(printf '%s\n' "${files[@]}" | grep -E '^tools/testing/selftests/.*\.c$' || true)
mapfile -t dirs < <(printf '%s\n' "${cfiles[@]}" | grep -E '\.c$' | xargs -r -n1 dirname | sort -u)
echo "check: ${#commits[@]} patches, ${#files[@]} files touched, ${#dirs[@]} C directories"

# --- checkpatch and commit references, per patch ---------------------------
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	subj=$("${G[@]}" log -1 --format=%s "$c")
	"${G[@]}" format-patch -1 --stdout "$c" > "$OUT/patch.$i"
	# FILE_PATH_CHANGES is replaced by the MAINTAINERS coverage check below.
	if (cd "$LINUX" && perl scripts/checkpatch.pl --strict --no-tree --quiet --terse --show-types \
		--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES "$OUT/patch.$i") > "$OUT/checkpatch.$i" 2>&1; then
		ok "checkpatch $i/${#commits[@]} $subj"
	else
		bad "checkpatch $i/${#commits[@]} $subj:"; sed 's/^/    /' "$OUT/checkpatch.$i" | head -n 20
	fi
	# Every Fixes: tag and "commit <sha>" reference must be in the table.
	while read -r sha rest; do
		[ -n "$sha" ] || continue
		want=$(awk -v s="$sha" 'substr($1, 1, length(s)) == s || substr(s, 1, length($1)) == $1 { $1 = ""; sub(/^ /, ""); print; exit }' "$TOP/tests/upstream-commits")
		if [ -z "$want" ]; then
			bad "patch $i references unknown commit $sha (add it to tests/upstream-commits)"
		elif ! printf '%s' "$rest" | grep -qF "$want"; then
			bad "patch $i: commit $sha is \"$want\", not $rest"
		fi
	done < <("${G[@]}" log -1 --format=%B "$c" |
		 sed -n -E 's/^Fixes: ([0-9a-f]{12,40}) \("(.*)"\)$/\1 \2/p; s/.*[Cc]ommit ([0-9a-f]{12,40}) \("([^"]*)"\).*/\1 \2/p')
done

# --- every file the series adds has a maintainer -------------------------
while read -r f; do
	[ -n "$f" ] || continue
	if (cd "$LINUX" && perl scripts/get_maintainer.pl --no-git --no-git-fallback -f "$f" 2>/dev/null) |
		grep -q '(maintainer:'; then
		ok "MAINTAINERS covers $f"
	else
		bad "no MAINTAINERS entry covers $f"
	fi
done < <("${G[@]}" diff --name-only --diff-filter=A "$base" "$tip")

# --- configurations that compile the IOMMU drivers the series touches.
# Configured, not built.
if [ "$(uname -m)" = x86_64 ]; then X86_CC=(); else X86_CC=(CROSS_COMPILE=x86_64-linux-gnu-); fi
# make_for <ARCH> <build dir>: the make command of that build, through ccache.
make_for() {
	case "$1" in
	arm64) M=(make -C "$src" O="$2" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CC="ccache aarch64-linux-gnu-gcc") ;;
	x86_64) M=(make -C "$src" O="$2" ARCH=x86_64 "${X86_CC[@]}" CC="ccache ${X86_CC[*]#CROSS_COMPILE=}gcc") ;;
	arm) M=(make -C "$src" O="$2" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- CC="ccache arm-linux-gnueabihf-gcc") ;;
	powerpc) M=(make -C "$src" O="$2" ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- CC="ccache powerpc64le-linux-gnu-gcc") ;;
	riscv) M=(make -C "$src" O="$2" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- CC="ccache riscv64-linux-gnu-gcc") ;;
	esac
}
# configure_for <tree> <build name> <ARCH> <fragment>...: allnoconfig plus
# the fragments; every option the last one sets must have survived.
configure_for() {
	local tree=$1 name=$2 arch=$3 o src k M
	shift 3
	src=$(tree_src "$tree")
	o=$(build_dir "$tree" "$name")
	mkdir -p "$o"
	cat "$@" > "$o/fragment.config"
	make_for "$arch" "$o"
	"${M[@]}" -s KCONFIG_ALLCONFIG="$o/fragment.config" allnoconfig >/dev/null
	for k in $(sed -n 's/=y$//p' "${@: -1}"); do
		grep -qx "$k=y" "$o/.config" || die "$k is not set in $o/.config (a dependency is missing)"
	done
	echo "$o"
}
# arm64, for the per-patch builds and the tip's sparse/W=1: the board's
# fragment plus configs/check-arm64-drivers.config.
drivers_config() {
	configure_for "$1" arm64-drivers arm64 "$TOP/configs/board-arm64.config" \
		"$TOP/configs/check-arm64-drivers.config"
}
# x86_64, for the tip's sparse/W=1 of the x86 drivers (amd, intel): native
# on x86_64 hosts, cross-compiled elsewhere.
x86_config() {
	configure_for "$1" x86_64-drivers x86_64 "$TOP/configs/check-x86_64-drivers.config"
}
# 32-bit arm, for the drivers only arm builds (msm) and the 32-bit builds
# of the core and of the arm DMA-IOMMU users.
arm_config() {
	configure_for "$1" arm-drivers arm "$TOP/configs/check-arm-drivers.config"
}

# arm64 with configs/check-callers-arm64.config too: the drivers that
# configure DMA outside bus code (tests/dma-configure-callers, and those the
# series converts to of_dma_configure_explicit*()), compiled one object at a
# time (their subsystems are not built).
callers_config() {
	configure_for "$1" arm64-callers arm64 "$TOP/configs/board-arm64.config" \
		"$TOP/configs/check-arm64-drivers.config" "$TOP/configs/check-callers-arm64.config"
}
mapfile -t caller_files < <({ grep -v -e '^#' -e '^$' "$TOP/tests/dma-configure-callers"
	"${G[@]}" grep -l -E '\bof_dma_configure_explicit(_id)?\(' "$tip" -- '*.c' ':!tools/' ':!drivers/of/' ':!drivers/iommu/' |
		sed "s/^$tip://"; } | sort -u)

# Directory targets without those below another one of the list: make
# builds the subdirectories it descends into, and naming a parent and its
# child races on the parent's modules.order.
outer_dirs() { sort -u | awk '{ for (i = 1; i <= n; i++) if (index($0 "/", d[i] "/") == 1) next; d[++n] = $0; print }'; }

# --- per-patch build of the touched directories, um, arm64 and arm --------
# Whether commit $2 can change what build directory $1 compiles: a change to
# anything but C files (a header, a Makefile, Kconfig) can; a C file can if
# it has an object there, or if its directory was never built there. Other
# patches are not built again in that configuration: make would find
# nothing to do, after a walk of every touched directory. Used for the
# architectures only make check-full builds per patch.
affects() {	# build-dir commit
	local o=$1 f
	[ -f "$o/.per-patch-built" ] || return 0
	while read -r f; do
		case "$f" in
		*.c)
			[ -d "$o/$(dirname "$f")" ] || return 0
			[ -f "$o/${f%.c}.o" ] && return 0 ;;
		Documentation/*|tools/*|scripts/coccinelle/*|MAINTAINERS) ;;
		*) return 0 ;;
		esac
	done < <("${GITQ[@]}" -C "$CK" diff --name-only "$2~1" "$2")
	return 1
}
# A separate checkout at the same relative distance from its build dirs as
# the other trees, so ccache shares objects.
CK=$WORK/check/linux
# CHECK_PER_PATCH=0 skips them (a quick re-check of the tip; CI runs them).
if [ "${CHECK_PER_PATCH:-1}" = 0 ]; then
	echo "check: per-patch builds skipped (CHECK_PER_PATCH=0)"
elif [ ${#commits[@]} -gt 0 ] && [ ${#dirs[@]} -gt 0 ]; then
	[ -d "$CK" ] || "${G[@]}" worktree add -q --detach "$CK" "$base"
	um_cfg=$(build_dir series kunit-um)/.config
	arm_cfg=$(drivers_config series)/.config
	arm32_cfg=$(arm_config series)/.config
	callers_cfg=$(callers_config series)/.config
	# CHECK_FULL=1 (make check-full): every patch also for x86_64,
	# powerpc64, riscv64 and (all touched directories) 32-bit arm, in their
	# tip configurations.
	full=()
	if [ "${CHECK_FULL:-0}" = 1 ]; then
		full=(x86_64 powerpc riscv arm-full)
		x86_cfg=$(x86_config series)/.config
		ppc_cfg=$(configure_for series powerpc64-core powerpc "$TOP/configs/check-powerpc64.config")/.config
		rv_cfg=$(configure_for series riscv64-core riscv "$TOP/configs/check-riscv64.config")/.config
	fi
	[ -f "$um_cfg" ] || die "run 'make kunit' first: $um_cfg is the um configuration"
	i=0
	for c in "${commits[@]}"; do
		i=$((i + 1))
		"${GITQ[@]}" -C "$CK" checkout -q --detach "$c"
		mapfile -t pd < <("${GITQ[@]}" -C "$CK" diff --name-only "$base" "$c" -- '*.c' ':!tools/' | xargs -r -n1 dirname | outer_dirs)
		[ ${#pd[@]} -gt 0 ] || { ok "build $i/${#commits[@]}: no C change yet"; continue; }
		# A patch that changes no kernel C or header file builds as its parent did.
		if [ -z "$("${GITQ[@]}" -C "$CK" diff --name-only "$c~1" "$c" -- '*.c' '*.h' ':!tools/')" ]; then
			ok "build $i/${#commits[@]}: no kernel C change in this patch"
			continue
		fi
		arches=(um arm64 callers arm)
		[ ${#full[@]} = 0 ] || arches=(um arm64 callers "${full[@]}")
		for a in "${arches[@]}"; do
			o=$WORK/check/build/$a
			mkdir -p "$o"
			# The files this patch changes that neither um nor arm64
			# compiled: the drivers converted to the explicit DMA API
			# (only their objects, in the arm64 configuration that
			# enables them), then 32-bit arm for the rest (msm); the tip
			# builds everything for arm.
			# check-full builds all touched directories for 32-bit arm
			# instead, in a directory of its own (arm-full), so the
			# partial objects of make check's arm directory never make
			# affects() skip a build.
			if [ $a = callers ] || [ $a = arm ]; then
				mapfile -t pc < <("${GITQ[@]}" -C "$CK" diff --name-only "$c~1" "$c" -- '*.c' ':!tools/')
				left=()
				for f in "${pc[@]}"; do
					[ -f "$WORK/check/build/um/${f%.c}.o" ] || [ -f "$WORK/check/build/arm64/${f%.c}.o" ] ||
						{ [ $a = arm ] && [ -f "$WORK/check/build/callers/${f%.c}.o" ]; } || left+=("${f%.c}.o")
				done
				[ ${#left[@]} -gt 0 ] || continue
				# Only what the callers configuration builds
				if [ $a = callers ]; then
					mapfile -t left < <(for obj in "${left[@]}"; do
						grep -qxF "${obj%.o}.c" <(printf '%s\n' "${caller_files[@]}") && echo "$obj"; done)
					[ ${#left[@]} -gt 0 ] || continue
				fi
			fi
			targets=("${pd[@]/%//}")
			[ $a = callers ] && targets=("${left[@]}")
			if [[ " ${full[*]} " == *" $a "* ]] && ! affects "$o" "$c"; then
				ok "build $i/${#commits[@]} $a: nothing this configuration compiles changes"
				continue
			fi
			case $a in
			um)
				M=(make -C "$CK" O="$o" ARCH=um CC="ccache gcc" -j"$JOBS")
				cp "$um_cfg" "$o/.config" ;;
			arm64)
				M=(make -C "$CK" O="$o" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CC="ccache aarch64-linux-gnu-gcc" -j"$JOBS")
				cp "$arm_cfg" "$o/.config" ;;
			callers)
				M=(make -C "$CK" O="$o" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CC="ccache aarch64-linux-gnu-gcc" -j"$JOBS")
				cp "$callers_cfg" "$o/.config" ;;
			arm|arm-full)
				M=(make -C "$CK" O="$o" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- CC="ccache arm-linux-gnueabihf-gcc" -j"$JOBS")
				cp "$arm32_cfg" "$o/.config" ;;
			x86_64)
				src=$CK; make_for x86_64 "$o"; M+=(-j"$JOBS")
				cp "$x86_cfg" "$o/.config" ;;
			powerpc)
				src=$CK; make_for powerpc "$o"; M+=(-j"$JOBS")
				cp "$ppc_cfg" "$o/.config" ;;
			riscv)
				src=$CK; make_for riscv "$o"; M+=(-j"$JOBS")
				cp "$rv_cfg" "$o/.config" ;;
			esac
			"${M[@]}" olddefconfig >/dev/null 2>&1
			if "${M[@]}" "${targets[@]}" > "$OUT/build.$a.$i" 2>&1; then
				touch "$o/.per-patch-built"
				ok "build $i/${#commits[@]} $a: ${targets[*]}"
			else
				bad "build $i/${#commits[@]} $a:"; grep -E 'error|Error' "$OUT/build.$a.$i" | head -n 10
			fi
		done
	done
fi

# --- tip: sparse, W=1, kernel-doc, coccicheck against the base -------------
# Warnings are compared as "file: message" multisets, without line numbers.
# Paths are relative (../../linux/...) or, from builds whose source tree is
# not their parent's parent, absolute (/.../linux/... or /.../base/linux/...).
norm() { sed -E 's#^(\.\./)*(linux/)?##; s#^/[^ :]*/linux/##; s#:[0-9]+:[0-9]+:#:#; s#:[0-9]+:#:#' | grep -E 'warning|error' | sort; }
added() { comm -13 <(norm < "$1") <(norm < "$2"); }

if [ ${#cfiles[@]} -gt 0 ]; then
	mapfile -t objs < <(printf '%s\n' "${cfiles[@]}" | grep '\.c$' | sed 's/\.c$/.o/')
	# Each file is compiled in the first configured arm64 build of its tree
	# that builds it: the KUnit build (which enables the series' suites),
	# the board build, then the drivers configuration (its touched
	# directories built here).
	for tree in base series; do
		src=$(tree_src "$tree")
		ob=$(build_dir "$tree" arm64-board)
		[ -f "$ob/.config" ] || "$TOP/scripts/build.sh" "$tree" board >/dev/null
		od=$(drivers_config "$tree")
		mapfile -t tdirs < <(for d in "${dirs[@]}"; do [ -d "$src/$d" ] && echo "$d"; done | outer_dirs | sed 's#$#/#')
		make_for arm64 "$od"
		"${M[@]}" -s -j"$JOBS" "${tdirs[@]}" > "$OUT/drivers.$tree.log" 2>&1 ||
			{ [ "$tree" = series ] && bad "arm64 drivers configuration: ${tdirs[*]} do not build"; tail -n 10 "$OUT/drivers.$tree.log"; }
		# The x86 IOMMU drivers: only x86_64 builds them.
		ox=$(x86_config "$tree")
		make_for x86_64 "$ox"
		"${M[@]}" -s -j"$JOBS" "${tdirs[@]}" > "$OUT/x86.$tree.log" 2>&1 ||
			{ [ "$tree" = series ] && bad "x86_64 drivers configuration: ${tdirs[*]} do not build"; tail -n 10 "$OUT/x86.$tree.log"; }
		# The arm-only IOMMU drivers and the 32-bit build of the rest.
		oa=$(arm_config "$tree")
		make_for arm "$oa"
		"${M[@]}" -s -j"$JOBS" "${tdirs[@]}" > "$OUT/arm.$tree.log" 2>&1 ||
			{ [ "$tree" = series ] && bad "arm drivers configuration: ${tdirs[*]} do not build"; tail -n 10 "$OUT/arm.$tree.log"; }
		# powerpc64 and riscv64, the series only: the touched directories
		# their configurations build, and the architecture code that uses
		# what the series changes (a build check, not compared).
		if [ "$tree" = series ]; then
			for xa in powerpc:powerpc64:arch/powerpc/kernel/iommu.o riscv:riscv64:drivers/acpi/riscv/rimt.o; do
				IFS=: read -r arch name extra <<<"$xa"
				ox2=$(configure_for "$tree" "$name-core" "$arch" "$TOP/configs/check-$name.config")
				make_for "$arch" "$ox2"
				# The object on its own: named beside its parent directory,
				# make races on the parent's modules.order.
				if "${M[@]}" -s -j"$JOBS" "${tdirs[@]}" > "$OUT/$name.$tree.log" 2>&1 &&
				   "${M[@]}" -s -j"$JOBS" "$extra" >> "$OUT/$name.$tree.log" 2>&1 &&
				   [ -f "$ox2/drivers/iommu/iommu.o" ] && [ -f "$ox2/$extra" ]; then
					ok "$name: ${tdirs[*]} $extra build"
				else
					bad "$name configuration: ${tdirs[*]} $extra do not build"
					grep -E 'error|Error' "$OUT/$name.$tree.log" | head -n 10
				fi
			done
		fi
		# Every file that configures DMA outside a bus callback, converted
		# or not, in both trees (the base's for the sparse/W=1 comparison).
		oc=$(callers_config "$tree")
		make_for arm64 "$oc"
		mapfile -t cobjs < <(for f in "${caller_files[@]}"; do [ -f "$src/$f" ] && echo "${f%.c}.o"; done)
		if "${M[@]}" -s -j"$JOBS" "${cobjs[@]}" > "$OUT/callers.$tree.log" 2>&1; then
			[ "$tree" = series ] && ok "arm64 COMPILE_TEST: the ${#cobjs[@]} files that configure DMA outside bus code build"
		else
			[ "$tree" = series ] && bad "arm64 COMPILE_TEST: a file that configures DMA outside bus code does not build"
			grep -E 'error|Error' "$OUT/callers.$tree.log" | head -n 10
		fi
		: > "$OUT/sparse.$tree"; : > "$OUT/w1.$tree"
		for obj in "${objs[@]}"; do
			[ -f "$src/${obj%.o}.c" ] || continue
			o=
			for cand in "$(build_dir "$tree" kunit-arm64)" "$ob" "$od" "$ox" "$oa" "$oc"; do
				[ -f "$cand/$obj" ] && { o=$cand; break; }
			done
			# The KUnit files build in the arm64 KUnit configuration:
			# build it if make kunit-arm64 has not run here yet.
			if [ -z "$o" ] && [ "$tree" = series ] && [ -z "${kunit_built:-}" ]; then
				kunit_built=1
				KUNIT_BUILD_ONLY=1 "$TOP/scripts/kunit.sh" arm64 series >/dev/null || true
				[ -f "$(build_dir "$tree" kunit-arm64)/$obj" ] && o=$(build_dir "$tree" kunit-arm64)
			fi
			if [ -z "$o" ]; then
				[ "$tree" = series ] && bad "$obj is not built by any arm64, x86_64 or arm configuration of the workspace"
				continue
			fi
			case $o in
			"$ox") make_for x86_64 "$o" ;;
			"$oa") make_for arm "$o" ;;
			*) make_for arm64 "$o" ;;
			esac
			[ "$tree" = series ] && echo "checking $obj in $(basename "$o")"
			touch "$src/${obj%.o}.c"
			"${M[@]}" C=1 CHECK="sparse -D__typeof_unqual__=__typeof__" "$obj" >> "$OUT/sparse.$tree" 2>&1 || true
			touch "$src/${obj%.o}.c"
			"${M[@]}" W=1 "$obj" >> "$OUT/w1.$tree" 2>&1 || true
			touch "$src/${obj%.o}.c"
			"${M[@]}" "$obj" >/dev/null 2>&1 || true
		done
		: > "$OUT/kdoc.$tree"
		for f in "${cfiles[@]}"; do
			[ -f "$src/$f" ] && (cd "$src" && perl scripts/kernel-doc -none -Wall "$f") >> "$OUT/kdoc.$tree" 2>&1 || true
		done
	done
	# sparse 0.6.4 (Debian) reports "bad constant expression" on every
	# module_param()/MODULE_*() line of this kernel, in the base's files as
	# much as in new ones; drop exactly those before comparing.
	for tree in base series; do
		python3 - "$OUT/sparse.$tree" <<-'EOF'
		import re, sys
		p = sys.argv[1]
		keep = []
		for line in open(p, errors='replace'):
		    m = re.match(r'(\S+?\.c):(\d+):\d+: error: bad constant expression', line)
		    if m:
		        try:
		            src = open(m.group(1), errors='replace').read().splitlines()[int(m.group(2)) - 1]
		        except (OSError, IndexError):
		            src = ''
		        if re.match(r'\s*(module_param\w*|MODULE_\w+|core_param)\s*\(', src):
		            continue
		    keep.append(line)
		open(p, 'w').writelines(keep)
		EOF
	done
	for k in sparse w1 kdoc; do
		new=$(added "$OUT/$k.base" "$OUT/$k.series")
		if [ -z "$new" ]; then ok "$k: nothing added"; else bad "$k adds:"; echo "$new" | head -n 20 | sed 's/^/    /'; fi
	done
	# Coccinelle, with the kernel's semantic patches in report mode, on every
	# C file the series touches, in both trees (reports are per file, so
	# this is what the series adds). Scripts needing OCaml are skipped, and
	# so is the series' own dma_configure.cocci: the base has no such script,
	# and its reports are judged below against tests/dma-configure-callers.
	mapfile -t cocci < <(cd "$LINUX" && grep -L 'script:ocaml' $(find scripts/coccinelle -name '*.cocci' | sort) |
			     grep -vx 'scripts/coccinelle/api/dma_configure.cocci')
	cocci_set=$(printf '%s\n' "${cocci[@]}" | sha1sum | cut -c1-12)
	cdir=${XDG_CACHE_HOME:-$HOME/.cache}/iommu-probe-series
	mkdir -p "$cdir"
	# Reports are cached per file content and script set; the files not
	# cached yet run $JOBS at a time (spatch is single-threaded).
	cocci_one() {	# src file cache script...
		local src=$1 f=$2 cache=$3 c opts
		shift 3
		: > "$cache.tmp"
		for c in "$@"; do
			[ -f "$src/$c" ] || continue
			opts=$(grep '^// Options:' "$src/$c" | cut -d: -f2 || true)
			# shellcheck disable=SC2086
			(cd "$src" && timeout 120 spatch -D report --no-show-diff --very-quiet $opts \
				--cocci-file "$c" -I include -I arch/arm64/include -I include/uapi \
				-I arch/arm64/include/uapi --include include/linux/kconfig.h "$f" 2>/dev/null) |
				grep -E '^[^ ]+\.[ch]:[0-9]+' >> "$cache.tmp" || true
		done
		mv "$cache.tmp" "$cache"
	}
	export -f cocci_one
	for tree in base series; do
		src=$(tree_src "$tree")
		for f in "${cfiles[@]}"; do
			case "$f" in *.c) ;; *) continue ;; esac
			[ -f "$src/$f" ] || continue
			cache=$cdir/cocci-$cocci_set-$(cd "$src" && git hash-object "$f")
			[ -f "$cache" ] || printf '%s\0%s\0%s\0' "$src" "$f" "$cache"
		done
	done | xargs -0 -r -n 3 -P "$JOBS" bash -c 'cocci_one "$@" '"$(printf '%q ' "${cocci[@]}")" _
	for tree in base series; do
		src=$(tree_src "$tree")
		: > "$OUT/cocci.$tree"
		for f in "${cfiles[@]}"; do
			case "$f" in *.c) ;; *) continue ;; esac
			[ -f "$src/$f" ] || continue
			cache=$cdir/cocci-$cocci_set-$(cd "$src" && git hash-object "$f")
			[ -f "$cache" ] || { bad "coccicheck did not run on $tree $f"; continue; }
			cat "$cache" >> "$OUT/cocci.$tree"
		done
	done
	new=$(comm -13 <(sed -E 's#:[0-9]+(:[0-9]+)?(-[0-9]+)?:#:#' "$OUT/cocci.base" | sort) \
		       <(sed -E 's#:[0-9]+(:[0-9]+)?(-[0-9]+)?:#:#' "$OUT/cocci.series" | sort))
	if [ -z "$new" ]; then ok "coccicheck: nothing added"; else bad "coccicheck adds:"; echo "$new" | head -n 20 | sed 's/^/    /'; fi
fi

# --- of/acpi_dma_configure*() outside bus dma_configure() callbacks ---------
# scripts/coccinelle/api/dma_configure.cocci over every caller at the tip;
# the files it reports must be exactly those of tests/dma-configure-callers
# (the callers not converted yet, also listed in the cover letter).
cc=scripts/coccinelle/api/dma_configure.cocci
if [ -f "$LINUX/$cc" ]; then
	mapfile -t callers < <("${G[@]}" grep -l -E '\b(of|acpi)_dma_configure(_id)?\(' -- '*.c' ':!tools/')
	: > "$OUT/dma-configure.report"
	for f in "${callers[@]}"; do
		(cd "$LINUX" && timeout 120 spatch -D report --no-show-diff --very-quiet --no-includes \
			--include-headers --cocci-file "$cc" -I include -I arch/arm64/include \
			--include include/linux/kconfig.h "$f" 2>/dev/null) >> "$OUT/dma-configure.report" || true
	done
	got=$(sed -E 's/:.*//' "$OUT/dma-configure.report" | sort -u)
	want=$(grep -v -e '^#' -e '^$' "$TOP/tests/dma-configure-callers" | sort -u)
	if [ "$got" = "$want" ]; then
		ok "dma_configure.cocci: $(grep -c . <<< "$got") files configure DMA explicitly, as listed"
	else
		bad "dma_configure.cocci reports differ from tests/dma-configure-callers:"
		diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
	fi
fi

# --- documentation pages the series adds: Sphinx with the kernel's kerneldoc
# extension, one page at a time, warnings are errors ------------------------
while read -r f; do
	[ -n "$f" ] || continue
	d=$OUT/sphinx/$(basename "$f" .rst)
	rm -rf "$d"; mkdir -p "$d/src"
	cp "$LINUX/$f" "$d/src/"
	printf 'Page\n====\n\n.. toctree::\n\n   %s\n' "$(basename "$f" .rst)" > "$d/src/index.rst"
	cat > "$d/src/conf.py" <<-EOF
	import os, sys
	sys.path.insert(0, '$LINUX/Documentation/sphinx')
	extensions = ['kerneldoc', 'automarkup']
	kerneldoc_srctree = '$LINUX'
	kerneldoc_bin = '$LINUX/scripts/kernel-doc'
	master_doc = 'index'
	EOF
	if (cd "$LINUX" && srctree=$LINUX timeout 600 sphinx-build -q -W -b html -d "$d/doctrees" \
		"$d/src" "$d/html") > "$d/log" 2>&1; then
		ok "sphinx: $f builds without warnings"
	else
		bad "sphinx: $f:"; head -n 10 "$d/log" | sed 's/^/    /'
	fi
done < <("${G[@]}" diff --name-only --diff-filter=A "$base" "$tip" -- 'Documentation/*.rst')

# --- selftests the series adds or changes: warning-free static arm64 builds
for f in "${stfiles[@]}"; do
	[ -n "$f" ] || continue
	if aarch64-linux-gnu-gcc -static -O2 -Wall -Werror -I "$LINUX/tools/testing/selftests" \
		-o "$OUT/$(basename "$f" .c)" "$LINUX/$f" > "$OUT/selftest.log" 2>&1; then
		ok "selftest $f builds for arm64 (-Wall -Werror)"
	else
		bad "selftest $f:"; head -n 10 "$OUT/selftest.log"
	fi
done

# --- full builds at the tip (incremental, shared with kunit/board) --------
if "$TOP/scripts/build.sh" series board >/dev/null; then ok "arm64 full build at the tip"; else bad "arm64 full build at the tip"; fi
um_o=$(build_dir series kunit-um)
if [ -f "$um_o/.config" ]; then
	if make -s -C "$LINUX" O="$um_o" ARCH=um CC="ccache gcc" -j"$JOBS" > "$OUT/um-full.log" 2>&1; then
		ok "um full build at the tip"
	else
		bad "um full build at the tip"; tail -n 10 "$OUT/um-full.log"
	fi
fi
echo "check: $passed passed, $failed failed"
exit $fail
