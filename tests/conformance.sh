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
# Types stage: the same files type-check (--typecheck exit 0); every
# typechecker/should_fail and desugar/should_fail file is rejected.
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
echo "types stage (cspcheck --typecheck)"
judge --typecheck "typechecker/should_pass type-checks" pass "$corpus"/typechecker/should_pass/**/*.csp
judge --typecheck "evaluator/should_pass type-checks" pass "$corpus"/evaluator/should_pass/**/*.csp
judge --typecheck "evaluator/should_fail type-checks" pass "$corpus"/evaluator/should_fail/**/*.csp
judge --typecheck "typechecker/should_fail rejected (exit 3)" fail "$corpus"/typechecker/should_fail/**/*.csp
judge --typecheck "desugar/should_fail rejected (exit 3)" fail "$corpus"/desugar/should_fail/**/*.csp

# Evaluator stage: libcspm's own rule. Every top-level binding testNAME in
# evaluator/should_pass must evaluate to true, every procTestNAME to a
# process without error; evaluating the test/procTest bindings of an
# evaluator/should_fail file must raise a run-time error (exit 3).
echo "evaluator stage (cspcheck --eval NAME FILE)"
bindings() { grep -oE "^$1[A-Za-z0-9_']*[[:space:]]*=" "$2" | sed -E 's/[[:space:]]*=$//' | sort -u; }
tp=0 tn=0 pp=0 pn=0
for f in "$corpus"/evaluator/should_pass/*.csp; do
	for t in $(bindings test "$f"); do
		tn=$((tn + 1))
		out=$(timeout 20 "$cspcheck" --eval "$t" "$f" 2>&1)
		if [ "$out" = true ]; then tp=$((tp + 1)); elif [ "${VERBOSE:-0}" = 1 ]; then
			echo "  FAIL $f $t: $(printf '%s' "$out" | head -1)"; fi
	done
	for t in $(bindings procTest "$f"); do
		pn=$((pn + 1))
		if timeout 20 "$cspcheck" --eval "$t" "$f" >/dev/null 2>&1; then pp=$((pp + 1)); elif [ "${VERBOSE:-0}" = 1 ]; then
			echo "  FAIL $f $t"; fi
	done
done
fp=0 fn=0
for f in "$corpus"/evaluator/should_fail/*.csp; do
	fn=$((fn + 1))
	raised=0
	for t in $(bindings test "$f") $(bindings procTest "$f"); do
		timeout 20 "$cspcheck" --eval "$t" "$f" >/dev/null 2>&1
		[ $? -eq 3 ] && raised=1
	done
	if [ $raised = 1 ]; then fp=$((fp + 1)); elif [ "${VERBOSE:-0}" = 1 ]; then echo "  FAIL (no error) $f"; fi
done
report() { printf '%-44s %4d / %-4d %s\n' "$1" "$2" "$3" "$([ "$2" -eq "$3" ] && echo ok || echo "partial")"; }
report "evaluator test* bindings are true" $tp $tn
report "evaluator procTest* bindings evaluate" $pp $pn
report "evaluator/should_fail raise an error" $fp $fn
# The evaluator is not complete yet (issue: semantics): its counts are
# reported, and only a regression below these floors fails the run.
[ $tp -ge ${EVAL_TRUE_FLOOR:-285} ] || { echo "regression: test* bindings true fell below the floor"; total_fail=$((total_fail + 1)); }
[ $pp -ge ${EVAL_PROC_FLOOR:-99} ] || { echo "regression: procTest* bindings fell below the floor"; total_fail=$((total_fail + 1)); }
[ $fp -ge ${EVAL_FAIL_FLOOR:-25} ] || { echo "regression: should_fail files raising an error fell below the floor"; total_fail=$((total_fail + 1)); }
echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
