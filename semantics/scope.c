/*
 * semantics/scope.c — name resolution.
 *
 * Data structure: the "binding stack" of classic compilers. cur[a] is the
 * symbol the atom a denotes at this point of the walk (0: none), and each
 * symbol remembers the binding it shadows (shadow[]). Entering a scope
 * pushes bindings and logs their atoms; leaving pops them in reverse, so
 * a lookup is one array read however deep the nesting. The walk recurses
 * over the AST, whose depth the parser bounds (AST_MAX_DEPTH).
 *
 * Invariant: between walk steps, cur[] holds exactly the bindings of the
 * scopes currently open, innermost winning.
 */
#include "semantics/scope.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

#define B(name, cls, arity) {name, cls, arity}
const struct builtin builtin_table[] = {
	/* sets */
	B("union", BUILTIN_PLAIN, 2), B("inter", BUILTIN_PLAIN, 2), B("diff", BUILTIN_PLAIN, 2),
	B("Union", BUILTIN_PLAIN, 1), B("Inter", BUILTIN_PLAIN, 1), B("member", BUILTIN_PLAIN, 2),
	B("card", BUILTIN_PLAIN, 1), B("empty", BUILTIN_PLAIN, 1), B("set", BUILTIN_PLAIN, 1),
	B("Set", BUILTIN_PLAIN, 1), B("Seq", BUILTIN_PLAIN, 1), B("seq", BUILTIN_PLAIN, 1),
	/* sequences */
	B("length", BUILTIN_PLAIN, 1), B("null", BUILTIN_PLAIN, 1), B("head", BUILTIN_PLAIN, 1),
	B("tail", BUILTIN_PLAIN, 1), B("concat", BUILTIN_PLAIN, 1), B("elem", BUILTIN_PLAIN, 2),
	/* constants */
	B("Int", BUILTIN_PLAIN, -1), B("Bool", BUILTIN_PLAIN, -1), B("Proc", BUILTIN_PLAIN, -1),
	B("Events", BUILTIN_PLAIN, -1), B("Char", BUILTIN_PLAIN, -1), B("True", BUILTIN_PLAIN, -1),
	B("False", BUILTIN_PLAIN, -1),
	/* processes */
	B("STOP", BUILTIN_PLAIN, -1), B("SKIP", BUILTIN_PLAIN, -1), B("DIV", BUILTIN_PLAIN, -1),
	B("CHAOS", BUILTIN_PLAIN, 1), B("RUN", BUILTIN_PLAIN, 1),
	B("BUFFER", BUILTIN_PLAIN, 2), B("WEAK_BUFFER", BUILTIN_PLAIN, 3), B("SIGNAL_BUFFER", BUILTIN_PLAIN, 4),
	/* maps */
	B("emptyMap", BUILTIN_PLAIN, -1), B("mapFromList", BUILTIN_PLAIN, 1), B("mapLookup", BUILTIN_PLAIN, 2),
	B("mapMember", BUILTIN_PLAIN, 2), B("mapToList", BUILTIN_PLAIN, 1), B("mapUpdate", BUILTIN_PLAIN, 3),
	B("mapUpdateMultiple", BUILTIN_PLAIN, 2), B("mapDelete", BUILTIN_PLAIN, 2), B("Map", BUILTIN_PLAIN, 2),
	/* FDR3 extensions */
	B("error", BUILTIN_PLAIN, 1), B("show", BUILTIN_PLAIN, 1),
	B("extensions", BUILTIN_PLAIN, 1), B("productions", BUILTIN_PLAIN, 1),
	/* Timed sections only */
	B("TSKIP", BUILTIN_TIMED, 0), B("TSTOP", BUILTIN_TIMED, 0), B("WAIT", BUILTIN_TIMED, 1),
	B("timed_priority", BUILTIN_TIMED, 1),
	/* external and transparent functions */
	B("chase", BUILTIN_EXT_TRANS, 1), B("chase_nocache", BUILTIN_EXT_TRANS, 1),
	B("deter", BUILTIN_EXTERNAL, 1), B("failure_watchdog", BUILTIN_EXTERNAL, 3),
	B("loop", BUILTIN_EXTERNAL, 1), B("prioritise", BUILTIN_EXTERNAL, 2),
	B("prioritise_nocache", BUILTIN_EXTERNAL, 2), B("prioritisepo", BUILTIN_EXTERNAL, 4),
	B("trace_watchdog", BUILTIN_EXTERNAL, 3), B("mtransclose", BUILTIN_EXTERNAL, 2),
	B("relational_image", BUILTIN_EXTERNAL, 1), B("relational_inverse_image", BUILTIN_EXTERNAL, 1),
	B("transpose", BUILTIN_EXTERNAL, 1),
	B("explicate", BUILTIN_TRANSPARENT, 1), B("lazyenumerate", BUILTIN_TRANSPARENT, 1),
	B("diamond", BUILTIN_TRANSPARENT, 1), B("normal", BUILTIN_TRANSPARENT, 1),
	B("lazynorm", BUILTIN_TRANSPARENT, 1), B("sbisim", BUILTIN_TRANSPARENT, 1),
	B("tau_loop_factor", BUILTIN_TRANSPARENT, 1), B("model_compress", BUILTIN_TRANSPARENT, 1),
	B("wbisim", BUILTIN_TRANSPARENT, 1), B("dbisim", BUILTIN_TRANSPARENT, 1),
};
#undef B
const unsigned builtin_count = sizeof builtin_table / sizeof builtin_table[0];

