/*
 * cli/run.h — running the assertions of a script and reporting them.
 *
 * run_assertions() evaluates each assertion of a loaded script in order
 * (or the one -a / --assert selects), decides it with checker/ and records
 * a struct result. Text output is printed as each result comes (so a long
 * run shows progress on stdout); JSON and JUnit are written at the end by
 * report_write(), from the same records. The formats are documented in
 * docs/output.md.
 */
#ifndef CLI_RUN_H
#define CLI_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "parser/ast.h"
#include "parser/parser.h"
#include "semantics/scope.h"
#include "semantics/types.h"
#include "lts/sos.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/term.h"
#include "semantics/value.h"

/* What evaluating and compiling a loaded script needs, made and freed in
 * one place: the value, term and event tables, the evaluator and the
 * operational semantics bound to them. */
struct engine {
	struct value_table values;
	struct term_table terms;
	struct event_table events;
	struct eval *ev;
	struct sos sos;
};

void engine_open(struct engine *e, const struct parse_env *env, struct scope_table *scopes, struct ast *root);
void engine_close(struct engine *e);

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT, FORMAT_SARIF };

struct run_opts {
	enum format format;
	uint64_t max_states;
	uint64_t max_bytes;
	double timeout;
	uint32_t assert_index;      /* 1-based over the whole run, 0 for all */
	const char *assert_text;    /* or the assertion with this text */
	bool color;
	bool quiet;
	uint32_t threads;           /* search threads */
	bool progress;              /* a progress line on stderr */
	bool verbose;               /* sizes of networks and normal forms on stderr */
	volatile int *interrupted;  /* set by SIGINT: stop, report what was done */
	bool explain;               /* a step table under each counterexample */
	bool msc;                   /* a message-sequence chart under each */
	const char *dot_cex;        /* write the counterexample path as DOT here */
	int mpi_rank, mpi_size;     /* under mpirun: this rank, and how many */
	const char *spill_dir;      /* --spill-dir: go on on disk at the memory limit */
	uint64_t spill_after;       /* CSPCHECK_SPILL_AFTER: or once this many pairs are stored (tests) */
};

/* One assertion's outcome, every string owned (xmalloc). */
struct result {
	char *file;
	uint32_t line;
	char *text;                 /* as written, blanks collapsed */
	const char *model;          /* "T", "F", "FD" */
	const char *result;         /* "passed", "failed", "inconclusive", "error" */
	char *message;              /* inconclusive or error: why; failed: one line */
	uint64_t states, transitions, peak_bytes;
	double seconds;
	char *cex_text;             /* the counterexample, explained, or NULL */
	char *cex_json;             /* the same as a JSON object, or NULL */
};

struct report {
	struct result *r;
	uint32_t n, cap;
	char **files;
	uint32_t nfiles, capfiles;
	char **errors;              /* script errors, one line each */
	uint32_t nerrors, caperrors;
	uint32_t seen;              /* assertions met so far (for -a N) */
	unsigned failed, inconclusive, errored;
};

void report_add_file(struct report *rep, const char *path);
void report_add_error(struct report *rep, const char *line);
void report_write(FILE *out, const struct report *rep, enum format f);
void report_free(struct report *rep);

/* Print every assertion of the script: "FILE:LINE: TEXT". */
unsigned list_asserts(FILE *out, const struct source_set *src, const struct ast *decls);

/* Check the assertions of a loaded, type-checked script. Returns the
 * number of run-time errors met while evaluating. */
unsigned run_assertions(const struct parse_env *env, struct scope_table *scopes, struct type_ctx *types,
			struct ast *root, const struct run_opts *o, struct report *rep);

#endif
