#!/bin/sh
# Verdicts and counterexamples do not depend on the number of search
# threads: every specs/ script, and a larger generated model, checked with
# --threads=1, 2 and 4 give byte-identical reports once the statistics
# (states, transitions and seconds, which do depend on when the search
# stopped) are blanked out.
#
# usage: tests/checker/threads.sh CSPCHECK SPECS_DIR     (TAP output)
set -u
cspcheck=$1
dir=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# the generated model (chain.csp, beside this script) and blank()
here=$(dirname "$0")
. "$here/report_lib.sh"

for f in "$dir"/*.csp "$here/chain.csp"; do
	for fmt in text json; do
		n=$((n + 1))
		"$cspcheck" --color=never --format=$fmt --threads=1 "$f" 2>&1 | blank >"$tmp/one"
		same=yes
		for t in 2 4; do
			"$cspcheck" --color=never --format=$fmt --threads=$t "$f" 2>&1 | blank >"$tmp/many"
			if ! cmp -s "$tmp/one" "$tmp/many"; then
				same="no: --threads=$t differs: $(diff "$tmp/one" "$tmp/many" | head -4 | tr '\n' ' ')"
				break
			fi
		done
		if [ "$same" = yes ]; then
			echo "ok $n - $(basename "$f") ($fmt): the same report with 1, 2 and 4 threads"
		else
			echo "not ok $n - $(basename "$f") ($fmt): $same"
			failed=$((failed + 1))
		fi
	done
done
# the generated model really fails where it should (so the comparison
# above compared counterexamples, not only passes)
n=$((n + 1))
if "$cspcheck" --threads=4 "$here/chain.csp" | grep -q 'Failed: refusal counterexample'; then
	echo "ok $n - the generated chain's broken cell gives a refusal counterexample"
else
	echo "not ok $n - the generated chain's broken cell gives a refusal counterexample"
	failed=$((failed + 1))
fi
echo "1..$n"
[ $failed -eq 0 ]
