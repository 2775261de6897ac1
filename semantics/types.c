/*
 * semantics/types.c — type inference over a name-resolved CSPm script.
 *
 * The walk mirrors libcspm's checker: infer() gives an expression's type,
 * expect() unifies it with what the context needs (the expected type is
 * named first in errors), pat() types a pattern. Declarations are checked
 * by check_group(): a recursive group is flattened (modules without
 * parameters and Timed sections add their declarations to it), split into
 * strongly connected components of the "uses a name bound by" graph
 * (Tarjan), and each component is checked in a fresh level and then
 * generalised.
 *
 * Failure: ty_fail() reports and longjmps to the component being checked
 * (attempt()); the component's names get no type and every later
 * component that uses one of them is skipped, so errors do not cascade.
 * In a let, a failed component makes the let fail as a whole (silently:
 * the error was reported) so that the enclosing declaration stops too.
 */
#include "semantics/types.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "semantics/types_int.h"

/* ------------------------------------------------------------ errors */

/* Write the source text of `sp`, blanks collapsed, at most ~60 bytes. */
static void write_source(FILE *out, const struct type_ctx *c, struct span sp)
{
	if (!c->diag || !c->diag->src || sp.file >= c->diag->src->nfiles) {
		fputs("?", out);
		return;
	}
	const struct source_file *f = source_file(c->diag->src, sp.file);
	size_t shown = 0;
	bool blank = false;
	for (uint32_t i = sp.start; i < sp.end && i < f->len; i++) {
		char ch = f->text[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			blank = true;
			continue;
		}
		if (shown >= 60) {
			fputs("...", out);
			return;
		}
		if (blank && shown)
			fputc(' ', out), shown++;
		blank = false;
		diag_write_safe(out, &ch, 1);
		shown++;
	}
}

/* " in 'source'" for a non-empty span. */
static void write_quote(FILE *out, const struct type_ctx *c, struct span sp)
{
	if (sp.start >= sp.end)
		return;
	fputs(" in '", out);
	write_source(out, c, sp);
	fputc('\'', out);
}

static bool is_leaf(const struct ast *n)
{
	switch (n->kind) {
	case AST_VAR: case AST_QUAL: case AST_INT: case AST_CHAR: case AST_STRING: case AST_BOOL:
	case AST_PAREN: case AST_WILDCARD:
		return true;
	default:
		return false;
	}
}

/* The node errors point at and the expression they quote. */
static void error_site(const struct type_ctx *c, struct span *at, struct span *quote)
{
	*at = (struct span){0, 0, 0};
	*quote = *at;
	if (c->ctxstack.n == 0)
		return;
	const struct ast *top = c->ctxstack.v[c->ctxstack.n - 1];
	*at = top->span;
	*quote = top->span;
	for (size_t i = c->ctxstack.n; i-- > 0;) {
		const struct ast *n = c->ctxstack.v[i];
		if (!is_leaf(n)) {
			*quote = n->span;
			return;
		}
	}
}

static _Noreturn void jump(struct type_ctx *c)
{
	longjmp(*c->fail, 1);
}

static void report(struct type_ctx *c, struct span at, const char *msg)
{
	if (c->quiet)
		return;
	diag_error(c->diag, at, "%s", msg);
	c->errors++;
}

/* Whether a and b print the same (with one naming of variables). */
static bool same_print(const struct type_ctx *c, type_id a, type_id b)
{
	char *x = NULL, *y = NULL;
	size_t lx = 0, ly = 0;
	struct tprinter p = {c, {0}};
	FILE *m = open_memstream(&x, &lx);
	ty_print(m, &p, a);
	fclose(m);
	m = open_memstream(&y, &ly);
	ty_print(m, &p, b);
	fclose(m);
	vec_free(&p.names);
	bool same = strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

_Noreturn void ty_fail(struct type_ctx *c, enum tfail why, uint8_t cons, type_id a, type_id b)
{
	if (c->quiet)
		jump(c);
	struct span at, quote;
	error_site(c, &at, &quote);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct tprinter p = {c, {0}};
	switch (why) {
	case TF_MISMATCH: {
		/* When the outermost pair prints the same on both sides (the
		 * clash is deep in a dot list), name the innermost pair. */
		if (same_print(c, a, b) && c->pairs.n >= 2) {
			a = c->pairs.v[c->pairs.n - 2];
			b = c->pairs.v[c->pairs.n - 1];
		}
		fputs("type mismatch", m);
		write_quote(m, c, quote);
		fputs(": expected ", m);
		ty_print(m, &p, a);
		fputs(", found ", m);
		ty_print(m, &p, b);
		break;
	}
	case TF_CONSTRAINT:
		fputs("missing constraint", m);
		write_quote(m, c, quote);
		fputs(": ", m);
		ty_print(m, &p, a);
		fprintf(m, " is not in %s", ty_cons_name(cons));
		break;
	case TF_OCCURS:
		fputs("infinite type", m);
		write_quote(m, c, quote);
		fputs(": ", m);
		ty_print(m, &p, a);
		fputs(" would have to equal ", m);
		ty_print(m, &p, b);
		break;
	}
	fclose(m);
	vec_free(&p.names);
	report(c, at, buf);
	free(buf);
	jump(c);
}

_Noreturn void ty_fail_msg(struct type_ctx *c, struct span at, const char *fmt, ...)
{
	if (!c->quiet) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		va_list ap;
		va_start(ap, fmt);
		vfprintf(m, fmt, ap);
		va_end(ap);
		fclose(m);
		report(c, at, buf);
		free(buf);
	}
	jump(c);
}

/* A message quoting the source of `n`: fmt has one %s for it. */
static _Noreturn void fail_at(struct type_ctx *c, const struct ast *n, const char *fmt)
{
	char *q = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&q, &len);
	write_source(m, c, n->span);
	fclose(m);
	if (!c->quiet) {
		char *buf = NULL;
		size_t blen = 0;
		FILE *mm = open_memstream(&buf, &blen);
		fprintf(mm, fmt, q);
		fclose(mm);
		report(c, n->span, buf);
		free(buf);
	}
	free(q);
	jump(c);
}

typedef void (*attempt_fn)(struct type_ctx *c, void *arg);

/* Run fn; false when it failed (the failure was reported). */
static bool attempt(struct type_ctx *c, attempt_fn fn, void *arg)
{
	jmp_buf jb;
	jmp_buf *saved = c->fail;
	size_t depth = c->ctxstack.n;
	unsigned ud = c->unify_depth, ns = c->nosym, timed = c->timed, quiet = c->quiet;
	uint32_t level = c->level;
	size_t tvs = c->tvscope_names.n, pairs = c->pairs.n;
	c->fail = &jb;
	if (setjmp(jb)) {
		c->pairs.n = pairs;
		c->level = level;
		c->quiet = quiet;
		c->tvscope_names.n = c->tvscope_vars.n = tvs;
		c->fail = saved;
		c->ctxstack.n = depth;
		c->unify_depth = ud;
		c->nosym = ns;
		c->timed = timed;
		return false;
	}
	fn(c, arg);
	c->fail = saved;
	return true;
}

/* ----------------------------------------------------------- helpers */

static const struct symbol *sym(const struct type_ctx *c, sym_id s)
{
	return &c->scope->syms.v[s];
}

static const char *sym_name(const struct type_ctx *c, sym_id s)
{
	return atom_str(c->atoms, sym(c, s)->name);
}

static void push(struct type_ctx *c, const struct ast *n)
{
	vec_push(&c->ctxstack, n);
}

static void pop(struct type_ctx *c)
{
	c->ctxstack.n--;
}

static type_id fresh(struct type_ctx *c)
{
	return ty_var(c, 0);
}

static type_id fun(struct type_ctx *c, uint32_t n, const type_id *args, type_id res)
{
	return ty_mkn(c, TK_FUN, n, args, res);
}

static type_id set_event(struct type_ctx *c)
{
	return ty_set(c, c->t_event);
}

static struct scheme *scheme_of(struct type_ctx *c, sym_id s)
{
	return &c->schemes.v[s];
}

static void set_mono(struct type_ctx *c, sym_id s, type_id t)
{
	struct scheme *sc = scheme_of(c, s);
	free(sc->vars);
	sc->vars = NULL;
	sc->nvars = 0;
	sc->t = t;
}

/* The (monomorphic) type of a pattern-bound variable, made on first use. */
static type_id var_type(struct type_ctx *c, sym_id s)
{
	struct scheme *sc = scheme_of(c, s);
	if (!sc->t)
		sc->t = fresh(c);
	return sc->t;
}

/* ------------------------------------------------------------ prelude */

