"""Mend an optimum of part of the best-fit network into an optimum of all of it.

A city round has too many applicant arcs to hand to the flow solver at once, so the solver
sees each applicant's cheapest arcs only (`compact.Network`). Its optimum and potentials are
then extended to every arc here, without solving again:

1. an applicant with an arc of negative reduced cost gives up its unit: it keeps one unit of
   excess, the node it left one unit of deficit, and its potential rises until none of its
   arcs is negative; every residual arc now has a reduced cost >= 0;
2. successive shortest paths (Dijkstra on reduced costs, from one excess at a time) route
   it to the nearest deficit, updating the potentials of the nodes settled.

Both steps keep every residual arc's reduced cost >= 0, so at the end the flow is optimal
for the whole network and the potentials are its certificate (LP duality); `compact` checks
it again over every arc. The repair moves only the applicants whose arcs priced below zero,
each along one shortest path, so it pays when they are few: a city round's last thousand
take seconds, where one more solve of the priced network takes tens of them.

Nodes and arcs are `compact.Network`'s: applicants, groups, the sink, middle nodes.
"""

from __future__ import annotations

import numpy as np
from numba import njit

Arr = np.ndarray

# the arc a node was reached by, for the augmentation
_APP, _APP_BACK, _DIR, _DIR_BACK, _MID, _MID_BACK, _SINK, _SINK_BACK = range(8)
_INF = np.int64(1) << 62
RESORT = 64  # paths between fresh snapshots of the groups' potentials


class RepairError(RuntimeError):
    """An excess with no path to a deficit: the network has no feasible flow."""


@njit(cache=True)
def _link(a: int, node: int, first: Arr, nxt: Arr, prv: Arr) -> None:
    nxt[a] = first[node]
    prv[a] = -1
    if first[node] != -1:
        prv[first[node]] = a
    first[node] = a


@njit(cache=True)
def _unlink(a: int, node: int, first: Arr, nxt: Arr, prv: Arr) -> None:
    if prv[a] != -1:
        nxt[prv[a]] = nxt[a]
    else:
        first[node] = nxt[a]
    if nxt[a] != -1:
        prv[nxt[a]] = prv[a]


@njit(cache=True)
def _sift_up(heap: Arr, pos: Arr, dist: Arr, i: int) -> None:
    v = heap[i]
    while i > 0:
        parent = (i - 1) >> 1
        u = heap[parent]
        if dist[u] <= dist[v]:
            break
        heap[i] = u
        pos[u] = i
        i = parent
    heap[i] = v
    pos[v] = i


@njit(cache=True)
def _pop(heap: Arr, pos: Arr, dist: Arr, n: int) -> tuple[int, int]:
    top = heap[0]
    pos[top] = -2  # settled
    n -= 1
    if n > 0:
        v = heap[n]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= n:
                break
            if c + 1 < n and dist[heap[c + 1]] < dist[heap[c]]:
                c += 1
            if dist[heap[c]] >= dist[v]:
                break
            heap[i] = heap[c]
            pos[heap[i]] = i
            i = c
        heap[i] = v
        pos[v] = i
    return top, n


@njit(cache=True)
def _reach(
    v: int, nd: int, u: int, k: int, j: int, st: tuple[Arr, ...], n_heap: int, n_touched: int
) -> tuple[int, int]:
    """Lower v's tentative distance to nd, reached from u by arc j of kind k."""
    dist, pos, heap, pred, kind, idx, touched = st
    if pos[v] == -1:
        touched[n_touched] = v
        n_touched += 1
        heap[n_heap] = v
        pos[v] = n_heap
        n_heap += 1
    dist[v], pred[v], kind[v], idx[v] = nd, u, k, j
    _sift_up(heap, pos, dist, pos[v])
    return n_heap, n_touched


@njit(cache=True)
def _push_token(tok: int, key: int, st: tuple[Arr, ...], n_heap: int) -> int:
    dist, pos, heap = st[0], st[1], st[2]
    dist[tok] = key
    heap[n_heap] = tok
    pos[tok] = n_heap
    _sift_up(heap, pos, dist, n_heap)
    return n_heap + 1


@njit(cache=True)
def _carry(
    u: int, v: int, k: int, j: int, n_app: int, used: Arr, first: Arr, nxt: Arr, prv: Arr,
    f_mid: Arr, f_sink: Arr,
) -> None:  # fmt: skip
    """One unit of flow along arc j of kind k, from u to v (an applicant lets go of its old
    arc, a backward one, before it takes a new one)."""
    if k == _APP:
        used[u] = j
        _link(u, v, first, nxt, prv)
    elif k in (_APP_BACK, _DIR_BACK):
        _unlink(v, u, first, nxt, prv)
        used[v] = -1
    elif k == _DIR:
        used[u] = n_app + j
        _link(u, v, first, nxt, prv)
    elif k == _MID:
        f_mid[j] += 1
    elif k == _MID_BACK:
        f_mid[j] -= 1
    elif k == _SINK:
        f_sink[j] += 1
    else:
        f_sink[j] -= 1


