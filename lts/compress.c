/*
 * lts/compress.c — FDR's compressions on explicit LTSs (lts/compress.h).
 *
 * Every compression is written as a *row function* over abstract nodes
 * (a class, a τ-SCC, a normal-form node, a state of the input) and ends
 * in emit(), which explores the abstract graph breadth-first from its
 * root, numbers the nodes it reaches in that order and writes the rows in
 * compressed-row form. emit() asks for a node's row only when the node is
 * reached, so diamond and chase never look at unreachable states.
 *
 * The building blocks:
 *
 *   - lts_tau_sccs() (lts/lts.c): the τ-SCCs, for tau_loop_factor, and
 *     through lts_tau_cycles() for diamond and normal.
 *   - bisim(): the coarsest strong bisimulation of a labelled graph, by
 *     Paige–Tarjan partition refinement (described above it).
 *   - closures and minimal acceptances, shared by diamond and normal.
 *
 * Invariants of emit(): the nodes numbered so far are order[0 .. count),
 * id[order[i]] == i, and rows 0 .. i-1 are written when node i is
 * expanded. After a false return everything is freed and *out is zeroed.
 */
#include "lts/compress.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/vset.h"
#include "base/vec.h"
#include "semantics/event.h"

#define NONE UINT32_MAX

typedef VEC(struct lts_edge) edge_vec;
typedef VEC(uint32_t) u32_vec;

/* -------------------------------------------------------------- sorting */

static inline int edge_cmp(const struct lts_edge *a, const struct lts_edge *b)
{
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->target < b->target ? -1 : a->target > b->target;
}

static int cmp_edge(const void *x, const void *y)
{
	return edge_cmp(x, y);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Sort e[0..n) by (event, target) and drop duplicates; the new length. */
static size_t sort_edges(struct lts_edge *e, size_t n)
{
	if (n < 2)
		return n;
	if (n <= 16) {
		for (size_t i = 1; i < n; i++) {
			struct lts_edge x = e[i];
			size_t j = i;
			for (; j > 0 && edge_cmp(&e[j - 1], &x) > 0; j--)
				e[j] = e[j - 1];
			e[j] = x;
		}
	} else {
		qsort(e, n, sizeof *e, cmp_edge);
	}
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (edge_cmp(&e[k - 1], &e[i]) != 0)
			e[k++] = e[i];
	return k;
}

static void sort_u32(uint32_t *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_u32);
}

/* ----------------------------------------------------------------- emit */

/* Append node `node`'s edges (abstract targets, any order, duplicates
 * allowed) to *row. */
typedef void row_fn(void *ctx, uint32_t node, edge_vec *row);

/* Explore the abstract graph of nnodes nodes from root, as described at
 * the top; false (and *out zeroed) when more than max_states nodes are
 * reached. */
static bool emit(uint32_t nnodes, uint32_t root, row_fn *row_of, void *ctx, uint64_t max_states, struct lts *out)
{
	memset(out, 0, sizeof *out);
	if (max_states == 0)
		return false;
	uint32_t *id = xmalloc((size_t)nnodes * sizeof *id);
	uint32_t *order = xmalloc((size_t)nnodes * sizeof *order);
	VEC(uint64_t) first = { 0 };
	edge_vec edges = { 0 };
	edge_vec row = { 0 };
	bool ok = true;

	memset(id, 0xff, (size_t)nnodes * sizeof *id);
	id[root] = 0;
	order[0] = root;
	uint32_t count = 1;
	vec_push(&first, (uint64_t)0);
	for (uint32_t i = 0; i < count && ok; i++) {
		row.n = 0;
		row_of(ctx, order[i], &row);
		row.n = sort_edges(row.v, row.n);
		for (size_t k = 0; k < row.n; k++) {
			uint32_t t = row.v[k].target;
			if (id[t] == NONE) {
				if (count >= max_states) {
					ok = false;
					break;
				}
				id[t] = count;
				order[count++] = t;
			}
			row.v[k].target = id[t];
		}
		if (!ok)
			break;
		/* same events, targets renamed: only ties within an event move */
		row.n = sort_edges(row.v, row.n);
		vec_reserve(&edges, edges.n + row.n);
		if (row.n)
			memcpy(edges.v + edges.n, row.v, row.n * sizeof *row.v);
		edges.n += row.n;
		vec_push(&first, (uint64_t)edges.n);
	}
	free(id);
	free(order);
	vec_free(&row);
	if (!ok) {
		vec_free(&first);
		vec_free(&edges);
		return false;
	}
	out->nstates = count;
	out->ntrans = edges.n;
	out->first = xrealloc(first.v, first.n * sizeof *first.v);
	out->edges = xrealloc(edges.v, (edges.n ? edges.n : 1) * sizeof *edges.v);
	out->proc = NULL;
	return true;
}

/* ------------------------------------------------------------ explicate */

static void explicate_row(void *ctx, uint32_t s, edge_vec *row)
{
	const struct lts *l = ctx;
	uint32_t n;
	const struct lts_edge *e = lts_out(l, s, &n);
	vec_reserve(row, row->n + n);
	if (n)
		memcpy(row->v + row->n, e, n * sizeof *e);
	row->n += n;
}

bool compress_explicate(const struct lts *in, uint64_t max_states, struct lts *out)
{
	ALWAYS(in->nstates > 0);
	return emit(in->nstates, 0, explicate_row, (void *)in, max_states, out);
}

/* The members of each class, grouped: class k's are
 * mem[mem_first[k] .. mem_first[k+1]), in increasing state order. */
struct members {
	uint32_t *mem_first;  /* nclasses + 1 */
	uint32_t *mem;        /* nstates */
};

