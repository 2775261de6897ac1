/*
 * checker/check.c — the pair search behind every assertion (see check.h).
 *
 * A pair is packed into `kw` words: the implementation's network state
 * (net->words words, bit 0 always set, so a pair is never all zero) with
 * the normal node in the unused top bits of its last word, or in one more
 * word when they do not fit:
 *
 *     | leaves and done bits ........ | unused | node |   (node in place)
 *
 * The store (base/iset.h) holds every pair in discovery order, level
 * after level (level_start[l] is where level l begins), and is the queue;
 * the visited set's tables index it. expand() is the one definition of a
 * pair's successors, used by the search, by its MPI and disk drivers
 * (check_mpi.c, check_disk.c, through search.h) and by the walk back that
 * rebuilds a counterexample, so they can never disagree.
 *
 * τ-cycles of the implementation are found by an iterative Tarjan over τ
 * steps, run from a state the first time the search asks about it; every
 * state of every strongly connected component it completes is classified
 * once (div_done), and those on a τ-cycle recorded (div_yes).
 *
 * After a failure nothing is left allocated but the result's own arrays.
 */
#include "checker/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#ifdef CSPCHECK_MPI
#include <mpi.h>
#endif
#include <time.h>

#include "base/barrier.h"
#include "base/hset.h"
#include "base/mem.h"
#include "base/spill.h"
#include "checker/search.h"

#define BATCH 64
/* rounds a worker watches a barrier before it sleeps: phases end tens of
 * microseconds apart, and waking a sleeper costs about as much */
#ifndef BARRIER_SPIN
#define BARRIER_SPIN 4000
#endif

double search_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint8_t bits_for(uint64_t n)
{
	uint8_t b = 0;
	while (b < 63 && ((uint64_t)1 << b) < n)
		b++;
	return b;
}

/* Can any step of the network be τ? */
static int cmp_event_id(const void *x, const void *y)
{
	event_id a = *(const event_id *)x, b = *(const event_id *)y;
	return a < b ? -1 : a > b;
}

/* Whether leaf LTS l has a cycle of edges whose events are τ or in the
 * sorted set use[0..nuse): Kahn's peeling of the restricted graph. */
static bool leaf_has_cycle(const struct lts *l, const event_id *use, uint32_t nuse)
{
	uint32_t n = l->nstates;
	uint32_t *indeg = xcalloc((size_t)n + 1, sizeof *indeg);
	uint32_t *queue = xmalloc(((size_t)n + 1) * sizeof *queue);
#define USABLE(ev) ((ev) == EVENT_TAU || (nuse > 0 && bsearch(&(ev), use, nuse, sizeof *use, cmp_event_id) != NULL))
	for (uint64_t k = 0; k < l->ntrans; k++)
		if (USABLE(l->edges[k].event))
			indeg[l->edges[k].target]++;
	uint32_t head = 0, tail = 0;
	for (uint32_t st = 0; st < n; st++)
		if (indeg[st] == 0)
			queue[tail++] = st;
	while (head < tail) {
		uint32_t st = queue[head++], ne;
		const struct lts_edge *e = lts_out(l, st, &ne);
		for (uint32_t k = 0; k < ne; k++)
			if (USABLE(e[k].event) && --indeg[e[k].target] == 0)
				queue[tail++] = e[k].target;
	}
#undef USABLE
	free(indeg);
	free(queue);
	return tail < n;
}

/* Can the network ever do an unbounded run of τ steps? In a τ-cycle every
 * leaf that moves comes back to its state, so it goes round a cycle of its
 * own made of edges that take part in τ steps: its τ edges, and its events
 * in rules whose output is τ (hiding, linking) and whose other leaves can
 * cycle too. (Termination steps never repeat: they move leaves to Ω, which
 * has no edges, or set done bits.) Peel off, until nothing changes, every
 * leaf whose usable edges have no cycle; if no leaf is left, the network
 * has no τ-cycle and the search need not look for one. A chain of cells
 * with hidden links is such a network: the first cell cannot refill
 * without its visible input, and so on down the chain. */
static bool net_may_tau_cycle(const struct net *net)
{
	uint32_t L = net->nleaves;
	if (L > 4096)
		return true; /* not worth the analysis */
	uint8_t *cand = xmalloc((size_t)L + 1);
	memset(cand, 1, (size_t)L + 1);
	VEC(event_id) *use = xcalloc((size_t)L + 1, sizeof *use);
	bool changed = true, any = true;
	while (changed && any) {
		changed = false;
		for (uint32_t i = 0; i < L; i++)
			use[i].n = 0;
		for (uint32_t r = 0; r < net->nrules; r++) {
			const struct net_rule *rule = &net->rules[r];
			if (rule->out != EVENT_TAU)
				continue;
			bool all = true;
			for (uint32_t k = 0; k < rule->n && all; k++)
				all = cand[net->parts[rule->first + k].leaf];
			if (!all)
				continue;
			for (uint32_t k = 0; k < rule->n; k++) {
				const struct net_part *p = &net->parts[rule->first + k];
				vec_push(&use[p->leaf], p->event);
			}
		}
		any = false;
		for (uint32_t i = 0; i < L; i++) {
			if (!cand[i])
				continue;
			if (use[i].n > 1)
				qsort(use[i].v, use[i].n, sizeof *use[i].v, cmp_event_id);
			if (!leaf_has_cycle(&net->ltss[net->leaves[i].lts], use[i].v, (uint32_t)use[i].n)) {
				cand[i] = 0;
				changed = true;
			} else {
				any = true;
			}
		}
	}
	for (uint32_t i = 0; i <= L; i++)
		vec_free(&use[i]);
	free(use);
	free(cand);
	return any;
}

static void search_init(struct search *S, const struct net *net, const struct normal *spec, enum search_kind what,
			enum check_model m, const struct check_opts *o, struct check_result *r)
{
	memset(S, 0, sizeof *S);
	memset(r, 0, sizeof *r);
	S->net = net;
	S->spec = spec;
	S->what = what;
	S->model = m;
	S->fd = m == CHECK_FD;
	S->o = o;
	S->r = r;
	S->w = net->words;
	S->t0 = search_now();
	S->last_progress = S->t0;
	uint8_t nb = spec ? bits_for(spec->nnodes) : 0;
	uint32_t used_last = net->bits - 64 * (net->words - 1);
	S->kw = S->w;
	S->node_mask = nb ? (nb == 64 ? UINT64_MAX : ((uint64_t)1 << nb) - 1) : 0;
	if (nb == 0) {
		S->node_word = 0;
		S->node_shift = 0;
	} else if (used_last + nb <= 64) {
		S->node_word = S->w - 1;
		S->node_shift = (uint8_t)(64 - nb);
	} else {
		S->kw = S->w + 1;
		S->node_word = S->w;
		S->node_shift = 0;
	}
	S->may_tau = net_may_tau_cycle(net);
	if (o->por != POR_OFF) {
		const char *why = NULL;
		if (what != S_REFINE && what != S_DEADLOCK)
			why = "it applies to refinement and deadlock checks only";
		else if (o->tau_priority)
			why = "tau priority is on";
		else if (S->fd && S->may_tau)
			why = "divergences are checked and the implementation may have tau-cycles";
		else
			why = por_unsupported(net);
		r->por_why = why;
		if (!why) {
			S->por_mode = (enum por_mode)o->por;
			S->por_visible = what == S_REFINE;
			S->por = por_new(net, S->por_mode, S->por_visible);
		}
	}
	S->st_buf = xmalloc(((size_t)S->w + 1) * sizeof *S->st_buf);
	S->key_buf = xmalloc(((size_t)S->kw + 1) * sizeof *S->key_buf);
	istore_init(&S->store, S->kw);
	if (used_last < 64) {
		S->dw = S->w;
		kset_init_flagged(&S->div, S->dw, 64, S->w - 1, 63);
	} else {
		S->dw = S->w + 1;
		kset_init_flagged(&S->div, S->dw, 64, S->w, 0);
	}
}

