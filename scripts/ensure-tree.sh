#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make sure work/linux exists before building from it. An existing branch is
# used as it is (it may hold commits not exported yet), with a warning when
# it differs from series/.
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/base.sh"
if ! "${GITQ[@]}" -C "$LINUX" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null 2>&1; then
	exec "$TOP/scripts/tree.sh"
fi
tmp=$(mktemp -d "$WORK/ensure.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
SERIES_OUT=$tmp "$TOP/scripts/export.sh" --compare >/dev/null 2>&1 ||
	info "note: testing $LINUX branch $BRANCH, which differs from series/ (unexported commits, or run 'make tree')"
