"""Builders and slow-but-obvious reference implementations for the engine's tests."""

from __future__ import annotations

import hashlib
import itertools
import math

import numpy as np

from allocation import Applicant, Instance, Policy, Unit
from allocation.commute import MetroCommuteModel

# a few real places in and around Changning: (lat, lon)
PLACES = [
    (31.2222, 121.4170),  # Zhongshan Park
    (31.2218, 121.4280),  # Jiangsu Road
    (31.2050, 121.3620),  # Hongqiao airport zone
    (31.2150, 121.3950),  # Xianxia
    (31.2060, 121.4200),  # Gubei
    (31.2350, 121.4750),  # downtown
]


def applicant(i: int = 0, **kw) -> Applicant:
    base = {
        "id": f"A{i:03d}",
        "priority": 100.0 - i,
        "applied_on": "2025-01-01",
        "household_size": 1,
        "workplace": PLACES[0],
        "max_commute_min": 60.0,
        "max_rent": 10000.0,
        "category": "young",
        "employer": "E1",
        "needs_accessible": False,
        "layouts": (),
    }
    base.update(kw)
    return Applicant(**base)


def unit(j: int = 0, **kw) -> Unit:
    base = {
        "id": f"U{j:03d}",
        "layout": "1BR",
        "bedrooms": 1,
        "max_occupants": 2,
        "location": PLACES[1],
        "rent": 4000.0,
        "building": f"B{j:03d}",
    }
    base.update(kw)
    return Unit(**base)


def instance(apps, units, seed: int = 1, policy: Policy | None = None) -> Instance:
    return Instance(
        round="T", seed=seed, applicants=tuple(apps), units=tuple(units), policy=policy or Policy()
    )


# ----------------------------------------------------------------- references
def ref_order(inst: Instance) -> list[str]:
    def key(a: Applicant):
        ticket = hashlib.sha256(f"{inst.seed}:{a.id}".encode()).hexdigest()
        return (-a.priority, a.applied_on, ticket, a.id)

    return [a.id for a in sorted(inst.applicants, key=key)]


def ref_commute(inst: Instance) -> dict[tuple[str, str], float]:
    model = MetroCommuteModel(inst.policy)
    origins = np.array([u.location for u in inst.units]).reshape(-1, 2)
    dests = np.array([a.workplace for a in inst.applicants]).reshape(-1, 2)
    m = np.round(model.minutes(origins, dests), 1)
    return {
        (a.id, u.id): float(m[j, i])
        for j, u in enumerate(inst.units)
        for i, a in enumerate(inst.applicants)
    }


def ref_eligible(a: Applicant, u: Unit, minutes: float) -> bool:
    return (
        a.household_size <= u.max_occupants
        and u.rent <= a.max_rent
        and (u.accessible or not a.needs_accessible)
        and (not a.layouts or u.layout in a.layouts)
        and (not u.reserved_for_employers or a.employer in u.reserved_for_employers)
        and (not u.reserved_for_categories or a.category in u.reserved_for_categories)
        and minutes <= a.max_commute_min
    )


def ref_cost(a: Applicant, u: Unit, minutes: float, p: Policy) -> int:
    need = 0 if a.household_size <= 1 else math.ceil(a.household_size / 2)
    c = (
        p.commute_weight * minutes
        + p.unused_bedroom_weight * max(u.bedrooms - need, 0)
        + p.crowding_weight * max(need - u.bedrooms, 0)
        + p.rent_weight * u.rent / max(a.max_rent, 1.0)
    )
    return int(np.rint(c))


def ref_edges(inst: Instance) -> dict[str, list[str]]:
    cm = ref_commute(inst)
    return {
        a.id: [u.id for u in inst.units if ref_eligible(a, u, cm[a.id, u.id])]
        for a in inst.applicants
    }


def can_house(apps: list[str], edges: dict[str, list[str]]) -> bool:
    """Kuhn's augmenting paths: can all of `apps` get distinct eligible units?"""
    owner: dict[str, str] = {}

    def augment(a: str, seen: set[str]) -> bool:
        for u in edges[a]:
            if u in seen:
                continue
            seen.add(u)
            if u not in owner or augment(owner[u], seen):
                owner[u] = a
                return True
        return False

    return all(augment(a, set()) for a in apps)


def ref_greedy(inst: Instance) -> list[str]:
    edges = ref_edges(inst)
    kept: list[str] = []
    for a in ref_order(inst):
        if can_house([*kept, a], edges):
            kept.append(a)
    return kept


def ref_min_cost(inst: Instance, served: list[str]) -> int:
    """Brute force over every way to give each served applicant a distinct eligible unit."""
    cm = ref_commute(inst)
    apps = {a.id: a for a in inst.applicants}
    units = {u.id: u for u in inst.units}
    edges = ref_edges(inst)
    best = math.inf
    for choice in itertools.product(*(edges[a] for a in served)):
        if len(set(choice)) == len(choice):
            total = sum(
                ref_cost(apps[a], units[u], cm[a, u], inst.policy)
                for a, u in zip(served, choice, strict=True)
            )
            best = min(best, total)
    return int(best) if served else 0
