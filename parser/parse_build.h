/*
 * parser/parse_build.h — constructors the grammar actions call.
 *
 * They build AST nodes and enforce the purely syntactic rules that FDR
 * checks while parsing (what may appear inside let, module and Timed; type
 * annotations that match a definition; definitions of the form f(x) = e),
 * reporting violations as errors at the offending span. Private to parser/.
 */
#ifndef PARSER_PARSE_BUILD_H
#define PARSER_PARSE_BUILD_H

#include "parser/parser_int.h"

/* Node with a depth check ("nested too deeply" is an error, not a crash). */
struct ast *build_checked(struct parser *p, struct ast *n);

#define N(...) build_checked(p, ast_new(p->env->arena, __VA_ARGS__))
#define BIN(op, l, r, at) build_op(p, AST_BINOP, (op), (l), (r), (at))
#define PROC(op, l, r, at) build_op(p, AST_PROCOP, (op), (l), (r), (at))
#define UN(op, e, at) build_op(p, AST_UNOP, (op), (e), NULL, (at))
#define REP(op, stmts, body, at) build_op(p, AST_REP, (op), (stmts), (body), (at))

struct ast *build_op(struct parser *p, enum ast_kind kind, enum ast_op op, struct ast *l, struct ast *r,
		     struct span at);
struct ast *build_list(struct parser *p, struct span at);
struct ast *build_error(struct parser *p, struct span at);
struct ast *build_file(struct parser *p, struct ast *decls);
struct ast *build_decls(struct parser *p, struct ast *decls);
struct ast *build_definition(struct parser *p, struct ast *lhs, struct ast *rhs, struct span at);
struct ast *build_named(struct parser *p, enum ast_kind kind, atom_t name, struct ast *clauses, struct span at);
struct ast *build_module(struct parser *p, atom_t name, struct ast *params, struct ast *priv, struct ast *exported,
			 struct span at);
struct ast *build_timed(struct parser *p, struct ast *fn, struct ast *decls, struct span at);
struct ast *build_let(struct parser *p, struct ast *decls, struct ast *body, struct span at);
struct ast *build_property(struct parser *p, struct ast *proc, int64_t prop, struct ast *trace, struct ast *opts,
			   struct span at);
struct ast *build_option(struct parser *p, struct ast *opts, struct ast *opt);
struct ast *build_constraint(struct parser *p, atom_t cls, struct span cls_at, atom_t var, struct span var_at,
			     struct span at);
struct ast *build_tfun(struct parser *p, struct ast *args, struct ast *result, struct span at);
struct ast *build_app(struct parser *p, struct ast *fn, struct ast *args, struct span at);
struct ast *build_hide(struct parser *p, enum ast_op op, struct ast *l, struct ast *r, struct span at);

/* Report a syntax error for the lookahead token (the last one the filter
 * handed over) at `at`; `name` is its display name. `expected` says what
 * was acceptable there, as it should read in the message ("an expression",
 * "')'"...); n of them; more than five are not listed. `note`, if not
 * NULL, is appended in parentheses. */
void parser_syntax_error(struct parser *p, struct span at, const char *name, const char **expected, int n,
			 const char *note);

/* Check every expression and pattern position of a parsed tree: '_' and
 * '@@' only in patterns, patterns only of pattern forms; folds negative
 * integer patterns. Reports errors through p. */
void parse_check_tree(struct parser *p, struct ast *root, bool is_expression);

/* parse_check_tree for one top-level declaration, as soon as it is parsed
 * (so that its errors are reported in file order); returns `decl`, or
 * NULL when it is nested deeper than AST_MAX_DEPTH (reported; dropped). */
struct ast *parse_check_decl(struct parser *p, struct ast *decl);

#endif
