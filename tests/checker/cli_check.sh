#!/bin/sh
# Checking mode of the command line, end to end: the verdicts, the text
# report (docs/output.md), the exit statuses, assertion selection (-a,
# --assert), assert not, the assertion options, -q, --max-states and
# --timeout. Every expected output is derived by hand in the comments.
#
# usage: tests/checker/cli_check.sh CSPCHECK     (TAP on stdout)
set -u
cspcheck=$1
case $cspcheck in
/*) ;;
*) cspcheck=$(pwd)/$cspcheck ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The scripts are run from $tmp and named relatively, so that the report
# says "fail.csp:5:" whatever the temporary directory is.
cd "$tmp" || exit 1
n=0
failed=0

# check NAME WANT_STATUS WANT_STDOUT WANT_STDERR_SUBSTRING ARGS...
#   WANT_STDOUT: "" (not checked), a file holding the exact stdout, or
#   "~TEXT": stdout has a line containing TEXT. Before a comparison, the
#   statistics at the end of a verdict line, "(3 states, 2 transitions,
#   0.000 s)", become "(N states, N transitions, S s)": they are the
#   search's own counts and times, checked separately below.
check() {
	name=$1 want_rc=$2 want_out=$3 want_err=$4
	shift 4
	n=$((n + 1))
	timeout 60 "$cspcheck" "$@" >out 2>err
	rc=$?
	sed -E 's/\([0-9]+ states?, [0-9]+ transitions?, [0-9.]+ s\)$/(N states, N transitions, S s)/' out >outn
	why=
	[ "$rc" -eq "$want_rc" ] || why="exit status $rc, expected $want_rc"
	case $want_out in
	'') ;;
	'~'*)
		if [ -z "$why" ] && ! grep -qF -- "${want_out#\~}" outn; then
			why="stdout lacks '${want_out#\~}': $(head -3 outn | tr '\n' ' ')"
		fi ;;
	*)
		if [ -z "$why" ] && ! cmp -s outn "$want_out"; then
			why="stdout differs: $(diff "$want_out" outn | head -8 | tr '\n' ' ')"
		fi ;;
	esac
	if [ -z "$why" ] && [ -n "$want_err" ] && ! grep -qF -- "$want_err" err; then
		why="stderr lacks '$want_err': $(head -3 err | tr '\n' ' ')"
	fi
	if [ -z "$why" ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name: $why"
		failed=$((failed + 1))
	fi
}

# The stats at the end of a verdict line, in the form the check prints.
S='(N states, N transitions, S s)'

# ---- all pass: exit 0 -----------------------------------------------------------
# P alternates a and b forever: it refines itself in every model, never
# deadlocks (always offers a or b), has no tau at all (so no divergence),
# is deterministic, and <a, b, a> is one of its traces.
cat >pass.csp <<'CSP'
channel a, b
P = a -> b -> P
assert P [T= P
assert P [FD= P
assert P :[deadlock free [F]]
assert P :[divergence free]
assert P :[deterministic [FD]]
assert P :[has trace]: <a, b, a>
CSP
{
	for l in '3: assert P [T= P' '4: assert P [FD= P' '5: assert P :[deadlock free [F]]' \
		'6: assert P :[divergence free]' '7: assert P :[deterministic [FD]]' \
		'8: assert P :[has trace]: <a, b, a>'; do
		printf 'pass.csp:%s\n  Passed %s\n' "$l" "$S"
	done
} >pass.want
check "every assertion holds: Passed each, exit 0" 0 pass.want "" pass.csp

# The statistics count pairs (normal-form node of P, state of P): (P, P)
# and (b -> P, b -> P), linked by a and by b: 2 states, 2 transitions.
n=$((n + 1))
if "$cspcheck" -a 1 pass.csp | grep -q '^  Passed (2 states, 2 transitions, [0-9]*\.[0-9][0-9][0-9] s)$'; then
	echo "ok $n - the statistics count the pairs of the search and their transitions"
else
	echo "not ok $n - the statistics count the pairs of the search: $("$cspcheck" -a 1 pass.csp | tr '\n' ' ')"
	failed=$((failed + 1))
fi

check "-q prints nothing when everything holds" 0 /dev/null "" -q pass.csp

# ---- one fails: exit 1, and the counterexample -----------------------------------------
# P [T= Q: both start with a; then Q does c where P offers only b. The
# trace before the violation is <a>, the refused event c, the allowed
# set {b}. Q is one leaf, [0]; before step 1 it is Q's body, a -> c -> Q,
# after it c -> Q. Deadlock freedom holds (P always offers something).
cat >fail.csp <<'CSP'
channel a, b, c
P = a -> b -> P
Q = a -> c -> Q
assert P [T= P
assert P [T= Q
assert P :[deadlock free [F]]
CSP
printf 'fail.csp:4: assert P [T= P\n  Passed %s\n' "$S" >fail1.want
{
	printf 'fail.csp:5: assert P [T= Q\n  Failed: trace counterexample %s\n' "$S"
	printf '    trace: <a>\n    then Q does c, but P allows only {b}\n'
	printf '    steps (what each process of the network did):\n'
	printf '        1  %-12s [0] a -> c -> Q does a\n' a
	printf '        2  %-12s [0] c -> Q does c\n' c
} >only2.want
printf 'fail.csp:6: assert P :[deadlock free [F]]\n  Passed %s\n' "$S" >fail3.want
cat fail1.want only2.want fail3.want >fail.want
sed '1,2d' only2.want >cex.want        # the counterexample alone
check "one assertion fails: the report, exit 1" 1 fail.want "" fail.csp
check "a trace counterexample shows the trace, the refused event and the steps" 1 "~    trace: <a>" "" fail.csp
check "  and names the event the spec does not allow" 1 "~    then Q does c, but P allows only {b}" "" fail.csp
check "-q prints only the assertion that fails" 1 only2.want "" -q fail.csp

# :[has trace]: <a, c>: P does a, then offers only b: the possible prefix
# is <a>, and c cannot follow it.
cat >trace.csp <<'CSP'
channel a, b, c
P = a -> b -> P
assert P :[has trace]: <a, c>
CSP
{
	printf 'trace.csp:3: assert P :[has trace]: <a, c>\n  Failed: no-trace counterexample %s\n' "$S"
	printf '    trace: <a>\n    then P cannot do c: it offers only {b}\n'
} >trace.want
check "a has-trace failure shows the possible prefix and the impossible event" 1 trace.want "" trace.csp

# ---- selecting assertions ------------------------------------------------------------------------
check "-a 1 checks only the first (it holds: exit 0)" 0 fail1.want "" -a 1 fail.csp
check "-a 2 checks only the second (it fails: exit 1)" 1 only2.want "" -a 2 fail.csp
check "--assert-index=3 checks only the third" 0 fail3.want "" --assert-index=3 fail.csp
check "--assert TEXT checks only that assertion" 1 only2.want "" --assert 'P [T= Q' fail.csp
check "--assert takes the text with its leading 'assert' too" 1 only2.want "" --assert 'assert P [T= Q' fail.csp
check "--assert=TEXT, the same" 1 only2.want "" '--assert=P [T= Q' fail.csp
check "--assert of no assertion is a usage error" 2 /dev/null "no assertion is written 'P [T= R'" --assert 'P [T= R' fail.csp
# -a counts over the whole run: fail.csp has 3 assertions, so the 4th is
# pass.csp's first.
printf 'pass.csp:3: assert P [T= P\n  Passed %s\n' "$S" >across.want
check "-a counts across the files of the run" 0 across.want "" -a 4 fail.csp pass.csp

# ---- usage errors: exit 2 ----------------------------------------------------------------
check "--format=xml is a usage error" 2 /dev/null "invalid argument 'xml' for --format" --format=xml fail.csp
check "-a 0 is a usage error (assertions count from 1)" 2 /dev/null "invalid argument '0' for -a" -a 0 fail.csp
check "-a beyond the last assertion is a usage error" 2 /dev/null "no assertion number 99" -a 99 fail.csp
check "  and says how many there are" 2 /dev/null "the script has 3 assertions" -a 99 fail.csp
check "--timeout=-1 is a usage error" 2 /dev/null "invalid argument '-1' for --timeout" --timeout=-1 fail.csp
check "--timeout=0 is a usage error" 2 /dev/null "invalid argument '0' for --timeout" --timeout=0 fail.csp
check "no FILE is a usage error" 2 /dev/null "no input files" --format=json

# ---- script errors: exit 3 -----------------------------------------------------------------
cat >err.csp <<'CSP'
channel a
P = a -> P
assert P [T= P
assert P [T= NOPE
CSP
check "a script error: nothing is checked, exit 3" 3 /dev/null "'NOPE' is not defined" err.csp
check "a script error beats a failed assertion in the exit status" 3 "" "'NOPE' is not defined" fail.csp err.csp

# ---- inconclusive: exit 4, and the next assertion still runs ---------------------------------------
# SYS interleaves 4 two-state cells: 2^4 = 16 states, far above a limit of
# 3; CELL(0) [T= CELL(0) needs 2 pairs, within it, and passes.
cat >big.csp <<'CSP'
channel a, b : {0..3}
CELL(i) = a.i -> b.i -> CELL(i)
SYS = ||| i : {0..3} @ CELL(i)
assert SYS :[deadlock free [F]]
assert CELL(0) [T= CELL(0)
CSP
{
	printf 'big.csp:4: assert SYS :[deadlock free [F]]\n  Inconclusive: state limit %s\n' "$S"
	printf 'big.csp:5: assert CELL(0) [T= CELL(0)\n  Passed %s\n' "$S"
} >big.want
check "a check stopped by --max-states is inconclusive, the next still runs: exit 4" 4 big.want "" \
	--max-states=3 big.csp
check "with room enough, the same check passes" 0 "" "" --max-states=16 big.csp
check "a failure beats an inconclusive check in the exit status" 1 "" "" --max-states=3 big.csp fail.csp
# The search stops as soon as it would store one state more than the
# limit: at most N + 1 states are reported.
n=$((n + 1))
states=$("$cspcheck" --max-states=5 -a 1 big.csp | sed -n 's/.*(\([0-9]*\) states.*/\1/p')
if [ "${states:-99}" -le 6 ]; then echo "ok $n - a check stops within --max-states"
else echo "not ok $n - a check stops within --max-states: it visited $states"; failed=$((failed + 1)); fi

