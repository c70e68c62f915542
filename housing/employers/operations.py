"""What an enterprise's HR does: see the staff who name it, confirm or deny their employment,
recommend them within the year's quota, and report departures.

HR see only applications that name their own enterprise (anything else is a 404, the same
answer as a missing one). Every answer is one row that a unique key guards, so two HR staff
answering at once cannot leave two contradicting answers; the second gets a 409 that shows
the first. Recommendations take a row lock on the enterprise before counting the quota.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from housing import audit
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    Benefit,
    Employer,
    Employment,
    EmploymentStatus,
    GrantStatus,
    Recommendation,
    RecommendationStatus,
    Role,
    SubsidyGrant,
    Tenancy,
    TenancyStatus,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify, notify_many
from housing.policy import current_policy, snapshot_priority
from housing.tenancies.dates import add_months, month_bounds, today

S = ApplicationStatus
#: Statuses HR see: submitted onwards (a draft is not yet the applicant's word).
VISIBLE = (S.SUBMITTED, S.VERIFIED, S.WAITING, S.OFFERED, S.HOUSED, S.REJECTED, S.EXITED)
#: Statuses in which a person may be recommended: still on the way to a place.
RECOMMENDABLE = (S.SUBMITTED, S.VERIFIED, S.WAITING)


def employer_of(user: User) -> Employer:
    """The enterprise an HR account speaks for; an account without one sees nothing."""
    if user.role != Role.EMPLOYER or user.employer_id is None:
        raise NotFoundError(_("Your account belongs to no enterprise."))
    return db.session.get(Employer, user.employer_id)


def staff_query(employer: Employer, status: ApplicationStatus | None = None) -> sa.Select:
    """Applicants and tenants who name the enterprise, newest first."""
    query = (
        sa.select(Application)
        .where(Application.employer_id == employer.id, Application.status.in_(VISIBLE))
        .options(selectinload(Application.user))
        .order_by(Application.submitted_at.desc().nulls_last(), Application.id.desc())
    )
    if status is not None:
        query = query.where(Application.status == status)
    return query


def application_for(user: User, application_id: int) -> Application:
    """One application that names the HR's enterprise; any other is "no such application"."""
    employer = employer_of(user)
    application = db.session.get(Application, application_id)
    if (
        application is None
        or application.employer_id != employer.id
        or application.status not in VISIBLE
    ):
        raise NotFoundError(_("No such application names your enterprise."))
    return application


def answers_for(employer_id: int, application_ids: list[int]) -> dict[int, Employment]:
    rows = db.session.scalars(
        sa.select(Employment).where(
            Employment.employer_id == employer_id, Employment.application_id.in_(application_ids)
        )
    )
    return {row.application_id: row for row in rows}


def named_answers(application_ids: list[int]) -> dict[int, Employment]:
    """The answers of the enterprise each application names, by application id (one query)."""
    if not application_ids:
        return {}
    rows = db.session.scalars(
        sa.select(Employment)
        .join(Application, Application.id == Employment.application_id)
        .where(
            Employment.application_id.in_(application_ids),
            Employment.employer_id == Application.employer_id,
        )
    )
    return {row.application_id: row for row in rows}


def answer_of(application: Application) -> Employment | None:
    """The named enterprise's answer about an application (officers' pages show it)."""
    if application.employer_id is None:
        return None
    return answers_for(application.employer_id, [application.id]).get(application.id)


def employment_confirmed(application: Application) -> bool:
    """Whether the named enterprise confirms the employment now: its answer then stands in
    for the labour contract on the applicant's checklist."""
    answer = answer_of(application)
    return answer is not None and answer.status == EmploymentStatus.CONFIRMED


def recommendation_of(application_id: int) -> Recommendation | None:
    return db.session.scalar(
        sa.select(Recommendation).where(
            Recommendation.application_id == application_id,
            Recommendation.status == RecommendationStatus.ACTIVE,
        )
    )


