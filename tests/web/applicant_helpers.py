"""Builders shared by the applicant-journey tests: employers, files, ready applications."""

import io

import sqlalchemy as sa

from housing.applicants import documents, operations
from housing.models import Application, Employer, User

# The smallest files `filetype` recognises by their magic bytes.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
MEMBER_ID = "110101199003071372"  # a valid checksum, not among the conftest's VALID_IDS


def make_employer(db, code: str = "E0001", name: str = "上海数字经济第1有限公司", **kw) -> Employer:
    employer = Employer(
        code=code,
        name=name,
        name_en=kw.pop("name_en", f"Shanghai Digital {code}"),
        industry="数字经济",
        key_industry=kw.pop("key_industry", True),
        address=kw.pop("address", "长宁区中山公园1号"),
        lat=31.2222,
        lon=121.4170,
        **kw,
    )
    db.session.add(employer)
    db.session.commit()
    return employer


def ready_draft(user: User, employer: Employer) -> Application:
    """A draft that passes every submission check."""
    application = operations.ensure_draft(user)
    operations.update_draft(
        application,
        {
            "category": "key_industry",
            "degree": "master",
            "employer_id": employer.id,
            "returnee": False,
            "social_insurance_in_shanghai": True,
            "workplace_address": "长宁区中山公园1号",
            "workplace_lat": 31.2222,
            "workplace_lon": 121.4170,
            "layouts": ["studio", "1BR"],
            "max_commute_min": 45,
            "max_rent": 6000,
            "consent": True,
        },
    )
    documents.add_document(application, "category_evidence", "evidence.pdf", io.BytesIO(PDF))
    return application


def submitted(user: User, employer: Employer) -> Application:
    return operations.submit(ready_draft(user, employer), user)


def app_of(db, user: User) -> Application:
    return db.session.scalar(sa.select(Application).where(Application.user_id == user.id))
