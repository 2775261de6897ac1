/*
 * base/source.h — loaded source files, byte spans and line tables.
 *
 * Every script (and every included file) is read whole into a source_set
 * and gets a dense file id. Positions are byte spans (file, start, end);
 * line and column are computed only when a diagnostic is printed, by
 * binary search in the file's line-start table (built on load).
 * Columns are 1-based byte offsets within the line.
 */
#ifndef BASE_SOURCE_H
#define BASE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct span {
	uint32_t file;  /* index into source_set.files */
	uint32_t start; /* byte offset of the first byte */
	uint32_t end;   /* byte offset one past the last byte */
};

struct source_file {
	char *path;           /* as given (for messages) */
	char *text;           /* contents, NUL-terminated (may hold NULs) */
	size_t len;           /* bytes in text */
	uint32_t *line_start; /* offset of each line's first byte */
	uint32_t nlines;
};

struct source_set {
	struct source_file **files;
	uint32_t nfiles;
	uint32_t cap;
};

/* Files larger than this are refused (spans are 32-bit). */
#define SOURCE_MAX_BYTES ((size_t)1 << 30)

void source_set_init(struct source_set *s);
void source_set_free(struct source_set *s);

/* Read `path` into the set. Returns its id, or -1 with errno set (and
 * EFBIG when the file is too large). */
int32_t source_load(struct source_set *s, const char *path);
/* Add an in-memory text under a display name; returns its id. */
uint32_t source_add(struct source_set *s, const char *name, const char *text, size_t len);

static inline const struct source_file *source_file(const struct source_set *s, uint32_t id)
{
	return s->files[id];
}

/* 1-based line and column of byte `offset` in file `id`. */
void source_linecol(const struct source_set *s, uint32_t id, uint32_t offset,
		    uint32_t *line, uint32_t *col);
/* The bytes of line `line` (1-based) without its newline; *len receives
 * the length. */
const char *source_line(const struct source_set *s, uint32_t id, uint32_t line, size_t *len);

/* Smallest span covering a and b (same file expected; a wins otherwise). */
static inline struct span span_join(struct span a, struct span b)
{
	if (a.file != b.file)
		return a;
	struct span r = a;
	if (b.start < r.start)
		r.start = b.start;
	if (b.end > r.end)
		r.end = b.end;
	return r;
}

#endif
