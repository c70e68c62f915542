"""Policy what-if: a draft on the current queue changes nothing until published; the
comparison names who gains and loses; publishing goes through the policy operation."""

import sqlalchemy as sa

from housing.forecast import whatif
from housing.models import (
    AllocationRound,
    Application,
    Category,
    PolicyVersion,
    PrioritySnapshot,
    WhatIfRun,
)
from housing.policy import current_policy, recompute_priorities
from housing.rounds import operations as rounds
from tests.web.conftest import csrf_token
from tests.web.round_helpers import PASSWORD, make_world


def _world(db):
    """Two vacant units; two key-industry and two young applicants; one round of history."""
    world = make_world(units=2, applicants=4)
    for application in world.applicants[2:]:
        application.category = Category.YOUNG
    db.session.commit()
    recompute_priorities()
    return world


def _young_first() -> dict:
    points = dict(current_policy().category_points)
    points["young"] = points["key_industry"] + 500
    return {"category_points": points}


def _state(db) -> tuple:
    return (
        sorted(db.session.execute(sa.select(Application.id, Application.priority)).all()),
        db.session.scalar(sa.select(sa.func.count()).select_from(PrioritySnapshot)),
        db.session.scalar(sa.select(sa.func.count()).select_from(PolicyVersion)),
        db.session.scalar(sa.select(sa.func.count()).select_from(AllocationRound)),
    )


def test_what_if_compares_without_writing_anything_real(db):
    world = _world(db)
    before = _state(db)
    run = whatif.start_what_if(world.officer, _young_first(), background=False)
    assert run.stage == "done", run.error
    assert _state(db) == before  # no points, snapshots, versions or rounds written
    result = run.result
    key, young = world.applicants[:2], world.applicants[2:]
    assert set(result["losses"]) == {a.id for a in key}
    assert set(result["gains"]) == {a.id for a in young}
    assert result["published"]["by_category"]["key_industry"] == {"queued": 2, "served": 2}
    assert result["draft"]["by_category"]["young"] == {"queued": 2, "served": 2}
    assert result["gain_categories"] == {"young": 2}
    assert result["settings"] == [{"name": "category_points.young", "published": 100, "draft": 700}]
    assert result["points_changed"] == 2
    assert result["published"]["served"] == result["draft"]["served"] == 2
    assert "published" in result["waits"] and "draft" in result["waits"]


def test_offer_rules_change_nobody_served(db):
    world = _world(db)
    run = whatif.start_what_if(world.officer, {"offer_days": 3}, background=False)
    assert run.result["gains"] == [] and run.result["losses"] == []
    assert run.result["points_changed"] == 0
    assert run.result["settings"] == [{"name": "offer_days", "published": 7, "draft": 3}]


def test_waits_by_category_follow_the_draft(db):
    world = _world(db)
    month = rounds.start_preview("2026-01", world.officer)
    rounds.commit(month.id, world.officer)  # history: two units went to the key-industry pair
    world.add_units(1)
    waiting = world.add_applicants(2)  # two more key-industry applicants, below the young
    assert waiting
    run = whatif.start_what_if(world.officer, _young_first(), background=False)
    waits = run.result["waits"]
    assert run.result["history_months"] >= 1
    assert waits["draft"]["young"]["p50"] <= waits["published"]["young"]["p50"]


def test_publishing_the_draft_uses_the_policy_operation_once(db):
    world = _world(db)
    run = whatif.start_what_if(world.officer, _young_first(), background=False)
    policy = whatif.publish_draft(run.id, world.officer, "青年人才优先")
    assert policy.version == 2 and policy.category_points["young"] == 700
    assert db.session.get(WhatIfRun, run.id).published_version == 2
    young = world.applicants[2]
    db.session.refresh(young)
    assert young.priority >= 700  # everyone's points recomputed, as on the policy page
    import pytest

    from housing.errors import ConflictError

    with pytest.raises(ConflictError):
        whatif.publish_draft(run.id, world.officer, "again")
    # A what-if made under version 1 cannot be published over version 2.
    old = WhatIfRun(base_policy_version_id=run.base_policy_version_id, changes={},
                    stage="done", result={})  # fmt: skip
    db.session.add(old)
    db.session.commit()
    with pytest.raises(ConflictError):
        whatif.publish_draft(old.id, world.officer, "stale")


def test_unknown_setting_is_refused(db):
    import pytest

    from housing.errors import ValidationError

    world = _world(db)
    with pytest.raises(ValidationError) as caught:
        whatif.start_what_if(world.officer, {"free_rent": 1})
    assert "free_rent" in caught.value.fields
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WhatIfRun)) == 0


