"""Entry points: `solve` an instance with a mechanism, or list its eligible pairs."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np

from allocation.commute import CommuteModel
from allocation.eligibility import Prepared
from allocation.explain import explain
from allocation.fit import best_fit
from allocation.flow import served_set
from allocation.forked import Forked, spare_cpu
from allocation.model import MECHANISMS, Assignment, Instance, Result, Stats
from allocation.serial import serial_dictatorship


def _assignments(
    prep: Prepared, served: np.ndarray, group: np.ndarray, mins: np.ndarray, cost: np.ndarray
) -> list[Assignment]:
    """Concrete units: within a group, better-ranked applicants get smaller unit ids."""
    ids = prep.instance.applicants
    uids = prep.unit_ids
    by_rank = np.argsort(prep.rank[served], kind="stable")
    taken = np.zeros(len(prep.groups), dtype=np.int64)
    out: list[tuple[int, Assignment]] = []
    for i in by_rank:
        g = int(group[i])
        unit = uids[prep.members[g][taken[g]]]
        taken[g] += 1
        a = int(served[i])
        out.append(
            (int(prep.rank[a]), Assignment(ids[a].id, unit, round(float(mins[i]), 1), int(cost[i])))
        )
    return [x for _, x in sorted(out, key=lambda t: t[0])]


def _left_out(prep: Prepared, served: np.ndarray) -> np.ndarray:
    """Everyone not served, in priority order."""
    is_served = np.zeros(len(prep.order), dtype=bool)
    is_served[served] = True
    return prep.order[~is_served[prep.order]]


def solve(
    instance: Instance,
    mechanism: str = "priority-flow",
    *,
    model: CommuteModel | None = None,
    load_seconds: float = 0.0,
    shuffle_arcs: int | None = None,
) -> Result:
    """Run one allocation round; deterministic for a given instance and commute model.

    `shuffle_arcs` (tests only) hands the best-fit solver its arcs in an order shuffled by
    that seed: the result must not change, whichever optimum the solver then finds.
    """
    if mechanism not in MECHANISMS:
        raise ValueError(f"unknown mechanism {mechanism!r}; choose from {', '.join(MECHANISMS)}")
    t0 = time.perf_counter()
    prep = Prepared(instance, model)
    t1 = time.perf_counter()
    reasons = None
    if mechanism == "priority-flow":
        served, served_cls, scan = served_set(prep)
        if prep.sparse and spare_cpu():  # a city round: the reasons beside the best fit
            reasons = Forked(explain, prep, _left_out(prep, served), scan)
        rng = None if shuffle_arcs is None else np.random.default_rng(shuffle_arcs)
        try:
            group, mins, cost = best_fit(prep, served, served_cls, shuffle=rng)
        except BaseException:
            if reasons is not None:
                reasons.close()
            raise
    else:
        served, group, mins, cost, scan = serial_dictatorship(prep)
    assignments = _assignments(prep, served, group, mins, cost)
    unassigned = reasons.result() if reasons is not None else None
    if unassigned is None:
        unassigned = explain(prep, _left_out(prep, served), scan)
    t3 = time.perf_counter()
    commutes = np.array([a.commute_min for a in assignments])
    stats = Stats(
        applicants=len(instance.applicants),
        units=len(instance.units),
        edges=scan.pairs,
        served=len(assignments),
        mean_commute_min=round(float(commutes.mean()), 1) if len(commutes) else 0.0,
        p95_commute_min=round(float(np.percentile(commutes, 95)), 1) if len(commutes) else 0.0,
        seconds={
            "load": round(load_seconds, 3),
            "edges": round(t1 - t0 + prep.edge_seconds, 3),
            "solve": round(t3 - t1 - prep.edge_seconds, 3),
        },
    )
    return Result(
        round=instance.round,
        mechanism=mechanism,
        order=tuple(instance.applicants[i].id for i in prep.order),
        assignments=tuple(assignments),
        unassigned=tuple(unassigned),
        stats=stats,
    )


def eligible_edges(
    instance: Instance, *, model: CommuteModel | None = None
) -> Iterator[tuple[str, str, float, int]]:
    """Every eligible (applicant, unit, commute_min, cost), applicants in order, units by id."""
    from allocation.export import edge_blocks

    a_ids = [a.id for a in instance.applicants]
    u_ids = [u.id for u in instance.units]
    for a, u, m, c in edge_blocks(instance, model):
        for x, y, mm, cc in zip(a.tolist(), u.tolist(), m.tolist(), c.tolist(), strict=True):
            yield a_ids[x], u_ids[y], mm, cc
