"""Offers: issued when the notice ends, answered by the applicant, expired, and cascaded.

A unit that is declined, expires, is withdrawn or loses its assignment to an upheld objection
goes down the round's published `order` to the first applicant who was not served and whom
the engine finds eligible for it. Each answer is one conditional UPDATE on the offer row, so
two answers (or an answer racing the expiry job) cannot both win. See docs/rounds.md.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from allocation import eligible_edges, parse_instance
from housing import audit
from housing.applicants.operations import transition
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    QUEUED,
    AllocationRound,
    Application,
    ApplicationStatus,
    Offer,
    OfferStatus,
    PolicyVersion,
    RoundAssignment,
    RoundObjection,
    RoundStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify
from housing.policy import current_policy, snapshot_priority
from housing.rounds.files import round_files
from housing.rounds.input import unit_key

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Candidates in the first batch checked against the engine for the next in order.
FIRST_BATCH = 64


def local_time(moment: datetime) -> str:
    return f"{moment.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"


def _unit_words(unit: Unit) -> str:
    return f"{unit.building.name} {unit.code}"


def _offer(
    round_: AllocationRound,
    application: Application,
    unit: Unit,
    now: datetime,
    policy: PolicyVersion,
    commute: float | None,
    cascade_of: Offer | None = None,
) -> Offer:
    offer = Offer(
        round_id=round_.id,
        application_id=application.id,
        unit_id=unit.id,
        status=OfferStatus.PENDING,
        sent_at=now,
        commute_min=commute,
        deadline_at=now + timedelta(days=policy.offer_days),
        cascade_of_id=cascade_of.id if cascade_of else None,
    )
    db.session.add(offer)
    kind = "offer.cascade" if cascade_of else "offer.issued"
    notify(
        application.user,
        kind,
        id=application.id,
        unit=_unit_words(unit),
        deadline=local_time(offer.deadline_at),
    )
    return offer


def start_offers(round_: AllocationRound, now: datetime, policy: PolicyVersion) -> int:
    """Notice over: one offer per assignment. A second call finds the round moved on."""
    moved = db.session.execute(
        sa.update(AllocationRound)
        .where(AllocationRound.id == round_.id, AllocationRound.status == RoundStatus.NOTICE)
        .values(status=RoundStatus.OFFERS)
    ).rowcount
    if moved != 1:
        return 0
    assignments = db.session.scalars(
        sa.select(RoundAssignment)
        .where(RoundAssignment.round_id == round_.id)
        .options(
            selectinload(RoundAssignment.application).selectinload(Application.user),
            selectinload(RoundAssignment.unit).selectinload(Unit.building),
        )
        .order_by(RoundAssignment.rank)
    ).all()
    for a in assignments:
        _offer(round_, a.application, a.unit, now, policy, a.commute_min)
    db.session.flush()
    close_if_done(round_.id)
    return len(assignments)


def issue_offers(now: datetime | None = None) -> dict:
    """Every round whose notice has ended sends its offers; each round commits alone."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(AllocationRound.id).where(
            AllocationRound.status == RoundStatus.NOTICE, AllocationRound.notice_until <= now
        )
    ).all()
    rounds = sent = 0
    for round_id in due:
        n = start_offers(db.session.get(AllocationRound, round_id), now, current_policy())
        db.session.commit()
        rounds += n > 0 or 0
        sent += n
    return {"rounds": rounds, "offers": sent}


def close_if_done(round_id: int) -> None:
    """A round whose offers are all answered is closed."""
    pending = sa.select(Offer.id).where(
        Offer.round_id == round_id, Offer.status == OfferStatus.PENDING
    )
    db.session.execute(
        sa.update(AllocationRound)
        .where(
            AllocationRound.id == round_id,
            AllocationRound.status == RoundStatus.OFFERS,
            ~pending.exists(),
        )
        .values(status=RoundStatus.CLOSED)
    )


# --- Answers ------------------------------------------------------------------------------


def offer_for(user: User, offer_id: int) -> Offer:
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.application.user_id != user.id:
        raise NotFoundError(_("No such offer."))
    return offer


