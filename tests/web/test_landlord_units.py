"""Buildings and units by form: the rules, errors next to fields, and isolation."""

import sqlalchemy as sa

from housing.extensions import db
from housing.models import AuditEvent, Building, Unit
from tests.web.conftest import csrf_token, post_form, switch_language
from tests.web.landlord_helpers import (
    GOOD_BUILDING,
    ORG_B,
    add_building,
    add_employer,
    add_unit,
    count_units,
)


def test_landlord_adds_building_and_unit_by_form(client, make_user, login):
    user = make_user("landlord")
    login(user.email)
    response = post_form(client, "/landlord/buildings/new", GOOD_BUILDING)
    assert response.status_code == 302
    building = db.session.scalar(sa.select(Building))
    assert building.landlord_id == user.landlord_id
    assert building.street.value == "huayang"
    unit_form = {
        "building_id": str(building.id),
        "code": "B01-0301",
        "layout": "2BR",
        "bedrooms": "2",
        "area_m2": "72.5",
        "max_occupants": "4",
        "floor": "3",
        "rent": "6000",
        "market_rent": "7000",
        "accessible": "y",
        "reserved_for_employers": "",
        "reserved_for_categories": ["young", "overseas"],
    }
    response = post_form(client, "/landlord/units/new", unit_form)
    assert response.status_code == 302, response.text
    unit = db.session.scalar(sa.select(Unit))
    assert (unit.code, unit.layout.value, unit.area_m2, unit.rent) == (
        "B01-0301",
        "2BR",
        72.5,
        6000,
    )
    assert unit.accessible is True
    assert unit.reserved_for_categories == ["young", "overseas"]
    assert unit.status.value == "vacant"
    listing = client.get("/landlord/units")
    assert 'data-code="B01-0301"' in listing.text
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"building.created", "unit.created"} <= actions


def test_building_errors_are_next_to_the_fields(client, make_user, login):
    user = make_user("landlord")
    login(user.email)
    switch_language(client, "en")
    response = post_form(
        client,
        "/landlord/buildings/new",
        {**GOOD_BUILDING, "lat": "39.9042", "lon": "116.4074"},  # Beijing
    )
    assert response.status_code == 422
    assert 'id="lat-error"' in response.text
    assert "outside Shanghai" in response.text
    response = post_form(
        client, "/landlord/buildings/new", {**GOOD_BUILDING, "lat": "31.10", "lon": "121.70"}
    )
    assert "not in or next to Changning" in response.text
    response = post_form(client, "/landlord/buildings/new", {**GOOD_BUILDING, "street": "pudong"})
    assert response.status_code == 422
    assert 'id="street-error"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Building)) == 0


def test_unit_rules_refuse_absurd_values(client, make_user, login):
    user = make_user("landlord")
    building = add_building(user)
    login(user.email)
    switch_language(client, "en")
    bad = {
        "building_id": str(building.id),
        "code": "X1",
        "layout": "2BR",
        "bedrooms": "2",
        "area_m2": "8",  # a 2-bedroom of 8 m²
        "max_occupants": "4",
        "rent": "9000",  # above the market rent
        "market_rent": "7000",
        "reserved_for_employers": "NOPE1",
    }
    response = post_form(client, "/landlord/units/new", bad)
    assert response.status_code == 422
    for name in ("area_m2", "rent", "reserved_for_employers"):
        assert f'id="{name}-error"' in response.text, name
    assert "at most 90%" in response.text
    assert count_units() == 0
    response = post_form(client, "/landlord/units/new", {**bad, "rent": "abc"})
    assert 'id="rent-error"' in response.text