@njit(cache=True)
def _route(
    p, n_g, a_start, app_m, app_c, d_start, dir_g, dir_c, m_start, m_arc, mid_g, mid_c,
    g_start, g_arc, mid_m, f_mid, size, f_sink, used, first, nxt, prv, d, excess,
) -> int:  # fmt: skip
    """Route every excess to a deficit by successive shortest paths; returns the number of
    paths, or -1 when an excess cannot reach any deficit."""
    n = len(d)
    sink, m0, n_app = p + n_g, p + n_g + 1, len(app_m)
    # node n is a token in the heap for the sink's arcs back to the groups: they are read in
    # the order of a snapshot of the groups' potentials, which only fall, so each group's
    # snapshot bounds its arc's reduced cost from below and the token's key is the least
    # any unread one can have (the sink would otherwise read all of them on every path)
    tok = n
    dist = np.full(n + 1, _INF)
    pos = np.full(n + 1, -1, np.int64)  # -1 never reached, -2 settled, else place in heap
    heap = np.empty(n + 1, np.int64)
    pred = np.empty(n + 1, np.int64)
    kind = np.empty(n + 1, np.int64)
    idx = np.empty(n + 1, np.int64)
    touched = np.empty(n + 1, np.int64)
    st = (dist, pos, heap, pred, kind, idx, touched)
    settled = np.empty(n, np.int64)
    path = np.empty(n, np.int64)
    sources = np.flatnonzero(excess > 0)
    paths = 0
    by_d = np.empty(0, np.int64)
    snap = np.empty(0, np.int64)
    for s in sources:  # one unit each
        if paths % RESORT == 0:
            snap = -d[p:sink]
            by_d = np.argsort(snap)
        n_heap, n_touched, n_settled = 1, 1, 0
        dist[s] = 0
        pred[s] = -1
        heap[0] = s
        pos[s] = 0
        touched[0] = s
        t = -1
        read = 0  # groups the token has read
        while n_heap > 0:
            u, n_heap = _pop(heap, pos, dist, n_heap)
            if u == tok:
                g = by_d[read]
                read += 1
                v = p + g
                nd = dist[sink] + d[sink] - d[v]
                if f_sink[g] > 0 and nd < dist[v] and pos[v] != -2:
                    n_heap, n_touched = _reach(v, nd, sink, _SINK_BACK, g, st, n_heap, n_touched)
                if read < n_g:
                    n_heap = _push_token(tok, dist[sink] + d[sink] + snap[by_d[read]], st, n_heap)
                continue
            settled[n_settled] = u
            n_settled += 1
            if excess[u] < 0:
                t = u
                break
            du = dist[u]
            # the residual arcs out of u: (head, reduced cost, arc kind, arc index)
            if u < p:
                for j in range(a_start[u], a_start[u + 1]):
                    if j != used[u]:
                        v = m0 + app_m[j]
                        nd = du + app_c[j] + d[u] - d[v]
                        if nd < dist[v] and pos[v] != -2:
                            n_heap, n_touched = _reach(v, nd, u, _APP, j, st, n_heap, n_touched)
                for j in range(d_start[u], d_start[u + 1]):
                    if n_app + j != used[u]:
                        v = p + dir_g[j]
                        nd = du + dir_c[j] + d[u] - d[v]
                        if nd < dist[v] and pos[v] != -2:
                            n_heap, n_touched = _reach(v, nd, u, _DIR, j, st, n_heap, n_touched)
            elif u < sink:
                g = u - p
                if f_sink[g] < size[g]:
                    v = sink
                    nd = du + d[u] - d[v]
                    if nd < dist[v] and pos[v] != -2:
                        n_heap, n_touched = _reach(v, nd, u, _SINK, g, st, n_heap, n_touched)
                for i in range(g_start[g], g_start[g + 1]):
                    k = g_arc[i]
                    if f_mid[k] > 0:
                        v = m0 + mid_m[k]
                        nd = du - mid_c[k] + d[u] - d[v]
                        if nd < dist[v] and pos[v] != -2:
                            n_heap, n_touched = _reach(
                                v, nd, u, _MID_BACK, k, st, n_heap, n_touched
                            )
                a = first[u]
                while a != -1:
                    nd = du - dir_c[used[a] - n_app] + d[u] - d[a]
                    if nd < dist[a] and pos[a] != -2:
                        n_heap, n_touched = _reach(a, nd, u, _DIR_BACK, a, st, n_heap, n_touched)
                    a = nxt[a]
            elif u == sink:
                if n_g:
                    n_heap = _push_token(tok, du + d[u] + snap[by_d[0]], st, n_heap)
            else:
                mi = u - m0
                for i in range(m_start[mi], m_start[mi + 1]):
                    k = m_arc[i]
                    v = p + mid_g[k]
                    nd = du + mid_c[k] + d[u] - d[v]
                    if nd < dist[v] and pos[v] != -2:
                        n_heap, n_touched = _reach(v, nd, u, _MID, k, st, n_heap, n_touched)
                a = first[u]
                while a != -1:
                    nd = du - app_c[used[a]] + d[u] - d[a]
                    if nd < dist[a] and pos[a] != -2:
                        n_heap, n_touched = _reach(a, nd, u, _APP_BACK, a, st, n_heap, n_touched)
                    a = nxt[a]
        if t < 0:
            return -1
        # potentials: settled nodes move by how much nearer than t they are; the rest stay
        # (the same as adding min(dist, dist[t]) to all, less a constant)
        dt = dist[t]
        for i in range(n_settled):
            v = settled[i]
            d[v] -= dt - dist[v]
        # the path from its source to t, then its arcs in that order (an applicant's old arc
        # is let go before its new one is taken)
        n_path = 0
        v = t
        while pred[v] != -1:
            path[n_path] = v
            n_path += 1
            v = pred[v]
        src = v
        for i in range(n_path - 1, -1, -1):
            v = path[i]
            _carry(pred[v], v, kind[v], idx[v], n_app, used, first, nxt, prv, f_mid, f_sink)
        excess[src] -= 1
        excess[t] += 1
        for i in range(n_touched):
            v = touched[i]
            dist[v] = _INF
            pos[v] = -1
        dist[tok], pos[tok] = _INF, -1
        paths += 1
    return paths


