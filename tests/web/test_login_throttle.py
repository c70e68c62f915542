"""Password guessing is slowed per account and address, in parallel too, and locks nobody out."""

import threading

import pytest

from housing.auth import operations, throttle
from housing.errors import AuthError, TooManyAttempts
from housing.extensions import db as _db

OUTSIDE, OFFICE = "203.0.113.7", "10.20.0.15"


def _attempt(email: str, password: str, address: str) -> str:
    try:
        operations.authenticate(email, password, address)
    except TooManyAttempts:
        return "429"
    except AuthError:
        return "401"
    return "200"


def test_forty_parallel_guesses_check_at_most_the_limit(app, db, make_user):
    email = make_user("officer").email
    outcomes: list[str] = []
    start = threading.Barrier(40)

    def guess():
        with app.app_context():
            start.wait()
            outcome = _attempt(email, "wrong-password", OUTSIDE)
            outcomes.append(outcome)
            _db.session.remove()

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("401") <= app.config["LOGIN_MAX_FAILURES"]
    assert outcomes.count("429") >= 40 - app.config["LOGIN_MAX_FAILURES"]


def test_guessing_from_outside_does_not_lock_out_the_officer(app, db, make_user):
    email = make_user("officer").email
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert _attempt(email, "wrong-password", OUTSIDE) == "401"
    assert _attempt(email, "secret-pass-1", OUTSIDE) == "429"  # even the right password waits
    assert _attempt(email, "secret-pass-1", OFFICE) == "200"  # the officer is not locked out


def test_unknown_and_known_accounts_answer_alike(app, db, make_user):
    email = make_user("officer").email
    limit = app.config["LOGIN_MAX_FAILURES"]
    known = [_attempt(email, "wrong-password", OUTSIDE) for _ in range(limit + 1)]
    unknown = [_attempt("nobody@example.cn", "wrong-password", OUTSIDE) for _ in range(limit + 1)]
    assert known == unknown == ["401"] * limit + ["429"]


def test_one_address_spraying_many_accounts_is_stopped(app, db, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_FAILURES", 5)
    outcomes = [_attempt(f"u{i}@example.cn", "guess", OUTSIDE) for i in range(6)]
    assert outcomes == ["401"] * 5 + ["429"]
    assert _attempt("u9@example.cn", "guess", OFFICE) == "401"


def test_the_window_passes_and_an_administrator_can_unlock(app, db, make_user, monkeypatch):
    email = make_user("officer").email
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1):
        _attempt(email, "wrong-password", OUTSIDE)
    assert _attempt(email, "secret-pass-1", OUTSIDE) == "429"
    result = app.test_cli_runner().invoke(args=["housing", "unlock", "--email", email.upper()])
    assert result.exit_code == 0 and "cleared" in result.output
    assert _attempt(email, "secret-pass-1", OUTSIDE) == "200"


def test_a_success_clears_the_count(app, db, make_user):
    email = make_user("officer").email
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        _attempt(email, "wrong-password", OUTSIDE)
    assert _attempt(email, "secret-pass-1", OUTSIDE) == "200"
    assert _attempt(email, "wrong-password", OUTSIDE) == "401"
    assert throttle.clear(throttle.account_key(email)) == 1


@pytest.mark.parametrize("path", ["/api/v1/auth/token"])
def test_the_api_answers_429_with_the_same_body_for_any_account(client, db, make_user, path):
    make_user("landlord", email="l@example.cn")
    for email in ("l@example.cn", "ghost@example.cn"):
        for _ in range(10):
            client.post(path, json={"email": email, "password": "wrong"})
        answer = client.post(path, json={"email": email, "password": "wrong"})
        assert answer.status_code == 429 and answer.json["error"]["code"] == "too_many_attempts"