static void members_of(const uint32_t *cls, uint32_t nstates, uint32_t nclasses, struct members *m)
{
	m->mem_first = xcalloc((size_t)nclasses + 1, sizeof *m->mem_first);
	m->mem = xmalloc((size_t)nstates * sizeof *m->mem);
	for (uint32_t s = 0; s < nstates; s++)
		m->mem_first[cls[s] + 1]++;
	for (uint32_t k = 0; k < nclasses; k++)
		m->mem_first[k + 1] += m->mem_first[k];
	uint32_t *fill = xmalloc(((size_t)nclasses + 1) * sizeof *fill);
	memcpy(fill, m->mem_first, ((size_t)nclasses + 1) * sizeof *fill);
	for (uint32_t s = 0; s < nstates; s++)
		m->mem[fill[cls[s]]++] = s;
	free(fill);
}

static void members_free(struct members *m)
{
	free(m->mem_first);
	free(m->mem);
}

/* A quotient whose rows are the union of the members' edges, τ edges
 * inside a class dropped, and a τ self-loop on `loop` classes. */
struct quotient {
	const struct lts *l;
	const uint32_t *cls;
	const uint8_t *loop;
	struct members m;
};

static void quotient_row(void *ctx, uint32_t k, edge_vec *row)
{
	const struct quotient *q = ctx;
	const struct lts *l = q->l;
	for (uint32_t i = q->m.mem_first[k]; i < q->m.mem_first[k + 1]; i++) {
		uint32_t s = q->m.mem[i];
		for (uint64_t e = l->first[s]; e < l->first[s + 1]; e++) {
			uint32_t t = q->cls[l->edges[e].target];
			if (l->edges[e].event == EVENT_TAU && t == k)
				continue;
			vec_push(row, ((struct lts_edge){ l->edges[e].event, t }));
		}
	}
	if (q->loop[k])
		vec_push(row, ((struct lts_edge){ EVENT_TAU, k }));
}

bool compress_tau_loop_factor(const struct lts *in, uint64_t max_states, struct lts *out)
{
	ALWAYS(in->nstates > 0);
	uint32_t *scc;
	uint8_t *cyclic;
	uint32_t nscc = lts_tau_sccs(in, &scc, &cyclic);
	struct quotient q = { in, scc, cyclic, { 0 } };
	members_of(scc, in->nstates, nscc, &q.m);
	bool ok = emit(nscc, scc[0], quotient_row, &q, max_states, out);
	members_free(&q.m);
	free(scc);
	free(cyclic);
	return ok;
}

/* --------------------------------------------------- strong bisimulation */

/*
 * bisim() computes the coarsest strong bisimulation of a labelled graph
 * (n states, rows first[]/edges[] as in an LTS, sorted or not) refining an
 * initial colouring, by Paige and Tarjan's relational coarsest partition
 * algorithm ("Three partition refinement algorithms", 1987) run on the
 * unlabelled graph in which each edge e = (x, a, y) is a node of its own:
 *
 *     state x  ──▶  edge node e  ──▶  state y        (N = n + m nodes)
 *
 * Edge nodes start in one block per label, states in one block per
 * (colour, has-edges). Two states then end in one block exactly when
 * they are strongly bisimilar, and two edge nodes when they have the same
 * label and bisimilar targets.
 *
 * Paige–Tarjan keeps a partition Q (blocks) and a coarser partition X
 * (compounds, each a union of blocks) such that Q is stable with respect
 * to every compound: in each block, all or none of the nodes have a
 * successor in it. Initially X = {states, edge nodes}. A step takes a
 * compound S of two blocks or more and a block B ⊆ S of at most half its
 * size, makes B a compound of its own, and restores stability by
 * splitting every block by "has a successor in B" and, among those, by
 * "has a successor in S \ B" — the latter from counts: a record per
 * (state x, compound) holds how many successors x has in it, and each
 * edge node points at its source's record for its own compound. Every
 * node is in the smaller half at most log2 N times, and a step costs the
 * edges into B, so the whole is O(m log n).
 *
 * The two kinds of node make two cases. If B holds edge nodes, their
 * sources are split by the two tests above, and the counts move from S to
 * B. If B holds states, the edge nodes into B are split off their blocks;
 * an edge node has exactly one successor, so the second test never splits
 * anything and no counts are kept for edge nodes.
 *
 * The partition is stored as in Valmari and Lehtinen's refinable
 * partitions: the nodes of a block lie contiguously in elem[], loc[] is
 * a node's position there, and a block's marked nodes are moved to the
 * front of its range; splitting makes the marked part a new block.
 */

struct pt_block {
	uint32_t start, end;  /* elem[start .. end) */
	uint32_t mid;         /* elem[start .. mid) are marked */
	uint32_t comp;        /* compound */
	uint32_t next, prev;  /* in the compound's list, NONE-terminated */
};

struct pt_comp {
	uint32_t head;        /* first block */
	uint32_t nblocks;
	uint8_t queued;       /* in pt.queue */
};

struct pt_rec {
	uint32_t count;       /* successors of a state in a compound */
	uint32_t tmp;         /* during a step: the record for B */
	uint32_t stamp;       /* the step that set tmp */
};

/* Where a node is: its block and its index in elem[] (together, so that
 * marking a node costs one cache miss, not two). */
struct pt_node {
	uint32_t loc, blk;
};

/* An edge node's source and the source's record for the edge's compound. */
struct pt_arc {
	uint32_t src, cnt;
};

struct pt {
	uint32_t n, N;
	uint64_t *in_first;   /* n + 1: edges by target */
	uint32_t *in_edge;
	uint32_t *elem;       /* N: the nodes, block by block */
	struct pt_node *node; /* N */
	struct pt_arc *arc;   /* m */
	VEC(struct pt_block) b;
	VEC(struct pt_comp) c;
	VEC(uint32_t) queue;
	VEC(uint32_t) touched;
	VEC(struct pt_rec) rec;
	VEC(uint32_t) free_rec;
	uint32_t step;
};

