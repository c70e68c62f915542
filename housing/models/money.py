"""Money paid out: rent subsidies to talents and incentives to landlords (integer yuan)."""

import enum
from datetime import datetime

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
        enum_column(GrantStatus), default=GrantStatus.REQUESTED
    )
    first_month: Mapped[str] = mapped_column(sa.String(7))
    months: Mapped[int]
    monthly_amounts: Mapped[list[int]] = mapped_column(sa.JSON)  # per month of the grant
    lease_evidence_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()


class SubsidyPayment(db.Model):
    __tablename__ = "subsidy_payments"
    # One payment per grant and month: a payment run repeated pays nothing twice.
    __table_args__ = (sa.UniqueConstraint("grant_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(sa.ForeignKey("subsidy_grants.id"), index=True)
    month: Mapped[str] = mapped_column(sa.String(7))
    amount: Mapped[int]
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IncentiveStatement(db.Model):
    __tablename__ = "incentive_statements"
    __table_args__ = (sa.UniqueConstraint("landlord_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    landlord_id: Mapped[int] = mapped_column(sa.ForeignKey("landlords.id"), index=True)
    month: Mapped[str] = mapped_column(sa.String(7))
    unit_months: Mapped[int]
    rate: Mapped[int]
    amount: Mapped[int]
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    landlord: Mapped[Landlord] = relationship()
