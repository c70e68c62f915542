"""`Prepared.reach` is `Prepared.commute` filtered by each applicant's limit, on every path."""

from __future__ import annotations

import numpy as np
import pytest

from allocation import MetroCommuteModel, parse_instance
from allocation import eligibility as elig
from allocation.eligibility import Prepared
from allocation.reach import Reach
from allocation.synthetic import generate


class _DenseOnly:
    """A commute model without `from_origins` (a routing service): dense rows only."""

    def __init__(self) -> None:
        self.inner = MetroCommuteModel()

    def minutes(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        return self.inner.minutes(origins, destinations)


def _same_as_commute(prep: Prepared, apps: np.ndarray, r: Reach) -> None:
    cm = prep.commute(apps)
    want = cm <= prep.max_commute[apps, None]
    got = np.zeros_like(want)
    rows = r.rows()
    got[rows, r.loc] = True
    assert np.array_equal(got, want)
    assert np.array_equal(r.minutes(), cm[rows, r.loc])
    assert np.array_equal(prep.reach(apps, keep=False).indptr, r.indptr)


@pytest.fixture(scope="module")
def city_doc() -> dict:
    return generate(300, 1200, 9, city=True)


@pytest.mark.parametrize("path", ["kept", "sparse", "model"])
def test_reach_rows_are_commute_rows(
    city_doc: dict, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    inst = parse_instance(city_doc)
    if path == "sparse":
        monkeypatch.setattr(elig, "COMMUTE_CELLS", 0)
    prep = Prepared(inst, _DenseOnly() if path == "model" else None)
    rng = np.random.default_rng(0)
    n = len(inst.applicants)
    for apps in (np.arange(n), rng.permutation(n)[:300], np.array([5, 5, 2]), np.arange(0)):
        r = prep.reach(apps)
        assert len(r) == len(apps)
        _same_as_commute(prep, apps, r)
    if path == "sparse":
        assert prep._all_commute is None  # nothing dense was kept
    assert 0 < len(prep.reach(np.arange(n)).loc) < n * len(prep.unit_locs)


def test_sparse_and_kept_agree_bit_for_bit(city_doc: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    inst = parse_instance(city_doc)
    apps = np.arange(len(inst.applicants))
    kept = Prepared(inst).reach(apps)
    monkeypatch.setattr(elig, "COMMUTE_CELLS", 0)
    sparse = Prepared(inst).reach(apps)
    for f in ("indptr", "loc", "tenths"):
        assert np.array_equal(getattr(kept, f), getattr(sparse, f))