static void pt_mark(struct pt *p, uint32_t x)
{
	uint32_t bl = p->node[x].blk;
	struct pt_block *b = &p->b.v[bl];
	uint32_t i = p->node[x].loc, j = b->mid;
	if (i < j)
		return;                 /* marked already */
	if (j == b->start)
		vec_push(&p->touched, bl);
	uint32_t y = p->elem[j];
	p->elem[j] = x;
	p->node[x].loc = j;
	p->elem[i] = y;
	p->node[y].loc = i;
	p->b.v[bl].mid = j + 1;
}

static void pt_link(struct pt *p, uint32_t bl, uint32_t comp)
{
	struct pt_comp *c = &p->c.v[comp];
	struct pt_block *b = &p->b.v[bl];
	b->comp = comp;
	b->prev = NONE;
	b->next = c->head;
	if (c->head != NONE)
		p->b.v[c->head].prev = bl;
	c->head = bl;
	if (++c->nblocks >= 2 && !c->queued) {
		c->queued = 1;
		vec_push(&p->queue, comp);
	}
}

static void pt_unlink(struct pt *p, uint32_t bl)
{
	struct pt_block *b = &p->b.v[bl];
	struct pt_comp *c = &p->c.v[b->comp];
	if (b->prev != NONE)
		p->b.v[b->prev].next = b->next;
	else
		c->head = b->next;
	if (b->next != NONE)
		p->b.v[b->next].prev = b->prev;
	c->nblocks--;
}

/* Split every touched block into its marked part (a new block, in the
 * same compound) and the rest; a wholly marked block stays whole. */
static void pt_split(struct pt *p)
{
	for (size_t t = 0; t < p->touched.n; t++) {
		uint32_t bl = p->touched.v[t];
		struct pt_block *b = &p->b.v[bl];
		if (b->mid == b->end) {
			b->mid = b->start;
			continue;
		}
		struct pt_block nb = { b->start, b->mid, b->start, 0, NONE, NONE };
		uint32_t comp = b->comp;
		b->start = b->mid;
		uint32_t nbl = (uint32_t)p->b.n;
		vec_push(&p->b, nb);
		for (uint32_t i = nb.start; i < nb.end; i++)
			p->node[p->elem[i]].blk = nbl;
		pt_link(p, nbl, comp);
	}
	p->touched.n = 0;
}

static uint32_t pt_new_rec(struct pt *p, uint32_t count)
{
	uint32_t r;
	if (p->free_rec.n) {
		r = vec_pop(&p->free_rec);
	} else {
		r = (uint32_t)p->rec.n;
		vec_push(&p->rec, ((struct pt_rec){ 0, 0, 0 }));
	}
	p->rec.v[r] = (struct pt_rec){ count, NONE, 0 };
	return r;
}

/* Start blocks of nodes lo .. hi-1 of elem[] (sorted by key[]) as runs of
 * equal keys, all in compound comp. */
static void pt_blocks(struct pt *p, uint32_t lo, uint32_t hi, const uint32_t *key, uint32_t comp)
{
	for (uint32_t i = lo; i < hi;) {
		uint32_t j = i + 1;
		while (j < hi && key[p->elem[j]] == key[p->elem[i]])
			j++;
		uint32_t bl = (uint32_t)p->b.n;
		vec_push(&p->b, ((struct pt_block){ i, j, i, comp, NONE, NONE }));
		for (uint32_t k = i; k < j; k++)
			p->node[p->elem[k]].blk = bl;
		pt_link(p, bl, comp);
		i = j;
	}
}

/* Counting sort of the nodes base .. base+count-1 by key[node] < nkeys into
 * elem[pos ..]. */
static void pt_sort_into(struct pt *p, uint32_t pos, uint32_t base, uint32_t count, const uint32_t *key,
			 uint32_t nkeys)
{
	uint32_t *at = xcalloc((size_t)nkeys + 1, sizeof *at);
	for (uint32_t i = 0; i < count; i++)
		at[key[base + i] + 1]++;
	for (uint32_t k = 0; k < nkeys; k++)
		at[k + 1] += at[k];
	for (uint32_t i = 0; i < count; i++) {
		uint32_t x = base + i;
		uint32_t j = pos + at[key[x]]++;
		p->elem[j] = x;
		p->node[x].loc = j;
	}
	free(at);
}

/* How many nodes ahead the loops over a splitter prefetch. */
#define PREFETCH 8

/* One Paige–Tarjan step on compound S (queued, two blocks or more). */
static void pt_step(struct pt *p, uint32_t S)
{
	uint32_t b1 = p->c.v[S].head, b2 = p->b.v[b1].next;
	uint32_t s1 = p->b.v[b1].end - p->b.v[b1].start, s2 = p->b.v[b2].end - p->b.v[b2].start;
	uint32_t B = s1 <= s2 ? b1 : b2;
	pt_unlink(p, B);
	if (p->c.v[S].nblocks >= 2 && !p->c.v[S].queued) {
		p->c.v[S].queued = 1;
		vec_push(&p->queue, S);
	}
	uint32_t comp = (uint32_t)p->c.n;
	vec_push(&p->c, ((struct pt_comp){ NONE, 0, 0 }));
	pt_link(p, B, comp);
	uint32_t lo = p->b.v[B].start, hi = p->b.v[B].end;
	uint32_t n = p->n;

	if (p->elem[lo] < n) {
		/* B holds states: split off the edges into B */
		for (uint32_t i = lo; i < hi; i++) {
			if (i + PREFETCH < hi)
				__builtin_prefetch(&p->in_first[p->elem[i + PREFETCH]]);
			uint32_t y = p->elem[i];
			for (uint64_t k = p->in_first[y]; k < p->in_first[y + 1]; k++)
				pt_mark(p, n + p->in_edge[k]);
		}
		pt_split(p);
		return;
	}
	/* B holds edge nodes: split their sources */
	uint32_t step = ++p->step;
	for (uint32_t i = lo; i < hi; i++) {
		if (i + 2 * PREFETCH < hi)
			__builtin_prefetch(&p->arc[p->elem[i + 2 * PREFETCH] - n]);
		if (i + PREFETCH < hi) {
			const struct pt_arc *a = &p->arc[p->elem[i + PREFETCH] - n];
			__builtin_prefetch(&p->rec.v[a->cnt]);
			__builtin_prefetch(&p->node[a->src]);
		}
		struct pt_arc a = p->arc[p->elem[i] - n];
		uint32_t r = a.cnt;
		if (p->rec.v[r].stamp != step) {
			uint32_t t = pt_new_rec(p, 0);
			p->rec.v[r].stamp = step;
			p->rec.v[r].tmp = t;
		}
		p->rec.v[p->rec.v[r].tmp].count++;
		pt_mark(p, a.src);
	}
	pt_split(p);
	/* those with no successor in S \ B */
	for (uint32_t i = lo; i < hi; i++) {
		struct pt_arc a = p->arc[p->elem[i] - n];
		if (p->rec.v[p->rec.v[a.cnt].tmp].count == p->rec.v[a.cnt].count)
			pt_mark(p, a.src);
	}
	pt_split(p);
	for (uint32_t i = lo; i < hi; i++) {
		struct pt_arc *a = &p->arc[p->elem[i] - n];
		uint32_t r = a->cnt;
		a->cnt = p->rec.v[r].tmp;
		if (--p->rec.v[r].count == 0)
			vec_push(&p->free_rec, r);
	}
}

