"""The applicant's journey and the verification queue over /api/v1."""

import io

import sqlalchemy as sa

from housing.models import Application, ApplicationStatus, AuditEvent, Document
from tests.web.applicant_helpers import MEMBER_ID, PDF, PNG, make_employer, submitted
from tests.web.conftest import VALID_IDS

S = ApplicationStatus


def test_openapi_lists_the_applicant_resources(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/api/v1/me/application",
        "/api/v1/me/application/submit",
        "/api/v1/me/application/documents",
        "/api/v1/me/waitlist",
        "/api/v1/employers",
        "/api/v1/eligibility",
        "/api/v1/officer/applications",
        "/api/v1/officer/applications/{application_id}/verify",
        "/api/v1/officer/applications/{application_id}/reject",
    ):
        assert path in paths


def test_eligibility_and_employers_are_public(client, db):
    make_employer(db, code="E0001", name="上海数字经济第1有限公司", name_en="Digital One")
    make_employer(db, code="E0002", name="上海航空服务第2有限公司", name_en="Air Two")
    ok = client.post(
        "/api/v1/eligibility",
        json={
            "employer_in_district": True,
            "social_insurance_in_shanghai": True,
            "category": "young",
        },
    )
    assert ok.status_code == 200 and ok.json["eligible"] is True and ok.json["policy_version"] == 1
    no = client.post(
        "/api/v1/eligibility",
        json={
            "employer_in_district": False,
            "social_insurance_in_shanghai": True,
            "owns_housing_in_shanghai": True,
            "owned_area_per_person_m2": 14.9,
            "category": "young",
        },
    )
    assert no.json["eligible"] is False
    assert set(no.json["reasons"]) == {"employer_in_district"}  # under 15 m² is fine
    bad = client.post("/api/v1/eligibility", json={"category": "astronaut"})
    assert bad.status_code == 422
    assert {"category", "employer_in_district"} <= set(bad.json["error"]["fields"])
    found = client.get("/api/v1/employers?q=air&per_page=10")
    assert found.status_code == 200
    assert [e["code"] for e in found.json["items"]] == ["E0002"]
    assert found.json["total"] == 1 and found.json["items"][0]["location"] == [31.2222, 121.417]
    assert client.get("/api/v1/employers?per_page=500").status_code == 400


def test_draft_upload_submit_verify_waitlist(client, db, make_user, token):
    employer = make_employer(db)
    make_user(email="a@example.cn")
    make_user("officer", email="officer@example.cn")
    me = token("a@example.cn")
    assert client.get("/api/v1/me/application", headers=me).status_code == 404
    bad = client.put(
        "/api/v1/me/application",
        headers=me,
        json={
            "category": "key_industry",
            "workplace": {"address": "x", "location": [121.4, 31.2]},
            "members": [{"name": "李娜", "relation": "spouse", "id_number": "110105194912310021"}],
            "max_commute_min": 500,
        },
    )
    assert bad.status_code == 422
    fields = bad.json["error"]["fields"]
    assert {"workplace.location", "members.0.id_number", "max_commute_min"} <= set(fields)
    assert db.session.scalar(sa.select(Application.category)) is None  # nothing saved
    stated = client.put(
        "/api/v1/me/application",
        headers=me,
        json={"members": [{"name": "李娜", "relation": "child", "id_number": MEMBER_ID}],
              "household_size": 3},
    )  # fmt: skip
    assert stated.status_code == 422
    assert set(stated.json["error"]["fields"]) == {"household_size"}
    r = client.put(
        "/api/v1/me/application",
        headers=me,
        json={
            "category": "key_industry",
            "employer_id": employer.id,
            "social_insurance_in_shanghai": True,
            "workplace": {"address": "长宁区中山公园1号", "location": [31.2222, 121.417]},
            "members": [{"name": "李娜", "relation": "child", "id_number": MEMBER_ID}],
            "household_size": 2,
            "layouts": ["1BR", "2BR"],
            "max_commute_min": 40,
            "max_rent": 6000,
        },
    )
    assert r.status_code == 200, r.json
    body = r.json
    assert body["status"] == "draft" and body["household_size"] == 2 and body["has_children"]
    assert body["members"][0]["id_number_masked"] == "110***********1372"
    assert set(body["missing"]) == {"documents", "consent"}
    early = client.post("/api/v1/me/application/submit", headers=me)
    assert early.status_code == 422 and "documents" in early.json["error"]["fields"]
    up = client.post(
        "/api/v1/me/application/documents",
        headers=me,
        data={"kind": "category_evidence", "file": (io.BytesIO(PNG), "cert.png")},
        content_type="multipart/form-data",
    )
    assert up.status_code == 201 and up.json["content_type"] == "image/png"
    client.put("/api/v1/me/application", headers=me, json={"consent": True})
    done = client.post("/api/v1/me/application/submit", headers=me)
    assert done.status_code == 200 and done.json["status"] == "submitted"
    # No edits once submitted.
    assert (
        client.put("/api/v1/me/application", headers=me, json={"max_rent": 9000}).status_code == 409
    )

    officer = token("officer@example.cn")
    queue = client.get("/api/v1/officer/applications", headers=officer)
    assert queue.status_code == 200 and queue.json["total"] == 1
    item = queue.json["items"][0]
    assert item["applicant"]["email"] == "a@example.cn" and item["duplicate_of_id"] is None
    assert (
        client.get("/api/v1/officer/applications?status=nope", headers=officer).status_code == 400
    )
    v = client.post(f"/api/v1/officer/applications/{item['id']}/verify", headers=officer)
    assert v.status_code == 200 and v.json["status"] == "verified"
    again = client.post(f"/api/v1/officer/applications/{item['id']}/verify", headers=officer)
    assert again.status_code == 409
    w = client.get("/api/v1/me/waitlist", headers=me).json
    assert w["status"] == "verified" and w["position"] == 1 and w["waiting"] == 0
    assert w["priority"] == 280  # 200 category + 50 key industry + 30 children
    assert [p["rule"] for p in w["points"]] == [
        "category:key_industry",
        "months_waited",
        "key_industry",
        "children",
    ]
    notes = client.get("/api/v1/me/notifications", headers=me).json["items"]
    assert [n["kind"] for n in notes] == ["application.verified", "application.submitted"]


