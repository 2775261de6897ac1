/*
 * parser/grammar.y — the CSPm grammar (pure bison, LALR(1), no conflicts).
 *
 * The grammar follows FDR4's CSPm as libcspm parses it: one expression
 * grammar for values, patterns and processes, disambiguated by the
 * precedence table below; patterns are parsed as expressions and checked
 * afterwards (parse_check.c), since a statement "p <- e" cannot be told
 * from an expression until its '<-' is seen. Actions only build the AST
 * (STYLE.md §10); layout (which newlines end a declaration) and sequence
 * brackets are settled in the token filter (parser.c) before tokens get
 * here, so T_NL only arrives where it separates declarations.
 *
 * Error recovery: a bad declaration is skipped up to the next end of line
 * (decls1: decls1 error), so one run reports every independent error of a
 * file. The error rule sits on the list, not on decl, so that while the
 * rest of a bad line is discarded the state that shifts 'error' is the one
 * holding the declarations before it; with "decl: error" bison popped them
 * all (and allocated) once per discarded token.
 * There are deliberately no error rules at brackets: with an unclosed
 * bracket, "( error )" would swallow the rest of the file looking for
 * the ')'.
 */

%code requires {
#include <stdint.h>
#include "base/source.h"
#include "parser/ast.h"
struct parser;
}

%code provides {
int parser_lex(YYSTYPE *lval, YYLTYPE *lloc, struct parser *p);
}

