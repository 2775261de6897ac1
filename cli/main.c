/*
 * cli/main.c — the cspcheck command line.
 *
 * Parses options, loads each script and runs the requested mode. Exit
 * codes (documented in docs/cli.md): 0 success, 1 an assertion failed,
 * 2 usage error, 3 the script has errors, 4 inconclusive (a check could
 * not be decided), 70 internal error. Results go to stdout, diagnostics
 * to stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#ifdef CSPCHECK_MPI
#include <mpi.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/atom.h"
#include "base/diag.h"
#include "base/mem.h"
#include "base/source.h"
#include "parser/ast.h"
#include "parser/parser.h"
#include "lts/lts.h"
#include "lts/network.h"
#include "cli/explore.h"
#include "cli/run.h"
#include "lts/sos.h"
#include "semantics/eval.h"
#include "semantics/event.h"
#include "semantics/scope.h"
#include "semantics/term.h"
#include "semantics/types.h"
#include "semantics/value.h"

#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_SCRIPT 3
#define EXIT_INCONCLUSIVE 4
#define EXIT_INTERRUPTED 130

enum mode { MODE_CHECK, MODE_PARSE_ONLY, MODE_DUMP_AST, MODE_LIST, MODE_EVAL, MODE_TYPECHECK, MODE_AUT, MODE_DOT,
	    MODE_STATS, MODE_EXPLORE };

static const char usage_text[] =
	"usage: cspcheck [OPTION]... FILE...\n"
	"       cspcheck explore [OPTION]... FILE EXPR\n"
	"Check the assertions of CSPm scripts.\n"
	"\n"
	"Modes:\n"
	"      --parse-only     parse each FILE and report syntax errors only\n"
	"      --typecheck      parse, resolve names and type-check each FILE\n"
	"      --dump-ast       print the syntax tree of each FILE as S-expressions\n"
	"      --list           resolve names and list the assertions of each FILE\n"
	"                       with their line numbers\n"
	"      --eval EXPR      print the value of EXPR in the top-level scope of FILE\n"
	"      --aut=EXPR       print the LTS of process EXPR in Aldebaran (.aut) format\n"
	"      --dot=EXPR       print the LTS of process EXPR as a Graphviz digraph\n"
	"      --stats=EXPR     print the size of the LTS of process EXPR\n"
	"  explore FILE EXPR    walk process EXPR by hand: choose transitions, undo,\n"
	"                       print the trace (commands from standard input)\n"
	"\n"
	"Checking (the default mode):\n"
	"      --format=FORMAT  text (default), json, junit or sarif\n"
	"  -a, --assert-index=N  check only the N-th assertion (counting from 1)\n"
	"      --assert=TEXT    check only the assertion written TEXT\n"
	"      --timeout=SECONDS  give up a check after SECONDS (inconclusive)\n"
	"  -q, --quiet          print only the assertions that do not pass\n"
	"      --explain        under each counterexample, a step table: a row per\n"
	"                       step, a column per process of the network\n"
	"      --msc            under each counterexample, a message-sequence chart\n"
	"      --dot-cex=FILE   write the counterexample path as a Graphviz digraph\n"
	"  -v, --verbose        also print the sizes of networks and normal forms\n"
	"      --progress       show a progress line on stderr (default: only on a\n"
	"                       terminal, and not with --quiet)\n"
	"      --max-memory=SIZE  give up a check (inconclusive) when the program\n"
	"                       uses more than SIZE (such as 512M or 4G)\n"
	"      --spill-dir=DIR  instead, go on with the search's states in files\n"
	"                       in DIR (slower; same verdicts and counterexamples)\n"
	"      --threads=N      search with N threads (default: every core); the\n"
	"                       verdicts and counterexamples do not depend on N\n"
	"\n"
	"Options:\n"
	"      --color=WHEN     colour diagnostics: auto (default), always or never\n"
	"      --max-states=N   explore at most N states (default 10000000); beyond,\n"
	"                       the result is inconclusive (exit status 4)\n"
	"      --dot-limit=N    refuse --dot above N states (default 1000)\n"
	"  -h, --help           show this help and exit\n"
	"  -V, --version        show the version and exit\n"
	"\n"
	"Exit status: 0 all assertions hold (or the mode succeeded), 1 an assertion\n"
	"failed, 2 usage error, 3 the script has errors, 4 inconclusive, 70 internal error.\n"
	"\n"
	"Without a mode option, cspcheck checks every assertion of each FILE in\n"
	"order and prints, per assertion, its verdict, statistics and, when it\n"
	"fails, a counterexample.\n";

static void usage_error(const char *fmt, const char *arg)
{
	fputs("cspcheck: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'cspcheck --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

/* Evaluate `expr` (when given) or else the script's print declarations;
 * returns the number of errors. */
