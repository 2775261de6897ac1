/*
 * cli/run.c — running assertions and writing their results (see run.h).
 *
 * For each assertion: evaluate its processes, build their networks
 * (lts/network.h), normalise the specification when there is one
 * (checker/normal.h), run the check (checker/check.h), and turn the
 * outcome into a struct result with the counterexample explained twice,
 * as text and as JSON, from one walk over its steps.
 */
#include "cli/run.h"

#include <stdarg.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/mem.h"
#include "base/source.h"
#include "checker/check.h"
#include "checker/por.h"
#include "checker/normal.h"
#include "lts/lts.h"
#include "lts/network.h"
#include "lts/sos.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/term.h"
#include "semantics/value.h"

/* ---- small strings -------------------------------------------------------- */

struct buf {
	FILE *f;
	char *s;
	size_t len;
};

static void buf_open(struct buf *b)
{
	b->s = NULL;
	b->len = 0;
	b->f = open_memstream(&b->s, &b->len);
	if (!b->f)
		base_internal_error("open_memstream failed");
}

static char *buf_close(struct buf *b)
{
	fclose(b->f);
	return b->s;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *d = xmalloc(n + 1);
	memcpy(d, s, n + 1);
	return d;
}

/* s as a JSON string literal. */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* s with XML's special characters escaped. */
static void xml_str(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* ---- the assertion's source text ---------------------------------------- */

/* An assertion's source text with runs of blanks collapsed. */
static char *assert_text(const struct source_set *src, const struct ast *a)
{
	struct buf b;
	buf_open(&b);
	const struct source_file *f = source_file(src, a->span.file);
	bool blank = false;
	for (uint32_t i = a->span.start; i < a->span.end && i < f->len; i++) {
		char c = f->text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			blank = true;
			continue;
		}
		if (blank)
			fputc(' ', b.f);
		blank = false;
		diag_write_safe(b.f, &c, 1);
	}
	return buf_close(&b);
}

unsigned list_asserts(FILE *out, const struct source_set *src, const struct ast *decls)
{
	unsigned n = 0;
	for (uint32_t i = 0; i < decls->nkids; i++) {
		const struct ast *d = decls->kids[i];
		if (!d)
			continue;
		if (d->kind == AST_TIMED) {
			n += list_asserts(out, src, d->kids[1]);
			continue;
		}
		if (d->kind != AST_ASSERT)
			continue;
		uint32_t line, col;
		source_linecol(src, d->span.file, d->span.start, &line, &col);
		const char *path = source_file(src, d->span.file)->path;
		diag_write_safe(out, path, strlen(path));
		char *t = assert_text(src, d);
		fprintf(out, ":%u: %s\n", line, t);
		free(t);
		n++;
	}
	return n;
}

/* ---- the report ------------------------------------------------------------ */

void report_add_file(struct report *rep, const char *path)
{
	if (rep->nfiles == rep->capfiles) {
		rep->capfiles = rep->capfiles ? rep->capfiles * 2 : 4;
		rep->files = xrealloc(rep->files, rep->capfiles * sizeof *rep->files);
	}
	rep->files[rep->nfiles++] = xstrdup(path);
}

void report_add_error(struct report *rep, const char *line)
{
	if (rep->nerrors == rep->caperrors) {
		rep->caperrors = rep->caperrors ? rep->caperrors * 2 : 4;
		rep->errors = xrealloc(rep->errors, rep->caperrors * sizeof *rep->errors);
	}
	rep->errors[rep->nerrors++] = xstrdup(line);
}

static struct result *report_new(struct report *rep)
{
	if (rep->n == rep->cap) {
		rep->cap = rep->cap ? rep->cap * 2 : 16;
		rep->r = xrealloc(rep->r, rep->cap * sizeof *rep->r);
	}
	struct result *r = &rep->r[rep->n++];
	memset(r, 0, sizeof *r);
	return r;
}

void report_free(struct report *rep)
{
	for (uint32_t i = 0; i < rep->n; i++) {
		struct result *r = &rep->r[i];
		free(r->file);
		free(r->text);
		free(r->message);
		free(r->cex_text);
		free(r->cex_json);
	}
	for (uint32_t i = 0; i < rep->nfiles; i++)
		free(rep->files[i]);
	for (uint32_t i = 0; i < rep->nerrors; i++)
		free(rep->errors[i]);
	free(rep->r);
	free(rep->files);
	free(rep->errors);
	memset(rep, 0, sizeof *rep);
}

static void write_json(FILE *out, const struct report *rep)
{
	fputs("{\"files\": [", out);
	for (uint32_t i = 0; i < rep->nfiles; i++) {
		if (i)
			fputs(", ", out);
		json_str(out, rep->files[i]);
	}
	fputs("],\n \"results\": [", out);
	for (uint32_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];
		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"assertion\": ", out);
		json_str(out, r->text);
		fputs(", \"file\": ", out);
		json_str(out, r->file);
		fprintf(out, ", \"line\": %u, \"model\": ", r->line);
		if (r->model)
			json_str(out, r->model);
		else
			fputs("null", out);
		fprintf(out, ", \"result\": \"%s\"", r->result);
		if (r->message) {
			fputs(", \"message\": ", out);
			json_str(out, r->message);
		}
		fprintf(out,
			", \"stats\": {\"states\": %llu, \"transitions\": %llu, \"seconds\": %.6f, \"peak_bytes\": %llu}",
			(unsigned long long)r->states, (unsigned long long)r->transitions, r->seconds,
			(unsigned long long)r->peak_bytes);
		fputs(", \"counterexample\": ", out);
		fputs(r->cex_json ? r->cex_json : "null", out);
		fputc('}', out);
	}
	fputs(rep->n ? "\n ],\n \"errors\": [" : "],\n \"errors\": [", out);
	for (uint32_t i = 0; i < rep->nerrors; i++) {
		if (i)
			fputs(", ", out);
		json_str(out, rep->errors[i]);
	}
	fputs("]}\n", out);
}