static void search_free(struct search *S)
{
	istore_free(&S->store);
	kset_free(&S->div);
	vec_free(&S->level_start);
	vec_free(&S->kbuf);
	vec_free(&S->kev);
	vec_free(&S->krule);
	vec_free(&S->acc);
	free(S->hash);
	free(S->added);
	free(S->st_buf);
	free(S->key_buf);
	net_succ_free(&S->succ);
	net_succ_free(&S->tsucc);
	por_free(S->por);
	vec_free(&S->ksucc);
	vec_free(&S->keep);
	vec_free(&S->kcand);
	vec_free(&S->kkeep);
}

/* Successors of network state st into *o (reset first), with τ priority
 * applied: when the state can do τ or ✓, the events of the priority set
 * are cut. */
static void gen(const struct search *S, const uint64_t *st, struct net_succ *o)
{
	o->n = 0;
	net_successors(S->net, st, o);
	const struct event_set *A = S->o->tau_priority;
	if (!A || A->n == 0)
		return;
	bool urgent = false;
	for (uint32_t k = 0; k < o->n && !urgent; k++)
		urgent = o->event[k] <= EVENT_TICK;
	if (!urgent)
		return;
	uint32_t m = 0;
	for (uint32_t k = 0; k < o->n; k++) {
		if (o->event[k] > EVENT_TICK && event_set_member(A, o->event[k]))
			continue;
		o->event[m] = o->event[k];
		o->rule[m] = o->rule[k];
		memmove(o->state + (size_t)m * S->w, o->state + (size_t)k * S->w, S->w * sizeof *o->state);
		m++;
	}
	o->n = m;
}

/* ---- τ-cycles ------------------------------------------------------------------ */

struct tframe {
	uint32_t v;          /* local index */
	size_t next, end;    /* its τ-successors: tlist[next .. end) */
};

/* Classify every state τ-reachable from st that is not classified yet:
 * iterative Tarjan over τ steps. */
static void classify(struct search *S, const uint64_t *st)
{
	uint32_t w = S->w;
	struct hset local;
	hset_init(&local, w, 64);
	VEC(uint32_t) low = {0};
	VEC(uint32_t) num = {0};
	VEC(uint8_t) onstack = {0};
	VEC(uint8_t) selfloop = {0};
	VEC(uint32_t) stack = {0};
	VEC(struct tframe) calls = {0};
	VEC(uint32_t) tlist = {0};
	uint32_t counter = 0;
	uint64_t *tmp = xmalloc((size_t)w * 2 * sizeof *tmp);
	uint64_t *dkey = xcalloc((size_t)S->dw, sizeof *dkey);
	bool added;
	uint32_t root = hset_insert(&local, st, &added);
#define TVISIT(idx)                                                                          \
	do {                                                                                 \
		uint32_t v_ = (idx);                                                         \
		while (num.n <= v_) {                                                        \
			vec_push(&num, UINT32_MAX);                                          \
			vec_push(&low, 0);                                                   \
			vec_push(&onstack, 0);                                               \
			vec_push(&selfloop, 0);                                              \
		}                                                                            \
		num.v[v_] = low.v[v_] = counter++;                                           \
		onstack.v[v_] = 1;                                                           \
		vec_push(&stack, v_);                                                        \
		size_t start_ = tlist.n;                                                     \
		memcpy(tmp, hset_key(&local, v_), w * sizeof *tmp);                          \
		gen(S, tmp, &S->tsucc);                                                      \
		for (uint32_t k_ = 0; k_ < S->tsucc.n; k_++) {                               \
			if (S->tsucc.event[k_] != EVENT_TAU)                                 \
				continue;                                                    \
			const uint64_t *t_ = S->tsucc.state + (size_t)k_ * w;                \
			memcpy(dkey, t_, w * sizeof *dkey);                                  \
			if (kset_find(&S->div, dkey))                                        \
				continue;                                                    \
			uint32_t u_ = hset_insert(&local, t_, &added);                       \
			if (u_ == v_)                                                        \
				selfloop.v[v_] = 1;                                          \
			vec_push(&tlist, u_);                                                \
		}                                                                            \
		vec_push(&calls, ((struct tframe){v_, start_, tlist.n}));                    \
	} while (0)
	TVISIT(root);
	while (calls.n > 0) {
		struct tframe *f = &calls.v[calls.n - 1];
		if (f->next < f->end) {
			uint32_t u = tlist.v[f->next++];
			if (u >= num.n || num.v[u] == UINT32_MAX) {
				TVISIT(u);
			} else if (onstack.v[u]) {
				uint32_t v = f->v;
				if (num.v[u] < low.v[v])
					low.v[v] = num.v[u];
			}
			continue;
		}
		uint32_t v = f->v;
		calls.n--;
		if (calls.n > 0) {
			uint32_t p = calls.v[calls.n - 1].v;
			if (low.v[v] < low.v[p])
				low.v[p] = low.v[v];
		}
		if (low.v[v] == num.v[v]) {
			/* v roots an SCC: pop it */
			size_t top = stack.n;
			size_t at = top;
			while (stack.v[at - 1] != v)
				at--;
			at--;
			bool cyc = top - at > 1 || selfloop.v[v];
			for (size_t k = at; k < top; k++) {
				uint32_t x = stack.v[k];
				onstack.v[x] = 0;
				memcpy(dkey, hset_key(&local, x), w * sizeof *dkey);
				if (S->dw > w)
					dkey[w] = 0;
				if (cyc)
					dkey[S->div.flag_word] |= S->div.flag_mask;
				kset_insert(&S->div, dkey);
				dkey[S->div.flag_word] &= ~S->div.flag_mask;
			}
			stack.n = at;
		}
	}
#undef TVISIT
	free(tmp);
	free(dkey);
	vec_free(&low);
	vec_free(&num);
	vec_free(&onstack);
	vec_free(&selfloop);
	vec_free(&stack);
	vec_free(&calls);
	vec_free(&tlist);
	hset_free(&local);
}

static bool on_tau_cycle(struct search *S, const uint64_t *st)
{
	if (!S->may_tau)
		return false;
	uint64_t key[9];
	uint64_t *k = S->dw <= 9 ? key : xmalloc(S->dw * sizeof *k);
	memcpy(k, st, S->w * sizeof *k);
	if (S->dw > S->w)
		k[S->w] = 0;
	const uint64_t *slot = kset_find(&S->div, k);
	if (!slot) {
		classify(S, st);
		slot = kset_find(&S->div, k);
	}
	bool yes = slot && (slot[S->div.flag_word] & S->div.flag_mask);
	if (k != key)
		free(k);
	return yes;
}

static bool has_tau(const struct net_succ *s)
{
	for (uint32_t k = 0; k < s->n; k++)
		if (s->event[k] == EVENT_TAU)
			return true;
	return false;
}

/* ---- expanding a pair ----------------------------------------------------------- */

/* Append the successor pairs of pair `key` (whose state is st) to kbuf,
 * kev and krule, generating the state's successors into S->succ. Returns
 * the index in S->succ of the first successor whose event the spec
 * refuses (a trace violation), or UINT32_MAX. ✓ is checked, never
 * followed. In FD a divergent spec node has no successors. */
