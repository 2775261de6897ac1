/*
 * tests/types/test_types.c — Check suite for semantics/types: the types
 * inferred for small scripts (printed as libcspm prints them) and the
 * exact messages for ill-typed ones.
 *
 * Every test parses a script with parse_string, resolves names and runs
 * types_check. Scripts that must type-check are asserted to produce no
 * diagnostic at all; the type of a top-level name is printed with
 * types_print_symbol. Diagnostics are compared without the source line
 * (show_source off), so the expected text is just the message lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"
#include "semantics/scope.h"
#include "semantics/types.h"
#include "tests/unit/unit.h"
#include "tests/unit/front.h"

/* --------------------------------------------------------------- harness */

static struct sink shown;
static struct scope_table scopes;
static struct type_ctx *tc;
static unsigned type_errors;

static void setup(void)
{
	front_setup(false);
	sink_open(&shown);
	scope_table_init(&scopes);
	tc = NULL;
	type_errors = 0;
}

static void teardown(void)
{
	types_free(tc);
	scope_table_free(&scopes);
	sink_close(&shown);
	front_teardown();
}

/* Parse, resolve and type-check `text` as "test.csp". */
static void check(const char *text)
{
	struct ast *root = parse_string(&env, "test.csp", text, strlen(text));
	ck_assert_ptr_nonnull(root);
	ck_assert_msg(dg.errors == 0, "syntax errors:\n%s", sink_text(&errs));
	ck_assert_msg(scope_resolve(&scopes, root, &atoms, &dg) == 0, "name errors:\n%s", sink_text(&errs));
	tc = types_new();
	type_errors = types_check(tc, root, &scopes, &atoms, &dg);
}

/* The top-level symbol called `name` (the last one defined). */
static sym_id find(const char *name)
{
	sym_id found = 0;
	for (size_t s = 1; s < scopes.syms.n; s++)
		if (scopes.syms.v[s].toplevel && strcmp(atom_str(&atoms, scopes.syms.v[s].name), name) == 0)
			found = (sym_id)s;
	ck_assert_msg(found != 0, "no top-level '%s'", name);
	return found;
}

/* The printed scheme of top-level `name`. */
static const char *type_of(const char *name)
{
	sym_id s = find(name);
	sink_close(&shown);
	sink_open(&shown);
	types_print_symbol(shown.f, tc, s);
	return sink_text(&shown);
}

#define assert_well_typed(text)                                                                    \
	do {                                                                                       \
		check(text);                                                                       \
		ck_assert_msg(type_errors == 0, "unexpected type errors:\n%s", sink_text(&errs));  \
		ck_assert_str_eq(sink_text(&errs), "");                                            \
	} while (0)

#define assert_type(text, name, want)                                                              \
	do {                                                                                       \
		assert_well_typed(text);                                                           \
		ck_assert_str_eq(type_of(name), want);                                             \
	} while (0)

#define assert_errors(text, want)                                                                  \
	do {                                                                                       \
		check(text);                                                                       \
		ck_assert_str_eq(sink_text(&errs), want);                                          \
		ck_assert_uint_eq(type_errors, count_of(want, ": error: "));                      \
	} while (0)

/* ------------------------------------------------------- inferred types */

START_TEST(test_literals_have_their_basic_types)
{
	assert_type("x = (1, true, 'c', \"str\")\n", "x", "(Int, Bool, Char, <Char>)");
}
END_TEST

START_TEST(test_arithmetic_gives_int_functions)
{
	assert_type("f(x) = x + 1\n", "f", "(Int) -> Int");
}
END_TEST

START_TEST(test_equality_puts_eq_on_the_argument)
{
	assert_type("g(x, y) = if x == y then <x> else <>\n", "g", "Eq a => (a, a) -> <a>");
}
END_TEST

START_TEST(test_ordering_puts_ord_on_the_argument)
{
	assert_type("lt(x, y) = x < y\n", "lt", "Ord a => (a, a) -> Bool");
}
END_TEST

START_TEST(test_a_set_literal_needs_set_elements)
{
	assert_type("h = \\ x @ {x}\n", "h", "Set a => (a) -> {a}");
}
END_TEST

START_TEST(test_identity_is_polymorphic_at_top_level)
{
	assert_type("id(x) = x\npp = (id(1), id(true))\n", "pp", "(Int, Bool)");
	ck_assert_str_eq(type_of("id"), "(a) -> a");
}
END_TEST

