"""The one ledger: approving statements, corrections, the bank file and reconciliation.

Entries are only ever added (the model refuses updates and deletes); a correction is an
entry of its own that names the one it corrects.
"""

import csv
import io

import sqlalchemy as sa
from flask_babel import gettext as _

from housing import audit
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    EntryKind,
    IncentiveLine,
    IncentiveStatement,
    LedgerEntry,
    MoneyRun,
    RunKind,
    StatementStatus,
    SubsidyGrant,
    SubsidyPayment,
    User,
)
from housing.models._base import utcnow
from housing.money.exports import safe_cell
from housing.money.runs import landlord_name

#: The bank transfer file's columns, in order (docs/bank-file.md).
BANK_COLUMNS = [
    "reference",
    "month",
    "grant_id",
    "payee_name",
    "amount_yuan",
    "amount_fen",
    "purpose",
]


def entries_query(month: str | None = None, kind: EntryKind | None = None) -> sa.Select:
    query = sa.select(LedgerEntry).order_by(LedgerEntry.id)
    if month:
        query = query.where(LedgerEntry.month == month)
    if kind is not None:
        query = query.where(LedgerEntry.kind == kind)
    return query


def approve_statement(officer: User, statement_id: int) -> IncentiveStatement:
    """Approved, the statement is paid: one ledger entry for its amount."""
    statement = db.session.get(IncentiveStatement, statement_id)
    if statement is None:
        raise NotFoundError(_("No such statement."))
    moved = db.session.execute(
        sa.update(IncentiveStatement)
        .where(
            IncentiveStatement.id == statement_id,
            IncentiveStatement.status == StatementStatus.DRAFT,
        )
        .values(
            status=StatementStatus.APPROVED,
            approved_by_id=officer.id,
            approved_at=utcnow(),
            paid_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("This statement is approved already."))
    db.session.add(
        LedgerEntry(
            kind=EntryKind.INCENTIVE,
            month=statement.month,
            amount_fen=statement.amount_fen,
            statement_id=statement.id,
            run_id=statement.run_id,
            payee=landlord_name(statement.landlord_id),
            created_by_id=officer.id,
        )
    )
    audit.record(officer, "statement.approved", statement, fen=statement.amount_fen)
    db.session.commit()
    db.session.refresh(statement)
    return statement


def correct(officer: User, entry_id: int, amount_fen: int, note: str) -> LedgerEntry:
    """A new entry of `amount_fen` (negative to take back) naming the one it corrects; a
    subsidy may never go beyond its grant's cap nor below nothing."""
    note = (note or "").strip()
    original = db.session.get(LedgerEntry, entry_id)
    if original is None:
        raise NotFoundError(_("No such ledger entry."))
    fields = {}
    if not note:
        fields["note"] = _("Say why.")
    if not isinstance(amount_fen, int) or amount_fen == 0:
        fields["amount_fen"] = _("A whole number of fen, not zero.")
    if fields:
        raise ValidationError(_("The correction is incomplete."), fields)
    if original.grant_id is not None:
        grant = db.session.scalar(
            sa.select(SubsidyGrant).where(SubsidyGrant.id == original.grant_id).with_for_update()
        )
        total = grant.paid_fen + amount_fen
        if total > grant.cap_fen:
            raise ValidationError(
                _("A payment beyond the grant's cap of %(yuan)s yuan is refused.",
                  yuan=f"{grant.cap_fen / 100:.2f}"),
                {"amount_fen": _("Beyond the cap.")},
            )  # fmt: skip
        if total < 0:
            raise ValidationError(
                _("More than was paid cannot be taken back."), {"amount_fen": _("Too much.")}
            )
        grant.paid_fen = total
    entry = LedgerEntry(
        kind=original.kind,
        month=original.month,
        amount_fen=amount_fen,
        grant_id=original.grant_id,
        statement_id=original.statement_id,
        corrects_id=original.id,
        payee=original.payee,
        note=note[:2000],
        created_by_id=officer.id,
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(officer, "ledger.corrected", entry, corrects=original.id, fen=amount_fen)
    db.session.commit()
    return entry


def bank_file(run: MoneyRun) -> str:
    """The run's transfer file: one row per subsidy paid, amounts in yuan and fen."""
    if run.kind != RunKind.SUBSIDY:
        raise NotFoundError(_("Only a payment run has a bank file."))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(BANK_COLUMNS)
    entries = db.session.scalars(
        sa.select(LedgerEntry)
        .where(LedgerEntry.run_id == run.id, LedgerEntry.corrects_id.is_(None))
        .order_by(LedgerEntry.id)
    )
    for entry in entries:
        writer.writerow([
            f"SUB-{entry.id:010d}", entry.month, entry.grant_id, safe_cell(entry.payee),
            f"{entry.amount_fen // 100}.{entry.amount_fen % 100:02d}", entry.amount_fen,
            "rent subsidy",
        ])  # fmt: skip
    return out.getvalue()


def _sum(query) -> int:
    return int(db.session.scalar(query) or 0)


def reconcile() -> dict:
    """The ledger against grants, payments, runs and statements, to the fen.

    `ok` is true when every pair agrees; each figure is returned for the report.
    """
    entries = sa.select(sa.func.sum(LedgerEntry.amount_fen))
    original = LedgerEntry.corrects_id.is_(None)
    figures = {
        "ledger_subsidy": _sum(entries.where(LedgerEntry.kind == EntryKind.SUBSIDY, original)),
        "payments": _sum(sa.select(sa.func.sum(SubsidyPayment.amount_fen))),
        "ledger_subsidy_net": _sum(entries.where(LedgerEntry.kind == EntryKind.SUBSIDY)),
        "grants_paid": _sum(sa.select(sa.func.sum(SubsidyGrant.paid_fen))),
        "subsidy_runs": _sum(
            sa.select(sa.func.sum(MoneyRun.total_fen)).where(MoneyRun.kind == RunKind.SUBSIDY)
        ),
        "ledger_incentive": _sum(entries.where(LedgerEntry.kind == EntryKind.INCENTIVE, original)),
        "statements_approved": _sum(
            sa.select(sa.func.sum(IncentiveStatement.amount_fen)).where(
                IncentiveStatement.status == StatementStatus.APPROVED
            )
        ),
        "lines_approved": _sum(
            sa.select(sa.func.sum(IncentiveLine.amount_fen))
            .join(IncentiveStatement)
            .where(IncentiveStatement.status == StatementStatus.APPROVED)
        ),
        "statements_all": _sum(sa.select(sa.func.sum(IncentiveStatement.amount_fen))),
        "incentive_runs": _sum(
            sa.select(sa.func.sum(MoneyRun.total_fen)).where(MoneyRun.kind == RunKind.INCENTIVE)
        ),
    }
    over_cap = db.session.scalar(
        sa.select(sa.func.count()).select_from(SubsidyGrant).where(SubsidyGrant.paid_fen < 0)
    )
    checks = {
        "subsidy entries = payments": figures["ledger_subsidy"] == figures["payments"],
        "subsidy entries = runs": figures["ledger_subsidy"] == figures["subsidy_runs"],
        "net subsidy = grants paid": figures["ledger_subsidy_net"] == figures["grants_paid"],
        "incentive entries = approved statements": figures["ledger_incentive"]
        == figures["statements_approved"],
        "approved statements = their lines": figures["statements_approved"]
        == figures["lines_approved"],
        "statements = runs": figures["statements_all"] == figures["incentive_runs"],
        "no grant below nothing": over_cap == 0,
    }
    return {"ok": all(checks.values()), "checks": checks, "figures": figures}
