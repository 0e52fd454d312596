# gdb -x: trace one call of a kernel function by single-stepping, PCs to a file
import gdb, os
el0 = os.environ.get("TR_EL0") == "1"
fn = os.environ["TR_FUNC"]; skip = int(os.environ["TR_SKIP"]); out = os.environ["TR_OUT"]
gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("target remote :%s" % os.environ.get("TR_PORT", "1234"))
gdb.execute("maintenance packet Qqemu.sstep=0x7")
bp = gdb.Breakpoint("*" + fn, internal=False)
bp.ignore_count = skip
gdb.execute("continue")
bp.enabled = False
cpsr0 = int(gdb.parse_and_eval("$cpsr"))
gdb.execute("set $cpsr = $cpsr | 0x80")
sp0 = int(gdb.parse_and_eval("$sp")) & 0xffffffffffffffff
lr = int(gdb.parse_and_eval("$x30")) & 0xffffffffffffffff
pcs = []
while len(pcs) < 40000:
    pc = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
    # TR_EL0=1: trace on to the return to user space
    if el0 and pc < 0xffff000000000000:
        break
    if not el0 and pc == lr and (int(gdb.parse_and_eval("$sp")) & 0xffffffffffffffff) >= sp0:
        break
    pcs.append(pc)
    gdb.execute("stepi", to_string=True)
gdb.execute("set $cpsr = $cpsr & ~0x80 | %d" % (cpsr0 & 0x80))
with open(out, "w") as f:
    f.write("\n".join("%x" % p for p in pcs) + "\n")
gdb.execute("kill")
