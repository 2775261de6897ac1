/*
 * base/spill.h — records on disk: anonymous temporary files, and an
 * external sort (sorted runs, merged) of fixed-width records.
 *
 * A record is `width` 64-bit words, ordered word by word. A sorter takes
 * records in any order, keeps up to `cap` of them in memory, and when
 * that is full sorts them and writes them out as a run; spill_sorted()
 * then merges the runs (and what is left in memory) into one file in
 * order. Records whose first `keyw` words agree are duplicates: only the
 * least of them is kept (so a record (key, tag) sorted with keyw = key's
 * width keeps each key once, with its least tag).
 *
 * Files are created in the directory given and unlinked at once, so they
 * vanish when closed, or when the process ends however it ends.
 */
#ifndef BASE_SPILL_H
#define BASE_SPILL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* An empty read-write file in dir that has no name (NULL when it cannot
 * be made; errno says why). */
FILE *spill_file(const char *dir);

/* A file of records being read back in order. */
struct spill_reader {
	FILE *f;
	uint32_t width;
	uint64_t *buf;
	size_t n, at, cap;    /* records in buf, the next one, buf's size */
};

/* Read f (from its start) as records of width words. */
void spill_reader_open(struct spill_reader *r, FILE *f, uint32_t width);
/* The next record, or NULL at the end (valid until the next call). */
const uint64_t *spill_reader_next(struct spill_reader *r);
void spill_reader_close(struct spill_reader *r); /* frees the buffer, not f */

struct spill_sorter {
	const char *dir;
	uint32_t width, keyw;
	uint64_t *buf;        /* cap records */
	size_t n, cap;
	FILE **runs;
	uint32_t nruns, capruns;
	bool failed;          /* a write failed */
};

void spill_sorter_init(struct spill_sorter *s, const char *dir, uint32_t width, uint32_t keyw, size_t cap);
/* Add a record; false when a run could not be written (disk full). */
bool spill_sorter_add(struct spill_sorter *s, const uint64_t *rec);
/* Every record added, sorted and without duplicates, in a new file (at
 * its start), with *count records; NULL on a write failure. The sorter is
 * empty again after. */
FILE *spill_sorted(struct spill_sorter *s, uint64_t *count);
void spill_sorter_free(struct spill_sorter *s);

#endif
