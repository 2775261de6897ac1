/*
 * checker/normal.c — subset construction over τ-closures (checker/normal.h).
 *
 * normalise() works in three steps:
 *
 *   1. τ-cycles, once for the whole LTS (lts_tau_cycles, lts/lts.h: an
 *      iterative Tarjan over the τ-edges alone): a state is on a τ-cycle
 *      when its τ-SCC has two states or more, or it has a τ self-loop.
 *   2. Breadth-first subset construction. The node array is its own queue:
 *      nodes are appended when first reached and expanded in index order,
 *      so node numbers are the BFS order. Expanding node n gathers the
 *      non-τ edges of its members, sorts them by (event, target) and, per
 *      event, makes one edge: to NORMAL_OMEGA for ✓, else to the τ-closure
 *      of the event's targets, found in or added to the node table.
 *   3. Per node, as it is expanded: its minimal acceptances (candidates
 *      sorted by size then lexicographically, a candidate kept unless an
 *      earlier kept set, equal sets included, is a subset of it) and its
 *      divergence flag (some member on a τ-cycle).
 *
 * Node table: a base/vset.h set of sequences, node k's members (sorted
 * state numbers) at nodes.mem[nodes.first[k] .. nodes.first[k + 1]),
 * handed over as the normal form's mem and mem_first. A τ-closure is
 * computed with a generation-stamped mark per state (no clearing between
 * closures), then sorted.
 *
 * Invariants while node k is expanded: nodes 0 .. k-1 have their edges,
 * acceptances and divergence flag (first, acc_first and divergent have
 * k + 1, k + 1 and k entries); nodes k .. nnodes-1 have only members.
 * Every member set is τ-closed, sorted and distinct from every other
 * node's.
 *
 * Limits: the node limit is checked before a node is added, so at most
 * max_nodes member sets are ever built. The acceptance arrays are indexed
 * by 32 bits; a normal form that would overflow them (billions of sets or
 * events) also ends in NORMAL_LIMIT, an inconclusive outcome rather than a
 * crash. After NORMAL_LIMIT everything is freed and *out is zeroed.
 */
#include "checker/normal.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/vset.h"
#include "base/vec.h"

/* ---------------------------------------------------------------- building */

/* An acceptance candidate, self-contained so that qsort needs no context. */
struct cand {
	const event_id *ev;
	uint32_t n;
};

struct build {
	const struct lts *l;
	uint8_t *on_cycle;            /* per state, from lts_tau_cycles() */
	uint32_t *mark;               /* per state: == gen when in the closure */
	uint32_t gen;
	VEC(uint32_t) closure;        /* the closure being built */
	VEC(struct lts_edge) out;     /* the gathered non-τ edges of a node */

	struct vset nodes;            /* the node table */
	uint32_t nnodes;
	uint64_t max_nodes;

	/* the rest of the output */
	VEC(uint64_t) first;
	VEC(struct lts_edge) edges;
	VEC(uint32_t) acc_first;
	VEC(uint32_t) acc_off;
	VEC(event_id) acc_events;
	VEC(uint8_t) divergent;

	/* scratch for acceptances */
	VEC(event_id) cand_events;
	VEC(size_t) cand_off;
	struct cand *cands;
	size_t ncands_cap;
	VEC(size_t) kept;
};

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

static int cmp_edge(const void *x, const void *y)
{
	const struct lts_edge *a = x, *b = y;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->target < b->target ? -1 : a->target > b->target;
}

/* By size, then lexicographically. */
static int cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (uint32_t i = 0; i < a->n; i++)
		if (a->ev[i] != b->ev[i])
			return a->ev[i] < b->ev[i] ? -1 : 1;
	return 0;
}

/* Whether sorted a[0..na) ⊆ sorted b[0..nb). */
static bool subset(const event_id *a, uint32_t na, const event_id *b, uint32_t nb)
{
	uint32_t j = 0;
	for (uint32_t i = 0; i < na; i++) {
		while (j < nb && b[j] < a[i])
			j++;
		if (j == nb || b[j] != a[i])
			return false;
		j++;
	}
	return true;
}

static void build_free(struct build *b)
{
	free(b->on_cycle);
	free(b->mark);
	vec_free(&b->closure);
	vec_free(&b->out);
	vset_free(&b->nodes);
	vec_free(&b->first);
	vec_free(&b->edges);
	vec_free(&b->acc_first);
	vec_free(&b->acc_off);
	vec_free(&b->acc_events);
	vec_free(&b->divergent);
	vec_free(&b->cand_events);
	vec_free(&b->cand_off);
	free(b->cands);
	vec_free(&b->kept);
}

/* Start a new closure: afterwards no state is marked. */
static void closure_start(struct build *b)
{
	b->closure.n = 0;
	if (UNLIKELY(b->gen == UINT32_MAX)) {
		memset(b->mark, 0, (size_t)b->l->nstates * sizeof *b->mark);
		b->gen = 0;
	}
	b->gen++;
}

