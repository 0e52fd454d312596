#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the harness needs from Debian bookworm (+ backports for QEMU).
# Idempotent: does nothing when everything is already there.
. "$(dirname "$0")/lib.sh"

# command:package pairs for the host tools
tools="aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
aarch64-linux-gnu-ld:binutils-aarch64-linux-gnu
flex:flex bison:bison bc:bc ccache:ccache sparse:sparse
cpio:cpio rsync:rsync python3:python3 xz:xz-utils git:git make:make
gcc:gcc perl:perl depmod:kmod dpkg-deb:dpkg openssl:openssl
curl:curl"
missing=()
for t in $tools; do
	command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}")
done
for p in libssl-dev libelf-dev libcap-dev:arm64 libc6-dev:arm64 python3-ply; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# make matrix builds with clang too (MATRIX_LLVM=-19: clang-19, lld-19, llvm-19)
if [ -n "${DEPS_LLVM:-}" ]; then
	for p in clang lld llvm; do
		dpkg -s "$p$DEPS_LLVM" >/dev/null 2>&1 || missing+=("$p$DEPS_LLVM")
	done
fi
need_qemu=
if ! command -v qemu-system-aarch64 >/dev/null 2>&1 ||
   ! qemu-system-aarch64 --version | grep -Eq 'version (1[0-9]|[2-9][0-9])\.'; then
	need_qemu=1
fi
bb=$CACHE/busybox/bin/busybox
[ -x "$bb" ] || missing+=(busybox)

if [ ${#missing[@]} -eq 0 ] && [ -z "$need_qemu" ]; then
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing: ${missing[*]} ${need_qemu:+qemu-system-arm>=10}; run 'make deps' as root"

log "installing: ${missing[*]} ${need_qemu:+qemu-system-arm (bookworm-backports)}"
export DEBIAN_FRONTEND=noninteractive
if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
	# QEMU 10 is in bookworm-backports, on the mirror apt already uses.
	mirror=$(debian_mirror) || die "no Debian mirror for bookworm in /etc/apt/sources*"
	cat > /etc/apt/sources.list.d/bookworm-backports.sources <<SRC
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -q >/dev/null
pkgs=()
for p in "${missing[@]}"; do [ "$p" = busybox ] || pkgs+=("$p"); done
[ ${#pkgs[@]} -eq 0 ] || apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null
[ -z "$need_qemu" ] || apt-get install -y -q --no-install-recommends \
	-t bookworm-backports qemu-system-arm >/dev/null

if [ ! -x "$bb" ]; then
	# The static arm64 busybox goes into the initramfs; fetch the package
	# rather than installing a foreign-architecture /bin/busybox.
	d=$(mktemp -d)
	chmod 755 "$d"
	# apt downloads as _apt when it can write the directory
	chown _apt "$d" 2>/dev/null || true
	(cd "$d" && apt-get download -q busybox-static:arm64 >/dev/null)
	rm -rf "$CACHE/busybox"
	mkdir -p "$CACHE/busybox"
	dpkg-deb -x "$d"/busybox-static_*_arm64.deb "$d/x"
	install -D -m755 "$d/x/bin/busybox" "$bb"
	rm -rf "$d"
fi
log "dependencies installed"
