#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mbox [OLD=REV]: one ready-to-send mbox of the series in
# work/mbox/vN/: cover letter and patches, threaded, To:/Cc: from
# scripts/get_maintainer.pl of the series tip, base-commit in the cover
# letter, the figures of the last make reproduce/board/bench runs in the
# cover letter, the version from the subject prefix (make export PREFIX="RFC PATCH v2").
# With OLD (a commit of this project, or a directory of patches), the cover
# letter also carries the range-diff against that version.
# The mbox is then checked the way a maintainer takes it: "b4 am" on the
# local mbox, and "git am" of b4's output into a fresh checkout of the base;
# the result must be the tree of the series tip.
. "$(dirname "$0")/lib.sh"
need "${PKG_BASE[@]}" perl python3 b4
load_pin
base=$(base_commit)
G=(env GIT_CONFIG_GLOBAL=/dev/null "${GITQ[@]}")

cover=$SERIES_DIR/0000-cover-letter.patch
[ -f "$cover" ] || die "no cover letter in $SERIES_DIR: run 'make export'"
mapfile -t patches < <(series_patches)
[ ${#patches[@]} -gt 0 ] || die "the series has no patches"
# The exported series must be the branch: an mbox of something else is useless.
"$TOP/scripts/export.sh" --compare >/dev/null 2>&1 ||
	die "series/ differs from branch $BRANCH of $LINUX: run 'make export' (or 'make tree FORCE=1')"
tip=$("${G[@]}" -C "$LINUX" rev-parse "refs/heads/$BRANCH")

prefix=$("$TOP/scripts/cover.py" prefix "$cover")
ver=$(sed -n 's/.*\bv\([0-9]\+\)\b.*/\1/p' <<<"$prefix")
ver=${ver:-1}
out=$WORK/mbox/v$ver
rm -rf "$out"
mkdir -p "$out/addr"

# Addresses per patch, from the MAINTAINERS of the series tip (the new
# files' F: entries are part of the series).
gm=(perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats --no-tree --no-fixes)
for p in "${patches[@]}"; do
	b=$(basename "$p")
	(cd "$LINUX" && "${gm[@]}" --nol --nor "$p") > "$out/addr/$b.to"
	(cd "$LINUX" && "${gm[@]}" --nom "$p") > "$out/addr/$b.cc"
done

scratch=$(scratch_repo)
SG=("${G[@]}" -C "$scratch" -c user.name="Series Workspace" -c user.email=workspace@localhost)

rd=
old=${OLD:-}
if [ -n "$old" ]; then
	[ "$ver" -gt 1 ] || die "OLD=$old given but the series is v$ver: bump the version first (make export PREFIX=\"RFC PATCH v2\")"
	"$TOP/scripts/range-diff.sh" "$old" > "$out/range-diff.txt"
	rd=$out/range-diff.txt
fi

# The figures of the last reproduce, board and bench runs, from the tools.
python3 "$TOP/scripts/figures.py" "$WORK" > "$out/figures.txt"

domain=$(git -C "$LINUX" log -1 --format=%ae "$tip" | sed 's/.*@//')
python3 "$TOP/scripts/mbox.py" "$out/series.mbox" --version "$ver" --to-cc "$out/addr" \
	--domain "$domain" --figures "$out/figures.txt" ${rd:+--range-diff "$rd"} "$cover" "${patches[@]}" > "$out/msgid"
msgid=$(cat "$out/msgid")

# Check 1: b4 finds the whole thread, in order, with nothing missing.
b4dir=$out/b4
rm -rf "$b4dir"
mkdir -p "$b4dir"
# b4 wants an identity in git config; it also looks the Fixes: commits up,
# which the imported base does not have (its "fatal:" lines are dropped).
(cd "$scratch" && env GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_COUNT=2 \
	GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="Series Workspace" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=workspace@localhost \
	XDG_CACHE_HOME="$WORK/mbox/cache" XDG_DATA_HOME="$WORK/mbox/cache" \
	b4 --offline-mode am -n series -m "$out/series.mbox" -o "$b4dir" "$msgid") > "$out/b4.raw" 2>&1 &&
	rc=0 || rc=$?
grep -v -e '^fatal: ambiguous argument' -e "^Use '--' to separate" -e "^'git <command>" \
	"$out/b4.raw" > "$out/b4.log" || true
[ "$rc" = 0 ] ||
	{ cat "$out/b4.log" >&2; die "b4 am failed on $out/series.mbox"; }
[ -f "$b4dir/series.mbx" ] || { cat "$out/b4.log" >&2; die "b4 am wrote no series.mbx"; }
if grep -qiE 'missing|ERROR|not found' "$out/b4.log"; then
	cat "$out/b4.log" >&2
	die "b4 reports problems with the thread"
fi
n=$(grep -c '^From ' "$b4dir/series.mbx")
[ "$n" -eq ${#patches[@]} ] || die "b4 extracted $n patches, the series has ${#patches[@]}"

# Check 2: git am of b4's result into a fresh checkout of the base gives
# the series tip's tree.
"${SG[@]}" checkout -q -f --detach "$base"
"${SG[@]}" clean -q -fdx
"${SG[@]}" am -q "$b4dir/series.mbx" > "$out/am.log" 2>&1 ||
	{ cat "$out/am.log" >&2; "${SG[@]}" am --abort >/dev/null 2>&1 || true; die "git am of the mbox failed on the base"; }
got=$("${SG[@]}" rev-parse 'HEAD^{tree}')
want=$("${G[@]}" -C "$LINUX" rev-parse "$tip^{tree}")
[ "$got" = "$want" ] || die "git am of the mbox gives tree $got, the series tip has $want"
[ "$("${SG[@]}" rev-list --count "$base..HEAD")" -eq ${#patches[@]} ] || die "git am made the wrong number of commits"

# The postings of series/postings, one mbox each, checked the same way:
# b4 am finds each posting's patches; each applies with git am onto the
# base or onto the postings it needs, and gives the tree of the branch at
# its last patch where it sits on top of everything before it; all of
# them, in order, give the tip.
manifest=$SERIES_DIR/postings
if [ -f "$manifest" ]; then
	pdir=$out/postings
	rm -rf "$pdir"
	python3 "$TOP/scripts/postings.py" "$pdir" --manifest "$manifest" --repo "$LINUX" \
		--base "$base" --tip "$tip" --version "$ver" --to-cc "$out/addr" --domain "$domain" \
		--figures "$out/figures.txt" "$cover" "${patches[@]}" > /dev/null ||
		die "scripts/postings.py failed on $manifest"
	mapfile -t commits < <("${G[@]}" -C "$LINUX" rev-list --reverse "$base..$tip")
	declare -A applied=([base]=$base)
	prev=$base
	while read -r name first last needs cnt pmsgid; do
		pb=$pdir/b4-$name
		mkdir -p "$pb"
		(cd "$scratch" && env GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_COUNT=2 \
			GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="Series Workspace" \
			GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=workspace@localhost \
			XDG_CACHE_HOME="$WORK/mbox/cache" XDG_DATA_HOME="$WORK/mbox/cache" \
			b4 --offline-mode am -n "$name" -m "$pdir/$name.mbox" -o "$pb" "$pmsgid") \
			> "$pdir/b4-$name.log" 2>&1 || { cat "$pdir/b4-$name.log" >&2; die "b4 am failed on posting $name"; }
		n=$(grep -c '^From ' "$pb/$name.mbx" 2>/dev/null || true)
		[ "$n" = "$cnt" ] || { cat "$pdir/b4-$name.log" >&2; die "b4 extracted ${n:-no} patches from posting $name, it has $cnt"; }
		# Onto what it needs.
		"${SG[@]}" checkout -q -f --detach "${applied[$needs]}"
		"${SG[@]}" am -q "$pb/$name.mbx" > "$pdir/am-$name.log" 2>&1 ||
			{ cat "$pdir/am-$name.log" >&2; "${SG[@]}" am --abort >/dev/null 2>&1 || true; die "posting $name does not apply to $needs"; }
		applied[$name]=$("${SG[@]}" rev-parse HEAD)
		# In series order, on top of every posting before it.
		"${SG[@]}" checkout -q -f --detach "$prev"
		"${SG[@]}" am -q "$pb/$name.mbx" > "$pdir/am-$name-in-order.log" 2>&1 ||
			{ cat "$pdir/am-$name-in-order.log" >&2; "${SG[@]}" am --abort >/dev/null 2>&1 || true; die "posting $name does not apply after the postings before it"; }
		prev=$("${SG[@]}" rev-parse HEAD)
		want=$("${G[@]}" -C "$LINUX" rev-parse "${commits[$((last - 1))]}^{tree}")
		[ "$("${SG[@]}" rev-parse 'HEAD^{tree}')" = "$want" ] ||
			die "postings up to $name do not give the tree of patch $last"
		info "  posting $name: $pdir/$name.mbox, patches $first-$last ($cnt), onto $needs, Message-ID <$pmsgid>"
	done < "$pdir/postings.txt"
	[ "$("${SG[@]}" rev-parse 'HEAD^{tree}')" = "$("${G[@]}" -C "$LINUX" rev-parse "$tip^{tree}")" ] ||
		die "the postings in order do not give the tip's tree"
	info "  checked: every posting applies onto what it needs; all of them in order give the tip tree"
fi

info "mbox: $out/series.mbox (v$ver, ${#patches[@]} patches + cover letter, Message-ID <$msgid>)"
info "  cover letter to $(cat "$out"/addr/*.to | sort -u | wc -l) maintainers, cc $(cat "$out"/addr/*.cc | sort -u | wc -l) reviewers and lists"
info "  checked: b4 am found ${#patches[@]} patches; git am onto $BASE_TAG reproduces the tip tree ${want:0:12}"
info "  send with: git send-email $out/series.mbox"
