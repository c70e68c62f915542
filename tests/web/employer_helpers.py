"""Two enterprises with HR accounts, and staff who name the first."""

from dataclasses import dataclass

from housing.auth.operations import create_staff_user
from housing.extensions import db
from housing.models import Application, ApplicationStatus, Employer, Role, User
from tests.web.money_helpers import world_with_landlord
from tests.web.round_helpers import PASSWORD

CREDIT_CODE = "91310105MA1FL0001X"
OTHER_CREDIT_CODE = "91310105MA1FL0002Y"


@dataclass
class EmployerWorld:
    world: object
    employer: Employer
    other: Employer
    hr: User
    other_hr: User

    @property
    def staff(self) -> list[Application]:
        return [a for a in self.world.applicants if a.employer_id == self.employer.id]


def employer_world(applicants: int = 3, status=ApplicationStatus.WAITING) -> EmployerWorld:
    """The round world's enterprise (key industry) with HR, a second enterprise with HR and
    one applicant of its own (the last one)."""
    world = world_with_landlord(units=2, applicants=0)
    world.employer.credit_code = CREDIT_CODE
    other = Employer(
        code="E0002",
        name="上海另一家企业",
        name_en="Another Shanghai Enterprise",
        industry="金融",
        key_industry=False,
        credit_code=OTHER_CREDIT_CODE,
    )
    db.session.add(other)
    db.session.commit()
    world.add_applicants(applicants, status=status)
    stranger = world.add_applicants(1, status=status)[0]
    stranger.employer_id = other.id
    world.stranger = stranger
    db.session.commit()
    hr = create_staff_user(
        Role.EMPLOYER,
        "hr@example.cn",
        PASSWORD,
        "人事",
        employer_code=CREDIT_CODE,
    )
    other_hr = create_staff_user(
        Role.EMPLOYER,
        "hr@other.example.cn",
        PASSWORD,
        "人事二",
        employer_code="E0002",
    )
    return EmployerWorld(world, world.employer, other, hr, other_hr)
