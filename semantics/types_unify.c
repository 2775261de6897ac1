/*
 * semantics/types_unify.c — the type store, unification with CSPm's dot
 * types, constraints, schemes and printing.
 *
 * Data structure: types are immutable nodes (struct tnode) in ctx->nodes;
 * type variables (struct tvar) are the only mutable state, each either
 * unbound with a set of constraints or bound to a type. Binding a variable
 * lowers the level of the variables in its binding to its own level, so
 * that "free in the environment" is "level below the current group".
 *
 * Unification follows libcspm's rules. Dot types are the delicate part: a
 * dotted value a.b.c has a dot list [a, b, c]; a constructor or channel has
 * a dotable type A => B => T. Two dot lists are combined left to right,
 * each dotable head consuming the following components (a variable in the
 * last position takes all the remaining fields: the longest-match rule).
 * An extendable type T =>* (what {| c |} and renaming accept) records in
 * its argument variable how many fields were supplied: a dotable chain
 * ending in another argument variable, or TK_EMPTYDOT when none.
 *
 * Invariant: every variable write goes through ty_setvar (trail) and a
 * rigid variable (from an annotation) is never bound.
 */
#include "semantics/types_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* ------------------------------------------------------------- store */

type_id ty_mk(struct type_ctx *c, enum tkind k, uint32_t a, uint32_t b)
{
	struct tnode n = {(uint8_t)k, a, b, 0, 0};
	vec_push(&c->nodes, n);
	return (type_id)(c->nodes.n - 1);
}

type_id ty_mkn(struct type_ctx *c, enum tkind k, uint32_t n, const type_id *kids, type_id res)
{
	struct tnode t = {(uint8_t)k, 0, res, n, (uint32_t)c->kidpool.n};
	for (uint32_t i = 0; i < n; i++)
		vec_push(&c->kidpool, kids[i]);
	vec_push(&c->nodes, t);
	return (type_id)(c->nodes.n - 1);
}

tvar_id ty_newvar(struct type_ctx *c, uint8_t cons)
{
	struct tvar v = {0, cons, false, false, c->level, ATOM_NONE};
	vec_push(&c->vars, v);
	return (tvar_id)(c->vars.n - 1);
}

type_id ty_var(struct type_ctx *c, uint8_t cons)
{
	return ty_mk(c, TK_VAR, ty_newvar(c, cons), 0);
}

type_id ty_fun1(struct type_ctx *c, type_id arg, type_id res)
{
	return ty_mkn(c, TK_FUN, 1, &arg, res);
}

type_id ty_tuple2(struct type_ctx *c, type_id a, type_id b)
{
	type_id k[2] = {a, b};
	return ty_mkn(c, TK_TUPLE, 2, k, 0);
}

type_id ty_ext(struct type_ctx *c, type_id t)
{
	return ty_mk(c, TK_EXT, t, ty_newvar(c, 0));
}

void ty_setvar(struct type_ctx *c, tvar_id v, type_id bound, uint8_t cons, uint32_t level)
{
	struct trail_entry e = {v, c->vars.v[v]};
	vec_push(&c->trail, e);
	c->vars.v[v].bound = bound;
	c->vars.v[v].cons = cons;
	c->vars.v[v].level = level;
}

void ty_trail_undo(struct type_ctx *c, size_t mark)
{
	while (c->trail.n > mark) {
		struct trail_entry e = vec_pop(&c->trail);
		c->vars.v[e.v] = e.old;
	}
}

type_id ty_shallow(const struct type_ctx *c, type_id t)
{
	while (c->nodes.v[t].kind == TK_VAR && c->vars.v[c->nodes.v[t].a].bound)
		t = c->vars.v[c->nodes.v[t].a].bound;
	return t;
}

static bool is_var(const struct type_ctx *c, type_id t)
{
	return ty_node(c, ty_shallow(c, t))->kind == TK_VAR;
}

static bool is_dotable(const struct type_ctx *c, type_id t)
{
	return ty_node(c, ty_shallow(c, t))->kind == TK_DOTABLE;
}

static bool is_ext(const struct type_ctx *c, type_id t)
{
	return ty_node(c, ty_shallow(c, t))->kind == TK_EXT;
}

static bool is_simple(const struct type_ctx *c, type_id t)
{
	return !is_dotable(c, t) && !is_var(c, t);
}

/* The compressed form of an extendable with inner type `t` whose argument
 * variable is `pt`. */
static type_id extract_ext(struct type_ctx *c, type_id t, tvar_id pt)
{
	type_id b = c->vars.v[pt].bound;
	if (!b)
		return ty_mk(c, TK_EXT, t, pt);
	b = ty_shallow(c, b);
	const struct tnode *n = ty_node(c, b);
	switch (n->kind) {
	case TK_EMPTYDOT:
		return t;
	case TK_VAR:
		return extract_ext(c, t, n->a);
	case TK_DOTABLE: {
		type_id argt = n->a, rest = n->b;
		rest = ty_shallow(c, rest);
		type_id r;
		const struct tnode *rn = ty_node(c, rest);
		if (rn->kind == TK_VAR)
			r = extract_ext(c, t, rn->a);
		else if (rn->kind == TK_EMPTYDOT)
			r = t;
		else if (rn->kind == TK_DOTABLE) {
			/* Walk the chain through a temporary variable. */
			tvar_id tmp = ty_newvar(c, 0);
			c->vars.v[tmp].bound = rest;
			r = extract_ext(c, t, tmp);
		} else {
			r = t;
		}
		return ty_dotable(c, ty_compress(c, argt), r);
	}
	default:
		return t;
	}
}

