/*
 * base/vec.h — growable arrays.
 *
 * VEC(T) declares an anonymous struct { T *v; size_t n, cap; }. vec_push
 * appends (doubling the capacity), vec_free releases the storage. Elements
 * are contiguous; pointers into v are invalidated by a push that grows it.
 * A zero-initialised VEC is a valid empty vector.
 */
#ifndef BASE_VEC_H
#define BASE_VEC_H

#include <stddef.h>

#include "base/mem.h"

#define VEC(T) struct { T *v; size_t n, cap; }

/* Make room for at least `want` elements. */
#define vec_reserve(vec, want)                                                  \
	do {                                                                    \
		if ((want) > (vec)->cap) {                                      \
			size_t c_ = (vec)->cap ? (vec)->cap : 8;                \
			while (c_ < (want))                                     \
				c_ *= 2;                                        \
			(vec)->v = xrealloc((vec)->v, c_ * sizeof *(vec)->v);   \
			(vec)->cap = c_;                                        \
		}                                                               \
	} while (0)

#define vec_push(vec, x)                                                        \
	do {                                                                    \
		vec_reserve((vec), (vec)->n + 1);                               \
		(vec)->v[(vec)->n++] = (x);                                     \
	} while (0)

#define vec_pop(vec) ((vec)->v[--(vec)->n])
#define vec_last(vec) ((vec)->v[(vec)->n - 1])

#define vec_free(vec)                                                           \
	do {                                                                    \
		free((vec)->v);                                                 \
		(vec)->v = NULL;                                                \
		(vec)->n = (vec)->cap = 0;                                      \
	} while (0)

#endif
