#!/usr/bin/env python3
# gdb-trace-diff.py [SKIP...]: instructions per function, base vs series,
# from $TR/{base,series}.SKIP.prof (gdb-trace-run.sh)
import os, sys
TR = os.environ.get('TR', '/tmp/tr')
def load(f):
    d = {}
    for l in open(f):
        p = l.split()
        if p[0] != 'total':
            d[p[1]] = int(p[0])
    return d
for sk in sys.argv[1:] or ['160', '50']:
    b = load(f'{TR}/base.{sk}.prof')
    s = load(f'{TR}/series.{sk}.prof')
    print('skip', sk, 'total', sum(b.values()), sum(s.values()))
    for k in sorted(set(b) | set(s), key=lambda k: -abs(s.get(k, 0) - b.get(k, 0))):
        d = s.get(k, 0) - b.get(k, 0)
        if d:
            print(f'{d:+5d} {b.get(k, 0):5d} {s.get(k, 0):5d} {k}')
