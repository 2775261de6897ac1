/*
 * base/atom.c — interning table.
 *
 * Open addressing with linear probing over `slots` (a power of two, at most
 * half full); each slot holds an atom id, the bytes live in an arena and
 * their hash is recomputed on growth. Invariant: every id in 1..count-1 is
 * in exactly one slot.
 */
#include "base/atom.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"

void atom_table_init(struct atom_table *t)
{
	memset(t, 0, sizeof *t);
	t->cap = 64;
	t->str = xmalloc(t->cap * sizeof *t->str);
	t->len = xmalloc(t->cap * sizeof *t->len);
	t->str[0] = "";
	t->len[0] = 0;
	t->count = 1;
	t->nslots = 128;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
}

void atom_table_free(struct atom_table *t)
{
	arena_free(&t->strings);
	free(t->str);
	free(t->len);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static uint32_t find_slot(const struct atom_table *t, const char *s, size_t n, uint64_t h)
{
	uint32_t mask = t->nslots - 1;
	uint32_t i = (uint32_t)h & mask;
	for (;;) {
		atom_t a = t->slots[i];
		if (a == ATOM_NONE)
			return i;
		if (t->len[a] == n && memcmp(t->str[a], s, n) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

static void grow(struct atom_table *t)
{
	uint32_t *old = t->slots;
	uint32_t oldn = t->nslots;
	t->nslots *= 2;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
	for (uint32_t i = 0; i < oldn; i++) {
		atom_t a = old[i];
		if (a == ATOM_NONE)
			continue;
		uint64_t h = hash_bytes(t->str[a], t->len[a]);
		t->slots[find_slot(t, t->str[a], t->len[a], h)] = a;
	}
	free(old);
}

atom_t atom_lookup(const struct atom_table *t, const char *s, size_t n)
{
	return t->slots[find_slot(t, s, n, hash_bytes(s, n))];
}

atom_t atom_intern(struct atom_table *t, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	uint32_t i = find_slot(t, s, n, h);
	if (t->slots[i] != ATOM_NONE)
		return t->slots[i];
	if (n > UINT32_MAX)
		base_internal_error("atom of %zu bytes is too long", n);
	if (t->count == t->cap) {
		t->cap *= 2;
		t->str = xrealloc(t->str, t->cap * sizeof *t->str);
		t->len = xrealloc(t->len, t->cap * sizeof *t->len);
	}
	atom_t a = t->count++;
	t->str[a] = arena_strndup(&t->strings, s, n);
	t->len[a] = (uint32_t)n;
	t->slots[i] = a;
	if ((uint64_t)t->count * 2 > t->nslots)
		grow(t);
	return a;
}

atom_t atom_intern_cstr(struct atom_table *t, const char *s)
{
	return atom_intern(t, s, strlen(s));
}