type_id ty_compress(struct type_ctx *c, type_id t)
{
	t = ty_shallow(c, t);
	struct tnode n = *ty_node(c, t);
	switch (n.kind) {
	case TK_SET: case TK_SEQ: {
		type_id a = ty_compress(c, n.a);
		return a == n.a ? t : ty_mk(c, (enum tkind)n.kind, a, 0);
	}
	case TK_MAP: case TK_DOT: case TK_DOTABLE: {
		type_id a = ty_compress(c, n.a), b = ty_compress(c, n.b);
		return a == n.a && b == n.b ? t : ty_mk(c, (enum tkind)n.kind, a, b);
	}
	case TK_TUPLE: case TK_FUN: {
		bool same = true;
		type_id *k = arena_alloc(&c->scratch, (n.n + 1) * sizeof *k);
		for (uint32_t i = 0; i < n.n; i++) {
			k[i] = ty_compress(c, ty_kid(c, t, i));
			same = same && k[i] == ty_kid(c, t, i);
		}
		type_id r = n.kind == TK_FUN ? ty_compress(c, n.b) : 0;
		same = same && r == n.b;
		type_id res = same ? t : ty_mkn(c, (enum tkind)n.kind, n.n, k, r);
		return res;
	}
	case TK_EXT:
		return extract_ext(c, ty_compress(c, n.a), n.b);
	default:
		return t;
	}
}

/* ------------------------------------------------------------ errors */

/* The outermost pair of the unification being done did not match. */
static _Noreturn void mismatch(struct type_ctx *c)
{
	ty_fail(c, TF_MISMATCH, 0, c->err_exp, c->err_act);
}

/* -------------------------------------------------------- variables */

static bool occurs(const struct type_ctx *c, tvar_id v, type_id t)
{
	t = ty_shallow(c, t);
	const struct tnode *n = ty_node(c, t);
	switch (n->kind) {
	case TK_VAR:
		return n->a == v;
	case TK_SET: case TK_SEQ:
		return occurs(c, v, n->a);
	case TK_MAP: case TK_DOT: case TK_DOTABLE:
		return occurs(c, v, n->a) || occurs(c, v, n->b);
	case TK_TUPLE: case TK_FUN:
		for (uint32_t i = 0; i < n->n; i++)
			if (occurs(c, v, ty_kid(c, t, i)))
				return true;
		return n->kind == TK_FUN && occurs(c, v, n->b);
	case TK_EXT: {
		if (occurs(c, v, n->a))
			return true;
		if (n->b == v)
			return true;
		type_id b = c->vars.v[n->b].bound;
		return b && occurs(c, v, b);
	}
	default:
		return false;
	}
}

/* Lower the level of every variable in t to at most `level`. */
static void lower(struct type_ctx *c, type_id t, uint32_t level)
{
	t = ty_shallow(c, t);
	const struct tnode *n = ty_node(c, t);
	switch (n->kind) {
	case TK_VAR: {
		struct tvar *v = &c->vars.v[n->a];
		if (v->level > level)
			ty_setvar(c, n->a, v->bound, v->cons, level);
		return;
	}
	case TK_SET: case TK_SEQ:
		lower(c, n->a, level);
		return;
	case TK_MAP: case TK_DOT: case TK_DOTABLE: {
		type_id a = n->a, b = n->b;
		lower(c, a, level);
		lower(c, b, level);
		return;
	}
	case TK_TUPLE: case TK_FUN: {
		uint32_t cnt = n->n;
		type_id r = n->kind == TK_FUN ? n->b : 0;
		for (uint32_t i = 0; i < cnt; i++)
			lower(c, ty_kid(c, t, i), level);
		if (r)
			lower(c, r, level);
		return;
	}
	case TK_EXT: {
		type_id a = n->a;
		tvar_id pt = n->b;
		lower(c, a, level);
		struct tvar *v = &c->vars.v[pt];
		if (v->level > level)
			ty_setvar(c, pt, v->bound, v->cons, level);
		if (c->vars.v[pt].bound)
			lower(c, c->vars.v[pt].bound, level);
		return;
	}
	default:
		return;
	}
}

/* Bind v to t (libcspm's safeWriteTypeRef): rigid variables refuse. */
static void write_var(struct type_ctx *c, tvar_id v, type_id t)
{
	if (c->vars.v[v].rigid)
		mismatch(c);
	struct tvar old = c->vars.v[v];
	ty_setvar(c, v, t, old.cons, old.level);
	lower(c, t, old.level);
}

static type_id apply_subst(struct type_ctx *c, tvar_id v, type_id t)
{
	type_id tc = ty_compress(c, t);
	if (occurs(c, v, tc)) {
		type_id e = ty_evaluate_dots(c, tc);
		const struct tnode *n = ty_node(c, ty_shallow(c, e));
		if (n->kind == TK_VAR && n->a == v)
			return e;
		if (occurs(c, v, e))
			ty_fail(c, TF_OCCURS, 0, ty_mk(c, TK_VAR, v, 0), tc);
		write_var(c, v, e);
		return e;
	}
	write_var(c, v, tc);
	return tc;
}

/* ------------------------------------------------------ constraints */

static bool implied_by(uint8_t want, uint8_t have)
{
	if (have & want)
		return true;
	return want == C_SET && (have & C_EQ);
}

static _Noreturn void cons_fail(struct type_ctx *c, uint8_t cons, type_id t)
{
	ty_fail(c, TF_CONSTRAINT, cons, t, 0);
}

