"""The allocation engine: matches waiting applicants to vacant units, one round at a time.

A pure library (no Flask, SQLAlchemy or `housing` import); the contract, with its JSON
schemas and required properties, is `docs/allocation.md`. The web app calls it like this::

    from allocation import Applicant, Unit, Instance, Policy, solve, load_instance, dump_result

    inst = Instance(round="2026-12", seed=20261201,
                    applicants=(Applicant(id="A1", priority=812.5, applied_on="2025-03-02",
                                          household_size=2, workplace=(31.2196, 121.4245),
                                          max_commute_min=45, max_rent=6000, layouts=("1BR",)),),
                    units=(Unit(id="U1", layout="1BR", bedrooms=1, max_occupants=2,
                                location=(31.2101, 121.4012), rent=4300),),
                    policy=Policy(commute_weight=12))
    result = solve(inst)                      # or solve(inst, "serial-dictatorship")
    for a in result.assignments: ...          # Assignment(applicant, unit, commute_min, cost)
    for u in result.unassigned: ...           # Unassigned(applicant, reason, detail, filter)
    dump_result(result, "result.json")        # allocation-result@1, canonical bytes

- `load_instance(path_or_stream) -> Instance` validates `allocation-instance@1` and raises
  `InputError` (with `.path`, e.g. "applicants[3].household_size") on the first problem.
- `solve(instance, mechanism="priority-flow", *, model=None) -> Result`: `model` is any
  `CommuteModel` (a `minutes(origins, destinations)` matrix); default `MetroCommuteModel`
  over the bundled Shanghai Metro network or `Policy.metro_network`.
- `eligible_edges(instance)` yields every eligible (applicant, unit, commute_min, cost);
  `allocation.export.write_edges` streams them as JSON, JSON lines or gzip.
- `allocation.districts.solve_split(instance)` solves each district as its own round.
- `Policy` holds the tunable weights with their documented defaults.
"""

from allocation.commute import CommuteModel, MetroCommuteModel
from allocation.engine import eligible_edges, solve
from allocation.model import (
    Applicant,
    Assignment,
    Instance,
    Policy,
    Result,
    Stats,
    Unassigned,
    Unit,
)
from allocation.schema import InputError, dump_result, load_instance, parse_instance, result_json

__all__ = [
    "Applicant",
    "Assignment",
    "CommuteModel",
    "InputError",
    "Instance",
    "MetroCommuteModel",
    "Policy",
    "Result",
    "Stats",
    "Unassigned",
    "Unit",
    "dump_result",
    "eligible_edges",
    "load_instance",
    "parse_instance",
    "result_json",
    "solve",
]
