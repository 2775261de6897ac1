/*
 * semantics/eval_dot.c — dotted values: building them, splitting them,
 * and the events and datatype values they complete to.
 *
 * A dotted value is either "name-headed" (VK_DOT whose first element is a
 * channel or constructor, followed by at most `arity` fields: c.1.true,
 * B.(D.0).1) or a plain dot list (0.1.D.2), which is what dotting onto a
 * complete value gives. x.y is evaluated right to left, as the parser
 * nests it, and dot_combine adds y's components one at a time: into the
 * innermost incomplete field first, then as a new field, and once the
 * value is complete onto a dot list. So B.C.0.C, B.(C).(0.C) and
 * B.C.(0.C) are one value, and so are B.D.0.1.D.2 and B.(D.0).1.(D.2).
 *
 * The fields a channel or constructor takes are the components of its
 * declared type (channel c : A.B has two); their sets are evaluated when
 * something enumerates events (productions, Events, input prefixes).
 */
#include "semantics/eval_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* Is v a VK_DOT headed by a channel/constructor within its arity? */
static bool name_headed(const struct value_table *vt, value_id v)
{
	const struct value *x = value_get(vt, v);
	if (x->kind != VK_DOT)
		return false;
	const struct value *h = value_get(vt, x->elems[0]);
	return h->kind == VK_NAME && x->n - 1 <= h->arity;
}

bool dot_is_complete(struct eval *ev, value_id v)
{
	const struct value *x = value_get(ev->vt, v);
	if (x->kind == VK_NAME)
		return x->arity == 0;
	if (!name_headed(ev->vt, v))
		return true;
	const struct value *h = value_get(ev->vt, x->elems[0]);
	if (x->n - 1 < h->arity)
		return false;
	return dot_is_complete(ev, x->elems[x->n - 1]);
}

/* Add one component x to r. */
static value_id add(struct eval *ev, value_id r, value_id x)
{
	const struct value *rv = value_get(ev->vt, r);
	if (rv->kind == VK_NAME && rv->arity > 0)
		return value_dot(ev->vt, r, &x, 1);
	if (name_headed(ev->vt, r) && !dot_is_complete(ev, r)) {
		uint32_t n = rv->n;
		value_id *e = xmalloc((n + 1) * sizeof *e);
		memcpy(e, rv->elems, n * sizeof *e);
		const struct value *h = value_get(ev->vt, e[0]);
		if (n > 1 && !dot_is_complete(ev, e[n - 1])) {
			e[n - 1] = add(ev, e[n - 1], x);
		} else {
			(void)h;
			e[n++] = x;
		}
		value_id out = value_dot(ev->vt, e[0], e + 1, n - 1);
		free(e);
		return out;
	}
	/* r is complete: a dot list */
	if (rv->kind == VK_DOT && !name_headed(ev->vt, r)) {
		uint32_t n = rv->n;
		value_id *e = xmalloc((n + 1) * sizeof *e);
		memcpy(e, rv->elems, n * sizeof *e);
		e[n] = x;
		value_id out = value_dot(ev->vt, e[0], e + 1, n);
		free(e);
		return out;
	}
	return value_dot(ev->vt, r, &x, 1);
}

value_id dot_combine(struct eval *ev, value_id a, value_id b, struct span at)
{
	(void)at;
	const struct value *bv = value_get(ev->vt, b);
	if (bv->kind == VK_DOT && !name_headed(ev->vt, b)) {
		uint32_t n = bv->n;
		value_id *items = xmalloc(n * sizeof *items);
		memcpy(items, bv->elems, n * sizeof *items);
		value_id r = a;
		for (uint32_t i = 0; i < n; i++)
			r = add(ev, r, items[i]);
		free(items);
		return r;
	}
	return add(ev, a, b);
}

/* ---- fields of channels and constructors ---------------------------------- */

typedef VEC(const struct ast *) astvec;

static void type_parts(const struct ast *t, astvec *out)
{
	while (t->kind == AST_PAREN)
		t = t->kids[0];
	if (t->kind == AST_DOT) {
		type_parts(t->kids[0], out);
		type_parts(t->kids[1], out);
	} else {
		vec_push(out, t);
	}
}

uint32_t dot_type_fields(struct eval *ev, const struct ast *type, const struct frame *f, value_id **sets)
{
	*sets = NULL;
	if (!type)
		return 0;
	astvec parts = {0};
	type_parts(type, &parts);
	uint32_t n = (uint32_t)parts.n;
	if (sets) {
		value_id *s = arena_alloc(&ev->mem, n * sizeof *s);
		for (uint32_t i = 0; i < n; i++) {
			s[i] = eval_node(ev, parts.v[i], f);
			if (!value_is_set(ev->vt, s[i]))
				eval_error(ev, parts.v[i]->span, "a field of a channel or constructor must be a set");
		}
		*sets = s;
	}
	vec_free(&parts);
	return n;
}

