"""The annual review: opened 60 days before a lease ends (and yearly within longer leases),
answered by the tenant, decided by an officer; no answer means a reminder, then the officers.

See docs/tenancies.md for the calendar.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from housing import audit
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    Application,
    Employer,
    ReviewStatus,
    Role,
    Tenancy,
    TenancyReview,
    TenancyStatus,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify, notify_many
from housing.policy import current_policy
from housing.tenancies.dates import add_months, add_years, today
from housing.tenancies.leases import LeaseTerms, check_lease, stay_end
from housing.tenancies.operations import finish_move_outs, stay_start

R = ReviewStatus
#: A review opens this many days before its day (the lease's end or its anniversary).
OPEN_DAYS = 60
#: Unanswered this long after opening: a reminder; after ESCALATE_DAYS: the officers.
REMIND_DAYS = 14
ESCALATE_DAYS = 30
OPEN = (R.DUE, R.ANSWERED, R.ESCALATED)


def review_days(tenancy: Tenancy) -> list[tuple[date, bool]]:
    """Each review's day: every anniversary inside the lease, and the lease's end."""
    days, year = [], 1
    while (anniversary := add_years(tenancy.start_date, year)) < tenancy.end_date:
        days.append((anniversary, False))
        year += 1
    days.append((tenancy.end_date, True))
    return days


def open_reviews(on: date) -> int:
    """Open the reviews whose window has begun, once each (the unique key keeps it once)."""
    existing = set(
        db.session.execute(sa.select(TenancyReview.tenancy_id, TenancyReview.due_on)).all()
    )
    opened = []
    tenancies = db.session.scalars(
        sa.select(Tenancy).where(
            Tenancy.status == TenancyStatus.ACTIVE,
            Tenancy.start_date <= on + timedelta(days=OPEN_DAYS),
        )
    ).all()
    for tenancy in tenancies:
        for day, at_end in review_days(tenancy):
            if day - timedelta(days=OPEN_DAYS) <= on < day and (tenancy.id, day) not in existing:
                opened.append(TenancyReview(tenancy_id=tenancy.id, due_on=day, at_lease_end=at_end))
    db.session.add_all(opened)
    db.session.flush()
    for review in opened:
        notify(review.tenancy.application.user, "review.opened", due=review.due_on.isoformat())
    return len(opened)


def reviews_due(on: date | None = None) -> dict:
    """The daily job: open reviews, remind, escalate, finish move-outs; one transaction."""
    on = on or today()
    opened = open_reviews(on)
    reminded = escalated = 0
    waiting = db.session.scalars(
        sa.select(TenancyReview)
        .where(TenancyReview.status == R.DUE)
        .options(joinedload(TenancyReview.tenancy).joinedload(Tenancy.application))
    ).all()
    now = utcnow()
    for review in waiting:
        opened_on = review.due_on - timedelta(days=OPEN_DAYS)
        user = review.tenancy.application.user
        if on >= opened_on + timedelta(days=ESCALATE_DAYS):
            review.status, review.escalated_at = R.ESCALATED, now
            audit.record(None, "review.escalated", review, tenancy_id=review.tenancy_id)
            escalated += 1
        elif on >= opened_on + timedelta(days=REMIND_DAYS) and review.reminded_at is None:
            review.reminded_at = now
            notify(user, "review.reminder", due=review.due_on.isoformat())
            reminded += 1
    if escalated:
        officers = db.session.scalars(
            sa.select(User).where(User.role == Role.OFFICER, User.active.is_(True))
        ).all()
        notify_many([(officer, {"n": escalated}) for officer in officers], "review.escalated")
    moves = finish_move_outs(on)
    db.session.commit()
    return {"opened": opened, "reminded": reminded, "escalated": escalated, **moves}


def my_review(user: User, review_id: int | None = None) -> TenancyReview | None:
    """The tenant's open review (or the one named); someone else's is a 404."""
    query = (
        sa.select(TenancyReview)
        .join(Tenancy, Tenancy.id == TenancyReview.tenancy_id)
        .join(Application, Application.id == Tenancy.application_id)
        .where(Application.user_id == user.id)
    )
    if review_id is not None:
        review = db.session.scalar(query.where(TenancyReview.id == review_id))
        if review is None:
            raise NotFoundError(_("No such review."))
        return review
    return db.session.scalar(
        query.where(TenancyReview.status.in_((R.DUE, R.ESCALATED, R.ANSWERED))).order_by(
            TenancyReview.due_on
        )
    )


def answer(
    user: User,
    employer_id: int | None,
    household_size: int,
    owns_housing_in_shanghai: bool,
    review_id: int | None = None,
) -> TenancyReview:
    """The tenant confirms employer, household and housing; only the tenant may."""
    review = my_review(user, review_id)
    if review is None:
        raise NotFoundError(_("You have no review to answer."))
    fields = {}
    if employer_id is not None and db.session.get(Employer, employer_id) is None:
        fields["employer_id"] = _("Not an enterprise of the district's register.")
    if not 1 <= household_size <= 8:
        fields["household_size"] = _("Between 1 and 8.")
    if fields:
        raise ValidationError(_("Some answers are invalid."), fields)
    moved = db.session.execute(
        sa.update(TenancyReview)
        .where(TenancyReview.id == review.id, TenancyReview.status.in_((R.DUE, R.ESCALATED)))
        .values(
            status=R.ANSWERED,
            employer_id=employer_id,
            household_size=household_size,
            owns_housing_in_shanghai=owns_housing_in_shanghai,
            answered_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("This review is already answered or decided."))
    audit.record(user, "review.answered", review)
    db.session.commit()
    db.session.refresh(review)
    return review


def problems(review: TenancyReview, policy=None) -> dict[str, str]:
    """Why the tenant no longer qualifies, by answer: empty when they still do."""
    policy = policy or current_policy()
    found = {}
    if review.status in (R.DUE, R.ESCALATED):
        return found
    if review.employer_id is None:
        found["employer_id"] = _("No longer employed by a district enterprise.")
    if review.owns_housing_in_shanghai:
        found["owns_housing_in_shanghai"] = _("Owns a home in Shanghai.")
    if review.at_lease_end:
        cap = stay_end(stay_start(review.tenancy), policy)
        if add_years(review.tenancy.end_date, policy.lease_min_years) > cap:
            found["stay"] = _(
                "Reached the stay cap of %(years)d years.", years=policy.lease_total_max_years
            )
    return found


def officer_reviews(due_before: date | None = None, status: ReviewStatus | None = None):
    query = (
        sa.select(TenancyReview)
        .options(joinedload(TenancyReview.tenancy).joinedload(Tenancy.application))
        .order_by(TenancyReview.due_on, TenancyReview.id)
    )
    if due_before is not None:
        query = query.where(TenancyReview.due_on <= due_before)
    if status is not None:
        query = query.where(TenancyReview.status == status)
    else:
        query = query.where(TenancyReview.status.in_(OPEN))
    return query


def _review(officer: User, review_id: int) -> TenancyReview:
    review = db.session.get(TenancyReview, review_id)
    if review is None or officer.role != Role.OFFICER:
        raise NotFoundError(_("No such review."))
    return review


def _decide(review: TenancyReview, to: ReviewStatus, officer: User, **values) -> None:
    moved = db.session.execute(
        sa.update(TenancyReview)
        .where(TenancyReview.id == review.id, TenancyReview.status == R.ANSWERED)
        .values(status=to, decided_by_id=officer.id, decided_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("Only an answered review can be decided, and only once."))


def renew(officer: User, review_id: int, years: int | None = None, rent: int | None = None):
    """At a lease's end: a new lease from its last day (rent rise and stay capped by policy).
    Within a lease: it simply goes on."""
    policy = current_policy()
    review = _review(officer, review_id)
    tenancy = review.tenancy
    if found := problems(review, policy):
        raise ValidationError(_("The tenant no longer qualifies; refuse with a reason."), found)
    if not review.at_lease_end:
        _decide(review, R.CONTINUED, officer)
        audit.record(officer, "review.continued", review)
        db.session.commit()
        return review
    years = years or policy.lease_min_years
    rent = tenancy.rent if rent is None else rent
    check_lease(
        LeaseTerms(
            start=tenancy.end_date,
            years=years,
            rent=rent,
            market_rent=tenancy.unit.market_rent,
            previous_rent=tenancy.rent,
            stay_start=stay_start(tenancy),
        ),
        policy,
    )
    renewal = Tenancy(
        application_id=tenancy.application_id,
        unit_id=tenancy.unit_id,
        renewed_from_id=tenancy.id,
        status=TenancyStatus.UPCOMING,
        start_date=tenancy.end_date,
        end_date=add_years(tenancy.end_date, years),
        rent=rent,
    )
    db.session.add(renewal)
    db.session.flush()
    _decide(review, R.RENEWED, officer, renewal_id=renewal.id)
    audit.record(officer, "review.renewed", review, years=years, rent=rent)
    notify(tenancy.application.user, "review.renewed", end=renewal.end_date.isoformat())
    db.session.commit()
    return review


def refuse(officer: User, review_id: int, reason: str, move_out_by: date | None = None):
    """No renewal: the tenant moves out by the lease's end, or within the grace period when
    they no longer qualify (the policy's months, from today)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason."), {"reason": _("Required.")})
    policy = current_policy()
    review = _review(officer, review_id)
    tenancy = review.tenancy
    latest = add_months(today(), policy.exit_grace_months)
    if move_out_by is None:
        move_out_by = (
            min(tenancy.end_date, latest) if problems(review, policy) else tenancy.end_date
        )
    if not today() < move_out_by <= max(latest, tenancy.end_date):
        raise ValidationError(
            _("The move-out date must be after today and within the grace period."),
            {"move_out_by": _("By %(day)s at the latest.", day=latest.isoformat())},
        )
    _decide(review, R.REFUSED, officer, reason=reason[:2000])
    moved = db.session.execute(
        sa.update(Tenancy)
        .where(Tenancy.id == tenancy.id, Tenancy.status == TenancyStatus.ACTIVE)
        .values(status=TenancyStatus.ENDING, end_date=move_out_by, exit_reason="not_renewed")
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("The tenancy is no longer active."))
    audit.record(officer, "review.refused", review, reason=reason[:200])
    notify(
        tenancy.application.user,
        "review.refused",
        note=reason[:500],
        date=move_out_by.isoformat(),
    )
    db.session.commit()
    return review
