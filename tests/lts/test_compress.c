/*
 * tests/lts/test_compress.c — Check suite for lts/compress.c.
 *
 * Small tests build an LTS by hand (first[] and edges[], no proc), apply
 * one compression and compare a dump of the result, one line per state in
 * state order:
 *
 *     S EVENT:TARGET EVENT:TARGET ...      ("S -" when S has no edge)
 *
 * Events are τ = 0 ("tau"), ✓ = 1 ("tick"), then a = 2, b = 3, c = 4.
 * Each expected result is derived by hand in the comment above the test
 * from the construction documented in lts/compress.h: which abstract
 * nodes there are, their rows, then the breadth-first numbering (a row's
 * targets taken in (event, abstract name) order).
 *
 * The random tests check, on thousands of random LTSs of up to 8 states,
 * that each compression preserves what it claims to, with a checker
 * written here from the definitions in ../shared/SEMANTICS.md and nothing
 * else: naive normal forms (bit-set subset construction, each node with
 * its initials, its refusals as a 16-bit vector over the subsets of
 * {✓, a, b, c}, and whether it diverges), compared by a search over pairs
 * in T, F and divergence-strict FD; and a naive strong bisimulation
 * (signature refinement to a fixed point). They also check the shapes the
 * header promises: canonical breadth-first numbering, no τ-cycles after
 * tau_loop_factor, τ only to stable states in diamond and normal,
 * determinism of normal, idempotence and minimality of sbisim.
 *
 * The large tests time sbisim and normal on big random LTSs (200 000
 * states, so that sanitizer builds stay quick; COMPRESS_LARGE_N=1000000
 * in the environment gives the million-state figures).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lts/compress.h"
#include "lts/lts.h"
#include "semantics/event.h"
#include "tests/unit/unit.h"

#include "tests/lts/lts_builder.h"

/* The dump described at the top (malloc'd). */
static char *dump(const struct lts *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	for (uint32_t s = 0; s < l->nstates; s++) {
		fprintf(f, "%u", (unsigned)s);
		if (l->first[s] == l->first[s + 1])
			fputs(" -", f);
		for (uint64_t i = l->first[s]; i < l->first[s + 1]; i++) {
			fputc(' ', f);
			put_event(f, l->edges[i].event);
			fprintf(f, ":%u", (unsigned)l->edges[i].target);
		}
		fputc('\n', f);
	}
	fclose(f);
	return buf;
}

typedef bool compress_fn(const struct lts *in, uint64_t max_states, struct lts *out);

/* What is wrong with the form of a compression's output, or NULL: rows
 * in range, sorted, without duplicates; no proc; every state reachable
 * and the numbering the breadth-first one (a BFS over rows in order
 * rediscovers states 0, 1, 2, ... in order). */
static const char *form_problem(const struct lts *l)
{
	if (l->nstates == 0 || l->first[0] != 0 || l->first[l->nstates] != l->ntrans || l->proc)
		return "bad header";
	for (uint32_t s = 0; s < l->nstates; s++) {
		if (l->first[s] > l->first[s + 1])
			return "first[] decreases";
		for (uint64_t i = l->first[s]; i < l->first[s + 1]; i++) {
			if (l->edges[i].target >= l->nstates)
				return "target out of range";
			if (i > l->first[s] && (l->edges[i - 1].event > l->edges[i].event ||
						(l->edges[i - 1].event == l->edges[i].event &&
						 l->edges[i - 1].target >= l->edges[i].target)))
				return "row not sorted or with duplicates";
		}
	}
	uint32_t *seen = calloc(l->nstates, sizeof *seen);
	uint32_t *queue = malloc(l->nstates * sizeof *queue);
	uint32_t count = 1;
	const char *why = NULL;
	queue[0] = 0;
	seen[0] = 1;
	for (uint32_t i = 0; i < count && !why; i++) {
		if (queue[i] != i)
			why = "not numbered breadth-first";
		uint32_t s = queue[i];
		for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++) {
			uint32_t t = l->edges[e].target;
			if (!seen[t]) {
				seen[t] = 1;
				queue[count++] = t;
			}
		}
	}
	if (!why && count != l->nstates)
		why = "unreachable states";
	free(seen);
	free(queue);
	return why;
}

/* Apply f to l without limit and compare the dump with want. */
static void check_compress(compress_fn *f, const struct lts *l, const char *want)
{
	struct lts out;
	ck_assert(f(l, UINT64_MAX, &out));
	const char *why = form_problem(&out);
	ck_assert_msg(!why, "%s", why);
	char *got = dump(&out);
	ck_assert_str_eq(got, want);
	free(got);
	/* a limit of exactly the size is enough, one less is not */
	struct lts again;
	ck_assert(f(l, out.nstates, &again));
	ck_assert_uint_eq(again.nstates, out.nstates);
	lts_free(&again);
	ck_assert(!f(l, out.nstates - 1, &again));
	ck_assert_uint_eq(again.nstates, 0);
	ck_assert_ptr_null(again.first);
	ck_assert_ptr_null(again.edges);
	lts_free(&out);
}

/* ------------------------------------------------------------ explicate */

/* 0 -a-> 2, 2 -b-> 0, and 1 -a-> 3 unreachable: the reachable part is
 * 0 and 2, numbered 0 and 1. */
START_TEST(explicate_keeps_only_the_reachable_part)
{
	struct lts l = LTS(4, { 0, A, 2 }, { 2, B, 0 }, { 1, A, 3 });
	check_compress(compress_explicate, &l, "0 a:1\n1 b:0\n");
	lts_free(&l);
}
END_TEST

/* 0 -b-> 1, 0 -a-> 2, 2 -a-> 3, 1 -a-> 3: state 0's row in order is
 * a:2, b:1, so 2 becomes 1 and 1 becomes 2; then 2's a:3 makes 3 state 3. */
START_TEST(explicate_numbers_states_breadth_first_in_event_order)
{
	struct lts l = LTS(4, { 0, B, 1 }, { 0, A, 2 }, { 2, A, 3 }, { 1, A, 3 });
	check_compress(compress_explicate, &l, "0 a:1 b:2\n1 a:3\n2 a:3\n3 -\n");
	lts_free(&l);
}
END_TEST

/* --------------------------------------------------------------- sbisim */

/* P = a -> P unrolled twice: 0 -a-> 1 -a-> 0. One class. */
START_TEST(sbisim_folds_an_unrolled_loop)
{
	struct lts l = LTS(2, { 0, A, 1 }, { 1, A, 0 });
	check_compress(compress_sbisim, &l, "0 a:0\n");
	lts_free(&l);
}
END_TEST

/* a -> b -> STOP [] a -> b -> STOP with the branches apart: 0 -a-> 1,
 * 0 -a-> 2, 1 -b-> 3, 2 -b-> 4. Classes {0}, {1 2}, {3 4}: a chain. */
START_TEST(sbisim_merges_identical_branches)
{
	struct lts l = LTS(5, { 0, A, 1 }, { 0, A, 2 }, { 1, B, 3 }, { 2, B, 4 });
	check_compress(compress_sbisim, &l, "0 a:1\n1 b:2\n2 -\n");
	lts_free(&l);
}
END_TEST

/* a -> b -> STOP [] a -> c -> STOP: 0 -a-> 1, 0 -a-> 2, 1 -b-> 3,
 * 2 -c-> 4 (5 unreachable). 1 and 2 differ; 3, 4 and 5 are one class.
 * Classes by least state: {0} 0, {1} 1, {2} 2, {3 4 5} 3. */
START_TEST(sbisim_keeps_trace_equivalent_but_different_states_apart)
{
	struct lts l = LTS(6, { 0, A, 1 }, { 0, A, 2 }, { 1, B, 3 }, { 2, C, 4 });
	check_compress(compress_sbisim, &l, "0 a:1 a:2\n1 b:3\n2 c:3\n3 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 1 -τ-> 2, 2 -τ-> 1: τ is a label like another; every state
 * has only τ edges into {0 1 2}, so all three are one class with a τ
 * self-loop. */
START_TEST(sbisim_treats_tau_as_an_ordinary_label)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 1, TAU, 2 }, { 2, TAU, 1 });
	check_compress(compress_sbisim, &l, "0 tau:0\n");
	lts_free(&l);
}
END_TEST

/* a -> SKIP [] b -> SKIP with two SKIPs: 0 -a-> 1, 0 -b-> 2, 1 -✓-> 3,
 * 2 -✓-> 3. 1 and 2 merge. */
