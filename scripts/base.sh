#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make base: fetch Debian's linux-source package through a private apt
# configuration, verify it against base/pin and import it as one deterministic
# git commit, tagged $BASE_TAG, in $LINUX. Re-running is a no-op.
. "$(dirname "$0")/lib.sh"
load_pin

APT=$WORK/apt
DEB=$APT/cache/archives/${PACKAGE}_${VERSION}_${ARCH}.deb
SHA256=${BASE_SHA256:-$SHA256}	# BASE_SHA256 overrides, to test the mismatch path

have_base() {
	local c
	[ -d "$LINUX/.git" ] || return 1
	c=$("${GITQ[@]}" -C "$LINUX" rev-parse -q --verify "refs/tags/$BASE_TAG^{commit}" 2>/dev/null) || return 1
	[ -z "$BASE_COMMIT" ] || [ "$c" = "$BASE_COMMIT" ] || die "tag $BASE_TAG is $c, pin says $BASE_COMMIT: remove $LINUX and re-run"
	[ -d "$BASE_SRC" ] && [ "$("${GITQ[@]}" -C "$BASE_SRC" rev-parse HEAD 2>/dev/null)" = "$c" ]
}

# The Debian mirror of this machine, from its own apt sources (deb822 and
# one-line formats). MIRROR= in the environment overrides it.
find_mirror() {
	[ -n "${MIRROR:-}" ] && { echo "${MIRROR%/}"; return; }
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		case "$f" in
		*.sources)
			awk 'tolower($1)=="uris:" { for (i = 2; i <= NF; i++) print $i }' "$f" ;;
		*)
			sed -n 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' "$f" ;;
		esac
	done | grep -v -e security -e '^cdrom:' -e '^file:' | grep '/debian/\?$' | head -n1 | sed 's:/*$::'
}

verify() {
	local got
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$SHA256" ] && return 0
	mv -f "$1" "$1.bad"
	die "checksum mismatch for $(basename "$1"): got $got, pinned $SHA256 (kept as $1.bad)"
}