static uint32_t expand(struct search *S, const uint64_t *st, uint32_t node)
{
	gen(S, st, &S->succ);
	if (S->fd && S->spec && S->what == S_REFINE && S->spec->divergent[node]) {
		S->succ.n = 0;
		return UINT32_MAX;
	}
	uint32_t viol = UINT32_MAX;
	uint64_t *key = S->key_buf;
	vec_reserve(&S->kbuf, S->kbuf.n + (size_t)S->succ.n * S->kw);
	vec_reserve(&S->kev, S->kev.n + S->succ.n);
	vec_reserve(&S->krule, S->krule.n + S->succ.n);
	if (S->por)
		vec_reserve(&S->ksucc, S->kev.n + S->succ.n);
	for (uint32_t k = 0; k < S->succ.n; k++) {
		event_id e = S->succ.event[k];
		uint32_t n2 = node;
		if (e == EVENT_TICK) {
			if (S->spec && !normal_has(S->spec, node, EVENT_TICK) && viol == UINT32_MAX)
				viol = k;
			continue;
		}
		if (e != EVENT_TAU && S->spec) {
			n2 = normal_after(S->spec, node, e);
			if (n2 == UINT32_MAX) {
				if (viol == UINT32_MAX)
					viol = k;
				continue;
			}
		}
		/* room reserved above */
		make_pair(S, S->succ.state + (size_t)k * S->w, n2, key);
		for (uint32_t x = 0; x < S->kw; x++)
			S->kbuf.v[S->kbuf.n++] = key[x];
		if (S->por)
			S->ksucc.v[S->kev.n] = k;
		S->kev.v[S->kev.n++] = e;
		S->krule.v[S->krule.n++] = S->succ.rule[k];
	}
	return viol;
}

/* The acceptance of the state whose successors are in S->succ, into
 * S->acc: false when the state is unstable without ✓ (it has τ and no
 * ✓); a state with ✓ accepts {✓}. */
static bool acceptance(struct search *S)
{
	bool tau = false, tick = false;
	S->acc.n = 0;
	for (uint32_t k = 0; k < S->succ.n; k++) {
		event_id e = S->succ.event[k];
		if (e == EVENT_TAU)
			tau = true;
		else if (e == EVENT_TICK)
			tick = true;
		else
			vec_push(&S->acc, e);
	}
	if (tick) {
		S->acc.n = 0;
		vec_push(&S->acc, EVENT_TICK);
		return true;
	}
	if (tau)
		return false;
	/* sort and deduplicate (rows are short) */
	for (size_t i = 1; i < S->acc.n; i++) {
		event_id x = S->acc.v[i];
		size_t j = i;
		while (j > 0 && S->acc.v[j - 1] > x) {
			S->acc.v[j] = S->acc.v[j - 1];
			j--;
		}
		S->acc.v[j] = x;
	}
	size_t m = 0;
	for (size_t i = 0; i < S->acc.n; i++)
		if (m == 0 || S->acc.v[m - 1] != S->acc.v[i])
			S->acc.v[m++] = S->acc.v[i];
	S->acc.n = m;
	return true;
}

static struct event_set set_copy(const event_id *ids, uint32_t n)
{
	struct event_set s = {n, xmalloc(((size_t)n + 1) * sizeof *s.ids)};
	if (n)
		memcpy(s.ids, ids, (size_t)n * sizeof *s.ids);
	return s;
}

/* ---- the search ------------------------------------------------------------------ */


/* A chunk of consecutive pairs of one level: what expanding them gave. */
struct chunk {
	size_t lo, hi;            /* queue indices */
	wordvec keys;             /* successor pairs, in order */
	VEC(uint64_t) hash;
	VEC(bool) added;
	VEC(uint64_t) pos;        /* a new successor's slot in its partition */
	VEC(uint64_t) final;      /* its index in the store (several partitions) */
	VEC(uint64_t) padded;     /* new successors of the chunk, per partition */
	uint64_t first_new;       /* the store index of its first new successor */
	VEC(uint32_t) bypart;     /* successor indices grouped by partition, */
	VEC(uint32_t) part_first; /* partition t's: bypart[part_first[t] .. [t + 1]) */
	bool viol;
	struct violation v;
};

/* The workers of one search. Each super-batch of chunks goes through
 * phase A (each worker takes the next chunk not yet taken and expands
 * it, until none is left: chunks differ in cost, and a worker that drew
 * cheap ones takes more), phase B
 * (worker t inserts, in chunk order, the successors whose hash falls in
 * its partition of the visited set, numbering the new ones provisionally)
 * and, with several workers, phase C (the workers copy the new pairs of
 * the chunks they take to their places in the store, known from phase
 * B's counts)
 * and phase D (worker t gives its partition's new slots those numbers);
 * between them the coordinator (worker 0) looks for violations and lays
 * out the store in chunk order. So the store, which is the queue, and
 * with it every counterexample, is the same for any number of workers. */
struct pool {
	struct search **w;        /* w[0] is the coordinator's own search */
	uint32_t P;
	struct itab *parts;       /* P partitions of the visited set */
	uint64_t base;            /* the store's size when the super-batch began */
	VEC(const uint64_t *) *pending; /* each partition's new keys of the batch */
	struct chunk *chunks;
	uint32_t nchunks, capchunks;
	uint32_t level;
	enum { PHASE_A, PHASE_B, PHASE_C, PHASE_D, PHASE_EXIT } phase;
	_Atomic uint32_t next;    /* phases A and C: the next chunk to take */
	struct barrier start, end;
	pthread_t *threads;
	bool started;             /* the threads run */
};

/* Partial order reduction of the successor pairs just appended (from kev
 * index `first` on) of state st at `level`: keep those of a stubborn set,
 * unless one of them leads back to a level already expanded (the cycle
 * proviso: then every cycle of the reduced graph has a fully expanded
 * state, as a reduced state's followed successors all lie one level
 * deeper). Whether a pair is at a level <= `level` is the same whatever
 * the batching, so the reduced search is the same for any number of
 * threads. */
static void reduce(struct search *S, const uint64_t *st, size_t first, uint32_t level)
{
	const struct pool *pl = S->pool;
	/* search_run_mpi decides with the owners, search_run_disk with the
	 * visited set */
	bool defer = S->o->mpi_size > 1 || S->levels;
	if (defer) {
		vec_reserve(&S->kcand, S->kev.n + 1);
		vec_reserve(&S->kkeep, S->kev.n + 1);
		for (size_t j = first; j < S->kev.n; j++)
			S->kcand.v[j] = UINT32_MAX;
	}
	if ((!pl && !defer) || S->kev.n - first < 2 || S->por_off)
		return;
	vec_reserve(&S->keep, (size_t)S->succ.n + 1);
	uint32_t kept = por_reduce(S->por, st, &S->succ, S->keep.v);
	if (kept >= S->succ.n)
		return;
	if (defer) {
		for (size_t j = first; j < S->kev.n; j++) {
			S->kcand.v[j] = S->ncand;
			S->kkeep.v[j] = S->keep.v[S->ksucc.v[j]];
		}
		S->ncand++;
		return;
	}
	const struct search *C = pl->w[0];
	uint64_t hi = C->level_start.v[level + 1];
	uint32_t kw = S->kw;
	size_t m = first;
	for (size_t j = first; j < S->kev.n; j++) {
		if (!S->keep.v[S->ksucc.v[j]])
			continue;
		const uint64_t *key = S->kbuf.v + j * kw;
		uint64_t h = iset_hash(key, kw);
		uint64_t idx = itab_find(&pl->parts[iset_part(h, pl->P)], &C->store, key, h);
		if (idx != UINT64_MAX && idx < hi)
			return;
	}
	for (size_t j = first; j < S->kev.n; j++) {
		if (!S->keep.v[S->ksucc.v[j]])
			continue;
		if (m != j) {
			memmove(S->kbuf.v + m * kw, S->kbuf.v + j * kw, kw * sizeof *S->kbuf.v);
			S->kev.v[m] = S->kev.v[j];
			S->krule.v[m] = S->krule.v[j];
		}
		m++;
	}
	if (m == S->kev.n)
		return;
	S->kbuf.n = m * kw;
	S->kev.n = S->krule.n = m;
	S->por_reduced++;
}

/* At the start of a level: if after POR_PROBE pairs fewer than one in a
 * hundred was reduced, stop trying (the closures cost more than they
 * save). Decided on whole levels, from counts that do not depend on the
 * batching, so the search stays the same for any number of threads and
 * ranks; `reduced` is the count over every worker or rank. */