START_TEST(sbisim_merges_the_two_skips)
{
	struct lts l = LTS(4, { 0, A, 1 }, { 0, B, 2 }, { 1, TICK, 3 }, { 2, TICK, 3 });
	check_compress(compress_sbisim, &l, "0 a:1 b:1\n1 tick:2\n2 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -a-> 1, 0 -a-> 2, 1 -b-> 0, 2 -b-> 0, 2 -b-> 3, 3 -a-> 1: 2 has a
 * b to 3 that 1 lacks, and 3 an a to fewer states than 0; but if 1 ~ 2
 * then 0 ~ 3 (both do a into {1 2}), and then 1 ~ 2 (both do b into
 * {0 3}): the coarsest bisimulation merges them. Classes {0 3} 0, {1 2} 1. */
START_TEST(sbisim_finds_the_coarsest_bisimulation)
{
	struct lts l = LTS(4, { 0, A, 1 }, { 0, A, 2 }, { 1, B, 0 }, { 2, B, 0 }, { 2, B, 3 }, { 3, A, 1 });
	check_compress(compress_sbisim, &l, "0 a:1\n1 b:0\n");
	lts_free(&l);
}
END_TEST

/* 0 -a-> 1, 0 -b-> 2, 0 -c-> 3, 1 -a-> 4, 1 -a-> 5, 2 -a-> 4, 3 -a-> 5,
 * 4 -b-> 6, 5 -c-> 6: 1 has a into both 4 and 5, 2 only into 4, 3 only
 * into 5 — once 4 and 5 are apart, the block {1 2 3} splits three ways
 * (into 4 only, into 5 only, into both). Nothing merges. */
START_TEST(sbisim_splits_a_block_three_ways)
{
	struct lts l = LTS(7, { 0, A, 1 }, { 0, B, 2 }, { 0, C, 3 }, { 1, A, 4 }, { 1, A, 5 }, { 2, A, 4 },
			   { 3, A, 5 }, { 4, B, 6 }, { 5, C, 6 });
	check_compress(compress_sbisim, &l, "0 a:1 b:2 c:3\n1 a:4 a:5\n2 a:4\n3 a:5\n4 b:6\n5 c:6\n6 -\n");
	lts_free(&l);
}
END_TEST

/* ------------------------------------------------------ tau_loop_factor */

/* 0 -a-> 1, 1 -τ-> 2, 2 -τ-> 1, 2 -b-> 3: Tarjan completes {0} (0),
 * {1 2} (1, cyclic), {3} (2). The SCC {1 2} keeps 2's b and gets a τ
 * self-loop for the cycle. */
START_TEST(tau_loop_factor_collapses_a_tau_cycle_into_a_self_loop)
{
	struct lts l = LTS(4, { 0, A, 1 }, { 1, TAU, 2 }, { 2, TAU, 1 }, { 2, B, 3 });
	check_compress(compress_tau_loop_factor, &l, "0 a:1\n1 tau:1 b:2\n2 -\n");
	lts_free(&l);
}
END_TEST

/* A τ-path has no cycle: unchanged. */
START_TEST(tau_loop_factor_leaves_a_tau_path_alone)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 1, TAU, 2 });
	check_compress(compress_tau_loop_factor, &l, "0 tau:1\n1 tau:2\n2 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 0, 0 -a-> 1: a self-loop is a one-state cycle and stays. */
START_TEST(tau_loop_factor_keeps_a_self_loop)
{
	struct lts l = LTS(2, { 0, TAU, 0 }, { 0, A, 1 });
	check_compress(compress_tau_loop_factor, &l, "0 tau:0 a:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 1 -τ-> 2, 2 -τ-> 0, 0 -a-> 3, 1 -b-> 3, 2 -✓-> 4: the three
 * form one SCC, the first Tarjan completes (0); {3} is 1, {4} is 2. The
 * SCC offers a, b and ✓ and loops; its row tau:0 tick:2 a:1 b:1 numbers
 * {4} 1 and {3} 2. */
START_TEST(tau_loop_factor_unites_the_edges_of_a_cycle)
{
	struct lts l = LTS(5, { 0, TAU, 1 }, { 1, TAU, 2 }, { 2, TAU, 0 }, { 0, A, 3 }, { 1, B, 3 }, { 2, TICK, 4 });
	check_compress(compress_tau_loop_factor, &l, "0 tau:0 tick:1 a:2 b:2\n1 -\n2 -\n");
	lts_free(&l);
}
END_TEST

/* --------------------------------------------------------------- wbisim */

/* τ -> a -> STOP: 0 -τ-> 1 -a-> 2. 0 and 1 are weakly bisimilar, neither
 * diverges: the class {0 1} drops its inner τ. Delay bisimilar too
 * (saturated: 0: τ 0, τ 1, a 2; 1: τ 1, a 2; 2: τ 2; 0 and 1 both have τ
 * into {0 1} and a into {2}): the same quotient. */
START_TEST(wbisim_and_dbisim_remove_an_inert_tau)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 1, A, 2 });
	check_compress(compress_wbisim, &l, "0 a:1\n1 -\n");
	check_compress(compress_dbisim, &l, "0 a:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* a -> STOP |~| b -> STOP: 0 -τ-> 1, 0 -τ-> 2, 1 -a-> 3, 2 -b-> 3. No
 * two states are weakly bisimilar: unchanged. */
START_TEST(wbisim_keeps_an_internal_choice)
{
	struct lts l = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	check_compress(compress_wbisim, &l, "0 tau:1 tau:2\n1 a:3\n2 b:3\n3 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -a-> 1, 0 -a-> 2, 1 -τ-> 1, 1 -b-> 3, 2 -b-> 3: 1 and 2 are weakly
 * (and delay) bisimilar as plain LTSs, but 1 diverges and 2 does not, so
 * the initial partition keeps them apart (a τ self-loop marks 1). */
START_TEST(wbisim_and_dbisim_keep_a_divergent_state_apart)
{
	struct lts l = LTS(4, { 0, A, 1 }, { 0, A, 2 }, { 1, TAU, 1 }, { 1, B, 3 }, { 2, B, 3 });
	check_compress(compress_wbisim, &l, "0 a:1 a:2\n1 tau:1 b:3\n2 b:3\n3 -\n");
	check_compress(compress_dbisim, &l, "0 a:1 a:2\n1 tau:1 b:3\n2 b:3\n3 -\n");
	lts_free(&l);
}
END_TEST

/* (a -> STOP [] b -> STOP) with a τ-diamond in front: 0 -τ-> 1, 0 -τ-> 2,
 * 1 -τ-> 3, 2 -τ-> 3, 3 -a-> 4, 3 -b-> 4, 1 -a-> 4 (1 offers a and τ).
 * 0, 1, 2 and 3 are all weakly bisimilar (each can only, eventually,
 * offer a and b stably from 3): one class, then STOP. Delay saturation
 * gives each of them τ edges into {0 1 2 3} only and a and b into 4
 * (through 3, in each closure): the same quotient. */
START_TEST(wbisim_and_dbisim_collapse_a_tau_diamond)
{
	struct lts l = LTS(5, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, TAU, 3 }, { 2, TAU, 3 }, { 3, A, 4 }, { 3, B, 4 },
			   { 1, A, 4 });
	check_compress(compress_wbisim, &l, "0 a:1 b:1\n1 -\n");
	check_compress(compress_dbisim, &l, "0 a:1 b:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 1 -τ-> 0, 0 -a-> 2: a τ-cycle: one divergent class with a
 * self-loop. */
START_TEST(wbisim_turns_a_tau_cycle_into_a_self_loop)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 1, TAU, 0 }, { 0, A, 2 });
	check_compress(compress_wbisim, &l, "0 tau:0 a:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* --------------------------------------------------------------- dbisim */

/* Milner's third τ-law, a.(τ.b + c) + a.b = a.(τ.b + c), holds for weak
 * bisimilarity but not for delay bisimilarity. States: 1 = a.b +
 * a.(τ.b + c), 2 = a.(τ.b + c), 3 = b, 4 = τ.b + c, 5 = STOP; 0 offers a
 * to 1 and b to 2 (the input is its own τ-loop factoring: no τ-cycle,
 * Tarjan and breadth-first numbers are the state numbers).
 *
 * Weak saturation: 1 and 2 both get a into {3, 4} (2's a leads to 4,
 * whose closure holds 3): 1 ~ 2, and the quotient has classes {0}, {1 2},
 * {3}, {4}, {5}, numbered 0 .. 4 by least member: 0 a:1 b:1; {1 2} a:2
 * a:3; 3 b:4; 4 τ:2 c:4.
 *
 * Delay saturation: 1 has a into {3, 4}, 2 only into {4}; 3 and 4 differ
 * (4 offers c), so 1 and 2 differ: every class is one state and the
 * output is the input. */
START_TEST(dbisim_keeps_the_third_tau_law_apart_where_wbisim_merges)
{
	struct lts l = LTS(6, { 0, A, 1 }, { 0, B, 2 }, { 1, A, 3 }, { 1, A, 4 }, { 2, A, 4 }, { 3, B, 5 },
			   { 4, TAU, 3 }, { 4, C, 5 });
	check_compress(compress_wbisim, &l, "0 a:1 b:1\n1 a:2 a:3\n2 b:4\n3 tau:2 c:4\n4 -\n");
	check_compress(compress_dbisim, &l, "0 a:1 b:2\n1 a:3 a:4\n2 a:4\n3 b:5\n4 tau:3 c:5\n5 -\n");
	lts_free(&l);
}
END_TEST

/* a -> SKIP [] b -> STOP: 0 -a-> 1, 0 -b-> 2, 1 -✓-> 3. 2 (STOP) and 3
 * (Ω) have no edges, and are kept apart all the same. The τ-cycle 1 -τ->
 * 4 -τ-> 1 in front of ✓ becomes one divergent state. In L (τ-loop
 * factored: Tarjan completes {0}, then {1 4}, {2}, {3}) the BFS order is
 * 0, {1 4}, 2, 3; each is a class of its own (2 and 3 by the Ω flag). */
START_TEST(dbisim_keeps_omega_apart_from_stop_and_factors_tau_loops)
{
	struct lts l = LTS(5, { 0, A, 1 }, { 0, B, 2 }, { 1, TICK, 3 }, { 1, TAU, 4 }, { 4, TAU, 1 });
	check_compress(compress_dbisim, &l, "0 a:1 b:2\n1 tau:1 tick:3\n2 -\n3 -\n");
	lts_free(&l);
}
END_TEST

/* -------------------------------------------------------------- diamond */

/* 0 -τ-> 1 -a-> 2: C(0) = {0 1}, one stable member offering {a}, which is
 * all C(0) offers: 0 becomes stable with a to 2; 1 disappears. */
START_TEST(diamond_removes_a_tau_prefix)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 1, A, 2 });
	check_compress(compress_diamond, &l, "0 a:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* a -> STOP |~| b -> STOP: 0 -τ-> 1, 0 -τ-> 2, 1 -a-> 3, 2 -b-> 3.
 * C(0) = {0 1 2} offers a and b but must be able to refuse either: two
 * minimal acceptances {a} (witness 1) and {b} (witness 2), so 0 gets a:3,
 * b:3 and τ to 1 and 2. Rows sorted: tau:1 tau:2 a:3 b:3, numbering 1, 2,
 * 3 as they are. */
START_TEST(diamond_keeps_refusals_through_tau_edges_to_witnesses)
{
	struct lts l = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	check_compress(compress_diamond, &l, "0 tau:1 tau:2 a:3 b:3\n1 a:3\n2 b:3\n3 -\n");
	lts_free(&l);
}
END_TEST

/* A confluent diamond: 0 -τ-> 1, 0 -a-> 2, 1 -a-> 3, 2 -τ-> 3, 3 -b-> 4.
 * C(0) = {0 1}: 1 is stable with {a}, all C(0) offers: 0 is stable with
 * a to 2 and 3. C(2) = {2 3}: stable, b to 4. 3: b to 4. */
START_TEST(diamond_eliminates_a_confluent_diamond)
{
	struct lts l = LTS(5, { 0, TAU, 1 }, { 0, A, 2 }, { 1, A, 3 }, { 2, TAU, 3 }, { 3, B, 4 });
	check_compress(compress_diamond, &l, "0 a:1 a:2\n1 b:3\n2 b:3\n3 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 0 -✓-> 3, 1 -a-> 2: C(0) has ✓ (0) and the stable 1 with
 * {a}: 0 keeps ✓ (acceptance {✓}) and needs a τ to witness 1 for the
 * refusals of ✓. Row: tau:1 tick:3 a:2, so 3 is numbered 2 and 2 is 3. */
START_TEST(diamond_keeps_a_witness_beside_tick)
{
	struct lts l = LTS(4, { 0, TAU, 1 }, { 0, TICK, 3 }, { 1, A, 2 });
	check_compress(compress_diamond, &l, "0 tau:1 tick:2 a:3\n1 a:3\n2 -\n3 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 1 -τ-> 0, 1 -a-> 2: C(0) = {0 1}, on a τ-cycle, no stable
 * member: a to 2 and a divergence self-loop. */
START_TEST(diamond_marks_divergence_with_a_self_loop)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 1, TAU, 0 }, { 1, A, 2 });
	check_compress(compress_diamond, &l, "0 tau:0 a:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* --------------------------------------------------------------- normal */

/* a -> STOP |~| b -> STOP: 0 -τ-> 1, 0 -τ-> 2, 1 -a-> 3, 2 -b-> 3. Node
 * [0 1 2] (id 0): a and b to [3] (id 1); minimal acceptances {a} and {b},
 * fresh states 2 (a:1) and 3 (b:1). [3] is stable with {} = its
 * initials. Emit: 0's row tau:2 tau:3 a:1 b:1 numbers 2, 3, 1 as 1, 2, 3. */
START_TEST(normal_gives_each_minimal_acceptance_a_fresh_state)
{
	struct lts l = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	check_compress(compress_normal, &l, "0 tau:1 tau:2 a:3 b:3\n1 a:3\n2 b:3\n3 -\n");
	lts_free(&l);
}
END_TEST

/* a -> b -> STOP [] a -> c -> STOP: 0 -a-> 1, 0 -a-> 2, 1 -b-> 3,
 * 2 -c-> 4. [0] (0) a to [1 2] (1); [1 2]: b to [3] (2), c to [4] (3),
 * acceptances {b}, {c}: fresh 4 (b:2) and 5 (c:3). Emit: 0; 1; from 1:
 * tau:4 tau:5 b:2 c:3, so 4, 5, 2, 3 become 2, 3, 4, 5. */
START_TEST(normal_merges_nondeterministic_branches)
{
	struct lts l = LTS(5, { 0, A, 1 }, { 0, A, 2 }, { 1, B, 3 }, { 2, C, 4 });
	check_compress(compress_normal, &l, "0 a:1\n1 tau:2 tau:3 b:4 c:5\n2 b:4\n3 c:5\n4 -\n5 -\n");
	lts_free(&l);
}
END_TEST

/* SKIP: 0 -✓-> 1. [0] has ✓ to Ω and no stable member. */
START_TEST(normal_ticks_to_one_terminated_state)
{
	struct lts l = LTS(2, { 0, TICK, 1 });
	check_compress(compress_normal, &l, "0 tick:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 0, 0 -a-> 1: [0] diverges: a self-loop; no stable member. */
START_TEST(normal_marks_divergence_with_a_self_loop)
{
	struct lts l = LTS(2, { 0, TAU, 0 }, { 0, A, 1 });
	check_compress(compress_normal, &l, "0 tau:0 a:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* a -> STOP [> b -> STOP, roughly: 0 -a-> 2, 0 -τ-> 1, 1 -b-> 2. [0 1]
 * offers a and b but its one minimal acceptance is {b}: not stable, one
 * fresh state (2) with b to [2] (1). Emit: tau:2 a:1 b:1 gives 2 → 1,
 * 1 → 2. */
START_TEST(normal_keeps_a_single_acceptance_smaller_than_the_initials)
{
	struct lts l = LTS(3, { 0, A, 2 }, { 0, TAU, 1 }, { 1, B, 2 });
	check_compress(compress_normal, &l, "0 tau:1 a:2 b:2\n1 b:2\n2 -\n");
	lts_free(&l);
}
END_TEST

/* A deterministic τ-free process is its own normal form. */
START_TEST(normal_leaves_a_deterministic_process_alone)
{
	struct lts l = LTS(3, { 0, A, 1 }, { 0, B, 2 }, { 1, C, 0 });
	check_compress(compress_normal, &l, "0 a:1 b:2\n1 c:0\n2 -\n");
	lts_free(&l);
}
END_TEST

/* ---------------------------------------------------------------- chase */

/* 0 -τ-> 1, 0 -τ-> 2, 1 -a-> 3, 2 -b-> 3: the first τ of 0 goes to 1,
 * which has none: 0 is replaced by 1. */
START_TEST(chase_follows_the_first_tau)
{
	struct lts l = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	check_compress(compress_chase, &l, "0 a:1\n1 -\n");
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 1 -τ-> 0, 1 -a-> 2: the chain from 0 returns to 0: the
 * cycle is one state with only a τ self-loop. */
START_TEST(chase_turns_a_first_tau_cycle_into_divergence)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 1, TAU, 0 }, { 1, A, 2 });
	check_compress(compress_chase, &l, "0 tau:0\n");
	lts_free(&l);
}
END_TEST

/* 0 -a-> 1, 0 -b-> 2, 1 -τ-> 3, 2 -τ-> 1, 3 -c-> 0: 1 and 2 both chase to
 * 3 (2 through 1, already done); so a and b lead to one state. */
START_TEST(chase_reuses_a_finished_chain)
{
	struct lts l = LTS(4, { 0, A, 1 }, { 0, B, 2 }, { 1, TAU, 3 }, { 2, TAU, 1 }, { 3, C, 0 });
	check_compress(compress_chase, &l, "0 a:1 b:1\n1 c:0\n");
	lts_free(&l);
}
END_TEST

/* ------------------------------------------- the independent FD checker */

/* Up to MAXS states per LTS, as bit sets. */
#define MAXS 512
#define WORDS (MAXS / 64)

struct bits {
	uint64_t w[WORDS];
};

static bool bits_get(const struct bits *b, uint32_t i)
{
	return b->w[i / 64] >> (i % 64) & 1;
}

static void bits_set(struct bits *b, uint32_t i)
{
	b->w[i / 64] |= (uint64_t)1 << (i % 64);
}

static bool bits_empty(const struct bits *b)
{
	for (int i = 0; i < WORDS; i++)
		if (b->w[i])
			return false;
	return true;
}

/* The naive normal form: node k is the τ-closed set set[k]; next[k][x] its
 * node after visible event a + x (or -1); init[k] its initials as a mask
 * (bit 0 ✓, bits 1..3 a, b, c); ref[k] bit X set when the subset X of
 * {✓, a, b, c} (same bits) is refused by some stable state or ✓-state;
 * div[k] whether some member reaches a τ-cycle. */
struct naive {
	int n, cap;
	struct bits *set;
	int (*next)[3];
	uint8_t *init;
	uint16_t *ref;
	uint8_t *div;
};

static uint8_t event_bit(event_id e)
{
	ck_assert_uint_ge(e, TICK);
	ck_assert_uint_le(e, C);
	return (uint8_t)(1u << (e - TICK));
}

static void naive_free(struct naive *nf)
{
	free(nf->set);
	free(nf->next);
	free(nf->init);
	free(nf->ref);
	free(nf->div);
}

static int naive_node(struct naive *nf, const struct bits *s)
{
	for (int k = 0; k < nf->n; k++)
		if (memcmp(&nf->set[k], s, sizeof *s) == 0)
			return k;
	if (nf->n == nf->cap) {
		nf->cap = nf->cap ? nf->cap * 2 : 16;
		nf->set = realloc(nf->set, (size_t)nf->cap * sizeof *nf->set);
		nf->next = realloc(nf->next, (size_t)nf->cap * sizeof *nf->next);
		nf->init = realloc(nf->init, (size_t)nf->cap);
		nf->ref = realloc(nf->ref, (size_t)nf->cap * sizeof *nf->ref);
		nf->div = realloc(nf->div, (size_t)nf->cap);
	}
	nf->set[nf->n] = *s;
	return nf->n++;
}

static struct naive naive_normal(const struct lts *l)
{
	uint32_t n = l->nstates;
	ck_assert_uint_le(n, MAXS);
	/* closure: the least τ-closed set holding s, to a fixed point */
	struct bits *clo = calloc(n, sizeof *clo);
	for (uint32_t s = 0; s < n; s++)
		bits_set(&clo[s], s);
	for (bool changed = true; changed;) {
		changed = false;
		for (uint32_t s = 0; s < n; s++)
			for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++) {
				if (l->edges[e].event != TAU)
					continue;
				const struct bits *t = &clo[l->edges[e].target];
				for (int i = 0; i < WORDS; i++)
					if ((t->w[i] | clo[s].w[i]) != clo[s].w[i]) {
						clo[s].w[i] |= t->w[i];
						changed = true;
					}
			}
	}
	/* on a τ-cycle: s is in the closure of one of its τ-successors */
	uint8_t *cyc = calloc(n, 1);
	for (uint32_t s = 0; s < n; s++)
		for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++)
			if (l->edges[e].event == TAU && bits_get(&clo[l->edges[e].target], s))
				cyc[s] = 1;

	struct naive nf = { 0 };
	struct bits root = clo[0];
	naive_node(&nf, &root);
	for (int k = 0; k < nf.n; k++) {
		struct bits set = nf.set[k];
		uint8_t init = 0, div = 0;
		uint16_t ref = 0;
		struct bits after[3];
		memset(after, 0, sizeof after);
		for (uint32_t s = 0; s < n; s++) {
			if (!bits_get(&set, s))
				continue;
			div |= cyc[s];
			bool tau = false, tick = false;
			uint8_t acc = 0;
			for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++) {
				event_id ev = l->edges[e].event;
				uint32_t t = l->edges[e].target;
				if (ev == TAU) {
					tau = true;
					continue;
				}
				init |= event_bit(ev);
				if (ev == TICK) {
					tick = true;
					continue;
				}
				acc |= event_bit(ev);
				for (int i = 0; i < WORDS; i++)
					after[ev - A].w[i] |= clo[t].w[i];
			}
			if (tick)
				acc = event_bit(TICK);  /* ✓ is a signal: accepts {✓} */
			else if (tau)
				continue;               /* unstable: no acceptance */
			for (unsigned x = 0; x < 16; x++)
				if ((acc & x) == 0)
					ref |= (uint16_t)(1u << x);
		}
		nf.init[k] = init;
		nf.ref[k] = ref;
		nf.div[k] = div;
		for (int x = 0; x < 3; x++) {
			int to = bits_empty(&after[x]) ? -1 : naive_node(&nf, &after[x]);
			nf.next[k][x] = to;
		}
	}
	free(clo);
	free(cyc);
	return nf;
}

enum naive_model { IN_T, IN_F, IN_FD };
static const char *const model_name[] = { "T", "F", "FD" };

/* Whether spec ⊑ impl in model m, from their naive normal forms: every
 * pair (spec node, impl node) reached by a common trace must agree. */
static bool refines(const struct naive *spec, const struct naive *impl, enum naive_model m)
{
	uint8_t *seen = calloc((size_t)spec->n * impl->n, 1);
	int *queue = malloc((size_t)spec->n * impl->n * 2 * sizeof *queue);
	int head = 0, tail = 0;
	bool ok = true;
	queue[tail++] = 0;
	queue[tail++] = 0;
	seen[0] = 1;
	while (head < tail && ok) {
		int s = queue[head++], i = queue[head++];
		if (m == IN_FD) {
			if (spec->div[s])
				continue;       /* divergence-strict: anything goes */
			if (impl->div[i]) {
				ok = false;
				break;
			}
		}
		if ((impl->init[i] & ~spec->init[s]) != 0)
			ok = false;
		if (m != IN_T && (impl->ref[i] & ~spec->ref[s]) != 0)
			ok = false;
		for (int x = 0; x < 3 && ok; x++) {
			int ti = impl->next[i][x], ts = spec->next[s][x];
			if (ti < 0)
				continue;
			ck_assert_int_ge(ts, 0);
			size_t key = (size_t)ts * impl->n + ti;
			if (!seen[key]) {
				seen[key] = 1;
				queue[tail++] = ts;
				queue[tail++] = ti;
			}
		}
	}
	free(seen);
	free(queue);
	return ok;
}

/* Add x to the signature sig[0 .. *n) (room for cap) unless it is there. */
static void sig_add(uint64_t *sig, uint32_t *n, uint32_t cap, uint64_t x)
{
	for (uint32_t j = 0; j < *n; j++)
		if (sig[j] == x)
			return;
	ck_assert_uint_lt(*n, cap);
	sig[(*n)++] = x;
}

/* One round of the naive partition refinement of n states: state s's
 * signature is sig[s * width ..] (nsig[s] distinct entries); the same
 * class and the same signature set make the same new class, numbered by
 * least member. cls becomes the new classes (nxt is scratch); returns how
 * many there are. */
static uint32_t refine_by_signatures(uint32_t *cls, uint32_t *nxt, const uint64_t *sig, uint32_t width,
				     const uint32_t *nsig, uint32_t n)
{
	uint32_t count = 0;
	for (uint32_t s = 0; s < n; s++) {
		nxt[s] = UINT32_MAX;
		for (uint32_t t = 0; t < s && nxt[s] == UINT32_MAX; t++) {
			if (cls[t] != cls[s] || nsig[t] != nsig[s])
				continue;
			bool same = true;
			for (uint32_t i = 0; i < nsig[s] && same; i++) {
				bool found = false;
				for (uint32_t j = 0; j < nsig[t]; j++)
					found |= sig[(size_t)s * width + i] == sig[(size_t)t * width + j];
				same = found;
			}
			if (same)
				nxt[s] = nxt[t];
		}
		if (nxt[s] == UINT32_MAX)
			nxt[s] = count++;
	}
	memcpy(cls, nxt, n * sizeof *cls);
	return count;
}

/* The naive strong bisimulation of the disjoint union of p and q: whether
 * p's state ps and q's state qs are bisimilar. */
static bool naive_bisimilar_at(const struct lts *p, uint32_t ps, const struct lts *q, uint32_t qs)
{
	uint32_t n = p->nstates + q->nstates;
	const struct lts *which[2] = { p, q };
	uint32_t *cls = calloc(n, sizeof *cls), *nxt = calloc(n, sizeof *nxt);
	/* signature of state s under cls: sorted distinct (event, class) */
	uint64_t(*sig)[64] = calloc(n, sizeof *sig);
	uint32_t *nsig = calloc(n, sizeof *nsig);
	uint32_t nclasses = 1;
	for (;;) {
		for (uint32_t s = 0; s < n; s++) {
			const struct lts *l = which[s >= p->nstates];
			uint32_t off = s >= p->nstates ? p->nstates : 0, ls = s - off;
			nsig[s] = 0;
			for (uint64_t e = l->first[ls]; e < l->first[ls + 1]; e++) {
				sig_add(sig[s], &nsig[s], 64, (uint64_t)l->edges[e].event << 32 | cls[l->edges[e].target + off]);
			}
		}
		uint32_t count = refine_by_signatures(cls, nxt, &sig[0][0], 64, nsig, n);
		if (count == nclasses)
			break;
		nclasses = count;
	}
	bool same = cls[ps] == cls[p->nstates + qs];
	free(cls);
	free(nxt);
	free(sig);
	free(nsig);
	return same;
}

static bool naive_bisimilar(const struct lts *p, const struct lts *q)
{
	return naive_bisimilar_at(p, 0, q, 0);
}

/* Whether no two distinct states of l are strongly bisimilar. */
/* Is state s a target of some ✓ edge (Ω)? */
static bool is_tick_target(const struct lts *l, uint32_t s)
{
	for (uint64_t k = 0; k < l->ntrans; k++)
		if (l->edges[k].event == TICK && l->edges[k].target == s)
			return true;
	return false;
}

/* No two states are strongly bisimilar, except a terminated state Ω
 * (where ✓ leads) and a state that is not one: sbisim keeps those apart,
 * since Ω ||| SKIP can terminate and STOP ||| SKIP cannot. */
static bool naive_minimal(const struct lts *l)
{
	for (uint32_t s = 0; s < l->nstates; s++)
		for (uint32_t t = s + 1; t < l->nstates; t++)
			if (is_tick_target(l, s) == is_tick_target(l, t) && naive_bisimilar_at(l, s, l, t))
				return false;
	return true;
}

/* Naive divergence-respecting delay bisimilarity of the disjoint union of
 * p and q, from the definition in lts/compress.h and nothing of
 * compress.c: a state's τ-closure by search, divergence as "the closure
 * holds a state that reaches itself by τ+", and signatures
 * {(τ, class of t) : t in the closure} ∪ {(x, class of t) : s' in the
 * closure, s' -x-> t, x ≠ τ}, refined to a fixed point from the partition
 * by (divergent, Ω). Whether p's ps and q's qs end in one class. */
static bool naive_delay_bisimilar_at(const struct lts *p, uint32_t ps, const struct lts *q, uint32_t qs)
{
	uint32_t n = p->nstates + q->nstates;
	ck_assert_uint_le(n, 64);
	const struct lts *which[2] = { p, q };
	uint64_t clo[64], plus[64];         /* τ* and τ+ as bit sets */
	uint32_t cls[64], nxt[64];
	for (uint32_t s = 0; s < n; s++) {
		const struct lts *l = which[s >= p->nstates];
		uint32_t off = s >= p->nstates ? p->nstates : 0;
		plus[s] = 0;
		for (bool grew = true; grew;) {
			grew = false;
			uint64_t from = plus[s] | (UINT64_C(1) << s);
			for (uint32_t u = 0; u < n; u++) {
				if (!(from >> u & 1))
					continue;
				uint32_t lu = u - off;
				for (uint64_t e = l->first[lu]; e < l->first[lu + 1]; e++) {
					uint64_t bit = UINT64_C(1) << (l->edges[e].target + off);
					if (l->edges[e].event == TAU && !(plus[s] & bit)) {
						plus[s] |= bit;
						grew = true;
					}
				}
			}
		}
		clo[s] = plus[s] | (UINT64_C(1) << s);
	}
	for (uint32_t s = 0; s < n; s++) {
		const struct lts *l = which[s >= p->nstates];
		uint32_t off = s >= p->nstates ? p->nstates : 0;
		bool div = false;
		for (uint32_t u = 0; u < n; u++)
			div |= (clo[s] >> u & 1) && (plus[u] >> u & 1);
		cls[s] = (div ? 2u : 0u) | (is_tick_target(l, s - off) ? 1u : 0u);
	}
	uint64_t(*sig)[256] = calloc(n, sizeof *sig);
	uint32_t nsig[64];
	uint32_t nclasses = 0;
	for (;;) {
		for (uint32_t s = 0; s < n; s++) {
			const struct lts *l = which[s >= p->nstates];
			uint32_t off = s >= p->nstates ? p->nstates : 0;
			nsig[s] = 0;
			for (uint32_t u = 0; u < n; u++) {
				if (!(clo[s] >> u & 1))
					continue;
				uint64_t xs[41];
				uint32_t nx = 0;
				xs[nx++] = (uint64_t)TAU << 32 | cls[u];
				for (uint64_t e = l->first[u - off]; e < l->first[u - off + 1]; e++)
					if (l->edges[e].event != TAU)
						xs[nx++] = (uint64_t)l->edges[e].event << 32 | cls[l->edges[e].target + off];
				for (uint32_t i = 0; i < nx; i++)
					sig_add(sig[s], &nsig[s], 256, xs[i]);
			}
		}
		uint32_t count = refine_by_signatures(cls, nxt, &sig[0][0], 256, nsig, n);
		if (count == nclasses)
			break;
		nclasses = count;
	}
	free(sig);
	return cls[ps] == cls[p->nstates + qs];
}

/* No two states of l are delay bisimilar (the Ω flag is part of the
 * relation already). */
static bool naive_delay_minimal(const struct lts *l)
{
	for (uint32_t s = 0; s < l->nstates; s++)
		for (uint32_t t = s + 1; t < l->nstates; t++)
			if (naive_delay_bisimilar_at(l, s, l, t))
				return false;
	return true;
}

/* ------------------------------------------------------------- random */

/* A random LTS of 1 to 8 states over τ, ✓, a, b, c. With probability
 * 2/3 (and two states or more) the last state is a terminated state Ω,
 * the only target of ✓ edges and without edges of its own; otherwise
 * there is no ✓. Each other state has 0 to 4 edges, τ with weight 3, a, b
 * and c 2 each, ✓ 1, to random states other than Ω. */
static struct lts random_lts(uint64_t *x)
{
	uint32_t ns = 1 + (uint32_t)(next_random(x) % 8);
	bool omega = ns >= 2 && next_random(x) % 3 != 0;
	uint32_t live = omega ? ns - 1 : ns;
	struct tr t[40];
	size_t n = 0;
	for (uint32_t s = 0; s < live; s++) {
		uint32_t k = (uint32_t)(next_random(x) % 5);
		for (uint32_t j = 0; j < k; j++) {
			uint32_t r = (uint32_t)(next_random(x) % (omega ? 10 : 9));
			event_id ev = r < 3 ? TAU : r < 5 ? A : r < 7 ? B : r < 9 ? C : TICK;
			uint32_t to = ev == TICK ? ns - 1 : (uint32_t)(next_random(x) % live);
			t[n++] = (struct tr){ s, ev, to };
		}
	}
	return lts_of(ns, t, n);
}

static uint32_t reachable_states(const struct lts *l)
{
	struct lts e;
	ck_assert(compress_explicate(l, UINT64_MAX, &e));
	uint32_t n = e.nstates;
	lts_free(&e);
	return n;
}

/* Every τ edge of l is a self-loop or leads to a stable state. */
static bool tau_only_to_stable_or_self(const struct lts *l)
{
	for (uint32_t s = 0; s < l->nstates; s++)
		for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++) {
			if (l->edges[e].event != TAU || l->edges[e].target == s)
				continue;
			uint32_t t = l->edges[e].target;
			for (uint64_t f = l->first[t]; f < l->first[t + 1]; f++)
				if (l->edges[f].event == TAU || l->edges[f].event == TICK)
					return false;
		}
	return true;
}

/* At most one edge per non-τ event in every state. */
static bool deterministic_on_visible(const struct lts *l)
{
	for (uint32_t s = 0; s < l->nstates; s++)
		for (uint64_t e = l->first[s] + 1; e < l->first[s + 1]; e++)
			if (l->edges[e].event != TAU && l->edges[e].event == l->edges[e - 1].event)
				return false;
	return true;
}

/* No τ-cycle other than self-loops: repeatedly remove states with no
 * outgoing non-self τ edge to a remaining state. */
static bool tau_cycles_are_self_loops(const struct lts *l)
{
	uint32_t n = l->nstates;
	uint8_t *gone = calloc(n, 1);
	for (bool changed = true; changed;) {
		changed = false;
		for (uint32_t s = 0; s < n; s++) {
			if (gone[s])
				continue;
			bool out = false;
			for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++)
				if (l->edges[e].event == TAU && l->edges[e].target != s && !gone[l->edges[e].target])
					out = true;
			if (!out) {
				gone[s] = 1;
				changed = true;
			}
		}
	}
	bool ok = true;
	for (uint32_t s = 0; s < n; s++)
		ok &= gone[s];
	free(gone);
	return ok;
}

/* Each state has no τ, or exactly one edge, a τ self-loop. */
static bool chased_shape(const struct lts *l)
{
	for (uint32_t s = 0; s < l->nstates; s++) {
		uint64_t lo = l->first[s], hi = l->first[s + 1];
		if (lo < hi && l->edges[lo].event == TAU &&
		    (hi - lo != 1 || l->edges[lo].target != s))
			return false;
	}
	return true;
}

static void dump_on_failure(const char *what, uint64_t seed, const struct lts *in, const struct lts *out)
{
	char *a = dump(in), *b = out ? dump(out) : NULL;
	fprintf(stderr, "%s (seed %llu):\ninput:\n%soutput:\n%s", what, (unsigned long long)seed, a,
		b ? b : "(none)\n");
	free(a);
	free(b);
}

#define NRANDOM 5000

struct compression {
	const char *name;
	compress_fn *f;
	bool equivalent;      /* T, F and FD equivalent to the input */
};

static const struct compression compressions[] = {
	{ "explicate", compress_explicate, true },
	{ "sbisim", compress_sbisim, true },
	{ "tau_loop_factor", compress_tau_loop_factor, true },
	{ "wbisim", compress_wbisim, true },
	{ "dbisim", compress_dbisim, true },
	{ "diamond", compress_diamond, true },
	{ "normal", compress_normal, true },
	{ "chase", compress_chase, false },
};
enum { NCOMPRESSIONS = sizeof compressions / sizeof compressions[0] };

/* For NRANDOM random LTSs and every compression C: C(P) is well formed,
 * equivalent to P in T, F and FD (chase: refines P in FD), and has the
 * shape C promises. */
START_TEST(every_compression_preserves_what_it_claims_on_random_ltss)
{
	unsigned checked[NCOMPRESSIONS] = { 0 };
	for (uint64_t seed = 1; seed <= NRANDOM; seed++) {
		uint64_t x = seed * 7919;
		struct lts in = random_lts(&x);
		struct naive nin = naive_normal(&in);
		uint32_t reach = reachable_states(&in);
		uint32_t size[NCOMPRESSIONS];
		for (int c = 0; c < NCOMPRESSIONS; c++) {
			const struct compression *cp = &compressions[c];
			struct lts out;
			ck_assert_msg(cp->f(&in, UINT64_MAX, &out), "%s failed", cp->name);
			size[c] = out.nstates;
			const char *why = form_problem(&out);
			if (why)
				dump_on_failure(cp->name, seed, &in, &out);
			ck_assert_msg(!why, "%s, seed %llu: %s", cp->name, (unsigned long long)seed, why);
			struct naive nout = naive_normal(&out);
			for (int m = IN_T; m <= IN_FD; m++) {
				bool down = refines(&nin, &nout, (enum naive_model)m);
				bool up = cp->equivalent ? refines(&nout, &nin, (enum naive_model)m) : true;
				if (!down || !up)
					dump_on_failure(cp->name, seed, &in, &out);
				ck_assert_msg(down, "%s, seed %llu: the output does not refine the input in %s",
					      cp->name, (unsigned long long)seed, model_name[m]);
				ck_assert_msg(up, "%s, seed %llu: the input does not refine the output in %s",
					      cp->name, (unsigned long long)seed, model_name[m]);
			}
			naive_free(&nout);
			bool shape = true;
			if (cp->f == compress_explicate || cp->f == compress_sbisim)
				shape &= naive_bisimilar(&in, &out);
			if (cp->f == compress_explicate)
				shape &= out.nstates == reach;
			if (cp->f == compress_sbisim) {
				struct lts again;
				ck_assert(compress_sbisim(&out, UINT64_MAX, &again));
				shape &= again.nstates == out.nstates && again.ntrans == out.ntrans &&
					 memcmp(again.first, out.first, (out.nstates + 1) * sizeof *out.first) == 0 &&
					 memcmp(again.edges, out.edges, out.ntrans * sizeof *out.edges) == 0;
				lts_free(&again);
				shape &= naive_minimal(&out);
			}
			if (cp->f == compress_dbisim)
				shape &= naive_delay_bisimilar_at(&in, 0, &out, 0) && naive_delay_minimal(&out);
			if (cp->f == compress_tau_loop_factor)
				shape &= tau_cycles_are_self_loops(&out);
			if (cp->f == compress_diamond)
				shape &= tau_only_to_stable_or_self(&out);
			if (cp->f == compress_normal)
				shape &= deterministic_on_visible(&out) && tau_only_to_stable_or_self(&out);
			if (cp->f == compress_chase)
				shape &= chased_shape(&out);
			if (cp->f != compress_normal)
				shape &= out.nstates <= reach;
			if (!shape)
				dump_on_failure(cp->name, seed, &in, &out);
			ck_assert_msg(shape, "%s, seed %llu: not the promised shape", cp->name,
				      (unsigned long long)seed);
			checked[c]++;
			lts_free(&out);
		}
		/* weak bisimilarity is coarser than delay bisimilarity, which is
		 * coarser than strong */
		ck_assert_uint_le(size[3], size[4]);
		ck_assert_uint_le(size[4], size[1]);
		naive_free(&nin);
		lts_free(&in);
	}
	for (int c = 0; c < NCOMPRESSIONS; c++)
		ck_assert_uint_eq(checked[c], NRANDOM);
}
END_TEST

/* The checker itself must be able to fail: a -> STOP |~| b -> STOP and
 * a -> STOP [] b -> STOP are T-equivalent, F- and FD-different; DIV and
 * STOP are T- and F-equivalent, not FD. */
START_TEST(the_independent_checker_tells_models_apart)
{
	struct lts in = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	struct lts ext = LTS(2, { 0, A, 1 }, { 0, B, 1 });
	struct lts div = LTS(1, { 0, TAU, 0 });
	struct lts stop = lts_of(1, NULL, 0);
	struct naive ni = naive_normal(&in), ne = naive_normal(&ext), nd = naive_normal(&div),
		     ns = naive_normal(&stop);
	ck_assert(refines(&ni, &ne, IN_T) && refines(&ne, &ni, IN_T));
	ck_assert(refines(&ni, &ne, IN_F) && !refines(&ne, &ni, IN_F));
	ck_assert(refines(&ni, &ne, IN_FD) && !refines(&ne, &ni, IN_FD));
	ck_assert(refines(&nd, &ns, IN_T) && refines(&ns, &nd, IN_T));
	ck_assert(!refines(&nd, &ns, IN_F) && refines(&ns, &nd, IN_F));
	ck_assert(refines(&nd, &ns, IN_FD) && !refines(&ns, &nd, IN_FD));
	ck_assert(!naive_bisimilar(&in, &ext));
	naive_free(&ni);
	naive_free(&ne);
	naive_free(&nd);
	naive_free(&ns);
	lts_free(&in);
	lts_free(&ext);
	lts_free(&div);
	lts_free(&stop);
}
END_TEST

/* chase is not sound in general: on a -> STOP |~| b -> STOP it keeps only
 * the a branch, which refines but is not equivalent. */
START_TEST(chase_refines_but_need_not_be_equivalent)
{
	struct lts in = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	struct lts out;
	ck_assert(compress_chase(&in, UINT64_MAX, &out));
	struct naive ni = naive_normal(&in), no = naive_normal(&out);
	ck_assert(refines(&ni, &no, IN_FD));
	ck_assert(!refines(&no, &ni, IN_T));
	naive_free(&ni);
	naive_free(&no);
	lts_free(&out);
	lts_free(&in);
}
END_TEST

/* ---------------------------------------------------------------- large */

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint32_t large_n(void)
{
	const char *s = getenv("COMPRESS_LARGE_N");
	long v = s ? strtol(s, NULL, 10) : 0;
	return v >= 8 ? (uint32_t)(v / 4 * 4) : 200000;
}

/* Rows are generated in state order; each row sorted here. */
struct gen {
	struct lts l;
	uint64_t cap;
};

static void gen_row(struct gen *g, uint32_t s, struct lts_edge *row, uint32_t k)
{
	for (uint32_t i = 1; i < k; i++)         /* insertion sort, k small */
		for (uint32_t j = i; j > 0 && (row[j - 1].event > row[j].event ||
					      (row[j - 1].event == row[j].event && row[j - 1].target > row[j].target));
		     j--) {
			struct lts_edge t = row[j];
			row[j] = row[j - 1];
			row[j - 1] = t;
		}
	for (uint32_t i = 0; i < k; i++) {
		if (i > 0 && row[i].event == row[i - 1].event && row[i].target == row[i - 1].target)
			continue;
		if (g->l.ntrans == g->cap) {
			g->cap *= 2;
			g->l.edges = realloc(g->l.edges, g->cap * sizeof *g->l.edges);
		}
		g->l.edges[g->l.ntrans++] = row[i];
	}
	g->l.first[s + 1] = g->l.ntrans;
}

static void gen_init(struct gen *g, uint32_t n)
{
	g->l = (struct lts){ .nstates = n };
	g->l.first = calloc((size_t)n + 1, sizeof *g->l.first);
	g->cap = (uint64_t)n * 4;
	g->l.edges = malloc(g->cap * sizeof *g->l.edges);
}

/* Fully random: each state has 1 to 4 edges, τ with probability 1/8, else
 * a, b, c or d (5), to uniformly random states. Almost nothing is
 * bisimilar, and the normal form explodes. */
static struct lts random_flat(uint32_t n, uint64_t seed)
{
	struct gen g;
	uint64_t x = seed;
	gen_init(&g, n);
	for (uint32_t s = 0; s < n; s++) {
		struct lts_edge row[4];
		uint32_t k = 1 + (uint32_t)(next_random(&x) % 4);
		for (uint32_t i = 0; i < k; i++) {
			uint64_t r = next_random(&x);
			row[i] = (struct lts_edge){ r % 8 == 0 ? TAU : (event_id)(A + (r >> 3) % 4),
						    (uint32_t)(next_random(&x) % n) };
		}
		gen_row(&g, s, row, k);
	}
	return g.l;
}

/* Random with a small quotient: state s copies the row of s mod K in a
 * random K-state LTS, each target t replaced by a random state ≡ t mod K.
 * Then s and s + K are bisimilar: at most K classes. */
static struct lts random_folded(uint32_t n, uint32_t K, uint64_t seed)
{
	struct gen g;
	gen_init(&g, n);
	for (uint32_t s = 0; s < n; s++) {
		uint64_t y = seed ^ (s % K) * 0x9e3779b97f4a7c15u, x = seed + s;
		struct lts_edge row[4];
		uint32_t k = 1 + (uint32_t)(next_random(&y) % 4);
		for (uint32_t i = 0; i < k; i++) {
			uint64_t r = next_random(&y);
			uint32_t t = (uint32_t)(next_random(&y) % K);
			uint32_t copies = (n - 1 - t) / K + 1;
			row[i] = (struct lts_edge){ r % 8 == 0 ? TAU : (event_id)(A + (r >> 3) % 4),
						    t + K * (uint32_t)(next_random(&x) % copies) };
		}
		gen_row(&g, s, row, k);
	}
	return g.l;
}

/* Random in clusters of four (as tests/checker/test_normal.c's): τ within
 * a cluster, visible events to a random state of a cluster fixed per
 * (cluster, event), so that every τ-closure and every normal-form node lies
 * in one cluster: the normal form stays within 15 nodes a cluster. */
static struct lts random_clustered(uint32_t n, uint64_t seed)
{
	struct gen g;
	uint64_t x = seed;
	uint32_t nc = n / 4;
	gen_init(&g, n);
	for (uint32_t s = 0; s < n; s++) {
		struct lts_edge row[10];
		uint32_t k = 0, c = s / 4;
		if (next_random(&x) % 4 == 0)
			row[k++] = (struct lts_edge){ TAU, 4 * c + (uint32_t)(next_random(&x) % 4) };
		for (event_id ev = A; ev <= C + 1; ev++) {
			uint64_t y = seed ^ ((uint64_t)c << 8 | ev);
			uint32_t to = (uint32_t)(next_random(&y) % nc);
			if (next_random(&x) % 2 == 0)
				row[k++] = (struct lts_edge){ ev, 4 * to + (uint32_t)(next_random(&x) % 4) };
			if (next_random(&x) % 8 == 0)
				row[k++] = (struct lts_edge){ ev, 4 * to + (uint32_t)(next_random(&x) % 4) };
		}
		gen_row(&g, s, row, k);
	}
	return g.l;
}

static bool same_lts(const struct lts *x, const struct lts *y)
{
	return x->nstates == y->nstates && x->ntrans == y->ntrans &&
	       memcmp(x->first, y->first, ((size_t)x->nstates + 1) * sizeof *x->first) == 0 &&
	       memcmp(x->edges, y->edges, x->ntrans * sizeof *x->edges) == 0;
}

START_TEST(sbisim_of_a_large_random_lts_is_deterministic_and_idempotent)
{
	uint32_t n = large_n();
	struct lts l = random_flat(n, 11);
	struct lts a, b, c;
	double t0 = seconds();
	ck_assert(compress_sbisim(&l, UINT64_MAX, &a));
	double t1 = seconds();
	fprintf(stderr, "sbisim of a random %u-state LTS (%llu transitions): %u states, %llu transitions, %.3f s\n",
		(unsigned)n, (unsigned long long)l.ntrans, (unsigned)a.nstates, (unsigned long long)a.ntrans,
		t1 - t0);
	ck_assert(compress_sbisim(&l, UINT64_MAX, &b));
	ck_assert(same_lts(&a, &b));
	ck_assert(compress_sbisim(&a, UINT64_MAX, &c));
	ck_assert(same_lts(&a, &c));
	lts_free(&c);
	ck_assert(!compress_sbisim(&l, a.nstates - 1, &c));
	lts_free(&a);
	lts_free(&b);
	lts_free(&l);
}
END_TEST

START_TEST(sbisim_of_a_large_folded_lts_finds_the_small_quotient)
{
	enum { K = 1000 };
	uint32_t n = large_n();
	struct lts l = random_folded(n, K, 5);
	struct lts a, k;
	double t0 = seconds();
	ck_assert(compress_sbisim(&l, UINT64_MAX, &a));
	double t1 = seconds();
	fprintf(stderr, "sbisim of a folded %u-state LTS (%llu transitions): %u states, %.3f s\n", (unsigned)n,
		(unsigned long long)l.ntrans, (unsigned)a.nstates, t1 - t0);
	ck_assert_uint_le(a.nstates, K);
	/* the same as the quotient of the K-state core alone */
	struct lts core = random_folded(K, K, 5);
	ck_assert(compress_sbisim(&core, UINT64_MAX, &k));
	ck_assert(same_lts(&a, &k));
	lts_free(&k);
	lts_free(&core);
	lts_free(&a);
	lts_free(&l);
}
END_TEST

START_TEST(normal_of_a_large_clustered_lts_is_deterministic)
{
	uint32_t n = large_n();
	struct lts l = random_clustered(n, 42);
	struct lts a, b;
	double t0 = seconds();
	ck_assert(compress_normal(&l, UINT64_MAX, &a));
	double t1 = seconds();
	fprintf(stderr, "normal of a clustered %u-state LTS (%llu transitions): %u states, %llu transitions, %.3f s\n",
		(unsigned)n, (unsigned long long)l.ntrans, (unsigned)a.nstates, (unsigned long long)a.ntrans,
		t1 - t0);
	ck_assert(deterministic_on_visible(&a));
	ck_assert(tau_only_to_stable_or_self(&a));
	ck_assert(compress_normal(&l, UINT64_MAX, &b));
	ck_assert(same_lts(&a, &b));
	lts_free(&b);
	ck_assert(!compress_normal(&l, 1000, &b));
	lts_free(&a);
	lts_free(&l);
}
END_TEST

/* The normal form of a fully random LTS explodes: the limit stops it. */
START_TEST(normal_of_a_large_flat_lts_stops_at_the_limit)
{
	uint32_t n = large_n();
	struct lts l = random_flat(n, 11);
	struct lts a;
	double t0 = seconds();
	bool ok = compress_normal(&l, 2 * (uint64_t)n, &a);
	fprintf(stderr, "normal of a random %u-state LTS, limit %u: %s, %.3f s\n", (unsigned)n, 2 * (unsigned)n,
		ok ? "done" : "limit", seconds() - t0);
	if (ok)
		lts_free(&a);
	else
		ck_assert_uint_eq(a.nstates, 0);
	lts_free(&l);
}
END_TEST

/* |~| i : {1..K} @ e_i -> STOP, K = 100 000, every e_i a different event:
 * 0 -τ-> i, i -e_i-> K+1. normal: the node [0 .. K] has K minimal
 * acceptances {e_i}, none a subset of another, so K fresh states, plus
 * [K+1]: K + 2 states. diamond: 0 keeps every e_i and a τ to each i as
 * its witness: K + 2 states too. Quadratic work in K would time out. */
START_TEST(a_wide_internal_choice_has_one_acceptance_per_branch)
{
	enum { K = 100000 };
	struct lts l = { .nstates = K + 2, .ntrans = 2 * K };
	l.first = malloc((K + 3) * sizeof *l.first);
	l.edges = malloc(2 * K * sizeof *l.edges);
	l.first[0] = 0;
	for (uint32_t i = 0; i < K; i++) {
		l.edges[i] = (struct lts_edge){ TAU, i + 1 };
		l.edges[K + i] = (struct lts_edge){ A + i, K + 1 };
		l.first[i + 2] = K + i + 1;
	}
	l.first[1] = K;
	l.first[K + 2] = 2 * K;
	struct lts out;
	double t0 = seconds();
	ck_assert(compress_normal(&l, UINT64_MAX, &out));
	ck_assert_uint_eq(out.nstates, K + 2);
	ck_assert(deterministic_on_visible(&out));
	lts_free(&out);
	ck_assert(compress_diamond(&l, UINT64_MAX, &out));
	ck_assert_uint_eq(out.nstates, K + 2);
	ck_assert_uint_eq(out.first[1], 2 * (uint64_t)K);
	lts_free(&out);
	fprintf(stderr, "normal and diamond of a %u-way internal choice: %.3f s\n", (unsigned)K, seconds() - t0);
	lts_free(&l);
}
END_TEST

/* The other compressions on the large clustered LTS: they finish, and the
 * output is well formed. */
START_TEST(every_compression_handles_a_large_lts)
{
	uint32_t n = large_n() / 10;
	struct lts l = random_clustered(n, 7);
	for (int c = 0; c < NCOMPRESSIONS; c++) {
		struct lts out;
		double t0 = seconds();
		ck_assert(compressions[c].f(&l, UINT64_MAX, &out));
		fprintf(stderr, "%s of a clustered %u-state LTS: %u states, %.3f s\n", compressions[c].name,
			(unsigned)n, (unsigned)out.nstates, seconds() - t0);
		const char *why = form_problem(&out);
		ck_assert_msg(!why, "%s: %s", compressions[c].name, why);
		lts_free(&out);
	}
	lts_free(&l);
}
END_TEST

static Suite *compress_suite(void)
{
	Suite *s = suite_create("compress");
	TCase *tc = unit_tcase(s, "small");
	tcase_add_test(tc, explicate_keeps_only_the_reachable_part);
	tcase_add_test(tc, explicate_numbers_states_breadth_first_in_event_order);
	tcase_add_test(tc, sbisim_folds_an_unrolled_loop);
	tcase_add_test(tc, sbisim_merges_identical_branches);
	tcase_add_test(tc, sbisim_keeps_trace_equivalent_but_different_states_apart);
	tcase_add_test(tc, sbisim_treats_tau_as_an_ordinary_label);
	tcase_add_test(tc, sbisim_merges_the_two_skips);
	tcase_add_test(tc, sbisim_finds_the_coarsest_bisimulation);
	tcase_add_test(tc, sbisim_splits_a_block_three_ways);
	tcase_add_test(tc, tau_loop_factor_collapses_a_tau_cycle_into_a_self_loop);
	tcase_add_test(tc, tau_loop_factor_leaves_a_tau_path_alone);
	tcase_add_test(tc, tau_loop_factor_keeps_a_self_loop);
	tcase_add_test(tc, tau_loop_factor_unites_the_edges_of_a_cycle);
	tcase_add_test(tc, wbisim_and_dbisim_remove_an_inert_tau);
	tcase_add_test(tc, wbisim_keeps_an_internal_choice);
	tcase_add_test(tc, wbisim_and_dbisim_keep_a_divergent_state_apart);
	tcase_add_test(tc, wbisim_and_dbisim_collapse_a_tau_diamond);
	tcase_add_test(tc, wbisim_turns_a_tau_cycle_into_a_self_loop);
	tcase_add_test(tc, dbisim_keeps_the_third_tau_law_apart_where_wbisim_merges);
	tcase_add_test(tc, dbisim_keeps_omega_apart_from_stop_and_factors_tau_loops);
	tcase_add_test(tc, diamond_removes_a_tau_prefix);
	tcase_add_test(tc, diamond_keeps_refusals_through_tau_edges_to_witnesses);
	tcase_add_test(tc, diamond_eliminates_a_confluent_diamond);
	tcase_add_test(tc, diamond_keeps_a_witness_beside_tick);
	tcase_add_test(tc, diamond_marks_divergence_with_a_self_loop);
	tcase_add_test(tc, normal_gives_each_minimal_acceptance_a_fresh_state);
	tcase_add_test(tc, normal_merges_nondeterministic_branches);
	tcase_add_test(tc, normal_ticks_to_one_terminated_state);
	tcase_add_test(tc, normal_marks_divergence_with_a_self_loop);
	tcase_add_test(tc, normal_keeps_a_single_acceptance_smaller_than_the_initials);
	tcase_add_test(tc, normal_leaves_a_deterministic_process_alone);
	tcase_add_test(tc, chase_follows_the_first_tau);
	tcase_add_test(tc, chase_turns_a_first_tau_cycle_into_divergence);
	tcase_add_test(tc, chase_reuses_a_finished_chain);
	TCase *tr = unit_tcase(s, "random");
	tcase_set_timeout(tr, 240);
	tcase_add_test(tr, the_independent_checker_tells_models_apart);
	tcase_add_test(tr, chase_refines_but_need_not_be_equivalent);
	tcase_add_test(tr, every_compression_preserves_what_it_claims_on_random_ltss);
	TCase *tl = unit_tcase(s, "large");
	tcase_set_timeout(tl, 240);
	tcase_add_test(tl, sbisim_of_a_large_random_lts_is_deterministic_and_idempotent);
	tcase_add_test(tl, sbisim_of_a_large_folded_lts_finds_the_small_quotient);
	tcase_add_test(tl, normal_of_a_large_clustered_lts_is_deterministic);
	tcase_add_test(tl, normal_of_a_large_flat_lts_stops_at_the_limit);
	tcase_add_test(tl, a_wide_internal_choice_has_one_acceptance_per_branch);
	tcase_add_test(tl, every_compression_handles_a_large_lts);
	return s;
}

int main(void)
{
	return unit_run(compress_suite());
}
