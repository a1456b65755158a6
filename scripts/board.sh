#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make board: build the base and series arm64 kernels, boot each on
# qemu-system-aarch64 -M virt,iommu=smmuv3 with the QEMU-generated DT and with
# UEFI + ACPI (IORT), SMMUv3 built in and as a module loaded late by the
# guest, and with a virtio-iommu-pci instead of the SMMUv3 (DT iommu-map,
# ACPI VIOT), and print a side-by-side report (scripts/board_report.py).
# Knobs: BOARD_TREES="base series", BOARD_SCENARIOS="dt-builtin acpi-builtin
# dt-module acpi-module dt-modrace acpi-modrace dt-debug acpi-debug dt-viommu
# acpi-viommu acpi-iort-...", BOARD_RACE_BOOTS=N (boots of each modrace and
# debug scenario),
# BOARD_IOMMUFD="dt-debug" (the debug scenarios that also run the kernel's
# iommufd selftest; its mock IOMMU does not depend on the firmware),
# BOARD_TIMEOUT=seconds per boot (BOARD_IORT_TIMEOUT for the broken IORTs),
# BOARD_CMDLINE="..." appended to every arm64 kernel command line (e.g.
# initcall_debug; such a run's figures are not comparable to a plain one).
# Broken IORT scenarios, acpi-iort-norid, acpi-iort-badref, acpi-iort-nosmmu
# and acpi-iort-overlap, boot the ACPI board with QEMU's IORT replaced from
# the initrd by a variant that scripts/iort_variants.py derives from it (the
# IORT an acpi-builtin boot printed): RIDs in no ID mapping, a reference past
# the end of the table, the SMMUv3 node missing, overlapping ID mappings.
# Two more scenarios, not in the default list, boot an x86_64 kernel on
# qemu-system-x86_64 -M q35 with an emulated Intel VT-d (x86-intel) or AMD-Vi
# (x86-amd): instances without a firmware node, which every device is
# offered to.
. "$(dirname "$0")/lib.sh"
need "${PKG_BUILD[@]}" "${PKG_ARM64[@]}" "${PKG_QEMU[@]}"
case " ${BOARD_SCENARIOS:-} " in *" x86-"*) need "${PKG_X86[@]}" "${PKG_QEMU_X86[@]}" ;; esac
TREES=${BOARD_TREES:-base series}
SCENARIOS=${BOARD_SCENARIOS:-dt-builtin acpi-builtin dt-module acpi-module dt-modrace acpi-modrace dt-debug acpi-debug dt-viommu acpi-viommu acpi-iort-norid acpi-iort-badref acpi-iort-nosmmu acpi-iort-overlap}
# dt-modrace/acpi-modrace: the SMMUv3 module loaded while a guest process
# keeps binding every device (drivers_probe), so binds race the
# registration walk; BOARD_RACE_BOOTS=N boots each N times (modrace.1 ...).
# dt-debug/acpi-debug: the same on a kernel with lockdep (PROVE_LOCKING),
# KASAN, kmemleak and debug objects (configs/board-arm64-debug.config),
# including the selftest's unbind/bind and PCI remove/rescan, dt-debug also
# the kernel's iommufd selftest (CONFIG_IOMMUFD_TEST), and a kmemleak scan
# at the end; BOARD_RACE_BOOTS repeats them too.
if [ "${BOARD_RACE_BOOTS:-1}" -gt 1 ]; then
	SCENARIOS=$(for sc in $SCENARIOS; do
		case "$sc" in
		*-modrace|*-debug) for i in $(seq "$BOARD_RACE_BOOTS"); do echo "$sc.$i"; done ;;
		*) echo "$sc" ;;
		esac
	done | paste -sd' ')
fi
case " $SCENARIOS " in *" acpi-iort-"*) need "${PKG_ACPI[@]}" ;; esac
IOMMUFD=${BOARD_IOMMUFD-dt-debug}
for sc in $IOMMUFD; do
	case "$sc" in
	*-debug) ;;
	*) die "BOARD_IOMMUFD: $sc is not a debug scenario (only the debug kernel has CONFIG_IOMMUFD_TEST)" ;;
	esac