static void closure_add(struct build *b, uint32_t s)
{
	if (b->mark[s] != b->gen) {
		b->mark[s] = b->gen;
		vec_push(&b->closure, s);
	}
}

/* Close b->closure under τ and sort it. */
static void closure_finish(struct build *b)
{
	const struct lts *l = b->l;
	for (size_t i = 0; i < b->closure.n; i++) {
		uint32_t s = b->closure.v[i];
		for (uint64_t e = l->first[s]; e < l->first[s + 1] && l->edges[e].event == EVENT_TAU; e++)
			closure_add(b, l->edges[e].target);
	}
	if (b->closure.n > 1)
		qsort(b->closure.v, b->closure.n, sizeof *b->closure.v, cmp_u32);
}

/* The node whose members are b->closure: found, or added (*node). False
 * when a node would be needed beyond max_nodes. */
static bool node_of_closure(struct build *b, uint32_t *node)
{
	*node = vset_find(&b->nodes, b->closure.v, b->closure.n);
	if (*node != VSET_NONE)
		return true;
	/* NORMAL_OMEGA (UINT32_MAX) is never a node number. */
	if (b->nnodes >= b->max_nodes || b->nnodes == UINT32_MAX - 1)
		return false;
	*node = vset_add(&b->nodes, b->closure.v, b->closure.n);
	b->nnodes++;
	return true;
}

/* Node k's minimal acceptances and divergence flag. False when the 32-bit
 * acceptance indices would overflow. */
static bool node_acceptances(struct build *b, uint32_t k)
{
	const struct lts *l = b->l;
	uint64_t lo = b->nodes.first.v[k], hi = b->nodes.first.v[k + 1];
	uint8_t div = 0;
	b->cand_events.n = 0;
	b->cand_off.n = 0;
	for (uint64_t i = lo; i < hi; i++) {
		uint32_t s = b->nodes.mem.v[i];
		uint64_t e = l->first[s], end = l->first[s + 1];
		div |= b->on_cycle[s];
		if (e < end && l->edges[e].event == EVENT_TAU) {
			while (e < end && l->edges[e].event == EVENT_TAU)
				e++;
			if (e == end || l->edges[e].event != EVENT_TICK)
				continue;       /* τ and no ✓: no acceptance */
		}
		vec_push(&b->cand_off, b->cand_events.n);
		if (e < end && l->edges[e].event == EVENT_TICK) {
			vec_push(&b->cand_events, EVENT_TICK);
			continue;
		}
		/* stable: its visible initials, one per event */
		for (; e < end; e++)
			if (b->cand_events.n == b->cand_off.v[b->cand_off.n - 1] ||
			    vec_last(&b->cand_events) != l->edges[e].event)
				vec_push(&b->cand_events, l->edges[e].event);
	}
	vec_push(&b->divergent, div);

	size_t nc = b->cand_off.n;
	if (nc > b->ncands_cap) {
		b->ncands_cap = nc * 2;
		free(b->cands);
		b->cands = xmalloc(b->ncands_cap * sizeof *b->cands);
	}
	vec_push(&b->cand_off, b->cand_events.n);
	for (size_t c = 0; c < nc; c++)
		b->cands[c] = (struct cand){ b->cand_events.v + b->cand_off.v[c],
					     (uint32_t)(b->cand_off.v[c + 1] - b->cand_off.v[c]) };
	if (nc > 1)
		qsort(b->cands, nc, sizeof *b->cands, cmp_cand);

	/* Sorted by size, a set's subsets among the candidates come before it. */
	b->kept.n = 0;
	for (size_t c = 0; c < nc; c++) {
		const struct cand *x = &b->cands[c];
		bool minimal = true;
		if (c > 0 && cmp_cand(&b->cands[c - 1], x) == 0)
			continue;       /* a duplicate: common, and cheap to skip */
		for (size_t q = 0; q < b->kept.n && minimal; q++) {
			const struct cand *y = &b->cands[b->kept.v[q]];
			minimal = !subset(y->ev, y->n, x->ev, x->n);
		}
		if (minimal)
			vec_push(&b->kept, c);
	}
	for (size_t q = 0; q < b->kept.n; q++) {
		const struct cand *x = &b->cands[b->kept.v[q]];
		if (b->acc_events.n + x->n >= UINT32_MAX || b->acc_off.n >= UINT32_MAX - 1)
			return false;
		if (x->n > 0) {         /* {} has no storage to copy from */
			vec_reserve(&b->acc_events, b->acc_events.n + x->n);
			memcpy(b->acc_events.v + b->acc_events.n, x->ev, x->n * sizeof *x->ev);
			b->acc_events.n += x->n;
		}
		vec_push(&b->acc_off, (uint32_t)b->acc_events.n);
	}
	vec_push(&b->acc_first, (uint32_t)(b->acc_off.n - 1));
	return true;
}

