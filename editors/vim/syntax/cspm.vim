" Vim syntax file
" Language:	CSPm (machine-readable CSP, as cspcheck and FDR4 read it)
" Filenames:	*.csp, *.cspm (see ../ftdetect/cspm.vim)
" Maintainer:	the cspcheck project (editors/README.md)
"
" The items follow cspcheck's lexer (parser/lexer.l, docs/language.md):
" `--` comments, nested `{- -}` comments, strings, character literals (a
" quote right after a name is a prime, as in P'), keywords, built-in
" names, process operators, the refinement arrows [T= [F= [FD= [R= ...,
" assertion properties such as :[deadlock free [F]] as one item, and the
" names of top-level definitions.
"
" Order matters: among matches that start at the same column Vim prefers
" the one defined last, so every operator that begins another comes before
" it, and the comments come last of all. Keywords beat matches.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn iskeyword @,48-57,_

" Operators other than the process operators: comparison, arithmetic,
" generators, dots, type annotations, input and output.
syn match cspmOperator "==\|!=\|<=\|>=\|=>\*\|=>\|<-\|\.\.\|::\|@@\|[-+*/%=.:?!$^#|]"

" The process operators, longest first (alternatives are tried in order);
" '@' is the replicated operators' separator, '@@' a pattern operator.
syn match cspmProcessOp "|\~|\||||\|<->\|\[|\||]\|\[]\|\[>\|\[\[\|]]\|\[+\|+]\|/+\|+\\\|/\\\||\\\||>\|||\|->\|\\\|;\|&\|@@\@!"

" Refinement arrows. [R=, [RD=, [V= and [VD= parse but are not checked.
syn match cspmRefinement "\[\%(FD\|RD\|VD\|T\|F\|R\|V\)="

" Assertion properties and options, one token as in the lexer:
" :[deadlock free [FD]], :[has trace]:, :[tau priority over]:, ...
syn match cspmProperty ":[ \t]*\[[A-Za-z \t-]\+\%(\[\a\+]\)\=[ \t]*]\%(:\[\@!\)\=" contains=cspmModel
syn match cspmModel "\[\a\+]" contained

syn match cspmNumber "\<\d\+\>"

" A quote after a letter, digit, underscore or prime is a prime.
syn match cspmChar "[A-Za-z0-9_']\@1<!'\%([^'\\]\|\\.\)'" contains=cspmEscape
syn region cspmString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ contains=cspmEscape
syn match cspmEscape "\\." contained

" The name of a top-level definition: a name at the start of a line,
" argument lists in parentheses, then '=' (not '==' or '=>').
syn match cspmDefinition "^\a[A-Za-z0-9_]*'*\ze[ \t]*\%(([^()]*\%(([^()]*)[^()]*\)*)[ \t]*\)*=[=>]\@!"

syn match cspmAssert "\<assert\>\%([ \t]\+not\>\)\="
syn keyword cspmDeclaration channel datatype subtype nametype external print
" 'transparent' is an option of :syn keyword, so it cannot be one.
syn match cspmDeclaration "\<transparent\>"
syn keyword cspmConditional if then else
syn keyword cspmLet let within
syn keyword cspmModule module exports endmodule instance
syn keyword cspmLogical and or not
syn keyword cspmInclude include
syn keyword cspmTimed Timed
syn keyword cspmBoolean true false

syn keyword cspmProcess STOP SKIP DIV CHAOS RUN BUFFER WEAK_BUFFER SIGNAL_BUFFER TSTOP TSKIP WAIT
syn keyword cspmBuiltin Events True False Int Bool Char Proc Set Seq Map
syn keyword cspmBuiltin union inter diff Union Inter member card empty set seq
syn keyword cspmBuiltin length null head tail concat elem
syn keyword cspmBuiltin emptyMap mapFromList mapLookup mapMember mapToList mapUpdate
syn keyword cspmBuiltin mapUpdateMultiple mapDelete error show extensions productions
syn keyword cspmBuiltin timed_priority chase chase_nocache deter failure_watchdog loop
syn keyword cspmBuiltin prioritise prioritise_nocache prioritisepo trace_watchdog
syn keyword cspmBuiltin mtransclose relational_image relational_inverse_image transpose
syn keyword cspmBuiltin explicate lazyenumerate diamond normal lazynorm sbisim
syn keyword cspmBuiltin tau_loop_factor model_compress

" Comments last: '--' beats '-' and '->', '{-' beats '{'. Inside a block
" comment only '{-' and '-}' count, and they nest.
syn keyword cspmTodo contained TODO FIXME XXX
syn match cspmLineComment "--.*$" contains=cspmTodo,@Spell
syn region cspmBlockComment start="{-" end="-}" contains=cspmBlockComment,cspmTodo,@Spell

" Block comments may be long, and scripts are short: parse from the top.
syn sync fromstart

hi def link cspmLineComment	Comment
hi def link cspmBlockComment	Comment
hi def link cspmTodo		Todo
hi def link cspmString		String
hi def link cspmEscape		SpecialChar
hi def link cspmChar		Character
hi def link cspmNumber		Number
hi def link cspmBoolean		Boolean
hi def link cspmDeclaration	Structure
hi def link cspmConditional	Conditional
hi def link cspmLet		Keyword
hi def link cspmModule		Keyword
hi def link cspmTimed		Keyword
hi def link cspmInclude		Include
hi def link cspmAssert		Statement
hi def link cspmLogical		Operator
hi def link cspmProcess		Constant
hi def link cspmBuiltin		Function
hi def link cspmOperator	Operator
hi def link cspmProcessOp	Statement
hi def link cspmRefinement	Special
hi def link cspmProperty	Special
hi def link cspmModel		Type
hi def link cspmDefinition	Function

let b:current_syntax = "cspm"

let &cpo = s:cpo_save
unlet s:cpo_save
