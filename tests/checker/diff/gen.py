"""Random small CSPm processes for the differential test of the checker.

A process is a term: a Python tuple whose first element names the
operator.  The same term is printed as CSPm (`show`) for cspcheck and read
by reference.py, which gives it meaning; nothing here knows the semantics.

    ('STOP',)  ('SKIP',)  ('DIV',)
    ('prefix', chan, parts, P)     parts: tuple of ('.', v) | ('!', v) |
                                   ('?', var, restriction or None); v is an
                                   int or a bound variable's name
    ('guard', cond, P)             cond: True | False | ('eq', v, int)
    ('ext', (P, Q))  ('int', (P, Q))        P [] Q,  P |~| Q
    ('seq', P, Q)  ('slide', P, Q)  ('intr', P, Q)      ;  [>  /\
    ('exc', A, P, Q)               P [| A |> Q
    ('par', A, P, Q)               P [| A |] Q
    ('inter', P, Q)                P ||| Q
    ('apar', A, B, P, Q)           P [ A || B ] Q
    ('link', L, P, Q)              P [ c <-> d, ... ] Q
    ('hide', P, A)                 P \\ A
    ('ren', P, R)                  P [[ x <- y, ... ]]
    ('chaos', A)  ('run', A)       CHAOS(A), RUN(A)
    ('call', name)                 a named process (no parameters)
    ('comp', f, P)                 f(P), f a compression such as sbisim
                                   (printed only: reference.py never sees
                                   it, run_diff.py --compressions expects
                                   the verdicts of P)
    ('rext', x, vals, P)  ('rint', x, vals, P)  ('rinter', x, vals, P)
    ('rpar', A, x, vals, P)  ('rseq', x, vals, P)
                                   [] x:{..} @ P,  |~| x:{..} @ P,
                                   ||| x:{..} @ P,  [| A |] x:{..} @ P,
                                   ; x:<..> @ P

An event set A is ('set', frozenset of event names, CSPm text); a renaming
R is ('rel', tuple of (event, event) pairs, CSPm text); a link L is
('rel', pairs, text) too, pairs relating the left process's event to the
right's.  Events are named in CSPm syntax: 'a', 'd.0', 'e.1.0'.

Every process is finite-state: a named process may call itself (or its
partner in a mutually recursive pair) only in a *guarded tail position*
(below at least one prefix, and below nothing but prefixes, choices and
replicated [] and |~|, guards, the right of ; /\\ [| A |>, and either side
of [>), and may call earlier named processes anywhere.  Nothing recursive grows under a
parallel, hiding, renaming or the left of ; /\\ [| A |>.
"""

import random

# channel -> tuple of field types (each a tuple of values)
CHANNELS = {
    'a': (), 'b': (), 'c': (),
    'd': ((0, 1),), 'l': ((0, 1),), 'r': ((0, 1),),
    'e': ((0, 1), (0, 1)),
}
CHANNEL_DECLS = 'channel a, b, c\nchannel d, l, r : {0,1}\nchannel e : {0,1}.{0,1}\n'
TYPED = ('d', 'l', 'r')          # the channels of type {0,1}, linkable and renamable


def events_of(chan):
    """Every event of a channel, in CSPm syntax."""
    out = [chan]
    for field in CHANNELS[chan]:
        out = ['%s.%d' % (x, v) for x in out for v in field]
    return out


ALL_EVENTS = [ev for ch in CHANNELS for ev in events_of(ch)]


# ---------------------------------------------------------------- printing

def show_val(v):
    return str(v)


def show_cond(c):
    if c is True:
        return 'true'
    if c is False:
        return 'false'
    return '(%s == %d)' % (show_val(c[1]), c[2])


def show_vals(vals, seq=False):
    body = ','.join(str(v) for v in vals)
    return ('<%s>' if seq else '{%s}') % body


