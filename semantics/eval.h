/*
 * semantics/eval.h — the evaluator of CSPm's functional language.
 *
 * eval_new() takes a parsed and name-resolved script; nothing is computed
 * until asked: eval_sym() and eval_expr() evaluate on demand and memoise
 * top-level bindings (lazily, as CSPm requires: P = a -> P, or Int, never
 * loop or enumerate until something needs all of them).
 *
 * Values are hash-consed (semantics/value.h). Environments are hash-
 * consed frames, so a function applied twice to equal arguments runs in
 * the same frame, and a process continuation is a delayed term (the AST
 * node and its frame, semantics/term.h) that eval_force() unfolds. Named
 * process calls in operand positions (P ; Q, P [] Q(n)) are delayed too,
 * so a recursion guarded by any operator (P = a -> SKIP ; P) is fine.
 *
 * A run-time error (division by zero, head(<>), no clause matches, an
 * event outside its channel, enumerating an infinite set, error("..."),
 * recursion too deep) is reported with its location and the calls that
 * led to it, and the evaluation returns VALUE_NONE; the evaluator stays
 * usable for the next request.
 */
#ifndef SEMANTICS_EVAL_H
#define SEMANTICS_EVAL_H

#include <stdio.h>

#include "base/diag.h"
#include "parser/ast.h"
#include "semantics/scope.h"
#include "semantics/term.h"
#include "semantics/value.h"

struct eval;

struct eval_env {
	struct value_table *values;
	struct term_table *terms;
	const struct scope_table *scopes;
	const struct atom_table *atoms;
	const struct source_set *src;
	struct diag *diag;
};

struct eval *eval_new(const struct eval_env *env, struct ast *root);
void eval_free(struct eval *ev);

/* The value of top-level symbol `s` (VALUE_NONE after a reported error). */
value_id eval_sym(struct eval *ev, sym_id s);
/* The value of a resolved expression in the top-level scope. */
value_id eval_expr(struct eval *ev, struct ast *e);
/* Unfold a delayed process term one step: the VK_PROC value it stands
 * for (VALUE_NONE after a reported error). */
value_id eval_force(struct eval *ev, term_id delayed);

/* Evaluate every `print e` declaration of the script, printing
 * "<expression text> = <value>" lines to `out`; returns the errors. */
unsigned eval_prints(struct eval *ev, struct ast *root, FILE *out);

/* Print a value in CSPm syntax (processes as terms). */
void eval_print(struct eval *ev, FILE *out, value_id v);

/* Run-time errors reported so far. */
unsigned eval_errors(const struct eval *ev);

#endif
