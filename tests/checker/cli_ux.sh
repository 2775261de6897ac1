#!/bin/sh
# The interactive side of the command line, end to end (TAP):
#   - a scripted session of `cspcheck explore` on the bounded buffer of
#     specs/buffer.csp, compared with tests/checker/explore_buffer.out
#     (each state and offer there checked by hand: IMPL is two COPY cells
#     linked right <-> left; after left.0 the value moves on by tau, then
#     the chain offers left.0, left.1 and right.0; undo goes back a step);
#   - the progress line: drawn on a terminal (run under script(1)), never
#     when stderr is a pipe, never with --quiet.
#
# usage: tests/checker/cli_ux.sh CSPCHECK SRCDIR
set -u
cspcheck=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/tap_lib.sh"

cd "$src" || exit 2
printf '1\n1\nt\nright.0\n2\nu\nt\nleft.9\nq\n' | "$cspcheck" explore specs/buffer.csp IMPL >"$tmp/out" 2>&1
if cmp -s "$tmp/out" tests/checker/explore_buffer.out; then
	ok "a scripted explore session on the bounded buffer"
else
	not_ok "a scripted explore session on the bounded buffer: $(diff tests/checker/explore_buffer.out "$tmp/out" | head -5 | tr '\n' ' ')"
fi
if printf 'q\n' | "$cspcheck" explore specs/buffer.csp NOPE >/dev/null 2>"$tmp/err"; then
	not_ok "explore of an undefined process is an error"
else
	ok "explore of an undefined process is an error"
fi
if "$cspcheck" explore specs/buffer.csp >/dev/null 2>&1; then
	not_ok "explore without EXPR is a usage error"
else
	ok "explore without EXPR is a usage error"
fi

# a check that runs long enough (about a second) to draw the progress line
cat >"$tmp/long.csp" <<'CSP'
channel a, b : {0..19}
CELL(i) = a.i -> b.i -> CELL(i)
SYS = ||| i : {0..19} @ CELL(i)
assert SYS :[deadlock free [F]]
CSP
if command -v script >/dev/null 2>&1; then
	script -qec "$cspcheck --threads=1 $tmp/long.csp" /dev/null >"$tmp/tty" 2>&1
	if grep -q 'states/s' "$tmp/tty" && grep -q "$(printf '\033')\[K" "$tmp/tty"; then
		ok "on a terminal, a progress line is drawn and erased"
	else
		not_ok "on a terminal, a progress line is drawn and erased"
	fi
	script -qec "$cspcheck --threads=1 --quiet $tmp/long.csp" /dev/null >"$tmp/ttyq" 2>&1
	if grep -q 'states/s' "$tmp/ttyq"; then
		not_ok "--quiet draws no progress line"
	else
		ok "--quiet draws no progress line"
	fi
else
	ok "on a terminal, a progress line is drawn # SKIP script(1) is not installed"
	ok "--quiet draws no progress line # SKIP script(1) is not installed"
fi
"$cspcheck" --threads=1 "$tmp/long.csp" >"$tmp/pipe" 2>"$tmp/pipeerr"
if grep -q 'states/s' "$tmp/pipeerr" "$tmp/pipe"; then
	not_ok "in a pipe, no progress line"
else
	ok "in a pipe, no progress line"
fi
"$cspcheck" --threads=1 --progress "$tmp/long.csp" >/dev/null 2>"$tmp/forced"
if grep -q 'states/s' "$tmp/forced"; then
	ok "--progress draws it in a pipe too"
else
	not_ok "--progress draws it in a pipe too"
fi
tap_end
