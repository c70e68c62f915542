"""The compact best fit (arcs through (location, kind) nodes) against brute force and the
pricing rounds: the same optimum, including rent terms on a half-integer, where rounding
to even depends on the commute part, and the fallbacks."""

from __future__ import annotations

import copy
import dataclasses
import itertools
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from test_alloc_properties import _check, instances

from allocation import Instance, Policy, Unit, certify, parse_instance
from allocation.compact import Network
from allocation.eligibility import Prepared
from allocation.fit import INELIGIBLE, CostMatrix, best_fit
from allocation.flow import served_set
from allocation.synthetic import generate


def _halves(inst: Instance, rents: list[float]) -> Instance:
    """Rents that make 100 x rent / budget land on x.5 for the test budgets (3000, 5000,
    8000): 4530/6000-like values, so half pairs are common."""
    units = tuple(
        dataclasses.replace(u, rent=rents[j % len(rents)]) for j, u in enumerate(inst.units)
    )
    return dataclasses.replace(inst, units=units)


HALF_RENTS = [2985.0, 4530.0, 3015.0, 7980.0, 2940.0]  # /3000: 99.5 151 100.5 ...; /8000 ...


def _network(prep: Prepared) -> Network:
    served, _, _ = served_set(prep)
    return Network(prep, served)


def _both_paths(inst: Instance) -> None:
    """Compact and pricing rounds give the same groups, and the total is the least one
    (scipy's dense assignment over unit slots, ineligible cells priced out)."""
    prep = Prepared(inst)
    served, served_cls, _ = served_set(prep)
    g1, m1, c1 = best_fit(prep, served, served_cls)
    g2, m2, c2 = best_fit(prep, served, served_cls, k=max(1, len(prep.groups)), compact=False)
    assert g1.tolist() == g2.tolist()
    assert c1.tolist() == c2.tolist() and m1.tolist() == m2.tolist()
    if len(served):
        cost = np.concatenate([b for _, b in CostMatrix(prep, served).blocks()]).astype(float)
        slots = cost[:, np.repeat(np.arange(len(prep.groups)), prep.groups.size)]
        slots[slots >= INELIGIBLE] = 1e12
        r, c = linear_sum_assignment(slots)
        assert int(slots[r, c].sum()) == int(c1.sum())


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(instances(max_units=7, max_apps=8), instances(max_units=8, max_apps=8, city=True)),
    st.booleans(),
)
def test_compact_equals_brute_force_and_pricing(inst: Instance, halves: bool) -> None:
    if halves:
        inst = _halves(inst, HALF_RENTS)
    _both_paths(inst)
    _check(inst)  # brute force: served set, every cost, the least total


