"""The officers' queue: search by name, ID number, phone or number; filters; the bulk request."""

import threading
import time
from datetime import timedelta

import sqlalchemy as sa

from housing.auth.operations import register_applicant
from housing.extensions import db as _db
from housing.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    AuditEvent,
    Category,
    Notification,
    User,
)
from housing.models._base import utcnow
from housing.officers import queue
from tests.web.applicant_helpers import make_employer, submitted
from tests.web.conftest import VALID_IDS, csrf_token, switch_language

S = ApplicationStatus


def _people(db):
    """Three submitted applications: 张伟 (phone with spaces), Li Na, 王芳 (a young talent)."""
    employer = make_employer(db)
    zhang = register_applicant("zhang@example.cn", "secret-pass-1", "张伟", VALID_IDS[0],
                               phone="+86 138-0013-8000")  # fmt: skip
    li = register_applicant("lina@example.cn", "secret-pass-1", "Li Na", VALID_IDS[1],
                            phone="13900139000")  # fmt: skip
    wang = register_applicant("wang@example.cn", "secret-pass-1", "王芳", VALID_IDS[2])
    apps = [submitted(u, employer) for u in (zhang, li, wang)]
    apps[2].category = Category.YOUNG
    apps[0].submitted_at = utcnow() - timedelta(days=40)
    db.session.commit()
    return apps


def _found(q: str, **args) -> list[int]:
    filters = queue.queue_filters({"q": q, **args})
    return [a.id for a in _db.session.scalars(queue.queue_query(filters))]


def test_search_by_name_id_number_phone_and_number(db):
    zhang, li, wang = _people(db)
    assert _found("张") == [zhang.id]
    assert _found("li na") == [li.id]  # any case, spaces squeezed
    # The whole ID number, as typed with a lower-case x and spaces: compared by its hash.
    assert _found(VALID_IDS[0].lower()[:6] + " " + VALID_IDS[0].lower()[6:]) == [zhang.id]
    assert _found(VALID_IDS[0][:10]) == []  # part of an ID number names nobody
    assert _found("13800138000") == [zhang.id]  # stored as "+86 138-0013-8000"
    assert _found("+86 139 0013 9000") == [li.id]
    assert _found(f"#{wang.id}") == [wang.id]
    assert _found(str(wang.id)) == [wang.id]
    assert _found("wang@example") == [wang.id]
    assert _found("%") == [] and _found("_") == []  # wildcards are text


def test_a_search_naming_many_people_asks_by_subquery(db, monkeypatch):
    apps = _people(db)
    monkeypatch.setattr(queue, "MAX_PEOPLE", 1)
    assert _found("example.cn") == [a.id for a in apps]


def test_filters_combine_with_search_and_pages(db, client, make_user, login):
    zhang, li, wang = _people(db)
    assert _found("", category="young") == [wang.id]
    today = utcnow().date()
    recent = {"submitted_from": (today - timedelta(days=7)).isoformat()}
    assert _found("", **recent) == [li.id, wang.id]
    old = {"submitted_to": (today - timedelta(days=30)).isoformat()}
    assert _found("", **old) == [zhang.id]
    assert _found("王", status="verified") == []
    assert _found("王", status="all") == [wang.id]
    make_user("officer", email="officer@example.cn")
    login("officer@example.cn")
    switch_language(client, "en")
    page = client.get("/officer/applications", query_string={"q": "王芳", "status": "all"})
    assert page.status_code == 200
    assert f'data-id="{wang.id}"' in page.text and f'data-id="{li.id}"' not in page.text
    bad = client.get("/officer/applications", query_string={"submitted_from": "tomorrow"})
    assert bad.status_code == 400


def test_api_queue_search_and_filter_errors(db, client, make_user, token):
    zhang, _li, _wang = _people(db)
    make_user("officer", email="officer@example.cn")
    headers = token("officer@example.cn")
    found = client.get(
        "/api/v1/officer/applications", query_string={"q": VALID_IDS[0]}, headers=headers
    )
    assert found.status_code == 200
    assert [a["id"] for a in found.json["items"]] == [zhang.id] and found.json["total"] == 1
    bad = client.get(
        "/api/v1/officer/applications", query_string={"category": "famous"}, headers=headers
    )
    assert bad.status_code == 400 and "category" in bad.json["error"]["fields"]
    bad = client.get(
        "/api/v1/officer/applications",
        query_string={"submitted_from": "2027-02-01", "submitted_to": "2027-01-01"},
        headers=headers,
    )
    assert bad.status_code == 400 and "submitted_from" in bad.json["error"]["fields"]


def _returned(db, application_id: int) -> bool:
    return db.session.get(Application, application_id).status == S.DRAFT