static void constrain1(struct type_ctx *c, uint8_t k, type_id t)
{
	t = ty_shallow(c, t);
	struct tnode n = *ty_node(c, t);
	switch (n.kind) {
	case TK_VAR: {
		struct tvar *v = &c->vars.v[n.a];
		if (implied_by(k, v->cons))
			return;
		if (v->rigid)
			cons_fail(c, k, t);
		ty_setvar(c, n.a, 0, (uint8_t)(v->cons | k), v->level);
		return;
	}
	case TK_EXT: {
		tvar_id pt = n.b;
		if (!c->vars.v[pt].bound) {
			if (k == C_YIELD) {
				write_var(c, pt, c->t_empty);
			} else if (k == C_COMPLETE) {
				constrain1(c, k, n.a);
				write_var(c, pt, c->t_empty);
			} else if (k != C_EQ && k != C_SET) {
				cons_fail(c, k, t);
			}
			return;
		}
		constrain1(c, k, ty_compress(c, t));
		return;
	}
	default:
		break;
	}
	if (k == C_YIELD) {
		if (n.kind == TK_DATATYPE || n.kind == TK_EVENT)
			return;
		if (n.kind == TK_DOT) {
			type_id e = ty_shallow(c, ty_evaluate_dots(c, t));
			if (ty_node(c, e)->kind == TK_DOT)
				cons_fail(c, k, t);
			constrain1(c, k, e);
			return;
		}
		cons_fail(c, k, t);
	}
	switch (n.kind) {
	case TK_PROC:
		if (k == C_SET || k == C_COMPLETE)
			return;
		break;
	case TK_INT: case TK_CHAR:
		return;
	case TK_BOOL:
		if (k != C_ORD)
			return;
		break;
	case TK_DATATYPE:
		if (k == C_EQ) {
			if (n.a < c->comparable.n && c->comparable.v[n.a] == 2)
				break;
			return;
		}
		if (k != C_ORD)
			return;
		break;
	case TK_EVENT:
		if (k != C_ORD)
			return;
		break;
	case TK_SEQ:
		if (k == C_COMPLETE)
			return;
		constrain1(c, k == C_ORD ? C_EQ : k, n.a);
		return;
	case TK_TUPLE:
		if (k == C_COMPLETE)
			return;
		for (uint32_t i = 0; i < n.n; i++)
			constrain1(c, k, ty_kid(c, t, i));
		return;
	case TK_DOTABLE:
		if (k == C_EQ || k == C_SET) {
			constrain1(c, k, n.a);
			constrain1(c, k, n.b);
			return;
		}
		break;
	case TK_DOT:
		if (k == C_COMPLETE) {
			type_id e = ty_shallow(c, ty_evaluate_dots(c, t));
			const struct tnode *en = ty_node(c, e);
			if (en->kind == TK_DOT) {
				type_id a = en->a, b = en->b;
				constrain1(c, k, a);
				constrain1(c, k, b);
			} else {
				constrain1(c, k, e);
			}
			return;
		}
		if (k != C_ORD) {
			constrain1(c, k, n.a);
			constrain1(c, k, n.b);
			return;
		}
		break;
	case TK_SET:
		if (k == C_COMPLETE)
			return;
		constrain1(c, k == C_ORD ? C_EQ : k, n.a);
		return;
	case TK_MAP:
		if (k == C_COMPLETE)
			return;
		constrain1(c, k, n.a);
		constrain1(c, k, n.b);
		return;
	default:
		break;
	}
	cons_fail(c, k, t);
}

void ty_constrain(struct type_ctx *c, uint8_t cons, type_id t)
{
	for (uint8_t k = 1; k && k <= C_COMPLETE; k = (uint8_t)(k << 1))
		if (cons & k)
			constrain1(c, k, t);
}

/* --------------------------------------------------------- dot lists */

/* Lists live in the scratch arena, so that a failure (longjmp) in the
 * middle of a unification leaks nothing: the arena goes with the ctx. */
void ty_tl_push(struct type_ctx *c, struct tlist *l, type_id t)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		type_id *v = arena_alloc(&c->scratch, cap * sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = t;
}

static void tl_push(struct type_ctx *c, struct tlist *l, type_id t)
{
	ty_tl_push(c, l, t);
}

static void tl_free(struct tlist *l)
{
	(void)l;
}

void ty_dot_list(struct type_ctx *c, type_id t, struct tlist *out)
{
	t = ty_compress(c, t);
	const struct tnode *n = ty_node(c, t);
	if (n->kind == TK_DOT) {
		type_id a = n->a, b = n->b;
		ty_dot_list(c, a, out);
		ty_dot_list(c, b, out);
		return;
	}
	tl_push(c, out, t);
}

type_id ty_reduce_dotable(struct type_ctx *c, type_id t, struct tlist *args)
{
	t = ty_shallow(c, t);
	while (ty_node(c, t)->kind == TK_DOTABLE) {
		tl_push(c, args, ty_node(c, t)->a);
		t = ty_shallow(c, ty_node(c, t)->b);
	}
	return t;
}

static type_id normal_form(struct type_ctx *c, type_id t)
{
	t = ty_shallow(c, t);
	const struct tnode *n = ty_node(c, t);
	if (n->kind != TK_DOTABLE)
		return t;
	type_id a = ty_shallow(c, n->a), r = n->b;
	if (ty_node(c, a)->kind == TK_DOT) {
		type_id a1 = ty_node(c, a)->a, a2 = ty_node(c, a)->b;
		return normal_form(c, ty_dotable(c, a1, ty_dotable(c, a2, r)));
	}
	if (is_dotable(c, r))
		return ty_dotable(c, a, normal_form(c, r));
	return t;
}

/* a1.(a2.(...)) over l[from..n) */
static type_id foldr1_dot(struct type_ctx *c, const type_id *l, size_t n)
{
	type_id t = l[n - 1];
	for (size_t i = n - 1; i-- > 0;)
		t = ty_dot(c, l[i], t);
	return t;
}

static type_id foldl1_dot(struct type_ctx *c, const type_id *l, size_t n)
{
	type_id t = l[0];
	for (size_t i = 1; i < n; i++)
		t = ty_dot(c, t, l[i]);
	return t;
}

static type_id foldr_dotable(struct type_ctx *c, const type_id *args, size_t n, type_id rt)
{
	for (size_t i = n; i-- > 0;)
		rt = ty_dotable(c, args[i], rt);
	return rt;
}

enum match_mode { SHORTEST, LONGEST };

static void eval_list(struct type_ctx *c, enum match_mode m, const type_id *in, size_t n, struct tlist *out);

/* evalTypeList over an owned temporary list */
static void eval_tmp(struct type_ctx *c, enum match_mode m, struct tlist *tmp, struct tlist *out)
{
	eval_list(c, m, tmp->v, tmp->n, out);
	tl_free(tmp);
}

