/*
 * lts/network.c — building networks of leaves and generating their
 * successors (the design is in network.h).
 *
 * Building walks the normal term top-down. Each operator of the static
 * top returns a `sub`: the rules its subtree can fire (struct rset: one
 * output event and a list of (leaf, event) parts per rule) and how to tell
 * that it has terminated (a leaf at Ω or a done bit). Parents combine
 * their children's rule sets: hiding rewrites outputs, renaming copies
 * rules, the parallel operators keep unsynchronised rules and take the
 * product of the children's rules on each synchronised event. Finally the
 * rules are indexed by their first part (the pivot), per leaf, sorted by
 * event, so that the successor generator can merge a leaf's sorted edges
 * with its pivots.
 *
 * Invariants: the parts of a rule name distinct leaves, sorted; a rule's
 * leaves all lie below the operator that made it; every leaf and done bit
 * fits its field; after a failed build everything built so far is freed.
 */
#include "lts/network.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/hset.h"
#include "base/kset.h"
#include "base/mem.h"
#include "base/vec.h"
#include "lts/compress.h"
#include "semantics/scope.h"

/* ---- rule sets under construction ---------------------------------------- */

struct rset {
	uint32_t n, cap;
	event_id *out;
	uint32_t *start;          /* n + 1 offsets into parts */
	struct net_part *parts;
	uint32_t nparts, capparts;
};

static void rset_init(struct rset *r)
{
	memset(r, 0, sizeof *r);
	r->cap = 8;
	r->out = xmalloc(r->cap * sizeof *r->out);
	r->start = xmalloc((r->cap + 1) * sizeof *r->start);
	r->start[0] = 0;
	r->capparts = 16;
	r->parts = xmalloc(r->capparts * sizeof *r->parts);
}

static void rset_free(struct rset *r)
{
	free(r->out);
	free(r->start);
	free(r->parts);
	memset(r, 0, sizeof *r);
}

static void rset_add(struct rset *r, event_id out, const struct net_part *parts, uint32_t n)
{
	if (r->n == r->cap) {
		r->cap *= 2;
		r->out = xrealloc(r->out, r->cap * sizeof *r->out);
		r->start = xrealloc(r->start, (r->cap + 1) * sizeof *r->start);
	}
	while (r->nparts + n > r->capparts) {
		r->capparts *= 2;
		r->parts = xrealloc(r->parts, r->capparts * sizeof *r->parts);
	}
	memcpy(r->parts + r->nparts, parts, n * sizeof *parts);
	r->nparts += n;
	r->out[r->n++] = out;
	r->start[r->n] = r->nparts;
}

static const struct net_part *rset_parts(const struct rset *r, uint32_t i, uint32_t *n)
{
	*n = r->start[i + 1] - r->start[i];
	return r->parts + r->start[i];
}

/* What a subtree of the operator tree gives its parent. */
struct sub {
	struct rset r;
	bool can_term;            /* it can terminate: term says how to tell */
	struct net_cond term;
};

/* ---- the builder ----------------------------------------------------------- */

struct builder {
	struct net *net;
	struct sos *sos;
	uint64_t max_states;
	enum net_result result;
	VEC(struct net_leaf) leaves;
	VEC(struct lts) ltss;
	VEC(value_id) lts_proc;   /* the process of each lts, for sharing */
	VEC(uint32_t) lts_before; /* states before compression (0: not compressed) */
	uint32_t last_before;
	VEC(struct net_done) done;
	VEC(struct net_cond) conds;
	uint32_t depth;
};

#define NET_MAX_DEPTH 100000

static bool is_network_op(enum term_op op)
{
	switch (op) {
	case TERM_INTERLEAVE: case TERM_GENPAR: case TERM_ALPHAPAR: case TERM_LINKPAR:
	case TERM_REPINTERLEAVE: case TERM_REPGENPAR: case TERM_REPALPHAPAR:
	case TERM_HIDE: case TERM_RENAME:
		return true;
	default:
		return false;
	}
}

static const struct term *term_of(const struct sos *s, value_id p)
{
	return term_get(s->tt, (term_id)value_get(s->vt, p)->u.i);
}

static int cmp_edge_event(const void *x, const void *y)
{
	event_id a = *(const event_id *)x, b = *(const event_id *)y;
	return a < b ? -1 : a > b;
}

/* The compressions, by the name of the CSPm function (FDR's names). */
static const struct {
	const char *name;
	bool (*fn)(const struct lts *in, uint64_t max_states, struct lts *out);
} compressions[] = {
	{"normal", compress_normal},
	{"lazynorm", compress_normal},
	{"sbisim", compress_sbisim},
	{"model_compress", compress_sbisim},
	{"wbisim", compress_wbisim},
	{"dbisim", compress_dbisim},
	{"diamond", compress_diamond},
	{"explicate", compress_explicate},
	{"lazyenumerate", compress_explicate},
	{"tau_loop_factor", compress_tau_loop_factor},
	{"chase", compress_chase},
	{"chase_nocache", compress_chase},
};

/* The explicit LTS of leaf process p: explored with the SOS, or, when p is
 * a compression applied to a process, that process built as a network of
 * its own, explored, and compressed. b->last_before is the size before
 * compression (0 when none). */
static enum lts_result leaf_lts(struct builder *b, value_id p, struct lts *out)
{
	b->last_before = 0;
	const struct term *t = term_of(b->sos, p);
	if (t->op != TERM_APPLY || t->n < 2 || t->args[0] >= builtin_count)
		return lts_explore(b->sos, p, b->max_states, out);
	const char *name = builtin_table[t->args[0]].name;
	size_t k = 0;
	while (k < sizeof compressions / sizeof *compressions && strcmp(compressions[k].name, name) != 0)
		k++;
	if (k == sizeof compressions / sizeof *compressions)
		return lts_explore(b->sos, p, b->max_states, out); /* reported there */
	value_id arg = (value_id)t->args[1];
	struct net sub;
	switch (net_build(&sub, b->sos, arg, b->max_states)) {
	case NET_OK:
		break;
	case NET_ERROR:
		return LTS_ERROR;
	case NET_LIMIT:
		return LTS_LIMIT;
	case NET_MEMORY:
		return LTS_MEMORY;
	}
	struct lts full;
	struct net_explore_stats st;
	enum lts_result r = net_explore(&sub, b->max_states, lts_memory_budget(), &full, &st);
	net_free(&sub);
	if (r != LTS_OK)
		return r;
	bool ok = compressions[k].fn(&full, b->max_states, out);
	b->last_before = full.nstates;
	lts_free(&full);
	return ok ? LTS_OK : LTS_LIMIT;
}

