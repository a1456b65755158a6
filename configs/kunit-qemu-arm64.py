# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for the arm64 run: as qemu_configs/arm64.py, but the
# kernel goes on to the guest's /init after the suites (kunit_shutdown=none),
# which runs a kmemleak scan and powers off.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arm64',
			   kconfig='''
CONFIG_SERIAL_AMBA_PL010=y
CONFIG_SERIAL_AMBA_PL010_CONSOLE=y
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y''',
			   qemu_arch='aarch64',
			   kernel_path='arch/arm64/boot/Image.gz',
			   kernel_command_line='console=ttyAMA0 kunit_shutdown=none',
			   extra_qemu_params=['-machine', 'virt', '-cpu', 'max'])