done
OUT=$WORK/board
mkdir -p "$OUT"

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

boot() {	# tree scenario
	local tree=$1 sc=$2 fw=${2%%-*} kind=${2#*-} variant=board b mods=() args log storm=
	kind=${kind%%.*}
	case "$kind" in
	modrace) kind=module storm=1 variant=board+module ;;
	debug) kind=module storm=1 variant=board+module+debug ;;
	module) variant=board+module ;;
	esac
	if [ "$fw" = x86 ]; then
		boot_x86 "$tree" "$kind"
		return
	fi
	b=$(build_dir "$tree" "arm64-$variant")
	if [ "$kind" = module ]; then
		mods=("$b/drivers/iommu/arm/arm-smmu-v3/arm_smmu_v3.ko")
		[ -f "${mods[0]}" ] || die "$tree $variant: ${mods[0]} was not built"
	fi
	local tables=
	if [ "${kind%%-*}" = iort ]; then
		tables=$OUT/$tree-$sc.acpi
		iort_variant "$tree" "${kind#iort-}" "$tables"
	fi
	ACPI_TABLES=$tables "$TOP/scripts/initramfs.sh" "$OUT/$tree-$sc.cpio" "${mods[@]}"
	args="console=ttyAMA0 loglevel=5 log_buf_len=4M panic=-1 deferred_probe_timeout=-1"
	args+=" dyndbg=\"file drivers/base/dd.c +p\""
	# A virtio-iommu is itself a virtio-pci device: unbinding it or removing
	# the bus would unregister the IOMMU under its clients, so the selftest
	# only reads there.
	if [ "$kind" = viommu ]; then
		args+=" iommutest.selftest=static"
	else
		args+=" iommutest.selftest=full"
	fi
	[ "$kind" = module ] && args+=" iommutest.modules=arm_smmu_v3.ko"
	[ -n "$storm" ] && args+=" iommutest.bind_storm"
	# The kernel's iommufd selftest on its mock IOMMU
	case " $IOMMUFD " in *" ${sc%%.*} "*) args+=" iommutest.iommufd" ;; esac
	[ -n "${BOARD_CMDLINE:-}" ] && args+=" $BOARD_CMDLINE"
	local machine=virt,iommu=smmuv3,gic-version=3 viommu=()
	if [ "$kind" = viommu ]; then
		# virtio-iommu instead of the SMMUv3: DT iommu-map, or ACPI VIOT
		machine=virt,gic-version=3
		viommu=(-device virtio-iommu-pci,bus=pcie.0,addr=4)
	fi
	local q=(qemu-system-aarch64 -M "$machine" -cpu cortex-a57 -smp 2 -m 1024
		 -display none -nodefaults -serial stdio -no-reboot
		 -kernel "$b/arch/arm64/boot/Image" -initrd "$OUT/$tree-$sc.cpio" "${PCI[@]}" "${viommu[@]}")
	if [ "$fw" = acpi ]; then
		q+=(-bios "$UEFI")
		args+=" acpi=force"
		# A broken IORT may stop a kernel before its console is up.
		[ -n "$tables" ] && args+=" earlycon=pl011,0x9000000"
	else
		args+=" acpi=off"
	fi
	log=$OUT/$tree-$sc.log
	# A broken table may hang a kernel at boot (the base loops on an ID
	# mapping that references its own node): a shorter limit there.
	local limit=${BOARD_TIMEOUT:-300}
	[ -n "$tables" ] && limit=${BOARD_IORT_TIMEOUT:-60}
	local start=$(date +%s%N) qrc=0
	timeout "$limit" "${q[@]}" -append "$args" > "$log" 2>&1 < /dev/null || qrc=$?
	echo "host boot_wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))" >> "$log"
	[ "$qrc" = 124 ] && echo "host timeout_s=$limit" >> "$log"
	# The kernel must have used the variant, not QEMU's table.
	if [ -n "$tables" ]; then
		if grep -q "acpi-table name=IORT len=[0-9]* hex=$(od -An -v -tx1 "$tables/iort.aml" | tr -d ' \n')" "$log"; then
			echo "host iort_override=ok" >> "$log"
		else
			echo "host iort_override=missing" >> "$log"
		fi
	fi
	info "booted $tree $sc: $(grep -c '^dev ' "$log" || true) devices reported"
}