/* A leaf for process p (normal, not a network operator). */
static bool build_leaf(struct builder *b, value_id p, bool under_par, struct sub *out)
{
	uint32_t li = UINT32_MAX;
	for (uint32_t k = 0; k < b->lts_proc.n; k++)
		if (b->lts_proc.v[k] == p)
			li = k;
	if (li == UINT32_MAX) {
		struct lts l;
		switch (leaf_lts(b, p, &l)) {
		case LTS_OK:
			break;
		case LTS_ERROR:
			b->result = NET_ERROR;
			return false;
		case LTS_LIMIT:
			b->result = NET_LIMIT;
			b->net->limit_proc = p;
			return false;
		case LTS_MEMORY:
			b->result = NET_MEMORY;
			b->net->limit_proc = p;
			return false;
		}
		li = (uint32_t)b->ltss.n;
		vec_push(&b->ltss, l);
		vec_push(&b->lts_proc, p);
		vec_push(&b->lts_before, b->last_before);
	}
	const struct lts *l = &b->ltss.v[li];
	struct net_leaf leaf = {p, li, 0, 0, 0, UINT32_MAX, under_par ? EVENT_TAU : EVENT_TICK, b->lts_before.v[li]};
	for (uint32_t st = 0; st < l->nstates; st++)
		if (l->proc && sos_is_omega(b->sos, l->proc[st]))
			leaf.omega = st;
	if (!l->proc) {
		/* a compressed leaf: Ω is where ✓ leads (nothing follows it) */
		for (uint64_t k = 0; k < l->ntrans && leaf.omega == UINT32_MAX; k++)
			if (l->edges[k].event == EVENT_TICK)
				leaf.omega = l->edges[k].target;
	}
	uint32_t idx = (uint32_t)b->leaves.n;
	vec_push(&b->leaves, leaf);
	/* its alphabet: one rule per visible event */
	event_id *ev = xmalloc((l->ntrans + 1) * sizeof *ev);
	uint64_t n = 0;
	for (uint64_t k = 0; k < l->ntrans; k++)
		if (l->edges[k].event != EVENT_TAU && l->edges[k].event != EVENT_TICK)
			ev[n++] = l->edges[k].event;
	qsort(ev, n, sizeof *ev, cmp_edge_event);
	rset_init(&out->r);
	for (uint64_t k = 0; k < n; k++) {
		if (k > 0 && ev[k] == ev[k - 1])
			continue;
		struct net_part part = {idx, ev[k]};
		rset_add(&out->r, ev[k], &part, 1);
	}
	free(ev);
	out->can_term = leaf.omega != UINT32_MAX;
	out->term = (struct net_cond){true, idx};
	return true;
}

static bool build(struct builder *b, value_id p, bool under_par, struct sub *out);

/* Children's rules with output e, as rule indices sorted by output. */
struct byout {
	uint32_t *idx;            /* rule indices sorted by (out, index) */
	uint32_t n;
};

static const struct rset *sort_rset;

static int cmp_rule_out(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	event_id ea = sort_rset->out[a], eb = sort_rset->out[b];
	if (ea != eb)
		return ea < eb ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void byout_make(struct byout *bo, const struct rset *r)
{
	bo->n = r->n;
	bo->idx = xmalloc(((size_t)r->n + 1) * sizeof *bo->idx);
	for (uint32_t i = 0; i < r->n; i++)
		bo->idx[i] = i;
	sort_rset = r;
	qsort(bo->idx, r->n, sizeof *bo->idx, cmp_rule_out);
}

/* The range [*lo, *hi) of bo's rules with output e. */
static void byout_range(const struct byout *bo, const struct rset *r, event_id e, uint32_t *lo, uint32_t *hi)
{
	uint32_t a = 0, z = bo->n;
	while (a < z) {
		uint32_t m = a + (z - a) / 2;
		if (r->out[bo->idx[m]] < e)
			a = m + 1;
		else
			z = m;
	}
	*lo = a;
	while (a < bo->n && r->out[bo->idx[a]] == e)
		a++;
	*hi = a;
}

static int cmp_part_leaf(const void *x, const void *y)
{
	const struct net_part *a = x, *b = y;
	return a->leaf < b->leaf ? -1 : a->leaf > b->leaf;
}

/* Add to `to` one rule with output `out` for every combination of one
 * rule with output e from each child in who[0..nwho) (the product). */
static void product(struct rset *to, const struct sub *kids, const struct byout *bo, const uint32_t *who,
		    uint32_t nwho, event_id e, event_id out)
{
	uint32_t *lo = xmalloc(((size_t)nwho + 1) * sizeof *lo), *hi = xmalloc(((size_t)nwho + 1) * sizeof *hi);
	uint32_t *at = xmalloc(((size_t)nwho + 1) * sizeof *at);
	uint32_t total = 0;
	for (uint32_t k = 0; k < nwho; k++) {
		byout_range(&bo[who[k]], &kids[who[k]].r, e, &lo[k], &hi[k]);
		if (lo[k] == hi[k])
			goto out; /* a child that must take part cannot */
		at[k] = lo[k];
	}
	VEC(struct net_part) parts = {0};
	for (;;) {
		parts.n = 0;
		for (uint32_t k = 0; k < nwho; k++) {
			uint32_t n;
			const struct net_part *p = rset_parts(&kids[who[k]].r, bo[who[k]].idx[at[k]], &n);
			for (uint32_t j = 0; j < n; j++)
				vec_push(&parts, p[j]);
		}
		qsort(parts.v, parts.n, sizeof *parts.v, cmp_part_leaf);
		rset_add(to, out, parts.v, (uint32_t)parts.n);
		total++;
		uint32_t k = nwho;
		while (k > 0) {
			k--;
			if (++at[k] < hi[k])
				break;
			at[k] = lo[k];
			if (k == 0)
				goto done;
		}
		if (nwho == 0)
			break;
	}
done:
	vec_free(&parts);
out:
	(void)total;
	free(lo);
	free(hi);
	free(at);
}

static bool in_events(const struct event_set *s, event_id e)
{
	return event_set_member(s, e);
}

/* A parallel operator over children values kid[0..n): sync (NULL for
 * none) is the set all must agree on; alpha (NULL, or n sets) the
 * alphabets of the alphabetised forms; rel (with nrel pairs, binary only)
 * the links of linked parallel. */
static bool build_par(struct builder *b, const value_id *kid, uint32_t n, const struct event_set *sync,
		      const struct event_set *alpha, const struct sos_pair *rel, uint32_t nrel, bool under_par,
		      struct sub *out)
{
	struct sub *kids = xcalloc((size_t)n + 1, sizeof *kids);
	struct byout *bo = xcalloc((size_t)n + 1, sizeof *bo);
	uint32_t built = 0;
	bool ok = true;
	for (; built < n && ok; built++)
		ok = build(b, kid[built], true, &kids[built]);
	if (!ok) {
		built--;
		goto out;
	}
	for (uint32_t i = 0; i < n; i++)
		byout_make(&bo[i], &kids[i].r);
	rset_init(&out->r);
	/* rules that need no partner, child by child, in rule order */
	for (uint32_t i = 0; i < n; i++) {
		for (uint32_t r = 0; r < kids[i].r.n; r++) {
			event_id e = kids[i].r.out[r];
			bool alone;
			if (e == EVENT_TAU)
				alone = true;
			else if (rel)
				alone = true; /* decided below */
			else if (alpha)
				alone = false;
			else
				alone = !sync || !in_events(sync, e);
			if (rel && e != EVENT_TAU) {
				/* left's linked events and right's linked-to events never happen alone */
				bool linked = false;
				for (uint32_t k = 0; k < nrel && !linked; k++)
					linked = i == 0 ? rel[k].from == e : rel[k].to == e;
				alone = !linked;
			}
			if (alone) {
				uint32_t np;
				const struct net_part *p = rset_parts(&kids[i].r, r, &np);
				rset_add(&out->r, e, p, np);
			}
		}
	}
	if (rel) {
		/* each link (a, b): left's a with right's b, as τ */
		for (uint32_t k = 0; k < nrel; k++) {
			uint32_t l0, l1, r0, r1;
			byout_range(&bo[0], &kids[0].r, rel[k].from, &l0, &l1);
			byout_range(&bo[1], &kids[1].r, rel[k].to, &r0, &r1);
			for (uint32_t x = l0; x < l1; x++) {
				for (uint32_t y = r0; y < r1; y++) {
					uint32_t na, nb;
					const struct net_part *pa = rset_parts(&kids[0].r, bo[0].idx[x], &na);
					const struct net_part *pb = rset_parts(&kids[1].r, bo[1].idx[y], &nb);
					struct net_part *pp = xmalloc(((size_t)na + nb) * sizeof *pp);
					memcpy(pp, pa, na * sizeof *pp);
					memcpy(pp + na, pb, nb * sizeof *pp);
					qsort(pp, na + nb, sizeof *pp, cmp_part_leaf);
					rset_add(&out->r, EVENT_TAU, pp, na + nb);
					free(pp);
				}
			}
		}
	} else if (sync || alpha) {
		/* the synchronised events, each once, in event order */
		VEC(event_id) cand = {0};
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t r = 0; r < kids[i].r.n; r++) {
				event_id e = kids[i].r.out[r];
				if (e != EVENT_TAU && (alpha ? in_events(&alpha[i], e) : in_events(sync, e)))
					vec_push(&cand, e);
			}
		if (cand.n > 1)
			qsort(cand.v, cand.n, sizeof *cand.v, cmp_edge_event);
		uint32_t *who = xmalloc(((size_t)n + 1) * sizeof *who);
		for (size_t x = 0; x < cand.n; x++) {
			event_id e = cand.v[x];
			if (x > 0 && cand.v[x - 1] == e)
				continue;
			uint32_t nwho = 0;
			for (uint32_t i = 0; i < n; i++)
				if (!alpha || in_events(&alpha[i], e))
					who[nwho++] = i;
			product(&out->r, kids, bo, who, nwho, e, e);
		}
		free(who);
		vec_free(&cand);
	}
	/* termination: a done bit when every component can terminate */
	bool all = true;
	for (uint32_t i = 0; i < n; i++)
		all &= kids[i].can_term;
	out->can_term = all;
	if (all) {
		struct net_done d = {0, 0, under_par ? EVENT_TAU : EVENT_TICK, (uint32_t)b->conds.n, n};
		for (uint32_t i = 0; i < n; i++)
			vec_push(&b->conds, kids[i].term);
		out->term = (struct net_cond){false, (uint32_t)b->done.n};
		vec_push(&b->done, d);
	}
	built = n;
out:
	for (uint32_t i = 0; i < built && i < n; i++) {
		rset_free(&kids[i].r);
		free(bo[i].idx);
	}
	free(kids);
	free(bo);
	return ok;
}