def show(t):
    """CSPm text of a term, parenthesised throughout."""
    k = t[0]
    if k in ('STOP', 'SKIP', 'DIV'):
        return k
    if k == 'call':
        return t[1]
    if k == 'prefix':
        _, chan, parts, p = t
        s = chan
        after_input = False
        for part in parts:
            if part[0] == '?':
                s += '?' + part[1]
                if part[2] is not None:
                    s += ':' + show_vals(part[2])
                after_input = True
            else:
                # after c?x a '.' field is part of the input pattern
                # (c?x.y binds y) and after c?x:S it would extend S
                # (c?x:S.1 is c?x:(S.1)): write it with '!'
                s += ('!' if after_input else part[0]) + show_val(part[1])
        return '(%s -> %s)' % (s, show(p))
    if k == 'guard':
        return '(%s & %s)' % (show_cond(t[1]), show(t[2]))
    if k in ('ext', 'int'):
        op = ' [] ' if k == 'ext' else ' |~| '
        return '(' + op.join(show(p) for p in t[1]) + ')'
    if k in ('seq', 'slide', 'intr', 'inter'):
        op = {'seq': ';', 'slide': '[>', 'intr': '/\\', 'inter': '|||'}[k]
        return '(%s %s %s)' % (show(t[1]), op, show(t[2]))
    if k == 'exc':
        return '(%s [| %s |> %s)' % (show(t[2]), t[1][2], show(t[3]))
    if k == 'par':
        return '(%s [| %s |] %s)' % (show(t[2]), t[1][2], show(t[3]))
    if k == 'apar':
        return '(%s [ %s || %s ] %s)' % (show(t[3]), t[1][2], t[2][2], show(t[4]))
    if k == 'link':
        return '(%s [ %s ] %s)' % (show(t[2]), t[1][2], show(t[3]))
    if k == 'hide':
        return '(%s \\ %s)' % (show(t[1]), t[2][2])
    if k == 'ren':
        return '(%s [[ %s ]])' % (show(t[1]), t[2][2])
    if k == 'chaos':
        return 'CHAOS(%s)' % t[1][2]
    if k == 'run':
        return 'RUN(%s)' % t[1][2]
    if k in ('rext', 'rint', 'rinter'):
        op = {'rext': '[]', 'rint': '|~|', 'rinter': '|||'}[k]
        return '(%s %s:%s @ %s)' % (op, t[1], show_vals(t[2]), show(t[3]))
    if k == 'rpar':
        return '([| %s |] %s:%s @ %s)' % (t[1][2], t[2], show_vals(t[3]), show(t[4]))
    if k == 'rseq':
        return '(; %s:%s @ %s)' % (t[1], show_vals(t[2], seq=True), show(t[3]))
    if k == 'comp':
        return '%s(%s)' % (t[1], show(t[2]))
    raise ValueError('show: unknown term %r' % (t,))


# ------------------------------------------------------------ sets, relations

def make_set(items):
    """items: event names and channel names.  The CSPm text uses {| |} when
    a channel is named whole."""
    evs = set()
    chans = False
    for it in items:
        if it in CHANNELS and CHANNELS[it]:
            chans = True
            evs.update(events_of(it))
        else:
            evs.add(it)
    text = ', '.join(items)
    text = ('{|%s|}' if chans else '{%s}') % text
    return ('set', frozenset(evs), text)


def make_rel(pairs):
    """pairs of (x, y) where both are events or both channels of one type;
    gives the event-level relation."""
    rel = []
    for x, y in pairs:
        if x in CHANNELS and CHANNELS[x]:
            for ex, ey in zip(events_of(x), events_of(y)):
                rel.append((ex, ey))
        else:
            rel.append((x, y))
    return tuple(sorted(set(rel)))


def make_renaming(pairs):
    # CSPm [[ x <- y ]]: x is renamed to y
    return ('rel', make_rel(pairs), ', '.join('%s <- %s' % p for p in pairs))


def make_link(pairs):
    return ('rel', make_rel(pairs), ', '.join('%s <-> %s' % p for p in pairs))


def set_of_events(evs):
    """A set term for explicit events (used by the self-test table)."""
    return make_set(list(evs))


# ---------------------------------------------------------------- generator

OPS = [  # (operator, weight)
    ('prefix', 14), ('input', 4), ('output', 3), ('guard', 3),
    ('ext', 8), ('int', 6), ('seq', 4), ('slide', 3), ('intr', 3), ('exc', 3),
    ('par', 3), ('inter', 3), ('apar', 2), ('link', 2), ('hide', 4), ('ren', 3),
    ('rext', 2), ('rint', 2), ('rinter', 1), ('rpar', 1), ('rseq', 1),
]


