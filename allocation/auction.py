"""Prices for the first priced network of a city round, from an auction over every arc.

`compact.Network` prices a round with too many applicant arcs to solve at once: it solves
on some of them and must then prove, or make, that optimum optimal over every arc. Each
applicant's cheapest arcs miss where applicants crowd: there the optimum sends many of
them far from their cheapest unit. An auction (Bertsekas' forward auction for similar
objects, with epsilon scaling, and a bidder per spare unit so that empty units end alike
in price) finds near-equilibrium prices of the groups over every arc (a city: 3.6 M bids,
each reading all of an applicant's arcs, in about 23 s). The arcs that are cheap
at those prices make a first network whose optimum is the whole network's, or nearly, and
the prices themselves are nearly an optimal dual of the whole: `allocation.settle` starts
from them.

Nothing here decides the answer: the prices only choose the first arcs and where the
settling starts; the solve, the settling and the certificate over every arc decide it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from allocation.repair import _csr

Arr = np.ndarray
_NONE = np.int64(1) << 62  # no such value (no second option; a tree leaf past the last slot)
_RISE = np.int64(1) << 40  # the most a bid raises a price (a bidder with a single option)


@njit(cache=True)
def _refresh(
    m: int, m_start: Arr, m_arc: Arr, mid_g: Arr, mid_c: Arr, low: Arr, val: Arr, alt: Arr
) -> None:
    """Middle node m's best value and group (mid arc cost + the group's lowest slot
    price), and its second-best value."""
    v1, v2, k1 = _NONE, _NONE, -1
    for i in range(m_start[m], m_start[m + 1]):
        k = m_arc[i]
        v = mid_c[k] + low[mid_g[k]]
        if v < v1:
            v2, v1, k1 = v1, v, k
        elif v < v2:
            v2 = v
    val[m] = v1
    alt[m, 0] = mid_g[k1] if k1 >= 0 else -1
    alt[m, 1] = v2


@njit(cache=True)
def _bid(a: int, a_start: Arr, app_m: Arr, app_c: Arr, val: Arr, alt: Arr) -> tuple[int, int, int]:
    """(best value, its group, second-best value) of applicant a over all its arcs.

    Every arc is read: near equilibrium, prices where applicants crowd are as large as the
    spread of an applicant's own costs, so no bound on an arc's value cuts the scan short
    (tried: sorted by cost plus the cheapest price-free value, every arc was still read).
    """
    v1, v2, j1 = _NONE, _NONE, -1
    for j in range(a_start[a], a_start[a + 1]):
        v = app_c[j] + val[app_m[j]]
        if v < v1:
            v2, v1, j1 = v1, v, j
        elif v < v2:
            v2 = v
    if j1 < 0:
        return v1, -1, v2
    m = app_m[j1]
    return v1, alt[m, 0], min(app_c[j1] + alt[m, 1], v2)


@njit(cache=True)
def _set_leaf(tree: Arr, leaf0: int, s: int, v: int) -> None:
    """Slot s's price in the tree of least prices (each node: least price, its slot)."""
    i = leaf0 + s
    tree[i, 0], tree[i, 1] = v, s
    i //= 2
    while i >= 1:
        c = 2 * i + (tree[2 * i + 1, 0] < tree[2 * i, 0])
        tree[i, 0], tree[i, 1] = tree[c, 0], tree[c, 1]
        i //= 2


@njit(cache=True)
def _take(
    s: int, a: int, rise: int, g: int, price: Arr, holder: Arr, queue: Arr, q: Arr,
    tree: Arr, leaf0: int, s_start: Arr, low: Arr, g_start: Arr, g_arc: Arr, mid_m: Arr,
    m_start: Arr, m_arc: Arr, mid_g: Arr, mid_c: Arr, val: Arr, alt: Arr,
) -> None:  # fmt: skip
    """a takes slot s of group g, raising its price by rise; whoever held it queues again."""
    out = holder[s]
    if out >= 0:
        queue[(q[0] + q[1]) % len(queue)] = out
        q[1] += 1
    holder[s] = a
    price[s] += rise
    _set_leaf(tree, leaf0, s, price[s])
    lo = price[s_start[g]]
    for t in range(s_start[g] + 1, s_start[g + 1]):
        lo = min(lo, price[t])
    if lo != low[g]:
        low[g] = lo
        for i in range(g_start[g], g_start[g + 1]):
            _refresh(mid_m[g_arc[i]], m_start, m_arc, mid_g, mid_c, low, val, alt)