def describe(answer: Employment) -> dict:
    """An answer as the API and a 409 show it."""
    return {
        "status": answer.status.value,
        "start_date": answer.start_date.isoformat() if answer.start_date else None,
        "note": answer.note,
        "answered_at": answer.answered_at.isoformat(),
        "left_on": answer.left_on.isoformat() if answer.left_on else None,
    }


def _officers() -> list[User]:
    return db.session.scalars(
        sa.select(User).where(User.role == Role.OFFICER, User.active.is_(True))
    ).all()


def _answer(
    user: User, application_id: int, status: EmploymentStatus, **values
) -> tuple[Employment, bool]:
    """Insert the answer (True), or find the same one already there (False); a different one
    is a 409 that shows it. The unique key decides between two HR staff answering at once."""
    application = application_for(user, application_id)
    existing = answer_of(application)
    if existing is None:
        answer = Employment(
            application_id=application.id,
            employer_id=application.employer_id,
            status=status,
            answered_by_id=user.id,
            **values,
        )
        db.session.add(answer)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()  # another HR answered a moment before: theirs stands
            application = db.session.get(Application, application_id)
            existing = answer_of(application)
        else:
            return answer, True
    same = existing.status == status and all(getattr(existing, k) == v for k, v in values.items())
    if status == EmploymentStatus.DENIED:
        same = existing.status == status  # the note may differ; the answer does not
    if same:
        return existing, False
    db.session.rollback()
    if existing.status == EmploymentStatus.DENIED:
        message = _("Your enterprise already denied this employment.")
    elif existing.status == EmploymentStatus.LEFT:
        message = _("Your enterprise already reported that this person left.")
    else:
        message = _(
            "Your enterprise already confirmed this employment from %(day)s.",
            day=existing.start_date.isoformat() if existing.start_date else "—",
        )
    raise ConflictError(message, first=describe(existing))


def confirm(user: User, application_id: int, start_date: date | None) -> Employment:
    """The person works here since `start_date`: the officer need not check the employment
    document, and the verification queue says so."""
    if start_date is None:
        raise ValidationError(_("Give the start date."), {"start_date": _("Required.")})
    if start_date > today():
        raise ValidationError(
            _("The start date cannot be in the future."), {"start_date": _("Today or earlier.")}
        )
    answer, new = _answer(user, application_id, EmploymentStatus.CONFIRMED, start_date=start_date)
    if not new:
        return answer
    audit.record(user, "employment.confirmed", answer.application, start=start_date.isoformat())
    db.session.commit()
    return answer


def deny(user: User, application_id: int, note: str | None) -> Employment:
    """The person does not work here: the officers get the note with the application."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what the officers should know."), {"note": _("Required.")})
    answer, new = _answer(user, application_id, EmploymentStatus.DENIED, note=note[:2000])
    if not new:
        return answer
    application = answer.application
    audit.record(user, "employment.denied", application, note=note[:200])
    notify_many(
        [(o, {"id": application.id, "org": answer.employer.name, "note": note[:500]})
         for o in _officers()],
        "employment.denied",
    )  # fmt: skip
    db.session.commit()
    return answer


# --- Recommendations --------------------------------------------------------------------------


def quota_for(employer: Employer, policy=None) -> int:
    """The enterprise's yearly quota under the policy in force (by key-industry status)."""
    policy = policy or current_policy(create=False)
    if employer.key_industry:
        return policy.recommendation_quota_key_industry or 0
    return policy.recommendation_quota_other or 0


def quota_used(employer_id: int, year: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Recommendation)
        .where(
            Recommendation.employer_id == employer_id,
            Recommendation.year == year,
            Recommendation.status == RecommendationStatus.ACTIVE,
        )
    )


def _refresh_points(application: Application) -> None:
    if application.status in (S.VERIFIED, S.WAITING):
        snapshot_priority(application, current_policy(), today())


