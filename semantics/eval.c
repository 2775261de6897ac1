/*
 * semantics/eval.c — evaluating expressions, patterns and processes.
 *
 * A tree-walking interpreter over the resolved AST. Each expression is
 * evaluated in a frame (hash-consed, see eval_int.h); top-level symbols
 * and members of unparameterised modules live in `globals`, indexed by
 * symbol. Lazy slots (top level, let, module instances) are computed on
 * first use; a slot read while being computed is a definition that
 * depends on itself without a guard, reported as such.
 *
 * Run-time errors longjmp to the innermost entry point (eval_sym,
 * eval_expr, eval_force); everything allocated lives in arenas or the
 * hash-consing tables, so unwinding leaks nothing. Recursion depth is
 * bounded by the C stack actually used (all but STACK_MARGIN of the
 * stack of the thread that entered the evaluator), not by a
 * count, so deep but legitimate recursion works and runaway recursion
 * is an error instead of a crash.
 */
#define _GNU_SOURCE /* pthread_getattr_np: the stack of the calling thread */
#include "semantics/eval_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"

#include <pthread.h>

/* Stack kept free below the deepest evaluation: what one step between
 * two checks may use, sanitizer builds included. */
#define STACK_MARGIN ((size_t)1 << 20)
#define STACK_CAP ((size_t)56 << 20)

/* The bytes of stack the calling thread may use from `base` down. */
static size_t stack_room(const char *base)
{
	/* The thread's stack, asked once per thread: pthread_getattr_np reads
	 * /proc/self/maps for the main thread, too slow for every evaluation. */
	static _Thread_local void *addr;
	static _Thread_local size_t size;
	static _Thread_local bool known, unknown;
	if (!known && !unknown) {
		pthread_attr_t attr;
		if (pthread_getattr_np(pthread_self(), &attr) != 0) {
			unknown = true;
		} else {
			unknown = pthread_attr_getstack(&attr, &addr, &size) != 0;
			pthread_attr_destroy(&attr);
			known = !unknown;
		}
	}
	if (unknown || base < (const char *)addr || base > (const char *)addr + size)
		return 6u << 20;
	size_t room = (size_t)(base - (const char *)addr);
	room = room > 2 * STACK_MARGIN ? room - STACK_MARGIN : room / 2;
	/* Unwinding more than 64 MB at once makes AddressSanitizer warn of
	 * false positives; 56 MB is about 70,000 nested calls anyway. */
	return room < STACK_CAP ? room : STACK_CAP;
}

/* ---- errors ------------------------------------------------------------ */

void eval_error(struct eval *ev, struct span at, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(ev->env.diag, at, "%s", msg);
	/* The innermost calls first, at most five. */
	size_t shown = 0;
	for (size_t i = ev->calls.n; i-- > 0 && shown < 5; shown++) {
		const struct span c = ev->calls.v[i].at;
		if (i + 1 == ev->calls.n && c.file == at.file && c.start == at.start && c.end == at.end)
			continue; /* a built-in failing: the note would repeat the error */
		diag_note(ev->env.diag, c, "in a call of %s", ev->calls.v[i].what);
	}
	if (ev->calls.n > 5)
		diag_note(ev->env.diag, ev->calls.v[0].at, "... %zu more calls, starting here", ev->calls.n - 5);
	ev->errors++;
	if (ev->catch)
		longjmp(*ev->catch, 1);
	base_internal_error("run-time error outside an evaluation: %s", msg);
}

/* Only applications recurse without bound (the AST's depth bounds the
 * rest), so the stack is checked at each call, which also makes the
 * error's location the call, whatever the build's frame sizes. */
static void check_stack(struct eval *ev, struct span at)
{
	/* the frame address, not a local's: under ASan's use-after-return
	 * detection locals live on a separate heap stack */
	const char *p = __builtin_frame_address(0);
	size_t used = ev->stack_base > p ? (size_t)(ev->stack_base - p) : (size_t)(p - ev->stack_base);
	if (used > ev->stack_limit)
		eval_error(ev, at, "evaluation nested too deeply (infinite recursion?)");
}

unsigned eval_errors(const struct eval *ev)
{
	return ev->errors;
}

/* ---- frames and closures ----------------------------------------------- */

static uint64_t frame_hash(const struct frame *parent, const void *site, uint32_t n, const struct slot *s)
{
	uint64_t h = hash_combine((uint64_t)(uintptr_t)parent, (uint64_t)(uintptr_t)site);
	for (uint32_t i = 0; i < n; i++)
		h = hash_combine(h, ((uint64_t)s[i].sym << 32) | (s[i].lazy ? 0 : s[i].val));
	return h;
}

static bool frame_equal(const struct frame *f, const struct frame *parent, const void *site, uint32_t n,
			const struct slot *s)
{
	if (f->parent != parent || f->site != site || f->n != n)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (f->slots[i].sym != s[i].sym)
			return false;
		/* Lazy slots are determined by (parent, site). */
		if (!s[i].lazy && f->slots[i].val != s[i].val)
			return false;
	}
	return true;
}

/* The frame binding slots s[0..n) at `site` over `parent`: an existing
 * equal frame, or a new one (the slots are copied). */
static const struct frame *frame_get(struct eval *ev, const struct frame *parent, const void *site, uint32_t n,
				     const struct slot *s)
{
	uint64_t h = frame_hash(parent, site, n, s);
	uint32_t mask = ev->frame_slots - 1;
	uint32_t i = (uint32_t)h & mask;
	for (; ev->frames[i]; i = (i + 1) & mask) {
		const struct frame *f = ev->frames[i];
		if (f->hash == h && frame_equal(f, parent, site, n, s))
			return f;
	}
	struct frame *f = arena_alloc(&ev->mem, sizeof *f);
	f->parent = parent;
	f->site = site;
	f->n = n;
	f->hash = h;
	f->interned = true;
	f->slots = arena_alloc(&ev->mem, (n ? n : 1) * sizeof *f->slots);
	copy_bytes(f->slots, s, n * sizeof *s);
	for (uint32_t k = 0; k < n; k++) {
		if (f->slots[k].lazy) {
			f->slots[k].state = SLOT_LAZY;
			f->slots[k].val = VALUE_NONE;
		}
	}
	ev->frames[i] = f;
	if (++ev->nframes * 2 > ev->frame_slots) {
		struct frame **old = ev->frames;
		uint32_t oldn = ev->frame_slots;
		ev->frame_slots *= 2;
		ev->frames = xcalloc(ev->frame_slots, sizeof *ev->frames);
		mask = ev->frame_slots - 1;
		for (uint32_t k = 0; k < oldn; k++) {
			if (!old[k])
				continue;
			uint32_t j = (uint32_t)old[k]->hash & mask;
			while (ev->frames[j])
				j = (j + 1) & mask;
			ev->frames[j] = old[k];
		}
		free(old);
	}
	return f;
}

const struct frame *frame_intern(struct eval *ev, const struct frame *f)
{
	if (!f || f->interned)
		return f;
	const struct frame *parent = frame_intern(ev, f->parent);
	return frame_get(ev, parent, f->site, f->n, f->slots);
}

static value_id closure_get(struct eval *ev, enum closure_kind kind, uint32_t builtin, const struct ast *node,
			    const struct frame *frame, value_id applied)
{
	frame = frame_intern(ev, frame);
	uint64_t h = hash_combine(hash_combine((uint64_t)kind * 1000003u + builtin, (uint64_t)(uintptr_t)node),
				  hash_combine((uint64_t)(uintptr_t)frame, applied));
	uint32_t mask = ev->closure_slots - 1;
	uint32_t i = (uint32_t)h & mask;
	for (; ev->closures[i]; i = (i + 1) & mask) {
		const struct closure *c = ev->closures[i];
		if (c->hash == h && c->kind == kind && c->builtin == builtin && c->node == node && c->frame == frame &&
		    c->applied == applied)
			return value_func(ev->vt, ev->closures[i]);
	}
	struct closure *c = arena_alloc(&ev->mem, sizeof *c);
	c->kind = (uint8_t)kind;
	c->builtin = builtin;
	c->node = node;
	c->frame = frame;
	c->applied = applied;
	c->hash = h;
	ev->closures[i] = c;
	if (++ev->nclosures * 2 > ev->closure_slots) {
		struct closure **old = ev->closures;
		uint32_t oldn = ev->closure_slots;
		ev->closure_slots *= 2;
		ev->closures = xcalloc(ev->closure_slots, sizeof *ev->closures);
		mask = ev->closure_slots - 1;
		for (uint32_t k = 0; k < oldn; k++) {
			if (!old[k])
				continue;
			uint32_t j = (uint32_t)old[k]->hash & mask;
			while (ev->closures[j])
				j = (j + 1) & mask;
			ev->closures[j] = old[k];
		}
		free(old);
	}
	return value_func(ev->vt, c);
}

/* Built-ins whose first argument is a process. */
static bool builtin_takes_process(unsigned b)
{
	enum builtin_class cls = builtin_table[b].cls;
	if (cls == BUILTIN_TRANSPARENT || cls == BUILTIN_EXT_TRANS)
		return true;
	static const char *const names[] = {"deter", "failure_watchdog", "loop", "prioritise",
					    "prioritise_nocache", "prioritisepo", "trace_watchdog",
					    "timed_priority"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(builtin_table[b].name, names[i]) == 0)
			return true;
	return false;
}

/* A new lazy sequence value (never equal to another). */
static value_id lazy_new(struct eval *ev, struct lazy *proto)
{
	struct lazy *l = xcalloc(1, sizeof *l);
	*l = *proto;
	l->chain = ev->lazies;
	ev->lazies = l;
	struct closure *c = arena_zalloc(&ev->mem, sizeof *c);
	c->kind = CL_LAZY;
	c->builtin = ++ev->nlazies;
	c->lazy = l;
	return value_func(ev->vt, c);
}

struct lazy *eval_lazy_of(struct eval *ev, value_id v)
{
	const struct value *x = value_get(ev->vt, v);
	if (x->kind != VK_FUNC)
		return NULL;
	const struct closure *c = x->u.ptr;
	return c->kind == CL_LAZY ? c->lazy : NULL;
}

value_id eval_lazy_tail(struct eval *ev, value_id v)
{
	struct lazy *l = eval_lazy_of(ev, v);
	if (l->kind == LZ_FROM) {
		struct lazy t = {.kind = LZ_FROM, .from = l->from + 1};
		return lazy_new(ev, &t);
	}
	struct lazy t = {.kind = LZ_TAIL, .base = v, .offset = 1};
	if (l->kind == LZ_TAIL) {
		t.base = l->base;
		t.offset = l->offset + 1;
	}
	return lazy_new(ev, &t);
}

struct lazy_collect {
	struct eval *ev;
	struct lazy *l;
};

static void lazy_draw(struct eval *ev, struct lazy *l, value_id x);

value_id eval_lazy_at(struct eval *ev, struct lazy *l, uint64_t i)
{
	switch ((enum lazy_kind)l->kind) {
	case LZ_FROM:
		if (l->from > INT64_MAX - (int64_t)(i > INT64_MAX ? INT64_MAX : i))
			eval_error(ev, (struct span){0, 0, 0}, "integer overflow in an infinite sequence");
		return value_int(ev->vt, l->from + (int64_t)i);
	case LZ_TAIL:
		return eval_lazy_at(ev, eval_lazy_of(ev, l->base), i + l->offset);
	case LZ_COMP:
		/* draw source elements until element i exists; the first
		 * statement is the generator over the source */
		while (l->forced.n <= i && !l->done) {
			value_id x = eval_lazy_at(ev, eval_lazy_of(ev, l->base), l->next);
			if (!x) {
				l->done = true;
				break;
			}
			l->next++;
			lazy_draw(ev, l, x);
		}
		return i < l->forced.n ? l->forced.v[i] : VALUE_NONE;
	}
	return VALUE_NONE;
}

value_id eval_partial(struct eval *ev, unsigned builtin, const value_id *args, uint32_t n)
{
	return closure_get(ev, CL_BUILTIN, builtin, NULL, NULL, value_seq(ev->vt, args, n));
}

value_id make_proc(struct eval *ev, enum term_op op, const uint64_t *args, uint32_t n)
{
	return value_proc(ev->vt, term_make(ev->tt, op, args, n));
}

/* ---- symbols ------------------------------------------------------------ */

static const struct symbol *sym_of(struct eval *ev, sym_id s)
{
	return scope_sym(ev->st, s);
}

