/*
 * base/kset.c — the inline-key set (layout and invariant in kset.h).
 */
#include "base/kset.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"

static inline uint64_t plain_hash(uint32_t width, const uint64_t *key)
{
	return hash_bytes(key, (size_t)width * sizeof *key);
}

/* The hash of key with the flag cleared. */
static inline uint64_t khash(const struct kset *k, const uint64_t *key)
{
	if (!k->flag_mask)
		return plain_hash(k->width, key);
	uint64_t tmp[8];
	uint64_t *t = k->width <= 8 ? tmp : xmalloc(k->width * sizeof *t);
	memcpy(t, key, k->width * sizeof *t);
	t[k->flag_word] &= ~k->flag_mask;
	uint64_t h = plain_hash(k->width, t);
	if (t != tmp)
		free(t);
	return h;
}

void kset_init(struct kset *k, uint32_t width, uint64_t expect)
{
	uint64_t n = 16;
	while (n * 13 / 16 < expect)
		n *= 2;
	k->width = width ? width : 1;
	k->flag_word = 0;
	k->flag_mask = 0;
	k->count = 0;
	k->mask = n - 1;
	k->slots = xcalloc(n * k->width, sizeof *k->slots);
}

void kset_init_flagged(struct kset *k, uint32_t width, uint64_t expect, uint32_t word, unsigned bit)
{
	kset_init(k, width, expect);
	k->flag_word = word;
	k->flag_mask = (uint64_t)1 << bit;
}

void kset_free(struct kset *k)
{
	free(k->slots);
	memset(k, 0, sizeof *k);
}

static inline bool is_empty(const uint64_t *slot, uint32_t width)
{
	for (uint32_t i = 0; i < width; i++)
		if (slot[i])
			return false;
	return true;
}

static inline bool same(const struct kset *k, const uint64_t *a, const uint64_t *b)
{
	uint32_t width = k->width;
	if (k->flag_mask) {
		for (uint32_t i = 0; i < width; i++) {
			uint64_t m = i == k->flag_word ? ~k->flag_mask : UINT64_MAX;
			if ((a[i] & m) != (b[i] & m))
				return false;
		}
		return true;
	}
	if (width == 1)
		return a[0] == b[0];
	return memcmp(a, b, (size_t)width * sizeof *a) == 0;
}

static void grow(struct kset *k)
{
	uint64_t n = (k->mask + 1) * 2, mask = n - 1;
	uint32_t w = k->width;
	uint64_t *slots = xcalloc(n * w, sizeof *slots);
	for (uint64_t j = 0; j <= k->mask; j++) {
		const uint64_t *key = k->slots + j * w;
		if (is_empty(key, w))
			continue;
		uint64_t i = khash(k, key) & mask;
		while (!is_empty(slots + i * w, w))
			i = (i + 1) & mask;
		memcpy(slots + i * w, key, w * sizeof *key);
	}
	free(k->slots);
	k->slots = slots;
	k->mask = mask;
}

static inline bool insert_hashed(struct kset *k, const uint64_t *key, uint64_t hash)
{
	uint32_t w = k->width;
	uint64_t j = hash & k->mask;
	for (;; j = (j + 1) & k->mask) {
		uint64_t *slot = k->slots + j * w;
		if (w == 1 ? slot[0] == 0 : is_empty(slot, w))
			break;
		if (same(k, slot, key))
			return false;
	}
	memcpy(k->slots + j * w, key, w * sizeof *key);
	if (++k->count * 16 > (k->mask + 1) * 13)
		grow(k);
	return true;
}

bool kset_insert(struct kset *k, const uint64_t *key)
{
	return insert_hashed(k, key, khash(k, key));
}

const uint64_t *kset_find(const struct kset *k, const uint64_t *key)
{
	uint32_t w = k->width;
	for (uint64_t j = khash(k, key) & k->mask;; j = (j + 1) & k->mask) {
		const uint64_t *slot = k->slots + j * w;
		if (is_empty(slot, w))
			return NULL;
		if (same(k, slot, key))
			return slot;
	}
}

bool kset_member(const struct kset *k, const uint64_t *key)
{
	return kset_find(k, key) != NULL;
}

/* How far ahead of the insertion the prefetches run: about as many as a
 * core has line-fill buffers; more only queue up behind them. */
#define AHEAD 12

void kset_insert_batch(struct kset *k, const uint64_t *keys, uint32_t n, uint64_t *hash, bool *added)
{
	uint32_t w = k->width;
	for (uint32_t i = 0; i < n; i++)
		hash[i] = khash(k, keys + (size_t)i * w);
	for (uint32_t i = 0; i < n && i < AHEAD; i++)
		__builtin_prefetch(k->slots + (hash[i] & k->mask) * w);
	for (uint32_t i = 0; i < n; i++) {
		if (i + AHEAD < n)
			__builtin_prefetch(k->slots + (hash[i + AHEAD] & k->mask) * w);
		added[i] = insert_hashed(k, keys + (size_t)i * w, hash[i]);
	}
}

uint64_t kset_hash(const struct kset *k, const uint64_t *key)
{
	return khash(k, key);
}

void kset_insert_hashed(struct kset *k, const uint64_t *const *keys, const uint64_t *hash, uint32_t n, bool *added)
{
	for (uint32_t i = 0; i < n && i < AHEAD; i++)
		__builtin_prefetch(k->slots + (hash[i] & k->mask) * k->width);
	for (uint32_t i = 0; i < n; i++) {
		if (i + AHEAD < n)
			__builtin_prefetch(k->slots + (hash[i + AHEAD] & k->mask) * k->width);
		added[i] = insert_hashed(k, keys[i], hash[i]);
	}
}

void kset_prefetch(const struct kset *k, const uint64_t *key)
{
	__builtin_prefetch(k->slots + (khash(k, key) & k->mask) * k->width);
}
