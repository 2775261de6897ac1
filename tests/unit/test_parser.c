/*
 * tests/unit/test_parser.c — Check suite for parser/: precedence, layout,
 * sequences, definitions, assertions, declarations and error reporting.
 *
 * Every test parses a script with parse_string (or parse_file, for
 * includes) and compares ast_dump's S-expressions, or the diagnostics,
 * with the exact expected text. The expected trees follow FDR's CSPm as
 * libcspm parses it (the precedence table in parser/grammar.y).
 *
 * Known bugs found by these tests are marked "BUG:": the assertion that
 * fails today is kept in a comment next to the note, to be enabled when
 * the parser is fixed.
 */
/* nftw() is an XSI interface: ask for it before any header. */
#define _XOPEN_SOURCE 700

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser/parser.h"
#include "tests/unit/unit.h"
#include "tests/unit/front.h"

/* --------------------------------------------------------------- harness */

static struct sink dumped; /* ast_dump of the last parse */
static struct ast *root;

static void parser_setup(void)
{
	front_setup(true);
	sink_open(&dumped);
	root = NULL;
}

static void parser_teardown(void)
{
	sink_close(&dumped);
	front_teardown();
}

/* The dump of `r` (empty for NULL). */
static const char *dump_of(const struct ast *r)
{
	sink_close(&dumped);
	sink_open(&dumped);
	if (r)
		ast_dump(dumped.f, &atoms, r);
	return sink_text(&dumped);
}

/* Parse `text` as the script "test.csp"; its dump. */
static const char *parse(const char *text)
{
	root = parse_string(&env, "test.csp", text, strlen(text));
	ck_assert_ptr_nonnull(root);
	ck_assert_uint_eq(root->kind, AST_FILE);
	return dump_of(root);
}

/* Parse `text` as a file on disk (so includes resolve); its dump. */
static const char *parse_path(const char *path)
{
	root = parse_file(&env, path);
	return dump_of(root);
}

#define assert_parses_to(text, want)                                                       \
	do {                                                                               \
		const char *got_ = parse(text);                                            \
		ck_assert_msg(dg.errors == 0, "unexpected diagnostics:\n%s", sink_text(&errs)); \
		ck_assert_str_eq(got_, want);                                              \
	} while (0)

#define assert_diagnostics(text, want)                                                     \
	do {                                                                               \
		parse(text);                                                               \
		ck_assert_str_eq(sink_text(&errs), want);                                  \
	} while (0)

/* A directory under /tmp holding files for include tests. */
static char tmpdir[64];