static const char *sym_name(struct eval *ev, sym_id s)
{
	return atom_str(ev->env.atoms, sym_of(ev, s)->name);
}

/* Is module `m` (and every module around it) free of parameters? */
static bool static_module(struct eval *ev, sym_id m)
{
	while (m) {
		const struct symbol *ms = sym_of(ev, m);
		if (ms->decl && ms->decl->kids[0])
			return false;
		m = ms->module;
	}
	return true;
}

/* Symbols whose value does not depend on any frame. */
static bool is_global(struct eval *ev, sym_id s)
{
	const struct symbol *sy = sym_of(ev, s);
	switch (sy->kind) {
	case SYM_VAR:
		return false;
	case SYM_CHANNEL: case SYM_CONSTRUCTOR: case SYM_DATATYPE: case SYM_SUBTYPE:
		return !sy->module || static_module(ev, sy->module);
	case SYM_BUILTIN:
		return true;
	default:
		if (sy->module)
			return static_module(ev, sy->module);
		return sy->toplevel;
	}
}

static void bind_pattern_into(struct eval *ev, const struct ast *pat, value_id v, const struct frame *f,
			      struct span at);
static value_id lookup(struct eval *ev, sym_id s, const struct frame *f, struct span at);

/* Does pattern p bind symbol s? */
static bool pattern_binds(const struct ast *p, sym_id s)
{
	if (!p)
		return false;
	if (p->kind == AST_VAR)
		return p->sym == s;
	for (uint32_t i = 0; i < p->nkids; i++)
		if (pattern_binds(p->kids[i], s))
			return true;
	return false;
}

/* Compute lazy symbol `s` whose slot is `slot`, in frame `f`. */
static value_id compute(struct eval *ev, sym_id s, struct slot *slot, const struct frame *f, struct span at)
{
	const struct symbol *sy = sym_of(ev, s);
	if (slot->state == SLOT_BUSY)
		eval_error(ev, at, "'%s' is defined in terms of itself (unguarded recursion)", sym_name(ev, s));
	slot->state = SLOT_BUSY;
	if (!f || f->interned)
		vec_push(&ev->busy, slot);
	value_id v = VALUE_NONE;
	switch (sy->kind) {
	case SYM_FUNCTION:
		v = closure_get(ev, CL_FUN, 0, sy->decl, f, VALUE_NONE);
		break;
	case SYM_VALUE: {
		const struct ast *decl = sy->decl; /* PATBIND */
		/* (a, b) = (e1, e2): each name evaluates only its own
		 * component, so (s, t) = (1, loop) gives s = 1 even where
		 * loop = loop, as in FDR */
		const struct ast *pat = ast_unparen(decl->kids[0]), *rhs_node = ast_unparen(decl->kids[1]);
		if (pat->kind == AST_TUPLE && rhs_node->kind == AST_TUPLE && pat->nkids == rhs_node->nkids) {
			for (uint32_t i = 0; i < pat->nkids; i++) {
				if (!pattern_binds(pat->kids[i], s))
					continue;
				value_id part = eval_node(ev, rhs_node->kids[i], f);
				slot->state = SLOT_LAZY;
				if (ev->busy.n && vec_last(&ev->busy) == slot)
					ev->busy.n--;
				bind_pattern_into(ev, pat->kids[i], part, f, decl->span);
				return slot->val;
			}
		}
		value_id rhs = eval_node(ev, decl->kids[1], f);
		slot->state = SLOT_LAZY; /* the pattern fills it */
		if (ev->busy.n && vec_last(&ev->busy) == slot)
			ev->busy.n--;
		bind_pattern_into(ev, decl->kids[0], rhs, f, decl->span);
		if (slot->state != SLOT_READY)
			base_internal_error("pattern binding left '%s' unset", sym_name(ev, s));
		return slot->val;
	}
	case SYM_CHANNEL:
	case SYM_CONSTRUCTOR: {
		sym_id id = eval_synth(ev, s, f);
		struct channel_info *ci = dot_channel(ev, id, at);
		v = value_name(ev->vt, sy->name, id, (uint16_t)ci->arity);
		break;
	}
	case SYM_DATATYPE: {
		const struct ast *d = sy->decl;
		VEC(value_id) all = {0};
		for (uint32_t i = 0; i < d->nkids; i++) {
			value_id name = lookup(ev, d->kids[i]->sym, f, d->kids[i]->span);
			value_id ps = dot_productions(ev, name, d->kids[i]->span);
			const struct value *pv = value_get(ev->vt, ps);
			for (uint32_t k = 0; k < pv->n; k++)
				svec_push(ev, &all, pv->elems[k]);
		}
		v = value_set(ev->vt, all.v, (uint32_t)all.n);
		break;
	}
	case SYM_SUBTYPE: {
		const struct ast *d = sy->decl;
		VEC(value_id) all = {0};
		for (uint32_t i = 0; i < d->nkids; i++) {
			const struct ast *c = d->kids[i];
			value_id name = lookup(ev, c->sym, f, c->span);
			value_id ps = c->kids[0] ? dot_subtype_clause(ev, name, c->kids[0], f)
						 : dot_productions(ev, name, c->span);
			const struct value *pv = value_get(ev->vt, ps);
			for (uint32_t k = 0; k < pv->n; k++)
				svec_push(ev, &all, pv->elems[k]);
		}
		v = value_set(ev->vt, all.v, (uint32_t)all.n);
		break;
	}
	case SYM_NAMETYPE:
		v = dot_type_set(ev, sy->decl->kids[0], f);
		break;
	case SYM_BUILTIN:
		if (builtin_table[sy->builtin].arity < 0)
			v = prelude_constant(ev, sy->builtin, at);
		else
			v = closure_get(ev, CL_BUILTIN, sy->builtin, NULL, NULL, VALUE_NONE);
		break;
	case SYM_MODULE:
	case SYM_INSTANCE:
		eval_error(ev, at, "module '%s' is not a value", sym_name(ev, s));
	case SYM_VAR:
		eval_error(ev, at, "'%s' has no value here", sym_name(ev, s));
	}
	slot->val = v;
	slot->state = SLOT_READY;
	if (ev->busy.n && vec_last(&ev->busy) == slot)
		ev->busy.n--;
	return v;
}

/* Symbols may be added after eval_new (an --eval expression's own
 * names): keep the per-symbol arrays as long as the symbol table. */
void eval_grow(struct eval *ev)
{
	uint32_t n = (uint32_t)ev->st->syms.n;
	if (n <= ev->nglobals)
		return;
	ev->globals = xrealloc(ev->globals, n * sizeof *ev->globals);
	ev->chans = xrealloc(ev->chans, n * sizeof *ev->chans);
	ev->instances = xrealloc(ev->instances, n * sizeof *ev->instances);
	for (uint32_t i = ev->nglobals; i < n; i++) {
		ev->globals[i] = (struct slot){i, SLOT_LAZY, false, VALUE_NONE};
		memset(&ev->chans[i], 0, sizeof ev->chans[i]);
		ev->instances[i] = NULL;
	}
	ev->nglobals = n;
}

/* The slot of symbol s visible from frame f (NULL when unbound). */
static struct slot *find_slot(struct eval *ev, sym_id s, const struct frame *f, const struct frame **owner)
{
	for (; f; f = f->parent) {
		for (uint32_t i = 0; i < f->n; i++) {
			if (f->slots[i].sym == s) {
				*owner = f;
				return &f->slots[i];
			}
		}
	}
	*owner = NULL;
	if (is_global(ev, s)) {
		eval_grow(ev);
		return &ev->globals[s];
	}
	return NULL;
}

static value_id lookup(struct eval *ev, sym_id s, const struct frame *f, struct span at)
{
	const struct frame *owner;
	struct slot *slot = find_slot(ev, s, f, &owner);
	if (!slot) {
		if (sym_of(ev, s)->kind == SYM_VAR && sym_of(ev, s)->module)
			eval_error(ev, at, "'%s' is a module parameter, which a channel or datatype declaration "
					   "cannot use yet", sym_name(ev, s));
		eval_error(ev, at, "'%s' has no value here", sym_name(ev, s));
	}
	if (slot->state == SLOT_READY)
		return slot->val;
	return compute(ev, s, slot, owner, at);
}

/* ---- patterns ------------------------------------------------------------ */

/* Flatten a DOT pattern into its components. */
typedef VEC(const struct ast *) astvec;

static void dot_parts(struct eval *ev, const struct ast *p, astvec *out)
{
	while (p->kind == AST_PAREN)
		p = p->kids[0];
	if (p->kind == AST_DOT) {
		dot_parts(ev, p->kids[0], out);
		dot_parts(ev, p->kids[1], out);
	} else {
		svec_push(ev, out, p);
	}
}

/* Match value v against pattern p; on success record the bindings in
 * `binds` (pairs sym, value). */
struct binding {
	sym_id sym;
	value_id val;
};
typedef VEC(struct binding) bindings;

static bool match(struct eval *ev, const struct ast *p, value_id v, bindings *b)
{
	const struct value *val = value_get(ev->vt, v);
	switch (p->kind) {
	case AST_PAREN:
		return match(ev, p->kids[0], v, b);
	case AST_WILDCARD:
		return true;
	case AST_VAR:
	case AST_QUAL: {
		sym_id s = p->kind == AST_VAR ? p->sym : 0;
		if (p->kind == AST_QUAL) {
			const struct ast *q = p;
			while (q->kind == AST_QUAL)
				q = q->kids[0];
			s = q->sym;
		}
		if (!s)
			return false;
		const struct symbol *sy = sym_of(ev, s);
		if (sy->kind == SYM_VAR || sy->kind == SYM_VALUE) {
			struct binding bd = {s, v};
			svec_push(ev, b, bd);
			return true;
		}
		/* a constant: constructor, channel, True/False */
		value_id c = eval_node(ev, p, NULL);
		return c == v;
	}
	case AST_INT:
		return val->kind == VK_INT && val->u.i == p->u.i;
	case AST_CHAR:
		return val->kind == VK_CHAR && val->u.i == p->u.i;
	case AST_BOOL:
		return val->kind == VK_BOOL && val->u.i == p->u.i;
	case AST_STRING:
		return v == value_string(ev->vt, atom_str(ev->env.atoms, p->u.name), atom_len(ev->env.atoms, p->u.name));
	case AST_TUPLE:
		if (val->kind != VK_TUPLE || val->n != p->nkids)
			return false;
		for (uint32_t i = 0; i < p->nkids; i++)
			if (!match(ev, p->kids[i], value_get(ev->vt, v)->elems[i], b))
				return false;
		return true;
	case AST_SEQ:
		if (val->kind != VK_SEQ || val->n != p->nkids)
			return false;
		for (uint32_t i = 0; i < p->nkids; i++)
			if (!match(ev, p->kids[i], value_get(ev->vt, v)->elems[i], b))
				return false;
		return true;
	case AST_SET:
		if (val->kind != VK_SET || val->n != p->nkids)
			return false;
		if (p->nkids == 0)
			return true;
		if (p->nkids == 1)
			return match(ev, p->kids[0], val->elems[0], b);
		eval_error(ev, p->span, "a set pattern may have at most one element");
	case AST_DOUBLEPAT:
		return match(ev, p->kids[0], v, b) && match(ev, p->kids[1], v, b);
	case AST_BINOP: { /* p1 ^ p2: at least one side of known length */
		if (val->kind != VK_SEQ)
			return false;
		const struct ast *l = ast_unparen(p->kids[0]), *r = ast_unparen(p->kids[1]);
		uint32_t n = val->n;
		uint32_t split;
		if (l->kind == AST_SEQ)
			split = l->nkids;
		else if (r->kind == AST_SEQ)
			split = r->nkids <= n ? n - r->nkids : n + 1;
		else if (l->kind == AST_STRING)
			split = (uint32_t)value_get(ev->vt, eval_node(ev, l, NULL))->n;
		else
			eval_error(ev, p->span, "a '^' pattern needs a sequence of known length on one side");
		if (split > n)
			return false;
		value_id lv = value_seq(ev->vt, value_get(ev->vt, v)->elems, split);
		value_id rv = value_seq(ev->vt, value_get(ev->vt, v)->elems + split, n - split);
		return match(ev, p->kids[0], lv, b) && match(ev, p->kids[1], rv, b);
	}
	case AST_DOT: {
		astvec parts = {0};
		dot_parts(ev, p, &parts);
		value_id *got = scratch(ev, parts.n * sizeof *got);
		bool ok = dot_split(ev, v, parts.v, (uint32_t)parts.n, got);
		for (size_t i = 0; ok && i < parts.n; i++)
			ok = match(ev, parts.v[i], got[i], b);
		return ok;
	}
	default:
		eval_error(ev, p->span, "this pattern form cannot be matched");
	}
}

