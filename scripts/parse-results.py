#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one QEMU test boot from its console log.

KUnit results are parsed by the kernel's own kunit.py (the console up to the
point where /init starts), kselftest results from the kselftest runner's TAP
(the nested per-case lines of each test binary). The run fails on any failed
or crashed case, on zero cases, on a missing SMMU or test device, on an
unfinished boot and on kernel error reports in dmesg. The last line printed
is 'N passed, N failed, N skipped'.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

MARK = 'ATS-HARNESS: '

# Kernel reports that fail a run wherever they appear.
BAD = [
    (re.compile(r'WARNING: (CPU|at|suspicious|possible|inconsistent|bad)'), 'WARNING'),
    (re.compile(r'------------\[ cut here \]------------'), 'WARN/BUG'),
    (re.compile(r'\bBUG: '), 'BUG'),
    (re.compile(r'kernel BUG at'), 'BUG'),
    (re.compile(r'\bKASAN: '), 'KASAN'),
    (re.compile(r'\bUBSAN: '), 'UBSAN'),
    (re.compile(r'Kernel panic'), 'panic'),
    (re.compile(r'Internal error: |Oops'), 'oops'),
    (re.compile(r'Unable to handle kernel'), 'oops'),
    (re.compile(r'rcu: INFO: .* detected stalls|self-detected stall'), 'RCU stall'),
    (re.compile(r'INFO: task .* blocked for more than'), 'hung task'),
    (re.compile(r'soft lockup|hard LOCKUP'), 'lockup'),
    (re.compile(r'possible (circular|recursive) locking|inconsistent lock state|'
                r'suspicious RCU usage|sleeping function called from invalid context'),
     'lockdep'),
    (re.compile(r'unreferenced object 0x'), 'kmemleak'),
]

KSFT_CASE = re.compile(r'^# (not ok|ok) \d+ (\S+)(.*)$')
KSFT_TOP = re.compile(r'^(not ok|ok) \d+ selftests: (\S+): (\S+)(.*)$')


def kunit(tree, boot_lines):
    """Return (passed, failed, skipped, failures) of the KUnit boot output."""
    tool = os.path.join(tree, 'tools/testing/kunit/kunit.py')
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, 'boot.log')
        res = os.path.join(d, 'kunit.json')
        with open(log, 'w') as f:
            f.writelines(boot_lines)
        p = subprocess.run([sys.executable, tool, 'parse', '--json=' + res,
                            '--summary', log],
                           capture_output=True, text=True, check=False)
        if not os.path.exists(res):
            return 0, 1, 0, ['kunit.py parse failed: ' + p.stderr.strip()[-200:]]
        with open(res) as f:
            top = json.load(f)
    fails = []

    def walk(group, path):
        for case in group.get('test_cases', []):
            if case['status'] not in ('PASS', 'SKIP'):
                fails.append(f"{path}{case['name']}: {case['status']}")
        for sub in group.get('sub_groups', []):
            walk(sub, f"{path}{sub['name']}.")
    walk(top, '')
    m = top['misc']
    failed = m['failed'] + m['crashed'] + m['errors']
    if failed and not fails:
        fails.append(f'kunit: {m}')
    return m['passed'], failed, m['skipped'], fails


