/*
 * semantics/value.h — hash-consed CSPm values.
 *
 * Every value the evaluator computes lives in one value_table and is named
 * by a value_id. Construction hash-conses: building a value equal to one
 * already in the table returns the existing id, so equality of values is
 * equality of ids, and a set is a sorted array of ids without duplicates.
 *
 * Kinds and their payloads:
 *
 *   VK_INT, VK_BOOL, VK_CHAR   u.i (a CSPm Int is 64-bit here; a Char is a
 *                              Unicode code point)
 *   VK_TUPLE                   elems[0..n), n >= 2
 *   VK_NAME                    a channel or datatype constructor standing
 *                              alone (c, or C of datatype T = C | ...):
 *                              name (atom), sym (its declaration's symbol
 *                              id, which also orders constructors in
 *                              declaration order), arity (fields it takes)
 *   VK_DOT                     elems[0..n), n >= 2. Either name-headed:
 *                              elems[0] a VK_NAME and elems[1..n) at most
 *                              `arity` fields (c.1.true), or a plain dot
 *                              list of any values (0.1.D.2). Built by the
 *                              evaluator (eval_dot.c), which splits fields
 *                              by arity
 *   VK_SEQ                     elems in order (strings are sequences of
 *                              VK_CHAR)
 *   VK_SET                     a finite set: elems strictly increasing in
 *                              value_cmp order
 *   VK_MAP                     elems = k0, v0, k1, v1, ... keys strictly
 *                              increasing in value_cmp order
 *   VK_SETEXPR                 a set that is never enumerated unless asked
 *                              (Int, {n..}, Seq(S), Set(S), Char, and
 *                              unions/intersections/differences involving
 *                              them): sx says which, u.i and elems hold the
 *                              operands. Membership and subset tests work
 *                              on it; enumerating an infinite one is a
 *                              reported error (value_enumerate)
 *   VK_PROC                    u.i = a process term id (semantics/term.h)
 *   VK_FUNC                    u.ptr = a closure owned by the evaluator;
 *                              compared by identity (CSPm functions have
 *                              no equality)
 *
 * value_cmp is the total order used to sort sets and map keys and to print
 * them: by kind first, then ints/chars numerically, false < true,
 * sequences and tuples lexicographically, constructors by declaration
 * order, dotted values field by field, sets by size then elements. (CSPm's
 * own <= on sets is the subset order: value_subset.)
 *
 * Ids are dense and start at 1; VALUE_NONE (0) is "no value". The table
 * and every value in it are freed by value_table_free.
 */
#ifndef SEMANTICS_VALUE_H
#define SEMANTICS_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/atom.h"

typedef uint32_t value_id;
#define VALUE_NONE ((value_id)0)

enum value_kind {
	VK_INT,
	VK_BOOL,
	VK_CHAR,
	VK_TUPLE,
	VK_NAME,
	VK_DOT,
	VK_SEQ,
	VK_SET,
	VK_MAP,
	VK_SETEXPR,
	VK_PROC,
	VK_FUNC,
};

/* Symbolic sets (VK_SETEXPR). */
enum setexpr_kind {
	SX_INT,     /* every Int */
	SX_FROM,    /* {u.i..}: every Int >= u.i */
	SX_CHAR,    /* every Char */
	SX_SEQS,    /* Seq(elems[0]): every finite sequence over a set */
	SX_SETS,    /* Set(elems[0]): every subset of a set (finite if it is) */
	SX_UNION,   /* elems[0] union elems[1] */
	SX_INTER,   /* elems[0] inter elems[1] */
	SX_DIFF,    /* elems[0] minus elems[1] */
	SX_PROCS,   /* every process (Proc) */
};

struct value {
	uint8_t kind;      /* enum value_kind */
	uint8_t sx;        /* enum setexpr_kind, for VK_SETEXPR */
	uint16_t arity;    /* VK_NAME: number of fields */
	uint32_t n;        /* number of elems */
	atom_t name;       /* VK_NAME */
	uint32_t sym;      /* VK_NAME */
	uint64_t hash;
	union {
		int64_t i;
		void *ptr;
	} u;
	const value_id *elems;
};

