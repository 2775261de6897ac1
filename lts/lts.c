/*
 * lts/lts.c — breadth-first exploration into compressed rows (lts/lts.h).
 *
 * The BFS queue is the state array itself: states are appended as they are
 * discovered and expanded in index order, so the numbering is the BFS
 * order. A visited table (open addressing, power-of-two capacity, at most
 * half full) maps a state's term (its VK_PROC value id) to its number.
 *
 * The state limit is checked before a state is added, so exploration of an
 * infinite-state process ends with LTS_LIMIT after at most max_states
 * states, whatever their shape.
 */
#include "lts/lts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/vec.h"

struct visited {
	value_id *key;       /* 0: empty */
	uint32_t *state;
	uint32_t mask;
	uint32_t count;
};

static void visited_init(struct visited *v, uint32_t cap)
{
	v->key = xcalloc(cap, sizeof *v->key);
	v->state = xmalloc((size_t)cap * sizeof *v->state);
	v->mask = cap - 1;
	v->count = 0;
}

static void visited_free(struct visited *v)
{
	free(v->key);
	free(v->state);
}

static inline uint32_t slot_of(value_id k, uint32_t mask)
{
	uint64_t h = hash_bytes(&k, sizeof k);
	return (uint32_t)h & mask;
}

static void visited_grow(struct visited *v)
{
	struct visited n;
	visited_init(&n, (v->mask + 1) * 2);
	for (uint32_t i = 0; i <= v->mask; i++) {
		if (!v->key[i])
			continue;
		uint32_t j = slot_of(v->key[i], n.mask);
		while (n.key[j])
			j = (j + 1) & n.mask;
		n.key[j] = v->key[i];
		n.state[j] = v->state[i];
	}
	n.count = v->count;
	visited_free(v);
	*v = n;
}

/* The slot holding k, or the empty slot where it would go. */
static uint32_t visited_find(const struct visited *v, value_id k)
{
	uint32_t j = slot_of(k, v->mask);
	while (v->key[j] && v->key[j] != k)
		j = (j + 1) & v->mask;
	return j;
}

static int cmp_edge(const void *x, const void *y)
{
	const struct lts_edge *a = x, *b = y;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->target < b->target ? -1 : a->target > b->target;
}

uint64_t lts_memory_used(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long long size, resident;
	long page = sysconf(_SC_PAGESIZE);
	if (!f)
		return 0;
	int n = fscanf(f, "%llu %llu", &size, &resident);
	fclose(f);
	if (n != 2 || page <= 0)
		return 0;
	/* under RLIMIT_AS, address space is what runs out */
	struct rlimit rl;
	bool as = getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
	return (as ? size : resident) * (uint64_t)page;
}

uint64_t lts_memory_budget(void)
{
	uint64_t limit = UINT64_MAX;
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	if (pages > 0 && page > 0)
		limit = (uint64_t)pages * (uint64_t)page;
	FILE *f = fopen("/sys/fs/cgroup/memory.max", "r");
	if (f) {
		unsigned long long m;
		if (fscanf(f, "%llu", &m) == 1 && m < limit)
			limit = m;
		fclose(f);
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < limit)
		limit = rl.rlim_cur;
	return limit == UINT64_MAX ? limit : limit / 4 * 3;
}

enum lts_result lts_explore(struct sos *s, value_id p, uint64_t max_states, struct lts *out)
{
	return lts_explore_limited(s, p, max_states, lts_memory_budget(), out);
}

enum lts_result lts_explore_limited(struct sos *s, value_id p, uint64_t max_states, uint64_t max_bytes,
				    struct lts *out)
{
	memset(out, 0, sizeof *out);
	enum lts_result r = LTS_OK;
	VEC(value_id) procs = {0};
	VEC(uint64_t) first = {0};
	VEC(struct lts_edge) edges = {0};
	struct visited vis;
	visited_init(&vis, 1024);