def kselftest(lines):
    """Return (passed, failed, skipped, failures, binaries) of the runner TAP."""
    passed = failed = skipped = 0
    fails, bins = [], []
    nested = {'ok': 0, 'not ok': 0}
    for line in lines:
        line = line.rstrip('\r\n')
        m = KSFT_CASE.match(line)
        if m:
            res, name, rest = m.groups()
            if re.search(r'#\s*SKIP', rest):
                skipped += 1
            elif res == 'ok' or re.search(r'#\s*XFAIL', rest):
                passed += 1
            else:
                failed += 1
                fails.append(f'kselftest {name}{rest}')
            nested[res] += 1
            continue
        m = KSFT_TOP.match(line)
        if m:
            res, col, prog, rest = m.groups()
            bins.append(f'{col}:{prog}')
            # A binary that failed without a failed case of its own
            # (crash, timeout, non-zero exit) counts as one failure.
            if res == 'not ok' and nested['not ok'] == 0:
                failed += 1
                fails.append(f'kselftest {col}:{prog}{rest}')
            if res == 'ok' and nested['ok'] + nested['not ok'] == 0:
                if re.search(r'#\s*SKIP', rest):
                    skipped += 1
                else:
                    passed += 1
            nested = {'ok': 0, 'not ok': 0}
    return passed, failed, skipped, fails, bins


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('log')
    ap.add_argument('--tree', required=True, help='kernel tree (for kunit.py)')
    ap.add_argument('--ats-devs', default='0000:01:00.0,0000:02:00.0')
    args = ap.parse_args()

    with open(args.log, errors='replace') as f:
        lines = f.readlines()
    idx = {}
    for i, line in enumerate(lines):
        if MARK in line:
            key = line.split(MARK, 1)[1].split()[0]
            idx.setdefault(key, i)

    problems = []
    boot_end = idx.get('begin', len(lines))
    kp, kf, ks, kfails = kunit(args.tree, lines[:boot_end])
    problems += kfails

    if 'begin' not in idx:
        problems.append('init never ran (kernel did not finish booting)')
    info = [l.split(MARK, 1)[1].strip() for l in lines if MARK in l]
    smmus = [i for i in info if i.startswith('smmu ')]
    if not smmus:
        problems.append('arm-smmu-v3 did not probe')
    for bdf in args.ats_devs.split(','):
        dev = [i for i in info if i.startswith(f'pcidev {bdf}')]
        if not dev:
            problems.append(f'{bdf}: not reported')
            continue
        if 'group=none' in dev[0] or 'missing' in dev[0]:
            problems.append(f'{bdf}: no iommu_group ({dev[0]})')
        m = re.search(r'ats_cap=(0x[0-9a-f]+|0)\b', dev[0])
        if not m or int(m.group(1), 16) < 0x100:
            problems.append(f'{bdf}: no ATS capability ({dev[0]})')

    k_start = idx.get('begin', len(lines))
    k_end = idx.get('kselftest-exit', len(lines))
    sp, sf, ss, sfails, bins = kselftest(lines[k_start:k_end])
    problems += sfails
    if 'kselftest-exit' not in idx:
        problems.append('kselftest runner did not finish')

    # The kmemleak report itself fails the run through BAD; a scan that did
    # not complete would hide leaks.
    if 'kmemleak-begin' not in idx or 'kmemleak-end' not in idx:
        problems.append('no complete kmemleak scan (CONFIG_DEBUG_KMEMLEAK off?)')
    else:
        leaks = sum(1 for l in lines[idx['kmemleak-begin']:idx['kmemleak-end']]
                    if 'unreferenced object 0x' in l)
        print(f'kmemleak: {leaks} unreferenced objects')

    if 'dmesg-end' not in idx:
        problems.append('no complete dmesg dump (hang, panic or timeout)')
    seen = set()
    for line in lines:
        for rx, what in BAD:
            if rx.search(line) and line not in seen:
                seen.add(line)
                problems.append(f'dmesg {what}: {line.strip()[:160]}')
    if 'qemu' in idx:
        problems.append(info[[i.split()[0] for i in info].index('qemu')])

    if kp + kf == 0:
        problems.append('no KUnit case ran')
    if sp + sf == 0:
        problems.append('no kselftest case ran')

    print(f"SMMU: {', '.join(s.split()[1] for s in smmus) or 'none'}")
    print(f'KUnit: {kp} passed, {kf} failed, {ks} skipped')
    print(f"kselftest ({', '.join(bins) or 'none'}): {sp} passed, {sf} failed, {ss} skipped")
    for p in problems:
        print(f'FAIL: {p}')
    passed, failed = kp + sp, kf + sf
    if problems and failed == 0:
        failed = len(problems)
    print(f'{passed} passed, {failed} failed, {ks + ss} skipped')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
