"""A naive reference semantics for the terms of gen.py.

Two layers, written from /work/shared/SEMANTICS.md and nothing else:

1. `Semantics.trans(t)`: the firing rules, term -> list of (event, term),
   with 'tau' for the internal action, 'tick' for termination (✓), every
   other event named in CSPm syntax ('a', 'd.0').  Every ✓ leads to the
   terminated state OMEGA, which has no transitions and is not STOP.
   `Semantics.lts(t)` explores a term into an explicit LTS.

2. `observations(lts, L)`: by plain enumeration of the traces of length at
   most L (✓ counts as an event), the sets

      traces      the traces (tuples of events, possibly ending in 'tick')
      failures    trace -> set of acceptances: the initials of each stable
                  state after the trace (no tau, no tick), or {tick} for a
                  state that can terminate (✓ is a signal)
      divs        the traces after which a τ-cycle is reachable by τ

   and then the refinement and property checks on those sets.  No
   normalisation: after each trace we only keep the τ-closed set of states
   the process may be in, and recompute from scratch for each trace.

Bounded verdicts: a check on observations of length <= L reports the
violations it sees.  A violation is found iff it has a witness whose
trace (including the offending event, for traces and determinism) is at
most L long.
"""

import sys

TAU = 'tau'
TICK = 'tick'
OMEGA = ('OMEGA',)
STOP = ('STOP',)
SKIP = ('SKIP',)

# channel field types; kept here (not imported) so the semantics does not
# depend on the generator's tables
CHAN_TYPES = {
    'a': (), 'b': (), 'c': (),
    'd': ((0, 1),), 'l': ((0, 1),), 'r': ((0, 1),),
    'e': ((0, 1), (0, 1)),
}


class SemanticsError(Exception):
    pass


# ------------------------------------------------------------ substitution

def subst(t, x, v):
    """t with the variable x replaced by the value v (x is bound at most
    once on any path, but respect shadowing anyway)."""
    k = t[0]
    if k in ('STOP', 'SKIP', 'DIV', 'OMEGA', 'call', 'chaos', 'run'):
        return t
    if k == 'prefix':
        _, chan, parts, p = t
        new = []
        bound = False
        for part in parts:
            if part[0] == '?':
                new.append(part)
                if part[1] == x:
                    bound = True
            else:
                new.append((part[0], v if part[1] == x else part[1]))
        return ('prefix', chan, tuple(new), p if bound else subst(p, x, v))
    if k == 'guard':
        c = t[1]
        if isinstance(c, tuple):
            c = ('eq', v if c[1] == x else c[1], c[2])
        return ('guard', c, subst(t[2], x, v))
    if k in ('ext', 'int'):
        return (k, tuple(subst(p, x, v) for p in t[1]))
    if k in ('seq', 'slide', 'intr', 'inter'):
        return (k, subst(t[1], x, v), subst(t[2], x, v))
    if k in ('exc', 'par', 'link'):
        return (k, t[1], subst(t[2], x, v), subst(t[3], x, v))
    if k == 'apar':
        return (k, t[1], t[2], subst(t[3], x, v), subst(t[4], x, v))
    if k in ('hide', 'ren'):
        return (k, subst(t[1], x, v), t[2])
    if k in ('rext', 'rint', 'rinter', 'rseq'):
        if t[1] == x:
            return t
        return (k, t[1], t[2], subst(t[3], x, v))
    if k == 'rpar':
        if t[2] == x:
            return t
        return (k, t[1], t[2], t[3], subst(t[4], x, v))
    raise SemanticsError('subst: unknown term %r' % (k,))


def expand_replicated(t, dedupe=True):
    """The meaning of a replicated operator as a plain term."""
    k = t[0]
    if k == 'rpar':
        _, A, x, vals, body = t
    else:
        _, x, vals, body = t
    ps = [subst(body, x, v) for v in vals]
    if k == 'rext':
        # [] over nothing is STOP.  The choice is over the *set* of
        # processes {P(x) | x <- S} ('extset'): equal branches count once,
        # as in cspcheck's LTS, which merges branches whose values are
        # equal.  At the start it may not see P(0) and P(1) as equal when
        # x is unused (its values keep their environment): hence dedupe.
        # All the same in T, F and FD ([] is commutative and idempotent);
        # it matters only for the strong-bisimilarity cross-check.
        if dedupe:
            ps = list(dict.fromkeys(ps))
        return ('extset', tuple(ps)) if ps else STOP
    if k == 'rint':
        if not ps:
            raise SemanticsError('|~| over the empty set')
        return ('int', tuple(ps))
    if not ps:
        return SKIP          # |||, [| A |], ; over nothing
    acc = ps[0]
    for p in ps[1:]:
        if k == 'rinter':
            acc = ('inter', acc, p)
        elif k == 'rpar':
            acc = ('par', A, acc, p)
        else:
            acc = ('seq', acc, p)
    return acc