	value_id root = sos_normal(s, p);
	if (!root) {
		r = LTS_ERROR;
		goto out;
	}
	if (max_states == 0) {
		r = LTS_LIMIT;
		goto out;
	}
	vec_push(&procs, root);
	uint32_t j = visited_find(&vis, root);
	vis.key[j] = root;
	vis.state[j] = 0;
	vis.count = 1;
	for (size_t st = 0; st < procs.n; st++) {
		const struct sos_trans *t;
		uint32_t n;
		if ((st & 1023) == 1023 && max_bytes != UINT64_MAX && lts_memory_used() > max_bytes) {
			r = LTS_MEMORY;
			goto out;
		}
		vec_push(&first, (uint64_t)edges.n);
		if (!sos_transitions(s, procs.v[st], &t, &n)) {
			r = LTS_ERROR;
			goto out;
		}
		size_t row = edges.n;
		for (uint32_t i = 0; i < n; i++) {
			if (vis.count * 2 > vis.mask)
				visited_grow(&vis);
			j = visited_find(&vis, t[i].proc);
			if (!vis.key[j]) {
				if (procs.n >= max_states) {
					r = LTS_LIMIT;
					goto out;
				}
				vis.key[j] = t[i].proc;
				vis.state[j] = (uint32_t)procs.n;
				vis.count++;
				vec_push(&procs, t[i].proc);
			}
			vec_push(&edges, ((struct lts_edge){t[i].event, vis.state[j]}));
		}
		/* sorted by (event, term) from the sos; now by (event, state) */
		bool sorted = true;
		for (size_t i = row + 1; i < edges.n && sorted; i++)
			sorted = cmp_edge(&edges.v[i - 1], &edges.v[i]) < 0;
		if (!sorted)
			qsort(edges.v + row, edges.n - row, sizeof *edges.v, cmp_edge);
	}
	vec_push(&first, (uint64_t)edges.n);
	out->nstates = (uint32_t)procs.n;
	out->ntrans = edges.n;
	out->first = first.v;
	out->edges = edges.v;
	out->proc = procs.v;
	visited_free(&vis);
	return LTS_OK;
out:
	vec_free(&procs);
	vec_free(&first);
	vec_free(&edges);
	visited_free(&vis);
	return r;
}

void lts_free(struct lts *l)
{
	free(l->first);
	free(l->edges);
	free(l->proc);
	memset(l, 0, sizeof *l);
}

static int cmp_event(const void *x, const void *y)
{
	event_id a = *(const event_id *)x, b = *(const event_id *)y;
	return a < b ? -1 : a > b;
}

void lts_stats(const struct lts *l, struct lts_stats *st)
{
	memset(st, 0, sizeof *st);
	st->states = l->nstates;
	st->transitions = l->ntrans;
	event_id *ev = xmalloc((l->ntrans + 1) * sizeof *ev);
	size_t n = 0;
	for (uint64_t i = 0; i < l->ntrans; i++) {
		event_id e = l->edges[i].event;
		if (e == EVENT_TAU)
			st->tau = true;
		else if (e == EVENT_TICK)
			st->tick = true;
		else
			ev[n++] = e;
	}
	qsort(ev, n, sizeof *ev, cmp_event);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || ev[i] != ev[i - 1])
			st->events++;
	free(ev);
	size_t bytes = ((size_t)l->nstates + 1) * sizeof *l->first + l->ntrans * sizeof *l->edges;
	st->bytes_per_state = l->nstates ? (double)bytes / l->nstates : 0;
}

/* An event's label, with '"' and '\' escaped. */
static void write_label(FILE *out, const struct event_table *et, const struct value_table *vt, event_id e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		base_internal_error("open_memstream failed");
	event_print(m, et, vt, e);
	fclose(m);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '"' || text[i] == '\\')
			fputc('\\', out);
		fputc(text[i], out);
	}
	free(text);
}

void lts_write_aut(FILE *out, const struct lts *l, const struct event_table *et, const struct value_table *vt)
{
	fprintf(out, "des (0, %llu, %u)\n", (unsigned long long)l->ntrans, l->nstates);
	for (uint32_t s = 0; s < l->nstates; s++) {
		uint32_t n;
		const struct lts_edge *e = lts_out(l, s, &n);
		for (uint32_t i = 0; i < n; i++) {
			fprintf(out, "(%u,\"", s);
			write_label(out, et, vt, e[i].event);
			fprintf(out, "\",%u)\n", e[i].target);
		}
	}
}

