#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make board: build the base and series arm64 kernels, boot each on
# qemu-system-aarch64 -M virt,iommu=smmuv3 with the QEMU-generated DT and with
# UEFI + ACPI (IORT), SMMUv3 built in and as a module loaded late by the
# guest, and print a side-by-side report (scripts/board_report.py).
# Knobs: BOARD_TREES="base series", BOARD_SCENARIOS="dt-builtin acpi-builtin
# dt-module acpi-module", BOARD_TIMEOUT=seconds per boot.
. "$(dirname "$0")/lib.sh"
need "${PKG_BUILD[@]}" "${PKG_ARM64[@]}" "${PKG_QEMU[@]}"
TREES=${BOARD_TREES:-base series}
SCENARIOS=${BOARD_SCENARIOS:-dt-builtin acpi-builtin dt-module acpi-module}
OUT=$WORK/board
mkdir -p "$OUT"

# The guest's /init.
guest=$WORK/guest/iommu-report
mkdir -p "$(dirname "$guest")"
if [ ! -x "$guest" ] || [ "$TOP/guest/iommu-report.c" -nt "$guest" ]; then
	aarch64-linux-gnu-gcc -static -O2 -Wall -Wno-format-truncation -o "$guest" "$TOP/guest/iommu-report.c"
fi

UEFI=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
[ -f "$UEFI" ] || die "$UEFI missing (package qemu-efi-aarch64)"

# PCI topology: an endpoint behind a root port, a multi-function endpoint
# without ACS, a PCIe-to-PCI bridge with a conventional PCI bridge behind it,
# endpoints on both, and an integrated endpoint on the root bus.
PCI=(-device pcie-root-port,id=rp0,chassis=1,bus=pcie.0,addr=2.0,multifunction=on
     -device pcie-root-port,id=rp1,chassis=2,bus=pcie.0,addr=2.1
     -device pcie-root-port,id=rp2,chassis=3,bus=pcie.0,addr=2.2
     -device virtio-rng-pci,bus=rp0
     -device virtio-rng-pci,bus=rp1,addr=0.0,multifunction=on
     -device virtio-rng-pci,bus=rp1,addr=0.1
     -device pcie-pci-bridge,id=ppb,bus=rp2
     -device pci-bridge,id=pb,chassis_nr=4,bus=ppb,addr=1
     -device virtio-rng-pci,bus=ppb,addr=2
     -device virtio-rng-pci,bus=pb,addr=1
     -device virtio-rng-pci,bus=pb,addr=2
     -device virtio-rng-pci,bus=pcie.0,addr=3)

initramfs() {	# build dir, output, modules...
	local b=$1 out=$2 spec m
	shift 2
	spec=$out.spec
	{
		echo "dir /dev 755 0 0"
		echo "nod /dev/console 600 0 0 c 5 1"
		echo "dir /proc 755 0 0"
		echo "dir /sys 755 0 0"
		echo "dir /lib 755 0 0"
		echo "dir /lib/modules 755 0 0"
		echo "file /init $guest 755 0 0"
		for m in "$@"; do
			echo "file /lib/modules/$(basename "$m") $m 644 0 0"
		done
	} > "$spec"
	"$b/usr/gen_init_cpio" "$spec" > "$out"
}

boot() {	# tree scenario
	local tree=$1 sc=$2 fw=${2%%-*} kind=${2#*-} variant=board b mods=() args log
	[ "$kind" = module ] && variant=board+module
	b=$(build_dir "$tree" "arm64-$variant")
	if [ "$kind" = module ]; then
		mods=("$b/drivers/iommu/arm/arm-smmu-v3/arm_smmu_v3.ko")
		[ -f "${mods[0]}" ] || die "$tree $variant: ${mods[0]} was not built"
	fi
	initramfs "$b" "$OUT/$tree-$sc.cpio" "${mods[@]}"
	args="console=ttyAMA0 loglevel=5 log_buf_len=4M panic=-1 deferred_probe_timeout=-1"
	args+=" dyndbg=\"file drivers/base/dd.c +p\""
	[ "$kind" = module ] && args+=" iommutest.modules=arm_smmu_v3.ko"
	local q=(qemu-system-aarch64 -M virt,iommu=smmuv3,gic-version=3 -cpu cortex-a57 -smp 2 -m 1024
		 -display none -nodefaults -serial stdio -no-reboot
		 -kernel "$b/arch/arm64/boot/Image" -initrd "$OUT/$tree-$sc.cpio" "${PCI[@]}")
	if [ "$fw" = acpi ]; then
		q+=(-bios "$UEFI")
		args+=" acpi=force"
	else
		args+=" acpi=off"
	fi
	log=$OUT/$tree-$sc.log
	local start=$(date +%s%N)
	timeout "${BOARD_TIMEOUT:-300}" "${q[@]}" -append "$args" > "$log" 2>&1 < /dev/null || true
	echo "host boot_wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))" >> "$log"
	info "booted $tree $sc: $(grep -c '^dev ' "$log" || true) devices reported"
}

for tree in $TREES; do
	for sc in $SCENARIOS; do
		case "$sc" in
		*-module) v=board+module ;;
		*) v=board ;;
		esac
		"$TOP/scripts/build.sh" "$tree" "$v" >/dev/null
	done
done
for tree in $TREES; do
	for sc in $SCENARIOS; do
		boot "$tree" "$sc"
	done
done
python3 "$TOP/scripts/board_report.py" --dir "$OUT" --trees "$TREES" --scenarios "$SCENARIOS" \
	--json "$OUT/report.json"