def recommend(user: User, application_id: int, benefit: str | None) -> Recommendation:
    """Put a confirmed member of staff forward, within the year's quota. A recommendation of
    the apartment is a points rule of the policy; one of the subsidy only says so."""
    try:
        benefit = Benefit(benefit or Benefit.APARTMENT.value)
    except ValueError:
        raise ValidationError(
            _("Choose the apartment or the subsidy."), {"benefit": _("apartment or subsidy")}
        ) from None
    application = application_for(user, application_id)
    answer = answer_of(application)
    if answer is None or answer.status != EmploymentStatus.CONFIRMED:
        raise ConflictError(_("Confirm this person's employment before recommending them."))
    if application.status not in RECOMMENDABLE:
        raise ConflictError(_("Only an applicant still on the way to a place can be recommended."))
    if recommendation_of(application.id) is not None:
        raise ConflictError(_("This person is already recommended."))
    # Lock the enterprise's row before counting, so two HR staff recommending at once count
    # one after the other: a no-op UPDATE takes the row lock on PostgreSQL and the write lock
    # on SQLite (where SELECT ... FOR UPDATE means nothing).
    db.session.execute(
        sa.update(Employer)
        .where(Employer.id == application.employer_id)
        .values(id=Employer.id)
        .execution_options(synchronize_session=False)
    )
    employer = db.session.get(Employer, application.employer_id)
    year = today().year
    quota, used = quota_for(employer), quota_used(employer.id, year)
    if used >= quota:
        db.session.rollback()
        raise ValidationError(
            _("Your enterprise has used its %(n)d recommendations for %(year)d.", n=quota,
              year=year),
            {"quota": _("%(used)d of %(n)d used", used=used, n=quota)},
        )  # fmt: skip
    recommendation = Recommendation(
        application_id=application.id,
        employer_id=employer.id,
        year=year,
        benefit=benefit,
        created_by_id=user.id,
    )
    db.session.add(recommendation)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(_("This person is already recommended.")) from None
    _refresh_points(application)
    audit.record(user, "employer.recommended", application, benefit=benefit.value, year=year)
    notify(application.user, "employer.recommended", org=employer.name)
    db.session.commit()
    return recommendation


def withdraw_recommendation(user: User, application_id: int) -> Recommendation:
    """Take a recommendation back: its points go and its place in the quota is free again."""
    application = application_for(user, application_id)
    recommendation = recommendation_of(application.id)
    if recommendation is None:
        raise ConflictError(_("This person has no recommendation to withdraw."))
    _end_recommendation(recommendation, user)
    _refresh_points(application)
    audit.record(user, "employer.recommendation_withdrawn", application)
    db.session.commit()
    return recommendation


