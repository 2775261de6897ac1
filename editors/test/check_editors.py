#!/usr/bin/env python3
"""The editor support of editors/, checked against cspcheck's own lexer rules.

usage: check_editors.py SOURCE_ROOT      (TAP on stdout; run by ../test_editors.sh)

The oracle is `Lexer` below, a transcription of parser/lexer.l's rules
(longest match, the first rule on a tie; nested block comments; strings
and character literals; identifiers with their primes; `:[...]` properties
as one token). It cuts each script into tokens, and each token says what
an editor must show there: a comment, a string, a keyword, an operator, a
definition's name.

TextMate (editors/cspm.tmLanguage.json):
  - every regex compiles under Python's re and stays inside the subset that
    Oniguruma (VS Code's engine) reads the same way (`lint_regex`), and
    every `include` names a rule of the repository;
  - `TextMate` below applies the grammar as vscode-textmate does (the
    earliest match wins, then the first rule; `begin`/`end` rules push and
    pop; captures), line by line over every specs/*.csp and
    editors/test/sample.csp, and each oracle token gets the expected scope
    on every one of its characters; no open rule survives a file's end;
  - the VS Code manifest names the grammar and a language configuration
    with CSPm's comment markers.

Vim (editors/vim): when `vim` is installed, one headless run loads every
script through ftdetect (filetype cspm) and the syntax file, and
synIDattr(synID(line, col, 1), "name") at the first character of each
oracle token must be the expected group. Without vim that part is
skipped, with a message.

Python 3 standard library only.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings

# ---- the oracle: parser/lexer.l in Python -----------------------------------

KEYWORDS = {
    "and", "assert", "channel", "datatype", "else", "endmodule", "exports", "external", "false",
    "if", "include", "instance", "let", "module", "nametype", "not", "or", "print", "subtype",
    "then", "transparent", "true", "Timed", "within",
}

# The operators of lexer.l, as literal strings (flex picks the longest).
OPERATORS = [
    "<->", "<-", "<=", "<", ">=", ">", "==", "=>*", "=>", "=", "!=", "!", "?", "$", "..", ".",
    ",", "::", ":", "@@", "@", "->", "[]", "|~|", "|||", "||", "/\\", "[>", "|>", "|\\", ";",
    "&", "[+", "+]", "/+", "+\\", "[[", "]]", "[|", "|]", "[", "]", "|)", "|}", "(", ")", "{",
    "}", "|", "\\", "+", "-", "*", "/", "%", "^", "#", "_",
]

PROCESS_OPERATORS = {"|~|", "|||", "<->", "[|", "|]", "[]", "[>", "[[", "]]", "[+", "+]", "/+",
                     "+\\", "/\\", "|\\", "|>", "||", "->", "\\", ";", "&", "@"}

LEX_RULES = [  # (kind, regex), in lexer.l's order
    ("ws", re.compile(r"[ \t\r\f\v]+")),
    ("nl", re.compile(r"\n")),
    ("linecomment", re.compile(r"--[^\n]*")),
    ("property", re.compile(r":[ \t\r\n]*\[[A-Za-z \t\r\n-]+(?:\[[A-Za-z]+\])?[ \t\r\n]*\](?::(?!\[))?")),
    ("refinement", re.compile(r"\[(?:T|F|FD|R|RD|V|VD)=")),
    ("op", re.compile(r"<[ \t\r\f\v]*>")),
    ("op", re.compile(r"\(\|(?![|~])|\{\|(?![|~])")),
    ("ident", re.compile(r"[A-Za-z][A-Za-z0-9_]*'*")),
    ("int", re.compile(r"[0-9]+")),
    ("string", re.compile(r'"(?:[^"\\\n]|\\.)*"')),
    ("badstring", re.compile(r'"(?:[^"\\\n]|\\.)*\\?')),
    ("char", re.compile(r"'(?:[^'\\\n]|\\[^\n])'")),
]


class Token:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind, text, start, end):
        self.kind, self.text, self.start, self.end = kind, text, start, end

    def __repr__(self):
        return "%s %r" % (self.kind, self.text)


def lex(text):
    """Cut TEXT into Tokens the way parser/lexer.l does; a block comment is
    one token (to its matching -} or the end of the text)."""
    toks, pos, n = [], 0, len(text)
    while pos < n:
        if text.startswith("{-", pos):
            depth, i = 1, pos + 2
            while i < n and depth:
                if text.startswith("{-", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("-}", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            toks.append(Token("blockcomment", text[pos:i], pos, i))
            pos = i
            continue
        best_kind, best_end = None, pos
        for kind, rx in LEX_RULES:
            m = rx.match(text, pos)
            if m and m.end() > best_end:
                best_kind, best_end = kind, m.end()
        for op in OPERATORS:
            if text.startswith(op, pos) and pos + len(op) > best_end:
                best_kind, best_end = "op", pos + len(op)
        if best_kind is None:
            best_kind, best_end = "other", pos + 1
        toks.append(Token(best_kind, text[pos:best_end], pos, best_end))
        pos = best_end
    return toks


# What each token must look like: (TextMate scope it must carry on every
# character, or None for "no keyword/comment/string/constant scope";
# Vim group at its first character, or None for "no comment/string group").
KEYWORD_EXPECT = {}
for _w in ("channel", "datatype", "subtype", "nametype", "external", "transparent", "print"):
    KEYWORD_EXPECT[_w] = ("keyword.other.declaration.cspm", "cspmDeclaration")
for _w in ("if", "then", "else"):
    KEYWORD_EXPECT[_w] = ("keyword.control.cspm", "cspmConditional")
for _w in ("let", "within"):
    KEYWORD_EXPECT[_w] = ("keyword.control.cspm", "cspmLet")
for _w in ("module", "exports", "endmodule", "instance"):
    KEYWORD_EXPECT[_w] = ("keyword.other.module.cspm", "cspmModule")
for _w in ("and", "or", "not"):
    KEYWORD_EXPECT[_w] = ("keyword.operator.logical.cspm", "cspmLogical")
KEYWORD_EXPECT["assert"] = ("keyword.other.assert.cspm", "cspmAssert")
KEYWORD_EXPECT["include"] = ("keyword.control.import.cspm", "cspmInclude")
KEYWORD_EXPECT["Timed"] = ("keyword.other.timed.cspm", "cspmTimed")
KEYWORD_EXPECT["true"] = KEYWORD_EXPECT["false"] = ("constant.language.boolean.cspm", "cspmBoolean")

BUILTIN_EXPECT = {}
for _w in ("STOP", "SKIP", "DIV"):
    BUILTIN_EXPECT[_w] = ("constant.language.process.cspm", "cspmProcess")
for _w in ("CHAOS", "RUN"):
    BUILTIN_EXPECT[_w] = ("support.function.process.cspm", "cspmProcess")
BUILTIN_EXPECT["Events"] = ("support.constant.cspm", "cspmBuiltin")
for _w in ("Int", "Bool", "Char", "Proc"):
    BUILTIN_EXPECT[_w] = ("support.type.cspm", "cspmBuiltin")
for _w in ("union", "inter", "diff", "member", "card", "empty", "set", "seq", "length", "null",
           "head", "tail", "concat", "elem", "error", "show", "normal", "prioritise"):
    BUILTIN_EXPECT[_w] = ("support.function.builtin.cspm", "cspmBuiltin")


def expectations(text):
    """The oracle's verdict on TEXT: a list of (start, end, what, scope, vim
    group), `what` naming the token for messages."""
    toks = lex(text)
    out = []
    line_start = True  # no token yet on this line
    for i, t in enumerate(toks):
        prev = [u for u in toks[max(0, i - 8):i] if u.kind != "ws"]
        if t.kind == "linecomment":
            out.append((t.start, t.end, t.text, "comment.line.double-dash.cspm", "cspmLineComment"))
        elif t.kind == "blockcomment":
            out.append((t.start, t.end, "block comment", "comment.block.cspm", "cspmBlockComment"))
        elif t.kind == "string":
            out.append((t.start, t.end, t.text, "string.quoted.double.cspm", "cspmString"))
        elif t.kind == "char":
            out.append((t.start, t.end, t.text, "string.quoted.single.cspm", "cspmChar"))
        elif t.kind == "int":
            out.append((t.start, t.end, t.text, "constant.numeric.integer.decimal.cspm", "cspmNumber"))
        elif t.kind == "refinement":
            out.append((t.start, t.end, t.text, "keyword.operator.refinement.cspm", "cspmRefinement"))
        elif t.kind == "property" and "\n" not in t.text:
            out.append((t.start, t.end, t.text, "keyword.other.property.cspm", "cspmProperty"))
        elif t.kind == "op" and t.text in PROCESS_OPERATORS:
            out.append((t.start, t.end, t.text, "keyword.operator.process.cspm", "cspmProcessOp"))
        elif t.kind == "ident":
            after_assert = prev and prev[-1].kind == "ident" and prev[-1].text == "assert"
            if t.text == "not" and after_assert:
                out.append((t.start, t.end, t.text, "keyword.other.assert.cspm", "cspmAssert"))
            elif t.text in KEYWORD_EXPECT:
                scope, group = KEYWORD_EXPECT[t.text]
                out.append((t.start, t.end, t.text, scope, group))
            elif t.text in BUILTIN_EXPECT:
                scope, group = BUILTIN_EXPECT[t.text]
                out.append((t.start, t.end, t.text, scope, group))
            elif line_start and is_definition(toks, i):
                out.append((t.start, t.end, t.text, "entity.name.function.cspm", "cspmDefinition"))
            elif prev and prev[-1].kind == "ident" and prev[-1].text in ("datatype", "subtype", "nametype"):
                out.append((t.start, t.end, t.text, "entity.name.type.cspm", None))
            elif prev and prev[-1].kind == "ident" and prev[-1].text in ("module", "instance"):
                out.append((t.start, t.end, t.text, "entity.name.module.cspm", None))
            elif is_channel_name(toks, i):
                out.append((t.start, t.end, t.text, "entity.name.channel.cspm", None))
            else:
                out.append((t.start, t.end, t.text, None, None))
        elif t.kind in ("ws", "op", "other"):
            out.append((t.start, t.end, t.text, None, None))
        line_start = t.kind == "nl" or t.kind == "blockcomment" and t.text.endswith("\n")
    return out


def is_definition(toks, i):
    """Whether identifier toks[i], at the start of a line, is the name of a
    definition: argument lists in parentheses (on the same line) follow,
    then '='."""
    if i > 0 and toks[i - 1].kind != "nl":
        return False
    j, n = i + 1, len(toks)
    while True:
        while j < n and toks[j].kind == "ws":
            j += 1
        if j < n and toks[j].text == "(":
            depth = 0
            while j < n and toks[j].kind != "nl":
                depth += {"(": 1, ")": -1}.get(toks[j].text, 0)
                j += 1
                if depth == 0:
                    break
            continue
        return j < n and toks[j].kind == "op" and toks[j].text == "="


def is_channel_name(toks, i):
    """Whether identifier toks[i] is one of the names a `channel` declares
    (`channel a, b, c : T`, on one line)."""
    j = i - 1
    while True:
        while j >= 0 and toks[j].kind == "ws":
            j -= 1
        if j < 0:
            return False
        if toks[j].kind == "ident" and toks[j].text == "channel":
            return True
        if toks[j].text != ",":
            return False
        j -= 1
        while j >= 0 and toks[j].kind == "ws":
            j -= 1
        if j < 0 or toks[j].kind != "ident" or toks[j].text in KEYWORDS:
            return False
        j -= 1


# ---- the TextMate grammar ----------------------------------------------------

SAFE_ESCAPES = set("tnrfvsSdDwWbB") | set("\\.[](){}|*+?^$-/'\"!#%&,:;<=>@`~_ ")


def lint_regex(rx):
    """Return a list of the constructs in regex RX that Oniguruma and Python's
    re do not read the same way (or that the tester does not implement)."""
    bad, i, n, in_class = [], 0, len(rx), False
    while i < n:
        ch = rx[i]
        if ch == "\\":
            if i + 1 >= n:
                bad.append("trailing backslash")
                break
            e = rx[i + 1]
            if e not in SAFE_ESCAPES:
                bad.append("escape \\%s" % e)
            i += 2
            continue
        if in_class:
            if ch == "[":
                bad.append("'[' inside a character class (POSIX class or set operation)")
            elif rx.startswith("&&", i):
                bad.append("'&&' inside a character class")
            elif ch == "]":
                in_class = False
            i += 1
            continue
        if ch == "[":
            in_class = True
            i += 1
            if i < n and rx[i] == "^":
                i += 1
            if i < n and rx[i] == "]":
                bad.append("']' first in a class")
                i += 1
            continue
        if rx.startswith("(?", i):
            if not (rx.startswith("(?:", i) or rx.startswith("(?=", i) or rx.startswith("(?!", i)
                    or rx.startswith("(?<=", i) or rx.startswith("(?<!", i)):
                bad.append("group %s" % rx[i:i + 4])
            i += 2
            continue
        if ch in "*+?}" and i + 1 < n and rx[i + 1] == "+":
            bad.append("possessive quantifier %s+" % ch)
        i += 1
    if in_class:
        bad.append("unclosed character class")
    return bad


class Grammar:
    """A TextMate grammar loaded from JSON, its regexes compiled. `problems`
    lists what is wrong with it (a regex that does not compile or is outside
    the common subset, an include of nothing, a scope without .cspm)."""

    def __init__(self, data):
        self.data, self.repo, self.problems, self.regex_count = data, data.get("repository", {}), [], 0
        self._compile_all(dict(data, name="source.cspm"), "root")  # the root's name is a title
        for name, rule in self.repo.items():
            self._compile_all(rule, "repository." + name)

    def _compile_all(self, rule, where):
        for key in ("match", "begin", "end"):
            if key in rule:
                self.regex_count += 1
                rx = rule[key]
                for b in lint_regex(rx):
                    self.problems.append("%s.%s: %s" % (where, key, b))
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("error")
                        rule["_" + key] = re.compile(rx)
                except (re.error, FutureWarning) as err:
                    self.problems.append("%s.%s: does not compile: %s" % (where, key, err))
                    rule["_" + key] = re.compile(r"(?!x)x")
        for key in ("name", "contentName"):
            if key in rule and not all(s.endswith(".cspm") for s in rule[key].split()):
                self.problems.append("%s: scope %r does not end in .cspm" % (where, rule[key]))
        for key in ("captures", "beginCaptures", "endCaptures"):
            for num, cap in rule.get(key, {}).items():
                if not num.isdigit() or "patterns" in cap:
                    self.problems.append("%s.%s.%s: only named captures are supported" % (where, key, num))
                elif not cap.get("name", "").endswith(".cspm"):
                    self.problems.append("%s.%s.%s: scope does not end in .cspm" % (where, key, num))
        for k, sub in enumerate(rule.get("patterns", [])):
            inc = sub.get("include")
            if inc is not None and inc != "$self" and inc[1:] not in self.repo:
                self.problems.append("%s.patterns[%d]: include of unknown %r" % (where, k, inc))
            self._compile_all(sub, "%s.patterns[%d]" % (where, k))

    def flatten(self, patterns, seen=None):
        """The match/begin rules that PATTERNS stand for, includes expanded."""
        seen = set() if seen is None else seen
        out = []
        for p in patterns:
            inc = p.get("include")
            if inc is not None:
                target = self.data if inc == "$self" else self.repo.get(inc[1:])
                if target is None or id(target) in seen:
                    continue
                if "match" in target or "begin" in target:
                    out.append(target)
                else:
                    out.extend(self.flatten(target.get("patterns", []), seen | {id(target)}))
            elif "match" in p or "begin" in p:
                out.append(p)
            else:
                out.extend(self.flatten(p.get("patterns", []), seen))
        return out


class TextMate:
    """Tokenizes lines with a Grammar as vscode-textmate does: at each point
    the rule whose regex matches earliest wins (on a tie, the open rule's
    `end`, then the rules in order); a `match` rule colours its match, a
    `begin` rule pushes until its `end`. Lines are fed with their '\\n'."""

    def __init__(self, grammar):
        self.g = grammar
        self.stack = [(grammar.data, ["source.cspm"], self.g.flatten(grammar.data["patterns"]))]

    @staticmethod
    def _paint(scopes, m, base, name, captures):
        whole = base + ([name] if name else [])
        for k in range(m.start(), m.end()):
            scopes[k] = list(whole)
        for num in sorted(captures, key=int):
            cap = captures[num]
            s, e = m.span(int(num))
            if s >= 0 and cap.get("name"):
                for k in range(s, e):
                    scopes[k] = scopes[k] + [cap["name"]]

    def line(self, line):
        """The scopes (a list of scope names) of each character of LINE."""
        text = line + "\n"
        scopes = [None] * len(text)
        pos, guard = 0, 0
        while pos < len(text):
            guard += 1
            if guard > 10 * len(text) + 100:
                raise RuntimeError("no progress at column %d" % pos)
            rule, base, patterns = self.stack[-1]
            best = None  # (start, order, kind, rule, match)
            if "_end" in rule:
                m = rule["_end"].search(text, pos)
                if m:
                    best = (m.start(), 0, "end", rule, m)
            for k, p in enumerate(patterns):
                rx = p.get("_match") or p.get("_begin")
                m = rx.search(text, pos)
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), k + 1, "match" if "_match" in p else "begin", p, m)
            inner = base + ([rule["contentName"]] if "contentName" in rule else [])
            if best is None:
                for k in range(pos, len(text)):
                    scopes[k] = inner
                break
            start, _, kind, p, m = best
            for k in range(pos, start):
                scopes[k] = inner
            if kind == "end":
                self._paint(scopes, m, base, None, rule.get("endCaptures", rule.get("captures", {})))
                self.stack.pop()
                pos = m.end()
            elif kind == "match":
                self._paint(scopes, m, base, p.get("name"), p.get("captures", {}))
                if m.end() == m.start():  # an empty match: step over one character
                    scopes[start] = inner
                    pos = start + 1
                else:
                    pos = m.end()
            else:
                self._paint(scopes, m, base, p.get("name"), p.get("beginCaptures", p.get("captures", {})))
                newbase = base + ([p["name"]] if p.get("name") else [])
                self.stack.append((p, newbase, self.g.flatten(p.get("patterns", []))))
                if m.end() == m.start() and len(self.stack) > 64:
                    raise RuntimeError("empty begin matches pile up at column %d" % pos)
                pos = m.end()
        return scopes[:len(line)]

    def depth(self):
        return len(self.stack) - 1


def textmate_scopes(grammar, text):
    """The scope list of every character of TEXT (newlines get the scopes of
    the end of their line), and the number of rules left open at its end."""
    tm = TextMate(grammar)
    out = []
    for line in text.split("\n"):
        sc = tm.line(line)
        out.extend(sc)
        out.append(out[-1] if out else ["source.cspm"])
    return out[:len(text)], tm.depth()


# ---- TAP --------------------------------------------------------------------

class Tap:
    def __init__(self):
        self.n, self.failed = 0, 0

    def result(self, ok, desc, diag=()):
        self.n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, desc))
        if not ok:
            self.failed += 1
            for d in list(diag)[:20]:
                print("#   " + d)
            if len(diag) > 20:
                print("#   ... and %d more" % (len(diag) - 20))
        sys.stdout.flush()

    def skip(self, desc, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, why))


def where(text, off):
    line = text.count("\n", 0, off) + 1
    col = off - (text.rfind("\n", 0, off) + 1) + 1
    return line, col


def check_textmate(tap, grammar, path, rel):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        scopes, depth = textmate_scopes(grammar, text)
    except RuntimeError as err:
        tap.result(False, "textmate: %s tokenizes" % rel, [str(err)])
        return
    tap.result(depth == 0, "textmate: %s tokenizes, every rule closed at its end" % rel,
               ["%d rules still open at the end of the file" % depth])
    bad = {"comment": [], "keyword": [], "other": []}
    for start, end, what, scope, _ in expectations(text):
        for k in range(start, end):
            if text[k] == "\n":
                continue
            have = scopes[k]
            if scope is not None:
                ok = scope in have
            else:
                ok = not any(s.startswith(("comment.", "string.", "constant.", "keyword.other.",
                                           "keyword.control.", "entity.name.")) for s in have)
            if not ok:
                line, col = where(text, k)
                cls = ("comment" if scope and scope.startswith(("comment.", "string."))
                       else "keyword" if scope else "other")
                bad[cls].append("%s:%d:%d: %r wants %s, has %s" % (rel, line, col, what, scope or "no keyword, comment or string scope", " ".join(have)))
                break
    tap.result(not bad["comment"], "textmate: %s comments and strings get their scopes" % rel, bad["comment"])
    tap.result(not bad["keyword"], "textmate: %s keywords, builtins, operators, properties and definitions get their scopes" % rel, bad["keyword"])
    tap.result(not bad["other"], "textmate: %s plain names and punctuation stay plain" % rel, bad["other"])


def check_vscode(tap, root):
    ed = os.path.join(root, "editors")
    probs = []
    try:
        with open(os.path.join(ed, "vscode", "package.json"), encoding="utf-8") as f:
            pkg = json.load(f)
        langs = pkg["contributes"]["languages"]
        grams = pkg["contributes"]["grammars"]
        lang = [l for l in langs if l.get("id") == "cspm"]
        if not lang:
            probs.append("no language with id cspm")
        else:
            if ".csp" not in lang[0].get("extensions", []):
                probs.append("the cspm language does not claim .csp")
            conf_path = os.path.join(ed, "vscode", lang[0].get("configuration", ""))
            with open(conf_path, encoding="utf-8") as f:
                conf = json.load(f)
            if conf.get("comments") != {"lineComment": "--", "blockComment": ["{-", "-}"]}:
                probs.append("language-configuration.json: comments are %r" % conf.get("comments"))
        gram = [g for g in grams if g.get("language") == "cspm"]
        if not gram or gram[0].get("scopeName") != "source.cspm":
            probs.append("no grammar for cspm with scopeName source.cspm")
        else:
            gpath = os.path.realpath(os.path.join(ed, "vscode", gram[0]["path"]))
            if gpath != os.path.realpath(os.path.join(ed, "cspm.tmLanguage.json")):
                probs.append("the grammar path %s is not editors/cspm.tmLanguage.json" % gram[0]["path"])
            if os.path.relpath(os.path.normpath(os.path.join(ed, "vscode", gram[0]["path"])),
                               os.path.join(ed, "vscode")).startswith(".."):
                probs.append("the grammar path leaves the extension's folder")
        for key in ("name", "publisher", "version", "engines"):
            if key not in pkg:
                probs.append("package.json has no %r" % key)
    except (OSError, ValueError, KeyError, IndexError) as err:
        probs.append("%s: %s" % (type(err).__name__, err))
    tap.result(not probs, "vscode: package.json and language-configuration.json name the grammar", probs)


VIM_SCRIPT = r"""
set nocompatible
let &runtimepath = %(rtp)s . ',' . &runtimepath
filetype on
syntax on
let s:out = []
for [s:file, s:posfile] in %(jobs)s
  let v:errmsg = ''
  execute 'edit ' . fnameescape(s:file)
  call add(s:out, 'FILE ' . &filetype . ' ' . get(b:, 'current_syntax', '-') . ' ' . v:errmsg)
  for s:l in readfile(s:posfile)
    let [s:ln, s:col] = split(s:l)
    call add(s:out, synIDattr(synID(str2nr(s:ln), str2nr(s:col), 1), 'name'))
  endfor
  bwipeout!