const char *sym_kind_name(enum sym_kind k)
{
	switch (k) {
	case SYM_BUILTIN: return "built-in";
	case SYM_VALUE: return "value";
	case SYM_FUNCTION: return "function";
	case SYM_VAR: return "variable";
	case SYM_CHANNEL: return "channel";
	case SYM_CONSTRUCTOR: return "datatype constructor";
	case SYM_DATATYPE: return "datatype";
	case SYM_SUBTYPE: return "subtype";
	case SYM_NAMETYPE: return "nametype";
	case SYM_MODULE: return "module";
	case SYM_INSTANCE: return "module instance";
	}
	return "name";
}

void scope_table_init(struct scope_table *t)
{
	memset(t, 0, sizeof *t);
	struct symbol none = {0};
	vec_push(&t->syms, none);
}

void scope_table_free(struct scope_table *t)
{
	vec_free(&t->syms);
}

/* The walk's state. */
struct resolver {
	struct scope_table *t;
	const struct atom_table *atoms;
	struct diag *diag;
	unsigned errors;
	sym_id *cur;               /* cur[atom]: current binding */
	uint32_t ncur;
	VEC(sym_id) shadow;        /* shadow[sym]: binding it hides */
	VEC(size_t) pos;           /* pos[sym]: its index in log when bound */
	VEC(sym_id) log;           /* symbols bound, in order, for popping */
	VEC(sym_id) pattern;       /* variables of the pattern being bound */
	sym_id module;             /* module being resolved, 0 at top level */
	unsigned timed;            /* depth of Timed sections */
	sym_id *builtins;          /* builtins[i]: symbol of builtin_table[i] */
};

static sym_id new_sym(struct resolver *r, atom_t name, enum sym_kind kind, struct span at, struct ast *decl)
{
	struct symbol s = {0};
	s.name = name;
	s.kind = (uint8_t)kind;
	s.at = at;
	s.decl = decl;
	s.module = r->module;
	vec_push(&r->t->syms, s);
	sym_id id = (sym_id)(r->t->syms.n - 1);
	vec_reserve(&r->shadow, (size_t)id + 1);
	vec_reserve(&r->pos, (size_t)id + 1);
	while (r->shadow.n <= id)
		r->shadow.v[r->shadow.n++] = 0;
	while (r->pos.n <= id)
		r->pos.v[r->pos.n++] = 0;
	return id;
}

static void ensure_atom(struct resolver *r, atom_t a)
{
	if (a < r->ncur)
		return;
	uint32_t n = r->ncur ? r->ncur : 64;
	while (n <= a)
		n *= 2;
	r->cur = xrealloc(r->cur, n * sizeof *r->cur);
	memset(r->cur + r->ncur, 0, (n - r->ncur) * sizeof *r->cur);
	r->ncur = n;
}

static sym_id lookup(struct resolver *r, atom_t a)
{
	return a < r->ncur ? r->cur[a] : 0;
}

/* Make `id` the binding of its name until the scope marked by `mark` is
 * popped. */
static void bind(struct resolver *r, sym_id id)
{
	atom_t a = r->t->syms.v[id].name;
	ensure_atom(r, a);
	r->shadow.v[id] = r->cur[a];
	r->cur[a] = id;
	r->pos.v[id] = r->log.n;
	vec_push(&r->log, id);
}

static size_t mark(struct resolver *r)
{
	return r->log.n;
}

static void pop_to(struct resolver *r, size_t m)
{
	while (r->log.n > m) {
		sym_id id = vec_pop(&r->log);
		r->cur[r->t->syms.v[id].name] = r->shadow.v[id];
	}
}

static const char *name_of(struct resolver *r, atom_t a)
{
	return atom_str(r->atoms, a);
}

static void error(struct resolver *r, struct span at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void error(struct resolver *r, struct span at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(r->diag, DIAG_ERROR, at, fmt, ap);
	va_end(ap);
	r->errors++;
}

/* Optimal string alignment distance, capped at `cap` + 1. */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned cap)
{
	if (la > lb + cap || lb > la + cap)
		return cap + 1;
	unsigned *d = xmalloc((la + 1) * (lb + 1) * sizeof *d);
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned v = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (D(i - 1, j - 1) + cost < v)
				v = D(i - 1, j - 1) + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	}
	unsigned res = D(la, lb);
#undef D
	free(d);
	return res;
}

