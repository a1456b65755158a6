#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare work/repro/linux = the base + the series' harness patches
# (tests/harness-patches) + the tip's version of the suite files
# (tests/suite-files): the base as the KUnit suite and the benchmark see it.
# Used by "make reproduce" and "make bench".
. "$(dirname "$0")/lib.sh"
load_pin
base=$(base_commit)
R=$(tree_src repro)
G=("${GITQ[@]}" -C "$LINUX")
GR=("${GITQ[@]}" -C "$R")
git config --global user.email >/dev/null 2>&1 || GR+=(-c user.name="Series Workspace" -c user.email=workspace@localhost)

mapfile -t harness < <(grep -v -e '^#' -e '^$' "$TOP/tests/harness-patches" || true)

[ -d "$R" ] || { mkdir -p "$(dirname "$R")"; "${G[@]}" worktree add -q --detach "$R" "$base"; }
"${GITQ[@]}" -C "$R" am --abort >/dev/null 2>&1 || true
"${GITQ[@]}" -C "$R" checkout -q -f --detach "$base"
"${GITQ[@]}" -C "$R" clean -q -f -d -- drivers >/dev/null
for p in "${harness[@]}"; do
	[ -f "$SERIES_DIR/$p" ] || die "tests/harness-patches lists $p, not in series/"
	"${GR[@]}" am -q "$SERIES_DIR/$p" >/dev/null 2>&1 ||
		{ "${GITQ[@]}" -C "$R" am --abort >/dev/null 2>&1; die "$p does not apply to the base"; }
done
# Declarations the tip's suite files need to compile against the base
# (tests/repro-compat/README): new iommu_ops members that the fake driver
# fills in and the base never calls. They change no behaviour of the base.
for p in "$TOP"/tests/repro-compat/*.patch; do
	[ -f "$p" ] || continue
	"${GR[@]}" am -q "$p" >/dev/null 2>&1 ||
		{ "${GITQ[@]}" -C "$R" am --abort >/dev/null 2>&1; die "$(basename "$p") does not apply to the base"; }
done
mapfile -t specs < <(grep -v -e '^#' -e '^$' "$TOP/tests/suite-files")
mapfile -t files < <("${G[@]}" ls-tree -r --name-only "$BRANCH" | while read -r f; do
	for sp in "${specs[@]}"; do
		# shellcheck disable=SC2053
		[[ $f == $sp ]] && { echo "$f"; break; }
	done
done)
[ ${#files[@]} -eq 0 ] || "${GITQ[@]}" -C "$R" checkout -q "$("${G[@]}" rev-parse "$BRANCH")" -- "${files[@]}"
info "repro tree: base + ${#harness[@]} harness patches + $(find "$TOP/tests/repro-compat" -name '*.patch' 2>/dev/null | wc -l) declaration patches + ${#files[@]} suite files from the tip"
