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

# a model big enough that each level spans many chunks of every thread
cat >"$tmp/chain.csp" <<'CSP'
N = 8
channel left, right : {0,1}
channel mid : {1..N-1}.{0,1}
BUFF(s) = #s < N & left?x -> BUFF(s^<x>) [] #s > 0 & right!head(s) -> BUFF(tail(s))
IN(i) = if i == 0 then left else mid.i
OUT(i) = if i == N-1 then right else mid.(i+1)
CELL(i) = IN(i)?x -> OUT(i)!x -> CELL(i)
CHAIN = (|| i : {0..N-1} @ [{| IN(i), OUT(i) |}] CELL(i)) \ {| mid |}
-- a cell that may lose its value: the chain then refuses what BUFF offers
LOSSY(i) = IN(i)?x -> (OUT(i)!x -> LOSSY(i) |~| LOSSY(i))
BROKEN = (|| i : {0..N-1} @ [{| IN(i), OUT(i) |}] (if i == 5 then LOSSY(i) else CELL(i))) \ {| mid |}
assert BUFF(<>) [FD= CHAIN
assert BUFF(<>) [F= BROKEN
assert BUFF(<>) [T= BROKEN
assert BROKEN :[deadlock free [F]]
assert CHAIN :[deterministic [FD]]
CSP

blank() {
	sed -E 's/\([0-9]+ states?, [0-9]+ transitions?, [0-9.]+ s\)/(stats)/; s/"stats": \{[^}]*\}/"stats": {}/g'
}

for f in "$dir"/*.csp "$tmp/chain.csp"; do
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
if "$cspcheck" --threads=4 "$tmp/chain.csp" | grep -q 'Failed: refusal counterexample'; then
	echo "ok $n - the generated chain's broken cell gives a refusal counterexample"
else
	echo "not ok $n - the generated chain's broken cell gives a refusal counterexample"
	failed=$((failed + 1))
fi
echo "1..$n"
[ $failed -eq 0 ]
