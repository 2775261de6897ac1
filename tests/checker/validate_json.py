#!/usr/bin/env python3
"""The JSON and JUnit reports of cspcheck's checking mode, end to end.

usage: validate_json.py SCHEMA CSPCHECK SPECS_DIR      (TAP on stdout)

Runs `CSPCHECK --format=json` on every SPECS_DIR/*.csp and on a few
scripts written here (a script error, a check made inconclusive by
--max-states, `assert not`, every kind of counterexample, an unsupported
model), and for each output checks:

  - that it is UTF-8, one JSON object, and valid against SCHEMA
    (tests/checker/output.schema.json, documented in docs/output.md);
  - the facts the schema cannot say: the results are the assertions that
    `--list` reports, in order; a failed result has a counterexample
    unless it is an `assert not`; other results have none; each
    counterexample agrees with its own steps; the exit status follows
    from the results (docs/output.md, "Exit status").

Then `--format=junit` on every SPECS_DIR/*.csp: the XML parses, has one
<testcase> per assertion, a <failure> exactly for the failed ones and an
<error> exactly for the inconclusive and error ones.

Python 3 standard library only: no jsonschema package is assumed, so
Validator below implements the subset of JSON Schema (draft 2020-12) the
schema uses, and refuses a schema that uses any other keyword rather than
ignore it.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# ---- a small JSON Schema validator -----------------------------------------

ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description"}
ASSERTIONS = {"type", "properties", "required", "additionalProperties", "items", "enum", "const",
              "minimum", "minLength", "minItems", "pattern", "oneOf", "anyOf", "$ref", "$defs"}


def json_type(v):
    """The JSON Schema type name of a decoded JSON value."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    raise TypeError(type(v))


def has_type(v, t):
    jt = json_type(v)
    if t == "number":
        return jt in ("integer", "number")
    if t == "integer":
        return jt == "integer" or (jt == "number" and v.is_integer())
    return jt == t


def same(a, b):
    """JSON equality: true is not 1, and 1 is 1.0."""
    ta, tb = json_type(a), json_type(b)
    num = ("integer", "number")
    if ta != tb and not (ta in num and tb in num):
        return False
    if ta == "array":
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if ta == "object":
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


class Validator:
    def __init__(self, root):
        self.root = root
        self._check_keywords(root, "#")

    def _check_keywords(self, s, where):
        if isinstance(s, bool):
            return
        if not isinstance(s, dict):
            raise ValueError(f"{where}: a schema must be an object or a boolean")
        for k, v in s.items():
            if k in ANNOTATIONS:
                continue
            if k not in ASSERTIONS:
                raise ValueError(f"{where}: keyword '{k}' is not implemented by this validator")
            if k in ("properties", "$defs"):
                for name, sub in v.items():
                    self._check_keywords(sub, f"{where}/{k}/{name}")
            elif k in ("items", "additionalProperties"):
                self._check_keywords(v, f"{where}/{k}")
            elif k in ("oneOf", "anyOf"):
                for i, sub in enumerate(v):
                    self._check_keywords(sub, f"{where}/{k}/{i}")
            elif k == "$ref":
                self._resolve(v)

    def _resolve(self, ref):
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are implemented, not '{ref}'")
        s = self.root
        for part in ref[2:].split("/"):
            s = s[part.replace("~1", "/").replace("~0", "~")]
        return s

    def errors(self, v, s=None, path="$"):
        """Every way v fails schema s (the root when None), as strings."""
        if s is None:
            s = self.root
        if s is True:
            return []
        if s is False:
            return [f"{path}: no value is allowed here"]
        out = []
        if "$ref" in s:
            out += self.errors(v, self._resolve(s["$ref"]), path)
        if "type" in s:
            types = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(has_type(v, t) for t in types):
                return out + [f"{path}: {json_type(v)} where {' or '.join(types)} is expected"]
        if "const" in s and not same(v, s["const"]):
            out.append(f"{path}: {json.dumps(v)} is not {json.dumps(s['const'])}")
        if "enum" in s and not any(same(v, e) for e in s["enum"]):
            out.append(f"{path}: {json.dumps(v)} is not one of {json.dumps(s['enum'])}")
        if "minimum" in s and json_type(v) in ("integer", "number") and v < s["minimum"]:
            out.append(f"{path}: {v} is below the minimum {s['minimum']}")
        if isinstance(v, str):
            if "minLength" in s and len(v) < s["minLength"]:
                out.append(f"{path}: the string is shorter than {s['minLength']}")
            if "pattern" in s and not re.search(s["pattern"], v):
                out.append(f"{path}: {json.dumps(v)} does not match /{s['pattern']}/")
        if isinstance(v, list):
            if "minItems" in s and len(v) < s["minItems"]:
                out.append(f"{path}: fewer than {s['minItems']} items")
            if "items" in s:
                for i, x in enumerate(v):
                    out += self.errors(x, s["items"], f"{path}[{i}]")
        if isinstance(v, dict):
            props = s.get("properties", {})
            for k in s.get("required", []):
                if k not in v:
                    out.append(f"{path}: lacks the required member '{k}'")
            for k, x in v.items():
                if k in props:
                    out += self.errors(x, props[k], f"{path}.{k}")
                elif "additionalProperties" in s:
                    extra = s["additionalProperties"]
                    if extra is False:
                        out.append(f"{path}: member '{k}' is not allowed")
                    else:
                        out += self.errors(x, extra, f"{path}.{k}")
        for key in ("oneOf", "anyOf"):
            if key not in s:
                continue
            results = [self.errors(v, alt, path) for alt in s[key]]
            good = sum(1 for r in results if not r)
            if good == 0:
                # the closest alternative says the most useful thing
                best = min(results, key=len)
                out.append(f"{path}: matches none of the {key} alternatives; the closest fails with:")
                out += ["  " + e for e in best]
            elif key == "oneOf" and good > 1:
                out.append(f"{path}: matches {good} of the oneOf alternatives, not exactly one")
        return out


