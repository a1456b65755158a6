#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Broken IORT variants for the board's ACPI table-upgrade scenarios.

Takes the IORT that QEMU generated, as the board guest prints it on a
plain ACPI boot ("acpi-table name=IORT len=N hex=..." in its console log),
breaks one thing in it and writes the result as an ACPI table that the
kernel loads over QEMU's from the initrd (CONFIG_ACPI_TABLE_UPGRADE; the
OEM revision is raised so that the override is taken):

  norid    the root complex's ID mappings stop at RID 0x2ff: the devices
           on buses 3 and up are in no mapping
  badref   the root complex's mappings to the SMMU reference an offset
           past the end of the table
  nosmmu   the SMMUv3 node is gone: the node count drops, the nodes after
           it move up, and the references to it keep its offset (which now
           holds the next node, or is past the end)
  overlap  a second root-complex mapping overlaps the first one: RIDs
           0x300-0x3ff also map straight to the ITS group

iasl (acpica-tools) disassembles the original and the variant into DSL
files beside the table, for a readable diff, and reports whether it
recompiles the variant to the same bytes (but for its own compiler ID).

  iort_variants.py --log LOG --variant V --out DIR
writes DIR/iort.aml (the variant, the only .aml there), DIR/orig.dat,
DIR/*.dsl and DIR/iasl/ (iasl's recompiled table).
"""
import argparse
import os
import re
import struct
import subprocess
import sys

NODE_ITS, NODE_NC, NODE_RC, NODE_SMMU, NODE_SMMU_V3 = 0, 1, 2, 3, 4
VARIANTS = ('norid', 'badref', 'nosmmu', 'overlap')


def table_from_log(path):
    for line in open(path, encoding='utf-8', errors='replace'):
        m = re.search(r'acpi-table name=IORT len=(\d+) hex=([0-9a-f]+)', line)
        if m:
            data = bytes.fromhex(m.group(2))
            if len(data) != int(m.group(1)):
                sys.exit(f'{path}: truncated IORT ({len(data)} of {m.group(1)} bytes)')
            return bytearray(data)
    sys.exit(f'{path}: no "acpi-table name=IORT" line (not an ACPI boot?)')


class Iort:
    def __init__(self, t):
        if t[:4] != b'IORT' or struct.unpack_from('<I', t, 4)[0] != len(t):
            sys.exit('not an IORT table')
        self.t = t

    def u32(self, off):
        return struct.unpack_from('<I', self.t, off)[0]

    def put32(self, off, v):
        struct.pack_into('<I', self.t, off, v)

    def nodes(self):
        """[(offset, type, length)] of the node list."""
        out = []
        off = self.u32(40)
        for _ in range(self.u32(36)):
            typ, length = struct.unpack_from('<BH', self.t, off)
            out.append((off, typ, length))
            off += length
        return out

    def maps(self, node):
        """Offsets of the ID mappings of the node at @node."""
        count, moff = self.u32(node + 8), self.u32(node + 12)
        return [node + moff + 20 * i for i in range(count)] if moff else []

    def splice(self, node, at, drop, add):
        """Replace @drop bytes at @at, inside the ID mappings of the node at
        @node, with @add: the node's length and mapping count, the node
        offset of the header and the references to nodes that moved
        follow (references into the removed bytes are left as they are)."""
        delta = len(add) - drop
        refs = [(m, self.u32(m + 12)) for off, _, _ in self.nodes() for m in self.maps(off)]
        t = self.t
        t[at:at + drop] = add
        struct.pack_into('<H', t, node + 1, struct.unpack_from('<H', t, node + 1)[0] + delta)
        self.put32(node + 8, self.u32(node + 8) + delta // 20)
        for m, ref in refs:
            if m >= at + drop:
                m += delta
            elif m >= at:
                continue
            if ref > node:
                self.put32(m + 12, ref + delta)
        for m in range(at, at + len(add), 20):
            if self.u32(m + 12) > node:
                self.put32(m + 12, self.u32(m + 12) + delta)

    def first(self, typ):
        n = [o for o, t, _ in self.nodes() if t == typ]
        if not n:
            sys.exit(f'the IORT has no node of type {typ}')
        return n[0]

    def finish(self):
        """Length, raised OEM revision, checksum."""
        t = self.t
        self.put32(4, len(t))
        self.put32(24, self.u32(24) + 1)
        t[9] = 0
        t[9] = (-sum(t)) & 0xff
        return bytes(t)


def variant(orig, name):
    io = Iort(bytearray(orig))
    rc = io.first(NODE_RC)
    smmu = io.first(NODE_SMMU_V3)
    its = io.first(NODE_ITS)
    rc_maps = [m for m in io.maps(rc) if io.u32(m + 12) == smmu]
    if not rc_maps:
        sys.exit('the root complex has no ID mapping to the SMMUv3')
    if name == 'norid':
        # Only RIDs 0x000-0x2ff (buses 0 to 2) stay mapped: mappings that
        # start above go, the one across the boundary ends there.
        for m in reversed(io.maps(rc)):
            base, count = io.u32(m), io.u32(m + 4)
            if base > 0x2ff:
                io.splice(rc, m, 20, b'')
            elif base + count > 0x2ff:
                io.put32(m + 4, 0x2ff - base)
    elif name == 'badref':
        for m in rc_maps:
            io.put32(m + 12, len(io.t) + 0x1000)
    elif name == 'nosmmu':
        length = [ln for o, t, ln in io.nodes() if o == smmu][0]
        t = io.t
        del t[smmu:smmu + length]
        io.put32(36, io.u32(36) - 1)
        # The nodes after the SMMU moved up: their own references to each
        # other follow them; references to the SMMU keep its offset.
        for off, typ, ln in io.nodes():
            for m in io.maps(off):
                ref = io.u32(m + 12)
                if ref > smmu:
                    io.put32(m + 12, ref - length)
    elif name == 'overlap':
        # A second RC mapping, RIDs 0x300-0x3ff straight to the ITS group,
        # after the first: the first one covers them too.
        m = rc_maps[0]
        io.splice(rc, m + 20, 0, struct.pack('<IIIII', 0x300, 0xff, 0x300, its, 0))
    else:
        sys.exit(f'unknown variant {name} (one of {", ".join(VARIANTS)})')
    return io.finish()


def disassemble(path):
    """iasl -d PATH (a .dat table) -> PATH with .dsl, or None."""
    r = subprocess.run(['iasl', '-d', path], capture_output=True, text=True)
    dsl = os.path.splitext(path)[0] + '.dsl'
    return dsl if r.returncode == 0 and os.path.exists(dsl) else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--log', required=True)
    ap.add_argument('--variant', required=True, choices=VARIANTS)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    orig = bytes(table_from_log(a.log))
    out = variant(orig, a.variant)
    open(f'{a.out}/orig.dat', 'wb').write(orig)
    open(f'{a.out}/{a.variant}.dat', 'wb').write(out)
    open(f'{a.out}/iort.aml', 'wb').write(out)
    d0, d1 = disassemble(f'{a.out}/orig.dat'), disassemble(f'{a.out}/{a.variant}.dat')
    same = None
    if d1:
        # Not beside iort.aml: every .aml of DIR goes into the initrd.
        os.makedirs(f'{a.out}/iasl', exist_ok=True)
        r = subprocess.run(['iasl', '-p', f'{a.out}/iasl/recompiled', d1], capture_output=True, text=True)
        rec = f'{a.out}/iasl/recompiled.aml'
        # iasl writes its own compiler ID and revision, and so a new checksum.
        strip = lambda b: b[:9] + b[10:28] + b[36:]
        same = r.returncode == 0 and os.path.exists(rec) and strip(open(rec, 'rb').read()) == strip(out)
    print(f'iort {a.variant}: {len(orig)} -> {len(out)} bytes; '
          f'iasl: {"disassembled" if d0 and d1 else "could not disassemble"}'
          f'{"" if same is None else (", recompiles to the same bytes" if same else ", recompiles differently")}')
    if d0 and d1:
        r = subprocess.run(['diff', '-u', d0, d1], capture_output=True, text=True)
        open(f'{a.out}/{a.variant}.diff', 'w').write(r.stdout)


if __name__ == '__main__':
    main()
