/*
 * checker/check_mpi.c — the pair search over MPI ranks (see search.h, and
 * run_mpi's comment below): each rank owns, stores and expands the pairs
 * its hash chooses, and the search is the one a single process makes.
 * Compiled only with -Dmpi=enabled.
 */
#include "checker/search.h"

#include <stdlib.h>
#include <string.h>
#include <mpi.h>

#include "base/mem.h"

/* A successor on its way to the rank that owns it: its tag (its parent's
 * place in the sequential order << 32 | its number among the parent's
 * successors), then its key. */
static int cmp_tagged(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* Sort n records of w words by their first word (the tag). */
static void sort_tagged(uint64_t *v, size_t n, uint32_t w)
{
	if (w == 1) {
		qsort(v, n, sizeof *v, cmp_tagged);
		return;
	}
	/* sort an index, then permute */
	uint64_t *idx = xmalloc((n + 1) * 2 * sizeof *idx);
	for (size_t k = 0; k < n; k++) {
		idx[2 * k] = v[k * w];
		idx[2 * k + 1] = k;
	}
	qsort(idx, n, 2 * sizeof *idx, cmp_tagged);
	uint64_t *out = xmalloc((n * w + 1) * sizeof *out);
	for (size_t k = 0; k < n; k++)
		memcpy(out + k * w, v + idx[2 * k + 1] * w, w * sizeof *out);
	memcpy(v, out, n * w * sizeof *v);
	free(out);
	free(idx);
}

/* Send send[d] (words) to rank d, every rank at once; what arrives is in
 * *rbuf, rank d's part at rdispl[d] for rcount[d] words. */
static void exchange(wordvec *send, int size, wordvec *sbuf, wordvec *rbuf, int *scount, int *sdispl, int *rcount,
		     int *rdispl)
{
	sbuf->n = 0;
	for (int d = 0; d < size; d++) {
		scount[d] = (int)send[d].n;
		sdispl[d] = (int)sbuf->n;
		for (size_t k = 0; k < send[d].n; k++)
			vec_push(sbuf, send[d].v[k]);
	}
	MPI_Alltoall(scount, 1, MPI_INT, rcount, 1, MPI_INT, MPI_COMM_WORLD);
	size_t rn = 0;
	for (int d = 0; d < size; d++) {
		rdispl[d] = (int)rn;
		rn += (size_t)rcount[d];
	}
	while (rbuf->cap < rn + 1)
		vec_push(rbuf, 0);
	rbuf->n = rn;
	MPI_Alltoallv(sbuf->v, scount, sdispl, MPI_UINT64_T, rbuf->v, rcount, rdispl, MPI_UINT64_T, MPI_COMM_WORLD);
}

/* The cycle proviso of the pairs this rank reduced (checker/por.h, and
 * reduce() above): each successor a stubborn set keeps is looked up by
 * the rank that owns it, which answers whether it lies at a level already
 * expanded (index below hi); a pair any of whose kept successors does is
 * expanded fully. loc holds this super-batch's successor records (tag +
 * key, rw words), lcand and lkeep their pairs' candidate numbers and keep
 * flags; ok[c] says whether candidate c stays reduced. */
static void proviso_mpi(struct search *S, const struct itab *tab, uint64_t hi, const wordvec *loc, const uint32_t *lcand,
			const uint8_t *lkeep, uint8_t *ok, wordvec *send, wordvec *sbuf, wordvec *rbuf, int *counts)
{
	int size = S->o->mpi_size;
	uint32_t kw = S->kw, rw = kw + 1;
	int *scount = counts, *sdispl = counts + size, *rcount = counts + 2 * size, *rdispl = counts + 3 * size;
	for (int d = 0; d < size; d++)
		send[d].n = 0;
	size_t nl = loc->n / rw;
	for (size_t k = 0; k < nl; k++) {
		if (lcand[k] == UINT32_MAX || !lkeep[k])
			continue;
		const uint64_t *sk = loc->v + k * rw + 1;
		int d = (int)iset_part(iset_hash(sk, kw), (uint32_t)size);
		vec_push(&send[d], k);
		for (uint32_t x = 0; x < kw; x++)
			vec_push(&send[d], sk[x]);
	}
	exchange(send, size, sbuf, rbuf, scount, sdispl, rcount, rdispl);
	/* answer each question in place: (question << 1) | old, one word */
	size_t nq = rbuf->n / rw;
	for (size_t q = 0; q < nq; q++) {
		const uint64_t *rec = rbuf->v + q * rw;
		uint64_t idx = itab_find(tab, &S->store, rec + 1, iset_hash(rec + 1, kw));
		rbuf->v[q] = (rec[0] << 1) | (idx != UINT64_MAX && idx < hi);
	}
	for (int d = 0; d < size; d++) {
		rcount[d] /= (int)rw;
		rdispl[d] /= (int)rw;
		scount[d] /= (int)rw;
		sdispl[d] /= (int)rw;
	}
	while (sbuf->cap < nl + 1)
		vec_push(sbuf, 0);
	MPI_Alltoallv(rbuf->v, rcount, rdispl, MPI_UINT64_T, sbuf->v, scount, sdispl, MPI_UINT64_T, MPI_COMM_WORLD);
	size_t na = 0;
	for (int d = 0; d < size; d++)
		na += (size_t)scount[d];
	for (size_t j = 0; j < na; j++)
		if (sbuf->v[j] & 1)
			ok[lcand[sbuf->v[j] >> 1]] = 0;
}

/* Give the new pairs of a level their places: mine are tags[0 .. n),
 * ascending, (parent's place << 32 | number), the parents' places in
 * [lo, hi); the level's first place is `base`. A tag's place is base plus
 * the number of smaller tags over every rank, counted without any rank
 * seeing every tag: the parents' range is cut into size equal parts, rank
 * d ranks the tags whose parent is in part d (an exchange), the parts'
 * sizes are summed in rank order (MPI_Exscan), and the places go back to
 * the tags' owners (the reverse exchange), in the order they were sent,
 * which is the order of tags. So each rank sends and receives two words
 * for each of its own new pairs. */
struct ranked {
	uint64_t tag, at;
};

static int cmp_ranked(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	return a->tag < b->tag ? -1 : a->tag > b->tag;
}

static void place_level(const uint64_t *tags, size_t n, uint64_t lo, uint64_t hi, uint64_t base, int size,
			wordvec *send, wordvec *sbuf, wordvec *rbuf, int *counts, uint32_t *out)
{
	int *scount = counts, *sdispl = counts + size, *rcount = counts + 2 * size, *rdispl = counts + 3 * size;
	for (int d = 0; d < size; d++)
		send[d].n = 0;
	for (size_t k = 0; k < n; k++) {
		uint64_t d = ((tags[k] >> 32) - lo) * (uint64_t)size / (hi - lo);
		vec_push(&send[d], tags[k]);
	}
	exchange(send, size, sbuf, rbuf, scount, sdispl, rcount, rdispl);
	size_t m = rbuf->n;
	struct ranked *rk = xmalloc((m + 1) * sizeof *rk);
	for (size_t j = 0; j < m; j++)
		rk[j] = (struct ranked){rbuf->v[j], j};
	qsort(rk, m, sizeof *rk, cmp_ranked);
	uint64_t mine = m, before = 0;
	MPI_Exscan(&mine, &before, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
	int rank;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	if (rank == 0)
		before = 0; /* MPI_Exscan leaves rank 0's undefined */
	for (size_t j = 0; j < m; j++)
		rbuf->v[rk[j].at] = base + before + j;
	free(rk);
	/* back, in the order each rank sent them */
	while (sbuf->cap < n + 1)
		vec_push(sbuf, 0);
	MPI_Alltoallv(rbuf->v, rcount, rdispl, MPI_UINT64_T, sbuf->v, scount, sdispl, MPI_UINT64_T, MPI_COMM_WORLD);
	for (size_t k = 0; k < n; k++)
		out[k] = (uint32_t)sbuf->v[k];
}

/* The same level-synchronous search with the pairs distributed: each pair
 * is owned, stored and expanded by the rank its hash chooses, so a rank
 * keeps about 1/size of the store and of the visited set. A super-batch
 * is a range of places in the sequential order (the order one process
 * stores pairs in): each rank expands its pairs in that range, and sends
 * each successor, tagged with its place in the sequential order (its
 * parent's place << 32 | its number among the parent's successors), to
 * its owner, which inserts what it receives in tag order; so the first
 * discovery wins, as in one process. The ranks agree on the first
 * violation (the least place) and on stopping; at the end of a level the
 * new pairs get their places (place_level). So the search, and the
 * counterexample, which the ranks rebuild together (find_parent), are the
 * ones a single process finds. */
void search_run_mpi(struct search *S)
{
	struct check_result *r = S->r;
	int rank = S->o->mpi_rank, size = S->o->mpi_size;
	uint32_t kw = S->kw, rw = kw + 1; /* record: tag + key */
	const size_t SB = 4096 * (size_t)size; /* places a super-batch */
	uint64_t *key = xmalloc((size_t)kw * sizeof *key);
	struct itab tab;
	itab_init(&tab, (uint32_t)rank, (uint32_t)size);
	S->tab = &tab;
	VEC(uint32_t) gidx = {0};
	VEC(size_t) lstart = {0};
	make_pair(S, S->net->initial, 0, key);
	if ((int)iset_part(iset_hash(key, kw), (uint32_t)size) == rank) {
		search_insert_first(S, &tab, key);
		vec_push(&gidx, 0);
	}
	uint64_t G = 1; /* pairs so far, over every rank */
	S->count_all = G;
	vec_push(&S->level_start, 0);
	vec_push(&lstart, 0);
	wordvec *send = xcalloc((size_t)size, sizeof *send);
	int *counts = xmalloc((size_t)size * 4 * sizeof *counts);
	int *scount = counts, *sdispl = counts + size, *rcount = counts + 2 * size, *rdispl = counts + 3 * size;
	wordvec sbuf = {0}, rbuf = {0}, ftag = {0}, loc = {0};
	VEC(uint32_t) lcand = {0};
	VEC(uint8_t) lkeep = {0}, ok = {0};
	VEC(uint64_t) rhash = {0}, rpos = {0};
	VEC(bool) radded = {0};
	VEC(const uint64_t *) pending = {0};
	struct violation v = {0};
	uint64_t *vkey = xcalloc((size_t)kw, sizeof *vkey);
	bool found = false, stopped = false;
	for (uint32_t level = 0; !found && !stopped; level++) {
		size_t lo = S->level_start.v[level], hi = G;
		if (lo == hi)
			break;
		vec_push(&S->level_start, hi);
		size_t p = lstart.v[level], lhi = S->store.count; /* my pairs of the level */
		vec_push(&lstart, lhi);
		S->gidx = gidx.v;
		S->lstart = lstart.v;
		if (S->por && !S->por_off) {
			uint64_t reduced = 0;
			MPI_Allreduce(&S->por_reduced, &reduced, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
			search_por_give_up(S, level, reduced);
		}
		for (size_t i = lo; i < hi && !found && !stopped;) {
			size_t end = hi - i > SB ? i + SB : hi;
			uint64_t myviol = UINT64_MAX, mysucc = 0;
			struct violation mine = {0};
			loc.n = lcand.n = lkeep.n = 0;
			S->ncand = 0;
			for (; p < lhi && gidx.v[p] < end; p++) {
				memcpy(key, istore_key(&S->store, p), kw * sizeof *key);
				S->kbuf.n = S->kev.n = S->krule.n = 0;
				if (search_visit(S, key, gidx.v[p], level, &mine)) {
					myviol = (uint64_t)gidx.v[p] * (uint64_t)size + (uint64_t)rank;
					memcpy(vkey, key, kw * sizeof *key);
					break;
				}
				size_t n = S->kbuf.n / kw;
				for (size_t k = 0; k < n; k++) {
					vec_push(&loc, (uint64_t)gidx.v[p] << 32 | k);
					for (uint32_t x = 0; x < kw; x++)
						vec_push(&loc, S->kbuf.v[k * kw + x]);
					vec_push(&lcand, S->por ? S->kcand.v[k] : UINT32_MAX);
					vec_push(&lkeep, S->por ? S->kkeep.v[k] : 1);
				}
			}
			/* agree on the first violation (the least place) and on
			 * stopping */
			uint64_t flags[2] = {UINT64_MAX - myviol, search_out_of_budget(S) ? 1u : 0u}, agreed[2];
			MPI_Allreduce(flags, agreed, 2, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
			if (agreed[0]) {
				uint64_t least = UINT64_MAX - agreed[0];
				int root = (int)(least % (uint64_t)size);
				/* its rank tells the others what it found */
				size_t nb = 5 + (size_t)kw + S->w;
				uint64_t *buf = xcalloc(nb, sizeof *buf);
				if (root == rank) {
					buf[0] = mine.kind;
					buf[1] = mine.event;
					buf[2] = mine.rule;
					buf[3] = mine.to != NULL;
					memcpy(buf + 5, vkey, kw * sizeof *buf);
					if (mine.to)
						memcpy(buf + 5 + kw, mine.to, S->w * sizeof *buf);
				}
				MPI_Bcast(buf, (int)nb, MPI_UINT64_T, root, MPI_COMM_WORLD);
				v = (struct violation){(enum cex_kind)buf[0], least / (uint64_t)size, level,
						       (event_id)buf[1], (uint32_t)buf[2], NULL};
				if (buf[3]) {
					v.to = xmalloc((size_t)S->w * sizeof *v.to);
					memcpy(v.to, buf + 5 + kw, S->w * sizeof *v.to);
				}
				memcpy(vkey, buf + 5, kw * sizeof *vkey);
				free(buf);
				free(mine.to);
				found = true;
				break;
			}
			free(mine.to);
			ok.n = 0;
			for (uint32_t x = 0; x < S->ncand; x++)
				vec_push(&ok, 1);
			if (S->por)
				proviso_mpi(S, &tab, lhi, &loc, lcand.v, lkeep.v, ok.v, send, &sbuf, &rbuf, counts);
			for (uint32_t x = 0; x < S->ncand; x++)
				S->por_reduced += ok.v[x];
			for (int d = 0; d < size; d++)
				send[d].n = 0;
			for (size_t k = 0; k < loc.n / rw; k++) {
				if (lcand.v[k] != UINT32_MAX && ok.v[lcand.v[k]] && !lkeep.v[k])
					continue;
				const uint64_t *rec = loc.v + k * rw;
				int d = (int)iset_part(iset_hash(rec + 1, kw), (uint32_t)size);
				for (uint32_t x = 0; x < rw; x++)
					vec_push(&send[d], rec[x]);
				mysucc++;
			}
			uint64_t total = 0;
			MPI_Allreduce(&mysucc, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
			r->transitions += total;
			if (!agreed[1] && G + total >= UINT32_MAX - 1) {
				r->why = "state limit";
				agreed[1] = 1;
			}
			if (agreed[1]) {
				if (!r->why)
					r->why = "limit reached on another rank";
				stopped = true;
				break;
			}
			/* successors to their owners, inserted in the sequential
			 * order; the new ones take the next places of my store */
			exchange(send, size, &sbuf, &rbuf, scount, sdispl, rcount, rdispl);
			size_t nrec = rbuf.n / rw;
			sort_tagged(rbuf.v, nrec, rw);
			rhash.n = rpos.n = radded.n = pending.n = 0;
			for (size_t k = 0; k < nrec; k++) {
				vec_push(&rhash, iset_hash(rbuf.v + k * rw + 1, kw));
				vec_push(&rpos, 0);
				vec_push(&radded, false);
				vec_push(&pending, NULL);
			}
			uint64_t base = S->store.count, np = 0;
			if (!itab_reserve(&tab, &S->store, nrec, base + nrec))
				base_internal_error("check: a visited-set index does not fit");
			itab_insert(&tab, &S->store, base, rbuf.v + 1, rw, NULL, (uint32_t)nrec, rhash.v, radded.v, rpos.v,
				    pending.v, &np);
			uint64_t mynew = 0, an = 0;
			for (size_t k = 0; k < nrec; k++) {
				if (!radded.v[k])
					continue;
				istore_push(&S->store, rbuf.v + k * rw + 1);
				vec_push(&ftag, rbuf.v[k * rw]);
				mynew++;
			}
			MPI_Allreduce(&mynew, &an, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
			if (G + an > S->o->max_states) {
				/* one process stops at one state more than the limit */
				r->why = "state limit";
				stopped = true;
				G = S->o->max_states + 1;
			} else {
				G += an;
			}
			S->count_all = G;
			S->pending = mysucc;
			i = end;
		}
		if (found || stopped)
			break;
		/* the level's new pairs get their places in the sequential
		 * order (their tags are in my store's order) */
		if (gidx.n + ftag.n + 1 > gidx.cap) {
			/* grow by an eighth (realloc moves big arrays by
			 * remapping), not double: it is 4 bytes a pair */
			gidx.cap = gidx.n + ftag.n + 1 + (gidx.n + ftag.n) / 8 + 1024;
			gidx.v = xrealloc(gidx.v, gidx.cap * sizeof *gidx.v);
		}
		place_level(ftag.v, ftag.n, lo, hi, hi, size, send, &sbuf, &rbuf, counts, gidx.v + gidx.n);
		gidx.n += ftag.n;
		ftag.n = 0;
	}
	free(key);
	for (int d = 0; d < size; d++)
		vec_free(&send[d]);
	free(send);
	free(counts);
	vec_free(&loc);
	vec_free(&lcand);
	vec_free(&lkeep);
	vec_free(&ok);
	vec_free(&sbuf);
	vec_free(&rbuf);
	vec_free(&ftag);
	vec_free(&rhash);
	vec_free(&rpos);
	vec_free(&radded);
	vec_free(&pending);
	r->states = G;
	uint64_t mybytes = itab_bytes(&tab) + kset_bytes(&S->div) + istore_bytes(&S->store) +
			   gidx.cap * sizeof *gidx.v, bytes = 0;
	MPI_Allreduce(&mybytes, &bytes, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
	MPI_Allreduce(&S->por_reduced, &r->por_reduced, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
	r->peak_bytes = bytes;
	itab_free(&tab);
	S->tab = NULL;
	if (found) {
		r->verdict = CHECK_FAILED;
		S->gidx = gidx.v;
		S->lstart = lstart.v;
		search_build_cex(S, &v, vkey);
	} else {
		r->verdict = stopped ? CHECK_INCONCLUSIVE : CHECK_PASSED;
	}
	S->gidx = NULL;
	S->lstart = NULL;
	vec_free(&gidx);
	vec_free(&lstart);
	free(vkey);
	free(v.to);
	r->seconds = search_now() - S->t0;
}
