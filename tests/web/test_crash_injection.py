"""A crash at any step of a multi-step operation leaves the database exactly as it was.

Each step function is replaced by one that raises (on its first call, or a later one where the
step repeats); the request's teardown rolls the session back, and a dump of every table read on
a fresh connection must equal the dump taken before. Each operation is also run once without a
fault, to show the steps are on its path and that it does change the database.
"""

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

import housing.audit
from housing.landlords import imports
from housing.models import Offer
from housing.officers import operations as officer_ops
from housing.rounds import offers as round_offers
from housing.rounds import operations as rounds
from tests.db_dump import differences, dump_tables
from tests.web.landlord_helpers import add_building, add_unit, csv_bytes, unit_line
from tests.web.round_helpers import make_world
from tests.web.test_rounds_offers import offer_of, offers_out


class Injected(Exception):
    """The fault: nothing in the application catches it."""


def fail_at(monkeypatch, target, name: str, nth: int = 1) -> list:
    """Make `target.name` raise on its `nth` call; earlier calls run the real step."""
    real = getattr(target, name)
    calls = []

    def step(*args, **kwargs):
        calls.append(name)
        if len(calls) == nth:
            raise Injected(f"{name} (call {nth})")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, step)
    return calls


def assert_crash_changes_nothing(db, monkeypatch, step: tuple, run) -> None:
    before = dump_tables(db.engine)
    with monkeypatch.context() as patch:
        target, name, *nth = step
        fail_at(patch, target, name, *nth)
        with pytest.raises(Injected):
            run()
    db.session.rollback()  # what the request's teardown does with a session an error left
    db.session.expire_all()
    changed = differences(before, dump_tables(db.engine))
    assert not changed, f"a crash at {name} left changes behind:\n" + "\n".join(changed)


def assert_runs_and_changes(db, run) -> None:
    before = dump_tables(db.engine)
    run()
    assert differences(before, dump_tables(db.engine))


# --- The unit import: new units and changed ones, one transaction --------------------------

IMPORT_STEPS = [
    (imports, "read_rows"),
    (imports, "validate_rows"),
    (imports, "_write"),
    (housing.audit, "entry"),  # the update's audit row, before any write
    (housing.audit, "entry", 2),  # the first new unit's audit row, after the insert
    (housing.audit, "record_all"),  # every unit written, the audit not yet
    (Session, "commit"),
]


def _import_world(make_user):
    landlord = make_user("landlord")
    building = add_building(landlord)
    add_unit(landlord, building, code="B01-0201")
    data = csv_bytes(
        [
            unit_line("B01-0201", rent="4300"),  # an update
            unit_line("B01-0202"),
            unit_line("B01-0203"),
        ]
    )
    return lambda: imports.import_units(landlord.landlord_id, landlord, data)


@pytest.mark.parametrize("step", IMPORT_STEPS, ids=lambda s: f"{s[1]}{s[2:] or ''}")
def test_import_crash(db, make_user, monkeypatch, step):
    assert_crash_changes_nothing(db, monkeypatch, step, _import_world(make_user))


def test_import_without_a_fault_writes(db, make_user):
    assert_runs_and_changes(db, _import_world(make_user))


# --- An officer's decision: status, event, points, audit, notification --------------------

DECISION_STEPS = [
    (officer_ops, "transition"),
    (officer_ops, "current_policy"),
    (officer_ops, "snapshot_priority"),  # the status has moved, the points not yet
    (housing.audit, "record"),
    (officer_ops, "notify"),  # everything but the applicant's notification and mail
    (Session, "commit"),
]


def _submitted(db, make_user):
    from tests.web.applicant_helpers import make_employer, submitted

    officer = make_user("officer")
    application = submitted(make_user("applicant"), make_employer(db))
    return officer, application


@pytest.mark.parametrize("step", DECISION_STEPS, ids=lambda s: s[1])
def test_verify_crash(db, make_user, monkeypatch, step):
    officer, application = _submitted(db, make_user)
    assert_crash_changes_nothing(
        db, monkeypatch, step, lambda: officer_ops.verify(application, officer, "checked")
    )


REJECT_STEPS = [s for s in DECISION_STEPS if s[1] not in ("current_policy", "snapshot_priority")]


@pytest.mark.parametrize("step", REJECT_STEPS, ids=lambda s: s[1])
def test_reject_crash(db, make_user, monkeypatch, step):
    officer, application = _submitted(db, make_user)
    assert_crash_changes_nothing(
        db, monkeypatch, step, lambda: officer_ops.reject(application, officer, "Not eligible")
    )


def test_decisions_without_a_fault_write(db, make_user):
    officer, application = _submitted(db, make_user)
    assert_runs_and_changes(db, lambda: officer_ops.verify(application, officer, "checked"))


# --- A round commit: the round, applications offered, units offered, notices, offers ------

COMMIT_STEPS = [
    (rounds, "build_input"),  # the round is taken, the input checked
    (rounds, "_allocate"),
    (rounds, "transition"),
    (rounds, "transition", 3),  # the first applications already offered
    (housing.audit, "record"),  # applications and units moved
    (rounds, "_notify_result"),
    (rounds, "notify_many", 2),  # the served told, the others not yet
    (round_offers, "start_offers"),
    (round_offers, "_offer", 2),  # one offer written and its mail queued
    (round_offers, "notify"),
    (Session, "commit"),
]


def _preview(db):
    world = make_world(units=3, applicants=5)
    rounds.current_policy().notice_days = 0
    db.session.commit()
    preview = rounds.start_preview("2027-01", world.officer)
    return lambda: rounds.commit(preview.id, world.officer)


@pytest.mark.parametrize("step", COMMIT_STEPS, ids=lambda s: f"{s[1]}{s[2:] or ''}")
def test_round_commit_crash(db, monkeypatch, step):
    assert_crash_changes_nothing(db, monkeypatch, step, _preview(db))


def test_round_commit_without_a_fault_writes(db):
    commit = _preview(db)
    assert_runs_and_changes(db, commit)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Offer)) == 3


# --- An offer cascade: a decline passes the unit to the next in order ---------------------

CASCADE_STEPS = [
    (round_offers, "_claim"),
    (round_offers, "_refused"),
    (round_offers, "snapshot_priority"),  # the decliner is back to waiting
    (housing.audit, "record"),  # the decline recorded, not yet cascaded
    (round_offers, "cascade"),
    (round_offers, "next_in_order"),
    (round_offers, "transition", 2),  # the next applicant, after the decliner moved
    (round_offers, "round_files"),
    (round_offers, "_offer"),
    (round_offers, "notify"),  # the new offer written, its notification not
    (housing.audit, "record", 2),
    (Session, "commit"),
]


def _declining(db):
    world, _round = offers_out(units=2, applicants=4)
    first = world.applicants[0]
    offer_id = offer_of(db, first).id
    return lambda: round_offers.decline(first.user, offer_id, "Too far from school")


@pytest.mark.parametrize("step", CASCADE_STEPS, ids=lambda s: f"{s[1]}{s[2:] or ''}")
def test_offer_cascade_crash(db, monkeypatch, step):
    assert_crash_changes_nothing(db, monkeypatch, step, _declining(db))


def test_offer_cascade_without_a_fault_offers_the_next(db):
    decline = _declining(db)
    assert_runs_and_changes(db, decline)
    pending = db.session.scalars(sa.select(Offer).where(Offer.cascade_of_id.is_not(None))).all()
    assert len(pending) == 1