/* The visible name closest to `a`, or NULL. */
static const char *suggest(struct resolver *r, atom_t a)
{
	const char *s = name_of(r, a);
	size_t ls = strlen(s);
	unsigned cap = ls <= 3 ? 1 : ls <= 6 ? 2 : 3;
	const char *best = NULL;
	unsigned bestd = cap + 1;
	for (atom_t b = 1; b < r->ncur; b++) {
		if (!r->cur[b] || b == a)
			continue;
		const char *n = name_of(r, b);
		unsigned dist = edit_distance(s, ls, n, strlen(n), cap);
		if (dist < bestd) {
			bestd = dist;
			best = n;
		}
	}
	/* Built-ins that need 'external'/'transparent' are worth naming too. */
	for (unsigned i = 0; i < builtin_count && bestd > 0; i++) {
		const char *n = builtin_table[i].name;
		unsigned dist = edit_distance(s, ls, n, strlen(n), cap);
		if (dist < bestd) {
			bestd = dist;
			best = n;
		}
	}
	return best;
}

static void undefined(struct resolver *r, const struct ast *n)
{
	const char *s = name_of(r, n->u.name);
	for (unsigned i = 0; i < builtin_count; i++) {
		const struct builtin *b = &builtin_table[i];
		if (strcmp(b->name, s) != 0)
			continue;
		if (b->cls == BUILTIN_TIMED)
			error(r, n->span, "'%s' is only available inside a Timed section", s);
		else if (b->cls == BUILTIN_TRANSPARENT)
			error(r, n->span, "'%s' is not defined (declare it first with 'transparent %s')", s, s);
		else
			error(r, n->span, "'%s' is not defined (declare it first with 'external %s')", s, s);
		return;
	}
	const char *alt = suggest(r, n->u.name);
	if (alt)
		error(r, n->span, "'%s' is not defined (did you mean '%s'?)", s, alt);
	else
		error(r, n->span, "'%s' is not defined", s);
}

static void resolve_exp(struct resolver *r, struct ast *n);
static void resolve_decls(struct resolver *r, struct ast *decls);

/* ---- qualified names ---------------------------------------------- */

/* The exported member `name` of module symbol `m`, or 0. */
static sym_id module_member(struct resolver *r, sym_id m, atom_t name)
{
	const struct scope_table *t = r->t;
	if (t->syms.v[m].kind == SYM_INSTANCE) {
		/* An instance used before its declaration was resolved: find
		 * its module now (the declaration checks it properly later). */
		const struct ast *target = t->syms.v[m].decl->kids[0];
		if (!t->syms.v[m].target && target->kind == AST_VAR) {
			sym_id tm = lookup(r, target->u.name);
			if (tm && t->syms.v[tm].kind == SYM_MODULE)
				r->t->syms.v[m].target = tm;
		}
		m = t->syms.v[m].target;
	}
	if (!m)
		return 0;
	for (size_t i = 1; i < t->syms.n; i++) {
		const struct symbol *s = &t->syms.v[i];
		if (s->module == m && s->exported && s->name == name)
			return (sym_id)i;
	}
	return 0;
}

/* Resolve QUAL(M, rest): n->sym = the module or instance M, the innermost
 * VAR's sym = the member. `in` is the module to look M up in (0: the
 * current scope). */
static void resolve_qual(struct resolver *r, struct ast *n, sym_id in)
{
	sym_id m = in ? module_member(r, in, n->u.name) : lookup(r, n->u.name);
	if (!m) {
		if (in)
			error(r, n->span, "module '%s' has no exported module '%s'",
			      name_of(r, r->t->syms.v[in].name), name_of(r, n->u.name));
		else
			undefined(r, n);
		return;
	}
	const struct symbol *ms = &r->t->syms.v[m];
	if (ms->kind != SYM_MODULE && ms->kind != SYM_INSTANCE) {
		error(r, n->span, "'%s' is a %s, not a module", name_of(r, n->u.name), sym_kind_name(ms->kind));
		return;
	}
	if (ms->kind == SYM_MODULE && ms->decl && ms->decl->kids[0]) {
		error(r, n->span, "module '%s' takes parameters: use it through an instance "
			          "(instance I = %s(...))", name_of(r, n->u.name), name_of(r, n->u.name));
		return;
	}
	n->sym = m;
	r->t->syms.v[m].used = true;
	struct ast *rest = n->kids[0];
	if (rest->kind == AST_QUAL) {
		resolve_qual(r, rest, m);
		return;
	}
	sym_id x = module_member(r, m, rest->u.name);
	if (!x) {
		error(r, rest->span, "module '%s' exports no '%s'", name_of(r, n->u.name), name_of(r, rest->u.name));
		return;
	}
	rest->sym = x;
	r->t->syms.v[x].used = true;
}

/* ---- patterns ------------------------------------------------------ */

