#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the cached git repo of the pinned base (scripts/lib.sh: Debian's
# linux-source-$BASE_KVER $BASE_VERSION), first commit tagged "base". Prints
# the repo path. The package comes from $LINUX_BASE_DEB, ../shared/base/, the
# cache, or the pool of the Debian mirror this machine's apt uses.
. "$(dirname "$0")/lib.sh"

if git -C "$BASE_REPO" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	echo "$BASE_REPO"
	exit 0
fi

deb=
for c in "${LINUX_BASE_DEB:-}" "$TOP/../shared/base/$BASE_DEB_NAME" "$CACHE/$BASE_DEB_NAME"; do
	[ -n "$c" ] && [ -f "$c" ] && { deb=$c; break; }
done
if [ -n "${LINUX_BASE_DEB:-}" ] && [ "$deb" != "$LINUX_BASE_DEB" ]; then
	die "LINUX_BASE_DEB=$LINUX_BASE_DEB does not exist"
fi
if [ -z "$deb" ]; then
	url=${LINUX_BASE_URL:-}
	if [ -z "$url" ]; then
		mirror=$(debian_mirror) ||
			die "no Debian mirror for bookworm in /etc/apt/sources*: set LINUX_BASE_URL or LINUX_BASE_DEB"
		url=$mirror/$BASE_DEB_POOL
	fi
	log "downloading $BASE_DEB_NAME from $url"
	mkdir -p "$CACHE"
	curl -fsSL -o "$CACHE/$BASE_DEB_NAME.part" "$url" ||
		die "no base: set LINUX_BASE_DEB, put $BASE_DEB_NAME in ../shared/base/, or give KDIR= (download from $url failed)"
	mv "$CACHE/$BASE_DEB_NAME.part" "$CACHE/$BASE_DEB_NAME"
	deb=$CACHE/$BASE_DEB_NAME
fi
sum=$(sha256sum "$deb" | cut -d' ' -f1)
[ "$sum" = "$BASE_DEB_SHA256" ] ||
	die "$deb: sha256 $sum, expected $BASE_DEB_SHA256"

log "unpacking $deb into $BASE_REPO"
mkdir -p "$CACHE"
tmp=$(mktemp -d "$CACHE/base.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$BASE_KVER.tar.xz" |
	tar -xJ -C "$tmp" --strip-components=1
# Debian appends a block to .gitignore that ignores every top-level entry;
# drop it so that git sees the tree, as in a kernel.org checkout.
python3 - "$tmp/.gitignore" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().split('\n')
for i, l in enumerate(lines):
    if l.startswith('# Debian packaging'):
        j = i - 1 if i > 0 and lines[i - 1] == '#' else i
        while j > 0 and lines[j - 1] == '':
            j -= 1
        open(p, 'w').write('\n'.join(lines[:j]) + '\n')
        break
PY
export GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@localhost
export GIT_COMMITTER_NAME=base GIT_COMMITTER_EMAIL=base@localhost
export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git -C "$tmp" init -q -b main
git -C "$tmp" config gc.auto 0
git -C "$tmp" add -A
git -C "$tmp" commit -q -m "$BASE_DESC (Debian linux-source-$BASE_KVER $BASE_VERSION)" \
	-m "Unpacked from $BASE_DEB_NAME, sha256 $BASE_DEB_SHA256, with Debian's
top-level ignore block removed from .gitignore."
git -C "$tmp" tag base
rm -rf "$BASE_REPO"
mv "$tmp" "$BASE_REPO"
trap - EXIT
echo "$BASE_REPO"
