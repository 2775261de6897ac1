/*
 * tests/lts/test_lts.c — Check suite for lts/sos.c and lts/lts.c: the
 * exact transitions of small terms, operator by operator, and the sizes of
 * scalable models.
 *
 * Every test loads one script (the_script below), evaluates a process
 * expression, explores it with lts_explore and prints the LTS as lines
 * "FROM -LABEL-> TO", in state order and, within a state, in edge order.
 * Before exploring, the harness interns every event of the script in the
 * order of the set Events (channels in declaration order, then fields in
 * value order: a < b < c < d.0 < d.1 < ...), so event ids, and with them
 * the order of edges (by event id, τ and ✓ first) and the BFS numbering of
 * states, can be derived by hand. Each expected list is derived in the
 * comment above it from the firing rules of ../shared/SEMANTICS.md: state
 * numbers are given in BFS order, [term] says which term a state is.
 *
 * The scalable models' counts are hand-derived (formulas in the comments)
 * and also computed independently by tests/lts/model_counts.py, a direct
 * search over vectors of local states written without cspcheck's code.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lts/lts.h"
#include "lts/sos.h"
#include "parser/parser.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/scope.h"
#include "semantics/term.h"
#include "semantics/value.h"
#include "tests/unit/unit.h"

static const char the_script[] =
	"channel a, b, c\n"
	"channel d, e : {0, 1}\n"
	"channel left, right : {0, 1}\n"
	"channel ca, cb : {1..8}\n"
	"channel think, eat : {0..5}\n"
	"channel pickup, putdown : {0..5}.{0..5}\n"
	"channel g : {0}\n"
	"transparent normal\n"
	"external prioritise, prioritise_nocache, prioritisepo, deter\n"
	"P = a -> b -> P\n"
	"Q = a -> (Q ||| Q)\n"
	"U = U [] a -> STOP\n"
	"DEEP(n) = a -> STOP ||| DEEP(n + 1)\n"
	"-- N interleaved two-state cells\n"
	"CELL(i) = ca.i -> cb.i -> CELL(i)\n"
	"CELLS(N) = ||| i : {1..N} @ CELL(i)\n"
	"-- N one-place buffers over {0,1} chained by linked parallel\n"
	"BUF = left?x -> right!x -> BUF\n"
	"CHAIN(N) = [right <-> left] i : <1..N> @ BUF\n"
	"-- the dining philosophers of specs/philosophers.csp, for any N\n"
	"PHIL(N, i) = think.i -> pickup.i.i -> pickup.i.((i + 1) % N) -> eat.i ->\n"
	"  putdown.i.((i + 1) % N) -> putdown.i.i -> PHIL(N, i)\n"
	"FORK(N, f) = pickup.f.f -> putdown.f.f -> FORK(N, f)\n"
	"  [] pickup.((f - 1 + N) % N).f -> putdown.((f - 1 + N) % N).f -> FORK(N, f)\n"
	"PHILS(N) = (||| i : {0..N-1} @ PHIL(N, i)) [| {|pickup, putdown|} |] (||| f : {0..N-1} @ FORK(N, f))\n";

#include "tests/lts/net_fixture.h"

/* Explore expr; the result, and the LTS in *out (caller frees). */
static enum lts_result explore(const char *expr, uint64_t max_states, struct lts *out)
{
	intern_events();
	value_id v = value_of(expr);
	ck_assert_msg(v != VALUE_NONE, "'%s' does not evaluate:\n%s", expr, sink_text(&errs));
	return lts_explore(&sos, v, max_states, out);
}

/* The LTS of expr as "FROM -LABEL-> TO" lines. */
static const char *lts_text(const char *expr)
{
	struct lts l;
	enum lts_result r = explore(expr, 100000, &l);
	ck_assert_msg(r == LTS_OK, "'%s' does not explore (%d):\n%s", expr, (int)r, sink_text(&errs));
	sink_close(&shown);
	sink_open(&shown);
	for (uint32_t s = 0; s < l.nstates; s++) {
		uint32_t n;
		const struct lts_edge *e = lts_out(&l, s, &n);
		for (uint32_t i = 0; i < n; i++) {
			fprintf(shown.f, "%u -", s);
			event_print(shown.f, &events, &values, e[i].event);
			fprintf(shown.f, "-> %u\n", e[i].target);
		}
	}
	lts_free(&l);
	return sink_text(&shown);
}

#define assert_lts(expr, want) ck_assert_str_eq(lts_text(expr), want)

/* The number of states and transitions of expr's LTS. */
static void sizes(const char *expr, uint64_t *states, uint64_t *trans)
{
	struct lts l;
	enum lts_result r = explore(expr, 10000000, &l);
	ck_assert_msg(r == LTS_OK, "'%s' does not explore (%d):\n%s", expr, (int)r, sink_text(&errs));
	*states = l.nstates;
	*trans = l.ntrans;
	lts_free(&l);
}

