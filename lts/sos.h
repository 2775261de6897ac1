/*
 * lts/sos.h — the operational semantics of CSP process terms.
 *
 * For a process value (a VK_PROC naming a hash-consed term, semantics/term.h)
 * sos_transitions() gives its outgoing transitions: (event, successor) pairs
 * following the firing rules of ../shared/SEMANTICS.md (Roscoe, Understanding
 * Concurrent Systems, ch. 9). Events are dense ids (semantics/event.h): 0 is
 * τ, 1 is ✓, the rest are interned event values.
 *
 * States are *normal* terms. A term is normal when every component whose
 * transitions it shows (both sides of [] and of every parallel operator, the
 * left of ; and [>, the process under \ and [[ ]], ...) is normal and is not
 * a delayed call (TERM_DELAY, unfolded with eval_force) nor a replicated
 * form standing for something simpler (an empty or one-element replication,
 * ; over a sequence, linked parallel over a sequence). sos_normal() gives the
 * normal term of any process; every successor sos_transitions() returns is
 * normal, so a process explored from its normal form never has two terms for
 * one state because one of them still holds an unfolded call.
 *
 * Termination: ✓ is a signal and every ✓ transition leads to sos->omega, the
 * terminated state Ω: a distinct term with no transitions (it is not STOP:
 * Ω [|A|] Ω can terminate, STOP [|A|] Ω cannot).
 *
 * Readings where SEMANTICS.md leaves a choice (each strongly bisimilar or
 * failures-divergences equal to the literal rule, and documented here so
 * that state counts can be derived by hand):
 *   - [] over one process, and |||, [| A |] and [+ A +] over one process,
 *     are that process; ; over <P> is P (fold semantics). || over one
 *     (A, P) keeps the alphabet A. |~| over one process keeps its τ.
 *   - [+ A +] over nothing is STOP, as [] over nothing.
 *   - [ties] x : <x1, ..., xn> @ P(x) is ((P(x1) [t1] P(x2)) [t2] ...) [t(n-1)]
 *     P(xn), where ti are the ties evaluated for xi.
 *   - every ✓ leads to Ω itself, never to Ω \ A or Ω [[R]].
 *   - [+ A +] and /+ A +\ follow the FDR 4 manual's description of the
 *     operators (events of A are done by both sides together and neither
 *     resolve the choice nor trigger the interrupt; the searchable docs
 *     hold no copy of its operator reference), and the transition function
 *     of chris-hydon/cpex, haskell/Cpex/Transitions.hs, which agrees; there
 *     P's ✓ under /+ A +\ keeps the operator, here it goes to Ω (equal,
 *     since nothing follows ✓).
 *
 * Order: the transitions of a state are sorted by event id, then by the
 * successor's value id, without duplicates (the LTS is a relation), so
 * everything downstream is deterministic.
 *
 * Priority: prioritise, prioritise_nocache and prioritisepo (TERM_APPLY
 * terms) are operators here, with FDR's one rule: prio(P) does what P does
 * except the transitions that something else P can do pre-empts (the order
 * and its sources are described above prio_spec in sos.c).
 *
 * Errors: a run-time error of the evaluator while unfolding a call, an event
 * set that is infinite or holds something that is not an event, unguarded
 * recursion (P = P [] a -> STOP) and constructs not supported (a
 * compression anywhere but at the top of a leaf, deter, buffers: any other
 * TERM_APPLY) are reported through the diagnostics and make the call
 * return false / VALUE_NONE. The sos stays usable, and nothing it
 * memoised is wrong.
 *
 * Memory: transitions are memoised per term id, so a component shared by
 * many states (the idle half of P ||| Q) is expanded once. Everything is
 * freed by sos_free; the value and term tables keep the terms.
 */
#ifndef LTS_SOS_H
#define LTS_SOS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/term.h"
#include "semantics/value.h"

struct sos_trans {
	event_id event;
	value_id proc;      /* a normal VK_PROC */
};

/* One pair of a renaming or linking relation, as events. */
struct sos_pair {
	event_id from, to;
};

struct sos_memo;
struct sos_aux;

struct sos {
	struct eval *ev;
	struct value_table *vt;
	struct term_table *tt;
	struct event_table *events;
	struct diag *diag;
	value_id omega;             /* Ω */
	value_id stop;              /* STOP */
	/* by term id: normal form and memoised transitions */
	struct sos_memo *memo;
	uint32_t nmemo;
	/* transitions of every memoised term, packed */
	struct sos_trans *pool;
	size_t npool, cappool;
	/* what sos_transitions returns */
	struct sos_trans *out;
	uint32_t capout;
	/* event sets and renaming/link relations, by set value: aux_of is an
	 * open-addressing index (naux_of slots) of aux entry + 1 */
	uint32_t *aux_of;
	uint32_t naux_of;
	struct sos_aux *aux;
	uint32_t naux, capaux;
	uint32_t depth;             /* nesting of sos_normal, against runaway unfolding */
	unsigned errors;            /* errors reported by the sos itself */
};

/* Bind an sos to the tables of an evaluator. `events` receives every event
 * the transitions use. */
void sos_init(struct sos *s, struct eval *ev, struct value_table *vt, struct term_table *tt,
	      struct event_table *events, struct diag *diag);
void sos_free(struct sos *s);

/* The normal form of process value p (see above), or VALUE_NONE after a
 * reported error. */
value_id sos_normal(struct sos *s, value_id p);

/* The transitions of process value p (normalised first): *out points to
 * *n transitions sorted by (event, proc), owned by the sos and valid until
 * the next call. Returns false after a reported error. */
bool sos_transitions(struct sos *s, value_id p, const struct sos_trans **out, uint32_t *n);

/* The events of set value `set`, copied into *out (owned by the caller):
 * false after a reported error (not a finite set of events). `what`
 * names the use in the message ("hiding"). */
bool sos_event_set(struct sos *s, value_id set, const char *what, struct event_set *out);

/* The relation a set of (from, to) pairs of events stands for (renaming,
 * linked parallel), copied into *pairs (xmalloc'd, owned by the caller,
 * sorted by (from, to), no duplicates): false after a reported error.
 * With one_to_one, an event related to two events is an error. */
bool sos_relation(struct sos *s, value_id rel, const char *what, bool one_to_one, struct sos_pair **pairs,
		  uint32_t *n);

/* Whether `name` is one of FDR's compressions (normal, sbisim, ...),
 * which the network layer compiles (lts/network.h); a term applying one is
 * its own normal form, with no transitions of its own here. */
bool sos_is_compression(const char *name);

/* Process or value v in CSPm syntax, cut to fit buf (ending "..." when
 * cut); returns buf. */
const char *sos_describe(struct sos *s, value_id v, char *buf, size_t size);

static inline bool sos_is_omega(const struct sos *s, value_id p)
{
	return p == s->omega;
}

#endif