fetch() {
	if [ -f "$DEB" ]; then
		verify "$DEB"
		return
	fi
	local mirror
	mirror=$(find_mirror)
	[ -n "$mirror" ] || die "no Debian mirror found in this machine's apt sources (set MIRROR=http://.../debian)"
	mkdir -p "$APT"/{lists/partial,cache/archives/partial,etc/sources.list.d}
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $SUITE $COMPONENT" \
		> "$APT/etc/sources.list"
	local opts=(-o "Dir::Etc::SourceList=$APT/etc/sources.list"
		    -o "Dir::Etc::SourceParts=$APT/etc/sources.list.d"
		    -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache"
		    -o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1"
		    -o "APT::Sandbox::User=root" -o "Acquire::Retries=2")
	info "fetching $PACKAGE $VERSION from $mirror ($SUITE), private apt config in $APT"
	rm -f "$APT"/lists/*_Packages*
	apt-get "${opts[@]}" -q update > "$APT/update.log" 2>&1 || true
	if ! ls "$APT"/lists/*"_dists_${SUITE}_${COMPONENT}_"*Packages* >/dev/null 2>&1; then
		die "could not fetch the $SUITE index from $mirror (network?): $(grep -m1 -E '^(E|W):' "$APT/update.log" | cut -c1-160)"
	fi
	if apt-cache "${opts[@]}" madison "$PACKAGE" 2>/dev/null | awk '{print $3}' | grep -qx "$VERSION"; then
		(cd "$APT/cache/archives" && apt-get "${opts[@]}" -q download "$PACKAGE=$VERSION" > "$APT/download.log" 2>&1) ||
			die "apt-get download $PACKAGE=$VERSION failed: $(tail -n1 "$APT/download.log")"
	else
		info "$VERSION is no longer in the $SUITE index; trying its pool path"
		if ! /usr/lib/apt/apt-helper -o "Acquire::Retries=2" download-file "$mirror/$POOL_PATH" "$DEB.part" \
		     "SHA256:$SHA256" > "$APT/download.log" 2>&1; then
			rm -f "$DEB.part"
			local offered
			offered=$(apt-cache "${opts[@]}" madison "$PACKAGE" 2>/dev/null | awk '{print $3}' | paste -sd' ')
			die "$PACKAGE $VERSION cannot be had from $mirror (not in the index, pool path failed); offered: ${offered:-none} (the base is pinned: not switching)"
		fi
		mv "$DEB.part" "$DEB"
	fi
	verify "$DEB"
}

import() {
	local tmp="$WORK/import.$$" tree commit
	rm -rf "$tmp"
	mkdir -p "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	info "unpacking $(basename "$DEB")"
	dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$tmp" "./$TARBALL"
	tar -xJf "$tmp/$TARBALL" -C "$tmp"
	[ -f "$tmp/$TOPDIR/Makefile" ] || die "unexpected tarball layout: no $TOPDIR/Makefile"
	# Debian appends an ignore-everything block to the top-level .gitignore;
	# drop it so the files the series adds are tracked normally.
	perl -0pi -e 's/\n#\n# Debian packaging: ignore everything.*?\n!\/debian\/\n//s' "$tmp/$TOPDIR/.gitignore"
	! grep -q 'Debian packaging' "$tmp/$TOPDIR/.gitignore" || die "could not drop Debian's .gitignore block"

	[ -d "$LINUX/.git" ] || "${GITQ[@]}" init -q "$LINUX"
	info "importing into $LINUX (this takes a few minutes)"
	export GIT_INDEX_FILE="$tmp/index"
	"${GITQ[@]}" -C "$LINUX" --work-tree="$tmp/$TOPDIR" add -A -f .
	tree=$("${GITQ[@]}" -C "$LINUX" write-tree)
	unset GIT_INDEX_FILE
	commit=$(printf 'Linux %s (Debian %s %s)\n\nImported from %s_%s_%s.deb, SHA-256 %s.\nDebian'"'"'s top-level ignore-everything block is dropped from .gitignore.\n' \
		"${VERSION%-*}" "$PACKAGE" "$VERSION" "$PACKAGE" "$VERSION" "$ARCH" "$SHA256" |
		GIT_AUTHOR_NAME="$IMPORT_NAME" GIT_AUTHOR_EMAIL="$IMPORT_EMAIL" GIT_AUTHOR_DATE="$IMPORT_DATE" \
		GIT_COMMITTER_NAME="$IMPORT_NAME" GIT_COMMITTER_EMAIL="$IMPORT_EMAIL" GIT_COMMITTER_DATE="$IMPORT_DATE" \
		"${GITQ[@]}" -C "$LINUX" commit-tree "$tree")
	if [ -n "$BASE_COMMIT" ] && [ "$commit" != "$BASE_COMMIT" ]; then
		die "imported base is $commit, pin says $BASE_COMMIT (not deterministic on this machine?)"
	fi
	"${GITQ[@]}" -C "$LINUX" tag -f "$BASE_TAG" "$commit" >/dev/null
	[ -n "$BASE_COMMIT" ] || info "base commit $commit: record it as BASE_COMMIT in base/pin"
	rm -rf "$tmp"
	trap - EXIT
}

checkout_base_src() {
	if [ -d "$BASE_SRC" ]; then
		"${GITQ[@]}" -C "$LINUX" worktree remove --force "$BASE_SRC" 2>/dev/null || rm -rf "$BASE_SRC"
		"${GITQ[@]}" -C "$LINUX" worktree prune
	fi
	info "checking out the base into $BASE_SRC"
	mkdir -p "$(dirname "$BASE_SRC")"
	"${GITQ[@]}" -C "$LINUX" worktree add -q --detach "$BASE_SRC" "$BASE_TAG"
}

if have_base; then
	info "base $BASE_TAG ($(base_commit)) already imported"
	exit 0
fi
need "${PKG_BASE[@]}"
fetch
"${GITQ[@]}" -C "$LINUX" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null 2>&1 || import
checkout_base_src
info "base $BASE_TAG = $(base_commit)"