def chan_of(ev):
    return ev.split('.', 1)[0]


# ------------------------------------------------------------ firing rules

class Semantics:
    """Firing rules for the terms of gen.py, with a table of named
    processes (name -> term) for calls."""

    def __init__(self, defs, dedupe=True):
        self.defs = dict(defs)
        self.dedupe = dedupe
        self.memo = {}
        self.depth = 0

    def trans(self, t):
        r = self.memo.get(t)
        if r is None:
            self.depth += 1
            if self.depth > 200:
                raise SemanticsError('unguarded recursion')
            try:
                r = self._trans(t)
            finally:
                self.depth -= 1
            self.memo[t] = r
        return r

    def _trans(self, t):
        k = t[0]
        T = self.trans
        if k in ('STOP', 'OMEGA'):
            return []
        if k == 'SKIP':
            return [(TICK, OMEGA)]
        if k == 'DIV':
            return [(TAU, t)]
        if k == 'call':
            return T(self.defs[t[1]])
        if k == 'prefix':
            _, chan, parts, p = t
            types = CHAN_TYPES[chan]
            if len(types) != len(parts):
                raise SemanticsError('wrong number of fields: %r' % (t,))
            # each combination of field values; ? binds a variable
            combos = [(chan, p)]
            for part, typ in zip(parts, types):
                nxt = []
                for name, q in combos:
                    if part[0] == '?':
                        allowed = typ if part[2] is None else [v for v in typ if v in part[2]]
                        for v in allowed:
                            nxt.append(('%s.%d' % (name, v), subst(q, part[1], v)))
                    else:
                        v = part[1]
                        if not isinstance(v, int):
                            raise SemanticsError('free variable %r' % (v,))
                        if v not in typ:
                            raise SemanticsError('value %r outside the type of %s' % (v, chan))
                        nxt.append(('%s.%d' % (name, v), q))
                combos = nxt
            return combos
        if k == 'guard':
            c = t[1]
            if isinstance(c, tuple):
                if not isinstance(c[1], int):
                    raise SemanticsError('free variable in guard %r' % (c,))
                c = c[1] == c[2]
            return T(t[2]) if c else []
        if k == 'ext':
            # P [] Q: a visible event or ✓ resolves the choice; τ does not
            out = []
            ps = t[1]
            for i, p in enumerate(ps):
                for e, p2 in T(p):
                    if e == TAU:
                        out.append((TAU, ('ext', ps[:i] + (p2,) + ps[i + 1:])))
                    else:
                        out.append((e, p2))
            return out
        if k == 'extset':
            # [] over a set of branches: after a τ the branches are again
            # a set (sorted, equal ones merged; one branch is itself)
            out = []
            ps = t[1]
            for i, p in enumerate(ps):
                for e, p2 in T(p):
                    if e == TAU:
                        rest = set(ps[:i] + (p2,) + ps[i + 1:])
                        qs = tuple(sorted(rest, key=repr))
                        out.append((TAU, qs[0] if len(qs) == 1 else ('extset', qs)))
                    else:
                        out.append((e, p2))
            return out
        if k == 'int':
            return [(TAU, p) for p in t[1]]
        if k == 'seq':
            _, p, q = t
            out = []
            for e, p2 in T(p):
                if e == TICK:
                    out.append((TAU, q))
                else:
                    out.append((e, ('seq', p2, q)))
            return out
        if k == 'slide':
            _, p, q = t
            out = []
            for e, p2 in T(p):
                if e == TAU:
                    out.append((TAU, ('slide', p2, q)))
                else:
                    out.append((e, p2))
            out.append((TAU, q))
            return out
        if k == 'intr':
            _, p, q = t
            out = []
            for e, p2 in T(p):
                if e == TICK:
                    out.append((TICK, OMEGA))
                else:
                    out.append((e, ('intr', p2, q)))
            for e, q2 in T(q):
                if e == TAU:
                    out.append((TAU, ('intr', p, q2)))
                else:
                    out.append((e, q2))
            return out
        if k == 'exc':
            _, A, p, q = t
            out = []
            for e, p2 in T(p):
                if e in A[1]:
                    out.append((e, q))
                elif e == TICK:
                    out.append((TICK, OMEGA))
                else:
                    out.append((e, ('exc', A, p2, q)))
            return out
        if k in ('par', 'inter', 'apar', 'link'):
            return self.parallel(t)
        if k == 'hide':
            _, p, A = t
            out = []
            for e, p2 in T(p):
                if e == TICK:
                    out.append((TICK, OMEGA))
                elif e in A[1]:
                    out.append((TAU, ('hide', p2, A)))
                else:
                    out.append((e, ('hide', p2, A)))
            return out
        if k == 'ren':
            _, p, R = t
            out = []
            for e, p2 in T(p):
                if e == TICK:
                    out.append((TICK, OMEGA))
                elif e == TAU:
                    out.append((TAU, ('ren', p2, R)))
                else:
                    images = [y for x, y in R[1] if x == e]
                    for y in images or [e]:
                        out.append((y, ('ren', p2, R)))
            return out
        if k == 'chaos':
            return [(TAU, STOP)] + [(a, t) for a in sorted(t[1][1])]
        if k == 'run':
            return [(a, t) for a in sorted(t[1][1])]
        if k in ('rext', 'rint', 'rinter', 'rpar', 'rseq'):
            return T(expand_replicated(t, self.dedupe))
        raise SemanticsError('trans: unknown term %r' % (k,))

    def parallel(self, t):
        """The parallel operators, as one rule with a side condition per
        operator:
           alone(side, e)   may side do visible e without the other?
           sync(e, f)       may the left's e and the right's f happen together,
                            and as what event?
        termination is distributed: a side's ✓ is a τ to Ω in its place,
        and Ω op Ω does ✓."""
        k = t[0]
        if k == 'par':
            _, A, p, q = t
            S = A[1]

            def alone(side, e):
                return e not in S

            def sync(e, f):
                return e if (e == f and e in S) else None

            def rebuild(p2, q2):
                return ('par', A, p2, q2)
        elif k == 'inter':
            _, p, q = t

            def alone(side, e):
                return True

            def sync(e, f):
                return None

            def rebuild(p2, q2):
                return ('inter', p2, q2)
        elif k == 'apar':
            _, A, B, p, q = t
            SA, SB = A[1], B[1]

            def alone(side, e):
                return (e in SA and e not in SB) if side == 0 else (e in SB and e not in SA)

            def sync(e, f):
                return e if (e == f and e in SA and e in SB) else None

            def rebuild(p2, q2):
                return ('apar', A, B, p2, q2)
        else:  # link
            _, Lk, p, q = t
            pairs = set(Lk[1])
            left = {x for x, _ in pairs}
            right = {y for _, y in pairs}

            def alone(side, e):
                return e not in (left if side == 0 else right)

            def sync(e, f):
                return TAU if (e, f) in pairs else None

            def rebuild(p2, q2):
                return ('link', Lk, p2, q2)
        out = []
        tp = self.trans(p)
        tq = self.trans(q)
        for e, p2 in tp:
            if e == TAU:
                out.append((TAU, rebuild(p2, q)))
            elif e == TICK:
                out.append((TAU, rebuild(OMEGA, q)))
            elif alone(0, e):
                out.append((e, rebuild(p2, q)))
        for f, q2 in tq:
            if f == TAU:
                out.append((TAU, rebuild(p, q2)))
            elif f == TICK:
                out.append((TAU, rebuild(p, OMEGA)))
            elif alone(1, f):
                out.append((f, rebuild(p, q2)))
        for e, p2 in tp:
            if e in (TAU, TICK):
                continue
            for f, q2 in tq:
                if f in (TAU, TICK):
                    continue
                g = sync(e, f)
                if g is not None:
                    out.append((g, rebuild(p2, q2)))
        if p == OMEGA and q == OMEGA:
            out.append((TICK, OMEGA))
        return out

    def lts(self, root, limit=20000):
        """Explicit LTS: (states, edges) where edges[i] is a sorted list of
        distinct (event, j); state 0 is root."""
        ids = {root: 0}
        states = [root]
        edges = []
        i = 0
        while i < len(states):
            out = set()
            for e, u in self.trans(states[i]):
                j = ids.get(u)
                if j is None:
                    j = ids[u] = len(states)
                    states.append(u)
                out.add((e, j))
            edges.append(sorted(out))
            i += 1
            if len(states) > limit:
                raise SemanticsError('more than %d states' % limit)
        return states, edges


