/*
 * tests/checker/test_normal.c — Check suite for checker/normal.c.
 *
 * Each small test builds an explicit LTS by hand (struct lts's first[] and
 * edges[], no proc), normalises it and compares a text dump of the normal
 * form, one line per node in node order:
 *
 *     N [members] acc {set} {set} ... edges EVENT:TARGET ... [divergent]
 *
 * ("acc none" when the node has no acceptance, "edges none" when it has
 * no edge; Ω is "omega"). Events are τ = 0 ("tau"), ✓ = 1 ("tick"), then
 * a = 2, b = 3, c = 4, d = 5, e = 6. The expected form of each test is
 * derived by hand in the comment above it, from "Refinement by
 * normalisation" and "Observations" in ../shared/SEMANTICS.md: node 0 is
 * the τ-closure of state 0, nodes are numbered breadth-first with events
 * taken in increasing id order (✓ before a), a ✓-state accepts {✓}, a
 * stable state its initials, a state with τ and no ✓ nothing.
 *
 * The random tests compare normalise() with a naive normaliser written
 * here from the definitions alone (bit vectors, linear search, divergence
 * as "reaches itself by τ"); the large tests check that nothing recurses on
 * the LTS's size and that the numbering is the same from run to run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checker/normal.h"
#include "lts/lts.h"
#include "semantics/event.h"
#include "tests/unit/unit.h"

#include "tests/lts/lts_builder.h"

/* The dump described at the top (malloc'd). */
static char *dump(const struct normal *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	for (uint32_t k = 0; k < n->nnodes; k++) {
		fprintf(f, "%u [", (unsigned)k);
		for (uint64_t i = n->mem_first[k]; i < n->mem_first[k + 1]; i++)
			fprintf(f, "%s%u", i > n->mem_first[k] ? " " : "", (unsigned)n->mem[i]);
		fputs("] acc", f);
		if (n->acc_first[k] == n->acc_first[k + 1])
			fputs(" none", f);
		for (uint32_t s = n->acc_first[k]; s < n->acc_first[k + 1]; s++) {
			fputs(" {", f);
			for (uint32_t i = n->acc_off[s]; i < n->acc_off[s + 1]; i++) {
				if (i > n->acc_off[s])
					fputc(' ', f);
				put_event(f, n->acc_events[i]);
			}
			fputc('}', f);
		}
		fputs(" edges", f);
		if (n->first[k] == n->first[k + 1])
			fputs(" none", f);
		for (uint64_t i = n->first[k]; i < n->first[k + 1]; i++) {
			fputc(' ', f);
			put_event(f, n->edges[i].event);
			if (n->edges[i].target == NORMAL_OMEGA)
				fputs(":omega", f);
			else
				fprintf(f, ":%u", (unsigned)n->edges[i].target);
		}
		if (n->divergent[k])
			fputs(" divergent", f);
		fputc('\n', f);
	}
	fclose(f);
	return buf;
}

/* Normalise l (no node limit) and compare its dump with `want`. */
static void check_normal_form(struct lts *l, const char *want, struct normal *keep)
{
	struct normal n;
	ck_assert_int_eq(normalise(l, UINT64_MAX, &n), NORMAL_OK);
	char *got = dump(&n);
	ck_assert_str_eq(got, want);
	free(got);
	if (keep)
		*keep = n;
	else
		normal_free(&n);
}

static bool accepts(const struct normal *n, uint32_t node, const event_id *acc, uint32_t nacc)
{
	return normal_accepts(n, node, acc, nacc);
}

#define ACCEPTS(n, node, ...)                                                   \
	accepts((n), (node), (const event_id[]){ __VA_ARGS__ },                \
		sizeof((const event_id[]){ __VA_ARGS__ }) / sizeof(event_id))

/* ------------------------------------------------------------ small cases */

/* a -> b -> STOP: 0 -a-> 1 -b-> 2. Every τ-closure is a single state, so
 * the normal form is the LTS itself: node k = [k], each state stable and
 * accepting its one initial, STOP accepting {}. */
START_TEST(a_deterministic_process_is_its_own_normal_form)
{
	struct lts l = LTS(3, { 0, A, 1 }, { 1, B, 2 });
	check_normal_form(&l,
			  "0 [0] acc {a} edges a:1\n"
			  "1 [1] acc {b} edges b:2\n"
			  "2 [2] acc {} edges none\n",
			  NULL);
	lts_free(&l);
}
END_TEST

/* a -> STOP |~| b -> STOP: 0 -τ-> 1, 0 -τ-> 2, 1 -a-> 3, 2 -b-> 3.
 * Node 0 = τ*(0) = [0 1 2]: 0 has τ (no acceptance), 1 accepts {a}, 2
 * accepts {b}; neither includes the other, so both are minimal. a and b
 * both lead to τ*(3) = [3], one node 1. */
START_TEST(internal_choice_has_one_minimal_acceptance_per_branch)
{
	struct lts l = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	check_normal_form(&l,
			  "0 [0 1 2] acc {a} {b} edges a:1 b:1\n"
			  "1 [3] acc {} edges none\n",
			  NULL);
	lts_free(&l);
}
END_TEST

/* a -> STOP [] b -> STOP: 0 -a-> 1, 0 -b-> 1. The same edges as the
 * internal choice above, but the one stable state accepts {a, b}: an
 * implementation state offering only a refuses b, which the external
 * choice must accept and the internal choice may refuse. */
