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

static uint32_t field_width(struct eval *ev, sym_id head, uint32_t i);

/* Components a field value has: a plain dot list counts its items. */
static uint32_t components(struct eval *ev, value_id v)
{
	const struct value *x = value_get(ev->vt, v);
	return x->kind == VK_DOT && !name_headed(ev->vt, v) ? x->n : 1;
}

/* Is field value v complete as field i of the constructor/channel head? */
static bool field_complete(struct eval *ev, sym_id head, uint32_t i, value_id v)
{
	if (!dot_is_complete(ev, v))
		return false;
	return components(ev, v) >= field_width(ev, head, i);
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
	return field_complete(ev, h->sym, x->n - 2, x->elems[x->n - 1]);
}

/* Add one component x to r. */
static value_id add(struct eval *ev, value_id r, value_id x)
{
	const struct value *rv = value_get(ev->vt, r);
	if (rv->kind == VK_NAME && rv->arity > 0)
		return value_dot(ev->vt, r, &x, 1);
	if (name_headed(ev->vt, r) && !dot_is_complete(ev, r)) {
		uint32_t n = rv->n;
		value_id *e = scratch(ev, (n + 1) * sizeof *e);
		copy_bytes(e, rv->elems, n * sizeof *e);
		sym_id head = value_get(ev->vt, e[0])->sym;
		if (n > 1 && !dot_is_complete(ev, e[n - 1]))
			e[n - 1] = add(ev, e[n - 1], x);          /* inside the field's value */
		else if (n > 1 && !field_complete(ev, head, n - 2, e[n - 1]))
			e[n - 1] = value_get(ev->vt, e[n - 1])->kind == VK_DOT
					   ? add(ev, e[n - 1], x)
					   : value_dot(ev->vt, e[n - 1], &x, 1); /* a wider field */
		else
			e[n++] = x;
		value_id out = value_dot(ev->vt, e[0], e + 1, n - 1);
		return out;
	}
	/* r is complete: a dot list */
	if (rv->kind == VK_DOT && !name_headed(ev->vt, r)) {
		uint32_t n = rv->n;
		value_id *e = scratch(ev, (n + 1) * sizeof *e);
		copy_bytes(e, rv->elems, n * sizeof *e);
		e[n] = x;
		value_id out = value_dot(ev->vt, e[0], e + 1, n);
		return out;
	}
	return value_dot(ev->vt, r, &x, 1);
}

static void check_fields(struct eval *ev, value_id v, struct span at);

value_id dot_combine(struct eval *ev, value_id a, value_id b, struct span at)
{
	const struct value *bv = value_get(ev->vt, b);
	value_id r = a;
	if (bv->kind == VK_DOT && !name_headed(ev->vt, b)) {
		uint32_t n = bv->n;
		value_id *items = scratch(ev, n * sizeof *items);
		copy_bytes(items, bv->elems, n * sizeof *items);
		for (uint32_t i = 0; i < n; i++)
			r = add(ev, r, items[i]);
	} else {
		r = add(ev, a, b);
	}
	check_fields(ev, r, at);
	return r;
}

/* ---- fields of channels and constructors ---------------------------------- */

typedef VEC(const struct ast *) astvec;

static void type_parts(struct eval *ev, const struct ast *t, astvec *out)
{
	while (t->kind == AST_PAREN)
		t = t->kids[0];
	if (t->kind == AST_DOT) {
		type_parts(ev, t->kids[0], out);
		type_parts(ev, t->kids[1], out);
	} else {
		svec_push(ev, out, t);
	}
}

/* The set a type expression denotes: A.B is the set of dotted pairs
 * {a.b | a <- A, b <- B}; anything else is evaluated as a set. */
value_id dot_type_set(struct eval *ev, const struct ast *t, const struct frame *f)
{
	const struct ast *u = ast_unparen(t);
	if (u->kind != AST_DOT) {
		value_id v = eval_node(ev, u, f);
		if (!value_is_set(ev->vt, v))
			eval_error(ev, u->span, "a type must be a set");
		return v;
	}
	value_id l = eval_enumerate(ev, dot_type_set(ev, u->kids[0], f), u->kids[0]->span);
	value_id r = eval_enumerate(ev, dot_type_set(ev, u->kids[1], f), u->kids[1]->span);
	uint32_t nl = value_get(ev->vt, l)->n, nr = value_get(ev->vt, r)->n;
	if ((uint64_t)nl * nr > (1u << 24))
		eval_error(ev, u->span, "this type has too many values to build");
	VEC(value_id) out = {0};
	for (uint32_t i = 0; i < nl; i++)
		for (uint32_t j = 0; j < nr; j++)
			svec_push(ev, &out, dot_combine(ev, value_get(ev->vt, l)->elems[i], value_get(ev->vt, r)->elems[j],
						   u->span));
	value_id set = value_set(ev->vt, out.v, (uint32_t)out.n);
	return set;
}

