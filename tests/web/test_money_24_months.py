"""Twenty-four months of a small district with time frozen and moved on day by day of
business: leases start, renew and end; reviews pass, fail and go unanswered; subsidies
start, switch to an apartment, stop at the cap and on lost eligibility; every month the
ledger reconciles to the fen with the grants, the statements and the bank files."""

import csv
import io
from datetime import date, timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from housing.extensions import db
from housing.models import (
    ApplicationStatus,
    Degree,
    GrantStatus,
    IncentiveStatement,
    LedgerEntry,
    ReviewStatus,
    RunKind,
    StatementStatus,
    TenancyReview,
    TenancyStatus,
    UnitStatus,
)
from housing.money import ledger, runs, subsidies
from housing.tenancies import operations, reviews
from housing.tenancies.dates import add_months
from tests.web.money_helpers import granted, housed, world_with_landlord


def _bank_sum() -> int:
    total = 0
    for run in db.session.scalars(
        sa.select(runs.MoneyRun).where(runs.MoneyRun.kind == RunKind.SUBSIDY)
    ):
        total += sum(
            int(r["amount_fen"]) for r in csv.DictReader(io.StringIO(ledger.bank_file(run)))
        )
    return total


def _review_of(tenancy):
    return db.session.scalars(
        sa.select(TenancyReview).where(TenancyReview.tenancy_id == tenancy.id)
    ).first()


def test_twenty_four_months(db):
    world = world_with_landlord(units=5, applicants=7)
    a, b, c, d, e, f, _g = world.applicants
    lease_a = housed(world, a, world.units[0], date(2027, 1, 1))
    lease_b = housed(world, b, world.units[1], date(2027, 3, 1))
    lease_f = housed(world, f, world.units[3], date(2027, 2, 1))
    grant_c = granted(c, "2027-01", Degree.MASTER)
    grant_d = granted(d, "2027-01", Degree.PHD)
    grant_e = granted(e, "2027-04", Degree.MASTER)
    landlord, officer = world.landlord_user, world.officer
    renewal_a = None
    refused_b = False
    months = [add_months(date(2027, 1, 1), k) for k in range(24)]
    for first in months:
        month = f"{first:%Y-%m}"
        for day in (first, first + timedelta(days=14)):
            with freeze_time(f"{day.isoformat()} 01:00:00"):
                # The landlord confirms move-ins on the day a lease starts.
                for lease in (lease_a, lease_b, lease_f):
                    if lease.status == TenancyStatus.UPCOMING and lease.start_date <= day:
                        operations.confirm_move_in(landlord, lease.id, lease.start_date)
                reviews.reviews_due(day)
                review_a = _review_of(lease_a)
                if review_a is not None and review_a.status == ReviewStatus.DUE:
                    reviews.answer(a.user, world.employer.id, 2, False)
                    reviews.renew(officer, review_a.id, years=2, rent=lease_a.rent * 105 // 100)
                    db.session.refresh(review_a)
                    renewal_a = db.session.get(type(lease_a), review_a.renewal_id)
                review_b = _review_of(lease_b)
                if review_b is not None and review_b.status == ReviewStatus.DUE:
                    reviews.answer(b.user, world.employer.id, 1, True)  # bought a home
                    reviews.refuse(officer, review_b.id, "Owns a home in Shanghai")
                    refused_b = True
                db.session.refresh(lease_b)
                leaving = refused_b and lease_b.status == TenancyStatus.ENDING
                if leaving and not lease_b.move_out_on and day >= lease_b.end_date - timedelta(20):
                    operations.confirm_move_out(landlord, lease_b.id, lease_b.end_date)
        # D moves into a talent apartment on 11 June 2027: the subsidy stops on the 10th.
        if month == "2027-06":
            lease_d = housed(world, d, world.units[2], date(2027, 6, 11))
            with freeze_time("2027-06-11 02:00:00"):
                operations.confirm_move_in(landlord, lease_d.id, date(2027, 6, 11))
        if month == "2027-09":
            subsidies.stop(officer, grant_e.id, date(2027, 9, 15))
        with freeze_time(f"{first.isoformat()} 08:00:00"):
            runs.pay_subsidies(month)
            runs.incentive_statements(month)
            for statement in db.session.scalars(
                sa.select(IncentiveStatement).where(
                    IncentiveStatement.status == StatementStatus.DRAFT
                )
            ).all():
                ledger.approve_statement(officer, statement.id)
        check = ledger.reconcile()
        assert check["ok"], (month, check)
        assert _bank_sum() == check["figures"]["ledger_subsidy"], month

    db.session.expire_all()
    # C: twelve months to the cap, not a fen more.
    assert grant_c.status == GrantStatus.ENDED and grant_c.months_paid == 12
    assert grant_c.paid_fen == grant_c.cap_fen == (6 * 3000 + 6 * 2500) * 100
    # D: January to May in full, then 10 of June's 30 days; the apartment from the 11th.
    assert grant_d.paid_fen == 5 * 400_000 + 400_000 * 10 // 30
    assert grant_d.status == GrantStatus.ENDED and grant_d.end_reason == "moved_in"
    # E: April to August in full, then 15 of September's 30 days.
    assert grant_e.paid_fen == 5 * 300_000 + 300_000 * 15 // 30
    # A renewed for two years at 5% more; the first lease ended into the renewal.
    assert renewal_a is not None and renewal_a.rent == 4410
    assert lease_a.status == TenancyStatus.ENDED and renewal_a.status == TenancyStatus.ACTIVE
    # B bought a home: refused, moved out within the grace period, unit vacant, exited.
    assert lease_b.status == TenancyStatus.ENDED and world.units[1].status == UnitStatus.VACANT
    assert b.status == ApplicationStatus.EXITED
    assert lease_b.move_out_on <= add_months(date(2027, 12, 31), 3)
    # F never answered: reminded, then escalated to the officers.
    review_f = _review_of(lease_f)
    assert review_f.status == ReviewStatus.ESCALATED and review_f.reminded_at is not None
    # Unit-days: the incentive never counts a day twice nor a day nobody lived there.
    lines = db.session.scalar(sa.select(sa.func.sum(runs.IncentiveLine.days)))
    lived = 0
    end_of_sim = date(2029, 1, 1)
    for lease in db.session.scalars(sa.select(type(lease_a))):
        if lease.move_in_on:
            lived += ((lease.move_out_on or end_of_sim) - lease.move_in_on).days
    assert lines == lived
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) > 40