# ------------------------------------------------------------ observations

class Obs:
    """Bounded observations of one process."""

    __slots__ = ('traces', 'failures', 'divs', 'L', 'nstates')

    def __init__(self, L):
        self.L = L
        self.traces = set()
        self.failures = {}
        self.divs = set()


def state_facts(edges):
    """Per state: τ-successors, visible successors by event (tick
    included), acceptance (or None when it has none of its own), and
    whether it diverges (a τ-cycle is τ-reachable from it)."""
    n = len(edges)
    taus = [[j for e, j in edges[i] if e == TAU] for i in range(n)]
    vis = []
    acc = []
    for i in range(n):
        m = {}
        for e, j in edges[i]:
            if e != TAU:
                m.setdefault(e, []).append(j)
        vis.append(m)
        if TICK in m:
            acc.append(frozenset([TICK]))       # ✓ is a signal
        elif not taus[i]:
            acc.append(frozenset(m))            # stable: its initials
        else:
            acc.append(None)
    # divergence: i can reach by τ+ a state that can reach itself by τ+
    on_cycle = [False] * n
    for i in range(n):
        seen = set()
        stack = list(taus[i])
        while stack:
            j = stack.pop()
            if j == i:
                on_cycle[i] = True
                break
            if j not in seen:
                seen.add(j)
                stack.extend(taus[j])
    div = [False] * n
    for i in range(n):
        seen = {i}
        stack = [i]
        while stack:
            j = stack.pop()
            if on_cycle[j]:
                div[i] = True
                break
            for k in taus[j]:
                if k not in seen:
                    seen.add(k)
                    stack.append(k)
    return taus, vis, acc, div


