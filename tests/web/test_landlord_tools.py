"""A landlord's everyday tools: edit a building, true unit status with only the allowed moves,
delete with a confirmation, one way of typing employer codes, a template that imports as is."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from housing.landlords import imports, operations
from housing.models import (
    LANDLORD_MOVES,
    AuditEvent,
    Building,
    Unit,
    UnitStatus,
)
from tests.web.conftest import csrf_token, switch_language
from tests.web.landlord_helpers import (
    GOOD_BUILDING,
    ORG_B,
    add_building,
    add_employer,
    add_unit,
    count_units,
    csv_bytes,
    unit_line,
)


@pytest.fixture
def landlord(make_user, login, client):
    user = make_user("landlord", email="l@example.cn")
    login("l@example.cn")
    switch_language(client, "en")
    return user


def test_edit_a_building_with_the_add_form_and_its_rules(client, db, landlord):
    building = add_building(landlord)
    add_building(landlord, name="虹桥人才公寓")
    url = f"/landlord/buildings/{building.id}/edit"
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{GOOD_BUILDING["name"]}"' in page.text and 'value="31.223500"' in page.text
    assert 'name="lat"' in page.text and 'name="lon"' in page.text  # field names unchanged
    data = {
        **GOOD_BUILDING,
        "address": "上海市长宁区华阳路102号",
        "csrf_token": csrf_token(page.text),
    }
    response = client.post(url, data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Building, building.id).address == "上海市长宁区华阳路102号"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "building.updated"))
    assert event.data == {"address": ["上海市长宁区华阳路100号", "上海市长宁区华阳路102号"]}
    taken = client.post(url, data={**data, "name": "虹桥人才公寓"})
    assert taken.status_code == 422 and "already have a building of this name" in taken.text
    far = client.post(url, data={**data, "lat": "121.42", "lon": "31.22"})
    assert far.status_code == 422 and "look swapped" in far.text
    db.session.expire_all()
    assert db.session.get(Building, building.id).name == GOOD_BUILDING["name"]
    assert f"/landlord/buildings/{building.id}/edit" in client.get("/landlord/buildings").text


def test_edit_a_building_over_the_api(client, db, make_user, token):
    user = make_user("landlord", email="l@example.cn")
    building = add_building(user)
    other = make_user("landlord", email="b@example.cn", landlord_org=ORG_B)
    url = f"/api/v1/landlord/buildings/{building.id}"
    response = client.patch(url, json={"location": [31.2240, 121.4250]}, headers=token(user.email))
    assert response.status_code == 200 and response.json["location"] == [31.224, 121.425]
    assert response.json["name"] == GOOD_BUILDING["name"]
    bad = client.patch(url, json={"street": "nowhere"}, headers=token(user.email))
    assert bad.status_code == 422 and "street" in bad.json["error"]["fields"]
    assert client.patch(url, json={"name": "x"}, headers=token(other.email)).status_code == 404


@pytest.mark.parametrize("status", list(UnitStatus))
def test_unit_page_shows_the_true_status_and_only_the_allowed_moves(client, db, landlord, status):
    unit = add_unit(landlord, add_building(landlord))
    unit.status = status
    db.session.commit()
    page = client.get(f"/landlord/units/{unit.id}")
    assert page.status_code == 200
    section = page.text[page.text.index('data-testid="unit-status"') :]
    assert f'badge-{status.value}"' in section
    offered = {s.value for s in UnitStatus if f'data-testid="move-{s.value}"' in section}
    assert offered == {s.value for s in LANDLORD_MOVES[status]}
    if status == UnitStatus.OFFERED:
        assert "you cannot change it here" in section
    if status == UnitStatus.OCCUPIED:
        assert "The move-out makes it vacant again" in section


def test_status_move_buttons_post_and_a_refused_move_says_why(client, db, landlord):
    unit = add_unit(landlord, add_building(landlord))
    page = client.get(f"/landlord/units/{unit.id}")
    token = csrf_token(page.text)
    client.post(f"/landlord/units/{unit.id}/status", data={"status": "maintenance",
                                                             "csrf_token": token})  # fmt: skip
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).status == UnitStatus.MAINTENANCE
    db.session.get(Unit, unit.id).status = UnitStatus.OCCUPIED
    db.session.commit()
    response = client.post(
        f"/landlord/units/{unit.id}/status",
        data={"status": "vacant", "csrf_token": token},
        follow_redirects=True,
    )
    assert "Offers and tenancies set this unit" in response.text
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).status == UnitStatus.OCCUPIED


def test_delete_asks_first_then_deletes(client, db, landlord):
    unit = add_unit(landlord, add_building(landlord))
    edit = client.get(f"/landlord/units/{unit.id}")
    assert f'href="/landlord/units/{unit.id}/delete"' in edit.text
    assert client.post(f"/landlord/units/{unit.id}/delete").status_code == 400  # no CSRF
    assert count_units() == 1
    confirm = client.get(f"/landlord/units/{unit.id}/delete")
    assert confirm.status_code == 200 and 'data-testid="confirm-delete"' in confirm.text
    response = client.post(
        f"/landlord/units/{unit.id}/delete", data={"csrf_token": csrf_token(confirm.text)}
    )
    assert response.status_code == 302 and count_units() == 0
    assert "Unit B01-0201 deleted" in client.get(response.headers["Location"]).text


@pytest.mark.parametrize(
    ("status", "words"),
    [(UnitStatus.OFFERED, "offered to an applicant"), (UnitStatus.OCCUPIED, "A tenant lives")],
)
def test_delete_is_refused_for_an_offered_or_occupied_unit(client, db, landlord, status, words):
    unit = add_unit(landlord, add_building(landlord))
    unit.status = status
    db.session.commit()
    confirm = client.get(f"/landlord/units/{unit.id}/delete")
    assert confirm.status_code == 200 and words in confirm.text
    assert 'data-testid="confirm-delete"' not in confirm.text
    token = csrf_token(client.get(f"/landlord/units/{unit.id}").text)
    response = client.post(f"/landlord/units/{unit.id}/delete", data={"csrf_token": token})
    assert response.status_code == 409 and words in response.text
    assert count_units() == 1


def test_the_conditional_delete_refuses_a_unit_offered_meanwhile(db, make_user):
    user = make_user("landlord")
    unit = add_unit(user, add_building(user))
    # A round offers the unit after the page was read: the row changes under the session.
    db.session.execute(sa.update(Unit).where(Unit.id == unit.id).values(status=UnitStatus.OFFERED))
    with pytest.raises(Exception) as exc:
        operations.delete_unit(unit, user)
    assert getattr(exc.value, "status", None) == 409
    assert count_units() == 1


def test_employer_codes_are_typed_the_same_way_on_the_form_and_in_the_import(client, db, landlord):
    for code in ("E0001", "E0002", "E0003"):
        add_employer(code)
    building = add_building(landlord)
    typed = "E0001, E0002；E0003"
    unit = add_unit(landlord, building, reserved_for_employers=typed)
    assert unit.reserved_for_employers == ["E0001", "E0002", "E0003"]
    result = imports.import_units(
        landlord.landlord_id,
        landlord,
        csv_bytes([unit_line("B01-0301", reserved_for_employers=f'"{typed}"')]),
    )
    assert result.created == 1
    imported = db.session.scalar(sa.select(Unit).where(Unit.code == "B01-0301"))
    assert imported.reserved_for_employers == unit.reserved_for_employers
    form = client.get(f"/landlord/units/{unit.id}")
    page = client.get("/landlord/units/import")
    hint = "Employer codes separated by commas or semicolons"
    assert hint in form.text and hint in page.text


def _template_imports(client, landlord, kind: str) -> imports.ImportResult:
    response = client.get(f"/landlord/units/import/template.{kind}")
    assert response.status_code == 200, response.status_code
    return imports.import_units(landlord.landlord_id, landlord, response.data)


def test_the_template_names_own_buildings_and_imports_unchanged(client, db, landlord):
    building = add_building(landlord, name="天山路人才公寓")
    add_unit(landlord, building)  # B01-0201 is taken: the template picks free codes
    result = _template_imports(client, landlord, "csv")
    assert result.created == 2
    codes = set(db.session.scalars(sa.select(Unit.code)))
    assert codes == {"B01-0201", "B01-0202", "B01-0203"}
    book = load_workbook(
        io.BytesIO(client.get("/landlord/units/import/template.xlsx").data), read_only=True
    )
    rows = list(book["units"].iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == {"天山路人才公寓"}
    assert _template_imports(client, landlord, "xlsx").created == 2


def test_the_template_keeps_within_a_lowered_rent_cap(client, db, landlord, make_user):
    add_building(landlord)
    officer = make_user("officer")
    from housing.policy import publish_policy

    publish_policy(officer, {"rent_cap_pct_of_market": 75}, "lower cap")
    assert _template_imports(client, landlord, "csv").created == 2


def test_no_building_no_template_but_a_way_on(client, db, landlord):
    response = client.get("/landlord/units/import/template.csv")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/landlord/buildings/new"
    )
