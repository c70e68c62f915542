"""Money paid out: rent subsidies to talents, incentives to landlords, and the one ledger.

Amounts are integer fen (1 yuan = 100 fen); policy amounts stay in whole yuan.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.extensions import db
from housing.models._base import UTCDateTime, enum_column, utcnow
from housing.models.people import Landlord
from housing.models.waitlist import Application


class GrantStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    ENDED = "ended"


class SubsidyGrant(db.Model):
    __tablename__ = "subsidy_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    policy_version_id: Mapped[int] = mapped_column(sa.ForeignKey("policy_versions.id"))
    status: Mapped[GrantStatus] = mapped_column(
        enum_column(GrantStatus), default=GrantStatus.REQUESTED, index=True
    )
    first_month: Mapped[str] = mapped_column(sa.String(7))
    months: Mapped[int]
    monthly_amounts: Mapped[list[int]] = mapped_column(sa.JSON)  # yuan, per month of the grant
    months_paid: Mapped[int] = mapped_column(default=0)
    paid_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # The last day paid for: a move into a talent apartment or lost eligibility sets it.
    ends_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(sa.String(64))
    lease_evidence_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()

    @property
    def cap_fen(self) -> int:
        return sum(self.monthly_amounts) * 100


class SubsidyPayment(db.Model):
    __tablename__ = "subsidy_payments"
    # One payment per grant and month: a payment run repeated pays nothing twice.
    __table_args__ = (sa.UniqueConstraint("grant_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(sa.ForeignKey("subsidy_grants.id"), index=True)
    month: Mapped[str] = mapped_column(sa.String(7))
    amount_fen: Mapped[int] = mapped_column(sa.BigInteger)
    days: Mapped[int]  # days of the month paid for
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("money_runs.id"), index=True)
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StatementStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class IncentiveStatement(db.Model):
    __tablename__ = "incentive_statements"
    __table_args__ = (sa.UniqueConstraint("landlord_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    landlord_id: Mapped[int] = mapped_column(sa.ForeignKey("landlords.id"), index=True)
    month: Mapped[str] = mapped_column(sa.String(7))
    unit_days: Mapped[int]
    rate: Mapped[int]  # yuan per unit-month, from the policy
    amount_fen: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[StatementStatus] = mapped_column(
        enum_column(StatementStatus), default=StatementStatus.DRAFT
    )
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("money_runs.id"), index=True)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    landlord: Mapped[Landlord] = relationship()
    lines: Mapped[list["IncentiveLine"]] = relationship(
        back_populates="statement", order_by="IncentiveLine.id"
    )


class IncentiveLine(db.Model):
    """One tenancy's occupied days behind a statement."""

    __tablename__ = "incentive_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("incentive_statements.id"), index=True)
    tenancy_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancies.id"))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"))
    first_day: Mapped[date]
    last_day: Mapped[date]
    days: Mapped[int]
    amount_fen: Mapped[int] = mapped_column(sa.BigInteger)

    statement: Mapped[IncentiveStatement] = relationship(back_populates="lines")


class RunKind(enum.StrEnum):
    SUBSIDY = "subsidy"
    INCENTIVE = "incentive"


class MoneyRun(db.Model):
    """A month's payment or incentive run: the unique (kind, month) makes it happen once."""

    __tablename__ = "money_runs"
    __table_args__ = (sa.UniqueConstraint("kind", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RunKind] = mapped_column(enum_column(RunKind))
    month: Mapped[str] = mapped_column(sa.String(7))
    entries: Mapped[int] = mapped_column(default=0)
    total_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EntryKind(enum.StrEnum):
    SUBSIDY = "subsidy"
    INCENTIVE = "incentive"


class LedgerEntry(db.Model):
    """Append-only: a correction is a new entry naming the one it corrects."""

    __tablename__ = "ledger_entries"
    __table_args__ = (sa.Index("ix_ledger_entries_month_kind", "month", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind))
    month: Mapped[str] = mapped_column(sa.String(7))
    amount_fen: Mapped[int] = mapped_column(sa.BigInteger)
    grant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("subsidy_grants.id"), index=True)
    statement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("incentive_statements.id"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("money_runs.id"), index=True)
    corrects_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ledger_entries.id"))
    payee: Mapped[str] = mapped_column(sa.String(200))
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@sa.event.listens_for(LedgerEntry, "before_update")
@sa.event.listens_for(LedgerEntry, "before_delete")
def _append_only(mapper, connection, target):
    raise RuntimeError("ledger entries are never edited or deleted; add a correction")