def test_half_rents_split_middle_nodes_by_parity() -> None:
    inst = _halves(parse_instance(generate(60, 200, 3)), HALF_RENTS)
    prep = Prepared(inst)
    net = _network(prep)
    assert net.ok and net.n_mid > len(np.unique(net.mid_m[: len(net.mid_m) // 2]))
    _both_paths(inst)


def test_near_half_rent_terms_keep_direct_arcs() -> None:
    # a rent weight a hair off 100 puts rent terms within TOL of x.5 without reaching it
    inst = _halves(parse_instance(generate(40, 120, 5)), HALF_RENTS)
    inst = dataclasses.replace(inst, policy=Policy(rent_weight=100.0 + 1e-9))
    prep = Prepared(inst)
    net = _network(prep)
    assert net.ok and len(net.dir_a) > 0
    _both_paths(inst)
    small = _halves(parse_instance(generate(5, 7, 5)), HALF_RENTS)
    _check(dataclasses.replace(small, policy=inst.policy))  # brute force


def test_non_integral_commute_part_falls_back_to_pricing() -> None:
    inst = parse_instance(generate(40, 120, 7))
    inst = dataclasses.replace(inst, policy=Policy(commute_weight=7.3))
    prep = Prepared(inst)
    assert not _network(prep).ok
    _both_paths(inst)
    _check(dataclasses.replace(parse_instance(generate(5, 7, 7)), policy=inst.policy))


@pytest.mark.parametrize("scale", ["district", "city"])
def test_medium_compact_equals_pricing(scale: str) -> None:
    _both_paths(parse_instance(generate(300, 1200, 13, city=scale == "city")))


def test_unused_unit_fields_do_not_matter() -> None:
    """A unit the compact network never reaches changes nothing."""
    inst = parse_instance(generate(50, 150, 9))
    far = Unit(
        id="UZZZ", layout="1BR", bedrooms=1, max_occupants=2, location=(30.7, 121.0), rent=3000.0
    )
    _both_paths(dataclasses.replace(inst, units=(*inst.units, far)))


def _has_cycle(n: int, arcs: list[tuple[int, int]]) -> bool:
    out: dict[int, list[int]] = {}
    for t, h in arcs:
        out.setdefault(t, []).append(h)
    state = [0] * n  # 0 new, 1 on the stack, 2 done

    def visit(u: int) -> bool:
        state[u] = 1
        for v in out.get(u, []):
            if state[v] == 1 or (state[v] == 0 and visit(v)):
                return True
        state[u] = 2
        return False

    return any(state[u] == 0 and visit(u) for u in range(n))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=14),
        )
    )
)
def test_acyclic_check_against_depth_first_search(case: tuple[int, list[tuple[int, int]]]) -> None:
    from allocation.certify import _acyclic

    n, arcs = case
    tail = np.array([t for t, _ in arcs], dtype=np.int64)
    head = np.array([h for _, h in arcs], dtype=np.int64)
    assert _acyclic(n, tail, head) == (not _has_cycle(n, arcs))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(0, 9)),
                max_size=14,
            ),
        )
    )
)
def test_relax_gives_least_path_lengths(case: tuple[int, list[tuple[int, int, int]]]) -> None:
    """Non-negative arcs from d = 0 everywhere: the fixpoint is d = 0 (nothing shorter)."""
    from allocation.certify import relax

    n, arcs = case
    d = np.zeros(n, dtype=np.int64)
    d[0] = -5
    tail = np.array([t for t, _, _ in arcs], dtype=np.int64)
    head = np.array([h for _, h, _ in arcs], dtype=np.int64)
    cost = np.array([c for _, _, c in arcs], dtype=np.int64)
    relax(d, tail, head, cost)
    want = [0] * n
    want[0] = -5
    for _ in range(n):  # reference Bellman-Ford
        for t, h, c in arcs:
            want[h] = min(want[h], want[t] + c)
    assert d.tolist() == want


@st.composite
def _faces(draw: st.DrawFn) -> tuple[int, np.ndarray, list[tuple[int, int]], np.ndarray, bool]:
    """A small optimal face: applicants, group sizes, tight arcs, each group's sink reduced
    cost (-1 must stay full, 0 free, 1 must stay empty), and whether weights tie often."""
    p = draw(st.integers(1, 4))
    n_g = draw(st.integers(1, 4))
    size = np.array(draw(st.lists(st.integers(1, 3), min_size=n_g, max_size=n_g)))
    arcs = sorted(
        set(draw(st.lists(st.tuples(st.integers(0, p - 1), st.integers(0, n_g - 1)), max_size=10)))
    )
    sink_rc = np.array(draw(st.lists(st.sampled_from([-1, 0, 0, 1]), min_size=n_g, max_size=n_g)))
    return p, size, arcs, sink_rc, draw(st.booleans())


@settings(max_examples=400, deadline=None)
@given(_faces())
def test_isolated_optimum_against_brute_force(
    face: tuple[int, np.ndarray, list[tuple[int, int]], np.ndarray, bool],
) -> None:
    """The least tie weight matching of the face when it is the only one, else None; a
    partly filled group that may gain or lose a unit is no second optimum by itself."""
    p, size, arcs, sink_rc, ties = face
    # weights 0..2 when `ties`, so that several matchings often share the least weight
    weights = (lambda a, g: ((a * 7 + g * 3) % 3).astype(np.int64)) if ties else None
    with mock.patch.object(certify, "tie_weights", weights or certify.tie_weights):
        _isolated_case(p, size, arcs, sink_rc)


