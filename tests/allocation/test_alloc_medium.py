"""The reductions that make large rounds fast, checked on medium rounds against an oracle.

Brute force cannot reach these sizes, so the oracle is scipy's dense assignment
(`linear_sum_assignment`) over the reference eligibility and cost of every (applicant, unit)
pair (`alloc_helpers`, plain Python, one pair at a time), with priority folded into the
weights: each place in the order outweighs any total fit cost, so its optimum serves the
greedy-by-order set (sets that can be housed together form a matroid) and, among matchings
of that set, costs least. Neither the engine's vectorised rules nor its flows are used.
"""

from __future__ import annotations

import numpy as np
import pytest
from alloc_helpers import ref_commute, ref_cost, ref_eligible, ref_order
from scipy.optimize import linear_sum_assignment

import allocation.eligibility as eligibility
import allocation.fit as fit
from allocation import Instance, parse_instance, solve
from allocation.eligibility import Prepared
from allocation.fit import best_fit
from allocation.flow import served_set
from allocation.synthetic import generate


class Oracle:
    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        cm = ref_commute(inst)
        apps, units = inst.applicants, inst.units
        self.order = ref_order(inst)
        rank = {aid: r for r, aid in enumerate(self.order)}
        n, m = len(apps), len(units)
        self.ok = np.zeros((n, m), dtype=bool)
        self.cost = np.zeros((n, m), dtype=np.int64)
        for i, a in enumerate(apps):
            for j, u in enumerate(units):
                if ref_eligible(a, u, cm[a.id, u.id]):
                    self.ok[i, j] = True
                    self.cost[i, j] = ref_cost(a, u, cm[a.id, u.id], inst.policy)
        big = float(self.cost.max(initial=0) + 1) * m
        weight = np.array([n - rank[a.id] for a in apps], dtype=np.float64)[:, None] * big
        r, c = linear_sum_assignment(np.where(self.ok, self.cost - weight, 0.0))
        keep = self.ok[r, c]
        self.served = {apps[i].id for i in r[keep]}
        self.min_cost = int(self.cost[r[keep], c[keep]].sum())


@pytest.fixture(scope="module", params=["district", "city"])
def case(request: pytest.FixtureRequest) -> tuple[Prepared, Oracle]:
    inst = parse_instance(generate(300, 1200, 11, city=request.param == "city"))
    return Prepared(inst), Oracle(inst)


def _ids(prep: Prepared, idx: np.ndarray) -> set[str]:
    return {prep.instance.applicants[i].id for i in idx}


def test_served_set_is_greedy_by_order(case: tuple[Prepared, Oracle]) -> None:
    prep, oracle = case
    assert 0 < len(oracle.served) < len(prep.instance.applicants)
    for block in (None, len(prep.order), 50):  # the default, one flow, many small blocks
        served, served_cls, _ = served_set(prep, block=block)
        assert _ids(prep, served) == oracle.served
        load = np.bincount(served_cls, minlength=len(prep.classes))
        assert (load <= prep.classes.size).all()


def test_best_fit_cost_is_minimal(case: tuple[Prepared, Oracle], monkeypatch) -> None:
    prep, oracle = case
    served, served_cls, _ = served_set(prep)
    _, _, default = best_fit(prep, served, served_cls)
    assert int(default.sum()) == oracle.min_cost
    monkeypatch.setattr(eligibility, "CHUNK_CELLS", 20_000)  # many blocks
    g, _, pruned = best_fit(prep, served, served_cls, k=2, k_add=3, k_col=1, theta=0)
    assert int(pruned.sum()) == oracle.min_cost
    assert (np.bincount(g, minlength=len(prep.groups)) <= prep.groups.size).all()
    monkeypatch.setattr(fit, "CACHE_CELLS", 0)  # costs recomputed on each pass, not kept
    _, _, again = best_fit(prep, served, served_cls, k=2, k_add=3, k_col=0)
    assert int(again.sum()) == oracle.min_cost


def test_result_matches_the_oracle(case: tuple[Prepared, Oracle]) -> None:
    prep, oracle = case
    res = solve(prep.instance)
    assert list(res.order) == oracle.order
    assert {a.applicant for a in res.assignments} == oracle.served
    assert sum(a.cost for a in res.assignments) == oracle.min_cost
    a_idx = {a.id: i for i, a in enumerate(prep.instance.applicants)}
    u_idx = {u.id: j for j, u in enumerate(prep.instance.units)}
    for a in res.assignments:
        i, j = a_idx[a.applicant], u_idx[a.unit]
        assert oracle.ok[i, j] and oracle.cost[i, j] == a.cost
    assert len({a.unit for a in res.assignments}) == len(res.assignments)
    # reasons: outranked exactly when some unit was eligible
    for u in res.unassigned:
        eligible = oracle.ok[a_idx[u.applicant]].any()
        assert u.reason == ("outranked" if eligible else "no_eligible_unit")
