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

/* One table of several sharing a store: rebuild from its own old slots
 * (a key's index read there, the key from the store), so each of P
 * tables reads only its own keys, not the whole store; old_ib is the
 * index width of the old slots. Old and new slots live together for the
 * while. */
static void rebuild_own(struct itab *t, const struct istore *s, uint64_t nslots, uint32_t old_ib)
{
	uint32_t *old = t->slots;
	uint64_t oldn = t->nslots;
	uint64_t omask = old_ib >= 32 ? UINT32_MAX : (UINT64_C(1) << old_ib) - 1;
	t->slots = xcalloc(nslots, sizeof *t->slots);
	t->nslots = nslots;
	t->count = 0;
	uint32_t w = s->width;
	enum { RUN = 64 };
	uint64_t idx[RUN], hs[RUN], js[RUN];
	for (uint64_t j0 = 0; j0 < oldn;) {
		uint32_t m = 0;
		for (; j0 < oldn && m < RUN; j0++)
			if (old[j0]) {
				idx[m] = (old[j0] & omask) - 1;
				__builtin_prefetch(istore_key(s, idx[m]));
				m++;
			}
		for (uint32_t k = 0; k < m; k++) {
			hs[k] = iset_hash(istore_key(s, idx[k]), w);
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
	free(old);
}

static void rebuild(struct itab *t, const struct istore *s, uint64_t nslots)
{
	free(t->slots);
	t->slots = xcalloc(nslots, sizeof *t->slots);
	t->nslots = nslots;
	t->count = 0;
	uint32_t w = s->width;
	/* in runs of RUN keys: hash them and fetch their home slots, then
	 * place them, so that the cache misses overlap */
	enum { RUN = 64 };
	uint64_t hs[RUN], js[RUN];
	for (uint64_t i0 = 0; i0 < s->count; i0 += RUN) {
		uint32_t n = s->count - i0 < RUN ? (uint32_t)(s->count - i0) : RUN, m = 0;
		for (uint32_t k = 0; k < n; k++) {
			uint64_t h = iset_hash(istore_key(s, i0 + k), w);
			if (iset_part(h, t->nparts) != t->part) {
				js[k] = UINT64_MAX;
				continue;
			}
			hs[k] = h;
			js[k] = home(t, h);
			__builtin_prefetch(&t->slots[js[k]], 1);
			m++;
		}
		for (uint32_t k = 0; k < n && m; k++) {
			uint64_t j = js[k];
			if (j == UINT64_MAX)
				continue;
			while (t->slots[j])
				if (++j == t->nslots)
					j = 0;
			t->slots[j] = make_slot(t, hs[k], i0 + k);
			t->count++;
		}
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