/* expr fails to explore with an error whose text contains `want`. */
static void assert_refused(const char *expr, const char *want)
{
	struct lts l;
	intern_events();
	value_id v = value_of(expr);
	enum lts_result r = v ? lts_explore(&sos, v, 100000, &l) : LTS_ERROR;
	ck_assert_int_eq(r, LTS_ERROR);
	ck_assert_msg(strstr(sink_text(&errs), want), "'%s': expected an error containing '%s', got:\n%s", expr,
		      want, sink_text(&errs));
}

/* ------------------------------------------------------ basic processes */

START_TEST(stop_has_no_transitions)
{
	assert_lts("STOP", "");
}
END_TEST

START_TEST(skip_ticks_to_omega)
{
	/* SKIP -tick-> Ω */
	assert_lts("SKIP", "0 -tick-> 1\n");
}
END_TEST

START_TEST(div_is_a_tau_loop)
{
	assert_lts("DIV", "0 -tau-> 0\n");
}
END_TEST

START_TEST(prefix_does_its_event_then_continues)
{
	/* 0 [a -> b -> STOP] -a-> 1 [b -> STOP] -b-> 2 [STOP] */
	assert_lts("a -> b -> STOP", "0 -a-> 1\n1 -b-> 2\n");
	/* a recursive process has one state per distinct term: P, b -> P */
	assert_lts("P", "0 -a-> 1\n1 -b-> 0\n");
}
END_TEST

START_TEST(input_offers_every_value_and_binds_it)
{
	/* 0 -d.0-> 1 [e!0 -> STOP], 0 -d.1-> 2 [e!1 -> STOP], both then to
	 * 3 [STOP] */
	assert_lts("d?x -> e!x -> STOP", "0 -d.0-> 1\n0 -d.1-> 2\n1 -e.0-> 3\n2 -e.1-> 3\n");
}
END_TEST

START_TEST(nondeterministic_input_picks_the_value_internally)
{
	/* d$x -> P is |~| over x: τ to 1 [d.0 -> STOP] and 2 [d.1 -> STOP] */
	assert_lts("d$x -> STOP", "0 -tau-> 1\n0 -tau-> 2\n1 -d.0-> 3\n2 -d.1-> 3\n");
}
END_TEST

START_TEST(guard_is_the_process_or_stop)
{
	assert_lts("true & a -> STOP", "0 -a-> 1\n");
	assert_lts("false & a -> STOP", "");
}
END_TEST

/* ------------------------------------------------------------- choices */

START_TEST(external_choice_is_resolved_by_visible_events)
{
	/* both branches lead to the one state STOP */
	assert_lts("a -> STOP [] b -> STOP", "0 -a-> 1\n0 -b-> 1\n");
}
END_TEST

START_TEST(external_choice_is_not_resolved_by_tau)
{
	/* L = a -> STOP |~| b -> STOP. L [] c -> STOP: L's two τ keep the
	 * choice: 1 [(a -> STOP) [] (c -> STOP)], 2 [(b -> STOP) [] (c ->
	 * STOP)] (in the order their terms were made); c resolves it to
	 * 3 [STOP] */
	assert_lts("(a -> STOP |~| b -> STOP) [] c -> STOP",
		   "0 -tau-> 1\n0 -tau-> 2\n0 -c-> 3\n1 -a-> 3\n1 -c-> 3\n2 -b-> 3\n2 -c-> 3\n");
}
END_TEST

START_TEST(external_choice_is_resolved_by_tick)
{
	/* SKIP [] a -> STOP: ✓ to 1 [Ω], a to 2 [STOP]: Ω and STOP are two
	 * states */
	assert_lts("SKIP [] a -> STOP", "0 -tick-> 1\n0 -a-> 2\n");
}
END_TEST

START_TEST(internal_choice_is_a_tau_to_each_side)
{
	assert_lts("a -> STOP |~| b -> STOP", "0 -tau-> 1\n0 -tau-> 2\n1 -a-> 3\n2 -b-> 3\n");
}
END_TEST

START_TEST(sliding_choice_has_a_tau_to_its_right_side)
{
	/* a -> STOP [> b -> STOP: τ to 1 [b -> STOP], a to 2 [STOP] */
	assert_lts("a -> STOP [> b -> STOP", "0 -tau-> 1\n0 -a-> 2\n1 -b-> 2\n");
	/* P's ✓ resolves it too: τ to 1 [a -> STOP], ✓ to 2 [Ω] */
	assert_lts("SKIP [> a -> STOP", "0 -tau-> 1\n0 -tick-> 2\n1 -a-> 3\n");
	/* P's τ keeps the sliding choice: (a -> STOP |~| b -> STOP) [> c ->
	 * STOP has three τ, ordered by successor term: 1 [c -> STOP] (made
	 * when the expression was evaluated), 2 [(a -> STOP) [> c -> STOP],
	 * 3 [(b -> STOP) [> c -> STOP]; 4 is STOP */
	assert_lts("(a -> STOP |~| b -> STOP) [> c -> STOP",
		   "0 -tau-> 1\n0 -tau-> 2\n0 -tau-> 3\n1 -c-> 4\n2 -tau-> 1\n2 -a-> 4\n3 -tau-> 1\n3 -b-> 4\n");
}
END_TEST

