/*
 * base/arena.h — bump allocation for phase-lifetime data.
 *
 * An arena hands out memory from large blocks and frees everything at once
 * (arena_free). Use one per loaded script (AST, strings) so that no node is
 * freed individually. Allocations are 16-byte aligned and never NULL.
 *
 *   struct arena a = {0};
 *   struct ast *n = arena_alloc(&a, sizeof *n);
 *   ...
 *   arena_free(&a);            // every allocation above is gone
 */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* block being filled; older blocks chained */
	size_t used;              /* bytes used in head */
	size_t total;             /* bytes handed out over the arena's life */
	bool marked;              /* used with arena_mark: keep blocks in order */
};

/* Return `n` bytes (16-byte aligned, uninitialised) owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* As arena_alloc, zero-filled. */
void *arena_zalloc(struct arena *a, size_t n);
/* Copy s[0..n) into the arena with a terminating NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Free every block; the arena is empty and reusable afterwards. */
void arena_free(struct arena *a);

/* A position in an arena. arena_release(a, m) frees everything allocated
 * since arena_mark(a) returned m (marks nest like a stack), so an arena
 * can serve as the scratch memory of code that may unwind early. */
struct arena_mark {
	struct arena_block *head;
	size_t used;
	size_t total;
};

static inline struct arena_mark arena_mark(const struct arena *a)
{
	struct arena_mark m = {a->head, a->used, a->total};
	return m;
}

void arena_release(struct arena *a, struct arena_mark m);

#endif
