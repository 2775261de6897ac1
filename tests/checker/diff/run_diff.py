#!/usr/bin/env python3
"""Differential test of cspcheck's refinement checker against a naive
reference semantics (reference.py) on random small processes (gen.py).

usage: run_diff.py CSPCHECK [--pairs N] [--seed S] [--length L] [--keep DIR]
                            [--batch B] [--jobs J]
       run_diff.py CSPCHECK --compressions [--pairs N] [--seed S] ...
       run_diff.py CSPCHECK --por [--pairs N] [--seed S] ...
       run_diff.py CSPCHECK --spill [--pairs N] [--seed S] ...
       run_diff.py [CSPCHECK] --self-test
       run_diff.py CSPCHECK --lts-check N [--seed S]
       run_diff.py CSPCHECK --dry-run [--pairs N] ...

Exit status: 0 all agreed (and at least N pairs compared), 1 a
disagreement or a problem with the checker, 2 usage, 77 CSPCHECK does not
exist.  See README.md.
"""

import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree

import argparse                    # noqa: E402
import json                        # noqa: E402
import os                          # noqa: E402
import random                      # noqa: E402
import re                          # noqa: E402
import shutil                      # noqa: E402
import subprocess                  # noqa: E402
import tempfile                    # noqa: E402
import threading                   # noqa: E402
import time                        # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen                         # noqa: E402
import reference as R              # noqa: E402

MAX_STATES = 60          # larger generated processes are regenerated
MAX_TRACES = 3000        # ... and so are those with more traces within L
DEEPER = 6               # re-check up to L + DEEPER when the checker's
DEEPER_TRACES = 200000   # counterexample is longer than L

CHECKS = ['T', 'F', 'FD', 'deadlock free [F]', 'deadlock free [FD]',
          'divergence free', 'deterministic [F]', 'deterministic [FD]']

# --compressions: the compressions that claim to preserve T, F and FD
# (chase is left out: it is only valid for tau-confluent processes), and
# where a compression is put: around the whole Spec, around the whole
# Impl, or around one component of a network in Spec or Impl
COMPRESSIONS = ['sbisim', 'wbisim', 'dbisim', 'diamond', 'normal', 'tau_loop_factor', 'explicate']
MODELS = ['T', 'F', 'FD']
PLACEMENTS = ['Spec', 'Impl', 'leaf']
COMPRESSION_KEYS = [(c, w, m) for c in COMPRESSIONS for m in MODELS for w in PLACEMENTS]
COMPRESSION_DECLS = 'transparent %s\n' % ', '.join(COMPRESSIONS)
COMPRESSION_PAIRS = 5000       # the default --pairs with --compressions
COMPRESSION_BATCH = 1200       # ... and --batch


# ------------------------------------------------------------ pairs

class Pair:
    """One generated pair and what the reference says about it."""

    def __init__(self, i, defs, spec, impl, how):
        self.i = i
        self.defs = defs
        self.spec = spec
        self.impl = impl
        self.how = how
        self.sem = R.Semantics(defs)
        self.lts = {}
        self.obs = {}
        self.extra = {}        # more processes the reference looks at: which -> term
        self.shown = []        # more definitions for the script: (name, term)

    def name(self, which):
        return '%s_%d' % (which, self.i)

    def term(self, which):
        if which in self.extra:
            return self.extra[which]
        return self.spec if which == 'Spec' else self.impl

    def edges(self, which, limit=20000):
        if which not in self.lts:
            self.lts[which] = self.sem.lts(self.term(which), limit)[1]
        return self.lts[which]

    def observe(self, which, L, max_traces=None):
        key = (which, L)
        if key not in self.obs:
            self.obs[key] = R.observations(self.edges(which), L, max_traces)
        return self.obs[key]

    def script(self):
        return gen.script_text(self.defs, [(self.name('Spec'), self.spec),
                                           (self.name('Impl'), self.impl)] + self.shown)


def make_pair(rng, i, L):
    """Generate pairs until one is small enough for the reference."""
    while True:
        defs, spec, impl, how = gen.gen_pair(rng, i)
        p = Pair(i, defs, spec, impl, how)
        try:
            for w in ('Spec', 'Impl'):
                p.edges(w, MAX_STATES)
                p.observe(w, L, MAX_TRACES)
        except R.SemanticsError:
            continue
        return p


POR_MODES = ['fast', 'hybrid', 'precise']
POR_MESSAGE = re.compile(r'partial order reduction: (\d+) of (\d+) states reduced')


def assertions_for(p, rng, por=False):
    """(text, check, which, key) for a pair: the three refinements, and
    every property check on one of its processes (so each check kind is
    compared once per pair); key is the tally's line. With por, every
    assertion asks for partial order reduction (the modes in turn); it
    must change no verdict."""
    out = assertions_plain(p, rng)
    if not por:
        return out
    return [('%s :[partial order reduce [%s]]' % (text, POR_MODES[(p.i + k) % 3]), check, which, key)
            for k, (text, check, which, key) in enumerate(out)]


def assertions_plain(p, rng):
    out = []
    for m in ('T', 'F', 'FD'):
        out.append(('%s [%s= %s' % (p.name('Spec'), m, p.name('Impl')), m, None, m))
    for prop in R.PROPERTIES:
        which = rng.choice(['Spec', 'Impl', 'Impl'])
        out.append(('%s :[%s]' % (p.name(which), prop), prop, which, prop))
    return out


# ------------------------------------------------------------ --compressions