# 20 interleaved cells: 2^20 states, far more than a hundredth of a second
# explores; without --timeout the same check would pass (not run here).
cat >slow.csp <<'CSP'
channel a, b : {0..19}
CELL(i) = a.i -> b.i -> CELL(i)
SYS = ||| i : {0..19} @ CELL(i)
assert SYS :[deadlock free [F]]
assert CELL(0) [T= CELL(0)
CSP
check "--timeout stops a long check as inconclusive, exit 4" 4 "~  Inconclusive: time limit" "" --timeout=0.01 slow.csp
check "  and the next assertion still runs" 4 "~slow.csp:5: assert CELL(0) [T= CELL(0)" "" --timeout=0.01 slow.csp
check "a --timeout that is not reached changes nothing" 1 fail.want "" --timeout=60 fail.csp

# ---- assert not --------------------------------------------------------------------------------
# P [T= Q fails (above), so "assert not P [T= Q" holds, with no
# counterexample; P [T= P holds, so its negation fails, again with none:
# there is nothing to show.
cat >not.csp <<'CSP'
channel a, b, c
P = a -> b -> P
Q = a -> c -> Q
assert not P [T= Q
assert not P [T= P
CSP
printf 'not.csp:4: assert not P [T= Q\n  Passed %s\n' "$S" >not1.want
printf "not.csp:5: assert not P [T= P\n  Failed: the assertion without 'not' holds %s\n" "$S" >not2.want
check "assert not: a failing assertion under not passes, no counterexample" 0 not1.want "" -a 1 not.csp
check "assert not: a holding assertion under not fails, no counterexample" 1 not2.want "" -a 2 not.csp

# ---- models cspcheck does not check ------------------------------------------------------------
cat >models.csp <<'CSP'
channel a
P = a -> P
assert P [R= P
assert P [V= P
assert P [T= P
CSP
{
	printf 'models.csp:3: assert P [R= P\n  Error: unsupported model: only [T=, [F= and [FD= are supported %s\n' "$S"
	printf 'models.csp:4: assert P [V= P\n  Error: unsupported model: only [T=, [F= and [FD= are supported %s\n' "$S"
	printf 'models.csp:5: assert P [T= P\n  Passed %s\n' "$S"
} >models.want
check "[R= and [V= are rejected as unsupported models, exit 3" 3 models.want "unsupported model 'R'" models.csp
check "  with a diagnostic for [V= too" 3 "" "unsupported model 'V'" models.csp

# ---- :[partial order reduce] ---------------------------------------------------------------
# One leaf: nothing to reduce, and the verdict and counterexample are those
# of the assertion without the option (fail.csp's P [T= Q and P [T= P).
cat >por.csp <<'CSP'
channel a, b, c
P = a -> b -> P
Q = a -> c -> Q
assert P [T= Q :[partial order reduce]
assert P [T= P :[partial order reduce]
CSP
{
	printf 'por.csp:4: assert P [T= Q :[partial order reduce]\n'
	printf '  Failed: trace counterexample; partial order reduction: 0 of 2 states reduced %s\n' "$S"
	cat cex.want
} >por1.want
{
	printf 'por.csp:5: assert P [T= P :[partial order reduce]\n'
	printf '  Passed: partial order reduction: 0 of 2 states reduced %s\n' "$S"
} >por2.want
check ":[partial order reduce] on one leaf reduces nothing: the same failure and counterexample" 1 por1.want "" -a 1 por.csp
check ":[partial order reduce] on one leaf reduces nothing: the same pass" 0 por2.want "" -a 2 por.csp
# Two independent leaves, derived by hand: from the start, {a} alone is a
# stubborn set (b involves the other leaf only) and its successor is new,
# so 3 states are visited (start, after a, after a and b) of the 4, and
# the deadlock is found at the end of <a, b>. With tau-cycles possible,
# an FD check is not reduced, and says why.
cat >por3.csp <<'CSP'
channel a, b
assert (a -> STOP ||| b -> STOP) :[deadlock free] :[partial order reduce]
P = a -> P
assert STOP [FD= (P ||| P) \ {a} :[partial order reduce]
CSP
{
	printf 'por3.csp:2: assert (a -> STOP ||| b -> STOP) :[deadlock free] :[partial order reduce]\n'
	printf '  Failed: deadlock counterexample; partial order reduction: 1 of 3 states reduced %s\n' "$S"
	printf '    trace: <a, b>\n'
	printf '    then (a -> STOP ||| b -> STOP) deadlocks: it can do nothing more (and has not terminated)\n'
	printf '    steps (what each process of the network did):\n'
	printf '        1  a            [0] a -> STOP does a\n'
	printf '        2  b            [1] b -> STOP does b\n'
} >por3.want
check ":[partial order reduce] on an interleaving: 3 states of 4, the deadlock after <a, b>" 1 por3.want "" -a 1 por3.csp
{
	printf 'por3.csp:4: assert STOP [FD= (P ||| P) \\ {a} :[partial order reduce]\n'
	printf '  Failed: divergence counterexample; partial order reduction not applied: divergences are checked and the implementation may have tau-cycles %s\n' "$S"
	printf '    trace: <>\n'
	printf '    then (P ||| P) \\ {a} diverges: it can do an unbounded number of internal steps (a tau-loop of 1 step)\n'
	printf '    steps (what each process of the network did):\n'
	printf '      -- the tau-loop: --\n'
	printf '        1  tau          [0] a -> P does a\n'
} >por4.want
check ":[partial order reduce] in FD with tau-cycles is not applied, and says why" 1 por4.want "" -a 2 por3.csp

# ---- :[tau priority over]: {tock} ------------------------------------------------------------
# The rule (checker/check.h, ../shared/SEMANTICS.md): in a state of the
# implementation that can do tau or tick, the events of the set are cut.
#
# IMPL = (tock -> a -> STOP) [> (c -> STOP): its first state offers tock
# and, by the timeout, a tau to c -> STOP.
#   Without priority: tock is possible at once; SPEC = c -> STOP allows
#   only c: a trace failure, trace <>, event tock.
#   With priority over {tock}: the tau cuts tock; the only way on is tau,
#   then c, then STOP: every trace is one of SPEC's: it passes.
# TERM = (tock -> STOP) [] SKIP: its first state can do tick, which cuts
#   tock the same way: SKIP [T= TERM fails without, passes with.
# LATE = tock -> c -> STOP: its first state is stable (no tau, no tick),
#   so tock stays and SPEC [T= LATE fails with or without the option.
cat >tock.csp <<'CSP'
channel tock, a, c
IMPL = (tock -> a -> STOP) [> (c -> STOP)
SPEC = c -> STOP
assert SPEC [T= IMPL
assert SPEC [T= IMPL :[tau priority over]: {tock}
TERM = (tock -> STOP) [] SKIP
assert SKIP [T= TERM
assert SKIP [T= TERM :[tau priority over]: {tock}
LATE = tock -> c -> STOP
assert SPEC [T= LATE :[tau priority over]: {tock}
CSP
{
	printf 'tock.csp:4: assert SPEC [T= IMPL\n  Failed: trace counterexample %s\n' "$S"
	printf '    trace: <>\n    then IMPL does tock, but SPEC allows only {c}\n'
	printf '    steps (what each process of the network did):\n'
	printf '        1  %-12s [0] (tock -> a -> STOP [> c -> STOP) does tock\n' tock
} >tock1.want
printf 'tock.csp:5: assert SPEC [T= IMPL :[tau priority over]: {tock}\n  Passed %s\n' "$S" >tock2.want
printf 'tock.csp:8: assert SKIP [T= TERM :[tau priority over]: {tock}\n  Passed %s\n' "$S" >tock4.want
check "a tau and tock: without priority, tock breaks the trace spec" 1 tock1.want "" -a 1 tock.csp
check "a tau and tock: with tau priority over {tock}, it passes" 0 tock2.want "" -a 2 tock.csp
check "tick and tock: without priority, tock is not allowed by SKIP" 1 \
	"~    then TERM does tock, but SKIP allows only {tick}" "" -a 3 tock.csp
check "tick and tock: tick has priority over tock too" 0 tock4.want "" -a 4 tock.csp
check "a stable state keeps tock under the priority: still fails" 1 \
	"~    then LATE does tock, but SPEC allows only {c}" "" -a 5 tock.csp

# ---- colour and memory -------------------------------------------------------------------------
# --color=always colours the verdict even in a pipe; never and NO_COLOR (in
# auto) do not.
n=$((n + 1))
if "$cspcheck" --color=always fail.csp 2>/dev/null | grep -q "$(printf '\033')\[31mFailed"; then
	echo "ok $n - --color=always colours the verdict in a pipe"
else
	echo "not ok $n - --color=always colours the verdict in a pipe"; failed=$((failed + 1))
fi
n=$((n + 1))
if "$cspcheck" fail.csp 2>/dev/null | grep -q "$(printf '\033')"; then
	echo "not ok $n - no colour in a pipe by default"; failed=$((failed + 1))
else
	echo "ok $n - no colour in a pipe by default"
fi
# --max-memory: a check that would need more than 1 MB beyond what the
# program already holds ends inconclusive, and the exit status says so.
cat >mem.csp <<'CSP'
channel a, b : {0..19}
CELL(i) = a.i -> b.i -> CELL(i)
SYS = ||| i : {0..19} @ CELL(i)
assert SYS :[deadlock free [F]]
CSP
check "--max-memory stops a check that needs more: inconclusive, exit 4" 4 "~  Inconclusive: memory limit" "" \
	--max-memory=1M --threads=1 mem.csp
check "--max-memory wants a size" 2 "" "invalid argument 'lots' for --max-memory" --max-memory=lots mem.csp

echo "1..$n"
[ "$failed" -eq 0 ]
