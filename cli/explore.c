/*
 * cli/explore.c — `cspcheck explore FILE EXPR`: walk a process by hand.
 *
 * The process is built as a network (lts/network.h); at each state the
 * explorer lists its transitions, numbered, with the leaves that take part,
 * and reads a command from standard input (a terminal or a pipe):
 *
 *     N          take transition N
 *     EVENT      take the first transition doing EVENT (as printed)
 *     u, undo    go back one step
 *     t, trace   print the trace so far (τ steps included)
 *     h, help    list the commands
 *     q, quit    stop (end of input too)
 *
 * The path is a stack of network states; nothing else is kept.
 */
#include "cli/explore.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/vec.h"
#include "lts/lts.h"
#include "lts/network.h"
#include "lts/sos.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/term.h"
#include "semantics/value.h"

struct step {
	event_id event;
	uint32_t rule;
};

struct explorer {
	struct net *net;
	struct sos *sos;
	struct event_table *et;
	struct value_table *vt;
	FILE *out;
	VEC(uint64_t) path;       /* states, words each */
	VEC(struct step) steps;
	struct net_succ succ;
};

static char *event_text(const struct explorer *x, event_id e)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	if (!f)
		base_internal_error("open_memstream failed");
	event_print(f, x->et, x->vt, e);
	fclose(f);
	return s;
}

static const uint64_t *current(const struct explorer *x)
{
	return x->path.v + x->path.n - x->net->words;
}

/* List the transitions of the current state. */
static void offers(struct explorer *x)
{
	const struct net *net = x->net;
	x->succ.n = 0;
	net_successors(net, current(x), &x->succ);
	struct net_part *parts = xmalloc(((size_t)net->nleaves + 1) * sizeof *parts);
	if (x->succ.n == 0)
		fprintf(x->out, "  no transitions: the process %s\n",
			x->steps.n > 0 && x->steps.v[x->steps.n - 1].event == EVENT_TICK ? "has terminated"
											   : "is deadlocked");
	for (uint32_t k = 0; k < x->succ.n; k++) {
		char *e = event_text(x, x->succ.event[k]);
		fprintf(x->out, "  %u) %-14s", k + 1, e);
		free(e);
		uint32_t np;
		net_step_parts(net, x->succ.rule[k], parts, &np);
		if (np == 0)
			fputs(" (a parallel composition terminates)", x->out);
		for (uint32_t p = 0; p < np && net->nleaves > 1; p++) {
			char *pe = event_text(x, parts[p].event);
			fprintf(x->out, "%s leaf %u: %s", p ? "," : "", parts[p].leaf, pe);
			free(pe);
		}
		fputc('\n', x->out);
	}
	free(parts);
}

static void show_state(struct explorer *x)
{
	const struct net *net = x->net;
	fprintf(x->out, "state after %zu step%s:\n", x->steps.n, x->steps.n == 1 ? "" : "s");
	for (uint32_t i = 0; i < net->nleaves; i++) {
		const struct lts *l = &net->ltss[net->leaves[i].lts];
		uint32_t st = net_leaf_state(net, current(x), i);
		char buf[120];
		const char *d;
		char num[24];
		if (l->proc && st < l->nstates) {
			d = sos_describe(x->sos, l->proc[st], buf, sizeof buf);
		} else {
			snprintf(num, sizeof num, "#%u", st);
			sos_describe(x->sos, net->leaves[i].proc, buf, sizeof buf - sizeof num);
			strcat(buf, num);
			d = buf;
		}
		if (net->nleaves > 1)
			fprintf(x->out, "  leaf %u: %s\n", i, d);
		else
			fprintf(x->out, "  %s\n", d);
	}
	offers(x);
}

static void print_trace(struct explorer *x)
{
	fputs("trace: <", x->out);
	bool first = true;
	for (size_t k = 0; k < x->steps.n; k++) {
		if (x->steps.v[k].event == EVENT_TAU)
			continue;
		char *e = event_text(x, x->steps.v[k].event);
		fprintf(x->out, "%s%s", first ? "" : ", ", e);
		free(e);
		first = false;
	}
	fprintf(x->out, ">   (%zu step%s, tau included)\n", x->steps.n, x->steps.n == 1 ? "" : "s");
}

static void take(struct explorer *x, uint32_t k)
{
	uint32_t w = x->net->words;
	const uint64_t *to = x->succ.state + (size_t)k * w;
	struct step s = {x->succ.event[k], x->succ.rule[k]};
	for (uint32_t i = 0; i < w; i++)
		vec_push(&x->path, to[i]);
	vec_push(&x->steps, s);
	char *e = event_text(x, s.event);
	fprintf(x->out, "-> %s\n", e);
	free(e);
	show_state(x);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	return s;
}

int explore_run(struct net *net, struct sos *sos, struct event_table *et, struct value_table *vt, FILE *in,
		FILE *out, bool prompt)
{
	struct explorer x = {net, sos, et, vt, out, {0}, {0}, {0}};
	for (uint32_t i = 0; i < net->words; i++)
		vec_push(&x.path, net->initial[i]);
	fputs("Commands: a number or an event takes a transition; u undo, t trace, h help, q quit.\n", out);
	show_state(&x);
	char *line = NULL;
	size_t cap = 0;
	for (;;) {
		if (prompt) {
			fputs("> ", out);
			fflush(out);
		}
		if (getline(&line, &cap, in) < 0)
			break;
		char *cmd = trim(line);
		if (!*cmd)
			continue;
		if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0)
			break;
		if (strcmp(cmd, "h") == 0 || strcmp(cmd, "help") == 0 || strcmp(cmd, "?") == 0) {
			fputs("  N      take transition N\n"
			      "  EVENT  take the first transition doing EVENT (tau for an internal step)\n"
			      "  u      undo the last step\n"
			      "  t      print the trace so far\n"
			      "  s      show the current state again\n"
			      "  q      quit\n", out);
			continue;
		}
		if (strcmp(cmd, "t") == 0 || strcmp(cmd, "trace") == 0) {
			print_trace(&x);
			continue;
		}
		if (strcmp(cmd, "s") == 0 || strcmp(cmd, "state") == 0) {
			show_state(&x);
			continue;
		}
		if (strcmp(cmd, "u") == 0 || strcmp(cmd, "undo") == 0) {
			if (x.steps.n == 0) {
				fputs("  nothing to undo: this is the initial state\n", out);
				continue;
			}
			x.steps.n--;
			x.path.n -= net->words;
			fputs("<- undone\n", out);
			show_state(&x);
			continue;
		}
		char *end;
		long k = strtol(cmd, &end, 10);
		if (*end == 0) {
			if (k < 1 || (unsigned long)k > x.succ.n) {
				fprintf(out, "  no transition %ld: choose 1 to %u\n", k, x.succ.n);
				continue;
			}
			take(&x, (uint32_t)(k - 1));
			continue;
		}
		uint32_t found = UINT32_MAX;
		for (uint32_t j = 0; j < x.succ.n && found == UINT32_MAX; j++) {
			char *e = event_text(&x, x.succ.event[j]);
			if (strcmp(e, cmd) == 0)
				found = j;
			free(e);
		}
		if (found == UINT32_MAX) {
			fprintf(out, "  '%s' is not a transition here (h for help)\n", cmd);
			continue;
		}
		take(&x, found);
	}
	free(line);
	vec_free(&x.path);
	vec_free(&x.steps);
	net_succ_free(&x.succ);
	return 0;
}
