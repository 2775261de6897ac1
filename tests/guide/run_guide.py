#!/usr/bin/env python3
"""Runs every example of docs/guide.md and compares the output with the guide's.

usage: run_guide.py CSPCHECK GUIDE            (TAP on stdout)
       run_guide.py --update CSPCHECK GUIDE   (rewrite GUIDE's outputs in place)

The guide holds its examples in fenced blocks:

  ```cspm title=NAME.csp      a script, written to NAME.csp in a scratch
  ...                         directory (every script block needs a title,
  ```                         and every script must be run by some command)

  ```console                  commands, each on a line starting with "$ ",
  $ cspcheck [ARGS] NAME.csp  each followed by the output it prints
  ...                         (standard output and standard error together)
  $ echo $?                   the exit status of the command before
  0
  ```

Each command is one TAP test: it is run with CSPCHECK in the scratch
directory (so paths print as written), with NO_COLOR set and no terminal,
and its output must be the guide's, except for the numbers that vary
from run to run: times (`0.000 s`, "seconds" and time="..." in JSON and
JUnit) and the memory the search used ("peak_bytes"). A console command
other than `cspcheck ...` or `echo $?` is an error: a guide example that
cannot be run must not look like one. Blocks of any other language
(```sh, plain ```) are not run.

--update writes the real output of each command into GUIDE instead of
comparing: run it after a deliberate change of the output, then read the
diff of the guide before committing it.

Python 3 standard library only.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\S*)(.*)$")
TITLE = re.compile(r"^\s*title=(\S+)\s*$")
SCRIPT_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.csp$")

# The numbers that change from run to run, and what they compare as.
VARIES = [
    (re.compile(r"\b\d+\.\d+ s\b"), "N.NNN s"),
    (re.compile(r'"seconds": [0-9.eE+-]+'), '"seconds": N'),
    (re.compile(r'"peak_bytes": \d+'), '"peak_bytes": N'),
    (re.compile(r'\btime="[0-9.eE+-]+"'), 'time="N"'),
]


def normalise(text):
    lines = []
    for line in text.split("\n"):
        for rx, rep in VARIES:
            line = rx.sub(rep, line)
        lines.append(line.rstrip())
    while lines and lines[-1] == "":
        lines.pop()
    return lines


class Command:
    """One `$ ...` line of a console block, with the lines that follow it.
    `first` and `end` are the indexes in the guide's lines of its expected
    output (end exclusive)."""

    def __init__(self, lineno, text):
        self.lineno, self.text, self.first, self.end = lineno, text, lineno, lineno


def parse(lines):
    """Return (scripts, commands, problems): scripts maps NAME.csp to
    (line number, text); commands is a list of Command in guide order."""
    scripts, commands, problems = {}, [], []
    i, n = 0, len(lines)
    while i < n:
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang, rest, start = m.group(1), m.group(2), i
        j = i + 1
        while j < n and not lines[j].startswith("```"):
            j += 1
        if j >= n:
            problems.append("line %d: a fenced block that is not closed" % (start + 1))
            break
        body = lines[start + 1:j]
        if lang == "cspm":
            t = TITLE.match(rest)
            if not t or not SCRIPT_NAME.match(t.group(1)):
                problems.append("line %d: a cspm block needs title=NAME.csp" % (start + 1))
            elif t.group(1) in scripts:
                problems.append("line %d: a second script named %s" % (start + 1, t.group(1)))
            else:
                scripts[t.group(1)] = (start + 1, "\n".join(body) + "\n")
        elif lang == "console":
            cur = None
            for k in range(start + 1, j):
                if lines[k].startswith("$ "):
                    cur = Command(k + 1, lines[k][2:])
                    cur.first = cur.end = k + 1
                    commands.append(cur)
                elif cur is None:
                    problems.append("line %d: console output before any command" % (k + 1))
                else:
                    cur.end = k + 1
            if cur is None:
                problems.append("line %d: a console block without a command" % (start + 1))
        i = j + 1
    return scripts, commands, problems


def run(cspcheck, cmd, workdir, last_status):
    """Run one command; return (output, exit status) or raise ValueError
    for a command the guide may not show."""
    argv = shlex.split(cmd.text)
    if argv == ["echo", "$?"]:
        if last_status is None:
            raise ValueError("'echo $?' with no command before it")
        return "%d\n" % last_status, 0
    if not argv or argv[0] != "cspcheck":
        raise ValueError("only 'cspcheck ...' and 'echo $?' can be run")
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CLICOLOR_FORCE", None)
    p = subprocess.run([cspcheck] + argv[1:], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    return p.stdout.decode("utf-8", errors="replace"), p.returncode


def main():
    args = sys.argv[1:]
    update = bool(args) and args[0] == "--update"
    if update:
        args = args[1:]
    if len(args) != 2:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    cspcheck, guide = os.path.abspath(args[0]), args[1]
    with open(guide, encoding="utf-8") as f:
        lines = f.read().split("\n")
    scripts, commands, problems = parse(lines)

    n, failed = 0, 0

    def result(ok, desc, diag=()):
        nonlocal n, failed
        n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", n, desc))
        if not ok:
            failed += 1
            for d in diag:
                print("#   " + d)
        sys.stdout.flush()

    result(not problems and scripts and commands,
           "%s: %d scripts and %d commands, every block well formed" % (os.path.basename(guide), len(scripts), len(commands)),
           problems or ["no examples found"])
    used = set()
    for c in commands:
        used.update(w for w in shlex.split(c.text) if w in scripts)
    unused = sorted(set(scripts) - used)
    result(not unused, "every script of the guide is run by a command",
           ["%s (line %d) is never run" % (s, scripts[s][0]) for s in unused])

    replace = {}  # guide line index of a command -> its real output lines
    with tempfile.TemporaryDirectory(prefix="guide-") as tmp:
        for name, (_, text) in scripts.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        status = None
        for c in commands:
            desc = "line %d: $ %s" % (c.lineno, c.text)
            try:
                out, rc = run(cspcheck, c, tmp, status)
            except ValueError as err:
                result(False, desc, [str(err)])
                continue
            except subprocess.TimeoutExpired:
                result(False, desc, ["did not finish in 120 s"])
                status = None
                continue
            if c.text.strip() != "echo $?":
                status = rc
            if update:
                replace[c.lineno - 1] = (c.end - c.first, out.rstrip("\n").split("\n") if out.strip() else [])
                continue
            want, got = normalise("\n".join(lines[c.first:c.end])), normalise(out)
            diag = []
            if want != got:
                for k in range(max(len(want), len(got))):
                    w = want[k] if k < len(want) else "(nothing)"
                    g = got[k] if k < len(got) else "(nothing)"
                    if w != g:
                        diag.append("first difference at output line %d (guide line %d):" % (k + 1, c.first + k + 1))
                        diag.append("  guide:  " + w)
                        diag.append("  actual: " + g)
                        break
                diag.append("actual output (exit status %d):" % rc)
                diag.extend("  " + line for line in out.rstrip("\n").split("\n"))
            result(want == got, desc, diag)

    if update:
        out_lines = []
        k = 0
        while k < len(lines):
            out_lines.append(lines[k])
            if k in replace:
                count, new = replace[k]
                out_lines.extend(new)
                k += count
            k += 1
        with open(guide, "w", encoding="utf-8") as f:
            f.write("\n".join(out_lines))
        sys.stderr.write("run_guide: rewrote the output of %d commands in %s\n" % (len(replace), guide))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
