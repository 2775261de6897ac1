/*
 * tests/checker/test_por.c — Check suite for checker/por.c: the stubborn
 * set chosen at a network's initial state, each case derived by hand from
 * the closure rules at the top of checker/por.h.
 *
 * A case builds a network, generates its initial state's successors, asks
 * por_reduce which to follow, and compares the events kept (τ written
 * "tau") with the expected list. The verdict-level property (the reduction
 * never changes a verdict, and a counterexample found with it is real) is
 * the differential test's `--por` mode (tests/checker/diff).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char the_script[] =
	"channel a, b, c, d\n"
	"IL = a -> STOP ||| b -> STOP\n"
	"SYNC = (a -> b -> STOP) [| {b} |] (b -> STOP [] c -> STOP)\n"
	"CHOICE = a -> STOP ||| (STOP |~| b -> STOP)\n"
	"TERM = SKIP ||| SKIP\n";

#include "checker/por.h"
#include "tests/lts/net_fixture.h"

/* The events of the successors por_reduce keeps at expr's initial state,
 * in successor order, written into buf ("a b tau"); returns how many. */
static uint32_t kept(const char *expr, enum por_mode mode, bool visible, char *buf, size_t cap)
{
	struct net net;
	build_ok(expr, &net);
	ck_assert_ptr_null(por_unsupported(&net));
	struct net_succ succ;
	memset(&succ, 0, sizeof succ);
	net_successors(&net, net.initial, &succ);
	uint8_t *keep = xcalloc((size_t)succ.n + 1, 1);
	struct por *p = por_new(&net, mode, visible);
	uint32_t n = por_reduce(p, net.initial, &succ, keep);
	uint32_t count = 0;
	buf[0] = 0;
	for (uint32_t k = 0; k < succ.n; k++) {
		if (!keep[k])
			continue;
		count++;
		size_t len = strlen(buf);
		if (succ.event[k] == EVENT_TAU) {
			snprintf(buf + len, cap - len, "%stau", len ? " " : "");
		} else {
			char *name = NULL;
			size_t nlen = 0;
			FILE *f = open_memstream(&name, &nlen);
			event_print(f, &events, &values, succ.event[k]);
			fclose(f);
			snprintf(buf + len, cap - len, "%s%s", len ? " " : "", name);
			free(name);
		}
	}
	ck_assert_uint_eq(n, count);
	por_free(p);
	free(keep);
	net_succ_free(&succ);
	net_free(&net);
	return count;
}

#define KEPT(expr, mode, visible, want)                                                                \
	do {                                                                                           \
		char got_[256];                                                                        \
		kept(expr, mode, visible, got_, sizeof got_);                                          \
		ck_assert_msg(strcmp(got_, want) == 0, "%s: kept '%s', expected '%s'", expr, got_, want); \
	} while (0)

/* a and b involve different leaves: for deadlocks, {a} is stubborn */
START_TEST(test_independent_events_keep_one_when_only_deadlocks_matter)
{
	KEPT("IL", POR_HYBRID, false, "a");
	KEPT("IL", POR_FAST, false, "a");
	KEPT("IL", POR_PRECISE, false, "a");
}
END_TEST

/* with traces, visible steps bring in every visible step: no reduction */
START_TEST(test_visible_events_are_never_reordered_when_traces_matter)
{
	KEPT("IL", POR_HYBRID, true, "a b");
	KEPT("IL", POR_FAST, true, "a b");
	KEPT("IL", POR_PRECISE, true, "a b");
}
END_TEST

/* a hidden, b visible: the invisible step alone is stubborn */
START_TEST(test_a_hidden_independent_step_is_followed_alone)
{
	KEPT("IL \\ {a}", POR_HYBRID, true, "tau");
	KEPT("IL \\ {b}", POR_FAST, true, "tau");
	KEPT("IL \\ {a}", POR_PRECISE, true, "tau");
}
END_TEST

/* b needs the left leaf, which cannot do b yet; seed a touches only the
 * left leaf, so {a} is stubborn (c could take b away from the right
 * leaf, but b is disabled until a happens, which is in the set). Seed c
 * touches the right leaf, which offers b, whose left leaf must then be
 * touched: everything. Hybrid keeps the smaller. */
START_TEST(test_a_disabled_rule_touches_the_leaf_that_blocks_it)
{
	KEPT("SYNC", POR_HYBRID, false, "a");
	KEPT("SYNC", POR_PRECISE, false, "a");
	KEPT("SYNC \\ {a, c}", POR_HYBRID, true, "tau");
}
END_TEST

/* fast tries the first seed only: c first (a is visible here), whose set
 * is everything */
START_TEST(test_fast_gives_up_after_one_seed)
{
	KEPT("SYNC \\ {c}", POR_FAST, true, "a tau");
}
END_TEST

/* at an unstable state a visible seed is not allowed when traces matter,
 * even in precise mode: the set {a} would skip the internal choice, and
 * with it the stable state that refuses a after <> */
START_TEST(test_an_unstable_state_keeps_an_invisible_step)
{
	KEPT("CHOICE", POR_PRECISE, true, "tau tau");
	KEPT("CHOICE", POR_HYBRID, true, "tau tau");
	/* for deadlocks alone, a is enough */
	KEPT("CHOICE", POR_HYBRID, false, "a");
}
END_TEST

START_TEST(test_terminating_parallel_is_not_reduced)
{
	struct net net;
	build_ok("TERM", &net);
	ck_assert_ptr_nonnull(por_unsupported(&net));
	net_free(&net);
	build_ok("IL", &net);
	ck_assert_ptr_null(por_unsupported(&net));
	net_free(&net);
}
END_TEST

static Suite *por_suite(void)
{
	Suite *s = suite_create("por");
	TCase *tc = unit_tcase(s, "stubborn sets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_independent_events_keep_one_when_only_deadlocks_matter);
	tcase_add_test(tc, test_visible_events_are_never_reordered_when_traces_matter);
	tcase_add_test(tc, test_a_hidden_independent_step_is_followed_alone);
	tcase_add_test(tc, test_a_disabled_rule_touches_the_leaf_that_blocks_it);
	tcase_add_test(tc, test_fast_gives_up_after_one_seed);
	tcase_add_test(tc, test_an_unstable_state_keeps_an_invisible_step);
	tcase_add_test(tc, test_terminating_parallel_is_not_reduced);
	return s;
}

int main(void)
{
	return unit_run(por_suite());
}
