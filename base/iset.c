/*
 * base/iset.c — the indexed visited set (layout and contract in iset.h).
 */
#include "base/iset.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void istore_init(struct istore *s, uint32_t width)
{
	memset(s, 0, sizeof *s);
	s->width = width ? width : 1;
}

void istore_free(struct istore *s)
{
	for (uint64_t b = 0; b < s->nblocks; b++)
		free(s->blocks[b]);
	free(s->blocks);
	memset(s, 0, sizeof *s);
}

void istore_grow_(struct istore *s)
{
	if (s->nblocks == s->capblocks) {
		s->capblocks = s->capblocks ? 2 * s->capblocks : 16;
		s->blocks = xrealloc(s->blocks, s->capblocks * sizeof *s->blocks);
	}
	s->blocks[s->nblocks++] = xmalloc(ISTORE_BLOCK * s->width * sizeof(uint64_t));
}

void istore_reserve(struct istore *s, uint64_t n)
{
	while (s->nblocks * ISTORE_BLOCK < n)
		istore_grow_(s);
}

uint64_t istore_bytes(const struct istore *s)
{
	return s->nblocks * ISTORE_BLOCK * s->width * sizeof(uint64_t) + s->capblocks * sizeof *s->blocks;
}

/* The home slot: the hash mixed (so that the partition's bits, which are
 * fixed within a table, do not narrow it), scaled to nslots. */
static inline uint64_t home(const struct itab *t, uint64_t h)
{
	__extension__ typedef unsigned __int128 u128;
	return (uint64_t)(((u128)(h * 0x9E3779B97F4A7C15ull) * t->nslots) >> 64);
}

static inline uint64_t tag_of(const struct itab *t, uint64_t h)
{
	return t->ib >= 32 ? 0 : h & ((UINT64_C(1) << (32 - t->ib)) - 1);
}

static inline uint32_t make_slot(const struct itab *t, uint64_t h, uint64_t index)
{
	return (uint32_t)((tag_of(t, h) << t->ib) | (index + 1));
}

static inline bool same(const uint64_t *a, const uint64_t *b, uint32_t w)
{
	if (w == 1)
		return a[0] == b[0];
	return memcmp(a, b, (size_t)w * sizeof *a) == 0;
}

void itab_init(struct itab *t, uint32_t part, uint32_t nparts)
{
	memset(t, 0, sizeof *t);
	t->part = part;
	t->nparts = nparts ? nparts : 1;
	/* indices up to 2^26 with 6-bit tags: a probe that passes a foreign
	 * key reads it from the store once in 64 times */
	t->ib = 26;
	t->nslots = 64;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
}

void itab_free(struct itab *t)
{
	free(t->slots);
	free(t->recent);
	memset(t, 0, sizeof *t);
}

static uint32_t bits_for(uint64_t n)
{
	uint32_t b = 1;
	while (b < 64 && (UINT64_C(1) << b) <= n)
		b++;
	return b;
}

/* Zeroed slots, written now: calloc would map the zero page, so that the
 * first probe of a page faults it in read-only and the first store
 * faults again to copy it, which with several threads also interrupts
 * every other core to flush its TLB. */
static uint32_t *new_slots(uint64_t n)
{
	uint32_t *p = xmalloc(n * sizeof *p);
	memset(p, 0, n * sizeof *p);
	return p;
}

/* Place the keys of index idx[0 .. m) (hashes computed here) in the
 * slots, fetching their home slots first so that the misses overlap. */
static void place_run(struct itab *t, const struct istore *s, const uint64_t *idx, uint32_t m)
{
	uint64_t hs[64], js[64];
	for (uint32_t k = 0; k < m; k++) {
		hs[k] = iset_hash(istore_key(s, idx[k]), s->width);
		js[k] = home(t, hs[k]);
		__builtin_prefetch(&t->slots[js[k]], 1);
	}
	for (uint32_t k = 0; k < m; k++) {
		uint64_t j = js[k];
		while (t->slots[j])
			if (++j == t->nslots)
				j = 0;
		t->slots[j] = make_slot(t, hs[k], idx[k]);
		t->count++;
	}
}

