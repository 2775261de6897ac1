/*
 * semantics/value.c — the hash-consing value table and the set algebra.
 *
 * Table. t->v[1..count) holds every value ever built; t->slots is an open
 * addressing index over it (linear probing, a power of two, at most half
 * full) that maps the memoized 64-bit hash of a value's contents to its id.
 * Element arrays live in t->mem and never move; struct values move when
 * t->v grows, so no function here keeps a `struct value *` across a call
 * that may build a value. Invariants:
 *   - every id in 1..count-1 sits in exactly one slot;
 *   - two values in the table never have equal contents (kind, sx, arity,
 *     name, sym, u and elems), so equality of values is equality of ids;
 *   - the elems of a VK_SET are strictly increasing in value_cmp order, the
 *     keys of a VK_MAP likewise.
 * A table that would pass 2^30 values is reported as out of memory.
 *
 * Sets. A VK_SET is finite and canonical: equal finite sets have equal ids.
 * A VK_SETEXPR is symbolic, and two equal symbolic sets may have different
 * ids; value_set_equal decides them. Every element kind falls in one of two
 * classes:
 *   - scalar (VK_INT, VK_CHAR, VK_PROC): the part of any set expression
 *     made of one scalar kind is a finite union of int64 intervals, since
 *     scalars only come from Int, {n..}, Char, Proc and finite sets. These
 *     parts are computed exactly (scalar_part), so questions about them are
 *     always decided;
 *   - structured (everything else): these come from finite sets and from
 *     the generators Seq(S) and Set(S). They are decided by walking finite
 *     parts (collect) and by rules on the generators (covered); where the
 *     rules run out the answer is -1, never a guess.
 * Char and Proc are treated as infinite (never enumerated), as is a
 * symbolic set whose scalar part reaches INT64_MIN or INT64_MAX.
 *
 * value_union/inter/diff simplify: finite operands are merged or filtered
 * into a finite VK_SET, an operand containing the other absorbs it,
 * diff({n..}, {n, n+1, ..}) moves the bound, and a symbolic result that is
 * finite and small (no Set(S) inside, at most EAGER_MAX elements) is
 * enumerated, so that finite sets are VK_SETs wherever it is cheap.
 */
#include "semantics/value.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/vec.h"

#define INIT_VALUES 256
#define INIT_SLOTS 512
#define MAX_VALUES ((uint32_t)1 << 30)
/* value_enumerate materialises at most this many scalars... */
#define ENUM_MAX ((uint64_t)1 << 24)
/* ...and Set(S) only for |S| <= POWERSET_MAX_BITS (2^20 subsets). */
#define POWERSET_MAX_BITS 20
/* A symbolic union/inter/diff result is enumerated eagerly up to this size. */
#define EAGER_MAX ((uint64_t)1 << 16)
/* value_set sorts inputs of at least this size by radix on sort keys. */
#define RADIX_MIN 64

struct ids {
	value_id *v;
	size_t n, cap;
};

/* ------------------------------------------------------------------ */
/* The hash-consing table                                               */
/* ------------------------------------------------------------------ */

static uint64_t content_hash(const struct value *k)
{
	struct {
		uint8_t kind, sx;
		uint16_t arity;
		uint32_t n;
		uint32_t name, sym;
		uint64_t i;
	} h;
	_Static_assert(sizeof h == 24, "hash header has no padding");
	h.kind = k->kind;
	h.sx = k->sx;
	h.arity = k->arity;
	h.n = k->n;
	h.name = k->name;
	h.sym = k->sym;
	h.i = k->kind == VK_FUNC ? (uint64_t)(uintptr_t)k->u.ptr : (uint64_t)k->u.i;
	uint64_t x = hash_bytes(&h, sizeof h);
	if (k->n)
		x = hash_bytes_seed(k->elems, k->n * sizeof *k->elems, x);
	return x;
}

static bool same_contents(const struct value *a, const struct value *k)
{
	if (a->kind != k->kind || a->sx != k->sx || a->arity != k->arity || a->n != k->n ||
	    a->name != k->name || a->sym != k->sym)
		return false;
	if (k->kind == VK_FUNC ? a->u.ptr != k->u.ptr : a->u.i != k->u.i)
		return false;
	return k->n == 0 || memcmp(a->elems, k->elems, k->n * sizeof *k->elems) == 0;
}

static void grow_slots(struct value_table *t)
{
	if (t->nslots >= (uint32_t)1 << 31) {
		fprintf(stderr, "cspcheck: out of memory (value table full)\n");
		exit(EXIT_INTERNAL);
	}
	free(t->slots);
	t->nslots *= 2;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
	uint32_t mask = t->nslots - 1;
	for (value_id id = 1; id < t->count; id++) {
		uint32_t i = (uint32_t)t->v[id].hash & mask;
		while (t->slots[i] != VALUE_NONE)
			i = (i + 1) & mask;
		t->slots[i] = id;
	}
}

/* The id of a value with key's contents (key->hash ignored; key->elems
 * may be temporary: it is copied into the arena when the value is new). */
static value_id intern(struct value_table *t, const struct value *key)
{
	uint64_t h = content_hash(key);
	uint32_t mask = t->nslots - 1;
	uint32_t i = (uint32_t)h & mask;
	for (;;) {
		value_id id = t->slots[i];
		if (id == VALUE_NONE)
			break;
		const struct value *v = &t->v[id];
		if (v->hash == h && same_contents(v, key))
			return id;
		i = (i + 1) & mask;
	}
	if (UNLIKELY(t->count == t->cap)) {
		if (t->cap >= MAX_VALUES) {
			fprintf(stderr, "cspcheck: out of memory (more than %" PRIu32 " values)\n", MAX_VALUES);
			exit(EXIT_INTERNAL);
		}
		t->cap *= 2;
		t->v = xrealloc(t->v, (size_t)t->cap * sizeof *t->v);
	}
	value_id id = t->count++;
	struct value *v = &t->v[id];
	*v = *key;
	v->hash = h;
	if (key->n) {
		value_id *e = arena_alloc(&t->mem, key->n * sizeof *e);
		memcpy(e, key->elems, key->n * sizeof *e);
		v->elems = e;
	} else {
		v->elems = NULL;
	}
	t->slots[i] = id;
	if (UNLIKELY((uint64_t)t->count * 2 > t->nslots))
		grow_slots(t);
	return id;
}

static value_id mk_scalar(struct value_table *t, enum value_kind k, int64_t i)
{
	struct value key = {.kind = (uint8_t)k, .u.i = i};
	return intern(t, &key);
}

static value_id mk_elems(struct value_table *t, enum value_kind k, const value_id *e, uint32_t n)
{
	struct value key = {.kind = (uint8_t)k, .n = n, .elems = e};
	return intern(t, &key);
}

static value_id mk_sx(struct value_table *t, enum setexpr_kind sx, int64_t i, const value_id *e, uint32_t n)
{
	struct value key = {.kind = VK_SETEXPR, .sx = (uint8_t)sx, .n = n, .u.i = i, .elems = e};
	return intern(t, &key);
}

void value_table_init(struct value_table *t, struct atom_table *atoms)
{
	memset(t, 0, sizeof *t);
	t->atoms = atoms;
	t->cap = INIT_VALUES;
	t->v = xcalloc(t->cap, sizeof *t->v);
	t->count = 1;
	t->nslots = INIT_SLOTS;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
	t->t_false = mk_scalar(t, VK_BOOL, 0);
	t->t_true = mk_scalar(t, VK_BOOL, 1);
	t->empty_set = mk_elems(t, VK_SET, NULL, 0);
	t->empty_seq = mk_elems(t, VK_SEQ, NULL, 0);
}