def tau_closure(states, taus):
    seen = set(states)
    stack = list(states)
    while stack:
        j = stack.pop()
        for k in taus[j]:
            if k not in seen:
                seen.add(k)
                stack.append(k)
    return seen


def observations(edges, L, max_traces=None):
    """The bounded observations of the LTS `edges` (state 0 initial).
    Raises SemanticsError beyond max_traces traces."""
    taus, vis, acc, div = state_facts(edges)
    o = Obs(L)
    o.nstates = len(edges)

    def visit(s, S):
        o.traces.add(s)
        if max_traces is not None and len(o.traces) > max_traces:
            raise SemanticsError('more than %d traces' % max_traces)
        accs = set()
        for i in S:
            if acc[i] is not None:
                accs.add(acc[i])
            if div[i]:
                o.divs.add(s)
        if accs:
            o.failures[s] = accs
        if len(s) >= L:
            return
        nxt = {}
        for i in S:
            for e, js in vis[i].items():
                nxt.setdefault(e, set()).update(js)
        for e in sorted(nxt):
            if e == TICK:
                o.traces.add(s + (TICK,))     # then Ω: nothing more
            else:
                visit(s + (e,), tau_closure(nxt[e], taus))

    visit((), tau_closure([0], taus))
    return o


# ------------------------------------------------------------ checks
#
# Each returns None when no violation is seen within the bound, else a
# witness (kind, trace, detail).

def refines_T(spec, impl):
    for s in sorted(impl.traces, key=lambda s: (len(s), s)):
        if s not in spec.traces:
            return ('trace', s, None)
    return None


def _failure_violation(spec, impl, s):
    for A in impl.failures.get(s, ()):
        if not any(B <= A for B in spec.failures.get(s, ())):
            return ('refusal', s, A)
    return None


def refines_F(spec, impl):
    for s in sorted(impl.traces, key=lambda s: (len(s), s)):
        if s not in spec.traces:
            return ('trace', s, None)
        w = _failure_violation(spec, impl, s)
        if w:
            return w
    return None


def refines_FD(spec, impl):
    for s in sorted(impl.traces, key=lambda s: (len(s), s)):
        # divergence-strict: below a divergence of Spec anything goes
        if any(s[:i] in spec.divs for i in range(len(s) + 1)):
            continue
        if s not in spec.traces:
            return ('trace', s, None)
        if s in impl.divs:
            return ('divergence', s, None)
        w = _failure_violation(spec, impl, s)
        if w:
            return w
    return None


def deadlock_free_F(p):
    for s in sorted(p.failures, key=lambda s: (len(s), s)):
        if frozenset() in p.failures[s]:
            return ('deadlock', s, None)
    return None


def divergence_free(p):
    if p.divs:
        return ('divergence', min(p.divs, key=lambda s: (len(s), s)), None)
    return None


def deadlock_free_FD(p):
    return divergence_free(p) or deadlock_free_F(p)


def deterministic_F(p):
    for t in sorted(p.traces, key=lambda s: (len(s), s)):
        if not t:
            continue
        s, e = t[:-1], t[-1]
        for A in p.failures.get(s, ()):
            if e not in A:
                return ('nondeterminism', s, e)
    return None


