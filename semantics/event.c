/*
 * semantics/event.c — the event table and event sets.
 *
 * The index is open addressing keyed by value id (already a perfect
 * identity for events, since values are hash-consed), power-of-two sized
 * and at most half full.
 */
#include "semantics/event.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"

void event_table_init(struct event_table *t)
{
	memset(t, 0, sizeof *t);
	t->cap = 64;
	t->value = xcalloc(t->cap, sizeof *t->value);
	t->count = 2; /* τ and ✓ */
	t->nslots = 128;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
}

void event_table_free(struct event_table *t)
{
	free(t->value);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static uint32_t slot_of(const struct event_table *t, value_id v)
{
	uint32_t mask = t->nslots - 1;
	uint32_t i = (uint32_t)hash_combine(0x9e3779b97f4a7c15ull, v) & mask;
	while (t->slots[i] && t->value[t->slots[i]] != v)
		i = (i + 1) & mask;
	return i;
}

event_id event_lookup(const struct event_table *t, value_id v)
{
	return t->slots[slot_of(t, v)];
}

event_id event_intern(struct event_table *t, value_id v)
{
	uint32_t i = slot_of(t, v);
	if (t->slots[i])
		return t->slots[i];
	if (t->count == t->cap) {
		t->cap *= 2;
		t->value = xrealloc(t->value, t->cap * sizeof *t->value);
	}
	event_id e = t->count++;
	t->value[e] = v;
	t->slots[i] = e;
	if ((uint64_t)(t->count - 2) * 2 > t->nslots) {
		free(t->slots);
		t->nslots *= 2;
		t->slots = xcalloc(t->nslots, sizeof *t->slots);
		for (event_id k = 2; k < t->count; k++)
			t->slots[slot_of(t, t->value[k])] = k;
	}
	return e;
}

static int cmp_ids(const void *a, const void *b)
{
	event_id x = *(const event_id *)a, y = *(const event_id *)b;
	return (x > y) - (x < y);
}

struct event_set event_set_of(struct event_table *t, const struct value_table *vt, value_id s)
{
	const struct value *sv = value_get(vt, s);
	ALWAYS(sv->kind == VK_SET);
	struct event_set r = {sv->n, xmalloc((sv->n ? sv->n : 1) * sizeof(event_id))};
	for (uint32_t i = 0; i < sv->n; i++)
		r.ids[i] = event_intern(t, value_get(vt, s)->elems[i]);
	qsort(r.ids, r.n, sizeof *r.ids, cmp_ids);
	return r; /* the values were distinct, so the ids are */
}

bool event_set_member(const struct event_set *s, event_id e)
{
	uint32_t lo = 0, hi = s->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->ids[mid] == e)
			return true;
		if (s->ids[mid] < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static struct event_set merge(const struct event_set *a, const struct event_set *b, bool keep_one_sided)
{
	struct event_set r = {0, xmalloc(((size_t)a->n + b->n + 1) * sizeof(event_id))};
	uint32_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		if (a->ids[i] == b->ids[j]) {
			r.ids[r.n++] = a->ids[i];
			i++;
			j++;
		} else if (a->ids[i] < b->ids[j]) {
			if (keep_one_sided)
				r.ids[r.n++] = a->ids[i];
			i++;
		} else {
			if (keep_one_sided)
				r.ids[r.n++] = b->ids[j];
			j++;
		}
	}
	if (keep_one_sided) {
		while (i < a->n)
			r.ids[r.n++] = a->ids[i++];
		while (j < b->n)
			r.ids[r.n++] = b->ids[j++];
	}
	return r;
}

struct event_set event_set_union(const struct event_set *a, const struct event_set *b)
{
	return merge(a, b, true);
}

struct event_set event_set_inter(const struct event_set *a, const struct event_set *b)
{
	return merge(a, b, false);
}

void event_set_free(struct event_set *s)
{
	free(s->ids);
	s->ids = NULL;
	s->n = 0;
}

void event_print(FILE *out, const struct event_table *t, const struct value_table *vt, event_id e)
{
	if (e == EVENT_TAU)
		fputs("tau", out);
	else if (e == EVENT_TICK)
		fputs("tick", out);
	else
		value_print(out, vt, event_value(t, e), NULL);
}
