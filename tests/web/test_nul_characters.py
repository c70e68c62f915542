"""A NUL character in any field is a malformed request (400), on every database.

Found by the API fuzzing (tests/web/test_api_fuzz.py): on PostgreSQL, whose text cannot hold
NUL, `GET /api/v1/employers?q=%00` answered 500.
"""


def test_a_query_with_nul_is_refused(client):
    response = client.get("/api/v1/employers?q=%F1%9F%B3%90%00Q")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
    assert "q" in response.json["error"]["fields"]


def test_a_json_body_with_nul_is_refused(client):
    body = {"email": "a@example.cn", "password": "secret\x00pass", "name": "x", "id_number": "1"}
    response = client.post("/api/v1/applicants", json=body)
    assert response.status_code == 400
    assert response.json["error"]["fields"] == {"body": "含有空字符（NUL）"}


def test_a_page_search_with_nul_is_refused(client, make_user, login):
    login(make_user("landlord").email)
    response = client.get("/landlord/units?q=abc%00")
    assert response.status_code == 400
    assert client.get("/landlord/units?q=abc").status_code == 200