static type_id builtin_type(struct type_ctx *c, const char *n)
{
	type_id I = c->t_int, B = c->t_bool, P = c->t_proc, E = c->t_event, C = c->t_char;
	type_id a, b, args[4];
#define IS(s) (strcmp(n, s) == 0)
	if (IS("STOP") || IS("SKIP") || IS("DIV"))
		return P;
	if (IS("Int")) return ty_set(c, I);
	if (IS("Bool")) return ty_set(c, B);
	if (IS("Proc")) return ty_set(c, P);
	if (IS("Events")) return ty_set(c, E);
	if (IS("Char")) return ty_set(c, C);
	if (IS("True") || IS("False") || IS("true") || IS("false")) return B;
	if (IS("CHAOS") || IS("RUN"))
		return ty_fun1(c, set_event(c), P);
	/* libcspm's TSKIP and TSTOP are what STOP and SKIP become inside a
	 * Timed section, never written by users; where our scope lets a
	 * script name them, they are the processes. */
	if (IS("TSKIP") || IS("TSTOP"))
		return P;
	if (IS("WAIT"))
		return ty_fun1(c, I, P);
	type_id ee = ty_set(c, ty_tuple2(c, E, E));
	if (IS("BUFFER")) {
		args[0] = I, args[1] = ee;
		return fun(c, 2, args, P);
	}
	if (IS("WEAK_BUFFER")) {
		args[0] = I, args[1] = E, args[2] = ee;
		return fun(c, 3, args, P);
	}
	if (IS("SIGNAL_BUFFER")) {
		args[0] = I, args[1] = E, args[2] = E, args[3] = ee;
		return fun(c, 4, args, P);
	}
	if (IS("union") || IS("inter") || IS("diff")) {
		a = ty_set(c, ty_var(c, C_SET));
		args[0] = a, args[1] = a;
		return fun(c, 2, args, a);
	}
	if (IS("Union") || IS("Inter")) {
		a = ty_set(c, ty_var(c, C_SET));
		return ty_fun1(c, ty_set(c, a), a);
	}
	if (IS("set")) {
		a = ty_var(c, C_SET);
		return ty_fun1(c, ty_seq(c, a), ty_set(c, a));
	}
	if (IS("Set")) {
		a = ty_set(c, ty_var(c, C_SET));
		return ty_fun1(c, a, ty_set(c, a));
	}
	if (IS("Seq")) {
		a = ty_var(c, C_SET);
		return ty_fun1(c, ty_set(c, a), ty_set(c, ty_seq(c, a)));
	}
	if (IS("empty") || IS("card")) {
		a = ty_var(c, C_EQ);
		return ty_fun1(c, ty_set(c, a), IS("card") ? I : B);
	}
	if (IS("member") || IS("elem")) {
		a = ty_var(c, C_EQ);
		args[0] = a, args[1] = IS("member") ? ty_set(c, a) : ty_seq(c, a);
		return fun(c, 2, args, B);
	}
	if (IS("seq")) {
		a = ty_var(c, C_EQ);
		return ty_fun1(c, ty_set(c, a), ty_seq(c, a));
	}
	if (IS("length") || IS("null") || IS("head") || IS("tail") || IS("concat")) {
		a = fresh(c);
		if (IS("length")) return ty_fun1(c, ty_seq(c, a), I);
		if (IS("null")) return ty_fun1(c, ty_seq(c, a), B);
		if (IS("head")) return ty_fun1(c, ty_seq(c, a), a);
		if (IS("tail")) return ty_fun1(c, ty_seq(c, a), ty_seq(c, a));
		return ty_fun1(c, ty_seq(c, ty_seq(c, a)), ty_seq(c, a));
	}
	if (IS("error"))
		return ty_fun1(c, ty_seq(c, C), fresh(c));
	if (IS("show"))
		return ty_fun1(c, fresh(c), ty_seq(c, C));
	if (strncmp(n, "map", 3) == 0 || IS("emptyMap") || IS("Map")) {
		a = ty_var(c, C_SET);
		b = IS("Map") ? ty_var(c, C_SET) : fresh(c);
		type_id m = ty_mk(c, TK_MAP, a, b), kv = ty_seq(c, ty_tuple2(c, a, b));
		if (IS("emptyMap")) return m;
		if (IS("mapFromList")) return ty_fun1(c, kv, m);
		if (IS("mapToList")) return ty_fun1(c, m, kv);
		args[0] = m, args[1] = a;
		if (IS("mapLookup")) return fun(c, 2, args, b);
		if (IS("mapMember")) return fun(c, 2, args, B);
		if (IS("mapDelete")) return fun(c, 2, args, m);
		if (IS("mapUpdate")) {
			args[2] = b;
			return fun(c, 3, args, m);
		}
		if (IS("mapUpdateMultiple")) {
			args[1] = kv;
			return fun(c, 2, args, m);
		}
		if (IS("Map")) {
			args[0] = ty_set(c, a), args[1] = ty_set(c, b);
			return fun(c, 2, args, ty_set(c, m));
		}
	}
	if (IS("extensions")) {
		a = fresh(c);
		b = ty_var(c, C_YIELD);
		return ty_fun1(c, ty_dotable(c, a, b), ty_set(c, a));
	}
	if (IS("productions")) {
		a = ty_var(c, C_YIELD);
		return ty_fun1(c, ty_ext(c, a), ty_set(c, a));
	}
	if (IS("failure_watchdog") || IS("trace_watchdog")) {
		args[0] = P, args[1] = set_event(c), args[2] = E;
		return fun(c, 3, args, P);
	}
	if (IS("prioritise") || IS("prioritise_nocache")) {
		args[0] = P, args[1] = ty_seq(c, set_event(c));
		return fun(c, 2, args, P);
	}
	if (IS("prioritisepo")) {
		args[0] = P, args[1] = set_event(c), args[2] = ee, args[3] = set_event(c);
		return fun(c, 4, args, P);
	}
	if (IS("mtransclose")) {
		a = ty_var(c, C_EQ);
		type_id r = ty_set(c, ty_tuple2(c, a, a));
		args[0] = r, args[1] = ty_set(c, a);
		return fun(c, 2, args, r);
	}
	if (IS("relational_image")) {
		a = ty_var(c, C_EQ);
		b = ty_var(c, C_SET);
		return ty_fun1(c, ty_set(c, ty_tuple2(c, a, b)), ty_fun1(c, a, ty_set(c, b)));
	}
	if (IS("relational_inverse_image")) {
		a = ty_var(c, C_SET);
		b = ty_var(c, C_EQ);
		return ty_fun1(c, ty_set(c, ty_tuple2(c, a, b)), ty_fun1(c, b, ty_set(c, a)));
	}
	if (IS("transpose")) {
		a = ty_var(c, C_SET);
		b = ty_var(c, C_SET);
		return ty_fun1(c, ty_set(c, ty_tuple2(c, a, b)), ty_set(c, ty_tuple2(c, b, a)));
	}
	/* chase, deter, loop, the compressions, timed_priority */
	return ty_fun1(c, P, P);
#undef IS
}

/* ------------------------------------------------------- annotations */

struct tvars {
	VEC(atom_t) names;
	VEC(type_id) vars;
};

static bool reserved_type_name(const struct type_ctx *c, atom_t a, type_id *out)
{
	const char *s = atom_str(c->atoms, a);
	if (strcmp(s, "Int") == 0) *out = c->t_int;
	else if (strcmp(s, "Bool") == 0) *out = c->t_bool;
	else if (strcmp(s, "Proc") == 0) *out = c->t_proc;
	else if (strcmp(s, "Event") == 0) *out = c->t_event;
	else if (strcmp(s, "Char") == 0) *out = c->t_char;
	else return false;
	return true;
}

/* In annotations only datatypes and the basic types are type names (FDR
 * has a separate namespace for types): any other name, even one that is
 * a value, channel or nametype, is a type variable. */
static bool is_type_var_name(const struct type_ctx *c, const struct ast *v)
{
	type_id dummy;
	if (v->kind != AST_VAR || reserved_type_name(c, v->u.name, &dummy))
		return false;
	return v->sym == 0 || sym(c, v->sym)->kind != SYM_DATATYPE;
}

static type_id tv_lookup(struct type_ctx *c, struct tvars *tv, atom_t a)
{
	for (size_t i = c->tvscope_names.n; i-- > 0;)
		if (c->tvscope_names.v[i] == a)
			return c->tvscope_vars.v[i];
	for (size_t i = 0; i < tv->names.n; i++)
		if (tv->names.v[i] == a)
			return tv->vars.v[i];
	type_id t = ty_var(c, 0);
	c->vars.v[ty_node(c, t)->a].rigid = true;
	c->vars.v[ty_node(c, t)->a].name = a;
	vec_push(&tv->names, a);
	vec_push(&tv->vars, t);
	return t;
}

static type_id conv_type(struct type_ctx *c, struct tvars *tv, const struct ast *n)
{
	switch (n->kind) {
	case AST_TNAME: {
		const struct ast *v = n->kids[0];
		type_id t;
		if (v->kind == AST_VAR && reserved_type_name(c, v->u.name, &t))
			return t;
		if (v->kind == AST_QUAL) {
			sym_id inst = v->sym && sym(c, v->sym)->kind == SYM_INSTANCE ? v->sym : 0;
			while (v->kind == AST_QUAL)
				v = v->kids[0];
			if (v->sym && sym(c, v->sym)->kind == SYM_DATATYPE)
				return ty_mk(c, TK_DATATYPE, v->sym, inst);
			return fresh(c);
		}
		if (is_type_var_name(c, v))
			return tv_lookup(c, tv, v->u.name);
		return ty_mk(c, TK_DATATYPE, v->sym, 0);
	}
	case AST_TSET: return ty_set(c, conv_type(c, tv, n->kids[0]));
	case AST_TSEQ: return ty_seq(c, conv_type(c, tv, n->kids[0]));
	case AST_TPAREN: return conv_type(c, tv, n->kids[0]);
	case AST_TDOTABLE: {
		type_id a = conv_type(c, tv, n->kids[0]);
		return ty_dotable(c, a, conv_type(c, tv, n->kids[1]));
	}
	case AST_TDOT: {
		type_id a = conv_type(c, tv, n->kids[0]);
		return ty_dot(c, a, conv_type(c, tv, n->kids[1]));
	}
	case AST_TMAP: {
		type_id a = conv_type(c, tv, n->kids[0]);
		return ty_mk(c, TK_MAP, a, conv_type(c, tv, n->kids[1]));
	}
	case AST_TEXTENDABLE: {
		const struct ast *v = n->kids[0];
		if (!is_type_var_name(c, v))
			fail_at(c, v, "'%s' is not a type variable (the left of =>* must be one)");
		type_id var = tv_lookup(c, tv, v->u.name);
		return ty_mk(c, TK_EXT, conv_type(c, tv, n->kids[1]), ty_node(c, var)->a);
	}
	case AST_TTUPLE: case AST_TFUN: {
		const struct ast *l = n->kind == AST_TFUN ? n->kids[0] : n;
		type_id *k = arena_alloc(&c->scratch, (l->nkids + 1) * sizeof *k);
		for (uint32_t i = 0; i < l->nkids; i++)
			k[i] = conv_type(c, tv, l->kids[i]);
		if (n->kind == AST_TTUPLE)
			return ty_mkn(c, TK_TUPLE, l->nkids, k, 0);
		return fun(c, l->nkids, k, conv_type(c, tv, n->kids[1]));
	}
	default:
		fail_at(c, n, "'%s' is not a type");
	}
}

/* The type an annotation (AST_TSCHEME) gives, with rigid variables. */
static type_id conv_scheme(struct type_ctx *c, const struct ast *ts)
{
	struct tvars tv = {{0}, {0}};
	type_id t = conv_type(c, &tv, ts->kids[1]);
	const struct ast *cs = ts->kids[0];
	for (uint32_t i = 0; i < cs->nkids; i++) {
		const struct ast *k = cs->kids[i];
		const struct ast *v = k->kids[0];
		size_t j = 0;
		while (j < tv.names.n && tv.names.v[j] != v->u.name)
			j++;
		if (j == tv.names.n) {
			vec_free(&tv.names);
			vec_free(&tv.vars);
			fail_at(c, v, "'%s' in this constraint is not a type variable that this annotation binds");
		}
		const char *cl = atom_str(c->atoms, k->u.name);
		uint8_t bit = strcmp(cl, "Eq") == 0 ? C_EQ : strcmp(cl, "Ord") == 0 ? C_ORD
			: strcmp(cl, "Set") == 0 ? C_SET : strcmp(cl, "Yieldable") == 0 ? C_YIELD : C_COMPLETE;
		c->vars.v[ty_node(c, tv.vars.v[j])->a].cons |= bit;
	}
	/* The variables it binds scope over the declaration's body (an
	 * annotation inside it may use them); the caller pops them. */
	for (size_t i = 0; i < tv.names.n; i++) {
		vec_push(&c->tvscope_names, tv.names.v[i]);
		vec_push(&c->tvscope_vars, tv.vars.v[i]);
	}
	vec_free(&tv.names);
	vec_free(&tv.vars);
	return t;
}

/* ------------------------------------------------------- expressions */

static type_id infer(struct type_ctx *c, const struct ast *n);
static type_id pat(struct type_ctx *c, const struct ast *p);
static void check_group(struct type_ctx *c, struct ast *decls, bool ambiguity, bool generalise, bool nested);

/* Unify expected `t` with the type of n; the unified type. */
static type_id expect(struct type_ctx *c, const struct ast *n, type_id t)
{
	push(c, n);
	type_id a = infer(c, n);
	type_id r = ty_unify(c, t, a);
	pop(c);
	return r;
}

static type_id expect_pat(struct type_ctx *c, const struct ast *p, type_id t)
{
	push(c, p);
	type_id a = pat(c, p);
	type_id r = ty_unify(c, t, a);
	pop(c);
	return r;
}

static type_id inst_member_type(struct type_ctx *c, sym_id inst, sym_id member)
{
	for (size_t i = 0; i < c->inst_members.n; i++)
		if (c->inst_members.v[i].inst == inst && c->inst_members.v[i].member == member)
			return ty_instantiate(c, &c->inst_members.v[i].s);
	/* Unknown: the instance failed, or a nested instance we do not track. */
	const struct scheme *s = scheme_of(c, member);
	if (!s->t)
		return fresh(c);
	struct tvlist fv = {0};
	ty_free_vars(c, s->t, &fv);
	struct scheme all = {s->t, (uint32_t)fv.n, fv.v};
	type_id r = ty_instantiate(c, &all);
	vec_free(&fv);
	return r;
}

