/*
 * semantics/eval_int.h — evaluator internals shared by eval.c (the
 * language), eval_dot.c (dotted values, events, productions) and
 * prelude.c (built-in functions). Private to semantics/.
 */
#ifndef SEMANTICS_EVAL_INT_H
#define SEMANTICS_EVAL_INT_H

#include <setjmp.h>
#include <string.h>

#include "base/vec.h"
#include "semantics/eval.h"

enum slot_state { SLOT_LAZY, SLOT_BUSY, SLOT_READY };

/* One binding of a frame. A lazy slot is computed from its symbol's
 * declaration the first time it is read. */
struct slot {
	sym_id sym;
	uint8_t state;
	bool lazy;          /* a let/instance slot: its value follows from the
	                       frame's parent and site, not part of its key */
	value_id val;
};

/* An environment frame: bindings made at `site` (a function clause, a
 * let, a comprehension statement, ...) on top of `parent`. A frame is
 * transient (on the C stack, while the evaluation that made it runs) until
 * something captures it (a closure, a delayed process): then it is
 * interned, hash-consed with its parents, and lives as long as the
 * evaluator. Equal interned frames are one frame, so delayed terms made
 * in them are equal. */
struct frame {
	const struct frame *parent;
	const void *site;
	uint32_t n;
	bool interned;
	uint64_t hash;
	struct slot *slots;
};

enum closure_kind { CL_FUN, CL_LAMBDA, CL_BUILTIN, CL_LAZY };

/* An infinite (or not yet known to be finite) sequence, built lazily:
 * <n..>, the tail of one, or a sequence comprehension whose first
 * generator draws from one. Elements are computed on demand and kept.
 * It is a VK_FUNC value whose closure has kind CL_LAZY (compared by
 * identity, as CSPm cannot compare infinite sequences anyway). */
enum lazy_kind { LZ_FROM, LZ_TAIL, LZ_COMP };

struct lazy {
	uint8_t kind;
	bool done;                 /* every element is in `forced` */
	int64_t from;              /* LZ_FROM: the first element */
	value_id base;             /* LZ_TAIL: the sequence; LZ_COMP: the source */
	uint64_t offset;           /* LZ_TAIL: elements dropped */
	const struct ast *comp;    /* LZ_COMP: the SEQCOMP node */
	const struct frame *frame; /* LZ_COMP: its (interned) frame */
	uint64_t next;             /* LZ_COMP: next source element to draw */
	VEC(value_id) forced;      /* LZ_COMP: elements computed so far */
	struct lazy *chain;        /* every lazy of the evaluator, to free */
};

/* A function value (VK_FUNC). Hash-consed, so equal closures are one
 * value. `applied` is a VK_SEQ of VK_TUPLE/VK_SEQ argument groups
 * already given (curried functions, partially applied built-ins). */
struct closure {
	uint8_t kind;
	uint32_t builtin;          /* CL_BUILTIN */
	const struct ast *node;    /* FUNBIND or LAMBDA */
	const struct frame *frame;
	value_id applied;          /* VK_SEQ of VK_SEQ, or VALUE_NONE */
	struct lazy *lazy;         /* CL_LAZY */
	uint64_t hash;
};

struct call {
	const char *what;          /* function name */
	struct span at;
};

struct channel_info {
	bool done;
	uint32_t arity;            /* fields */
	value_id *types;           /* the set of each field, as declared */
	value_id *fields;          /* the same, enumerated */
	uint32_t *width;           /* components each field takes (generic dots) */
};

/* A channel or constructor declared in a parameterised module has one
 * identity per instance: its VK_NAME carries a synthetic symbol id
 * (SYNTH_BASE + i) standing for (the declared symbol, the instance's
 * frame), so I1::c and I2::c are different channels with their own field
 * types. */
#define SYNTH_BASE 0x40000000u

struct synth {
	sym_id real;
	const struct frame *frame;
	struct channel_info info;
};

/* A Timed section: its tock event and timing function (VALUE_NONE: each
 * event takes one tock), found when first needed. */
struct timed {
	const struct ast *section;  /* the AST_TIMED node */
	bool ready;
	value_id tock;
	value_id fn;
};

struct eval {
	struct eval_env env;
	struct arena scratch;           /* temporaries (see eval_node) */
	struct value_table *vt;
	struct term_table *tt;
	const struct scope_table *st;
	struct arena mem;
	struct slot *globals;           /* by symbol id */
	uint32_t nglobals;
	struct frame **frames;          /* frame hash-consing table */
	uint32_t nframes, frame_slots;
	struct closure **closures;      /* closure hash-consing table */
	uint32_t nclosures, closure_slots;
	struct channel_info *chans;     /* by symbol id (channels, constructors) */
	struct frame **instances;       /* by symbol id: frame of a module instance */
	VEC(struct call) calls;
	VEC(struct slot *) busy;        /* persistent slots being computed */
	jmp_buf *catch;
	unsigned errors;
	const char *stack_base;
	size_t stack_limit;             /* bytes of stack below stack_base to use */
	value_id events;                /* all events, once computed */
	VEC(struct synth) synth;        /* instance channels and constructors */
	VEC(struct timed) timed;        /* the script's Timed sections */
	struct lazy *lazies;            /* every lazy sequence made */
	uint32_t nlazies;
};

/*
 * Temporaries. Everything the evaluator allocates only for the duration
 * of a computation comes from ev->scratch: eval_node releases what the
 * evaluation of its node allocated when it returns, and an entry point
 * releases everything when a run-time error unwinds, so nothing leaks and
 * loops do not accumulate garbage. svec_push grows a VEC in scratch.
 */