/* cls[s] for each of the n states: its class, numbered 0, 1, ... in the
 * order of each class's least state. flag (NULL: none) splits the states
 * initially: states with different flag values are never merged. Returns the
 * number of classes, or NONE when n + m does not fit in 32 bits. */
static uint32_t bisim(uint32_t n, const uint64_t *first, const struct lts_edge *edges, const uint8_t *flag,
		      uint32_t *cls)
{
	uint64_t m = first[n];
	if ((uint64_t)n + m >= NONE)
		return NONE;
	struct pt p = { 0 };
	p.n = n;
	p.N = (uint32_t)(n + m);
	p.elem = xmalloc((size_t)p.N * sizeof *p.elem);
	p.node = xmalloc((size_t)p.N * sizeof *p.node);
	p.arc = xmalloc((m ? m : 1) * sizeof *p.arc);
	p.in_first = xcalloc((size_t)n + 1, sizeof *p.in_first);
	p.in_edge = xmalloc((m ? m : 1) * sizeof *p.in_edge);

	/* sources, records (one per state with edges) and edges by target */
	for (uint32_t x = 0; x < n; x++) {
		if (first[x] == first[x + 1])
			continue;
		uint32_t r = pt_new_rec(&p, (uint32_t)(first[x + 1] - first[x]));
		for (uint64_t e = first[x]; e < first[x + 1]; e++) {
			p.arc[e] = (struct pt_arc){ x, r };
		}
	}
	for (uint64_t e = 0; e < m; e++)
		p.in_first[edges[e].target + 1]++;
	for (uint32_t y = 0; y < n; y++)
		p.in_first[y + 1] += p.in_first[y];
	{
		uint64_t *fill = xmalloc(((size_t)n + 1) * sizeof *fill);
		memcpy(fill, p.in_first, ((size_t)n + 1) * sizeof *fill);
		for (uint64_t e = 0; e < m; e++)
			p.in_edge[fill[edges[e].target]++] = (uint32_t)e;
		free(fill);
	}

	/* initial blocks: states by (flag, has edges), edge nodes by label */
	uint32_t *key = xmalloc((size_t)p.N * sizeof *key);
	for (uint32_t x = 0; x < n; x++)
		key[x] = (flag ? 2u * flag[x] : 0u) + (first[x] != first[x + 1]);
	event_id maxev = 0;
	for (uint64_t e = 0; e < m; e++)
		if (edges[e].event > maxev)
			maxev = edges[e].event;
	for (uint64_t e = 0; e < m; e++)
		key[n + e] = edges[e].event;
	vec_push(&p.c, ((struct pt_comp){ NONE, 0, 0 }));
	vec_push(&p.c, ((struct pt_comp){ NONE, 0, 0 }));
	pt_sort_into(&p, 0, 0, n, key, 2u * 255u + 2u); /* flags are bytes */
	pt_blocks(&p, 0, n, key, 0);
	if (m) {
		pt_sort_into(&p, n, n, (uint32_t)m, key, maxev + 1);
		pt_blocks(&p, n, p.N, key, 1);
	}
	free(key);

	while (p.queue.n) {
		uint32_t S = vec_pop(&p.queue);
		p.c.v[S].queued = 0;
		if (p.c.v[S].nblocks >= 2)
			pt_step(&p, S);
	}

	/* classes in the order of their least state */
	uint32_t *name = xmalloc(p.b.n * sizeof *name);
	memset(name, 0xff, p.b.n * sizeof *name);
	uint32_t ncls = 0;
	for (uint32_t x = 0; x < n; x++) {
		uint32_t bl = p.node[x].blk;
		if (name[bl] == NONE)
			name[bl] = ncls++;
		cls[x] = name[bl];
	}
	free(name);
	free(p.elem);
	free(p.node);
	free(p.arc);
	free(p.in_first);
	free(p.in_edge);
	vec_free(&p.b);
	vec_free(&p.c);
	vec_free(&p.queue);
	vec_free(&p.touched);
	vec_free(&p.rec);
	vec_free(&p.free_rec);
	return ncls;
}

/* A strong-bisimulation quotient: a class's row is its least member's,
 * mapped to classes. */
struct sb {
	const struct lts *l;
	const uint32_t *cls;
	uint32_t *rep;
};

static void sbisim_row(void *ctx, uint32_t k, edge_vec *row)
{
	const struct sb *q = ctx;
	uint32_t n;
	const struct lts_edge *e = lts_out(q->l, q->rep[k], &n);
	vec_reserve(row, row->n + n);
	for (uint32_t i = 0; i < n; i++)
		row->v[row->n++] = (struct lts_edge){ e[i].event, q->cls[e[i].target] };
}

