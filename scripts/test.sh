#!/usr/bin/env bash
# Quick start, step 2: build (creating build/ if needed) and run the whole
# test suite: unit, golden, fuzz-replay, specs and conformance.
#
# usage: bash scripts/test.sh [MESON-TEST-ARGS...]
#
# Extra arguments go to `meson test`, e.g. `--suite unit` or a test name.
# BUILDDIR=dir selects another build directory. Exits non-zero when any
# test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
builddir=${BUILDDIR:-build}

bash scripts/deps.sh

if [ ! -f "$builddir/build.ninja" ]; then
	meson setup "$builddir"
fi
ninja -C "$builddir"
meson test -C "$builddir" --print-errorlogs "$@"