START_TEST(external_and_internal_choice_differ_only_in_acceptances)
{
	struct lts ext = LTS(2, { 0, A, 1 }, { 0, B, 1 });
	struct lts in = LTS(4, { 0, TAU, 1 }, { 0, TAU, 2 }, { 1, A, 3 }, { 2, B, 3 });
	struct normal ne, ni;
	check_normal_form(&ext,
			  "0 [0] acc {a b} edges a:1 b:1\n"
			  "1 [1] acc {} edges none\n",
			  &ne);
	check_normal_form(&in,
			  "0 [0 1 2] acc {a} {b} edges a:1 b:1\n"
			  "1 [3] acc {} edges none\n",
			  &ni);
	ck_assert(!ACCEPTS(&ne, 0, A));
	ck_assert(ACCEPTS(&ni, 0, A));
	ck_assert(!ACCEPTS(&ne, 0, B));
	ck_assert(ACCEPTS(&ni, 0, B));
	ck_assert(ACCEPTS(&ne, 0, A, B));
	ck_assert(ACCEPTS(&ni, 0, A, B));
	ck_assert(!accepts(&ne, 0, NULL, 0));
	ck_assert(!accepts(&ni, 0, NULL, 0));
	normal_free(&ne);
	normal_free(&ni);
	lts_free(&ext);
	lts_free(&in);
}
END_TEST

/* DIV: 0 -τ-> 0. One node [0], on a τ self-loop, so divergent; it has no
 * stable member, hence no acceptance, and no visible event. */
START_TEST(div_alone_is_one_divergent_node_without_acceptances)
{
	struct lts l = LTS(1, { 0, TAU, 0 });
	struct normal n;
	check_normal_form(&l, "0 [0] acc none edges none divergent\n", &n);
	ck_assert(!accepts(&n, 0, NULL, 0));
	ck_assert(!ACCEPTS(&n, 0, A, B, C));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* 0 -a-> 1, 1 -τ-> 2, 2 -τ-> 1, 2 -b-> 3. Node 0 = [0] accepts {a}; after
 * a, τ*(1) = [1 2], a two-state τ-SCC: divergent; both members have τ so
 * there is no acceptance; 2's b leads to [3], STOP. */
START_TEST(a_tau_cycle_makes_its_node_divergent)
{
	struct lts l = LTS(4, { 0, A, 1 }, { 1, TAU, 2 }, { 2, TAU, 1 }, { 2, B, 3 });
	check_normal_form(&l,
			  "0 [0] acc {a} edges a:1\n"
			  "1 [1 2] acc none edges b:2 divergent\n"
			  "2 [3] acc {} edges none\n",
			  NULL);
	lts_free(&l);
}
END_TEST

/* 0 -a-> 1, 0 -b-> 2;
 * a τ-diamond: 1 -τ-> 3, 1 -τ-> 4, 3 -τ-> 5, 4 -τ-> 5, 5 -c-> 0;
 * a τ-tail into a three-state τ-cycle: 2 -τ-> 6 -τ-> 7 -τ-> 8 -τ-> 6,
 * 8 -d-> 0.
 * Node 0 = [0] accepts {a b}; a: τ*(1) = [1 3 4 5], no τ-cycle (the
 * diamond's paths meet, they do not loop), only 5 stable: {c}; b:
 * τ*(2) = [2 6 7 8], divergent (2 is not on the cycle, but the closure
 * holds it), no stable member. c and d both return to [0]. */
START_TEST(a_tau_diamond_is_not_a_cycle_but_a_tail_into_one_diverges)
{
	struct lts l = LTS(9, { 0, A, 1 }, { 0, B, 2 },
			   { 1, TAU, 3 }, { 1, TAU, 4 }, { 3, TAU, 5 }, { 4, TAU, 5 }, { 5, C, 0 },
			   { 2, TAU, 6 }, { 6, TAU, 7 }, { 7, TAU, 8 }, { 8, TAU, 6 }, { 8, D, 0 });
	check_normal_form(&l,
			  "0 [0] acc {a b} edges a:1 b:2\n"
			  "1 [1 3 4 5] acc {c} edges c:0\n"
			  "2 [2 6 7 8] acc none edges d:0 divergent\n",
			  NULL);
	lts_free(&l);
}
END_TEST

/* SKIP: 0 -✓-> 1. Node 0 = [0] accepts {✓}; its ✓ edge goes to Ω, which
 * is never a node, so the state Ω (1) never appears. */
START_TEST(skip_accepts_tick_and_ticks_to_omega)
{
	struct lts l = LTS(2, { 0, TICK, 1 });
	struct normal n;
	check_normal_form(&l, "0 [0] acc {tick} edges tick:omega\n", &n);
	ck_assert_uint_eq(n.nnodes, 1);
	ck_assert(normal_has(&n, 0, TICK));
	ck_assert_uint_eq(normal_after(&n, 0, TICK), NORMAL_OMEGA);
	ck_assert(ACCEPTS(&n, 0, TICK));
	ck_assert(!accepts(&n, 0, NULL, 0));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* a -> STOP [] SKIP: 0 -a-> 1, 0 -✓-> 2. State 0 can do ✓, so it is
 * unstable and accepts only {✓} (it may resolve to Ω and refuse a). Edges
 * in event order: ✓ (1) before a (2); a reaches [1], STOP. */
START_TEST(a_state_with_an_event_and_tick_accepts_only_tick)
{
	struct lts l = LTS(3, { 0, A, 1 }, { 0, TICK, 2 });
	struct normal n;
	check_normal_form(&l,
			  "0 [0] acc {tick} edges tick:omega a:1\n"
			  "1 [1] acc {} edges none\n",
			  &n);
	ck_assert(!ACCEPTS(&n, 0, A));
	ck_assert(ACCEPTS(&n, 0, TICK));
	ck_assert(ACCEPTS(&n, 0, TICK, A));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 0 -✓-> 2, 1 -a-> 2. State 0 has τ and ✓: the ✓ makes it
 * accept {✓} all the same; 1 is stable and accepts {a}. Both minimal,
 * ordered by size then lexicographically: ✓ (1) before a (2). */
START_TEST(a_state_with_tau_and_tick_still_accepts_tick)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 0, TICK, 2 }, { 1, A, 2 });
	check_normal_form(&l,
			  "0 [0 1] acc {tick} {a} edges tick:omega a:1\n"
			  "1 [2] acc {} edges none\n",
			  NULL);
	lts_free(&l);
}
END_TEST

