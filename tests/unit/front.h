/*
 * tests/unit/front.h — the parser's context for a unit test: a source
 * set, atoms, an arena, diagnostics captured in the sink `errs`, and the
 * parse_env over them, as file-scope variables the tests name directly.
 * front_setup(show_source) opens them (show_source: whether a diagnostic
 * quotes its source line), front_teardown() closes them; a test's own
 * fixture calls them first and last. Included by the parser, scope,
 * type, evaluator and network tests.
 */
#ifndef TESTS_UNIT_FRONT_H
#define TESTS_UNIT_FRONT_H

#include <stdbool.h>
#include <string.h>

#include "parser/parser.h"
#include "tests/unit/unit.h"

static struct source_set src;
static struct atom_table atoms;
static struct arena arena;
static struct diag dg;
static struct parse_env env;
static struct sink errs; /* every diagnostic of the test */

static inline void front_setup(bool show_source)
{
	source_set_init(&src);
	atom_table_init(&atoms);
	memset(&arena, 0, sizeof arena);
	sink_open(&errs);
	diag_init(&dg, &src, errs.f);
	dg.show_source = show_source;
	env = (struct parse_env){&src, &atoms, &arena, &dg};
}

static inline void front_teardown(void)
{
	sink_close(&errs);
	arena_free(&arena);
	atom_table_free(&atoms);
	source_set_free(&src);
}

#endif