static bool is_constant_name(struct resolver *r, sym_id s)
{
	if (!s)
		return false;
	uint8_t k = r->t->syms.v[s].kind;
	if (k == SYM_CHANNEL || k == SYM_CONSTRUCTOR)
		return true;
	if (k == SYM_BUILTIN) {
		const char *n = builtin_table[r->t->syms.v[s].builtin].name;
		return strcmp(n, "True") == 0 || strcmp(n, "False") == 0;
	}
	return false;
}

/* Define the variables of pattern `p` as symbols of `kind` (not yet
 * bound: the caller binds r->pattern when their scope begins). */
static void pattern_vars(struct resolver *r, struct ast *p, enum sym_kind kind, struct ast *decl)
{
	if (!p)
		return;
	switch (p->kind) {
	case AST_VAR: {
		if (p->u.name == ATOM_NONE)
			return;
		sym_id s = lookup(r, p->u.name);
		if (is_constant_name(r, s)) {
			p->sym = s;
			r->t->syms.v[s].used = true;
			return;
		}
		for (size_t i = 0; i < r->pattern.n; i++) {
			if (r->t->syms.v[r->pattern.v[i]].name == p->u.name) {
				error(r, p->span, "'%s' is bound more than once in this pattern", name_of(r, p->u.name));
				return;
			}
		}
		p->sym = new_sym(r, p->u.name, kind, p->span, decl ? decl : p);
		vec_push(&r->pattern, p->sym);
		return;
	}
	case AST_QUAL:
		resolve_qual(r, p, 0);
		return;
	default:
		for (uint32_t i = 0; i < p->nkids; i++)
			pattern_vars(r, p->kids[i], kind, decl);
	}
}

/* Bind the variables collected in r->pattern and clear it. */
static void bind_pattern(struct resolver *r)
{
	for (size_t i = 0; i < r->pattern.n; i++)
		bind(r, r->pattern.v[i]);
	r->pattern.n = 0;
}

/* Statements of a comprehension or replicated operator: each generator's
 * source is resolved before its pattern binds. Bindings stay until the
 * caller pops. */
static void resolve_stmts(struct resolver *r, struct ast *stmts)
{
	if (!stmts)
		return;
	for (uint32_t i = 0; i < stmts->nkids; i++) {
		struct ast *s = stmts->kids[i];
		if (s->kind == AST_GEN) {
			resolve_exp(r, s->kids[1]);
			pattern_vars(r, s->kids[0], SYM_VAR, NULL);
			bind_pattern(r);
		} else {
			resolve_exp(r, s->kids[0]);
		}
	}
}

/* ---- expressions --------------------------------------------------- */

static void resolve_kids(struct resolver *r, struct ast *n)
{
	for (uint32_t i = 0; i < n->nkids; i++)
		resolve_exp(r, n->kids[i]);
}

static void resolve_type(struct resolver *r, struct ast *n)
{
	if (!n)
		return;
	if (n->kind == AST_TNAME) {
		struct ast *v = n->kids[0];
		if (v->kind == AST_VAR) {
			/* An unknown name in a type is a type variable. */
			v->sym = lookup(r, v->u.name);
		} else {
			resolve_qual(r, v, 0);
		}
		return;
	}
	if (n->kind == AST_TEXTENDABLE) {
		if (n->kids[0]->kind == AST_VAR)
			n->kids[0]->sym = lookup(r, n->kids[0]->u.name);
		resolve_type(r, n->kids[1]);
		return;
	}
	for (uint32_t i = 0; i < n->nkids; i++)
		resolve_type(r, n->kids[i]);
}