uint32_t dot_type_fields(struct eval *ev, const struct ast *type, const struct frame *f, value_id **sets)
{
	*sets = NULL;
	if (!type)
		return 0;
	astvec parts = {0};
	type_parts(ev, type, &parts);
	uint32_t n = (uint32_t)parts.n;
	value_id *s = arena_alloc(&ev->mem, (n ? n : 1) * sizeof *s);
	for (uint32_t i = 0; i < n; i++)
		s[i] = dot_type_set(ev, parts.v[i], f);
	*sets = s;
	return n;
}

static sym_id real_sym(struct eval *ev, sym_id s)
{
	return s >= SYNTH_BASE ? ev->synth.v[s - SYNTH_BASE].real : s;
}

/* The frame in which the declared type of s is evaluated. */
static const struct frame *chan_frame(struct eval *ev, sym_id s)
{
	return s >= SYNTH_BASE ? ev->synth.v[s - SYNTH_BASE].frame : NULL;
}

static const struct ast *declared_type(struct eval *ev, sym_id s)
{
	const struct symbol *sy = scope_sym(ev->st, real_sym(ev, s));
	if (sy->kind == SYM_CHANNEL)
		return sy->decl->kids[1];
	return sy->decl->kids[0]; /* CLAUSE */
}

struct channel_info *dot_channel(struct eval *ev, sym_id s, struct span at)
{
	(void)at;
	eval_grow(ev);
	struct channel_info *ci = s >= SYNTH_BASE ? &ev->synth.v[s - SYNTH_BASE].info : &ev->chans[s];
	if (!ci->done) {
		astvec parts = {0};
		const struct ast *t = declared_type(ev, s);
		if (t)
			type_parts(ev, t, &parts);
		ci->arity = (uint32_t)parts.n;
		ci->done = true;
	}
	return ci;
}

static bool datatype_field(struct eval *ev, sym_id s, uint32_t i);

/* The declared field sets of s (evaluated once, maybe infinite), except
 * fields typed by a datatype (VALUE_NONE): checking a value against its
 * own, maybe recursive, datatype is not needed (see check_fields). */
static const value_id *field_types(struct eval *ev, sym_id s)
{
	struct channel_info *ci = dot_channel(ev, s, (struct span){0, 0, 0});
	if (!ci->types && ci->arity) {
		astvec parts = {0};
		type_parts(ev, declared_type(ev, s), &parts);
		value_id *types = arena_alloc(&ev->mem, ci->arity * sizeof *types);
		for (uint32_t i = 0; i < ci->arity; i++)
			types[i] = datatype_field(ev, s, i) ? VALUE_NONE : dot_type_set(ev, parts.v[i], chan_frame(ev, s));
		ci->types = types;
	}
	return ci->types;
}

/* The field sets of s, enumerated (once). */
static const value_id *field_sets(struct eval *ev, sym_id s)
{
	struct channel_info *ci = dot_channel(ev, s, (struct span){0, 0, 0});
	if (!ci->fields && ci->arity) {
		const value_id *types = field_types(ev, s);
		astvec parts = {0};
		type_parts(ev, declared_type(ev, s), &parts);
		value_id *sets = arena_alloc(&ev->mem, ci->arity * sizeof *sets);
		for (uint32_t i = 0; i < ci->arity; i++)
			sets[i] = eval_enumerate(ev, types[i] ? types[i] : dot_type_set(ev, parts.v[i], chan_frame(ev, s)),
						 parts.v[i]->span);
		ci->fields = sets;
	}
	return ci->fields;
}

static bool mentions_datatype(struct eval *ev, const struct ast *n)
{
	if (!n)
		return false;
	if (n->kind == AST_VAR && n->sym) {
		uint8_t kind = scope_sym(ev->st, n->sym)->kind;
		if (kind == SYM_DATATYPE || kind == SYM_SUBTYPE)
			return true;
	}
	for (uint32_t i = 0; i < n->nkids; i++)
		if (mentions_datatype(ev, n->kids[i]))
			return true;
	return false;
}

/* Is field i of s typed in terms of a datatype (T, Seq(T), {T.x | ..})?
 * Its values are built by the datatype's constructors, which check their
 * own fields, and the set may be infinite or recursive: not checked. */
