"""Pages that told applicants something wrong, or broke (issue 13, point 6)."""

import sqlalchemy as sa

from housing.models import ApplicationStatus, HouseholdMember
from housing.officers import operations as officer_ops
from tests.web.applicant_helpers import MEMBER_ID, app_of, make_employer, ready_draft, submitted
from tests.web.conftest import post_form, switch_language

S = ApplicationStatus
ONCE_VERIFIED = "once an officer has verified"


def _verified(db, make_user, login, email="a@example.cn"):
    employer = make_employer(db)
    officer = make_user("officer")
    user = make_user(email=email)
    officer_ops.verify(submitted(user, employer), officer)
    login(email)
    return user


def test_waitlist_after_withdrawal_answers_and_says_the_application_is_closed(
    client, db, make_user, login
):
    user = _verified(db, make_user, login)
    switch_language(client, "en")
    assert post_form(client, "/me/application/withdraw", {"reason": "moved"}).status_code == 302
    assert app_of(db, user).status == S.WITHDRAWN
    page = client.get("/me/waitlist")
    assert page.status_code == 200
    assert "no longer in the queue" in page.text
    assert ONCE_VERIFIED not in page.text


def test_offered_and_housed_applicants_are_not_told_to_wait_for_verification(
    client, db, make_user, login
):
    user = _verified(db, make_user, login)
    switch_language(client, "en")
    application = app_of(db, user)
    for status, words in ((S.OFFERED, "You have an offer"), (S.HOUSED, "You have been housed")):
        application.status = status
        db.session.commit()
        page = client.get("/me/waitlist")
        assert page.status_code == 200
        assert words in page.text
        assert ONCE_VERIFIED not in page.text


def test_waitlist_shows_layouts_as_words(client, db, make_user, login):
    _verified(db, make_user, login)
    switch_language(client, "en")
    page = client.get("/me/waitlist").text
    assert "(Studio, One bedroom)" in page
    assert "1BR" not in page


def test_review_shows_no_empty_missing_box_when_only_consent_is_left(client, db, make_user, login):
    user = make_user(email="a@example.cn")
    application = ready_draft(user, make_employer(db))
    application.consent = False
    db.session.commit()
    login("a@example.cn")
    page = client.get("/me/application/review")
    assert page.status_code == 200
    assert 'data-testid="missing"' not in page.text


def test_reporting_a_birth_adds_the_child_and_says_what_happens_to_the_queue(
    client, db, make_user, login
):
    user = _verified(db, make_user, login)
    switch_language(client, "en")
    form = client.get("/me/application/change").text
    assert 'name="household_size"' not in form  # the members, not a bare number
    assert 'name="new_member_name"' in form
    response = post_form(
        client,
        "/me/application/change",
        {
            "kind": "household",
            "new_member_name": "王小宝",
            "new_member_relation": "child",
            "new_member_birth_date": "2026-10-01",
            "new_member_id_number": MEMBER_ID,
            "note": "our son was born",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "re-verification" in response.text
    assert "out of the queue" in response.text
    db.session.expire_all()
    application = app_of(db, user)
    assert application.status == S.SUBMITTED
    assert application.household_size == 2 and application.has_children
    assert [m.name for m in application.members] == ["王小宝"]
    assert 'data-testid="reverification-note"' in client.get("/me/").text
    waitlist = client.get("/me/waitlist").text
    assert "being checked by an officer" in waitlist
    assert ONCE_VERIFIED not in waitlist


def test_a_member_who_left_is_removed_and_a_bad_new_member_changes_nothing(
    client, db, make_user, login
):
    user = _verified(db, make_user, login)
    application = app_of(db, user)
    application.members.append(
        HouseholdMember(name="李大", relation="spouse", id_number_hash="h", id_number_masked="1***")
    )
    application.household_size = 2
    db.session.commit()
    bad = post_form(
        client,
        "/me/application/change",
        {"kind": "household", "new_member_name": "王小宝", "new_member_id_number": "123"},
    )
    assert bad.status_code == 422
    db.session.expire_all()
    assert app_of(db, user).status == S.VERIFIED
    member_id = db.session.scalar(sa.select(HouseholdMember.id))
    ok = post_form(
        client, "/me/application/change", {"kind": "household", "remove_members": member_id}
    )
    assert ok.status_code == 302
    db.session.expire_all()
    application = app_of(db, user)
    assert application.household_size == 1 and not application.members
    assert application.status == S.SUBMITTED
