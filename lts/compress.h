/*
 * lts/compress.h — FDR's compressions, as pure functions from an explicit
 * LTS to an explicit LTS.
 *
 * Every function reads `in` (lts/lts.h: compressed rows, state 0 initial,
 * rows sorted by (event, target), τ = 0, ✓ = 1; in->proc is not used and
 * may be NULL; in->nstates >= 1) and fills `out`, which it owns
 * afterwards (free it with lts_free()). The output is always normalised
 * the same way, so that it depends only on `in`:
 *
 *   - only the states reachable from the initial state are kept, numbered
 *     in breadth-first order from 0, the initial state;
 *   - a state's successors are visited in (event, target) order, where
 *     "target" is the function's own deterministic name for the target
 *     (documented with each function: a state of `in`, a class, a node);
 *   - rows are sorted by (event, target) without duplicates, and
 *     out->proc is NULL.
 *
 * Limits: when the output would have more than max_states states (or,
 * for the functions that say so, an internal structure would not fit in
 * 32-bit indices) the function returns false and *out is empty (zeroed,
 * nothing to free). Otherwise it returns true.
 *
 * What is preserved. T, F and FD below are the traces, stable-failures
 * and failures-divergences models of ../shared/SEMANTICS.md ("✓ is a
 * signal": a state with a ✓ edge is unstable and accepts {✓};
 * divergence-strict FD). "Equivalent" means equal in the model.
 *
 *   function                 preserves              time (n states, m edges of in)
 *   compress_explicate       isomorphism (reachable) O(n + m log d)
 *   compress_sbisim          strong bisimilarity     O(m log n)
 *   compress_tau_loop_factor T, F, FD (weak bisim.)  O(n + m log d)
 *   compress_wbisim          T, F, FD (weak bisim.)  O(n·m + M log n), M ≤ n²·|events|
 *   compress_dbisim          T, F, FD (delay bisim.) O(n·m + M log n), M ≤ n² + n·m
 *   compress_diamond         T, F, FD                O(n·m) worst case
 *   compress_normal          T, F, FD                exponential worst case
 *   compress_chase           nothing in general      O(n + m log d)
 *
 * (d: the largest out-degree, from sorting rows; M: the saturated edges.)
 * chase is only sound for τ-confluent processes; in general its result
 * refines the input in FD (chase makes choices, it never adds behaviour).
 */
#ifndef LTS_COMPRESS_H
#define LTS_COMPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "lts/lts.h"

/*
 * The identity up to renumbering: the reachable part of `in`, in the
 * breadth-first order above (targets named by their state in `in`).
 */
bool compress_explicate(const struct lts *in, uint64_t max_states, struct lts *out);

/*
 * The quotient of `in` by strong bisimilarity, every label (τ and ✓
 * included) an ordinary label and no state marked: two states are merged
 * when each edge of one is matched by an edge of the other with the same
 * label to a merged target. A state of the result is a class; its edges
 * are those of any member, mapped to classes. The result is the minimal
 * LTS strongly bisimilar to `in` (so never larger than its reachable
 * part, and sbisim(sbisim(P)) is sbisim(P), state for state).
 *
 * Partition refinement in the style of Paige and Tarjan on the graph in
 * which every edge is a node of its own (its label is its initial block),
 * processing the smaller half of each compound block: O(m log n) time,
 * O(n + m) memory (about 60 bytes per state and per edge besides the
 * input and output). Returns false also when n + m >= 2^32 - 1.
 *
 * (FDR's sbisim also respects the divergence and acceptance markings of
 * its generalised LTSs; a plain LTS carries none, so plain strong
 * bisimulation is the same thing here.)
 */
bool compress_sbisim(const struct lts *in, uint64_t max_states, struct lts *out);

/*
 * Every τ strongly connected component collapsed into one state. A
 * result state is a τ-SCC of `in` (named by its Tarjan number); its edges
 * are all the edges of its members with targets mapped to components,
 * except that τ edges inside the component are dropped, and a component
 * with a τ-cycle (two or more states, or a τ self-loop) gets one τ
 * self-loop. The result's only τ-cycles are those self-loops.
 *
 * States of one τ-SCC are weakly bisimilar and all diverge, so the result
 * is weakly bisimilar to `in` with divergence respected: equivalent in
 * T, F and FD.
 */
bool compress_tau_loop_factor(const struct lts *in, uint64_t max_states, struct lts *out);

/*
 * The quotient of `in` by divergence-respecting weak bisimilarity:
 *
 *   1. L = compress_tau_loop_factor(in) (so τ-cycles are self-loops);
 *   2. in L, τ̂*(s) is the set of states reachable from s by zero or more
 *      τ edges; s is divergent when τ̂*(s) holds a τ self-loop;
 *   3. the saturated relation on L: s =τ=> t for t ∈ τ̂*(s) (s included)
 *      and s =x=> t when s' -x-> t' in L with s' ∈ τ̂*(s), t ∈ τ̂*(t'),
 *      for every x ≠ τ (✓ too);
 *   4. strong bisimulation (as compress_sbisim) of the saturated
 *      relation, starting from the partition {divergent, not divergent};
 *   5. the quotient: a class's edges are the union of its members' edges
 *      in L mapped to classes, without τ edges inside the class, plus a τ
 *      self-loop when the class is divergent.
 *
 * Weakly bisimilar states with equal divergence have the same traces,
 * stable failures and divergences, and the quotient is weakly bisimilar
 * to `in`: the result is equivalent in T, F and FD. Saturation can square
 * the number of edges (O(n² |events|)); false also when that graph has
 * 2^32 - 1 nodes and edges or more.
 */