# ---- TAP --------------------------------------------------------------------

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, name, problems, skip=None):
        self.n += 1
        if skip:
            print(f"ok {self.n} - {name} # SKIP {skip}")
        elif not problems:
            print(f"ok {self.n} - {name}")
        else:
            self.failed += 1
            print(f"not ok {self.n} - {name}")
            for p in problems[:20]:
                print(f"#   {p}")
            if len(problems) > 20:
                print(f"#   ... and {len(problems) - 20} more")
        sys.stdout.flush()

    def done(self):
        print(f"1..{self.n}")
        return 1 if self.failed else 0


# ---- running cspcheck -----------------------------------------------------

def run(cspcheck, args, cwd=None):
    """(exit status, stdout bytes, stderr text) of cspcheck ARGS."""
    p = subprocess.run([cspcheck] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, timeout=100)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError(f"member '{k}' appears twice in an object")
        d[k] = v
    return d


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def parse_json(out):
    """The one JSON object of out (strict: UTF-8, no NaN, no repeated
    member, nothing after it), or raise ValueError."""
    text = out.decode("utf-8")  # UnicodeDecodeError is a ValueError
    return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=reject_constant)


LIST_LINE = re.compile(r"^(.*):(\d+): (assert .*)$")


def listed(cspcheck, path, cwd):
    """The assertions `--list` reports: [(file, line, text)], or None when
    --list fails (a script error)."""
    rc, out, _ = run(cspcheck, ["--list", path], cwd)
    if rc != 0:
        return None
    got = []
    for line in out.decode("utf-8", "replace").splitlines():
        m = LIST_LINE.match(line)
        if m:
            got.append((m.group(1), int(m.group(2)), m.group(3)))
    return got


def expected_status(doc):
    """The exit status the results imply (docs/output.md)."""
    results = [r["result"] for r in doc["results"]]
    if doc["errors"] or "error" in results:
        return 3
    if "failed" in results:
        return 1
    if "inconclusive" in results:
        return 4
    return 0