#define POR_PROBE 50000
bool search_por_give_up(struct search *S, uint32_t level, uint64_t reduced)
{
	uint64_t done = S->level_start.v[level];
	if (!S->por || S->por_off || done < POR_PROBE || reduced * 100 >= done)
		return false;
	S->por_off = true;
	S->r->por_stopped = done;
	return true;
}

/* The checks at pair `key` before its successors are looked at; fills
 * *v and returns true on a violation. Leaves the state's successors in
 * S->succ, and its successor pairs appended to kbuf. */
bool search_visit(struct search *S, const uint64_t *key, size_t qi, uint32_t level, struct violation *v)
{
	uint64_t *st = S->st_buf;
	pair_state(S, key, st);
	uint32_t node = pair_node(S, key);
	bool found = false;
	*v = (struct violation){CEX_NONE, qi, level, 0, 0, NULL};
	bool spec_div = S->fd && S->spec && S->what == S_REFINE && S->spec->divergent[node];
	size_t before = S->kbuf.n;
	uint32_t viol = expand(S, st, node);
	if (spec_div)
		goto out;
	/* a state with no τ is on no τ-cycle: no need to ask */
	if (S->fd && has_tau(&S->succ) && on_tau_cycle(S, st)) {
		v->kind = CEX_DIVERGENCE;
		found = true;
	}
	if (!found) switch (S->what) {
	case S_REFINE:
		if (S->model != CHECK_T && acceptance(S) &&
		    !normal_accepts(S->spec, node, S->acc.v, (uint32_t)S->acc.n)) {
			v->kind = CEX_REFUSAL;
			found = true;
		}
		break;
	case S_DEADLOCK:
		if (S->succ.n == 0) {
			v->kind = CEX_DEADLOCK;
			found = true;
		}
		break;
	case S_DIVERGENCE:
		break;
	case S_DETERMINISM:
		if (acceptance(S)) {
			uint32_t ne;
			const struct lts_edge *e = S->spec->edges + S->spec->first[node];
			ne = (uint32_t)(S->spec->first[node + 1] - S->spec->first[node]);
			for (uint32_t k = 0; k < ne && !found; k++) {
				bool in = false;
				for (size_t j = 0; j < S->acc.n && !in; j++)
					in = S->acc.v[j] == e[k].event;
				if (!in) {
					v->kind = CEX_NONDETERMINISM;
					v->event = e[k].event;
					found = true;
				}
			}
		}
		break;
	}
	if (!found && viol != UINT32_MAX) {
		v->kind = CEX_TRACE;
		v->event = S->succ.event[viol];
		v->rule = S->succ.rule[viol];
		v->to = xmalloc((size_t)S->w * sizeof *v->to);
		memcpy(v->to, S->succ.state + (size_t)viol * S->w, S->w * sizeof *v->to);
		found = true;
	}
	if (found) {
		S->kbuf.n = before;
		S->kev.n = S->krule.n = before / S->kw;
	} else if (S->por) {
		reduce(S, st, before / S->kw, level);
	}
out:
	return found;
}

/* ---- the level-synchronous search, on one or more threads ------------------ */

static inline uint32_t part_of(const struct pool *pl, uint64_t h)
{
	return iset_part(h, pl->P);
}

static void phase_a(struct pool *pl, uint32_t t)
{
	struct search *W = pl->w[t];
	const struct search *S = pl->w[0];
	uint64_t *key = xmalloc(((size_t)S->kw + 1) * sizeof *key);
	for (uint32_t c; (c = atomic_fetch_add_explicit(&pl->next, 1, memory_order_relaxed)) < pl->nchunks;) {
		struct chunk *ch = &pl->chunks[c];
		W->kbuf.n = W->kev.n = W->krule.n = 0;
		if (W->fd && W->may_tau) {
			/* the τ-cycle memo is asked about most states: fetch their
			 * slots before the first question */
			uint64_t *dk = W->key_buf;
			for (size_t p = ch->lo; p < ch->hi; p++) {
				pair_state(W, istore_key(&S->store, p), dk);
				if (W->dw > W->w)
					dk[W->w] = 0;
				kset_prefetch(&W->div, dk);
			}
		}
		for (size_t p = ch->lo; p < ch->hi; p++) {
			memcpy(key, istore_key(&S->store, p), S->kw * sizeof *key);
			if (search_visit(W, key, p, pl->level, &ch->v)) {
				ch->viol = true;
				break;
			}
		}
		/* hand the successors to the chunk (swap the buffers) */
		wordvec tmp = ch->keys;
		ch->keys = W->kbuf;
		W->kbuf = tmp;
		size_t n = ch->keys.n / S->kw;
		vec_reserve(&ch->hash, n + 1);
		ch->hash.n = n;
		if (pl->P == 1) {
			for (size_t k = 0; k < n; k++)
				ch->hash.v[k] = iset_hash(ch->keys.v + k * S->kw, S->kw);
			continue;
		}
		/* group the successors by the partition that owns them (a
		 * counting sort, stable, its counts taken as the hashes are
		 * made), so that in phase B each worker reads only its own */
		ch->part_first.n = 0;
		for (uint32_t q = 0; q <= pl->P; q++)
			vec_push(&ch->part_first, 0);
		for (size_t k = 0; k < n; k++) {
			uint64_t h = iset_hash(ch->keys.v + k * S->kw, S->kw);
			ch->hash.v[k] = h;
			ch->part_first.v[part_of(pl, h) + 1]++;
		}
		for (uint32_t q = 0; q < pl->P; q++)
			ch->part_first.v[q + 1] += ch->part_first.v[q];
		while (ch->bypart.cap < n + 1)
			vec_push(&ch->bypart, 0);
		ch->bypart.n = n;
		for (size_t k = 0; k < n; k++) {
			uint32_t q = part_of(pl, ch->hash.v[k]);
			ch->bypart.v[ch->part_first.v[q]++] = (uint32_t)k;
		}
		for (uint32_t q = pl->P; q > 0; q--)
			ch->part_first.v[q] = ch->part_first.v[q - 1];
		ch->part_first.v[0] = 0;
	}
	free(key);
}

static void phase_b(struct pool *pl, uint32_t t)
{
	const struct search *S = pl->w[0];
	struct itab *tab = &pl->parts[t];
	uint64_t n = 0, np = 0;
	for (uint32_t c = 0; c < pl->nchunks; c++) {
		const struct chunk *ch = &pl->chunks[c];
		n += pl->P == 1 ? ch->keys.n / S->kw : ch->part_first.v[t + 1] - ch->part_first.v[t];
	}
	/* the coordinator has checked that the indices fit */
	if (!itab_reserve(tab, &S->store, n, pl->base + n))
		base_internal_error("check: a visited-set index does not fit");
	while (pl->pending[t].cap < n + 1)
		vec_push(&pl->pending[t], NULL);
	for (uint32_t c = 0; c < pl->nchunks; c++) {
		struct chunk *ch = &pl->chunks[c];
		if (pl->P == 1)
			itab_insert(tab, &S->store, pl->base, ch->keys.v, S->kw, NULL, (uint32_t)(ch->keys.n / S->kw),
				    ch->hash.v, ch->added.v, ch->pos.v, pl->pending[t].v, &np);
		else
			itab_insert(tab, &S->store, pl->base, ch->keys.v, S->kw, ch->bypart.v + ch->part_first.v[t],
				    ch->part_first.v[t + 1] - ch->part_first.v[t], ch->hash.v, ch->added.v, ch->pos.v,
				    pl->pending[t].v, &np);
		if (pl->P > 1) {
			uint64_t nadd = 0;
			for (uint32_t j = ch->part_first.v[t]; j < ch->part_first.v[t + 1]; j++)
				nadd += ch->added.v[ch->bypart.v[j]];
			ch->padded.v[t] = nadd;
		}
	}
}