/* The elements of sequence or set value v. */
static const value_id *elems_of(const struct sos *s, value_id v, uint32_t *n)
{
	const struct value *x = value_get(s->vt, v);
	*n = x->n;
	return x->elems;
}

static bool build(struct builder *b, value_id p, bool under_par, struct sub *out)
{
	memset(out, 0, sizeof *out);
	const struct term *t = term_of(b->sos, p);
	if (!is_network_op(t->op) || b->depth >= NET_MAX_DEPTH)
		return build_leaf(b, p, under_par, out);
	b->depth++;
	bool ok = false;
	uint64_t a[4];
	memcpy(a, t->args, (t->n < 4 ? t->n : 4) * sizeof *a);
	enum term_op op = t->op;
	switch (op) {
	case TERM_HIDE: {
		struct event_set A;
		if (!sos_event_set(b->sos, (value_id)a[1], "hiding", &A))
			break;
		if ((ok = build(b, (value_id)a[0], under_par, out)))
			for (uint32_t r = 0; r < out->r.n; r++)
				if (out->r.out[r] != EVENT_TAU && in_events(&A, out->r.out[r]))
					out->r.out[r] = EVENT_TAU;
		event_set_free(&A);
		break;
	}
	case TERM_RENAME: {
		struct sos_pair *R;
		uint32_t nR;
		if (!sos_relation(b->sos, (value_id)a[1], "renaming", false, &R, &nR))
			break;
		struct sub kid;
		if ((ok = build(b, (value_id)a[0], under_par, &kid))) {
			*out = kid;
			rset_init(&out->r);
			for (uint32_t r = 0; r < kid.r.n; r++) {
				uint32_t np;
				const struct net_part *pp = rset_parts(&kid.r, r, &np);
				event_id e = kid.r.out[r];
				bool renamed = false;
				for (uint32_t k = 0; k < nR && e != EVENT_TAU; k++) {
					if (R[k].from == e) {
						rset_add(&out->r, R[k].to, pp, np);
						renamed = true;
					}
				}
				if (!renamed)
					rset_add(&out->r, e, pp, np);
			}
			rset_free(&kid.r);
		}
		free(R);
		break;
	}
	case TERM_INTERLEAVE: {
		value_id kid[2] = {(value_id)a[0], (value_id)a[1]};
		ok = build_par(b, kid, 2, NULL, NULL, NULL, 0, under_par, out);
		break;
	}
	case TERM_GENPAR: {
		struct event_set A;
		if (!sos_event_set(b->sos, (value_id)a[1], "generalised parallel", &A))
			break;
		value_id kid[2] = {(value_id)a[0], (value_id)a[2]};
		ok = build_par(b, kid, 2, &A, NULL, NULL, 0, under_par, out);
		event_set_free(&A);
		break;
	}
	case TERM_ALPHAPAR: {
		struct event_set al[2];
		if (!sos_event_set(b->sos, (value_id)a[1], "alphabetised parallel", &al[0]))
			break;
		if (!sos_event_set(b->sos, (value_id)a[2], "alphabetised parallel", &al[1])) {
			event_set_free(&al[0]);
			break;
		}
		value_id kid[2] = {(value_id)a[0], (value_id)a[3]};
		ok = build_par(b, kid, 2, NULL, al, NULL, 0, under_par, out);
		event_set_free(&al[0]);
		event_set_free(&al[1]);
		break;
	}
	case TERM_LINKPAR: {
		struct sos_pair *R;
		uint32_t nR;
		if (!sos_relation(b->sos, (value_id)a[1], "linked parallel", true, &R, &nR))
			break;
		value_id kid[2] = {(value_id)a[0], (value_id)a[2]};
		ok = build_par(b, kid, 2, NULL, NULL, R, nR, under_par, out);
		free(R);
		break;
	}
	case TERM_REPINTERLEAVE: {
		uint32_t n;
		const value_id *e = elems_of(b->sos, (value_id)a[0], &n);
		value_id *kid = xmalloc(((size_t)n + 1) * sizeof *kid);
		memcpy(kid, e, n * sizeof *kid);
		ok = build_par(b, kid, n, NULL, NULL, NULL, 0, under_par, out);
		free(kid);
		break;
	}
	case TERM_REPGENPAR: {
		struct event_set A;
		if (!sos_event_set(b->sos, (value_id)a[0], "generalised parallel", &A))
			break;
		uint32_t n;
		const value_id *e = elems_of(b->sos, (value_id)a[1], &n);
		value_id *kid = xmalloc(((size_t)n + 1) * sizeof *kid);
		memcpy(kid, e, n * sizeof *kid);
		ok = build_par(b, kid, n, &A, NULL, NULL, 0, under_par, out);
		free(kid);
		event_set_free(&A);
		break;
	}
	case TERM_REPALPHAPAR: {
		uint32_t n;
		const value_id *e = elems_of(b->sos, (value_id)a[0], &n);
		value_id *kid = xmalloc(((size_t)n + 1) * sizeof *kid);
		value_id *av = xmalloc(((size_t)n + 1) * sizeof *av);
		for (uint32_t i = 0; i < n; i++) {
			const struct value *pr = value_get(b->sos->vt, e[i]);
			av[i] = pr->elems[0];
			kid[i] = pr->elems[1];
		}
		struct event_set *al = xcalloc((size_t)n + 1, sizeof *al);
		uint32_t got = 0;
		for (; got < n; got++)
			if (!sos_event_set(b->sos, av[got], "alphabetised parallel", &al[got]))
				break;
		if (got == n)
			ok = build_par(b, kid, n, NULL, al, NULL, 0, under_par, out);
		for (uint32_t i = 0; i < got; i++)
			event_set_free(&al[i]);
		free(al);
		free(av);
		free(kid);
		break;
	}
	default:
		base_internal_error("net: build on %s", term_op_name(op));
	}
	b->depth--;
	if (!ok && b->result == NET_OK)
		b->result = NET_ERROR;
	return ok;
}

