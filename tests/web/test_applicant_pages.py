"""The applicant's journey over the pages: pre-check, wizard, review, waitlist, change."""

import io

import sqlalchemy as sa

from housing.models import (
    ApplicationEvent,
    ApplicationStatus,
    HouseholdMember,
    Notification,
    OutboxMail,
    PrioritySnapshot,
)
from housing.officers import operations as officer_ops
from tests.web.applicant_helpers import (
    MEMBER_ID,
    PDF,
    app_of,
    make_employer,
    ready_draft,
    submitted,
)
from tests.web.conftest import VALID_IDS, csrf_token, post_form, switch_language

S = ApplicationStatus


def test_precheck_without_account_says_why_not(client, db):
    switch_language(client, "en")
    assert "/eligibility" in client.get("/").text
    ok = post_form(
        client,
        "/eligibility",
        {
            "route": "employer",
            "owns_housing_in_shanghai": "no",
            "other_housing_benefit": "no",
            "social_insurance_in_shanghai": "yes",
            "category": "young",
        },
    )
    assert ok.status_code == 200
    assert 'data-eligible="true"' in ok.text
    no = post_form(
        client,
        "/eligibility",
        {
            "route": "returnee",
            "returned_on": "2020-01-01",
            "owns_housing_in_shanghai": "yes",
            "owned_area_per_person_m2": "30",
            "other_housing_benefit": "yes",
            "social_insurance_in_shanghai": "no",
            "category": "overseas",
        },
    )
    assert 'data-eligible="false"' in no.text
    for reason in (
        "returned_on",
        "owns_housing_in_shanghai",
        "other_housing_benefit",
        "social_insurance_in_shanghai",
    ):
        assert f'data-reason="{reason}"' in no.text
    assert "15 m²" in no.text


