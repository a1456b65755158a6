#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Side-by-side table of the IOMMU probe benchmark (make bench).

  bench_report.py --arch A [--markdown FILE] --base LOG... --series LOG...

Reads the "bench order=... key=value ..." lines the KUnit benchmark prints,
one log per boot of a tree (make bench alternates the trees' boots), and
prints per configuration the base and series figures: firmware parses
per device (all, and during registrations), probe attempts per device,
devices visited by registration walks, deferred binds, and the wall time of
device addition plus registration with the series/base ratio. Each time is
the median over the boots of the median of the runs within a boot; every
boot must count the same. Then the
goals of the rework, evaluated on these figures (informative: times are
never a failure). Exits 1 if a run failed or a result was wrong.
"""
import argparse
import re
import statistics
import sys

LINE = re.compile(r'bench (order=\S+(?: \w+=\S+)+)')


def load(path):
    res, ok = {}, None
    with open(path, errors='replace') as f:
        for ln in f:
            m = LINE.search(ln)
            if m:
                kv = dict(x.split('=', 1) for x in m.group(1).split())
                key = (kv.pop('order'), int(kv.pop('M')), int(kv.pop('D')))
                res[key] = {k: int(v) for k, v in kv.items()}
            m = re.match(r'^\s*(ok|not ok) \d+ iommu_probe_bench\s*$', ln)
            if m:
                ok = m.group(1) == 'ok'
    return res, ok


TIMES = ('add_us', 'reg_us', 'bind_us')


def merge(path_list, tree, bad):
    """One result per configuration over the boots of a tree."""
    boots = []
    for i, p in enumerate(path_list):
        res, ok = load(p)
        if not ok:
            bad.append(f'{tree} run {i + 1} {"failed" if ok is False else "did not finish"}')
        boots.append(res)
    out = {}
    for k in set().union(*boots):
        got = [b[k] for b in boots if k in b]
        if len(got) != len(boots):
            bad.append(f'{tree} {k[0]} M={k[1]} D={k[2]}: missing in {len(boots) - len(got)} boots')
        counts = [{x: v for x, v in r.items() if x not in TIMES} for r in got]
        if any(c != counts[0] for c in counts):
            bad.append(f'{tree} {k[0]} M={k[1]} D={k[2]}: boots counted differently')
        out[k] = dict(got[0], **{x: statistics.median_low(g[x] for g in got) for x in TIMES})
    return out


def per_dev(r, k):
    return r[k] / r['devices']


def ms(r):
    return (r['add_us'] + r['reg_us']) / 1000.0


ORDERS = ['instances-first', 'devices-first', 'interleaved']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--arch', required=True)
    ap.add_argument('--markdown')
    ap.add_argument('--base', nargs='+', required=True)
    ap.add_argument('--series', nargs='+', required=True)
    a = ap.parse_args()
    bad = []
    base = merge(a.base, 'base', bad)
    ser = merge(a.series, 'series', bad)

    keys = sorted(set(base) | set(ser),
                  key=lambda k: (ORDERS.index(k[0]) if k[0] in ORDERS else 9, k[1], k[2]))
    hdr = ['order', 'M', 'D', 'parses/dev', 'reg parses/dev', 'probes/dev',
           'walk visits', 'probe_device', 'deferred', 'add+reg ms', 'ratio']
    rows = []
    for k in keys:
        b, s = base.get(k), ser.get(k)

        def pair(fn):
            return ' / '.join('-' if r is None else fn(r) for r in (b, s))
        for r, t in ((b, 'base'), (s, 'series')):
            if r and r.get('wrong'):
                bad.append(f'{t} {k[0]} M={k[1]} D={k[2]}: {r["wrong"]} devices wrong')
        ratio = f'{ms(s) / ms(b):.2f}' if b and s and ms(b) > 0 else '-'
        rows.append([k[0], str(k[1]), str(k[2]),
                     pair(lambda r: f'{per_dev(r, "parses"):.2f}'),
                     pair(lambda r: f'{per_dev(r, "reg_parses"):.2f}'),
                     pair(lambda r: f'{per_dev(r, "probes"):.2f}'),
                     pair(lambda r: str(r['walk'])),
                     pair(lambda r: str(r['probe_device'])),
                     pair(lambda r: str(r['deferred'])),
                     pair(lambda r: f'{ms(r):.1f}'),
                     ratio])

    print(f'--- bench {a.arch}: base / series (D clients + D devices without IOMMU; per device = over all 2D)')
    w = [max(len(x[i]) for x in rows + [hdr]) for i in range(len(hdr))]
    for r in [hdr] + rows:
        print('  '.join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip())

    goals = []

    def goal(text, met, value):
        goals.append((text, met, value))

    k = ('devices-first', 16, 4096)
    if k in ser:
        s = ser[k]
        goal('devices-first M=16 D=4096: firmware parsed once per device',
             s['parses'] == s['devices'], f'{per_dev(s, "parses"):.2f}/dev')
        goal('devices-first M=16 D=4096: no parse during registrations',
             s['reg_parses'] == 0, f'{s["reg_parses"]} parses')
        goal('devices-first M=16 D=4096: probe attempts per device <= 2',
             per_dev(s, 'probes') <= 2, f'{per_dev(s, "probes"):.2f}/dev')
        if k in base:
            goal('devices-first M=16 D=4096: parses per device on the base', None,
                 f'{per_dev(base[k], "parses"):.2f}/dev')
    for d in sorted({k[2] for k in ser if k[0] == 'devices-first'}):
        one, many = ser.get(('devices-first', 1, d)), ser.get(('devices-first', 16, d))
        if one and many and one['reg_us'] > 0:
            r = many['reg_us'] / one['reg_us']
            goal(f'devices-first D={d}: registration time M=16 within 1.15x of M=1', r <= 1.15, f'{r:.2f}x')
            b1, b16 = base.get(('devices-first', 1, d)), base.get(('devices-first', 16, d))
            if b1 and b16 and b1['reg_us'] > 0:
                goal(f'devices-first D={d}: base registration time M=16 / M=1', None,
                     f'{b16["reg_us"] / b1["reg_us"]:.2f}x')
    slower = [f'{k[0]} M={k[1]} D={k[2]}' for k in keys
              if k in base and k in ser and ms(ser[k]) >= ms(base[k])]
    goal('device_add + registration faster than base in every configuration',
         not slower, 'all faster' if not slower else 'not in ' + ', '.join(slower[:6]) +
         (' ...' if len(slower) > 6 else ''))
    lin = [(k[2], ms(ser[k]) / k[2]) for k in keys if k[0] == 'devices-first' and k[1] == 16]
    if len(lin) > 1:
        goal('devices-first M=16: cost per device across the doubling steps (linear in D)',
             max(x for _, x in lin) <= 1.5 * min(x for _, x in lin),
             ', '.join(f'D={d}: {x * 1000:.1f} us' for d, x in lin))
    print(f'--- bench {a.arch}: goals (informative, figures of this run)')
    for t, met, v in goals:
        print(f'  [{"info" if met is None else "met" if met else "not met"}] {t}: {v}')

    if a.markdown:
        with open(a.markdown, 'w') as f:
            f.write(f'Benchmark, {a.arch} (base / series):\n\n')
            f.write('| ' + ' | '.join(hdr) + ' |\n|' + '---|' * len(hdr) + '\n')
            for r in rows:
                f.write('| ' + ' | '.join(r) + ' |\n')
            f.write('\n')
            for t, met, v in goals:
                f.write(f'- {"info" if met is None else "met" if met else "**not met**"}: {t}: {v}\n')
    for b in bad:
        print(f'FAIL: {b}')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