# the operators whose operands are components of a network, and where
# those operands are in the term (a compression may stand there)
NETWORK_OPERANDS = {'par': (2, 3), 'link': (2, 3), 'inter': (1, 2), 'apar': (3, 4),
                    'hide': (1,), 'ren': (1,), 'rinter': (3,), 'rpar': (4,)}


def network_positions(t, path=()):
    """The paths (tuples of indices into the term) of the components of the
    network t is, below its top: the operands of parallel operators,
    hiding and renaming reached from the top through such operators."""
    out = []
    for i in NETWORK_OPERANDS.get(t[0], ()):
        out.append(path + (i,))
        out.extend(network_positions(t[i], path + (i,)))
    return out


def compress_at(t, path, comp):
    """t with the subterm at path put under the compression comp."""
    if not path:
        return ('comp', comp, t)
    lst = list(t)
    lst[path[0]] = compress_at(t[path[0]], path[1:], comp)
    return tuple(lst)


def wrappers(x):
    """Networks with x as a component, (term, path of x) each: where a
    process is no network itself its compressed leaf is put into one of
    these (the reference works out what they are, uncompressed)."""
    return [(('inter', x, ('SKIP',)), (1,)),
            (('hide', x, gen.make_set(['a'])), (1,)),
            (('ren', x, gen.make_renaming([('a', 'b')])), (1,)),
            (('par', gen.make_set(['b']), ('run', gen.make_set(['b'])), x), (3,))]


def prepare_leaves(p, rng, L):
    """For Spec and Impl, a variant with a compressed component of a
    network: a component of its own network when it has one, else the
    whole process as a component of a small network around it.  Records
    in p.leaves[which] = (compression, name of the uncompressed process
    for the reference, name of the compressed one in the script)."""
    p.leaves = {}
    for which in ('Spec', 'Impl'):
        t = p.term(which)
        comp = rng.choice(COMPRESSIONS)
        positions = network_positions(t)
        if positions and rng.random() < 0.9:
            p.shown.append((p.name(which + 'N'), compress_at(t, rng.choice(positions), comp)))
            p.leaves[which] = (comp, which, which + 'N')
            continue
        ws = wrappers(t)
        for w, path in [rng.choice(ws), ws[0]]:
            p.extra[which + 'W'] = w
            try:
                p.edges(which + 'W', MAX_STATES * 4)
                p.observe(which + 'W', L, MAX_TRACES)
            except R.SemanticsError:
                del p.extra[which + 'W']
                p.lts.pop(which + 'W', None)
                continue
            p.shown.append((p.name(which + 'N'), compress_at(w, path, comp)))
            p.leaves[which] = (comp, which + 'W', which + 'N')
            break


def compression_assertions(p, rng):
    """(text, check, which, key) for a pair in --compressions: every
    compression around Spec and around Impl in every model, and, in every
    model, Spec and Impl with one compressed component (prepare_leaves).
    which is ('refine', spec, impl, compressed): spec and impl name the
    processes whose refinement the reference decides, the uncompressed
    ones; compressed is the term with the compression (for minimising)."""
    out = []
    spec, impl = p.name('Spec'), p.name('Impl')
    for c in COMPRESSIONS:
        for m in MODELS:
            out.append(('%s(%s) [%s= %s' % (c, spec, m, impl), m,
                        ('refine', 'Spec', 'Impl', ('comp', c, p.spec)), (c, 'Spec', m)))
            out.append(('%s [%s= %s(%s)' % (spec, m, c, impl), m,
                        ('refine', 'Spec', 'Impl', ('comp', c, p.impl)), (c, 'Impl', m)))
    shown = dict(p.shown)
    leaf = p.leaves.get('Spec')
    if leaf:
        c, plain, named = leaf
        for m in MODELS:
            out.append(('%s [%s= %s' % (p.name(named), m, impl), m,
                        ('refine', plain, 'Impl', shown[p.name(named)]), (c, 'leaf', m)))
    leaf = p.leaves.get('Impl')
    if leaf:
        c, plain, named = leaf
        for m in MODELS:
            out.append(('%s [%s= %s' % (spec, m, p.name(named)), m,
                        ('refine', 'Spec', plain, shown[p.name(named)]), (c, 'leaf', m)))
    return out


def strip_compressions(t):
    """t with every compression taken away (its argument in its place)."""
    if t[0] == 'comp':
        return strip_compressions(t[2])
    out = t
    for pos in children(t):
        out = put_at(out, pos, strip_compressions(get_at(t, pos)))
    return out


