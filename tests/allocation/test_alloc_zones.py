"""Phase 1 through middle and zone nodes: the cover describes exactly the reachable set,
and the served set is the same as through one arc per eligible class."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_alloc_properties import instances

from allocation import Instance, parse_instance
from allocation.eligibility import Prepared
from allocation.flow import _served_by_classes, served_set
from allocation.synthetic import generate
from allocation.zones import LocationTree, Zones


@st.composite
def _covers(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Locations (with repeats of a coordinate), which middle kinds exist where, reach rows
    and each row's middle kind."""
    n_l = draw(st.integers(1, 40))
    n_k = draw(st.integers(1, 4))
    rows = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    pts = np.round(rng.uniform(0, 1, (n_l, 2)), 1)  # coarse: equal coordinates happen
    exists = rng.random((n_l, n_k)) < draw(st.sampled_from([0.2, 0.6, 1.0]))
    reach = rng.random((rows, n_l)) < draw(st.sampled_from([0.1, 0.5, 0.9, 1.0]))
    kk = rng.integers(0, n_k, rows)
    return pts, exists, reach, kk


@settings(max_examples=300, deadline=None)
@given(_covers())
def test_cover_is_exactly_the_reachable_middle_nodes(
    case: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    pts, exists, reach, kk = case
    n_l, n_k = exists.shape
    keymap = np.full((n_l, n_k), -1, dtype=np.int64)
    keymap[exists] = np.arange(int(exists.sum()))
    n_mid = int(exists.sum())
    tree = LocationTree(pts)
    assert sorted(tree.order.tolist()) == list(range(n_l))
    zones = Zones(tree, keymap, n_mid)
    # what each node leads to: middle nodes directly, zone nodes through their arcs
    below: dict[int, set[int]] = {m: {m} for m in range(n_mid)}
    for t, h in sorted(zip(zones.arc_t.tolist(), zones.arc_h.tolist(), strict=True)):
        below.setdefault(t, set()).update(below[h])
    r, node = zones.cover(reach, kk)
    for row in range(len(kk)):
        mine = node[r == row].tolist()
        got: list[int] = [m for x in mine for m in below[x]]
        want = {
            int(keymap[loc, kk[row]]) for loc in np.flatnonzero(reach[row] & exists[:, kk[row]])
        }
        assert sorted(got) == sorted(want)  # each reachable node once, nothing else
    assert len(zones.arc_t) <= 2 * n_mid


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(instances(max_units=8, max_apps=10), instances(max_units=8, max_apps=10, city=True)),
    st.integers(1, 4),
)
def test_zones_serve_the_same_set_as_class_arcs(inst: Instance, block: int) -> None:
    prep = Prepared(inst)
    got, got_cls, scan = served_set(prep, block=block)
    want, _, want_scan = _served_by_classes(prep, block)
    assert got.tolist() == want.tolist()
    assert np.array_equal(scan.eligible_units, want_scan.eligible_units)
    # the classes handed out are one feasible matching: eligible, within capacity
    ok = prep.eligible(got, prep.classes)
    assert ok[np.arange(len(got)), got_cls].all()
    assert (np.bincount(got_cls, minlength=len(prep.classes)) <= prep.classes.size).all()


@pytest.mark.parametrize("city", [False, True])
def test_zones_on_a_medium_round(city: bool) -> None:
    """Hundreds of locations and thousands of applicants, sparse (city) and dense."""
    inst = parse_instance(generate(900, 3600, seed=5, city=city))
    prep = Prepared(inst)
    got, _, scan = served_set(prep, block=700)
    want, _, want_scan = _served_by_classes(prep, 700)
    assert got.tolist() == want.tolist()
    assert scan.pairs == want_scan.pairs


@pytest.mark.parametrize("city", [False, True])
def test_sparse_commute_rows_give_the_same_round(city: bool) -> None:
    """A round too large to keep its commute table reads sparse rows instead: same bytes."""
    from unittest import mock

    from allocation import eligibility, result_json, solve

    inst = parse_instance(generate(500, 2000, seed=11, city=city))
    kept = solve(inst)
    with mock.patch.object(eligibility, "COMMUTE_CELLS", 0):
        sparse = solve(inst)
    a, b = json.loads(result_json(kept)), json.loads(result_json(sparse))
    a["stats"].pop("seconds")
    b["stats"].pop("seconds")
    assert a == b