struct value_table {
	struct atom_table *atoms;
	struct arena mem;        /* element arrays */
	struct value *v;         /* v[id]; v[0] unused */
	uint32_t count, cap;
	uint32_t *slots;         /* hash-consing index: id or 0, power of two */
	uint32_t nslots;
	value_id t_true, t_false, empty_set, empty_seq;
};

void value_table_init(struct value_table *t, struct atom_table *atoms);
void value_table_free(struct value_table *t);

static inline const struct value *value_get(const struct value_table *t, value_id id)
{
	return &t->v[id];
}

static inline enum value_kind value_kind(const struct value_table *t, value_id id)
{
	return (enum value_kind)t->v[id].kind;
}

/* Constructors. Arrays passed in are copied; the result is hash-consed. */
value_id value_int(struct value_table *t, int64_t i);
value_id value_bool(struct value_table *t, bool b);
value_id value_char(struct value_table *t, int64_t c);
value_id value_tuple(struct value_table *t, const value_id *elems, uint32_t n);
value_id value_name(struct value_table *t, atom_t name, uint32_t sym, uint16_t arity);
/* head.f1.f2...: fields already split by the caller (n == 0: head). */
value_id value_dot(struct value_table *t, value_id head, const value_id *fields, uint32_t n);
value_id value_seq(struct value_table *t, const value_id *elems, uint32_t n);
value_id value_string(struct value_table *t, const char *s, size_t len);
/* A finite set of the given elements (any order, duplicates allowed). */
value_id value_set(struct value_table *t, const value_id *elems, uint32_t n);
/* {lo..hi} (empty when hi < lo). */
value_id value_range(struct value_table *t, int64_t lo, int64_t hi);
/* A map from (key, value) pairs: keys[i] -> vals[i]; a later pair wins. */
value_id value_map(struct value_table *t, const value_id *keys, const value_id *vals, uint32_t n);
value_id value_setexpr(struct value_table *t, enum setexpr_kind sx, int64_t i, const value_id *operands, uint32_t n);
value_id value_proc(struct value_table *t, uint32_t term);
value_id value_func(struct value_table *t, void *closure);

/* Total structural order (see above): <0, 0, >0. */
int value_cmp(const struct value_table *t, value_id a, value_id b);

/* Sets. A "set" argument is a VK_SET or a VK_SETEXPR. */
bool value_is_set(const struct value_table *t, value_id s);
bool value_set_finite(const struct value_table *t, value_id s);
bool value_member(const struct value_table *t, value_id x, value_id s);
/* a subset of b (CSPm's <= on sets). Returns -1 when it cannot be decided
 * for the symbolic sets involved. */
int value_subset(const struct value_table *t, value_id a, value_id b);
/* Set equality, deciding symbolic sets where possible (-1: undecidable). */
int value_set_equal(const struct value_table *t, value_id a, value_id b);
value_id value_union(struct value_table *t, value_id a, value_id b);
value_id value_inter(struct value_table *t, value_id a, value_id b);
value_id value_diff(struct value_table *t, value_id a, value_id b);
/* The elements of a set as a finite VK_SET, or VALUE_NONE when the set is
 * infinite or too large to build: Set(S) with more than 2^20 subsets, or
 * more than 2^24 ints, chars or processes. value_set_finite tells the two
 * apart, so the caller reports "cannot enumerate the infinite set ..." or
 * that the set is too large. */
value_id value_enumerate(struct value_table *t, value_id s);

/* Sequences. */
value_id value_concat(struct value_table *t, value_id a, value_id b);

/* Maps: the value bound to key, or VALUE_NONE. */
value_id value_map_lookup(const struct value_table *t, value_id map, value_id key);

/* Print in CSPm syntax: 1, true, 'c', (1, 2), c.1.true, <1, 2>, "abc" for
 * a non-empty sequence of chars, {0, 1} (sorted), (| 1 => 2 |), Int,
 * {0..}, Seq({0, 1}), union(A, B) ...; processes and functions through
 * the hooks below (default: <process> and <function>). */
struct value_printer {
	void (*proc)(FILE *out, uint32_t term, void *ctx);
	void (*func)(FILE *out, void *closure, void *ctx);
	void *ctx;
};
void value_print(FILE *out, const struct value_table *t, value_id v, const struct value_printer *hooks);

#endif