START_TEST(synchronising_external_choice_agrees_on_its_set)
{
	/* a in {a} is done by both sides and keeps the choice: 1 [(b ->
	 * STOP) [+{a}+] (c -> STOP)]; then b or c resolves it */
	assert_lts("(a -> b -> STOP) [+ {a} +] (a -> c -> STOP)", "0 -a-> 1\n1 -b-> 2\n1 -c-> 2\n");
	/* a offered by one side only is refused; b outside the set resolves */
	assert_lts("(a -> STOP) [+ {a} +] (b -> STOP)", "0 -b-> 1\n");
}
END_TEST

/* ---------------------------------------------------------- sequencing */

START_TEST(sequential_composition_turns_tick_into_tau)
{
	/* SKIP ; a -> STOP: τ to 1 [a -> STOP] */
	assert_lts("SKIP ; a -> STOP", "0 -tau-> 1\n1 -a-> 2\n");
	/* (a -> SKIP) ; (b -> SKIP): a to 1 [SKIP ; b -> SKIP], τ to 2 [b ->
	 * SKIP], b to 3 [SKIP], ✓ to 4 [Ω] */
	assert_lts("(a -> SKIP) ; (b -> SKIP)", "0 -a-> 1\n1 -tau-> 2\n2 -b-> 3\n3 -tick-> 4\n");
}
END_TEST

START_TEST(interrupt_ends_when_its_left_side_terminates)
{
	/* (a -> SKIP) /\ (b -> STOP): a to 1 [SKIP /\ b -> STOP], b to 2
	 * [STOP]; 1: ✓ to 3 [Ω] (the interrupt is gone), b to 2 */
	assert_lts("(a -> SKIP) /\\ (b -> STOP)", "0 -a-> 1\n0 -b-> 2\n1 -tick-> 3\n1 -b-> 2\n");
	/* Q's ✓ takes over like its events */
	assert_lts("STOP /\\ SKIP", "0 -tick-> 1\n");
	/* Q's τ keeps the interrupt: STOP /\ (a -> STOP |~| b -> STOP) has
	 * two τ, ordered by successor term; b -> STOP is the older term (made
	 * by the line above; terms are hash-consed), so 1 [STOP /\ b ->
	 * STOP], 2 [STOP /\ a -> STOP] */
	assert_lts("STOP /\\ (a -> STOP |~| b -> STOP)", "0 -tau-> 1\n0 -tau-> 2\n1 -b-> 3\n2 -a-> 3\n");
}
END_TEST

START_TEST(synchronising_interrupt_shares_its_set)
{
	/* a in {a}: both sides together, no interrupt: 1 [(b -> STOP) /+{a}+\
	 * (c -> STOP)]; b: 2 [STOP /+{a}+\ (c -> STOP)]; c interrupts: 3
	 * [STOP] */
	assert_lts("(a -> b -> STOP) /+ {a} +\\ (a -> c -> STOP)", "0 -a-> 1\n1 -b-> 2\n1 -c-> 3\n2 -c-> 3\n");
}
END_TEST

START_TEST(exception_hands_over_on_an_event_of_its_set)
{
	/* a: 1 [(b -> STOP) [|{b}|> (c -> STOP)]; b in {b}: 2 [c -> STOP] */
	assert_lts("(a -> b -> STOP) [| {b} |> (c -> STOP)", "0 -a-> 1\n1 -b-> 2\n2 -c-> 3\n");
	/* ✓ passes, to Ω */
	assert_lts("SKIP [| {b} |> (c -> STOP)", "0 -tick-> 1\n");
}
END_TEST

/* ------------------------------------------------------------ parallel */

START_TEST(interleaving_terminates_when_both_sides_have)
{
	/* SKIP ||| SKIP: each side's ✓ is a τ to Ω in its place: 1 [Ω |||
	 * SKIP], 2 [SKIP ||| Ω]; then 3 [Ω ||| Ω] does ✓ to 4 [Ω] */
	assert_lts("SKIP ||| SKIP", "0 -tau-> 1\n0 -tau-> 2\n1 -tau-> 3\n2 -tau-> 3\n3 -tick-> 4\n");
	/* P ||| P: (P, P) a to 1 [(b -> P, P)] and 2 [(P, b -> P)] ... */
	assert_lts("P ||| P", "0 -a-> 1\n0 -a-> 2\n1 -a-> 3\n1 -b-> 0\n2 -a-> 3\n2 -b-> 0\n3 -b-> 1\n3 -b-> 2\n");
}
END_TEST