/* The type of a use of symbol s (node n, for messages). */
static type_id sym_type(struct type_ctx *c, const struct ast *n, sym_id s)
{
	if (!s)
		return fresh(c);
	const struct symbol *y = sym(c, s);
	switch (y->kind) {
	case SYM_BUILTIN:
		return builtin_type(c, builtin_table[y->builtin].name);
	case SYM_VAR:
		return var_type(c, s);
	case SYM_MODULE: case SYM_INSTANCE:
		fail_at(c, n, "'%s' is a module, not a value");
	default:
		return ty_instantiate(c, scheme_of(c, s));
	}
}

static type_id qual_type(struct type_ctx *c, const struct ast *n)
{
	const struct ast *v = n;
	while (v->kind == AST_QUAL)
		v = v->kids[0];
	if (!v->sym)
		return fresh(c);
	if (n->sym && sym(c, n->sym)->kind == SYM_INSTANCE && n->kids[0]->kind == AST_VAR)
		return inst_member_type(c, n->sym, v->sym);
	if (n->sym && sym(c, n->sym)->kind == SYM_MODULE && n->kids[0]->kind == AST_VAR)
		return sym_type(c, v, v->sym);
	return inst_member_type(c, 0, v->sym);
}

struct nodelist {
	const struct ast **v;
	size_t n, cap;
};

/* Report a variable that one statement list or one prefix binds twice
 * (x <- A, x <- B; c?x?x). `seen` collects the binding VAR nodes. */
static void check_rebind(struct type_ctx *c, const struct ast *p, struct nodelist *seen)
{
	if (!p)
		return;
	if (p->kind == AST_VAR) {
		if (!p->sym || sym(c, p->sym)->kind != SYM_VAR)
			return;
		for (size_t i = 0; i < seen->n; i++) {
			if (seen->v[i]->u.name == p->u.name) {
				vec_free(seen);
				push(c, p);
				fail_at(c, p, "'%s' is bound twice: an earlier generator or input binds it too");
			}
		}
		vec_push(seen, p);
		return;
	}
	for (uint32_t i = 0; i < p->nkids; i++)
		check_rebind(c, p->kids[i], seen);
}

/* Statements of a comprehension or replicated operator; `seq`: the
 * generators draw from sequences rather than sets. */
static void stmts(struct type_ctx *c, const struct ast *l, bool seq)
{
	if (!l)
		return;
	struct nodelist seen = {0};
	for (uint32_t i = 0; i < l->nkids; i++)
		if (l->kids[i]->kind == AST_GEN)
			check_rebind(c, l->kids[i]->kids[0], &seen);
	vec_free(&seen);
	for (uint32_t i = 0; i < l->nkids; i++) {
		const struct ast *s = l->kids[i];
		if (s->kind != AST_GEN) {
			expect(c, s->kids[0], c->t_bool);
			continue;
		}
		push(c, s);
		type_id te = ty_evaluate_dots(c, infer(c, s->kids[1]));
		type_id tp = ty_evaluate_dots(c, pat(c, s->kids[0]));
		c->nosym++;
		ty_unify(c, seq ? ty_seq(c, tp) : ty_set(c, tp), te);
		c->nosym--;
		pop(c);
	}
}

/* All elements of l have one type (fresh when empty, or `t` if given). */
static type_id all_equal(struct type_ctx *c, const struct ast *const *kids, uint32_t n, type_id t)
{
	uint32_t i = 0;
	if (!t) {
		if (n == 0)
			return fresh(c);
		t = infer(c, kids[0]);
		i = 1;
	}
	for (; i < n; i++)
		expect(c, kids[i], t);
	return t;
}

static type_id enum_set(struct type_ctx *c, const struct ast *l)
{
	type_id fv = ty_var(c, C_YIELD);
	for (uint32_t i = 0; i < l->nkids; i++)
		expect(c, l->kids[i], ty_ext(c, fv));
	return ty_set(c, fv);
}

static void ties(struct type_ctx *c, const struct ast *l)
{
	for (uint32_t i = 0; i < l->nkids; i++) {
		const struct ast *pr = l->kids[i];
		type_id a = expect(c, pr->kids[0], ty_ext(c, c->t_event));
		expect(c, pr->kids[1], a);
	}
}

static void not_in_timed(struct type_ctx *c, const struct ast *n, const char *what)
{
	if (c->timed) {
		push(c, n);
		ty_fail_msg(c, n->span, "%s cannot be used inside a Timed section", what);
	}
}

static type_id prefix(struct type_ctx *c, const struct ast *n)
{
	const struct ast *fields = n->kids[1];
	if (fields->nkids == 0) {
		expect(c, n->kids[0], c->t_event);
		expect(c, n->kids[2], c->t_proc);
		return c->t_proc;
	}
	struct nodelist seen = {0};
	for (uint32_t i = 0; i < fields->nkids; i++)
		if (fields->kids[i]->op != OP_OUTPUT)
			check_rebind(c, fields->kids[i]->kids[0], &seen);
	vec_free(&seen);
	type_id t1 = infer(c, n->kids[0]);
	type_id *ft = arena_alloc(&c->scratch, fields->nkids * sizeof *ft);
	bool seen_in = false;
	for (uint32_t i = 0; i < fields->nkids; i++) {
		const struct ast *f = fields->kids[i];
		push(c, f);
		if (f->op == OP_OUTPUT) {
			ft[i] = infer(c, f->kids[0]);
			seen_in = true;
		} else {
			if (f->op == OP_NDINPUT) {
				not_in_timed(c, f, "a nondeterministic input ($)");
				if (seen_in)
					ty_fail_msg(c, f->span, "a nondeterministic input ($) must come before "
								 "every ? and ! field");
			} else {
				seen_in = true;
			}
			if (f->kids[1]) {
				type_id ts = infer(c, f->kids[1]);
				type_id tp = pat(c, f->kids[0]);
				ty_unify(c, ty_set(c, tp), ts);
				ty_constrain(c, C_COMPLETE, tp);
				ft[i] = tp;
			} else {
				type_id tp = pat(c, f->kids[0]);
				ty_constrain(c, C_COMPLETE, tp);
				ft[i] = tp;
			}
		}
		pop(c);
	}
	type_id d = ft[fields->nkids - 1];
	for (uint32_t i = fields->nkids - 1; i-- > 0;)
		d = ty_dot(c, ft[i], d);
	struct ast site = *n;
	site.span = span_join(n->kids[0]->span, fields->span);
	push(c, &site);
	ty_unify(c, c->t_event, ty_dot(c, t1, d));
	pop(c);
	expect(c, n->kids[2], c->t_proc);
	return c->t_proc;
}

static type_id infer_app(struct type_ctx *c, const struct ast *n)
{
	uint32_t na = n->nkids - 1;
	const struct ast *f = n->kids[0];
	type_id *targs = arena_alloc(&c->scratch, (na + 1) * sizeof *targs);
	for (uint32_t i = 0; i < na; i++)
		targs[i] = fresh(c);
	type_id tr = fresh(c);
	push(c, f);
	type_id tf = infer(c, f);
	type_id sf = ty_shallow(c, tf);
	if (ty_node(c, sf)->kind == TK_FUN && ty_node(c, sf)->n != na) {
		uint32_t want = ty_node(c, sf)->n;
		pop(c);
		push(c, n);
		char *q = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&q, &len);
		write_source(m, c, f->span);
		fclose(m);
		char msg[256];
		snprintf(msg, sizeof msg, "wrong number of arguments in a call of '%.100s': it takes %u, given %u", q,
			 want, na);
		free(q);
		ty_fail_msg(c, n->span, "%s", msg);
	}
	ty_unify(c, fun(c, na, targs, tr), tf);
	pop(c);
	for (uint32_t i = 0; i < na; i++) {
		const struct ast *a = n->kids[i + 1];
		push(c, a);
		type_id ta = ty_evaluate_dots(c, infer(c, a));
		type_id te = ty_evaluate_dots(c, targs[i]);
		c->nosym++;
		ty_unify(c, te, ta);
		c->nosym--;
		pop(c);
	}
	return tr;
}

static type_id infer_binop(struct type_ctx *c, const struct ast *n)
{
	const struct ast *l = n->kids[0], *r = n->kids[1];
	switch (n->op) {
	case OP_AND: case OP_OR:
		expect(c, l, c->t_bool);
		expect(c, r, c->t_bool);
		return c->t_bool;
	case OP_EQ: case OP_NE: case OP_LT: case OP_GT: case OP_LE: case OP_GE: {
		type_id t = infer(c, l);
		t = expect(c, r, t);
		ty_constrain(c, n->op == OP_EQ || n->op == OP_NE ? C_EQ : C_ORD, t);
		return c->t_bool;
	}
	case OP_CONCAT: {
		type_id t = expect(c, l, ty_seq(c, fresh(c)));
		return expect(c, r, t);
	}
	default:
		expect(c, l, c->t_int);
		expect(c, r, c->t_int);
		return c->t_int;
	}
}

static type_id infer_proc(struct type_ctx *c, const struct ast *n)
{
	const struct ast *const *k = (const struct ast *const *)n->kids;
	switch (n->kind) {
	case AST_GUARD:
		expect(c, k[0], c->t_bool);
		expect(c, k[1], c->t_proc);
		break;
	case AST_PROCOP:
		expect(c, k[0], c->t_proc);
		expect(c, k[1], n->op == OP_HIDE || n->op == OP_PROJECT ? set_event(c) : c->t_proc);
		break;
	case AST_GENPAR: case AST_EXCEPTION: case AST_SYNCEXT: case AST_SYNCINT:
		expect(c, k[0], c->t_proc);
		expect(c, k[2], c->t_proc);
		expect(c, k[1], set_event(c));
		break;
	case AST_ALPHAPAR:
		expect(c, k[0], c->t_proc);
		expect(c, k[3], c->t_proc);
		expect(c, k[1], set_event(c));
		expect(c, k[2], set_event(c));
		break;
	case AST_RENAME:
		expect(c, k[0], c->t_proc);
		stmts(c, k[2], false);
		ties(c, k[1]);
		break;
	case AST_LINKPAR:
		not_in_timed(c, n, "linked parallel");
		expect(c, k[0], c->t_proc);
		expect(c, k[3], c->t_proc);
		stmts(c, k[2], false);
		ties(c, k[1]);
		break;
	case AST_REP:
		stmts(c, k[0], n->op == OP_SEQ);
		expect(c, k[1], c->t_proc);
		break;
	case AST_REPGENPAR: case AST_REPSYNCEXT:
		expect(c, k[0], set_event(c));
		stmts(c, k[1], false);
		expect(c, k[2], c->t_proc);
		break;
	case AST_REPALPHAPAR:
		stmts(c, k[0], false);
		expect(c, k[1], set_event(c));
		expect(c, k[2], c->t_proc);
		break;
	case AST_REPLINKPAR:
		not_in_timed(c, n, "linked parallel");
		stmts(c, k[2], true);
		stmts(c, k[1], false);
		ties(c, k[0]);
		expect(c, k[3], c->t_proc);
		break;
	default:
		break;
	}
	return c->t_proc;
}