/* One table of several sharing a store: its own keys are those its old
 * slots index (old_ib is their index width). They are marked in a bitmap
 * over the store (a bit a key, small enough to stay in cache), the old
 * slots freed, and the marked keys read in store order: sequential reads
 * where following the old slots would read the store at random, and no
 * more memory at the peak than the new slots and the bitmap. */
static void rebuild_own(struct itab *t, const struct istore *s, uint64_t nslots, uint32_t old_ib)
{
	uint64_t omask = old_ib >= 32 ? UINT32_MAX : (UINT64_C(1) << old_ib) - 1;
	uint64_t nwords = (s->count + 63) / 64;
	uint64_t *mine = xcalloc(nwords ? nwords : 1, sizeof *mine);
	for (uint64_t j = 0; j < t->nslots; j++)
		if (t->slots[j]) {
			uint64_t i = (t->slots[j] & omask) - 1;
			if (i >= s->count)
				base_internal_error("iset: a table indexes a key beyond the store");
			mine[i >> 6] |= UINT64_C(1) << (i & 63);
		}
	free(t->slots);
	t->slots = new_slots(nslots);
	t->nslots = nslots;
	t->count = 0;
	uint64_t idx[64];
	uint32_t m = 0;
	for (uint64_t x = 0; x < nwords; x++)
		for (uint64_t b = mine[x]; b; b &= b - 1) {
			idx[m++] = x * 64 + (uint64_t)__builtin_ctzll(b);
			if (m == 64) {
				place_run(t, s, idx, m);
				m = 0;
			}
		}
	place_run(t, s, idx, m);
	free(mine);
}

/* The only table of its store: every key in the store is its own, read
 * in order. */
static void rebuild(struct itab *t, const struct istore *s, uint64_t nslots)
{
	free(t->slots);
	t->slots = new_slots(nslots);
	t->nslots = nslots;
	t->count = 0;
	uint64_t idx[64];
	for (uint64_t i0 = 0; i0 < s->count; i0 += 64) {
		uint32_t m = s->count - i0 < 64 ? (uint32_t)(s->count - i0) : 64;
		for (uint32_t k = 0; k < m; k++)
			idx[k] = i0 + k;
		place_run(t, s, idx, m);
	}
}

bool itab_reserve(struct itab *t, const struct istore *s, uint64_t more, uint64_t max_index)
{
	bool again = false;
	uint32_t old_ib = t->ib;
	if (max_index + 1 >= (UINT64_C(1) << t->ib)) {
		if (max_index + 1 >= UINT32_MAX)
			return false;
		uint32_t ib = bits_for(2 * (max_index + 1));
		t->ib = ib > 32 ? 32 : ib;
		again = true;
	}
	uint64_t n = t->nslots;
	while ((t->count + more) * 5 > n * 4) {
		/* by half (memory) once the table is big; doubling before that
		 * spares rebuilds that cost more than they save */
		n += n < (UINT64_C(1) << 20) ? n : n / 2;
		again = true;
	}
	if (again && t->nparts > 1)
		rebuild_own(t, s, n, old_ib);
	else if (again)
		rebuild(t, s, n);
	return true;
}

/* How far ahead the home slot is fetched, and (half as far) the key a
 * matching tag points to. */
#define AHEAD 16

/* The cache of recent keys: entries, and the widest key it takes (a key
 * is never all zero, so a zero entry is empty). */
#define RECENT 8192
#define RECENT_WIDTH 4

/* Stage 1 for key k: UINT64_MAX when the recent cache holds it, else its
 * home slot, fetched. */
static inline uint64_t prepare(const struct itab *t, const uint64_t *keys, uint32_t stride, const uint32_t *sel,
			       uint32_t k, const uint64_t *hash, const uint64_t *recent, uint32_t w)
{
	uint32_t at = sel ? sel[k] : k;
	uint64_t h = hash[at];
	if (recent && same(recent + ((h >> 20) & (RECENT - 1)) * w, keys + (uint64_t)at * stride, w))
		return UINT64_MAX;
	uint64_t j = home(t, h);
	__builtin_prefetch(&t->slots[j]);
	return j;
}