void value_table_free(struct value_table *t)
{
	arena_free(&t->mem);
	free(t->v);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------ */
/* Order                                                                */
/* ------------------------------------------------------------------ */

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_lex(const struct value_table *t, const value_id *a, uint32_t na, const value_id *b, uint32_t nb)
{
	uint32_t n = na < nb ? na : nb;
	for (uint32_t i = 0; i < n; i++) {
		int c = value_cmp(t, a[i], b[i]);
		if (c)
			return c;
	}
	return cmp_i64(na, nb);
}

int value_cmp(const struct value_table *t, value_id a, value_id b)
{
	if (a == b)
		return 0;
	const struct value *va = &t->v[a], *vb = &t->v[b];
	if (va->kind != vb->kind)
		return va->kind < vb->kind ? -1 : 1;
	switch ((enum value_kind)va->kind) {
	case VK_INT:
	case VK_BOOL:
	case VK_CHAR:
	case VK_PROC:
		return cmp_i64(va->u.i, vb->u.i);
	case VK_TUPLE:
	case VK_SEQ:
	case VK_DOT:
		return cmp_lex(t, va->elems, va->n, vb->elems, vb->n);
	case VK_NAME:
		if (va->sym != vb->sym)
			return va->sym < vb->sym ? -1 : 1;
		if (va->name != vb->name)
			return va->name < vb->name ? -1 : 1;
		return cmp_i64(va->arity, vb->arity);
	case VK_SET:
	case VK_MAP:
		if (va->n != vb->n)
			return va->n < vb->n ? -1 : 1;
		return cmp_lex(t, va->elems, va->n, vb->elems, vb->n);
	case VK_SETEXPR:
		if (va->sx != vb->sx)
			return va->sx < vb->sx ? -1 : 1;
		if (va->u.i != vb->u.i)
			return cmp_i64(va->u.i, vb->u.i);
		return cmp_lex(t, va->elems, va->n, vb->elems, vb->n);
	case VK_FUNC:
		/* No structure: creation order, which is deterministic. */
		return a < b ? -1 : 1;
	}
	NEVER(1);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sorting id arrays                                                    */
/* ------------------------------------------------------------------ */

typedef int (*id_cmp_fn)(const void *ctx, value_id a, value_id b);

static int cmp_values(const void *ctx, value_id a, value_id b)
{
	return value_cmp(ctx, a, b);
}

static void merge_runs(const value_id *l, size_t nl, const value_id *r, size_t nr, value_id *out,
		       id_cmp_fn cmp, const void *ctx)
{
	size_t i = 0, j = 0, k = 0;
	while (i < nl && j < nr)
		out[k++] = cmp(ctx, l[i], r[j]) <= 0 ? l[i++] : r[j++];
	memcpy(out + k, l + i, (nl - i) * sizeof *out);
	k += nl - i;
	memcpy(out + k, r + j, (nr - j) * sizeof *out);
}

/* Sort a[0..n) ascending by cmp, stably: a natural bottom-up merge sort,
 * O(n log r) comparisons for r initial runs, so sorted input costs n - 1.
 * tmp has room for n ids. */
static void sort_ids(value_id *a, size_t n, value_id *tmp, id_cmp_fn cmp, const void *ctx)
{
	if (n < 2)
		return;
	VEC(size_t) runs = {0};
	size_t i = 0;
	while (i < n) {
		vec_push(&runs, i);
		size_t j = i + 1;
		if (j < n && cmp(ctx, a[j - 1], a[j]) > 0) {
			while (j < n && cmp(ctx, a[j - 1], a[j]) > 0)
				j++;
			/* Strictly descending, so reversing keeps stability. */
			for (size_t lo = i, hi = j - 1; lo < hi; lo++, hi--) {
				value_id x = a[lo];
				a[lo] = a[hi];
				a[hi] = x;
			}
		} else {
			while (j < n && cmp(ctx, a[j - 1], a[j]) <= 0)
				j++;
		}
		i = j;
	}
	vec_push(&runs, n);
	value_id *src = a, *dst = tmp;
	while (runs.n > 2) {
		size_t k, w = 0;
		for (k = 0; k + 2 < runs.n; k += 2) {
			size_t s0 = runs.v[k], s1 = runs.v[k + 1], s2 = runs.v[k + 2];
			merge_runs(src + s0, s1 - s0, src + s1, s2 - s1, dst + s0, cmp, ctx);
			runs.v[w++] = s0;
		}
		if (k + 1 < runs.n) {
			size_t s0 = runs.v[k];
			memcpy(dst + s0, src + s0, (n - s0) * sizeof *dst);
			runs.v[w++] = s0;
		}
		runs.v[w++] = n;
		runs.n = w;
		value_id *x = src;
		src = dst;
		dst = x;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	vec_free(&runs);
}

/* Kinds a set expression holds as int64 intervals (see the file comment). */
static bool is_scalar_kind(enum value_kind k)
{
	return k == VK_INT || k == VK_CHAR || k == VK_PROC;
}

/*
 * Sort keys. value_set sorts (key, id) pairs by radix and leaves only ties
 * to value_cmp, whose every call chases several cache lines. A key is
 * monotone: key(a) < key(b) implies value_cmp(a, b) < 0. Layout:
 *
 *   63    60 59                            0
 *   | kind  |  payload (60 bits)            |
 *
 *   INT, BOOL, CHAR, PROC  u.i, clamped
 *   NAME, SET, MAP, FUNC   sym, n, n and the id (the orders of value_cmp)
 *   TUPLE, SEQ, DOT        | field 0 (30 bits) | field 1 (30 bits) |
 *   SETEXPR                sx
 *
 * A field code is (kind + 1) << 26 | payload, 0 for no field (a shorter
 * sequence first); the payload is the clamped u.i of a scalar, the sym of
 * a name, 0 otherwise. A clamped number is exact inside its range and
 * saturates at 0 or the top code outside it. Field 1 is encoded only when
 * field 0 is exact, that is when equal codes mean equal values; otherwise
 * it is 0 and the tie goes to value_cmp. This relies on a sym naming one
 * constructor (value.h: the declaration's symbol id).
 */
#define FIELD_PAYLOAD_BITS 26

static uint64_t clamp_code(int64_t x, unsigned bits, bool *exact)
{
	int64_t half = (int64_t)1 << (bits - 1);
	*exact = x > -half && x < half - 1;
	if (x <= -half)
		return 0;
	if (x >= half - 1)
		return ((uint64_t)1 << bits) - 1;
	return (uint64_t)(x + half);
}

static uint64_t field_code(const struct value_table *t, value_id id, bool *exact)
{
	const struct value *v = &t->v[id];
	uint64_t payload = 0;
	*exact = false;
	switch ((enum value_kind)v->kind) {
	case VK_INT:
	case VK_BOOL:
	case VK_CHAR:
	case VK_PROC:
		payload = clamp_code(v->u.i, FIELD_PAYLOAD_BITS, exact);
		break;
	case VK_NAME:
		payload = clamp_code(v->sym, FIELD_PAYLOAD_BITS, exact);
		break;
	default:
		break;
	}
	return (uint64_t)(v->kind + 1) << FIELD_PAYLOAD_BITS | payload;
}

static uint64_t sort_key(const struct value_table *t, value_id id)
{
	const struct value *v = &t->v[id];
	uint64_t payload = 0;
	bool exact;
	switch ((enum value_kind)v->kind) {
	case VK_INT:
	case VK_BOOL:
	case VK_CHAR:
	case VK_PROC:
		payload = clamp_code(v->u.i, 60, &exact);
		break;
	case VK_NAME:
		payload = v->sym;
		break;
	case VK_SET:
	case VK_MAP:
		payload = v->n;
		break;
	case VK_FUNC:
		payload = id;
		break;
	case VK_SETEXPR:
		payload = v->sx;
		break;
	case VK_TUPLE:
	case VK_SEQ:
	case VK_DOT:
		if (v->n > 0) {
			payload = field_code(t, v->elems[0], &exact) << 30;
			if (exact && v->n > 1)
				payload |= field_code(t, v->elems[1], &exact);
		}
		break;
	}
	return (uint64_t)v->kind << 60 | payload;
}

struct keyed {
	uint64_t key;
	value_id id;
};

/* Stable LSD radix sort by key, 8 bits a pass; passes where every key
 * has the same byte are skipped. */
static void radix_sort(struct keyed *a, struct keyed *tmp, size_t n)
{
	size_t count[8][256];
	memset(count, 0, sizeof count);
	for (size_t i = 0; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			count[b][(a[i].key >> (8 * b)) & 0xff]++;
	struct keyed *src = a, *dst = tmp;
	for (unsigned b = 0; b < 8; b++) {
		if (count[b][(src[0].key >> (8 * b)) & 0xff] == n)
			continue;
		size_t pos[256], sum = 0;
		for (unsigned d = 0; d < 256; d++) {
			pos[d] = sum;
			sum += count[b][d];
		}
		for (size_t i = 0; i < n; i++)
			dst[pos[(src[i].key >> (8 * b)) & 0xff]++] = src[i];
		struct keyed *x = src;
		src = dst;
		dst = x;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
}

/* Sort buf[0..n) by value_cmp and drop duplicates; returns the new size. */
static uint32_t sort_unique(const struct value_table *t, value_id *buf, uint32_t n)
{
	if (n < 2)
		return n;
	bool sorted = true;
	for (uint32_t i = 1; i < n && sorted; i++)
		sorted = value_cmp(t, buf[i - 1], buf[i]) < 0;
	if (sorted)
		return n;
	if (n < RADIX_MIN) {
		value_id tmp[RADIX_MIN];
		sort_ids(buf, n, tmp, cmp_values, t);
	} else {
		struct keyed *a = xmalloc(2 * (size_t)n * sizeof *a);
		for (uint32_t i = 0; i < n; i++) {
			a[i].key = sort_key(t, buf[i]);
			a[i].id = buf[i];
		}
		radix_sort(a, a + n, n);
		for (uint32_t i = 0; i < n; i++)
			buf[i] = a[i].id;
		/* Runs of equal keys are left to value_cmp. */
		value_id *tmp = (value_id *)(a + n);
		for (uint32_t i = 0; i < n;) {
			uint32_t j = i + 1;
			while (j < n && a[j].key == a[i].key)
				j++;
			if (j - i > 1)
				sort_ids(buf + i, j - i, tmp, cmp_values, t);
			i = j;
		}
		free(a);
	}
	uint32_t m = 1;
	for (uint32_t i = 1; i < n; i++)
		if (buf[i] != buf[m - 1])
			buf[m++] = buf[i];
	return m;
}

/* ------------------------------------------------------------------ */
/* Constructors                                                         */
/* ------------------------------------------------------------------ */

value_id value_int(struct value_table *t, int64_t i)
{
	return mk_scalar(t, VK_INT, i);
}

value_id value_bool(struct value_table *t, bool b)
{
	return b ? t->t_true : t->t_false;
}

value_id value_char(struct value_table *t, int64_t c)
{
	return mk_scalar(t, VK_CHAR, c);
}

value_id value_tuple(struct value_table *t, const value_id *elems, uint32_t n)
{
	ALWAYS(n >= 2);
	return mk_elems(t, VK_TUPLE, elems, n);
}

value_id value_name(struct value_table *t, atom_t name, uint32_t sym, uint16_t arity)
{
	struct value key = {.kind = VK_NAME, .arity = arity, .name = name, .sym = sym};
	return intern(t, &key);
}

value_id value_dot(struct value_table *t, value_id head, const value_id *fields, uint32_t n)
{
	if (n == 0)
		return head;
	ALWAYS(n < UINT32_MAX);
	value_id small[16];
	value_id *e = n + 1 <= 16 ? small : xmalloc(((size_t)n + 1) * sizeof *e);
	e[0] = head;
	memcpy(e + 1, fields, n * sizeof *e);
	value_id id = mk_elems(t, VK_DOT, e, n + 1);
	if (e != small)
		free(e);
	return id;
}

value_id value_seq(struct value_table *t, const value_id *elems, uint32_t n)
{
	return mk_elems(t, VK_SEQ, elems, n);
}

/* Decode one UTF-8 code point from s[0..len), len >= 1; *adv receives the
 * bytes used. Malformed input (bad lead or continuation byte, overlong
 * form, surrogate, beyond U+10FFFF, truncation) decodes one byte as
 * U+FFFD. */
static uint32_t utf8_decode(const unsigned char *s, size_t len, size_t *adv)
{
	unsigned char c = s[0];
	*adv = 1;
	if (c < 0x80)
		return c;
	size_t need;
	uint32_t cp, min;
	if ((c & 0xe0) == 0xc0) {
		need = 1, cp = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		need = 2, cp = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		need = 3, cp = c & 0x07, min = 0x10000;
	} else {
		return 0xfffd;
	}
	if (len < need + 1)
		return 0xfffd;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	*adv = need + 1;
	return cp;
}

value_id value_string(struct value_table *t, const char *s, size_t len)
{
	if (len == 0)
		return t->empty_seq;
	ALWAYS(len < UINT32_MAX);
	value_id *e = xmalloc(len * sizeof *e);
	uint32_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t adv;
		uint32_t cp = utf8_decode(p + i, len - i, &adv);
		e[n++] = value_char(t, cp);
		i += adv;
	}
	value_id id = mk_elems(t, VK_SEQ, e, n);
	free(e);
	return id;
}

value_id value_set(struct value_table *t, const value_id *elems, uint32_t n)
{
	if (n == 0)
		return t->empty_set;
	value_id *buf = xmalloc((size_t)n * sizeof *buf);
	memcpy(buf, elems, (size_t)n * sizeof *buf);
	uint32_t m = sort_unique(t, buf, n);
	value_id id = mk_elems(t, VK_SET, buf, m);
	free(buf);
	return id;
}

value_id value_range(struct value_table *t, int64_t lo, int64_t hi)
{
	if (hi < lo)
		return t->empty_set;
	uint64_t n = (uint64_t)hi - (uint64_t)lo + 1;
	if (n == 0 || n > MAX_VALUES)
		base_internal_error("value_range: {%" PRId64 "..%" PRId64 "} is too large to build", lo, hi);
	value_id *buf = xmalloc(n * sizeof *buf);
	for (uint64_t i = 0; i < n; i++)
		buf[i] = value_int(t, (int64_t)((uint64_t)lo + i));
	value_id id = mk_elems(t, VK_SET, buf, (uint32_t)n);
	free(buf);
	return id;
}

struct map_sort {
	const struct value_table *t;
	const value_id *keys;
};

static int cmp_map_index(const void *ctx, value_id a, value_id b)
{
	const struct map_sort *m = ctx;
	return value_cmp(m->t, m->keys[a], m->keys[b]);
}

value_id value_map(struct value_table *t, const value_id *keys, const value_id *vals, uint32_t n)
{
	if (n == 0)
		return mk_elems(t, VK_MAP, NULL, 0);
	ALWAYS(n <= UINT32_MAX / 2);
	value_id *idx = xmalloc(2 * (size_t)n * sizeof *idx);
	for (uint32_t i = 0; i < n; i++)
		idx[i] = i;
	struct map_sort ms = {t, keys};
	sort_ids(idx, n, idx + n, cmp_map_index, &ms);
	/* Stable: among equal keys the last index given is the last in its
	 * group, and it wins. */
	value_id *e = xmalloc(2 * (size_t)n * sizeof *e);
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (i + 1 < n && keys[idx[i + 1]] == keys[idx[i]])
			continue;
		e[m++] = keys[idx[i]];
		e[m++] = vals[idx[i]];
	}
	value_id id = mk_elems(t, VK_MAP, e, m);
	free(e);
	free(idx);
	return id;
}

value_id value_proc(struct value_table *t, uint32_t term)
{
	return mk_scalar(t, VK_PROC, term);
}

value_id value_func(struct value_table *t, void *closure)
{
	struct value key = {.kind = VK_FUNC, .u.ptr = closure};
	return intern(t, &key);
}

value_id value_concat(struct value_table *t, value_id a, value_id b)
{
	ALWAYS(value_kind(t, a) == VK_SEQ && value_kind(t, b) == VK_SEQ);
	uint32_t na = t->v[a].n, nb = t->v[b].n;
	if (na == 0)
		return b;
	if (nb == 0)
		return a;
	ALWAYS((uint64_t)na + nb < UINT32_MAX);
	value_id *e = xmalloc(((size_t)na + nb) * sizeof *e);
	memcpy(e, t->v[a].elems, na * sizeof *e);
	memcpy(e + na, t->v[b].elems, nb * sizeof *e);
	value_id id = mk_elems(t, VK_SEQ, e, na + nb);
	free(e);
	return id;
}

value_id value_map_lookup(const struct value_table *t, value_id map, value_id key)
{
	const struct value *m = value_get(t, map);
	ALWAYS(m->kind == VK_MAP);
	uint32_t lo = 0, hi = m->n / 2;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = value_cmp(t, m->elems[2 * mid], key);
		if (c == 0)
			return m->elems[2 * mid + 1];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return VALUE_NONE;
}

/* ------------------------------------------------------------------ */
/* Scalar parts: int64 interval lists                                   */
/* ------------------------------------------------------------------ */

struct ivl {
	int64_t lo, hi; /* inclusive */
};

/* Sorted, disjoint, non-adjacent intervals. */
struct ivls {
	struct ivl *v;
	size_t n, cap;
};

static const enum value_kind scalar_kinds[] = {VK_INT, VK_CHAR, VK_PROC};
#define NSCALAR (sizeof scalar_kinds / sizeof scalar_kinds[0])

/* Append x (x.lo >= the last lo), joining it to the last interval when
 * they overlap or touch. */
static void ivl_add(struct ivls *out, int64_t lo, int64_t hi)
{
	if (out->n) {
		struct ivl *l = &out->v[out->n - 1];
		if (l->hi == INT64_MAX || lo <= l->hi + 1) {
			if (hi > l->hi)
				l->hi = hi;
			return;
		}
	}
	struct ivl x = {lo, hi};
	vec_push(out, x);
}

static void ivl_union(const struct ivls *a, const struct ivls *b, struct ivls *out)
{
	size_t i = 0, j = 0;
	while (i < a->n || j < b->n) {
		const struct ivl *x;
		if (j == b->n || (i < a->n && a->v[i].lo <= b->v[j].lo))
			x = &a->v[i++];
		else
			x = &b->v[j++];
		ivl_add(out, x->lo, x->hi);
	}
}

static void ivl_inter(const struct ivls *a, const struct ivls *b, struct ivls *out)
{
	size_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		int64_t lo = a->v[i].lo > b->v[j].lo ? a->v[i].lo : b->v[j].lo;
		int64_t hi = a->v[i].hi < b->v[j].hi ? a->v[i].hi : b->v[j].hi;
		if (lo <= hi)
			ivl_add(out, lo, hi);
		if (a->v[i].hi < b->v[j].hi)
			i++;
		else
			j++;
	}
}

static void ivl_diff(const struct ivls *a, const struct ivls *b, struct ivls *out)
{
	size_t j = 0;
	for (size_t i = 0; i < a->n; i++) {
		int64_t lo = a->v[i].lo, hi = a->v[i].hi;
		while (j < b->n && b->v[j].hi < lo)
			j++;
		bool gone = false;
		for (size_t k = j; k < b->n && b->v[k].lo <= hi; k++) {
			if (b->v[k].lo > lo)
				ivl_add(out, lo, b->v[k].lo - 1);
			if (b->v[k].hi >= hi) {
				gone = true;
				break;
			}
			lo = b->v[k].hi + 1;
		}
		if (!gone)
			ivl_add(out, lo, hi);
	}
}

/* Index of the first element of kind >= k in a finite set. */
static uint32_t first_of_kind(const struct value_table *t, const struct value *set, enum value_kind k)
{
	uint32_t lo = 0, hi = set->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t->v[set->elems[mid]].kind < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The elements of kind k (a scalar kind) of set s, exactly. */
static void scalar_part(const struct value_table *t, value_id s, enum value_kind k, struct ivls *out)
{
	const struct value *v = value_get(t, s);
	out->n = 0;
	if (v->kind == VK_SET) {
		for (uint32_t i = first_of_kind(t, v, k); i < v->n && t->v[v->elems[i]].kind == k; i++) {
			int64_t x = t->v[v->elems[i]].u.i;
			ivl_add(out, x, x);
		}
		return;
	}
	ALWAYS(v->kind == VK_SETEXPR);
	switch ((enum setexpr_kind)v->sx) {
	case SX_INT:
		if (k == VK_INT)
			ivl_add(out, INT64_MIN, INT64_MAX);
		return;
	case SX_FROM:
		if (k == VK_INT)
			ivl_add(out, v->u.i, INT64_MAX);
		return;
	case SX_CHAR:
		if (k == VK_CHAR)
			ivl_add(out, INT64_MIN, INT64_MAX);
		return;
	case SX_PROCS:
		if (k == VK_PROC)
			ivl_add(out, INT64_MIN, INT64_MAX);
		return;
	case SX_SEQS:
	case SX_SETS:
		return;
	case SX_UNION:
	case SX_INTER:
	case SX_DIFF: {
		struct ivls a = {0}, b = {0};
		scalar_part(t, v->elems[0], k, &a);
		scalar_part(t, v->elems[1], k, &b);
		if (v->sx == SX_UNION)
			ivl_union(&a, &b, out);
		else if (v->sx == SX_INTER)
			ivl_inter(&a, &b, out);
		else
			ivl_diff(&a, &b, out);
		vec_free(&a);
		vec_free(&b);
		return;
	}
	}
	NEVER(1);
}

/* 1 when every scalar of a is in b, else 0 (always decided). */
static int scalar_subset(const struct value_table *t, value_id a, value_id b)
{
	struct ivls pa = {0}, pb = {0}, d = {0};
	int r = 1;
	for (size_t k = 0; k < NSCALAR && r; k++) {
		scalar_part(t, a, scalar_kinds[k], &pa);
		if (pa.n == 0)
			continue;
		scalar_part(t, b, scalar_kinds[k], &pb);
		d.n = 0;
		ivl_diff(&pa, &pb, &d);
		r = d.n == 0;
	}
	vec_free(&pa);
	vec_free(&pb);
	vec_free(&d);
	return r;
}

/* The scalars of s: *count receives how many there are when every part
 * is bounded; returns false when some part reaches INT64_MIN/MAX. With
 * parts != NULL, parts[k] receives the intervals of scalar_kinds[k]. */
static bool scalar_bounded(const struct value_table *t, value_id s, uint64_t *count, struct ivls *parts)
{
	struct ivls own = {0};
	uint64_t total = 0;
	bool ok = true;
	for (size_t k = 0; k < NSCALAR && ok; k++) {
		struct ivls *p = parts ? &parts[k] : &own;
		scalar_part(t, s, scalar_kinds[k], p);
		for (size_t i = 0; i < p->n && ok; i++) {
			if (p->v[i].lo == INT64_MIN || p->v[i].hi == INT64_MAX) {
				ok = false;
				break;
			}
			uint64_t w = (uint64_t)p->v[i].hi - (uint64_t)p->v[i].lo + 1;
			total = total + w < total ? UINT64_MAX : total + w;
		}
	}
	vec_free(&own);
	*count = total;
	return ok;
}

/* ------------------------------------------------------------------ */
/* Structured parts                                                     */
/* ------------------------------------------------------------------ */

static int and3(int a, int b)
{
	if (a == 0 || b == 0)
		return 0;
	return a == 1 && b == 1 ? 1 : -1;
}

static bool set_has(const struct value_table *t, const struct value *set, value_id x)
{
	uint32_t lo = 0, hi = set->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = value_cmp(t, set->elems[mid], x);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Bit k set when set s may hold an element of kind k (an upper bound). */
static uint32_t kinds(const struct value_table *t, value_id s)
{
	const struct value *v = value_get(t, s);
	if (v->kind == VK_SET) {
		uint32_t m = 0;
		for (uint32_t i = 0; i < v->n; i++)
			m |= 1u << t->v[v->elems[i]].kind;
		return m;
	}
	switch ((enum setexpr_kind)v->sx) {
	case SX_INT:
	case SX_FROM:
		return 1u << VK_INT;
	case SX_CHAR:
		return 1u << VK_CHAR;
	case SX_PROCS:
		return 1u << VK_PROC;
	case SX_SEQS:
		return 1u << VK_SEQ;
	case SX_SETS:
		return 1u << VK_SET | 1u << VK_SETEXPR;
	case SX_UNION:
		return kinds(t, v->elems[0]) | kinds(t, v->elems[1]);
	case SX_INTER:
		return kinds(t, v->elems[0]) & kinds(t, v->elems[1]);
	case SX_DIFF:
		return kinds(t, v->elems[0]);
	}
	NEVER(1);
	return 0;
}

static int emptiness(const struct value_table *t, value_id s);

/* Keep the ids of out[from..) that are (keep) or are not (!keep) in s. */
static void filter_ids(const struct value_table *t, struct ids *out, size_t from, value_id s, bool keep)
{
	size_t w = from;
	for (size_t i = from; i < out->n; i++)
		if (value_member(t, out->v[i], s) == keep)
			out->v[w++] = out->v[i];
	out->n = w;
}

/* Append the elements of s (only the structured ones when structured) to
 * out, possibly with duplicates, without building values. False when that
 * needs an infinite or not yet built part (out is then partly filled). */
static bool collect(const struct value_table *t, value_id s, bool structured, struct ids *out)
{
	const struct value *v = value_get(t, s);
	if (v->kind == VK_SET) {
		for (uint32_t i = 0; i < v->n; i++)
			if (!structured || !is_scalar_kind(t->v[v->elems[i]].kind))
				vec_push(out, v->elems[i]);
		return true;
	}
	size_t mark = out->n;
	switch ((enum setexpr_kind)v->sx) {
	case SX_INT:
	case SX_FROM:
	case SX_CHAR:
	case SX_PROCS:
		return structured;
	case SX_SEQS:
		if (emptiness(t, v->elems[0]) != 1)
			return false;
		vec_push(out, t->empty_seq);
		return true;
	case SX_SETS:
		if (emptiness(t, v->elems[0]) != 1)
			return false;
		vec_push(out, t->empty_set);
		return true;
	case SX_UNION:
		return collect(t, v->elems[0], structured, out) && collect(t, v->elems[1], structured, out);
	case SX_INTER:
		if (collect(t, v->elems[0], structured, out)) {
			filter_ids(t, out, mark, v->elems[1], true);
			return true;
		}
		out->n = mark;
		if (collect(t, v->elems[1], structured, out)) {
			filter_ids(t, out, mark, v->elems[0], true);
			return true;
		}
		return false;
	case SX_DIFF:
		if (!collect(t, v->elems[0], structured, out))
			return false;
		filter_ids(t, out, mark, v->elems[1], false);
		return true;
	}
	NEVER(1);
	return false;
}

/* 1: s is empty, 0: it is not, -1: unknown. */
static int emptiness(const struct value_table *t, value_id s)
{
	const struct value *v = value_get(t, s);
	if (v->kind == VK_SET)
		return v->n == 0;
	if (v->sx != SX_UNION && v->sx != SX_INTER && v->sx != SX_DIFF)
		return 0; /* Int, {n..}, Char, Proc hold scalars, Seq(S) <>, Set(S) {} */
	struct ivls p = {0};
	bool scalars = false;
	for (size_t k = 0; k < NSCALAR && !scalars; k++) {
		scalar_part(t, s, scalar_kinds[k], &p);
		scalars = p.n > 0;
	}
	vec_free(&p);
	if (scalars)
		return 0;
	struct ids c = {0};
	int r = -1;
	if (collect(t, s, true, &c))
		r = c.n == 0;
	else if (v->sx == SX_UNION && (emptiness(t, v->elems[0]) == 0 || emptiness(t, v->elems[1]) == 0))
		r = 0;
	vec_free(&c);
	return r;
}

static int finiteness(const struct value_table *t, value_id s);

/* Finiteness of the structured elements of s: 1, 0 (infinite), -1. */
static int struct_finiteness(const struct value_table *t, value_id s)
{
	const struct value *v = value_get(t, s);
	if (v->kind == VK_SET)
		return 1;
	switch ((enum setexpr_kind)v->sx) {
	case SX_INT:
	case SX_FROM:
	case SX_CHAR:
	case SX_PROCS:
		return 1;
	case SX_SEQS: {
		int e = emptiness(t, v->elems[0]);
		return e == 1 ? 1 : e == 0 ? 0 : -1;
	}
	case SX_SETS:
		return finiteness(t, v->elems[0]);
	case SX_UNION: {
		int a = struct_finiteness(t, v->elems[0]), b = struct_finiteness(t, v->elems[1]);
		if (a == 0 || b == 0)
			return 0;
		return a == 1 && b == 1 ? 1 : -1;
	}
	case SX_INTER:
		if (struct_finiteness(t, v->elems[0]) == 1 || struct_finiteness(t, v->elems[1]) == 1)
			return 1;
		return -1;
	case SX_DIFF: {
		int a = struct_finiteness(t, v->elems[0]);
		if (a == 1)
			return 1;
		if (a == 0 && finiteness(t, v->elems[1]) == 1)
			return 0;
		return -1;
	}
	}
	NEVER(1);
	return -1;
}

/* 1: s is finite, 0: infinite, -1: unknown. */
static int finiteness(const struct value_table *t, value_id s)
{
	if (value_kind(t, s) == VK_SET)
		return 1;
	uint64_t count;
	if (!scalar_bounded(t, s, &count, NULL))
		return 0;
	return struct_finiteness(t, s);
}

static bool has_powerset(const struct value_table *t, value_id s)
{
	const struct value *v = value_get(t, s);
	if (v->kind != VK_SETEXPR)
		return false;
	if (v->sx == SX_SETS)
		return true;
	for (uint32_t i = 0; i < v->n; i++)
		if (has_powerset(t, v->elems[i]))
			return true;
	return false;
}

/* 1 when g and y share no element, 0 when they do, -1 unknown. */
static int disjoint(const struct value_table *t, value_id g, value_id y)
{
	if (!(kinds(t, g) & kinds(t, y)))
		return 1;
	struct ids c = {0};
	int r = -1;
	if (collect(t, y, false, &c)) {
		r = 1;
		for (size_t i = 0; i < c.n && r; i++)
			if (value_member(t, c.v[i], g))
				r = 0;
	}
	vec_free(&c);
	return r;
}

/* Does b contain all of the generator g (Seq(S) or Set(S), S not known
 * to be empty)? 1, 0 or -1. */
static int covered(const struct value_table *t, value_id b, value_id g)
{
	if (b == g)
		return 1;
	const struct value *vg = value_get(t, g), *vb = value_get(t, b);
	value_id S = vg->elems[0];
	if (vb->kind == VK_SET) {
		if (vg->sx == SX_SEQS)
			return emptiness(t, S) == 0 ? 0 : -1; /* Seq(S) is infinite */
		int f = finiteness(t, S);
		if (f == 0)
			return 0;
		struct ids c = {0};
		if (!collect(t, S, false, &c)) {
			vec_free(&c);
			return -1;
		}
		size_t m = sort_unique(t, c.v, (uint32_t)c.n);
		vec_free(&c);
		/* Set(S) has 2^m elements, each one canonical VK_SET. */
		if (m >= 32 || ((uint64_t)1 << m) > vb->n)
			return 0;
		uint64_t found = 0;
		bool symbolic = false;
		for (uint32_t i = 0; i < vb->n; i++) {
			value_id e = vb->elems[i];
			if (t->v[e].kind == VK_SET)
				found += value_subset(t, e, S) == 1;
			else if (t->v[e].kind == VK_SETEXPR)
				symbolic = true;
		}
		if (found == (uint64_t)1 << m)
			return 1;
		return symbolic ? -1 : 0;
	}
	switch ((enum setexpr_kind)vb->sx) {
	case SX_INT:
	case SX_FROM:
	case SX_CHAR:
	case SX_PROCS:
		return 0; /* g holds <> or {} */
	case SX_SEQS:
		return vg->sx == SX_SEQS ? value_subset(t, S, vb->elems[0]) : 0;
	case SX_SETS:
		return vg->sx == SX_SETS ? value_subset(t, S, vb->elems[0]) : 0;
	case SX_UNION: {
		value_id x = vb->elems[0], y = vb->elems[1];
		uint32_t kg = kinds(t, g);
		if (!(kinds(t, x) & kg))
			return covered(t, y, g);
		if (!(kinds(t, y) & kg))
			return covered(t, x, g);
		if (covered(t, x, g) == 1 || covered(t, y, g) == 1)
			return 1;
		return -1;
	}
	case SX_INTER:
		return and3(covered(t, vb->elems[0], g), covered(t, vb->elems[1], g));
	case SX_DIFF: {
		int c = covered(t, vb->elems[0], g);
		if (c == 0)
			return 0;
		return and3(c, disjoint(t, g, vb->elems[1]));
	}
	}
	NEVER(1);
	return -1;
}

/* Are the structured elements of a (symbolic) all in b? 1, 0 or -1. */
static int struct_subset(const struct value_table *t, value_id a, value_id b)
{
	struct ids c = {0};
	if (collect(t, a, true, &c)) {
		int r = 1;
		for (size_t i = 0; i < c.n && r; i++)
			r = value_member(t, c.v[i], b);
		vec_free(&c);
		return r;
	}
	vec_free(&c);
	const struct value *va = value_get(t, a);
	switch ((enum setexpr_kind)va->sx) {
	case SX_SEQS:
	case SX_SETS:
		return covered(t, b, a);
	case SX_UNION:
		return and3(struct_subset(t, va->elems[0], b), struct_subset(t, va->elems[1], b));
	case SX_INTER:
		if (struct_subset(t, va->elems[0], b) == 1 || struct_subset(t, va->elems[1], b) == 1)
			return 1;
		return -1;
	case SX_DIFF:
		return struct_subset(t, va->elems[0], b) == 1 ? 1 : -1;
	default:
		NEVER(1); /* collect succeeds on the scalar generators */
		return -1;
	}
}

/* ------------------------------------------------------------------ */
/* Set queries                                                          */
/* ------------------------------------------------------------------ */

bool value_is_set(const struct value_table *t, value_id s)
{
	enum value_kind k = value_kind(t, s);
	return k == VK_SET || k == VK_SETEXPR;
}

bool value_set_finite(const struct value_table *t, value_id s)
{
	ALWAYS(value_is_set(t, s));
	return finiteness(t, s) == 1;
}

/* Exact, except that a symbolic x is in Set(S) only when x <= S is
 * decided (value_subset == 1). */
bool value_member(const struct value_table *t, value_id x, value_id s)
{
	const struct value *v = value_get(t, s);
	if (v->kind == VK_SET)
		return set_has(t, v, x);
	ALWAYS(v->kind == VK_SETEXPR);
	const struct value *vx = value_get(t, x);
	switch ((enum setexpr_kind)v->sx) {
	case SX_INT:
		return vx->kind == VK_INT;
	case SX_FROM:
		return vx->kind == VK_INT && vx->u.i >= v->u.i;
	case SX_CHAR:
		return vx->kind == VK_CHAR;
	case SX_PROCS:
		return vx->kind == VK_PROC;
	case SX_SEQS:
		if (vx->kind != VK_SEQ)
			return false;
		for (uint32_t i = 0; i < vx->n; i++)
			if (!value_member(t, vx->elems[i], v->elems[0]))
				return false;
		return true;
	case SX_SETS:
		return (vx->kind == VK_SET || vx->kind == VK_SETEXPR) && value_subset(t, x, v->elems[0]) == 1;
	case SX_UNION:
		return value_member(t, x, v->elems[0]) || value_member(t, x, v->elems[1]);
	case SX_INTER:
		return value_member(t, x, v->elems[0]) && value_member(t, x, v->elems[1]);
	case SX_DIFF:
		return value_member(t, x, v->elems[0]) && !value_member(t, x, v->elems[1]);
	}
	NEVER(1);
	return false;
}

int value_subset(const struct value_table *t, value_id a, value_id b)
{
	ALWAYS(value_is_set(t, a) && value_is_set(t, b));
	if (a == b)
		return 1;
	const struct value *va = value_get(t, a), *vb = value_get(t, b);
	if (va->kind == VK_SET) {
		if (vb->kind == VK_SET) {
			if (va->n > vb->n)
				return 0;
			uint32_t j = 0;
			for (uint32_t i = 0; i < va->n; i++) {
				int c = 1;
				while (j < vb->n && (c = value_cmp(t, vb->elems[j], va->elems[i])) < 0)
					j++;
				if (c != 0)
					return 0;
				j++;
			}
			return 1;
		}
		for (uint32_t i = 0; i < va->n; i++)
			if (!value_member(t, va->elems[i], b))
				return 0;
		return 1;
	}
	if (!scalar_subset(t, a, b))
		return 0;
	return struct_subset(t, a, b);
}

int value_set_equal(const struct value_table *t, value_id a, value_id b)
{
	ALWAYS(value_is_set(t, a) && value_is_set(t, b));
	if (a == b)
		return 1;
	if (value_kind(t, a) == VK_SET && value_kind(t, b) == VK_SET)
		return 0; /* finite sets are canonical */
	int r = value_subset(t, a, b);
	if (r == 0)
		return 0;
	return and3(r, value_subset(t, b, a));
}

/* ------------------------------------------------------------------ */
/* Set constructors                                                     */
/* ------------------------------------------------------------------ */

/* A VK_SET from ids already strictly increasing. */
static value_id set_sorted(struct value_table *t, const value_id *e, size_t n)
{
	ALWAYS(n <= MAX_VALUES);
	return n ? mk_elems(t, VK_SET, e, (uint32_t)n) : t->empty_set;
}

/* The finite set's elements that are (keep) or are not (!keep) in s. */
static value_id set_filter(struct value_table *t, value_id f, value_id s, bool keep)
{
	struct ids c = {0};
	collect(t, f, false, &c);
	filter_ids(t, &c, 0, s, keep);
	value_id id = c.n == t->v[f].n ? f : set_sorted(t, c.v, c.n);
	vec_free(&c);
	return id;
}

enum merge_op { MERGE_UNION, MERGE_INTER, MERGE_DIFF };

static value_id set_merge(struct value_table *t, value_id a, value_id b, enum merge_op op)
{
	const value_id *ea = t->v[a].elems, *eb = t->v[b].elems;
	uint32_t na = t->v[a].n, nb = t->v[b].n;
	value_id *out = xmalloc(((size_t)na + nb + 1) * sizeof *out);
	size_t i = 0, j = 0, k = 0;
	while (i < na && j < nb) {
		int c = value_cmp(t, ea[i], eb[j]);
		if (c < 0) {
			if (op != MERGE_INTER)
				out[k++] = ea[i];
			i++;
		} else if (c > 0) {
			if (op == MERGE_UNION)
				out[k++] = eb[j];
			j++;
		} else {
			if (op != MERGE_DIFF)
				out[k++] = ea[i];
			i++, j++;
		}
	}
	if (op != MERGE_INTER)
		while (i < na)
			out[k++] = ea[i++];
	if (op == MERGE_UNION)
		while (j < nb)
			out[k++] = eb[j++];
	value_id id = set_sorted(t, out, k);
	free(out);
	return id;
}

/* A binary VK_SETEXPR node, commutative operands in value_cmp order. */
static value_id mk_binary(struct value_table *t, enum setexpr_kind sx, value_id a, value_id b)
{
	if (sx != SX_DIFF && value_cmp(t, a, b) > 0) {
		value_id x = a;
		a = b;
		b = x;
	}
	value_id ops[2] = {a, b};
	return mk_sx(t, sx, 0, ops, 2);
}

static value_id enumerate_capped(struct value_table *t, value_id s, uint64_t cap);

/* A symbolic result that is finite and small becomes a VK_SET; one that
 * holds a single scalar kind and is exactly Int, {n..}, Char or Proc
 * becomes that generator. */
static value_id finish(struct value_table *t, value_id s)
{
	if (value_kind(t, s) != VK_SETEXPR)
		return s;
	uint32_t ks = kinds(t, s);
	for (size_t k = 0; k < NSCALAR; k++) {
		if (ks != 1u << scalar_kinds[k])
			continue;
		struct ivls p = {0};
		scalar_part(t, s, scalar_kinds[k], &p);
		value_id g = VALUE_NONE;
		if (p.n == 1 && p.v[0].hi == INT64_MAX) {
			if (scalar_kinds[k] == VK_INT)
				g = p.v[0].lo == INT64_MIN ? mk_sx(t, SX_INT, 0, NULL, 0) : mk_sx(t, SX_FROM, p.v[0].lo, NULL, 0);
			else if (p.v[0].lo == INT64_MIN)
				g = mk_sx(t, scalar_kinds[k] == VK_CHAR ? SX_CHAR : SX_PROCS, 0, NULL, 0);
		}
		vec_free(&p);
		if (g != VALUE_NONE)
			return g;
	}
	if (has_powerset(t, s) || finiteness(t, s) != 1)
		return s;
	value_id e = enumerate_capped(t, s, EAGER_MAX);
	return e != VALUE_NONE ? e : s;
}

static bool is_sx(const struct value_table *t, value_id s, enum setexpr_kind sx)
{
	return t->v[s].kind == VK_SETEXPR && t->v[s].sx == sx;
}

value_id value_union(struct value_table *t, value_id a, value_id b)
{
	ALWAYS(value_is_set(t, a) && value_is_set(t, b));
	if (a == b || b == t->empty_set)
		return a;
	if (a == t->empty_set)
		return b;
	if (value_kind(t, a) == VK_SET && value_kind(t, b) == VK_SET)
		return set_merge(t, a, b, MERGE_UNION);
	if (value_subset(t, b, a) == 1)
		return a;
	if (value_subset(t, a, b) == 1)
		return b;
	if (value_kind(t, b) == VK_SET) {
		value_id x = a;
		a = b;
		b = x;
	}
	if (value_kind(t, a) == VK_SET) {
		/* Drop what b already holds; {k, .., n-1} joins {n..}. */
		struct ids c = {0};
		collect(t, a, false, &c);
		filter_ids(t, &c, 0, b, false);
		if (is_sx(t, b, SX_FROM)) {
			int64_t n = t->v[b].u.i;
			size_t p = 0;
			while (p < c.n && t->v[c.v[p]].kind == VK_INT)
				p++; /* ints come first in value_cmp order */
			size_t q = p;
			while (q > 0 && n > INT64_MIN && t->v[c.v[q - 1]].u.i == n - 1)
				q--, n--;
			if (q < p) {
				memmove(c.v + q, c.v + p, (c.n - p) * sizeof *c.v);
				c.n -= p - q;
				b = mk_sx(t, SX_FROM, n, NULL, 0);
			}
		}
		a = set_sorted(t, c.v, c.n);
		vec_free(&c);
		if (a == t->empty_set)
			return b;
	}
	return finish(t, mk_binary(t, SX_UNION, a, b));
}

value_id value_inter(struct value_table *t, value_id a, value_id b)
{
	ALWAYS(value_is_set(t, a) && value_is_set(t, b));
	if (a == b)
		return a;
	if (a == t->empty_set || b == t->empty_set)
		return t->empty_set;
	bool fa = value_kind(t, a) == VK_SET, fb = value_kind(t, b) == VK_SET;
	if (fa && fb)
		return set_merge(t, a, b, MERGE_INTER);
	if (fa)
		return set_filter(t, a, b, true);
	if (fb)
		return set_filter(t, b, a, true);
	if (value_subset(t, a, b) == 1)
		return a;
	if (value_subset(t, b, a) == 1)
		return b;
	if (!(kinds(t, a) & kinds(t, b)))
		return t->empty_set;
	/* Seq(S) inter Seq(T) = Seq(S inter T), likewise Set. */
	if ((is_sx(t, a, SX_SEQS) && is_sx(t, b, SX_SEQS)) || (is_sx(t, a, SX_SETS) && is_sx(t, b, SX_SETS))) {
		value_id s = value_inter(t, t->v[a].elems[0], t->v[b].elems[0]);
		return value_setexpr(t, (enum setexpr_kind)t->v[a].sx, 0, &s, 1);
	}
	return finish(t, mk_binary(t, SX_INTER, a, b));
}

value_id value_diff(struct value_table *t, value_id a, value_id b)
{
	ALWAYS(value_is_set(t, a) && value_is_set(t, b));
	if (a == b || a == t->empty_set)
		return t->empty_set;
	if (b == t->empty_set)
		return a;
	if (value_kind(t, a) == VK_SET)
		return value_kind(t, b) == VK_SET ? set_merge(t, a, b, MERGE_DIFF) : set_filter(t, a, b, false);
	if (value_subset(t, a, b) == 1)
		return t->empty_set;
	if (!(kinds(t, a) & kinds(t, b)))
		return a;
	if (value_kind(t, b) == VK_SET) {
		/* Only the part of b inside a matters. */
		b = set_filter(t, b, a, true);
		if (b == t->empty_set)
			return a;
		if (is_sx(t, a, SX_FROM)) {
			/* {n..} minus {n, n+1, .., k, rest} = {k+1..} minus rest */
			const value_id *e = t->v[b].elems;
			uint32_t nb = t->v[b].n, i = 0;
			int64_t n = t->v[a].u.i;
			while (i < nb && t->v[e[i]].kind == VK_INT && t->v[e[i]].u.i == n && n < INT64_MAX)
				i++, n++;
			if (i > 0) {
				a = mk_sx(t, SX_FROM, n, NULL, 0);
				b = set_sorted(t, t->v[b].elems + i, nb - i);
				if (b == t->empty_set)
					return a;
			}
		} else if (is_sx(t, a, SX_DIFF) && value_kind(t, t->v[a].elems[1]) == VK_SET) {
			/* (x minus G) minus b = x minus (G union b) */
			value_id x = t->v[a].elems[0];
			return value_diff(t, x, set_merge(t, t->v[a].elems[1], b, MERGE_UNION));
		}
	}
	return finish(t, mk_binary(t, SX_DIFF, a, b));
}

/* SX_UNION, SX_INTER and SX_DIFF are simplified as value_union/inter/diff
 * do, and Seq({}) and Set({}) are the finite {<>} and {{}}, so the result
 * is not always a VK_SETEXPR; i is kept only for SX_FROM. */
value_id value_setexpr(struct value_table *t, enum setexpr_kind sx, int64_t i, const value_id *operands, uint32_t n)
{
	switch (sx) {
	case SX_INT:
	case SX_CHAR:
	case SX_PROCS:
		ALWAYS(n == 0);
		return mk_sx(t, sx, 0, NULL, 0);
	case SX_FROM:
		ALWAYS(n == 0);
		return mk_sx(t, sx, i, NULL, 0);
	case SX_SEQS:
	case SX_SETS:
		ALWAYS(n == 1 && value_is_set(t, operands[0]));
		if (emptiness(t, operands[0]) == 1) {
			value_id only = sx == SX_SEQS ? t->empty_seq : t->empty_set;
			return set_sorted(t, &only, 1);
		}
		return mk_sx(t, sx, 0, operands, 1);
	case SX_UNION:
		ALWAYS(n == 2);
		return value_union(t, operands[0], operands[1]);
	case SX_INTER:
		ALWAYS(n == 2);
		return value_inter(t, operands[0], operands[1]);
	case SX_DIFF:
		ALWAYS(n == 2);
		return value_diff(t, operands[0], operands[1]);
	}
	NEVER(1);
	return VALUE_NONE;
}

/* Append the structured elements of s to out, building the subsets of
 * Set(S) for a finite S of at most POWERSET_MAX_BITS elements. False when
 * they are infinite or too many. */
static bool enum_struct(struct value_table *t, value_id s, struct ids *out, uint64_t cap)
{
	if (value_kind(t, s) == VK_SET)
		return collect(t, s, true, out);
	enum setexpr_kind sx = (enum setexpr_kind)t->v[s].sx;
	const value_id *ops = t->v[s].elems;
	size_t mark = out->n;
	switch (sx) {
	case SX_INT:
	case SX_FROM:
	case SX_CHAR:
	case SX_PROCS:
	case SX_SEQS:
		return collect(t, s, true, out);
	case SX_SETS: {
		value_id e = enumerate_capped(t, ops[0], cap);
		if (e == VALUE_NONE)
			return false;
		uint32_t m = t->v[e].n;
		if (m > POWERSET_MAX_BITS || ((uint64_t)1 << m) > cap)
			return false;
		value_id sub[POWERSET_MAX_BITS];
		for (uint32_t mask = 0; mask < (uint32_t)1 << m; mask++) {
			const value_id *el = t->v[e].elems;
			uint32_t k = 0;
			for (uint32_t j = 0; j < m; j++)
				if (mask >> j & 1)
					sub[k++] = el[j];
			/* Subsets of a sorted array, taken in order, are sorted. */
			value_id id = set_sorted(t, sub, k);
			vec_push(out, id);
		}
		return true;
	}
	case SX_UNION:
		return enum_struct(t, ops[0], out, cap) && enum_struct(t, ops[1], out, cap);
	case SX_INTER:
		if (enum_struct(t, ops[0], out, cap)) {
			filter_ids(t, out, mark, ops[1], true);
			return true;
		}
		out->n = mark;
		if (enum_struct(t, ops[1], out, cap)) {
			filter_ids(t, out, mark, ops[0], true);
			return true;
		}
		return false;
	case SX_DIFF:
		if (!enum_struct(t, ops[0], out, cap))
			return false;
		filter_ids(t, out, mark, ops[1], false);
		return true;
	}
	NEVER(1);
	return false;
}

static value_id enumerate_capped(struct value_table *t, value_id s, uint64_t cap)
{
	ALWAYS(value_is_set(t, s));
	if (value_kind(t, s) == VK_SET)
		return s;
	struct ivls parts[NSCALAR] = {{0}};
	struct ids out = {0};
	value_id result = VALUE_NONE;
	uint64_t count;
	if (!scalar_bounded(t, s, &count, parts) || count > cap)
		goto out_free;
	if (!enum_struct(t, s, &out, cap))
		goto out_free;
	vec_reserve(&out, out.n + count);
	for (size_t k = 0; k < NSCALAR; k++)
		for (size_t i = 0; i < parts[k].n; i++)
			for (int64_t x = parts[k].v[i].lo;; x++) {
				vec_push(&out, mk_scalar(t, scalar_kinds[k], x));
				if (x == parts[k].v[i].hi)
					break;
			}
	if (out.n > MAX_VALUES)
		goto out_free;
	result = value_set(t, out.v, (uint32_t)out.n);
out_free:
	for (size_t k = 0; k < NSCALAR; k++)
		vec_free(&parts[k]);
	vec_free(&out);
	return result;
}

value_id value_enumerate(struct value_table *t, value_id s)
{
	return enumerate_capped(t, s, ENUM_MAX);
}

/* ------------------------------------------------------------------ */
/* Printing                                                             */
/* ------------------------------------------------------------------ */

static void put_utf8(FILE *out, int64_t c)
{
	if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	uint32_t u = (uint32_t)c;
	if (u < 0x80) {
		fputc((int)u, out);
	} else if (u < 0x800) {
		fputc((int)(0xc0 | u >> 6), out);
		fputc((int)(0x80 | (u & 0x3f)), out);
	} else if (u < 0x10000) {
		fputc((int)(0xe0 | u >> 12), out);
		fputc((int)(0x80 | (u >> 6 & 0x3f)), out);
		fputc((int)(0x80 | (u & 0x3f)), out);
	} else {
		fputc((int)(0xf0 | u >> 18), out);
		fputc((int)(0x80 | (u >> 12 & 0x3f)), out);
		fputc((int)(0x80 | (u >> 6 & 0x3f)), out);
		fputc((int)(0x80 | (u & 0x3f)), out);
	}
}

/* A character inside quotes `quote` (' or "), escaped as CSPm reads it. */
static void put_char(FILE *out, int64_t c, char quote)
{
	switch (c) {
	case '\\':
		fputs("\\\\", out);
		return;
	case '\n':
		fputs("\\n", out);
		return;
	case '\t':
		fputs("\\t", out);
		return;
	case '\r':
		fputs("\\r", out);
		return;
	default:
		if (c == quote) {
			fputc('\\', out);
			fputc(quote, out);
			return;
		}
		put_utf8(out, c);
	}
}

static void print_list(FILE *out, const struct value_table *t, const value_id *e, uint32_t n, const char *sep,
		       const struct value_printer *hooks)
{
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			fputs(sep, out);
		value_print(out, t, e[i], hooks);
	}
}

void value_print(FILE *out, const struct value_table *t, value_id id, const struct value_printer *hooks)
{
	const struct value *v = value_get(t, id);
	switch ((enum value_kind)v->kind) {
	case VK_INT:
		fprintf(out, "%" PRId64, v->u.i);
		return;
	case VK_BOOL:
		fputs(v->u.i ? "true" : "false", out);
		return;
	case VK_CHAR:
		fputc('\'', out);
		put_char(out, v->u.i, '\'');
		fputc('\'', out);
		return;
	case VK_TUPLE:
		fputc('(', out);
		print_list(out, t, v->elems, v->n, ", ", hooks);
		fputc(')', out);
		return;
	case VK_NAME:
		if (t->atoms && v->name != ATOM_NONE)
			fputs(atom_str(t->atoms, v->name), out);
		else
			fprintf(out, "<name %" PRIu32 ">", v->sym);
		return;
	case VK_DOT:
		print_list(out, t, v->elems, v->n, ".", hooks);
		return;
	case VK_SEQ: {
		bool chars = v->n > 0;
		for (uint32_t i = 0; i < v->n && chars; i++)
			chars = t->v[v->elems[i]].kind == VK_CHAR;
		if (chars) {
			fputc('"', out);
			for (uint32_t i = 0; i < v->n; i++)
				put_char(out, t->v[v->elems[i]].u.i, '"');
			fputc('"', out);
			return;
		}
		fputc('<', out);
		print_list(out, t, v->elems, v->n, ", ", hooks);
		fputc('>', out);
		return;
	}
	case VK_SET:
		fputc('{', out);
		print_list(out, t, v->elems, v->n, ", ", hooks);
		fputc('}', out);
		return;
	case VK_MAP:
		fputs("(|", out);
		for (uint32_t i = 0; i < v->n; i += 2) {
			fputs(i ? ", " : " ", out);
			value_print(out, t, v->elems[i], hooks);
			fputs(" => ", out);
			value_print(out, t, v->elems[i + 1], hooks);
		}
		fputs(" |)", out);
		return;
	case VK_SETEXPR: {
		static const char *const names[] = {
		    [SX_INT] = "Int",     [SX_CHAR] = "Char",   [SX_PROCS] = "Proc",
		    [SX_SEQS] = "Seq",    [SX_SETS] = "Set",    [SX_UNION] = "union",
		    [SX_INTER] = "inter", [SX_DIFF] = "diff",
		};
		if (v->sx == SX_FROM) {
			fprintf(out, "{%" PRId64 "..}", v->u.i);
			return;
		}
		fputs(names[v->sx], out);
		if (v->n) {
			fputc('(', out);
			print_list(out, t, v->elems, v->n, ", ", hooks);
			fputc(')', out);
		}
		return;
	}
	case VK_PROC:
		if (hooks && hooks->proc)
			hooks->proc(out, (uint32_t)v->u.i, hooks->ctx);
		else
			fputs("<process>", out);
		return;
	case VK_FUNC:
		if (hooks && hooks->func)
			hooks->func(out, v->u.ptr, hooks->ctx);
		else
			fputs("<function>", out);
		return;
	}
	NEVER(1);
}
