/*
 * lts/lts.h — explicit labelled transition systems in compressed-row form.
 *
 * lts_explore() walks a process breadth-first with the operational
 * semantics (lts/sos.h) and numbers its states in the order it first
 * reaches them: state 0 is the initial state, and a state's number is its
 * BFS discovery index. The transitions are stored as compressed rows:
 *
 *     first:  [ 0 | 2 | 3 | 3 | ... | ntrans ]        nstates + 1 offsets
 *               |   |   |
 *               |   |   +-- state 2 has no transitions (first[2] == first[3])
 *               |   +------ state 1: edges[2 .. 3)
 *               +---------- state 0: edges[0 .. 2)
 *     edges:  [ (a,1) (b,2) | (tau,0) | ... ]        ntrans (event, target)
 *
 * Each edge is 8 bytes: a 32-bit event id (0 τ, 1 ✓, then interned events)
 * and a 32-bit target state. Within a row, edges are sorted by event, then
 * by target, without duplicates. proc[i] is the normal term of state i.
 *
 * Invariants: first[0] == 0, first[nstates] == ntrans, first is
 * non-decreasing, every target < nstates. After lts_explore returns
 * anything but LTS_OK the lts is empty (and needs no lts_free).
 */
#ifndef LTS_LTS_H
#define LTS_LTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lts/sos.h"
#include "semantics/event.h"
#include "semantics/value.h"

struct lts_edge {
	event_id event;
	uint32_t target;
};

struct lts {
	uint32_t nstates;
	uint64_t ntrans;
	uint64_t *first;          /* nstates + 1 row offsets */
	struct lts_edge *edges;   /* ntrans edges */
	value_id *proc;           /* nstates normal terms */
};

enum lts_result {
	LTS_OK,
	LTS_ERROR,        /* an error was reported (run-time error, unsupported construct) */
	LTS_LIMIT,        /* more than max_states states: inconclusive */
	LTS_MEMORY,       /* the memory budget ran out first: inconclusive */
};

/* Explore process value p into `out`, stopping (LTS_LIMIT) when a state
 * beyond the first max_states would be needed, or (LTS_MEMORY) when the
 * process's memory (lts_memory_used) exceeds lts_memory_budget(), checked every
 * 1024 states, so that a large model ends inconclusive instead of being
 * killed for memory. */
enum lts_result lts_explore(struct sos *s, value_id p, uint64_t max_states, struct lts *out);
/* The same with an explicit budget of resident bytes. */
enum lts_result lts_explore_limited(struct sos *s, value_id p, uint64_t max_states, uint64_t max_bytes,
				    struct lts *out);
/* Three quarters of the memory this process may use: the least of the
 * physical memory, the cgroup's memory.max and RLIMIT_AS (UINT64_MAX when
 * none is known). */
uint64_t lts_memory_budget(void);
/* The memory this process uses, in bytes: resident, or its address space
 * when RLIMIT_AS is set (0 when it cannot be read). */
uint64_t lts_memory_used(void);
void lts_free(struct lts *l);

/* The outgoing edges of state `st`: *n of them. */
static inline const struct lts_edge *lts_out(const struct lts *l, uint32_t st, uint32_t *n)
{
	*n = (uint32_t)(l->first[st + 1] - l->first[st]);
	return l->edges + l->first[st];
}

/* The τ-SCCs of l: scc[s] is the component of state s, numbered 0, 1, ...
 * in the order Tarjan's algorithm completes them (roots in state order);
 * cyclic[k] = 1 when component k has two states or more or a τ self-loop.
 * Returns the number of components; both arrays are fresh (xmalloc'd,
 * nstates entries each). Iterative: deep τ-paths cost heap, not stack. */
uint32_t lts_tau_sccs(const struct lts *l, uint32_t **scc, uint8_t **cyclic);
/* on[s] = 1 when state s lies on a τ-cycle (a fresh nstates array). */
uint8_t *lts_tau_cycles(const struct lts *l);

struct lts_stats {
	uint32_t states;
	uint64_t transitions;
	uint32_t events;          /* distinct visible events on edges */
	bool tau, tick;           /* whether τ / ✓ label some edge */
	double bytes_per_state;   /* of the CSR: first[] and edges[] */
};

void lts_stats(const struct lts *l, struct lts_stats *st);

/* Aldebaran: "des (0, NTRANS, NSTATES)" then one "(from,"label",to)" line
 * per edge, in state order; τ is "tau", ✓ "tick", events in CSPm syntax
 * (a '"' or '\' inside a label is escaped with '\'). */
void lts_write_aut(FILE *out, const struct lts *l, const struct event_table *et, const struct value_table *vt);
/* Graphviz: a digraph, state 0 drawn bold, edges labelled as in .aut. */
void lts_write_dot(FILE *out, const struct lts *l, const struct event_table *et, const struct value_table *vt);
/* "states N\ntransitions N\nevents N (+ tau, tick)\nbytes per state X\n" */
void lts_write_stats(FILE *out, const struct lts *l);

#endif