void itab_insert(struct itab *t, const struct istore *s, uint64_t base, const uint64_t *keys, uint32_t stride,
		 const uint32_t *sel, uint32_t n, const uint64_t *hash, bool *added, uint64_t *pos,
		 const uint64_t **pending, uint64_t *npending)
{
	uint32_t w = s->width;
	uint32_t ib = t->ib;
	uint64_t imask = ib >= 32 ? UINT32_MAX : (UINT64_C(1) << ib) - 1;
	uint32_t *slots = t->slots;
	if (w <= RECENT_WIDTH && !t->recent)
		t->recent = xcalloc((size_t)RECENT * w, sizeof *t->recent);
	uint64_t *recent = w <= RECENT_WIDTH ? t->recent : NULL;
	/* each key's home slot, computed once when its slot is fetched, for
	 * the two later stages (a ring of 2 * AHEAD) */
	uint64_t homes[2 * AHEAD];
	/* a key found in the recent cache when its slot would be fetched is
	 * known present (nothing leaves the set): UINT64_MAX in homes, and
	 * no memory is touched for it */
	for (uint32_t k = 0; k < n && k < AHEAD; k++)
		homes[k] = prepare(t, keys, stride, sel, k, hash, recent, w);
	for (uint32_t k = 0; k < n; k++) {
		if (k + AHEAD < n)
			homes[(k + AHEAD) % (2 * AHEAD)] = prepare(t, keys, stride, sel, k + AHEAD, hash, recent, w);
		if (k + AHEAD / 2 < n && homes[(k + AHEAD / 2) % (2 * AHEAD)] != UINT64_MAX) {
			/* the first slot of the run whose tag agrees: most likely
			 * the key itself */
			uint64_t tag2 = tag_of(t, hash[sel ? sel[k + AHEAD / 2] : k + AHEAD / 2]);
			uint64_t j2 = homes[(k + AHEAD / 2) % (2 * AHEAD)];
			for (uint32_t probe = 0; probe < 4; probe++) {
				uint32_t s2 = slots[j2];
				if (!s2)
					break;
				if (((uint64_t)s2 >> ib) == tag2) {
					if ((s2 & imask) - 1 < base)
						__builtin_prefetch(istore_key(s, (s2 & imask) - 1));
					break;
				}
				if (++j2 == t->nslots)
					j2 = 0;
			}
		}
		uint32_t at = sel ? sel[k] : k;
		const uint64_t *key = keys + (uint64_t)at * stride;
		uint64_t h = hash[at], tag = tag_of(t, h);
		/* a key seen lately (siblings share successors): known present,
		 * no probe */
		uint64_t *rc = recent ? recent + ((h >> 20) & (RECENT - 1)) * w : NULL;
		uint64_t j = homes[k % (2 * AHEAD)];
		if (j == UINT64_MAX || (rc && same(rc, key, w))) {
			added[at] = false;
			continue;
		}
		bool found = false;
		for (;;) {
			uint32_t sl = slots[j];
			if (!sl)
				break;
			if (((uint64_t)sl >> ib) == tag) {
				uint64_t idx = (sl & imask) - 1;
				const uint64_t *other = idx < base ? istore_key(s, idx) : pending[idx - base];
				if (same(other, key, w)) {
					found = true;
					break;
				}
			}
			if (++j == t->nslots)
				j = 0;
		}
		added[at] = !found;
		if (rc)
			for (uint32_t x = 0; x < w; x++)
				rc[x] = key[x];
		if (found)
			continue;
		slots[j] = make_slot(t, h, base + *npending);
		pending[(*npending)++] = key;
		pos[at] = j;
		t->count++;
	}
}

void itab_set(struct itab *t, uint64_t pos, uint64_t hash, uint64_t index)
{
	t->slots[pos] = make_slot(t, hash, index);
}

uint64_t itab_find(const struct itab *t, const struct istore *s, const uint64_t *key, uint64_t hash)
{
	uint64_t imask = t->ib >= 32 ? UINT32_MAX : (UINT64_C(1) << t->ib) - 1, tag = tag_of(t, hash);
	for (uint64_t j = home(t, hash);;) {
		uint32_t sl = t->slots[j];
		if (!sl)
			return UINT64_MAX;
		if (((uint64_t)sl >> t->ib) == tag) {
			uint64_t idx = (sl & imask) - 1;
			if (idx < s->count && same(istore_key(s, idx), key, s->width))
				return idx;
		}
		if (++j == t->nslots)
			j = 0;
	}
}
