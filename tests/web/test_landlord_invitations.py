"""Officers register partner organisations and invite staff by a link that expires."""

import hashlib
import re
from datetime import timedelta

import sqlalchemy as sa

from housing.models import (
    AuditEvent,
    Landlord,
    LandlordInvitation,
    OutboxMail,
    Role,
    User,
)
from housing.models._base import utcnow
from tests.web.conftest import csrf_token, post_form
from tests.web.landlord_helpers import ORG_A, add_building, add_unit


def _link(html: str) -> str:
    match = re.search(r'value="([^"]+)" data-testid="invitation-link"', html)
    assert match, "no invitation link on the page"
    return match.group(1)


def _register(client, make_user, login, email="staff1@mofang.cn"):
    officer = make_user("officer")
    login(officer.email)
    response = post_form(
        client,
        "/officer/partners/new",
        {"name": "魔方公寓", "kind": "private_firm", "contact_name": "周经理", "email": email},
    )
    assert response.status_code == 200, response.text
    return officer, _link(response.text)


def test_officer_registers_partner_and_staff_accepts(client, make_user, login, db):
    _officer, link = _register(client, make_user, login)
    token = link.rsplit("/", 1)[1]
    invitation = db.session.scalar(sa.select(LandlordInvitation))
    # Only the hash of the token is stored.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    mail = db.session.scalar(sa.select(OutboxMail))
    assert mail.to == "staff1@mofang.cn" and token in mail.body
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/officer/").text)})

    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(
        path,
        data={
            "name": "周经理",
            "password": "long-enough-1",
            "confirm": "long-enough-1",
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "staff1@mofang.cn"))
    assert user.role == Role.LANDLORD and user.landlord.name == "魔方公寓"
    assert client.get("/landlord/").status_code == 200
    # The link works once.
    assert client.get(path).status_code == 409
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"landlord.created", "landlord.invited", "landlord.invitation_accepted"} <= actions


def test_expired_or_unknown_links_are_refused(client, make_user, login, db):
    _officer, link = _register(client, make_user, login)
    path = "/" + link.split("/", 3)[3]
    invitation = db.session.scalar(sa.select(LandlordInvitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(path).status_code == 409
    assert client.get("/landlord/invitation/not-a-real-token").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_several_staff_share_one_organisation(client, make_user, login, db):
    first = make_user("landlord", landlord_org=ORG_A)
    unit = add_unit(first, add_building(first))
    officer = make_user("officer")
    login(officer.email)
    landlord_id = first.landlord_id
    response = post_form(client, f"/officer/partners/{landlord_id}/invite", {"email": "two@soe.cn"})
    path = "/" + _link(response.text).split("/", 3)[3]
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/officer/").text)})
    page = client.get(path)
    client.post(
        path,
        data={
            "name": "第二位",
            "password": "long-enough-1",
            "confirm": "long-enough-1",
            "csrf_token": csrf_token(page.text),
        },
    )
    # The second staff member sees the first one's unit.
    assert client.get(f"/landlord/units/{unit.id}").status_code == 200


def test_partner_form_errors_and_duplicates(client, make_user, login, db):
    make_user("landlord", email="taken@soe.cn", landlord_org=ORG_A)
    officer = make_user("officer")
    login(officer.email)
    duplicate = post_form(
        client,
        "/officer/partners/new",
        {"name": ORG_A, "kind": "district_soe", "email": "new@soe.cn"},
    )
    assert duplicate.status_code == 422 and 'id="name-error"' in duplicate.text
    taken = post_form(
        client,
        "/officer/partners/new",
        {"name": "新公司", "kind": "private_firm", "email": "taken@soe.cn"},
    )
    assert taken.status_code == 422 and 'id="email-error"' in taken.text
    # Nothing half-written: the organisation did not stay without its invitation.
    assert db.session.scalar(sa.select(Landlord).where(Landlord.name == "新公司")) is None
    listing = client.get("/officer/partners")
    assert listing.status_code == 200 and 'data-testid="partner-row"' in listing.text


def test_landlords_and_applicants_cannot_invite(client, make_user, login):
    landlord = make_user("landlord")
    login(landlord.email)
    assert client.get("/officer/partners").status_code == 403
    assert client.get("/officer/partners/new").status_code == 403


def test_two_tabs_accepting_one_link_make_one_account(app, db):
    """The link is taken by one conditional UPDATE: of two acceptances at once, one makes the
    account and the other is told the link was used (concurrent transactions on PostgreSQL)."""
    from housing.landlords.invitations import accept_invitation, register_partner
    from tests.web.test_races import _race

    token, _invitation = register_partner(
        {"name": "并发公寓", "kind": "private_firm"}, "tabs@mofang.cn", None, lambda raw: raw
    )
    results, errors = _race(
        app,
        lambda: accept_invitation(token, "第一个标签", "long-enough-1").id,
        lambda: accept_invitation(token, "第二个标签", "long-enough-2").id,
    )
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert getattr(errors[0], "status", None) == 409, errors
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.email == "tabs@mofang.cn")
        )
        == 1
    )
