#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build into build/, and show
# cspcheck working on an example.
#
# usage: bash scripts/setup.sh
#
# Runs on a fresh Debian 12 machine as root (or a user with sudo). The
# build directory can be changed with BUILDDIR=dir.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
builddir=${BUILDDIR:-build}

bash scripts/deps.sh

if [ ! -f "$builddir/build.ninja" ]; then
	meson setup "$builddir"
fi
ninja -C "$builddir"

example=specs/buffer.csp
echo
echo "\$ $builddir/cspcheck --list $example"
"$builddir/cspcheck" --list "$example"
echo
echo "Built $builddir/cspcheck. Next: bash scripts/test.sh"