def cex_facts(r):
    """What must hold of result r and its counterexample beyond the schema."""
    p = []
    where = f"line {r['line']} ({r['assertion']})"
    res, cex = r["result"], r["counterexample"]
    negated = r["assertion"].startswith("assert not ")
    if r["model"] is None and res != "error":
        p.append(f"{where}: model null on a result that is not an error")
    if res == "passed" and cex is not None:
        p.append(f"{where}: passed, yet has a counterexample")
    if res in ("inconclusive", "error"):
        if cex is not None:
            p.append(f"{where}: {res}, yet has a counterexample")
        if not r.get("message"):
            p.append(f"{where}: {res} without a message saying why")
    if res == "failed" and negated:
        if cex is not None:
            p.append(f"{where}: a failed 'assert not' has a counterexample")
        if not r.get("message"):
            p.append(f"{where}: a failed 'assert not' has no message")
    if res == "failed" and not negated:
        if cex is None:
            p.append(f"{where}: failed without a counterexample")
            return p
        msg = r.get("message", "")
        if not msg.startswith(f"{cex['kind']} counterexample"):
            p.append(f"{where}: message {msg!r} does not name the {cex['kind']} counterexample")
    if cex is None:
        return p
    kind, steps, trace = cex["kind"], cex["steps"], cex["trace"]
    visible = [s["event"] for s in steps if s["event"] != "tau"]
    if "tau" in trace:
        p.append(f"{where}: tau in the trace {trace}")
    if "tick" in trace[:-1]:
        p.append(f"{where}: tick before the end of the trace {trace}")
    for s in steps:
        leaves = [x["leaf"] for x in s["leaves"]]
        if len(set(leaves)) != len(leaves):
            p.append(f"{where}: a step names leaf {leaves} twice")
    if kind == "trace":
        if trace + [cex["event"]] != visible:
            p.append(f"{where}: trace {trace} then {cex['event']} is not what the steps do, {visible}")
        if cex["event"] in cex["allowed"]:
            p.append(f"{where}: the offending event {cex['event']} is among the allowed {cex['allowed']}")
    elif kind in ("refusal", "divergence", "deadlock", "nondeterminism"):
        if trace != visible:
            p.append(f"{where}: trace {trace} is not the visible events of the steps, {visible}")
    if kind == "refusal":
        acc = set(cex["acceptance"])
        for a in cex["spec_acceptances"]:
            if set(a) <= acc:
                p.append(f"{where}: the acceptance {sorted(acc)} contains the spec's {a}: no refusal")
    if kind == "divergence":
        k = cex["loop_length"]
        if k > len(steps):
            p.append(f"{where}: loop_length {k} is longer than the {len(steps)} steps")
        elif any(s["event"] != "tau" for s in steps[len(steps) - k:]):
            p.append(f"{where}: the last {k} steps are not all tau")
    if kind == "nondeterminism" and cex["event"] in cex["acceptance"]:
        p.append(f"{where}: the event {cex['event']} is in the acceptance {cex['acceptance']}")
    if kind == "no-trace":
        if cex["event"] in cex["allowed"]:
            p.append(f"{where}: the impossible event {cex['event']} is among the allowed {cex['allowed']}")
        if len(trace) != cex["possible_prefix"]:
            p.append(f"{where}: trace {trace} is not the possible prefix of {cex['possible_prefix']} events")
    return p