def _claim(offer: Offer, status: OfferStatus, now: datetime, **values) -> None:
    """The one conditional UPDATE that decides an offer; 409 if it was decided already."""
    claimed = db.session.execute(
        sa.update(Offer)
        .where(Offer.id == offer.id, Offer.status == OfferStatus.PENDING, Offer.deadline_at > now)
        .values(status=status, answered_at=now, **values)
    ).rowcount
    if claimed == 1:
        return
    db.session.rollback()
    db.session.refresh(offer)
    if offer.status == OfferStatus.PENDING:
        raise ConflictError(_("The deadline for this offer has passed."))
    raise ConflictError(
        _("This offer was already answered or has ended."), offer_status=offer.status.value
    )


def _locked(application_id: int) -> Application:
    return db.session.scalar(
        sa.select(Application).where(Application.id == application_id).with_for_update()
    )


def _lease_start(now: datetime) -> date:
    today = now.astimezone(SHANGHAI).date()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def accept(user: User, offer_id: int, now: datetime | None = None) -> Offer:
    """The application is housed, the unit leaves the pool and an upcoming tenancy starts."""
    now = now or utcnow()
    offer = offer_for(user, offer_id)
    policy = current_policy()
    _claim(offer, OfferStatus.ACCEPTED, now)
    application = _locked(offer.application_id)
    transition(application, ApplicationStatus.HOUSED, user, _("Offer %(id)d accepted", id=offer.id))
    application.declines_in_row = 0
    db.session.execute(
        sa.update(Unit).where(Unit.id == offer.unit_id).values(status=UnitStatus.OCCUPIED)
    )
    start = _lease_start(now)
    db.session.add(
        Tenancy(
            application_id=application.id,
            unit_id=offer.unit_id,
            offer_id=offer.id,
            status=TenancyStatus.UPCOMING,
            start_date=start,
            end_date=date(start.year + policy.lease_min_years, start.month, 1),
            rent=offer.unit.rent,
        )
    )
    audit.record(user, "offer.accepted", offer, unit_id=offer.unit_id)
    close_if_done(offer.round_id)
    db.session.commit()
    return offer


def decline(user: User, offer_id: int, reason: str | None, now: datetime | None = None) -> Offer:
    now = now or utcnow()
    reason = (reason or "").strip()
    offer = offer_for(user, offer_id)
    if not reason:
        raise ValidationError(_("Tell us why you decline."), {"reason": _("Required.")})
    policy = current_policy()
    _claim(offer, OfferStatus.DECLINED, now, decline_reason=reason[:2000])
    _refused(offer, user, policy, now, _("Offer %(id)d declined", id=offer.id))
    audit.record(user, "offer.declined", offer, reason=reason[:200])
    cascade(offer.round, offer.unit_id, now, policy, cascade_of=offer)
    db.session.commit()
    return offer


def _refused(offer: Offer, actor: User | None, policy: PolicyVersion, now: datetime, note: str):
    """Back to waiting; the policy's refusal rule may send the applicant to the back."""
    application = _locked(offer.application_id)
    if application.status != ApplicationStatus.OFFERED:
        return
    transition(application, ApplicationStatus.WAITING, actor, note)
    application.declines_in_row += 1
    application.declines_total += 1
    if application.declines_in_row >= policy.declines_to_back_of_queue:
        application.waiting_since = now.astimezone(SHANGHAI).date()
        application.declines_in_row = 0
        transition_note = _(
            "Declined %(n)d offers in a row: moved to the back of the queue",
            n=policy.declines_to_back_of_queue,
        )
        audit.record(actor, "application.back_of_queue", application, note=transition_note)
        notify(
            application.user,
            "offer.back_of_queue",
            id=application.id,
            n=policy.declines_to_back_of_queue,
        )
    snapshot_priority(application, policy, now.astimezone(SHANGHAI).date())


# --- Jobs: expiry and reminders -----------------------------------------------------------


