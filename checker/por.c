/*
 * checker/por.c — stubborn sets over a network (see por.h for the rules
 * and why they preserve what the checks look at).
 */
#include "checker/por.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

struct por_ent {
	event_id event;
	uint32_t step;
};

struct por {
	const struct net *net;
	enum por_mode mode;
	bool visible;                /* traces matter: the visibility rule applies */
	uint32_t nsteps;             /* rules, leaf τ steps, leaf ✓ steps */
	struct por_ent *ents;        /* per leaf, sorted by event: the steps it takes part in */
	uint32_t *ent_first;         /* nleaves + 1 */
	uint32_t *vis;               /* the visible steps */
	uint32_t nvis;
	/* scratch: generation stamps, so that nothing is cleared per state */
	uint32_t *en, *in, *touched;
	uint32_t en_gen, in_gen, touch_gen;
	uint32_t *stack, *enabled, *cur;
	uint32_t nenabled;
};

static int cmp_ent(const void *x, const void *y)
{
	const struct por_ent *a = x, *b = y;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->step < b->step ? -1 : a->step > b->step;
}

const char *por_unsupported(const struct net *net)
{
	if (net->ndone > 0)
		return "a parallel composition terminates (its ✓ reads several components at once)";
	return NULL;
}

/* The parts of step r: into *one when it is a leaf's τ or ✓. */
static const struct net_part *step_parts(const struct net *net, uint32_t r, struct net_part *one, uint32_t *n)
{
	if (r < net->nrules) {
		*n = net->rules[r].n;
		return net->parts + net->rules[r].first;
	}
	*n = 1;
	if (r < net->nrules + net->nleaves)
		*one = (struct net_part){r - net->nrules, EVENT_TAU};
	else
		*one = (struct net_part){r - net->nrules - net->nleaves, EVENT_TICK};
	return one;
}

static bool step_visible(const struct net *net, uint32_t r)
{
	if (r < net->nrules)
		return net->rules[r].out != EVENT_TAU;
	if (r < net->nrules + net->nleaves)
		return false;
	return net->leaves[r - net->nrules - net->nleaves].tick_out != EVENT_TAU;
}

struct por *por_new(const struct net *net, enum por_mode mode, bool visible)
{
	struct por *p = xcalloc(1, sizeof *p);
	p->net = net;
	p->mode = mode;
	p->visible = visible;
	uint32_t L = net->nleaves;
	p->nsteps = net->nrules + 2 * L;
	p->ent_first = xcalloc((size_t)L + 1, sizeof *p->ent_first);
	struct net_part one;
	uint32_t n;
	for (uint32_t r = 0; r < p->nsteps; r++) {
		const struct net_part *pt = step_parts(net, r, &one, &n);
		for (uint32_t k = 0; k < n; k++)
			p->ent_first[pt[k].leaf + 1]++;
	}
	for (uint32_t i = 0; i < L; i++)
		p->ent_first[i + 1] += p->ent_first[i];
	p->ents = xmalloc(((size_t)p->ent_first[L] + 1) * sizeof *p->ents);
	uint32_t *fill = xmalloc(((size_t)L + 1) * sizeof *fill);
	memcpy(fill, p->ent_first, (size_t)L * sizeof *fill);
	p->vis = xmalloc(((size_t)p->nsteps + 1) * sizeof *p->vis);
	for (uint32_t r = 0; r < p->nsteps; r++) {
		const struct net_part *pt = step_parts(net, r, &one, &n);
		for (uint32_t k = 0; k < n; k++)
			p->ents[fill[pt[k].leaf]++] = (struct por_ent){pt[k].event, r};
		if (step_visible(net, r))
			p->vis[p->nvis++] = r;
	}
	free(fill);
	for (uint32_t i = 0; i < L; i++)
		if (p->ent_first[i + 1] - p->ent_first[i] > 1)
			qsort(p->ents + p->ent_first[i], p->ent_first[i + 1] - p->ent_first[i], sizeof *p->ents,
			      cmp_ent);
	p->en = xcalloc((size_t)p->nsteps + 1, sizeof *p->en);
	p->in = xcalloc((size_t)p->nsteps + 1, sizeof *p->in);
	p->touched = xcalloc((size_t)L + 1, sizeof *p->touched);
	p->stack = xmalloc(((size_t)p->nsteps + 1) * sizeof *p->stack);
	p->enabled = xmalloc(((size_t)p->nsteps + 1) * sizeof *p->enabled);
	p->cur = xmalloc(((size_t)L + 1) * sizeof *p->cur);
	return p;
}

void por_free(struct por *p)
{
	if (!p)
		return;
	free(p->ents);
	free(p->ent_first);
	free(p->vis);
	free(p->en);
	free(p->in);
	free(p->touched);
	free(p->stack);
	free(p->enabled);
	free(p->cur);
	free(p);
}

