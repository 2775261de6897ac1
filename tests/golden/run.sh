#!/usr/bin/env bash
# Golden tests of the front end: exact diagnostics, exact AST dumps, and
# robustness against hostile input.
#
# usage: tests/golden/run.sh CSPCHECK [--update]
#
#   errors/NAME.csp   a bad script; errors/NAME.expected holds the exact
#                     stderr of `cspcheck --parse-only NAME.csp`, run from
#                     inside errors/ (so no absolute path appears), and a
#                     last line "exit: N". Files an errors/*.csp includes
#                     live in subdirectories and are not tests themselves.
#   dump/NAME.csp     a good script; dump/NAME.ast holds the exact stdout
#                     of `cspcheck --dump-ast NAME.csp` (exit 0, no stderr).
#   robustness        inputs generated here at test time (binary junk, a
#                     10 MB line, 100,000 nested prefixes...): each must end
#                     within 20 s with exit 0 or 3 as stated, say what is
#                     wrong, and print little, printable, valid UTF-8.
#
# --update rewrites the .expected and .ast files from the current output
# (review the diff before committing it). Prints one line per test, then
# "N passed, N failed"; exits 1 when any test failed.
. "$(dirname "$0")/../golden_lib.sh" cspcheck-golden "$@"

# run_cspcheck DIR OUT ERR ARGS...: run cspcheck in DIR under a time limit;
# sets rc.
run_cspcheck() {
	local dir=$1 out=$2 err=$3
	shift 3
	(cd "$dir" && exec timeout 20 "$cspcheck" "$@") >"$out" 2>"$err"
	rc=$?
}

# ---------------------------------------------------------------------------
# 1. Diagnostics of bad scripts, byte for byte.

for src in "$here"/errors/*.csp; do
	name=${src##*/}
	name=${name%.csp}
	expected=$here/errors/$name.expected
	run_cspcheck "$here/errors" /dev/null "$tmp/actual" --parse-only "$name.csp"
	echo "exit: $rc" >>"$tmp/actual"
	if [ $update = 1 ]; then
		cp "$tmp/actual" "$expected"
	fi
	if [ ! -f "$expected" ]; then
		fail "errors/$name" "no $name.expected (run with --update)"
	elif [ $rc -ne 3 ]; then
		fail "errors/$name" "exit $rc, expected 3 (a script with errors)"
	elif grep -q -e "$here" -e '^/' "$expected"; then
		fail "errors/$name" "$name.expected holds an absolute path"
	elif cmp -s "$expected" "$tmp/actual"; then
		pass "errors/$name"
	else
		fail "errors/$name" "stderr differs"
		diff -u "$expected" "$tmp/actual" | head -40 | sed 's/^/    /'
	fi
done

# ---------------------------------------------------------------------------
# 2. Syntax trees of good scripts, byte for byte.

for src in "$here"/dump/*.csp; do
	name=${src##*/}
	name=${name%.csp}
	expected=$here/dump/$name.ast
	run_cspcheck "$here/dump" "$tmp/actual" "$tmp/err" --dump-ast "$name.csp"
	if [ $update = 1 ] && [ $rc -eq 0 ]; then
		cp "$tmp/actual" "$expected"
	fi
	if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then
		fail "dump/$name" "exit $rc, expected 0 with nothing on stderr"
		head -12 "$tmp/err" | sed 's/^/    /'
	elif [ ! -f "$expected" ]; then
		fail "dump/$name" "no $name.ast (run with --update)"
	elif cmp -s "$expected" "$tmp/actual"; then
		pass "dump/$name"
	else
		fail "dump/$name" "AST differs"
		diff -u "$expected" "$tmp/actual" | head -40 | sed 's/^/    /'
	fi
done

# ---------------------------------------------------------------------------
# 3. Robustness. Each input is generated into $tmp/robust; `robust` runs
# --parse-only on it and checks the outcome.

rdir=$tmp/robust
mkdir -p "$rdir"

# Bytes of a fixed-seed generator (Park-Miller), the same on every run.
lcg_bytes() { # COUNT SEED
	awk -v n="$1" -v x="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			x = (x * 16807) % 2147483647
			printf "%c", int(x / 65536) % 256
		}
	}'
}

# repeat COUNT TEXT: TEXT written COUNT times (awk reads escapes: '\n').
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

ctrl=$(printf '[\001-\010\013-\037\177]')
have_iconv=0
command -v iconv >/dev/null 2>&1 && have_iconv=1

