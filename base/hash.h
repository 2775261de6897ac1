/*
 * base/hash.h — the one hash function of cspcheck: 64-bit XXH3.
 *
 * Inlined (XXH_INLINE_ALL) so that small fixed-size keys hash without a
 * call. Every hash table in the project keys on hash_bytes().
 */
#ifndef BASE_HASH_H
#define BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static inline uint64_t hash_bytes(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

static inline uint64_t hash_bytes_seed(const void *p, size_t n, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, n, seed);
}

/* Mix one 64-bit word into a running hash (for composite keys). */
static inline uint64_t hash_combine(uint64_t h, uint64_t x)
{
	return XXH3_64bits_withSeed(&x, sizeof x, h);
}

#endif