static void resolve_exp(struct resolver *r, struct ast *n)
{
	if (!n)
		return;
	size_t m;
	switch (n->kind) {
	case AST_VAR:
		if (n->u.name == ATOM_NONE)
			return; /* a syntax-error placeholder */
		n->sym = lookup(r, n->u.name);
		if (!n->sym)
			undefined(r, n);
		else
			r->t->syms.v[n->sym].used = true;
		return;
	case AST_QUAL:
		resolve_qual(r, n, 0);
		return;
	case AST_LET:
		m = mark(r);
		resolve_decls(r, n->kids[0]);
		resolve_exp(r, n->kids[1]);
		pop_to(r, m);
		return;
	case AST_LAMBDA:
		m = mark(r);
		for (uint32_t i = 0; i < n->kids[0]->nkids; i++)
			pattern_vars(r, n->kids[0]->kids[i], SYM_VAR, NULL);
		bind_pattern(r);
		resolve_exp(r, n->kids[1]);
		pop_to(r, m);
		return;
	case AST_SEQCOMP: case AST_SETCOMP: case AST_ENUMSETCOMP:
		m = mark(r);
		resolve_stmts(r, n->kids[1]);
		resolve_exp(r, n->kids[0]);
		pop_to(r, m);
		return;
	case AST_SEQRANGE: case AST_SETRANGE:
		m = mark(r);
		resolve_stmts(r, n->kids[2]);
		resolve_exp(r, n->kids[0]);
		resolve_exp(r, n->kids[1]);
		pop_to(r, m);
		return;
	case AST_REP: /* stmts, body */
		m = mark(r);
		resolve_stmts(r, n->kids[0]);
		resolve_exp(r, n->kids[1]);
		pop_to(r, m);
		return;
	case AST_REPGENPAR: case AST_REPSYNCEXT: /* set, stmts, body */
		resolve_exp(r, n->kids[0]);
		m = mark(r);
		resolve_stmts(r, n->kids[1]);
		resolve_exp(r, n->kids[2]);
		pop_to(r, m);
		return;
	case AST_REPALPHAPAR: /* stmts, alphabet, body */
		m = mark(r);
		resolve_stmts(r, n->kids[0]);
		resolve_exp(r, n->kids[1]);
		resolve_exp(r, n->kids[2]);
		pop_to(r, m);
		return;
	case AST_REPLINKPAR: { /* ties, tie stmts, stmts, body */
		m = mark(r);
		resolve_stmts(r, n->kids[2]);
		resolve_exp(r, n->kids[3]);
		size_t m2 = mark(r);
		resolve_stmts(r, n->kids[1]);
		resolve_exp(r, n->kids[0]);
		pop_to(r, m2);
		pop_to(r, m);
		return;
	}
	case AST_RENAME: /* process, pairs, stmts */
		resolve_exp(r, n->kids[0]);
		m = mark(r);
		resolve_stmts(r, n->kids[2]);
		resolve_exp(r, n->kids[1]);
		pop_to(r, m);
		return;
	case AST_LINKPAR: /* left, ties, stmts, right */
		resolve_exp(r, n->kids[0]);
		resolve_exp(r, n->kids[3]);
		m = mark(r);
		resolve_stmts(r, n->kids[2]);
		resolve_exp(r, n->kids[1]);
		pop_to(r, m);
		return;
	case AST_PREFIX: { /* event, fields, body */
		resolve_exp(r, n->kids[0]);
		m = mark(r);
		struct ast *fields = n->kids[1];
		for (uint32_t i = 0; i < fields->nkids; i++) {
			struct ast *f = fields->kids[i];
			if (f->op == OP_OUTPUT) {
				resolve_exp(r, f->kids[0]);
				continue;
			}
			resolve_exp(r, f->kids[1]);
			pattern_vars(r, f->kids[0], SYM_VAR, NULL);
			/* c?x?x binds x twice: caught by keeping the pattern
			 * list until all fields are read. */
			for (size_t k = 0; k < r->pattern.n; k++)
				bind(r, r->pattern.v[k]);
			r->pattern.n = 0;
		}
		resolve_exp(r, n->kids[2]);
		pop_to(r, m);
		return;
	}
	case AST_TSCHEME:
		resolve_type(r, n);
		return;
	default:
		resolve_kids(r, n);
	}
}

/* ---- declarations -------------------------------------------------- */

/* Bind a name defined in a recursive group that began at log position
 * `group`, reporting it when the group already defines the name. */
static void define(struct resolver *r, sym_id id, bool exported, size_t group)
{
	struct symbol *s = &r->t->syms.v[id];
	s->exported = exported;
	sym_id prev = lookup(r, s->name);
	if (prev && r->pos.v[prev] >= group && r->pos.v[prev] < r->log.n && r->log.v[r->pos.v[prev]] == prev &&
	    r->t->syms.v[prev].kind != SYM_BUILTIN) {
		/* report at the later of the two definitions */
		const struct symbol *first = &r->t->syms.v[prev], *second = s;
		if (first->at.file == second->at.file && first->at.start > second->at.start) {
			const struct symbol *t = first;
			first = second;
			second = t;
		}
		uint32_t line, col;
		source_linecol(r->diag->src, first->at.file, first->at.start, &line, &col);
		error(r, second->at, "'%s' is defined more than once (first at line %u)", name_of(r, s->name), line);
	}
	bind(r, id);
}

/*
 * Declarations are handled in two steps. declare_decl() creates the
 * symbols a declaration defines and records them in its nodes (d->sym,
 * the NAME nodes of a channel, the CLAUSE nodes of a datatype); a module
 * declares its members at the same time, so that M::x works before M's
 * body has been resolved. bind_decl() makes those symbols visible in the
 * current group. Names bound by the pattern of a declaration (x = e,
 * (a, b) = e) are created when bound, after every constructor of the
 * group exists, since a constructor in a pattern is a constant.
 */
static void declare_decls(struct resolver *r, struct ast *decls, bool exported);

/* Tentative symbols for every name in the pattern of declaration `decl`;
 * bind_pattern_decls turns back those that turn out to be constructors. */
static void declare_pattern(struct resolver *r, struct ast *p, struct ast *decl, bool exported)
{
	if (!p)
		return;
	if (p->kind == AST_VAR) {
		if (p->u.name != ATOM_NONE) {
			p->sym = new_sym(r, p->u.name, SYM_VALUE, p->span, decl);
			r->t->syms.v[p->sym].exported = exported;
		}
		return;
	}
	if (p->kind == AST_QUAL)
		return;
	for (uint32_t i = 0; i < p->nkids; i++)
		declare_pattern(r, p->kids[i], decl, exported);
}