static unsigned run_eval(const struct parse_env *env, struct scope_table *scopes, struct type_ctx *types,
			 struct ast *root, const char *expr)
{
	struct engine en;
	engine_open(&en, env, scopes, root);
	struct eval *ev = en.ev;
	unsigned errors = 0;
	if (expr) {
		struct ast *e = parse_expression(env, "<expression>", expr, strlen(expr));
		if (!e || scope_resolve_expr(scopes, e, env->atoms, env->diag) > 0 ||
		    types_check_expr(types, e, env->diag) == 0) {
			errors++;
		} else {
			value_id v = eval_expr(ev, e);
			if (v) {
				eval_print(ev, stdout, v);
				fputc('\n', stdout);
			} else {
				errors++;
			}
		}
	} else {
		errors = eval_prints(ev, root, stdout);
	}
	engine_close(&en);
	return errors;
}

/* ---- LTS export (--aut, --dot, --stats) ---------------------------------- */

static int limit_message(struct sos *sos, enum lts_result r, const char *expr, value_id leaf, uint64_t max_states)
{
	char buf[160];
	const char *what = leaf ? sos_describe(sos, leaf, buf, sizeof buf) : expr;
	if (r == LTS_LIMIT)
		fprintf(stderr, "cspcheck: inconclusive: state limit reached: %s%s has more than %llu states (raise the "
				"limit with --max-states)\n", leaf ? "the leaf process " : "", what,
			(unsigned long long)max_states);
	else
		fprintf(stderr, "cspcheck: inconclusive: memory limit reached: exploring %s used more than %llu MB "
				"(three quarters of the memory available)\n", what,
			(unsigned long long)(lts_memory_budget() >> 20));
	return EXIT_INCONCLUSIVE;
}

/* --stats: build the network of v and count its states. */
static int run_stats(struct sos *sos, value_id v, const char *expr, uint64_t max_states)
{
	struct net net;
	switch (net_build(&net, sos, v, max_states)) {
	case NET_OK:
		break;
	case NET_ERROR:
		return EXIT_SCRIPT;
	case NET_LIMIT:
		return limit_message(sos, LTS_LIMIT, expr, net.limit_proc, max_states);
	case NET_MEMORY:
		return limit_message(sos, LTS_MEMORY, expr, net.limit_proc, max_states);
	}
	struct net_explore_stats st;
	enum lts_result r = net_explore(&net, max_states, lts_memory_budget(), NULL, &st);
	if (r != LTS_OK) {
		net_free(&net);
		return limit_message(sos, r, expr, VALUE_NONE, max_states);
	}
	printf("states %llu\ntransitions %llu\nevents %u", (unsigned long long)st.states,
	       (unsigned long long)st.transitions, st.events);
	if (st.tau || st.tick)
		printf(" (+%s%s%s)", st.tau ? " tau" : "", st.tau && st.tick ? "," : "", st.tick ? " tick" : "");
	printf("\nbytes per state %.2f\nseconds %.3f\n", st.states ? (double)st.store_bytes / (double)st.states : 0.0,
	       st.seconds);
	net_write_leaves(stdout, &net);
	net_free(&net);
	return EXIT_OK;
}

