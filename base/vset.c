/*
 * base/vset.c — the set of sequences (layout and use in vset.h).
 */
#include "base/vset.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"

void vset_init(struct vset *v)
{
	memset(v, 0, sizeof *v);
	v->slot = xcalloc(16, sizeof *v->slot);
	v->mask = 15;
	vec_push(&v->first, (uint64_t)0);
}

void vset_free(struct vset *v)
{
	vec_free(&v->mem);
	vec_free(&v->first);
	vec_free(&v->hash);
	free(v->slot);
	memset(v, 0, sizeof *v);
}

static inline uint64_t slot_word(uint64_t hash, uint32_t k)
{
	return (hash & 0xffffffff00000000u) | ((uint64_t)k + 1);
}

static void grow(struct vset *v)
{
	uint64_t cap = (v->mask + 1) * 2;
	uint64_t *slot = xcalloc(cap, sizeof *slot);
	for (uint32_t k = 0; k < v->n; k++) {
		uint64_t j = v->hash.v[k] & (cap - 1);
		while (slot[j])
			j = (j + 1) & (cap - 1);
		slot[j] = slot_word(v->hash.v[k], k);
	}
	free(v->slot);
	v->slot = slot;
	v->mask = cap - 1;
}

uint32_t vset_find(struct vset *v, const uint32_t *seq, size_t len)
{
	uint64_t h = hash_bytes(seq, len * sizeof *seq);
	uint64_t j = h & v->mask;
	for (; v->slot[j]; j = (j + 1) & v->mask) {
		if ((v->slot[j] ^ h) >> 32)
			continue;
		uint32_t k = (uint32_t)v->slot[j] - 1;
		uint64_t lo = v->first.v[k], hi = v->first.v[k + 1];
		if (hi - lo == len && (len == 0 || memcmp(v->mem.v + lo, seq, len * sizeof *seq) == 0))
			return k;
	}
	v->last_hash = h;
	v->last_slot = j;
	return VSET_NONE;
}

uint32_t vset_add(struct vset *v, const uint32_t *seq, size_t len)
{
	ALWAYS(v->n < UINT32_MAX - 1);
	uint32_t k = v->n++;
	v->slot[v->last_slot] = slot_word(v->last_hash, k);
	vec_reserve(&v->mem, v->mem.n + len + 1);
	if (len)
		memcpy(v->mem.v + v->mem.n, seq, len * sizeof *seq);
	v->mem.n += len;
	vec_push(&v->first, (uint64_t)v->mem.n);
	vec_push(&v->hash, v->last_hash);
	if ((uint64_t)v->n * 2 > v->mask + 1)
		grow(v);
	return k;
}
