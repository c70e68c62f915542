"""Officers publish a new policy version; points follow, history stays."""

import re

import sqlalchemy as sa

from housing.models import AuditEvent, PolicyVersion, PrioritySnapshot
from housing.officers import operations as officer_ops
from tests.web.applicant_helpers import app_of, make_employer, submitted
from tests.web.conftest import csrf_token, switch_language


def policy_form(page_text: str, **overrides) -> dict:
    base = re.search(r'name="base_version" type="hidden" value="(\d+)"', page_text)
    data = {
        "csrf_token": csrf_token(page_text),
        "base_version": base.group(1) if base else "",
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
    review = client.post("/officer/policy", data=policy_form(page.text, points_key_industry=260))
    assert review.status_code == 200 and 'data-testid="policy-confirm"' in review.text
    assert db.session.scalar(sa.select(sa.func.max(PolicyVersion.version))) == 1
    response = client.post(
        "/officer/policy", data=policy_form(page.text, points_key_industry=260, action="publish")
    )
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


def _officer_on_policy(client, make_user, login):
    officer = make_user("officer", email="o@example.cn")
    login("o@example.cn")
    switch_language(client, "en")
    return officer, client.get("/officer/policy")


def test_review_shows_what_changes_in_words_and_publishes_nothing(client, db, make_user, login):
    _officer, page = _officer_on_policy(client, make_user, login)
    review = client.post(
        "/officer/policy", data=policy_form(page.text, points_young=120, offer_days=10)
    )
    assert review.status_code == 200
    assert 'data-key="category_points.young"' in review.text
    assert "Base points · Young talent and new graduates" in review.text
    assert "Days to answer an offer" in review.text
    assert 'data-key="notice_days"' not in review.text  # unchanged settings are not listed
    assert 'data-busy="' in review.text and "js/busy.js" in review.text
    assert (db.session.scalar(sa.select(sa.func.max(PolicyVersion.version))) or 1) == 1
    edit = client.post(
        "/officer/policy", data=policy_form(page.text, points_young=120, action="edit")
    )
    assert edit.status_code == 200 and 'value="120"' in edit.text
    same = client.post("/officer/policy", data=policy_form(page.text))
    assert same.status_code == 422 and "Nothing differs" in same.text


def test_publishing_twice_from_the_same_page_publishes_once(client, db, make_user, login):
    _officer, page = _officer_on_policy(client, make_user, login)
    data = policy_form(page.text, points_young=120, action="publish")
    assert 'name="base_version"' in page.text
    assert client.post("/officer/policy", data=data).status_code == 302
    again = client.post("/officer/policy", data=data)
    assert again.status_code == 409 and "Version 2 was published after" in again.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PolicyVersion)) == 2


def test_history_says_who_changed_what_and_when(client, db, make_user, login):
    officer, page = _officer_on_policy(client, make_user, login)
    client.post("/officer/policy", data=policy_form(page.text, points_young=120, action="publish"))
    page = client.get("/officer/policy")
    client.post(
        "/officer/policy",
        data=policy_form(page.text, points_young=120, notice_days=7, action="publish", note="公示"),
    )
    history = client.get("/officer/policy/history")
    assert history.status_code == 200
    text = history.text
    three, two = text.index('data-version="3"'), text.index('data-version="2"')
    assert three < two  # newest first
    assert 'data-key="notice_days"' in text[three:two]
    assert 'data-key="category_points.young"' not in text[three:two]
    assert 'data-key="category_points.young"' in text[two:]
    assert officer.name in text and "公示" in text


def test_every_policy_setting_has_a_label_in_both_languages(app):
    from flask_babel import force_locale

    from housing.labels import DEGREES, POLICY_SETTINGS
    from housing.models.policy import DEFAULT_SUBSIDY
    from housing.policy.history import policy_settings

    assert set(policy_settings()) <= set(POLICY_SETTINGS)
    assert set(DEFAULT_SUBSIDY) <= set(DEGREES)
    with app.test_request_context():
        with force_locale("en"):
            english = {k: str(v) for k, v in {**POLICY_SETTINGS, **DEGREES}.items()}
        with force_locale("zh"):
            chinese = {k: str(v) for k, v in {**POLICY_SETTINGS, **DEGREES}.items()}
    assert [k for k in english if english[k] == chinese[k]] == []


def test_api_publish_refuses_a_stale_base_version(client, db, make_user, token):
    make_user("officer", email="o@example.cn")
    headers = token("o@example.cn")
    first = client.post(
        "/api/v1/officer/policy",
        json={"notice_days": 6, "note": "n", "base_version": 1},
        headers=headers,
    )
    assert first.status_code == 201 and first.json["version"] == 2
    stale = client.post(
        "/api/v1/officer/policy",
        json={"notice_days": 7, "note": "n", "base_version": 1},
        headers=headers,
    )
    assert stale.status_code == 409 and "base_version" in stale.json["error"]["fields"]
    bad = client.post(
        "/api/v1/officer/policy", json={"note": "n", "base_version": "x"}, headers=headers
    )
    assert bad.status_code == 422 and "base_version" in bad.json["error"]["fields"]


def test_api_history_names_the_changes(client, db, make_user, token):
    make_user("officer", email="o@example.cn")
    headers = token("o@example.cn")
    client.post("/api/v1/officer/policy", json={"notice_days": 6, "note": "n"}, headers=headers)
    history = client.get("/api/v1/officer/policy/history", headers=headers)
    assert history.status_code == 200 and history.json["total"] == 2
    newest = history.json["items"][0]
    assert newest["version"] == 2 and newest["note"] == "n"
    assert newest["changes"] == [
        {"setting": "notice_days", "label": "公示天数", "before": "5", "after": "6"}
    ]