/* Explore process expression `expr` and print its LTS as `mode` asks;
 * returns the exit status. */
static int run_lts(const struct parse_env *env, struct scope_table *scopes, struct type_ctx *types,
		   struct ast *root, enum mode mode, const char *expr, uint64_t max_states, uint64_t dot_limit)
{
	struct engine en;
	engine_open(&en, env, scopes, root);
	struct eval *ev = en.ev;
	struct sos *sos = &en.sos;
	struct value_table *values = &en.values;
	struct event_table *events = &en.events;
	int status = EXIT_SCRIPT;
	struct ast *e = parse_expression(env, "<expression>", expr, strlen(expr));
	if (!e || scope_resolve_expr(scopes, e, env->atoms, env->diag) > 0 || types_check_expr(types, e, env->diag) == 0)
		goto out;
	value_id v = eval_expr(ev, e);
	if (!v)
		goto out;
	if (mode == MODE_STATS) {
		status = run_stats(sos, v, expr, max_states);
		goto out;
	}
	if (mode == MODE_EXPLORE) {
		struct net net;
		switch (net_build(&net, sos, v, max_states)) {
		case NET_OK:
			explore_run(&net, sos, events, values, stdin, stdout, isatty(STDIN_FILENO));
			net_free(&net);
			status = EXIT_OK;
			break;
		case NET_ERROR:
			break;
		case NET_LIMIT:
		case NET_MEMORY:
			status = limit_message(sos, LTS_LIMIT, expr, net.limit_proc, max_states);
			break;
		}
		goto out;
	}
	/* the network's explicit form: the same states and transitions as the
	 * firing rules give the whole term (lts/network.h), and compressed
	 * components work too */
	struct lts lts;
	struct net enet;
	enum lts_result er;
	switch (net_build(&enet, sos, v, max_states)) {
	case NET_OK: {
		struct net_explore_stats est;
		er = net_explore(&enet, max_states, lts_memory_budget(), &lts, &est);
		net_free(&enet);
		break;
	}
	case NET_ERROR:
		er = LTS_ERROR;
		break;
	case NET_LIMIT:
		er = LTS_LIMIT;
		break;
	default:
		er = LTS_MEMORY;
		break;
	}
	switch (er) {
	case LTS_ERROR:
		goto out;
	case LTS_LIMIT:
		fprintf(stderr, "cspcheck: inconclusive: state limit reached: %s has more than %llu states (raise "
				"the limit with --max-states)\n", expr, (unsigned long long)max_states);
		status = EXIT_INCONCLUSIVE;
		goto out;
	case LTS_MEMORY:
		fprintf(stderr, "cspcheck: inconclusive: memory limit reached: exploring %s used more than %llu MB "
				"(three quarters of the memory available)\n", expr,
			(unsigned long long)(lts_memory_budget() >> 20));
		status = EXIT_INCONCLUSIVE;
		goto out;
	case LTS_OK:
		break;
	}
	status = EXIT_OK;
	if (mode == MODE_AUT) {
		lts_write_aut(stdout, &lts, events, values);
	} else if (mode == MODE_STATS) {
		lts_write_stats(stdout, &lts);
	} else if (lts.nstates > dot_limit) {
		fprintf(stderr, "cspcheck: the LTS of %s has %u states, more than the --dot-limit of %llu: not "
				"writing DOT (raise the limit with --dot-limit, or use --aut)\n", expr, lts.nstates,
			(unsigned long long)dot_limit);
		status = EXIT_INCONCLUSIVE;
	} else {
		lts_write_dot(stdout, &lts, events, values);
	}
	lts_free(&lts);
out:
	engine_close(&en);
	return status;
}

