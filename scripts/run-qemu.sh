#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run-qemu.sh OUT LOG: boot OUT/arch/arm64/boot/Image with OUT/initramfs.cpio.gz
# on QEMU virt with an emulated SMMUv3, the console captured in LOG. Returns
# QEMU's status (124 on the hard timeout).
#
# The PCIe topology: two ATS-capable virtio-net functions behind their own
# root ports (00:01.0 -> 01:00.0, 00:02.0 -> 02:00.0), one without ATS
# (03:00.0), and two ATS-capable functions of one device behind a fourth
# port (00:04.0 -> 04:00.0, 04:00.1), for the outcome of a bus reset per
# function, and one below a switch without hotplug on its downstream port
# (00:05.0 -> 05:00.1 -> 06:00.0 -> 07:00.0), for the devices below a
# further bridge; the switch's upstream port is function 1 of its slot, a
# virtio-net without ATS function 0, so that it is not the first device. No guest driver claims the endpoints; tests bind 01 and
# 02 to vfio-pci.
# 01:00.0 also has AER, for the error recovery tests (aer_inject).
# romfile= drops their option ROM (efi-virtio.rom, from ipxe-qemu, which
# qemu-system-arm only recommends): a -kernel boot runs no firmware.
. "$(dirname "$0")/lib.sh"

out=$(cd "${1:?usage: run-qemu.sh OUT LOG}" && pwd)
log_file=${2:?usage: run-qemu.sh OUT LOG}
timeout_s=${QEMU_TIMEOUT:-1800}
ksft_timeout=${KSFT_TIMEOUT:-1200}
ats_devs=0000:01:00.0,0000:02:00.0
bus_devs=0000:04:00.0,0000:04:00.1
switch_dev=0000:07:00.0

cmdline="console=ttyAMA0 panic=-1 oops=panic log_buf_len=8M hugepages=64"
# The series' ATS fault injection (ATS_FAULT= leaves the parameter out)
[ -z "${ATS_FAULT=1}" ] || cmdline+=" arm_smmu_v3.ats_fault=$ATS_FAULT"
cmdline+=" ats.devs=$ats_devs ats.bus_devs=$bus_devs ats.switch_dev=$switch_dev ats.timeout=$ksft_timeout"
# kselftests run first and checked for leaks (scripts/initramfs/init)
cmdline+=" ats.leak_tests=iommu:pci_reset,iommu:arm_smmu_v3_ats ${QEMU_APPEND:-}"

qemu=(qemu-system-aarch64
	-M virt,gic-version=3,iommu=smmuv3 -cpu cortex-a72 -smp 2 -m 2048
	-kernel "$out/arch/arm64/boot/Image" -initrd "$out/initramfs.cpio.gz"
	-append "$cmdline"
	-nodefaults -display none -monitor none -serial "file:$log_file" -no-reboot
	-device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=1.0
	-device pcie-root-port,id=rp2,chassis=2,slot=2,bus=pcie.0,addr=2.0
	-device pcie-root-port,id=rp3,chassis=3,slot=3,bus=pcie.0,addr=3.0
	-device pcie-root-port,id=rp4,chassis=4,slot=4,bus=pcie.0,addr=4.0
	-device pcie-root-port,id=rp5,chassis=5,slot=5,bus=pcie.0,addr=5.0
	-device virtio-net-pci,bus=rp5,addr=0.0,multifunction=on,romfile=,disable-legacy=on,mac=52:54:00:00:00:07
	-device x3130-upstream,id=usp5,bus=rp5,addr=0.1
	-device xio3130-downstream,id=dsp5,bus=usp5,chassis=6,slot=0,hotplug=off
	-device virtio-net-pci,bus=rp1,romfile=,disable-legacy=on,ats=on,aer=on,mac=52:54:00:00:00:01
	-device virtio-net-pci,bus=rp2,romfile=,disable-legacy=on,ats=on,mac=52:54:00:00:00:02
	-device virtio-net-pci,bus=rp3,romfile=,disable-legacy=on,mac=52:54:00:00:00:03
	-device virtio-net-pci,bus=rp4,addr=0.0,multifunction=on,romfile=,disable-legacy=on,ats=on,mac=52:54:00:00:00:04
	-device virtio-net-pci,bus=rp4,addr=0.1,romfile=,disable-legacy=on,ats=on,mac=52:54:00:00:00:05
	-device virtio-net-pci,bus=dsp5,romfile=,disable-legacy=on,ats=on,mac=52:54:00:00:00:06
	${QEMU_EXTRA:-})

log "booting QEMU (timeout ${timeout_s}s), console in $log_file"
rc=0
timeout --foreground "$timeout_s" "${qemu[@]}" </dev/null 2>"$log_file.stderr" || rc=$?
# QEMU warns that the NICs have no backend: expected, shown only on failure.
[ $rc = 0 ] || cat "$log_file.stderr" >&2
[ $rc != 124 ] || echo "ATS-HARNESS: qemu hard timeout after ${timeout_s}s" >> "$log_file"
exit $rc
