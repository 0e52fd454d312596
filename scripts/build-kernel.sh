#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh TREE OUT [FRAGMENT...]: configure allnoconfig + fragments
# (default configs/test.config), check that every fragment option took, and
# build the arm64 Image out of tree with ccache.
. "$(dirname "$0")/lib.sh"

tree=${1:?usage: build-kernel.sh TREE OUT [FRAGMENT...]}
out=${2:?usage: build-kernel.sh TREE OUT [FRAGMENT...]}
shift 2
frags=("$@")
[ ${#frags[@]} -gt 0 ] || frags=("$TOP/configs/test.config")

mkdir -p "$out"
tree=$(cd "$tree" && pwd)
out=$(cd "$out" && pwd)
all=$out/.allconfig
cat "${frags[@]}" > "$all.new"
cmp -s "$all.new" "$all" || mv "$all.new" "$all"
rm -f "$all.new"
KCONFIG_ALLCONFIG=$all kmake "$tree" "$out" allnoconfig >/dev/null

# Every option a fragment asks for must be in the result, or the fragment
# is stale (an option renamed, a dependency missing). Options the series
# itself adds do not exist in the base and in early prefixes: skip those.
# One grep for all symbols: a grep per symbol cost 8 s per build.
kconfig_syms=$(git -C "$tree" grep -h -E '^[[:space:]]*(menu)?config[[:space:]]+[A-Za-z0-9_]+' -- '*Kconfig*' |
	awk '{ print $2 }' | sort -u) || die "cannot list the Kconfig symbols of $tree"
defined() {
	grep -qx -- "$1" <<<"$kconfig_syms"
}
# A later fragment overrides an earlier one: check the last line per symbol.
last() {
	tac "$all" | awk '{
		s = $0
		if (s ~ /^CONFIG_[A-Za-z0-9_]+=/) { sub(/=.*/, "", s) }
		else if (s ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) { s = $2 }
		else next
		if (!(s in seen)) { seen[s] = 1; print }
	}'
}
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		sym=${line%%=*}
		defined "${sym#CONFIG_}" || continue
		grep -qx -- "$line" "$out/.config" ||
			{ echo "config: $line did not take" >&2; bad=1; } ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }; sym=${sym%% *}
		! grep -q "^$sym=" "$out/.config" ||
			{ echo "config: $sym is set but must not be" >&2; bad=1; } ;;
	esac
done < <(last)
[ $bad = 0 ] || die "kernel config does not match ${frags[*]}"

log "building $(basename "$out") ($(git -C "$tree" log -1 --format='%h %s' 2>/dev/null || echo "$tree"))"
targets=(Image)
! grep -q '^CONFIG_MODULES=y' "$out/.config" || targets+=(modules)
kmake "$tree" "$out" "${targets[@]}"
