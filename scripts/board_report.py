#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Side-by-side report of the QEMU board boots (base vs series).

Reads WORK/board/<tree>-<scenario>.log (console logs holding the guest's
IOMMUREPORT block) and prints, per scenario, one column per tree. Exits
non-zero when the series shows a problem: no report (crash or time-out),
a translated device without a group, a WARN/BUG/lockdep/KASAN/kmemleak
report, a late IOMMU probe at driver bind, a failing case of the guest's
IOMMU group selftest, fewer bound devices than base, or, in a debug
scenario, a checker (lockdep, KASAN, kmemleak) not live at the end, or
(dt-debug) an iommufd selftest case failing on the series only.
Base problems are shown but do not fail.
"""
import argparse
import json
import re
import sys

KINDS = ('warn', 'bug', 'lockdep', 'kasan', 'kmemleak')
TAP = re.compile(r'^(not )?ok (\d+) global\.(\S+)(\s+# SKIP.*)?$')
# tools/testing/selftests/iommu/iommufd (kselftest harness), prefixed by the guest
FD_TAP = re.compile(r'^iommufd (not )?ok (\d+) (\S+)(\s+# SKIP.*)?$')


def kv(s):
    return dict(m.groups() for m in re.finditer(r'(\w+)=(\S*)', s))


def parse(path):
    r = {'ok': False, 'devs': {}, 'groups': {}, 'counts': {}, 'kmsg': [], 'modules': [],
         'iommus': [], 'deferred': [], 'refused': [], 'init_ms': None, 'wall_ms': None,
         'selftest': {}, 'selftest_rc': None, 'live': set(), 'iommufd': {},
         'iommufd_rc': None}
    try:
        lines = open(path, encoding='utf-8', errors='replace').read().splitlines()
    except FileNotFoundError:
        r['missing'] = True
        return r
    inside = False
    for raw in lines:
        line = raw.strip('\r')
        # A boot without a report: the first oops line, or the last line
        # the kernel printed before it hung.
        k = re.search(r'\[\s*\d+\.\d+\] (.*)$', line)
        if k and not inside:
            if not r.get('crash') and re.search(r'Unable to handle|Internal error|Kernel panic|BUG:', k.group(1)):
                r['crash'] = k.group(1)
            r['last'] = k.group(1)
        if line.startswith('host boot_wall_ms='):
            r['wall_ms'] = int(line.split('=')[1])
        if line.startswith('host timeout_s='):
            r['timeout'] = line.split('=')[1]
        if line.startswith('host iort_override='):
            r['iort_override'] = line.split('=')[1]
        if line == 'IOMMUREPORT BEGIN':
            inside = True
            continue
        if line == 'IOMMUREPORT END':
            r['ok'] = True
            inside = False
            continue
        if not inside:
            continue
        m = FD_TAP.match(line)
        if m:
            r['iommufd'][m.group(3)] = 'SKIP' if m.group(4) else ('ok' if not m.group(1) else 'FAIL')
            continue
        if line.startswith('iommufd '):
            d = kv(line[len('iommufd '):])
            if 'rc' in d:
                r['iommufd_rc'] = int(d['rc'])
            if 'timeout_s' in d:
                r['iommufd_timeout'] = d['timeout_s']
            continue
        m = TAP.match(line)
        if m:
            # tools/testing/selftests/iommu/iommu_groups, run by the guest
            r['selftest'][m.group(3)] = 'SKIP' if m.group(4) else ('ok' if not m.group(1) else 'FAIL')
            continue
        rec, _, rest = line.partition(' ')
        if rec == 'selftest':
            d = kv(rest)
            if 'rc' in d:
                r['selftest_rc'] = int(d['rc'])
            if 'timeout_s' in d:
                r['selftest_timeout'] = d['timeout_s']
        elif rec == 'dev':
            d = kv(rest)
            r['devs'][(d['bus'], d['name'])] = d
        elif rec == 'group':
            d = kv(rest)
            r['groups'][d['id']] = sorted(m for m in d.get('members', '').split(',') if m)
        elif rec == 'count':
            d = kv(rest)
            r['counts'][d['kind']] = int(d['n'])
        elif rec == 'kmsg':
            kind = kv(rest).get('kind')
            r['kmsg'].append((kind, rest.split('text=', 1)[-1]))
        elif rec == 'module':
            r['modules'].append(kv(rest))
        elif rec == 'storm':
            r['storm'] = kv(rest)
        elif rec == 'iommu':
            r['iommus'].append(kv(rest)['name'])
        elif rec == 'refused':
            r['refused'].append(rest)
        elif rec == 'deferred':
            r['deferred'].append(rest)
        elif rec == 'boot':
            r['init_ms'] = int(kv(rest)['init_ms'])
        elif rec == 'sanitizers':
            r['live'] = {k for k, v in kv(rest).items() if v == '1'}
    # IOMMU-related deferrals: deferrals of devices the IOMMU translates.
    translated = {n for (b, n), d in r['devs'].items() if d.get('translated') == '1'}
    r['iommu_defer'] = 0
    for kind, text in r['kmsg']:
        if kind != 'defer':
            continue
        m = re.match(r'\S+ (\S+): ', text)
        if m and m.group(1) in translated:
            r['iommu_defer'] += 1
    return r


# The checkers whose absence makes a 0 meaningless: a count is shown as "-"
# when its checker was not live (not built in, or off after a report).
CHECKERS = ('lockdep', 'kasan', 'kmemleak')
# Scenarios whose guest runs the iommufd selftest (board.sh BOARD_IOMMUFD)
IOMMUFD_SCENARIOS = {'dt-debug'}


def checked(r, k):
    if k in CHECKERS and k not in r['live'] and not r['counts'].get(k, 0):
        return '-'
    return str(r['counts'].get(k, 0))


def summary(r):
    if r.get('missing'):
        return None
    pci = [d for (b, n), d in r['devs'].items() if b == 'pci']
    return {
        'report': 'ok' if r['ok'] else 'NO REPORT',
        'iommu instances': len(r['iommus']),
        'PCI devices / bound': f"{len(pci)}/{sum(d['driver'] != '-' for d in pci)}",
        'translated without group': r['counts'].get('nogroup', 0),
        'refused by the IOMMU driver': r['counts'].get('refused', 0),
        'IOMMU groups': len(r['groups']),
        'WARN/BUG/lockdep/KASAN/kmemleak': '/'.join(checked(r, k) for k in KINDS),
        'lockdep/KASAN/kmemleak live at end': '/'.join('yes' if k in r['live'] else 'no' for k in CHECKERS),
        'late IOMMU probe at bind': r['counts'].get('late', 0),
        'IOMMU-related deferrals': r['iommu_defer'],
        'still deferred at end': len(r['deferred']),
        'selftest pass/fail/skip': '/'.join(str(sum(v == x for v in r['selftest'].values()))
                                            for x in ('ok', 'FAIL', 'SKIP')) if r['selftest'] else '-',
        'iommufd selftest pass/fail/skip': '/'.join(str(sum(v == x for v in r['iommufd'].values()))
                                                   for x in ('ok', 'FAIL', 'SKIP')) if r['iommufd'] else '-',
        'bind storm (drivers_probe writes during the load)': r['storm'].get('writes', '-') if r.get('storm') else '-',
        'boot time to init (ms)': r['init_ms'] if r['init_ms'] is not None else '-',
        'boot wall time (ms)': r['wall_ms'] if r['wall_ms'] is not None else '-',
    }


def problems(r, base, sc=''):
    p = []
    if r.get('missing'):
        return ['not booted']
    # A debug scenario proves nothing unless its checkers ran to the end.
    if sc.split('.')[0].endswith('-debug') and r['ok']:
        off = [k for k in CHECKERS if k not in r['live']]
        if off:
            p.append('checkers not live at the end: ' + ','.join(off))
    if not r['ok']:
        if r.get('crash'):
            p.append(f"no report: crashed ({r['crash'][:100]})")
        elif r.get('timeout'):
            p.append(f"no report: hung, stopped at the {r['timeout']} s limit" +
                     (f" after \"{r['last'][:100]}\"" if r.get('last') else ''))
        elif r.get('last'):
            p.append(f"no report: crash or hang after \"{r['last'][:100]}\"")
        else:
            p.append('no report (crash or time-out)')
    elif r.get('iort_override') == 'missing':
        p.append('the kernel did not take the broken IORT from the initrd')
    if r['counts'].get('nogroup', 0):
        p.append(f"{r['counts']['nogroup']} translated devices without a group")
    for k in KINDS:
        if r['counts'].get(k, 0):
            p.append(f"{r['counts'][k]} {k} reports")
    if r['counts'].get('late', 0):
        p.append('late IOMMU probe at driver bind')
    # A selftest case that fails on the base too is a pre-existing defect,
    # shown on its own line; only new failures count here.
    shared = shared_failures(r, base)
    bad = sorted(n for n, v in r['selftest'].items() if v == 'FAIL' and n not in shared)
    if bad:
        p.append('selftest failed: ' + ','.join(bad))
    if r.get('selftest_timeout'):
        p.append(f"selftest stopped at its {r['selftest_timeout']} s limit")
    elif r['ok'] and r['selftest_rc'] not in (None, 0) and 'FAIL' not in r['selftest'].values():
        p.append(f"selftest exited with {r['selftest_rc']}")
    # The iommufd selftest (BOARD_IOMMUFD): cases failing on the base too are
    # pre-existing; a run that did not finish is a problem.
    if r['ok'] and sc.split('.')[0] in IOMMUFD_SCENARIOS:
        if not r['iommufd']:
            p.append('iommufd selftest did not run')
        elif r.get('iommufd_timeout'):
            p.append(f"iommufd selftest stopped at its {r['iommufd_timeout']} s limit")
        shared = set(shared_iommufd_failures(r, base))
        bad = sorted(n for n, v in r['iommufd'].items() if v == 'FAIL' and n not in shared)
        if bad:
            p.append('iommufd selftest failed: ' + ','.join(bad[:10]) + (' ...' if len(bad) > 10 else ''))
    for m in r['modules']:
        if m.get('rc') != '0':
            p.append(f"module {m.get('name')} failed to load: {m.get('rc')}")
    if base and base['ok'] and r['ok']:
        bound = lambda x: {n for (b, n), d in x['devs'].items() if d['driver'] != '-'}
        lost = bound(base) - bound(r)
        if lost:
            p.append('bound on base but not on series: ' + ','.join(sorted(lost)))
    return p


def shared_iommufd_failures(r, base):
    """iommufd selftest cases failing on the base and on this tree alike."""
    if not base or not base['ok'] or not r['ok']:
        return []
    return sorted(n for n, v in r['iommufd'].items()
                  if v == 'FAIL' and base['iommufd'].get(n) == 'FAIL')


def shared_failures(r, base):
    """Selftest cases failing on the base and on this tree alike."""
    if not base or not base['ok'] or not r['ok']:
        return []
    return sorted(n for n, v in r['selftest'].items()
                  if v == 'FAIL' and base['selftest'].get(n) == 'FAIL')


def figures(d, trees, scenarios):
    """Markdown table: one row per scenario and tree."""
    head = ('scenario', 'tree', 'WARN/BUG', 'lockdep', 'KASAN', 'kmemleak',
            'translated without group', 'groups unlike base', 'late probe at bind',
            'IOMMU deferrals', 'selftest fail', 'iommufd selftest fail', 'boot to init (ms)')
    rows = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for sc in scenarios:
        res = {t: parse(f'{d}/{t}-{sc}.log') for t in trees}
        base = res.get('base')
        bparts = sorted(base['groups'].values()) if base and base['ok'] else None
        for t in trees:
            r = res[t]
            if r.get('missing') or not r['ok']:
                rows.append(f'| {sc} | {t} | ' + ' | '.join(['no report'] + ['-'] * (len(head) - 3)) + ' |')
                continue
            c = r['counts']
            parts = sorted(r['groups'].values())
            diff = '-' if bparts is None or t == 'base' else \
                str(len([g for g in parts if g not in bparts]))
            rows.append('| ' + ' | '.join(str(x) for x in (
                sc, t, c.get('warn', 0) + c.get('bug', 0), checked(r, 'lockdep'),
                checked(r, 'kasan'), checked(r, 'kmemleak'), c.get('nogroup', 0), diff,
                c.get('late', 0), r['iommu_defer'],
                sum(v == 'FAIL' for v in r['selftest'].values()),
                f"{sum(v == 'FAIL' for v in r['iommufd'].values())} of {len(r['iommufd'])}" if r['iommufd'] else '-',
                r['init_ms'] if r['init_ms'] is not None else '-')) + ' |')
    return '\n'.join(rows) + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', required=True)
    ap.add_argument('--trees', required=True)
    ap.add_argument('--scenarios', required=True)
    ap.add_argument('--iommufd', default='dt-debug',
                    help='scenarios that run the iommufd selftest')
    ap.add_argument('--json')
    ap.add_argument('--markdown', help='write the figures table (markdown) here')
    a = ap.parse_args()
    IOMMUFD_SCENARIOS.clear()
    IOMMUFD_SCENARIOS.update(a.iommufd.split())
    trees = a.trees.split()
    out = {}
    failed = []
    boards = []
    if any(not sc.startswith('x86-') for sc in a.scenarios.split()):
        boards.append('QEMU virt (arm64; SMMUv3 or virtio-iommu)')
    if any(sc.startswith('x86-') for sc in a.scenarios.split()):
        boards.append('QEMU q35 (x86_64; Intel VT-d or AMD-Vi)')
    print('IOMMU board report: ' + ', '.join(boards) + ', ' + ' vs '.join(trees))
    for sc in a.scenarios.split():
        res = {t: parse(f'{a.dir}/{t}-{sc}.log') for t in trees}
        sums = {t: summary(res[t]) for t in trees}
        print(f'\n== {sc} ' + '=' * (60 - len(sc)))
        print(f"{'':34}" + ''.join(f'{t:>14}' for t in trees))
        keys = next((list(s) for s in sums.values() if s), [])
        for k in keys:
            print(f'{k:34}' + ''.join(f"{str(sums[t][k]) if sums[t] else '-':>14}" for t in trees))
        parts = {t: sorted(res[t]['groups'].values()) for t in trees}
        print('groups (members of each IOMMU group):')
        for t in trees:
            if t != trees[0] and parts[t] == parts[trees[0]]:
                print(f'  {t}: same partition as {trees[0]}')
                continue
            print(f'  {t}: ' + (' '.join('{' + ','.join(m.replace('0000:', '') for m in g) + '}'
                                          for g in parts[t]) or 'none'))
        unbound = {t: sorted(n for (b, n), d in res[t]['devs'].items() if b == 'pci' and d['driver'] == '-')
                   for t in trees}
        for t in trees:
            print(f'  {t}: PCI devices without a driver: ' + (','.join(unbound[t]) or 'none'))
        for t in trees:
            if t != trees[0] and res[t]['refused'] == res[trees[0]]['refused']:
                if res[t]['refused']:
                    print(f'  {t}: same refusals as {trees[0]}')
                continue
            for x in res[t]['refused']:
                print(f'  {t}: [refused] {x[:160]}')
            for kind, text in res[t]['kmsg']:
                if kind not in ('defer',):
                    print(f'  {t}: [{kind}] {text[:160]}')
        base = res.get('base')
        for t in trees:
            if t == 'base':
                continue
            shared = shared_failures(res[t], base)
            if shared:
                print(f'  {t}: selftest cases failing on base too (pre-existing): ' + ','.join(shared))
            shared = shared_iommufd_failures(res[t], base)
            if shared:
                print(f'  {t}: {len(shared)} iommufd selftest cases fail on base too (pre-existing, '
                      'all in report.json): ' + ','.join(shared[:4]) + (' ...' if len(shared) > 4 else ''))
        for t in trees:
            p = problems(res[t], base if t != 'base' else None, sc)
            if p:
                print(f'  {t}: PROBLEMS: ' + '; '.join(p))
                if t != 'base':
                    failed.append(f'{t} {sc}: ' + '; '.join(p))
        out[sc] = {t: {'summary': sums[t], 'groups': parts[t], 'problems': problems(res[t], None, sc),
                       'iommufd failures': sorted(n for n, v in res[t]['iommufd'].items() if v == 'FAIL')}
                   for t in trees}
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(out, f, indent=1, default=str)
    if a.markdown:
        with open(a.markdown, 'w') as f:
            f.write(figures(a.dir, trees, a.scenarios.split()))
    print()
    if failed:
        for f in failed:
            print('FAIL: ' + f)
    print(f'board: {len(a.scenarios.split()) * (len(trees) - ("base" in trees)) - len(failed)} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