/* The workers copy the new successors of the chunks they take to their
 * places in the store (reserved by the coordinator), in chunk order from
 * the chunk's first_new, noting each one's index. */
static void phase_c(struct pool *pl, uint32_t t)
{
	(void)t;
	struct search *S = pl->w[0];
	uint32_t kw = S->kw;
	for (uint32_t c; (c = atomic_fetch_add_explicit(&pl->next, 1, memory_order_relaxed)) < pl->nchunks;) {
		struct chunk *ch = &pl->chunks[c];
		uint64_t at = ch->first_new;
		size_t nk = ch->keys.n / kw;
		for (size_t k = 0; k < nk; k++) {
			if (!ch->added.v[k])
				continue;
			memcpy(istore_at(&S->store, at), ch->keys.v + k * kw, kw * sizeof *ch->keys.v);
			ch->final.v[k] = at++;
		}
	}
}

/* The new keys now have their places in the store: each partition
 * rewrites its slots from the provisional numbers to those. */
static void phase_d(struct pool *pl, uint32_t t)
{
	struct itab *tab = &pl->parts[t];
	for (uint32_t c = 0; c < pl->nchunks; c++) {
		const struct chunk *ch = &pl->chunks[c];
		for (uint32_t j = ch->part_first.v[t]; j < ch->part_first.v[t + 1]; j++) {
			uint32_t k = ch->bypart.v[j];
			if (ch->added.v[k])
				itab_set(tab, ch->pos.v[k], ch->hash.v[k], ch->final.v[k]);
		}
	}
}

static void *worker_main(void *arg)
{
	struct search *W = arg;
	struct pool *pl = W->pool;
	for (;;) {
		barrier_wait(&pl->start);
		if (pl->phase == PHASE_EXIT)
			break;
		if (pl->phase == PHASE_A)
			phase_a(pl, W->id);
		else if (pl->phase == PHASE_B)
			phase_b(pl, W->id);
		else if (pl->phase == PHASE_C)
			phase_c(pl, W->id);
		else
			phase_d(pl, W->id);
		barrier_wait(&pl->end);
	}
	return NULL;
}

/* Run one phase on every worker. Threads are started the first time a
 * super-batch is big enough to be worth them; until then (and for small
 * batches) the coordinator runs every worker's share itself, in order,
 * which gives the same result. */
static void run_phase(struct pool *pl, int phase, bool small)
{
	pl->phase = phase;
	atomic_store_explicit(&pl->next, 0, memory_order_relaxed); /* published by the barrier */
	if (phase == PHASE_EXIT) {
		if (pl->started)
			barrier_wait(&pl->start);
		return;
	}
	if (pl->P > 1 && !small && !pl->started) {
		/* spin at the barriers only when every thread has a core */
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		uint32_t spin = cores >= (long)pl->P ? BARRIER_SPIN : 0;
		barrier_init(&pl->start, pl->P, spin);
		barrier_init(&pl->end, pl->P, spin);
		pl->threads = xcalloc(pl->P, sizeof *pl->threads);
		for (uint32_t t = 1; t < pl->P; t++)
			if (pthread_create(&pl->threads[t], NULL, worker_main, pl->w[t]) != 0)
				base_internal_error("check: cannot start a search thread");
		pl->started = true;
	}
	if (!pl->started || small) {
		for (uint32_t t = 0; t < pl->P; t++) {
			if (phase == PHASE_A)
				phase_a(pl, t);
			else if (phase == PHASE_B)
				phase_b(pl, t);
			else if (phase == PHASE_C)
				phase_c(pl, t);
			else
				phase_d(pl, t);
		}
		return;
	}
	barrier_wait(&pl->start);
	if (phase == PHASE_A)
		phase_a(pl, 0);
	else if (phase == PHASE_B)
		phase_b(pl, 0);
	else if (phase == PHASE_C)
		phase_c(pl, 0);
	else
		phase_d(pl, 0);
	barrier_wait(&pl->end);
}

/* A worker's own search: the coordinator's settings, its own scratch and
 * τ-cycle memo. */
static struct search *worker_new(const struct search *S, uint32_t id)
{
	struct search *W = xcalloc(1, sizeof *W);
	*W = *S;
	W->id = id;
	memset(&W->store, 0, sizeof W->store);
	memset(&W->level_start, 0, sizeof W->level_start);
	memset(&W->succ, 0, sizeof W->succ);
	memset(&W->tsucc, 0, sizeof W->tsucc);
	memset(&W->kbuf, 0, sizeof W->kbuf);
	memset(&W->kev, 0, sizeof W->kev);
	memset(&W->krule, 0, sizeof W->krule);
	memset(&W->acc, 0, sizeof W->acc);
	W->hash = NULL;
	W->added = NULL;
	W->capscratch = 0;
	W->st_buf = xmalloc(((size_t)S->w + 1) * sizeof *W->st_buf);
	W->key_buf = xmalloc(((size_t)S->kw + 1) * sizeof *W->key_buf);
	kset_init_flagged(&W->div, S->dw, 64, S->div.flag_word, (unsigned)__builtin_ctzll(S->div.flag_mask));
	memset(&W->ksucc, 0, sizeof W->ksucc);
	memset(&W->keep, 0, sizeof W->keep);
	W->por_reduced = 0;
	W->por = S->por ? por_new(S->net, S->por_mode, S->por_visible) : NULL;
	return W;
}

bool search_out_of_budget(struct search *S)
{
	const struct check_opts *o = S->o;
	struct check_result *r = S->r;
	if (o->progress) {
		double t = search_now();
		if (t - S->last_progress >= 0.2) {
			S->last_progress = t;
			struct check_progress p = {S->o->mpi_size > 1 ? S->count_all : S->store.count, r->transitions, S->pool ? S->pool->level : 0,
						   t - S->t0};
			o->progress(o->progress_ctx, &p);
		}
	}
	if (o->interrupted && *o->interrupted) {
		r->why = "interrupted";
		return true;
	}
	if (o->timeout > 0 && search_now() - S->t0 > o->timeout) {
		r->why = "time limit";
		return true;
	}
	const struct itab *seen = S->tab;
	uint64_t per = S->pool ? S->pending / S->pool->P + 1 : S->pending;
	bool grow = itab_may_grow(seen, per);
	uint64_t all = S->pool ? S->pool->P : 1;
	/* a growing table is rebuilt after its old slots are freed: half as
	 * much again */
	if (o->max_bytes != UINT64_MAX && (++S->batches % 16 == 0 || grow) &&
	    lts_memory_used() + (grow ? all * itab_bytes(seen) / 2 : 0) > o->max_bytes) {
		r->why = "memory limit";
		return true;
	}
	return false;
}

/* The initial pair: index 0 of the store, in table tab (NULL: another
 * rank's). */
void search_insert_first(struct search *S, struct itab *tab, const uint64_t *key)
{
	if (tab) {
		uint64_t h = iset_hash(key, S->kw), pos = 0, np = 0;
		const uint64_t *pend[1];
		bool added;
		itab_reserve(tab, &S->store, 1, 1);
		itab_insert(tab, &S->store, 0, key, S->kw, NULL, 1, &h, &added, &pos, pend, &np);
	}
	istore_push(&S->store, key);
}

