"""Overseas talents register with the document they hold; each type is checked by its own
rule, hashed with its type, and a second account for the same document is caught."""

import pytest
import sqlalchemy as sa

from housing.auth.operations import register_applicant, request_registration
from housing.errors import ConflictError, ValidationError
from housing.identity import IdType, id_number_hash, id_number_hashes, id_number_problem
from housing.models import OutboxMail, User
from tests.web.conftest import VALID_IDS, activation_link, csrf_token
from tests.web.id_numbers import (
    HONG_KONG_PERMIT,
    PASSPORT,
    PERMANENT_NEW,
    PERMANENT_OLD,
    TAIWAN_PERMIT,
    with_check_digit,
)


def _other(check: str) -> str:
    """A check character that is wrong."""
    return "1" if check == "0" else "0"


GOOD = [
    (IdType.RESIDENT_ID, VALID_IDS[0]),
    (IdType.RESIDENT_ID, "11010519491231002x"),  # lower-case check character
    (IdType.PASSPORT, PASSPORT),
    (IdType.PASSPORT, "p 123 456 78"),  # spaces and case are normalised
    (IdType.PASSPORT, "C03005988"),
    (IdType.FOREIGN_PERMANENT_RESIDENT, PERMANENT_NEW),
    (IdType.FOREIGN_PERMANENT_RESIDENT, PERMANENT_OLD),
    (IdType.FOREIGN_PERMANENT_RESIDENT, "usa 3108 8041 2001"),
    (IdType.HK_MACAO_TAIWAN_RESIDENCE, HONG_KONG_PERMIT),
    (IdType.HK_MACAO_TAIWAN_RESIDENCE, TAIWAN_PERMIT),
    (IdType.HK_MACAO_TAIWAN_RESIDENCE, with_check_digit("82000020000229004")),
]
BAD = [
    (IdType.RESIDENT_ID, "110105194912310021"),  # wrong check digit
    (IdType.RESIDENT_ID, PERMANENT_NEW),  # a card number under the wrong type
    (IdType.RESIDENT_ID, HONG_KONG_PERMIT),
    (IdType.PASSPORT, "ABCDEFGH"),  # no digit
    (IdType.PASSPORT, "E12"),  # too short
    (IdType.PASSPORT, "E1234567<9"),
    (IdType.FOREIGN_PERMANENT_RESIDENT, PERMANENT_NEW[:-1] + _other(PERMANENT_NEW[-1])),
    (IdType.FOREIGN_PERMANENT_RESIDENT, VALID_IDS[2]),  # a resident ID is not a card
    (IdType.FOREIGN_PERMANENT_RESIDENT, with_check_digit("93184019881332001")),  # no such day
    (IdType.FOREIGN_PERMANENT_RESIDENT, "US3108804120011"),
    (IdType.HK_MACAO_TAIWAN_RESIDENCE, with_check_digit("84000019900101002")),
    (IdType.HK_MACAO_TAIWAN_RESIDENCE, VALID_IDS[2]),
    (IdType.HK_MACAO_TAIWAN_RESIDENCE, HONG_KONG_PERMIT[:-1] + _other(HONG_KONG_PERMIT[-1])),
]  # fmt: skip


@pytest.mark.parametrize(("id_type", "number"), GOOD)
def test_each_document_type_accepts_its_numbers(app, id_type, number):
    assert id_number_problem(id_type, number) is None


@pytest.mark.parametrize(("id_type", "number"), BAD)
def test_each_document_type_refuses_other_numbers(app, id_type, number):
    assert id_number_problem(id_type, number)


def test_a_number_under_the_wrong_type_says_which_type_it_is(app):
    with app.test_request_context():
        assert "永久居留" in id_number_problem(IdType.RESIDENT_ID, PERMANENT_NEW)
        assert "居住证" in id_number_problem(IdType.RESIDENT_ID, TAIWAN_PERMIT)


def test_the_hash_covers_the_type_and_ignores_case_and_spaces(app):
    with app.app_context():
        same = "E12345678"
        assert id_number_hash(same, "passport") == id_number_hash(" e1234 5678 ", "passport")
        assert id_number_hash(same, "passport") != id_number_hash(same, "resident_id")
        # Resident ID hashes are those stored before types existed: the bare number's.
        import hashlib
        import hmac

        key = app.config["ID_HASH_KEY"].encode()
        bare = hmac.new(key, VALID_IDS[0].encode(), hashlib.sha256).hexdigest()
        assert id_number_hash(VALID_IDS[0]) == bare
        assert id_number_hashes(PASSPORT) == [id_number_hash(PASSPORT, "passport")]
        assert len(id_number_hashes(PERMANENT_OLD)) == 2  # a card, and a well-formed passport


def test_registration_stores_the_type_the_hash_and_a_mask(db):
    user = register_applicant("jane@example.org", "secret-pass-1", "Jane Doe", "e 1234 5678",
                              id_type="passport")  # fmt: skip
    assert user.id_type == IdType.PASSPORT
    assert user.id_number_hash == id_number_hash(PASSPORT, "passport")
    assert user.id_number_masked == "E1*****78"
    assert PASSPORT not in str(db.session.execute(sa.select(User.__table__)).all())