def _isolated_case(
    p: int, size: np.ndarray, arcs: list[tuple[int, int]], sink_rc: np.ndarray
) -> None:
    tight_a = np.array([a for a, _ in arcs], dtype=np.int64)
    tight_g = np.array([g for _, g in arcs], dtype=np.int64)
    key = np.arange(p, dtype=np.int64)
    w = {(a, g): int(certify.tie_weights(np.array([a]), np.array([g]))[0]) for a, g in arcs}
    options = [[g for a2, g in arcs if a2 == a and sink_rc[g] <= 0] for a in range(p)]
    best: dict[int, list[tuple[int, ...]]] = {}
    for choice in itertools.product(*options):
        load = np.bincount(np.array(choice, dtype=np.int64), minlength=len(size))
        if (load > size).any() or (load[sink_rc < 0] != size[sink_rc < 0]).any():
            continue
        best.setdefault(sum(w[a, g] for a, g in enumerate(choice)), []).append(choice)
    if not best:
        with pytest.raises(certify.CertificateError):
            certify.isolated_optimum(p, size, tight_a, tight_g, sink_rc, key)
        return
    got = certify.isolated_optimum(p, size, tight_a, tight_g, sink_rc, key)
    least = best[min(best)]
    if len(least) == 1:
        assert got is not None and tuple(got.tolist()) == least[0]
    else:
        assert got is None


def test_partly_filled_group_is_one_optimum() -> None:
    """One applicant in a group of two free places: the only optimum, not a tie."""
    got = certify.isolated_optimum(
        1, np.array([2]), np.array([0]), np.array([0]), np.array([0]), np.array([0])
    )
    assert got is not None and got.tolist() == [0]


def _priced_and_whole(
    inst: Instance, mend_at: int | None = None, bids: int = 0, reads: int | None = None
) -> None:
    """The priced network (each applicant's cheapest arcs first: at prices 0 with no
    `bids`, else at the auction's), settled from those prices (with `reads` 0 not at all;
    with None, until the usual limit), else mended by shortest paths or, with `mend_at` 0,
    priced in rounds to the end, gives the optimum of the whole."""
    from allocation import compact, settle

    prep = Prepared(inst)
    served, served_cls, _ = served_set(prep)
    whole = best_fit(prep, served, served_cls)
    with (
        mock.patch.object(compact, "PRICE_ARCS", 0),
        mock.patch.object(compact, "AUCTION_MARGIN", 0),
        mock.patch.object(compact, "AUCTION_BIDS", bids),
        mock.patch.object(compact, "MEND_AT", compact.MEND_AT if mend_at is None else mend_at),
        mock.patch.object(settle, "MAX_READS", settle.MAX_READS if reads is None else reads),
    ):
        priced = best_fit(prep, served, served_cls)
    for x, y in zip(whole, priced, strict=True):
        assert x.tolist() == y.tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(instances(max_units=7, max_apps=8), instances(max_units=8, max_apps=8, city=True)),
    st.sampled_from([None, 0]),
    st.booleans(),
    st.sampled_from([0, 3, 10**6]),
    st.sampled_from([0, None, 10**9]),
)
def test_priced_arcs_give_the_same_optimum(
    inst: Instance, mend_at: int | None, halves: bool, bids: int, reads: int | None
) -> None:
    """Solving on each applicant's cheapest arcs (at prices 0, or those of an auction cut
    short or run to the end), then settling the prices over every arc, or mending or
    pricing the rest in rounds, ends at the optimum of the whole network, and the same
    canonical one."""
    _priced_and_whole(_halves(inst, HALF_RENTS) if halves else inst, mend_at, bids, reads)


