"""Races, with real concurrent sessions: two commits of one month, two answers to one offer."""

import threading

import sqlalchemy as sa

from housing.errors import ConflictError
from housing.models import AllocationRound, Offer, OfferStatus, RoundStatus, Tenancy, User
from housing.rounds import offers, operations
from tests.web.round_helpers import make_world


def race(app, *calls):
    """Run each call in its own thread, app context and database session, all at once."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, call):
        with app.app_context():
            try:
                barrier.wait()
                outcomes[i] = ("ok", call())
            except ConflictError as exc:
                outcomes[i] = ("conflict", exc.message)
            except Exception as exc:  # reported, so the test shows what went wrong
                outcomes[i] = ("error", repr(exc))
            finally:
                operations.db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return [o[0] for o in outcomes], outcomes


def test_two_officers_commit_the_same_month_at_once(app, db):
    world = make_world(units=3, applicants=5)
    a = operations.start_preview("2027-01", world.officer).id
    b = operations.start_preview("2027-01", world.officer).id
    officer_id = world.officer.id

    def commit(round_id):
        return lambda: operations.commit(round_id, operations.db.session.get(User, officer_id)).id

    kinds, outcomes = race(app, commit(a), commit(b))
    assert sorted(kinds) == ["conflict", "ok"], outcomes
    db.session.expire_all()
    committed = db.session.scalars(
        sa.select(AllocationRound).where(AllocationRound.status == RoundStatus.NOTICE)
    ).all()
    assert len(committed) == 1


def test_the_same_preview_committed_twice_at_once(app, db):
    world = make_world(units=2, applicants=3)
    a = operations.start_preview("2027-01", world.officer).id
    officer_id = world.officer.id

    def commit():
        return operations.commit(a, operations.db.session.get(User, officer_id)).id

    kinds, outcomes = race(app, commit, commit)
    assert sorted(kinds) == ["conflict", "ok"], outcomes


def test_two_accepts_of_one_offer_at_once(app, db):
    world = make_world(units=1, applicants=2)
    policy = operations.current_policy()
    policy.notice_days = 0
    db.session.commit()
    round_ = operations.commit(operations.start_preview("2027-01", world.officer).id, None)
    offer = db.session.scalar(sa.select(Offer).where(Offer.round_id == round_.id))
    user_id = offer.application.user_id
    offer_id = offer.id

    def accept():
        return offers.accept(operations.db.session.get(User, user_id), offer_id).id

    kinds, outcomes = race(app, accept, accept)
    assert sorted(kinds) == ["conflict", "ok"], outcomes
    db.session.expire_all()
    assert db.session.get(Offer, offer_id).status == OfferStatus.ACCEPTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tenancy)) == 1
