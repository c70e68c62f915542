"""Personal data is kept only as long as the policy says, and the purge is recorded."""

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from housing.applicants import operations
from housing.applicants.retention import purge_personal_data
from housing.models import Application, AuditEvent, Document, HouseholdMember, User
from housing.models._base import utcnow
from tests.web.applicant_helpers import app_of, make_employer, submitted


def _withdrawn(db, user, employer) -> Application:
    application = submitted(user, employer)
    operations.withdraw(application, user, "moving away")
    return application


def test_a_long_closed_application_loses_its_documents_and_personal_details(app, db, make_user):
    employer = make_employer(db)
    user = make_user(email="a@example.cn")
    application = _withdrawn(db, user, employer)
    stored = [Path(app.config["UPLOAD_FOLDER"]) / d.stored_name for d in application.documents]
    assert stored and all(path.exists() for path in stored)

    soon = utcnow() + timedelta(days=30 * 23)
    assert purge_personal_data(soon)["applications"] == 0  # within the 24 months

    later = utcnow() + timedelta(days=30 * 25)
    counts = purge_personal_data(later)
    assert counts["applications"] == 1 and counts["documents"] == len(stored)
    assert counts["people"] == 1
    assert not any(path.exists() for path in stored)
    db.session.expire_all()
    application = app_of(db, user)
    assert application.purged_at is not None and application.workplace_address is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HouseholdMember)) == 0
    person = db.session.get(User, user.id)
    assert person.id_number_hash is None and person.phone is None and "*" in person.name
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "personal_data.purged")
    )
    assert event.data["documents"] == len(stored) and event.object_id == application.id
    assert application.status.value == "withdrawn"  # the record of what happened stays
    assert purge_personal_data(later + timedelta(days=1))["applications"] == 0  # once


def test_a_live_application_is_never_purged(app, db, make_user):
    employer = make_employer(db)
    submitted(make_user(email="a@example.cn"), employer)
    assert purge_personal_data(utcnow() + timedelta(days=3650))["applications"] == 0


def test_the_purge_job_and_command(app, db, make_user):
    employer = make_employer(db)
    _withdrawn(db, make_user(email="a@example.cn"), employer)
    result = app.test_cli_runner().invoke(args=["housing", "purge-personal-data"])
    assert result.exit_code == 0 and "0 applications" in result.output
    again = app.test_cli_runner().invoke(args=["housing", "purge-personal-data"])
    assert "already ran today" in again.output