# robust NAME EXIT NEEDLE: check cspcheck --parse-only NAME.csp (in $rdir).
# EXIT is the exit status it must have (0 or 3); NEEDLE a fixed string its
# stderr must contain ("" for none; with EXIT 0, stderr must be empty).
robust() {
	local name=$1 want=$2 needle=$3 err=$tmp/err why=""
	run_cspcheck "$rdir" /dev/null "$err" --parse-only "$name.csp"
	local lines bytes
	lines=$(wc -l <"$err")
	bytes=$(wc -c <"$err")
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		why="killed: it did not finish within 20 s (or ran out of memory)"
	elif [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		why="exit $rc (a crash or an internal error), expected $want"
	elif [ $rc -ne "$want" ]; then
		why="exit $rc, expected $want"
	elif [ "$want" = 0 ] && [ -s "$err" ]; then
		why="a good script, yet something on stderr"
	elif [ "$want" = 3 ] && ! grep -q ': error: ' "$err"; then
		why="no diagnostic on stderr"
	elif [ -n "$needle" ] && ! grep -qF -e "$needle" "$err"; then
		why="stderr does not say \"$needle\""
	elif [ "$lines" -gt 310 ] || [ "$bytes" -gt 262144 ]; then
		why="stderr is too big ($lines lines, $bytes bytes): 100 errors at most"
	elif grep -q "$ctrl" "$err"; then
		why="stderr holds a control character"
	elif [ $have_iconv = 1 ] && ! iconv -f UTF-8 -t UTF-8 "$err" >/dev/null 2>&1; then
		why="stderr is not valid UTF-8"
	elif awk 'length > 1024 { bad = 1 } END { exit !bad }' "$err"; then
		why="stderr has a line longer than 1024 bytes"
	fi
	if [ -n "$why" ]; then
		fail "robustness/$name" "$why"
		head -c 1200 "$err" | head -9 | cat -v | sed 's/^/    /'
	else
		pass "robustness/$name"
	fi
}

lcg_bytes 65536 42 >"$rdir/binary_junk_64k.csp"
robust binary_junk_64k 3 "too many errors"

{ printf 'x = '; repeat 10485760 a; printf '\n'; } >"$rdir/line_10mb_identifier.csp"
robust line_10mb_identifier 0 ""

{ printf 'x = 1'; repeat 5242880 '+1'; printf '\n'; } >"$rdir/line_10mb_expression.csp"
robust line_10mb_expression 3 "nested too deeply"

{ printf 's = "'; repeat 10485760 b; printf '\nP = STOP\n'; } >"$rdir/line_10mb_unterminated_string.csp"
robust line_10mb_unterminated_string 3 "unterminated string literal"

{ printf 'x = '; repeat 10000 '('; printf '\n'; } >"$rdir/open_brackets_10000.csp"
robust open_brackets_10000 3 "'(' opened at line 1 is not closed"

{ printf 'channel a\nP = '; repeat 100000 'a -> '; printf 'STOP\n'; } >"$rdir/prefixes_100000.csp"
robust prefixes_100000 3 "nested too deeply to parse"

{ printf 'P = STOP\n'; repeat 100000 '{- '; printf '\n'; } >"$rdir/comments_100000_unclosed.csp"
robust comments_100000_unclosed 3 "unterminated comment"

: >"$rdir/empty.csp"
robust empty 0 ""

printf -- '-- nothing but comments\n{- a block\n   {- nested -}\n-}\n   -- indented\n\n' >"$rdir/only_comments.csp"
robust only_comments 0 ""

printf 'channel a\nP = a \000-> STOP\nQ = a -> STOP\n' >"$rdir/nul_byte.csp"
robust nul_byte 3 "unexpected byte 0x00"

repeat 1000 'P = )\n' >"$rdir/errors_1000.csp"
robust errors_1000 3 "too many errors"

{ repeat 1000000 '\n'; printf 'P = (\n'; } >"$rdir/lines_1000000.csp"
robust lines_1000000 3 "lines_1000000.csp:1000001:"

# include_chain_70.csp includes chain1.csp, which includes chain2.csp, ...
printf 'include "chain1.csp"\nP0 = STOP\n' >"$rdir/include_chain_70.csp"
for i in $(seq 1 69); do
	printf 'include "chain%d.csp"\nP%d = STOP\n' $((i + 1)) "$i" >"$rdir/chain$i.csp"
done
printf 'Q = STOP\n' >"$rdir/chain70.csp"
robust include_chain_70 3 "includes are nested more than"

printf 'include "self_include.csp"\nP = STOP\n' >"$rdir/self_include.csp"
robust self_include 3 "include cycle: self_include.csp -> self_include.csp"

printf 'include "."\nP = STOP\n' >"$rdir/include_directory.csp"
robust include_directory 3 "is a directory"

robust no_such_file 3 "cannot read 'no_such_file.csp'"

# CRLF line endings: accepted, and the same tree as with LF.
lf='channel a, b\nP = a -> b ->\n      STOP\nQ = (a -> STOP)\n  [] (b -> STOP)\nR = let\n      x = 1\n    within P\n'
printf "$lf" >"$rdir/lf.csp"
printf "$lf" | sed 's/$/\r/' >"$rdir/crlf_line_endings.csp"
robust crlf_line_endings 0 ""
run_cspcheck "$rdir" "$tmp/lf.ast" /dev/null --dump-ast lf.csp
run_cspcheck "$rdir" "$tmp/crlf.ast" /dev/null --dump-ast crlf_line_endings.csp
if [ -s "$tmp/lf.ast" ] && cmp -s "$tmp/lf.ast" "$tmp/crlf.ast"; then
	pass "robustness/crlf_same_tree"
else
	fail "robustness/crlf_same_tree" "CRLF and LF versions of a script give different trees"
fi

finish
