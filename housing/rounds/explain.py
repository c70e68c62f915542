"""What would change it: for an applicant left out, how each of their own filters costs units.

The engine counts eligible units for the applicant as they are and for variants that relax one
filter at a time (another layout, a longer commute, a higher budget), all in one call on the
round's own published input, so the numbers are the engine's and match the round.
"""

from dataclasses import dataclass

from allocation import eligible_edges, parse_instance
from housing.models import AllocationRound, Layout
from housing.rounds.files import round_files

#: Relaxations tried: minutes added to the maximum commute, yuan added to the budget.
MORE_MINUTES = 15
MORE_RENT = 1000


@dataclass(frozen=True)
class Change:
    kind: str  # "layout", "commute" or "rent"
    old: object
    new: object
    more_units: int


@dataclass(frozen=True)
class Explanation:
    eligible_units: int
    changes: list[Change]


def explain_applicant(round_: AllocationRound, application_id: int) -> Explanation | None:
    """None when the application was not in the round; a round's answer never changes."""
    if round_.input_sha256 is None:
        return None
    key = (round_.id, round_.input_sha256, application_id)
    if key not in _CACHE:
        if len(_CACHE) >= 2048:
            _CACHE.clear()
        _CACHE[key] = _explain(round_, application_id)
    return _CACHE[key]


_CACHE: dict[tuple[int, str, int], "Explanation | None"] = {}


def _explain(round_: AllocationRound, application_id: int) -> Explanation | None:
    files = round_files(round_)
    key = next((p for p, i in files.ids.items() if i == application_id), None)
    if key is None:
        return None
    me = files.entries[key]
    variants: list[tuple[dict, Change | None]] = [({**me, "id": "base"}, None)]
    chosen = me.get("layouts") or []
    if chosen:
        for layout in (x.value for x in Layout):
            if layout not in chosen:
                variants.append(
                    ({**me, "layouts": [*chosen, layout]}, Change("layout", None, layout, 0))
                )
    minutes = me["max_commute_min"]
    variants.append(
        ({**me, "max_commute_min": minutes + MORE_MINUTES},
         Change("commute", minutes, minutes + MORE_MINUTES, 0))
    )  # fmt: skip
    budget = me["max_rent"]
    variants.append(
        ({**me, "max_rent": budget + MORE_RENT}, Change("rent", budget, budget + MORE_RENT, 0))
    )
    applicants = [{**v, "id": f"V{i:02d}"} for i, (v, _c) in enumerate(variants)]
    instance = parse_instance(
        {**files.header, "applicants": applicants, "units": list(files.units.values())}
    )
    counts: dict[str, int] = {}
    for a, _u, _m, _c in eligible_edges(instance):
        counts[a] = counts.get(a, 0) + 1
    base = counts.get("V00", 0)
    changes = []
    for i, (_v, change) in enumerate(variants[1:], start=1):
        more = counts.get(f"V{i:02d}", 0) - base
        if change is not None and more > 0:
            changes.append(Change(change.kind, change.old, change.new, more))
    changes.sort(key=lambda c: -c.more_units)
    return Explanation(base, changes)
