#!/bin/sh
# The distributed search gives what one process gives: every specs/ script
# and a generated chain model, checked under `mpirun -np 2` and `-np 4`
# (oversubscribed on a small machine), print byte-identical reports to a
# single process once the statistics are blanked (TAP). Only built and
# registered with -Dmpi=enabled.
#
# usage: tests/checker/mpi.sh CSPCHECK SPECS_DIR
set -u
cspcheck=$1
dir=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# Open MPI refuses root unless told, and a CI machine may have fewer cores
# than ranks
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
n=0
failed=0
# the generated model (chain.csp, beside this script) and blank()
here=$(dirname "$0")
. "$here/report_lib.sh"
for f in "$dir"/*.csp "$here/chain.csp"; do
	"$cspcheck" --color=never --threads=1 "$f" 2>/dev/null | blank >"$tmp/one"
	for np in 2 4; do
		n=$((n + 1))
		mpirun -np $np "$cspcheck" --color=never "$f" 2>"$tmp/err" | blank >"$tmp/many"
		if cmp -s "$tmp/one" "$tmp/many" && [ -s "$tmp/one" ]; then
			echo "ok $n - $(basename "$f"): the same report on $np ranks"
		else
			echo "not ok $n - $(basename "$f"): on $np ranks: $(diff "$tmp/one" "$tmp/many" | head -4 | tr '\n' ' ') $(head -2 "$tmp/err" | tr '\n' ' ')"
			failed=$((failed + 1))
		fi
	done
done
n=$((n + 1))
if mpirun -np 4 "$cspcheck" --color=never "$here/chain.csp" 2>/dev/null | grep -q 'Failed: refusal counterexample'; then
	echo "ok $n - the chain's broken cell gives its refusal counterexample on 4 ranks"
else
	echo "not ok $n - the chain's broken cell gives its refusal counterexample on 4 ranks"
	failed=$((failed + 1))
fi
echo "1..$n"
[ $failed -eq 0 ]
