"""Every string a person reads has a Chinese translation, and pages render in both languages."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from tests.web.conftest import switch_language

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("housing/**.py", "python"), ("templates/**.html", "jinja2")]


def test_every_source_string_is_translated_to_chinese():
    keywords = dict(DEFAULT_KEYWORDS, _l=None)
    found = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, METHODS, keywords=keywords
        )
    }
    with open(ROOT / "housing/translations/zh/LC_MESSAGES/messages.po", "rb") as fh:
        catalogue = {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(fh)}
    missing = sorted(text for text in found if not getattr(catalogue.get(text), "string", ""))
    assert not missing, f"run `make messages` and translate: {missing[:10]}"


def test_switching_language_keeps_the_page(client):
    switch_language(client, "en")
    assert "Log in" in client.get("/auth/login").text
    response = switch_language(client, "zh", next="/auth/register")
    assert response.headers["Location"].endswith("/auth/register")
    assert "注册" in client.get("/auth/register").text


def test_switching_language_is_a_post_with_csrf(client):
    assert client.get("/lang/en").status_code == 405
    assert client.post("/lang/en", data={"next": "/"}).status_code == 400
    assert "Log in" not in client.get("/auth/login").text


def test_language_switch_refuses_foreign_redirects(client):
    response = switch_language(client, "en", next="https://example.org/")
    assert response.headers["Location"] == "/"
