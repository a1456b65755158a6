# SPDX-License-Identifier: GPL-2.0
# Common helpers for the workspace scripts. Source it; do not run it.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$TOP/work}
SERIES_DIR=${SERIES_DIR:-$TOP/series}
LINUX=${LINUX:-$WORK/linux}		# patch-queue work tree (branch "series")
# Read-only checkout of the base, for builds. Build directories sit at the
# same relative distance from their source tree (../../linux) for the base
# and for the series, so that ccache shares the objects of both.
BASE_SRC=$WORK/base/linux
JOBS=${JOBS:-2}
BRANCH=${BRANCH:-series}

# Identity used for every commit the scripts create themselves.
export GIT_CONFIG_NOSYSTEM=1
GITQ=(git -c core.autocrlf=false -c core.safecrlf=false -c core.fileMode=true
      -c advice.detachedHead=false -c init.defaultBranch=main -c gc.auto=0)

die() { echo "error: $*" >&2; exit 1; }
info() { echo ">> $*" >&2; }

load_pin() {
	# shellcheck source=/dev/null
	. "${PIN:-$TOP/base/pin}"
}

# Stable build identity so that the base and series builds share ccache objects.
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export KBUILD_BUILD_USER=iommu-probe KBUILD_BUILD_HOST=workspace
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=$WORK CCACHE_NOHASHDIR=1 CCACHE_IGNOREOPTIONS="-fmacro-prefix-map=*" CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

# Install Debian packages by name if they are missing.
need() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	info "installing: ${missing[*]}"
	local SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	if [ ! -e "$WORK/.apt-updated" ] || [ -n "$(find "$WORK/.apt-updated" -mmin +600)" ]; then
		$SUDO apt-get update -q >/dev/null || die "apt-get update failed (network or apt sources)"
		mkdir -p "$WORK" && touch "$WORK/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
}

# Package groups.
PKG_BASE=(git xz-utils dpkg ca-certificates debian-archive-keyring)
PKG_BUILD=(gcc make flex bison bc libelf-dev libssl-dev ccache python3 cpio kmod rsync perl)
PKG_ARM64=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
PKG_ARM=(gcc-arm-linux-gnueabihf)
PKG_PPC64=(gcc-powerpc64le-linux-gnu)
PKG_RISCV64=(gcc-riscv64-linux-gnu)
# x86_64 board kernels and guest: native on x86_64 hosts, cross elsewhere.
if [ "$(uname -m)" = x86_64 ]; then
	PKG_X86=(gcc libc6-dev)
	X86_CROSS=()
else
	PKG_X86=(gcc-x86-64-linux-gnu libc6-dev-amd64-cross)
	X86_CROSS=(CROSS_COMPILE=x86_64-linux-gnu-)
fi
X86_GCC=x86_64-linux-gnu-gcc
PKG_QEMU_X86=(qemu-system-x86)
PKG_QEMU=(qemu-system-arm qemu-efi-aarch64)
PKG_CHECK=(sparse coccinelle python3-ply python3-git python3-sphinx python3-yaml)
PKG_DT=(device-tree-compiler)
PKG_ACPI=(acpica-tools)

# The source tree of a build: "base" or "series".
tree_src() {
	case "$1" in
	base) echo "$BASE_SRC" ;;
	series) echo "$LINUX" ;;
	repro) echo "$WORK/repro/linux" ;;
	*) die "unknown tree '$1' (base, series or repro)" ;;
	esac
}

# Build directory of a tree: build_dir base|series NAME.
build_dir() {
	case "$1" in
	base) echo "$WORK/base/build/$2-base" ;;
	series) echo "$WORK/build/$2-series" ;;
	repro) echo "$WORK/repro/build/$2-repro" ;;
	*) die "unknown tree '$1'" ;;
	esac
}

base_commit() {
	load_pin
	"${GITQ[@]}" -C "$LINUX" rev-parse -q --verify "refs/tags/$BASE_TAG^{commit}" 2>/dev/null ||
		die "no base imported yet: run 'make base'"
}

# Patches of the series, in the order of series/series (cover letter excluded).
series_patches() {
	local f
	[ -f "$SERIES_DIR/series" ] || return 0
	while read -r f; do
		case "$f" in ''|'#'*) continue ;; esac
		[ -f "$SERIES_DIR/$f" ] || die "series lists $f but $SERIES_DIR/$f is missing"
		echo "$SERIES_DIR/$f"
	done < "$SERIES_DIR/series"
}

# The scratch repository of "make mbox" and "make range-diff": its own
# checkout of the base, sharing the objects of work/linux, with branch
# $BRANCH fetched as origin/$BRANCH. Prints its path.
scratch_repo() {
	local s=$WORK/mbox/scratch
	local G=(env GIT_CONFIG_GLOBAL=/dev/null "${GITQ[@]}")
	if [ ! -d "$s/.git" ]; then
		rm -rf "$s"
		mkdir -p "$WORK/mbox"
		"${G[@]}" clone -q --shared --no-checkout "$LINUX" "$s" >&2
	fi
	"${G[@]}" -C "$s" fetch -q "$LINUX" "+refs/heads/$BRANCH:refs/remotes/origin/$BRANCH" \
		"+refs/tags/$BASE_TAG:refs/tags/$BASE_TAG" >&2
	echo "$s"
}
