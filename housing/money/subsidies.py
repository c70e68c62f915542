"""Rent subsidy claims (货币化租房补贴): claimed with a market lease, decided by an officer,
stopped by a move into a talent apartment or lost eligibility."""

from datetime import date, timedelta
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import gettext as _

from housing import audit
from housing.applicants.documents import read_checked, store_document
from housing.applicants.operations import current_application
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    GrantStatus,
    Role,
    SubsidyGrant,
    Tenancy,
    TenancyStatus,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify
from housing.policy import current_policy
from housing.tenancies.dates import month_bounds, month_of, next_month, today

G = GrantStatus
#: A grant that blocks a second claim.
LIVE_GRANTS = (G.REQUESTED, G.APPROVED)
#: Applications that qualify: verified, waiting, or holding an offer not yet taken.
QUALIFYING = (ApplicationStatus.VERIFIED, ApplicationStatus.WAITING, ApplicationStatus.OFFERED)


def schedule(amounts: list[int], months: int) -> list[int]:
    """The policy's 'first then later' amounts spread over the grant: the first half of the
    months at the first amount, the rest at the last (docs/money.md)."""
    if not amounts:
        return []
    first_part = (months + 1) // 2 if len(amounts) > 1 else months
    return [amounts[0]] * first_part + [amounts[-1]] * (months - first_part)


def my_grant(user: User) -> SubsidyGrant | None:
    return db.session.scalar(
        sa.select(SubsidyGrant)
        .join(Application, Application.id == SubsidyGrant.application_id)
        .where(Application.user_id == user.id)
        .order_by(SubsidyGrant.id.desc())
        .limit(1)
    )


def _housed(application_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Tenancy)
            .where(
                Tenancy.application_id == application_id,
                Tenancy.status != TenancyStatus.ENDED,
            )
        )
        > 0
    )


def claim(
    user: User, filename: str | None, stream: BinaryIO | None, first_month: str | None = None
) -> SubsidyGrant:
    """A claim with the market lease as evidence; refused when housed or already granted."""
    application = current_application(user)
    if application is None or application.status not in (*QUALIFYING, ApplicationStatus.HOUSED):
        raise ConflictError(_("Only a verified application can claim a rent subsidy."))
    # The row lock makes two claims at once queue up: the second sees the first's grant.
    db.session.execute(
        sa.select(Application.id).where(Application.id == application.id).with_for_update()
    )
    if application.status == ApplicationStatus.HOUSED or _housed(application.id):
        raise ConflictError(
            _("You live in a talent apartment: the subsidy is for those who rent on the market.")
        )
    live = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(SubsidyGrant)
        .where(SubsidyGrant.application_id == application.id, SubsidyGrant.status.in_(LIVE_GRANTS))
    )
    if live:
        raise ConflictError(_("You already have a rent subsidy claim or grant."))
    policy = current_policy()
    degree = application.degree.value if application.degree else ""
    amounts = policy.subsidy_by_degree.get(degree)
    if not amounts:
        raise ValidationError(
            _("The policy grants the rent subsidy for a master's degree or a PhD."),
            {"degree": _("Not a degree the subsidy covers.")},
        )
    this_month = month_of(today())
    first_month = first_month or next_month(this_month)
    month_bounds(first_month)
    if first_month < this_month:
        message = _("The first month cannot be in the past.")
        raise ValidationError(message, {"first_month": message})
    data, mime = read_checked(stream)
    document = store_document(application, "market_lease", filename, data, mime, commit=False)
    months = policy.subsidy_max_months
    grant = SubsidyGrant(
        application_id=application.id,
        policy_version_id=policy.id,
        status=G.REQUESTED,
        first_month=first_month,
        months=months,
        monthly_amounts=schedule(amounts, months),
        lease_evidence_document_id=document.id,
    )
    db.session.add(grant)
    db.session.flush()
    audit.record(user, "subsidy.claimed", grant, first_month=first_month)
    db.session.commit()
    return grant


def officer_grants(status: GrantStatus | None = None) -> sa.Select:
    query = sa.select(SubsidyGrant).order_by(SubsidyGrant.id.desc())
    if status is not None:
        query = query.where(SubsidyGrant.status == status)
    return query


def _grant(officer: User, grant_id: int) -> SubsidyGrant:
    grant = db.session.get(SubsidyGrant, grant_id)
    if grant is None or officer.role != Role.OFFICER:
        raise NotFoundError(_("No such subsidy claim."))
    return grant


def _decide(grant: SubsidyGrant, seen: GrantStatus, to: GrantStatus, **values) -> None:
    moved = db.session.execute(
        sa.update(SubsidyGrant)
        .where(SubsidyGrant.id == grant.id, SubsidyGrant.status == seen)
        .values(status=to, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("This claim was decided already."))
    db.session.refresh(grant)


def approve(officer: User, grant_id: int) -> SubsidyGrant:
    grant = _grant(officer, grant_id)
    if _housed(grant.application_id):
        raise ConflictError(_("The claimant lives in a talent apartment now."))
    _decide(grant, G.REQUESTED, G.APPROVED, decided_by_id=officer.id, decided_at=utcnow())
    audit.record(officer, "subsidy.approved", grant)
    notify(grant.application.user, "subsidy.approved", month=grant.first_month)
    db.session.commit()
    return grant


def reject(officer: User, grant_id: int, reason: str) -> SubsidyGrant:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason."), {"reason": _("Required.")})
    grant = _grant(officer, grant_id)
    _decide(
        grant,
        G.REQUESTED,
        G.REJECTED,
        decided_by_id=officer.id,
        decided_at=utcnow(),
        decision_reason=reason[:2000],
    )
    audit.record(officer, "subsidy.rejected", grant, reason=reason[:200])
    notify(grant.application.user, "subsidy.rejected", note=reason[:500])
    db.session.commit()
    return grant


def stop(officer: User, grant_id: int, last_day: date, reason: str = "eligibility_lost"):
    """Eligibility lost: nothing is paid for the days after `last_day`."""
    grant = _grant(officer, grant_id)
    first, _last = month_bounds(grant.first_month)
    if last_day < first - timedelta(days=1):
        raise ValidationError(_("The grant had not started by then."), {"date": _("Too early.")})
    moved = db.session.execute(
        sa.update(SubsidyGrant)
        .where(SubsidyGrant.id == grant.id, SubsidyGrant.status == G.APPROVED)
        .values(ends_on=last_day, end_reason=reason[:64])
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("Only an approved grant can be stopped."))
    audit.record(officer, "subsidy.stopped", grant, last_day=last_day.isoformat(), reason=reason)
    db.session.commit()
    return grant


def stop_for_housing(application_id: int, moved_in: date, actor: User | None) -> None:
    """A move into a talent apartment: the subsidy is paid up to the day before, never on the
    same day; a claim not yet decided is refused. The caller commits."""
    last_day = moved_in - timedelta(days=1)
    db.session.execute(
        sa.update(SubsidyGrant)
        .where(
            SubsidyGrant.application_id == application_id,
            SubsidyGrant.status == G.APPROVED,
            sa.or_(SubsidyGrant.ends_on.is_(None), SubsidyGrant.ends_on > last_day),
        )
        .values(ends_on=last_day, end_reason="moved_in")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.update(SubsidyGrant)
        .where(SubsidyGrant.application_id == application_id, SubsidyGrant.status == G.REQUESTED)
        .values(status=G.REJECTED, decision_reason="housed", decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
