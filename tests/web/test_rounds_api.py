"""The round, offer and public-notice API: shapes, statuses and refusals as API.md says."""

import hashlib
import json

import sqlalchemy as sa

from housing.models import Offer, RoundStatus
from housing.rounds import operations
from tests.web.round_helpers import PASSWORD, make_world


def bearer(client, email):
    response = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_officer_previews_compares_and_commits(client, db):
    world = make_world(units=2, applicants=3)
    h = bearer(client, world.officer.email)
    bad = client.post("/api/v1/officer/rounds", json={"month": "2027-13"}, headers=h)
    assert bad.status_code == 422 and "month" in bad.json["error"]["fields"]
    first = client.post("/api/v1/officer/rounds", json={"month": "2027-01"}, headers=h)
    assert first.status_code == 201 and first.json["status"] == "preview"
    assert first.json["metrics"]["served"] == 2
    world.add_units(1)
    second = client.post("/api/v1/officer/rounds", json={"month": "2027-01"}, headers=h).json
    compared = client.get(
        f"/api/v1/officer/rounds/compare?a={first.json['id']}&b={second['id']}", headers=h
    ).json
    assert compared["gains"] == [world.applicants[2].id] and compared["losses"] == []
    listed = client.get("/api/v1/officer/rounds?month=2027-01", headers=h).json
    assert [r["id"] for r in listed["items"]] == [second["id"], first.json["id"]]
    stale = client.post(f"/api/v1/officer/rounds/{first.json['id']}/commit", headers=h)
    assert stale.status_code == 409 and "重新试运行" in stale.json["error"]["message"]
    done = client.post(f"/api/v1/officer/rounds/{second['id']}/commit", headers=h)
    assert done.status_code == 200 and done.json["status"] == "notice"
    again = client.post(f"/api/v1/officer/rounds/{second['id']}/commit", headers=h)
    assert again.status_code == 409
    page = client.get(f"/api/v1/officer/rounds/{second['id']}/assignments", headers=h).json
    assert page["total"] == 3 and page["items"][0]["rank"] == 1
    assert set(page["items"][0]) == {
        "application_id",
        "unit_id",
        "rank",
        "commute_min",
        "cost",
        "offer_status",
    }
    stored = client.get(f"/api/v1/officer/rounds/{second['id']}/input", headers=h)
    assert hashlib.sha256(stored.data).hexdigest() == done.json["input_sha256"]


def test_unassigned_reads_in_words(client, db):
    world = make_world(units=1, applicants=2)
    h = bearer(client, world.officer.email)
    created = client.post("/api/v1/officer/rounds", json={"month": "2027-01"}, headers=h).json
    page = client.get(
        f"/api/v1/officer/rounds/{created['id']}/unassigned",
        headers={**h, "Accept-Language": "en"},
    ).json
    assert page["total"] == 1
    item = page["items"][0]
    assert item["reason"] == "outranked"
    assert item["explanation"].startswith("1 unit met all your requirements")


def test_public_notice_is_masked_and_needs_no_login(client, db):
    world = make_world(units=1, applicants=2)
    preview = operations.start_preview("2027-01", world.officer)
    assert client.get(f"/api/v1/public/rounds/{preview.id}").status_code == 404
    operations.commit(preview.id, world.officer)
    notice = client.get(f"/api/v1/public/rounds/{preview.id}").json
    entry = notice["results"][0]
    assert entry == {
        "rank": 1,
        "name": "王**",
        "id_number": world.applicants[0].user.id_number_masked,
        "building": "华阳路人才公寓1号楼",
        "layout": "1BR",
    }
    assert "王小明" not in json.dumps(notice, ensure_ascii=False)
    published = client.get(f"/api/v1/public/rounds/{preview.id}/input")
    assert hashlib.sha256(published.data).hexdigest() == notice["input_sha256"]
    assert client.get(f"/api/v1/public/rounds/{preview.id}/result").json["round"] == "2027-01"


