/*
 * lts/sos.c — firing rules of every CSP operator (see lts/sos.h).
 *
 * Two memo tables indexed by term id drive everything: the normal form of a
 * term (sos_normal) and its transitions (trans_of, packed into s->pool).
 * The rules of an operator read the memoised transitions of its normal
 * components and build successor terms from them (hash-consed, so equal
 * successors are one term). A memoised successor need not be normal (the
 * continuation of a prefix is a delayed call until it is needed):
 * sos_transitions normalises the successors of the state it is asked
 * about, so a continuation is unfolded only when its transition can
 * actually happen, never for a transition the context blocks.
 *
 * Event sets and renaming/link relations are values; each is turned once
 * into sorted event ids (struct sos_aux, indexed by value id) and checked:
 * it must be a finite set of events.
 *
 * Invariants: a memoised transition list is sorted by (event, proc) without
 * duplicates; every ✓ leads to s->omega; the terms whose transitions are
 * memoised are normal, and so are their components. Pointers
 * into s->pool, s->aux, s->memo and the term and value tables move when they
 * grow: the code keeps offsets and indices across calls that may grow them.
 */
#include "lts/sos.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/vec.h"
#include "semantics/eval_int.h"
#include "semantics/scope.h"

enum { ST_NONE, ST_BUSY, ST_DONE };

struct sos_memo {
	value_id norm;       /* the normal form, once known */
	uint8_t norm_state;
	uint8_t trans_state;
	uint32_t ntrans;
	size_t off;          /* into s->pool */
};


/* What a set value means as an event set, or a set of (from, to) tuples
 * as a relation between events (renaming, linked parallel). */
struct sos_aux {
	value_id key;           /* the set value */
	bool has_set, has_rel;
	struct event_set set;
	uint32_t npairs;
	struct sos_pair *by_from;   /* sorted by (from, to) */
	struct sos_pair *by_to;     /* sorted by (to, from) */
	/* a priority specification (see prio_spec): keyed by the sequence of
	 * prioritise, or by the tuple (A, O, M) of prioritisepo */
	bool has_prio, prio_order;
	uint32_t nprio;
	struct sos_pair *prio;      /* levels: (event, level) by event;
	                               order: (above, below) by (below, above) */
};

/* The one term Ω: STOP with a marker argument, so distinct from STOP. */
#define OMEGA_MARK UINT64_C(0x4f4d454741)
/* sos_normal nesting beyond which unfolding is called runaway. */
#define MAX_DEPTH 20000

typedef VEC(struct sos_trans) transvec;

