"""Officers verify, reject or send back applications; duplicates are flagged; points recompute."""

from datetime import timedelta

import sqlalchemy as sa

from housing.applicants import operations
from housing.models import (
    ApplicationStatus,
    AuditEvent,
    HouseholdMember,
    Notification,
    PolicyVersion,
    PrioritySnapshot,
)
from housing.models._base import utcnow
from housing.officers import operations as officer_ops
from housing.policy import publish_policy, recompute_priorities
from tests.web.applicant_helpers import MEMBER_ID, app_of, make_employer, ready_draft, submitted
from tests.web.conftest import VALID_IDS, csrf_token, switch_language

S = ApplicationStatus


def officer_login(client, make_user, login):
    officer = make_user("officer", email="officer@example.cn")
    login("officer@example.cn")
    switch_language(client, "en")
    return officer


def test_queue_is_oldest_first_with_documents_inline(client, db, make_user, login):
    employer = make_employer(db)
    newer = submitted(make_user(email="new@example.cn"), employer)
    older = submitted(make_user(email="old@example.cn"), employer)
    older.submitted_at = utcnow() - timedelta(days=3)
    db.session.commit()
    officer_login(client, make_user, login)
    page = client.get("/officer/applications")
    assert page.status_code == 200
    assert page.text.index(f'data-id="{older.id}"') < page.text.index(f'data-id="{newer.id}"')
    detail = client.get(f"/officer/applications/{older.id}")
    assert 'data-testid="document"' in detail.text
    assert f"/officer/documents/{older.documents[0].id}" in detail.text
    file = client.get(f"/officer/documents/{older.documents[0].id}")
    assert file.status_code == 200 and file.mimetype == "application/pdf"
    assert db.session.scalar(
        sa.select(AuditEvent.action).where(AuditEvent.action == "document.viewed")
    )


def test_verify_starts_waiting_and_computes_points(client, db, make_user, login):
    employer = make_employer(db)
    user = make_user(email="a@example.cn")
    application = submitted(user, employer)
    officer = officer_login(client, make_user, login)
    page = client.get(f"/officer/applications/{application.id}")
    r = client.post(
        f"/officer/applications/{application.id}/verify",
        data={"verify-csrf_token": csrf_token(page.text), "verify-note": "ok"},
    )
    assert r.status_code == 302
    db.session.expire_all()
    application = app_of(db, user)
    assert application.status == S.VERIFIED
    assert application.verified_by_id == officer.id
    assert application.waiting_since == utcnow().date()
    assert application.priority == 250  # key-industry category 200 + key-industry employer 50
    snapshot = db.session.scalar(sa.select(PrioritySnapshot))
    assert snapshot.total == 250 and snapshot.breakdown[0]["rule"] == "category:key_industry"
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action.like("application.%")))
    assert audit.action == "application.verified" and audit.actor_id == officer.id
    kinds = db.session.scalars(sa.select(Notification.kind).order_by(Notification.id)).all()
    assert kinds == ["application.submitted", "application.verified"]


def test_reject_needs_a_reason_the_applicant_sees(client, db, make_user, login):
    employer = make_employer(db)
    user = make_user(email="a@example.cn")
    application = submitted(user, employer)
    officer_login(client, make_user, login)
    page = client.get(f"/officer/applications/{application.id}")
    token = csrf_token(page.text)
    empty = client.post(
        f"/officer/applications/{application.id}/reject",
        data={"reject-csrf_token": token, "reject-reason": ""},
    )
    assert empty.status_code == 422
    assert 'id="reject-reason-error"' in empty.text
    assert app_of(db, user).status == S.SUBMITTED
    r = client.post(
        f"/officer/applications/{application.id}/reject",
        data={"reject-csrf_token": token, "reject-reason": "No social insurance record"},
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert app_of(db, user).status == S.REJECTED
    client.post("/auth/logout", data={"csrf_token": token})
    login("a@example.cn")
    home = client.get("/me/")
    assert "No social insurance record" in home.text
    assert 'data-kind="application.rejected"' in home.text


def test_request_documents_sends_it_back_as_draft(client, db, make_user, login):
    employer = make_employer(db)
    user = make_user(email="a@example.cn")
    application = submitted(user, employer)
    officer = make_user("officer")
    officer_ops.request_documents(application, officer, "Upload your labour contract")
    db.session.expire_all()
    application = app_of(db, user)
    assert application.status == S.DRAFT
    assert application.decision_reason == "Upload your labour contract"
    login(user.email)
    assert "Upload your labour contract" in client.get("/me/application/documents").text
    # ... and it can be resubmitted.
    operations.submit(application, user)
    assert application.status == S.SUBMITTED and application.decision_reason is None


def test_duplicates_are_flagged(client, db, make_user, login):
    employer = make_employer(db)
    first = make_user(email="first@example.cn", id_number=VALID_IDS[0])
    first_app = ready_draft(first, employer)
    operations.add_member(first_app, {"name": "王芳", "relation": "spouse", "id_number": MEMBER_ID})
    operations.submit(first_app, first)
    # The spouse registers herself and applies too.
    spouse = make_user(email="spouse@example.cn", id_number=MEMBER_ID)
    second = submitted(spouse, employer)
    assert second.duplicate_of_id == first_app.id
    # Same name and phone under another e-mail.
    a = make_user(email="x1@example.cn", id_number=VALID_IDS[1])
    b = make_user(email="x2@example.cn", id_number=VALID_IDS[2])
    a.name = b.name = "赵六"
    a.phone = b.phone = "13900000000"
    db.session.commit()
    submitted(a, employer)
    assert submitted(b, employer).duplicate_of_id == app_of(db, a).id
    officer_login(client, make_user, login)
    assert 'data-testid="duplicate-flag"' in client.get("/officer/applications").text
    assert (
        'data-testid="duplicate-warning"' in client.get(f"/officer/applications/{second.id}").text
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HouseholdMember)) == 1


def test_recompute_appends_history_and_is_idempotent(client, db, make_user, login):
    employer = make_employer(db)
    officer = make_user("officer")
    application = submitted(make_user(email="a@example.cn"), employer)
    officer_ops.verify(application, officer)
    application.waiting_since = utcnow().date() - timedelta(days=95)
    db.session.commit()
    first = recompute_priorities()
    assert first["snapshots"] == 1
    assert recompute_priorities()["snapshots"] == 0  # nothing moved
    assert application.priority == 250 + 3 * 5
    policy = publish_policy(officer, {"points_per_month": 10}, note="more for waiting")
    assert policy.version == 2
    assert application.priority == 250 + 3 * 10
    totals = db.session.scalars(sa.select(PrioritySnapshot.total).order_by(PrioritySnapshot.id))
    assert list(totals) == [250, 265, 280]  # history kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PolicyVersion)) == 2
    # The button on the dashboard does the same and is audited.
    login(officer.email)
    page = client.get("/officer/")
    r = client.post("/officer/priorities/recompute", data={"csrf_token": csrf_token(page.text)})
    assert r.status_code == 302
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "priorities.recomputed")
        )
        == 2
    )
