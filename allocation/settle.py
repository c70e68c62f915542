"""Prove an optimum of part of the best-fit network optimal for all of it, or improve it.

A city round solves on the arcs that are cheap at an auction's prices (`compact.Network`).
That optimum is nearly always the optimum over every arc, or a few units off it; what it
lacks is a certificate: the potentials the solver's residual graph gives are feasible for
the part only, and against them thousands of applicants have a left-out arc priced below
zero. Solving again on more arcs would take as long as the first solve. Instead this
settles potentials over every arc: Bellman-Ford with a FIFO queue (label correcting) on
the residual graph of the whole network, from the auction's prices (which are close to an
optimal dual over every arc), lowers a node's potential whenever an arc into it is priced
below zero. With no negative cycle it stops with every residual arc of the whole network
at a reduced cost >= 0: the flow is optimal for all of it (LP duality), and `compact`
checks that again over every arc. A cycle of the parent pointers is a negative cycle (the
flow is not yet optimal): the check for one runs after every CHECK_EVERY x nodes
lowerings, the flow goes one unit round each cycle found (cheaper by its cost), and the
queue goes on.

Nodes and arcs are `compact.Network`'s, as in `allocation.repair`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from allocation.repair import (
    _APP,
    _APP_BACK,
    _DIR,
    _DIR_BACK,
    _MID,
    _MID_BACK,
    _SINK,
    _SINK_BACK,
    Graph,
    _carry,
    _link_all,
)

Arr = np.ndarray
CHECK_EVERY = 0.1  # lowerings between checks for a cycle, per node
MAX_READS = 20  # arcs read, per arc of the network, after which `settle` gives up (a city: 8)


@njit(cache=True)
def _lower(
    v: int, nd: int, u: int, k: int, j: int, d: Arr, par: Arr, kind: Arr, idx: Arr,
    queue: Arr, on: Arr, q: Arr,
) -> int:  # fmt: skip
    """Lower v's potential to nd, reached from u by arc j of kind k; returns 1."""
    d[v], par[v], kind[v], idx[v] = nd, u, k, j
    _push(v, queue, on, q)
    return 1


@njit(cache=True)
def _push(v: int, queue: Arr, on: Arr, q: Arr) -> None:
    """Onto the back of the queue, unless it is on it."""
    if not on[v]:
        queue[(q[0] + q[1]) % len(queue)] = v
        q[1] += 1
        on[v] = True


@njit(cache=True)
def _cancel(
    x: int, n_app: int, par: Arr, kind: Arr, idx: Arr, used: Arr,
    first: Arr, nxt: Arr, prv: Arr, f_mid: Arr, f_sink: Arr, queue: Arr, on: Arr, q: Arr,
    cyc: Arr,
) -> None:  # fmt: skip
    """Push one unit round the cycle of parent pointers through x."""
    n_cyc = 0
    y = x
    while True:
        cyc[n_cyc] = y
        n_cyc += 1
        y = par[y]
        if y == x:
            break
    for back in (True, False):  # an applicant lets go of its old arc before it takes a new one
        for i in range(n_cyc):
            v = cyc[i]
            if (kind[v] == _APP_BACK or kind[v] == _DIR_BACK) == back:
                _carry(par[v], v, kind[v], idx[v], n_app, used, first, nxt, prv, f_mid, f_sink)
    for i in range(n_cyc):  # their arcs changed: read them again, from no parent
        v = cyc[i]
        par[v] = -1
        _push(v, queue, on, q)


@njit(cache=True)
def _cycles(
    n_app: int, par: Arr, kind: Arr, idx: Arr, used: Arr, first: Arr,
    nxt: Arr, prv: Arr, f_mid: Arr, f_sink: Arr, queue: Arr, on: Arr, q: Arr,
    stamp: Arr, cyc: Arr,
) -> int:  # fmt: skip
    """Cancel every cycle of the parent pointers (they are disjoint); returns how many."""
    stamp[:] = -1
    found = 0
    for v in range(len(par)):
        x = v
        while x != -1 and stamp[x] == -1:
            stamp[x] = v
            x = par[x]
        if x != -1 and stamp[x] == v:
            _cancel(
                x, n_app, par, kind, idx, used, first, nxt, prv, f_mid, f_sink,
                queue, on, q, cyc,
            )  # fmt: skip
            found += 1
    return found