static void run(struct search *S)
{
#ifdef CSPCHECK_MPI
	if (S->o->mpi_size > 1) {
		search_run_mpi(S);
		return;
	}
#endif
	struct check_result *r = S->r;
	struct pool pl = {0};
	uint32_t P = S->o->threads ? S->o->threads : 1;
	pl.P = P;
	pl.w = xcalloc(P, sizeof *pl.w);
	pl.w[0] = S;
	S->pool = &pl;
	S->id = 0;
	/* the visited set: P partitions indexing the store */
	pl.parts = xcalloc(P, sizeof *pl.parts);
	pl.pending = xcalloc(P, sizeof *pl.pending);
	for (uint32_t t = 0; t < P; t++)
		itab_init(&pl.parts[t], t, P);
	S->tab = &pl.parts[0];
	for (uint32_t t = 1; t < P; t++) {
		pl.w[t] = worker_new(S, t);
		pl.w[t]->pool = &pl;
	}
	/* pairs per chunk, chunks per super-batch */
	size_t chunk = P == 1 ? BATCH : 512;
	uint32_t per_batch = P == 1 ? 1 : 8 * P;
	pl.capchunks = per_batch;
	pl.chunks = xcalloc(per_batch, sizeof *pl.chunks);

	uint64_t *key = xmalloc((size_t)S->kw * sizeof *key);
	make_pair(S, S->net->initial, 0, key);
	search_insert_first(S, &pl.parts[part_of(&pl, iset_hash(key, S->kw))], key);
	vec_push(&S->level_start, 0);
	struct violation v = {0};
	bool found = false, stopped = false, spill = false;
	uint32_t spill_at = 0;
	uint64_t level_reduced = 0; /* POR: pairs reduced before this level */
	for (uint32_t level = 0; !found && !stopped; level++) {
		size_t lo = S->level_start.v[level], hi = S->store.count;
		if (lo == hi)
			break;
		vec_push(&S->level_start, hi);
		pl.level = level;
		uint64_t level_transitions = r->transitions;
		level_reduced = 0;
		for (uint32_t t = 0; t < P; t++)
			level_reduced += pl.w[t]->por_reduced;
		if (S->por && !S->por_off) {
			uint64_t reduced = level_reduced;
			if (search_por_give_up(S, level, reduced))
				for (uint32_t t = 1; t < P; t++)
					pl.w[t]->por_off = true;
		}
		for (size_t i = lo; i < hi && !found && !stopped;) {
			pl.nchunks = 0;
			for (; i < hi && pl.nchunks < per_batch; pl.nchunks++) {
				struct chunk *ch = &pl.chunks[pl.nchunks];
				ch->lo = i;
				ch->hi = hi - i > chunk ? i + chunk : hi;
				ch->viol = false;
				free(ch->v.to);
				memset(&ch->v, 0, sizeof ch->v);
				i = ch->hi;
			}
			bool small = pl.chunks[pl.nchunks - 1].hi - pl.chunks[0].lo < 2 * chunk;
			run_phase(&pl, PHASE_A, small);
			uint64_t n = 0;
			for (uint32_t c = 0; c < pl.nchunks && !found; c++) {
				if (pl.chunks[c].viol) {
					found = true;
					v = pl.chunks[c].v;
					pl.chunks[c].v.to = NULL;
				}
				n += pl.chunks[c].keys.n / S->kw;
			}
			if (found)
				break;
			r->transitions += n;
			S->pending = n; /* for the memory estimate */
			bool spent = search_out_of_budget(S);
			if (!spent && S->o->spill_dir && S->o->spill_after && S->store.count >= S->o->spill_after) {
				r->why = "memory limit"; /* as if: a test's way to spill early */
				spent = true;
			}
			if (spent) {
				if (S->o->spill_dir && strcmp(r->why, "memory limit") == 0) {
					/* go on on disk, from this level's start */
					spill = true;
					spill_at = level;
					r->why = NULL;
					r->transitions = level_transitions;
				}
				stopped = true;
				break;
			}
			if (S->store.count + n >= UINT32_MAX - 1) {
				r->why = "state limit";
				stopped = true;
				break;
			}
			/* size the per-successor arrays here, so that no worker races
			 * on them */
			for (uint32_t c = 0; c < pl.nchunks; c++) {
				struct chunk *ch = &pl.chunks[c];
				size_t nk = ch->keys.n / S->kw;
				while (ch->added.cap < nk + 1)
					vec_push(&ch->added, false);
				ch->added.n = nk;
				while (ch->pos.cap < nk + 1)
					vec_push(&ch->pos, 0);
				ch->pos.n = nk;
				if (P > 1) {
					while (ch->final.cap < nk + 1)
						vec_push(&ch->final, 0);
					ch->final.n = nk;
					while (ch->padded.cap < P + 1)
						vec_push(&ch->padded, 0);
					ch->padded.n = P;
				}
			}
			pl.base = S->store.count;
			run_phase(&pl, PHASE_B, small);
			/* append the new pairs in chunk order: the order of the
			 * sequential search (with one partition, that is the order
			 * phase B numbered them in). With several workers, each
			 * chunk's place is known from the counts phase B made, the
			 * workers copy (phase C), then renumber their partitions'
			 * slots (phase D); near the state limit, one by one. */
			uint64_t total = 0;
			if (P > 1)
				for (uint32_t c = 0; c < pl.nchunks; c++) {
					struct chunk *ch = &pl.chunks[c];
					ch->first_new = S->store.count + total;
					for (uint32_t t = 0; t < P; t++)
						total += ch->padded.v[t];
				}
			if (P > 1 && S->store.count + total < S->o->max_states) {
				istore_reserve(&S->store, S->store.count + total);
				run_phase(&pl, PHASE_C, small);
				S->store.count += total;
				run_phase(&pl, PHASE_D, small);
				continue;
			}
			for (uint32_t c = 0; c < pl.nchunks && !stopped; c++) {
				struct chunk *ch = &pl.chunks[c];
				size_t nk = ch->keys.n / S->kw;
				for (size_t k = 0; k < nk; k++) {
					if (!ch->added.v[k])
						continue;
					if (S->store.count >= S->o->max_states) {
						/* one state more than the limit allows */
						r->why = "state limit";
						stopped = true;
					}
					if (P > 1)
						ch->final.v[k] = S->store.count;
					istore_push(&S->store, ch->keys.v + k * S->kw);
					if (stopped)
						break;
				}
			}
			if (P > 1 && !stopped)
				run_phase(&pl, PHASE_D, small);
		}
	}
	if (pl.started) {
		run_phase(&pl, PHASE_EXIT, false);
		for (uint32_t t = 1; t < P; t++)
			pthread_join(pl.threads[t], NULL);
		barrier_destroy(&pl.start);
		barrier_destroy(&pl.end);
		free(pl.threads);
	}
	free(key);
	r->states = S->store.count;
	r->peak_bytes = istore_bytes(&S->store);
	for (uint32_t t = 0; t < P; t++) {
		r->peak_bytes += itab_bytes(&pl.parts[t]) + kset_bytes(&pl.w[t]->div);
		itab_free(&pl.parts[t]);
		vec_free(&pl.pending[t]);
	}
	free(pl.pending);
	S->tab = NULL;
	for (uint32_t t = 1; t < P; t++) {
		struct search *W = pl.w[t];
		kset_free(&W->div);
		vec_free(&W->kbuf);
		vec_free(&W->kev);
		vec_free(&W->krule);
		vec_free(&W->acc);
		free(W->st_buf);
		free(W->key_buf);
		net_succ_free(&W->succ);
		net_succ_free(&W->tsucc);
		r->por_reduced += W->por_reduced;
		por_free(W->por);
		vec_free(&W->ksucc);
		vec_free(&W->keep);
		free(W);
	}
	for (uint32_t c = 0; c < pl.capchunks; c++) {
		vec_free(&pl.chunks[c].keys);
		vec_free(&pl.chunks[c].hash);
		vec_free(&pl.chunks[c].added);
		vec_free(&pl.chunks[c].pos);
		vec_free(&pl.chunks[c].final);
		vec_free(&pl.chunks[c].padded);
		vec_free(&pl.chunks[c].bypart);
		vec_free(&pl.chunks[c].part_first);
		free(pl.chunks[c].v.to);
	}
	free(pl.chunks);
	free(pl.parts);
	free(pl.w);
	S->pool = NULL;
	r->por_reduced += S->por_reduced;
	if (spill) {
		/* the level is done again on disk */
		r->por_reduced = level_reduced;
		S->por_reduced = 0;
		search_run_disk(S, spill_at);
		free(v.to);
		return;
	}
	if (found) {
		r->verdict = CHECK_FAILED;
		search_build_cex(S, &v, istore_key(&S->store, v.pair));
	} else if (stopped) {
		r->verdict = CHECK_INCONCLUSIVE;
	} else {
		r->verdict = CHECK_PASSED;
	}
	free(v.to);
	r->seconds = search_now() - S->t0;
}

