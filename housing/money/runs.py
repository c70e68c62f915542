"""The monthly runs: subsidies paid and landlord statements drawn, each one transaction keyed
by its month.

The `money_runs` row (unique kind and month) is written first in the run's transaction: a
second run for the month finds it and adds nothing; two at once on PostgreSQL wait on the
unique index, and the loser finds the winner's row. A crash anywhere rolls the row back with
everything else, so the month is left un-run and the next run completes it.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from housing import audit
from housing.errors import ValidationError
from housing.extensions import db
from housing.models import (
    Application,
    EntryKind,
    GrantStatus,
    IncentiveLine,
    IncentiveStatement,
    Landlord,
    LedgerEntry,
    MoneyRun,
    RunKind,
    SubsidyGrant,
    SubsidyPayment,
    Tenancy,
    Unit,
    User,
)
from housing.policy import current_policy
from housing.tenancies.dates import month_bounds, overlap_days

ONE_DAY = timedelta(days=1)


def _claim_run(kind: RunKind, month: str, actor: User | None) -> tuple[MoneyRun, bool]:
    run = MoneyRun(kind=kind, month=month, created_by_id=actor.id if actor else None)
    db.session.add(run)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(
            sa.select(MoneyRun).where(MoneyRun.kind == kind, MoneyRun.month == month)
        )
        return existing, False
    return run, True


def find_run(kind: RunKind, month: str) -> MoneyRun | None:
    return db.session.scalar(
        sa.select(MoneyRun).where(MoneyRun.kind == kind, MoneyRun.month == month)
    )


def _checkpoint(stage: str) -> None:
    """A seam between the run's writes; tests inject a crash here."""


def pay_subsidies(month: str, actor: User | None = None) -> tuple[MoneyRun, bool]:
    """Pay every approved grant its month, pro-rated to the days it covers; (run, new?)."""
    first, last = month_bounds(month)
    days_in_month = (last - first).days + 1
    run, created = _claim_run(RunKind.SUBSIDY, month, actor)
    if not created:
        return run, False
    paid_already = sa.select(SubsidyPayment.id).where(
        SubsidyPayment.grant_id == SubsidyGrant.id, SubsidyPayment.month == month
    )
    rows = db.session.execute(
        sa.select(SubsidyGrant, User.name)
        .join(Application, Application.id == SubsidyGrant.application_id)
        .join(User, User.id == Application.user_id)
        .where(
            SubsidyGrant.status == GrantStatus.APPROVED,
            SubsidyGrant.first_month <= month,
            SubsidyGrant.months_paid < SubsidyGrant.months,
            ~paid_already.exists(),
        )
        .order_by(SubsidyGrant.id)
    ).all()
    # Defence in depth: a move-in ends the subsidy the day before even if no one stopped it.
    moved_in = dict(
        db.session.execute(
            sa.select(Tenancy.application_id, sa.func.min(Tenancy.move_in_on))
            .where(Tenancy.move_in_on.is_not(None), Tenancy.move_in_on <= last)
            .group_by(Tenancy.application_id)
        ).all()
    )
    payments, entries, grant_updates = [], [], []
    for grant, name in rows:
        stop = grant.ends_on
        if (day := moved_in.get(grant.application_id)) is not None:
            stop = min(stop, day - ONE_DAY) if stop else day - ONE_DAY
        _lo, _hi, days = overlap_days(first, last, first, stop + ONE_DAY if stop else None)
        if days == 0:
            if stop is not None and stop < first:
                grant_updates.append(_grant_row(grant, 0, ended=True, counted=False))
            continue
        full = grant.monthly_amounts[grant.months_paid] * 100
        amount = full * days // days_in_month
        if grant.paid_fen + amount > grant.cap_fen:
            raise ValidationError(
                _("A payment would go beyond the grant's cap."), {"grant_id": str(grant.id)}
            )
        ends = grant.months_paid + 1 >= grant.months or (stop is not None and stop <= last)
        payments.append(
            {"grant_id": grant.id, "month": month, "amount_fen": amount, "days": days,
             "run_id": run.id}
        )  # fmt: skip
        entries.append(
            {"kind": EntryKind.SUBSIDY.value, "month": month, "amount_fen": amount,
             "grant_id": grant.id, "run_id": run.id, "payee": name}
        )  # fmt: skip
        grant_updates.append(_grant_row(grant, amount, ended=ends, counted=True))
    if payments:
        db.session.execute(sa.insert(SubsidyPayment.__table__), payments)
    _checkpoint("payments")
    if entries:
        db.session.execute(sa.insert(LedgerEntry.__table__), entries)
    _checkpoint("ledger")
    if grant_updates:
        table = SubsidyGrant.__table__
        db.session.execute(
            table.update()
            .where(table.c.id == sa.bindparam("gid"))
            .values(
                months_paid=sa.bindparam("mp"),
                paid_fen=sa.bindparam("pf"),
                status=sa.bindparam("st"),
            ),
            grant_updates,
        )
    run.entries = len(entries)
    run.total_fen = sum(e["amount_fen"] for e in entries)
    audit.record(actor, "payments.run", run, month=month, entries=run.entries, fen=run.total_fen)
    db.session.commit()
    return run, True


