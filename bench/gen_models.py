#!/usr/bin/env python3
"""Generate the CSPm models of bench/check_bench.sh at a size N.

usage: gen_models.py MODEL N > model.csp
       gen_models.py --list          (the model names, one a line)

Each assertion of a generated script is preceded by a line

    -- expect: LABEL => passed|failed

which check_bench.sh reads (in order: the K-th such line belongs to the
K-th assertion, checked with `-a K`) to know the verdict to demand. How
each verdict follows from the model is written next to it below.

MODEL is one of:

  chain      N one-place cells over {0,1} chained by linked parallel
             ([right <-> left] over a sequence of N cells): 3^N states.
             No assertion; the bench runs `cspcheck --stats=CHAIN` on it
             and demands exactly 3^N states (each cell is empty, holds 0
             or holds 1, independently of the others).
  buffer     BUFF(<>), a bounded buffer of capacity N written with a
             sequence, against N one-place cells in a pipeline: cell i
             reads link i and writes link i+1, the cells synchronise
             pairwise on their shared link, the inner links are hidden and
             the outer ones renamed to left and right. One assertion,
             SPEC [FD= IMPL, which passes (a chain of N one-place buffers
             is an N-place buffer, and a hand-over between cells needs a
             value to move right, so the hidden links cannot cycle: no
             divergence). The implementation has 3^N states; the spec's
             normal form has 2^(N+1) - 1 nodes.
  phils      the dining philosophers of specs/philosophers.csp with N
             philosophers: `:[deadlock free [F]]`, which fails (everybody
             picks up their left fork).
  butler     the same with a butler who seats at most N-1 of them
             (specs/philosophers_butler.csp): `:[deadlock free [F]]`, which
             passes (of N-1 seated philosophers one can always get both
             forks).
  scheduler  Milner's scheduler (specs/scheduler.csp) with N cyclers:
             SPEC [FD= SCHED, which passes (the ring is failures-
             divergences equivalent to SPEC: see that file). SPEC's normal
             form has N * 2^N nodes (whose turn it is, which tasks run).
  ring       a token ring of N nodes (specs/token_ring.csp) with a user
             per node, who asks (want.i) before its node may let it in:
             MUTEX [T= SYSTEM \\ {|pass, want|} (one token, so one node in
             its critical section at a time: passes) and
             SYSTEM :[deadlock free [F]] (the token can always move on:
             passes). About 2.5 N 2^N states.
  abp        the alternating bit protocol of specs/abp.csp (media that
             may lose a message but never two in a row, a timeout raised
             by the medium that lost) carrying N data values:
             COPY [FD= ABP, which passes (see specs/abp.csp). One datum is
             in flight at a time, so the state space grows only linearly
             (about 38 pairs per value); the leaves' size (and the time to
             compile them) grows with N as well.
  mutex      the filter lock, Peterson's algorithm generalised to N
             processes, with shared variables as processes (each read and
             write one event, as in specs/mutex.csp): level[i] and
             victim[l], a process climbs levels 1..N-1, waiting at level l
             while it is the victim of l and some other process is at
             level l or above (tested one variable read at a time).
             MUTEX [T= SYSTEM \\ Vars passes (at most N-l processes get
             past level l, so one reaches the critical section), and
             SYSTEM :[deadlock free [F]] passes (a waiting process can
             always read a variable). With the reads hidden, the busy
             waiting is a divergence, so the mutex property is checked in
             the traces model. N = 4: 1.2e5 states, N = 5: 1.0e7.

and, for `check_bench.sh --compress`, the same check without and with
compression (sbisim(diamond(P)) of each component, declared transparent):

  pipe, pipe_c     an N-place buffer (N even) as N/2 two-cell stages, each
                   stage COPY [right <-> left] COPY (its hand-over hidden
                   by the linked parallel), the stages chained by linked
                   parallel: SPEC [FD= IMPL, passes as `buffer` does. pipe
                   has 3^N states; pipe_c compresses each stage to the 7
                   states of a two-place buffer over {0,1}: 7^(N/2).
  scheduler_c      `scheduler` with cyclers 2g and 2g+1 grouped, the token
                   passed inside the group hidden within it, and each group
                   compressed (N even). Hiding an event that only the
                   group's two cyclers share commutes with the parallel
                   composition, and both compressions keep the failures
                   and divergences, so it passes as `scheduler` does.
  abp_c            `abp` with the sender and its two media grouped (their
                   traffic a, d, timeout hidden inside) and compressed, then
                   composed with the receiver: passes as `abp` does.

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

-- expect: FD buffer => passed
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

-- expect: deadlock F => failed
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

-- expect: deadlock F => passed
assert SYSTEM :[deadlock free [F]]
'''

# Milner's scheduler; SCHED is filled in: the plain ring, or the ring of
# compressed pairs of cyclers (scheduler_c).
SCHEDULER = '''-- Milner's scheduler with {n} cyclers{note}
{transparent}N = {n}
Id = {{0..N-1}}
channel a, b, tok : Id

next(i) = (i + 1) % N

CYC(i) = tok.i -> BODY(i)
BODY(i) = a.i -> (b.i -> tok.next(i) -> CYC(i) [] tok.next(i) -> b.i -> CYC(i))
CYCLER(i) = if i == 0 then BODY(i) else CYC(i)
Alpha(i) = {{tok.i, tok.next(i), a.i, b.i}}

SPEC_A(i) = a.i -> SPEC_A(next(i))
SPEC_AB(i) = a.i -> b.i -> SPEC_AB(i)
SPEC = SPEC_A(0) [| {{|a|}} |] (||| i : Id @ SPEC_AB(i))

{sched}
-- the ring is failures-divergences equivalent to SPEC (specs/scheduler.csp)
-- expect: FD spec => passed
assert SPEC [FD= SCHED
'''

SCHED_PLAIN = '''RING = || i : Id @ [Alpha(i)] CYCLER(i)
SCHED = RING \\ {|tok|}
'''

SCHED_COMPRESSED = '''-- cyclers 2g and 2g+1 form group g; the token passed between them
-- (tok.(2g+1)) is hidden inside the group, which is then compressed
Group = {0..N/2-1}
GAlpha(g) = union(Alpha(2 * g), Alpha(2 * g + 1))
PAIR(g) = (CYCLER(2 * g) [| {tok.(2 * g + 1)} |] CYCLER(2 * g + 1)) \\ {tok.(2 * g + 1)}
C(P) = sbisim(diamond(P))
SCHED = (|| g : Group @ [GAlpha(g)] C(PAIR(g))) \\ {|tok|}
'''

RING = '''-- a token ring of {n} nodes, a user at each node
N = {n}
Node = {{0..N-1}}
channel pass, want, enter, leave : Node

next(i) = (i + 1) % N

-- pass.i: the token arrives at node i. A node holding the token lets its
-- user in (if the user wants to come in) or passes the token on.
WAITING(i) = pass.i -> HOLDING(i)
HOLDING(i) =
     enter.i -> leave.i -> pass.next(i) -> WAITING(i)
  [] pass.next(i) -> WAITING(i)
NODE(i) = if i == 0 then HOLDING(i) else WAITING(i)
Alpha(i) = {{pass.i, pass.next(i), enter.i, leave.i}}
RING = || i : Node @ [Alpha(i)] NODE(i)

USER(i) = want.i -> enter.i -> leave.i -> USER(i)
USERS = ||| i : Node @ USER(i)
SYSTEM = RING [| {{| enter, leave |}} |] USERS

MUTEX = enter?i -> leave.i -> MUTEX

-- one token: only the node holding it lets its user in, and the user
-- leaves before the token moves on
-- expect: T mutex => passed
assert MUTEX [T= SYSTEM \\ {{| pass, want |}}
-- the token can always move on
-- expect: deadlock F => passed
assert SYSTEM :[deadlock free [F]]
'''

# The alternating bit protocol of specs/abp.csp with N data values; ABP is
# filled in: plain, or with the sender side compressed (abp_c).
ABP = '''-- the alternating bit protocol carrying {n} data values{note}
{transparent}Data = {{0..{last}}}
Bit = {{0, 1}}
Packet = {{(t, x) | t <- Bit, x <- Data}}

channel left, right : Data
channel a, b : Packet
channel c, d : Bit
channel timeout

SEND(s) = left?x -> TX(s, x)
TX(s, x) = a!(s, x) -> WAIT_ACK(s, x)
WAIT_ACK(s, x) =
     d?y -> (if y == s then SEND(1 - s) else TX(s, x))
  [] timeout -> TX(s, x)

RECV(r) = b?(t, x) ->
  (if t == r then right!x -> c!r -> RECV(1 - r)
   else c!t -> RECV(r))

-- a medium that may lose a message (and then raises timeout), but never
-- two in a row
MEDIUM(in, out, lost) =
  in?m ->
    (if lost then out!m -> MEDIUM(in, out, false)
     else (out!m -> MEDIUM(in, out, false) |~| timeout -> MEDIUM(in, out, true)))

{abp}
COPY = left?x -> right!x -> COPY

-- bounded loss: every cycle of hidden actions passes through a delivery,
-- so no divergence, and each datum leaves once, in order (specs/abp.csp)
-- expect: FD copy => passed
assert COPY [FD= ABP
'''

ABP_PLAIN = '''Internal = {|a, b, c, d, timeout|}
ABP = (SEND(0) [| {|a, d, timeout|} |]
        ((MEDIUM(a, b, false) ||| MEDIUM(c, d, false)) [| {|b, c|} |] RECV(0))) \\ Internal
'''

ABP_COMPRESSED = '''-- the sender with both media, their traffic with it (a, d, timeout)
-- hidden inside, compressed; then the receiver
C(P) = sbisim(diamond(P))
SENDER = (SEND(0) [| {|a, d, timeout|} |] (MEDIUM(a, b, false) ||| MEDIUM(c, d, false)))
           \\ {|a, d, timeout|}
ABP = (C(SENDER) [| {|b, c|} |] RECV(0)) \\ {|b, c|}
'''

MUTEX = '''-- the filter lock (Peterson's algorithm for {n} processes), shared
-- variables as processes: one event per read or write
N = {n}
Pid = {{0..N-1}}
Level = {{0..N-1}}
channel setlevel, getlevel : Pid.Level
channel setvictim, getvictim : {{1..N-1}}.Pid
channel enter, leave : Pid

LEVEL(k, v) = setlevel.k?x -> LEVEL(k, x) [] getlevel.k!v -> LEVEL(k, v)
VICTIM(l, v) = setvictim.l?x -> VICTIM(l, x) [] getvictim.l!v -> VICTIM(l, v)
VARS = (||| k : Pid @ LEVEL(k, 0)) ||| (||| l : {{1..N-1}} @ VICTIM(l, 0))
Vars = {{| setlevel, getlevel, setvictim, getvictim |}}

-- for l in 1..N-1: level[i] := l; victim[l] := i;
--   wait while victim[l] == i and some k != i has level[k] >= l
-- then the critical section, then level[i] := 0
P(i) = CLIMB(i, 1)
CLIMB(i, l) =
  if l == N then enter.i -> leave.i -> setlevel.i!0 -> P(i)
  else setlevel.i!l -> setvictim.l!i -> WAIT(i, l)
-- the test, one read at a time: victim[l] first, then level[k] for each k
WAIT(i, l) = getvictim.l?v -> (if v != i then CLIMB(i, l + 1) else SCAN(i, l, 0))
SCAN(i, l, k) =
  if k == N then CLIMB(i, l + 1)
  else if k == i then SCAN(i, l, k + 1)
  else getlevel.k?x -> (if x >= l then WAIT(i, l) else SCAN(i, l, k + 1))

SYSTEM = (||| i : Pid @ P(i)) [| Vars |] VARS
MUTEX = enter?i -> leave.i -> MUTEX

-- at most N-l processes are past level l at once, so one is past N-1
-- expect: T mutex => passed
assert MUTEX [T= SYSTEM \\ Vars
-- a waiting process can always read a variable
-- expect: deadlock F => passed
assert SYSTEM :[deadlock free [F]]
'''

PIPE = '''-- an {n}-place buffer as {half} two-cell stages chained by linked parallel{note}
{transparent}N = {n}
nametype Value = {{0, 1}}
channel left, right : Value

BUFF(s) =
     #s < N & left?x -> BUFF(s ^ <x>)
  [] #s > 0 & right!head(s) -> BUFF(tail(s))
SPEC = BUFF(<>)

COPY = left?x -> right!x -> COPY
-- a stage: two cells, the hand-over between them hidden by the linked parallel
STAGE = COPY [right <-> left] COPY
{stage}IMPL = [right <-> left] i : <1..N/2> @ {component}

-- a chain of one-place buffers is a buffer of their total capacity, and
-- compression keeps the failures and divergences of each stage
-- expect: FD buffer => passed
assert SPEC [FD= IMPL
'''

TRANSPARENT = 'transparent sbisim, diamond\n'


def even(model, n):
    if n % 2:
        raise ValueError(model + ' needs an even N')


def generate(model, n):
    if model == 'chain':
        return CHAIN.format(n=n)
    if model == 'buffer':
        return BUFFER.format(n=n)
    if model == 'phils':
        return PHILS.format(n=n, butler_note=' (deadlocks)') + PHILS_PLAIN
    if model == 'butler':
        return PHILS.format(n=n, butler_note=', with a butler (deadlock free)') + PHILS_BUTLER
    if model == 'scheduler':
        return SCHEDULER.format(n=n, note='', transparent='', sched=SCHED_PLAIN)
    if model == 'scheduler_c':
        even(model, n)
        return SCHEDULER.format(n=n, note=', pairs of cyclers compressed',
                                transparent=TRANSPARENT, sched=SCHED_COMPRESSED)
    if model == 'ring':
        return RING.format(n=n)
    if model == 'abp':
        return ABP.format(n=n, last=n - 1, note='', transparent='', abp=ABP_PLAIN)
    if model == 'abp_c':
        return ABP.format(n=n, last=n - 1, note=', the sender side compressed',
                          transparent=TRANSPARENT, abp=ABP_COMPRESSED)
    if model == 'mutex':
        return MUTEX.format(n=n)
    if model == 'pipe':
        even(model, n)
        return PIPE.format(n=n, half=n // 2, note='', transparent='', stage='',
                           component='STAGE')
    if model == 'pipe_c':
        even(model, n)
        return PIPE.format(n=n, half=n // 2, note=', each stage compressed',
                           transparent=TRANSPARENT,
                           stage='C(P) = sbisim(diamond(P))\n', component='C(STAGE)')
    raise ValueError('unknown model ' + model)


MODELS = ('chain', 'buffer', 'phils', 'butler', 'scheduler', 'ring', 'abp', 'mutex',
          'pipe', 'pipe_c', 'scheduler_c', 'abp_c')


def main():
    if sys.argv[1:] == ['--list']:
        sys.stdout.write(''.join(m + '\n' for m in MODELS))
        return 0
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.stderr.write('usage: gen_models.py %s N\n' % '|'.join(MODELS))
        return 2
    n = int(sys.argv[2])
    if n < 2:
        sys.stderr.write('gen_models.py: N must be at least 2\n')
        return 2
    try:
        text = generate(sys.argv[1], n)
    except ValueError as e:
        sys.stderr.write('gen_models.py: %s\n' % e)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
