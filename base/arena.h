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

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* block being filled; older blocks chained */
	size_t used;              /* bytes used in head */
	size_t total;             /* bytes handed out over the arena's life */
};

/* Return `n` bytes (16-byte aligned, uninitialised) owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* As arena_alloc, zero-filled. */
void *arena_zalloc(struct arena *a, size_t n);
/* Copy s[0..n) into the arena with a terminating NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Free every block; the arena is empty and reusable afterwards. */
void arena_free(struct arena *a);

#endif