/* ---- packing and indexing -------------------------------------------------- */

static uint8_t bits_for(uint32_t nstates)
{
	uint8_t b = 0;
	while (b < 32 && ((uint64_t)1 << b) < nstates)
		b++;
	return b;
}

/* Place a field of `bits` bits: the next free bit of the current word, or
 * the start of a new one. */
static void place(uint32_t *word, uint32_t *used, uint8_t bits, uint32_t *w, uint8_t *shift)
{
	if (*used + bits > 64) {
		(*word)++;
		*used = 0;
	}
	*w = *word;
	*shift = (uint8_t)*used;
	*used += bits;
}

struct pivsort {
	uint32_t leaf;
	event_id event;
	uint32_t rule;
};

static int cmp_pivsort(const void *x, const void *y)
{
	const struct pivsort *a = x, *b = y;
	if (a->leaf != b->leaf)
		return a->leaf < b->leaf ? -1 : 1;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* Leaves explored on their own may be larger than in their context, or
 * even fail (a CLIENT that reads any value and writes it plus one, which
 * the COUNTER beside it never lets overflow): the first attempt gives each
 * leaf at most this many states and reports nothing. */
#define NET_TRY_LEAF_STATES ((uint64_t)1 << 20)

static bool build_quietly(struct builder *b, value_id q, struct sub *top)
{
	struct diag *d = b->sos->diag;
	FILE *saved = d->out;
	unsigned errors = d->errors, warnings = d->warnings, sos_errors = b->sos->errors;
	FILE *null = fopen("/dev/null", "w");
	if (!null)
		return false;
	d->out = null;
	bool ok = build(b, q, false, top);
	d->out = saved;
	d->errors = errors;
	d->warnings = warnings;
	b->sos->errors = sos_errors;
	fclose(null);
	return ok;
}

static void builder_free(struct builder *b)
{
	for (size_t i = 0; i < b->ltss.n; i++)
		lts_free(&b->ltss.v[i]);
	vec_free(&b->ltss);
	vec_free(&b->lts_proc);
	vec_free(&b->lts_before);
	vec_free(&b->leaves);
	vec_free(&b->done);
	vec_free(&b->conds);
}

/* Act tables bigger than this (in acts, over all leaves) are not built:
 * the successor loop then merges edges and pivots as it goes. */
#define NET_MAX_ACTS ((uint64_t)1 << 24)

/* The act table of every leaf (network.h, struct net_act): the same
 * successors in the same order as the merge in successors() would find. */
static void build_acts(struct net *net)
{
	uint64_t total = 0;
	for (uint32_t i = 0; i < net->nleaves; i++) {
		const struct lts *x = &net->ltss[net->leaves[i].lts];
		total += x->ntrans + net->piv_first[i + 1] - net->piv_first[i];
		for (uint32_t p = net->piv_first[i]; p < net->piv_first[i + 1]; p++)
			total += net->pivots[p].n;
	}
	if (total > NET_MAX_ACTS)
		return;
	net->act_first = xcalloc((size_t)net->nleaves + 1, sizeof *net->act_first);
	net->acts = xcalloc((size_t)net->nleaves + 1, sizeof *net->acts);
	for (uint32_t i = 0; i < net->nleaves; i++) {
		const struct lts *x = &net->ltss[net->leaves[i].lts];
		const struct net_pivot *pv = net->pivots + net->piv_first[i];
		uint32_t npv = net->piv_first[i + 1] - net->piv_first[i];
		uint32_t *af = xmalloc(((size_t)x->nstates + 1) * sizeof *af);
		VEC(struct net_act) acts = {0};
		for (uint32_t c = 0; c < x->nstates; c++) {
			af[c] = (uint32_t)acts.n;
			uint32_t ne;
			const struct lts_edge *e = lts_out(x, c, &ne);
			uint32_t k = 0;
			for (uint32_t j = 0; j < ne; j++) {
				event_id ev = e[j].event;
				if (ev <= EVENT_TICK) {
					struct net_act a = {e[j].target,
							    ev == EVENT_TAU ? net_step_tau(net, i) : net_step_tick(net, i),
							    ev == EVENT_TAU ? EVENT_TAU : net->leaves[i].tick_out, 1, 0, 0};
					vec_push(&acts, a);
					continue;
				}
				while (k < npv && pv[k].event < ev)
					k++;
				if (k == npv)
					break;
				if (pv[k].event != ev)
					continue;
				for (uint32_t y = 0; y < pv[k].n; y++) {
					uint32_t r = net->piv_rules[pv[k].first + y];
					const struct net_rule *rule = &net->rules[r];
					struct net_act a = {e[j].target, r, rule->out, rule->n, 0, 0};
					if (rule->n == 2) {
						a.leaf2 = net->parts[rule->first + 1].leaf;
						a.ev2 = net->parts[rule->first + 1].event;
					}
					vec_push(&acts, a);
				}
			}
		}
		af[x->nstates] = (uint32_t)acts.n;
		net->act_first[i] = af;
		net->acts[i] = acts.v ? acts.v : xmalloc(sizeof *acts.v);
		net->rt[i].act_first = af;
		net->rt[i].acts = net->acts[i];
	}
}

enum net_result net_build(struct net *net, struct sos *s, value_id p, uint64_t max_states)
{
	memset(net, 0, sizeof *net);
	net->sos = s;
	struct builder b = {0};
	b.net = net;
	b.sos = s;
	b.max_states = max_states < NET_TRY_LEAF_STATES ? max_states : NET_TRY_LEAF_STATES;
	b.result = NET_OK;
	value_id q = sos_normal(s, p);
	struct sub top;
	bool split = q && is_network_op((enum term_op)term_of(s, q)->op);
	bool ok = split && build_quietly(&b, q, &top);
	if (q && !ok) {
		/* in context then: the whole process is one leaf */
		builder_free(&b);
		memset(&b, 0, sizeof b);
		memset(net, 0, sizeof *net);
		net->sos = s;
		b.net = net;
		b.sos = s;
		b.max_states = max_states;
		b.result = NET_OK;
		b.depth = NET_MAX_DEPTH;
		ok = build(&b, q, false, &top);
	}
	if (!ok) {
		enum net_result r = q ? b.result : NET_ERROR;
		value_id lp = net->limit_proc == q ? VALUE_NONE : net->limit_proc;
		builder_free(&b);
		memset(net, 0, sizeof *net);
		net->limit_proc = lp;
		return r == NET_OK ? NET_ERROR : r;
	}
	net->nleaves = (uint32_t)b.leaves.n;
	net->leaves = b.leaves.v;
	net->nltss = (uint32_t)b.ltss.n;
	net->ltss = b.ltss.v;
	vec_free(&b.lts_proc);
	vec_free(&b.lts_before);
	net->ndone = (uint32_t)b.done.n;
	net->done = b.done.v;
	net->conds = b.conds.v;
	/* packing: bit 0 of word 0 is always set, so no state is all zero
	 * (base/kset.h) */
	uint32_t word = 0, used = 1;
	for (uint32_t i = 0; i < net->nleaves; i++) {
		struct net_leaf *l = &net->leaves[i];
		l->bits = bits_for(net->ltss[l->lts].nstates);
		uint32_t w;
		place(&word, &used, l->bits, &w, &l->shift);
		l->word = w;
	}
	for (uint32_t k = 0; k < net->ndone; k++)
		place(&word, &used, 1, &net->done[k].word, &net->done[k].shift);
	net->words = word + 1;
	net->bits = word * 64 + used;
	net->initial = xcalloc(net->words, sizeof *net->initial);
	net->initial[0] = 1;
	/* rules, and their index by pivot */
	net->nrules = top.r.n;
	net->rules = xmalloc(((size_t)top.r.n + 1) * sizeof *net->rules);
	net->parts = top.r.parts;
	for (uint32_t r = 0; r < top.r.n; r++)
		net->rules[r] = (struct net_rule){top.r.out[r], top.r.start[r], top.r.start[r + 1] - top.r.start[r]};
	free(top.r.out);
	free(top.r.start);
	struct pivsort *ps = xmalloc(((size_t)net->nrules + 1) * sizeof *ps);
	for (uint32_t r = 0; r < net->nrules; r++) {
		const struct net_part *p0 = &net->parts[net->rules[r].first];
		ps[r] = (struct pivsort){p0->leaf, p0->event, r};
	}
	qsort(ps, net->nrules, sizeof *ps, cmp_pivsort);
	net->piv_rules = xmalloc(((size_t)net->nrules + 1) * sizeof *net->piv_rules);
	net->pivots = xmalloc(((size_t)net->nrules + 1) * sizeof *net->pivots);
	net->piv_first = xcalloc((size_t)net->nleaves + 1, sizeof *net->piv_first);
	uint32_t npiv = 0;
	for (uint32_t r = 0; r < net->nrules; r++) {
		net->piv_rules[r] = ps[r].rule;
		if (r == 0 || ps[r].leaf != ps[r - 1].leaf || ps[r].event != ps[r - 1].event)
			net->pivots[npiv++] = (struct net_pivot){ps[r].event, r, 0};
		net->pivots[npiv - 1].n++;
	}
	/* piv_first[i]: the first pivot of leaf i */
	uint32_t k = 0;
	for (uint32_t i = 0; i <= net->nleaves; i++) {
		while (k < npiv && ps[net->pivots[k].first].leaf < i)
			k++;
		net->piv_first[i] = k;
	}
	free(ps);
	net->rt = xmalloc(((size_t)net->nleaves + 1) * sizeof *net->rt);
	for (uint32_t i = 0; i < net->nleaves; i++) {
		const struct net_leaf *l = &net->leaves[i];
		const struct lts *x = &net->ltss[l->lts];
		net->rt[i] = (struct net_rt){NULL, NULL, x->first, x->edges,
					     l->bits ? (((uint64_t)1 << l->bits) - 1) << l->shift : 0, l->word,
					     l->shift, net->piv_first[i], net->piv_first[i + 1] - net->piv_first[i]};
	}
	build_acts(net);
	return NET_OK;
}

void net_free(struct net *net)
{
	for (uint32_t i = 0; i < net->nltss; i++)
		lts_free(&net->ltss[i]);
	free(net->ltss);
	free(net->leaves);
	free(net->rules);
	free(net->parts);
	free(net->piv_first);
	free(net->pivots);
	free(net->piv_rules);
	free(net->done);
	free(net->conds);
	free(net->initial);
	free(net->rt);
	for (uint32_t i = 0; net->act_first && i < net->nleaves; i++) {
		free(net->act_first[i]);
		free(net->acts[i]);
	}
	free(net->act_first);
	free(net->acts);
	memset(net, 0, sizeof *net);
}

/* ---- successors ------------------------------------------------------------ */

static inline void set_field(uint64_t *st, const struct net_rt *r, uint64_t v)
{
	st[r->word] = (st[r->word] & ~r->mask) | (v << r->shift);
}

static inline void grow_succ(struct net_succ *o, uint32_t words)
{
	o->cap = o->cap ? o->cap * 2 : 64;
	o->event = xrealloc(o->event, o->cap * sizeof *o->event);
	o->rule = xrealloc(o->rule, o->cap * sizeof *o->rule);
	o->state = xrealloc(o->state, (size_t)o->cap * words * sizeof *o->state);
}

static inline __attribute__((always_inline)) uint64_t *emit(struct net_succ *o, uint32_t words,
							     const uint64_t *from, event_id e, uint32_t rule)
{
	if (__builtin_expect(o->n == o->cap, 0))
		grow_succ(o, words);
	o->event[o->n] = e;
	o->rule[o->n] = rule;
	uint64_t *s = o->state + (size_t)o->n * words;
	o->n++;
	for (uint32_t k = 0; k < words; k++)
		s[k] = from[k];
	return s;
}

/* Fire rule r (more than two parts): the pivot (part 0) moves to
 * `pivot_to`; every other part must offer its event, and each
 * combination of their targets is a successor. */
static void fire(const struct net *net, const uint64_t *st, const uint32_t *cur, uint32_t r, uint32_t pivot_to,
		 struct net_succ *o)
{
	const struct net_rule *rule = &net->rules[r];
	const struct net_part *parts = net->parts + rule->first;
	const struct net_rt *rt = net->rt;
	enum { SMALL = 16 };
	uint32_t lo_s[SMALL], hi_s[SMALL], at_s[SMALL];
	const struct lts_edge *row_s[SMALL];
	uint32_t n = rule->n;
	uint32_t *lo = lo_s, *hi = hi_s, *at = at_s;
	const struct lts_edge **row = row_s;
	if (n > SMALL) {
		lo = xmalloc(n * sizeof *lo);
		hi = xmalloc(n * sizeof *hi);
		at = xmalloc(n * sizeof *at);
		row = xmalloc(n * sizeof *row);
	}
	for (uint32_t k = 1; k < n; k++) {
		const struct net_rt *m = &rt[parts[k].leaf];
		uint32_t c = cur[parts[k].leaf];
		row[k] = m->edges + m->first[c];
		uint32_t ne = (uint32_t)(m->first[c + 1] - m->first[c]);
		lo[k] = 0;
		while (lo[k] < ne && row[k][lo[k]].event < parts[k].event)
			lo[k]++;
		hi[k] = lo[k];
		while (hi[k] < ne && row[k][hi[k]].event == parts[k].event)
			hi[k]++;
		if (lo[k] == hi[k])
			goto out;
		at[k] = lo[k];
	}
	for (;;) {
		uint64_t *s = emit(o, net->words, st, rule->out, r);
		set_field(s, &rt[parts[0].leaf], pivot_to);
		for (uint32_t k = 1; k < n; k++)
			set_field(s, &rt[parts[k].leaf], row[k][at[k]].target);
		uint32_t k = n;
		for (;;) {
			if (--k == 0)
				goto out;
			if (++at[k] < hi[k])
				break;
			at[k] = lo[k];
		}
	}
out:
	if (n > SMALL) {
		free(lo);
		free(hi);
		free(at);
		free(row);
	}
}

static bool cond_holds(const struct net *net, const uint64_t *st, const uint32_t *cur, const struct net_cond *c)
{
	if (c->is_leaf)
		return cur[c->index] == net->leaves[c->index].omega;
	const struct net_done *d = &net->done[c->index];
	return (st[d->word] >> d->shift) & 1;
}

/* The successor loop, inlined twice: for one-word states (the common
 * case, words a constant) and for any width. */
static inline __attribute__((always_inline)) void successors(const struct net *net, const uint64_t *st,
							      struct net_succ *o, uint32_t words)
{
	if (o->capcur < net->nleaves) {
		o->capcur = net->nleaves;
		o->cur = xrealloc(o->cur, o->capcur * sizeof *o->cur);
	}
	uint32_t *cur = o->cur;
	const struct net_rt *rt = net->rt;
	for (uint32_t i = 0; i < net->nleaves; i++)
		cur[i] = (uint32_t)((st[rt[i].word] & rt[i].mask) >> rt[i].shift);
	for (uint32_t i = 0; i < net->nleaves; i++) {
		const struct net_rt *l = &rt[i];
		uint32_t c = cur[i];
		if (l->act_first) {
			const struct net_act *a = l->acts + l->act_first[c], *end = l->acts + l->act_first[c + 1];
			for (; a < end; a++) {
				if (a->n == 1) {
					uint64_t *s = emit(o, words, st, a->out, a->rule);
					set_field(s, l, a->target);
				} else if (a->n == 2) {
					const struct net_rt *m = &rt[a->leaf2];
					uint32_t c1 = cur[a->leaf2];
					const struct lts_edge *row = m->edges + m->first[c1];
					uint32_t nr = (uint32_t)(m->first[c1 + 1] - m->first[c1]);
					for (uint32_t y = 0; y < nr && row[y].event <= a->ev2; y++) {
						if (row[y].event != a->ev2)
							continue;
						uint64_t *s = emit(o, words, st, a->out, a->rule);
						set_field(s, l, a->target);
						set_field(s, m, row[y].target);
					}
				} else {
					fire(net, st, cur, a->rule, a->target, o);
				}
			}
			continue;
		}
		const struct lts_edge *e = l->edges + l->first[c];
		uint32_t ne = (uint32_t)(l->first[c + 1] - l->first[c]);
		const struct net_pivot *pv = net->pivots + l->pv_first;
		uint32_t npv = l->npv, k = 0;
		for (uint32_t j = 0; j < ne; j++) {
			event_id ev = e[j].event;
			if (ev <= EVENT_TICK) {
				uint64_t *s = emit(o, words, st, ev == EVENT_TAU ? EVENT_TAU : net->leaves[i].tick_out,
						   ev == EVENT_TAU ? net_step_tau(net, i) : net_step_tick(net, i));
				set_field(s, l, e[j].target);
				continue;
			}
			while (k < npv && pv[k].event < ev)
				k++;
			if (k == npv)
				break;
			if (pv[k].event != ev)
				continue;
			for (uint32_t x = 0; x < pv[k].n; x++) {
				uint32_t r = net->piv_rules[pv[k].first + x];
				const struct net_rule *rule = &net->rules[r];
				if (rule->n == 1) {
					uint64_t *s = emit(o, words, st, rule->out, r);
					set_field(s, l, e[j].target);
				} else if (rule->n == 2) {
					const struct net_part *p1 = &net->parts[rule->first + 1];
					const struct net_rt *m = &rt[p1->leaf];
					uint32_t c1 = cur[p1->leaf];
					const struct lts_edge *row = m->edges + m->first[c1];
					uint32_t nr = (uint32_t)(m->first[c1 + 1] - m->first[c1]);
					for (uint32_t y = 0; y < nr && row[y].event <= p1->event; y++) {
						if (row[y].event != p1->event)
							continue;
						uint64_t *s = emit(o, words, st, rule->out, r);
						set_field(s, l, e[j].target);
						set_field(s, m, row[y].target);
					}
				} else {
					fire(net, st, cur, r, e[j].target, o);
				}
			}
		}
	}
	for (uint32_t k = 0; k < net->ndone; k++) {
		const struct net_done *d = &net->done[k];
		if ((st[d->word] >> d->shift) & 1)
			continue;
		bool all = true;
		for (uint32_t c = 0; c < d->n && all; c++)
			all = cond_holds(net, st, cur, &net->conds[d->first + c]);
		if (all) {
			uint64_t *s = emit(o, words, st, d->out, net_step_done(net, k));
			s[d->word] |= (uint64_t)1 << d->shift;
		}
	}
}

void net_successors(const struct net *net, const uint64_t *st, struct net_succ *o)
{
	if (net->words == 1)
		successors(net, st, o, 1);
	else
		successors(net, st, o, net->words);
}

void net_succ_free(struct net_succ *s)
{
	free(s->event);
	free(s->rule);
	free(s->state);
	free(s->cur);
	memset(s, 0, sizeof *s);
}

void net_step_parts(const struct net *net, uint32_t rule, struct net_part *parts, uint32_t *n)
{
	if (rule < net->nrules) {
		*n = net->rules[rule].n;
		memcpy(parts, net->parts + net->rules[rule].first, *n * sizeof *parts);
	} else if (rule < net->nrules + net->nleaves) {
		*n = 1;
		parts[0] = (struct net_part){rule - net->nrules, EVENT_TAU};
	} else if (rule < net->nrules + 2 * net->nleaves) {
		*n = 1;
		parts[0] = (struct net_part){rule - net->nrules - net->nleaves, EVENT_TICK};
	} else {
		*n = 0;
	}
}

/* ---- exploration ------------------------------------------------------------ */

struct edge_key {
	event_id event;
	uint32_t target;
};

static int cmp_edge_key(const void *x, const void *y)
{
	const struct edge_key *a = x, *b = y;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->target < b->target ? -1 : a->target > b->target;
}

/* Sort a few edges (insertion sort: rows are short) and drop duplicates. */
static uint32_t sort_unique(struct edge_key *e, uint32_t n)
{
	if (n > 32) {
		qsort(e, n, sizeof *e, cmp_edge_key);
	} else {
		for (uint32_t i = 1; i < n; i++) {
			struct edge_key x = e[i];
			uint32_t j = i;
			while (j > 0 && cmp_edge_key(&e[j - 1], &x) > 0) {
				e[j] = e[j - 1];
				j--;
			}
			e[j] = x;
		}
	}
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++)
		if (m == 0 || cmp_edge_key(&e[m - 1], &e[i]) != 0)
			e[m++] = e[i];
	return m;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define EXPLORE_BATCH 64

/* Count event e in the statistics: τ and ✓ as flags, a visible event
 * once (seen[] is a bitmap of nev event ids). */
static inline void note_event(struct net_explore_stats *st, uint8_t *seen, uint32_t nev, event_id e)
{
	if (e == EVENT_TAU)
		st->tau = true;
	else if (e == EVENT_TICK)
		st->tick = true;
	else if (e < nev && !seen[e]) {
		seen[e] = 1;
		st->events++;
	}
}

/* Order successors k of one state by (event, state words). */
struct count_sort {
	const struct net_succ *succ;
	uint32_t words;
};

static int cmp_succ(const struct count_sort *c, uint32_t x, uint32_t y)
{
	if (c->succ->event[x] != c->succ->event[y])
		return c->succ->event[x] < c->succ->event[y] ? -1 : 1;
	if (c->words == 1) {
		uint64_t a = c->succ->state[x], b = c->succ->state[y];
		return a < b ? -1 : a > b;
	}
	return memcmp(c->succ->state + (size_t)x * c->words, c->succ->state + (size_t)y * c->words,
		      c->words * sizeof(uint64_t));
}

/* The distinct (event, target) pairs among successors [lo, hi). */
static uint32_t count_distinct(const struct count_sort *c, uint32_t lo, uint32_t hi, uint32_t *ord)
{
	uint32_t n = hi - lo;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = lo + i, j = i;
		while (j > 0 && cmp_succ(c, ord[j - 1], x) > 0) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = x;
	}
	uint32_t m = n > 0;
	for (uint32_t i = 1; i < n; i++)
		m += cmp_succ(c, ord[i - 1], ord[i]) != 0;
	return m;
}