class Checker:
    def __init__(self, validator, cspcheck, tap):
        self.v = validator
        self.cspcheck = cspcheck
        self.tap = tap
        self.kinds = set()

    def json_case(self, name, path, cwd, extra=(), want_rc=None, facts=None):
        """Run --format=json on path and report: the schema, the --list
        agreement, the verdict facts, the exit status, and the case's
        own facts(doc) (a list of problems). Returns the document or None."""
        rc, out, err = run(self.cspcheck, ["--format=json"] + list(extra) + [path], cwd)
        try:
            doc = parse_json(out)
        except ValueError as e:
            self.tap.result(f"{name}: the output is one JSON object", [str(e), "stderr: " + err[:300]])
            return None
        self.tap.result(f"{name}: valid against the schema", self.v.errors(doc))
        if self.v.errors(doc):
            return None
        # the results are what --list reports (all of them unless a selection was asked)
        lst = listed(self.cspcheck, path, cwd)
        got = [(r["file"], r["line"], r["assertion"]) for r in doc["results"]]
        probs = []
        selected = any(a.startswith(("-a", "--assert")) for a in extra)
        if selected:
            probs += [f"result {g} is not an assertion --list reports" for g in got if g not in (lst or [])]
        else:
            if lst is None:
                if got:
                    probs.append(f"--list fails on the script, yet {len(got)} results")
            elif got != lst:
                probs.append(f"{len(got)} results, --list reports {len(lst)} assertions")
                probs += [f"result {g} vs listed {l}" for g, l in zip(got, lst) if g != l][:5]
        if doc["files"] != [path]:
            probs.append(f"files is {doc['files']}, not [{path!r}]")
        self.tap.result(f"{name}: " + ("the results are assertions --list reports" if selected
                                       else "one result per assertion --list reports"), probs)
        probs = []
        for r in doc["results"]:
            probs += cex_facts(r)
            if r["counterexample"]:
                self.kinds.add(r["counterexample"]["kind"])
        if any(r["result"] == "error" for r in doc["results"]) and not doc["errors"]:
            probs.append("an error result, yet errors is empty")
        self.tap.result(f"{name}: counterexamples exactly where they belong, and consistent", probs)
        want = expected_status(doc) if want_rc is None else want_rc
        probs = []
        if rc != want:
            probs.append(f"exit status {rc}, expected {want}")
        if rc != expected_status(doc):
            probs.append(f"exit status {rc}, but the results imply {expected_status(doc)}")
        self.tap.result(f"{name}: exit status {want}", probs)
        if facts:
            self.tap.result(f"{name}: {facts.__doc__.strip()}", facts(doc))
        return doc

    def junit_case(self, name, path, cwd, doc, fixme_tests_attr=True):
        """--format=junit on path, against the JSON document of the same run."""
        rc, out, err = run(self.cspcheck, ["--format=junit", path], cwd)
        try:
            root = ET.fromstring(out)
        except ET.ParseError as e:
            self.tap.result(f"{name}: the JUnit output parses", [str(e)])
            return
        p = []
        suites = root.findall("testsuite") if root.tag == "testsuites" else []
        if root.tag != "testsuites" or len(suites) != 1:
            self.tap.result(f"{name}: the JUnit output is one testsuite in testsuites",
                            [f"root <{root.tag}> with {len(suites)} testsuites"])
            return
        suite = suites[0]
        cases = suite.findall("testcase")
        asserts = [c for c in cases if not (c.get("classname") == "cspcheck" and c.get("name") == "script errors")]
        errcases = [c for c in cases if c not in asserts]
        results = doc["results"] if doc else []
        if len(asserts) != len(results):
            p.append(f"{len(asserts)} testcases for {len(results)} assertions")
        for c, r in zip(asserts, results):
            where = f"line {r['line']}"
            if c.get("name") != r["assertion"] or c.get("line") != str(r["line"]) or c.get("file") != r["file"]:
                p.append(f"{where}: testcase {c.attrib} is not {r['assertion']!r}")
            kids = [k.tag for k in c]
            want = {"passed": [], "failed": ["failure"], "inconclusive": ["error"], "error": ["error"]}[r["result"]]
            if kids != want:
                p.append(f"{where}: {r['result']} as {kids}, expected {want}")
                continue
            if want:
                k = c[0]
                if k.get("type") != r["result"] or k.get("message") != r.get("message", r["result"]):
                    p.append(f"{where}: <{k.tag}> type/message {k.attrib} do not match the JSON")
                if r["counterexample"] and not (k.text or "").startswith("    trace: <"):
                    p.append(f"{where}: the failure text is not the explained counterexample: {k.text!r:.60}")
        if doc and len(errcases) != len(doc["errors"]):
            p.append(f"{len(errcases)} 'script errors' testcases for {len(doc['errors'])} errors")
        nfailed = sum(r["result"] == "failed" for r in results)
        nerr = sum(r["result"] in ("inconclusive", "error") for r in results) + (len(doc["errors"]) if doc else 0)
        for e in (root, suite):
            if e.get("failures") != str(nfailed) or e.get("errors") != str(nerr):
                p.append(f"<{e.tag}> says failures={e.get('failures')} errors={e.get('errors')}, "
                         f"expected {nfailed} and {nerr}")
            # <testsuite tests=> counts the 'script errors' testcase too
            if fixme_tests_attr and e.get("tests") != str(len(cases)):
                p.append(f"<{e.tag}> says tests={e.get('tests')} but holds {len(cases)} testcases")
        if doc and rc != expected_status(doc):
            p.append(f"exit status {rc}, the JSON run gave {expected_status(doc)}")
        self.tap.result(f"{name}: JUnit has one testcase per assertion, <failure> exactly for the failed", p)


# ---- the scripts written here ---------------------------------------------

SCRIPT_ERROR = """\
channel a
P = a -> P
assert P [T= P
assert P [T= NOPE
"""

# SYS has 4^2 = 16 states; a limit of 2 stops its check, while the later
# assertion (2 states) still runs and passes.
INCONCLUSIVE = """\
channel a, b : {0..3}
CELL(i) = a.i -> b.i -> CELL(i)
SYS = ||| i : {0..3} @ CELL(i)
assert SYS :[deadlock free [F]]
assert CELL(0) [T= CELL(0)
"""

# P [T= Q fails (after <a>, Q does c), so its negation passes; P [T= P holds,
# so its negation fails, with no counterexample.
NEGATED = """\
channel a, b, c
P = a -> b -> P
Q = a -> c -> Q
assert not P [T= Q
assert not P [T= P
"""

