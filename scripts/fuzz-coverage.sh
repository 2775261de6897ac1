#!/usr/bin/env bash
# Source coverage of base/ and parser/ reached by the fuzz corpus.
#
# usage: bash scripts/fuzz-coverage.sh [DIR...]
#        (default: build-fuzz/fuzz-corpus and the seeds of tests/fuzz/corpus,
#         specs/, tests/golden and ../shared/conformance/libcspm)
#
# Builds build-fuzzcov/ with clang's source-based coverage, replays every
# file of DIR through the fuzz harness (tests/fuzz/fuzz_replay --all) and
# prints llvm-cov's per-file report (lexer.l and grammar.y lines are
# attributed through the generators' #line directives). The HTML version
# is written to build-fuzzcov/coverage/index.html. Needs clang and llvm
# (llvm-profdata, llvm-cov).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CC=${CC:-clang}
v=$("$CC" -dumpversion | cut -d. -f1)
profdata=$(command -v "llvm-profdata-$v" || command -v llvm-profdata)
cov=$(command -v "llvm-cov-$v" || command -v llvm-cov)

if [ ! -f build-fuzzcov/build.ninja ]; then
	meson setup build-fuzzcov --buildtype=debug \
		-Dc_args='-fprofile-instr-generate -fcoverage-mapping' \
		-Dc_link_args='-fprofile-instr-generate -fcoverage-mapping' >/dev/null
fi
ninja -C build-fuzzcov tests/fuzz/fuzz_replay >/dev/null
[ $# -gt 0 ] || set -- build-fuzz/fuzz-corpus tests/fuzz/corpus specs tests/golden \
	../shared/conformance/libcspm

rm -f build-fuzzcov/*.profraw
LLVM_PROFILE_FILE=build-fuzzcov/replay-%p.profraw \
	build-fuzzcov/tests/fuzz/fuzz_replay --all "$@"
"$profdata" merge -sparse -o build-fuzzcov/replay.profdata build-fuzzcov/*.profraw
bin=build-fuzzcov/tests/fuzz/fuzz_replay
filter=(-ignore-filename-regex='(tests/fuzz/|/usr/)')
"$cov" report "$bin" -instr-profile=build-fuzzcov/replay.profdata "${filter[@]}"
"$cov" show "$bin" -instr-profile=build-fuzzcov/replay.profdata "${filter[@]}" \
	-format=html -output-dir=build-fuzzcov/coverage >/dev/null
echo "HTML report: build-fuzzcov/coverage/index.html"
