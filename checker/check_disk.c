/*
 * checker/check_disk.c — the pair search on disk, past the memory limit
 * (--spill-dir; see search_run_disk's comment below): delayed duplicate
 * detection over level files and a sorted visited set, with the external
 * sort of base/spill.c, giving the search in memory's verdicts, counts
 * and counterexamples.
 */
#include "checker/search.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/spill.h"

static int cmp_key(const uint64_t *a, const uint64_t *b, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

/* Stop a search on disk? (interrupt, time limit; memory is bounded) */
static bool disk_budget(struct search *S)
{
	const struct check_opts *o = S->o;
	struct check_result *r = S->r;
	double t = search_now();
	if (o->progress && t - S->last_progress >= 0.2) {
		S->last_progress = t;
		struct check_progress p = {S->count_all, r->transitions, (uint32_t)S->level_start.n - 1, t - S->t0};
		o->progress(o->progress_ctx, &p);
	}
	if (o->interrupted && *o->interrupted) {
		r->why = "interrupted";
		return true;
	}
	if (o->timeout > 0 && t - S->t0 > o->timeout) {
		r->why = "time limit";
		return true;
	}
	return false;
}

/* Why the disk search failed: the system's reason (errno), kept in a
 * static buffer since a result's `why` is not freed (one search at a time
 * runs on disk). */
static const char *disk_failure(void)
{
	static char why[200];
	snprintf(why, sizeof why, "could not write to the spill directory: %s",
		 errno ? strerror(errno) : "unknown error");
	return why;
}

/* Write n records of w words; false (and r->why) when the disk refuses. */
static bool disk_write(struct search *S, FILE *f, const uint64_t *rec, size_t n, uint32_t w)
{
	if (f && fwrite(rec, w * sizeof *rec, n, f) == n)
		return true;
	S->r->why = disk_failure();
	return false;
}

/* The search goes on from level `level` (expanded again from its start)
 * with everything on disk, as delayed duplicate detection: each level is
 * a file of records (tag, key) in the sequential order; the visited set
 * is one file of keys in key order. Expanding a level sends its successor
 * pairs, tagged as under MPI (parent's place << 32 | number), to an
 * external sort by key that keeps each key's least tag; merging that with
 * the visited set gives the new pairs, and a second sort by tag puts them
 * in the order one process in memory finds them. So verdicts, statistics
 * and counterexamples are those of the search in memory. Memory is the
 * sort buffers (half of what the store and visited set held when they
 * were let go) whatever the size of the search; each level costs a pass
 * over the visited set. */
void search_run_disk(struct search *S, uint32_t level)
{
	struct check_result *r = S->r;
	const char *dir = S->o->spill_dir;
	uint32_t kw = S->kw, rw = kw + 1;
	uint64_t G = S->level_start.v[level + 1];
	S->count_all = G;
	r->spill_level = level;
	size_t cap = (size_t)(istore_bytes(&S->store) / 2 / (rw * sizeof(uint64_t)));
	if (cap < 65536)
		cap = 65536;
	/* from now on the tables are two sort buffers at most */
	uint64_t bufs = 2 * (uint64_t)cap * rw * sizeof(uint64_t);
	if (bufs > r->peak_bytes)
		r->peak_bytes = bufs;
	VEC(FILE *) levels = {0};
	uint64_t *rec = xmalloc((size_t)rw * sizeof *rec), *vkey = xmalloc((size_t)kw * sizeof *vkey);
	bool ok = true, found = false, stopped = false;
	struct violation v = {0};
	/* the levels so far, from the store; then the store goes */
	for (uint32_t l = 0; l <= level && ok; l++) {
		FILE *f = spill_file(dir);
		vec_push(&levels, f);
		rec[0] = 0;
		for (uint64_t i = S->level_start.v[l]; i < S->level_start.v[l + 1] && ok; i++) {
			memcpy(rec + 1, istore_key(&S->store, i), kw * sizeof *rec);
			ok = disk_write(S, f, rec, 1, rw);
		}
		r->spilled_bytes += (S->level_start.v[l + 1] - S->level_start.v[l]) * rw * sizeof *rec;
	}
	istore_free(&S->store);
	S->levels = levels.v;
	/* the visited set: every key so far, sorted */
	struct spill_sorter srt;
	spill_sorter_init(&srt, dir, kw, kw, cap);
	struct spill_reader rd;
	for (uint32_t l = 0; l <= level && ok; l++) {
		spill_reader_open(&rd, levels.v[l], rw);
		for (const uint64_t *x; ok && (x = spill_reader_next(&rd));)
			ok = spill_sorter_add(&srt, x + 1);
		spill_reader_close(&rd);
	}
	uint64_t nv = 0;
	FILE *V = ok ? spill_sorted(&srt, &nv) : NULL;
	spill_sorter_free(&srt);
	ok = ok && V;
	VEC(uint8_t) bad = {0}; /* POR: candidates whose proviso fails, one bit each */
	for (uint32_t l = level; ok && !found && !stopped; l++) {
		/* partial order reduction: the cycle proviso asks whether a
		 * kept successor is at a level already expanded, that is in
		 * the visited set; a first pass collects those questions,
		 * sorted by key, and answers them in one merge with it */
		if (S->por && !S->por_off)
			search_por_give_up(S, l, r->por_reduced + S->por_reduced);
		bool por = S->por && !S->por_off;
		for (int pass = por ? 0 : 1; pass < 2 && ok && !found && !stopped; pass++) {
			/* pass 1: the successors (key, tag), sorted by key, least
			 * tag kept; pass 0: the questions (key, candidate) */
			spill_sorter_init(&srt, dir, rw, pass ? kw : rw, cap);
			spill_reader_open(&rd, levels.v[l], rw);
			uint64_t place = S->level_start.v[l];
			S->ncand = 0;
			for (const uint64_t *x; ok && (x = spill_reader_next(&rd)); place++) {
				if ((place & 1023) == 0 && disk_budget(S)) {
					stopped = true;
					break;
				}
				memcpy(vkey, x + 1, kw * sizeof *vkey);
				S->kbuf.n = S->kev.n = S->krule.n = 0;
				uint32_t cand0 = S->ncand;
				if (search_visit(S, vkey, place, l, &v)) {
					found = true;
					break;
				}
				size_t n = S->kbuf.n / kw;
				for (size_t k = 0; k < n && ok; k++) {
					uint32_t c = por ? S->kcand.v[k] : UINT32_MAX;
					if (pass == 0 && (c == UINT32_MAX || !S->kkeep.v[k]))
						continue;
					if (pass == 1 && c != UINT32_MAX && !(bad.v[c / 8] >> (c % 8) & 1) && !S->kkeep.v[k])
						continue; /* reduced away */
					memcpy(rec, S->kbuf.v + k * kw, kw * sizeof *rec);
					rec[kw] = pass ? place << 32 | k : c;
					r->transitions += pass;
					ok = spill_sorter_add(&srt, rec);
				}
				if (pass == 1 && S->ncand > cand0 && !(bad.v[cand0 / 8] >> (cand0 % 8) & 1))
					S->por_reduced++;
			}
			spill_reader_close(&rd);
			if (pass == 1 || found || stopped || !ok)
				break;
			/* answer the questions */
			bad.n = 0;
			for (uint32_t c = 0; c < S->ncand / 8 + 1; c++)
				vec_push(&bad, 0);
			uint64_t nq = 0;
			FILE *Q = spill_sorted(&srt, &nq);
			spill_sorter_free(&srt);
			if (!Q) {
				ok = false;
				break;
			}
			struct spill_reader rv, rq;
			spill_reader_open(&rv, V, kw);
			spill_reader_open(&rq, Q, rw);
			const uint64_t *a = spill_reader_next(&rv);
			for (const uint64_t *q; (q = spill_reader_next(&rq));) {
				while (a && cmp_key(a, q, kw) < 0)
					a = spill_reader_next(&rv);
				if (a && cmp_key(a, q, kw) == 0)
					bad.v[q[kw] / 8] |= (uint8_t)(1u << (q[kw] % 8));
			}
			spill_reader_close(&rv);
			spill_reader_close(&rq);
			fclose(Q);
		}
		if (found || stopped || !ok) {
			spill_sorter_free(&srt);
			break;
		}
		uint64_t nc = 0;
		FILE *C = spill_sorted(&srt, &nc);
		spill_sorter_free(&srt);
		if (!C) {
			ok = false;
			break;
		}
		/* merge with the visited set: the new pairs, (tag, key), to a
		 * sort by tag; the visited set with them to a new file */
		FILE *V2 = spill_file(dir);
		spill_sorter_init(&srt, dir, rw, rw, cap);
		struct spill_reader rv, rc;
		spill_reader_open(&rv, V, kw);
		spill_reader_open(&rc, C, rw);
		const uint64_t *a = spill_reader_next(&rv), *b = spill_reader_next(&rc);
		while (ok && (a || b)) {
			int c = !a ? 1 : !b ? -1 : cmp_key(a, b, kw);
			if (c <= 0) {
				ok = disk_write(S, V2, a, 1, kw);
				a = spill_reader_next(&rv);
				if (c == 0)
					b = spill_reader_next(&rc);
				continue;
			}
			ok = disk_write(S, V2, b, 1, kw);
			rec[0] = b[kw];
			memcpy(rec + 1, b, kw * sizeof *rec);
			ok = ok && spill_sorter_add(&srt, rec);
			b = spill_reader_next(&rc);
		}
		spill_reader_close(&rv);
		spill_reader_close(&rc);
		fclose(C);
		fclose(V);
		V = V2;
		uint64_t nn = 0;
		FILE *next = ok ? spill_sorted(&srt, &nn) : NULL;
		spill_sorter_free(&srt);
		if (!ok || !next || fflush(V) != 0) {
			if (next)
				fclose(next);
			ok = false;
			break;
		}
		nv += nn;
		r->spilled_bytes += (nc + nn) * rw * sizeof(uint64_t) + nv * kw * sizeof(uint64_t);
		vec_push(&levels, next);
		S->levels = levels.v;
		if (G + nn > S->o->max_states) {
			/* one process stops at one state more than the limit */
			r->why = "state limit";
			G = S->o->max_states + 1;
			stopped = true;
		} else {
			G += nn;
		}
		S->count_all = G;
		vec_push(&S->level_start, G);
		if (nn == 0)
			break;
	}
	if (!ok && !r->why)
		r->why = disk_failure();
	vec_free(&bad);
	r->por_reduced += S->por_reduced;
	r->states = G;
	if (found) {
		r->verdict = CHECK_FAILED;
		search_build_cex(S, &v, vkey);
	} else {
		r->verdict = stopped || !ok ? CHECK_INCONCLUSIVE : CHECK_PASSED;
	}
	if (V)
		fclose(V);
	for (size_t l = 0; l < levels.n; l++)
		if (levels.v[l])
			fclose(levels.v[l]);
	vec_free(&levels);
	S->levels = NULL;
	free(v.to);
	free(rec);
	free(vkey);
	r->seconds = search_now() - S->t0;
}