START_TEST(test_a_channel_with_fields_is_a_dotable_to_event)
{
	assert_type("channel c : Int.Bool\n", "c", "Int => Bool => Event");
}
END_TEST

START_TEST(test_a_channel_without_fields_is_an_event)
{
	assert_type("channel a, b\n", "b", "Event");
}
END_TEST

START_TEST(test_datatype_constructors_are_dotables_to_the_datatype)
{
	assert_type("datatype T = A | B.Bool | C.{0..2}.T\n", "C", "Int => T => T");
	ck_assert_str_eq(type_of("A"), "T");
	ck_assert_str_eq(type_of("T"), "{T}");
}
END_TEST

START_TEST(test_a_prefix_with_input_and_output_is_a_process)
{
	assert_type("channel c : Int.Bool\nchannel d : Int\nQ = c?x!true -> d!x -> STOP\n", "Q", "Proc");
}
END_TEST

START_TEST(test_productions_of_a_channel_are_events)
{
	assert_type("channel c : Int.Bool\nchannel b : {0..1}\nS = {| c, b.1 |}\n", "S", "{Event}");
}
END_TEST

START_TEST(test_maps_have_key_and_value_types)
{
	assert_type("m = mapFromList(<(1, true)>)\nv = mapLookup(m, 1)\n", "m", "(| Int => Bool |)");
	ck_assert_str_eq(type_of("v"), "Bool");
}
END_TEST

START_TEST(test_a_dotted_event_is_an_event)
{
	assert_type("channel c : Int.Bool\ne = c.1.true\n", "e", "Event");
}
END_TEST

START_TEST(test_a_partially_dotted_channel_is_dotable)
{
	assert_type("channel c : Int.Bool\ne = c.1\n", "e", "Bool => Event");
}
END_TEST

START_TEST(test_nametypes_and_comprehensions_are_typed)
{
	assert_type("nametype V = {0..3}\nS = {(x, y) | x <- V, y <- {true}}\n", "S", "{(Int, Bool)}");
}
END_TEST

START_TEST(test_recursive_functions_are_typed_as_a_group)
{
	assert_type("even(0) = true\neven(n) = odd(n - 1)\nodd(0) = false\nodd(n) = even(n - 1)\n", "odd",
		    "(Int) -> Bool");
}
END_TEST

START_TEST(test_a_type_annotation_is_taken_as_given)
{
	assert_type("f :: (Eq a) => (a) -> <a>\nf(x) = <x>\n", "f", "Eq a => (a) -> <a>");
}
END_TEST

START_TEST(test_sequence_patterns_and_concatenation_are_typed)
{
	assert_type("rev(<>) = <>\nrev(<x>^xs) = rev(xs)^<x>\n", "rev", "(<a>) -> <a>");
}
END_TEST

START_TEST(test_curried_functions_are_typed)
{
	assert_type("add(x)(y) = x + y\ninc = add(1)\n", "inc", "(Int) -> Int");
}
END_TEST

START_TEST(test_parallel_operators_take_event_sets)
{
	assert_type("channel a, b\nP = a -> P [| {a} |] (b -> STOP ||| SKIP) \\ {b}\n"
		    "Q = [| {a} |] i : {1, 2} @ a -> STOP\nR = P [a <-> a] Q\n",
		    "R", "Proc");
}
END_TEST

START_TEST(test_renaming_pairs_are_channels_of_one_type)
{
	assert_type("channel a, b : Bool\nP = (a?x -> STOP) [[ a <- b ]]\n", "P", "Proc");
}
END_TEST

START_TEST(test_module_instances_give_parameter_types_per_instance)
{
	assert_type("module M(X)\nexports\n  f(y) = member(y, X)\nendmodule\n"
		    "instance I = M({1})\ninstance J = M({true})\nt = (I::f(1), J::f(false))\n",
		    "t", "(Bool, Bool)");
}
END_TEST

START_TEST(test_let_bound_names_without_annotations_are_monomorphic)
{
	assert_errors("f = let g(x) = x within (g(0), g(true))\n",
		      "test.csp:1:34: error: type mismatch in 'g(true)': expected Int, found Bool\n");
}
END_TEST

