"""What the expected wait reads from the database: the queue, the units vacant now, and the
new vacancies of the committed rounds of the last 12 months (their stored engine inputs)."""

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import sqlalchemy as sa

from allocation import Instance, parse_instance
from allocation.eligibility import Prepared
from housing.extensions import db
from housing.forecast.model import Supply
from housing.models import AllocationRound, RoundStatus
from housing.rounds.input import (
    SCHEMA,
    applicant_entry,
    pool_query,
    queue_query,
    round_seed,
    unit_entry,
)

#: Months of round history the estimate reads.
WINDOW = 12
COMMITTED = (RoundStatus.NOTICE, RoundStatus.OFFERS, RoundStatus.CLOSED)


def month_index(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass
class History:
    """Each unit's new vacancies over `months` months (a unit still vacant and unassigned
    from the round before is not new), with the unit as the latest round described it."""

    months: int
    new: dict[str, int]
    units: dict[str, dict]
    monthly_totals: list[int]


def read_history(today: date) -> History:
    now = today.year * 12 + today.month - 1
    rounds = db.session.execute(
        sa.select(
            AllocationRound.committed_month,
            AllocationRound.input_json,
            AllocationRound.result_json,
        )
        .where(
            AllocationRound.status.in_(COMMITTED),
            AllocationRound.committed_month >= month_of(now - WINDOW),
            AllocationRound.committed_month <= month_of(now),
        )
        .order_by(AllocationRound.committed_month)
    ).all()
    if not rounds:
        return History(0, {}, {}, [])
    new: dict[str, int] = {}
    units: dict[str, dict] = {}
    totals: dict[int, int] = {}
    left: set[str] = set()
    first = None
    for month, input_json, result_json in rounds:
        index = month_index(month)
        listed = json.loads(input_json)["units"] if input_json else []
        result = json.loads(result_json) if result_json else {"assignments": []}
        taken = {a["unit"] for a in result["assignments"]}
        if index <= now - WINDOW:  # the round before the window: only what it left vacant
            left = {u["id"] for u in listed} - taken
            continue
        first = index if first is None else first
        fresh = [u for u in listed if u["id"] not in left]
        for u in listed:
            units[u["id"]] = u
        for u in fresh:
            new[u["id"]] = new.get(u["id"], 0) + 1
        totals[index] = len(fresh)
        left = {u["id"] for u in listed} - taken
    if first is None:
        return History(0, {}, {}, [])
    last = month_index(rounds[-1][0])
    months = last - first + 1
    return History(months, new, units, [totals.get(i, 0) for i in range(first, last + 1)])


@dataclass
class Table:
    """The queue against every unit seen (vacant now or in the history), as engine groups."""

    application_ids: list[int]
    categories: list[str]
    instance: Instance
    eligible: np.ndarray  # applicants x unit classes, bool
    supply: Supply
    skipped: list[int]  # queued applications without a workplace location


def queue_entries(priorities: dict[int, float] | None = None) -> tuple[list, list[int]]:
    """The queue as engine entries keyed by application id; `priorities` overrides points."""
    entries, skipped = [], []
    for row in db.session.execute(queue_query()):
        if row.workplace_lat is None or row.workplace_lon is None:
            skipped.append(row.id)
            continue
        entry = applicant_entry(row, f"A{row.id}")
        if priorities is not None and row.id in priorities:
            entry["priority"] = float(priorities[row.id])
        entries.append(entry)
    return entries, skipped


def build_table(today: date, entries: list[dict], skipped: list[int]) -> Table:
    history = read_history(today)
    pool = {f"U{u.id:07d}": unit_entry(u) for u in db.session.scalars(pool_query())}
    units = {**history.units, **pool}
    month = f"{today:%Y-%m}"
    document = {
        "schema": SCHEMA,
        "round": month,
        "seed": round_seed(month),
        "applicants": entries,
        "units": [units[k] for k in sorted(units)],
        "policy": {},
    }
    instance = parse_instance(document)
    prep = Prepared(instance)
    n = len(instance.applicants)
    # Classes: units no applicant can tell apart by the hard rules (the engine's Phase 1).
    classes = prep.classes
    eligible = np.zeros((n, len(classes)), dtype=bool)
    everyone = np.arange(n)
    for chunk in prep.chunks(everyone, len(classes)):
        eligible[chunk] = prep.eligible(chunk, classes)
    new = np.zeros(len(classes))
    now = np.zeros(len(classes))
    for g, members in enumerate(prep.members):
        c = prep.group_class[g]
        for index in members.tolist():
            key = prep.unit_ids[index]
            new[c] += history.new.get(key, 0)
            now[c] += key in pool
    months = history.months
    totals = np.array(history.monthly_totals, dtype=np.float64)
    extra = 0.0
    if len(totals) > 1 and totals.mean() > 0:
        extra = max(0.0, totals.var(ddof=1) / totals.mean() ** 2 - 1 / totals.mean())
    supply = Supply(new / months if months else new, now, months, extra)
    ids = [int(a.id[1:]) for a in instance.applicants]
    categories = [a.category for a in instance.applicants]
    return Table(ids, categories, instance, eligible, supply, skipped)


def engine_order(instance: Instance, priorities: list[float] | None = None) -> np.ndarray:
    """Row indices best first, by the engine's own order (optionally with other points)."""
    from dataclasses import replace

    from allocation.order import priority_order

    apps = instance.applicants
    if priorities is not None:
        apps = tuple(replace(a, priority=p) for a, p in zip(apps, priorities, strict=True))
    return np.array(priority_order(apps, instance.seed), dtype=np.int64)