def test_rent_cap_and_layout_rules_in_the_operation(make_user, db):
    import pytest

    from housing.errors import ValidationError

    user = make_user("landlord")
    building = add_building(user)
    add_employer("E0001")
    unit = add_unit(user, building, rent=4680, market_rent=5200, reserved_for_employers=["E0001"])
    assert unit.rent == 4680  # exactly 90%
    with pytest.raises(ValidationError) as exc:
        add_unit(user, building, code="B2", rent=4681, market_rent=5200)
    assert set(exc.value.fields) == {"rent"}
    with pytest.raises(ValidationError) as exc:
        add_unit(user, building, code="B3", layout="2BR", bedrooms=2, area_m2=8)
    assert set(exc.value.fields) == {"area_m2"}
    with pytest.raises(ValidationError) as exc:
        add_unit(user, building, code="B01-0201")  # duplicate code
    assert set(exc.value.fields) == {"code"}
    with pytest.raises(ValidationError) as exc:
        add_unit(user, building, code="B4", max_occupants=0, floor=500, bedrooms=3)
    assert set(exc.value.fields) == {"max_occupants", "floor", "bedrooms"}


def test_building_name_is_unique_within_the_organisation(make_user, db):
    import pytest

    from housing.errors import ValidationError

    a = make_user("landlord")
    b = make_user("landlord", landlord_org=ORG_B)
    add_building(a)
    add_building(b)  # another organisation may use the same name
    with pytest.raises(ValidationError) as exc:
        add_building(a)
    assert "name" in exc.value.fields


def test_landlord_cannot_see_or_change_another_organisations_units(client, make_user, login):
    mine = make_user("landlord")
    theirs = make_user("landlord", landlord_org=ORG_B)
    their_building = add_building(theirs, name="魔方1号楼")
    their_unit = add_unit(theirs, their_building, code="MF-1")
    my_building = add_building(mine)
    login(mine.email)
    assert client.get(f"/landlord/units/{their_unit.id}").status_code == 404
    listing = client.get("/landlord/units")
    assert "MF-1" not in listing.text
    assert "魔方1号楼" not in client.get("/landlord/buildings").text
    page = client.get(f"/landlord/units/{their_unit.id}/status")
    assert page.status_code in (404, 405)
    token = csrf_token(client.get("/landlord/units/new").text)
    for path, data in [
        (f"/landlord/units/{their_unit.id}", {"code": "STOLEN"}),
        (f"/landlord/units/{their_unit.id}/status", {"status": "withdrawn"}),
        (f"/landlord/units/{their_unit.id}/delete", {}),
    ]:
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 404
    # Nor can a unit be put into their building.
    response = client.post(
        "/landlord/units/new",
        data={
            "building_id": str(their_building.id),
            "code": "SNEAK",
            "layout": "studio",
            "area_m2": "30",
            "max_occupants": "1",
            "rent": "2000",
            "market_rent": "3000",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert 'id="building_id-error"' in response.text
    db.session.expire_all()
    unit = db.session.get(Unit, their_unit.id)
    assert (unit.code, unit.status.value) == ("MF-1", "vacant")
    assert my_building.id != their_building.id


def test_other_roles_cannot_use_landlord_pages(client, make_user, login):
    officer = make_user("officer")
    login(officer.email)
    assert client.get("/landlord/units").status_code == 403
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/officer/").text)})
    assert client.get("/landlord/units").status_code == 302  # to the login page


def test_edit_unit_by_form(client, make_user, login):
    user = make_user("landlord")
    unit = add_unit(user, add_building(user))
    login(user.email)
    page = client.get(f"/landlord/units/{unit.id}")
    assert page.status_code == 200
    assert 'value="B01-0201"' in page.text
    data = {
        "building_id": str(unit.building_id),
        "code": "B01-0201",
        "layout": "1BR",
        "bedrooms": "1",
        "area_m2": "46",
        "max_occupants": "2",
        "floor": "2",
        "rent": "4300",
        "market_rent": "5200",
        "csrf_token": csrf_token(page.text),
    }
    assert client.post(f"/landlord/units/{unit.id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).rent == 4300
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "unit.updated"))
    assert event.data["rent"] == [4200, 4300]


def test_home_shows_counts_and_links(client, make_user, login):
    user = make_user("landlord")
    add_unit(user, add_building(user))
    login(user.email)
    home = client.get("/landlord/")
    assert home.status_code == 200
    assert 'data-testid="unit-total">1<' in home.text
    for endpoint in ("/landlord/buildings", "/landlord/units", "/landlord/units/import"):
        assert f'href="{endpoint}"' in home.text
