/*
 * semantics/term.c — the term table: open addressing over hash-consed
 * (op, args) nodes, grown at half load. Invariant: each distinct (op,
 * args) appears once; ids are dense from 1.
 */
#include "semantics/term.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"

static const char *const op_names[] = {
#define TERM_NAME(k, s) s,
	TERM_OPS(TERM_NAME)
#undef TERM_NAME
};

const char *term_op_name(enum term_op op)
{
	return (unsigned)op < TERM_NOPS ? op_names[op] : "?";
}

void term_table_init(struct term_table *tt)
{
	memset(tt, 0, sizeof *tt);
	tt->cap = 256;
	tt->t = xcalloc(tt->cap, sizeof *tt->t);
	tt->count = 1;
	tt->nslots = 512;
	tt->slots = xcalloc(tt->nslots, sizeof *tt->slots);
}

void term_table_free(struct term_table *tt)
{
	arena_free(&tt->mem);
	free(tt->t);
	free(tt->slots);
	memset(tt, 0, sizeof *tt);
}

static uint64_t hash_term(enum term_op op, const uint64_t *args, uint32_t n)
{
	static const uint64_t none = 0;
	return hash_bytes_seed(n ? (const void *)args : &none, n * sizeof *args, (uint64_t)op * 0x9e3779b97f4a7c15ull + n);
}

static void grow(struct term_table *tt)
{
	free(tt->slots);
	tt->nslots *= 2;
	tt->slots = xcalloc(tt->nslots, sizeof *tt->slots);
	uint32_t mask = tt->nslots - 1;
	for (uint32_t id = 1; id < tt->count; id++) {
		uint32_t i = (uint32_t)tt->t[id].hash & mask;
		while (tt->slots[i])
			i = (i + 1) & mask;
		tt->slots[i] = id;
	}
}

term_id term_make(struct term_table *tt, enum term_op op, const uint64_t *args, uint32_t n)
{
	uint64_t h = hash_term(op, args, n);
	uint32_t mask = tt->nslots - 1;
	uint32_t i = (uint32_t)h & mask;
	for (; tt->slots[i]; i = (i + 1) & mask) {
		const struct term *t = &tt->t[tt->slots[i]];
		if (t->hash == h && t->op == op && t->n == n && (n == 0 || memcmp(t->args, args, n * sizeof *args) == 0))
			return tt->slots[i];
	}
	if (tt->count == tt->cap) {
		tt->cap *= 2;
		tt->t = xrealloc(tt->t, tt->cap * sizeof *tt->t);
	}
	term_id id = tt->count++;
	struct term *t = &tt->t[id];
	t->op = (uint8_t)op;
	t->n = n;
	t->hash = h;
	uint64_t *copy = n ? arena_alloc(&tt->mem, n * sizeof *copy) : NULL;
	if (n)
		memcpy(copy, args, n * sizeof *copy);
	t->args = copy;
	tt->slots[i] = id;
	if ((uint64_t)tt->count * 2 > tt->nslots)
		grow(tt);
	return id;
}
