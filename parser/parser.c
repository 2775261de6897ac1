/*
 * parser/parser.c — entry points and the token filter.
 *
 * The filter sits between the flex scanners and bison and applies CSPm's
 * layout rules, as FDR does:
 *   - an end of line is dropped after a token that cannot end a
 *     declaration (a binary operator, an open bracket, a comma, '=', ...)
 *     and before one that cannot start one (a binary operator, a closing
 *     bracket, 'then', 'else', 'within', ...); otherwise it is passed on,
 *     once per run of blank lines. Ends of lines that bracket an included
 *     file are "hard": never dropped, so no definition spans two files.
 *   - '<' opens a sequence unless the previous token ends an operand
 *     (x < y); '>' closes a sequence when the innermost open bracket is a
 *     sequence. So <x | x <- s, x > 2> needs parentheses, as in FDR.
 *   - `include "f"` pushes a scanner for f, resolved relative to the file
 *     that includes it; a file that is already open is an include cycle.
 * The filter also keeps the stack of open brackets, which names the line
 * of an unclosed bracket in syntax errors.
 */
#include "parser/parser.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "parser/grammar.h"
#include "parser/parse_build.h"
#include "parser/parser_int.h"

#define MAX_INCLUDE_DEPTH 64

void parser_lex_error(struct parser *p, uint32_t file, uint32_t start, uint32_t end, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(p->env->diag, DIAG_ERROR, (struct span){file, start, end}, fmt, ap);
	va_end(ap);
}

void parser_reset_brackets(struct parser *p)
{
	p->brackets.n = 0;
}

/* Tokens after which an end of line never ends a declaration. */
static bool soak_after(int t)
{
	switch (t) {
	case T_EXTCHOICE: case T_INTCHOICE: case T_INTERLEAVE: case T_INTERRUPT: case T_ARROW:
	case T_SLIDING: case T_REXCEPTION: case T_PARALLEL: case T_SEMI: case T_GUARD: case T_PROJECT:
	case T_LSYNCINT: case T_RSYNCINT: case T_LSYNCEXT: case T_RSYNCEXT:
	case T_AND: case T_OR: case T_NOT: case T_EQ: case T_NE: case T_LE: case T_GE: case T_LT: case T_LSEQ:
	case T_LPAREN: case T_LPBRACE: case T_LBRACE: case T_LMAP: case T_LRENAME: case T_LPSQ: case T_RPSQ:
	case T_LSQ: case T_RSQ: case T_PIPE: case T_COMMA: case T_DOTDOT: case T_DOT: case T_QUESTION:
	case T_BANG: case T_DOLLAR: case T_DRAWN: case T_TIE: case T_SCOPE: case T_COLON: case T_OFTYPE:
	case T_YIELDSTAR: case T_YIELD: case T_DOUBLEAT: case T_EQUALS: case T_IF: case T_THEN: case T_ELSE:
	case T_LET: case T_WITHIN: case T_CHANNEL: case T_DATATYPE: case T_SUBTYPE: case T_EXTERNAL:
	case T_TRANSPARENT: case T_NAMETYPE: case T_MODULE: case T_INSTANCE: case T_BACKSLASH: case T_AT:
	case T_TIMED: case T_PLUS: case T_MINUS: case T_TIMES: case T_DIVIDE: case T_MOD: case T_CONCAT:
	case T_HASH: case T_ASSERT: case T_ASSERTNOT: case T_REFINES: case T_TAUPRIORITY:
	case T_HASTRACE:
		return true;
	default:
		return false;
	}
}

