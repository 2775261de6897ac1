/*
 * tests/sem/bench_value.c — micro-benchmark of the value table.
 *
 * The project's yardstick is
 *   card({ (x, y) | x <- {0..999}, y <- {0..999}, x < y })
 * in under 1 s and 300 MB. Each scenario below builds its values in a
 * fresh table inside a forked child and reports the child's wall time and
 * peak resident memory (the whole process: table, arena, temporaries):
 *
 *   comprehension   the yardstick: 499,500 tuples in generator order
 *   pairs-sorted    all 10^6 tuples, already in order
 *   pairs-shuffled  all 10^6 tuples, shuffled (the merge sort path)
 *   ints-shuffled   10^6 ints, shuffled (the radix path)
 *
 * Run: meson test -C BUILD --benchmark (or the binary; an argument picks
 * one scenario). Exit status 1 when the yardstick misses its budget.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/atom.h"
#include "base/mem.h"
#include "semantics/value.h"

enum { K = 1000 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Fisher–Yates with a fixed xorshift seed, so runs are comparable. */
static void shuffle(value_id *a, size_t n)
{
	uint64_t s = 0x9e3779b97f4a7c15u;
	for (size_t i = n - 1; i > 0; i--) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		size_t j = (size_t)(s % (i + 1));
		value_id x = a[i];
		a[i] = a[j];
		a[j] = x;
	}
}

/* Build the scenario's set; returns its cardinality. */
static uint32_t run(const char *name, struct value_table *t)
{
	value_id *e = xmalloc(sizeof *e * K * K);
	size_t n = 0;
	if (strcmp(name, "ints-shuffled") == 0) {
		for (int64_t i = 0; i < K * K; i++)
			e[n++] = value_int(t, i);
		shuffle(e, n);
	} else {
		bool all = strcmp(name, "comprehension") != 0;
		value_id xs[K];
		value_id r = value_range(t, 0, K - 1);
		memcpy(xs, value_get(t, r)->elems, sizeof xs);
		for (int x = 0; x < K; x++)
			for (int y = 0; y < K; y++)
				if (all || x < y) {
					value_id p[2] = {xs[x], xs[y]};
					e[n++] = value_tuple(t, p, 2);
				}
		if (strcmp(name, "pairs-shuffled") == 0)
			shuffle(e, n);
	}
	value_id s = value_set(t, e, (uint32_t)n);
	free(e);
	return value_get(t, value_enumerate(t, s))->n;
}

static const char *const scenarios[] = {"comprehension", "pairs-sorted", "pairs-shuffled", "ints-shuffled"};

int main(int argc, char **argv)
{
	int status = 0;
	printf("%-16s %10s %10s %10s %12s\n", "scenario", "card", "seconds", "peak MB", "values");
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		if (argc > 1 && strcmp(argv[1], scenarios[i]) != 0)
			continue;
		int fd[2];
		if (pipe(fd) != 0)
			return 2;
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0) {
			struct atom_table atoms;
			struct value_table t;
			double t0 = now();
			atom_table_init(&atoms);
			value_table_init(&t, &atoms);
			uint32_t card = run(scenarios[i], &t);
			double secs = now() - t0;
			uint32_t values = t.count - 1;
			value_table_free(&t);
			atom_table_free(&atoms);
			char line[128];
			int len = snprintf(line, sizeof line, "%u %.3f %u", card, secs, values);
			if (write(fd[1], line, (size_t)len) != len)
				_exit(2);
			_exit(0);
		}
		close(fd[1]);
		char line[128] = {0};
		ssize_t got = read(fd[0], line, sizeof line - 1);
		close(fd[0]);
		int ws;
		struct rusage ru;
		if (wait4(pid, &ws, 0, &ru) != pid || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0 || got <= 0)
			return 2;
		unsigned card, values;
		double secs;
		if (sscanf(line, "%u %lf %u", &card, &secs, &values) != 3)
			return 2;
		double mb = (double)ru.ru_maxrss / 1024.0; /* ru_maxrss is in KiB */
		printf("%-16s %10u %10.3f %10.1f %12u\n", scenarios[i], card, secs, mb, values);
		if (i == 0 && (card != K * (K - 1) / 2 || secs >= 1.0 || mb >= 300.0))
			status = 1;
	}
	return status;
}
