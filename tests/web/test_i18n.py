"""Every string a person reads has a Chinese translation, and pages render in both languages."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

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
    client.get("/lang/en")
    assert "Log in" in client.get("/auth/login").text
    response = client.get("/lang/zh?next=/auth/register")
    assert response.headers["Location"].endswith("/auth/register")
    assert "注册" in client.get("/auth/register").text


def test_language_switch_refuses_foreign_redirects(client):
    response = client.get("/lang/en?next=https://example.org/")
    assert response.headers["Location"] == "/"