@njit(cache=True)
def auction(
    a_start, app_m, app_c, m_start, m_arc, g_start, g_arc, mid_m, mid_g, mid_c, size, eps0,
    eps1, max_bids,
) -> tuple[Arr, Arr, Arr, int]:  # fmt: skip
    """(each middle node's best value: its cheapest arc to a group plus that group's
    lowest slot price; each applicant's best value; each group's lowest slot price; the
    bids made) of an auction with epsilon from eps0 down to eps1 by fourths, each phase
    starting with every bidder unassigned and the last prices, stopped after max_bids.

    Where there are more slots than applicants, a bidder per spare slot, to whom every slot
    is worth the same, makes the problem square: without them a slot bid up in an early
    phase and left empty keeps its price, where an optimum prices every empty unit alike.
    """
    p, n_g, n_m = len(a_start) - 1, len(size), len(m_start) - 1
    s_start = np.zeros(n_g + 1, np.int64)
    for g in range(n_g):
        s_start[g + 1] = s_start[g] + size[g]
    n_u = s_start[n_g]
    group_of = np.empty(n_u, np.int64)
    for g in range(n_g):
        group_of[s_start[g] : s_start[g + 1]] = g
    price = np.zeros(n_u, np.int64)
    holder = np.full(n_u, -1, np.int64)
    leaf0 = 1
    while leaf0 < n_u:
        leaf0 *= 2
    tree = np.full((2 * leaf0, 2), _NONE, np.int64)
    for s in range(n_u):
        _set_leaf(tree, leaf0, s, 0)
    low = np.zeros(n_g, np.int64)
    val = np.empty(n_m, np.int64)
    alt = np.empty((n_m, 2), np.int64)
    for m in range(n_m):
        _refresh(m, m_start, m_arc, mid_g, mid_c, low, val, alt)
    n_bid = max(p, n_u)  # bidders: the applicants, then one per spare slot
    queue = np.empty(n_bid, np.int64)
    q = np.zeros(2, np.int64)  # head, length
    bids = 0
    eps = eps0
    while True:
        holder[:] = -1
        queue[:] = np.arange(n_bid)
        q[0], q[1] = 0, n_bid
        while q[1] > 0 and bids < max_bids:
            a = queue[q[0]]
            q[0] = (q[0] + 1) % n_bid
            q[1] -= 1
            if a >= p:  # a spare slot's bidder: the cheapest slot of all
                s = tree[1, 1]
                v1 = price[s]
                _set_leaf(tree, leaf0, s, _NONE)
                v2 = tree[1, 0]
                g = group_of[s]
            else:
                v1, g, v2 = _bid(a, a_start, app_m, app_c, val, alt)
                if g < 0:
                    continue  # no arc: left to the solver, which reports it
                s = s_start[g]
                for t in range(s_start[g] + 1, s_start[g + 1]):
                    if price[t] < price[s]:
                        s = t
            _take(
                s, a, min(v2 - v1, _RISE) + eps, g, price, holder, queue, q, tree, leaf0,
                s_start, low, g_start, g_arc, mid_m, m_start, m_arc, mid_g, mid_c, val, alt,
            )  # fmt: skip
            bids += 1
        if eps <= eps1 or bids >= max_bids:
            break
        eps = max(eps1, eps // 4)
    value = np.empty(p, np.int64)
    for a in range(p):
        value[a] = _bid(a, a_start, app_m, app_c, val, alt)[0]
    return val, value, low, bids


def values(
    p: int,
    app_a: Arr,
    app_m: Arr,
    app_c: Arr,
    mid: tuple[Arr, Arr, Arr],
    n_mid: int,
    size: Arr,
    eps: tuple[int, int],
    max_bids: int,
) -> tuple[Arr, Arr, Arr]:
    """The auction on `compact.Network`'s arcs (the p applicants' arcs sorted by applicant;
    `mid`: middle -> group arcs as (middle, group, cost)): each middle node's best value,
    each applicant's and each group's price, at the prices it ends with. `eps`: the
    first epsilon and the last."""
    mid_m, mid_g, mid_c = (x.astype(np.int64) for x in mid)
    n_g = len(size)
    a_start = np.searchsorted(app_a, np.arange(p + 1)).astype(np.int64)
    val, value, low, _ = auction(
        a_start, app_m, app_c, *_csr(mid_m, n_mid), *_csr(mid_g, n_g), mid_m, mid_g, mid_c,
        size.astype(np.int64), *eps, max_bids,
    )  # fmt: skip
    return val, value, low
