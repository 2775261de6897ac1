/*
 * semantics/scope.h — names: which declaration every identifier means.
 *
 * scope_resolve() walks a parsed script once and records, in the `sym`
 * field of every AST node that defines or uses a name, the id of a symbol
 * in the symbol table. Later phases (types, evaluation) never look names
 * up by string again.
 *
 * Scoping rules (FDR's):
 *   - top level, let/within and module bodies are recursive: every name
 *     defined in the group is visible in all of it, whatever the order;
 *   - a function clause's patterns bind for its right-hand side; a lambda's
 *     for its body; in a comprehension or replicated operator each
 *     generator binds for the statements after it and for the body;
 *     a prefix input (c?x) binds for later fields and the continuation;
 *   - in a pattern, a name that denotes a datatype constructor or a
 *     channel is a constant to match, any other name binds a variable;
 *   - module M's private and exported names see each other and M's
 *     parameters; outside, exported names are M::x; `instance I = M(e)`
 *     makes I::x for every exported x;
 *   - the prelude (union, card, STOP, Int, ...) is visible everywhere and
 *     may be shadowed; external and transparent functions (chase, sbisim,
 *     ...) only after an `external`/`transparent` declaration of them, and
 *     the Timed-only builtins (WAIT, TSTOP, ...) only inside Timed.
 * Errors: an undefined name (with a "did you mean" suggestion among the
 * names visible there), a name defined twice in one group or bound twice
 * in one pattern, M::x where M has no export x.
 */
#ifndef SEMANTICS_SCOPE_H
#define SEMANTICS_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/atom.h"
#include "base/diag.h"
#include "base/vec.h"
#include "parser/ast.h"

typedef uint32_t sym_id; /* 0: none */

enum sym_kind {
	SYM_BUILTIN,     /* prelude name: builtin = index into builtin_table */
	SYM_VALUE,       /* bound by a declaration x = e or (a, b) = e */
	SYM_FUNCTION,    /* f(x) = e: decl is the FUNBIND */
	SYM_VAR,         /* bound by a pattern (argument, lambda, generator,
	                    prefix input, module parameter) */
	SYM_CHANNEL,     /* decl is the CHANNEL declaration */
	SYM_CONSTRUCTOR, /* decl is the CLAUSE */
	SYM_DATATYPE,    /* decl is the DATATYPE */
	SYM_SUBTYPE,
	SYM_NAMETYPE,
	SYM_MODULE,      /* decl is the MODULE */
	SYM_INSTANCE,    /* decl is the INSTANCE; target is the module symbol */
};

/* What the prelude provides (FDR4 / libcspm). */
enum builtin_class {
	BUILTIN_PLAIN,       /* always visible */
	BUILTIN_EXTERNAL,    /* visible after `external name` */
	BUILTIN_TRANSPARENT, /* visible after `transparent name` */
	BUILTIN_EXT_TRANS,   /* after either */
	BUILTIN_TIMED,       /* only inside Timed sections */
};

struct builtin {
	const char *name;
	enum builtin_class cls;
	int arity;           /* arguments when it is a function; -1 for a constant */
};

extern const struct builtin builtin_table[];
extern const unsigned builtin_count;

struct symbol {
	atom_t name;
	uint8_t kind;          /* enum sym_kind */
	bool exported;         /* module member visible as M::name */
	bool used;
	bool toplevel;         /* defined at the top level of the script */
	uint32_t builtin;      /* SYM_BUILTIN: index into builtin_table */
	sym_id module;         /* the module that contains the definition, or 0 */
	sym_id target;         /* SYM_INSTANCE: the module it instantiates */
	struct span at;        /* the defining occurrence */
	struct ast *decl;      /* the declaration or pattern that defines it */
};

struct scope_table {
	VEC(struct symbol) syms; /* syms.v[0] unused */
};

void scope_table_init(struct scope_table *t);
void scope_table_free(struct scope_table *t);

static inline const struct symbol *scope_sym(const struct scope_table *t, sym_id id)
{
	return &t->syms.v[id];
}

/* Resolve every name of `root` (an AST_FILE). Errors go to `diag`;
 * returns the number of errors reported. Nodes whose name could not be
 * resolved keep sym == 0. */
unsigned scope_resolve(struct scope_table *t, struct ast *root, const struct atom_table *atoms, struct diag *diag);

/* Resolve an expression (for --eval) in the top-level scope of a script
 * already resolved with scope_resolve. */
unsigned scope_resolve_expr(struct scope_table *t, struct ast *expr, const struct atom_table *atoms,
			    struct diag *diag);

const char *sym_kind_name(enum sym_kind k);

#endif
