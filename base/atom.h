/*
 * base/atom.h — string interning.
 *
 * An atom_t is a dense id for a byte string: interning the same bytes
 * twice gives the same id, so names compare with ==. Id 0 is reserved
 * (ATOM_NONE, "no name"). Strings live as long as the table; atom_str()
 * returns a NUL-terminated pointer that stays valid until atom_table_free.
 */
#ifndef BASE_ATOM_H
#define BASE_ATOM_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef uint32_t atom_t;
#define ATOM_NONE ((atom_t)0)

struct atom_table {
	struct arena strings;  /* the interned bytes */
	const char **str;      /* str[id], id >= 1 */
	uint32_t *len;         /* len[id] */
	uint32_t count;        /* ids in use, including the reserved 0 */
	uint32_t cap;          /* capacity of str/len */
	uint32_t *slots;       /* open addressing: atom id or 0; power of two */
	uint32_t nslots;
};

void atom_table_init(struct atom_table *t);
void atom_table_free(struct atom_table *t);

/* Intern s[0..n) (may contain NULs); returns its id (never ATOM_NONE). */
atom_t atom_intern(struct atom_table *t, const char *s, size_t n);
/* Intern a NUL-terminated string. */
atom_t atom_intern_cstr(struct atom_table *t, const char *s);
/* Look up without interning; ATOM_NONE when absent. */
atom_t atom_lookup(const struct atom_table *t, const char *s, size_t n);

static inline const char *atom_str(const struct atom_table *t, atom_t a)
{
	return t->str[a];
}

static inline size_t atom_len(const struct atom_table *t, atom_t a)
{
	return t->len[a];
}

#endif