static void declare_decl(struct resolver *r, struct ast *d, bool exported)
{
	switch (d->kind) {
	case AST_FUNBIND:
		d->sym = new_sym(r, d->u.name, SYM_FUNCTION, d->span, d);
		break;
	case AST_CHANNEL:
		for (uint32_t i = 0; i < d->kids[0]->nkids; i++) {
			struct ast *nm = d->kids[0]->kids[i];
			nm->sym = new_sym(r, nm->u.name, SYM_CHANNEL, nm->span, d);
		}
		break;
	case AST_DATATYPE:
		d->sym = new_sym(r, d->u.name, SYM_DATATYPE, d->span, d);
		for (uint32_t i = 0; i < d->nkids; i++) {
			struct ast *c = d->kids[i];
			c->sym = new_sym(r, c->u.name, SYM_CONSTRUCTOR, c->span, c);
		}
		break;
	case AST_SUBTYPE:
		d->sym = new_sym(r, d->u.name, SYM_SUBTYPE, d->span, d);
		break;
	case AST_NAMETYPE:
		d->sym = new_sym(r, d->u.name, SYM_NAMETYPE, d->span, d);
		break;
	case AST_MODULE: {
		d->sym = new_sym(r, d->u.name, SYM_MODULE, d->span, d);
		r->t->syms.v[d->sym].exported = exported;
		sym_id saved = r->module;
		r->module = d->sym;
		declare_decls(r, d->kids[1], false);
		declare_decls(r, d->kids[2], true);
		r->module = saved;
		break;
	}
	case AST_INSTANCE:
		d->sym = new_sym(r, d->u.name, SYM_INSTANCE, d->span, d);
		break;
	case AST_TIMED:
		declare_decls(r, d->kids[1], exported);
		break;
	case AST_PATBIND:
		declare_pattern(r, d->kids[0], d, exported);
		return;
	case AST_EXTERNAL:
	case AST_TRANSPARENT:
		for (uint32_t i = 0; i < d->nkids; i++) {
			struct ast *nm = d->kids[i];
			const char *s = name_of(r, nm->u.name);
			unsigned k = 0;
			while (k < builtin_count && strcmp(builtin_table[k].name, s) != 0)
				k++;
			enum builtin_class want = d->kind == AST_EXTERNAL ? BUILTIN_EXTERNAL : BUILTIN_TRANSPARENT;
			if (k == builtin_count ||
			    (builtin_table[k].cls != want && builtin_table[k].cls != BUILTIN_EXT_TRANS)) {
				error(r, nm->span, "'%s' is not %s function FDR provides", s,
				      want == BUILTIN_EXTERNAL ? "an external" : "a transparent");
				continue;
			}
			nm->sym = new_sym(r, nm->u.name, SYM_BUILTIN, nm->span, d);
			r->t->syms.v[nm->sym].builtin = k;
		}
		break;
	default:
		return;
	}
	/* Mark what this declaration defines as exported or not. */
	if (d->sym)
		r->t->syms.v[d->sym].exported = exported;
	if (d->kind == AST_CHANNEL || d->kind == AST_EXTERNAL || d->kind == AST_TRANSPARENT) {
		struct ast *names = d->kind == AST_CHANNEL ? d->kids[0] : d;
		for (uint32_t i = 0; i < names->nkids; i++)
			if (names->kids[i]->sym)
				r->t->syms.v[names->kids[i]->sym].exported = exported;
	}
	if (d->kind == AST_DATATYPE)
		for (uint32_t i = 0; i < d->nkids; i++)
			r->t->syms.v[d->kids[i]->sym].exported = exported;
}

static void declare_decls(struct resolver *r, struct ast *decls, bool exported)
{
	for (uint32_t i = 0; i < decls->nkids; i++)
		declare_decl(r, decls->kids[i], exported);
}

static void bind_decl(struct resolver *r, struct ast *d, size_t group)
{
	struct ast *names = NULL;
	switch (d->kind) {
	case AST_FUNBIND: case AST_SUBTYPE: case AST_NAMETYPE: case AST_MODULE: case AST_INSTANCE:
		define(r, d->sym, r->t->syms.v[d->sym].exported, group);
		return;
	case AST_DATATYPE:
		define(r, d->sym, r->t->syms.v[d->sym].exported, group);
		names = d;
		break;
	case AST_CHANNEL:
		names = d->kids[0];
		break;
	case AST_EXTERNAL:
	case AST_TRANSPARENT:
		names = d;
		break;
	case AST_TIMED:
		for (uint32_t i = 0; i < d->kids[1]->nkids; i++)
			bind_decl(r, d->kids[1]->kids[i], group);
		return;
	default:
		return;
	}
	for (uint32_t i = 0; i < names->nkids; i++) {
		sym_id id = names->kids[i]->sym;
		if (id)
			define(r, id, r->t->syms.v[id].exported, group);
	}
}

