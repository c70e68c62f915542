"""The documents page lists what the talent category needs, ticks what is uploaded, and the
upload form makes the person choose the kind; submission waits for a confirmed e-mail."""

import io
import re

import pytest
import sqlalchemy as sa

from housing.applicants import documents, operations
from housing.applicants.checklist import CATEGORY_EVIDENCE, checklist
from housing.errors import ValidationError
from housing.labels import CATEGORIES
from housing.models import Document, User
from tests.web.applicant_helpers import PDF, make_employer, ready_draft
from tests.web.conftest import csrf_token


def test_every_category_has_its_evidence():
    assert set(CATEGORY_EVIDENCE) == set(CATEGORIES)


def test_the_checklist_follows_the_answers(db, make_user):
    employer = make_employer(db)
    application = ready_draft(make_user(), employer)
    kinds = {item.kind: item for item in checklist(application)}
    assert set(kinds) == {"id_card", "category_evidence", "employment", "degree",
                          "social_insurance"}  # fmt: skip
    assert kinds["category_evidence"].uploaded and kinds["category_evidence"].required
    assert not kinds["employment"].uploaded
    operations.update_draft(application, {"employer_id": None, "returnee": True,
                                          "degree": "none", "category": "overseas"})  # fmt: skip
    kinds = {item.kind: item for item in checklist(application)}
    assert "returnee" in kinds and "employment" not in kinds and "degree" not in kinds
    assert str(kinds["category_evidence"].why) == str(CATEGORY_EVIDENCE["overseas"])


def test_the_page_ticks_uploads_and_has_no_default_kind(client, db, make_user, login):
    user = make_user()
    ready_draft(user, make_employer(db))
    login(user.email)
    page = client.get("/me/application/documents")
    assert 'data-kind="category_evidence" data-uploaded="yes"' in page.text
    assert 'data-kind="employment" data-uploaded="no"' in page.text
    select = re.search(r'<select id="kind".*?</select>', page.text, re.S).group(0)
    assert '<option value="">' in select and "selected" not in select
    data = {"kind": "", "csrf_token": csrf_token(page.text),
            "file": (io.BytesIO(PDF), "contract.pdf")}  # fmt: skip
    refused = client.post("/me/application/documents", data=data,
                          content_type="multipart/form-data")  # fmt: skip
    assert refused.status_code == 422 and 'id="kind-error"' in refused.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 1
    data = {**data, "kind": "employment", "file": (io.BytesIO(PDF), "contract.pdf")}
    done = client.post("/me/application/documents", data=data, content_type="multipart/form-data")
    assert done.status_code == 302
    assert 'data-kind="employment" data-uploaded="yes"' in client.get(done.location).text


def test_the_checklist_link_chooses_its_kind(client, db, make_user, login):
    user = make_user()
    ready_draft(user, make_employer(db))
    login(user.email)
    page = client.get("/me/application/documents?kind=degree")
    assert 'selected value="degree"' in page.text


def test_the_api_still_names_a_missing_kind(db, make_user):
    application = ready_draft(make_user(), make_employer(db))
    with pytest.raises(ValidationError) as caught:
        documents.add_document(application, "", "x.pdf", io.BytesIO(PDF))
    assert set(caught.value.fields) == {"kind"}


def test_an_unconfirmed_email_cannot_submit(db, make_user):
    user = make_user()
    application = ready_draft(user, make_employer(db))
    db.session.execute(sa.update(User).values(awaiting_activation=True))
    db.session.commit()
    assert "email" in operations.missing_for_submit(application)
    with pytest.raises(ValidationError) as caught:
        operations.submit(application, user)
    assert "email" in caught.value.fields
    assert application.status.value == "draft"
