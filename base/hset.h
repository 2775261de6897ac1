/*
 * base/hset.h — a set of fixed-width keys, numbered in insertion order.
 *
 * The visited set of every state-space search: keys are `width` 64-bit
 * words (a packed state vector, or a (node, state) pair). Each key gets
 * the index of its insertion, 0, 1, 2, ..., so the key array doubles as
 * the breadth-first queue and an index is a compact state number.
 *
 *     keys:   [ k0 | k1 | k2 | ... ]          count * width words, dense
 *     slots:  [ 0 | 3 | 0 | 1 | 2 | 0 | ...]  nslots (a power of two) of
 *                                             index + 1, 0 = empty
 *
 * Open addressing with linear probing from hash_bytes(key) (XXH3); the
 * hash is not stored (a slot is 4 bytes): a probe compares the key in the
 * dense array. The table doubles when it is more than 13/16 full, so a
 * stored key costs width * 8 bytes plus 4.9 to 9.8 bytes of slots.
 *
 * Invariants: every key in keys[] is in exactly one slot; slots hold
 * indices < count; count < 2^32 - 1 (hset_insert reports a full set by
 * returning HSET_FULL, never by crashing).
 */
#ifndef BASE_HSET_H
#define BASE_HSET_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/hash.h"

#define HSET_FULL UINT32_MAX

struct hset {
	uint32_t width;       /* words per key */
	uint32_t count;       /* keys stored */
	uint64_t *keys;       /* count * width words */
	uint64_t capkeys;     /* keys allocated, in keys */
	uint32_t *slots;
	uint64_t mask;        /* nslots - 1 */
};

/* An empty set of `width`-word keys with room for about `expect` keys. */
void hset_init(struct hset *h, uint32_t width, uint64_t expect);
void hset_free(struct hset *h);

/* The index of `key`, inserting it (a copy) when absent; *added says
 * which. HSET_FULL when 2^32 - 1 keys are stored already. Pointers into
 * keys[] are invalid after an insertion. */
uint32_t hset_insert(struct hset *h, const uint64_t *key, bool *added);
/* hset_insert for n keys (keys[i * width ...]) in order, with the memory
 * each probe touches prefetched ahead: idx[i] and added[i] as
 * hset_insert would give them. hash[] is scratch for n hashes. Stops
 * at the first HSET_FULL (idx[i] = HSET_FULL); returns how many were
 * processed. */
uint32_t hset_insert_batch(struct hset *h, const uint64_t *keys, uint32_t n, uint64_t *hash, uint32_t *idx,
			   bool *added);
/* The index of `key`, or HSET_FULL when absent. */
uint32_t hset_find(const struct hset *h, const uint64_t *key);

static inline const uint64_t *hset_key(const struct hset *h, uint32_t i)
{
	return h->keys + (uint64_t)i * h->width;
}

/* Bytes allocated: slots and keys. */
static inline uint64_t hset_bytes(const struct hset *h)
{
	return (h->mask + 1) * sizeof(uint32_t) + h->capkeys * h->width * sizeof(uint64_t);
}

#endif
