"""The round pages: officers preview, commit and object; the notice is public; applicants answer."""

import sqlalchemy as sa

from housing.models import AllocationRound, Offer, OfferStatus, RoundStatus
from housing.rounds import operations
from tests.web.conftest import csrf_token
from tests.web.round_helpers import PASSWORD, make_world


def test_officer_previews_and_commits_on_the_page(client, login, db):
    world = make_world(units=2, applicants=3)
    login(world.officer.email, PASSWORD)
    page = client.get("/officer/rounds/")
    assert page.status_code == 200 and "试运行" in page.text
    bad = client.post(
        "/officer/rounds/", data={"month": "2027/01", "csrf_token": csrf_token(page.text)}
    )
    assert bad.status_code == 422 and "YYYY-MM" in bad.text
    made = client.post(
        "/officer/rounds/",
        data={"month": "2027-01", "csrf_token": csrf_token(page.text)},
        follow_redirects=True,
    )
    assert made.status_code == 200
    round_id = db.session.scalar(sa.select(AllocationRound.id))
    assert 'data-status="preview"' in made.text and "序贯独裁" in made.text
    assert client.get(f"/officer/rounds/{round_id}/assignments").text.count("assignment-row") == 2
    left = client.get(f"/officer/rounds/{round_id}/unassigned").text
    assert "排在您前面的申请人" in left
    committed = client.post(
        f"/officer/rounds/{round_id}/commit",
        data={"csrf_token": csrf_token(made.text)},
        follow_redirects=True,
    )
    assert 'data-status="notice"' in committed.text
    other = client.get(f"/officer/rounds/compare?a={round_id}&b={round_id}")
    assert other.status_code == 200


def test_notice_is_public_and_masked(client, db):
    world = make_world(units=1, applicants=2)
    preview = operations.start_preview("2027-01", world.officer)
    assert client.get(f"/rounds/{preview.id}").status_code == 404
    operations.commit(preview.id, world.officer)
    page = client.get(f"/rounds/{preview.id}")
    assert page.status_code == 200
    assert "王**" in page.text and "王小明" not in page.text
    assert world.applicants[0].user.id_number_masked in page.text
    assert "python -m allocation solve" in page.text
    download = client.get(f"/rounds/{preview.id}/input.json")
    assert download.status_code == 200 and download.data.decode() == preview.input_json


def test_applicant_declines_with_a_reason_and_reads_why_not(client, login, db):
    world = make_world(units=1, applicants=3)
    world.add_units(1, layout="2BR", max_occupants=3)
    policy = operations.current_policy()
    policy.notice_days = 0
    db.session.commit()
    round_ = operations.commit(operations.start_preview("2027-01", world.officer).id, None)
    assert round_.status == RoundStatus.OFFERS
    first, second, third = world.applicants
    login(first.user.email, PASSWORD)
    page = client.get("/my/offers")
    assert "华阳路人才公寓1号楼" in page.text and "4200" in page.text
    offer = db.session.scalar(sa.select(Offer).where(Offer.application_id == first.id))
    empty = client.post(
        f"/my/offers/{offer.id}/decline", data={"reason": "", "csrf_token": csrf_token(page.text)}
    )
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.text
    client.post(
        f"/my/offers/{offer.id}/decline",
        data={"reason": "离学校太远", "csrf_token": csrf_token(page.text)},
    )
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).status == OfferStatus.DECLINED
    client.post("/auth/logout", data={"csrf_token": csrf_token(page.text)})
    login(second.user.email, PASSWORD)
    mine = client.get("/my/offers")
    assert 'data-status="pending"' in mine.text  # the cascade reached the next in order
    client.post("/auth/logout", data={"csrf_token": csrf_token(mine.text)})
    login(third.user.email, PASSWORD)
    why = client.get("/my/offers").text
    assert "排在您前面的申请人" in why
    # Their own filters: a 2BR for three is vacant, but they chose 1BR only.
    assert "如果同时接受两居室，将多出 1 套符合条件的房源" in why


def test_landlord_sees_units_under_offer_and_who_accepted(client, login, db):
    from housing.models import Role, User
    from housing.rounds import offers
    from tests.web.round_helpers import _hash

    world = make_world(units=2, applicants=2)
    staff = User(email="landlord@example.cn", password_hash=_hash(), role=Role.LANDLORD,
                 name="房东", landlord_id=world.landlord.id)  # fmt: skip
    db.session.add(staff)
    policy = operations.current_policy()
    policy.notice_days = 0
    db.session.commit()
    operations.commit(operations.start_preview("2027-01", world.officer).id, None)
    first = world.applicants[0]
    offer = db.session.scalar(sa.select(Offer).where(Offer.application_id == first.id))
    offers.accept(first.user, offer.id)
    login(staff.email, PASSWORD)
    page = client.get("/landlord/offers")
    assert page.status_code == 200
    assert page.text.count('data-testid="landlord-offer-row"') == 2
    assert "王小明" in page.text  # accepted: the future tenant by name
    assert "李*" in page.text and "李华" not in page.text  # pending: masked