/* memcpy that accepts n == 0 with NULL pointers (empty values have no
 * element array). */
static inline void copy_bytes(void *dst, const void *src, size_t n)
{
	if (n)
		memcpy(dst, src, n);
}

static inline void *scratch(struct eval *ev, size_t n)
{
	return arena_alloc(&ev->scratch, n);
}

static inline void *scratch_zero(struct eval *ev, size_t n)
{
	return arena_zalloc(&ev->scratch, n);
}

#define svec_push(ev, vec, x)                                                   \
	do {                                                                    \
		if ((vec)->n == (vec)->cap) {                                   \
			size_t c_ = (vec)->cap ? (vec)->cap * 2 : 8;            \
			void *p_ = scratch((ev), c_ * sizeof *(vec)->v);        \
			copy_bytes(p_, (vec)->v, (vec)->n * sizeof *(vec)->v); \
			(vec)->v = p_;                                          \
			(vec)->cap = c_;                                        \
		}                                                               \
		(vec)->v[(vec)->n++] = (x);                                     \
	} while (0)

/* Run fn(ev, ctx) with a catch point, as every entry point of the
 * evaluator does: a run-time error (already reported) unwinds to here,
 * half-computed slots are reset and scratch memory released, and the
 * result is false; otherwise fn's result. Used by the LTS layer to call
 * the evaluator's internals. */
typedef bool (*eval_guard_fn)(struct eval *ev, void *ctx);
bool eval_guard(struct eval *ev, eval_guard_fn fn, void *ctx);

/* Report a run-time error at `at` (with the call stack) and unwind to
 * the innermost eval entry point. */
_Noreturn void eval_error(struct eval *ev, struct span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

value_id eval_node(struct eval *ev, const struct ast *n, const struct frame *f);
value_id eval_apply(struct eval *ev, value_id fn, const value_id *args, uint32_t nargs, struct span at);
value_id eval_closure(struct eval *ev, const struct closure *c);
void eval_print_to(struct eval *ev, FILE *out, value_id v);
/* v printed into buf (at most size bytes, "..." when cut). */
void eval_describe(struct eval *ev, value_id v, char *buf, size_t size);

/* Sets: the elements of set `s`, or a reported error at `at`. */
value_id eval_enumerate(struct eval *ev, value_id s, struct span at);
int64_t eval_int(struct eval *ev, value_id v, struct span at);
value_id eval_proc_of(struct eval *ev, value_id v, struct span at);

/* Dotted values (eval_dot.c). */
value_id dot_combine(struct eval *ev, value_id a, value_id b, struct span at);
struct channel_info *dot_channel(struct eval *ev, sym_id s, struct span at);
/* Every complete value (event or datatype value) extending `prefix`. */
value_id dot_productions(struct eval *ev, value_id prefix, struct span at);
/* The components of `v` after `prefix` (NULL if prefix is not a prefix
 * of v); *n receives their number. */
const value_id *dot_remainder(struct eval *ev, value_id prefix, value_id v, uint32_t *n);
/* Does value `v` match the dot pattern components pats[0..n)? Writes
 * the value each pattern component receives into out[]. */
bool dot_split(struct eval *ev, value_id v, const struct ast *const *pats, uint32_t n, value_id *out);
value_id dot_all_events(struct eval *ev, struct span at);
/* extensions(prefix) is defined only over rectangular fields: a reported
 * error otherwise. */
void dot_check_extensions(struct eval *ev, value_id prefix, struct span at);
/* The set a type expression denotes (A.B: the dotted pairs). */
value_id dot_type_set(struct eval *ev, const struct ast *type, const struct frame *f);
/* The values name.f1...fk of a subtype clause `name.T1.T2...` */
value_id dot_subtype_clause(struct eval *ev, value_id name, const struct ast *type, const struct frame *f);
/* The field sets of a channel or constructor declared with type
 * expression `type` (A.B.C: three fields), evaluated in frame f. */
uint32_t dot_type_fields(struct eval *ev, const struct ast *type, const struct frame *f, value_id **sets);
bool dot_is_complete(struct eval *ev, value_id v);

/* Built-in functions and constants (prelude.c). */
value_id prelude_constant(struct eval *ev, unsigned builtin, struct span at);
/* The symbol id a channel/constructor declared as `real` has when it is
 * evaluated in frame f (itself unless f is a module instance's frame). */
sym_id eval_synth(struct eval *ev, sym_id real, const struct frame *f);
/* Is s declared inside a module that takes parameters? */
bool eval_in_parameterised_module(struct eval *ev, sym_id s);
/* Push (svec_push) the channel values of every instance of a
 * parameterised module, in symbol order. */
void eval_instance_channels(struct eval *ev, void *idvec_out);

/* Lazy sequences (eval.c). */
struct lazy *eval_lazy_of(struct eval *ev, value_id v);  /* NULL: not lazy */
/* Element i of lazy sequence l, or VALUE_NONE when it has fewer. */
value_id eval_lazy_at(struct eval *ev, struct lazy *l, uint64_t i);
value_id eval_lazy_tail(struct eval *ev, value_id v);

/* A built-in applied to some of its arguments (curried built-ins). */
value_id eval_partial(struct eval *ev, unsigned builtin, const value_id *args, uint32_t n);
value_id prelude_call(struct eval *ev, unsigned builtin, const value_id *args, uint32_t n, struct span at);

value_id make_proc(struct eval *ev, enum term_op op, const uint64_t *args, uint32_t n);
const struct frame *frame_intern(struct eval *ev, const struct frame *f);
void eval_grow(struct eval *ev);

#endif
