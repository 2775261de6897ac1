#!/bin/sh
# The search on disk (--spill-dir) gives what the search in memory gives
# (TAP):
# - every specs/ script and the chain model (chain.csp, beside this
#   script), forced onto disk early (CSPCHECK_SPILL_AFTER=1, and 2000
#   pairs into a search on 2 threads), print byte-identical reports once the timings, the failed
#   searches' statistics and the note that the search went on on disk are
#   blanked; a check that passes keeps its state and transition counts;
# - a 12-cell chain under a real --max-memory goes on on disk and passes
#   with the same counts, in less memory than it needs in memory;
# - nothing is left in the spill directory; a bad directory is a usage
#   error.
#
# usage: tests/checker/spill.sh CSPCHECK SPECS_DIR
set -u
cspcheck=$1
dir=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/spill"
here=$(dirname "$0")
. "$here/report_lib.sh"
. "$here/../tap_lib.sh"
# passing checks keep their counts (not an `assert not`, whose search
# failed); the rest is blanked
keep_passed() {
	sed -E 's/(: |; )search went on on disk from level [0-9]+ \([0-9.]+ MB written\)//; s/^  Passed; /  Passed: /' |
		awk '/: assert not / { neg = 1; print; next }
		     /^  Passed/ && !neg { sub(/, [0-9.]+ s\)/, ")") }
		     { neg = 0; print }' | blank
}
for f in "$dir"/*.csp "$here/chain.csp"; do
	"$cspcheck" --color=never --threads=1 "$f" 2>/dev/null | keep_passed >"$tmp/mem"
	# after 2000 pairs, from a search on 2 threads
	for run in 1:1 2000:2; do
		after=${run%:*} threads=${run#*:}
		CSPCHECK_SPILL_AFTER=$after "$cspcheck" --color=never --threads=$threads --spill-dir="$tmp/spill" "$f" \
			2>"$tmp/err" | keep_passed >"$tmp/disk"
		if cmp -s "$tmp/mem" "$tmp/disk" && [ -s "$tmp/mem" ]; then
			ok "$(basename "$f"): the same report on disk after $after pairs ($threads threads)"
		else
			not_ok "$(basename "$f"): on disk after $after pairs ($threads threads): $(diff "$tmp/mem" "$tmp/disk" | head -4 | tr '\n' ' ') $(head -2 "$tmp/err" | tr '\n' ' ')"
		fi
	done
done
# a real memory limit: the smallest of these that lets the script and the
# specification in (the program's own size differs between builds) leaves
# too little for the search's tables, so the search goes on on disk
sed 's/^N = 10$/N = 12/' "$here/chain.csp" >"$tmp/chain12.csp"
want=$("$cspcheck" --color=never --threads=1 -a 1 "$tmp/chain12.csp" | sed -n 's/.*Passed (\([0-9]* states, [0-9]* transitions\).*/\1/p')
got=""
m=12
while [ $m -le 400 ] && [ -z "$got" ]; do
	out=$("$cspcheck" --color=never --threads=1 -a 1 --max-memory=${m}M --spill-dir="$tmp/spill" "$tmp/chain12.csp")
	case "$out" in
	*"Passed: search went on on disk"*) got=$m ;;
	*Passed*) break ;; # it fits in memory: no smaller limit spilled
	esac
	m=$((m + 4))
done
if [ -n "$got" ] && echo "$out" | grep -q "($want, "; then
	ok "chain of 12 cells under --max-memory=${got}M: on disk, $want as in memory"
else
	not_ok "chain of 12 cells: no limit up to ${m}M went on on disk and passed with $want: $(echo "$out" | tail -1)"
fi
if [ -z "$(ls -A "$tmp/spill")" ]; then
	ok "nothing left in the spill directory"
else
	not_ok "left in the spill directory: $(ls "$tmp/spill" | head -3 | tr '\n' ' ')"
fi
"$cspcheck" --spill-dir="$tmp/none" "$here/chain.csp" >/dev/null 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "invalid argument '$tmp/none' for --spill-dir" "$tmp/err"; then
	ok "a missing spill directory is a usage error"
else
	not_ok "a missing spill directory: $(cat "$tmp/err")"
fi
tap_end
