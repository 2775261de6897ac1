/*
 * tests/lts/net_fixture.h — the harness of the network tests: one script
 * (the including file defines `the_script` first), parsed, resolved and
 * evaluated in setup(); value_of, proc_of (after interning every event in
 * the order of Events, so event ids can be derived by hand), ev_of and
 * build_ok (inline, so that a file that does not use one is not warned).
 * Included by tests/lts/test_lts.c, tests/lts/test_network.c and
 * tests/checker/test_por.c.
 */
#ifndef TESTS_LTS_NET_FIXTURE_H
#define TESTS_LTS_NET_FIXTURE_H

#include <string.h>

#include "lts/lts.h"
#include "lts/network.h"
#include "lts/sos.h"
#include "parser/parser.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/scope.h"
#include "semantics/term.h"
#include "semantics/value.h"
#include "tests/unit/unit.h"
#include "tests/unit/front.h"

static struct scope_table scopes;
static struct value_table values;
static struct term_table terms;
static struct event_table events;
static struct eval *ev;
static struct sos sos;
static struct sink shown;

static void setup(void)
{
	front_setup(false);
	sink_open(&shown);
	scope_table_init(&scopes);
	value_table_init(&values, &atoms);
	term_table_init(&terms);
	event_table_init(&events);
	struct ast *root = parse_string(&env, "test.csp", the_script, strlen(the_script));
	ck_assert_ptr_nonnull(root);
	ck_assert_msg(scope_resolve(&scopes, root, &atoms, &dg) == 0, "%s", sink_text(&errs));
	struct eval_env ee = {&values, &terms, &scopes, &atoms, &src, &dg};
	ev = eval_new(&ee, root);
	sos_init(&sos, ev, &values, &terms, &events, &dg);
}

static void teardown(void)
{
	sos_free(&sos);
	eval_free(ev);
	event_table_free(&events);
	term_table_free(&terms);
	value_table_free(&values);
	scope_table_free(&scopes);
	sink_close(&shown);
	front_teardown();
}

static inline value_id value_of(const char *expr)
{
	struct ast *x = parse_expression(&env, "<expression>", expr, strlen(expr));
	ck_assert_msg(x != NULL, "'%s' does not parse:\n%s", expr, sink_text(&errs));
	ck_assert_msg(scope_resolve_expr(&scopes, x, &atoms, &dg) == 0, "%s", sink_text(&errs));
	return eval_expr(ev, x);
}

/* Intern every event in the order of Events (see the top comment). */
static inline void intern_events(void)
{
	value_id all = value_of("Events");
	ck_assert_msg(all != VALUE_NONE, "%s", sink_text(&errs));
	struct event_set s = event_set_of(&events, &values, all);
	event_set_free(&s);
}

/* The process value of expr, after interning the events. */
static inline value_id proc_of(const char *expr)
{
	intern_events();
	value_id v = value_of(expr);
	ck_assert_msg(v != VALUE_NONE, "'%s' does not evaluate:\n%s", expr, sink_text(&errs));
	return v;
}

/* The id of event `name` (written as in CSPm: "a", "d.1"). */
static inline event_id ev_of(const char *name)
{
	value_id v = value_of(name);
	ck_assert_msg(v != VALUE_NONE, "'%s' does not evaluate", name);
	event_id id = event_lookup(&events, v);
	ck_assert_msg(id != EVENT_TAU, "'%s' is not an interned event", name);
	return id;
}

/* Build expr's network, which must succeed. */
static inline void build_ok(const char *expr, struct net *net)
{
	value_id v = proc_of(expr);
	enum net_result r = net_build(net, &sos, v, 1000000);
	ck_assert_msg(r == NET_OK, "'%s': net_build gives %d:\n%s", expr, (int)r, sink_text(&errs));
}

#endif
