#!/usr/bin/env bash
# Evaluator benchmark: large comprehensions through `cspcheck --eval`.
#
# usage: bash bench/eval_bench.sh [N...]     (default: 500 1000 1414)
#
# For each N it evaluates card({ (x, y) | x <- {0..N-1}, y <- {0..N-1},
# x < y }), which enumerates N^2 bindings and builds a set of N(N-1)/2
# tuples (N = 1000: 10^6 bindings, the target is under 1 s and 300 MB),
# RUNS times (default 3), and prints the best wall time, bindings per
# second and the peak resident set size.
#
# Environment: CSPCHECK (binary to measure; default: a release build in
# BUILDDIR, default build-bench/, configured here if needed), RUNS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
builddir=${BUILDDIR:-build-bench}
runs=${RUNS:-3}
[ $# -gt 0 ] || set -- 500 1000 1414

if [ ! -x /usr/bin/time ]; then
	bash scripts/deps.sh time
fi
if [ -z "${CSPCHECK:-}" ]; then
	bash scripts/deps.sh
	if [ ! -f "$builddir/build.ninja" ]; then
		meson setup "$builddir" --buildtype=release >/dev/null
	fi
	ninja -C "$builddir" cspcheck >/dev/null
	CSPCHECK=$builddir/cspcheck
fi
script=$(mktemp --suffix=.csp)
trap 'rm -f "$script"' EXIT
echo "-- an empty script: the expression is all" >"$script"

echo "cspcheck: $CSPCHECK ($("$CSPCHECK" --version)), $runs runs each"
printf '%6s %12s %12s %8s %14s %12s\n' N bindings result best_s bindings/s peak_RSS_MB
for n in "$@"; do
	expr="card({ (x, y) | x <- {0..$((n - 1))}, y <- {0..$((n - 1))}, x < y })"
	best= rss=0 result=
	for _ in $(seq "$runs"); do
		out=$( { /usr/bin/time -f '%e %M' "$CSPCHECK" --eval "$expr" "$script" >"$script.out"; } 2>&1 )
		result=$(cat "$script.out")
		t=${out% *} m=${out#* }
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
		[ "$m" -gt "$rss" ] && rss=$m
	done
	rm -f "$script.out"
	bindings=$((n * n))
	rate=$(awk -v b="$bindings" -v t="$best" 'BEGIN { printf "%.0f", (t > 0) ? b / t : 0 }')
	printf '%6d %12d %12s %8s %14s %12.1f\n' "$n" "$bindings" "$result" "$best" "$rate" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
done
