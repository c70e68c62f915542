"""`priority-flow` Phase 2: house exactly the served set at the least total fit cost.

A district round has ~10^7 eligible (applicant, unit group) pairs, too many arcs for a fast
flow. So the flow starts from each applicant's K cheapest groups, each group's K_COL
least-regretted applicants and one feasible matching (from Phase 1), and the answer is then
*proved* optimal for the full graph (`allocation.certify`): potentials on the residual graph
give every arc a reduced cost, and if no left-out arc has a negative one, no cheaper matching
exists (LP duality). Arcs that fail the test are added and the flow solved again, so the
result is exact whatever the K are; they only set the speed. Among equal-cost optima the
canonical one is returned (`certify.canonical`), so the answer does not depend on the solver.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from ortools.graph.python import linear_sum_assignment, min_cost_flow

from allocation.certify import Arcs, canonical, isolated_optimum, potentials
from allocation.compact import Network
from allocation.eligibility import Prepared
from allocation.flow import FlowError, solve_flow

K_CHEAPEST = 32  # first arcs per applicant
K_COL = 128  # first arcs per group: the applicants who lose least by taking it
K_ADD = 64  # arcs added per violating applicant and round, most negative reduced cost first
THETA = 30  # ...counting arcs up to this reduced cost, which the next optimum often needs
CACHE_CELLS = 450_000_000  # served x groups cells kept in memory (int32: 1.8 GB)
INELIGIBLE = 1 << 30  # cost-matrix marker: not an arc (every real cost is far smaller)
_SMALL_D = 1 << 28  # potentials this small keep reduced costs of int32 cells within int32
MERGE_CELLS = 8_000_000  # regret cells gathered before each group's least are picked


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


class CostMatrix:
    """Fit cost of every served applicant for every group, INELIGIBLE where not eligible.

    Row blocks of int32 (int64 if a policy makes costs that large); kept in memory when the
    whole matrix is small enough (a district round), recomputed on each pass otherwise.
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

    def blocks(self) -> Iterator[tuple[int, np.ndarray]]:
        """(first row, block) over the whole matrix."""
        for i, (lo, _) in enumerate(self.bounds):
            yield lo, self.block(i)

    def block(self, i: int) -> np.ndarray:
        if i in self.cache:
            return self.cache[i]
        lo, hi = self.bounds[i]
        ch = self.served[lo:hi]
        t = self.prep.groups
        cm = self.prep.commute(ch)
        ok = self.prep.eligible(ch, t, cm)
        raw = self.prep.cost(ch, t, cm, rounded_float=True)  # integral floats
        small = float(raw.max(initial=0)) < INELIGIBLE
        np.copyto(raw, INELIGIBLE if small else _NONE64, where=~ok)
        cost = raw.astype(np.int32 if small else np.int64)
        if self.keep:
            self.cache[i] = cost
        return cost


_NONE64 = np.iinfo(np.int64).max // 4


def _none(block: np.ndarray) -> int:
    return INELIGIBLE if block.dtype == np.int32 else _NONE64