/* Can leaf i do event e from its current state? (rows are sorted by event) */
static bool offers(const struct por *p, uint32_t i, event_id e)
{
	const struct net_rt *rt = &p->net->rt[i];
	uint32_t c = p->cur[i];
	uint64_t lo = rt->first[c], hi = rt->first[c + 1];
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (rt->edges[mid].event < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rt->first[c + 1] && rt->edges[lo].event == e;
}

struct closure {
	uint32_t sp, in_enabled, limit;
};

static inline void add(struct por *p, struct closure *c, uint32_t r)
{
	if (p->in[r] == p->in_gen)
		return;
	p->in[r] = p->in_gen;
	p->stack[c->sp++] = r;
	if (p->en[r] == p->en_gen)
		c->in_enabled++;
}

/* Add every step leaf i offers from its current state; false as soon as
 * the set holds c->limit enabled steps (no use going on). */
static bool touch(struct por *p, struct closure *c, uint32_t i)
{
	if (p->touched[i] == p->touch_gen)
		return true;
	p->touched[i] = p->touch_gen;
	const struct net_rt *rt = &p->net->rt[i];
	uint32_t s = p->cur[i];
	const struct por_ent *e = p->ents + p->ent_first[i], *end = p->ents + p->ent_first[i + 1];
	for (uint64_t j = rt->first[s]; j < rt->first[s + 1] && e < end; j++) {
		event_id ev = rt->edges[j].event;
		if (j > rt->first[s] && rt->edges[j - 1].event == ev)
			continue;
		while (e < end && e->event < ev)
			e++;
		for (; e < end && e->event == ev; e++) {
			add(p, c, e->step);
			if (c->in_enabled >= c->limit)
				return false;
		}
	}
	return true;
}

/* The stubborn set grown from seed: how many enabled steps it holds, or
 * UINT32_MAX when it holds `limit` or more (all of them, or as many as a
 * set found before) or the closure gave up. */
static uint32_t closure(struct por *p, uint32_t seed, bool full_vis, uint32_t limit)
{
	const struct net *net = p->net;
	struct closure c = {0, 0, limit};
	if (++p->in_gen == 0) {
		memset(p->in, 0, ((size_t)p->nsteps + 1) * sizeof *p->in);
		p->in_gen = 1;
	}
	if (++p->touch_gen == 0) {
		memset(p->touched, 0, ((size_t)net->nleaves + 1) * sizeof *p->touched);
		p->touch_gen = 1;
	}
	bool vis_done = false;
	add(p, &c, seed);
	while (c.sp > 0) {
		uint32_t r = p->stack[--c.sp];
		struct net_part one;
		uint32_t n;
		const struct net_part *pt = step_parts(net, r, &one, &n);
		if (p->en[r] == p->en_gen) {
			for (uint32_t k = 0; k < n; k++)
				if (!touch(p, &c, pt[k].leaf))
					return UINT32_MAX;
			if (p->visible && !vis_done && step_visible(net, r)) {
				if (!full_vis)
					return UINT32_MAX;
				vis_done = true;
				for (uint32_t k = 0; k < p->nvis; k++)
					add(p, &c, p->vis[k]);
			}
		} else {
			uint32_t k = 0;
			while (k < n && offers(p, pt[k].leaf, pt[k].event))
				k++;
			if (k == n)
				return UINT32_MAX; /* every part is offered: not ours to judge */
			if (!touch(p, &c, pt[k].leaf))
				return UINT32_MAX;
		}
		if (c.in_enabled >= limit)
			return UINT32_MAX;
	}
	return c.in_enabled;
}

uint32_t por_reduce(struct por *p, const uint64_t *st, const struct net_succ *succ, uint8_t *keep)
{
	const struct net *net = p->net;
	for (uint32_t k = 0; k < succ->n; k++)
		keep[k] = 1;
	if (succ->n < 2)
		return succ->n;
	if (++p->en_gen == 0) {
		memset(p->en, 0, ((size_t)p->nsteps + 1) * sizeof *p->en);
		p->en_gen = 1;
	}
	p->nenabled = 0;
	for (uint32_t k = 0; k < succ->n; k++) {
		uint32_t r = succ->rule[k];
		if (r >= p->nsteps)
			return succ->n; /* a termination step: never reduced (por_unsupported) */
		if (p->en[r] != p->en_gen) {
			p->en[r] = p->en_gen;
			p->enabled[p->nenabled++] = r;
		}
	}
	if (p->nenabled < 2)
		return succ->n;
	for (uint32_t i = 0; i < net->nleaves; i++)
		p->cur[i] = net_leaf_state(net, st, i);
	/* when traces matter so do stable states: at an unstable state the set
	 * must hold an enabled invisible step (a key step, which stays enabled
	 * along any path outside the set, so such a path reaches no stable
	 * state without a step of the set) */
	bool unstable = false;
	for (uint32_t x = 0; x < p->nenabled && !unstable; x++)
		unstable = !step_visible(net, p->enabled[x]);
	uint32_t best = UINT32_MAX, best_seed = 0, tried = 0;
	/* seeds tried: fast one, hybrid a few, precise all (each closure
	 * stops as soon as it is no better than the best so far) */
	uint32_t max_seeds = p->mode == POR_FAST ? 1 : p->mode == POR_HYBRID ? 4 : UINT32_MAX;
	for (uint32_t x = 0; x < p->nenabled; x++) {
		uint32_t seed = p->enabled[x];
		if (p->visible && step_visible(net, seed) && (p->mode != POR_PRECISE || unstable))
			continue;
		uint32_t got = closure(p, seed, p->mode == POR_PRECISE, best < p->nenabled ? best : p->nenabled);
		if (got < best) {
			best = got;
			best_seed = seed;
		}
		if (++tried >= max_seeds || best == 1)
			break;
	}
	if (best == UINT32_MAX)
		return succ->n;
	closure(p, best_seed, p->mode == POR_PRECISE, p->nenabled);
	uint32_t kept = 0;
	for (uint32_t k = 0; k < succ->n; k++) {
		keep[k] = p->in[succ->rule[k]] == p->in_gen;
		kept += keep[k];
	}
	return kept;
}
