/*
 * base/arena.c — bump allocator.
 *
 * Blocks form a singly linked list, newest first. Invariant: head->size -
 * used bytes remain free in head. A request larger than the default block
 * size gets a block of its own, so big allocations waste nothing.
 */
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

#define ARENA_BLOCK 65536
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	if (UNLIKELY(n > SIZE_MAX - sizeof(struct arena_block) - ARENA_ALIGN))
		xmalloc(SIZE_MAX); /* reports "out of memory" and exits */
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (!a->head || a->head->size - a->used < n) {
		size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		struct arena_block *b = xmalloc(sizeof *b + size);
		b->size = size;
		if (size == n && a->head && !a->marked) {
			/* An oversized block: put it behind head so the
			 * partly used head keeps serving small requests
			 * (not in a marked arena, whose blocks must stay in
			 * allocation order for arena_release). */
			b->next = a->head->next;
			a->head->next = b;
			a->total += n;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	void *p = a->head->data + a->used;
	a->used += n;
	a->total += n;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void arena_release(struct arena *a, struct arena_mark m)
{
	while (a->head != m.head) {
		struct arena_block *b = a->head;
		a->head = b->next;
		free(b);
	}
	a->used = m.used;
	a->total = m.total;
}