static type_id infer_in(struct type_ctx *c, const struct ast *n)
{
	switch (n->kind) {
	case AST_VAR:
		return sym_type(c, n, n->sym);
	case AST_QUAL:
		return qual_type(c, n);
	case AST_INT: return c->t_int;
	case AST_CHAR: return c->t_char;
	case AST_STRING: return ty_seq(c, c->t_char);
	case AST_BOOL: return c->t_bool;
	case AST_PAREN: return infer(c, n->kids[0]);
	case AST_TUPLE: {
		type_id *k = arena_alloc(&c->scratch, n->nkids * sizeof *k);
		for (uint32_t i = 0; i < n->nkids; i++)
			k[i] = infer(c, n->kids[i]);
		return ty_mkn(c, TK_TUPLE, n->nkids, k, 0);
	}
	case AST_DOT: {
		type_id a = infer(c, n->kids[0]);
		return ty_dot(c, a, infer(c, n->kids[1]));
	}
	case AST_LET:
		check_group(c, n->kids[0], true, false, true);
		return infer(c, n->kids[1]);
	case AST_IF: {
		expect(c, n->kids[0], c->t_bool);
		type_id t = infer(c, n->kids[1]);
		return expect(c, n->kids[2], t);
	}
	case AST_APP:
		return infer_app(c, n);
	case AST_LAMBDA: {
		type_id tr = infer(c, n->kids[1]);
		const struct ast *ps = n->kids[0];
		type_id *k = arena_alloc(&c->scratch, (ps->nkids + 1) * sizeof *k);
		for (uint32_t i = 0; i < ps->nkids; i++)
			k[i] = pat(c, ps->kids[i]);
		return fun(c, ps->nkids, k, tr);
	}
	case AST_BINOP:
		return infer_binop(c, n);
	case AST_UNOP:
		if (n->op == OP_NOT)
			return expect(c, n->kids[0], c->t_bool);
		if (n->op == OP_LENGTH) {
			expect(c, n->kids[0], ty_seq(c, fresh(c)));
			return c->t_int;
		}
		expect(c, n->kids[0], c->t_int);
		return c->t_int;
	case AST_SEQ:
		return ty_seq(c, all_equal(c, (const struct ast *const *)n->kids, n->nkids, 0));
	case AST_SEQCOMP:
		stmts(c, n->kids[1], true);
		return ty_seq(c, all_equal(c, (const struct ast *const *)n->kids[0]->kids, n->kids[0]->nkids, 0));
	case AST_SEQRANGE: case AST_SETRANGE: {
		bool seq = n->kind == AST_SEQRANGE;
		if (n->nkids > 2)
			stmts(c, n->kids[2], seq);
		expect(c, n->kids[0], c->t_int);
		if (n->kids[1])
			expect(c, n->kids[1], c->t_int);
		return seq ? ty_seq(c, c->t_int) : ty_set(c, c->t_int);
	}
	case AST_SET:
		return ty_set(c, all_equal(c, (const struct ast *const *)n->kids, n->nkids, ty_var(c, C_SET)));
	case AST_SETCOMP:
		stmts(c, n->kids[1], false);
		return ty_set(c, all_equal(c, (const struct ast *const *)n->kids[0]->kids, n->kids[0]->nkids,
					   ty_var(c, C_SET)));
	case AST_ENUMSET:
		return enum_set(c, n);
	case AST_ENUMSETCOMP:
		stmts(c, n->kids[1], false);
		return enum_set(c, n->kids[0]);
	case AST_MAP: {
		type_id kt = 0, vt = 0;
		for (uint32_t i = 0; i < n->nkids; i++) {
			const struct ast *p = n->kids[i];
			kt = kt ? expect(c, p->kids[0], kt) : infer(c, p->kids[0]);
			vt = vt ? expect(c, p->kids[1], vt) : infer(c, p->kids[1]);
		}
		return ty_mk(c, TK_MAP, kt ? kt : fresh(c), vt ? vt : fresh(c));
	}
	case AST_PREFIX:
		return prefix(c, n);
	case AST_GUARD: case AST_PROCOP: case AST_GENPAR: case AST_ALPHAPAR: case AST_EXCEPTION:
	case AST_SYNCEXT: case AST_SYNCINT: case AST_RENAME: case AST_LINKPAR: case AST_REP:
	case AST_REPGENPAR: case AST_REPALPHAPAR: case AST_REPLINKPAR: case AST_REPSYNCEXT:
		return infer_proc(c, n);
	case AST_WILDCARD:
		return fresh(c);
	default:
		/* Not an expression (a syntax-error placeholder): accept. */
		return fresh(c);
	}
}

static type_id infer(struct type_ctx *c, const struct ast *n)
{
	if (!n)
		return fresh(c);
	push(c, n);
	type_id t = infer_in(c, n);
	pop(c);
	return t;
}

/* ----------------------------------------------------------- patterns */

/* Whether a concatenation pattern has a non-list part ("middle"); fails
 * when it has two (xs ^ ys cannot be matched). */
static bool concat_middle(struct type_ctx *c, const struct ast *p)
{
	p = ast_unparen(p);
	if (p->kind == AST_SEQ || p->kind == AST_STRING)
		return false;
	if (p->kind != AST_BINOP || p->op != OP_CONCAT)
		return true;
	bool l = concat_middle(c, p->kids[0]), r = concat_middle(c, p->kids[1]);
	if (l && r) {
		push(c, p);
		fail_at(c, p, "'%s' is not a valid sequence pattern: at most one part may be a variable");
	}
	return l || r;
}

static type_id pat_in(struct type_ctx *c, const struct ast *p)
{
	switch (p->kind) {
	case AST_VAR: {
		if (!p->sym)
			return fresh(c);
		uint8_t k = sym(c, p->sym)->kind;
		/* A script with a Timed section and no tock of its own has
		 * FDR's implicit channel tock: in a pattern it is that event. */
		if (k == SYM_VAR && c->implicit_tock && p->u.name == c->implicit_tock)
			return c->t_event;
		if (k == SYM_VAR)
			return var_type(c, p->sym);
		if (k == SYM_VALUE && !scheme_of(c, p->sym)->t)
			return var_type(c, p->sym);
		return sym_type(c, p, p->sym);
	}
	case AST_QUAL:
		return qual_type(c, p);
	case AST_INT: return c->t_int;
	case AST_CHAR: return c->t_char;
	case AST_STRING: return ty_seq(c, c->t_char);
	case AST_BOOL: return c->t_bool;
	case AST_PAREN: return pat(c, p->kids[0]);
	case AST_WILDCARD: return fresh(c);
	case AST_TUPLE: {
		type_id *k = arena_alloc(&c->scratch, p->nkids * sizeof *k);
		for (uint32_t i = 0; i < p->nkids; i++)
			k[i] = pat(c, p->kids[i]);
		return ty_mkn(c, TK_TUPLE, p->nkids, k, 0);
	}
	case AST_DOT: {
		type_id a = pat(c, p->kids[0]);
		return ty_dot(c, a, pat(c, p->kids[1]));
	}
	case AST_SEQ: {
		type_id t = p->nkids ? pat(c, p->kids[0]) : fresh(c);
		for (uint32_t i = 1; i < p->nkids; i++)
			expect_pat(c, p->kids[i], t);
		return ty_seq(c, t);
	}
	case AST_SET: {
		type_id t = p->nkids ? pat(c, p->kids[0]) : fresh(c);
		for (uint32_t i = 1; i < p->nkids; i++)
			expect_pat(c, p->kids[i], t);
		ty_constrain(c, C_EQ, t);
		return ty_set(c, t);
	}
	case AST_BINOP:
		if (p->op == OP_CONCAT) {
			concat_middle(c, p);
			type_id t = expect_pat(c, p->kids[0], ty_seq(c, fresh(c)));
			return expect_pat(c, p->kids[1], t);
		}
		return fresh(c);
	case AST_DOUBLEPAT: {
		type_id t = pat(c, p->kids[0]);
		return expect_pat(c, p->kids[1], t);
	}
	default:
		return fresh(c);
	}
}

static type_id pat(struct type_ctx *c, const struct ast *p)
{
	if (!p)
		return fresh(c);
	push(c, p);
	type_id t = pat_in(c, p);
	pop(c);
	return t;
}

/* -------------------------------------------------------- declarations */

struct decl {
	struct ast *d;
	bool timed;            /* inside a Timed section */
	VEC(sym_id) binds;     /* names it defines */
	VEC(uint32_t) deps;    /* decls of the group it uses */
	uint32_t index, low, comp;
	bool onstack;
};

struct group {
	VEC(struct decl) decls;
	VEC(uint32_t) stack;
	VEC(uint32_t) order;   /* decl indices, component by component */
	VEC(uint32_t) comp_start;
	uint32_t counter;
	bool ambiguity, generalise;
};

static void bind_sym(struct group *g, sym_id s)
{
	if (s)
		vec_push(&g->decls.v[g->decls.n - 1].binds, s);
}

static void pattern_binds(struct type_ctx *c, struct group *g, const struct ast *p, const struct ast *d)
{
	if (!p)
		return;
	if (p->kind == AST_VAR) {
		if (p->sym && sym(c, p->sym)->kind == SYM_VALUE && sym(c, p->sym)->decl == d)
			bind_sym(g, p->sym);
		return;
	}
	if (p->kind == AST_QUAL)
		return;
	for (uint32_t i = 0; i < p->nkids; i++)
		pattern_binds(c, g, p->kids[i], d);
}

static void add_decl(struct type_ctx *c, struct group *g, struct ast *d, bool timed);

static void add_decls(struct type_ctx *c, struct group *g, struct ast *l, bool timed)
{
	for (uint32_t i = 0; i < l->nkids; i++)
		if (l->kids[i])
			add_decl(c, g, l->kids[i], timed);
}

static void add_decl(struct type_ctx *c, struct group *g, struct ast *d, bool timed)
{
	switch (d->kind) {
	case AST_TYPEANN:
		for (uint32_t i = 0; i < d->kids[0]->nkids; i++) {
			sym_id s = d->kids[0]->kids[i]->sym;
			if (s)
				c->annot.v[s] = d->kids[1];
		}
		return;
	case AST_EXTERNAL: case AST_TRANSPARENT:
		return;
	default:
		break;
	}
	struct decl x = {0};
	x.d = d;
	x.timed = timed;
	vec_push(&g->decls, x);
	switch (d->kind) {
	case AST_FUNBIND: case AST_SUBTYPE: case AST_NAMETYPE: case AST_INSTANCE:
		bind_sym(g, d->sym);
		break;
	case AST_PATBIND:
		pattern_binds(c, g, d->kids[0], d);
		break;
	case AST_CHANNEL:
		for (uint32_t i = 0; i < d->kids[0]->nkids; i++)
			bind_sym(g, d->kids[0]->kids[i]->sym);
		break;
	case AST_DATATYPE:
		bind_sym(g, d->sym);
		for (uint32_t i = 0; i < d->nkids; i++)
			bind_sym(g, d->kids[i]->sym);
		break;
	case AST_MODULE:
		bind_sym(g, d->sym);
		if (!d->kids[0]) {
			add_decls(c, g, d->kids[1], timed);
			add_decls(c, g, d->kids[2], timed);
		}
		break;
	case AST_TIMED:
		add_decls(c, g, d->kids[1], true);
		break;
	default:
		break;
	}
}

/* The symbols defined directly in module m (an index built once). */
static size_t members_of(const struct type_ctx *c, sym_id m, const sym_id **out)
{
	if (!c->mem_first || m + 1 >= c->mem_nsyms + 1) {
		*out = NULL;
		return 0;
	}
	*out = c->mem_list + c->mem_first[m];
	return c->mem_first[m + 1] - c->mem_first[m];
}

