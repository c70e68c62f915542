"""One pagination helper behind the pages and the API: what a person clicking through sees."""

from housing.landlords.views import UNITS_PER_PAGE
from housing.pagination import MAX_PAGE, Page, page_number
from tests.web.landlord_helpers import add_building, add_unit


def test_page_arithmetic():
    assert Page([], 1, 50, 0).pages == 1
    last = Page([], 3, 50, 101)
    assert (last.pages, last.has_prev, last.has_next, last.prev_num) == (3, True, False, 2)
    assert page_number({}) == 1
    assert page_number({"page": "x"}) == 1
    assert page_number({"page": "-4"}) == 1
    assert page_number({"page": str(10**30)}) == MAX_PAGE


def test_unit_list_pages_keep_the_filters(client, make_user, login):
    user = make_user("landlord")
    building = add_building(user)
    for n in range(UNITS_PER_PAGE + 1):
        add_unit(user, building, code=f"B01-{n:04d}")
    login(user.email)
    first = client.get("/landlord/units?status=vacant")
    assert first.text.count('data-testid="unit-row"') == UNITS_PER_PAGE
    assert "page=2" in first.text and "status=vacant" in first.text
    second = client.get("/landlord/units?status=vacant&page=2")
    assert second.text.count('data-testid="unit-row"') == 1
    assert 'data-code="B01-0050"' in second.text
    assert client.get("/landlord/units?page=x").text.count('data-testid="unit-row"') == 50


def test_an_unknown_status_filter_is_a_400_on_pages_and_api(client, db, make_user, login, token):
    landlord = make_user("landlord")
    officer = make_user("officer")
    api = client.get("/api/v1/landlord/units?status=rented", headers=token(landlord.email))
    assert api.status_code == 400 and "status" in api.json["error"]["fields"]
    queue = client.get("/api/v1/officer/applications?status=nope", headers=token(officer.email))
    assert queue.status_code == 400 and "status" in queue.json["error"]["fields"]
    login(landlord.email)
    page = client.get("/landlord/units?status=rented")
    assert page.status_code == 400 and "rented" in page.text
    assert client.get("/landlord/units?status=vacant").status_code == 200