START_TEST(generalised_parallel_synchronises_on_its_set)
{
	/* (a -> b -> STOP) [|{b}|] (c -> b -> STOP): a, c interleave (1
	 * [bS, c->bS], 2 [a->bS, bS], 3 [bS, bS]); b together: 4 */
	assert_lts("(a -> b -> STOP) [| {b} |] (c -> b -> STOP)",
		   "0 -a-> 1\n0 -c-> 2\n1 -c-> 3\n2 -a-> 3\n3 -b-> 4\n");
	/* one side offering b alone does nothing */
	assert_lts("(b -> STOP) [| {b} |] STOP", "");
	/* termination is distributed: ✓ only when both sides are Ω. 0: the
	 * left's ✓ is τ to 1 [Ω, b -> SKIP], b to 2 [SKIP, SKIP]; 1: b to 3
	 * [Ω, SKIP]; 2: τ to 3 and 4 [SKIP, Ω]; 3, 4: τ to 5 [Ω, Ω]; ✓ to 6 */
	assert_lts("SKIP [| {a} |] (b -> SKIP)",
		   "0 -tau-> 1\n0 -b-> 2\n1 -b-> 3\n2 -tau-> 3\n2 -tau-> 4\n3 -tau-> 5\n4 -tau-> 5\n5 -tick-> 6\n");
	/* Ω takes part in no event: the right side's a in {a} is refused */
	assert_lts("SKIP [| {a} |] (a -> SKIP)", "0 -tau-> 1\n");
}
END_TEST

START_TEST(alphabetised_parallel_limits_each_side_to_its_alphabet)
{
	/* as [|{b}|] on {a,b} || {b,c} */
	assert_lts("(a -> b -> STOP) [ {a, b} || {b, c} ] (c -> b -> STOP)",
		   "0 -a-> 1\n0 -c-> 2\n1 -c-> 3\n2 -a-> 3\n3 -b-> 4\n");
	/* the left side may not do a (not in {b}); the right side does a
	 * alone, since a is not in the left alphabet */
	assert_lts("(a -> STOP) [ {b} || {a} ] (a -> STOP)", "0 -a-> 1\n");
}
END_TEST

START_TEST(linked_parallel_links_events_into_tau)
{
	/* d.0 of the left with e.0 of the right, as τ: 1 [STOP [d<->e] c ->
	 * STOP]; the right's e.1 alone is refused */
	assert_lts("(d!0 -> STOP) [d <-> e] (e?x -> c -> STOP)", "0 -tau-> 1\n1 -c-> 2\n");
	/* a linked event whose partner is not offered does not happen */
	assert_lts("(d!0 -> STOP) [d <-> e] STOP", "");
	assert_lts("(d!0 -> STOP) [d <-> e] (e!1 -> STOP)", "");
	/* unlinked events interleave; termination as for [| |] */
	/* 0: the right's ✓ is τ to 1 [(a -> SKIP), Ω], a to 2 [SKIP, SKIP];
	 * 1: a to 3 [SKIP, Ω]; 2: τ to 3 and to 4 [Ω, SKIP]; 3, 4: τ to 5
	 * [Ω, Ω], which does ✓ to 6 [Ω] */
	assert_lts("(a -> SKIP) [d <-> e] SKIP",
		   "0 -tau-> 1\n0 -a-> 2\n1 -a-> 3\n2 -tau-> 3\n2 -tau-> 4\n3 -tau-> 5\n4 -tau-> 5\n5 -tick-> 6\n");
}
END_TEST

/* ---------------------------------------------- hiding and renaming */

START_TEST(hiding_turns_events_into_tau)
{
	assert_lts("(a -> b -> STOP) \\ {a}", "0 -tau-> 1\n1 -b-> 2\n");
	/* ✓ is never hidden: 1 [SKIP \ {a}] -tick-> 2 [Ω] */
	assert_lts("(a -> SKIP) \\ {a}", "0 -tau-> 1\n1 -tick-> 2\n");
	/* P |\ A hides everything but A */
	assert_lts("(a -> b -> STOP) |\\ {b}", "0 -tau-> 1\n1 -b-> 2\n");
	/* a channel's events; both inputs continue as the one term a ->
	 * STOP, so the two τ are one transition */
	assert_lts("(d?x -> a -> STOP) \\ {|d|}", "0 -tau-> 1\n1 -a-> 2\n");
	assert_lts("(d?x -> e!x -> STOP) \\ {|d|}", "0 -tau-> 1\n0 -tau-> 2\n1 -e.0-> 3\n2 -e.1-> 3\n");
}
END_TEST

