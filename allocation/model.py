"""Typed values the engine takes and returns; the web app builds these directly."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

INSTANCE_SCHEMA = "allocation-instance@1"
RESULT_SCHEMA = "allocation-result@1"
MECHANISMS = ("priority-flow", "serial-dictatorship")

# Names of the hard rules, as used in reason codes (`Unassigned.filter`).
FILTERS = ("household_size", "rent", "accessible", "layout", "reserved", "commute")


@dataclass(frozen=True, slots=True)
class Applicant:
    id: str
    priority: float
    applied_on: str  # ISO date, YYYY-MM-DD; compares correctly as text
    household_size: int
    workplace: tuple[float, float]  # (lat, lon) WGS84
    max_commute_min: float
    max_rent: float
    category: str = ""
    employer: str = ""
    needs_accessible: bool = False
    layouts: tuple[str, ...] = ()  # empty means any layout


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    layout: str
    bedrooms: int
    max_occupants: int
    location: tuple[float, float]  # (lat, lon) WGS84
    rent: float
    landlord: str = ""
    building: str = ""
    area_m2: float = 0.0
    accessible: bool = False
    reserved_for_employers: tuple[str, ...] = ()
    reserved_for_categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """Tunable weights of the commute model and the fit cost.

    Costs are integers because the min-cost flow needs int64; one cost point is worth a
    tenth of a commute minute with the defaults, so every weight below reads as
    "how many commute minutes (x10) is this worth".
    """

    # --- commute model (door to door, minutes) ---
    metro_network: str = ""  # folder of the network files; "" = bundled Shanghai Metro
    walk_speed_kmh: float = 4.8
    walk_detour: float = 1.3  # street distance / straight-line distance
    cycle_speed_kmh: float = 12.0
    cycle_overhead_min: float = 3.0  # find and park a (shared) bicycle
    metro_speed_kmh: float = 35.0  # average in-vehicle speed including stops
    first_wait_min: float = 4.0
    transfer_min: float = 5.0  # per change of line, walking and waiting included
    access_stations: int = 4  # k nearest stations tried at each end
    max_access_km: float = 2.5  # beyond this straight-line distance nobody walks or cycles to it
    fallback_speed_kmh: float = 18.0  # bus or taxi, for places far from the network
    fallback_wait_min: float = 8.0
    # --- fit cost (integer points) ---
    commute_weight: float = 10.0  # points per commute minute
    unused_bedroom_weight: float = 60.0  # points per bedroom beyond the household's need
    crowding_weight: float = 150.0  # points per bedroom short of the household's need
    rent_weight: float = 100.0  # points for a rent equal to the whole budget (linear)

    @classmethod
    def field_types(cls) -> dict[str, type]:
        """Python type of every field, for validating overrides from JSON."""
        return {f.name: type(getattr(cls(), f.name)) for f in fields(cls)}


@dataclass(frozen=True, slots=True)
class Instance:
    round: str
    seed: int
    applicants: tuple[Applicant, ...]
    units: tuple[Unit, ...]
    policy: Policy = field(default_factory=Policy)


@dataclass(frozen=True, slots=True)
class Assignment:
    applicant: str
    unit: str
    commute_min: float
    cost: int


@dataclass(frozen=True, slots=True)
class Unassigned:
    applicant: str
    reason: str  # "no_eligible_unit" or "outranked"
    detail: str
    filter: str | None = None  # the one hard rule that alone excluded every unit


@dataclass(frozen=True, slots=True)
class Stats:
    applicants: int
    units: int
    edges: int  # eligible (applicant, unit) pairs
    served: int
    mean_commute_min: float
    p95_commute_min: float
    seconds: dict[str, float]  # load (read+validate), edges (commute, rules, costs), solve (rest)


@dataclass(frozen=True, slots=True)
class Result:
    round: str
    mechanism: str
    order: tuple[str, ...]
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    stats: Stats

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": RESULT_SCHEMA,
            "round": self.round,
            "mechanism": self.mechanism,
            "order": list(self.order),
            "assignments": [
                {
                    "applicant": a.applicant,
                    "unit": a.unit,
                    "commute_min": a.commute_min,
                    "cost": a.cost,
                }
                for a in self.assignments
            ],
            "unassigned": [
                {
                    "applicant": u.applicant,
                    "reason": u.reason,
                    "detail": u.detail,
                    "filter": u.filter,
                }
                for u in self.unassigned
            ],
            "stats": {
                "applicants": self.stats.applicants,
                "units": self.stats.units,
                "edges": self.stats.edges,
                "served": self.stats.served,
                "mean_commute_min": self.stats.mean_commute_min,
                "p95_commute_min": self.stats.p95_commute_min,
                "seconds": dict(self.stats.seconds),
            },
        }
