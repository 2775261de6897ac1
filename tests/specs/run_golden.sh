#!/bin/sh
# Golden counterexamples for the example scripts in specs/.
#
# usage: tests/specs/run_golden.sh [--update] CSPCHECK SPECS_DIR GOLDEN_DIR
#
# Run it from the repository root (meson does: workdir is the source root),
# with SPECS_DIR inside it, so that the checker is given the relative path
# specs/NAME.csp and the paths it prints are the same on every machine.
#
# For every SPECS_DIR/NAME.csp that has at least one failing assertion
# (an annotation "-- expect: ... => fail", see check_specs.sh):
#   * `CSPCHECK --color=never specs/NAME.csp` must exit 1, and
#   * its stdout, with the timings normalised (", 0.012 s)" becomes
#     ", T s)"), must equal GOLDEN_DIR/NAME.out byte for byte.
# A golden file with no such script is stale, and fails.
#
# For every SPECS_DIR/*.csp, failing or not: three runs of
# `CSPCHECK --color=never --format=json specs/NAME.csp` must print the same
# bytes, apart from the "seconds" fields, and exit with the same status:
# counterexamples are deterministic.
#
# --update rewrites GOLDEN_DIR/NAME.out from the checker's current output
# (and deletes stale golden files) instead of comparing; read every new
# counterexample before committing it.
#
# Output is TAP (`ok N - ...`, `not ok N - ...`, then `1..N`), with the
# first lines of a diff under each mismatch; exits 1 when a test failed,
# 2 on a usage error.
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

if [ ! -d "$specs" ]; then
	echo "$0: $specs: not a directory" >&2
	exit 2
fi
case $cspcheck in
*/*) cspcheck=$(cd "$(dirname "$cspcheck")" && pwd -P)/$(basename "$cspcheck") ;;
esac

# SPECS_DIR relative to the current directory (the repository root).
root=$(pwd -P)
sabs=$(cd "$specs" && pwd -P)
case $sabs in
"$root") rel=. ;;
"$root"/*) rel=${sabs#"$root"/} ;;
*)
	echo "$0: $specs is not inside the current directory $root; run from the repository root" >&2
	exit 2
	;;
esac
if [ $update -eq 1 ]; then
	mkdir -p "$golden" || exit 2
elif [ ! -d "$golden" ]; then
	echo "$0: $golden: not a directory (create it with --update)" >&2
	exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/../tap_lib.sh"
# Print a file as TAP diagnostics, at most $2 lines.
diag() {
	head -n "$2" "$1" | sed 's/^/# /'
}
# A diff of golden ($1) and actual ($2) output, as diagnostics.
show_diff() {
	if diff -u "$1" "$2" >"$tmp/diff" 2>/dev/null || [ -s "$tmp/diff" ]; then
		diag "$tmp/diff" 40
	else
		echo "# golden:"
		diag "$1" 20
		echo "# actual:"
		diag "$2" 20
	fi
}
normalise_text() {
	sed 's/, [0-9.]* s)/, T s)/'
}
normalise_json() {
	sed 's/"seconds": *[-+0-9.eE]*/"seconds": S/g'
}
has_failing() {
	grep -Eq -- '-- expect:.*=>[[:space:]]*fail[[:space:]]*$' "$1"
}

found=0
for f in "$specs"/*.csp; do
	[ -e "$f" ] || continue
	found=1
	base=$(basename "$f" .csp)
	path=$rel/$base.csp
	[ "$rel" = . ] && path=$base.csp
	out=$golden/$base.out

	# the golden counterexamples
	if has_failing "$f"; then
		"$cspcheck" --color=never "$path" >"$tmp/raw" 2>"$tmp/err"
		rc=$?
		normalise_text <"$tmp/raw" >"$tmp/actual"
		if [ $rc -ne 1 ]; then
			not_ok "$path: exit status $rc, want 1 (it has a failing assertion)"
			diag "$tmp/err" 20
		elif [ $update -eq 1 ]; then
			if [ -f "$out" ] && cmp -s "$out" "$tmp/actual"; then
				ok "$path: $out unchanged"
			elif cp "$tmp/actual" "$out"; then
				ok "$path: wrote $out"
			else
				not_ok "$path: cannot write $out"
			fi
		elif [ ! -f "$out" ]; then
			not_ok "$path: no golden file $out (run with --update, then read it)"
		elif cmp -s "$out" "$tmp/actual"; then
			ok "$path: counterexamples as in $out"
		else
			not_ok "$path: output differs from $out"
			show_diff "$out" "$tmp/actual"
			if [ -s "$tmp/err" ]; then
				echo "# stderr:"
				diag "$tmp/err" 10
			fi
		fi
	elif [ -f "$out" ]; then
		if [ $update -eq 1 ]; then
			if rm -f "$out"; then
				ok "$path: no failing assertion, removed stale $out"
			else
				not_ok "$path: cannot remove stale $out"
			fi
		else
			not_ok "$path: no failing assertion, but $out exists (stale: remove it, or run --update)"
		fi
	fi

	# determinism: three runs, byte for byte apart from the timings
	same=1
	rc1=
	for i in 1 2 3; do
		"$cspcheck" --color=never --format=json "$path" >"$tmp/raw" 2>"$tmp/jerr"
		rc=$?
		normalise_json <"$tmp/raw" >"$tmp/json$i"
		[ -z "$rc1" ] && rc1=$rc
		[ "$rc" = "$rc1" ] || same=0
	done
	if [ "$rc1" != 0 ] && [ "$rc1" != 1 ]; then
		not_ok "$path: --format=json exits $rc1"
		diag "$tmp/jerr" 20
	elif [ $same -eq 1 ] && cmp -s "$tmp/json1" "$tmp/json2" && cmp -s "$tmp/json1" "$tmp/json3"; then
		ok "$path: --format=json is the same in 3 runs"
	else
		not_ok "$path: --format=json differs between runs"
		if ! cmp -s "$tmp/json1" "$tmp/json2"; then
			show_diff "$tmp/json1" "$tmp/json2"
		else
			show_diff "$tmp/json1" "$tmp/json3"
		fi
	fi
done

# golden files whose script is gone
for g in "$golden"/*.out; do
	[ -e "$g" ] || continue
	base=$(basename "$g" .out)
	[ -e "$specs/$base.csp" ] && continue
	if [ $update -eq 1 ]; then
		if rm -f "$g"; then
			ok "$g: no $specs/$base.csp, removed"
		else
			not_ok "$g: cannot remove"
		fi
	else
		not_ok "$g: stale, there is no $specs/$base.csp"
	fi
done

[ $found -eq 1 ] || not_ok "no .csp files in $specs"
tap_end