@pytest.mark.parametrize("city", [False, True])
@pytest.mark.parametrize(("mend_at", "reads"), [(None, None), (0, 0), (None, 0), (None, 10**9)])
@pytest.mark.parametrize("bids", [0, 10**6])
def test_priced_arcs_on_a_medium_round(
    city: bool, mend_at: int | None, reads: int | None, bids: int
) -> None:
    _priced_and_whole(parse_instance(generate(600, 2400, seed=9, city=city)), mend_at, bids, reads)


def _with_direct_arcs() -> Instance:
    """A round whose near-half rent terms keep direct applicant -> group arcs (a rent weight
    a hair off 100, as in test_near_half_rent_terms_keep_direct_arcs)."""
    inst = _halves(parse_instance(generate(150, 450, 2)), HALF_RENTS)
    return dataclasses.replace(inst, policy=Policy(rent_weight=100.0 + 1e-9))


def test_mending_moves_applicants_on_direct_arcs() -> None:
    """The repair routes along direct arcs and back as along the arcs through middle
    nodes."""
    from allocation import repair

    inst = _with_direct_arcs()
    assert len(_network(Prepared(inst)).dir_a) > 0
    real, seen = repair.mend, []

    def spy(*args):
        used, n_app = args[6], len(args[2][0])
        before = np.flatnonzero(used >= n_app)
        paths = real(*args)
        seen.append((paths, before, np.flatnonzero(used >= n_app)))
        return paths

    with mock.patch.object(repair, "mend", spy):
        _priced_and_whole(inst, reads=0)
    ((paths, before, after),) = seen
    assert paths > 0 and not np.array_equal(before, after)


@pytest.mark.parametrize("city", [False, True])
def test_potentials_compiled_and_in_numpy_agree(city: bool) -> None:
    """The least path lengths to the sink are the same whether numpy's passes or the
    compiled queue compute them (small rounds use the first, large ones the second)."""
    prep = Prepared(parse_instance(generate(400, 1600, seed=21, city=city)))
    served, served_cls, _ = served_set(prep)
    got = []
    for arcs in (certify.COMPILED_ARCS, 0):
        net = Network(prep, served)
        with mock.patch.object(certify, "COMPILED_ARCS", arcs):
            net.solve(None, served_cls)
        got.append(net.d)
    assert np.array_equal(got[0], got[1])


def test_mending_an_optimum_changes_nothing() -> None:
    """An optimum of every arc (with applicants on direct arcs) is left as it is."""
    from allocation import repair

    prep = Prepared(_with_direct_arcs())
    net = _network(prep)
    used, f_mid, f_sink, d = net._solve_on(None, None)
    net._tighten(used, d)
    assert (used >= len(net.app_a)).any()
    before = [x.copy() for x in (used, f_mid, f_sink, d)]
    paths = repair.mend(
        len(net.served),
        len(prep.groups),
        (net.app_a, net.app_m, net.app_c),
        (net.dir_a, net.dir_g, net.dir_c),
        (net.mid_m, net.mid_g, net.mid_c),
        prep.groups.size,
        used,
        (f_mid, f_sink),
        d,
    )
    assert paths == 0
    for x, y in zip(before, (used, f_mid, f_sink, d), strict=True):
        assert np.array_equal(x, y)


def _settle(net: Network, used, f_mid, f_sink, d) -> tuple[bool, int, int]:
    from allocation.settle import settle

    return settle(
        len(net.served), len(net.prep.groups), *net._arcs(), net.prep.groups.size, used,
        (f_mid, f_sink), d,
    )  # fmt: skip


