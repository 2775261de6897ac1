/*
 * cli/explore.h — interactive exploration of a process (cspcheck explore).
 */
#ifndef CLI_EXPLORE_H
#define CLI_EXPLORE_H

#include <stdbool.h>
#include <stdio.h>

#include "lts/network.h"
#include "lts/sos.h"
#include "semantics/event.h"
#include "semantics/value.h"

/* Walk network `net` from its initial state, reading commands from `in`
 * and writing to `out` (with a "> " prompt when `prompt`). Returns 0. */
int explore_run(struct net *net, struct sos *sos, struct event_table *et, struct value_table *vt, FILE *in,
		FILE *out, bool prompt);

#endif
