# SPDX-License-Identifier: GPL-2.0
# ATS fencing series: build, boot and test the patch queue. See README.md.
#
#   make [run]   deps, base + queue in build/linux, test kernel, QEMU run
#   make check   every gate CI runs, on a fresh base + queue in build/check
#   make bench   success-path cost, base vs patched under QEMU -icount
#   make matrix  build the series in every config of configs/matrix, gcc and
#                clang (CONFIGS="a b" for some of them)
#   make tree    (re)create build/linux: base + git am patches/*.patch
#   make export  write build/linux's base..HEAD back to patches/
#   make deps    install what is missing (Debian bookworm, as root)
#   make clean   remove build/ (the cached base and ccache stay)
#
# KDIR=/path/to/linux  use that git tree's HEAD as the base instead
# FORCE=1              let 'make tree' discard local work in build/linux

SHELL := /bin/bash
TREE := build/linux
OUT := build/out

.PHONY: run check bench matrix tree export deps clean
run: deps
	@bash scripts/tree.sh $(TREE)
	@bash scripts/run.sh $(TREE) $(OUT)

check: deps
	@bash scripts/check.sh

bench: deps
	@bash scripts/bench.sh

matrix:
	@DEPS_LLVM=$(or $(MATRIX_LLVM),-19) bash scripts/deps.sh
	@MATRIX_LLVM=$(or $(MATRIX_LLVM),-19) bash scripts/matrix.sh $(CONFIGS)

tree: deps
	@bash scripts/tree.sh $(TREE) $(if $(FORCE),--force)

export:
	@bash scripts/export.sh $(TREE)

deps:
	@bash scripts/deps.sh

clean:
	rm -rf build
