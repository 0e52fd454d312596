#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tree.sh DIR [--force]: make DIR a git tree of the base (tag "base") with the
# queue applied by git am. KDIR=/path/to/linux uses that git tree's HEAD as
# the base instead of the pinned Debian one.
#
# An existing DIR that already holds base + this queue is kept as it is. One
# with local work (commits or edits not in patches/) is never overwritten
# unless --force is given: export it first.
. "$(dirname "$0")/lib.sh"

dir=${1:?usage: tree.sh DIR [--force]}
force=${2:-}
stamp=$dir/.git/ats-queue

if [ -n "${KDIR:-}" ]; then
	git -C "$KDIR" rev-parse -q --verify HEAD >/dev/null 2>&1 ||
		die "KDIR=$KDIR is not a git tree with a commit"
	src=$(cd "$KDIR" && pwd)
	src_rev=$(git -C "$src" rev-parse HEAD)
else
	src=$(bash "$TOP/scripts/base.sh")
	src_rev=$(git -C "$src" rev-parse base)
fi
want="$src_rev $(queue_hash)"

if [ -d "$dir/.git" ] && [ -z "$force" ]; then
	if [ -f "$stamp" ]; then
		read -r s_rev s_hash s_head < "$stamp" || true
		if [ "$s_rev $s_hash" = "$want" ]; then
			exit 0
		fi
		if [ "$(git -C "$dir" rev-parse HEAD)" = "$s_head" ] &&
		   [ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ]; then
			log "patches/ changed: re-applying the queue in $dir"
		else
			die "$dir has local work that is not in patches/: run 'make export' or 'make tree FORCE=1'"
		fi
	else
		die "$dir is not a tree made by this harness; remove it or use FORCE=1"
	fi
fi

if [ ! -d "$dir/.git" ]; then
	log "cloning the base into $dir"
	mkdir -p "$(dirname "$dir")"
	git clone -q --no-checkout "$src" "$dir"
	git -C "$dir" config gc.auto 0
fi
git -C "$dir" fetch -q "$src" "$src_rev"
git -C "$dir" tag -f base "$src_rev" >/dev/null
git -C "$dir" am --abort >/dev/null 2>&1 || true
# Only reached with --force or a clean tree: drop edits that would block
# the checkout (make bench's bench-prep.py edits, for one).
git -C "$dir" reset -q --hard
git -C "$dir" checkout -q -B work refs/tags/base
git -C "$dir" reset -q --hard refs/tags/base
mapfile -t q < <(queue)
if [ ${#q[@]} -gt 0 ]; then
	log "applying ${#q[@]} patches"
	git -C "$dir" -c user.name=ats -c user.email=ats@localhost am -q "${q[@]}" ||
		die "the queue does not apply to the base (see 'git -C $dir am --show-current-patch')"
fi
# Seed the cover letter (subject + blurb) for export.sh from patches/.
cover=$TOP/patches/0000-cover-letter.patch
if [ -f "$cover" ]; then
	desc=$(python3 - "$cover" <<'PY'
import email, re, sys
msg = email.message_from_file(open(sys.argv[1]))
subj = re.sub(r'^\[[^]]*\]\s*', '', ' '.join(str(msg['Subject']).split()))
blurb = []
for line in msg.get_payload().split('\n'):
    if re.match(r'^\S.*\(\d+\):$', line):
        break
    blurb.append(line)
print(subj + '\n\n' + '\n'.join(blurb).strip())
PY
)
	git -C "$dir" config branch.work.description "$desc"
fi
echo "$want $(git -C "$dir" rev-parse HEAD)" > "$stamp"
