#!/usr/bin/env python3
# gdb-trace-seqdiff.py FUNC SKIP: the instructions FUNC ran in the traced
# call, base vs series, as a diff of their disassembly (gdb-trace-run.sh)
import bisect, difflib, os, subprocess, sys
TR = os.environ.get('TR', '/tmp/tr')
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fn, sk = sys.argv[1], sys.argv[2]
def run(name):
    v = f'{TOP}/build/bench/{name}/out/vmlinux'
    syms = []
    for l in subprocess.run(['aarch64-linux-gnu-nm', '-n', v], capture_output=True,
                            text=True).stdout.splitlines():
        p = l.split()
        if len(p) == 3 and p[1] in 'tTwW':
            syms.append((int(p[0], 16), p[2]))
    addrs = [a for a, _ in syms]
    start = [a for a, s in syms if s == fn][0]
    pcs = [int(l, 16) for l in open(f'{TR}/{name}.{sk}.pcs')]
    sel = [pc for pc in pcs if syms[bisect.bisect_right(addrs, pc) - 1][1] == fn]
    dis = {}
    out = subprocess.run(['aarch64-linux-gnu-objdump', '-d', '--no-show-raw-insn',
                          f'--start-address={start:#x}', f'--stop-address={start + 0x1000:#x}', v],
                         capture_output=True, text=True).stdout
    for l in out.splitlines():
        p = l.split(':', 1)
        try:
            dis[int(p[0], 16)] = p[1].strip()
        except (ValueError, IndexError):
            pass
    return [dis.get(pc, '?') for pc in sel]
for l in difflib.unified_diff(run('base'), run('series'), lineterm='', n=0):
    print(l)
