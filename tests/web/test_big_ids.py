"""Ids larger than any row can have answer like unknown ids, not with a database error.

Found by the API fuzzing (tests/web/test_api_fuzz.py): on PostgreSQL
`GET /api/v1/landlord/units?building_id=1332298983456` answered 500 ("integer out of range").
"""

from tests.web.landlord_helpers import add_building, add_unit

HUGE = 1332298983456


def test_a_huge_building_filter_is_no_filter(client, make_user, token):
    landlord = make_user("landlord")
    add_unit(landlord, add_building(landlord))
    response = client.get(
        f"/api/v1/landlord/units?building_id={HUGE}", headers=token(landlord.email)
    )
    assert response.status_code == 200
    assert response.json["total"] == 1  # as for any value that is not an id


def test_a_huge_id_in_a_path_is_not_found(client, make_user, token):
    landlord = make_user("landlord")
    response = client.get(f"/api/v1/landlord/units/{HUGE}", headers=token(landlord.email))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_huge_ids_on_pages(client, make_user, login):
    officer = make_user("officer")
    login(officer.email)
    assert client.get(f"/officer/applications/{HUGE}").status_code == 404
    assert client.get(f"/officer/rounds/compare?a={HUGE}&b={HUGE}").status_code < 500
    assert client.get(f"/api/v1/public/rounds/{HUGE}").status_code == 404


def test_a_huge_id_in_a_body_is_a_field_error(client, db, token):
    """Found by the fuzzing: an objection naming application 1470942482431232256 was a 500."""
    from tests.web.test_rounds_offers import offers_out

    world, round_ = offers_out(units=1, applicants=2)
    response = client.post(
        f"/api/v1/officer/rounds/{round_.id}/objections",
        json={"application_id": HUGE, "note": "wrong address", "upheld": False},
        headers=token(world.officer.email),
    )
    assert response.status_code == 422
    assert "application_id" in response.json["error"]["fields"]