def _csr(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(start per key, items ordered by key) of items with these keys in 0..n-1."""
    order = np.argsort(keys, kind="stable")
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=start[1:])
    return start, order


class Graph:
    """The index structures `mend` and `allocation.settle` walk the network by: each
    applicant's arcs (sorted by applicant already), its direct arcs in applicant order, each
    middle node's arcs to groups and each group's arcs from middle nodes."""

    def __init__(
        self,
        p: int,
        n_g: int,
        n: int,
        app: tuple[np.ndarray, np.ndarray, np.ndarray],
        direct: tuple[np.ndarray, np.ndarray, np.ndarray],
        mid: tuple[np.ndarray, np.ndarray, np.ndarray],
    ) -> None:
        self.p, self.n_g, self.n_app, self.m0 = p, n_g, len(app[0]), p + n_g + 1
        self.app_m = app[1]
        self.a_start = np.searchsorted(app[0], np.arange(p + 1)).astype(np.int64)
        self.d_start, self.d_order = _csr(direct[0], p)
        self.dir_a, self.dir_g, self.dir_c = (x[self.d_order].astype(np.int64) for x in direct)
        self.m_start, self.m_arc = _csr(mid[0], n - self.m0)
        self.g_start, self.g_arc = _csr(mid[1], n_g)

    def renumber(self, used: np.ndarray) -> None:
        """Each applicant's arc (an index into the applicant arcs, or their number + one
        into the direct arcs), in place, with the direct arcs in applicant order."""
        on = used >= self.n_app
        if on.any():
            used[on] = self.n_app + np.argsort(self.d_order)[used[on] - self.n_app]

    def restore(self, used: np.ndarray) -> None:
        """`renumber` undone, in place."""
        on = used >= self.n_app
        if on.any():
            used[on] = self.n_app + self.d_order[used[on] - self.n_app]

    def heads(self, used: np.ndarray) -> np.ndarray:
        """The node each applicant's (renumbered) arc enters."""
        on = used >= self.n_app
        head = np.empty(self.p, dtype=np.int64)
        head[~on] = self.m0 + self.app_m[used[~on]]
        head[on] = self.p + self.dir_g[used[on] - self.n_app]
        return head