def _end_recommendation(recommendation: Recommendation, user: User) -> None:
    moved = db.session.execute(
        sa.update(Recommendation)
        .where(
            Recommendation.id == recommendation.id,
            Recommendation.status == RecommendationStatus.ACTIVE,
        )
        .values(
            status=RecommendationStatus.WITHDRAWN, withdrawn_by_id=user.id, withdrawn_at=utcnow()
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("This recommendation was withdrawn meanwhile."))
    db.session.refresh(recommendation)


# --- Departures ---------------------------------------------------------------------------------


def report_departure(user: User, application_id: int, left_on: date | None) -> dict:
    """The person left the enterprise on `left_on`: a tenant enters the loss-of-eligibility
    path (moves out within the policy's grace period), a subsidy ends at that month's end, a
    recommendation is withdrawn; the person and the officers are told."""
    if left_on is None:
        raise ValidationError(_("Give the day the person left."), {"left_on": _("Required.")})
    application = application_for(user, application_id)
    answer = answer_of(application)
    if answer is None or answer.status == EmploymentStatus.DENIED:
        raise ConflictError(_("Confirm this person's employment before reporting a departure."))
    if answer.status == EmploymentStatus.LEFT:
        raise ConflictError(
            _("Your enterprise already reported that this person left on %(day)s.",
              day=answer.left_on.isoformat()),
            first=describe(answer),
        )  # fmt: skip
    latest = add_months(today(), 1)
    if answer.start_date and left_on < answer.start_date:
        raise ValidationError(
            _("The departure cannot be before the employment started."),
            {"left_on": _("On or after %(day)s.", day=answer.start_date.isoformat())},
        )
    if left_on > latest:
        raise ValidationError(
            _("A departure can be reported at most a month ahead."),
            {"left_on": _("By %(day)s at the latest.", day=latest.isoformat())},
        )
    moved = db.session.execute(
        sa.update(Employment)
        .where(Employment.id == answer.id, Employment.status == EmploymentStatus.CONFIRMED)
        .values(
            status=EmploymentStatus.LEFT,
            left_on=left_on,
            left_reported_by_id=user.id,
            left_reported_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("Another answer about this person was given meanwhile."))
    result = {"tenancy_id": None, "move_out_by": None, "grant_id": None, "subsidy_ends_on": None}
    result.update(_end_tenancy(application, left_on))
    result.update(_end_subsidy(application, left_on))
    if recommendation := recommendation_of(application.id):
        _end_recommendation(recommendation, user)
        _refresh_points(application)
    audit.record(user, "employment.departure", application, left_on=left_on.isoformat(),
                 **{k: str(v) for k, v in result.items() if v})  # fmt: skip
    until = result["move_out_by"] or result["subsidy_ends_on"]
    notify(
        application.user,
        "employment.departure",
        org=answer.employer.name,
        date=left_on.isoformat(),
        until=until.isoformat() if until else "—",
    )
    notify_many(
        [(o, {"id": application.id, "org": answer.employer.name, "date": left_on.isoformat()})
         for o in _officers()],
        "employment.departure_officers",
    )  # fmt: skip
    db.session.commit()
    db.session.refresh(answer)
    return {"employment": describe(answer), **{k: _iso(v) for k, v in result.items()}}


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def _end_tenancy(application: Application, left_on: date) -> dict:
    """An active lease becomes `ending`: out by the lease's end or the grace period's,
    whichever comes first (counted from the departure, or today if it was reported late)."""
    tenancy = db.session.scalar(
        sa.select(Tenancy).where(
            Tenancy.application_id == application.id, Tenancy.status == TenancyStatus.ACTIVE
        )
    )
    if tenancy is None:
        return {}
    grace = current_policy().exit_grace_months
    move_out_by = min(tenancy.end_date, add_months(max(left_on, today()), grace))
    if move_out_by <= tenancy.start_date:
        move_out_by = tenancy.end_date
    moved = db.session.execute(
        sa.update(Tenancy)
        .where(Tenancy.id == tenancy.id, Tenancy.status == TenancyStatus.ACTIVE)
        .values(status=TenancyStatus.ENDING, end_date=move_out_by, exit_reason="left_employer")
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("The tenancy has changed meanwhile; reload and try again."))
    return {"tenancy_id": tenancy.id, "move_out_by": move_out_by}


def _end_subsidy(application: Application, left_on: date) -> dict:
    """An approved subsidy is paid to the end of the month of the departure, not beyond."""
    grant = db.session.scalar(
        sa.select(SubsidyGrant).where(
            SubsidyGrant.application_id == application.id,
            SubsidyGrant.status == GrantStatus.APPROVED,
        )
    )
    if grant is None:
        return {}
    _first, last_day = month_bounds(f"{left_on:%Y-%m}")
    if grant.ends_on is not None and grant.ends_on <= last_day:
        return {"grant_id": grant.id, "subsidy_ends_on": grant.ends_on}
    db.session.execute(
        sa.update(SubsidyGrant)
        .where(SubsidyGrant.id == grant.id, SubsidyGrant.status == GrantStatus.APPROVED)
        .values(ends_on=last_day, end_reason="left_employer")
        .execution_options(synchronize_session=False)
    )
    return {"grant_id": grant.id, "subsidy_ends_on": last_day}
