"""The policy over the API: the same settings and refusals as the policy page."""

from housing.models import PolicyVersion
from tests.web.round_helpers import PASSWORD, make_world


def bearer(client, email):
    response = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_read_and_publish_the_policy(client, db):
    world = make_world(units=1, applicants=2)
    h = bearer(client, world.officer.email)
    current = client.get("/api/v1/officer/policy", headers=h).json
    assert current["notice_days"] == 5 and current["category_points"]["leading"] == 400
    body = {"note": "Shorter notice", "notice_days": 0, "category_points": {"young": 120}}
    made = client.post("/api/v1/officer/policy", json=body, headers=h)
    assert made.status_code == 201, made.json
    assert made.json["version"] == current["version"] + 1
    assert made.json["notice_days"] == 0 and made.json["category_points"]["young"] == 120
    assert made.json["category_points"]["leading"] == 400
    assert db.session.query(PolicyVersion).count() == 2


def test_bad_settings_are_refused_like_on_the_page(client, db):
    world = make_world(units=1, applicants=1)
    h = bearer(client, world.officer.email)
    unknown = client.post(
        "/api/v1/officer/policy", json={"note": "x", "bonus_for_cats": 1}, headers=h
    )
    assert unknown.status_code == 422 and "bonus_for_cats" in unknown.json["error"]["fields"]
    bad = client.post(
        "/api/v1/officer/policy",
        json={"note": "x", "offer_days": 0, "category_points": {"leading": -5}},
        headers=h,
    )
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"offer_days", "category_points.leading"}
    no_note = client.post("/api/v1/officer/policy", json={"offer_days": 5}, headers=h)
    assert no_note.status_code == 422 and "note" in no_note.json["error"]["fields"]
    assert client.post("/api/v1/officer/policy", data="x", headers=h).status_code == 400
    assert db.session.query(PolicyVersion).count() <= 1