/* net_explore without an LTS to build: level by level, with an
 * inline-key visited set and only the current and next levels queued. */
static enum lts_result count_states(const struct net *net, uint64_t max_states, uint64_t max_bytes,
				    struct net_explore_stats *st)
{
	uint32_t w = net->words;
	struct kset seen;
	/* start the table near the size the state space can reach (the
	 * product of the leaves' sizes, capped), to spare most of the rehashes */
	double product = 1;
	for (uint32_t i = 0; i < net->nleaves && product < 4e6; i++)
		product *= net->ltss[net->leaves[i].lts].nstates;
	uint64_t expect = product < 1024 ? 1024 : product > max_states ? max_states : (uint64_t)product;
	kset_init(&seen, w, expect > ((uint64_t)1 << 22) ? (uint64_t)1 << 22 : expect);
	kset_insert(&seen, net->initial);
	typedef VEC(uint64_t) wordvec;
	wordvec level = {0}, next = {0};
	for (uint32_t k = 0; k < w; k++)
		vec_push(&level, net->initial[k]);
	struct net_succ succ = {0};
	struct count_sort cs = {&succ, w};
	uint32_t src_first[EXPLORE_BATCH + 1];
	uint64_t *hash = NULL;
	bool *add = NULL;
	uint32_t *ord = NULL;
	uint32_t capscratch = 0;
	uint32_t nev = net->sos->events->count + 1;
	uint8_t *seen_ev = xcalloc(nev, 1);
	uint64_t peak_queue = 0, batches = 0;
	enum lts_result res = LTS_OK;
	while (level.n > 0) {
		size_t nlevel = level.n / w;
		next.n = 0;
		for (size_t i = 0; i < nlevel; i += EXPLORE_BATCH) {
			size_t end = nlevel - i > EXPLORE_BATCH ? i + EXPLORE_BATCH : nlevel;
			succ.n = 0;
			for (size_t s = i; s < end; s++) {
				src_first[s - i] = succ.n;
				net_successors(net, level.v + s * w, &succ);
			}
			src_first[end - i] = succ.n;
			if (succ.n > capscratch) {
				capscratch = succ.n;
				hash = xrealloc(hash, capscratch * sizeof *hash);
				add = xrealloc(add, capscratch * sizeof *add);
				ord = xrealloc(ord, capscratch * sizeof *ord);
			}
			if (max_bytes != UINT64_MAX && kset_may_grow(&seen, succ.n) &&
			    lts_memory_used() + 2 * kset_bytes(&seen) > max_bytes) {
				res = LTS_MEMORY;
				goto out;
			}
			kset_insert_batch(&seen, succ.state, succ.n, hash, add);
			for (uint32_t k = 0; k < succ.n; k++) {
				if (add[k])
					for (uint32_t x = 0; x < w; x++)
						vec_push(&next, succ.state[(size_t)k * w + x]);
				note_event(st, seen_ev, nev, succ.event[k]);
			}
			for (size_t s = i; s < end; s++)
				st->transitions += count_distinct(&cs, src_first[s - i], src_first[s - i + 1], ord);
			if (seen.count > max_states) {
				res = LTS_LIMIT;
				goto out;
			}
			if (++batches % 16 == 0 && max_bytes != UINT64_MAX && lts_memory_used() > max_bytes) {
				res = LTS_MEMORY;
				goto out;
			}
		}
		uint64_t q = (level.cap + next.cap) * sizeof(uint64_t);
		if (q > peak_queue)
			peak_queue = q;
		wordvec t = level;
		level = next;
		next = t;
	}
	st->states = seen.count;
	st->store_bytes = kset_bytes(&seen) + peak_queue;
out:
	free(seen_ev);
	free(hash);
	free(add);
	free(ord);
	vec_free(&level);
	vec_free(&next);
	net_succ_free(&succ);
	kset_free(&seen);
	return res;
}


