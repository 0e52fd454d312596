#!/usr/bin/env python3
# prof.py VMLINUX TRACE: instructions per function of a PC trace
import bisect, subprocess, sys, collections
syms = []
for l in subprocess.run(["aarch64-linux-gnu-nm", "-n", sys.argv[1]], capture_output=True, text=True).stdout.splitlines():
    p = l.split()
    if len(p) == 3 and p[1] in "tTwW":
        syms.append((int(p[0], 16), p[2]))
addrs = [a for a, _ in syms]
c = collections.Counter()
n = 0
for l in open(sys.argv[2]):
    pc = int(l, 16); n += 1
    i = bisect.bisect_right(addrs, pc) - 1
    c[syms[i][1] if i >= 0 else "?"] += 1
print("total", n)
for k, v in c.most_common():
    print(f"{v:6d} {k}")
