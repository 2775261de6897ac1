/*
 * semantics/event.h — events as dense integers.
 *
 * The evaluator's events are values (c.1.true, hash-consed in a
 * value_table). The LTS and checking layers want small dense ids instead:
 * event_intern() numbers each distinct event value once, in order of
 * first use, starting at 2; id 0 is τ and id 1 is ✓, which are not values.
 * An event set is a sorted array of ids without duplicates, so membership
 * is a binary search and union/intersection are merges.
 *
 * Invariant: value[id] is the event's value for every id >= 2, and the
 * slot index maps each such value back to its id.
 */
#ifndef SEMANTICS_EVENT_H
#define SEMANTICS_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "semantics/value.h"

typedef uint32_t event_id;
#define EVENT_TAU ((event_id)0)
#define EVENT_TICK ((event_id)1)

struct event_table {
	value_id *value;      /* value[id]; entries 0 and 1 unused */
	uint32_t count, cap;
	uint32_t *slots;      /* open addressing on the value id: event id or 0 */
	uint32_t nslots;
};

void event_table_init(struct event_table *t);
void event_table_free(struct event_table *t);

/* The id of event value v (interned on first use; never 0 or 1). */
event_id event_intern(struct event_table *t, value_id v);
/* The id of v if it was interned, else EVENT_TAU. */
event_id event_lookup(const struct event_table *t, value_id v);

static inline value_id event_value(const struct event_table *t, event_id e)
{
	return e >= 2 && e < t->count ? t->value[e] : VALUE_NONE;
}

/* A set of events: ids[0..n) strictly increasing. */
struct event_set {
	uint32_t n;
	event_id *ids;        /* owned (xmalloc) */
};

/* The events of a finite set value `s` (every element interned). */
struct event_set event_set_of(struct event_table *t, const struct value_table *vt, value_id s);
bool event_set_member(const struct event_set *s, event_id e);
struct event_set event_set_union(const struct event_set *a, const struct event_set *b);
struct event_set event_set_inter(const struct event_set *a, const struct event_set *b);
void event_set_free(struct event_set *s);

/* Write event e: "tau", "tick", or its value in CSPm syntax. */
void event_print(FILE *out, const struct event_table *t, const struct value_table *vt, event_id e);

#endif
