/*
 * parser/parser.h — turning CSPm text into an AST.
 *
 * The parser reads a file (following `include "f"` directives relative to
 * the including file), reports every syntax error it can find through the
 * diag context, and returns the declarations it recovered. It never stops
 * at the first error: after one, it resynchronises at the next declaration.
 * Nothing here resolves names or types (that is semantics/).
 *
 * Ownership: nodes live in env->arena, names in env->atoms, file text in
 * env->src; the caller frees those when done with the tree.
 */
#ifndef PARSER_PARSER_H
#define PARSER_PARSER_H

#include <stddef.h>

#include "base/arena.h"
#include "base/atom.h"
#include "base/diag.h"
#include "base/source.h"
#include "parser/ast.h"

struct parse_env {
	struct source_set *src;
	struct atom_table *atoms;
	struct arena *arena;
	struct diag *diag;
};

/* Parse the file at `path`. Returns its AST_FILE node, or NULL when the
 * file cannot be read (reported). Syntax errors are reported and counted
 * in env->diag->errors; the returned tree then holds what was recovered. */
struct ast *parse_file(const struct parse_env *env, const char *path);

/* Parse in-memory text as a script; `name` is used in messages and as the
 * base for relative includes. Never NULL. */
struct ast *parse_string(const struct parse_env *env, const char *name, const char *text, size_t len);

/* Parse text as one expression (for --eval). NULL on a syntax error. */
struct ast *parse_expression(const struct parse_env *env, const char *name, const char *text, size_t len);

#endif
