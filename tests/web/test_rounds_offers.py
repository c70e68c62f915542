"""Offers: accept, decline with the cascade, expiry, refusal rule, withdrawal, objections."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from housing.applicants import operations as applicant_ops
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.models import (
    AllocationRound,
    ApplicationStatus,
    Notification,
    Offer,
    OfferStatus,
    RoundAssignment,
    RoundStatus,
    Tenancy,
    TenancyStatus,
    UnitStatus,
)
from housing.models._base import utcnow
from housing.rounds import offers, operations
from tests.web.round_helpers import make_world


def offers_out(units=2, applicants=4, notice_days=0, more=()):
    world = make_world(units=units, applicants=applicants)
    for kw in more:
        world.add_applicants(1, **kw)
    policy = operations.current_policy()
    policy.notice_days = notice_days
    operations.db.session.commit()
    preview = operations.start_preview("2027-01", world.officer)
    round_ = operations.commit(preview.id, world.officer)
    return world, round_


def offer_of(db, application) -> Offer:
    return db.session.scalar(
        sa.select(Offer)
        .where(Offer.application_id == application.id)
        .order_by(Offer.id.desc())
        .limit(1)
    )


def kinds(db, application) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(Notification.kind)
            .where(Notification.user_id == application.user_id)
            .order_by(Notification.id)
        )
    )


def test_accept_houses_the_applicant(db):
    world, _round = offers_out()
    first = world.applicants[0]
    offer = offers.accept(first.user, offer_of(db, first).id)
    assert offer.status == OfferStatus.ACCEPTED
    db.session.refresh(first)
    assert first.status == ApplicationStatus.HOUSED
    assert db.session.get(type(world.units[0]), offer.unit_id).status == UnitStatus.OCCUPIED
    tenancy = db.session.scalar(sa.select(Tenancy).where(Tenancy.offer_id == offer.id))
    assert tenancy.status == TenancyStatus.UPCOMING and tenancy.rent == 4200
    assert tenancy.start_date.day == 1 and tenancy.end_date > tenancy.start_date


def test_decline_cascades_to_the_next_in_order(db):
    world, _round = offers_out(units=2, applicants=4)
    first, third = world.applicants[0], world.applicants[2]
    declined = offer_of(db, first)
    with pytest.raises(ValidationError):
        offers.decline(first.user, declined.id, "  ")
    offers.decline(first.user, declined.id, "Too far from school")
    db.session.refresh(first)
    assert first.status == ApplicationStatus.WAITING
    assert first.declines_in_row == 1 and first.declines_total == 1
    cascaded = offer_of(db, third)
    assert cascaded.unit_id == declined.unit_id and cascaded.cascade_of_id == declined.id
    assert cascaded.deadline_at - cascaded.sent_at == timedelta(days=7)
    assert "offer.cascade" in kinds(db, third)
    db.session.refresh(third)
    assert third.status == ApplicationStatus.OFFERED


def test_answering_twice_expired_or_someone_elses(db):
    world, _round = offers_out()
    first, second = world.applicants[0], world.applicants[1]
    offer = offer_of(db, first)
    with pytest.raises(NotFoundError):
        offers.accept(second.user, offer.id)
    offers.accept(first.user, offer.id)
    with pytest.raises(ConflictError):
        offers.accept(first.user, offer.id)
    with pytest.raises(ConflictError):
        offers.decline(first.user, offer.id, "changed my mind")
    late = utcnow() + timedelta(days=8)
    with pytest.raises(ConflictError) as caught:
        offers.accept(second.user, offer_of(db, second).id, now=late)
    assert "deadline" in caught.value.message.lower() or "期限" in caught.value.message
    db.session.refresh(second)
    assert second.status == ApplicationStatus.OFFERED


def test_expiry_job_cascades_once_and_reminds_once(db):
    world, _round = offers_out(units=1, applicants=3)
    first, second = world.applicants[0], world.applicants[1]
    soon = utcnow() + timedelta(days=6, hours=2)
    assert offers.expire_offers(soon) == {"expired": 0, "reminded": 1}
    assert offers.expire_offers(soon) == {"expired": 0, "reminded": 0}
    late = utcnow() + timedelta(days=7, hours=1)
    assert offers.expire_offers(late)["expired"] == 1
    assert offers.expire_offers(late)["expired"] == 0
    assert offer_of(db, first).status == OfferStatus.EXPIRED
    assert offer_of(db, second).status == OfferStatus.PENDING
    assert kinds(db, first)[-2:] == ["offer.back_of_queue", "offer.expired"] or (
        "offer.expired" in kinds(db, first)
    )


def test_two_declines_in_a_row_move_to_the_back_of_the_queue(db):
    world, _round = offers_out(units=1, applicants=2)
    first = world.applicants[0]
    first.declines_in_row = 1
    db.session.commit()
    before = first.priority
    offers.decline(first.user, offer_of(db, first).id, "not this one")
    db.session.refresh(first)
    assert first.declines_in_row == 0 and first.declines_total == 1
    assert first.waiting_since == utcnow().date() or first.waiting_since >= utcnow().date()
    assert first.priority < before
    assert "offer.back_of_queue" in kinds(db, first)


def test_nobody_left_returns_the_unit_to_the_pool(db):
    world, round_ = offers_out(units=2, applicants=2)
    first, second = world.applicants[:2]
    offer = offer_of(db, first)
    offers.accept(second.user, offer_of(db, second).id)
    offers.decline(first.user, offer.id, "no")
    assert db.session.get(type(world.units[0]), offer.unit_id).status == UnitStatus.VACANT
    db.session.expire_all()
    assert db.session.get(AllocationRound, round_.id).status == RoundStatus.CLOSED


def test_ineligible_applicants_are_skipped_by_the_cascade(db):
    world, _round = offers_out(units=1, applicants=1, more=[{"max_rent": 3000}, {}])
    first, poor, next_ok = world.applicants
    offers.decline(first.user, offer_of(db, first).id, "no")
    assert offer_of(db, poor) is None  # cannot afford 4200 a month
    assert offer_of(db, next_ok).unit_id == world.units[0].id


def test_withdrawal_with_an_offer_cascades_it(db):
    world, _round = offers_out(units=1, applicants=2)
    first, second = world.applicants[:2]
    offer = offer_of(db, first)
    applicant_ops.withdraw(first, first.user, "moving away")
    assert offer_of(db, first).status == OfferStatus.WITHDRAWN
    assert offer_of(db, second).unit_id == offer.unit_id
    assert offer_of(db, second).cascade_of_id == offer.id


def test_upheld_objection_during_notice_reassigns_the_unit(db):
    world, round_ = offers_out(units=1, applicants=3, notice_days=5)
    first, second = world.applicants[:2]
    unit_id = world.units[0].id
    with pytest.raises(ValidationError):
        operations.record_objection(round_.id, first.id, "", True, world.officer)
    operations.record_objection(round_.id, first.id, "Undeclared flat", True, world.officer)
    holders = db.session.execute(
        sa.select(RoundAssignment.application_id, RoundAssignment.unit_id).where(
            RoundAssignment.round_id == round_.id
        )
    ).all()
    assert holders == [(second.id, unit_id)]
    db.session.refresh(first)
    assert first.status == ApplicationStatus.WAITING
    assert offers.issue_offers(utcnow() + timedelta(days=6))["offers"] == 1
    assert offer_of(db, second).unit_id == unit_id and offer_of(db, first) is None


def test_dismissed_objection_changes_nothing(db):
    world, round_ = offers_out(units=1, applicants=2, notice_days=5)
    first = world.applicants[0]
    operations.record_objection(round_.id, first.id, "Rumour", False, world.officer)
    db.session.refresh(first)
    assert first.status == ApplicationStatus.OFFERED


def test_crash_in_a_cascade_leaves_the_decline_undone(db, monkeypatch):
    world, _round = offers_out(units=1, applicants=2)
    first = world.applicants[0]
    offer = offer_of(db, first)

    def crash(*a, **k):
        raise RuntimeError("power cut")

    monkeypatch.setattr(offers, "next_in_order", crash)
    with pytest.raises(RuntimeError):
        offers.decline(first.user, offer.id, "no")
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).status == OfferStatus.PENDING
    assert db.session.get(type(first), first.id).status == ApplicationStatus.OFFERED


def test_objection_after_acceptance_is_refused(db):
    world, round_ = offers_out(units=1, applicants=2)
    first = world.applicants[0]
    offers.accept(first.user, offer_of(db, first).id)
    with pytest.raises(ConflictError):
        operations.record_objection(round_.id, first.id, "Too late", True, world.officer)
    db.session.refresh(first)
    assert first.status == ApplicationStatus.HOUSED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoundAssignment)) == 1


def test_upheld_objection_during_offers_withdraws_the_offer_and_cascades(db):
    world, round_ = offers_out(units=1, applicants=2)
    first, second = world.applicants
    offer = offer_of(db, first)
    operations.record_objection(round_.id, first.id, "Owns a flat", True, world.officer)
    assert offer_of(db, first).status == OfferStatus.WITHDRAWN
    assert offer_of(db, second).cascade_of_id == offer.id
