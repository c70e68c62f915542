"""Uploaded documents: checked by content, stored under a random name, shown only to those
entitled (the owner and officers)."""

import hashlib
import re
import secrets
from pathlib import Path
from typing import BinaryIO

import filetype
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from housing import audit
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import Application, Document, Role, User

MAX_BYTES = 10 * 1024 * 1024
#: What the content must be (by its magic bytes), and the extension it is stored with.
ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
KINDS = {
    "id_card": _l("Identity document"),
    "category_evidence": _l("Evidence of talent category"),
    "employment": _l("Employment contract or certificate"),
    "social_insurance": _l("Social insurance record"),
    "degree": _l("Degree certificate"),
    "returnee": _l("Overseas study and return certificate"),
    "household": _l("Household documents (marriage, birth certificates)"),
    "other": _l("Other"),
}


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_document(
    application: Application, kind: str, filename: str | None, stream: BinaryIO
) -> Document:
    """Store one file if it is a PDF, JPEG or PNG of at most 10 MB; otherwise store nothing."""
    if not application.is_draft:
        raise ConflictError(
            _("Documents can be added only while the application is a draft."),
            {"file": _("The application is not a draft.")},
        )
    if kind not in KINDS:
        raise ValidationError(_("Choose the kind of document."), {"kind": _("Unknown kind.")})
    data, mime = read_checked(stream)
    return store_document(application, kind, filename, data, mime)


def read_checked(stream: BinaryIO | None) -> tuple[bytes, str]:
    """The upload's bytes and type if it is a well-formed PDF, JPEG or PNG of at most 10 MB."""
    data = stream.read(MAX_BYTES + 1) if stream is not None else b""
    if not data:
        raise ValidationError(_("Choose a file."), {"file": _("The file is empty.")})
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is too large."), {"file": _("Files may be at most 10 MB.")}
        )
    guess = filetype.guess(data[:8192])
    if guess is None or guess.mime not in ALLOWED:
        raise ValidationError(
            _("Only PDF, JPEG and PNG files are accepted."),
            {"file": _("Only PDF, JPEG and PNG files are accepted.")},
        )
    if not _well_formed(guess.mime, data):
        raise ValidationError(
            _("The file is damaged or is not really a PDF, JPEG or PNG."),
            {"file": _("The file is damaged or is not really a PDF, JPEG or PNG.")},
        )
    return data, guess.mime


def store_document(
    application: Application,
    kind: str,
    filename: str | None,
    data: bytes,
    mime: str,
    commit: bool = True,
) -> Document:
    """Write checked bytes (from `read_checked`) and their row; the file goes if the row fails."""
    stored_name = f"{secrets.token_hex(20)}.{ALLOWED[mime]}"
    path = upload_folder() / stored_name
    document = Document(
        application_id=application.id,
        kind=kind,
        filename=Path(filename or "document").name[:255],
        stored_name=stored_name,
        content_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    path.write_bytes(data)
    try:
        db.session.add(document)
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    except Exception:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    return document


#: Markup that has no business in a scan or a PDF: a file carrying it is a page in disguise.
_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|object|embed|svg)\b", re.IGNORECASE)
#: How a format ends, where that is reliable (cameras append data after a JPEG's end).
_TRAILERS = {"application/pdf": b"%%EOF", "image/png": b"IEND"}


def _well_formed(mime: str, data: bytes) -> bool:
    """Magic bytes alone let a `%PDF` header front an HTML page: check both ends too.

    Only the ends are searched for markup, where a browser sniffing a page would look;
    compressed bodies would match short tags by chance.
    """
    ends = data[:1024] + data[-1024:]
    return _TRAILERS.get(mime, b"") in data[-1024:] and _MARKUP.search(ends) is None


def delete_document(application: Application, document_id: int) -> None:
    """Drafts only: a submitted file is evidence the officer has seen."""
    document = db.session.get(Document, document_id)
    if document is None or document.application_id != application.id:
        raise NotFoundError(_("No such document."))
    if not application.is_draft:
        raise ConflictError(_("Documents can be removed only while the application is a draft."))
    path = upload_folder() / document.stored_name
    db.session.delete(document)
    db.session.commit()
    path.unlink(missing_ok=True)


def document_for(user: User, document_id: int) -> tuple[Document, Path]:
    """The document and its file, if `user` may see it: 404 for anyone else, so ids leak nothing."""
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFoundError(_("No such document."))
    owner_id = db.session.scalar(
        sa.select(Application.user_id).where(Application.id == document.application_id)
    )
    if user.role == Role.OFFICER:
        audit.record(user, "document.viewed", document, application_id=document.application_id)
        db.session.commit()
    elif owner_id != user.id:
        raise NotFoundError(_("No such document."))
    path = upload_folder() / document.stored_name
    if not path.is_file():
        raise NotFoundError(_("The file is missing."))
    return document, path
