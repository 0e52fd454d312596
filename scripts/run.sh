#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh TREE OUT: build the test kernel and the initramfs, boot them in QEMU
# and judge the run. Exits non-zero when the run fails; the last line is
# "N passed, N failed, N skipped".
. "$(dirname "$0")/lib.sh"

tree=${1:?usage: run.sh TREE OUT}
out=${2:?usage: run.sh TREE OUT}
bash "$TOP/scripts/build-kernel.sh" "$tree" "$out"
bash "$TOP/scripts/build-user.sh" "$tree" "$out"
console=$out/console.log
start=$SECONDS
rc=0
bash "$TOP/scripts/run-qemu.sh" "$out" "$console" || rc=$?
log "QEMU exited with $rc after $((SECONDS - start))s"
python3 "$TOP/scripts/parse-results.py" --tree "$tree" "$console"
