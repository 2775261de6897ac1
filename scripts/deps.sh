#!/usr/bin/env bash
# Install the Debian 12 packages cspcheck needs to build and test, if any
# are missing. Sourced or run by setup.sh, test.sh and .ci/run.
#
# usage: bash scripts/deps.sh [EXTRA-PACKAGE...]
#
# Only what is missing is installed: when everything is there this does
# nothing and needs neither root nor the network. Otherwise it runs
# `apt-get update` and `apt-get install -y --no-install-recommends`
# non-interactively (as root, or through sudo when available). Besides the
# build tools it installs a C compiler (gcc, libc6-dev) when none is
# present, since a minimal Debian image has none.
set -euo pipefail

pkgs=(meson ninja-build pkg-config flex bison libxxhash-dev check "$@")
if ! command -v "${CC:-cc}" >/dev/null 2>&1; then
	pkgs+=(gcc libc6-dev)
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}"
sudo=
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "deps.sh: missing packages (${missing[*]}) and not root; install them and retry" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q </dev/null
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"${missing[@]}" </dev/null
