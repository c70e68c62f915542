"""The district's figures: one home for the dashboard, the public statistics, the API and CSV.

Each function is a handful of SQL aggregates (GROUP BY or one-scan monthly sums), so the
pages stay fast at district scale. Definitions, once:

- **held**: every unit of the pool but the withdrawn ones (what the 5,000 target counts);
- **vacancy / occupancy**: vacant and occupied units over the held ones;
- **queue**: applications verified or waiting (`QUEUED`), by talent category;
- **wait**: from verification (joining the queue) to the first offer, in months of 30.44 days;
- **served in a month**: new leases (not renewals) starting that month;
- **acceptance rate**: accepted over answered offers (accepted, declined, expired);
- **housed shares**: applications housed now, by category, against the plan's 24% and 35%.
"""

from datetime import date

import sqlalchemy as sa

from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    Building,
    Category,
    EntryKind,
    IncentiveStatement,
    Landlord,
    LandlordKind,
    LedgerEntry,
    Offer,
    OfferStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)
from housing.models._base import utcnow
from housing.models.housing import Layout, Street
from housing.models.waitlist import QUEUED
from housing.stats.months import Month, last_months, month_of, monthly_sums, percentile

#: The district plan's targets.
TARGETS = {"pool": 5000, "overseas_share": 0.24, "key_industry_share": 0.35}
DAYS_PER_MONTH = 30.4375
ANSWERED = (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED)
HELD = Unit.status != UnitStatus.WITHDRAWN


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- The pool and its use -----------------------------------------------------------------


def pool(landlord_id: int | None = None) -> dict:
    """Units held against the target, by landlord type, street, layout and status.

    One GROUP BY over every (status, landlord type, street, layout) that occurs (a few
    hundred rows at most), summed four ways here: one round trip instead of four.
    """
    query = (
        sa.select(Unit.status, Landlord.kind, Building.street, Unit.layout, sa.func.count())
        .join(Landlord, Landlord.id == Unit.landlord_id)
        .join(Building, Building.id == Unit.building_id)
        .group_by(Unit.status, Landlord.kind, Building.street, Unit.layout)
    )
    if landlord_id:
        query = query.where(Unit.landlord_id == landlord_id)
    by_status = dict.fromkeys((e.value for e in UnitStatus), 0)
    by_kind = dict.fromkeys((e.value for e in LandlordKind), 0)
    by_street = dict.fromkeys((e.value for e in Street), 0)
    by_layout = dict.fromkeys((e.value for e in Layout), 0)
    for status, kind, street, layout, n in db.session.execute(query):
        by_status[status.value] += n
        if status != UnitStatus.WITHDRAWN:
            by_kind[kind.value] += n
            by_street[street.value] += n
            by_layout[layout.value] += n
    held = sum(n for s, n in by_status.items() if s != UnitStatus.WITHDRAWN)
    return {
        "held": held,
        "target": TARGETS["pool"],
        "progress": _rate(held, TARGETS["pool"]),
        "by_status": by_status,
        "by_landlord_kind": by_kind,
        "by_street": by_street,
        "by_layout": by_layout,
        "vacancy_rate": _rate(by_status[UnitStatus.VACANT], held),
        "occupancy_rate": _rate(by_status[UnitStatus.OCCUPIED], held),
    }


# --- The queue ----------------------------------------------------------------------------


def queue() -> dict:
    by_category = dict.fromkeys((c.value for c in Category), 0)
    rows = db.session.execute(
        sa.select(Application.category, sa.func.count())
        .where(Application.status.in_(QUEUED), Application.category.is_not(None))
        .group_by(Application.category)
    ).all()
    for category, n in rows:
        by_category[category.value] = n
    return {"total": sum(by_category.values()), "by_category": by_category}


# --- Waits and offers ---------------------------------------------------------------------


def _first_offers() -> list[tuple]:
    """(sent_at, verified_at, layout, month key) of each application's first offer."""
    first = sa.select(sa.func.min(Offer.id).label("id")).group_by(Offer.application_id).subquery()
    return db.session.execute(
        sa.select(Offer.sent_at, Application.verified_at, Unit.layout)
        .join(first, first.c.id == Offer.id)
        .join(Application, Application.id == Offer.application_id)
        .join(Unit, Unit.id == Offer.unit_id)
        .where(Application.verified_at.is_not(None))
    ).all()


