/*
 * base/iset.h — the visited set of the pair search: every key stored
 * once, in discovery order, and hash tables of 32-bit slots that index
 * them.
 *
 *     istore:  blocks of 2^16 keys, width words each; key i is
 *              blocks[i >> 16][(i & 0xffff) * width]. Append only, so
 *              the store is the breadth-first queue of every level, and
 *              an index is a state number.
 *
 *     itab:    nslots 32-bit slots (any number, not a power of two):
 *              0 = empty, else  tag << ib | (index + 1)
 *              with ib the bits an index needs and the tag the low
 *              32 - ib bits of the key's hash, so a probe reads the key
 *              from the store only when the tags agree. Linear probing
 *              from the home slot fastrange(mix(hash), nslots).
 *
 * A key costs width * 8 bytes in the store plus 4 / load bytes of slots;
 * the table grows by half when it would pass 4/5 full, so the load stays
 * between 0.53 and 0.8: 13 to 15.5 bytes for a one-word key.
 *
 * Growth and a wider index rebuild the table from the store (sequential
 * reads, every key hashed again), never from the old table, so the old
 * slots are freed first and a rebuild needs no more memory than the
 * result. One store may be shared by several tables (partitions of the
 * key space by hash, as the threaded and MPI searches use): a table's
 * rebuild keeps the keys of its own partition (iset_part).
 *
 * Recent keys: each table keeps a direct-mapped cache of 8,192 keys (up
 * to 4 words each) it has looked up, all of them known present; a key
 * found there is a duplicate without touching the slots or the store. In
 * a breadth-first search siblings share successors (two orders of two
 * independent steps), so on the buffer and butler checks half of all
 * look-ups end there.
 *
 * Pending keys: itab_insert numbers the keys it adds base, base + 1, ...
 * before they are in the store (the caller appends them after the batch),
 * and compares against them through the pending[] pointers it is given.
 * When several tables share a store the caller learns the final indices
 * only after every table has inserted; itab_set rewrites a slot then.
 */
#ifndef BASE_ISET_H
#define BASE_ISET_H

#include <stdbool.h>
#include <stdint.h>

#include "base/hash.h"

#define ISTORE_SHIFT 16
#define ISTORE_BLOCK ((uint64_t)1 << ISTORE_SHIFT)

struct istore {
	uint32_t width;
	uint64_t count;
	uint64_t **blocks;
	uint64_t nblocks, capblocks;
};

void istore_init(struct istore *s, uint32_t width);
void istore_free(struct istore *s);
uint64_t istore_bytes(const struct istore *s);
void istore_grow_(struct istore *s);

static inline const uint64_t *istore_key(const struct istore *s, uint64_t i)
{
	return s->blocks[i >> ISTORE_SHIFT] + (i & (ISTORE_BLOCK - 1)) * s->width;
}

/* Make room for keys up to index n - 1 (blocks allocated), so that
 * istore_at can write them, in any order and from several threads;
 * count is then set by the caller. */
void istore_reserve(struct istore *s, uint64_t n);
static inline uint64_t *istore_at(struct istore *s, uint64_t i)
{
	return s->blocks[i >> ISTORE_SHIFT] + (i & (ISTORE_BLOCK - 1)) * s->width;
}

/* Append a key; its index is the count before. */
static inline void istore_push(struct istore *s, const uint64_t *key)
{
	if ((s->count >> ISTORE_SHIFT) == s->nblocks)
		istore_grow_(s);
	uint64_t *d = s->blocks[s->count >> ISTORE_SHIFT] + (s->count & (ISTORE_BLOCK - 1)) * s->width;
	for (uint32_t x = 0; x < s->width; x++)
		d[x] = key[x];
	s->count++;
}

struct itab {
	uint32_t *slots;
	uint64_t nslots;
	uint64_t count;
	uint32_t ib;          /* bits of index + 1 in a slot */
	uint32_t part, nparts;
	uint64_t *recent;     /* keys of up to 4 words: a direct-mapped cache of keys known present */
};

/* The hash of a key, and the partition (of nparts) it belongs to. */
static inline uint64_t iset_hash(const uint64_t *key, uint32_t width)
{
	return hash_bytes(key, (size_t)width * sizeof *key);
}
static inline uint32_t iset_part(uint64_t hash, uint32_t nparts)
{
	/* the high half of the hash scaled to nparts (a multiply, not a
	 * division: this runs once per successor) */
	return nparts == 1 ? 0 : (uint32_t)(((hash >> 32) * nparts) >> 32);
}

/* An empty table for the keys of partition `part` of `nparts`. */
void itab_init(struct itab *t, uint32_t part, uint32_t nparts);
void itab_free(struct itab *t);
static inline uint64_t itab_bytes(const struct itab *t)
{
	return t->nslots * sizeof *t->slots;
}
/* Whether `more` insertions would grow the table (by half). */
static inline bool itab_may_grow(const struct itab *t, uint64_t more)
{
	return (t->count + more) * 5 > t->nslots * 4;
}
/* Make room for `more` insertions without growing, with indices up to
 * max_index representable; rebuilds from store keys [0, s->count) when
 * either needs it. False when max_index needs more than 32 bits. */
bool itab_reserve(struct itab *t, const struct istore *s, uint64_t more, uint64_t max_index);
/* Insert n keys in order: key k is keys + sel[k] * stride (sel NULL:
 * k itself), with hash[sel[k]]. A key absent from the table and from
 * this call's earlier keys is added with index base + *npending, its
 * pointer kept in pending[*npending], and ++*npending; added[] and pos[]
 * (its slot, for itab_set) are written at sel[k]. Keys with index <
 * base are read from the store. Needs a prior itab_reserve(n). */
void itab_insert(struct itab *t, const struct istore *s, uint64_t base, const uint64_t *keys, uint32_t stride,
		 const uint32_t *sel, uint32_t n, const uint64_t *hash, bool *added, uint64_t *pos,
		 const uint64_t **pending, uint64_t *npending);
/* Give the key in slot pos (hash `hash`) its final index. */
void itab_set(struct itab *t, uint64_t pos, uint64_t hash, uint64_t index);
/* The index of key (hash `hash`) in the store, or UINT64_MAX. */
uint64_t itab_find(const struct itab *t, const struct istore *s, const uint64_t *key, uint64_t hash);

#endif