enum lts_result net_explore(const struct net *net, uint64_t max_states, uint64_t max_bytes, struct lts *out,
			    struct net_explore_stats *st)
{
	double t0 = now_seconds();
	memset(st, 0, sizeof *st);
	if (!out) {
		enum lts_result r = count_states(net, max_states, max_bytes, st);
		st->seconds = now_seconds() - t0;
		return r;
	}
	struct hset seen;
	hset_init(&seen, net->words, 1024);
	bool added;
	hset_insert(&seen, net->initial, &added);
	struct net_succ succ = {0};
	uint32_t src_first[EXPLORE_BATCH + 1];
	uint64_t *hash = NULL;
	uint32_t *idx = NULL;
	bool *add = NULL;
	uint32_t capscratch = 0;
	VEC(struct edge_key) row = {0};
	VEC(uint64_t) first = {0};
	VEC(struct lts_edge) edges = {0};
	/* visible events seen on transitions: a bitmap by event id */
	uint32_t nev = net->sos->events->count + 1;
	uint8_t *seen_ev = xcalloc(nev, 1);
	enum lts_result res = LTS_OK;
	for (uint32_t i = 0; i < seen.count;) {
		/* successors of a batch of states, then their look-ups together */
		uint32_t end = seen.count - i > EXPLORE_BATCH ? i + EXPLORE_BATCH : seen.count;
		succ.n = 0;
		for (uint32_t s = i; s < end; s++) {
			src_first[s - i] = succ.n;
			net_successors(net, hset_key(&seen, s), &succ);
		}
		src_first[end - i] = succ.n;
		if (succ.n > capscratch) {
			capscratch = succ.n;
			hash = xrealloc(hash, capscratch * sizeof *hash);
			idx = xrealloc(idx, capscratch * sizeof *idx);
			add = xrealloc(add, capscratch * sizeof *add);
		}
		uint32_t got = hset_insert_batch(&seen, succ.state, succ.n, hash, idx, add);
		if (got < succ.n || (got > 0 && idx[got - 1] == HSET_FULL) || seen.count > max_states) {
			res = LTS_LIMIT;
			goto out;
		}
		for (uint32_t s = i; s < end; s++) {
			row.n = 0;
			for (uint32_t k = src_first[s - i]; k < src_first[s - i + 1]; k++)
				vec_push(&row, ((struct edge_key){succ.event[k], idx[k]}));
			uint32_t m = sort_unique(row.v, (uint32_t)row.n);
			st->transitions += m;
			for (uint32_t k = 0; k < m; k++)
				note_event(st, seen_ev, nev, row.v[k].event);
			if (out) {
				vec_push(&first, (uint64_t)edges.n);
				for (uint32_t k = 0; k < m; k++)
					vec_push(&edges, ((struct lts_edge){row.v[k].event, row.v[k].target}));
			}
		}
		if ((i / EXPLORE_BATCH) % 16 == 15 && max_bytes != UINT64_MAX && lts_memory_used() > max_bytes) {
			res = LTS_MEMORY;
			goto out;
		}
		i = end;
	}
	st->states = seen.count;
	st->store_bytes = hset_bytes(&seen);
	if (out) {
		vec_push(&first, (uint64_t)edges.n);
		out->nstates = seen.count;
		out->ntrans = edges.n;
		out->first = first.v;
		out->edges = edges.v;
		out->proc = NULL;
		first.v = NULL;
		edges.v = NULL;
	}
out:
	st->seconds = now_seconds() - t0;
	free(hash);
	free(idx);
	free(add);
	free(seen_ev);
	vec_free(&first);
	vec_free(&edges);
	vec_free(&row);
	net_succ_free(&succ);
	hset_free(&seen);
	return res;
}

void net_write_leaves(FILE *out, const struct net *net)
{
	fprintf(out, "leaves %u (%u distinct), rules %u, state bits %u (%u word%s)\n", net->nleaves, net->nltss,
		net->nrules, net->bits, net->words, net->words == 1 ? "" : "s");
	for (uint32_t i = 0; i < net->nleaves; i++) {
		const struct net_leaf *l = &net->leaves[i];
		const struct lts *x = &net->ltss[l->lts];
		char buf[72];
		fprintf(out, "leaf %u: %u states, %llu transitions", i, x->nstates, (unsigned long long)x->ntrans);
		if (l->before)
			fprintf(out, " (%u states before compression)", l->before);
		fprintf(out, ": %s\n", sos_describe(net->sos, l->proc, buf, sizeof buf));
	}
}