static bool datatype_field(struct eval *ev, sym_id s, uint32_t i)
{
	astvec parts = {0};
	type_parts(ev, declared_type(ev, s), &parts);
	bool r = i < parts.n && mentions_datatype(ev, parts.v[i]);
	return r;
}

/* Report a complete field of v that lies outside its declared set. */
static void check_fields(struct eval *ev, value_id v, struct span at)
{
	if (!name_headed(ev->vt, v))
		return;
	const struct value *x = value_get(ev->vt, v);
	value_id head = x->elems[0];
	sym_id s = value_get(ev->vt, head)->sym;
	for (uint32_t i = 0; i + 1 < value_get(ev->vt, v)->n; i++) {
		value_id fv = value_get(ev->vt, v)->elems[i + 1];
		if (!field_complete(ev, s, i, fv) || datatype_field(ev, s, i))
			continue;
		const value_id *types = field_types(ev, s);
		if (value_member(ev->vt, fv, types[i]))
			continue;
		char buf[160], set[160];
		FILE *m = fmemopen(buf, sizeof buf, "w");
		if (m) {
			eval_print_to(ev, m, v);
			fclose(m);
		}
		m = fmemopen(set, sizeof set, "w");
		if (m) {
			eval_print_to(ev, m, types[i]);
			fclose(m);
		}
		buf[sizeof buf - 1] = set[sizeof set - 1] = '\0';
		eval_error(ev, at, "%s is outside the type of %s: field %u must be in %s", buf,
			   atom_str(ev->env.atoms, value_get(ev->vt, head)->name), i + 1, set);
	}
}

/* How many dot components field i of s takes: more than one only when
 * its type's values are plain dot lists (nametype T = {0}.{1}). Fields
 * typed by a datatype, Int, Bool... take one, without evaluating them
 * (a recursive datatype could not be). */
static bool mentions_datatype(struct eval *ev, const struct ast *n);

/* A field of several components must range over a product of sets, as
 * FDR requires: {x.y | x <- {0..3}, y <- {0..3}, x+y < 3} is not one. */
static void check_rectangular(struct eval *ev, sym_id s, uint32_t field, value_id set, struct span at)
{
	const struct value *sv = value_get(ev->vt, set);
	uint32_t k = components(ev, sv->elems[0]);
	double product = 1;
	for (uint32_t c = 0; c < k; c++) {
		VEC(value_id) proj = {0};
		for (uint32_t i = 0; i < value_get(ev->vt, set)->n; i++) {
			value_id e = value_get(ev->vt, set)->elems[i];
			if (components(ev, e) != k)
				eval_error(ev, at, "the type of field %u of %s mixes values of different shapes", field + 1,
					   atom_str(ev->env.atoms, scope_sym(ev->st, real_sym(ev, s))->name));
			svec_push(ev, &proj, value_get(ev->vt, e)->elems[c]);
		}
		product *= value_get(ev->vt, value_set(ev->vt, proj.v, (uint32_t)proj.n))->n;
	}
	if (product != (double)value_get(ev->vt, set)->n)
		eval_error(ev, at, "the type of field %u of %s is not rectangular (not a product of sets)", field + 1,
			   atom_str(ev->env.atoms, scope_sym(ev->st, real_sym(ev, s))->name));
}

/* extensions(v) lists what may follow v, which FDR defines only where
 * the next field ranges over a product: a field typed by an explicit set
 * of constructor values such as {D.0, D.1, E.false} is not one (its
 * heads and fields do not combine freely). */
void dot_check_extensions(struct eval *ev, value_id prefix, struct span at)
{
	const struct value *pv = value_get(ev->vt, prefix);
	sym_id head;
	uint32_t next;
	if (pv->kind == VK_NAME) {
		head = pv->sym;
		next = 0;
	} else if (name_headed(ev->vt, prefix)) {
		head = value_get(ev->vt, pv->elems[0])->sym;
		next = pv->n - 1;
		if (!dot_is_complete(ev, pv->elems[pv->n - 1]))
			return; /* inside a field: that field's own value decides */
	} else {
		return;
	}
	struct channel_info *ci = dot_channel(ev, head, at);
	if (next >= ci->arity || datatype_field(ev, head, next))
		return;
	value_id set = field_sets(ev, head)[next];
	const struct value *sv = value_get(ev->vt, set);
	if (sv->n == 0 || !name_headed(ev->vt, sv->elems[0]))
		return;
	uint32_t k = value_get(ev->vt, sv->elems[0])->n;
	double product = 1;
	for (uint32_t c = 0; c < k; c++) {
		VEC(value_id) proj = {0};
		for (uint32_t i = 0; i < value_get(ev->vt, set)->n; i++) {
			const struct value *e = value_get(ev->vt, value_get(ev->vt, set)->elems[i]);
			if (e->kind != VK_DOT || e->n != k)
				eval_error(ev, at, "extensions: field %u of %s is not rectangular", next + 1,
					   atom_str(ev->env.atoms, scope_sym(ev->st, real_sym(ev, head))->name));
			svec_push(ev, &proj, e->elems[c]);
		}
		product *= value_get(ev->vt, value_set(ev->vt, proj.v, (uint32_t)proj.n))->n;
	}
	if (product != (double)value_get(ev->vt, set)->n)
		eval_error(ev, at, "extensions: field %u of %s is not rectangular", next + 1,
			   atom_str(ev->env.atoms, scope_sym(ev->st, real_sym(ev, head))->name));
}

