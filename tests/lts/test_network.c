/*
 * tests/lts/test_network.c — Check suite for lts/network.c: processes as
 * networks of leaf LTSs with rules and packed state vectors.
 *
 * Every test loads one script (the_script below), evaluates a process
 * expression and builds its network with net_build. Three kinds of check:
 *
 *   shape   the leaves, the distinct leaf LTSs, the rules (output and
 *           parts), the done bits and where every field sits in the packed
 *           state, each derived by hand from the construction described at
 *           the top of lts/network.c (rules of a parallel operator: the
 *           children's unsynchronised rules child by child, in rule order,
 *           then the synchronised events in event-id order, each the product
 *           of the children's rules; fields packed from bit 1 of word 0, bit
 *           0 being always set, a field never straddling two words).
 *
 *   exact   net_explore (building an LTS, and counting only) against
 *           lts_explore of the same process through the operational
 *           semantics: network.h promises that the two correspond one to
 *           one, so the state and transition counts must be equal and the
 *           two LTSs must be isomorphic. See iso_search below for how the
 *           isomorphism is decided, and walk() for the per-step checks of
 *           net_successors (each step moves exactly the leaves
 *           net_step_parts names, along edges of their own LTSs, and
 *           successors come in the documented order).
 *
 *   limits  the fall-back to one leaf when a leaf fails on its own but not
 *           in context (NET_TRY_LEAF_STATES and build_quietly in
 *           network.c), NET_LIMIT and net_explore's state limit.
 *
 * As in tests/lts/test_lts.c, every event of the script is interned in the
 * order of Events before anything is explored, so event ids (and with
 * them the order of rules and edges) can be derived by hand: a < b < c <
 * d.0 < d.1 < e.0 < ... in declaration order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lts/lts.h"
#include "lts/network.h"
#include "lts/sos.h"
#include "parser/parser.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/scope.h"
#include "semantics/term.h"
#include "semantics/value.h"
#include "tests/unit/unit.h"

static const char the_script[] =
	"channel a, b, c\n"
	"channel d, e : {0, 1}\n"
	"channel left, right, mid : {0, 1}\n"
	"channel ca, cb : {1..8}\n"
	"channel think, eat, sit, getup : {0..5}\n"
	"channel pickup, putdown : {0..5}.{0..5}\n"
	"channel h : {0..31}\n"
	"channel req, resp : {0..3}\n"
	"P = a -> b -> P\n"
	"BUF = left?x -> right!x -> BUF\n"
	"CHAIN(N) = [right <-> left] i : <1..N> @ BUF\n"
	"CELL(i) = ca.i -> cb.i -> CELL(i)\n"
	"CELLS(N) = ||| i : {1..N} @ CELL(i)\n"
	"PHIL(N, i) = think.i -> pickup.i.i -> pickup.i.((i + 1) % N) -> eat.i ->\n"
	"  putdown.i.((i + 1) % N) -> putdown.i.i -> PHIL(N, i)\n"
	"FORK(N, f) = pickup.f.f -> putdown.f.f -> FORK(N, f)\n"
	"  [] pickup.((f - 1 + N) % N).f -> putdown.((f - 1 + N) % N).f -> FORK(N, f)\n"
	"PHILS(N) = (||| i : {0..N-1} @ PHIL(N, i)) [| {|pickup, putdown|} |] (||| f : {0..N-1} @ FORK(N, f))\n"
	"-- the butler version: at most N-1 philosophers seated\n"
	"BPHIL(N, i) = think.i -> sit.i -> pickup.i.i -> pickup.i.((i + 1) % N) -> eat.i ->\n"
	"  putdown.i.((i + 1) % N) -> putdown.i.i -> getup.i -> BPHIL(N, i)\n"
	"BUTLER(N, n) = n < N - 1 & sit?i:{0..N-1} -> BUTLER(N, n + 1)\n"
	"  [] n > 0 & getup?i:{0..N-1} -> BUTLER(N, n - 1)\n"
	"BPHILS(N) = ((||| i : {0..N-1} @ BPHIL(N, i)) [| {|pickup, putdown|} |] (||| f : {0..N-1} @ FORK(N, f)))\n"
	"  [| {|sit, getup|} |] BUTLER(N, 0)\n"
	"-- explored alone, CLIENT writes resp.4, which is no event; beside\n"
	"-- SERVER it only ever reads req.0\n"
	"CLIENT = req?x -> resp!(x + 1) -> CLIENT\n"
	"SERVER = req!0 -> resp?y -> SERVER\n"
	"SYS = CLIENT [| {|req, resp|} |] SERVER\n"
	"-- infinite alone, three states beside a -> a -> STOP\n"
	"COUNT(n) = a -> COUNT(n + 1)\n"
	"-- 32 leaves of 3 states: 65 bits, two words\n"
	"WIDE = [| {|a, b, h|} |] i : {0..31} @ (a -> h.i -> STOP [] b -> STOP)\n";

#include "tests/lts/net_fixture.h"

/* ------------------------------------------------------- shape helpers */

static void assert_leaf(const struct net *net, uint32_t i, uint32_t word, unsigned shift, unsigned bits)
{
	ck_assert_uint_lt(i, net->nleaves);
	const struct net_leaf *l = &net->leaves[i];
	ck_assert_msg(l->word == word && l->shift == shift && l->bits == bits,
		      "leaf %u: word %u shift %u bits %u, expected %u %u %u", i, l->word, (unsigned)l->shift,
		      (unsigned)l->bits, word, shift, bits);
	/* the fewest bits that number the leaf's states */
	unsigned need = 0;
	while (((uint64_t)1 << need) < net->ltss[l->lts].nstates)
		need++;
	ck_assert_uint_eq(l->bits, need);
}

/* Rule r is `out` by the parts given as leaf, event-name pairs. */
static void assert_rule(const struct net *net, uint32_t r, event_id out, uint32_t n, const uint32_t *leaf,
			const char *const *event)
{
	ck_assert_uint_lt(r, net->nrules);
	const struct net_rule *rule = &net->rules[r];
	ck_assert_msg(rule->out == out, "rule %u: output %u, expected %u", r, rule->out, out);
	ck_assert_msg(rule->n == n, "rule %u: %u parts, expected %u", r, rule->n, n);
	for (uint32_t k = 0; k < n; k++) {
		const struct net_part *p = &net->parts[rule->first + k];
		ck_assert_msg(p->leaf == leaf[k], "rule %u part %u: leaf %u, expected %u", r, k, p->leaf, leaf[k]);
		event_id want = strcmp(event[k], "tau") == 0 ? EVENT_TAU : ev_of(event[k]);
		ck_assert_msg(p->event == want, "rule %u part %u: event %u, expected %s", r, k, p->event, event[k]);
	}
}

#define RULE(net, r, out, ...)                                                                          \
	do {                                                                                            \
		const struct {                                                                          \
			uint32_t leaf;                                                                  \
			const char *event;                                                              \
		} ps_[] = {__VA_ARGS__};                                                                \
		uint32_t l_[sizeof ps_ / sizeof ps_[0]];                                                \
		const char *e_[sizeof ps_ / sizeof ps_[0]];                                             \
		for (size_t k_ = 0; k_ < sizeof ps_ / sizeof ps_[0]; k_++) {                            \
			l_[k_] = ps_[k_].leaf;                                                          \
			e_[k_] = ps_[k_].event;                                                         \
		}                                                                                       \
		assert_rule(net, r, strcmp(out, "tau") == 0 ? EVENT_TAU : ev_of(out),                   \
			    (uint32_t)(sizeof ps_ / sizeof ps_[0]), l_, e_);                            \
	} while (0)

/* ------------------------------------------------ reading packed states */

static uint64_t field_mask(unsigned bits)
{
	return bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
}

static void put_leaf(const struct net *net, uint64_t *st, uint32_t i, uint32_t v)
{
	const struct net_leaf *l = &net->leaves[i];
	uint64_t m = field_mask(l->bits) << l->shift;
	st[l->word] = (st[l->word] & ~m) | (((uint64_t)v << l->shift) & m);
}

static bool done_bit(const struct net *net, const uint64_t *st, uint32_t k)
{
	return (st[net->done[k].word] >> net->done[k].shift) & 1;
}

/* Whether leaf i's LTS has the edge (from, event, to). */
static bool leaf_has_edge(const struct net *net, uint32_t i, uint32_t from, event_id event, uint32_t to)
{
	const struct lts *l = &net->ltss[net->leaves[i].lts];
	if (from >= l->nstates)
		return false;
	uint32_t n;
	const struct lts_edge *e = lts_out(l, from, &n);
	for (uint32_t k = 0; k < n; k++)
		if (e[k].event == event && e[k].target == to)
			return true;
	return false;
}

/* Whether leaf i's LTS offers `event` in state `from`. */
static bool leaf_offers(const struct net *net, uint32_t i, uint32_t from, event_id event)
{
	const struct lts *l = &net->ltss[net->leaves[i].lts];
	uint32_t n;
	const struct lts_edge *e = lts_out(l, from, &n);
	for (uint32_t k = 0; k < n; k++)
		if (e[k].event == event)
			return true;
	return false;
}

/* ---------------------------------------- a small set of packed states */

struct stset {
	uint32_t words;
	uint32_t n, cap;      /* states held, slots (a power of two) */
	uint64_t *keys;       /* n states in insertion order, words each */
	uint32_t *slot;       /* cap slots: index + 1, 0 empty */
};

