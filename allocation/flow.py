"""`priority-flow`: serve the set greedy-by-order would serve, then house it at least cost.

Phase 1 finds the served set. Sets of applicants that can be housed together form a transversal
matroid, so greedy-by-order equals the maximum-weight matching under any weights that strictly
decrease along the order; one min-cost flow with cost -(P - rank) on each applicant finds it.
To keep the graph small the order is taken in blocks. After each block only units that some
matching of the served set can leave free ("slack" classes Z) can ever take a later applicant,
and Z only shrinks as the set grows, so a later applicant enters the next flow only if eligible
for a class in Z, and only with its arcs into Z: any matching of a superset uses no other arcs
for it. This keeps Phase 1 exact while most of the queue never enters a flow.

Phase 2 solves a second min-cost flow on exact unit groups that must serve all of that set,
minimising the total fit cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from allocation.eligibility import Prepared


class FlowError(RuntimeError):
    """The solver did not reach an optimum; never expected on valid input."""


@dataclass
class Scan:
    """What the pass over the whole queue learnt about every applicant."""

    any_eligible: np.ndarray  # bool per applicant
    eligible_units: np.ndarray  # eligible units per applicant
    pairs: int  # eligible (applicant, unit) pairs in total


def _solve(smcf: min_cost_flow.SimpleMinCostFlow, what: str) -> None:
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise FlowError(f"{what}: min-cost flow ended with status {status}")


def _phase1(pool: np.ndarray, ea: np.ndarray, ec: np.ndarray, cap: np.ndarray):
    """Greedy-by-order set of `pool` (sorted by rank) over class edges (ea: pool positions)."""
    p, n_cls = len(pool), len(cap)
    src, sink = 0, 1
    app0, cls0 = 2, 2 + p
    smcf = min_cost_flow.SimpleMinCostFlow()
    pos = np.arange(p, dtype=np.int64)
    a_src = smcf.add_arcs_with_capacity_and_unit_cost(
        np.full(p, src), app0 + pos, np.ones(p, dtype=np.int64), -(p - pos)
    )
    a_edge = smcf.add_arcs_with_capacity_and_unit_cost(
        app0 + ea, cls0 + ec, np.ones(len(ea), dtype=np.int64), np.zeros(len(ea), dtype=np.int64)
    )
    used = np.unique(ec)
    smcf.add_arcs_with_capacity_and_unit_cost(
        cls0 + used, np.full(len(used), sink), cap[used], np.zeros(len(used), dtype=np.int64)
    )
    smcf.add_arc_with_capacity_and_unit_cost(src, sink, p, 0)  # leaving someone out
    smcf.set_nodes_supplies(np.array([src, sink]), np.array([p, -p]))
    del n_cls
    _solve(smcf, "priority phase")
    served = smcf.flows(a_src) > 0
    on = smcf.flows(a_edge) > 0
    match = np.full(p, -1, dtype=np.int64)
    match[ea[on]] = ec[on]
    return served, match


def _slack(ea: np.ndarray, ec: np.ndarray, match: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Classes that some matching of the served set leaves with a free unit."""
    load = np.bincount(match[match >= 0], minlength=len(cap))
    z = load < cap
    own = match[ea]
    while True:
        grow = own[z[ec] & ~z[own]]
        if len(grow) == 0:
            return z
        z[grow] = True


def served_set(prep: Prepared, block: int | None = None) -> tuple[np.ndarray, Scan]:
    """Phase 1 over the whole queue; returns served applicant indices in order."""
    cls = prep.classes
    cap = cls.size
    n = len(prep.order)
    block = block or max(1024, int(cap.sum()))
    any_el = np.zeros(n, dtype=bool)
    n_units = np.zeros(n, dtype=np.int64)
    served = np.empty(0, dtype=np.int64)  # applicant indices, in order
    s_a = np.empty(0, dtype=np.int64)  # their edges: applicant index, class
    s_c = np.empty(0, dtype=np.int64)
    z = cap > 0
    for start in range(0, n, block):
        blk = prep.order[start : start + block]
        zi = np.flatnonzero(z)
        new_a, new_c = [], []
        for ch in prep.chunks(blk, len(cls)):
            ok = prep.eligible(ch, cls)
            n_units[ch] = ok.astype(np.int64) @ cap
            any_el[ch] = n_units[ch] > 0
            if len(zi):
                r, c = np.nonzero(ok[:, zi])
                new_a.append(ch[r])
                new_c.append(zi[c])
        if not new_a or not sum(len(x) for x in new_a):
            continue
        pool_a = np.concatenate([s_a, *new_a])
        pool_c = np.concatenate([s_c, *new_c])
        pool = np.unique(pool_a)
        pool = pool[np.argsort(prep.rank[pool], kind="stable")]
        where = np.empty(n, dtype=np.int64)
        where[pool] = np.arange(len(pool))
        ea = where[pool_a]
        ok_served, match = _phase1(pool, ea, pool_c, cap)
        served = pool[ok_served]
        keep = ok_served[ea]
        s_a, s_c = pool_a[keep], pool_c[keep]
        z = _slack(where[s_a], s_c, match, cap)
    scan = Scan(any_eligible=any_el, eligible_units=n_units, pairs=int(n_units.sum()))
    return served, scan


def best_fit(prep: Prepared, served: np.ndarray):
    """Phase 2: every served applicant housed, total cost minimal; returns (group, min, cost)."""
    p = len(served)
    if p == 0:
        e = np.empty(0, dtype=np.int64)
        return e, np.empty(0), e.copy()
    ra, rg, rm, rc = prep.group_edges(served)
    where = np.empty(len(prep.order), dtype=np.int64)
    where[served] = np.arange(p)
    ea = where[ra]
    smcf = min_cost_flow.SimpleMinCostFlow()
    g0 = p
    sink = p + len(prep.groups)
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(
        ea, g0 + rg, np.ones(len(ea), dtype=np.int64), rc
    )
    used = np.unique(rg)
    smcf.add_arcs_with_capacity_and_unit_cost(
        g0 + used,
        np.full(len(used), sink),
        prep.groups.size[used],
        np.zeros(len(used), dtype=np.int64),
    )
    smcf.set_nodes_supplies(
        np.append(np.arange(p), sink), np.append(np.ones(p, dtype=np.int64), -p)
    )
    _solve(smcf, "best-fit phase")
    on = smcf.flows(arcs) > 0
    group = np.full(p, -1, dtype=np.int64)
    mins = np.zeros(p)
    cost = np.zeros(p, dtype=np.int64)
    group[ea[on]] = rg[on]
    mins[ea[on]] = rm[on]
    cost[ea[on]] = rc[on]
    if (group < 0).any():
        raise FlowError("best-fit phase left a served applicant without a unit")
    return group, mins, cost
