"""Expected waits: computed for the whole queue at once (nightly), read one row per page.

The model is `housing.forecast.model`; the inputs come from `housing.forecast.history`.
"""

import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from housing.extensions import db
from housing.forecast.history import WINDOW, Table, build_table, engine_order, queue_entries
from housing.forecast.model import HORIZON, Waits, expected_waits
from housing.models import Application, WaitForecast
from housing.models._base import utcnow

#: Why there is no estimate, as stored in `WaitForecast.note`.
NOTES = ("no_history", "no_matching_units", "beyond_horizon", "no_workplace", "long_tail")


@dataclass(frozen=True)
class Estimate:
    """One applicant's forecast as the pages and the API show it."""

    p50: int | None
    p90: int | None
    note: str | None
    ahead: float
    vacant_now: int
    monthly: float
    history_months: int

    @property
    def known(self) -> bool:
        return self.p50 is not None


def lead_of(today: date) -> float:
    """The part of this month still ahead: its vacancies reach the round on the 1st."""
    first = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return (first - today).days / (first - today.replace(day=1)).days


def waits_for(table: Table, order: np.ndarray, today: date | None = None) -> Waits:
    lead = lead_of(today) if today is not None else 1.0
    return expected_waits(table.eligible, table.supply, order, lead)


def rows_of(table: Table, waits: Waits) -> list[dict]:
    """One `wait_forecasts` row per queued application, with a note wherever p50 is unknown."""
    months = table.supply.history_months
    rows = []
    for i, application_id in enumerate(table.application_ids):
        p50, p90 = int(waits.p50[i]), int(waits.p90[i])
        note = None
        if months == 0:
            note = "no_history"
        elif not waits.matches[i]:
            note = "no_matching_units"
        elif p50 < 0:
            note = "beyond_horizon"
        elif p90 < 0:
            note = "long_tail"
        rows.append({
            "application_id": application_id,
            "p50": p50 if p50 > 0 and note in (None, "long_tail") else None,
            "p90": p90 if p90 > 0 and note is None else None,
            "note": note,
            "ahead": round(float(waits.ahead[i]), 1),
            "vacant_now": int(waits.vacant_now[i]),
            "monthly": round(float(waits.monthly[i]), 2),
            "history_months": months,
        })  # fmt: skip
    for application_id in table.skipped:
        rows.append({"application_id": application_id, "p50": None, "p90": None,
                     "note": "no_workplace", "ahead": 0.0, "vacant_now": 0, "monthly": 0.0,
                     "history_months": months})  # fmt: skip
    return rows


def forecast_queue(today: date | None = None) -> dict:
    """Replace every stored forecast with one computed now (the nightly job; the demo seed)."""
    started = time.perf_counter()
    today = today or utcnow().date()
    entries, skipped = queue_entries()
    table = build_table(today, entries, skipped)
    rows = rows_of(table, waits_for(table, engine_order(table.instance), today))
    now = utcnow()
    for row in rows:
        row["computed_at"] = now
    db.session.execute(sa.delete(WaitForecast))
    if rows:
        db.session.execute(sa.insert(WaitForecast), rows)
    db.session.commit()
    known = [r["p50"] for r in rows if r["p50"] is not None]
    return {
        "applications": len(rows),
        "known": len(known),
        "history_months": table.supply.history_months,
        "median_p50": float(np.median(known)) if known else None,
        "seconds": round(time.perf_counter() - started, 2),
    }


def estimate(application: Application) -> Estimate | None:
    """The stored forecast of a queued application; None before the first nightly run."""
    row = db.session.get(WaitForecast, application.id)
    if row is None:
        return None
    return Estimate(row.p50, row.p90, row.note, row.ahead, row.vacant_now, row.monthly,
                    row.history_months)  # fmt: skip


def headline(e: Estimate) -> str:
    """ "Likely within 4 to 9 months", or why there is no figure."""
    if e.p50 is not None and e.p90 is not None:
        if e.p50 == e.p90:
            return ngettext("Likely within %(num)d month", "Likely within %(num)d months", e.p50)
        return _("Likely within %(p50)d to %(p90)d months", p50=e.p50, p90=e.p90)
    if e.p50 is not None:
        return _("Likely within %(p50)d months, but it could take more than %(years)d years",
                 p50=e.p50, years=HORIZON // 12)  # fmt: skip
    return {
        "no_history": _("No estimate yet"),
        "no_matching_units": _("No estimate: no unit that fits your application has come vacant"),
        "beyond_horizon": _("More than %(years)d years at the current pace", years=HORIZON // 12),
        "no_workplace": _("No estimate: your application has no workplace location"),
    }.get(e.note or "", _("No estimate yet"))


def how(e: Estimate) -> str:
    """How the figure was reached, in plain words with the applicant's own numbers."""
    if e.note == "no_history":
        return _("The district has committed no allocation round in the last %(n)d months, so "
                 "there is no record of vacancies to estimate from.", n=WINDOW)  # fmt: skip
    if e.note == "no_workplace":
        return _("Rounds match units by commute to your workplace; add its location to your "
                 "application to take part and to get an estimate.")  # fmt: skip
    if e.note == "no_matching_units":
        return _("Over the last %(n)d months no unit came vacant that meets all of your "
                 "application's conditions (layouts, rent, commute, household size, "
                 "accessibility), and none is vacant now. Widening them would help.",
                 n=e.history_months)  # fmt: skip
    return _(
        "About %(ahead)d applicants ahead of you in the queue want units that you could also "
        "take (each counted by how much of their choice overlaps with yours). %(now)d such "
        "units are vacant now, and over the last %(n)d months about %(rate)s a month came "
        "vacant. The first figure is when half of the chances are behind you, the second when "
        "nine in ten are; the range allows for the pace of vacancies changing and for people "
        "who join ahead of you, withdraw or decline. It is recomputed every night and is an "
        "estimate, not a promise.",
        ahead=round(e.ahead), now=e.vacant_now, n=e.history_months, rate=f"{e.monthly:.1f}",
    )  # fmt: skip