class Ctx:
    """Where a subterm sits: the variables bound there, the named processes
    it may call only in guarded tail position, and whether it is in one."""

    __slots__ = ('vars', 'rec', 'tail', 'guarded', 'pars')

    def __init__(self, vars=(), rec=(), tail=True, guarded=False, pars=0):
        self.vars = vars
        self.rec = rec
        self.tail = tail
        self.guarded = guarded
        self.pars = pars

    def but(self, **kw):
        c = Ctx(self.vars, self.rec, self.tail, self.guarded, self.pars)
        for k, v in kw.items():
            setattr(c, k, v)
        return c


class Generator:
    """Generates the processes of one (Spec, Impl) pair: a few named helper
    processes (some recursive) and the two bodies."""

    def __init__(self, rng, prefix, max_depth=4, max_pars=2):
        self.rng = rng
        self.prefix = prefix          # name prefix of this pair's helpers
        self.max_depth = max_depth
        self.max_pars = max_pars
        self.defs = []                # (name, term), in definition order
        self.helpers = []             # names that may be called anywhere
        self.nvar = 0
        # the channels this pair uses: a and b, some others
        extra = [ch for ch in ('c', 'd', 'l', 'r', 'e') if rng.random() < 0.35]
        self.chans = ['a', 'b'] + extra

    # -- small pieces
    def fresh(self):
        self.nvar += 1
        return 'x%d' % self.nvar

    def pick_chans_typed(self):
        typed = [c for c in self.chans if c in TYPED]
        return typed or ['d']

    def some_events(self, lo=0, hi=2, whole=True):
        """A list of set items: events, or whole typed channels."""
        n = self.rng.randint(lo, hi)
        items = []
        for _ in range(n):
            ch = self.rng.choice(self.chans)
            if CHANNELS[ch] and whole and self.rng.random() < 0.5:
                it = ch
            else:
                it = self.rng.choice(events_of(ch))
            if it not in items:
                items.append(it)
        return items

    def event_set(self, lo=0, hi=2):
        return make_set(self.some_events(lo, hi))

    def value(self, ctx):
        if ctx.vars and self.rng.random() < 0.5:
            return self.rng.choice(ctx.vars)
        return self.rng.randint(0, 1)

    def vals(self, allow_empty=True):
        r = self.rng.random()
        if r < 0.12 and allow_empty:
            return ()
        if r < 0.35:
            return (self.rng.randint(0, 1),)
        return (0, 1)

    # -- processes
    def leaf(self, ctx):
        rng = self.rng
        can_rec = ctx.rec and ctx.tail and ctx.guarded
        if can_rec and rng.random() < 0.55:
            return ('call', rng.choice(ctx.rec))
        r = rng.random()
        if self.helpers and r < 0.22:
            return ('call', rng.choice(self.helpers))
        if r < 0.45:
            return ('STOP',)
        if r < 0.72:
            return ('SKIP',)
        if r < 0.78:
            return ('DIV',)
        if r < 0.87:
            return ('run', make_set(self.some_events(0, 2, whole=False)))
        if r < 0.94:
            return ('chaos', make_set(self.some_events(0, 2, whole=False)))
        return self.simple_prefix(ctx, self.leaf(ctx.but(guarded=True)))

    def simple_prefix(self, ctx, cont):
        ch = self.rng.choice(self.chans)
        parts = tuple(('.', self.value(ctx)) for _ in CHANNELS[ch])
        return ('prefix', ch, parts, cont)

    def proc(self, depth, ctx):
        rng = self.rng
        if depth <= 0 or (depth < self.max_depth and rng.random() < 0.15):
            return self.leaf(ctx)
        ops, weights = zip(*OPS)
        op = rng.choices(ops, weights)[0]
        d = depth - 1
        nontail = ctx.but(tail=False)
        if op in ('par', 'inter', 'apar', 'link', 'rinter', 'rpar') and ctx.pars >= self.max_pars:
            op = 'ext'
        par_ctx = nontail.but(pars=ctx.pars + 1)
        if op == 'prefix':
            return self.simple_prefix(ctx, self.proc(d, ctx.but(guarded=True)))
        if op == 'output':
            ch = rng.choice(self.pick_chans_typed() + (['e'] if 'e' in self.chans else []))
            parts = tuple((rng.choice('.!'), self.value(ctx)) for _ in CHANNELS[ch])
            return ('prefix', ch, parts, self.proc(d, ctx.but(guarded=True)))
        if op == 'input':
            ch = rng.choice(self.pick_chans_typed() + (['e'] if 'e' in self.chans else []))
            parts = []
            bound = []
            for i, _ in enumerate(CHANNELS[ch]):
                if i == 0 or rng.random() < 0.6:
                    x = self.fresh()
                    restr = None
                    if rng.random() < 0.3:
                        restr = self.vals(allow_empty=False)
                    parts.append(('?', x, restr))
                    bound.append(x)
                else:
                    parts.append((rng.choice('.!'), self.value(ctx)))
            inner = ctx.but(guarded=True, vars=ctx.vars + tuple(bound))
            return ('prefix', ch, tuple(parts), self.proc(d, inner))
        if op == 'guard':
            if ctx.vars and rng.random() < 0.6:
                cond = ('eq', rng.choice(ctx.vars), rng.randint(0, 1))
            else:
                cond = rng.random() < 0.6
            return ('guard', cond, self.proc(d, ctx))
        if op in ('ext', 'int'):
            return (op, (self.proc(d, ctx), self.proc(d, ctx)))
        if op == 'seq':
            return ('seq', self.proc(d, nontail), self.proc(d, ctx))
        if op == 'slide':
            return ('slide', self.proc(d, ctx), self.proc(d, ctx))
        if op == 'intr':
            return ('intr', self.proc(d, nontail), self.proc(d, ctx))
        if op == 'exc':
            return ('exc', self.event_set(1, 2), self.proc(d, nontail), self.proc(d, ctx))
        if op == 'par':
            return ('par', self.event_set(0, 2), self.proc(d, par_ctx), self.proc(d, par_ctx))
        if op == 'inter':
            return ('inter', self.proc(d, par_ctx), self.proc(d, par_ctx))
        if op == 'apar':
            return ('apar', self.event_set(0, 3), self.event_set(0, 3),
                    self.proc(d, par_ctx), self.proc(d, par_ctx))
        if op == 'link':
            typed = self.pick_chans_typed()
            pairs = [(rng.choice(typed), rng.choice(typed))]
            if rng.random() < 0.2:
                pairs.append((rng.choice(typed), rng.choice(typed)))
                if pairs[1][0] == pairs[0][0] or pairs[1][1] == pairs[0][1]:
                    pairs.pop()
            return ('link', make_link(pairs), self.proc(d, par_ctx), self.proc(d, par_ctx))
        if op == 'hide':
            return ('hide', self.proc(d, nontail), self.event_set(0, 2))
        if op == 'ren':
            return ('ren', self.proc(d, nontail), self.renaming())
        x = self.fresh()
        inner = ctx.but(vars=ctx.vars + (x,))
        if op == 'rext':
            return ('rext', x, self.vals(), self.proc(d, inner))
        if op == 'rint':
            return ('rint', x, self.vals(allow_empty=False), self.proc(d, inner))
        if op == 'rinter':
            return ('rinter', x, self.vals(), self.proc(d, inner.but(tail=False, pars=ctx.pars + 1)))
        if op == 'rpar':
            return ('rpar', self.event_set(0, 2), x, self.vals(),
                    self.proc(d, inner.but(tail=False, pars=ctx.pars + 1)))
        if op == 'rseq':
            vals = rng.choice([(), (0,), (1,), (0, 1), (1, 0)])
            return ('rseq', x, vals, self.proc(d, inner.but(tail=False)))
        raise AssertionError(op)

    def renaming(self):
        rng = self.rng
        pairs = []
        for _ in range(rng.randint(1, 2)):
            if rng.random() < 0.3:
                typed = self.pick_chans_typed()
                pairs.append((rng.choice(typed), rng.choice(typed)))
            else:
                ch1 = rng.choice(self.chans)
                ch2 = rng.choice(self.chans)
                pairs.append((rng.choice(events_of(ch1)), rng.choice(events_of(ch2))))
        # one-to-many and many-to-one now and then
        if rng.random() < 0.25:
            x, _ = pairs[0]
            y = rng.choice(events_of(rng.choice(self.chans)))
            if x not in CHANNELS or not CHANNELS[x]:
                pairs.append((x, y))
        pairs = list(dict.fromkeys(pairs))
        return make_renaming(pairs)

    # -- named processes
    def helper_group(self):
        """Define one helper or a mutually recursive pair; returns names."""
        rng = self.rng
        base = '%s_%d' % (self.prefix, len(self.defs))
        r = rng.random()
        if r < 0.15:
            names = [base + 'a', base + 'b']
        else:
            names = [base]
        recursive = rng.random() < 0.7
        rec = tuple(names) if recursive else ()
        bodies = []
        for _ in names:
            for _attempt in range(6):
                self.nvar = 0
                b = self.proc(self.max_depth, Ctx(rec=rec))
                # a recursive helper should loop: retry until it calls
                # its group (in a guarded tail position, by construction)
                if not rec or any(('call', n) in calls_in(b) for n in rec):
                    break
            bodies.append(b)
        for n, b in zip(names, bodies):
            self.defs.append((n, b))
        self.helpers.extend(names)
        return names

    def body(self, depth=None):
        self.nvar = 0
        return self.proc(self.max_depth if depth is None else depth, Ctx())

    def mutate(self, t, depth=2):
        """t with one random subterm replaced by a fresh one (closed terms
        only: we do not descend under binders)."""
        rng = self.rng
        k = t[0]
        kids = []
        if k in ('ext', 'int'):
            kids = [('tuple', i) for i in range(len(t[1]))]
        elif k in ('seq', 'slide', 'intr', 'inter'):
            kids = [1, 2]
        elif k in ('exc', 'par', 'link'):
            kids = [2, 3]
        elif k == 'apar':
            kids = [3, 4]
        elif k in ('hide', 'ren'):
            kids = [1]
        elif k == 'prefix' and not any(p[0] == '?' for p in t[2]):
            kids = [3]
        elif k == 'guard' and not isinstance(t[1], tuple):
            kids = [2]
        if not kids or rng.random() < 0.3:
            return self.body(depth)
        which = rng.choice(kids)
        if isinstance(which, tuple):
            i = which[1]
            ps = list(t[1])
            ps[i] = self.mutate(ps[i], depth)
            return (k, tuple(ps))
        lst = list(t)
        lst[which] = self.mutate(t[which], depth)
        return tuple(lst)