/* A flag per state: 1 for the states a ✓ edge leads to (Ω). */
static uint8_t *terminated_states(const struct lts *l)
{
	uint8_t *t = xcalloc((size_t)l->nstates + 1, 1);
	for (uint64_t k = 0; k < l->ntrans; k++)
		if (l->edges[k].event == EVENT_TICK)
			t[l->edges[k].target] = 1;
	return t;
}

bool compress_sbisim(const struct lts *in, uint64_t max_states, struct lts *out)
{
	ALWAYS(in->nstates > 0);
	memset(out, 0, sizeof *out);
	uint32_t n = in->nstates;
	uint32_t *cls = xmalloc((size_t)n * sizeof *cls);
	/* Ω, where ✓ leads, has no transitions, like STOP, but it is not
	 * STOP: Ω ||| SKIP can terminate, STOP ||| SKIP cannot. Keep the
	 * states ✓ leads to apart from the others. */
	uint8_t *term = terminated_states(in);
	uint32_t ncls = bisim(n, in->first, in->edges, term, cls);
	free(term);
	if (ncls == NONE) {
		free(cls);
		return false;
	}
	struct sb q = { in, cls, xmalloc((size_t)ncls * sizeof *q.rep) };
	memset(q.rep, 0xff, (size_t)ncls * sizeof *q.rep);
	for (uint32_t s = 0; s < n; s++)
		if (q.rep[cls[s]] == NONE)
			q.rep[cls[s]] = s;
	bool ok = emit(ncls, cls[0], sbisim_row, &q, max_states, out);
	free(q.rep);
	free(cls);
	return ok;
}

/* ------------------------------------------------------------- closures */

/* Generation-stamped marks, so that a closure needs no clearing. */
struct marks {
	uint32_t *mark;
	uint32_t gen;
	uint32_t n;
};

static void marks_init(struct marks *m, uint32_t n)
{
	m->mark = xcalloc(n ? n : 1, sizeof *m->mark);
	m->gen = 0;
	m->n = n;
}

static void marks_next(struct marks *m)
{
	if (UNLIKELY(m->gen == UINT32_MAX)) {
		memset(m->mark, 0, (size_t)m->n * sizeof *m->mark);
		m->gen = 0;
	}
	m->gen++;
}

/* Close the states in *v (marked in the current generation) under τ, and
 * sort them. */
static void tau_close(const struct lts *l, struct marks *mk, u32_vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		uint32_t s = v->v[i];
		for (uint64_t e = l->first[s]; e < l->first[s + 1] && l->edges[e].event == EVENT_TAU; e++) {
			uint32_t t = l->edges[e].target;
			if (mk->mark[t] != mk->gen) {
				mk->mark[t] = mk->gen;
				vec_push(v, t);
			}
		}
	}
	sort_u32(v->v, v->n);
}

/* --------------------------------------------------- minimal acceptances */

/* An acceptance: the initials of a stable state `state`, events[off ..
 * off + n) of the owner's event array; ev points there once that array
 * has stopped growing. */
struct acc {
	uint32_t state;
	uint32_t n;
	size_t off;
	const event_id *ev;
};

struct accs {
	VEC(event_id) ev;
	VEC(struct acc) all;
	VEC(struct acc) min;  /* the result */
};

/* Sorted a[0..na) ⊆ sorted b[0..nb). */
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

/* By size, then lexicographically. */
static int acc_cmp_set(const struct acc *x, const struct acc *y)
{
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (uint32_t i = 0; i < x->n; i++)
		if (x->ev[i] != y->ev[i])
			return x->ev[i] < y->ev[i] ? -1 : 1;
	return 0;
}

/* By set, then by state. */
static int cmp_acc(const void *a, const void *b)
{
	const struct acc *x = a, *y = b;
	int c = acc_cmp_set(x, y);
	if (c)
		return c;
	return x->state < y->state ? -1 : x->state > y->state;
}

/*
 * The minimal acceptances of the stable members (no τ, no ✓) of the
 * sorted states mem[0..nm): a->min, sorted by size then
 * lexicographically, each with its least state. *tick: some member has a
 * ✓ edge (its acceptance {✓} is not listed: the caller gives the node a
 * ✓ edge instead).
 */
static void min_acceptances(const struct lts *l, const uint32_t *mem, size_t nm, struct accs *a, bool *tick)
{
	a->ev.n = 0;
	a->all.n = 0;
	a->min.n = 0;
	*tick = false;
	for (size_t i = 0; i < nm; i++) {
		uint32_t s = mem[i];
		uint64_t e = l->first[s], end = l->first[s + 1];
		if (e < end && l->edges[e].event == EVENT_TAU) {
			while (e < end && l->edges[e].event == EVENT_TAU)
				e++;
			if (e < end && l->edges[e].event == EVENT_TICK)
				*tick = true;
			continue;
		}
		if (e < end && l->edges[e].event == EVENT_TICK) {
			*tick = true;
			continue;
		}
		struct acc x = { s, 0, a->ev.n, NULL };
		for (; e < end; e++)
			if (x.n == 0 || vec_last(&a->ev) != l->edges[e].event) {
				vec_push(&a->ev, l->edges[e].event);
				x.n++;
			}
		vec_push(&a->all, x);
	}
	for (size_t c = 0; c < a->all.n; c++)
		a->all.v[c].ev = a->ev.v + a->all.v[c].off;
	if (a->all.n > 1)
		qsort(a->all.v, a->all.n, sizeof *a->all.v, cmp_acc);
	/* Sorted by size, a set's proper subsets come before it, among the
	 * kept sets smaller than it: min[0 .. smaller). */
	size_t smaller = 0;
	for (size_t c = 0; c < a->all.n; c++) {
		const struct acc *x = &a->all.v[c];
		if (c > 0 && acc_cmp_set(&a->all.v[c - 1], x) == 0)
			continue;       /* the same set at a greater state */
		while (smaller < a->min.n && a->min.v[smaller].n < x->n)
			smaller++;
		bool minimal = true;
		for (size_t q = 0; q < smaller && minimal; q++) {
			const struct acc *y = &a->min.v[q];
			minimal = !subset(y->ev, y->n, x->ev, x->n);
		}
		if (minimal)
			vec_push(&a->min, *x);
	}
}

