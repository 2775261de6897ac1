/*
 * parser/parse_build.c — AST constructors and the syntactic checks FDR
 * makes while parsing.
 *
 * Every function returns a node (an error placeholder when the input was
 * wrong) so the grammar can go on; every rule broken is reported once, at
 * the span of what broke it.
 */
#include "parser/parse_build.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/mem.h"

#define A (p->env->arena)

static struct span no_span(struct span at)
{
	at.end = at.start;
	return at;
}

struct ast *build_error(struct parser *p, struct span at)
{
	return ast_name(A, AST_VAR, at, ATOM_NONE);
}

/* A node deeper than AST_MAX_DEPTH is reported once per declaration and
 * the rest of the declaration is skipped (parser_lex hands bison an error
 * token), so a huge expression does not go on filling the arena. */
struct ast *build_checked(struct parser *p, struct ast *n)
{
	if (n->depth <= AST_MAX_DEPTH)
		return n;
	if (!p->too_deep) {
		p->too_deep = true;
		p->skip_decl = true;
		diag_error(p->env->diag, no_span(n->span),
			   "expression is nested too deeply (more than %d levels)", AST_MAX_DEPTH);
	}
	return build_error(p, n->span);
}

struct ast *build_op(struct parser *p, enum ast_kind kind, enum ast_op op, struct ast *l, struct ast *r,
		     struct span at)
{
	struct ast *n = r ? ast_new(A, kind, at, 2, l, r) : ast_new(A, kind, at, 1, l);
	n->op = (uint16_t)op;
	return build_checked(p, n);
}

struct ast *build_list(struct parser *p, struct span at)
{
	return ast_new(A, AST_LIST, no_span(at), 0);
}

struct ast *build_app(struct parser *p, struct ast *fn, struct ast *args, struct span at)
{
	struct ast *n = ast_new(A, AST_APP, at, 1, fn);
	for (uint32_t i = 0; i < args->nkids; i++)
		ast_append(A, n, args->kids[i]);
	n->span = at;
	return build_checked(p, n);
}

/* Is `n` a binary process operator whose left operand a hiding on its left
 * should take (libcspm's rule: P \ A ||| Q is (P \ A) ||| Q)? */
static bool hide_rotates(const struct ast *n)
{
	switch (n->kind) {
	case AST_PROCOP:
		return n->op != OP_HIDE && n->op != OP_PROJECT;
	case AST_GENPAR: case AST_ALPHAPAR: case AST_EXCEPTION: case AST_SYNCEXT: case AST_SYNCINT:
		return true;
	default:
		return false;
	}
}

struct ast *build_hide(struct parser *p, enum ast_op op, struct ast *l, struct ast *r, struct span at)
{
	if (!hide_rotates(r))
		return build_op(p, AST_PROCOP, op, l, r, at);
	/* P \ (A op Q) was parsed; FDR means (P \ A) op Q. */
	struct ast *left = build_op(p, AST_PROCOP, op, l, r->kids[0], span_join(l->span, r->kids[0]->span));
	r->kids[0] = left;
	r->span = at;
	ast_redepth(r);
	return build_checked(p, r);
}

struct ast *build_file(struct parser *p, struct ast *decls)
{
	decls->kind = AST_FILE;
	return decls;
}

/* Mark in defined[] the names declaration d defines, for the purpose of
 * type annotations: functions, x = e, nametypes, channels and datatype
 * constructors. */
static void mark_defined(const struct ast *d, bool *defined)
{
	switch (d->kind) {
	case AST_FUNBIND:
	case AST_NAMETYPE:
		defined[d->u.name] = true;
		break;
	case AST_PATBIND:
		if (d->kids[0]->kind == AST_VAR)
			defined[d->kids[0]->u.name] = true;
		break;
	case AST_CHANNEL:
		for (uint32_t i = 0; i < d->kids[0]->nkids; i++)
			defined[d->kids[0]->kids[i]->u.name] = true;
		break;
	case AST_DATATYPE:
		for (uint32_t i = 0; i < d->nkids; i++)
			defined[d->kids[i]->u.name] = true;
		break;
	default:
		break;
	}
}

/* Merge consecutive clauses of one function (f(0) = .. / f(n) = ..) into
 * a single FUNBIND, then check the list's type annotations. */