static void write_junit(FILE *out, const struct report *rep)
{
	double total = 0;
	for (uint32_t i = 0; i < rep->n; i++)
		total += rep->r[i].seconds;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites tests=\"%u\" failures=\"%u\" errors=\"%u\" time=\"%.6f\">\n",
		rep->n + rep->nerrors, rep->failed, rep->errored + rep->inconclusive + rep->nerrors, total);
	fprintf(out, "  <testsuite name=\"cspcheck\" tests=\"%u\" failures=\"%u\" errors=\"%u\" time=\"%.6f\">\n",
		rep->n + rep->nerrors, rep->failed, rep->errored + rep->inconclusive + rep->nerrors, total);
	for (uint32_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];
		fputs("    <testcase classname=\"", out);
		xml_str(out, r->file);
		fputs("\" name=\"", out);
		xml_str(out, r->text);
		fprintf(out, "\" file=\"");
		xml_str(out, r->file);
		fprintf(out, "\" line=\"%u\" time=\"%.6f\"", r->line, r->seconds);
		if (strcmp(r->result, "passed") == 0) {
			fputs("/>\n", out);
			continue;
		}
		const char *tag = strcmp(r->result, "failed") == 0 ? "failure" : "error";
		fprintf(out, ">\n      <%s type=\"%s\" message=\"", tag, r->result);
		xml_str(out, r->message ? r->message : r->result);
		fputs("\">", out);
		if (r->cex_text)
			xml_str(out, r->cex_text);
		fprintf(out, "</%s>\n    </testcase>\n", tag);
	}
	for (uint32_t i = 0; i < rep->nerrors; i++) {
		fputs("    <testcase classname=\"cspcheck\" name=\"script errors\">\n      <error type=\"error\" message=\"", out);
		xml_str(out, rep->errors[i]);
		fputs("\"/>\n    </testcase>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
}

/* SARIF 2.1.0: one result per assertion that does not pass, located at
 * its line, so that CI systems annotate it. */
static void write_sarif(FILE *out, const struct report *rep)
{
	fputs("{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\",\n"
	      " \"runs\": [{\"tool\": {\"driver\": {\"name\": \"cspcheck\", \"rules\": [\n"
	      "   {\"id\": \"assertion-failed\", \"shortDescription\": {\"text\": \"An assertion of the script does not hold\"}},\n"
	      "   {\"id\": \"assertion-inconclusive\", \"shortDescription\": {\"text\": \"A limit stopped the check of an assertion\"}},\n"
	      "   {\"id\": \"assertion-error\", \"shortDescription\": {\"text\": \"An assertion could not be evaluated\"}}]}},\n"
	      "  \"results\": [", out);
	bool first = true;
	for (uint32_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];
		if (strcmp(r->result, "passed") == 0)
			continue;
		bool failed = strcmp(r->result, "failed") == 0;
		const char *rule = failed ? "assertion-failed" : strcmp(r->result, "inconclusive") == 0
									  ? "assertion-inconclusive" : "assertion-error";
		fputs(first ? "\n   {" : ",\n   {", out);
		first = false;
		fprintf(out, "\"ruleId\": \"%s\", \"level\": \"%s\", \"message\": {\"text\": ", rule,
			failed || strcmp(r->result, "error") == 0 ? "error" : "warning");
		struct buf b;
		buf_open(&b);
		fprintf(b.f, "%s: %s%s%s", r->text, r->result, r->message ? ": " : "", r->message ? r->message : "");
		if (r->cex_text)
			fprintf(b.f, "\n%s", r->cex_text);
		char *m = buf_close(&b);
		json_str(out, m);
		free(m);
		fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
		json_str(out, r->file);
		fprintf(out, "}, \"region\": {\"startLine\": %u}}}]}", r->line);
	}
	fputs(first ? "]}]}\n" : "\n  ]}]}\n", out);
}

void report_write(FILE *out, const struct report *rep, enum format f)
{
	if (f == FORMAT_SARIF)
		write_sarif(out, rep);
	else if (f == FORMAT_JSON)
		write_json(out, rep);
	else if (f == FORMAT_JUNIT)
		write_junit(out, rep);
}

/* ---- explaining counterexamples -------------------------------------------- */

struct ctx {
	const struct parse_env *env;
	struct eval *ev;
	struct value_table *vt;
	struct event_table *et;
	struct sos *sos;
	const struct run_opts *o;
};

static void put_event(FILE *out, const struct ctx *c, event_id e)
{
	event_print(out, c->et, c->vt, e);
}

static void put_event_json(FILE *out, const struct ctx *c, event_id e)
{
	struct buf b;
	buf_open(&b);
	put_event(b.f, c, e);
	char *s = buf_close(&b);
	json_str(out, s);
	free(s);
}

static void put_set(FILE *out, const struct ctx *c, const event_id *ids, uint32_t n)
{
	fputc('{', out);
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		put_event(out, c, ids[i]);
	}
	fputc('}', out);
}

static void put_set_json(FILE *out, const struct ctx *c, const event_id *ids, uint32_t n)
{
	fputc('[', out);
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		put_event_json(out, c, ids[i]);
	}
	fputc(']', out);
}

static void put_trace(FILE *out, const struct ctx *c, const event_id *t, uint32_t n)
{
	fputc('<', out);
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		put_event(out, c, t[i]);
	}
	fputc('>', out);
}

