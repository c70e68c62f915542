"""One small district with an object of every kind, owned by the first applicant and landlord.

The authorization matrix (test_authz_matrix.py) asks every route as every role about these
objects. A route with a new id parameter needs its object here and a line in `PARAMS`.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from housing.auth.operations import create_staff_user, issue_token
from housing.employers.invitations import invite as invite_employer
from housing.extensions import db
from housing.forecast import whatif
from housing.landlords.invitations import invite
from housing.models import (
    Application,
    ApplicationStatus,
    Building,
    Document,
    Employer,
    EntryKind,
    HouseholdMember,
    IncentiveStatement,
    Landlord,
    LedgerEntry,
    MoneyRun,
    Offer,
    Role,
    RunKind,
    Street,
    Tenancy,
    TenancyReview,
    TenancyStatus,
    Unit,
    User,
)
from housing.rounds import operations as rounds
from tests.web.applicant_helpers import PDF
from tests.web.money_helpers import granted
from tests.web.round_helpers import PASSWORD, make_world

#: The columns of the matrix, in the order the table's letters follow.
ROLES = (
    "anonymous",
    "applicant",
    "other_applicant",
    "landlord",
    "other_landlord",
    "officer",
    "admin",
    "employer",
    "other_employer",
)


@dataclass
class MatrixWorld:
    users: dict[str, User | None]
    ids: dict[str, object]

    def id_for(self, endpoint: str, name: str) -> object:
        """The value of a route's parameter; "endpoint:name" overrides a shared name."""
        return self.ids.get(f"{endpoint}:{name}", self.ids[name])