/* A transient frame over `parent` holding the bindings b; `buf` (of at
 * least b->n slots, see TRANSIENT) is its storage. */
static struct frame transient(const struct frame *parent, const void *site, const bindings *b, struct slot *buf)
{
	for (size_t i = 0; i < b->n; i++)
		buf[i] = (struct slot){b->v[i].sym, SLOT_READY, false, b->v[i].val};
	return (struct frame){parent, site, (uint32_t)b->n, false, 0, buf};
}

/* Slot storage for a transient frame of b->n bindings. */
#define SLOTS_FOR(name, b)                                                      \
	struct slot name##_small[8];                                            \
	struct slot *name = (b)->n <= 8 ? name##_small : scratch(ev, (b)->n * sizeof *name)
#define SLOTS_FREE(name) ((void)name) /* scratch: released with its eval_node */

/* A declaration x = e / (a, b) = e: fill the slots of its variables in
 * frame f (or the globals). */
static void bind_pattern_into(struct eval *ev, const struct ast *pat, value_id v, const struct frame *f,
			      struct span at)
{
	bindings b = {0};
	if (!match(ev, pat, v, &b)) {
		eval_error(ev, at, "the value does not match the pattern of this definition");
	}
	for (size_t i = 0; i < b.n; i++) {
		const struct frame *owner;
		struct slot *slot = find_slot(ev, b.v[i].sym, f, &owner);
		if (slot) {
			slot->val = b.v[i].val;
			slot->state = SLOT_READY;
		}
	}
}

/* ---- application ---------------------------------------------------------- */

value_id eval_apply(struct eval *ev, value_id fn, const value_id *args, uint32_t nargs, struct span at)
{
	check_stack(ev, at);
	const struct value *fv = value_get(ev->vt, fn);
	if (fv->kind != VK_FUNC) {
		/* c(x) is not CSPm; a dot would be c.x */
		eval_error(ev, at, "this is not a function and cannot be applied");
	}
	const struct closure *c = fv->u.ptr;
	if (c->kind == CL_BUILTIN) {
		struct call call = {builtin_table[c->builtin].name, at};
		vec_push(&ev->calls, call);
		value_id r;
		if (c->applied) {
			/* earlier arguments first */
			const struct value *ap = value_get(ev->vt, c->applied);
			uint32_t k = ap->n;
			value_id *all = scratch(ev, (k + nargs) * sizeof *all);
			copy_bytes(all, ap->elems, k * sizeof *all);
			copy_bytes(all + k, args, nargs * sizeof *all);
			r = prelude_call(ev, c->builtin, all, k + nargs, at);
		} else {
			r = prelude_call(ev, c->builtin, args, nargs, at);
		}
		ev->calls.n--;
		return r;
	}
	if (c->kind == CL_LAMBDA) {
		const struct ast *pats = c->node->kids[0];
		if (pats->nkids != nargs)
			eval_error(ev, at, "this lambda takes %u argument%s but is given %u", pats->nkids,
				   pats->nkids == 1 ? "" : "s", nargs);
		bindings b = {0};
		for (uint32_t i = 0; i < nargs; i++) {
			if (!match(ev, pats->kids[i], args[i], &b)) {
				eval_error(ev, at, "the argument does not match the lambda's pattern");
			}
		}
		SLOTS_FOR(buf, &b);
		struct frame f = transient(c->frame, c->node, &b, buf);
		struct call call = {"a lambda", at};
		vec_push(&ev->calls, call);
		value_id r = eval_node(ev, c->node->kids[1], &f);
		ev->calls.n--;
		SLOTS_FREE(buf);
		return r;
	}
	/* A function defined by clauses, maybe curried: collect groups. */
	const struct ast *fb = c->node;
	uint32_t ngroups = fb->kids[0]->nkids - 1;
	value_id group = value_seq(ev->vt, args, nargs);
	uint32_t have = c->applied ? value_get(ev->vt, c->applied)->n : 0;
	VEC(value_id) groups = {0};
	if (c->applied) {
		const struct value *ap = value_get(ev->vt, c->applied);
		for (uint32_t i = 0; i < ap->n; i++)
			svec_push(ev, &groups, ap->elems[i]);
	}
	svec_push(ev, &groups, group);
	if (have + 1 < ngroups) {
		value_id applied = value_seq(ev->vt, groups.v, (uint32_t)groups.n);
		return closure_get(ev, CL_FUN, 0, fb, c->frame, applied);
	}
	const char *name = atom_str(ev->env.atoms, fb->u.name);
	struct call call = {name, at};
	vec_push(&ev->calls, call);
	for (uint32_t k = 0; k < fb->nkids; k++) {
		const struct ast *m = fb->kids[k];
		bindings b = {0};
		bool ok = true;
		for (uint32_t g = 0; ok && g < ngroups; g++) {
			const struct ast *pats = m->kids[g];
			const struct value *gv = value_get(ev->vt, groups.v[g]);
			if (pats->nkids != gv->n) {
				eval_error(ev, at, "'%s' takes %u argument%s but is given %u", name, pats->nkids,
					   pats->nkids == 1 ? "" : "s", gv->n);
			}
			for (uint32_t i = 0; ok && i < pats->nkids; i++)
				ok = match(ev, pats->kids[i], value_get(ev->vt, groups.v[g])->elems[i], &b);
		}
		if (!ok) {
			continue;
		}
		SLOTS_FOR(buf, &b);
		struct frame f = transient(c->frame, m, &b, buf);
		value_id r = eval_node(ev, m->kids[m->nkids - 1], &f);
		ev->calls.n--;
		SLOTS_FREE(buf);
		return r;
	}
	eval_error(ev, at, "no clause of '%s' matches these arguments", name);
}

/* ---- statements: comprehensions and replicated operators ------------------ */

/* Calls `each` once per binding that statements stmts[i..] produce in
 * frame f, in order (generators over sequences in sequence order, over
 * sets in value order). */
typedef void (*stmt_fn)(struct eval *ev, const struct frame *f, void *ctx);

static void iterate_from(struct eval *ev, const struct ast *stmts, uint32_t i, const struct frame *f, stmt_fn each,
			 void *ctx, value_id pre);

static void iterate(struct eval *ev, const struct ast *stmts, uint32_t i, const struct frame *f, stmt_fn each,
		    void *ctx)
{
	iterate_from(ev, stmts, i, f, each, ctx, VALUE_NONE);
}

/* iterate, where `pre` (when not VALUE_NONE) is the already evaluated
 * source of statement i. */
static void iterate_from(struct eval *ev, const struct ast *stmts, uint32_t i, const struct frame *f, stmt_fn each,
			 void *ctx, value_id pre)
{
	if (!stmts || i == stmts->nkids) {
		each(ev, f, ctx);
		return;
	}
	const struct ast *s = stmts->kids[i];
	if (s->kind == AST_COND) {
		value_id c = eval_node(ev, s->kids[0], f);
		if (value_kind(ev->vt, c) != VK_BOOL)
			eval_error(ev, s->span, "a condition must be a boolean");
		if (value_get(ev->vt, c)->u.i)
			iterate(ev, stmts, i + 1, f, each, ctx);
		return;
	}
	value_id src = pre ? pre : eval_node(ev, s->kids[1], f);
	enum value_kind k = value_kind(ev->vt, src);
	if (eval_lazy_of(ev, src))
		eval_error(ev, s->kids[1]->span, "an infinite sequence can only be the first generator of a "
						 "sequence comprehension");
	if (k != VK_SEQ)
		src = eval_enumerate(ev, src, s->kids[1]->span);
	/* Copy: the table may grow (and move) while the body runs. */
	uint32_t n = value_get(ev->vt, src)->n;
	value_id *elems = scratch(ev, (n ? n : 1) * sizeof *elems);
	copy_bytes(elems, value_get(ev->vt, src)->elems, n * sizeof *elems);
	bindings b = {0};
	for (uint32_t e = 0; e < n; e++) {
		b.n = 0;
		if (!match(ev, s->kids[0], elems[e], &b))
			continue;
		SLOTS_FOR(buf, &b);
		struct frame nf = transient(f, s, &b, buf);
		iterate(ev, stmts, i + 1, &nf, each, ctx);
		SLOTS_FREE(buf);
	}
}

static void lazy_each(struct eval *ev, const struct frame *f, void *ctx)
{
	struct lazy *l = ctx;
	const struct ast *elems = l->comp->kids[0];
	for (uint32_t i = 0; i < elems->nkids; i++)
		vec_push(&l->forced, eval_node(ev, elems->kids[i], f));
}

/* One source element x of a lazy comprehension: bind its generator's
 * pattern and run the remaining statements, appending what they yield. */
static void lazy_draw(struct eval *ev, struct lazy *l, value_id x)
{
	const struct ast *gen = l->comp->kids[1]->kids[0];
	bindings b = {0};
	if (!match(ev, gen->kids[0], x, &b))
		return;
	SLOTS_FOR(buf, &b);
	struct frame nf = transient(l->frame, gen, &b, buf);
	iterate(ev, l->comp->kids[1], 1, &nf, lazy_each, l);
}

struct collect {
	const struct ast *elems;   /* LIST of expressions, or a single one */
	VEC(value_id) out;
	bool productions;          /* {| |}: each value's productions */
	struct span at;
};

static void collect_each(struct eval *ev, const struct frame *f, void *ctx)
{
	struct collect *c = ctx;
	const struct ast *l = c->elems;
	uint32_t n = l->kind == AST_LIST ? l->nkids : 1;
	for (uint32_t i = 0; i < n; i++) {
		const struct ast *e = l->kind == AST_LIST ? l->kids[i] : l;
		value_id v = eval_node(ev, e, f);
		if (c->productions) {
			value_id ps = dot_productions(ev, v, e->span);
			const struct value *pv = value_get(ev->vt, ps);
			for (uint32_t k = 0; k < pv->n; k++)
				svec_push(ev, &c->out, value_get(ev->vt, ps)->elems[k]);
		} else {
			svec_push(ev, &c->out, v);
		}
	}
}

/* Processes of a replicated operator: the body evaluated per binding. */
struct repl {
	const struct ast *body;
	const struct ast *alpha;   /* || x:S @ [A] P: the alphabet, or NULL */
	const struct ast *ties;    /* [a <-> b | stmts] x:S @ P: ties, or NULL */
	const struct ast *tie_stmts;
	VEC(value_id) out;
};

static value_id pairs_set(struct eval *ev, const struct ast *list, const struct ast *stmts, const struct frame *f);
static struct timed *timed_of(struct eval *ev, const struct ast *n);
static value_id with_tock(struct eval *ev, const struct timed *t, value_id set);

static value_id proc_operand(struct eval *ev, const struct ast *n, const struct frame *f);

static void repl_each(struct eval *ev, const struct frame *f, void *ctx)
{
	struct repl *r = ctx;
	value_id p = proc_operand(ev, r->body, f);
	if (r->alpha || r->ties) {
		value_id a = r->alpha ? eval_node(ev, r->alpha, f) : pairs_set(ev, r->ties, r->tie_stmts, f);
		const struct timed *t = r->alpha ? timed_of(ev, r->alpha) : NULL;
		if (t)
			a = with_tock(ev, t, a);
		value_id pair[2] = {a, p};
		p = value_tuple(ev->vt, pair, 2);
	}
	svec_push(ev, &r->out, p);
}

/* ---- processes ------------------------------------------------------------ */

value_id eval_proc_of(struct eval *ev, value_id v, struct span at)
{
	if (value_kind(ev->vt, v) != VK_PROC)
		eval_error(ev, at, "expected a process here");
	return v;
}

static value_id delay(struct eval *ev, const struct ast *n, const struct frame *f)
{
	f = frame_intern(ev, f);
	uint64_t args[2] = {(uint64_t)(uintptr_t)n, (uint64_t)(uintptr_t)f};
	return make_proc(ev, TERM_DELAY, args, 2);
}

/* ---- Timed sections (tock-CSP) -------------------------------------------- */

/* The innermost Timed section containing node n, or NULL. Inside one,
 * FDR gives processes tock-CSP meaning: every prefix lets time pass
 * (tock) until its event and then waits f(event) tocks, STOP and SKIP
 * let time pass (TSTOP, TSKIP), and every choice and parallel operator
 * synchronises on tock, so time passes for all components at once. */