START_TEST(renaming_maps_events_one_to_many_and_many_to_one)
{
	/* one to many: a becomes both b and c */
	assert_lts("(a -> STOP) [[ a <- b, a <- c ]]", "0 -b-> 1\n0 -c-> 1\n");
	/* many to one: a and b both become c; c itself is not renamed.
	 * 1 [STOP[[R]]] (made first, from a), 2 [(c -> STOP)[[R]]] */
	assert_lts("(a -> STOP [] b -> c -> STOP) [[ a <- c, b <- c ]]", "0 -c-> 1\n0 -c-> 2\n2 -c-> 1\n");
	/* whole channels: every d.v becomes e.v */
	assert_lts("(d?x -> STOP) [[ d <- e ]]", "0 -e.0-> 1\n0 -e.1-> 1\n");
	/* one event of a channel: d.0 becomes e.1, d.1 stays */
	assert_lts("(d?x -> STOP) [[ d.0 <- e.1 ]]", "0 -d.1-> 1\n0 -e.1-> 1\n");
	/* an event the renaming does not mention stays */
	assert_lts("(a -> STOP) [[ b <- c ]]", "0 -a-> 1\n");
	/* ✓ unchanged */
	assert_lts("SKIP [[ a <- b ]]", "0 -tick-> 1\n");
}
END_TEST

/* ----------------------------------------------------- CHAOS and RUN */

START_TEST(chaos_may_refuse_anything)
{
	/* τ to 1 [STOP], a back to CHAOS */
	assert_lts("CHAOS({a})", "0 -tau-> 1\n0 -a-> 0\n");
}
END_TEST

START_TEST(run_offers_its_set_forever)
{
	assert_lts("RUN({a, b})", "0 -a-> 0\n0 -b-> 0\n");
}
END_TEST

/* ------------------------------------------------------------ priority */

/* The rule (lts/sos.c, docs/language.md): x happens when P can do it and
 * nothing P can do pre-empts it. prioritise(P, <X1, ..., Xn>): τ, ✓ and X1
 * pre-empt X2 .. Xn, Xi pre-empts Xj for i < j, events in no set are
 * unordered. */

START_TEST(prioritise_blocks_a_later_set_while_an_earlier_one_is_possible)
{
	/* a (level 0), b (level 1), c (unordered) all possible: b is cut;
	 * a and c lead to the one term 1 [prioritise(STOP, ...)] */
	assert_lts("prioritise(a -> STOP [] b -> STOP [] c -> STOP, <{a}, {b}>)", "0 -a-> 1\n0 -c-> 1\n");
	/* after a, b is the only event: nothing pre-empts it. 1
	 * [prioritise(b -> STOP, ..)] -b-> 2 [prioritise(STOP, ..)] */
	assert_lts("prioritise(a -> b -> STOP [] b -> c -> STOP, <{a}, {b}>)", "0 -a-> 1\n1 -b-> 2\n");
	/* prioritise_nocache is the same operator */
	assert_lts("prioritise_nocache(a -> b -> STOP [] b -> c -> STOP, <{a}, {b}>)", "0 -a-> 1\n1 -b-> 2\n");
	/* the order of the sets is the order of priority */
	assert_lts("prioritise(a -> STOP [] b -> STOP [] c -> STOP, <{b}, {a}>)", "0 -b-> 1\n0 -c-> 1\n");
}
END_TEST

START_TEST(prioritise_lets_tau_pre_empt_every_set_but_the_first)
{
	/* (a -> STOP |~| b -> STOP) [] d.0 -> STOP with <{}, {d.0}>: at 0, τ
	 * is possible, so d.0 is cut; 1 [prio((a -> STOP) [] d.0 -> STOP)]
	 * and 2 [prio((b -> STOP) [] d.0 -> STOP)] (the order of the |~|'s
	 * terms) can do no τ, so d.0 happens there; 3 [prio(STOP)] */
	assert_lts("prioritise((a -> STOP |~| b -> STOP) [] d.0 -> STOP, <{}, {d.0}>)",
		   "0 -tau-> 1\n0 -tau-> 2\n1 -a-> 3\n1 -d.0-> 3\n2 -b-> 3\n2 -d.0-> 3\n");
	/* with <{d.0}, {a}>, d.0 ranks with τ and happens at 0 too; at 1, d.0
	 * (level 0) pre-empts a (level 1); at 2, b is unordered */
	assert_lts("prioritise((a -> STOP |~| b -> STOP) [] d.0 -> STOP, <{d.0}, {a}>)",
		   "0 -tau-> 1\n0 -tau-> 2\n0 -d.0-> 3\n1 -d.0-> 3\n2 -b-> 3\n2 -d.0-> 3\n");
}
END_TEST

START_TEST(prioritise_lets_tick_pre_empt_like_tau)
{
	/* SKIP [] a -> STOP: ✓ pre-empts a of the second set; ✓ leads to
	 * Ω itself, 1 */
	assert_lts("prioritise(SKIP [] a -> STOP, <{}, {a}>)", "0 -tick-> 1\n");
	/* a in the first set ranks with ✓: both; 1 [Ω], 2 [prio(STOP)] */
	assert_lts("prioritise(SKIP [] a -> STOP, <{a}>)", "0 -tick-> 1\n0 -a-> 2\n");
	/* 1 [prio(SKIP)] -tick-> 2 [Ω] */
	assert_lts("prioritise(a -> SKIP, <{a}>)", "0 -a-> 1\n1 -tick-> 2\n");
}
END_TEST

