#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh: success-path cost of the series against the base, in one run.
#
# Builds (or reuses) the base and the patched kernel with the same config
# (configs/bench.config) and the same bench-only edits (scripts/bench-prep.py:
# forced ATS, the dwc iATU write counter), boots each on the same QEMU machine
# under -icount (guest time counts instructions) and runs the same workload:
# BENCH_OPS map+unmap pairs per workload (4 KiB and 2 MiB, on an ATS and a
# non-ATS device), BENCH_ROUNDS times, in both CMD_SYNC completion modes the
# driver can use on QEMU: CONS polling with back-off (QEMU's SMMU has neither
# MSI nor SEV), and waiting for events (arm_smmu_v3.bench_sev=1, see
# bench-prep.py). QEMU traces every SMMU command, every SMMU register read and
# the guest's phase markers (bench/iommufd_bench.c); bench-report.py prints
# the table and fails if a success-path target is missed. A last boot, of the
# patched kernel with its ATS fault injection on, measures the error path
# (for information).
. "$(dirname "$0")/lib.sh"

B=$BUILD/bench
ops=${BENCH_OPS:-10000}
rounds=${BENCH_ROUNDS:-3}
mkdir -p "$B"
t0=$SECONDS

# The patched tree: base + queue, like make tree; the base: the base tag.
# tree.sh keeps a tree that has this queue; after bench-prep it refuses
# to re-apply a changed queue over the edits, so start that one afresh.
bash "$TOP/scripts/tree.sh" "$B/series/linux" 2>/dev/null ||
	bash "$TOP/scripts/tree.sh" "$B/series/linux" --force
if [ ! -d "$B/base/linux/.git" ]; then
	git clone -q --no-checkout "$B/series/linux" "$B/base/linux"
	git -C "$B/base/linux" config gc.auto 0
fi
base=$(git -C "$B/series/linux" rev-parse refs/tags/base)
git -C "$B/base/linux" fetch -q "$B/series/linux" "$base"
[ "$(git -C "$B/base/linux" rev-parse -q --verify HEAD)" = "$base" ] ||
	git -C "$B/base/linux" checkout -q --detach "$base"

for k in base series; do
	python3 "$TOP/scripts/bench-prep.py" "$B/$k/linux" "$k"
	bash "$TOP/scripts/build-kernel.sh" "$B/$k/linux" "$B/$k/out" \
		"$TOP/configs/bench.config"
done

# One initramfs for both: busybox, the workload, bench/init.
kmake "$B/series/linux" "$B/series/out" headers >/dev/null
root=$B/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp}
install -m755 "$CACHE/busybox/bin/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m755 "$TOP/bench/init" "$root/init"
"${CROSS_COMPILE}gcc" -static -O2 -Wall -Werror -isystem "$B/series/out/usr/include" \
	-o "$root/bin/iommufd_bench" "$TOP/bench/iommufd_bench.c"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 > "$B/initramfs.cpio.gz"

boot() { # boot NAME KERNEL-TREE ATS_FAULT APPEND
	local name=$1 out=$B/$2/out
	ln -sf "$B/initramfs.cpio.gz" "$out/initramfs.cpio.gz"
	rm -f "$B/$name.trace"
	log "[bench $((SECONDS - t0))s] boot: $name"
	ATS_FAULT=$3 QEMU_TIMEOUT=${BENCH_TIMEOUT:-1500} \
	QEMU_APPEND="kunit.filter_glob=dw-ep-bench* $4" \
	QEMU_EXTRA="-icount shift=0,sleep=off -trace enable=smmuv3_cmdq_opcode -trace enable=smmuv3_read_mmio -trace enable=pci_cfg_write -D $B/$name.trace" \
		bash "$TOP/scripts/run-qemu.sh" "$out" "$B/$name.log"
}
boot base base "" "bench.ops=$ops bench.rounds=$rounds"
boot series series "" "bench.ops=$ops bench.rounds=$rounds"
boot base-sev base "" "bench.ops=$ops bench.rounds=$rounds arm_smmu_v3.bench_sev=1"
boot series-sev series "" "bench.ops=$ops bench.rounds=$rounds arm_smmu_v3.bench_sev=1"
boot error series 1 "bench.inject=1"
# The error path again with each injected timeout stalling the queue 200 ms:
# how often a waiter reads GERROR/GERRORN while an error is pending
boot error-stall series 1 "bench.inject=1 bench.stall=200"
boot error-stall-sev series 1 "bench.inject=1 bench.stall=200 arm_smmu_v3.bench_sev=1"

log "[bench $((SECONDS - t0))s] report"
python3 "$TOP/scripts/bench-report.py" "$B"
