#!/usr/bin/env bash
# Golden tests of run-time and name errors: the exact stderr of cspcheck on
# each errors/NAME.csp, then a last line "exit: N", must equal
# errors/NAME.expected byte for byte.
#
# usage: tests/eval/run_errors.sh CSPCHECK [--update]
#
# The first line of NAME.csp says how to run it:
#   -- eval: EXPR    cspcheck --eval 'EXPR' NAME.csp
#   -- list          cspcheck --list NAME.csp      (name errors)
#   -- check         cspcheck NAME.csp             (print declarations)
# cspcheck runs from inside errors/ with the relative name NAME.csp, so no
# absolute path appears in a message. The depth at which the evaluator
# gives up on a deep recursion depends on the build (it bounds the C
# stack), and so does the node it is evaluating then: so "... 11229 more
# calls" is compared as "... N more calls", and the position of an
# "evaluation nested too deeply" error as LINE:COL, without its excerpt.
#
# --update rewrites the .expected files from the current output (review the
# diff before committing it). Prints one line per test, then
# "N passed, N failed"; exits 1 when any test failed.
. "$(dirname "$0")/../golden_lib.sh" cspcheck-eval-errors "$@"

cd "$here/errors" || exit 2
for src in *.csp; do
	name=${src%.csp}
	first=$(head -n 1 "$src")
	case $first in
	"-- eval: "*) args=(--eval "${first#-- eval: }" "$src") ;;
	"-- list") args=(--list "$src") ;;
	"-- check") args=("$src") ;;
	*)
		fail "$name" "the first line must be '-- eval: EXPR', '-- list' or '-- check'"
		continue
		;;
	esac
	timeout 20 "$cspcheck" "${args[@]}" >/dev/null 2>"$tmp/actual"
	echo "exit: $?" >>"$tmp/actual"
	awk '
		skip > 0 { skip--; next }
		/: error: evaluation nested too deeply/ {
			sub(/:[0-9]+:[0-9]+: error:/, ":LINE:COL: error:")
			skip = 2
		}
		{ sub(/\.\.\. [0-9]+ more calls/, "... N more calls"); print }
	' "$tmp/actual" >"$tmp/normal"
	mv "$tmp/normal" "$tmp/actual"
	if [ $update = 1 ]; then
		cp "$tmp/actual" "$name.expected"
	fi
	if [ ! -f "$name.expected" ]; then
		fail "$name" "no $name.expected (run with --update)"
	elif grep -q -e "$here" "$name.expected"; then
		fail "$name" "$name.expected holds an absolute path"
	elif ! cmp -s "$tmp/actual" "$name.expected"; then
		fail "$name" "stderr differs:"
		diff -u "$name.expected" "$tmp/actual" | sed 's/^/    /'
	else
		pass "$name"
	fi
done

finish
