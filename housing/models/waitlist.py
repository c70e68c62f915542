"""The waitlist: applications, their households, documents, status history and points."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.extensions import db
from housing.identity import IdType
from housing.models._base import UTCDateTime, enum_column, utcnow
from housing.models.people import Employer, User


class Category(enum.StrEnum):
    LEADING = "leading"  # 领军人才
    HIGH_LEVEL = "high_level"  # 高层次人才
    KEY_INDUSTRY = "key_industry"  # 重点产业人才
    OVERSEAS = "overseas"  # 海外人才
    SKILLED = "skilled"  # 高技能人才
    YOUNG = "young"  # 青年人才
    SOCIAL_GOVERNANCE = "social_governance"  # 社会治理人才


class Degree(enum.StrEnum):
    NONE = "none"
    BACHELOR = "bachelor"
    MASTER = "master"
    PHD = "phd"


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WAITING = "waiting"
    OFFERED = "offered"
    HOUSED = "housed"
    EXITED = "exited"
    WITHDRAWN = "withdrawn"


S = ApplicationStatus
#: The status machine: every move an application may make, and nothing else.
TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.VERIFIED, S.REJECTED, S.DRAFT, S.WITHDRAWN}),
    S.VERIFIED: frozenset({S.WAITING, S.SUBMITTED, S.WITHDRAWN}),
    S.REJECTED: frozenset({S.DRAFT}),
    S.WAITING: frozenset({S.OFFERED, S.SUBMITTED, S.WITHDRAWN}),
    S.OFFERED: frozenset({S.HOUSED, S.WAITING, S.WITHDRAWN}),
    S.HOUSED: frozenset({S.EXITED}),
    S.EXITED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
#: Statuses in which an application holds a place in the queue.
QUEUED = (S.VERIFIED, S.WAITING)
#: Statuses that count as a live application (one per person).
LIVE = (S.DRAFT, S.SUBMITTED, S.VERIFIED, S.WAITING, S.OFFERED, S.HOUSED)
#: Statuses in which the applicant has (or had, until housed) points and a place to look at.
RANKED = (*QUEUED, S.OFFERED, S.HOUSED)
#: Where a reported change of job or household can send the application back to the
#: officers, and the officers' own stage: SUBMITTED from anywhere but a draft (whose move
#: to SUBMITTED is its submission, and which is edited directly instead).
CHANGE_REPORTABLE = frozenset(
    {S.SUBMITTED} | {s for s, to in TRANSITIONS.items() if S.SUBMITTED in to and s != S.DRAFT}
)


_LIVE_SQL = "status IN ({})".format(", ".join(f"'{s.value}'" for s in LIVE))


class Application(db.Model):
    __tablename__ = "applications"
    __table_args__ = (
        sa.CheckConstraint("household_size BETWEEN 1 AND 8", name="household_size"),
        sa.Index("ix_applications_queue", "status", "priority"),
        # The queue by category, counted from the index alone (dashboards, public statistics).
        sa.Index("ix_applications_status_category", "status", "category"),
        # One live application per person, kept by the database itself (no race can add two).
        sa.Index(
            "uq_applications_one_live",
            "user_id",
            unique=True,
            sqlite_where=sa.text(_LIVE_SQL),
            postgresql_where=sa.text(_LIVE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus), default=ApplicationStatus.DRAFT
    )
    category: Mapped[Category | None] = mapped_column(enum_column(Category))
    degree: Mapped[Degree | None] = mapped_column(enum_column(Degree))
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    # The returnee route: back from overseas study within a year, no district employer yet.
    returnee: Mapped[bool] = mapped_column(default=False)
    returned_on: Mapped[date | None]
    workplace_address: Mapped[str | None] = mapped_column(sa.String(300))
    workplace_lat: Mapped[float | None]
    workplace_lon: Mapped[float | None]
    household_size: Mapped[int] = mapped_column(default=1)
    has_children: Mapped[bool] = mapped_column(default=False)
    layouts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    max_commute_min: Mapped[int] = mapped_column(default=45)
    max_rent: Mapped[int | None]
    needs_accessible: Mapped[bool] = mapped_column(default=False)
    owns_housing_in_shanghai: Mapped[bool] = mapped_column(default=False)
    owned_area_per_person_m2: Mapped[float | None]
    other_housing_benefit: Mapped[bool] = mapped_column(default=False)
    #: The applicant's choice, "apartment" (the queue) or "subsidy" (cash); None: not chosen.
    benefit: Mapped[str | None] = mapped_column(sa.String(16))
    social_insurance_in_shanghai: Mapped[bool] = mapped_column(default=False)
    consent: Mapped[bool] = mapped_column(default=False)
    wizard_step: Mapped[str | None] = mapped_column(sa.String(32))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Months waited count from here; moving to the back of the queue resets it.
    waiting_since: Mapped[date | None]
    declines_in_row: Mapped[int] = mapped_column(default=0)
    declines_total: Mapped[int] = mapped_column(default=0)
    # The current points, cached from the latest snapshot so the queue is one indexed read.
    priority: Mapped[float | None]
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("applications.id"))
    #: When the retention job removed its documents and personal details.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    employer: Mapped[Employer | None] = relationship()
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    members: Mapped[list["HouseholdMember"]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    documents: Mapped[list["Document"]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    events: Mapped[list["ApplicationEvent"]] = relationship(
        back_populates="application", order_by="ApplicationEvent.id"
    )

    # What the applicant may do now, read off the status machine so that pages, API and
    # operations agree with TRANSITIONS instead of listing statuses of their own.
    @property
    def is_draft(self) -> bool:
        return self.status == S.DRAFT

    @property
    def can_withdraw(self) -> bool:
        return S.WITHDRAWN in TRANSITIONS[self.status]

    @property
    def can_report_change(self) -> bool:
        return self.status in CHANGE_REPORTABLE

    @property
    def can_reopen(self) -> bool:
        """Rejected: the one way on is back to a draft, to correct and resubmit."""
        return TRANSITIONS[self.status] == {S.DRAFT}

    @property
    def awaits_decision(self) -> bool:
        """Submitted: an officer may verify it (or reject it, or send it back)."""
        return S.VERIFIED in TRANSITIONS[self.status]

    @property
    def is_closed(self) -> bool:
        """Withdrawn or exited: nothing more can happen; a new application may start."""
        return not TRANSITIONS[self.status]

    @property
    def is_ranked(self) -> bool:
        return self.status in RANKED


class HouseholdMember(db.Model):
    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    relation: Mapped[str] = mapped_column(sa.String(32))  # spouse, child, parent, other
    birth_date: Mapped[date | None]
    id_number_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    id_number_masked: Mapped[str | None] = mapped_column(sa.String(32))
    id_type: Mapped[IdType] = mapped_column(
        enum_column(IdType), default=IdType.RESIDENT_ID, server_default=IdType.RESIDENT_ID.value
    )

    application: Mapped[Application] = relationship(back_populates="members")


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))  # id_card, employment, degree, ...
    filename: Mapped[str] = mapped_column(sa.String(255))  # as uploaded, for display only
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="documents")


class ApplicationEvent(db.Model):
    """Every status change, with who made it and why: the application's history."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(sa.String(32))
    to_status: Mapped[str] = mapped_column(sa.String(32))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")


class PrioritySnapshot(db.Model):
    """Points as computed under one policy version at one time; never rewritten."""

    __tablename__ = "priority_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    policy_version_id: Mapped[int] = mapped_column(sa.ForeignKey("policy_versions.id"))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    total: Mapped[float]
    breakdown: Mapped[list[dict]] = mapped_column(sa.JSON)  # [{"rule": ..., "points": ...}]
