/*
 * tests/sem/test_event.c — Check suite for semantics/event: dense event
 * ids (0 is τ, 1 is ✓), interning, event sets as sorted id arrays, and
 * printing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atom.h"
#include "semantics/event.h"
#include "semantics/value.h"
#include "tests/unit/unit.h"

static struct atom_table atoms;
static struct value_table V;
static struct event_table E;

static void setup(void)
{
	atom_table_init(&atoms);
	value_table_init(&V, &atoms);
	event_table_init(&E);
}

static void teardown(void)
{
	event_table_free(&E);
	value_table_free(&V);
	atom_table_free(&atoms);
}

/* c.i for a channel c of one field */
static value_id ev(const char *chan, int64_t i)
{
	value_id c = value_name(&V, atom_intern_cstr(&atoms, chan), 1, 1);
	value_id f = value_int(&V, i);
	return value_dot(&V, c, &f, 1);
}

static char *printed(event_id e)
{
	static char buf[64];
	FILE *m = fmemopen(buf, sizeof buf, "w");
	event_print(m, &E, &V, e);
	fclose(m);
	return buf;
}

START_TEST(test_the_first_event_gets_id_two_after_tau_and_tick)
{
	ck_assert_uint_eq(event_intern(&E, ev("c", 0)), 2);
	ck_assert_uint_eq(event_intern(&E, ev("c", 1)), 3);
}
END_TEST

START_TEST(test_interning_an_event_twice_gives_one_id)
{
	event_id a = event_intern(&E, ev("c", 5));
	ck_assert_uint_eq(event_intern(&E, ev("c", 5)), a);
	ck_assert_uint_eq(event_value(&E, a), ev("c", 5));
}
END_TEST

START_TEST(test_lookup_does_not_intern)
{
	ck_assert_uint_eq(event_lookup(&E, ev("c", 7)), EVENT_TAU);
	event_id a = event_intern(&E, ev("c", 7));
	ck_assert_uint_eq(event_lookup(&E, ev("c", 7)), a);
	ck_assert_uint_eq(E.count, 3);
}
END_TEST

START_TEST(test_tau_and_tick_have_no_value_and_print_by_name)
{
	ck_assert_uint_eq(event_value(&E, EVENT_TAU), VALUE_NONE);
	ck_assert_uint_eq(event_value(&E, EVENT_TICK), VALUE_NONE);
	ck_assert_str_eq(printed(EVENT_TAU), "tau");
	ck_assert_str_eq(printed(EVENT_TICK), "tick");
}
END_TEST

START_TEST(test_an_event_prints_in_cspm_syntax)
{
	ck_assert_str_eq(printed(event_intern(&E, ev("left", 3))), "left.3");
}
END_TEST

START_TEST(test_the_table_grows_to_a_hundred_thousand_events_keeping_ids)
{
	for (int i = 0; i < 100000; i++)
		ck_assert_uint_eq(event_intern(&E, ev("c", i)), (event_id)i + 2);
	for (int i = 0; i < 100000; i += 997)
		ck_assert_uint_eq(event_lookup(&E, ev("c", i)), (event_id)i + 2);
}
END_TEST

START_TEST(test_an_event_set_is_sorted_by_id_whatever_the_value_order)
{
	event_intern(&E, ev("c", 9)); /* id 2 */
	value_id xs[3] = {ev("c", 1), ev("c", 9), ev("c", 4)};
	struct event_set s = event_set_of(&E, &V, value_set(&V, xs, 3));
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(s.ids[0], 2);
	ck_assert(s.ids[0] < s.ids[1] && s.ids[1] < s.ids[2]);
	ck_assert(event_set_member(&s, event_lookup(&E, ev("c", 4))));
	ck_assert(!event_set_member(&s, EVENT_TAU));
	event_set_free(&s);
}
END_TEST

START_TEST(test_union_and_intersection_merge_sorted_sets)
{
	value_id a[3] = {ev("c", 0), ev("c", 1), ev("c", 2)};
	value_id b[2] = {ev("c", 2), ev("c", 3)};
	struct event_set sa = event_set_of(&E, &V, value_set(&V, a, 3));
	struct event_set sb = event_set_of(&E, &V, value_set(&V, b, 2));
	struct event_set u = event_set_union(&sa, &sb), i = event_set_inter(&sa, &sb);
	ck_assert_uint_eq(u.n, 4);
	for (uint32_t k = 1; k < u.n; k++)
		ck_assert(u.ids[k - 1] < u.ids[k]);
	ck_assert_uint_eq(i.n, 1);
	ck_assert_uint_eq(i.ids[0], event_lookup(&E, ev("c", 2)));
	event_set_free(&sa);
	event_set_free(&sb);
	event_set_free(&u);
	event_set_free(&i);
}
END_TEST

START_TEST(test_the_empty_set_has_no_events)
{
	struct event_set s = event_set_of(&E, &V, value_set(&V, NULL, 0));
	ck_assert_uint_eq(s.n, 0);
	ck_assert(!event_set_member(&s, 2));
	struct event_set u = event_set_union(&s, &s);
	ck_assert_uint_eq(u.n, 0);
	event_set_free(&u);
	event_set_free(&s);
}
END_TEST

static Suite *event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = unit_tcase(s, "ids");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_the_first_event_gets_id_two_after_tau_and_tick);
	tcase_add_test(tc, test_interning_an_event_twice_gives_one_id);
	tcase_add_test(tc, test_lookup_does_not_intern);
	tcase_add_test(tc, test_tau_and_tick_have_no_value_and_print_by_name);
	tcase_add_test(tc, test_an_event_prints_in_cspm_syntax);
	tcase_add_test(tc, test_the_table_grows_to_a_hundred_thousand_events_keeping_ids);
	tc = unit_tcase(s, "sets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_an_event_set_is_sorted_by_id_whatever_the_value_order);
	tcase_add_test(tc, test_union_and_intersection_merge_sorted_sets);
	tcase_add_test(tc, test_the_empty_set_has_no_events);
	return s;
}

int main(void)
{
	return unit_run(event_suite());
}