static const struct ast *declared_type(struct eval *ev, sym_id s)
{
	const struct symbol *sy = scope_sym(ev->st, s);
	if (sy->kind == SYM_CHANNEL)
		return sy->decl->kids[1];
	return sy->decl->kids[0]; /* CLAUSE */
}

struct channel_info *dot_channel(struct eval *ev, sym_id s, struct span at)
{
	(void)at;
	eval_grow(ev);
	struct channel_info *ci = &ev->chans[s];
	if (!ci->done) {
		astvec parts = {0};
		const struct ast *t = declared_type(ev, s);
		if (t)
			type_parts(t, &parts);
		ci->arity = (uint32_t)parts.n;
		vec_free(&parts);
		ci->done = true;
	}
	return ci;
}

/* The field sets of s, evaluated (once). */
static const value_id *field_sets(struct eval *ev, sym_id s)
{
	struct channel_info *ci = dot_channel(ev, s, (struct span){0, 0, 0});
	if (!ci->fields && ci->arity) {
		value_id *sets;
		dot_type_fields(ev, declared_type(ev, s), NULL, &sets);
		for (uint32_t i = 0; i < ci->arity; i++)
			sets[i] = eval_enumerate(ev, sets[i], declared_type(ev, s)->span);
		ci->fields = sets;
	}
	return ci->fields;
}

/* ---- productions ------------------------------------------------------------ */

typedef VEC(value_id) idvec;

/* Append to out every completion of r (a name-headed value with fields
 * given so far). */
static void complete(struct eval *ev, value_id r, idvec *out, uint32_t depth)
{
	if (depth > 64)
		eval_error(ev, (struct span){0, 0, 0}, "datatype values nest too deeply to enumerate");
	if (dot_is_complete(ev, r)) {
		vec_push(out, r);
		return;
	}
	const struct value *rv = value_get(ev->vt, r);
	value_id head = rv->kind == VK_NAME ? r : rv->elems[0];
	uint32_t have = rv->kind == VK_NAME ? 0 : rv->n - 1;
	if (have > 0 && !dot_is_complete(ev, rv->elems[rv->n - 1])) {
		/* complete the last field first */
		idvec lasts = {0};
		complete(ev, rv->elems[rv->n - 1], &lasts, depth + 1);
		uint32_t n = value_get(ev->vt, r)->n;
		value_id *e = xmalloc(n * sizeof *e);
		memcpy(e, value_get(ev->vt, r)->elems, n * sizeof *e);
		for (size_t i = 0; i < lasts.n; i++) {
			e[n - 1] = lasts.v[i];
			complete(ev, value_dot(ev->vt, e[0], e + 1, n - 1), out, depth + 1);
		}
		free(e);
		vec_free(&lasts);
		return;
	}
	const value_id *sets = field_sets(ev, value_get(ev->vt, head)->sym);
	value_id set = sets[have];
	uint32_t n = value_get(ev->vt, set)->n;
	value_id *vals = xmalloc((n ? n : 1) * sizeof *vals);
	memcpy(vals, value_get(ev->vt, set)->elems, n * sizeof *vals);
	for (uint32_t i = 0; i < n; i++) {
		/* a field value is added whole, not split */
		uint32_t k = value_get(ev->vt, r)->kind == VK_NAME ? 0 : value_get(ev->vt, r)->n - 1;
		value_id *e = xmalloc((k + 2) * sizeof *e);
		if (k)
			memcpy(e, value_get(ev->vt, r)->elems, (k + 1) * sizeof *e);
		else
			e[0] = r;
		e[k + 1] = vals[i];
		complete(ev, value_dot(ev->vt, e[0], e + 1, k + 1), out, depth + 1);
		free(e);
	}
	free(vals);
}

value_id dot_productions(struct eval *ev, value_id prefix, struct span at)
{
	(void)at;
	const struct value *pv = value_get(ev->vt, prefix);
	if (pv->kind != VK_NAME && !name_headed(ev->vt, prefix))
		return value_set(ev->vt, &prefix, 1);
	idvec out = {0};
	complete(ev, prefix, &out, 0);
	value_id s = value_set(ev->vt, out.v, (uint32_t)out.n);
	vec_free(&out);
	return s;
}

value_id dot_all_events(struct eval *ev, struct span at)
{
	if (ev->events)
		return ev->events;
	idvec all = {0};
	for (size_t s = 1; s < ev->st->syms.n; s++) {
		const struct symbol *sy = scope_sym(ev->st, (sym_id)s);
		if (sy->kind != SYM_CHANNEL)
			continue;
		struct channel_info *ci = dot_channel(ev, (sym_id)s, at);
		value_id c = value_name(ev->vt, sy->name, (sym_id)s, (uint16_t)ci->arity);
		value_id ps = dot_productions(ev, c, at);
		const struct value *pv = value_get(ev->vt, ps);
		for (uint32_t i = 0; i < pv->n; i++)
			vec_push(&all, value_get(ev->vt, ps)->elems[i]);
	}
	ev->events = value_set(ev->vt, all.v, (uint32_t)all.n);
	vec_free(&all);
	return ev->events;
}