def _grant_row(grant: SubsidyGrant, amount: int, ended: bool, counted: bool) -> dict:
    return {
        "gid": grant.id,
        "mp": grant.months_paid + (1 if counted else 0),
        "pf": grant.paid_fen + amount,
        "st": (GrantStatus.ENDED if ended else GrantStatus.APPROVED).value,
    }


def incentive_statements(month: str, actor: User | None = None) -> tuple[MoneyRun, bool]:
    """Each landlord's statement: occupied unit-days of talent tenancies in the month, at the
    policy's amount per unit-month pro-rated by day; drafts until an officer approves."""
    first, last = month_bounds(month)
    days_in_month = (last - first).days + 1
    run, created = _claim_run(RunKind.INCENTIVE, month, actor)
    if not created:
        return run, False
    rate = current_policy().incentive_per_unit_month
    rows = db.session.execute(
        sa.select(
            Tenancy.id, Tenancy.unit_id, Unit.landlord_id, Tenancy.move_in_on, Tenancy.move_out_on
        )
        .join(Unit, Unit.id == Tenancy.unit_id)
        .where(
            Tenancy.move_in_on.is_not(None),
            Tenancy.move_in_on <= last,
            sa.or_(Tenancy.move_out_on.is_(None), Tenancy.move_out_on > first),
        )
        .order_by(Unit.landlord_id, Tenancy.unit_id, Tenancy.id)
    ).all()
    by_landlord: dict[int, list[dict]] = {}
    for tenancy_id, unit_id, landlord_id, move_in, move_out in rows:
        lo, hi, days = overlap_days(first, last, move_in, move_out)
        if days:
            by_landlord.setdefault(landlord_id, []).append(
                {"tenancy_id": tenancy_id, "unit_id": unit_id, "first_day": lo, "last_day": hi,
                 "days": days, "amount_fen": rate * 100 * days // days_in_month}
            )  # fmt: skip
    statements = [
        IncentiveStatement(
            landlord_id=landlord_id,
            month=month,
            unit_days=sum(line["days"] for line in lines),
            rate=rate,
            amount_fen=sum(line["amount_fen"] for line in lines),
            run_id=run.id,
        )
        for landlord_id, lines in by_landlord.items()
    ]
    db.session.add_all(statements)
    db.session.flush()
    _checkpoint("statements")
    all_lines = [
        {**line, "statement_id": statement.id}
        for statement in statements
        for line in by_landlord[statement.landlord_id]
    ]
    if all_lines:
        db.session.execute(sa.insert(IncentiveLine.__table__), all_lines)
    run.entries = len(statements)
    run.total_fen = sum(s.amount_fen for s in statements)
    audit.record(actor, "incentives.run", run, month=month, statements=len(statements))
    db.session.commit()
    return run, True


def landlord_name(landlord_id: int) -> str:
    return db.session.scalar(sa.select(Landlord.name).where(Landlord.id == landlord_id))