/* Tokens before which an end of line never ends a declaration. */
static bool soak_before(int t)
{
	switch (t) {
	case T_EXTCHOICE: case T_INTCHOICE: case T_INTERLEAVE: case T_INTERRUPT: case T_ARROW:
	case T_SLIDING: case T_REXCEPTION: case T_PARALLEL: case T_SEMI: case T_GUARD: case T_PROJECT:
	case T_LSYNCINT: case T_RSYNCINT: case T_LSYNCEXT: case T_RSYNCEXT:
	case T_AND: case T_OR: case T_NOT: case T_EQ: case T_NE: case T_LE: case T_GE: case T_GT:
	case T_RPAREN: case T_RPBRACE: case T_RBRACE: case T_RMAP: case T_LRENAME: case T_RRENAME:
	case T_LPSQ: case T_RPSQ: case T_LSQ: case T_RSQ: case T_PIPE: case T_COMMA: case T_DOTDOT:
	case T_DOT: case T_QUESTION: case T_BANG: case T_DOLLAR: case T_DRAWN: case T_TIE: case T_COLON:
	case T_OFTYPE: case T_YIELDSTAR: case T_YIELD: case T_DOUBLEAT: case T_EQUALS: case T_IF:
	case T_THEN: case T_ELSE: case T_LET: case T_WITHIN: case T_BACKSLASH: case T_AT: case T_PLUS:
	case T_TIMES: case T_DIVIDE: case T_MOD: case T_CONCAT: case T_INT: case T_CHAR: case T_STRING:
	case T_TRUE: case T_FALSE: case T_WILDCARD: case T_REFINES: case T_PROPERTY: case T_HASTRACE:
	case T_TAUPRIORITY: case T_POR:
		return true;
	default:
		return false;
	}
}

/* Tokens that end an operand: a '<' after them is less-than. */
static bool ends_operand(int t)
{
	switch (t) {
	case T_IDENT: case T_INT: case T_CHAR: case T_STRING: case T_TRUE: case T_FALSE: case T_RPAREN:
	case T_RBRACE: case T_RPBRACE: case T_RMAP: case T_RSEQ: case T_EMPTYSEQ: case T_WILDCARD:
	case T_RRENAME:
		return true;
	default:
		return false;
	}
}

static bool is_opener(int t)
{
	switch (t) {
	case T_LPAREN: case T_LBRACE: case T_LPBRACE: case T_LMAP: case T_LRENAME: case T_LPSQ: case T_LSQ:
	case T_LSEQ: case T_LSYNCEXT: case T_LSYNCINT:
		return true;
	default:
		return false;
	}
}

/* The opener that closer `t` matches, or 0 when t closes nothing. */
static bool closes(int opener, int t)
{
	switch (t) {
	case T_RPAREN: return opener == T_LPAREN;
	case T_RBRACE: return opener == T_LBRACE;
	case T_RPBRACE: return opener == T_LPBRACE;
	case T_RMAP: return opener == T_LMAP;
	case T_RRENAME: return opener == T_LRENAME;
	case T_RPSQ: case T_REXCEPTION: return opener == T_LPSQ;
	case T_RSQ: return opener == T_LSQ;
	case T_RSEQ: return opener == T_LSEQ;
	case T_RSYNCEXT: return opener == T_LSYNCEXT;
	case T_RSYNCINT: return opener == T_LSYNCINT;
	default: return false;
	}
}

static bool is_closer(int t)
{
	switch (t) {
	case T_RPAREN: case T_RBRACE: case T_RPBRACE: case T_RMAP: case T_RRENAME: case T_RPSQ:
	case T_REXCEPTION: case T_RSQ: case T_RSEQ: case T_RSYNCEXT: case T_RSYNCINT:
		return true;
	default:
		return false;
	}
}

static const char *opener_text(int t)
{
	switch (t) {
	case T_LPAREN: return "(";
	case T_LBRACE: return "{";
	case T_LPBRACE: return "{|";
	case T_LMAP: return "(|";
	case T_LRENAME: return "[[";
	case T_LPSQ: return "[|";
	case T_LSQ: return "[";
	case T_LSEQ: return "<";
	case T_LSYNCEXT: return "[+";
	case T_LSYNCINT: return "/+";
	default: return "?";
	}
}

static void push_input(struct parser *p, uint32_t file, dev_t dev, ino_t ino)
{
	struct lex_input in = {NULL, file, dev, ino};
	lexer_create(p, file, &in.scanner);
	vec_push(&p->inputs, in);
}

