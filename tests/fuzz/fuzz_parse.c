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
 * Includes: on its first call the harness writes a few fixed files into a
 * fresh directory under $TMPDIR (or /tmp), removed at exit, and names each
 * input "<that directory>/input.csp". So `include "a.csp"` succeeds, and
 * "b.csp" (which includes a.csp), "self.csp" and "loop1.csp" (include
 * cycles), "open.csp" (ends inside a bracket), "bad.csp" (syntax errors)
 * and "dir" (a directory) reach every include path of the parser, while a
 * run still never depends on the files around it. Inputs that could name
 * a file outside that directory, an absolute path ('"/' anywhere) or one
 * going up ('../' anywhere), are skipped: `include "/dev/zero"` would
 * only measure the machine, not the parser.
 *
 * The same entry point is linked two ways (tests/fuzz/meson.build):
 * with libFuzzer's main for fuzzing (-Dfuzz=true, clang), and with
 * replay_main.c for the always-built `fuzz-replay` test.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/atom.h"
#include "base/diag.h"
#include "base/source.h"
#include "parser/ast.h"
#include "parser/parser.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *null_out(void)
{
	static FILE *out;
	if (!out)
		out = fopen("/dev/null", "w");
	return out;
}

/* The files an input may include, by name relative to the input. */
static const struct fixture {
	const char *name;
	const char *text;
} fixtures[] = {
	{"a.csp", "channel inc_a : {0..2}\nA = inc_a?x -> A\n"},
	{"b.csp", "include \"a.csp\"\nB = A [] STOP\n"},
	{"self.csp", "S = STOP\ninclude \"self.csp\"\n"},
	{"loop1.csp", "include \"loop2.csp\"\n"},
	{"loop2.csp", "include \"loop1.csp\"\n"},
	{"open.csp", "O = (inc_a.1 -> {- unterminated comment\n"},
	{"bad.csp", "Q = ) STOP\nR = \"no end\n\x01\xff assert Q [X= R\n"},
};

static char fixture_root[64];

static void remove_fixtures(void)
{
	char path[128];
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", fixture_root, fixtures[i].name);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/dir", fixture_root);
	rmdir(path);
	rmdir(fixture_root);
}

/* The name inputs are parsed under; creates the fixtures on first use.
 * Without a writable temporary directory, includes just fail to open. */
static const char *input_name(void)
{
	static char name[96];
	if (name[0])
		return name;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !tmp[0] || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(fixture_root, sizeof fixture_root, "%s/cspfuzz.XXXXXX", tmp);
	if (!mkdtemp(fixture_root)) {
		snprintf(name, sizeof name, "/nonexistent-cspcheck-fuzz/input.csp");
		return name;
	}
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", fixture_root, fixtures[i].name);
		FILE *fp = fopen(path, "wb");
		if (fp) {
			fputs(fixtures[i].text, fp);
			fclose(fp);
		}
	}
	char dir[128];
	snprintf(dir, sizeof dir, "%s/dir", fixture_root);
	mkdir(dir, 0700);
	atexit(remove_fixtures);
	snprintf(name, sizeof name, "%s/input.csp", fixture_root);
	return name;
}

/* Parse text[0..len) with `expression` selecting the entry point. */
static void parse_once(const char *text, size_t len, int expression)
{
	struct source_set src;
	struct atom_table atoms;
	struct arena arena = {0};
	struct diag diag;
	FILE *out = null_out();
	const char *name = input_name();

	source_set_init(&src);
	atom_table_init(&atoms);
	diag_init(&diag, &src, out);
	struct parse_env env = {&src, &atoms, &arena, &diag};

	struct ast *root;
	if (expression)
		root = parse_expression(&env, name, text, len);
	else
		root = parse_string(&env, name, text, len);
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
	for (size_t i = 0; i + 1 < size; i++) {
		if (data[i] == '"' && data[i + 1] == '/')
			return -1;
		if (data[i] == '.' && data[i + 1] == '.' && i + 2 < size && data[i + 2] == '/')
			return -1;
	}
	parse_once((const char *)data, size, 0);
	parse_once((const char *)data, size, 1);
	return 0;
}
