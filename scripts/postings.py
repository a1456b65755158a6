#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Split the series into the postings of series/postings, one mbox each.

  postings.py OUTDIR --manifest F --repo R --base B --tip T --version N
              --to-cc DIR --domain D [--figures F] COVER PATCH...

COVER and PATCH are the series as exported (format-patch files, series
order). For every posting with patches, OUTDIR/<name>.mbox gets a cover
letter (the posting's text, the list of all postings with the Message-IDs
of their cover letters, the base paragraph of the series' cover letter,
the shortlog and diffstat of its patches, base-commit and a
prerequisite-patch-id for every patch of the postings it needs) and its
patches, renumbered with the posting's prefix and threaded to it.
OUTDIR/postings.txt lists, one posting per line:
  name first last needs count message-id
for make mbox's checks. Message-IDs depend only on the patches' contents.
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mbox import address, addrs, read_headers  # noqa: E402


def git(repo, *args, stdin=None):
    return subprocess.run(['git', '-C', repo, '-c', 'core.abbrev=12', *args], check=True,
                          capture_output=True, text=True, input=stdin).stdout


def read_sections(path):
    """[name] sections of "key = value" lines. "text =" takes every line
    after it up to the next section, each without its first tab, blank
    lines included (configparser would strip the indentation of lists)."""
    secs, cur, key = {}, None, None
    with open(path) as f:
        for no, ln in enumerate(f.read().split('\n'), 1):
            m = re.fullmatch(r'\[([a-z0-9-]+)\]', ln)
            if m:
                cur, key = secs.setdefault(m.group(1), {}), None
                continue
            if key == 'text' and (ln.startswith('\t') or not ln.strip()):
                cur['text'].append(ln[1:] if ln.startswith('\t') else '')
                continue
            if not ln.strip() or ln.startswith('#'):
                continue
            m = re.fullmatch(r'([a-z]+)\s*=\s*(.*)', ln)
            if not m or cur is None:
                sys.exit(f'{path}:{no}: not "key = value" in a [section]')
            key = m.group(1)
            cur[key] = [] if key == 'text' else m.group(2).strip()
    for sec in secs.values():
        if 'text' in sec:
            sec['text'] = '\n'.join(sec['text']).strip('\n')
    return secs


def parse_manifest(path, npatches):
    cp = read_sections(path)
    posts, seen, covered = [], set(), []
    for name, s in cp.items():
        for key in ('patches', 'needs', 'prefix', 'subject', 'text'):
            if key not in s:
                sys.exit(f'{path}: [{name}] has no {key}')
        rng = s['patches'].strip()
        first = last = None
        if rng:
            m = re.fullmatch(r'(\d+)(?:-(\d+))?', rng)
            if not m:
                sys.exit(f'{path}: [{name}] patches = {rng}: want N or N-M')
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            if not 1 <= first <= last <= npatches:
                sys.exit(f'{path}: [{name}] patches = {rng}: the series has {npatches}')
            covered += range(first, last + 1)
        needs = s['needs'].strip()
        if needs != 'base' and needs not in seen:
            sys.exit(f'{path}: [{name}] needs {needs}, which is not an earlier posting')
        text = s['text']
        posts.append(dict(name=name, first=first, last=last, needs=needs,
                          prefix=s['prefix'].strip(), subject=s['subject'].strip(),
                          figures=s.get('figures', 'no') == 'yes', text=text))
        seen.add(name)
    if sorted(covered) != list(range(1, npatches + 1)):
        missing = sorted(set(range(1, npatches + 1)) - set(covered))
        twice = sorted({x for x in covered if covered.count(x) > 1})
        sys.exit(f'{path}: every patch must be in exactly one posting '
                 f'(missing: {missing}, twice: {twice})')
    # In series order, so that applying them in this order gives the tip.
    order = [p['first'] for p in posts if p['first']]
    if order != sorted(order):
        sys.exit(f'{path}: postings must follow the series order')
    return posts


def chain(posts, p):
    """The postings p needs, transitively, first to last."""
    byname = {q['name']: q for q in posts}
    out = []
    while p['needs'] != 'base':
        p = byname[p['needs']]
        out.insert(0, p)
    return out


