"""Subsidies, incentives and the ledger: amounts to the fen, runs once a month, reconciled."""

import csv
import io
import os
import threading
from datetime import date

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from housing.errors import ConflictError, ValidationError
from housing.extensions import db
from housing.models import (
    ApplicationStatus,
    Degree,
    GrantStatus,
    LedgerEntry,
    MoneyRun,
    StatementStatus,
    SubsidyGrant,
)
from housing.money import ledger, runs, subsidies
from housing.tenancies import operations
from tests.web.money_helpers import granted, housed, lease_file, world_with_landlord


@pytest.fixture
def world(db):
    return world_with_landlord(units=3, applicants=4)


def _bank_total(run) -> int:
    rows = list(csv.DictReader(io.StringIO(ledger.bank_file(run))))
    return sum(int(r["amount_fen"]) for r in rows)


def test_claim_is_refused_when_housed_or_already_granted(world):
    waiting = world.applicants[0]
    waiting.degree = Degree.MASTER
    db.session.commit()
    with freeze_time("2027-01-10"):
        grant = subsidies.claim(waiting.user, *reversed(lease_file()))
        assert grant.status == GrantStatus.REQUESTED and grant.first_month == "2027-02"
        assert grant.monthly_amounts == [3000] * 6 + [2500] * 6
        with pytest.raises(ConflictError):
            subsidies.claim(waiting.user, *reversed(lease_file()))
        tenant = world.applicants[1]
        tenant.degree = Degree.PHD
        housed(world, tenant, world.units[0], date(2027, 2, 1))
        with pytest.raises(ConflictError):
            subsidies.claim(tenant.user, *reversed(lease_file()))
    with pytest.raises(ValidationError):
        subsidies.claim(world.applicants[2].user, "x.txt", io.BytesIO(b"hello"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubsidyGrant)) == 1


def test_officer_approves_or_rejects_once(world):
    world.applicants[0].degree = Degree.PHD
    db.session.commit()
    grant = subsidies.claim(world.applicants[0].user, "lease.pdf", lease_file()[0])
    with pytest.raises(ValidationError):
        subsidies.reject(world.officer, grant.id, " ")
    subsidies.approve(world.officer, grant.id)
    with pytest.raises(ConflictError):
        subsidies.reject(world.officer, grant.id, "too late")
    assert grant.status == GrantStatus.APPROVED


def test_payment_run_pays_once_stops_at_the_cap_and_reconciles(world):
    grant = granted(world.applicants[0], "2027-01", Degree.PHD)
    totals = []
    for month in [f"2027-{m:02d}" for m in range(1, 13)] + ["2028-01", "2028-02"]:
        run, new = runs.pay_subsidies(month)
        assert new
        again, new_again = runs.pay_subsidies(month)
        assert not new_again and again.id == run.id
        totals.append(run.total_fen)
        assert _bank_total(run) == run.total_fen
    assert totals == [400_000] * 6 + [300_000] * 6 + [0, 0]
    db.session.refresh(grant)
    assert grant.status == GrantStatus.ENDED and grant.paid_fen == grant.cap_fen == 4_200_000
    assert ledger.reconcile()["ok"]


def test_move_in_switches_the_subsidy_to_the_apartment_pro_rated(world):
    applicant = world.applicants[0]
    grant = granted(applicant, "2027-01", Degree.MASTER)
    runs.pay_subsidies("2027-01")
    tenancy = housed(world, applicant, world.units[0], date(2027, 2, 11))
    with freeze_time("2027-02-11 03:00:00"):
        operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 2, 11))
    run, _ = runs.pay_subsidies("2027-02")
    # 10 of February's 28 days at 3,000 yuan, the apartment from the 11th: never both.
    assert run.total_fen == 300_000 * 10 // 28
    db.session.refresh(grant)
    assert grant.status == GrantStatus.ENDED and grant.ends_on == date(2027, 2, 10)
    assert runs.pay_subsidies("2027-03")[0].total_fen == 0
    runs.incentive_statements("2027-02")
    statement = db.session.scalars(sa.select(runs.IncentiveStatement)).one()
    assert statement.unit_days == 18 and statement.amount_fen == 300 * 100 * 18 // 28
    assert [line.tenancy_id for line in statement.lines] == [tenancy.id]
    ledger.approve_statement(world.officer, statement.id)
    with pytest.raises(ConflictError):
        ledger.approve_statement(world.officer, statement.id)
    assert ledger.reconcile()["ok"]


