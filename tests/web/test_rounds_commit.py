"""Commit: one transaction, refused when stale or when the month already has a round."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from housing.errors import ConflictError
from housing.models import (
    AllocationRound,
    ApplicationStatus,
    Notification,
    Offer,
    OfferStatus,
    PolicyVersion,
    RoundStatus,
    UnitStatus,
)
from housing.models._base import utcnow
from housing.rounds import offers, operations
from tests.web.round_helpers import make_world


def statuses(world):
    for obj in world.applicants + world.units:
        operations.db.session.refresh(obj)
    return [a.status for a in world.applicants], [u.status for u in world.units]


def test_commit_allocates_and_opens_the_notice(db):
    world = make_world(units=2, applicants=3)
    preview = operations.start_preview("2027-01", world.officer)
    committed = operations.commit(preview.id, world.officer)
    assert committed.status == RoundStatus.NOTICE
    assert committed.committed_month == "2027-01"
    assert committed.notice_until - committed.committed_at == timedelta(days=5)
    apps, units = statuses(world)
    assert apps == [ApplicationStatus.OFFERED] * 2 + [ApplicationStatus.WAITING]
    assert units == [UnitStatus.OFFERED] * 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Offer)) == 0
    told = db.session.execute(sa.select(Notification.user_id, Notification.kind)).all()
    users = [a.user_id for a in world.applicants]
    assert sorted(told) == sorted(
        [(users[0], "round.served"), (users[1], "round.served"), (users[2], "round.not_served")]
    )
    why = db.session.scalar(sa.select(Notification.body).where(Notification.user_id == users[2]))
    assert "排在您前面的申请人" in why  # the reason, in the applicant's language


def test_stale_preview_is_refused_and_nothing_changes(db):
    world = make_world(units=2, applicants=3)
    preview = operations.start_preview("2027-01", world.officer)
    world.add_applicants(1, priority=5000.0)  # someone joined the queue since
    with pytest.raises(ConflictError) as caught:
        operations.commit(preview.id, world.officer)
    assert "重新试运行" in caught.value.message
    db.session.expire_all()
    assert db.session.get(AllocationRound, preview.id).status == RoundStatus.PREVIEW
    apps, units = statuses(world)
    assert set(apps) == {ApplicationStatus.WAITING}
    assert set(units) == {UnitStatus.VACANT}


def test_policy_change_makes_a_preview_stale(db):
    world = make_world(units=1, applicants=1)
    preview = operations.start_preview("2027-01", world.officer)
    db.session.add(PolicyVersion(version=2, note="new"))
    db.session.commit()
    with pytest.raises(ConflictError):
        operations.commit(preview.id, world.officer)


def test_second_commit_for_a_month_is_refused(db):
    world = make_world(units=2, applicants=4)
    first = operations.start_preview("2027-01", world.officer)
    second = operations.start_preview("2027-01", world.officer)
    operations.commit(first.id, world.officer)
    with pytest.raises(ConflictError):
        operations.commit(second.id, world.officer)
    with pytest.raises(ConflictError):
        operations.commit(first.id, world.officer)
    db.session.expire_all()
    assert db.session.get(AllocationRound, second.id).status == RoundStatus.PREVIEW


def test_zero_notice_sends_offers_at_once(db):
    world = make_world(units=2, applicants=3)
    policy = operations.current_policy()
    policy.notice_days = 0
    db.session.commit()
    preview = operations.start_preview("2027-01", world.officer)
    committed = operations.commit(preview.id, world.officer)
    assert committed.status == RoundStatus.OFFERS
    sent = db.session.scalars(sa.select(Offer)).all()
    assert len(sent) == 2 and {o.status for o in sent} == {OfferStatus.PENDING}
    assert all(o.deadline_at - o.sent_at == timedelta(days=7) for o in sent)
    assert all(o.commute_min is not None for o in sent)


def test_issue_offers_job_runs_once(db):
    world = make_world(units=2, applicants=3)
    preview = operations.start_preview("2027-01", world.officer)
    operations.commit(preview.id, world.officer)
    assert offers.issue_offers() == {"rounds": 0, "offers": 0}  # notice not over
    later = utcnow() + timedelta(days=6)
    assert offers.issue_offers(later) == {"rounds": 1, "offers": 2}
    assert offers.issue_offers(later) == {"rounds": 0, "offers": 0}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Offer)) == 2


def test_crash_in_the_middle_of_a_commit_changes_nothing(db, monkeypatch):
    world = make_world(units=2, applicants=3)
    preview = operations.start_preview("2027-01", world.officer)

    def crash(*a, **k):
        raise RuntimeError("power cut")

    monkeypatch.setattr(operations, "_notify_result", crash)
    with pytest.raises(RuntimeError):
        operations.commit(preview.id, world.officer)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(AllocationRound, preview.id).status == RoundStatus.PREVIEW
    apps, units = statuses(world)
    assert set(apps) == {ApplicationStatus.WAITING} and set(units) == {UnitStatus.VACANT}