# A broken IORT for the acpi-iort-* scenarios, from the IORT an acpi-builtin
# boot of the same tree printed (booted first if there is none).
iort_variant() {	# tree variant dir
	local src=$OUT/$1-acpi-builtin.log
	grep -q 'acpi-table name=IORT' "$src" 2>/dev/null || boot "$1" acpi-builtin
	rm -rf "$3"
	python3 "$TOP/scripts/iort_variants.py" --log "$src" --variant "$2" --out "$3"
}

# The x86_64 q35 board: intel-iommu or amd-iommu in front of the same PCI
# topology; the IOMMU has no firmware node (DMAR, IVRS).
boot_x86() {	# tree intel|amd
	local tree=$1 kind=$2 b args log
	b=$(build_dir "$tree" x86_64-board)
	GUEST_ARCH=x86_64 "$TOP/scripts/initramfs.sh" "$OUT/$tree-x86-$kind.cpio"
	args="console=ttyS0 loglevel=5 log_buf_len=4M panic=-1 deferred_probe_timeout=-1"
	args+=" dyndbg=\"file drivers/base/dd.c +p\" iommutest.selftest=full"
	local q=(qemu-system-x86_64 -M q35 -smp 2 -m 1024 -display none -nodefaults
		 -serial stdio -no-reboot -kernel "$b/arch/x86/boot/bzImage"
		 -initrd "$OUT/$tree-x86-$kind.cpio")
	# The IOMMU comes before the PCI devices it translates.
	case "$kind" in
	intel) q+=(-device intel-iommu) ; args+=" intel_iommu=on" ;;
	amd) q+=(-device amd-iommu) ;;
	*) die "unknown x86 board scenario x86-$kind" ;;
	esac
	q+=("${PCI[@]}")
	log=$OUT/$tree-x86-$kind.log
	local start=$(date +%s%N)
	timeout "${BOARD_TIMEOUT:-300}" "${q[@]}" -append "$args" > "$log" 2>&1 < /dev/null || true
	echo "host boot_wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))" >> "$log"
	info "booted $tree x86-$kind: $(grep -c '^dev ' "$log" || true) devices reported"
}

for tree in $TREES; do
	for sc in $SCENARIOS; do
		case "$sc" in
		x86-*) echo "$tree x86" ;;
		*-module|*-modrace|*-modrace.*) echo "$tree board+module" ;;
		*-debug|*-debug.*) echo "$tree board+module+debug" ;;
		*) echo "$tree board" ;;
		esac
	done
done | sort -u | while read -r tree v; do
	"$TOP/scripts/build.sh" "$tree" "$v" >/dev/null
done
for tree in $TREES; do
	for sc in $SCENARIOS; do
		boot "$tree" "$sc"
	done
done
rc=0
python3 "$TOP/scripts/board_report.py" --dir "$OUT" --trees "$TREES" --scenarios "$SCENARIOS" --iommufd "$IOMMUFD" \
	--json "$OUT/report.json" --markdown "$OUT/figures.md" || rc=$?
# The README's figures table is this run's, between its two markers (the
# default scenarios only).
if [ "$TREES" = "base series" ] && [ -z "${BOARD_SCENARIOS:-}" ] && grep -q '^<!-- board figures: begin' "$TOP/README.md"; then
	python3 - "$TOP/README.md" "$OUT/figures.md" <<-'EOF'
	import re, sys
	readme, table = sys.argv[1], open(sys.argv[2]).read()
	s = open(readme).read()
	s = re.sub(r'(<!-- board figures: begin[^\n]*-->\n).*?(<!-- board figures: end -->)',
	           lambda m: m.group(1) + table + m.group(2), s, flags=re.S)
	open(readme, 'w').write(s)
	EOF
	info "README figures table updated from this run"
fi
exit $rc
