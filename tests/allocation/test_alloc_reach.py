"""Sparse reachability (`OriginTable.within`) is the dense table (`to`), cell for cell."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocation import MetroCommuteModel, Policy
from allocation.reach import Reach

MODEL = MetroCommuteModel()
NET = MODEL.network
STATIONS = np.column_stack([NET.lat, NET.lon])


def _dense_tenths(model: MetroCommuteModel, orig: np.ndarray, dest: np.ndarray) -> np.ndarray:
    m = model.from_origins(orig).to(dest)
    m *= 10.0  # as Prepared._minutes rounds
    np.rint(m, out=m)
    return m


def _check(
    orig: np.ndarray, dest: np.ndarray, lim: np.ndarray, model: MetroCommuteModel = MODEL
) -> Reach:
    full = _dense_tenths(model, orig, dest)
    want = full / 10.0 <= lim[:, None]
    table = model.from_origins(orig)
    r = table.within(dest, lim)
    assert r.loc.dtype == np.int32 and r.tenths.dtype == np.int32
    rows = r.rows()
    got = np.zeros_like(want)
    got[rows, r.loc] = True
    assert np.array_equal(got, want)
    assert len(r.loc) == int(want.sum())  # no duplicates
    for i in range(len(dest)):  # ascending locations in each row
        seg = r.loc[r.indptr[i] : r.indptr[i + 1]]
        assert np.all(np.diff(seg) > 0)
    assert np.array_equal(r.tenths, full[rows, r.loc].astype(np.int32))
    assert np.array_equal(r.minutes(), full[rows, r.loc] / 10.0)
    counts = table.within(dest, lim, keep=False)
    assert np.array_equal(counts.indptr, r.indptr)
    assert np.array_equal(counts.counts(), want.sum(axis=1))
    return r


def _points(rng: np.random.Generator, n: int, spread: float = 0.3) -> np.ndarray:
    return np.column_stack(
        [
            rng.uniform(31.2 - spread, 31.2 + spread, n),
            rng.uniform(121.45 - spread, 121.45 + spread, n),
        ]
    )


def test_city_sized_sample_every_limit() -> None:
    rng = np.random.default_rng(11)
    orig, dest = _points(rng, 1500), _points(rng, 2000)
    r = _check(orig, dest, rng.integers(0, 91, len(dest)).astype(np.float64))
    assert 0 < len(r.loc) < len(orig) * len(dest)


def test_far_from_the_network_and_identical_places() -> None:
    rng = np.random.default_rng(5)
    remote = np.column_stack([rng.uniform(30.2, 32.4, 200), rng.uniform(120.4, 122.6, 200)])
    orig = np.vstack([_points(rng, 300), remote, STATIONS[:40], remote[:20]])
    dest = np.vstack([_points(rng, 300), remote[::-1], orig[:60], STATIONS[10:50]])
    for lim in (0.0, 0.05, 12.3, 45.0, 90.0, 240.0, 1e4):
        _check(orig, dest, np.full(len(dest), lim))
    _check(orig, dest, rng.uniform(0, 300, len(dest)))


def test_limits_on_the_rounding_boundary() -> None:
    rng = np.random.default_rng(8)
    orig, dest = _points(rng, 400), _points(rng, 300)
    full = _dense_tenths(MODEL, orig, dest)
    pick = full[np.arange(len(dest)), rng.integers(0, len(orig), len(dest))]
    _check(orig, dest, pick / 10.0)  # some cell of every row is exactly at its limit
    _check(orig, dest, pick / 10.0 - 0.05)


def test_unlimited_negative_and_empty() -> None:
    rng = np.random.default_rng(1)
    orig, dest = _points(rng, 100), _points(rng, 50)
    r = _check(orig, dest, np.full(len(dest), np.inf))
    assert len(r.loc) == len(orig) * len(dest)
    assert len(_check(orig, dest, np.full(len(dest), -1.0)).loc) == 0
    e = MODEL.from_origins(orig).within(np.empty((0, 2)), np.empty(0))
    assert len(e) == 0 and len(e.loc) == 0
    e = MODEL.from_origins(np.empty((0, 2))).within(dest, np.full(len(dest), 60.0))
    assert len(e) == len(dest) and len(e.loc) == 0


@pytest.mark.parametrize(
    "policy",
    [
        Policy(access_stations=1),
        Policy(access_stations=6, max_access_km=0.8),
        Policy(cycle_overhead_min=0.0, fallback_wait_min=0.0, fallback_speed_kmh=40.0),
        Policy(walk_speed_kmh=7.0, cycle_speed_kmh=5.0, walk_detour=1.0),
    ],
)
def test_other_policies(policy: Policy) -> None:
    model = MetroCommuteModel(policy)
    rng = np.random.default_rng(policy.access_stations)
    orig, dest = _points(rng, 500, 0.5), _points(rng, 400, 0.5)
    _check(orig, dest, rng.integers(0, 91, len(dest)).astype(np.float64), model)


def test_chunks_do_not_matter() -> None:
    rng = np.random.default_rng(4)
    orig, dest = _points(rng, 300), _points(rng, 500)
    lim = rng.integers(0, 91, len(dest)).astype(np.float64)
    table = MODEL.from_origins(orig)
    whole = table.within(dest, lim)
    index = table._index
    assert index is not None
    for cells in (1, 301, 10_000):
        part = index.within(dest, lim, cells=cells)
        assert np.array_equal(part.indptr, whole.indptr)
        assert np.array_equal(part.loc, whole.loc)
        assert np.array_equal(part.tenths, whole.tenths)


_place = st.one_of(
    st.sampled_from([tuple(p) for p in STATIONS[:30]]),
    st.tuples(st.floats(31.0, 31.4), st.floats(121.2, 121.7)),
    st.tuples(st.floats(29.0, 33.0), st.floats(119.0, 124.0)),
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(_place, min_size=1, max_size=25),
    st.lists(st.tuples(_place, st.integers(0, 90)), min_size=1, max_size=25),
)
def test_random_instances(
    orig: list[tuple[float, float]], dest: list[tuple[tuple[float, float], int]]
) -> None:
    o = np.array(orig, dtype=np.float64)
    d = np.array([p for p, _ in dest], dtype=np.float64)
    lim = np.array([x for _, x in dest], dtype=np.float64)
    _check(o, np.vstack([d, o]), np.concatenate([lim, np.full(len(o), 30.0)]))
