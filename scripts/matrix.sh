#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# matrix.sh [NAME...]: build the series (base + queue in build/matrix/linux)
# in every configuration of the build matrix, or only in those NAMEd, and
# check that the files the series touches build without W=1 warnings.
#
#   <fragment>  configs/bench.config + configs/matrix/<fragment>.config, gcc:
#               the Image and any modules
#   defconfig   arm64 defconfig + configs/matrix/defconfig.config, gcc:
#               drivers/iommu/ and drivers/pci/ only (a whole defconfig
#               kernel takes over an hour on two cores)
#   clang       configs/bench.config with clang (LLVM=$MATRIX_LLVM, -19)
#
# Prints one line per configuration and exits non-zero if any failed.
. "$(dirname "$0")/lib.sh"

M=$BUILD/matrix
tree=$M/linux
llvm=${MATRIX_LLVM:--19}
bash "$TOP/scripts/tree.sh" "$tree"
mapfile -t touched < <(git -C "$tree" diff --name-only refs/tags/base HEAD -- '*.c')

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for f in "$TOP"/configs/matrix/*.config; do
		n=$(basename "$f" .config)
		[ "$n" = defconfig ] || names+=("$n")
	done
	names+=(defconfig clang)
fi

# W=1 on the touched objects this configuration builds; print the warnings
w1() {
	local out=$1 objs=() f
	for f in "${touched[@]}"; do
		[ -f "$out/${f%.c}.o" ] && objs+=("${f%.c}.o")
	done
	[ ${#objs[@]} -gt 0 ] || return 0
	kmake "$tree" "$out" W=1 "${objs[@]}" 2>&1 | grep -E ': (warning|error):' || true
}

build() {
	# $M/out-<name> next to $M/linux: ccache sees the usual ../linux paths
	local name=$1 out=$M/out-$1
	case "$name" in
	defconfig)
		kmake "$tree" "$out" defconfig >/dev/null &&
		"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
			"$TOP/configs/matrix/defconfig.config" >/dev/null &&
		kmake "$tree" "$out" olddefconfig >/dev/null &&
		kmake "$tree" "$out" drivers/iommu/ drivers/pci/ ;;
	clang)
		command -v "clang$llvm" >/dev/null ||
			{ echo "clang$llvm is not installed (make deps MATRIX_LLVM=$llvm)"; return 1; }
		LLVM=$llvm bash "$TOP/scripts/build-kernel.sh" "$tree" "$out" \
			"$TOP/configs/bench.config" ;;
	*)
		[ -f "$TOP/configs/matrix/$name.config" ] ||
			{ echo "no configs/matrix/$name.config"; return 1; }
		bash "$TOP/scripts/build-kernel.sh" "$tree" "$out" \
			"$TOP/configs/bench.config" "$TOP/configs/matrix/$name.config" ;;
	esac
}

fail=0
summary=()
# One line per configuration as it completes, for runs cut short
: > "$M/summary.txt"
for name in "${names[@]}"; do
	t=$SECONDS
	log "[matrix] $name"
	if ! build "$name" > "$M/$name.log" 2>&1; then
		tail -20 "$M/$name.log" >&2
		summary+=("$(printf '%-18s FAILED to build (%ds), see %s' "$name" $((SECONDS - t)) "$M/$name.log")")
		printf '%s\n' "${summary[-1]}" >> "$M/summary.txt"
		fail=1
		continue
	fi
	if [ "$name" = clang ]; then
		warn=$(LLVM=$llvm w1 "$M/out-$name")
	else
		warn=$(w1 "$M/out-$name")
	fi
	n=$(printf '%s' "$warn" | grep -c . || true)
	[ "$n" = 0 ] || { printf '%s\n' "$warn" >&2; fail=1; }
	summary+=("$(printf '%-18s ok, %d W=1 warnings in touched files (%ds)' "$name" "$n" $((SECONDS - t)))")
	printf '%s\n' "${summary[-1]}" >> "$M/summary.txt"
done
printf '%s\n' "${summary[@]}"
exit $fail