def expire_offers(now: datetime | None = None) -> dict:
    """Offers past their deadline expire and cascade, one transaction each; reruns do nothing."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(Offer.id).where(Offer.status == OfferStatus.PENDING, Offer.deadline_at <= now)
    ).all()
    expired = 0
    policy = current_policy()
    for offer_id in due:
        taken = db.session.execute(
            sa.update(Offer)
            .where(Offer.id == offer_id, Offer.status == OfferStatus.PENDING)
            .values(status=OfferStatus.EXPIRED, answered_at=now)
        ).rowcount
        if taken != 1:
            db.session.rollback()
            continue
        offer = db.session.get(Offer, offer_id)
        _refused(offer, None, policy, now, _("Offer %(id)d expired", id=offer.id))
        notify(
            offer.application.user,
            "offer.expired",
            id=offer.application_id,
            unit=_unit_words(offer.unit),
        )
        cascade(offer.round, offer.unit_id, now, policy, cascade_of=offer)
        db.session.commit()
        expired += 1
    reminded = remind(now)
    return {"expired": expired, "reminded": reminded}


def remind(now: datetime) -> int:
    """One reminder per offer when less than a day is left."""
    due = db.session.scalars(
        sa.select(Offer.id).where(
            Offer.status == OfferStatus.PENDING,
            Offer.reminded_at.is_(None),
            Offer.deadline_at > now,
            Offer.deadline_at <= now + timedelta(days=1),
        )
    ).all()
    sent = 0
    for offer_id in due:
        taken = db.session.execute(
            sa.update(Offer)
            .where(Offer.id == offer_id, Offer.reminded_at.is_(None))
            .values(reminded_at=now)
        ).rowcount
        if taken == 1:
            offer = db.session.get(Offer, offer_id)
            notify(
                offer.application.user,
                "offer.reminder",
                id=offer.application_id,
                unit=_unit_words(offer.unit),
                deadline=local_time(offer.deadline_at),
            )
            sent += 1
        db.session.commit()
    return sent


# --- Cascade ------------------------------------------------------------------------------


def next_in_order(round_: AllocationRound, unit_id: int) -> tuple[int, float, int] | None:
    """(application id, commute, cost) of the first unserved, still queued, eligible applicant.

    Candidates go to the engine in growing batches: the next eligible one is usually near.
    """
    files = round_files(round_)
    unit = files.units.get(unit_key(unit_id))
    if unit is None:
        return None
    taken = set(
        db.session.scalars(
            sa.select(RoundAssignment.application_id).where(RoundAssignment.round_id == round_.id)
        )
    )
    taken |= set(
        db.session.scalars(sa.select(Offer.application_id).where(Offer.round_id == round_.id))
    )
    taken |= set(
        db.session.scalars(
            sa.select(RoundObjection.application_id).where(
                RoundObjection.round_id == round_.id, RoundObjection.upheld.is_(True)
            )
        )
    )
    queued = set(
        db.session.scalars(sa.select(Application.id).where(Application.status.in_(QUEUED)))
    )
    ids = files.ids
    candidates = [p for p in files.order if ids.get(p) in queued and ids[p] not in taken]
    start, size = 0, FIRST_BATCH
    while start < len(candidates):
        chunk = candidates[start : start + size]
        sub = parse_instance(
            {**files.header, "applicants": [files.entries[p] for p in chunk], "units": [unit]}
        )
        found = {a: (m, c) for a, _u, m, c in eligible_edges(sub)}
        for p in chunk:
            if p in found:
                return ids[p], found[p][0], found[p][1]
        start, size = start + size, size * 4
    return None


def cascade(
    round_: AllocationRound,
    unit_id: int,
    now: datetime,
    policy: PolicyVersion,
    cascade_of: Offer | None = None,
    actor: User | None = None,
) -> int | None:
    """Give the unit to the next in order: an assignment during the notice, else an offer."""
    db.session.flush()
    found = next_in_order(round_, unit_id)
    unit = db.session.get(Unit, unit_id)
    if found is None:
        db.session.execute(
            sa.update(Unit)
            .where(Unit.id == unit_id, Unit.status == UnitStatus.OFFERED)
            .values(status=UnitStatus.VACANT)
        )
        audit.record(actor, "round.unit_returned", round_, unit_id=unit_id)
        close_if_done(round_.id)
        return None
    application_id, commute, cost = found
    application = _locked(application_id)
    note = _("Cascade in round %(month)s", month=round_.month)
    if application.status == ApplicationStatus.VERIFIED:
        transition(application, ApplicationStatus.WAITING, actor, note)
    transition(application, ApplicationStatus.OFFERED, actor, note)
    rank = round_files(round_).rank[application_id] - 1
    if round_.status == RoundStatus.NOTICE:
        db.session.add(
            RoundAssignment(
                round_id=round_.id,
                application_id=application_id,
                unit_id=unit_id,
                rank=rank + 1,
                commute_min=commute,
                cost=cost,
            )
        )
        notify(application.user, "round.served", id=application.id, month=round_.month)
    else:
        _offer(round_, application, unit, now, policy, commute, cascade_of=cascade_of)
    audit.record(
        actor,
        "round.cascade",
        round_,
        unit_id=unit_id,
        application_id=application_id,
        cascade_of=cascade_of.id if cascade_of else None,
    )
    return application_id


def remove_assignment(
    round_: AllocationRound,
    assignment: RoundAssignment,
    actor: User | None,
    note: str,
    now: datetime,
) -> None:
    """An upheld objection: the applicant returns to waiting and the unit goes down the order.

    Once the applicant has accepted, the unit is theirs under a tenancy: ending that is not an
    objection's business, so it is refused.
    """
    policy = current_policy()
    unit_id, application_id = assignment.unit_id, assignment.application_id
    accepted = sa.select(Offer.id).where(
        Offer.round_id == round_.id, Offer.application_id == application_id,
        Offer.status == OfferStatus.ACCEPTED,
    )  # fmt: skip
    if db.session.scalar(accepted) is not None:
        db.session.rollback()
        raise ConflictError(_("The applicant has accepted this unit already; the objection "
                              "cannot take it back."))  # fmt: skip
    withdrawn = None
    if round_.status == RoundStatus.OFFERS:
        withdrawn = _withdraw_pending(application_id, round_.id, now)
    db.session.delete(assignment)
    db.session.flush()
    application = _locked(application_id)
    if application.status == ApplicationStatus.OFFERED:
        transition(application, ApplicationStatus.WAITING, actor, note)
    if round_.status == RoundStatus.NOTICE or withdrawn is not None:
        cascade(round_, unit_id, now, policy, cascade_of=withdrawn, actor=actor)


def _withdraw_pending(application_id: int, round_id: int | None, now: datetime) -> Offer | None:
    query = sa.select(Offer).where(
        Offer.application_id == application_id, Offer.status == OfferStatus.PENDING
    )
    if round_id is not None:
        query = query.where(Offer.round_id == round_id)
    for offer in db.session.scalars(query).all():
        taken = db.session.execute(
            sa.update(Offer)
            .where(Offer.id == offer.id, Offer.status == OfferStatus.PENDING)
            .values(status=OfferStatus.WITHDRAWN, answered_at=now)
        ).rowcount
        if taken == 1:
            return offer
    return None


def release_for_withdrawal(
    application: Application, actor: User | None, now: datetime | None = None
) -> None:
    """An applicant withdraws while holding an offer or an assignment: the unit moves on.

    Called inside the withdrawal's transaction, before the status changes.
    """
    now = now or utcnow()
    policy = current_policy()
    offer = _withdraw_pending(application.id, None, now)
    if offer is not None:
        cascade(offer.round, offer.unit_id, now, policy, cascade_of=offer, actor=actor)
        return
    assignment = db.session.scalar(
        sa.select(RoundAssignment)
        .join(AllocationRound)
        .where(
            RoundAssignment.application_id == application.id,
            AllocationRound.status == RoundStatus.NOTICE,
        )
    )
    if assignment is not None:
        round_, unit_id = assignment.round, assignment.unit_id
        db.session.delete(assignment)
        db.session.flush()
        cascade(round_, unit_id, now, policy, actor=actor)