static void eval_list(struct type_ctx *c, enum match_mode m, const type_id *in, size_t n, struct tlist *out)
{
	if (n == 0)
		return;
	type_id t0 = ty_compress(c, in[0]);
	if (n == 1) {
		tl_push(c, out, t0);
		return;
	}
	const struct tnode *n0 = ty_node(c, t0);
	struct tlist tmp = {0};
	if (n0->kind == TK_DOT) {
		tl_push(c, &tmp, n0->a);
		tl_push(c, &tmp, n0->b);
		for (size_t i = 1; i < n; i++)
			tl_push(c, &tmp, in[i]);
		eval_tmp(c, m, &tmp, out);
		return;
	}
	if (n0->kind == TK_DOTABLE) {
		type_id argt = n0->a, rt = n0->b;
		type_id arg = ty_compress(c, in[1]);
		if (is_var(c, arg) && n == 2) {
			struct tlist args = {0};
			type_id urt = ty_reduce_dotable(c, t0, &args);
			if (m == LONGEST) {
				ty_unify(c, arg, foldr1_dot(c, args.v, args.n));
				tl_push(c, out, urt);
			} else {
				ty_unify(c, args.v[0], arg);
				tl_push(c, out, foldr_dotable(c, args.v + 1, args.n - 1, urt));
			}
			tl_free(&args);
			return;
		}
		if (is_ext(c, arg)) {
			const struct tnode *an = ty_node(c, ty_shallow(c, arg));
			type_id rtA = an->a;
			tvar_id pt = an->b;
			ty_unify(c, argt, rtA);
			tl_push(c, &tmp, ty_mk(c, TK_EXT, rt, pt));
		} else if (!is_dotable(c, arg)) {
			ty_unify(c, argt, arg);
			tl_push(c, &tmp, rt);
		} else if (is_dotable(c, argt)) {
			ty_unify(c, argt, arg);
			tl_push(c, &tmp, rt);
		} else {
			struct tlist argsA = {0};
			type_id rtA = ty_reduce_dotable(c, arg, &argsA);
			ty_unify(c, argt, rtA);
			tl_push(c, &tmp, foldr_dotable(c, argsA.v, argsA.n, rt));
			tl_free(&argsA);
		}
		for (size_t i = 2; i < n; i++)
			tl_push(c, &tmp, in[i]);
		eval_tmp(c, m, &tmp, out);
		return;
	}
	if (n0->kind == TK_EXT) {
		type_id urt = n0->a;
		tvar_id pt = n0->b;
		if (m == LONGEST) {
			struct tlist rest = {0};
			eval_list(c, LONGEST, in + 1, n - 1, &rest);
			write_var(c, pt, foldr_dotable(c, rest.v, rest.n, c->t_empty));
			tl_free(&rest);
			tl_push(c, out, urt);
			return;
		}
		write_var(c, pt, ty_dotable(c, in[1], c->t_empty));
		tl_push(c, &tmp, urt);
		for (size_t i = 2; i < n; i++)
			tl_push(c, &tmp, in[i]);
		eval_tmp(c, m, &tmp, out);
		return;
	}
	tl_push(c, out, t0);
	eval_list(c, m, in + 1, n - 1, out);
}

type_id ty_evaluate_dots(struct type_ctx *c, type_id t)
{
	t = ty_shallow(c, t);
	struct tnode n = *ty_node(c, t);
	switch (n.kind) {
	case TK_VAR:
		return t;
	case TK_SET: case TK_SEQ:
		return ty_mk(c, (enum tkind)n.kind, ty_evaluate_dots(c, n.a), 0);
	case TK_MAP:
		return ty_mk(c, TK_MAP, ty_evaluate_dots(c, n.a), ty_evaluate_dots(c, n.b));
	case TK_TUPLE: case TK_FUN: {
		type_id *k = arena_alloc(&c->scratch, (n.n + 1) * sizeof *k);
		for (uint32_t i = 0; i < n.n; i++)
			k[i] = ty_evaluate_dots(c, ty_kid(c, t, i));
		type_id r = n.kind == TK_FUN ? ty_evaluate_dots(c, n.b) : 0;
		return ty_mkn(c, (enum tkind)n.kind, n.n, k, r);
	}
	case TK_EXT: {
		type_id e = ty_compress(c, t);
		if (ty_node(c, e)->kind == TK_EXT)
			return e;
		return ty_evaluate_dots(c, e);
	}
	default: {
		struct tlist l = {0}, r = {0};
		ty_dot_list(c, t, &l);
		for (size_t i = 0; i < l.n; i++)
			l.v[i] = normal_form(c, ty_compress(c, l.v[i]));
		eval_list(c, LONGEST, l.v, l.n, &r);
		type_id res = r.n ? foldr1_dot(c, r.v, r.n) : t;
		tl_free(&l);
		tl_free(&r);
		return res;
	}
	}
}

/* ------------------------------------------------------- unification */

static void combine(struct type_ctx *c, const type_id *as, size_t na, const type_id *bs, size_t nb,
		    struct tlist *out);

static void combine_tmp(struct type_ctx *c, struct tlist *a, struct tlist *b, struct tlist *out)
{
	combine(c, a->v, a->n, b->v, b->n, out);
	tl_free(a);
	tl_free(b);
}

static void copy_into(struct type_ctx *c, struct tlist *l, const type_id *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tl_push(c, l, v[i]);
}

