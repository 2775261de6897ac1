/*
 * checker/normal.h — normalisation of an explicit LTS (FDR's first step).
 *
 * normalise() turns an explicit LTS (lts/lts.h: compressed rows, state 0
 * initial, edges sorted by (event, target), τ = 0, ✓ = 1) into its normal
 * form by subset construction over τ-closures (../shared/SEMANTICS.md,
 * "Refinement by normalisation"):
 *
 *   - node 0 is the τ-closure of state 0; the nodes are numbered in the
 *     breadth-first order in which they are first reached, successors taken
 *     in increasing event order, so the numbering depends only on the LTS;
 *   - a node's edges are its initials: one edge per visible event or ✓ that
 *     some member state can do, sorted by event, to the node that is the
 *     τ-closure of all the targets. The target of a ✓ edge is the node
 *     NORMAL_OMEGA (nothing follows ✓; that node is never stored);
 *   - a node's minimal acceptances are the minimal sets (under inclusion)
 *     among the acceptances of its members: a member with a ✓ edge has
 *     acceptance {✓} (✓ is a signal: it is unstable and behaves as if it
 *     had a τ to a state offering only ✓); a member with no τ and no ✓ edge
 *     is stable and its acceptance is its set of visible initials (possibly
 *     empty); a member with τ and no ✓ contributes nothing. Each
 *     acceptance is a sorted event array; the sets of a node are in a
 *     fixed order (sorted by size, then lexicographically);
 *   - a node is divergent when one of its members lies on a τ-cycle (the
 *     members are τ-closed, so this is "can diverge").
 *
 * The members of each node (sorted state numbers) are kept: the checker
 * uses them to explain counterexamples and for the determinism check.
 *
 * Limits: when more than max_nodes nodes would be needed normalise()
 * returns NORMAL_LIMIT and the output is empty (nothing to free).
 */
#ifndef CHECKER_NORMAL_H
#define CHECKER_NORMAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lts/lts.h"
#include "semantics/event.h"

#define NORMAL_OMEGA UINT32_MAX

struct normal {
	uint32_t nnodes;
	/* edges: node n's are edges[first[n] .. first[n+1]), sorted by event,
	 * one per event (the normal form is deterministic) */
	uint64_t *first;            /* nnodes + 1 */
	struct lts_edge *edges;
	/* minimal acceptances: node n's are sets acc_first[n] .. acc_first[n+1];
	 * set k is acc_events[acc_off[k] .. acc_off[k+1]) */
	uint32_t *acc_first;        /* nnodes + 1 */
	uint32_t *acc_off;          /* total sets + 1 */
	event_id *acc_events;
	/* members: node n's are states mem[mem_first[n] .. mem_first[n+1]), sorted */
	uint64_t *mem_first;        /* nnodes + 1 */
	uint32_t *mem;
	uint8_t *divergent;         /* nnodes flags */
};

enum normal_result { NORMAL_OK, NORMAL_LIMIT };

enum normal_result normalise(const struct lts *l, uint64_t max_nodes, struct normal *out);
void normal_free(struct normal *n);

/* The target of node n's edge on event e, or UINT32_MAX when e is not an
 * initial of n (NORMAL_OMEGA, also UINT32_MAX, only for ✓: test
 * normal_has() for ✓). */
uint32_t normal_after(const struct normal *n, uint32_t node, event_id e);
bool normal_has(const struct normal *n, uint32_t node, event_id e);

/* Whether the sorted event set acc[0..nacc) contains some minimal
 * acceptance of node (the stable-failures test of an implementation state
 * whose acceptance is acc). */
bool normal_accepts(const struct normal *n, uint32_t node, const event_id *acc, uint32_t nacc);

#endif
