#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make export: write branch $BRANCH of $LINUX back into $SERIES_DIR as
# "git format-patch" files, a cover letter and the quilt-style "series" file.
# Output is stable: exporting an unchanged branch changes no file.
# PREFIX=...: new subject prefix (version), e.g. "RFC PATCH v2".
# --compare: write to $SERIES_OUT and only report whether it differs.
. "$(dirname "$0")/lib.sh"
need python3
load_pin
base=$(base_commit)
G=(env GIT_CONFIG_GLOBAL=/dev/null "${GITQ[@]}" -C "$LINUX" -c core.abbrev=12
   -c diff.algorithm=myers -c diff.renames=true -c diff.noprefix=false -c diff.mnemonicPrefix=false)
compare=
[ "${1:-}" = --compare ] && compare=1

"${G[@]}" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null || die "no branch $BRANCH in $LINUX: run 'make tree'"
tip=$("${G[@]}" rev-parse "refs/heads/$BRANCH")
"${G[@]}" merge-base --is-ancestor "$base" "$tip" || die "branch $BRANCH is not based on $BASE_TAG"
[ -z "$("${G[@]}" rev-list --merges "$base..$tip")" ] || die "branch $BRANCH has merge commits"

if [ -z "$compare" ]; then
	# Nothing may be left behind: no uncommitted change, and no untracked or
	# ignored file in a directory the series touches (it would be lost).
	dirty=$("${G[@]}" status --porcelain --untracked-files=no)
	[ -z "$dirty" ] || die "uncommitted changes in $LINUX ($(echo "$dirty" | head -n1 | cut -c4-)...): commit them first"
	mapfile -t dirs < <("${G[@]}" diff --name-only "$base" "$tip" | xargs -r -n1 dirname | sort -u)
	if [ ${#dirs[@]} -gt 0 ]; then
		stray=$("${G[@]}" status --porcelain --ignored --untracked-files=all -- "${dirs[@]}" | grep -E '^(\?\?|!!)' || true)
		[ -z "$stray" ] || die "untracked or ignored files under directories the series touches (git add -f or remove them): $(echo "$stray" | cut -c4- | paste -sd' ')"
	fi
fi

out=${SERIES_OUT:-$WORK/export.$$}
rm -rf "$out"
mkdir -p "$out"
[ -n "${SERIES_OUT:-}" ] || trap 'rm -rf "$out"' EXIT

old_cover=$SERIES_DIR/0000-cover-letter.patch
prefix="RFC PATCH"
[ -f "$old_cover" ] && prefix=$("$TOP/scripts/cover.py" prefix "$old_cover")
# PREFIX="RFC PATCH v2" starts a new version; it is kept from then on.
prefix=${PREFIX:-$prefix}
n=$("${G[@]}" rev-list --count "$base..$tip")
if [ "$n" -gt 0 ]; then
	"${G[@]}" format-patch -q --zero-commit --no-signature --numbered --subject-prefix="$prefix" \
		--base="$base" -o "$out" "$base..$tip" >/dev/null
fi
desc=$("${G[@]}" config "branch.$BRANCH.description" || true)
if [ -z "$desc" ]; then
	if [ -f "$old_cover" ]; then
		desc=$("$TOP/scripts/cover.py" desc "$old_cover")
	else
		desc=$'*** SUBJECT HERE ***\n\n*** BLURB HERE ***'
	fi
fi
printf '%s\n' "$desc" > "$out/.desc"
"$TOP/scripts/cover.py" write "$out/0000-cover-letter.patch" --repo "$LINUX" --base "$base" \
	--tip "$tip" --prefix "$prefix" --desc-file "$out/.desc" \
	${old_cover:+--old "$old_cover"}
rm -f "$out/.desc"
{
	echo "# Patch order (quilt style); the cover letter is 0000-cover-letter.patch."
	(cd "$out" && ls ./*.patch 2>/dev/null | sed 's:^\./::' | grep -v '^0000-cover-letter.patch$' || true)
} > "$out/series"

changed=0
for f in "$out"/*; do
	b=$(basename "$f")
	cmp -s "$f" "$SERIES_DIR/$b" || { changed=1; echo "changed: $b"; }
done
for f in "$SERIES_DIR"/*; do
	[ -e "$f" ] || continue
	b=$(basename "$f")
	# postings (how make mbox splits the series) is written by hand.
	[ "$b" = postings ] && continue
	[ -e "$out/$b" ] || { changed=1; echo "removed: $b"; }
done
if [ -n "$compare" ]; then
	exit $changed
fi
if [ $changed -eq 0 ]; then
	info "series unchanged ($n patches)"
	exit 0
fi
mkdir -p "$SERIES_DIR"
find "$SERIES_DIR" -maxdepth 1 -type f \( -name '*.patch' -o -name series \) -delete
cp "$out"/* "$SERIES_DIR"/
info "exported $n patches to $SERIES_DIR"
