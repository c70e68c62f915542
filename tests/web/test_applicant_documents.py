"""Uploads: by content not by name, at most 10 MB, nothing stored when refused."""

import io
import os
from pathlib import Path

import sqlalchemy as sa

from housing.applicants.documents import MAX_BYTES
from housing.models import Document
from tests.web.applicant_helpers import PDF, PNG, make_employer, submitted
from tests.web.conftest import csrf_token


def stored_files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return set(os.listdir(folder)) if folder.exists() else set()


def count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Document))


def upload_page(client, kind: str, name: str, data: bytes):
    page = client.get("/me/application/documents")
    return client.post(
        "/me/application/documents",
        data={"kind": kind, "file": (io.BytesIO(data), name), "csrf_token": csrf_token(page.text)},
        content_type="multipart/form-data",
    )


def test_wrong_type_and_too_large_are_refused_on_the_page(app, client, db, make_user, login):
    make_user(email="a@example.cn")
    login("a@example.cn")
    before = stored_files(app)
    fake = upload_page(client, "degree", "degree.pdf", b"just some text pretending to be a PDF")
    assert fake.status_code == 422
    assert 'id="file-error"' in fake.text
    big = upload_page(client, "degree", "big.pdf", PDF + b"0" * MAX_BYTES)
    assert big.status_code == 422 and 'id="file-error"' in big.text
    assert count(db) == 0 and stored_files(app) == before
    ok = upload_page(client, "degree", "photo.jpg", PNG)  # named .jpg, really a PNG: fine
    assert ok.status_code == 302
    document = db.session.scalar(sa.select(Document))
    assert document.content_type == "image/png" and document.filename == "photo.jpg"
    assert document.stored_name.endswith(".png") and "photo" not in document.stored_name
    assert stored_files(app) - before == {document.stored_name}
    served = client.get(f"/me/documents/{document.id}")
    assert served.data == PNG and served.mimetype == "image/png"
    # Removing a draft's document removes the file too.
    page = client.get("/me/application/documents")
    client.post(
        f"/me/application/documents/{document.id}/remove",
        data={"csrf_token": csrf_token(page.text)},
    )
    assert count(db) == 0 and stored_files(app) == before


def test_wrong_type_and_too_large_are_refused_over_api(app, client, db, make_user, token):
    make_user(email="a@example.cn")
    me = token("a@example.cn")
    before = stored_files(app)

    def send(name: str, data: bytes, kind: str = "id_card"):
        return client.post(
            "/api/v1/me/application/documents",
            headers=me,
            data={"kind": kind, "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )

    fake = send("id.pdf", b"<html>not a pdf</html>")
    assert fake.status_code == 422 and "file" in fake.json["error"]["fields"]
    big = send("id.png", PNG + b"0" * MAX_BYTES)
    assert big.status_code == 422 and "file" in big.json["error"]["fields"]
    unknown_kind = send("id.pdf", PDF, kind="selfie")
    assert unknown_kind.status_code == 422 and "kind" in unknown_kind.json["error"]["fields"]
    missing = client.post("/api/v1/me/application/documents", headers=me, data={"kind": "id_card"})
    assert missing.status_code == 422
    assert count(db) == 0 and stored_files(app) == before
    assert send("id.pdf", PDF).status_code == 201


def test_no_uploads_after_submission(client, db, make_user, token):
    employer = make_employer(db)
    submitted(make_user(email="a@example.cn"), employer)
    r = client.post(
        "/api/v1/me/application/documents",
        headers=token("a@example.cn"),
        data={"kind": "other", "file": (io.BytesIO(PDF), "late.pdf")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 409
    assert count(db) == 1


def test_a_page_dressed_as_a_pdf_is_refused(client, db, make_user, token):
    make_user(email="a@example.cn")
    me = token("a@example.cn")
    polyglot = b"%PDF-1.4\n<html><script>fetch('/api/v1/me')</script></html>\n%%EOF\n"
    r = client.post(
        "/api/v1/me/application/documents",
        headers=me,
        data={"kind": "degree", "file": (io.BytesIO(polyglot), "degree.pdf")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422 and "file" in r.json["error"]["fields"]
    assert count(db) == 0


def test_documents_are_downloads_that_cannot_run_script(client, db, make_user, token):
    make_user(email="a@example.cn")
    me = token("a@example.cn")
    up = client.post(
        "/api/v1/me/application/documents",
        headers=me,
        data={"kind": "degree", "file": (io.BytesIO(PDF), "学位证.pdf")},
        content_type="multipart/form-data",
    )
    served = client.get(f"/api/v1/me/application/documents/{up.json['id']}", headers=me)
    assert served.data == PDF
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    csp = served.headers["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp
    assert "no-store" in served.headers["Cache-Control"]
