"""A preview's report: who is served, how far they travel, what the simple rule would do.

Pure functions of the engine's input and results (plus landlord names), so the report can be
rebuilt from a round's stored files. Serial dictatorship runs beside the engine on the same
input: officers see what priority-first best fit buys over "each in turn takes the best left".
"""

from collections import Counter

from allocation import Instance, Result, eligible_edges

#: How the engine's reason codes read for officers and applicants; see `reason_words`.
REASON_CODES = ("outranked", "no_eligible_unit")


def _top_served(result: Result, share: float = 0.1) -> int:
    top = set(result.order[: max(1, int(len(result.order) * share))]) if result.order else set()
    return sum(1 for a in result.assignments if a.applicant in top)


def figures(result: Result) -> dict:
    return {
        "served": result.stats.served,
        "top10_served": _top_served(result),
        "mean_commute_min": result.stats.mean_commute_min,
        "p95_commute_min": result.stats.p95_commute_min,
    }


def left_vacant(instance: Instance, result: Result) -> list[dict]:
    """Units nobody got, and why: no applicant was eligible, or every eligible one was housed.

    The served set is a maximum matching, so a vacant unit with an eligible applicant left
    out cannot exist: counting eligible applicants tells the two cases apart.
    """
    taken = {a.unit for a in result.assignments}
    vacant = [u for u in instance.units if u.id not in taken]
    if not vacant:
        return []
    sub = Instance(
        instance.round, instance.seed, instance.applicants, tuple(vacant), instance.policy
    )
    eligible = Counter(unit for _a, unit, _m, _c in eligible_edges(sub))
    return [
        {
            "unit": u.id,
            "layout": u.layout,
            "eligible": eligible.get(u.id, 0),
            "reason": "housed_elsewhere" if eligible.get(u.id) else "no_eligible_applicant",
        }
        for u in vacant
    ]


def build_report(
    instance: Instance,
    result: Result,
    serial: Result,
    landlord_names: dict[str, str],
    skipped: int,
) -> dict:
    """The figures a preview shows; JSON-ready (stored in the round's `metrics`)."""
    categories = {a.id: a.category for a in instance.applicants}
    units = {u.id: u for u in instance.units}
    served = {a.applicant for a in result.assignments}
    by_category: dict[str, dict] = {}
    for aid, category in categories.items():
        row = by_category.setdefault(category or "none", {"queued": 0, "served": 0})
        row["queued"] += 1
        row["served"] += aid in served
    by_layout: dict[str, dict] = {}
    by_landlord: dict[str, dict] = {}
    for u in instance.units:
        by_layout.setdefault(u.layout, {"units": 0, "assigned": 0})["units"] += 1
        row = by_landlord.setdefault(
            u.landlord, {"name": landlord_names.get(u.landlord, u.landlord), "units": 0}
        )
        row["units"] += 1
        row.setdefault("assigned", 0)
    for a in result.assignments:
        unit = units[a.unit]
        by_layout[unit.layout]["assigned"] += 1
        by_landlord[unit.landlord]["assigned"] += 1
    vacant = left_vacant(instance, result)
    return {
        "applicants": len(instance.applicants),
        "units": len(instance.units),
        "skipped_no_workplace": skipped,
        **figures(result),
        "serial": figures(serial),
        "by_category": by_category,
        "by_layout": by_layout,
        "by_landlord": by_landlord,
        "reasons": dict(Counter(u.reason for u in result.unassigned)),
        "vacant": vacant,
        "vacant_reasons": dict(Counter(v["reason"] for v in vacant)),
        "seconds": dict(result.stats.seconds),
    }