/* Bind the names of a declared pattern: a name that denotes a
 * constructor or channel is a constant, any other binds. */
static void bind_declared_pattern(struct resolver *r, struct ast *p, size_t group)
{
	if (!p)
		return;
	if (p->kind == AST_QUAL) {
		resolve_qual(r, p, 0);
		return;
	}
	if (p->kind != AST_VAR) {
		for (uint32_t i = 0; i < p->nkids; i++)
			bind_declared_pattern(r, p->kids[i], group);
		return;
	}
	if (!p->sym)
		return;
	sym_id s = lookup(r, p->u.name);
	if (is_constant_name(r, s)) {
		r->t->syms.v[p->sym].exported = false; /* orphaned */
		p->sym = s;
		return;
	}
	for (size_t i = 0; i < r->pattern.n; i++) {
		if (r->t->syms.v[r->pattern.v[i]].name == p->u.name) {
			error(r, p->span, "'%s' is bound more than once in this pattern", name_of(r, p->u.name));
			return;
		}
	}
	vec_push(&r->pattern, p->sym);
}

/* Bind the variables of every pattern declaration in `decls` (through
 * Timed sections). */
static void bind_pattern_decls(struct resolver *r, struct ast *decls, size_t group)
{
	for (uint32_t i = 0; i < decls->nkids; i++) {
		struct ast *x = decls->kids[i];
		if (x->kind == AST_TIMED) {
			bind_pattern_decls(r, x->kids[1], group);
		} else if (x->kind == AST_PATBIND) {
			bind_declared_pattern(r, x->kids[0], group);
			for (size_t k = 0; k < r->pattern.n; k++)
				define(r, r->pattern.v[k], r->t->syms.v[r->pattern.v[k]].exported, group);
			r->pattern.n = 0;
		}
	}
}

static void resolve_bodies(struct resolver *r, struct ast *decls);

static void resolve_body(struct resolver *r, struct ast *d)
{
	size_t m;
	switch (d->kind) {
	case AST_PATBIND:
		resolve_exp(r, d->kids[1]);
		break;
	case AST_FUNBIND:
		for (uint32_t c = 0; c < d->nkids; c++) {
			struct ast *match = d->kids[c];
			m = mark(r);
			for (uint32_t g = 0; g + 1 < match->nkids; g++)
				for (uint32_t i = 0; i < match->kids[g]->nkids; i++)
					pattern_vars(r, match->kids[g]->kids[i], SYM_VAR, NULL);
			bind_pattern(r);
			resolve_exp(r, match->kids[match->nkids - 1]);
			pop_to(r, m);
		}
		break;
	case AST_CHANNEL:
		resolve_exp(r, d->kids[1]);
		break;
	case AST_DATATYPE:
		for (uint32_t i = 0; i < d->nkids; i++)
			resolve_exp(r, d->kids[i]->kids[0]);
		break;
	case AST_SUBTYPE:
		/* Clauses name constructors of an existing datatype. */
		for (uint32_t i = 0; i < d->nkids; i++) {
			struct ast *c = d->kids[i];
			c->sym = lookup(r, c->u.name);
			if (!c->sym || r->t->syms.v[c->sym].kind != SYM_CONSTRUCTOR)
				error(r, c->span, "'%s' is not a datatype constructor", name_of(r, c->u.name));
			resolve_exp(r, c->kids[0]);
		}
		break;
	case AST_NAMETYPE:
	case AST_PRINT:
	case AST_ASSERT:
		resolve_kids(r, d);
		break;
	case AST_TYPEANN:
		for (uint32_t i = 0; i < d->kids[0]->nkids; i++) {
			struct ast *nm = d->kids[0]->kids[i];
			nm->sym = lookup(r, nm->u.name);
		}
		resolve_type(r, d->kids[1]);
		break;
	case AST_MODULE: {
		sym_id saved = r->module;
		r->module = d->sym;
		m = mark(r);
		if (d->kids[0]) {
			for (uint32_t i = 0; i < d->kids[0]->nkids; i++)
				pattern_vars(r, d->kids[0]->kids[i], SYM_VAR, NULL);
			bind_pattern(r);
		}
		size_t group = mark(r);
		for (int l = 1; l <= 2; l++)
			for (uint32_t i = 0; i < d->kids[l]->nkids; i++)
				bind_decl(r, d->kids[l]->kids[i], group);
		bind_pattern_decls(r, d->kids[1], group);
		bind_pattern_decls(r, d->kids[2], group);
		resolve_bodies(r, d->kids[1]);
		resolve_bodies(r, d->kids[2]);
		pop_to(r, m);
		r->module = saved;
		break;
	}
	case AST_INSTANCE: {
		struct ast *target = d->kids[0];
		sym_id t = 0;
		if (target->kind == AST_VAR) {
			t = lookup(r, target->u.name);
			if (!t)
				undefined(r, target);
		} else {
			resolve_qual(r, target, 0);
			struct ast *last = target;
			while (last->kind == AST_QUAL)
				last = last->kids[0];
			t = last->sym;
		}
		if (t && r->t->syms.v[t].kind != SYM_MODULE) {
			error(r, target->span, "'%s' is not a module", name_of(r, r->t->syms.v[t].name));
			t = 0;
		}
		if (target->kind == AST_VAR)
			target->sym = t; /* a QUAL keeps the instance or module it goes through */
		if (t) {
			r->t->syms.v[t].used = true;
			const struct ast *md = r->t->syms.v[t].decl;
			uint32_t want = md->kids[0] ? md->kids[0]->nkids : 0;
			uint32_t got = d->kids[1] ? d->kids[1]->nkids : 0;
			if (want != got)
				error(r, d->span, "module '%s' takes %u argument%s but is given %u",
				      name_of(r, r->t->syms.v[t].name), want, want == 1 ? "" : "s", got);
		}
		r->t->syms.v[d->sym].target = t;
		resolve_exp(r, d->kids[1]);
		break;
	}
	case AST_TIMED:
		resolve_exp(r, d->kids[0]);
		r->timed++;
		m = mark(r);
		for (unsigned k = 0; k < builtin_count; k++)
			if (builtin_table[k].cls == BUILTIN_TIMED && r->builtins[k])
				bind(r, r->builtins[k]);
		resolve_bodies(r, d->kids[1]);
		pop_to(r, m);
		r->timed--;
		break;
	default:
		break;
	}
}