static void file_setup(void)
{
	parser_setup();
	strcpy(tmpdir, "/tmp/cspcheck-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void file_teardown(void)
{
	if (nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	parser_teardown();
}

/* tmpdir/name; a static buffer per call slot (four in rotation). */
static const char *tmp_path(const char *name)
{
	static char bufs[4][160];
	static unsigned next;
	char *b = bufs[next++ % 4];
	snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, name);
	return b;
}

static void write_file(const char *name, const char *text)
{
	const char *path = tmp_path(name);
	FILE *f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot create %s", path);
	fputs(text, f);
	fclose(f);
}

/* ------------------------------------------------------------ precedence */

START_TEST(test_prefix_binds_tighter_than_external_choice)
{
	assert_parses_to("P = a -> b -> STOP [] c -> STOP\n",
			 "(patbind (var P) (procop:[] (prefix (var a) (list) (prefix (var b) (list) (var STOP)))"
			 " (prefix (var c) (list) (var STOP))))\n");
}
END_TEST

START_TEST(test_hiding_binds_looser_on_its_right_than_interleaving)
{
	assert_parses_to("P = STOP \\ {c} ||| STOP\n",
			 "(patbind (var P) (procop:||| (procop:\\ (var STOP) (set (var c))) (var STOP)))\n");
}
END_TEST

START_TEST(test_hiding_gives_its_set_back_before_a_generalised_parallel)
{
	assert_parses_to("P = A \\ X [| Y |] B\n",
			 "(patbind (var P) (genpar (procop:\\ (var A) (var X)) (var Y) (var B)))\n");
}
END_TEST

START_TEST(test_equality_binds_tighter_than_dot)
{
	assert_parses_to("x = y.z == w\n", "(patbind (var x) (dot (var y) (binop:== (var z) (var w))))\n");
}
END_TEST

START_TEST(test_dot_associates_to_the_right)
{
	assert_parses_to("x = a.b.c\n", "(patbind (var x) (dot (var a) (dot (var b) (var c))))\n");
}
END_TEST

START_TEST(test_multiplication_binds_tighter_than_addition_and_both_associate_left)
{
	assert_parses_to("x = 1 + 2 * 3 - 4 / 5 % 6\n",
			 "(patbind (var x) (binop:- (binop:+ (int 1) (binop:* (int 2) (int 3)))"
			 " (binop:% (binop:/ (int 4) (int 5)) (int 6))))\n");
}
END_TEST

START_TEST(test_not_binds_tighter_than_and_which_binds_tighter_than_or)
{
	assert_parses_to("x = not a and b or c and d\n",
			 "(patbind (var x) (binop:or (binop:and (unop:not (var a)) (var b))"
			 " (binop:and (var c) (var d))))\n");
}
END_TEST

START_TEST(test_comparison_binds_tighter_than_and)
{
	assert_parses_to("x = a < b and c >= d + 1\n",
			 "(patbind (var x) (binop:and (binop:< (var a) (var b))"
			 " (binop:>= (var c) (binop:+ (var d) (int 1)))))\n");
}
END_TEST

START_TEST(test_comparisons_do_not_chain)
{
	assert_diagnostics("x = 1 < 2 < 3\n",
			   "test.csp:1:11: error: unexpected '<', expected end of line or another operator (this operator does not associate: add parentheses)\n"
			   " 1 | x = 1 < 2 < 3\n"
			   "   |           ^\n");
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

START_TEST(test_application_binds_tighter_than_arithmetic_and_curries_left)
{
	assert_parses_to("x = f(1) + g(2)(3)\n",
			 "(patbind (var x) (binop:+ (app (var f) (int 1)) (app (app (var g) (int 2)) (int 3))))\n");
}
END_TEST

START_TEST(test_unary_minus_applies_to_the_operand_on_its_right)
{
	assert_parses_to("x = -1 + 2\n", "(patbind (var x) (binop:+ (unop:neg (int 1)) (int 2)))\n");
}
END_TEST

START_TEST(test_sequential_composition_binds_tighter_than_the_choices)
{
	assert_parses_to("P = a -> STOP ; Q [] R |~| S\n",
			 "(patbind (var P) (procop:|~| (procop:[] (procop:; (prefix (var a) (list) (var STOP))"
			 " (var Q)) (var R)) (var S)))\n");
}
END_TEST

START_TEST(test_external_choice_binds_tighter_than_internal_choice)
{
	assert_parses_to("P = A |~| B [] C\n", "(patbind (var P) (procop:|~| (var A) (procop:[] (var B) (var C))))\n");
}
END_TEST

START_TEST(test_interrupt_binds_tighter_than_external_choice)
{
	assert_parses_to("P = A /\\ B [] C\n", "(patbind (var P) (procop:[] (procop:/\\ (var A) (var B)) (var C)))\n");
}
END_TEST

START_TEST(test_sliding_choice_binds_tighter_than_interrupt)
{
	assert_parses_to("P = A [> B /\\ C\n", "(patbind (var P) (procop:/\\ (procop:[> (var A) (var B)) (var C)))\n");
}
END_TEST

START_TEST(test_generalised_parallel_binds_tighter_than_interleaving)
{
	assert_parses_to("P = A [| {a} |] B ||| C\n",
			 "(patbind (var P) (procop:||| (genpar (var A) (set (var a)) (var B)) (var C)))\n");
}
END_TEST

START_TEST(test_a_guard_takes_the_whole_prefix_on_its_right)
{
	assert_parses_to("P = b & a -> STOP\n",
			 "(patbind (var P) (guard (var b) (prefix (var a) (list) (var STOP))))\n");
}
END_TEST

START_TEST(test_prefix_fields_are_input_output_and_nondeterministic_input)
{
	assert_parses_to("P = c?x:S!y$z -> STOP\n",
			 "(patbind (var P) (prefix (var c) (list (field:? (var x) (var S)) (field:! (var y) _)"
			 " (field:$ (var z) _)) (var STOP)))\n");
}
END_TEST

START_TEST(test_the_other_binary_process_operators_build_their_own_nodes)
{
	assert_parses_to("P1 = A [| X |> B\n"
			 "P2 = A [ X || Y ] B\n"
			 "P3 = A [+ X +] B\n"
			 "P4 = A /+ X +\\ B\n"
			 "P5 = A |\\ X\n",
			 "(patbind (var P1) (exception (var A) (var X) (var B)))\n"
			 "(patbind (var P2) (alphapar (var A) (var X) (var Y) (var B)))\n"
			 "(patbind (var P3) (syncext (var A) (var X) (var B)))\n"
			 "(patbind (var P4) (syncint (var A) (var X) (var B)))\n"
			 "(patbind (var P5) (procop:|\\ (var A) (var X)))\n");
}
END_TEST

START_TEST(test_let_if_and_lambda_extend_as_far_right_as_possible)
{
	assert_parses_to("x = let y = 1 within y + 1\n"
			 "z = if a then b else c + 1\n"
			 "f = \\ p, q @ p + q\n",
			 "(patbind (var x) (let (list (patbind (var y) (int 1))) (binop:+ (var y) (int 1))))\n"
			 "(patbind (var z) (if (var a) (var b) (binop:+ (var c) (int 1))))\n"
			 "(patbind (var f) (lambda (list (var p) (var q)) (binop:+ (var p) (var q))))\n");
}
END_TEST

/* ---------------------------------------------------------------- layout */

START_TEST(test_a_newline_after_an_operator_continues_the_definition)
{
	assert_parses_to("P = a ->\n  b -> STOP\n",
			 "(patbind (var P) (prefix (var a) (list) (prefix (var b) (list) (var STOP))))\n");
}
END_TEST

START_TEST(test_a_newline_before_an_operator_continues_the_definition)
{
	assert_parses_to("Q = a\n  [] b\n  |~| c\n",
			 "(patbind (var Q) (procop:|~| (procop:[] (var a) (var b)) (var c)))\n");
}
END_TEST

START_TEST(test_blank_lines_after_an_operator_still_continue_the_definition)
{
	assert_parses_to("P = a ->\n\n\n  STOP\n", "(patbind (var P) (prefix (var a) (list) (var STOP)))\n");
}
END_TEST

START_TEST(test_definitions_span_lines_inside_brackets)
{
	assert_parses_to("P = (a ->\n     b -> STOP)\n"
			 "Q = {1,\n     2}\n"
			 "f(x) = g(\n  x\n)\n",
			 "(patbind (var P) (paren (prefix (var a) (list) (prefix (var b) (list) (var STOP)))))\n"
			 "(patbind (var Q) (set (int 1) (int 2)))\n"
			 "(funbind f (match (list (var x)) (app (var g) (var x))))\n");
}
END_TEST

START_TEST(test_then_else_and_within_on_new_lines_continue_the_expression)
{
	assert_parses_to("x = if a\n then b\n else c\ny = let\n  z = 1\n within z\n",
			 "(patbind (var x) (if (var a) (var b) (var c)))\n"
			 "(patbind (var y) (let (list (patbind (var z) (int 1))) (var z)))\n");
}
END_TEST

START_TEST(test_a_newline_between_two_operands_ends_the_definition)
{
	assert_parses_to("A = 1\nB = 2\n\n\nC = B\n",
			 "(patbind (var A) (int 1))\n(patbind (var B) (int 2))\n(patbind (var C) (var B))\n");
}
END_TEST

START_TEST(test_comments_are_skipped_and_block_comments_nest)
{
	assert_parses_to("A = 1 -- a comment\n{- block {- nested -} still comment -}\nB = {- inline -} 2\n",
			 "(patbind (var A) (int 1))\n(patbind (var B) (int 2))\n");
}
END_TEST

START_TEST(test_an_assertion_continues_onto_a_line_starting_with_its_operator)
{
	assert_parses_to("assert P\n  [T= Q\n", "(assert (refine:T (var P) (var Q) (list)))\n");
}
END_TEST

START_TEST(test_crlf_line_ends_separate_definitions)
{
	assert_parses_to("A = 1\r\nB = a ->\r\n  STOP\r\n",
			 "(patbind (var A) (int 1))\n(patbind (var B) (prefix (var a) (list) (var STOP)))\n");
}
END_TEST

/* ------------------------------------------------------------- sequences */

START_TEST(test_an_angle_bracket_after_an_operator_opens_a_sequence_comprehension)
{
	assert_parses_to("s = <x | x <- t>\n",
			 "(patbind (var s) (seqcomp (list (var x)) (list (gen (var x) (var t)))))\n");
}
END_TEST

START_TEST(test_an_angle_bracket_after_an_operand_is_less_than)
{
	assert_parses_to("b = a < c\n", "(patbind (var b) (binop:< (var a) (var c)))\n");
}
END_TEST

START_TEST(test_greater_than_between_two_sequences_compares_them)
{
	assert_parses_to("c = <2,1> > <1,2>\n",
			 "(patbind (var c) (binop:> (seq (int 2) (int 1)) (seq (int 1) (int 2))))\n");
}
END_TEST

START_TEST(test_the_empty_sequence_may_hold_blanks)
{
	assert_parses_to("e = < >\nf = <>\ng = <  >^<1>\n",
			 "(patbind (var e) (seq))\n(patbind (var f) (seq))\n"
			 "(patbind (var g) (binop:^ (seq) (seq (int 1))))\n");
}
END_TEST

START_TEST(test_a_comparison_inside_a_sequence_needs_parentheses)
{
	assert_parses_to("s = <x | x <- t, (x > 2)>\n",
			 "(patbind (var s) (seqcomp (list (var x)) (list (gen (var x) (var t))"
			 " (cond (paren (binop:> (var x) (int 2)))))))\n");
}
END_TEST

START_TEST(test_ranges_of_sequences_and_sets_may_be_open)
{
	assert_parses_to("s = <1..>\nt = <1..3>\nu = {1..}\nv = {x | x <- {1..3}, x > 1}\n",
			 "(patbind (var s) (seqrange (int 1) _ _))\n"
			 "(patbind (var t) (seqrange (int 1) (int 3) _))\n"
			 "(patbind (var u) (setrange (int 1) _ _))\n"
			 "(patbind (var v) (setcomp (list (var x)) (list (gen (var x) (setrange (int 1) (int 3) _))"
			 " (cond (binop:> (var x) (int 1))))))\n");
}
END_TEST

/* ----------------------------------------------------------- definitions */

START_TEST(test_a_curried_definition_is_one_funbind_with_two_argument_groups)
{
	assert_parses_to("f(x)(y) = x + y\n",
			 "(funbind f (match (list (var x)) (list (var y)) (binop:+ (var x) (var y))))\n");
}
END_TEST

START_TEST(test_consecutive_clauses_of_a_function_merge_into_one_funbind)
{
	assert_parses_to("f(0) = 1\nf(n) = n * f(n-1)\n",
			 "(funbind f (match (list (int 0)) (int 1)) (match (list (var n)) (binop:* (var n)"
			 " (app (var f) (binop:- (var n) (int 1))))))\n");
	ck_assert_uint_eq(root->nkids, 1);
}
END_TEST

START_TEST(test_clauses_separated_by_another_definition_stay_apart)
{
	assert_parses_to("f(0) = 1\ng = 2\nf(n) = 3\n",
			 "(funbind f (match (list (int 0)) (int 1)))\n"
			 "(patbind (var g) (int 2))\n"
			 "(funbind f (match (list (var n)) (int 3)))\n");
}
END_TEST

START_TEST(test_a_negative_integer_pattern_is_folded_into_one_integer)
{
	assert_parses_to("f(-1) = 0\nx = -1\n",
			 "(funbind f (match (list (int -1)) (int 0)))\n"
			 "(patbind (var x) (unop:neg (int 1)))\n");
}
END_TEST

START_TEST(test_patterns_may_use_double_patterns_concatenation_and_wildcards)
{
	assert_parses_to("f(x@@<y>^z, _, (a, b), {c}) = 0\n",
			 "(funbind f (match (list (doublepat (var x) (binop:^ (seq (var y)) (var z))) (wildcard)"
			 " (tuple (var a) (var b)) (set (var c))) (int 0)))\n");
}
END_TEST

START_TEST(test_a_wildcard_outside_a_pattern_is_an_error)
{
	assert_diagnostics("x = _\n",
			   "test.csp:1:5: error: '_' can only be used in a pattern\n"
			   " 1 | x = _\n"
			   "   |     ^\n");
}
END_TEST

START_TEST(test_an_application_inside_a_pattern_is_an_error)
{
	assert_diagnostics("f(g(x)) = 1\n",
			   "test.csp:1:3: error: invalid pattern: a function application is not allowed in a pattern\n"
			   " 1 | f(g(x)) = 1\n"
			   "   |   ^~~~\n");
}
END_TEST

START_TEST(test_a_definition_records_the_byte_span_of_its_text)
{
	parse("A = 1\nP = a -> STOP\n");
	ck_assert_uint_eq(root->nkids, 2);
	const struct ast *p = root->kids[1];
	ck_assert_uint_eq(p->kind, AST_PATBIND);
	ck_assert_uint_eq(p->span.start, 6);
	ck_assert_uint_eq(p->span.end, 19);
	ck_assert_uint_eq(p->kids[1]->kind, AST_PREFIX);
	ck_assert_uint_eq(p->kids[1]->span.start, 10);
	ck_assert_uint_eq(p->kids[1]->span.end, 19);
}
END_TEST

START_TEST(test_literals_keep_their_values_and_escapes)
{
	assert_parses_to("c = 'a'\nn = '\\n'\ne = '\xc3\xa9'\ns = \"a\\\"b\\n\"\nb = (true, false, 42)\n",
			 "(patbind (var c) (char 97))\n"
			 "(patbind (var n) (char 10))\n"
			 "(patbind (var e) (char 233))\n"
			 "(patbind (var s) (string \"a\\\"b\\n\"))\n"
			 "(patbind (var b) (tuple (bool 1) (bool 0) (int 42)))\n");
}
END_TEST

START_TEST(test_parse_expression_returns_one_expression_or_null)
{
	struct ast *e = parse_expression(&env, "expr", "1 + 2 * 3", 9);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(dump_of(e), "(binop:+ (int 1) (binop:* (int 2) (int 3)))\n");
	ck_assert_ptr_null(parse_expression(&env, "expr", "1 +", 3));
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

/* ------------------------------------------------------------ assertions */

START_TEST(test_assert_not_negates_a_refinement)
{
	assert_parses_to("assert not P [T= Q\n", "(assert not (refine:T (var P) (var Q) (list)))\n");
}
END_TEST

START_TEST(test_every_refinement_model_is_recognised)
{
	assert_parses_to("assert P [T= Q\nassert P [F= Q\nassert P [FD= Q\nassert P [R= Q\n"
			 "assert P [RD= Q\nassert P [V= Q\nassert P [VD= Q\n",
			 "(assert (refine:T (var P) (var Q) (list)))\n"
			 "(assert (refine:F (var P) (var Q) (list)))\n"
			 "(assert (refine:FD (var P) (var Q) (list)))\n"
			 "(assert (refine:R (var P) (var Q) (list)))\n"
			 "(assert (refine:RD (var P) (var Q) (list)))\n"
			 "(assert (refine:V (var P) (var Q) (list)))\n"
			 "(assert (refine:VD (var P) (var Q) (list)))\n");
}
END_TEST

START_TEST(test_property_assertions_carry_their_semantic_model)
{
	assert_parses_to("assert P :[deadlock free [F]]\n"
			 "assert P :[divergence free]\n"
			 "assert P :[deterministic [FD]]\n"
			 "assert P :[livelock free]\n"
			 "assert not P :[deadlock-free [FD]]\n",
			 "(assert (property \"deadlock free\" [F] (var P) _ (list)))\n"
			 "(assert (property \"divergence free\" (var P) _ (list)))\n"
			 "(assert (property \"deterministic\" [FD] (var P) _ (list)))\n"
			 "(assert (property \"livelock free\" (var P) _ (list)))\n"
			 "(assert not (property \"deadlock free\" [FD] (var P) _ (list)))\n");
}
END_TEST

START_TEST(test_a_has_trace_assertion_takes_the_trace_as_its_second_operand)
{
	assert_parses_to("assert P :[has trace]: <a, b>\n",
			 "(assert (property \"has trace\" (var P) (seq (var a) (var b)) (list)))\n");
}
END_TEST

START_TEST(test_the_tau_priority_option_takes_an_event_set)
{
	assert_parses_to("assert P [FD= Q :[tau priority over]: {a}\n",
			 "(assert (refine:FD (var P) (var Q) (list (tau-priority (set (var a))))))\n");
}
END_TEST

START_TEST(test_the_partial_order_reduce_option_may_name_a_mode)
{
	assert_parses_to("assert P [T= Q :[partial order reduce [fast]]\n"
			 "assert P [T= Q :[partial order reduce]\n"
			 "assert P :[deadlock free] :[partial order reduce [precise]]\n",
			 "(assert (refine:T (var P) (var Q) (list (partial-order-reduce fast))))\n"
			 "(assert (refine:T (var P) (var Q) (list (partial-order-reduce))))\n"
			 "(assert (property \"deadlock free\" (var P) _ (list (partial-order-reduce precise))))\n");
}
END_TEST

START_TEST(test_an_option_given_twice_is_an_error_at_the_second)
{
	assert_diagnostics("assert P [T= Q :[tau priority over]: {a} :[tau priority over]: {b}\n",
			   "test.csp:1:42: error: option ':[tau priority over]:' is given twice\n"
			   " 1 | assert P [T= Q :[tau priority over]: {a} :[tau priority over]: {b}\n"
			   "   |                                          ^~~~~~~~~~~~~~~~~~~~~~~~~\n");
}
END_TEST

START_TEST(test_an_unknown_assertion_property_is_an_error)
{
	assert_diagnostics("assert P :[deadlock fre]\n",
			   "test.csp:1:10: error: unknown assertion property ':[deadlock fre]' (expected deadlock free,"
			   " divergence free, livelock free, deterministic, has trace, tau priority over"
			   " or partial order reduce)\n"
			   " 1 | assert P :[deadlock fre]\n"
			   "   |          ^~~~~~~~~~~~~~~\n");
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

START_TEST(test_an_unknown_partial_order_mode_is_an_error)
{
	parse("assert P [T= Q :[partial order reduce [slow]]\n");
	ck_assert_str_eq(sink_text(&errs),
			 "test.csp:1:16: error: unknown partial order reduction mode '[slow]'"
			 " (expected [fast], [hybrid] or [precise])\n"
			 " 1 | assert P [T= Q :[partial order reduce [slow]]\n"
			 "   |                ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}
END_TEST

/* ---------------------------------------------------------- declarations */

START_TEST(test_a_type_annotation_may_carry_constraints)
{
	assert_parses_to("f :: (Eq a) => (a, <a>) -> {a}\nf(x, y) = {x}\ng :: Int\ng = 1\n",
			 "(typeann (list (name f)) (tscheme (list (tconstraint Eq (name a)))"
			 " (tfun (list (tname (var a)) (tseq (tname (var a)))) (tset (tname (var a))))))\n"
			 "(funbind f (match (list (var x) (var y)) (set (var x))))\n"
			 "(typeann (list (name g)) (tscheme (list) (tname (var Int))))\n"
			 "(patbind (var g) (int 1))\n");
}
END_TEST

START_TEST(test_a_type_annotation_without_a_definition_is_an_error)
{
	assert_diagnostics("f :: Int\n",
			   "test.csp:1:1: error: type annotation for 'f' has no matching definition\n"
			   " 1 | f :: Int\n"
			   "   | ^\n");
}
END_TEST

START_TEST(test_an_unknown_type_constraint_is_an_error)
{
	assert_diagnostics("f :: (Foo a) => a\nf = 1\n",
			   "test.csp:1:7: error: unknown type constraint 'Foo' (expected Eq, Ord, Set, Complete or Yieldable)\n"
			   " 1 | f :: (Foo a) => a\n"
			   "   |       ^~~\n");
}
END_TEST

START_TEST(test_channels_datatypes_subtypes_and_nametypes_are_declarations)
{
	assert_parses_to("channel a, b : {0..1}.Bool\nchannel c\n"
			 "datatype T = A | B.{0..1} | C.Bool.T\nsubtype S = A | B.{0}\nnametype N = {0..3}\n"
			 "external f, g\ntransparent normal\nprint 1 + 1\n",
			 "(channel (list (name a) (name b)) (dot (setrange (int 0) (int 1) _) (var Bool)))\n"
			 "(channel (list (name c)) _)\n"
			 "(datatype T (clause A _) (clause B (setrange (int 0) (int 1) _)) (clause C (dot (var Bool) (var T))))\n"
			 "(subtype S (clause A _) (clause B (set (int 0))))\n"
			 "(nametype N (setrange (int 0) (int 3) _))\n"
			 "(external (name f) (name g))\n"
			 "(transparent (name normal))\n"
			 "(print (binop:+ (int 1) (int 1)))\n");
}
END_TEST

START_TEST(test_a_module_has_parameters_private_and_exported_parts_and_instances)
{
	assert_parses_to("module M(x)\n  P = x\nexports\n  Q = P\nendmodule\ninstance N = M(1)\nR = N::Q\n",
			 "(module M (list (var x)) (list (patbind (var P) (var x))) (list (patbind (var Q) (var P))))\n"
			 "(instance N (var M) (list (int 1)))\n"
			 "(patbind (var R) (qual N (var Q)))\n");
}
END_TEST

START_TEST(test_an_assertion_inside_a_module_is_an_error)
{
	assert_diagnostics("module M\n  assert P [T= Q\nexports\n  Q = 1\nendmodule\n",
			   "test.csp:2:3: error: an assertion is not allowed inside a module\n"
			   " 2 |   assert P [T= Q\n"
			   "   |   ^~~~~~~~~~~~~~\n");
}
END_TEST

START_TEST(test_a_timed_section_may_name_its_time_function)
{
	assert_parses_to("Timed(et) {\n  P = a -> P\n}\nTimed {\n  Q = b -> Q\n}\n",
			 "(timed (var et) (list (patbind (var P) (prefix (var a) (list) (var P)))))\n"
			 "(timed _ (list (patbind (var Q) (prefix (var b) (list) (var Q)))))\n");
}
END_TEST

START_TEST(test_a_print_inside_a_timed_section_is_an_error)
{
	assert_diagnostics("Timed {\n  print 1\n}\n",
			   "test.csp:2:3: error: a print statement is not allowed inside a Timed section\n"
			   " 2 |   print 1\n"
			   "   |   ^~~~~~~\n");
}
END_TEST

START_TEST(test_a_channel_inside_let_is_an_error)
{
	assert_diagnostics("x = let\n  channel c\n within 1\n",
			   "test.csp:2:3: error: a channel declaration is not allowed inside a let expression\n"
			   " 2 |   channel c\n"
			   "   |   ^~~~~~~~~\n");
}
END_TEST

START_TEST(test_maps_are_lists_of_key_value_pairs)
{
	assert_parses_to("m = (| 1 => 2, 3 => <4> |)\nm0 = (| |)\n",
			 "(patbind (var m) (map (pair (int 1) (int 2)) (pair (int 3) (seq (int 4)))))\n"
			 "(patbind (var m0) (map))\n");
}
END_TEST

START_TEST(test_enumerated_sets_and_their_comprehensions)
{
	assert_parses_to("x = {| a, b |}\ny = {| a.x | x <- X |}\n",
			 "(patbind (var x) (enumset (var a) (var b)))\n"
			 "(patbind (var y) (enumsetcomp (list (dot (var a) (var x))) (list (gen (var x) (var X)))))\n");
}
END_TEST

START_TEST(test_every_replicated_operator_has_its_node)
{
	assert_parses_to("A = [] x : X @ a.x -> STOP\n"
			 "B = |~| x : X @ STOP\n"
			 "C = ||| x : X @ STOP\n"
			 "D = ; x : <1,2> @ STOP\n"
			 "E = [| {a} |] x : X @ STOP\n"
			 "F = || x : X @ [{a}] STOP\n"
			 "G = [a <-> b] x : <1> @ STOP\n"
			 "H = [+ {a} +] x : X @ STOP\n",
			 "(patbind (var A) (rep:[] (list (gen (var x) (var X))) (prefix (dot (var a) (var x)) (list) (var STOP))))\n"
			 "(patbind (var B) (rep:|~| (list (gen (var x) (var X))) (var STOP)))\n"
			 "(patbind (var C) (rep:||| (list (gen (var x) (var X))) (var STOP)))\n"
			 "(patbind (var D) (rep:; (list (gen (var x) (seq (int 1) (int 2)))) (var STOP)))\n"
			 "(patbind (var E) (repgenpar (set (var a)) (list (gen (var x) (var X))) (var STOP)))\n"
			 "(patbind (var F) (repalphapar (list (gen (var x) (var X))) (set (var a)) (var STOP)))\n"
			 "(patbind (var G) (replinkpar (list (pair (var a) (var b))) _ (list (gen (var x) (seq (int 1)))) (var STOP)))\n"
			 "(patbind (var H) (repsyncext (set (var a)) (list (gen (var x) (var X))) (var STOP)))\n");
}
END_TEST

START_TEST(test_renaming_may_use_a_comprehension)
{
	assert_parses_to("P = Q [[ a <- b, c.x <- d.x | x <- X ]]\nR = Q [[ a <- b ]]\n",
			 "(patbind (var P) (rename (var Q) (list (pair (var a) (var b)) (pair (dot (var c) (var x))"
			 " (dot (var d) (var x)))) (list (gen (var x) (var X)))))\n"
			 "(patbind (var R) (rename (var Q) (list (pair (var a) (var b))) _))\n");
}
END_TEST

START_TEST(test_linked_parallel_may_use_a_comprehension)
{
	assert_parses_to("L = P [a <-> b, c <-> d] Q\nL2 = P [a.x <-> b.x | x <- X] Q\n",
			 "(patbind (var L) (linkpar (var P) (list (pair (var a) (var b)) (pair (var c) (var d))) _ (var Q)))\n"
			 "(patbind (var L2) (linkpar (var P) (list (pair (dot (var a) (var x)) (dot (var b) (var x))))"
			 " (list (gen (var x) (var X))) (var Q)))\n");
}
END_TEST

/* ---------------------------------------------------------------- errors */

START_TEST(test_an_unexpected_token_is_named_and_underlined)
{
	assert_diagnostics("P = a -> ) STOP\n",
			   "test.csp:1:10: error: unexpected ')' with no matching '('\n"
			   " 1 | P = a -> ) STOP\n"
			   "   |          ^\n");
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

START_TEST(test_an_unexpected_identifier_is_quoted_with_what_could_follow)
{
	assert_diagnostics("channel a b\n",
			   "test.csp:1:11: error: unexpected identifier 'b', expected end of line, ',' or ':'\n"
			   " 1 | channel a b\n"
			   "   |           ^\n");
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

START_TEST(test_an_unclosed_bracket_names_the_line_where_it_opened)
{
	const char *d = parse("P = (1, 2\nQ = f(1,\n  2\nR = 3\n");
	ck_assert_str_eq(sink_text(&errs),
			 "test.csp:1:10: error: unexpected end of line, expected ',', ')' or an operator"
			 " ('(' opened at line 1 is not closed)\n"
			 " 1 | P = (1, 2\n"
			 "   |          ^\n"
			 "test.csp:3:4: error: unexpected end of line, expected ',', ')' or an operator"
			 " ('(' opened at line 2 is not closed)\n"
			 " 3 |   2\n"
			 "   |    ^\n");
	ck_assert_str_eq(d, "(patbind (var R) (int 3))\n");
}
END_TEST

START_TEST(test_an_unclosed_bracket_at_the_end_of_the_file_is_reported)
{
	assert_diagnostics("P = (1",
			   "test.csp:1:7: error: unexpected end of file, expected ',', ')' or an operator"
			   " ('(' opened at line 1 is not closed)\n"
			   " 1 | P = (1\n"
			   "   |       ^\n");
}
END_TEST

START_TEST(test_an_error_inside_let_is_reported)
{
	assert_diagnostics("P = let f(x) = ) within f(1)\n",
			   "test.csp:1:16: error: unexpected ')' with no matching '('\n"
			   " 1 | P = let f(x) = ) within f(1)\n"
			   "   |                ^\n");
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

START_TEST(test_errors_at_the_ends_of_three_lines_are_each_reported)
{
	const char *d = parse("A = if x then 1\nB = 2\nC = if y then 2\nD = 3\nE = if z then 3\n");
	ck_assert_uint_eq(dg.errors, 3);
	const char *e = sink_text(&errs);
	ck_assert_msg(strstr(e, "test.csp:1:16: error: unexpected end of line, expected 'else' or an operator\n") != NULL, "got: %s", e);
	ck_assert_msg(strstr(e, "test.csp:3:16: error: unexpected end of line, expected 'else' or an operator\n") != NULL, "got: %s", e);
	ck_assert_msg(strstr(e, "test.csp:5:16: error: unexpected end of line, expected 'else' or an operator\n") != NULL, "got: %s", e);
	/* the good declarations between them are kept */
	ck_assert_str_eq(d, "(patbind (var B) (int 2))\n(patbind (var D) (int 3))\n");
}
END_TEST

START_TEST(test_three_independent_bad_declarations_give_three_errors)
{
	const char *d = parse("A = )\nB = 1\nC = = 2\nD = 3\nE = 1 2\n");
	ck_assert_str_eq(sink_text(&errs),
			 "test.csp:1:5: error: unexpected ')' with no matching '('\n"
			 " 1 | A = )\n"
			 "   |     ^\n"
			 "test.csp:3:5: error: unexpected '=', expected an expression\n"
			 " 3 | C = = 2\n"
			 "   |     ^\n"
			 "test.csp:5:7: error: unexpected integer '2', expected end of line or an operator\n"
			 " 5 | E = 1 2\n"
			 "   |       ^\n");
	ck_assert_uint_eq(dg.errors, 3);
	/* the good declarations between them are kept */
	ck_assert_str_eq(d, "(patbind (var B) (int 1))\n(patbind (var D) (int 3))\n");
}
END_TEST

START_TEST(test_lexical_errors_name_the_bad_input)
{
	const char *d = parse("x = 1 ~\ny = 2\n");
	ck_assert_str_eq(sink_text(&errs),
			 "test.csp:1:7: error: unexpected character '~'\n"
			 " 1 | x = 1 ~\n"
			 "   |       ^\n");
	ck_assert_uint_eq(dg.errors, 1);
	ck_assert_str_eq(d, "(patbind (var y) (int 2))\n");
}
END_TEST

START_TEST(test_an_unterminated_block_comment_is_reported_where_it_opens)
{
	assert_diagnostics("x = 1\n{- never closed\n",
			   "test.csp:2:1: error: unterminated comment: '{-' has no matching '-}'\n"
			   " 2 | {- never closed\n"
			   "   | ^~\n");
	ck_assert_str_eq(dump_of(root), "(patbind (var x) (int 1))\n");
}
END_TEST

START_TEST(test_an_unterminated_string_is_reported)
{
	assert_diagnostics("x = \"abc\n",
			   "test.csp:1:5: error: unterminated string literal\n"
			   " 1 | x = \"abc\n"
			   "   |     ^~~~\n");
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

START_TEST(test_an_integer_literal_too_large_for_64_bits_is_reported)
{
	assert_diagnostics("x = 99999999999999999999\n",
			   "test.csp:1:5: error: integer literal is too large (the largest is 9223372036854775807)\n"
			   " 1 | x = 99999999999999999999\n"
			   "   |     ^~~~~~~~~~~~~~~~~~~~\n");
}
END_TEST

/* "x = " then `depth` copies of open, "1", `depth` copies of close. */
static char *nested(const char *head, const char *open, const char *close, int depth)
{
	size_t hl = strlen(head), ol = strlen(open), cl = strlen(close);
	char *s = malloc(hl + (ol + cl) * (size_t)depth + 3);
	char *p = s;
	memcpy(p, head, hl);
	p += hl;
	for (int i = 0; i < depth; i++, p += ol)
		memcpy(p, open, ol);
	*p++ = '1';
	for (int i = 0; i < depth; i++, p += cl)
		memcpy(p, close, cl);
	*p++ = '\n';
	*p = '\0';
	return s;
}

START_TEST(test_nesting_deeper_than_the_limit_is_one_error_not_a_crash)
{
	char *text = nested("x = ", "(", ")", 5000);
	parse(text);
	ck_assert_uint_eq(dg.errors, 1);
	ck_assert_uint_eq(count_of(sink_text(&errs), "error: expression is nested too deeply (more than 4000 levels)\n"), 1);
	for (uint32_t i = 0; i < root->nkids; i++)
		ck_assert_uint_le(root->kids[i]->depth, AST_MAX_DEPTH);
	free(text);
}
END_TEST

START_TEST(test_nesting_in_a_channel_type_is_bounded_too)
{
	char *text = nested("channel c : ", "{", "}", 5000);
	parse(text);
	/* no crash, and nothing but the depth error may be reported */
	ck_assert_uint_le(dg.errors, 1);
	ck_assert_uint_eq(count_of(sink_text(&errs), "error: "),
			  count_of(sink_text(&errs), "error: expression is nested too deeply"));
	/* lists, sets and sequences grow by ast_append: the finished
	 * declaration's depth is checked too (ast.h: "Trees deeper than
	 * AST_MAX_DEPTH are rejected by the parser") */
	ck_assert_uint_eq(dg.errors, 1);
	for (uint32_t i = 0; i < root->nkids; i++)
		ck_assert_uint_le(root->kids[i]->depth, AST_MAX_DEPTH);
	free(text);
}
END_TEST

/* -------------------------------------------------------------- includes */

START_TEST(test_includes_are_read_relative_to_the_including_file)
{
	char sub[200];
	snprintf(sub, sizeof sub, "%s/sub", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	write_file("a.csp", "include \"sub/b.csp\"\nA = 1\n");
	write_file("sub/b.csp", "include \"c.csp\"\nB = 2\n");
	write_file("sub/c.csp", "C = 3");
	const char *d = parse_path(tmp_path("a.csp"));
	ck_assert_msg(dg.errors == 0, "unexpected diagnostics:\n%s", sink_text(&errs));
	ck_assert_str_eq(d, "(patbind (var C) (int 3))\n(patbind (var B) (int 2))\n(patbind (var A) (int 1))\n");
}
END_TEST

START_TEST(test_a_definition_cannot_run_on_into_an_included_file)
{
	write_file("a.csp", "P = a ->\ninclude \"b.csp\"\n");
	write_file("b.csp", "Q = STOP\n");
	const char *d = parse_path(tmp_path("a.csp"));
	ck_assert_uint_eq(dg.errors, 1);
	ck_assert_str_eq(d, "(patbind (var Q) (var STOP))\n");
	const char *e = sink_text(&errs);
	char want[512];
	snprintf(want, sizeof want,
		 "%s:2:1: error: unexpected 'include', expected an expression"
		 " (the declaration before it is not complete)\n"
		 " 2 | include \"b.csp\"\n"
		 "   | ^~~~~~~~~~~~~~~\n",
		 tmp_path("a.csp"));
	ck_assert_str_eq(e, want);
}
END_TEST

START_TEST(test_an_include_cycle_is_reported)
{
	write_file("a.csp", "include \"b.csp\"\nA = 1\n");
	write_file("b.csp", "include \"a.csp\"\nB = 2\n");
	const char *d = parse_path(tmp_path("a.csp"));
	char want[512];
	snprintf(want, sizeof want,
		 "%s:1:1: error: include cycle: %s -> %s -> %s\n"
		 " 1 | include \"a.csp\"\n"
		 "   | ^~~~~~~~~~~~~~~\n",
		 tmp_path("b.csp"), tmp_path("a.csp"), tmp_path("b.csp"), tmp_path("a.csp"));
	ck_assert_str_eq(sink_text(&errs), want);
	ck_assert_uint_eq(dg.errors, 1);
	ck_assert_str_eq(d, "(patbind (var B) (int 2))\n(patbind (var A) (int 1))\n");
}
END_TEST

START_TEST(test_a_file_that_includes_itself_is_a_cycle)
{
	write_file("self.csp", "include \"self.csp\"\nA = 1\n");
	parse_path(tmp_path("self.csp"));
	char want[512];
	snprintf(want, sizeof want,
		 "%s:1:1: error: include cycle: %s -> %s\n"
		 " 1 | include \"self.csp\"\n"
		 "   | ^~~~~~~~~~~~~~~~~~\n",
		 tmp_path("self.csp"), tmp_path("self.csp"), tmp_path("self.csp"));
	ck_assert_str_eq(sink_text(&errs), want);
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

START_TEST(test_a_missing_include_is_reported_at_the_include)
{
	write_file("m.csp", "include \"nope.csp\"\nA = 1\n");
	const char *d = parse_path(tmp_path("m.csp"));
	char want[512];
	snprintf(want, sizeof want,
		 "%s:1:1: error: cannot read included file '%s': No such file or directory\n"
		 " 1 | include \"nope.csp\"\n"
		 "   | ^~~~~~~~~~~~~~~~~~\n",
		 tmp_path("m.csp"), tmp_path("nope.csp"));
	ck_assert_str_eq(sink_text(&errs), want);
	ck_assert_str_eq(d, "(patbind (var A) (int 1))\n");
}
END_TEST

START_TEST(test_parse_file_of_a_missing_file_reports_and_returns_null)
{
	const char *path = tmp_path("absent.csp");
	ck_assert_ptr_null(parse_file(&env, path));
	char want[512];
	snprintf(want, sizeof want, "cspcheck: error: cannot read '%s': No such file or directory\n", path);
	ck_assert_str_eq(sink_text(&errs), want);
	ck_assert_uint_eq(dg.errors, 1);
}
END_TEST

/* ------------------------------------------------------------------ suite */

static Suite *parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc = unit_tcase(s, "precedence");
	tcase_add_checked_fixture(tc, parser_setup, parser_teardown);
	tcase_add_test(tc, test_prefix_binds_tighter_than_external_choice);
	tcase_add_test(tc, test_hiding_binds_looser_on_its_right_than_interleaving);
	tcase_add_test(tc, test_hiding_gives_its_set_back_before_a_generalised_parallel);
	tcase_add_test(tc, test_equality_binds_tighter_than_dot);
	tcase_add_test(tc, test_dot_associates_to_the_right);
	tcase_add_test(tc, test_multiplication_binds_tighter_than_addition_and_both_associate_left);
	tcase_add_test(tc, test_not_binds_tighter_than_and_which_binds_tighter_than_or);
	tcase_add_test(tc, test_comparison_binds_tighter_than_and);
	tcase_add_test(tc, test_comparisons_do_not_chain);
	tcase_add_test(tc, test_application_binds_tighter_than_arithmetic_and_curries_left);
	tcase_add_test(tc, test_unary_minus_applies_to_the_operand_on_its_right);
	tcase_add_test(tc, test_sequential_composition_binds_tighter_than_the_choices);
	tcase_add_test(tc, test_external_choice_binds_tighter_than_internal_choice);
	tcase_add_test(tc, test_interrupt_binds_tighter_than_external_choice);
	tcase_add_test(tc, test_sliding_choice_binds_tighter_than_interrupt);
	tcase_add_test(tc, test_generalised_parallel_binds_tighter_than_interleaving);
	tcase_add_test(tc, test_a_guard_takes_the_whole_prefix_on_its_right);
	tcase_add_test(tc, test_prefix_fields_are_input_output_and_nondeterministic_input);
	tcase_add_test(tc, test_the_other_binary_process_operators_build_their_own_nodes);
	tcase_add_test(tc, test_let_if_and_lambda_extend_as_far_right_as_possible);

	tc = unit_tcase(s, "layout");
	tcase_add_checked_fixture(tc, parser_setup, parser_teardown);
	tcase_add_test(tc, test_a_newline_after_an_operator_continues_the_definition);
	tcase_add_test(tc, test_a_newline_before_an_operator_continues_the_definition);
	tcase_add_test(tc, test_blank_lines_after_an_operator_still_continue_the_definition);
	tcase_add_test(tc, test_definitions_span_lines_inside_brackets);
	tcase_add_test(tc, test_then_else_and_within_on_new_lines_continue_the_expression);
	tcase_add_test(tc, test_a_newline_between_two_operands_ends_the_definition);
	tcase_add_test(tc, test_comments_are_skipped_and_block_comments_nest);
	tcase_add_test(tc, test_an_assertion_continues_onto_a_line_starting_with_its_operator);
	tcase_add_test(tc, test_crlf_line_ends_separate_definitions);

	tc = unit_tcase(s, "sequences");
	tcase_add_checked_fixture(tc, parser_setup, parser_teardown);
	tcase_add_test(tc, test_an_angle_bracket_after_an_operator_opens_a_sequence_comprehension);
	tcase_add_test(tc, test_an_angle_bracket_after_an_operand_is_less_than);
	tcase_add_test(tc, test_greater_than_between_two_sequences_compares_them);
	tcase_add_test(tc, test_the_empty_sequence_may_hold_blanks);
	tcase_add_test(tc, test_a_comparison_inside_a_sequence_needs_parentheses);
	tcase_add_test(tc, test_ranges_of_sequences_and_sets_may_be_open);

	tc = unit_tcase(s, "definitions");
	tcase_add_checked_fixture(tc, parser_setup, parser_teardown);
	tcase_add_test(tc, test_a_curried_definition_is_one_funbind_with_two_argument_groups);
	tcase_add_test(tc, test_consecutive_clauses_of_a_function_merge_into_one_funbind);
	tcase_add_test(tc, test_clauses_separated_by_another_definition_stay_apart);
	tcase_add_test(tc, test_a_negative_integer_pattern_is_folded_into_one_integer);
	tcase_add_test(tc, test_patterns_may_use_double_patterns_concatenation_and_wildcards);
	tcase_add_test(tc, test_a_wildcard_outside_a_pattern_is_an_error);
	tcase_add_test(tc, test_an_application_inside_a_pattern_is_an_error);
	tcase_add_test(tc, test_a_definition_records_the_byte_span_of_its_text);
	tcase_add_test(tc, test_literals_keep_their_values_and_escapes);
	tcase_add_test(tc, test_parse_expression_returns_one_expression_or_null);

	tc = unit_tcase(s, "assertions");
	tcase_add_checked_fixture(tc, parser_setup, parser_teardown);
	tcase_add_test(tc, test_assert_not_negates_a_refinement);
	tcase_add_test(tc, test_every_refinement_model_is_recognised);
	tcase_add_test(tc, test_property_assertions_carry_their_semantic_model);
	tcase_add_test(tc, test_a_has_trace_assertion_takes_the_trace_as_its_second_operand);
	tcase_add_test(tc, test_the_tau_priority_option_takes_an_event_set);
	tcase_add_test(tc, test_the_partial_order_reduce_option_may_name_a_mode);
	tcase_add_test(tc, test_an_option_given_twice_is_an_error_at_the_second);
	tcase_add_test(tc, test_an_unknown_assertion_property_is_an_error);
	tcase_add_test(tc, test_an_unknown_partial_order_mode_is_an_error);

	tc = unit_tcase(s, "declarations");
	tcase_add_checked_fixture(tc, parser_setup, parser_teardown);
	tcase_add_test(tc, test_a_type_annotation_may_carry_constraints);
	tcase_add_test(tc, test_a_type_annotation_without_a_definition_is_an_error);
	tcase_add_test(tc, test_an_unknown_type_constraint_is_an_error);
	tcase_add_test(tc, test_channels_datatypes_subtypes_and_nametypes_are_declarations);
	tcase_add_test(tc, test_a_module_has_parameters_private_and_exported_parts_and_instances);
	tcase_add_test(tc, test_an_assertion_inside_a_module_is_an_error);
	tcase_add_test(tc, test_a_timed_section_may_name_its_time_function);
	tcase_add_test(tc, test_a_print_inside_a_timed_section_is_an_error);
	tcase_add_test(tc, test_a_channel_inside_let_is_an_error);
	tcase_add_test(tc, test_maps_are_lists_of_key_value_pairs);
	tcase_add_test(tc, test_enumerated_sets_and_their_comprehensions);
	tcase_add_test(tc, test_every_replicated_operator_has_its_node);
	tcase_add_test(tc, test_renaming_may_use_a_comprehension);
	tcase_add_test(tc, test_linked_parallel_may_use_a_comprehension);

	tc = unit_tcase(s, "errors");
	tcase_add_checked_fixture(tc, parser_setup, parser_teardown);
	tcase_add_test(tc, test_an_unexpected_token_is_named_and_underlined);
	tcase_add_test(tc, test_an_unexpected_identifier_is_quoted_with_what_could_follow);
	tcase_add_test(tc, test_an_unclosed_bracket_names_the_line_where_it_opened);
	tcase_add_test(tc, test_an_unclosed_bracket_at_the_end_of_the_file_is_reported);
	tcase_add_test(tc, test_an_error_inside_let_is_reported);
	tcase_add_test(tc, test_errors_at_the_ends_of_three_lines_are_each_reported);
	tcase_add_test(tc, test_three_independent_bad_declarations_give_three_errors);
	tcase_add_test(tc, test_lexical_errors_name_the_bad_input);
	tcase_add_test(tc, test_an_unterminated_block_comment_is_reported_where_it_opens);
	tcase_add_test(tc, test_an_unterminated_string_is_reported);
	tcase_add_test(tc, test_an_integer_literal_too_large_for_64_bits_is_reported);
	tcase_add_test(tc, test_nesting_deeper_than_the_limit_is_one_error_not_a_crash);
	tcase_add_test(tc, test_nesting_in_a_channel_type_is_bounded_too);

	tc = unit_tcase(s, "includes");
	tcase_add_checked_fixture(tc, file_setup, file_teardown);
	tcase_add_test(tc, test_includes_are_read_relative_to_the_including_file);
	tcase_add_test(tc, test_a_definition_cannot_run_on_into_an_included_file);
	tcase_add_test(tc, test_an_include_cycle_is_reported);
	tcase_add_test(tc, test_a_file_that_includes_itself_is_a_cycle);
	tcase_add_test(tc, test_a_missing_include_is_reported_at_the_include);
	tcase_add_test(tc, test_parse_file_of_a_missing_file_reports_and_returns_null);
	return s;
}

int main(void)
{
	return unit_run(parser_suite());
}