static void accs_free(struct accs *a)
{
	vec_free(&a->ev);
	vec_free(&a->all);
	vec_free(&a->min);
}

/* Whether the visible (non-τ, non-✓) events of the sorted, duplicate-free
 * row equal the acceptance x. */
static bool row_offers_exactly(const struct lts_edge *row, size_t n, const event_id *acc, uint32_t na)
{
	uint32_t k = 0;
	event_id last = EVENT_TAU;
	for (size_t i = 0; i < n; i++) {
		event_id ev = row[i].event;
		if (ev == EVENT_TAU || ev == EVENT_TICK || ev == last)
			continue;
		last = ev;
		if (k == na || acc[k] != ev)
			return false;
		k++;
	}
	return k == na;
}

/* -------------------------------------------------------------- diamond */

struct dia {
	const struct lts *l;
	uint8_t *on_cycle;    /* per state */
	struct marks mk;
	u32_vec clo;
	struct accs a;
};

static void diamond_row(void *ctx, uint32_t s, edge_vec *row)
{
	struct dia *d = ctx;
	const struct lts *l = d->l;
	marks_next(&d->mk);
	d->clo.n = 0;
	d->mk.mark[s] = d->mk.gen;
	vec_push(&d->clo, s);
	tau_close(l, &d->mk, &d->clo);

	bool div = false, tick;
	size_t base = row->n;
	for (size_t i = 0; i < d->clo.n; i++) {
		uint32_t c = d->clo.v[i];
		div |= d->on_cycle[c];
		for (uint64_t e = l->first[c]; e < l->first[c + 1]; e++)
			if (l->edges[e].event != EVENT_TAU)
				vec_push(row, l->edges[e]);
	}
	size_t nr = sort_edges(row->v + base, row->n - base);
	row->n = base + nr;
	min_acceptances(l, d->clo.v, d->clo.n, &d->a, &tick);
	if (div)
		vec_push(row, ((struct lts_edge){ EVENT_TAU, s }));
	if (!div && !tick && d->a.min.n == 1 &&
	    row_offers_exactly(row->v + base, nr, d->a.min.v[0].ev, d->a.min.v[0].n))
		return;         /* s offers its one acceptance stably */
	for (size_t q = 0; q < d->a.min.n; q++)
		vec_push(row, ((struct lts_edge){ EVENT_TAU, d->a.min.v[q].state }));
}

bool compress_diamond(const struct lts *in, uint64_t max_states, struct lts *out)
{
	ALWAYS(in->nstates > 0);
	struct dia d = { .l = in };
	d.on_cycle = lts_tau_cycles(in);
	marks_init(&d.mk, in->nstates);
	bool ok = emit(in->nstates, 0, diamond_row, &d, max_states, out);
	free(d.on_cycle);
	free(d.mk.mark);
	vec_free(&d.clo);
	accs_free(&d.a);
	return ok;
}

/* --------------------------------------------------------------- normal */

/*
 * The normal form is built in full as an abstract graph first (rows of
 * nodes, fresh states and Ω, each stored at row_off[id] .. + row_len[id]
 * of gedges), then emitted. Node table: a base/vset.h set of member
 * sets, node k's at nodes.mem[nodes.first[k] .. nodes.first[k + 1]).
 */
struct nf {
	const struct lts *l;
	uint8_t *on_cycle;
	struct marks mk;
	u32_vec clo;
	edge_vec out;                 /* a node's gathered non-τ edges */
	edge_vec row;                 /* a node's row */
	struct accs a;

	struct vset nodes;            /* the node table */
	VEC(uint32_t) aid;            /* node -> abstract id */
	uint32_t nnodes;

	/* the abstract graph */
	uint32_t nids;
	uint32_t omega;               /* NONE until needed */
	VEC(uint64_t) row_off;
	VEC(uint32_t) row_len;
	edge_vec gedges;
	uint64_t max_states;
};

static bool nf_new_id(struct nf *b, uint32_t *id)
{
	if (b->nids >= b->max_states || b->nids >= NONE - 1)
		return false;
	*id = b->nids++;
	vec_push(&b->row_off, (uint64_t)0);
	vec_push(&b->row_len, (uint32_t)0);
	return true;
}

static void nf_set_row(struct nf *b, uint32_t id, const struct lts_edge *e, size_t n)
{
	b->row_off.v[id] = b->gedges.n;
	b->row_len.v[id] = (uint32_t)n;
	vec_reserve(&b->gedges, b->gedges.n + n);
	if (n)
		memcpy(b->gedges.v + b->gedges.n, e, n * sizeof *e);
	b->gedges.n += n;
}

/* The abstract id of the node whose members are b->clo (sorted), added
 * when new; false at the limit. */
static bool nf_node(struct nf *b, uint32_t *id)
{
	uint32_t k = vset_find(&b->nodes, b->clo.v, b->clo.n);
	if (k != VSET_NONE) {
		*id = b->aid.v[k];
		return true;
	}
	if (!nf_new_id(b, id))
		return false;
	vset_add(&b->nodes, b->clo.v, b->clo.n);
	b->nnodes++;
	vec_push(&b->aid, *id);
	return true;
}