def calls_in(t):
    """The ('call', name) subterms of t."""
    out = set()
    stack = [t]
    while stack:
        u = stack.pop()
        if not isinstance(u, tuple):
            continue
        if u and u[0] == 'call':
            out.add(u)
            continue
        if u and u[0] in ('set', 'rel'):
            continue
        stack.extend(x for x in u if isinstance(x, tuple))
    return out


def gen_pair(rng, i):
    """One (Spec, Impl) pair: (defs, spec_term, impl_term, how) where defs
    is the list of (name, term) helpers the two bodies may call."""
    g = Generator(rng, 'P%d' % i)
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        g.helper_group()
    r = rng.random()
    if r < 0.28:
        how = 'independent'
        spec, impl = g.body(), g.body()
    elif r < 0.52:
        how = 'mutant'
        spec = g.body()
        impl = g.mutate(spec)
    elif r < 0.66:
        how = 'spec |~| x'
        impl = g.body()
        spec = ('int', (impl, g.body(2)))
    elif r < 0.76:
        how = 'spec [] x'
        impl = g.body()
        spec = ('ext', (impl, g.body(2)))
    elif r < 0.90:
        how = 'law'
        spec = g.body()
        law = rng.randrange(6)
        if law == 0:
            impl = ('seq', spec, ('SKIP',))
        elif law == 1:
            impl = ('ext', (spec, ('STOP',)))
        elif law == 2:
            impl = ('inter', spec, ('SKIP',))
        elif law == 3:
            impl = ('hide', spec, make_set([]))
        elif law == 4:
            impl = ('int', (spec, spec))
        else:
            impl = ('ren', spec, make_renaming([('a', 'a')]))
        if rng.random() < 0.5:
            spec, impl = impl, spec
    else:
        how = 'same'
        spec = g.body()
        impl = spec
    return g.defs, spec, impl, how


def script_text(defs, named):
    """CSPm definitions: the helpers then named bodies, one per line."""
    lines = ['%s = %s' % (n, show(t)) for n, t in defs]
    lines += ['%s = %s' % (n, show(t)) for n, t in named]
    return '\n'.join(lines) + '\n'


if __name__ == '__main__':
    import sys
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(seed)
    print(CHANNEL_DECLS)
    for i in range(n):
        defs, spec, impl, how = gen_pair(rng, i)
        print('-- pair %d (%s)' % (i, how))
        print(script_text(defs, [('Spec_%d' % i, spec), ('Impl_%d' % i, impl)]))
