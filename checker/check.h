/*
 * checker/check.h — deciding assertions: refinement in T, F and FD, and the
 * property checks (deadlock, divergence, determinism, has trace).
 *
 * Every check is a breadth-first search over pairs (normal node of the
 * specification, state of the implementation network), on the fly over
 * the network (lts/network.h); a property check is the same search with
 * no specification (every pair has node 0) or, for determinism, with the
 * implementation's own normal form as the specification. The visited set
 * keeps the packed pairs (base/kset.h) and the queue keeps every level, so
 * a counterexample is rebuilt by walking the levels back: the parent of a
 * pair is the first pair of the level before that has it as a successor,
 * which is the parent the search itself used. So a counterexample is the
 * shortest (counting τ) and the first in the fixed successor order: the
 * same on every run.
 *
 * Checks at a pair (n, t), in this order (../shared/SEMANTICS.md):
 *   FD: n divergent → nothing below; t on a τ-cycle → divergence;
 *   F, FD: t stable (no τ, no ✓) → its acceptance must contain a minimal
 *     acceptance of n; t can do ✓ → {✓} must;
 *   T, F, FD: each successor's event: τ keeps n, ✓ and visible events
 *     must be initials of n (✓ is never followed: nothing comes after it).
 *
 * Results: passed, failed (with a counterexample), inconclusive (a limit:
 * states, memory or time; `why` says which) or error (a run-time error in
 * the script, already reported).
 */
#ifndef CHECKER_CHECK_H
#define CHECKER_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "checker/normal.h"
#include "lts/network.h"
#include "semantics/event.h"

enum check_model { CHECK_T, CHECK_F, CHECK_FD };

enum check_verdict { CHECK_PASSED, CHECK_FAILED, CHECK_INCONCLUSIVE, CHECK_ERROR };

enum cex_kind {
	CEX_NONE,
	CEX_TRACE,            /* the implementation did `event`, the spec allows only `allowed` */
	CEX_REFUSAL,          /* a stable state accepting only `acceptance`, against `spec_acc` */
	CEX_DIVERGENCE,       /* steps[loop_from..] is a τ-loop */
	CEX_DEADLOCK,         /* the last state has no transitions */
	CEX_NONDETERMINISM,   /* after the trace `event` is possible and can be refused */
	CEX_NO_TRACE,         /* the trace cannot go on with `event` (has trace) */
};

struct cex_step {
	event_id event;
	uint32_t rule;        /* the network rule (net_step_parts) */
};

struct cex {
	enum cex_kind kind;
	uint32_t nsteps;
	struct cex_step *steps;   /* from the initial state, τ steps included */
	uint64_t *states;         /* nsteps + 1 network states, words each */
	uint32_t words;
	event_id event;
	struct event_set allowed;     /* CEX_TRACE: the spec's initials; CEX_NO_TRACE: what was possible */
	struct event_set acceptance;  /* CEX_REFUSAL, CEX_NONDETERMINISM: what the state accepts */
	uint32_t nspec_acc;
	struct event_set *spec_acc;   /* CEX_REFUSAL: the spec's minimal acceptances */
	uint32_t loop_from;           /* CEX_DIVERGENCE */
	uint32_t trace_len;           /* CEX_NO_TRACE: how much of the trace was possible: */
	event_id *prefix;             /* that much, trace_len events */
};

/* What a long search reports now and then (check_opts.progress). */
struct check_progress {
	uint64_t states, transitions;
	uint32_t level;
	double seconds;
};

struct check_opts {
	uint64_t max_states;          /* pairs */
	uint64_t max_bytes;           /* memory of the whole process */
	double timeout;               /* seconds, 0 for none */
	const struct event_set *tau_priority;  /* NULL, or τ and ✓ take priority over these */
	volatile int *interrupted;    /* when non-NULL and set, stop as inconclusive */
	uint32_t threads;             /* workers (0 or 1: this thread only) */
	/* when non-NULL, called from the searching thread about five times a
	 * second while a search runs */
	void (*progress)(void *ctx, const struct check_progress *p);
	void *progress_ctx;
	/* MPI (a build with -Dmpi=enabled, under mpirun): this rank and the
	 * number of ranks; every rank runs every search together */
	int mpi_rank, mpi_size;
	/* :[partial order reduce]: POR_OFF (0) or a mode of checker/por.h */
	int por;
	/* when non-NULL, a search that reaches max_bytes goes on with its
	 * visited set and queue in files in this directory (see
	 * check_disk.c) instead of stopping; not under MPI */
	const char *spill_dir;
	uint64_t spill_after;         /* with spill_dir, > 0: go on on disk once this many pairs are stored (tests) */
};

struct check_result {
	enum check_verdict verdict;
	const char *why;              /* inconclusive: "state limit", "memory limit", "time limit" */
	uint64_t states, transitions; /* pairs visited, pair transitions generated */
	uint64_t peak_bytes;          /* of the search's tables */
	double seconds;
	const char *por_why;          /* reduction asked for and not applied: why */
	uint64_t por_reduced;         /* pairs whose successors were reduced */
	uint64_t por_stopped;         /* > 0: reduction given up after this many pairs */
	uint64_t spilled_bytes;       /* > 0: the search went on on disk and wrote this much */
	uint32_t spill_level;         /* from this level on */
	struct cex cex;               /* when failed */
};

/* Spec [M= Impl, spec given by its normal form. */
void check_refine(const struct normal *spec, const struct net *impl, enum check_model m,
		  const struct check_opts *o, struct check_result *r);
/* :[deadlock free [F]] (fd false) or [FD]. */
void check_deadlock(const struct net *impl, bool fd, const struct check_opts *o, struct check_result *r);
/* :[divergence free] */
void check_divergence(const struct net *impl, const struct check_opts *o, struct check_result *r);
/* :[deterministic [F]] or [FD]; `self` is the normal form of impl's own
 * explicit LTS. */
void check_determinism(const struct normal *self, const struct net *impl, bool fd, const struct check_opts *o,
		       struct check_result *r);
/* :[has trace [M]]: trace[0..n) */
void check_has_trace(const struct net *impl, const event_id *trace, uint32_t n, enum check_model m,
		     const struct check_opts *o, struct check_result *r);

void check_result_free(struct check_result *r);

/* The visible trace of a counterexample's steps (τ left out): *n events,
 * xmalloc'd. */
event_id *cex_trace(const struct cex *c, uint32_t *n);

#endif
