"""Required properties 1-5 of docs/allocation.md, against brute force on small random instances."""

from __future__ import annotations

import random

from alloc_helpers import (
    PLACES,
    ref_commute,
    ref_cost,
    ref_edges,
    ref_greedy,
    ref_min_cost,
    ref_order,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocation import Applicant, Instance, Policy, Unit, eligible_edges, result_json, solve
from allocation.eligibility import Prepared
from allocation.fit import best_fit
from allocation.flow import served_set

LAYOUTS = [("studio", 0, 1), ("1BR", 1, 2), ("2BR", 2, 4)]
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# city-like: places all over Shanghai, most pairs beyond a 30-60 minute commute (sparse)
CITY_PLACES = [
    (31.2397, 121.4998),  # Lujiazui
    (31.2040, 121.5900),  # Zhangjiang
    (31.1950, 121.3200),  # Hongqiao hub
    (31.1690, 121.3980),  # Caohejing
    (31.2222, 121.4170),  # Zhongshan Park
    (31.0320, 121.2270),  # Songjiang
    (31.3830, 121.2500),  # Jiading
    (30.9000, 121.9300),  # Lingang
]


@st.composite
def instances(draw, max_units: int = 6, max_apps: int = 7, city: bool = False) -> Instance:
    n_units = draw(st.integers(0, max_units))
    n_apps = draw(st.integers(0, max_apps))
    places = st.sampled_from(CITY_PLACES if city else PLACES)
    units = []
    for j in range(n_units):
        layout, beds, occ = draw(st.sampled_from(LAYOUTS))
        units.append(
            Unit(
                id=f"U{j:02d}",
                layout=layout,
                bedrooms=beds,
                max_occupants=occ,
                # few distinct values so that identical units (merged groups) are common
                location=draw(places),
                rent=float(draw(st.sampled_from([3000, 4500, 6000]))),
                accessible=draw(st.sampled_from([False, False, True])),
                reserved_for_employers=draw(st.sampled_from([(), (), (), ("E1",)])),
                reserved_for_categories=draw(st.sampled_from([(), (), (), ("young", "skilled")])),
            )
        )
    apps = []
    for i in range(n_apps):
        apps.append(
            Applicant(
                id=f"A{i:02d}",
                priority=float(draw(st.sampled_from([1, 2, 3, 5.5]))),  # ties are common
                applied_on=draw(st.sampled_from(["2025-01-01", "2025-06-30"])),
                household_size=draw(st.sampled_from([1, 1, 1, 2, 2, 3, 4])),
                workplace=draw(places),
                max_commute_min=float(
                    draw(st.sampled_from([30, 40, 45, 50, 60] if city else [20, 30, 45, 90, 90]))
                ),
                max_rent=float(draw(st.sampled_from([3000, 5000, 8000, 8000]))),
                category=draw(st.sampled_from(["young", "skilled", "overseas"])),
                employer=draw(st.sampled_from(["E1", "E2"])),
                needs_accessible=draw(st.sampled_from([False] * 7 + [True])),
                layouts=tuple(
                    sorted(draw(st.sets(st.sampled_from(["studio", "1BR", "2BR"]), max_size=3)))
                ),
            )
        )
    seed = draw(st.integers(0, 10**6))
    return Instance(
        round="P", seed=seed, applicants=tuple(apps), units=tuple(units), policy=Policy()
    )


def _check(inst: Instance, mechanism: str = "priority-flow") -> None:
    res = solve(inst, mechanism)
    edges = ref_edges(inst)
    cm = ref_commute(inst)
    apps = {a.id: a for a in inst.applicants}
    units = {u.id: u for u in inst.units}
    # 1. feasible
    got_apps = [a.applicant for a in res.assignments]
    got_units = [a.unit for a in res.assignments]
    assert len(set(got_apps)) == len(got_apps)
    assert len(set(got_units)) == len(got_units)
    for a in res.assignments:
        assert a.unit in edges[a.applicant]
        assert a.commute_min == cm[a.applicant, a.unit]
        assert a.cost == ref_cost(apps[a.applicant], units[a.unit], a.commute_min, inst.policy)
    # order is the documented order
    assert list(res.order) == ref_order(inst)
    # 5. everybody accounted for, with the right reason
    left = {u.applicant: u for u in res.unassigned}
    assert set(left) | set(got_apps) == set(apps) and not set(left) & set(got_apps)
    for aid, u in left.items():
        assert u.reason == ("outranked" if edges[aid] else "no_eligible_unit")
    if mechanism != "priority-flow":
        return
    # 2. priority first: exactly greedy-by-order
    greedy = ref_greedy(inst)
    assert sorted(got_apps) == sorted(greedy)
    # 3. best fit second
    assert sum(a.cost for a in res.assignments) == ref_min_cost(inst, greedy)


@SETTINGS
@given(instances())
def test_priority_flow_properties(inst: Instance) -> None:
    _check(inst)


@settings(max_examples=300, deadline=None)
@given(instances(max_units=8, max_apps=8, city=True))
def test_priority_flow_properties_city_like(inst: Instance) -> None:
    """Sparse rounds: several separate markets, most applicants reach a part of the city."""
    _check(inst)


@settings(max_examples=100, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_reproducible_and_independent_of_input_order(inst: Instance, rnd: random.Random) -> None:
    # 4. same input, same bytes; shuffling the input lists changes nothing either
    first = solve(inst)
    again = solve(inst)
    apps, units = list(inst.applicants), list(inst.units)
    rnd.shuffle(apps)
    rnd.shuffle(units)
    shuffled = solve(Instance(inst.round, inst.seed, tuple(apps), tuple(units), inst.policy))

    def body(r):
        return result_json(r).split('"stats"')[0]

    assert body(first) == body(again) == body(shuffled)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(instances(max_units=5, max_apps=9), instances(max_units=6, max_apps=9, city=True)),
    st.integers(1, 4),
)
def test_blocks_do_not_change_the_served_set(inst: Instance, block: int) -> None:
    """The block-wise Phase 1 (slack classes only) equals one flow over the whole queue."""
    prep = Prepared(inst)
    whole, _, _ = served_set(prep, block=10**6)
    small, _, _ = served_set(prep, block=block)
    assert sorted(whole.tolist()) == sorted(small.tolist())
    assert sorted(inst.applicants[i].id for i in small) == sorted(ref_greedy(inst))


@settings(max_examples=200, deadline=None)
@given(instances())
def test_serial_dictatorship(inst: Instance) -> None:
    _check(inst, "serial-dictatorship")
    res = solve(inst, "serial-dictatorship")
    # reference: down the order, cheapest free eligible unit, ties by unit id
    cm = ref_commute(inst)
    edges = ref_edges(inst)
    apps = {a.id: a for a in inst.applicants}
    units = {u.id: u for u in inst.units}
    free = set(units)
    want = []
    for aid in ref_order(inst):
        options = sorted(
            (ref_cost(apps[aid], units[u], cm[aid, u], inst.policy), u)
            for u in edges[aid]
            if u in free
        )
        if options:
            free.discard(options[0][1])
            want.append((aid, options[0][1]))
    assert [(a.applicant, a.unit) for a in res.assignments] == want


def test_priority_beats_fit_on_a_scarce_unit() -> None:
    from alloc_helpers import applicant, instance, unit

    # A000 (top priority) can only take U000; A001 could take either.
    inst = instance(
        [applicant(0, max_rent=4000), applicant(1, max_rent=9000)],
        [unit(0, rent=4000), unit(1, rent=8000, location=PLACES[0])],
    )
    res = solve(inst)
    assert {(a.applicant, a.unit) for a in res.assignments} == {("A000", "U000"), ("A001", "U001")}
    one = instance([applicant(0), applicant(1)], [unit(0)])
    res = solve(one)
    assert [a.applicant for a in res.assignments] == ["A000"]
    assert res.unassigned[0].reason == "outranked"


def test_dense_competition_against_brute_force() -> None:
    """Seeded dense instances: everyone eligible for most units, so priority and fit compete."""
    rnd = random.Random(20261201)
    for case in range(60):
        units = [
            Unit(
                id=f"U{j}",
                layout=rnd.choice(["studio", "1BR", "2BR"]),
                bedrooms=rnd.choice([0, 1, 2]),
                max_occupants=rnd.choice([2, 4]),
                location=rnd.choice(PLACES),
                rent=float(rnd.choice([3000, 4500, 6000])),
                accessible=rnd.random() < 0.3,
            )
            for j in range(rnd.randint(2, 5))
        ]
        apps = [
            Applicant(
                id=f"A{i}",
                priority=float(rnd.choice([1, 2, 3])),
                applied_on="2025-01-01",
                household_size=rnd.choice([1, 2, 3]),
                workplace=rnd.choice(PLACES),
                max_commute_min=float(rnd.choice([30, 60, 90])),
                max_rent=float(rnd.choice([5000, 8000])),
                needs_accessible=rnd.random() < 0.1,
            )
            for i in range(rnd.randint(2, 8))
        ]
        _check(Instance(round="D", seed=case, applicants=tuple(apps), units=tuple(units)))


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(instances(max_units=6, max_apps=7), instances(max_units=7, max_apps=7, city=True)),
    st.integers(1, 3),
    st.integers(0, 2),
    st.sampled_from([0, 30]),
)
def test_pruned_best_fit_is_still_optimal(inst: Instance, k: int, k_col: int, theta: int) -> None:
    """Phase 2 from only the k cheapest arcs must still prove and reach the optimum, and
    settle on the same optimum as from every arc."""
    prep = Prepared(inst)
    served, served_cls, _ = served_set(prep)
    group, _, cost = best_fit(prep, served, served_cls, k=k, k_add=1, k_col=k_col, theta=theta)
    greedy = [inst.applicants[i].id for i in served]
    assert int(cost.sum()) == ref_min_cost(inst, greedy)
    full, _, _ = best_fit(prep, served, served_cls, k=max(1, len(prep.groups)), k_col=0)
    assert group.tolist() == full.tolist()


@settings(max_examples=100, deadline=None)
@given(instances())
def test_edges_list_every_eligible_pair_with_the_solved_cost(inst: Instance) -> None:
    edges = {(a, u): (m, c) for a, u, m, c in eligible_edges(inst)}
    assert {a: sorted(u for (x, u) in edges if x == a) for a in ref_edges(inst)} == {
        a: sorted(us) for a, us in ref_edges(inst).items()
    }
    for x in solve(inst).assignments:
        assert edges[x.applicant, x.unit] == (x.commute_min, x.cost)
