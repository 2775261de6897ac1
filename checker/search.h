/*
 * checker/search.h — the pair search's state, shared by its drivers and
 * not part of the checker's interface (that is check.h):
 *
 *     check.c       the search in memory, on one or more threads, the
 *                   counterexamples and the checks;
 *     check_mpi.c   the same search over MPI ranks (-Dmpi=enabled);
 *     check_disk.c  the same search on disk, past the memory limit.
 *
 * Every driver expands pairs with search_visit, so the three give the same
 * verdicts and counterexamples.
 */
#ifndef CHECKER_SEARCH_H
#define CHECKER_SEARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/iset.h"
#include "base/kset.h"
#include "base/vec.h"
#include "checker/check.h"
#include "checker/por.h"
#include "lts/network.h"

typedef VEC(uint64_t) wordvec;

enum search_kind { S_REFINE, S_DEADLOCK, S_DIVERGENCE, S_DETERMINISM };

struct search {
	const struct net *net;
	const struct normal *spec;     /* NULL for deadlock and divergence */
	enum check_model model;
	enum search_kind what;
	bool fd;                       /* divergence matters */
	const struct check_opts *o;
	struct check_result *r;
	uint32_t w, kw;                /* words of a state, of a pair */
	uint32_t node_word;
	uint8_t node_shift;
	uint64_t node_mask;            /* unshifted */
	bool may_tau;                  /* can the network do τ at all? */
	struct istore store;            /* every pair, in discovery order */
	VEC(size_t) level_start;
	const struct itab *tab;         /* a partition of the visited set (for estimates) */
	struct net_succ succ;          /* successors of the state being expanded */
	wordvec kbuf;                  /* successor pairs of a batch */
	VEC(event_id) kev;
	VEC(uint32_t) krule;
	VEC(event_id) acc;             /* scratch acceptance */
	uint64_t *hash;
	bool *added;
	uint32_t capscratch;
	/* τ-cycle classification: states classified so far, keyed by the
	 * state (dw words: w, or w + 1 when no bit is spare) with a flag bit
	 * set when the state is on a τ-cycle */
	struct kset div;
	uint32_t dw;
	struct net_succ tsucc;
	double t0;
	uint64_t batches;
	struct pool *pool;             /* the workers, while run() runs */
	uint64_t pending;              /* successor pairs about to be inserted */
	double last_progress;          /* when progress was last reported */
	uint32_t id;                   /* this worker's number */
	uint64_t *st_buf, *key_buf;    /* scratch: a state, a pair */
	/* partial order reduction: NULL when off */
	struct por *por;
	enum por_mode por_mode;
	bool por_visible;
	VEC(uint32_t) ksucc;           /* per kev entry: its index in succ */
	VEC(uint8_t) keep;
	uint64_t por_reduced;
	/* under MPI the proviso is decided after a round trip: per kev entry,
	 * its pair's candidate number (UINT32_MAX: not reduced) and whether
	 * the stubborn set keeps it */
	VEC(uint32_t) kcand;
	VEC(uint8_t) kkeep;
	uint32_t ncand;
	bool por_off;                  /* given up: too few states reduced */
	/* under MPI the store holds this rank's pairs only: gidx[i] is pair
	 * i's place in the sequential order, lstart[l] where level l begins
	 * in the store, count_all the pairs of every rank */
	const uint32_t *gidx;
	const size_t *lstart;
	uint64_t count_all;
	/* on disk (check_disk.c): level l's pairs, records (tag, key), in order */
	FILE **levels;
};

struct violation {
	enum cex_kind kind;
	size_t pair;              /* queue index of the pair where it shows */
	uint32_t level;
	event_id event;
	uint32_t rule;            /* CEX_TRACE: the step that did event */
	uint64_t *to;             /* CEX_TRACE: the state after it (w words) */
};

static inline uint32_t pair_node(const struct search *S, const uint64_t *key)
{
	if (!S->node_mask)
		return 0;
	return (uint32_t)((key[S->node_word] >> S->node_shift) & S->node_mask);
}

/* The implementation state of a pair, into st (w words). */
static inline void pair_state(const struct search *S, const uint64_t *key, uint64_t *st)
{
	memcpy(st, key, S->w * sizeof *st);
	if (S->node_mask && S->node_word < S->w)
		st[S->node_word] &= ~(S->node_mask << S->node_shift);
}

static inline void make_pair(const struct search *S, const uint64_t *st, uint32_t node, uint64_t *key)
{
	memcpy(key, st, S->w * sizeof *key);
	if (S->kw > S->w)
		key[S->w] = node;
	else if (S->node_mask)
		key[S->node_word] |= (uint64_t)node << S->node_shift;
}

/* Seconds on a monotonic clock. */
double search_now(void);
/* The checks at pair `key` (queue index qi, at `level`) before its
 * successors are followed: fills *v and returns true on a violation;
 * otherwise leaves the successor pairs appended to S->kbuf (check.c). */
bool search_visit(struct search *S, const uint64_t *key, size_t qi, uint32_t level, struct violation *v);
/* At the start of a level: stop partial order reduction when it reduced
 * too few of the pairs so far (`reduced`, over every worker or rank). */
bool search_por_give_up(struct search *S, uint32_t level, uint64_t reduced);
/* Stop the search now? (interrupt, time limit, memory; sets S->r->why) */
bool search_out_of_budget(struct search *S);
/* The initial pair: index 0 of the store, in table tab (NULL: another
 * rank's). */
void search_insert_first(struct search *S, struct itab *tab, const uint64_t *key);
/* The counterexample of violation v at pair vkey (under MPI every rank
 * calls it: the walk back is collective). */
void search_build_cex(struct search *S, struct violation *v, const uint64_t *vkey);

/* The search over MPI ranks (check_mpi.c; only with -Dmpi=enabled). */
void search_run_mpi(struct search *S);
/* The search on disk from level `level`, once run() has let go of its
 * tables (check_disk.c). */
void search_run_disk(struct search *S, uint32_t level);

#endif
