#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-report.py DIR: the table of make bench, from DIR/*.{log,trace}.

Per completion mode (CONS polling: base, series; events: base-sev,
series-sev) and workload (device x size): guest time per unmap (the median
over the rounds of the mean of a round's fastest 99% of unmaps, which leaves
out the few operations a timer interrupt lands in, and for information the
mean of all; under -icount guest time counts instructions), the SMMU commands
QEMU consumed per map+unmap pair, by opcode, and the reads of GERROR and
GERRORN per pair, between the guest's phase markers.
For the dwc endpoint: iATU register writes per interrupt in steady state, for
the workloads of bench/dw-ep-bench.c. Exits non-zero if a success-path target
is missed: unmap time ratio patched/base above MAX_RATIO (ATS) or
MAX_RATIO_NOATS, commands or CMD_SYNCs per unmap different from the base,
a GERROR or GERRORN read on the success path, dwc writes per interrupt not 0
(where the series keeps a window for every target) or above the base's
(where it cannot), or a workload that did not run as intended (ATS off on
the ATS device).
"""
import collections
import os
import re
import statistics
import sys

MAX_RATIO = 1.005
MAX_RATIO_NOATS = 1.001
# (label, base boot, patched boot, features bit 6 (SEV) expected)
MODES = (
    ('CONS polling', 'base', 'series', False),
    ('events (SEV)', 'base-sev', 'series-sev', True),
)
FEATURES = re.compile(r'arm-smmu-v3 .*\(features 0x([0-9a-f]+)\)')
# "smmuv3_read_mmio addr: 0x60 val:0x0 size: 0x4(0)"
READ = re.compile(r'smmuv3_read_mmio addr: 0x([0-9a-f]+) ')
GERROR_REGS = {0x60: 'GERROR', 0x64: 'GERRORN'}
# A waiter looks 7 times in the first 12.7 ms of a wait, then every 10 ms: 26
# looks in 200 ms; a look reads GERROR and GERRORN, and while the error is
# held back again under gerror_lock (4 reads); 2 stalled waits; plus the
# GERROR interrupt and the hrtimer, a few reads each.
STALL_READS_MAX = 2 * 26 * 4 + 16
BENCH = re.compile(r'BENCH bdf=(\S+) size=(\d+) ops=(\d+) phase=(\d+) ats=(\d) '
                   r'map_ns=(\d+) unmap_ns=(\d+) map_t99_ns=(\d+) unmap_t99_ns=(\d+)'
                   r'(?: fenced=(\d))?')
DWC = re.compile(r'DWC-BENCH (\S+) writes=(\d+) irqs=(\d+)')
# dwc workload: (label, target); target 0: no iATU write per interrupt,
# 'base': never more than the base
DWC_WORKLOADS = (
    ('msi', 'MSI, 2 functions', 0),
    ('msix', 'MSI-X, 2 functions', 0),
    ('msix-4regions', 'MSI-X, vectors in 4 regions', 0),
    ('msix-6regions', 'MSI-X, vectors in 6 regions', 'base'),
    ('msix-8regions', 'MSI-X, vectors in 8 regions', 'base'),
    ('msix-4regions-3wins', 'MSI-X, 4 regions, 3 windows', 'base'),
    ('msi-3wins', 'MSI, 2 functions, 3 windows', 0),
    ('msi-2wins', 'MSI, 2 functions, 2 windows', 0),
    ('msi-1win', 'MSI, 2 functions, 1 window', 'base'),
)
# "smmuv3_cmdq_opcode <--- SMMU_CMD_TLBI_NH_VA" (QEMU 10 log trace backend)
OPCODE = re.compile(r"smmuv3_cmdq_opcode \S+ (?:SMMU_)?(\S+)")
MARK = re.compile(r'pci_cfg_write .* @0xd <- 0x([0-9a-f]+)')


def read_log(path):
    runs, dwc, fails, fenced, done = [], {}, [], None, False
    feats = None
    for line in open(path, errors='replace'):
        m = FEATURES.search(line)
        if m:
            feats = int(m.group(1), 16)
        m = BENCH.search(line)
        if m:
            (bdf, size, ops, phase, ats, map_ns, unmap_ns, map_t99, unmap_t99,
             fen) = m.groups()
            runs.append(dict(bdf=bdf, size=int(size), ops=int(ops),
                             phase=int(phase), ats=int(ats),
                             map_ns=int(map_ns), unmap_ns=int(unmap_ns),
                             map_t99_ns=int(map_t99) / 100,
                             unmap_t99_ns=int(unmap_t99) / 100))
            if fen is not None:
                fenced = int(fen)
        m = DWC.search(line)
        if m:
            dwc[m.group(1)] = int(m.group(2)) / int(m.group(3))
        if 'BENCH-FAIL' in line:
            fails.append(line.strip())
        done |= 'BENCH-END' in line
    if not done:
        fails.append(f'{path}: the bench did not finish')
    return runs, dwc, fails, fenced, feats


def read_trace(path):
    """Commands by opcode, and GERROR/GERRORN reads, per phase marker."""
    counts = collections.defaultdict(collections.Counter)
    phase = 0
    for line in open(path, errors='replace'):
        m = OPCODE.search(line)
        if m:
            if phase:
                counts[phase][m.group(1)] += 1
            continue
        m = READ.search(line)
        if m:
            reg = GERROR_REGS.get(int(m.group(1), 16))
            if phase and reg:
                counts[phase]['read ' + reg] += 1
            continue
        m = MARK.search(line)
        if m:
            phase = int(m.group(1), 16)
    return counts


def name(run):
    kind = 'ATS' if run['bdf'].endswith('01:00.0') else 'non-ATS'
    size = '4K' if run['size'] == 4096 else '2M'
    return f'{kind} {size}'


def summarize(d, kernel):
    runs, dwc, fails, fenced, feats = read_log(os.path.join(d, kernel + '.log'))
    trace = read_trace(os.path.join(d, kernel + '.trace'))
    work = collections.OrderedDict()
    for r in runs:
        w = work.setdefault(name(r), dict(unmap=[], unmap_mean=[], map=[],
                                          cmds=[], ats=set()))
        w['unmap'].append(r['unmap_t99_ns'])
        w['unmap_mean'].append(r['unmap_ns'] / r['ops'])
        w['map'].append(r['map_t99_ns'])
        w['ats'].add(r['ats'])
        c = trace.get(r['phase'], collections.Counter())
        w['cmds'].append({op: n / r['ops'] for op, n in c.items()})
    return work, dwc, fails, fenced, runs, trace, feats


def fmt(x):
    return f'{x:.3f}'.rstrip('0').rstrip('.') if isinstance(x, float) else str(x)


def compare(d, mode, bname, sname, sev, problems, rows):
    base, bdwc, bfail, _, _, _, bfeat = summarize(d, bname)
    ser, sdwc, sfail, _, _, _, sfeat = summarize(d, sname)
    problems += bfail + sfail
    for k, f in ((bname, bfeat), (sname, sfeat)):
        if f is None or bool(f & 0x40) != sev:
            problems.append(f'{k}: SMMU features {f} do not match {mode}')
    for w in base:
        if w not in ser:
            problems.append(f'{mode} {w}: no patched result')
            continue
        b, s = base[w], ser[w]
        want_ats = {1} if w.startswith('ATS') else {0}
        limit = MAX_RATIO if w.startswith('ATS') else MAX_RATIO_NOATS
        for k, v in (('base', b), ('patched', s)):
            if v['ats'] != want_ats:
                problems.append(f'{mode} {w}: ATS enabled={sorted(v["ats"])} on {k}')
            if any(c != v['cmds'][0] for c in v['cmds']):
                problems.append(f'{mode} {w}: commands per unmap differ between rounds on {k}')
        bu, su = statistics.median(b['unmap']), statistics.median(s['unmap'])
        ratio = su / bu
        ok = ratio <= limit
        if not ok:
            problems.append(f'{mode} {w}: unmap time ratio {ratio:.4f} > {limit}')
        rows.append((f'{mode}: {w} unmap, guest ns', f'{bu:.1f}', f'{su:.1f}',
                     f'{ratio:.4f}', f'<= {limit} ' + ('ok' if ok else 'MISSED')))
        bu, su = statistics.median(b['unmap_mean']), statistics.median(s['unmap_mean'])
        rows.append((f'{mode}: {w} unmap mean, guest ns (info)', f'{bu:.1f}',
                     f'{su:.1f}', f'{su / bu:.4f}', ''))
        bm, sm = statistics.median(b['map']), statistics.median(s['map'])
        rows.append((f'{mode}: {w} map, guest ns (info)', f'{bm:.1f}', f'{sm:.1f}',
                     f'{sm / bm:.4f}', ''))
        ops = sorted(set(b['cmds'][0]) | set(s['cmds'][0]) |
                     {'read GERROR', 'read GERRORN'})
        if not set(ops) - {'read GERROR', 'read GERRORN'}:
            problems.append(f'{mode} {w}: no SMMU command traced')
        for op in ops:
            bc, sc = b['cmds'][0].get(op, 0), s['cmds'][0].get(op, 0)
            ok = bc == sc and (not op.startswith('read') or sc == 0)
            if not ok:
                problems.append(f'{mode} {w}: {op} per unmap {fmt(sc)}, base {fmt(bc)}')
            rows.append((f'{mode}: {w} {op}/unmap', fmt(bc), fmt(sc),
                         f'{sc / bc:.4f}' if bc else '-',
                         ('0 ' if op.startswith('read') else '') +
                         ('ok' if ok else 'MISSED')))
    return bdwc, sdwc


def main():
    d = sys.argv[1]
    problems, rows = [], []
    for mode, bname, sname, sev in MODES:
        dwc = compare(d, mode, bname, sname, sev, problems, rows)
        if bname == 'base':
            bdwc, sdwc = dwc

    for irq, label, target in DWC_WORKLOADS:
        bw, sw = bdwc.get(irq), sdwc.get(irq)
        if bw is None or sw is None:
            problems.append(f'dwc {irq}: no count (base {bw}, patched {sw})')
            continue
        ok = sw == 0 if target == 0 else sw <= bw
        if not ok:
            problems.append(f'dwc {irq}: {sw} iATU writes per interrupt (base {bw})')
        rows.append((f'dwc {label}: iATU writes/IRQ',
                     fmt(bw), fmt(sw), f'{sw / bw:.4f}' if bw else '-',
                     ('0' if target == 0 else '<= base') +
                     (' ok' if ok else ' MISSED')))

    # Error path, for information: the patched kernel with injection on.
    err = []
    epath = os.path.join(d, 'error.log')
    if os.path.exists(epath):
        runs, _, efail, fenced, _ = read_log(epath)
        trace = read_trace(os.path.join(d, 'error.trace'))
        for r in runs:
            c = trace.get(r['phase'], collections.Counter())
            err.append(('injected-timeout map+unmap, guest ns', r['map_ns'] + r['unmap_ns']))
            err.append(('  commands by opcode', ', '.join(
                f'{op} {n}' for op, n in sorted(c.items())
                if not op.startswith('read')) or 'none'))
            err.append(('  CMD_SYNCs', c.get('CMD_SYNC', 0)))
            err.append(('  GERROR/GERRORN reads', c.get('read GERROR', 0) +
                        c.get('read GERRORN', 0)))
        err.append(('  fenced when the unmap returned', fenced))
        err += [(f'  {f}', '') for f in efail]

    # Stalled error path: GERROR/GERRORN reads while the errors are pending
    for kernel, mode in (('error-stall', 'CONS polling'),
                         ('error-stall-sev', 'events (SEV)')):
        epath = os.path.join(d, kernel + '.log')
        if not os.path.exists(epath):
            continue
        runs, _, efail, fenced, _ = read_log(epath)
        trace = read_trace(os.path.join(d, kernel + '.trace'))
        for r in runs:
            c = trace.get(r['phase'], collections.Counter())
            reads = c.get('read GERROR', 0) + c.get('read GERRORN', 0)
            ok = reads <= STALL_READS_MAX
            err.append((f'{mode}, 2 timeouts stalling 200 ms each: map+unmap, guest ms',
                        f'{(r["map_ns"] + r["unmap_ns"]) / 1e6:.1f}'))
            err.append((f'  GERROR/GERRORN reads during it ({c.get("read GERROR", 0)} + '
                        f'{c.get("read GERRORN", 0)}), at most {STALL_READS_MAX}',
                        f'{reads} ' + ('ok' if ok else 'MISSED')))
            if not ok:
                problems.append(f'{kernel}: {reads} GERROR/GERRORN reads > {STALL_READS_MAX}')
        err.append(('  fenced when the unmap returned', fenced))
        err += [(f'  {f}', '') for f in efail]
        problems += efail

    head = ('figure', 'base', 'patched', 'ratio', 'target')
    width = [max(len(str(r[i])) for r in rows + [head]) for i in range(5)]
    line = lambda r: '| ' + ' | '.join(str(c).ljust(width[i]) for i, c in enumerate(r)) + ' |'
    out = [line(head), '|' + '|'.join('-' * (w + 2) for w in width) + '|']
    out += [line(r) for r in rows]
    if err:
        out += ['', 'Error path (patched, arm_smmu_v3.ats_fault=1, 2 timeouts injected on 01:00.0):']
        out += [f'- {k}: {v}' if v != '' else f'- {k}' for k, v in err]
    print('\n'.join(out))
    with open(os.path.join(d, 'report.md'), 'w') as f:
        f.write('\n'.join(out) + '\n')
    for p in problems:
        print(f'FAIL: {p}')
    print('bench: ' + ('targets missed' if problems else 'all success-path targets met'))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
