#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make range-diff OLD=REV: "git range-diff" of the series as it was at
# commit REV of this project (its series/ directory) against branch
# $BRANCH of work/linux. OLD may also be a directory of format-patch files
# (a previous posting). The old version is applied with "git am" onto the
# base in the scratch repository work/mbox/scratch.
. "$(dirname "$0")/lib.sh"
need "${PKG_BASE[@]}"
old=${1:-${OLD:-}}
[ -n "$old" ] || die "usage: make range-diff OLD=<commit of this project, or a directory of patches>"
load_pin
base=$(base_commit)
G=(env GIT_CONFIG_GLOBAL=/dev/null "${GITQ[@]}")
scratch=$(scratch_repo)
SG=("${G[@]}" -C "$scratch" -c user.name="Series Workspace" -c user.email=workspace@localhost)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -d "$old" ]; then
	old=$(cd "$old" && pwd)
	if [ -f "$old/series" ]; then
		grep -v '^#' "$old/series" | sed '/^$/d' | while read -r f; do echo "$old/$f"; done > "$tmp/list"
	else
		ls "$old"/*.patch | grep -v '/0000-cover-letter.patch$' > "$tmp/list" || true
	fi
	label=$old
else
	rev=$(git -C "$TOP" rev-parse -q --verify "$old^{commit}") || die "OLD=$old is neither a directory nor a commit of $TOP"
	mkdir -p "$tmp/old"
	git -C "$TOP" archive "$rev" series | tar -x -C "$tmp/old"
	[ -f "$tmp/old/series/series" ] || die "commit $old of $TOP has no series/series"
	grep -v '^#' "$tmp/old/series/series" | sed '/^$/d' | while read -r f; do echo "$tmp/old/series/$f"; done > "$tmp/list"
	label="$(git -C "$TOP" log -1 --format='%h (%cs)' "$rev")"
fi
mapfile -t oldp < "$tmp/list"
[ ${#oldp[@]} -gt 0 ] || die "OLD=$old has no patches"

"${SG[@]}" am --abort >/dev/null 2>&1 || true
"${SG[@]}" checkout -q -f --detach "$base"
"${SG[@]}" clean -q -fdx
"${SG[@]}" am -q -3 "${oldp[@]}" > "$tmp/am.log" 2>&1 ||
	{ cat "$tmp/am.log" >&2; "${SG[@]}" am --abort >/dev/null 2>&1 || true; die "the old series ($label) does not apply to $BASE_TAG"; }
"${SG[@]}" branch -q -f old HEAD
info "range-diff: old = $label (${#oldp[@]} patches), new = branch $BRANCH"
"${SG[@]}" -c core.abbrev=12 range-diff --no-color "$base..old" "$base..refs/remotes/origin/$BRANCH"
