/*
 * semantics/term.h — hash-consed process terms.
 *
 * A process value (VK_PROC) names a term: an operator applied to values
 * (events, event sets, other processes as VK_PROC values) and, for the
 * continuation of a prefix or a reference to a named process, a delayed
 * computation T_DELAY (an AST node and the canonical environment frame it
 * is evaluated in). Because frames are hash-consed too, P(0) called twice
 * gives the same delayed term, so recursive definitions produce finitely
 * many terms where the process is finite. Nothing here unfolds a delay:
 * the evaluator does (eval_force), when the LTS compiler asks for it.
 *
 * Terms are compared by id. Argument slots hold 64-bit words: value ids,
 * or pointers for T_DELAY.
 */
#ifndef SEMANTICS_TERM_H
#define SEMANTICS_TERM_H

#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"

typedef uint32_t term_id;

/* Operators; the argument layout of each is given beside it. A "proc" is
 * a VK_PROC value id, a "set" a set value id, "procs" a VK_SEQ (order
 * matters) or VK_SET (order does not) of VK_PROC values. */
#define TERM_OPS(X)                                                             \
	X(STOP, "STOP")             /* -                                    */  \
	X(SKIP, "SKIP")             /* -                                    */  \
	X(DIV, "DIV")               /* -                                    */  \
	X(PREFIX, "->")             /* event, proc                          */  \
	X(EXTCHOICE, "[]")          /* proc, proc                           */  \
	X(INTCHOICE, "|~|")         /* proc, proc                           */  \
	X(SEQ, ";")                 /* proc, proc                           */  \
	X(SLIDING, "[>")            /* proc, proc                           */  \
	X(INTERRUPT, "/\\")         /* proc, proc                           */  \
	X(INTERLEAVE, "|||")        /* proc, proc                           */  \
	X(GENPAR, "[| |]")          /* proc, set, proc                      */  \
	X(ALPHAPAR, "[ || ]")       /* proc, set, set, proc                 */  \
	X(EXCEPTION, "[| |>")       /* proc, set, proc                      */  \
	X(SYNCEXT, "[+ +]")         /* proc, set, proc                      */  \
	X(SYNCINT, "/+ +\\")        /* proc, set, proc                      */  \
	X(HIDE, "\\")               /* proc, set                            */  \
	X(RENAME, "[[ ]]")          /* proc, set of (from, to) tuples       */  \
	X(LINKPAR, "[ <-> ]")       /* proc, set of (left, right) tuples, proc */ \
	X(REPEXT, "[] @")           /* procs (set)                          */  \
	X(REPINT, "|~| @")          /* procs (set, non-empty)               */  \
	X(REPINTERLEAVE, "||| @")   /* procs (seq)                          */  \
	X(REPGENPAR, "[| |] @")     /* set, procs (seq)                     */  \
	X(REPALPHAPAR, "|| @")      /* seq of (alphabet, proc) tuples       */  \
	X(REPLINKPAR, "[<->] @")    /* seq of (ties, proc) tuples           */  \
	X(REPSEQ, "; @")            /* procs (seq)                          */  \
	X(REPSYNCEXT, "[+ +] @")    /* set, procs (seq)                     */  \
	X(CHAOS, "CHAOS")           /* set                                  */  \
	X(RUN, "RUN")               /* set                                  */  \
	X(APPLY, "apply")           /* builtin index, args... (compressions, */ \
	                            /* prioritise, WAIT, buffers...)         */ \
	X(DELAY, "delay")           /* ast node pointer, frame pointer      */

enum term_op {
#define TERM_ENUM(k, s) TERM_##k,
	TERM_OPS(TERM_ENUM)
#undef TERM_ENUM
	TERM_NOPS
};

struct term {
	uint8_t op;
	uint32_t n;
	uint64_t hash;
	const uint64_t *args;
};

struct term_table {
	struct arena mem;
	struct term *t;      /* t[id]; t[0] unused */
	uint32_t count, cap;
	uint32_t *slots;
	uint32_t nslots;
};

void term_table_init(struct term_table *tt);
void term_table_free(struct term_table *tt);

/* The term op(args[0..n)), hash-consed. */
term_id term_make(struct term_table *tt, enum term_op op, const uint64_t *args, uint32_t n);

static inline const struct term *term_get(const struct term_table *tt, term_id id)
{
	return &tt->t[id];
}

const char *term_op_name(enum term_op op);

#endif