def base_paragraph(cover_body):
    m = re.search(r'^Base: .*?(?=\n\n)', cover_body, re.M | re.S)
    return m.group(0) if m else ''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('outdir')
    for opt in ('--manifest', '--repo', '--base', '--tip', '--to-cc', '--domain'):
        ap.add_argument(opt, required=True)
    ap.add_argument('--version', type=int, required=True)
    ap.add_argument('--figures')
    ap.add_argument('cover')
    ap.add_argument('patches', nargs='+')
    a = ap.parse_args()

    posts = parse_manifest(a.manifest, len(a.patches))
    commits = git(a.repo, 'rev-list', '--reverse', f'{a.base}..{a.tip}').split()
    if len(commits) != len(a.patches):
        sys.exit(f'{a.base}..{a.tip} has {len(commits)} commits, the series {len(a.patches)} patches')
    texts = [open(p).read() for p in a.patches]
    cover_lines, cover_body = read_headers(open(a.cover).read())
    chdr = {ln.split(':', 1)[0]: ln for ln in cover_lines[1:] if ':' in ln}
    vtag = f' v{a.version}' if a.version > 1 else ''

    for p in posts:
        if not p['first']:
            continue
        idx = range(p['first'] - 1, p['last'])
        digest = hashlib.sha256(''.join(texts[i] for i in idx).encode()).hexdigest()[:12]
        p['n'] = len(idx)
        p['ids'] = [f'<iommu-probe-v{a.version}-{p["name"]}-{k}-{digest}@{a.domain}>'
                    for k in range(p['n'] + 1)]
        p['tag'] = f'[{p["prefix"]}{vtag} 0/{p["n"]}] {p["subject"]}'

    os.makedirs(a.outdir, exist_ok=True)
    listing = []
    for num, p in enumerate(posts, 1):
        if not p['first']:
            continue
        idx = list(range(p['first'] - 1, p['last']))
        start = commits[idx[0] - 1] if idx[0] else a.base
        last = commits[idx[-1]]

        # The list of postings, as every cover letter carries it.
        byname = {q['name']: q for q in posts}
        lst = [f'The work is posted in {len(posts)} parts:', '']
        for k, q in enumerate(posts, 1):
            if q['first']:
                here = ' (this posting)' if q is p else ''
                dep = ('applies to the base' if q['needs'] == 'base' else
                       f'applies on top of part {posts.index(byname[q["needs"]]) + 1}')
                lst.append(f' {k}. {q["tag"]}{here}')
                lst.append(f'    {q["ids"][0]}')
                lst.append(f'    {dep}')
            else:
                lst.append(f' {k}. "{q["subject"]}": not posted yet')
        lst.append('')

        prereq = []
        for q in chain(posts, p):
            for i in range(q['first'] - 1, q['last']):
                pid = git(a.repo, 'patch-id', '--stable',
                          stdin=git(a.repo, 'show', commits[i])).split()[0]
                prereq.append(f'prerequisite-patch-id: {pid}')
        tail = ['-- shortlog and diffstat --', '',
                git(a.repo, 'shortlog', f'{start}..{last}').rstrip('\n'), '',
                git(a.repo, 'diff', '--stat=72', '--summary', start, last).rstrip('\n'), '',
                f'base-commit: {a.base}', *prereq, '-- ', '']
        body = [p['text'], '']
        if p['needs'] != 'base':
            need = next(q for q in posts if q['name'] == p['needs'])
            body += [f'It applies on top of part {posts.index(need) + 1} below.', '']
        body += lst
        bp = base_paragraph(cover_body)
        if bp:
            body += [bp, '']
        if p['figures'] and a.figures:
            body += [open(a.figures).read().rstrip('\n'), '']

        to_all, cc_all, per = [], [], []
        for i in idx:
            b = os.path.basename(a.patches[i])
            to, cc = addrs(os.path.join(a.to_cc, b + '.to')), addrs(os.path.join(a.to_cc, b + '.cc'))
            per.append((to, cc))
            to_all += [x for x in to if x not in to_all]
            cc_all += [x for x in cc if x not in cc_all]
        cc_all = [x for x in cc_all if x not in to_all]

        msgs = []
        hdr = [cover_lines[0], chdr['From'], chdr['Date'], f'Subject: {p["tag"]}']
        msgs.append((hdr, '\n'.join(body + tail), to_all, cc_all))
        w = len(str(p['n']))
        for k, i in enumerate(idx, 1):
            lines, pbody = read_headers(texts[i])
            out = []
            for ln in lines:
                if ln.startswith('Subject: '):
                    m = re.match(r'Subject: \[[^\]]*\]\s*(.*)', ln)
                    if not m:
                        sys.exit(f'{a.patches[i]}: no [PATCH n/m] in its subject')
                    ln = f'Subject: [{p["prefix"]}{vtag} {k:0{w}d}/{p["n"]}] {m.group(1)}'
                elif re.match(r'(To|Cc|Message-I[dD]|In-Reply-To|References):', ln):
                    sys.exit(f'{a.patches[i]}: already has addressing headers')
                out.append(ln)
            msgs.append((out, pbody, *per[k - 1]))

        path = os.path.join(a.outdir, p['name'] + '.mbox')
        with open(path, 'w') as f:
            for k, (hdr, text, to, cc) in enumerate(msgs):
                h = address(hdr, to, cc, p['ids'][k], p['ids'][0] if k else None)
                if re.search(r'^From ', text, re.M):
                    sys.exit(f'{p["name"]}: a body line starts with "From "')
                f.write('\n'.join(h) + '\n\n' + text.rstrip('\n') + '\n\n')
        listing.append(f'{p["name"]} {p["first"]} {p["last"]} {p["needs"]} {p["n"]} {p["ids"][0][1:-1]}')
    with open(os.path.join(a.outdir, 'postings.txt'), 'w') as f:
        f.write('\n'.join(listing) + '\n')
    for ln in listing:
        print(ln)


if __name__ == '__main__':
    main()