static void combine(struct type_ctx *c, const type_id *as, size_t na, const type_id *bs, size_t nb,
		    struct tlist *out)
{
	if (na == 0 && nb == 0)
		return;
	struct tlist A = {0}, B = {0};
	if (na > 0 && ty_node(c, ty_shallow(c, as[0]))->kind == TK_DOT) {
		ty_dot_list(c, as[0], &A);
		copy_into(c, &A, as + 1, na - 1);
		copy_into(c, &B, bs, nb);
		combine_tmp(c, &A, &B, out);
		return;
	}
	if (nb > 0 && ty_node(c, ty_shallow(c, bs[0]))->kind == TK_DOT) {
		copy_into(c, &A, as, na);
		ty_dot_list(c, bs[0], &B);
		copy_into(c, &B, bs + 1, nb - 1);
		combine_tmp(c, &A, &B, out);
		return;
	}
	if (na == 0 || nb == 0)
		mismatch(c);
	if (nb == 1) {
		tl_push(c, out, ty_unify(c, foldr1_dot(c, as, na), bs[0]));
		return;
	}
	if (na == 1) {
		tl_push(c, out, ty_unify(c, as[0], foldr1_dot(c, bs, nb)));
		return;
	}
	type_id a = as[0], b = bs[0];
	if (!is_dotable(c, a) && !is_dotable(c, b)) {
		tl_push(c, out, ty_unify(c, a, b));
		combine(c, as + 1, na - 1, bs + 1, nb - 1, out);
		return;
	}
	if (is_dotable(c, a)) {
		const struct tnode *an = ty_node(c, ty_shallow(c, a));
		type_id argt = an->a, rt = an->b, a1 = as[1];
		if (is_dotable(c, argt) || is_simple(c, a1) || (is_var(c, a1) && na > 2)) {
			ty_unify(c, argt, a1);
			tl_push(c, &A, rt);
			copy_into(c, &A, as + 2, na - 2);
			copy_into(c, &B, bs, nb);
			combine_tmp(c, &A, &B, out);
			return;
		}
		if (is_var(c, a1)) {
			struct tlist args = {0}, ev = {0};
			type_id urt = ty_reduce_dotable(c, ty_shallow(c, a), &args);
			eval_list(c, LONGEST, bs, nb, &ev);
			type_id t1 = ty_unify(c, urt, ev.v[0]);
			copy_into(c, &args, ev.v + 1, ev.n - 1);
			struct tlist tmp = {0};
			combine(c, args.v, args.n, &a1, 1, &tmp);
			tl_free(&tmp);
			tl_push(c, out, t1);
			copy_into(c, out, ev.v + 1, ev.n - 1);
			tl_free(&args);
			tl_free(&ev);
			return;
		}
		/* a1 is dotable */
		struct tlist argsA = {0};
		type_id rtA = ty_reduce_dotable(c, a1, &argsA);
		ty_unify(c, argt, rtA);
		tl_push(c, &A, foldr_dotable(c, argsA.v, argsA.n, rt));
		tl_free(&argsA);
		copy_into(c, &A, as + 2, na - 2);
		copy_into(c, &B, bs, nb);
		combine_tmp(c, &A, &B, out);
		return;
	}
	/* b is dotable */
	const struct tnode *bn = ty_node(c, ty_shallow(c, b));
	type_id argt = bn->a, rt = bn->b, b1 = bs[1];
	if (is_dotable(c, argt) || is_simple(c, b1) || (is_var(c, b1) && nb > 2)) {
		if (is_dotable(c, argt))
			ty_unify(c, argt, b1);
		else
			ty_unify(c, b1, argt);
		copy_into(c, &A, as, na);
		tl_push(c, &B, rt);
		copy_into(c, &B, bs + 2, nb - 2);
		combine_tmp(c, &A, &B, out);
		return;
	}
	if (is_var(c, b1)) {
		struct tlist args = {0}, ev = {0};
		type_id urt = ty_reduce_dotable(c, ty_shallow(c, b), &args);
		eval_list(c, LONGEST, as, na, &ev);
		type_id t1 = ty_unify(c, ev.v[0], urt);
		copy_into(c, &args, ev.v + 1, ev.n - 1);
		struct tlist tmp = {0};
		combine(c, &b1, 1, args.v, args.n, &tmp);
		tl_free(&tmp);
		tl_push(c, out, t1);
		copy_into(c, out, ev.v + 1, ev.n - 1);
		tl_free(&args);
		tl_free(&ev);
		return;
	}
	struct tlist argsB = {0};
	type_id rtB = ty_reduce_dotable(c, b1, &argsB);
	ty_unify(c, rtB, argt);
	copy_into(c, &A, as, na);
	tl_push(c, &B, foldr_dotable(c, argsB.v, argsB.n, rt));
	tl_free(&argsB);
	copy_into(c, &B, bs + 2, nb - 2);
	combine_tmp(c, &A, &B, out);
}

static bool symmetric_ok(const struct type_ctx *c)
{
	return c->nosym == 0;
}

/* The final results of the (normal-form) dot lists in l. */
static void results_of(struct type_ctx *c, const struct tlist *l, struct tlist *out)
{
	for (size_t i = 0; i < l->n; i++) {
		struct tlist tmp = {0};
		tl_push(c, out, ty_reduce_dotable(c, normal_form(c, ty_compress(c, l->v[i])), &tmp));
		tl_free(&tmp);
	}
}

static type_id unify_dotables(struct type_ctx *c, type_id a, type_id b)
{
	a = normal_form(c, ty_compress(c, a));
	b = normal_form(c, ty_compress(c, b));
	struct tlist argsA = {0}, argsB = {0}, as = {0}, bs = {0}, ts = {0};
	type_id rtA = ty_reduce_dotable(c, a, &argsA);
	type_id rtB = ty_reduce_dotable(c, b, &argsB);
	bool extA = is_ext(c, rtA), extB = is_ext(c, rtB);
	type_id res;
	if (extA || extB) {
		if (!(extA && !extB))
			ty_unify(c, rtA, rtB);
		eval_list(c, LONGEST, argsA.v, argsA.n, &as);
		eval_list(c, LONGEST, argsB.v, argsB.n, &bs);
		struct tlist as2 = {0}, bs2 = {0};
		const struct tlist *L = &as, *R = &bs;
		if (extA) {
			results_of(c, &as, &as2);
			L = &as2;
		}
		if (extB) {
			results_of(c, &bs, &bs2);
			R = &bs2;
		}
		size_t k = L->n < R->n ? L->n : R->n;
		for (size_t i = 0; i < k; i++)
			tl_push(c, &ts, ty_unify(c, L->v[i], R->v[i]));
		type_id rt = rtA;
		if (extA && !extB) {
			ty_unify(c, rtA, foldr_dotable(c, bs.v + k, bs.n - k, rtB));
			rt = rtB;
		} else if (!extA && extB) {
			ty_unify(c, foldr_dotable(c, as.v + k, as.n - k, rtA), rtB);
		}
		/* the longer list gives the remaining arguments */
		const struct tlist *longer;
		if (extA && extB)
			longer = as.n == k ? &bs : &as;
		else if (extA)
			longer = as2.n == k ? &bs : &as2;
		else
			longer = bs2.n == k ? &as : &bs2;
		for (size_t i = k; i < longer->n; i++)
			tl_push(c, &ts, longer->v[i]);
		res = ty_dotable(c, foldl1_dot(c, ts.v, ts.n), rt);
		tl_free(&as2);
		tl_free(&bs2);
	} else {
		type_id rt = ty_unify(c, rtA, rtB);
		combine(c, argsA.v, argsA.n, argsB.v, argsB.n, &ts);
		res = ty_dotable(c, foldl1_dot(c, ts.v, ts.n), rt);
	}
	tl_free(&argsA);
	tl_free(&argsB);
	tl_free(&as);
	tl_free(&bs);
	tl_free(&ts);
	return res;
}

