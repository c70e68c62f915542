"""The reductions that make district scale fast, checked on a medium synthetic round.

Brute force cannot reach these sizes, so each fast path is compared with the plain one:
blocks and profiles against one flow over the whole queue, the pruned best-fit flow (tiny k,
small chunks) against the flow over every eligible arc, and the result against the greedy
definition checked through the 'priority violations' count.
"""

from __future__ import annotations

import numpy as np
import pytest

import allocation.eligibility as eligibility
import allocation.fit as fit
from allocation import parse_instance, solve
from allocation.eligibility import Prepared
from allocation.fit import best_fit
from allocation.flow import served_set
from allocation.synthetic import generate


@pytest.fixture(scope="module")
def prep() -> Prepared:
    return Prepared(parse_instance(generate(400, 1600, 11)))


def test_blocks_equal_one_flow(prep: Prepared) -> None:
    fast, fast_cls, _ = served_set(prep)
    one, _, _ = served_set(prep, block=len(prep.order))
    tiny, _, _ = served_set(prep, block=50)
    assert sorted(fast.tolist()) == sorted(one.tolist()) == sorted(tiny.tolist())
    load = np.bincount(fast_cls, minlength=len(prep.classes))
    assert (load <= prep.classes.size).all()


def test_pruned_fit_equals_full_fit(prep: Prepared, monkeypatch: pytest.MonkeyPatch) -> None:
    served, served_cls, _ = served_set(prep)
    n_g = len(prep.groups)
    _, _, full = best_fit(prep, served, served_cls, k=n_g, k_col=0)
    monkeypatch.setattr(eligibility, "CHUNK_CELLS", 20_000)  # many chunks
    g, _, pruned = best_fit(prep, served, served_cls, k=2, k_add=3, k_col=1)
    assert int(pruned.sum()) == int(full.sum())
    assert (np.bincount(g, minlength=n_g) <= prep.groups.size).all()
    monkeypatch.setattr(fit, "CACHE_CELLS", 0)  # costs recomputed each round, not kept
    _, _, again = best_fit(prep, served, served_cls, k=2, k_add=3, k_col=0)
    assert int(again.sum()) == int(full.sum())


def test_no_priority_violation(prep: Prepared) -> None:
    res = solve(prep.instance)
    held = {}
    for a in res.assignments:
        held[a.unit] = a.applicant
    rank = {aid: i for i, aid in enumerate(res.order)}
    unit_index = {u.id: j for j, u in enumerate(prep.instance.units)}
    left = np.array([rank[u.applicant] for u in res.unassigned if u.reason == "outranked"])
    app_index = {a.id: i for i, a in enumerate(prep.instance.applicants)}
    rows = np.array([app_index[res.order[r]] for r in left])
    ok = prep.eligible(rows, prep.groups)[:, prep.unit_group]
    worst = np.full(len(prep.instance.units), -1)
    for u, a in held.items():
        worst[unit_index[u]] = rank[a]
    assert not (ok & (worst[None, :] > left[:, None])).any()
    assert not (ok & (worst[None, :] < 0)).any()  # and no eligible unit left empty