static uint64_t st_hash(const uint64_t *s, uint32_t w)
{
	uint64_t h = 1469598103934665603ULL;
	for (uint32_t k = 0; k < w; k++) {
		h ^= s[k];
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}

static void stset_init(struct stset *s, uint32_t words)
{
	s->words = words;
	s->n = 0;
	s->cap = 1024;
	s->keys = malloc((size_t)s->cap * words * sizeof *s->keys);
	s->slot = calloc(s->cap, sizeof *s->slot);
	ck_assert(s->keys && s->slot);
}

static void stset_free(struct stset *s)
{
	free(s->keys);
	free(s->slot);
}

/* The index of state st, adding it if new. */
static uint32_t stset_add(struct stset *s, const uint64_t *st)
{
	if (2 * (s->n + 1) > s->cap) {
		uint32_t cap = s->cap * 2;
		s->keys = realloc(s->keys, (size_t)cap * s->words * sizeof *s->keys);
		free(s->slot);
		s->slot = calloc(cap, sizeof *s->slot);
		ck_assert(s->keys && s->slot);
		s->cap = cap;
		for (uint32_t i = 0; i < s->n; i++) {
			uint64_t h = st_hash(s->keys + (size_t)i * s->words, s->words) & (cap - 1);
			while (s->slot[h])
				h = (h + 1) & (cap - 1);
			s->slot[h] = i + 1;
		}
	}
	uint64_t h = st_hash(st, s->words) & (s->cap - 1);
	while (s->slot[h]) {
		uint32_t i = s->slot[h] - 1;
		if (memcmp(s->keys + (size_t)i * s->words, st, s->words * sizeof *st) == 0)
			return i;
		h = (h + 1) & (s->cap - 1);
	}
	memcpy(s->keys + (size_t)s->n * s->words, st, s->words * sizeof *st);
	s->slot[h] = ++s->n;
	return s->n - 1;
}

/* ------------------------------------------------------ the step walker */

/* The leaf (or nleaves + k for done step k) a step is pivoted on, and the
 * event the pivot does: the successor order of network.h is by pivot
 * leaf, then that leaf's edge (event, target), then termination. */
static uint32_t step_pivot(const struct net *net, uint32_t rule, event_id *pev)
{
	struct net_part parts[64];
	uint32_t n;
	if (rule >= net_step_done(net, 0)) {
		*pev = EVENT_TICK;
		return net->nleaves + (rule - net_step_done(net, 0));
	}
	ck_assert_uint_le(rule < net->nrules ? net->rules[rule].n : 1, 64);
	net_step_parts(net, rule, parts, &n);
	ck_assert_uint_ge(n, 1);
	*pev = parts[0].event;
	return parts[0].leaf;
}

/*
 * Explore the network breadth-first with net_successors alone and check
 * every step against what network.h says about it:
 *   - a rule step does the rule's output; a leaf's τ step τ; a leaf's ✓
 *     step its tick_out, into its Ω state; a done step its done's out,
 *     setting a clear done bit once all its conditions hold;
 *   - the successor is the state with exactly the leaves that
 *     net_step_parts names moved, each along an edge of its own LTS
 *     labelled with the part's event (or, for a done step, with its one
 *     bit set): nothing else in the packed words changes;
 *   - successors come leaf by leaf, within a leaf by (event, target) of
 *     the pivot's edge, termination steps last, in done order.
 * Returns the number of states and of distinct (event, target) pairs,
 * which must equal net_explore's.
 */
static void walk(const struct net *net, uint64_t max_states, uint64_t *nstates, uint64_t *ntrans)
{
	uint32_t w = net->words;
	struct stset seen;
	stset_init(&seen, w);
	stset_add(&seen, net->initial);
	ck_assert_msg(net->initial[0] & 1, "bit 0 of word 0 is always set");
	struct net_succ succ = {0};
	uint64_t *cur = malloc(w * sizeof *cur), *want = malloc(w * sizeof *want);
	struct net_part *parts = malloc(((size_t)net->nleaves + 1) * sizeof *parts);
	uint64_t *pairs = NULL;
	uint32_t cappairs = 0;
	*ntrans = 0;
	for (uint32_t i = 0; i < seen.n; i++) {
		ck_assert_uint_le(seen.n, max_states);
		memcpy(cur, seen.keys + (size_t)i * w, w * sizeof *cur);
		succ.n = 0;
		net_successors(net, cur, &succ);
		if (succ.n > cappairs) {
			cappairs = succ.n;
			pairs = realloc(pairs, cappairs * sizeof *pairs);
		}
		uint32_t last_pivot = 0, last_target = 0;
		event_id last_ev = EVENT_TAU;
		for (uint32_t k = 0; k < succ.n; k++) {
			const uint64_t *to = succ.state + (size_t)k * w;
			uint32_t rule = succ.rule[k];
			event_id out = succ.event[k];
			memcpy(want, cur, w * sizeof *want);
			if (rule >= net_step_done(net, 0)) {
				uint32_t dk = rule - net_step_done(net, 0);
				ck_assert_uint_lt(dk, net->ndone);
				const struct net_done *d = &net->done[dk];
				ck_assert_uint_eq(out, d->out);
				ck_assert_msg(!done_bit(net, cur, dk), "done step %u with its bit set", dk);
				for (uint32_t c = 0; c < d->n; c++) {
					const struct net_cond *cd = &net->conds[d->first + c];
					if (cd->is_leaf)
						ck_assert_uint_eq(net_leaf_state(net, cur, cd->index),
								  net->leaves[cd->index].omega);
					else
						ck_assert(done_bit(net, cur, cd->index));
				}
				uint32_t n = 99;
				net_step_parts(net, rule, parts, &n);
				ck_assert_uint_eq(n, 0);
				want[d->word] |= (uint64_t)1 << d->shift;
			} else {
				uint32_t n;
				net_step_parts(net, rule, parts, &n);
				if (rule < net->nrules) {
					ck_assert_uint_eq(out, net->rules[rule].out);
					ck_assert_uint_eq(n, net->rules[rule].n);
				} else if (rule < net_step_tick(net, 0)) {
					ck_assert_uint_eq(out, EVENT_TAU);
					ck_assert_uint_eq(n, 1);
					ck_assert_uint_eq(parts[0].leaf, rule - net_step_tau(net, 0));
					ck_assert_uint_eq(parts[0].event, EVENT_TAU);
				} else {
					uint32_t li = rule - net_step_tick(net, 0);
					ck_assert_uint_eq(n, 1);
					ck_assert_uint_eq(parts[0].leaf, li);
					ck_assert_uint_eq(parts[0].event, EVENT_TICK);
					ck_assert_uint_eq(out, net->leaves[li].tick_out);
					ck_assert_uint_eq(net_leaf_state(net, to, li), net->leaves[li].omega);
				}
				for (uint32_t p = 0; p < n; p++) {
					uint32_t li = parts[p].leaf;
					ck_assert(p == 0 || parts[p - 1].leaf < li);
					uint32_t from = net_leaf_state(net, cur, li), nx = net_leaf_state(net, to, li);
					ck_assert_msg(leaf_has_edge(net, li, from, parts[p].event, nx),
						      "step %u: leaf %u has no edge %u -%u-> %u", rule, li, from,
						      parts[p].event, nx);
					put_leaf(net, want, li, nx);
				}
			}
			ck_assert_msg(memcmp(want, to, w * sizeof *want) == 0,
				      "step %u changes more than the leaves it names", rule);
			/* the documented order */
			event_id pev;
			uint32_t pv = step_pivot(net, rule, &pev);
			uint32_t ptarget = pv < net->nleaves ? net_leaf_state(net, to, pv) : 0;
			if (k > 0) {
				ck_assert_msg(pv >= last_pivot, "successor %u pivots on %u after %u", k, pv,
					      last_pivot);
				if (pv == last_pivot && pv < net->nleaves)
					ck_assert_msg(pev > last_ev || (pev == last_ev && ptarget >= last_target),
						      "successor %u of leaf %u out of (event, target) order", k, pv);
			}
			last_pivot = pv;
			last_ev = pev;
			last_target = ptarget;
			uint32_t idx = stset_add(&seen, to);
			pairs[k] = (uint64_t)out << 32 | idx;
		}
		/* distinct (event, target) pairs */
		for (uint32_t x = 1; x < succ.n; x++)
			for (uint32_t y = x; y > 0 && pairs[y - 1] > pairs[y]; y--) {
				uint64_t t = pairs[y];
				pairs[y] = pairs[y - 1];
				pairs[y - 1] = t;
			}
		for (uint32_t x = 0; x < succ.n; x++)
			*ntrans += x == 0 || pairs[x] != pairs[x - 1];
	}
	*nstates = seen.n;
	free(pairs);
	free(parts);
	free(cur);
	free(want);
	net_succ_free(&succ);
	stset_free(&seen);
}

/* ------------------------------------------------------ isomorphism */

/*
 * Deciding that the network's LTS (states numbered by net_explore) and
 * the SOS's LTS (numbered by lts_explore) are the same up to renumbering.
 * Both are BFS numberings, but of successors generated in different
 * orders, so the numbers themselves may differ. We search for a bijection
 * f with f(0) = 0 such that every edge (x, e, t) of one maps to an edge
 * (f(x), e, f(t)) of the other:
 *
 *   - pairs are processed in the order they were mapped; for a mapped
 *     pair (x, y) the rows must have the same length and the same event
 *     sequence (rows are sorted by event); each edge (e, t) of x with t
 *     already mapped must have (e, f(t)) in y's row; with t unmapped, t is
 *     paired with an unmapped target u of an e-edge of y of the same
 *     colour such that for every edge (p, e', t) into t from a mapped p,
 *     (f(p), e', u) is an edge too (every isomorphism extending f must
 *     have that); when there are several such u, each is tried in turn
 *     (backtracking). The predecessor test is what keeps symmetric
 *     processes (N equal components interleaved) from backtracking
 *     without end: the state where components 1 and 2 have moved is
 *     pinned down by the images of "1 moved" and "2 moved";
 *   - colours prune the candidates: twelve rounds of colour refinement,
 *     each state's colour a hash of its previous colour and the multiset
 *     of (event, target colour) of its row, computed the same way on both
 *     sides. An isomorphism maps every state to one of the same colour
 *     (the colour is a function of the structure), so pruning by colour
 *     loses no solution; a collision only makes colours coarser.
 *
 * Success means every state of both sides was mapped, every row checked
 * edge for edge, f injective and rows of equal length: f is an
 * isomorphism. The search is complete (it tries every consistent choice),
 * so a failure means there is none. A step budget keeps a pathological
 * case from hanging the suite: running out is a failure of its own.
 */
#define ISO_NONE UINT32_MAX

struct iso {
	const struct lts *a, *b;
	uint32_t *fa, *fb;
	uint64_t *ca, *cb;
	uint32_t *q, nq;
	uint64_t budget;
	uint64_t *rfirst;          /* a's edges reversed: rfirst[t] .. rfirst[t + 1] */
	struct lts_edge *redges;   /* (event, source) */
};

static bool has_edge(const struct lts *l, uint32_t from, event_id e, uint32_t to)
{
	uint32_t n;
	const struct lts_edge *r = lts_out(l, from, &n);
	for (uint32_t j = 0; j < n; j++)
		if (r[j].event == e && r[j].target == to)
			return true;
	return false;
}

/* Whether u can be the image of t: same colour, unmapped, and an edge
 * into u from the image of every mapped predecessor of t. */
static bool iso_fits(const struct iso *m, uint32_t t, uint32_t u)
{
	if (m->fb[u] != ISO_NONE || m->cb[u] != m->ca[t])
		return false;
	for (uint64_t k = m->rfirst[t]; k < m->rfirst[t + 1]; k++) {
		uint32_t p = m->redges[k].target;
		if (m->fa[p] != ISO_NONE && !has_edge(m->b, m->fa[p], m->redges[k].event, u))
			return false;
	}
	return true;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t *colours(const struct lts *l)
{
	uint64_t *c = calloc((size_t)l->nstates + 1, sizeof *c);
	uint64_t *nc = calloc((size_t)l->nstates + 1, sizeof *nc);
	ck_assert(c && nc);
	for (int round = 0; round < 12; round++) {
		for (uint32_t s = 0; s < l->nstates; s++) {
			uint32_t n;
			const struct lts_edge *e = lts_out(l, s, &n);
			uint64_t h = mix64(c[s] + 0x9e3779b97f4a7c15ULL * (n + 1));
			for (uint32_t k = 0; k < n; k++)
				h += mix64(((uint64_t)e[k].event << 40) ^ c[e[k].target]);
			nc[s] = mix64(h);
		}
		uint64_t *t = c;
		c = nc;
		nc = t;
	}
	free(nc);
	return c;
}

static void iso_assign(struct iso *m, uint32_t x, uint32_t y)
{
	m->fa[x] = y;
	m->fb[y] = x;
	m->q[m->nq++] = x;
}

static void iso_undo(struct iso *m, uint32_t nq)
{
	while (m->nq > nq) {
		uint32_t x = m->q[--m->nq];
		m->fb[m->fa[x]] = ISO_NONE;
		m->fa[x] = ISO_NONE;
	}
}

/* 1: an isomorphism extends the current map; 0: none does; -1: out of
 * budget. Leaves the map as it found it unless it returns 1. */
static int iso_search(struct iso *m, uint32_t qi)
{
	uint32_t saved = m->nq;
	for (; qi < m->nq; qi++) {
		uint32_t x = m->q[qi], y = m->fa[x], na, nb;
		const struct lts_edge *ra = lts_out(m->a, x, &na), *rb = lts_out(m->b, y, &nb);
		if (na != nb)
			goto fail;
		for (uint32_t k = 0; k < na; k++)
			if (ra[k].event != rb[k].event)
				goto fail;
		for (uint32_t k = 0; k < na; k++) {
			if (m->budget-- == 0) {
				iso_undo(m, saved);
				return -1;
			}
			uint32_t t = ra[k].target;
			event_id e = ra[k].event;
			if (m->fa[t] != ISO_NONE) {
				if (!has_edge(m->b, y, e, m->fa[t]))
					goto fail;
				continue;
			}
			uint32_t ncand = 0, only = ISO_NONE;
			for (uint32_t j = 0; j < nb; j++) {
				uint32_t u = rb[j].target;
				if (rb[j].event == e && iso_fits(m, t, u)) {
					ncand++;
					only = u;
				}
			}
			if (ncand == 0)
				goto fail;
			if (ncand == 1) {
				iso_assign(m, t, only);
				continue;
			}
			for (uint32_t j = 0; j < nb; j++) {
				uint32_t u = rb[j].target;
				if (rb[j].event != e || !iso_fits(m, t, u))
					continue;
				uint32_t before = m->nq;
				iso_assign(m, t, u);
				int r = iso_search(m, qi);
				if (r != 0)
					return r;
				iso_undo(m, before);
			}
			goto fail;
		}
	}
	if (m->nq == m->a->nstates && m->a->nstates == m->b->nstates)
		return 1;
fail:
	iso_undo(m, saved);
	return 0;
}

/* 1 when a and b are isomorphic with state 0 to state 0, 0 when not, -1
 * when undecided within the budget. */
static int lts_isomorphic(const struct lts *a, const struct lts *b)
{
	if (a->nstates != b->nstates || a->ntrans != b->ntrans)
		return 0;
	if (a->nstates == 0)
		return 1;
	struct iso m = {a, b, NULL, NULL, NULL, NULL, NULL, 0, 50000000, NULL, NULL};
	m.rfirst = calloc((size_t)a->nstates + 1, sizeof *m.rfirst);
	m.redges = malloc((a->ntrans + 1) * sizeof *m.redges);
	ck_assert(m.rfirst && m.redges);
	for (uint64_t k = 0; k < a->ntrans; k++)
		m.rfirst[a->edges[k].target + 1]++;
	for (uint32_t t = 0; t < a->nstates; t++)
		m.rfirst[t + 1] += m.rfirst[t];
	uint64_t *fill = malloc(((size_t)a->nstates + 1) * sizeof *fill);
	ck_assert(fill);
	memcpy(fill, m.rfirst, ((size_t)a->nstates + 1) * sizeof *fill);
	for (uint32_t x = 0; x < a->nstates; x++)
		for (uint64_t k = a->first[x]; k < a->first[x + 1]; k++)
			m.redges[fill[a->edges[k].target]++] = (struct lts_edge){a->edges[k].event, x};
	free(fill);
	m.fa = malloc(a->nstates * sizeof *m.fa);
	m.fb = malloc(b->nstates * sizeof *m.fb);
	m.q = malloc(a->nstates * sizeof *m.q);
	ck_assert(m.fa && m.fb && m.q);
	memset(m.fa, 0xff, a->nstates * sizeof *m.fa);
	memset(m.fb, 0xff, b->nstates * sizeof *m.fb);
	m.ca = colours(a);
	m.cb = colours(b);
	int r = m.ca[0] == m.cb[0] ? (iso_assign(&m, 0, 0), iso_search(&m, 0)) : 0;
	free(m.fa);
	free(m.fb);
	free(m.q);
	free(m.ca);
	free(m.cb);
	free(m.rfirst);
	free(m.redges);
	return r;
}

/* An LTS from edges (from, event, to), given in row order. */
static void lts_from(struct lts *l, uint32_t nstates, const uint32_t (*e)[3], uint32_t n)
{
	l->nstates = nstates;
	l->ntrans = n;
	l->first = calloc((size_t)nstates + 1, sizeof *l->first);
	l->edges = malloc(((size_t)n + 1) * sizeof *l->edges);
	l->proc = NULL;
	ck_assert(l->first && l->edges);
	for (uint32_t k = 0; k < n; k++) {
		l->first[e[k][0] + 1]++;
		l->edges[k] = (struct lts_edge){e[k][1], e[k][2]};
	}
	for (uint32_t s = 0; s < nstates; s++)
		l->first[s + 1] += l->first[s];
}

START_TEST(the_isomorphism_check_tells_lts_apart)
{
	/* the oracle of the exact comparisons, checked on hand-made LTSs:
	 * events 2 (a), 3 (b), 4 (c) */
	struct lts x, y;
	static const uint32_t ex[][3] = {{0, 2, 1}, {0, 2, 2}, {1, 3, 3}, {2, 4, 3}};
	static const uint32_t swapped[][3] = {{0, 2, 1}, {0, 2, 2}, {1, 4, 3}, {2, 3, 3}};
	static const uint32_t relabelled[][3] = {{0, 2, 1}, {0, 2, 2}, {1, 3, 3}, {2, 3, 3}};
	lts_from(&x, 4, ex, 4);
	lts_from(&y, 4, swapped, 4);
	ck_assert_int_eq(lts_isomorphic(&x, &y), 1);
	lts_free(&y);
	lts_from(&y, 4, relabelled, 4);
	ck_assert_int_eq(lts_isomorphic(&x, &y), 0);
	lts_free(&y);
	lts_free(&x);
	/* the same labels and degrees, different targets: both b edges
	 * back to 0, or a chain 2 -b-> 1 -b-> 0 */
	static const uint32_t back[][3] = {{0, 2, 1}, {0, 2, 2}, {1, 3, 0}, {2, 3, 0}};
	static const uint32_t chain[][3] = {{0, 2, 1}, {0, 2, 2}, {1, 3, 0}, {2, 3, 1}};
	lts_from(&x, 3, back, 4);
	lts_from(&y, 3, chain, 4);
	ck_assert_int_eq(lts_isomorphic(&x, &y), 0);
	lts_free(&y);
	lts_free(&x);
	/* symmetric and numbered differently: the SOS's LTS of three equal
	 * interleaved components against a copy with the states reversed
	 * (all but 0) */
	intern_events();
	ck_assert_int_eq(lts_explore(&sos, value_of("||| i : {1..3} @ P"), 1000, &x), LTS_OK);
	uint32_t n = x.nstates;
	uint32_t (*rev)[3] = malloc(x.ntrans * sizeof *rev);
	uint32_t k = 0;
	for (uint32_t s = 0; s < n; s++) {
		uint32_t from = s == 0 ? 0 : n - s;
		uint32_t m;
		const struct lts_edge *e = lts_out(&x, from, &m);
		for (uint32_t j = 0; j < m; j++, k++) {
			rev[k][0] = s;
			rev[k][1] = e[j].event;
			rev[k][2] = e[j].target == 0 ? 0 : n - e[j].target;
		}
	}
	lts_from(&y, n, (const uint32_t(*)[3])rev, k);
	ck_assert_int_eq(lts_isomorphic(&x, &y), 1);
	/* and one edge redirected breaks it */
	y.edges[y.ntrans - 1].target = (y.edges[y.ntrans - 1].target + 1) % n;
	ck_assert_int_eq(lts_isomorphic(&x, &y), 0);
	free(rev);
	lts_free(&y);
	lts_free(&x);
}
END_TEST

/* ------------------------------------------------ network against SOS */

/* The CSR invariants of lts.h hold for l. */
static void assert_csr(const struct lts *l)
{
	ck_assert_uint_eq(l->first[0], 0);
	ck_assert_uint_eq(l->first[l->nstates], l->ntrans);
	for (uint32_t s = 0; s < l->nstates; s++) {
		ck_assert_uint_le(l->first[s], l->first[s + 1]);
		for (uint64_t k = l->first[s]; k < l->first[s + 1]; k++) {
			ck_assert_uint_lt(l->edges[k].target, l->nstates);
			if (k > l->first[s]) {
				const struct lts_edge *p = &l->edges[k - 1], *q = &l->edges[k];
				ck_assert(p->event < q->event || (p->event == q->event && p->target < q->target));
			}
		}
	}
}

/*
 * Build expr's network and check it against the SOS: net_explore with an
 * LTS, net_explore counting only, walk() and lts_explore must agree on
 * the states and transitions (and on the events, τ and ✓ that label
 * them), and the two LTSs must be isomorphic. With want_states non-zero,
 * the counts must also be those derived by hand. The network is left in
 * *keep when keep is non-NULL (caller frees).
 */
static void check_exact_keep(const char *expr, uint64_t want_states, uint64_t want_trans, struct net *keep)
{
	value_id v = proc_of(expr);
	struct lts ls;
	enum lts_result rs = lts_explore(&sos, v, 1000000, &ls);
	ck_assert_msg(rs == LTS_OK, "'%s': lts_explore gives %d:\n%s", expr, (int)rs, sink_text(&errs));
	struct net net;
	enum net_result rb = net_build(&net, &sos, v, 1000000);
	ck_assert_msg(rb == NET_OK, "'%s': net_build gives %d:\n%s", expr, (int)rb, sink_text(&errs));
	struct lts ln;
	struct net_explore_stats st, sc;
	ck_assert_int_eq(net_explore(&net, 1000000, UINT64_MAX, &ln, &st), LTS_OK);
	ck_assert_int_eq(net_explore(&net, 1000000, UINT64_MAX, NULL, &sc), LTS_OK);
	ck_assert_ptr_null(ln.proc);
	assert_csr(&ln);
	struct lts_stats ss;
	lts_stats(&ls, &ss);
	ck_assert_msg(ln.nstates == ls.nstates && ln.ntrans == ls.ntrans,
		      "'%s': the network has %u states and %llu transitions, the SOS %u and %llu", expr, ln.nstates,
		      (unsigned long long)ln.ntrans, ls.nstates, (unsigned long long)ls.ntrans);
	ck_assert_uint_eq(st.states, ln.nstates);
	ck_assert_uint_eq(st.transitions, ln.ntrans);
	ck_assert_msg(sc.states == st.states && sc.transitions == st.transitions,
		      "'%s': counting gives %llu states and %llu transitions, building %llu and %llu", expr,
		      (unsigned long long)sc.states, (unsigned long long)sc.transitions, (unsigned long long)st.states,
		      (unsigned long long)st.transitions);
	ck_assert_uint_eq(st.events, ss.events);
	ck_assert_uint_eq(sc.events, ss.events);
	ck_assert(st.tau == ss.tau && sc.tau == ss.tau);
	ck_assert(st.tick == ss.tick && sc.tick == ss.tick);
	uint64_t ws, wt;
	walk(&net, 1000000, &ws, &wt);
	ck_assert_msg(ws == st.states && wt == st.transitions, "'%s': walking gives %llu states and %llu transitions",
		      expr, (unsigned long long)ws, (unsigned long long)wt);
	if (want_states)
		ck_assert_msg(ls.nstates == want_states && ls.ntrans == want_trans,
			      "'%s': %u states and %llu transitions, derived %llu and %llu", expr, ls.nstates,
			      (unsigned long long)ls.ntrans, (unsigned long long)want_states,
			      (unsigned long long)want_trans);
	int iso = lts_isomorphic(&ln, &ls);
	ck_assert_msg(iso != -1, "'%s': isomorphism undecided within the budget", expr);
	ck_assert_msg(iso == 1, "'%s': the network's LTS is not isomorphic to the SOS's", expr);
	lts_free(&ln);
	lts_free(&ls);
	if (keep)
		*keep = net;
	else
		net_free(&net);
}

static void check_exact(const char *expr, uint64_t want_states, uint64_t want_trans)
{
	check_exact_keep(expr, want_states, want_trans, NULL);
}

/* The network's own LTS as "FROM -LABEL-> TO" lines (net_explore's
 * numbering: BFS in successor order). */
static const char *net_text(const char *expr)
{
	struct net net;
	build_ok(expr, &net);
	struct lts l;
	struct net_explore_stats st;
	ck_assert_int_eq(net_explore(&net, 100000, UINT64_MAX, &l, &st), LTS_OK);
	sink_close(&shown);
	sink_open(&shown);
	for (uint32_t s = 0; s < l.nstates; s++) {
		uint32_t n;
		const struct lts_edge *x = lts_out(&l, s, &n);
		for (uint32_t i = 0; i < n; i++) {
			fprintf(shown.f, "%u -", s);
			event_print(shown.f, &events, &values, x[i].event);
			fprintf(shown.f, "-> %u\n", x[i].target);
		}
	}
	lts_free(&l);
	net_free(&net);
	return sink_text(&shown);
}

/* --------------------------------------------------------------- shape */

START_TEST(interleaving_gives_one_leaf_per_side_and_no_synchronisation)
{
	/* P = a -> b -> P has 2 states: 1 bit. Leaves at bits 1 and 2 of
	 * word 0, sharing one LTS; each leaf's events alone, in event order:
	 * (0,a), (0,b), (1,a), (1,b). No done bit: P never terminates. */
	struct net net;
	check_exact_keep("P ||| P", 4, 8, &net);
	ck_assert_uint_eq(net.nleaves, 2);
	ck_assert_uint_eq(net.nltss, 1);
	ck_assert_uint_eq(net.leaves[0].lts, net.leaves[1].lts);
	ck_assert_uint_eq(net.words, 1);
	ck_assert_uint_eq(net.bits, 3);
	assert_leaf(&net, 0, 0, 1, 1);
	assert_leaf(&net, 1, 0, 2, 1);
	ck_assert_uint_eq(net.ndone, 0);
	ck_assert_uint_eq(net.nrules, 4);
	RULE(&net, 0, "a", {0, "a"});
	RULE(&net, 1, "b", {0, "b"});
	RULE(&net, 2, "a", {1, "a"});
	RULE(&net, 3, "b", {1, "b"});
	ck_assert_uint_eq(net.leaves[0].omega, UINT32_MAX);
	ck_assert_uint_eq(net.initial[0], 1);
	net_free(&net);
	/* the numbering is the network's own: successors leaf by leaf, so
	 * (b -> STOP) ||| (a -> STOP) reaches 1 [STOP, a -> STOP] by b first
	 * and 2 [b -> STOP, STOP] by a; rows are then sorted by (event,
	 * target). The SOS numbers its successors in event order instead (0
	 * -a-> 1 -b-> 3, 0 -b-> 2 -a-> 3): the same LTS up to swapping 1 and
	 * 2, which check_exact finds */
	ck_assert_str_eq(net_text("(b -> STOP) ||| (a -> STOP)"), "0 -a-> 2\n0 -b-> 1\n1 -a-> 3\n2 -b-> 3\n");
	check_exact("(b -> STOP) ||| (a -> STOP)", 4, 4);
	struct lts l;
	ck_assert_int_eq(lts_explore(&sos, proc_of("(b -> STOP) ||| (a -> STOP)"), 100, &l), LTS_OK);
	ck_assert(l.edges[0].event == ev_of("a") && l.edges[0].target == 1);
	ck_assert(l.edges[1].event == ev_of("b") && l.edges[1].target == 2);
	lts_free(&l);
	ck_assert_str_eq(net_text("(a -> b -> STOP) [| {b} |] (c -> b -> STOP)"),
			 "0 -a-> 1\n0 -c-> 2\n1 -c-> 3\n2 -a-> 3\n3 -b-> 4\n");
}
END_TEST

START_TEST(a_leaf_of_one_state_takes_no_bits)
{
	/* RUN({a}) and STOP have one state: 0 bits, at bit 1 like the next */
	struct net net;
	check_exact_keep("RUN({a}) ||| P", 2, 4, &net);
	assert_leaf(&net, 0, 0, 1, 0);
	assert_leaf(&net, 1, 0, 1, 1);
	ck_assert_uint_eq(net.bits, 2);
	net_free(&net);
	check_exact_keep("STOP ||| STOP", 1, 0, &net);
	ck_assert_uint_eq(net.nleaves, 2);
	ck_assert_uint_eq(net.nrules, 0);
	ck_assert_uint_eq(net.bits, 1);
	net_free(&net);
}
END_TEST

START_TEST(generalised_parallel_merges_rules_on_its_set_only)
{
	/* leaves of 3 states (2 bits) at bits 1 and 3. Unsynchronised: the
	 * left's a, the right's c; then b, in the set, as one rule of both */
	struct net net;
	check_exact_keep("(a -> b -> STOP) [| {b} |] (c -> b -> STOP)", 5, 5, &net);
	ck_assert_uint_eq(net.nleaves, 2);
	ck_assert_uint_eq(net.nltss, 2);
	assert_leaf(&net, 0, 0, 1, 2);
	assert_leaf(&net, 1, 0, 3, 2);
	ck_assert_uint_eq(net.bits, 5);
	ck_assert_uint_eq(net.nrules, 3);
	RULE(&net, 0, "a", {0, "a"});
	RULE(&net, 1, "c", {1, "c"});
	RULE(&net, 2, "b", {0, "b"}, {1, "b"});
	net_free(&net);
}
END_TEST

START_TEST(partial_synchronisation_drops_events_one_side_cannot_do)
{
	/* {a, c} synchronised: c is offered by the left only, so there is no
	 * rule for it; a is both sides'; b is outside the set. 0 -a-> 1
	 * [b -> STOP, STOP] -b-> 2 */
	struct net net;
	check_exact_keep("(a -> b -> STOP [] c -> STOP) [| {a, c} |] (a -> STOP)", 3, 2, &net);
	ck_assert_uint_eq(net.nrules, 2);
	RULE(&net, 0, "b", {0, "b"});
	RULE(&net, 1, "a", {0, "a"}, {1, "a"});
	net_free(&net);
	/* two leaves able to do a on the left: one rule for each with the
	 * right's a (the product). (P ||| P) [| {a} |] (a -> a -> STOP): the
	 * right allows two a in all, b is free. States (p1, p2) r, pi = 1
	 * when copy i waits for b, r the a's done: r = 0: (0,0); r = 1: (1,0),
	 * (0,1), (0,0); r = 2: (1,1), (1,0), (0,1), (0,0): 8 states.
	 * Transitions: 2 from r = 0; 2 from each r = 1 state (a b back, or
	 * the other's a; (0,0) r = 1 has two a's); at r = 2 only b's: 2 + 1
	 * + 1: 2 + 6 + 4 = 12 */
	check_exact_keep("(P ||| P) [| {a} |] (a -> a -> STOP)", 8, 12, &net);
	ck_assert_uint_eq(net.nrules, 4);
	RULE(&net, 0, "b", {0, "b"});
	RULE(&net, 1, "b", {1, "b"});
	RULE(&net, 2, "a", {0, "a"}, {2, "a"});
	RULE(&net, 3, "a", {1, "a"}, {2, "a"});
	net_free(&net);
}
END_TEST

START_TEST(alphabetised_parallel_keeps_each_side_to_its_alphabet)
{
	/* candidates in event order a, b, c: a is in the left alphabet only,
	 * b in both, c in the right only */
	struct net net;
	check_exact_keep("(a -> b -> STOP) [ {a, b} || {b, c} ] (c -> b -> STOP)", 5, 5, &net);
	ck_assert_uint_eq(net.nrules, 3);
	RULE(&net, 0, "a", {0, "a"});
	RULE(&net, 1, "b", {0, "b"}, {1, "b"});
	RULE(&net, 2, "c", {1, "c"});
	net_free(&net);
	/* the left's a is outside its alphabet {b}: no rule; the right's a
	 * is in its alphabet and not the left's: alone */
	check_exact_keep("(a -> STOP) [ {b} || {a} ] (a -> STOP)", 2, 1, &net);
	ck_assert_uint_eq(net.nrules, 1);
	RULE(&net, 0, "a", {1, "a"});
	net_free(&net);
	/* a one-element || keeps its alphabet: b is outside it */
	check_exact_keep("|| x : {0} @ [{a}] (a -> b -> STOP)", 2, 1, &net);
	ck_assert_uint_eq(net.nrules, 1);
	RULE(&net, 0, "a", {0, "a"});
	net_free(&net);
}
END_TEST

START_TEST(linked_parallel_makes_tau_rules_of_its_links)
{
	/* the left's d.0 and the right's e.0, e.1 are linked and never
	 * alone; the right's c is. Links (d.0, e.0), (d.1, e.1): only the
	 * first has both sides */
	struct net net;
	check_exact_keep("(d!0 -> STOP) [d <-> e] (e?x -> c -> STOP)", 3, 2, &net);
	ck_assert_uint_eq(net.nrules, 2);
	RULE(&net, 0, "c", {1, "c"});
	RULE(&net, 1, "tau", {0, "d.0"}, {1, "e.0"});
	net_free(&net);
	/* only the left's linked events and the right's linked-to events are
	 * kept from happening alone: the left's e.0 and the right's d.1 are
	 * free */
	check_exact_keep("(e!0 -> d!1 -> STOP) [d <-> e] (d!1 -> e?x -> STOP)", 0, 0, &net);
	ck_assert_uint_eq(net.nrules, 3);
	RULE(&net, 0, "e.0", {0, "e.0"});
	RULE(&net, 1, "d.1", {1, "d.1"});
	RULE(&net, 2, "tau", {0, "d.1"}, {1, "e.1"});
	net_free(&net);
}
END_TEST

START_TEST(replicated_linked_parallel_is_a_chain_of_links)
{
	/* CHAIN(3) = (BUF [right <-> left] BUF) [right <-> left] BUF: three
	 * leaves of one 3-state LTS (2 bits each, bits 1, 3, 5). Inner: leaf
	 * 0's left.0, left.1, leaf 1's right.0, right.1, then the links as τ;
	 * outer: the inner's rules but its right.x (linked), leaf 2's
	 * right.x, then the links of the inner's right.x (leaf 1) with leaf
	 * 2's left.x. 3^3 = 27 states, 3^(N-2)(2N+10) = 48 transitions. */
	struct net net;
	check_exact_keep("CHAIN(3)", 27, 48, &net);
	ck_assert_uint_eq(net.nleaves, 3);
	ck_assert_uint_eq(net.nltss, 1);
	assert_leaf(&net, 0, 0, 1, 2);
	assert_leaf(&net, 1, 0, 3, 2);
	assert_leaf(&net, 2, 0, 5, 2);
	ck_assert_uint_eq(net.nrules, 8);
	RULE(&net, 0, "left.0", {0, "left.0"});
	RULE(&net, 1, "left.1", {0, "left.1"});
	RULE(&net, 2, "tau", {0, "right.0"}, {1, "left.0"});
	RULE(&net, 3, "tau", {0, "right.1"}, {1, "left.1"});
	RULE(&net, 4, "right.0", {2, "right.0"});
	RULE(&net, 5, "right.1", {2, "right.1"});
	RULE(&net, 6, "tau", {1, "right.0"}, {2, "left.0"});
	RULE(&net, 7, "tau", {1, "right.1"}, {2, "left.1"});
	net_free(&net);
	check_exact("CHAIN(1)", 3, 4);
	check_exact("CHAIN(2)", 9, 14);
	check_exact("CHAIN(5)", 243, 540);
	check_exact("CHAIN(7)", 2187, 5832);
}
END_TEST

START_TEST(hiding_over_a_parallel_turns_rule_outputs_into_tau)
{
	struct net net;
	check_exact_keep("(P ||| P) \\ {a}", 4, 8, &net);
	ck_assert_uint_eq(net.nrules, 4);
	RULE(&net, 0, "tau", {0, "a"});
	RULE(&net, 1, "b", {0, "b"});
	RULE(&net, 2, "tau", {1, "a"});
	RULE(&net, 3, "b", {1, "b"});
	net_free(&net);
	/* a synchronised event hidden: the merged rule becomes τ */
	check_exact_keep("(P [| {a} |] (a -> STOP)) \\ {a}", 3, 2, &net);
	ck_assert_uint_eq(net.nrules, 2);
	RULE(&net, 0, "b", {0, "b"});
	RULE(&net, 1, "tau", {0, "a"}, {1, "a"});
	net_free(&net);
	/* hiding over a single leaf is a network of one leaf */
	check_exact_keep("(a -> b -> STOP) \\ {a}", 3, 2, &net);
	ck_assert_uint_eq(net.nleaves, 1);
	RULE(&net, 0, "tau", {0, "a"});
	RULE(&net, 1, "b", {0, "b"});
	net_free(&net);
	check_exact("(P ||| P) \\ {a, b}", 4, 8);
	check_exact("(CHAOS({a}) ||| P) \\ {a}", 0, 0);
}
END_TEST

START_TEST(renaming_above_a_parallel_copies_and_merges_rules)
{
	/* one to many: every a rule becomes a b rule and a c rule, in the
	 * order of the pairs (a, b), (a, c); the b of P stays b */
	struct net net;
	check_exact_keep("(P ||| (a -> STOP)) [[ a <- c, a <- b ]]", 0, 0, &net);
	ck_assert_uint_eq(net.nrules, 5);
	RULE(&net, 0, "b", {0, "a"});
	RULE(&net, 1, "c", {0, "a"});
	RULE(&net, 2, "b", {0, "b"});
	RULE(&net, 3, "b", {1, "a"});
	RULE(&net, 4, "c", {1, "a"});
	net_free(&net);
	/* many to one: a and b both become c */
	check_exact_keep("(a -> STOP ||| b -> STOP) [[ a <- c, b <- c ]]", 4, 4, &net);
	ck_assert_uint_eq(net.nrules, 2);
	RULE(&net, 0, "c", {0, "a"});
	RULE(&net, 1, "c", {1, "b"});
	net_free(&net);
	/* many to one onto targets that coincide: the two c edges of
	 * (a -> STOP [] b -> STOP)[[a <- c, b <- c]] are one transition */
	check_exact("((a -> STOP [] b -> STOP) ||| STOP) [[ a <- c, b <- c ]]", 2, 1);
	/* renaming then synchronising on the new name */
	check_exact_keep("((a -> STOP) [[ a <- b ]]) [| {b} |] (b -> STOP)", 2, 1, &net);
	ck_assert_uint_eq(net.nrules, 1);
	RULE(&net, 0, "b", {0, "a"}, {1, "b"});
	net_free(&net);
	/* a swap */
	check_exact("(P ||| P) [[ a <- b, b <- a ]]", 4, 8);
	check_exact("((a -> SKIP) [| {a} |] (a -> SKIP)) [[ a <- b, a <- c ]]", 0, 0);
}
END_TEST

START_TEST(replicated_parallels_over_a_set)
{
	struct net net;
	/* N cells: 2^N states, N 2^N transitions; one 1-bit leaf each */
	check_exact_keep("CELLS(3)", 8, 24, &net);
	ck_assert_uint_eq(net.nleaves, 3);
	ck_assert_uint_eq(net.nltss, 3);
	ck_assert_uint_eq(net.nrules, 6);
	ck_assert_uint_eq(net.bits, 4);
	RULE(&net, 0, "ca.1", {0, "ca.1"});
	RULE(&net, 5, "cb.3", {2, "cb.3"});
	net_free(&net);
	check_exact("CELLS(8)", 256, 2048);
	/* equal processes are still separate components */
	check_exact_keep("||| x : {0, 1} @ a -> STOP", 4, 4, &net);
	ck_assert_uint_eq(net.nleaves, 2);
	ck_assert_uint_eq(net.nltss, 1);
	net_free(&net);
	check_exact_keep("[| {a} |] x : {0, 1} @ d.x -> a -> STOP", 5, 5, &net);
	ck_assert_uint_eq(net.nrules, 3);
	RULE(&net, 0, "d.0", {0, "d.0"});
	RULE(&net, 1, "d.1", {1, "d.1"});
	RULE(&net, 2, "a", {0, "a"}, {1, "a"});
	net_free(&net);
	check_exact_keep("|| x : {0, 1} @ [{d.x, a}] d.x -> a -> STOP", 5, 5, &net);
	ck_assert_uint_eq(net.nrules, 3);
	RULE(&net, 0, "a", {0, "a"}, {1, "a"});
	RULE(&net, 1, "d.0", {0, "d.0"});
	RULE(&net, 2, "d.1", {1, "d.1"});
	net_free(&net);
	/* a rule of many parts, each with two a edges: 2^3 successors */
	check_exact("[| {a} |] i : {1..3} @ (a -> ca.i -> STOP [] a -> cb.i -> STOP)", 0, 0);
	/* more parts than fire()'s on-stack arrays hold */
	check_exact_keep("[| {a} |] i : {0..19} @ a -> a -> STOP", 3, 2, &net);
	ck_assert_uint_eq(net.nleaves, 20);
	ck_assert_uint_eq(net.nrules, 1);
	ck_assert_uint_eq(net.rules[0].n, 20);
	net_free(&net);
	check_exact("PHILS(3)", 111, 273);
	check_exact("PHILS(4)", 543, 1788);
	check_exact("PHILS(5)", 2623, 10795);
	check_exact("BPHILS(3)", 0, 0);
	check_exact("BPHILS(4)", 0, 0);
}
END_TEST

START_TEST(a_state_wider_than_a_word_takes_two)
{
	/* WIDE: 32 leaves of 3 states (2 bits). Leaves 0..30 fill bits
	 * 1..62 of word 0; leaf 31 does not fit in bit 63 and starts word 1.
	 * h.i is in the set but only leaf i offers it: no rule; a and b are
	 * one rule of all 32 leaves each */
	struct net net;
	check_exact_keep("WIDE", 3, 2, &net);
	ck_assert_uint_eq(net.nleaves, 32);
	ck_assert_uint_eq(net.nltss, 32);
	ck_assert_uint_eq(net.words, 2);
	ck_assert_uint_eq(net.bits, 66);
	assert_leaf(&net, 0, 0, 1, 2);
	assert_leaf(&net, 30, 0, 61, 2);
	assert_leaf(&net, 31, 1, 0, 2);
	ck_assert_uint_eq(net.nrules, 2);
	ck_assert_uint_eq(net.rules[0].n, 32);
	ck_assert_uint_eq(net.rules[1].n, 32);
	ck_assert_uint_eq(net.initial[0], 1);
	ck_assert_uint_eq(net.initial[1], 0);
	net_free(&net);
	/* and interleaved beside something, with every leaf moving */
	check_exact("WIDE ||| P", 6, 10);
}
END_TEST

START_TEST(parallel_inside_hiding_inside_parallel)
{
	/* inner: b (leaf 0) and c (leaf 1) alone, a of both, hidden; outer:
	 * c and τ pass, b (in the set) of leaf 0 with leaf 2. 0 -τ-> 1 then
	 * b and c interleave: 5 states, 5 transitions */
	struct net net;
	check_exact_keep("(((a -> b -> STOP) [| {a} |] (a -> c -> STOP)) \\ {a}) [| {b} |] (b -> STOP)", 5, 5, &net);
	ck_assert_uint_eq(net.nleaves, 3);
	ck_assert_uint_eq(net.nrules, 3);
	RULE(&net, 0, "c", {1, "c"});
	RULE(&net, 1, "tau", {0, "a"}, {1, "a"});
	RULE(&net, 2, "b", {0, "b"}, {2, "b"});
	net_free(&net);
	/* the buffer of specs/buffer.csp, chains renamed onto mid */
	/* four cells either way: 3^4 states, 3^2 (2 * 4 + 10) transitions;
	 * hiding the input of the first keeps the count (left.0 and left.1
	 * become τ edges to different states) */
	check_exact("((CHAIN(2) [[ right <- mid ]]) [| {|mid|} |] (CHAIN(2) [[ left <- mid ]])) \\ {|mid|}", 81, 162);
	check_exact("(CHAIN(2) [right <-> left] CHAIN(2)) \\ {|left|}", 81, 162);
	check_exact("((P ||| P) \\ {a}) [| {b} |] ((b -> c -> STOP) [[ c <- a ]])", 0, 0);
}
END_TEST

/* --------------------------------------------------------- termination */

START_TEST(interleaved_skips_terminate_together)
{
	/* two SKIP leaves (2 states: SKIP, Ω; 1 bit) and one done bit, out ✓
	 * at the top, after them at bit 3; each leaf's ✓ is a τ */
	struct net net;
	check_exact_keep("SKIP ||| SKIP", 5, 5, &net);
	ck_assert_uint_eq(net.nleaves, 2);
	ck_assert_uint_eq(net.nrules, 0);
	ck_assert_uint_eq(net.ndone, 1);
	ck_assert_uint_eq(net.done[0].out, EVENT_TICK);
	ck_assert_uint_eq(net.done[0].word, 0);
	ck_assert_uint_eq(net.done[0].shift, 3);
	ck_assert_uint_eq(net.bits, 4);
	ck_assert_uint_eq(net.done[0].n, 2);
	ck_assert(net.conds[net.done[0].first].is_leaf && net.conds[net.done[0].first].index == 0);
	ck_assert(net.conds[net.done[0].first + 1].is_leaf && net.conds[net.done[0].first + 1].index == 1);
	ck_assert_uint_eq(net.leaves[0].omega, 1);
	ck_assert_uint_eq(net.leaves[0].tick_out, EVENT_TAU);
	net_free(&net);
	/* the network's own numbering: leaf 0 first, then leaf 1, then
	 * termination. 1 [Ω, SKIP], 2 [SKIP, Ω], 3 [Ω, Ω], 4 [done] */
	ck_assert_str_eq(net_text("SKIP ||| SKIP"), "0 -tau-> 1\n0 -tau-> 2\n1 -tau-> 3\n2 -tau-> 3\n3 -tick-> 4\n");
	check_exact("||| x : <0, 1> @ SKIP", 5, 5);
}
END_TEST

START_TEST(termination_is_distributed_over_nested_parallels)
{
	/* the inner ||| terminates by a τ that sets its done bit (done 0,
	 * under a parallel). The outer has a done bit too (done 1, ✓: both
	 * its components can terminate on their own), but it is never set:
	 * a is in the set and offered by the right only, so there is no rule
	 * and the right never reaches Ω. 5 states, as the inner alone. */
	struct net net;
	check_exact_keep("(SKIP ||| SKIP) [| {a} |] (a -> SKIP)", 5, 5, &net);
	ck_assert_uint_eq(net.nrules, 0);
	ck_assert_uint_eq(net.ndone, 2);
	ck_assert_uint_eq(net.done[0].out, EVENT_TAU);
	ck_assert_uint_eq(net.done[1].out, EVENT_TICK);
	ck_assert_uint_eq(net.done[1].n, 2);
	ck_assert(!net.conds[net.done[1].first].is_leaf && net.conds[net.done[1].first].index == 0);
	ck_assert(net.conds[net.done[1].first + 1].is_leaf && net.conds[net.done[1].first + 1].index == 2);
	net_free(&net);
	/* the right side can terminate too: 5 inner states × 3 right states
	 * [b -> SKIP, SKIP, Ω], plus the state after ✓: 16. Transitions: the
	 * inner's 5 in each right state, the right's 2 (b, its ✓ as τ) in
	 * each inner state, and the final ✓: 15 + 10 + 1 */
	check_exact("(SKIP ||| SKIP) [| {a} |] (b -> SKIP)", 16, 26);
	check_exact("SKIP [| {a} |] (b -> SKIP)", 7, 8);
	check_exact("SKIP [| {a} |] (a -> SKIP)", 2, 1);
	check_exact("(a -> SKIP) [| {a} |] (a -> SKIP [] b -> SKIP)", 0, 0);
	check_exact("(a -> SKIP) [ {a} || {a} ] (a -> SKIP)", 0, 0);
	check_exact("(a -> SKIP) [d <-> e] SKIP", 7, 8);
	check_exact("(SKIP [d <-> e] SKIP) ||| SKIP", 0, 0);
	check_exact("(SKIP ||| STOP) ||| SKIP", 0, 0);
	check_exact("((a -> SKIP) ; P) ||| SKIP", 0, 0);
}
END_TEST

START_TEST(termination_passes_through_hiding_and_renaming)
{
	/* hiding at the top: the parallel's done is ✓, the leaves' ✓ τ */
	struct net net;
	check_exact_keep("((a -> SKIP) ||| SKIP) \\ {a}", 7, 8, &net);
	ck_assert_uint_eq(net.ndone, 1);
	ck_assert_uint_eq(net.done[0].out, EVENT_TICK);
	net_free(&net);
	/* hiding under a parallel: its done is a τ */
	check_exact_keep("(((a -> SKIP) ||| SKIP) \\ {a}) ||| SKIP", 0, 0, &net);
	ck_assert_uint_eq(net.ndone, 2);
	ck_assert_uint_eq(net.done[0].out, EVENT_TAU);
	ck_assert_uint_eq(net.done[1].out, EVENT_TICK);
	net_free(&net);
	/* a single leaf under hiding keeps its ✓ */
	check_exact_keep("(a -> SKIP) \\ {a}", 3, 2, &net);
	ck_assert_uint_eq(net.leaves[0].tick_out, EVENT_TICK);
	ck_assert_uint_eq(net.ndone, 0);
	net_free(&net);
	check_exact("((SKIP ||| SKIP) \\ {a}) [[ a <- b ]]", 5, 5);
	check_exact("(a -> SKIP) [[ a <- b ]]", 3, 2);
	check_exact("(CHAOS({a}) ||| SKIP) \\ {a}", 0, 0);
}
END_TEST

/* -------------------------------------------------- what stays a leaf */

START_TEST(operators_whose_shape_changes_stay_inside_a_leaf)
{
	struct net net;
	check_exact_keep("(SKIP ||| SKIP) ; P", 0, 0, &net);
	ck_assert_uint_eq(net.nleaves, 1);
	ck_assert_uint_eq(net.leaves[0].tick_out, EVENT_TICK);
	net_free(&net);
	check_exact_keep("(P ||| P) [] c -> STOP", 0, 0, &net);
	ck_assert_uint_eq(net.nleaves, 1);
	net_free(&net);
	check_exact_keep("SKIP", 2, 1, &net);
	ck_assert_uint_eq(net.nleaves, 1);
	ck_assert_uint_eq(net.leaves[0].omega, 1);
	ck_assert_uint_eq(net.leaves[0].tick_out, EVENT_TICK);
	net_free(&net);
	/* an empty replication is SKIP, a leaf */
	check_exact_keep("||| x : {} @ a -> STOP", 2, 1, &net);
	ck_assert_uint_eq(net.nleaves, 1);
	net_free(&net);
}
END_TEST

/* ------------------------------------------------------------- limits */

START_TEST(a_leaf_that_fails_alone_falls_back_to_one_leaf)
{
	/* CLIENT alone would write resp.4; in context it never does. The
	 * first, quiet, attempt fails; the whole process becomes one leaf,
	 * and nothing is reported */
	struct net net;
	unsigned errors = dg.errors;
	check_exact_keep("SYS", 2, 2, &net);
	ck_assert_uint_eq(net.nleaves, 1);
	ck_assert_uint_eq(net.nltss, 1);
	ck_assert_uint_eq(net.leaves[0].proc, sos_normal(&sos, value_of("SYS")));
	ck_assert_uint_eq(net.nrules, 2);
	RULE(&net, 0, "req.0", {0, "req.0"});
	RULE(&net, 1, "resp.1", {0, "resp.1"});
	ck_assert_uint_eq(dg.errors, errors);
	ck_assert_str_eq(sink_text(&errs), "");
	net_free(&net);
	/* the fall-back is for the whole process, not the failing operator */
	check_exact_keep("SYS ||| P", 4, 8, &net);
	ck_assert_uint_eq(net.nleaves, 1);
	net_free(&net);
	ck_assert_str_eq(sink_text(&errs), "");
	/* COUNT(0) is infinite alone: within a state limit below
	 * NET_TRY_LEAF_STATES the first attempt stops at the limit, and the
	 * whole process, three states, is the leaf */
	value_id v = proc_of("COUNT(0) [| {a} |] (a -> a -> STOP)");
	ck_assert_int_eq(net_build(&net, &sos, v, 1000), NET_OK);
	ck_assert_uint_eq(net.nleaves, 1);
	ck_assert_uint_eq(net.ltss[0].nstates, 3);
	net_free(&net);
}
END_TEST

START_TEST(a_process_that_fails_in_context_too_is_reported_once)
{
	struct net net;
	value_id v = proc_of("CLIENT ||| STOP");
	ck_assert_int_eq(net_build(&net, &sos, v, 100000), NET_ERROR);
	ck_assert_uint_eq(net.nleaves, 0);
	ck_assert_ptr_null(net.leaves);
	ck_assert_ptr_null(net.rules);
	ck_assert_uint_eq(count_of(sink_text(&errs), "error:"), 1);
	ck_assert_msg(strstr(sink_text(&errs), "resp.4 is outside the type of resp"), "%s", sink_text(&errs));
}
END_TEST

START_TEST(a_leaf_beyond_the_state_limit_is_net_limit)
{
	/* infinite alone and in context */
	struct net net;
	value_id v = proc_of("COUNT(0)");
	ck_assert_int_eq(net_build(&net, &sos, v, 1000), NET_LIMIT);
	ck_assert_uint_eq(net.nleaves, 0);
	ck_assert_ptr_null(net.leaves);
	ck_assert_ptr_null(net.ltss);
	ck_assert_ptr_null(net.initial);
	v = proc_of("COUNT(0) ||| P");
	ck_assert_int_eq(net_build(&net, &sos, v, 1000), NET_LIMIT);
	ck_assert_uint_eq(net.nleaves, 0);
	ck_assert_ptr_null(net.rt);
	/* a leaf of exactly max_states states fits: P has 2 */
	v = proc_of("P ||| P");
	ck_assert_int_eq(net_build(&net, &sos, v, 2), NET_OK);
	net_free(&net);
	ck_assert_int_eq(net_build(&net, &sos, v, 1), NET_LIMIT);
	ck_assert_str_eq(sink_text(&errs), "");
}
END_TEST

START_TEST(a_network_beyond_the_state_limit_is_lts_limit)
{
	/* CELLS(8): leaves of 2 states, 256 network states */
	struct net net;
	build_ok("CELLS(8)", &net);
	struct lts l;
	struct net_explore_stats st;
	memset(&l, 0, sizeof l);
	ck_assert_int_eq(net_explore(&net, 255, UINT64_MAX, &l, &st), LTS_LIMIT);
	ck_assert_uint_eq(l.nstates, 0);
	ck_assert_ptr_null(l.first);
	ck_assert_int_eq(net_explore(&net, 255, UINT64_MAX, NULL, &st), LTS_LIMIT);
	ck_assert_int_eq(net_explore(&net, 256, UINT64_MAX, NULL, &st), LTS_OK);
	ck_assert_uint_eq(st.states, 256);
	ck_assert_int_eq(net_explore(&net, 256, UINT64_MAX, &l, &st), LTS_OK);
	ck_assert_uint_eq(l.nstates, 256);
	lts_free(&l);
	/* lts_explore draws the line at the same place */
	value_id v = proc_of("CELLS(8)");
	ck_assert_int_eq(lts_explore(&sos, v, 255, &l), LTS_LIMIT);
	ck_assert_int_eq(lts_explore(&sos, v, 256, &l), LTS_OK);
	lts_free(&l);
	net_free(&net);
}
END_TEST

START_TEST(a_memory_budget_below_use_stops_counting)
{
	/* checked every 16 batches of 64 states: CHAIN(9) has 19683 */
	struct net net;
	build_ok("CHAIN(9)", &net);
	struct net_explore_stats st;
	ck_assert_int_eq(net_explore(&net, 1000000, 1, NULL, &st), LTS_MEMORY);
	struct lts l;
	memset(&l, 0, sizeof l);
	ck_assert_int_eq(net_explore(&net, 1000000, 1, &l, &st), LTS_MEMORY);
	ck_assert_uint_eq(l.nstates, 0);
	ck_assert_int_eq(net_explore(&net, 1000000, UINT64_MAX, NULL, &st), LTS_OK);
	ck_assert_uint_eq(st.states, 19683);
	net_free(&net);
}
END_TEST

/* -------------------------------------------------------------- steps */

/* The successor of `from` by step `rule`: its index in s, or -1. */
static int find_step(const struct net_succ *s, uint32_t rule)
{
	for (uint32_t k = 0; k < s->n; k++)
		if (s->rule[k] == rule)
			return (int)k;
	return -1;
}

START_TEST(step_parts_name_the_leaves_of_each_kind_of_step)
{
	/* leaves: 0 [STOP |~| a -> SKIP], 1 [a -> SKIP], 2 [b -> STOP].
	 * Rules, child by child: the inner [| {a} |] makes a of 0 and 1 (rule
	 * 0); then b of leaf 2 (rule 1). Done 0: the inner (a τ; b -> STOP
	 * cannot terminate, so there is no outer done bit) */
	struct net net;
	check_exact_keep("((STOP |~| a -> SKIP) [| {a} |] (a -> SKIP)) ||| b -> STOP", 0, 0, &net);
	ck_assert_uint_eq(net.nleaves, 3);
	ck_assert_uint_eq(net.nrules, 2);
	RULE(&net, 0, "a", {0, "a"}, {1, "a"});
	RULE(&net, 1, "b", {2, "b"});
	ck_assert_uint_eq(net.ndone, 1);
	ck_assert_uint_eq(net.done[0].out, EVENT_TAU);
	ck_assert_uint_eq(net_step_tau(&net, 0), 2);
	ck_assert_uint_eq(net_step_tick(&net, 0), 5);
	ck_assert_uint_eq(net_step_done(&net, 0), 8);
	struct net_part parts[3];
	uint32_t n;
	net_step_parts(&net, 0, parts, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert(parts[0].leaf == 0 && parts[0].event == ev_of("a"));
	ck_assert(parts[1].leaf == 1 && parts[1].event == ev_of("a"));
	net_step_parts(&net, net_step_tau(&net, 0), parts, &n);
	ck_assert(n == 1 && parts[0].leaf == 0 && parts[0].event == EVENT_TAU);
	net_step_parts(&net, net_step_tick(&net, 1), parts, &n);
	ck_assert(n == 1 && parts[0].leaf == 1 && parts[0].event == EVENT_TICK);
	net_step_parts(&net, net_step_done(&net, 0), parts, &n);
	ck_assert_uint_eq(n, 0);

	/* walk: τ of leaf 0 (two of them: to STOP and to a -> SKIP), then
	 * b (rule 1): in that order, leaf 0 before leaf 2 */
	struct net_succ s = {0};
	uint64_t st[1] = {net.initial[0]};
	net_successors(&net, st, &s);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(s.rule[0], net_step_tau(&net, 0));
	ck_assert_uint_eq(s.rule[1], net_step_tau(&net, 0));
	ck_assert_uint_eq(s.rule[2], 1);
	ck_assert_uint_eq(s.event[2], ev_of("b"));
	/* the τ into a -> SKIP (the one after which leaf 0 offers a), then
	 * a together (rule 0) */
	int k = -1;
	for (uint32_t i = 0; i < 2; i++)
		if (leaf_offers(&net, 0, net_leaf_state(&net, s.state + i, 0), ev_of("a")))
			k = (int)i;
	ck_assert_int_ge(k, 0);
	st[0] = s.state[k];
	s.n = 0;
	net_successors(&net, st, &s);
	k = find_step(&s, 0);
	ck_assert_int_ge(k, 0);
	ck_assert_uint_eq(s.event[k], ev_of("a"));
	/* both at SKIP: each ✓ is a τ step of its leaf */
	st[0] = s.state[k];
	s.n = 0;
	net_successors(&net, st, &s);
	k = find_step(&s, net_step_tick(&net, 0));
	ck_assert_int_ge(k, 0);
	ck_assert_uint_eq(s.event[k], EVENT_TAU);
	ck_assert_int_ge(find_step(&s, net_step_tick(&net, 1)), 0);
	/* leaf 0 at Ω, then leaf 1: the inner parallel's done step, last */
	st[0] = s.state[k];
	s.n = 0;
	net_successors(&net, st, &s);
	k = find_step(&s, net_step_tick(&net, 1));
	ck_assert_int_ge(k, 0);
	st[0] = s.state[k];
	s.n = 0;
	net_successors(&net, st, &s);
	k = find_step(&s, net_step_done(&net, 0));
	ck_assert_int_eq(k, (int)s.n - 1);
	ck_assert_uint_eq(s.event[k], EVENT_TAU);
	ck_assert(done_bit(&net, s.state + k, 0));
	/* and then no more done steps */
	st[0] = s.state[k];
	s.n = 0;
	net_successors(&net, st, &s);
	ck_assert_int_eq(find_step(&s, net_step_done(&net, 0)), -1);
	net_succ_free(&s);
	net_free(&net);
}
END_TEST

START_TEST(successors_append_to_what_is_there)
{
	struct net net;
	build_ok("P ||| P", &net);
	struct net_succ s = {0};
	uint64_t st[1] = {net.initial[0]};
	net_successors(&net, st, &s);
	ck_assert_uint_eq(s.n, 2);
	net_successors(&net, st, &s);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_uint_eq(s.state[2], s.state[0]);
	ck_assert_uint_eq(s.state[3], s.state[1]);
	ck_assert_uint_eq(s.rule[2], s.rule[0]);
	net_succ_free(&s);
	net_free(&net);
}
END_TEST

/* -------------------------------------------------------- determinism */

static void assert_same_lts(const struct lts *x, const struct lts *y)
{
	ck_assert_uint_eq(x->nstates, y->nstates);
	ck_assert_uint_eq(x->ntrans, y->ntrans);
	ck_assert(memcmp(x->first, y->first, ((size_t)x->nstates + 1) * sizeof *x->first) == 0);
	ck_assert(x->ntrans == 0 || memcmp(x->edges, y->edges, x->ntrans * sizeof *x->edges) == 0);
	ck_assert((x->proc == NULL) == (y->proc == NULL));
	if (x->proc)
		ck_assert(memcmp(x->proc, y->proc, x->nstates * sizeof *x->proc) == 0);
}

/* Field by field (the structs have padding, so no memcmp of arrays of
 * them). net->rt is left out: it is derived from the fields compared here
 * for the successor loop, and the successors are compared below. */
static void assert_same_net(const struct net *x, const struct net *y)
{
	ck_assert_uint_eq(x->nleaves, y->nleaves);
	ck_assert_uint_eq(x->nltss, y->nltss);
	ck_assert_uint_eq(x->words, y->words);
	ck_assert_uint_eq(x->bits, y->bits);
	ck_assert_uint_eq(x->nrules, y->nrules);
	ck_assert_uint_eq(x->ndone, y->ndone);
	for (uint32_t i = 0; i < x->nleaves; i++) {
		const struct net_leaf *p = &x->leaves[i], *q = &y->leaves[i];
		ck_assert(p->proc == q->proc && p->lts == q->lts && p->word == q->word && p->shift == q->shift &&
			  p->bits == q->bits && p->omega == q->omega && p->tick_out == q->tick_out);
	}
	for (uint32_t i = 0; i < x->nltss; i++)
		assert_same_lts(&x->ltss[i], &y->ltss[i]);
	uint32_t nparts = 0;
	for (uint32_t r = 0; r < x->nrules; r++) {
		const struct net_rule *p = &x->rules[r], *q = &y->rules[r];
		ck_assert(p->out == q->out && p->first == q->first && p->n == q->n);
		nparts = p->first + p->n > nparts ? p->first + p->n : nparts;
		ck_assert_uint_eq(x->piv_rules[r], y->piv_rules[r]);
	}
	for (uint32_t k = 0; k < nparts; k++)
		ck_assert(x->parts[k].leaf == y->parts[k].leaf && x->parts[k].event == y->parts[k].event);
	for (uint32_t i = 0; i <= x->nleaves; i++)
		ck_assert_uint_eq(x->piv_first[i], y->piv_first[i]);
	for (uint32_t k = 0; k < x->piv_first[x->nleaves]; k++)
		ck_assert(x->pivots[k].event == y->pivots[k].event && x->pivots[k].first == y->pivots[k].first &&
			  x->pivots[k].n == y->pivots[k].n);
	uint32_t nconds = 0;
	for (uint32_t k = 0; k < x->ndone; k++) {
		const struct net_done *p = &x->done[k], *q = &y->done[k];
		ck_assert(p->word == q->word && p->shift == q->shift && p->out == q->out && p->first == q->first &&
			  p->n == q->n);
		nconds = p->first + p->n > nconds ? p->first + p->n : nconds;
	}
	for (uint32_t k = 0; k < nconds; k++)
		ck_assert(x->conds[k].is_leaf == y->conds[k].is_leaf && x->conds[k].index == y->conds[k].index);
	ck_assert(memcmp(x->initial, y->initial, x->words * sizeof *x->initial) == 0);
}

static const char *const determinism_cases[] = {
	"PHILS(4)",
	"BPHILS(3)",
	"CHAIN(5)",
	"((CHAIN(2) [[ right <- mid ]]) [| {|mid|} |] (CHAIN(2) [[ left <- mid ]])) \\ {|mid|}",
	"(SKIP ||| SKIP) [| {a} |] (b -> SKIP)",
	"WIDE ||| P",
};

START_TEST(two_builds_give_the_same_network_and_successors)
{
	const char *expr = determinism_cases[_i];
	struct net x, y;
	build_ok(expr, &x);
	build_ok(expr, &y);
	assert_same_net(&x, &y);
	/* every reachable state: the same successors, in the same order */
	struct lts lx, ly;
	struct net_explore_stats st;
	ck_assert_int_eq(net_explore(&x, 1000000, UINT64_MAX, &lx, &st), LTS_OK);
	ck_assert_int_eq(net_explore(&y, 1000000, UINT64_MAX, &ly, &st), LTS_OK);
	assert_same_lts(&lx, &ly);
	lts_free(&lx);
	lts_free(&ly);
	uint32_t w = x.words;
	struct stset seen;
	stset_init(&seen, w);
	stset_add(&seen, x.initial);
	struct net_succ sx = {0}, sy = {0};
	uint64_t *cur = malloc(w * sizeof *cur);
	for (uint32_t i = 0; i < seen.n; i++) {
		memcpy(cur, seen.keys + (size_t)i * w, w * sizeof *cur);
		sx.n = sy.n = 0;
		net_successors(&x, cur, &sx);
		net_successors(&y, cur, &sy);
		ck_assert_uint_eq(sx.n, sy.n);
		ck_assert(memcmp(sx.event, sy.event, sx.n * sizeof *sx.event) == 0);
		ck_assert(memcmp(sx.rule, sy.rule, sx.n * sizeof *sx.rule) == 0);
		ck_assert(memcmp(sx.state, sy.state, (size_t)sx.n * w * sizeof *sx.state) == 0);
		for (uint32_t k = 0; k < sx.n; k++)
			stset_add(&seen, sx.state + (size_t)k * w);
	}
	free(cur);
	net_succ_free(&sx);
	net_succ_free(&sy);
	stset_free(&seen);
	net_free(&x);
	net_free(&y);
}
END_TEST

/* ------------------------------------------------ a table against SOS */

/* More combinations, each checked only against the SOS (counts,
 * isomorphism, walk). */
static const char *const exact_cases[] = {
	"P ||| STOP",
	"(a -> STOP |~| b -> STOP) ||| (c -> STOP)",
	"CHAOS({a}) ||| P",
	"P [| {a} |] (a -> a -> STOP)",
	"(d?x -> e!x -> STOP) [ {|d|} || {|d, e|} ] (d!1 -> STOP)",
	"(d?x -> e!x -> STOP) [| {|d|} |] (d?y -> e!y -> STOP)",
	"(P [[ a <- d.0 ]]) [d <-> e] (e!0 -> b -> STOP)",
	"CHAIN(2) [[ left <- right ]]",
	"(CHAIN(3) \\ {|right|}) [| {|left|} |] (left!0 -> left!1 -> STOP)",
	"((P ||| P) [| {a, b} |] (P ||| P)) \\ {b}",
	"[| {a} |] i : {1..3} @ (a -> ca.i -> a -> STOP)",
	"|| i : {1..3} @ [{a, ca.i}] (ca.i -> a -> STOP [] a -> cb.i -> STOP)",
	"(||| i : {1..3} @ CELL(i)) [| {|ca|} |] (||| i : {1..3} @ ca.i -> STOP)",
	"(PHILS(3) \\ {|pickup, putdown|}) [[ eat <- think ]]",
	"((a -> SKIP) ||| (b -> SKIP)) [| {a, b} |] ((a -> SKIP) [| {} |] (b -> SKIP))",
	"(SKIP ||| (a -> SKIP)) \\ {a} ||| (SKIP [] b -> STOP)",
	"(DIV ||| SKIP) [| {a} |] SKIP",
	"((a -> SKIP) /\\ (b -> SKIP)) ||| SKIP",
	"((a -> SKIP) [| {a} |> (b -> SKIP)) ||| (a -> SKIP)",
	"((a -> STOP) [+ {a} +] (a -> b -> STOP)) ||| P",
	"((a -> SKIP) [| {a} |] (a -> SKIP)) [[ a <- b, a <- c ]] [| {c} |] (c -> SKIP)",
	"(CELLS(2) [[ ca.1 <- a, ca.2 <- a ]]) [| {a} |] (a -> a -> SKIP)",
};

START_TEST(networks_agree_with_the_operational_semantics)
{
	check_exact(exact_cases[_i], 0, 0);
}
END_TEST

/* ---------------------------------------------- random combinations */

/*
 * Expressions drawn from a small grammar with a fixed seed (the same on
 * every run): leaves from a pool that covers τ, ✓, inputs, divergence and
 * operators that stay inside a leaf, combined by every network operator,
 * binary and replicated, and by ; and [] above them (which make the whole
 * a leaf). Each is checked as check_exact does, unless the SOS finds more
 * than RANDOM_MAX_STATES states (then it is skipped). To search wider,
 * NETWORK_RANDOM="CASES SEED" in the environment draws CASES expressions
 * from SEED instead (with CK_RUN_CASE=random and CK_TIMEOUT_MULTIPLIER
 * raised to match).
 */
#define RANDOM_CASES 100
#define RANDOM_SEED 20240601
#define RANDOM_MAX_STATES 5000

static const char *const pool_leaf[] = {
	"STOP", "SKIP", "a -> SKIP", "P", "a -> b -> STOP", "(a -> STOP |~| b -> SKIP)", "d?x -> e!x -> SKIP",
	"CHAOS({a})", "(e?x -> STOP [] c -> SKIP)", "DIV", "b -> (SKIP [] c -> STOP)", "RUN({c})",
	"((a -> SKIP) ; (b -> SKIP))", "d!0 -> a -> SKIP", "e!1 -> d?x -> STOP", "((a -> STOP) /\\ (c -> SKIP))",
};
static const char *const pool_set[] = {"{a}", "{b}", "{a, b}", "{|d|}", "{|e|}", "{a, c, d.0}", "{}", "{c, e.1}"};
static const char *const pool_ren[] = {"a <- b", "a <- b, a <- c", "a <- c, b <- c",
				       "d <- e", "d.0 <- a", "c <- a, a <- c"};
static const char *const pool_link[] = {"d <-> e", "e <-> d", "a <-> b", "d.0 <-> e.1", "c <-> a"};

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

#define PICK(pool) pool[rnd((uint32_t)(sizeof pool / sizeof pool[0]))]

static void gen(FILE *f, int depth)
{
	if (depth == 0 || rnd(4) == 0) {
		fputs(PICK(pool_leaf), f);
		return;
	}
	const char *op = NULL;
	switch (rnd(12)) {
	case 0: op = " ||| "; break;
	case 1: fputs("(", f); gen(f, depth - 1); fprintf(f, " [| %s |] ", PICK(pool_set)); break;
	case 2:
		fputs("(", f);
		gen(f, depth - 1);
		fprintf(f, " [ %s || ", PICK(pool_set));
		fprintf(f, "%s ] ", PICK(pool_set));
		break;
	case 3: fputs("(", f); gen(f, depth - 1); fprintf(f, " [%s] ", PICK(pool_link)); break;
	case 4: fputs("(", f); gen(f, depth - 1); fprintf(f, " \\ %s)", PICK(pool_set)); return;
	case 5: fputs("(", f); gen(f, depth - 1); fprintf(f, " [[ %s ]])", PICK(pool_ren)); return;
	case 6: fputs("(||| i : {0, 1} @ ", f); break;
	case 7: fprintf(f, "([| %s |] i : {0..2} @ ", PICK(pool_set)); break;
	case 8: fprintf(f, "(|| i : {0, 1} @ [%s] ", PICK(pool_set)); break;
	case 9: fprintf(f, "([%s] i : <0, 1, 2> @ ", PICK(pool_link)); break;
	case 10: op = " ; "; break;
	default: op = " [] "; break;
	}
	/* binary forms with op: "(X op Y)"; the others have written "(X op "
	 * or "(replicated @ " and need one more operand */
	if (op) {
		fputs("(", f);
		gen(f, depth - 1);
		fputs(op, f);
	}
	gen(f, depth - 1);
	fputs(")", f);
}

START_TEST(random_networks_agree_with_the_operational_semantics)
{
	unsigned long cases = RANDOM_CASES, seed = RANDOM_SEED;
	const char *opt = getenv("NETWORK_RANDOM");
	if (opt)
		ck_assert_int_eq(sscanf(opt, "%lu %lu", &cases, &seed), 2);
	rng_state = seed;
	unsigned checked = 0;
	for (unsigned long i = 0; i < cases; i++) {
		struct sink x;
		sink_open(&x);
		gen(x.f, 3);
		char *expr = strdup(sink_text(&x));
		sink_close(&x);
		value_id v = proc_of(expr);
		struct lts l;
		enum lts_result r = lts_explore(&sos, v, RANDOM_MAX_STATES, &l);
		ck_assert_msg(r == LTS_OK || r == LTS_LIMIT, "'%s': lts_explore gives %d:\n%s", expr, (int)r,
			      sink_text(&errs));
		if (r == LTS_OK) {
			lts_free(&l);
			check_exact(expr, 0, 0);
			checked++;
		}
		free(expr);
	}
	/* most are small enough to be checked */
	ck_assert_uint_gt(checked, cases / 2);
}
END_TEST

/* ------------------------------------------------------------- suite */

static Suite *network_suite(void)
{
	Suite *s = suite_create("network");
	TCase *tc = unit_tcase(s, "shape");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, interleaving_gives_one_leaf_per_side_and_no_synchronisation);
	tcase_add_test(tc, a_leaf_of_one_state_takes_no_bits);
	tcase_add_test(tc, generalised_parallel_merges_rules_on_its_set_only);
	tcase_add_test(tc, partial_synchronisation_drops_events_one_side_cannot_do);
	tcase_add_test(tc, alphabetised_parallel_keeps_each_side_to_its_alphabet);
	tcase_add_test(tc, linked_parallel_makes_tau_rules_of_its_links);
	tcase_add_test(tc, replicated_linked_parallel_is_a_chain_of_links);
	tcase_add_test(tc, hiding_over_a_parallel_turns_rule_outputs_into_tau);
	tcase_add_test(tc, renaming_above_a_parallel_copies_and_merges_rules);
	tcase_add_test(tc, replicated_parallels_over_a_set);
	tcase_add_test(tc, a_state_wider_than_a_word_takes_two);
	tcase_add_test(tc, parallel_inside_hiding_inside_parallel);
	tcase_add_test(tc, operators_whose_shape_changes_stay_inside_a_leaf);
	TCase *tt = unit_tcase(s, "termination");
	tcase_add_checked_fixture(tt, setup, teardown);
	tcase_add_test(tt, interleaved_skips_terminate_together);
	tcase_add_test(tt, termination_is_distributed_over_nested_parallels);
	tcase_add_test(tt, termination_passes_through_hiding_and_renaming);
	TCase *tl = unit_tcase(s, "limits");
	tcase_add_checked_fixture(tl, setup, teardown);
	tcase_add_test(tl, a_leaf_that_fails_alone_falls_back_to_one_leaf);
	tcase_add_test(tl, a_process_that_fails_in_context_too_is_reported_once);
	tcase_add_test(tl, a_leaf_beyond_the_state_limit_is_net_limit);
	tcase_add_test(tl, a_network_beyond_the_state_limit_is_lts_limit);
	tcase_add_test(tl, a_memory_budget_below_use_stops_counting);
	TCase *tp = unit_tcase(s, "steps");
	tcase_add_checked_fixture(tp, setup, teardown);
	tcase_add_test(tp, step_parts_name_the_leaves_of_each_kind_of_step);
	tcase_add_test(tp, successors_append_to_what_is_there);
	tcase_add_loop_test(tp, two_builds_give_the_same_network_and_successors, 0,
			    (int)(sizeof determinism_cases / sizeof determinism_cases[0]));
	TCase *tx = unit_tcase(s, "against-sos");
	tcase_add_checked_fixture(tx, setup, teardown);
	tcase_add_loop_test(tx, networks_agree_with_the_operational_semantics, 0,
			    (int)(sizeof exact_cases / sizeof exact_cases[0]));
	tcase_add_test(tx, the_isomorphism_check_tells_lts_apart);
	TCase *tr = unit_tcase(s, "random");
	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_add_test(tr, random_networks_agree_with_the_operational_semantics);
	return s;
}

int main(void)
{
	return unit_run(network_suite());
}
