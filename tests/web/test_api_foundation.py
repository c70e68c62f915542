"""The API's conventions: tokens, the error body, roles, the OpenAPI document."""

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from openapi_spec_validator import validate

from housing.models import ApiToken
from housing.models._base import utcnow
from tests.web.conftest import VALID_IDS, activation_link, post_form


def test_openapi_document_validates(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    validate(spec)
    assert "/api/v1/auth/token" in spec["paths"]
    assert "/api/v1/applicants" in spec["paths"]


def test_register_then_token_then_me(client, db):
    created = client.post(
        "/api/v1/applicants",
        json={
            "email": "li@example.cn",
            "password": "long-enough-1",
            "name": "李雷",
            "id_number": VALID_IDS[1],
        },
    )
    assert created.status_code == 202 and created.json["status"] == "check_email"
    login = {"email": "li@example.cn", "password": "long-enough-1"}
    early = client.post("/api/v1/auth/token", json=login)
    assert early.status_code == 401  # not before the e-mailed link is opened
    link = activation_link(db, "li@example.cn")
    assert post_form(client, link.split("localhost", 1)[-1], {}).status_code == 302
    token = client.post("/api/v1/auth/token", json=login)
    assert token.status_code == 200
    assert token.json["role"] == "applicant"
    assert "+00:00" in token.json["expires_at"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json['token']}"})
    assert me.json["email"] == "li@example.cn"


def test_bad_registration_names_each_field(client, db):
    response = client.post(
        "/api/v1/applicants",
        json={"email": "nope", "password": "short", "name": "", "id_number": "123"},
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) >= {"email", "password", "id_number"}


def test_bad_checksum_is_refused(client, db):
    response = client.post(
        "/api/v1/applicants",
        json={
            "email": "a@example.cn",
            "password": "long-enough-1",
            "name": "甲",
            "id_number": "110105194912310021",
        },
    )
    assert response.status_code == 422
    assert "id_number" in response.json["error"]["fields"]


def test_a_known_email_gets_the_same_answer_as_a_new_one(client, make_user, db):
    make_user("applicant", email="a@example.cn")
    body = {"password": "long-enough-1", "name": "甲", "id_number": VALID_IDS[2]}
    known = client.post("/api/v1/applicants", json={**body, "email": "a@example.cn"})
    new = client.post("/api/v1/applicants", json={**body, "email": "b@example.cn"})
    assert known.status_code == new.status_code == 202
    assert known.json == new.json


def test_malformed_json_is_400(client):
    response = client.post("/api/v1/auth/token", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_no_token_401_bad_token_401(client, db):
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_expired_and_revoked_tokens_are_refused(client, make_user, token, db):
    user = make_user("officer")
    headers = token(user.email)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    headers = token(user.email)
    stored = db.session.scalars(sa.select(ApiToken).where(ApiToken.revoked_at.is_(None))).one()
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_tokens_are_stored_hashed(client, make_user, token, db):
    user = make_user("officer")
    raw = token(user.email)["Authorization"].split()[1]
    stored = db.session.scalars(sa.select(ApiToken)).one()
    assert len(raw) >= 32  # long enough that its SHA-256 cannot be searched back
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {str(value) for value in vars(stored).values()}
    # A copy of the table is no key: the stored hash does not open the API.
    leaked = {"Authorization": f"Bearer {stored.token_hash}"}
    assert client.get("/api/v1/me", headers=leaked).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_wrong_password_401_and_lockout_429(client, make_user, db):
    user = make_user("landlord")
    for _ in range(10):
        response = client.post(
            "/api/v1/auth/token", json={"email": user.email, "password": "wrong"}
        )
        assert response.status_code == 401
    response = client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "secret-pass-1"}
    )
    assert response.status_code == 429


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_pagination_parameters_are_checked(client, db):
    ok = client.get("/api/v1/employers?page=1&per_page=200")
    assert ok.status_code == 200
    assert set(ok.json) == {"items", "page", "per_page", "total"}
    for query, field in [
        ("page=0", "page"),
        ("page=10000000000000000000000", "page"),
        ("per_page=201", "per_page"),
        ("page=x", "page"),
    ]:
        response = client.get(f"/api/v1/employers?{query}")
        assert response.status_code == 400, query
        assert field in response.json["error"]["fields"]
