"""The k-d tree's nearest stations are the full scan's, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocation import MetroCommuteModel, Policy
from allocation.network import Network

MODEL = MetroCommuteModel()


def _same(pts: np.ndarray, model: MetroCommuteModel = MODEL) -> None:
    ia, wa = model._nearest_brute(pts)
    ib, wb = model._nearest(pts)
    assert ia.shape == ib.shape and wa.shape == wb.shape
    oa, ob = np.argsort(ia, axis=1), np.argsort(ib, axis=1)
    assert np.array_equal(np.take_along_axis(ia, oa, 1), np.take_along_axis(ib, ob, 1))
    wa, wb = np.take_along_axis(wa, oa, 1), np.take_along_axis(wb, ob, 1)
    assert np.array_equal(wa.view(np.int64), wb.view(np.int64))  # same bits, inf included


def test_city_wide_and_far_away_points() -> None:
    rng = np.random.default_rng(7)
    _same(np.column_stack([rng.uniform(30.7, 31.9, 20000), rng.uniform(120.8, 122.0, 20000)]))
    _same(np.column_stack([rng.uniform(-90, 90, 3000), rng.uniform(-180, 180, 3000)]))
    _same(np.column_stack([rng.uniform(20, 40, 2000), rng.uniform(110, 130, 2000)]))
    net = MODEL.network
    anti = np.column_stack([-net.lat, net.lon - 180.0])  # the far side of the earth
    _same(anti)
    _same(anti + rng.normal(0, 1e-3, anti.shape))
    _same(np.column_stack([rng.uniform(-33, -29, 3000), rng.uniform(-60, -56, 3000)]))


def test_on_and_between_stations() -> None:
    net = MODEL.network
    st_ = np.column_stack([net.lat, net.lon])
    _same(st_)
    _same((st_[:-1] + st_[1:]) / 2)  # equidistant from two stations: ties at the k-th place
    rng = np.random.default_rng(3)
    _same(np.repeat(st_, 3, axis=0) + rng.normal(0, 1e-4, (3 * len(st_), 2)))
    _same(np.empty((0, 2)))


@pytest.mark.parametrize("k", [1, 2, 7, 400])
def test_any_k(k: int) -> None:
    model = MetroCommuteModel(Policy(access_stations=k))
    rng = np.random.default_rng(k)
    _same(np.column_stack([rng.uniform(31.0, 31.4, 3000), rng.uniform(121.2, 121.7, 3000)]), model)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-89.9, 89.9, allow_nan=False), st.floats(-180, 180, allow_nan=False)),
        min_size=1,
        max_size=30,
    )
)
def test_any_point_on_earth(points: list[tuple[float, float]]) -> None:
    _same(np.array(points, dtype=np.float64))


def test_ties_at_the_kth_place_take_the_scans_pick() -> None:
    """Stations sharing a place tie exactly; the scan's argpartition decides, so must we."""
    rng = np.random.default_rng(12)
    base = np.column_stack([rng.uniform(31.1, 31.3, 12), rng.uniform(121.3, 121.6, 12)])
    coords = np.repeat(base, 3, axis=0)  # every place three times
    n = len(coords)
    net = Network(
        names=tuple(f"S{i}" for i in range(n)),
        lat=coords[:, 0].copy(),
        lon=coords[:, 1].copy(),
        lines=tuple(frozenset({"L1"}) for _ in range(n)),
        links=tuple((i, i + 1) for i in range(n - 1)),
    )
    for k in (2, 4, 5):
        model = MetroCommuteModel(Policy(access_stations=k), net)
        pts = np.column_stack([rng.uniform(31.1, 31.3, 2000), rng.uniform(121.3, 121.6, 2000)])
        _same(pts, model)
        _same(base, model)