static struct timed *timed_of(struct eval *ev, const struct ast *n)
{
	struct timed *best = NULL;
	for (size_t i = 0; i < ev->timed.n; i++) {
		const struct ast *t = ev->timed.v[i].section;
		if (t->span.file == n->span.file && t->span.start <= n->span.start && n->span.end <= t->span.end &&
		    (!best || best->section->span.start <= t->span.start))
			best = &ev->timed.v[i];
	}
	if (best && !best->ready) {
		atom_t a = atom_lookup(ev->env.atoms, "tock", 4);
		sym_id tock = 0;
		for (size_t s = 1; a && s < ev->st->syms.n && !tock; s++)
			if (sym_of(ev, (sym_id)s)->kind == SYM_CHANNEL && sym_of(ev, (sym_id)s)->name == a)
				tock = (sym_id)s;
		if (!tock)
			eval_error(ev, best->section->span, "a Timed section needs a channel named tock");
		best->tock = lookup(ev, tock, NULL, best->section->span);
		if (!dot_is_complete(ev, best->tock))
			eval_error(ev, best->section->span, "tock must be a channel without fields");
		best->fn = best->section->kids[0] ? eval_node(ev, best->section->kids[0], NULL) : VALUE_NONE;
		best->ready = true;
	}
	return best;
}

static value_id tock_set(struct eval *ev, const struct timed *t)
{
	return value_set(ev->vt, &t->tock, 1);
}

/* TSTOP = tock -> TSTOP, which is RUN({tock}). */
static value_id tstop(struct eval *ev, const struct timed *t)
{
	uint64_t a[1] = {tock_set(ev, t)};
	return make_proc(ev, TERM_RUN, a, 1);
}

/* TSKIP = tock -> TSKIP [] SKIP, which is RUN({tock}) /\ SKIP: tock keeps
 * the interrupt, SKIP's tick ends it. */
static value_id tskip(struct eval *ev, const struct timed *t)
{
	uint64_t a[2] = {tstop(ev, t), make_proc(ev, TERM_SKIP, NULL, 0)};
	return make_proc(ev, TERM_INTERRUPT, a, 2);
}

/* timed_priority(P) is prioritise(P, <{}, {tock}>), as libcspm builds it:
 * tock waits while τ or ✓ is possible (maximal progress). */
static value_id timed_priority(struct eval *ev, const struct timed *t, value_id p)
{
	unsigned b = 0;
	while (b < builtin_count && strcmp(builtin_table[b].name, "prioritise") != 0)
		b++;
	value_id sets[2] = {value_set(ev->vt, NULL, 0), tock_set(ev, t)};
	uint64_t a[3] = {b, p, value_seq(ev->vt, sets, 2)};
	return make_proc(ev, TERM_APPLY, a, 3);
}

/* tock -> tock -> ... (k times) -> p */
static value_id tocks(struct eval *ev, const struct timed *t, int64_t k, value_id p, struct span at)
{
	if (k < 0 || k > 1000000)
		eval_error(ev, at, "a Timed section's function gave %lld tocks", (long long)k);
	for (int64_t i = 0; i < k; i++) {
		uint64_t a[2] = {t->tock, p};
		p = make_proc(ev, TERM_PREFIX, a, 2);
	}
	return p;
}

/* How many tocks event e takes in section t. */
static int64_t event_time(struct eval *ev, const struct timed *t, value_id e, struct span at)
{
	if (!t->fn)
		return 1;
	return eval_int(ev, eval_apply(ev, t->fn, &e, 1, at), at);
}

static value_id with_tock(struct eval *ev, const struct timed *t, value_id set)
{
	return value_union(ev->vt, set, tock_set(ev, t));
}

/* The continuation of a prefix: evaluated only once the event happens
 * (c?v -> d!(v + 1) -> STOP must not build d.3 for an input v = 2 that
 * may never come), so always delayed but for built-in constants. */
static value_id continuation(struct eval *ev, const struct ast *n, const struct frame *f)
{
	const struct ast *u = ast_unparen(n);
	if (u->kind == AST_VAR && u->sym && sym_of(ev, u->sym)->kind == SYM_BUILTIN)
		return eval_proc_of(ev, eval_node(ev, n, f), n->span);
	return delay(ev, u, f);
}

/* An operand of a process operator: a named process (P, P(n), M::P) is
 * delayed, so recursion through any operator is guarded; anything else
 * is evaluated now. */
static value_id proc_operand(struct eval *ev, const struct ast *n, const struct frame *f)
{
	const struct ast *u = ast_unparen(n);
	switch (u->kind) {
	case AST_PREFIX: case AST_GUARD: case AST_PROCOP: case AST_GENPAR: case AST_ALPHAPAR:
	case AST_EXCEPTION: case AST_SYNCEXT: case AST_SYNCINT: case AST_RENAME: case AST_LINKPAR:
	case AST_REP: case AST_REPGENPAR: case AST_REPALPHAPAR: case AST_REPLINKPAR: case AST_REPSYNCEXT:
		/* an operator: build it now; its own operands come here */
		return eval_proc_of(ev, eval_node(ev, n, f), n->span);
	case AST_VAR:
		if (u->sym) {
			const struct symbol *sy = sym_of(ev, u->sym);
			/* Built-in constants (STOP) and variables are cheap
			 * and never recursive: evaluate them. */
			if (sy->kind == SYM_BUILTIN || sy->kind == SYM_VAR)
				return eval_proc_of(ev, eval_node(ev, n, f), n->span);
		}
		return delay(ev, u, f);
	default:
		/* a name, a call, if, let...: what it computes may be the
		 * process being defined (read?v -> (if v then P else Q)) */
		return delay(ev, u, f);
	}
}

static value_id proc2(struct eval *ev, enum term_op op, const struct ast *n, const struct frame *f, int l, int r)
{
	const struct timed *t = timed_of(ev, n);
	if (t && (op == TERM_EXTCHOICE || op == TERM_INTERRUPT || op == TERM_INTERLEAVE)) {
		/* choice and interrupt synchronise on tock, interleaving
		 * becomes parallel on tock; a TSTOP side of a choice is
		 * dropped (as FDR does) */
		value_id x = proc_operand(ev, n->kids[l], f);
		value_id y = proc_operand(ev, n->kids[r], f);
		if (op == TERM_EXTCHOICE) {
			value_id stop = tstop(ev, t);
			if (x == stop)
				return y;
			if (y == stop)
				return x;
		}
		enum term_op top = op == TERM_EXTCHOICE ? TERM_SYNCEXT : op == TERM_INTERRUPT ? TERM_SYNCINT : TERM_GENPAR;
		uint64_t a[3] = {x, tock_set(ev, t), y};
		return make_proc(ev, top, a, 3);
	}
	/* left before right, explicitly: the order terms are made in
	 * numbers them, and C leaves an initializer's order open */
	uint64_t a[2];
	a[0] = proc_operand(ev, n->kids[l], f);
	a[1] = proc_operand(ev, n->kids[r], f);
	return make_proc(ev, op, a, 2);
}

static value_id proc_set(struct eval *ev, enum term_op op, const struct ast *n, const struct frame *f)
{
	uint64_t a[3];
	a[0] = proc_operand(ev, n->kids[0], f);
	a[1] = eval_node(ev, n->kids[1], f);
	a[2] = proc_operand(ev, n->kids[2], f);
	const struct timed *t = timed_of(ev, n);
	if (t && op != TERM_EXCEPTION)
		a[1] = with_tock(ev, t, (value_id)a[1]);
	return make_proc(ev, op, a, 3);
}

/* Pairs (from, to) of a renaming or link list, over its statements. */
struct pairs {
	const struct ast *list;
	VEC(value_id) out;
};

static void pairs_each(struct eval *ev, const struct frame *f, void *ctx)
{
	struct pairs *p = ctx;
	for (uint32_t i = 0; i < p->list->nkids; i++) {
		const struct ast *pr = p->list->kids[i];
		value_id t[2] = {eval_node(ev, pr->kids[0], f), eval_node(ev, pr->kids[1], f)};
		svec_push(ev, &p->out, value_tuple(ev->vt, t, 2));
	}
}

/* A link list must pair each event with one partner on each side
 * (c.true <-> d.true, c.true <-> d.false is ambiguous). */
static void check_ties(struct eval *ev, value_id ties, struct span at)
{
	const struct value *tv = value_get(ev->vt, ties);
	for (uint32_t i = 0; i < tv->n; i++) {
		for (uint32_t j = i + 1; j < tv->n; j++) {
			const struct value *x = value_get(ev->vt, value_get(ev->vt, ties)->elems[i]);
			const struct value *y = value_get(ev->vt, value_get(ev->vt, ties)->elems[j]);
			if (x->elems[0] == y->elems[0] || x->elems[1] == y->elems[1])
				eval_error(ev, at, "ambiguous linked parallel: an event is linked to two events");
		}
	}
}

static value_id pairs_set(struct eval *ev, const struct ast *list, const struct ast *stmts, const struct frame *f)
{
	struct pairs p = {list, {0}};
	iterate(ev, stmts, 0, f, pairs_each, &p);
	value_id s = value_set(ev->vt, p.out.v, (uint32_t)p.out.n);
	return s;
}

/* c?x:S?y!e -> P: an external choice (internal for $) over every event
 * the fields allow, each continuing as P with the inputs bound. */
struct prefix_ctx {
	const struct ast *node;
	VEC(value_id) branches;
	bool nondet;
};

static void prefix_fields(struct eval *ev, struct prefix_ctx *pc, uint32_t i, value_id event, const struct frame *f)
{
	const struct ast *fields = pc->node->kids[1];
	if (i == fields->nkids) {
		if (!dot_is_complete(ev, event))
			eval_error(ev, pc->node->kids[0]->span, "this prefix does not give every field of its event");
		uint64_t a[2] = {event, continuation(ev, pc->node->kids[2], f)};
		const struct timed *t = timed_of(ev, pc->node);
		if (t)
			a[1] = tocks(ev, t, event_time(ev, t, event, pc->node->span), (value_id)a[1], pc->node->span);
		svec_push(ev, &pc->branches, make_proc(ev, TERM_PREFIX, a, 2));
		return;
	}
	const struct ast *fd = fields->kids[i];
	if (fd->op == OP_OUTPUT) {
		value_id v = eval_node(ev, fd->kids[0], f);
		prefix_fields(ev, pc, i + 1, dot_combine(ev, event, v, fd->span), f);
		return;
	}
	if (fd->op == OP_NDINPUT)
		pc->nondet = true;
	bool last = i + 1 == fields->nkids;
	value_id restrict_to = fd->kids[1] ? eval_node(ev, fd->kids[1], f) : VALUE_NONE;
	/* The values this field can take: the next component of every event
	 * extending `event` (the whole remainder for the last field). */
	value_id evs = dot_productions(ev, event, fd->span);
	uint32_t n = value_get(ev->vt, evs)->n;
	value_id *all = scratch(ev, (n ? n : 1) * sizeof *all);
	copy_bytes(all, value_get(ev->vt, evs)->elems, n * sizeof *all);
	VEC(value_id) cand = {0};
	for (uint32_t k = 0; k < n; k++) {
		uint32_t rn;
		const value_id *rest = dot_remainder(ev, event, all[k], &rn);
		if (!rest || rn == 0)
			continue;
		value_id v = last && rn > 1 ? value_dot(ev->vt, rest[0], rest + 1, rn - 1) : rest[0];
		svec_push(ev, &cand, v);
	}
	value_id cs = value_set(ev->vt, cand.v, (uint32_t)cand.n);
	n = value_get(ev->vt, cs)->n;
	value_id *vals = scratch(ev, (n ? n : 1) * sizeof *vals);
	copy_bytes(vals, value_get(ev->vt, cs)->elems, n * sizeof *vals);
	if (restrict_to && value_set_finite(ev->vt, restrict_to)) {
		/* c?x:S with a value of S the channel cannot carry is the
		 * error c.v would be anywhere else */
		value_id rs = eval_enumerate(ev, restrict_to, fd->kids[1]->span);
		for (uint32_t k = 0; k < value_get(ev->vt, rs)->n; k++) {
			value_id v = value_get(ev->vt, rs)->elems[k];
			if (!value_member(ev->vt, v, cs)) {
				char ebuf[128], vbuf[96];
				eval_describe(ev, event, ebuf, sizeof ebuf);
				eval_describe(ev, v, vbuf, sizeof vbuf);
				eval_error(ev, fd->kids[1]->span, "%s.%s is not an event: the input's set allows a value its "
								  "channel does not carry", ebuf, vbuf);
			}
		}
	}
	bindings b = {0};
	for (uint32_t k = 0; k < n; k++) {
		if (restrict_to && !value_member(ev->vt, vals[k], restrict_to))
			continue;
		b.n = 0;
		if (!match(ev, fd->kids[0], vals[k], &b))
			continue;
		SLOTS_FOR(buf, &b);
		struct frame nf = transient(f, fd, &b, buf);
		prefix_fields(ev, pc, i + 1, dot_combine(ev, event, vals[k], fd->span), &nf);
		SLOTS_FREE(buf);
	}
}

