#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-user.sh TREE OUT: build the kselftests listed in $KSFT_TARGETS
# (default: iommu) statically for arm64 with the kernel's own selftest build,
# install them with the kselftest runner and pack them with busybox and our
# /init into OUT/initramfs.cpio.gz (not with KSFT_NO_INITRAMFS=1: build only).
. "$(dirname "$0")/lib.sh"

tree=$(cd "${1:?usage: build-user.sh TREE OUT}" && pwd)
out=$(cd "${2:?usage: build-user.sh TREE OUT}" && pwd)
targets=${KSFT_TARGETS:-iommu}
bb=$CACHE/busybox/bin/busybox
[ -n "${KSFT_NO_INITRAMFS:-}" ] || [ -x "$bb" ] ||
	die "no arm64 busybox in $bb: run 'make deps'"

log "building kselftests: $targets"
kmake "$tree" "$out" headers >/dev/null
ksft=$out/kselftest
rm -rf "$ksft/install"
mkdir -p "$ksft"
# The compiler's findings go to build.log, for check.sh, and to stderr.
LDFLAGS=-static make -s -C "$tree/tools/testing/selftests" ARCH=$ARCH \
	CROSS_COMPILE="$CROSS_COMPILE" CC="ccache ${CROSS_COMPILE}gcc" \
	O="$ksft/build" KHDR_INCLUDES="-isystem $out/usr/include" \
	TARGETS="$targets" KSFT_INSTALL_PATH="$ksft/install" install \
	2> "$ksft/build.log" >/dev/null || rc=$?
cat "$ksft/build.log" >&2
[ "${rc:-0}" = 0 ] || die "kselftests did not build (see $ksft/build.log)"

[ -z "${KSFT_NO_INITRAMFS:-}" ] || exit 0
root=$out/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc}
install -m755 "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m755 "$TOP/scripts/initramfs/init" "$root/init"
# before busybox --install, which does not replace existing files
install -m755 "$TOP/scripts/initramfs/timeout" "$root/usr/bin/timeout"
cp -a "$ksft/install" "$root/kselftest"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 > "$out/initramfs.cpio.gz"
log "initramfs: $(du -h "$out/initramfs.cpio.gz" | cut -f1)"