def test_the_same_document_twice_is_the_same_person(db):
    register_applicant("a@example.org", "secret-pass-1", "A", PERMANENT_OLD,
                       id_type="foreign_permanent_resident")  # fmt: skip
    with pytest.raises(ConflictError) as caught:
        register_applicant("b@example.org", "secret-pass-1", "A", PERMANENT_OLD.lower(),
                           id_type="foreign_permanent_resident")  # fmt: skip
    assert set(caught.value.fields) == {"id_number"}
    # The same characters as another type's number are another document.
    register_applicant("c@example.org", "secret-pass-1", "C", "USA310880412001X"[:9],
                       id_type="passport")  # fmt: skip


def test_self_registration_with_a_taken_document_mails_its_owner(db):
    request_registration("a@example.org", "secret-pass-1", "A", HONG_KONG_PERMIT, None,
                         str, id_type="hk_macao_taiwan_residence")  # fmt: skip
    request_registration("b@example.org", "secret-pass-1", "B", HONG_KONG_PERMIT, None,
                         str, id_type="hk_macao_taiwan_residence")  # fmt: skip
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    to = db.session.scalars(sa.select(OutboxMail.to).order_by(OutboxMail.id)).all()
    assert to == ["a@example.org", "a@example.org", "b@example.org"]  # link, warning, notice


def test_an_unknown_type_is_named(db):
    with pytest.raises(ValidationError) as caught:
        register_applicant("a@example.org", "secret-pass-1", "A", PASSPORT, id_type="visa")
    assert set(caught.value.fields) == {"id_type"}


def test_register_page_with_a_passport_and_errors_next_to_the_field(client, db):
    page = client.get("/auth/register")
    assert 'name="id_type"' in page.text
    data = {"name": "Jane Doe", "email": "jane@example.org", "id_type": "passport",
            "id_number": "E12", "password": "secret-pass-1", "confirm": "secret-pass-1",
            "csrf_token": csrf_token(page.text)}  # fmt: skip
    refused = client.post("/auth/register", data=data)
    assert refused.status_code == 422
    assert 'id="id_number-error"' in refused.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    accepted = client.post("/auth/register", data={**data, "id_number": PASSPORT})
    assert accepted.status_code == 200
    link = activation_link(db, "jane@example.org")
    client.post(link, data={"csrf_token": csrf_token(client.get(link).text)})
    user = db.session.scalar(sa.select(User))
    assert (user.id_type, user.awaiting_activation) == (IdType.PASSPORT, False)
    identity = client.get("/me/application/identity")
    assert "E1*****78" in identity.text


def test_api_registration_takes_id_type(client, db):
    body = {"email": "p@example.org", "password": "secret-pass-1", "name": "P",
            "id_type": "foreign_permanent_resident", "id_number": PERMANENT_NEW}  # fmt: skip
    assert client.post("/api/v1/applicants", json=body).status_code == 202
    assert db.session.scalar(sa.select(User.id_type)) == IdType.FOREIGN_PERMANENT_RESIDENT
    other = {**body, "email": "q@example.org", "id_type": "passport", "id_number": "??"}
    wrong = client.post("/api/v1/applicants", json=other)
    assert wrong.status_code == 422
    assert set(wrong.json["error"]["fields"]) == {"id_number"}
    unknown = client.post("/api/v1/applicants", json={**body, "id_type": "visa"})
    assert unknown.status_code == 422 and "id_type" in unknown.json["error"]["fields"]
    # Without id_type it is a resident ID, as before.
    plain = {**body, "email": "r@example.org", "id_number": VALID_IDS[1]}
    del plain["id_type"]
    assert client.post("/api/v1/applicants", json=plain).status_code == 202


def test_a_household_member_with_a_passport(client, db, make_user, login):
    user = make_user("applicant")
    login(user.email)
    client.get("/me/application/identity")
    page = client.get("/me/application/household")
    response = client.post("/me/application/household/members", data={
        "member-name": "John Doe", "member-relation": "spouse", "member-id_type": "passport",
        "member-id_number": "X9876543", "member-csrf_token": csrf_token(page.text)})  # fmt: skip
    assert response.status_code == 302, response.text
    page = client.get("/me/application/household")
    assert "X9****43" in page.text
    from housing.models import HouseholdMember

    member = db.session.scalar(sa.select(HouseholdMember))
    assert member.id_type == IdType.PASSPORT
    assert member.id_number_hash == id_number_hash("X9876543", "passport")


def test_the_officer_sees_the_document_type_and_the_mask(client, db, make_user, login):
    from tests.web.applicant_helpers import make_employer, submitted

    user = register_applicant("o@example.org", "secret-pass-1", "Olga", PERMANENT_OLD,
                              id_type="foreign_permanent_resident")  # fmt: skip
    application = submitted(user, make_employer(db))
    officer = make_user("officer")
    login(officer.email)
    page = client.get(f"/officer/applications/{application.id}").text
    assert "外国人永久居留身份证" in page and "USA********2001" in page
