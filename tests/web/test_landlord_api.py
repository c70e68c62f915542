"""The landlord API: buildings, units, import; the same rules as the pages; isolation."""

import io

import sqlalchemy as sa
from openapi_spec_validator import validate

from housing.models import Unit
from tests.web.landlord_helpers import (
    GOOD_BUILDING,
    GOOD_UNIT,
    ORG_B,
    add_building,
    add_unit,
    count_units,
    csv_bytes,
    unit_line,
)

BUILDING_JSON = {
    "name": GOOD_BUILDING["name"],
    "address": GOOD_BUILDING["address"],
    "street": "huayang",
    "location": [31.2235, 121.4240],
}


def test_buildings_and_units_round_trip(client, make_user, token):
    user = make_user("landlord")
    auth = token(user.email)
    created = client.post("/api/v1/landlord/buildings", json=BUILDING_JSON, headers=auth)
    assert created.status_code == 201, created.json
    assert created.json["location"] == [31.2235, 121.424]
    building_id = created.json["id"]
    listing = client.get("/api/v1/landlord/buildings", headers=auth).json
    assert listing["total"] == 1 and listing["items"][0]["street"] == "huayang"
    unit = client.post(
        "/api/v1/landlord/units",
        json={**GOOD_UNIT, "building_id": building_id, "reserved_for_categories": ["young"]},
        headers=auth,
    )
    assert unit.status_code == 201, unit.json
    assert unit.json["status"] == "vacant" and unit.json["layout"] == "1BR"
    unit_id = unit.json["id"]
    one = client.get(f"/api/v1/landlord/units/{unit_id}", headers=auth)
    assert one.json["code"] == "B01-0201"
    patched = client.patch(
        f"/api/v1/landlord/units/{unit_id}",
        json={"rent": 4000, "status": "maintenance"},
        headers=auth,
    )
    assert patched.status_code == 200, patched.json
    assert (patched.json["rent"], patched.json["status"]) == (4000, "maintenance")
    units = client.get("/api/v1/landlord/units?status=maintenance", headers=auth).json
    assert units["total"] == 1
    assert client.get("/api/v1/landlord/units?status=vacant", headers=auth).json["total"] == 0


def test_api_errors_name_the_fields(client, make_user, token):
    user = make_user("landlord")
    building = add_building(user)
    auth = token(user.email)
    outside = client.post(
        "/api/v1/landlord/buildings",
        json={**BUILDING_JSON, "name": "北京楼", "location": [39.9042, 116.4074]},
        headers=auth,
    )
    assert outside.status_code == 422
    assert "location" in outside.json["error"]["fields"]
    unknown_street = client.post(
        "/api/v1/landlord/buildings", json={**BUILDING_JSON, "street": "lujiazui"}, headers=auth
    )
    assert "street" in unknown_street.json["error"]["fields"]
    bad = client.post(
        "/api/v1/landlord/units",
        json={
            **GOOD_UNIT,
            "building_id": building.id,
            "layout": "2BR",
            "bedrooms": 2,
            "area_m2": 8,
            "rent": 6000,
            "market_rent": 5000,
        },
        headers=auth,
    )
    assert bad.status_code == 422
    assert {"area_m2", "rent"} <= set(bad.json["error"]["fields"])
    wrong_type = client.post(
        "/api/v1/landlord/units",
        json={**GOOD_UNIT, "building_id": building.id, "rent": "lots"},
        headers=auth,
    )
    assert wrong_type.status_code == 422 and "rent" in wrong_type.json["error"]["fields"]
    not_json = client.post(
        "/api/v1/landlord/units", data="nope", headers=auth, content_type="text/plain"
    )
    assert not_json.status_code == 400
    offered = client.patch(
        f"/api/v1/landlord/units/{add_unit(user, building).id}",
        json={"status": "offered"},
        headers=auth,
    )
    assert offered.status_code == 422 and "status" in offered.json["error"]["fields"]
    assert count_units() == 1


