/*
 * semantics/types_int.h — what types.c (inference over the AST) and
 * types_unify.c (the type store, unification, constraints, printing)
 * share. Nothing outside semantics/types*.c includes this.
 *
 * Types are immutable nodes in one growable array, named by index
 * (type_id). Type variables are the only mutable part: a variable is an
 * entry of ctx->vars that is either unbound (with its constraints) or
 * bound to a type. Every change to a variable is logged in ctx->trail so
 * that a trial (the "is this datatype comparable" attempt) can be undone.
 *
 * A failure (a type error) is reported, then control returns by longjmp to
 * the innermost ctx->fail handler, the declaration group being checked.
 */
#ifndef SEMANTICS_TYPES_INT_H
#define SEMANTICS_TYPES_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/vec.h"
#include "semantics/types.h"

typedef uint32_t tvar_id;

enum tkind {
	TK_VAR,      /* a = variable */
	TK_INT, TK_BOOL, TK_CHAR, TK_PROC, TK_EVENT,
	TK_EMPTYDOT, /* internal: the end of an extendable's argument list */
	TK_DATATYPE, /* a = datatype symbol, b = module instance symbol or 0 */
	TK_SET,      /* a */
	TK_SEQ,      /* a */
	TK_MAP,      /* a => b */
	TK_DOT,      /* a . b */
	TK_DOTABLE,  /* a => b: dotting with an a gives a b */
	TK_EXT,      /* a =>* : extendable to a; b = argument variable */
	TK_TUPLE,    /* n kids */
	TK_FUN,      /* n argument kids, result b */
};

struct tnode {
	uint8_t kind;
	uint32_t a, b;
	uint32_t n;     /* TUPLE, FUN: kid count */
	uint32_t kids;  /* index of the first kid in ctx->kidpool */
};

/* Constraint bits. */
enum { C_EQ = 1, C_ORD = 2, C_SET = 4, C_YIELD = 8, C_COMPLETE = 16 };

struct tvar {
	type_id bound;   /* 0: unbound */
	uint8_t cons;    /* constraints of an unbound variable */
	bool rigid;      /* from a type annotation: may not be bound */
	bool generic;    /* quantified in a scheme: only ever copied */
	uint32_t level;  /* depth of the declaration group that made it */
	atom_t name;     /* rigid: the name written in the annotation */
};

struct trail_entry {
	tvar_id v;
	struct tvar old;
};

/* A type scheme: forall vars. type */
struct scheme {
	type_id t;          /* 0: no type known (the symbol was not checked) */
	uint32_t nvars;
	tvar_id *vars;      /* quantified variables (owned) */
};

/* What the member x of an instance I has as its type. */
struct inst_member {
	sym_id inst, member;
	struct scheme s;
};

/* A module instance: its module, the instance whose module contains that
 * module (I = X1::N), and the substitution of the quantified variables of
 * the module's (and its enclosing instances' modules') parameter types. */
struct inst_info {
	sym_id inst, module, parent;
	uint32_t n;
	tvar_id *from;      /* owned */
	type_id *to;        /* owned */
};

struct type_ctx {
	struct arena scratch;      /* temporaries that a failure may abandon */
	VEC(struct tnode) nodes;   /* nodes.v[0] unused: type 0 = none */
	VEC(type_id) kidpool;
	VEC(struct tvar) vars;     /* vars.v[0] unused */
	VEC(struct trail_entry) trail;
	uint32_t level;            /* current group depth */
	/* basic types */
	type_id t_int, t_bool, t_char, t_proc, t_event, t_empty;

	/* checking one script */
	const struct scope_table *scope;
	const struct atom_table *atoms;
	struct diag *diag;
	struct ast *root;
	unsigned errors;
	unsigned quiet;            /* >0: failures are not reported (trials) */
	jmp_buf *fail;
	unsigned unify_depth;
	type_id err_exp, err_act;  /* outermost pair of the failing unification */
	VEC(type_id) pairs;        /* (expected, actual) of the unifications under way */
	unsigned nosym;            /* >0: symmetric dot unification disallowed */
	VEC(const struct ast *) ctxstack; /* expressions being checked */
	VEC(struct scheme) schemes; /* schemes.v[sym] */
	VEC(uint8_t) comparable;    /* per datatype symbol: 2 when not comparable for Eq */
	VEC(struct inst_member) inst_members;
	VEC(struct inst_info) insts;
	uint32_t *mem_first, mem_nsyms; /* members of module m: mem_list[mem_first[m] ..  */
	sym_id *mem_list;               /*   mem_first[m + 1]) */
	VEC(const struct ast *) annot; /* annot[sym]: TSCHEME annotating it */
	VEC(uint32_t) owner;        /* owner[sym]: decl index + 1 in the current group */
	unsigned timed;             /* depth of Timed sections */
	atom_t implicit_tock;       /* "tock" when FDR declares it implicitly */
	VEC(atom_t) tvscope_names;  /* type variables of enclosing annotations */
	VEC(type_id) tvscope_vars;
};

