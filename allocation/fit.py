"""`priority-flow` Phase 2: house exactly the served set at the least total fit cost.

A district round has ~10^7 eligible (applicant, unit group) pairs, too many arcs for a fast
flow. So the flow starts from each applicant's K cheapest groups, each group's K_COL
least-regretted applicants and one feasible matching (from Phase 1), and the answer is then
*proved* optimal for the full graph: shortest-path potentials on the residual graph give every
arc a reduced cost, and if no left-out arc has a negative one, no cheaper matching exists (LP
duality). Arcs that fail the test are added and the flow solved again, so the result is exact
whatever the K are; they only set the speed. The result is one of the optimal matchings, the
same one on every run (OR-Tools is deterministic for the same arcs in the same order).
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import linear_sum_assignment, min_cost_flow

from allocation.eligibility import Prepared
from allocation.flow import FlowError, solve_flow

K_CHEAPEST = 64  # first arcs per applicant
K_COL = 16  # first arcs per group: the applicants who lose least by taking it
K_ADD = 64  # arcs added per applicant and round, most negative reduced cost first
CACHE_CELLS = 250_000_000  # served x groups cells kept in memory (int32: 1 GB)
_NONE = np.iinfo(np.int64).max // 4
_NONE32 = np.iinfo(np.int32).max  # the same, in the int32 cache


def _feasible_groups(prep: Prepared, served_cls: np.ndarray, served_rank: np.ndarray) -> np.ndarray:
    """Turn the Phase-1 class of each served applicant into a group of that class."""
    groups_of = np.argsort(prep.group_class, kind="stable")  # groups by class, then index
    starts = np.searchsorted(prep.group_class[groups_of], np.arange(len(prep.classes)))
    cap = prep.groups.size
    out = np.empty(len(served_cls), dtype=np.int64)
    fill = np.zeros(len(prep.groups), dtype=np.int64)
    cursor = starts.copy()
    for i in np.lexsort((served_rank, served_cls)):
        c = served_cls[i]
        g = groups_of[cursor[c]]
        while fill[g] >= cap[g]:
            cursor[c] += 1
            g = groups_of[cursor[c]]
        fill[g] += 1
        out[i] = g
    return out


def _potentials(n_nodes: int, tail: np.ndarray, head: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Bellman-Ford from a virtual source over the residual graph (no negative cycle)."""
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    heads, starts = np.unique(head, return_index=True)
    d = np.zeros(n_nodes, dtype=np.int64)
    for _ in range(n_nodes + 1):
        best = np.minimum.reduceat(d[tail] + cost, starts)
        better = best < d[heads]
        if not better.any():
            return d
        d[heads[better]] = best[better]
    raise FlowError("best-fit phase: negative cycle in an optimal residual graph")


class _Costs:
    """Cost matrix of the served set over all groups (ineligible = _NONE), chunk by chunk.

    Kept in memory when it is small enough (a district round), recomputed otherwise.
    """

    def __init__(self, prep: Prepared, served: np.ndarray) -> None:
        self.prep, self.served = prep, served
        self.bounds: list[tuple[int, int]] = []
        pos = 0
        for ch in prep.chunks(served, len(prep.groups)):
            self.bounds.append((pos, pos + len(ch)))
            pos += len(ch)
        self.keep = len(served) * len(prep.groups) <= CACHE_CELLS
        self.cache: dict[int, np.ndarray] = {}

    def chunk(self, i: int) -> np.ndarray:
        if i in self.cache:  # stored as int32 (half the memory), handed out as int64
            cost = self.cache[i].astype(np.int64)
            cost[cost == _NONE32] = _NONE
            return cost
        lo, hi = self.bounds[i]
        ch = self.served[lo:hi]
        t = self.prep.groups
        cm = self.prep.commute(ch)
        ok = self.prep.eligible(ch, t, cm)
        raw = self.prep.cost(ch, t, cm)
        cost = np.where(ok, raw, _NONE)
        if self.keep and (len(raw) == 0 or int(raw.max(initial=0)) < _NONE32):
            self.cache[i] = np.where(ok, raw, _NONE32).astype(np.int32)
        return cost


