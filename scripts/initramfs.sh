#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: /init = guest/iommu-report.c (static aarch64,
# or x86_64 with GUEST_ARCH=x86_64), /iommu_groups = the series' IOMMU group
# selftest, /iommufd = the kernel's iommufd selftest (arm64), and the given
# kernel modules in /lib/modules.
#   [GUEST_ARCH=arm64|x86_64] [ACPI_TABLES=DIR] scripts/initramfs.sh OUT.cpio [MODULE.ko...]
# ACPI_TABLES: the *.aml files of DIR go to /kernel/firmware/acpi, where the
# kernel takes them over the firmware's tables (CONFIG_ACPI_TABLE_UPGRADE;
# the archive is not compressed, as that requires).
. "$(dirname "$0")/lib.sh"
out=${1:?usage: initramfs.sh OUT.cpio [MODULE.ko...]}
shift
case "${GUEST_ARCH:=arm64}" in
arm64) need "${PKG_ARM64[@]}" gcc; gcc=aarch64-linux-gnu-gcc; sfx= ;;
x86_64) need "${PKG_X86[@]}" gcc; gcc=$X86_GCC; sfx=-x86_64 ;;
*) die "unknown guest arch $GUEST_ARCH" ;;
esac
tools=$WORK/tools
guest=$tools/iommu-report$sfx
mkdir -p "$tools" "$(dirname "$out")"
if [ ! -x "$guest" ] || [ "$TOP/guest/iommu-report.c" -nt "$guest" ]; then
	$gcc -static -O2 -Wall -Wno-format-truncation -o "$guest" "$TOP/guest/iommu-report.c"
fi
# The series' sysfs selftest (tools/testing/selftests/iommu/iommu_groups.c),
# when the series tree has it; the same binary runs on every kernel.
st_src=$LINUX/tools/testing/selftests/iommu/iommu_groups.c
st=$tools/iommu_groups$sfx
if [ -f "$st_src" ] && { [ ! -x "$st" ] || [ "$st_src" -nt "$st" ]; }; then
	$gcc -static -O2 -Wall -I "$LINUX/tools/testing/selftests" -o "$st" "$st_src"
fi
# tools/testing/selftests/iommu/iommufd of the base (the series does not
# change it), against the base's UAPI headers; guest/compat stands in for
# libcap, which Debian does not cross-build. The same binary runs on both
# kernels (iommutest.iommufd, a kernel with CONFIG_IOMMUFD_TEST).
fd_src=$BASE_SRC/tools/testing/selftests/iommu/iommufd.c
fd=$tools/iommufd$sfx
if [ "$GUEST_ARCH" = arm64 ] && [ -f "$fd_src" ] && [ ! -x "$fd" ]; then
	make -s -C "$BASE_SRC" O="$tools/hdr-build" ARCH=arm64 INSTALL_HDR_PATH="$tools/hdr" headers_install
	$gcc -static -O2 -Wall -Wno-unused-function -D_GNU_SOURCE -I "$TOP/guest/compat" \
		-isystem "$tools/hdr/include" -I "$BASE_SRC/tools/testing/selftests" -o "$fd" "$fd_src"
fi
# The kernel's own cpio writer, built for the host from the base tree.
if [ ! -x "$tools/gen_init_cpio" ]; then
	gcc -O2 -o "$tools/gen_init_cpio" "$BASE_SRC/usr/gen_init_cpio.c"
fi
spec=$out.spec
{
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "dir /proc 755 0 0"
	echo "dir /sys 755 0 0"
	echo "dir /lib 755 0 0"
	echo "dir /lib/modules 755 0 0"
	echo "file /init $guest 755 0 0"
	[ -x "$st" ] && echo "file /iommu_groups $st 755 0 0"
	[ -x "$fd" ] && echo "file /iommufd $fd 755 0 0"
	if [ -n "${ACPI_TABLES:-}" ]; then
		echo "dir /kernel 755 0 0"
		echo "dir /kernel/firmware 755 0 0"
		echo "dir /kernel/firmware/acpi 755 0 0"
		for t in "$ACPI_TABLES"/*.aml; do
			echo "file /kernel/firmware/acpi/$(basename "$t") $t 644 0 0"
		done
	fi
	for m in "$@"; do
		echo "file /lib/modules/$(basename "$m") $m 644 0 0"
	done
} > "$spec"
"$tools/gen_init_cpio" "$spec" > "$out"