/* In a Timed section, a prefix waits: tock -> (this prefix again) is
 * offered beside its events (FDR's timed prefix). */
static value_id timed_wait(struct eval *ev, const struct ast *n, const struct frame *f, value_id p)
{
	const struct timed *t = timed_of(ev, n);
	if (!t)
		return p;
	uint64_t w[2] = {t->tock, delay(ev, n, f)};
	value_id both[2] = {make_proc(ev, TERM_PREFIX, w, 2), p};
	uint64_t a[1] = {value_set(ev->vt, both, 2)};
	return make_proc(ev, TERM_REPEXT, a, 1);
}

static value_id eval_prefix(struct eval *ev, const struct ast *n, const struct frame *f)
{
	value_id event = eval_node(ev, n->kids[0], f);
	if (n->kids[1]->nkids == 0) {
		if (!dot_is_complete(ev, event))
			eval_error(ev, n->kids[0]->span, "this prefix does not give every field of its event");
		uint64_t a[2] = {event, continuation(ev, n->kids[2], f)};
		const struct timed *t = timed_of(ev, n);
		if (t)
			a[1] = tocks(ev, t, event_time(ev, t, event, n->span), (value_id)a[1], n->span);
		return timed_wait(ev, n, f, make_proc(ev, TERM_PREFIX, a, 2));
	}
	struct prefix_ctx pc = {n, {0}, false};
	prefix_fields(ev, &pc, 0, event, f);
	value_id r;
	if (pc.branches.n == 1) {
		r = pc.branches.v[0];
	} else if (pc.nondet) {
		if (pc.branches.n == 0)
			eval_error(ev, n->span, "a nondeterministic input over no values");
		uint64_t a[1] = {value_set(ev->vt, pc.branches.v, (uint32_t)pc.branches.n)};
		r = make_proc(ev, TERM_REPINT, a, 1);
	} else {
		uint64_t a[1] = {value_set(ev->vt, pc.branches.v, (uint32_t)pc.branches.n)};
		r = make_proc(ev, TERM_REPEXT, a, 1);
	}
	r = timed_wait(ev, n, f, r);
	return r;
}

/* ---- expressions ------------------------------------------------------------ */

int64_t eval_int(struct eval *ev, value_id v, struct span at)
{
	if (value_kind(ev->vt, v) != VK_INT)
		eval_error(ev, at, "expected an integer here");
	return value_get(ev->vt, v)->u.i;
}

static bool eval_bool(struct eval *ev, const struct ast *n, const struct frame *f)
{
	value_id v = eval_node(ev, n, f);
	if (value_kind(ev->vt, v) != VK_BOOL)
		eval_error(ev, n->span, "expected a boolean here");
	return value_get(ev->vt, v)->u.i != 0;
}

value_id eval_enumerate(struct eval *ev, value_id s, struct span at)
{
	enum value_kind k = value_kind(ev->vt, s);
	if (k == VK_SET)
		return s;
	if (k != VK_SETEXPR)
		eval_error(ev, at, "expected a set here");
	value_id e = value_enumerate(ev->vt, s);
	if (!e) {
		char buf[128];
		eval_describe(ev, s, buf, sizeof buf);
		if (value_set_finite(ev->vt, s))
			eval_error(ev, at, "the set %s is too large to enumerate", buf);
		eval_error(ev, at, "cannot enumerate the infinite set %s", buf);
	}
	return e;
}

/* a < b etc. on ints, chars, sets (subset) and sequences (prefix). */
static bool compare(struct eval *ev, enum ast_op op, value_id a, value_id b, struct span at)
{
	if (op == OP_GT || op == OP_GE) {
		value_id t = a;
		a = b;
		b = t;
		op = op == OP_GT ? OP_LT : OP_LE;
	}
	const struct value *va = value_get(ev->vt, a), *vb = value_get(ev->vt, b);
	if ((va->kind == VK_INT && vb->kind == VK_INT) || (va->kind == VK_CHAR && vb->kind == VK_CHAR))
		return op == OP_LT ? va->u.i < vb->u.i : va->u.i <= vb->u.i;
	if (value_is_set(ev->vt, a) && value_is_set(ev->vt, b)) {
		int sub = value_subset(ev->vt, a, b);
		if (sub < 0)
			eval_error(ev, at, "cannot compare these infinite sets");
		if (op == OP_LE)
			return sub;
		int eq = value_set_equal(ev->vt, a, b);
		if (eq < 0)
			eval_error(ev, at, "cannot compare these infinite sets");
		return sub && !eq;
	}
	if ((va->kind == VK_TUPLE && vb->kind == VK_TUPLE) || (va->kind == VK_MAP && vb->kind == VK_MAP)) {
		/* lexicographic, element by element */
		int c = value_cmp(ev->vt, a, b);
		return op == OP_LT ? c < 0 : c <= 0;
	}
	if (va->kind == VK_SEQ && vb->kind == VK_SEQ) {
		if (va->n > vb->n || (op == OP_LT && va->n == vb->n))
			return false;
		for (uint32_t i = 0; i < va->n; i++)
			if (va->elems[i] != vb->elems[i])
				return false;
		return true;
	}
	eval_error(ev, at, "these values cannot be ordered");
}

static value_id arith(struct eval *ev, const struct ast *n, const struct frame *f)
{
	int64_t a = eval_int(ev, eval_node(ev, n->kids[0], f), n->kids[0]->span);
	int64_t b = eval_int(ev, eval_node(ev, n->kids[1], f), n->kids[1]->span);
	int64_t r = 0;
	switch (n->op) {
	case OP_ADD:
		if (__builtin_add_overflow(a, b, &r))
			eval_error(ev, n->span, "integer overflow");
		break;
	case OP_SUB:
		if (__builtin_sub_overflow(a, b, &r))
			eval_error(ev, n->span, "integer overflow");
		break;
	case OP_MUL:
		if (__builtin_mul_overflow(a, b, &r))
			eval_error(ev, n->span, "integer overflow");
		break;
	case OP_DIV:
	case OP_MOD:
		if (b == 0)
			eval_error(ev, n->span, "division by zero");
		if (a == INT64_MIN && b == -1)
			eval_error(ev, n->span, "integer overflow");
		/* Haskell's div and mod (FDR): round towards minus infinity. */
		if (n->op == OP_DIV) {
			r = a / b;
			if ((a % b != 0) && ((a < 0) != (b < 0)))
				r--;
		} else {
			r = a % b;
			if (r != 0 && ((r < 0) != (b < 0)))
				r += b;
		}
		break;
	default:
		break;
	}
	return value_int(ev->vt, r);
}

static value_id eval_binop(struct eval *ev, const struct ast *n, const struct frame *f)
{
	switch (n->op) {
	case OP_AND:
		return value_bool(ev->vt, eval_bool(ev, n->kids[0], f) && eval_bool(ev, n->kids[1], f));
	case OP_OR:
		return value_bool(ev->vt, eval_bool(ev, n->kids[0], f) || eval_bool(ev, n->kids[1], f));
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
		return arith(ev, n, f);
	default:
		break;
	}
	value_id a = eval_node(ev, n->kids[0], f);
	value_id b = eval_node(ev, n->kids[1], f);
	switch (n->op) {
	case OP_EQ:
	case OP_NE: {
		if (eval_lazy_of(ev, a) || eval_lazy_of(ev, b))
			eval_error(ev, n->span, "infinite sequences cannot be compared");
		bool eq = a == b;
		if (!eq && value_is_set(ev->vt, a) && value_is_set(ev->vt, b)) {
			int e = value_set_equal(ev->vt, a, b);
			if (e < 0)
				eval_error(ev, n->span, "cannot compare these infinite sets");
			eq = e;
		}
		return value_bool(ev->vt, n->op == OP_EQ ? eq : !eq);
	}
	case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		return value_bool(ev->vt, compare(ev, (enum ast_op)n->op, a, b, n->span));
	case OP_CONCAT:
		if (value_kind(ev->vt, a) != VK_SEQ || value_kind(ev->vt, b) != VK_SEQ)
			eval_error(ev, n->span, "'^' joins two sequences");
		return value_concat(ev->vt, a, b);
	default:
		eval_error(ev, n->span, "unknown operator");
	}
}

/* The values of a range {lo..hi} / <lo..hi> (hi may be absent). */
static value_id eval_range(struct eval *ev, const struct ast *n, const struct frame *f, bool seq)
{
	int64_t lo = eval_int(ev, eval_node(ev, n->kids[0], f), n->kids[0]->span);
	if (!n->kids[1]) {
		if (seq) {
			struct lazy l = {.kind = LZ_FROM, .from = lo};
			return lazy_new(ev, &l);
		}
		return value_setexpr(ev->vt, SX_FROM, lo, NULL, 0);
	}
	int64_t hi = eval_int(ev, eval_node(ev, n->kids[1], f), n->kids[1]->span);
	if (!seq)
		return value_range(ev->vt, lo, hi);
	if (hi >= lo && (uint64_t)(hi - lo) > (1u << 26))
		eval_error(ev, n->span, "the sequence <%lld..%lld> is too long", (long long)lo, (long long)hi);
	VEC(value_id) out = {0};
	for (int64_t i = lo; i <= hi; i++)
		svec_push(ev, &out, value_int(ev->vt, i));
	value_id r = value_seq(ev->vt, out.v, (uint32_t)out.n);
	return r;
}

struct range_ctx {
	const struct ast *node;
	VEC(value_id) out;
	bool seq;
	value_id infinite;   /* union of the infinite ranges {x..} met */
};

static void range_each(struct eval *ev, const struct frame *f, void *ctx)
{
	struct range_ctx *r = ctx;
	value_id v = eval_range(ev, r->node, f, r->seq);
	const struct value *vv = value_get(ev->vt, v);
	if (vv->kind == VK_SETEXPR) {
		r->infinite = r->infinite ? value_union(ev->vt, r->infinite, v) : v;
		return;
	}
	for (uint32_t i = 0; i < vv->n; i++)
		svec_push(ev, &r->out, value_get(ev->vt, v)->elems[i]);
}

/* Is symbol sy a member of module `mod`, directly or through modules
 * nested in it that take no parameters of their own? */
static bool member_of(struct eval *ev, const struct symbol *sy, sym_id mod)
{
	for (sym_id m = sy->module; m; m = sym_of(ev, m)->module) {
		if (m == mod)
			return true;
		const struct ast *md = sym_of(ev, m)->decl;
		if (md && md->kids[0])
			return false; /* inside a parameterised module of its own */
	}
	return false;
}

/* The frame of instance `inst` of a parameterised module: its
 * parameters bound to the arguments, one lazy slot per member. An
 * instance of a module nested in another instance (instance X2 =
 * X1::N(0)) sits on that instance's frame, where N's body finds X1's
 * parameters. */
static const struct frame *instance_frame(struct eval *ev, sym_id inst)
{
	eval_grow(ev);
	if (ev->instances[inst])
		return ev->instances[inst];
	const struct symbol *is = sym_of(ev, inst);
	sym_id mod = is->target;
	const struct ast *md = sym_of(ev, mod)->decl;
	const struct frame *parent = NULL;
	for (const struct ast *t = is->decl->kids[0]; t->kind == AST_QUAL; t = t->kids[0]) {
		if (t->sym && sym_of(ev, t->sym)->kind == SYM_INSTANCE) {
			const struct ast *tmd = sym_of(ev, sym_of(ev, t->sym)->target)->decl;
			if (tmd && tmd->kids[0])
				parent = instance_frame(ev, t->sym);
		}
	}
	const struct ast *params = md->kids[0], *args = is->decl->kids[1];
	bindings b = {0};
	for (uint32_t i = 0; params && i < params->nkids; i++) {
		value_id a = eval_node(ev, args->kids[i], NULL);
		if (!match(ev, params->kids[i], a, &b))
			eval_error(ev, args->kids[i]->span, "the argument does not match the module's parameter");
	}
	for (size_t s = 1; s < ev->st->syms.n; s++) {
		const struct symbol *sy = sym_of(ev, (sym_id)s);
		if (sy->kind != SYM_VAR && member_of(ev, sy, mod)) {
			struct binding bd = {(sym_id)s, VALUE_NONE};
			svec_push(ev, &b, bd);
		}
	}
	struct slot *slots = scratch(ev, (b.n ? b.n : 1) * sizeof *slots);
	for (size_t i = 0; i < b.n; i++) {
		bool lazy = sym_of(ev, b.v[i].sym)->kind != SYM_VAR;
		slots[i] = (struct slot){b.v[i].sym, lazy ? SLOT_LAZY : SLOT_READY, lazy, b.v[i].val};
	}
	const struct frame *f = frame_get(ev, parent, is->decl, (uint32_t)b.n, slots);
	ev->instances[inst] = (struct frame *)f;
	return f;
}