%code {
#include "parser/parser_int.h"
#include "parser/parse_build.h"

#define yylex parser_lex
#define YYMAXDEPTH 20000

/* A rule's span runs from its first to its last symbol; an empty rule sits
 * at the end of the previous symbol. Spans never cross files. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                             \
	do {                                                                    \
		if (N) {                                                        \
			(Cur) = YYRHSLOC(Rhs, 1);                               \
			if (YYRHSLOC(Rhs, N).file == (Cur).file &&              \
			    YYRHSLOC(Rhs, N).end > (Cur).end)                   \
				(Cur).end = YYRHSLOC(Rhs, N).end;               \
		} else {                                                        \
			(Cur).file = YYRHSLOC(Rhs, 0).file;                     \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;         \
		}                                                               \
	} while (0)

#define A (p->env->arena)

static void yyerror(YYLTYPE *loc, struct parser *p, const char *msg);
}

%define api.pure full
%define api.location.type {struct span}
%define api.token.prefix {T_}
%define parse.error custom
%param {struct parser *p}
%locations
%expect 0
/* Lookahead correction: a syntax error is detected in the state where the
 * token is wrong, before any default reduction. The expected-token lists
 * in messages are then exact, and recovery (decls1 error) is not defeated
 * by default reductions that unwind the stack past every state that can
 * shift 'error'. */
%define parse.lac full

%union {
	struct ast *node;
	int64_t ival;
	atom_t atom;
}

%token START_FILE "start of file" START_EXP "start of expression"
%token <atom> IDENT "identifier"
%token <ival> INT "integer"
%token <ival> CHAR "character literal"
%token <atom> STRING "string literal"
%token NL "end of line"
%token <atom> INCLUDE "include"
%token TRUE "'true'" FALSE "'false'"
%token EQUALS "'='" COMMA "','" DOT "'.'" QUESTION "'?'" DOLLAR "'$'" BANG "'!'"
%token DOTDOT "'..'" COLON "':'" DRAWN "'<-'" TIE "'<->'" PIPE "'|'"
%token DOUBLEAT "'@@'" WILDCARD "'_'"
%token IF "'if'" THEN "'then'" ELSE "'else'" LET "'let'" WITHIN "'within'"
%token BACKSLASH "'\\'" AT "'@'"
%token CHANNEL "'channel'" DATATYPE "'datatype'" SUBTYPE "'subtype'"
%token EXTERNAL "'external'" TRANSPARENT "'transparent'" NAMETYPE "'nametype'"
%token MODULE "'module'" EXPORTS "'exports'" ENDMODULE "'endmodule'"
%token INSTANCE "'instance'" SCOPE "'::'" TIMED "'Timed'" PRINT "'print'"
%token OFTYPE "type annotation '::'"
%token YIELD "'=>'" YIELDSTAR "'=>*'"
%token ASSERT "'assert'" ASSERTNOT "'not' (negated assertion)"
%token <ival> PROPERTY "assertion property"
%token <ival> HASTRACE "':[has trace]:'"
%token TAUPRIORITY "':[tau priority over]:'"
%token <atom> POR "':[partial order reduce]'"
%token <ival> REFINES "refinement operator"
%token NOT "'not'" AND "'and'" OR "'or'"
%token EQ "'=='" NE "'!='" LE "'<='" GE "'>='" LT "'<'" GT "'>'"
%token EMPTYSEQ "'<>'" LSEQ "'<' (sequence)" RSEQ "'>' (end of sequence)"
%token PLUS "'+'" MINUS "'-'" TIMES "'*'" DIVIDE "'/'" MOD "'%'"
%token CONCAT "'^'" HASH "'#'"
%token LPAREN "'('" RPAREN "')'" LBRACE "'{'" RBRACE "'}'"
%token LMAP "'(|'" RMAP "'|)'" LPBRACE "'{|'" RPBRACE "'|}'"
%token LRENAME "'[['" RRENAME "']]'" LPSQ "'[|'" RPSQ "'|]'" LSQ "'['" RSQ "']'"
%token EXTCHOICE "'[]'" INTCHOICE "'|~|'" INTERLEAVE "'|||'" ARROW "'->'"
%token INTERRUPT "'/\\'" SLIDING "'[>'" REXCEPTION "'|>'" PARALLEL "'||'"
%token PROJECT "'|\\'" SEMI "';'" GUARD "'&'"
%token LSYNCEXT "'[+'" RSYNCEXT "'+]'" LSYNCINT "'/+'" RSYNCINT "'+\\'"

%type <node> decls decls1 file_decls file_decls1 decl decl_opt names clauses clause modparams assertion opts opt
%type <node> tscheme tconstraint tconstraints type types2
%type <node> exp literal qualname exps0 exps1 exps2 mappairs0 mappairs1
%type <node> fields field stmts stmt stmts_opt renames rename ties tie

/*
 * Precedence, loosest first (FDR's table, as libcspm declares it).
 * Binary process operators bind tighter going down: \ < ||| < [| |] <
 * |~| < [] < /\ < [> < ; < & and ->. Prefix fields (? ! $) bind tighter
 * than ->, the dot tighter than those, then the boolean and arithmetic
 * operators, and application tightest. let/if/lambda/replicated bodies
 * extend as far right as possible ('within', '@', 'else' bind loosest).
 * Tokens with no conflict to settle are left out of the table. Hiding's right operand stops at the
 * next binary process operator (see build_hide in parse_build.c).
 */
%precedence WITHIN AT ELSE
%nonassoc DOUBLEAT
%left BACKSLASH PROJECT
%left INTERLEAVE
%nonassoc REXCEPTION LPSQ RPSQ LSQ RSQ
%left INTCHOICE
%left EXTCHOICE LSYNCEXT RSYNCEXT
%left INTERRUPT LSYNCINT RSYNCINT
%left SLIDING
%left SEMI
%right GUARD ARROW
%left QUESTION BANG DOLLAR
%right YIELD YIELDSTAR
%right DOT
%precedence COLON
%left OR
%left AND
%precedence NOT
%nonassoc EQ NE LT LE GT GE
%left PLUS MINUS
%left TIMES DIVIDE MOD
%precedence HASH
%left CONCAT
%precedence LPAREN LRENAME

%%

start
	: START_FILE file_decls         { p->result = build_file(p, $2); }
	| START_EXP exp                 { p->result = $2; }
	| START_EXP exp NL              { p->result = $2; }
	;

/* Declarations are separated by end-of-line tokens; the filter never
 * passes two in a row, nor one at the start. */
decls
	: %empty                        { $$ = build_list(p, @$); }
	| decls1                        { $$ = build_decls(p, $1); }
	;

decls1
	: decl                          { $$ = build_list(p, @1); if ($1) ast_append(A, $$, $1); }
	| error                         { $$ = build_list(p, @1); }
	| decls1 decl_sep decl_opt      { $$ = $1; if ($3) ast_append(A, $$, $3); }
	| decls1 error                  { $$ = $1; }
	;

/* The declarations of the file itself. Each is checked (patterns and
 * expression positions, parse_check.c) as soon as it is complete, so that
 * errors come out in the order of the file. */
file_decls
	: %empty                        { $$ = build_list(p, @$); }
	| file_decls1                   { $$ = build_decls(p, $1); }
	;

file_decls1
	: decl                          { $$ = build_list(p, @1); struct ast *d = $1 ? parse_check_decl(p, $1) : NULL;
	                                  if (d) ast_append(A, $$, d); }
	| error                         { $$ = build_list(p, @1); }
	| file_decls1 decl_sep decl_opt { $$ = $1; struct ast *d = $3 ? parse_check_decl(p, $3) : NULL;
	                                  if (d) ast_append(A, $$, d); }
	| file_decls1 error             { $$ = $1; }
	;

/* An end of line between declarations. After a syntax error the parser
 * skips to one (decls1 error) and recovery ends there: the next
 * declaration is independent, so its errors are reported even within its
 * first three tokens (bison's default), and brackets left open on the bad
 * line are forgotten, so they are not blamed for later errors. A
 * declaration nested too deeply is reported once (build_checked). */
decl_sep
	: NL                            { if (YYRECOVERING()) { parser_reset_brackets(p); yyerrok; }
	                                  p->too_deep = p->skip_decl = false; }
	;

decl_opt
	: %empty                        { $$ = NULL; }
	| decl                          { $$ = $1; }
	;

decl
	: exp EQUALS exp                { $$ = build_definition(p, $1, $3, @$); }
	| CHANNEL names                 { $$ = ast_new(A, AST_CHANNEL, @$, 2, $2, NULL); }
	| CHANNEL names COLON exp       { $$ = ast_new(A, AST_CHANNEL, @$, 2, $2, $4); }
	| DATATYPE IDENT EQUALS clauses { $$ = build_named(p, AST_DATATYPE, $2, $4, @$); }
	| SUBTYPE IDENT EQUALS clauses  { $$ = build_named(p, AST_SUBTYPE, $2, $4, @$); }
	| NAMETYPE IDENT EQUALS exp     { $$ = ast_new(A, AST_NAMETYPE, @$, 1, $4); $$->u.name = $2; }
	| EXTERNAL names                { $$ = $2; $$->kind = AST_EXTERNAL; $$->span = @$; }
	| TRANSPARENT names             { $$ = $2; $$->kind = AST_TRANSPARENT; $$->span = @$; }
	| ASSERT assertion              { $$ = ast_new(A, AST_ASSERT, @$, 1, $2); }
	| ASSERT ASSERTNOT assertion    { $$ = ast_new(A, AST_ASSERT, @$, 1, $3); $$->op = 1; }
	| MODULE IDENT modparams NL decls EXPORTS NL decls ENDMODULE
	                                { $$ = build_module(p, $2, $3, $5, $8, @$); }
	/* A bad module header: skip it, but still parse the body as a module
	 * so that 'exports' and 'endmodule' are not reported again. */
	| MODULE error NL decls EXPORTS NL decls ENDMODULE
	                                { $$ = build_module(p, ATOM_NONE, NULL, $4, $7, @$); }
	| TIMED LBRACE decls RBRACE     { $$ = build_timed(p, NULL, $3, @$); }
	| TIMED LPAREN exp RPAREN LBRACE decls RBRACE
	                                { $$ = build_timed(p, $3, $6, @$); }
	| names OFTYPE tscheme          { $$ = ast_new(A, AST_TYPEANN, @$, 2, $1, $3); }
	| INSTANCE IDENT EQUALS qualname
	                                { $$ = ast_new(A, AST_INSTANCE, @$, 2, $4, NULL); $$->u.name = $2; }
	| INSTANCE IDENT EQUALS qualname LPAREN exps1 RPAREN
	                                { $$ = ast_new(A, AST_INSTANCE, @$, 2, $4, $6); $$->u.name = $2; }
	| INSTANCE IDENT EQUALS qualname LPAREN RPAREN
	                                { diag_error(p->env->diag, span_join(@5, @6),
	                                             "empty argument list: an instance of a module without "
	                                             "parameters is written without parentheses");
	                                  $$ = ast_new(A, AST_INSTANCE, @$, 2, $4, NULL); $$->u.name = $2; }
	| PRINT exp                     { $$ = ast_new(A, AST_PRINT, @$, 1, $2); }
	;

names
	: IDENT                         { $$ = build_list(p, @1); ast_append(A, $$, ast_name(A, AST_NAME, @1, $1)); }
	| names COMMA IDENT             { $$ = $1; ast_append(A, $$, ast_name(A, AST_NAME, @3, $3)); }
	;

clauses
	: clause                        { $$ = build_list(p, @1); ast_append(A, $$, $1); }
	| clauses PIPE clause           { $$ = $1; ast_append(A, $$, $3); }
	;

clause
	: IDENT                         { $$ = ast_new(A, AST_CLAUSE, @$, 1, NULL); $$->u.name = $1; }
	| IDENT DOT exp                 { $$ = ast_new(A, AST_CLAUSE, @$, 1, $3); $$->u.name = $1; }
	;

modparams
	: %empty                        { $$ = NULL; }
	| LPAREN exps1 RPAREN           { $$ = $2; }
	| LPAREN RPAREN                 { diag_error(p->env->diag, @$, "empty parameter list: a module without "
	                                             "parameters is written without parentheses");
	                                  $$ = NULL; }
	;

assertion
	: exp REFINES exp opts          { $$ = ast_new(A, AST_REFINE, @$, 3, $1, $3, $4); $$->op = (uint16_t)$2; }
	| exp PROPERTY opts             { $$ = build_property(p, $1, $2, NULL, $3, @$); }
	| exp HASTRACE exp opts         { $$ = build_property(p, $1, $2, $3, $4, @$); }
	;

opts
	: %empty                        { $$ = build_list(p, @$); }
	| opts opt                      { $$ = build_option(p, $1, $2); }
	;

opt
	: TAUPRIORITY exp               { $$ = ast_new(A, AST_OPT_TAUPRI, @$, 1, $2); }
	| POR                           { $$ = ast_name(A, AST_OPT_POR, @$, $1); }
	;

/* Type annotations: f :: (Eq a) => (a, <a>) -> {a} */
tscheme
	: type                          { $$ = ast_new(A, AST_TSCHEME, @$, 2, build_list(p, @$), $1); }
	| tconstraint YIELD type        { struct ast *l = build_list(p, @1); ast_append(A, l, $1);
	                                  $$ = ast_new(A, AST_TSCHEME, @$, 2, l, $3); }
	| LPAREN tconstraints RPAREN YIELD type
	                                { $$ = ast_new(A, AST_TSCHEME, @$, 2, $2, $5); }
	;

tconstraint
	: IDENT IDENT                   { $$ = build_constraint(p, $1, @1, $2, @2, @$); }
	;

tconstraints
	: tconstraint                   { $$ = build_list(p, @1); ast_append(A, $$, $1); }
	| tconstraints COMMA tconstraint { $$ = $1; ast_append(A, $$, $3); }
	;

type
	: qualname                      { $$ = ast_new(A, AST_TNAME, @$, 1, $1); }
	| LBRACE type RBRACE            { $$ = ast_new(A, AST_TSET, @$, 1, $2); }
	| LSEQ type RSEQ                { $$ = ast_new(A, AST_TSEQ, @$, 1, $2); }
	| LPAREN type RPAREN            { $$ = ast_new(A, AST_TPAREN, @$, 1, $2); }
	| qualname YIELDSTAR type       { $$ = ast_new(A, AST_TEXTENDABLE, @$, 2, $1, $3); }
	| type YIELD type               { $$ = ast_new(A, AST_TDOTABLE, @$, 2, $1, $3); }
	| LMAP type YIELD type RMAP     { $$ = ast_new(A, AST_TMAP, @$, 2, $2, $4); }
	| type DOT type                 { $$ = ast_new(A, AST_TDOT, @$, 2, $1, $3); }
	| LPAREN types2 RPAREN          { $$ = $2; $$->kind = AST_TTUPLE; $$->span = @$; }
	| LPAREN RPAREN ARROW type      { $$ = ast_new(A, AST_TFUN, @$, 2, build_list(p, @2), $4); }
	| type ARROW type               { $$ = build_tfun(p, $1, $3, @$); }
	;

types2
	: type COMMA type               { $$ = build_list(p, @$); ast_append(A, $$, $1); ast_append(A, $$, $3); }
	| types2 COMMA type             { $$ = $1; ast_append(A, $$, $3); }
	;

literal
	: INT                           { $$ = ast_int(A, AST_INT, @$, $1); }
	| CHAR                          { $$ = ast_int(A, AST_CHAR, @$, $1); }
	| STRING                        { $$ = ast_name(A, AST_STRING, @$, $1); }
	| TRUE                          { $$ = ast_int(A, AST_BOOL, @$, 1); }
	| FALSE                         { $$ = ast_int(A, AST_BOOL, @$, 0); }
	;

qualname
	: IDENT                         { $$ = ast_name(A, AST_VAR, @$, $1); }
	| IDENT SCOPE qualname          { $$ = ast_new(A, AST_QUAL, @$, 1, $3); $$->u.name = $1; }
	;

exp
	/* values */
	: literal                       { $$ = $1; }
	| qualname                      { $$ = $1; }
	| LPAREN exps2 RPAREN           { $$ = $2; $$->kind = AST_TUPLE; $$->span = @$; }
	| LPAREN exp RPAREN             { $$ = N(AST_PAREN, @$, 1, $2); }
	| exp DOT exp                   { $$ = N(AST_DOT, @$, 2, $1, $3); }
	| LET decls1 WITHIN exp         { $$ = build_let(p, $2, $4, @$); }
	| IF exp THEN exp ELSE exp      { $$ = N(AST_IF, @$, 3, $2, $4, $6); }
	| exp LPAREN exps0 RPAREN       { $$ = build_app(p, $1, $3, @$); }
	| BACKSLASH exps1 AT exp        { $$ = N(AST_LAMBDA, @$, 2, $2, $4); }
	| exp EQ exp                    { $$ = BIN(OP_EQ, $1, $3, @$); }
	| exp NE exp                    { $$ = BIN(OP_NE, $1, $3, @$); }
	| exp LT exp                    { $$ = BIN(OP_LT, $1, $3, @$); }
	| exp GT exp                    { $$ = BIN(OP_GT, $1, $3, @$); }
	| exp LE exp                    { $$ = BIN(OP_LE, $1, $3, @$); }
	| exp GE exp                    { $$ = BIN(OP_GE, $1, $3, @$); }
	| NOT exp                       { $$ = UN(OP_NOT, $2, @$); }
	| exp OR exp                    { $$ = BIN(OP_OR, $1, $3, @$); }
	| exp AND exp                   { $$ = BIN(OP_AND, $1, $3, @$); }
	| MINUS exp                     { $$ = UN(OP_NEG, $2, @$); }
	| exp PLUS exp                  { $$ = BIN(OP_ADD, $1, $3, @$); }
	| exp MINUS exp                 { $$ = BIN(OP_SUB, $1, $3, @$); }
	| exp TIMES exp                 { $$ = BIN(OP_MUL, $1, $3, @$); }
	| exp DIVIDE exp                { $$ = BIN(OP_DIV, $1, $3, @$); }
	| exp MOD exp                   { $$ = BIN(OP_MOD, $1, $3, @$); }
	/* sequences */
	| EMPTYSEQ                      { $$ = N(AST_SEQ, @$, 0); }
	| LSEQ exps1 RSEQ               { $$ = $2; $$->kind = AST_SEQ; $$->span = @$; }
	| LSEQ exps1 PIPE stmts RSEQ    { $$ = N(AST_SEQCOMP, @$, 2, $2, $4); }
	| LSEQ exp DOTDOT RSEQ          { $$ = N(AST_SEQRANGE, @$, 3, $2, NULL, NULL); }
	| LSEQ exp DOTDOT exp RSEQ      { $$ = N(AST_SEQRANGE, @$, 3, $2, $4, NULL); }
	| LSEQ exp DOTDOT PIPE stmts RSEQ { $$ = N(AST_SEQRANGE, @$, 3, $2, NULL, $5); }
	| LSEQ exp DOTDOT exp PIPE stmts RSEQ { $$ = N(AST_SEQRANGE, @$, 3, $2, $4, $6); }
	| exp CONCAT exp                { $$ = BIN(OP_CONCAT, $1, $3, @$); }
	| HASH exp                      { $$ = UN(OP_LENGTH, $2, @$); }
	/* sets and maps */
	| LBRACE exps0 RBRACE           { $$ = $2; $$->kind = AST_SET; $$->span = @$; }
	| LBRACE exps1 PIPE stmts RBRACE { $$ = N(AST_SETCOMP, @$, 2, $2, $4); }
	| LBRACE exp DOTDOT RBRACE      { $$ = N(AST_SETRANGE, @$, 3, $2, NULL, NULL); }
	| LBRACE exp DOTDOT exp RBRACE  { $$ = N(AST_SETRANGE, @$, 3, $2, $4, NULL); }
	| LBRACE exp DOTDOT PIPE stmts RBRACE { $$ = N(AST_SETRANGE, @$, 3, $2, NULL, $5); }
	| LBRACE exp DOTDOT exp PIPE stmts RBRACE { $$ = N(AST_SETRANGE, @$, 3, $2, $4, $6); }
	| LPBRACE exps1 RPBRACE         { $$ = $2; $$->kind = AST_ENUMSET; $$->span = @$; }
	| LPBRACE exps1 PIPE stmts RPBRACE { $$ = N(AST_ENUMSETCOMP, @$, 2, $2, $4); }
	| LMAP mappairs0 RMAP           { $$ = $2; $$->kind = AST_MAP; $$->span = @$; }
	/* patterns */
	| WILDCARD                      { $$ = N(AST_WILDCARD, @$, 0); }
	| exp DOUBLEAT exp              { $$ = N(AST_DOUBLEPAT, @$, 2, $1, $3); }
	/* processes */
	| exp fields ARROW exp          { $$ = N(AST_PREFIX, @$, 3, $1, $2, $4); }
	| exp ARROW exp                 { $$ = N(AST_PREFIX, @$, 3, $1, build_list(p, @2), $3); }
	| exp GUARD exp                 { $$ = N(AST_GUARD, @$, 2, $1, $3); }
	| exp EXTCHOICE exp             { $$ = PROC(OP_EXTCHOICE, $1, $3, @$); }
	| exp INTCHOICE exp             { $$ = PROC(OP_INTCHOICE, $1, $3, @$); }
	| exp INTERLEAVE exp            { $$ = PROC(OP_INTERLEAVE, $1, $3, @$); }
	| exp INTERRUPT exp             { $$ = PROC(OP_INTERRUPT, $1, $3, @$); }
	| exp SLIDING exp               { $$ = PROC(OP_SLIDING, $1, $3, @$); }
	| exp SEMI exp                  { $$ = PROC(OP_SEQ, $1, $3, @$); }
	| exp BACKSLASH exp             { $$ = build_hide(p, OP_HIDE, $1, $3, @$); }
	| exp PROJECT exp               { $$ = build_hide(p, OP_PROJECT, $1, $3, @$); }
	| exp LPSQ exp RPSQ exp         { $$ = N(AST_GENPAR, @$, 3, $1, $3, $5); }
	| exp LPSQ exp REXCEPTION exp   { $$ = N(AST_EXCEPTION, @$, 3, $1, $3, $5); }
	| exp LSQ exp PARALLEL exp RSQ exp { $$ = N(AST_ALPHAPAR, @$, 4, $1, $3, $5, $7); }
	| exp LSYNCEXT exp RSYNCEXT exp { $$ = N(AST_SYNCEXT, @$, 3, $1, $3, $5); }
	| exp LSYNCINT exp RSYNCINT exp { $$ = N(AST_SYNCINT, @$, 3, $1, $3, $5); }
	| exp LRENAME renames stmts_opt RRENAME { $$ = N(AST_RENAME, @$, 3, $1, $3, $4); }
	| exp LSQ ties stmts_opt RSQ exp { $$ = N(AST_LINKPAR, @$, 4, $1, $3, $4, $6); }
	/* replicated operators */
	| EXTCHOICE stmts AT exp        { $$ = REP(OP_EXTCHOICE, $2, $4, @$); }
	| INTCHOICE stmts AT exp        { $$ = REP(OP_INTCHOICE, $2, $4, @$); }
	| INTERLEAVE stmts AT exp       { $$ = REP(OP_INTERLEAVE, $2, $4, @$); }
	| SEMI stmts AT exp             { $$ = REP(OP_SEQ, $2, $4, @$); }
	| PARALLEL stmts AT LSQ exp RSQ exp { $$ = N(AST_REPALPHAPAR, @$, 3, $2, $5, $7); }
	| LPSQ exp RPSQ stmts AT exp    { $$ = N(AST_REPGENPAR, @$, 3, $2, $4, $6); }
	| LSQ ties stmts_opt RSQ stmts AT exp { $$ = N(AST_REPLINKPAR, @$, 4, $2, $3, $5, $7); }
	| LSYNCEXT exp RSYNCEXT stmts AT exp { $$ = N(AST_REPSYNCEXT, @$, 3, $2, $4, $6); }
	;

fields
	: field                         { $$ = build_list(p, @1); ast_append(A, $$, $1); }
	| fields field                  { $$ = $1; ast_append(A, $$, $2); }
	;

field
	: QUESTION exp                  { $$ = N(AST_FIELD, @$, 2, $2, NULL); $$->op = OP_INPUT; }
	| QUESTION exp COLON exp        { $$ = N(AST_FIELD, @$, 2, $2, $4); $$->op = OP_INPUT; }
	| DOLLAR exp                    { $$ = N(AST_FIELD, @$, 2, $2, NULL); $$->op = OP_NDINPUT; }
	| DOLLAR exp COLON exp          { $$ = N(AST_FIELD, @$, 2, $2, $4); $$->op = OP_NDINPUT; }
	| BANG exp                      { $$ = N(AST_FIELD, @$, 2, $2, NULL); $$->op = OP_OUTPUT; }
	;

renames
	: rename                        { $$ = build_list(p, @1); ast_append(A, $$, $1); }
	| renames COMMA rename          { $$ = $1; ast_append(A, $$, $3); }
	;

rename
	: exp DRAWN exp                 { $$ = N(AST_PAIR, @$, 2, $1, $3); }
	;

ties
	: tie                           { $$ = build_list(p, @1); ast_append(A, $$, $1); }
	| ties COMMA tie                { $$ = $1; ast_append(A, $$, $3); }
	;

tie
	: exp TIE exp                   { $$ = N(AST_PAIR, @$, 2, $1, $3); }
	;

stmts_opt
	: %empty                        { $$ = NULL; }
	| PIPE stmts                    { $$ = $2; }
	;

stmts
	: stmt                          { $$ = build_list(p, @1); ast_append(A, $$, $1); }
	| stmts COMMA stmt              { $$ = $1; ast_append(A, $$, $3); }
	;

stmt
	: exp                           { $$ = N(AST_COND, @$, 1, $1); }
	| exp DRAWN exp                 { $$ = N(AST_GEN, @$, 2, $1, $3); }
	| exp COLON exp                 { $$ = N(AST_GEN, @$, 2, $1, $3); }
	;

exps0
	: %empty                        { $$ = build_list(p, @$); }
	| exps1                         { $$ = $1; }
	;

exps1
	: exp                           { $$ = build_list(p, @1); ast_append(A, $$, $1); }
	| exps1 COMMA exp               { $$ = $1; ast_append(A, $$, $3); }
	;

exps2
	: exp COMMA exp                 { $$ = build_list(p, @$); ast_append(A, $$, $1); ast_append(A, $$, $3); }
	| exps2 COMMA exp               { $$ = $1; ast_append(A, $$, $3); }
	;

mappairs0
	: %empty                        { $$ = build_list(p, @$); }
	| mappairs1                     { $$ = $1; }
	;

mappairs1
	: exp YIELD exp                 { $$ = build_list(p, @$); ast_append(A, $$, N(AST_PAIR, @$, 2, $1, $3)); }
	| mappairs1 COMMA exp YIELD exp { $$ = $1; ast_append(A, $$, N(AST_PAIR, span_join(@3, @5), 2, $3, $5)); }
	;

%%

/* Bison calls this only when its stack is exhausted (input nested too
 * deeply); syntax errors go through yyreport_syntax_error. */
static void yyerror(YYLTYPE *loc, struct parser *p, const char *msg)
{
	(void)msg; /* "memory exhausted": bison's stack, not the machine's */
	diag_error(p->env->diag, *loc,
		   "input is nested too deeply to parse (too many unfinished operators and brackets)");
}

/* Can token `k` start an expression? When every such token is acceptable
 * the message says "an expression" rather than listing thirty tokens. */
static bool starts_exp(yysymbol_kind_t k)
{
	switch (k) {
	case YYSYMBOL_IDENT: case YYSYMBOL_INT: case YYSYMBOL_CHAR: case YYSYMBOL_STRING:
	case YYSYMBOL_TRUE: case YYSYMBOL_FALSE: case YYSYMBOL_WILDCARD: case YYSYMBOL_IF:
	case YYSYMBOL_LET: case YYSYMBOL_BACKSLASH: case YYSYMBOL_NOT: case YYSYMBOL_MINUS:
	case YYSYMBOL_HASH: case YYSYMBOL_EMPTYSEQ: case YYSYMBOL_LSEQ: case YYSYMBOL_LPAREN:
	case YYSYMBOL_LBRACE: case YYSYMBOL_LPBRACE: case YYSYMBOL_LMAP: case YYSYMBOL_EXTCHOICE:
	case YYSYMBOL_INTCHOICE: case YYSYMBOL_INTERLEAVE: case YYSYMBOL_SEMI: case YYSYMBOL_PARALLEL:
	case YYSYMBOL_LPSQ: case YYSYMBOL_LSQ: case YYSYMBOL_LSYNCEXT:
		return true;
	default:
		return false;
	}
}

/* Can token `k` continue a complete expression (a binary operator, a
 * prefix field, an application, M::x)? Collapsed into "an operator". */
static bool continues_exp(yysymbol_kind_t k)
{
	switch (k) {
	case YYSYMBOL_EQ: case YYSYMBOL_NE: case YYSYMBOL_LT: case YYSYMBOL_LE: case YYSYMBOL_GT:
	case YYSYMBOL_GE: case YYSYMBOL_AND: case YYSYMBOL_OR: case YYSYMBOL_PLUS: case YYSYMBOL_MINUS:
	case YYSYMBOL_TIMES: case YYSYMBOL_DIVIDE: case YYSYMBOL_MOD: case YYSYMBOL_CONCAT: case YYSYMBOL_DOT:
	case YYSYMBOL_EXTCHOICE: case YYSYMBOL_INTCHOICE: case YYSYMBOL_INTERLEAVE: case YYSYMBOL_INTERRUPT:
	case YYSYMBOL_SLIDING: case YYSYMBOL_SEMI: case YYSYMBOL_BACKSLASH: case YYSYMBOL_PROJECT:
	case YYSYMBOL_LPSQ: case YYSYMBOL_LSQ: case YYSYMBOL_LSYNCEXT: case YYSYMBOL_LSYNCINT:
	case YYSYMBOL_LRENAME: case YYSYMBOL_GUARD: case YYSYMBOL_ARROW: case YYSYMBOL_QUESTION:
	case YYSYMBOL_BANG: case YYSYMBOL_DOLLAR: case YYSYMBOL_DOUBLEAT: case YYSYMBOL_LPAREN:
	case YYSYMBOL_SCOPE:
		return true;
	default:
		return false;
	}
}

/* How an expected token reads in "expected X, Y or Z". */
static const char *expected_name(yysymbol_kind_t k)
{
	switch (k) {
	case YYSYMBOL_IDENT: return "an identifier";
	case YYSYMBOL_INT: return "an integer";
	case YYSYMBOL_CHAR: return "a character literal";
	case YYSYMBOL_STRING: return "a string literal";
	case YYSYMBOL_PROPERTY: return "an assertion property";
	case YYSYMBOL_REFINES: return "a refinement operator";
	default: return yysymbol_name(k);
	}
}

/* Can token `k` start a declaration by itself (not as an expression)? */
static bool starts_decl(yysymbol_kind_t k)
{
	switch (k) {
	case YYSYMBOL_CHANNEL: case YYSYMBOL_DATATYPE: case YYSYMBOL_SUBTYPE: case YYSYMBOL_NAMETYPE:
	case YYSYMBOL_EXTERNAL: case YYSYMBOL_TRANSPARENT: case YYSYMBOL_ASSERT: case YYSYMBOL_MODULE:
	case YYSYMBOL_TIMED: case YYSYMBOL_INSTANCE: case YYSYMBOL_PRINT:
		return true;
	default:
		return false;
	}
}

static int yyreport_syntax_error(const yypcontext_t *ctx, struct parser *p)
{
	yysymbol_kind_t all[YYNTOKENS];
	int n = yypcontext_expected_tokens(ctx, all, YYNTOKENS);
	bool ok[YYNTOKENS] = {false};
	for (int i = 0; i < n; i++)
		ok[all[i]] = true;
	/* Collapse the classes only when they are plainly what is acceptable. */
	bool exp = ok[YYSYMBOL_IDENT] && ok[YYSYMBOL_INT] && ok[YYSYMBOL_LPAREN];
	bool decl = exp && ok[YYSYMBOL_CHANNEL] && ok[YYSYMBOL_ASSERT];
	bool op = ok[YYSYMBOL_TIMES] && ok[YYSYMBOL_EXTCHOICE] && ok[YYSYMBOL_ARROW];
	const char *names[YYNTOKENS + 3];
	int m = 0;
	if (decl)
		names[m++] = "a declaration";
	else if (exp)
		names[m++] = "an expression";
	for (int i = 0; i < n; i++) {
		yysymbol_kind_t k = all[i];
		if ((exp && starts_exp(k)) || (decl && starts_decl(k)) || (op && continues_exp(k)) ||
		    k == YYSYMBOL_START_FILE ||
		    k == YYSYMBOL_START_EXP || (k == YYSYMBOL_YYEOF && ok[YYSYMBOL_NL]))
			continue;
		names[m++] = expected_name(k);
	}
	/* An operator where operators are expected: a precedence clash, as in
	 * a < b < c or P [| A |] Q [| B |] R (these do not associate). */
	yysymbol_kind_t tok = yypcontext_token(ctx);
	const char *note = NULL;
	if (op && continues_exp(tok)) {
		names[m++] = "another operator";
		switch (tok) {
		case YYSYMBOL_EQ: case YYSYMBOL_NE: case YYSYMBOL_LT: case YYSYMBOL_LE: case YYSYMBOL_GT:
		case YYSYMBOL_GE: case YYSYMBOL_DOUBLEAT: case YYSYMBOL_LPSQ: case YYSYMBOL_LSQ:
			note = "this operator does not associate: add parentheses";
			break;
		default:
			break;
		}
	} else if (op) {
		names[m++] = "an operator";
	}
	parser_syntax_error(p, *yypcontext_location(ctx), yysymbol_name(tok), names, m, note);
	return 0;
}
