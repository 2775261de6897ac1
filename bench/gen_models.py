#!/usr/bin/env python3
"""Generate the CSPm models of bench/check_bench.sh at a size N.

usage: gen_models.py MODEL N > model.csp

MODEL is one of:

  chain     N one-place cells over {0,1} chained by linked parallel
            ([right <-> left] over a sequence of N cells): 3^N states.
            No assertion; the bench runs `cspcheck --stats=CHAIN` on it.
  buffer    BUFF(<>), a bounded buffer of capacity N written with a
            sequence, against N one-place cells in a pipeline: cell i reads
            link i and writes link i+1, the cells synchronise pairwise on
            their shared link, the inner links are hidden and the outer
            ones renamed to left and right. One assertion,
            SPEC [FD= IMPL, which passes (a chain of N cells is an N-place
            buffer). The implementation has 3^N states; the spec's normal
            form has 2^(N+1) - 1 nodes.
  phils     the dining philosophers of specs/philosophers.csp with N
            philosophers: `:[deadlock free [F]]`, which fails (everybody
            picks up their left fork).
  butler    the same with a butler who seats at most N-1 of them
            (specs/philosophers_butler.csp): `:[deadlock free [F]]`, which
            passes.

Deterministic: the same MODEL and N give the same bytes.
"""
import sys

CHAIN = '''-- {n} one-place cells over {{0,1}} chained by linked parallel: 3^{n} states
N = {n}
channel left, right : {{0, 1}}
COPY = left?x -> right!x -> COPY
CHAIN = [right <-> left] i : <1..N> @ COPY
'''

BUFFER = '''-- a bounded buffer of capacity {n}, specified with a sequence and
-- implemented by {n} one-place cells in a pipeline
N = {n}
nametype Value = {{0, 1}}
channel left, right : Value
channel link : {{0..N}}.Value

BUFF(s) =
     #s < N & left?x -> BUFF(s ^ <x>)
  [] #s > 0 & right!head(s) -> BUFF(tail(s))
SPEC = BUFF(<>)

-- cell i reads link.i and writes link.(i+1)
CELL(i) = link.i?x -> link.(i + 1)!x -> CELL(i)
PIPE = || i : {{0..N-1}} @ [{{| link.i, link.(i + 1) |}}] CELL(i)
IMPL = (PIPE \\ {{| link.i | i <- {{1..N-1}} |}}) [[ link.0 <- left, link.N <- right ]]

assert SPEC [FD= IMPL
'''

PHILS = '''-- the dining philosophers, {n} of them{butler_note}
N = {n}
Phil = {{0..N-1}}
channel think, sit, getup, eat : Phil
channel pickup, putdown : Phil.Phil

left(i) = i
right(i) = (i + 1) % N

FORK(f) =
     pickup.f.f -> putdown.f.f -> FORK(f)
  [] pickup.((f - 1 + N) % N).f -> putdown.((f - 1 + N) % N).f -> FORK(f)
FORKS = ||| f : Phil @ FORK(f)
'''

PHILS_PLAIN = '''PHIL(i) =
  think.i -> pickup.i.left(i) -> pickup.i.right(i) -> eat.i ->
  putdown.i.right(i) -> putdown.i.left(i) -> PHIL(i)
PHILS = ||| i : Phil @ PHIL(i)
SYSTEM = PHILS [| {| pickup, putdown |} |] FORKS

assert SYSTEM :[deadlock free [F]]
'''

PHILS_BUTLER = '''PHIL(i) =
  think.i -> sit.i -> pickup.i.left(i) -> pickup.i.right(i) -> eat.i ->
  putdown.i.right(i) -> putdown.i.left(i) -> getup.i -> PHIL(i)
PHILS = ||| i : Phil @ PHIL(i)
BUTLER(n) =
     n < N - 1 & sit?i -> BUTLER(n + 1)
  [] n > 0 & getup?i -> BUTLER(n - 1)
SYSTEM = (PHILS [| {| pickup, putdown |} |] FORKS) [| {| sit, getup |} |] BUTLER(0)

assert SYSTEM :[deadlock free [F]]
'''


def generate(model, n):
    if model == 'chain':
        return CHAIN.format(n=n)
    if model == 'buffer':
        return BUFFER.format(n=n)
    if model == 'phils':
        return PHILS.format(n=n, butler_note=' (deadlocks)') + PHILS_PLAIN
    if model == 'butler':
        return PHILS.format(n=n, butler_note=', with a butler (deadlock free)') + PHILS_BUTLER
    raise ValueError('unknown model ' + model)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('chain', 'buffer', 'phils', 'butler'):
        sys.stderr.write('usage: gen_models.py chain|buffer|phils|butler N\n')
        return 2
    n = int(sys.argv[2])
    if n < 2:
        sys.stderr.write('gen_models.py: N must be at least 2\n')
        return 2
    sys.stdout.write(generate(sys.argv[1], n))
    return 0


if __name__ == '__main__':
    sys.exit(main())
