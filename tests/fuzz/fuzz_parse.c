/*
 * tests/fuzz/fuzz_parse.c — libFuzzer harness for the CSPm parser.
 *
 * Each input is parsed twice with fresh state: as a whole script
 * (parse_string, then ast_dump of the tree) and as one expression
 * (parse_expression, the --eval entry point). Diagnostics are formatted in
 * full but written to /dev/null, so the diag code is exercised too. All
 * state (arena, atoms, sources) is freed before returning, so LeakSanitizer
 * reports any leak in base/ or parser/ as a finding.
 *
 * Includes: the script is named "/nonexistent-cspcheck-fuzz/input.csp", so
 * a relative `include "f"` always fails to open (the error path is still
 * fuzzed) and a run never depends on the files around it. Inputs with an
 * absolute include path ('"/' anywhere) are skipped: `include "/dev/zero"`
 * would only measure the machine, not the parser.
 *
 * The same entry point is linked two ways (tests/fuzz/meson.build):
 * with libFuzzer's main for fuzzing (-Dfuzz=true, clang), and with
 * replay_main.c for the always-built `fuzz-replay` test.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/atom.h"
#include "base/diag.h"
#include "base/source.h"
#include "parser/ast.h"
#include "parser/parser.h"

#define FUZZ_NAME "/nonexistent-cspcheck-fuzz/input.csp"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *null_out(void)
{
	static FILE *out;
	if (!out)
		out = fopen("/dev/null", "w");
	return out;
}

/* Parse text[0..len) with `expression` selecting the entry point. */
static void parse_once(const char *text, size_t len, int expression)
{
	struct source_set src;
	struct atom_table atoms;
	struct arena arena = {0};
	struct diag diag;
	FILE *out = null_out();

	source_set_init(&src);
	atom_table_init(&atoms);
	diag_init(&diag, &src, out);
	struct parse_env env = {&src, &atoms, &arena, &diag};

	struct ast *root;
	if (expression)
		root = parse_expression(&env, FUZZ_NAME, text, len);
	else
		root = parse_string(&env, FUZZ_NAME, text, len);
	if (root)
		ast_dump(out, &atoms, root);

	arena_free(&arena);
	atom_table_free(&atoms);
	source_set_free(&src);
}

/* Returns -1 for inputs that must not enter the corpus, 0 otherwise. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= SOURCE_MAX_BYTES)
		return -1;
	for (size_t i = 0; i + 1 < size; i++)
		if (data[i] == '"' && data[i + 1] == '/')
			return -1;
	parse_once((const char *)data, size, 0);
	parse_once((const char *)data, size, 1);
	return 0;
}
