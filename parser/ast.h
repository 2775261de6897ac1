/*
 * parser/ast.h — the abstract syntax tree of a CSPm script.
 *
 * Every node has the same shape: a kind, an operator/variant code `op`, a
 * byte span, an optional payload (integer or atom) and an array of kids.
 * The layout of the kids of each kind is listed in AST_KINDS below; a kid
 * written "x?" may be NULL. A kid "LIST" is a node of kind AST_LIST whose
 * kids are the elements. All nodes of a script live in one arena and are
 * freed together.
 *
 * The tree is purely syntactic (STYLE.md §10): names are atoms, nothing is
 * resolved. Parentheses are kept (AST_PAREN) so that messages and printing
 * can reproduce what the user wrote; semantics/ looks through them.
 * Patterns are expressions that passed ast_check_pattern(): a negative
 * integer pattern is folded into one AST_INT.
 */
#ifndef PARSER_AST_H
#define PARSER_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/atom.h"
#include "base/source.h"

/*        kind            dump name       kids (op / payload)                         */
#define AST_KINDS(X)                                                                   \
	X(LIST, "list")                 /* elements                                    */ \
	X(FILE, "file")                 /* declarations                                */ \
	/* declarations */                                                             \
	X(PATBIND, "patbind")           /* pattern, rhs                                */ \
	X(FUNBIND, "funbind")           /* MATCH... (name = function)                  */ \
	X(MATCH, "match")               /* LIST of patterns per argument group..., rhs */ \
	X(CHANNEL, "channel")           /* LIST of NAME, type?                         */ \
	X(DATATYPE, "datatype")         /* CLAUSE... (name)                            */ \
	X(SUBTYPE, "subtype")           /* CLAUSE... (name)                            */ \
	X(CLAUSE, "clause")             /* type? (name = constructor)                  */ \
	X(NAMETYPE, "nametype")         /* expression (name)                           */ \
	X(TYPEANN, "typeann")           /* LIST of NAME, TSCHEME                       */ \
	X(EXTERNAL, "external")         /* NAME...                                     */ \
	X(TRANSPARENT, "transparent")   /* NAME...                                     */ \
	X(ASSERT, "assert")             /* REFINE or PROPERTY (op 1: assert not)       */ \
	X(PRINT, "print")               /* expression                                  */ \
	X(MODULE, "module")             /* LIST params?, LIST private, LIST exported (name) */ \
	X(INSTANCE, "instance")         /* module name (VAR/QUAL), LIST args? (name)   */ \
	X(TIMED, "timed")               /* time function?, LIST declarations          */ \
	X(NAME, "name")                 /* (name)                                      */ \
	/* assertions */                                                               \
	X(REFINE, "refine")             /* spec, impl, LIST options (op = model)       */ \
	X(PROPERTY, "property")         /* process, trace?, LIST options (op = prop, i = model or 0) */ \
	X(OPT_TAUPRI, "tau-priority")   /* event set                                   */ \
	X(OPT_POR, "partial-order-reduce") /* (name = mode or none)                    */ \
	/* expressions */                                                              \
	X(VAR, "var")                   /* (name)                                      */ \
	X(QUAL, "qual")                 /* VAR or QUAL (name = module): M::x           */ \
	X(INT, "int")                   /* (i)                                         */ \
	X(CHAR, "char")                 /* (i = code point)                            */ \
	X(STRING, "string")             /* (name = contents)                           */ \
	X(BOOL, "bool")                 /* (i)                                         */ \
	X(TUPLE, "tuple")               /* elements (at least two)                     */ \
	X(DOT, "dot")                   /* left, right (right-nested: a.b.c)           */ \
	X(LET, "let")                   /* LIST declarations, body                     */ \
	X(IF, "if")                     /* condition, then, else                       */ \
	X(PAREN, "paren")               /* expression                                  */ \
	X(APP, "app")                   /* function, arguments...                      */ \
	X(LAMBDA, "lambda")             /* LIST patterns, body                         */ \
	X(BINOP, "binop")               /* left, right (op)                            */ \
	X(UNOP, "unop")                 /* operand (op)                                */ \
	X(SEQ, "seq")                   /* elements                                    */ \
	X(SEQCOMP, "seqcomp")           /* LIST elements, LIST statements              */ \
	X(SEQRANGE, "seqrange")         /* from, to?, LIST statements?                 */ \
	X(SET, "set")                   /* elements                                    */ \
	X(SETCOMP, "setcomp")           /* LIST elements, LIST statements              */ \
	X(SETRANGE, "setrange")         /* from, to?, LIST statements?                 */ \
	X(ENUMSET, "enumset")           /* elements: {| ... |}                         */ \
	X(ENUMSETCOMP, "enumsetcomp")   /* LIST elements, LIST statements              */ \
	X(MAP, "map")                   /* PAIR...                                     */ \
	X(PAIR, "pair")                 /* key, value (also a renaming or a link)      */ \
	X(WILDCARD, "wildcard")         /* _                                           */ \
	X(DOUBLEPAT, "doublepat")       /* pattern, pattern: p1 @@ p2                  */ \
	/* statements of comprehensions and replicated operators */                    \
	X(GEN, "gen")                   /* pattern, set or sequence: p <- e, p : e     */ \
	X(COND, "cond")                 /* boolean expression                          */ \
	/* processes */                                                                \
	X(PREFIX, "prefix")             /* event, LIST FIELD, body                     */ \
	X(FIELD, "field")               /* pattern or expression, restriction? (op ? ! $) */ \
	X(GUARD, "guard")               /* condition, process                          */ \
	X(PROCOP, "procop")             /* left, right (op)                            */ \
	X(GENPAR, "genpar")             /* left, sync set, right: P [| A |] Q          */ \
	X(ALPHAPAR, "alphapar")         /* left, A, B, right: P [ A || B ] Q           */ \
	X(EXCEPTION, "exception")       /* left, set, right: P [| A |> Q               */ \
	X(SYNCEXT, "syncext")           /* left, set, right: P [+ A +] Q               */ \
	X(SYNCINT, "syncint")           /* left, set, right: P /+ A +\ Q               */ \
	X(RENAME, "rename")             /* process, LIST PAIR, LIST statements?        */ \
	X(LINKPAR, "linkpar")           /* left, LIST PAIR, LIST statements?, right    */ \
	X(REP, "rep")                   /* LIST statements, body (op = [] |~| ||| ;)   */ \
	X(REPGENPAR, "repgenpar")       /* sync set, LIST statements, body             */ \
	X(REPALPHAPAR, "repalphapar")   /* LIST statements, alphabet, body             */ \
	X(REPLINKPAR, "replinkpar")     /* LIST PAIR, LIST statements?, LIST statements, body */ \
	X(REPSYNCEXT, "repsyncext")     /* sync set, LIST statements, body             */ \
	/* type annotations */                                                         \
	X(TSCHEME, "tscheme")           /* LIST TCONSTRAINT, type                      */ \
	X(TCONSTRAINT, "tconstraint")   /* NAME variable (name = class: Eq Ord ...)    */ \
	X(TNAME, "tname")               /* VAR or QUAL                                 */ \
	X(TSET, "tset")                 /* type                                        */ \
	X(TSEQ, "tseq")                 /* type                                        */ \
	X(TPAREN, "tparen")             /* type                                        */ \
	X(TDOTABLE, "tdotable")         /* argument, result: a => b                    */ \
	X(TEXTENDABLE, "textendable")   /* VAR or QUAL, type: a =>* b                  */ \
	X(TMAP, "tmap")                 /* key, value                                  */ \
	X(TDOT, "tdot")                 /* left, right                                 */ \
	X(TTUPLE, "ttuple")             /* elements                                    */ \
	X(TFUN, "tfun")                 /* LIST arguments, result                      */