def test_applicant_accepts_or_declines_over_the_api(client, db):
    world = make_world(units=2, applicants=3)
    policy = operations.current_policy()
    policy.notice_days = 0
    db.session.commit()
    round_ = operations.commit(operations.start_preview("2027-01", world.officer).id, None)
    assert round_.status == RoundStatus.OFFERS
    first, second, third = world.applicants
    h1, h2 = bearer(client, first.user.email), bearer(client, second.user.email)
    mine = client.get("/api/v1/me/offers", headers=h1).json["items"]
    assert len(mine) == 1
    offer = mine[0]
    assert offer["unit"]["building"] == "华阳路人才公寓1号楼" and offer["unit"]["rent"] == 4200
    assert offer["commute_min"] > 0 and offer["deadline_at"]
    other = client.post(f"/api/v1/me/offers/{offer['id']}/accept", headers=h2)
    assert other.status_code == 404
    ok = client.post(f"/api/v1/me/offers/{offer['id']}/accept", headers=h1)
    assert ok.status_code == 200 and ok.json["status"] == "accepted"
    twice = client.post(f"/api/v1/me/offers/{offer['id']}/accept", headers=h1)
    assert twice.status_code == 409
    theirs = client.get("/api/v1/me/offers", headers=h2).json["items"][0]
    no_reason = client.post(f"/api/v1/me/offers/{theirs['id']}/decline", json={}, headers=h2)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    declined = client.post(
        f"/api/v1/me/offers/{theirs['id']}/decline", json={"reason": "Too far"}, headers=h2
    )
    assert declined.status_code == 200 and declined.json["status"] == "declined"
    cascade = db.session.scalar(sa.select(Offer).where(Offer.application_id == third.id))
    assert cascade.cascade_of_id == theirs["id"]
    h = bearer(client, world.officer.email)
    listed = client.get(f"/api/v1/officer/offers?round_id={round_.id}&status=pending", headers=h)
    assert [o["cascade_of"] for o in listed.json["items"]] == [theirs["id"]]
    assert client.get("/api/v1/officer/offers?status=nope", headers=h).status_code == 400


def test_objection_over_the_api(client, db):
    world = make_world(units=1, applicants=2)
    round_ = operations.commit(operations.start_preview("2027-01", world.officer).id, None)
    h = bearer(client, world.officer.email)
    first, _second = world.applicants
    body = {"application_id": first.id, "note": "Owns a flat", "upheld": True}
    made = client.post(f"/api/v1/officer/rounds/{round_.id}/objections", json=body, headers=h)
    assert made.status_code == 201 and made.json["upheld"] is True
    notice = client.get(f"/api/v1/public/rounds/{round_.id}").json
    assert [e["rank"] for e in notice["results"]] == [2]
    missing = client.post(
        f"/api/v1/officer/rounds/{round_.id}/objections",
        json={**body, "application_id": 99999},
        headers=h,
    )
    assert missing.status_code == 404
    assert (
        client.get("/api/v1/officer/rounds", headers=bearer(client, first.user.email)).status_code
        == 403
    )


def test_preview_runs_outside_the_request(app, client, db):
    import time

    world = make_world(units=2, applicants=3)
    h = bearer(client, world.officer.email)
    app.config["ROUNDS_INLINE"] = False
    try:
        started = client.post("/api/v1/officer/rounds", json={"month": "2027-01"}, headers=h)
    finally:
        app.config["ROUNDS_INLINE"] = True
    assert started.status_code == 202 and started.json["status"] == "running"
    for _ in range(100):
        done = client.get(f"/api/v1/officer/rounds/{started.json['id']}", headers=h).json
        if done["status"] != "running":
            break
        time.sleep(0.1)
    assert done["status"] == "preview" and done["metrics"]["served"] == 2


def test_an_abandoned_preview_is_marked_failed(client, db):
    from datetime import timedelta

    from housing.models import AllocationRound
    from housing.models._base import utcnow

    world = make_world(units=1, applicants=1)
    stuck = AllocationRound(month="2027-01", status=RoundStatus.RUNNING, seed=1,
                            policy_version_id=operations.current_policy().id,
                            created_at=utcnow() - timedelta(hours=2), metrics={})  # fmt: skip
    db.session.add(stuck)
    db.session.commit()
    operations.start_preview("2027-01", world.officer)
    db.session.refresh(stuck)
    assert stuck.status == RoundStatus.FAILED and "interrupted" in stuck.error