def test_settling_an_optimum_moves_nobody_and_certifies_it() -> None:
    """From potentials that are all 0, settling an optimum of every arc (with applicants
    on direct arcs) cancels no cycle, moves no one, and ends with potentials under which no
    arc of the network has a negative reduced cost."""
    net = _network(Prepared(_with_direct_arcs()))
    used, f_mid, f_sink, _ = net._solve_on(None, None)
    assert (used >= len(net.app_a)).any()
    before = [x.copy() for x in (used, f_mid, f_sink)]
    d = np.zeros(len(net.served) + len(net.prep.groups) + 1 + net.n_mid, dtype=np.int64)
    ok, cycles, _ = _settle(net, used, f_mid, f_sink, d)
    assert ok and cycles == 0
    for x, y in zip(before, (used, f_mid, f_sink), strict=True):
        assert np.array_equal(x, y)
    net._tighten(used, d)
    net.d = d
    net.tight()  # raises CertificateError on an arc priced below zero


def test_settling_cancels_negative_cycles_through_direct_arcs() -> None:
    """From a flow that ignores every cost (an optimum at cost 0 on each arc), settling
    over every arc finds negative cycles (some through direct arcs), pushes the flow round
    them, and ends at the optimum cost, its potentials certifying it."""
    from allocation import settle

    net = _network(Prepared(_with_direct_arcs()))
    whole_used, whole_mid, _, _ = net._solve_on(None, None)
    free = copy.copy(net)
    free.app_c, free.dir_c, free.mid_c = (
        np.zeros_like(x) for x in (net.app_c, net.dir_c, net.mid_c)
    )
    used, f_mid, f_sink, _ = free._solve_on(None, None)

    def cost(used: np.ndarray, f_mid: np.ndarray) -> int:
        on = used < len(net.app_a)
        app = int(net.app_c[used[on]].sum())
        return app + int(net.dir_c[used[~on] - len(net.app_a)].sum()) + int(f_mid @ net.mid_c)

    assert cost(used, f_mid) > cost(whole_used, whole_mid)
    before = used.copy()
    d = np.zeros(len(net.served) + len(net.prep.groups) + 1 + net.n_mid, dtype=np.int64)
    with mock.patch.object(settle, "MAX_READS", 10**9):  # a cycle at a time: no limit
        ok, cycles, _ = _settle(net, used, f_mid, f_sink, d)
    assert ok and cycles > 0
    assert cost(used, f_mid) == cost(whole_used, whole_mid)
    n_app = len(net.app_a)
    assert not np.array_equal(np.flatnonzero(before >= n_app), np.flatnonzero(used >= n_app))
    net._tighten(used, d)
    net.d = d
    net.tight()


def test_settling_that_runs_too_long_changes_nothing() -> None:
    """Past its limit of arc reads, settling gives up and leaves flow and potentials as they
    were (the caller then prices the arcs in rounds)."""
    from allocation import settle

    net = _network(Prepared(_with_direct_arcs()))
    used, f_mid, f_sink, d = net._solve_on(None, None)
    before = [x.copy() for x in (used, f_mid, f_sink, d)]
    with mock.patch.object(settle, "MAX_READS", 0):
        ok, _, _ = _settle(net, used, f_mid, f_sink, d)
    assert not ok
    for x, y in zip(before, (used, f_mid, f_sink, d), strict=True):
        assert np.array_equal(x, y)


@pytest.mark.parametrize("city", [False, True])
def test_network_from_compiled_sparse_rows(city: bool) -> None:
    """A round without the dense commute table builds its applicant arcs from sparse rows
    in a compiled loop: the same arcs, in the same order, as from the dense table."""
    from allocation import eligibility

    inst = parse_instance(generate(500, 2000, seed=7, city=city))
    kept = _network(Prepared(inst))
    with mock.patch.object(eligibility, "COMMUTE_CELLS", 0):
        prep = Prepared(inst)
        assert prep.sparse
        sparse = _network(prep)
    assert kept.ok and sparse.ok and len(kept.app_a) > 0 and len(kept.dir_a) == 0
    for name in ("app_a", "app_m", "app_c", "app_t", "mid_m", "mid_g", "mid_c"):
        assert np.array_equal(getattr(sparse, name), getattr(kept, name)), name