def _cheapest(cost: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of the k smallest entries of each row that are below _NONE."""
    if cost.shape[1] > k:
        pick = np.argpartition(cost, k - 1, axis=1)[:, :k]
    else:
        pick = np.broadcast_to(np.arange(cost.shape[1]), cost.shape)
    keep = np.take_along_axis(cost, pick, axis=1) < _NONE
    rows = np.broadcast_to(np.arange(len(cost))[:, None], pick.shape)
    return rows[keep], pick[keep]


def best_fit(
    prep: Prepared,
    served: np.ndarray,
    served_cls: np.ndarray,
    k: int = K_CHEAPEST,
    k_add: int = K_ADD,
    k_col: int = K_COL,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Returns (group, commute minutes, cost) for each served applicant, in `served` order."""
    p, n_g = len(served), len(prep.groups)
    if p == 0:
        e = np.empty(0, dtype=np.int64)
        return e, np.empty(0), e.copy()
    size = prep.groups.size
    costs = _Costs(prep, served)
    feas = _feasible_groups(prep, served_cls, prep.rank[served])
    # start: each applicant's k cheapest groups, plus its group in one feasible matching
    # and each group's k_col applicants who would regret it least against their own best
    parts_a, parts_g, parts_c, feas_c = [np.arange(p)], [feas], [], []
    col_r, col_g, col_v, col_c = [], [], [], []
    for i, (lo, _) in enumerate(costs.bounds):
        cost = costs.chunk(i)
        feas_c.append(cost[np.arange(len(cost)), feas[lo : lo + len(cost)]])
        r, col = _cheapest(cost, k)
        parts_a.append(lo + r)
        parts_g.append(col)
        parts_c.append(cost[r, col])
        if k_col:
            regret = cost - cost.min(axis=1, keepdims=True)
            regret[cost >= _NONE] = _NONE
            r, col = _cheapest(regret.T, k_col)
            col_r.append(lo + col)
            col_g.append(r)
            col_v.append(regret[col, r])
            col_c.append(cost[col, r])
    if col_r:
        cr, cg, cv, cc = (np.concatenate(x) for x in (col_r, col_g, col_v, col_c))
        o = np.lexsort((cr, cv, cg))
        cr, cg, cc = cr[o], cg[o], cc[o]
        first = np.searchsorted(cg, cg, side="left")
        keep = np.arange(len(cg)) - first < k_col
        parts_a.append(cr[keep])
        parts_g.append(cg[keep])
        parts_c.append(cc[keep])
    a = np.concatenate(parts_a)
    g = np.concatenate(parts_g)
    c = np.concatenate([*feas_c, *parts_c])
    while True:
        _, first = np.unique(a * n_g + g, return_index=True)
        a, g, c = a[first], g[first], c[first]
        flow = _solve(p, n_g, a, g, c, size)
        # residual graph: unused arcs forward, used arcs backward, group <-> sink by load
        used = flow > 0
        sink = p + n_g
        load = np.bincount(g[used], minlength=n_g)
        gi = np.arange(n_g)
        free, busy = gi[load < size], gi[load > 0]
        tail = np.concatenate([np.where(used, p + g, a), p + free, np.full(len(busy), sink)])
        head = np.concatenate([np.where(used, a, p + g), np.full(len(free), sink), p + busy])
        rc = np.concatenate([np.where(used, -c, c), np.zeros(len(free) + len(busy), np.int64)])
        d = _potentials(sink + 1, tail, head, rc)
        # certificate: no arc may have a negative reduced cost (arcs in the graph cannot, so a
        # negative one is an arc left out); else add each applicant's most negative k_add
        add_a, add_g, add_c = [], [], []
        for i, (lo, hi) in enumerate(costs.bounds):
            cost = costs.chunk(i)
            red = cost + (d[lo:hi, None] - d[None, p : p + n_g])
            bad = np.flatnonzero(red.min(axis=1) < 0)
            if len(bad) == 0:
                continue
            red = red[bad]
            red[red >= 0] = _NONE
            r, col = _cheapest(red, k_add)
            add_a.append(lo + bad[r])
            add_g.append(col)
            add_c.append(cost[bad[r], col])
        if not add_a:
            break
        a = np.concatenate([a, *add_a])
        g = np.concatenate([g, *add_g])
        c = np.concatenate([c, *add_c])
    used = flow > 0
    group = np.full(p, -1, dtype=np.int64)
    cost_out = np.zeros(p, dtype=np.int64)
    group[a[used]] = g[used]
    cost_out[a[used]] = c[used]
    if (group < 0).any():
        raise FlowError("best-fit phase left a served applicant without a unit")
    mins = np.empty(p)
    for lo, hi in costs.bounds:
        cm = prep.commute(served[lo:hi])
        mins[lo:hi] = cm[np.arange(hi - lo), prep.groups.loc[group[lo:hi]]]
    return group, mins, cost_out


def _solve(
    p: int, n_g: int, a: np.ndarray, g: np.ndarray, c: np.ndarray, size: np.ndarray
) -> np.ndarray:
    """Flow (0/1) on each (applicant, group) arc of an optimal assignment; a, g sorted by key.

    When units are scarce (few more units than served applicants, the usual round) OR-Tools'
    assignment solver on unit slots is about twice as fast as the general flow; spare left
    nodes, joined to every slot at cost 0, absorb the units left empty.
    """
    n_u = int(size.sum())
    slots = size[g]
    spare = n_u - p
    if spare * n_u <= 2 * int(slots.sum()):
        flow = _solve_assignment(p, n_g, a, g, c, size, slots)
        if flow is not None:
            return flow
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(a, p + g, np.ones(len(a), dtype=np.int64), c)
    used = np.unique(g)
    sink = p + n_g
    smcf.add_arcs_with_capacity_and_unit_cost(
        p + used, np.full(len(used), sink), size[used], np.zeros(len(used), dtype=np.int64)
    )
    supply = np.append(np.ones(p, dtype=np.int64), -p)
    smcf.set_nodes_supplies(np.append(np.arange(p), sink), supply)
    solve_flow(smcf, "best-fit phase")
    return smcf.flows(arcs)


def _solve_assignment(
    p: int,
    n_g: int,
    a: np.ndarray,
    g: np.ndarray,
    c: np.ndarray,
    size: np.ndarray,
    slots: np.ndarray,
) -> np.ndarray | None:
    n_u = int(size.sum())
    first = np.concatenate([[0], np.cumsum(size)[:-1]])  # first slot of each group
    arc = np.repeat(np.arange(len(a)), slots)
    within = np.arange(len(arc)) - np.repeat(np.cumsum(slots) - slots, slots)
    left = np.concatenate([a[arc], np.repeat(np.arange(p, n_u), n_u)])
    right = np.concatenate([first[g[arc]] + within, np.tile(np.arange(n_u), n_u - p)])
    cost = np.concatenate([c[arc], np.zeros((n_u - p) * n_u, dtype=np.int64)])
    lsa = linear_sum_assignment.SimpleLinearSumAssignment()
    lsa.add_arcs_with_cost(left, right, cost)
    if lsa.solve() != lsa.OPTIMAL:
        return None  # e.g. a cost range the assignment solver cannot scale: use the flow
    mate = np.array([lsa.right_mate(i) for i in range(p)], dtype=np.int64)
    group = np.searchsorted(first, mate, side="right") - 1
    flow = np.zeros(len(a), dtype=np.int64)
    flow[np.searchsorted(a * n_g + g, np.arange(p) * n_g + group)] = 1
    return flow