struct ast *build_decls(struct parser *p, struct ast *decls)
{
	uint32_t out = 0;
	for (uint32_t i = 0; i < decls->nkids; i++) {
		struct ast *d = decls->kids[i];
		struct ast *prev = out ? decls->kids[out - 1] : NULL;
		if (prev && d->kind == AST_FUNBIND && prev->kind == AST_FUNBIND && prev->u.name == d->u.name &&
		    prev->span.file == d->span.file) {
			for (uint32_t k = 0; k < d->nkids; k++)
				ast_append(A, prev, d->kids[k]);
			prev->span = span_join(prev->span, d->span);
			continue;
		}
		decls->kids[out++] = d;
	}
	decls->nkids = out;

	/* Type annotations: one pass marks what the list defines, a second
	 * counts each name's annotations in order, so that the checks are
	 * linear in the list (they run for every let too). */
	bool any = false;
	for (uint32_t i = 0; i < decls->nkids && !any; i++)
		any = decls->kids[i]->kind == AST_TYPEANN;
	if (!any)
		return decls;
	const struct atom_table *atoms = p->env->atoms;
	uint32_t natoms = atoms->count;
	uint32_t *annotations = xcalloc(natoms, sizeof *annotations);
	bool *defined = xcalloc(natoms, sizeof *defined);
	for (uint32_t i = 0; i < decls->nkids; i++)
		mark_defined(decls->kids[i], defined);
	for (uint32_t i = 0; i < decls->nkids; i++) {
		struct ast *ann = decls->kids[i];
		if (ann->kind != AST_TYPEANN)
			continue;
		struct ast *names = ann->kids[0];
		for (uint32_t k = 0; k < names->nkids; k++) {
			atom_t name = names->kids[k]->u.name;
			/* Annotated twice? Report at the later annotation. */
			if (annotations[name]++ > 0)
				diag_error(p->env->diag, names->kids[k]->span,
					   "'%s' has more than one type annotation", atom_str(atoms, name));
			else if (!defined[name])
				diag_error(p->env->diag, names->kids[k]->span,
					   "type annotation for '%s' has no matching definition", atom_str(atoms, name));
		}
	}
	/* A channel declaration naming several channels may carry at most one
	 * annotation (they share one type). */
	for (uint32_t i = 0; i < decls->nkids; i++) {
		struct ast *ch = decls->kids[i];
		if (ch->kind != AST_CHANNEL || ch->kids[0]->nkids < 2)
			continue;
		unsigned annotated = 0;
		for (uint32_t k = 0; k < ch->kids[0]->nkids; k++)
			annotated += annotations[ch->kids[0]->kids[k]->u.name];
		if (annotated > 1)
			diag_error(p->env->diag, ch->span,
				   "channels declared together have more than one type annotation");
	}
	free(annotations);
	free(defined);
	return decls;
}

struct ast *build_definition(struct parser *p, struct ast *lhs, struct ast *rhs, struct span at)
{
	if (lhs->kind != AST_APP)
		return N(AST_PATBIND, at, 2, lhs, rhs);
	/* f(a, b)(c) = rhs: one argument group per application, outermost last. */
	unsigned ngroups = 0;
	const struct ast *f = lhs;
	while (f->kind == AST_APP) {
		ngroups++;
		f = f->kids[0];
	}
	if (f->kind != AST_VAR) {
		diag_error(p->env->diag, f->span,
			   "invalid left-hand side of a definition: expected a name applied to patterns");
		return build_error(p, at);
	}
	struct ast *match = ast_new(A, AST_MATCH, at, 0);
	struct ast **groups = arena_alloc(A, ngroups * sizeof *groups);
	const struct ast *app = lhs;
	for (unsigned g = ngroups; g-- > 0;) {
		struct ast *list = build_list(p, app->span);
		for (uint32_t i = 1; i < app->nkids; i++)
			ast_append(A, list, app->kids[i]);
		groups[g] = list;
		app = app->kids[0];
	}
	for (unsigned g = 0; g < ngroups; g++)
		ast_append(A, match, groups[g]);
	ast_append(A, match, rhs);
	match->span = at;
	struct ast *fb = ast_new(A, AST_FUNBIND, at, 1, match);
	fb->u.name = f->u.name;
	return build_checked(p, fb);
}

struct ast *build_named(struct parser *p, enum ast_kind kind, atom_t name, struct ast *clauses, struct span at)
{
	clauses->kind = (uint16_t)kind;
	clauses->u.name = name;
	clauses->span = at;
	return clauses;
}

static const char *decl_word(enum ast_kind k)
{
	switch (k) {
	case AST_CHANNEL:
		return "a channel declaration";
	case AST_DATATYPE:
		return "a datatype declaration";
	case AST_SUBTYPE:
		return "a subtype declaration";
	case AST_NAMETYPE:
		return "a nametype declaration";
	case AST_ASSERT:
		return "an assertion";
	case AST_PRINT:
		return "a print statement";
	case AST_MODULE:
		return "a module";
	case AST_INSTANCE:
		return "a module instance";
	default:
		return "this declaration";
	}
}

