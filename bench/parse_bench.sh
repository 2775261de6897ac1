#!/usr/bin/env bash
# Parsing benchmark: how fast `cspcheck --parse-only` reads a large script.
#
# usage: bash bench/parse_bench.sh [LINES...]     (default: 50000 100000 200000)
#
# For each LINES, bench/gen_cspm.py writes a realistic script of at least
# that many lines (every construct of CSPm, see the generator), and the
# parser runs on it RUNS times (default 3). The table gives the size, the
# best and median wall time, the throughput at the best time (target:
# >= 10 MB/s) and the peak resident set size (from /usr/bin/time). Sizes
# double from row to row, so time that more than doubles shows a
# superlinear pass.
#
# Environment: CSPCHECK (binary to measure; default: a release build in
# BUILDDIR, default build-bench/, configured here if needed), RUNS,
# BENCH_DIR (where the generated scripts go; default $BUILDDIR/bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
builddir=${BUILDDIR:-build-bench}
runs=${RUNS:-3}
[ $# -gt 0 ] || set -- 50000 100000 200000

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
dir=${BENCH_DIR:-$builddir/bench}
mkdir -p "$dir"

echo "cspcheck: $CSPCHECK ($("$CSPCHECK" --version)), $runs runs each, $(nproc) cores"
printf '%-14s %8s %9s %9s %9s %8s %10s\n' file MB lines best_s median_s MB/s peak_RSS_MB
for n in "$@"; do
	f=$dir/bench-$n.csp
	[ -s "$f" ] || python3 bench/gen_cspm.py "$n" >"$f"
	bytes=$(stat -c %s "$f")
	lines=$(wc -l <"$f")
	# Warm the page cache, and check that the script parses cleanly.
	if ! "$CSPCHECK" --parse-only "$f" >/dev/null; then
		echo "parse_bench: $f does not parse" >&2
		exit 1
	fi
	times=() rss=0
	for ((r = 0; r < runs; r++)); do
		TIMEFORMAT=%3R
		{ time /usr/bin/time -f '%M' -o "$dir/time.out" "$CSPCHECK" --parse-only "$f"; } 2>"$dir/wall.out"
		times+=("$(tail -n 1 "$dir/wall.out")")
		m=$(tail -n 1 "$dir/time.out")
		[ "$m" -gt "$rss" ] && rss=$m
	done
	python3 - "$bytes" "$lines" "$rss" "$(basename "$f" .csp)" "${times[@]}" <<'PY'
import statistics, sys
b, lines, rss, name = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t = sorted(float(x) for x in sys.argv[5:])
mb = b / 1e6
print('%-14s %8.2f %9d %9.3f %9.3f %8.1f %10.1f' % (name, mb, lines, t[0], statistics.median(t), mb / t[0], rss / 1024))
PY
done