/* a -> b -> STOP [] a -> c -> STOP: 0 -a-> 1, 0 -a-> 2, 1 -b-> 3,
 * 2 -c-> 3. After a the process is in 1 or 2: one node [1 2] offering b
 * and c, but accepting only {b} or only {c} (unlike a -> (b [] c), which
 * would accept {b c}). */
START_TEST(nondeterministic_branching_on_one_event_merges_the_targets)
{
	struct lts l = LTS(4, { 0, A, 1 }, { 0, A, 2 }, { 1, B, 3 }, { 2, C, 3 });
	struct normal n;
	check_normal_form(&l,
			  "0 [0] acc {a} edges a:1\n"
			  "1 [1 2] acc {b} {c} edges b:2 c:2\n"
			  "2 [3] acc {} edges none\n",
			  &n);
	ck_assert(ACCEPTS(&n, 1, B));
	ck_assert(ACCEPTS(&n, 1, C));
	ck_assert(ACCEPTS(&n, 1, B, C));
	ck_assert(!ACCEPTS(&n, 1, A));
	ck_assert(!accepts(&n, 1, NULL, 0));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* 0 -a-> 1, 0 -a-> 2, 0 -b-> 3, 0 -c-> 2, 3 -c-> 1, 3 -c-> 2, 1 -d-> 4,
 * 2 -d-> 4.
 * Node 0 = [0], accepting {a b c}; in event order a: {1 2} is node 1,
 * b: {3} node 2, c: {2} node 3. Node 1 = [1 2]: both accept {d}, one set
 * after deduplication; d: [4] is node 4. Node 2 = [3]: c reaches {1 2}
 * again, node 1, found, not added. Node 3 = [2]: d reaches node 4. Five
 * nodes in all: ⟨a⟩ and ⟨b, c⟩ share a node, ⟨c⟩ has its own. */
START_TEST(two_paths_to_the_same_set_share_one_node)
{
	struct lts l = LTS(5, { 0, A, 1 }, { 0, A, 2 }, { 0, B, 3 }, { 0, C, 2 },
			   { 3, C, 1 }, { 3, C, 2 }, { 1, D, 4 }, { 2, D, 4 });
	struct normal n;
	check_normal_form(&l,
			  "0 [0] acc {a b c} edges a:1 b:2 c:3\n"
			  "1 [1 2] acc {d} edges d:4\n"
			  "2 [3] acc {c} edges c:1\n"
			  "3 [2] acc {d} edges d:4\n"
			  "4 [4] acc {} edges none\n",
			  &n);
	ck_assert_uint_eq(n.nnodes, 5);
	ck_assert_uint_eq(normal_after(&n, normal_after(&n, 0, B), C), normal_after(&n, 0, A));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1..5; 1 accepts {a}, 2 {a b}, 3 {a} again, 4 {b c}, 5 {a c d};
 * all lead to 6, which only visible events reach, so node 0 =
 * τ*(0) = [0 1 2 3 4 5]. Candidates, sorted: {a} {a} {a b} {b c}
 * {a c d}; the second {a} equals the first, {a b} and {a c d} include
 * {a}; minimal: {a} {b c}. */
START_TEST(only_minimal_acceptances_are_kept)
{
	struct lts l = LTS(7, { 0, TAU, 1 }, { 0, TAU, 2 }, { 0, TAU, 3 }, { 0, TAU, 4 }, { 0, TAU, 5 },
			   { 1, A, 6 }, { 2, A, 6 }, { 2, B, 6 }, { 3, A, 6 }, { 4, B, 6 }, { 4, C, 6 },
			   { 5, A, 6 }, { 5, C, 6 }, { 5, D, 6 });
	struct normal n;
	check_normal_form(&l,
			  "0 [0 1 2 3 4 5] acc {a} {b c} edges a:1 b:1 c:1 d:1\n"
			  "1 [6] acc {} edges none\n",
			  &n);
	ck_assert(ACCEPTS(&n, 0, A));
	ck_assert(ACCEPTS(&n, 0, B, C));
	ck_assert(!ACCEPTS(&n, 0, B, D));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* STOP |~| a -> STOP: 0 -τ-> 1, 0 -τ-> 2, 2 -a-> 1. The stable members
 * accept {} (1) and {a} (2); {} is included in every set, so it is the
 * only minimal acceptance: the node may refuse everything. */
START_TEST(an_empty_acceptance_makes_every_other_one_redundant)
{
	struct lts l = LTS(3, { 0, TAU, 1 }, { 0, TAU, 2 }, { 2, A, 1 });
	struct normal n;
	check_normal_form(&l,
			  "0 [0 1 2] acc {} edges a:1\n"
			  "1 [1] acc {} edges none\n",
			  &n);
	ck_assert(accepts(&n, 0, NULL, 0));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* 0 -τ-> 1, 2, 3; 1 accepts {c}, 2 {a d}, 3 {b}; all minimal, listed by
 * size, then lexicographically: {b} {c} {a d}. Node 0 = [0 1 2 3]
 * (4 is reached by visible events only). */
START_TEST(acceptances_are_ordered_by_size_then_lexicographically)
{
	struct lts l = LTS(5, { 0, TAU, 1 }, { 0, TAU, 2 }, { 0, TAU, 3 },
			   { 1, C, 4 }, { 2, A, 4 }, { 2, D, 4 }, { 3, B, 4 });
	check_normal_form(&l,
			  "0 [0 1 2 3] acc {b} {c} {a d} edges a:1 b:1 c:1 d:1\n"
			  "1 [4] acc {} edges none\n",
			  NULL);
	lts_free(&l);
}
END_TEST

/* a -> b -> STOP needs three nodes: a limit of 3 or more suffices, one
 * of 0, 1 or 2 ends in NORMAL_LIMIT with the output zeroed. */
START_TEST(more_nodes_than_the_limit_is_an_inconclusive_outcome)
{
	struct lts l = LTS(3, { 0, A, 1 }, { 1, B, 2 });
	struct normal n;
	for (uint64_t max = 0; max < 3; max++) {
		memset(&n, 0xa5, sizeof n);
		ck_assert_int_eq(normalise(&l, max, &n), NORMAL_LIMIT);
		ck_assert_uint_eq(n.nnodes, 0);
		ck_assert_ptr_null(n.first);
		ck_assert_ptr_null(n.edges);
		ck_assert_ptr_null(n.acc_first);
		ck_assert_ptr_null(n.acc_off);
		ck_assert_ptr_null(n.acc_events);
		ck_assert_ptr_null(n.mem_first);
		ck_assert_ptr_null(n.mem);
		ck_assert_ptr_null(n.divergent);
	}
	ck_assert_int_eq(normalise(&l, 3, &n), NORMAL_OK);
	ck_assert_uint_eq(n.nnodes, 3);
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* 0 -e_i-> i for the 60 events 2 .. 61, each to its own state: node 0
 * has 60 edges, event 2+j to node 1+j (nodes are made in event order).
 * normal_after and normal_has find every one of them by binary search and
 * none of τ, ✓ or 62; node 0 accepts exactly the supersets of all 60. */
START_TEST(after_and_has_find_every_edge_of_a_wide_node)
{
	enum { W = 60 };
	struct tr t[W];
	event_id all[W];
	for (uint32_t j = 0; j < W; j++) {
		t[j] = (struct tr){ 0, 2 + j, 1 + j };
		all[j] = 2 + j;
	}
	struct lts l = lts_of(W + 1, t, W);
	struct normal n;
	ck_assert_int_eq(normalise(&l, UINT64_MAX, &n), NORMAL_OK);
	ck_assert_uint_eq(n.nnodes, W + 1);
	for (uint32_t j = 0; j < W; j++) {
		ck_assert(normal_has(&n, 0, 2 + j));
		ck_assert_uint_eq(normal_after(&n, 0, 2 + j), 1 + j);
		ck_assert(!normal_has(&n, 1 + j, 2 + j));
		ck_assert_uint_eq(normal_after(&n, 1 + j, 2 + j), UINT32_MAX);
	}
	ck_assert(!normal_has(&n, 0, TAU));
	ck_assert(!normal_has(&n, 0, TICK));
	ck_assert(!normal_has(&n, 0, 2 + W));
	ck_assert_uint_eq(normal_after(&n, 0, TAU), UINT32_MAX);
	ck_assert_uint_eq(normal_after(&n, 0, 2 + W), UINT32_MAX);
	ck_assert(accepts(&n, 0, all, W));
	ck_assert(!accepts(&n, 0, all, W - 1));
	ck_assert(!accepts(&n, 0, all + 1, W - 1));
	ck_assert(accepts(&n, 1, NULL, 0));
	ck_assert(accepts(&n, 1, all, W));
	normal_free(&n);
	lts_free(&l);
}
END_TEST

/* ------------------------------------------------------ the naive reference */

/* A normaliser written from the definitions alone, for small LTSs with
 * events below 64: node member sets as bool vectors found by linear
 * search, acceptances as event bit masks, divergence as "some member
 * reaches itself by one or more τ-steps". It writes the dump format. */
struct ref {
	const struct lts *l;
	uint32_t nev;           /* events 0 .. nev-1 */
	bool **sets;
	uint32_t n, cap;
};

static void ref_close(const struct lts *l, bool *set)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (uint32_t s = 0; s < l->nstates; s++) {
			if (!set[s])
				continue;
			for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++)
				if (l->edges[e].event == TAU && !set[l->edges[e].target])
					set[l->edges[e].target] = changed = true;
		}
	}
}

/* The node of set (which it takes), or -1 past max nodes. */
static int64_t ref_node(struct ref *r, bool *set, uint64_t max)
{
	for (uint32_t k = 0; k < r->n; k++)
		if (memcmp(r->sets[k], set, r->l->nstates * sizeof *set) == 0) {
			free(set);
			return k;
		}
	if (r->n >= max) {
		free(set);
		return -1;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->sets = realloc(r->sets, r->cap * sizeof *r->sets);
	}
	r->sets[r->n] = set;
	return r->n++;
}

static bool ref_on_tau_cycle(const struct lts *l, uint32_t s)
{
	bool *seen = calloc(l->nstates, sizeof *seen);
	for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++)
		if (l->edges[e].event == TAU)
			seen[l->edges[e].target] = true;
	ref_close(l, seen);
	bool on = seen[s];
	free(seen);
	return on;
}

static int popcount64(uint64_t x)
{
	int c = 0;
	for (; x; x &= x - 1)
		c++;
	return c;
}

/* Compare masks as sorted event arrays: by size, then lexicographically. */
static int cmp_mask(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	int pa = popcount64(a), pb = popcount64(b);
	if (pa != pb)
		return pa < pb ? -1 : 1;
	while (a != b) {
		/* the first differing element of the arrays */
		uint64_t la = a & -a, lb = b & -b;
		if (la != lb)
			return la < lb ? -1 : 1;
		a &= a - 1;
		b &= b - 1;
	}
	return 0;
}

/* The dump of l's normal form (malloc'd), or NULL past max nodes. */
static char *ref_dump(const struct lts *l, uint32_t nev, uint64_t max)
{
	struct ref r = { .l = l, .nev = nev };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool *s0 = calloc(l->nstates, sizeof *s0);
	s0[0] = true;
	ref_close(l, s0);
	bool limit = ref_node(&r, s0, max) < 0;
	for (uint32_t k = 0; k < r.n && !limit; k++) {
		const bool *set = r.sets[k];
		fprintf(f, "%u [", (unsigned)k);
		bool firstm = true, div = false;
		uint64_t masks[64 * 64];
		uint32_t nm = 0;
		for (uint32_t s = 0; s < l->nstates; s++) {
			if (!set[s])
				continue;
			fprintf(f, "%s%u", firstm ? "" : " ", (unsigned)s);
			firstm = false;
			div |= ref_on_tau_cycle(l, s);
			uint64_t m = 0;
			for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++)
				m |= (uint64_t)1 << l->edges[e].event;
			if (m & ((uint64_t)1 << TICK))
				masks[nm++] = (uint64_t)1 << TICK;
			else if (!(m & ((uint64_t)1 << TAU)))
				masks[nm++] = m;
		}
		ck_assert_uint_le(nm, 64 * 64);
		qsort(masks, nm, sizeof *masks, cmp_mask);
		fputs("] acc", f);
		bool any = false;
		for (uint32_t i = 0; i < nm; i++) {
			bool minimal = i == 0 || masks[i] != masks[i - 1];
			for (uint32_t j = 0; j < nm && minimal; j++)
				if (masks[j] != masks[i] && (masks[j] & ~masks[i]) == 0)
					minimal = false;
			if (!minimal)
				continue;
			any = true;
			fputs(" {", f);
			bool firste = true;
			for (uint32_t e = 0; e < 64; e++)
				if (masks[i] & ((uint64_t)1 << e)) {
					if (!firste)
						fputc(' ', f);
					put_event(f, e);
					firste = false;
				}
			fputc('}', f);
		}
		if (!any)
			fputs(" none", f);
		fputs(" edges", f);
		bool anye = false;
		for (event_id ev = TICK; ev < nev && !limit; ev++) {
			bool *t = calloc(l->nstates, sizeof *t);
			bool some = false;
			for (uint32_t s = 0; s < l->nstates; s++)
				for (uint64_t e = l->first[s]; set[s] && e < l->first[s + 1]; e++)
					if (l->edges[e].event == ev)
						t[l->edges[e].target] = some = true;
			if (!some) {
				free(t);
				continue;
			}
			anye = true;
			fputc(' ', f);
			put_event(f, ev);
			if (ev == TICK) {
				free(t);
				fputs(":omega", f);
				continue;
			}
			ref_close(l, t);
			int64_t to = ref_node(&r, t, max);
			limit = to < 0;
			fprintf(f, ":%lld", (long long)to);
		}
		if (!anye)
			fputs(" none", f);
		if (div)
			fputs(" divergent", f);
		fputc('\n', f);
	}
	fclose(f);
	for (uint32_t k = 0; k < r.n; k++)
		free(r.sets[k]);
	free(r.sets);
	if (limit) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* A random LTS of 1 .. 24 states over τ, ✓, a, b, c, d: each state gets
 * 0 .. 4 transitions, τ on about one in three, ✓ on one in twelve. */
static struct lts random_small_lts(uint64_t seed)
{
	uint64_t x = seed;
	uint32_t ns = 1 + (uint32_t)(next_random(&x) % 24);
	struct tr t[24 * 4];
	size_t n = 0;
	for (uint32_t s = 0; s < ns; s++) {
		uint32_t k = (uint32_t)(next_random(&x) % 5);
		for (uint32_t i = 0; i < k; i++) {
			uint32_t r = (uint32_t)(next_random(&x) % 12);
			event_id ev = r < 4 ? TAU : r == 4 ? TICK : (event_id)(A + (r - 5) % 4);
			t[n++] = (struct tr){ s, ev, (uint32_t)(next_random(&x) % ns) };
		}
	}
	return lts_of(ns, t, n);
}

/* 2000 random LTSs: normalise() and the naive normaliser agree on the
 * whole normal form, node numbering included, or both hit a limit of
 * 300 nodes. */
START_TEST(random_ltss_agree_with_a_naive_normaliser)
{
	unsigned limited = 0;
	for (uint64_t seed = 1; seed <= 2000; seed++) {
		struct lts l = random_small_lts(seed);
		struct normal n;
		char *want = ref_dump(&l, D + 1, 300);
		enum normal_result r = normalise(&l, 300, &n);
		if (!want) {
			ck_assert_msg(r == NORMAL_LIMIT, "seed %llu: expected the limit", (unsigned long long)seed);
			limited++;
		} else {
			ck_assert_msg(r == NORMAL_OK, "seed %llu: unexpected limit", (unsigned long long)seed);
			char *got = dump(&n);
			ck_assert_msg(strcmp(got, want) == 0, "seed %llu:\n%s\nwant:\n%s",
				      (unsigned long long)seed, got, want);
			free(got);
			normal_free(&n);
		}
		free(want);
		lts_free(&l);
	}
	ck_assert_uint_lt(limited, 100);
}
END_TEST

/* ------------------------------------------------------------ large cases */

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* An LTS of ns states with room for up to per_state edges each; fill rows
 * in state order with add_edge. */
struct gen {
	struct lts l;
	uint32_t cur;
};

static void gen_init(struct gen *g, uint32_t ns, uint64_t max_edges)
{
	g->l = (struct lts){ .nstates = ns };
	g->l.first = calloc((size_t)ns + 1, sizeof *g->l.first);
	g->l.edges = malloc(max_edges * sizeof *g->l.edges);
	g->cur = 0;
}

/* Add s -ev-> t; s must not decrease, and per row (ev, t) must increase. */
static void gen_edge(struct gen *g, uint32_t s, event_id ev, uint32_t t)
{
	while (g->cur < s)
		g->l.first[++g->cur] = g->l.ntrans;
	g->l.edges[g->l.ntrans++] = (struct lts_edge){ ev, t };
	g->l.first[s + 1] = g->l.ntrans;
}

static void gen_done(struct gen *g)
{
	while (g->cur < g->l.nstates)
		g->l.first[++g->cur] = g->l.ntrans;
}

/* 200 000 states: 2k -a-> 2k+1 -τ-> 2k+2. Node 0 = [0]; node k (1 ≤ k <
 * 100 000) = [2k-1 2k] accepting {a} (2k-1 has τ, 2k is stable), edge a
 * to node k+1; the last node, 100 000, = [199 999], stable, accepts {}.
 * 100 001 nodes, none divergent. */
START_TEST(a_long_chain_normalises_without_recursion)
{
	enum { N = 200000 };
	struct gen g;
	gen_init(&g, N, N);
	for (uint32_t s = 0; s + 1 < N; s++)
		gen_edge(&g, s, s % 2 == 0 ? A : TAU, s + 1);
	gen_done(&g);
	struct normal n;
	double t0 = seconds();
	ck_assert_int_eq(normalise(&g.l, UINT64_MAX, &n), NORMAL_OK);
	fprintf(stderr, "normalising a %u-state chain: %.3f s\n", (unsigned)N, seconds() - t0);
	ck_assert_uint_eq(n.nnodes, N / 2 + 1);
	ck_assert_uint_eq(n.mem_first[1], 1);
	/* (plain tests in the loop: a ck_assert per node would dominate) */
	uint32_t bad = 0;
	for (uint32_t k = 1; k < N / 2 && !bad; k++) {
		uint32_t set = n.acc_first[k];
		if (n.mem_first[k + 1] - n.mem_first[k] != 2 || n.mem[n.mem_first[k]] != 2 * k - 1 ||
		    n.mem[n.mem_first[k] + 1] != 2 * k || normal_after(&n, k, A) != k + 1 ||
		    n.first[k + 1] - n.first[k] != 1 || n.acc_first[k + 1] - set != 1 ||
		    n.acc_off[set + 1] - n.acc_off[set] != 1 || n.acc_events[n.acc_off[set]] != A ||
		    n.divergent[k])
			bad = k;
	}
	ck_assert_msg(bad == 0, "node %u is not [%u %u] accepting {a}", (unsigned)bad,
		      (unsigned)(2 * bad - 1), (unsigned)(2 * bad));
	ck_assert_uint_eq(n.mem[n.mem_first[N / 2]], N - 1);
	ck_assert(accepts(&n, N / 2, NULL, 0));
	normal_free(&n);
	lts_free(&g.l);
}
END_TEST

/* 1 000 000 states in one τ-cycle, i -τ-> i+1 mod N, and 0 -a-> 0. One
 * node holding every state (the τ-closure of 0), divergent (the τ-SCC
 * is the whole LTS, a million deep for a depth-first search), no stable
 * member, an a-edge to itself. */
START_TEST(a_million_state_tau_cycle_is_one_divergent_node)
{
	enum { N = 1000000 };
	struct gen g;
	gen_init(&g, N, N + 1);
	gen_edge(&g, 0, TAU, 1);
	gen_edge(&g, 0, A, 0);
	for (uint32_t s = 1; s < N; s++)
		gen_edge(&g, s, TAU, (s + 1) % N);
	gen_done(&g);
	struct normal n;
	double t0 = seconds();
	ck_assert_int_eq(normalise(&g.l, UINT64_MAX, &n), NORMAL_OK);
	fprintf(stderr, "normalising a %u-state tau-cycle: %.3f s\n", (unsigned)N, seconds() - t0);
	ck_assert_uint_eq(n.nnodes, 1);
	ck_assert_uint_eq(n.mem_first[1], N);
	uint32_t s = 0;
	while (s < N && n.mem[s] == s)
		s++;
	ck_assert_uint_eq(s, N);
	ck_assert(n.divergent[0]);
	ck_assert_uint_eq(n.acc_first[1], 0);
	ck_assert_uint_eq(normal_after(&n, 0, A), 0);
	normal_free(&n);
	lts_free(&g.l);
}
END_TEST

/* 1 000 000 states in one τ-path, i -τ-> i+1, the last stable with no
 * transition: one node of every state, not divergent (a million
 * singleton τ-SCCs), accepting {}. */
START_TEST(a_million_state_tau_path_is_one_convergent_node)
{
	enum { N = 1000000 };
	struct gen g;
	gen_init(&g, N, N);
	for (uint32_t s = 0; s + 1 < N; s++)
		gen_edge(&g, s, TAU, s + 1);
	gen_done(&g);
	struct normal n;
	ck_assert_int_eq(normalise(&g.l, UINT64_MAX, &n), NORMAL_OK);
	ck_assert_uint_eq(n.nnodes, 1);
	ck_assert_uint_eq(n.mem_first[1], N);
	ck_assert(!n.divergent[0]);
	ck_assert(accepts(&n, 0, NULL, 0));
	normal_free(&n);
	lts_free(&g.l);
}
END_TEST

static int cmp_edge_t(const void *x, const void *y)
{
	const struct lts_edge *a = x, *b = y;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->target < b->target ? -1 : a->target > b->target;
}

/* A random LTS of ns states (a multiple of 4) whose normal form stays
 * small: the states form clusters of four, 4c .. 4c+3. Each state has a
 * τ-edge with probability 1/4 to a state of its own cluster (itself
 * included, so τ self-loops and τ-cycles occur), a ✓ with probability
 * 1/32, and on each of a, b, c, d, with probability 1/2, an edge (and with
 * probability 1/8 a second one) to random states of cluster f(c, event),
 * a fixed random function. Every member set then lies within one cluster,
 * so there are at most 15 nodes per cluster, while the construction still
 * merges, splits and re-finds sets. Seeded: the LTS is fixed. */
static struct lts random_large_lts(uint32_t ns, uint64_t seed)
{
	uint64_t x = seed;
	uint32_t nc = ns / 4;
	struct gen g;
	gen_init(&g, ns, (uint64_t)ns * 10);
	for (uint32_t s = 0; s < ns; s++) {
		struct lts_edge row[10];
		uint32_t k = 0, c = s / 4;
		if (next_random(&x) % 4 == 0)
			row[k++] = (struct lts_edge){ TAU, 4 * c + (uint32_t)(next_random(&x) % 4) };
		if (next_random(&x) % 32 == 0)
			row[k++] = (struct lts_edge){ TICK, (uint32_t)(next_random(&x) % ns) };
		for (event_id ev = A; ev <= D; ev++) {
			uint64_t y = seed ^ ((uint64_t)c << 8 | ev);
			uint32_t to = (uint32_t)(next_random(&y) % nc);
			if (next_random(&x) % 2 == 0)
				row[k++] = (struct lts_edge){ ev, 4 * to + (uint32_t)(next_random(&x) % 4) };
			if (next_random(&x) % 8 == 0)
				row[k++] = (struct lts_edge){ ev, 4 * to + (uint32_t)(next_random(&x) % 4) };
		}
		qsort(row, k, sizeof *row, cmp_edge_t);
		for (uint32_t i = 0; i < k; i++)
			if (i == 0 || cmp_edge_t(&row[i - 1], &row[i]) != 0)
				gen_edge(&g, s, row[i].event, row[i].target);
	}
	gen_done(&g);
	return g.l;
}

static void check_same(const struct normal *x, const struct normal *y)
{
	ck_assert_uint_eq(x->nnodes, y->nnodes);
	uint32_t nn = x->nnodes;
	uint32_t nsets = x->acc_first[nn];
	ck_assert(memcmp(x->first, y->first, (nn + 1) * sizeof *x->first) == 0);
	ck_assert(memcmp(x->edges, y->edges, x->first[nn] * sizeof *x->edges) == 0);
	ck_assert(memcmp(x->acc_first, y->acc_first, (nn + 1) * sizeof *x->acc_first) == 0);
	ck_assert(memcmp(x->acc_off, y->acc_off, (nsets + 1) * sizeof *x->acc_off) == 0);
	ck_assert(memcmp(x->acc_events, y->acc_events, x->acc_off[nsets] * sizeof *x->acc_events) == 0);
	ck_assert(memcmp(x->mem_first, y->mem_first, (nn + 1) * sizeof *x->mem_first) == 0);
	ck_assert(memcmp(x->mem, y->mem, x->mem_first[nn] * sizeof *x->mem) == 0);
	ck_assert(memcmp(x->divergent, y->divergent, nn) == 0);
}

/* What is wrong with node k of n, the normal form of l, or NULL: its
 * members must be sorted, τ-closed and within one cluster of four; its
 * edges sorted, one per event, never τ, ✓ to Ω, and each visible one to
 * the node whose members are the τ-closure of the members' targets.
 * in[] (all zero, left so) and stack[] have room for every state. */
static const char *node_problem(const struct lts *l, const struct normal *n, uint32_t k, uint8_t *in,
				uint32_t *stack)
{
	const char *why = NULL;
	const uint32_t *m = n->mem + n->mem_first[k];
	uint64_t nm = n->mem_first[k + 1] - n->mem_first[k];
	if (nm == 0)
		return "no members";
	for (uint64_t i = 0; i < nm; i++) {
		if (i > 0 && m[i - 1] >= m[i])
			return "members not sorted";
		if (m[i] / 4 != m[0] / 4)
			return "members in two clusters";
	}
	for (uint64_t i = 0; i < nm; i++)
		in[m[i]] = 1;
	for (uint64_t i = 0; i < nm && !why; i++) {
		uint32_t ne;
		const struct lts_edge *e = lts_out(l, m[i], &ne);
		for (uint32_t j = 0; j < ne && e[j].event == TAU; j++)
			if (!in[e[j].target])
				why = "members not tau-closed";
	}
	for (uint64_t i = 0; i < nm; i++)
		in[m[i]] = 0;
	for (uint64_t i = n->first[k]; i < n->first[k + 1] && !why; i++) {
		event_id ev = n->edges[i].event;
		uint32_t to = n->edges[i].target;
		if (ev == TAU)
			return "a tau edge";
		if (i > n->first[k] && n->edges[i - 1].event >= ev)
			return "edges not sorted";
		if (ev == TICK) {
			if (to != NORMAL_OMEGA)
				return "tick not to omega";
			continue;
		}
		if (to >= n->nnodes)
			return "edge to no node";
		/* the τ-closure of the targets, marked in in[] */
		uint32_t sp = 0, count = 0;
		for (uint64_t j = 0; j < nm; j++) {
			uint32_t ne;
			const struct lts_edge *e = lts_out(l, m[j], &ne);
			for (uint32_t q = 0; q < ne; q++)
				if (e[q].event == ev && !in[e[q].target])
					in[stack[sp++] = e[q].target] = 1;
		}
		for (uint32_t j = 0; j < sp; j++) {
			uint32_t ne;
			const struct lts_edge *e = lts_out(l, stack[j], &ne);
			for (uint32_t q = 0; q < ne && e[q].event == TAU; q++)
				if (!in[e[q].target])
					in[stack[sp++] = e[q].target] = 1;
		}
		for (uint64_t j = n->mem_first[to]; j < n->mem_first[to + 1]; j++)
			count += in[n->mem[j]];
		if (count != sp || n->mem_first[to + 1] - n->mem_first[to] != sp)
			why = "an edge to the wrong node";
		for (uint32_t j = 0; j < sp; j++)
			in[stack[j]] = 0;
	}
	return why;
}

/* The random 100 000-state LTS twice: the same normal form both times,
 * and every node as node_problem() wants it. */
START_TEST(a_large_random_lts_normalises_the_same_way_every_time)
{
	enum { N = 100000 };
	struct lts l = random_large_lts(N, 42);
	struct normal n1, n2;
	double t0 = seconds();
	ck_assert_int_eq(normalise(&l, 4000000, &n1), NORMAL_OK);
	fprintf(stderr, "normalising a random %u-state LTS (%llu transitions): %u nodes, %llu members, %.3f s\n",
		(unsigned)N, (unsigned long long)l.ntrans, (unsigned)n1.nnodes,
		(unsigned long long)n1.mem_first[n1.nnodes], seconds() - t0);
	ck_assert_int_eq(normalise(&l, 4000000, &n2), NORMAL_OK);
	check_same(&n1, &n2);
	uint8_t *in = calloc(N, 1);
	uint32_t *stack = malloc((size_t)N * sizeof *stack);
	const char *why = NULL;
	uint32_t k = 0;
	for (; k < n1.nnodes && !why; k++)
		why = node_problem(&l, &n1, k, in, stack);
	ck_assert_msg(!why, "node %u: %s", (unsigned)(k - 1), why);
	free(stack);
	free(in);
	normal_free(&n1);
	normal_free(&n2);
	/* the same LTS with a limit below its size */
	struct normal n3;
	ck_assert_int_eq(normalise(&l, 1000, &n3), NORMAL_LIMIT);
	ck_assert_uint_eq(n3.nnodes, 0);
	lts_free(&l);
}
END_TEST

static Suite *normal_suite(void)
{
	Suite *s = suite_create("normal");
	TCase *tc = unit_tcase(s, "small");
	tcase_add_test(tc, a_deterministic_process_is_its_own_normal_form);
	tcase_add_test(tc, internal_choice_has_one_minimal_acceptance_per_branch);
	tcase_add_test(tc, external_and_internal_choice_differ_only_in_acceptances);
	tcase_add_test(tc, div_alone_is_one_divergent_node_without_acceptances);
	tcase_add_test(tc, a_tau_cycle_makes_its_node_divergent);
	tcase_add_test(tc, a_tau_diamond_is_not_a_cycle_but_a_tail_into_one_diverges);
	tcase_add_test(tc, skip_accepts_tick_and_ticks_to_omega);
	tcase_add_test(tc, a_state_with_an_event_and_tick_accepts_only_tick);
	tcase_add_test(tc, a_state_with_tau_and_tick_still_accepts_tick);
	tcase_add_test(tc, nondeterministic_branching_on_one_event_merges_the_targets);
	tcase_add_test(tc, two_paths_to_the_same_set_share_one_node);
	tcase_add_test(tc, only_minimal_acceptances_are_kept);
	tcase_add_test(tc, an_empty_acceptance_makes_every_other_one_redundant);
	tcase_add_test(tc, acceptances_are_ordered_by_size_then_lexicographically);
	tcase_add_test(tc, more_nodes_than_the_limit_is_an_inconclusive_outcome);
	tcase_add_test(tc, after_and_has_find_every_edge_of_a_wide_node);
	TCase *tr = unit_tcase(s, "random");
	tcase_add_test(tr, random_ltss_agree_with_a_naive_normaliser);
	TCase *tl = unit_tcase(s, "large");
	tcase_add_test(tl, a_long_chain_normalises_without_recursion);
	tcase_add_test(tl, a_million_state_tau_cycle_is_one_divergent_node);
	tcase_add_test(tl, a_million_state_tau_path_is_one_convergent_node);
	tcase_add_test(tl, a_large_random_lts_normalises_the_same_way_every_time);
	return s;
}

int main(void)
{
	return unit_run(normal_suite());
}