@njit(cache=True)
def _settle(
    p, n_g, a_start, app_m, app_c, d_start, dir_g, dir_c, m_start, m_arc, mid_g, mid_c,
    g_start, g_arc, mid_m, f_mid, size, f_sink, used, first, nxt, prv, d, max_reads,
    check_every,
) -> tuple[bool, int, int]:  # fmt: skip
    """(settled, cycles cancelled, arcs read); see the module docstring."""
    n = len(d)
    sink, m0, n_app = p + n_g, p + n_g + 1, len(app_m)
    par = np.full(n, -1, np.int64)
    kind = np.zeros(n, np.int64)
    idx = np.zeros(n, np.int64)
    queue = np.arange(n)
    on = np.ones(n, np.bool_)
    q = np.array([0, n], np.int64)  # head, length
    stamp = np.empty(n, np.int64)
    cyc = np.empty(n, np.int64)
    reads, lowered, cycles = 0, 0, 0
    while q[1] > 0:
        if reads > max_reads:
            return False, cycles, reads
        if lowered >= check_every:
            cycles += _cycles(
                n_app, par, kind, idx, used, first, nxt, prv, f_mid, f_sink, queue,
                on, q, stamp, cyc,
            )  # fmt: skip
            lowered = 0
        u = queue[q[0]]
        q[0] = (q[0] + 1) % n
        q[1] -= 1
        on[u] = False
        du = d[u]
        if u < p:
            for j in range(a_start[u], a_start[u + 1]):
                if j != used[u]:
                    v = m0 + app_m[j]
                    nd = du + app_c[j]
                    if nd < d[v]:
                        lowered += _lower(v, nd, u, _APP, j, d, par, kind, idx, queue, on, q)
            for j in range(d_start[u], d_start[u + 1]):
                if n_app + j != used[u]:
                    v = p + dir_g[j]
                    nd = du + dir_c[j]
                    if nd < d[v]:
                        lowered += _lower(v, nd, u, _DIR, j, d, par, kind, idx, queue, on, q)
            reads += a_start[u + 1] - a_start[u]
        elif u < sink:
            g = u - p
            if f_sink[g] < size[g] and du < d[sink]:
                lowered += _lower(sink, du, u, _SINK, g, d, par, kind, idx, queue, on, q)
            for i in range(g_start[g], g_start[g + 1]):
                k = g_arc[i]
                if f_mid[k] > 0:
                    v = m0 + mid_m[k]
                    nd = du - mid_c[k]
                    if nd < d[v]:
                        lowered += _lower(v, nd, u, _MID_BACK, k, d, par, kind, idx, queue, on, q)
            a = first[u]
            while a != -1:
                nd = du - dir_c[used[a] - n_app]
                if nd < d[a]:
                    lowered += _lower(a, nd, u, _DIR_BACK, a, d, par, kind, idx, queue, on, q)
                a = nxt[a]
            reads += g_start[g + 1] - g_start[g]
        elif u == sink:
            for g in range(n_g):
                if f_sink[g] > 0 and du < d[p + g]:
                    lowered += _lower(p + g, du, u, _SINK_BACK, g, d, par, kind, idx, queue, on, q)
            reads += n_g
        else:
            mi = u - m0
            for i in range(m_start[mi], m_start[mi + 1]):
                k = m_arc[i]
                v = p + mid_g[k]
                nd = du + mid_c[k]
                if nd < d[v]:
                    lowered += _lower(v, nd, u, _MID, k, d, par, kind, idx, queue, on, q)
            a = first[u]
            while a != -1:
                nd = du - app_c[used[a]]
                if nd < d[a]:
                    lowered += _lower(a, nd, u, _APP_BACK, a, d, par, kind, idx, queue, on, q)
                a = nxt[a]
            reads += m_start[mi + 1] - m_start[mi]
    return True, cycles, reads


def settle(
    p: int,
    n_g: int,
    app: tuple[np.ndarray, np.ndarray, np.ndarray],
    direct: tuple[np.ndarray, np.ndarray, np.ndarray],
    mid: tuple[np.ndarray, np.ndarray, np.ndarray],
    size: np.ndarray,
    used: np.ndarray,
    flows: tuple[np.ndarray, np.ndarray],
    d: np.ndarray,
) -> tuple[bool, int, int]:
    """Make (used, flows, d) optimal over every arc with d its certificate, in place, and
    return (True, cycles cancelled, arcs read); or (False, ...) with them unchanged when
    that takes more than MAX_READS arc reads per arc (the caller then solves on more arcs).

    Arguments as `repair.mend`'s; d need not be feasible for any part of the network.
    """
    app_m, app_c = app[1], app[2]
    mid_m, mid_g, mid_c = mid
    f_mid, f_sink = flows
    n = len(d)
    g = Graph(p, n_g, n, app, direct, mid)
    work = used.copy()
    g.renumber(work)
    head = g.heads(work)
    first = np.full(n, -1, dtype=np.int64)
    nxt = np.full(p, -1, dtype=np.int64)
    prv = np.full(p, -1, dtype=np.int64)
    _link_all(np.arange(p), head, first, nxt, prv)
    fm, fs, dd = f_mid.copy(), f_sink.copy(), d.copy()
    n_arcs = len(app_m) + len(g.dir_a) + len(mid_m) + 2 * n_g
    ok, cycles, reads = _settle(
        p, n_g, g.a_start, app_m, app_c, g.d_start, g.dir_g, g.dir_c, g.m_start, g.m_arc,
        mid_g.astype(np.int64), mid_c.astype(np.int64), g.g_start, g.g_arc,
        mid_m.astype(np.int64), fm, size.astype(np.int64), fs, work, first, nxt, prv, dd,
        MAX_READS * n_arcs, max(1, int(CHECK_EVERY * n)),
    )  # fmt: skip
    if not ok:
        return False, cycles, reads
    g.restore(work)
    used[:], f_mid[:], f_sink[:], d[:] = work, fm, fs, dd
    return True, cycles, reads