static uint32_t field_width(struct eval *ev, sym_id s, uint32_t i)
{
	struct channel_info *ci = dot_channel(ev, s, (struct span){0, 0, 0});
	if (i >= ci->arity)
		return 1;
	if (!ci->width) {
		ci->width = arena_alloc(&ev->mem, ci->arity * sizeof *ci->width);
		astvec parts = {0};
		type_parts(ev, declared_type(ev, s), &parts);
		for (uint32_t k = 0; k < ci->arity; k++) {
			ci->width[k] = 1;
			const struct ast *u = ast_unparen(parts.v[k]);
			if (u->kind == AST_VAR && u->sym) {
				uint8_t kind = scope_sym(ev->st, u->sym)->kind;
				if (kind == SYM_DATATYPE || kind == SYM_SUBTYPE || kind == SYM_BUILTIN)
					continue;
			}
			if (u->kind == AST_SETRANGE || u->kind == AST_SET || u->kind == AST_APP ||
			    mentions_datatype(ev, u))
				continue;
			value_id set = dot_type_set(ev, u, chan_frame(ev, s));
			const struct value *sv = value_get(ev->vt, set);
			if (sv->kind == VK_SET && sv->n > 0)
				ci->width[k] = components(ev, sv->elems[0]);
			if (ci->width[k] > 1)
				check_rectangular(ev, s, k, set, u->span);
		}
	}
	return ci->width[i];
}

/* ---- productions ------------------------------------------------------------ */

typedef VEC(value_id) idvec;

/* Append to out every completion of r (a name or name-headed value). A
 * field is completed from the field's declared set, so a restricted
 * channel (channel b : {time.0}) completes b.time only to b.time.0. */
static void complete(struct eval *ev, value_id r, idvec *out, uint32_t depth)
{
	if (depth > 64)
		eval_error(ev, (struct span){0, 0, 0}, "datatype values nest too deeply to enumerate");
	if (dot_is_complete(ev, r)) {
		svec_push(ev, out, r);
		return;
	}
	const struct value *rv = value_get(ev->vt, r);
	uint32_t k = rv->kind == VK_NAME ? 0 : rv->n - 1; /* fields given */
	uint32_t n = k + 1;
	value_id *e = scratch(ev, (n + 1) * sizeof *e);
	if (k)
		copy_bytes(e, rv->elems, n * sizeof *e);
	else
		e[0] = r;
	sym_id head = value_get(ev->vt, e[0])->sym;
	const value_id *sets = field_sets(ev, head);
	bool partial = k > 0 && !field_complete(ev, head, k - 1, e[k]);
	uint32_t field = partial ? k - 1 : k;
	value_id set = sets[field];
	uint32_t ns = value_get(ev->vt, set)->n;
	value_id *vals = scratch(ev, (ns ? ns : 1) * sizeof *vals);
	copy_bytes(vals, value_get(ev->vt, set)->elems, ns * sizeof *vals);
	value_id part = e[k];
	for (uint32_t i = 0; i < ns; i++) {
		if (partial) {
			uint32_t rn;
			if (!dot_remainder(ev, part, vals[i], &rn))
				continue;
			e[k] = vals[i];
			complete(ev, value_dot(ev->vt, e[0], e + 1, k), out, depth + 1);
		} else {
			e[k + 1] = vals[i];
			complete(ev, value_dot(ev->vt, e[0], e + 1, k + 1), out, depth + 1);
		}
	}
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
	return s;
}