enum ast_kind {
#define AST_ENUM(k, s) AST_##k,
	AST_KINDS(AST_ENUM)
#undef AST_ENUM
	AST_NKINDS
};

/* Operators (AST_BINOP, AST_UNOP, AST_PROCOP, AST_REP, AST_FIELD). */
#define AST_OPS(X)                                                             \
	X(NONE, "")                                                            \
	X(EQ, "==") X(NE, "!=") X(LT, "<") X(GT, ">") X(LE, "<=") X(GE, ">=")  \
	X(AND, "and") X(OR, "or") X(NOT, "not")                                \
	X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/") X(MOD, "%")            \
	X(NEG, "neg") X(CONCAT, "^") X(LENGTH, "#")                            \
	X(EXTCHOICE, "[]") X(INTCHOICE, "|~|") X(INTERLEAVE, "|||")            \
	X(INTERRUPT, "/\\") X(SLIDING, "[>") X(SEQ, ";") X(HIDE, "\\")         \
	X(PROJECT, "|\\")                                                      \
	X(INPUT, "?") X(OUTPUT, "!") X(NDINPUT, "$")

enum ast_op {
#define AST_OPENUM(k, s) OP_##k,
	AST_OPS(AST_OPENUM)
#undef AST_OPENUM
	OP_NOPS
};

