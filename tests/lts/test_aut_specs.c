/*
 * tests/lts/test_aut_specs.c — every process of specs/ exports a well-formed
 * .aut whose counts agree with --stats.
 *
 * usage: test_aut_specs CSPCHECK SPECS_DIR   (TAP on stdout, via Check)
 *
 * The processes are the expressions named in the assertions of each .csp
 * file of SPECS_DIR (both sides of a refinement, the process of a property),
 * found by parsing the script with the library and cutting each
 * expression's source text out of its span. For each, the test runs
 * `CSPCHECK --aut=EXPR FILE` and `CSPCHECK --stats=EXPR FILE` and reads
 * the .aut back with the plain reader below, which knows nothing of
 * cspcheck: the header must be `des (0, NTRANS, NSTATES)`, there must be
 * exactly NTRANS lines `(FROM,"LABEL",TO)` with 0 <= FROM, TO < NSTATES,
 * every state must be reachable from state 0 along the lines, and NSTATES
 * and NTRANS must be the `states` and `transitions` that --stats prints.
 *
 * Known bugs elsewhere are listed in `known` with the message they give
 * today: such a process must still fail that way (so that the list is
 * updated when the bug is fixed).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/atom.h"
#include "base/diag.h"
#include "base/source.h"
#include "parser/ast.h"
#include "parser/parser.h"
#include "tests/unit/unit.h"

static const char *cspcheck;

struct proc {
	char *file;       /* path */
	char *expr;       /* the expression's source text */
};

static struct proc *procs;
static size_t nprocs, capprocs;

/* None today. (The last one: an input prefix built the continuation of
 * every branch at once, so determinism.csp's RACE_OBSERVED failed on
 * write.3 where read.2 never happens; prefix continuations are now
 * delayed.) The empty entry keeps the array non-empty. */
static const struct {
	const char *file, *expr, *message;
} known[] = {
	{"", "", ""},
};

/* ------------------------------------------------- finding the processes */

static void add_proc(const char *file, const char *text, size_t len)
{
	for (size_t i = 0; i < nprocs; i++)
		if (strcmp(procs[i].file, file) == 0 && strlen(procs[i].expr) == len &&
		    memcmp(procs[i].expr, text, len) == 0)
			return;
	if (nprocs == capprocs) {
		capprocs = capprocs ? capprocs * 2 : 64;
		procs = realloc(procs, capprocs * sizeof *procs);
	}
	procs[nprocs].file = strdup(file);
	procs[nprocs].expr = strndup(text, len);
	/* blanks (newlines in a long expression) become spaces */
	for (char *c = procs[nprocs].expr; *c; c++)
		if (*c == '\n' || *c == '\t' || *c == '\r')
			*c = ' ';
	nprocs++;
}

static void add_expr(const struct source_set *src, const char *file, const struct ast *e)
{
	const struct source_file *f = source_file(src, e->span.file);
	add_proc(file, f->text + e->span.start, e->span.end - e->span.start);
}

static void collect(const struct source_set *src, const char *file, const struct ast *decls)
{
	for (uint32_t i = 0; i < decls->nkids; i++) {
		const struct ast *d = decls->kids[i];
		if (!d)
			continue;
		if (d->kind == AST_TIMED) {
			collect(src, file, d->kids[1]);
			continue;
		}
		if (d->kind != AST_ASSERT)
			continue;
		const struct ast *a = d->kids[0];
		if (a->kind == AST_REFINE) {
			add_expr(src, file, a->kids[0]);
			add_expr(src, file, a->kids[1]);
		} else if (a->kind == AST_PROPERTY) {
			add_expr(src, file, a->kids[0]);
		}
	}
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void find_procs(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		perror(dir);
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		if (len > 4 && strcmp(names[i]->d_name + len - 4, ".csp") == 0) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			struct source_set src;
			struct atom_table atoms;
			struct arena arena = {0};
			struct diag dg;
			source_set_init(&src);
			atom_table_init(&atoms);
			diag_init(&dg, &src, stderr);
			struct parse_env env = {&src, &atoms, &arena, &dg};
			struct ast *root = parse_file(&env, path);
			if (root && dg.errors == 0)
				collect(&src, path, root);
			arena_free(&arena);
			atom_table_free(&atoms);
			source_set_free(&src);
		}
		free(names[i]);
	}
	free(names);
}