static void build_member_index(struct type_ctx *c)
{
	size_t n = c->scope->syms.n;
	c->mem_nsyms = (uint32_t)n;
	c->mem_first = xcalloc(n + 2, sizeof *c->mem_first);
	for (size_t s = 1; s < n; s++) {
		sym_id m = c->scope->syms.v[s].module;
		if (m && m < n)
			c->mem_first[m + 1]++;
	}
	for (size_t i = 1; i <= n; i++)
		c->mem_first[i] += c->mem_first[i - 1];
	c->mem_list = xmalloc((c->mem_first[n] + 1) * sizeof *c->mem_list);
	uint32_t *fill = xcalloc(n + 1, sizeof *fill);
	for (size_t s = 1; s < n; s++) {
		sym_id m = c->scope->syms.v[s].module;
		if (m && m < n)
			c->mem_list[c->mem_first[m] + fill[m]++] = (sym_id)s;
	}
	free(fill);
}

static void add_dep(struct group *g, uint32_t from, uint32_t to)
{
	struct decl *x = &g->decls.v[from];
	for (size_t i = 0; i < x->deps.n; i++)
		if (x->deps.v[i] == to)
			return;
	vec_push(&x->deps, to);
}

/* The index + 1 of the decl of group g that binds s, or 0 (owner[] may
 * name a decl of an enclosing group: check that it is ours). */
static uint32_t owner_in(const struct type_ctx *c, const struct group *g, sym_id s)
{
	if (!s || s >= c->owner.n || !c->owner.v[s])
		return 0;
	uint32_t to = c->owner.v[s] - 1;
	if (to >= g->decls.n)
		return 0;
	const struct decl *x = &g->decls.v[to];
	for (size_t i = 0; i < x->binds.n; i++)
		if (x->binds.v[i] == s)
			return to + 1;
	return 0;
}

static void dep_sym(struct type_ctx *c, struct group *g, uint32_t from, sym_id s)
{
	uint32_t o = owner_in(c, g, s);
	if (o)
		add_dep(g, from, o - 1);
}

static void collect_deps(struct type_ctx *c, struct group *g, uint32_t from, const struct ast *n)
{
	if (!n)
		return;
	if (n->sym) {
		dep_sym(c, g, from, n->sym);
		/* An instance depends on its module's members. */
		if (n->kind == AST_INSTANCE) {
			const struct ast *t = n->kids[0];
			while (t->kind == AST_QUAL)
				t = t->kids[0];
			sym_id m = t->sym;
			const sym_id *mem;
			size_t nm = members_of(c, m, &mem);
			for (size_t k = 0; k < nm; k++)
				dep_sym(c, g, from, mem[k]);
		}
	}
	/* A non-parameterised module's members are decls of their own. */
	if (n->kind == AST_MODULE && !n->kids[0])
		return;
	if (n->kind == AST_TYPEANN)
		return;
	for (uint32_t i = 0; i < n->nkids; i++)
		collect_deps(c, g, from, n->kids[i]);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void tarjan(struct group *g, uint32_t v)
{
	struct decl *x = &g->decls.v[v];
	x->index = x->low = ++g->counter;
	vec_push(&g->stack, v);
	x->onstack = true;
	for (size_t i = 0; i < g->decls.v[v].deps.n; i++) {
		uint32_t w = g->decls.v[v].deps.v[i];
		if (!g->decls.v[w].index) {
			tarjan(g, w);
			if (g->decls.v[w].low < g->decls.v[v].low)
				g->decls.v[v].low = g->decls.v[w].low;
		} else if (g->decls.v[w].onstack && g->decls.v[w].index < g->decls.v[v].low) {
			g->decls.v[v].low = g->decls.v[w].index;
		}
	}
	if (g->decls.v[v].low == g->decls.v[v].index) {
		uint32_t comp = (uint32_t)g->comp_start.n;
		vec_push(&g->comp_start, (uint32_t)g->order.n);
		uint32_t w, first = (uint32_t)g->order.n;
		do {
			w = vec_pop(&g->stack);
			g->decls.v[w].onstack = false;
			g->decls.v[w].comp = comp;
			vec_push(&g->order, w);
		} while (w != v);
		/* inside a component, declarations are checked in source order
		 * (as libcspm does: the order decides some dot resolutions) */
		qsort(g->order.v + first, g->order.n - first, sizeof *g->order.v, cmp_u32);
	}
}

/* ---- checking one declaration ---- */

/* evalTypeExpression: the type of the values of a set expression's
 * type (tuples and dots of sets give tuples and dots of elements). */
static type_id elem_type(struct type_ctx *c, type_id t)
{
	t = ty_shallow(c, t);
	const struct tnode *n = ty_node(c, t);
	if (n->kind == TK_TUPLE) {
		uint32_t cnt = n->n;
		type_id *k = arena_alloc(&c->scratch, (cnt + 1) * sizeof *k);
		for (uint32_t i = 0; i < cnt; i++)
			k[i] = elem_type(c, ty_kid(c, t, i));
		return ty_mkn(c, TK_TUPLE, cnt, k, 0);
	}
	if (n->kind == TK_DOT) {
		type_id a = n->a, b = n->b;
		type_id ea = elem_type(c, a);
		return ty_dot(c, ea, elem_type(c, b));
	}
	type_id fv = fresh(c);
	ty_unify(c, t, ty_set(c, fv));
	return fv;
}

/* Field types of a channel or constructor declared with type expression e. */
static void field_types(struct type_ctx *c, const struct ast *e, uint8_t cons, struct tlist *out)
{
	push(c, e);
	type_id t = ty_evaluate_dots(c, infer(c, e));
	type_id v = elem_type(c, t);
	ty_constrain(c, cons, v);
	ty_dot_list(c, v, out);
	pop(c);
}

static type_id foldr_dotable(struct type_ctx *c, const struct tlist *l, type_id rt)
{
	for (size_t i = l->n; i-- > 0;)
		rt = ty_dotable(c, l->v[i], rt);
	return rt;
}

/* Type of a match (one equation); `sig` an annotation's type or 0. */
static type_id check_match(struct type_ctx *c, const struct ast *m, type_id sig)
{
	uint32_t ng = m->nkids - 1;
	const struct ast *body = m->kids[ng];
	if (!sig) {
		for (uint32_t g = 0; g < ng; g++)
			for (uint32_t i = 0; i < m->kids[g]->nkids; i++)
				ty_evaluate_dots(c, pat(c, m->kids[g]->kids[i]));
		type_id tr = ty_evaluate_dots(c, infer(c, body));
		for (uint32_t g = ng; g-- > 0;) {
			const struct ast *l = m->kids[g];
			type_id *k = arena_alloc(&c->scratch, (l->nkids + 1) * sizeof *k);
			for (uint32_t i = 0; i < l->nkids; i++)
				k[i] = ty_evaluate_dots(c, pat(c, l->kids[i]));
			tr = fun(c, l->nkids, k, tr);
		}
		return tr;
	}
	type_id rt = fresh(c);
	type_id **argts = arena_alloc(&c->scratch, (ng + 1) * sizeof *argts);
	type_id shape = rt;
	for (uint32_t g = ng; g-- > 0;) {
		const struct ast *l = m->kids[g];
		argts[g] = arena_alloc(&c->scratch, (l->nkids + 1) * sizeof **argts);
		for (uint32_t i = 0; i < l->nkids; i++)
			argts[g][i] = fresh(c);
		shape = fun(c, l->nkids, argts[g], shape);
	}
	push(c, m);
	ty_unify(c, sig, shape);
	pop(c);
	for (uint32_t g = 0; g < ng; g++) {
		const struct ast *l = m->kids[g];
		for (uint32_t i = 0; i < l->nkids; i++) {
			push(c, l->kids[i]);
			type_id at = ty_evaluate_dots(c, ty_compress(c, argts[g][i]));
			type_id ta = ty_evaluate_dots(c, pat(c, l->kids[i]));
			c->nosym++;
			ty_unify(c, ta, at);
			c->nosym--;
			pop(c);
		}
	}
	type_id tr = ty_evaluate_dots(c, expect(c, body, rt));
	for (uint32_t g = ng; g-- > 0;) {
		const struct ast *l = m->kids[g];
		type_id *k = arena_alloc(&c->scratch, (l->nkids + 1) * sizeof *k);
		for (uint32_t i = 0; i < l->nkids; i++)
			k[i] = ty_evaluate_dots(c, pat(c, l->kids[i]));
		tr = fun(c, l->nkids, k, tr);
	}
	return tr;
}

static const struct ast *annotation(const struct type_ctx *c, sym_id s)
{
	return s && s < c->annot.n ? c->annot.v[s] : NULL;
}

/* The type variable standing for s while its group is checked. */
static type_id group_var(struct type_ctx *c, sym_id s)
{
	return scheme_of(c, s)->t;
}

static void check_module(struct type_ctx *c, struct ast *d);
static void check_instance(struct type_ctx *c, struct ast *d);

static sym_id find_tock(const struct type_ctx *c)
{
	atom_t a = atom_lookup(c->atoms, "tock", 4);
	if (!a)
		return 0;
	for (size_t s = 1; s < c->scope->syms.n; s++) {
		const struct symbol *y = &c->scope->syms.v[s];
		if (y->name == a && y->toplevel && y->kind != SYM_VAR)
			return (sym_id)s;
	}
	return 0;
}

static void check_decl_in(struct type_ctx *c, struct ast *d);

static void check_decl(struct type_ctx *c, struct ast *d)
{
	size_t tvs = c->tvscope_names.n;
	push(c, d);
	check_decl_in(c, d);
	pop(c);
	c->tvscope_names.n = c->tvscope_vars.n = tvs;
}

static void check_decl_in(struct type_ctx *c, struct ast *d)
{
	switch (d->kind) {
	case AST_FUNBIND: {
		const struct ast *ann = annotation(c, d->sym);
		type_id sig = 0;
		if (ann) {
			push(c, ann);
			sig = conv_scheme(c, ann);
			pop(c);
		}
		type_id t = group_var(c, d->sym);
		type_id *ts = arena_alloc(&c->scratch, (d->nkids + 1) * sizeof *ts);
		for (uint32_t i = 0; i < d->nkids; i++)
			ts[i] = check_match(c, d->kids[i], sig);
		/* unifyAll (t : ts) folds from the right */
		type_id acc = d->nkids ? ts[d->nkids - 1] : fresh(c);
		for (uint32_t i = d->nkids - 1; d->nkids && i-- > 0;) {
			push(c, d->kids[i]);
			acc = ty_unify(c, ts[i], acc);
			pop(c);
		}
		push(c, d);
		ty_unify(c, t, acc);
		pop(c);
		return;
	}
	case AST_PATBIND: {
		sym_id first = 0;
		const struct ast *p = d->kids[0];
		if (ast_unparen(p)->kind == AST_VAR)
			first = ast_unparen(p)->sym;
		const struct ast *ann = annotation(c, first);
		type_id tp, te;
		if (ann) {
			push(c, ann);
			type_id sig = conv_scheme(c, ann);
			pop(c);
			tp = expect_pat(c, p, sig);
			te = expect(c, d->kids[1], sig);
		} else {
			tp = pat(c, p);
			te = infer(c, d->kids[1]);
		}
		tp = ty_evaluate_dots(c, tp);
		te = ty_evaluate_dots(c, te);
		/* libcspm unifies with the pattern's type as the expected one, so
		 * that a dotted pattern cannot split an event: c.x = e where e is
		 * an event is an error. */
		push(c, d);
		c->nosym++;
		ty_unify(c, tp, te);
		c->nosym--;
		pop(c);
		return;
	}
	case AST_CHANNEL: {
		const struct ast *names = d->kids[0];
		const struct ast *ann = NULL;
		for (uint32_t i = 0; i < names->nkids && !ann; i++)
			ann = annotation(c, names->kids[i]->sym);
		type_id t;
		if (!d->kids[1]) {
			if (ann) {
				push(c, ann);
				ty_unify(c, conv_scheme(c, ann), c->t_event);
				pop(c);
			}
			t = c->t_event;
		} else {
			struct tlist fields = {0};
			if (ann) {
				push(c, ann);
				type_id vt = conv_scheme(c, ann);
				struct tlist tfs = {0};
				type_id urt = ty_reduce_dotable(c, ty_compress(c, vt), &tfs);
				ty_unify(c, c->t_event, urt);
				ty_unify(c, ty_dotable(c, fresh(c), c->t_event), vt);
				pop(c);
				if (tfs.n) {
					type_id want = ty_set(c, tfs.v[tfs.n - 1]);
					for (size_t i = tfs.n - 1; i-- > 0;)
						want = ty_dot(c, ty_set(c, tfs.v[i]), want);
					push(c, d->kids[1]);
					type_id e = ty_evaluate_dots(c, expect(c, d->kids[1], want));
					type_id v = elem_type(c, e);
					ty_constrain(c, C_EQ | C_COMPLETE, v);
					ty_dot_list(c, v, &fields);
					pop(c);
				}
			} else {
				field_types(c, d->kids[1], C_EQ | C_COMPLETE, &fields);
			}
			t = foldr_dotable(c, &fields, c->t_event);
		}
		for (uint32_t i = 0; i < names->nkids; i++) {
			sym_id s = names->kids[i]->sym;
			if (!s)
				continue;
			push(c, names->kids[i]);
			ty_unify(c, group_var(c, s), t);
			pop(c);
		}
		return;
	}
	case AST_DATATYPE: {
		type_id dt = ty_mk(c, TK_DATATYPE, d->sym, 0);
		push(c, d);
		ty_unify(c, group_var(c, d->sym), ty_set(c, dt));
		pop(c);
		struct tlist all = {0};
		for (uint32_t i = 0; i < d->nkids; i++) {
			const struct ast *cl = d->kids[i];
			struct tlist fields = {0};
			if (cl->kids[0])
				field_types(c, cl->kids[0], C_COMPLETE, &fields);
			type_id texp = foldr_dotable(c, &fields, dt);
			const struct ast *ann = annotation(c, cl->sym);
			push(c, cl);
			if (ann) {
				type_id sig = conv_scheme(c, ann);
				ty_unify(c, sig, texp);
			}
			if (cl->sym)
				ty_unify(c, texp, group_var(c, cl->sym));
			pop(c);
			for (size_t k = 0; k < fields.n; k++)
				ty_tl_push(c, &all, fields.v[k]);
		}
		if (d->sym < c->comparable.n && c->comparable.v[d->sym] != 2) {
			push(c, d);
			for (size_t k = 0; k < all.n; k++)
				ty_constrain(c, C_EQ, ty_compress(c, all.v[k]));
			pop(c);
		}
		return;
	}
	case AST_SUBTYPE: {
		type_id parent = fresh(c);
		for (uint32_t i = 0; i < d->nkids; i++) {
			const struct ast *cl = d->kids[i];
			push(c, cl);
			struct tlist fields = {0}, act = {0};
			if (cl->kids[0])
				field_types(c, cl->kids[0], C_COMPLETE, &fields);
			type_id con = sym_type(c, cl, cl->sym);
			type_id dt = ty_reduce_dotable(c, ty_compress(c, con), &act);
			if (fields.n > act.n)
				ty_fail_msg(c, cl->span, "'%s' has %zu field%s but this clause gives %zu",
					    cl->sym ? sym_name(c, cl->sym) : "?", act.n, act.n == 1 ? "" : "s",
					    fields.n);
			ty_unify(c, ty_ext(c, parent), dt);
			for (size_t k = 0; k < fields.n; k++)
				ty_unify(c, act.v[k], fields.v[k]);
			pop(c);
		}
		push(c, d);
		ty_unify(c, group_var(c, d->sym), ty_set(c, parent));
		pop(c);
		return;
	}
	case AST_NAMETYPE: {
		const struct ast *ann = annotation(c, d->sym);
		type_id t;
		if (ann) {
			push(c, ann);
			type_id sig = conv_scheme(c, ann);
			pop(c);
			t = expect(c, d->kids[0], sig);
		} else {
			t = infer(c, d->kids[0]);
		}
		push(c, d->kids[0]);
		type_id v = elem_type(c, t);
		ty_constrain(c, C_COMPLETE, v);
		pop(c);
		push(c, d);
		ty_unify(c, group_var(c, d->sym), ty_set(c, v));
		pop(c);
		return;
	}
	case AST_ASSERT: {
		const struct ast *a = d->kids[0];
		if (a->kind == AST_REFINE) {
			expect(c, a->kids[0], c->t_proc);
			expect(c, a->kids[1], c->t_proc);
		} else {
			expect(c, a->kids[0], c->t_proc);
			const struct ast *tr = a->kids[1];
			if (tr) {
				if (tr->kind == AST_SEQ) {
					for (uint32_t i = 0; i < tr->nkids; i++)
						expect(c, tr->kids[i], c->t_event);
				} else {
					expect(c, tr, ty_seq(c, c->t_event));
				}
			}
		}
		const struct ast *opts = a->kids[2];
		for (uint32_t i = 0; opts && i < opts->nkids; i++)
			if (opts->kids[i]->kind == AST_OPT_TAUPRI)
				expect(c, opts->kids[i]->kids[0], set_event(c));
		return;
	}
	case AST_PRINT:
		infer(c, d->kids[0]);
		return;
	case AST_TIMED: {
		push(c, d);
		sym_id tock = find_tock(c);
		if (tock && scheme_of(c, tock)->t) {
			type_id tt = ty_shallow(c, ty_instantiate(c, scheme_of(c, tock)));
			uint8_t k = ty_node(c, tt)->kind;
			if (k != TK_EVENT && k != TK_VAR) {
				struct tprinter p = {c, {0}};
				char *buf = NULL;
				size_t len = 0;
				FILE *m = open_memstream(&buf, &len);
				ty_print(m, &p, tt);
				fclose(m);
				vec_free(&p.names);
				char msg[300];
				snprintf(msg, sizeof msg, "'tock' must be an event (a channel without fields) "
					 "for a Timed section, but it has type %.200s", buf);
				free(buf);
				ty_fail_msg(c, d->span, "%s", msg);
			}
		}
		if (d->kids[0]) {
			type_id ft = ty_fun1(c, c->t_event, c->t_int);
			expect(c, d->kids[0], ft);
		}
		pop(c);
		return;
	}
	case AST_MODULE:
		if (d->kids[0])
			check_module(c, d);
		else
			ty_unify(c, group_var(c, d->sym), ty_mkn(c, TK_TUPLE, 0, NULL, 0));
		return;
	case AST_INSTANCE:
		check_instance(c, d);
		return;
	default:
		return;
	}
}

/* ---- a component ---- */

struct comp_job {
	struct group *g;
	uint32_t from, to;       /* g->order[from..to) */
};

static void check_comp_body(struct type_ctx *c, void *arg)
{
	struct comp_job *j = arg;
	/* datatypes first, as libcspm does */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = j->from; i < j->to; i++) {
			struct decl *x = &j->g->decls.v[j->g->order.v[i]];
			if ((x->d->kind == AST_DATATYPE) != (pass == 0))
				continue;
			unsigned saved = c->timed;
			if (x->timed)
				c->timed = 1;
			check_decl(c, x->d);
			c->timed = saved;
		}
	}
}

