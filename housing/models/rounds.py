"""Monthly allocation rounds, their results, and the offers that follow."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from housing.extensions import db
from housing.models._base import UTCDateTime, enum_column, utcnow
from housing.models.housing import Unit
from housing.models.policy import PolicyVersion
from housing.models.waitlist import Application


class RoundStatus(enum.StrEnum):
    RUNNING = "running"  # a preview being computed outside the request
    FAILED = "failed"  # the preview stopped; `error` says why
    PREVIEW = "preview"  # a dry run: its report only
    NOTICE = "notice"  # committed, under public notice (公示)
    OFFERS = "offers"  # notice over, offers sent
    CLOSED = "closed"
    CANCELLED = "cancelled"


class OfferStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class AllocationRound(db.Model):
    __tablename__ = "allocation_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(sa.String(7), index=True)  # "2026-12"
    status: Mapped[RoundStatus] = mapped_column(enum_column(RoundStatus))
    policy_version_id: Mapped[int] = mapped_column(sa.ForeignKey("policy_versions.id"))
    mechanism: Mapped[str] = mapped_column(sa.String(32), default="priority-flow")
    seed: Mapped[int]
    # The published input's digest lets anyone check a re-run used the same data.
    input_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    metrics: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notice_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set only on commit: the unique key allows one committed round per month.
    committed_month: Mapped[str | None] = mapped_column(sa.String(7), unique=True)
    # Progress of a running preview ("input", "solve", "report") and why one failed.
    stage: Mapped[str | None] = mapped_column(sa.String(32))
    error: Mapped[str | None] = mapped_column(sa.Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The engine's input and output as published (canonical bytes), and the private map
    # from each per-round pseudonym to its application id; deferred as they are large.
    input_json: Mapped[str | None] = deferred(mapped_column(sa.Text))
    result_json: Mapped[str | None] = deferred(mapped_column(sa.Text))
    pseudonyms: Mapped[dict | None] = deferred(mapped_column(sa.JSON))

    policy_version: Mapped[PolicyVersion] = relationship()
    assignments: Mapped[list["RoundAssignment"]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    exclusions: Mapped[list["RoundExclusion"]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )


class RoundAssignment(db.Model):
    __tablename__ = "round_assignments"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "application_id"),
        sa.UniqueConstraint("round_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("allocation_rounds.id"))
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    rank: Mapped[int]  # place in the round's priority order
    commute_min: Mapped[float]
    cost: Mapped[int]

    round: Mapped[AllocationRound] = relationship(back_populates="assignments")
    application: Mapped[Application] = relationship()
    unit: Mapped[Unit] = relationship()


class RoundExclusion(db.Model):
    """Why an applicant in the round was not served: the engine's reason code."""

    __tablename__ = "round_exclusions"
    __table_args__ = (sa.UniqueConstraint("round_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("allocation_rounds.id"))
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(32))
    detail: Mapped[str | None] = mapped_column(sa.Text)

    round: Mapped[AllocationRound] = relationship(back_populates="exclusions")


class Offer(db.Model):
    __tablename__ = "offers"
    __table_args__ = (sa.Index("ix_offers_status_deadline", "status", "deadline_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("allocation_rounds.id"), index=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    status: Mapped[OfferStatus] = mapped_column(
        enum_column(OfferStatus), default=OfferStatus.PENDING
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The declined or expired offer whose unit came down the order to this one.
    cascade_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id"))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Door to door to the applicant's workplace, by the engine's commute model.
    commute_min: Mapped[float | None]

    round: Mapped[AllocationRound] = relationship()
    application: Mapped[Application] = relationship()
    unit: Mapped[Unit] = relationship()


class RoundObjection(db.Model):
    """An objection raised during the public notice, and the officer's finding."""

    __tablename__ = "round_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("allocation_rounds.id"), index=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"))
    note: Mapped[str] = mapped_column(sa.Text)
    upheld: Mapped[bool] = mapped_column(default=False)
    officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