# One assertion for each kind of counterexample, each derived by hand:
#   trace:          after <a>, Q does c; P allows only b
#   refusal:        a -> STOP |~| b -> STOP may refuse a, which the spec must accept
#   divergence:     P \ {a} does tau forever (a loop of 2: a and b hidden)
#   deadlock:       a -> STOP stops after <a>
#   nondeterminism: after <>, the hidden choice can do a and can refuse it
#   no-trace:       P cannot do c after <a>
#   and tick:       SKIP terminates, which STOP does not allow
KINDS = """\
channel a, b, c
P = a -> b -> P
Q = a -> c -> Q
assert P [T= Q
assert a -> STOP [] b -> STOP [F= a -> STOP |~| b -> STOP
assert P \\ {a, b} :[divergence free]
assert a -> STOP :[deadlock free [F]]
assert (a -> STOP [] b -> STOP) \\ {b} :[deterministic [F]]
assert P :[has trace]: <a, c>
assert STOP [T= SKIP
"""

# P(0) reaches head(<>) at its third step: compiling its leaf fails, the
# assertion is an error, and the script's error is counted in errors.
RUNTIME = """\
channel a
P(n) = if n == 3 then head(<>) else a -> P(n + 1)
Q = a -> Q
assert Q [T= P(0) ||| Q
assert Q [T= Q
"""

UNSUPPORTED = """\
channel a
P = a -> P
assert P [R= P
assert P :[deadlock free [V]]
assert P [T= P
"""

# A leaf's process description is cut to 64 bytes, never in the middle of
# a UTF-8 character (it once was, and the JSON and JUnit outputs were then
# not UTF-8):
#   channel c : {"ééééééééééééééééééééééééééééééé"}     (31 times é)
#   P = c."ééééééééééééééééééééééééééééééé" -> P
#   assert STOP [T= P
# `cspcheck --format=json` then fails to decode as UTF-8 (byte 0xc3 followed
# by '.').
UTF8 = ('channel c : {"' + "é" * 31 + '"}\n' + 'P = c."' + "é" * 31 + '" -> P\n' + "assert STOP [T= P\n")


def facts_utf8(doc):
    """the cut description is still UTF-8, ending in '...'"""
    p = []
    steps = (doc["results"][0].get("counterexample") or {}).get("steps", []) if doc["results"] else []
    if not any(l["process"].endswith("...") for s in steps for l in s["leaves"]):
        p.append("no step shows a cut process description")
    return p


def facts_script_error(doc):
    """no results, the error in errors"""
    p = []
    if doc["results"]:
        p.append(f"{len(doc['results'])} results from a script that does not load")
    if not doc["errors"] or "error" not in doc["errors"][0]:
        p.append(f"errors is {doc['errors']}")
    return p


def facts_inconclusive(doc):
    """the limited check is inconclusive, the next still runs and passes"""
    rs = [(r["result"], r.get("message", "")) for r in doc["results"]]
    if len(rs) != 2 or rs[0][0] != "inconclusive" or not rs[0][1].startswith("state limit") or rs[1][0] != "passed":
        return [f"results {rs}"]
    return []


def facts_negated(doc):
    """'assert not' inverts the verdict and shows no counterexample"""
    rs = [(r["result"], r["counterexample"], r.get("message")) for r in doc["results"]]
    want = [("passed", None, None), ("failed", None, "the assertion without 'not' holds")]
    return [] if rs == want else [f"results {rs}, expected {want}"]


def facts_kinds(doc):
    """each assertion fails with its own kind of counterexample"""
    want = ["trace", "refusal", "divergence", "deadlock", "nondeterminism", "no-trace", "trace"]
    got = [r["counterexample"]["kind"] if r["counterexample"] else r["result"] for r in doc["results"]]
    p = [] if got == want else [f"kinds {got}, expected {want}"]
    nt = doc["results"][5]["counterexample"] if len(doc["results"]) > 5 else None
    if not nt or (nt.get("trace"), nt.get("event"), nt.get("allowed")) != (["a"], "c", ["b"]):
        p.append(f"P :[has trace]: <a, c>: {nt}, expected the trace <a>, then c impossible, b allowed")
    last = doc["results"][-1]["counterexample"] if doc["results"] else None
    if not last or last.get("event") != "tick" or last.get("allowed") != []:
        p.append(f"STOP [T= SKIP: {last}, expected the event tick and nothing allowed")
    div = doc["results"][2]["counterexample"] if len(doc["results"]) > 2 else None
    if not div or div.get("loop_length") != 2 or div.get("trace") != []:
        p.append(f"P \\ {{a, b}}: {div}, expected a tau-loop of 2 after <>")
    return p


