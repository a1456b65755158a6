#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make apply KERNEL=DIR: apply the series onto your own kernel git tree with
# "git am -3". A non-git directory, a dirty tree, an operation in progress or
# a conflict is refused with a one-line reason; the tree is left as it was.
. "$(dirname "$0")/lib.sh"
K=${KERNEL:-}
[ -n "$K" ] || die "usage: make apply KERNEL=/path/to/your/linux (a git work tree)"
[ -d "$K" ] || die "KERNEL=$K is not a directory"
top=$(git -C "$K" rev-parse --show-toplevel 2>/dev/null) || die "KERNEL=$K is not a git work tree"
[ -f "$top/MAINTAINERS" ] && [ -d "$top/drivers/iommu" ] || die "KERNEL=$K does not look like a Linux tree"
gd=$(git -C "$top" rev-parse --absolute-git-dir)
[ ! -d "$gd/rebase-apply" ] && [ ! -d "$gd/rebase-merge" ] && [ ! -f "$gd/MERGE_HEAD" ] ||
	die "$top has a git am, rebase or merge in progress: finish or abort it first"
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	die "$top has uncommitted changes: commit or stash them first"
mapfile -t patches < <(series_patches)
if [ ${#patches[@]} -eq 0 ]; then
	info "the series has no patches: nothing to apply to $top"
	exit 0
fi
head=$(git -C "$top" rev-parse HEAD)
log=$(mktemp)
ident=()
git -C "$top" config user.email >/dev/null 2>&1 || ident=(-c user.name="Series Workspace" -c user.email=workspace@localhost)
if ! git -C "$top" "${ident[@]}" am -3 -q "${patches[@]}" > "$log" 2>&1; then
	cur=$(git -C "$top" am --show-current-patch=raw 2>/dev/null | sed -n 's/^Subject: //p' | head -n1)
	git -C "$top" am --abort >/dev/null 2>&1 || true
	git -C "$top" reset -q --hard "$head" 2>/dev/null || true
	[ "$(git -C "$top" rev-parse HEAD)" = "$head" ] || die "could not restore $top to $head"
	rm -f "$log"
	die "\"${cur:-a patch}\" does not apply to $top (conflict); aborted, tree left at ${head:0:12}"
fi
rm -f "$log"
info "applied ${#patches[@]} patches onto $top (was ${head:0:12}, now $(git -C "$top" rev-parse --short=12 HEAD))"
