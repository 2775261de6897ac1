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

# Check every assertion of a real example. It fails some on purpose (to
# show counterexamples), so exit status 1 is expected; 3 or 70 is not.
example=specs/buffer.csp
echo
echo "\$ $builddir/cspcheck $example"
rc=0
"$builddir/cspcheck" "$example" || rc=$?
if [ "$rc" -gt 1 ]; then
	echo "setup: cspcheck $example exited with status $rc" >&2
	exit 1
fi
echo
echo "Built $builddir/cspcheck. Next: bash scripts/test.sh"