value_id dot_all_events(struct eval *ev, struct span at)
{
	if (ev->events)
		return ev->events;
	idvec all = {0}, chans = {0};
	/* the channels of the script and of unparameterised modules, then
	 * those of every instance of a parameterised one, in symbol order */
	for (size_t s = 1; s < ev->st->syms.n; s++) {
		const struct symbol *sy = scope_sym(ev->st, (sym_id)s);
		if (sy->kind != SYM_CHANNEL || eval_in_parameterised_module(ev, (sym_id)s))
			continue;
		struct channel_info *ci = dot_channel(ev, (sym_id)s, at);
		svec_push(ev, &chans, value_name(ev->vt, sy->name, (sym_id)s, (uint16_t)ci->arity));
	}
	eval_instance_channels(ev, &chans);
	for (size_t k = 0; k < chans.n; k++) {
		value_id ps = dot_productions(ev, chans.v[k], at);
		const struct value *pv = value_get(ev->vt, ps);
		for (uint32_t i = 0; i < pv->n; i++)
			svec_push(ev, &all, value_get(ev->vt, ps)->elems[i]);
	}
	ev->events = value_set(ev->vt, all.v, (uint32_t)all.n);
	return ev->events;
}

value_id dot_subtype_clause(struct eval *ev, value_id name, const struct ast *type, const struct frame *f)
{
	value_id *sets;
	uint32_t n = dot_type_fields(ev, type, f, &sets);
	idvec cur = {0}, next = {0};
	svec_push(ev, &cur, name);
	for (uint32_t i = 0; i < n; i++) {
		value_id s = eval_enumerate(ev, sets[i], type->span);
		next.n = 0;
		for (size_t k = 0; k < cur.n; k++) {
			const struct value *sv = value_get(ev->vt, s);
			for (uint32_t j = 0; j < sv->n; j++)
				svec_push(ev, &next, add(ev, cur.v[k], value_get(ev->vt, s)->elems[j]));
		}
		idvec t = cur;
		cur = next;
		next = t;
	}
	/* Fields the clause leaves out range over the constructor's own
	 * (subtype D1' = D2.X with datatype D1 = D2.X.Y). */
	next.n = 0;
	for (size_t k = 0; k < cur.n; k++) {
		value_id ps = dot_productions(ev, cur.v[k], type->span);
		const struct value *pv = value_get(ev->vt, ps);
		for (uint32_t j = 0; j < pv->n; j++)
			svec_push(ev, &next, value_get(ev->vt, ps)->elems[j]);
	}
	value_id r = value_set(ev->vt, next.v, (uint32_t)next.n);
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
		svec_push(ev, &nv, value_get(ev->vt, x)->elems[i]);
	for (size_t i = s->at + 1; i < s->v.n; i++)
		svec_push(ev, &nv, s->v.v[i]);
	s->v = nv;
	s->at = 0;
}

const value_id *dot_remainder(struct eval *ev, value_id prefix, value_id v, uint32_t *n)
{
	struct stream p = {{0}, 0}, x = {{0}, 0};
	svec_push(ev, &p.v, prefix);
	svec_push(ev, &x.v, v);
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
		if (av->kind != VK_NAME && av->kind != VK_DOT) {
			/* a single component against a dot: compare its items */
			expand_front(ev, &x);
			continue;
		}
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
	copy_bytes(r, x.v.v + x.at, *n * sizeof *r);
	res = r;
out:
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

/* How many dot components pattern p takes when it is not the last
 * component of a dot pattern: x.y.z takes three, (p @@ q) the most of
 * either side, anything else one. */
static uint32_t pattern_width(const struct ast *p)
{
	p = ast_unparen(p);
	if (p->kind == AST_DOT)
		return pattern_width(p->kids[0]) + pattern_width(p->kids[1]);
	if (p->kind == AST_DOUBLEPAT) {
		uint32_t a = pattern_width(p->kids[0]), b = pattern_width(p->kids[1]);
		return a > b ? a : b;
	}
	return 1;
}

bool dot_split(struct eval *ev, value_id v, const struct ast *const *pats, uint32_t n, value_id *out)
{
	struct stream s = {{0}, 0};
	svec_push(ev, &s.v, v);
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
			/* expand while there are fewer items than patterns need */
			uint32_t w = pattern_width(pats[i]), need = w;
			for (uint32_t k = i + 1; k < n; k++)
				need++;
			while (stream_len(&s) < need && value_get(ev->vt, s.v.v[s.at])->kind == VK_DOT)
				expand_front(ev, &s);
			if (w > 1 && stream_len(&s) >= need) {
				out[i] = value_dot(ev->vt, s.v.v[s.at], s.v.v + s.at + 1, w - 1);
				s.at += w;
				continue;
			}
		}
		out[i] = s.v.v[s.at++];
	}
	ok = stream_len(&s) == 0;
out:
	return ok;
}
