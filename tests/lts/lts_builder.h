/*
 * tests/lts/lts_builder.h — hand-built LTSs for the Check suites of the
 * normaliser (tests/checker/test_normal.c) and the compressions
 * (tests/lts/test_compress.c): LTS(n, {from, event, to}, ...) makes an
 * explicit LTS with rows sorted by (event, target) and no duplicates, as
 * lts.h requires; events are τ, ✓, a, b, c, d, e (TAU, TICK, A .. E), and
 * put_event writes them by those names; next_random draws for the random
 * tests.
 */
#ifndef TESTS_LTS_LTS_BUILDER_H
#define TESTS_LTS_LTS_BUILDER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lts/lts.h"
#include "semantics/event.h"
#include "tests/unit/unit.h"

enum { TAU = EVENT_TAU, TICK = EVENT_TICK, A = 2, B = 3, C = 4, D = 5, E = 6 };

struct tr {
	uint32_t from;
	event_id ev;
	uint32_t to;
};

static inline int cmp_tr(const void *x, const void *y)
{
	const struct tr *a = x, *b = y;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->ev != b->ev)
		return a->ev < b->ev ? -1 : 1;
	return a->to < b->to ? -1 : a->to > b->to;
}

/* The LTS with these transitions, rows sorted by (event, target) and
 * without duplicates as lts.h requires. */
static inline struct lts lts_of(uint32_t nstates, const struct tr *t, size_t n)
{
	struct tr *s = malloc((n ? n : 1) * sizeof *s);
	if (n)
		memcpy(s, t, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_tr);
	struct lts l = { .nstates = nstates };
	l.first = calloc((size_t)nstates + 1, sizeof *l.first);
	l.edges = malloc((n ? n : 1) * sizeof *l.edges);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_lt(s[i].from, nstates);
		ck_assert_uint_lt(s[i].to, nstates);
		if (i > 0 && cmp_tr(&s[i - 1], &s[i]) == 0)
			continue;
		l.edges[m++] = (struct lts_edge){ s[i].ev, s[i].to };
		l.first[s[i].from + 1]++;
	}
	for (uint32_t st = 0; st < nstates; st++)
		l.first[st + 1] += l.first[st];
	l.ntrans = m;
	free(s);
	return l;
}

#define LTS(nstates, ...)                                                       \
	lts_of((nstates), (const struct tr[]){ __VA_ARGS__ },                  \
	       sizeof((const struct tr[]){ __VA_ARGS__ }) / sizeof(struct tr))

static inline void put_event(FILE *f, event_id e)
{
	static const char *const names[] = { "tau", "tick", "a", "b", "c", "d", "e" };
	if (e < sizeof names / sizeof names[0])
		fputs(names[e], f);
	else
		fprintf(f, "e%u", (unsigned)e);
}

/* A small deterministic generator (SplitMix64), for the random tests. */
static inline uint64_t next_random(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

#endif