static void fresh_binds(struct type_ctx *c, struct group *g, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++) {
		struct decl *x = &g->decls.v[g->order.v[i]];
		for (size_t k = 0; k < x->binds.n; k++)
			set_mono(c, x->binds.v[k], fresh(c));
	}
}

static void clear_binds(struct type_ctx *c, struct group *g, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++) {
		struct decl *x = &g->decls.v[g->order.v[i]];
		for (size_t k = 0; k < x->binds.n; k++)
			set_mono(c, x->binds.v[k], 0);
	}
}

static void generalise(struct type_ctx *c, sym_id s, bool all)
{
	struct scheme *sc = scheme_of(c, s);
	type_id t = ty_compress(c, sc->t);
	struct tvlist fv = {0};
	if (all) {
		struct tvlist free_vars = {0};
		ty_free_vars(c, t, &free_vars);
		for (size_t i = 0; i < free_vars.n; i++)
			if (c->vars.v[free_vars.v[i]].level >= c->level)
				vec_push(&fv, free_vars.v[i]);
		vec_free(&free_vars);
	}
	for (size_t i = 0; i < fv.n; i++)
		c->vars.v[fv.v[i]].generic = true;
	free(sc->vars);
	sc->t = t;
	sc->nvars = (uint32_t)fv.n;
	sc->vars = fv.v;
}

/* Whether the component checks; reports its errors. */
static bool check_comp(struct type_ctx *c, struct group *g, uint32_t from, uint32_t to)
{
	struct comp_job j = {g, from, to};
	c->level++;
	fresh_binds(c, g, from, to);
	/* A component with datatypes: first assume they are comparable for
	 * equality; if that fails, check again with them not comparable. */
	bool has_dt = false;
	for (uint32_t i = from; i < to; i++) {
		struct ast *d = g->decls.v[g->order.v[i]].d;
		if (d->kind == AST_DATATYPE && d->sym < c->comparable.n) {
			c->comparable.v[d->sym] = 1;
			has_dt = true;
		}
	}
	bool ok;
	if (has_dt) {
		size_t mark = ty_trail_mark(c);
		c->quiet++;
		ok = attempt(c, check_comp_body, &j);
		c->quiet--;
		if (!ok) {
			ty_trail_undo(c, mark);
			for (uint32_t i = from; i < to; i++) {
				struct ast *d = g->decls.v[g->order.v[i]].d;
				if (d->kind == AST_DATATYPE && d->sym < c->comparable.n)
					c->comparable.v[d->sym] = 2;
			}
			fresh_binds(c, g, from, to);
			ok = attempt(c, check_comp_body, &j);
		}
	} else {
		ok = attempt(c, check_comp_body, &j);
	}
	if (ok) {
		for (uint32_t i = from; i < to; i++) {
			struct decl *x = &g->decls.v[g->order.v[i]];
			for (size_t k = 0; k < x->binds.n; k++) {
				sym_id s = x->binds.v[k];
				generalise(c, s, g->generalise || annotation(c, s));
			}
		}
		/* A channel or constructor must have one type. */
		for (uint32_t i = from; i < to && ok && g->ambiguity; i++) {
			struct decl *x = &g->decls.v[g->order.v[i]];
			if (x->d->kind != AST_CHANNEL && x->d->kind != AST_DATATYPE)
				continue;
			for (size_t k = 0; k < x->binds.n && ok; k++) {
				sym_id s = x->binds.v[k];
				const struct scheme *sc = scheme_of(c, s);
				uint8_t kind = sym(c, s)->kind;
				if ((kind != SYM_CHANNEL && kind != SYM_CONSTRUCTOR) || sc->nvars == 0)
					continue;
				if (!c->quiet) {
					char *buf = NULL;
					size_t len = 0;
					FILE *m = open_memstream(&buf, &len);
					types_print_symbol(m, c, s);
					fclose(m);
					diag_error(c->diag, sym(c, s)->at,
						   "the type of %s '%s' is ambiguous: %s (its fields must have "
						   "one type: is a set in its declaration empty?)",
						   kind == SYM_CHANNEL ? "channel" : "constructor", sym_name(c, s), buf);
					free(buf);
					c->errors++;
				}
				ok = false;
			}
		}
	}
	if (!ok)
		clear_binds(c, g, from, to);
	c->level--;
	return ok;
}

