/*
 * semantics/prelude.c — FDR's built-in functions and constants.
 *
 * Each built-in is dispatched by its name in builtin_table (scope.c).
 * Set and sequence functions compute values; process constructors (CHAOS,
 * RUN, compressions, prioritise, buffers, Timed helpers) build terms
 * that later stages give meaning to. Errors (head(<>), error("..."),
 * mapLookup of a missing key, card of an infinite set) are run-time
 * errors at the call.
 */
#include "semantics/eval_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static bool is(unsigned b, const char *name)
{
	return strcmp(builtin_table[b].name, name) == 0;
}

static value_id term0(struct eval *ev, enum term_op op)
{
	return make_proc(ev, op, NULL, 0);
}

value_id prelude_constant(struct eval *ev, unsigned b, struct span at)
{
	struct value_table *vt = ev->vt;
	if (is(b, "Int"))
		return value_setexpr(vt, SX_INT, 0, NULL, 0);
	if (is(b, "Char"))
		return value_setexpr(vt, SX_CHAR, 0, NULL, 0);
	if (is(b, "Proc"))
		return value_setexpr(vt, SX_PROCS, 0, NULL, 0);
	if (is(b, "Bool")) {
		value_id bs[2] = {value_bool(vt, false), value_bool(vt, true)};
		return value_set(vt, bs, 2);
	}
	if (is(b, "True"))
		return value_bool(vt, true);
	if (is(b, "False"))
		return value_bool(vt, false);
	if (is(b, "Events"))
		return dot_all_events(ev, at);
	if (is(b, "STOP"))
		return term0(ev, TERM_STOP);
	if (is(b, "SKIP"))
		return term0(ev, TERM_SKIP);
	if (is(b, "DIV"))
		return term0(ev, TERM_DIV);
	if (is(b, "emptyMap"))
		return value_map(vt, NULL, NULL, 0);
	eval_error(ev, at, "'%s' is not supported yet", builtin_table[b].name);
}

static value_id need_set(struct eval *ev, value_id v, struct span at)
{
	if (!value_is_set(ev->vt, v))
		eval_error(ev, at, "expected a set here");
	return v;
}

static const struct value *need_seq(struct eval *ev, value_id v, struct span at)
{
	if (value_kind(ev->vt, v) != VK_SEQ)
		eval_error(ev, at, "expected a sequence here");
	return value_get(ev->vt, v);
}

static const struct value *need_map(struct eval *ev, value_id v, struct span at)
{
	if (value_kind(ev->vt, v) != VK_MAP)
		eval_error(ev, at, "expected a map here");
	return value_get(ev->vt, v);
}

/* Copy the elements of a value (the table may move while we build). */
static value_id *elems_of(struct eval *ev, value_id v, uint32_t *n)
{
	const struct value *x = value_get(ev->vt, v);
	*n = x->n;
	value_id *e = scratch(ev, (x->n ? x->n : 1) * sizeof *e);
	copy_bytes(e, x->elems, x->n * sizeof *e);
	return e;
}

static value_id apply_term(struct eval *ev, unsigned b, const value_id *args, uint32_t n)
{
	uint64_t a[8];
	a[0] = b;
	for (uint32_t i = 0; i < n && i < 7; i++)
		a[i + 1] = args[i];
	return make_proc(ev, TERM_APPLY, a, n + 1);
}

static value_id show(struct eval *ev, value_id v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		base_internal_error("open_memstream failed");
	eval_print_to(ev, m, v);
	fclose(m);
	value_id s = value_string(ev->vt, buf, len);
	free(buf);
	return s;
}

