#!/bin/sh
# Golden tests of the counterexample views: for every specs/ script with a
# failing assertion, `cspcheck --explain --msc --threads=1 specs/NAME.csp`
# (run from the repository root, timings blanked) must print exactly
# GOLDEN_DIR/NAME.views. Each view was read against the plain counterexample
# when the golden file was made: the step table's rows are its steps, a
# column per leaf that takes part; the chart's arrows join the leaves of
# each synchronised step.
#
# usage: tests/specs/run_views.sh [--update] CSPCHECK SPECS_DIR GOLDEN_DIR   (TAP)
set -u
update=0
if [ $# -ge 1 ] && [ "$1" = "--update" ]; then
	update=1
	shift
fi
if [ $# -ne 3 ]; then
	echo "usage: $0 [--update] CSPCHECK SPECS_DIR GOLDEN_DIR" >&2
	exit 2
fi
cspcheck=$1
specs=$2
golden=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
for f in "$specs"/*.csp; do
	name=$(basename "$f" .csp)
	grep -q '=> fail' "$f" || continue
	n=$((n + 1))
	"$cspcheck" --color=never --threads=1 --explain --msc "specs/$name.csp" 2>&1 |
		sed -E 's/, [0-9.]+ s\)/, T s)/' >"$tmp/out"
	if [ $update -eq 1 ]; then
		cp "$tmp/out" "$golden/$name.views"
		echo "ok $n - $name: golden views written"
	elif cmp -s "$tmp/out" "$golden/$name.views"; then
		echo "ok $n - $name: --explain and --msc as in the golden file"
	else
		echo "not ok $n - $name: --explain and --msc differ from $golden/$name.views"
		diff "$golden/$name.views" "$tmp/out" 2>&1 | head -10 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
done
echo "1..$n"
[ $failed -eq 0 ]