static volatile int interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* A size: a positive number with an optional K, M or G (powers of 1024). */
static uint64_t size_arg(const char *arg)
{
	char *end;
	errno = 0;
	double n = strtod(arg, &end);
	uint64_t unit = 1;
	if (*end == 'K' || *end == 'k')
		unit = (uint64_t)1 << 10;
	else if (*end == 'M' || *end == 'm')
		unit = (uint64_t)1 << 20;
	else if (*end == 'G' || *end == 'g')
		unit = (uint64_t)1 << 30;
	if (unit > 1)
		end++;
	if (errno || end == arg || *end || !(n > 0) || n * (double)unit > 1e18)
		usage_error("invalid argument '%s' for --max-memory (expected a size such as 512M or 4G)", arg);
	return (uint64_t)(n * (double)unit);
}

/* A count option's argument: a positive decimal integer. */
static uint64_t count_arg(const char *opt, const char *arg)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || n == 0 || arg[0] == '-')
		usage_error(opt, arg);
	return (uint64_t)n;
}

/* The evaluator recurses as deeply as the scripts it runs (a function
 * over a list of 50,000 elements), and its depth check uses whatever
 * stack the calling thread has: give the real work a thread with a large
 * stack (reserved, touched only as used). */
#define MAIN_STACK ((size_t)64 << 20)

struct main_args {
	int argc;
	char **argv;
	int status;
};

static int real_main(int argc, char **argv);

/* Under MPI every rank runs the whole program (parsing, evaluating and
 * building networks are deterministic, so all ranks agree) and the
 * searches together; only rank 0 prints. MPI is started and used on this
 * one thread (MPI_THREAD_FUNNELED). */
static int mpi_rank, mpi_size = 1;

static int main_with_mpi(int argc, char **argv)
{
#ifdef CSPCHECK_MPI
	int provided;
	MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
	MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
	if (mpi_rank > 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			base_internal_error("cannot silence rank %d", mpi_rank);
	}
	int status = real_main(argc, argv);
	MPI_Finalize();
	return status;
#else
	return real_main(argc, argv);
#endif
}

static void *main_thread(void *p)
{
	struct main_args *m = p;
	m->status = main_with_mpi(m->argc, m->argv);
	return NULL;
}

int main(int argc, char **argv)
{
	struct main_args m = {argc, argv, EXIT_INTERNAL};
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, MAIN_STACK) == 0 &&
	    pthread_create(&t, &attr, main_thread, &m) == 0) {
		pthread_attr_destroy(&attr);
		pthread_join(t, NULL);
		return m.status;
	}
	/* no room for a big stack (a low RLIMIT_AS): run here */
	return main_with_mpi(argc, argv);
}

