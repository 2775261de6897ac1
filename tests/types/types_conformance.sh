#!/bin/sh
# tests/types/types_conformance.sh — the libcspm corpus through the type
# checker.
#
#   types_conformance.sh TYPECHECK_DRIVER CORPUS_DIR
#
# Must pass (exit 0): typechecker/should_pass, evaluator/should_pass,
# evaluator/should_fail (those fail only when evaluated). Must be rejected
# (exit 3): typechecker/should_fail and desugar/should_fail, except the
# files that parsing and name resolution already reject (`typecheck_driver
# --names` exits 3): they are counted apart, as "rejected earlier".
# Prints the counts per folder, each failing file, then "N passed, N failed".
# Exit 0 when nothing failed, 1 otherwise, 77 (skip) without the corpus.
driver=$1
corpus=$2
if [ ! -d "$corpus/typechecker" ]; then
	echo "corpus not found at $corpus: skipping"
	exit 77
fi
passed=0
failed=0
run_folder() { # folder expected-status
	folder=$1
	want=$2
	ok=0
	bad=0
	earlier=0
	total=0
	for f in "$corpus/$folder"/*.csp; do
		[ -e "$f" ] || continue
		total=$((total + 1))
		if [ "$want" = 3 ]; then
			"$driver" --names "$f" >/dev/null 2>&1
			if [ $? -eq 3 ]; then
				earlier=$((earlier + 1))
				continue
			fi
		fi
		timeout 20 "$driver" "$f" >/dev/null 2>&1
		rc=$?
		if [ $rc -eq "$want" ]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			echo "  FAIL ($folder, exit $rc, want $want): $(basename "$f")"
		fi
	done
	echo "$folder: $ok/$((ok + bad)) ok ($earlier of $total rejected earlier)"
	passed=$((passed + ok))
	failed=$((failed + bad))
}
run_folder typechecker/should_pass 0
run_folder evaluator/should_pass 0
run_folder evaluator/should_fail 0
run_folder typechecker/should_fail 3
run_folder desugar/should_fail 3
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
