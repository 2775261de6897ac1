/*
 * base/vset.h — a set of variable-length sequences of 32-bit numbers,
 * numbered in insertion order: the node table of a subset construction,
 * where each node is a sorted set of states (the normaliser in
 * checker/normal.c, the `normal` compression in lts/compress.c).
 *
 *     mem:    [ s s s | s | s s | ... ]   every sequence, one after another
 *     first:  [ 0, 3, 4, 6, ... ]         n + 1 offsets: sequence k is
 *                                         mem[first[k] .. first[k + 1])
 *     slot:   open addressing, a power of two, at most half full, linear
 *             probing; a slot is (high 32 bits of the hash) << 32 | k + 1,
 *             0 empty, so a probe reads mem only on a likely match. Each
 *             sequence's hash is kept (hash[k]) for growing.
 *
 * Use: vset_find; when absent and wanted, vset_add with the same
 * sequence right after (it reuses the hash and the free slot the find
 * left). Invariants: n < 2^32 - 1; every sequence is in exactly one slot.
 */
#ifndef BASE_VSET_H
#define BASE_VSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/vec.h"

#define VSET_NONE UINT32_MAX

struct vset {
	VEC(uint32_t) mem;
	VEC(uint64_t) first;
	VEC(uint64_t) hash;
	uint64_t *slot;
	uint64_t mask;
	uint32_t n;
	uint64_t last_hash, last_slot;  /* what the last vset_find saw */
};

void vset_init(struct vset *v);
void vset_free(struct vset *v);
/* The number of seq[0 .. len), or VSET_NONE. */
uint32_t vset_find(struct vset *v, const uint32_t *seq, size_t len);
/* Add seq, which the last vset_find did not find; its number (n before). */
uint32_t vset_add(struct vset *v, const uint32_t *seq, size_t len);

static inline const uint32_t *vset_get(const struct vset *v, uint32_t k, size_t *len)
{
	*len = (size_t)(v->first.v[k + 1] - v->first.v[k]);
	return v->mem.v + v->first.v[k];
}

#endif