def test_wizard_walk_saves_each_step_and_submits(client, db, make_user, login):
    employer = make_employer(db)
    make_employer(db, code="E0002", name="上海虹桥航空服务第2有限公司", name_en="Hongqiao Air")
    user = make_user(email="a@example.cn")
    login("a@example.cn")
    switch_language(client, "en")
    r = post_form(client, "/me/application/identity", {"phone": "13800000000", "degree": "phd"})
    assert r.status_code == 302 and r.location.endswith("/me/application/category")
    application = app_of(db, user)
    assert application.status == S.DRAFT and application.degree.value == "phd"
    assert application.wizard_step == "identity"

    post_form(client, "/me/application/category", {"category": "key_industry"})
    search = client.get("/me/application/employer?q=Hongqiao")
    assert "Hongqiao Air" in search.text  # the English name, on the English page
    assert "上海数字经济第1有限公司" not in search.text
    r = post_form(
        client,
        "/me/application/employer?q=数字",
        {"route": "employer", "employer_id": employer.id, "social_insurance_in_shanghai": "y"},
    )
    assert r.status_code == 302
    # Prefilled from the employer's registered address.
    assert "121.417" in client.get("/me/application/workplace").text
    bad = post_form(
        client,
        "/me/application/workplace",
        {"workplace_address": "x", "workplace_lat": "121.4", "workplace_lon": "31.2"},
    )
    assert bad.status_code == 422
    assert 'id="workplace_lat-error"' in bad.text
    post_form(
        client,
        "/me/application/workplace",
        {"workplace_address": "长宁路1号", "workplace_lat": "31.22", "workplace_lon": "121.41"},
    )

    page = client.get("/me/application/household")
    wrong_id = client.post(
        "/me/application/household/members",
        data={
            "member-name": "李娜",
            "member-relation": "spouse",
            "member-id_number": "110105194912310021",
            "member-csrf_token": csrf_token(page.text),
        },
    )
    assert wrong_id.status_code == 422
    assert 'id="member-id_number-error"' in wrong_id.text
    page = client.get("/me/application/household")
    r = client.post(
        "/me/application/household/members",
        data={
            "member-name": "李娜",
            "member-relation": "child",
            "member-id_number": MEMBER_ID,
            "member-csrf_token": csrf_token(page.text),
        },
    )
    assert r.status_code == 302
    member = db.session.scalar(sa.select(HouseholdMember))
    assert member.id_number_masked == "110***********1372"
    assert MEMBER_ID not in str(member.id_number_hash)
    application = app_of(db, user)
    db.session.refresh(application)
    assert application.household_size == 2 and application.has_children
    post_form(client, "/me/application/household", {})

    no_layout = post_form(client, "/me/application/preferences", {"max_commute_min": "45"})
    assert no_layout.status_code == 422 and 'id="layouts-error"' in no_layout.text
    r = post_form(
        client,
        "/me/application/preferences",
        {"layouts": ["1BR", "2BR"], "max_commute_min": "40", "max_rent": "6000"},
    )
    assert r.location.endswith("/me/application/documents")

    early = post_form(client, "/me/application/review", {"consent": "y"})
    assert early.status_code == 422
    assert 'data-field="documents"' in early.text
    assert app_of(db, user).status == S.DRAFT

    r = post_form(
        client,
        "/me/application/documents",
        {"kind": "category_evidence", "file": (io.BytesIO(PDF), "cert.pdf")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    r = post_form(client, "/me/application/review", {"consent": "y"})
    assert r.status_code == 302
    db.session.expire_all()
    application = app_of(db, user)
    assert application.status == S.SUBMITTED and application.submitted_at is not None
    assert db.session.scalar(sa.select(Notification.kind)) == "application.submitted"
    assert db.session.scalar(sa.select(OutboxMail.to)) == "a@example.cn"
    home = client.get("/me/")
    assert 'data-status="submitted"' in home.text
    # A submitted application is no longer editable through the wizard.
    r = client.post(
        "/me/application/category",
        data={"category": "leading", "csrf_token": csrf_token(home.text)},
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert app_of(db, user).category.value == "key_industry"


def test_ineligible_draft_is_not_submitted_and_says_why(client, db, make_user, login):
    employer = make_employer(db)
    user = make_user(email="a@example.cn")
    application = ready_draft(user, employer)
    from housing.applicants import operations

    operations.update_draft(application, {"other_housing_benefit": True})
    login("a@example.cn")
    switch_language(client, "en")
    r = post_form(client, "/me/application/review", {"consent": "y"})
    assert r.status_code == 422
    assert 'data-field="other_housing_benefit"' in r.text
    db.session.expire_all()
    assert app_of(db, user).status == S.DRAFT


def test_waitlist_shows_points_and_position(client, db, make_user, login):
    employer = make_employer(db)
    officer = make_user("officer")
    first = make_user(email="first@example.cn")
    me = make_user(email="me@example.cn")
    other_layout = make_user(email="third@example.cn")
    for user in (first, me, other_layout):
        submitted(user, employer)
    # Someone with more points ahead of me in the same layouts; one who wants only 3BR.
    first_app = app_of(db, first)
    first_app.category = first_app.category.__class__("leading")
    third = app_of(db, other_layout)
    third.category = third.category.__class__("leading")
    third.layouts = ["3BR"]
    db.session.commit()
    for user in (first, me, other_layout):
        officer_ops.verify(app_of(db, user), officer)
    login("me@example.cn")
    switch_language(client, "en")
    page = client.get("/me/waitlist")
    assert page.status_code == 200
    assert 'data-testid="position">3<' in page.text
    assert 'data-testid="waiting-ahead">1<' in page.text
    assert 'data-rule="category:key_industry"' in page.text
    assert 'data-rule="key_industry"' in page.text
    assert 'data-testid="priority">250' in page.text


def test_withdraw(client, db, make_user, login):
    employer = make_employer(db)
    user = make_user(email="a@example.cn")
    submitted(user, employer)
    login("a@example.cn")
    r = post_form(client, "/me/application/withdraw", {"reason": "moved to Pudong"})
    assert r.status_code == 302
    db.session.expire_all()
    application = app_of(db, user)
    assert application.status == S.WITHDRAWN
    event = db.session.scalar(sa.select(ApplicationEvent).order_by(ApplicationEvent.id.desc()))
    assert event.note == "moved to Pudong"


def test_change_of_job_returns_to_verification(client, db, make_user, login):
    employer = make_employer(db)
    new_employer = make_employer(db, code="E0009", name="上海新公司")
    officer = make_user("officer")
    user = make_user(email="a@example.cn")
    officer_ops.verify(submitted(user, employer), officer)
    login("a@example.cn")
    r = post_form(
        client,
        "/me/application/change",
        {
            "kind": "household",
            "new_member_name": "王小宝",
            "new_member_relation": "child",
            "new_member_id_number": MEMBER_ID,
            "social_insurance_in_shanghai": "y",
        },
    )
    assert r.status_code == 302
    db.session.expire_all()
    application = app_of(db, user)
    # Children earn a bonus, so the claim goes back to the officers before it counts.
    assert application.status == S.SUBMITTED and application.has_children
    assert application.priority == 250
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PrioritySnapshot)) == 1
    officer_ops.verify(application, officer)
    assert application.priority == 280  # the children bonus, once verified
    r = post_form(
        client,
        "/me/application/change",
        {"kind": "job", "route": "employer", "employer_id": new_employer.id, "note": "new job"},
    )
    assert r.status_code == 302
    db.session.expire_all()
    application = app_of(db, user)
    assert application.status == S.SUBMITTED
    assert application.employer_id == new_employer.id
    assert application.waiting_since is not None  # the months waited are kept


def test_one_applicant_never_sees_anothers_file(client, db, make_user, login):
    employer = make_employer(db)
    owner = make_user(email="owner@example.cn", id_number=VALID_IDS[0])
    application = submitted(owner, employer)
    document = application.documents[0]
    make_user(email="nosy@example.cn", id_number=VALID_IDS[1])
    login("owner@example.cn")
    assert client.get(f"/me/documents/{document.id}").data == PDF
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/me/").text)})
    login("nosy@example.cn")
    assert client.get(f"/me/documents/{document.id}").status_code == 404
    home = client.get("/me/")
    assert "application.submitted" not in home.text
    assert client.get("/officer/applications").status_code == 403
    assert client.get(f"/officer/applications/{application.id}").status_code == 403
    assert client.get(f"/officer/documents/{document.id}").status_code == 403
