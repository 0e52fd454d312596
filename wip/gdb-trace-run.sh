#!/bin/bash
# gdb-trace-run.sh NAME SKIP [PORT]: boot the bench kernel NAME (base or
# series, as make bench left them in build/bench) under QEMU's gdbstub,
# single-step the SKIP+1th call of iommufd_ioas_unmap (with bench.ops=10
# and bench.size=4096: 50 is an ATS 4 KiB unmap, 160 a non-ATS one) and
# write its PCs to $TR/NAME.SKIP.pcs and the instructions per function to
# $TR/NAME.SKIP.prof. TR_EL0=1 traces on to the return to
# user space instead of the function's return. Needs gdb-multiarch.
set -e
W=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$W")
TR=${TR:-/tmp/tr}
name=$1 skip=$2 port=${3:-1234}
B=$TOP/build/bench
mkdir -p "$TR/$name"
ln -sfn "$B/$name/out/arch" "$TR/$name/arch"
ln -sf "$B/initramfs.cpio.gz" "$TR/$name/initramfs.cpio.gz"
# -S: the guest waits for gdb, which sets the breakpoint before it runs
ATS_FAULT= QEMU_TIMEOUT=900 \
QEMU_APPEND="nokaslr kunit.filter_glob=nothing bench.ops=10 bench.rounds=1 bench.size=4096 ${EXTRA_APPEND:-}" \
QEMU_EXTRA="-icount shift=0,sleep=off -gdb tcp::$port -S" \
	bash "$TOP/scripts/run-qemu.sh" "$TR/$name" "$TR/$name.log" > "$TR/$name.qemu.out" 2>&1 &
sleep 1
TR_EL0=${TR_EL0:-} TR_FUNC=iommufd_ioas_unmap TR_SKIP=$skip TR_OUT=$TR/$name.$skip.pcs TR_PORT=$port \
	timeout 600 gdb-multiarch -q -batch -nx -x "$W/gdb-step-trace.py" \
	"$B/$name/out/vmlinux" > "$TR/$name.gdb.out" 2>&1 || true
wait
python3 "$W/gdb-trace-prof.py" "$B/$name/out/vmlinux" "$TR/$name.$skip.pcs" > "$TR/$name.$skip.prof"
head -1 "$TR/$name.$skip.prof"