START_TEST(prioritise_works_under_any_operator_and_over_any_process)
{
	/* unlike a compression, it is an operator of the SOS: under a
	 * prefix, 1 [prio(b -> STOP [] c -> STOP)] offers b only */
	assert_lts("a -> prioritise(b -> STOP [] c -> STOP, <{b}, {c}>)", "0 -a-> 1\n1 -b-> 2\n");
	/* over a parallel composition: at 0 a and b are possible, b is cut;
	 * 1 [prio(STOP ||| b -> STOP)] -b-> 2 [prio(STOP ||| STOP)] */
	assert_lts("prioritise(a -> STOP ||| b -> STOP, <{a}, {b}>)", "0 -a-> 1\n1 -b-> 2\n");
	/* over hiding: at 0 the hidden a is a τ (to 1 [prio((STOP \ {a})
	 * [] c -> b -> STOP)]) that cuts b; c leads to 2 [prio(b -> STOP)],
	 * where b is alone and happens, to 3 [prio(STOP)] */
	assert_lts("prioritise((a -> STOP [] b -> STOP) \\ {a} [] c -> b -> STOP, <{}, {b}>)",
		   "0 -tau-> 1\n0 -c-> 2\n1 -c-> 2\n2 -b-> 3\n");
}
END_TEST

START_TEST(prioritisepo_follows_the_partial_order)
{
	/* prioritisepo(P, A, O, M): y pre-empts x for (y, x) in the
	 * transitive closure of O ∪ {(τ, x), (✓, x) : x ∈ A − M}.
	 * {(a, b)}, M = {a, c}: a pre-empts b, c is unordered */
	assert_lts("prioritisepo(a -> STOP [] b -> STOP [] c -> STOP, {a, b, c}, {(a, b)}, {a, c})",
		   "0 -a-> 1\n0 -c-> 1\n");
	/* {(a, b), (b, c)}: b pre-empts c (and a would pre-empt both) */
	assert_lts("prioritisepo(b -> STOP [] c -> STOP, {a, b, c}, {(a, b), (b, c)}, {a})", "0 -b-> 1\n");
	/* transitively: a pre-empts c */
	assert_lts("prioritisepo(a -> STOP [] c -> STOP, {a, b, c}, {(a, b), (b, c)}, {a})", "0 -a-> 1\n");
	/* τ pre-empts b (in A, not in M) but not a or c (in M): at 0 b is
	 * cut; 1 [prio((a -> STOP) [] b -> STOP)] and 2 [prio((c -> STOP)
	 * [] b -> STOP)] offer both their events; 3 [prio(STOP)] */
	assert_lts("prioritisepo((a -> STOP |~| c -> STOP) [] b -> STOP, {a, b, c}, {}, {a, c})",
		   "0 -tau-> 1\n0 -tau-> 2\n1 -a-> 3\n1 -b-> 3\n2 -b-> 3\n2 -c-> 3\n");
	/* events outside A are unordered: at 0 τ (to 1 [prio((a -> STOP) []
	 * d.0 -> STOP)]) cuts nothing but a, d.0 goes on to 2 [prio(STOP)];
	 * at 1 a and d.0 both happen */
	assert_lts("prioritisepo((a -> STOP |~| a -> STOP) [] d.0 -> STOP, {a}, {}, {})",
		   "0 -tau-> 1\n0 -d.0-> 2\n1 -a-> 2\n1 -d.0-> 2\n");
}
END_TEST

/* ------------------------------------------------------- replication */

START_TEST(empty_replications_are_stop_or_skip)
{
	assert_lts("[] x : {} @ a -> STOP", "");
	assert_lts("||| x : {} @ a -> STOP", "0 -tick-> 1\n");
	assert_lts("[| {a} |] x : {} @ a -> STOP", "0 -tick-> 1\n");
	assert_lts("|| x : {} @ [{a}] a -> STOP", "0 -tick-> 1\n");
	assert_lts("; x : <> @ a -> STOP", "0 -tick-> 1\n");
}
END_TEST

START_TEST(replicated_choices)
{
	assert_lts("[] x : {0, 1} @ d.x -> STOP", "0 -d.0-> 1\n0 -d.1-> 1\n");
	assert_lts("|~| x : {0, 1} @ d.x -> STOP", "0 -tau-> 1\n0 -tau-> 2\n1 -d.0-> 3\n2 -d.1-> 3\n");
	/* [+{a}+] over both: a together, then 1 [[+{a}+] <d.0 -> STOP, d.1
	 * -> STOP>] either way to STOP */
	assert_lts("[+ {a} +] x : <0, 1> @ a -> d.x -> STOP", "0 -a-> 1\n1 -d.0-> 2\n1 -d.1-> 2\n");
}
END_TEST