endfor
" The syntax file once more, sourced by hand, to catch any error in it.
syntax clear
unlet! b:current_syntax
try
  execute 'source ' . fnameescape(%(syn)s)
  call add(s:out, 'SOURCE ok')
catch
  call add(s:out, 'SOURCE ' . v:exception)
endtry
call writefile(s:out, %(out)s)
qall!
"""


def vim_str(s):
    return "'" + s.replace("'", "''") + "'"


def check_vim(tap, root, files):
    vim = shutil.which("vim")
    if vim is None:
        print("# vim is not installed: the Vim syntax file is not checked")
        tap.skip("vim: every script gets the expected syntax groups", "vim not installed")
        return False
    ed = os.path.join(root, "editors", "vim")
    with tempfile.TemporaryDirectory() as tmp:
        jobs, wants = [], []
        for k, (path, rel) in enumerate(files):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            lines = text.split("\n")
            want = []
            for start, end, what, _, group in expectations(text):
                if what.isspace():
                    continue
                # a comment or a string is checked at both ends
                ends = (start, end - 1) if group in ("cspmLineComment", "cspmBlockComment", "cspmString", "cspmChar") else (start,)
                for off in ends:
                    line, col = where(text, off)
                    bcol = len(lines[line - 1][:col - 1].encode("utf-8")) + 1
                    want.append((line, bcol, what, group))
            posfile = os.path.join(tmp, "pos%d" % k)
            with open(posfile, "w") as f:
                f.write("".join("%d %d\n" % (l, c) for l, c, _, _ in want))
            jobs.append("[%s, %s]" % (vim_str(os.path.abspath(path)), vim_str(posfile)))
            wants.append((rel, want))
        out = os.path.join(tmp, "out")
        script = os.path.join(tmp, "check.vim")
        with open(script, "w") as f:
            f.write(VIM_SCRIPT % {"rtp": vim_str(os.path.abspath(ed)), "jobs": "[" + ", ".join(jobs) + "]",
                                  "syn": vim_str(os.path.abspath(os.path.join(ed, "syntax", "cspm.vim"))),
                                  "out": vim_str(out)})
        try:
            subprocess.run([vim, "-Es", "-N", "-u", "NONE", "-i", "NONE", "-S", script],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=120)
        except subprocess.TimeoutExpired:
            tap.result(False, "vim: runs headless", ["vim did not finish in 120 s"])
            return True
        try:
            with open(out, encoding="utf-8", errors="replace") as f:
                got = f.read().split("\n")
        except OSError:
            tap.result(False, "vim: runs headless", ["vim wrote no results"])
            return True
    it = iter(got)
    for rel, want in wants:
        head = (next(it, "") + "   ").split(" ", 3)
        tap.result(head[0] == "FILE" and head[1:3] == ["cspm", "cspm"] and not head[3].strip(),
                   "vim: %s is detected as cspm and highlighted by syntax/cspm.vim" % rel,
                   ["got filetype %r, b:current_syntax %r, error %r" % (head[1], head[2], head[3].strip())])
        bad = []
        for line, col, what, group in want:
            name = next(it, None)
            if name is None:
                bad.append("results end early")
                break
            if group is None:
                ok = not re.search(r"Comment|String|Char|Keyword|Assert|Declaration", name)
            else:
                ok = name == group or (group.endswith("Comment") and name == "cspmTodo")
            if not ok:
                bad.append("%s:%d:%d: %r wants %s, has %s" % (rel, line, col, what, group or "no comment, string or keyword group", name or "none"))
        tap.result(not bad, "vim: %s gets the expected syntax groups" % rel, bad)
    last = next(it, "")
    tap.result(last == "SOURCE ok", "vim: syntax/cspm.vim sources without an error", [last])
    return True


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: check_editors.py SOURCE_ROOT\n")
        return 2
    root = sys.argv[1]
    specs = os.path.join(root, "specs")
    files = [(os.path.join(specs, f), "specs/" + f) for f in sorted(os.listdir(specs)) if f.endswith(".csp")]
    files.append((os.path.join(root, "editors", "test", "sample.csp"), "editors/test/sample.csp"))
    tap = Tap()

    with open(os.path.join(root, "editors", "cspm.tmLanguage.json"), encoding="utf-8") as f:
        data = json.load(f)
    grammar = Grammar(data)
    tap.result(data.get("scopeName") == "source.cspm" and grammar.regex_count > 0 and not grammar.problems,
               "textmate: every one of the grammar's %d regexes compiles, within the Oniguruma/Python subset"
               % grammar.regex_count, grammar.problems or ["scopeName is %r" % data.get("scopeName")])
    for path, rel in files:
        check_textmate(tap, grammar, path, rel)
    check_vscode(tap, root)
    check_vim(tap, root, files)
    print("1..%d" % tap.n)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