void lts_write_dot(FILE *out, const struct lts *l, const struct event_table *et, const struct value_table *vt)
{
	fputs("digraph lts {\n  node [shape=circle];\n", out);
	for (uint32_t s = 0; s < l->nstates; s++)
		fprintf(out, "  s%u [label=\"%u\"%s];\n", s, s, s == 0 ? ", style=bold" : "");
	for (uint32_t s = 0; s < l->nstates; s++) {
		uint32_t n;
		const struct lts_edge *e = lts_out(l, s, &n);
		for (uint32_t i = 0; i < n; i++) {
			fprintf(out, "  s%u -> s%u [label=\"", s, e[i].target);
			write_label(out, et, vt, e[i].event);
			fputs("\"];\n", out);
		}
	}
	fputs("}\n", out);
}

void lts_write_stats(FILE *out, const struct lts *l)
{
	struct lts_stats st;
	lts_stats(l, &st);
	fprintf(out, "states %u\ntransitions %llu\nevents %u", st.states, (unsigned long long)st.transitions,
		st.events);
	if (st.tau || st.tick)
		fprintf(out, " (+%s%s%s)", st.tau ? " tau" : "", st.tau && st.tick ? "," : "", st.tick ? " tick" : "");
	fprintf(out, "\nbytes per state %.2f\n", st.bytes_per_state);
}

/* ---- τ-cycles ------------------------------------------------------------ */

struct tarjan_frame {
	uint32_t state;
	uint64_t next;        /* the next edge of state's row to look at */
};

/* Tarjan's algorithm over τ edges only (they open each row, τ being
 * event 0), iterative with an explicit stack of (state, next edge)
 * frames, so that depth costs heap, not C stack. */
uint32_t lts_tau_sccs(const struct lts *l, uint32_t **scc_out, uint8_t **cyclic_out)
{
	uint32_t n = l->nstates;
	uint32_t *scc = xmalloc((size_t)n * sizeof *scc);
	uint8_t *cyclic = xcalloc(n, 1);
	uint32_t *index = xmalloc((size_t)n * sizeof *index);
	uint32_t *low = xmalloc((size_t)n * sizeof *low);
	uint8_t *on_stack = xcalloc(n, 1);
	uint8_t *self = xcalloc(n, 1);
	uint32_t *stack = xmalloc((size_t)n * sizeof *stack);
	struct tarjan_frame *calls = xmalloc((size_t)n * sizeof *calls);
	uint32_t sp = 0, cp = 0, counter = 0, nscc = 0;

	for (uint32_t s = 0; s < n; s++)
		index[s] = UINT32_MAX;
	for (uint32_t root = 0; root < n; root++) {
		if (index[root] != UINT32_MAX)
			continue;
		index[root] = low[root] = counter++;
		stack[sp++] = root;
		on_stack[root] = 1;
		calls[cp++] = (struct tarjan_frame){ root, l->first[root] };
		while (cp > 0) {
			struct tarjan_frame *f = &calls[cp - 1];
			uint32_t v = f->state;
			if (f->next < l->first[v + 1] && l->edges[f->next].event == EVENT_TAU) {
				uint32_t w = l->edges[f->next++].target;
				if (w == v) {
					self[v] = 1;
				} else if (index[w] == UINT32_MAX) {
					index[w] = low[w] = counter++;
					stack[sp++] = w;
					on_stack[w] = 1;
					calls[cp++] = (struct tarjan_frame){ w, l->first[w] };
				} else if (on_stack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			cp--;
			if (low[v] == index[v]) {
				uint32_t bottom = sp, w;
				do
					w = stack[--bottom];
				while (w != v);
				uint8_t cyc = sp - bottom >= 2 || self[v];
				for (uint32_t i = bottom; i < sp; i++) {
					on_stack[stack[i]] = 0;
					scc[stack[i]] = nscc;
				}
				cyclic[nscc++] = cyc;
				sp = bottom;
			}
			if (cp > 0) {
				uint32_t u = calls[cp - 1].state;
				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	free(index);
	free(low);
	free(on_stack);
	free(self);
	free(stack);
	free(calls);
	*scc_out = scc;
	*cyclic_out = cyclic;
	return nscc;
}

uint8_t *lts_tau_cycles(const struct lts *l)
{
	uint32_t *scc;
	uint8_t *cyclic;
	lts_tau_sccs(l, &scc, &cyclic);
	uint8_t *on = xmalloc(l->nstates ? l->nstates : 1);
	for (uint32_t s = 0; s < l->nstates; s++)
		on[s] = cyclic[scc[s]];
	free(scc);
	free(cyclic);
	return on;
}
