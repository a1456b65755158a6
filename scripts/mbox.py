#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Assemble the series into one threaded, ready-to-send mbox.

  mbox.py OUT --version N --to-cc DIR PATCH... [--range-diff FILE]

PATCH are git format-patch files, the cover letter first. DIR holds, for
every patch, NAME.to and NAME.cc (one address per line, from
scripts/get_maintainer.pl). The cover letter is sent to the union of all
of them. Message-IDs are derived from the patch contents, so the same
series gives the same mbox; git send-email keeps them.
"""
import argparse
import hashlib
import os
import re
import sys


def read_headers(text):
    head, sep, body = text.partition('\n\n')
    lines = []
    for ln in head.split('\n'):
        # The format-patch headers are unfolded here, one line each; only
        # the To: and Cc: that fold() adds are folded.
        if ln[:1] in (' ', '\t') and lines:
            lines[-1] += ' ' + ln.strip()
        else:
            lines.append(ln)
    return lines, body


def addrs(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [a.strip() for a in f if a.strip()]


def fold(name, values):
    """An address header folded at 78 columns (RFC 5322 2.2.3), as git
    send-email writes it: the cover letter of a series that touches many
    drivers goes to more addresses than one 998-character line holds.
    b4 am and git am unfold it (make mbox checks both)."""
    out, line = [], f'{name}:'
    for i, v in enumerate(values):
        item = ' ' + v + (',' if i < len(values) - 1 else '')
        if len(line) + len(item) > 78 and line != f'{name}:':
            out.append(line)
            line = ''
        line += item
    out.append(line)
    return '\n'.join(out)


def address(hdr, to, cc, msgid, parent):
    """Headers of one message of a thread: To:, Cc:, Message-ID: and, for
    a reply to the cover letter, In-Reply-To: and References:."""
    hdr = list(hdr)
    if to:
        hdr.append(fold('To', to))
    if cc:
        hdr.append(fold('Cc', cc))
    hdr.append(f'Message-ID: {msgid}')
    if parent:
        hdr.append(f'In-Reply-To: {parent}')
        hdr.append(f'References: {parent}')
    return hdr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--version', type=int, required=True)
    ap.add_argument('--to-cc', required=True)
    ap.add_argument('--range-diff')
    ap.add_argument('--figures')
    ap.add_argument('--domain', required=True)
    ap.add_argument('patches', nargs='+')
    a = ap.parse_args()

    texts = [open(p).read() for p in a.patches]
    digest = hashlib.sha256(''.join(texts).encode()).hexdigest()[:12]
    date = re.search(r'^Date: .*$', texts[0], re.M)
    ids = [f'<iommu-probe-v{a.version}-{i}-{digest}@{a.domain}>'
           for i in range(len(texts))]

    to_all, cc_all = [], []
    per = []
    for p in a.patches[1:]:
        b = os.path.basename(p)
        to, cc = addrs(os.path.join(a.to_cc, b + '.to')), addrs(os.path.join(a.to_cc, b + '.cc'))
        per.append((to, cc))
        to_all += [x for x in to if x not in to_all]
        cc_all += [x for x in cc if x not in cc_all]
    cc_all = [x for x in cc_all if x not in to_all]
    per.insert(0, (to_all, cc_all))

    with open(a.out, 'w') as out:
        for i, (text, (to, cc)) in enumerate(zip(texts, per)):
            lines, body = read_headers(text)
            if not lines[0].startswith('From '):
                sys.exit(f'{a.patches[i]}: not a git format-patch file')
            hdr = [lines[0]]
            for ln in lines[1:]:
                if re.match(r'(To|Cc|Message-I[dD]|In-Reply-To|References):', ln):
                    sys.exit(f'{a.patches[i]}: already has addressing headers')
                hdr.append(ln)
            hdr = address(hdr, to, cc, ids[i], ids[0] if i else None)
            if i == 0 and a.figures:
                fig = open(a.figures).read().rstrip('\n')
                m = re.search(r'^-- shortlog and diffstat', body, re.M) or \
                    re.search(r'^base-commit: ', body, re.M)
                block = fig + '\n\n'
                body = body[:m.start()] + block + body[m.start():] if m else body + '\n' + block
            if i == 0 and a.range_diff:
                rd = open(a.range_diff).read().rstrip('\n')
                m = re.search(r'^base-commit: ', body, re.M)
                block = f'Range-diff against v{a.version - 1}:\n{rd}\n\n'
                body = body[:m.start()] + block + body[m.start():] if m else body + '\n' + block
            # git am reads the mbox unquoted (mboxo): a body line starting
            # with "From " would split the message.
            if re.search(r'^From ', body, re.M):
                sys.exit(f'{a.patches[i]}: a body line starts with "From "')
            out.write('\n'.join(hdr) + '\n\n' + body.rstrip('\n') + '\n\n')
    print(ids[0][1:-1])


if __name__ == '__main__':
    main()