static const char *kind_name(enum cex_kind k)
{
	switch (k) {
	case CEX_TRACE: return "trace";
	case CEX_REFUSAL: return "refusal";
	case CEX_DIVERGENCE: return "divergence";
	case CEX_DEADLOCK: return "deadlock";
	case CEX_NONDETERMINISM: return "nondeterminism";
	case CEX_NO_TRACE: return "no-trace";
	case CEX_NONE: break;
	}
	return "none";
}

/* The process of leaf `leaf` in network state st, cut to fit buf. */
static const char *leaf_proc(const struct ctx *c, const struct net *net, const uint64_t *st, uint32_t leaf, char *buf,
			     size_t size)
{
	const struct lts *l = &net->ltss[net->leaves[leaf].lts];
	uint32_t s = net_leaf_state(net, st, leaf);
	if (!l->proc || s >= l->nstates) {
		/* a compressed leaf has no terms: its process and state number */
		char num[16];
		int k = snprintf(num, sizeof num, "#%u", s);
		if (size < (size_t)k + 8)
			return "?";
		sos_describe(c->sos, net->leaves[leaf].proc, buf, size - (size_t)k);
		strcat(buf, num);
		return buf;
	}
	return sos_describe(c->sos, l->proc[s], buf, size);
}

static char *event_str(const struct ctx *c, event_id e)
{
	struct buf b;
	buf_open(&b);
	put_event(b.f, c, e);
	return buf_close(&b);
}