def deterministic_FD(p):
    return divergence_free(p) or deterministic_F(p)


REFINEMENTS = {'T': refines_T, 'F': refines_F, 'FD': refines_FD}
PROPERTIES = {
    'deadlock free [F]': deadlock_free_F,
    'deadlock free [FD]': deadlock_free_FD,
    'divergence free': divergence_free,
    'deterministic [F]': deterministic_F,
    'deterministic [FD]': deterministic_FD,
}


def fmt_trace(s):
    return '<' + ', '.join('✓' if e == TICK else e for e in s) + '>'



# ------------------------------------------------------------ self-test table
#
# Verdicts worked out by hand from SEMANTICS.md, independent of the code
# above.  The reasoning is in the comment of each entry.

def _ev(e, p):
    chan, *fields = e.split('.')
    return ('prefix', chan, tuple(('.', int(f)) for f in fields), p)


def _set(*items):
    evs = set()
    whole = False
    for it in items:
        if CHAN_TYPES.get(it):
            whole = True
            names = [it]
            for typ in CHAN_TYPES[it]:
                names = ['%s.%d' % (n, v) for n in names for v in typ]
            evs.update(names)
        else:
            evs.add(it)
    text = ('{|%s|}' if whole else '{%s}') % ', '.join(items)
    return ('set', frozenset(evs), text)


def _rel(pairs, arrow):
    rel = set()
    for x, y in pairs:
        if CHAN_TYPES.get(x):
            for v in CHAN_TYPES[x][0]:
                rel.add(('%s.%d' % (x, v), '%s.%d' % (y, v)))
        else:
            rel.add((x, y))
    return ('rel', tuple(sorted(rel)), ', '.join('%s %s %s' % (x, arrow, y) for x, y in pairs))


def _ext(p, q):
    return ('ext', (p, q))


def _int(p, q):
    return ('int', (p, q))


_DIV = ('DIV',)
_a, _b, _c = (lambda p: _ev('a', p)), (lambda p: _ev('b', p)), (lambda p: _ev('c', p))
_dx = ('prefix', 'd', (('?', 'x', None),), STOP)          # d?x -> STOP


def _call(n):
    return ('call', n)


# Named processes the table calls.
SELF_TEST_DEFS = [
    ('LOOP', _a(_call('LOOP'))),                                   # LOOP = a -> LOOP
    ('PING', _a(_call('PONG'))), ('PONG', _b(_call('PING'))),      # a, b alternate
    ('EXIT', _ext(_a(_call('EXIT')), _b(STOP))),                   # a* then b
]

