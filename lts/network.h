/*
 * lts/network.h — a process as a network of leaf machines.
 *
 * The static top of a process — parallel in all its forms, interleaving,
 * linked parallel, hiding and renaming, binary or replicated — becomes a
 * network: a vector of leaves and a table of rules. Every other operator
 * (prefix, choices, ;, [>, /\, [| A |>, [+ A +], CHAOS, RUN, ...) and
 * everything below it stays inside a leaf, because its shape changes as
 * it runs. Each leaf is explored once, with the operational semantics
 * (lts/sos.h), into an explicit LTS (lts/lts.h); leaves with the same
 * process share it. Successors of a network state are then look-ups in
 * those tables, with no term rewriting.
 *
 * A network state is the vector of leaf states, plus one "done" bit for
 * each parallel operator whose components can all terminate, packed into
 * `words` 64-bit words. A leaf with n states takes ceil(log2 n) bits; a
 * field never straddles two words:
 *
 *     word 0:  | leaf 0 (2 bits) | leaf 1 (2 bits) | ... | done 0 (1) | 0.. |
 *     word 1:  | leaf 31 (17 bits) | ...                                   |
 *
 * A rule says "leaves l1..lk do events e1..ek together, and the network
 * does `out`" (out may be τ, made by hiding or linking). Rules are built
 * bottom-up from the operator tree: under [| A |] the rules of both sides
 * on the same event of A merge, hiding turns outputs into τ, renaming
 * multiplies them. A leaf's τ is always a network τ of that leaf alone.
 * Termination is distributed: a leaf's ✓ under a parallel operator is a τ
 * that takes the leaf to its Ω state; when every component of a parallel
 * operator is done (a leaf at Ω, an inner parallel's done bit set), it
 * does ✓ (a τ that sets its done bit, if it is itself under a parallel
 * operator). This is exactly the SOS's reading (Ω [| A |] Ω -✓-> Ω, a
 * component's ✓ becomes τ), so the network's states and transitions
 * correspond one to one to those lts_explore finds for the same process.
 *
 * Compressions: a leaf may be a compression (normal, sbisim, wbisim,
 * diamond, explicate, tau_loop_factor, chase: lts/compress.h) applied to a
 * process; that process is built as a network of its own, explored, and
 * compressed, and the result is the leaf's LTS (with no terms: proc is
 * NULL; `before` keeps the size before compression).
 *
 * Successors are generated in a fixed order — leaves in order, each
 * leaf's edges in (event, target) order, the rules pivoted on that edge in
 * rule order, then termination — so every search over a network is
 * deterministic.
 *
 * Steps: each successor carries the id of the rule that made it: a rule
 * index < nrules, or net_step_tau(i), net_step_tick(i) (leaf i alone),
 * net_step_done(k) (parallel operator k terminates). net_step_parts()
 * says which leaves took part, for explaining counterexamples.
 */
#ifndef LTS_NETWORK_H
#define LTS_NETWORK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lts/lts.h"
#include "lts/sos.h"

struct net_leaf {
	value_id proc;        /* the leaf's normal term */
	uint32_t lts;         /* its explicit LTS: net->ltss[lts] */
	uint32_t word;        /* its field in the packed state */
	uint8_t shift, bits;
	uint32_t omega;       /* its Ω state, or UINT32_MAX when it cannot terminate */
	event_id tick_out;    /* what its ✓ is in the network: ✓ at the top, τ under a parallel */
	uint32_t before;      /* a compressed leaf: its states before compression; else 0 */
};

struct net_part {
	uint32_t leaf;
	event_id event;
};

struct net_rule {
	event_id out;
	uint32_t first, n;    /* parts[first .. first + n), sorted by leaf */
};

/* A parallel operator whose components can all terminate. */
struct net_done {
	uint32_t word;
	uint8_t shift;
	event_id out;         /* ✓ at the top, τ under another parallel */
	uint32_t first, n;    /* its components' conditions: conds[first .. first + n) */
};

/* A component of a parallel operator is done when leaf `index` is at its
 * Ω state (is_leaf) or done bit `index` is set. */
struct net_cond {
	bool is_leaf;
	uint32_t index;
};

/* The rules pivoted on one leaf event (the leaf is the rule's first part). */
/* What leaf i can start from one of its states: each edge of the state
 * paired with each rule pivoted on it, in the order the successors are
 * generated, with what firing needs precomputed. */
struct net_act {
	uint32_t target;      /* the leaf's next state */
	uint32_t rule;        /* step id (a rule, or net_step_tau/tick) */
	event_id out;
	uint32_t n;           /* parts: 1 alone, 2 with (leaf2, ev2), more: the general path */
	uint32_t leaf2;
	event_id ev2;
};

