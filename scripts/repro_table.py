#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Per-case table of the probe suite: the base (with the series' test
harness) beside the series tip, from their KUnit console logs.

  repro_table.py --arch um --reproducers tests/reproducers \
                 --known-failing tests/known-failing BASE_LOG [TIP_LOG]

For each case: its role (guard, reproducer, known-failing), its result on
the base and at the tip, and for reproducers the expected failure line and
whether the base log shows it. Only prints; ktap_check.py judges the runs.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ktap_check import load_list, parse  # noqa: E402


def results(path):
    if not path or not os.path.exists(path):
        return None, None
    lines = open(path, encoding='utf-8', errors='replace').readlines()
    res, _, _, _ = parse(lines)
    return res, lines


def verdict(res, lines, name, line=None):
    if res is None:
        return 'not run', False
    if name not in res:
        return 'missing', False
    st, d, first, last = res[name]
    seen = bool(line) and line in ''.join(lines[first:last + 1])
    if d == 'SKIP':
        return 'SKIP', seen
    return ('pass' if st == 'ok' else 'FAIL'), seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('base_log')
    ap.add_argument('tip_log', nargs='?')
    ap.add_argument('--arch', required=True)
    ap.add_argument('--suite', default='iommu_probe')
    ap.add_argument('--reproducers', required=True)
    ap.add_argument('--known-failing', required=True)
    a = ap.parse_args()
    repro = {k[0]: (k[1] if len(k) > 1 else '') for k in load_list(a.reproducers, a.arch, 3)}
    known = {k[0] for k in load_list(a.known_failing, a.arch, 3)}
    bres, blines = results(a.base_log)
    tres, tlines = results(a.tip_log)
    names = sorted({n for r in (bres or {}, tres or {}) for n in r
                    if n.startswith(a.suite + '.')} | set(repro),
                   key=lambda n: (n not in repro, n))
    w = max([len(n) - len(a.suite) - 1 for n in names] + [4])
    print(f'{"case":<{w}}  {"role":<13} {"base":<8} {"tip":<8} failure line on the base')
    for n in names:
        role = 'known-failing' if n in known else 'reproducer' if n in repro else 'guard'
        exp = repro.get(n, '')
        b, seen = verdict(bres, blines, n, exp)
        t, _ = verdict(tres, tlines, n)
        note = ''
        if n in repro:
            note = f'"{exp}"' + ('' if seen else ' (NOT SEEN)')
        print(f'{n[len(a.suite) + 1:]:<{w}}  {role:<13} {b:<8} {t:<8} {note}')


if __name__ == '__main__':
    main()