START_TEST(replicated_parallels)
{
	/* 1 [<STOP, d.1 -> STOP>], 2 [<d.0 -> STOP, STOP>], 3 [<STOP, STOP>] */
	assert_lts("||| x : {0, 1} @ d.x -> STOP", "0 -d.0-> 1\n0 -d.1-> 2\n1 -d.1-> 3\n2 -d.0-> 3\n");
	assert_lts("[| {a} |] x : {0, 1} @ d.x -> a -> STOP",
		   "0 -d.0-> 1\n0 -d.1-> 2\n1 -d.1-> 3\n2 -d.0-> 3\n3 -a-> 4\n");
	assert_lts("|| x : {0, 1} @ [{d.x, a}] d.x -> a -> STOP",
		   "0 -d.0-> 1\n0 -d.1-> 2\n1 -d.1-> 3\n2 -d.0-> 3\n3 -a-> 4\n");
	/* distributed termination over a sequence */
	assert_lts("||| x : <0, 1> @ SKIP", "0 -tau-> 1\n0 -tau-> 2\n1 -tau-> 3\n2 -tau-> 3\n3 -tick-> 4\n");
}
END_TEST

START_TEST(replicated_sequential_composition)
{
	/* d.0 to 1 [SKIP ; (; <d.1 -> SKIP>)], τ to 2 [d.1 -> SKIP] */
	assert_lts("; x : <0, 1> @ d.x -> SKIP", "0 -d.0-> 1\n1 -tau-> 2\n2 -d.1-> 3\n3 -tick-> 4\n");
}
END_TEST

START_TEST(replicated_linked_parallel_chains_its_elements)
{
	/* two buffers: left.v in, τ across, right.v out (9 states, see the
	 * chained cells below) */
	uint64_t s, t;
	sizes("CHAIN(2)", &s, &t);
	ck_assert_uint_eq(s, 9);
	ck_assert_uint_eq(t, 14);
}
END_TEST

/* ----------------------------------------------------------- refusals */

START_TEST(compressions_are_not_supported_yet)
{
	assert_refused("normal(P)", "not supported yet: normal");
}
END_TEST

START_TEST(deter_is_refused_for_want_of_a_documented_semantics)
{
	assert_refused("deter(P)", "not supported: deter (FDR's documentation gives it no semantics to follow)");
}
END_TEST

START_TEST(event_sets_must_be_finite_sets_of_events)
{
	/* (the type checker rejects these first in cspcheck; the harness
	 * does not run it, so the LTS layer's own checks show) */
	assert_refused("RUN(Int)", "RUN: the set of events Int is infinite");
	assert_refused("(a -> STOP) \\ {0}", "hiding: 0 is not an event (in the set {0})");
	assert_refused("(a -> STOP) [| {d} |] STOP", "generalised parallel: d is not an event (in the set {d})");
}
END_TEST

START_TEST(renaming_and_links_need_a_partner_for_every_event)
{
	/* d.1 would become g.1, which is not an event */
	assert_refused("(d?x -> STOP) [[ d <- g ]]",
		       "renaming: the pair (d, g) relates d.1 to no event (its fields do not fit the other side)");
	assert_refused("(d?x -> STOP) [d <-> g] (g?x -> STOP)",
		       "linked parallel: the pair (d, g) relates d.1 to no event");
}
END_TEST

START_TEST(unguarded_recursion_is_an_error)
{
	assert_refused("U", "unguarded recursion");
	/* a different term at every unfolding: stopped by the evaluator's
	 * stack limit, not by a stack overflow */
	assert_refused("DEEP(0)", "evaluation nested too deeply");
}
END_TEST

START_TEST(an_infinite_process_stops_at_the_state_limit)
{
	struct lts l;
	ck_assert_int_eq(explore("Q", 1000, &l), LTS_LIMIT);
	ck_assert_uint_eq(l.nstates, 0);
}
END_TEST

START_TEST(a_large_process_stops_at_the_memory_budget)
{
	/* a budget below what the process uses already: stopped at the
	 * first check, after 1024 states */
	struct lts l;
	intern_events();
	value_id v = value_of("CELLS(8) ||| CELLS(8)");
	ck_assert_uint_gt(lts_memory_used(), 0);
	ck_assert_int_eq(lts_explore_limited(&sos, v, 100000, 1, &l), LTS_MEMORY);
	ck_assert_uint_eq(l.nstates, 0);
	ck_assert_uint_gt(lts_memory_budget(), 0);
}
END_TEST

/* ----------------------------------------------------- scalable models */

/* N interleaved cells ca.i -> cb.i -> ...: each cell is in one of 2
 * states independently, so 2^N states; in every state each cell offers
 * exactly one event, so N * 2^N transitions.
 *
 * N one-place buffers over {0,1} chained by linked parallel: each buffer
 * is empty or holds 0 or 1: 3^N states. Transitions: left.0 and left.1
 * when the first is empty (2 * 3^(N-1) states), right.v when the last is
 * full (2 * 3^(N-1) states, one each), and one τ for each adjacent pair
 * (full, empty) (2 * 3^(N-2) states per pair, N-1 pairs):
 * 4 * 3^(N-1) + 2 (N-1) 3^(N-2) = 3^(N-2) (2N + 10) for N >= 2, 4 for N = 1.
 *
 * Dining philosophers: computed by tests/lts/model_counts.py. */