/* An instance of a module in the component it belongs to: a cycle. */
static bool instance_cycle(struct type_ctx *c, struct group *g, const struct ast *n, uint32_t comp)
{
	if (!n)
		return false;
	if (n->kind == AST_INSTANCE) {
		const struct ast *t = n->kids[0];
		while (t->kind == AST_QUAL)
			t = t->kids[0];
		sym_id m = t->sym;
		if (m) {
			const sym_id *mem;
			size_t nm = members_of(c, m, &mem);
			for (size_t k = 0; k <= nm; k++) {
				sym_id s = k < nm ? mem[k] : m;
				uint32_t o = owner_in(c, g, s);
				if (o && g->decls.v[o - 1].comp == comp) {
					if (!c->quiet) {
						diag_error(c->diag, n->span, "module instance '%s' is part of a cycle: "
									    "module '%s' uses it",
							   atom_str(c->atoms, n->u.name), sym_name(c, m));
						c->errors++;
					}
					return true;
				}
			}
		}
	}
	for (uint32_t i = 0; i < n->nkids; i++)
		if (instance_cycle(c, g, n->kids[i], comp))
			return true;
	return false;
}

static void check_group(struct type_ctx *c, struct ast *decls, bool ambiguity, bool generalise_all, bool nested)
{
	if (!decls)
		return;
	struct group g = {0};
	g.ambiguity = ambiguity;
	g.generalise = generalise_all;
	add_decls(c, &g, decls, c->timed > 0);
	/* owners: save and set */
	VEC(uint32_t) saved = {0};
	for (uint32_t i = 0; i < g.decls.n; i++) {
		for (size_t k = 0; k < g.decls.v[i].binds.n; k++) {
			sym_id s = g.decls.v[i].binds.v[k];
			vec_push(&saved, c->owner.v[s]);
			c->owner.v[s] = i + 1;
		}
	}
	for (uint32_t i = 0; i < g.decls.n; i++) {
		struct ast *d = g.decls.v[i].d;
		collect_deps(c, &g, i, d);
		for (size_t k = 0; k < g.decls.v[i].binds.n; k++) {
			const struct ast *ann = annotation(c, g.decls.v[i].binds.v[k]);
			collect_deps(c, &g, i, ann);
		}
		if (d->kind == AST_TIMED)
			dep_sym(c, &g, i, find_tock(c));
	}
	for (uint32_t i = 0; i < g.decls.n; i++)
		if (!g.decls.v[i].index)
			tarjan(&g, i);
	/* components in dependency order */
	uint32_t ncomp = (uint32_t)g.comp_start.n;
	bool *failed = xcalloc(ncomp + 1, sizeof *failed);
	bool any_failed = false;
	for (uint32_t k = 0; k < ncomp; k++) {
		uint32_t from = g.comp_start.v[k];
		uint32_t to = k + 1 < ncomp ? g.comp_start.v[k + 1] : (uint32_t)g.order.n;
		bool skip = false;
		for (uint32_t i = from; i < to && !skip; i++) {
			struct decl *x = &g.decls.v[g.order.v[i]];
			for (size_t e = 0; e < x->deps.n; e++)
				if (failed[g.decls.v[x->deps.v[e]].comp])
					skip = true;
		}
		if (!skip) {
			for (uint32_t i = from; i < to && !skip; i++)
				skip = instance_cycle(c, &g, g.decls.v[g.order.v[i]].d, k);
			if (skip)
				clear_binds(c, &g, from, to);
		}
		if (skip) {
			failed[k] = true;
			any_failed = true;
			continue;
		}
		if (!check_comp(c, &g, from, to)) {
			failed[k] = true;
			any_failed = true;
		}
	}
	free(failed);
	/* restore owners */
	size_t si = 0;
	for (uint32_t i = 0; i < g.decls.n; i++) {
		for (size_t k = 0; k < g.decls.v[i].binds.n; k++)
			c->owner.v[g.decls.v[i].binds.v[k]] = saved.v[si++];
	}
	vec_free(&saved);
	for (uint32_t i = 0; i < g.decls.n; i++) {
		vec_free(&g.decls.v[i].binds);
		vec_free(&g.decls.v[i].deps);
	}
	vec_free(&g.decls);
	vec_free(&g.stack);
	vec_free(&g.order);
	vec_free(&g.comp_start);
	if (any_failed && nested)
		jump(c); /* already reported: fail the enclosing declaration */
}

/* ---- modules ---- */

static void check_module(struct type_ctx *c, struct ast *d)
{
	const struct ast *params = d->kids[0];
	type_id *k = arena_alloc(&c->scratch, (params->nkids + 1) * sizeof *k);
	for (uint32_t i = 0; i < params->nkids; i++)
		ty_evaluate_dots(c, pat(c, params->kids[i]));
	/* private and exported declarations form one recursive group */
	struct ast all = *d->kids[1];
	struct ast *both[2] = {d->kids[1], d->kids[2]};
	all.nkids = 0;
	all.kids = arena_alloc(&c->scratch, (both[0]->nkids + both[1]->nkids + 1) * sizeof *all.kids);
	for (int l = 0; l < 2; l++)
		for (uint32_t i = 0; i < both[l]->nkids; i++)
			all.kids[all.nkids++] = both[l]->kids[i];
	check_group(c, &all, false, true, true);
	for (uint32_t i = 0; i < params->nkids; i++)
		k[i] = ty_evaluate_dots(c, pat(c, params->kids[i]));
	push(c, d);
	ty_unify(c, group_var(c, d->sym), ty_mkn(c, TK_TUPLE, params->nkids, k, 0));
	pop(c);
}

/* Rename the datatypes of module m to those of instance inst. */
static type_id rename_datatypes(struct type_ctx *c, type_id t, sym_id m, sym_id inst)
{
	t = ty_shallow(c, t);
	struct tnode n = *ty_node(c, t);
	switch (n.kind) {
	case TK_DATATYPE:
		if (!n.b && n.a < c->scope->syms.n && c->scope->syms.v[n.a].module == m)
			return ty_mk(c, TK_DATATYPE, n.a, inst);
		return t;
	case TK_SET: case TK_SEQ:
		return ty_mk(c, (enum tkind)n.kind, rename_datatypes(c, n.a, m, inst), 0);
	case TK_MAP: case TK_DOT: case TK_DOTABLE:
		return ty_mk(c, (enum tkind)n.kind, rename_datatypes(c, n.a, m, inst),
			     rename_datatypes(c, n.b, m, inst));
	case TK_TUPLE: case TK_FUN: {
		type_id *k = arena_alloc(&c->scratch, (n.n + 1) * sizeof *k);
		for (uint32_t i = 0; i < n.n; i++)
			k[i] = rename_datatypes(c, ty_kid(c, t, i), m, inst);
		type_id r = n.kind == TK_FUN ? rename_datatypes(c, n.b, m, inst) : 0;
		return ty_mkn(c, (enum tkind)n.kind, n.n, k, r);
	}
	case TK_EXT: {
		type_id e = ty_compress(c, t);
		if (ty_node(c, e)->kind != TK_EXT)
			return rename_datatypes(c, e, m, inst);
		return ty_mk(c, TK_EXT, rename_datatypes(c, ty_node(c, e)->a, m, inst), ty_node(c, e)->b);
	}
	default:
		return t;
	}
}

static const struct inst_info *find_inst(const struct type_ctx *c, sym_id inst)
{
	for (size_t i = 0; inst && i < c->insts.n; i++)
		if (c->insts.v[i].inst == inst)
			return &c->insts.v[i];
	return NULL;
}

/* Rename the datatypes of the module of instance `in` and of the modules
 * of its enclosing instances (I = X1::N: N's to I, M's to X1). */
static type_id rename_chain(struct type_ctx *c, type_id t, const struct inst_info *in)
{
	for (unsigned depth = 0; in && depth < 64; depth++) {
		t = rename_datatypes(c, t, in->module, in->inst);
		in = find_inst(c, in->parent);
	}
	return t;
}

static void check_instance(struct type_ctx *c, struct ast *d)
{
	const struct ast *target = d->kids[0];
	/* X1::N(...): N is a module of the instance X1, whose substitution
	 * for its module's parameters applies to N's types too */
	const struct ast *qual = target->kind == AST_QUAL ? target : NULL;
	while (target->kind == AST_QUAL)
		target = target->kids[0];
	sym_id m = target->sym;
	if (!m || sym(c, m)->kind != SYM_MODULE)
		return;
	/* (name resolution records the module itself on the QUAL node: find
	 * the instance by its name and its module, which contains m) */
	sym_id parent = 0;
	for (size_t k = 1; qual && k < c->scope->syms.n && !parent; k++) {
		const struct symbol *y = &c->scope->syms.v[k];
		if (y->kind == SYM_INSTANCE && y->name == qual->u.name && y->target && y->target == sym(c, m)->module)
			parent = (sym_id)k;
	}
	const struct scheme *ms = scheme_of(c, m);
	if (!ms->t)
		return;
	const struct inst_info *pi = find_inst(c, parent);
	uint32_t np = pi ? pi->n : 0, nsub = np + ms->nvars;
	struct inst_info info = {d->sym, m, parent, nsub, NULL, NULL};
	info.from = xmalloc((nsub + 1) * sizeof *info.from);
	info.to = xmalloc((nsub + 1) * sizeof *info.to);
	for (uint32_t i = 0; i < np; i++) {
		info.from[i] = pi->from[i];
		info.to[i] = pi->to[i];
	}
	for (uint32_t i = 0; i < ms->nvars; i++) {
		info.from[np + i] = ms->vars[i];
		info.to[np + i] = ty_var(c, c->vars.v[ms->vars[i]].cons);
	}
	/* Quantified variables of other schemes that m's types still mention
	 * (a parameter of an enclosing module whose instance we could not
	 * tell) are copied too, never bound. */
	struct tvlist gen = {0};
	ty_free_vars(c, ms->t, &gen);
	const sym_id *mem;
	size_t nmem = members_of(c, m, &mem);
	for (size_t k = 0; k < nmem; k++)
		if (scheme_of(c, mem[k])->t)
			ty_free_vars(c, scheme_of(c, mem[k])->t, &gen);
	for (size_t k = 0; k < gen.n; k++) {
		tvar_id v = gen.v[k];
		bool known = !c->vars.v[v].generic;
		for (uint32_t i = 0; i < info.n && !known; i++)
			known = info.from[i] == v;
		if (known)
			continue;
		info.from = xrealloc(info.from, (info.n + 1) * sizeof *info.from);
		info.to = xrealloc(info.to, (info.n + 1) * sizeof *info.to);
		info.from[info.n] = v;
		info.to[info.n] = ty_var(c, c->vars.v[v].cons);
		info.n++;
	}
	vec_free(&gen);
	nsub = info.n;
	vec_push(&c->insts, info);
	const struct inst_info *in = &c->insts.v[c->insts.n - 1];
	const tvar_id *from = in->from;
	const type_id *to = in->to;
	const struct ast *args = d->kids[1];
	uint32_t nargs = args ? args->nkids : 0;
	type_id mt = ty_shallow(c, ty_subst(c, ms->t, nsub, from, to));
	if (ty_node(c, mt)->kind != TK_TUPLE)
		return;
	uint32_t nparams = ty_node(c, mt)->n;
	if (nparams != nargs)
		ty_fail_msg(c, d->span, "module '%s' takes %u argument%s but is given %u", sym_name(c, m), nparams,
			    nparams == 1 ? "" : "s", nargs);
	for (uint32_t i = 0; i < nargs; i++)
		expect(c, args->kids[i], ty_kid(c, mt, i));
	/* private members too: their types may be ambiguous */
	for (size_t k = 0; k < nmem; k++) {
		sym_id s = mem[k];
		const struct symbol *y = &c->scope->syms.v[s];
		const struct scheme *xs = scheme_of(c, (sym_id)s);
		if (!xs->t)
			continue;
		type_id t = ty_subst(c, xs->t, nsub, from, to);
		t = ty_compress(c, rename_chain(c, t, find_inst(c, d->sym)));
		struct inst_member im = {d->sym, (sym_id)s, {t, 0, NULL}};
		struct tvlist fv = {0};
		ty_free_vars(c, t, &fv);
		im.s.nvars = (uint32_t)fv.n;
		im.s.vars = fv.v;
		vec_push(&c->inst_members, im);
		/* Variables of an enclosing module's parameters are not this
		 * instance's ambiguity (libcspm counts them too: we accept). */
		size_t own = 0;
		for (size_t i = 0; i < fv.n; i++)
			own += c->vars.v[fv.v[i]].level >= c->level;
		if (own && (y->kind == SYM_CHANNEL || y->kind == SYM_CONSTRUCTOR)) {
			char *buf = NULL;
			size_t len = 0;
			FILE *out = open_memstream(&buf, &len);
			struct tprinter p = {c, {0}};
			ty_print(out, &p, t);
			fclose(out);
			vec_free(&p.names);
			char msg[400];
			snprintf(msg, sizeof msg, "the type of %s '%s::%s' is ambiguous: %.250s",
				 y->kind == SYM_CHANNEL ? "channel" : "constructor", atom_str(c->atoms, d->u.name),
				 atom_str(c->atoms, y->name), buf);
			free(buf);
			ty_fail_msg(c, d->span, "%s", msg);
		}
	}
}

