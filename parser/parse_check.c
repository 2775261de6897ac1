/*
 * parser/parse_check.c — expression and pattern positions.
 *
 * The grammar parses patterns as expressions, so after parsing one walk
 * decides, for each node, whether it stands where an expression or a
 * pattern is expected, and rejects what cannot be there: '_' and '@@'
 * outside patterns, and non-pattern forms (applications, arithmetic...)
 * inside them. A negative integer pattern (-1) is folded into one
 * AST_INT. The walk is bounded by AST_MAX_DEPTH.
 */
#include "parser/parse_build.h"

#include "base/diag.h"

static void check_exp(struct parser *p, struct ast *n);

/* What a node that is not a pattern is, as in "a function application". */
static const char *form_name(const struct ast *n)
{
	switch (n->kind) {
	case AST_APP: return "a function application";
	case AST_IF: return "an if expression";
	case AST_LET: return "a let expression";
	case AST_LAMBDA: return "a lambda expression";
	case AST_SEQCOMP: case AST_SETCOMP: case AST_ENUMSETCOMP: return "a comprehension";
	case AST_SEQRANGE: case AST_SETRANGE: return "a range";
	case AST_ENUMSET: return "a '{| |}' set";
	case AST_MAP: return "a map";
	case AST_PREFIX: case AST_GUARD: case AST_PROCOP: case AST_GENPAR: case AST_ALPHAPAR:
	case AST_EXCEPTION: case AST_SYNCEXT: case AST_SYNCINT: case AST_RENAME: case AST_LINKPAR: case AST_REP:
	case AST_REPGENPAR: case AST_REPALPHAPAR: case AST_REPLINKPAR: case AST_REPSYNCEXT:
		return "a process";
	default: return "this expression";
	}
}

static void bad_pattern(struct parser *p, const struct ast *n)
{
	if (n->kind == AST_UNOP && n->op == OP_NEG)
		diag_error(p->env->diag, n->span, "invalid pattern: only an integer literal can be negated in a pattern");
	else if (n->kind == AST_BINOP || n->kind == AST_UNOP)
		diag_error(p->env->diag, n->span, "invalid pattern: operator '%s' is not allowed in a pattern "
			   "(only '^', '.' and '@@' are)", ast_op_name(n->op));
	else
		diag_error(p->env->diag, n->span, "invalid pattern: %s is not allowed in a pattern", form_name(n));
}

static void check_pat(struct parser *p, struct ast *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case AST_VAR: case AST_QUAL: case AST_INT: case AST_CHAR: case AST_STRING: case AST_BOOL:
	case AST_WILDCARD:
		return;
	case AST_PAREN: case AST_TUPLE: case AST_SET: case AST_SEQ: case AST_DOT: case AST_DOUBLEPAT:
		for (uint32_t i = 0; i < n->nkids; i++)
			check_pat(p, n->kids[i]);
		return;
	case AST_BINOP:
		if (n->op == OP_CONCAT) {
			check_pat(p, n->kids[0]);
			check_pat(p, n->kids[1]);
			return;
		}
		break;
	case AST_UNOP:
		if (n->op == OP_NEG && n->kids[0]->kind == AST_INT) {
			n->kind = AST_INT;
			n->u.i = -n->kids[0]->u.i;
			n->nkids = 0;
			n->depth = 1;
			return;
		}
		break;
	default:
		break;
	}
	bad_pattern(p, n);
}

static void check_pats(struct parser *p, struct ast *list)
{
	if (!list)
		return;
	for (uint32_t i = 0; i < list->nkids; i++)
		check_pat(p, list->kids[i]);
}

static void check_exp(struct parser *p, struct ast *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case AST_WILDCARD:
		diag_error(p->env->diag, n->span, "'_' can only be used in a pattern");
		return;
	case AST_DOUBLEPAT:
		diag_error(p->env->diag, n->span, "'@@' can only be used in a pattern");
		return;
	case AST_LAMBDA:
		check_pats(p, n->kids[0]);
		check_exp(p, n->kids[1]);
		return;
	case AST_GEN:
	case AST_PATBIND:
		check_pat(p, n->kids[0]);
		check_exp(p, n->kids[1]);
		return;
	case AST_FIELD:
		if (n->op == OP_OUTPUT)
			check_exp(p, n->kids[0]);
		else
			check_pat(p, n->kids[0]);
		check_exp(p, n->kids[1]);
		return;
	case AST_MATCH:
		for (uint32_t i = 0; i + 1 < n->nkids; i++)
			check_pats(p, n->kids[i]);
		check_exp(p, n->kids[n->nkids - 1]);
		return;
	case AST_MODULE:
		check_pats(p, n->kids[0]);
		check_exp(p, n->kids[1]);
		check_exp(p, n->kids[2]);
		return;
	case AST_INSTANCE:
		check_exp(p, n->kids[1]);
		return;
	case AST_TYPEANN:
		return;
	default:
		for (uint32_t i = 0; i < n->nkids; i++)
			check_exp(p, n->kids[i]);
	}
}

/* Lists, sets and sequences grow by ast_append, which cannot report, so
 * a tree can pass AST_MAX_DEPTH without build_checked seeing it: check
 * the finished tree once (its depth is maintained by every constructor)
 * before anything walks it recursively. */
static bool depth_ok(struct parser *p, const struct ast *n)
{
	if (n->depth <= AST_MAX_DEPTH)
		return true;
	struct span at = n->span;
	at.end = at.start;
	if (!p->too_deep)
		diag_error(p->env->diag, at, "expression is nested too deeply (more than %d levels)", AST_MAX_DEPTH);
	p->too_deep = true;
	return false;
}

void parse_check_tree(struct parser *p, struct ast *root, bool is_expression)
{
	(void)is_expression;
	if (depth_ok(p, root))
		check_exp(p, root);
}

struct ast *parse_check_decl(struct parser *p, struct ast *decl)
{
	if (!depth_ok(p, decl))
		return NULL;
	check_exp(p, decl);
	return decl;
}