START_TEST(test_prelude_functions_have_their_libcspm_types)
{
	assert_type("s = union({1}, {2})\nn = card(s)\nl = seq(s)\nb = elem(1, l)\nx = head(<true>)\n", "l",
		    "<Int>");
	ck_assert_str_eq(type_of("n"), "Int");
	ck_assert_str_eq(type_of("b"), "Bool");
	ck_assert_str_eq(type_of("x"), "Bool");
}
END_TEST

START_TEST(test_assertions_accept_processes_and_traces_of_events)
{
	assert_well_typed("channel a, b : {0}\nP = a.0 -> STOP\n"
			  "assert P [T= P\nassert P :[deadlock free [F]]\n"
			  "assert P :[has trace]: <a.0, b.0>\n"
			  "assert P :[deterministic] :[tau priority]: {a.0}\n");
}
END_TEST

/* --------------------------------------------------------------- errors */

START_TEST(test_adding_a_boolean_is_a_mismatch)
{
	assert_errors("x = 1 + true\n",
		      "test.csp:1:9: error: type mismatch in '1 + true': expected Int, found Bool\n");
}
END_TEST

START_TEST(test_processes_cannot_be_compared)
{
	assert_errors("x = STOP == SKIP\n",
		      "test.csp:1:5: error: missing constraint in 'STOP == SKIP': Proc is not in Eq\n");
}
END_TEST

START_TEST(test_functions_cannot_be_set_elements)
{
	assert_errors("x = {\\ y @ y + 1}\n",
		      "test.csp:1:6: error: missing constraint in '\\ y @ y + 1': (Int) -> Int is not in Set\n");
}
END_TEST

START_TEST(test_booleans_are_not_ordered)
{
	assert_errors("x = true < false\n",
		      "test.csp:1:5: error: missing constraint in 'true < false': Bool is not in Ord\n");
}
END_TEST

START_TEST(test_a_wrong_number_of_arguments_is_reported)
{
	assert_errors("f(x, y) = x + y\nz = f(1)\n",
		      "test.csp:2:5: error: wrong number of arguments in a call of 'f': it takes 2, given 1\n");
}
END_TEST

START_TEST(test_an_infinite_type_is_reported)
{
	assert_errors("f(x) = f(<x>)\n",
		      "test.csp:1:1: error: infinite type in 'f(x) = f(<x>)': a would have to equal <a>\n");
}
END_TEST

START_TEST(test_prefixing_with_a_channel_that_needs_fields_is_a_mismatch)
{
	assert_errors("channel c : Int\nP = c -> STOP\n",
		      "test.csp:2:5: error: type mismatch in 'c -> STOP': expected Event, found Int => Event\n");
}
END_TEST

START_TEST(test_a_field_of_the_wrong_type_is_a_mismatch)
{
	assert_errors("channel c : Int\nP = c!true -> STOP\n",
		      "test.csp:2:5: error: type mismatch in 'c!true': expected Event, "
		      "found (Int => Event).Bool\n");
}
END_TEST

START_TEST(test_a_channel_of_processes_is_rejected)
{
	assert_errors("channel y : Proc\n",
		      "test.csp:1:13: error: missing constraint in 'channel y : Proc': Proc is not in Eq\n");
}
END_TEST

START_TEST(test_a_channel_over_an_empty_set_is_ambiguous)
{
	assert_errors("X = {}\nchannel c : X\n",
		      "test.csp:2:9: error: the type of channel 'c' is ambiguous: Eq a, Complete a => a => Event "
		      "(its fields must have one type: is a set in its declaration empty?)\n");
}
END_TEST

START_TEST(test_an_annotation_that_is_too_general_is_rejected)
{
	assert_errors("f :: (a) -> b\nf(x) = x\n",
		      "test.csp:2:8: error: type mismatch in 'f(x) = x': expected b, found a\n");
}
END_TEST

START_TEST(test_an_annotation_without_a_needed_constraint_is_rejected)
{
	assert_errors("f :: (a, a) -> Bool\nf(x, y) = x == y\n",
		      "test.csp:2:11: error: missing constraint in 'x == y': a is not in Eq\n");
}
END_TEST

START_TEST(test_renaming_needs_channels_of_the_same_type)
{
	assert_errors("channel a : Bool\nchannel c : Int.Bool\nP = STOP [[ a <- c ]]\n",
		      "test.csp:3:18: error: type mismatch in 'STOP [[ a <- c ]]': expected Bool => Event, "
		      "found Int => Bool => Event\n");
}
END_TEST