@pytest.mark.parametrize("city", [False, True])
def test_compiled_rows_give_the_same_units_and_arcs(city: bool) -> None:
    """On a round without the dense table, Phase 1 reads sparse rows in compiled loops:
    each chunk's eligible units and cover arcs (their order too) are the dense ones."""
    from unittest import mock

    from allocation import eligibility
    from allocation.kinds import MiddleKinds
    from allocation.priority import _Middle

    inst = parse_instance(generate(600, 2400, seed=3, city=city))
    with mock.patch.object(eligibility, "COMMUTE_CELLS", 0):
        prep = Prepared(inst)
        assert prep.sparse
        mid = _Middle(prep, MiddleKinds(prep, np.arange(len(prep.order)), prep.classes))
        rng = np.random.default_rng(1)
        for keep in (1.0, 0.5, 0.1):
            live = mid.live((prep.classes.size > 0) & (rng.random(len(prep.classes)) < keep))
            for ch in np.array_split(prep.order, 5):
                dense, _ = prep.within(ch)
                rows = prep.reach(ch)
                assert np.array_equal(mid.sparse_units(ch, rows), mid.eligible_units(ch, dense))
                want, got = mid.arcs(ch, dense, live), mid.sparse_arcs(ch, rows, live)
                assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def _phase1_sparse(inst, *, ahead: bool, fail_in_child: bool = False):
    """Phase 1 from sparse rows in chunks of 200 applicants, blocks of 700, with or without
    the later blocks read ahead by a second process (which, with `fail_in_child`, fails
    on its second chunk); also the process ids that read rows in this process."""
    import os
    from unittest import mock

    from allocation import eligibility, priority

    parent, real_reach, calls = os.getpid(), eligibility.Prepared.reach, []

    def reach(self, apps, **kw):
        calls.append(os.getpid())
        if fail_in_child and sum(pid != parent for pid in calls) >= 2:
            raise RuntimeError("a failure in the child")
        return real_reach(self, apps, **kw)

    with (
        mock.patch.object(eligibility, "COMMUTE_CELLS", 0),
        mock.patch.object(eligibility, "CHUNK_CELLS", 200 * 30),
        mock.patch.object(priority, "worth_it", lambda prep, n: ahead and n > 1),
        mock.patch.object(eligibility.Prepared, "reach", reach),
    ):
        prep = Prepared(inst)
        assert prep.sparse and len(prep.unit_locs) <= 30
        got = served_set(prep, block=700)
    return got, calls


@pytest.mark.parametrize("fail_in_child", [False, True])
def test_later_blocks_read_ahead_give_the_same_phase_1(fail_in_child: bool) -> None:
    """Reading the later blocks' sparse rows in a forked process during the first flow (all
    nodes live, filtered afterwards) gives the same served set, classes and scan as reading
    them after it; and a child that fails leaves the parent to read the rest itself."""
    inst = parse_instance(generate(600, 2400, seed=3, city=True))
    (want, want_cls, want_scan), parent_alone = _phase1_sparse(inst, ahead=False)
    (got, got_cls, scan), parent_ahead = _phase1_sparse(
        inst, ahead=True, fail_in_child=fail_in_child
    )
    assert got.tolist() == want.tolist() and got_cls.tolist() == want_cls.tolist()
    assert np.array_equal(scan.eligible_units, want_scan.eligible_units)
    assert np.array_equal(scan.any_eligible, want_scan.any_eligible)
    # the parent read only the first block's rows, or, once the child failed, all of them
    if fail_in_child:
        assert len(parent_ahead) == len(parent_alone)
    else:
        assert 0 < len(parent_ahead) < len(parent_alone)


def test_forked_work_gives_its_result_or_none() -> None:
    """A forked child's result comes back pickled; one that raises, or dies without a
    word, gives None (the caller then does the work itself)."""
    import os

    from allocation.forked import Forked

    def boom() -> None:
        raise RuntimeError("in the child")

    assert Forked(lambda x: x + np.arange(3), 1).result().tolist() == [1, 2, 3]
    assert Forked(boom).result() is None
    assert Forked(os._exit, 3).result() is None