/* Semantic models named in assertions (AST_REFINE op, AST_PROPERTY i). */
enum ast_model { MODEL_NONE, MODEL_T, MODEL_F, MODEL_FD, MODEL_R, MODEL_RD, MODEL_V, MODEL_VD };

/* Property assertions (AST_PROPERTY op). */
enum ast_prop { PROP_DEADLOCK_FREE, PROP_DIVERGENCE_FREE, PROP_LIVELOCK_FREE, PROP_DETERMINISTIC, PROP_HAS_TRACE };

struct ast {
	uint16_t kind;     /* enum ast_kind */
	uint16_t op;       /* enum ast_op, model, property or flag */
	uint32_t nkids;
	uint32_t cap;      /* allocated kid slots (lists grow) */
	uint32_t depth;    /* 1 + deepest kid: bounded by AST_MAX_DEPTH */
	uint32_t sym;      /* 0 after parsing; semantics/ records here the
	                      binding a name node defines or refers to */
	struct span span;
	union {
		int64_t i;     /* INT, CHAR, BOOL, PROPERTY model */
		atom_t name;   /* names, STRING contents */
	} u;
	struct ast **kids;
};

/* Trees deeper than this are rejected by the parser, so that every
 * recursive walk over an AST is bounded. */
#define AST_MAX_DEPTH 4000

const char *ast_kind_name(enum ast_kind k);
const char *ast_op_name(enum ast_op op);
const char *ast_model_name(enum ast_model m);   /* "T", "F", "FD", ... */
const char *ast_prop_name(enum ast_prop p);     /* "deadlock free", ... */

/* A new node with `n` kids taken from the variadic arguments (struct ast *,
 * NULL allowed). */
struct ast *ast_new(struct arena *a, enum ast_kind kind, struct span span, unsigned n, ...);
/* A node with no kids and a name payload. */
struct ast *ast_name(struct arena *a, enum ast_kind kind, struct span span, atom_t name);
/* A node with no kids and an integer payload. */
struct ast *ast_int(struct arena *a, enum ast_kind kind, struct span span, int64_t i);
/* Append `kid` to `list` (any kind); the list's span grows to cover it. */
void ast_append(struct arena *a, struct ast *list, struct ast *kid);
/* Recompute depth of `n` from its kids (after kids were replaced). */
void ast_redepth(struct ast *n);

/* The node under any number of AST_PAREN wrappers. */
static inline const struct ast *ast_unparen(const struct ast *n)
{
	while (n && n->kind == AST_PAREN)
		n = n->kids[0];
	return n;
}

/* Write `n` as an S-expression, one top-level declaration per line. */
void ast_dump(FILE *out, const struct atom_table *atoms, const struct ast *n);

#endif