def test_bulk_request_on_the_page_each_gets_event_message_and_audit(db, client, make_user, login):
    zhang, li, wang = _people(db)
    make_user("officer", email="officer@example.cn")
    login("officer@example.cn")
    switch_language(client, "en")
    page = client.get("/officer/applications")
    assert 'data-testid="bulk-form"' in page.text
    response = client.post(
        "/officer/applications/request-documents",
        data={
            "csrf_token": csrf_token(page.text),
            "ids": [str(zhang.id), str(wang.id)],
            "note": "Please upload your degree certificate.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert _returned(db, zhang.id) and _returned(db, wang.id) and not _returned(db, li.id)
    for application in (zhang, wang):
        events = db.session.scalars(
            sa.select(ApplicationEvent).where(
                ApplicationEvent.application_id == application.id,
                ApplicationEvent.from_status == "submitted",
            )
        ).all()
        assert [e.note for e in events] == ["Please upload your degree certificate."]
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).where(
                    Notification.user_id == application.user_id,
                    Notification.kind == "application.documents_requested",
                )
            )
            == 1
        )
    audits = db.session.scalars(
        sa.select(AuditEvent.object_id).where(
            AuditEvent.action == "application.documents_requested"
        )
    ).all()
    assert sorted(audits) == sorted([zhang.id, wang.id])
    shown = client.get(response.headers["Location"])
    assert "2 applications returned" in shown.text


def test_bulk_request_needs_a_note_and_a_choice(db, client, make_user, login):
    zhang, _li, _wang = _people(db)
    make_user("officer", email="officer@example.cn")
    login("officer@example.cn")
    switch_language(client, "en")
    page = client.get("/officer/applications")
    response = client.post(
        "/officer/applications/request-documents",
        data={"csrf_token": csrf_token(page.text), "ids": [str(zhang.id)], "note": ""},
    )
    assert response.status_code == 422 and "This field is required" in response.text
    response = client.post(
        "/officer/applications/request-documents",
        data={"csrf_token": csrf_token(page.text), "note": "Missing payslips"},
    )
    assert response.status_code == 422 and "Choose at least one" in response.text
    db.session.expire_all()
    assert db.session.get(Application, zhang.id).status == S.SUBMITTED


def test_bulk_request_api_skips_what_is_not_submitted(db, client, make_user, token):
    zhang, li, _wang = _people(db)
    li.status = S.REJECTED
    db.session.commit()
    make_user("officer", email="officer@example.cn")
    headers = token("officer@example.cn")
    response = client.post(
        "/api/v1/officer/applications/request-documents",
        json={"ids": [zhang.id, li.id, 999_999], "note": "Missing payslips"},
        headers=headers,
    )
    assert response.status_code == 200, response.json
    assert response.json["returned"] == [zhang.id]
    assert response.json["skipped"] == [
        {"id": li.id, "status": "rejected"},
        {"id": 999_999, "status": None},
    ]
    bad = client.post(
        "/api/v1/officer/applications/request-documents", json={"ids": []}, headers=headers
    )
    assert bad.status_code == 422 and {"ids", "note"} <= set(bad.json["error"]["fields"])


def test_bulk_request_skips_an_application_decided_meanwhile(app, db, make_user):
    """Another officer verifies one of the chosen applications while the bulk action runs:
    its row is locked, the bulk UPDATE waits, then finds the status moved and skips it."""
    zhang, li, wang = _people(db)
    officer_id = make_user("officer").id
    ids = [zhang.id, li.id, wang.id]
    other = _db.engine.connect()
    decision = other.begin()
    other.execute(sa.update(Application).where(Application.id == li.id).values(status=S.VERIFIED))
    outcome = {}

    def bulk():
        with app.app_context():
            try:
                officer = _db.session.get(User, officer_id)
                outcome["result"] = queue.bulk_request_documents(ids, officer, "Missing payslips")
            except Exception as exc:  # pragma: no cover - reported below
                outcome["error"] = exc
            finally:
                _db.session.remove()

    worker = threading.Thread(target=bulk)
    worker.start()
    time.sleep(0.5)
    if other.dialect.name == "postgresql":
        assert worker.is_alive(), "the bulk UPDATE should wait for the other officer's lock"
    decision.commit()
    other.close()
    worker.join(timeout=30)
    assert "error" not in outcome, outcome
    result = outcome["result"]
    assert result.returned == [zhang.id, wang.id]
    assert result.skipped == [(li.id, "verified")]
    db.session.expire_all()
    assert db.session.get(Application, li.id).status == S.VERIFIED
    assert not db.session.scalar(
        sa.select(ApplicationEvent.id).where(
            ApplicationEvent.application_id == li.id, ApplicationEvent.from_status == "submitted"
        )
    )
