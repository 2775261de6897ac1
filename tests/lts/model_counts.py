#!/usr/bin/env python3
"""Independent state and transition counts for the scalable models of
test_lts.c, by a direct breadth-first search over vectors of local states
written from the models' informal description, without cspcheck's code.

    python3 tests/lts/model_counts.py

prints one line per model and size: name N states transitions.
Transitions are distinct (state, label, state) triples, as in an LTS."""


def bfs(init, succ):
    seen = {init: 0}
    queue = [init]
    trans = 0
    i = 0
    while i < len(queue):
        s = queue[i]
        i += 1
        edges = set(succ(s))
        trans += len(edges)
        for _, t in edges:
            if t not in seen:
                seen[t] = len(queue)
                queue.append(t)
    return len(queue), trans


def cells(n):
    # n independent cells a.i -> b.i -> ...: state bit per cell
    def succ(s):
        for i in range(n):
            lab = ('b' if s[i] else 'a', i)
            yield lab, s[:i] + (1 - s[i],) + s[i + 1:]
    return bfs((0,) * n, succ)


def chain(n):
    # n one-place buffers over {0,1}; None = empty. Cell 0 inputs from the
    # environment, the last outputs to it, a full cell passes its value to
    # an empty successor as one hidden (tau) step.
    def succ(s):
        if s[0] is None:
            for v in (0, 1):
                yield ('left', v), (v,) + s[1:]
        if s[-1] is not None:
            yield ('right', s[-1]), s[:-1] + (None,)
        for i in range(n - 1):
            if s[i] is not None and s[i + 1] is None:
                yield ('tau',), s[:i] + (None, s[i]) + s[i + 2:]
    return bfs((None,) * n, succ)


def philosophers(n):
    # philosopher i: 0 think.i 1 pickup.i.i 2 pickup.i.i+1 3 eat.i
    #   4 putdown.i.i+1 5 putdown.i.i 0
    # fork f: None free, or the philosopher holding it (f or f-1)
    def succ(s):
        ph, fk = s
        for i in range(n):
            p = ph[i]
            l, r = i, (i + 1) % n
            nph = ph[:i] + ((p + 1) % 6,) + ph[i + 1:]
            if p == 0:
                yield ('think', i), (nph, fk)
            elif p == 1 and fk[l] is None:
                yield ('pickup', i, l), (nph, fk[:l] + (i,) + fk[l + 1:])
            elif p == 2 and fk[r] is None:
                yield ('pickup', i, r), (nph, fk[:r] + (i,) + fk[r + 1:])
            elif p == 3:
                yield ('eat', i), (nph, fk)
            elif p == 4 and fk[r] == i:
                yield ('putdown', i, r), (nph, fk[:r] + (None,) + fk[r + 1:])
            elif p == 5 and fk[l] == i:
                yield ('putdown', i, l), (nph, fk[:l] + (None,) + fk[l + 1:])
    return bfs(((0,) * n, (None,) * n), succ)


for name, f, ns in (('cells', cells, range(1, 9)), ('chain', chain, range(1, 8)),
                    ('philosophers', philosophers, range(3, 7))):
    for n in ns:
        s, t = f(n)
        print(name, n, s, t)