static type_id unify_nostk(struct type_ctx *c, type_id a, type_id b)
{
	const struct tnode *na = ty_node(c, a), *nb = ty_node(c, b);
	enum tkind ka = (enum tkind)na->kind, kb = (enum tkind)nb->kind;
	if (ka == TK_VAR && kb == TK_VAR) {
		tvar_id v1 = na->a, v2 = nb->a;
		if (v1 == v2)
			return a;
		struct tvar x = c->vars.v[v1], y = c->vars.v[v2];
		uint8_t cs = (uint8_t)(x.cons | y.cons);
		if (x.rigid && y.rigid)
			mismatch(c);
		if (x.rigid || y.rigid) {
			tvar_id o = x.rigid ? v2 : v1;
			type_id rt = x.rigid ? a : b;
			ty_constrain(c, cs, rt);
			write_var(c, o, rt);
			return rt;
		}
		uint32_t lvl = x.level < y.level ? x.level : y.level;
		ty_setvar(c, v2, 0, cs, lvl);
		write_var(c, v1, b);
		return b;
	}
	if (ka == TK_VAR) {
		ty_constrain(c, c->vars.v[na->a].cons, b);
		return apply_subst(c, na->a, b);
	}
	if (kb == TK_VAR) {
		ty_constrain(c, c->vars.v[nb->a].cons, a);
		return apply_subst(c, nb->a, a);
	}
	if (ka == kb) {
		switch (ka) {
		case TK_INT: case TK_BOOL: case TK_PROC: case TK_EVENT: case TK_CHAR: case TK_EMPTYDOT:
			return a;
		case TK_DATATYPE:
			if (na->a == nb->a && na->b == nb->b)
				return a;
			mismatch(c);
		case TK_SET: case TK_SEQ: {
			type_id x = na->a, y = nb->a;
			return ty_mk(c, ka, ty_unify(c, x, y), 0);
		}
		case TK_MAP: {
			type_id k1 = na->a, v1 = na->b, k2 = nb->a, v2 = nb->b;
			type_id k = ty_unify(c, k1, k2);
			return ty_mk(c, TK_MAP, k, ty_unify(c, v1, v2));
		}
		case TK_TUPLE: case TK_FUN: {
			if (na->n != nb->n)
				mismatch(c);
			uint32_t n = na->n;
			type_id *k = arena_alloc(&c->scratch, (n + 1) * sizeof *k);
			for (uint32_t i = 0; i < n; i++)
				k[i] = ty_unify(c, ty_kid(c, a, i), ty_kid(c, b, i));
			type_id r = ka == TK_FUN ? ty_unify(c, ty_node(c, a)->b, ty_node(c, b)->b) : 0;
			return ty_mkn(c, ka, n, k, r);
		}
		case TK_DOTABLE:
			return unify_dotables(c, a, b);
		case TK_DOT: {
			struct tlist la = {0}, lb = {0}, ts = {0};
			ty_dot_list(c, a, &la);
			ty_dot_list(c, b, &lb);
			for (size_t i = 0; i < la.n; i++)
				la.v[i] = normal_form(c, la.v[i]);
			for (size_t i = 0; i < lb.n; i++)
				lb.v[i] = normal_form(c, lb.v[i]);
			combine(c, la.v, la.n, lb.v, lb.n, &ts);
			type_id res = ts.n ? foldl1_dot(c, ts.v, ts.n) : a;
			tl_free(&la);
			tl_free(&lb);
			tl_free(&ts);
			return res;
		}
		default:
			break;
		}
	}
	if (ka == TK_DOT && (kb == TK_DATATYPE || kb == TK_EVENT)) {
		if (!symmetric_ok(c))
			mismatch(c);
		type_id t1 = na->a, t2 = na->b;
		ty_unify(c, ty_dotable(c, t2, b), t1);
		return b;
	}
	if ((ka == TK_DATATYPE || ka == TK_EVENT) && kb == TK_DOT) {
		type_id t1 = nb->a, t2 = nb->b;
		ty_unify(c, ty_dotable(c, t2, a), t1);
		return a;
	}
	if (ka == TK_DOT && kb == TK_EXT) {
		if (!symmetric_ok(c))
			mismatch(c);
		type_id t1 = na->a, t2 = na->b;
		type_id tl = ty_unify(c, ty_dotable(c, t2, b), t1);
		return ty_dot(c, tl, t2);
	}
	if (ka == TK_EXT && kb == TK_DOT) {
		type_id et = na->a;
		tvar_id pt = na->b;
		struct tlist l = {0}, r = {0};
		ty_dot_list(c, b, &l);
		for (size_t i = 0; i < l.n; i++)
			l.v[i] = normal_form(c, ty_compress(c, l.v[i]));
		eval_list(c, SHORTEST, l.v, l.n, &r);
		type_id f = foldr1_dot(c, r.v, r.n);
		tl_free(&l);
		tl_free(&r);
		type_id e = ty_mk(c, TK_EXT, et, pt);
		f = ty_shallow(c, f);
		if (ty_node(c, f)->kind == TK_DOT) {
			type_id f1 = ty_node(c, f)->a, f2 = ty_node(c, f)->b;
			type_id t1 = ty_unify(c, ty_dotable(c, f2, e), f1);
			return ty_dot(c, t1, f2);
		}
		return ty_unify(c, e, f);
	}
	if (ka == TK_DOT && kb == TK_DOTABLE) {
		if (!symmetric_ok(c))
			mismatch(c);
		type_id t1 = na->a, t2 = na->b;
		ty_unify(c, t1, ty_dotable(c, t2, b));
		return b;
	}
	if (ka == TK_DOTABLE && kb == TK_DOT) {
		type_id t1 = nb->a, t2 = nb->b;
		ty_unify(c, ty_dotable(c, t2, a), t1);
		return a;
	}
	if ((ka == TK_DOTABLE && kb == TK_EXT) || (ka == TK_EXT && kb == TK_DOTABLE)) {
		const struct tnode *d = ka == TK_DOTABLE ? na : nb, *e = ka == TK_EXT ? na : nb;
		type_id argt = d->a, rt = d->b, et = e->a;
		tvar_id pt = e->b;
		tvar_id pt2 = ty_newvar(c, 0);
		ty_unify(c, ty_mk(c, TK_EXT, et, pt2), rt);
		write_var(c, pt, ty_dotable(c, argt, ty_mk(c, TK_VAR, pt2, 0)));
		return ty_dotable(c, argt, ty_mk(c, TK_EXT, et, pt2));
	}
	if (ka == TK_EXT && kb == TK_EXT) {
		type_id t1 = na->a, t2 = nb->a;
		tvar_id p1 = na->b, p2 = nb->b;
		type_id t = ty_unify(c, t1, t2);
		if (p1 != p2) {
			if (c->vars.v[p2].rigid)
				write_var(c, p1, ty_mk(c, TK_VAR, p2, 0));
			else
				write_var(c, p2, ty_mk(c, TK_VAR, p1, 0));
		}
		return ty_mk(c, TK_EXT, t, p1);
	}
	if (ka == TK_EXT) {
		type_id t1 = na->a;
		tvar_id pt = na->b;
		type_id t = ty_unify(c, t1, b);
		write_var(c, pt, c->t_empty);
		return t;
	}
	if (kb == TK_EXT) {
		type_id t2 = nb->a;
		tvar_id pt = nb->b;
		type_id t = ty_unify(c, a, t2);
		write_var(c, pt, c->t_empty);
		return t;
	}
	mismatch(c);
}