START_TEST(test_a_sequential_replication_needs_a_sequence)
{
	assert_errors("channel c : {0,1}\nP = ; x : {0,1} @ c.x -> SKIP\n",
		      "test.csp:2:7: error: type mismatch in 'x : {0,1}': expected <a>, found {Int}\n");
}
END_TEST

START_TEST(test_a_pattern_cannot_have_two_variable_parts)
{
	assert_errors("f(xs^ys) = true\n",
		      "test.csp:1:3: error: 'xs^ys' is not a valid sequence pattern: at most one part may be a "
		      "variable\n");
}
END_TEST

START_TEST(test_a_generator_binding_a_name_twice_is_rejected)
{
	assert_errors("P = {x | x <- {0..1}, x <- {0..1}}\n",
		      "test.csp:1:23: error: 'x' is bound twice: an earlier generator or input binds it too\n");
}
END_TEST

START_TEST(test_independent_errors_are_all_reported)
{
	assert_errors("x = 1 + true\ny = not 3\nz = x\nw = 1\n",
		      "test.csp:1:9: error: type mismatch in '1 + true': expected Int, found Bool\n"
		      "test.csp:2:9: error: type mismatch in 'not 3': expected Bool, found Int\n");
	ck_assert_str_eq(type_of("w"), "Int");
}
END_TEST

START_TEST(test_linked_parallel_is_not_allowed_in_timed_sections)
{
	assert_errors("channel a, b\nchannel tock\nTimed (\\ _ @ 1) {\n  P = STOP [a <-> b] STOP\n}\n",
		      "test.csp:4:7: error: linked parallel cannot be used inside a Timed section\n");
}
END_TEST

START_TEST(test_a_module_is_not_a_value)
{
	assert_errors("module M\nexports\nendmodule\nX = M\n",
		      "test.csp:4:5: error: 'M' is a module, not a value\n");
}
END_TEST

START_TEST(test_the_api_reports_channel_fields_and_processes)
{
	assert_well_typed("channel c : Int.Bool\nP = STOP\nf(x) = x\nQ(n)(m) = STOP\n"
			  "datatype T = A.Bool.T | B\n");
	ck_assert(types_returns_process(tc, find("Q")));
	ck_assert(!types_is_process(tc, find("Q")));
	type_id fields[4];
	ck_assert_int_eq(types_channel_fields(tc, find("c"), fields, 4), 2);
	ck_assert_int_eq(types_shape(tc, fields[0]), TYPE_INT);
	ck_assert_int_eq(types_shape(tc, fields[1]), TYPE_BOOL);
	ck_assert(types_is_process(tc, find("P")));
	ck_assert(!types_is_process(tc, find("f")));
	ck_assert_int_eq(types_channel_fields(tc, find("P"), fields, 4), -1);
	ck_assert(types_returns_process(tc, find("P")));
	ck_assert(!types_returns_process(tc, find("c")));
	type_id f = types_of_symbol(tc, find("f"));
	ck_assert_int_eq(types_shape(tc, f), TYPE_FUNCTION);
	ck_assert_uint_eq(types_arity(tc, f), 1);
	ck_assert_int_eq(types_channel_fields(tc, find("A"), fields, 4), 2);
	ck_assert_int_eq(types_shape(tc, fields[1]), TYPE_DATATYPE);
	ck_assert_int_eq(types_channel_fields(tc, find("B"), fields, 4), 0);
}
END_TEST

START_TEST(test_input_patterns_split_the_fields_of_a_channel)
{
	assert_type("nametype Coord = {0..3}.{0..3}\nchannel pos : Coord\nchannel move : {0..3}.{0..3}\n"
		    "P = pos?x.y -> move!y!x -> P\n",
		    "pos", "Int => Int => Event");
	ck_assert_str_eq(type_of("P"), "Proc");
}
END_TEST

START_TEST(test_a_dotted_pattern_on_a_channel_takes_the_longest_match)
{
	assert_type("channel c : {0..2}\nchp(c.x) = x\nuse = {x | c.x <- {| c |}}\n", "chp", "(Event) -> Int");
	ck_assert_str_eq(type_of("use"), "{Int}");
}
END_TEST

