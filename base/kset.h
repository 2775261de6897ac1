/*
 * base/kset.h — a set of fixed-width keys stored in the slots themselves.
 *
 * The visited set of searches that need no state numbers (counting a
 * state space, or a search that keeps its own queue): each slot is one
 * key of `width` 64-bit words, so a probe reads one contiguous run of
 * memory and a stored key costs width * 8 bytes / load, nothing more.
 *
 *     slots:  [ k | 0 | 0 | k | k | 0 | ... ]   nslots * width words
 *
 * The all-zero key marks an empty slot, so keys must never be all zero:
 * callers keep a bit that is always set (the network sets bit 0 of word
 * 0 of every state). Open addressing with linear probing from XXH3;
 * doubling when more than 13/16 full.
 *
 * Invariants: every stored key is non-zero and sits in the run of
 * occupied slots that starts at or before its home slot hash & mask.
 */
#ifndef BASE_KSET_H
#define BASE_KSET_H

#include <stdbool.h>
#include <stdint.h>

struct kset {
	uint32_t width;
	uint32_t flag_word;   /* with flag_mask: a bit that look-ups ignore */
	uint64_t flag_mask;   /* 0 for none */
	uint64_t count;
	uint64_t mask;        /* nslots - 1 */
	uint64_t *slots;      /* nslots * width words */
};

void kset_init(struct kset *k, uint32_t width, uint64_t expect);
/* A set whose keys carry one flag bit (bit `bit` of word `word`) that
 * hashing and comparison ignore: a key and its flagged twin are the same
 * key, and kset_find tells which was stored. The flag must not be the
 * only non-zero bit. */
void kset_init_flagged(struct kset *k, uint32_t width, uint64_t expect, uint32_t word, unsigned bit);
/* Ask the cache for key's home slot, ahead of a kset_find. */
void kset_prefetch(const struct kset *k, const uint64_t *key);
/* The stored key equal to `key` (flag ignored), or NULL. */
const uint64_t *kset_find(const struct kset *k, const uint64_t *key);
void kset_free(struct kset *k);

/* Insert n keys (keys[i * width ...], each non-zero) in order, with
 * their home slots prefetched ahead; added[i] says whether key i was new
 * (a key repeated within the batch is new only the first time). hash[] is
 * scratch for n hashes. */
void kset_insert_batch(struct kset *k, const uint64_t *keys, uint32_t n, uint64_t *hash, bool *added);
/* The hash a key is placed by (the flag ignored). */
uint64_t kset_hash(const struct kset *k, const uint64_t *key);
/* Insert n keys given by pointer with their kset_hash, prefetching
 * ahead; added[i] as in kset_insert_batch. */
void kset_insert_hashed(struct kset *k, const uint64_t *const *keys, const uint64_t *hash, uint32_t n, bool *added);
/* Insert one key; true when it was new. */
bool kset_insert(struct kset *k, const uint64_t *key);
bool kset_member(const struct kset *k, const uint64_t *key);

/* Whether inserting n more keys may double the table (to twice
 * kset_bytes): callers that watch their memory check before a batch. */
static inline bool kset_may_grow(const struct kset *k, uint64_t n)
{
	return (k->count + n) * 16 > (k->mask + 1) * 13;
}

static inline uint64_t kset_bytes(const struct kset *k)
{
	return (k->mask + 1) * k->width * sizeof(uint64_t);
}

#endif