/* Report every declaration in `decls` (and in Timed sections within it)
 * that `allowed` rejects, as "X is not allowed inside <where>". */
static void restrict_decls(struct parser *p, const struct ast *decls, bool (*allowed)(enum ast_kind),
			   const char *where)
{
	if (!decls)
		return;
	for (uint32_t i = 0; i < decls->nkids; i++) {
		const struct ast *d = decls->kids[i];
		if (!d)
			continue;
		if (d->kind == AST_TIMED)
			restrict_decls(p, d->kids[1], allowed, where);
		else if (!allowed(d->kind))
			diag_error(p->env->diag, d->span, "%s is not allowed inside %s", decl_word(d->kind), where);
	}
}

static bool module_allows(enum ast_kind k)
{
	return k != AST_ASSERT && k != AST_PRINT;
}

static bool timed_allows(enum ast_kind k)
{
	return k != AST_PRINT;
}

static bool let_allows(enum ast_kind k)
{
	return k == AST_FUNBIND || k == AST_PATBIND || k == AST_EXTERNAL || k == AST_TRANSPARENT ||
	       k == AST_TYPEANN || k == AST_TIMED;
}

struct ast *build_module(struct parser *p, atom_t name, struct ast *params, struct ast *priv, struct ast *exported,
			 struct span at)
{
	restrict_decls(p, priv, module_allows, "a module");
	restrict_decls(p, exported, module_allows, "a module");
	struct ast *m = ast_new(A, AST_MODULE, at, 3, params, priv, exported);
	m->u.name = name;
	return build_checked(p, m);
}

struct ast *build_timed(struct parser *p, struct ast *fn, struct ast *decls, struct span at)
{
	struct ast *wrap = ast_new(A, AST_LIST, at, 1, ast_new(A, AST_TIMED, at, 2, fn, decls));
	restrict_decls(p, wrap, timed_allows, "a Timed section");
	return build_checked(p, wrap->kids[0]);
}

struct ast *build_let(struct parser *p, struct ast *decls, struct ast *body, struct span at)
{
	decls = build_decls(p, decls);
	restrict_decls(p, decls, let_allows, "a let expression");
	return N(AST_LET, at, 2, decls, body);
}

struct ast *build_property(struct parser *p, struct ast *proc, int64_t prop, struct ast *trace, struct ast *opts,
			   struct span at)
{
	struct ast *n = ast_new(A, AST_PROPERTY, at, 3, proc, trace, opts);
	n->op = (uint16_t)(prop & 0xff);
	n->u.i = prop >> 8;
	return build_checked(p, n);
}

struct ast *build_option(struct parser *p, struct ast *opts, struct ast *opt)
{
	for (uint32_t i = 0; i < opts->nkids; i++) {
		if (opts->kids[i]->kind == opt->kind) {
			diag_error(p->env->diag, opt->span, "option %s is given twice",
				   opt->kind == AST_OPT_TAUPRI ? "':[tau priority over]:'" : "':[partial order reduce]'");
			return opts;
		}
	}
	ast_append(A, opts, opt);
	return opts;
}

struct ast *build_constraint(struct parser *p, atom_t cls, struct span cls_at, atom_t var, struct span var_at,
			     struct span at)
{
	static const char *const classes[] = {"Eq", "Ord", "Set", "Complete", "Yieldable"};
	const char *s = atom_str(p->env->atoms, cls);
	bool known = false;
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		known |= strcmp(s, classes[i]) == 0;
	if (!known)
		diag_error(p->env->diag, cls_at,
			   "unknown type constraint '%s' (expected Eq, Ord, Set, Complete or Yieldable)", s);
	struct ast *n = ast_new(A, AST_TCONSTRAINT, at, 1, ast_name(A, AST_NAME, var_at, var));
	n->u.name = cls;
	return n;
}

struct ast *build_tfun(struct parser *p, struct ast *args, struct ast *result, struct span at)
{
	struct ast *list = build_list(p, args->span);
	if (args->kind == AST_TPAREN) {
		ast_append(A, list, args->kids[0]);
	} else if (args->kind == AST_TTUPLE) {
		for (uint32_t i = 0; i < args->nkids; i++)
			ast_append(A, list, args->kids[i]);
	} else {
		diag_error(p->env->diag, args->span,
			   "the argument types of a function type must be in parentheses, as in (a) -> b");
	}
	return N(AST_TFUN, at, 2, list, result);
}