START_TEST(test_constructor_patterns_give_field_types)
{
	assert_type("datatype Msg = Req.{0..2} | Ack | Data.{0..2}.Bool\n"
		    "fields(Data.x.b) = (x, b)\nchannel msg : Msg\nP = msg?Data.x.b -> STOP\n",
		    "fields", "(Msg) -> (Int, Bool)");
}
END_TEST

START_TEST(test_annotation_variables_scope_over_nested_annotations)
{
	assert_type("f :: Set a => (a) -> {a}\nf(x) =\n  let\n    y :: {a}\n    y = {x}\n  within y\n", "f",
		    "Set a => (a) -> {a}");
}
END_TEST

START_TEST(test_annotated_let_definitions_are_polymorphic)
{
	assert_type("t = let\n      f :: (a) -> a\n      f(x) = x\n    within (f(1), f(true))\n", "t",
		    "(Int, Bool)");
}
END_TEST

START_TEST(test_datatypes_of_different_instances_differ)
{
	assert_errors("module M(X)\nexports\n  datatype Y = Z.X\nendmodule\ninstance M1 = M({1})\n"
		      "instance M2 = M({0})\ntest1 = (M1::Z.0) == (M2::Z.1)\n",
		      "test.csp:7:22: error: type mismatch in '(M1::Z.0) == (M2::Z.1)': expected (Int => M1::Y).Int, "
		      "found (Int => M2::Y).Int\n");
}
END_TEST

START_TEST(test_a_pattern_binding_cannot_split_an_event)
{
	assert_errors("channel b : Bool\nT = let c.x = b.true within x\n",
		      "test.csp:2:9: error: type mismatch in 'c.x = b.true': expected a.b, found Event\n");
}
END_TEST

START_TEST(test_nested_module_instances_are_polymorphic_per_outer_instance)
{
	assert_type("module M(x)\nexports\n  module N(y)\n  exports\n    f = x == y\n  endmodule\nendmodule\n"
		    "instance X1 = M(0)\ninstance X2 = X1::N(0)\ninstance Y1 = M(true)\n"
		    "instance Y2 = Y1::N(false)\nv = (X2::f, Y2::f)\n",
		    "v", "(Bool, Bool)");
}
END_TEST