/* Node k's edges, adding the nodes they reach. False at the node limit. */
static bool node_edges(struct build *b, uint32_t k)
{
	const struct lts *l = b->l;
	uint64_t lo = b->nodes.first.v[k], hi = b->nodes.first.v[k + 1];
	b->out.n = 0;
	for (uint64_t i = lo; i < hi; i++) {
		uint32_t s = b->nodes.mem.v[i];
		uint64_t e = l->first[s], end = l->first[s + 1];
		while (e < end && l->edges[e].event == EVENT_TAU)
			e++;
		if (e == end)
			continue;
		vec_reserve(&b->out, b->out.n + (end - e));
		memcpy(b->out.v + b->out.n, l->edges + e, (end - e) * sizeof *l->edges);
		b->out.n += end - e;
	}
	/* A single member's row is sorted already. */
	if (hi - lo > 1 && b->out.n > 1)
		qsort(b->out.v, b->out.n, sizeof *b->out.v, cmp_edge);
	for (size_t i = 0; i < b->out.n;) {
		event_id ev = b->out.v[i].event;
		size_t j = i;
		if (ev == EVENT_TICK) {
			while (j < b->out.n && b->out.v[j].event == ev)
				j++;
			vec_push(&b->edges, ((struct lts_edge){ EVENT_TICK, NORMAL_OMEGA }));
			i = j;
			continue;
		}
		closure_start(b);
		for (; j < b->out.n && b->out.v[j].event == ev; j++)
			closure_add(b, b->out.v[j].target);
		closure_finish(b);
		uint32_t target;
		if (!node_of_closure(b, &target))
			return false;
		vec_push(&b->edges, ((struct lts_edge){ ev, target }));
		i = j;
	}
	vec_push(&b->first, (uint64_t)b->edges.n);
	return true;
}

/* Hand vector storage over, trimmed to its length. */
#define TAKE(vec) xrealloc((vec)->v, (vec)->n * sizeof *(vec)->v)

enum normal_result normalise(const struct lts *l, uint64_t max_nodes, struct normal *out)
{
	struct build b = { 0 };
	memset(out, 0, sizeof *out);
	ALWAYS(l->nstates > 0);
	b.l = l;
	b.max_nodes = max_nodes;
	b.on_cycle = lts_tau_cycles(l);
	b.mark = xcalloc(l->nstates, sizeof *b.mark);
	vset_init(&b.nodes);
	vec_push(&b.first, (uint64_t)0);
	vec_push(&b.acc_first, (uint32_t)0);
	vec_push(&b.acc_off, (uint32_t)0);
	/* so that candidate pointers into it are never offsets from NULL */
	vec_reserve(&b.cand_events, 16);

	uint32_t root;
	closure_start(&b);
	closure_add(&b, 0);
	closure_finish(&b);
	if (!node_of_closure(&b, &root))
		goto out_limit;
	for (uint32_t k = 0; k < b.nnodes; k++)
		if (!node_acceptances(&b, k) || !node_edges(&b, k))
			goto out_limit;

	out->nnodes = b.nnodes;
	out->first = TAKE(&b.first);
	out->edges = TAKE(&b.edges);
	out->acc_first = TAKE(&b.acc_first);
	out->acc_off = TAKE(&b.acc_off);
	out->acc_events = TAKE(&b.acc_events);
	out->mem_first = TAKE(&b.nodes.first);
	out->mem = TAKE(&b.nodes.mem);
	out->divergent = TAKE(&b.divergent);
	b.first.v = NULL;
	b.edges.v = NULL;
	b.acc_first.v = NULL;
	b.acc_off.v = NULL;
	b.acc_events.v = NULL;
	b.nodes.first.v = NULL;
	b.nodes.mem.v = NULL;
	b.divergent.v = NULL;
	build_free(&b);
	return NORMAL_OK;

out_limit:
	build_free(&b);
	return NORMAL_LIMIT;
}

void normal_free(struct normal *n)
{
	free(n->first);
	free(n->edges);
	free(n->acc_first);
	free(n->acc_off);
	free(n->acc_events);
	free(n->mem_first);
	free(n->mem);
	free(n->divergent);
	memset(n, 0, sizeof *n);
}

/* The index of node's edge on e, or UINT64_MAX. */
static uint64_t edge_index(const struct normal *n, uint32_t node, event_id e)
{
	uint64_t lo = n->first[node], hi = n->first[node + 1];
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (n->edges[mid].event < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n->first[node + 1] && n->edges[lo].event == e ? lo : UINT64_MAX;
}

uint32_t normal_after(const struct normal *n, uint32_t node, event_id e)
{
	uint64_t i = edge_index(n, node, e);
	return i == UINT64_MAX ? UINT32_MAX : n->edges[i].target;
}

bool normal_has(const struct normal *n, uint32_t node, event_id e)
{
	return edge_index(n, node, e) != UINT64_MAX;
}

bool normal_accepts(const struct normal *n, uint32_t node, const event_id *acc, uint32_t nacc)
{
	for (uint32_t k = n->acc_first[node]; k < n->acc_first[node + 1]; k++) {
		uint32_t lo = n->acc_off[k], hi = n->acc_off[k + 1];
		if (subset(n->acc_events + lo, hi - lo, acc, nacc))
			return true;
	}
	return false;
}