def mend(
    p: int,
    n_g: int,
    app: tuple[np.ndarray, np.ndarray, np.ndarray],
    direct: tuple[np.ndarray, np.ndarray, np.ndarray],
    mid: tuple[np.ndarray, np.ndarray, np.ndarray],
    size: np.ndarray,
    used: np.ndarray,
    flows: tuple[np.ndarray, np.ndarray],
    d: np.ndarray,
) -> int:
    """Make (used, flows, d) optimal over every arc, in place; returns the paths routed.

    `app`: (applicant, middle, cost) arcs sorted by applicant; `direct`: (applicant, group,
    cost); `mid`: (middle, group, cost). `used`: each applicant's arc, an index into `app`
    or len(app) + an index into `direct`. `flows`: (per middle arc, per group to the sink).
    `d`: potentials over applicants, groups, the sink and the middle nodes, feasible for
    the residual graph of the arcs the optimum was found on, with every used arc tight.
    """
    app_m, app_c = app[1], app[2]
    mid_m, mid_g, mid_c = mid
    f_mid, f_sink = flows
    n = len(d)
    m0 = p + n_g + 1
    g = Graph(p, n_g, n, app, direct, mid)
    g.renumber(used)
    a_start, d_start, dir_g, dir_c = g.a_start, g.d_start, g.dir_g, g.dir_c
    m_start, m_arc, g_start, g_arc = g.m_start, g.m_arc, g.g_start, g.g_arc
    # 1. applicants with an arc that d prices below zero let go of their unit
    need = _need(a_start, app_m, app_c, d, m0)
    np.maximum.at(need, g.dir_a, d[p + dir_g] - dir_c)
    gone = np.flatnonzero(need > d[:p])
    head = g.heads(used)
    excess = np.zeros(n, dtype=np.int64)
    excess[gone] = 1
    np.subtract.at(excess, head[gone], 1)
    d[gone] = need[gone]
    used[gone] = -1
    first = np.full(n, -1, dtype=np.int64)
    nxt = np.full(p, -1, dtype=np.int64)
    prv = np.full(p, -1, dtype=np.int64)
    stay = np.flatnonzero(used >= 0)
    _link_all(stay, head[stay], first, nxt, prv)
    # 2. successive shortest paths from the excesses to the deficits
    paths = 0
    if len(gone):
        paths = _route(
            p, n_g, a_start, app_m, app_c, d_start,
            dir_g, dir_c, m_start, m_arc, mid_g.astype(np.int64), mid_c.astype(np.int64),
            g_start, g_arc, mid_m.astype(np.int64), f_mid, size.astype(np.int64), f_sink,
            used, first, nxt, prv, d, excess,
        )  # fmt: skip
    if paths < 0:
        raise RepairError("best-fit phase: an applicant has no path to a unit")
    g.restore(used)
    return paths


@njit(cache=True)
def _need(a_start: Arr, app_m: Arr, app_c: Arr, d: Arr, m0: int) -> Arr:
    """The least potential of each applicant that prices none of its arcs below zero."""
    p = len(a_start) - 1
    need = np.full(p, -_INF)
    for a in range(p):
        for j in range(a_start[a], a_start[a + 1]):
            b = d[m0 + app_m[j]] - app_c[j]
            if b > need[a]:
                need[a] = b
    return need


@njit(cache=True)
def _link_all(who: Arr, node: Arr, first: Arr, nxt: Arr, prv: Arr) -> None:
    for i in range(len(who)):
        _link(who[i], node[i], first, nxt, prv)


@njit(cache=True)
def _spfa(e: Arr, start: Arr, src: Arr, cost: Arr) -> bool:
    """Bellman-Ford with a FIFO queue on arcs sorted by head: afterwards e[src] <= e[head] +
    cost on every arc; returns False on a negative cycle."""
    n = len(e)
    queue = np.empty(n, np.int64)
    on = np.zeros(n, np.bool_)
    count = np.zeros(n, np.int64)
    q_head, q_len = 0, n
    queue[:] = np.argsort(e)  # the sink first
    on[:] = True
    while q_len > 0:
        v = queue[q_head]
        q_head = (q_head + 1) % n
        q_len -= 1
        on[v] = False
        ev = e[v]
        for i in range(start[v], start[v + 1]):
            u = src[i]
            nu = ev + cost[i]
            if nu < e[u]:
                e[u] = nu
                if not on[u]:
                    count[u] += 1
                    if count[u] > n:
                        return False
                    queue[(q_head + q_len) % n] = u
                    q_len += 1
                    on[u] = True
    return True


def to_sink(
    n: int, sink: int, tail: np.ndarray, head: np.ndarray, cost: np.ndarray, far: int
) -> np.ndarray:
    """Each node's least path length to `sink` over these arcs (about `far` where it has
    none)."""
    start, o = _csr(head, n)
    e = np.full(n, far, dtype=np.int64)
    e[sink] = 0
    if not _spfa(e, start, tail[o].astype(np.int64), cost[o].astype(np.int64)):
        raise RepairError("best-fit phase: negative cycle in an optimal residual graph")
    return e
