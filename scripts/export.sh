#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# export.sh TREE: write base..HEAD of TREE back to patches/ as
# "git format-patch --cover-letter" does. The cover letter's subject and
# blurb live in the work branch's description (git branch --edit-description),
# which tree.sh seeds from the existing cover letter, so they survive.
. "$(dirname "$0")/lib.sh"

dir=${1:?usage: export.sh TREE}
git -C "$dir" rev-parse -q --verify refs/tags/base >/dev/null ||
	die "$dir has no base tag: make it with 'make tree'"
[ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ] ||
	die "$dir has uncommitted changes: commit them (git commit --fixup) first"

n=$(git -C "$dir" rev-list --count refs/tags/base..HEAD)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$n" -gt 0 ]; then
	git -C "$dir" format-patch -q --zero-commit --no-signature \
		--subject-prefix="${SUBJECT_PREFIX:-PATCH}" \
		--cover-letter --cover-from-description=subject --base=refs/tags/base \
		-o "$tmp" refs/tags/base..HEAD
fi
rm -f "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch
if [ "$n" -gt 0 ]; then
	mkdir -p "$TOP/patches"
	cp "$tmp"/*.patch "$TOP/patches/"
fi
# The tree now holds exactly the queue.
src_rev=$(git -C "$dir" rev-parse refs/tags/base)
echo "$src_rev $(queue_hash) $(git -C "$dir" rev-parse HEAD)" > "$dir/.git/ats-queue"
log "exported $n patches to patches/"
