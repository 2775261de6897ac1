#!/usr/bin/env python3
"""The manual page docs/cspcheck.1 against the program.

usage: check_man.py CSPCHECK MANPAGE      (TAP on stdout)

Checks that:
  - every option and mode that `CSPCHECK --help` lists is in the manual
    page, after its MODES heading (so a new option cannot be forgotten);
  - the page has the sections a manual page needs;
  - groff renders it with every warning on (-ww) and none printed, when
    groff is installed (skipped with a message otherwise).

Python 3 standard library only.
"""
import re
import shutil
import subprocess
import sys

SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "MODES", "OPTIONS", "OUTPUT", "EXIT STATUS",
            "ENVIRONMENT", "EXAMPLES", "SEE ALSO"]


def help_options(cspcheck):
    """The options (--name, -x) and subcommands that --help lists."""
    out = subprocess.run([cspcheck, "--help"], stdout=subprocess.PIPE, check=True).stdout.decode()
    opts = set()
    for line in out.split("\n"):
        m = re.match(r"^\s+(-.*?)(?:\s{2,}|$)", line)
        if m:
            opts.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", m.group(1)))
        m = re.match(r"^\s+([a-z]+) [A-Z]", line)  # a subcommand: "  explore FILE EXPR"
        if m:
            opts.add(m.group(1))
    return opts


def plain(roff):
    """The text of roff source, near enough to search for option names."""
    text = roff.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    return re.sub(r"\\f(?:\[[^]]*\]|.)", "", text)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: check_man.py CSPCHECK MANPAGE\n")
        return 2
    cspcheck, page = sys.argv[1], sys.argv[2]
    with open(page, encoding="utf-8") as f:
        roff = f.read()
    n, failed = 0, 0

    def result(ok, desc, diag=()):
        nonlocal n, failed
        n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", n, desc))
        if not ok:
            failed += 1
            for d in diag:
                print("#   " + d)

    heads = re.findall(r'^\.SH\s+"?([^"\n]*)"?\s*$', roff, re.M)
    missing = [s for s in SECTIONS if s not in heads]
    result(not missing, "the page has the sections %s" % ", ".join(SECTIONS),
           ["missing: " + ", ".join(missing)])

    opts = help_options(cspcheck)
    text = plain(roff)
    body = text[text.find(".SH MODES"):] if ".SH MODES" in text else text
    absent = sorted(o for o in opts if not re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", body))
    result(opts and not absent, "every one of the %d options and modes of --help is in MODES or OPTIONS" % len(opts),
           ["not in the page: " + " ".join(absent)] if opts else ["--help listed no options"])

    groff = shutil.which("groff")
    if groff is None:
        print("ok %d - groff renders the page without warnings # SKIP groff is not installed" % (n + 1))
        n += 1
    else:
        p = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", page], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        err = p.stderr.decode(errors="replace").strip()
        result(p.returncode == 0 and not err, "groff renders the page without warnings", err.split("\n"))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
