/*
 * base/hset.c — the fixed-width key set (see hset.h for the layout).
 *
 * Growth doubles the slot array and re-inserts every index, hashing the
 * keys again (they are not stored with their hash); the key array grows
 * by realloc, which for large blocks moves pages rather than bytes.
 */
#include "base/hset.h"

#include <stdlib.h>

#include "base/mem.h"

static inline uint64_t key_hash(const struct hset *h, const uint64_t *key)
{
	if (h->width == 1)
		return hash_bytes(key, sizeof *key);
	return hash_bytes(key, (size_t)h->width * sizeof *key);
}

static inline bool key_eq(const struct hset *h, const uint64_t *a, const uint64_t *b)
{
	switch (h->width) {
	case 1:
		return a[0] == b[0];
	case 2:
		return a[0] == b[0] && a[1] == b[1];
	default:
		return memcmp(a, b, (size_t)h->width * sizeof *a) == 0;
	}
}

void hset_init(struct hset *h, uint32_t width, uint64_t expect)
{
	uint64_t n = 16;
	while (n * 13 / 16 < expect)
		n *= 2;
	h->width = width ? width : 1;
	h->count = 0;
	h->capkeys = expect > 16 ? expect : 16;
	h->keys = xmalloc(h->capkeys * h->width * sizeof *h->keys);
	h->slots = xcalloc(n, sizeof *h->slots);
	h->mask = n - 1;
}

void hset_free(struct hset *h)
{
	free(h->keys);
	free(h->slots);
	memset(h, 0, sizeof *h);
}

static void grow_slots(struct hset *h)
{
	uint64_t n = (h->mask + 1) * 2;
	uint32_t *slots = xcalloc(n, sizeof *slots);
	uint64_t mask = n - 1;
	for (uint32_t i = 0; i < h->count; i++) {
		uint64_t j = key_hash(h, hset_key(h, i)) & mask;
		while (slots[j])
			j = (j + 1) & mask;
		slots[j] = i + 1;
	}
	free(h->slots);
	h->slots = slots;
	h->mask = mask;
}

uint32_t hset_find(const struct hset *h, const uint64_t *key)
{
	for (uint64_t j = key_hash(h, key) & h->mask;; j = (j + 1) & h->mask) {
		uint32_t s = h->slots[j];
		if (!s)
			return HSET_FULL;
		if (key_eq(h, hset_key(h, s - 1), key))
			return s - 1;
	}
}

static uint32_t insert_hashed(struct hset *h, const uint64_t *key, uint64_t hash, bool *added)
{
	size_t bytes = (size_t)h->width * sizeof *key;
	uint64_t j = hash & h->mask;
	for (;; j = (j + 1) & h->mask) {
		uint32_t s = h->slots[j];
		if (!s)
			break;
		if (key_eq(h, hset_key(h, s - 1), key)) {
			*added = false;
			return s - 1;
		}
	}
	if (h->count >= HSET_FULL - 1) {
		*added = false;
		return HSET_FULL;
	}
	if (h->count == h->capkeys) {
		h->capkeys *= 2;
		h->keys = xrealloc(h->keys, h->capkeys * h->width * sizeof *h->keys);
	}
	uint32_t i = h->count++;
	memcpy(h->keys + (uint64_t)i * h->width, key, bytes);
	h->slots[j] = i + 1;
	if ((uint64_t)h->count * 16 > (h->mask + 1) * 13)
		grow_slots(h);
	*added = true;
	return i;
}

uint32_t hset_insert(struct hset *h, const uint64_t *key, bool *added)
{
	return insert_hashed(h, key, key_hash(h, key), added);
}

uint32_t hset_insert_batch(struct hset *h, const uint64_t *keys, uint32_t n, uint64_t *hash, uint32_t *idx,
			   bool *added)
{
	/* stage 1: hash every key and prefetch its home slot; stage 2: prefetch
	 * the key stored there (the likely match); stage 3: insert */
	for (uint32_t i = 0; i < n; i++) {
		hash[i] = key_hash(h, keys + (size_t)i * h->width);
		__builtin_prefetch(&h->slots[hash[i] & h->mask]);
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t s = h->slots[hash[i] & h->mask];
		if (s)
			__builtin_prefetch(hset_key(h, s - 1));
	}
	for (uint32_t i = 0; i < n; i++) {
		idx[i] = insert_hashed(h, keys + (size_t)i * h->width, hash[i], &added[i]);
		if (idx[i] == HSET_FULL)
			return i + 1;
	}
	return n;
}