def facts_runtime(doc):
    """the run-time error is an error result; the next assertion still passes"""
    rs = [(r["model"], r["result"]) for r in doc["results"]]
    want = [("T", "error"), ("T", "passed")]
    p = [] if rs == want else [f"results {rs}, expected {want}"]
    if not doc["errors"]:
        p.append("errors is empty")
    return p


def facts_unsupported(doc):
    """unsupported models are errors with model null; the rest still runs"""
    rs = [(r["model"], r["result"]) for r in doc["results"]]
    want = [(None, "error"), (None, "error"), ("T", "passed")]
    p = [] if rs == want else [f"results {rs}, expected {want}"]
    if any("unsupported model" not in r.get("message", "") for r in doc["results"][:2]):
        p.append("the errors do not say 'unsupported model'")
    return p


def facts_selected(doc):
    """only the selected assertion, the second, is checked"""
    lines = [r["line"] for r in doc["results"]]
    return [] if lines == [5] else [f"results at lines {lines}, expected [5]"]


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: validate_json.py SCHEMA CSPCHECK SPECS_DIR\n")
        return 2
    schema_path, cspcheck, specs = argv[1], os.path.abspath(argv[2]), os.path.abspath(argv[3])
    tap = Tap()
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        validator = Validator(schema)
        tap.result("the schema uses only keywords this validator implements", [])
    except (ValueError, KeyError) as e:
        tap.result("the schema uses only keywords this validator implements", [str(e)])
        return tap.done()
    ck = Checker(validator, cspcheck, tap)

    # the validator itself rejects what it should
    bad = {"files": [], "results": [{"assertion": "assert P [T= P", "file": "x", "line": 0, "model": "R",
                                     "result": "ok", "stats": {"states": -1, "transitions": 0, "seconds": 0,
                                                               "peak_bytes": 0},
                                     "counterexample": {"kind": "trace", "trace": [], "steps": []},
                                     "extra": 1}]}
    errs = validator.errors(bad)
    wanted = ["lacks the required member 'errors'", "below the minimum 1", "\"R\" is not one of",
              "\"ok\" is not one of", "below the minimum 0", "member 'extra' is not allowed", "matches none"]
    tap.result("the validator finds every planted error",
               [f"missed: {w}" for w in wanted if not any(w in e for e in errs)])

    files = sorted(f for f in os.listdir(specs) if f.endswith(".csp"))
    if not files:
        tap.result(f"{specs} holds .csp files", ["none found"])
    for f in files:
        doc = ck.json_case(f"specs/{f}", f, specs)
        ck.junit_case(f"specs/{f}", f, specs, doc)

    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("script error", "error.csp", SCRIPT_ERROR, [], 3, facts_script_error),
            ("--max-states=2", "inconclusive.csp", INCONCLUSIVE, ["--max-states=2"], 4, facts_inconclusive),
            ("assert not", "negated.csp", NEGATED, [], 1, facts_negated),
            ("every counterexample kind", "kinds.csp", KINDS, [], 1, facts_kinds),
            ("a run-time error", "runtime.csp", RUNTIME, [], 3, facts_runtime),
            ("unsupported models", "unsupported.csp", UNSUPPORTED, [], 3, facts_unsupported),
            ("a long UTF-8 process description", "utf8.csp", UTF8, [], 1, facts_utf8),
        ]
        for name, fname, text, extra, rc, facts in cases:
            with open(os.path.join(tmp, fname), "w", encoding="utf-8") as out:
                out.write(text)
            doc = ck.json_case(name, fname, tmp, extra, rc, facts)
            if not extra:
                ck.junit_case(name, fname, tmp, doc)
        # -a and --assert select one result
        ck.json_case("-a 2", "negated.csp", tmp, ["-a", "2"], 1, facts_selected)
        ck.json_case("--assert", "negated.csp", tmp, ["--assert", "not P [T= P"], 1, facts_selected)

    missing = {"trace", "refusal", "divergence", "deadlock", "nondeterminism", "no-trace"} - ck.kinds
    tap.result("every kind of counterexample was seen and validated", [f"never seen: {k}" for k in sorted(missing)])
    return tap.done()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
