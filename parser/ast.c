/*
 * parser/ast.c — constructing and dumping AST nodes.
 *
 * Invariant: for every node, depth == 1 + max(depth of kids); nodes and
 * their kid arrays are allocated in the script's arena. The dump format is
 * stable (golden tests depend on it): "(kind[:op] payload kid...)".
 */
#include "parser/ast.h"

#include <stdarg.h>
#include <string.h>

#include "base/diag.h"

static const char *const kind_names[] = {
#define AST_NAME(k, s) s,
	AST_KINDS(AST_NAME)
#undef AST_NAME
};

static const char *const op_names[] = {
#define AST_OPNAME(k, s) s,
	AST_OPS(AST_OPNAME)
#undef AST_OPNAME
};

const char *ast_kind_name(enum ast_kind k)
{
	return (unsigned)k < AST_NKINDS ? kind_names[k] : "?";
}

const char *ast_op_name(enum ast_op op)
{
	return (unsigned)op < OP_NOPS ? op_names[op] : "?";
}

const char *ast_model_name(enum ast_model m)
{
	static const char *const names[] = {"", "T", "F", "FD", "R", "RD", "V", "VD"};
	return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "?";
}

const char *ast_prop_name(enum ast_prop p)
{
	static const char *const names[] = {"deadlock free", "divergence free", "livelock free",
					    "deterministic", "has trace"};
	return (unsigned)p < sizeof names / sizeof names[0] ? names[p] : "?";
}

static struct ast *alloc_node(struct arena *a, enum ast_kind kind, struct span span, unsigned cap)
{
	struct ast *n = arena_alloc(a, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = (uint16_t)kind;
	n->span = span;
	n->depth = 1;
	n->cap = cap;
	n->kids = cap ? arena_alloc(a, cap * sizeof *n->kids) : NULL;
	return n;
}

struct ast *ast_new(struct arena *a, enum ast_kind kind, struct span span, unsigned n, ...)
{
	struct ast *node = alloc_node(a, kind, span, n);
	va_list ap;
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++) {
		struct ast *k = va_arg(ap, struct ast *);
		node->kids[i] = k;
		if (k && k->depth + 1 > node->depth)
			node->depth = k->depth + 1;
	}
	va_end(ap);
	node->nkids = n;
	return node;
}

struct ast *ast_name(struct arena *a, enum ast_kind kind, struct span span, atom_t name)
{
	struct ast *n = alloc_node(a, kind, span, 0);
	n->u.name = name;
	return n;
}

struct ast *ast_int(struct arena *a, enum ast_kind kind, struct span span, int64_t i)
{
	struct ast *n = alloc_node(a, kind, span, 0);
	n->u.i = i;
	return n;
}

void ast_append(struct arena *a, struct ast *list, struct ast *kid)
{
	if (list->nkids == list->cap) {
		uint32_t cap = list->cap ? list->cap * 2 : 4;
		struct ast **kids = arena_alloc(a, cap * sizeof *kids);
		if (list->nkids)
			memcpy(kids, list->kids, list->nkids * sizeof *kids);
		list->kids = kids;
		list->cap = cap;
	}
	list->kids[list->nkids++] = kid;
	if (kid) {
		if (kid->depth + 1 > list->depth)
			list->depth = kid->depth + 1;
		if (list->nkids == 1 && list->span.start == list->span.end)
			list->span = kid->span;
		else
			list->span = span_join(list->span, kid->span);
	}
}

void ast_redepth(struct ast *n)
{
	n->depth = 1;
	for (uint32_t i = 0; i < n->nkids; i++)
		if (n->kids[i] && n->kids[i]->depth + 1 > n->depth)
			n->depth = n->kids[i]->depth + 1;
}

static void dump_string(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\x%02x", c);
			else
				diag_write_safe(out, (const char *)&s[i], 1);
		}
	}
	fputc('"', out);
}

static bool has_name(enum ast_kind k)
{
	switch (k) {
	case AST_FUNBIND: case AST_DATATYPE: case AST_SUBTYPE: case AST_CLAUSE:
	case AST_NAMETYPE: case AST_MODULE: case AST_INSTANCE: case AST_NAME:
	case AST_VAR: case AST_QUAL: case AST_TCONSTRAINT:
		return true;
	default:
		return false;
	}
}

static void dump(FILE *out, const struct atom_table *atoms, const struct ast *n)
{
	if (!n) {
		fputs("_", out);
		return;
	}
	fprintf(out, "(%s", ast_kind_name(n->kind));
	switch (n->kind) {
	case AST_BINOP: case AST_UNOP: case AST_PROCOP: case AST_REP: case AST_FIELD:
		fprintf(out, ":%s", ast_op_name(n->op));
		break;
	case AST_REFINE:
		fprintf(out, ":%s", ast_model_name(n->op));
		break;
	case AST_PROPERTY:
		fprintf(out, " \"%s\"", ast_prop_name(n->op));
		if (n->u.i)
			fprintf(out, " [%s]", ast_model_name((enum ast_model)n->u.i));
		break;
	case AST_ASSERT:
		if (n->op)
			fputs(" not", out);
		break;
	case AST_INT: case AST_BOOL:
		fprintf(out, " %lld", (long long)n->u.i);
		break;
	case AST_CHAR:
		fprintf(out, " %lld", (long long)n->u.i);
		break;
	case AST_STRING:
		fputc(' ', out);
		dump_string(out, atom_str(atoms, n->u.name), atom_len(atoms, n->u.name));
		break;
	case AST_OPT_POR:
		if (n->u.name)
			fprintf(out, " %s", atom_str(atoms, n->u.name));
		break;
	default:
		if (has_name(n->kind)) {
			fputc(' ', out);
			diag_write_safe(out, atom_str(atoms, n->u.name), atom_len(atoms, n->u.name));
		}
	}
	for (uint32_t i = 0; i < n->nkids; i++) {
		fputc(' ', out);
		dump(out, atoms, n->kids[i]);
	}
	fputc(')', out);
}

void ast_dump(FILE *out, const struct atom_table *atoms, const struct ast *n)
{
	if (n && n->kind == AST_FILE) {
		for (uint32_t i = 0; i < n->nkids; i++) {
			dump(out, atoms, n->kids[i]);
			fputc('\n', out);
		}
		return;
	}
	dump(out, atoms, n);
	fputc('\n', out);
}
