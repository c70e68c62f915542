"""Officers publish a new policy version; points follow, history stays."""

import sqlalchemy as sa

from housing.models import AuditEvent, PolicyVersion, PrioritySnapshot
from housing.officers import operations as officer_ops
from tests.web.applicant_helpers import app_of, make_employer, submitted
from tests.web.conftest import csrf_token, switch_language


def policy_form(page_text: str, **overrides) -> dict:
    data = {
        "csrf_token": csrf_token(page_text),
        "points_leading": 400, "points_high_level": 300, "points_key_industry": 200,
        "points_overseas": 200, "points_skilled": 150, "points_young": 100,
        "points_social_governance": 150, "points_per_month": 5, "key_industry_bonus": 50,
        "children_bonus": 30, "decline_penalty": 40, "offer_days": 7,
        "declines_to_back_of_queue": 2, "notice_days": 5, "retention_months": 24,
        "note": "年度调整",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_publishing_a_version_recomputes_points_and_keeps_history(client, db, make_user, login):
    applicant = make_user(email="a@example.cn")
    officer = make_user("officer", email="o@example.cn")
    officer_ops.verify(submitted(applicant, make_employer(db)), officer)
    assert app_of(db, applicant).priority == 250
    login("o@example.cn")
    page = client.get("/officer/policy")
    assert page.status_code == 200
    assert 'value="200"' in page.text  # the form starts from the version in force
    response = client.post("/officer/policy", data=policy_form(page.text, points_key_industry=260))
    assert response.status_code == 302
    db.session.expire_all()
    versions = db.session.scalars(sa.select(PolicyVersion).order_by(PolicyVersion.version)).all()
    assert [v.category_points["key_industry"] for v in versions] == [200, 260]
    assert versions[-1].note == "年度调整" and versions[-1].created_by_id == officer.id
    assert app_of(db, applicant).priority == 310
    totals = db.session.scalars(sa.select(PrioritySnapshot.total).order_by(PrioritySnapshot.id))
    assert list(totals) == [250, 310]  # the old snapshot is kept, not rewritten
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "policy.published"))


def test_bad_values_are_shown_next_to_their_fields_and_nothing_is_published(
    client, db, make_user, login
):
    make_user("officer", email="o@example.cn")
    login("o@example.cn")
    switch_language(client, "en")
    page = client.get("/officer/policy")
    count = sa.select(sa.func.count()).select_from(PolicyVersion)
    before = db.session.scalar(count)
    response = client.post(
        "/officer/policy",
        data=policy_form(page.text, points_young=-5, offer_days=0, note=""),
    )
    assert response.status_code == 422
    for name in ("points_young", "offer_days", "note"):
        assert f'id="{name}-error"' in response.text
    assert db.session.scalar(count) == before


def test_applicants_and_landlords_cannot_see_the_policy_page(client, make_user, login):
    for role in ("applicant", "landlord"):
        user = make_user(role)
        login(user.email)
        assert client.get("/officer/policy").status_code == 403
        client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").text)})


def test_unknown_settings_are_refused(db, make_user):
    import pytest

    from housing.errors import ValidationError
    from housing.policy import publish_policy

    officer = make_user("officer")
    with pytest.raises(ValidationError) as caught:
        publish_policy(officer, {"points_per_month": 6, "free_rent": True})
    assert set(caught.value.fields) == {"free_rent"}