struct model {
	const char *expr;
	uint64_t states, transitions;
};

static const struct model models[] = {
	{"CELLS(1)", 2, 2},      {"CELLS(2)", 4, 8},      {"CELLS(4)", 16, 64},   {"CELLS(8)", 256, 2048},
	{"CHAIN(1)", 3, 4},      {"CHAIN(2)", 9, 14},     {"CHAIN(3)", 27, 48},   {"CHAIN(5)", 243, 540},
	{"CHAIN(7)", 2187, 5832}, {"PHILS(3)", 111, 273}, {"PHILS(4)", 543, 1788}, {"PHILS(5)", 2623, 10795},
	{"PHILS(6)", 12671, 62586},
};

START_TEST(scalable_models_have_the_derived_sizes)
{
	const struct model *m = &models[_i];
	uint64_t s, t;
	sizes(m->expr, &s, &t);
	ck_assert_msg(s == m->states && t == m->transitions, "%s: %llu states and %llu transitions, expected %llu and %llu",
		      m->expr, (unsigned long long)s, (unsigned long long)t, (unsigned long long)m->states,
		      (unsigned long long)m->transitions);
}
END_TEST

static Suite *lts_suite(void)
{
	Suite *s = suite_create("lts");
	TCase *tc = unit_tcase(s, "operators");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, stop_has_no_transitions);
	tcase_add_test(tc, skip_ticks_to_omega);
	tcase_add_test(tc, div_is_a_tau_loop);
	tcase_add_test(tc, prefix_does_its_event_then_continues);
	tcase_add_test(tc, input_offers_every_value_and_binds_it);
	tcase_add_test(tc, nondeterministic_input_picks_the_value_internally);
	tcase_add_test(tc, guard_is_the_process_or_stop);
	tcase_add_test(tc, external_choice_is_resolved_by_visible_events);
	tcase_add_test(tc, external_choice_is_not_resolved_by_tau);
	tcase_add_test(tc, external_choice_is_resolved_by_tick);
	tcase_add_test(tc, internal_choice_is_a_tau_to_each_side);
	tcase_add_test(tc, sliding_choice_has_a_tau_to_its_right_side);
	tcase_add_test(tc, synchronising_external_choice_agrees_on_its_set);
	tcase_add_test(tc, sequential_composition_turns_tick_into_tau);
	tcase_add_test(tc, interrupt_ends_when_its_left_side_terminates);
	tcase_add_test(tc, synchronising_interrupt_shares_its_set);
	tcase_add_test(tc, exception_hands_over_on_an_event_of_its_set);
	tcase_add_test(tc, interleaving_terminates_when_both_sides_have);
	tcase_add_test(tc, generalised_parallel_synchronises_on_its_set);
	tcase_add_test(tc, alphabetised_parallel_limits_each_side_to_its_alphabet);
	tcase_add_test(tc, linked_parallel_links_events_into_tau);
	tcase_add_test(tc, hiding_turns_events_into_tau);
	tcase_add_test(tc, renaming_maps_events_one_to_many_and_many_to_one);
	tcase_add_test(tc, chaos_may_refuse_anything);
	tcase_add_test(tc, run_offers_its_set_forever);
	tcase_add_test(tc, prioritise_blocks_a_later_set_while_an_earlier_one_is_possible);
	tcase_add_test(tc, prioritise_lets_tau_pre_empt_every_set_but_the_first);
	tcase_add_test(tc, prioritise_lets_tick_pre_empt_like_tau);
	tcase_add_test(tc, prioritise_works_under_any_operator_and_over_any_process);
	tcase_add_test(tc, prioritisepo_follows_the_partial_order);
	tcase_add_test(tc, empty_replications_are_stop_or_skip);
	tcase_add_test(tc, replicated_choices);
	tcase_add_test(tc, replicated_parallels);
	tcase_add_test(tc, replicated_sequential_composition);
	tcase_add_test(tc, replicated_linked_parallel_chains_its_elements);
	tcase_add_test(tc, compressions_are_not_supported_yet);
	tcase_add_test(tc, deter_is_refused_for_want_of_a_documented_semantics);
	tcase_add_test(tc, event_sets_must_be_finite_sets_of_events);
	tcase_add_test(tc, renaming_and_links_need_a_partner_for_every_event);
	tcase_add_test(tc, unguarded_recursion_is_an_error);
	tcase_add_test(tc, an_infinite_process_stops_at_the_state_limit);
	tcase_add_test(tc, a_large_process_stops_at_the_memory_budget);
	TCase *tm = unit_tcase(s, "models");
	tcase_add_checked_fixture(tm, setup, teardown);
	tcase_add_loop_test(tm, scalable_models_have_the_derived_sizes, 0, (int)(sizeof models / sizeof models[0]));
	return s;
}

int main(void)
{
	return unit_run(lts_suite());
}