def test_reject_needs_reason_and_request_documents(client, db, make_user, token):
    employer = make_employer(db)
    application = submitted(make_user(email="a@example.cn"), employer)
    make_user("officer", email="officer@example.cn")
    officer = token("officer@example.cn")
    url = f"/api/v1/officer/applications/{application.id}"
    assert client.post(f"{url}/reject", headers=officer, json={}).status_code == 422
    empty_note = client.post(f"{url}/request-documents", headers=officer, json={"note": " "})
    assert empty_note.status_code == 422 and "note" in empty_note.json["error"]["fields"]
    back = client.post(f"{url}/request-documents", headers=officer, json={"note": "Contract"})
    assert back.status_code == 200 and back.json["status"] == "draft"
    me = token("a@example.cn")
    mine = client.get("/api/v1/me/application", headers=me).json
    assert mine["decision_reason"] == "Contract" and mine["status"] == "draft"
    client.post("/api/v1/me/application/submit", headers=me)
    r = client.post(f"{url}/reject", headers=officer, json={"reason": "Not in Changning"})
    assert r.status_code == 200 and r.json["status"] == "rejected"
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "application.documents_requested" in actions and "application.rejected" in actions
    assert client.get("/api/v1/me/application", headers=me).json["decision_reason"] == (
        "Not in Changning"
    )


def test_withdraw_and_change_over_api(client, db, make_user, token):
    employer = make_employer(db)
    other = make_employer(db, code="E0005", name="上海其他公司")
    officer = make_user("officer", email="officer@example.cn")
    user = make_user(email="a@example.cn")
    application = submitted(user, employer)
    from housing.officers.operations import verify

    verify(application, officer)
    me = token("a@example.cn")
    r = client.post(
        "/api/v1/me/application/changes",
        headers=me,
        json={"kind": "job", "employer_id": other.id, "note": "new job"},
    )
    assert r.status_code == 200 and r.json["returned_to_verification"] is True
    assert r.json["application"]["status"] == "submitted"
    bad = client.post("/api/v1/me/application/changes", headers=me, json={"kind": "pets"})
    assert bad.status_code == 422
    w = client.post("/api/v1/me/application/withdraw", headers=me, json={"reason": "moving"})
    assert w.status_code == 200 and w.json["status"] == "withdrawn"
    again = client.post("/api/v1/me/application/withdraw", headers=me)
    assert again.status_code == 409


def test_nobody_reads_what_is_not_theirs(client, db, make_user, token):
    employer = make_employer(db)
    owner = make_user(email="owner@example.cn", id_number=VALID_IDS[0])
    application = submitted(owner, employer)
    document = db.session.scalar(sa.select(Document))
    make_user(email="nosy@example.cn", id_number=VALID_IDS[1])
    make_user("officer", email="officer@example.cn")
    make_user("landlord", email="landlord@example.cn")
    mine, nosy = token("owner@example.cn"), token("nosy@example.cn")
    url = f"/api/v1/me/application/documents/{document.id}"
    assert client.get(url, headers=mine).data == PDF
    assert client.get(url, headers=nosy).status_code == 404
    assert client.get(url, headers=token("officer@example.cn")).status_code == 200
    assert client.get(url, headers=token("landlord@example.cn")).status_code == 403
    assert client.get("/api/v1/me/application", headers=nosy).status_code == 404
    assert client.get("/api/v1/me/notifications", headers=nosy).json["items"] == []
    assert client.get("/api/v1/officer/applications", headers=nosy).status_code == 403
    assert (
        client.post(
            f"/api/v1/officer/applications/{application.id}/verify", headers=nosy
        ).status_code
        == 403
    )
    assert client.get("/api/v1/me/waitlist").status_code == 401
    # The nosy applicant's PUT makes their own draft, never touches the owner's.
    client.put("/api/v1/me/application", headers=nosy, json={"max_rent": 1000})
    db.session.refresh(application)  # what the database holds now, not the copy from before
    assert application.max_rent == 6000
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 2
    assert application.status == S.SUBMITTED


def test_claiming_children_does_not_raise_points_until_an_officer_verifies(
    client, db, make_user, token
):
    employer = make_employer(db)
    officer = make_user("officer", email="officer@example.cn")
    application = submitted(make_user(email="a@example.cn"), employer)
    from housing.officers.operations import verify

    verify(application, officer)
    me = token("a@example.cn")
    before = client.get("/api/v1/me/waitlist", headers=me).json["priority"]
    r = client.post(
        "/api/v1/me/application/changes",
        headers=me,
        json={"kind": "household", "has_children": True, "note": "a daughter"},
    )
    assert r.status_code == 200 and r.json["returned_to_verification"] is True
    assert r.json["application"]["status"] == "submitted"
    waitlist = client.get("/api/v1/me/waitlist", headers=me).json
    assert waitlist["priority"] in (None, before)  # no points from an unverified claim
    db.session.refresh(application)
    verify(application, officer)
    assert client.get("/api/v1/me/waitlist", headers=me).json["priority"] > before