# (spec, impl, {model: passes}) -- Spec [M= Impl
SELF_TEST_REFINEMENTS = [
    # 1. impl may do b, spec never does
    (_a(STOP), _int(_a(STOP), _b(STOP)), {'T': False, 'F': False, 'FD': False}),
    # 2. same traces; impl may refuse b after <> (acceptance {a}), spec's
    #    only acceptance is {a, b}
    (_ext(_a(STOP), _b(STOP)), _int(_a(STOP), _b(STOP)), {'T': True, 'F': False, 'FD': False}),
    # 3. the other way: impl's acceptance {a, b} contains spec's {a}
    (_int(_a(STOP), _b(STOP)), _ext(_a(STOP), _b(STOP)), {'T': True, 'F': True, 'FD': True}),
    # 4. DIV has trace <> only and no stable failures, but diverges
    (STOP, _DIV, {'T': True, 'F': True, 'FD': False}),
    # 5. a divergent spec allows anything in FD; in T/F b is not a trace of DIV
    (_DIV, _b(STOP), {'T': False, 'F': False, 'FD': True}),
    # 6. <✓> is not a trace of STOP
    (STOP, SKIP, {'T': False, 'F': False, 'FD': False}),
    # 7. STOP refuses ✓, SKIP's only acceptance is {✓}
    (SKIP, STOP, {'T': True, 'F': False, 'FD': False}),
    # 8. a hidden a: τ to a stable STOP, no divergence
    (STOP, ('hide', _a(STOP), _set('a')), {'T': True, 'F': True, 'FD': True}),
    # 9. RUN({a}) \ {a} is a τ-loop: no stable state, divergent
    (STOP, ('hide', ('run', _set('a')), _set('a')), {'T': True, 'F': True, 'FD': False}),
    # 10. a -> SKIP ; b -> STOP: the ✓ becomes τ, same as a -> b -> STOP
    (_a(_b(STOP)), ('seq', _a(SKIP), _b(STOP)), {'T': True, 'F': True, 'FD': True}),
    (('seq', _a(SKIP), _b(STOP)), _a(_b(STOP)), {'T': True, 'F': True, 'FD': True}),
    # 11. distributed termination: SKIP ||| SKIP terminates
    (SKIP, ('inter', SKIP, SKIP), {'T': True, 'F': True, 'FD': True}),
    # 12. SKIP ||| STOP cannot terminate and deadlocks after the τ
    (SKIP, ('inter', SKIP, STOP), {'T': True, 'F': False, 'FD': False}),
    # 13. a is synchronised but b -> STOP never offers it: only <b>
    (_a(STOP), ('par', _set('a'), _a(STOP), _b(STOP)), {'T': False, 'F': False, 'FD': False}),
    (_b(STOP), ('par', _set('a'), _a(STOP), _b(STOP)), {'T': True, 'F': True, 'FD': True}),
    # 14. renaming, one to one and one to many
    (_b(STOP), ('ren', _a(STOP), _rel([('a', 'b')], '<-')), {'T': True, 'F': True, 'FD': True}),
    (_ext(_b(STOP), _c(STOP)), ('ren', _a(STOP), _rel([('a', 'b'), ('a', 'c')], '<-')),
     {'T': True, 'F': True, 'FD': True}),
    # 15. many to one: a and b both become c; c -> STOP [] c -> STOP's
    #     acceptance is {c}, traces <c>
    (_c(STOP), ('ren', _ext(_a(STOP), _b(STOP)), _rel([('a', 'c'), ('b', 'c')], '<-')),
     {'T': True, 'F': True, 'FD': True}),
    # 16. a -> STOP /\ b -> STOP: a then b, or b at once
    (_ext(_a(_b(STOP)), _b(STOP)), ('intr', _a(STOP), _b(STOP)), {'T': True, 'F': True, 'FD': True}),
    (('intr', _a(STOP), _b(STOP)), _ext(_a(_b(STOP)), _b(STOP)), {'T': True, 'F': True, 'FD': True}),
    # 17. interrupt: P's ✓ ends it, so SKIP /\ a -> STOP has acceptance {✓}
    (_ext(SKIP, _a(STOP)), ('intr', SKIP, _a(STOP)), {'T': True, 'F': True, 'FD': True}),
    # 18. exception: b hands over to c -> STOP
    (_a(_b(_c(STOP))), ('exc', _set('b'), _a(_b(STOP)), _c(STOP)), {'T': True, 'F': True, 'FD': True}),
    # 19. sliding choice: unstable first state offering a, then b only;
    #     the only stable acceptance is {b}
    (_int(_ext(_a(STOP), _b(STOP)), _b(STOP)), ('slide', _a(STOP), _b(STOP)),
     {'T': True, 'F': True, 'FD': True}),
    (_b(STOP), ('slide', _a(STOP), _b(STOP)), {'T': False, 'F': False, 'FD': False}),
    # 20. ✓ as a signal: SKIP [] a -> STOP has the acceptance {✓} only
    (_ext(SKIP, _a(STOP)), SKIP, {'T': True, 'F': True, 'FD': True}),
    (_ext(SKIP, _a(STOP)), _a(STOP), {'T': True, 'F': False, 'FD': False}),
    (_int(_a(STOP), SKIP), _ext(_a(STOP), SKIP), {'T': True, 'F': True, 'FD': True}),
    (_ext(_a(STOP), SKIP), _int(_a(STOP), SKIP), {'T': True, 'F': False, 'FD': False}),
    # 21. CHAOS({a, b}) may do or refuse anything of a, b, never terminates
    (('chaos', _set('a', 'b')), _int(_a(STOP), _b(_a(STOP))), {'T': True, 'F': True, 'FD': True}),
    (('chaos', _set('a')), SKIP, {'T': False, 'F': False, 'FD': False}),
    # 22. DIV in a choice: F ignores it, so spec may not refuse a; FD: the
    #     spec diverges at <>, so anything refines it
    (_int(_a(STOP), _DIV), STOP, {'T': True, 'F': False, 'FD': True}),
    (_int(STOP, _DIV), _a(STOP), {'T': False, 'F': False, 'FD': True}),
    # 23. divergence strictness after <a>
    (_a(_DIV), _a(_b(STOP)), {'T': False, 'F': False, 'FD': True}),
    # 24. linked parallel: l.0 and r.0 meet as τ, then a and b interleave
    (_ext(_a(_b(STOP)), _b(_a(STOP))),
     ('link', _rel([('l', 'r')], '<->'),
      _ev('l.0', _a(STOP)),
      ('prefix', 'r', (('?', 'x', None),), ('guard', ('eq', 'x', 0), _b(STOP)))),
     {'T': True, 'F': True, 'FD': True}),
    # 25. linked parallel: nobody can do l.1 / r.1 alone; r.0 is refused
    (STOP, ('link', _rel([('l', 'r')], '<->'), _ev('l.1', STOP), _ev('r.0', STOP)),
     {'T': True, 'F': True, 'FD': True}),
    # 26. alphabetised parallel: a and c interleave, then b together
    (_ext(_a(_c(_b(STOP))), _c(_a(_b(STOP)))),
     ('apar', _set('a', 'b'), _set('b', 'c'), _a(_b(STOP)), _c(_b(STOP))),
     {'T': True, 'F': True, 'FD': True}),
    # 27. an event outside its process's alphabet is blocked
    (STOP, ('apar', _set('b'), _set('b'), _a(STOP), STOP), {'T': True, 'F': True, 'FD': True}),
    # 28. replicated external choice is input; internal choice is not
    (_dx, ('rext', 'y', (0, 1), _ev('d.0', STOP)[:2] + ((('.', 'y'),), STOP)),
     {'T': True, 'F': True, 'FD': True}),
    (_dx, ('rint', 'y', (0, 1), ('prefix', 'd', (('.', 'y'),), STOP)),
     {'T': True, 'F': False, 'FD': False}),
    # 29. empty replications: [] is STOP, ||| is SKIP
    (STOP, ('rext', 'y', (), ('prefix', 'd', (('.', 'y'),), STOP)), {'T': True, 'F': True, 'FD': True}),
    (SKIP, ('rinter', 'y', (), ('prefix', 'd', (('.', 'y'),), STOP)), {'T': True, 'F': True, 'FD': True}),
    (STOP, ('rinter', 'y', (), ('prefix', 'd', (('.', 'y'),), STOP)), {'T': False, 'F': False, 'FD': False}),
    # 30. ; over <0,1> in order
    (_ev('d.0', _ev('d.1', SKIP)), ('rseq', 'y', (0, 1), ('prefix', 'd', (('.', 'y'),), SKIP)),
     {'T': True, 'F': True, 'FD': True}),
    # 31. [| {a} |] over {0,1}: a together, then d.0 and d.1 in either order
    (_a(_ext(_ev('d.0', _ev('d.1', SKIP)), _ev('d.1', _ev('d.0', SKIP)))),
     ('rpar', _set('a'), 'y', (0, 1), _a(('prefix', 'd', (('.', 'y'),), SKIP))),
     {'T': True, 'F': True, 'FD': True}),
    # 32. restricted input and a variable in the continuation
    (_ev('d.0', _ev('d.0', STOP)),
     ('prefix', 'd', (('?', 'x', (0,)),), ('prefix', 'd', (('!', 'x'),), STOP)),
     {'T': True, 'F': True, 'FD': True}),
    # 33. false & P is STOP
    (_b(STOP), _ext(('guard', False, _a(STOP)), _b(STOP)), {'T': True, 'F': True, 'FD': True}),
    # 34. recursion
    (('run', _set('a')), _call('LOOP'), {'T': True, 'F': True, 'FD': True}),
    (_a(_b(_a(STOP))), _call('PING'), {'T': False, 'F': False, 'FD': False}),
    (_call('PING'), _a(_b(_a(STOP))), {'T': True, 'F': False, 'FD': False}),
    # 35. the recursion of EXIT: b ends it; impl refuses b after <> and <a>
    (_call('EXIT'), _a(_a(_b(STOP))), {'T': True, 'F': False, 'FD': False}),
    # |~| STOP lets the spec refuse b at <> only: after <a> it is EXIT
    (_int(_call('EXIT'), STOP), _a(_a(_b(STOP))), {'T': True, 'F': False, 'FD': False}),
    (_int(_call('EXIT'), STOP), STOP, {'T': True, 'F': True, 'FD': True}),
    # one unfolding of EXIT is EXIT
    (_call('EXIT'), _ext(_a(_call('EXIT')), _b(STOP)), {'T': True, 'F': True, 'FD': True}),
    (_ext(_a(_call('EXIT')), _b(STOP)), _call('EXIT'), {'T': True, 'F': True, 'FD': True}),
]