/* Node k's row and fresh states. False at the limit. */
static bool nf_expand(struct nf *b, uint32_t k)
{
	const struct lts *l = b->l;
	uint64_t lo = b->nodes.first.v[k], hi = b->nodes.first.v[k + 1];
	uint32_t self = b->aid.v[k];
	bool div = false, tick;

	b->out.n = 0;
	for (uint64_t i = lo; i < hi; i++) {
		uint32_t s = b->nodes.mem.v[i];
		div |= b->on_cycle[s];
		uint64_t e = l->first[s], end = l->first[s + 1];
		while (e < end && l->edges[e].event == EVENT_TAU)
			e++;
		vec_reserve(&b->out, b->out.n + (end - e));
		if (end > e)
			memcpy(b->out.v + b->out.n, l->edges + e, (end - e) * sizeof *l->edges);
		b->out.n += end - e;
	}
	b->out.n = sort_edges(b->out.v, b->out.n);
	b->row.n = 0;
	for (size_t i = 0; i < b->out.n;) {
		event_id ev = b->out.v[i].event;
		size_t j = i;
		uint32_t target;
		if (ev == EVENT_TICK) {
			while (j < b->out.n && b->out.v[j].event == ev)
				j++;
			if (b->omega == NONE) {
				if (!nf_new_id(b, &b->omega))
					return false;
				nf_set_row(b, b->omega, NULL, 0);
			}
			target = b->omega;
		} else {
			marks_next(&b->mk);
			b->clo.n = 0;
			for (; j < b->out.n && b->out.v[j].event == ev; j++) {
				uint32_t t = b->out.v[j].target;
				if (b->mk.mark[t] != b->mk.gen) {
					b->mk.mark[t] = b->mk.gen;
					vec_push(&b->clo, t);
				}
			}
			tau_close(l, &b->mk, &b->clo);
			if (!nf_node(b, &target))
				return false;
		}
		vec_push(&b->row, ((struct lts_edge){ ev, target }));
		i = j;
	}
	/* b->row: one edge per event, sorted by event */
	size_t nvis = b->row.n;
	min_acceptances(l, b->nodes.mem.v + lo, (size_t)(hi - lo), &b->a, &tick);
	if (div)
		vec_push(&b->row, ((struct lts_edge){ EVENT_TAU, self }));
	bool stable = !div && !tick && b->a.min.n == 1 &&
		      row_offers_exactly(b->row.v, nvis, b->a.min.v[0].ev, b->a.min.v[0].n);
	if (!stable) {
		for (size_t q = 0; q < b->a.min.n; q++) {
			const struct acc *x = &b->a.min.v[q];
			uint32_t w;
			if (!nf_new_id(b, &w))
				return false;
			/* W_A: a ∈ A to N's a-target; A ⊆ N's visible events */
			b->out.n = 0;
			for (uint32_t i = 0; i < x->n; i++) {
				/* binary search: N's edges are one per event */
				size_t bl = 0, bh = nvis;
				while (bl < bh) {
					size_t mid = bl + (bh - bl) / 2;
					if (b->row.v[mid].event < x->ev[i])
						bl = mid + 1;
					else
						bh = mid;
				}
				ALWAYS(bl < nvis && b->row.v[bl].event == x->ev[i]);
				vec_push(&b->out, b->row.v[bl]);
			}
			nf_set_row(b, w, b->out.v, b->out.n);
			vec_push(&b->row, ((struct lts_edge){ EVENT_TAU, w }));
		}
	}
	nf_set_row(b, self, b->row.v, b->row.n);
	return true;
}

static void normal_row(void *ctx, uint32_t id, edge_vec *row)
{
	const struct nf *b = ctx;
	uint32_t n = b->row_len.v[id];
	vec_reserve(row, row->n + n);
	if (n)
		memcpy(row->v + row->n, b->gedges.v + b->row_off.v[id], n * sizeof *row->v);
	row->n += n;
}

bool compress_normal(const struct lts *in, uint64_t max_states, struct lts *out)
{
	ALWAYS(in->nstates > 0);
	memset(out, 0, sizeof *out);
	struct nf b = { .l = in, .omega = NONE, .max_states = max_states };
	b.on_cycle = lts_tau_cycles(in);
	marks_init(&b.mk, in->nstates);
	vset_init(&b.nodes);

	bool ok = true;
	uint32_t root;
	marks_next(&b.mk);
	b.mk.mark[0] = b.mk.gen;
	vec_push(&b.clo, (uint32_t)0);
	tau_close(in, &b.mk, &b.clo);
	ok = nf_node(&b, &root);
	for (uint32_t k = 0; ok && k < b.nnodes; k++)
		ok = nf_expand(&b, k);
	if (ok)
		ok = emit(b.nids, root, normal_row, &b, max_states, out);

	free(b.on_cycle);
	free(b.mk.mark);
	vec_free(&b.clo);
	vec_free(&b.out);
	vec_free(&b.row);
	accs_free(&b.a);
	vset_free(&b.nodes);
	vec_free(&b.aid);
	vec_free(&b.row_off);
	vec_free(&b.row_len);
	vec_free(&b.gedges);
	return ok;
}

/* ------------------------------------------------------- wbisim, dbisim */

/* The quotient of `in` by divergence-respecting weak bisimilarity
 * (delay == false) or delay bisimilarity (delay == true), by the steps in
 * lts/compress.h: the two differ only in the saturated relation, where a
 * weak step x may end with τ* and a delay step may not. */
