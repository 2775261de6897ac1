/*
 * base/diag.h — the one diagnostic format.
 *
 *   file:line:col: error: message
 *    12 | P = a -> ) STOP
 *       |          ^
 *
 * Messages are lower case with no final period. The caret underline is as
 * wide as the span (clipped to its first line). Long lines are shown as a
 * window around the column, and bytes that are not printable UTF-8 are
 * shown as '?', so a diagnostic never prints garbage. After `limit` errors
 * further errors are counted but not printed.
 */
#ifndef BASE_DIAG_H
#define BASE_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/source.h"

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
	const struct source_set *src;
	FILE *out;          /* where messages go (stderr by default) */
	unsigned errors;    /* errors reported so far */
	unsigned warnings;
	unsigned limit;     /* print at most this many errors (0: no limit) */
	bool color;         /* ANSI colour on the level word */
	bool show_source;   /* print the source line and caret (default on) */
};

void diag_init(struct diag *d, const struct source_set *src, FILE *out);

void diag_report(struct diag *d, enum diag_level level, struct span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_vreport(struct diag *d, enum diag_level level, struct span at, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

#define diag_error(d, at, ...) diag_report((d), DIAG_ERROR, (at), __VA_ARGS__)
#define diag_warning(d, at, ...) diag_report((d), DIAG_WARNING, (at), __VA_ARGS__)
#define diag_note(d, at, ...) diag_report((d), DIAG_NOTE, (at), __VA_ARGS__)

/* An error with no source position: "cspcheck: error: message". */
void diag_plain(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write s[0..n) so that it is safe to show: printable ASCII and valid UTF-8
 * pass, tabs pass, other bytes become '?'. At most `max` bytes are read. */
void diag_write_safe(FILE *out, const char *s, size_t n);

#endif
