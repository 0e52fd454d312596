# SPDX-License-Identifier: GPL-2.0
# Common settings for the harness scripts. Source it; do not run it.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export ARCH=arm64
export CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}

# Where the unpacked base is kept across clones of this repo.
CACHE=${ATS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ats-fence}
# The pinned base, in one place: Debian's linux-source-7.3 (Linux 7.3-rc7).
BASE_KVER=7.3
BASE_VERSION=7.3~rc7-1~exp1
BASE_DESC="Linux 7.3-rc7"
BASE_DEB_NAME=linux-source-${BASE_KVER}_${BASE_VERSION}_all.deb
BASE_DEB_SHA256=8bf8ca5ea8b1b307ca698db982ba48d6d223263b4d3dfb1973d055e316c44e75
BASE_DEB_POOL=pool/main/l/linux/$BASE_DEB_NAME
BASE_REPO=$CACHE/base-${BASE_VERSION//\~/_}

# debian_mirror: the Debian archive URI this machine's apt uses for
# bookworm, without a trailing slash: the http(s) URI of the first deb822 or
# one-line source that lists the bookworm suite (a mirror+file: list is read
# for its first URI) and whose path is /debian, else ends in /debian: other
# repositories name their suite bookworm too. Fails when there is none.
# Downloads go there rather than to a host written here. awk, not python: it
# runs before anything is installed.
debian_mirror() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do
		[ -r "$f" ] || continue
		case "$f" in
		*.sources) awk '
			function flush() {
				if (deb && on && suite)
					for (i = 1; i <= n; i++) print uri[i]
				deb = 0; on = 1; suite = 0; n = 0
			}
			BEGIN { on = 1 }
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			{ key = tolower($1) }
			key == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			key == "enabled:" { on = (tolower($2) !~ /^(no|false|off)$/) }
			key == "suites:" { for (i = 2; i <= NF; i++) if ($i == "bookworm") suite = 1 }
			key == "uris:" { for (i = 2; i <= NF; i++) uri[++n] = $i }
			END { flush() }' "$f" 2>/dev/null || : ;;
		*.list) sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" 2>/dev/null |
			awk '$1 == "deb" && $3 == "bookworm" { print $2 }' || : ;;
		esac
	done | while read -r u; do
		case "$u" in
		mirror+file:*) sed -n 's/^[[:space:]]*\(https\{0,1\}:[^[:space:]]*\).*/\1/p' \
			"${u#mirror+file:}" 2>/dev/null | head -n 1 ;;
		http://*|https://*) echo "$u" ;;
		esac
	done | sed 's|/*$||' | grep -v -- '-security$' |
		awk '{ u = tolower($0) }
			u ~ /^https?:\/\/[^\/]+\/debian$/ && exact == "" { exact = $0 }
			u ~ /\/debian$/ && other == "" { other = $0 }
			END { r = exact != "" ? exact : other; if (r == "") exit 1; print r }'
}

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