/* Where leaf i's field sits and what its LTS is, in one place for the
 * successor loop (net->rt, made by net_build). */
struct net_rt {
	const uint32_t *act_first;      /* per leaf state: its acts, or NULL (no table) */
	const struct net_act *acts;
	const uint64_t *first;
	const struct lts_edge *edges;
	uint64_t mask;            /* the field's bits, in place */
	uint32_t word;
	uint8_t shift;
	uint32_t pv_first, npv;   /* its pivots */
};

struct net_pivot {
	event_id event;
	uint32_t first, n;    /* piv_rules[first .. first + n) */
};

struct net {
	struct sos *sos;
	uint32_t nleaves;
	struct net_leaf *leaves;
	uint32_t nltss;
	struct lts *ltss;
	uint32_t words;       /* 64-bit words per packed state */
	uint32_t bits;        /* bits used */
	uint32_t nrules;
	struct net_rule *rules;
	struct net_part *parts;
	uint32_t *piv_first;  /* nleaves + 1 offsets into pivots */
	struct net_pivot *pivots;
	uint32_t *piv_rules;
	uint32_t ndone;
	struct net_done *done;
	struct net_cond *conds;
	uint64_t *initial;    /* the initial state: every leaf at 0, no done bit */
	struct net_rt *rt;    /* per leaf: its field and LTS, for the successor loop */
	uint32_t **act_first; /* per leaf: the act table's row offsets (owned) */
	struct net_act **acts;
	value_id limit_proc;  /* after NET_LIMIT/NET_MEMORY in net_build: the leaf too large */
};

enum net_result {
	NET_OK,
	NET_ERROR,            /* an error was reported (run-time error, unsupported construct) */
	NET_LIMIT,            /* a leaf, or the network, has more than max_states states */
	NET_MEMORY,           /* the memory budget ran out first */
};

/* Build the network of process value p: normalise it, split its static
 * top into leaves, explore each leaf (at most max_states states each) and
 * make the rules. After anything but NET_OK the network is empty (and
 * needs no net_free). */
enum net_result net_build(struct net *net, struct sos *s, value_id p, uint64_t max_states);
void net_free(struct net *net);

/* Successors of a state, appended to `out` (set out->n = 0 first to
 * start afresh): the i-th does event[i] by rule rule[i] into state +
 * i * words. Reused between calls (no allocation once it has grown);
 * zero-initialise, free with net_succ_free. `state` must not point into
 * out->state. */
struct net_succ {
	uint32_t n, cap;
	event_id *event;
	uint32_t *rule;
	uint64_t *state;
	uint32_t *cur;        /* scratch: the unpacked leaf states */
	uint32_t capcur;
};

void net_successors(const struct net *net, const uint64_t *state, struct net_succ *out);
void net_succ_free(struct net_succ *s);

static inline uint32_t net_leaf_state(const struct net *net, const uint64_t *state, uint32_t leaf)
{
	const struct net_leaf *l = &net->leaves[leaf];
	uint64_t mask = l->bits == 64 ? UINT64_MAX : ((uint64_t)1 << l->bits) - 1;
	return (uint32_t)((state[l->word] >> l->shift) & mask);
}

static inline uint32_t net_step_tau(const struct net *net, uint32_t leaf)
{
	return net->nrules + leaf;
}

static inline uint32_t net_step_tick(const struct net *net, uint32_t leaf)
{
	return net->nrules + net->nleaves + leaf;
}

static inline uint32_t net_step_done(const struct net *net, uint32_t k)
{
	return net->nrules + 2 * net->nleaves + k;
}

/* The leaves that took part in step `rule` and what each did: *n parts
 * written to parts (room for nleaves). A termination step has none. */
void net_step_parts(const struct net *net, uint32_t rule, struct net_part *parts, uint32_t *n);

/* Explore the network breadth-first from its initial state. With `out`,
 * build its explicit LTS (states numbered in discovery order, edges
 * deduplicated; out->proc is NULL); without, only count. Stops as
 * lts_explore does: LTS_LIMIT beyond max_states states, LTS_MEMORY when
 * the process uses more than max_bytes. */
struct net_explore_stats {
	uint64_t states, transitions;
	uint32_t events;      /* distinct visible events on transitions */
	bool tau, tick;
	uint64_t store_bytes; /* bytes of the visited set at the end */
	double seconds;
};

enum lts_result net_explore(const struct net *net, uint64_t max_states, uint64_t max_bytes, struct lts *out,
			    struct net_explore_stats *st);

/* "leaves N" and a line per leaf: its states, transitions and process. */
void net_write_leaves(FILE *out, const struct net *net);

#endif
