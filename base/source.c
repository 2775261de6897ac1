/*
 * base/source.c — source files and line tables.
 *
 * Invariant: line_start[0] == 0 and line_start is strictly increasing;
 * line k (1-based) spans [line_start[k-1], next newline). A file is never
 * modified after loading, so spans into it stay valid for the set's life.
 */
#include "base/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void source_set_init(struct source_set *s)
{
	memset(s, 0, sizeof *s);
}

void source_set_free(struct source_set *s)
{
	for (uint32_t i = 0; i < s->nfiles; i++) {
		free(s->files[i]->path);
		free(s->files[i]->text);
		free(s->files[i]->line_start);
		free(s->files[i]);
	}
	free(s->files);
	memset(s, 0, sizeof *s);
}

static uint32_t add_file(struct source_set *s, const char *name, char *text, size_t len)
{
	struct source_file *f = xcalloc(1, sizeof *f);
	f->path = xstrndup(name, strlen(name));
	f->text = text;
	f->len = len;
	uint32_t cap = 64;
	f->line_start = xmalloc(cap * sizeof *f->line_start);
	f->line_start[f->nlines++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		if (f->nlines == cap) {
			cap *= 2;
			f->line_start = xrealloc(f->line_start, cap * sizeof *f->line_start);
		}
		f->line_start[f->nlines++] = (uint32_t)(i + 1);
	}
	if (s->nfiles == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->files = xrealloc(s->files, s->cap * sizeof *s->files);
	}
	s->files[s->nfiles] = f;
	return s->nfiles++;
}

uint32_t source_add(struct source_set *s, const char *name, const char *text, size_t len)
{
	if (len >= SOURCE_MAX_BYTES)
		len = SOURCE_MAX_BYTES - 1;
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	return add_file(s, name, copy, len);
}

int32_t source_load(struct source_set *s, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (cap - len < 4096) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + len, 1, cap - len - 1, fp);
		len += got;
		if (len >= SOURCE_MAX_BYTES) {
			free(buf);
			fclose(fp);
			errno = EFBIG;
			return -1;
		}
		if (got == 0)
			break;
	}
	int err = ferror(fp);
	fclose(fp);
	if (err) {
		free(buf);
		errno = EIO;
		return -1;
	}
	buf[len] = '\0';
	return (int32_t)add_file(s, path, buf, len);
}

void source_linecol(const struct source_set *s, uint32_t id, uint32_t offset,
		    uint32_t *line, uint32_t *col)
{
	const struct source_file *f = s->files[id];
	uint32_t lo = 0, hi = f->nlines; /* find last line_start <= offset */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (f->line_start[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = lo + 1;
	*col = offset - f->line_start[lo] + 1;
}

const char *source_line(const struct source_set *s, uint32_t id, uint32_t line, size_t *len)
{
	const struct source_file *f = s->files[id];
	if (line == 0 || line > f->nlines) {
		*len = 0;
		return "";
	}
	uint32_t start = f->line_start[line - 1];
	size_t end = line < f->nlines ? f->line_start[line] - 1 : f->len;
	if (end > start && f->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return f->text + start;
}