def _officer_client(app, world):
    client = app.test_client()
    page = client.get("/auth/login")
    client.post("/auth/login", data={"email": world.officer.email, "password": PASSWORD,
                                     "csrf_token": csrf_token(page.text)})  # fmt: skip
    page = client.get("/officer/policy/what-if")
    client.post("/lang/en", data={"next": "/", "csrf_token": csrf_token(page.text)})
    return client


def _form(policy) -> dict:
    data = {f"points_{k}": v for k, v in policy.category_points.items()}
    data.update({name: getattr(policy, name) for name in (
        "points_per_month", "key_industry_bonus", "children_bonus", "decline_penalty",
        "offer_days", "declines_to_back_of_queue", "notice_days", "retention_months")})  # fmt: skip
    return data


def test_officer_runs_a_what_if_and_publishes_it_from_the_pages(app, db, client):
    world = _world(db)
    assert client  # its fixture gives each request a fresh context (the language is not kept)
    client = _officer_client(app, world)
    page = client.get("/officer/policy/what-if")
    assert page.status_code == 200
    data = _form(current_policy()) | {"points_young": 700, "csrf_token": csrf_token(page.text)}
    response = client.post("/officer/policy/what-if", data=data)
    assert response.status_code == 302
    detail = client.get(response.headers["Location"])
    assert 'data-testid="what-if-comparison"' in detail.text
    assert "Housed only under the draft" in detail.text
    assert 'data-testid="served-draft">2<' in detail.text
    # A bad value is refused next to its field; nothing runs.
    bad = client.post("/officer/policy/what-if", data=data | {"points_young": -5})
    assert bad.status_code == 422
    # Publishing needs a note, then goes through.
    run_id = int(response.headers["Location"].rsplit("/", 1)[1])
    token = csrf_token(detail.text)
    missing = client.post(f"/officer/policy/what-if/{run_id}/publish", data={"csrf_token": token})
    assert missing.status_code == 422 and current_policy().version == 1
    done = client.post(f"/officer/policy/what-if/{run_id}/publish",
                       data={"csrf_token": token, "note": "试行"})  # fmt: skip
    assert done.status_code == 302 and current_policy().version == 2


def test_api_what_if(app, db, client):
    from housing.auth.operations import issue_token

    world = _world(db)
    raw = issue_token(world.officer)[0]
    headers = {"Authorization": f"Bearer {raw}", "Accept-Language": "en"}
    bad = client.post("/api/v1/officer/what-if", json={"policy": {"free_rent": 1}},
                      headers=headers)  # fmt: skip
    assert bad.status_code == 422 and "policy.free_rent" in bad.json["error"]["fields"]
    bad = client.post("/api/v1/officer/what-if", json={"policy": {"offer_days": 99}},
                      headers=headers)  # fmt: skip
    assert bad.status_code == 422 and "policy.offer_days" in bad.json["error"]["fields"]
    assert client.post("/api/v1/officer/what-if", json=[], headers=headers).status_code == 400
    draft = {"policy": {"category_points": {"young": 700}}}
    started = client.post("/api/v1/officer/what-if", json=draft, headers=headers)
    assert started.status_code == 202
    body = client.get(f"/api/v1/officer/what-if/{started.json['id']}", headers=headers).json
    assert body["status"] == "done"
    assert set(body["comparison"]["gains"]) == {a.id for a in world.applicants[2:]}
    assert client.get("/api/v1/officer/what-if/999", headers=headers).status_code == 404


def test_two_officers_publishing_the_same_draft_at_once_publish_one_version(app, db):
    from housing.errors import ConflictError
    from housing.models import User
    from tests.web.test_races import _race

    world = _world(db)
    run_id = whatif.start_what_if(world.officer, _young_first(), background=False).id
    officer_id = world.officer.id

    def publish():
        return whatif.publish_draft(run_id, db.session.get(User, officer_id), "同时发布").version

    results, errors = _race(app, publish, publish)
    assert results == [2] and len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert db.session.scalar(sa.select(sa.func.max(PolicyVersion.version))) == 2


def test_a_second_draft_on_the_same_queue_reuses_the_published_side(db):
    world = _world(db)
    first = whatif.start_what_if(world.officer, _young_first(), background=False)
    second = whatif.start_what_if(world.officer, {"points_per_month": 9}, background=False)
    assert not first.result["published_reused"] and second.result["published_reused"]
    assert second.result["published"] == first.result["published"]
    assert second.result["waits"]["published"] == first.result["waits"]["published"]
    world.add_units(1)  # the pool moved: computed afresh
    third = whatif.start_what_if(world.officer, _young_first(), background=False)
    assert not third.result["published_reused"]
    assert third.result["published"]["served"] == 3