static bool saturated_quotient(const struct lts *in, uint64_t max_states, bool delay, struct lts *out)
{
	ALWAYS(in->nstates > 0);
	memset(out, 0, sizeof *out);
	struct lts l;
	/* τ-loop factoring never adds states */
	ALWAYS(compress_tau_loop_factor(in, UINT64_MAX, &l));
	uint32_t n = l.nstates;

	/* τ̂*(s) for every s, as rows clo[clo_first[s] .. clo_first[s+1]),
	 * and divergence: the closure holds a τ self-loop */
	struct marks mk;
	marks_init(&mk, n);
	u32_vec v = { 0 };
	u32_vec clo = { 0 };
	uint64_t *clo_first = xmalloc(((size_t)n + 1) * sizeof *clo_first);
	uint8_t *div = xcalloc(n, 1);
	clo_first[0] = 0;
	for (uint32_t s = 0; s < n; s++) {
		marks_next(&mk);
		v.n = 0;
		mk.mark[s] = mk.gen;
		vec_push(&v, s);
		tau_close(&l, &mk, &v);
		for (size_t i = 0; i < v.n; i++) {
			uint32_t c = v.v[i];
			for (uint64_t e = l.first[c]; e < l.first[c + 1] && l.edges[e].event == EVENT_TAU; e++)
				if (l.edges[e].target == c)
					div[s] = 1;
		}
		vec_reserve(&clo, clo.n + v.n);
		memcpy(clo.v + clo.n, v.v, v.n * sizeof *v.v);
		clo.n += v.n;
		clo_first[s + 1] = clo.n;
	}

	/* the saturated relation */
	VEC(uint64_t) sfirst = { 0 };
	edge_vec sedges = { 0 };
	edge_vec row = { 0 };
	bool ok = true;
	vec_push(&sfirst, (uint64_t)0);
	for (uint32_t s = 0; s < n && ok; s++) {
		row.n = 0;
		for (uint64_t i = clo_first[s]; i < clo_first[s + 1]; i++) {
			uint32_t c = clo.v[i];
			vec_push(&row, ((struct lts_edge){ EVENT_TAU, c }));
			for (uint64_t e = l.first[c]; e < l.first[c + 1]; e++) {
				if (l.edges[e].event == EVENT_TAU)
					continue;
				uint32_t t = l.edges[e].target;
				if (delay) {
					vec_push(&row, ((struct lts_edge){ l.edges[e].event, t }));
					continue;
				}
				vec_reserve(&row, row.n + (clo_first[t + 1] - clo_first[t]));
				for (uint64_t j = clo_first[t]; j < clo_first[t + 1]; j++)
					row.v[row.n++] = (struct lts_edge){ l.edges[e].event, clo.v[j] };
			}
		}
		row.n = sort_edges(row.v, row.n);
		vec_reserve(&sedges, sedges.n + row.n);
		memcpy(sedges.v + sedges.n, row.v, row.n * sizeof *row.v);
		sedges.n += row.n;
		vec_push(&sfirst, (uint64_t)sedges.n);
		if ((uint64_t)n + sedges.n >= NONE)
			ok = false;
	}
	vec_free(&row);
	vec_free(&v);
	vec_free(&clo);
	free(clo_first);
	free(mk.mark);

	/* Ω apart from STOP, as in sbisim (its flag: 2) */
	for (uint64_t k = 0; k < l.ntrans; k++)
		if (l.edges[k].event == EVENT_TICK)
			div[l.edges[k].target] |= 2;
	uint32_t *cls = xmalloc((size_t)n * sizeof *cls);
	uint32_t ncls = ok ? bisim(n, sfirst.v, sedges.v, div, cls) : NONE;
	vec_free(&sfirst);
	vec_free(&sedges);
	if (ncls == NONE) {
		free(cls);
		free(div);
		lts_free(&l);
		return false;
	}
	uint8_t *loop = xmalloc(ncls);
	for (uint32_t s = 0; s < n; s++)
		loop[cls[s]] = div[s] & 1; /* bit 1 marks Ω, not divergence */
	struct quotient q = { &l, cls, loop, { 0 } };
	members_of(cls, n, ncls, &q.m);
	ok = emit(ncls, cls[0], quotient_row, &q, max_states, out);
	members_free(&q.m);
	free(loop);
	free(cls);
	free(div);
	lts_free(&l);
	return ok;
}

bool compress_wbisim(const struct lts *in, uint64_t max_states, struct lts *out)
{
	return saturated_quotient(in, max_states, false, out);
}

bool compress_dbisim(const struct lts *in, uint64_t max_states, struct lts *out)
{
	return saturated_quotient(in, max_states, true, out);
}

/* ---------------------------------------------------------------- chase */

struct ch {
	const struct lts *l;
	uint32_t *to;         /* per state: its chased state */
	uint8_t *loop;        /* per state: a cycle's representative */
};

static void chase_row(void *ctx, uint32_t s, edge_vec *row)
{
	const struct ch *c = ctx;
	if (c->loop[s]) {
		vec_push(row, ((struct lts_edge){ EVENT_TAU, s }));
		return;
	}
	uint32_t n;
	const struct lts_edge *e = lts_out(c->l, s, &n);
	vec_reserve(row, row->n + n);
	for (uint32_t i = 0; i < n; i++)
		row->v[row->n++] = (struct lts_edge){ e[i].event, c->to[e[i].target] };
}

bool compress_chase(const struct lts *in, uint64_t max_states, struct lts *out)
{
	ALWAYS(in->nstates > 0);
	uint32_t n = in->nstates;
	const struct lts *l = in;
	struct ch c = { in, xmalloc((size_t)n * sizeof *c.to), xcalloc(n, 1) };
	/* colour: 0 unvisited, 1 on the current chain, 2 done (to[] set) */
	uint8_t *colour = xcalloc(n, 1);
	VEC(uint32_t) path = { 0 };
	for (uint32_t s0 = 0; s0 < n; s0++) {
		if (colour[s0])
			continue;
		path.n = 0;
		uint32_t s = s0, end;
		for (;;) {
			if (colour[s] == 2) {
				end = c.to[s];
				break;
			}
			if (colour[s] == 1) {       /* the chain closes a τ-cycle at s */
				end = s;
				c.loop[s] = 1;
				break;
			}
			uint64_t e = l->first[s];
			if (e == l->first[s + 1] || l->edges[e].event != EVENT_TAU) {
				end = s;                /* τ-free */
				colour[s] = 2;
				c.to[s] = s;
				break;
			}
			colour[s] = 1;
			vec_push(&path, s);
			s = l->edges[e].target;
		}
		for (size_t i = 0; i < path.n; i++) {
			colour[path.v[i]] = 2;
			c.to[path.v[i]] = end;
		}
	}
	vec_free(&path);
	free(colour);
	bool ok = emit(n, c.to[0], chase_row, &c, max_states, out);
	free(c.to);
	free(c.loop);
	return ok;
}
