"""The API accepts what the pages and the import accept: its schemas check shapes only."""

from housing.applicants import rules
from housing.auth.operations import MIN_PASSWORD
from tests.web.applicant_helpers import MEMBER_ID
from tests.web.conftest import VALID_IDS
from tests.web.landlord_helpers import GOOD_BUILDING, GOOD_UNIT

BUILDING_JSON = {
    "name": GOOD_BUILDING["name"],
    "address": GOOD_BUILDING["address"],
    "street": "天山路街道",
    "location": [GOOD_BUILDING["lat"], GOOD_BUILDING["lon"]],
}


def test_a_street_and_a_layout_in_chinese_as_on_the_form(client, make_user, token):
    auth = token(make_user("landlord").email)
    building = client.post("/api/v1/landlord/buildings", json=BUILDING_JSON, headers=auth)
    assert building.status_code == 201, building.json
    assert building.json["street"] == "tianshan"
    unit = client.post(
        "/api/v1/landlord/units",
        json={**GOOD_UNIT, "building_id": building.json["id"], "layout": "一室一厅",
              "reserved_for_categories": ["青年人才"]},
        headers=auth,
    )  # fmt: skip
    assert unit.status_code == 201, unit.json
    assert unit.json["layout"] == "1BR" and unit.json["reserved_for_categories"] == ["young"]
    nowhere = client.post(
        "/api/v1/landlord/buildings", json={**BUILDING_JSON, "street": "陆家嘴"}, headers=auth
    )
    assert nowhere.status_code == 422 and "street" in nowhere.json["error"]["fields"]


def test_household_rules_come_from_the_rules(client, make_user, token):
    make_user(email="a@example.cn")
    me = token("a@example.cn")
    member = {"name": "李娜", "relation": "child", "id_number": MEMBER_ID}
    cousin = client.put(
        "/api/v1/me/application", headers=me, json={"members": [{**member, "relation": "cousin"}]}
    )
    assert cousin.status_code == 422
    assert set(cousin.json["error"]["fields"]) == {"members.0.relation"}
    crowd = [{**member, "id_number": VALID_IDS[0]}] * (rules.MAX_MEMBERS + 1)
    full = client.put("/api/v1/me/application", headers=me, json={"members": crowd})
    assert full.status_code == 422 and set(full.json["error"]["fields"]) == {"members"}


def test_password_length_is_the_accounts_rule(client, db):
    body = {"email": "p@example.cn", "name": "甲", "id_number": VALID_IDS[0]}
    short = client.post("/api/v1/applicants", json={**body, "password": "x" * (MIN_PASSWORD - 1)})
    assert short.status_code == 422 and set(short.json["error"]["fields"]) == {"password"}
    ok = client.post("/api/v1/applicants", json={**body, "password": "x" * MIN_PASSWORD})
    assert ok.status_code == 202, ok.json
