#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a KUnit console log.

Fails on: a required suite missing or empty, a failing case, a crashed run
(no plan completed; in a log of several boots, as kunit.py --run_isolated
writes it, a boot that ended inside a suite), and any WARNING/BUG/lockdep/KASAN/kmemleak report in
the log, inside a case (that case fails) or outside all cases. Cases in the
known-failing manifest must fail, with their expected line in their own
part of the log; an unexpected pass fails the run too.
Prints one line per problem and a closing "LABEL: N passed, N failed" line.
"""
import argparse
import json
import re
import sys

RESULT = re.compile(r'^(\s*)(ok|not ok) (\d+) ([^#]*?)\s*(?:#\s*(\S+)(.*))?$')
SUBTEST = re.compile(r'^(\s*)# Subtest: (.*)$')
TIME = re.compile(r'^\[\s*\d+\.\d+\]\s?')
# A kernel's KTAP output starts here; in an isolated run (kunit.py
# --run_isolated) one log holds one such output per boot.
KTAP_START = re.compile(r'^KTAP version \d+\s*$')
# Reports that no run may contain.
BAD = re.compile(r'(WARNING:|BUG:|BUG kmalloc|Oops|Kernel panic|Unable to handle kernel|'
                 r'possible circular locking|possible recursive locking|inconsistent lock state|'
                 r'INFO: task .* blocked|DEBUG_LOCKS_WARN_ON|KASAN:|UBSAN:|'
                 r'suspected memory leak|ODEBUG:|------------\[ cut here \])')


def load_list(path, arch, fields):
    out = []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        parts = line.split(None, fields - 1)
        if parts[0] not in ('*', arch):
            continue
        out.append(parts[1:])
    return out


def parse(lines):
    """Return ({name: (status, directive, first, last)}, suites, stray reports, complete)."""
    stack = []          # (indent, name, first line index)
    results = {}
    suites = {}
    region_start = {}   # indent -> first line of the current case at that level
    stray = []
    open_top = False
    top_done = False
    in_test = 0
    for i, raw in enumerate(lines):
        line = TIME.sub('', raw.rstrip('\r\n'))
        if KTAP_START.match(line) and stack:
            # The previous boot ended inside a suite: whatever ran after
            # its last result crashed the kernel. That is a failed case of
            # its own; the next boot's results still count.
            ind, sname, first = stack[-1]
            start = region_start.get(ind, first)
            path = '.'.join(s[1] for s in stack) + '.(crashed)'
            results[path] = ('not ok', '', start, i - 1)
            stack.clear()
            continue
        m = SUBTEST.match(line)
        if m:
            ind = len(m.group(1).expandtabs())
            stack.append((ind, m.group(2).strip(), i))
            region_start[ind] = i
            continue
        m = RESULT.match(line)
        if m and (stack or m.group(1) == ''):
            ind = len(m.group(1).expandtabs())
            name = m.group(4).strip()
            status = m.group(2)
            directive = (m.group(5) or '').upper()
            if stack and stack[-1][0] == ind + 4 and stack[-1][1] == name:
                # End of a suite or a parameterised test.
                _, _, first = stack.pop()
                path = '.'.join([s[1] for s in stack] + [name])
                if not stack:
                    suites[name] = (status, directive)
                else:
                    results[path] = (status, directive, first, i)
                region_start[ind] = i + 1
                continue
            path = '.'.join([s[1] for s in stack if s[0] <= ind] + [name])
            first = region_start.get(ind, i)
            results[path] = (status, directive, first, i)
            region_start[ind] = i + 1
            continue
        if BAD.search(line):
            stray.append((i, line))
    return results, suites, stray, not stack


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('log')
    ap.add_argument('--arch', required=True)
    ap.add_argument('--label', required=True)
    ap.add_argument('--suites')
    ap.add_argument('--known-failing')
    ap.add_argument('--json')
    ap.add_argument('--only-known', action='store_true',
                    help='reproduce mode: judge only the manifest cases (they must fail)')
    a = ap.parse_args()
    lines = open(a.log, encoding='utf-8', errors='replace').readlines()
    results, suites, stray, complete = parse(lines)
    problems = []
    known = {k[0]: (k[1] if len(k) > 1 else '') for k in
             (load_list(a.known_failing, a.arch, 3) if a.known_failing else [])}

    # Which case does a line belong to? Map reports inside cases to those cases.
    owner = {}
    for name, (st, d, first, last) in results.items():
        for j in range(first, last + 1):
            owner.setdefault(j, name)
    bad_in = {}
    for i, line in stray:
        if i in owner:
            bad_in.setdefault(owner[i], []).append(line.strip())
        elif not a.only_known:
            problems.append(f'report outside any case: {line.strip()}')

    passed = failed = skipped = 0
    xfail = 0
    # A parameterised test's own line only sums up its parameters.
    parents = {n.rsplit('.', 1)[0] for n in results if '.' in n}
    for name, (st, d, first, last) in sorted(results.items()):
        if name in parents and name not in known:
            if st != 'ok' and d != 'SKIP' and not any(
                    n.startswith(name + '.') and results[n][0] != 'ok' for n in results):
                problems.append(f'case failed: {name}')
                failed += 1
            continue
        region = ''.join(lines[first:last + 1])
        if name in known:
            exp = known[name]
            if st == 'ok' and d != 'SKIP' and name not in bad_in:
                problems.append(f'unexpected pass of known-failing case {name}')
                failed += 1
            elif exp and exp not in region:
                problems.append(f'known-failing case {name} failed without its expected line "{exp}"')
                failed += 1
            else:
                xfail += 1
            continue
        if a.only_known:
            continue
        if d == 'SKIP':
            skipped += 1
            print(f'skip: {name}')
            continue
        if st != 'ok':
            problems.append(f'case failed: {name}')
            failed += 1
        elif name in bad_in:
            problems.append(f'case {name} logged: {bad_in[name][0]}')
            failed += 1
        else:
            passed += 1
    for k in known:
        if k not in results:
            problems.append(f'known-failing case {k} did not run')
            failed += 1
    if not a.only_known:
        for s in load_list(a.suites, a.arch, 2) if a.suites else []:
            s = s[0]
            if s not in suites:
                problems.append(f'suite missing: {s}')
            elif not any(n.startswith(s + '.') and results[n][1] != 'SKIP' for n in results):
                problems.append(f'suite ran no case: {s}')
        for s, (st, d) in suites.items():
            if st != 'ok' and not any(n.startswith(s + '.') for n in results):
                problems.append(f'suite failed without case results: {s}')
        if not complete or not suites:
            problems.append('the run did not complete (crash or time-out?)')
    for p in problems:
        print(f'FAIL: {p}')
    if a.json:
        with open(a.json, 'w') as f:
            json.dump({'results': {n: r[0] + (' # ' + r[1] if r[1] else '') for n, r in results.items()},
                       'problems': problems}, f, indent=1)
    extra = f', {skipped} skipped' if skipped else ''
    if xfail:
        extra += f' ({xfail} known-failing failed as expected)'
    print(f'{a.label}: {passed} passed, {failed + (1 if problems and not failed else 0)} failed{extra}')
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