def wait_samples() -> list[tuple[float, str, date]]:
    """(months waited, layout offered, day offered) per application's first offer.

    An application verified again after its first offer (a reported change) has no honest
    wait for that offer and is left out.
    """
    out = []
    for sent_at, verified_at, layout in _first_offers():
        days = (sent_at - verified_at).total_seconds() / 86400
        if days >= 0:
            out.append((days / DAYS_PER_MONTH, layout.value, sent_at.date()))
    return out


def _months(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def waits(samples: list | None = None) -> dict:
    """Median and p90 wait until an offer, overall and by layout (mean too, as HK publishes)."""
    samples = wait_samples() if samples is None else samples
    everyone = [s[0] for s in samples]
    by_layout = {}
    for layout in Layout:
        values = [s[0] for s in samples if s[1] == layout.value]
        by_layout[layout.value] = {
            "n": len(values),
            "mean_months": _months(sum(values) / len(values)) if values else None,
            "median_months": _months(percentile(values, 0.5)),
        }
    return {
        "n": len(everyone),
        "median_months": _months(percentile(everyone, 0.5)),
        "p90_months": _months(percentile(everyone, 0.9)),
        "mean_months": _months(sum(everyone) / len(everyone)) if everyone else None,
        "by_layout": by_layout,
    }


def offers(landlord_id: int | None = None) -> dict:
    """Offers by status, the acceptance rate, and why people declined (most said first)."""
    mine = []
    if landlord_id:
        mine.append(Offer.unit_id.in_(sa.select(Unit.id).where(Unit.landlord_id == landlord_id)))
    query = sa.select(Offer.status, sa.func.count()).where(*mine).group_by(Offer.status)
    by_status = dict.fromkeys((s.value for s in OfferStatus), 0)
    for status, n in db.session.execute(query).all():
        by_status[status.value] = n
    answered = sum(by_status[s.value] for s in ANSWERED)
    reasons = db.session.execute(
        sa.select(Offer.decline_reason, sa.func.count().label("n"))
        .where(Offer.status == OfferStatus.DECLINED, *mine)
        .group_by(Offer.decline_reason)
        .order_by(sa.desc("n"), Offer.decline_reason)
        .limit(10)
    ).all()
    return {
        "by_status": by_status,
        "acceptance_rate": _rate(by_status[OfferStatus.ACCEPTED.value], answered),
        "decline_reasons": [{"reason": r or "", "n": n} for r, n in reasons],
    }


# --- The plan's targets -------------------------------------------------------------------


def housed_shares() -> dict:
    """Who is housed now, by category; the overseas and key-industry shares against the plan."""
    rows = db.session.execute(
        sa.select(Application.category, sa.func.count())
        .where(Application.status == ApplicationStatus.HOUSED)
        .group_by(Application.category)
    ).all()
    by_category = dict.fromkeys((c.value for c in Category), 0)
    for category, n in rows:
        if category is not None:
            by_category[category.value] = n
    total = sum(n for _, n in rows)
    overseas, key = by_category["overseas"], by_category["key_industry"]
    return {
        "housed": total,
        "by_category": by_category,
        "overseas": overseas,
        "key_industry": key,
        "overseas_share": _rate(overseas, total),
        "key_industry_share": _rate(key, total),
        "overseas_target": TARGETS["overseas_share"],
        "key_industry_target": TARGETS["key_industry_share"],
    }


# --- Trends -------------------------------------------------------------------------------


def occupied_by_month(months: list[Month], landlord_id: int | None = None) -> list[int]:
    """Leases in occupation at the end of each month: moved in by then, not yet moved out.

    A lease counts from its start month (once no longer upcoming) to its move-out month (the
    day the landlord confirmed, else the day it was recorded). Two GROUP BYs, then running
    sums: leases started by a month's end less those moved out by then.
    """
    started = month_of(Tenancy.start_date)
    left = sa.func.coalesce(month_of(Tenancy.move_out_on), month_of(Tenancy.moved_out_at))
    mine = [Tenancy.status != TenancyStatus.UPCOMING]
    if landlord_id:
        mine.append(Tenancy.unit_id.in_(sa.select(Unit.id).where(Unit.landlord_id == landlord_id)))

    def by_month(key) -> dict[str, int]:
        query = sa.select(key, sa.func.count()).where(*mine, key.is_not(None)).group_by(key)
        return dict(db.session.execute(query).all())

    ins, outs = by_month(started), by_month(left)
    out, total = [], 0
    first = months[0].key
    total = sum(n for k, n in ins.items() if k < first) - sum(
        n for k, n in outs.items() if k < first
    )
    for m in months:
        total += ins.get(m.key, 0) - outs.get(m.key, 0)
        out.append(total)
    return out


def ledger_by_month(months: list[Month]) -> dict[str, list[int]]:
    """Subsidies and incentives paid (net of corrections) per month, in fen."""
    rows = db.session.execute(
        sa.select(LedgerEntry.month, LedgerEntry.kind, sa.func.sum(LedgerEntry.amount_fen))
        .where(LedgerEntry.month.in_([m.key for m in months]))
        .group_by(LedgerEntry.month, LedgerEntry.kind)
    ).all()
    index = {m.key: i for i, m in enumerate(months)}
    out = {k.value: [0] * len(months) for k in EntryKind}
    for month, kind, total in rows:
        out[kind.value][index[month]] = int(total or 0)
    return out


def incentive_by_month(months: list[Month], landlord_id: int) -> list[int]:
    """A landlord's incentive statements per month, in fen (drafts included, as earned)."""
    rows = db.session.execute(
        sa.select(IncentiveStatement.month, sa.func.sum(IncentiveStatement.amount_fen))
        .where(
            IncentiveStatement.landlord_id == landlord_id,
            IncentiveStatement.month.in_([m.key for m in months]),
        )
        .group_by(IncentiveStatement.month)
    ).all()
    found = {month: int(total or 0) for month, total in rows}
    return [found.get(m.key, 0) for m in months]


def _answers_by_month(months: list[Month]) -> tuple[list[int], list[int]]:
    """Offers answered, and of those accepted, per month of the answer: one GROUP BY."""
    key = month_of(Offer.answered_at)
    accepted = sa.func.sum(sa.case((Offer.status == OfferStatus.ACCEPTED, 1), else_=0))
    rows = db.session.execute(
        sa.select(key, sa.func.count(), accepted)
        .where(Offer.status.in_(ANSWERED), Offer.answered_at >= months[0].start)
        .group_by(key)
    ).all()
    found = {k: (int(n), int(a or 0)) for k, n, a in rows}
    return (
        [found.get(m.key, (0, 0))[0] for m in months],
        [found.get(m.key, (0, 0))[1] for m in months],
    )


def trends(months: list[Month] | None = None, samples: list | None = None) -> dict:
    """Each figure that has a history, month by month over the last 24 months."""
    months = months or last_months()
    samples = wait_samples() if samples is None else samples
    new_lease = (Tenancy.renewed_from_id.is_(None),)
    answered_n, accepted_n = _answers_by_month(months)
    waits_by_month: dict[str, list[float]] = {m.key: [] for m in months}
    for value, _layout, day in samples:
        key = f"{day:%Y-%m}"
        if key in waits_by_month:
            waits_by_month[key].append(value)
    created = monthly_sums(Unit.created_at, months, HELD)
    before = db.session.scalar(
        sa.select(sa.func.count()).select_from(Unit).where(HELD, Unit.created_at < months[0].start)
    )
    pool_sizes, running = [], before
    for n in created:
        running += n
        pool_sizes.append(running)
    money = ledger_by_month(months)
    return {
        "months": [m.key for m in months],
        "pool": pool_sizes,
        "occupied": occupied_by_month(months),
        "served": monthly_sums(Tenancy.start_date, months, *new_lease),
        "offers_sent": monthly_sums(Offer.sent_at, months),
        "offers_accepted": accepted_n,
        "acceptance_rate": [_rate(a, n) for a, n in zip(accepted_n, answered_n, strict=True)],
        "median_wait_months": [_months(percentile(waits_by_month[m.key], 0.5)) for m in months],
        "subsidies_fen": money[EntryKind.SUBSIDY.value],
        "incentives_fen": money[EntryKind.INCENTIVE.value],
    }


def dashboard() -> dict:
    """Everything on the officers' dashboard, with the plan's targets beside the figures."""
    samples = wait_samples()
    months = last_months()
    return {
        "as_of": utcnow(),
        "targets": TARGETS,
        "pool": pool(),
        "queue": queue(),
        "waits": waits(samples),
        "offers": offers(),
        "housed": housed_shares(),
        "trends": trends(months, samples),
    }
