#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: every gate a submission passes, on a fresh base + git am of the
# queue in build/check (your build/linux is not touched):
#   1. the queue applies with git am;
#   2. checkpatch.pl --strict is silent on every patch;
#   3. every prefix of the series builds (bisectability);
#   4. no W=1, sparse (C=1) or kernel-doc warning in a file the series
#      touches that the base does not have;
#   5. the QEMU run passes (KUnit + kselftests, SMMUv3 in the path).
. "$(dirname "$0")/lib.sh"

dir=$BUILD/check/linux
out=$BUILD/check/out
rep=$BUILD/check/report
mkdir -p "$rep"
t0=$SECONDS
step() { log "[check $((SECONDS - t0))s] $*"; }

step "1/5 git am of the queue onto the base"
bash "$TOP/scripts/tree.sh" "$dir" --force
mapfile -t commits < <(git -C "$dir" rev-list --reverse refs/tags/base..HEAD)
mapfile -t q < <(queue)
[ ${#commits[@]} = ${#q[@]} ] || die "applied ${#commits[@]} commits for ${#q[@]} patches"
head=$(git -C "$dir" rev-parse HEAD)

step "2/5 checkpatch --strict on ${#q[@]} patches"
# checkpatch asks "does MAINTAINERS need updating?" (FILE_PATH_CHANGES) for
# any patch that adds a file without touching MAINTAINERS. That question is
# answered, and the warning dropped, only when get_maintainer.pl already puts
# every file the patch adds in a MAINTAINERS section.
covered() {
	local f
	for f in $(sed -n 's|^+++ b/||p' "$1" | sort -u); do
		grep -q "^--- /dev/null" <(awk -v f="$f" '
			/^diff --git / { keep = ($4 == "b/" f) } keep' "$1") || continue
		(cd "$dir" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--sections -f "$f" 2>/dev/null) |
			grep -v '^THE REST$' | grep -q '^[A-Z][A-Z0-9 /()_.,-]*$' || return 1
	done
}
# The base has no git history, so checkpatch cannot look up the mainline
# commits a patch names (UNKNOWN_COMMIT_ID). Such a warning is dropped only
# when configs/mainline-commits pins the id and the patch quotes it with the
# subject pinned there.
pinned() {
	local id line
	for id in $(sed -n "s/.*WARNING:UNKNOWN_COMMIT_ID: Unknown commit id '\([0-9a-f]*\)'.*/\1/p" \
			"$rep/checkpatch.txt"); do
		line=$(grep "^$id " "$TOP/configs/mainline-commits") || return 1
		grep -qF "$line" "$1" || return 1
	done
}
bad=0
for p in "${q[@]}"; do
	# Exit status 0 or 1 (findings); anything else is checkpatch failing
	rc=0
	(cd "$dir" && perl scripts/checkpatch.pl --strict --terse --show-types "$p") \
		> "$rep/checkpatch.txt" 2>&1 || rc=$?
	if grep -q 'WARNING:FILE_PATH_CHANGES:' "$rep/checkpatch.txt" && covered "$p"; then
		sed -i '/WARNING:FILE_PATH_CHANGES:/d' "$rep/checkpatch.txt"
		echo "checkpatch: $(basename "$p"): FILE_PATH_CHANGES dropped: the new files have maintainers"
	fi
	if grep -q 'WARNING:UNKNOWN_COMMIT_ID:' "$rep/checkpatch.txt" && pinned "$p"; then
		sed -i '/WARNING:UNKNOWN_COMMIT_ID:/d' "$rep/checkpatch.txt"
		echo "checkpatch: $(basename "$p"): UNKNOWN_COMMIT_ID dropped: id and subject as in configs/mainline-commits"
	fi
	if [ $rc -gt 1 ] ||
	   grep -Eq ': (ERROR|WARNING|CHECK):' "$rep/checkpatch.txt"; then
		echo "checkpatch: $(basename "$p"):"
		grep -E ': (ERROR|WARNING|CHECK):' "$rep/checkpatch.txt" ||
			cat "$rep/checkpatch.txt"
		bad=1
	fi
done
[ $bad = 0 ] || die "checkpatch --strict is not clean"

# Files the series touches, and the .c files among them this config builds.
mapfile -t touched < <(git -C "$dir" diff --name-only refs/tags/base "$head" | sort)

# Debian's sparse 0.6.4 predates __typeof_unqual__, which this kernel's
# scripts/checker-valid.sh requires (C=1 would silently do nothing). Read it as
# __typeof__: sparse then runs, and findings the base already has are dropped.
sparse="sparse -D__typeof_unqual__=__typeof__"
[ "$("$dir/scripts/checker-valid.sh" $sparse -m64 -mlittle-endian)" = 1 ] ||
	die "sparse does not work on this tree: $sparse"

# lint TAG: W=1 + sparse on the touched objects and kernel-doc on the
# touched sources as checked out, into $rep/TAG.lint (file: message, no line numbers).
lint() {
	local objs=() f
	for f in "${touched[@]}"; do
		case "$f" in
		*.c) [ -f "$dir/$f" ] && [ -f "$out/${f%.c}.o" ] && objs+=("${f%.c}.o") ;;
		esac
	done
	{
		if [ ${#objs[@]} -gt 0 ]; then
			kmake "$dir" "$out" W=1 C=1 CHECK="$sparse" "${objs[@]}" 2>&1 ||
				echo "build failed: ${objs[*]}"
		fi
		for f in "${touched[@]}"; do
			case "$f" in *.c|*.h)
				[ -f "$dir/$f" ] && (cd "$dir" && perl scripts/kernel-doc -none -Wall "$f" 2>&1) ;;
			esac
		done
	} > "$rep/$1.raw" || true
	# Keep findings in touched files; drop line/column numbers.
	python3 - "$rep/$1.raw" "${touched[@]}" > "$rep/$1.lint" <<'PY'
import os, re, sys
files = sys.argv[2:]
cc = re.compile(r'^(\S+?):\d+(?::\d+)?: (.*)$')            # gcc, sparse
kd = re.compile(r'^(?:Warning|warning|Error|error): (\S+?):\d+ (.*)$')  # kernel-doc
# sparse 0.6.4 cannot evaluate this kernel's MODULE_INFO() (every
# module_param()/MODULE_*() line of the base has the same finding): drop
# exactly that finding on exactly those lines.
modinfo = re.compile(r'^\s*(module_param\w*|MODULE_\w+)\(')
def sparse_modinfo(line):
    m = re.match(r'^(\S+?):(\d+):\d+: error: bad constant expression$', line)
    if not m:
        return False
    try:
        src = open(m.group(1), errors='replace').read().split('\n')
        return bool(modinfo.match(src[int(m.group(2)) - 1]))
    except (OSError, IndexError):
        return False
for line in open(sys.argv[1], errors='replace'):
    line = line.rstrip()
    if line.startswith('build failed'):
        print(line)
        continue
    if sparse_modinfo(line):
        continue
    m = kd.match(line) or cc.match(line)
    if not m:
        continue
    for f in files:
        if m.group(1) == f or m.group(1).endswith('/' + f):
            print(f'{f}: {" ".join(m.group(2).split())}')
            break
PY
	sort -o "$rep/$1.lint" "$rep/$1.lint"
}

step "3/5 base build and lint of the touched files"
git -C "$dir" checkout -q --detach refs/tags/base
bash "$TOP/scripts/build-kernel.sh" "$dir" "$out"
[ ${#touched[@]} = 0 ] || lint base

# What a prefix builds follows what its patch changes: the kernel when it
# changes anything the kernel build reads (all but tools/, MAINTAINERS and
# Documentation/ other than its Kconfig), the kselftests when it changes
# them or what they include from the kernel (uapi headers, iommufd_test.h,
# tools/include). A patch that only changes selftests or documentation
# leaves the kernel as the prefix before it built it.
# any FILE... matches the awk condition COND (awk reads all of its input:
# grep -q under pipefail can kill the writer and read as no match)
any() { local cond=$1; shift; printf '%s\n' "$@" | awk "$cond { f = 1 } END { exit !f }"; }
kernel_files='!/^(tools\/|Documentation\/|MAINTAINERS$)/ || /^Documentation\/Kconfig$/'
ksft_files='/^(tools\/testing\/selftests\/|tools\/include\/|include\/uapi\/|arch\/[^\/]+\/include\/uapi\/)/ || /^drivers\/iommu\/iommufd\/iommufd_test\.h$/'
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	subject=$(git -C "$dir" log -1 --format=%s "$c")
	mapfile -t files < <(git -C "$dir" diff-tree --no-commit-id --name-only -r "$c")
	git -C "$dir" checkout -q --detach "$c"
	if any "$kernel_files" "${files[@]}"; then
		step "3/5 build of prefix $i/${#commits[@]}: $subject"
		bash "$TOP/scripts/build-kernel.sh" "$dir" "$out" ||
			die "the series does not build at patch $i: $subject"
	fi
	if any "$ksft_files" "${files[@]}"; then
		step "3/5 kselftests of prefix $i/${#commits[@]}: $subject"
		KSFT_NO_INITRAMFS=1 bash "$TOP/scripts/build-user.sh" "$dir" "$out" 2>/dev/null ||
			die "the selftests do not build at patch $i: $subject (see $out/kselftest/build.log)"
	fi
done
git -C "$dir" checkout -q work

if [ ${#touched[@]} -gt 0 ]; then
	step "4/5 W=1, sparse and kernel-doc on ${#touched[@]} touched files"
	lint series
	new=$(comm -13 "$rep/base.lint" "$rep/series.lint")
	if [ -n "$new" ]; then
		printf '%s\n' "$new"
		die "the series adds W=1/sparse/kernel-doc findings (full log: $rep/series.raw)"
	fi
	for f in "${touched[@]}"; do
		case "$f" in
		tools/*) ;;
		*.c) [ ! -f "$dir/$f" ] || [ -f "$out/${f%.c}.o" ] ||
			log "note: $f is not built by the test config: W=1 and sparse did not see it" ;;
		esac
	done
	# Selftests build with -Wall: no finding in a file the series touches.
	bash "$TOP/scripts/build-user.sh" "$dir" "$out" 2>/dev/null
	new=$(grep -E ': (warning|error):' "$out/kselftest/build.log" |
		grep -F -f <(printf '%s\n' "${touched[@]}" | grep '^tools/' | xargs -r -n1 basename) || true)
	if [ -n "$new" ]; then
		printf '%s\n' "$new"
		die "the series' selftests build with warnings"
	fi
else
	step "4/5 nothing touched: skipping the lint"
fi

step "5/5 QEMU run"
bash "$TOP/scripts/run.sh" "$dir" "$out" | tee "$rep/run.txt"
step "all gates passed"
# The run's summary is the last line, for whoever reads the closing line.
tail -n 1 "$rep/run.txt"