def _cheapest(cost: np.ndarray, k: int, below: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of the k smallest entries of each row that are below `below`."""
    if cost.shape[1] > k:
        pick = np.argpartition(cost, k - 1, axis=1)[:, :k]
    else:
        pick = np.broadcast_to(np.arange(cost.shape[1]), cost.shape)
    keep = np.take_along_axis(cost, pick, axis=1) < below
    rows = np.broadcast_to(np.arange(len(cost))[:, None], pick.shape)
    return rows[keep], pick[keep]


def _initial_arcs(costs: CostMatrix, feasible: np.ndarray, k: int, k_col: int) -> Arcs:
    """One feasible matching, each applicant's k cheapest groups, and each group's k_col
    applicants who lose least (against their own cheapest group) by taking it."""
    parts: list[Arcs] = []
    n_g = len(costs.prep.groups)
    k_col = min(k_col, len(costs.served))
    best_regret = np.full((n_g, 0), INELIGIBLE, dtype=np.int64)  # per group: least regrets
    best_row = np.zeros((n_g, 0), dtype=np.int64)
    pending: list[tuple[int, np.ndarray]] = []  # regret blocks not yet merged

    def merge() -> None:
        nonlocal best_regret, best_row
        rows = np.concatenate([lo + np.arange(len(r)) for lo, r in pending])
        by_group = np.ascontiguousarray(np.concatenate([r for _, r in pending]).T)
        pending.clear()
        take = min(k_col, by_group.shape[1])
        top = np.argpartition(by_group, take - 1, axis=1)[:, :take]
        both_regret = np.hstack([best_regret, np.take_along_axis(by_group, top, axis=1)])
        both_row = np.hstack([best_row, rows[top]])
        if both_regret.shape[1] > k_col:
            keep = np.argpartition(both_regret, k_col - 1, axis=1)[:, :k_col]
            both_regret = np.take_along_axis(both_regret, keep, axis=1)
            both_row = np.take_along_axis(both_row, keep, axis=1)
        best_regret, best_row = both_regret, both_row

    for lo, cost in costs.blocks():
        rows = np.arange(len(cost))
        none = _none(cost)
        mine = feasible[lo : lo + len(cost)]
        parts.append(Arcs(lo + rows, mine, cost[rows, mine].astype(np.int64)))
        r, col = _cheapest(cost, k, none)
        parts.append(Arcs(lo + r, col, cost[r, col].astype(np.int64)))
        if k_col:
            regret = cost - cost.min(axis=1, keepdims=True)
            regret[cost >= none] = INELIGIBLE
            pending.append((lo, regret))
            if sum(len(x) for _, x in pending) * n_g >= MERGE_CELLS:
                merge()
    if pending:
        merge()
    if k_col:
        ok = best_regret < INELIGIBLE
        a = best_row[ok]
        g = np.broadcast_to(np.arange(n_g)[:, None], best_row.shape)[ok]
        parts.append(Arcs(a, g, _lookup(costs, a, g)))
    return Arcs.union(n_g, parts)


def _lookup(costs: CostMatrix, a: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Cost of the given (served position, group) cells."""
    out = np.empty(len(a), dtype=np.int64)
    starts = np.array([lo for lo, _ in costs.bounds])
    block_of = np.searchsorted(starts, a, side="right") - 1
    for i, (lo, _) in enumerate(costs.bounds):
        sel = np.flatnonzero(block_of == i)
        if len(sel):
            out[sel] = costs.block(i)[a[sel] - lo, g[sel]]
    return out


def _reduced(block: np.ndarray, d_app: np.ndarray, d_grp: np.ndarray) -> np.ndarray:
    """cost + d[applicant] - d[group] of a block; INELIGIBLE cells stay far above zero."""
    if (
        block.dtype == np.int32
        and max(
            abs(int(d_app.min(initial=0))),
            int(np.abs(d_grp).max(initial=0)),
            int(d_app.max(initial=0)),
        )
        < _SMALL_D
    ):
        red = block - d_grp.astype(np.int32)[None, :]
        red += d_app.astype(np.int32)[:, None]
        return red
    red = block.astype(np.int64) - d_grp[None, :] + d_app[:, None]
    red[block >= _none(block)] = _NONE64
    return red


def _check(
    costs: CostMatrix, d: np.ndarray, k_add: int, theta: int
) -> tuple[Arcs | None, np.ndarray, np.ndarray]:
    """Scan the full matrix against potentials d.

    Returns the arcs to add (None when no arc has a negative reduced cost: the certificate
    holds) and every arc with reduced cost exactly 0, for the canonical tie-break.
    """
    p, n_g = len(costs.served), len(costs.prep.groups)
    add: list[Arcs] = []
    tight_a, tight_g = [], []
    for lo, cost in costs.blocks():
        red = _reduced(cost, d[lo : lo + len(cost)], d[p : p + n_g])
        r0, g0 = np.nonzero(red == 0)
        tight_a.append(lo + r0)
        tight_g.append(g0)
        bad = np.flatnonzero(red.min(axis=1) < 0)
        if len(bad) == 0:
            continue
        worst = red[bad]
        worst[worst >= theta] = _none(worst)
        r, col = _cheapest(worst, k_add, _none(worst))
        add.append(Arcs(lo + bad[r], col, cost[bad[r], col].astype(np.int64)))
    tight = (np.concatenate(tight_a), np.concatenate(tight_g))
    return (Arcs.union(n_g, add) if add else None), *tight


def best_fit(
    prep: Prepared,
    served: np.ndarray,
    served_cls: np.ndarray,
    k: int = K_CHEAPEST,
    k_add: int = K_ADD,
    k_col: int = K_COL,
    *,
    theta: int = THETA,
    shuffle: np.random.Generator | None = None,
    compact: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Returns (group, commute minutes, cost) for each served applicant, in `served` order.

    `served` is in rank order. `shuffle` feeds the solver its arcs in a random order (for the
    test that the answer does not depend on the optimum the solver happens to find).
    `compact` solves the whole problem at once through (location, kind) nodes
    (`allocation.compact`) when the cost splits exactly; otherwise, or when False, the
    pricing rounds below run on the served x groups cost matrix.
    """
    if len(served) == 0:
        e = np.empty(0, dtype=np.int64)
        return e, np.empty(0), e.copy()
    if compact:
        net = Network(prep, served)
        if net.ok:
            group, d = net.solve(shuffle, served_cls)
            tight_a, tight_g = net.tight()
            group = _canonical_optimum(prep, served, group, d, tight_a, tight_g)
            mins, cost = net.read_out(group)
            return group, mins, cost
        del net
    costs = CostMatrix(prep, served)
    # 1. start from one feasible matching and the arcs an optimum most likely uses
    feasible = _feasible_groups(prep, served_cls, prep.rank[served])
    arcs = _initial_arcs(costs, feasible, k, k_col)
    # 2. solve, check every eligible arc against the potentials, add those that fail
    group, d, tight_a, tight_g = _certified_optimum(costs, arcs, k_add, theta, shuffle)
    # 3. one optimum, whichever the solver found
    group = _canonical_optimum(prep, served, group, d, tight_a, tight_g)
    # 4. each served applicant's cost and commute in that optimum
    return group, *_read_out(costs, group)


def _certified_optimum(
    costs: CostMatrix,
    arcs: Arcs,
    k_add: int,
    theta: int,
    shuffle: np.random.Generator | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(group per applicant, potentials, tight arcs) of an optimum proved for every arc."""
    p, n_g = len(costs.served), len(costs.prep.groups)
    size = costs.prep.groups.size
    d = None
    while True:
        used = _solve(p, n_g, arcs, size, shuffle) > 0
        d = potentials(p, size, arcs, used, d)
        extra, tight_a, tight_g = _check(costs, d, k_add, theta)
        if extra is None:
            break
        arcs = Arcs.union(n_g, [arcs, extra])
    group = np.full(p, -1, dtype=np.int64)
    group[arcs.a[used]] = arcs.g[used]
    if (group < 0).any():
        raise FlowError("best-fit phase left a served applicant without a unit")
    return group, d, tight_a, tight_g


def _canonical_optimum(
    prep: Prepared,
    served: np.ndarray,
    group: np.ndarray,
    d: np.ndarray,
    tight_a: np.ndarray,
    tight_g: np.ndarray,
) -> np.ndarray:
    """The isolated optimum (least tie weight, proved unique), else the lexicographic one."""
    p, n_g = len(served), len(prep.groups)
    order = np.lexsort((tight_g, tight_a))
    tight_a, tight_g = tight_a[order], tight_g[order]
    sink_rc = d[p : p + n_g] - d[p + n_g]
    size = prep.groups.size
    isolated = isolated_optimum(p, size, tight_a, tight_g, sink_rc, prep.rank[served])
    if isolated is None:
        isolated = canonical(group, tight_a, tight_g, size, sink_rc)
    return isolated


def _read_out(costs: CostMatrix, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    prep, served = costs.prep, costs.served
    cost_out = np.empty(len(served), dtype=np.int64)
    mins = np.empty(len(served))
    for i, (lo, hi) in enumerate(costs.bounds):
        rows = np.arange(hi - lo)
        cost_out[lo:hi] = costs.block(i)[rows, group[lo:hi]]
        cm = prep.commute(served[lo:hi])
        mins[lo:hi] = cm[rows, prep.groups.loc[group[lo:hi]]]
    return mins, cost_out


def _solve(
    p: int, n_g: int, arcs: Arcs, size: np.ndarray, shuffle: np.random.Generator | None
) -> np.ndarray:
    """Flow (0/1) on each arc of an optimal assignment of the restricted graph.

    When units are scarce (few more units than served applicants, the usual round) OR-Tools'
    assignment solver on unit slots is faster than the general flow, even with the spare left
    nodes, joined to every slot at cost 0, that absorb the units left empty.
    """
    n_u = int(size.sum())
    slots = size[arcs.g]
    if (n_u - p) * n_u <= 2 * int(slots.sum()):
        flow = _solve_assignment(p, n_g, arcs, size, slots, shuffle)
        if flow is not None:
            return flow
    perm = shuffle.permutation(len(arcs)) if shuffle is not None else np.arange(len(arcs))
    smcf = min_cost_flow.SimpleMinCostFlow()
    ids = smcf.add_arcs_with_capacity_and_unit_cost(
        arcs.a[perm], p + arcs.g[perm], np.ones(len(perm), dtype=np.int64), arcs.c[perm]
    )
    used = np.unique(arcs.g)
    sink = p + n_g
    smcf.add_arcs_with_capacity_and_unit_cost(
        p + used, np.full(len(used), sink), size[used], np.zeros(len(used), dtype=np.int64)
    )
    supply = np.append(np.ones(p, dtype=np.int64), -p)
    smcf.set_nodes_supplies(np.append(np.arange(p), sink), supply)
    solve_flow(smcf, "best-fit phase")
    flow = np.empty(len(arcs), dtype=np.int64)
    flow[perm] = smcf.flows(ids)
    return flow


def _solve_assignment(
    p: int,
    n_g: int,
    arcs: Arcs,
    size: np.ndarray,
    slots: np.ndarray,
    shuffle: np.random.Generator | None,
) -> np.ndarray | None:
    a, g, c = arcs.a, arcs.g, arcs.c
    n_u = int(size.sum())
    first = np.concatenate([[0], np.cumsum(size)[:-1]])  # first slot of each group
    arc = np.repeat(np.arange(len(a)), slots)
    within = np.arange(len(arc)) - np.repeat(np.cumsum(slots) - slots, slots)
    left = np.concatenate([a[arc], np.repeat(np.arange(p, n_u), n_u)])
    right = np.concatenate([first[g[arc]] + within, np.tile(np.arange(n_u), n_u - p)])
    cost = np.concatenate([c[arc], np.zeros((n_u - p) * n_u, dtype=np.int64)])
    if shuffle is not None:
        perm = shuffle.permutation(len(left))
        left, right, cost = left[perm], right[perm], cost[perm]
    lsa = linear_sum_assignment.SimpleLinearSumAssignment()
    lsa.add_arcs_with_cost(left, right, cost)
    if lsa.solve() != lsa.OPTIMAL:
        return None  # e.g. a cost range the assignment solver cannot scale: use the flow
    mate = np.array([lsa.right_mate(i) for i in range(p)], dtype=np.int64)
    group = np.searchsorted(first, mate, side="right") - 1
    flow = np.zeros(len(a), dtype=np.int64)
    flow[np.searchsorted(a * n_g + g, np.arange(p) * n_g + group)] = 1
    return flow
