/*
 * semantics/types.h — CSPm type inference, as FDR (libcspm) does it.
 *
 * types_check() infers a type for every declaration of a name-resolved
 * script (semantics/scope.h) and reports type errors. The algorithm is
 * Hindley–Milner: the declarations of a group (the top level, a let, a
 * module body) are split into strongly connected components of their
 * dependency graph and checked in dependency order; each component is
 * generalised (let-polymorphism) before the components that use it. As in
 * libcspm, a let's declarations are generalised only when annotated
 * (`f :: (a) -> a`), and module parameters are polymorphic per instance.
 *
 * Types: Int, Bool, Char, Proc, Event, datatypes, tuples, {a}, <a>,
 * (| k => v |), (a, b) -> c, and the dot types of channels and constructors:
 * a.b (a dotted pair), a => b (dotting with an a gives a b: the type of a
 * channel c : Int.Bool is Int => Bool => Event) and a =>* b (extendable to
 * a b by some number of fields: what {| |}, renaming and hiding accept).
 * Type variables carry the constraints Eq, Ord, Set, Yieldable, Complete.
 *
 * Errors point at the sub-expression whose type is wrong, quote the
 * smallest enclosing compound expression, and name the expected and the
 * actual type:
 *   f.csp:3:9: error: type mismatch in '1 + true': expected Int, found Bool
 *   f.csp:1:5: error: missing constraint in 'STOP == SKIP': Proc is not in Eq
 *   f.csp:1:1: error: infinite type in 'f(x) = f(<x>)': a would have to equal <a>
 *   f.csp:2:5: error: wrong number of arguments in a call of 'f': it takes 2, given 1
 * plus ambiguous channel/constructor types (a channel over an empty set),
 * module instance cycles, and the checks libcspm's desugarer makes (a
 * sequence pattern with two variable parts, linked parallel and $ inside
 * Timed sections, a name bound twice by one generator list or prefix).
 * A type error aborts its declaration component only: the components that
 * do not use it are still checked, so one run reports independent errors.
 *
 * Approximations (accepting rather than rejecting): a member of an
 * instance made inside a parameterised module is generalised over the
 * enclosing module's parameters rather than tied to them; libcspm's
 * warnings (deprecated or unsafe names) are not given.
 *
 * Data structure: a type_ctx owns the type store (immutable nodes named
 * by type_id, mutable type variables) and the type scheme of every
 * symbol. Invariant after types_check(): every symbol of a group that
 * checked without error has a scheme (types_of_symbol != 0) whose free
 * variables are exactly its quantified variables; symbols of failed groups
 * have none. A type_ctx checks one script; free it with types_free().
 */
#ifndef SEMANTICS_TYPES_H
#define SEMANTICS_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/atom.h"
#include "base/diag.h"
#include "parser/ast.h"
#include "semantics/scope.h"

typedef uint32_t type_id; /* 0: no type */

struct type_ctx;

/* The shape of a type, for users outside the checker. */
enum type_shape {
	TYPE_NONE, TYPE_VAR, TYPE_INT, TYPE_BOOL, TYPE_CHAR, TYPE_PROC, TYPE_EVENT, TYPE_DATATYPE,
	TYPE_SET, TYPE_SEQ, TYPE_MAP, TYPE_DOT, TYPE_DOTABLE, TYPE_EXTENDABLE, TYPE_TUPLE, TYPE_FUNCTION,
};

/* A new, empty context (never NULL). */
struct type_ctx *types_new(void);
void types_free(struct type_ctx *c);

/* Type-check `root` (an AST_FILE resolved by scope_resolve with `scope`;
 * `scope` and `atoms` must outlive the context). Errors go to `diag`.
 * Returns the number of type errors reported (0: the script is well
 * typed). Nodes that scope_resolve left unresolved (sym 0) are accepted
 * with a fresh type, so name errors do not cascade. Call once per ctx. */
unsigned types_check(struct type_ctx *c, struct ast *root, const struct scope_table *scope,
		     const struct atom_table *atoms, struct diag *diag);

/* Type-check an expression (for --eval) that scope_resolve_expr resolved
 * in the top level of the script this ctx checked with types_check.
 * Errors go to `diag` (NULL: the one types_check used). Returns the
 * expression's type, or 0 when it has a type error (reported). */
type_id types_check_expr(struct type_ctx *c, const struct ast *expr, struct diag *diag);

/* The inferred (generalised) type of symbol `s`, or 0 when it has none
 * (not a value, or its group had an error). Variables in it are the
 * scheme's quantified variables. */
type_id types_of_symbol(const struct type_ctx *c, sym_id s);

/* Print `t` as libcspm writes types: Int, {a}, <Char>, (Int, Bool),
 * (| Int => Bool |), (a) -> Bool, Int => Event, a.b, b =>* Event. Variables
 * are named a, b, c... in order of appearance. */
void types_print(FILE *out, const struct type_ctx *c, type_id t);
/* Print the scheme of symbol `s` with its constraints, e.g.
 * "Eq a => (a, <a>) -> Bool"; "?" when it has no type. */
void types_print_symbol(FILE *out, const struct type_ctx *c, sym_id s);

/* Inspecting types. types_shape follows bound variables. */
enum type_shape types_shape(const struct type_ctx *c, type_id t);
/* Component i of a tuple/function argument list (i < types_arity), the
 * element of a set/sequence (i = 0), key/value of a map (0/1), the two
 * sides of a dot or dotable (0/1), the result of a function (i = arity). */
unsigned types_arity(const struct type_ctx *c, type_id t);
type_id types_part(const struct type_ctx *c, type_id t, unsigned i);

/* Whether symbol `s` denotes a process (its type is Proc). */
bool types_is_process(const struct type_ctx *c, sym_id s);
/* Whether `s` is a process or a function whose (final) result is one:
 * P, P(x), P(x)(y). */
bool types_returns_process(const struct type_ctx *c, sym_id s);
/* The field types of channel or constructor `s` (c : A.B gives 2 fields;
 * a field of a datatype type is one field). Writes at most `max` types to
 * `out`; returns the number of fields, or -1 when `s` is not a channel or
 * constructor with a type. */
int types_channel_fields(const struct type_ctx *c, sym_id s, type_id *out, unsigned max);

#endif