/* ---- counterexamples -------------------------------------------------------------- */

static void push_step(struct cex *c, wordvec *states, event_id e, uint32_t rule, const uint64_t *to, uint32_t w)
{
	c->steps = xrealloc(c->steps, ((size_t)c->nsteps + 1) * sizeof *c->steps);
	c->steps[c->nsteps++] = (struct cex_step){e, rule};
	for (uint32_t x = 0; x < w; x++)
		vec_push(states, to[x]);
}

/* A shortest τ-path from st back to st (st is on a τ-cycle), appended. */
static void tau_loop(struct search *S, const uint64_t *st, struct cex *c, wordvec *states)
{
	uint32_t w = S->w;
	struct hset local;
	hset_init(&local, w, 64);
	VEC(uint32_t) parent = {0};
	VEC(struct cex_step) how = {0};
	bool added;
	hset_insert(&local, st, &added);
	vec_push(&parent, UINT32_MAX);
	vec_push(&how, ((struct cex_step){0, 0}));
	uint64_t *tmp = xmalloc((size_t)w * sizeof *tmp);
	uint32_t last = UINT32_MAX;
	struct cex_step closing = {0, 0};
	for (uint32_t i = 0; i < local.count && last == UINT32_MAX; i++) {
		memcpy(tmp, hset_key(&local, i), w * sizeof *tmp);
		gen(S, tmp, &S->tsucc);
		for (uint32_t k = 0; k < S->tsucc.n; k++) {
			if (S->tsucc.event[k] != EVENT_TAU)
				continue;
			const uint64_t *t = S->tsucc.state + (size_t)k * w;
			if (memcmp(t, st, w * sizeof *t) == 0) {
				last = i;
				closing = (struct cex_step){EVENT_TAU, S->tsucc.rule[k]};
				break;
			}
			hset_insert(&local, t, &added);
			if (added) {
				vec_push(&parent, i);
				vec_push(&how, ((struct cex_step){EVENT_TAU, S->tsucc.rule[k]}));
			}
		}
	}
	if (last != UINT32_MAX) {
		VEC(uint32_t) path = {0};
		for (uint32_t x = last; x != 0; x = parent.v[x])
			vec_push(&path, x);
		for (size_t k = path.n; k-- > 0;)
			push_step(c, states, how.v[path.v[k]].event, how.v[path.v[k]].rule, hset_key(&local, path.v[k]), w);
		push_step(c, states, closing.event, closing.rule, st, w);
		vec_free(&path);
	}
	free(tmp);
	vec_free(&parent);
	vec_free(&how);
	hset_free(&local);
}

/* The parent of pair `child` (level l > 0): the first pair of level l - 1,
 * in the sequential order, that has it as a successor, into `parent`
 * (kw words) and the step into *how. On one process that is a scan of
 * the level in the store; under MPI every rank scans its own part of the
 * level and the least place wins (a collective call). */
