/*
 * parser/parser_int.h — state shared by the lexer, the grammar and the
 * token filter (parser.c). Private to parser/.
 *
 * Token flow:  flex scanner (one per open file)  ->  token filter  ->  bison
 * The filter (parser_lex) implements CSPm's layout rules on top of the raw
 * tokens: it drops end-of-line tokens where a line obviously continues,
 * tells a sequence bracket '<' '>' from less/greater-than, follows
 * includes, and keeps the stack of open brackets used for recovery and for
 * "unclosed '(' opened at line N" messages.
 */
#ifndef PARSER_PARSER_INT_H
#define PARSER_PARSER_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/vec.h"
#include "parser/parser.h"

/* One file being scanned. */
struct lex_input {
	void *scanner;      /* yyscan_t of this file */
	uint32_t file;      /* source id */
	dev_t dev;          /* identity, for include cycles */
	ino_t ino;
};

/* What the flex scanner keeps per file (yyextra). */
struct lex_extra {
	struct parser *p;
	uint32_t file;
	uint32_t pos;           /* byte offset of the next unread byte */
	int comment_depth;      /* nesting of {- -} */
	uint32_t comment_start; /* offset of the outermost open {- */
};

struct open_bracket {
	int token;        /* the opening token kind */
	struct span at;
	bool pipe;        /* a '|' was seen directly inside: a comprehension */
};

struct raw_token {
	int kind;
	union {
		int64_t ival;
		atom_t atom;
	} val;
	struct span loc;
	bool hard;        /* an end of line that must not be dropped */
	uint8_t boundary; /* a hard end of line: BOUNDARY_INCLUDE or _END */
};

/* Where a hard end of line comes from. */
enum { BOUNDARY_NONE, BOUNDARY_INCLUDE, BOUNDARY_END_OF_INCLUDE };

struct parser {
	const struct parse_env *env;
	VEC(struct lex_input) inputs;     /* include stack, innermost last */
	VEC(struct open_bracket) brackets;
	int start_token;                  /* first token to hand to bison */
	int prev;                         /* last token kind handed to bison */
	struct span prev_loc;
	int before;                       /* the last token before prev that is */
	struct span before_loc;           /* not an end of line, and its span */
	struct span comp_open, comp_close; /* '<' and '>' of the last sequence
	                                      comprehension closed */
	uint8_t prev_boundary;            /* prev is a hard end of line: why */
	bool after_nl;                    /* the token before prev is an end of line */
	bool prev_unmatched;              /* prev closes a bracket that is not open */
	bool have_peek;
	struct raw_token peek;
	bool too_deep;                    /* depth error reported in this declaration */
	bool skip_decl;                   /* hand bison an error token: skip the rest */
	unsigned include_depth;
	struct ast *result;
};

/* Flex entry (lexer.l). */
struct raw_token;
int lexer_scan(struct raw_token *t, void *scanner);
int lexer_create(struct parser *p, uint32_t file, void **scanner);
void lexer_destroy(void *scanner);

/* A lexical error at [start, end) of `file`. */
void parser_lex_error(struct parser *p, uint32_t file, uint32_t start, uint32_t end, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Forget open brackets (after error recovery at a declaration boundary). */
void parser_reset_brackets(struct parser *p);

#endif
