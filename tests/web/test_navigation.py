"""The navigation bar: every role sees its areas, the current one marked, the brand goes home."""

import re

import pytest

from housing import navigation
from tests.web import matrix_world


@pytest.fixture
def world(app, db):
    return matrix_world.build()


def _links(html: str) -> list[tuple[str, bool]]:
    nav = html[
        html.index('data-testid="nav"') : html.index("</nav>", html.index('data-testid="nav"'))
    ]
    return [
        (href, "aria-current" in rest)
        for href, rest in re.findall(r'<a href="([^"]+)"([^>]*)>', nav)
    ]


@pytest.mark.parametrize(
    "role, page, current",
    [
        ("applicant", "/me/", "/me/"),
        ("applicant", "/me/application/household", "/me/"),
        ("applicant", "/me/waitlist", "/me/waitlist"),
        ("landlord", "/landlord/units/import", "/landlord/units/import"),
        ("landlord", "/landlord/buildings/new", "/landlord/buildings"),
        ("officer", "/officer/policy", "/officer/policy"),
        ("officer", "/officer/rounds/", "/officer/rounds/"),
        ("officer", "/officer/ledger/", "/officer/ledger/"),
        ("admin", "/officer/admin", "/officer/admin"),
        ("anonymous", "/eligibility", "/eligibility"),
    ],
)
def test_every_role_has_its_areas_and_the_current_one_is_marked(
    app, client, world, role, page, current
):
    if page.startswith("/me/application"):
        matrix_world.as_drafts(world)
    matrix_world.log_in(client, world.users[role])
    response = client.get(page)
    assert response.status_code == 200
    links = _links(response.text)
    assert [href for href, is_current in links if is_current] == [current]
    expected = [e.endpoint for e in navigation.entries_for(None if role == "anonymous" else role)]
    assert len(links) == len(expected)


@pytest.mark.parametrize(
    "role, home",
    [
        ("applicant", "/me/"),
        ("landlord", "/landlord/"),
        ("officer", "/officer/"),
        ("admin", "/officer/admin"),
        ("anonymous", "/"),
    ],
)
def test_the_brand_takes_a_logged_in_user_to_their_home(client, world, role, home):
    matrix_world.log_in(client, world.users[role])
    html = client.get("/").text
    assert re.search(rf'<a class="brand" href="{re.escape(home)}"', html)


def test_every_entry_of_every_role_opens_for_that_role(app, client, world):
    """A line added for an area that the role may not open would be a dead link."""
    for role in navigation.MENUS:
        user = world.users.get(role)
        if user is None:
            continue
        client = app.test_client()
        matrix_world.log_in(client, user)
        for entry in navigation.entries_for(role):
            with app.test_request_context():
                from flask import url_for

                url = url_for(entry.endpoint)
            assert client.get(url).status_code == 200, (role, url)


def test_the_policy_page_has_links(client, world):
    matrix_world.log_in(client, world.users["officer"])
    assert len(_links(client.get("/officer/policy").text)) >= 5