static void sos_error(struct sos *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sos_error(struct sos *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_plain(s->diag, "%s", msg);
	s->errors++;
}

/* v in CSPm syntax, cut to fit buf. */
const char *sos_describe(struct sos *s, value_id v, char *buf, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		base_internal_error("open_memstream failed");
	eval_print(s->ev, m, v);
	fclose(m);
	if (len >= size) {
		/* cut before size - 4 bytes, at the start of a UTF-8 character */
		size_t cut = size - 4;
		while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(buf, text, cut);
		strcpy(buf + cut, "...");
	} else {
		memcpy(buf, text, len + 1);
	}
	free(text);
	return buf;
}

/* ---- the evaluator's internals, called under a catch point ------------- */

/* A complete event: a field-less channel, or a channel with every field. */
static bool is_event(struct eval *ev, value_id v)
{
	const struct value *x = value_get(ev->vt, v);
	value_id head = x->kind == VK_DOT ? x->elems[0] : v;
	const struct value *h = value_get(ev->vt, head);
	if (h->kind != VK_NAME || scope_sym(ev->st, h->sym)->kind != SYM_CHANNEL)
		return false;
	return dot_is_complete(ev, v);
}

struct check_events {
	value_id set;      /* a finite VK_SET */
	value_id bad;      /* out: the first element that is not an event */
};

static bool check_events_fn(struct eval *ev, void *ctx)
{
	struct check_events *c = ctx;
	const struct value *sv = value_get(ev->vt, c->set);
	for (uint32_t i = 0; i < sv->n; i++) {
		if (!is_event(ev, sv->elems[i])) {
			c->bad = sv->elems[i];
			return true;
		}
	}
	return true;
}

/* Expand a set of (from, to) tuples whose sides may be channels or partial
 * dots: each completion from.x of from (dot_productions) is related to the
 * completion to.x of to with the same remainder x (c <- d relates c.v to
 * d.v for every v). A completion of from with no such partner is recorded
 * in bad_from, since to.x is then not an event. */
struct expand_rel {
	value_id rel;
	VEC(value_id) out;     /* from0, to0, from1, to1, ... */
	value_id bad;          /* out: a tuple that is not a pair of events */
	value_id bad_from;     /* out: and the event without a partner, if that is why */
};

static bool expand_rel_fn(struct eval *ev, void *ctx)
{
	struct expand_rel *c = ctx;
	struct span none = {0, 0, 0};
	uint32_t n = value_get(ev->vt, c->rel)->n;
	for (uint32_t i = 0; i < n; i++) {
		value_id t = value_get(ev->vt, c->rel)->elems[i];
		const struct value *tv = value_get(ev->vt, t);
		if (tv->kind != VK_TUPLE || tv->n != 2) {
			c->bad = t;
			return true;
		}
		value_id from = tv->elems[0], to = tv->elems[1];
		value_id pf = dot_productions(ev, from, none);
		value_id pt = dot_productions(ev, to, none);
		uint32_t nf = value_get(ev->vt, pf)->n, nt = value_get(ev->vt, pt)->n;
		const value_id **trest = scratch(ev, ((size_t)nt + 1) * sizeof *trest);
		uint32_t *tn = scratch(ev, ((size_t)nt + 1) * sizeof *tn);
		for (uint32_t j = 0; j < nt; j++)
			trest[j] = dot_remainder(ev, to, value_get(ev->vt, pt)->elems[j], &tn[j]);
		for (uint32_t k = 0; k < nf; k++) {
			value_id e = value_get(ev->vt, pf)->elems[k];
			uint32_t rn;
			const value_id *rest = dot_remainder(ev, from, e, &rn);
			if (!rest)
				continue;
			value_id to2 = VALUE_NONE;
			for (uint32_t j = 0; j < nt && !to2; j++)
				if (trest[j] && tn[j] == rn && (rn == 0 || memcmp(trest[j], rest, rn * sizeof *rest) == 0))
					to2 = value_get(ev->vt, pt)->elems[j];
			if (!is_event(ev, e) || !to2 || !is_event(ev, to2)) {
				c->bad = t;
				c->bad_from = is_event(ev, e) && !to2 ? e : VALUE_NONE;
				return true;
			}
			vec_push(&c->out, e);
			vec_push(&c->out, to2);
		}
	}
	return true;
}

/* ---- tables --------------------------------------------------------------- */

void sos_init(struct sos *s, struct eval *ev, struct value_table *vt, struct term_table *tt,
	      struct event_table *events, struct diag *diag)
{
	memset(s, 0, sizeof *s);
	s->ev = ev;
	s->vt = vt;
	s->tt = tt;
	s->events = events;
	s->diag = diag;
	uint64_t mark = OMEGA_MARK;
	s->omega = value_proc(vt, term_make(tt, TERM_STOP, &mark, 1));
	s->stop = value_proc(vt, term_make(tt, TERM_STOP, NULL, 0));
}

void sos_free(struct sos *s)
{
	for (uint32_t i = 0; i < s->naux; i++) {
		event_set_free(&s->aux[i].set);
		free(s->aux[i].by_from);
		free(s->aux[i].by_to);
		free(s->aux[i].prio);
	}
	free(s->aux);
	free(s->aux_of);
	free(s->memo);
	free(s->pool);
	free(s->out);
	memset(s, 0, sizeof *s);
}

static term_id term_of(const struct sos *s, value_id p)
{
	return (term_id)value_get(s->vt, p)->u.i;
}

static struct sos_memo *memo(struct sos *s, term_id t)
{
	if (t >= s->nmemo) {
		uint32_t n = s->nmemo ? s->nmemo : 1024;
		while (n <= t)
			n *= 2;
		s->memo = xrealloc(s->memo, (size_t)n * sizeof *s->memo);
		memset(s->memo + s->nmemo, 0, (size_t)(n - s->nmemo) * sizeof *s->memo);
		s->nmemo = n;
	}
	return &s->memo[t];
}

static value_id mk(struct sos *s, enum term_op op, const uint64_t *args, uint32_t n)
{
	return value_proc(s->vt, term_make(s->tt, op, args, n));
}

/* A local copy of a term's operator and arguments (the table moves). */
struct tcopy {
	enum term_op op;
	uint32_t n;
	uint64_t a[8];
};

static void copy_term(const struct sos *s, value_id p, struct tcopy *c)
{
	const struct term *t = term_get(s->tt, term_of(s, p));
	c->op = (enum term_op)t->op;
	c->n = t->n < 8 ? t->n : 8;
	for (uint32_t i = 0; i < c->n; i++)
		c->a[i] = t->args[i];
}

/* The elements of a set or sequence value, copied (caller frees). */
static value_id *elems_copy(const struct sos *s, value_id v, uint32_t *n)
{
	const struct value *x = value_get(s->vt, v);
	*n = x->n;
	value_id *e = xmalloc(((size_t)x->n + 1) * sizeof *e);
	if (x->n)
		memcpy(e, x->elems, (size_t)x->n * sizeof *e);
	return e;
}

/* The index in s->aux of value v's entry, made empty on first use. The
 * index s->aux_of is open addressing on v (power of two, at most half
 * full), holding entry index + 1. */
static uint32_t aux_index(struct sos *s, value_id v)
{
	if (s->naux * 2 >= s->naux_of) {
		uint32_t n = s->naux_of ? s->naux_of * 2 : 64;
		uint32_t *slots = xcalloc(n, sizeof *slots);
		for (uint32_t k = 0; k < s->naux; k++) {
			uint32_t j = (uint32_t)hash_bytes(&s->aux[k].key, sizeof s->aux[k].key) & (n - 1);
			while (slots[j])
				j = (j + 1) & (n - 1);
			slots[j] = k + 1;
		}
		free(s->aux_of);
		s->aux_of = slots;
		s->naux_of = n;
	}
	uint32_t mask = s->naux_of - 1;
	uint32_t j = (uint32_t)hash_bytes(&v, sizeof v) & mask;
	for (; s->aux_of[j]; j = (j + 1) & mask)
		if (s->aux[s->aux_of[j] - 1].key == v)
			return s->aux_of[j] - 1;
	if (s->naux == s->capaux) {
		s->capaux = s->capaux ? s->capaux * 2 : 64;
		s->aux = xrealloc(s->aux, (size_t)s->capaux * sizeof *s->aux);
	}
	memset(&s->aux[s->naux], 0, sizeof s->aux[s->naux]);
	s->aux[s->naux].key = v;
	s->aux_of[j] = ++s->naux;
	return s->naux - 1;
}

/* The events of set value v (an index into s->aux), or UINT32_MAX after a
 * reported error: v must be a finite set of events. `what` names the use. */
static uint32_t evset(struct sos *s, value_id v, const char *what)
{
	uint32_t i = aux_index(s, v);
	if (s->aux[i].has_set)
		return i;
	char buf[256], ebuf[160];
	if (!value_is_set(s->vt, v)) {
		sos_error(s, "%s: expected a set of events, not %s", what, sos_describe(s, v, buf, sizeof buf));
		return UINT32_MAX;
	}
	if (!value_set_finite(s->vt, v)) {
		sos_error(s, "%s: the set of events %s is infinite", what, sos_describe(s, v, buf, sizeof buf));
		return UINT32_MAX;
	}
	value_id e = value_enumerate(s->vt, v);
	if (!e) {
		sos_error(s, "%s: the set %s is too large to enumerate", what, sos_describe(s, v, buf, sizeof buf));
		return UINT32_MAX;
	}
	struct check_events c = {e, VALUE_NONE};
	if (!eval_guard(s->ev, check_events_fn, &c))
		return UINT32_MAX;
	if (c.bad) {
		sos_error(s, "%s: %s is not an event (in the set %s)", what, sos_describe(s, c.bad, ebuf, sizeof ebuf),
			  sos_describe(s, v, buf, sizeof buf));
		return UINT32_MAX;
	}
	struct event_set set = event_set_of(s->events, s->vt, e);
	i = aux_index(s, v); /* unchanged, but s->aux may not be */
	s->aux[i].set = set;
	s->aux[i].has_set = true;
	return i;
}

static int cmp_pair_from(const void *x, const void *y)
{
	const struct sos_pair *a = x, *b = y;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return a->to < b->to ? -1 : a->to > b->to;
}

/* By `from` alone (a level table's event). */
static int cmp_event_of_pair(const void *x, const void *y)
{
	const struct sos_pair *a = x, *b = y;
	return a->from < b->from ? -1 : a->from > b->from;
}

static int cmp_pair_to(const void *x, const void *y)
{
	const struct sos_pair *a = x, *b = y;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return a->from < b->from ? -1 : a->from > b->from;
}

/* The relation a set of (from, to) tuples stands for, expanded to events
 * (an index into s->aux), or UINT32_MAX after a reported error. With
 * `one_to_one` (linked parallel) an event related to two is an error. */
static uint32_t relation(struct sos *s, value_id v, const char *what, bool one_to_one)
{
	uint32_t i = aux_index(s, v);
	char buf[256], tbuf[160];
	if (!s->aux[i].has_rel) {
		if (value_kind(s->vt, v) != VK_SET) {
			sos_error(s, "%s: expected a set of pairs of events, not %s", what,
				  sos_describe(s, v, buf, sizeof buf));
			return UINT32_MAX;
		}
		struct expand_rel c = {v, {0}, VALUE_NONE, VALUE_NONE};
		if (!eval_guard(s->ev, expand_rel_fn, &c)) {
			vec_free(&c.out);
			return UINT32_MAX;
		}
		if (c.bad_from) {
			char ebuf[160];
			sos_error(s, "%s: the pair %s relates %s to no event (its fields do not fit the other side)",
				  what, sos_describe(s, c.bad, tbuf, sizeof tbuf), sos_describe(s, c.bad_from, ebuf, sizeof ebuf));
			vec_free(&c.out);
			return UINT32_MAX;
		}
		if (c.bad) {
			sos_error(s, "%s: %s does not pair events with events", what,
				  sos_describe(s, c.bad, tbuf, sizeof tbuf));
			vec_free(&c.out);
			return UINT32_MAX;
		}
		uint32_t n = (uint32_t)(c.out.n / 2);
		struct sos_pair *pf = xmalloc(((size_t)n + 1) * sizeof *pf);
		for (uint32_t k = 0; k < n; k++)
			pf[k] = (struct sos_pair){event_intern(s->events, c.out.v[2 * k]),
					      event_intern(s->events, c.out.v[2 * k + 1])};
		vec_free(&c.out);
		qsort(pf, n, sizeof *pf, cmp_pair_from);
		uint32_t m = 0;
		for (uint32_t k = 0; k < n; k++)
			if (m == 0 || cmp_pair_from(&pf[m - 1], &pf[k]) != 0)
				pf[m++] = pf[k];
		struct sos_pair *pt = xmalloc(((size_t)m + 1) * sizeof *pt);
		memcpy(pt, pf, (size_t)m * sizeof *pt);
		qsort(pt, m, sizeof *pt, cmp_pair_to);
		i = aux_index(s, v);
		s->aux[i].by_from = pf;
		s->aux[i].by_to = pt;
		s->aux[i].npairs = m;
		s->aux[i].has_rel = true;
	}
	if (one_to_one) {
		const struct sos_aux *x = &s->aux[i];
		for (uint32_t k = 1; k < x->npairs; k++) {
			if (x->by_from[k].from == x->by_from[k - 1].from || x->by_to[k].to == x->by_to[k - 1].to) {
				sos_error(s, "%s: ambiguous links in %s: an event is linked to two events", what,
					  sos_describe(s, v, buf, sizeof buf));
				return UINT32_MAX;
			}
		}
	}
	return i;
}

/* ---- priority -------------------------------------------------------------- */

/*
 * FDR's priority operator (Roscoe, Understanding Concurrent Systems,
 * ch. 20; FDR's prioritise, prioritise_nocache, prioritisepo). A strict
 * partial order > on Σ ∪ {τ, ✓} in which τ and ✓ are maximal says which
 * actions pre-empt which; the one firing rule is
 *
 *     P -x-> P'   and no y > x with P -y->
 *     ----------------------------------------------   (✓ leads to Ω)
 *     prio(P) -x-> prio(P')
 *
 * prioritise(P, <X1, ..., Xn>) (the Xi disjoint, checked when the term is
 * built): y > x when y ∈ Xi or y ∈ {τ, ✓} with i = 1, x ∈ Xj, j > i. So
 * the events of X1 rank with τ and ✓ and are never blocked, an event of Xj
 * (j > 1) happens only when no τ, no ✓ and no event of X1 .. X(j-1) is
 * possible, and an event in no Xi is unordered: never blocked, never
 * blocking. This is stored as levels: τ, ✓ and X1 are level 0, Xj is
 * level j - 1, and an event fires when it has no level or its level is the
 * least among the events possible.
 *
 * prioritisepo(P, A, O, M) (checked when built: O ⊆ A × A acyclic, M ⊆ A,
 * nothing of M below anything): > is the transitive closure of
 * O ∪ {(τ, x), (✓, x) : x ∈ A − M}, a pair (y, x) saying that y pre-empts
 * x (libcspm, FDR's front end, builds exactly this order for FDR). Events
 * outside A are unordered. Stored as the pairs (y, x) of the closure,
 * sorted by x.
 */
static bool is_priority(const char *name)
{
	return strcmp(name, "prioritise") == 0 || strcmp(name, "prioritise_nocache") == 0 ||
	       strcmp(name, "prioritisepo") == 0;
}

/* The priority specification of the term c (prioritise or prioritisepo),
 * as an index into s->aux, or UINT32_MAX after a reported error. */
static uint32_t prio_spec(struct sos *s, const struct tcopy *c)
{
	bool po = strcmp(builtin_table[c->a[0]].name, "prioritisepo") == 0;
	value_id key = (value_id)c->a[2];
	if (po) {
		value_id t[3] = {(value_id)c->a[2], (value_id)c->a[3], (value_id)c->a[4]};
		key = value_tuple(s->vt, t, 3);
	}
	uint32_t i = aux_index(s, key);
	if (s->aux[i].has_prio)
		return i;
	VEC(struct sos_pair) pr = {0};
	bool ok = true;
	if (!po) {
		/* (event, level) for the events of each set */
		uint32_t n;
		value_id *sets = elems_copy(s, key, &n);
		for (uint32_t k = 0; k < n && ok; k++) {
			uint32_t x = evset(s, sets[k], "prioritise");
			if ((ok = x != UINT32_MAX))
				for (uint32_t j = 0; j < s->aux[x].set.n; j++)
					vec_push(&pr, ((struct sos_pair){s->aux[x].set.ids[j], k}));
		}
		free(sets);
		if (ok && pr.n > 1) {
			qsort(pr.v, pr.n, sizeof *pr.v, cmp_pair_from);
			/* an event in two sets (never, once the evaluator has
			 * checked) keeps its first */
			size_t m = 0;
			for (size_t k = 0; k < pr.n; k++)
				if (m == 0 || pr.v[m - 1].from != pr.v[k].from)
					pr.v[m++] = pr.v[k];
			pr.n = m;
		}
	} else {
		uint32_t A = evset(s, (value_id)c->a[2], "prioritisepo");
		uint32_t M = A == UINT32_MAX ? A : evset(s, (value_id)c->a[4], "prioritisepo");
		uint32_t O = M == UINT32_MAX ? M : relation(s, (value_id)c->a[3], "prioritisepo", false);
		ok = O != UINT32_MAX;
		if (ok) {
			for (uint32_t k = 0; k < s->aux[O].npairs; k++)
				vec_push(&pr, s->aux[O].by_from[k]);
			for (uint32_t k = 0; k < s->aux[A].set.n; k++) {
				event_id x = s->aux[A].set.ids[k];
				if (!event_set_member(&s->aux[M].set, x)) {
					vec_push(&pr, ((struct sos_pair){EVENT_TAU, x}));
					vec_push(&pr, ((struct sos_pair){EVENT_TICK, x}));
				}
			}
			/* transitive closure: add (y, z) for (y, x), (x, z) until
			 * nothing changes (orders are small) */
			for (bool grew = true; grew;) {
				grew = false;
				if (pr.n > 1)
					qsort(pr.v, pr.n, sizeof *pr.v, cmp_pair_from);
				size_t n0 = pr.n;
				for (size_t k = 0; k < n0; k++) {
					for (size_t j = 0; j < n0; j++) {
						if (pr.v[k].to != pr.v[j].from)
							continue;
						struct sos_pair yz = {pr.v[k].from, pr.v[j].to};
						if (!bsearch(&yz, pr.v, n0, sizeof *pr.v, cmp_pair_from)) {
							bool have = false;
							for (size_t q = n0; q < pr.n && !have; q++)
								have = cmp_pair_from(&pr.v[q], &yz) == 0;
							if (!have) {
								vec_push(&pr, yz);
								grew = true;
							}
						}
					}
				}
			}
			if (pr.n > 1)
				qsort(pr.v, pr.n, sizeof *pr.v, cmp_pair_to);
		}
	}
	if (!ok) {
		vec_free(&pr);
		return UINT32_MAX;
	}
	i = aux_index(s, key); /* unchanged, but s->aux may have moved */
	s->aux[i].has_prio = true;
	s->aux[i].prio_order = po;
	s->aux[i].nprio = (uint32_t)pr.n;
	s->aux[i].prio = xmalloc((pr.n + 1) * sizeof *pr.v);
	if (pr.n)
		memcpy(s->aux[i].prio, pr.v, pr.n * sizeof *pr.v);
	vec_free(&pr);
	return i;
}

bool sos_is_compression(const char *name)
{
	static const char *const names[] = {"normal", "lazynorm", "sbisim", "model_compress", "wbisim", "dbisim", "diamond",
					    "explicate", "lazyenumerate", "tau_loop_factor", "chase", "chase_nocache"};
	for (size_t k = 0; k < sizeof names / sizeof *names; k++)
		if (strcmp(names[k], name) == 0)
			return true;
	return false;
}

bool sos_event_set(struct sos *s, value_id set, const char *what, struct event_set *out)
{
	uint32_t i = evset(s, set, what);
	if (i == UINT32_MAX)
		return false;
	const struct event_set *x = &s->aux[i].set;
	out->n = x->n;
	out->ids = xmalloc(((size_t)x->n + 1) * sizeof *out->ids);
	if (x->n)
		memcpy(out->ids, x->ids, (size_t)x->n * sizeof *out->ids);
	return true;
}

bool sos_relation(struct sos *s, value_id rel, const char *what, bool one_to_one, struct sos_pair **pairs,
		  uint32_t *n)
{
	uint32_t i = relation(s, rel, what, one_to_one);
	if (i == UINT32_MAX)
		return false;
	const struct sos_aux *x = &s->aux[i];
	*n = x->npairs;
	*pairs = xmalloc(((size_t)x->npairs + 1) * sizeof **pairs);
	if (x->npairs)
		memcpy(*pairs, x->by_from, (size_t)x->npairs * sizeof **pairs);
	return true;
}

static bool in_set(const struct sos *s, uint32_t aux, event_id e)
{
	return event_set_member(&s->aux[aux].set, e);
}

/* The first pair of relation `aux` with from == e (by_from), or NULL. */
static const struct sos_pair *rel_from(const struct sos *s, uint32_t aux, event_id e, uint32_t *count)
{
	const struct sos_aux *x = &s->aux[aux];
	uint32_t lo = 0, hi = x->npairs;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (x->by_from[mid].from < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	uint32_t k = lo;
	while (k < x->npairs && x->by_from[k].from == e)
		k++;
	*count = k - lo;
	return k > lo ? &x->by_from[lo] : NULL;
}

static bool rel_has_to(const struct sos *s, uint32_t aux, event_id e)
{
	const struct sos_aux *x = &s->aux[aux];
	uint32_t lo = 0, hi = x->npairs;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (x->by_to[mid].to < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->npairs && x->by_to[lo].to == e;
}

/* ---- normal forms --------------------------------------------------------- */

static value_id norm_compute(struct sos *s, value_id p);
static value_id normal(struct sos *s, value_id p);

static value_id normal(struct sos *s, value_id p)
{
	if (!p)
		return VALUE_NONE;
	if (value_kind(s->vt, p) != VK_PROC) {
		char buf[160];
		sos_error(s, "expected a process, not %s", sos_describe(s, p, buf, sizeof buf));
		return VALUE_NONE;
	}
	term_id t = term_of(s, p);
	struct sos_memo *m = memo(s, t);
	if (m->norm_state == ST_DONE)
		return m->norm;
	if (m->norm_state == ST_BUSY || s->depth >= MAX_DEPTH) {
		char buf[200];
		sos_error(s, "%s: unguarded recursion: the process is defined in terms of itself (or unfolds "
			     "without end) before any event", sos_describe(s, p, buf, sizeof buf));
		return VALUE_NONE;
	}
	m->norm_state = ST_BUSY;
	s->depth++;
	value_id r = norm_compute(s, p);
	s->depth--;
	m = memo(s, t);
	m->norm_state = r ? ST_DONE : ST_NONE;
	m->norm = r;
	if (r && r != p) {
		m = memo(s, term_of(s, r));
		m->norm_state = ST_DONE;
		m->norm = r;
	}
	return r;
}

/* Normalise the processes at positions `which` (a bit per argument). */
static value_id norm_args(struct sos *s, value_id p, const struct tcopy *c, unsigned which)
{
	uint64_t a[8];
	bool changed = false;
	for (uint32_t i = 0; i < c->n; i++) {
		a[i] = c->a[i];
		if (which & (1u << i)) {
			value_id q = normal(s, (value_id)c->a[i]);
			if (!q)
				return VALUE_NONE;
			changed |= q != (value_id)c->a[i];
			a[i] = q;
		}
	}
	return changed ? mk(s, c->op, a, c->n) : p;
}

/* Normalise every process of a set or sequence value; NULL on error. */
static value_id *norm_elems(struct sos *s, value_id v, uint32_t *n)
{
	value_id *e = elems_copy(s, v, n);
	for (uint32_t i = 0; i < *n; i++) {
		e[i] = normal(s, e[i]);
		if (!e[i]) {
			free(e);
			return NULL;
		}
	}
	return e;
}

/* [] over a set of normal processes: STOP, the one process, or the term. */
static value_id mk_repext(struct sos *s, const value_id *e, uint32_t n)
{
	value_id set = value_set(s->vt, e, n);
	uint32_t m = value_get(s->vt, set)->n;
	if (m == 0)
		return s->stop;
	if (m == 1)
		return value_get(s->vt, set)->elems[0];
	uint64_t a[1] = {set};
	return mk(s, TERM_REPEXT, a, 1);
}

static value_id norm_compute(struct sos *s, value_id p)
{
	struct tcopy c;
	copy_term(s, p, &c);
	switch (c.op) {
	case TERM_DELAY: {
		value_id f = eval_force(s->ev, term_of(s, p));
		return f ? normal(s, f) : VALUE_NONE;
	}
	case TERM_STOP: case TERM_SKIP: case TERM_DIV: case TERM_PREFIX: case TERM_INTCHOICE:
	case TERM_REPINT: case TERM_CHAOS: case TERM_RUN:
		return p;
	case TERM_EXTCHOICE: case TERM_INTERLEAVE: case TERM_INTERRUPT:
		return norm_args(s, p, &c, 3);
	case TERM_GENPAR: case TERM_SYNCEXT: case TERM_SYNCINT: case TERM_LINKPAR:
		return norm_args(s, p, &c, 5);
	case TERM_ALPHAPAR:
		return norm_args(s, p, &c, 9);
	case TERM_SEQ: case TERM_SLIDING: case TERM_EXCEPTION: case TERM_HIDE: case TERM_RENAME:
		return norm_args(s, p, &c, 1);
	case TERM_REPEXT: {
		uint32_t n;
		value_id *e = norm_elems(s, (value_id)c.a[0], &n);
		if (!e)
			return VALUE_NONE;
		value_id r = mk_repext(s, e, n);
		free(e);
		return r;
	}
	case TERM_REPINTERLEAVE: case TERM_REPGENPAR: case TERM_REPSYNCEXT: {
		/* ||| and [|A|] over nothing are SKIP, [+A+] over nothing is
		 * STOP (as [] over nothing); over one process, that process */
		uint32_t k = c.op == TERM_REPINTERLEAVE ? 0 : 1, n;
		value_id *e = norm_elems(s, (value_id)c.a[k], &n);
		if (!e)
			return VALUE_NONE;
		value_id r;
		if (n == 0) {
			r = c.op == TERM_REPSYNCEXT ? s->stop : mk(s, TERM_SKIP, NULL, 0);
		} else if (n == 1) {
			r = e[0];
		} else {
			uint64_t a[2] = {c.a[0], c.a[1]};
			a[k] = value_seq(s->vt, e, n);
			r = mk(s, c.op, a, k + 1);
		}
		free(e);
		return r;
	}
	case TERM_REPALPHAPAR: {
		/* || over nothing is SKIP; one process keeps its alphabet */
		uint32_t n;
		value_id *e = elems_copy(s, (value_id)c.a[0], &n);
		value_id r = VALUE_NONE;
		for (uint32_t i = 0; i < n; i++) {
			const struct value *tv = value_get(s->vt, e[i]);
			value_id pair[2] = {tv->elems[0], tv->elems[1]};
			pair[1] = normal(s, pair[1]);
			if (!pair[1])
				goto out_alpha;
			e[i] = value_tuple(s->vt, pair, 2);
		}
		if (n == 0) {
			r = mk(s, TERM_SKIP, NULL, 0);
		} else {
			uint64_t a[1] = {value_seq(s->vt, e, n)};
			r = mk(s, TERM_REPALPHAPAR, a, 1);
		}
out_alpha:
		free(e);
		return r;
	}
	case TERM_REPSEQ: {
		/* ; over <P1, P2, ...> is P1 ; (; over <P2, ...>); over <P>, P;
		 * over nothing, SKIP */
		uint32_t n;
		value_id *e = elems_copy(s, (value_id)c.a[0], &n);
		value_id r;
		if (n == 0) {
			r = mk(s, TERM_SKIP, NULL, 0);
		} else if (n == 1) {
			r = normal(s, e[0]);
		} else {
			value_id first = normal(s, e[0]);
			uint64_t rest[1] = {value_seq(s->vt, e + 1, n - 1)};
			uint64_t a[2] = {first, mk(s, TERM_REPSEQ, rest, 1)};
			r = first ? normal(s, mk(s, TERM_SEQ, a, 2)) : VALUE_NONE;
		}
		free(e);
		return r;
	}
	case TERM_REPLINKPAR: {
		/* [ties] over <(t1, P1), ..., (tn, Pn)> is
		 * ((P1 [t1] P2) [t2] P3) ... [t(n-1)] Pn: the ties of an
		 * element link it to the next one */
		uint32_t n;
		value_id *e = elems_copy(s, (value_id)c.a[0], &n);
		value_id r = VALUE_NONE;
		if (n > 0) {
			r = value_get(s->vt, e[0])->elems[1];
			for (uint32_t i = 1; i < n; i++) {
				uint64_t a[3] = {r, value_get(s->vt, e[i - 1])->elems[0], value_get(s->vt, e[i])->elems[1]};
				r = mk(s, TERM_LINKPAR, a, 3);
			}
			r = normal(s, r);
		} else {
			sos_error(s, "linked parallel over nothing");
		}
		free(e);
		return r;
	}
	case TERM_APPLY: {
		uint64_t b = c.a[0];
		if (sos_is_compression(builtin_table[b].name))
			return p; /* compiled by the network layer, as a leaf of its own */
		if (is_priority(builtin_table[b].name))
			return norm_args(s, p, &c, 2);
		if (strcmp(builtin_table[b].name, "deter") == 0) {
			sos_error(s, "not supported: deter (FDR's documentation gives it no semantics to follow)");
			return VALUE_NONE;
		}
		sos_error(s, "not supported yet: %s (the LTS compiler does not implement it)", builtin_table[b].name);
		return VALUE_NONE;
	}
	case TERM_NOPS:
		break;
	}
	base_internal_error("sos: unknown term operator %d", (int)c.op);
}

/* ---- transitions ---------------------------------------------------------- */

static bool trans_of(struct sos *s, value_id p, size_t *off, uint32_t *n);

static inline const struct sos_trans *pool_at(const struct sos *s, size_t off)
{
	return s->pool + off;
}

static void push(transvec *out, event_id e, value_id p)
{
	vec_push(out, ((struct sos_trans){e, p}));
}

/* The index of the first transition with event >= e in t[0..n). */
static uint32_t lower(const struct sos_trans *t, uint32_t n, event_id e)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t[mid].event < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Components of an n-ary operator: the processes, their memoised
 * transitions, and how to rebuild the term around new components. */
struct comps {
	enum term_op op;
	struct tcopy c;          /* the term */
	uint32_t n;
	value_id *p;             /* components (owned) */
	value_id *alpha_v;       /* REPALPHAPAR: alphabet values (owned) */
	size_t *off;             /* transitions of p[i] in s->pool */
	uint32_t *cnt;
};

static void comps_free(struct comps *k)
{
	free(k->p);
	free(k->alpha_v);
	free(k->off);
	free(k->cnt);
}

/* Gather the components of p (an n-ary or binary operator) and their
 * transitions. */
static bool comps_get(struct sos *s, value_id p, struct comps *k)
{
	memset(k, 0, sizeof *k);
	copy_term(s, p, &k->c);
	k->op = k->c.op;
	switch (k->op) {
	case TERM_EXTCHOICE: case TERM_INTERLEAVE:
		k->n = 2;
		k->p = xmalloc(2 * sizeof *k->p);
		k->p[0] = (value_id)k->c.a[0];
		k->p[1] = (value_id)k->c.a[1];
		break;
	case TERM_GENPAR: case TERM_SYNCEXT:
		k->n = 2;
		k->p = xmalloc(2 * sizeof *k->p);
		k->p[0] = (value_id)k->c.a[0];
		k->p[1] = (value_id)k->c.a[2];
		break;
	case TERM_ALPHAPAR:
		k->n = 2;
		k->p = xmalloc(2 * sizeof *k->p);
		k->alpha_v = xmalloc(2 * sizeof *k->alpha_v);
		k->p[0] = (value_id)k->c.a[0];
		k->p[1] = (value_id)k->c.a[3];
		k->alpha_v[0] = (value_id)k->c.a[1];
		k->alpha_v[1] = (value_id)k->c.a[2];
		break;
	case TERM_REPEXT: case TERM_REPINTERLEAVE:
		k->p = elems_copy(s, (value_id)k->c.a[0], &k->n);
		break;
	case TERM_REPGENPAR: case TERM_REPSYNCEXT:
		k->p = elems_copy(s, (value_id)k->c.a[1], &k->n);
		break;
	case TERM_REPALPHAPAR: {
		value_id *e = elems_copy(s, (value_id)k->c.a[0], &k->n);
		k->p = xmalloc(((size_t)k->n + 1) * sizeof *k->p);
		k->alpha_v = xmalloc(((size_t)k->n + 1) * sizeof *k->alpha_v);
		for (uint32_t i = 0; i < k->n; i++) {
			k->alpha_v[i] = value_get(s->vt, e[i])->elems[0];
			k->p[i] = value_get(s->vt, e[i])->elems[1];
		}
		free(e);
		break;
	}
	default:
		base_internal_error("sos: comps_get on %s", term_op_name(k->op));
	}
	k->off = xmalloc(((size_t)k->n + 1) * sizeof *k->off);
	k->cnt = xmalloc(((size_t)k->n + 1) * sizeof *k->cnt);
	for (uint32_t i = 0; i < k->n; i++)
		if (!trans_of(s, k->p[i], &k->off[i], &k->cnt[i]))
			return false;
	return true;
}

/* The term with components q[0..n) in place of k's. */
static value_id comps_rebuild(struct sos *s, const struct comps *k, const value_id *q)
{
	uint64_t a[4];
	switch (k->op) {
	case TERM_EXTCHOICE: case TERM_INTERLEAVE:
		a[0] = q[0];
		a[1] = q[1];
		return mk(s, k->op, a, 2);
	case TERM_GENPAR: case TERM_SYNCEXT:
		a[0] = q[0];
		a[1] = k->c.a[1];
		a[2] = q[1];
		return mk(s, k->op, a, 3);
	case TERM_ALPHAPAR:
		a[0] = q[0];
		a[1] = k->c.a[1];
		a[2] = k->c.a[2];
		a[3] = q[1];
		return mk(s, k->op, a, 4);
	case TERM_REPEXT:
		return mk_repext(s, q, k->n);
	case TERM_REPINTERLEAVE:
		a[0] = value_seq(s->vt, q, k->n);
		return mk(s, k->op, a, 1);
	case TERM_REPGENPAR: case TERM_REPSYNCEXT:
		a[0] = k->c.a[0];
		a[1] = value_seq(s->vt, q, k->n);
		return mk(s, k->op, a, 2);
	case TERM_REPALPHAPAR: {
		value_id *t = xmalloc(((size_t)k->n + 1) * sizeof *t);
		for (uint32_t i = 0; i < k->n; i++) {
			value_id pair[2] = {k->alpha_v[i], q[i]};
			t[i] = value_tuple(s->vt, pair, 2);
		}
		a[0] = value_seq(s->vt, t, k->n);
		free(t);
		return mk(s, k->op, a, 1);
	}
	default:
		base_internal_error("sos: comps_rebuild on %s", term_op_name(k->op));
	}
}

/* k's term with component i replaced by r. */
static value_id comps_with(struct sos *s, const struct comps *k, uint32_t i, value_id r)
{
	value_id *q = xmalloc(((size_t)k->n + 1) * sizeof *q);
	memcpy(q, k->p, (size_t)k->n * sizeof *q);
	q[i] = r;
	value_id v = comps_rebuild(s, k, q);
	free(q);
	return v;
}

/* Every way the components in `who` (others stay) can all do e together:
 * emit (as, rebuilt term) for each combination of their e-successors. */
static void sync_product(struct sos *s, const struct comps *k, const uint32_t *who, uint32_t nwho, uint32_t at,
			 value_id *q, event_id e, event_id as, transvec *out)
{
	if (at == nwho) {
		push(out, as, comps_rebuild(s, k, q));
		return;
	}
	uint32_t i = who[at];
	const struct sos_trans *t = pool_at(s, k->off[i]);
	for (uint32_t j = lower(t, k->cnt[i], e); j < k->cnt[i] && t[j].event == e; j++) {
		q[i] = t[j].proc;
		sync_product(s, k, who, nwho, at + 1, q, e, as, out);
		t = pool_at(s, k->off[i]);
	}
	q[i] = k->p[i];
}

/* Does component i offer e? */
static bool offers(const struct sos *s, const struct comps *k, uint32_t i, event_id e)
{
	const struct sos_trans *t = pool_at(s, k->off[i]);
	uint32_t j = lower(t, k->cnt[i], e);
	return j < k->cnt[i] && t[j].event == e;
}

static int cmp_event(const void *x, const void *y)
{
	event_id a = *(const event_id *)x, b = *(const event_id *)y;
	return a < b ? -1 : a > b;
}

/* Parallel composition: `sync` (an aux index, or UINT32_MAX for none) is
 * the set every component must agree on; `alpha` (per component aux
 * indices, or NULL) the alphabets of [ A || B ] and || forms, where an
 * event is done by exactly the components whose alphabet holds it. τ is
 * independent, ✓ of a component is a τ to Ω in its place, and when every
 * component is Ω the composition does ✓ (distributed termination). */
static void par_rules(struct sos *s, const struct comps *k, uint32_t sync, const uint32_t *alpha, transvec *out)
{
	bool all_omega = k->n > 0;
	value_id *q = xmalloc(((size_t)k->n + 1) * sizeof *q);
	uint32_t *who = xmalloc(((size_t)k->n + 1) * sizeof *who);
	VEC(event_id) cand = {0};
	for (uint32_t i = 0; i < k->n; i++) {
		all_omega &= sos_is_omega(s, k->p[i]);
		for (uint32_t j = 0; j < k->cnt[i]; j++) {
			struct sos_trans t = pool_at(s, k->off[i])[j];
			if (t.event == EVENT_TAU) {
				push(out, EVENT_TAU, comps_with(s, k, i, t.proc));
			} else if (t.event == EVENT_TICK) {
				push(out, EVENT_TAU, comps_with(s, k, i, s->omega));
			} else if (alpha) {
				if (in_set(s, alpha[i], t.event))
					vec_push(&cand, t.event);
			} else if (sync != UINT32_MAX && in_set(s, sync, t.event)) {
				if (i == 0)
					vec_push(&cand, t.event);
			} else {
				push(out, t.event, comps_with(s, k, i, t.proc));
			}
		}
	}
	if (all_omega)
		push(out, EVENT_TICK, s->omega);
	/* synchronised events, each once */
	if (cand.n > 1)
		qsort(cand.v, cand.n, sizeof *cand.v, cmp_event);
	for (size_t x = 0; x < cand.n; x++) {
		event_id e = cand.v[x];
		if (x > 0 && cand.v[x - 1] == e)
			continue;
		uint32_t nwho = 0;
		bool all = true;
		for (uint32_t i = 0; i < k->n; i++) {
			if (alpha && !in_set(s, alpha[i], e))
				continue;
			who[nwho++] = i;
			all &= offers(s, k, i, e);
		}
		if (!all)
			continue;
		memcpy(q, k->p, (size_t)k->n * sizeof *q);
		sync_product(s, k, who, nwho, 0, q, e, e, out);
	}
	vec_free(&cand);
	free(who);
	free(q);
}

/* External choice ([] and [] over a set) and synchronising external choice
 * [+ A +]: τ of a component keeps the choice; a visible event outside A or
 * ✓ resolves it; an event of A is done by every component together and
 * keeps the choice (FDR 4 manual; chris-hydon/cpex
 * haskell/Cpex/Transitions.hs has the same rules). */
static void choice_rules(struct sos *s, const struct comps *k, uint32_t sync, transvec *out)
{
	for (uint32_t i = 0; i < k->n; i++) {
		for (uint32_t j = 0; j < k->cnt[i]; j++) {
			struct sos_trans t = pool_at(s, k->off[i])[j];
			if (t.event == EVENT_TAU)
				push(out, EVENT_TAU, comps_with(s, k, i, t.proc));
			else if (t.event == EVENT_TICK || sync == UINT32_MAX || !in_set(s, sync, t.event))
				push(out, t.event, t.proc);
		}
	}
	if (sync == UINT32_MAX || k->n == 0)
		return;
	value_id *q = xmalloc(((size_t)k->n + 1) * sizeof *q);
	uint32_t *who = xmalloc(((size_t)k->n + 1) * sizeof *who);
	for (uint32_t i = 0; i < k->n; i++)
		who[i] = i;
	event_id last = EVENT_TAU;
	for (uint32_t j = 0; j < k->cnt[0]; j++) {
		event_id e = pool_at(s, k->off[0])[j].event;
		if (e == last || e == EVENT_TAU || e == EVENT_TICK || !in_set(s, sync, e))
			continue;
		last = e;
		bool all = true;
		for (uint32_t i = 1; i < k->n && all; i++)
			all = offers(s, k, i, e);
		if (!all)
			continue;
		memcpy(q, k->p, (size_t)k->n * sizeof *q);
		sync_product(s, k, who, k->n, 0, q, e, e, out);
	}
	free(who);
	free(q);
}

static bool nary_rules(struct sos *s, value_id p, transvec *out)
{
	struct comps k;
	bool ok = comps_get(s, p, &k);
	if (!ok)
		goto out;
	switch (k.op) {
	case TERM_EXTCHOICE: case TERM_REPEXT:
		choice_rules(s, &k, UINT32_MAX, out);
		break;
	case TERM_SYNCEXT: case TERM_REPSYNCEXT: {
		uint32_t a = evset(s, (value_id)k.c.a[k.op == TERM_SYNCEXT ? 1 : 0], "synchronising external choice");
		if ((ok = a != UINT32_MAX))
			choice_rules(s, &k, a, out);
		break;
	}
	case TERM_INTERLEAVE: case TERM_REPINTERLEAVE:
		par_rules(s, &k, UINT32_MAX, NULL, out);
		break;
	case TERM_GENPAR: case TERM_REPGENPAR: {
		uint32_t a = evset(s, (value_id)k.c.a[k.op == TERM_GENPAR ? 1 : 0], "generalised parallel");
		if ((ok = a != UINT32_MAX))
			par_rules(s, &k, a, NULL, out);
		break;
	}
	case TERM_ALPHAPAR: case TERM_REPALPHAPAR: {
		uint32_t *alpha = xmalloc(((size_t)k.n + 1) * sizeof *alpha);
		for (uint32_t i = 0; i < k.n && ok; i++) {
			alpha[i] = evset(s, k.alpha_v[i], "alphabetised parallel");
			ok = alpha[i] != UINT32_MAX;
		}
		if (ok)
			par_rules(s, &k, UINT32_MAX, alpha, out);
		free(alpha);
		break;
	}
	default:
		base_internal_error("sos: nary_rules on %s", term_op_name(k.op));
	}
out:
	comps_free(&k);
	return ok;
}

/* P [ ties ] Q: P's a and Q's b with (a, b) a tie happen together as τ;
 * neither happens alone; other events interleave; termination as [| |]. */
static bool link_rules(struct sos *s, const struct tcopy *c, transvec *out)
{
	value_id P = (value_id)c->a[0], Q = (value_id)c->a[2];
	uint64_t a[3] = {c->a[0], c->a[1], c->a[2]};
	size_t op, oq;
	uint32_t np, nq;
	if (!trans_of(s, P, &op, &np) || !trans_of(s, Q, &oq, &nq))
		return false;
	uint32_t rel = relation(s, (value_id)c->a[1], "linked parallel", true);
	if (rel == UINT32_MAX)
		return false;
	for (uint32_t j = 0; j < np; j++) {
		struct sos_trans t = pool_at(s, op)[j];
		uint32_t cnt;
		const struct sos_pair *pr;
		if (t.event == EVENT_TAU || t.event == EVENT_TICK) {
			a[0] = t.event == EVENT_TAU ? t.proc : s->omega;
			a[2] = Q;
			push(out, EVENT_TAU, mk(s, TERM_LINKPAR, a, 3));
		} else if ((pr = rel_from(s, rel, t.event, &cnt)) != NULL) {
			event_id partner = pr->to;
			const struct sos_trans *u = pool_at(s, oq);
			for (uint32_t i = lower(u, nq, partner); i < nq && u[i].event == partner; i++) {
				a[0] = t.proc;
				a[2] = u[i].proc;
				push(out, EVENT_TAU, mk(s, TERM_LINKPAR, a, 3));
				u = pool_at(s, oq);
			}
		} else {
			a[0] = t.proc;
			a[2] = Q;
			push(out, t.event, mk(s, TERM_LINKPAR, a, 3));
		}
	}
	for (uint32_t j = 0; j < nq; j++) {
		struct sos_trans t = pool_at(s, oq)[j];
		a[0] = P;
		if (t.event == EVENT_TAU || t.event == EVENT_TICK) {
			a[2] = t.event == EVENT_TAU ? t.proc : s->omega;
			push(out, EVENT_TAU, mk(s, TERM_LINKPAR, a, 3));
		} else if (!rel_has_to(s, rel, t.event)) {
			a[2] = t.proc;
			push(out, t.event, mk(s, TERM_LINKPAR, a, 3));
		}
	}
	if (sos_is_omega(s, P) && sos_is_omega(s, Q))
		push(out, EVENT_TICK, s->omega);
	return true;
}

/* prio(P): P's transitions that nothing possible pre-empts (see
 * prio_spec), each to prio(P'), ✓ to Ω. */
static bool prio_rules(struct sos *s, const struct tcopy *c, transvec *out)
{
	size_t off;
	uint32_t n;
	if (!trans_of(s, (value_id)c->a[1], &off, &n))
		return false;
	uint32_t x = prio_spec(s, c);
	if (x == UINT32_MAX)
		return false;
	const struct sos_trans *t = pool_at(s, off);
	const struct sos_aux *spec = &s->aux[x];
	uint64_t a[8];
	memcpy(a, c->a, sizeof a);
	uint32_t least = UINT32_MAX;
	uint32_t *level = xmalloc(((size_t)n + 1) * sizeof *level);
	for (uint32_t j = 0; j < n && !spec->prio_order; j++) {
		level[j] = UINT32_MAX; /* unordered */
		if (t[j].event == EVENT_TAU || t[j].event == EVENT_TICK) {
			level[j] = 0;
		} else {
			struct sos_pair key = {t[j].event, 0};
			const struct sos_pair *f = bsearch(&key, spec->prio, spec->nprio, sizeof key, cmp_event_of_pair);
			if (f)
				level[j] = f->to;
		}
		if (level[j] < least)
			least = level[j];
	}
	for (uint32_t j = 0; j < n; j++) {
		bool blocked = false;
		if (!spec->prio_order) {
			blocked = level[j] != UINT32_MAX && level[j] > least;
		} else {
			/* the pairs (y, e) with e = t[j].event: is some y possible? */
			uint32_t lo = 0, hi = spec->nprio;
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;
				if (spec->prio[mid].to < t[j].event)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (uint32_t k = lo; k < spec->nprio && spec->prio[k].to == t[j].event && !blocked; k++) {
				uint32_t at = lower(t, n, spec->prio[k].from);
				blocked = at < n && t[at].event == spec->prio[k].from;
			}
		}
		if (blocked)
			continue;
		if (t[j].event == EVENT_TICK) {
			push(out, EVENT_TICK, s->omega);
		} else {
			a[1] = t[j].proc;
			push(out, t[j].event, mk(s, TERM_APPLY, a, c->n));
		}
		t = pool_at(s, off);
		spec = &s->aux[x];
	}
	free(level);
	return true;
}

/* The transitions of normal process p, unsorted, into out. */
static bool trans_compute(struct sos *s, value_id p, transvec *out)
{
	struct tcopy c;
	copy_term(s, p, &c);
	size_t off;
	uint32_t n;
	switch (c.op) {
	case TERM_STOP:
		return true;            /* STOP and Ω */
	case TERM_SKIP:
		push(out, EVENT_TICK, s->omega);
		return true;
	case TERM_DIV:
		push(out, EVENT_TAU, p);
		return true;
	case TERM_PREFIX:
		push(out, event_intern(s->events, (value_id)c.a[0]), (value_id)c.a[1]);
		return true;
	case TERM_INTCHOICE:
		push(out, EVENT_TAU, (value_id)c.a[0]);
		push(out, EVENT_TAU, (value_id)c.a[1]);
		return true;
	case TERM_REPINT: {
		value_id *e = elems_copy(s, (value_id)c.a[0], &n);
		for (uint32_t i = 0; i < n; i++)
			push(out, EVENT_TAU, e[i]);
		free(e);
		return true;
	}
	case TERM_SEQ: {
		/* P ; Q: P's ✓ becomes τ to Q */
		if (!trans_of(s, (value_id)c.a[0], &off, &n))
			return false;
		for (uint32_t j = 0; j < n; j++) {
			struct sos_trans t = pool_at(s, off)[j];
			if (t.event == EVENT_TICK) {
				push(out, EVENT_TAU, (value_id)c.a[1]);
			} else {
				uint64_t a[2] = {t.proc, c.a[1]};
				push(out, t.event, mk(s, TERM_SEQ, a, 2));
			}
		}
		return true;
	}
	case TERM_SLIDING: {
		/* P [> Q: P's τ keeps the choice, its other events resolve it;
		 * and a τ to Q */
		if (!trans_of(s, (value_id)c.a[0], &off, &n))
			return false;
		for (uint32_t j = 0; j < n; j++) {
			struct sos_trans t = pool_at(s, off)[j];
			if (t.event == EVENT_TAU) {
				uint64_t a[2] = {t.proc, c.a[1]};
				push(out, EVENT_TAU, mk(s, TERM_SLIDING, a, 2));
			} else {
				push(out, t.event, t.proc);
			}
		}
		push(out, EVENT_TAU, (value_id)c.a[1]);
		return true;
	}
	case TERM_INTERRUPT: {
		/* P /\ Q: P runs on (its ✓ ends everything); Q's τ keeps the
		 * interrupt, its other events take over */
		size_t oq;
		uint32_t nq;
		if (!trans_of(s, (value_id)c.a[0], &off, &n) || !trans_of(s, (value_id)c.a[1], &oq, &nq))
			return false;
		for (uint32_t j = 0; j < n; j++) {
			struct sos_trans t = pool_at(s, off)[j];
			uint64_t a[2] = {t.proc, c.a[1]};
			if (t.event == EVENT_TICK)
				push(out, EVENT_TICK, s->omega);
			else
				push(out, t.event, mk(s, TERM_INTERRUPT, a, 2));
		}
		for (uint32_t j = 0; j < nq; j++) {
			struct sos_trans t = pool_at(s, oq)[j];
			uint64_t a[2] = {c.a[0], t.proc};
			if (t.event == EVENT_TAU)
				push(out, EVENT_TAU, mk(s, TERM_INTERRUPT, a, 2));
			else
				push(out, t.event, t.proc);
		}
		return true;
	}
	case TERM_SYNCINT: {
		/* P /+ A +\ Q (FDR's synchronising interrupt): as P /\ Q, but
		 * an event of A is done by P and Q together and does not
		 * interrupt; P alone cannot do A, nor Q alone. Rules from the
		 * FDR 4 manual's description of the operator ("events in A are
		 * synchronised between P and Q and do not trigger the
		 * interrupt"), cross-checked with chris-hydon/cpex
		 * haskell/Cpex/Transitions.hs; ✓ of P goes to Ω as for /\. */
		size_t oq;
		uint32_t nq;
		if (!trans_of(s, (value_id)c.a[0], &off, &n) || !trans_of(s, (value_id)c.a[2], &oq, &nq))
			return false;
		uint32_t A = evset(s, (value_id)c.a[1], "synchronising interrupt");
		if (A == UINT32_MAX)
			return false;
		for (uint32_t j = 0; j < n; j++) {
			struct sos_trans t = pool_at(s, off)[j];
			uint64_t a[3] = {t.proc, c.a[1], c.a[2]};
			if (t.event == EVENT_TICK) {
				push(out, EVENT_TICK, s->omega);
			} else if (t.event == EVENT_TAU || !in_set(s, A, t.event)) {
				push(out, t.event, mk(s, TERM_SYNCINT, a, 3));
			} else {
				const struct sos_trans *u = pool_at(s, oq);
				for (uint32_t i = lower(u, nq, t.event); i < nq && u[i].event == t.event; i++) {
					a[2] = u[i].proc;
					push(out, t.event, mk(s, TERM_SYNCINT, a, 3));
					u = pool_at(s, oq);
				}
			}
		}
		for (uint32_t j = 0; j < nq; j++) {
			struct sos_trans t = pool_at(s, oq)[j];
			uint64_t a[3] = {c.a[0], c.a[1], t.proc};
			if (t.event == EVENT_TAU)
				push(out, EVENT_TAU, mk(s, TERM_SYNCINT, a, 3));
			else if (t.event == EVENT_TICK || !in_set(s, A, t.event))
				push(out, t.event, t.proc);
		}
		return true;
	}
	case TERM_EXCEPTION: {
		/* P [| A |> Q: P runs on until it does an event of A, then Q */
		if (!trans_of(s, (value_id)c.a[0], &off, &n))
			return false;
		uint32_t A = evset(s, (value_id)c.a[1], "exception");
		if (A == UINT32_MAX)
			return false;
		for (uint32_t j = 0; j < n; j++) {
			struct sos_trans t = pool_at(s, off)[j];
			if (t.event == EVENT_TICK) {
				push(out, EVENT_TICK, s->omega);
			} else if (t.event != EVENT_TAU && in_set(s, A, t.event)) {
				push(out, t.event, (value_id)c.a[2]);
			} else {
				uint64_t a[3] = {t.proc, c.a[1], c.a[2]};
				push(out, t.event, mk(s, TERM_EXCEPTION, a, 3));
			}
		}
		return true;
	}
	case TERM_HIDE: {
		/* P \ A: events of A become τ; ✓ is never hidden */
		if (!trans_of(s, (value_id)c.a[0], &off, &n))
			return false;
		uint32_t A = evset(s, (value_id)c.a[1], "hiding");
		if (A == UINT32_MAX)
			return false;
		for (uint32_t j = 0; j < n; j++) {
			struct sos_trans t = pool_at(s, off)[j];
			uint64_t a[2] = {t.proc, c.a[1]};
			if (t.event == EVENT_TICK)
				push(out, EVENT_TICK, s->omega);
			else
				push(out, in_set(s, A, t.event) ? EVENT_TAU : t.event, mk(s, TERM_HIDE, a, 2));
		}
		return true;
	}
	case TERM_RENAME: {
		/* P [[R]]: a becomes every b with a R b, or stays a if a is not
		 * renamed; τ and ✓ unchanged */
		if (!trans_of(s, (value_id)c.a[0], &off, &n))
			return false;
		uint32_t R = relation(s, (value_id)c.a[1], "renaming", false);
		if (R == UINT32_MAX)
			return false;
		for (uint32_t j = 0; j < n; j++) {
			struct sos_trans t = pool_at(s, off)[j];
			uint64_t a[2] = {t.proc, c.a[1]};
			uint32_t cnt = 0;
			const struct sos_pair *pr = NULL;
			if (t.event == EVENT_TICK) {
				push(out, EVENT_TICK, s->omega);
				continue;
			}
			value_id q = mk(s, TERM_RENAME, a, 2);
			if (t.event != EVENT_TAU)
				pr = rel_from(s, R, t.event, &cnt);
			if (!pr) {
				push(out, t.event, q);
				continue;
			}
			for (uint32_t i = 0; i < cnt; i++)
				push(out, pr[i].to, q);
		}
		return true;
	}
	case TERM_LINKPAR:
		return link_rules(s, &c, out);
	case TERM_EXTCHOICE: case TERM_REPEXT: case TERM_SYNCEXT: case TERM_REPSYNCEXT:
	case TERM_INTERLEAVE: case TERM_REPINTERLEAVE: case TERM_GENPAR: case TERM_REPGENPAR:
	case TERM_ALPHAPAR: case TERM_REPALPHAPAR:
		return nary_rules(s, p, out);
	case TERM_CHAOS: case TERM_RUN: {
		/* CHAOS(A): τ to STOP, and a -> CHAOS(A) for a in A;
		 * RUN(A): a -> RUN(A) for a in A */
		uint32_t A = evset(s, (value_id)c.a[0], c.op == TERM_CHAOS ? "CHAOS" : "RUN");
		if (A == UINT32_MAX)
			return false;
		if (c.op == TERM_CHAOS)
			push(out, EVENT_TAU, s->stop);
		for (uint32_t i = 0; i < s->aux[A].set.n; i++)
			push(out, s->aux[A].set.ids[i], p);
		return true;
	}
	case TERM_APPLY:
		if (is_priority(builtin_table[c.a[0]].name))
			return prio_rules(s, &c, out);
		sos_error(s, "not supported yet: %s(...) under another operator than parallel, hiding or renaming (a "
			     "compression is compiled as a component of a network: apply it at the top of a process or "
			     "to a component of a parallel composition)", builtin_table[c.a[0]].name);
		return false;
	case TERM_DELAY: case TERM_REPSEQ: case TERM_REPLINKPAR:
	case TERM_NOPS:
		break;
	}
	base_internal_error("sos: transitions of a term that is not normal (%s)", term_op_name(c.op));
}

static int cmp_trans(const void *x, const void *y)
{
	const struct sos_trans *a = x, *b = y;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->proc < b->proc ? -1 : a->proc > b->proc;
}

static bool trans_of(struct sos *s, value_id p, size_t *off, uint32_t *n)
{
	term_id t = term_of(s, p);
	struct sos_memo *m = memo(s, t);
	if (m->trans_state == ST_DONE) {
		*off = m->off;
		*n = m->ntrans;
		return true;
	}
	if (m->trans_state == ST_BUSY)
		base_internal_error("sos: the transitions of a term depend on themselves");
	m->trans_state = ST_BUSY;
	transvec out = {0};
	bool ok = trans_compute(s, p, &out);
	m = memo(s, t);
	if (!ok) {
		m->trans_state = ST_NONE;
		vec_free(&out);
		return false;
	}
	if (out.n > 1)
		qsort(out.v, out.n, sizeof *out.v, cmp_trans);
	size_t k = 0;
	for (size_t i = 0; i < out.n; i++)
		if (k == 0 || cmp_trans(&out.v[k - 1], &out.v[i]) != 0)
			out.v[k++] = out.v[i];
	if (k > UINT32_MAX)
		base_internal_error("sos: more than 2^32 transitions from one state");
	if (s->npool + k > s->cappool) {
		size_t cap = s->cappool ? s->cappool : 4096;
		while (cap < s->npool + k)
			cap *= 2;
		s->pool = xrealloc(s->pool, cap * sizeof *s->pool);
		s->cappool = cap;
	}
	if (k)
		memcpy(s->pool + s->npool, out.v, k * sizeof *out.v);
	m->off = s->npool;
	m->ntrans = (uint32_t)k;
	m->trans_state = ST_DONE;
	s->npool += k;
	vec_free(&out);
	*off = m->off;
	*n = m->ntrans;
	return true;
}

static bool transitions(struct sos *s, value_id p, const struct sos_trans **out, uint32_t *n)
{
	value_id q = normal(s, p);
	size_t off;
	uint32_t k;
	if (!q || !trans_of(s, q, &off, &k))
		return false;
	/* The memoised successors are normalised only now, when they are
	 * taken: a successor of a transition the context blocks (inc of a
	 * counter nobody increments) is never unfolded. */
	if (k > s->capout) {
		s->capout = k;
		s->out = xrealloc(s->out, (size_t)k * sizeof *s->out);
	}
	bool changed = false;
	for (uint32_t i = 0; i < k; i++) {
		struct sos_trans t = s->pool[off + i];
		value_id nq = normal(s, t.proc);
		if (!nq)
			return false;
		changed |= nq != t.proc;
		t.proc = nq;
		s->out[i] = t;
	}
	uint32_t m = k;
	if (changed) {
		/* normal forms have other ids, and two may have become one */
		if (k > 1)
			qsort(s->out, k, sizeof *s->out, cmp_trans);
		m = 0;
		for (uint32_t i = 0; i < k; i++)
			if (m == 0 || cmp_trans(&s->out[m - 1], &s->out[i]) != 0)
				s->out[m++] = s->out[i];
	}
	*out = s->out;
	*n = m;
	return true;
}

/* The entry points run inside one catch point of the evaluator's (see
 * guarded), so that every eval_force below them measures the C stack from
 * the same base: a process that unfolds without end (P(n) = a -> STOP |||
 * P(n + 1)) then ends in the evaluator's "nested too deeply" error, not in
 * a stack overflow. */
struct entry {
	struct sos *s;
	value_id p, r;
	const struct sos_trans **out;
	uint32_t *n;
};

static bool normal_entry(struct eval *ev, void *ctx)
{
	(void)ev;
	struct entry *e = ctx;
	e->r = normal(e->s, e->p);
	return true;
}

static bool transitions_entry(struct eval *ev, void *ctx)
{
	(void)ev;
	struct entry *e = ctx;
	return transitions(e->s, e->p, e->out, e->n);
}

value_id sos_normal(struct sos *s, value_id p)
{
	if (s->ev->catch)
		return normal(s, p);
	struct entry e = {s, p, VALUE_NONE, NULL, NULL};
	if (!eval_guard(s->ev, normal_entry, &e))
		base_internal_error("sos: a run-time error escaped the evaluator's own catch point");
	return e.r;
}

bool sos_transitions(struct sos *s, value_id p, const struct sos_trans **out, uint32_t *n)
{
	if (s->ev->catch)
		return transitions(s, p, out, n);
	struct entry e = {s, p, VALUE_NONE, out, n};
	return eval_guard(s->ev, transitions_entry, &e);
}
