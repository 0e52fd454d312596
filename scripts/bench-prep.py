#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-prep.py TREE base|series: the bench-only changes, made alike in both trees.

1. Forced ATS. QEMU's SMMUv3 does not advertise ATS (IDR0.ATS) and its
   virt root complex does not say it supports ATS, but both work when the
   driver assumes them (see DESIGN.md). The series can force that with its
   test facility (arm_smmu_v3.ats_fault=1), the base cannot, and the
   facility's accounting must not be in a success-path measurement. So the
   same two-line edit makes both kernels treat ATS as supported, and the
   patched kernel boots with the facility off.
2. A second completion mode. QEMU's SMMUv3 has neither IDR0.MSI nor
   IDR0.SEV: its CMD_SYNC completion is only seen by polling CONS, with
   back-off. The boot parameter arm_smmu_v3.bench_sev=1, added alike to
   both trees, makes the driver take IDR0.SEV as set: CMD_SYNCs ask for an
   event and waiters wait for events (WFE) between polls. QEMU sends no
   event, and completes a CMD_SYNC during the PROD write, so a waiter never
   waits; the mode changes the code the success path runs, not the wait.
   MSI polling cannot be emulated: QEMU signals a CMD_SYNC with a wired
   interrupt, never with the MSI write-back the driver would poll.
3. bench/dw-ep-bench.c, the dwc endpoint iATU write counter, built into
   both trees (with -DDW_EP_BENCH_SERIES in the patched one).

Idempotent: a tree already prepared is left untouched (no rebuild).
"""
import os
import re
import shutil
import sys

tree, kind = sys.argv[1], sys.argv[2]
top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def edit(rel, subs):
    path = os.path.join(tree, rel)
    src = open(path).read()
    new = src
    for old, rep, count in subs:
        if rep in new:
            continue
        new, n = re.subn(old, rep, new)
        if n != count:
            sys.exit(f'bench-prep: {rel}: {old!r} matched {n} times, not {count}')
    if new != src:
        open(path, 'w').write(new)


edit('drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c', [
    (r'\breg & IDR0_ATS\b', '(reg & IDR0_ATS || 1 /* bench: forced */)', 1),
    (r'\bif \(reg & IDR0_SEV\)', 'if (reg & IDR0_SEV || bench_sev)', 1),
    (r'module_param\(disable_msipolling, bool, 0444\);\n',
     'module_param(disable_msipolling, bool, 0444);\n'
     'static bool bench_sev; /* bench only */\n'
     'module_param(bench_sev, bool, 0444);\n', 1),
    (r'!\(fwspec->flags & IOMMU_FWSPEC_PCI_RC_ATS\)',
     '(0 /* bench: forced */ && !(fwspec->flags & IOMMU_FWSPEC_PCI_RC_ATS))', 1),
])

dwc = 'drivers/pci/controller/dwc'
dst = os.path.join(tree, dwc, 'dw-ep-bench.c')
src = os.path.join(top, 'bench/dw-ep-bench.c')
if not os.path.exists(dst) or open(dst).read() != open(src).read():
    shutil.copyfile(src, dst)
flags = ' -DDW_EP_BENCH_SERIES' if kind == 'series' else ''
rule = ('\n# bench only\nobj-$(CONFIG_PCIE_DW_EP) += dw-ep-bench.o\n'
        f'CFLAGS_dw-ep-bench.o +={flags}\n')
mk = os.path.join(tree, dwc, 'Makefile')
text = open(mk).read()
if '# bench only' not in text:
    open(mk, 'a').write(rule)