# (process, {property: holds})
SELF_TEST_PROPERTIES = [
    (STOP, {'deadlock free [F]': False, 'deadlock free [FD]': False, 'divergence free': True,
            'deterministic [F]': True, 'deterministic [FD]': True}),
    (SKIP, {'deadlock free [F]': True, 'deadlock free [FD]': True, 'deterministic [F]': True}),
    (_a(SKIP), {'deadlock free [F]': True}),
    # after the τ of SKIP's ✓, Ω ||| STOP is stable and refuses everything
    (('inter', SKIP, STOP), {'deadlock free [F]': False}),
    (('seq', _a(SKIP), STOP), {'deadlock free [F]': False}),
    (_DIV, {'deadlock free [F]': True, 'deadlock free [FD]': False, 'divergence free': False,
            'deterministic [F]': True, 'deterministic [FD]': False}),
    (_a(_DIV), {'divergence free': False}),
    (('seq', SKIP, _DIV), {'divergence free': False}),
    # CHAOS may refuse everything (τ to STOP), never diverges
    (('chaos', _set('a')), {'deadlock free [F]': False, 'divergence free': True,
                            'deterministic [F]': False}),
    (('run', _set('a', 'b')), {'deadlock free [FD]': True, 'deterministic [FD]': True}),
    (_call('LOOP'), {'deadlock free [FD]': True, 'deterministic [FD]': True}),
    (('hide', _call('LOOP'), _set('a')), {'divergence free': False, 'deadlock free [F]': True,
                                         'deadlock free [FD]': False}),
    (_ext(_a(STOP), _b(STOP)), {'deterministic [F]': True}),
    # <a> is a trace, and SKIP [] a -> STOP's acceptance {✓} refuses a
    (_ext(SKIP, _a(STOP)), {'deterministic [F]': False, 'deadlock free [F]': False}),
    # <✓> is a trace and STOP refuses ✓
    (_int(SKIP, STOP), {'deterministic [F]': False}),
    (_int(_a(STOP), _a(STOP)), {'deterministic [FD]': True}),
    # after <a> it may be in b -> STOP and refuse c
    (_ext(_a(_b(STOP)), _a(_c(STOP))), {'deterministic [F]': False}),
    # hidden choice: may take the hidden a and then refuse c
    (('hide', _ext(_a(_b(STOP)), _c(STOP)), _set('a')), {'deterministic [F]': False}),
    (_int(_a(STOP), _b(STOP)), {'deterministic [F]': False, 'deadlock free [F]': False}),
    (('slide', _a(STOP), _b(STOP)), {'deterministic [F]': False}),
    (('intr', _call('LOOP'), _b(SKIP)), {'deadlock free [F]': True, 'deterministic [F]': True}),
    # distributed termination through a parallel: not a deadlock
    (('par', _set('a'), _a(SKIP), _a(SKIP)), {'deadlock free [F]': True, 'deterministic [F]': True}),
    (('par', _set('a'), _a(SKIP), _b(SKIP)), {'deadlock free [F]': False}),
]