/* ----------------------------------------------------- running cspcheck */

struct run {
	int status;           /* exit status, or -1 */
	char *out, *err;      /* what it wrote (malloc'd, NUL-terminated) */
};

static char *slurp(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (len + 1 == cap)
			buf = realloc(buf, cap *= 2);
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	return buf;
}

static struct run run_cspcheck(const char *option, const char *expr, const char *file)
{
	char arg[8192];
	snprintf(arg, sizeof arg, "%s=%s", option, expr);
	char errpath[] = "/tmp/test_aut_specs.XXXXXX";
	int errfd = mkstemp(errpath);
	ck_assert_int_ge(errfd, 0);
	unlink(errpath);
	int pipefd[2];
	ck_assert_int_eq(pipe(pipefd), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(errfd, STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		char *argv[] = {(char *)cspcheck, arg, (char *)file, NULL};
		execv(cspcheck, argv);
		_exit(127);
	}
	close(pipefd[1]);
	struct run r;
	r.out = slurp(pipefd[0]);
	close(pipefd[0]);
	int ws;
	waitpid(pid, &ws, 0);
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	lseek(errfd, 0, SEEK_SET);
	r.err = slurp(errfd);
	close(errfd);
	return r;
}

/* --------------------------------------------------- the .aut reader */

struct aut {
	unsigned long init, ntrans, nstates;
	unsigned long lines;
	unsigned long *from, *to;
};

/* Read .aut text; NULL on success, else what is wrong. */
static const char *aut_read(const char *text, struct aut *a)
{
	memset(a, 0, sizeof *a);
	int used = 0;
	if (sscanf(text, "des (%lu, %lu, %lu)%n", &a->init, &a->ntrans, &a->nstates, &used) != 3)
		return "no 'des (init, ntrans, nstates)' header";
	const char *p = text + used;
	if (*p++ != '\n')
		return "the header line has trailing text";
	size_t cap = 16;
	a->from = malloc(cap * sizeof *a->from);
	a->to = malloc(cap * sizeof *a->to);
	while (*p) {
		unsigned long from, to;
		int n = 0;
		if (sscanf(p, "(%lu,\"%n", &from, &n) != 1 || n == 0)
			return "a line does not start with '(FROM,\"'";
		p += n;
		size_t label = 0;
		while (*p && *p != '"' && *p != '\n') {
			if (*p == '\\' && p[1])
				p++;
			p++;
			label++;
		}
		if (*p != '"' || label == 0)
			return "a label is empty or not closed";
		p++;
		n = 0;
		if (sscanf(p, ",%lu)%n", &to, &n) != 1 || n == 0)
			return "a line does not end with ',TO)'";
		p += n;
		if (*p++ != '\n')
			return "a line has trailing text";
		if (a->lines == cap) {
			cap *= 2;
			a->from = realloc(a->from, cap * sizeof *a->from);
			a->to = realloc(a->to, cap * sizeof *a->to);
		}
		a->from[a->lines] = from;
		a->to[a->lines] = to;
		a->lines++;
	}
	return NULL;
}

static void aut_free(struct aut *a)
{
	free(a->from);
	free(a->to);
}

/* Every state reachable from a->init along the lines? */
static bool aut_connected(const struct aut *a)
{
	if (a->nstates == 0)
		return false;
	bool *seen = calloc(a->nstates, 1);
	unsigned long *queue = malloc(a->nstates * sizeof *queue);
	size_t head = 0, tail = 0, count = 1;
	seen[a->init] = true;
	queue[tail++] = a->init;
	while (head < tail) {
		unsigned long s = queue[head++];
		for (unsigned long i = 0; i < a->lines; i++) {
			if (a->from[i] == s && !seen[a->to[i]]) {
				seen[a->to[i]] = true;
				queue[tail++] = a->to[i];
				count++;
			}
		}
	}
	free(seen);
	free(queue);
	return count == a->nstates;
}

/* ------------------------------------------------------------- the test */

START_TEST(exported_lts_reads_back_with_matching_counts)
{
	const struct proc *pr = &procs[_i];
	const char *base = strrchr(pr->file, '/') ? strrchr(pr->file, '/') + 1 : pr->file;
	const char *bug = NULL;
	for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
		if (strcmp(known[k].file, base) == 0 && strcmp(known[k].expr, pr->expr) == 0)
			bug = known[k].message;
	struct run aut = run_cspcheck("--aut", pr->expr, pr->file);
	if (bug) {
		ck_assert_msg(aut.status == 3 && strstr(aut.err, bug),
			      "%s: %s: the known bug (\"%s\") no longer shows: update `known`", base, pr->expr, bug);
		goto out_aut;
	}
	ck_assert_msg(aut.status == 0, "%s: --aut=%s exits %d:\n%s", base, pr->expr, aut.status, aut.err);
	struct aut a;
	const char *why = aut_read(aut.out, &a);
	ck_assert_msg(why == NULL, "%s: --aut=%s: %s", base, pr->expr, why);
	ck_assert_msg(a.init == 0, "%s: %s: initial state %lu", base, pr->expr, a.init);
	ck_assert_msg(a.lines == a.ntrans, "%s: %s: header says %lu transitions, %lu lines", base, pr->expr,
		      a.ntrans, a.lines);
	for (unsigned long i = 0; i < a.lines; i++)
		ck_assert_msg(a.from[i] < a.nstates && a.to[i] < a.nstates, "%s: %s: line %lu names a state >= %lu",
			      base, pr->expr, i + 2, a.nstates);
	ck_assert_msg(aut_connected(&a), "%s: %s: some state is unreachable from state 0", base, pr->expr);
	struct run st = run_cspcheck("--stats", pr->expr, pr->file);
	ck_assert_msg(st.status == 0, "%s: --stats=%s exits %d:\n%s", base, pr->expr, st.status, st.err);
	unsigned long states, trans;
	ck_assert_msg(sscanf(st.out, "states %lu\ntransitions %lu", &states, &trans) == 2, "%s: --stats=%s: %s", base,
		      pr->expr, st.out);
	ck_assert_msg(states == a.nstates && trans == a.ntrans,
		      "%s: %s: --stats says %lu states, %lu transitions; the .aut %lu, %lu", base, pr->expr, states,
		      trans, a.nstates, a.ntrans);
	aut_free(&a);
	free(st.out);
	free(st.err);
out_aut:
	free(aut.out);
	free(aut.err);
}
END_TEST

START_TEST(the_reader_refuses_malformed_aut)
{
	struct aut a;
	ck_assert_ptr_null(aut_read("des (0, 1, 2)\n(0,\"a \\\" b\",1)\n", &a));
	ck_assert_uint_eq(a.lines, 1);
	aut_free(&a);
	static const char *const bad[] = {
		"", "des 0 1 2\n", "des (0, 1, 2)\n(0,a,1)\n", "des (0, 1, 2)\n(0,\"\",1)\n",
		"des (0, 1, 2)\n(0,\"a\",1) x\n", "des (0, 1, 2)\n(0,\"a\",1)",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(aut_read(bad[i], &a) != NULL, "accepted: %s", bad[i]);
		aut_free(&a);
	}
}
END_TEST

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s CSPCHECK SPECS_DIR\n", argv[0]);
		return 2;
	}
	cspcheck = argv[1];
	find_procs(argv[2]);
	if (nprocs == 0) {
		fprintf(stderr, "%s: no assertions found in %s/*.csp\n", argv[0], argv[2]);
		return 1;
	}
	Suite *s = suite_create("aut-specs");
	TCase *tc = unit_tcase(s, "specs");
	tcase_add_test(tc, the_reader_refuses_malformed_aut);
	tcase_add_loop_test(tc, exported_lts_reads_back_with_matching_counts, 0, (int)nprocs);
	return unit_run(s);
}