static void resolve_bodies(struct resolver *r, struct ast *decls)
{
	for (uint32_t i = 0; i < decls->nkids; i++)
		if (decls->kids[i])
			resolve_body(r, decls->kids[i]);
}

/* A recursive group (top level, let): declare and bind everything, then
 * resolve every body with all of it in scope. The bindings stay until the
 * caller pops. */
static void resolve_decls(struct resolver *r, struct ast *decls)
{
	if (!decls)
		return;
	size_t group = mark(r);
	declare_decls(r, decls, false);
	for (uint32_t i = 0; i < decls->nkids; i++)
		bind_decl(r, decls->kids[i], group);
	bind_pattern_decls(r, decls, group);
	resolve_bodies(r, decls);
}

static void prelude(struct resolver *r)
{
	r->builtins = xcalloc(builtin_count, sizeof *r->builtins);
	for (unsigned k = 0; k < builtin_count; k++) {
		atom_t a = atom_lookup(r->atoms, builtin_table[k].name, strlen(builtin_table[k].name));
		if (a == ATOM_NONE)
			continue; /* never mentioned: nothing can refer to it */
		sym_id id = new_sym(r, a, SYM_BUILTIN, (struct span){0, 0, 0}, NULL);
		r->t->syms.v[id].builtin = k;
		r->builtins[k] = id;
		if (builtin_table[k].cls == BUILTIN_PLAIN)
			bind(r, id);
	}
}

static void resolver_init(struct resolver *r, struct scope_table *t, const struct atom_table *atoms,
			  struct diag *diag)
{
	memset(r, 0, sizeof *r);
	r->t = t;
	r->atoms = atoms;
	r->diag = diag;
	vec_reserve(&r->shadow, t->syms.n);
	r->shadow.n = t->syms.n;
	memset(r->shadow.v, 0, r->shadow.n * sizeof *r->shadow.v);
	vec_reserve(&r->pos, t->syms.n);
	r->pos.n = t->syms.n;
	memset(r->pos.v, 0, r->pos.n * sizeof *r->pos.v);
	ensure_atom(r, atoms->count);
}

static void resolver_free(struct resolver *r)
{
	free(r->cur);
	free(r->builtins);
	vec_free(&r->shadow);
	vec_free(&r->pos);
	vec_free(&r->log);
	vec_free(&r->pattern);
}

unsigned scope_resolve(struct scope_table *t, struct ast *root, const struct atom_table *atoms, struct diag *diag)
{
	struct resolver r;
	resolver_init(&r, t, atoms, diag);
	prelude(&r);
	size_t top = mark(&r);
	resolve_decls(&r, root);
	for (size_t i = top; i < r.log.n; i++)
		t->syms.v[r.log.v[i]].toplevel = true;
	resolver_free(&r);
	return r.errors;
}

unsigned scope_resolve_expr(struct scope_table *t, struct ast *expr, const struct atom_table *atoms,
			    struct diag *diag)
{
	struct resolver r;
	resolver_init(&r, t, atoms, diag);
	/* Rebind the top level: builtins, then every top-level symbol. */
	prelude(&r);
	for (size_t i = 1; i < t->syms.n; i++) {
		const struct symbol *s = &t->syms.v[i];
		if (s->toplevel)
			bind(&r, (sym_id)i);
	}
	resolve_exp(&r, expr);
	resolver_free(&r);
	return r.errors;
}
