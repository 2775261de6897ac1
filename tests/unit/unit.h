/*
 * tests/unit/unit.h — what every Check suite of tests/unit/ shares.
 *
 * A suite file defines its tests and a `Suite *<module>_suite(void)`, then
 * calls unit_run() from main(). unit_run() makes Check write TAP to stdout
 * (so that meson's 'tap' protocol lists every case) and nothing else.
 * Tests run in forked children unless CK_FORK=no; tests that expect the
 * process to exit (unit_can_fork() guards them) need the fork.
 *
 * A `struct sink` captures what a FILE * receives (open_memstream), so
 * that tests compare exact output.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generous: the suites also run under sanitizers and valgrind. */
#define UNIT_TIMEOUT 60

struct sink {
	FILE *f;
	char *buf;
	size_t len;
};

/* Start capturing; s->f is the stream to hand out. */
static inline void sink_open(struct sink *s)
{
	s->buf = NULL;
	s->len = 0;
	s->f = open_memstream(&s->buf, &s->len);
	ck_assert_ptr_nonnull(s->f);
}

/* Everything written so far, NUL-terminated (valid until the next write). */
static inline const char *sink_text(struct sink *s)
{
	fflush(s->f);
	return s->buf ? s->buf : "";
}

static inline void sink_close(struct sink *s)
{
	if (s->f)
		fclose(s->f);
	free(s->buf);
	s->f = NULL;
	s->buf = NULL;
	s->len = 0;
}

/* Number of times `needle` occurs in `hay`. */
static inline unsigned count_of(const char *hay, const char *needle)
{
	unsigned n = 0;
	size_t nl = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + nl, needle))
		n++;
	return n;
}

/* Whether tests run in a child process (exit tests need that). */
static inline bool unit_can_fork(void)
{
	const char *f = getenv("CK_FORK");
	return !f || strcmp(f, "no") != 0;
}

/* A test case with the suites' common settings. */
static inline TCase *unit_tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, UNIT_TIMEOUT);
	suite_add_tcase(s, tc);
	return tc;
}

/* Run `s`, reporting in TAP on stdout; the exit status of main(). */
static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	/* CK_TAP_LOG_FILE_NAME, when set, takes precedence over this. */
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