bool eval_in_parameterised_module(struct eval *ev, sym_id s)
{
	for (sym_id m = sym_of(ev, s)->module; m; m = sym_of(ev, m)->module) {
		const struct ast *md = sym_of(ev, m)->decl;
		if (md && md->kids[0])
			return true;
	}
	return false;
}

sym_id eval_synth(struct eval *ev, sym_id real, const struct frame *f)
{
	if (!f || !eval_in_parameterised_module(ev, real))
		return real;
	f = frame_intern(ev, f);
	for (size_t i = 0; i < ev->synth.n; i++)
		if (ev->synth.v[i].real == real && ev->synth.v[i].frame == f)
			return SYNTH_BASE + (sym_id)i;
	struct synth sy = {real, f, {0}};
	vec_push(&ev->synth, sy);
	return SYNTH_BASE + (sym_id)(ev->synth.n - 1);
}

void eval_instance_channels(struct eval *ev, void *idvec_out)
{
	VEC(value_id) *out = idvec_out;
	for (size_t i = 1; i < ev->st->syms.n; i++) {
		const struct symbol *is = sym_of(ev, (sym_id)i);
		if (is->kind != SYM_INSTANCE || !is->target)
			continue;
		const struct ast *md = sym_of(ev, is->target)->decl;
		if (!md || !md->kids[0])
			continue;
		const struct frame *f = instance_frame(ev, (sym_id)i);
		for (size_t c = 1; c < ev->st->syms.n; c++) {
			const struct symbol *cs = sym_of(ev, (sym_id)c);
			if (cs->kind == SYM_CHANNEL && member_of(ev, cs, is->target))
				svec_push(ev, out, lookup(ev, (sym_id)c, f, cs->at));
		}
	}
}

static value_id eval_module_member(struct eval *ev, const struct ast *n)
{
	/* QUAL chain: the modules or instances are the QUAL nodes' syms,
	 * the member the innermost VAR's sym. The innermost instance whose
	 * module takes parameters holds the member. */
	const struct ast *q = n;
	sym_id inst = 0;
	while (q->kind == AST_QUAL) {
		const struct symbol *ms = sym_of(ev, q->sym);
		if (ms->kind == SYM_INSTANCE) {
			const struct ast *md = sym_of(ev, ms->target)->decl;
			if (md && md->kids[0])
				inst = q->sym;
		}
		q = q->kids[0];
	}
	if (!q->sym)
		eval_error(ev, n->span, "unresolved name");
	if (!inst)
		return lookup(ev, q->sym, NULL, n->span);
	return lookup(ev, q->sym, instance_frame(ev, inst), n->span);
}

typedef VEC(struct slot) slotvec;

/* The symbols a pattern declaration binds. */
static void pattern_syms(struct eval *ev, const struct ast *p, const struct ast *decl, slotvec *out)
{
	if (!p)
		return;
	if (p->kind == AST_VAR) {
		if (p->sym && sym_of(ev, p->sym)->kind == SYM_VALUE && sym_of(ev, p->sym)->decl == decl) {
			struct slot sl = {p->sym, SLOT_LAZY, true, VALUE_NONE};
			svec_push(ev, out, sl);
		}
		return;
	}
	for (uint32_t i = 0; i < p->nkids; i++)
		pattern_syms(ev, p->kids[i], decl, out);
}

static void let_syms(struct eval *ev, const struct ast *decls, slotvec *out)
{
	for (uint32_t i = 0; i < decls->nkids; i++) {
		const struct ast *d = decls->kids[i];
		if (d->kind == AST_FUNBIND && d->sym) {
			struct slot sl = {d->sym, SLOT_LAZY, true, VALUE_NONE};
			svec_push(ev, out, sl);
		} else if (d->kind == AST_PATBIND) {
			pattern_syms(ev, d->kids[0], d, out);
		} else if (d->kind == AST_TIMED) {
			let_syms(ev, d->kids[1], out);
		}
	}
}

static value_id eval_let(struct eval *ev, const struct ast *n, const struct frame *f)
{
	/* One lazy slot per name the declarations bind. */
	slotvec slots = {0};
	let_syms(ev, n->kids[0], &slots);
	struct frame lf = {f, n, (uint32_t)slots.n, false, 0, slots.v};
	return eval_node(ev, n->kids[1], &lf);
}

static value_id eval_node_inner(struct eval *ev, const struct ast *n, const struct frame *f);

/* Evaluate n in f. Its result is a value in the table; everything the
 * evaluation allocated in scratch memory is released on return. */
value_id eval_node(struct eval *ev, const struct ast *n, const struct frame *f)
{
	struct arena_mark m = arena_mark(&ev->scratch);
	value_id r = eval_node_inner(ev, n, f);
	arena_release(&ev->scratch, m);
	return r;
}