START_TEST(test_an_expression_is_checked_in_the_scope_of_a_script)
{
	assert_well_typed("datatype T = Leaf | Node.{0..1}.T\nchannel c : T\n");
	const char *good = "{x | x <- {Node.0.Leaf}}";
	struct ast *e = parse_expression(&env, "<expression>", good, strlen(good));
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(scope_resolve_expr(&scopes, e, &atoms, &dg), 0);
	type_id t = types_check_expr(tc, e, NULL);
	ck_assert_uint_ne(t, 0);
	sink_close(&shown);
	sink_open(&shown);
	types_print(shown.f, tc, t);
	ck_assert_str_eq(sink_text(&shown), "{T}");
	const char *bad = "c.true";
	e = parse_expression(&env, "<expression>", bad, strlen(bad));
	ck_assert_uint_eq(scope_resolve_expr(&scopes, e, &atoms, &dg), 0);
	ck_assert_uint_eq(types_check_expr(tc, e, NULL), 0);
	ck_assert_str_eq(sink_text(&errs), "<expression>:1:1: error: type mismatch in 'c.true': expected T, "
					   "found Bool\n");
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *types_suite(void)
{
	Suite *s = suite_create("types");
	TCase *tc_inf = unit_tcase(s, "inference");
	tcase_add_checked_fixture(tc_inf, setup, teardown);
	tcase_add_test(tc_inf, test_literals_have_their_basic_types);
	tcase_add_test(tc_inf, test_arithmetic_gives_int_functions);
	tcase_add_test(tc_inf, test_equality_puts_eq_on_the_argument);
	tcase_add_test(tc_inf, test_ordering_puts_ord_on_the_argument);
	tcase_add_test(tc_inf, test_a_set_literal_needs_set_elements);
	tcase_add_test(tc_inf, test_identity_is_polymorphic_at_top_level);
	tcase_add_test(tc_inf, test_a_channel_with_fields_is_a_dotable_to_event);
	tcase_add_test(tc_inf, test_a_channel_without_fields_is_an_event);
	tcase_add_test(tc_inf, test_datatype_constructors_are_dotables_to_the_datatype);
	tcase_add_test(tc_inf, test_a_prefix_with_input_and_output_is_a_process);
	tcase_add_test(tc_inf, test_productions_of_a_channel_are_events);
	tcase_add_test(tc_inf, test_maps_have_key_and_value_types);
	tcase_add_test(tc_inf, test_a_dotted_event_is_an_event);
	tcase_add_test(tc_inf, test_a_partially_dotted_channel_is_dotable);
	tcase_add_test(tc_inf, test_nametypes_and_comprehensions_are_typed);
	tcase_add_test(tc_inf, test_recursive_functions_are_typed_as_a_group);
	tcase_add_test(tc_inf, test_a_type_annotation_is_taken_as_given);
	tcase_add_test(tc_inf, test_sequence_patterns_and_concatenation_are_typed);
	tcase_add_test(tc_inf, test_curried_functions_are_typed);
	tcase_add_test(tc_inf, test_parallel_operators_take_event_sets);
	tcase_add_test(tc_inf, test_renaming_pairs_are_channels_of_one_type);
	tcase_add_test(tc_inf, test_module_instances_give_parameter_types_per_instance);
	tcase_add_test(tc_inf, test_prelude_functions_have_their_libcspm_types);
	tcase_add_test(tc_inf, test_assertions_accept_processes_and_traces_of_events);
	tcase_add_test(tc_inf, test_the_api_reports_channel_fields_and_processes);
	tcase_add_test(tc_inf, test_input_patterns_split_the_fields_of_a_channel);
	tcase_add_test(tc_inf, test_a_dotted_pattern_on_a_channel_takes_the_longest_match);
	tcase_add_test(tc_inf, test_constructor_patterns_give_field_types);
	tcase_add_test(tc_inf, test_annotation_variables_scope_over_nested_annotations);
	tcase_add_test(tc_inf, test_annotated_let_definitions_are_polymorphic);
	tcase_add_test(tc_inf, test_nested_module_instances_are_polymorphic_per_outer_instance);

	TCase *tc_err = unit_tcase(s, "errors");
	tcase_add_checked_fixture(tc_err, setup, teardown);
	tcase_add_test(tc_err, test_let_bound_names_without_annotations_are_monomorphic);
	tcase_add_test(tc_err, test_adding_a_boolean_is_a_mismatch);
	tcase_add_test(tc_err, test_processes_cannot_be_compared);
	tcase_add_test(tc_err, test_functions_cannot_be_set_elements);
	tcase_add_test(tc_err, test_booleans_are_not_ordered);
	tcase_add_test(tc_err, test_a_wrong_number_of_arguments_is_reported);
	tcase_add_test(tc_err, test_an_infinite_type_is_reported);
	tcase_add_test(tc_err, test_prefixing_with_a_channel_that_needs_fields_is_a_mismatch);
	tcase_add_test(tc_err, test_a_field_of_the_wrong_type_is_a_mismatch);
	tcase_add_test(tc_err, test_a_channel_of_processes_is_rejected);
	tcase_add_test(tc_err, test_a_channel_over_an_empty_set_is_ambiguous);
	tcase_add_test(tc_err, test_an_annotation_that_is_too_general_is_rejected);
	tcase_add_test(tc_err, test_an_annotation_without_a_needed_constraint_is_rejected);
	tcase_add_test(tc_err, test_renaming_needs_channels_of_the_same_type);
	tcase_add_test(tc_err, test_a_sequential_replication_needs_a_sequence);
	tcase_add_test(tc_err, test_a_pattern_cannot_have_two_variable_parts);
	tcase_add_test(tc_err, test_a_generator_binding_a_name_twice_is_rejected);
	tcase_add_test(tc_err, test_independent_errors_are_all_reported);
	tcase_add_test(tc_err, test_linked_parallel_is_not_allowed_in_timed_sections);
	tcase_add_test(tc_err, test_a_module_is_not_a_value);
	tcase_add_test(tc_err, test_an_expression_is_checked_in_the_scope_of_a_script);
	tcase_add_test(tc_err, test_datatypes_of_different_instances_differ);
	tcase_add_test(tc_err, test_a_pattern_binding_cannot_split_an_event);
	return s;
}

int main(void)
{
	return unit_run(types_suite());
}