/* A list of type variables. */
struct tvlist {
	tvar_id *v;
	size_t n, cap;
};

/* A list of types (used with base/vec.h's macros). */
struct tlist {
	type_id *v;
	size_t n, cap;
};

void ty_tl_push(struct type_ctx *c, struct tlist *l, type_id t);

/* ---- store (types_unify.c) ---- */
type_id ty_mk(struct type_ctx *c, enum tkind k, uint32_t a, uint32_t b);
type_id ty_mkn(struct type_ctx *c, enum tkind k, uint32_t n, const type_id *kids, type_id res);
type_id ty_var(struct type_ctx *c, uint8_t cons);
tvar_id ty_newvar(struct type_ctx *c, uint8_t cons);
static inline const struct tnode *ty_node(const struct type_ctx *c, type_id t)
{
	return &c->nodes.v[t];
}
static inline type_id ty_kid(const struct type_ctx *c, type_id t, uint32_t i)
{
	return c->kidpool.v[c->nodes.v[t].kids + i];
}
static inline type_id ty_set(struct type_ctx *c, type_id t) { return ty_mk(c, TK_SET, t, 0); }
static inline type_id ty_seq(struct type_ctx *c, type_id t) { return ty_mk(c, TK_SEQ, t, 0); }
static inline type_id ty_dot(struct type_ctx *c, type_id a, type_id b) { return ty_mk(c, TK_DOT, a, b); }
static inline type_id ty_dotable(struct type_ctx *c, type_id a, type_id b) { return ty_mk(c, TK_DOTABLE, a, b); }
type_id ty_fun1(struct type_ctx *c, type_id arg, type_id res);
type_id ty_tuple2(struct type_ctx *c, type_id a, type_id b);
type_id ty_ext(struct type_ctx *c, type_id t);          /* t =>* with a fresh argument */

/* Follow bound variables at the top only. */
type_id ty_shallow(const struct type_ctx *c, type_id t);
/* Replace every bound variable by its binding, everywhere in t. */
type_id ty_compress(struct type_ctx *c, type_id t);

/* ---- unification ---- */
type_id ty_unify(struct type_ctx *c, type_id texp, type_id tact);
void ty_constrain(struct type_ctx *c, uint8_t cons, type_id t);
type_id ty_evaluate_dots(struct type_ctx *c, type_id t);
/* Append t's dot list (a.b.c -> [a, b, c]) to *out. */
void ty_dot_list(struct type_ctx *c, type_id t, struct tlist *out);
/* Split a dotable a => b => r into its arguments and final result. */
type_id ty_reduce_dotable(struct type_ctx *c, type_id t, struct tlist *args);

/* ---- trail ---- */
static inline size_t ty_trail_mark(const struct type_ctx *c) { return c->trail.n; }
void ty_trail_undo(struct type_ctx *c, size_t mark);
void ty_setvar(struct type_ctx *c, tvar_id v, type_id bound, uint8_t cons, uint32_t level);

/* ---- schemes ---- */
/* Free unbound variables of t (deduplicated) appended to out. */
void ty_free_vars(struct type_ctx *c, type_id t, struct tvlist *out);
type_id ty_instantiate(struct type_ctx *c, const struct scheme *s);
/* Substitute variables: from[i] -> to[i] (to[i] a type). */
type_id ty_subst(struct type_ctx *c, type_id t, uint32_t n, const tvar_id *from, const type_id *to);

/* ---- failure ---- */
enum tfail { TF_MISMATCH, TF_CONSTRAINT, TF_OCCURS };
_Noreturn void ty_fail(struct type_ctx *c, enum tfail why, uint8_t cons, type_id a, type_id b);
_Noreturn void ty_fail_msg(struct type_ctx *c, struct span at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- printing ---- */
struct tprinter {
	const struct type_ctx *c;
	VEC(tvar_id) names; /* variable i is printed as the i-th name */
};
void ty_print(FILE *out, struct tprinter *p, type_id t);
/* Print variable v as ty_print names it (a, b, ... in order of first
 * appearance; rigid variables by their annotation's name). */
void ty_print_var(FILE *out, struct tprinter *p, tvar_id v);
const char *ty_cons_name(uint8_t bit);

#endif