def self_test_cases():
    """Every case as (kind, spec or None, process, check, expected)."""
    out = []
    for spec, impl, exp in SELF_TEST_REFINEMENTS:
        for m, v in exp.items():
            out.append(('refine', spec, impl, m, v))
    for p, exp in SELF_TEST_PROPERTIES:
        for prop, v in exp.items():
            out.append(('prop', None, p, prop, v))
    return out


def run_self_test(show, L=8, verbose=False):
    """Check the reference against the table; returns the number of
    mismatches.  show(term) prints a term."""
    sem = Semantics(SELF_TEST_DEFS)
    bad = 0
    n = 0
    cache = {}

    def obs(t):
        if t not in cache:
            cache[t] = observations(sem.lts(t)[1], L)
        return cache[t]
    for kind, spec, p, check, want in self_test_cases():
        n += 1
        if kind == 'refine':
            w = REFINEMENTS[check](obs(spec), obs(p))
            text = '%s [%s= %s' % (show(spec), check, show(p))
        else:
            w = PROPERTIES[check](obs(p))
            text = '%s :[%s]' % (show(p), check)
        got = w is None
        if got != want or verbose:
            print('%s  assert %s: expected %s, reference says %s%s' % (
                'ok  ' if got == want else 'FAIL', text, 'pass' if want else 'fail',
                'pass' if got else 'fail', '' if w is None else ' (%s %s)' % (w[0], fmt_trace(w[1]))))
        if got != want:
            bad += 1
    print('self-test: %d verdicts, %d wrong' % (n, bad))
    return bad


if __name__ == '__main__':
    sys.exit('reference.py is a module; run run_diff.py --self-test')
