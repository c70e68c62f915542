"""Every page, as every role, in both languages: words, never codes (issue 13, point 4).

Renders every GET page that answers HTML for each role of tests/web/matrix_world.py, in
Chinese and in English, and fails on
- a raw value of any enum in housing.models shown as a cell or badge of its own, beside an
  arrow ("draft → submitted"), or, for codes no sentence contains ("1BR", "key_industry"),
  anywhere in the text;
- an audit action ("unit.deleted") or a change note ("change:household …");
- Chinese on an English page, or an English phrase on a Chinese page, unless it is data
  that people typed (names, addresses, notes: every string stored in the database, but
  not the employers' Chinese names, which have an English name).
"""

import enum
import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask import g, url_for
from flask_babel import refresh

import housing.models as models
from housing import labels
from housing.extensions import db as _db
from tests.web import matrix_world
from tests.web.matrix_world import ROLES

#: Answers that are files, not pages.
FILES = re.compile(r"\.(json|csv|xlsx|pdf|<fmt>)$|bank-file|/documents/|healthz|readyz")
ENUMS = [e for e in vars(models).values() if isinstance(e, type) and issubclass(e, enum.Enum)]
VALUES = sorted({str(member.value) for e in ENUMS for member in e}, key=len, reverse=True)
#: Values no English or Chinese sentence contains: wrong wherever they appear.
CODES = [v for v in VALUES if "_" in v or re.search(r"\d", v)]
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]+")
#: Two or more English words in a row on a Chinese page.
ENGLISH = re.compile(r"[A-Za-z][a-z]+(?:[ ,'-]+[A-Za-z][a-z]+)+")
#: A name as the public notice masks it (王**): data, not words.
MASKED = re.compile(r"\S\*+")
#: Words that are the same in both languages.
SHARED = {"中文", "English", "PDF", "CSV", "Excel", "JSON", "SHA-256", "ID", "API", "WGS84"}


class _Text(HTMLParser):
    """The text a person reads: text nodes and the attributes that speak."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        # Code, and what a page marks as literal (translate="no": a file's column names).
        if tag in ("script", "style", "pre", "code") or ("translate", "no") in attrs:
            self._skip += 1
            self._open.append(tag)
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title") and value:
                self.chunks.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs:
                self.chunks.append(value or "")

    def handle_endtag(self, tag):
        if self._open and tag == self._open[-1]:
            self._open.pop()
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


def stored_strings() -> list[str]:
    """Every string that people typed or the system stored, longest first."""
    found: set[str] = set()
    for table in _db.metadata.sorted_tables:
        columns = [
            c
            for c in table.columns
            if isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum)
        ]
        if table.name == "employers":  # their English names exist; the Chinese is no excuse
            columns = [c for c in columns if c.name not in ("name",)]
        if not columns:
            continue
        for row in _db.session.execute(sa.select(*columns)):
            found.update(str(v).strip() for v in row if v and str(v).strip())
    return sorted(found, key=len, reverse=True)


def problems(chunks: list[str], locale: str, data: list[str]) -> list[str]:
    found = []
    for chunk in chunks:
        if chunk in VALUES and chunk not in data:
            found.append(f"raw value {chunk!r}")
            continue
        for value in VALUES:
            if re.search(
                rf"(?<![\w.-]){re.escape(value)}\s*→|→\s*{re.escape(value)}(?![\w.-])", chunk
            ):
                found.append(f"raw status {value!r} in {chunk!r}")
        for code in CODES:
            if re.search(rf"(?<![\w.@-]){re.escape(code)}(?![\w@-])", chunk):
                found.append(f"code {code!r} in {chunk!r}")
        for action in labels.AUDIT_ACTIONS:
            if action in chunk:
                found.append(f"audit action {action!r} in {chunk!r}")
        if "change:" in chunk:
            found.append(f"change note code in {chunk!r}")
        rest = chunk
        for value in data:
            if value in rest:
                rest = rest.replace(value, " ")
        for word in SHARED:
            rest = rest.replace(word, " ")
        rest = MASKED.sub(" ", rest)
        if locale == "en" and CJK.search(rest):
            found.append(f"Chinese on an English page: {chunk!r}")
        if locale == "zh" and (match := ENGLISH.search(rest)):
            found.append(f"English on a Chinese page: {match.group(0)!r} in {chunk!r}")
    return found


def pages(app) -> list:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint != "static"
        and not rule.rule.startswith("/api/")
        and not FILES.search(rule.rule)
    ]


@pytest.fixture
def world(app, db):
    return matrix_world.build()


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_no_page_shows_a_code_or_the_other_language(app, db, world, locale):
    data = stored_strings()
    seen: dict[str, list[str]] = {}
    for role in ROLES:
        for rule in pages(app):
            # A fresh session for each page: the login and invitation pages end a session.
            client = app.test_client()
            user = world.users[role]
            # (the user fresh from the database: the login page ends a logged-in session)
            fresh = user and db.session.get(models.User, user.id, populate_existing=True)
            matrix_world.log_in(client, fresh)
            with client.session_transaction() as session:
                session["lang"] = locale
            with app.test_request_context():
                url = url_for(
                    rule.endpoint, **{a: world.id_for(rule.endpoint, a) for a in rule.arguments}
                )
            # The test's app context (its g and database session) outlives requests: drop the
            # cached locale, user and rows, as a request in a served app starts without them.
            refresh()
            g.pop("_login_user", None)
            db.session.expire_all()
            response = client.get(url)
            assert response.status_code < 500, (role, url)
            if response.status_code != 200 or "text/html" not in response.content_type:
                continue
            for problem in problems(texts(response.text), locale, data):
                seen.setdefault(problem, []).append(f"{role} {url}")
    report = [
        f"{problem}\n    on {', '.join(sorted(set(where))[:3])}" for problem, where in seen.items()
    ]
    assert not report, f"{len(report)} problems:\n" + "\n".join(sorted(report))


def test_every_audit_action_in_the_code_has_words():
    """A new `audit.record(actor, "thing.done", …)` needs a line in labels.AUDIT_ACTIONS."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "housing"
    pattern = re.compile(
        r"(?:record|entry)\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*\"([a-z_]+\.[a-z_]+)\""
    )
    named = re.compile(r"action(?::\s*str)?\s*=\s*\"([a-z_]+\.[a-z_]+)\"")  # action="user.created"
    sources = [path.read_text() for path in root.rglob("*.py")]
    actions = {m for text in sources for m in pattern.findall(text) + named.findall(text)}
    assert actions, "the pattern found no audit.record() call"
    assert not sorted(actions - set(labels.AUDIT_ACTIONS))


def test_history_notes_read_as_sentences(app):
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("en"):
            text = labels.event_note("change:household has_children,household_size — a son")
    assert text == "Reported a change of household: children, household size — a son"


def test_a_bad_e_mail_address_is_refused_in_proper_chinese(client, db):
    from tests.web.conftest import post_form

    response = post_form(client, "/auth/login", {"email": "not-an-address", "password": "x"})
    assert response.status_code == 422
    assert "请输入有效的电子邮箱地址" in response.text
    assert "无效的 Email 地址" not in response.text


def test_a_buildings_name_is_headed_as_a_buildings_name(client, db):
    world = matrix_world.build()
    matrix_world.log_in(client, world.users["landlord"])
    page = client.get("/landlord/buildings").text
    assert "<th>楼栋名称</th>" in page
    assert "<th>姓名</th>" not in page