type_id ty_unify(struct type_ctx *c, type_id texp, type_id tact)
{
	texp = ty_compress(c, texp);
	tact = ty_compress(c, tact);
	if (c->unify_depth == 0) {
		c->err_exp = texp;
		c->err_act = tact;
	}
	/* the innermost pair being unified, for messages (the stack is cut
	 * back by attempt() after a failure) */
	vec_push(&c->pairs, texp);
	vec_push(&c->pairs, tact);
	c->unify_depth++;
	type_id r = unify_nostk(c, texp, tact);
	c->unify_depth--;
	c->pairs.n -= 2;
	return r;
}

/* ----------------------------------------------------------- schemes */

static void add_var(struct tvlist *out, tvar_id v)
{
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i] == v)
			return;
	vec_push(out, v);
}

void ty_free_vars(struct type_ctx *c, type_id t, struct tvlist *out)
{
	t = ty_shallow(c, t);
	const struct tnode *n = ty_node(c, t);
	switch (n->kind) {
	case TK_VAR:
		add_var(out, n->a);
		return;
	case TK_SET: case TK_SEQ:
		ty_free_vars(c, n->a, out);
		return;
	case TK_MAP: case TK_DOT: case TK_DOTABLE: {
		type_id a = n->a, b = n->b;
		ty_free_vars(c, a, out);
		ty_free_vars(c, b, out);
		return;
	}
	case TK_TUPLE: case TK_FUN: {
		uint32_t cnt = n->n;
		type_id r = n->kind == TK_FUN ? n->b : 0;
		for (uint32_t i = 0; i < cnt; i++)
			ty_free_vars(c, ty_kid(c, t, i), out);
		if (r)
			ty_free_vars(c, r, out);
		return;
	}
	case TK_EXT: {
		type_id a = n->a;
		tvar_id pt = n->b;
		ty_free_vars(c, a, out);
		if (c->vars.v[pt].bound)
			ty_free_vars(c, c->vars.v[pt].bound, out);
		else
			add_var(out, pt);
		return;
	}
	default:
		return;
	}
}

type_id ty_subst(struct type_ctx *c, type_id t, uint32_t nsub, const tvar_id *from, const type_id *to)
{
	t = ty_shallow(c, t);
	struct tnode n = *ty_node(c, t);
	switch (n.kind) {
	case TK_VAR:
		for (uint32_t i = 0; i < nsub; i++)
			if (from[i] == n.a)
				return to[i];
		return t;
	case TK_SET: case TK_SEQ:
		return ty_mk(c, (enum tkind)n.kind, ty_subst(c, n.a, nsub, from, to), 0);
	case TK_MAP: case TK_DOT: case TK_DOTABLE:
		return ty_mk(c, (enum tkind)n.kind, ty_subst(c, n.a, nsub, from, to), ty_subst(c, n.b, nsub, from, to));
	case TK_TUPLE: case TK_FUN: {
		type_id *k = arena_alloc(&c->scratch, (n.n + 1) * sizeof *k);
		for (uint32_t i = 0; i < n.n; i++)
			k[i] = ty_subst(c, ty_kid(c, t, i), nsub, from, to);
		type_id r = n.kind == TK_FUN ? ty_subst(c, n.b, nsub, from, to) : 0;
		return ty_mkn(c, (enum tkind)n.kind, n.n, k, r);
	}
	case TK_EXT: {
		type_id inner = ty_subst(c, n.a, nsub, from, to);
		tvar_id pt = n.b;
		if (c->vars.v[pt].bound) {
			/* Follow the recorded arguments: substitute in them too. */
			type_id e = ty_compress(c, t);
			if (ty_node(c, e)->kind != TK_EXT)
				return ty_subst(c, e, nsub, from, to);
			pt = ty_node(c, e)->b;
			inner = ty_subst(c, ty_node(c, e)->a, nsub, from, to);
		}
		for (uint32_t i = 0; i < nsub; i++) {
			if (from[i] == pt) {
				type_id r = ty_shallow(c, to[i]);
				if (ty_node(c, r)->kind == TK_VAR)
					return ty_mk(c, TK_EXT, inner, ty_node(c, r)->a);
			}
		}
		return ty_mk(c, TK_EXT, inner, pt);
	}
	default:
		return t;
	}
}

