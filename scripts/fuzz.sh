#!/usr/bin/env bash
# Fuzz the CSPm parser with libFuzzer (ASan + UBSan) for SECONDS seconds.
#
# usage: bash scripts/fuzz.sh [SECONDS]     (default 60)
#
# Configures build-fuzz/ with clang and -Dfuzz=true, seeds a corpus from
# tests/fuzz/corpus, specs/, tests/golden and ../shared/conformance/libcspm
# (when present), and runs tests/fuzz/fuzz_parse on as many cores as the
# machine has (one job per core). Afterwards:
#   build-fuzz/fuzz-corpus/      the corpus libFuzzer grew (kept between runs)
#   build-fuzz/fuzz-artifacts/   crash-*, leak-*, timeout-*, oom-* reproducers
#   build-fuzz/fuzz.log          the run's log (fork-mode status lines)
# Exit status: 0 when no reproducer was written, 1 otherwise. Replay one
# with: build-fuzz/tests/fuzz/fuzz_parse FILE
# Environment: FUZZ_JOBS (default: number of cores), FUZZ_ARGS (extra
# libFuzzer flags), CC (default clang).
set -euo pipefail
secs=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v "${CC:-clang}" >/dev/null; then
	echo "fuzz.sh: ${CC:-clang} not found; install clang (apt-get install clang libclang-rt-dev)" >&2
	exit 2
fi
export CC=${CC:-clang}

if [ ! -f build-fuzz/build.ninja ]; then
	meson setup build-fuzz -Dfuzz=true --buildtype=debugoptimized
else
	meson configure build-fuzz -Dfuzz=true >/dev/null
fi
ninja -C build-fuzz tests/fuzz/fuzz_parse

bin=build-fuzz/tests/fuzz/fuzz_parse
corpus=build-fuzz/fuzz-corpus
seeds=build-fuzz/fuzz-seeds
artifacts=build-fuzz/fuzz-artifacts
mkdir -p "$corpus" "$artifacts"
rm -rf "$seeds"
mkdir -p "$seeds"

# Seeds: every .csp we have, copied flat under unique names.
shopt -s nullglob globstar
n=0
for f in tests/fuzz/corpus/*.csp specs/**/*.csp tests/golden/**/*.csp \
	../shared/conformance/libcspm/**/*.csp; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$seeds/$n-$(basename "$f")"
done
echo "fuzz.sh: $n seed files, corpus $corpus ($(ls "$corpus" | wc -l) entries), ${secs}s"

jobs=${FUZZ_JOBS:-$(nproc)}
# UBSan findings abort (the harness is built with -fno-sanitize-recover),
# leaks are checked after every input, and slow inputs are reported.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384
	-dict=tests/fuzz/cspm.dict -artifact_prefix="$artifacts/" -print_final_stats=1)
before=$(ls "$artifacts" | wc -l)
# Fork mode (even with one job) keeps going after a finding and merges
# every job's new inputs into $corpus.
"$bin" "${args[@]}" -fork="$jobs" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
	${FUZZ_ARGS:-} "$corpus" "$seeds" 2>&1 | tee build-fuzz/fuzz.log || true
after=$(ls "$artifacts" | wc -l)
if [ "$after" -gt "$before" ]; then
	echo "fuzz.sh: $((after - before)) new reproducer(s) in $artifacts:" >&2
	ls -t "$artifacts" | head -n $((after - before)) >&2
	exit 1
fi
echo "fuzz.sh: no crash, leak or timeout found"
