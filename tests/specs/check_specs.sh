#!/bin/sh
# Check the example scripts in specs/ against their annotations.
#
# usage: tests/specs/check_specs.sh CSPCHECK SPECS_DIR
#
# Every SPECS_DIR/*.csp must
#   (a) parse: `cspcheck --parse-only FILE` exits 0;
#   (b) pair its assertions one-to-one with annotations: each assertion
#       that `cspcheck --list FILE` prints (`path:LINE: assert TEXT`, blanks
#       collapsed) has exactly one line
#           -- expect: TEXT => pass|fail
#       in the file that holds it (anywhere in the file; TEXT is the
#       assertion as written after `assert `, blanks collapsed the same
#       way), and each such line names exactly one assertion;
#   (c) have at least one assertion.
#
#   (d) be decided as annotated: `cspcheck FILE` prints, per assertion,
#       `path:LINE: assert TEXT` and then `  Passed` or `  Failed`; the
#       verdict must be the annotation's pass or fail. The annotations were
#       derived by hand from SEMANTICS.md before the checker existed, and
#       each spec's comments say why.
#
# Prints one `ok - ...` or `FAIL - ...` line per check, then
# `N passed, N failed`; exits 1 when any check failed, 2 on a usage error.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 CSPCHECK SPECS_DIR" >&2
	exit 2
fi
cspcheck=$1
dir=$2

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/results"

found=0
for f in "$dir"/*.csp; do
	[ -e "$f" ] || continue
	found=1
	if "$cspcheck" --parse-only "$f" >/dev/null 2>"$tmp/err"; then
		echo "ok - $f parses" >>"$tmp/results"
	else
		echo "FAIL - $f does not parse:" >>"$tmp/results"
		sed 's/^/#   /' "$tmp/err" >>"$tmp/results"
		continue
	fi
	if ! "$cspcheck" --list "$f" >"$tmp/list" 2>"$tmp/err"; then
		echo "FAIL - cspcheck --list $f failed:" >>"$tmp/results"
		sed 's/^/#   /' "$tmp/err" >>"$tmp/results"
		continue
	fi
	"$cspcheck" --color=never "$f" >"$tmp/verdicts" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL - cspcheck $f exits $rc:" >>"$tmp/results"
		sed 's/^/#   /' "$tmp/err" >>"$tmp/results"
	fi
	awk -v file="$f" -v verdicts="$tmp/verdicts" '
	function trim(s) { sub(/^[ \t\r]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
	function collapse(s) { gsub(/[ \t\r]+/, " ", s); return trim(s) }
	# Remember a file whose -- expect: lines must be read, once, in order.
	function want(p) { if (!(p in seen)) { seen[p] = 1; order[++npaths] = p } }
	BEGIN { want(file) }
	{
		if (!match($0, /:[0-9]+: assert /)) {
			print "FAIL - unexpected --list output: " $0
			next
		}
		n++
		apath[n] = substr($0, 1, RSTART - 1)
		aline[n] = substr($0, RSTART + 1, RLENGTH - 10)
		atext[n] = collapse(substr($0, RSTART + RLENGTH))
		want(apath[n])
	}
	END {
		# what the checker said, by "path:line"
		while ((getline l < verdicts) > 0) {
			if (match(l, /^[^ ].*:[0-9]+: assert /)) {
				key = substr(l, 1, RSTART + RLENGTH - 10)
				continue
			}
			if (key != "" && match(l, /^  [A-Z][a-z]+/)) {
				w = substr(l, 3, RLENGTH - 2)
				said[key] = w == "Passed" ? "pass" : w == "Failed" ? "fail" : tolower(w)
				key = ""
			}
		}
		close(verdicts)
		m = 0
		for (k = 1; k <= npaths; k++) {
			p = order[k]
			ln = 0
			while ((getline l < p) > 0) {
				ln++
				i = index(l, "-- expect:")
				if (!i)
					continue
				e = substr(l, i + 10)
				# the verdict follows the last "=>" (TEXT may hold maps)
				pos = 0
				for (off = 0; (q = index(substr(e, off + 1), "=>")) > 0; off = pos + 1)
					pos = off + q
				if (!pos) {
					print "FAIL - " p ":" ln ": malformed annotation (no \"=> pass|fail\"): " trim(l)
					continue
				}
				verdict = trim(substr(e, pos + 2))
				m++
				epath[m] = p; eline[m] = ln
				etext[m] = collapse(substr(e, 1, pos - 1))
				everdict[m] = verdict
				if (verdict != "pass" && verdict != "fail")
					print "FAIL - " p ":" ln ": verdict must be pass or fail, not \"" verdict "\""
			}
			close(p)
		}
		if (n == 0)
			print "FAIL - " file " has no assertions"
		for (a = 1; a <= n; a++) {
			c = 0
			for (x = 1; x <= m; x++)
				if (epath[x] == apath[a] && etext[x] == atext[a]) { c++; v = everdict[x] }
			where = apath[a] ":" aline[a] ": assert " atext[a]
			k = apath[a] ":" aline[a]
			if (c == 1 && !(k in said))
				print "FAIL - " where ": the checker gave no verdict"
			else if (c == 1 && said[k] != v)
				print "FAIL - " where ": expected " v ", the checker says " said[k]
			else if (c == 1)
				print "ok - " where " => " v
			else if (c == 0)
				print "FAIL - " where ": no \"-- expect: " atext[a] " => pass|fail\" line"
			else
				print "FAIL - " where ": " c " -- expect: lines for it (want exactly one)"
		}
		for (x = 1; x <= m; x++) {
			c = 0
			for (a = 1; a <= n; a++)
				if (apath[a] == epath[x] && atext[a] == etext[x])
					c++
			if (c == 0)
				print "FAIL - " epath[x] ":" eline[x] ": \"-- expect: " etext[x] "\" names no assertion of the file"
			else if (c > 1)
				print "FAIL - " epath[x] ":" eline[x] ": \"-- expect: " etext[x] "\" names " c " assertions (make them distinct)"
		}
	}' "$tmp/list" >>"$tmp/results"
done
[ $found -eq 1 ] || echo "FAIL - no .csp files in $dir" >>"$tmp/results"

cat "$tmp/results"
passed=$(grep -c '^ok - ' "$tmp/results")
failed=$(grep -c '^FAIL - ' "$tmp/results")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
