# SPDX-License-Identifier: GPL-2.0
# Common settings for the harness scripts. Source it; do not run it.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export ARCH=arm64
export CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}

# Where the unpacked base is kept across clones of this repo.
CACHE=${ATS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ats-fence}
BASE_VERSION=7.2.13-1
BASE_DEB_NAME=linux-source-7.2_${BASE_VERSION}_all.deb
BASE_DEB_SHA256=30a8c5fc63f9028a62e6d7b3f7f43bee67425dbce2a05fceba83f9b87c92083d
BASE_DEB_URL=${LINUX_BASE_URL:-https://deb.debian.org/debian/pool/main/l/linux/$BASE_DEB_NAME}
BASE_REPO=$CACHE/base-$BASE_VERSION

BUILD=${BUILD:-$TOP/build}
JOBS=${JOBS:-$(nproc)}

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The series, in order, without the cover letter.
queue() {
	local p
	for p in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] || continue
		case "$p" in */0000-cover-letter.patch) continue ;; esac
		printf '%s\n' "$p"
	done
}

queue_hash() {
	queue | xargs -r cat | sha256sum | cut -d' ' -f1
}

# kmake TREE OUT [make args...]: make in a kernel tree, out of tree, with ccache.
# CCACHE_BASEDIR makes the cache hit for every TREE/OUT pair laid out as
# $BUILD/.../linux + $BUILD/.../out, in any clone of this repo.
# LLVM=-19 (say) builds with clang-19 and the LLVM tools instead of gcc.
kmake() {
	local tree=$1 out=$2 cc=(CC="ccache ${CROSS_COMPILE}gcc")
	shift 2
	[ -z "${LLVM:-}" ] || cc=(LLVM="$LLVM" CC="ccache clang$LLVM")
	CCACHE_BASEDIR=$BUILD make -s -C "$tree" O="$out" ARCH=$ARCH CROSS_COMPILE="$CROSS_COMPILE" \
		"${cc[@]}" HOSTCC="ccache gcc" \
		KBUILD_BUILD_TIMESTAMP='2026-01-01' KBUILD_BUILD_USER=ats \
		KBUILD_BUILD_HOST=ats -j"$JOBS" "$@"
}