/* The elements of a string value as a C string (for error()). */
static char *c_string(struct eval *ev, value_id v)
{
	const struct value *x = value_get(ev->vt, v);
	char *s = scratch(ev, (size_t)x->n * 4 + 1);
	size_t k = 0;
	for (uint32_t i = 0; i < x->n; i++) {
		const struct value *c = value_get(ev->vt, x->elems[i]);
		int64_t cp = c->kind == VK_CHAR ? c->u.i : '?';
		if (cp < 0x80) {
			s[k++] = (char)cp;
		} else if (cp < 0x800) {
			s[k++] = (char)(0xc0 | (cp >> 6));
			s[k++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			s[k++] = (char)(0xe0 | (cp >> 12));
			s[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[k++] = (char)(0x80 | (cp & 0x3f));
		} else {
			s[k++] = (char)(0xf0 | (cp >> 18));
			s[k++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			s[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[k++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	s[k] = '\0';
	return s;
}

value_id prelude_call(struct eval *ev, unsigned b, const value_id *args, uint32_t n, struct span at)
{
	struct value_table *vt = ev->vt;
	const char *name = builtin_table[b].name;
	int want = builtin_table[b].arity;
	if (is(b, "relational_image") || is(b, "relational_inverse_image"))
		want = n == 2 ? 2 : 1;
	if (want >= 0 && (uint32_t)want != n)
		eval_error(ev, at, "'%s' takes %d argument%s but is given %u", name, want, want == 1 ? "" : "s", n);
	/* sets */
	if (is(b, "union"))
		return value_union(vt, need_set(ev, args[0], at), need_set(ev, args[1], at));
	if (is(b, "inter"))
		return value_inter(vt, need_set(ev, args[0], at), need_set(ev, args[1], at));
	if (is(b, "diff"))
		return value_diff(vt, need_set(ev, args[0], at), need_set(ev, args[1], at));
	if (is(b, "Union") || is(b, "Inter")) {
		uint32_t k;
		value_id *sets = elems_of(ev, eval_enumerate(ev, need_set(ev, args[0], at), at), &k);
		bool uni = is(b, "Union");
		if (!uni && k == 0) {
			eval_error(ev, at, "Inter of an empty set of sets");
		}
		value_id r = uni ? value_set(vt, NULL, 0) : sets[0];
		for (uint32_t i = uni ? 0 : 1; i < k; i++)
			r = uni ? value_union(vt, r, need_set(ev, sets[i], at)) : value_inter(vt, r, need_set(ev, sets[i], at));
		return r;
	}
	if (is(b, "member"))
		return value_bool(vt, value_member(vt, args[0], need_set(ev, args[1], at)));
	if (is(b, "card"))
		return value_int(vt, value_get(vt, eval_enumerate(ev, need_set(ev, args[0], at), at))->n);
	if (is(b, "empty")) {
		need_set(ev, args[0], at);
		if (value_set_finite(vt, args[0]))
			return value_bool(vt, value_get(vt, eval_enumerate(ev, args[0], at))->n == 0);
		return value_bool(vt, false);
	}
	if (is(b, "set")) {
		const struct value *s = need_seq(ev, args[0], at);
		return value_set(vt, s->elems, s->n);
	}
	if (is(b, "Set"))
		return value_setexpr(vt, SX_SETS, 0, &args[0], 1);
	if (is(b, "Seq"))
		return value_setexpr(vt, SX_SEQS, 0, &args[0], 1);
	if (is(b, "seq")) {
		value_id s = eval_enumerate(ev, need_set(ev, args[0], at), at);
		const struct value *x = value_get(vt, s);
		return value_seq(vt, x->elems, x->n);
	}
	/* sequences; an infinite one answers head, tail and null only */
	if (n == 1 && eval_lazy_of(ev, args[0])) {
		struct lazy *l = eval_lazy_of(ev, args[0]);
		if (is(b, "head")) {
			value_id x = eval_lazy_at(ev, l, 0);
			if (!x)
				eval_error(ev, at, "head of the empty sequence");
			return x;
		}
		if (is(b, "tail")) {
			if (!eval_lazy_at(ev, l, 0))
				eval_error(ev, at, "tail of the empty sequence");
			return eval_lazy_tail(ev, args[0]);
		}
		if (is(b, "null"))
			return value_bool(vt, eval_lazy_at(ev, l, 0) == VALUE_NONE);
		eval_error(ev, at, "%s of an infinite sequence cannot be computed", name);
	}
	if (is(b, "length"))
		return value_int(vt, need_seq(ev, args[0], at)->n);
	if (is(b, "null"))
		return value_bool(vt, need_seq(ev, args[0], at)->n == 0);
	if (is(b, "head")) {
		const struct value *s = need_seq(ev, args[0], at);
		if (s->n == 0)
			eval_error(ev, at, "head of the empty sequence");
		return s->elems[0];
	}
	if (is(b, "tail")) {
		const struct value *s = need_seq(ev, args[0], at);
		if (s->n == 0)
			eval_error(ev, at, "tail of the empty sequence");
		return value_seq(vt, s->elems + 1, s->n - 1);
	}
	if (is(b, "concat")) {
		uint32_t k;
		value_id *seqs = elems_of(ev, args[0], &k);
		need_seq(ev, args[0], at);
		value_id r = value_seq(vt, NULL, 0);
		for (uint32_t i = 0; i < k; i++) {
			need_seq(ev, seqs[i], at);
			r = value_concat(vt, r, seqs[i]);
		}
		return r;
	}
	if (is(b, "elem")) {
		const struct value *s = need_seq(ev, args[1], at);
		for (uint32_t i = 0; i < s->n; i++)
			if (s->elems[i] == args[0])
				return value_bool(vt, true);
		return value_bool(vt, false);
	}
	/* maps */
	if (is(b, "mapFromList")) {
		uint32_t k;
		value_id *pairs = elems_of(ev, args[0], &k);
		need_seq(ev, args[0], at);
		value_id *ks = scratch(ev, (k ? k : 1) * sizeof *ks), *vs = scratch(ev, (k ? k : 1) * sizeof *vs);
		for (uint32_t i = 0; i < k; i++) {
			const struct value *p = value_get(vt, pairs[i]);
			if (p->kind != VK_TUPLE || p->n != 2) {
				eval_error(ev, at, "mapFromList takes a sequence of pairs");
			}
			ks[i] = p->elems[0];
			vs[i] = p->elems[1];
		}
		value_id r = value_map(vt, ks, vs, k);
		return r;
	}
	if (is(b, "mapLookup")) {
		need_map(ev, args[0], at);
		value_id r = value_map_lookup(vt, args[0], args[1]);
		if (!r)
			eval_error(ev, at, "mapLookup: the key is not in the map");
		return r;
	}
	if (is(b, "mapMember")) {
		need_map(ev, args[0], at);
		return value_bool(vt, value_map_lookup(vt, args[0], args[1]) != VALUE_NONE);
	}
	if (is(b, "mapToList")) {
		const struct value *m = need_map(ev, args[0], at);
		uint32_t k = m->n / 2;
		value_id *out = scratch(ev, (k ? k : 1) * sizeof *out);
		for (uint32_t i = 0; i < k; i++) {
			const struct value *mm = value_get(vt, args[0]);
			value_id p[2] = {mm->elems[2 * i], mm->elems[2 * i + 1]};
			out[i] = value_tuple(vt, p, 2);
		}
		value_id r = value_seq(vt, out, k);
		return r;
	}
	if (is(b, "mapUpdate") || is(b, "mapDelete") || is(b, "mapUpdateMultiple")) {
		const struct value *m = need_map(ev, args[0], at);
		uint32_t k = m->n / 2;
		VEC(value_id) ks = {0}, vs = {0};
		for (uint32_t i = 0; i < k; i++) {
			const struct value *mm = value_get(vt, args[0]);
			if (is(b, "mapDelete") && mm->elems[2 * i] == args[1])
				continue;
			svec_push(ev, &ks, mm->elems[2 * i]);
			svec_push(ev, &vs, mm->elems[2 * i + 1]);
		}
		if (is(b, "mapUpdate")) {
			svec_push(ev, &ks, args[1]);
			svec_push(ev, &vs, args[2]);
		} else if (is(b, "mapUpdateMultiple")) {
			uint32_t np;
			value_id *pairs = elems_of(ev, args[1], &np);
			for (uint32_t i = 0; i < np; i++) {
				const struct value *p = value_get(vt, pairs[i]);
				if (p->kind == VK_TUPLE && p->n == 2) {
					svec_push(ev, &ks, p->elems[0]);
					svec_push(ev, &vs, value_get(vt, pairs[i])->elems[1]);
				}
			}
		}
		value_id r = value_map(vt, ks.v, vs.v, (uint32_t)ks.n);
		return r;
	}
	/* FDR3 extensions */
	if (is(b, "error")) {
		need_seq(ev, args[0], at);
		char *msg = c_string(ev, args[0]);
		char copy[512];
		snprintf(copy, sizeof copy, "%s", msg);
		eval_error(ev, at, "%s", copy);
	}
	if (is(b, "show"))
		return show(ev, args[0]);
	if (is(b, "productions"))
		return dot_productions(ev, args[0], at);
	if (is(b, "extensions")) {
		dot_check_extensions(ev, args[0], at);
		value_id ps = dot_productions(ev, args[0], at);
		uint32_t k;
		value_id *all = elems_of(ev, ps, &k);
		VEC(value_id) out = {0};
		for (uint32_t i = 0; i < k; i++) {
			uint32_t rn;
			const value_id *rest = dot_remainder(ev, args[0], all[i], &rn);
			if (!rest)
				continue;
			if (rn == 0)
				continue;
			svec_push(ev, &out, rn == 1 ? rest[0] : value_dot(vt, rest[0], rest + 1, rn - 1));
		}
		value_id r = value_set(vt, out.v, (uint32_t)out.n);
		return r;
	}
	/* relations */
	if (is(b, "transpose")) {
		uint32_t k;
		value_id *ps = elems_of(ev, eval_enumerate(ev, need_set(ev, args[0], at), at), &k);
		for (uint32_t i = 0; i < k; i++) {
			const struct value *p = value_get(vt, ps[i]);
			value_id t[2] = {p->elems[1], p->elems[0]};
			ps[i] = value_tuple(vt, t, 2);
		}
		value_id r = value_set(vt, ps, k);
		return r;
	}
	/* processes */
	if (is(b, "CHAOS") || is(b, "RUN")) {
		uint64_t a[1] = {need_set(ev, args[0], at)};
		return make_proc(ev, is(b, "CHAOS") ? TERM_CHAOS : TERM_RUN, a, 1);
	}
	if (is(b, "relational_image") || is(b, "relational_inverse_image")) {
		/* relational_image(R)(x) = {b | (a, b) <- R, a == x} */
		if (n == 1)
			return eval_partial(ev, b, args, 1);
		bool inv = is(b, "relational_inverse_image");
		uint32_t k;
		value_id *ps = elems_of(ev, eval_enumerate(ev, need_set(ev, args[0], at), at), &k);
		VEC(value_id) out = {0};
		for (uint32_t i = 0; i < k; i++) {
			const struct value *p = value_get(vt, ps[i]);
			if (p->kind == VK_TUPLE && p->n == 2 && p->elems[inv ? 1 : 0] == args[1])
				svec_push(ev, &out, p->elems[inv ? 0 : 1]);
		}
		value_id r = value_set(vt, out.v, (uint32_t)out.n);
		return r;
	}
	if (is(b, "mtransclose")) {
		/* The classes of the equivalence R generates on D: each class
		 * of two or more is given as pairs (rep, y), rep its least
		 * element, for every other member y. */
		uint32_t nd, nr;
		value_id *dom = elems_of(ev, eval_enumerate(ev, need_set(ev, args[1], at), at), &nd);
		value_id *rel = elems_of(ev, eval_enumerate(ev, need_set(ev, args[0], at), at), &nr);
		uint32_t *parent = scratch(ev, (nd ? nd : 1) * sizeof *parent);
		for (uint32_t i = 0; i < nd; i++)
			parent[i] = i;
		for (uint32_t k = 0; k < nr; k++) {
			const struct value *p = value_get(vt, rel[k]);
			if (p->kind != VK_TUPLE || p->n != 2)
				continue;
			/* dom is sorted by value_cmp: find both ends */
			int64_t ia = -1, ib = -1;
			for (uint32_t i = 0; i < nd; i++) {
				if (dom[i] == p->elems[0])
					ia = i;
				if (dom[i] == p->elems[1])
					ib = i;
			}
			if (ia < 0 || ib < 0)
				continue;
			uint32_t ra = (uint32_t)ia, rb = (uint32_t)ib;
			while (parent[ra] != ra)
				ra = parent[ra];
			while (parent[rb] != rb)
				rb = parent[rb];
			if (ra != rb)
				parent[ra > rb ? ra : rb] = ra < rb ? ra : rb; /* the least stays root */
		}
		VEC(value_id) out = {0};
		for (uint32_t i = 0; i < nd; i++) {
			uint32_t r = i;
			while (parent[r] != r)
				r = parent[r];
			if (r != i) {
				value_id t[2] = {dom[r], dom[i]};
				svec_push(ev, &out, value_tuple(vt, t, 2));
			}
		}
		value_id res = value_set(vt, out.v, (uint32_t)out.n);
		return res;
	}
	if (is(b, "Map")) {
		/* every partial map from K to V */
		value_id ks = eval_enumerate(ev, need_set(ev, args[0], at), at);
		value_id vs = eval_enumerate(ev, need_set(ev, args[1], at), at);
		uint32_t nk = value_get(vt, ks)->n, nv = value_get(vt, vs)->n;
		double count = 1;
		for (uint32_t i = 0; i < nk; i++)
			count *= nv + 1;
		if (count > (1 << 20))
			eval_error(ev, at, "Map(K, V) has too many maps to build (%.0f)", count);
		VEC(value_id) maps = {0};
		uint32_t *choice = scratch_zero(ev, (nk ? nk : 1) * sizeof *choice);
		value_id *mk = scratch(ev, (nk ? nk : 1) * sizeof *mk), *mv = scratch(ev, (nk ? nk : 1) * sizeof *mv);
		for (;;) {
			uint32_t m = 0;
			for (uint32_t i = 0; i < nk; i++) {
				if (choice[i] == 0)
					continue;
				mk[m] = value_get(vt, ks)->elems[i];
				mv[m] = value_get(vt, vs)->elems[choice[i] - 1];
				m++;
			}
			svec_push(ev, &maps, value_map(vt, mk, mv, m));
			uint32_t i = 0;
			while (i < nk && ++choice[i] > nv)
				choice[i++] = 0;
			if (i == nk)
				break;
		}
		value_id r = value_set(vt, maps.v, (uint32_t)maps.n);
		return r;
	}
	/* compressions, prioritise, watchdogs, buffers, Timed helpers: terms
	 * that the LTS stage interprets, after the checks FDR makes on their
	 * arguments */
	if ((is(b, "prioritise") || is(b, "prioritise_nocache")) && n == 2) {
		/* <X1, ..., Xn>: non-empty (libcspm), and the sets disjoint, as
		 * the operator is defined for (an event in two sets would have
		 * two priorities) */
		if (need_seq(ev, args[1], at)->n == 0)
			eval_error(ev, at, "%s needs a non-empty sequence of event sets", name);
		uint32_t k;
		value_id *sets = elems_of(ev, args[1], &k);
		for (uint32_t i = 0; i < k; i++)
			sets[i] = eval_enumerate(ev, need_set(ev, sets[i], at), at);
		for (uint32_t i = 0; i < k; i++) {
			for (uint32_t j = i + 1; j < k; j++) {
				/* sets are sorted id arrays: merge */
				const struct value *x = value_get(vt, sets[i]), *y = value_get(vt, sets[j]);
				uint32_t p = 0, q = 0;
				while (p < x->n && q < y->n && x->elems[p] != y->elems[q]) {
					if (x->elems[p] < y->elems[q])
						p++;
					else
						q++;
				}
				if (p < x->n && q < y->n) {
					char buf[160];
					eval_describe(ev, x->elems[p], buf, sizeof buf);
					eval_error(ev, at,
						   "%s: the event %s is in sets %u and %u of the sequence; the sets must be "
						   "disjoint",
						   name, buf, i + 1, j + 1);
				}
			}
		}
	}
	if (is(b, "prioritisepo") && n == 4) {
		/* the order must relate events of the alphabet and be acyclic */
		value_id alpha = need_set(ev, args[1], at);
		uint32_t k;
		value_id *ord = elems_of(ev, eval_enumerate(ev, need_set(ev, args[2], at), at), &k);
		for (uint32_t i = 0; i < k; i++) {
			const struct value *pr = value_get(vt, ord[i]);
			if (pr->kind != VK_TUPLE || pr->n != 2 || !value_member(vt, pr->elems[0], alpha) ||
			    !value_member(vt, value_get(vt, ord[i])->elems[1], alpha)) {
				eval_error(ev, at, "prioritisepo: the order relates events outside the given alphabet");
			}
		}
		/* the fourth argument names maximal events, of the alphabet
		 * (libcspm: every event named must be in it); none of them may
		 * be below another event, as (x, m) with m in it would say */
		value_id maximal = need_set(ev, args[3], at);
		uint32_t nm;
		value_id *mx = elems_of(ev, eval_enumerate(ev, maximal, at), &nm);
		for (uint32_t i = 0; i < nm; i++) {
			if (!value_member(vt, mx[i], alpha)) {
				char buf[160];
				eval_describe(ev, mx[i], buf, sizeof buf);
				eval_error(ev, at, "prioritisepo: the maximal event %s is not in the given alphabet", buf);
			}
		}
		for (uint32_t i = 0; i < k; i++) {
			const struct value *pr = value_get(vt, ord[i]);
			if (value_member(vt, pr->elems[1], maximal)) {
				char lo[160], hi[160];
				eval_describe(ev, pr->elems[1], lo, sizeof lo);
				eval_describe(ev, pr->elems[0], hi, sizeof hi);
				eval_error(ev, at, "prioritisepo: the maximal event %s is below %s in the order", lo, hi);
			}
		}
		/* acyclic: no event above itself in the transitive closure */
		bool changed = true;
		VEC(value_id) tc = {0};
		for (uint32_t i = 0; i < k; i++)
			svec_push(ev, &tc, ord[i]);
		while (changed) {
			changed = false;
			for (size_t i = 0; i < tc.n && !changed; i++) {
				for (size_t j = 0; j < tc.n && !changed; j++) {
					const struct value *x = value_get(vt, tc.v[i]), *y = value_get(vt, tc.v[j]);
					if (x->elems[1] != y->elems[0])
						continue;
					if (x->elems[0] == y->elems[1]) {
						eval_error(ev, at, "prioritisepo: the order has a cycle");
					}
					value_id t[2] = {x->elems[0], value_get(vt, tc.v[j])->elems[1]};
					value_id pr = value_tuple(vt, t, 2);
					bool have = false;
					for (size_t m = 0; m < tc.n; m++)
						have |= tc.v[m] == pr;
					if (!have) {
						svec_push(ev, &tc, pr);
						changed = true;
					}
				}
			}
		}
	}
	if (is(b, "BUFFER") || is(b, "WEAK_BUFFER") || is(b, "SIGNAL_BUFFER")) {
		int64_t size = eval_int(ev, args[0], at);
		if (size <= 0)
			eval_error(ev, at, "%s needs a positive capacity, not %lld", name, (long long)size);
		uint32_t k;
		value_id *rel = elems_of(ev, eval_enumerate(ev, need_set(ev, args[n - 1], at), at), &k);
		for (uint32_t i = 0; i < k; i++)
			for (uint32_t j = i + 1; j < k; j++)
				if (value_get(vt, rel[i])->n == 2 && value_get(vt, rel[j])->n == 2 &&
				    value_get(vt, rel[i])->elems[1] == value_get(vt, rel[j])->elems[1]) {
					eval_error(ev, at, "%s: an output event answers more than one input (ambiguous)", name);
				}
	}
	for (uint32_t i = 0; i < n; i++)
		if (i > 6)
			eval_error(ev, at, "too many arguments");
	return apply_term(ev, b, args, n);
}