def test_lost_eligibility_stops_the_grant_at_the_day(world):
    grant = granted(world.applicants[0], "2027-01", Degree.MASTER)
    subsidies.stop(world.officer, grant.id, date(2027, 1, 15))
    run, _ = runs.pay_subsidies("2027-01")
    assert run.total_fen == 300_000 * 15 // 31
    assert runs.pay_subsidies("2027-02")[0].total_fen == 0
    db.session.refresh(grant)
    assert grant.status == GrantStatus.ENDED


def test_a_crash_mid_run_leaves_the_month_unrun(world, monkeypatch):
    granted(world.applicants[0], "2027-01")
    granted(world.applicants[1], "2027-01")

    def crash(stage):
        if stage == "ledger":
            raise RuntimeError("power cut")

    monkeypatch.setattr(runs, "_checkpoint", crash)
    with pytest.raises(RuntimeError):
        runs.pay_subsidies("2027-01")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MoneyRun)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 0
    monkeypatch.undo()
    run, new = runs.pay_subsidies("2027-01")
    assert new and run.entries == 2 and ledger.reconcile()["ok"]


def test_corrections_reference_the_entry_and_never_pass_the_cap(world):
    grant = granted(world.applicants[0], "2027-01", Degree.MASTER)
    for m in range(1, 13):
        runs.pay_subsidies(f"2027-{m:02d}")
    entry = db.session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.id)).first()
    with pytest.raises(ValidationError) as beyond:
        ledger.correct(world.officer, entry.id, 1, "one fen more")
    assert "amount_fen" in beyond.value.fields
    fix = ledger.correct(world.officer, entry.id, -5000, "paid 50 yuan too much")
    assert fix.corrects_id == entry.id and fix.amount_fen == -5000
    entry.amount_fen = 1
    with pytest.raises(RuntimeError):
        db.session.commit()
    db.session.rollback()
    db.session.refresh(grant)
    assert grant.paid_fen == grant.cap_fen - 5000
    assert ledger.reconcile()["ok"]


def test_bank_file_layout_and_formula_safety(world):
    world.applicants[0].user.name = "=HYPERLINK(1)"
    granted(world.applicants[0], "2027-01", Degree.MASTER)
    run, _ = runs.pay_subsidies("2027-01")
    text = ledger.bank_file(run)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ledger.BANK_COLUMNS
    assert rows[1][3] == "'=HYPERLINK(1)" and rows[1][4] == "3000.00" and rows[1][5] == "300000"


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="two runs at once need a database with concurrent writers (PostgreSQL)",
)
def test_two_runs_for_a_month_at_once_exactly_one_runs(app, world):
    for applicant in world.applicants:
        granted(applicant, "2027-01")
    barrier = threading.Barrier(2)
    results = []

    def run_it():
        with app.app_context():
            barrier.wait()
            run, new = runs.pay_subsidies("2027-01")
            results.append((run.id, new, run.entries))
            db.session.remove()

    threads = [threading.Thread(target=run_it) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(new for _, new, _ in results) == [False, True]
    assert len({run_id for run_id, _, _ in results}) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 4
    assert ledger.reconcile()["ok"]


def test_housed_application_cannot_claim(world):
    world.applicants[0].status = ApplicationStatus.HOUSED
    world.applicants[0].degree = Degree.MASTER
    db.session.commit()
    with pytest.raises(ConflictError):
        subsidies.claim(world.applicants[0].user, "lease.pdf", lease_file()[0])


def test_statement_status_is_draft_until_approved(world):
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    with freeze_time("2027-01-01 03:00:00"):
        operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 1, 1))
    runs.incentive_statements("2027-01")
    statement = db.session.scalars(sa.select(runs.IncentiveStatement)).one()
    assert statement.status == StatementStatus.DRAFT and statement.amount_fen == 30_000
    assert runs.incentive_statements("2027-01")[1] is False
    assert ledger.reconcile()["figures"]["ledger_incentive"] == 0


def test_commands_print_one_line_and_run_once(app, world):
    granted(world.applicants[0], "2027-01", Degree.MASTER)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["housing", "pay-subsidies", "--month", "2027-01"])
    assert first.exit_code == 0 and "1 entries, 3,000.00 yuan" in first.output
    second = runner.invoke(args=["housing", "pay-subsidies", "--month", "2027-01"])
    assert "nothing" in second.output
    bad = runner.invoke(args=["housing", "pay-subsidies", "--month", "2027-13"])
    assert bad.exit_code != 0
    statements = runner.invoke(args=["housing", "incentive-statements", "--month", "2027-01"])
    assert statements.exit_code == 0 and "0 entries" in statements.output
    due = runner.invoke(args=["housing", "reviews-due"])
    assert due.exit_code == 0 and "reviews opened" in due.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 1