/* Open the file named by an include token; false (reported) on failure. */
static bool open_include(struct parser *p, const struct raw_token *t)
{
	const struct parse_env *env = p->env;
	const char *name = atom_str(env->atoms, t->val.atom);
	const char *from = source_file(env->src, t->loc.file)->path;
	char *path;
	const char *slash = strrchr(from, '/');
	if (name[0] == '/' || !slash) {
		path = xstrndup(name, strlen(name));
	} else {
		size_t dl = (size_t)(slash - from) + 1, nl = strlen(name);
		path = xmalloc(dl + nl + 1);
		memcpy(path, from, dl);
		memcpy(path + dl, name, nl + 1);
	}
	bool ok = false;
	struct stat st;
	if (p->inputs.n >= MAX_INCLUDE_DEPTH) {
		diag_error(env->diag, t->loc, "includes are nested more than %d deep", MAX_INCLUDE_DEPTH);
		goto out;
	}
	if (stat(path, &st) != 0) {
		diag_error(env->diag, t->loc, "cannot read included file '%s': %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_error(env->diag, t->loc, "cannot read included file '%s': it is a directory", path);
		goto out;
	}
	for (size_t i = 0; i < p->inputs.n; i++) {
		if (p->inputs.v[i].dev == st.st_dev && p->inputs.v[i].ino == st.st_ino) {
			/* Name the whole cycle: a.csp -> b.csp -> a.csp */
			char chain[768];
			size_t len = 0;
			for (size_t j = i; j < p->inputs.n && len < sizeof chain; j++) {
				int w = snprintf(chain + len, sizeof chain - len, "%s -> ",
						 source_file(env->src, p->inputs.v[j].file)->path);
				len = w > 0 ? len + (size_t)w : len;
			}
			if (len >= sizeof chain)
				len = sizeof chain - 1;
			diag_error(env->diag, t->loc, "include cycle: %.*s%s", (int)len, chain, path);
			goto out;
		}
	}
	int32_t id = source_load(env->src, path);
	if (id < 0) {
		diag_error(env->diag, t->loc, "cannot read included file '%s': %s", path, strerror(errno));
		goto out;
	}
	push_input(p, (uint32_t)id, st.st_dev, st.st_ino);
	ok = true;
out:
	free(path);
	return ok;
}

/* The next raw token across the include stack. An include becomes a hard
 * end of line before the included text, and the end of an included file a
 * hard end of line after it. */
static void next_raw(struct parser *p, struct raw_token *t)
{
	for (;;) {
		struct lex_input *in = &vec_last(&p->inputs);
		int k = lexer_scan(t, in->scanner);
		if (k == T_INCLUDE) {
			struct raw_token inc = *t;
			open_include(p, &inc);
			t->kind = T_NL;
			t->hard = true;
			t->boundary = BOUNDARY_INCLUDE;
			t->loc = inc.loc;
			return;
		}
		if (k == T_YYEOF && p->inputs.n > 1) {
			lexer_destroy(in->scanner);
			p->inputs.n--;
			const struct source_file *f = source_file(p->env->src, in->file);
			t->kind = T_NL;
			t->hard = true;
			t->boundary = BOUNDARY_END_OF_INCLUDE;
			t->loc = (struct span){in->file, (uint32_t)f->len, (uint32_t)f->len};
			return;
		}
		if (k == T_YYEOF) {
			const struct source_file *f = source_file(p->env->src, in->file);
			t->loc = (struct span){in->file, (uint32_t)f->len, (uint32_t)f->len};
		}
		t->kind = k;
		return;
	}
}

int parser_lex(YYSTYPE *lval, YYLTYPE *lloc, struct parser *p)
{
	if (p->start_token) {
		int s = p->start_token;
		p->start_token = 0;
		p->prev = s;
		*lloc = (struct span){vec_last(&p->inputs).file, 0, 0};
		return s;
	}
	if (p->skip_decl) {
		/* Recovery skips to the next declaration, silently (the reason
		 * was reported). The lookahead bison had is already consumed. */
		p->skip_decl = false;
		p->prev = T_YYerror;
		*lloc = p->prev_loc;
		return T_YYerror;
	}
	struct raw_token t;
	for (;;) {
		if (p->have_peek) {
			t = p->peek;
			p->have_peek = false;
		} else {
			next_raw(p, &t);
		}
		if (t.kind != T_NL)
			break;
		if (p->prev == T_NL || p->prev == T_START_FILE || p->prev == T_START_EXP ||
		    (!t.hard && soak_after(p->prev)))
			continue;
		struct raw_token next;
		bool hard = t.hard;
		do {
			next_raw(p, &next);
			if (next.kind == T_NL && next.hard && !hard)
				t = next; /* blame the include boundary, not a blank line */
			hard |= next.kind == T_NL && next.hard;
		} while (next.kind == T_NL);
		if (!hard && soak_before(next.kind)) {
			t = next;
			break;
		}
		p->peek = next;
		p->have_peek = true;
		break;
	}

	int k = t.kind;
	if (k == T_LT && !ends_operand(p->prev))
		k = T_LSEQ;
	else if (k == T_GT && p->brackets.n && vec_last(&p->brackets).token == T_LSEQ)
		k = T_RSEQ;
	else if (k == T_NOT && p->prev == T_ASSERT)
		k = T_ASSERTNOT;

	p->prev_unmatched = false;
	if (is_opener(k)) {
		struct open_bracket b = {k, t.loc, false};
		vec_push(&p->brackets, b);
	} else if (k == T_PIPE && p->brackets.n) {
		vec_last(&p->brackets).pipe = true;
	} else if (is_closer(k)) {
		if (p->brackets.n && closes(vec_last(&p->brackets).token, k)) {
			if (k == T_RSEQ && vec_last(&p->brackets).pipe) {
				p->comp_open = vec_last(&p->brackets).at;
				p->comp_close = t.loc;
			}
			p->brackets.n--;
		} else {
			p->prev_unmatched = true;
		}
	}

	p->after_nl = p->prev == T_NL;
	if (p->prev != T_NL) {
		p->before = p->prev;
		p->before_loc = p->prev_loc;
	}
	p->prev = k;
	p->prev_loc = t.loc;
	p->prev_boundary = k == T_NL ? t.boundary : BOUNDARY_NONE;
	*lloc = t.loc;
	memcpy(lval, &t.val, sizeof t.val < sizeof *lval ? sizeof t.val : sizeof *lval);
	return k;
}

/* The opening bracket that closer `t` belongs to, as text. */
static const char *opener_of(int t)
{
	switch (t) {
	case T_RPAREN: return "(";
	case T_RBRACE: return "{";
	case T_RPBRACE: return "{|";
	case T_RMAP: return "(|";
	case T_RRENAME: return "[[";
	case T_RPSQ: case T_REXCEPTION: return "[|";
	case T_RSQ: return "[";
	case T_RSEQ: return "<";
	case T_RSYNCEXT: return "[+";
	case T_RSYNCINT: return "/+";
	default: return "?";
	}
}

/* Does the display name of a token stand for varying text (an identifier,
 * a literal, a refinement operator...) rather than one spelling? */
static bool names_a_class(int k)
{
	switch (k) {
	case T_IDENT: case T_INT: case T_CHAR: case T_STRING: case T_REFINES: case T_PROPERTY:
		return true;
	default:
		return false;
	}
}

void parser_syntax_error(struct parser *p, struct span at, const char *name, const char **expected, int n,
			 const char *note)
{
	char msg[512];
	size_t len = 0;
#define PUT(...)                                                                              \
	do {                                                                                  \
		int w_ = snprintf(msg + len, sizeof msg - len, __VA_ARGS__);                  \
		if (w_ > 0)                                                                   \
			len = len + (size_t)w_ < sizeof msg ? len + (size_t)w_ : sizeof msg - 1; \
	} while (0)
	const struct source_file *f = source_file(p->env->src, at.file);
	int k = p->prev;
	if (k == T_YYerror)
		return; /* the scanner already reported it */
	/* An end of file (or of line) is shown just after the last token, on
	 * the line the user has to complete, not on a blank line below it. */
	bool at_end = k == T_YYEOF || (k == T_NL && p->prev_boundary == BOUNDARY_END_OF_INCLUDE);
	if (at_end && p->before_loc.file == at.file && p->before_loc.end <= at.start)
		at.start = at.end = p->before_loc.end;

	if (k == T_YYEOF)
		PUT("unexpected end of file");
	else if (k == T_NL && p->prev_boundary == BOUNDARY_END_OF_INCLUDE)
		PUT("unexpected end of included file");
	else if (k == T_NL && p->prev_boundary == BOUNDARY_INCLUDE)
		PUT("unexpected 'include'");
	else if (k == T_NL)
		PUT("unexpected end of line");
	else if (names_a_class(k)) {
		/* the token's text; literals bring their own quotes */
		size_t tl = at.end > at.start ? at.end - at.start : 0;
		const char *q = k == T_CHAR || k == T_STRING ? "" : "'";
		PUT("unexpected %s %s%.*s%s%s", name, q, (int)(tl > 40 ? 40 : tl), f->text + at.start,
		    tl > 40 ? "..." : "", q);
	} else {
		PUT("unexpected %s", name);
	}

	bool unmatched = is_closer(k) && p->prev_unmatched;
	if (unmatched && p->brackets.n == 0) {
		/* Nothing is open: what else was expected would only confuse. */
		PUT(" with no matching '%s'", opener_of(k));
		goto out;
	}
	/* The filter never passes two ends of line in a row: do not offer one. */
	const char *shown[8];
	int ns = 0;
	for (int i = 0; i < n && ns <= 5; i++)
		if (!(p->after_nl && strcmp(expected[i], "end of line") == 0))
			shown[ns++] = expected[i];
	if (ns > 0 && ns <= 5) {
		PUT(", expected ");
		for (int i = 0; i < ns; i++)
			PUT("%s%s", i == 0 ? "" : (i == ns - 1 ? " or " : ", "), shown[i]);
	}
	if (note)
		PUT(" (%s)", note);
	if (k == T_NL && p->prev_boundary == BOUNDARY_END_OF_INCLUDE)
		PUT(" (a declaration cannot continue past the end of an included file)");
	else if (k == T_NL && p->prev_boundary == BOUNDARY_INCLUDE)
		PUT(" (the declaration before it is not complete)");
	if (p->before == T_RSEQ && k != T_NL && k != T_YYEOF && p->comp_close.file == p->before_loc.file &&
	    p->comp_close.start == p->before_loc.start && p->comp_close.end > p->comp_close.start) {
		/* <x | x <- s, x > 1>: the '>' ended the comprehension */
		uint32_t line, col;
		source_linecol(p->env->src, p->comp_open.file, p->comp_open.start, &line, &col);
		PUT(" (the '>' before it ends the sequence opened at line %u; a comparison inside a sequence "
		    "needs parentheses)", line);
	}
	if (p->brackets.n && (k == T_YYEOF || k == T_NL || unmatched)) {
		const struct open_bracket *b = &vec_last(&p->brackets);
		uint32_t line, col;
		source_linecol(p->env->src, b->at.file, b->at.start, &line, &col);
		if (b->at.file == at.file)
			PUT(" ('%s' opened at line %u is not closed)", opener_text(b->token), line);
		else
			PUT(" ('%s' opened at %s:%u is not closed)", opener_text(b->token),
			    source_file(p->env->src, b->at.file)->path, line);
	}
out:
#undef PUT
	diag_error(p->env->diag, at, "%s", msg);
}

int yyparse(struct parser *p);

static struct ast *run(const struct parse_env *env, uint32_t file, int start, const struct stat *st)
{
	struct parser p;
	memset(&p, 0, sizeof p);
	p.env = env;
	p.start_token = start;
	push_input(&p, file, st ? st->st_dev : 0, st ? st->st_ino : 0);
	yyparse(&p);
	while (p.inputs.n)
		lexer_destroy(vec_pop(&p.inputs).scanner);
	vec_free(&p.inputs);
	vec_free(&p.brackets);
	struct ast *root = p.result;
	/* A file's declarations were checked one by one as they were parsed. */
	if (root && start == T_START_EXP)
		parse_check_tree(&p, root, true);
	return root;
}

struct ast *parse_file(const struct parse_env *env, const char *path)
{
	struct stat st;
	int32_t id = -1;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		errno = EISDIR;
	else
		id = source_load(env->src, path);
	if (id < 0) {
		diag_plain(env->diag, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct ast *root = run(env, (uint32_t)id, T_START_FILE, &st);
	if (!root)
		root = ast_new(env->arena, AST_FILE, (struct span){(uint32_t)id, 0, 0}, 0);
	return root;
}

struct ast *parse_string(const struct parse_env *env, const char *name, const char *text, size_t len)
{
	uint32_t id = source_add(env->src, name, text, len);
	struct ast *root = run(env, id, T_START_FILE, NULL);
	if (!root)
		root = ast_new(env->arena, AST_FILE, (struct span){id, 0, 0}, 0);
	return root;
}

struct ast *parse_expression(const struct parse_env *env, const char *name, const char *text, size_t len)
{
	unsigned before = env->diag->errors;
	uint32_t id = source_add(env->src, name, text, len);
	struct ast *root = run(env, id, T_START_EXP, NULL);
	return env->diag->errors == before ? root : NULL;
}
