#!/usr/bin/env bash
# Run cspcheck over libcspm's conformance corpus and print pass counts.
#
# usage: tests/conformance.sh CSPCHECK [CORPUS_DIR]
# CORPUS_DIR defaults to ../shared/conformance/libcspm beside the source
# tree. Exits 77 (meson's "skipped") when the corpus is absent, 1 when any
# file is judged wrongly, 0 otherwise. With VERBOSE=1 it names each failure.
#
# Parse stage: every should_pass file of parser, typechecker, evaluator and
# prettyprinter, and every evaluator/should_fail file, must parse
# (--parse-only exit 0); every parser/should_fail file must be rejected
# with exit 3 and a diagnostic on stderr.
# Names stage: every should_pass file of typechecker and evaluator, and
# every evaluator/should_fail file, resolves every name (--list exit 0).
# (parser/ and prettyprinter/ files need only parse: some use names they
# never define.)
set -u
cspcheck=${1:?usage: conformance.sh CSPCHECK [CORPUS_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
corpus=${2:-$here/../../shared/conformance/libcspm}
[ -d "$corpus" ] || corpus=$here/../../shared/conformance/libcspm
if [ ! -d "$corpus" ]; then
	echo "conformance corpus not found at $corpus: skipped"
	exit 77
fi
total_fail=0
total_pass=0

# judge MODE DESCRIPTION EXPECT FILES...   (EXPECT: pass or fail)
judge() {
	local mode=$1 desc=$2 expect=$3; shift 3
	local pass=0 n=0 f rc err
	for f in "$@"; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		err=$(timeout 20 "$cspcheck" "$mode" "$f" 2>&1 >/dev/null)
		rc=$?
		if [ "$expect" = pass ] && [ $rc -eq 0 ]; then
			pass=$((pass + 1))
		elif [ "$expect" = fail ] && [ $rc -eq 3 ] && [ -n "$err" ]; then
			pass=$((pass + 1))
		elif [ "${VERBOSE:-0}" = 1 ]; then
			echo "  FAIL ($expect, exit $rc): $f"
			[ -n "$err" ] && printf '%s\n' "$err" | head -3 | sed 's/^/      /'
		fi
	done
	printf '%-44s %4d / %-4d %s\n' "$desc" "$pass" "$n" "$([ $pass -eq $n ] && echo ok || echo FAIL)"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + n - pass))
}

shopt -s nullglob globstar
echo "parse stage (cspcheck --parse-only), corpus: $corpus"
judge --parse-only "parser/should_pass parses" pass "$corpus"/parser/should_pass/**/*.csp
judge --parse-only "typechecker/should_pass parses" pass "$corpus"/typechecker/should_pass/**/*.csp
judge --parse-only "evaluator/should_pass parses" pass "$corpus"/evaluator/should_pass/**/*.csp
judge --parse-only "evaluator/should_fail parses" pass "$corpus"/evaluator/should_fail/**/*.csp
judge --parse-only "prettyprinter/should_pass parses" pass "$corpus"/prettyprinter/should_pass/**/*.csp
judge --parse-only "parser/should_fail rejected (exit 3)" fail "$corpus"/parser/should_fail/**/*.csp
echo "names stage (cspcheck --list: parse and resolve every name)"
judge --list "typechecker/should_pass resolves" pass "$corpus"/typechecker/should_pass/**/*.csp
judge --list "evaluator/should_pass resolves" pass "$corpus"/evaluator/should_pass/**/*.csp
judge --list "evaluator/should_fail resolves" pass "$corpus"/evaluator/should_fail/**/*.csp
echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