def test_api_import(client, make_user, token):
    user = make_user("landlord")
    add_building(user)
    auth = token(user.email)
    good = csv_bytes([unit_line("I-1"), unit_line("I-2")])
    response = client.post(
        "/api/v1/landlord/units/import",
        data={"file": (io.BytesIO(good), "units.csv")},
        headers=auth,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    assert response.json["imported"] == 2
    again = client.post(
        "/api/v1/landlord/units/import", data=good, headers=auth, content_type="text/csv"
    )
    assert again.json == {"imported": 2, "created": 0, "updated": 0, "unchanged": 2}
    bad = csv_bytes([unit_line("I-3"), unit_line("I-4", area_m2="8", layout="2BR", bedrooms="2")])
    refused = client.post(
        "/api/v1/landlord/units/import", data=bad, headers=auth, content_type="text/csv"
    )
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["code"] == "validation_error"
    assert [(r["line"], r["field"]) for r in error["rows"]] == [(3, "area_m2")]
    assert error["rows"][0]["message"]
    assert count_units() == 2
    not_a_sheet = client.post(
        "/api/v1/landlord/units/import",
        data=b"\x89PNG\r\n\x1a\n\x00\x00",
        headers=auth,
        content_type="image/png",
    )
    assert not_a_sheet.status_code == 422 and "file" in not_a_sheet.json["error"]["fields"]


def test_api_isolation(client, make_user, token):
    mine = make_user("landlord")
    theirs = make_user("landlord", landlord_org=ORG_B)
    their_building = add_building(theirs, name="魔方1号楼")
    their_unit = add_unit(theirs, their_building, code="MF-1")
    auth = token(mine.email)
    assert client.get(f"/api/v1/landlord/units/{their_unit.id}", headers=auth).status_code == 404
    missing = client.get("/api/v1/landlord/units/999999", headers=auth)
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    patched = client.patch(
        f"/api/v1/landlord/units/{their_unit.id}", json={"status": "withdrawn"}, headers=auth
    )
    assert patched.status_code == 404
    deleted = client.delete(f"/api/v1/landlord/units/{their_unit.id}", headers=auth)
    assert deleted.status_code == 404
    assert client.get("/api/v1/landlord/units", headers=auth).json["total"] == 0
    assert client.get("/api/v1/landlord/buildings", headers=auth).json["total"] == 0
    into_theirs = client.post(
        "/api/v1/landlord/units",
        json={**GOOD_UNIT, "building_id": their_building.id},
        headers=auth,
    )
    assert into_theirs.status_code == 422
    assert "building_id" in into_theirs.json["error"]["fields"]
    unit = client.application.extensions["sqlalchemy"].session.get(Unit, their_unit.id)
    assert unit.status.value == "vacant"


def test_only_landlords_use_the_landlord_api(client, make_user, token):
    officer = make_user("officer")
    auth = token(officer.email)
    assert client.get("/api/v1/landlord/units", headers=auth).status_code == 403
    assert client.get("/api/v1/landlord/units").status_code == 401


def test_openapi_lists_the_landlord_resources(client):
    spec = client.get("/api/v1/openapi.json").json
    validate(spec)
    for path in (
        "/api/v1/landlord/buildings",
        "/api/v1/landlord/units",
        "/api/v1/landlord/units/{unit_id}",
        "/api/v1/landlord/units/import",
    ):
        assert path in spec["paths"], path
    assert {"UnitIn", "UnitOut", "BuildingIn", "ImportRefusal"} <= set(
        spec["components"]["schemas"]
    )


def test_units_listing_is_paginated(client, make_user, token, db):
    user = make_user("landlord")
    building = add_building(user)
    for i in range(5):
        add_unit(user, building, code=f"P-{i}")
    auth = token(user.email)
    page = client.get("/api/v1/landlord/units?per_page=2&page=3", headers=auth).json
    assert (page["total"], len(page["items"]), page["page"]) == (5, 1, 3)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 5
