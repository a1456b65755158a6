#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make tree: $LINUX on branch $BRANCH = base + "git am" of the series.
# Refuses to overwrite commits or changes that were not exported (FORCE=1 overrides).
. "$(dirname "$0")/lib.sh"
need "${PKG_BASE[@]}" python3
load_pin
base=$(base_commit)
G=("${GITQ[@]}" -C "$LINUX")
git config --global user.email >/dev/null 2>&1 || G+=(-c user.name="Series Workspace" -c user.email=workspace@localhost)

if "${G[@]}" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null; then
	if [ -z "${FORCE:-}" ]; then
		[ -z "$("${G[@]}" status --porcelain --untracked-files=no)" ] ||
			die "$LINUX has uncommitted changes: commit and 'make export' them, or FORCE=1 make tree to discard"
		[ ! -d "$LINUX/.git/rebase-apply" ] && [ ! -d "$LINUX/.git/rebase-merge" ] ||
			die "$LINUX has a rebase or am in progress: finish or abort it first"
		tmp=$(mktemp -d "$WORK/tree.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		SERIES_OUT=$tmp "$TOP/scripts/export.sh" --compare >/dev/null 2>&1 ||
			die "branch $BRANCH has commits that differ from $SERIES_DIR: 'make export' them first, or FORCE=1 make tree to discard"
		# Already the series: leave the checkout (and its mtimes) alone.
		if [ "$("${G[@]}" symbolic-ref -q --short HEAD)" = "$BRANCH" ]; then
			info "$LINUX: branch $BRANCH already matches $SERIES_DIR"
			exit 0
		fi
	fi
fi

"${G[@]}" am --abort >/dev/null 2>&1 || true
"${G[@]}" checkout -q -f -B "$BRANCH" "$base"
n=0
while read -r p; do
	[ -n "$p" ] || continue
	if ! "${G[@]}" am -q --keep-cr "$p" >/dev/null 2>"$WORK/am.err"; then
		"${G[@]}" am --abort >/dev/null 2>&1 || true
		die "$(basename "$p") does not apply to the base: $(head -n1 "$WORK/am.err")"
	fi
	n=$((n + 1))
done < <(series_patches)

cover=$(ls "$SERIES_DIR"/0000-cover-letter.patch 2>/dev/null || true)
if [ -n "$cover" ]; then
	"${G[@]}" config "branch.$BRANCH.description" "$("$TOP/scripts/cover.py" desc "$cover")"
fi
info "$LINUX: branch $BRANCH = $BASE_TAG + $n patches"
