/*
 * base/spill.c — temporary files and the external sort (see spill.h).
 */
#include "base/spill.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"

FILE *spill_file(const char *dir)
{
	size_t n = strlen(dir);
	char *path = xmalloc(n + 32);
	memcpy(path, dir, n);
	strcpy(path + n, "/cspcheck-spill-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	unlink(path);
	free(path);
	FILE *f = fdopen(fd, "w+b");
	if (!f)
		close(fd);
	return f;
}

/* records per read or write */
#define IO_RECORDS 8192

void spill_reader_open(struct spill_reader *r, FILE *f, uint32_t width)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->width = width;
	r->cap = IO_RECORDS;
	r->buf = xmalloc(r->cap * width * sizeof *r->buf);
	rewind(f);
}

const uint64_t *spill_reader_next(struct spill_reader *r)
{
	if (r->at == r->n) {
		r->n = fread(r->buf, r->width * sizeof *r->buf, r->cap, r->f);
		r->at = 0;
		if (r->n == 0)
			return NULL;
	}
	return r->buf + r->at++ * r->width;
}

void spill_reader_close(struct spill_reader *r)
{
	free(r->buf);
	memset(r, 0, sizeof *r);
}

static int cmp_words(const uint64_t *a, const uint64_t *b, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

static _Thread_local uint32_t sort_width;

static int cmp_record(const void *x, const void *y)
{
	return cmp_words(x, y, sort_width);
}

void spill_sorter_init(struct spill_sorter *s, const char *dir, uint32_t width, uint32_t keyw, size_t cap)
{
	memset(s, 0, sizeof *s);
	s->dir = dir;
	s->width = width;
	s->keyw = keyw;
	s->cap = cap ? cap : 1;
	s->buf = xmalloc(s->cap * width * sizeof *s->buf);
}

/* Sort the records in memory and drop duplicates. */
static void sort_buffer(struct spill_sorter *s)
{
	uint32_t w = s->width;
	sort_width = w;
	qsort(s->buf, s->n, w * sizeof *s->buf, cmp_record);
	size_t m = 0;
	for (size_t k = 0; k < s->n; k++) {
		const uint64_t *rec = s->buf + k * w;
		if (m > 0 && cmp_words(s->buf + (m - 1) * w, rec, s->keyw) == 0)
			continue;
		if (m != k)
			memcpy(s->buf + m * w, rec, w * sizeof *rec);
		m++;
	}
	s->n = m;
}

/* The records in memory, sorted, as one more run. */
static bool write_run(struct spill_sorter *s)
{
	sort_buffer(s);
	FILE *f = spill_file(s->dir);
	if (!f || fwrite(s->buf, s->width * sizeof *s->buf, s->n, f) != s->n || fflush(f) != 0) {
		if (f)
			fclose(f);
		s->failed = true;
		return false;
	}
	if (s->nruns == s->capruns) {
		s->capruns = s->capruns ? 2 * s->capruns : 8;
		s->runs = xrealloc(s->runs, s->capruns * sizeof *s->runs);
	}
	s->runs[s->nruns++] = f;
	s->n = 0;
	return true;
}

bool spill_sorter_add(struct spill_sorter *s, const uint64_t *rec)
{
	if (s->failed)
		return false;
	if (s->n == s->cap && !write_run(s))
		return false;
	memcpy(s->buf + s->n * s->width, rec, s->width * sizeof *rec);
	s->n++;
	return true;
}

/* A binary heap of run numbers, least current record on top. */
struct heap {
	uint32_t *v, n;
	struct spill_reader *rd;
	const uint64_t **cur;
	uint32_t width;
};

static bool heap_less(const struct heap *h, uint32_t a, uint32_t b)
{
	int c = cmp_words(h->cur[a], h->cur[b], h->width);
	return c < 0 || (c == 0 && a < b);
}

static void heap_down(struct heap *h, uint32_t i)
{
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && heap_less(h, h->v[l], h->v[m]))
			m = l;
		if (r < h->n && heap_less(h, h->v[r], h->v[m]))
			m = r;
		if (m == i)
			return;
		uint32_t t = h->v[i];
		h->v[i] = h->v[m];
		h->v[m] = t;
		i = m;
	}
}

FILE *spill_sorted(struct spill_sorter *s, uint64_t *count)
{
	*count = 0;
	if (s->failed)
		return NULL;
	uint32_t w = s->width;
	FILE *out = spill_file(s->dir);
	if (!out) {
		s->failed = true;
		return NULL;
	}
	bool ok = true;
	if (s->nruns == 0) {
		/* everything fitted in memory */
		sort_buffer(s);
		ok = fwrite(s->buf, w * sizeof *s->buf, s->n, out) == s->n;
		*count = s->n;
		s->n = 0;
	} else {
		if (s->n > 0 && !write_run(s)) {
			fclose(out);
			return NULL;
		}
		/* merge the runs; the last record written is kept in `last`
		 * to drop duplicates across runs */
		struct heap h = {xmalloc(s->nruns * sizeof *h.v), 0, xcalloc(s->nruns, sizeof *h.rd),
				 xcalloc(s->nruns, sizeof *h.cur), w};
		for (uint32_t k = 0; k < s->nruns; k++) {
			spill_reader_open(&h.rd[k], s->runs[k], w);
			h.cur[k] = spill_reader_next(&h.rd[k]);
			if (h.cur[k])
				h.v[h.n++] = k;
		}
		for (uint32_t i = h.n / 2; i-- > 0;)
			heap_down(&h, i);
		uint64_t *last = xmalloc(w * sizeof *last), *obuf = xmalloc((size_t)IO_RECORDS * w * sizeof *obuf);
		size_t on = 0;
		bool any = false;
		while (h.n > 0 && ok) {
			uint32_t k = h.v[0];
			const uint64_t *rec = h.cur[k];
			if (!any || cmp_words(last, rec, s->keyw) != 0) {
				memcpy(last, rec, w * sizeof *last);
				memcpy(obuf + on * w, rec, w * sizeof *obuf);
				any = true;
				(*count)++;
				if (++on == IO_RECORDS) {
					ok = fwrite(obuf, w * sizeof *obuf, on, out) == on;
					on = 0;
				}
			}
			h.cur[k] = spill_reader_next(&h.rd[k]);
			if (!h.cur[k])
				h.v[0] = h.v[--h.n];
			heap_down(&h, 0);
		}
		if (ok && on > 0)
			ok = fwrite(obuf, w * sizeof *obuf, on, out) == on;
		for (uint32_t k = 0; k < s->nruns; k++) {
			spill_reader_close(&h.rd[k]);
			fclose(s->runs[k]);
		}
		s->nruns = 0;
		free(last);
		free(obuf);
		free(h.v);
		free(h.rd);
		free(h.cur);
	}
	if (!ok || fflush(out) != 0) {
		fclose(out);
		s->failed = true;
		return NULL;
	}
	rewind(out);
	return out;
}

void spill_sorter_free(struct spill_sorter *s)
{
	for (uint32_t k = 0; k < s->nruns; k++)
		fclose(s->runs[k]);
	free(s->runs);
	free(s->buf);
	memset(s, 0, sizeof *s);
}
