#!/bin/bash
# run.sh NAME SKIP: boot /tmp/tr/NAME with gdbstub, trace the SKIP+1th iommufd_ioas_unmap
set -e
name=$1 skip=$2 port=${3:-1234}
cd /work/main
ATS_FAULT= QEMU_TIMEOUT=900 QEMU_APPEND="nokaslr kunit.filter_glob=nothing bench.ops=10 bench.rounds=1 bench.size=4096 ${EXTRA_APPEND:-}" \
QEMU_EXTRA="-icount shift=0,sleep=off -gdb tcp::$port" bash scripts/run-qemu.sh /tmp/tr/$name /tmp/tr/$name.log > /tmp/tr/$name.qemu.out 2>&1 &
sleep 1
TR_FUNC=iommufd_ioas_unmap TR_SKIP=$skip TR_OUT=/tmp/tr/$name.$skip.pcs TR_PORT=$port timeout 600 gdb-multiarch -q -batch -nx -x /tmp/tr/step.py /work/main/build/bench/${name%%-*}/out/vmlinux > /tmp/tr/$name.gdb.out 2>&1 || true
wait
python3 /tmp/tr/prof.py /work/main/build/bench/${name%%-*}/out/vmlinux /tmp/tr/$name.$skip.pcs > /tmp/tr/$name.$skip.prof
head -3 /tmp/tr/$name.$skip.prof