static void find_parent(struct search *S, uint32_t l, const uint64_t *child, uint64_t *parent,
			struct cex_step *how)
{
	uint32_t kw = S->kw;
	if (S->levels) {
		struct spill_reader rd;
		spill_reader_open(&rd, S->levels[l - 1], kw + 1);
		bool got = false;
		for (const uint64_t *rec; !got && (rec = spill_reader_next(&rd));) {
			pair_state(S, rec + 1, S->st_buf);
			S->kbuf.n = S->kev.n = S->krule.n = 0;
			expand(S, S->st_buf, pair_node(S, rec + 1));
			for (size_t k = 0; k < S->kbuf.n / kw; k++)
				if (memcmp(S->kbuf.v + k * kw, child, kw * sizeof(uint64_t)) == 0) {
					memcpy(parent, rec + 1, kw * sizeof *parent);
					*how = (struct cex_step){S->kev.v[k], S->krule.v[k]};
					got = true;
					break;
				}
		}
		spill_reader_close(&rd);
		if (!got)
			base_internal_error("check: no parent for a pair at level %u", l);
		return;
	}
	bool mpi = S->o->mpi_size > 1;
	size_t lo = mpi ? S->lstart[l - 1] : S->level_start.v[l - 1];
	size_t hi = mpi ? S->lstart[l] : S->level_start.v[l];
	uint64_t *st = S->st_buf;
	uint64_t found = UINT64_MAX;
	for (size_t p = lo; p < hi && found == UINT64_MAX; p++) {
		const uint64_t *pk = istore_key(&S->store, p);
		pair_state(S, pk, st);
		S->kbuf.n = S->kev.n = S->krule.n = 0;
		expand(S, st, pair_node(S, pk));
		size_t n = S->kbuf.n / kw;
		for (size_t k = 0; k < n; k++) {
			if (memcmp(S->kbuf.v + k * kw, child, kw * sizeof(uint64_t)) == 0) {
				memcpy(parent, pk, kw * sizeof *parent);
				*how = (struct cex_step){S->kev.v[k], S->krule.v[k]};
				found = mpi ? (uint64_t)S->gidx[p] : p;
				break;
			}
		}
	}
#ifdef CSPCHECK_MPI
	if (mpi) {
		/* the least place wins; its rank tells the others */
		uint64_t size = (uint64_t)S->o->mpi_size;
		uint64_t mine = found == UINT64_MAX ? UINT64_MAX : found * size + (uint64_t)S->o->mpi_rank, least;
		MPI_Allreduce(&mine, &least, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
		if (least == UINT64_MAX)
			base_internal_error("check: no parent for a pair at level %u", l);
		uint64_t *buf = xmalloc(((size_t)kw + 2) * sizeof *buf);
		if (mine == least) {
			memcpy(buf, parent, kw * sizeof *buf);
			buf[kw] = how->event;
			buf[kw + 1] = how->rule;
		}
		MPI_Bcast(buf, (int)kw + 2, MPI_UINT64_T, (int)(least % size), MPI_COMM_WORLD);
		memcpy(parent, buf, kw * sizeof *parent);
		*how = (struct cex_step){(event_id)buf[kw], (uint32_t)buf[kw + 1]};
		free(buf);
		return;
	}
#endif
	if (found == UINT64_MAX)
		base_internal_error("check: no parent for a pair at level %u", l);
}

/* The counterexample of violation v at pair vkey: walk back level by
 * level to the initial pair, then describe what shows at vkey. Under MPI
 * every rank calls it and builds the same one. */
void search_build_cex(struct search *S, struct violation *v, const uint64_t *vkey)
{
	struct cex *c = &S->r->cex;
	uint32_t kw = S->kw, w = S->w;
	c->kind = v->kind;
	c->words = w;
	wordvec chain = {0}; /* the pairs of the path, from vkey back */
	VEC(struct cex_step) how = {0};
	uint64_t *cur = xmalloc((size_t)kw * sizeof *cur), *par = xmalloc((size_t)kw * sizeof *par);
	uint64_t *st = xmalloc((size_t)w * sizeof *st);
	memcpy(cur, vkey, kw * sizeof *cur);
	for (uint32_t l = v->level; l > 0; l--) {
		struct cex_step h;
		find_parent(S, l, cur, par, &h);
		for (uint32_t x = 0; x < kw; x++)
			vec_push(&chain, cur[x]);
		vec_push(&how, h);
		uint64_t *t = cur;
		cur = par;
		par = t;
	}
	wordvec states = {0};
	pair_state(S, cur, st);
	for (uint32_t x = 0; x < w; x++)
		vec_push(&states, st[x]);
	for (size_t k = how.n; k-- > 0;) {
		pair_state(S, chain.v + k * kw, st);
		push_step(c, &states, how.v[k].event, how.v[k].rule, st, w);
	}
	/* the state where it shows, and what it says */
	uint32_t node = pair_node(S, vkey);
	pair_state(S, vkey, st);
	S->kbuf.n = S->kev.n = S->krule.n = 0;
	expand(S, st, node);
	switch (v->kind) {
	case CEX_TRACE: {
		uint32_t ne = (uint32_t)(S->spec->first[node + 1] - S->spec->first[node]);
		const struct lts_edge *e = S->spec->edges + S->spec->first[node];
		event_id *ids = xmalloc(((size_t)ne + 1) * sizeof *ids);
		for (uint32_t k = 0; k < ne; k++)
			ids[k] = e[k].event;
		c->allowed = (struct event_set){ne, ids};
		c->event = v->event;
		push_step(c, &states, v->event, v->rule, v->to, w);
		break;
	}
	case CEX_REFUSAL: {
		acceptance(S);
		c->acceptance = set_copy(S->acc.v, (uint32_t)S->acc.n);
		uint32_t a0 = S->spec->acc_first[node], a1 = S->spec->acc_first[node + 1];
		c->nspec_acc = a1 - a0;
		c->spec_acc = xcalloc((size_t)c->nspec_acc + 1, sizeof *c->spec_acc);
		for (uint32_t k = a0; k < a1; k++)
			c->spec_acc[k - a0] = set_copy(S->spec->acc_events + S->spec->acc_off[k],
						       S->spec->acc_off[k + 1] - S->spec->acc_off[k]);
		break;
	}
	case CEX_NONDETERMINISM:
		acceptance(S);
		c->acceptance = set_copy(S->acc.v, (uint32_t)S->acc.n);
		c->event = v->event;
		break;
	case CEX_DIVERGENCE:
		c->loop_from = c->nsteps;
		tau_loop(S, st, c, &states);
		break;
	default:
		break;
	}
	c->states = states.v;
	free(st);
	free(cur);
	free(par);
	vec_free(&chain);
	vec_free(&how);
}

/* ---- the checks -------------------------------------------------------------------- */

void check_refine(const struct normal *spec, const struct net *impl, enum check_model m,
		  const struct check_opts *o, struct check_result *r)
{
	struct search S;
	search_init(&S, impl, spec, S_REFINE, m, o, r);
	run(&S);
	search_free(&S);
}

void check_deadlock(const struct net *impl, bool fd, const struct check_opts *o, struct check_result *r)
{
	struct search S;
	search_init(&S, impl, NULL, S_DEADLOCK, fd ? CHECK_FD : CHECK_F, o, r);
	run(&S);
	search_free(&S);
}

void check_divergence(const struct net *impl, const struct check_opts *o, struct check_result *r)
{
	struct search S;
	search_init(&S, impl, NULL, S_DIVERGENCE, CHECK_FD, o, r);
	run(&S);
	search_free(&S);
}

void check_determinism(const struct normal *self, const struct net *impl, bool fd, const struct check_opts *o,
		       struct check_result *r)
{
	struct search S;
	search_init(&S, impl, self, S_DETERMINISM, fd ? CHECK_FD : CHECK_F, o, r);
	run(&S);
	search_free(&S);
}

/* The τ-closure of the states in `set` (with τ priority), in place. */
static void closure(struct search *S, struct hset *set)
{
	uint64_t *tmp = xmalloc((size_t)S->w * sizeof *tmp);
	bool added;
	for (uint32_t i = 0; i < set->count; i++) {
		memcpy(tmp, hset_key(set, i), S->w * sizeof *tmp);
		gen(S, tmp, &S->succ);
		for (uint32_t k = 0; k < S->succ.n; k++)
			if (S->succ.event[k] == EVENT_TAU)
				hset_insert(set, S->succ.state + (size_t)k * S->w, &added);
	}
	free(tmp);
}

void check_has_trace(const struct net *impl, const event_id *trace, uint32_t n, enum check_model m,
		     const struct check_opts *o, struct check_result *r)
{
	struct search S;
	search_init(&S, impl, NULL, S_DIVERGENCE, m, o, r);
	struct hset cur, next;
	hset_init(&cur, S.w, 64);
	bool added;
	hset_insert(&cur, impl->initial, &added);
	closure(&S, &cur);
	uint64_t *tmp = xmalloc((size_t)S.w * sizeof *tmp);
	r->verdict = CHECK_PASSED;
	for (uint32_t i = 0; i < n; i++) {
		r->states += cur.count;
		if (m == CHECK_FD) {
			bool div = false;
			for (uint32_t k = 0; k < cur.count && !div; k++) {
				memcpy(tmp, hset_key(&cur, k), S.w * sizeof *tmp);
				div = on_tau_cycle(&S, tmp);
			}
			if (div)
				break; /* divergence-strict: every continuation is a trace */
		}
		hset_init(&next, S.w, 64);
		VEC(event_id) possible = {0};
		for (uint32_t k = 0; k < cur.count; k++) {
			memcpy(tmp, hset_key(&cur, k), S.w * sizeof *tmp);
			gen(&S, tmp, &S.succ);
			r->transitions += S.succ.n;
			for (uint32_t j = 0; j < S.succ.n; j++) {
				if (S.succ.event[j] == EVENT_TAU)
					continue;
				vec_push(&possible, S.succ.event[j]);
				if (S.succ.event[j] == trace[i])
					hset_insert(&next, S.succ.state + (size_t)j * S.w, &added);
			}
		}
		hset_free(&cur);
		cur = next;
		if (cur.count == 0) {
			/* sorted, distinct */
			for (size_t a = 1; a < possible.n; a++) {
				event_id x = possible.v[a];
				size_t b = a;
				while (b > 0 && possible.v[b - 1] > x) {
					possible.v[b] = possible.v[b - 1];
					b--;
				}
				possible.v[b] = x;
			}
			size_t d = 0;
			for (size_t a = 0; a < possible.n; a++)
				if (d == 0 || possible.v[d - 1] != possible.v[a])
					possible.v[d++] = possible.v[a];
			r->verdict = CHECK_FAILED;
			r->cex.kind = CEX_NO_TRACE;
			r->cex.words = S.w;
			r->cex.event = trace[i];
			r->cex.trace_len = i;
			r->cex.prefix = xmalloc(((size_t)i + 1) * sizeof *r->cex.prefix);
			if (i)
				memcpy(r->cex.prefix, trace, (size_t)i * sizeof *trace);
			r->cex.allowed = set_copy(possible.v, (uint32_t)d);
			vec_free(&possible);
			break;
		}
		vec_free(&possible);
		if (trace[i] == EVENT_TICK)
			break;
		closure(&S, &cur);
	}
	r->states += cur.count;
	free(tmp);
	hset_free(&cur);
	r->seconds = search_now() - S.t0;
	search_free(&S);
}

void check_result_free(struct check_result *r)
{
	struct cex *c = &r->cex;
	free(c->steps);
	free(c->states);
	free(c->prefix);
	event_set_free(&c->allowed);
	event_set_free(&c->acceptance);
	for (uint32_t k = 0; k < c->nspec_acc; k++)
		event_set_free(&c->spec_acc[k]);
	free(c->spec_acc);
	memset(r, 0, sizeof *r);
}

event_id *cex_trace(const struct cex *c, uint32_t *n)
{
	event_id *t = xmalloc(((size_t)c->nsteps + 1) * sizeof *t);
	uint32_t m = 0;
	for (uint32_t k = 0; k < c->nsteps; k++)
		if (c->steps[k].event != EVENT_TAU)
			t[m++] = c->steps[k].event;
	*n = m;
	return t;
}