/* ----------------------------------------------------------------- API */

struct type_ctx *types_new(void)
{
	struct type_ctx *c = xcalloc(1, sizeof *c);
	struct tnode none = {0, 0, 0, 0, 0};
	vec_push(&c->nodes, none);
	struct tvar v0 = {0};
	vec_push(&c->vars, v0);
	c->t_int = ty_mk(c, TK_INT, 0, 0);
	c->t_bool = ty_mk(c, TK_BOOL, 0, 0);
	c->t_char = ty_mk(c, TK_CHAR, 0, 0);
	c->t_proc = ty_mk(c, TK_PROC, 0, 0);
	c->t_event = ty_mk(c, TK_EVENT, 0, 0);
	c->t_empty = ty_mk(c, TK_EMPTYDOT, 0, 0);
	return c;
}

void types_free(struct type_ctx *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->schemes.n; i++)
		free(c->schemes.v[i].vars);
	for (size_t i = 0; i < c->inst_members.n; i++)
		free(c->inst_members.v[i].s.vars);
	for (size_t i = 0; i < c->insts.n; i++) {
		free(c->insts.v[i].from);
		free(c->insts.v[i].to);
	}
	vec_free(&c->insts);
	vec_free(&c->schemes);
	vec_free(&c->inst_members);
	vec_free(&c->nodes);
	vec_free(&c->kidpool);
	vec_free(&c->vars);
	vec_free(&c->trail);
	vec_free(&c->ctxstack);
	vec_free(&c->comparable);
	vec_free(&c->annot);
	vec_free(&c->owner);
	vec_free(&c->pairs);
	free(c->mem_first);
	free(c->mem_list);
	vec_free(&c->tvscope_names);
	vec_free(&c->tvscope_vars);
	arena_free(&c->scratch);
	free(c);
}

static bool has_timed(const struct ast *decls)
{
	for (uint32_t i = 0; i < decls->nkids; i++) {
		const struct ast *d = decls->kids[i];
		if (!d)
			continue;
		if (d->kind == AST_TIMED)
			return true;
		if (d->kind == AST_MODULE && (has_timed(d->kids[1]) || has_timed(d->kids[2])))
			return true;
	}
	return false;
}

static void check_top(struct type_ctx *c, void *arg)
{
	check_group(c, arg, true, true, false);
}

unsigned types_check(struct type_ctx *c, struct ast *root, const struct scope_table *scope,
		     const struct atom_table *atoms, struct diag *diag)
{
	c->scope = scope;
	c->atoms = atoms;
	c->diag = diag;
	c->root = root;
	size_t n = scope->syms.n;
	vec_reserve(&c->schemes, n);
	vec_reserve(&c->comparable, n);
	vec_reserve(&c->annot, n);
	vec_reserve(&c->owner, n);
	for (size_t i = 0; i < n; i++) {
		struct scheme s = {0, 0, NULL};
		c->schemes.v[i] = s;
		c->comparable.v[i] = 0;
		c->annot.v[i] = NULL;
		c->owner.v[i] = 0;
	}
	c->schemes.n = c->comparable.n = c->annot.n = c->owner.n = n;
	build_member_index(c);
	if (root && has_timed(root) && !find_tock(c))
		c->implicit_tock = atom_lookup(atoms, "tock", 4);
	if (root)
		attempt(c, check_top, root);
	return c->errors;
}

/* Make the per-symbol arrays cover every symbol of c->scope. */
static void grow_tables(struct type_ctx *c)
{
	size_t n = c->scope->syms.n;
	vec_reserve(&c->schemes, n);
	vec_reserve(&c->comparable, n);
	vec_reserve(&c->annot, n);
	vec_reserve(&c->owner, n);
	for (size_t i = c->schemes.n; i < n; i++) {
		struct scheme sc = {0, 0, NULL};
		c->schemes.v[i] = sc;
		c->comparable.v[i] = 0;
		c->annot.v[i] = NULL;
		c->owner.v[i] = 0;
	}
	c->schemes.n = c->comparable.n = c->annot.n = c->owner.n = n;
}

struct expr_job {
	const struct ast *e;
	type_id t;
};

static void check_expr_body(struct type_ctx *c, void *arg)
{
	struct expr_job *j = arg;
	c->level++;
	push(c, j->e);
	j->t = ty_compress(c, ty_evaluate_dots(c, infer(c, j->e)));
	pop(c);
	c->level--;
}

type_id types_check_expr(struct type_ctx *c, const struct ast *expr, struct diag *diag)
{
	if (!c->scope || !expr)
		return 0;
	struct diag *saved = c->diag;
	unsigned before = c->errors;
	if (diag)
		c->diag = diag;
	grow_tables(c);
	struct expr_job j = {expr, 0};
	bool ok = attempt(c, check_expr_body, &j);
	c->diag = saved;
	return ok && c->errors == before ? j.t : 0;
}

type_id types_of_symbol(const struct type_ctx *c, sym_id s)
{
	if (s >= c->schemes.n)
		return 0;
	return c->schemes.v[s].t;
}

void types_print(FILE *out, const struct type_ctx *c, type_id t)
{
	struct tprinter p = {c, {0}};
	if (!t)
		fputc('?', out);
	else
		ty_print(out, &p, t);
	vec_free(&p.names);
}

void types_print_symbol(FILE *out, const struct type_ctx *c, sym_id s)
{
	if (s >= c->schemes.n || !c->schemes.v[s].t) {
		fputc('?', out);
		return;
	}
	const struct scheme *sc = &c->schemes.v[s];
	struct tprinter p = {c, {0}};
	/* name the variables in order of appearance first */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	ty_print(m, &p, sc->t);
	fclose(m);
	unsigned ncons = 0;
	for (size_t i = 0; i < p.names.n; i++) {
		uint8_t cs = c->vars.v[p.names.v[i]].cons;
		if (cs & C_EQ)
			cs &= (uint8_t)~C_SET;
		for (uint8_t k = 1; k && k <= C_COMPLETE; k = (uint8_t)(k << 1)) {
			if (!(cs & k))
				continue;
			fputs(ncons++ ? ", " : "", out);
			fprintf(out, "%s ", ty_cons_name(k));
			ty_print_var(out, &p, p.names.v[i]);
		}
	}
	if (ncons)
		fputs(" => ", out);
	fputs(buf, out);
	free(buf);
	vec_free(&p.names);
}

enum type_shape types_shape(const struct type_ctx *c, type_id t)
{
	if (!t)
		return TYPE_NONE;
	t = ty_shallow(c, t);
	switch (ty_node(c, t)->kind) {
	case TK_VAR: return TYPE_VAR;
	case TK_INT: return TYPE_INT;
	case TK_BOOL: return TYPE_BOOL;
	case TK_CHAR: return TYPE_CHAR;
	case TK_PROC: return TYPE_PROC;
	case TK_EVENT: return TYPE_EVENT;
	case TK_DATATYPE: return TYPE_DATATYPE;
	case TK_SET: return TYPE_SET;
	case TK_SEQ: return TYPE_SEQ;
	case TK_MAP: return TYPE_MAP;
	case TK_DOT: return TYPE_DOT;
	case TK_DOTABLE: return TYPE_DOTABLE;
	case TK_EXT: return TYPE_EXTENDABLE;
	case TK_TUPLE: return TYPE_TUPLE;
	case TK_FUN: return TYPE_FUNCTION;
	default: return TYPE_NONE;
	}
}

unsigned types_arity(const struct type_ctx *c, type_id t)
{
	if (!t)
		return 0;
	t = ty_shallow(c, t);
	const struct tnode *n = ty_node(c, t);
	return n->kind == TK_TUPLE || n->kind == TK_FUN ? n->n : 0;
}

type_id types_part(const struct type_ctx *c, type_id t, unsigned i)
{
	if (!t)
		return 0;
	t = ty_shallow(c, t);
	const struct tnode *n = ty_node(c, t);
	switch (n->kind) {
	case TK_SET: case TK_SEQ:
		return i == 0 ? n->a : 0;
	case TK_MAP: case TK_DOT: case TK_DOTABLE:
		return i == 0 ? n->a : i == 1 ? n->b : 0;
	case TK_EXT:
		return i == 0 ? n->a : 0;
	case TK_TUPLE:
		return i < n->n ? ty_kid(c, t, i) : 0;
	case TK_FUN:
		return i < n->n ? ty_kid(c, t, i) : i == n->n ? n->b : 0;
	default:
		return 0;
	}
}

bool types_is_process(const struct type_ctx *c, sym_id s)
{
	return types_shape(c, types_of_symbol(c, s)) == TYPE_PROC;
}

bool types_returns_process(const struct type_ctx *c, sym_id s)
{
	type_id t = types_of_symbol(c, s);
	while (types_shape(c, t) == TYPE_FUNCTION)
		t = types_part(c, t, types_arity(c, t));
	return types_shape(c, t) == TYPE_PROC;
}

int types_channel_fields(const struct type_ctx *c, sym_id s, type_id *out, unsigned max)
{
	if (s >= c->scope->syms.n ||
	    (c->scope->syms.v[s].kind != SYM_CHANNEL && c->scope->syms.v[s].kind != SYM_CONSTRUCTOR))
		return -1;
	type_id t = types_of_symbol(c, s);
	if (!t)
		return -1;
	int n = 0;
	t = ty_shallow(c, t);
	while (ty_node(c, t)->kind == TK_DOTABLE) {
		if ((unsigned)n < max)
			out[n] = ty_node(c, t)->a;
		n++;
		t = ty_shallow(c, ty_node(c, t)->b);
	}
	return n;
}