static value_id eval_node_inner(struct eval *ev, const struct ast *n, const struct frame *f)
{
	switch (n->kind) {
	case AST_INT:
		return value_int(ev->vt, n->u.i);
	case AST_BOOL:
		return value_bool(ev->vt, n->u.i != 0);
	case AST_CHAR:
		return value_char(ev->vt, n->u.i);
	case AST_STRING:
		return value_string(ev->vt, atom_str(ev->env.atoms, n->u.name), atom_len(ev->env.atoms, n->u.name));
	case AST_VAR:
		if (!n->sym)
			eval_error(ev, n->span, "unresolved name");
		if (ev->timed.n && sym_of(ev, n->sym)->kind == SYM_BUILTIN) {
			const char *b = builtin_table[sym_of(ev, n->sym)->builtin].name;
			if (strcmp(b, "STOP") == 0 || strcmp(b, "SKIP") == 0) {
				const struct timed *t = timed_of(ev, n);
				if (t)
					return b[1] == 'T' ? tstop(ev, t) : tskip(ev, t);
			}
		}
		return lookup(ev, n->sym, f, n->span);
	case AST_QUAL:
		return eval_module_member(ev, n);
	case AST_PAREN:
		return eval_node(ev, n->kids[0], f);
	case AST_TUPLE: {
		value_id small[8];
		value_id *t = n->nkids <= 8 ? small : scratch(ev, n->nkids * sizeof *t);
		for (uint32_t i = 0; i < n->nkids; i++)
			t[i] = eval_node(ev, n->kids[i], f);
		value_id r = value_tuple(ev->vt, t, n->nkids);
		return r;
	}
	case AST_DOT:
		return dot_combine(ev, eval_node(ev, n->kids[0], f), eval_node(ev, n->kids[1], f), n->span);
	case AST_LET:
		return eval_let(ev, n, f);
	case AST_IF:
		return eval_node(ev, n->kids[eval_bool(ev, n->kids[0], f) ? 1 : 2], f);
	case AST_APP: {
		value_id fn = eval_node(ev, n->kids[0], f);
		uint32_t na = n->nkids - 1;
		value_id small[8];
		value_id *args = na <= 8 ? small : scratch(ev, na * sizeof *args);
		/* A built-in that takes a process first (normal(P), chase(P),
		 * prioritise(P, ..)) gets it delayed, like an operator's
		 * operand: P = normal(P) is then not an unguarded loop. */
		bool proc_first = false;
		if (value_kind(ev->vt, fn) == VK_FUNC) {
			const struct closure *c = value_get(ev->vt, fn)->u.ptr;
			proc_first = c->kind == CL_BUILTIN && !c->applied && builtin_takes_process(c->builtin);
			if (c->kind == CL_BUILTIN && builtin_table[c->builtin].cls == BUILTIN_TIMED) {
				const struct timed *t = timed_of(ev, n);
				const char *b = builtin_table[c->builtin].name;
				if (t && strcmp(b, "WAIT") == 0 && na == 1)
					return tocks(ev, t, eval_int(ev, eval_node(ev, n->kids[1], f), n->span), tskip(ev, t),
						     n->span);
				if (t && strcmp(b, "TSKIP") == 0 && na == 0)
					return tskip(ev, t);
				if (t && strcmp(b, "TSTOP") == 0 && na == 0)
					return tstop(ev, t);
				if (t && strcmp(b, "timed_priority") == 0 && na == 1)
					return timed_priority(ev, t, proc_operand(ev, n->kids[1], f));
			}
		}
		for (uint32_t i = 0; i < na; i++)
			args[i] = i == 0 && proc_first ? proc_operand(ev, n->kids[1], f) : eval_node(ev, n->kids[i + 1], f);
		value_id r = eval_apply(ev, fn, args, na, n->span);
		return r;
	}
	case AST_LAMBDA:
		return closure_get(ev, CL_LAMBDA, 0, n, f, VALUE_NONE);
	case AST_BINOP:
		return eval_binop(ev, n, f);
	case AST_UNOP:
		switch (n->op) {
		case OP_NOT:
			return value_bool(ev->vt, !eval_bool(ev, n->kids[0], f));
		case OP_NEG: {
			int64_t v = eval_int(ev, eval_node(ev, n->kids[0], f), n->span);
			if (v == INT64_MIN)
				eval_error(ev, n->span, "integer overflow");
			return value_int(ev->vt, -v);
		}
		case OP_LENGTH: {
			value_id s = eval_node(ev, n->kids[0], f);
			if (eval_lazy_of(ev, s))
				eval_error(ev, n->span, "the length of an infinite sequence cannot be computed");
			if (value_kind(ev->vt, s) != VK_SEQ)
				eval_error(ev, n->span, "'#' takes a sequence");
			return value_int(ev->vt, value_get(ev->vt, s)->n);
		}
		default:
			eval_error(ev, n->span, "unknown operator");
		}
	case AST_SEQ:
	case AST_SET: {
		VEC(value_id) out = {0};
		for (uint32_t i = 0; i < n->nkids; i++)
			svec_push(ev, &out, eval_node(ev, n->kids[i], f));
		value_id r = n->kind == AST_SEQ ? value_seq(ev->vt, out.v, (uint32_t)out.n)
						: value_set(ev->vt, out.v, (uint32_t)out.n);
		return r;
	}
	case AST_SEQCOMP:
	case AST_SETCOMP:
	case AST_ENUMSETCOMP: {
		value_id pre = VALUE_NONE;
		if (n->kind == AST_SEQCOMP && n->kids[1]->nkids && n->kids[1]->kids[0]->kind == AST_GEN) {
			/* a first generator over an infinite sequence makes the
			 * comprehension infinite too, and lazy */
			pre = eval_node(ev, n->kids[1]->kids[0]->kids[1], f);
			if (eval_lazy_of(ev, pre)) {
				struct lazy l = {.kind = LZ_COMP, .base = pre, .comp = n, .frame = frame_intern(ev, f)};
				return lazy_new(ev, &l);
			}
		}
		struct collect c = {n->kids[0], {0}, n->kind == AST_ENUMSETCOMP, n->span};
		iterate_from(ev, n->kids[1], 0, f, collect_each, &c, pre);
		value_id r = n->kind == AST_SEQCOMP ? value_seq(ev->vt, c.out.v, (uint32_t)c.out.n)
						    : value_set(ev->vt, c.out.v, (uint32_t)c.out.n);
		return r;
	}
	case AST_ENUMSET: {
		struct collect c = {n, {0}, true, n->span};
		const struct ast wrap = {.kind = AST_LIST, .nkids = n->nkids, .kids = n->kids};
		c.elems = &wrap;
		collect_each(ev, f, &c);
		value_id r = value_set(ev->vt, c.out.v, (uint32_t)c.out.n);
		return r;
	}
	case AST_SEQRANGE:
	case AST_SETRANGE: {
		bool seq = n->kind == AST_SEQRANGE;
		if (!n->kids[2])
			return eval_range(ev, n, f, seq);
		struct range_ctx rc = {n, {0}, seq, VALUE_NONE};
		iterate(ev, n->kids[2], 0, f, range_each, &rc);
		value_id r = seq ? value_seq(ev->vt, rc.out.v, (uint32_t)rc.out.n)
				 : value_set(ev->vt, rc.out.v, (uint32_t)rc.out.n);
		if (rc.infinite)
			r = value_union(ev->vt, r, rc.infinite);
		return r;
	}
	case AST_MAP: {
		VEC(value_id) ks = {0}, vs = {0};
		for (uint32_t i = 0; i < n->nkids; i++) {
			svec_push(ev, &ks, eval_node(ev, n->kids[i]->kids[0], f));
			svec_push(ev, &vs, eval_node(ev, n->kids[i]->kids[1], f));
		}
		value_id r = value_map(ev->vt, ks.v, vs.v, (uint32_t)ks.n);
		return r;
	}
	case AST_WILDCARD:
	case AST_DOUBLEPAT:
		eval_error(ev, n->span, "a pattern cannot be evaluated");
	/* processes */
	case AST_PREFIX:
		return eval_prefix(ev, n, f);
	case AST_GUARD: {
		if (eval_bool(ev, n->kids[0], f))
			return proc_operand(ev, n->kids[1], f);
		const struct timed *t = timed_of(ev, n);
		return t ? tstop(ev, t) : make_proc(ev, TERM_STOP, NULL, 0);
	}
	case AST_PROCOP: {
		switch (n->op) {
		case OP_EXTCHOICE: return proc2(ev, TERM_EXTCHOICE, n, f, 0, 1);
		case OP_INTCHOICE: return proc2(ev, TERM_INTCHOICE, n, f, 0, 1);
		case OP_INTERLEAVE: return proc2(ev, TERM_INTERLEAVE, n, f, 0, 1);
		case OP_INTERRUPT: return proc2(ev, TERM_INTERRUPT, n, f, 0, 1);
		case OP_SLIDING: return proc2(ev, TERM_SLIDING, n, f, 0, 1);
		case OP_SEQ: return proc2(ev, TERM_SEQ, n, f, 0, 1);
		case OP_HIDE:
		case OP_PROJECT: {
			value_id p = proc_operand(ev, n->kids[0], f);
			value_id a = eval_node(ev, n->kids[1], f);
			if (!value_is_set(ev->vt, a))
				eval_error(ev, n->kids[1]->span, "expected a set of events here");
			if (n->op == OP_PROJECT)
				a = value_diff(ev->vt, dot_all_events(ev, n->span), a);
			uint64_t args[2] = {p, a};
			return make_proc(ev, TERM_HIDE, args, 2);
		}
		default:
			eval_error(ev, n->span, "unknown operator");
		}
	}
	case AST_GENPAR: return proc_set(ev, TERM_GENPAR, n, f);
	case AST_EXCEPTION: return proc_set(ev, TERM_EXCEPTION, n, f);
	case AST_SYNCEXT: return proc_set(ev, TERM_SYNCEXT, n, f);
	case AST_SYNCINT: return proc_set(ev, TERM_SYNCINT, n, f);
	case AST_ALPHAPAR: {
		uint64_t a[4];
		a[0] = proc_operand(ev, n->kids[0], f);
		a[1] = eval_node(ev, n->kids[1], f);
		a[2] = eval_node(ev, n->kids[2], f);
		a[3] = proc_operand(ev, n->kids[3], f);
		const struct timed *t = timed_of(ev, n);
		if (t) {
			a[1] = with_tock(ev, t, (value_id)a[1]);
			a[2] = with_tock(ev, t, (value_id)a[2]);
		}
		return make_proc(ev, TERM_ALPHAPAR, a, 4);
	}
	case AST_RENAME: {
		uint64_t a[2];
		a[0] = proc_operand(ev, n->kids[0], f);
		a[1] = pairs_set(ev, n->kids[1], n->kids[2], f);
		return make_proc(ev, TERM_RENAME, a, 2);
	}
	case AST_LINKPAR: {
		uint64_t a[3];
		a[0] = proc_operand(ev, n->kids[0], f);
		a[1] = pairs_set(ev, n->kids[1], n->kids[2], f);
		check_ties(ev, a[1], n->span);
		a[2] = proc_operand(ev, n->kids[3], f);
		return make_proc(ev, TERM_LINKPAR, a, 3);
	}
	case AST_REP: {
		struct repl r = {n->kids[1], NULL, NULL, NULL, {0}};
		iterate(ev, n->kids[0], 0, f, repl_each, &r);
		value_id r0;
		const struct timed *t = timed_of(ev, n);
		if (t && n->op != OP_INTCHOICE) {
			/* [] over S synchronises on tock, ||| is parallel on
			 * tock, ; over nothing is TSKIP */
			if (n->op == OP_SEQ && r.out.n == 0)
				return tskip(ev, t);
			if (n->op == OP_EXTCHOICE || n->op == OP_INTERLEAVE) {
				uint64_t a[2] = {tock_set(ev, t), value_seq(ev->vt, r.out.v, (uint32_t)r.out.n)};
				if (n->op == OP_EXTCHOICE && r.out.n == 0)
					return tstop(ev, t);
				return make_proc(ev, n->op == OP_EXTCHOICE ? TERM_REPSYNCEXT : TERM_REPGENPAR, a, 2);
			}
		}
		switch (n->op) {
		case OP_EXTCHOICE:
		case OP_INTCHOICE: {
			if (n->op == OP_INTCHOICE && r.out.n == 0) {
				eval_error(ev, n->span, "replicated internal choice over an empty set");
			}
			uint64_t a[1] = {value_set(ev->vt, r.out.v, (uint32_t)r.out.n)};
			r0 = make_proc(ev, n->op == OP_EXTCHOICE ? TERM_REPEXT : TERM_REPINT, a, 1);
			break;
		}
		default: {
			uint64_t a[1] = {value_seq(ev->vt, r.out.v, (uint32_t)r.out.n)};
			r0 = make_proc(ev, n->op == OP_INTERLEAVE ? TERM_REPINTERLEAVE : TERM_REPSEQ, a, 1);
		}
		}
		return r0;
	}
	case AST_REPGENPAR:
	case AST_REPSYNCEXT: {
		value_id a0 = eval_node(ev, n->kids[0], f);
		const struct timed *t = timed_of(ev, n);
		if (t)
			a0 = with_tock(ev, t, a0);
		struct repl r = {n->kids[2], NULL, NULL, NULL, {0}};
		iterate(ev, n->kids[1], 0, f, repl_each, &r);
		uint64_t a[2] = {a0, value_seq(ev->vt, r.out.v, (uint32_t)r.out.n)};
		return make_proc(ev, n->kind == AST_REPGENPAR ? TERM_REPGENPAR : TERM_REPSYNCEXT, a, 2);
	}
	case AST_REPALPHAPAR: {
		struct repl r = {n->kids[2], n->kids[1], NULL, NULL, {0}};
		iterate(ev, n->kids[0], 0, f, repl_each, &r);
		uint64_t a[1] = {value_seq(ev->vt, r.out.v, (uint32_t)r.out.n)};
		return make_proc(ev, TERM_REPALPHAPAR, a, 1);
	}
	case AST_REPLINKPAR: {
		/* the ties are evaluated per element: a sequence of
		 * (ties, process) pairs, the ties linking to the next one */
		struct repl r = {n->kids[3], NULL, n->kids[0], n->kids[1], {0}};
		iterate(ev, n->kids[2], 0, f, repl_each, &r);
		if (r.out.n == 0) {
			eval_error(ev, n->span, "replicated linked parallel over nothing");
		}
		uint64_t a[1] = {value_seq(ev->vt, r.out.v, (uint32_t)r.out.n)};
		return make_proc(ev, TERM_REPLINKPAR, a, 1);
	}
	default:
		eval_error(ev, n->span, "this construct (%s) cannot be evaluated yet", ast_kind_name(n->kind));
	}
}

/* ---- printing --------------------------------------------------------------- */

void eval_describe(struct eval *ev, value_id v, char *buf, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m) {
		snprintf(buf, size, "?");
		return;
	}
	eval_print_to(ev, m, v);
	fclose(m);
	if (len < size)
		snprintf(buf, size, "%s", text);
	else
		snprintf(buf, size, "%.*s...", (int)(size - 4), text);
	free(text);
}

/* A variable of a delayed process's source bound in its frame: the span
 * of its occurrence and its value. */
struct subst {
	uint32_t start, end;
	value_id val;
};

#define MAX_SUBST 64

/* The value binding sym in frame chain f, if it is ready and worth
 * printing in place (not a process or function, nor a set, sequence or
 * tuple of more than MAX_SUBST_ELEMS elements: their text can be long,
 * and the source names them), else VALUE_NONE. */
#define MAX_SUBST_ELEMS 16
static value_id bound_value(struct eval *ev, const struct frame *f, uint32_t sym)
{
	for (; f; f = f->parent)
		for (uint32_t i = 0; i < f->n; i++) {
			const struct slot *sl = &f->slots[i];
			if (sl->sym != sym)
				continue;
			if (sl->state != SLOT_READY || sl->lazy || sl->val == VALUE_NONE)
				return VALUE_NONE;
			enum value_kind k = value_kind(ev->vt, sl->val);
			if (k == VK_PROC || k == VK_FUNC || value_get(ev->vt, sl->val)->n > MAX_SUBST_ELEMS)
				return VALUE_NONE;
			return sl->val;
		}
	return VALUE_NONE;
}

/* The occurrences in n of variables bound in f (bounded: ASTs are at most
 * AST_MAX_DEPTH deep, and at most MAX_SUBST are kept). A binder inside n
 * makes a symbol of its own, so its uses are never taken for f's. */
static void collect_substs(struct eval *ev, const struct ast *n, const struct frame *f, struct subst *out,
			   uint32_t *nout)
{
	if (!n || *nout >= MAX_SUBST)
		return;
	if (n->kind == AST_VAR && n->sym) {
		value_id v = bound_value(ev, f, n->sym);
		if (v != VALUE_NONE)
			out[(*nout)++] = (struct subst){n->span.start, n->span.end, v};
		return;
	}
	for (uint32_t i = 0; i < n->nkids; i++)
		collect_substs(ev, n->kids[i], f, out, nout);
}

static int cmp_subst(const void *x, const void *y)
{
	const struct subst *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* n's source text, blanks collapsed, with the variables of subs[0 .. ns)
 * (sorted by position) replaced by their values. */
static void print_source_with(struct eval *ev, FILE *out, const struct ast *n, const struct subst *subs, uint32_t ns)
{
	const struct source_file *sf = source_file(ev->env.src, n->span.file);
	bool blank = false;
	uint32_t k = 0;
	for (uint32_t i = n->span.start; i < n->span.end && i < sf->len; i++) {
		char c = sf->text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			blank = true;
			continue;
		}
		if (blank)
			fputc(' ', out);
		blank = false;
		while (k < ns && subs[k].start < i)
			k++;
		if (k < ns && subs[k].start == i && subs[k].end > i) {
			eval_print_to(ev, out, subs[k].val);
			i = subs[k].end - 1;
			k++;
			continue;
		}
		diag_write_safe(out, &c, 1);
	}
}

static void print_source(struct eval *ev, FILE *out, const struct ast *n)
{
	print_source_with(ev, out, n, NULL, 0);
}

static void print_term(struct eval *ev, FILE *out, term_id id, unsigned depth);

static void print_proc_value(struct eval *ev, FILE *out, value_id v, unsigned depth)
{
	if (value_kind(ev->vt, v) == VK_PROC)
		print_term(ev, out, (term_id)value_get(ev->vt, v)->u.i, depth + 1);
	else
		eval_print_to(ev, out, v);
}

static void print_procs(struct eval *ev, FILE *out, value_id list, const char *op, unsigned depth)
{
	const struct value *l = value_get(ev->vt, list);
	if (l->n == 0) {
		fputs(strcmp(op, "[]") == 0 ? "STOP" : "SKIP", out);
		return;
	}
	fputc('(', out);
	for (uint32_t i = 0; i < l->n; i++) {
		if (i)
			fprintf(out, " %s ", op);
		print_proc_value(ev, out, value_get(ev->vt, list)->elems[i], depth);
	}
	fputc(')', out);
}