bool compress_wbisim(const struct lts *in, uint64_t max_states, struct lts *out);

/*
 * FDR's dbisim: the quotient of `in` by divergence-respecting delay
 * bisimilarity (libcspm, FDR's front end, names the operator DelayBisim).
 * Delay bisimulation is weak bisimulation in which a visible step may be
 * preceded by τs but not followed by them: s ~ t when every edge s -x-> s'
 * (x ≠ τ, ✓ included) is matched by t -τ->* t'' -x-> t' with s' ~ t', and
 * every s -τ-> s' by t -τ->* t' with s' ~ t'. Exactly compress_wbisim's
 * construction with step 3 replaced by
 *
 *   3'. s =τ=> t for t ∈ τ̂*(s), and s =x=> t when s' -x-> t in L with
 *       s' ∈ τ̂*(s), for every x ≠ τ (no τ closure after x);
 *
 * and the same partition {divergent, not divergent} to start from, the
 * same quotient, Ω kept apart from STOP. Delay bisimilarity lies between
 * strong and weak bisimilarity, so the result is never larger than
 * compress_sbisim's nor smaller than compress_wbisim's, and is equivalent
 * to `in` in T, F and FD. The saturated relation has at most n² + n·m
 * edges (each state's closure, and its members' non-τ edges), without
 * the second closure that makes weak saturation up to n²·|events|; false
 * also when that graph has 2^32 - 1 nodes and edges or more.
 */
bool compress_dbisim(const struct lts *in, uint64_t max_states, struct lts *out);

/*
 * Diamond elimination. FDR's diamond yields a generalised LTS whose nodes
 * carry minimal-acceptance and divergence markings; an LTS has no
 * markings, so this version writes them as edges:
 *
 *   - the result's states are states of `in` (a subset: the initial state,
 *     the targets of visible and ✓ edges, and the witnesses below);
 *   - for a state s, let C = τ*(s), its τ-closure (s included). s gets
 *     every non-τ edge of every member of C, to the same target state;
 *   - div(s): some member of C lies on a τ-cycle; then s gets a τ
 *     self-loop;
 *   - the minimal acceptances of s are the minimal sets among the initials
 *     of the stable members of C (no τ, no ✓). s is left stable (no
 *     further τ edge) when it is not divergent, C has no ✓ and there is
 *     exactly one minimal acceptance and it is the set of all visible
 *     events of C — s then offers exactly that set, stably. Otherwise s gets
 *     a τ edge to one witness per minimal acceptance: the least-numbered
 *     stable member of C with that acceptance (a stable state is its own
 *     closure, so a witness keeps its edges).
 *
 * Hence every τ edge of the result is a divergence self-loop or leads to a
 * stable state, and the result has at most as many states as `in` has
 * reachable ones. In state s the result has the traces of C (by
 * induction on the targets), the refusals of C's stable members
 * (through s itself or its witnesses) and of its ✓ members (s has the ✓
 * edge), and diverges when C does: equivalent in T, F and FD, whether or
 * not `in` has τ-cycles. Each state costs a closure: O(n·m) worst case.
 */
bool compress_diamond(const struct lts *in, uint64_t max_states, struct lts *out);

/*
 * FDR's normal: the normal form (subset construction over τ-closures) as
 * an LTS, FD-equivalent (and T- and F-equivalent) to `in` and
 * deterministic on visible events and ✓:
 *
 *   - a node is a τ-closed set of states of `in`; the first is τ*(0);
 *   - node N gets one edge per visible event a some member can do, to the
 *     node τ*(targets of a from N's members);
 *   - if some member can do ✓, N gets one ✓ edge to a single shared
 *     terminated state Ω (no edges);
 *   - if some member lies on a τ-cycle (N is divergent), N gets a τ
 *     self-loop;
 *   - the minimal acceptances of N are the minimal sets among the initials
 *     of its stable members (no τ, no ✓). N is left stable when it is not
 *     divergent, has no ✓ and has exactly one minimal acceptance, equal to
 *     its set of visible initials. Otherwise N gets, for each minimal
 *     acceptance A, a τ edge to a fresh stable state W_A whose edges are
 *     exactly, for each a ∈ A, a to the same node as N's a edge.
 *
 * So the result's τ edges are divergence self-loops and edges to fresh
 * stable states; every state has at most one edge per non-τ event.
 * Abstract names, for the order: nodes, fresh states and Ω are numbered
 * in the order the construction creates them (breadth-first over nodes,
 * a node's events in increasing order, its fresh states after its
 * targets, by size then lexicographically). The limit counts every node,
 * fresh state and Ω, and is checked while the construction runs, so a
 * blow-up stops at max_states.
 */
bool compress_normal(const struct lts *in, uint64_t max_states, struct lts *out);

/*
 * FDR's chase: τ is taken eagerly and deterministically. From a state with
 * τ edges, follow its first τ edge (the least target), and again, until a
 * state without τ is reached; a state is replaced by the state its chain
 * ends in, and edges lead to the chased targets. When the chain runs into
 * a τ-cycle, the whole cycle becomes one state with only a τ self-loop
 * (chase never leaves the cycle, so nothing visible follows). A state of
 * the result is named by its τ-free state of `in` (for a cycle: the state
 * at which the chain closes).
 *
 * This preserves the semantics only when `in` is τ-confluent (every τ
 * commutes with every other action, as after hiding events that are
 * independent of the rest): chase then picks one of equivalent
 * resolutions. In general the result refines `in` in FD (it resolves
 * nondeterminism, and never adds a trace, refusal or divergence) but is
 * not equivalent to it. O(n + m log d).
 */
bool compress_chase(const struct lts *in, uint64_t max_states, struct lts *out);

#endif
