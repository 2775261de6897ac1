/*
 * checker/por.h — partial order reduction over a network: stubborn sets
 * of rules, computed per state from the leaves' local states.
 *
 * A step of the network is a rule (the leaves that take part, each with
 * its event), a leaf's own τ or a leaf's ✓. At state s, leaf i "offers"
 * the rules whose event for leaf i is an initial of i's current state.
 * Touching leaf i adds every rule it offers. The stubborn set grows from
 * one enabled seed by closure:
 *
 *   - an enabled rule touches every leaf it involves (a rule outside the
 *     set can then never move those leaves, so it commutes with it);
 *   - a disabled rule touches one leaf that cannot do its event now (the
 *     rule stays disabled until a rule of the set moves that leaf);
 *   - when visibility matters (traces and failures), an enabled visible
 *     rule brings in every visible rule, so visible steps keep their
 *     order, and at a state that can do τ the seed is invisible (so the
 *     set holds an invisible key step: no path outside the set reaches a
 *     stable state, and stable states keep their failures).
 *
 * Every enabled rule of the set is then a key transition, which is what
 * preserves deadlocks and stable states (a path to one must contain a
 * stubborn step, which can be moved to its front); with the visibility
 * rule it preserves traces and stable failures. The search supplies the
 * cycle proviso (checker/check.c: a reduced state's followed successors
 * must all be new), and never reduces when divergence matters and the
 * network may have τ-cycles, or when a parallel operator terminates (its
 * done step reads many leaves at once).
 *
 * Modes: fast tries one seed (the first enabled invisible rule, or any
 * when visibility does not matter) and gives up when the closure meets a
 * visible rule; hybrid tries up to four seeds that way and keeps the
 * smallest set; precise tries every seed with the full visibility rule.
 * A closure stops as soon as it holds as many enabled steps as the best
 * set so far.
 */
#ifndef CHECKER_POR_H
#define CHECKER_POR_H

#include <stdbool.h>
#include <stdint.h>

#include "lts/network.h"

enum por_mode { POR_OFF, POR_FAST, POR_HYBRID, POR_PRECISE };

/* Why a network cannot be reduced at all, or NULL when it can. */
const char *por_unsupported(const struct net *net);

struct por;

/* The per-leaf rule index of net (read-only once made, shared by every
 * worker) plus one worker's scratch: make one per worker. */
struct por *por_new(const struct net *net, enum por_mode mode, bool visible);
void por_free(struct por *p);

/* Choose the successors of state st to follow: keep[k] for each of the
 * succ->n successors (all of st's). Returns how many are kept; succ->n
 * when no proper stubborn set was found. */
uint32_t por_reduce(struct por *p, const uint64_t *st, const struct net_succ *succ, uint8_t *keep);

#endif