type_id ty_instantiate(struct type_ctx *c, const struct scheme *s)
{
	if (!s->t)
		return ty_var(c, 0);
	if (s->nvars == 0)
		return s->t;
	type_id *to = xmalloc(s->nvars * sizeof *to);
	for (uint32_t i = 0; i < s->nvars; i++)
		to[i] = ty_var(c, c->vars.v[s->vars[i]].cons);
	type_id r = ty_subst(c, s->t, s->nvars, s->vars, to);
	free(to);
	return r;
}

/* ---------------------------------------------------------- printing */

const char *ty_cons_name(uint8_t bit)
{
	switch (bit) {
	case C_EQ: return "Eq";
	case C_ORD: return "Ord";
	case C_SET: return "Set";
	case C_YIELD: return "Yieldable";
	case C_COMPLETE: return "Complete";
	}
	return "?";
}

void ty_print_var(FILE *out, struct tprinter *p, tvar_id v)
{
	const struct tvar *tv = &p->c->vars.v[v];
	size_t i = 0;
	while (i < p->names.n && p->names.v[i] != v)
		i++;
	if (i == p->names.n)
		vec_push(&p->names, v);
	if (tv->rigid && tv->name && p->c->atoms)
		fputs(atom_str(p->c->atoms, tv->name), out);
	else if (i < 26)
		fputc('a' + (int)i, out);
	else
		fprintf(out, "t%zu", i);
}

static int prec(const struct type_ctx *c, type_id t)
{
	switch (ty_node(c, t)->kind) {
	case TK_DOTABLE: case TK_EXT: return 2;
	case TK_DOT: case TK_MAP: return 1;
	default: return 0;
	}
}

/* The compressed view of t, without mutating the store. */
static type_id view(const struct type_ctx *c, type_id t)
{
	return ty_shallow(c, t);
}

static void print_in(FILE *out, struct tprinter *p, type_id t, int ctxprec, bool right_ok);

void ty_print(FILE *out, struct tprinter *p, type_id t)
{
	print_in(out, p, t, 3, true);
}

static void print_ext(FILE *out, struct tprinter *p, type_id inner, tvar_id pt)
{
	const struct type_ctx *c = p->c;
	type_id b = c->vars.v[pt].bound;
	if (!b) {
		ty_print_var(out, p, pt);
		fputs(" =>* ", out);
		print_in(out, p, inner, 2, true);
		return;
	}
	b = view(c, b);
	const struct tnode *n = ty_node(c, b);
	if (n->kind == TK_EMPTYDOT) {
		print_in(out, p, inner, 2, true);
	} else if (n->kind == TK_VAR) {
		print_ext(out, p, inner, n->a);
	} else if (n->kind == TK_DOTABLE) {
		print_in(out, p, n->a, 1, false);
		fputs(" => ", out);
		type_id r = view(c, n->b);
		if (ty_node(c, r)->kind == TK_VAR)
			print_ext(out, p, inner, ty_node(c, r)->a);
		else
			print_in(out, p, inner, 2, true);
	} else {
		print_in(out, p, inner, 2, true);
	}
}

static void print_in(FILE *out, struct tprinter *p, type_id t, int ctxprec, bool right_ok)
{
	const struct type_ctx *c = p->c;
	t = view(c, t);
	const struct tnode *n = ty_node(c, t);
	int pr = prec(c, t);
	bool paren = pr > ctxprec || (pr == ctxprec && pr != 0 && !right_ok);
	if (paren)
		fputc('(', out);
	switch (n->kind) {
	case TK_VAR: ty_print_var(out, p, n->a); break;
	case TK_INT: fputs("Int", out); break;
	case TK_BOOL: fputs("Bool", out); break;
	case TK_CHAR: fputs("Char", out); break;
	case TK_PROC: fputs("Proc", out); break;
	case TK_EVENT: fputs("Event", out); break;
	case TK_EMPTYDOT: fputs("()", out); break;
	case TK_DATATYPE:
		if (c->scope && c->atoms && n->a < c->scope->syms.n) {
			if (n->b)
				fprintf(out, "%s::", atom_str(c->atoms, c->scope->syms.v[n->b].name));
			fputs(atom_str(c->atoms, c->scope->syms.v[n->a].name), out);
		} else {
			fprintf(out, "datatype%u", n->a);
		}
		break;
	case TK_SET: fputc('{', out); print_in(out, p, n->a, 3, true); fputc('}', out); break;
	case TK_SEQ: fputc('<', out); print_in(out, p, n->a, 3, true); fputc('>', out); break;
	case TK_MAP:
		fputs("(| ", out);
		print_in(out, p, n->a, 3, true);
		fputs(" => ", out);
		print_in(out, p, n->b, 3, true);
		fputs(" |)", out);
		break;
	case TK_DOT:
		print_in(out, p, n->a, 1, true);
		fputc('.', out);
		print_in(out, p, n->b, 1, false);
		break;
	case TK_DOTABLE:
		print_in(out, p, n->a, 2, false);
		fputs(" => ", out);
		print_in(out, p, n->b, 2, true);
		break;
	case TK_EXT:
		print_ext(out, p, n->a, n->b);
		break;
	case TK_TUPLE: case TK_FUN:
		fputc('(', out);
		for (uint32_t i = 0; i < n->n; i++) {
			if (i)
				fputs(", ", out);
			print_in(out, p, ty_kid(c, t, i), 3, true);
		}
		fputc(')', out);
		if (n->kind == TK_FUN) {
			fputs(" -> ", out);
			print_in(out, p, n->b, 3, true);
		}
		break;
	}
	if (paren)
		fputc(')', out);
}