value_id dot_subtype_clause(struct eval *ev, value_id name, const struct ast *type, const struct frame *f)
{
	value_id *sets;
	uint32_t n = dot_type_fields(ev, type, f, &sets);
	idvec cur = {0}, next = {0};
	vec_push(&cur, name);
	for (uint32_t i = 0; i < n; i++) {
		value_id s = eval_enumerate(ev, sets[i], type->span);
		next.n = 0;
		for (size_t k = 0; k < cur.n; k++) {
			const struct value *sv = value_get(ev->vt, s);
			for (uint32_t j = 0; j < sv->n; j++)
				vec_push(&next, add(ev, cur.v[k], value_get(ev->vt, s)->elems[j]));
		}
		idvec t = cur;
		cur = next;
		next = t;
	}
	value_id r = value_set(ev->vt, cur.v, (uint32_t)cur.n);
	vec_free(&cur);
	vec_free(&next);
	return r;
}

/* ---- splitting ------------------------------------------------------------------- */

/* A work list of components, consumed from the front. */
struct stream {
	idvec v;
	size_t at;
};

static size_t stream_len(const struct stream *s)
{
	return s->v.n - s->at;
}

/* Replace the front item by its elements. */
static void expand_front(struct eval *ev, struct stream *s)
{
	value_id x = s->v.v[s->at];
	const struct value *xv = value_get(ev->vt, x);
	uint32_t n = xv->n;
	idvec nv = {0};
	for (uint32_t i = 0; i < n; i++)
		vec_push(&nv, value_get(ev->vt, x)->elems[i]);
	for (size_t i = s->at + 1; i < s->v.n; i++)
		vec_push(&nv, s->v.v[i]);
	vec_free(&s->v);
	s->v = nv;
	s->at = 0;
}

const value_id *dot_remainder(struct eval *ev, value_id prefix, value_id v, uint32_t *n)
{
	struct stream p = {{0}, 0}, x = {{0}, 0};
	vec_push(&p.v, prefix);
	vec_push(&x.v, v);
	const value_id *res = NULL;
	while (stream_len(&p)) {
		if (!stream_len(&x))
			goto out;
		value_id a = p.v.v[p.at], b = x.v.v[x.at];
		if (a == b) {
			p.at++;
			x.at++;
			continue;
		}
		const struct value *av = value_get(ev->vt, a), *bv = value_get(ev->vt, b);
		if (bv->kind != VK_DOT)
			goto out;
		if (av->kind == VK_NAME) {
			if (bv->elems[0] != a)
				goto out;
			expand_front(ev, &x);
			continue;
		}
		if (av->kind == VK_DOT) {
			if (name_headed(ev->vt, a) && (!name_headed(ev->vt, b) || bv->elems[0] != av->elems[0]))
				goto out;
			expand_front(ev, &p);
			expand_front(ev, &x);
			continue;
		}
		goto out;
	}
	*n = (uint32_t)stream_len(&x);
	/* Keep the remainder alive in the arena. */
	value_id *r = arena_alloc(&ev->mem, (*n ? *n : 1) * sizeof *r);
	memcpy(r, x.v.v + x.at, *n * sizeof *r);
	res = r;
out:
	vec_free(&p.v);
	vec_free(&x.v);
	return res;
}

/* Is pattern component p a constant name (channel, constructor)? Then
 * its value in *c. */
static bool constant_name(struct eval *ev, const struct ast *p, value_id *c)
{
	p = ast_unparen(p);
	if (p->kind != AST_VAR || !p->sym)
		return false;
	const struct symbol *sy = scope_sym(ev->st, p->sym);
	if (sy->kind != SYM_CHANNEL && sy->kind != SYM_CONSTRUCTOR)
		return false;
	*c = eval_node(ev, p, NULL);
	return true;
}

bool dot_split(struct eval *ev, value_id v, const struct ast *const *pats, uint32_t n, value_id *out)
{
	struct stream s = {{0}, 0};
	vec_push(&s.v, v);
	bool ok = false;
	for (uint32_t i = 0; i < n; i++) {
		if (!stream_len(&s))
			goto out;
		if (i + 1 == n) {
			size_t k = stream_len(&s);
			out[i] = k == 1 ? s.v.v[s.at] : value_dot(ev->vt, s.v.v[s.at], s.v.v + s.at + 1, (uint32_t)k - 1);
			s.at = s.v.n;
			break;
		}
		value_id c;
		if (constant_name(ev, pats[i], &c)) {
			value_id x = s.v.v[s.at];
			if (x != c) {
				const struct value *xv = value_get(ev->vt, x);
				if (xv->kind != VK_DOT || xv->elems[0] != c)
					goto out;
				expand_front(ev, &s);
			}
		} else {
			/* expand while there are fewer items than patterns left */
			while (stream_len(&s) < n - i && value_get(ev->vt, s.v.v[s.at])->kind == VK_DOT)
				expand_front(ev, &s);
		}
		out[i] = s.v.v[s.at++];
	}
	ok = stream_len(&s) == 0;
out:
	vec_free(&s.v);
	return ok;
}