static void print_term(struct eval *ev, FILE *out, term_id id, unsigned depth)
{
	const struct term *t = term_get(ev->tt, id);
	if (depth > 40) {
		fputs("...", out);
		return;
	}
	switch ((enum term_op)t->op) {
	case TERM_STOP: fputs("STOP", out); return;
	case TERM_SKIP: fputs("SKIP", out); return;
	case TERM_DIV: fputs("DIV", out); return;
	case TERM_PREFIX:
		eval_print_to(ev, out, (value_id)t->args[0]);
		fputs(" -> ", out);
		print_proc_value(ev, out, (value_id)t->args[1], depth);
		return;
	case TERM_EXTCHOICE: case TERM_INTCHOICE: case TERM_SEQ: case TERM_SLIDING: case TERM_INTERRUPT:
	case TERM_INTERLEAVE:
		fputc('(', out);
		print_proc_value(ev, out, (value_id)t->args[0], depth);
		fprintf(out, " %s ", term_op_name((enum term_op)t->op));
		print_proc_value(ev, out, (value_id)t->args[1], depth);
		fputc(')', out);
		return;
	case TERM_GENPAR: case TERM_EXCEPTION: case TERM_SYNCEXT: case TERM_SYNCINT: {
		static const char *const open[] = {"[|", "[|", "[+", "/+"}, *const close[] = {"|]", "|>", "+]", "+\\"};
		int k = t->op == TERM_GENPAR ? 0 : t->op == TERM_EXCEPTION ? 1 : t->op == TERM_SYNCEXT ? 2 : 3;
		fputc('(', out);
		print_proc_value(ev, out, (value_id)t->args[0], depth);
		fprintf(out, " %s ", open[k]);
		eval_print_to(ev, out, (value_id)t->args[1]);
		fprintf(out, " %s ", close[k]);
		print_proc_value(ev, out, (value_id)t->args[2], depth);
		fputc(')', out);
		return;
	}
	case TERM_ALPHAPAR:
		fputc('(', out);
		print_proc_value(ev, out, (value_id)t->args[0], depth);
		fputs(" [", out);
		eval_print_to(ev, out, (value_id)t->args[1]);
		fputs(" || ", out);
		eval_print_to(ev, out, (value_id)t->args[2]);
		fputs("] ", out);
		print_proc_value(ev, out, (value_id)t->args[3], depth);
		fputc(')', out);
		return;
	case TERM_HIDE:
		fputc('(', out);
		print_proc_value(ev, out, (value_id)t->args[0], depth);
		fputs(" \\ ", out);
		eval_print_to(ev, out, (value_id)t->args[1]);
		fputc(')', out);
		return;
	case TERM_RENAME:
		print_proc_value(ev, out, (value_id)t->args[0], depth);
		fputs("[[ ", out);
		eval_print_to(ev, out, (value_id)t->args[1]);
		fputs(" ]]", out);
		return;
	case TERM_LINKPAR:
		fputc('(', out);
		print_proc_value(ev, out, (value_id)t->args[0], depth);
		fputs(" [<-> ", out);
		eval_print_to(ev, out, (value_id)t->args[1]);
		fputs("] ", out);
		print_proc_value(ev, out, (value_id)t->args[2], depth);
		fputc(')', out);
		return;
	case TERM_REPEXT: print_procs(ev, out, (value_id)t->args[0], "[]", depth); return;
	case TERM_REPINT: print_procs(ev, out, (value_id)t->args[0], "|~|", depth); return;
	case TERM_REPINTERLEAVE: print_procs(ev, out, (value_id)t->args[0], "|||", depth); return;
	case TERM_REPSEQ: print_procs(ev, out, (value_id)t->args[0], ";", depth); return;
	case TERM_REPGENPAR: case TERM_REPSYNCEXT:
		fprintf(out, "%s ", term_op_name((enum term_op)t->op));
		eval_print_to(ev, out, (value_id)t->args[0]);
		fputc(' ', out);
		print_procs(ev, out, (value_id)t->args[1], ",", depth);
		return;
	case TERM_REPALPHAPAR:
	case TERM_REPLINKPAR:
		fputs(t->op == TERM_REPALPHAPAR ? "|| " : "[<->] ", out);
		eval_print_to(ev, out, (value_id)t->args[0]);
		return;
	case TERM_CHAOS:
	case TERM_RUN:
		fprintf(out, "%s(", t->op == TERM_CHAOS ? "CHAOS" : "RUN");
		eval_print_to(ev, out, (value_id)t->args[0]);
		fputc(')', out);
		return;
	case TERM_APPLY:
		fprintf(out, "%s(", builtin_table[t->args[0]].name);
		for (uint32_t i = 1; i < t->n; i++) {
			if (i > 1)
				fputs(", ", out);
			print_proc_value(ev, out, (value_id)t->args[i], depth);
		}
		fputc(')', out);
		return;
	case TERM_DELAY: {
		const struct ast *n = (const struct ast *)(uintptr_t)t->args[0];
		/* a prefix (or guard) binds tighter than every binary process
		 * operator and its source shows its own parentheses, so it
		 * needs none here */
		bool simple = n->kind == AST_VAR || n->kind == AST_QUAL || n->kind == AST_APP ||
			      n->kind == AST_PREFIX || n->kind == AST_GUARD;
		if (!simple)
			fputc('(', out);
		/* with the values of the variables bound around it in place */
		struct subst subs[MAX_SUBST];
		uint32_t ns = 0;
		collect_substs(ev, n, (const struct frame *)(uintptr_t)t->args[1], subs, &ns);
		if (ns > 1)
			qsort(subs, ns, sizeof *subs, cmp_subst);
		print_source_with(ev, out, n, subs, ns);
		if (!simple)
			fputc(')', out);
		return;
	}
	case TERM_NOPS:
		break;
	}
	fputs("?", out);
}

static void hook_proc(FILE *out, uint32_t term, void *ctx)
{
	print_term(ctx, out, term, 0);
}

static void hook_func(FILE *out, void *closure, void *ctx)
{
	struct eval *ev = ctx;
	const struct closure *c = closure;
	if (c->kind == CL_LAZY)
		fputs("<an infinite sequence>", out);
	else if (c->kind == CL_BUILTIN)
		fputs(builtin_table[c->builtin].name, out);
	else if (c->kind == CL_FUN)
		fputs(atom_str(ev->env.atoms, c->node->u.name), out);
	else
		print_source(ev, out, c->node);
}

void eval_print_to(struct eval *ev, FILE *out, value_id v)
{
	struct value_printer hooks = {hook_proc, hook_func, ev};
	value_print(out, ev->vt, v, &hooks);
}

void eval_print(struct eval *ev, FILE *out, value_id v)
{
	eval_print_to(ev, out, v);
}

/* ---- entry points --------------------------------------------------------------- */

/* Every Timed section of a declaration list (and of modules within it). */
static void collect_timed(struct eval *ev, const struct ast *decls)
{
	for (uint32_t i = 0; i < decls->nkids; i++) {
		const struct ast *d = decls->kids[i];
		if (!d)
			continue;
		if (d->kind == AST_TIMED) {
			struct timed t = {d, false, VALUE_NONE, VALUE_NONE};
			vec_push(&ev->timed, t);
			collect_timed(ev, d->kids[1]);
		} else if (d->kind == AST_MODULE) {
			collect_timed(ev, d->kids[1]);
			collect_timed(ev, d->kids[2]);
		}
	}
}

struct eval *eval_new(const struct eval_env *env, struct ast *root)
{
	struct eval *ev = xcalloc(1, sizeof *ev);
	ev->env = *env;
	ev->vt = env->values;
	ev->tt = env->terms;
	ev->st = env->scopes;
	ev->nglobals = (uint32_t)env->scopes->syms.n;
	ev->globals = xcalloc(ev->nglobals ? ev->nglobals : 1, sizeof *ev->globals);
	for (uint32_t i = 0; i < ev->nglobals; i++)
		ev->globals[i].sym = i;
	ev->chans = xcalloc(ev->nglobals ? ev->nglobals : 1, sizeof *ev->chans);
	ev->instances = xcalloc(ev->nglobals ? ev->nglobals : 1, sizeof *ev->instances);
	ev->frame_slots = 1024;
	ev->frames = xcalloc(ev->frame_slots, sizeof *ev->frames);
	ev->closure_slots = 256;
	ev->closures = xcalloc(ev->closure_slots, sizeof *ev->closures);
	ev->scratch.marked = true;
	if (root)
		collect_timed(ev, root);
	return ev;
}

void eval_free(struct eval *ev)
{
	if (!ev)
		return;
	free(ev->globals);
	free(ev->chans);
	free(ev->instances);
	free(ev->frames);
	free(ev->closures);
	vec_free(&ev->calls);
	vec_free(&ev->busy);
	vec_free(&ev->synth);
	vec_free(&ev->timed);
	arena_free(&ev->mem);
	arena_free(&ev->scratch);
	while (ev->lazies) {
		struct lazy *l = ev->lazies;
		ev->lazies = l->chain;
		vec_free(&l->forced);
		free(l);
	}
	free(ev);
}

bool eval_guard(struct eval *ev, eval_guard_fn fn, void *ctx)
{
	jmp_buf jb, *saved = ev->catch;
	const char *base = __builtin_frame_address(0);
	const char *saved_base = ev->stack_base;
	size_t calls = ev->calls.n, busy = ev->busy.n;
	struct arena_mark mark = arena_mark(&ev->scratch);
	size_t saved_limit = ev->stack_limit;
	if (!saved) {
		ev->stack_base = base;
		ev->stack_limit = stack_room(base);
	}
	ev->catch = &jb;
	bool ok;
	if (setjmp(jb) == 0) {
		ok = fn(ev, ctx);
	} else {
		ok = false;
		while (ev->busy.n > busy) {
			struct slot *s = vec_pop(&ev->busy);
			if (s->state == SLOT_BUSY)
				s->state = SLOT_LAZY;
		}
	}
	ev->catch = saved;
	ev->stack_base = saved_base;
	ev->stack_limit = saved_limit;
	ev->calls.n = calls;
	arena_release(&ev->scratch, mark);
	return ok;
}

/* The value-returning entry points below, on eval_guard. */
typedef value_id (*entry_fn)(struct eval *ev, const void *a, uintptr_t b);

struct entry {
	entry_fn fn;
	const void *a;
	uintptr_t b;
	value_id result;
};

static bool run_entry(struct eval *ev, void *ctx)
{
	struct entry *e = ctx;
	e->result = e->fn(ev, e->a, e->b);
	return true;
}

static value_id guarded(struct eval *ev, entry_fn fn, const void *a, uintptr_t b)
{
	struct entry e = {fn, a, b, VALUE_NONE};
	return eval_guard(ev, run_entry, &e) ? e.result : VALUE_NONE;
}

static value_id do_sym(struct eval *ev, const void *a, uintptr_t b)
{
	(void)a;
	return lookup(ev, (sym_id)b, NULL, scope_sym(ev->st, (sym_id)b)->at);
}

value_id eval_sym(struct eval *ev, sym_id s)
{
	return guarded(ev, do_sym, NULL, s);
}

static value_id do_expr(struct eval *ev, const void *a, uintptr_t b)
{
	(void)b;
	return eval_node(ev, a, NULL);
}

value_id eval_expr(struct eval *ev, struct ast *e)
{
	return guarded(ev, do_expr, e, 0);
}

static value_id do_force(struct eval *ev, const void *a, uintptr_t b)
{
	(void)a;
	const struct term *t = term_get(ev->tt, (term_id)b);
	if (t->op != TERM_DELAY)
		return value_proc(ev->vt, (term_id)b);
	const struct ast *n = (const struct ast *)(uintptr_t)t->args[0];
	const struct frame *f = (const struct frame *)(uintptr_t)t->args[1];
	return eval_proc_of(ev, eval_node(ev, n, f), n->span);
}

value_id eval_force(struct eval *ev, term_id delayed)
{
	return guarded(ev, do_force, NULL, delayed);
}

static unsigned prints(struct eval *ev, const struct ast *decls, FILE *out)
{
	unsigned errors = 0;
	for (uint32_t i = 0; i < decls->nkids; i++) {
		const struct ast *d = decls->kids[i];
		if (d->kind == AST_TIMED) {
			errors += prints(ev, d->kids[1], out);
			continue;
		}
		if (d->kind != AST_PRINT)
			continue;
		value_id v = eval_expr(ev, d->kids[0]);
		if (!v) {
			errors++;
			continue;
		}
		print_source(ev, out, d->kids[0]);
		fputs(" = ", out);
		eval_print_to(ev, out, v);
		fputc('\n', out);
	}
	return errors;
}

unsigned eval_prints(struct eval *ev, struct ast *root, FILE *out)
{
	return prints(ev, root, out);
}