/* Display width of UTF-8 text (code points). */
static size_t width_of(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void pad(FILE *out, const char *s, size_t w)
{
	fputs(s, out);
	for (size_t k = width_of(s); k < w; k++)
		fputc(' ', out);
}

/* The leaves a counterexample involves, in order: those that take part in
 * some step (a network of many idle leaves would make wide tables). */
static uint32_t used_leaves(const struct net *net, const struct cex *x, uint32_t *leaf)
{
	uint8_t *used = xcalloc((size_t)net->nleaves + 1, 1);
	struct net_part *parts = xmalloc(((size_t)net->nleaves + 1) * sizeof *parts);
	for (uint32_t k = 0; k < x->nsteps; k++) {
		uint32_t np;
		net_step_parts(net, x->steps[k].rule, parts, &np);
		for (uint32_t p = 0; p < np; p++)
			used[parts[p].leaf] = 1;
	}
	uint32_t n = 0;
	for (uint32_t i = 0; i < net->nleaves; i++)
		if (used[i])
			leaf[n++] = i;
	free(used);
	free(parts);
	return n;
}

/* --explain: one row per step, one column per leaf (as FDR's debugger
 * shows a counterexample): the event the network did, and what each leaf
 * that took part did; τ steps included. */
static void step_table(const struct ctx *c, const struct net *net, const struct cex *x, FILE *out)
{
	uint32_t *leaf = xmalloc(((size_t)net->nleaves + 1) * sizeof *leaf);
	uint32_t nl = used_leaves(net, x, leaf);
	struct net_part *parts = xmalloc(((size_t)net->nleaves + 1) * sizeof *parts);
	/* cells: (nsteps + 1) rows x (nl + 2) columns */
	size_t ncol = (size_t)nl + 2, nrow = (size_t)x->nsteps + 1;
	char **cell = xcalloc(ncol * nrow, sizeof *cell);
	cell[0] = xstrdup("step");
	cell[1] = xstrdup("event");
	for (uint32_t i = 0; i < nl; i++) {
		char b[32];
		snprintf(b, sizeof b, "leaf %u", leaf[i]);
		cell[2 + i] = xstrdup(b);
	}
	for (uint32_t k = 0; k < x->nsteps; k++) {
		char **row = cell + (size_t)(k + 1) * ncol;
		char b[16];
		snprintf(b, sizeof b, "%u", k + 1);
		row[0] = xstrdup(b);
		row[1] = event_str(c, x->steps[k].event);
		uint32_t np;
		net_step_parts(net, x->steps[k].rule, parts, &np);
		for (uint32_t i = 0; i < nl; i++) {
			row[2 + i] = NULL;
			for (uint32_t p = 0; p < np; p++)
				if (parts[p].leaf == leaf[i])
					row[2 + i] = event_str(c, parts[p].event);
			if (!row[2 + i])
				row[2 + i] = xstrdup(".");
		}
	}
	size_t *w = xcalloc(ncol, sizeof *w);
	for (size_t r = 0; r < nrow; r++)
		for (size_t k = 0; k < ncol; k++)
			if (width_of(cell[r * ncol + k]) > w[k])
				w[k] = width_of(cell[r * ncol + k]);
	fputs("    step table (. = the leaf did nothing):\n", out);
	for (size_t r = 0; r < nrow; r++) {
		fputs("     ", out);
		for (size_t k = 0; k < ncol; k++) {
			fputs(k ? " | " : " ", out);
			pad(out, cell[r * ncol + k], k + 1 < ncol ? w[k] : 0);
		}
		fputc('\n', out);
		if (r == 0) {
			fputs("     ", out);
			for (size_t k = 0; k < ncol; k++) {
				fputs(k ? "-+-" : "-", out);
				for (size_t z = 0; z < w[k]; z++)
					fputc('-', out);
			}
			fputc('\n', out);
		}
	}
	for (uint32_t i = 0; i < nl; i++) {
		char pb[72];
		fprintf(out, "     leaf %u starts as %s\n", leaf[i], leaf_proc(c, net, x->states, leaf[i], pb, sizeof pb));
	}
	for (size_t k = 0; k < ncol * nrow; k++)
		free(cell[k]);
	free(cell);
	free(w);
	free(parts);
	free(leaf);
}

/* --msc: an ASCII message-sequence chart: a lifeline per leaf that takes
 * part; a step of one leaf is marked on its line, a step of several is an
 * arrow from the leftmost to the rightmost taking part. */
static void msc(const struct ctx *c, const struct net *net, const struct cex *x, FILE *out)
{
	uint32_t *leaf = xmalloc(((size_t)net->nleaves + 1) * sizeof *leaf);
	uint32_t nl = used_leaves(net, x, leaf);
	struct net_part *parts = xmalloc(((size_t)net->nleaves + 1) * sizeof *parts);
	const size_t col = 14; /* characters between lifelines */
	size_t width = nl ? (nl - 1) * col + 1 : 1;
	char *line = xmalloc(width + 1);
	fputs("    message sequence chart:\n     ", out);
	for (uint32_t i = 0; i < nl; i++) {
		char b[32];
		snprintf(b, sizeof b, "leaf %u", leaf[i]);
		pad(out, b, i + 1 < nl ? col : 0);
	}
	fputc('\n', out);
	for (uint32_t k = 0; k < x->nsteps; k++) {
		uint32_t np;
		net_step_parts(net, x->steps[k].rule, parts, &np);
		memset(line, ' ', width);
		line[width] = 0;
		for (uint32_t i = 0; i < nl; i++)
			line[i * col] = '|';
		int lo = -1, hi = -1;
		for (uint32_t p = 0; p < np; p++)
			for (uint32_t i = 0; i < nl; i++)
				if (leaf[i] == parts[p].leaf) {
					if (lo < 0 || (int)i < lo)
						lo = (int)i;
					if ((int)i > hi)
						hi = (int)i;
				}
		if (lo >= 0 && hi > lo) {
			for (size_t z = (size_t)lo * col + 1; z < (size_t)hi * col; z++)
				line[z] = '-';
			for (uint32_t p = 0; p < np; p++)
				for (uint32_t i = 0; i < nl; i++)
					if (leaf[i] == parts[p].leaf)
						line[i * col] = '*';
			line[(size_t)hi * col - 1] = '>';
		} else if (lo >= 0) {
			line[(size_t)lo * col] = '*';
		}
		char *e = event_str(c, x->steps[k].event);
		fprintf(out, "     %s  %u: %s", line, k + 1, e);
		free(e);
		if (np > 1) {
			fputs(" (", out);
			for (uint32_t p = 0; p < np; p++) {
				char *pe = event_str(c, parts[p].event);
				fprintf(out, "%s%u: %s", p ? ", " : "", parts[p].leaf, pe);
				free(pe);
			}
			fputc(')', out);
		} else if (np == 0) {
			fputs(" (a parallel composition terminates)", out);
		}
		if (x->kind == CEX_DIVERGENCE && k == x->loop_from)
			fputs("   <- the tau-loop starts", out);
		fputc('\n', out);
	}
	free(line);
	free(parts);
	free(leaf);
}

/* --dot-cex FILE: the counterexample's path as a Graphviz digraph (one
 * file per run: the last failed assertion's wins, and each says so). */
static void dot_cex(const struct ctx *c, const struct cex *x, struct result *res)
{
	FILE *f = fopen(c->o->dot_cex, "w");
	if (!f) {
		fprintf(stderr, "cspcheck: cannot write %s\n", c->o->dot_cex);
		return;
	}
	fprintf(f, "digraph counterexample {\n  rankdir=LR;\n  label=\"");
	for (const char *p = res->text; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fprintf(f, "\";\n  node [shape=circle];\n  s0 [style=bold];\n");
	for (uint32_t k = 0; k < x->nsteps; k++) {
		char *e = event_str(c, x->steps[k].event);
		uint32_t to = k + 1;
		if (x->kind == CEX_DIVERGENCE && k + 1 == x->nsteps)
			to = x->loop_from;
		fprintf(f, "  s%u -> s%u [label=\"", k, to);
		for (const char *p = e; *p; p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', f);
			fputc(*p, f);
		}
		fputs("\"];\n", f);
		free(e);
	}
	if (x->kind == CEX_TRACE) {
		uint32_t last = x->nsteps;
		fprintf(f, "  s%u [shape=doublecircle, color=red];\n", last);
	}
	fputs("}\n", f);
	fclose(f);
}

/* Explain c's counterexample into text and json. `impl` names the
 * process the steps are of, `spec` the specification (or NULL). */
static void explain(const struct ctx *c, const struct net *net, const struct check_result *cr, const char *impl,
		    const char *spec, struct result *res)
{
	const struct cex *x = &cr->cex;
	struct buf t, j;
	buf_open(&t);
	buf_open(&j);
	uint32_t ntr;
	event_id *tr = cex_trace(x, &ntr);
	/* the observation */
	if (x->kind == CEX_TRACE) {
		ntr--; /* the last event is the offending one */
	}
	fprintf(j.f, "{\"kind\": \"%s\", \"trace\": ", kind_name(x->kind));
	if (x->kind == CEX_NO_TRACE) {
		free(tr);
		ntr = x->trace_len;
		tr = xmalloc(((size_t)ntr + 1) * sizeof *tr);
		if (ntr)
			memcpy(tr, x->prefix, (size_t)ntr * sizeof *tr);
	}
	put_set_json(j.f, c, tr, ntr);
	fputs("    trace: ", t.f);
	put_trace(t.f, c, tr, ntr);
	fputc('\n', t.f);
	switch (x->kind) {
	case CEX_TRACE:
		fprintf(t.f, "    then %s does ", impl);
		put_event(t.f, c, x->event);
		fprintf(t.f, ", but %s allows only ", spec ? spec : "the specification");
		put_set(t.f, c, x->allowed.ids, x->allowed.n);
		fputc('\n', t.f);
		fputs(", \"event\": ", j.f);
		put_event_json(j.f, c, x->event);
		fputs(", \"allowed\": ", j.f);
		put_set_json(j.f, c, x->allowed.ids, x->allowed.n);
		break;
	case CEX_REFUSAL:
		if (x->acceptance.n == 1 && x->acceptance.ids[0] == EVENT_TICK)
			fprintf(t.f, "    then %s can terminate, and a state that can do tick counts as offering tick "
				     "alone, refusing every other event\n    but %s must accept ", impl,
				spec ? spec : "the specification");
		else {
			fprintf(t.f, "    then %s is stable and accepts only ", impl);
			put_set(t.f, c, x->acceptance.ids, x->acceptance.n);
			fprintf(t.f, ", refusing everything else\n    but %s must accept ", spec ? spec : "the specification");
		}
		for (uint32_t k = 0; k < x->nspec_acc; k++) {
			if (k)
				fputs(" or ", t.f);
			fputs("all of ", t.f);
			put_set(t.f, c, x->spec_acc[k].ids, x->spec_acc[k].n);
		}
		if (x->nspec_acc == 0)
			fputs("(none: it has no stable state there)", t.f);
		fputc('\n', t.f);
		fputs(", \"acceptance\": ", j.f);
		put_set_json(j.f, c, x->acceptance.ids, x->acceptance.n);
		fputs(", \"spec_acceptances\": [", j.f);
		for (uint32_t k = 0; k < x->nspec_acc; k++) {
			if (k)
				fputs(", ", j.f);
			put_set_json(j.f, c, x->spec_acc[k].ids, x->spec_acc[k].n);
		}
		fputc(']', j.f);
		break;
	case CEX_DIVERGENCE:
		fprintf(t.f, "    then %s diverges: it can do an unbounded number of internal steps (a tau-loop of %u "
			     "step%s)\n", impl, x->nsteps - x->loop_from, x->nsteps - x->loop_from == 1 ? "" : "s");
		fprintf(j.f, ", \"loop_length\": %u", x->nsteps - x->loop_from);
		break;
	case CEX_DEADLOCK:
		fprintf(t.f, "    then %s deadlocks: it can do nothing more (and has not terminated)\n", impl);
		break;
	case CEX_NONDETERMINISM:
		fprintf(t.f, "    then %s can do ", impl);
		put_event(t.f, c, x->event);
		fputs(", but it can also refuse it: it can reach a stable state accepting only ", t.f);
		put_set(t.f, c, x->acceptance.ids, x->acceptance.n);
		fputc('\n', t.f);
		fputs(", \"event\": ", j.f);
		put_event_json(j.f, c, x->event);
		fputs(", \"acceptance\": ", j.f);
		put_set_json(j.f, c, x->acceptance.ids, x->acceptance.n);
		break;
	case CEX_NO_TRACE:
		fprintf(t.f, "    then %s cannot do ", impl);
		put_event(t.f, c, x->event);
		fputs(": it offers only ", t.f);
		put_set(t.f, c, x->allowed.ids, x->allowed.n);
		fputc('\n', t.f);
		fprintf(j.f, ", \"event\": ");
		put_event_json(j.f, c, x->event);
		fprintf(j.f, ", \"possible_prefix\": %u, \"allowed\": ", x->trace_len);
		put_set_json(j.f, c, x->allowed.ids, x->allowed.n);
		break;
	case CEX_NONE:
		break;
	}
	/* the steps, and what each leaf did */
	fputs(", \"steps\": [", j.f);
	if (x->nsteps > 0)
		fputs("    steps (what each process of the network did):\n", t.f);
	struct net_part *parts = xmalloc(((size_t)net->nleaves + 1) * sizeof *parts);
	for (uint32_t k = 0; k < x->nsteps; k++) {
		const struct cex_step *s = &x->steps[k];
		const uint64_t *before = x->states + (size_t)k * x->words;
		uint32_t np;
		net_step_parts(net, s->rule, parts, &np);
		if (x->kind == CEX_DIVERGENCE && k == x->loop_from)
			fputs("      -- the tau-loop: --\n", t.f);
		fprintf(t.f, "      %3u  ", k + 1);
		struct buf eb;
		buf_open(&eb);
		put_event(eb.f, c, s->event);
		char *es = buf_close(&eb);
		fprintf(t.f, "%-12s", es);
		free(es);
		fputs(k ? ", {\"event\": " : "{\"event\": ", j.f);
		put_event_json(j.f, c, s->event);
		fputs(", \"leaves\": [", j.f);
		if (np == 0)
			fputs(" a parallel composition terminates", t.f);
		for (uint32_t p = 0; p < np; p++) {
			char pb[64];
			const char *proc = leaf_proc(c, net, before, parts[p].leaf, pb, sizeof pb);
			fprintf(t.f, "%s [%u] %s does ", p ? ";" : "", parts[p].leaf, proc);
			put_event(t.f, c, parts[p].event);
			fprintf(j.f, "%s{\"leaf\": %u, \"process\": ", p ? ", " : "", parts[p].leaf);
			json_str(j.f, proc);
			fputs(", \"event\": ", j.f);
			put_event_json(j.f, c, parts[p].event);
			fputc('}', j.f);
		}
		fputs("]}", j.f);
		fputc('\n', t.f);
	}
	fputs("]}", j.f);
	free(parts);
	free(tr);
	if (c->o->explain && x->nsteps > 0)
		step_table(c, net, x, t.f);
	if (c->o->msc && x->nsteps > 0)
		msc(c, net, x, t.f);
	if (c->o->dot_cex)
		dot_cex(c, x, res);
	res->cex_text = buf_close(&t);
	res->cex_json = buf_close(&j);
}

/* ---- running one assertion ---------------------------------------------------- */

/* The progress line: one line on stderr, redrawn, erased when done. */
static bool progress_drawn;

static void show_progress(void *arg, const struct check_progress *p)
{
	(void)arg;
	progress_drawn = true;
	fprintf(stderr, "\r\033[K  %llu states, %llu transitions, level %u, %.0f states/s, %llu MB, %.1f s",
		(unsigned long long)p->states, (unsigned long long)p->transitions, p->level,
		p->seconds > 0 ? (double)p->states / p->seconds : 0.0, (unsigned long long)(lts_memory_used() >> 20),
		p->seconds);
	fflush(stderr);
}

static void verbose_net(const struct ctx *c, const char *what, const char *name, const struct net *net)
{
	if (!c->o->verbose)
		return;
	uint64_t states = 0;
	for (uint32_t i = 0; i < net->nltss; i++)
		states += net->ltss[i].nstates;
	fprintf(stderr, "  %s %s: %u lea%s (%u distinct, %llu states in all), %u rules, %u bits of state\n", what, name,
		net->nleaves, net->nleaves == 1 ? "f" : "ves", net->nltss, (unsigned long long)states, net->nrules,
		net->bits);
}

static enum net_result build_net(const struct ctx *c, value_id p, struct net *net, struct result *res)
{
	enum net_result r = net_build(net, c->sos, p, c->o->max_states);
	if (r == NET_LIMIT || r == NET_MEMORY) {
		char buf[120];
		struct buf b;
		buf_open(&b);
		fprintf(b.f, "%s: %s has more than %llu state%s", r == NET_LIMIT ? "state limit" : "memory limit",
			net->limit_proc ? sos_describe(c->sos, net->limit_proc, buf, sizeof buf) : "a process",
			(unsigned long long)c->o->max_states, c->o->max_states == 1 ? "" : "s");
		res->message = buf_close(&b);
		res->result = "inconclusive";
	} else if (r == NET_ERROR) {
		res->result = "error";
		res->message = xstrdup("a run-time error while compiling a process (reported above)");
	}
	return r;
}

/* The normal form of process p, or false with res filled. */
static bool normal_of(const struct ctx *c, const struct net *net, struct normal *nf, struct result *res)
{
	struct lts l;
	struct net_explore_stats st;
	enum lts_result r = net_explore(net, c->o->max_states, c->o->max_bytes, &l, &st);
	if (r != LTS_OK) {
		res->result = "inconclusive";
		res->message = xstrdup(r == LTS_LIMIT ? "state limit: the specification has too many states"
						      : "memory limit while exploring the specification");
		return false;
	}
	enum normal_result nr = normalise(&l, c->o->max_states, nf);
	lts_free(&l);
	if (nr != NORMAL_OK) {
		res->result = "inconclusive";
		res->message = xstrdup("state limit: the normal form has too many nodes");
		return false;
	}
	return true;
}

static value_id eval_proc(const struct ctx *c, struct ast *e, struct result *res)
{
	value_id v = eval_expr(c->ev, e);
	if (!v) {
		res->result = "error";
		res->message = xstrdup("a run-time error while evaluating the assertion (reported above)");
		return VALUE_NONE;
	}
	if (value_kind(c->vt, v) != VK_PROC) {
		res->result = "error";
		res->message = xstrdup("expected a process");
		return VALUE_NONE;
	}
	return v;
}

/* The source text of expression e. */
static char *expr_text(const struct ctx *c, const struct ast *e)
{
	return assert_text(c->env->src, e);
}

static const char *model_str(enum check_model m)
{
	return m == CHECK_T ? "T" : m == CHECK_F ? "F" : "FD";
}

static void run_one(const struct ctx *c, struct ast *a, struct result *res)
{
	bool negated = a->op == 1;
	struct ast *body = a->kids[0];
	struct ast *options = body->kind == AST_REFINE ? body->kids[2] : body->kids[2];
	struct check_opts co = {c->o->max_states, c->o->max_bytes, c->o->timeout, NULL, c->o->interrupted, c->o->threads,
				c->o->progress ? show_progress : NULL, NULL, c->o->mpi_rank, c->o->mpi_size, POR_OFF, c->o->spill_dir, c->o->spill_after};
	struct event_set taupri = {0, NULL};
	bool por = false;
	res->result = NULL;
	for (uint32_t i = 0; options && i < options->nkids; i++) {
		struct ast *opt = options->kids[i];
		if (opt->kind == AST_OPT_TAUPRI) {
			value_id s = eval_expr(c->ev, opt->kids[0]);
			if (!s || !sos_event_set(c->sos, s, "tau priority", &taupri)) {
				res->result = "error";
				res->message = xstrdup("the tau priority set is not a set of events (reported above)");
				return;
			}
			co.tau_priority = &taupri;
		} else if (opt->kind == AST_OPT_POR) {
			por = true;
			const char *mode = opt->u.name ? atom_str(c->env->atoms, opt->u.name) : "hybrid";
			co.por = strcmp(mode, "fast") == 0 ? POR_FAST : strcmp(mode, "precise") == 0 ? POR_PRECISE : POR_HYBRID;
		}
	}
	struct check_result cr;
	memset(&cr, 0, sizeof cr);
	struct net impl, specnet;
	bool have_impl = false, have_spec = false;
	struct normal nf;
	bool have_nf = false;
	char *impl_name = NULL, *spec_name = NULL;
	enum check_model m = CHECK_FD;
	if (body->kind == AST_REFINE) {
		switch (body->op) {
		case MODEL_T: m = CHECK_T; break;
		case MODEL_F: m = CHECK_F; break;
		case MODEL_FD: m = CHECK_FD; break;
		default:
			res->result = "error";
			res->message = xstrdup("unsupported model: only [T=, [F= and [FD= are supported");
			diag_error(c->env->diag, body->span, "unsupported model '%s': cspcheck checks [T=, [F= and [FD=",
				   ast_model_name((enum ast_model)body->op));
			goto out;
		}
		res->model = model_str(m);
		value_id spec = eval_proc(c, body->kids[0], res);
		if (!spec)
			goto out;
		value_id im = eval_proc(c, body->kids[1], res);
		if (!im)
			goto out;
		spec_name = expr_text(c, body->kids[0]);
		impl_name = expr_text(c, body->kids[1]);
		if (build_net(c, spec, &specnet, res) != NET_OK)
			goto out;
		have_spec = true;
		verbose_net(c, "specification", spec_name, &specnet);
		if (!normal_of(c, &specnet, &nf, res))
			goto out;
		have_nf = true;
		if (c->o->verbose)
			fprintf(stderr, "  its normal form: %u nodes\n", nf.nnodes);
		if (build_net(c, im, &impl, res) != NET_OK)
			goto out;
		have_impl = true;
		verbose_net(c, "implementation", impl_name, &impl);
		check_refine(&nf, &impl, m, &co, &cr);
	} else {
		enum ast_prop prop = (enum ast_prop)body->op;
		enum ast_model am = (enum ast_model)body->u.i;
		if (am == MODEL_NONE)
			m = prop == PROP_HAS_TRACE ? CHECK_T : CHECK_FD;
		else if (am == MODEL_T)
			m = CHECK_T;
		else if (am == MODEL_F)
			m = CHECK_F;
		else if (am == MODEL_FD)
			m = CHECK_FD;
		else {
			res->result = "error";
			res->message = xstrdup("unsupported model: only [T], [F] and [FD] are supported");
			diag_error(c->env->diag, body->span, "unsupported model '%s': cspcheck checks [T], [F] and [FD]",
				   ast_model_name(am));
			goto out;
		}
		if ((prop == PROP_DEADLOCK_FREE || prop == PROP_DETERMINISTIC) && m == CHECK_T) {
			res->result = "error";
			res->message = xstrdup("this property needs the F or FD model");
			diag_error(c->env->diag, body->span, "%s is a property of the F and FD models, not T",
				   ast_prop_name(prop));
			goto out;
		}
		if (prop == PROP_DIVERGENCE_FREE || prop == PROP_LIVELOCK_FREE)
			m = CHECK_FD;
		res->model = model_str(m);
		value_id p = eval_proc(c, body->kids[0], res);
		if (!p)
			goto out;
		impl_name = expr_text(c, body->kids[0]);
		if (build_net(c, p, &impl, res) != NET_OK)
			goto out;
		have_impl = true;
		verbose_net(c, "process", impl_name, &impl);
		switch (prop) {
		case PROP_DEADLOCK_FREE:
			check_deadlock(&impl, m == CHECK_FD, &co, &cr);
			break;
		case PROP_DIVERGENCE_FREE:
		case PROP_LIVELOCK_FREE:
			check_divergence(&impl, &co, &cr);
			break;
		case PROP_DETERMINISTIC:
			if (!normal_of(c, &impl, &nf, res))
				goto out;
			have_nf = true;
			check_determinism(&nf, &impl, m == CHECK_FD, &co, &cr);
			break;
		case PROP_HAS_TRACE: {
			value_id t = eval_expr(c->ev, body->kids[1]);
			if (!t || value_kind(c->vt, t) != VK_SEQ) {
				res->result = "error";
				res->message = xstrdup("the trace is not a sequence of events");
				goto out;
			}
			const struct value *tv = value_get(c->vt, t);
			uint32_t n = tv->n;
			value_id *elems = xmalloc(((size_t)n + 1) * sizeof *elems);
			if (n)
				memcpy(elems, tv->elems, (size_t)n * sizeof *elems);
			struct event_set check;
			value_id asset = value_set(c->vt, elems, n);
			if (!sos_event_set(c->sos, asset, "has trace", &check)) {
				free(elems);
				res->result = "error";
				res->message = xstrdup("the trace is not a sequence of events (reported above)");
				goto out;
			}
			event_set_free(&check);
			event_id *ev = xmalloc(((size_t)n + 1) * sizeof *ev);
			for (uint32_t i = 0; i < n; i++)
				ev[i] = event_intern(c->et, elems[i]);
			free(elems);
			check_has_trace(&impl, ev, n, m, &co, &cr);
			free(ev);
			break;
		}
		}
	}
	res->states = cr.states;
	res->transitions = cr.transitions;
	res->peak_bytes = cr.peak_bytes;
	res->seconds = cr.seconds;
	switch (cr.verdict) {
	case CHECK_PASSED:
		res->result = negated ? "failed" : "passed";
		if (negated)
			res->message = xstrdup("the assertion without 'not' holds");
		break;
	case CHECK_FAILED:
		res->result = negated ? "passed" : "failed";
		if (!negated) {
			struct buf b;
			buf_open(&b);
			fprintf(b.f, "%s counterexample", kind_name(cr.cex.kind));
			res->message = buf_close(&b);
			explain(c, &impl, &cr, impl_name, spec_name, res);
		}
		break;
	case CHECK_INCONCLUSIVE:
		res->result = "inconclusive";
		res->message = xstrdup(cr.why ? cr.why : "inconclusive");
		break;
	case CHECK_ERROR:
		res->result = "error";
		break;
	}
	if (cr.spilled_bytes) {
		char *m2 = NULL;
		struct buf b;
		buf_open(&b);
		fprintf(b.f, "%s%ssearch went on on disk from level %u (%.1f MB written)", res->message ? res->message : "",
			res->message ? "; " : "", cr.spill_level, (double)cr.spilled_bytes / 1e6);
		m2 = buf_close(&b);
		free(res->message);
		res->message = m2;
	}
	if (por && strcmp(res->result, "error") != 0) {
		char *m2 = NULL;
		struct buf b;
		buf_open(&b);
		fprintf(b.f, "%s%s", res->message ? res->message : "", res->message ? "; " : "");
		if (cr.por_why)
			fprintf(b.f, "partial order reduction not applied: %s", cr.por_why);
		else
			fprintf(b.f, "partial order reduction: %" PRIu64 " of %" PRIu64 " states reduced", cr.por_reduced,
				cr.states);
		if (!cr.por_why && cr.por_stopped)
			fprintf(b.f, " (stopped trying after %" PRIu64 " states: too few were)", cr.por_stopped);
		m2 = buf_close(&b);
		free(res->message);
		res->message = m2;
	}
out:
	if (progress_drawn) {
		fputs("\r\033[K", stderr);
		progress_drawn = false;
	}
	check_result_free(&cr);
	if (have_nf)
		normal_free(&nf);
	if (have_impl)
		net_free(&impl);
	if (have_spec)
		net_free(&specnet);
	event_set_free(&taupri);
	free(impl_name);
	free(spec_name);
}

static void print_text(const struct ctx *c, const struct result *r)
{
	FILE *out = stdout;
	const struct run_opts *o = c->o;
	bool col = o->color;
	fprintf(out, "%s:%u: %s\n", r->file, r->line, r->text);
	const char *colour = "";
	if (col)
		colour = strcmp(r->result, "passed") == 0 ? "\033[32m" : strcmp(r->result, "failed") == 0 ? "\033[31m" : "\033[33m";
	fprintf(out, "  %s%s%s", colour, strcmp(r->result, "passed") == 0 ? "Passed" : strcmp(r->result, "failed") == 0 ? "Failed" : strcmp(r->result, "inconclusive") == 0 ? "Inconclusive" : "Error", col ? "\033[0m" : "");
	if (r->message)
		fprintf(out, ": %s", r->message);
	fprintf(out, " (%llu state%s, %llu transition%s, %.3f s)\n", (unsigned long long)r->states,
		r->states == 1 ? "" : "s", (unsigned long long)r->transitions, r->transitions == 1 ? "" : "s",
		r->seconds);
	if (r->cex_text)
		fputs(r->cex_text, out);
	fflush(out);
}

/* Whether a (blanks collapsed) equals b with its runs of blanks collapsed
 * and its ends trimmed. */
static bool same_text(const char *a, const char *b)
{
	while (*b == ' ' || *b == '\t' || *b == '\n')
		b++;
	while (*a && *b) {
		if (*b == ' ' || *b == '\t' || *b == '\n') {
			while (*b == ' ' || *b == '\t' || *b == '\n')
				b++;
			if (!*b)
				break;
			if (*a++ != ' ')
				return false;
			continue;
		}
		if (*a++ != *b++)
			return false;
	}
	while (*b == ' ' || *b == '\t' || *b == '\n')
		b++;
	return !*a && !*b;
}

static unsigned walk(const struct ctx *c, struct ast *decls, struct report *rep)
{
	unsigned errors = 0;
	for (uint32_t i = 0; i < decls->nkids; i++) {
		struct ast *d = decls->kids[i];
		if (!d)
			continue;
		if (d->kind == AST_TIMED) {
			errors += walk(c, d->kids[1], rep);
			continue;
		}
		if (d->kind != AST_ASSERT)
			continue;
		if (c->o->interrupted && *c->o->interrupted)
			break;
		rep->seen++;
		char *text = assert_text(c->env->src, d);
		const struct run_opts *o = c->o;
		bool want = true;
		if (o->assert_index)
			want = rep->seen == o->assert_index;
		else if (o->assert_text)
			want = same_text(text, o->assert_text) ||
			       (strncmp(text, "assert ", 7) == 0 && same_text(text + 7, o->assert_text));
		if (!want) {
			free(text);
			continue;
		}
		struct result *r = report_new(rep);
		uint32_t line, col;
		source_linecol(c->env->src, d->span.file, d->span.start, &line, &col);
		r->file = xstrdup(source_file(c->env->src, d->span.file)->path);
		r->line = line;
		r->text = text;
		unsigned before = c->env->diag->errors;
		run_one(c, d, r);
		if (!r->result)
			r->result = "error";
		if (strcmp(r->result, "failed") == 0)
			rep->failed++;
		else if (strcmp(r->result, "inconclusive") == 0)
			rep->inconclusive++;
		else if (strcmp(r->result, "error") == 0) {
			rep->errored++;
			errors++;
		}
		(void)before;
		if (o->format == FORMAT_TEXT && !(o->quiet && strcmp(r->result, "passed") == 0))
			print_text(c, r);
	}
	return errors;
}

void engine_open(struct engine *e, const struct parse_env *env, struct scope_table *scopes, struct ast *root)
{
	value_table_init(&e->values, env->atoms);
	term_table_init(&e->terms);
	event_table_init(&e->events);
	struct eval_env ee = {&e->values, &e->terms, scopes, env->atoms, env->src, env->diag};
	e->ev = eval_new(&ee, root);
	sos_init(&e->sos, e->ev, &e->values, &e->terms, &e->events, env->diag);
}

void engine_close(struct engine *e)
{
	sos_free(&e->sos);
	eval_free(e->ev);
	event_table_free(&e->events);
	term_table_free(&e->terms);
	value_table_free(&e->values);
}

unsigned run_assertions(const struct parse_env *env, struct scope_table *scopes, struct type_ctx *types,
			struct ast *root, const struct run_opts *o, struct report *rep)
{
	(void)types;
	struct engine en;
	engine_open(&en, env, scopes, root);
	/* print declarations first, as FDR does on load */
	unsigned errors = eval_prints(en.ev, root, o->format == FORMAT_TEXT ? stdout : stderr);
	struct ctx c = {env, en.ev, &en.values, &en.events, &en.sos, o};
	errors += walk(&c, root, rep);
	engine_close(&en);
	return errors;
}
