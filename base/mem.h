/*
 * base/mem.h — allocation that never returns NULL, and the internal-error exit.
 *
 * Every allocation in cspcheck goes through xmalloc/xcalloc/xrealloc. On
 * failure they print "cspcheck: out of memory" and exit with status 70
 * (EX_SOFTWARE), so callers never test for NULL. base_internal_error() is
 * for states that must never happen: it says the bug is ours and exits 70.
 */
#ifndef BASE_MEM_H
#define BASE_MEM_H

#include <stddef.h>

/* Exit status for an internal error (sysexits EX_SOFTWARE). */
#define EXIT_INTERNAL 70

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrndup(const char *s, size_t n);

/* Report a bug of ours ("internal error: ...") and exit with EXIT_INTERNAL. */
_Noreturn void base_internal_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* ALWAYS(x)/NEVER(x): conditions that must (not) hold; fatal when violated. */
#define ALWAYS(x) ((x) ? (void)0 : base_internal_error("%s:%d: assertion '%s' failed", __FILE__, __LINE__, #x))
#define NEVER(x) ((x) ? base_internal_error("%s:%d: '%s' must not hold", __FILE__, __LINE__, #x) : (void)0)

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

#endif