def compression_differs(cspcheck, workdir, defs, u, model):
    """Does the checker find u (a term with compressions in it) and u
    with the compressions taken away other than equivalent in model
    (refinement both ways)?  None when it cannot tell (a script error)."""
    path = os.path.join(workdir, 'minimise.csp')
    d = used_defs(defs, u)
    with open(path, 'w') as f:
        f.write(gen.CHANNEL_DECLS + COMPRESSION_DECLS +
                gen.script_text(d, [('U_', strip_compressions(u)), ('C_', u)]) +
                'assert U_ [%s= C_\nassert C_ [%s= U_\n' % (model, model))
    r = subprocess.run([cspcheck, '--format=json', path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    try:
        res = [x.get('result') for x in json.loads(r.stdout.decode())['results']]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if len(res) != 2 or any(v not in ('passed', 'failed') for v in res):
        return None
    return res != ['passed', 'passed']


def minimise_compression(cspcheck, workdir, defs, u, model, budget=300):
    """The smallest variant of u (greedy shrinking, compressions kept
    where the checker takes them) that the checker still finds not
    equivalent to u without its compressions; None if u itself is not."""
    def bad(d, v):
        return has_comp(v) and compression_differs(cspcheck, workdir, d, v, model) is True
    if not bad(defs, u):
        return None
    return minimise(defs, u, bad, budget)


def reference_verdict(p, check, which, L, max_traces=None):
    """None (no violation within L) or a witness."""
    if which is None:
        which = ('refine', 'Spec', 'Impl')
    if isinstance(which, tuple):
        return R.REFINEMENTS[check](p.observe(which[1], L, max_traces),
                                    p.observe(which[2], L, max_traces))
    return R.PROPERTIES[check](p.observe(which, L, max_traces))


# ------------------------------------------------------------ the checker

# with --spill: the directory every search goes on disk in, from its
# first pair (CSPCHECK_SPILL_AFTER=1)
SPILL_DIR = None


def run_checker(cspcheck, path, out):
    """Run the checker on one script; fills out['rc'], ['stdout'],
    ['stderr'], ['time']."""
    t0 = time.time()
    cmd, env = [cspcheck, '--format=json', path], None
    if SPILL_DIR:
        cmd.insert(1, '--spill-dir=' + SPILL_DIR)
        env = dict(os.environ, CSPCHECK_SPILL_AFTER='1')
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600, env=env)
        out['rc'] = r.returncode
        out['stdout'] = r.stdout.decode('utf-8', 'replace')
        out['stderr'] = r.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        out['rc'] = 'timeout'
        out['stdout'] = out['stderr'] = ''
    out['time'] = time.time() - t0


def norm_event(e):
    return R.TICK if e in ('tick', '✓', 'TICK') else e


def cex_trace(res):
    cex = res.get('counterexample')
    if not isinstance(cex, dict) or not isinstance(cex.get('trace'), list):
        return None
    return tuple(norm_event(str(e)) for e in cex['trace'])


def cex_plausible(p, check, which, res, L):
    """Does the checker's counterexample trace fit the process (when it is
    within the bound)?  Returns None if fine, else a reason."""
    t = cex_trace(res)
    if t is None or len(t) > L:
        return None
    target = 'Impl' if which is None else which[2] if isinstance(which, tuple) else which
    o = p.observe(target, L)
    if t not in o.traces:
        return 'the counterexample trace %s is not a trace of %s' % (
            R.fmt_trace(t), p.name(target))
    return None


# ------------------------------------------------------------ the main run

class Tally:
    """Per check kind: agreed, disagreed, beyond (the bound), and how many
    of the agreed needed the deeper look; fails counts the assertions
    whose verdict (agreed on, or the reference's) is 'failed'."""

    def __init__(self, keys=CHECKS):
        self.keys = keys
        self.c = {k: dict(agreed=0, disagreed=0, beyond=0, deeper=0, fails=0) for k in keys}

    def add(self, check, what):
        self.c[check][what] += 1

    def total(self, what):
        return sum(c[what] for c in self.c.values())

    def print(self, dry_run=False):
        if self.keys is COMPRESSION_KEYS:
            return self.print_compressions(dry_run)
        if dry_run:
            print('%-20s %8s %8s' % ('check', 'passes', 'fails'))
            for k in CHECKS:
                c = self.c[k]
                print('%-20s %8d %8d' % (k, c['agreed'] - c['fails'], c['fails']))
            return
        print('%-20s %8s %10s %12s   %s' % ('check', 'agreed', 'disagreed', 'beyond-bound',
                                           '(agreed: failed / needed a deeper look)'))
        for k in CHECKS:
            c = self.c[k]
            print('%-20s %8d %10d %12d   (%d / %d)' % (k, c['agreed'], c['disagreed'], c['beyond'],
                                                      c['fails'], c['deeper']))

    def print_compressions(self, dry_run):
        """One line per compression and model, the placements summed and
        then apart (C(Spec) [M= Impl, Spec [M= C(Impl), a compressed
        component of a network on either side)."""
        if dry_run:
            print('%-22s %8s %8s' % ('compression, model', 'passes', 'fails'))
        else:
            print('%-22s %7s %9s %7s   %-21s %-15s %s' % (
                'compression, model', 'agreed', 'disagreed', 'beyond',
                'checks C(Spec)/', 'disagreed', '(agreed: failed /'))
            print('%-22s %7s %9s %7s   %-21s %-15s %s' % (
                '', '', '', '', 'C(Impl)/leaf', '(same split)', 'deeper look)'))
        for comp in COMPRESSIONS:
            for m in MODELS:
                cs = [self.c[(comp, w, m)] for w in PLACEMENTS]
                tot = {k: sum(c[k] for c in cs) for k in cs[0]}
                label = '%s %s' % (comp, m)
                if dry_run:
                    print('%-22s %8d %8d' % (label, tot['agreed'] - tot['fails'], tot['fails']))
                    continue
                per = '/'.join('%d' % (c['agreed'] + c['disagreed'] + c['beyond']) for c in cs)
                bad = '/'.join('%d' % c['disagreed'] for c in cs)
                print('%-22s %7d %9d %7d   %-21s %-15s (%d / %d)' % (
                    label, tot['agreed'], tot['disagreed'], tot['beyond'], per, bad,
                    tot['fails'], tot['deeper']))


def describe_pair(p):
    return p.script().rstrip('\n')


def compare(p, check, which, res, L):
    """Compare one assertion's result with the reference.  Returns
    (outcome, why, witness) with outcome 'agreed', 'deeper' (agreed once
    the reference looked past L), 'beyond' or 'disagreed'."""
    w = reference_verdict(p, check, which, L)
    verdict = res.get('result')
    if verdict not in ('passed', 'failed'):
        return 'disagreed', 'the checker says %r' % (verdict,), w
    if w is not None:
        if verdict == 'passed':
            return 'disagreed', 'the reference finds a violation within L=%d' % L, w
        why = cex_plausible(p, check, which, res, L)
        if why:
            return 'disagreed', why, w
        return 'agreed', None, w
    if verdict == 'passed':
        return 'agreed', None, w
    # the checker says failed, the reference sees nothing within L
    t = cex_trace(res)
    if t is None:
        return 'disagreed', 'failed without a counterexample trace, and the reference finds ' \
            'no violation within L=%d' % L, w
    if len(t) < L:
        return 'disagreed', 'a counterexample of length %d, but the reference finds no ' \
            'violation within L=%d' % (len(t), L), w
    # look deeper: a witness whose trace has n events is within bound n + 1
    L2 = len(t) + 1
    if L2 > L + DEEPER:
        return 'beyond', None, w
    try:
        w2 = reference_verdict(p, check, which, L2, DEEPER_TRACES)
    except R.SemanticsError:
        return 'beyond', None, w
    if w2 is None:
        return 'disagreed', 'a counterexample of length %d, but the reference finds no ' \
            'violation within L=%d either' % (len(t), L2), w
    return 'deeper', None, w2


class Run:
    """The state of one differential run."""

    def __init__(self, args):
        self.args = args
        self.L = args.length
        self.tally = Tally(COMPRESSION_KEYS if args.compressions else CHECKS)
        self.por = [0, 0, 0]      # assertions reduced, states reduced, their states
        self.disagreements = 0
        self.shown = 0
        self.problems = 0          # the checker failed on a whole script
        self.kept = False
        self.pairs_done = 0
        self.minimised = 0         # disagreements minimised (--compressions)

    def report(self, p, text, w, res, why, path, check=None, which=None):
        self.disagreements += 1
        self.kept = True
        if self.shown >= self.args.show:
            return
        self.shown += 1
        print('=' * 72)
        print('DISAGREEMENT: assert %s   (pair %d, %s; %s)' % (text, p.i, p.how, path))
        print('  %s' % why)
        print('  reference (L=%d): %s' % (self.L, 'no violation' if w is None else
                                          '%s after %s%s' % (w[0], R.fmt_trace(w[1]),
                                                             '' if w[2] is None else
                                                             ' (%s)' % fmt_detail(w[2]))))
        print('  checker: %s, counterexample %s' % (res.get('result'),
                                                    json.dumps(res.get('counterexample'))))
        decls = gen.CHANNEL_DECLS + (COMPRESSION_DECLS if self.args.compressions else '')
        print('  script (%s):' % decls.strip().replace('\n', '; '))
        for line in describe_pair(p).split('\n'):
            print('    ' + line)
        if self.args.compressions and isinstance(which, tuple) and len(which) > 3 \
                and self.minimised < 2:
            self.minimised += 1
            self.minimise(p, check, which[3])
        sys.stdout.flush()

    def minimise(self, p, model, u):
        """Print the smallest process C with a compression that the
        checker finds not equivalent in model to C uncompressed."""
        workdir = tempfile.mkdtemp(prefix='cspcheck-min-')
        m = minimise_compression(self.args.cspcheck, workdir, p.defs, u, model)
        shutil.rmtree(workdir, ignore_errors=True)
        if m is None:
            print('  the checker finds the compressed process %s-equivalent to the '
                  'uncompressed one: not the compression\'s doing' % model)
            return
        mdefs, mt = m
        print('  minimised: the checker finds C_ and U_ (C_ uncompressed) not %s-equivalent:'
              % model)
        for line in gen.script_text(mdefs, [('C_', mt), ('U_', strip_compressions(mt))]) \
                .rstrip('\n').split('\n'):
            print('    ' + line)

    def problem(self, path, msg, detail=''):
        self.problems += 1
        self.kept = True
        print('=' * 72)
        print('%s: %s' % (path, msg))
        if detail:
            print(detail)
        sys.stdout.flush()

    def handle(self, out, path, lined):
        """Compare the checker's output on one script with the reference."""
        rc = out['rc']
        if rc == 3:
            self.problem(path, 'SCRIPT ERROR (exit 3): a bug in the generator or in the '
                         'checker; the script is kept', out['stderr'][-3000:])
            return
        if rc == 2:
            self.problem(path, 'usage error (exit 2): does the checker take --format=json yet?',
                         out['stderr'][-1000:])
            return
        if rc not in (0, 1, 4):
            self.problem(path, 'checker exit status %r' % (rc,), out['stderr'][-3000:])
            return
        try:
            doc = json.loads(out['stdout'])
            results = [r for r in doc['results'] if isinstance(r, dict)]
        except (ValueError, KeyError, TypeError) as ex:
            self.problem(path, 'cannot read the checker\'s JSON (%s)' % ex, out['stdout'][:2000])
            return
        if doc.get('errors'):
            self.problem(path, 'the checker reports errors', json.dumps(doc['errors'])[:3000])
            return
        items = [(p, it) for p, li in lined for it in li]
        by_line = {r['line']: r for r in results if isinstance(r.get('line'), int)}
        if len(by_line) != len(results):
            # no usable line numbers: rely on the order
            by_line = {it[3]: r for (p, it), r in zip(items, results)}
        if len(results) != len(items):
            self.problem(path, '%d results for %d assertions' % (len(results), len(items)))
        any_failed = False
        for p, li in lined:
            complete = True
            for text, check, which, key, line in li:
                res = by_line.get(line)
                if res is None:
                    complete = False
                    continue
                said = ' '.join(str(res.get('assertion', '')).split())
                if said.startswith('assert '):
                    said = said[len('assert '):]
                if said and said != text:
                    self.problem(path, 'the result for line %d is for %r, expected %r'
                                 % (line, said, text))
                    complete = False
                    continue
                m = POR_MESSAGE.search(str(res.get('message', '')))
                if m:
                    self.por[0] += 1
                    self.por[1] += int(m.group(1))
                    self.por[2] += int(m.group(2))
                outcome, why, w = compare(p, check, which, res, self.L)
                if res.get('result') == 'failed':
                    any_failed = True
                if outcome == 'disagreed':
                    self.report(p, text, w, res, why, path, check, which)
                    complete = False
                elif outcome == 'deeper':
                    self.tally.add(key, 'deeper')
                    outcome = 'agreed'
                if outcome == 'agreed' and res.get('result') == 'failed':
                    self.tally.add(key, 'fails')
                self.tally.add(key, outcome)
            if complete:
                self.pairs_done += 1
        if rc != 4 and rc != (1 if any_failed else 0):
            self.problem(path, 'exit status %d, but its results say %d'
                         % (rc, 1 if any_failed else 0))

    def dry(self, path, lined):
        """Without the checker: type-check the script and tally the
        reference's verdicts; returns the time the reference took."""
        r = subprocess.run([self.args.cspcheck, '--typecheck', path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if r.returncode != 0:
            self.problem(path, 'DOES NOT TYPE-CHECK (a generator bug)',
                         r.stderr.decode('utf-8', 'replace')[-3000:])
            return 0.0
        t0 = time.time()
        for p, li in lined:
            for text, check, which, key, _ in li:
                w = reference_verdict(p, check, which, self.L)
                self.tally.add(key, 'agreed')
                if w is not None:
                    self.tally.add(key, 'fails')
            self.pairs_done += 1
        return time.time() - t0


def write_batch(rng, arng, first, n, L, path, max_assertions, compressions=False, por=False):
    """Generate pairs first, first+1, ... into one script of at most
    max_assertions assertions (and at most n pairs); returns the list of
    (pair, [(text, check, which, key, line)])."""
    parts = [gen.CHANNEL_DECLS]
    if compressions:
        parts.append(COMPRESSION_DECLS)
    batch = []
    nassert = 0
    i = first
    while i < first + n and nassert < max_assertions:
        p = make_pair(rng, i, L)
        if compressions:
            prepare_leaves(p, arng, L)
            items = compression_assertions(p, arng)
        else:
            items = assertions_for(p, arng, por)
        parts.append('-- pair %d (%s)\n' % (i, p.how))
        parts.append(p.script())
        batch.append((p, items))
        nassert += len(items)
        i += 1
    body = ''.join(parts)
    line = body.count('\n') + 1          # the line of the first assertion
    asserts = []
    lined = []
    for p, items in batch:
        li = []
        for text, check, which, key in items:
            asserts.append('assert %s\n' % text)
            li.append((text, check, which, key, line))
            line += 1
        lined.append((p, li))
    with open(path, 'w') as f:
        f.write(body + ''.join(asserts))
    return lined


def main_run(args):
    run = Run(args)
    L = args.length
    rng = random.Random(args.seed)
    arng = random.Random(args.seed + 1)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = args.keep
    else:
        workdir = tempfile.mkdtemp(prefix='cspcheck-diff-')
    global SPILL_DIR
    if args.spill:
        SPILL_DIR = os.path.join(workdir, 'spill')
        os.makedirs(SPILL_DIR, exist_ok=True)
    t_start = time.time()
    t_py = 0.0
    nfiles = 0
    pending = []              # (thread, output, path, lined), oldest first
    leaf_kinds = [0, 0]       # --compressions: leaves in a network around, in its own
    i = 0
    while i < args.pairs:
        t0 = time.time()
        path = os.path.join(workdir, 'diff_%04d.csp' % nfiles)
        nfiles += 1
        lined = write_batch(rng, arng, i, args.pairs - i, L, path, args.batch,
                            args.compressions, args.por)
        i += len(lined)
        for p, _ in lined:
            for _, plain, _ in getattr(p, 'leaves', {}).values():
                leaf_kinds[plain in ('Spec', 'Impl')] += 1
        if args.dry_run:
            t_py += time.time() - t0
            t_py += run.dry(path, lined)
            continue
        out = {}
        th = threading.Thread(target=run_checker, args=(args.cspcheck, path, out))
        th.start()
        pending.append((th, out, path, lined))
        # the reference's work on this batch while the checker runs
        for p, li in lined:
            for text, check, which, _, _ in li:
                reference_verdict(p, check, which, L)
        t_py += time.time() - t0
        while len(pending) >= args.jobs or (pending and i >= args.pairs):
            th, out, path_, lined_ = pending.pop(0)
            th.join()
            t0 = time.time()
            run.handle(out, path_, lined_)
            t_py += time.time() - t0
        if run.problems and not args.keep_going:
            break
    for th, out, path_, lined_ in pending:
        th.join()
        run.handle(out, path_, lined_)

    elapsed = time.time() - t_start
    print('=' * 72)
    if args.dry_run:
        print('dry run: %d pairs in %d scripts, all type-checked by %s; the reference\'s '
              'verdicts (L=%d, seed %d):' % (run.pairs_done, nfiles, args.cspcheck, L, args.seed))
    else:
        print('%d pairs compared in %d scripts (L=%d, seed %d%s):'
              % (run.pairs_done, nfiles, L, args.seed,
                 ', compressions' if args.compressions else
                 ', partial order reduction' if args.por else
                 ', every search on disk' if args.spill else ''))
    if args.por:
        print('partial order reduction: applied to %d assertions, reduced %d of their %d states'
              % (run.por[0], run.por[1], run.por[2]))
        if run.por[1] == 0 and run.pairs_done >= 100:
            print('FAIL: partial order reduction never reduced a state')
            return 1
    run.tally.print(args.dry_run)
    if args.compressions:
        print('compressed leaves: %d in a component of the process\'s own network, %d in the '
              'process put into a small network' % (leaf_kinds[1], leaf_kinds[0]))
    if not args.dry_run:
        beyond = run.tally.total('beyond')
        total = beyond + run.tally.total('agreed') + run.tally.total('disagreed')
        print('beyond the bound: %d of %d assertions (%.2f%%)'
              % (beyond, total, 100.0 * beyond / max(total, 1)))
    print('time: %.1f s in all, %.1f s of it generating and in the reference'
          % (elapsed, t_py))
    if args.keep or run.kept:
        print('scripts kept in %s' % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if run.problems or run.disagreements:
        print('FAIL: %d disagreement(s), %d problem(s) with whole scripts'
              % (run.disagreements, run.problems))
        return 1
    if run.pairs_done < args.pairs:
        print('FAIL: only %d of %d pairs compared' % (run.pairs_done, args.pairs))
        return 1
    print('OK')
    return 0


def fmt_detail(d):
    if isinstance(d, frozenset):
        return 'acceptance {%s}' % ', '.join(sorted('✓' if e == R.TICK else e for e in d))
    return 'event %s' % ('✓' if d == R.TICK else d)


# ------------------------------------------------------------ LTS cross-check

def read_aut(text):
    lines = text.strip().split('\n')
    head = lines[0]
    if not head.startswith('des'):
        raise ValueError('not an .aut file: %r' % head[:80])
    nums = head[head.index('(') + 1:head.rindex(')')].split(',')
    init, ntrans, nstates = (int(x) for x in nums)
    edges = [[] for _ in range(nstates)]
    for ln in lines[1:]:
        ln = ln.strip()
        a = ln.index(',')
        b = ln.rindex(',')
        src = int(ln[1:a])
        lab = ln[a + 1:b].strip().strip('"')
        dst = int(ln[b + 1:-1])
        edges[src].append((lab, dst))
    if init != 0:
        raise ValueError('initial state %d' % init)
    return edges


def bisimilar(e1, e2):
    """Strong bisimilarity of the initial states (0) of two LTSs, by
    naive partition refinement on their disjoint union."""
    n1 = len(e1)
    edges = [list(x) for x in e1] + [[(l, j + n1) for l, j in x] for x in e2]
    block = [0] * len(edges)
    nblocks = 1
    while True:
        sigs = {}
        new = []
        for s, out in enumerate(edges):
            sig = (block[s], frozenset((l, block[j]) for l, j in out))
            new.append(sigs.setdefault(sig, len(sigs)))
        block = new
        if len(sigs) == nblocks:
            break
        nblocks = len(sigs)
    return block[0] == block[n1]


def children(t):
    """The positions of t's process operands: (index, None) or (index, j)
    for the j-th element of a tuple operand."""
    k = t[0]
    if k in ('ext', 'int'):
        return [(1, j) for j in range(len(t[1]))]
    if k in ('seq', 'slide', 'intr', 'inter'):
        return [(1, None), (2, None)]
    if k in ('exc', 'par', 'link'):
        return [(2, None), (3, None)]
    if k == 'apar':
        return [(3, None), (4, None)]
    if k in ('hide', 'ren'):
        return [(1, None)]
    if k == 'comp':
        return [(2, None)]
    if k in ('prefix', 'guard', 'rext', 'rint', 'rinter', 'rseq'):
        return [(len(t) - 1, None)]
    if k == 'rpar':
        return [(4, None)]
    return []


def get_at(t, pos):
    i, j = pos
    return t[i] if j is None else t[i][j]


def put_at(t, pos, u):
    i, j = pos
    lst = list(t)
    if j is None:
        lst[i] = u
    else:
        sub = list(t[i])
        sub[j] = u
        lst[i] = tuple(sub)
    return tuple(lst)


def has_comp(t):
    return t[0] == 'comp' or any(has_comp(get_at(t, pos)) for pos in children(t))


def subst(t, x, v):
    """R.subst, also through compressions (which reference.py does not
    know: in --compressions they stand only below the operators of a
    network, whose sets and relations hold no variables)."""
    if not has_comp(t):
        return R.subst(t, x, v)
    if t[0] in ('rinter', 'rext', 'rint', 'rseq') and t[1] == x or t[0] == 'rpar' and t[2] == x:
        return t
    if t[0] != 'comp' and t[0] not in NETWORK_OPERANDS:
        raise R.SemanticsError('subst: a compression below %r' % (t[0],))
    for pos in children(t):
        t = put_at(t, pos, subst(get_at(t, pos), x, v))
    return t


def closed_child(t, pos):
    """The child at pos with the variables t binds there set to 0."""
    c = get_at(t, pos)
    k = t[0]
    try:
        if k == 'prefix':
            for part in t[2]:
                if part[0] == '?':
                    c = subst(c, part[1], (part[2] or (0, 1))[0])
        elif k in ('rext', 'rint', 'rinter', 'rseq'):
            c = subst(c, t[1], 0)
        elif k == 'rpar':
            c = subst(c, t[2], 0)
    except R.SemanticsError:
        pass                # left open: the checker will refuse it
    return c


def used_defs(defs, t):
    """The defs t calls, transitively, in their order."""
    d = dict(defs)
    need = set()
    stack = [t]
    while stack:
        u = stack.pop()
        if u[0] == 'call':
            if u[1] not in need:
                need.add(u[1])
                stack.append(d[u[1]])
            continue
        for pos in children(u):
            stack.append(get_at(u, pos))
    return [(n, b) for n, b in defs if n in need]


def same_observations(e1, e2, L=6):
    """Equal traces, minimal acceptances and divergences within L?"""
    try:
        o1 = R.observations(e1, L, 20000)
        o2 = R.observations(e2, L, 20000)
    except R.SemanticsError:
        return True          # too big to tell; do not report
    return (o1.traces == o2.traces and o1.divs == o2.divs
            and all(minimal(o1.failures.get(s, ())) == minimal(o2.failures.get(s, ()))
                    for s in o1.traces | o2.traces))


def minimal(accs):
    return {A for A in accs if not any(B < A for B in accs)}


def lts_compare(cspcheck, defs, t, workdir, observe=True):
    """Compare cspcheck's LTS of t with ours: returns (status, detail)
    with status 'bisimilar' (strongly, with equal branches of a
    replicated [] merged or not), 'equivalent' (not bisimilar, but the
    same traces, failures and divergences within 6 events), 'different',
    'skip' (not a case for the comparison) or 'error' (cspcheck failed).
    With observe=False, 'different' means only 'not bisimilar'."""
    path = os.path.join(workdir, 'one.csp')
    defs = used_defs(defs, t)
    with open(path, 'w') as f:
        f.write(gen.CHANNEL_DECLS + gen.script_text(defs, [('X_', t)]))
    try:
        ours = R.Semantics(defs).lts(t)[1]
        ours2 = R.Semantics(defs, dedupe=False).lts(t)[1]
    except (R.SemanticsError, RecursionError, KeyError):
        return 'skip', None
    r = subprocess.run([cspcheck, '--aut=X_', path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode != 0:
        return 'error', 'exit %d: %s' % (r.returncode, r.stderr.decode()[-500:])
    theirs = read_aut(r.stdout.decode())
    if bisimilar(ours, theirs) or bisimilar(ours2, theirs):
        return 'bisimilar', None
    detail = 'ours %d states, %d transitions; cspcheck %d states, %d transitions' % (
        len(ours), sum(map(len, ours)), len(theirs), sum(map(len, theirs)))
    if observe and same_observations(ours, theirs):
        return 'equivalent', detail
    return 'different', detail


def shrinks(t, defs):
    """Smaller variants of t, roughly smallest first, lazily."""
    yield ('STOP',)
    yield ('SKIP',)
    if t[0] == 'call':
        yield dict(defs)[t[1]]
    for pos in children(t):
        yield closed_child(t, pos)
    for pos in children(t):
        for u in shrinks(get_at(t, pos), defs):
            yield put_at(t, pos, u)


def minimise(defs, t, still_bad, budget=400):
    """Greedy shrinking of t while still_bad(defs, u) holds."""
    progress = True
    while progress and budget > 0:
        progress = False
        for u in shrinks(t, defs):
            if u == t:
                continue
            budget -= 1
            if budget <= 0:
                break
            if still_bad(defs, u):
                t = u
                progress = True
                break
    return used_defs(defs, t), t


def print_lts_case(title, defs, t):
    print('  %s:' % title)
    for line in gen.script_text(defs, [('X_', t)]).rstrip('\n').split('\n'):
        print('    ' + line)


def has_replicated_choice(defs, t):
    d = dict(defs)
    stack = [t] + [d[n] for n, _ in used_defs(defs, t)]
    while stack:
        u = stack.pop()
        if u[0] == 'rext':
            return True
        stack.extend(get_at(u, pos) for pos in children(u))
    return False


def lts_check(args):
    """Compare our LTS of generated processes with `cspcheck --aut`."""
    rng = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix='cspcheck-lts-')
    cs = args.cspcheck
    n = 0
    bad = []
    loose = []
    i = 0
    t0 = time.time()
    while n < args.lts_check:
        defs, spec, impl, how = gen.gen_pair(rng, i)
        p = Pair(i, defs, spec, impl, how)
        i += 1
        for w in ('Spec', 'Impl'):
            status, detail = lts_compare(cs, p.defs, p.term(w), workdir)
            if status == 'skip':
                continue
            n += 1
            if status in ('different', 'error'):
                bad.append((p.defs, p.term(w), status, detail))
            elif status == 'equivalent':
                if has_replicated_choice(p.defs, p.term(w)):
                    loose.append((p.defs, p.term(w), status, detail))
                else:
                    # only replicated [] has a reading that changes the LTS
                    bad.append((p.defs, p.term(w), 'equivalent, but not bisimilar', detail))
    key = lambda b: len(gen.show(b[1])) + len(gen.script_text(used_defs(b[0], b[1]), []))
    bad.sort(key=key)
    loose.sort(key=key)
    for defs, t, status, detail in bad[:args.show]:
        print('=' * 72)
        print('LTS DISAGREEMENT (%s): %s' % (status, detail))
        print_lts_case('process', used_defs(defs, t), t)
        want = status if status in ('different', 'error') else 'equivalent'
        mdefs, mt = minimise(defs, t, lambda d, u: lts_compare(cs, d, u, workdir)[0] == want)
        print_lts_case('minimised (%s)' % lts_compare(cs, mdefs, mt, workdir)[1], mdefs, mt)
        print('  our LTS of X_:')
        for j, out in enumerate(R.Semantics(mdefs).lts(mt)[1]):
            for e, k in out:
                print('    (%d,"%s",%d)' % (j, e, k))
    for defs, t, status, detail in loose[:min(args.show, 3)]:
        print('-' * 72)
        print('equivalent within 6 events but not strongly bisimilar (%s), a replicated []: '
              'cspcheck merges equal branches when their values are equal' % detail)
        mdefs, mt = minimise(defs, t, lambda d, u: lts_compare(cs, d, u, workdir, False)[0]
                             == 'different')
        print_lts_case('minimised', mdefs, mt)
    print('%d processes compared with cspcheck --aut: %d strongly bisimilar, %d only equivalent '
          '(same traces, failures, divergences within 6 events), %d disagree; %.1f s'
          % (n, n - len(bad) - len(loose), len(loose), len(bad), time.time() - t0))
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


# ------------------------------------------------------------ self-test

def self_test(args):
    """The reference against the hand-worked table; with CSPCHECK, also
    type-check the table as a script and, once the checker takes
    --format=json, compare its verdicts with the table's."""
    bad = R.run_self_test(gen.show, verbose=args.verbose)
    if not args.cspcheck:
        return 1 if bad else 0
    if not os.path.exists(args.cspcheck):
        print('%s does not exist: the checker part of the self-test is skipped' % args.cspcheck)
        return 1 if bad else 0
    workdir = tempfile.mkdtemp(prefix='cspcheck-selftest-')
    path = os.path.join(workdir, 'selftest.csp')
    lines = [gen.CHANNEL_DECLS, gen.script_text(R.SELF_TEST_DEFS, [])]
    cases = []
    for n, (kind, spec, p, check, want) in enumerate(R.self_test_cases()):
        lines.append('P%d = %s\n' % (n, gen.show(p)))
        if kind == 'refine':
            lines.append('S%d = %s\n' % (n, gen.show(spec)))
            cases.append(('S%d [%s= P%d' % (n, check, n), want))
        else:
            cases.append(('P%d :[%s]' % (n, check), want))
    body = ''.join(lines)
    first = body.count('\n') + 1
    with open(path, 'w') as f:
        f.write(body + ''.join('assert %s\n' % c for c, _ in cases))
    r = subprocess.run([args.cspcheck, '--typecheck', path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode != 0:
        print('the self-test script does not type-check (%s):' % path)
        print(r.stderr.decode('utf-8', 'replace')[-3000:])
        return 1
    print('the self-test script type-checks with %s' % args.cspcheck)
    out = {}
    run_checker(args.cspcheck, path, out)
    if out['rc'] == 2:
        print('the checker does not take --format=json yet: its verdicts are not compared')
        shutil.rmtree(workdir, ignore_errors=True)
        return 1 if bad else 0
    try:
        results = json.loads(out['stdout'])['results']
        by_line = {r['line']: r for r in results}
    except (ValueError, KeyError, TypeError) as ex:
        print('cannot read the checker\'s JSON on %s (exit %r): %s' % (path, out['rc'], ex))
        return 1
    wrong = 0
    for k, (text, want) in enumerate(cases):
        res = by_line.get(first + k, {}).get('result')
        if res != ('passed' if want else 'failed'):
            wrong += 1
            print('checker: assert %s: expected %s, checker says %s'
                  % (text, 'passed' if want else 'failed', res))
    print('checker on the self-test table: %d verdicts, %d wrong%s'
          % (len(cases), wrong, ' (script kept: %s)' % path if wrong else ''))
    if not wrong:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad or wrong else 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('cspcheck', nargs='?')
    ap.add_argument('--pairs', type=int,
                    help='pairs to compare (10,000; with --compressions %d)' % COMPRESSION_PAIRS)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--length', type=int, default=6, help='the bound L on trace length')
    ap.add_argument('--keep', metavar='DIR', help='write the scripts here and keep them')
    ap.add_argument('--batch', type=int,
                    help='assertions per script (400; with --compressions %d)' % COMPRESSION_BATCH)
    ap.add_argument('--jobs', type=int, default=2, help='checker runs at a time')
    ap.add_argument('--show', type=int, default=10, help='disagreements printed in full')
    ap.add_argument('--keep-going', action='store_true',
                    help='go on after the checker fails on a script')
    ap.add_argument('--self-test', action='store_true',
                    help='check the reference against a table of hand-worked verdicts')
    ap.add_argument('--lts-check', type=int, metavar='N',
                    help='compare the LTS of N generated processes with cspcheck --aut')
    ap.add_argument('--verbose', action='store_true', help='with --self-test: print every case')
    ap.add_argument('--compressions', action='store_true',
                    help='every compression (sbisim, wbisim, diamond, normal, tau_loop_factor, '
                    'explicate) around Spec, around Impl and on a component of a network, in '
                    'T, F and FD, against the reference\'s verdict on the uncompressed processes')
    ap.add_argument('--por', action='store_true',
                    help='ask for partial order reduction in every assertion')
    ap.add_argument('--spill', action='store_true',
                    help='run every search on disk from its first pair (--spill-dir, '
                    'CSPCHECK_SPILL_AFTER=1)')
    ap.add_argument('--dry-run', action='store_true',
                    help='generate, type-check with CSPCHECK --typecheck and run the reference, '
                    'without the checker')
    args = ap.parse_args(argv)
    if args.pairs is None:
        args.pairs = COMPRESSION_PAIRS if args.compressions else 10000
    if args.batch is None:
        args.batch = COMPRESSION_BATCH if args.compressions else 400
    if args.self_test:
        return self_test(args)
    if not args.cspcheck:
        ap.error('CSPCHECK is required')
    if not os.path.exists(args.cspcheck):
        print('%s does not exist: skipped' % args.cspcheck)
        return 77
    if args.lts_check:
        return lts_check(args)
    return main_run(args)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
