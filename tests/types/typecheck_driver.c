/*
 * tests/types/typecheck_driver.c — parse, resolve names and type-check
 * one script: the stages `cspcheck --typecheck` runs, without the CLI.
 *
 *   typecheck_driver [--print | --names] FILE
 *
 * Exit status: 0 the script is well typed, 3 it has errors (syntax, names
 * or types; reported on stderr), 2 usage. With --print, the type of every
 * top-level name is written to stdout as "name :: type", one a line, in
 * order of definition. With --names it stops after name resolution (what
 * the stages before the type checker reject).
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/atom.h"
#include "base/diag.h"
#include "base/source.h"
#include "parser/parser.h"
#include "semantics/scope.h"
#include "semantics/types.h"

int main(int argc, char **argv)
{
	bool print = false, names_only = false;
	int i = 1;
	if (i < argc && strcmp(argv[i], "--print") == 0) {
		print = true;
		i++;
	} else if (i < argc && strcmp(argv[i], "--names") == 0) {
		names_only = true;
		i++;
	}
	if (i + 1 != argc) {
		fputs("usage: typecheck_driver [--print | --names] FILE\n", stderr);
		return 2;
	}
	struct source_set src;
	struct atom_table atoms;
	struct arena arena = {0};
	struct diag diag;
	source_set_init(&src);
	atom_table_init(&atoms);
	diag_init(&diag, &src, stderr);
	struct parse_env env = {&src, &atoms, &arena, &diag};
	int status = 0;
	struct ast *root = parse_file(&env, argv[i]);
	if (!root || diag.errors) {
		status = 3;
		goto out;
	}
	struct scope_table scopes;
	scope_table_init(&scopes);
	if (scope_resolve(&scopes, root, &atoms, &diag) == 0 && !names_only) {
		struct type_ctx *tc = types_new();
		if (types_check(tc, root, &scopes, &atoms, &diag) > 0)
			status = 3;
		for (size_t s = 1; print && s < scopes.syms.n; s++) {
			const struct symbol *y = &scopes.syms.v[s];
			if (!y->toplevel || !y->name || y->kind == SYM_BUILTIN || y->kind == SYM_MODULE ||
			    y->kind == SYM_INSTANCE)
				continue;
			printf("%s :: ", atom_str(&atoms, y->name));
			types_print_symbol(stdout, tc, (sym_id)s);
			putchar('\n');
		}
		types_free(tc);
	} else if (diag.errors) {
		status = 3;
	}
	scope_table_free(&scopes);
out:
	arena_free(&arena);
	atom_table_free(&atoms);
	source_set_free(&src);
	return status;
}