static int real_main(int argc, char **argv)
{
	enum mode mode = MODE_CHECK;
	int color = -1; /* auto */
	enum { OPT_PARSE_ONLY = 256, OPT_DUMP_AST, OPT_LIST, OPT_COLOR, OPT_EVAL, OPT_TYPECHECK, OPT_AUT, OPT_DOT,
	       OPT_STATS, OPT_MAX_STATES, OPT_DOT_LIMIT, OPT_FORMAT, OPT_ASSERT, OPT_TIMEOUT, OPT_THREADS, OPT_PROGRESS, OPT_MAX_MEMORY, OPT_SPILL_DIR, OPT_EXPLAIN, OPT_MSC, OPT_DOT_CEX };
	const char *eval_text = NULL;
	uint64_t max_states = 10000000, dot_limit = 1000;
	struct run_opts ro = {0};
	int progress = -1; /* auto */
	uint64_t max_memory = 0;
	struct report rep = {0};
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"parse-only", no_argument, NULL, OPT_PARSE_ONLY},
		{"dump-ast", no_argument, NULL, OPT_DUMP_AST},
		{"list", no_argument, NULL, OPT_LIST},
		{"typecheck", no_argument, NULL, OPT_TYPECHECK},
		{"eval", required_argument, NULL, OPT_EVAL},
		{"aut", required_argument, NULL, OPT_AUT},
		{"dot", required_argument, NULL, OPT_DOT},
		{"stats", required_argument, NULL, OPT_STATS},
		{"max-states", required_argument, NULL, OPT_MAX_STATES},
		{"dot-limit", required_argument, NULL, OPT_DOT_LIMIT},
		{"color", required_argument, NULL, OPT_COLOR},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"assert-index", required_argument, NULL, 'a'},
		{"assert", required_argument, NULL, OPT_ASSERT},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"quiet", no_argument, NULL, 'q'},
		{"threads", required_argument, NULL, OPT_THREADS},
		{"progress", no_argument, NULL, OPT_PROGRESS},
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"msc", no_argument, NULL, OPT_MSC},
		{"dot-cex", required_argument, NULL, OPT_DOT_CEX},
		{"verbose", no_argument, NULL, 'v'},
		{"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
		{"spill-dir", required_argument, NULL, OPT_SPILL_DIR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{NULL, 0, NULL, 0},
	};
	opterr = 0;
	if (argc >= 2 && strcmp(argv[1], "explore") == 0) {
		/* cspcheck explore [OPTION]... FILE EXPR */
		mode = MODE_EXPLORE;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	int c;
	while ((c = getopt_long(argc, argv, ":hVqva:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case 'V':
			printf("cspcheck %s\n", CSPCHECK_VERSION);
			return EXIT_OK;
		case OPT_PARSE_ONLY:
			mode = MODE_PARSE_ONLY;
			break;
		case OPT_DUMP_AST:
			mode = MODE_DUMP_AST;
			break;
		case OPT_LIST:
			mode = MODE_LIST;
			break;
		case OPT_TYPECHECK:
			mode = MODE_TYPECHECK;
			break;
		case OPT_EVAL:
			mode = MODE_EVAL;
			eval_text = optarg;
			break;
		case OPT_AUT:
		case OPT_DOT:
		case OPT_STATS:
			mode = c == OPT_AUT ? MODE_AUT : c == OPT_DOT ? MODE_DOT : MODE_STATS;
			eval_text = optarg;
			break;
		case OPT_MAX_STATES:
			max_states = count_arg("invalid argument '%s' for --max-states (expected a positive number)",
					       optarg);
			break;
		case OPT_DOT_LIMIT:
			dot_limit = count_arg("invalid argument '%s' for --dot-limit (expected a positive number)",
					      optarg);
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				color = -1;
			else if (strcmp(optarg, "always") == 0)
				color = 1;
			else if (strcmp(optarg, "never") == 0)
				color = 0;
			else
				usage_error("invalid argument '%s' for --color (expected auto, always or never)", optarg);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				ro.format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				ro.format = FORMAT_JSON;
			else if (strcmp(optarg, "junit") == 0)
				ro.format = FORMAT_JUNIT;
			else if (strcmp(optarg, "sarif") == 0)
				ro.format = FORMAT_SARIF;
			else
				usage_error("invalid argument '%s' for --format (expected text, json, junit or sarif)", optarg);
			break;
		case 'a':
			ro.assert_index = (uint32_t)count_arg("invalid argument '%s' for -a (expected a positive number)",
							     optarg);
			break;
		case OPT_ASSERT:
			ro.assert_text = optarg;
			break;
		case OPT_TIMEOUT: {
			char *end;
			errno = 0;
			double t = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(t > 0))
				usage_error("invalid argument '%s' for --timeout (expected a positive number of seconds)",
					    optarg);
			ro.timeout = t;
			break;
		}
		case 'q':
			ro.quiet = true;
			break;
		case 'v':
			ro.verbose = true;
			break;
		case OPT_PROGRESS:
			progress = 1;
			break;
		case OPT_EXPLAIN:
			ro.explain = true;
			break;
		case OPT_MSC:
			ro.msc = true;
			break;
		case OPT_DOT_CEX:
			ro.dot_cex = optarg;
			break;
		case OPT_MAX_MEMORY:
			max_memory = size_arg(optarg);
			break;
		case OPT_SPILL_DIR: {
			struct stat sb;
			if (stat(optarg, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(optarg, W_OK | X_OK) != 0)
				usage_error("invalid argument '%s' for --spill-dir (expected a directory this program may write in)",
					    optarg);
			ro.spill_dir = optarg;
			break;
		}
		case OPT_THREADS: {
			uint64_t t = count_arg("invalid argument '%s' for --threads (expected a positive number)", optarg);
			if (t > 1024)
				usage_error("invalid argument '%s' for --threads (at most 1024)", optarg);
			ro.threads = (uint32_t)t;
			break;
		}
		case ':':
			usage_error("option '%s' requires an argument", argv[optind - 1]);
			break;
		default:
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		usage_error("%s", "no input files");
	if (mode == MODE_EVAL && argc - optind != 1)
		usage_error("%s", "--eval takes exactly one FILE");
	if (mode == MODE_EXPLORE) {
		if (argc - optind != 2)
			usage_error("%s", "explore takes a FILE and a process expression: cspcheck explore FILE EXPR");
		eval_text = argv[argc - 1];
		argc--;
	}
	if ((mode == MODE_AUT || mode == MODE_DOT || mode == MODE_STATS) && argc - optind != 1)
		usage_error("%s", "--aut, --dot and --stats take exactly one FILE");
	/* the report on stdout is coloured by the same rule as diagnostics on
	 * stderr, each for its own stream */
	bool out_color = color == 1;
	if (color < 0) {
		const char *nc = getenv("NO_COLOR");
		bool no = nc && nc[0];
		color = isatty(STDERR_FILENO) && !no;
		out_color = isatty(STDOUT_FILENO) && !no;
	}

	struct source_set src;
	struct atom_table atoms;
	struct arena arena = {0};
	struct diag diag;
	source_set_init(&src);
	atom_table_init(&atoms);
	diag_init(&diag, &src, stderr);
	diag.color = color;
	struct parse_env env = {&src, &atoms, &arena, &diag};

	int status = EXIT_OK;
	unsigned total_asserts = 0;
	ro.max_states = max_states;
	ro.mpi_rank = mpi_rank;
	ro.mpi_size = mpi_size;
	if (mpi_size > 1)
		ro.threads = 1; /* one search thread per rank */
	/* a developers' knob (tests): spill once a search has this many pairs */
	const char *after = getenv("CSPCHECK_SPILL_AFTER");
	if (after && ro.spill_dir)
		ro.spill_after = strtoull(after, NULL, 10);
	if (mpi_size > 1 && ro.spill_dir)
		usage_error("%s is not supported under mpirun (each rank holds only its share of the states)", "--spill-dir");
	if (ro.threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		ro.threads = n > 0 ? (uint32_t)(n > 64 ? 64 : n) : 1;
	}
	ro.max_bytes = lts_memory_budget();
	if (max_memory && max_memory < ro.max_bytes)
		ro.max_bytes = max_memory;
	ro.progress = progress == 1 || (progress < 0 && !ro.quiet && isatty(STDERR_FILENO));
	ro.interrupted = &interrupted;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C ends the program */
	sigemptyset(&sa.sa_mask);
	if (mode == MODE_CHECK)
		sigaction(SIGINT, &sa, NULL);
	ro.color = out_color;
	for (int i = optind; i < argc; i++) {
		unsigned before = diag.errors;
		if (mode == MODE_CHECK)
			report_add_file(&rep, argv[i]);
		struct ast *root = parse_file(&env, argv[i]);
		bool bad = !root || diag.errors != before;
		if (bad) {
			status = EXIT_SCRIPT;
			continue;
		}
		if (mode == MODE_PARSE_ONLY)
			continue;
		struct scope_table scopes;
		struct type_ctx *types = NULL;
		scope_table_init(&scopes);
		if (mode != MODE_DUMP_AST && scope_resolve(&scopes, root, &atoms, &diag) > 0) {
			scope_table_free(&scopes);
			status = EXIT_SCRIPT;
			continue;
		}
		if (mode != MODE_DUMP_AST) {
			/* Every mode past parsing type-checks, as FDR does on load. */
			types = types_new();
			if (types_check(types, root, &scopes, &atoms, &diag) > 0) {
				types_free(types);
				scope_table_free(&scopes);
				status = EXIT_SCRIPT;
				continue;
			}
		}
		if (mode == MODE_EVAL) {
			if (run_eval(&env, &scopes, types, root, eval_text) != 0)
				status = EXIT_SCRIPT;
		}
		if (mode == MODE_CHECK) {
			if (run_assertions(&env, &scopes, types, root, &ro, &rep) != 0)
				status = EXIT_SCRIPT;
		}
		if (mode == MODE_AUT || mode == MODE_DOT || mode == MODE_STATS || mode == MODE_EXPLORE) {
			int st = run_lts(&env, &scopes, types, root, mode, eval_text, max_states, dot_limit);
			if (st != EXIT_OK)
				status = st;
		}
		types_free(types);
		scope_table_free(&scopes);
		if (mode == MODE_EVAL || mode == MODE_TYPECHECK || mode == MODE_AUT || mode == MODE_DOT ||
		    mode == MODE_STATS || mode == MODE_EXPLORE)
			continue;
		switch (mode) {
		case MODE_PARSE_ONLY:
		case MODE_EVAL:
		case MODE_TYPECHECK:
		case MODE_AUT:
		case MODE_DOT:
		case MODE_STATS:
		case MODE_EXPLORE:
			break;
		case MODE_DUMP_AST:
			ast_dump(stdout, &atoms, root);
			break;
		case MODE_LIST:
			total_asserts += list_asserts(stdout, &src, root);
			break;
		case MODE_CHECK:
			break;
		}
	}
	if (diag.errors > 0) {
		fprintf(stderr, "cspcheck: %u error%s\n", diag.errors, diag.errors == 1 ? "" : "s");
		status = EXIT_SCRIPT;
	}
	if (mode == MODE_CHECK) {
		if (diag.errors > 0) {
			char line[96];
			snprintf(line, sizeof line, "%u error%s in the script (reported on standard error)", diag.errors,
				 diag.errors == 1 ? "" : "s");
			report_add_error(&rep, line);
		}
		if ((ro.assert_index || ro.assert_text) && rep.n == 0 && status == EXIT_OK) {
			if (ro.assert_text)
				fprintf(stderr, "cspcheck: no assertion is written '%s'\n", ro.assert_text);
			else
				fprintf(stderr, "cspcheck: no assertion number %u\n", ro.assert_index);
			if (ro.assert_index)
				fprintf(stderr, "cspcheck: the script has %u assertion%s\n", rep.seen, rep.seen == 1 ? "" : "s");
			status = EXIT_USAGE;
		}
		report_write(stdout, &rep, ro.format);
		if (interrupted) {
			fprintf(stderr, "cspcheck: interrupted: %u assertion%s reported\n", rep.n, rep.n == 1 ? "" : "s");
			status = EXIT_INTERRUPTED;
		}
		if (status == EXIT_OK && rep.failed > 0)
			status = EXIT_FAILED;
		else if (status == EXIT_OK && rep.inconclusive > 0)
			status = EXIT_INCONCLUSIVE;
		report_free(&rep);
	}
	(void)total_asserts;
	arena_free(&arena);
	atom_table_free(&atoms);
	source_set_free(&src);
	if (fflush(stdout) != 0) {
		perror("cspcheck: stdout");
		return EXIT_INTERNAL;
	}
	return status;
}
