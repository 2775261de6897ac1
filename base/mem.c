/*
 * base/mem.c — checked allocation and the internal-error exit.
 * Invariant: no function here returns NULL; failure ends the process (70).
 */
#include "base/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static _Noreturn void out_of_memory(size_t n)
{
	fprintf(stderr, "cspcheck: out of memory (allocating %zu bytes)\n", n);
	exit(EXIT_INTERNAL);
}

void *xmalloc(size_t n)
{
	void *p = n == SIZE_MAX ? NULL : malloc(n ? n : 1);
	if (UNLIKELY(!p))
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (UNLIKELY(!p))
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (UNLIKELY(!q))
		out_of_memory(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void base_internal_error(const char *fmt, ...)
{
	va_list ap;
	fputs("cspcheck: internal error (a bug in cspcheck, please report it): ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_INTERNAL);
}