def _document(application_id: int) -> Document:
    stored = f"{secrets.token_hex(20)}.pdf"
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(PDF)
    document = Document(
        application_id=application_id,
        kind="category_evidence",
        filename="evidence.pdf",
        stored_name=stored,
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    db.session.add(document)
    return document


def build() -> MatrixWorld:
    """Two applicants with offers of a committed round, two landlords, an officer, an admin,
    HR of the enterprise the applicants name and HR of another enterprise."""
    world = make_world(units=2, applicants=3)
    first, second = world.applicants[0], world.applicants[1]
    document = _document(first.id)
    _document(second.id)
    member = HouseholdMember(application_id=first.id, name="王小红", relation="child")
    db.session.add(member)
    policy = rounds.current_policy()
    policy.notice_days = 0
    db.session.commit()
    round_ = rounds.commit(rounds.start_preview("2027-01", world.officer).id, world.officer)
    offer = db.session.scalar(sa.select(Offer).where(Offer.application_id == first.id))

    landlord = create_staff_user(
        Role.LANDLORD, "landlord@example.cn", PASSWORD, landlord_org=world.landlord.name
    )
    other_landlord = create_staff_user(
        Role.LANDLORD, "other-landlord@example.cn", PASSWORD, landlord_org="魔方公寓"
    )
    other_building = Building(
        landlord_id=other_landlord.landlord_id,
        name="魔方公寓天山店",
        address="上海市长宁区天山路1号",
        street=Street.TIANSHAN,
        lat=31.2150,
        lon=121.4050,
    )
    db.session.add(other_building)
    db.session.flush()
    db.session.add(
        Unit(
            landlord_id=other_landlord.landlord_id,
            building_id=other_building.id,
            code="T01-0101",
            layout="studio",
            bedrooms=0,
            area_m2=30.0,
            max_occupants=1,
            floor=1,
            rent=3000,
            market_rent=3800,
            accessible=False,
            reserved_for_employers=[],
            reserved_for_categories=[],
        )
    )
    money = _money(world)
    what_if = whatif.start_what_if(world.officer, {}, background=False)
    admin = create_staff_user(Role.ADMIN, "admin@example.cn", PASSWORD)
    raw_invitation, _inv = invite(
        db.session.get(Landlord, world.landlord.id), "new-staff@example.cn", world.officer, str
    )
    employer, other_employer, raw_employer_invitation = _employers(world)
    db.session.commit()
    users = {
        "anonymous": None,
        "applicant": first.user,
        "other_applicant": second.user,
        "landlord": landlord,
        "other_landlord": other_landlord,
        "officer": world.officer,
        "admin": admin,
        "employer": employer,
        "other_employer": other_employer,
    }
    ids = {
        "application_id": first.id,
        "document_id": document.id,
        "member_id": member.id,
        "offer_id": offer.id,
        "round_id": round_.id,
        "run_id": what_if.id,
        "unit_id": world.units[0].id,
        "building_id": world.building.id,
        "landlord_id": world.landlord.id,
        "user_id": world.officer.id,  # a staff account the admin manages
        "token": raw_invitation,
        "employers.accept_invitation:token": raw_employer_invitation,
        "step": "household",
        "code": "en",
        "kind": "input",
        "money.start_run:kind": "pay",
        "fmt": "csv",
        "name": "queue-by-category",
        "officers.officer_export:name": "queue",
        "landlords.dashboard_csv:name": "units-by-status",
        **money,
    }
    return MatrixWorld(users, ids)


def _employers(world) -> tuple[User, User, str]:
    """HR of the enterprise every applicant names, HR of another one, an open invitation."""
    other = Employer(
        code="E0002",
        name="上海另一家企业",
        name_en="Another Shanghai Enterprise",
        industry="金融",
        credit_code="91310105MA1FL0002Y",
    )
    db.session.add(other)
    db.session.flush()
    employer = create_staff_user(
        Role.EMPLOYER, "hr@example.cn", PASSWORD, employer_code=world.employer.code
    )
    other_employer = create_staff_user(
        Role.EMPLOYER, "hr@other.example.cn", PASSWORD, employer_code="E0002"
    )
    raw, _invitation = invite_employer("E0002", "new-hr@example.cn", world.officer, str)
    return employer, other_employer, raw


def _money(world) -> dict[str, int]:
    """After the offer: the third applicant's lease of the first landlord's unit with its
    review, a subsidy grant, a month's runs, the landlord's statement and a ledger entry."""
    third = world.applicants[2]
    tenancy = Tenancy(
        application_id=third.id,
        unit_id=world.units[1].id,
        status=TenancyStatus.UPCOMING,
        start_date=date(2027, 2, 1),
        end_date=date(2028, 2, 1),
        rent=world.units[1].rent,
    )
    db.session.add(tenancy)
    db.session.flush()
    review = TenancyReview(tenancy_id=tenancy.id, due_on=date(2027, 12, 1))
    grant = granted(world.applicants[1], "2027-01")
    payments = MoneyRun(kind=RunKind.SUBSIDY, month="2027-01", created_by_id=world.officer.id)
    incentives = MoneyRun(kind=RunKind.INCENTIVE, month="2027-01", created_by_id=world.officer.id)
    db.session.add_all([review, payments, incentives])
    db.session.flush()
    statement = IncentiveStatement(
        landlord_id=world.landlord.id,
        month="2027-01",
        unit_days=31,
        rate=300,
        amount_fen=30_000,
        run_id=incentives.id,
    )
    db.session.add(statement)
    db.session.flush()
    entry = LedgerEntry(
        kind=EntryKind.SUBSIDY,
        month="2027-01",
        amount_fen=300_000,
        grant_id=grant.id,
        run_id=payments.id,
        payee="测试",
    )
    db.session.add(entry)
    db.session.flush()
    return {
        "tenancy_id": tenancy.id,
        "review_id": review.id,
        "grant_id": grant.id,
        "run_id": payments.id,
        "statement_id": statement.id,
        "entry_id": entry.id,
    }


def as_drafts(world: MatrixWorld) -> None:
    """Both applicants back to draft, for the routes that change drafts only."""
    for role in ("applicant", "other_applicant"):
        db.session.execute(
            sa.update(Application)
            .where(Application.user_id == world.users[role].id)
            .values(status=ApplicationStatus.DRAFT)
        )
    db.session.commit()


def bearer(user: User | None) -> dict:
    if user is None:
        return {}
    raw, _token = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def log_in(client, user: User | None) -> None:
    """The session a login would leave, without the login form and its throttle."""
    if user is None:
        return
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
